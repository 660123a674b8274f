/*
 * networkd_learn.c: the IPv4 addresses a filtered port on a virtual
 * network may send from
 *
 * Theory of operation: a port whose filter has no-ip-spoofing or
 * no-arp-spoofing may send IPv4 only from the addresses in its filter's
 * set (src/util/virnwfilter.c).  The request's filter-ips, when given,
 * are that set for the port's life.  Without them, a port on a virtual
 * network gets, in this order (virNetworkdLearnDecide, pure):
 *
 *   1. the address the network's <dhcp><host> reserves for its MAC;
 *   2. else the address(es) dnsmasq leased to its MAC, until they end;
 *   3. else none: DHCP only, until a lease appears.
 *
 * A port on a plain bridge (no network) has no lease to learn from: its
 * set stays empty and the guest can only ask for an address by DHCP.
 *
 * Only a lease whose MAC is the port's counts, and only an address that
 * is unicast, inside one of the network's IPv4 subnets and none of the
 * network's own: the lease file is written by dnsmasq, which runs
 * unprivileged, and is trusted no further than that (a lease that named
 * the gateway would let a guest impersonate it).
 *
 * How the daemon hears of leases: it watches the lease file of every
 * running network (GFileMonitor, inotify underneath) rather than having
 * dnsmasq run a --dhcp-script.  The script would be one more program
 * exec'd for every DHCP event (as root, unless dnsmasq drops it to its
 * own user, which could then not tell the daemon anything without a new
 * channel into it), and it would still leave the lease file as the truth
 * after a restart; the file is what dnsmasq itself reloads, and reading
 * it is already parsed with distrust (virDnsmasqLeasesParse).  dnsmasq
 * rewrites the file in place (truncate, write), so a change is read
 * after a short settling delay, and GIO's rate limit guarantees a later
 * event for writes that came after the first one.  A lease ends by its
 * expiry time, whether or not dnsmasq has rewritten the file yet: a
 * timer per network re-reads at the earliest expiry in use.
 *
 * An update replaces the elements of the port's set in one nftables
 * transaction; the chain is not touched.  Nothing of this is recorded:
 * after a restart the same decision is made again from the network's
 * definition and the lease file, which outlive the daemon, once both
 * managers have started (virNetworkdLearnStart).
 */
#include "networkd_learn.h"

#include <gio/gio.h>
#include <string.h>

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

VIR_ENUM_IMPL(virNetworkdLearnSource, VIR_NETWORKD_LEARN_LAST,
              "none", "waiting", "reserved", "leased");

/* ms after a change of a lease file before it is read: dnsmasq truncates
 * it, then writes it */
#define VIR_NETWORKD_LEARN_SETTLE_MS 100
/* ms GIO waits before it reports another change of the same file */
#define VIR_NETWORKD_LEARN_RATE_MS 300

/**
 * virNetworkdLearnAddrFits:
 * Whether @ip may be a guest's address on @def: unicast IPv4, inside
 * one of @def's IPv4 subnets, and none of @def's own addresses.
 */
static bool
virNetworkdLearnAddrFits(const virNetworkDef *def, const virSocketAddr *ip)
{
    bool inside = false;
    size_t i;

    if (ip->family != AF_INET || !virNWFilterAddrIsUnicast(ip))
        return false;
    for (i = 0; i < def->nips; i++) {
        if (def->ips[i].address.family != AF_INET)
            continue;
        if (virSocketAddrEqual(&def->ips[i].address, ip))
            return false;
        if (virSocketAddrInSubnet(ip, &def->ips[i].address, def->ips[i].prefix))
            inside = true;
    }
    return inside;
}

/**
 * virNetworkdLearnAdd:
 * Adds @ip to @res unless it is there already or @res is full.
 */
