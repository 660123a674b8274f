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
 * copes with better than with a policer.  (libvirt-networkd polices
 * that direction instead where upstream's policer means the request:
 * a tap on a Linux bridge, an <outbound> without a peak.  Its policer
 * is a limit object of the daemon's bridge table, src/util/virnwfilter.c;
 * virNetDevBandwidthPolice says when.)
 *
 * The ifb device is a link of its own: it does not go when the port's
 * device goes.  The caller names it and removes it with
 * virNetDevBandwidthClear() (which is safe to call after the port's
 * device is gone).  Qdiscs and filters on the port's device go with it.
 *
 * What it costs a new port: creating a link registers it with sysfs and
 * the notifiers (~80 µs here, more with rtnl_lock contended), and a
 * qdisc grafted onto a device that is up (root or ingress) waits for an
 * RCU grace period, which on a loaded virtual machine can take hundreds
 * of µs.  So virNetDevBandwidthSetNew takes an ifb made ahead of time
 * (virNetDevBandwidthIfbPrepare: its root qdisc grafted while it was
 * down, then up) and only adds its class; the caller best applies the
 * limits before it brings the port's device up; and every request after
 * the look-ups goes in one sendmsg() (virNetlinkSendBatch).  (The
 * redirect filter still waits for one grace period since its ingress
 * qdisc was made: a filter is the first of its chain only once.)  A
 * port's ifb becomes a spare again when its class goes
 * (virNetDevBandwidthIfbReset).
 *
 * floor (a guaranteed share of what a network receives) is not a
 * property of one device: it is a class of the network's bridge.  The
 * virNetDevBandwidthTree* functions keep upstream's tree there: an htb
 * root 1: whose class 1:1 has the network's inbound average and peak,
 * class 1:2 under it for the ports without a floor (the default), and a
 * class 1:N per port with a floor, its rate the floor and its ceil the
 * network's peak, reached through a u32 filter on the port's MAC as the
 * destination.  htb lends what a class does not use to its siblings, so
 * a port gets at least its floor while it needs it and up to the
 * network's peak when the others are idle.  (Upstream's filter matches
 * IPv4 only; here every frame to the MAC counts against its class.)
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
#include <netlink/route/qdisc/fifo.h>
#include <netlink/route/qdisc/htb.h>
#include <netlink/route/cls/u32.h>
#include <netlink/route/act/mirred.h>

#include "virerror.h"
#include "virnetdevname.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

