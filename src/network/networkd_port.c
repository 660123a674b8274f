/*
 * networkd_port.c: the port manager — create, record, release ports
 *
 * Theory of operation: a port is a non-persistent tap.  The daemon creates
 * it with a name of its own choosing (vnetN from a counter; a name taken in
 * the kernel is skipped thanks to IFF_TUN_EXCL, never attached to; only a
 * plug "none" caller may ask for a name, which must be free), owned
 * by the daemon's uid (so no one else can attach a queue to it by name),
 * gives it the host-side MAC (the guest's with first byte 0xFE) and its
 * MTU, enslaves it to the bridge (whose own MAC the daemon first pins, so
 * that the bridge never takes a port's address; plug "none" has no
 * bridge: a routed tap the administrator addresses) and brings it up, records
 * it, and hands every queue's fd to the caller without keeping one.  From
 * then on the kernel owns the lifetime: when the last fd closes the tap
 * disappears, the link watcher sees RTM_DELLINK and the record, its file
 * and its quota slot are released.  Delete() removes the device even while
 * fds are open.
 *
 * The holder of a fd is not trusted with the device: whenever the kernel
 * announces a change of a port's tap, the daemon asks for its state and
 * applies virNetworkdStateReconcileDecide — a tap made persistent, given
 * another owner or a group, or whose carrier its holder turned off is
 * deleted (and the port released); a MAC changed through the fd is set
 * back.  Reconciliation at start applies the same decision.
 *
 * A port of plug "direct" is a macvtap (networkd_direct.c): the kernel
 * keeps it after its fds close, so it lives with a process instead (the
 * caller, then the one BindProcess() names) and is deleted when that
 * process exits; the same link watcher and decision apply to it.
 *
 * Every lookup is a hash lookup, and every kernel query asks about one
 * link, so creating port #1000 costs what port #1 did.
 */
#include "networkd_port.h"
#include "networkd_ovs.h"

#include <errno.h>
#include <string.h>
#include <glib-unix.h>
#include <unistd.h>
#include <net/if.h>

#include "networkd_direct.h"
#include "networkd_portctl.h"
#include "networkd_teardown.h"
#include "virerror.h"
#include "virfile.h"
#include "virnetdevbridge.h"
#include "virnetdevname.h"
#include "virnetdevtap.h"
#include "virnetlink.h"
#include "virnwfilter.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/* A port's fds are one array of VIR_NETWORKD_QUEUES_MAX on both sides. */
G_STATIC_ASSERT(VIR_NETWORKD_QUEUES_MAX <= VIR_NETDEV_TAP_MAX_QUEUES);

/* How many taken names to skip before giving up on one request. */
#define VIR_NETWORKD_IFNAME_TRIES 1024

struct _virNetworkdPortManager {
    char *stateDir;
    virNetworkdQuota *quota;
    virNetworkdPortRemovedFunc removed;
    void *opaque;
    virNetworkdPortAddedFunc added;
    void *addedOpaque;

    GHashTable *byNode;      /* node (32 hex) -> virNetworkdPort, owns */
    GHashTable *byIfindex;   /* ifindex -> virNetworkdPort */
    unsigned int nextIndex;  /* next vnetN to try */
    unsigned int nextDirectIndex;  /* next macvtapN to try */

    GHashTable *pinned;      /* bridge ifindexes whose MAC was pinned */
    GHashTable *dirty;       /* ifindexes of ports whose device changed */
    guint checkSource;       /* checks the dirty ports, when scheduled */

    const virNetworkdControlsPolicy *controls;  /* borrowed: the config's */

    virNetlinkSocket *sk;
    virNetlinkWatch *watch;

    virNetworkdOvs *ovs;     /* the OVS plug (borrowed), or NULL */
    virNetworkdTeardown *teardown;  /* removes what outlives a port's device */
    GThreadPool *filterPool; /* puts a new port's filter in force meanwhile */
};

/**
 * virNetworkdPortNodeFormat:
 * @uuid: a port's UUID
 * @node: buffer of VIR_NETWORKD_PORT_NODE_BUFLEN
 *
 * Writes the object path element of the port with @uuid (32 lower-case
 * hex digits: D-Bus paths allow no dashes).  Returns @node.
 */
const char *
virNetworkdPortNodeFormat(const unsigned char *uuid, char *node)
{
    size_t i;

    for (i = 0; i < VIR_UUID_BUFLEN; i++)
        g_snprintf(node + 2 * i, 3, "%02x", uuid[i]);
    return node;
}

/**
 * virNetworkdPortFree:
 * Frees @port and its record.  Accepts NULL.
 */
static void
virNetworkdPortFree(virNetworkdPort *port)
{
    if (!port)
        return;
    if (port->holderSource)
        g_source_remove(port->holderSource);
    virFileForceClose(&port->holderFd);
    virNetworkdPortRecordFree(port->rec);
    g_free(port->learnedIPs);
    g_free(port->path);
    g_free(port);
}

/**
 * virNetworkdPortSetLearned:
 * Notes that @port's filter now lets its guest send IPv4 from @ips
 * (@nips of them; none: only DHCP), as learned: what LearnedIPs shows.
 */
void
virNetworkdPortSetLearned(virNetworkdPort *port, const virSocketAddr *ips, size_t nips)
{
    g_free(port->learnedIPs);
    port->learnedIPs = nips ? g_memdup2(ips, nips * sizeof(*ips)) : NULL;
    port->nlearnedIPs = nips;
}

/**
 * virNetworkdPortNew:
 * Wraps @rec (taking it) in a port with its names and object path.
 */
static virNetworkdPort *
virNetworkdPortNew(virNetworkdPortRecord *rec)
{
    virNetworkdPort *port = g_new0(virNetworkdPort, 1);

    port->rec = rec;
    port->holderFd = -1;
    virUUIDFormat(rec->uuid, port->uuidstr);
    virNetworkdPortNodeFormat(rec->uuid, port->node);
    port->path = g_strdup_printf("%s/%s", VIR_NETWORKD_PORT_PATH_BASE, port->node);
    return port;
}

/**
 * virNetworkdPortManagerNew:
 * @stateDir: where port records live (created on start)
 * @quota: ports per non-root user
 * @removed: called when a port goes away
 * @opaque: passed to @removed
 *
 * Returns a manager with no ports; call virNetworkdPortManagerStart().
 */
virNetworkdPortManager *
virNetworkdPortManagerNew(const char *stateDir,
                          unsigned int quota,
                          virNetworkdPortRemovedFunc removed,
                          void *opaque)
{
    virNetworkdPortManager *mgr = g_new0(virNetworkdPortManager, 1);

    mgr->stateDir = g_strdup(stateDir);
    mgr->quota = virNetworkdQuotaNew(quota);
    mgr->removed = removed;
    mgr->opaque = opaque;
    mgr->byNode = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify)virNetworkdPortFree);
    mgr->byIfindex = g_hash_table_new(g_direct_hash, g_direct_equal);
    mgr->pinned = g_hash_table_new(g_direct_hash, g_direct_equal);
    mgr->dirty = g_hash_table_new(g_direct_hash, g_direct_equal);
    mgr->teardown = virNetworkdTeardownNew(stateDir);
    mgr->filterPool = virNetworkdPortControlsFilterPoolNew();
    return mgr;
}

/**
 * virNetworkdPortManagerSetControls:
 * Has @mgr apply @controls (borrowed; it must outlive @mgr) to the ports
 * it makes from now on.  Without it no scope is constrained.
 */
void
virNetworkdPortManagerSetControls(virNetworkdPortManager *mgr,
                                  const virNetworkdControlsPolicy *controls)
{
    mgr->controls = controls;
}

