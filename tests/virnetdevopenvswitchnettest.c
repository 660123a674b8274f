/*
 * virnetdevopenvswitchnettest.c: taps on a real Open vSwitch
 *
 * Root only (exits 77 otherwise, or when Open vSwitch is not installed).
 * The program moves into a network namespace of its own and runs a
 * private ovsdb-server and ovs-vswitchd there: database, socket, pid
 * files, logs and control sockets all under a temporary directory
 * (OVS_RUNDIR, OVS_DBDIR, OVS_LOGDIR, OVS_SYSCONFDIR point there too), so
 * the host's /etc/openvswitch and /run/openvswitch are never read or
 * written.  This kernel has no openvswitch module: the bridges use the
 * userspace datapath (datapath_type=netdev).  Both daemons die with the
 * test (PR_SET_PDEATHSIG) if it crashes.
 *
 *   br-test (netdev): ovstap0 (ours, OVN ids), ovstap3 (ours), admin0
 *                     (an admin's row: never touched), ovstap2 (ours, its
 *                     tap deleted behind our back: reconcile removes it)
 *   br-plain (netdev): ovstap1 (ours, no iface-id: a plain OVS bridge)
 *
 * ovs-vsctl is the independent witness of what the database holds.
 */
#include "testutils.h"
#include "virerror.h"
#include "virnetdevopenvswitch.h"
#include "virnetdevtap.h"
#include "virnettestns.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define TEST_OWNER "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
#define TEST_OWNER2 "9e1f4c7b-2d3a-4b5c-8e6f-0a1b2c3d4e5f"
#define TEST_VM "c7a5fdbd-cdaf-9455-926a-d65c16db1809"
#define TEST_ETHERTYPE 0x88b5   /* IEEE local experimental */

static char *testDir;
static GPid testDbPid;
static GPid testSwitchPid;
static virNetDevOpenvswitchDb testDb = { .timeoutMs = 5000 };
static int testTapFds[2] = { -1, -1 };    /* ovstap0, ovstap3 */

/**
 * testOvsctl:
 * Runs ovs-vsctl against the private database with the arguments from
 * @fmt; its stdout, trimmed, in *@out when @out is not NULL.
 * Returns its exit status.
 */
static int G_GNUC_PRINTF(2, 3)
testOvsctl(char **out, const char *fmt, ...)
{
    g_autofree char *args = NULL;
    g_autofree char *text = NULL;
    va_list ap;
    int rc;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    rc = virTestNetnsRun(NULL, &text, "ovs-vsctl --db=unix:%s/db.sock --timeout=10 %s",
                         testDir, args);
    if (out)
        *out = text ? g_strdup(g_strstrip(text)) : g_strdup("");
    return rc;
}

/**
 * testOvsGet:
 * One value of the database as ovs-vsctl shows it ("" when absent),
 * without the quotes ovs-vsctl puts around some strings.  Caller frees.
 */
static char *
testOvsGet(const char *record, const char *column)
{
    g_autofree char *out = NULL;
    size_t len;

    if (testOvsctl(&out, "--if-exists get Interface %s %s", record, column) != 0)
        return g_strdup("(error)");
    len = strlen(out);
    if (len >= 2 && out[0] == '"' && out[len - 1] == '"')
        return g_strndup(out + 1, len - 2);
    return g_steal_pointer(&out);
}

/**
 * testExpect:
 * Fails with both values printed unless @actual is @expect.
 */
static int
testExpect(const char *what, const char *expect, const char *actual)
{
    if (g_strcmp0(expect, actual) == 0)
        return 0;
    fprintf(stderr, "%s: expected '%s', got '%s'\n", what, expect, actual);
    return -1;
}

/**
 * testInterfaceExists:
 * True when the database has an Interface row named @name.
 */
static bool
testInterfaceExists(const char *name)
{
    g_autofree char *out = NULL;

    testOvsctl(&out, "--columns=name --data=bare --no-headings find Interface name=%s", name);
    return out && strcmp(out, name) == 0;
}

/**
 * testStartDaemon:
 * Starts @cmd (an OVS daemon in the foreground) as our child.
 */
static GPid
testStartDaemon(const char *cmd)
{
    g_autofree char *full = g_strdup_printf("exec %s", cmd);

    return virTestNetnsSpawn(NULL, NULL, full);
}

