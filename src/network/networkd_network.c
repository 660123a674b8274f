/*
 * networkd_network.c: the network manager — virtual networks the daemon
 * keeps: definitions, life cycle, runtime records, reconciliation
 *
 * Theory of operation.  Networks are system objects defined by admins
 * (polkit's org.libvirt.networkd.network.manage, networkd_authz.c) and
 * used by whoever polkit lets create ports on them.  The daemon keeps:
 *
 *   <config dir>/networks/NAME.xml            a persistent definition
 *                                             (root's, 0600, replaced
 *                                             atomically and synced)
 *   <config dir>/networks/autostart/NAME.xml  a symbolic link to it:
 *                                             start with the daemon
 *   <state dir>/networks/<UUID hex>.xml       the live definition of a
 *                                             running network (with the
 *                                             bridge and MAC chosen): the
 *                                             record reconciled on restart
 *   <state dir>/networks/<UUID hex>.{conf,pid,leases}   its dnsmasq
 *
 * Every file is read only if it is a regular file of the daemon's uid
 * with one link (virNetworkdStateReadFile) and is parsed and validated
 * by the network XML model like any caller's XML, so a record is no
 * more trusted than a DefineNetwork argument (fuzz/networkxmlfuzz).
 *
 * The daemon chooses what the XML leaves out and writes it back into the
 * definition at define time, as upstream: a bridge name virbrN that no
 * network uses and no link of the host has, and (post-parse) a MAC.
 * XML the tree keeps but does not act on is refused at define, naming it:
 * a network that would run differently from its definition is worse than
 * none.  Name, uuid, bridge and subnets are checked against every other
 * network and the host (virNetworkDefCheckConflicts) at define and again
 * at start.
 *
 * Stopping a network with ports on it is allowed, as upstream's destroy:
 * the ports stay (their guests hold the taps) but lose their bridge with
 * the bridge; they do not join it again when the network starts again.
 */
#include "networkd_network.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "networkd_nethost.h"
#include "networkd_ovsnet.h"
#include "networkd_port.h"
#include "networkd_state.h"
#include "virerror.h"
#include "virfile.h"
#include "virnetdevip.h"
#include "virnetlink.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

VIR_ENUM_IMPL(virNetworkdNetworkEvent, VIR_NETWORKD_NETWORK_EVENT_LAST,
              "defined", "undefined", "started", "stopped");

#define VIR_NETWORKD_NETWORK_SUFFIX ".xml"

struct _virNetworkdNetworkManager {
    char *configDir;     /* <config dir>/networks */
    char *autostartDir;  /* <config dir>/networks/autostart */
    char *stateDir;      /* <state dir>/networks */
    char *dnsmasqUser;
    virNetworkdNetworkEventFunc event;
    void *opaque;
    virNetlinkSocket *sk;
    GHashTable *byNode;  /* node (32 hex) -> virNetworkdNetwork, owns */
    virNetworkdOvs *ovs; /* OVS and OVN settings (borrowed), or NULL */
};

/**
 * virNetworkdNetworkDef:
 * Returns the definition that names @net: the live one, else the stored.
 */
static const virNetworkDef *
virNetworkdNetworkDef(const virNetworkdNetwork *net)
{
    return net->live ? net->live : net->persistent;
}

/**
 * virNetworkdNetworkName:
 * Returns @net's name (owned by @net).
 */
const char *
virNetworkdNetworkName(const virNetworkdNetwork *net)
{
    return virNetworkdNetworkDef(net)->name;
}

/**
 * virNetworkdNetworkBridge:
 * Returns @net's bridge name, or "" when it has none (owned by @net).
 */
const char *
virNetworkdNetworkBridge(const virNetworkdNetwork *net)
{
    const char *br = virNetworkdNetworkDef(net)->bridge;

    return br ? br : "";
}

/**
 * virNetworkdNetworkGetXML:
 * Returns @net's XML (caller frees): the stored definition with
 * VIR_NETWORKD_NETWORK_XML_INACTIVE (when there is one), else the live one
 * when it runs.
 */
char *
virNetworkdNetworkGetXML(const virNetworkdNetwork *net, unsigned int flags)
{
    const virNetworkDef *def = virNetworkdNetworkDef(net);

    if ((flags & VIR_NETWORKD_NETWORK_XML_INACTIVE) && net->persistent)
        def = net->persistent;
    return virNetworkDefFormat(def);
}

/**
 * virNetworkdNetworkFree:
 * Frees @net.  Accepts NULL.
 */
static void
virNetworkdNetworkFree(virNetworkdNetwork *net)
{
    if (!net)
        return;
    virNetworkDefFree(net->persistent);
    virNetworkDefFree(net->live);
    g_free(net->ovnDhcp);
    g_free(net->path);
    g_free(net);
}

/**
 * virNetworkdNetworkNew:
 * Returns a network object for the network with @uuid (no definition yet).
 */
static virNetworkdNetwork *
virNetworkdNetworkNew(const unsigned char *uuid)
{
    virNetworkdNetwork *net = g_new0(virNetworkdNetwork, 1);

    virUUIDFormat(uuid, net->uuidstr);
    virNetworkdPortNodeFormat(uuid, net->node);
    net->path = g_strdup_printf("%s/%s", VIR_NETWORKD_NETWORK_PATH_BASE, net->node);
    return net;
}

/**
 * virNetworkdNetworkDefCopy:
 * Returns a deep copy of @def (through its XML: the one representation
 * that is known to round-trip), or NULL with an error.
 */
static virNetworkDef *
virNetworkdNetworkDefCopy(const virNetworkDef *def)
{
    g_autofree char *xml = virNetworkDefFormat(def);

    return virNetworkDefParseString(xml, def->name, 0);
}

/**
 * virNetworkdNetworkReportNotFound:
 * Reports "no network NAME" as NotFound.
 */
void
virNetworkdNetworkReportNotFound(const char *name)
{
    virReportError(VIR_ERR_NO_NETWORK, _("no network with matching name '%1$s'"), name);
    virNetworkdErrorSetLast(VIR_NETWORKD_ERROR_NOT_FOUND);
}

/**
 * virNetworkdNetworkManagerNew:
 * @configDir: the daemon's config dir (definitions go in its networks/)
 * @stateDir: the daemon's state dir (records go in its networks/)
 * @dnsmasqUser: the user dnsmasq drops to
 * @event: called when a network changes (may be NULL)
 * @opaque: passed to @event
 *
 * Returns a manager with no networks; call virNetworkdNetworkManagerStart.
 */