static void
virNetworkdLearnAdd(virNetworkdLearnResult *res, const virSocketAddr *ip)
{
    size_t i;

    for (i = 0; i < res->naddrs; i++) {
        if (virSocketAddrEqual(&res->addrs[i], ip))
            return;
    }
    if (res->naddrs < G_N_ELEMENTS(res->addrs))
        res->addrs[res->naddrs++] = *ip;
}

/**
 * virNetworkdLearnDecide:
 * @rec: a port
 * @def: the live definition of its network (NULL: not running)
 * @leases, @nleases: the network's leases
 * @now: the time, seconds since the epoch
 * @res: filled
 *
 * Decides the IPv4 addresses @rec may send from, as the top of this
 * file says.  Pure.
 */
void
virNetworkdLearnDecide(const virNetworkdPortRecord *rec, const virNetworkDef *def,
                       const virDnsmasqLease *leases, size_t nleases, gint64 now,
                       virNetworkdLearnResult *res)
{
    unsigned int uses = (1u << VIR_NWFILTER_NO_IP_SPOOFING) | (1u << VIR_NWFILTER_NO_ARP_SPOOFING);
    size_t i, j;

    memset(res, 0, sizeof(*res));
    res->source = VIR_NETWORKD_LEARN_NONE;
    if (!rec->network || !(rec->filterBlocks & uses) || rec->nfilterIPs > 0)
        return;
    res->source = VIR_NETWORKD_LEARN_WAITING;
    if (!def)
        return;

    for (i = 0; i < def->nips; i++) {
        for (j = 0; j < def->ips[i].nhosts; j++) {
            const virNetworkDHCPHostDef *h = &def->ips[i].hosts[j];

            if (h->hasMac && virMacAddrEqual(&h->mac, &rec->mac) &&
                virNetworkdLearnAddrFits(def, &h->ip))
                virNetworkdLearnAdd(res, &h->ip);
        }
    }
    if (res->naddrs > 0) {
        res->source = VIR_NETWORKD_LEARN_RESERVED;
        return;
    }

    for (i = 0; i < nleases; i++) {
        const virDnsmasqLease *l = &leases[i];

        if (!l->hasMac || !virMacAddrEqual(&l->mac, &rec->mac) ||
            (l->expiry != 0 && l->expiry <= now) || !virNetworkdLearnAddrFits(def, &l->ip))
            continue;
        virNetworkdLearnAdd(res, &l->ip);
        if (l->expiry != 0 && (res->expiry == 0 || l->expiry < res->expiry))
            res->expiry = l->expiry;
    }
    if (res->naddrs > 0)
        res->source = VIR_NETWORKD_LEARN_LEASED;
}

/* --- the daemon's side ------------------------------------------------------ */

typedef struct _virNetworkdLearnWatch virNetworkdLearnWatch;

struct _virNetworkdLearn {
    virNetworkdPortManager *ports;      /* borrowed */
    virNetworkdNetworkManager *nets;    /* borrowed */
    GHashTable *watches;    /* network node -> virNetworkdLearnWatch, owns */
    GHashTable *applied;    /* port ifindex -> virNetworkdLearnResult in its set, owns */
};

struct _virNetworkdLearnWatch {
    virNetworkdLearn *learn;
    char *node;                 /* the network's */
    GFileMonitor *monitor;
    guint settle;               /* reads the file once a change settled */
    guint expiry;               /* reads it when the first lease in use ends */
    gint64 expiryAt;            /* then (seconds since the epoch) */
};

/**
 * virNetworkdLearnWatchFree:
 * Stops watching and frees @w.  Accepts NULL.
 */
static void
virNetworkdLearnWatchFree(virNetworkdLearnWatch *w)
{
    if (!w)
        return;
    if (w->monitor) {
        g_signal_handlers_disconnect_by_data(w->monitor, w);
        g_file_monitor_cancel(w->monitor);
        g_object_unref(w->monitor);
    }
    if (w->settle)
        g_source_remove(w->settle);
    if (w->expiry)
        g_source_remove(w->expiry);
    g_free(w->node);
    g_free(w);
}

