/*
 * networkdtestclient.c: the integration tests' client of libvirt-networkd
 *
 * tests/networkd-harness.sh runs this as the test users (setpriv) inside
 * the test's network namespace.  It drives the daemon only through
 * src/network/networkd_client.c, so the client library is exercised by
 * every integration test, and it checks what the daemon hands out against
 * the kernel (TUNGETIFF, sysfs).
 *
 * Output is line oriented for the harness:
 *   OK <uuid> <ifname> <path>          one line per port created
 *   ERR <D-Bus error name> <message>   the call failed (exit 1)
 *   CHECK-FAIL <what>                  the kernel disagrees (exit 2)
 *
 * Commands:
 *   create [--bridge B | --plug direct --device D [--mode M] |
 *           --plug network --network N]
 *          [--mac M] [--mtu N] [--queues N] [--vnet-hdr]
 *          [--owner-name S] [--owner-uuid U] [--virtualport T]
 *          [--interfaceid I] [--ovn-switch S] [--raw GVARIANT] [--count N]
 *          [--check] [--expect-mtu N] [--traffic] [--hold]
 *       --check    the fds are taps named as the port, multiqueue as asked,
 *                  enslaved to the bridge, up, with the MTU and host MAC rule
 *       --traffic  every queue's fd sends a frame that a second port on the
 *                  same bridge receives
 *       --hold     print READY, keep the fds, and obey stdin lines:
 *                  "probe" (write a frame on every fd and print
 *                  "PROBE <uuid> ok|<errno name>"), "close <uuid>",
 *                  "ioctl <uuid> hwaddr|owner|group|persist|carrier <arg>"
 *                  (on the port's first fd, as its holder:
 *                  "IOCTL <uuid> <what> ok|<errno name>"),
 *                  "drain <uuid> <warm> <secs>" (read frames off the first
 *                  fd for warm+secs seconds: "DRAIN <uuid> <bytes>" counted
 *                  in the last secs), "blast <uuid> <secs> [<ip>]" (write
 *                  1514-byte broadcast frames as fast as the fd takes
 *                  them, IPv4 UDP from <ip> when given: "BLAST <uuid>
 *                  <frames>"), "arp <uuid> <mac>|own
 *                  <ip> <n>" (n ARP requests for 198.18.0.1 from that MAC
 *                  and IP: "ARP <uuid> <written>"), "quit"; EOF is "quit"
 *   list [--all]             "PORT <uuid> <uid> <ifname> <bridge> <owner>"
 *   get <uuid>               "PORT ..." for one port
 *   delete <uuid>
 *   bind <uuid> <pid>|null   BindProcess with a pidfd of <pid> (or, with
 *                            "null", an fd of /dev/null): "BOUND <uuid>"
 *   wait-gone <uuid> <ms>    poll GetPort until NotFound; "GONE <ms>"
 *   cycle <n> [--bridge B]   n create/close cycles, "CYCLES <n> <ms>"
 *   churn <n> [--bridge B]   like cycle, but failures are counted, not
 *                            fatal: "CHURN <n> ok=X err=Y", "NAME <name> <count>"
 *   flood <n> [--bridge B]   n CreatePort calls queued at once on one
 *                            connection: "FLOOD <n> ok=X err=Y", "NAME ..."
 *   storm <c> <k> <s> [--bridge B]
 *                            c connections of their own, each keeping k
 *                            CreatePort calls in flight for s seconds, or
 *                            until SIGTERM (a new call as each answer
 *                            comes): "STORM-STARTED" at the first answer
 *                            (every call is sent by then), at the end
 *                            "STORM <sent> ok=X err=Y", "NAME <name> <count>"
 *   big <keys>               one CreatePort whose request has <keys>
 *                            unknown keys: "BIG <bytes> <ms> <error name>"
 *   with-fd [--bridge B]     CreatePort with a file descriptor attached
 *                            (none of the API's calls takes one): the
 *                            usual OK or ERR line
 *   vanish [--bridge B]      send CreatePort and exit without the answer
 *   delete-path <path>       call Delete() on a Port object path directly
 *   attach <ifname> <uid> [mq]
 *                            open /dev/net/tun (as the caller: root), drop
 *                            to <uid> and attach to the tap <ifname> by
 *                            name (a multiqueue queue with "mq"):
 *                            "ATTACH ok|<errno name>"
 *   latency <n> [--bridge B | --plug network --network N | --raw V] [--keep]
 *          (--interfaceid I: I-0, I-1, ...)
 *                            n creations, each timed from the call to the
 *                            fds in hand: "LATENCY n p50=US p90=US p99=US
 *                            max=US" (microseconds); --keep holds every
 *                            port until the end ("FIRST US LAST US": the
 *                            medians of the first and last 50); "SPAN S E" is
 *                            the wall-clock time (us) of the first call
 *                            and of the last fd in hand, before any close
 */
#include "networkd_client.h"
#include "virerror.h"
#include "virfile.h"
#include "virmac.h"
#include "virprocess.h"

#include <gio/gunixfdlist.h>
#include <glib-unix.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if_arp.h>

#define TEST_ETHERTYPE 0x88B5 /* IEEE "local experimental" */

typedef struct {
    virNetworkdPortInfo *port;
    int *fds;
    size_t nfds;
} testPort;

/**
 * testPortClear:
 * Frees the description and closes every fd of @tp; it can be reused.
 */
static void
testPortClear(testPort *tp)
{
    virNetworkdPortInfoFree(tp->port);
    virNetworkdPortCloseFds(tp->fds, tp->nfds);
    tp->port = NULL;
    tp->fds = NULL;
    tp->nfds = 0;
}

typedef struct {
    virNetworkdPortRequest req;
    const char *raw;
    unsigned int count;
    bool check;
    unsigned int expectMtu;
    bool traffic;
    bool hold;
    bool all;
    bool keep;
} testOptions;

static int checkFailures;

/**
 * testCheckFail:
 * Prints one CHECK-FAIL line (printf-style) and counts it.
 */
static void G_GNUC_PRINTF(1, 2)
testCheckFail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    printf("CHECK-FAIL ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    checkFailures++;
}

/**
 * testPrintError:
 * Prints the thread's last error as "ERR <D-Bus name> <message>".
 * Returns 1, the exit code for "the call failed".
 */
static int
testPrintError(void)
{
    const virError *err = virGetLastError();

    if (!err) {
        printf("ERR (none) no error was reported\n");
        return 1;
    }
    printf("ERR %s %s\n", err->detail ? err->detail : "(local)", err->message);
    return 1;
}

/**
 * testPrintPort:
 * Prints @p as one "PORT ..." line for the harness.
 */
static void
testPrintPort(const virNetworkdPortInfo *p)
{
    printf("PORT %s %u %s %s %s queues=%u mtu=%u mac=%s owner-uuid=%s created=%" G_GUINT64_FORMAT
           " inbound=[%s] outbound=[%s] filter=%s ips=%s\n",
           p->uuid, p->uid, p->ifname, p->bridge,
           p->ownerName && *p->ownerName ? p->ownerName : "-",
           p->queues, p->mtu, p->mac,
           p->ownerUUID && *p->ownerUUID ? p->ownerUUID : "-",
           p->created, p->bandwidthInbound ? p->bandwidthInbound : "",
           p->bandwidthOutbound ? p->bandwidthOutbound : "",
           p->filter && *p->filter ? p->filter : "-", p->filterIPs && *p->filterIPs ? p->filterIPs : "-");
}

