/*
 * virnetdevtest.c: taps, bridges and link events against the real kernel
 *
 * Root only (exits 77 otherwise): the program moves itself into a network
 * namespace of its own (unshare), which the kernel destroys with every
 * device in it when the program exits, so nothing can leak onto the host.
 * It builds br0 (a bridge) and ve0/ve1 (a veth pair, not a bridge) there.
 */
#include "testutils.h"
#include "virerror.h"
#include "virfile.h"
#include "virnetdevbridge.h"
#include "virnetdevtap.h"
#include "virnetlink.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/if_arp.h>
#include <linux/if_tun.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>

static virNetlinkSocket *testSock;

/**
 * testFdCount:
 * Returns the number of open fds of this process.
 */
static int
testFdCount(void)
{
    g_autoptr(GDir) d = g_dir_open("/proc/self/fd", 0, NULL);
    int n = 0;

    while (d && g_dir_read_name(d))
        n++;
    return n;
}

typedef struct {
    const char *brname;
    int expect;                 /* 1 bridge, 0 missing, -1 error */
    const char *message;        /* for -1 */
} testBridgeCase;

static int
testBridgeOne(const void *opaque)
{
    const testBridgeCase *c = opaque;
    virNetDevBridgeInfo info = { 0 };
    int rc;

    virResetLastError();
    rc = virNetDevBridgeGetInfo(testSock, c->brname, &info);
    if (rc != c->expect) {
        fprintf(stderr, "got %d, expected %d (%s)\n", rc, c->expect, virGetLastErrorMessage());
        return -1;
    }
    if (rc == 1 && (info.ifindex <= 0 || info.mtu != 1500))
        return -1;
    if (rc < 0)
        return virTestCompareStrings(c->message, virGetLastErrorMessage());
    return 0;
}

typedef struct {
    const char *ifname;
    unsigned int queues;
    unsigned int flags;
    int expect;                 /* virNetDevTapCreate's return */
} testTapCase;

static int
testTapOne(const void *opaque)
{
    const testTapCase *c = opaque;
    int fds[VIR_NETDEV_TAP_MAX_QUEUES];
    int before = testFdCount();
    unsigned int i;
    int rc;

    virResetLastError();
    rc = virNetDevTapCreate(c->ifname, c->queues, c->flags, fds);
    if (rc != c->expect) {
        fprintf(stderr, "got %d, expected %d (%s)\n", rc, c->expect, virGetLastErrorMessage());
        if (rc == 0) {
            for (i = 0; i < c->queues; i++)
                virFileForceClose(&fds[i]);
        }
        return -1;
    }
    if (rc != 0)
        return testFdCount() == before ? 0 : -1;   /* nothing left open */

    for (i = 0; i < c->queues; i++) {
        if (fds[i] < 0 || (fcntl(fds[i], F_GETFD) & FD_CLOEXEC) == 0)
            return -1;
    }
    if (if_nametoindex(c->ifname) == 0)
        return -1;
    for (i = 0; i < c->queues; i++)
        virFileForceClose(&fds[i]);
    /* non-persistent: gone with its last fd */
    return if_nametoindex(c->ifname) == 0 ? 0 : -1;
}

/**
 * testTapTaken:
 * A name that exists is refused with EXCLUSIVE (1, nothing opened), for a
 * tap someone holds and for a link of another kind.
 */
static int
testTapTaken(const void *opaque G_GNUC_UNUSED)
{
    VIR_AUTOCLOSE held = -1;
    int fds[2];
    int before;

    if (virNetDevTapCreate("vnet5", 1, 0, fds) < 0)
        return -1;
    held = fds[0];
    before = testFdCount();
    if (virNetDevTapCreate("vnet5", 2, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, fds) != 1 ||
        virNetDevTapCreate("ve0", 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, fds) != 1 ||
        virNetDevTapCreate("br0", 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, fds) != 1)
        return -1;
    return testFdCount() == before ? 0 : -1;
}

/**
 * testAddPort:
 * MAC, MTU, master and up in one request, as the kernel reports them.
 */
