/*
 * tapflood.c: the upper bound of a libvirt-networkd tap with no guest
 *
 *   tapflood BRIDGE DSTMAC SECONDS [FRAMELEN]
 *
 * Asks libvirt-networkd for a port on BRIDGE (CreatePort as the calling
 * user, polkit deciding, through the client library QEMU's driver uses),
 * then writes Ethernet frames into its fd for SECONDS, as fast as one
 * thread can: FRAMELEN bytes each (default 1514, a full frame at MTU
 * 1500), from the port's guest MAC to DSTMAC, EtherType 0x88B5 (IEEE
 * 802 local experimental: the receiver counts the frame and no protocol
 * handler answers it).  Whoever receives them counts (bench/throughput
 * reads the receiving veth's counters).  Prints one line:
 *
 *   TAPFLOOD ifname=vnetN frames=N bytes=B seconds=S frames_per_sec=F
 *            gbit_per_sec=G errors=E
 *
 * bytes and gbit_per_sec count the frames as written (without preamble
 * and FCS).  A write the kernel refuses (ENOBUFS when its backlog is full)
 * is counted in errors and not retried.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "networkd_client.h"
#include "virmac.h"

#define TAPFLOOD_ETHERTYPE 0x88B5
#define TAPFLOOD_FRAME_MIN 60
#define TAPFLOOD_FRAME_MAX 65535
/* frames written between two looks at the clock */
#define TAPFLOOD_BATCH 256

/**
 * tapfloodFrame:
 * @frame: buffer of @len bytes
 * @dst: destination MAC
 * @src: source MAC
 *
 * Fills @frame: the Ethernet header, then a payload of a repeated byte.
 */
static void
tapfloodFrame(unsigned char *frame, size_t len,
              const virMacAddr *dst, const virMacAddr *src)
{
    memcpy(frame, dst->addr, VIR_MAC_BUFLEN);
    memcpy(frame + VIR_MAC_BUFLEN, src->addr, VIR_MAC_BUFLEN);
    frame[12] = TAPFLOOD_ETHERTYPE >> 8;
    frame[13] = TAPFLOOD_ETHERTYPE & 0xff;
    memset(frame + 14, 0x5a, len - 14);
}

/**
 * tapfloodRun:
 * @ifname: the tap's name, for the output
 * @fd: the tap's fd
 * @frame: the frame, @len bytes
 * @seconds: how long
 *
 * Writes @frame into @fd until @seconds passed and prints the line
 * described at the top.  Returns 0, or -1 when no frame could be written.
 */
static int
tapfloodRun(const char *ifname, int fd, const unsigned char *frame, size_t len,
            double seconds)
{
    gint64 start = g_get_monotonic_time();
    gint64 end = start + (gint64)(seconds * G_USEC_PER_SEC);
    gint64 now = start;
    guint64 frames = 0;
    guint64 errors = 0;
    double took;

    while (now < end) {
        unsigned int i;

        for (i = 0; i < TAPFLOOD_BATCH; i++) {
            if (write(fd, frame, len) == (ssize_t)len) {
                frames++;
            } else if (errno != EINTR) {
                if (errors++ == 0 && errno != ENOBUFS)
                    fprintf(stderr, "tapflood: write: %s\n", g_strerror(errno));
            }
        }
        now = g_get_monotonic_time();
    }
    took = (double)(now - start) / G_USEC_PER_SEC;
    printf("TAPFLOOD ifname=%s frames=%" G_GUINT64_FORMAT " bytes=%" G_GUINT64_FORMAT
           " seconds=%.3f frames_per_sec=%.0f gbit_per_sec=%.3f errors=%" G_GUINT64_FORMAT "\n",
           ifname, frames, frames * len, took, frames / took,
           frames * len * 8.0 / took / 1e9, errors);
    return frames ? 0 : -1;
}

int
main(int argc, char **argv)
{
    g_autoptr(virNetworkdPortInfo) port = NULL;
    g_autofree int *fds = NULL;
    g_autofree unsigned char *frame = NULL;
    virNetworkdPortRequest req = { 0 };
    virMacAddr dst;
    virMacAddr src;
    size_t nfds = 0;
    size_t len = 1514;
    double seconds;
    char *end = NULL;
    int ret;

    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: tapflood BRIDGE DSTMAC SECONDS [FRAMELEN]\n");
        return 2;
    }
    seconds = g_ascii_strtod(argv[3], &end);
    if (virMacAddrParse(argv[2], &dst) < 0 || !end || *end || seconds <= 0) {
        fprintf(stderr, "tapflood: bad DSTMAC '%s' or SECONDS '%s'\n", argv[2], argv[3]);
        return 2;
    }
    if (argc == 5) {
        guint64 n;

        if (!g_ascii_string_to_unsigned(argv[4], 10, TAPFLOOD_FRAME_MIN,
                                        TAPFLOOD_FRAME_MAX, &n, NULL)) {
            fprintf(stderr, "tapflood: FRAMELEN must be %d..%d\n",
                    TAPFLOOD_FRAME_MIN, TAPFLOOD_FRAME_MAX);
            return 2;
        }
        len = n;
    }

    req.bridge = argv[1];
    req.ownerName = "tapflood";
    if (virNetworkdPortCreate(&req, &port, &fds, &nfds) < 0) {
        fprintf(stderr, "tapflood: %s\n", virGetLastErrorMessage());
        return 1;
    }
    if (!port->mac || virMacAddrParse(port->mac, &src) < 0) {
        fprintf(stderr, "tapflood: the daemon reported no usable MAC\n");
        virNetworkdPortCloseFds(g_steal_pointer(&fds), nfds);
        return 1;
    }
    frame = g_malloc(len);
    tapfloodFrame(frame, len, &dst, &src);
    ret = tapfloodRun(port->ifname, fds[0], frame, len, seconds);
    /* the last fd closed: the daemon releases the port */
    virNetworkdPortCloseFds(g_steal_pointer(&fds), nfds);
    return ret < 0 ? 1 : 0;
}
