/*
 * networkdclientnetworktest.c: the network calls of the networkd client
 * against a stand-in daemon
 *
 *   networkdclientnetworktest FAKE
 *
 * Runs without root: a private dbus-daemon (the session configuration)
 * stands in for the system bus and FAKE (networkdfakenetworks) owns
 * org.libvirt.Networkd1 on it.  Each case drives one client function
 * through a network's life (define, look up, start, leases, XML,
 * autostart, destroy, undefine; create; refusals; a reply of the wrong
 * type) and checks what the client returns or reports.
 */
#include "testutils.h"
#include "testbus.h"
#include "networkd_client_network.h"
#include "virerror.h"

#include <stdio.h>
#include <string.h>

#define NET_UUID "8a2b5c9d-1e4f-4a6b-9c8d-7e6f5a4b3c2d"

#define NET_XML(name, uuid, bridge) \
    "<network>\n" \
    "  <name>" name "</name>\n" \
    "  <uuid>" uuid "</uuid>\n" \
    "  <forward mode='nat'/>\n" \
    bridge \
    "  <ip address='198.18.100.1' netmask='255.255.255.0'>\n" \
    "    <dhcp><range start='198.18.100.10' end='198.18.100.99'/></dhcp>\n" \
    "  </ip>\n" \
    "</network>\n"

static const char *fakeProgram;

/** testExpectError: the last error has @code and @message (NULL: any). */
static int
testExpectError(const char *what, virErrorNumber code, const char *message, const char *detail)
{
    const virError *err = virGetLastError();

    if (!err) {
        fprintf(stderr, "%s: no error reported\n", what);
        return -1;
    }
    if (err->code != code) {
        fprintf(stderr, "%s: code %d, expected %d (%s)\n", what, err->code, code, err->message);
        return -1;
    }
    if (message && virTestCompareStrings(message, err->message) < 0)
        return -1;
    if (detail && g_strcmp0(detail, err->detail) != 0) {
        fprintf(stderr, "%s: detail '%s', expected '%s'\n", what,
                err->detail ? err->detail : "(null)", detail);
        return -1;
    }
    virResetLastError();
    return 0;
}

/** testNotRunning: nobody owns the name yet. */
static int
testNotRunning(const void *opaque)
{
    g_autoptr(GPtrArray) nets = virNetworkdNetworkList();

    if (nets)
        return -1;
    return testExpectError("list", VIR_ERR_DAEMON_UNREACHABLE, NULL,
                           "org.freedesktop.DBus.Error.ServiceUnknown");
}

