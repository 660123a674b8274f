/*
 * virnetdevbandwidthtest.c: bandwidth limits of a port, measured
 *
 * Root only (exits 77 otherwise).  The program moves into a network
 * namespace of its own (the host) and builds:
 *
 *   host: lvnbw0 198.18.40.1/24 -- the port's device, facing the guest as
 *         a tap does (what the host sends out of it reaches the guest)
 *     | veth
 *   guest ns: eth0 198.18.40.2/24
 *
 * Each limit is measured with a real TCP stream between the two (both
 * sockets made by this program, a thread sending): after one second of
 * warm-up (the burst and TCP's slow start), the receiver counts payload
 * bytes for TEST_SECONDS.  Payload is what TCP delivers; the shapers
 * count whole frames, so the payload rate is about 1448/1514 = 95.6 % of
 * the setting.  Each must be within TEST_TOLERANCE of the setting.
 * The numbers are printed.
 */
#include "testutils.h"
#include "virerror.h"
#include "virnetdevbandwidth.h"
#include "virnettestframe.h"
#include "virnettestns.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define TEST_DEV "lvnbw0"
#define TEST_IFB "lvnbwifb0"
#define TEST_HOST_ADDR "198.18.40.1"
#define TEST_GUEST_ADDR "198.18.40.2"
#define TEST_SECONDS 3
#define TEST_TOLERANCE 0.15

static virTestNetns *testGuest;
static virNetlinkSocket *testSk;
static int testPort = 9100;

typedef struct {
    int fd;
    volatile gint stop;
} testSender;

/**
 * testSenderRun:
 * The sending thread: writes until told to stop or the peer goes.
 */
static gpointer
testSenderRun(gpointer opaque)
{
    testSender *s = opaque;
    static char buf[65536];

    while (!g_atomic_int_get(&s->stop)) {
        if (send(s->fd, buf, sizeof(buf), MSG_NOSIGNAL) < 0 && errno != EINTR &&
            errno != EAGAIN)
            break;
    }
    return NULL;
}

/**
 * testStream:
 * @toGuest: the host sends and the guest receives, or the other way
 * @seconds: how long to count after the warm-up
 *
 * Returns the payload rate in bytes/s the receiver saw, or -1.
 */
