/*
 * networkd_nethost.c: what a running virtual network is on the host
 *
 * Theory of operation: a network definition has passed the XML model's
 * validation (every name that can reach dnsmasq is a DNS name, every
 * address a typed value) and the daemon's refusal of kept XML.  Here it
 * becomes the structs of src/util, in the order of docs/internals.rst
 * ("How the daemon calls them"):
 *
 *   start:     bridge (exclusive create: never an existing link) ->
 *              addresses, up -> forwarding sysctls (nat, route) ->
 *              nftables chains -> dnsmasq config (0644, root's) -> dnsmasq
 *   stop:      dnsmasq, its files -> nftables chains -> bridge
 *   reconcile: after a daemon restart: the bridge must still be there;
 *              addresses re-applied (idempotent), chains verified and
 *              re-added when changed, dnsmasq found again by its pid file
 *              and started only when it is not running (never a second)
 *
 * A failed start undoes its steps in reverse order and keeps the first
 * error.  Forwarding is host-wide (of the daemon's network namespace) and
 * is left on at stop: other networks or the admin may rely on it
 * (SECURITY.md).  A network of forward mode 'bridge' uses a host bridge
 * the admin made: nothing is created, changed or removed for it.
 */
#include "networkd_nethost.h"

#include <string.h>
#include <sys/socket.h>

#include "virerror.h"
#include "virfile.h"
#include "virnetdevbridge.h"
#include "virnetdevip.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/* How many virbrN names to consider before giving up. */
#define VIR_NETWORKD_BRIDGE_TRIES 1024
#define VIR_NETWORKD_BRIDGE_PREFIX "virbr"

/**
 * virNetworkdNetHostPathsInit:
 * Fills @paths with the runtime files of the network @node under @dir.
 * Free with virNetworkdNetHostPathsClear.
 */
void
virNetworkdNetHostPathsInit(virNetworkdNetHostPaths *paths, const char *dir, const char *node)
{
    paths->conf = g_strdup_printf("%s/%s.conf", dir, node);
    paths->pid = g_strdup_printf("%s/%s.pid", dir, node);
    paths->leases = g_strdup_printf("%s/%s.leases", dir, node);
}

/**
 * virNetworkdNetHostPathsClear:
 * Frees the strings of @paths.
 */
void
virNetworkdNetHostPathsClear(virNetworkdNetHostPaths *paths)
{
    g_clear_pointer(&paths->conf, g_free);
    g_clear_pointer(&paths->pid, g_free);
    g_clear_pointer(&paths->leases, g_free);
}

/**
 * virNetworkdNetHostNftMode:
 * Returns the firewall mode of @def's forward mode.
 */
static virNftablesMode
virNetworkdNetHostNftMode(const virNetworkDef *def)
{
    switch (def->forward.type) {
    case VIR_NETWORK_FORWARD_NAT:
        return VIR_NFTABLES_MODE_NAT;
    case VIR_NETWORK_FORWARD_ROUTE:
        return VIR_NFTABLES_MODE_ROUTE;
    case VIR_NETWORK_FORWARD_OPEN:
    case VIR_NETWORK_FORWARD_BRIDGE:
        return VIR_NFTABLES_MODE_OPEN;
    case VIR_NETWORK_FORWARD_NONE:
    case VIR_NETWORK_FORWARD_LAST:
        break;
    }
    return VIR_NFTABLES_MODE_ISOLATED;
}

/**
 * virNetworkdNetHostNeedsNftables:
 * True when starting @def adds chains (every mode with a bridge of its
 * own but open).
 */
bool
virNetworkdNetHostNeedsNftables(const virNetworkDef *def)
{
    return virNetworkDefCreatesBridge(def) &&
           virNetworkdNetHostNftMode(def) != VIR_NFTABLES_MODE_OPEN;
}

