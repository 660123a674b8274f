/*
 * virnetdevbandwidth.c: bandwidth limits of a port (traffic control over
 * rtnetlink, libnl-route)
 *
 * Theory of operation
 *
 * Traffic control shapes what a device sends (its egress); what a device
 * receives can only be policed or redirected.  A guest's two directions
 * map to a port's device as follows:
 *
 *                      tap                 macvtap
 *   <inbound>  (to)    egress of the tap   ingress of the macvtap
 *   <outbound> (from)  ingress of the tap  egress of the macvtap
 *
 * The egress direction gets upstream libvirt's shaper: an htb root qdisc
 * "1:" whose default class "1:1" has rate = average, ceil = peak and
 * burst = burst.  (Upstream puts an sfq leaf under it, which this kernel
 * does not have; the class's default FIFO is used.)
 *
 * Upstream polices the ingress direction with act_police, which this
 * kernel does not have.  Here the device's ingress qdisc redirects every
 * frame (u32 match-all, mirred egress redirect, stolen) to an ifb device
 * of the port's own, whose egress has the same htb shaper.  So both
 * directions are shaped by one mechanism with one meaning of average,
 * peak and burst, and the excess is queued (then dropped when the ifb's
 * queue is full) rather than dropped at once, which TCP in the guest
 * copes with better than with a policer.  The alternative, an nftables
 * "limit rate over" rule on the netdev ingress hook, was measured as
 * well (docs/internals-portctl.txt); it is a policer, cannot express a
 * peak, and its netdev chains are matched by device name, so a chain
 * left behind would apply to the next link that takes the name.
 *
 * The ifb device is a link of its own: it does not go when the port's
 * device goes.  The caller names it and removes it with
 * virNetDevBandwidthClear() (which is safe to call after the port's
 * device is gone).  Qdiscs and filters on the port's device go with it.
 *
 * floor (a guaranteed share of a network's uplink) needs a class
 * hierarchy on a network's bridge that every port of the network joins;
 * it is not a property of one device, and is refused here.
 */
#include "virnetdevbandwidth.h"

#include <errno.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/tc_act/tc_mirred.h>
#include <netlink/route/link.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/class.h>
#include <netlink/route/classifier.h>
#include <netlink/route/action.h>
#include <netlink/route/qdisc/htb.h>
#include <netlink/route/cls/u32.h>
#include <netlink/route/act/mirred.h>

#include "virerror.h"
#include "virnetdevname.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

#define VIR_NETDEV_BANDWIDTH_ROOT TC_HANDLE(1, 0)
#define VIR_NETDEV_BANDWIDTH_CLASS TC_HANDLE(1, 1)
#define VIR_NETDEV_BANDWIDTH_INGRESS TC_HANDLE(0xffff, 0)

/* htb's quantum: the rate over its default r2q of 10, kept within the
 * range the kernel accepts without a warning and at least one frame. */
#define VIR_NETDEV_BANDWIDTH_QUANTUM_MIN 1600
#define VIR_NETDEV_BANDWIDTH_QUANTUM_MAX 200000

/**
 * virNetDevBandwidthReport:
 * Reports a failed traffic control step @what on @ifname with libnl's
 * error @err.  Returns -1.
 */
static int
virNetDevBandwidthReport(const char *what, const char *ifname, int err)
{
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("cannot set bandwidth on '%1$s' (%2$s): %3$s"),
                   ifname, what, nl_geterror(err));
    return -1;
}

/**
 * virNetDevBandwidthTcInit:
 * Points the traffic control object @tc at the link @info, so libnl
 * builds its rate tables for the link's MTU.
 */
static void
virNetDevBandwidthTcInit(struct rtnl_tc *tc, const virNetlinkLinkInfo *info)
{
    rtnl_tc_set_ifindex(tc, info->ifindex);
    rtnl_tc_set_mtu(tc, info->mtu > 0 ? info->mtu : 1500);
    rtnl_tc_set_linktype(tc, ARPHRD_ETHER);
}

/**
 * virNetDevBandwidthShape:
 * @sk: a request socket
 * @info: the link whose egress is shaped
 * @r: a checked rate with an average
 *
 * Adds the htb root qdisc 1: (default class 1:1) and the class 1:1 with
 * @r.  Returns 0, or -1 with an error reported.
 */