/**
 * virNetworkdPortManagerSetAdded:
 * Has @mgr call @added with @opaque for each port it makes from now on,
 * once the port is in its tables and before its fds are handed out; when
 * @added fails, the port is deleted and its creation fails with that
 * error.
 */
void
virNetworkdPortManagerSetAdded(virNetworkdPortManager *mgr,
                               virNetworkdPortAddedFunc added, void *opaque)
{
    mgr->added = added;
    mgr->addedOpaque = opaque;
}

/**
 * virNetworkdPortManagerFree:
 * Forgets every port (their records stay on disk for the next start),
 * finishes the teardown of the ports that went, and frees @mgr.  Accepts
 * NULL.
 */
void
virNetworkdPortManagerFree(virNetworkdPortManager *mgr)
{
    if (!mgr)
        return;
    /* idle: every creation waits for its own filter */
    g_thread_pool_free(mgr->filterPool, FALSE, TRUE);
    virNetworkdTeardownFree(mgr->teardown);
    virNetlinkWatchFree(mgr->watch);
    virNetlinkSocketFree(mgr->sk);
    if (mgr->checkSource)
        g_source_remove(mgr->checkSource);
    g_hash_table_unref(mgr->dirty);
    g_hash_table_unref(mgr->pinned);
    g_hash_table_unref(mgr->byIfindex);
    g_hash_table_unref(mgr->byNode);
    virNetworkdQuotaFree(mgr->quota);
    g_free(mgr->stateDir);
    g_free(mgr);
}

/**
 * virNetworkdPortManagerAdd:
 * Puts @port into the tables (taking it) and counts its quota slot when
 * @countQuota (creation has already taken the slot).
 */
static void
virNetworkdPortManagerAdd(virNetworkdPortManager *mgr, virNetworkdPort *port,
                          bool countQuota)
{
    if (countQuota)
        virNetworkdQuotaAdd(mgr->quota, port->rec->uid);
    port->mgr = mgr;
    g_hash_table_insert(mgr->byIfindex, GINT_TO_POINTER(port->rec->ifindex), port);
    g_hash_table_insert(mgr->byNode, port->node, port);
}

/**
 * virNetworkdPortManagerSetOvs:
 * Gives @mgr the OVS plug (borrowed: it must outlive @mgr), before
 * virNetworkdPortManagerStart().
 */
void
virNetworkdPortManagerSetOvs(virNetworkdPortManager *mgr, virNetworkdOvs *ovs)
{
    mgr->ovs = ovs;
}

/**
 * virNetworkdPortManagerUnplugOvs:
 * Takes @rec's tap out of OVS and undoes its logical port binding, when
 * it has virtualport "openvswitch".  Failures are logged: the port goes
 * anyway, and the next start's reconciliation removes what is left.
 */
static void
virNetworkdPortManagerUnplugOvs(virNetworkdPortManager *mgr,
                                const virNetworkdPortRecord *rec)
{
    virNetworkdOvsTarget target;

    if (rec->virtualport != VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH || !mgr->ovs)
        return;
    virNetworkdOvsTargetFromRecord(mgr->ovs, rec, &target);
    if (virNetworkdOvsPortUnplug(mgr->ovs, &target, rec) < 0) {
        g_warning("%s", virGetLastErrorMessage());
        virResetLastError();
    }
}

/**
 * virNetworkdPortManagerRelease:
 * Forgets @port: tables, record file, quota slot; tells the removed
 * callback, then frees it.  Does not touch the device.  A port with a
 * filter or an ifb hands its record to the teardown worker, which
 * removes those, then the record file.
 */
static void
virNetworkdPortManagerRelease(virNetworkdPortManager *mgr, virNetworkdPort *port,
                              const char *why)
{
    g_info("port %s (%s, uid %u) removed: %s", port->uuidstr, port->rec->ifname,
           (unsigned int)port->rec->uid, why);
    virNetworkdPortManagerUnplugOvs(mgr, port->rec);
    /* a passthrough macvtap that went by someone else's hand */
    virNetworkdDirectRestoreLower(mgr->sk, port->rec);
    /* a filter or an ifb goes with the record on the teardown worker
     * (networkd_teardown.c) */
    if (!virNetworkdPortControlsHasLeftovers(port->rec) &&
        virNetworkdStateRemove(mgr->stateDir, port->rec->uuid) < 0) {
        g_warning("%s", virGetLastErrorMessage());
        virResetLastError();
    }
    virNetworkdQuotaRelease(mgr->quota, port->rec->uid);
    g_hash_table_remove(mgr->byIfindex, GINT_TO_POINTER(port->rec->ifindex));
    g_hash_table_remove(mgr->dirty, GINT_TO_POINTER(port->rec->ifindex));
    g_hash_table_steal(mgr->byNode, port->node);
    if (mgr->removed)
        mgr->removed(port, mgr->opaque);
    if (virNetworkdPortControlsHasLeftovers(port->rec))
        virNetworkdTeardownPush(mgr->teardown, g_steal_pointer(&port->rec));
    virNetworkdPortFree(port);
}

/**
 * virNetworkdPortManagerCheckLink:
 * Asks the kernel about @rec's device now.  Returns the decision (see
 * virNetworkdStateReconcileDecide), or -1 with an error reported when
 * the kernel could not be asked.
 */
static int
virNetworkdPortManagerCheckLink(virNetworkdPortManager *mgr,
                                const virNetworkdPortRecord *rec)
{
    virNetlinkLinkInfo info;
    virNetworkdKernelLink link = { 0 };
    int rc;

    if ((rc = virNetlinkLinkGetInfo(mgr->sk, rec->ifindex, NULL, &info)) < 0)
        return -1;
    if (rc > 0) {
        link.exists = true;
        link.ifname = info.ifname;
        link.kind = info.kind;
        link.up = (info.flags & IFF_UP) != 0;
        link.carrier = info.carrier;
        link.hasMac = info.hasMac;
        link.mac = info.mac;
        link.persist = info.tun.persist;
        link.hasOwner = info.tun.hasOwner;
        link.owner = info.tun.owner;
        link.hasGroup = info.tun.hasGroup;
        link.queues = info.tun.hasQueues ?
            (int)(info.tun.numQueues + info.tun.numDisabledQueues) : -1;
    }
    return virNetworkdStateReconcileDecide(rec, &link, geteuid());
}

/**
 * virNetworkdPortManagerEnforce:
 * Carries out @action on @port, a port in the tables: nothing, set its
 * MAC back, release it (its device is not ours any more), or delete its
 * device and release it.  Returns 0, or -1 with an error reported (the
 * port is kept).
 */
static int
virNetworkdPortManagerEnforce(virNetworkdPortManager *mgr, virNetworkdPort *port,
                              virNetworkdReconcileAction action)
{
    const char *why = virNetworkdReconcileActionTypeToString(action);
    virMacAddr hostMac;

    switch (action) {
    case VIR_NETWORKD_RECONCILE_KEEP:
        return 0;
    case VIR_NETWORKD_RECONCILE_RESET_MAC:
        g_warning("port %s (%s, uid %u): its MAC was changed through its fd; setting it back",
                  port->uuidstr, port->rec->ifname, (unsigned int)port->rec->uid);
        virNetworkdPortRecordDeviceMac(port->rec, &hostMac);
        return virNetlinkLinkChange(mgr->sk, port->rec->ifindex, port->rec->ifname,
                                    &hostMac, 0, 0, NULL, false);
    case VIR_NETWORKD_RECONCILE_DELETE_PERSIST:
    case VIR_NETWORKD_RECONCILE_DELETE_OWNER:
    case VIR_NETWORKD_RECONCILE_DELETE_CARRIER:
        g_warning("port %s (%s, uid %u): %s: deleting its device",
                  port->uuidstr, port->rec->ifname, (unsigned int)port->rec->uid, why);
        if (virNetlinkLinkDelete(mgr->sk, port->rec->ifindex, port->rec->ifname) < 0)
            return -1;
        virNetworkdPortManagerRelease(mgr, port, why);
        return 0;
    case VIR_NETWORKD_RECONCILE_DROP_GONE:
    case VIR_NETWORKD_RECONCILE_DROP_RENAMED:
    case VIR_NETWORKD_RECONCILE_DROP_KIND:
        virNetworkdPortManagerRelease(mgr, port, why);
        return 0;
    case VIR_NETWORKD_RECONCILE_LAST:
        break;
    }
    return 0;
}