/**
 * virNetworkdNetHostNftables:
 * @def: a network that creates its bridge, with its bridge name set
 * @subnets: room for def->nips subnets (borrowed by @net)
 * @net: filled; its strings point into @def
 *
 * The nftables description of @def: mode, the subnet of every <ip>, the
 * <forward dev=> and <nat> ranges.  Pure.
 */
void
virNetworkdNetHostNftables(const virNetworkDef *def, virNftablesSubnet *subnets,
                           virNftablesNetwork *net)
{
    size_t i;

    memset(net, 0, sizeof(*net));
    net->bridge = def->bridge;
    net->mode = virNetworkdNetHostNftMode(def);
    net->forwardDev = def->forward.dev;
    for (i = 0; i < def->nips; i++) {
        subnets[i].addr = def->ips[i].address;
        subnets[i].prefix = def->ips[i].prefix;
    }
    net->subnets = subnets;
    net->nsubnets = def->nips;
    net->natStart = def->forward.natStart;
    net->natEnd = def->forward.natEnd;
    net->natPortStart = def->forward.natPortStart;
    net->natPortEnd = def->forward.natPortEnd;
}

/**
 * virNetworkdNetHostLimitsRate:
 * @rate: one direction of a network's <bandwidth>, or NULL
 * Returns it as a port's limit: average, peak and burst (a floor is a
 * share of the network's class tree, which ports here do not take).
 */
static virNetDevBandwidthRate
virNetworkdNetHostLimitsRate(const virNetDevBandwidthRate *rate)
{
    virNetDevBandwidthRate out = { 0 };

    if (rate) {
        out.average = rate->average;
        out.peak = rate->peak;
        out.burst = rate->burst;
    }
    return out;
}

/**
 * virNetworkdNetHostLimits:
 * @def: a network
 * @limits: filled with what it imposes on its ports
 *
 * A network's <bandwidth> is the default of every port on it and the
 * ceiling no port may pass (docs/formatnetwork.rst); as a scope of the
 * daemon's port controls (networkd_controls.h) it comes before the
 * bridge's and the user's.  Returns true when @def has a <bandwidth>.
 */
bool
virNetworkdNetHostLimits(const virNetworkDef *def, virNetworkdControlsLimits *limits)
{
    memset(limits, 0, sizeof(*limits));
    if (!def->bandwidth)
        return false;
    limits->ceiling.inbound = virNetworkdNetHostLimitsRate(def->bandwidth->in);
    limits->ceiling.outbound = virNetworkdNetHostLimitsRate(def->bandwidth->out);
    limits->deflt = limits->ceiling;
    return true;
}

/**
 * virNetworkdNetHostNeedsDnsmasq:
 * True when @def needs a dnsmasq: it creates its bridge, has an address
 * to listen on, and serves DNS or DHCP.
 */
bool
virNetworkdNetHostNeedsDnsmasq(const virNetworkDef *def)
{
    size_t i;

    if (!virNetworkDefCreatesBridge(def) || def->nips == 0)
        return false;
    if (def->dns.enable != VIR_NETWORK_TRISTATE_NO)
        return true;
    for (i = 0; i < def->nips; i++) {
        if (def->ips[i].nranges > 0 || def->ips[i].nhosts > 0)
            return true;
    }
    return false;
}

/* dnsmasq's "infinite" is the XML model's */
G_STATIC_ASSERT(VIR_DNSMASQ_LEASE_INFINITE == G_MAXUINT32);

/* The arrays a dnsmasq config points into, built from one definition
 * (each allocated for the most it can hold). */
typedef struct {
    virSocketAddr *listen;
    virDnsmasqDhcpRange *ranges;
    virDnsmasqDhcpHost *hosts;
    virDnsmasqDnsHost *dnsHosts;
    const char ***names;          /* NULL-terminated name lists of dnsHosts */
    virDnsmasqForwarder *forwarders;
} virNetworkdNetHostDnsmasqParts;

