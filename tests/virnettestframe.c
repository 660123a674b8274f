/*
 * virnettestframe.c: raw Ethernet frames for the per-port control tests
 */
#include "virnettestframe.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

int
virTestNetnsSocket(const virTestNetns *ns, int domain, int type, int protocol)
{
    g_autofree char *path = NULL;
    int self = -1;
    int target = -1;
    int fd = -1;

    if (!ns)
        return socket(domain, type | SOCK_CLOEXEC, protocol);
    path = g_strdup_printf("/proc/%d/ns/net", virTestNetnsPid(ns));
    if ((self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)) < 0 ||
        (target = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
        setns(target, CLONE_NEWNET) < 0) {
        printf("cannot enter %s: %s\n", path, g_strerror(errno));
        goto cleanup;
    }
    if ((fd = socket(domain, type | SOCK_CLOEXEC, protocol)) < 0)
        printf("cannot make a socket in %s: %s\n", path, g_strerror(errno));
    if (setns(self, CLONE_NEWNET) < 0) {
        /* the test cannot go on in the wrong namespace */
        printf("cannot return to the test's namespace: %s\n", g_strerror(errno));
        abort();
    }

 cleanup:
    if (self >= 0)
        close(self);
    if (target >= 0)
        close(target);
    return fd;
}

int
virTestPacketSocket(const virTestNetns *ns, const char *ifname)
{
    int fd = virTestNetnsSocket(ns, AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
    struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
    struct ifreq ifr = { 0 };
    int one = 1;

    if (fd < 0)
        return -1;
    g_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
    if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) < 0 ||
        ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
        printf("no interface %s: %s\n", ifname, g_strerror(errno));
        close(fd);
        return -1;
    }
    sll.sll_ifindex = ifr.ifr_ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
        printf("cannot bind to %s: %s\n", ifname, g_strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int
virTestIfMac(const virTestNetns *ns, const char *ifname, guint8 mac[6])
{
    int fd = virTestNetnsSocket(ns, AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr = { 0 };
    int ret = -1;

    if (fd < 0)
        return -1;
    g_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
    if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
        printf("no MAC of %s: %s\n", ifname, g_strerror(errno));
    else {
        memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
        ret = 0;
    }
    close(fd);
    return ret;
}

size_t
virTestFrameRaw(guint8 *buf, const guint8 dst[6], const guint8 src[6],
                guint16 ethertype, const void *payload, size_t len)
{
    size_t n = 14 + len;

    g_assert(n <= VIR_TEST_FRAME_MAX);
    memset(buf, 0, MAX(n, 60));
    memcpy(buf, dst, 6);
    memcpy(buf + 6, src, 6);
    buf[12] = ethertype >> 8;
    buf[13] = ethertype & 0xff;
    memcpy(buf + 14, payload, len);
    return MAX(n, 60);
}

/**
 * virTestIpChecksum:
 * The Internet checksum of @len bytes at @p.
 */
static guint16
virTestIpChecksum(const guint8 *p, size_t len)
{
    guint32 sum = 0;
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
        sum += (p[i] << 8) | p[i + 1];
    if (len & 1)
        sum += p[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return ~sum & 0xffff;
}

size_t
virTestFrameUdp4(guint8 *buf, const guint8 dst[6], const guint8 src[6],
                 unsigned int vlan, const char *saddr, const char *daddr,
                 guint16 sport, guint16 dport, const char *marker)
{
    guint8 pkt[VIR_TEST_FRAME_MAX];
    size_t mlen = strlen(marker);
    size_t off = 0;
    size_t iplen = 20 + 8 + mlen;
    guint16 csum;
    struct in_addr a;

    if (vlan > 0) {
        pkt[0] = vlan >> 8;
        pkt[1] = vlan & 0xff;
        pkt[2] = 0x08;
        pkt[3] = 0x00;
        off = 4;
    }
    memset(pkt + off, 0, 28);
    pkt[off + 0] = 0x45;
    pkt[off + 2] = iplen >> 8;
    pkt[off + 3] = iplen & 0xff;
    pkt[off + 8] = 64;
    pkt[off + 9] = 17;
    g_assert(inet_pton(AF_INET, saddr, &a) == 1);
    memcpy(pkt + off + 12, &a, 4);
    g_assert(inet_pton(AF_INET, daddr, &a) == 1);
    memcpy(pkt + off + 16, &a, 4);
    csum = virTestIpChecksum(pkt + off, 20);
    pkt[off + 10] = csum >> 8;
    pkt[off + 11] = csum & 0xff;
    pkt[off + 20] = sport >> 8;
    pkt[off + 21] = sport & 0xff;
    pkt[off + 22] = dport >> 8;
    pkt[off + 23] = dport & 0xff;
    pkt[off + 24] = (8 + mlen) >> 8;
    pkt[off + 25] = (8 + mlen) & 0xff;
    /* UDP checksum 0: none, allowed over IPv4 */
    memcpy(pkt + off + 28, marker, mlen);
    return virTestFrameRaw(buf, dst, src, vlan > 0 ? 0x8100 : 0x0800, pkt, off + iplen);
}

size_t
virTestFrameArp(guint8 *buf, const guint8 dst[6], const guint8 src[6],
                guint16 op, const guint8 sha[6], const char *spa,
                const guint8 tha[6], const char *tpa, const char *marker)
{
    guint8 pkt[VIR_TEST_FRAME_MAX];
    size_t mlen = strlen(marker);
    struct in_addr a;

    pkt[0] = 0; pkt[1] = 1;             /* Ethernet */
    pkt[2] = 0x08; pkt[3] = 0x00;       /* IPv4 */
    pkt[4] = 6; pkt[5] = 4;
    pkt[6] = op >> 8; pkt[7] = op & 0xff;
    memcpy(pkt + 8, sha, 6);
    g_assert(inet_pton(AF_INET, spa, &a) == 1);
    memcpy(pkt + 14, &a, 4);
    memcpy(pkt + 18, tha, 6);
    g_assert(inet_pton(AF_INET, tpa, &a) == 1);
    memcpy(pkt + 24, &a, 4);
    /* the marker rides in the trailer, where Ethernet padding would be */
    memcpy(pkt + 28, marker, mlen);
    return virTestFrameRaw(buf, dst, src, 0x0806, pkt, 28 + mlen);
}

int
virTestFramesSeen(const int *fds, size_t nfds, const char *marker, int ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)ms * 1000;
    size_t mlen = strlen(marker);
    int seen = 0;

    for (;;) {
        struct pollfd pfd[16];
        gint64 left = (deadline - g_get_monotonic_time()) / 1000;
        size_t i;

        g_assert(nfds <= G_N_ELEMENTS(pfd));
        if (left <= 0)
            break;
        for (i = 0; i < nfds; i++)
            pfd[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
        if (poll(pfd, nfds, left) <= 0)
            continue;
        for (i = 0; i < nfds; i++) {
            guint8 frame[65536];
            ssize_t n;

            if (!(pfd[i].revents & POLLIN))
                continue;
            while ((n = read(fds[i], frame, sizeof(frame))) > 0) {
                if (memmem(frame, n, marker, mlen))
                    seen++;
            }
        }
    }
    return seen;
}