/**
 * virNetworkdPortManagerHolderExited:
 * pidfd callback: the process a macvtap lived with has exited; the link
 * is deleted and the port released.
 */
static gboolean
virNetworkdPortManagerHolderExited(gint fd G_GNUC_UNUSED,
                                   GIOCondition cond G_GNUC_UNUSED,
                                   gpointer opaque)
{
    virNetworkdPort *port = opaque;
    virNetworkdPortManager *mgr = port->mgr;

    port->holderSource = 0;
    if (virNetworkdDirectDelete(mgr->sk, port->rec) < 0) {
        g_warning("%s", virGetLastErrorMessage());
        virResetLastError();
    }
    virNetworkdPortManagerRelease(mgr, port, "its process exited");
    return G_SOURCE_REMOVE;
}

/**
 * virNetworkdPortManagerWatchHolder:
 * Makes @pidfd (taken) the holder of @port, a port in the tables, in
 * place of any previous one.
 */
static void
virNetworkdPortManagerWatchHolder(virNetworkdPortManager *mgr G_GNUC_UNUSED,
                                  virNetworkdPort *port, int pidfd)
{
    if (port->holderSource)
        g_source_remove(port->holderSource);
    virFileForceClose(&port->holderFd);
    port->holderFd = pidfd;
    /* above D-Bus calls, like the link watcher */
    port->holderSource = g_unix_fd_add_full(G_PRIORITY_HIGH, pidfd, G_IO_IN,
                                            virNetworkdPortManagerHolderExited, port, NULL);
}

/**
 * virNetworkdPortManagerCheckDirty:
 * Idle callback: checks each port whose device changed since the last
 * run, once however many notifications it had, and enforces the
 * decision.  Errors are logged: there is no caller to tell.
 */
static gboolean
virNetworkdPortManagerCheckDirty(gpointer opaque)
{
    virNetworkdPortManager *mgr = opaque;
    g_autofree gpointer *keys = NULL;
    guint n = 0;
    guint i;

    mgr->checkSource = 0;
    keys = g_hash_table_get_keys_as_array(mgr->dirty, &n);
    g_hash_table_remove_all(mgr->dirty);
    for (i = 0; i < n; i++) {
        virNetworkdPort *port = g_hash_table_lookup(mgr->byIfindex, keys[i]);
        int action;

        if (!port)
            continue;
        if ((action = virNetworkdPortManagerCheckLink(mgr, port->rec)) < 0 ||
            virNetworkdPortManagerEnforce(mgr, port, action) < 0) {
            g_warning("%s", virGetLastErrorMessage());
            virResetLastError();
        }
    }
    return G_SOURCE_REMOVE;
}

/**
 * virNetworkdPortManagerMarkDirty:
 * Queues the check of the port at @ifindex (0: of every port) for when
 * the current batch of notifications has been read.
 */
static void
virNetworkdPortManagerMarkDirty(virNetworkdPortManager *mgr, int ifindex)
{
    if (ifindex > 0) {
        g_hash_table_add(mgr->dirty, GINT_TO_POINTER(ifindex));
    } else {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init(&iter, mgr->byIfindex);
        while (g_hash_table_iter_next(&iter, &key, NULL))
            g_hash_table_add(mgr->dirty, key);
    }
    /* above D-Bus calls, like the watcher: a port is judged before the
     * next request can use what it left behind */
    if (!mgr->checkSource && g_hash_table_size(mgr->dirty) > 0)
        mgr->checkSource = g_idle_add_full(G_PRIORITY_HIGH, virNetworkdPortManagerCheckDirty,
                                           mgr, NULL);
}

/**
 * virNetworkdPortManagerLinkEvent:
 * Link watcher callback: releases the port whose device went away; has
 * the port whose device changed checked; re-checks every port when
 * notifications were lost.
 */
static void
virNetworkdPortManagerLinkEvent(virNetlinkLinkEvent event, int ifindex,
                                const char *ifname G_GNUC_UNUSED, void *opaque)
{
    virNetworkdPortManager *mgr = opaque;
    virNetworkdPort *port = g_hash_table_lookup(mgr->byIfindex, GINT_TO_POINTER(ifindex));

    switch (event) {
    case VIR_NETLINK_LINK_REMOVED:
        if (port)
            virNetworkdPortManagerRelease(mgr, port, "device gone");
        return;
    case VIR_NETLINK_LINK_CHANGED:
        if (port)
            virNetworkdPortManagerMarkDirty(mgr, ifindex);
        return;
    case VIR_NETLINK_LINK_LOST:
        g_warning("link notifications were lost; re-checking %u ports",
                  g_hash_table_size(mgr->byNode));
        virNetworkdPortManagerMarkDirty(mgr, 0);
        return;
    }
}

/**
 * virNetworkdPortManagerHasPort:
 * virNetworkdOvsKeepFunc: whether the port with dashed UUID @owner is
 * one of @opaque's (a manager).
 */
static bool
virNetworkdPortManagerHasPort(const char *owner, void *opaque)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    if (virUUIDParse(owner, uuid) < 0) {
        virResetLastError();
        return false;
    }
    return virNetworkdPortManagerLookupUUID(opaque, uuid) != NULL;
}

/**
 * virNetworkdPortManagerReconcileHolders:
 * After a restart: watches the holder of every macvtap port again, and
 * ends the ports whose holder exited while the daemon was away (their
 * links are deleted).
 */
static void
virNetworkdPortManagerReconcileHolders(virNetworkdPortManager *mgr)
{
    g_autoptr(GPtrArray) ports = virNetworkdPortManagerList(mgr);
    size_t i;

    for (i = 0; i < ports->len; i++) {
        virNetworkdPort *port = g_ptr_array_index(ports, i);
        int pidfd;

        if (port->rec->plug != VIR_NETWORKD_PLUG_DIRECT)
            continue;
        if (virNetworkdDirectHolderOpen(port->rec, &pidfd) == 1) {
            virNetworkdPortManagerWatchHolder(mgr, port, pidfd);
            continue;
        }
        if (virNetworkdDirectDelete(mgr->sk, port->rec) < 0) {
            g_warning("%s", virGetLastErrorMessage());
            virResetLastError();
        }
        virNetworkdPortManagerRelease(mgr, port, "its process exited while the daemon was away");
    }
}

/**
 * virNetworkdPortManagerHasRules:
 * virNWFilterPortsPrune's test: whether a port of @opaque (the manager)
 * named @ifname has rules in the bridge table (a filter, a policer).
 */
static bool
virNetworkdPortManagerHasRules(const char *ifname, void *opaque)
{
    virNetworkdPortManager *mgr = opaque;
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const virNetworkdPort *port = value;

        if (virNetworkdPortControlsHasRules(port->rec) && strcmp(port->rec->ifname, ifname) == 0)
            return true;
    }
    return false;
}

/**
 * virNetworkdPortManagerNamesIfb:
 * Whether a port of @opaque (the manager) has the ifb @name.
 */