/**
 * virNetworkdNetHostDnsmasqPartsClear:
 * Frees the arrays of @parts (@nnames name lists).
 */
static void
virNetworkdNetHostDnsmasqPartsClear(virNetworkdNetHostDnsmasqParts *parts, size_t nnames)
{
    size_t i;

    for (i = 0; i < nnames; i++)
        g_free(parts->names[i]);
    g_free(parts->names);
    g_free(parts->listen);
    g_free(parts->ranges);
    g_free(parts->hosts);
    g_free(parts->dnsHosts);
    g_free(parts->forwarders);
}

/**
 * virNetworkdNetHostDnsmasqIP:
 * Adds the ranges and reservations of one <ip> to @cfg's arrays in
 * @parts.
 */
static void
virNetworkdNetHostDnsmasqIP(virNetworkdNetHostDnsmasqParts *parts, virDnsmasqConfig *cfg,
                            const virNetworkIPDef *ip)
{
    size_t j;

    for (j = 0; j < ip->nranges; j++) {
        virDnsmasqDhcpRange *r = &parts->ranges[cfg->nranges++];

        r->start = ip->ranges[j].start;
        r->end = ip->ranges[j].end;
        r->prefix = ip->prefix;
        r->lease = virNetworkDHCPLeaseSeconds(&ip->ranges[j].lease);
    }
    for (j = 0; j < ip->nhosts; j++) {
        const virNetworkDHCPHostDef *h = &ip->hosts[j];
        virDnsmasqDhcpHost *host;

        /* an IPv6 reservation by DUID alone has nothing dnsmasq's
         * dhcp-host= of this tree matches on */
        if (!h->hasMac && !h->name)
            continue;
        host = &parts->hosts[cfg->nhosts++];
        host->mac = h->hasMac ? &h->mac : NULL;
        host->ip = h->ip;
        host->name = h->name;
    }
}

/**
 * virNetworkdNetHostDnsmasqFormat:
 * @def: a network that needs dnsmasq (virNetworkdNetHostNeedsDnsmasq)
 * @paths: its runtime files
 * @user: the user dnsmasq drops to
 *
 * Returns the dnsmasq config of @def (caller frees), or NULL with an
 * error (virDnsmasqConfigFormat's gate refused a value).  Pure.
 */
char *
virNetworkdNetHostDnsmasqFormat(const virNetworkDef *def,
                                const virNetworkdNetHostPaths *paths,
                                const char *user)
{
    virNetworkdNetHostDnsmasqParts parts = { 0 };
    virDnsmasqConfig cfg = { 0 };
    size_t nranges = 0;
    size_t nhosts = 0;
    char *text;
    size_t i;

    for (i = 0; i < def->nips; i++) {
        nranges += def->ips[i].nranges;
        nhosts += def->ips[i].nhosts;
    }
    parts.listen = g_new0(virSocketAddr, def->nips + 1);
    parts.ranges = g_new0(virDnsmasqDhcpRange, nranges + 1);
    parts.hosts = g_new0(virDnsmasqDhcpHost, nhosts + 1);
    parts.dnsHosts = g_new0(virDnsmasqDnsHost, def->dns.nhosts + 1);
    parts.names = g_new0(const char **, def->dns.nhosts + 1);
    parts.forwarders = g_new0(virDnsmasqForwarder, def->dns.nforwarders + 1);
    cfg.listen = parts.listen;
    cfg.ranges = parts.ranges;
    cfg.hosts = parts.hosts;
    cfg.dnsHosts = parts.dnsHosts;
    cfg.forwarders = parts.forwarders;

    for (i = 0; i < def->nips; i++) {
        parts.listen[cfg.nlisten++] = def->ips[i].address;
        virNetworkdNetHostDnsmasqIP(&parts, &cfg, &def->ips[i]);
    }
    for (i = 0; i < def->dns.nhosts; i++) {
        const virNetworkDNSHostDef *h = &def->dns.hosts[i];

        parts.names[i] = g_new0(const char *, h->nnames + 1);
        memcpy(parts.names[i], h->names, h->nnames * sizeof(char *));
        if (h->nnames == 0)
            continue;
        parts.dnsHosts[cfg.ndnsHosts].ip = h->ip;
        parts.dnsHosts[cfg.ndnsHosts++].names = parts.names[i];
    }
    for (i = 0; i < def->dns.nforwarders; i++) {
        const virNetworkDNSForwarderDef *f = &def->dns.forwarders[i];

        parts.forwarders[cfg.nforwarders].domain = f->domain;
        parts.forwarders[cfg.nforwarders++].addr = f->addr;
        /* a server for every name: /etc/resolv.conf is not asked, as upstream */
        if (!f->domain && virSocketAddrIsSet(&f->addr))
            cfg.noResolv = true;
    }

    cfg.interface = def->bridge;
    cfg.domain = def->domain;
    cfg.domainLocal = def->domainLocalOnly == VIR_NETWORK_TRISTATE_YES;
    cfg.dnsDisabled = def->dns.enable == VIR_NETWORK_TRISTATE_NO;
    cfg.leaseFile = paths->leases;
    cfg.pidFile = paths->pid;
    cfg.user = user;

    text = virDnsmasqConfigFormat(&cfg);
    virNetworkdNetHostDnsmasqPartsClear(&parts, def->dns.nhosts);
    return text;
}

