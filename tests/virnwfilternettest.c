/*
 * virnwfilternettest.c: anti-spoofing filters and policers of ports in
 * the kernel
 *
 * Root only (exits 77 otherwise).  The program moves into a network
 * namespace of its own (the host) and builds:
 *
 *   host: bridge lvnfbr0 with ports
 *         lvnft0  a tap whose fd this program holds (the filtered guest)
 *         lvnft1  another tap, unfiltered (a neighbour)
 *         lvnfv0  veth to the peer
 *     | veth
 *   peer ns: eth0, a raw socket counting what arrives
 *
 * Frames written into the tap fd, each with a marker of its own, either
 * reach the peer or not: forged source MAC, forged source IP, forged ARP
 * and a rogue DHCP server reply never do (while the same frame written
 * into the unfiltered neighbour does), the guest's own traffic, ARP and
 * DHCP requests do.  Another port is not affected, removal brings the
 * forged frames back, and a bystander table is left alone.  A policer
 * on the neighbour passes what its bucket holds of a burst of frames.
 */
#include "testutils.h"
#include "virerror.h"
#include "virfile.h"
#include "virnettestframe.h"
#include "virnettestns.h"
#include "virnetdevtap.h"
#include "virnftables.h"
#include "virnwfilter.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#define TEST_BRIDGE "lvnfbr0"
#define TEST_PORT "lvnft0"
#define TEST_NEIGHBOUR "lvnft1"
#define TEST_GUEST_IP "198.18.50.10"
#define TEST_PEER_IP "198.18.50.20"
#define TEST_BYSTANDER "table bridge bystander {\n" \
    "\tchain c {\n" \
    "\t\ttype filter hook forward priority 10; policy accept;\n" \
    "\t\tether saddr 02:00:00:00:00:99 counter packets 0 bytes 0 drop\n" \
    "\t}\n" \
    "}\n"

static virTestNetns *testPeer;
static int testTap = -1;
static int testNeighbour = -1;
static int testWire = -1;
static char *testBystanderListing;
static const guint8 testBroadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const guint8 testGuestMac[6] = { 0x52, 0x54, 0x00, 0xf1, 0x00, 0x01 };
static const guint8 testForgedMac[6] = { 0x52, 0x54, 0x00, 0xf1, 0x00, 0x99 };
static const guint8 testZeroMac[6] = { 0 };

typedef enum {
    TEST_FRAME_UDP,             /* IPv4 UDP */
    TEST_FRAME_ARP,             /* ARP */
    TEST_FRAME_UDP6,            /* IPv6 UDP, fd00::10 to ff02::1 */
    TEST_FRAME_RAW,             /* an ethertype and the marker */
} testFrameKind;

typedef struct {
    const char *title;
    testFrameKind kind;
    const guint8 *src;          /* Ethernet source */
    const char *saddr;          /* UDP: source IP; ARP: sender IP */
    const char *daddr;          /* UDP: destination; ARP: target IP */
    guint16 sport, dport;       /* UDP ports; ARP: sport is the operation */
    const guint8 *sha;          /* ARP: sender MAC */
    unsigned int vlan;          /* UDP: 802.1Q tag */
    guint16 ethertype;          /* RAW */
    bool arrives;
} testFrame;

/**
 * testFrameBuild:
 * The frame @f with @marker into @buf; returns its length.
 */
