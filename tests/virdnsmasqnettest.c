/*
 * virdnsmasqnettest.c: the real dnsmasq on a bridge, a real DHCP exchange
 * and DNS queries from a peer namespace
 *
 * Root only (exits 77 otherwise).  The program moves into a network
 * namespace of its own (the "host"), creates bridge lvnbr0 198.18.5.1/24
 * with the util APIs, and a peer namespace ("guest") on a veth port.  It
 * starts Debian's dnsmasq with a generated config, checks that it runs
 * as the unprivileged user with only its three network capabilities,
 * gets a lease for the guest's reserved address with a raw DHCP client
 * (tests/virnettestpeer.py), resolves a <dns><host> name and the guest's
 * own name, reads the lease back, and stops dnsmasq leaving nothing.
 */
#include "testutils.h"
#include "virdnsmasq.h"
#include "virerror.h"
#include "virfile.h"
#include "virnetdevbridge.h"
#include "virnetdevip.h"
#include "virnettestns.h"

#include <errno.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TEST_BRIDGE "lvnbr0"
#define TEST_GUEST_MAC "52:54:00:12:34:56"

static virTestNetns *testGuest;
static char *testDir;
static char *testConf;
static char *testPid;
static char *testLeases;
static pid_t testDnsmasq;

static const char *const testWebNames[] = { "www.example.lan", NULL };

/**
 * testWriteConfig:
 * The network's dnsmasq config, as the daemon would write it.
 */
static int
testWriteConfig(bool ipv6)
{
    virMacAddr mac;
    virSocketAddr listen[2];
    virDnsmasqDhcpRange range[2] = { { .prefix = 24, .lease = 3600 },
                                     { .prefix = 64, .lease = 3600 } };
    virDnsmasqDhcpHost host = { .mac = &mac, .name = "guest1" };
    virDnsmasqDnsHost web = { .names = testWebNames };
    virDnsmasqConfig cfg = {
        .interface = TEST_BRIDGE,
        .listen = listen, .nlisten = ipv6 ? 2 : 1,
        .ranges = range, .nranges = ipv6 ? 2 : 1,
        .hosts = &host, .nhosts = 1,
        .dnsHosts = &web, .ndnsHosts = 1,
        .domain = "example.lan", .domainLocal = true,
        /* nothing is forwarded anywhere: the test stays on its bridge */
        .noResolv = true,
        .leaseFile = testLeases, .pidFile = testPid,
        .user = "dnsmasq",
    };
    g_autofree char *text = NULL;

    if (virMacAddrParse(TEST_GUEST_MAC, &mac) < 0 ||
        virSocketAddrParse("198.18.5.1", AF_INET, &listen[0]) < 0 ||
        virSocketAddrParse("fd00:198:18:5::1", AF_INET6, &listen[1]) < 0 ||
        virSocketAddrParse("198.18.5.100", AF_INET, &range[0].start) < 0 ||
        virSocketAddrParse("198.18.5.200", AF_INET, &range[0].end) < 0 ||
        virSocketAddrParse("fd00:198:18:5::100", AF_INET6, &range[1].start) < 0 ||
        virSocketAddrParse("fd00:198:18:5::1ff", AF_INET6, &range[1].end) < 0 ||
        virSocketAddrParse("198.18.5.10", AF_INET, &host.ip) < 0 ||
        virSocketAddrParse("198.18.5.77", AF_INET, &web.ip) < 0 ||
        !(text = virDnsmasqConfigFormat(&cfg)) ||
        virFileRewriteStr(testConf, 0644, text) < 0) {
        printf("%s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

static int
testStart(const void *opaque G_GNUC_UNUSED)
{
    pid_t again = 0;

    if (testWriteConfig(false) < 0)
        return -1;
    if (virDnsmasqStart(testConf, testPid, &testDnsmasq) < 0) {
        printf("%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (virDnsmasqFind(testConf, testPid, &again) != 1 || again != testDnsmasq)
        return -1;
    /* one server per config */
    virResetLastError();
    if (virDnsmasqStart(testConf, testPid, &again) == 0 ||
        !strstr(virGetLastErrorMessage(), "is running already"))
        return -1;
    virResetLastError();
    return 0;
}

/**
 * testStatusField:
 * The value of "@key:" in /proc/@pid/status, or NULL.
 */
static char *
testStatusField(pid_t pid, const char *key)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)pid);
    g_autofree char *data = NULL;
    g_auto(GStrv) lines = NULL;
    size_t i;

    if (!g_file_get_contents(path, &data, NULL, NULL))
        return NULL;
    lines = g_strsplit(data, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], key) && lines[i][strlen(key)] == ':')
            return g_strstrip(g_strdup(lines[i] + strlen(key) + 1));
    }
    return NULL;
}

/**
 * testPrivileges:
 * dnsmasq runs as user dnsmasq (every uid), with no capability but
 * CAP_NET_BIND_SERVICE, CAP_NET_ADMIN and CAP_NET_RAW.
 */