/* Reads /sys/class/net/@ifname/@attr, stripped; NULL when absent. */
static char *
testSysfsRead(const char *ifname, const char *attr)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/%s", ifname, attr);
    char *data = NULL;

    if (!g_file_get_contents(path, &data, NULL, NULL))
        return NULL;
    return g_strstrip(data);
}

/**
 * testPortCheckProperties:
 * Reads the Port object back and compares it with what CreatePort said.
 */
static void
testPortCheckProperties(const virNetworkdPortInfo *p)
{
    g_autoptr(virNetworkdPortInfo) q = virNetworkdPortGet(p->uuid);

    if (!q) {
        testCheckFail("%s: GetPort: %s", p->uuid, virGetLastErrorMessage());
        return;
    }
    if (q->uid != getuid())
        testCheckFail("%s: UID=%u, caller is %u", p->uuid, q->uid, (unsigned)getuid());
    if (g_strcmp0(p->path, q->path) != 0 || g_strcmp0(p->uuid, q->uuid) != 0 ||
        g_strcmp0(p->ifname, q->ifname) != 0 || g_strcmp0(p->bridge, q->bridge) != 0 ||
        g_strcmp0(p->plug, q->plug) != 0 || g_ascii_strcasecmp(p->mac, q->mac) != 0 ||
        p->mtu != q->mtu || p->queues != q->queues)
        testCheckFail("%s: the Port object disagrees with CreatePort's info", p->uuid);
    if (g_strcmp0(p->ownerName ? p->ownerName : "", q->ownerName) != 0 ||
        g_strcmp0(p->ownerUUID ? p->ownerUUID : "", q->ownerUUID) != 0)
        testCheckFail("%s: owner '%s' '%s', sent '%s' '%s'", p->uuid, q->ownerName,
                      q->ownerUUID, p->ownerName, p->ownerUUID);
    if (q->created == 0 ||
        q->created > (guint64)g_get_real_time() ||
        q->created + 60 * G_USEC_PER_SEC < (guint64)g_get_real_time())
        testCheckFail("%s: Created=%" G_GUINT64_FORMAT " is not about now", p->uuid, q->created);
}

/**
 * testPortCheck:
 * Compares @tp with the kernel; every difference is a CHECK-FAIL line.
 */
static void
testPortCheck(const testPort *tp, const testOptions *opts)
{
    const virNetworkdPortInfo *p = tp->port;
    g_autofree char *master = NULL;
    g_autofree char *masterLink = NULL;
    g_autofree char *flags = NULL;
    g_autofree char *mtu = NULL;
    g_autofree char *brmtu = NULL;
    g_autofree char *addr = NULL;
    unsigned int wantQueues = opts->req.queues ? opts->req.queues : 1;
    unsigned int wantMtu;
    size_t i;

    if (tp->nfds != wantQueues)
        testCheckFail("%s: %zu fds for %u queues", p->uuid, tp->nfds, wantQueues);
    if (p->queues != wantQueues)
        testCheckFail("%s: Queues=%u, asked %u", p->uuid, p->queues, wantQueues);
    testPortCheckProperties(p);
    if (opts->req.mac && g_ascii_strcasecmp(opts->req.mac, p->mac) != 0)
        testCheckFail("%s: Mac=%s, asked %s", p->uuid, p->mac, opts->req.mac);

    for (i = 0; i < tp->nfds; i++) {
        struct ifreq ifr = { 0 };
        int fdflags = fcntl(tp->fds[i], F_GETFD);

        if (fdflags < 0 || !(fdflags & FD_CLOEXEC))
            testCheckFail("%s: fd %zu is not close-on-exec", p->uuid, i);
        if (ioctl(tp->fds[i], TUNGETIFF, &ifr) < 0) {
            testCheckFail("%s: fd %zu: TUNGETIFF: %s", p->uuid, i, g_strerror(errno));
            continue;
        }
        if (strcmp(ifr.ifr_name, p->ifname) != 0)
            testCheckFail("%s: fd %zu is %s, port says %s", p->uuid, i, ifr.ifr_name, p->ifname);
        if (!(ifr.ifr_flags & IFF_TAP) || (ifr.ifr_flags & IFF_TUN))
            testCheckFail("%s: fd %zu is not a tap (flags 0x%x)", p->uuid, i, ifr.ifr_flags);
        if (!(ifr.ifr_flags & IFF_NO_PI))
            testCheckFail("%s: fd %zu has packet information headers", p->uuid, i);
        if (!!(ifr.ifr_flags & IFF_MULTI_QUEUE) != (wantQueues > 1))
            testCheckFail("%s: fd %zu multi-queue flag 0x%x with %u queues",
                          p->uuid, i, ifr.ifr_flags, wantQueues);
        if (!!(ifr.ifr_flags & IFF_VNET_HDR) != (opts->req.vnetHdr == VIR_NETWORKD_VNET_HDR_ON))
            testCheckFail("%s: fd %zu vnet-hdr flag 0x%x", p->uuid, i, ifr.ifr_flags);
    }

    masterLink = g_strdup_printf("/sys/class/net/%s/master", p->ifname);
    if (!(master = g_file_read_link(masterLink, NULL)))
        testCheckFail("%s: %s has no master", p->uuid, p->ifname);
    else if (strcmp(strrchr(master, '/') + 1, p->bridge) != 0)
        testCheckFail("%s: %s is enslaved to %s, not %s", p->uuid, p->ifname,
                      strrchr(master, '/') + 1, p->bridge);
    if (opts->req.bridge && g_strcmp0(p->bridge, opts->req.bridge) != 0)
        testCheckFail("%s: Bridge=%s, asked %s", p->uuid, p->bridge, opts->req.bridge);

    if (!(flags = testSysfsRead(p->ifname, "flags")) ||
        !(strtoul(flags, NULL, 16) & IFF_UP))
        testCheckFail("%s: %s is not up (flags %s)", p->uuid, p->ifname, flags ? flags : "?");

    brmtu = testSysfsRead(p->bridge, "mtu");
    wantMtu = opts->expectMtu ? opts->expectMtu :
              opts->req.mtu ? opts->req.mtu :
              brmtu ? (unsigned)atoi(brmtu) : 0;
    mtu = testSysfsRead(p->ifname, "mtu");
    if (!mtu || (unsigned)atoi(mtu) != wantMtu)
        testCheckFail("%s: %s MTU %s, expected %u", p->uuid, p->ifname, mtu ? mtu : "?", wantMtu);
    if (p->mtu != wantMtu)
        testCheckFail("%s: Mtu property %u, expected %u", p->uuid, p->mtu, wantMtu);

    /* the host side is the guest MAC with the first byte 0xFE, so the
     * bridge never takes the guest's address as its own */
    addr = testSysfsRead(p->ifname, "address");
    if (!addr || !p->mac || strlen(addr) != 17 || strlen(p->mac) != 17 ||
        g_ascii_strncasecmp(addr, "fe:", 3) != 0 ||
        g_ascii_strcasecmp(addr + 3, p->mac + 3) != 0)
        testCheckFail("%s: host MAC %s for guest MAC %s", p->uuid, addr ? addr : "?",
                      p->mac ? p->mac : "?");
    if (p->hostMac && addr && g_ascii_strcasecmp(p->hostMac, addr) != 0)
        testCheckFail("%s: info host-mac %s, device has %s", p->uuid, p->hostMac, addr);
}