/**
 * virNetworkdNetHostBridgeChoose:
 * @taken: NULL-terminated bridge names of the other networks
 * @exists: asks whether a link of that name is on the host
 * @opaque: passed to @exists
 *
 * Returns the first virbrN (N from 0) that no network uses and no link
 * of the host has (caller frees), or NULL with an error reported.
 */
char *
virNetworkdNetHostBridgeChoose(const char * const *taken,
                               virNetworkdLinkExistsFunc exists,
                               void *opaque)
{
    unsigned int n;

    for (n = 0; n < VIR_NETWORKD_BRIDGE_TRIES; n++) {
        g_autofree char *name = g_strdup_printf(VIR_NETWORKD_BRIDGE_PREFIX "%u", n);
        int rc;

        if (taken && g_strv_contains(taken, name))
            continue;
        if ((rc = exists(name, opaque)) < 0)
            return NULL;
        if (rc == 0)
            return g_steal_pointer(&name);
    }
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("no free bridge name %1$s0..%1$s%2$d"),
                   VIR_NETWORKD_BRIDGE_PREFIX, VIR_NETWORKD_BRIDGE_TRIES - 1);
    return NULL;
}

/**
 * virNetworkdNetHostAddresses:
 * Puts every <ip> of @def on its bridge (@ifindex) and brings it up.
 * Idempotent.  Returns 0 or -1 with an error.
 */
static int
virNetworkdNetHostAddresses(virNetlinkSocket *sk, const virNetworkDef *def, int ifindex)
{
    size_t i;

    for (i = 0; i < def->nips; i++) {
        if (virNetDevIPAddrAdd(sk, ifindex, def->bridge, &def->ips[i].address,
                               def->ips[i].prefix) < 0)
            return -1;
    }
    return virNetlinkLinkChange(sk, ifindex, def->bridge, NULL, 0, 0, NULL, true);
}

/**
 * virNetworkdNetHostForwarding:
 * Switches on IP forwarding for the families of @def's subnets when its
 * mode routes (nat, route).  Host-wide, never switched off again.
 * Returns 0 or -1 with an error.
 */
static int
virNetworkdNetHostForwarding(const virNetworkDef *def)
{
    if (def->forward.type != VIR_NETWORK_FORWARD_NAT &&
        def->forward.type != VIR_NETWORK_FORWARD_ROUTE)
        return 0;
    if (virNetworkDefGetIP(def, AF_INET) && virNetDevIPForwardingSet(AF_INET, true) < 0)
        return -1;
    if (virNetworkDefGetIP(def, AF_INET6) && virNetDevIPForwardingSet(AF_INET6, true) < 0)
        return -1;
    return 0;
}