/**
 * virNetworkdLearnNew:
 * Returns the learner of @ports on @nets (both borrowed: they must
 * outlive it); call virNetworkdLearnStart once both have started.
 */
virNetworkdLearn *
virNetworkdLearnNew(virNetworkdPortManager *ports, virNetworkdNetworkManager *nets)
{
    virNetworkdLearn *learn = g_new0(virNetworkdLearn, 1);

    learn->ports = ports;
    learn->nets = nets;
    learn->watches = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify)virNetworkdLearnWatchFree);
    learn->applied = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    return learn;
}

/**
 * virNetworkdLearnFree:
 * Stops every watch and frees @learn (the sets keep what they hold).
 * Accepts NULL.
 */
void
virNetworkdLearnFree(virNetworkdLearn *learn)
{
    if (!learn)
        return;
    g_hash_table_unref(learn->watches);
    g_hash_table_unref(learn->applied);
    g_free(learn);
}

/**
 * virNetworkdLearnSame:
 * Whether @a and @b hold the same addresses in the same order.
 */
static bool
virNetworkdLearnSame(const virNetworkdLearnResult *a, const virNetworkdLearnResult *b)
{
    size_t i;

    if (a->naddrs != b->naddrs)
        return false;
    for (i = 0; i < a->naddrs; i++) {
        if (!virSocketAddrEqual(&a->addrs[i], &b->addrs[i]))
            return false;
    }
    return true;
}

/**
 * virNetworkdLearnApply:
 * Puts @res into @port's set when it differs from what the set holds.
 * Errors are logged: the set keeps what it had.
 */
static void
virNetworkdLearnApply(virNetworkdLearn *learn, const virNetworkdPort *port,
                      const virNetworkdLearnResult *res)
{
    gpointer key = GINT_TO_POINTER(port->rec->ifindex);
    virNetworkdLearnResult *old = g_hash_table_lookup(learn->applied, key);
    virNetworkdPort *mine;
    char ip[VIR_SOCKET_ADDR_STRING_BUFLEN] = "";

    if (res->source == VIR_NETWORKD_LEARN_NONE || (old && virNetworkdLearnSame(old, res)))
        return;
    if (virNWFilterPortSetAddrs(port->rec->ifname, res->addrs, res->naddrs) < 0) {
        g_warning("port %s (%s): cannot update its addresses: %s", port->uuidstr,
                  port->rec->ifname, virGetLastErrorMessage());
        virResetLastError();
        return;
    }
    if (res->naddrs > 0)
        virSocketAddrFormat(&res->addrs[0], ip);
    g_info("port %s (%s) sends IPv4 from %s%s (%s)", port->uuidstr, port->rec->ifname,
           res->naddrs ? ip : "no address but DHCP's", res->naddrs > 1 ? " and more" : "",
           virNetworkdLearnSourceTypeToString(res->source));
    g_hash_table_replace(learn->applied, key, g_memdup2(res, sizeof(*res)));
    /* what the port's LearnedIPs property shows */
    if ((mine = virNetworkdPortManagerLookupNode(learn->ports, port->node)))
        virNetworkdPortSetLearned(mine, res->addrs, res->naddrs);
}

static void virNetworkdLearnRefresh(virNetworkdLearn *learn, const virNetworkdNetwork *net,
                                    const virNetworkdPort *only);

/**
 * virNetworkdLearnExpired:
 * Timer: the first lease in use on a network has ended.
 */
static gboolean
virNetworkdLearnExpired(gpointer opaque)
{
    virNetworkdLearnWatch *w = opaque;
    virNetworkdNetwork *net = virNetworkdNetworkManagerLookupNode(w->learn->nets, w->node);

    w->expiry = 0;
    if (net)
        virNetworkdLearnRefresh(w->learn, net, NULL);
    return G_SOURCE_REMOVE;
}

