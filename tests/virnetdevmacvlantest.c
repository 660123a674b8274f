/*
 * virnetdevmacvlantest.c: macvtap links in the kernel
 *
 * Root only (exits 77 otherwise).  The program moves into a network
 * namespace of its own (the host) and a mount namespace with a sysfs of
 * that network namespace, and builds:
 *
 *   host: lvnmv0 (veth) -- lower device of the macvtap lvnmt0
 *     | veth
 *   wire ns: eth0, a raw socket counting frames
 *
 * Frames written to the macvtap's queue fds reach the wire namespace,
 * and frames sent from there to the guest's MAC come back out of a
 * queue.  Lower devices that are missing, not Ethernet, taps, bridges or
 * bridge ports are refused; every mode is created as asked; delete
 * removes the link and its /dev/tapN.
 */
#include "testutils.h"
#include "virerror.h"
#include "virfile.h"
#include "virnetdevbridge.h"
#include "virnetdevmacvlan.h"
#include "virnetdevtap.h"
#include "virnettestframe.h"
#include "virnettestns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <net/if.h>
#include <linux/if_tun.h>

#define TEST_LOWER "lvnmv0"
#define TEST_MACVTAP "lvnmt0"
#define TEST_QUEUES 3

static virTestNetns *testWire;
static virNetlinkSocket *testSk;
static const virMacAddr testMac = { { 0x52, 0x54, 0x00, 0x4d, 0x56, 0x01 } };
static guint8 testWireMac[6];

/**
 * testMacvtapConfig:
 * The macvtap under test in @mode over @lower.
 */
static virNetDevMacvtapConfig
testMacvtapConfig(const char *lower, virNetDevMacvlanMode mode)
{
    return (virNetDevMacvtapConfig){
        .name = TEST_MACVTAP, .lower = lower, .mode = mode, .mac = &testMac,
    };
}

/**
 * testCloseAll:
 * Closes @n fds of @fds.
 */
static void
testCloseAll(int *fds, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        virFileForceClose(&fds[i]);
}

/**
 * testFramesBothWays:
 * One frame out of each queue reaches the wire; one frame from the wire
 * to the guest's MAC comes out of one queue (and only one).
 */
static int
testFramesBothWays(int *fds, size_t nfds)
{
    VIR_AUTOCLOSE wire = virTestPacketSocket(testWire, "eth0");
    guint8 frame[VIR_TEST_FRAME_MAX];
    size_t i, len;
    ssize_t n;

    if (wire < 0)
        return -1;
    for (i = 0; i < nfds; i++) {
        g_autofree char *marker = g_strdup_printf("macvtap-out-%zu", i);

        len = virTestFrameRaw(frame, testWireMac, testMac.addr, 0x88b5, marker, strlen(marker));
        if ((n = write(fds[i], frame, len)) != (ssize_t)len) {
            fprintf(stderr, "write to queue %zu: %s\n", i, g_strerror(errno));
            return -1;
        }
        if (virTestFramesSeen(&wire, 1, marker, 500) != 1) {
            fprintf(stderr, "frame from queue %zu did not reach the wire\n", i);
            return -1;
        }
    }
    len = virTestFrameRaw(frame, testMac.addr, testWireMac, 0x88b5, "macvtap-in", 10);
    if (write(wire, frame, len) != (ssize_t)len) {
        fprintf(stderr, "write on the wire: %s\n", g_strerror(errno));
        return -1;
    }
    if ((n = virTestFramesSeen(fds, nfds, "macvtap-in", 500)) != 1) {
        fprintf(stderr, "the guest got the wire's frame %zd times\n", n);
        return -1;
    }
    return 0;
}

/**
 * testCreateFrames:
 * A bridge-mode macvtap with TEST_QUEUES queues passes frames both ways.
 */
