/*
 * networkd_floor.c: the class tree of a virtual network's bridge — its
 * inbound <bandwidth> and the floors of its ports
 *
 * Theory of operation: upstream's semantics.  A running network whose
 * <bandwidth> has an <inbound average> gets a class tree on its bridge
 * (src/util/virnetdevbandwidth.c, virNetDevBandwidthTree*): what the
 * bridge sends towards the guests — from the host and, routed or NATed,
 * from beyond — shares the network's average, up to its peak.  A port
 * whose request has <inbound floor> gets a class of its own in the tree
 * guaranteeing the floor; the ports without one share the rest (the
 * default class: the average less every floor).  Whether a floor is
 * allowed at all — a port of a network with an inbound average, the
 * floors adding up to no more than that average — was decided before
 * the port was made (virNetworkdControlsFloorCheck); here the tree is
 * kept in step with the ports:
 *
 *   network started, daemon started   the tree is built anew with a class
 *                                     for every recorded port with a floor
 *                                     (so a restart restores it, whatever
 *                                     happened to the bridge's qdiscs)
 *   port made                         its class, then the default lowered;
 *                                     a failure fails the port's creation
 *   port gone                         its class removed, the default raised
 *
 * Class numbers (1:3 upwards) are this run's own: they are not recorded,
 * because a rebuild hands them out again.
 */
#include "networkd_floor.h"

#include <string.h>

#include "virerror.h"
#include "virnetdevbandwidth.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

typedef struct _virNetworkdFloorTree virNetworkdFloorTree;
struct _virNetworkdFloorTree {
    char *network;                  /* its name */
    char *bridge;
    virNetDevBandwidthRate rate;    /* the network's <inbound> */
    unsigned long long floorSum;    /* of the ports with a class */
    GHashTable *classes;            /* port ifindex -> class minor */
    GHashTable *used;               /* class minors in use */
};

struct _virNetworkdFloor {
    virNetworkdPortManager *ports;      /* borrowed */
    virNetworkdNetworkManager *nets;    /* borrowed */
    virNetlinkSocket *sk;
    GHashTable *trees;      /* network node -> virNetworkdFloorTree, owns */
};

/**
 * virNetworkdFloorTreeFree:
 * Frees @tree (not the kernel's).  Accepts NULL.
 */
static void
virNetworkdFloorTreeFree(virNetworkdFloorTree *tree)
{
    if (!tree)
        return;
    g_hash_table_unref(tree->classes);
    g_hash_table_unref(tree->used);
    g_free(tree->network);
    g_free(tree->bridge);
    g_free(tree);
}

/**
 * virNetworkdFloorNew:
 * Returns the keeper of @nets' trees for @ports (both borrowed: they must
 * outlive it); call virNetworkdFloorStart once both have started.
 */
virNetworkdFloor *
virNetworkdFloorNew(virNetworkdPortManager *ports, virNetworkdNetworkManager *nets)
{
    virNetworkdFloor *floor = g_new0(virNetworkdFloor, 1);

    floor->ports = ports;
    floor->nets = nets;
    floor->trees = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)virNetworkdFloorTreeFree);
    return floor;
}

/**
 * virNetworkdFloorFree:
 * Frees @floor; the trees stay in the kernel.  Accepts NULL.
 */
void
virNetworkdFloorFree(virNetworkdFloor *floor)
{
    if (!floor)
        return;
    g_hash_table_unref(floor->trees);
    virNetlinkSocketFree(floor->sk);
    g_free(floor);
}

/**
 * virNetworkdFloorNetworkRate:
 * Returns @net's inbound <bandwidth> when it has a tree (running, makes
 * its bridge, an inbound average), else NULL.
 */
static const virNetDevBandwidthRate *
virNetworkdFloorNetworkRate(const virNetworkdNetwork *net)
{
    const virNetworkDef *def = net->live;

    if (!def || !def->bridge || !virNetworkDefCreatesBridge(def) || !def->bandwidth ||
        !def->bandwidth->in || def->bandwidth->in->average == 0)
        return NULL;
    return def->bandwidth->in;
}

/**
 * virNetworkdFloorPlug:
 * Gives @port a class of @tree (the lowest free number).  Returns 0, or
 * -1 with an error reported.
 */
