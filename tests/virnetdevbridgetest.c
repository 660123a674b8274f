/*
 * virnetdevbridgetest.c: a network's own bridge (create with STP, delay,
 * MTU and MAC; delete), its IP addresses and IP forwarding, against the
 * real kernel
 *
 * Root only (exits 77 otherwise): the program moves into a network
 * namespace of its own, so every device and sysctl it changes goes away
 * with it.  What the kernel made of a request is read back with
 * "ip -d link" and "ip addr", which run in the same namespace.
 */
#include "testutils.h"
#include "virerror.h"
#include "virnetdevbridge.h"
#include "virnetdevip.h"
#include "virnettestns.h"

#include <stdio.h>
#include <string.h>
#include <netlink/route/link/veth.h>

static virNetlinkSocket *testSock;

/**
 * testIp:
 * The output of "ip ARGS" in this namespace ("" when it fails).
 */
static char *
testIp(const char *args)
{
    char *out = NULL;

    if (virTestNetnsRun(NULL, &out, "ip %s 2>/dev/null", args) != 0) {
        g_free(out);
        return g_strdup("");
    }
    return out;
}

typedef struct {
    const char *name;
    const char *mac;            /* NULL: the kernel's */
    unsigned int mtu;
    bool stp;
    unsigned int delay;
    const char *const expect[5];    /* in "ip -d link show NAME" */
} testCreateCase;