static bool
virNetworkdPortManagerNamesIfb(const char *name, void *opaque)
{
    virNetworkdPortManager *mgr = opaque;
    GHashTableIter iter;
    gpointer value;
    char buf[16];

    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const virNetworkdPortRecord *rec = ((virNetworkdPort *)value)->rec;

        if (virNetworkdPortControlsHasLeftovers(rec) &&
            strcmp(virNetworkdPortControlsIfb(rec, buf), name) == 0)
            return true;
    }
    return false;
}

/**
 * virNetworkdPortManagerSweepIfbs:
 * Has the teardown worker delete the ifbs of the daemon's names that no
 * kept port has: the spares of a previous run that was killed, and the
 * ifb of a port whose creation it did not finish.  Failures are logged.
 */
static void
virNetworkdPortManagerSweepIfbs(virNetworkdPortManager *mgr)
{
    g_autoptr(GArray) links = virNetlinkLinkListKind(mgr->sk, "ifb");
    GArray *ours;
    guint i;

    if (!links) {
        g_warning("%s", virGetLastErrorMessage());
        virResetLastError();
        return;
    }
    ours = g_array_new(FALSE, FALSE, sizeof(virNetworkdIfbSpare));
    for (i = 0; i < links->len; i++) {
        const virNetlinkLinkInfo *l = &g_array_index(links, virNetlinkLinkInfo, i);
        virNetworkdIfbSpare s = { .ifindex = l->ifindex };

        if (!g_str_has_prefix(l->ifname, VIR_NETWORKD_IFB_PREFIX))
            continue;
        g_strlcpy(s.name, l->ifname, sizeof(s.name));
        g_array_append_val(ours, s);
    }
    virNetworkdTeardownIfbSweep(mgr->teardown, ours, virNetworkdPortManagerNamesIfb, mgr);
}

/**
 * virNetworkdPortManagerReconcile:
 * Loads the records of a previous run and keeps those whose device is
 * still there, deleting the devices their holders changed meanwhile (see
 * virNetworkdStateReconcileDecide).  Returns 0, or -1
 * with an error reported when the state directory cannot be read.
 */
static int
virNetworkdPortManagerReconcile(virNetworkdPortManager *mgr)
{
    g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) records = NULL;
    size_t i;

    if (!(records = virNetworkdStateLoad(mgr->stateDir, bad)))
        return -1;

    for (i = 0; i < bad->len; i++) {
        const char *what = g_ptr_array_index(bad, i);
        g_autofree char *path = g_strndup(what, strcspn(what, ":"));

        g_warning("dropping unusable port record %s", what);
        if (virFileRemove(path) < 0) {
            g_warning("%s", virGetLastErrorMessage());
            virResetLastError();
        }
    }

    for (i = 0; i < records->len; i++) {
        virNetworkdPortRecord *rec = g_ptr_array_index(records, i);
        char uuid[VIR_UUID_STRING_BUFLEN];
        int action = virNetworkdPortManagerCheckLink(mgr, rec);
        virNetworkdPort *port;
        guint64 n;

        virUUIDFormat(rec->uuid, uuid);
        if (action < 0)
            return -1;
        if (action == VIR_NETWORKD_RECONCILE_DROP_GONE ||
            action == VIR_NETWORKD_RECONCILE_DROP_RENAMED ||
            action == VIR_NETWORKD_RECONCILE_DROP_KIND ||
            g_hash_table_contains(mgr->byIfindex, GINT_TO_POINTER(rec->ifindex))) {
            g_info("dropping port record %s (%s): %s", uuid, rec->ifname,
                   virNetworkdReconcileActionTypeToString(action));
            virNetworkdDirectRestoreLower(mgr->sk, rec);
            virNetworkdPortControlsRemove(mgr->sk, rec, NULL);
            if (virNetworkdStateRemove(mgr->stateDir, rec->uuid) < 0) {
                g_warning("%s", virGetLastErrorMessage());
                virResetLastError();
            }
            continue;
        }
        g_info("keeping port %s (%s) of uid %u", uuid, rec->ifname,
               (unsigned int)rec->uid);
        /* Start the name counter after the names already in use. */
        if (g_str_has_prefix(rec->ifname, VIR_NETWORKD_IFNAME_PREFIX) &&
            g_ascii_string_to_unsigned(rec->ifname + strlen(VIR_NETWORKD_IFNAME_PREFIX),
                                       10, 0, G_MAXUINT - 1, &n, NULL) &&
            n >= mgr->nextIndex)
            mgr->nextIndex = n + 1;
        port = virNetworkdPortNew(g_ptr_array_steal_index(records, i--));
        virNetworkdPortManagerAdd(mgr, port, true);
        /* what the port had in force, whatever happened while the
         * daemon was away (the ifb may be gone, a qdisc removed) */
        if (virNetworkdPortControlsRestore(mgr->sk, port->rec) < 0) {
            g_warning("port %s: cannot restore its limits: %s", uuid, virGetLastErrorMessage());
            virResetLastError();
        }
        /* a tap its holder changed while the daemon was away */
        if (virNetworkdPortManagerEnforce(mgr, port, action) < 0) {
            g_warning("%s", virGetLastErrorMessage());
            virResetLastError();
        }
    }
    /* the bridge table's elements (filters, policers) of ports that did
     * not survive (their records gone with them) */
    if (virNWFilterPortsPrune(virNetworkdPortManagerHasRules, mgr) < 0) {
        g_warning("%s", virGetLastErrorMessage());
        virResetLastError();
    }
    /* spare ifbs and ifbs of ports not kept */
    virNetworkdPortManagerSweepIfbs(mgr);
    /* OVS rows and logical port bindings of ports not kept */
    if (mgr->ovs)
        virNetworkdOvsReconcile(mgr->ovs, virNetworkdPortManagerHasPort, mgr);
    virNetworkdPortManagerReconcileHolders(mgr);
    return 0;
}

/**
 * virNetworkdPortManagerStart:
 * Creates the state directory (or refuses one that is not the daemon's
 * alone: virNetworkdStateDirCheck), opens netlink, starts watching link
 * removals, then reconciles the records of a previous run (in that order,
 * so a device that goes away during reconciliation is still noticed).
 * Returns 0, or -1 with an error reported.
 */
int
virNetworkdPortManagerStart(virNetworkdPortManager *mgr)
{
    if (virFileMakePath(mgr->stateDir, 0700) < 0 ||
        virNetworkdStateDirCheck(mgr->stateDir) < 0)
        return -1;
    if (!(mgr->sk = virNetlinkSocketNew()))
        return -1;
    if (!(mgr->watch = virNetlinkWatchNew(virNetworkdPortManagerLinkEvent, mgr)))
        return -1;
    return virNetworkdPortManagerReconcile(mgr);
}

/**
 * virNetworkdPortManagerMakeTap:
 * Creates the tap under the name the request asks for (plug "none"), or
 * else the next free vnetN name.  Returns 0 with @fds
 * filled and @ifname set, or -1 with an error reported.
 */