#define VIR_NETDEV_BANDWIDTH_ROOT TC_HANDLE(1, 0)
#define VIR_NETDEV_BANDWIDTH_CLASS TC_HANDLE(1, 1)
#define VIR_NETDEV_BANDWIDTH_INGRESS TC_HANDLE(0xffff, 0)
/* a network's tree: 1:1 the network, 1:2 ports without a floor */
#define VIR_NETDEV_BANDWIDTH_TREE_DEFAULT 2
/* frames a class of a bridge's tree queues */
#define VIR_NETDEV_BANDWIDTH_LEAF_LIMIT 1000

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
 * virNetDevBandwidthClassBuild:
 * @info: the link
 * @parent: the parent qdisc or class
 * @handle: the class
 * @rate, @ceil: bytes/s
 * @burst: KiB (0: the kernel's minimum)
 * @flags: NLM_F_EXCL to create only, 0 to create or change
 * @msg: set to the request (caller sends or frees it)
 *
 * Builds the request that adds (or changes) the htb class @handle.
 * Returns 0, or a libnl error.
 */
static int
virNetDevBandwidthClassBuild(const virNetlinkLinkInfo *info, uint32_t parent, uint32_t handle,
                             guint64 rate, guint64 ceil, unsigned long long burst, int flags,
                             struct nl_msg **msg)
{
    struct rtnl_class *cls = rtnl_class_alloc();
    int err = -NLE_NOMEM;

    if (!cls)
        return err;
    virNetDevBandwidthTcInit(TC_CAST(cls), info);
    rtnl_tc_set_parent(TC_CAST(cls), parent);
    rtnl_tc_set_handle(TC_CAST(cls), handle);
    if ((err = rtnl_tc_set_kind(TC_CAST(cls), "htb")) < 0 ||
        (err = rtnl_htb_set_rate64(cls, rate)) < 0 ||
        (err = rtnl_htb_set_ceil64(cls, ceil)) < 0 ||
        (err = rtnl_htb_set_quantum(cls, CLAMP(rate / 10, VIR_NETDEV_BANDWIDTH_QUANTUM_MIN,
                                               VIR_NETDEV_BANDWIDTH_QUANTUM_MAX))) < 0 ||
        (burst > 0 && (err = rtnl_htb_set_rbuffer(cls, burst * 1024)) < 0) ||
        (burst > 0 && (err = rtnl_htb_set_cbuffer(cls, burst * 1024)) < 0))
        goto cleanup;
    err = rtnl_class_build_add_request(cls, NLM_F_CREATE | flags, msg);
 cleanup:
    rtnl_class_put(cls);
    return err;
}

/**
 * virNetDevBandwidthClassAdd:
 * virNetDevBandwidthClassBuild's request, sent on @sk.  Returns 0, or a
 * libnl error.
 */
static int
virNetDevBandwidthClassAdd(virNetlinkSocket *sk, const virNetlinkLinkInfo *info,
                           uint32_t parent, uint32_t handle, guint64 rate, guint64 ceil,
                           unsigned long long burst, int flags)
{
    struct nl_msg *msg = NULL;
    int err;

    if ((err = virNetDevBandwidthClassBuild(info, parent, handle, rate, ceil, burst, flags,
                                            &msg)) < 0)
        return err;
    return nl_send_sync(sk, msg);
}

/**
 * virNetDevBandwidthRootBuild:
 * Builds the request that adds the htb root qdisc 1: of @info, whose
 * unclassified traffic goes to class 1:@defcls, into @msg (caller sends
 * or frees it).  Returns 0, or a libnl error.
 */
static int
virNetDevBandwidthRootBuild(const virNetlinkLinkInfo *info, unsigned int defcls,
                            struct nl_msg **msg)
{
    struct rtnl_qdisc *qdisc = rtnl_qdisc_alloc();
    int err = -NLE_NOMEM;

    if (!qdisc)
        return err;
    virNetDevBandwidthTcInit(TC_CAST(qdisc), info);
    rtnl_tc_set_parent(TC_CAST(qdisc), TC_H_ROOT);
    rtnl_tc_set_handle(TC_CAST(qdisc), VIR_NETDEV_BANDWIDTH_ROOT);
    if ((err = rtnl_tc_set_kind(TC_CAST(qdisc), "htb")) == 0 &&
        (err = rtnl_htb_set_defcls(qdisc, TC_HANDLE(1, defcls))) == 0)
        err = rtnl_qdisc_build_add_request(qdisc, NLM_F_CREATE | NLM_F_EXCL, msg);
    rtnl_qdisc_put(qdisc);
    return err;
}

/**
 * virNetDevBandwidthRootAdd:
 * virNetDevBandwidthRootBuild's request, sent on @sk.  Returns 0, or a
 * libnl error.
 */
static int
virNetDevBandwidthRootAdd(virNetlinkSocket *sk, const virNetlinkLinkInfo *info,
                          unsigned int defcls)
{
    struct nl_msg *msg = NULL;
    int err;

    if ((err = virNetDevBandwidthRootBuild(info, defcls, &msg)) < 0)
        return err;
    return nl_send_sync(sk, msg);
}

/**
 * virNetDevBandwidthIngressBuild:
 * Builds the request that adds the ingress qdisc to @info into @msg.
 * Returns 0, or a libnl error.
 */
static int
virNetDevBandwidthIngressBuild(const virNetlinkLinkInfo *info, struct nl_msg **msg)
{
    struct rtnl_qdisc *qdisc = rtnl_qdisc_alloc();
    int err = -NLE_NOMEM;

    if (!qdisc)
        return err;
    virNetDevBandwidthTcInit(TC_CAST(qdisc), info);
    rtnl_tc_set_parent(TC_CAST(qdisc), TC_H_INGRESS);
    rtnl_tc_set_handle(TC_CAST(qdisc), VIR_NETDEV_BANDWIDTH_INGRESS);
    if ((err = rtnl_tc_set_kind(TC_CAST(qdisc), "ingress")) == 0)
        err = rtnl_qdisc_build_add_request(qdisc, NLM_F_CREATE | NLM_F_EXCL, msg);
    rtnl_qdisc_put(qdisc);
    return err;
}

/**
 * virNetDevBandwidthRedirectBuild:
 * Builds the request that adds to the ingress qdisc of @info a
 * match-all u32 filter whose mirred action moves every received frame
 * to the egress of @ifbIndex, into @msg.  Returns 0, or a libnl error.
 */
static int
virNetDevBandwidthRedirectBuild(const virNetlinkLinkInfo *info, int ifbIndex,
                                struct nl_msg **msg)
{
    struct rtnl_cls *cls = rtnl_cls_alloc();
    struct rtnl_act *act = rtnl_act_alloc();
    int err = -NLE_NOMEM;

    if (!cls || !act)
        goto cleanup;
    if ((err = rtnl_tc_set_kind(TC_CAST(act), "mirred")) < 0 ||
        (err = rtnl_mirred_set_action(act, TCA_EGRESS_REDIR)) < 0 ||
        (err = rtnl_mirred_set_policy(act, TC_ACT_STOLEN)) < 0 ||
        (err = rtnl_mirred_set_ifindex(act, ifbIndex)) < 0)
        goto cleanup;
    virNetDevBandwidthTcInit(TC_CAST(cls), info);
    rtnl_tc_set_parent(TC_CAST(cls), VIR_NETDEV_BANDWIDTH_INGRESS);
    rtnl_cls_set_protocol(cls, ETH_P_ALL);
    rtnl_cls_set_prio(cls, 1);
    if ((err = rtnl_tc_set_kind(TC_CAST(cls), "u32")) < 0 ||
        (err = rtnl_u32_add_key_uint32(cls, 0, 0, 0, 0)) < 0 ||
        (err = rtnl_u32_set_cls_terminal(cls)) < 0 ||
        (err = rtnl_u32_add_action(cls, act)) < 0)
        goto cleanup;
    err = rtnl_cls_build_add_request(cls, NLM_F_CREATE | NLM_F_EXCL, msg);

 cleanup:
    if (act)
        rtnl_act_put(act);
    if (cls)
        rtnl_cls_put(cls);
    return err;
}

/**
 * virNetDevBandwidthUpBuild:
 * Builds the request that brings @info up into @msg.  Returns 0, or a
 * libnl error.
 */
static int
virNetDevBandwidthUpBuild(const virNetlinkLinkInfo *info, struct nl_msg **msg)
{
    struct rtnl_link *orig = rtnl_link_alloc();
    struct rtnl_link *change = rtnl_link_alloc();
    int err = -NLE_NOMEM;

    if (orig && change) {
        rtnl_link_set_ifindex(orig, info->ifindex);
        rtnl_link_set_flags(change, IFF_UP);
        err = rtnl_link_build_change_request(orig, change, 0, msg);
    }
    if (orig)
        rtnl_link_put(orig);
    if (change)
        rtnl_link_put(change);
    return err;
}

/* Requests sent together (virNetlinkSendBatch), each with what it does
 * and on which link, for the error message. */
#define VIR_NETDEV_BANDWIDTH_BATCH_MAX 8

typedef struct {
    struct nl_msg *msgs[VIR_NETDEV_BANDWIDTH_BATCH_MAX];
    const char *what[VIR_NETDEV_BANDWIDTH_BATCH_MAX];
    const char *ifname[VIR_NETDEV_BANDWIDTH_BATCH_MAX];
    size_t n;
    int err;                    /* the first failure to build one */
    const char *errWhat;
    const char *errIfname;
} virNetDevBandwidthBatch;

/**
 * virNetDevBandwidthBatchAdd:
 * Adds @msg (taken), built with result @err, as step @what on @ifname.
 */
static void
virNetDevBandwidthBatchAdd(virNetDevBandwidthBatch *b, const char *what, const char *ifname,
                           int err, struct nl_msg *msg)
{
    if (err == 0 && b->n == VIR_NETDEV_BANDWIDTH_BATCH_MAX)
        err = -NLE_RANGE;
    if (err < 0) {
        if (msg)
            nlmsg_free(msg);
        if (b->err == 0) {
            b->err = err;
            b->errWhat = what;
            b->errIfname = ifname;
        }
        return;
    }
    b->msgs[b->n] = msg;
    b->what[b->n] = what;
    b->ifname[b->n++] = ifname;
}

/**
 * virNetDevBandwidthBatchShape:
 * Adds the htb root qdisc 1: of @info (default class 1:1, unless @info
 * already has it: @root false) and its class 1:1 with @r.
 */
static void
virNetDevBandwidthBatchShape(virNetDevBandwidthBatch *b, const virNetlinkLinkInfo *info,
                             const virNetDevBandwidthRate *r, bool root)
{
    guint64 rate = r->average * 1000;
    guint64 ceil = (r->peak > 0 ? r->peak : r->average) * 1000;
    struct nl_msg *msg = NULL;
    int err;

    if (root) {
        err = virNetDevBandwidthRootBuild(info, 1, &msg);
        virNetDevBandwidthBatchAdd(b, "htb qdisc", info->ifname, err, g_steal_pointer(&msg));
    }
    err = virNetDevBandwidthClassBuild(info, VIR_NETDEV_BANDWIDTH_ROOT,
                                       VIR_NETDEV_BANDWIDTH_CLASS, rate, ceil, r->burst,
                                       NLM_F_EXCL, &msg);
    virNetDevBandwidthBatchAdd(b, "htb class", info->ifname, err, msg);
}

/**
 * virNetDevBandwidthBatchRun:
 * Sends the requests of @b in one go and frees them.  Returns 0, or -1
 * with the first failure reported.
 */
static int
virNetDevBandwidthBatchRun(virNetlinkSocket *sk, virNetDevBandwidthBatch *b)
{
    size_t failed = 0;
    int err = b->err;
    size_t i;

    if (err == 0 && b->n > 0 && (err = virNetlinkSendBatch(sk, b->msgs, b->n, &failed)) < 0) {
        b->errWhat = b->what[failed];
        b->errIfname = b->ifname[failed];
    }
    for (i = 0; i < b->n; i++)
        nlmsg_free(b->msgs[i]);
    b->n = 0;
    if (err < 0)
        return virNetDevBandwidthReport(b->errWhat, b->errIfname, err);
    return 0;
}

/**
 * virNetDevBandwidthIfbCreate:
 * @sk: a request socket
 * @name: the ifb device (caller's choice, checked)
 * @info: filled with the new device
 *
 * Creates the ifb device exclusively (an existing link of that name is
 * never taken over), without IPv6 addresses of its own, and leaves it
 * down: a root qdisc grafted onto a device that is up waits for the
 * kernel to quiesce the old one (an RCU grace period), which a down
 * device does not need.  Returns 0, or -1 with an error reported.
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
    return 0;
}

/**
 * virNetDevBandwidthIfbPrepare:
 * @sk: a request socket
 * @name: the spare's name (checked; never a link that exists)
 * @ifindex: set to the spare's index
 *
 * Makes a spare ifb device ahead of time, so that a port's limits cost
 * no link creation when the port is made: created exclusively, without
 * IPv6 addresses, with its htb root qdisc 1: (grafted while the device
 * is down) but no class yet, then up.  Nothing is redirected to it until
 * virNetDevBandwidthSetNew() takes it over.  Returns 0, or -1 with an
 * error reported (VIR_ERR_OPERATION_INVALID when the name is taken) and
 * no device left.
 */
int
virNetDevBandwidthIfbPrepare(virNetlinkSocket *sk, const char *name, int *ifindex)
{
    virNetDevBandwidthBatch batch = { 0 };
    virNetlinkLinkInfo ifb;
    struct nl_msg *msg = NULL;
    int err;

    if (!virNetDevNameIsValid(name)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("invalid interface name for bandwidth"));
        return -1;
    }
    if (virNetDevBandwidthIfbCreate(sk, name, &ifb) < 0)
        return -1;
    err = virNetDevBandwidthRootBuild(&ifb, 1, &msg);
    virNetDevBandwidthBatchAdd(&batch, "htb qdisc", ifb.ifname, err, g_steal_pointer(&msg));
    err = virNetDevBandwidthUpBuild(&ifb, &msg);
    virNetDevBandwidthBatchAdd(&batch, "link up", ifb.ifname, err, msg);
    if (virNetDevBandwidthBatchRun(sk, &batch) < 0) {
        virError *saved = NULL;

        virErrorPreserveLast(&saved);
        virNetlinkLinkDelete(sk, ifb.ifindex, name);
        virErrorRestore(&saved);
        return -1;
    }
    *ifindex = ifb.ifindex;
    return 0;
}