static int
testAddPort(const void *opaque G_GNUC_UNUSED)
{
    VIR_AUTOCLOSE fd = -1;
    virNetDevBridgeInfo br;
    virNetlinkLinkInfo info;
    virMacAddr mac = { { 0xfe, 0x54, 0x00, 0x12, 0x34, 0x56 } };
    int ifindex;

    if (virNetDevBridgeGetInfo(testSock, "br0", &br) != 1 ||
        virNetDevTapCreate("vnet6", 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, &fd) != 0 ||
        (ifindex = if_nametoindex("vnet6")) == 0) {
        fprintf(stderr, "setup: %s\n", virGetLastErrorMessage());
        return -1;
    }
    if (virNetDevBridgeAddPort(testSock, "br0", br.ifindex, "vnet6", ifindex, &mac, 1400) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (virNetlinkLinkGetInfo(testSock, ifindex, NULL, &info) != 1 ||
        info.master != br.ifindex || info.mtu != 1400 || !(info.flags & IFF_UP) ||
        strcmp(info.kind, "tun") != 0 || strcmp(info.ifname, "vnet6") != 0) {
        fprintf(stderr, "master %d mtu %u flags %x kind %s\n",
                info.master, info.mtu, info.flags, info.kind);
        return -1;
    }
    /* (not /sys: it shows the namespace that mounted it, not ours) */
    {
        VIR_AUTOCLOSE sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        struct ifreq ifr = { 0 };
        virMacAddr got;
        char buf[VIR_MAC_STRING_BUFLEN];

        g_strlcpy(ifr.ifr_name, "vnet6", sizeof(ifr.ifr_name));
        if (sock < 0 || ioctl(sock, SIOCGIFHWADDR, &ifr) < 0)
            return -1;
        memcpy(got.addr, ifr.ifr_hwaddr.sa_data, VIR_MAC_BUFLEN);
        return virTestCompareStrings("fe:54:00:12:34:56", virMacAddrFormat(&got, buf));
    }
}

/* True when /proc/net/if_inet6 (this namespace's) lists an address on
 * @ifname. */
static bool
testHasIPv6(const char *ifname)
{
    g_autofree char *data = NULL;
    g_auto(GStrv) lines = NULL;
    size_t i;

    if (!g_file_get_contents("/proc/net/if_inet6", &data, NULL, NULL))
        return false;
    lines = g_strsplit(data, "\n", -1);
    for (i = 0; lines[i]; i++) {
        g_auto(GStrv) fields = g_strsplit_set(g_strstrip(lines[i]), " ", -1);
        guint n = g_strv_length(fields);

        if (n > 0 && strcmp(fields[n - 1], ifname) == 0)
            return true;
    }
    return false;
}

/**
 * testAddPortNoIPv6:
 * A bridge port gets no IPv6 address of its own, where a link brought up
 * the plain way does (which proves IPv6 is on in this namespace; without
 * IPv6 there is nothing to check).
 */
static int
testAddPortNoIPv6(const void *opaque G_GNUC_UNUSED)
{
    VIR_AUTOCLOSE ctlfd = -1;
    VIR_AUTOCLOSE fd = -1;
    virNetDevBridgeInfo br;
    int ctl, port;

    if (virNetDevTapCreate("vnet10", 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, &ctlfd) != 0 ||
        (ctl = if_nametoindex("vnet10")) == 0 ||
        virNetlinkLinkChange(testSock, ctl, "vnet10", NULL, 0, 0, NULL, true) < 0) {
        fprintf(stderr, "setup: %s\n", virGetLastErrorMessage());
        return -1;
    }
    if (!testHasIPv6("vnet10")) {
        printf("     (IPv6 is off here: nothing to check)\n");
        return 0;
    }
    if (virNetDevBridgeGetInfo(testSock, "br0", &br) != 1 ||
        virNetDevTapCreate("vnet11", 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, &fd) != 0 ||
        (port = if_nametoindex("vnet11")) == 0 ||
        virNetDevBridgeAddPort(testSock, "br0", br.ifindex, "vnet11", port, NULL, 0) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (testHasIPv6("vnet11")) {
        fprintf(stderr, "the bridge port got an IPv6 address\n");
        return -1;
    }
    return 0;
}

/**
 * testAddPortGone:
 * A bridge deleted after its lookup: the kernel refuses, nothing enslaved.
 */
static int
testAddPortGone(const void *opaque G_GNUC_UNUSED)
{
    VIR_AUTOCLOSE fd = -1;
    virNetDevBridgeInfo br;
    int ifindex;

    if (rtnl_link_bridge_add(testSock, "brgone") < 0 ||
        virNetDevBridgeGetInfo(testSock, "brgone", &br) != 1 ||
        virNetlinkLinkDelete(testSock, br.ifindex, "brgone") < 0 ||
        virNetDevTapCreate("vnet7", 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, &fd) != 0 ||
        (ifindex = if_nametoindex("vnet7")) == 0)
        return -1;
    virResetLastError();
    if (virNetDevBridgeAddPort(testSock, "brgone", br.ifindex, "vnet7", ifindex, NULL, 0) == 0)
        return -1;
    return strstr(virGetLastErrorMessage(), "cannot attach 'vnet7' to bridge 'brgone'") ? 0 : -1;
}

typedef struct {
    int ifindex;
    virNetlinkLinkEvent event;   /* the event waited for */
    bool seen;
} testWatchData;

/**
 * testWatchEvent:
 * Watcher callback: notes @data's event on @data's link.
 */
static void
testWatchEvent(virNetlinkLinkEvent event, int ifindex, const char *ifname G_GNUC_UNUSED,
               void *opaque)
{
    testWatchData *data = opaque;

    if (ifindex == data->ifindex && event == data->event)
        data->seen = true;
}

/**
 * testWatchRun:
 * Runs the main loop until @data->seen or one second passed.
 */
static bool
testWatchRun(testWatchData *data)
{
    gint64 deadline = g_get_monotonic_time() + G_USEC_PER_SEC;

    while (!data->seen && g_get_monotonic_time() < deadline)
        g_main_context_iteration(NULL, FALSE);
    return data->seen;
}

/**
 * testWatch:
 * Closing a tap's last fd, and deleting a tap whose fd is still open
 * (revocation), both reach the watcher within a second; enslaving and
 * releasing ports (AF_BRIDGE notifications) does not look like removal.
 */
static int
testWatch(const void *opaque G_GNUC_UNUSED)
{
    testWatchData data = { .event = VIR_NETLINK_LINK_REMOVED };
    g_autoptr(virNetlinkWatch) watch = virNetlinkWatchNew(testWatchEvent, &data);
    VIR_AUTOCLOSE held = -1;
    virNetDevBridgeInfo br;
    int fd = -1;
    char byte = 0;

    if (!watch || virNetDevBridgeGetInfo(testSock, "br0", &br) != 1)
        return -1;

    /* enslave, then let the bridge go of it: no removal */
    if (virNetDevTapCreate("vnet8", 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, &held) != 0)
        return -1;
    data.ifindex = if_nametoindex("vnet8");
    if (virNetDevBridgeAddPort(testSock, "br0", br.ifindex, "vnet8", data.ifindex, NULL, 0) < 0 ||
        virNetlinkLinkDelete(testSock, br.ifindex, "br0") < 0)
        return -1;
    if (testWatchRun(&data)) {
        fprintf(stderr, "a bridge letting go of a port looked like its removal\n");
        return -1;
    }
    if (rtnl_link_bridge_add(testSock, "br0") < 0)
        return -1;

    /* the last fd closed */
    virFileForceClose(&held);
    if (!testWatchRun(&data)) {
        fprintf(stderr, "no removal seen after closing the fd\n");
        return -1;
    }

    /* deleted while held: revoked */
    data.seen = false;
    if (virNetDevTapCreate("vnet9", 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, &fd) != 0)
        return -1;
    held = fd;
    data.ifindex = if_nametoindex("vnet9");
    if (virNetlinkLinkDelete(testSock, data.ifindex, "vnet9") < 0 || !testWatchRun(&data))
        return -1;
    if (write(held, &byte, 1) >= 0) {
        fprintf(stderr, "the fd of a deleted tap still works\n");
        return -1;
    }
    /* deleting what is gone already is fine */
    return virNetlinkLinkDelete(testSock, data.ifindex, "vnet9");
}

/**
 * testTapIoctl:
 * Runs one tun ioctl with an integer argument on @fd.  0 or an errno.
 */
static int
testTapIoctl(int fd, unsigned long request, unsigned long arg)
{
    return ioctl(fd, request, arg) < 0 ? errno : 0;
}

/**
 * testTunInfo:
 * What a tap's fd holder changes with ioctls, as virNetlinkLinkGetInfo
 * reports it: queues, owner, group, persistence, carrier, MAC; and a
 * change of MAC through the fd reaches the watcher as a change.
 */
static int
testTunInfo(const void *opaque G_GNUC_UNUSED)
{
    int fds[4] = { -1, -1, -1, -1 };
    testWatchData data = { .event = VIR_NETLINK_LINK_CHANGED };
    g_autoptr(virNetlinkWatch) watch = virNetlinkWatchNew(testWatchEvent, &data);
    virNetlinkLinkInfo info;
    struct ifreq ifr = { 0 };
    int carrier = 0;
    int ret = -1;
    size_t i;

    if (!watch ||
        virNetDevTapCreate("vnet10", 4, VIR_NETDEV_TAP_CREATE_EXCLUSIVE |
                           VIR_NETDEV_TAP_CREATE_OWNED, fds) != 0 ||
        (data.ifindex = if_nametoindex("vnet10")) == 0 ||
        virNetlinkLinkChange(testSock, data.ifindex, "vnet10", NULL, 0, 0, NULL, true) < 0)
        goto cleanup;
    /* by name, as the daemon asks right after creating a tap */
    if (virNetlinkLinkGetInfo(testSock, 0, "vnet10", &info) != 1 ||
        !info.tun.present || info.tun.numQueues != 4 || info.tun.persist ||
        !info.tun.hasOwner || info.tun.owner != geteuid() || info.tun.hasGroup ||
        !info.carrier || !info.hasMac) {
        fprintf(stderr, "as created: present %d queues %u persist %d owner %d/%u group %d "
                "carrier %d\n", info.tun.present, info.tun.numQueues, info.tun.persist,
                info.tun.hasOwner, info.tun.owner, info.tun.hasGroup, info.carrier);
        goto cleanup;
    }

    if (testTapIoctl(fds[1], TUNSETPERSIST, 1) != 0 ||
        testTapIoctl(fds[1], TUNSETOWNER, 1000) != 0 ||
        testTapIoctl(fds[1], TUNSETGROUP, 100) != 0 ||
        ioctl(fds[1], TUNSETCARRIER, &carrier) < 0)
        goto cleanup;
    if (virNetlinkLinkGetInfo(testSock, data.ifindex, NULL, &info) != 1 ||
        !info.tun.persist || info.tun.owner != 1000 || !info.tun.hasGroup ||
        info.tun.group != 100 || info.carrier) {
        fprintf(stderr, "after the ioctls: persist %d owner %u group %d/%u carrier %d\n",
                info.tun.persist, info.tun.owner, info.tun.hasGroup, info.tun.group,
                info.carrier);
        goto cleanup;
    }

    /* SIOCSIFHWADDR through the tap's fd is announced */
    while (g_main_context_iteration(NULL, FALSE))
        ;
    data.seen = false;
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(ifr.ifr_hwaddr.sa_data, "\x00\x00\x00\x00\x00\x01", 6);
    if (ioctl(fds[0], SIOCSIFHWADDR, &ifr) < 0 || !testWatchRun(&data)) {
        fprintf(stderr, "no change seen after SIOCSIFHWADDR\n");
        goto cleanup;
    }
    if (virNetlinkLinkGetInfo(testSock, data.ifindex, NULL, &info) != 1 ||
        memcmp(info.mac.addr, "\x00\x00\x00\x00\x00\x01", 6) != 0)
        goto cleanup;
    ret = 0;

 cleanup:
    if (ret < 0 && virGetLastErrorMessage())
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
    if (fds[0] >= 0)
        ioctl(fds[0], TUNSETPERSIST, 0UL);
    for (i = 0; i < G_N_ELEMENTS(fds); i++)
        virFileForceClose(&fds[i]);
    return ret;
}

/**
 * testTapAttachAs:
 * In a child that has dropped to uid 65534 (no capability), tries to
 * attach a queue to the multiqueue tap @ifname by name.  Returns 0 when
 * the kernel let it, else the errno (or -1 when the child failed).
 */
static int
testTapAttachAs(const char *ifname)
{
    pid_t pid = fork();
    int status;

    if (pid < 0)
        return -1;
    if (pid == 0) {
        struct ifreq ifr = { 0 };
        int fd;

        /* opened first: /dev/net/tun is 0666 on most distributions, but
         * not on every host; the kernel's check is at TUNSETIFF */
        if ((fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) < 0)
            _exit(254);
        if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
            _exit(255);
        ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE;
        g_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
        _exit(ioctl(fd, TUNSETIFF, &ifr) < 0 ? errno : 0);
    }
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) >= 254) {
        fprintf(stderr, "the child failed: status 0x%x\n", status);
        return -1;
    }
    return WEXITSTATUS(status);
}