/* Writes one broadcast test frame tagged @tag on @fd.  Returns 0 or errno. */
static int
testFrameSend(int fd, const char *srcmac, const char *tag)
{
    unsigned char frame[64] = { 0 };
    unsigned int m[6];
    size_t i;

    if (sscanf(srcmac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
        return EINVAL;
    memset(frame, 0xff, 6);
    for (i = 0; i < 6; i++)
        frame[6 + i] = m[i];
    frame[12] = TEST_ETHERTYPE >> 8;
    frame[13] = TEST_ETHERTYPE & 0xff;
    g_strlcpy((char *)frame + 14, tag, sizeof(frame) - 14);
    if (write(fd, frame, sizeof(frame)) != (ssize_t)sizeof(frame))
        return errno ? errno : EIO;
    return 0;
}

/* Waits up to a second for a frame tagged @tag on any of @fds. */
static bool
testFrameReceive(int *fds, size_t nfds, const char *tag)
{
    gint64 deadline = g_get_monotonic_time() + G_USEC_PER_SEC;
    g_autofree struct pollfd *pfd = g_new0(struct pollfd, nfds);
    size_t i;

    for (i = 0; i < nfds; i++) {
        pfd[i].fd = fds[i];
        pfd[i].events = POLLIN;
    }
    while (g_get_monotonic_time() < deadline) {
        int left = (deadline - g_get_monotonic_time()) / 1000;

        if (poll(pfd, nfds, left > 0 ? left : 0) <= 0)
            continue;
        for (i = 0; i < nfds; i++) {
            unsigned char buf[2048];
            ssize_t got;

            if (!(pfd[i].revents & POLLIN))
                continue;
            if ((got = read(fds[i], buf, sizeof(buf))) < 14 + (ssize_t)strlen(tag))
                continue;
            if (buf[12] == (TEST_ETHERTYPE >> 8) && buf[13] == (TEST_ETHERTYPE & 0xff) &&
                memcmp(buf + 14, tag, strlen(tag)) == 0)
                return true;
        }
    }
    return false;
}

/**
 * testPortTraffic:
 * Creates a one-queue peer on @tp's bridge and checks that a frame sent on
 * each of @tp's queues reaches it.  Returns 0, or 1 when the peer cannot
 * be created (error printed).
 */
static int
testPortTraffic(const testPort *tp)
{
    virNetworkdPortRequest req = { .bridge = tp->port->bridge, .ownerName = "traffic-peer" };
    testPort peer = { 0 };
    size_t i;

    if (virNetworkdPortCreate(&req, &peer.port, &peer.fds, &peer.nfds) < 0)
        return testPrintError();

    for (i = 0; i < tp->nfds; i++) {
        g_autofree char *tag = g_strdup_printf("nd-test %s q%zu", tp->port->uuid, i);
        int err = testFrameSend(tp->fds[i], tp->port->mac, tag);

        if (err != 0)
            testCheckFail("%s: queue %zu cannot send: %s", tp->port->uuid, i, g_strerror(err));
        else if (!testFrameReceive(peer.fds, peer.nfds, tag))
            testCheckFail("%s: frame from queue %zu did not reach %s",
                          tp->port->uuid, i, peer.port->ifname);
    }
    testPortClear(&peer);
    return 0;
}

/**
 * testHoldIoctl:
 * The holder's ioctl command on @tp's first fd: @what is hwaddr (a MAC),
 * owner (a uid), group (a gid), persist or carrier (0 or 1).  Returns 0 or
 * the errno.
 */
static int
testHoldIoctl(const testPort *tp, const char *what, const char *arg)
{
    unsigned long n = strtoul(arg, NULL, 10);
    int fd = tp->fds[0];

    if (strcmp(what, "hwaddr") == 0) {
        struct ifreq ifr = { 0 };
        virMacAddr mac;

        if (virMacAddrParse(arg, &mac) < 0)
            return EINVAL;
        ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
        memcpy(ifr.ifr_hwaddr.sa_data, mac.addr, VIR_MAC_BUFLEN);
        return ioctl(fd, SIOCSIFHWADDR, &ifr) < 0 ? errno : 0;
    }
    if (strcmp(what, "carrier") == 0) {
        int on = n != 0;

        return ioctl(fd, TUNSETCARRIER, &on) < 0 ? errno : 0;
    }
    if (strcmp(what, "owner") == 0)
        return ioctl(fd, TUNSETOWNER, n) < 0 ? errno : 0;
    if (strcmp(what, "group") == 0)
        return ioctl(fd, TUNSETGROUP, n) < 0 ? errno : 0;
    if (strcmp(what, "persist") == 0)
        return ioctl(fd, TUNSETPERSIST, n) < 0 ? errno : 0;
    return EINVAL;
}

/**
 * testHoldDrain:
 * Reads every frame arriving on @fd for @warm + @secs seconds; returns
 * the bytes of those that arrived in the last @secs.
 */
static guint64
testHoldDrain(int fd, double warm, double secs)
{
    gint64 start = g_get_monotonic_time();
    gint64 from = start + (gint64)(warm * G_USEC_PER_SEC);
    gint64 end = from + (gint64)(secs * G_USEC_PER_SEC);
    unsigned char buf[65536];
    guint64 bytes = 0;
    gint64 now;

    while ((now = g_get_monotonic_time()) < end) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        ssize_t n;

        if (poll(&pfd, 1, (int)MAX(1, (end - now) / 1000)) <= 0)
            continue;
        if ((n = read(fd, buf, sizeof(buf))) > 0 && g_get_monotonic_time() >= from)
            bytes += n;
    }
    return bytes;
}

/**
 * testHoldUdp:
 * Makes @frame (1514 bytes, its Ethernet addresses set) an IPv4 UDP
 * datagram from @ip to 255.255.255.255 port 9 (discard).  Returns
 * false when @ip is no IPv4 address.
 */
static bool
testHoldUdp(unsigned char *frame, const char *ip)
{
    unsigned int a[4];
    unsigned int sum = 0;
    size_t i;

    if (sscanf(ip, "%u.%u.%u.%u", &a[0], &a[1], &a[2], &a[3]) != 4)
        return false;
    frame[12] = 0x08;
    frame[13] = 0x00;
    frame[14] = 0x45;                   /* IPv4, 20-byte header */
    frame[16] = (1500 >> 8);            /* total length */
    frame[17] = 1500 & 0xff;
    frame[22] = 64;                     /* TTL */
    frame[23] = 17;                     /* UDP */
    for (i = 0; i < 4; i++) {
        frame[26 + i] = a[i];
        frame[30 + i] = 0xff;
    }
    for (i = 14; i < 34; i += 2)
        sum += (frame[i] << 8) | frame[i + 1];
    sum = (sum & 0xffff) + (sum >> 16);
    sum = ~((sum & 0xffff) + (sum >> 16)) & 0xffff;
    frame[24] = sum >> 8;
    frame[25] = sum & 0xff;
    frame[34] = 0x30;                   /* source port 12345 */
    frame[35] = 0x39;
    frame[37] = 9;                      /* discard */
    frame[38] = (1480 >> 8);
    frame[39] = 1480 & 0xff;            /* checksum 0: none */
    return true;
}

/**
 * testHoldBlast:
 * Writes full-size broadcast frames from @mac on @fd for @secs seconds:
 * of the test's EtherType, or IPv4 UDP from @ip when it is not NULL.
 * Returns how many the fd took.
 */
static guint64
testHoldBlast(int fd, const char *mac, double secs, const char *ip)
{
    gint64 end = g_get_monotonic_time() + (gint64)(secs * G_USEC_PER_SEC);
    unsigned char frame[1514] = { 0 };
    unsigned int m[6];
    guint64 frames = 0;
    size_t i;

    if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
        return 0;
    memset(frame, 0xff, 6);
    for (i = 0; i < 6; i++)
        frame[6 + i] = m[i];
    frame[12] = TEST_ETHERTYPE >> 8;
    frame[13] = TEST_ETHERTYPE & 0xff;
    if (ip && !testHoldUdp(frame, ip))
        return 0;
    while (g_get_monotonic_time() < end) {
        if (write(fd, frame, sizeof(frame)) == (ssize_t)sizeof(frame))
            frames++;
    }
    return frames;
}

/**
 * testHoldArp:
 * Writes @count ARP requests for 198.18.0.1 from @mac and @ip on @fd (a
 * guest saying who it is, or lying about it).  Returns how many the fd
 * took.
 */
static unsigned int
testHoldArp(int fd, const char *mac, const char *ip, unsigned int count)
{
    unsigned char frame[42] = { 0 };
    unsigned int m[6];
    unsigned int a[4];
    unsigned int sent = 0;
    size_t i;

    if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6 ||
        sscanf(ip, "%u.%u.%u.%u", &a[0], &a[1], &a[2], &a[3]) != 4)
        return 0;
    memset(frame, 0xff, 6);
    for (i = 0; i < 6; i++)
        frame[6 + i] = frame[22 + i] = m[i];
    frame[12] = 0x08;                   /* ARP */
    frame[13] = 0x06;
    frame[15] = 1;                      /* Ethernet */
    frame[16] = 0x08;                   /* IPv4 */
    frame[18] = 6;
    frame[19] = 4;
    frame[21] = 1;                      /* request */
    for (i = 0; i < 4; i++)
        frame[28 + i] = a[i];
    frame[38] = 198;                    /* target 198.18.0.1 */
    frame[39] = 18;
    frame[41] = 1;
    for (i = 0; i < count; i++) {
        if (write(fd, frame, sizeof(frame)) == (ssize_t)sizeof(frame))
            sent++;
    }
    return sent;
}