static size_t
testFrameBuild(const testFrame *f, const char *marker, guint8 *buf)
{
    switch (f->kind) {
    case TEST_FRAME_UDP:
        return virTestFrameUdp4(buf, testBroadcast, f->src, f->vlan, f->saddr, f->daddr,
                                f->sport, f->dport, marker);
    case TEST_FRAME_ARP:
        return virTestFrameArp(buf, testBroadcast, f->src, f->sport, f->sha, f->saddr,
                               testZeroMac, f->daddr, marker);
    case TEST_FRAME_UDP6: {
        /* a well-formed header: the bridge's multicast snooping drops
         * malformed IPv6 on its own */
        guint8 pkt[VIR_TEST_FRAME_MAX] = { 0x60 };
        size_t mlen = strlen(marker);

        pkt[4] = (8 + mlen) >> 8;
        pkt[5] = (8 + mlen) & 0xff;
        pkt[6] = 17;
        pkt[7] = 64;
        g_assert(inet_pton(AF_INET6, "fd00::10", pkt + 8) == 1);
        g_assert(inet_pton(AF_INET6, "ff02::1", pkt + 24) == 1);
        pkt[40] = 0x13; pkt[41] = 0x88;         /* port 5000 */
        pkt[42] = 0x13; pkt[43] = 0x88;
        pkt[44] = (8 + mlen) >> 8;
        pkt[45] = (8 + mlen) & 0xff;
        memcpy(pkt + 48, marker, mlen);
        return virTestFrameRaw(buf, testBroadcast, f->src, 0x86dd, pkt, 48 + mlen);
    }
    case TEST_FRAME_RAW:
        return virTestFrameRaw(buf, testBroadcast, f->src, f->ethertype, marker, strlen(marker));
    }
    g_assert_not_reached();
}

/**
 * testSend:
 * Writes @f into @fd; returns how often the peer saw it (0 or 1).
 */
static int
testSend(int fd, const testFrame *f)
{
    static unsigned int serial;
    g_autofree char *marker = g_strdup_printf("nwfilter-test-%u", ++serial);
    guint8 buf[VIR_TEST_FRAME_MAX];
    size_t len = testFrameBuild(f, marker, buf);

    if (write(fd, buf, len) != (ssize_t)len) {
        fprintf(stderr, "cannot write to the tap: %s\n", g_strerror(errno));
        return -1;
    }
    return virTestFramesSeen(&testWire, 1, marker, 300);
}

static int
testFrameOne(const void *opaque)
{
    const testFrame *f = opaque;
    int seen = testSend(testTap, f);

    if (seen < 0)
        return -1;
    if (seen != (f->arrives ? 1 : 0)) {
        fprintf(stderr, "the peer saw it %d times\n", seen);
        return -1;
    }
    /* a dropped frame is one the bridge would carry: from the
     * unfiltered neighbour, the same frame arrives */
    if (!f->arrives && testSend(testNeighbour, f) != 1) {
        fprintf(stderr, "the frame does not arrive even from an unfiltered port\n");
        return -1;
    }
    return 0;
}

/**
 * testPortFilter:
 * clean-traffic for the guest with @ip.
 */