static int
virNetworkdPortManagerMakeTap(virNetworkdPortManager *mgr,
                              const virNetworkdRequest *req,
                              int *fds, char *ifname, size_t ifnamelen)
{
    unsigned int flags = VIR_NETDEV_TAP_CREATE_EXCLUSIVE | VIR_NETDEV_TAP_CREATE_OWNED;
    size_t tries;

    if (req->vnetHdr)
        flags |= VIR_NETDEV_TAP_CREATE_VNET_HDR;

    if (req->ifname) {
        int rc;

        /* the caller's name or none: a link that exists is never taken
         * over (upstream libvirt refuses a managed tap that exists too) */
        g_strlcpy(ifname, req->ifname, ifnamelen);
        if ((rc = virNetDevTapCreate(ifname, req->queues, flags, fds)) <= 0)
            return rc;
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key 'ifname': interface '%1$s' already exists"), ifname);
        return -1;
    }

    for (tries = 0; tries < VIR_NETWORKD_IFNAME_TRIES; tries++) {
        int rc;

        g_snprintf(ifname, ifnamelen, VIR_NETWORKD_IFNAME_PREFIX "%u", mgr->nextIndex);
        mgr->nextIndex = mgr->nextIndex == G_MAXUINT ? 0 : mgr->nextIndex + 1;
        if ((rc = virNetDevTapCreate(ifname, req->queues, flags, fds)) <= 0)
            return rc;
    }
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("no free interface name after %1$d tries"),
                   VIR_NETWORKD_IFNAME_TRIES);
    return -1;
}

/**
 * virNetworkdPortManagerOvsBridge:
 * For a port on the OVS bridge @name: fills @br with the MTU of the
 * bridge's own device when the host has one (a userspace datapath's or
 * an internal port), else 1500.  Whether the bridge exists is OVSDB's to
 * say, when the port is added.  Returns 0, or -1 with an error reported
 * (no OVS plug in this daemon, or netlink failed).
 */
static int
virNetworkdPortManagerOvsBridge(virNetworkdPortManager *mgr, const char *name,
                                virNetDevBridgeInfo *br)
{
    virNetlinkLinkInfo info;
    int rc;

    if (!mgr->ovs) {
        virReportError(VIR_ERR_NO_SUPPORT, "%s",
                       _("virtualport 'openvswitch' is not available in this daemon"));
        return -1;
    }
    memset(br, 0, sizeof(*br));
    if ((rc = virNetlinkLinkGetInfo(mgr->sk, 0, name, &info)) < 0)
        return -1;
    br->mtu = rc > 0 && info.mtu > 0 ? info.mtu : 1500;
    return 0;
}

/**
 * virNetworkdPortManagerPlugOvs:
 * Binds @rec's logical port (a port of an OVN network creates it with
 * the addresses and DHCP options @req carries) and adds its tap (up, MAC
 * and MTU set) to its OVS bridge.  Returns 0, or -1 with an error
 * reported and nothing left in OVS or OVN.
 */
static int
virNetworkdPortManagerPlugOvs(virNetworkdPortManager *mgr, const virNetworkdPortRecord *rec,
                              const virNetworkdRequest *req)
{
    virNetworkdOvsTarget target;

    virNetworkdOvsTargetFromRecord(mgr->ovs, rec, &target);
    target.addresses = req->ovnAddresses;
    target.dhcpv4Options = req->ovnDhcpOptions;
    return virNetworkdOvsPortPlug(mgr->ovs, &target, rec);
}

/**
 * virNetworkdPortManagerPrepareBridge:
 * @mgr: the manager
 * @req: a plug "bridge" or "network" request
 * @br: filled with the bridge's ifindex and MTU
 * @mtu: in: the MTU asked for (0: none); out: the port's MTU
 *
 * Looks the bridge up (NotFound when there is none), checks the MTU
 * against it, and pins its MAC before its first port.  Returns 0, or -1
 * with an error reported.
 */
static int
virNetworkdPortManagerPrepareBridge(virNetworkdPortManager *mgr,
                                    const virNetworkdRequest *req,
                                    virNetDevBridgeInfo *br,
                                    unsigned int *mtu)
{
    bool ovs = req->virtualport == VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH;
    int rc;

    /* an OVS bridge is no Linux bridge: OVSDB checks that it exists */
    if (ovs && virNetworkdPortManagerOvsBridge(mgr, req->bridge, br) < 0)
        return -1;
    if (!ovs && (rc = virNetDevBridgeGetInfo(mgr->sk, req->bridge, br)) <= 0) {
        if (rc == 0) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("bridge '%1$s' does not exist"), req->bridge);
            virNetworkdErrorSetLast(VIR_NETWORKD_ERROR_NOT_FOUND);
        }
        return -1;
    }

    /* The requested MTU must fit the bridge: a larger one would have the
     * guest send frames the bridge drops. */
    if (*mtu > br->mtu) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key 'mtu': %1$u is larger than the MTU %2$u of bridge '%3$s'"),
                       *mtu, br->mtu, req->bridge);
        return -1;
    }
    if (!*mtu)
        *mtu = br->mtu;

    /* Before the bridge's first port (once per bridge and run: setting it
     * again changes nothing): a bridge whose MAC was never set takes the
     * lowest of its ports', which a port's fd holder could choose. */
    if (!ovs && !g_hash_table_contains(mgr->pinned, GINT_TO_POINTER(br->ifindex))) {
        if (virNetDevBridgePinAddress(mgr->sk, req->bridge, br->ifindex) < 0)
            return -1;
        g_hash_table_add(mgr->pinned, GINT_TO_POINTER(br->ifindex));
    }
    return 0;
}

/**
 * virNetworkdPortManagerMakeTapPort:
 * @mgr: the manager
 * @req: a validated request of plug "bridge", "network" (with the
 *       network's bridge and name filled in by
 *       virNetworkdNetworkManagerResolvePort) or "none" (no bridge)
 * @rec: the new port's record: its MAC is set; receives ifname, ifindex,
 *       bridge, network and MTU
 * @fds: array of @req->queues ints that receives the tap fds
 *
 * Checks the bridge, creates the tap, puts its limits and filter in
 * force (networkd_portctl.c; @rec's bandwidth and filter are decided)
 * and plugs it (plug "none": gives it its MAC and MTU and brings it up).
 * The filter goes in on the filter thread while the tap gets its limits
 * and joins its bridge, and is in force before this returns.  Returns 0,
 * or -1 with an error reported and no device, ifb, filter or fd left.
 */