virNetworkdNetworkManager *
virNetworkdNetworkManagerNew(const char *configDir, const char *stateDir,
                             const char *dnsmasqUser, virNetworkdNetworkEventFunc event,
                             void *opaque)
{
    virNetworkdNetworkManager *mgr = g_new0(virNetworkdNetworkManager, 1);

    mgr->configDir = g_build_filename(configDir, "networks", NULL);
    mgr->autostartDir = g_build_filename(mgr->configDir, "autostart", NULL);
    mgr->stateDir = g_build_filename(stateDir, "networks", NULL);
    mgr->dnsmasqUser = g_strdup(dnsmasqUser);
    mgr->event = event;
    mgr->opaque = opaque;
    mgr->byNode = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify)virNetworkdNetworkFree);
    return mgr;
}

/**
 * virNetworkdNetworkManagerFree:
 * Forgets every network (running ones keep running; their records stay
 * for the next start) and frees @mgr.  Accepts NULL.
 */
void
virNetworkdNetworkManagerFree(virNetworkdNetworkManager *mgr)
{
    if (!mgr)
        return;
    g_hash_table_unref(mgr->byNode);
    virNetlinkSocketFree(mgr->sk);
    g_free(mgr->configDir);
    g_free(mgr->autostartDir);
    g_free(mgr->stateDir);
    g_free(mgr->dnsmasqUser);
    g_free(mgr);
}

/**
 * virNetworkdNetworkManagerEmit:
 * Tells the event callback.
 */
static void
virNetworkdNetworkManagerEmit(virNetworkdNetworkManager *mgr, const virNetworkdNetwork *net,
                              virNetworkdNetworkEvent event)
{
    g_info("network '%s' %s", virNetworkdNetworkName(net),
           virNetworkdNetworkEventTypeToString(event));
    if (mgr->event)
        mgr->event(net, event, mgr->opaque);
}

/**
 * virNetworkdNetworkManagerSetOvs:
 * Gives @mgr the daemon's OVS and OVN settings (borrowed: they must
 * outlive @mgr), before virNetworkdNetworkManagerStart().
 */
void
virNetworkdNetworkManagerSetOvs(virNetworkdNetworkManager *mgr, virNetworkdOvs *ovs)
{
    mgr->ovs = ovs;
}

/**
 * virNetworkdNetworkIsOvs:
 * True when @def's ports go on an Open vSwitch bridge.
 */
static bool
virNetworkdNetworkIsOvs(const virNetworkDef *def)
{
    return def->virtualport == VIR_NETWORK_VIRTUALPORT_OPENVSWITCH;
}

/**
 * virNetworkdNetworkManagerPaths:
 * Fills @paths with @net's runtime files.
 */
static void
virNetworkdNetworkManagerPaths(virNetworkdNetworkManager *mgr, const virNetworkdNetwork *net,
                               virNetworkdNetHostPaths *paths)
{
    virNetworkdNetHostPathsInit(paths, mgr->stateDir, net->node);
}

/**
 * virNetworkdNetworkManagerConfigPath:
 * Returns "<config>/networks/NAME.xml" (@autostart: its autostart link).
 */
static char *
virNetworkdNetworkManagerConfigPath(virNetworkdNetworkManager *mgr, const char *name,
                                    bool autostart)
{
    g_autofree char *file = g_strconcat(name, VIR_NETWORKD_NETWORK_SUFFIX, NULL);

    return g_build_filename(autostart ? mgr->autostartDir : mgr->configDir, file, NULL);
}

/**
 * virNetworkdNetworkManagerRecordPath:
 * Returns the path of @net's runtime record (caller frees).
 */
static char *
virNetworkdNetworkManagerRecordPath(virNetworkdNetworkManager *mgr,
                                    const virNetworkdNetwork *net)
{
    return g_strdup_printf("%s/%s%s", mgr->stateDir, net->node, VIR_NETWORKD_NETWORK_SUFFIX);
}

/**
 * virNetworkdNetworkManagerLookupNode:
 * Returns the network whose object path ends in @node, or NULL.
 */
virNetworkdNetwork *
virNetworkdNetworkManagerLookupNode(virNetworkdNetworkManager *mgr, const char *node)
{
    return node ? g_hash_table_lookup(mgr->byNode, node) : NULL;
}

/**
 * virNetworkdNetworkManagerLookupName:
 * Returns the network named @name, or NULL.
 */
virNetworkdNetwork *
virNetworkdNetworkManagerLookupName(virNetworkdNetworkManager *mgr, const char *name)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        if (strcmp(virNetworkdNetworkName(value), name) == 0)
            return value;
    }
    return NULL;
}

/**
 * virNetworkdNetworkManagerLookup:
 * Returns the network whose name, or UUID (dashed or 32 hex digits), is
 * @nameOrUUID, or NULL with a NotFound error.
 */
virNetworkdNetwork *
virNetworkdNetworkManagerLookup(virNetworkdNetworkManager *mgr, const char *nameOrUUID)
{
    virNetworkdNetwork *net = virNetworkdNetworkManagerLookupName(mgr, nameOrUUID);
    unsigned char uuid[VIR_UUID_BUFLEN];
    char node[VIR_NETWORKD_PORT_NODE_BUFLEN];

    if (!net && virUUIDParse(nameOrUUID, uuid) == 0)
        net = virNetworkdNetworkManagerLookupNode(mgr, virNetworkdPortNodeFormat(uuid, node));
    if (!net)
        virNetworkdNetworkReportNotFound(nameOrUUID);
    return net;
}

/**
 * virNetworkdNetworkManagerLookupBridge:
 * Returns the running network whose bridge is @bridge, or NULL.
 */
virNetworkdNetwork *
virNetworkdNetworkManagerLookupBridge(virNetworkdNetworkManager *mgr, const char *bridge)
{
    GHashTableIter iter;
    gpointer value;

    if (!bridge)
        return NULL;
    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        virNetworkdNetwork *net = value;

        /* an Open vSwitch bridge is shared: several networks, and ports
         * of no network, may be on it */
        if (net->live && net->live->bridge && !virNetworkdNetworkIsOvs(net->live) &&
            strcmp(net->live->bridge, bridge) == 0)
            return net;
    }
    return NULL;
}

/**
 * virNetworkdNetworkManagerList:
 * Returns a new array of every network, by name (the networks stay
 * owned by @mgr; free the array only).
 */
GPtrArray *
virNetworkdNetworkManagerList(virNetworkdNetworkManager *mgr)
{
    GPtrArray *nets = g_ptr_array_sized_new(g_hash_table_size(mgr->byNode));
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(nets, value);
    return nets;
}

/* --- conflicts ----------------------------------------------------------- */

/**
 * virNetworkdNetworkActiveBridges:
 * Returns the bridges of the running networks (NULL-terminated, strings
 * owned by the networks; free the array only).
 */