/**
 * virNetworkdNetHostFirewall:
 * Adds (replacing) @def's chains.  Returns 0 or -1 with an error.
 */
static int
virNetworkdNetHostFirewall(const virNetworkDef *def, bool verifyFirst)
{
    g_autofree virNftablesSubnet *subnets = g_new0(virNftablesSubnet, def->nips + 1);
    virNftablesNetwork net;
    int rc;

    if (!virNetworkdNetHostNeedsNftables(def))
        return 0;
    virNetworkdNetHostNftables(def, subnets, &net);
    if (verifyFirst) {
        if ((rc = virNftablesNetworkVerify(&net)) < 0)
            return -1;
        if (rc == 1)
            return 0;
        g_warning("network '%s': its firewall chains were changed; adding them again",
                  def->name);
    }
    return virNftablesNetworkAdd(&net);
}

/**
 * virNetworkdNetHostDnsmasqStart:
 * Writes @def's dnsmasq config and starts dnsmasq on it.  Returns 0 or
 * -1 with an error.
 */
static int
virNetworkdNetHostDnsmasqStart(const virNetworkDef *def, const virNetworkdNetHostPaths *paths,
                               const char *user)
{
    g_autofree char *text = NULL;
    pid_t pid;

    if (!virNetworkdNetHostNeedsDnsmasq(def))
        return 0;
    if (!(text = virNetworkdNetHostDnsmasqFormat(def, paths, user)) ||
        virFileRewriteStrNoSync(paths->conf, 0644, text) < 0 ||
        virDnsmasqStart(paths->conf, paths->pid, &pid) < 0)
        return -1;
    g_info("network '%s': dnsmasq running as pid %d", def->name, (int)pid);
    return 0;
}

/**
 * virNetworkdNetHostDnsmasqStop:
 * Stops @def's dnsmasq and removes its files.  Returns 0 or -1 with an
 * error (the later steps are still taken).
 */
static int
virNetworkdNetHostDnsmasqStop(const virNetworkdNetHostPaths *paths)
{
    int ret = 0;

    if (virDnsmasqStop(paths->conf, paths->pid) < 0)
        ret = -1;
    if (virFileRemove(paths->conf) < 0 && ret == 0)
        ret = -1;
    if (virFileRemove(paths->leases) < 0 && ret == 0)
        ret = -1;
    return ret;
}

/**
 * virNetworkdNetHostStart:
 * @sk: a netlink request socket
 * @def: the live definition (bridge name set)
 * @paths: its runtime files
 * @user: the user dnsmasq drops to
 *
 * Starts @def on the host.  Returns 0, or -1 with the first error
 * reported and every step taken undone.
 */