/**
 * testHoldRate:
 * "drain <uuid> <warm> <secs>" and "blast <uuid> <secs>" on the port
 * named in @w (split command line).
 */
static void
testHoldRate(GPtrArray *ports, char **w)
{
    size_t i;

    for (i = 0; i < ports->len; i++) {
        testPort *tp = g_ptr_array_index(ports, i);

        if (!tp->port || strcmp(tp->port->uuid, w[1]) != 0)
            continue;
        if (strcmp(w[0], "drain") == 0 && g_strv_length(w) == 4)
            printf("DRAIN %s %" G_GUINT64_FORMAT "\n", w[1],
                   testHoldDrain(tp->fds[0], g_ascii_strtod(w[2], NULL), g_ascii_strtod(w[3], NULL)));
        else if (strcmp(w[0], "blast") == 0 && (g_strv_length(w) == 3 || g_strv_length(w) == 4))
            printf("BLAST %s %" G_GUINT64_FORMAT "\n", w[1],
                   testHoldBlast(tp->fds[0], tp->port->mac, g_ascii_strtod(w[2], NULL), w[3]));
        else if (strcmp(w[0], "arp") == 0 && g_strv_length(w) == 5)
            printf("ARP %s %u\n", w[1],
                   testHoldArp(tp->fds[0], strcmp(w[2], "own") == 0 ? tp->port->mac : w[2], w[3],
                               atoi(w[4])));
    }
}

/**
 * testHold:
 * Keeps @ports open and obeys the harness's commands on stdin.
 */
static void
testHold(GPtrArray *ports)
{
    char line[256];
    size_t i, j;

    printf("READY\n");
    fflush(stdout);
    while (fgets(line, sizeof(line), stdin)) {
        g_strstrip(line);
        if (strcmp(line, "quit") == 0)
            break;
        if (strcmp(line, "probe") == 0) {
            for (i = 0; i < ports->len; i++) {
                testPort *tp = g_ptr_array_index(ports, i);
                int err = 0;

                if (!tp->port)
                    continue;
                for (j = 0; j < tp->nfds && err == 0; j++)
                    err = testFrameSend(tp->fds[j], tp->port->mac, "nd-test probe");
                printf("PROBE %s %s\n", tp->port->uuid,
                       err == 0 ? "ok" : strerrorname_np(err));
            }
        } else if (g_str_has_prefix(line, "ioctl ")) {
            g_auto(GStrv) w = g_strsplit(line, " ", 0);

            for (i = 0; g_strv_length(w) == 4 && i < ports->len; i++) {
                testPort *tp = g_ptr_array_index(ports, i);

                if (tp->port && strcmp(tp->port->uuid, w[1]) == 0) {
                    int err = testHoldIoctl(tp, w[2], w[3]);

                    printf("IOCTL %s %s %s\n", w[1], w[2], err == 0 ? "ok" : strerrorname_np(err));
                }
            }
        } else if (g_str_has_prefix(line, "drain ") || g_str_has_prefix(line, "blast ") ||
                   g_str_has_prefix(line, "arp ")) {
            g_auto(GStrv) w = g_strsplit(line, " ", 0);

            testHoldRate(ports, w);
        } else if (g_str_has_prefix(line, "close ")) {
            for (i = 0; i < ports->len; i++) {
                testPort *tp = g_ptr_array_index(ports, i);

                if (tp->port && strcmp(tp->port->uuid, line + 6) == 0) {
                    testPortClear(tp);
                    printf("CLOSED %s\n", line + 6);
                }
            }
        } else {
            printf("UNKNOWN %s\n", line);
        }
        printf("DONE\n");
        fflush(stdout);
    }
}

/**
 * testPortFree:
 * GDestroyNotify for the ports a create command holds.
 */
static void
testPortFree(testPort *tp)
{
    testPortClear(tp);
    g_free(tp);
}

/**
 * testCmdCreate:
 * create: makes the ports, checks them if asked, holds them if asked.
 * Returns the exit status.
 */