/**
 * virNetDevBandwidthIfbReset:
 * @sk: a request socket
 * @ifindex: an ifb device a port had (virNetDevBandwidthSetNew), whose
 *           port's device is gone
 * @name: its name, for messages
 *
 * Takes the port's limits (and what they queued) off the ifb, so that it
 * is a spare again (virNetDevBandwidthIfbPrepare): its class 1:1 is
 * deleted, its root qdisc stays.  Returns 0, or -1 with an error
 * reported (then the device is not a spare: delete it).
 */
int
virNetDevBandwidthIfbReset(virNetlinkSocket *sk, int ifindex, const char *name)
{
    struct rtnl_class *klass = rtnl_class_alloc();
    int err = -NLE_NOMEM;

    if (klass) {
        rtnl_tc_set_ifindex(TC_CAST(klass), ifindex);
        rtnl_tc_set_parent(TC_CAST(klass), VIR_NETDEV_BANDWIDTH_ROOT);
        rtnl_tc_set_handle(TC_CAST(klass), VIR_NETDEV_BANDWIDTH_CLASS);
        err = rtnl_class_delete(sk, klass);
        rtnl_class_put(klass);
    }
    if (err < 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot remove bandwidth limits of '%1$s': %2$s"),
                       name, nl_geterror(err));
        return -1;
    }
    return 0;
}