static const char **
virNetworkdNetworkActiveBridges(virNetworkdNetworkManager *mgr)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        virNetworkdNetwork *net = value;

        if (net->live && net->live->bridge)
            g_ptr_array_add(out, net->live->bridge);
    }
    g_ptr_array_add(out, NULL);
    return (const char **)g_ptr_array_free(out, FALSE);
}

/**
 * virNetworkdNetworkLinkExists:
 * virNetworkdLinkExistsFunc over netlink.
 */
static int
virNetworkdNetworkLinkExists(const char *ifname, void *opaque)
{
    virNetworkdNetworkManager *mgr = opaque;
    virNetlinkLinkInfo info;

    return virNetlinkLinkGetInfo(mgr->sk, 0, ifname, &info);
}

/**
 * virNetworkdNetworkLinkInUse:
 * virNetworkHostCallbacks.linkInUse: a link of that name exists and is
 * not the bridge of a running network.
 */
static int
virNetworkdNetworkLinkInUse(const char *ifname, void *opaque)
{
    virNetworkdNetworkManager *mgr = opaque;
    int rc;

    if (virNetworkdNetworkManagerLookupBridge(mgr, ifname))
        return 0;
    if ((rc = virNetworkdNetworkLinkExists(ifname, mgr)) < 0)
        return -1;
    return rc;
}

/**
 * virNetworkdNetworkSubnetInUse:
 * virNetworkHostCallbacks.subnetInUse: an address of the host, other
 * than those of running networks' bridges, is in the subnet.
 */
static int
virNetworkdNetworkSubnetInUse(const virSocketAddr *addr, unsigned int prefix,
                              char **where, void *opaque)
{
    virNetworkdNetworkManager *mgr = opaque;
    g_autofree const char **skip = virNetworkdNetworkActiveBridges(mgr);

    return virNetDevIPAddrOverlap(mgr->sk, addr, prefix, skip, where);
}

/**
 * virNetworkdNetworkCheckConflicts:
 * Checks @def against every other network (both definitions of each)
 * and, when @host, against the host.  Returns 0, or -1 with a Conflict
 * error.
 */
static int
virNetworkdNetworkCheckConflicts(virNetworkdNetworkManager *mgr, const virNetworkDef *def,
                                 bool host)
{
    virNetworkHostCallbacks cb = {
        .linkInUse = virNetworkdNetworkLinkInUse,
        .subnetInUse = virNetworkdNetworkSubnetInUse,
        .opaque = mgr,
    };
    g_autoptr(GPtrArray) others = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        virNetworkdNetwork *net = value;

        if (net->persistent)
            g_ptr_array_add(others, net->persistent);
        if (net->live)
            g_ptr_array_add(others, net->live);
    }
    if (virNetworkDefCheckConflicts(def, (const virNetworkDef * const *)others->pdata,
                                    others->len, host ? &cb : NULL) < 0) {
        if (virGetLastErrorCode() == VIR_ERR_OPERATION_INVALID)
            virNetworkdErrorSetLast(VIR_NETWORKD_ERROR_CONFLICT);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdNetworkChooseBridge:
 * Sets @def's bridge, when it creates one and names none: the bridge
 * @existing already had, else the first free virbrN.  Returns 0 or -1.
 */
static int
virNetworkdNetworkChooseBridge(virNetworkdNetworkManager *mgr, virNetworkDef *def,
                               const virNetworkdNetwork *existing)
{
    g_autoptr(GPtrArray) taken = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    if (def->bridge || !virNetworkDefCreatesBridge(def))
        return 0;
    if (existing && virNetworkdNetworkDef(existing)->bridge) {
        def->bridge = g_strdup(virNetworkdNetworkDef(existing)->bridge);
        return 0;
    }
    g_hash_table_iter_init(&iter, mgr->byNode);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        virNetworkdNetwork *net = value;

        if (net->persistent && net->persistent->bridge)
            g_ptr_array_add(taken, net->persistent->bridge);
        if (net->live && net->live->bridge)
            g_ptr_array_add(taken, net->live->bridge);
    }
    g_ptr_array_add(taken, NULL);
    def->bridge = virNetworkdNetHostBridgeChoose((const char * const *)taken->pdata,
                                                 virNetworkdNetworkLinkExists, mgr);
    return def->bridge ? 0 : -1;
}

/* --- definitions ---------------------------------------------------------- */

/**
 * virNetworkdNetworkParse:
 * @xml: a caller's network XML (untrusted)
 *
 * Parses and validates it and refuses what the daemon would not act on
 * (virNetworkDefUnmodelledSummary).  Returns the definition (caller
 * frees), or NULL with an InvalidArgument error.
 */
virNetworkDef *
virNetworkdNetworkParse(const char *xml)
{
    g_autoptr(virNetworkDef) def = NULL;
    g_autofree char *kept = NULL;

    if (!(def = virNetworkDefParseString(xml, NULL, 0))) {
        virNetworkdErrorSetLast(VIR_NETWORKD_ERROR_INVALID_ARGUMENT);
        return NULL;
    }
    if ((kept = virNetworkDefUnmodelledSummary(def))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("network '%1$s': this daemon does not act on %2$s; remove it from the definition"),
                       def->name, kept);
        virNetworkdErrorSetLast(VIR_NETWORKD_ERROR_INVALID_ARGUMENT);
        return NULL;
    }
    return g_steal_pointer(&def);
}

/**
 * virNetworkdNetworkManagerAssign:
 * Finds the network @def (re)defines: by name (same uuid required), or
 * none with that name and uuid.  Fills in the bridge, checks conflicts.
 * Returns 0 with *@existing set (NULL: a new network), or -1 with an
 * error.
 */
static int
virNetworkdNetworkManagerAssign(virNetworkdNetworkManager *mgr, virNetworkDef *def,
                                virNetworkdNetwork **existing)
{
    virNetworkdNetwork *net = virNetworkdNetworkManagerLookupName(mgr, def->name);
    char node[VIR_NETWORKD_PORT_NODE_BUFLEN];

    virNetworkdPortNodeFormat(def->uuid, node);
    if (net && strcmp(net->node, node) != 0) {
        virReportError(VIR_ERR_NETWORK_CONFLICT,
                       _("network '%1$s' already exists with uuid %2$s"),
                       def->name, net->uuidstr);
        return -1;
    }
    if (!net && virNetworkdNetworkManagerLookupNode(mgr, node)) {
        char uuid[VIR_UUID_STRING_BUFLEN];

        virReportError(VIR_ERR_NETWORK_CONFLICT,
                       _("network '%1$s': uuid %2$s is already used by network '%3$s'"),
                       def->name, virUUIDFormat(def->uuid, uuid),
                       virNetworkdNetworkName(virNetworkdNetworkManagerLookupNode(mgr, node)));
        return -1;
    }
    if (virNetworkdNetworkChooseBridge(mgr, def, net) < 0 ||
        virNetworkdNetworkCheckConflicts(mgr, def, !(net && net->live)) < 0)
        return -1;
    *existing = net;
    return 0;
}