static int
testCmdCreate(const testOptions *opts)
{
    g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func((GDestroyNotify)testPortFree);
    unsigned int count = opts->count ? opts->count : 1;
    unsigned int i;

    for (i = 0; i < count; i++) {
        testPort *tp = g_new0(testPort, 1);
        int rc;

        g_ptr_array_add(ports, tp);
        if (opts->raw) {
            g_autoptr(GError) gerr = NULL;
            GVariant *request = g_variant_parse(G_VARIANT_TYPE_VARDICT, opts->raw,
                                                NULL, NULL, &gerr);

            if (!request) {
                fprintf(stderr, "cannot parse --raw: %s\n", gerr->message);
                return 2;
            }
            rc = virNetworkdPortCreateVariant(request, opts->req.bridge,
                                              &tp->port, &tp->fds, &tp->nfds);
        } else {
            rc = virNetworkdPortCreate(&opts->req, &tp->port, &tp->fds, &tp->nfds);
        }
        if (rc < 0)
            return testPrintError();

        printf("OK %s %s %s\n", tp->port->uuid, tp->port->ifname, tp->port->path);
        if (opts->check)
            testPortCheck(tp, opts);
        if (opts->traffic && testPortTraffic(tp) != 0)
            return 1;
    }
    fflush(stdout);
    if (checkFailures)
        return 2;
    if (opts->hold)
        testHold(ports);
    return 0;
}

/**
 * testCmdList:
 * list: prints the listed ports and "COUNT n".  Returns the exit status.
 */
static int
testCmdList(const testOptions *opts)
{
    g_autoptr(GPtrArray) ports = virNetworkdPortList(opts->all ? VIR_NETWORKD_PORT_LIST_ALL : 0);
    size_t i;

    if (!ports)
        return testPrintError();
    for (i = 0; i < ports->len; i++)
        testPrintPort(g_ptr_array_index(ports, i));
    printf("COUNT %u\n", ports->len);
    return 0;
}

/**
 * testCmdGet:
 * get: prints one port.  Returns the exit status.
 */
static int
testCmdGet(const char *uuid)
{
    g_autoptr(virNetworkdPortInfo) port = virNetworkdPortGet(uuid);

    if (!port)
        return testPrintError();
    testPrintPort(port);
    return 0;
}

/**
 * testCmdDelete:
 * delete: deletes one port by UUID.  Returns the exit status.
 */
static int
testCmdDelete(const char *uuid)
{
    if (virNetworkdPortDelete(uuid) < 0)
        return testPrintError();
    printf("DELETED %s\n", uuid);
    return 0;
}

/**
 * testCmdBind:
 * bind: ties a port to the process @pid (BindProcess with its pidfd), or
 * passes a fd that is no pidfd ("null").  Returns the exit status.
 */
static int
testCmdBind(const char *uuid, const char *pid)
{
    VIR_AUTOCLOSE fd = -1;
    guint64 num;

    if (strcmp(pid, "null") == 0)
        fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    else if (g_ascii_string_to_unsigned(pid, 10, 1, G_MAXINT32, &num, NULL))
        fd = virProcessPidfdOpen(num);
    if (fd < 0) {
        printf("ERR local cannot open a pidfd of '%s': %s\n", pid, g_strerror(errno));
        return 1;
    }
    if (virNetworkdPortBindProcess(uuid, fd) < 0)
        return testPrintError();
    printf("BOUND %s\n", uuid);
    return 0;
}

/**
 * testCmdWaitGone:
 * wait-gone: polls GetPort until NotFound or @ms pass; prints the time.
 */
static int
testCmdWaitGone(const char *uuid, unsigned int ms)
{
    gint64 start = g_get_monotonic_time();

    for (;;) {
        g_autoptr(virNetworkdPortInfo) port = virNetworkdPortGet(uuid);
        gint64 elapsed = (g_get_monotonic_time() - start) / 1000;

        if (!port) {
            if (virGetLastErrorCode() != VIR_ERR_NO_NETWORK_PORT)
                return testPrintError();
            printf("GONE %" G_GINT64_FORMAT "\n", elapsed);
            return 0;
        }
        if (elapsed > ms) {
            printf("STILL-THERE %" G_GINT64_FORMAT "\n", elapsed);
            return 2;
        }
        g_usleep(10 * 1000);
    }
}

/**
 * testCmdCycle:
 * cycle: @n create/close rounds; the first failure ends it (exit 1).
 */
static int
testCmdCycle(const testOptions *opts, unsigned int n)
{
    /* keep one connection for the whole run, as a long-lived caller would */
    g_autoptr(GDBusConnection) conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL);
    gint64 start = g_get_monotonic_time();
    unsigned int i;

    for (i = 0; i < n; i++) {
        testPort tp = { 0 };

        if (virNetworkdPortCreate(&opts->req, &tp.port, &tp.fds, &tp.nfds) < 0) {
            printf("cycle %u: ", i);
            return testPrintError();
        }
        testPortClear(&tp);
    }
    printf("CYCLES %u %" G_GINT64_FORMAT "\n", n, (g_get_monotonic_time() - start) / 1000);
    return 0;
}

/* Counts of outcomes, for the commands that tolerate failures. */
typedef struct {
    unsigned int ok;
    unsigned int err;
    unsigned int pending;
    GHashTable *names;      /* D-Bus error name -> count */
    GMainLoop *loop;
} testTally;

/**
 * testTallyError:
 * Counts one failure under its D-Bus error name.
 */
static void
testTallyError(testTally *t, const char *name)
{
    gpointer old = g_hash_table_lookup(t->names, name ? name : "(local)");

    t->err++;
    g_hash_table_insert(t->names, g_strdup(name ? name : "(local)"),
                        GUINT_TO_POINTER(GPOINTER_TO_UINT(old) + 1));
}

/**
 * testTallyPrint:
 * Prints "<what> n ok=X err=Y" and one "NAME" line per error name.
 */
static void
testTallyPrint(testTally *t, const char *what, unsigned int n)
{
    GHashTableIter iter;
    gpointer key, value;

    printf("%s %u ok=%u err=%u\n", what, n, t->ok, t->err);
    g_hash_table_iter_init(&iter, t->names);
    while (g_hash_table_iter_next(&iter, &key, &value))
        printf("NAME %s %u\n", (const char *)key, GPOINTER_TO_UINT(value));
}

/**
 * testCmdChurn:
 * churn: @n create/close rounds, failures counted, not fatal.
 */
static int
testCmdChurn(const testOptions *opts, unsigned int n)
{
    g_autoptr(GDBusConnection) conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL);
    testTally t = { .names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
    unsigned int i;

    for (i = 0; i < n; i++) {
        testPort tp = { 0 };

        if (virNetworkdPortCreate(&opts->req, &tp.port, &tp.fds, &tp.nfds) < 0) {
            testTallyError(&t, virGetLastError()->detail);
            continue;
        }
        t.ok++;
        testPortClear(&tp);
    }
    testTallyPrint(&t, "CHURN", n);
    g_hash_table_unref(t.names);
    return 0;
}

/**
 * testTallyReply:
 * Counts the answer @res of an asynchronous CreatePort in @t; the port's
 * fds are closed at once (with the fd list).
 */