static int
virNetworkdPortManagerMakeTapPort(virNetworkdPortManager *mgr,
                                  const virNetworkdRequest *req,
                                  virNetworkdPortRecord *rec,
                                  int *fds)
{
    virNetDevBridgeInfo br = { 0 };
    bool routed = req->plug == VIR_NETWORKD_PLUG_NONE;
    bool ovs = req->virtualport == VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH;
    virNetlinkLinkInfo tap;
    virMacAddr hostMac;
    char ifname[VIR_NETDEV_NAME_MAX_LEN + 1];
    virNetworkdFilterJob *filterJob = NULL;
    virError *saved = NULL;
    unsigned int mtu;
    unsigned int i;
    int rc;

    /* plug "none": no bridge; the tap keeps the kernel's MTU unless asked */
    mtu = req->mtu;
    if (!routed && virNetworkdPortManagerPrepareBridge(mgr, req, &br, &mtu) < 0)
        return -1;

    virMacAddrHostSide(&rec->mac, &hostMac);
    if (virNetworkdPortManagerMakeTap(mgr, req, fds, ifname, sizeof(ifname)) < 0)
        return -1;

    if ((rc = virNetlinkLinkGetInfo(mgr->sk, 0, ifname, &tap)) <= 0) {
        if (rc == 0)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("tap '%1$s' vanished right after its creation"), ifname);
        goto error_fds;
    }
    /* Until TUNSETOWNER, anyone could attach a queue of a multiqueue tap
     * by name: the fds must all be ours.  (A single-queue tap takes one
     * fd, and the kernel does not count it.) */
    if (tap.tun.hasQueues &&
        tap.tun.numQueues + tap.tun.numDisabledQueues != req->queues) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("tap '%1$s' has %2$u fds attached instead of %3$u"),
                       ifname, tap.tun.numQueues + tap.tun.numDisabledQueues, req->queues);
        goto error_delete;
    }

    /* its limits while it is down: a qdisc grafted onto a device that
     * is up waits for an RCU grace period (twice: root and ingress) */
    rec->ifname = g_strdup(ifname);
    rec->ifindex = tap.ifindex;
    rec->mtu = mtu ? mtu : tap.mtu;
    filterJob = virNetworkdPortControlsFilterStart(mgr->filterPool, rec);
    if (virNetworkdPortControlsLimitNew(mgr->sk, mgr->teardown, rec) < 0)
        goto error_filter;

    if (!routed) {
        /* an OVS port is up before vswitchd opens it: it joins its
         * bridge through OVSDB once recorded (virNetworkdPortManagerPlugOvs) */
        if (virNetDevBridgeAddPort(mgr->sk, req->bridge, ovs ? 0 : br.ifindex, ifname,
                                   tap.ifindex, &hostMac, mtu) < 0)
            goto error_limits;
    } else {
        /* A routed tap: addresses and routes on its host side are the
         * administrator's (its IPv6 link-local address is kept: routing
         * over the link needs it). */
        if (virNetlinkLinkChange(mgr->sk, tap.ifindex, ifname, &hostMac, mtu,
                                 0, NULL, true) < 0)
            goto error_limits;
        if (!mtu)
            mtu = tap.mtu;
    }

    if (virNetworkdPortControlsFilterFinish(g_steal_pointer(&filterJob)) < 0)
        goto error_limits;

    rec->bridge = g_strdup(req->bridge);
    rec->network = g_strdup(req->network);
    rec->mtu = mtu;
    return 0;

 error_limits:
    /* the filter is removed once it is in force (or failed), never
     * while it is going in */
    virErrorPreserveLast(&saved);
    if (virNetworkdPortControlsFilterFinish(g_steal_pointer(&filterJob)) < 0)
        virResetLastError();
    virNetworkdPortControlsRemove(mgr->sk, rec, NULL);
    virErrorRestore(&saved);
    goto error_fds;
 error_filter:
    /* no limits to remove; a filter that went in is */
    virErrorPreserveLast(&saved);
    if (virNetworkdPortControlsFilterFinish(g_steal_pointer(&filterJob)) < 0 ||
        (virNetworkdPortControlsHasRules(rec) && virNWFilterPortRemove(rec->ifname) < 0))
        virResetLastError();
    virErrorRestore(&saved);
    goto error_fds;
 error_delete:
    /* the fds that someone else attached must not keep it alive */
    if (virNetlinkLinkDelete(mgr->sk, tap.ifindex, ifname) < 0)
        virResetLastError();
 error_fds:
    /* Closing the last fd of a non-persistent tap removes the device. */
    for (i = 0; i < req->queues; i++)
        virFileForceClose(&fds[i]);
    return -1;
}

/**
 * virNetworkdPortManagerUndo:
 * Removes what the creation of @rec made, after its fds were closed:
 * a tap went with its last fd; a macvtap is deleted.  Keeps the first
 * error.
 */
static void
virNetworkdPortManagerUndo(virNetworkdPortManager *mgr, const virNetworkdPortRecord *rec)
{
    virError *saved = NULL;

    virErrorPreserveLast(&saved);
    virNetworkdPortControlsRemove(mgr->sk, rec, NULL);
    switch (rec->plug) {
    case VIR_NETWORKD_PLUG_DIRECT:
        virNetworkdDirectDelete(mgr->sk, rec);
        break;
    case VIR_NETWORKD_PLUG_BRIDGE:
    case VIR_NETWORKD_PLUG_NETWORK:
    case VIR_NETWORKD_PLUG_NONE:
    case VIR_NETWORKD_PLUG_LAST:
        break;
    }
    virErrorRestore(&saved);
}

/**
 * virNetworkdPortManagerFloorSum:
 * Returns the inbound floors of the ports on @network, summed (0 for
 * NULL).
 */
static unsigned long long
virNetworkdPortManagerFloorSum(virNetworkdPortManager *mgr, const char *network)
{
    GHashTableIter iter;
    gpointer value;
    unsigned long long sum = 0;

    if (!network)
        return 0;
    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const virNetworkdPortRecord *rec = ((virNetworkdPort *)value)->rec;

        if (rec->network && strcmp(rec->network, network) == 0)
            sum += rec->bandwidth.inbound.floor;
    }
    return sum;
}

/**
 * virNetworkdPortManagerControls:
 * Decides @rec's controls in force — bandwidth limits and filter — from
 * @req and the scopes the port is in (its virtual network, its bridge or
 * host interface, then its user: networkd_controls.c), before the device
 * exists.  A filter needs a Linux bridge: a macvtap's frames never pass
 * one, nor do an Open vSwitch port's, so a port of plug "direct" or
 * virtualport "openvswitch" with a filter in force (asked for or
 * mandatory) is refused rather than made unfiltered.  A floor must fit
 * the port's network beside its other ports' (virNetworkdControlsFloorCheck;
 * its class is networkd_floor.c's, once the port exists).  Returns 0, or
 * -1 with an error.
 */
static int
virNetworkdPortManagerControls(virNetworkdPortManager *mgr, const virNetworkdRequest *req,
                               uid_t uid, virNetworkdPortRecord *rec)
{
    const virNetworkdControlsLimits *limits[] = {
        /* the virtual network's <bandwidth>, for a port on one */
        req->hasNetworkLimits ? &req->networkLimits : NULL,
        req->bridge ?
            virNetworkdControlsPolicyLookup(mgr->controls, VIR_NETWORKD_CONTROLS_SCOPE_BRIDGE,
                                            req->bridge, 0) :
            virNetworkdControlsPolicyLookup(mgr->controls, VIR_NETWORKD_CONTROLS_SCOPE_DEVICE,
                                            req->device, 0),
        virNetworkdControlsPolicyLookup(mgr->controls, VIR_NETWORKD_CONTROLS_SCOPE_USER, NULL, uid),
    };

    virNetworkdControlsBandwidth(&req->bandwidth, limits, G_N_ELEMENTS(limits), &rec->bandwidth);
    if (virNetworkdControlsFloorCheck(rec->bandwidth.inbound.floor, &rec->mac, req->network,
                                      req->bridge, req->hasNetworkLimits ? &req->networkLimits : NULL,
                                      virNetworkdPortManagerFloorSum(mgr, req->network)) < 0) {
        virNetworkdErrorSetLast(virGetLastErrorCode() == VIR_ERR_NO_SUPPORT ?
                                VIR_NETWORKD_ERROR_NOT_SUPPORTED :
                                VIR_NETWORKD_ERROR_INVALID_ARGUMENT);
        return -1;
    }
    rec->filterBlocks = virNetworkdControlsFilter(req->filterBlocks, limits, G_N_ELEMENTS(limits));
    memcpy(rec->filterIPs, req->filterIPs, sizeof(rec->filterIPs));
    rec->nfilterIPs = req->nfilterIPs;
    if (rec->filterBlocks && req->plug == VIR_NETWORKD_PLUG_DIRECT) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("a filter applies to ports on a bridge; a macvtap on '%1$s' passes none (the filter is %2$s)"),
                       req->device, req->filterBlocks ? "asked for" : "mandatory there");
        virNetworkdErrorSetLast(VIR_NETWORKD_ERROR_NOT_SUPPORTED);
        return -1;
    }
    if (rec->filterBlocks && req->virtualport == VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("a filter applies to ports on a Linux bridge; the Open vSwitch bridge '%1$s' passes none (the filter is %2$s)"),
                       req->bridge, req->filterBlocks ? "asked for" : "mandatory there");
        virNetworkdErrorSetLast(VIR_NETWORKD_ERROR_NOT_SUPPORTED);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdPortManagerCreate:
 * @mgr: the manager
 * @req: a validated request
 * @uid: the caller's uid, from the bus
 * @pid: the caller's pid, from the bus (0: unknown; plug "direct" needs it)
 * @fds: array of @req->queues ints that receives the queue fds
 *
 * Takes a quota slot, makes the port's device (a tap on a bridge, or a
 * macvtap tied to the caller's process: networkd_direct.c), puts its
 * limits in force (the request within the administrator's policy:
 * networkd_controls.c, networkd_portctl.c) and records the port.  Ownership of the fds passes to the caller, who must hand
 * them on or close them; the daemon keeps none.
 *
 * Returns the port (owned by @mgr), or NULL with an error reported and
 * nothing left behind (no device, no record, no slot).
 */