static int
virNetworkdFloorPlug(virNetworkdFloor *floor, virNetworkdFloorTree *tree,
                     const virNetworkdPort *port)
{
    unsigned int minor = VIR_NETDEV_BANDWIDTH_TREE_FIRST;

    while (g_hash_table_contains(tree->used, GUINT_TO_POINTER(minor)))
        minor++;
    if (virNetDevBandwidthTreePlug(floor->sk, tree->bridge, minor, &port->rec->mac,
                                   port->rec->bandwidth.inbound.floor, &tree->rate) < 0)
        return -1;
    g_hash_table_add(tree->used, GUINT_TO_POINTER(minor));
    g_hash_table_insert(tree->classes, GINT_TO_POINTER(port->rec->ifindex),
                        GUINT_TO_POINTER(minor));
    tree->floorSum += port->rec->bandwidth.inbound.floor;
    g_info("port %s (%s): floor %llu kB/s on network '%s' (class 1:%x)", port->uuidstr,
           port->rec->ifname, port->rec->bandwidth.inbound.floor, tree->network, minor);
    return 0;
}

/**
 * virNetworkdFloorOnNetwork:
 * Whether @port is on the network named @name and has a floor.
 */
static bool
virNetworkdFloorOnNetwork(const virNetworkdPort *port, const char *name)
{
    return port->rec->bandwidth.inbound.floor > 0 && port->rec->network &&
           strcmp(port->rec->network, name) == 0;
}

/**
 * virNetworkdFloorBuild:
 * Builds @net's tree anew (or forgets it when @net has none) with a
 * class for every port on it with a floor.  Returns 0, or -1 with an
 * error reported (the ports that could be plugged are).
 */
static int
virNetworkdFloorBuild(virNetworkdFloor *floor, const virNetworkdNetwork *net)
{
    const virNetDevBandwidthRate *rate = virNetworkdFloorNetworkRate(net);
    g_autoptr(GPtrArray) ports = NULL;
    virNetworkdFloorTree *tree;
    unsigned long long sum = 0;
    int ret = 0;
    size_t i;

    g_hash_table_remove(floor->trees, net->node);
    if (!rate)
        return 0;
    ports = virNetworkdPortManagerList(floor->ports);
    for (i = 0; i < ports->len; i++) {
        const virNetworkdPort *port = g_ptr_array_index(ports, i);

        if (virNetworkdFloorOnNetwork(port, virNetworkdNetworkName(net)))
            sum += port->rec->bandwidth.inbound.floor;
    }
    if (virNetDevBandwidthTreeCreate(floor->sk, net->live->bridge, rate, sum) < 0)
        return -1;
    tree = g_new0(virNetworkdFloorTree, 1);
    tree->network = g_strdup(virNetworkdNetworkName(net));
    tree->bridge = g_strdup(net->live->bridge);
    tree->rate = *rate;
    tree->classes = g_hash_table_new(g_direct_hash, g_direct_equal);
    tree->used = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_hash_table_insert(floor->trees, g_strdup(net->node), tree);
    for (i = 0; i < ports->len; i++) {
        const virNetworkdPort *port = g_ptr_array_index(ports, i);

        if (virNetworkdFloorOnNetwork(port, tree->network) &&
            virNetworkdFloorPlug(floor, tree, port) < 0)
            ret = -1;
    }
    /* what could not be plugged is not guaranteed: give it back */
    if (ret < 0 && tree->floorSum != sum) {
        virError *saved = NULL;

        virErrorPreserveLast(&saved);
        if (virNetDevBandwidthTreeSetDefault(floor->sk, tree->bridge, rate, tree->floorSum) < 0)
            virResetLastError();
        virErrorRestore(&saved);
    }
    return ret;
}

/**
 * virNetworkdFloorStart:
 * After the port and network managers have started: opens netlink and
 * builds the tree of every running network.  Failures of one network
 * are logged.  Returns 0, or -1 with an error reported (no netlink).
 */
int
virNetworkdFloorStart(virNetworkdFloor *floor)
{
    g_autoptr(GPtrArray) nets = NULL;
    size_t i;

    if (!floor->sk && !(floor->sk = virNetlinkSocketNew()))
        return -1;
    nets = virNetworkdNetworkManagerList(floor->nets);
    for (i = 0; i < nets->len; i++) {
        const virNetworkdNetwork *net = g_ptr_array_index(nets, i);

        if (virNetworkdFloorBuild(floor, net) < 0) {
            g_warning("network '%s': cannot restore its bandwidth tree: %s",
                      virNetworkdNetworkName(net), virGetLastErrorMessage());
            virResetLastError();
        }
    }
    return 0;
}