/** testLifecycle: define, look up, start, XML, autostart, destroy, undefine. */
static int
testLifecycle(const void *opaque)
{
    g_autoptr(virNetworkdNetworkInfo) def = NULL;
    g_autoptr(virNetworkdNetworkInfo) byName = NULL;
    g_autoptr(virNetworkdNetworkInfo) byUUID = NULL;
    g_autoptr(virNetworkdNetworkInfo) started = NULL;
    g_autoptr(virNetworkdNetworkInfo) gone = NULL;
    g_autoptr(GPtrArray) nets = NULL;
    g_autofree char *live = NULL;
    g_autofree char *inactive = NULL;

    if (!(nets = virNetworkdNetworkList()) || nets->len != 0)
        return -1;
    if (!(def = virNetworkdNetworkDefine(NET_XML("lab", NET_UUID, ""))))
        return -1;
    if (g_strcmp0(def->name, "lab") != 0 || g_strcmp0(def->uuid, NET_UUID) != 0 ||
        def->active || !def->persistent || def->autostart || g_strcmp0(def->bridge, "") != 0 ||
        g_strcmp0(def->path, VIR_NETWORKD_NETWORK_PATH_BASE "/8a2b5c9d1e4f4a6b9c8d7e6f5a4b3c2d") != 0) {
        fprintf(stderr, "defined: %s %s %d %d\n", def->name, def->uuid, def->active, def->persistent);
        return -1;
    }
    if (!(byName = virNetworkdNetworkLookup("lab")) || !(byUUID = virNetworkdNetworkLookup(NET_UUID)) ||
        g_strcmp0(byName->path, def->path) != 0 || g_strcmp0(byUUID->name, "lab") != 0)
        return -1;

    if (virNetworkdNetworkStart(def) < 0 || !(started = virNetworkdNetworkLookup("lab")) ||
        !started->active || g_strcmp0(started->bridge, "virbr0") != 0) {
        fprintf(stderr, "start: %s\n", virGetLastErrorMessage());
        return -1;
    }
    if (virNetworkdNetworkStart(def) == 0 ||
        testExpectError("second start", VIR_ERR_INVALID_ARG,
                        "invalid argument: cannot start network 'lab': network 'lab' is already active",
                        "org.libvirt.Networkd1.Error.InvalidArgument") < 0)
        return -1;

    if (!(live = virNetworkdNetworkGetXMLDesc(def, 0)) ||
        !(inactive = virNetworkdNetworkGetXMLDesc(def, VIR_NETWORKD_NETWORK_XML_INACTIVE)) ||
        !strstr(live, "<bridge name='virbr0'") || strstr(inactive, "virbr0") ||
        !strstr(inactive, "<name>lab</name>")) {
        fprintf(stderr, "live:\n%s\ninactive:\n%s\n", live, inactive);
        return -1;
    }

    if (virNetworkdNetworkSetAutostart(def, true) < 0 ||
        !(byName = (virNetworkdNetworkInfoFree(byName), virNetworkdNetworkLookup("lab"))) ||
        !byName->autostart ||
        virNetworkdNetworkSetAutostart(def, false) < 0 ||
        !(byName = (virNetworkdNetworkInfoFree(byName), virNetworkdNetworkLookup("lab"))) ||
        byName->autostart)
        return -1;

    /* undefine of an active network leaves it running, transient */
    if (virNetworkdNetworkUndefine(def) < 0 ||
        !(byName = (virNetworkdNetworkInfoFree(byName), virNetworkdNetworkLookup("lab"))) ||
        byName->persistent || !byName->active)
        return -1;
    if (virNetworkdNetworkDestroy(def) < 0)
        return -1;
    if ((gone = virNetworkdNetworkLookup("lab")) ||
        testExpectError("lookup after destroy", VIR_ERR_NO_NETWORK,
                        "Network not found: cannot look up network 'lab': "
                        "no network with matching name 'lab'",
                        "org.libvirt.Networkd1.Error.NotFound") < 0)
        return -1;
    /* the object is gone too: the bus's UnknownObject is "not found" */
    if (virNetworkdNetworkStart(def) == 0 ||
        testExpectError("start a removed network", VIR_ERR_NO_NETWORK, NULL,
                        "org.freedesktop.DBus.Error.UnknownObject") < 0)
        return -1;
    return 0;
}

/** testCreate: a transient network, started at once and gone when stopped. */
static int
testCreate(const void *opaque)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    g_autoptr(GPtrArray) nets = NULL;

    if (!(net = virNetworkdNetworkCreate(NET_XML("tmp", "11111111-2222-4333-8444-555555555555",
                                                 "  <bridge name='lab1'/>\n"))) ||
        !net->active || net->persistent || g_strcmp0(net->bridge, "lab1") != 0)
        return -1;
    if (!(nets = virNetworkdNetworkList()) || nets->len != 1 ||
        g_strcmp0(((virNetworkdNetworkInfo *)g_ptr_array_index(nets, 0))->name, "tmp") != 0)
        return -1;
    if (virNetworkdNetworkSetAutostart(net, true) == 0 ||
        testExpectError("autostart of a transient network", VIR_ERR_INVALID_ARG,
                        "invalid argument: cannot change the autostart flag of network 'tmp': "
                        "cannot set autostart for transient network 'tmp'", NULL) < 0)
        return -1;
    if (virNetworkdNetworkDestroy(net) < 0)
        return -1;
    g_ptr_array_unref(g_steal_pointer(&nets));
    if (!(nets = virNetworkdNetworkList()) || nets->len != 0)
        return -1;
    return 0;
}