static void
testTallyReply(testTally *t, GObject *source, GAsyncResult *res)
{
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GUnixFDList) fdlist = NULL;
    g_autoptr(GVariant) reply = NULL;

    reply = g_dbus_connection_call_with_unix_fd_list_finish(G_DBUS_CONNECTION(source),
                                                            &fdlist, res, &gerr);
    if (reply) {
        t->ok++;
    } else {
        g_autofree char *name = g_dbus_error_get_remote_error(gerr);

        testTallyError(t, name);
    }
}

/**
 * testFloodDone:
 * Reply of one flooded CreatePort: count it.
 */
static void
testFloodDone(GObject *source, GAsyncResult *res, gpointer opaque)
{
    testTally *t = opaque;

    testTallyReply(t, source, res);
    if (--t->pending == 0)
        g_main_loop_quit(t->loop);
}

/**
 * testCmdFlood:
 * flood: @n CreatePort calls in flight at once on one connection.
 */
static int
testCmdFlood(const testOptions *opts, unsigned int n)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
    testTally t = { .names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                    .loop = loop };
    unsigned int i;

    if (!(conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL))) {
        printf("ERR (local) no system bus\n");
        return 1;
    }
    for (i = 0; i < n; i++) {
        t.pending++;
        g_dbus_connection_call_with_unix_fd_list(conn, VIR_NETWORKD_BUS_NAME,
                                                 VIR_NETWORKD_OBJECT_PATH,
                                                 VIR_NETWORKD_MANAGER_INTERFACE, "CreatePort",
                                                 g_variant_new("(@a{sv})",
                                                               virNetworkdPortRequestToVariant(&opts->req)),
                                                 G_VARIANT_TYPE("(oaha{sv})"),
                                                 G_DBUS_CALL_FLAGS_NONE, 120 * 1000,
                                                 NULL, NULL, testFloodDone, &t);
    }
    g_main_loop_run(loop);
    testTallyPrint(&t, "FLOOD", n);
    g_hash_table_unref(t.names);
    return 0;
}

/* One connection of a storm. */
typedef struct {
    GDBusConnection *conn;
    testTally *t;
    const testOptions *opts;
    gint64 *deadline;        /* monotonic: no new call after it (shared) */
    unsigned int *sent;
    bool *started;           /* STORM-STARTED printed (shared) */
} testStormConn;

static void testStormSend(testStormConn *sc);

/**
 * testStormDone:
 * Answer of one call of a storm: count it, and send the next one while
 * the storm lasts.
 */
static void
testStormDone(GObject *source, GAsyncResult *res, gpointer opaque)
{
    testStormConn *sc = opaque;

    testTallyReply(sc->t, source, res);
    if (!*sc->started) {
        *sc->started = true;
        printf("STORM-STARTED\n");
        fflush(stdout);
    }
    if (g_get_monotonic_time() < *sc->deadline) {
        testStormSend(sc);
        return;
    }
    if (--sc->t->pending == 0)
        g_main_loop_quit(sc->t->loop);
}

/**
 * testStormSend:
 * Sends one CreatePort on the storm connection @sc.
 */
static void
testStormSend(testStormConn *sc)
{
    (*sc->sent)++;
    g_dbus_connection_call_with_unix_fd_list(sc->conn, VIR_NETWORKD_BUS_NAME,
                                             VIR_NETWORKD_OBJECT_PATH,
                                             VIR_NETWORKD_MANAGER_INTERFACE, "CreatePort",
                                             g_variant_new("(@a{sv})",
                                                           virNetworkdPortRequestToVariant(&sc->opts->req)),
                                             G_VARIANT_TYPE("(oaha{sv})"),
                                             G_DBUS_CALL_FLAGS_NONE, 120 * 1000,
                                             NULL, NULL, testStormDone, sc);
}

/**
 * testStormGiveUp:
 * The storm's answers did not all come within a minute of its end.
 */
static gboolean
testStormGiveUp(gpointer opaque)
{
    testTally *t = opaque;

    printf("STORM-TIMEOUT %u answers missing\n", t->pending);
    g_main_loop_quit(t->loop);
    return G_SOURCE_REMOVE;
}

/**
 * testStormStop:
 * SIGTERM: the storm sends no new call; the answers of those in flight
 * are still counted.
 */
static gboolean
testStormStop(gpointer opaque)
{
    gint64 *deadline = opaque;

    *deadline = 0;
    return G_SOURCE_CONTINUE;
}

/**
 * testCmdStorm:
 * storm: @nconn connections of their own, each keeping @inflight calls
 * in flight for @seconds, or until SIGTERM.
 */
static int
testCmdStorm(const testOptions *opts, unsigned int nconn, unsigned int inflight,
             unsigned int seconds)
{
    const char *addr = g_getenv("DBUS_SYSTEM_BUS_ADDRESS");
    g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
    testTally t = { .names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                    .loop = loop };
    g_autofree testStormConn *conns = g_new0(testStormConn, nconn ? nconn : 1);
    gint64 deadline = g_get_monotonic_time() + (gint64)seconds * G_USEC_PER_SEC;
    unsigned int sent = 0;
    bool started = false;
    unsigned int i, j;
    guint stopper;
    int ret = 0;

    for (i = 0; i < nconn; i++) {
        g_autoptr(GError) gerr = NULL;

        conns[i].conn = g_dbus_connection_new_for_address_sync(
            addr ? addr : "unix:path=/run/dbus/system_bus_socket",
            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, &gerr);
        if (!conns[i].conn) {
            printf("ERR (local) %s\n", gerr->message);
            ret = 1;
            goto cleanup;
        }
        conns[i].t = &t;
        conns[i].opts = opts;
        conns[i].deadline = &deadline;
        conns[i].sent = &sent;
        conns[i].started = &started;
    }
    stopper = g_unix_signal_add(SIGTERM, testStormStop, &deadline);
    for (i = 0; i < nconn; i++) {
        for (j = 0; j < inflight; j++) {
            t.pending++;
            testStormSend(&conns[i]);
        }
    }
    if (t.pending) {
        g_timeout_add_seconds(seconds + 60, testStormGiveUp, &t);
        g_main_loop_run(loop);
    }
    g_source_remove(stopper);
    testTallyPrint(&t, "STORM", sent);
 cleanup:
    for (i = 0; i < nconn; i++)
        g_clear_object(&conns[i].conn);
    g_hash_table_unref(t.names);
    return ret;
}

/**
 * testCmdBig:
 * big: one CreatePort with @keys unknown keys; prints its size, how long
 * the answer took and the error name.
 */
static int
testCmdBig(unsigned int keys)
{
    g_autoptr(GDBusConnection) conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL);
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autofree char *name = NULL;
    GVariantBuilder b;
    GVariant *body;
    gint64 start;
    unsigned int i;

    if (!conn) {
        printf("ERR (local) no system bus\n");
        return 1;
    }
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "bridge", g_variant_new_string("br0"));
    for (i = 0; i < keys; i++) {
        char key[32];

        g_snprintf(key, sizeof(key), "k%07u", i);
        g_variant_builder_add(&b, "{sv}", key, g_variant_new_string("x"));
    }
    body = g_variant_ref_sink(g_variant_new("(a{sv})", &b));
    start = g_get_monotonic_time();
    reply = g_dbus_connection_call_sync(conn, VIR_NETWORKD_BUS_NAME, VIR_NETWORKD_OBJECT_PATH,
                                        VIR_NETWORKD_MANAGER_INTERFACE, "CreatePort",
                                        body, NULL, G_DBUS_CALL_FLAGS_NONE, 120 * 1000,
                                        NULL, &gerr);
    if (!reply)
        name = g_dbus_error_get_remote_error(gerr);
    printf("BIG %" G_GSIZE_FORMAT " %" G_GINT64_FORMAT " %s\n", g_variant_get_size(body),
           (g_get_monotonic_time() - start) / 1000, reply ? "(answered)" : name ? name : "(local)");
    g_variant_unref(body);
    return 0;
}