/**
 * virNetDevBandwidthNeedsIfb:
 * Whether @bw limits what a port's device of kind @device receives (its
 * ingress), which takes an ifb device.
 */
bool
virNetDevBandwidthNeedsIfb(const virNetDevBandwidth *bw, virNetDevBandwidthDevice device)
{
    switch (device) {
    case VIR_NETDEV_BANDWIDTH_DEVICE_TAP:
        return bw->outbound.average > 0;
    case VIR_NETDEV_BANDWIDTH_DEVICE_MACVTAP:
        return bw->inbound.average > 0;
    }
    return false;
}

/**
 * virNetDevBandwidthApply:
 * virNetDevBandwidthSet, and virNetDevBandwidthSetNew when @fresh (no
 * clearing first).  Everything after the look-ups is one batch of
 * requests (virNetlinkSendBatch): the device's htb qdisc and class, the
 * ifb's (its qdisc grafted before it goes up), the device's ingress
 * qdisc and its redirect.
 */
static int
virNetDevBandwidthApply(virNetlinkSocket *sk, const virNetDevBandwidthPort *port,
                        const virNetDevBandwidth *bw, bool fresh)
{
    const virNetDevBandwidthRate *egress = &bw->inbound;
    const virNetDevBandwidthRate *ingress = &bw->outbound;
    const char *ifbName = port->ifbName;
    virNetDevBandwidthBatch batch = { 0 };
    virNetlinkLinkInfo info = { 0 };
    virNetlinkLinkInfo ifb = { 0 };
    struct nl_msg *msg = NULL;
    virError *saved = NULL;
    int rc;

    if (!virNetDevNameIsValid(port->ifname)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("invalid interface name for bandwidth"));
        return -1;
    }
    if (virNetDevBandwidthCheck(bw) < 0)
        return -1;
    if (port->device == VIR_NETDEV_BANDWIDTH_DEVICE_MACVTAP) {
        egress = &bw->outbound;
        ingress = &bw->inbound;
    }
    if ((ingress->average > 0 || ifbName) &&
        (!ifbName || !virNetDevNameIsValid(ifbName) || strcmp(ifbName, port->ifname) == 0)) {
        g_autofree char *shown = g_strescape(ifbName ? ifbName : "", NULL);

        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid ifb device name '%1$s' for '%2$s'"), shown, port->ifname);
        return -1;
    }
    if (port->ifindex > 0 && port->mtu > 0) {
        /* its creator knows it: no look-up */
        info.ifindex = port->ifindex;
        info.mtu = port->mtu;
        g_strlcpy(info.ifname, port->ifname, sizeof(info.ifname));
    } else if ((rc = virNetlinkLinkGetInfo(sk, 0, port->ifname, &info)) <= 0) {
        if (rc == 0)
            virReportError(VIR_ERR_INVALID_ARG,
                           _("cannot set bandwidth: interface '%1$s' does not exist"),
                           port->ifname);
        /* a spare taken over goes too */
        goto error;
    }
    if (!fresh && virNetDevBandwidthClear(sk, port->ifname, ifbName) < 0)
        return -1;

    if (egress->average > 0)
        virNetDevBandwidthBatchShape(&batch, &info, egress, true);
    if (ingress->average > 0) {
        if (fresh && port->ifbIndex > 0) {
            /* a spare: up, with its root qdisc */
            ifb.ifindex = port->ifbIndex;
            g_strlcpy(ifb.ifname, ifbName, sizeof(ifb.ifname));
            virNetDevBandwidthBatchShape(&batch, &ifb, ingress, false);
        } else {
            if (virNetDevBandwidthIfbCreate(sk, ifbName, &ifb) < 0)
                goto error;
            virNetDevBandwidthBatchShape(&batch, &ifb, ingress, true);
            rc = virNetDevBandwidthUpBuild(&ifb, &msg);
            virNetDevBandwidthBatchAdd(&batch, "link up", ifb.ifname, rc, g_steal_pointer(&msg));
        }
        rc = virNetDevBandwidthIngressBuild(&info, &msg);
        virNetDevBandwidthBatchAdd(&batch, "ingress qdisc", info.ifname, rc,
                                   g_steal_pointer(&msg));
        rc = virNetDevBandwidthRedirectBuild(&info, ifb.ifindex, &msg);
        virNetDevBandwidthBatchAdd(&batch, "redirect filter", info.ifname, rc, msg);
    }
    if (virNetDevBandwidthBatchRun(sk, &batch) < 0)
        goto error;
    return 0;

 error:
    virErrorPreserveLast(&saved);
    virNetDevBandwidthClear(sk, port->ifname, ifbName);
    virErrorRestore(&saved);
    return -1;
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
    virNetDevBandwidthPort port = { .ifname = ifname, .device = device, .ifbName = ifbName };

    return virNetDevBandwidthApply(sk, &port, bw, false);
}

