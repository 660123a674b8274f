/*
 * virovnnbtest.c: logical switch port ownership against a real OVN
 * northbound database
 *
 * Runs a private ovsdb-server with OVN's northbound schema (database,
 * socket, control socket and log under a temporary directory; no root
 * needed, no network); skips (77) when ovsdb-server or the schema is
 * missing (Debian: ovn-central).  ovn-nbctl is the independent witness
 * of what the database holds.
 *
 *   ls1:  admin-lsp (an admin's, unowned), bob-lsp (owned by uid 2000),
 *         rtr (a router port), and what the cases create
 *   net1: an OVN network's switch, created, its subnet and DHCP options
 *         written and released by two hosts' daemons
 */
#include "testutils.h"
#include "virerror.h"
#include "virnettestns.h"
#include "virovnnb.h"
#include "virovnnbaddr.h"
#include "virovnnbnet.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define OWNER1 "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
#define OWNER2 "9e1f4c7b-2d3a-4b5c-8e6f-0a1b2c3d4e5f"
#define OWNER3 "0c5e4b7a-9d3f-4f6e-8a51-2b7c9e1d4f60"
#define OWNER4 "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f"
#define OWNER5 "7a2e3d4c-5b6a-4f9e-8d1c-2b3c4d5e6f70"
#define OWNER6 "8b3f4e5d-6c7b-4a0f-9e2d-3c4d5e6f7081"
#define OWNER7 "9c4a5f6e-7d8c-4b1a-a0f3-4d5e6f708192"
#define MAC1 "52:54:00:00:00:11"

static char *testDir;
static GPid testDbPid;
static virOvnNbDb testNb = { .timeoutMs = 5000 };

/**
 * testNbctl:
 * Runs ovn-nbctl against the private database; its stdout, trimmed and
 * without surrounding quotes, in *@out when @out is not NULL.  Returns
 * its exit status.
 */
static int G_GNUC_PRINTF(2, 3)
testNbctl(char **out, const char *fmt, ...)
{
    g_autofree char *args = NULL;
    g_autofree char *text = NULL;
    va_list ap;
    int rc;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    rc = virTestNetnsRun(NULL, &text, "ovn-nbctl --db=unix:%s --timeout=10 %s",
                         testNb.socketPath, args);
    if (out) {
        const char *s = text ? g_strstrip(text) : "";
        size_t len = strlen(s);

        if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
            *out = g_strndup(s + 1, len - 2);
        else
            *out = g_strdup(s);
    }
    return rc;
}

/**
 * testLspGet:
 * One column (or map key, "external_ids:K") of logical port @name, as
 * ovn-nbctl prints it; "(absent)" when there is no such port or key.
 */
static char *
testLspGet(const char *name, const char *column)
{
    g_autofree char *out = NULL;

    if (testNbctl(&out, "--if-exists get Logical_Switch_Port %s %s 2>/dev/null",
                  name, column) != 0 || !*out)
        return g_strdup("(absent)");
    return g_steal_pointer(&out);
}

/**
 * testExpectAbsent:
 * Fails unless there is no logical port @name.
 */
static int
testExpectAbsent(const char *name)
{
    g_autofree char *row = testLspGet(name, "name");

    return virTestCompareStrings("(absent)", row);
}

/**
 * testExpectLsp:
 * Checks the owner markers of logical port @name ("(absent)" for a
 * missing port or key).
 */
static int
testExpectLsp(const char *name, const char *uid, const char *port,
              const char *host, const char *binding)
{
    g_autofree char *u = testLspGet(name, "external_ids:" VIR_OVN_NB_KEY_OWNER_UID);
    g_autofree char *p = testLspGet(name, "external_ids:" VIR_OVN_NB_KEY_PORT);
    g_autofree char *h = testLspGet(name, "external_ids:" VIR_OVN_NB_KEY_HOST);
    g_autofree char *b = testLspGet(name, "external_ids:" VIR_OVN_NB_KEY_BINDING);

    if (virTestCompareStrings(uid, u) < 0 || virTestCompareStrings(port, p) < 0 ||
        virTestCompareStrings(host, h) < 0 || virTestCompareStrings(binding, b) < 0) {
        fprintf(stderr, "(logical port %s)\n", name);
        return -1;
    }
    return 0;
}