static int
virNetDevBandwidthShape(virNetlinkSocket *sk, const virNetlinkLinkInfo *info,
                        const virNetDevBandwidthRate *r)
{
    struct rtnl_qdisc *qdisc = rtnl_qdisc_alloc();
    struct rtnl_class *cls = rtnl_class_alloc();
    guint64 rate = r->average * 1000;
    guint64 ceil = (r->peak > 0 ? r->peak : r->average) * 1000;
    int ret = -1;
    int err = -NLE_NOMEM;

    if (!qdisc || !cls)
        goto cleanup;
    virNetDevBandwidthTcInit(TC_CAST(qdisc), info);
    rtnl_tc_set_parent(TC_CAST(qdisc), TC_H_ROOT);
    rtnl_tc_set_handle(TC_CAST(qdisc), VIR_NETDEV_BANDWIDTH_ROOT);
    if ((err = rtnl_tc_set_kind(TC_CAST(qdisc), "htb")) < 0 ||
        (err = rtnl_htb_set_defcls(qdisc, VIR_NETDEV_BANDWIDTH_CLASS)) < 0 ||
        (err = rtnl_qdisc_add(sk, qdisc, NLM_F_CREATE | NLM_F_EXCL)) < 0) {
        ret = virNetDevBandwidthReport("htb qdisc", info->ifname, err);
        goto cleanup;
    }

    virNetDevBandwidthTcInit(TC_CAST(cls), info);
    rtnl_tc_set_parent(TC_CAST(cls), VIR_NETDEV_BANDWIDTH_ROOT);
    rtnl_tc_set_handle(TC_CAST(cls), VIR_NETDEV_BANDWIDTH_CLASS);
    if ((err = rtnl_tc_set_kind(TC_CAST(cls), "htb")) < 0 ||
        (err = rtnl_htb_set_rate64(cls, rate)) < 0 ||
        (err = rtnl_htb_set_ceil64(cls, ceil)) < 0 ||
        (err = rtnl_htb_set_quantum(cls, CLAMP(rate / 10, VIR_NETDEV_BANDWIDTH_QUANTUM_MIN,
                                               VIR_NETDEV_BANDWIDTH_QUANTUM_MAX))) < 0 ||
        (r->burst > 0 && (err = rtnl_htb_set_rbuffer(cls, r->burst * 1024)) < 0) ||
        (r->burst > 0 && (err = rtnl_htb_set_cbuffer(cls, r->burst * 1024)) < 0) ||
        (err = rtnl_class_add(sk, cls, NLM_F_CREATE | NLM_F_EXCL)) < 0) {
        ret = virNetDevBandwidthReport("htb class", info->ifname, err);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    if (err == -NLE_NOMEM && ret < 0 && !virGetLastError())
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", _("out of memory"));
    if (qdisc)
        rtnl_qdisc_put(qdisc);
    if (cls)
        rtnl_class_put(cls);
    return ret;
}

/**
 * virNetDevBandwidthIfbCreate:
 * @sk: a request socket
 * @name: the ifb device (caller's choice, checked)
 * @info: filled with the new device
 *
 * Creates the ifb device exclusively (an existing link of that name is
 * never taken over) and brings it up without IPv6 addresses of its own.
 * Returns 0, or -1 with an error reported.
 */
static int
virNetDevBandwidthIfbCreate(virNetlinkSocket *sk, const char *name,
                            virNetlinkLinkInfo *info)
{
    struct rtnl_link *link = rtnl_link_alloc();
    int err = -NLE_NOMEM;

    if (link) {
        rtnl_link_set_name(link, name);
        if ((err = rtnl_link_set_type(link, "ifb")) == 0)
            err = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
        rtnl_link_put(link);
    }
    if (virNetlinkLinkCreated(sk, err, "ifb", name, info) < 0)
        return -1;
    virNetlinkLinkNoIPv6Addresses(sk, info->ifindex);
    return virNetlinkLinkChange(sk, info->ifindex, name, NULL, 0, 0, NULL, true);
}

/**
 * virNetDevBandwidthRedirect:
 * @sk: a request socket
 * @info: the port's device
 * @ifbIndex: the ifb device
 *
 * Adds the ingress qdisc to the port's device and a match-all u32 filter
 * whose mirred action moves every received frame to the ifb device's
 * egress.  Returns 0, or -1 with an error reported.
 */
static int
virNetDevBandwidthRedirect(virNetlinkSocket *sk, const virNetlinkLinkInfo *info,
                           int ifbIndex)
{
    struct rtnl_qdisc *qdisc = rtnl_qdisc_alloc();
    struct rtnl_cls *cls = rtnl_cls_alloc();
    struct rtnl_act *act = rtnl_act_alloc();
    int ret = -1;
    int err = -NLE_NOMEM;

    if (!qdisc || !cls || !act) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", _("out of memory"));
        goto cleanup;
    }
    virNetDevBandwidthTcInit(TC_CAST(qdisc), info);
    rtnl_tc_set_parent(TC_CAST(qdisc), TC_H_INGRESS);
    rtnl_tc_set_handle(TC_CAST(qdisc), VIR_NETDEV_BANDWIDTH_INGRESS);
    if ((err = rtnl_tc_set_kind(TC_CAST(qdisc), "ingress")) < 0 ||
        (err = rtnl_qdisc_add(sk, qdisc, NLM_F_CREATE | NLM_F_EXCL)) < 0) {
        ret = virNetDevBandwidthReport("ingress qdisc", info->ifname, err);
        goto cleanup;
    }

    if ((err = rtnl_tc_set_kind(TC_CAST(act), "mirred")) < 0 ||
        (err = rtnl_mirred_set_action(act, TCA_EGRESS_REDIR)) < 0 ||
        (err = rtnl_mirred_set_policy(act, TC_ACT_STOLEN)) < 0 ||
        (err = rtnl_mirred_set_ifindex(act, ifbIndex)) < 0) {
        ret = virNetDevBandwidthReport("mirred action", info->ifname, err);
        goto cleanup;
    }
    virNetDevBandwidthTcInit(TC_CAST(cls), info);
    rtnl_tc_set_parent(TC_CAST(cls), VIR_NETDEV_BANDWIDTH_INGRESS);
    rtnl_cls_set_protocol(cls, ETH_P_ALL);
    rtnl_cls_set_prio(cls, 1);
    if ((err = rtnl_tc_set_kind(TC_CAST(cls), "u32")) < 0 ||
        (err = rtnl_u32_add_key_uint32(cls, 0, 0, 0, 0)) < 0 ||
        (err = rtnl_u32_set_cls_terminal(cls)) < 0 ||
        (err = rtnl_u32_add_action(cls, act)) < 0 ||
        (err = rtnl_cls_add(sk, cls, NLM_F_CREATE | NLM_F_EXCL)) < 0) {
        ret = virNetDevBandwidthReport("redirect filter", info->ifname, err);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    if (act)
        rtnl_act_put(act);
    if (cls)
        rtnl_cls_put(cls);
    if (qdisc)
        rtnl_qdisc_put(qdisc);
    return ret;
}

/**
 * virNetDevBandwidthSetIngress:
 * Shapes what @info receives through the ifb device @ifbName.
 * Returns 0, or -1 with an error reported.
 */
static int
virNetDevBandwidthSetIngress(virNetlinkSocket *sk, const virNetlinkLinkInfo *info,
                             const char *ifbName, const virNetDevBandwidthRate *r)
{
    virNetlinkLinkInfo ifb;

    if (virNetDevBandwidthIfbCreate(sk, ifbName, &ifb) < 0 ||
        virNetDevBandwidthShape(sk, &ifb, r) < 0 ||
        virNetDevBandwidthRedirect(sk, info, ifb.ifindex) < 0)
        return -1;
    return 0;
}

/**
 * virNetDevBandwidthSet:
 * @sk: a request socket
 * @ifname: the port's device (a tap or a macvtap)
 * @device: which way @ifname faces the guest
 * @ifbName: the ifb device to create when the guest's received direction
 *           of the device (ingress) has a limit; may be NULL otherwise
 * @bw: the limits (checked with virNetDevBandwidthCheck)
 *
 * Replaces whatever limits the port had with @bw: first everything of
 * virNetDevBandwidthClear(), then the shapers the theory of operation
 * describes.  A direction whose average is 0 is not limited.  On failure
 * nothing is left behind.  Returns 0, or -1 with an error reported.
 */
int
virNetDevBandwidthSet(virNetlinkSocket *sk, const char *ifname,
                      virNetDevBandwidthDevice device, const char *ifbName,
                      const virNetDevBandwidth *bw)
{
    const virNetDevBandwidthRate *egress = &bw->inbound;
    const virNetDevBandwidthRate *ingress = &bw->outbound;
    virNetlinkLinkInfo info;
    int rc;

    if (!virNetDevNameIsValid(ifname)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("invalid interface name for bandwidth"));
        return -1;
    }
    if (virNetDevBandwidthCheck(bw) < 0)
        return -1;
    if (device == VIR_NETDEV_BANDWIDTH_DEVICE_MACVTAP) {
        egress = &bw->outbound;
        ingress = &bw->inbound;
    }
    if ((ingress->average > 0 || ifbName) &&
        (!ifbName || !virNetDevNameIsValid(ifbName) || strcmp(ifbName, ifname) == 0)) {
        g_autofree char *shown = g_strescape(ifbName ? ifbName : "", NULL);

        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid ifb device name '%1$s' for '%2$s'"), shown, ifname);
        return -1;
    }
    if ((rc = virNetlinkLinkGetInfo(sk, 0, ifname, &info)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("cannot set bandwidth: interface '%1$s' does not exist"), ifname);
        return -1;
    }
    if (virNetDevBandwidthClear(sk, ifname, ifbName) < 0)
        return -1;
    if ((egress->average > 0 && virNetDevBandwidthShape(sk, &info, egress) < 0) ||
        (ingress->average > 0 &&
         virNetDevBandwidthSetIngress(sk, &info, ifbName, ingress) < 0)) {
        virError *saved = NULL;

        virErrorPreserveLast(&saved);
        virNetDevBandwidthClear(sk, ifname, ifbName);
        virErrorRestore(&saved);
        return -1;
    }
    return 0;
}

