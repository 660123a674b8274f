/*
 * virnetdevmacvlan.c: macvtap links over a host interface (rtnetlink,
 * libnl-route) and their /dev/tapN queues
 *
 * Theory of operation
 *
 * A macvtap is a link of its own on top of a host interface (the "lower
 * device"): frames for its MAC are handed to whoever reads its character
 * device /dev/tapN (N = the link's ifindex, created by devtmpfs), and
 * what is written there leaves through the lower device.  Unlike a tap,
 * the link outlives every open fd: the caller deletes it.
 *
 * Only a plain Ethernet device may be a lower device: not loopback, not
 * a tap (no wire behind it), not a bridge or a bridge port (a macvtap on
 * a port would see the bridge's frames before the bridge does, beside
 * the bridge's own filtering), not another macvlan/macvtap.
 *
 * /dev/tapN is one name for every network namespace while N is an
 * ifindex of one namespace: the node found there may belong to a link of
 * another namespace that happens to have the same ifindex (devtmpfs
 * keeps the first device's node).  Every queue fd is therefore checked
 * against the device number sysfs gives for this link before it is
 * handed out, and virNetDevMacvtapCreateOpen() makes a new link (with a
 * new ifindex) when the node is not ours.
 */
#include "virnetdevmacvlan.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvtap.h>

#include "virerror.h"
#include "virfile.h"
#include "virnetdevname.h"
#include "virnetdevtap.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

VIR_ENUM_IMPL(virNetDevMacvlanMode, VIR_NETDEV_MACVLAN_MODE_LAST,
              "bridge", "vepa", "private", "passthrough");

/* Link kinds that have an Ethernet link type but no wire of their own, or
 * that would put the macvtap in front of another device's forwarding. */
static const char *const virNetDevMacvtapRefusedKinds[] = {
    "bridge", "tun", "macvtap", "macvlan", "ipvlan", "ipvtap", "ifb", "openvswitch",
};

/**
 * virNetDevMacvlanModeToKernel:
 * The kernel's MACVLAN_MODE_* for @mode.
 */
static unsigned int
virNetDevMacvlanModeToKernel(virNetDevMacvlanMode mode)
{
    switch (mode) {
    case VIR_NETDEV_MACVLAN_MODE_BRIDGE:
        return MACVLAN_MODE_BRIDGE;
    case VIR_NETDEV_MACVLAN_MODE_VEPA:
        return MACVLAN_MODE_VEPA;
    case VIR_NETDEV_MACVLAN_MODE_PRIVATE:
        return MACVLAN_MODE_PRIVATE;
    case VIR_NETDEV_MACVLAN_MODE_PASSTHROUGH:
        return MACVLAN_MODE_PASSTHRU;
    case VIR_NETDEV_MACVLAN_MODE_LAST:
        break;
    }
    return 0;
}

/**
 * virNetDevMacvtapLowerCheck:
 * @sk: a request socket
 * @lower: the host interface's name (already checked by virNetDevNameIsValid)
 * @ifindex: set to its ifindex
 *
 * Refuses a lower device that does not exist, is not Ethernet, has no
 * wire of its own, or is a bridge port or other device's slave.
 * Returns 0, or -1 with an error reported (VIR_ERR_INVALID_ARG).
 */
static int
virNetDevMacvtapLowerCheck(virNetlinkSocket *sk, const char *lower, int *ifindex)
{
    virNetlinkLinkInfo info;
    size_t i;
    int rc;

    if ((rc = virNetlinkLinkGetInfo(sk, 0, lower, &info)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("host interface '%1$s' does not exist"), lower);
        return -1;
    }
    if (info.arptype != ARPHRD_ETHER) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("host interface '%1$s' is not an Ethernet device"), lower);
        return -1;
    }
    for (i = 0; i < G_N_ELEMENTS(virNetDevMacvtapRefusedKinds); i++) {
        if (strcmp(info.kind, virNetDevMacvtapRefusedKinds[i]) == 0) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("host interface '%1$s' is a %2$s device, not a physical Ethernet device"),
                           lower, info.kind);
            return -1;
        }
    }
    if (info.master > 0) {
        virNetlinkLinkInfo master;
        const char *mname = "?";

        if (virNetlinkLinkGetInfo(sk, info.master, NULL, &master) == 1)
            mname = master.ifname;
        virReportError(VIR_ERR_INVALID_ARG,
                       _("host interface '%1$s' is a port of '%2$s'"), lower, mname);
        return -1;
    }
    *ifindex = info.ifindex;
    return 0;
}

/**
 * virNetDevMacvtapCreateLink:
 * Sends the RTM_NEWLINK (NLM_F_EXCL) for @cfg over lower device
 * @lowerIndex, up.  Returns libnl's 0 or negative error.
 */
static int
virNetDevMacvtapCreateLink(virNetlinkSocket *sk, const virNetDevMacvtapConfig *cfg,
                           int lowerIndex)
{
    struct rtnl_link *link = rtnl_link_macvtap_alloc();
    struct nl_addr *addr = nl_addr_build(AF_LLC, cfg->mac->addr, VIR_MAC_BUFLEN);
    int err = -NLE_NOMEM;

    if (link && addr) {
        rtnl_link_set_name(link, cfg->name);
        rtnl_link_set_link(link, lowerIndex);
        rtnl_link_set_addr(link, addr);
        rtnl_link_set_flags(link, IFF_UP);
        if ((err = rtnl_link_macvtap_set_mode(link, virNetDevMacvlanModeToKernel(cfg->mode))) == 0)
            err = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
    }
    if (addr)
        nl_addr_put(addr);
    if (link)
        rtnl_link_put(link);
    return err;
}