/**
 * testStopDaemon:
 * SIGTERM (SIGCONT first, in case a case stopped it) and reap.
 */
static void
testStopDaemon(GPid *pid)
{
    if (*pid <= 0)
        return;
    kill(*pid, SIGCONT);
    kill(*pid, SIGTERM);
    waitpid(*pid, NULL, 0);
    *pid = 0;
}

/**
 * testSetup:
 * The private database, its server, the switch and two netdev bridges.
 * Returns 0, EXIT_AM_SKIP (reason printed) or -1.
 */
static int
testSetup(void)
{
    static const char * const programs[] = {
        "ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", NULL
    };
    const char *schema = "/usr/share/openvswitch/vswitch.ovsschema";
    const char *vars[] = { "OVS_RUNDIR", "OVS_DBDIR", "OVS_LOGDIR", "OVS_SYSCONFDIR" };
    g_autofree char *dbCmd = NULL;
    g_autofree char *switchCmd = NULL;
    size_t i;
    int rc;

    if ((rc = virTestRequire(programs, schema, "openvswitch-switch, openvswitch-common")) != 0)
        return rc;
    if (!(testDir = g_dir_make_tmp("ovsnettest.XXXXXX", NULL)))
        return -1;
    for (i = 0; i < G_N_ELEMENTS(vars); i++)
        g_setenv(vars[i], testDir, TRUE);
    testDb.socketPath = g_strdup_printf("%s/db.sock", testDir);

    if (virTestNetnsRun(NULL, NULL, "ovsdb-tool create %s/conf.db %s", testDir, schema) != 0)
        return -1;
    dbCmd = g_strdup_printf("ovsdb-server %1$s/conf.db --remote=punix:%1$s/db.sock "
                            "--pidfile=%1$s/ovsdb-server.pid --log-file=%1$s/ovsdb-server.log "
                            "--unixctl=%1$s/ovsdb-server.ctl -vconsole:off", testDir);
    if (!(testDbPid = testStartDaemon(dbCmd)))
        return -1;
    for (i = 0; i < 100; i++) {
        if (access(testDb.socketPath, F_OK) == 0 && testOvsctl(NULL, "--no-wait init") == 0)
            break;
        g_usleep(50 * 1000);
    }
    if (i == 100) {
        printf("ovsdb-server did not come up\n");
        return -1;
    }
    switchCmd = g_strdup_printf("ovs-vswitchd unix:%1$s/db.sock --pidfile=%1$s/ovs-vswitchd.pid "
                                "--log-file=%1$s/ovs-vswitchd.log "
                                "--unixctl=%1$s/ovs-vswitchd.ctl -vconsole:off", testDir);
    if (!(testSwitchPid = testStartDaemon(switchCmd)))
        return -1;
    /* ovs-vsctl waits until ovs-vswitchd has applied the change */
    if (testOvsctl(NULL, "add-br br-test -- set Bridge br-test datapath_type=netdev "
                   "-- add-br br-plain -- set Bridge br-plain datapath_type=netdev") != 0) {
        printf("cannot create the netdev bridges\n");
        return -1;
    }
    return 0;
}

/**
 * testTapUp:
 * Creates tap @name (fd kept in *@fd when not NULL, else a persistent
 * tap) and sets it up.
 */
static int
testTapUp(const char *name, int *fd)
{
    if (fd) {
        if (virNetDevTapCreate(name, 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, fd) < 0) {
            fprintf(stderr, "%s\n", virGetLastErrorMessage());
            return -1;
        }
    } else if (virTestNetnsRun(NULL, NULL, "ip tuntap add dev %s mode tap", name) != 0) {
        return -1;
    }
    return virTestNetnsRun(NULL, NULL, "ip link set %s up", name) == 0 ? 0 : -1;
}

/**
 * testAddOvn:
 * A tap with OVN's ids: every external id as given, an OpenFlow port,
 * on the right bridge.
 */