/**
 * testTapOwned:
 * Another user attaches a queue by name to a multiqueue tap created
 * without an owner, and is refused one created OWNED.
 */
static int
testTapOwned(const void *opaque G_GNUC_UNUSED)
{
    int open4[4] = { -1, -1, -1, -1 };
    int owned4[4] = { -1, -1, -1, -1 };
    int ret = -1;
    int rc;
    size_t i;

    if (virNetDevTapCreate("vnet11", 4, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, open4) != 0 ||
        virNetDevTapCreate("vnet12", 4, VIR_NETDEV_TAP_CREATE_EXCLUSIVE |
                           VIR_NETDEV_TAP_CREATE_OWNED, owned4) != 0)
        goto cleanup;
    if ((rc = testTapAttachAs("vnet11")) != 0) {
        fprintf(stderr, "control: attaching to an ownerless tap gave %d\n", rc);
        goto cleanup;
    }
    if ((rc = testTapAttachAs("vnet12")) != EPERM) {
        fprintf(stderr, "attaching to an owned tap gave %d, expected EPERM\n", rc);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    for (i = 0; i < 4; i++) {
        virFileForceClose(&open4[i]);
        virFileForceClose(&owned4[i]);
    }
    return ret;
}

/**
 * testBridgePin:
 * A bridge whose address was pinned keeps it, and its STP bridge id,
 * when a port with a lower MAC joins; an unpinned one takes the port's.
 */
static int
testBridgePin(const void *opaque G_GNUC_UNUSED)
{
    static const virMacAddr low = { { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 } };
    const char *bridges[] = { "brfollow", "brpinned" };
    const char *taps[] = { "vnet13", "vnet14" };
    VIR_AUTOCLOSE fd0 = -1;
    VIR_AUTOCLOSE fd1 = -1;
    int *fds[] = { &fd0, &fd1 };
    size_t i;

    for (i = 0; i < 2; i++) {
        virNetlinkLinkInfo before;
        virNetlinkLinkInfo after;
        virNetDevBridgeInfo br;
        int ifindex;
        bool kept;

        if (rtnl_link_bridge_add(testSock, bridges[i]) < 0 ||
            virNetDevBridgeGetInfo(testSock, bridges[i], &br) != 1 ||
            virNetlinkLinkGetInfo(testSock, br.ifindex, NULL, &before) != 1)
            return -1;
        if (i == 1 && virNetDevBridgePinAddress(testSock, bridges[i], br.ifindex) < 0)
            return -1;
        if (virNetDevTapCreate(taps[i], 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, fds[i]) != 0 ||
            (ifindex = if_nametoindex(taps[i])) == 0 ||
            virNetDevBridgeAddPort(testSock, bridges[i], br.ifindex, taps[i], ifindex,
                                   &low, 0) < 0 ||
            virNetlinkLinkGetInfo(testSock, br.ifindex, NULL, &after) != 1)
            return -1;
        kept = virMacAddrEqual(&before.mac, &after.mac);
        if (kept != (i == 1)) {
            fprintf(stderr, "%s: MAC %s\n", bridges[i], kept ? "kept" : "changed");
            return -1;
        }
        /* and the STP bridge id is the bridge's address, not zero */
        if (!after.hasBridgeId || !virMacAddrEqual(&after.bridgeIdAddr, &after.mac)) {
            fprintf(stderr, "%s: the bridge id is not its address\n", bridges[i]);
            return -1;
        }
    }
    return 0;
}

static int
mymain(void)
{
    static const testBridgeCase bridges[] = {
        { "br0", 1, NULL },
        { "nosuch0", 0, NULL },
        { "ve0", -1, "invalid argument: interface 've0' is not a bridge" },
        { "lo", -1, "invalid argument: interface 'lo' is not a bridge" },
    };
    static const testTapCase taps[] = {
        { "vnet0", 1, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, 0 },
        { "vnet1", 4, VIR_NETDEV_TAP_CREATE_EXCLUSIVE, 0 },
        { "vnet2", 16, VIR_NETDEV_TAP_CREATE_EXCLUSIVE | VIR_NETDEV_TAP_CREATE_VNET_HDR, 0 },
        { "vnet3", 1, 0, 0 },
        { "vnet4", 17, 0, -1 },
        { "vnet4", 0, 0, -1 },
        { "vnet%d", 1, 0, -1 },
        { "../vnet", 1, 0, -1 },
        { "vnet0123456789ab", 1, 0, -1 },
    };
    int ret = 0;
    size_t i;

    if (geteuid() != 0) {
        printf("SKIP: needs root (creates devices in a private network namespace)\n");
        return EXIT_AM_SKIP;
    }
    if (unshare(CLONE_NEWNET) < 0) {
        printf("SKIP: cannot create a network namespace: %s\n", g_strerror(errno));
        return EXIT_AM_SKIP;
    }
    if (!(testSock = virNetlinkSocketNew()) ||
        rtnl_link_bridge_add(testSock, "br0") < 0 ||
        rtnl_link_veth_add(testSock, "ve0", "ve1", getpid()) < 0) {
        printf("cannot set up the namespace: %s\n", virGetLastErrorMessage());
        return -1;
    }

    for (i = 0; i < G_N_ELEMENTS(bridges); i++) {
        g_autofree char *title = g_strdup_printf("bridge info: %s", bridges[i].brname);

        if (virTestRun(title, testBridgeOne, &bridges[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(taps); i++) {
        g_autofree char *title = g_strdup_printf("tap: %s, %u queue(s), flags %u",
                                                 taps[i].ifname, taps[i].queues, taps[i].flags);

        if (virTestRun(title, testTapOne, &taps[i]) < 0)
            ret = -1;
    }
    if (virTestRun("tap: a taken name is skipped, never attached to", testTapTaken, NULL) < 0 ||
        virTestRun("bridge: MAC, MTU, master and up in one request", testAddPort, NULL) < 0 ||
        virTestRun("bridge: the port gets no IPv6 address", testAddPortNoIPv6, NULL) < 0 ||
        virTestRun("bridge: deleted after its lookup", testAddPortGone, NULL) < 0 ||
        virTestRun("watch: removals, revocation, not bridge releases", testWatch, NULL) < 0 ||
        virTestRun("tap: what a fd holder changes, as the kernel reports it", testTunInfo, NULL) < 0 ||
        virTestRun("tap: an owned tap refuses other users by name", testTapOwned, NULL) < 0 ||
        virTestRun("bridge: a pinned address does not follow a port's", testBridgePin, NULL) < 0)
        ret = -1;

    virNetlinkSocketFree(testSock);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