/**
 * virNetDevBandwidthSetNew:
 * @sk: a request socket
 * @port: a device just made (nothing of ours on it), and its ifb: a
 *        spare of virNetDevBandwidthIfbPrepare() when @port->ifbIndex is
 *        set (the port takes it over), else created exclusively
 * @bw: the limits (checked with virNetDevBandwidthCheck)
 *
 * virNetDevBandwidthSet for a device just made, without the clearing
 * first, and with the ifb made ahead of time when there is one: no
 * look-up when @port gives the device's index and MTU, and one batch of
 * requests.  Returns 0, or -1 with an error reported and nothing left
 * behind (the spare included: it is deleted).
 */
int
virNetDevBandwidthSetNew(virNetlinkSocket *sk, const virNetDevBandwidthPort *port,
                         const virNetDevBandwidth *bw)
{
    return virNetDevBandwidthApply(sk, port, bw, true);
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

/* --- a network's class tree (floor) ----------------------------------------- */

/**
 * virNetDevBandwidthTreeLink:
 * Looks the bridge @bridge up into @info.  Returns 0, or -1 with an
 * error reported (also when it does not exist).
 */
static int
virNetDevBandwidthTreeLink(virNetlinkSocket *sk, const char *bridge, virNetlinkLinkInfo *info)
{
    int rc;

    if (!virNetDevNameIsValid(bridge)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("invalid interface name for bandwidth"));
        return -1;
    }
    if ((rc = virNetlinkLinkGetInfo(sk, 0, bridge, info)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("cannot set bandwidth: interface '%1$s' does not exist"), bridge);
        return -1;
    }
    return 0;
}