static int
testCreateOne(const void *opaque)
{
    const testCreateCase *c = opaque;
    virMacAddr mac;
    virNetDevBridgeConfig cfg = { c->name, NULL, c->mtu, c->stp, c->delay };
    virNetDevBridgeInfo info;
    g_autofree char *args = g_strdup_printf("-d link show %s", c->name);
    g_autofree char *shown = NULL;
    int ifindex = 0;
    size_t i;

    if (c->mac) {
        g_assert(virMacAddrParse(c->mac, &mac) == 0);
        cfg.mac = &mac;
    }
    if (virNetDevBridgeCreate(testSock, &cfg, &ifindex) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (virNetDevBridgeGetInfo(testSock, c->name, &info) != 1 || info.ifindex != ifindex)
        return -1;
    shown = testIp(args);
    for (i = 0; i < G_N_ELEMENTS(c->expect) && c->expect[i]; i++) {
        if (!strstr(shown, c->expect[i])) {
            fprintf(stderr, "'%s' not in:\n%s", c->expect[i], shown);
            return -1;
        }
    }
    /* left down, for the caller to give it addresses first */
    if (strstr(shown, ",UP") || strstr(shown, "<UP")) {
        fprintf(stderr, "created up:\n%s", shown);
        return -1;
    }
    if (virNetDevBridgeDelete(testSock, c->name) < 0)
        return -1;
    return virNetDevBridgeGetInfo(testSock, c->name, &info) == 0 ? 0 : -1;
}

typedef struct {
    const char *name;
    unsigned int delay;
    virErrorNumber code;
    const char *message;
} testRefuseCase;

static int
testRefuseOne(const void *opaque)
{
    const testRefuseCase *c = opaque;
    virNetDevBridgeConfig cfg = { .name = c->name, .delay = c->delay };
    g_autofree char *before = testIp("-o link");
    g_autofree char *after = NULL;
    int ifindex;

    virResetLastError();
    if (virNetDevBridgeCreate(testSock, &cfg, &ifindex) == 0)
        return -1;
    if (virGetLastErrorCode() != c->code ||
        virTestCompareStrings(c->message, virGetLastErrorMessage()) < 0)
        return -1;
    virResetLastError();
    /* nothing created, nothing taken over */
    after = testIp("-o link");
    return virTestCompareStrings(before, after);
}

/**
 * testDelete:
 * A link of another kind is never deleted as a bridge; a missing bridge
 * is not an error.
 */
static int
testDelete(const void *opaque G_GNUC_UNUSED)
{
    virNetlinkLinkInfo info;

    virResetLastError();
    if (virNetDevBridgeDelete(testSock, "ve0") == 0 ||
        virTestCompareStrings("invalid argument: interface 've0' is not a bridge",
                              virGetLastErrorMessage()) < 0 ||
        virNetlinkLinkGetInfo(testSock, 0, "ve0", &info) != 1)
        return -1;
    virResetLastError();
    return virNetDevBridgeDelete(testSock, "nosuchbr0");
}

typedef struct {
    const char *addr;
    unsigned int prefix;
    const char *shown;          /* in "ip -o addr show", NULL when refused */
} testAddrCase;

static int
testAddrOne(const void *opaque)
{
    const testAddrCase *c = opaque;
    virNetDevBridgeInfo br;
    virSocketAddr addr;
    g_autofree char *with = NULL;
    g_autofree char *without = NULL;

    if (virNetDevBridgeGetInfo(testSock, "lvnbr9", &br) != 1 ||
        virSocketAddrParse(c->addr, AF_UNSPEC, &addr) < 0)
        return -1;
    virResetLastError();
    if (!c->shown) {
        if (virNetDevIPAddrAdd(testSock, br.ifindex, "lvnbr9", &addr, c->prefix) == 0 ||
            virGetLastErrorCode() != VIR_ERR_INVALID_ARG)
            return -1;
        virResetLastError();
        return 0;
    }
    /* twice: an address already there is fine (restart reconciliation) */
    if (virNetDevIPAddrAdd(testSock, br.ifindex, "lvnbr9", &addr, c->prefix) < 0 ||
        virNetDevIPAddrAdd(testSock, br.ifindex, "lvnbr9", &addr, c->prefix) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    with = testIp("-o addr show dev lvnbr9");
    if (!strstr(with, c->shown)) {
        fprintf(stderr, "'%s' not in:\n%s", c->shown, with);
        return -1;
    }
    if (virNetDevIPAddrDel(testSock, br.ifindex, "lvnbr9", &addr, c->prefix) < 0 ||
        virNetDevIPAddrDel(testSock, br.ifindex, "lvnbr9", &addr, c->prefix) < 0)
        return -1;
    without = testIp("-o addr show dev lvnbr9");
    return strstr(without, c->addr) ? -1 : 0;
}

/**
 * testForwarding:
 * Both switches go on and off in this namespace only.
 */
static int
testForwarding(const void *opaque G_GNUC_UNUSED)
{
    const int families[] = { AF_INET, AF_INET6 };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(families); i++) {
        bool on = false;

        if (virNetDevIPForwardingSet(families[i], true) < 0 ||
            virNetDevIPForwardingGet(families[i], &on) < 0 || !on ||
            virNetDevIPForwardingSet(families[i], false) < 0 ||
            virNetDevIPForwardingGet(families[i], &on) < 0 || on)
            return -1;
    }
    return virNetDevIPForwardingSet(AF_UNIX, true) < 0 ? 0 : -1;
}

static int
mymain(void)
{
    static const testCreateCase creates[] = {
        { "lvnbr0", "52:54:00:aa:bb:cc", 1400, true, 2,
          { "link/ether 52:54:00:aa:bb:cc", "mtu 1400", "stp_state 1", "forward_delay 200",
            "bridge " } },
        { "lvnbr1", NULL, 0, false, 0,
          { "mtu 1500", "stp_state 0", "forward_delay 0", "bridge " } },
        { "br-lan.10", NULL, 9000, false, 30, { "mtu 9000", "forward_delay 3000" } },
    };
    static const testRefuseCase refusals[] = {
        { "ve0", 0, VIR_ERR_OPERATION_INVALID,
          "Requested operation is not valid: cannot create bridge 've0': an interface of that name exists" },
        { "lvnbr9", 0, VIR_ERR_OPERATION_INVALID,
          "Requested operation is not valid: cannot create bridge 'lvnbr9': an interface of that name exists" },
        { "lvnbr%d", 0, VIR_ERR_INVALID_ARG,
          "invalid argument: invalid bridge 'lvnbr%d' with forward delay 0" },
        { "lvnbr2", 31, VIR_ERR_INVALID_ARG,
          "invalid argument: invalid bridge 'lvnbr2' with forward delay 31" },
    };
    static const testAddrCase addrs[] = {
        { "198.18.5.1", 24, "inet 198.18.5.1/24 brd 198.18.5.255" },
        { "198.18.6.1", 31, "inet 198.18.6.1/31" },
        { "fd00:198:18::1", 64, "inet6 fd00:198:18::1/64" },
        { "198.18.5.1", 33, NULL },
        { "fd00:198:18::1", 129, NULL },
    };
    virNetDevBridgeConfig br9 = { .name = "lvnbr9" };
    int ifindex;
    int ret;
    size_t i;

    if ((ret = virTestNetnsEnterPrivate("creates devices in a private network namespace")) != 0)
        return ret;
    if (!(testSock = virNetlinkSocketNew()) ||
        rtnl_link_veth_add(testSock, "ve0", "ve1", getpid()) < 0 ||
        virNetDevBridgeCreate(testSock, &br9, &ifindex) < 0) {
        printf("cannot set up the namespace: %s\n", virGetLastErrorMessage());
        return -1;
    }

    for (i = 0; i < G_N_ELEMENTS(creates); i++) {
        g_autofree char *title = g_strdup_printf("create: %s", creates[i].name);

        if (virTestRun(title, testCreateOne, &creates[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(refusals); i++) {
        g_autofree char *title = g_strdup_printf("refused: %s, delay %u",
                                                 refusals[i].name, refusals[i].delay);

        if (virTestRun(title, testRefuseOne, &refusals[i]) < 0)
            ret = -1;
    }
    if (virTestRun("delete: only bridges", testDelete, NULL) < 0)
        ret = -1;
    for (i = 0; i < G_N_ELEMENTS(addrs); i++) {
        g_autofree char *title = g_strdup_printf("address: %s/%u", addrs[i].addr, addrs[i].prefix);

        if (virTestRun(title, testAddrOne, &addrs[i]) < 0)
            ret = -1;
    }
    if (virTestRun("forwarding: IPv4 and IPv6", testForwarding, NULL) < 0)
        ret = -1;

    virNetlinkSocketFree(testSock);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