static int
testAddOvn(const void *opaque G_GNUC_UNUSED)
{
    virNetDevOpenvswitchPort port = {
        .bridge = "br-test", .ifname = "ovstap0", .ifaceId = "tenant1_vm1-eth0",
        .mac = "52:54:00:00:00:10", .vmId = TEST_VM, .owner = TEST_OWNER,
    };
    g_autofree char *ofportText = NULL;
    g_autofree char *ifaceId = NULL;
    g_autofree char *mac = NULL;
    g_autofree char *vmId = NULL;
    g_autofree char *owner = NULL;
    g_autofree char *bridge = NULL;
    g_autofree char *expectOfport = NULL;
    int64_t ofport = 0;

    if (testTapUp("ovstap0", &testTapFds[0]) < 0)
        return -1;
    if (virNetDevOpenvswitchPortAdd(&testDb, &port, &ofport) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    expectOfport = g_strdup_printf("%" G_GINT64_FORMAT, (gint64)ofport);
    ofportText = testOvsGet("ovstap0", "ofport");
    ifaceId = testOvsGet("ovstap0", "external_ids:iface-id");
    mac = testOvsGet("ovstap0", "external_ids:attached-mac");
    vmId = testOvsGet("ovstap0", "external_ids:vm-id");
    owner = testOvsGet("ovstap0", "external_ids:" VIR_NETDEV_OPENVSWITCH_OWNER_KEY);
    testOvsctl(&bridge, "port-to-br ovstap0");
    if (ofport <= 0 ||
        testExpect("ofport", expectOfport, ofportText) < 0 ||
        testExpect("iface-id", "tenant1_vm1-eth0", ifaceId) < 0 ||
        testExpect("attached-mac", "52:54:00:00:00:10", mac) < 0 ||
        testExpect("vm-id", TEST_VM, vmId) < 0 ||
        testExpect("owner", TEST_OWNER, owner) < 0 ||
        testExpect("bridge", "br-test", bridge) < 0)
        return -1;
    return 0;
}

/**
 * testAddPlain:
 * A plain OVS bridge: no iface-id or vm-id, still our marker and MAC.
 */
static int
testAddPlain(const void *opaque G_GNUC_UNUSED)
{
    virNetDevOpenvswitchPort port = {
        .bridge = "br-plain", .ifname = "ovstap1",
        .mac = "52:54:00:00:00:11", .owner = TEST_OWNER2,
    };
    g_autofree char *ifaceId = NULL;
    g_autofree char *owner = NULL;
    g_autofree char *bridge = NULL;
    int64_t ofport = 0;

    if (testTapUp("ovstap1", NULL) < 0)
        return -1;
    if (virNetDevOpenvswitchPortAdd(&testDb, &port, &ofport) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    ifaceId = testOvsGet("ovstap1", "external_ids:iface-id");
    owner = testOvsGet("ovstap1", "external_ids:" VIR_NETDEV_OPENVSWITCH_OWNER_KEY);
    testOvsctl(&bridge, "port-to-br ovstap1");
    if (ofport <= 0 ||
        testExpect("iface-id", "", ifaceId) < 0 ||
        testExpect("owner", TEST_OWNER2, owner) < 0 ||
        testExpect("bridge", "br-plain", bridge) < 0)
        return -1;
    return 0;
}

/**
 * testAddRefused:
 * An existing name (ours, under another owner), a missing bridge and a
 * missing tap are refused with their own message and leave the database
 * as it was (the missing tap's rows are taken out again).
 */
static int
testAddRefused(const void *opaque G_GNUC_UNUSED)
{
    virNetDevOpenvswitchPort again = {
        .bridge = "br-plain", .ifname = "ovstap0", .ifaceId = "other",
        .mac = "52:54:00:00:00:12", .owner = TEST_OWNER2,
    };
    virNetDevOpenvswitchPort noBridge = {
        .bridge = "br-none", .ifname = "ovstap9", .mac = "52:54:00:00:00:19",
        .owner = TEST_OWNER,
    };
    virNetDevOpenvswitchPort noTap = {
        .bridge = "br-test", .ifname = "ovsnone0", .mac = "52:54:00:00:00:20",
        .owner = TEST_OWNER,
    };
    g_autofree char *owner = NULL;
    g_autofree char *ifaceId = NULL;
    g_autofree char *bridge = NULL;

    virResetLastError();
    if (virNetDevOpenvswitchPortAdd(&testDb, &again, NULL) == 0 ||
        !strstr(virGetLastErrorMessage(), "named 'ovstap0' exists already")) {
        fprintf(stderr, "existing name: %s\n", virGetLastErrorMessage());
        return -1;
    }
    owner = testOvsGet("ovstap0", "external_ids:" VIR_NETDEV_OPENVSWITCH_OWNER_KEY);
    ifaceId = testOvsGet("ovstap0", "external_ids:iface-id");
    testOvsctl(&bridge, "port-to-br ovstap0");
    if (testExpect("owner kept", TEST_OWNER, owner) < 0 ||
        testExpect("iface-id kept", "tenant1_vm1-eth0", ifaceId) < 0 ||
        testExpect("bridge kept", "br-test", bridge) < 0)
        return -1;

    virResetLastError();
    if (virNetDevOpenvswitchPortAdd(&testDb, &noBridge, NULL) == 0 ||
        !strstr(virGetLastErrorMessage(), "no OVS bridge 'br-none'") ||
        testInterfaceExists("ovstap9")) {
        fprintf(stderr, "missing bridge: %s\n", virGetLastErrorMessage());
        return -1;
    }

    virResetLastError();
    if (virNetDevOpenvswitchPortAdd(&testDb, &noTap, NULL) == 0 ||
        !strstr(virGetLastErrorMessage(), "No such device") ||
        testInterfaceExists("ovsnone0")) {
        fprintf(stderr, "missing tap: %s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

/**
 * testForeignAndStale:
 * An admin's row (no marker) and one of ours whose tap was deleted
 * behind our back: the list shows ours only, the reconcile removes the
 * stale one and nothing else, even after the admin's tap is gone too;
 * removal by name refuses the admin's row.
 */
static int
testForeignAndStale(const void *opaque G_GNUC_UNUSED)
{
    virNetDevOpenvswitchPort stale = {
        .bridge = "br-test", .ifname = "ovstap2", .ifaceId = "tenant1_vm2-eth0",
        .mac = "52:54:00:00:00:13", .owner = TEST_OWNER2,
    };
    g_autoptr(GPtrArray) ports = NULL;
    g_autoptr(GString) names = g_string_new(NULL);
    g_autofree char *adminIds = NULL;
    g_autofree char *adminIdsAfter = NULL;
    unsigned int nremoved = 0;
    guint i;

    if (testTapUp("admin0", NULL) < 0 ||
        testOvsctl(NULL, "add-port br-test admin0 -- set Interface admin0 "
                   "external_ids:iface-id=tenant1_vm1-eth0") != 0 ||
        testTapUp("ovstap2", NULL) < 0 ||
        virNetDevOpenvswitchPortAdd(&testDb, &stale, NULL) < 0) {
        fprintf(stderr, "setup: %s\n", virGetLastErrorMessage());
        return -1;
    }
    testOvsctl(&adminIds, "get Interface admin0 external_ids");
    if (virTestNetnsRun(NULL, NULL, "ip link del ovstap2 && ip link del admin0") != 0)
        return -1;

    if (virNetDevOpenvswitchPortList(&testDb, &ports) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    for (i = 0; i < ports->len; i++) {
        const virNetDevOpenvswitchPortInfo *p = g_ptr_array_index(ports, i);

        g_string_append_printf(names, "%s@%s ", p->ifname, p->bridge);
    }
    if (testExpect("listed", "ovstap0@br-test ovstap1@br-plain ovstap2@br-test ", names->str) < 0)
        return -1;

    if (virNetDevOpenvswitchPortRemove(&testDb, "admin0", TEST_OWNER) != 0 ||
        virNetDevOpenvswitchReconcile(&testDb, virNetDevOpenvswitchTapExists, NULL,
                                      &nremoved) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    testOvsctl(&adminIdsAfter, "get Interface admin0 external_ids");
    if (nremoved != 1 || testInterfaceExists("ovstap2") ||
        !testInterfaceExists("ovstap0") || !testInterfaceExists("ovstap1") ||
        testExpect("admin's row", adminIds, adminIdsAfter) < 0) {
        fprintf(stderr, "reconcile removed %u\n", nremoved);
        return -1;
    }
    return 0;
}

/**
 * testTraffic:
 * Two taps of ours on br-test: a broadcast frame written into one
 * arrives at the other (the userspace datapath's NORMAL flooding).
 */
static int
testTraffic(const void *opaque G_GNUC_UNUSED)
{
    virNetDevOpenvswitchPort port = {
        .bridge = "br-test", .ifname = "ovstap3", .ifaceId = "tenant1_vm3-eth0",
        .mac = "52:54:00:00:00:14", .owner = TEST_OWNER,
    };
    unsigned char frame[64] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff,     /* broadcast */
        0x52, 0x54, 0x00, 0x00, 0x00, 0x10,     /* ovstap0's guest */
        TEST_ETHERTYPE >> 8, TEST_ETHERTYPE & 0xff,
        'l', 'i', 'b', 'v', 'i', 'r', 't', '-', 'o', 'v', 's',
    };
    gint64 deadline;

    if (testTapUp("ovstap3", &testTapFds[1]) < 0 ||
        virNetDevOpenvswitchPortAdd(&testDb, &port, NULL) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    /* resend until seen: the first frames may race vswitchd's port setup */
    while (g_get_monotonic_time() < deadline) {
        struct pollfd pfd = { .fd = testTapFds[1], .events = POLLIN };
        unsigned char buf[2048];
        ssize_t n;

        if (write(testTapFds[0], frame, sizeof(frame)) != sizeof(frame)) {
            fprintf(stderr, "write: %s\n", g_strerror(errno));
            return -1;
        }
        while (poll(&pfd, 1, 200) > 0) {
            n = read(testTapFds[1], buf, sizeof(buf));
            if (n >= (ssize_t)sizeof(frame) && memcmp(buf, frame, sizeof(frame)) == 0)
                return 0;
        }
    }
    fprintf(stderr, "the frame did not reach ovstap3\n");
    return -1;
}

/**
 * testRemove:
 * Removal needs the owner the row was added with; then the Port and
 * Interface are gone; removing again is 0.
 */
static int
testRemove(const void *opaque G_GNUC_UNUSED)
{
    int rc;

    if ((rc = virNetDevOpenvswitchPortRemove(&testDb, "ovstap0", TEST_OWNER2)) != 0 ||
        !testInterfaceExists("ovstap0")) {
        fprintf(stderr, "removed with the wrong owner (%d)\n", rc);
        return -1;
    }
    if ((rc = virNetDevOpenvswitchPortRemove(&testDb, "ovstap0", TEST_OWNER)) != 1 ||
        testInterfaceExists("ovstap0")) {
        fprintf(stderr, "not removed (%d): %s\n", rc, virGetLastErrorMessage());
        return -1;
    }
    if ((rc = virNetDevOpenvswitchPortRemove(&testDb, "ovstap0", TEST_OWNER)) != 0) {
        fprintf(stderr, "second removal gave %d\n", rc);
        return -1;
    }
    if (virNetDevOpenvswitchPortRemove(&testDb, "ovstap1", TEST_OWNER2) != 1 ||
        virNetDevOpenvswitchPortRemove(&testDb, "ovstap3", TEST_OWNER) != 1 ||
        testInterfaceExists("ovstap1") || testInterfaceExists("ovstap3") ||
        !testInterfaceExists("admin0")) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

/**
 * testTimed:
 * Runs @op (0 add, 1 remove, 2 list) with a @ms timeout; expects failure
 * with @code and @text in the message within [@minMs, @maxMs].
 */
static int
testTimed(int op, unsigned int ms, virErrorNumber code, const char *text,
          gint64 minMs, gint64 maxMs)
{
    virNetDevOpenvswitchDb db = { .socketPath = testDb.socketPath, .timeoutMs = ms };
    virNetDevOpenvswitchPort port = {
        .bridge = "br-test", .ifname = "ovstap4", .mac = "52:54:00:00:00:15",
        .owner = TEST_OWNER,
    };
    g_autoptr(GPtrArray) ports = NULL;
    gint64 start = g_get_monotonic_time();
    gint64 took;
    int rc;

    virResetLastError();
    if (op == 0)
        rc = virNetDevOpenvswitchPortAdd(&db, &port, NULL);
    else if (op == 1)
        rc = virNetDevOpenvswitchPortRemove(&db, "ovstap4", TEST_OWNER);
    else
        rc = virNetDevOpenvswitchPortList(&db, &ports);
    took = (g_get_monotonic_time() - start) / 1000;
    if (rc >= 0 || virGetLastErrorCode() != code ||
        !strstr(virGetLastErrorMessage(), text) || took < minMs || took > maxMs) {
        fprintf(stderr, "op %d: rc %d after %" G_GINT64_FORMAT " ms: %s\n",
                op, rc, took, virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

/**
 * testSwitchStopped:
 * ovs-vswitchd stopped (SIGSTOP): the add times out naming vswitchd and
 * takes its rows out again.
 */
static int
testSwitchStopped(const void *opaque G_GNUC_UNUSED)
{
    int ret;

    if (testTapUp("ovstap4", NULL) < 0)
        return -1;
    kill(testSwitchPid, SIGSTOP);
    ret = testTimed(0, 1000, VIR_ERR_OPERATION_TIMEOUT, "is ovs-vswitchd running?", 700, 2500);
    kill(testSwitchPid, SIGCONT);
    if (testInterfaceExists("ovstap4")) {
        fprintf(stderr, "rows left behind\n");
        ret = -1;
    }
    return ret;
}

/**
 * testServerStopped:
 * ovsdb-server stopped (SIGSTOP): every operation gives up at its
 * deadline with a timeout error.
 */
static int
testServerStopped(const void *opaque G_GNUC_UNUSED)
{
    int ret = 0;
    int op;

    kill(testDbPid, SIGSTOP);
    for (op = 0; op < 3; op++) {
        if (testTimed(op, 500, VIR_ERR_OPERATION_TIMEOUT, "no answer from OVSDB", 490, 1500) < 0)
            ret = -1;
    }
    kill(testDbPid, SIGCONT);
    return ret;
}

/**
 * testServerDown:
 * ovsdb-server gone: every operation fails at once, naming the socket.
 */
static int
testServerDown(const void *opaque G_GNUC_UNUSED)
{
    int ret = 0;
    int op;

    testStopDaemon(&testSwitchPid);
    testStopDaemon(&testDbPid);
    for (op = 0; op < 3; op++) {
        if (testTimed(op, 5000, VIR_ERR_SYSTEM_ERROR, "cannot connect to OVSDB", 0, 500) < 0)
            ret = -1;
    }
    return ret;
}

/**
 * testMedianMs:
 * The median of @n samples in microseconds, as milliseconds.
 */
static double
testMedianMs(gint64 *samples, size_t n)
{
    size_t i;
    size_t j;

    for (i = 1; i < n; i++) {
        for (j = i; j > 0 && samples[j - 1] > samples[j]; j--) {
            gint64 t = samples[j];

            samples[j] = samples[j - 1];
            samples[j - 1] = t;
        }
    }
    return samples[n / 2] / 1000.0;
}

/**
 * testVsctl:
 * Runs ovs-vsctl with @args (argv, no shell) against the private
 * database.  Returns 0 when it exited 0.
 */
static int
testVsctl(const char * const *args)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    int status = -1;
    size_t i;

    g_ptr_array_add(argv, g_strdup("ovs-vsctl"));
    g_ptr_array_add(argv, g_strdup_printf("--db=unix:%s", testDb.socketPath));
    g_ptr_array_add(argv, g_strdup("--timeout=10"));
    for (i = 0; args[i]; i++)
        g_ptr_array_add(argv, g_strdup(args[i]));
    g_ptr_array_add(argv, NULL);
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, NULL))
        return -1;
    return status == 0 ? 0 : -1;
}

/**
 * testBench:
 * With VIR_TEST_OVS_BENCH=N: N add/remove pairs through OVSDB (this
 * tree's client) and through ovs-vsctl (fork/exec, with and without
 * waiting for ovs-vswitchd), medians printed.  A measurement for the
 * docs, not a check: it runs only when asked and asserts nothing.
 */
static void
testBench(unsigned int n)
{
    static const char *const names[] = {
        "OVSDB JSON-RPC (waits for ofport)", "ovs-vsctl (waits for vswitchd)",
        "ovs-vsctl --no-wait",
    };
    virNetDevOpenvswitchPort port = {
        .bridge = "br-test", .ifname = "benchtap0", .ifaceId = "bench-lsp",
        .mac = "52:54:00:00:00:30", .vmId = TEST_VM, .owner = TEST_OWNER,
    };
    const char *addWait[] = {
        "add-port", "br-test", "benchtap0", "--", "set", "Interface", "benchtap0",
        "external_ids:iface-id=bench-lsp", "external_ids:attached-mac=\"52:54:00:00:00:30\"",
        "external_ids:vm-id=" TEST_VM,
        "external_ids:" VIR_NETDEV_OPENVSWITCH_OWNER_KEY "=" TEST_OWNER,
        NULL,
    };
    const char *addNoWait[G_N_ELEMENTS(addWait) + 1] = { "--no-wait" };
    const char *delWait[] = { "del-port", "br-test", "benchtap0", NULL };
    const char *delNoWait[] = { "--no-wait", "del-port", "br-test", "benchtap0", NULL };
    g_autofree gint64 *add = g_new0(gint64, n);
    g_autofree gint64 *del = g_new0(gint64, n);
    unsigned int mode;
    unsigned int i;

    memcpy(addNoWait + 1, addWait, sizeof(addWait));
    if (testTapUp("benchtap0", NULL) < 0)
        return;
    for (mode = 0; mode < G_N_ELEMENTS(names); mode++) {
        for (i = 0; i < n; i++) {
            gint64 t0 = g_get_monotonic_time();
            gint64 t1;
            int rc;

            if (mode == 0)
                rc = virNetDevOpenvswitchPortAdd(&testDb, &port, NULL);
            else
                rc = testVsctl(mode == 1 ? addWait : addNoWait);
            t1 = g_get_monotonic_time();
            if (mode == 0)
                rc |= virNetDevOpenvswitchPortRemove(&testDb, "benchtap0", TEST_OWNER) == 1 ? 0 : -1;
            else
                rc |= testVsctl(mode == 1 ? delWait : delNoWait);
            add[i] = t1 - t0;
            del[i] = g_get_monotonic_time() - t1;
            if (rc != 0) {
                printf("bench: %s failed: %s\n", names[mode], virGetLastErrorMessage());
                return;
            }
        }
        printf("bench: %-36s add %6.2f ms  remove %6.2f ms  (median of %u)\n",
               names[mode], testMedianMs(add, n), testMedianMs(del, n), n);
    }
}

static int
mymain(void)
{
    int ret;
    size_t i;

    if ((ret = virTestNetnsEnterPrivate("network namespaces, taps and OVS daemons")) != 0)
        return ret;
    if ((ret = testSetup()) != 0) {
        if (ret < 0)
            ret = -1;
    } else if (virTestRun("ovs: add a tap with OVN's ids", testAddOvn, NULL) < 0 ||
               virTestRun("ovs: add a tap to a plain OVS bridge", testAddPlain, NULL) < 0 ||
               virTestRun("ovs: existing name, missing bridge, missing tap refused",
                          testAddRefused, NULL) < 0 ||
               virTestRun("ovs: reconcile removes our stale row, never an admin's",
                          testForeignAndStale, NULL) < 0 ||
               virTestRun("ovs: a frame between two taps (userspace datapath)",
                          testTraffic, NULL) < 0 ||
               virTestRun("ovs: remove needs the owner", testRemove, NULL) < 0 ||
               virTestRun("ovs: vswitchd stopped: add times out, leaves nothing",
                          testSwitchStopped, NULL) < 0 ||
               virTestRun("ovs: ovsdb-server stopped: bounded timeout", testServerStopped,
                          NULL) < 0) {
        ret = -1;
    } else {
        if (g_getenv("VIR_TEST_OVS_BENCH"))
            testBench(MAX(atoi(g_getenv("VIR_TEST_OVS_BENCH")), 1));
        if (virTestRun("ovs: ovsdb-server gone: error at once", testServerDown, NULL) < 0)
            ret = -1;
    }
    testStopDaemon(&testSwitchPid);
    testStopDaemon(&testDbPid);
    for (i = 0; i < G_N_ELEMENTS(testTapFds); i++) {
        if (testTapFds[i] >= 0)
            close(testTapFds[i]);
    }
    if (testDir) {
        if (ret != 0 || g_getenv("VIR_TEST_DEBUG"))
            virTestNetnsRun(NULL, NULL, "tail -n 20 %s/*.log >&2", testDir);
        virTestNetnsRun(NULL, NULL, "rm -rf '%s'", testDir);
    }
    g_free(testDir);
    g_free((char *)testDb.socketPath);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