/**
 * virNetworkdNetworkManagerAdd:
 * Returns a new network object for @def's uuid, in the table.
 */
static virNetworkdNetwork *
virNetworkdNetworkManagerAdd(virNetworkdNetworkManager *mgr, const virNetworkDef *def)
{
    virNetworkdNetwork *net = virNetworkdNetworkNew(def->uuid);

    g_hash_table_insert(mgr->byNode, net->node, net);
    return net;
}

/**
 * virNetworkdNetworkManagerRemove:
 * Drops @net from the table and frees it.
 */
static void
virNetworkdNetworkManagerRemove(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net)
{
    g_hash_table_remove(mgr->byNode, net->node);
}

/**
 * virNetworkdNetworkManagerDefine:
 * @mgr: the manager
 * @def: a definition from virNetworkdNetworkParse (taken)
 *
 * Defines a new persistent network or replaces the stored definition of
 * one (a running network keeps running as it was started: the new
 * definition applies at its next start).  Returns the network, or NULL
 * with an error.
 */
virNetworkdNetwork *
virNetworkdNetworkManagerDefine(virNetworkdNetworkManager *mgr, virNetworkDef *def)
{
    g_autoptr(virNetworkDef) owned = def;
    g_autofree char *path = NULL;
    g_autofree char *xml = NULL;
    virNetworkdNetwork *net = NULL;

    if (virNetworkdNetworkManagerAssign(mgr, owned, &net) < 0)
        return NULL;
    path = virNetworkdNetworkManagerConfigPath(mgr, owned->name, false);
    xml = virNetworkDefFormat(owned);
    if (virFileRewriteStr(path, 0600, xml) < 0)
        return NULL;
    if (!net)
        net = virNetworkdNetworkManagerAdd(mgr, owned);
    virNetworkDefFree(net->persistent);
    net->persistent = g_steal_pointer(&owned);
    virNetworkdNetworkManagerEmit(mgr, net, VIR_NETWORKD_NETWORK_EVENT_DEFINED);
    return net;
}

static int virNetworkdNetworkManagerActivate(virNetworkdNetworkManager *mgr,
                                             virNetworkdNetwork *net,
                                             virNetworkDef *def);

/**
 * virNetworkdNetworkManagerCreate:
 * Defines a transient network from @def (taken) and starts it; it is
 * gone once stopped.  Returns it, or NULL with an error (and nothing
 * left).
 */
virNetworkdNetwork *
virNetworkdNetworkManagerCreate(virNetworkdNetworkManager *mgr, virNetworkDef *def)
{
    g_autoptr(virNetworkDef) owned = def;
    virNetworkdNetwork *net = NULL;

    if (virNetworkdNetworkManagerAssign(mgr, owned, &net) < 0)
        return NULL;
    if (net) {
        virReportError(VIR_ERR_NETWORK_CONFLICT,
                       _("network '%1$s' already exists"), owned->name);
        return NULL;
    }
    net = virNetworkdNetworkManagerAdd(mgr, owned);
    if (virNetworkdNetworkManagerActivate(mgr, net, g_steal_pointer(&owned)) < 0) {
        virNetworkdNetworkManagerRemove(mgr, net);
        return NULL;
    }
    return net;
}

/* --- life cycle ----------------------------------------------------------- */

/**
 * virNetworkdNetworkManagerSaveRecord:
 * Writes @net's live definition as its runtime record.  0 or -1.
 */
static int
virNetworkdNetworkManagerSaveRecord(virNetworkdNetworkManager *mgr,
                                    const virNetworkdNetwork *net)
{
    g_autofree char *path = virNetworkdNetworkManagerRecordPath(mgr, net);
    g_autofree char *xml = virNetworkDefFormat(net->live);

    return virFileRewriteStrNoSync(path, 0600, xml);
}

/**
 * virNetworkdNetworkManagerHostStart:
 * Starts @def, the live definition of @net, on the host: a bridge of its
 * own with dnsmasq and chains (networkd_nethost.c), or an Open vSwitch
 * bridge and OVN logical switch (networkd_ovsnet.c: nothing on the
 * host).  Returns 0, or -1 with an error and nothing left behind.
 */
static int
virNetworkdNetworkManagerHostStart(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net,
                                   const virNetworkDef *def,
                                   const virNetworkdNetHostPaths *paths)
{
    if (virNetworkdNetworkIsOvs(def)) {
        g_clear_pointer(&net->ovnDhcp, g_free);
        if (virNetworkdOvsNetStart(mgr->ovs, def, &net->ovnDhcp) < 0) {
            virError *saved = NULL;

            /* what it may have left in NB (a subnet marker) */
            virErrorPreserveLast(&saved);
            (void)virNetworkdOvsNetStop(mgr->ovs, def);
            virErrorRestore(&saved);
            return -1;
        }
        return 0;
    }
    return virNetworkdNetHostStart(mgr->sk, def, paths, mgr->dnsmasqUser);
}

/**
 * virNetworkdNetworkManagerHostStop:
 * Stops @net (running) on the host.  Returns 0, or -1 with an error.
 */
static int
virNetworkdNetworkManagerHostStop(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net,
                                  const virNetworkdNetHostPaths *paths)
{
    if (virNetworkdNetworkIsOvs(net->live))
        return virNetworkdOvsNetStop(mgr->ovs, net->live);
    return virNetworkdNetHostStop(mgr->sk, net->live, paths);
}

/**
 * virNetworkdNetworkManagerHostReconcile:
 * After a restart, @net was running: 1 when it still is, 0 when its
 * bridge is gone (stopped), -1 with an error (it counts as running).  An
 * Open vSwitch network is started again (idempotent); when only the
 * northbound database fails, the network keeps running and its next port
 * tries again.
 */
static int
virNetworkdNetworkManagerHostReconcile(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net,
                                       const virNetworkdNetHostPaths *paths)
{
    if (virNetworkdNetworkIsOvs(net->live)) {
        if (virNetworkdOvsNetStart(mgr->ovs, net->live, &net->ovnDhcp) < 0) {
            g_warning("network '%s': %s", virNetworkdNetworkName(net), virGetLastErrorMessage());
            virResetLastError();
        }
        return 1;
    }
    return virNetworkdNetHostReconcile(mgr->sk, net->live, paths, mgr->dnsmasqUser);
}

/**
 * virNetworkdNetworkManagerActivate:
 * Starts @net (not running) with the live definition @def (taken):
 * checked against the other networks and the host, started on the host
 * and recorded.  Returns 0, or -1 with an error and nothing left behind.
 */