static int
testCreateFrames(const void *opaque G_GNUC_UNUSED)
{
    virNetDevMacvtapConfig cfg = testMacvtapConfig(TEST_LOWER, VIR_NETDEV_MACVLAN_MODE_BRIDGE);
    int fds[TEST_QUEUES] = { -1, -1, -1 };
    virNetlinkLinkInfo info;
    int ifindex = 0;
    int ret = -1;
    size_t i;

    if (virNetDevMacvtapCreateOpen(testSk, &cfg, TEST_QUEUES, 0, fds, &ifindex) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        goto cleanup;
    }
    if (virNetlinkLinkGetInfo(testSk, ifindex, NULL, &info) != 1 ||
        strcmp(info.kind, "macvtap") != 0 || !(info.flags & IFF_UP)) {
        fprintf(stderr, "the link is not an up macvtap\n");
        goto cleanup;
    }
    for (i = 0; i < TEST_QUEUES; i++) {
        struct ifreq ifr = { 0 };

        if (ioctl(fds[i], TUNGETIFF, &ifr) < 0 || (ifr.ifr_flags & IFF_VNET_HDR) ||
            fcntl(fds[i], F_SETFL, O_NONBLOCK) < 0 ||
            !(fcntl(fds[i], F_GETFD) & FD_CLOEXEC)) {
            fprintf(stderr, "queue %zu: vnet header on, or not close-on-exec\n", i);
            goto cleanup;
        }
    }
    ret = testFramesBothWays(fds, TEST_QUEUES);

 cleanup:
    testCloseAll(fds, TEST_QUEUES);
    if (ifindex > 0 && virNetDevMacvtapDelete(testSk, TEST_MACVTAP) < 0)
        ret = -1;
    return ret;
}

/**
 * testVnetHdr:
 * VIR_NETDEV_MACVTAP_OPEN_VNET_HDR gives queues with vnet headers.
 */
static int
testVnetHdr(const void *opaque G_GNUC_UNUSED)
{
    virNetDevMacvtapConfig cfg = testMacvtapConfig(TEST_LOWER, VIR_NETDEV_MACVLAN_MODE_VEPA);
    VIR_AUTOCLOSE fd = -1;
    struct ifreq ifr = { 0 };
    int ifindex = 0;
    int ret = -1;

    if (virNetDevMacvtapCreateOpen(testSk, &cfg, 1, VIR_NETDEV_MACVTAP_OPEN_VNET_HDR,
                                   &fd, &ifindex) < 0)
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
    else if (ioctl(fd, TUNGETIFF, &ifr) == 0 && (ifr.ifr_flags & IFF_VNET_HDR))
        ret = 0;
    if (ifindex > 0 && virNetDevMacvtapDelete(testSk, TEST_MACVTAP) < 0)
        ret = -1;
    return ret;
}

/**
 * testModes:
 * Each mode reaches the kernel as asked (ip -d link shows it).
 */
static int
testModes(const void *opaque G_GNUC_UNUSED)
{
    const char *shown[] = { "bridge", "vepa", "private", "passthru" };
    size_t m;

    G_STATIC_ASSERT(G_N_ELEMENTS(shown) == VIR_NETDEV_MACVLAN_MODE_LAST);
    for (m = 0; m < VIR_NETDEV_MACVLAN_MODE_LAST; m++) {
        virNetDevMacvtapConfig cfg = testMacvtapConfig(TEST_LOWER, m);
        g_autofree char *out = NULL;
        g_autofree char *want = g_strdup_printf("macvtap mode %s ", shown[m]);
        int ifindex;

        virNetlinkLinkInfo before, during, after;

        if (virNetlinkLinkGetInfo(testSk, 0, TEST_LOWER, &before) != 1 ||
            virNetDevMacvtapCreate(testSk, &cfg, &ifindex) < 0) {
            fprintf(stderr, "%s: %s\n", virNetDevMacvlanModeTypeToString(m),
                    virGetLastErrorMessage());
            return -1;
        }
        virTestNetnsRun(NULL, &out, "ip -d link show " TEST_MACVTAP);
        if (virNetlinkLinkGetInfo(testSk, 0, TEST_LOWER, &during) != 1 ||
            virNetDevMacvtapDelete(testSk, TEST_MACVTAP) < 0)
            return -1;
        /* passthrough: the lower device had the guest's MAC; the caller
         * puts its own back */
        if (virMacAddrEqual(&during.mac, &testMac) !=
            (m == VIR_NETDEV_MACVLAN_MODE_PASSTHROUGH)) {
            fprintf(stderr, "%s: lower device's MAC\n", shown[m]);
            return -1;
        }
        if (m == VIR_NETDEV_MACVLAN_MODE_PASSTHROUGH &&
            virNetlinkLinkChange(testSk, before.ifindex, TEST_LOWER, &before.mac,
                                 0, 0, NULL, false) < 0)
            return -1;
        if (virNetlinkLinkGetInfo(testSk, 0, TEST_LOWER, &after) != 1 ||
            !virMacAddrEqual(&before.mac, &after.mac))
            return -1;
        if (!out || !strstr(out, want) || !strstr(out, "52:54:00:4d:56:01")) {
            fprintf(stderr, "want '%s' in:\n%s", want, out ? out : "");
            return -1;
        }
    }
    return 0;
}