/**
 * virNetworkdLearnScheduleExpiry:
 * Has @net's watch read the leases again at @expiry (seconds since the
 * epoch; 0: no lease in use ends).  @all: @expiry is the earliest of
 * every port on @net, and replaces what was scheduled; else it only
 * brings it forward.
 */
static void
virNetworkdLearnScheduleExpiry(virNetworkdLearn *learn, const virNetworkdNetwork *net,
                               gint64 expiry, gint64 now, bool all)
{
    virNetworkdLearnWatch *w = g_hash_table_lookup(learn->watches, net->node);

    if (!w || (!all && (expiry == 0 || (w->expiry && w->expiryAt <= expiry))))
        return;
    if (w->expiry)
        g_source_remove(w->expiry);
    w->expiry = 0;
    w->expiryAt = expiry;
    if (expiry == 0)
        return;
    /* a second late rather than early: "expiry <= now" is expired */
    w->expiry = g_timeout_add_seconds(CLAMP(expiry - now + 1, 1, G_MAXUINT / 1000),
                                      virNetworkdLearnExpired, w);
}

/**
 * virNetworkdLearnRefresh:
 * Reads @net's leases and decides every port on it (or only @only),
 * updating the sets that change; schedules the next expiry.
 */
static void
virNetworkdLearnRefresh(virNetworkdLearn *learn, const virNetworkdNetwork *net,
                        const virNetworkdPort *only)
{
    g_autoptr(GPtrArray) ports = virNetworkdPortManagerList(learn->ports);
    virDnsmasqLease *leases = NULL;
    size_t nleases = 0;
    gint64 now = g_get_real_time() / G_USEC_PER_SEC;
    gint64 next = 0;
    size_t i;

    if (virNetworkdNetworkManagerLeases(learn->nets, net, &leases, &nleases) < 0) {
        g_warning("network '%s': cannot read its leases: %s", virNetworkdNetworkName(net),
                  virGetLastErrorMessage());
        virResetLastError();
        return;
    }
    for (i = 0; i < ports->len; i++) {
        const virNetworkdPort *port = g_ptr_array_index(ports, i);
        virNetworkdLearnResult res;

        if ((only && port != only) || !port->rec->network ||
            strcmp(port->rec->network, virNetworkdNetworkName(net)) != 0)
            continue;
        virNetworkdLearnDecide(port->rec, net->live, leases, nleases, now, &res);
        virNetworkdLearnApply(learn, port, &res);
        if (res.expiry && (next == 0 || res.expiry < next))
            next = res.expiry;
    }
    virDnsmasqLeaseListFree(leases, nleases);
    virNetworkdLearnScheduleExpiry(learn, net, next, now, only == NULL);
}

/**
 * virNetworkdLearnSettled:
 * Timer: a change of a lease file has settled; read it.
 */
static gboolean
virNetworkdLearnSettled(gpointer opaque)
{
    virNetworkdLearnWatch *w = opaque;
    virNetworkdNetwork *net = virNetworkdNetworkManagerLookupNode(w->learn->nets, w->node);

    w->settle = 0;
    if (net && net->live)
        virNetworkdLearnRefresh(w->learn, net, NULL);
    return G_SOURCE_REMOVE;
}

/**
 * virNetworkdLearnFileChanged:
 * GFileMonitor "changed": the lease file was written, made or removed.
 */
static void
virNetworkdLearnFileChanged(GFileMonitor *monitor G_GNUC_UNUSED,
                            GFile *file G_GNUC_UNUSED,
                            GFile *other G_GNUC_UNUSED,
                            GFileMonitorEvent event G_GNUC_UNUSED,
                            gpointer opaque)
{
    virNetworkdLearnWatch *w = opaque;

    if (!w->settle)
        w->settle = g_timeout_add(VIR_NETWORKD_LEARN_SETTLE_MS, virNetworkdLearnSettled, w);
}

/**
 * virNetworkdLearnWatchNetwork:
 * Starts watching @net's lease file (once), when it has one.
 */