virNetworkdPort *
virNetworkdPortManagerCreate(virNetworkdPortManager *mgr,
                             const virNetworkdRequest *req,
                             uid_t uid,
                             pid_t pid,
                             int *fds)
{
    g_autoptr(virNetworkdPortRecord) rec = g_new0(virNetworkdPortRecord, 1);
    VIR_AUTOCLOSE holder = -1;
    virNetworkdPort *port;
    unsigned int i;
    int rc = -1;

    if (virNetworkdQuotaAcquire(mgr->quota, uid) < 0)
        return NULL;

    rec->plug = req->plug;
    rec->virtualport = req->virtualport;
    if (req->hasMac)
        rec->mac = req->mac;
    else
        virMacAddrGenerate(virMacPrefixLibvirt, &rec->mac);
    if (virNetworkdPortManagerControls(mgr, req, uid, rec) < 0)
        goto error_quota;

    switch (req->plug) {
    case VIR_NETWORKD_PLUG_BRIDGE:
    case VIR_NETWORKD_PLUG_NETWORK:
    case VIR_NETWORKD_PLUG_NONE:
        /* plug "network" arrives with its network's bridge filled in
         * (virNetworkdNetworkManagerResolvePort) */
        rc = virNetworkdPortManagerMakeTapPort(mgr, req, rec, fds);
        break;
    case VIR_NETWORKD_PLUG_DIRECT:
        if ((holder = virNetworkdDirectHolderFromPid(pid, rec)) >= 0)
            rc = virNetworkdDirectCreate(mgr->sk, req, &mgr->nextDirectIndex, rec, fds);
        break;
    case VIR_NETWORKD_PLUG_LAST:
        virReportError(VIR_ERR_INTERNAL_ERROR, _("unhandled plug %1$d"), req->plug);
        break;
    }
    if (rc < 0)
        goto error_quota;

    /* a tap got its limits and rules while it was plugged; a macvtap
     * gets its limits now (it has no rules: a filter was refused, its
     * frames pass no bridge) */
    if (req->plug == VIR_NETWORKD_PLUG_DIRECT &&
        virNetworkdPortControlsLimitNew(mgr->sk, mgr->teardown, rec) < 0)
        goto error_device;

    virUUIDGenerate(rec->uuid);
    rec->uid = uid;
    rec->queues = req->queues;
    rec->vnetHdr = req->vnetHdr;
    rec->ownerName = g_strdup(req->ownerName);
    rec->hasOwnerUUID = req->hasOwnerUUID;
    memcpy(rec->ownerUUID, req->ownerUUID, VIR_UUID_BUFLEN);
    rec->created = g_get_real_time();
    rec->interfaceId = g_strdup(req->interfaceId);
    rec->ovnSwitch = g_strdup(req->ovnSwitch);
    rec->ovnNorthbound = g_strdup(req->ovnNorthbound);
    /* a port of an OVN network binds a logical port of its own, named
     * after the port (unique across hosts) */
    if (rec->ovnSwitch && !rec->interfaceId) {
        char uuid[VIR_UUID_STRING_BUFLEN];

        rec->interfaceId = g_strconcat(VIR_NETWORKD_OVN_PORT_PREFIX,
                                       virUUIDFormat(rec->uuid, uuid), NULL);
    }

    /* an OVS port binds its logical port and joins its bridge last,
     * with its controls in force and its UUID as the rows' marker */
    if (rec->virtualport == VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH &&
        virNetworkdPortManagerPlugOvs(mgr, rec, req) < 0)
        goto error_device;
    if (virNetworkdStateSave(mgr->stateDir, rec) < 0) {
        virNetworkdPortManagerUnplugOvs(mgr, rec);
        goto error_device;
    }

    port = virNetworkdPortNew(g_steal_pointer(&rec));
    virNetworkdPortManagerAdd(mgr, port, false);
    if (holder >= 0)
        virNetworkdPortManagerWatchHolder(mgr, port, g_steal_fd(&holder));
    /* what goes with the port outside its device (its network's class
     * tree): a failure ends the port before anyone had its fds */
    if (mgr->added && mgr->added(port, mgr->addedOpaque) < 0) {
        virError *saved = NULL;

        virErrorPreserveLast(&saved);
        if (virNetworkdPortManagerDelete(mgr, port) < 0)
            virResetLastError();
        for (i = 0; i < req->queues; i++)
            virFileForceClose(&fds[i]);
        virErrorRestore(&saved);
        return NULL;
    }
    g_info("port %s (%s on %s, %u queue(s)) created for uid %u", port->uuidstr,
           port->rec->ifname, port->rec->bridge ? port->rec->bridge : port->rec->device,
           req->queues, (unsigned int)uid);
    return port;

 error_device:
    for (i = 0; i < req->queues; i++)
        virFileForceClose(&fds[i]);
    virNetworkdPortManagerUndo(mgr, rec);
 error_quota:
    virNetworkdQuotaRelease(mgr->quota, uid);
    return NULL;
}

/**
 * virNetworkdPortManagerDelete:
 * Deletes @port's device (revoking any fd still open on it) and releases
 * the port.  Returns 0, or -1 with an error reported (the port is kept).
 */
int
virNetworkdPortManagerDelete(virNetworkdPortManager *mgr, virNetworkdPort *port)
{
    int rc = -1;

    switch (port->rec->plug) {
    case VIR_NETWORKD_PLUG_DIRECT:
        rc = virNetworkdDirectDelete(mgr->sk, port->rec);
        break;
    case VIR_NETWORKD_PLUG_BRIDGE:
    case VIR_NETWORKD_PLUG_NETWORK:
    case VIR_NETWORKD_PLUG_NONE:
    case VIR_NETWORKD_PLUG_LAST:
        rc = virNetlinkLinkDelete(mgr->sk, port->rec->ifindex, port->rec->ifname);
        break;
    }
    if (rc < 0)
        return -1;
    virNetworkdPortManagerRelease(mgr, port, "deleted");
    return 0;
}

/**
 * virNetworkdPortManagerBindProcess:
 * @mgr: the manager
 * @port: a port of plug "direct"
 * @pidfd: a pidfd of the process its fds were handed to (taken)
 *
 * Makes that process the port's holder: the macvtap is deleted when it
 * exits (networkd_direct.c).  The record is saved first, so a restart
 * finds the new holder.  Returns 0, or -1 with an error reported (an
 * InvalidArgument for a port of another plug or a pidfd that is not
 * one, or of a process that exited); the old holder stays then.
 */