int
virNetworkdNetHostStart(virNetlinkSocket *sk, const virNetworkDef *def,
                        const virNetworkdNetHostPaths *paths, const char *user)
{
    virNetDevBridgeConfig cfg = {
        .name = def->bridge,
        .mac = def->hasMac ? &def->mac : NULL,
        .mtu = def->mtu,
        .stp = def->stp,
        .delay = MIN(def->delay, VIR_NETDEV_BRIDGE_DELAY_MAX),
    };
    virError *saved = NULL;
    int ifindex;

    if (!virNetworkDefCreatesBridge(def)) {
        virNetDevBridgeInfo br;
        int rc;

        /* forward mode 'bridge': the admin's bridge must be there */
        if ((rc = virNetDevBridgeGetInfo(sk, def->bridge, &br)) < 0)
            return -1;
        if (rc == 0) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("network '%1$s': host bridge '%2$s' does not exist"),
                           def->name, def->bridge);
            return -1;
        }
        return 0;
    }

    if (virNetDevBridgeCreate(sk, &cfg, &ifindex) < 0)
        return -1;
    if (virNetworkdNetHostAddresses(sk, def, ifindex) < 0 ||
        virNetworkdNetHostForwarding(def) < 0)
        goto error_bridge;
    if (virNetworkdNetHostFirewall(def, false) < 0)
        goto error_firewall;
    if (virNetworkdNetHostDnsmasqStart(def, paths, user) < 0)
        goto error_dnsmasq;
    return 0;

 error_dnsmasq:
    virErrorPreserveLast(&saved);
    (void)virNetworkdNetHostDnsmasqStop(paths);
    if (virNetworkdNetHostNeedsNftables(def))
        (void)virNftablesNetworkRemove(def->bridge);
    goto restore;
 error_firewall:
    virErrorPreserveLast(&saved);
    /* an atomic add that failed left nothing, but a half-written
     * replacement is not worth trusting either */
    (void)virNftablesNetworkRemove(def->bridge);
    goto restore;
 error_bridge:
    virErrorPreserveLast(&saved);
 restore:
    (void)virNetDevBridgeDelete(sk, def->bridge);
    virErrorRestore(&saved);
    return -1;
}

/**
 * virNetworkdNetHostStop:
 * Stops @def on the host: dnsmasq, chains, bridge (its addresses and
 * routes go with it).  Every step is taken even when one fails.
 * Returns 0, or -1 with the first error reported.
 */
int
virNetworkdNetHostStop(virNetlinkSocket *sk, const virNetworkDef *def,
                       const virNetworkdNetHostPaths *paths)
{
    virError *first = NULL;
    int ret = 0;

    if (!virNetworkDefCreatesBridge(def))
        return 0;
    if (virNetworkdNetHostDnsmasqStop(paths) < 0) {
        virErrorPreserveLast(&first);
        ret = -1;
    }
    if (virNetworkdNetHostNeedsNftables(def) && virNftablesNetworkRemove(def->bridge) < 0) {
        if (!first)
            virErrorPreserveLast(&first);
        ret = -1;
    }
    if (virNetDevBridgeDelete(sk, def->bridge) < 0) {
        if (!first)
            virErrorPreserveLast(&first);
        ret = -1;
    }
    if (first)
        virErrorRestore(&first);
    return ret;
}

/**
 * virNetworkdNetHostReconcile:
 * After a daemon restart, for a network recorded as active: keeps it
 * running as it was.  Returns 1 (running), 0 (its bridge is gone: the
 * network is not running any more; whatever was left of it is removed),
 * or -1 with an error reported.
 */
int
virNetworkdNetHostReconcile(virNetlinkSocket *sk, const virNetworkDef *def,
                            const virNetworkdNetHostPaths *paths, const char *user)
{
    virNetDevBridgeInfo br;
    pid_t pid;
    int rc;

    if ((rc = virNetDevBridgeGetInfo(sk, def->bridge, &br)) < 0)
        return -1;
    if (rc == 0) {
        if (virNetworkdNetHostStop(sk, def, paths) < 0)
            return -1;
        return 0;
    }
    if (!virNetworkDefCreatesBridge(def))
        return 1;
    if (virNetworkdNetHostAddresses(sk, def, br.ifindex) < 0 ||
        virNetworkdNetHostForwarding(def) < 0 ||
        virNetworkdNetHostFirewall(def, true) < 0)
        return -1;
    if (!virNetworkdNetHostNeedsDnsmasq(def))
        return 1;
    if ((rc = virDnsmasqFind(paths->conf, paths->pid, &pid)) < 0)
        return -1;
    if (rc == 1) {
        g_info("network '%s': dnsmasq still running as pid %d", def->name, (int)pid);
        return 1;
    }
    g_warning("network '%s': dnsmasq is not running; starting it again", def->name);
    if (virNetworkdNetHostDnsmasqStart(def, paths, user) < 0)
        return -1;
    return 1;
}