static double
testStream(bool toGuest, double seconds)
{
    const virTestNetns *rxNs = toGuest ? testGuest : NULL;
    const virTestNetns *txNs = toGuest ? NULL : testGuest;
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(++testPort) };
    struct timeval tv = { .tv_sec = 1 };
    testSender sender = { .fd = -1 };
    GThread *thread = NULL;
    int lfd = virTestNetnsSocket(rxNs, AF_INET, SOCK_STREAM, 0);
    int rfd = -1;
    int one = 1;
    double rate = -1;
    gint64 start = 0, t0 = 0, now;
    guint64 counted = 0;

    inet_pton(AF_INET, toGuest ? TEST_GUEST_ADDR : TEST_HOST_ADDR, &addr.sin_addr);
    sender.fd = virTestNetnsSocket(txNs, AF_INET, SOCK_STREAM, 0);
    if (lfd < 0 || sender.fd < 0 ||
        setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
        bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(lfd, 1) < 0 ||
        setsockopt(sender.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ||
        connect(sender.fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        (rfd = accept(lfd, NULL, NULL)) < 0 ||
        setsockopt(rfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
        fprintf(stderr, "cannot open the stream: %s\n", g_strerror(errno));
        goto cleanup;
    }
    thread = g_thread_new("sender", testSenderRun, &sender);
    for (;;) {
        static char buf[65536];
        ssize_t n = recv(rfd, buf, sizeof(buf), 0);

        if (n <= 0) {
            fprintf(stderr, "the stream stalled: %s\n", n < 0 ? g_strerror(errno) : "closed");
            goto cleanup;
        }
        now = g_get_monotonic_time();
        if (!start)
            start = now;
        if (now - start < G_USEC_PER_SEC)
            continue;
        if (!t0) {
            t0 = now;
            continue;
        }
        counted += n;
        if (now - t0 >= seconds * G_USEC_PER_SEC)
            break;
    }
    rate = counted / ((now - t0) / (double)G_USEC_PER_SEC);

 cleanup:
    g_atomic_int_set(&sender.stop, 1);
    if (rfd >= 0)
        shutdown(rfd, SHUT_RDWR);
    if (sender.fd >= 0)
        shutdown(sender.fd, SHUT_RDWR);
    if (thread)
        g_thread_join(thread);
    if (rfd >= 0)
        close(rfd);
    if (sender.fd >= 0)
        close(sender.fd);
    if (lfd >= 0)
        close(lfd);
    return rate;
}

/**
 * testWithin:
 * Measures one direction and checks it against @kbps kilobytes/s.
 */
static int
testWithin(bool toGuest, unsigned long long kbps)
{
    double want = kbps * 1000.0;
    double got = testStream(toGuest, TEST_SECONDS);

    if (got < 0)
        return -1;
    printf("  %s: setting %llu kB/s, measured %.0f B/s payload = %.1f %% of the setting\n",
           toGuest ? "to the guest  " : "from the guest", kbps, got, 100.0 * got / want);
    if (got < want * (1 - TEST_TOLERANCE) || got > want * (1 + TEST_TOLERANCE)) {
        fprintf(stderr, "%s: %.0f B/s is not within %.0f %% of %.0f B/s\n",
                toGuest ? "to the guest" : "from the guest", got, TEST_TOLERANCE * 100, want);
        return -1;
    }
    return 0;
}

/**
 * testApply:
 * Sets @bw on the port's device, reporting a failure.
 */
static int
testApply(const virNetDevBandwidth *bw)
{
    if (virNetDevBandwidthSet(testSk, TEST_DEV, VIR_NETDEV_BANDWIDTH_DEVICE_TAP,
                              TEST_IFB, bw) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

static int
testInbound(const void *opaque G_GNUC_UNUSED)
{
    virNetDevBandwidth bw = { .inbound = { .average = 1000 } };

    return testApply(&bw) < 0 ? -1 : testWithin(true, 1000);
}

static int
testOutbound(const void *opaque G_GNUC_UNUSED)
{
    virNetDevBandwidth bw = { .outbound = { .average = 4000 } };

    return testApply(&bw) < 0 ? -1 : testWithin(false, 4000);
}

static int
testBoth(const void *opaque G_GNUC_UNUSED)
{
    virNetDevBandwidth bw = { .inbound = { .average = 4000, .burst = 64 },
                              .outbound = { .average = 1000, .burst = 64 } };

    if (testApply(&bw) < 0 || testWithin(true, 4000) < 0 || testWithin(false, 1000) < 0)
        return -1;
    return 0;
}

/**
 * testUnits:
 * average/peak/burst reach the kernel in upstream's units: kilobytes/s
 * (8 kbit/s each) and KiB.
 */
static int
testUnits(const void *opaque G_GNUC_UNUSED)
{
    virNetDevBandwidth bw = { .inbound = { .average = 1000, .peak = 2000, .burst = 256 },
                              .outbound = { .average = 3000, .peak = 5000, .burst = 128 } };
    g_autofree char *dev = NULL;
    g_autofree char *ifb = NULL;

    if (testApply(&bw) < 0 ||
        virTestNetnsRun(NULL, &dev, "tc class show dev " TEST_DEV) != 0 ||
        virTestNetnsRun(NULL, &ifb, "tc class show dev " TEST_IFB) != 0)
        return -1;
    if (!strstr(dev, "class htb 1:1 root prio 0 rate 8Mbit ceil 16Mbit burst 256Kb cburst 256Kb") ||
        !strstr(ifb, "class htb 1:1 root prio 0 rate 24Mbit ceil 40Mbit burst 128Kb cburst 128Kb")) {
        fprintf(stderr, "classes:\n%s%s", dev, ifb);
        return -1;
    }
    return 0;
}

/**
 * testMacvtapFacing:
 * On a macvtap the device's egress is what the guest sends: <outbound>
 * goes on the device, <inbound> through the ifb.
 */
static int
testMacvtapFacing(const void *opaque G_GNUC_UNUSED)
{
    virNetDevBandwidth bw = { .inbound = { .average = 1000 }, .outbound = { .average = 3000 } };
    g_autofree char *dev = NULL;
    g_autofree char *ifb = NULL;

    if (virNetDevBandwidthSet(testSk, TEST_DEV, VIR_NETDEV_BANDWIDTH_DEVICE_MACVTAP,
                              TEST_IFB, &bw) < 0 ||
        virTestNetnsRun(NULL, &dev, "tc class show dev " TEST_DEV) != 0 ||
        virTestNetnsRun(NULL, &ifb, "tc class show dev " TEST_IFB) != 0)
        return -1;
    if (!strstr(dev, "class htb 1:1 root prio 0 rate 24Mbit ceil 24Mbit") ||
        !strstr(ifb, "class htb 1:1 root prio 0 rate 8Mbit ceil 8Mbit")) {
        fprintf(stderr, "classes:\n%s%s", dev, ifb);
        return -1;
    }
    return 0;
}

/**
 * testGone:
 * No qdisc of ours on the port's device and no ifb device.
 */
static int
testGone(void)
{
    g_autofree char *qdiscs = NULL;
    g_autofree char *links = NULL;

    if (virTestNetnsRun(NULL, &qdiscs, "tc qdisc show dev " TEST_DEV) != 0 ||
        virTestNetnsRun(NULL, &links, "ip -o link show") != 0)
        return -1;
    if (strstr(qdiscs, "htb") || strstr(qdiscs, "ingress") || strstr(links, "ifb")) {
        fprintf(stderr, "left behind:\n%s%s", qdiscs, links);
        return -1;
    }
    return 0;
}

/**
 * testClear:
 * Clear removes every piece (twice is fine), and the stream runs far
 * above the former limits again.
 */
static int
testClear(const void *opaque G_GNUC_UNUSED)
{
    virNetDevBandwidth bw = { .inbound = { .average = 1000 }, .outbound = { .average = 1000 } };
    double in, out;

    if (testApply(&bw) < 0 ||
        virNetDevBandwidthClear(testSk, TEST_DEV, TEST_IFB) < 0 ||
        virNetDevBandwidthClear(testSk, TEST_DEV, TEST_IFB) < 0 || testGone() < 0)
        return -1;
    in = testStream(true, 1);
    out = testStream(false, 1);
    printf("  no limit: %.0f B/s to the guest, %.0f B/s from the guest\n", in, out);
    if (in < 10e6 || out < 10e6) {
        fprintf(stderr, "still limited\n");
        return -1;
    }
    return 0;
}

/**
 * testPortGone:
 * The ifb device outlives the port's device; Clear removes it then.
 */
static int
testPortGone(const void *opaque G_GNUC_UNUSED)
{
    virNetDevBandwidth bw = { .outbound = { .average = 1000 } };
    g_autofree char *links = NULL;

    if (virTestNetnsRun(NULL, NULL, "ip link add lvnbwtmp0 type veth peer name lvnbwtmp1") != 0)
        return -1;
    if (virNetDevBandwidthSet(testSk, "lvnbwtmp0", VIR_NETDEV_BANDWIDTH_DEVICE_TAP,
                              "lvnbwifb1", &bw) < 0 ||
        virTestNetnsRun(NULL, NULL, "ip link del lvnbwtmp0") != 0 ||
        virTestNetnsRun(NULL, &links, "ip -o link show lvnbwifb1") != 0) {
        fprintf(stderr, "the ifb device is not there\n");
        return -1;
    }
    if (virNetDevBandwidthClear(testSk, "lvnbwtmp0", "lvnbwifb1") < 0 ||
        virTestNetnsRun(NULL, NULL, "ip link show lvnbwifb1 2>/dev/null") == 0) {
        fprintf(stderr, "the ifb device was not removed\n");
        return -1;
    }
    return 0;
}

typedef struct {
    const char *title;
    virNetDevBandwidth bw;
    const char *ifb;
    const char *error;
} testRefusal;

static int
testRefusalOne(const void *opaque)
{
    const testRefusal *r = opaque;

    virResetLastError();
    if (virNetDevBandwidthSet(testSk, TEST_DEV, VIR_NETDEV_BANDWIDTH_DEVICE_TAP,
                              r->ifb, &r->bw) == 0) {
        fprintf(stderr, "accepted\n");
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), r->error)) {
        fprintf(stderr, "refused with '%s'\n", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    return testGone();
}

/**
 * testNotIfb:
 * Clear never deletes a link of another kind that has the ifb's name.
 */
static int
testNotIfb(const void *opaque G_GNUC_UNUSED)
{
    if (virNetDevBandwidthClear(testSk, TEST_DEV, "lvnbwguard0") == 0 ||
        virGetLastErrorCode() != VIR_ERR_INVALID_ARG ||
        virTestNetnsRun(NULL, NULL, "ip link show lvnbwguard0 >/dev/null") != 0)
        return -1;
    virResetLastError();
    return 0;
}

/**
 * testSetNew:
 * SetNew on a device just made shapes it without clearing first; when
 * the ifb's name is taken by a link of another kind, it fails, leaves
 * that link alone and removes what it had added to the device.
 */
static int
testSetNew(const void *opaque G_GNUC_UNUSED)
{
    virNetDevBandwidth bw = { .inbound = { .average = 1000 }, .outbound = { .average = 1000 } };
    g_autofree char *qdiscs = NULL;
    g_autofree char *after = NULL;
    int ret = -1;
    virNetDevBandwidthPort port = { .ifname = "lvnbwtmp2", .ifbName = "lvnbwifb2" };
    virNetDevBandwidthPort taken = { .ifname = "lvnbwtmp2", .ifbName = "lvnbwguard0" };

    if (virTestNetnsRun(NULL, NULL, "ip link add lvnbwtmp2 type veth peer name lvnbwtmp3") != 0)
        return -1;
    if (virNetDevBandwidthSetNew(testSk, &port, &bw) < 0 ||
        virTestNetnsRun(NULL, &qdiscs, "tc qdisc show dev lvnbwtmp2") != 0 ||
        !strstr(qdiscs, "htb 1:") || !strstr(qdiscs, "ingress") ||
        virTestNetnsRun(NULL, NULL, "ip link show lvnbwifb2 >/dev/null") != 0) {
        fprintf(stderr, "SetNew did not shape the new device: %s\n", qdiscs ? qdiscs : "");
        goto cleanup;
    }
    if (virNetDevBandwidthClear(testSk, "lvnbwtmp2", "lvnbwifb2") < 0)
        goto cleanup;
    if (virNetDevBandwidthSetNew(testSk, &taken, &bw) == 0 ||
        virGetLastErrorCode() != VIR_ERR_OPERATION_INVALID ||
        virTestNetnsRun(NULL, NULL, "ip link show lvnbwguard0 >/dev/null") != 0 ||
        virTestNetnsRun(NULL, &after, "tc qdisc show dev lvnbwtmp2") != 0 ||
        strstr(after, "htb") || strstr(after, "ingress")) {
        fprintf(stderr, "SetNew over a taken ifb name: %s\n", after ? after : "");
        goto cleanup;
    }
    virResetLastError();
    ret = 0;
 cleanup:
    virTestNetnsRun(NULL, NULL, "ip link del lvnbwtmp2");
    return ret;
}

/**
 * testSpare:
 * A spare made ahead of time is up, with its htb root qdisc and no
 * class; SetNew takes it over, and the port's limits then hold both ways
 * (measured); Reset takes the port's limits off it again (the device
 * stays, as a spare); a SetNew with a spare that fails deletes it.
 */
static int
testSpare(const void *opaque G_GNUC_UNUSED)
{
    virNetDevBandwidth bw = { .inbound = { .average = 4000, .burst = 64 },
                              .outbound = { .average = 1000, .burst = 64 } };
    virNetDevBandwidthPort port = { .ifname = TEST_DEV, .ifbName = "lvnbwspare0" };
    virNetDevBandwidthPort gone = { .ifname = "lvnbwnone0", .ifbName = "lvnbwspare1" };
    g_autofree char *qdiscs = NULL;
    g_autofree char *classes = NULL;
    g_autofree char *link = NULL;
    g_autofree char *after = NULL;
    int ifindex = 0;

    if (virNetDevBandwidthClear(testSk, TEST_DEV, TEST_IFB) < 0 ||
        virNetDevBandwidthIfbPrepare(testSk, "lvnbwspare0", &port.ifbIndex) < 0 ||
        virTestNetnsRun(NULL, &qdiscs, "tc qdisc show dev lvnbwspare0") != 0 ||
        virTestNetnsRun(NULL, &classes, "tc class show dev lvnbwspare0") != 0 ||
        virTestNetnsRun(NULL, &link, "ip -o link show lvnbwspare0") != 0)
        return -1;
    if (!strstr(qdiscs, "qdisc htb 1: root") || strstr(classes, "htb") ||
        !strstr(link, ",UP")) {
        fprintf(stderr, "not a spare:\n%s%s%s", qdiscs, classes, link);
        return -1;
    }
    if (virNetDevBandwidthSetNew(testSk, &port, &bw) < 0 ||
        testWithin(true, 4000) < 0 || testWithin(false, 1000) < 0)
        return -1;
    g_clear_pointer(&classes, g_free);
    if (virNetDevBandwidthIfbReset(testSk, port.ifbIndex, "lvnbwspare0") < 0 ||
        virTestNetnsRun(NULL, &classes, "tc class show dev lvnbwspare0") != 0 ||
        strstr(classes, "htb") ||
        virTestNetnsRun(NULL, NULL, "ip link show lvnbwspare0 >/dev/null") != 0) {
        fprintf(stderr, "reset left: %s\n", classes ? classes : "");
        return -1;
    }
    if (virNetDevBandwidthClear(testSk, TEST_DEV, "lvnbwspare0") < 0 || testGone() < 0)
        return -1;
    /* a failure with a spare taken over leaves no spare */
    if (virNetDevBandwidthIfbPrepare(testSk, "lvnbwspare1", &ifindex) < 0)
        return -1;
    gone.ifbIndex = ifindex;
    if (virNetDevBandwidthSetNew(testSk, &gone, &bw) == 0 ||
        virTestNetnsRun(NULL, &after, "ip -o link show") != 0 || strstr(after, "lvnbwspare1")) {
        fprintf(stderr, "a failed SetNew left its spare: %s\n", after ? after : "");
        return -1;
    }
    virResetLastError();
    return 0;
}

static int
testSetup(void)
{
    if (!(testSk = virNetlinkSocketNew()) || !(testGuest = virTestNetnsNew()))
        return -1;
    if (virTestNetnsRun(NULL, NULL,
                        "ip link add " TEST_DEV " type veth peer name eth0 netns %d && "
                        "ip addr add " TEST_HOST_ADDR "/24 dev " TEST_DEV " && "
                        "ip link set " TEST_DEV " up && "
                        "ip link add lvnbwguard0 type veth peer name lvnbwguard1",
                        virTestNetnsPid(testGuest)) != 0 ||
        virTestNetnsRun(testGuest, NULL,
                        "ip addr add " TEST_GUEST_ADDR "/24 dev eth0 && ip link set eth0 up") != 0) {
        printf("cannot build the namespaces\n");
        return -1;
    }
    return 0;
}

static int
mymain(void)
{
    static const testRefusal refusals[] = {
        { "refused: floor too large",
          { .inbound = { .average = 1000, .floor = VIR_NETDEV_BANDWIDTH_RATE_MAX + 1 } }, TEST_IFB,
          "rates are at most" },
        { "refused: peak below average", { .outbound = { .average = 1000, .peak = 500 } },
          TEST_IFB, "is below 'average'" },
        { "refused: burst without average", { .inbound = { .burst = 64 } }, TEST_IFB,
          "need 'average'" },
        { "refused: rate too large",
          { .inbound = { .average = VIR_NETDEV_BANDWIDTH_RATE_MAX + 1 } }, TEST_IFB,
          "rates are at most" },
        { "refused: burst too large",
          { .inbound = { .average = 1, .burst = VIR_NETDEV_BANDWIDTH_BURST_MAX + 1 } },
          TEST_IFB, "bursts at most" },
        { "refused: outbound without an ifb name", { .outbound = { .average = 1000 } },
          NULL, "invalid ifb device name" },
        { "refused: the ifb named as the port", { .outbound = { .average = 1000 } },
          TEST_DEV, "invalid ifb device name" },
        { "refused: the ifb name taken", { .inbound = { .average = 1000 },
                                           .outbound = { .average = 1000 } },
          "lvnbwguard0", "is not an ifb device" },
    };
    int ret;
    size_t i;

    if ((ret = virTestNetnsEnterPrivate("network namespaces and traffic control")) != 0)
        return ret;
    if (testSetup() < 0)
        ret = -1;
    if (ret == 0 &&
        (virTestRun("bandwidth: 1 MB/s to the guest (htb on the device)", testInbound, NULL) < 0 ||
         virTestRun("bandwidth: 4 MB/s from the guest (ifb + htb)", testOutbound, NULL) < 0 ||
         virTestRun("bandwidth: 4 MB/s to and 1 MB/s from the guest", testBoth, NULL) < 0 ||
         virTestRun("bandwidth: average, peak, burst in upstream's units", testUnits, NULL) < 0 ||
         virTestRun("bandwidth: a macvtap faces the other way", testMacvtapFacing, NULL) < 0 ||
         virTestRun("bandwidth: clear removes everything", testClear, NULL) < 0 ||
         virTestRun("bandwidth: the ifb outlives the port, clear removes it",
                    testPortGone, NULL) < 0 ||
         virTestRun("bandwidth: clear never deletes another kind of link", testNotIfb, NULL) < 0 ||
         virTestRun("bandwidth: on a new device, without clearing first", testSetNew, NULL) < 0 ||
         virTestRun("bandwidth: a spare ifb made ahead carries the port's limits",
                    testSpare, NULL) < 0))
        ret = -1;
    for (i = 0; ret == 0 && i < G_N_ELEMENTS(refusals); i++) {
        if (virTestRun(refusals[i].title, testRefusalOne, &refusals[i]) < 0)
            ret = -1;
    }
    virTestNetnsFree(testGuest);
    virNetlinkSocketFree(testSk);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