static int
testPrivileges(const void *opaque G_GNUC_UNUSED)
{
    struct passwd *pw = getpwnam("dnsmasq");
    g_autofree char *uid = testStatusField(testDnsmasq, "Uid");
    g_autofree char *caps = testStatusField(testDnsmasq, "CapEff");
    g_autofree char *want = NULL;
    guint64 capEff;
    const guint64 allowed = (1ull << 10) | (1ull << 12) | (1ull << 13);

    if (!pw || !uid || !caps)
        return -1;
    want = g_strdup_printf("%u\t%u\t%u\t%u", pw->pw_uid, pw->pw_uid, pw->pw_uid, pw->pw_uid);
    if (virTestCompareStrings(want, uid) < 0)
        return -1;
    capEff = g_ascii_strtoull(caps, NULL, 16);
    if (capEff & ~allowed) {
        printf("dnsmasq keeps capabilities %s\n", caps);
        return -1;
    }
    return 0;
}

static int
testDhcp(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *out = NULL;

    if (virTestNetnsRun(testGuest, &out, "%s %s dhcp eth0 guest1", virTestPython(),
                        virTestPeerScript()) != 0) {
        printf("DHCP failed: %s\n", out ? out : "");
        return -1;
    }
    /* the reservation, not an address of the range */
    return virTestCompareStrings("198.18.5.10\n", out);
}

typedef struct {
    const char *name;
    const char *expect;
} testDnsCase;

static int
testDnsOne(const void *opaque)
{
    const testDnsCase *c = opaque;
    g_autofree char *out = NULL;

    if (virTestNetnsRun(testGuest, &out, "%s %s dns 198.18.5.1 %s", virTestPython(),
                        virTestPeerScript(), c->name) != 0)
        return -1;
    return virTestCompareStrings(c->expect, out);
}

static int
testLeaseFile(const void *opaque G_GNUC_UNUSED)
{
    virDnsmasqLease *leases = NULL;
    size_t n = 0;
    char mac[VIR_MAC_STRING_BUFLEN];
    char ip[VIR_SOCKET_ADDR_STRING_BUFLEN];
    int ret = -1;

    if (virDnsmasqLeasesRead(testLeases, &leases, &n) < 0)
        return -1;
    if (n == 1 && leases[0].hasMac &&
        strcmp(virMacAddrFormat(&leases[0].mac, mac), TEST_GUEST_MAC) == 0 &&
        strcmp(virSocketAddrFormat(&leases[0].ip, ip), "198.18.5.10") == 0 &&
        g_strcmp0(leases[0].hostname, "guest1") == 0 &&
        leases[0].expiry > (gint64)time(NULL))
        ret = 0;
    else
        printf("%zu leases\n", n);
    virDnsmasqLeaseListFree(leases, n);
    return ret;
}

/**
 * testStaleNotOurs:
 * A pid file naming a live process that is not our dnsmasq (this test's
 * namespace holder) is "not running", and stopping leaves it alone.
 */
static int
testStaleNotOurs(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *stalePid = g_build_filename(testDir, "stale.pid", NULL);
    g_autofree char *text = g_strdup_printf("%d\n", virTestNetnsPid(testGuest));
    pid_t pid;

    if (virFileRewriteStr(stalePid, 0644, text) < 0 ||
        virDnsmasqFind(testConf, stalePid, &pid) != 0 ||
        virDnsmasqStop(testConf, stalePid) < 0)
        return -1;
    if (kill(virTestNetnsPid(testGuest), 0) < 0)
        return -1;
    return access(stalePid, F_OK) < 0 ? 0 : -1;
}

static int
testStop(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *proc = g_strdup_printf("/proc/%d/exe", (int)testDnsmasq);
    pid_t pid;
    int i;

    if (virDnsmasqStop(testConf, testPid) < 0) {
        printf("%s\n", virGetLastErrorMessage());
        return -1;
    }
    /* gone (reaped by init: it daemonized) */
    for (i = 0; i < 100 && access(proc, F_OK) == 0; i++)
        g_usleep(10 * 1000);
    if (access(proc, F_OK) == 0 || access(testPid, F_OK) == 0 ||
        virDnsmasqFind(testConf, testPid, &pid) != 0)
        return -1;
    testDnsmasq = 0;
    /* stopping again is fine */
    return virDnsmasqStop(testConf, testPid);
}

/**
 * testIPv6:
 * The same network with an IPv6 range and router advertisements: the
 * real dnsmasq accepts the config, binds the bridge's IPv6 address and
 * answers DNS over IPv6 too, and stops.
 */
static int
testIPv6(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *out = NULL;
    pid_t pid;
    int rc;

    if (testWriteConfig(true) < 0 || virDnsmasqStart(testConf, testPid, &pid) < 0) {
        printf("%s\n", virGetLastErrorMessage());
        return -1;
    }
    testDnsmasq = pid;
    rc = virTestNetnsRun(testGuest, &out, "%s -c \"import socket; "
                         "s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); "
                         "s.settimeout(5); "
                         "s.sendto(bytes.fromhex('1234010000010000000000000377777707"
                         "6578616d706c65036c616e0000010001'), ('fd00:198:18:5::1', 53)); "
                         "d = s.recv(512); print(socket.inet_ntoa(d[-4:]))\"",
                         virTestPython());
    if (rc != 0 || virTestCompareStrings("198.18.5.77\n", out) < 0)
        return -1;
    if (virDnsmasqStop(testConf, testPid) < 0)
        return -1;
    testDnsmasq = 0;
    return 0;
}