/**
 * virNetDevBandwidthQdiscDelete:
 * Deletes the qdisc @parent of @ifindex (with its classes and filters);
 * a missing one is fine.  Returns 0, or -1 with an error reported.
 */
static int
virNetDevBandwidthQdiscDelete(virNetlinkSocket *sk, int ifindex, const char *ifname,
                              uint32_t parent)
{
    struct rtnl_qdisc *qdisc = rtnl_qdisc_alloc();
    int err;

    if (!qdisc) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", _("out of memory"));
        return -1;
    }
    rtnl_tc_set_ifindex(TC_CAST(qdisc), ifindex);
    rtnl_tc_set_parent(TC_CAST(qdisc), parent);
    err = rtnl_qdisc_delete(sk, qdisc);
    rtnl_qdisc_put(qdisc);
    /* the kernel says ENOENT (or EINVAL for a default root) when there
     * is nothing of ours to delete */
    if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_INVAL && err != -NLE_NODEV) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot remove bandwidth limits of '%1$s': %2$s"),
                       ifname, nl_geterror(err));
        return -1;
    }
    return 0;
}

/**
 * virNetDevBandwidthClear:
 * @sk: a request socket
 * @ifname: the port's device; it may be gone already
 * @ifbName: the port's ifb device, or NULL when it never had one
 *
 * Removes the port's root and ingress qdiscs (with their classes and
 * filters) and deletes the ifb device (only if it is an ifb).  Missing
 * pieces are not errors, so this is also the cleanup after the port's
 * device went away.  Returns 0, or -1 with an error reported.
 */
int
virNetDevBandwidthClear(virNetlinkSocket *sk, const char *ifname, const char *ifbName)
{
    virNetlinkLinkInfo info;
    int rc;

    if (!virNetDevNameIsValid(ifname) || (ifbName && !virNetDevNameIsValid(ifbName))) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("invalid interface name for bandwidth"));
        return -1;
    }
    if ((rc = virNetlinkLinkGetInfo(sk, 0, ifname, &info)) < 0)
        return -1;
    if (rc == 1 &&
        (virNetDevBandwidthQdiscDelete(sk, info.ifindex, ifname, TC_H_ROOT) < 0 ||
         virNetDevBandwidthQdiscDelete(sk, info.ifindex, ifname, TC_H_INGRESS) < 0))
        return -1;
    if (!ifbName)
        return 0;
    if ((rc = virNetlinkLinkGetInfo(sk, 0, ifbName, &info)) <= 0)
        return rc;
    if (strcmp(info.kind, "ifb") != 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("interface '%1$s' is not an ifb device"), ifbName);
        return -1;
    }
    return virNetlinkLinkDelete(sk, info.ifindex, ifbName);
}