/**
 * testCmdWithFd:
 * with-fd: CreatePort with /dev/null attached as a file descriptor.
 */
static int
testCmdWithFd(const testOptions *opts)
{
    g_autoptr(GDBusConnection) conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL);
    g_autoptr(GUnixFDList) fds = g_unix_fd_list_new();
    g_autoptr(GUnixFDList) outFds = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GError) gerr = NULL;
    VIR_AUTOCLOSE fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

    if (!conn || fd < 0 || g_unix_fd_list_append(fds, fd, &gerr) < 0) {
        printf("ERR (local) no system bus or no /dev/null\n");
        return 1;
    }
    reply = g_dbus_connection_call_with_unix_fd_list_sync(
        conn, VIR_NETWORKD_BUS_NAME, VIR_NETWORKD_OBJECT_PATH,
        VIR_NETWORKD_MANAGER_INTERFACE, "CreatePort",
        g_variant_new("(@a{sv})", virNetworkdPortRequestToVariant(&opts->req)),
        G_VARIANT_TYPE("(oaha{sv})"), G_DBUS_CALL_FLAGS_NONE, -1, fds, &outFds,
        NULL, &gerr);
    if (!reply) {
        g_autofree char *name = g_dbus_error_get_remote_error(gerr);

        printf("ERR %s %s\n", name ? name : "(local)", gerr->message);
        return 1;
    }
    printf("OK %s\n", g_variant_get_type_string(reply));
    return 0;
}

/**
 * testCmdVanish:
 * vanish: sends CreatePort and exits before the answer comes.
 */
static int
testCmdVanish(const testOptions *opts)
{
    g_autoptr(GDBusConnection) conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL);
    g_autoptr(GDBusMessage) msg = NULL;

    if (!conn) {
        printf("ERR (local) no system bus\n");
        return 1;
    }
    msg = g_dbus_message_new_method_call(VIR_NETWORKD_BUS_NAME, VIR_NETWORKD_OBJECT_PATH,
                                         VIR_NETWORKD_MANAGER_INTERFACE, "CreatePort");
    g_dbus_message_set_body(msg, g_variant_new("(@a{sv})",
                                               virNetworkdPortRequestToVariant(&opts->req)));
    g_dbus_connection_send_message(conn, msg, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
    g_dbus_connection_flush_sync(conn, NULL, NULL);
    /* leave at a different moment each time: during the polkit check,
     * while the tap is made, or when the answer is on its way */
    g_usleep(g_random_int_range(0, 3000));
    _exit(0);
}

/**
 * testCmdDeletePath:
 * delete-path: Delete() on an object path, bypassing GetPort.
 */
static int
testCmdDeletePath(const char *path)
{
    g_autoptr(GDBusConnection) conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL);
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GError) gerr = NULL;

    if (!conn) {
        printf("ERR (local) no system bus\n");
        return 1;
    }
    reply = g_dbus_connection_call_sync(conn, VIR_NETWORKD_BUS_NAME, path,
                                        VIR_NETWORKD_PORT_INTERFACE, "Delete", NULL,
                                        G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NONE, -1,
                                        NULL, &gerr);
    if (!reply) {
        g_autofree char *name = g_dbus_error_get_remote_error(gerr);

        printf("ERR %s %s\n", name ? name : "(local)", gerr->message);
        return 1;
    }
    printf("DELETED %s\n", path);
    return 0;
}

/**
 * testCompareInt64:
 * qsort comparison of gint64 values.
 */
static int
testCompareInt64(const void *a, const void *b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

    return x < y ? -1 : x > y;
}

/**
 * testCreateRaw:
 * CreatePort with the request of --raw into @tp.  Returns 0, or -1 with
 * the client library's error (or a message on stderr for bad text).
 */
static int
testCreateRaw(const testOptions *opts, testPort *tp)
{
    g_autoptr(GError) gerr = NULL;
    GVariant *request = g_variant_parse(G_VARIANT_TYPE_VARDICT, opts->raw, NULL, NULL, &gerr);

    if (!request) {
        fprintf(stderr, "cannot parse --raw: %s\n", gerr->message);
        return -1;
    }
    return virNetworkdPortCreateVariant(request, opts->req.bridge, &tp->port, &tp->fds, &tp->nfds);
}

/**
 * testCmdLatency:
 * latency: times @n creations; prints percentiles, SPAN and FIRST/LAST.
 */
static int
testCmdLatency(const testOptions *opts, unsigned int n)
{
    g_autoptr(GDBusConnection) conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL);
    g_autofree gint64 *us = g_new0(gint64, n ? n : 1);
    g_autofree testPort *kept = g_new0(testPort, n ? n : 1);
    gint64 spanStart = g_get_real_time();
    gint64 spanEnd;
    unsigned int i;

    for (i = 0; i < n; i++) {
        testPort tp = { 0 };
        virNetworkdPortRequest req = opts->req;
        g_autofree char *ifaceId = NULL;
        gint64 start;

        /* one logical port per creation: the last one's may not be
         * unbound yet when the next request arrives */
        if (opts->req.interfaceId)
            req.interfaceId = ifaceId = g_strdup_printf("%s-%u", opts->req.interfaceId, i);
        start = g_get_monotonic_time();
        if ((opts->raw ? testCreateRaw(opts, &tp) : virNetworkdPortCreate(&req, &tp.port, &tp.fds, &tp.nfds)) < 0) {
            printf("latency %u: ", i);
            testPrintError();
            for (; i > 0; i--)
                testPortClear(&kept[i - 1]);
            return 1;
        }
        us[i] = g_get_monotonic_time() - start;
        if (opts->keep)
            kept[i] = tp;
        else
            testPortClear(&tp);
    }
    spanEnd = g_get_real_time();
    printf("SPAN %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", spanStart, spanEnd);
    if (opts->keep && n >= 100) {
        /* the medians of the first and of the last fifty: one port is noise */
        gint64 first[50], last[50];

        memcpy(first, us, sizeof(first));
        memcpy(last, us + n - 50, sizeof(last));
        qsort(first, 50, sizeof(gint64), testCompareInt64);
        qsort(last, 50, sizeof(gint64), testCompareInt64);
        printf("FIRST %" G_GINT64_FORMAT " LAST %" G_GINT64_FORMAT "\n", first[25], last[25]);
    }
    for (i = 0; i < n; i++)
        testPortClear(&kept[i]);
    qsort(us, n, sizeof(*us), testCompareInt64);
    if (n)
        printf("LATENCY %u p50=%" G_GINT64_FORMAT " p90=%" G_GINT64_FORMAT
               " p99=%" G_GINT64_FORMAT " max=%" G_GINT64_FORMAT "\n",
               n, us[n / 2], us[n * 90 / 100], us[n * 99 / 100], us[n - 1]);
    return 0;
}