/**
 * virNetDevBandwidthTreeCeil:
 * The ceiling of every class of a tree under @net: its peak, else its
 * average (bytes/s).
 */
static guint64
virNetDevBandwidthTreeCeil(const virNetDevBandwidthRate *net)
{
    return (net->peak > 0 ? net->peak : net->average) * 1000;
}

/**
 * virNetDevBandwidthTreeDefaultRate:
 * What the unclassified traffic (ports without a floor) is guaranteed:
 * the network's average less the floors, at least 1 kilobyte/s (htb
 * needs a rate).  Bytes/s.
 */
static guint64
virNetDevBandwidthTreeDefaultRate(const virNetDevBandwidthRate *net,
                                  unsigned long long floorSum)
{
    return (floorSum < net->average ? net->average - floorSum : 1) * 1000;
}

/**
 * virNetDevBandwidthLeafAdd:
 * Puts a pfifo of 1000 frames under class 1:@minor of @info (handle
 * @minor:): a bridge has no transmit queue length of its own, and htb's
 * default leaf takes its limit from it.  Returns 0, or a libnl error.
 */
static int
virNetDevBandwidthLeafAdd(virNetlinkSocket *sk, const virNetlinkLinkInfo *info,
                          unsigned int minor)
{
    struct rtnl_qdisc *qdisc = rtnl_qdisc_alloc();
    int err = -NLE_NOMEM;

    if (!qdisc)
        return err;
    virNetDevBandwidthTcInit(TC_CAST(qdisc), info);
    rtnl_tc_set_parent(TC_CAST(qdisc), TC_HANDLE(1, minor));
    rtnl_tc_set_handle(TC_CAST(qdisc), TC_HANDLE(minor, 0));
    if ((err = rtnl_tc_set_kind(TC_CAST(qdisc), "pfifo")) == 0 &&
        (err = rtnl_qdisc_fifo_set_limit(qdisc, VIR_NETDEV_BANDWIDTH_LEAF_LIMIT)) == 0)
        err = rtnl_qdisc_add(sk, qdisc, NLM_F_CREATE | NLM_F_EXCL);
    rtnl_qdisc_put(qdisc);
    return err;
}

/**
 * virNetDevBandwidthTreeCreate:
 * @sk: a request socket
 * @bridge: a virtual network's bridge
 * @net: the network's <inbound> (average set)
 * @floorSum: the floors of the ports to be plugged (kilobytes/s)
 *
 * Replaces whatever root qdisc @bridge had with the class tree of
 * upstream's networks: htb 1: whose class 1:1 has the network's average
 * and peak, with class 1:2 under it for the traffic of ports without a
 * floor (guaranteed the average less @floorSum, the default) and a class
 * per port with a floor (virNetDevBandwidthTreePlug).  What the bridge
 * sends is what the network's guests receive from the host and beyond.
 * Returns 0, or -1 with an error reported and no root qdisc left.
 */
