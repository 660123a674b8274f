/*
 * virnftablesnettest.c: the rules of virtual networks in the kernel
 *
 * Root only (exits 77 otherwise).  The program moves into a network
 * namespace of its own, the host, and builds:
 *
 *   guest ns: eth0 198.18.5.10/24, default route via 198.18.5.1
 *     | veth, port of
 *   host: bridge lvnbr0 198.18.5.1/24, uplink lvnup0 198.19.0.2/16,
 *         IPv4 forwarding on (virNetDevIPForwardingSet)
 *     | veth
 *   outside ns: eth0 198.19.0.1/16, route to 198.18.5.0/24 via the host
 *
 * The outside has a route back, so only the rules decide what passes:
 * with nat the outside sees connections from the host's address and cannot
 * open one to the guest; with route it sees the guest's own address and
 * can; isolated lets nothing out.  A bystander table and a second
 * network's chains must come through every change untouched.
 */
#include "testutils.h"
#include "virerror.h"
#include "virnetdevbridge.h"
#include "virnetdevip.h"
#include "virnettestns.h"
#include "virnftables.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define TEST_BRIDGE "lvnbr0"
#define TEST_OTHER_BRIDGE "br-rt.1"
#define TEST_BYSTANDER "table inet bystander {\n" \
    "\tchain c {\n" \
    "\t\ttype filter hook forward priority 10; policy accept;\n" \
    "\t\tip saddr 198.18.99.0/24 counter packets 0 bytes 0 drop\n" \
    "\t}\n" \
    "}\n"

static virTestNetns *testGuest;
static virTestNetns *testOutside;
static char *testBystanderListing;     /* as nft showed it after setup */
static virNftablesSubnet testSubnet;
static virNftablesSubnet testOtherSubnet;

/**
 * testNetwork:
 * The network under test in @mode.
 */
static virNftablesNetwork
testNetwork(virNftablesMode mode)
{
    return (virNftablesNetwork){
        .bridge = TEST_BRIDGE, .mode = mode,
        .subnets = &testSubnet, .nsubnets = 1,
    };
}

/**
 * testOtherNetwork:
 * A second network (routed, on a bridge whose name needs '-' and '.'
 * in chain names) that must survive every change of the first.
 */
static virNftablesNetwork
testOtherNetwork(void)
{
    return (virNftablesNetwork){
        .bridge = TEST_OTHER_BRIDGE, .mode = VIR_NFTABLES_MODE_ROUTE,
        .subnets = &testOtherSubnet, .nsubnets = 1,
    };
}

/**
 * testTcp:
 * Opens a TCP connection from @client to @dst:@port where @server
 * listens.  Returns the source address the server saw (caller frees),
 * or NULL when no connection opened.
 */
static char *
testTcp(virTestNetns *server, virTestNetns *client, const char *dst, int port)
{
    g_autofree char *cmd = g_strdup_printf("exec %s %s serve %d 5", virTestPython(),
                                           virTestPeerScript(), port);
    g_autofree char *ready = NULL;
    char *peer = NULL;
    int outfd = -1;
    GPid pid = virTestNetnsSpawn(server, &outfd, cmd);

    if (!pid)
        return NULL;
    if ((ready = virTestReadLine(outfd, 5000)) && strcmp(ready, "listening") == 0 &&
        virTestNetnsRun(client, NULL, "%s %s connect %s %d 2", virTestPython(),
                        virTestPeerScript(), dst, port) == 0)
        peer = virTestReadLine(outfd, 5000);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(outfd);
    return peer;
}

/**
 * testList:
 * "nft list table inet NAME" of the host, or "" when it does not exist.
 */
static char *
testList(const char *table)
{
    char *out = NULL;

    if (virTestNetnsRun(NULL, &out, "nft list table inet %s 2>/dev/null", table) != 0) {
        g_free(out);
        return g_strdup("");
    }
    return out;
}

/**
 * testOthersIntact:
 * The bystander table and the second network are as they were.
 */
static int
testOthersIntact(void)
{
    virNftablesNetwork other = testOtherNetwork();
    g_autofree char *bystander = testList("bystander");

    if (virTestCompareStrings(testBystanderListing, bystander) < 0)
        return -1;
    if (virNftablesNetworkVerify(&other) != 1) {
        fprintf(stderr, "the other network's rules changed\n");
        return -1;
    }
    return 0;
}

/**
 * testApply:
 * Replaces the network's rules with @mode's and checks them present.
 */