typedef struct {
    const char *title;
    const char *lower;
    const char *name;           /* NULL: TEST_MACVTAP */
    const char *error;
} testRefusal;

static int
testRefusalOne(const void *opaque)
{
    const testRefusal *r = opaque;
    virNetDevMacvtapConfig cfg = testMacvtapConfig(r->lower, VIR_NETDEV_MACVLAN_MODE_BRIDGE);
    virNetlinkLinkInfo info;
    int ifindex = 0;

    if (r->name)
        cfg.name = r->name;
    virResetLastError();
    if (virNetDevMacvtapCreate(testSk, &cfg, &ifindex) == 0) {
        fprintf(stderr, "accepted\n");
        virNetDevMacvtapDelete(testSk, cfg.name);
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), r->error)) {
        fprintf(stderr, "refused with '%s'\n", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    /* nothing was created by a refused request */
    if (!r->name && virNetlinkLinkGetInfo(testSk, 0, TEST_MACVTAP, &info) != 0) {
        fprintf(stderr, "a link was left behind\n");
        return -1;
    }
    return 0;
}

/**
 * testNameTaken:
 * A second create with the same name is refused and leaves the first;
 * delete refuses a link that is not a macvtap.
 */
static int
testNameTaken(const void *opaque G_GNUC_UNUSED)
{
    virNetDevMacvtapConfig cfg = testMacvtapConfig(TEST_LOWER, VIR_NETDEV_MACVLAN_MODE_BRIDGE);
    virNetDevMacvtapConfig taken = testMacvtapConfig(TEST_LOWER, VIR_NETDEV_MACVLAN_MODE_BRIDGE);
    virNetlinkLinkInfo info;
    int ifindex, other;

    taken.name = TEST_LOWER;
    if (virNetDevMacvtapCreate(testSk, &cfg, &ifindex) < 0)
        return -1;
    if (virNetDevMacvtapCreate(testSk, &cfg, &other) == 0 ||
        virGetLastErrorCode() != VIR_ERR_OPERATION_INVALID ||
        virNetDevMacvtapCreate(testSk, &taken, &other) == 0 ||
        virGetLastErrorCode() != VIR_ERR_OPERATION_INVALID) {
        fprintf(stderr, "a taken name: '%s'\n", virGetLastErrorMessage());
        return -1;
    }
    if (virNetDevMacvtapDelete(testSk, TEST_LOWER) == 0 ||
        virGetLastErrorCode() != VIR_ERR_INVALID_ARG ||
        virNetlinkLinkGetInfo(testSk, 0, TEST_LOWER, &info) != 1) {
        fprintf(stderr, "delete of a veth not refused\n");
        return -1;
    }
    virResetLastError();
    if (virNetlinkLinkGetInfo(testSk, ifindex, NULL, &info) != 1 ||
        virNetDevMacvtapDelete(testSk, TEST_MACVTAP) < 0 ||
        virNetDevMacvtapDelete(testSk, TEST_MACVTAP) < 0)
        return -1;
    return 0;
}

/**
 * testDelete:
 * Deleting the link while a queue is open: the fd stops sending, the
 * link and /dev/tapN are gone, and opening it again fails cleanly.
 */
static int
testDelete(const void *opaque G_GNUC_UNUSED)
{
    virNetDevMacvtapConfig cfg = testMacvtapConfig(TEST_LOWER, VIR_NETDEV_MACVLAN_MODE_BRIDGE);
    VIR_AUTOCLOSE fd = -1;
    VIR_AUTOCLOSE wire = virTestPacketSocket(testWire, "eth0");
    g_autofree char *dev = NULL;
    guint8 frame[VIR_TEST_FRAME_MAX];
    virNetlinkLinkInfo info;
    size_t len;
    int ifindex;
    int again[2] = { -1, -1 };

    if (wire < 0 || virNetDevMacvtapCreateOpen(testSk, &cfg, 1, 0, &fd, &ifindex) < 0)
        return -1;
    dev = g_strdup_printf("/dev/tap%d", ifindex);
    if (access(dev, F_OK) < 0 || virNetDevMacvtapDelete(testSk, TEST_MACVTAP) < 0)
        return -1;
    /* the kernel accepts and discards what is written to a queue whose
     * link is gone: nothing reaches the wire */
    len = virTestFrameRaw(frame, testWireMac, testMac.addr, 0x88b5, "gone", 4);
    if (write(fd, frame, len) >= 0 && virTestFramesSeen(&wire, 1, "gone", 300) != 0) {
        fprintf(stderr, "a queue of a deleted macvtap still sends\n");
        return -1;
    }
    if (virNetlinkLinkGetInfo(testSk, ifindex, NULL, &info) != 0 || access(dev, F_OK) == 0) {
        fprintf(stderr, "the link or %s is left\n", dev);
        return -1;
    }
    if (virNetDevMacvtapOpen(TEST_MACVTAP, ifindex, 2, 0, again) != -1 ||
        again[0] != -1 || again[1] != -1) {
        fprintf(stderr, "opened a deleted macvtap\n");
        return -1;
    }
    virResetLastError();
    return 0;
}

/**
 * testForeignNode:
 * /dev/tapN belongs to another namespace's macvtap of the same ifindex
 * (made first, so devtmpfs gave it the node): opening ours says so
 * rather than handing out the other one's queue, and create-and-open
 * goes on to a link with a node of its own (past a second clash).
 */
static int
testForeignNode(const void *opaque G_GNUC_UNUSED)
{
    virNetDevMacvtapConfig cfg = testMacvtapConfig(TEST_LOWER, VIR_NETDEV_MACVLAN_MODE_BRIDGE);
    g_autofree char *probe = NULL;
    int fd = -1;
    int next, ifindex = 0;
    int ret = -1;

    /* ifindexes are handed out in turn: the probe's successor is ours */
    if (virTestNetnsRun(NULL, &probe, "ip link add lvnmprobe type veth peer name lvnmprobe1 && "
                        "cat /sys/class/net/lvnmprobe/ifindex /sys/class/net/lvnmprobe1/ifindex | "
                        "sort -n | tail -1 && ip link del lvnmprobe") != 0)
        return -1;
    next = atoi(probe) + 1;
    if (virTestNetnsRun(testWire, NULL, "ip link add link eth0 name lvnmforeign index %d "
                        "type macvtap", next) != 0)
        return -1;
    if (virNetDevMacvtapCreate(testSk, &cfg, &ifindex) < 0)
        goto cleanup;
    if (ifindex != next) {
        fprintf(stderr, "ifindex %d, not %d: cannot build the clash\n", ifindex, next);
        goto cleanup;
    }
    if (virNetDevMacvtapOpen(TEST_MACVTAP, ifindex, 1, 0, &fd) != 1 || fd != -1) {
        fprintf(stderr, "opened another namespace's /dev/tap%d\n", ifindex);
        goto cleanup;
    }
    /* create-and-open takes another ifindex and gets a node of its own */
    if (virNetDevMacvtapDelete(testSk, TEST_MACVTAP) < 0 ||
        virTestNetnsRun(testWire, NULL, "ip link add link eth0 name lvnmforeign2 index %d "
                        "type macvtap", next + 1) != 0 ||
        virNetDevMacvtapCreateOpen(testSk, &cfg, 1, 0, &fd, &ifindex) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        goto cleanup;
    }
    if (ifindex <= next + 1) {
        fprintf(stderr, "ifindex %d: not a new one past the clashes\n", ifindex);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    virFileForceClose(&fd);
    virTestNetnsRun(testWire, NULL, "ip link del lvnmforeign; ip link del lvnmforeign2");
    if (ifindex > 0 && virNetDevMacvtapDelete(testSk, TEST_MACVTAP) < 0)
        ret = -1;
    return ret;
}

/**
 * testSetup:
 * A sysfs of this namespace, the wire namespace and the other lower
 * device candidates: a tap, a bridge and a port of it.
 */
static int
testSetup(int *tapfd)
{
    if (unshare(CLONE_NEWNS) < 0 ||
        /* valgrind wants a type even where the kernel ignores it */
        mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
        mount("sysfs", "/sys", "sysfs", 0, NULL) < 0) {
        printf("cannot mount a sysfs of the test's namespace: %s\n", g_strerror(errno));
        return -1;
    }
    if (!(testSk = virNetlinkSocketNew()) || !(testWire = virTestNetnsNew()))
        return -1;
    if (virTestNetnsRun(NULL, NULL,
                        "ip link add " TEST_LOWER " type veth peer name eth0 netns %d && "
                        "ip link set " TEST_LOWER " up && "
                        "ip link add lvnmbr0 type bridge && "
                        "ip link add lvnmv2 type veth peer name lvnmv3 && "
                        "ip link set lvnmv2 master lvnmbr0",
                        virTestNetnsPid(testWire)) != 0 ||
        virTestNetnsRun(testWire, NULL, "ip link set eth0 up") != 0 ||
        virTestIfMac(testWire, "eth0", testWireMac) < 0) {
        printf("cannot build the namespaces\n");
        return -1;
    }
    if (virNetDevTapCreate("lvnmtap0", 1, 0, tapfd) < 0) {
        printf("%s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

static int
mymain(void)
{
    static const testRefusal refusals[] = {
        { "refused: a missing lower device", "lvnnosuch0", NULL, "does not exist" },
        { "refused: loopback", "lo", NULL, "not an Ethernet device" },
        { "refused: a tap", "lvnmtap0", NULL, "is a tun device" },
        { "refused: a bridge", "lvnmbr0", NULL, "is a bridge device" },
        { "refused: a bridge port", "lvnmv2", NULL, "is a port of 'lvnmbr0'" },
        { "refused: a template name", TEST_LOWER, "mt%d", "invalid macvtap" },
        { "refused: a name with a slash", TEST_LOWER, "a/b", "invalid macvtap" },
    };
    VIR_AUTOCLOSE tapfd = -1;
    int ret;
    size_t i;

    if ((ret = virTestNetnsEnterPrivate("network namespaces and macvtap links")) != 0)
        return ret;
    if (testSetup(&tapfd) < 0)
        ret = -1;
    if (ret == 0) {
        if (virTestRun("macvtap: frames both ways through every queue", testCreateFrames, NULL) < 0 ||
            virTestRun("macvtap: vnet headers on request", testVnetHdr, NULL) < 0 ||
            virTestRun("macvtap: every mode", testModes, NULL) < 0 ||
            virTestRun("macvtap: a taken name; delete refuses a veth", testNameTaken, NULL) < 0 ||
            virTestRun("macvtap: delete with an open queue", testDelete, NULL) < 0 ||
            virTestRun("macvtap: another namespace's /dev/tapN is refused",
                       testForeignNode, NULL) < 0)
            ret = -1;
        for (i = 0; i < G_N_ELEMENTS(refusals); i++) {
            if (virTestRun(refusals[i].title, testRefusalOne, &refusals[i]) < 0)
                ret = -1;
        }
    }
    virTestNetnsFree(testWire);
    virNetlinkSocketFree(testSk);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