/**
 * main:
 * Parses the options and runs one command; see the top of the file.
 */
/**
 * testCmdAttach:
 * attach: another process's attempt at a tap by name, with the rights of
 * @uid but an fd of /dev/net/tun opened before dropping to it (the
 * device node is 0600 on some hosts, 0666 on most; the kernel's check is
 * at TUNSETIFF).  Returns 0; the outcome is printed.
 */
static int
testCmdAttach(const char *ifname, const char *uid, bool mq)
{
    struct ifreq ifr = { 0 };
    VIR_AUTOCLOSE fd = -1;
    uid_t u = strtoul(uid, NULL, 10);

    if ((fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) < 0 ||
        setgroups(0, NULL) < 0 || setresgid(u, u, u) < 0 || setresuid(u, u, u) < 0) {
        printf("ATTACH setup %s\n", strerrorname_np(errno));
        return 1;
    }
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (mq ? IFF_MULTI_QUEUE : 0);
    g_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
    printf("ATTACH %s\n", ioctl(fd, TUNSETIFF, &ifr) < 0 ? strerrorname_np(errno) : "ok");
    return 0;
}

int
main(int argc, char **argv)
{
    testOptions opts = { 0 };
    gboolean vnet = FALSE;
    int queues = 0, mtu = 0, count = 0, expectMtu = 0;
    gboolean all = FALSE, check = FALSE, traffic = FALSE, hold = FALSE, keep = FALSE;
    GOptionEntry entries[] = {
        { "bridge", 0, 0, G_OPTION_ARG_STRING, &opts.req.bridge, "bridge", "B" },
        { "plug", 0, 0, G_OPTION_ARG_STRING, &opts.req.plug, "plug", "P" },
        { "network", 0, 0, G_OPTION_ARG_STRING, &opts.req.network, "virtual network (plug network)", "N" },
        { "device", 0, 0, G_OPTION_ARG_STRING, &opts.req.device, "host interface (direct)", "D" },
        { "mode", 0, 0, G_OPTION_ARG_STRING, &opts.req.mode, "macvtap mode (direct)", "M" },
        { "mac", 0, 0, G_OPTION_ARG_STRING, &opts.req.mac, "guest MAC", "M" },
        { "mtu", 0, 0, G_OPTION_ARG_INT, &mtu, "MTU", "N" },
        { "queues", 0, 0, G_OPTION_ARG_INT, &queues, "queues", "N" },
        { "vnet-hdr", 0, 0, G_OPTION_ARG_NONE, &vnet, "ask for IFF_VNET_HDR", NULL },
        { "owner-name", 0, 0, G_OPTION_ARG_STRING, &opts.req.ownerName, "owner name", "S" },
        { "owner-uuid", 0, 0, G_OPTION_ARG_STRING, &opts.req.ownerUUID, "owner UUID", "U" },
        { "virtualport", 0, 0, G_OPTION_ARG_STRING, &opts.req.virtualport, "virtual port type", "T" },
        { "interfaceid", 0, 0, G_OPTION_ARG_STRING, &opts.req.interfaceId,
          "OVS iface-id (latency: the prefix of one per port)", "I" },
        { "ovn-switch", 0, 0, G_OPTION_ARG_STRING, &opts.req.ovnSwitch, "OVN logical switch", "S" },
        { "raw", 0, 0, G_OPTION_ARG_STRING, &opts.raw, "request as GVariant text", "V" },
        { "count", 0, 0, G_OPTION_ARG_INT, &count, "ports to create", "N" },
        { "check", 0, 0, G_OPTION_ARG_NONE, &check, "check the ports against the kernel", NULL },
        { "expect-mtu", 0, 0, G_OPTION_ARG_INT, &expectMtu, "MTU --check expects", "N" },
        { "traffic", 0, 0, G_OPTION_ARG_NONE, &traffic, "send a frame on every queue", NULL },
        { "hold", 0, 0, G_OPTION_ARG_NONE, &hold, "keep the ports, obey stdin", NULL },
        { "all", 0, 0, G_OPTION_ARG_NONE, &all, "list: every port shown", NULL },
        { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "latency: hold every port", NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("COMMAND [ARGS]");
    g_autoptr(GError) gerr = NULL;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr) || argc < 2) {
        fprintf(stderr, "usage: %s COMMAND [options]: %s\n", argv[0],
                gerr ? gerr->message : "no command");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    opts.req.queues = queues;
    opts.req.mtu = mtu;
    opts.req.vnetHdr = vnet ? VIR_NETWORKD_VNET_HDR_ON : VIR_NETWORKD_VNET_HDR_DEFAULT;
    opts.count = count;
    opts.expectMtu = expectMtu;
    opts.check = check;
    opts.traffic = traffic;
    opts.hold = hold;
    opts.all = all;
    opts.keep = keep;

    if (strcmp(argv[1], "create") == 0)
        return testCmdCreate(&opts);
    if (strcmp(argv[1], "list") == 0)
        return testCmdList(&opts);
    if (strcmp(argv[1], "get") == 0 && argc == 3)
        return testCmdGet(argv[2]);
    if (strcmp(argv[1], "bind") == 0 && argc == 4)
        return testCmdBind(argv[2], argv[3]);
    if (strcmp(argv[1], "delete") == 0 && argc == 3)
        return testCmdDelete(argv[2]);
    if (strcmp(argv[1], "wait-gone") == 0 && argc == 4)
        return testCmdWaitGone(argv[2], atoi(argv[3]));
    if (strcmp(argv[1], "cycle") == 0 && argc == 3)
        return testCmdCycle(&opts, atoi(argv[2]));
    if (strcmp(argv[1], "latency") == 0 && argc == 3)
        return testCmdLatency(&opts, atoi(argv[2]));
    if (strcmp(argv[1], "churn") == 0 && argc == 3)
        return testCmdChurn(&opts, atoi(argv[2]));
    if (strcmp(argv[1], "flood") == 0 && argc == 3)
        return testCmdFlood(&opts, atoi(argv[2]));
    if (strcmp(argv[1], "storm") == 0 && argc == 5)
        return testCmdStorm(&opts, atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    if (strcmp(argv[1], "big") == 0 && argc == 3)
        return testCmdBig(atoi(argv[2]));
    if (strcmp(argv[1], "with-fd") == 0)
        return testCmdWithFd(&opts);
    if (strcmp(argv[1], "vanish") == 0)
        return testCmdVanish(&opts);
    if (strcmp(argv[1], "delete-path") == 0 && argc == 3)
        return testCmdDeletePath(argv[2]);
    if (strcmp(argv[1], "attach") == 0 && (argc == 4 || argc == 5))
        return testCmdAttach(argv[2], argv[3], argc == 5 && strcmp(argv[4], "mq") == 0);
    fprintf(stderr, "unknown command '%s'\n", argv[1]);
    return 2;
}