static void
virNetworkdLearnWatchNetwork(virNetworkdLearn *learn, const virNetworkdNetwork *net)
{
    g_autofree char *path = virNetworkdNetworkManagerLeasesPath(learn->nets, net);
    g_autoptr(GFile) file = NULL;
    g_autoptr(GError) gerr = NULL;
    virNetworkdLearnWatch *w;

    if (!path || g_hash_table_contains(learn->watches, net->node))
        return;
    w = g_new0(virNetworkdLearnWatch, 1);
    w->learn = learn;
    w->node = g_strdup(net->node);
    file = g_file_new_for_path(path);
    if (!(w->monitor = g_file_monitor_file(file, G_FILE_MONITOR_NONE, NULL, &gerr))) {
        /* the addresses are still decided at each port's creation */
        g_warning("network '%s': cannot watch its leases %s: %s",
                  virNetworkdNetworkName(net), path, gerr->message);
    } else {
        g_file_monitor_set_rate_limit(w->monitor, VIR_NETWORKD_LEARN_RATE_MS);
        g_signal_connect(w->monitor, "changed", G_CALLBACK(virNetworkdLearnFileChanged), w);
    }
    g_hash_table_insert(learn->watches, w->node, w);
}

/**
 * virNetworkdLearnStart:
 * Once the port and network managers have started (records reconciled,
 * filters restored with the addresses they were given): watches every
 * running network and puts what each port may send from back in force.
 */
void
virNetworkdLearnStart(virNetworkdLearn *learn)
{
    g_autoptr(GPtrArray) nets = virNetworkdNetworkManagerList(learn->nets);
    size_t i;

    for (i = 0; i < nets->len; i++) {
        virNetworkdNetwork *net = g_ptr_array_index(nets, i);

        if (!net->live)
            continue;
        virNetworkdLearnWatchNetwork(learn, net);
        virNetworkdLearnRefresh(learn, net, NULL);
    }
}

/**
 * virNetworkdLearnNetworkEvent:
 * The network manager's news: a started network is watched (and its
 * ports decided again), a stopped one no longer.
 */
void
virNetworkdLearnNetworkEvent(virNetworkdLearn *learn, const virNetworkdNetwork *net,
                             virNetworkdNetworkEvent event)
{
    switch (event) {
    case VIR_NETWORKD_NETWORK_EVENT_STARTED:
        virNetworkdLearnWatchNetwork(learn, net);
        virNetworkdLearnRefresh(learn, net, NULL);
        return;
    case VIR_NETWORKD_NETWORK_EVENT_STOPPED:
        g_hash_table_remove(learn->watches, net->node);
        return;
    case VIR_NETWORKD_NETWORK_EVENT_DEFINED:
    case VIR_NETWORKD_NETWORK_EVENT_UNDEFINED:
    case VIR_NETWORKD_NETWORK_EVENT_LAST:
        return;
    }
}

/**
 * virNetworkdLearnPortAdded:
 * Decides a new port's addresses before its fds reach the caller, so a
 * guest whose MAC has a reservation or a lease still running can send
 * from it at once.  Errors are logged (the port sends DHCP only until
 * the next change of the leases).
 */
void
virNetworkdLearnPortAdded(virNetworkdLearn *learn, const virNetworkdPort *port)
{
    virNetworkdNetwork *net;

    if (!port->rec->network ||
        !(net = virNetworkdNetworkManagerLookupName(learn->nets, port->rec->network)) ||
        !net->live)
        return;
    virNetworkdLearnRefresh(learn, net, port);
}

/**
 * virNetworkdLearnPortRemoved:
 * Forgets what @port's set held (the set went with its filter).
 */
void
virNetworkdLearnPortRemoved(virNetworkdLearn *learn, const virNetworkdPort *port)
{
    g_hash_table_remove(learn->applied, GINT_TO_POINTER(port->rec->ifindex));
}