int
virNetDevBandwidthTreeCreate(virNetlinkSocket *sk, const char *bridge,
                             const virNetDevBandwidthRate *net, unsigned long long floorSum)
{
    virNetlinkLinkInfo info;
    guint64 ceil = virNetDevBandwidthTreeCeil(net);
    const char *what = NULL;
    int err;

    if (net->average == 0 || virNetDevBandwidthTreeLink(sk, bridge, &info) < 0 ||
        virNetDevBandwidthQdiscDelete(sk, info.ifindex, bridge, TC_H_ROOT) < 0) {
        if (!virGetLastError())
            virReportError(VIR_ERR_INVALID_ARG, _("network bandwidth of '%1$s' has no average"),
                           bridge);
        return -1;
    }
    if ((err = virNetDevBandwidthRootAdd(sk, &info, VIR_NETDEV_BANDWIDTH_TREE_DEFAULT)) < 0)
        what = "htb qdisc";
    else if ((err = virNetDevBandwidthClassAdd(sk, &info, VIR_NETDEV_BANDWIDTH_ROOT,
                                               VIR_NETDEV_BANDWIDTH_CLASS, net->average * 1000,
                                               ceil, net->burst, NLM_F_EXCL)) < 0)
        what = "network class";
    else if ((err = virNetDevBandwidthClassAdd(sk, &info, VIR_NETDEV_BANDWIDTH_CLASS,
                                               TC_HANDLE(1, VIR_NETDEV_BANDWIDTH_TREE_DEFAULT),
                                               virNetDevBandwidthTreeDefaultRate(net, floorSum),
                                               ceil, net->burst, NLM_F_EXCL)) < 0)
        what = "default class";
    else if ((err = virNetDevBandwidthLeafAdd(sk, &info, VIR_NETDEV_BANDWIDTH_TREE_DEFAULT)) < 0)
        what = "default queue";
    if (what) {
        virNetDevBandwidthReport(what, bridge, err);
        virNetDevBandwidthQdiscDelete(sk, info.ifindex, bridge, TC_H_ROOT);
        return -1;
    }
    return 0;
}

/**
 * virNetDevBandwidthTreeSetDefault:
 * Changes the guarantee of @bridge's default class to @net's average
 * less @floorSum, after a port with a floor came or went.  Returns 0, or
 * -1 with an error reported.
 */
int
virNetDevBandwidthTreeSetDefault(virNetlinkSocket *sk, const char *bridge,
                                 const virNetDevBandwidthRate *net, unsigned long long floorSum)
{
    virNetlinkLinkInfo info;
    int err;

    if (virNetDevBandwidthTreeLink(sk, bridge, &info) < 0)
        return -1;
    if ((err = virNetDevBandwidthClassAdd(sk, &info, VIR_NETDEV_BANDWIDTH_CLASS,
                                          TC_HANDLE(1, VIR_NETDEV_BANDWIDTH_TREE_DEFAULT),
                                          virNetDevBandwidthTreeDefaultRate(net, floorSum),
                                          virNetDevBandwidthTreeCeil(net), net->burst, 0)) < 0)
        return virNetDevBandwidthReport("default class", bridge, err);
    return 0;
}

/**
 * virNetDevBandwidthTreeFilter:
 * Builds the filter of class 1:@minor: u32 on the root qdisc, priority
 * @minor (one filter per priority, so it is deleted alone), matching
 * the destination MAC @mac: the Ethernet header is at -14 from the
 * network header, and u32 keys are words at offsets that are multiples
 * of 4 (tc's "match u16 ... at -14" is the low half of the word at -16).  Returns it (caller puts), NULL on ENOMEM, or sets
 * @err.
 */
static struct rtnl_cls *
virNetDevBandwidthTreeFilter(const virNetlinkLinkInfo *info, unsigned int minor,
                             const virMacAddr *mac, int *err)
{
    struct rtnl_cls *cls = rtnl_cls_alloc();
    const unsigned char *a = mac ? mac->addr : NULL;

    *err = -NLE_NOMEM;
    if (!cls)
        return NULL;
    virNetDevBandwidthTcInit(TC_CAST(cls), info);
    rtnl_tc_set_parent(TC_CAST(cls), VIR_NETDEV_BANDWIDTH_ROOT);
    rtnl_cls_set_protocol(cls, ETH_P_ALL);
    rtnl_cls_set_prio(cls, minor);
    if ((*err = rtnl_tc_set_kind(TC_CAST(cls), "u32")) < 0 ||
        (a && (*err = rtnl_u32_add_key_uint32(cls, (uint32_t)a[0] << 8 | a[1],
                                              0x0000ffff, -16, 0)) < 0) ||
        (a && (*err = rtnl_u32_add_key_uint32(cls, (uint32_t)a[2] << 24 | a[3] << 16 |
                                              a[4] << 8 | a[5], 0xffffffff, -12, 0)) < 0) ||
        (a && (*err = rtnl_u32_set_classid(cls, TC_HANDLE(1, minor))) < 0) ||
        /* a match classifies only in a terminal node (as tc's flowid) */
        (a && (*err = rtnl_u32_set_cls_terminal(cls)) < 0)) {
        rtnl_cls_put(cls);
        return NULL;
    }
    *err = 0;
    return cls;
}

/**
 * virNetDevBandwidthTreePlug:
 * @sk: a request socket
 * @bridge: a bridge with a class tree (virNetDevBandwidthTreeCreate)
 * @minor: the port's class, 1:@minor (VIR_NETDEV_BANDWIDTH_TREE_FIRST..0xffff)
 * @mac: the guest's MAC
 * @floor: its floor (kilobytes/s)
 * @net: the network's <inbound>
 *
 * Adds the port's class (rate = its floor, ceil = the network's peak or
 * average), its queue and the filter that sends frames to @mac into it.
 * The caller lowers the default class (virNetDevBandwidthTreeSetDefault).
 * Returns 0, or -1 with an error reported and nothing of it left.
 */