/** testLeases: all leases, one MAC's, none on an inactive network. */
static int
testLeases(const void *opaque)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(GPtrArray) one = NULL;
    g_autoptr(GPtrArray) none = NULL;
    const virNetworkdLease *l;

    if (!(net = virNetworkdNetworkDefine(NET_XML("leases", "22222222-2222-4333-8444-555555555555", ""))) ||
        !(none = virNetworkdNetworkGetDHCPLeases(net, NULL)) || none->len != 0 ||
        virNetworkdNetworkStart(net) < 0 ||
        !(all = virNetworkdNetworkGetDHCPLeases(net, NULL)) || all->len != 2 ||
        !(one = virNetworkdNetworkGetDHCPLeases(net, "52:54:00:AA:00:02")) || one->len != 1)
        return -1;
    l = g_ptr_array_index(one, 0);
    if (l->expiryTime != 1795800600 || g_strcmp0(l->mac, "52:54:00:aa:00:02") != 0 ||
        g_strcmp0(l->ipAddress, "198.18.100.12") != 0 || l->prefix != 24 ||
        g_strcmp0(l->hostname, "guest2") != 0 || g_strcmp0(l->clientId, "01:52:54:00:aa:00:02") != 0 ||
        l->type != VIR_NETWORKD_LEASE_IPV4 || g_strcmp0(l->iface, "virbr1") != 0) {
        fprintf(stderr, "lease %s %s %u %s\n", l->mac, l->ipAddress, l->prefix, l->iface);
        return -1;
    }
    l = g_ptr_array_index(all, 1);
    if (g_strcmp0(l->hostname, "") != 0 || g_strcmp0(l->clientId, "") != 0)
        return -1;
    if (virNetworkdNetworkDestroy(net) < 0 || virNetworkdNetworkUndefine(net) < 0)
        return -1;
    return 0;
}

/** testRefusals: AccessDenied, a bad definition, a reply of the wrong type. */
static int
testRefusals(const void *opaque)
{
    g_autoptr(virNetworkdNetworkInfo) denied = NULL;
    g_autoptr(virNetworkdNetworkInfo) bad = NULL;
    g_autoptr(virNetworkdNetworkInfo) invalid = NULL;

    if ((denied = virNetworkdNetworkDefine(NET_XML("deniednet", "33333333-2222-4333-8444-555555555555", ""))) ||
        testExpectError("define denied", VIR_ERR_OPERATION_DENIED,
                        "access denied: not authorized to define network 'deniednet' "
                        "(polkit action org.libvirt.networkd.network.manage)",
                        "org.libvirt.Networkd1.Error.AccessDenied") < 0)
        return -1;
    if ((invalid = virNetworkdNetworkDefine("<network><name>x</name><ip address='198.18.0.1' "
                                            "prefix='24'><dhcp><range start='10.0.0.2' "
                                            "end='10.0.0.9'/></dhcp></ip></network>")) ||
        testExpectError("define invalid", VIR_ERR_INVALID_ARG, NULL,
                        "org.libvirt.Networkd1.Error.InvalidArgument") < 0)
        return -1;
    if ((bad = virNetworkdNetworkDefine(NET_XML("badprops", "44444444-2222-4333-8444-555555555555", ""))) ||
        testExpectError("a property of the wrong type", VIR_ERR_INTERNAL_ERROR,
                        "internal error: libvirt-networkd sent network property 'Active' as s, expected b",
                        NULL) < 0)
        return -1;
    return 0;
}

/**
 * mymain:
 * Starts the bus, checks the not-running case, starts the fake daemon
 * and runs the cases in order (each sees what the previous left).
 */
static int
mymain(void)
{
    g_autoptr(GSubprocess) bus = NULL;
    g_autoptr(GSubprocess) fake = NULL;
    const char *fakeArgv[] = { fakeProgram, NULL };
    bool missing;
    int ret = 0;

    if (!(bus = virTestBusStart(&missing)))
        return missing ? EXIT_AM_SKIP : -1;

    if (virTestRun("not running: no owner of the name", testNotRunning, NULL) < 0)
        ret = -1;

    if (!(fake = virTestBusServe(fakeArgv)))
        return -1;

    if (virTestRun("define, look up, start, XML, autostart, undefine, destroy",
                   testLifecycle, NULL) < 0)
        ret = -1;
    if (virTestRun("create: transient, gone when destroyed", testCreate, NULL) < 0)
        ret = -1;
    if (virTestRun("DHCP leases: all, one MAC, none when inactive", testLeases, NULL) < 0)
        ret = -1;
    if (virTestRun("refusals and a reply of the wrong type", testRefusals, NULL) < 0)
        ret = -1;

    g_subprocess_force_exit(fake);
    g_subprocess_wait(fake, NULL, NULL);
    g_subprocess_force_exit(bus);
    g_subprocess_wait(bus, NULL, NULL);
    return ret;
}

/**
 * main:
 * networkdclientnetworktest FAKE
 */
int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FAKE-DAEMON\n", argv[0]);
        return EXIT_FAILURE;
    }
    fakeProgram = argv[1];
    return virTestMain(1, argv, mymain);
}