int
virNetworkdPortManagerBindProcess(virNetworkdPortManager *mgr, virNetworkdPort *port,
                                  int pidfd)
{
    VIR_AUTOCLOSE fd = pidfd;
    pid_t oldPid = port->rec->holderPid;
    unsigned long long oldStart = port->rec->holderStart;

    if (port->rec->plug != VIR_NETWORKD_PLUG_DIRECT) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("port %1$s is not of plug 'direct': it lives as long as its fds"),
                       port->uuidstr);
        return -1;
    }
    if (virNetworkdDirectHolderFromPidfd(fd, port->rec) < 0)
        return -1;
    if (virNetworkdStateSave(mgr->stateDir, port->rec) < 0) {
        port->rec->holderPid = oldPid;
        port->rec->holderStart = oldStart;
        return -1;
    }
    g_info("port %s (%s) now lives with process %lld", port->uuidstr, port->rec->ifname,
           (long long)port->rec->holderPid);
    virNetworkdPortManagerWatchHolder(mgr, port, g_steal_fd(&fd));
    return 0;
}

/**
 * virNetworkdPortManagerLookupNode:
 * Returns the port whose object path ends in @node, or NULL.
 */
virNetworkdPort *
virNetworkdPortManagerLookupNode(virNetworkdPortManager *mgr, const char *node)
{
    return node ? g_hash_table_lookup(mgr->byNode, node) : NULL;
}

/**
 * virNetworkdPortManagerLookupUUID:
 * Returns the port with @uuid, or NULL.
 */
virNetworkdPort *
virNetworkdPortManagerLookupUUID(virNetworkdPortManager *mgr, const unsigned char *uuid)
{
    char node[VIR_NETWORKD_PORT_NODE_BUFLEN];

    return virNetworkdPortManagerLookupNode(mgr, virNetworkdPortNodeFormat(uuid, node));
}

/**
 * virNetworkdPortManagerList:
 * Returns a new array of every port (the ports stay owned by @mgr; free
 * the array only).
 */
GPtrArray *
virNetworkdPortManagerList(virNetworkdPortManager *mgr)
{
    GPtrArray *ports = g_ptr_array_sized_new(g_hash_table_size(mgr->byNode));
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(ports, value);
    return ports;
}

/**
 * virNetworkdPortManagerCount:
 * Returns the number of ports.
 */
unsigned int
virNetworkdPortManagerCount(virNetworkdPortManager *mgr)
{
    return g_hash_table_size(mgr->byNode);
}

/**
 * virNetworkdPortManagerGetQuota:
 * Returns the quota table (owned by @mgr), for status and tests.
 */
const virNetworkdQuota *
virNetworkdPortManagerGetQuota(virNetworkdPortManager *mgr)
{
    return mgr->quota;
}

/**
 * virNetworkdPortAddrsToVariant:
 * Returns @ips (@nips of them) as an array of strings (floating).
 */
static GVariant *
virNetworkdPortAddrsToVariant(const virSocketAddr *ips, size_t nips)
{
    GVariantBuilder b;
    char ip[VIR_SOCKET_ADDR_STRING_BUFLEN];
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE_STRING_ARRAY);
    for (i = 0; i < nips; i++)
        g_variant_builder_add(&b, "s", virSocketAddrFormat(&ips[i], ip));
    return g_variant_builder_end(&b);
}

/**
 * virNetworkdPortFieldValue:
 * @port: a port
 * @field: one of the contract's fields
 *
 * Returns @port's value of @field as the bus carries it (a floating
 * GVariant of the field's D-Bus type: a Port property, a key of
 * CreatePort's info), or NULL for a field that is not on the bus.  Unset
 * optional strings read "".
 */
GVariant *
virNetworkdPortFieldValue(const virNetworkdPort *port, virNetworkdField field)
{
    const virNetworkdPortRecord *rec = port->rec;
    char buf[VIR_MAC_STRING_BUFLEN + VIR_UUID_STRING_BUFLEN];
    virMacAddr hostMac;

    switch (field) {
    case VIR_NETWORKD_FIELD_UUID:
        return g_variant_new_string(port->uuidstr);
    case VIR_NETWORKD_FIELD_UID:
        return g_variant_new_uint32(rec->uid);
    case VIR_NETWORKD_FIELD_IFNAME:
        return g_variant_new_string(rec->ifname);
    case VIR_NETWORKD_FIELD_PLUG:
        return g_variant_new_string(virNetworkdPlugTypeToString(rec->plug));
    case VIR_NETWORKD_FIELD_BRIDGE:
        return g_variant_new_string(rec->bridge ? rec->bridge : "");
    case VIR_NETWORKD_FIELD_NETWORK:
        return g_variant_new_string(rec->network ? rec->network : "");
    case VIR_NETWORKD_FIELD_MAC:
        return g_variant_new_string(virMacAddrFormat(&rec->mac, buf));
    case VIR_NETWORKD_FIELD_HOST_MAC:
        virNetworkdPortRecordDeviceMac(rec, &hostMac);
        return g_variant_new_string(virMacAddrFormat(&hostMac, buf));
    case VIR_NETWORKD_FIELD_MTU:
        return g_variant_new_uint32(rec->mtu);
    case VIR_NETWORKD_FIELD_QUEUES:
        return g_variant_new_uint32(rec->queues);
    case VIR_NETWORKD_FIELD_VNET_HDR:
        return g_variant_new_boolean(rec->vnetHdr);
    case VIR_NETWORKD_FIELD_OWNER_NAME:
        return g_variant_new_string(rec->ownerName ? rec->ownerName : "");
    case VIR_NETWORKD_FIELD_OWNER_UUID:
        return g_variant_new_string(rec->hasOwnerUUID ? virUUIDFormat(rec->ownerUUID, buf) : "");
    case VIR_NETWORKD_FIELD_CREATED:
        return g_variant_new_uint64(rec->created);
    case VIR_NETWORKD_FIELD_DEVICE:
        return g_variant_new_string(rec->device ? rec->device : "");
    case VIR_NETWORKD_FIELD_MODE:
        return g_variant_new_string(rec->plug == VIR_NETWORKD_PLUG_DIRECT ?
                                    virNetworkdDirectModeTypeToString(rec->mode) : "");
    case VIR_NETWORKD_FIELD_HOLDER_PID:
        return g_variant_new_uint32(rec->holderPid);
    case VIR_NETWORKD_FIELD_BANDWIDTH_INBOUND:
        return virNetworkdBandwidthRateToVariant(&rec->bandwidth.inbound);
    case VIR_NETWORKD_FIELD_BANDWIDTH_OUTBOUND:
        return virNetworkdBandwidthRateToVariant(&rec->bandwidth.outbound);
    case VIR_NETWORKD_FIELD_FILTER: {
        g_autofree char *text = virNWFilterBlocksFormat(rec->filterBlocks);

        return g_variant_new_string(text);
    }
    case VIR_NETWORKD_FIELD_FILTER_IPS:
        return virNetworkdPortAddrsToVariant(rec->filterIPs, rec->nfilterIPs);
    case VIR_NETWORKD_FIELD_LEARNED_IPS:
        return virNetworkdPortAddrsToVariant(port->learnedIPs, port->nlearnedIPs);
    case VIR_NETWORKD_FIELD_VIRTUALPORT:
        return g_variant_new_string(virNetworkdVirtualportTypeToString(rec->virtualport));
    case VIR_NETWORKD_FIELD_INTERFACEID:
        return g_variant_new_string(rec->interfaceId ? rec->interfaceId : "");
    case VIR_NETWORKD_FIELD_OVN_SWITCH:
        return g_variant_new_string(rec->ovnSwitch ? rec->ovnSwitch : "");
    /* kept by the daemon only, or requested only */
    case VIR_NETWORKD_FIELD_OVN_NORTHBOUND:
    case VIR_NETWORKD_FIELD_IFB:
    case VIR_NETWORKD_FIELD_IFINDEX:
    case VIR_NETWORKD_FIELD_HOLDER_START:
    case VIR_NETWORKD_FIELD_LOWER_MAC:
    case VIR_NETWORKD_FIELD_LAST:
        break;
    }
    return NULL;
}