/**
 * testExpectError:
 * Checks that the last call failed with @code and a message containing
 * @part.
 */
static int
testExpectError(virErrorNumber code, const char *part)
{
    const char *msg = virGetLastErrorMessage();

    if (virGetLastErrorCode() != code || !strstr(msg, part)) {
        fprintf(stderr, "expected error %d with '%s', got %d: %s\n",
                code, part, virGetLastErrorCode(), msg);
        return -1;
    }
    virResetLastError();
    return 0;
}

/**
 * testServerStart:
 * Starts the private database's server (testDbPid) and waits until it
 * answers.  Returns 0 or -1.
 */
static int
testServerStart(void)
{
    g_autofree char *cmd = g_strdup_printf("exec ovsdb-server %1$s/nb.db --remote=punix:%1$s/nb.sock "
                                           "--pidfile=%1$s/nb.pid --log-file=%1$s/nb.log "
                                           "--unixctl=%1$s/nb.ctl -vconsole:off", testDir);
    size_t i;

    if (!(testDbPid = virTestNetnsSpawn(NULL, NULL, cmd)))
        return -1;
    for (i = 0; i < 100; i++) {
        if (access(testNb.socketPath, F_OK) == 0 && testNbctl(NULL, "show") == 0)
            return 0;
        g_usleep(50 * 1000);
    }
    printf("ovsdb-server did not come up\n");
    return -1;
}

/**
 * testServerKill:
 * kill -9 of the database's server.
 */
static void
testServerKill(void)
{
    kill(testDbPid, SIGKILL);
    waitpid(testDbPid, NULL, 0);
    testDbPid = 0;
}

/**
 * testSetup:
 * The private northbound database, its server, ls1 and its admin ports.
 * Returns 0, EXIT_AM_SKIP (reason printed) or -1.
 */
static int
testSetup(void)
{
    static const char * const programs[] = { "ovsdb-tool", "ovsdb-server", "ovn-nbctl", NULL };
    const char *schema = "/usr/share/ovn/ovn-nb.ovsschema";
    int rc;

    if ((rc = virTestRequire(programs, schema, "openvswitch-switch, ovn-central")) != 0)
        return rc;
    if (!(testDir = g_dir_make_tmp("ovnnbtest.XXXXXX", NULL)))
        return -1;
    testNb.socketPath = g_strdup_printf("%s/nb.sock", testDir);
    if (virTestNetnsRun(NULL, NULL, "ovsdb-tool create %s/nb.db %s", testDir, schema) != 0 ||
        testServerStart() < 0)
        return -1;
    if (testNbctl(NULL, "ls-add ls1 -- lsp-add ls1 admin-lsp "
                  "-- lsp-add ls1 bob-lsp "
                  "-- set Logical_Switch_Port bob-lsp external_ids:"
                  VIR_OVN_NB_KEY_OWNER_UID "=2000 "
                  "-- lsp-add ls1 rtr -- lsp-set-type rtr router") != 0) {
        printf("cannot create the logical switch\n");
        return -1;
    }
    return 0;
}

/**
 * testBind:
 * Binds @name (on @lswitch when absent) for @uid as port @owner of host
 * @host.  Returns virOvnNbPortBind's result; *@created when not NULL.
 */
static int
testBind(const char *name, const char *lswitch, uid_t uid, const char *owner,
         const char *host, bool *created)
{
    virOvnNbBinding b = {
        .name = name, .lswitch = lswitch, .mac = MAC1,
        .uid = uid, .owner = owner, .host = host,
    };
    bool dummy;

    return virOvnNbPortBind(&testNb, &b, created ? created : &dummy);
}