/**
 * testSetup:
 * The host side: bridge, address, peer namespace on a veth port.
 */
static int
testSetup(void)
{
    g_autoptr(virNetlinkSocket) sk = virNetlinkSocketNew();
    virNetDevBridgeConfig br = { .name = TEST_BRIDGE };
    virSocketAddr addr;
    int ifindex;

    if (!sk || virNetDevBridgeCreate(sk, &br, &ifindex) < 0 ||
        virSocketAddrParse("198.18.5.1", AF_INET, &addr) < 0 ||
        virNetDevIPAddrAdd(sk, ifindex, TEST_BRIDGE, &addr, 24) < 0 ||
        virSocketAddrParse("fd00:198:18:5::1", AF_INET6, &addr) < 0 ||
        virNetDevIPAddrAdd(sk, ifindex, TEST_BRIDGE, &addr, 64) < 0 ||
        virNetlinkLinkChange(sk, ifindex, TEST_BRIDGE, NULL, 0, 0, NULL, true) < 0) {
        printf("%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (!(testGuest = virTestNetnsNew()))
        return -1;
    if (virTestNetnsRun(NULL, NULL, "ip link set lo up && "
                        "ip link add lvnv0 type veth peer name eth0 netns %d && "
                        "ip link set lvnv0 master " TEST_BRIDGE " up",
                        virTestNetnsPid(testGuest)) != 0 ||
        virTestNetnsRun(testGuest, NULL, "ip link set eth0 address " TEST_GUEST_MAC
                        " && ip link set eth0 up") != 0) {
        printf("cannot build the veth pair\n");
        return -1;
    }
    testDir = g_dir_make_tmp("virdnsmasqnettest-XXXXXX", NULL);
    if (!testDir)
        return -1;
    testConf = g_build_filename(testDir, "net.conf", NULL);
    testPid = g_build_filename(testDir, "net.pid", NULL);
    testLeases = g_build_filename(testDir, "net.leases", NULL);
    return 0;
}

static int
mymain(void)
{
    static const testDnsCase dns[] = {
        { "www.example.lan", "198.18.5.77\n" },
        { "guest1.example.lan", "198.18.5.10\n" },
        /* local=/example.lan/: answered here, never forwarded */
        { "nosuch.example.lan", "rcode 3\n" },
    };
    int ret = 0;
    size_t i;

    if (access(virDnsmasqBinary(), X_OK) < 0 || !getpwnam("dnsmasq")) {
        printf("SKIP: no %s or no user dnsmasq (install dnsmasq-base)\n", virDnsmasqBinary());
        return EXIT_AM_SKIP;
    }
    if ((ret = virTestNetnsEnterPrivate("network namespaces, dnsmasq on port 67")) != 0)
        return ret;
    if (testSetup() < 0)
        ret = -1;

    if (ret == 0 && virTestRun("dnsmasq: start, found again, no second one", testStart, NULL) < 0)
        ret = -1;
    if (testDnsmasq) {
        if (virTestRun("dnsmasq: runs as dnsmasq with network capabilities only",
                       testPrivileges, NULL) < 0 ||
            virTestRun("dnsmasq: a DHCP client gets its reserved address", testDhcp, NULL) < 0)
            ret = -1;
        if (virTestNetnsRun(testGuest, NULL, "ip addr add 198.18.5.10/24 dev eth0") != 0)
            ret = -1;
        for (i = 0; i < G_N_ELEMENTS(dns); i++) {
            g_autofree char *title = g_strdup_printf("dnsmasq: DNS %s", dns[i].name);

            if (virTestRun(title, testDnsOne, &dns[i]) < 0)
                ret = -1;
        }
        if (virTestRun("dnsmasq: the lease file holds the lease", testLeaseFile, NULL) < 0 ||
            virTestRun("dnsmasq: a pid file naming another process", testStaleNotOurs, NULL) < 0 ||
            virTestRun("dnsmasq: stop leaves nothing", testStop, NULL) < 0)
            ret = -1;
        if (virTestNetnsRun(testGuest, NULL, "ip addr add fd00:198:18:5::10/64 dev eth0 nodad") != 0 ||
            virTestRun("dnsmasq: IPv6 range, RA and DNS over IPv6", testIPv6, NULL) < 0)
            ret = -1;
    }

    if (testDnsmasq)
        virDnsmasqStop(testConf, testPid);
    virTestNetnsFree(testGuest);
    if (testDir) {
        virTestNetnsRun(NULL, NULL, "rm -rf '%s'", testDir);
        g_free(testDir);
    }
    g_free(testConf);
    g_free(testPid);
    g_free(testLeases);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