static int
testPortFilter(const char *ip)
{
    virSocketAddr addr;
    virNWFilterPort port = { .ifname = TEST_PORT, .ips = &addr, .nips = 1,
                             .blocks = VIR_NWFILTER_CLEAN_TRAFFIC };

    memcpy(port.mac.addr, testGuestMac, 6);
    if (virSocketAddrParse(ip, AF_INET, &addr) < 0 || virNWFilterPortAdd(&port) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

/**
 * testList:
 * "nft list table bridge NAME", or "" when there is none.
 */
static char *
testList(const char *table)
{
    char *out = NULL;

    if (virTestNetnsRun(NULL, &out, "nft list table bridge %s 2>/dev/null", table) != 0) {
        g_free(out);
        return g_strdup("");
    }
    return out;
}

/**
 * testNeighbourFree:
 * The neighbour's forged frames pass: the filter is the port's alone.
 */
static int
testNeighbourFree(const void *opaque G_GNUC_UNUSED)
{
    testFrame f = { .kind = TEST_FRAME_UDP, .src = testForgedMac, .saddr = "198.18.50.98",
                    .daddr = TEST_PEER_IP, .sport = 5000, .dport = 5000 };

    return testSend(testNeighbour, &f) == 1 ? 0 : -1;
}

/**
 * testReplace:
 * Adding again with another address replaces the rules: the old
 * address is a forgery now, the new one passes.
 */
static int
testReplace(const void *opaque G_GNUC_UNUSED)
{
    testFrame oldIp = { .kind = TEST_FRAME_UDP, .src = testGuestMac, .saddr = TEST_GUEST_IP,
                        .daddr = TEST_PEER_IP, .sport = 5000, .dport = 5000 };
    testFrame newIp = oldIp;
    int ret = 0;

    newIp.saddr = "198.18.50.11";
    if (testPortFilter("198.18.50.11") < 0)
        return -1;
    if (testSend(testTap, &oldIp) != 0 || testSend(testTap, &newIp) != 1)
        ret = -1;
    if (testPortFilter(TEST_GUEST_IP) < 0)
        ret = -1;
    return ret;
}

/**
 * testRemove:
 * After removal the forged frames pass again, the port's chain and map
 * element are gone (removing twice is fine), and the bystander table is
 * as it was.
 */
static int
testRemove(const void *opaque G_GNUC_UNUSED)
{
    testFrame f = { .kind = TEST_FRAME_UDP, .src = testForgedMac, .saddr = "198.18.50.97",
                    .daddr = TEST_PEER_IP, .sport = 5000, .dport = 5000 };
    g_autofree char *ours = NULL;
    g_autofree char *bystander = NULL;

    if (virNWFilterPortRemove(TEST_PORT) < 0 || virNWFilterPortRemove(TEST_PORT) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (testSend(testTap, &f) != 1)
        return -1;
    ours = testList(VIR_NWFILTER_TABLE);
    if (strstr(ours, TEST_PORT)) {
        fprintf(stderr, "left behind:\n%s", ours);
        return -1;
    }
    bystander = testList("bystander");
    return virTestCompareStrings(testBystanderListing, bystander);
}

/**
 * testPoliceBurst:
 * Writes 20 frames of @len bytes (the policer counts them without
 * their Ethernet header) from the neighbour at once; returns how many
 * reached the peer.
 */
static int
testPoliceBurst(size_t len)
{
    static unsigned int serial;
    g_autofree char *marker = g_strdup_printf("police-%u-", ++serial);
    g_autofree char *padded = g_strnfill(len - 14 - 20 - 8, 'p');
    testFrame f = { .kind = TEST_FRAME_UDP, .src = testForgedMac, .saddr = "198.18.50.96",
                    .daddr = TEST_PEER_IP, .sport = 5000, .dport = 5000 };
    guint8 buf[VIR_TEST_FRAME_MAX];
    size_t i;

    memcpy(padded, marker, strlen(marker));
    g_assert(testFrameBuild(&f, padded, buf) == len);
    for (i = 0; i < 20; i++) {
        if (write(testNeighbour, buf, len) != (ssize_t)len) {
            fprintf(stderr, "cannot write to the tap: %s\n", g_strerror(errno));
            return -1;
        }
    }
    return virTestFramesSeen(&testWire, 1, marker, 500);
}

/**
 * testPolice:
 * A policer of 1000 bytes/s with a burst of 10000 bytes is a bucket of
 * 11000 bytes: of 20 frames of 1031 bytes (1017 without the Ethernet
 * header) written at once, 10 pass (an 11th if the bucket refilled a
 * little meanwhile).  Its object and element are in the table; after
 * its removal all 20 pass and nothing of it is left.
 */
static int
testPolice(const void *opaque G_GNUC_UNUSED)
{
    virNWFilterPort port = { .ifname = TEST_NEIGHBOUR,
                             .police = { .rate = 1000, .burst = 10000 } };
    g_autofree char *listing = NULL;
    int seen;

    memcpy(port.mac.addr, testForgedMac, 6);
    if (virNWFilterPortAdd(&port) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    listing = testList(VIR_NWFILTER_TABLE);
    if (!strstr(listing, "limit police_" TEST_NEIGHBOUR " {") ||
        !strstr(listing, "\"" TEST_NEIGHBOUR "\" : \"police_" TEST_NEIGHBOUR "\"")) {
        fprintf(stderr, "no policer:\n%s", listing);
        return -1;
    }
    if ((seen = testPoliceBurst(1031)) < 10 || seen > 11) {
        fprintf(stderr, "%d of 20 frames passed the policer\n", seen);
        return -1;
    }
    if (virNWFilterPortRemove(TEST_NEIGHBOUR) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if ((seen = testPoliceBurst(1031)) != 20) {
        fprintf(stderr, "%d of 20 frames passed without a policer\n", seen);
        return -1;
    }
    g_free(listing);
    listing = testList(VIR_NWFILTER_TABLE);
    if (strstr(listing, TEST_NEIGHBOUR)) {
        fprintf(stderr, "left behind:\n%s", listing);
        return -1;
    }
    return 0;
}

/**
 * testKeepAllBut:
 * virNWFilterPortsPrune's test: every port but "lvold0".
 */
static bool
testKeepAllBut(const char *ifname, void *opaque G_GNUC_UNUSED)
{
    return strcmp(ifname, "lvold0") != 0;
}

/**
 * testRestartPrune:
 * What a restarted daemon does with the table: it reads it again, then
 * prunes every port but those testKeepAllBut keeps.  Returns the
 * listing afterwards (caller frees), or NULL.
 */
static char *
testRestartPrune(void)
{
    virNWFilterKernelForget();
    if (virNWFilterPortsPrune(testKeepAllBut, NULL) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return NULL;
    }
    return testList(VIR_NWFILTER_TABLE);
}

/**
 * testStaleLayout:
 * What the earlier layout left (a port's own chain and set, its map
 * element jumping there) goes with the prune of a restarted daemon:
 * the element of a port not kept at once, the chains and sets once no
 * kept port jumps to an old chain (while one does, they all stay).
 */
static int
testStaleLayout(const void *opaque G_GNUC_UNUSED)
{
#define TEST_OLD_LAYOUT(name) \
        "add chain bridge " VIR_NWFILTER_TABLE " port_" name "\n" \
        "add set bridge " VIR_NWFILTER_TABLE " port_" name "_v4 { type ipv4_addr; }\n" \
        "add rule bridge " VIR_NWFILTER_TABLE " port_" name " ip saddr != @port_" name "_v4 drop\n" \
        "add element bridge " VIR_NWFILTER_TABLE " ports { \"" name "\" : jump port_" name " }\n"
    const char *oldKept = TEST_OLD_LAYOUT("lvkeptlongname1");
    const char *oldGone = TEST_OLD_LAYOUT("lvold0");
    g_autofree char *listing = NULL;

    if (virNftablesRun(oldKept, NULL, false) < 0 || virNftablesRun(oldGone, NULL, false) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    /* a restart; the kept port (a 15-byte name, so its old chain's
     * name is longer than this layout's) still jumps to its chain */
    if (!(listing = testRestartPrune()))
        return -1;
    if (strstr(listing, "\"lvold0\"") || !strstr(listing, "chain port_lvkeptlongname1")) {
        fprintf(stderr, "after the first prune:\n%s", listing);
        return -1;
    }
    /* the kept port's old filter goes, then another restart */
    if (virNWFilterPortRemove("lvkeptlongname1") < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    g_free(listing);
    if (!(listing = testRestartPrune()))
        return -1;
    if (strstr(listing, "port_")) {
        fprintf(stderr, "left behind:\n%s", listing);
        return -1;
    }
    return 0;
}

/**
 * testGoldenPortName:
 * The port whose map element @text adds ("ports { \"NAME\" :", or
 * "limits { \"NAME\" :" for a policer alone), or NULL.  Caller frees.
 */
static char *
testGoldenPortName(const char *text)
{
    const char *markers[] = { "ports { \"", "limits { \"" };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(markers); i++) {
        const char *p = strstr(text, markers[i]);

        if (p)
            return g_strndup(p + strlen(markers[i]), strcspn(p + strlen(markers[i]), "\""));
    }
    return NULL;
}

/**
 * testGoldenRun:
 * Applies the golden script @name of virnwfiltertest behind the
 * library's back (it reads the table again afterwards).  Returns its
 * text, or NULL when the kernel refuses it.
 */
static char *
testGoldenRun(const char *name)
{
    g_autofree char *file = g_strdup_printf("%s/virnwfilterdata/%s", virTestSrcDir(), name);
    char *text = NULL;

    if (!g_file_get_contents(file, &text, NULL, NULL) ||
        virTestNetnsRun(NULL, NULL, "nft -f '%s'", file) != 0) {
        printf("the kernel refuses %s\n", name);
        g_free(text);
        return NULL;
    }
    virNWFilterKernelForget();
    return text;
}

/**
 * testGoldenLeft:
 * Whether the table still holds an element of port @ifname.
 */
static bool
testGoldenLeft(const char *ifname)
{
    g_autofree char *listing = testList(VIR_NWFILTER_TABLE);
    g_autofree char *quoted = g_strdup_printf("\"%s\"", ifname);

    if (!strstr(listing, quoted))
        return false;
    printf("%s left behind:\n%s", ifname, listing);
    return true;
}

/**
 * testGoldenApply:
 * Every golden script of virnwfiltertest is accepted by the kernel as
 * it is, and removing its port — the elements read back from the
 * kernel — leaves nothing of it.  The replacement and removal scripts,
 * which presuppose clean-traffic.nft's port, apply after it and the
 * removal leaves nothing either.
 */
static int
testGoldenApply(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = g_build_filename(virTestSrcDir(), "virnwfilterdata", NULL);
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    g_autofree char *base = NULL;
    g_autofree char *replace = NULL;
    g_autofree char *removal = NULL;
    const char *name;
    int n = 0;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *text = NULL;
        g_autofree char *ifname = NULL;

        if (!g_str_has_suffix(name, ".nft") || g_str_equal(name, "remove.nft") ||
            g_str_equal(name, "replace.nft"))
            continue;
        if (!(text = testGoldenRun(name)))
            return -1;
        if (!(ifname = testGoldenPortName(text))) {
            printf("%s: no map element\n", name);
            return -1;
        }
        if (virNWFilterPortRemove(ifname) < 0) {
            printf("%s: %s\n", name, virGetLastErrorMessage());
            return -1;
        }
        if (testGoldenLeft(ifname))
            return -1;
        n++;
    }
    if (n < 9 || !(base = testGoldenRun("clean-traffic.nft")) ||
        !(replace = testGoldenRun("replace.nft")) || virNWFilterPortRemove("vnet0") < 0 ||
        testGoldenLeft("vnet0") ||
        !(base = (g_free(base), testGoldenRun("clean-traffic.nft"))) ||
        !(removal = testGoldenRun("remove.nft")) || testGoldenLeft("vnet0"))
        return -1;
    return 0;
}

/**
 * testSetup:
 * The bridge, its three ports, the peer and the bystander table.
 */
static int
testSetup(void)
{
    if (!(testPeer = virTestNetnsNew()))
        return -1;
    if (virNetDevTapCreate(TEST_PORT, 1, 0, &testTap) < 0 ||
        virNetDevTapCreate(TEST_NEIGHBOUR, 1, 0, &testNeighbour) < 0) {
        printf("%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (virTestNetnsRun(NULL, NULL,
                        "ip link add " TEST_BRIDGE " type bridge && "
                        "ip link set " TEST_BRIDGE " up && "
                        "ip link set " TEST_PORT " master " TEST_BRIDGE " up && "
                        "ip link set " TEST_NEIGHBOUR " master " TEST_BRIDGE " up && "
                        "ip link add lvnfv0 type veth peer name eth0 netns %d && "
                        "ip link set lvnfv0 master " TEST_BRIDGE " up",
                        virTestNetnsPid(testPeer)) != 0 ||
        virTestNetnsRun(testPeer, NULL,
                        "ip addr add " TEST_PEER_IP "/24 dev eth0 && ip link set eth0 up") != 0 ||
        virTestNetnsRun(NULL, NULL, "printf '%%s' '%s' | nft -f -", TEST_BYSTANDER) != 0 ||
        (testWire = virTestPacketSocket(testPeer, "eth0")) < 0) {
        printf("cannot build the namespaces\n");
        return -1;
    }
    testBystanderListing = testList("bystander");
    /* the bridge forwards only once its ports are forwarding */
    g_usleep(200 * 1000);
    return 0;
}

static int
mymain(void)
{
    static const testFrame frames[] = {
        { "passes: the guest's own UDP", TEST_FRAME_UDP, testGuestMac, TEST_GUEST_IP,
          TEST_PEER_IP, 5000, 5000, .arrives = true },
        { "dropped: forged source MAC", TEST_FRAME_UDP, testForgedMac, TEST_GUEST_IP,
          TEST_PEER_IP, 5000, 5000 },
        { "dropped: forged source IP", TEST_FRAME_UDP, testGuestMac, "198.18.50.99",
          TEST_PEER_IP, 5000, 5000 },
        { "dropped: forged IP behind a VLAN tag", TEST_FRAME_UDP, testGuestMac, "198.18.50.99",
          TEST_PEER_IP, 5000, 5000, .vlan = 7 },
        { "passes: the guest's ARP request", TEST_FRAME_ARP, testGuestMac, TEST_GUEST_IP,
          TEST_PEER_IP, 1, .sha = testGuestMac, .arrives = true },
        { "passes: an ARP probe from 0.0.0.0", TEST_FRAME_ARP, testGuestMac, "0.0.0.0",
          TEST_GUEST_IP, 1, .sha = testGuestMac, .arrives = true },
        { "dropped: ARP reply claiming the gateway's IP", TEST_FRAME_ARP, testGuestMac,
          "198.18.50.1", TEST_PEER_IP, 2, .sha = testGuestMac },
        { "dropped: ARP reply with a forged sender MAC", TEST_FRAME_ARP, testGuestMac,
          TEST_GUEST_IP, TEST_PEER_IP, 2, .sha = testForgedMac },
        { "dropped: ARP of another operation (RARP reply)", TEST_FRAME_ARP, testGuestMac,
          TEST_GUEST_IP, TEST_PEER_IP, 4, .sha = testGuestMac },
        { "passes: DHCP DISCOVER from 0.0.0.0", TEST_FRAME_UDP, testGuestMac, "0.0.0.0",
          "255.255.255.255", 68, 67, .arrives = true },
        { "dropped: a rogue DHCP OFFER", TEST_FRAME_UDP, testGuestMac, TEST_GUEST_IP,
          "255.255.255.255", 67, 68 },
        { "dropped: IPv6 without an IPv6 address", TEST_FRAME_UDP6, testGuestMac },
        { "dropped: other L2 traffic", TEST_FRAME_RAW, testGuestMac, .ethertype = 0x88b5 },
    };
    int ret;
    size_t i;

    if ((ret = virTestNetnsEnterPrivate("network namespaces and nftables")) != 0)
        return ret;
    if (testSetup() < 0 || testPortFilter(TEST_GUEST_IP) < 0)
        ret = -1;
    for (i = 0; ret == 0 && i < G_N_ELEMENTS(frames); i++) {
        if (virTestRun(frames[i].title, testFrameOne, &frames[i]) < 0)
            ret = -1;
    }
    if (ret == 0 &&
        (virTestRun("nwfilter: another port is not filtered", testNeighbourFree, NULL) < 0 ||
         virTestRun("nwfilter: adding again replaces the rules", testReplace, NULL) < 0 ||
         virTestRun("nwfilter: removal lets everything through again", testRemove, NULL) < 0 ||
         virTestRun("police: a bucket of rate and burst, then removed", testPolice, NULL) < 0 ||
         virTestRun("nwfilter: an earlier layout's chains and sets are pruned",
                    testStaleLayout, NULL) < 0 ||
         virTestRun("nwfilter: every golden script applies and is removed",
                    testGoldenApply, NULL) < 0))
        ret = -1;
    virFileForceClose(&testTap);
    virFileForceClose(&testNeighbour);
    virFileForceClose(&testWire);
    virTestNetnsFree(testPeer);
    g_free(testBystanderListing);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