/**
 * virNetworkdFloorNetworkEvent:
 * A started network gets its tree; a stopped one's went with its bridge.
 */
void
virNetworkdFloorNetworkEvent(virNetworkdFloor *floor, const virNetworkdNetwork *net,
                             virNetworkdNetworkEvent event)
{
    switch (event) {
    case VIR_NETWORKD_NETWORK_EVENT_STARTED:
        /* before virNetworkdFloorStart (autostart): its turn comes there */
        if (floor->sk && virNetworkdFloorBuild(floor, net) < 0) {
            g_warning("network '%s': cannot set its bandwidth tree: %s",
                      virNetworkdNetworkName(net), virGetLastErrorMessage());
            virResetLastError();
        }
        return;
    case VIR_NETWORKD_NETWORK_EVENT_STOPPED:
        g_hash_table_remove(floor->trees, net->node);
        return;
    case VIR_NETWORKD_NETWORK_EVENT_DEFINED:
    case VIR_NETWORKD_NETWORK_EVENT_UNDEFINED:
    case VIR_NETWORKD_NETWORK_EVENT_LAST:
        return;
    }
}

/**
 * virNetworkdFloorPortAdded:
 * A new port with a floor gets its class in its network's tree, and the
 * default class gives the floor up.  Returns 0 (also for ports without a
 * floor), or -1 with an error reported and nothing of it left.
 */
int
virNetworkdFloorPortAdded(virNetworkdFloor *floor, const virNetworkdPort *port)
{
    virNetworkdNetwork *net;
    virNetworkdFloorTree *tree;

    if (port->rec->bandwidth.inbound.floor == 0)
        return 0;
    if (!port->rec->network ||
        !(net = virNetworkdNetworkManagerLookupName(floor->nets, port->rec->network)) ||
        !virNetworkdFloorNetworkRate(net)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("port %1$s: its network has no inbound bandwidth for a floor"),
                       port->uuidstr);
        return -1;
    }
    /* no tree yet (the daemon is starting, or building it failed): build
     * it, with this port's class among the others */
    if (!(tree = g_hash_table_lookup(floor->trees, net->node)))
        return virNetworkdFloorBuild(floor, net);
    if (virNetworkdFloorPlug(floor, tree, port) < 0)
        return -1;
    if (virNetDevBandwidthTreeSetDefault(floor->sk, tree->bridge, &tree->rate,
                                         tree->floorSum) < 0) {
        virError *saved = NULL;

        virErrorPreserveLast(&saved);
        virNetworkdFloorPortRemoved(floor, port);
        virErrorRestore(&saved);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdFloorPortRemoved:
 * A port that had a class goes: the class goes, the default gets its
 * floor back.  Failures are logged.
 */
void
virNetworkdFloorPortRemoved(virNetworkdFloor *floor, const virNetworkdPort *port)
{
    GHashTableIter iter;
    gpointer value;
    gpointer minor;

    if (port->rec->bandwidth.inbound.floor == 0)
        return;
    g_hash_table_iter_init(&iter, floor->trees);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        virNetworkdFloorTree *tree = value;

        if (!g_hash_table_lookup_extended(tree->classes, GINT_TO_POINTER(port->rec->ifindex),
                                          NULL, &minor))
            continue;
        g_hash_table_remove(tree->classes, GINT_TO_POINTER(port->rec->ifindex));
        g_hash_table_remove(tree->used, minor);
        tree->floorSum -= MIN(tree->floorSum, port->rec->bandwidth.inbound.floor);
        if (virNetDevBandwidthTreeUnplug(floor->sk, tree->bridge, GPOINTER_TO_UINT(minor)) < 0 ||
            virNetDevBandwidthTreeSetDefault(floor->sk, tree->bridge, &tree->rate,
                                             tree->floorSum) < 0) {
            g_warning("port %s: %s", port->uuidstr, virGetLastErrorMessage());
            virResetLastError();
        }
        return;
    }
}