static int
virNetworkdNetworkManagerActivate(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net,
                                  virNetworkDef *def)
{
    g_autoptr(virNetworkDef) live = def;
    virNetworkdNetHostPaths paths = { 0 };
    virError *saved = NULL;
    int ret = -1;

    if (virNetworkdNetworkCheckConflicts(mgr, live, true) < 0)
        return -1;
    virNetworkdNetworkManagerPaths(mgr, net, &paths);
    if (virNetworkdNetworkManagerHostStart(mgr, net, live, &paths) < 0)
        goto cleanup;
    net->live = g_steal_pointer(&live);
    if (virNetworkdNetworkManagerSaveRecord(mgr, net) < 0) {
        virErrorPreserveLast(&saved);
        (void)virNetworkdNetworkManagerHostStop(mgr, net, &paths);
        virErrorRestore(&saved);
        g_clear_pointer(&net->live, virNetworkDefFree);
        goto cleanup;
    }
    virNetworkdNetworkManagerEmit(mgr, net, VIR_NETWORKD_NETWORK_EVENT_STARTED);
    ret = 0;
 cleanup:
    virNetworkdNetHostPathsClear(&paths);
    return ret;
}

/**
 * virNetworkdNetworkManagerStartOne:
 * Starts @net from a copy of its stored definition.  Returns 0, or -1
 * with an error (NetworkActive when it runs; nothing left behind on
 * failure).
 */
int
virNetworkdNetworkManagerStartOne(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net)
{
    virNetworkDef *live;

    if (net->live) {
        virReportError(VIR_ERR_NETWORK_ACTIVE, _("network '%1$s' is already active"),
                       virNetworkdNetworkName(net));
        return -1;
    }
    if (!(live = virNetworkdNetworkDefCopy(net->persistent)))
        return -1;
    return virNetworkdNetworkManagerActivate(mgr, net, live);
}

/**
 * virNetworkdNetworkManagerDeactivate:
 * @net is not running any more: forgets its live definition and record,
 * drops a transient network, tells the callback.
 */
static void
virNetworkdNetworkManagerDeactivate(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net)
{
    g_autofree char *record = virNetworkdNetworkManagerRecordPath(mgr, net);

    if (virFileRemove(record) < 0) {
        g_warning("%s", virGetLastErrorMessage());
        virResetLastError();
    }
    virNetworkdNetworkManagerEmit(mgr, net, VIR_NETWORKD_NETWORK_EVENT_STOPPED);
    g_clear_pointer(&net->live, virNetworkDefFree);
    g_clear_pointer(&net->ovnDhcp, g_free);
    if (!net->persistent)
        virNetworkdNetworkManagerRemove(mgr, net);
}

/**
 * virNetworkdNetworkManagerDestroy:
 * Stops @net (dnsmasq, chains, bridge); a transient network is gone
 * afterwards.  Ports on it stay, without a bridge.  Returns 0, or -1
 * with an error (NetworkInactive when it is not running; after a failed
 * step the network still counts as running, so Destroy can be retried).
 */
int
virNetworkdNetworkManagerDestroy(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net)
{
    virNetworkdNetHostPaths paths = { 0 };
    int rc;

    if (!net->live) {
        virReportError(VIR_ERR_NETWORK_INACTIVE, _("network '%1$s' is not active"),
                       virNetworkdNetworkName(net));
        return -1;
    }
    virNetworkdNetworkManagerPaths(mgr, net, &paths);
    rc = virNetworkdNetworkManagerHostStop(mgr, net, &paths);
    virNetworkdNetHostPathsClear(&paths);
    if (rc < 0)
        return -1;
    virNetworkdNetworkManagerDeactivate(mgr, net);
    return 0;
}

/**
 * virNetworkdNetworkManagerUndefine:
 * Removes @net's stored definition (and autostart link).  A running
 * network keeps running as a transient one.  Returns 0, or -1 with an
 * error.
 */
int
virNetworkdNetworkManagerUndefine(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net)
{
    g_autofree char *path = NULL;

    if (!net->persistent) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("network '%1$s' is transient: there is no definition to remove"),
                       virNetworkdNetworkName(net));
        return -1;
    }
    if (virNetworkdNetworkManagerSetAutostart(mgr, net, false) < 0)
        return -1;
    path = virNetworkdNetworkManagerConfigPath(mgr, net->persistent->name, false);
    if (virFileRemove(path) < 0)
        return -1;
    virNetworkdNetworkManagerEmit(mgr, net, VIR_NETWORKD_NETWORK_EVENT_UNDEFINED);
    g_clear_pointer(&net->persistent, virNetworkDefFree);
    if (!net->live)
        virNetworkdNetworkManagerRemove(mgr, net);
    return 0;
}

/**
 * virNetworkdNetworkManagerSetAutostart:
 * Creates or removes @net's autostart link.  Returns 0, or -1 with an
 * error (a transient network cannot autostart).
 */
int
virNetworkdNetworkManagerSetAutostart(virNetworkdNetworkManager *mgr,
                                      virNetworkdNetwork *net, bool autostart)
{
    g_autofree char *link = NULL;
    g_autofree char *target = NULL;

    if (!net->persistent) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("cannot set autostart for transient network '%1$s'"),
                       virNetworkdNetworkName(net));
        return -1;
    }
    link = virNetworkdNetworkManagerConfigPath(mgr, net->persistent->name, true);
    if (!autostart) {
        if (virFileRemove(link) < 0)
            return -1;
        net->autostart = false;
        return 0;
    }
    target = g_strconcat("../", net->persistent->name, VIR_NETWORKD_NETWORK_SUFFIX, NULL);
    if (virFileRemove(link) < 0)
        return -1;
    if (symlink(target, link) < 0) {
        virReportSystemError(errno, _("cannot create autostart link '%1$s'"), link);
        return -1;
    }
    net->autostart = true;
    return 0;
}

/**
 * virNetworkdNetworkManagerLeasesPath:
 * Returns the path of @net's lease file (caller frees), whether dnsmasq
 * has made it yet or not; NULL when @net is not running or has no
 * dnsmasq.
 */
char *
virNetworkdNetworkManagerLeasesPath(virNetworkdNetworkManager *mgr,
                                    const virNetworkdNetwork *net)
{
    virNetworkdNetHostPaths paths = { 0 };
    char *path;

    if (!net->live || !virNetworkdNetHostNeedsDnsmasq(net->live))
        return NULL;
    virNetworkdNetworkManagerPaths(mgr, net, &paths);
    path = g_steal_pointer(&paths.leases);
    virNetworkdNetHostPathsClear(&paths);
    return path;
}