/**
 * testCreate:
 * An absent logical port is created on its switch, with the MAC as
 * address and port security and every marker; unbinding deletes it.
 */
static int
testCreate(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *addresses = NULL;
    g_autofree char *security = NULL;
    g_autofree char *ports = NULL;
    bool created = false;

    if (testBind("alice-a", "ls1", 1000, OWNER1, "hostA", &created) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    addresses = testLspGet("alice-a", "addresses");
    security = testLspGet("alice-a", "port_security");
    testNbctl(&ports, "lsp-list ls1 | grep -c alice-a");
    if (!created ||
        virTestCompareStrings("[\"" MAC1 "\"]", addresses) < 0 ||
        virTestCompareStrings("[\"" MAC1 "\"]", security) < 0 ||
        virTestCompareStrings("1", ports) < 0)
        return -1;
    return testExpectLsp("alice-a", "1000", OWNER1, "hostA", "created");
}

/**
 * testRefusals:
 * Another uid's port, a port bound already, a router port, a missing
 * port without a switch, a missing switch: refused, nothing changed.
 */
static int
testRefusals(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *count = NULL;

    /* another user tries alice's port */
    if (testBind("alice-a", "ls1", 1001, OWNER2, "hostB", NULL) == 0 ||
        testExpectError(VIR_ERR_OPERATION_DENIED,
                        "logical switch port 'alice-a' belongs to uid 1000, not to uid 1001") < 0 ||
        testExpectLsp("alice-a", "1000", OWNER1, "hostA", "created") < 0)
        return -1;
    /* alice herself, from a second port */
    if (testBind("alice-a", "ls1", 1000, OWNER2, "hostB", NULL) == 0 ||
        testExpectError(VIR_ERR_OPERATION_INVALID,
                        "logical switch port 'alice-a' is bound already (port " OWNER1 ")") < 0 ||
        testExpectLsp("alice-a", "1000", OWNER1, "hostA", "created") < 0)
        return -1;
    /* reserved for bob by an admin */
    if (testBind("bob-lsp", NULL, 1000, OWNER2, "hostA", NULL) == 0 ||
        testExpectError(VIR_ERR_OPERATION_DENIED, "belongs to uid 2000, not to uid 1000") < 0 ||
        testExpectLsp("bob-lsp", "2000", "(absent)", "(absent)", "(absent)") < 0)
        return -1;
    /* not a VM port */
    if (testBind("rtr", NULL, 1000, OWNER2, "hostA", NULL) == 0 ||
        testExpectError(VIR_ERR_OPERATION_DENIED, "is of type 'router', not a VM port") < 0 ||
        testExpectLsp("rtr", "(absent)", "(absent)", "(absent)", "(absent)") < 0)
        return -1;
    /* absent, no switch named */
    if (testBind("nosuch", NULL, 1000, OWNER2, "hostA", NULL) == 0 ||
        testExpectError(VIR_ERR_NO_NETWORK_PORT,
                        "logical switch port 'nosuch' does not exist") < 0)
        return -1;
    /* absent, on a switch that does not exist */
    if (testBind("nosuch", "ls9", 1000, OWNER2, "hostA", NULL) == 0 ||
        testExpectError(VIR_ERR_INVALID_ARG, "no logical switch 'ls9'") < 0)
        return -1;
    /* hostile values never reach the database */
    if (testBind("x,external_ids:y=z", "ls1", 1000, OWNER2, "hostA", NULL) == 0 ||
        testExpectError(VIR_ERR_INVALID_ARG, "invalid OVS iface-id") < 0)
        return -1;
    testNbctl(&count, "--columns=name --data=bare --no-headings list Logical_Switch_Port | "
              "grep -c .");
    return virTestCompareStrings("4", count);
}

/**
 * testClaim:
 * An admin's unowned port is claimed (owner recorded) and given back
 * as it was: the port stays, the markers and the owner go.
 */
static int
testClaim(const void *opaque G_GNUC_UNUSED)
{
    bool created = true;

    if (testBind("admin-lsp", NULL, 1000, OWNER3, "hostA", &created) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (created || testExpectLsp("admin-lsp", "1000", OWNER3, "hostA", "claimed") < 0)
        return -1;
    /* while alice holds it, bob cannot */
    if (testBind("admin-lsp", NULL, 2000, OWNER2, "hostB", NULL) == 0 ||
        testExpectError(VIR_ERR_OPERATION_DENIED, "belongs to uid 1000, not to uid 2000") < 0)
        return -1;
    if (virOvnNbPortUnbind(&testNb, "admin-lsp", OWNER3) != 1)
        return -1;
    if (testExpectLsp("admin-lsp", "(absent)", "(absent)", "(absent)", "(absent)") < 0)
        return -1;
    /* a port an admin reserved for bob: bob binds it, and it stays his */
    if (testBind("bob-lsp", NULL, 2000, OWNER2, "hostB", NULL) < 0 ||
        testExpectLsp("bob-lsp", "2000", OWNER2, "hostB", "bound") < 0 ||
        virOvnNbPortUnbind(&testNb, "bob-lsp", OWNER2) != 1)
        return -1;
    return testExpectLsp("bob-lsp", "2000", "(absent)", "(absent)", "(absent)");
}

/**
 * testUnbind:
 * Unbinding with another port's marker changes nothing; with its own it
 * deletes the port it created, out of its switch.
 */
static int
testUnbind(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *ports = NULL;

    if (virOvnNbPortUnbind(&testNb, "alice-a", OWNER2) != 0 ||
        testExpectLsp("alice-a", "1000", OWNER1, "hostA", "created") < 0)
        return -1;
    if (virOvnNbPortUnbind(&testNb, "alice-a", OWNER1) != 1)
        return -1;
    testNbctl(&ports, "lsp-list ls1 | grep -c alice-a");
    if (virTestCompareStrings("0", ports) < 0 ||
        testExpectAbsent("alice-a") < 0)
        return -1;
    /* twice: nothing left to do */
    return virOvnNbPortUnbind(&testNb, "alice-a", OWNER1) == 0 ? 0 : -1;
}

/**
 * testKeepOwner4:
 * virOvnNbKeepFunc keeping OWNER4's binding only.
 */
static bool
testKeepOwner4(const virOvnNbPortInfo *info, void *opaque)
{
    unsigned int *seen = opaque;

    (*seen)++;
    return strcmp(info->owner, OWNER4) == 0;
}

/**
 * testReconcile:
 * Only this host's bindings are looked at; those refused are undone.
 */
static int
testReconcile(const void *opaque G_GNUC_UNUSED)
{
    unsigned int seen = 0;
    unsigned int removed = 0;

    if (testBind("x1", "ls1", 1000, OWNER4, "hostA", NULL) < 0 ||
        testBind("x2", "ls1", 1000, OWNER5, "hostA", NULL) < 0 ||
        testBind("y1", "ls1", 1000, OWNER6, "hostB", NULL) < 0 ||
        testBind("admin-lsp", NULL, 1000, OWNER5, "hostA", NULL) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (virOvnNbReconcile(&testNb, "hostA", testKeepOwner4, &seen, &removed) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (seen != 3 || removed != 2) {
        fprintf(stderr, "seen %u, removed %u\n", seen, removed);
        return -1;
    }
    if (testExpectLsp("x1", "1000", OWNER4, "hostA", "created") < 0 ||
        testExpectAbsent("x2") < 0 ||
        testExpectLsp("y1", "1000", OWNER6, "hostB", "created") < 0 ||
        testExpectLsp("admin-lsp", "(absent)", "(absent)", "(absent)", "(absent)") < 0)
        return -1;
    return 0;
}

/**
 * testUnreachable:
 * A database that does not answer fails clearly, whatever the call.
 */
static int
testUnreachable(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = g_strdup_printf("%s/none.sock", testDir);
    virOvnNbDb none = { path, 1000 };
    virOvnNbBinding b = {
        .name = "z1", .lswitch = "ls1", .mac = MAC1, .uid = 1000,
        .owner = OWNER1, .host = "hostA",
    };
    bool created;

    if (virOvnNbPortBind(&none, &b, &created) == 0 ||
        testExpectError(VIR_ERR_OPERATION_FAILED, "OVN northbound database unreachable") < 0)
        return -1;
    if (virOvnNbPortUnbind(&none, "z1", OWNER1) != -1 ||
        testExpectError(VIR_ERR_OPERATION_FAILED, "OVN northbound database unreachable") < 0)
        return -1;
    return testExpectAbsent("z1");
}

#define NET1 "5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a21"
#define NET2 "5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a22"
#define NET_EXCLUDE "198.18.20.1..198.18.20.99 198.18.20.150..198.18.20.254"

/**
 * testNetworkOf:
 * The network NET1 (or @network) on switch net1 as host @host sees it.
 */
static virOvnNbNetwork
testNetworkOf(const char *host, const char *network, const char *subnet)
{
    virOvnNbNetwork net = {
        .lswitch = "net1", .create = true, .network = network, .host = host,
        .cidr = subnet, .router = "198.18.20.1", .serverId = "198.18.20.1",
        .serverMac = "52:54:00:18:20:01", .leaseTime = "7200", .mtu = "1400",
        .subnet = subnet, .excludeIps = NET_EXCLUDE,
    };

    return net;
}

/**
 * testSwitchGet:
 * One column (or map key) of switch net1, as ovn-nbctl prints it;
 * "(absent)" when there is none.
 */
static char *
testSwitchGet(const char *column)
{
    g_autofree char *out = NULL;

    if (testNbctl(&out, "--if-exists get Logical_Switch net1 %s 2>/dev/null", column) != 0 ||
        !*out)
        return g_strdup("(absent)");
    return g_steal_pointer(&out);
}

/**
 * testNetworkStart:
 * An OVN network's switch: refused when absent and not to be created;
 * created with its subnet, one DHCP row per host (the same one again on
 * a restart), a port created with dynamic addresses and the DHCP row; a
 * second network with another subnet on the switch is refused.
 */
static int
testNetworkStart(const void *opaque G_GNUC_UNUSED)
{
    virOvnNbNetwork a = testNetworkOf("hostA", NET1, "198.18.20.0/24");
    virOvnNbNetwork b = testNetworkOf("hostB", NET1, "198.18.20.0/24");
    virOvnNbNetwork other = testNetworkOf("hostA", NET2, "198.18.21.0/24");
    virOvnNbBinding port = {
        .name = "net1-p1", .lswitch = "net1", .mac = MAC1, .uid = 1000,
        .owner = OWNER1, .host = "hostA", .addresses = MAC1 " dynamic",
    };
    g_autofree char *dhcpA = NULL;
    g_autofree char *again = NULL;
    g_autofree char *dhcpB = NULL;
    g_autofree char *options = NULL;
    g_autofree char *cidr = NULL;
    g_autofree char *subnet = NULL;
    g_autofree char *exclude = NULL;
    g_autofree char *created = NULL;
    g_autofree char *addresses = NULL;
    g_autofree char *portDhcp = NULL;
    bool made;

    a.create = false;
    if (virOvnNbNetworkStart(&testNb, &a, &dhcpA) == 0 ||
        testExpectError(VIR_ERR_OPERATION_INVALID, "no logical switch 'net1'") < 0)
        return -1;
    a.create = true;
    if (virOvnNbNetworkStart(&testNb, &a, &dhcpA) < 0 ||
        virOvnNbNetworkStart(&testNb, &a, &again) < 0 ||
        virOvnNbNetworkStart(&testNb, &b, &dhcpB) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (!dhcpA || !dhcpB || virTestCompareStrings(dhcpA, again) < 0 ||
        g_strcmp0(dhcpA, dhcpB) == 0) {
        fprintf(stderr, "DHCP rows: %s, %s again, %s for host B\n", dhcpA, again, dhcpB);
        return -1;
    }
    testNbctl(&options, "dhcp-options-get-options %s | sort | tr '\\n' ' '", dhcpA);
    testNbctl(&cidr, "get DHCP_Options %s cidr", dhcpB);
    subnet = testSwitchGet("other_config:subnet");
    exclude = testSwitchGet("other_config:exclude_ips");
    created = testSwitchGet("external_ids:" VIR_OVN_NB_KEY_CREATED);
    if (virTestCompareStrings("lease_time=7200 mtu=1400 router=198.18.20.1 "
                              "server_id=198.18.20.1 server_mac=52:54:00:18:20:01", options) < 0 ||
        virTestCompareStrings("198.18.20.0/24", cidr) < 0 ||
        virTestCompareStrings("198.18.20.0/24", subnet) < 0 ||
        virTestCompareStrings(NET_EXCLUDE, exclude) < 0 ||
        virTestCompareStrings("hostA", created) < 0)
        return -1;

    port.dhcpv4Options = dhcpA;
    if (virOvnNbPortBind(&testNb, &port, &made) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    addresses = testLspGet("net1-p1", "addresses");
    portDhcp = testLspGet("net1-p1", "dhcpv4_options");
    if (virTestCompareStrings("[\"" MAC1 " dynamic\"]", addresses) < 0 ||
        virTestCompareStrings(dhcpA, portDhcp) < 0)
        return -1;

    if (virOvnNbNetworkStart(&testNb, &other, &again) == 0 ||
        testExpectError(VIR_ERR_OPERATION_INVALID,
                        "logical switch 'net1' has other_config:subnet '198.18.20.0/24', "
                        "the network's is '198.18.21.0/24'") < 0)
        return -1;
    /* what the refused start may have left */
    return virOvnNbNetworkStop(&testNb, &other);
}

/**
 * testRestart:
 * With connections kept (as the daemon keeps them): the server killed
 * and started again between two requests (the kept connection is
 * replaced), and killed for good (the request fails saying the database
 * is unreachable).
 */
static int
testRestart(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *ids = NULL;
    bool created;
    int ret = -1;

    virOvsdbConnSetReuse(true);
    if (testBind("kept-p1", "ls1", 1000, OWNER7, "hostA", &created) < 0) {
        fprintf(stderr, "bind: %s\n", virGetLastErrorMessage());
        goto cleanup;
    }
    testServerKill();
    if (testServerStart() < 0)
        goto cleanup;
    if (virOvnNbPortUnbind(&testNb, "kept-p1", OWNER7) != 1) {
        fprintf(stderr, "unbind after the restart: %s\n", virGetLastErrorMessage());
        goto cleanup;
    }
    ids = testLspGet("kept-p1", "name");
    if (virTestCompareStrings("(absent)", ids) < 0)
        goto cleanup;
    testServerKill();
    if (testBind("kept-p2", "ls1", 1000, OWNER7, "hostA", &created) == 0 ||
        testExpectError(VIR_ERR_OPERATION_FAILED, "OVN northbound database unreachable") < 0)
        goto cleanup;
    ret = 0;

 cleanup:
    virOvsdbConnSetReuse(false);
    if (testDbPid <= 0 && testServerStart() < 0)
        ret = -1;
    return ret;
}

/**
 * testCompareLines:
 * GCompareFunc of a GPtrArray of strings.
 */
static gint
testCompareLines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char * const *)a, *(const char * const *)b);
}

/**
 * testAddressesFormat:
 * @addrs as sorted lines "PORT MAC IP[ dynamic]" (caller frees).
 */
static char *
testAddressesFormat(GPtrArray *addrs)
{
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) out = g_string_new(NULL);
    guint i;

    for (i = 0; i < addrs->len; i++) {
        const virOvnNbAddress *a = g_ptr_array_index(addrs, i);
        char mac[VIR_MAC_STRING_BUFLEN];
        char ip[VIR_SOCKET_ADDR_STRING_BUFLEN];

        g_ptr_array_add(lines, g_strdup_printf("%s %s %s%s\n", a->port,
                                               virMacAddrFormat(&a->mac, mac),
                                               virSocketAddrFormat(&a->ip, ip),
                                               a->dynamic ? " dynamic" : ""));
    }
    g_ptr_array_sort(lines, testCompareLines);
    for (i = 0; i < lines->len; i++)
        g_string_append(out, g_ptr_array_index(lines, i));
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * testSwitchAddresses:
 * The addresses OVN's DHCP hands out on net1 (an OVN network's
 * net-dhcp-leases): a reservation, a dynamic address once ovn-northd
 * (here: the test) has chosen it; not a port without DHCP options, one
 * whose dynamic address is not chosen yet, an address that is not
 * "MAC IP", or a port of another switch.  A missing switch has none;
 * an unreachable database is an error that says so.
 */
static int
testSwitchAddresses(const void *opaque G_GNUC_UNUSED)
{
    virOvnNbDb gone = { "/nonexistent/nb.sock", 1000 };
    g_autoptr(GPtrArray) addrs = NULL;
    g_autoptr(GPtrArray) none = NULL;
    g_autofree char *dhcp = NULL;
    g_autofree char *text = NULL;

    testNbctl(&dhcp, "--bare --columns=_uuid list DHCP_Options | head -n 1");
    if (!dhcp || !*dhcp ||
        testNbctl(NULL, "lsp-add net1 net1-fixed -- lsp-set-addresses net1-fixed "
                  "'52:54:00:00:00:21 198.18.20.12 fd00::12' -- lsp-set-dhcpv4-options net1-fixed %s "
                  "-- lsp-add net1 net1-nodhcp -- lsp-set-addresses net1-nodhcp "
                  "'52:54:00:00:00:22 198.18.20.13' "
                  "-- lsp-add net1 net1-pending -- lsp-set-addresses net1-pending "
                  "'52:54:00:00:00:23 dynamic' -- lsp-set-dhcpv4-options net1-pending %s "
                  "-- lsp-add net1 net1-odd -- lsp-set-addresses net1-odd unknown router "
                  "-- lsp-set-dhcpv4-options net1-odd %s "
                  "-- ls-add net9 -- lsp-add net9 net9-p -- lsp-set-addresses net9-p "
                  "'52:54:00:00:00:29 198.18.20.19' -- lsp-set-dhcpv4-options net9-p %s "
                  "-- set Logical_Switch_Port net1-p1 "
                  "'dynamic_addresses=\"" MAC1 " 198.18.20.100\"'",
                  dhcp, dhcp, dhcp, dhcp) != 0) {
        fprintf(stderr, "cannot set up the ports\n");
        return -1;
    }
    if (virOvnNbSwitchAddresses(&testNb, "net1", &addrs) < 0 ||
        virOvnNbSwitchAddresses(&testNb, "no-such-switch", &none) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    text = testAddressesFormat(addrs);
    if (virTestCompareStrings("net1-fixed 52:54:00:00:00:21 198.18.20.12\n"
                              "net1-p1 " MAC1 " 198.18.20.100 dynamic\n", text) < 0)
        return -1;
    if (none->len != 0) {
        fprintf(stderr, "%u addresses on a missing switch\n", none->len);
        return -1;
    }
    g_clear_pointer(&none, g_ptr_array_unref);
    if (virOvnNbSwitchAddresses(&gone, "net1", &none) == 0 ||
        testExpectError(VIR_ERR_OPERATION_FAILED, "OVN northbound database unreachable") < 0)
        return -1;
    return 0;
}

/**
 * testNetworkStop:
 * Host A's stop deletes its DHCP row (the port's reference goes with
 * it) and keeps the subnet host B uses; host B's stop removes the
 * subnet.  The switch and its ports stay.
 */
static int
testNetworkStop(const void *opaque G_GNUC_UNUSED)
{
    virOvnNbNetwork a = testNetworkOf("hostA", NET1, "198.18.20.0/24");
    virOvnNbNetwork b = testNetworkOf("hostB", NET1, "198.18.20.0/24");
    g_autofree char *rows = NULL;
    g_autofree char *subnet = NULL;
    g_autofree char *portDhcp = NULL;
    g_autofree char *rowsAfter = NULL;
    g_autofree char *subnetAfter = NULL;
    g_autofree char *exclude = NULL;
    g_autofree char *name = NULL;

    if (virOvnNbNetworkStop(&testNb, &a) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    testNbctl(&rows, "--bare --columns=_uuid find DHCP_Options external_ids:"
              VIR_OVN_NB_KEY_NETWORK "=" NET1 " | grep -c .");
    subnet = testSwitchGet("other_config:subnet");
    portDhcp = testLspGet("net1-p1", "dhcpv4_options");
    if (virTestCompareStrings("1", rows) < 0 ||
        virTestCompareStrings("198.18.20.0/24", subnet) < 0 ||
        virTestCompareStrings("[]", portDhcp) < 0)
        return -1;
    if (virOvnNbNetworkStop(&testNb, &b) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    testNbctl(&rowsAfter, "--bare --columns=_uuid find DHCP_Options | grep -c .");
    subnetAfter = testSwitchGet("other_config:subnet");
    exclude = testSwitchGet("other_config:exclude_ips");
    name = testSwitchGet("name");
    if (virTestCompareStrings("0", rowsAfter) < 0 ||
        virTestCompareStrings("(absent)", subnetAfter) < 0 ||
        virTestCompareStrings("(absent)", exclude) < 0 ||
        virTestCompareStrings("net1", name) < 0)
        return -1;
    /* stopping again finds nothing to undo */
    return virOvnNbNetworkStop(&testNb, &b);
}

/**
 * mymain:
 * Set-up, the cases in order (each builds on the last), tear-down.
 */
static int
mymain(void)
{
    int ret = 0;
    int rc;

    if ((rc = testSetup()) != 0) {
        ret = rc == EXIT_AM_SKIP ? EXIT_AM_SKIP : -1;
        goto cleanup;
    }
    if (virTestRun("create", testCreate, NULL) < 0 ||
        virTestRun("refusals", testRefusals, NULL) < 0 ||
        virTestRun("claim", testClaim, NULL) < 0 ||
        virTestRun("unbind", testUnbind, NULL) < 0 ||
        virTestRun("reconcile", testReconcile, NULL) < 0 ||
        virTestRun("unreachable", testUnreachable, NULL) < 0 ||
        virTestRun("server restarted, then gone", testRestart, NULL) < 0 ||
        virTestRun("network start", testNetworkStart, NULL) < 0 ||
        virTestRun("switch addresses", testSwitchAddresses, NULL) < 0 ||
        virTestRun("network stop", testNetworkStop, NULL) < 0)
        ret = -1;

 cleanup:
    if (testDbPid > 0) {
        kill(testDbPid, SIGTERM);
        waitpid(testDbPid, NULL, 0);
    }
    if (testDir)
        virTestNetnsRun(NULL, NULL, "rm -rf %s", testDir);
    g_free(testDir);
    g_free((char *)testNb.socketPath);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