static int
testApply(virNftablesMode mode)
{
    virNftablesNetwork net = testNetwork(mode);

    if (virNftablesNetworkAdd(&net) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (virNftablesNetworkVerify(&net) != 1) {
        fprintf(stderr, "rules not verified right after adding them\n");
        return -1;
    }
    return testOthersIntact();
}

static int
testNat(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *seen = NULL;
    g_autofree char *back = NULL;

    if (testApply(VIR_NFTABLES_MODE_NAT) < 0)
        return -1;
    if (!(seen = testTcp(testOutside, testGuest, "198.19.0.1", 8080))) {
        fprintf(stderr, "the guest cannot reach the outside\n");
        return -1;
    }
    if (virTestCompareStrings("198.19.0.2", seen) < 0)
        return -1;
    if ((back = testTcp(testGuest, testOutside, "198.18.5.10", 8081))) {
        fprintf(stderr, "the outside opened a connection to the guest (from %s)\n", back);
        return -1;
    }
    return 0;
}

/**
 * testVerifyChanged:
 * A flushed chain, an extra rule, a deleted chain: each is "changed",
 * and adding again restores the rules.
 */
static int
testVerifyChanged(const void *opaque G_GNUC_UNUSED)
{
    virNftablesNetwork net = testNetwork(VIR_NFTABLES_MODE_NAT);
    const char *damage[] = {
        "nft flush chain inet " VIR_NFTABLES_TABLE " fwd_" TEST_BRIDGE,
        "nft add rule inet " VIR_NFTABLES_TABLE " nat_" TEST_BRIDGE " counter",
        "nft delete chain inet " VIR_NFTABLES_TABLE " in_" TEST_BRIDGE,
        "nft delete table inet " VIR_NFTABLES_TABLE,
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(damage); i++) {
        if (virNftablesNetworkAdd(&net) < 0 || virNftablesNetworkVerify(&net) != 1)
            return -1;
        if (virTestNetnsRun(NULL, NULL, "%s", damage[i]) != 0)
            return -1;
        if (virNftablesNetworkVerify(&net) != 0) {
            fprintf(stderr, "'%s' not noticed\n", damage[i]);
            return -1;
        }
    }
    /* the whole table went with the last one: restore both networks */
    {
        virNftablesNetwork other = testOtherNetwork();

        if (virNftablesNetworkAdd(&net) < 0 || virNftablesNetworkAdd(&other) < 0)
            return -1;
    }
    return virNftablesNetworkVerify(&net) == 1 ? testOthersIntact() : -1;
}

static int
testRoute(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *seen = NULL;
    g_autofree char *back = NULL;

    if (testApply(VIR_NFTABLES_MODE_ROUTE) < 0)
        return -1;
    if (!(seen = testTcp(testOutside, testGuest, "198.19.0.1", 8082)) ||
        virTestCompareStrings("198.18.5.10", seen) < 0)
        return -1;
    if (!(back = testTcp(testGuest, testOutside, "198.18.5.10", 8083))) {
        fprintf(stderr, "the outside cannot reach the routed guest\n");
        return -1;
    }
    return virTestCompareStrings("198.19.0.1", back);
}

static int
testIsolated(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *seen = NULL;
    g_autofree char *back = NULL;
    g_autofree char *host = NULL;

    if (testApply(VIR_NFTABLES_MODE_ISOLATED) < 0)
        return -1;
    if ((seen = testTcp(testOutside, testGuest, "198.19.0.1", 8084)) ||
        (back = testTcp(testGuest, testOutside, "198.18.5.10", 8085))) {
        fprintf(stderr, "traffic crossed an isolated network's bridge\n");
        return -1;
    }
    /* the host itself is still reachable from the guest */
    if (!(host = testTcp(NULL, testGuest, "198.18.5.1", 8086)))
        return -1;
    return virTestCompareStrings("198.18.5.10", host);
}

static int
testRemove(const void *opaque G_GNUC_UNUSED)
{
    virNftablesNetwork net = testNetwork(VIR_NFTABLES_MODE_ISOLATED);
    g_autofree char *ours = NULL;

    if (virNftablesNetworkRemove(TEST_BRIDGE) < 0 ||
        virNftablesNetworkRemove(TEST_BRIDGE) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    ours = testList(VIR_NFTABLES_TABLE);
    if (strstr(ours, TEST_BRIDGE)) {
        fprintf(stderr, "left behind:\n%s", ours);
        return -1;
    }
    if (virNftablesNetworkVerify(&net) != 0)
        return -1;
    return testOthersIntact();
}

/**
 * testModeChange:
 * Chains of another mode left in the kernel are "changed" (an open
 * network has none), and adding the open network deletes them.
 */
static int
testModeChange(const void *opaque G_GNUC_UNUSED)
{
    virNftablesNetwork nat = testNetwork(VIR_NFTABLES_MODE_NAT);
    virNftablesNetwork open = testNetwork(VIR_NFTABLES_MODE_OPEN);
    g_autofree char *ours = NULL;

    if (virNftablesNetworkAdd(&nat) < 0 || virNftablesNetworkVerify(&open) != 0 ||
        virNftablesNetworkAdd(&open) < 0 || virNftablesNetworkVerify(&open) != 1 ||
        virNftablesNetworkVerify(&nat) != 0)
        return -1;
    ours = testList(VIR_NFTABLES_TABLE);
    if (strstr(ours, TEST_BRIDGE)) {
        fprintf(stderr, "left behind:\n%s", ours);
        return -1;
    }
    return testOthersIntact();
}

/**
 * testGoldenApply:
 * Every golden script of virnftablestest is accepted by the kernel as it
 * is (nft -c would not catch a verdict on the wrong hook), and removing
 * its network leaves none of its chains.
 */
static int
testGoldenApply(const void *opaque G_GNUC_UNUSED)
{
    if (virTestNftGoldenApply("virnftablesdata", "add chain inet " VIR_NFTABLES_TABLE " in_",
                              "inet " VIR_NFTABLES_TABLE, virNftablesNetworkRemove,
                              "_", " {") < 0)
        return -1;
    return testOthersIntact();
}

/**
 * testSetup:
 * The three namespaces, addresses, routes and forwarding.
 */
static int
testSetup(void)
{
    g_autoptr(virNetlinkSocket) sk = virNetlinkSocketNew();
    virNetDevBridgeConfig br = { .name = TEST_BRIDGE };
    virNftablesNetwork other;
    bool on = false;
    int ifindex;

    if (!sk || virNetDevBridgeCreate(sk, &br, &ifindex) < 0 ||
        virSocketAddrParse("198.18.5.1", AF_INET, &testSubnet.addr) < 0 ||
        virSocketAddrParse("198.18.6.1", AF_INET, &testOtherSubnet.addr) < 0)
        goto error;
    testSubnet.prefix = testOtherSubnet.prefix = 24;
    if (virNetDevIPAddrAdd(sk, ifindex, TEST_BRIDGE, &testSubnet.addr, 24) < 0 ||
        virNetlinkLinkChange(sk, ifindex, TEST_BRIDGE, NULL, 0, 0, NULL, true) < 0 ||
        virNetDevIPForwardingSet(AF_INET, true) < 0 ||
        virNetDevIPForwardingGet(AF_INET, &on) < 0 || !on)
        goto error;
    if (!(testGuest = virTestNetnsNew()) || !(testOutside = virTestNetnsNew()))
        return -1;
    if (virTestNetnsRun(NULL, NULL,
                        "ip link set lo up && "
                        "ip link add lvnv0 type veth peer name eth0 netns %d && "
                        "ip link set lvnv0 master " TEST_BRIDGE " up && "
                        "ip link add lvnup0 type veth peer name eth0 netns %d && "
                        "ip addr add 198.19.0.2/16 dev lvnup0 && ip link set lvnup0 up",
                        virTestNetnsPid(testGuest), virTestNetnsPid(testOutside)) != 0 ||
        virTestNetnsRun(testGuest, NULL,
                        "ip addr add 198.18.5.10/24 dev eth0 && ip link set eth0 up && "
                        "ip route add default via 198.18.5.1") != 0 ||
        virTestNetnsRun(testOutside, NULL,
                        "ip addr add 198.19.0.1/16 dev eth0 && ip link set eth0 up && "
                        "ip route add 198.18.5.0/24 via 198.19.0.2") != 0 ||
        virTestNetnsRun(NULL, NULL, "printf '%%s' '%s' | nft -f -", TEST_BYSTANDER) != 0) {
        printf("cannot build the namespaces\n");
        return -1;
    }
    testBystanderListing = testList("bystander");
    if (!strstr(testBystanderListing, "198.18.99.0/24")) {
        printf("the bystander table is not there\n");
        return -1;
    }
    other = testOtherNetwork();
    if (virNftablesNetworkAdd(&other) < 0)
        goto error;
    return 0;

 error:
    printf("%s\n", virGetLastErrorMessage());
    return -1;
}

static int
mymain(void)
{
    int ret = 0;

    if ((ret = virTestNetnsEnterPrivate("network namespaces and nftables")) != 0)
        return ret;
    if (testSetup() < 0)
        ret = -1;
    if (ret == 0 &&
        (virTestRun("nft: nat masquerades, nothing comes back in", testNat, NULL) < 0 ||
         virTestRun("nft: verify notices changed rules, add restores", testVerifyChanged, NULL) < 0 ||
         virTestRun("nft: route both ways with real addresses", testRoute, NULL) < 0 ||
         virTestRun("nft: isolated lets nothing out or in", testIsolated, NULL) < 0 ||
         virTestRun("nft: remove leaves other tables and networks", testRemove, NULL) < 0 ||
         virTestRun("nft: a mode's leftover chains are noticed and removed",
                    testModeChange, NULL) < 0 ||
         virTestRun("nft: every golden script applies and is removed", testGoldenApply, NULL) < 0))
        ret = -1;
    virTestNetnsFree(testGuest);
    virTestNetnsFree(testOutside);
    g_free(testBystanderListing);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