/**
 * virNetworkdNetworkManagerLeases:
 * Reads @net's DHCP leases (all of them: filtering per caller is the
 * caller's).  A network without dnsmasq, or not running, has none; an
 * OVN network's are the addresses of its logical ports
 * (virNetworkdOvsNetLeases).
 * Returns 0 with *@leases (free with virDnsmasqLeaseListFree), or -1.
 */
int
virNetworkdNetworkManagerLeases(virNetworkdNetworkManager *mgr,
                                const virNetworkdNetwork *net,
                                virDnsmasqLease **leases, size_t *nleases)
{
    virNetworkdNetHostPaths paths = { 0 };
    int rc = 0;

    *leases = NULL;
    *nleases = 0;
    if (net->live && virNetworkDefIsOvn(net->live))
        return virNetworkdOvsNetLeases(mgr->ovs, net->live, leases, nleases);
    if (!net->live || !virNetworkdNetHostNeedsDnsmasq(net->live))
        return 0;
    virNetworkdNetworkManagerPaths(mgr, net, &paths);
    /* dnsmasq creates it with the first lease */
    if (access(paths.leases, F_OK) == 0)
        rc = virDnsmasqLeasesRead(paths.leases, leases, nleases);
    virNetworkdNetHostPathsClear(&paths);
    return rc;
}

/* --- start-up ------------------------------------------------------------- */

/**
 * virNetworkdNetworkManagerReadDef:
 * Reads and parses a definition or record file of the daemon's own.
 * Returns it, or NULL with the reason logged (the file is skipped).
 */
static virNetworkDef *
virNetworkdNetworkManagerReadDef(const char *path)
{
    g_autofree char *data = NULL;
    const char *reason = NULL;
    virNetworkDef *def;

    if (virNetworkdStateReadFile(path, VIR_NETWORK_XML_MAX_SIZE, &data, &reason) < 0) {
        g_warning("ignoring network file %s: %s", path, reason);
        return NULL;
    }
    if (!(def = virNetworkdNetworkParse(data))) {
        g_warning("ignoring network file %s: %s", path, virGetLastErrorMessage());
        virResetLastError();
    }
    return def;
}

/**
 * virNetworkdNetworkManagerEachFile:
 * Calls @fn for every *.xml file of @dir (its path and name).  Returns
 * 0, or -1 with an error reported when @dir cannot be read.
 */
static int
virNetworkdNetworkManagerEachFile(virNetworkdNetworkManager *mgr, const char *dir,
                                  void (*fn)(virNetworkdNetworkManager *mgr,
                                             const char *path, const char *name))
{
    g_autoptr(GDir) d = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *name;

    if (!(d = g_dir_open(dir, 0, &gerr))) {
        virReportError(VIR_ERR_SYSTEM_ERROR, _("cannot read '%1$s': %2$s"), dir, gerr->message);
        return -1;
    }
    while ((name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);

        if (g_str_has_suffix(name, VIR_NETWORKD_NETWORK_SUFFIX))
            fn(mgr, path, name);
    }
    return 0;
}

/**
 * virNetworkdNetworkManagerLoadConfig:
 * Loads one stored definition (NAME.xml, named after its network) and
 * its autostart flag; a file that does not qualify is logged and
 * skipped.
 */
static void
virNetworkdNetworkManagerLoadConfig(virNetworkdNetworkManager *mgr, const char *path,
                                    const char *name)
{
    g_autoptr(virNetworkDef) def = virNetworkdNetworkManagerReadDef(path);
    g_autofree char *link = NULL;
    g_autofree char *expect = NULL;
    virNetworkdNetwork *net;
    struct stat st;

    if (!def)
        return;
    expect = g_strconcat(def->name, VIR_NETWORKD_NETWORK_SUFFIX, NULL);
    if (strcmp(expect, name) != 0 ||
        virNetworkdNetworkManagerLookupName(mgr, def->name) ||
        virNetworkdNetworkCheckConflicts(mgr, def, false) < 0) {
        g_warning("ignoring network file %s: %s", path,
                  virGetLastError() ? virGetLastErrorMessage()
                                    : "its name is not the network's, or taken");
        virResetLastError();
        return;
    }
    net = virNetworkdNetworkManagerAdd(mgr, def);
    link = virNetworkdNetworkManagerConfigPath(mgr, def->name, true);
    net->autostart = lstat(link, &st) == 0;
    net->persistent = g_steal_pointer(&def);
}

/**
 * virNetworkdNetworkManagerAdopt:
 * A record of a network that was running when the daemon stopped: its
 * network object (the stored one of that name and uuid, or a new
 * transient one), or NULL when another network holds the name or uuid.
 */
static virNetworkdNetwork *
virNetworkdNetworkManagerAdopt(virNetworkdNetworkManager *mgr, virNetworkDef *def)
{
    char node[VIR_NETWORKD_PORT_NODE_BUFLEN];
    virNetworkdNetwork *byName = virNetworkdNetworkManagerLookupName(mgr, def->name);
    virNetworkdNetwork *byNode =
        virNetworkdNetworkManagerLookupNode(mgr, virNetworkdPortNodeFormat(def->uuid, node));

    if (byName != byNode || (byName && byName->live))
        return NULL;
    return byName ? byName : virNetworkdNetworkManagerAdd(mgr, def);
}

/**
 * virNetworkdNetworkManagerReconcileOne:
 * Takes over the network recorded in @path (named <uuid hex>.xml): keeps
 * it running on the host, or forgets it when its bridge is gone.
 */
static void
virNetworkdNetworkManagerReconcileOne(virNetworkdNetworkManager *mgr, const char *path,
                                      const char *name)
{
    g_autoptr(virNetworkDef) def = virNetworkdNetworkManagerReadDef(path);
    virNetworkdNetHostPaths paths = { 0 };
    char node[VIR_NETWORKD_PORT_NODE_BUFLEN];
    g_autofree char *expect = NULL;
    virNetworkdNetwork *net;
    int rc;

    if (!def)
        return;
    expect = g_strconcat(virNetworkdPortNodeFormat(def->uuid, node),
                         VIR_NETWORKD_NETWORK_SUFFIX, NULL);
    if (strcmp(expect, name) != 0 || !def->bridge ||
        !(net = virNetworkdNetworkManagerAdopt(mgr, def))) {
        g_warning("ignoring network record %s: not named after its network's uuid, "
                  "without a bridge, or another network has its name", path);
        return;
    }
    net->live = g_steal_pointer(&def);
    virNetworkdNetworkManagerPaths(mgr, net, &paths);
    rc = virNetworkdNetworkManagerHostReconcile(mgr, net, &paths);
    virNetworkdNetHostPathsClear(&paths);
    if (rc == 0) {
        g_warning("network '%s': its bridge '%s' is gone; the network is stopped",
                  virNetworkdNetworkName(net), net->live->bridge);
        virNetworkdNetworkManagerDeactivate(mgr, net);
        return;
    }
    if (rc < 0) {
        /* it keeps counting as running: Destroy() can clean it up */
        g_warning("network '%s': %s", virNetworkdNetworkName(net), virGetLastErrorMessage());
        virResetLastError();
        return;
    }
    g_info("network '%s' kept running on bridge %s", virNetworkdNetworkName(net),
           net->live->bridge);
}