/**
 * virNetDevMacvtapCreate:
 * @sk: a request socket
 * @cfg: name, lower device, mode and MAC of the new link
 * @ifindex: set to the new link's ifindex
 *
 * Creates a macvtap link, up, in one exclusive request: a link that
 * already has the name is never taken over.  The lower device is checked
 * first (virNetDevMacvtapLowerCheck).  The link persists until
 * virNetDevMacvtapDelete(), whatever happens to the fds opened on it.
 *
 * In passthrough mode the guest's MAC becomes the lower device's MAC too
 * (the kernel keeps the two equal, as upstream libvirt relies on): the
 * caller records the lower device's MAC before (virNetlinkLinkGetInfo)
 * and puts it back after virNetDevMacvtapDelete (virNetlinkLinkChange).
 * Returns 0, or -1 with an error reported (VIR_ERR_INVALID_ARG for a bad
 * request or lower device, VIR_ERR_OPERATION_INVALID when the name is
 * taken).
 */
int
virNetDevMacvtapCreate(virNetlinkSocket *sk, const virNetDevMacvtapConfig *cfg,
                       int *ifindex)
{
    virNetlinkLinkInfo info;
    int lowerIndex;
    int err;

    if (!virNetDevNameIsValid(cfg->name) || !virNetDevNameIsValid(cfg->lower) ||
        (unsigned int)cfg->mode >= VIR_NETDEV_MACVLAN_MODE_LAST ||
        !cfg->mac || !virMacAddrIsUnicast(cfg->mac) || virMacAddrIsZero(cfg->mac)) {
        g_autofree char *name = g_strescape(cfg->name ? cfg->name : "", NULL);
        g_autofree char *lower = g_strescape(cfg->lower ? cfg->lower : "", NULL);

        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid macvtap '%1$s' on '%2$s' (mode %3$d, a unicast MAC is needed)"),
                       name, lower, (int)cfg->mode);
        return -1;
    }
    if (virNetDevMacvtapLowerCheck(sk, cfg->lower, &lowerIndex) < 0)
        return -1;

    err = virNetDevMacvtapCreateLink(sk, cfg, lowerIndex);
    if (virNetlinkLinkCreated(sk, err, "macvtap", cfg->name, &info) < 0)
        return -1;
    /* In passthrough mode the kernel gives the link the lower device's
     * MAC whatever the request said; setting it afterwards sets the
     * lower device's MAC as well (the caller restores that one). */
    if (cfg->mode == VIR_NETDEV_MACVLAN_MODE_PASSTHROUGH &&
        !virMacAddrEqual(&info.mac, cfg->mac) &&
        virNetlinkLinkChange(sk, info.ifindex, cfg->name, cfg->mac, 0, 0, NULL, false) < 0) {
        virError *saved = NULL;

        virErrorPreserveLast(&saved);
        virNetlinkLinkDelete(sk, info.ifindex, cfg->name);
        virErrorRestore(&saved);
        return -1;
    }
    *ifindex = info.ifindex;
    return 0;
}

/**
 * virNetDevMacvtapDelete:
 * @sk: a request socket
 * @name: the macvtap link
 *
 * Deletes @name if it is a macvtap; any other kind of link is refused,
 * so a port can never delete a host interface that took its name.  A
 * missing link is not an error.  Open queue fds stop working.
 * Returns 0, or -1 with an error reported.
 */
int
virNetDevMacvtapDelete(virNetlinkSocket *sk, const char *name)
{
    virNetlinkLinkInfo info;
    int rc;

    if (!virNetDevNameIsValid(name)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("invalid macvtap name"));
        return -1;
    }
    if ((rc = virNetlinkLinkGetInfo(sk, 0, name, &info)) <= 0)
        return rc;
    if (strcmp(info.kind, "macvtap") != 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("interface '%1$s' is not a macvtap"), name);
        return -1;
    }
    return virNetlinkLinkDelete(sk, info.ifindex, name);
}

/* How often virNetDevMacvtapCreateOpen makes a new link when /dev/tapN
 * is another namespace's: each new link has a new ifindex. */
#define VIR_NETDEV_MACVTAP_CREATE_TRIES 8

/**
 * virNetDevMacvtapCreateOpen:
 * @sk: a request socket
 * @cfg: the link (see virNetDevMacvtapCreate)
 * @queues, @flags, @fds: see virNetDevMacvtapOpen
 * @ifindex: set to the link's ifindex
 *
 * Creates the link and opens its queues.  When its /dev/tapN belongs to
 * another namespace's link (virNetDevMacvtapOpen returned 1), deletes it
 * and creates it again: the kernel hands out ifindexes in turn, so the
 * next link has another number.  Returns 0, or -1 with an error reported
 * and no link or fd left.
 */
int
virNetDevMacvtapCreateOpen(virNetlinkSocket *sk, const virNetDevMacvtapConfig *cfg,
                           unsigned int queues, unsigned int flags, int *fds, int *ifindex)
{
    size_t i;

    for (i = 0; i < VIR_NETDEV_MACVTAP_CREATE_TRIES; i++) {
        int rc;

        if (virNetDevMacvtapCreate(sk, cfg, ifindex) < 0)
            return -1;
        if ((rc = virNetDevMacvtapOpen(cfg->name, *ifindex, queues, flags, fds)) == 0)
            return 0;
        if (rc < 0) {
            virError *saved = NULL;

            virErrorPreserveLast(&saved);
            virNetDevMacvtapDelete(sk, cfg->name);
            virErrorRestore(&saved);
            return -1;
        }
        if (virNetDevMacvtapDelete(sk, cfg->name) < 0)
            return -1;
    }
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("cannot open macvtap '%1$s': /dev/tapN of %2$zu new links belonged to other network namespaces"),
                   cfg->name, i);
    return -1;
}