int
virNetDevBandwidthTreePlug(virNetlinkSocket *sk, const char *bridge, unsigned int minor,
                           const virMacAddr *mac, unsigned long long floor,
                           const virNetDevBandwidthRate *net)
{
    virNetlinkLinkInfo info;
    struct rtnl_cls *cls = NULL;
    const char *what = NULL;
    int err;

    if (minor < VIR_NETDEV_BANDWIDTH_TREE_FIRST || minor > 0xffff || floor == 0) {
        virReportError(VIR_ERR_INVALID_ARG, _("invalid class %1$u or floor for '%2$s'"),
                       minor, bridge);
        return -1;
    }
    if (virNetDevBandwidthTreeLink(sk, bridge, &info) < 0)
        return -1;
    if ((err = virNetDevBandwidthClassAdd(sk, &info, VIR_NETDEV_BANDWIDTH_CLASS,
                                          TC_HANDLE(1, minor), floor * 1000,
                                          MAX(virNetDevBandwidthTreeCeil(net), floor * 1000),
                                          0, NLM_F_EXCL)) < 0)
        what = "port class";
    else if ((err = virNetDevBandwidthLeafAdd(sk, &info, minor)) < 0)
        what = "port queue";
    else if (!(cls = virNetDevBandwidthTreeFilter(&info, minor, mac, &err)) ||
             (err = rtnl_cls_add(sk, cls, NLM_F_CREATE | NLM_F_EXCL)) < 0)
        what = "port filter";
    if (cls)
        rtnl_cls_put(cls);
    if (what) {
        virError *saved = NULL;

        virNetDevBandwidthReport(what, bridge, err);
        virErrorPreserveLast(&saved);
        virNetDevBandwidthTreeUnplug(sk, bridge, minor);
        virErrorRestore(&saved);
        return -1;
    }
    return 0;
}

/**
 * virNetDevBandwidthTreeUnplug:
 * Removes class 1:@minor of @bridge with its queue and filter; what is
 * missing (or a bridge that is gone) is not an error.  Returns 0, or -1
 * with an error reported.
 */
int
virNetDevBandwidthTreeUnplug(virNetlinkSocket *sk, const char *bridge, unsigned int minor)
{
    virNetlinkLinkInfo info;
    struct rtnl_cls *cls = NULL;
    struct rtnl_class *klass = NULL;
    int rc;
    int err;

    if (!virNetDevNameIsValid(bridge)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("invalid interface name for bandwidth"));
        return -1;
    }
    if ((rc = virNetlinkLinkGetInfo(sk, 0, bridge, &info)) <= 0)
        return rc;
    if (!(cls = virNetDevBandwidthTreeFilter(&info, minor, NULL, &err)) ||
        ((err = rtnl_cls_delete(sk, cls, 0)) < 0 && err != -NLE_OBJ_NOTFOUND &&
         err != -NLE_NOADDR && err != -NLE_INVAL))
        goto error;
    rtnl_cls_put(g_steal_pointer(&cls));
    if (!(klass = rtnl_class_alloc())) {
        err = -NLE_NOMEM;
        goto error;
    }
    virNetDevBandwidthTcInit(TC_CAST(klass), &info);
    rtnl_tc_set_parent(TC_CAST(klass), VIR_NETDEV_BANDWIDTH_CLASS);
    rtnl_tc_set_handle(TC_CAST(klass), TC_HANDLE(1, minor));
    err = rtnl_class_delete(sk, klass);
    rtnl_class_put(klass);
    if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_INVAL)
        goto error;
    return 0;

 error:
    if (cls)
        rtnl_cls_put(cls);
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("cannot remove class 1:%1$x of '%2$s': %3$s"), minor, bridge,
                   nl_geterror(err));
    return -1;
}

/**
 * virNetDevBandwidthTreeClear:
 * Removes @bridge's class tree (its root qdisc); a bridge without one,
 * or gone, is fine.  Returns 0, or -1 with an error reported.
 */
int
virNetDevBandwidthTreeClear(virNetlinkSocket *sk, const char *bridge)
{
    virNetlinkLinkInfo info;
    int rc;

    if (!virNetDevNameIsValid(bridge)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("invalid interface name for bandwidth"));
        return -1;
    }
    if ((rc = virNetlinkLinkGetInfo(sk, 0, bridge, &info)) <= 0)
        return rc;
    return virNetDevBandwidthQdiscDelete(sk, info.ifindex, bridge, TC_H_ROOT);
}