/**
 * virNetworkdNetworkManagerAutostart:
 * Starts every stored network marked autostart that is not running.
 * Failures are logged: the daemon serves the others anyway.
 */
static void
virNetworkdNetworkManagerAutostart(virNetworkdNetworkManager *mgr)
{
    g_autoptr(GPtrArray) nets = virNetworkdNetworkManagerList(mgr);
    size_t i;

    for (i = 0; i < nets->len; i++) {
        virNetworkdNetwork *net = g_ptr_array_index(nets, i);

        if (!net->autostart || net->live)
            continue;
        if (virNetworkdNetworkManagerStartOne(mgr, net) < 0) {
            g_warning("cannot autostart network '%s': %s", virNetworkdNetworkName(net),
                      virGetLastErrorMessage());
            virResetLastError();
        }
    }
}

/**
 * virNetworkdNetworkManagerMakeDir:
 * Creates @dir (0700) or checks that it is the daemon's alone.  0 or -1.
 */
static int
virNetworkdNetworkManagerMakeDir(const char *dir)
{
    if (virFileMakePath(dir, 0700) < 0)
        return -1;
    return virNetworkdStateDirCheck(dir);
}

/**
 * virNetworkdNetworkManagerStart:
 * Creates (or checks) the directories, loads the stored definitions,
 * takes over the networks recorded as running, then starts the
 * autostarted ones.  Returns 0, or -1 with an error reported.
 */
int
virNetworkdNetworkManagerStart(virNetworkdNetworkManager *mgr)
{
    if (virNetworkdNetworkManagerMakeDir(mgr->configDir) < 0 ||
        virNetworkdNetworkManagerMakeDir(mgr->autostartDir) < 0 ||
        virNetworkdNetworkManagerMakeDir(mgr->stateDir) < 0)
        return -1;
    if (!(mgr->sk = virNetlinkSocketNew()))
        return -1;
    if (virNetworkdNetworkManagerEachFile(mgr, mgr->configDir,
                                          virNetworkdNetworkManagerLoadConfig) < 0 ||
        virNetworkdNetworkManagerEachFile(mgr, mgr->stateDir,
                                          virNetworkdNetworkManagerReconcileOne) < 0)
        return -1;
    virNetworkdNetworkManagerAutostart(mgr);
    return 0;
}

/* --- ports and callers ------------------------------------------------------ */

/**
 * virNetworkdNetworkResolveOvs:
 * A port on the running Open vSwitch network @net: virtualport
 * "openvswitch"; on an OVN network, its logical switch (where the
 * logical port is created when it does not exist: the daemon names it
 * unless the caller named one, interfaceid) with the addresses for the
 * port's MAC (chosen now when the caller gave none) and the network's
 * DHCP options.  Returns 0, or -1 with an error.
 */
static int
virNetworkdNetworkResolveOvs(virNetworkdNetworkManager *mgr, virNetworkdNetwork *net,
                             virNetworkdRequest *req)
{
    const virNetworkDef *def = net->live;

    req->virtualport = VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH;
    if (!virNetworkDefIsOvn(def))
        return 0;
    g_free(req->ovnSwitch);
    req->ovnSwitch = g_strdup(def->ovnSwitch);
    g_free(req->ovnNorthbound);
    req->ovnNorthbound = g_strdup(def->ovnNorthbound);
    if (!req->hasMac) {
        virMacAddrGenerate(virMacPrefixLibvirt, &req->mac);
        req->hasMac = true;
    }
    g_free(req->ovnAddresses);
    g_clear_pointer(&req->ovnDhcpOptions, g_free);
    if (!(req->ovnAddresses = virNetworkdOvsNetPortAddresses(def, &req->mac)))
        return 0;
    /* known since the network started, or found again now (the
     * northbound database was away when the daemon restarted) */
    if (!net->ovnDhcp && virNetworkdOvsNetStart(mgr->ovs, def, &net->ovnDhcp) < 0)
        return -1;
    req->ovnDhcpOptions = g_strdup(net->ovnDhcp);
    return 0;
}

/**
 * virNetworkdNetworkManagerResolvePort:
 * @mgr: the manager
 * @req: a validated CreatePort request
 *
 * Ties the request to its network: plug "network" gets the running
 * network's bridge (NotFound for no such network, NetworkInactive for a
 * stopped one); plug "bridge" on a running network's bridge gets that
 * network's name, so the port is recorded as the network's (a
 * virtualport there is InvalidArgument: a network's bridge is a Linux
 * bridge).  A port on an Open vSwitch network gets virtualport
 * "openvswitch", and on an OVN network its logical switch, and the
 * addresses and DHCP options of the logical port the daemon creates
 * (virNetworkdNetworkResolveOvs).  Returns 0, or -1 with an error.
 */
int
virNetworkdNetworkManagerResolvePort(virNetworkdNetworkManager *mgr, virNetworkdRequest *req)
{
    virNetworkdNetwork *net;

    switch (req->plug) {
    case VIR_NETWORKD_PLUG_NETWORK:
        if (!(net = virNetworkdNetworkManagerLookupName(mgr, req->network))) {
            virNetworkdNetworkReportNotFound(req->network);
            return -1;
        }
        if (!net->live) {
            virReportError(VIR_ERR_NETWORK_INACTIVE,
                           _("network '%1$s' is not active"), req->network);
            return -1;
        }
        g_free(req->bridge);
        req->bridge = g_strdup(net->live->bridge);
        req->hasNetworkLimits = virNetworkdNetHostLimits(net->live, &req->networkLimits);
        if (virNetworkdNetworkIsOvs(net->live))
            return virNetworkdNetworkResolveOvs(mgr, net, req);
        if (req->virtualport != VIR_NETWORKD_VIRTUALPORT_NONE) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'virtualport': network '%1$s' is not on an Open vSwitch bridge"),
                           req->network);
            return -1;
        }
        return 0;
    case VIR_NETWORKD_PLUG_BRIDGE:
        if ((net = virNetworkdNetworkManagerLookupBridge(mgr, req->bridge))) {
            if (req->virtualport != VIR_NETWORKD_VIRTUALPORT_NONE) {
                virReportError(VIR_ERR_INVALID_ARG,
                               _("key 'virtualport': bridge '%1$s' is the Linux bridge of network '%2$s'"),
                               req->bridge, virNetworkdNetworkName(net));
                return -1;
            }
            g_free(req->network);
            req->network = g_strdup(virNetworkdNetworkName(net));
            if (net->live)
                req->hasNetworkLimits = virNetworkdNetHostLimits(net->live, &req->networkLimits);
        }
        return 0;
    case VIR_NETWORKD_PLUG_DIRECT:
    case VIR_NETWORKD_PLUG_NONE:
    case VIR_NETWORKD_PLUG_LAST:
        break;
    }
    return 0;
}

/**
 * virNetworkdNetworkManagerPortTarget:
 * @mgr: the manager (NULL: no networks)
 * @req: a validated CreatePort request
 * @in: its plug, network, bridge, virtualport, interfaceId and ovnSwitch
 *      are set (strings owned by @req or the network)
 *
 * What polkit is told about a CreatePort request before any work: the
 * network it names (or whose Linux bridge it names) and that network's
 * bridge; for an Open vSwitch network, virtualport "openvswitch", and
 * for an OVN network its logical switch.  The plug is the one rules are
 * written for ("network" for a network's bridge).
 */
void
virNetworkdNetworkManagerPortTarget(virNetworkdNetworkManager *mgr,
                                    const virNetworkdRequest *req,
                                    virNetworkdAuthzInput *in)
{
    virNetworkdNetwork *net;
    const virNetworkDef *live;

    in->plug = virNetworkdPlugTypeToString(req->plug);
    in->network = NULL;
    in->bridge = req->bridge;
    in->virtualport = req->virtualport != VIR_NETWORKD_VIRTUALPORT_NONE ?
        virNetworkdVirtualportTypeToString(req->virtualport) : NULL;
    in->interfaceId = req->interfaceId;
    in->ovnSwitch = req->ovnSwitch;
    switch (req->plug) {
    case VIR_NETWORKD_PLUG_NETWORK:
        in->network = req->network;
        net = mgr ? virNetworkdNetworkManagerLookupName(mgr, req->network) : NULL;
        live = net ? net->live : NULL;
        in->bridge = live ? live->bridge : "";
        if (live && virNetworkdNetworkIsOvs(live)) {
            in->virtualport = virNetworkdVirtualportTypeToString(VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH);
            in->ovnSwitch = live->ovnSwitch;
        }
        break;
    case VIR_NETWORKD_PLUG_BRIDGE:
        if (mgr && (net = virNetworkdNetworkManagerLookupBridge(mgr, req->bridge))) {
            in->network = virNetworkdNetworkName(net);
            in->plug = virNetworkdPlugTypeToString(VIR_NETWORKD_PLUG_NETWORK);
        }
        break;
    case VIR_NETWORKD_PLUG_DIRECT:
    case VIR_NETWORKD_PLUG_NONE:
    case VIR_NETWORKD_PLUG_LAST:
        break;
    }
}

/**
 * virNetworkdNetworkProperties:
 * Returns @net's properties as an a{sv} (floating): Name, UUID, Active,
 * Persistent, Autostart, Bridge.
 */
GVariant *
virNetworkdNetworkProperties(const virNetworkdNetwork *net)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "Name", g_variant_new_string(virNetworkdNetworkName(net)));
    g_variant_builder_add(&b, "{sv}", "UUID", g_variant_new_string(net->uuidstr));
    g_variant_builder_add(&b, "{sv}", "Active", g_variant_new_boolean(net->live != NULL));
    g_variant_builder_add(&b, "{sv}", "Persistent",
                          g_variant_new_boolean(net->persistent != NULL));
    g_variant_builder_add(&b, "{sv}", "Autostart", g_variant_new_boolean(net->autostart));
    g_variant_builder_add(&b, "{sv}", "Bridge",
                          g_variant_new_string(virNetworkdNetworkBridge(net)));
    return g_variant_builder_end(&b);
}

/**
 * virNetworkdNetworkLeasePrefix:
 * Returns the prefix of the <ip> of @def whose subnet holds @ip (0 when
 * none does).
 */
static unsigned int
virNetworkdNetworkLeasePrefix(const virNetworkDef *def, const virSocketAddr *ip)
{
    size_t i;

    for (i = 0; i < def->nips; i++) {
        if (virSocketAddrInSubnet(ip, &def->ips[i].address, def->ips[i].prefix))
            return def->ips[i].prefix;
    }
    return 0;
}

/**
 * virNetworkdNetworkLeasesVariant:
 * @net: a network
 * @leases: its leases
 * @nleases: how many
 * @macs: when not NULL, only leases of these MACs (virMacAddr strings
 *        as keys) are given
 * @mac: when not NULL, only leases of this MAC
 *
 * Returns the leases as GetDHCPLeases answers them, aa{sv} (floating).
 * Pure.
 */
GVariant *
virNetworkdNetworkLeasesVariant(const virNetworkdNetwork *net,
                                const virDnsmasqLease *leases, size_t nleases,
                                GHashTable *macs, const virMacAddr *mac)
{
    GVariantBuilder b;
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (i = 0; i < nleases; i++) {
        const virDnsmasqLease *l = &leases[i];
        char macstr[VIR_MAC_STRING_BUFLEN] = "";
        char ip[VIR_SOCKET_ADDR_STRING_BUFLEN];
        GVariantBuilder e;

        if (l->hasMac)
            virMacAddrFormat(&l->mac, macstr);
        if ((macs && !(l->hasMac && g_hash_table_contains(macs, macstr))) ||
            (mac && !(l->hasMac && virMacAddrEqual(mac, &l->mac))))
            continue;
        g_variant_builder_init(&e, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&e, "{sv}", "expiry-time", g_variant_new_uint64(l->expiry));
        g_variant_builder_add(&e, "{sv}", "mac", g_variant_new_string(macstr));
        g_variant_builder_add(&e, "{sv}", "ip-address",
                              g_variant_new_string(virSocketAddrFormat(&l->ip, ip)));
        g_variant_builder_add(&e, "{sv}", "prefix", g_variant_new_uint32(
                                  net->live ? virNetworkdNetworkLeasePrefix(net->live, &l->ip) : 0));
        g_variant_builder_add(&e, "{sv}", "hostname",
                              g_variant_new_string(l->hostname ? l->hostname : ""));
        g_variant_builder_add(&e, "{sv}", "client-id",
                              g_variant_new_string(l->clientid ? l->clientid : ""));
        g_variant_builder_add(&e, "{sv}", "type",
                              g_variant_new_uint32(l->ip.family == AF_INET6 ? 1 : 0));
        g_variant_builder_add(&e, "{sv}", "iface",
                              g_variant_new_string(virNetworkdNetworkBridge(net)));
        g_variant_builder_add_value(&b, g_variant_builder_end(&e));
    }
    return g_variant_builder_end(&b);
}
