/*
 * virnetlink.c: rtnetlink link operations (libnl-route) and link events
 */
#include "virnetlink.h"

#include <errno.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/filter.h>
#include <linux/rtnetlink.h>
#include <arpa/inet.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <glib-unix.h>

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

/* Large enough that a burst of link events (e.g. 1000 taps closing at once
 * when a host's guests stop) does not overrun the socket. */
#define VIR_NETLINK_WATCH_RCVBUF (4 * 1024 * 1024)

/**
 * virNetlinkErrorText:
 * Returns libnl's text for the (negative) libnl error @err.  Static.
 */
static const char *
virNetlinkErrorText(int err)
{
    return nl_geterror(err);
}

/**
 * virNetlinkLinkLabel:
 * Returns a label for messages: @ifname when set, else "#ifindex" written
 * into @buf (at least 16 bytes).
 */
static const char *
virNetlinkLinkLabel(int ifindex, const char *ifname, char *buf, size_t buflen)
{
    if (ifname)
        return ifname;
    g_snprintf(buf, buflen, "#%d", ifindex);
    return buf;
}

/**
 * virNetlinkSocketNew:
 *
 * Returns a connected NETLINK_ROUTE socket (close-on-exec) for requests;
 * free it with virNetlinkSocketFree().  NULL with an error reported.
 */
virNetlinkSocket *
virNetlinkSocketNew(void)
{
    struct nl_sock *sk = nl_socket_alloc();
    int err;

    if (!sk) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s",
                       _("cannot allocate a netlink socket"));
        return NULL;
    }
    /* libnl opens its socket with SOCK_CLOEXEC. */
    if ((err = nl_connect(sk, NETLINK_ROUTE)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       _("cannot connect to rtnetlink: %1$s"),
                       virNetlinkErrorText(err));
        nl_socket_free(sk);
        return NULL;
    }
    return sk;
}

/**
 * virNetlinkSocketFree:
 * Closes and frees @sk.  Accepts NULL.
 */
void
virNetlinkSocketFree(virNetlinkSocket *sk)
{
    if (sk)
        nl_socket_free(sk);
}

/**
 * virNetlinkTunInfoParse:
 * @data: IFLA_INFO_DATA of a link of kind "tun"
 * @tun: filled in
 *
 * Reads the attributes a tun/tap's fd holder can change (tun_fill_info:
 * the owner and group are present only when set).
 */
static void
virNetlinkTunInfoParse(struct nlattr *data, virNetlinkTunInfo *tun)
{
    struct nlattr *tb[IFLA_TUN_MAX + 1];

    if (nla_parse_nested(tb, IFLA_TUN_MAX, data, NULL) < 0)
        return;
    tun->present = true;
    tun->persist = tb[IFLA_TUN_PERSIST] && nla_get_u8(tb[IFLA_TUN_PERSIST]);
    if ((tun->hasOwner = tb[IFLA_TUN_OWNER] != NULL))
        tun->owner = nla_get_u32(tb[IFLA_TUN_OWNER]);
    if ((tun->hasGroup = tb[IFLA_TUN_GROUP] != NULL))
        tun->group = nla_get_u32(tb[IFLA_TUN_GROUP]);
    if ((tun->hasQueues = tb[IFLA_TUN_NUM_QUEUES] != NULL))
        tun->numQueues = nla_get_u32(tb[IFLA_TUN_NUM_QUEUES]);
    if (tb[IFLA_TUN_NUM_DISABLED_QUEUES])
        tun->numDisabledQueues = nla_get_u32(tb[IFLA_TUN_NUM_DISABLED_QUEUES]);
}

/**
 * virNetlinkBridgeInfoParse:
 * @data: IFLA_INFO_DATA of a link of kind "bridge"
 * @info: its bridge id's address is filled in
 */
static void
virNetlinkBridgeInfoParse(struct nlattr *data, virNetlinkLinkInfo *info)
{
    struct nlattr *tb[IFLA_BR_MAX + 1];
    struct ifla_bridge_id id;

    if (nla_parse_nested(tb, IFLA_BR_MAX, data, NULL) < 0 ||
        !tb[IFLA_BR_BRIDGE_ID] || nla_len(tb[IFLA_BR_BRIDGE_ID]) < (int)sizeof(id))
        return;
    memcpy(&id, nla_data(tb[IFLA_BR_BRIDGE_ID]), sizeof(id));
    info->hasBridgeId = true;
    memcpy(info->bridgeIdAddr.addr, id.addr, VIR_MAC_BUFLEN);
}

/**
 * virNetlinkLinkInfoParse:
 * libnl's NL_CB_VALID callback for the answer to virNetlinkLinkGetInfo's
 * request: fills the virNetlinkLinkInfo that @opaque points to from one
 * RTM_NEWLINK.
 */
static int
virNetlinkLinkInfoParse(struct nl_msg *msg, void *opaque)
{
    virNetlinkLinkInfo *info = opaque;
    struct nlmsghdr *hdr = nlmsg_hdr(msg);
    struct nlattr *tb[IFLA_MAX + 1];
    struct nlattr *li[IFLA_INFO_MAX + 1];
    struct ifinfomsg *ifi;

    if (hdr->nlmsg_type != RTM_NEWLINK || !nlmsg_valid_hdr(hdr, sizeof(*ifi)) ||
        nlmsg_parse(hdr, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0)
        return NL_SKIP;
    ifi = nlmsg_data(hdr);

    memset(info, 0, sizeof(*info));
    info->ifindex = ifi->ifi_index;
    info->flags = ifi->ifi_flags;
    info->arptype = ifi->ifi_type;
    if (tb[IFLA_IFNAME])
        nla_strlcpy(info->ifname, tb[IFLA_IFNAME], sizeof(info->ifname));
    if (tb[IFLA_MTU])
        info->mtu = nla_get_u32(tb[IFLA_MTU]);
    if (tb[IFLA_MASTER])
        info->master = nla_get_u32(tb[IFLA_MASTER]);
    info->carrier = tb[IFLA_CARRIER] ? nla_get_u8(tb[IFLA_CARRIER]) != 0
                                     : (ifi->ifi_flags & IFF_LOWER_UP) != 0;
    if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == VIR_MAC_BUFLEN) {
        info->hasMac = true;
        memcpy(info->mac.addr, nla_data(tb[IFLA_ADDRESS]), VIR_MAC_BUFLEN);
    }
    if (tb[IFLA_LINKINFO] &&
        nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) == 0) {
        if (li[IFLA_INFO_KIND])
            nla_strlcpy(info->kind, li[IFLA_INFO_KIND], sizeof(info->kind));
        if (strcmp(info->kind, "tun") == 0 && li[IFLA_INFO_DATA])
            virNetlinkTunInfoParse(li[IFLA_INFO_DATA], &info->tun);
        if (strcmp(info->kind, "bridge") == 0 && li[IFLA_INFO_DATA])
            virNetlinkBridgeInfoParse(li[IFLA_INFO_DATA], info);
    }
    return NL_OK;
}

/**
 * virNetlinkSendRecv:
 * @sk: a request socket
 * @msg: a request (not freed here)
 * @func: libnl's NL_CB_VALID callback for each answer, with @opaque
 *
 * Sends @msg and reads its answers (up to NLMSG_DONE for a dump, or the
 * one answer) through the socket's callbacks (sequence check, errors)
 * and @func.  Returns libnl's result.
 */
static int
virNetlinkSendRecv(virNetlinkSocket *sk, struct nl_msg *msg, nl_recvmsg_msg_cb_t func,
                   void *opaque)
{
    struct nl_cb *orig;
    struct nl_cb *cb;
    int err;

    if ((err = nl_send_auto(sk, msg)) < 0)
        return err;
    /* nl_socket_get_cb returns a reference */
    orig = nl_socket_get_cb(sk);
    cb = nl_cb_clone(orig);
    nl_cb_put(orig);
    if (!cb)
        return -NLE_NOMEM;
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, func, opaque);
    err = nl_recvmsgs(sk, cb);
    nl_cb_put(cb);
    return err;
}

/**
 * virNetlinkLinkGetInfo:
 * @sk: a request socket
 * @ifindex: the link's index, or 0 to look it up by @ifname
 * @ifname: the link's name (used when @ifindex is 0)
 * @info: filled in when the link exists
 *
 * Asks the kernel about one link (one RTM_GETLINK, statistics skipped).
 * Returns 1 when it exists, 0 when it does not (no error reported), -1
 * on any other failure (reported).
 */
int
virNetlinkLinkGetInfo(virNetlinkSocket *sk, int ifindex, const char *ifname,
                      virNetlinkLinkInfo *info)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex > 0 ? ifindex : 0 };
    struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, 0);
    char label[32];
    int err = -NLE_NOMEM;

    info->ifindex = 0;
    if (!msg ||
        nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
        nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0 ||
        (ifindex <= 0 && nla_put_string(msg, IFLA_IFNAME, ifname ? ifname : "") < 0))
        goto cleanup;
    /* the answer, then the kernel's acknowledgement of the request
     * (nl_send_auto asks for one); an error comes alone */
    if ((err = virNetlinkSendRecv(sk, msg, virNetlinkLinkInfoParse, info)) >= 0 &&
        info->ifindex > 0)
        err = nl_wait_for_ack(sk);

 cleanup:
    nlmsg_free(msg);
    if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV)
        return 0;
    if (err >= 0 && info->ifindex <= 0)
        err = -NLE_MSG_TRUNC;
    if (err < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       _("cannot get information about interface '%1$s': %2$s"),
                       virNetlinkLinkLabel(ifindex, ifname, label, sizeof(label)),
                       virNetlinkErrorText(err));
        return -1;
    }
    return 1;
}

/**
 * virNetlinkLinkChange:
 * @sk: a request socket
 * @ifindex: the link to change
 * @ifname: its name, for messages (may be NULL)
 * @mac: new MAC address, or NULL to leave it
 * @mtu: new MTU, or 0 to leave it
 * @master: ifindex of the new master (e.g. a bridge), or 0 to leave it
 * @masterName: the master's name, for messages (may be NULL)
 * @up: bring the link up
 *
 * Applies all changes in one RTM_NEWLINK message.  The kernel applies the
 * address and the MTU before it sets the master and before the flags, so
 * a port joins a bridge with its final MTU (the bridge adjusts its own MTU
 * to its ports' when it was not set explicitly).
 *
 * Returns 0, or -1 with an error reported.
 */
int
virNetlinkLinkChange(virNetlinkSocket *sk, int ifindex, const char *ifname,
                     const virMacAddr *mac, unsigned int mtu, int master,
                     const char *masterName, bool up)
{
    struct rtnl_link *orig = rtnl_link_alloc();
    struct rtnl_link *change = rtnl_link_alloc();
    struct nl_addr *addr = NULL;
    char label[32];
    int ret = -1;
    int err;

    if (!orig || !change) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", _("out of memory"));
        goto cleanup;
    }
    rtnl_link_set_ifindex(orig, ifindex);
    if (mac) {
        if (!(addr = nl_addr_build(AF_LLC, mac->addr, VIR_MAC_BUFLEN))) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "%s", _("out of memory"));
            goto cleanup;
        }
        rtnl_link_set_addr(change, addr);
    }
    if (mtu > 0)
        rtnl_link_set_mtu(change, mtu);
    if (master > 0)
        rtnl_link_set_master(change, master);
    if (up)
        rtnl_link_set_flags(change, IFF_UP);

    if ((err = rtnl_link_change(sk, orig, change, 0)) < 0) {
        char mlabel[32];

        if (master > 0)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("cannot attach '%1$s' to bridge '%2$s': %3$s"),
                           virNetlinkLinkLabel(ifindex, ifname, label, sizeof(label)),
                           virNetlinkLinkLabel(master, masterName, mlabel, sizeof(mlabel)),
                           virNetlinkErrorText(err));
        else
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("cannot configure interface '%1$s': %2$s"),
                           virNetlinkLinkLabel(ifindex, ifname, label, sizeof(label)),
                           virNetlinkErrorText(err));
        goto cleanup;
    }
    ret = 0;

 cleanup:
    if (addr)
        nl_addr_put(addr);
    if (orig)
        rtnl_link_put(orig);
    if (change)
        rtnl_link_put(change);
    return ret;
}

/**
 * virNetlinkLinkNoIPv6Addresses:
 * @sk: a request socket
 * @ifindex: a link that is still down
 *
 * Sets the link's IPv6 address generation mode to "none", so it never gets
 * a link-local address of its own.  A bridge port carries its guest's
 * frames; an address on the host side would only send router
 * solicitations and DAD probes into the guest's network, and every IPv6
 * route it brings makes bringing the next link up walk a larger routing
 * tree (fib6_ifup) — a cost that grows with the number of ports.
 *
 * Best effort: without IPv6 in the kernel (or with it disabled for the
 * namespace) there is nothing to prevent, so failures are ignored.
 */
void
virNetlinkLinkNoIPv6Addresses(virNetlinkSocket *sk, int ifindex)
{
    struct rtnl_link *orig = rtnl_link_alloc();
    struct rtnl_link *change = rtnl_link_alloc();

    if (orig && change) {
        rtnl_link_set_ifindex(orig, ifindex);
        if (rtnl_link_inet6_set_addr_gen_mode(change, IN6_ADDR_GEN_MODE_NONE) == 0)
            (void)rtnl_link_change(sk, orig, change, 0);
    }
    if (orig)
        rtnl_link_put(orig);
    if (change)
        rtnl_link_put(change);
}

/**
 * virNetlinkLinkCreated:
 * @sk: a request socket
 * @err: libnl's result of an exclusive (NLM_F_EXCL) RTM_NEWLINK
 * @kind: what was created, for messages ("bridge", "macvtap", "ifb")
 * @name: the new link's name
 * @info: filled with the new link
 *
 * Finishes a link creation: reports a taken name or another failure, or
 * looks the new link up.  Returns 0 with @info filled, or -1 with an
 * error reported (VIR_ERR_OPERATION_INVALID when the name is taken).
 */
int
virNetlinkLinkCreated(virNetlinkSocket *sk, int err, const char *kind, const char *name,
                      virNetlinkLinkInfo *info)
{
    if (err == -NLE_EXIST) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("cannot create %1$s '%2$s': an interface of that name exists"),
                       kind, name);
        return -1;
    }
    if (err < 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot create %1$s '%2$s': %3$s"),
                       kind, name, virNetlinkErrorText(err));
        return -1;
    }
    if (virNetlinkLinkGetInfo(sk, 0, name, info) != 1) {
        if (!virGetLastError())
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("%1$s '%2$s' vanished after its creation"), kind, name);
        return -1;
    }
    return 0;
}

/**
 * virNetlinkLinkDelete:
 * @sk: a request socket
 * @ifindex: the link to delete
 * @ifname: its name, for messages (may be NULL)
 *
 * Deletes a link (RTM_DELLINK).  For a tap this works even while a process
 * holds its fd: the fd then stops working.  A link that is already gone is
 * not an error.  Returns 0, or -1 with an error reported.
 */
int
virNetlinkLinkDelete(virNetlinkSocket *sk, int ifindex, const char *ifname)
{
    struct rtnl_link *link = rtnl_link_alloc();
    char label[32];
    int err;

    if (!link) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", _("out of memory"));
        return -1;
    }
    rtnl_link_set_ifindex(link, ifindex);
    err = rtnl_link_delete(sk, link);
    rtnl_link_put(link);
    if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV)
        return 0;
    if (err < 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot delete interface '%1$s': %2$s"),
                       virNetlinkLinkLabel(ifindex, ifname, label, sizeof(label)),
                       virNetlinkErrorText(err));
        return -1;
    }
    return 0;
}

/**
 * virNetlinkSendBatch:
 * @sk: a request socket
 * @msgs: @n requests, built and not sent (the caller frees them)
 * @n: how many (at least 1)
 * @failed: set to the index of the first request the kernel refused
 *
 * Sends @msgs in one sendmsg(): the kernel handles them in order, each
 * as if sent alone, and acknowledges each; one system call and one wake-up
 * instead of one per request.  A refused request does not stop the later
 * ones (the caller undoes what it made when one fails).  Waits for every
 * acknowledgement.  Returns 0, or the first libnl error (no error
 * reported: the caller knows what each request was).
 */
int
virNetlinkSendBatch(virNetlinkSocket *sk, struct nl_msg **msgs, size_t n, size_t *failed)
{
    g_autofree struct iovec *iov = g_new0(struct iovec, n);
    int first = 0;
    int err;
    size_t i;

    *failed = 0;
    for (i = 0; i < n; i++) {
        nl_complete_msg(sk, msgs[i]);
        iov[i].iov_base = nlmsg_hdr(msgs[i]);
        iov[i].iov_len = nlmsg_hdr(msgs[i])->nlmsg_len;
    }
    if ((err = nl_send_iovec(sk, msgs[0], iov, n)) < 0)
        return err;
    /* one acknowledgement per request, in order (libnl checks the
     * sequence numbers) */
    for (i = 0; i < n; i++) {
        if ((err = nl_wait_for_ack(sk)) < 0 && first == 0) {
            first = err;
            *failed = i;
        }
    }
    return first;
}

/**
 * virNetlinkLinkListAdd:
 * libnl's NL_CB_VALID callback of virNetlinkLinkListKind: appends each
 * link of the dump to the GArray @opaque.
 */
static int
virNetlinkLinkListAdd(struct nl_msg *msg, void *opaque)
{
    virNetlinkLinkInfo info;

    if (virNetlinkLinkInfoParse(msg, &info) == NL_OK)
        g_array_append_val((GArray *)opaque, info);
    return NL_OK;
}

/**
 * virNetlinkLinkListKind:
 * @sk: a request socket
 * @kind: the IFLA_INFO_KIND wanted ("ifb")
 *
 * Lists the links of @kind in one dump (the kernel filters by kind; the
 * kinds are checked here too).  Returns an array of virNetlinkLinkInfo
 * (caller frees), or NULL with an error reported.
 */
GArray *
virNetlinkLinkListKind(virNetlinkSocket *sk, const char *kind)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
    g_autoptr(GArray) links = g_array_new(FALSE, FALSE, sizeof(virNetlinkLinkInfo));
    struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_DUMP);
    struct nlattr *li;
    int err = -NLE_NOMEM;
    guint i;

    if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
        nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0 ||
        !(li = nla_nest_start(msg, IFLA_LINKINFO)) ||
        nla_put_string(msg, IFLA_INFO_KIND, kind) < 0)
        goto cleanup;
    nla_nest_end(msg, li);
    /* the parts of the dump up to NLMSG_DONE */
    err = virNetlinkSendRecv(sk, msg, virNetlinkLinkListAdd, links);

 cleanup:
    nlmsg_free(msg);
    if (err < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, _("cannot list the links of kind '%1$s': %2$s"),
                       kind, virNetlinkErrorText(err));
        return NULL;
    }
    for (i = links->len; i-- > 0;) {
        if (strcmp(g_array_index(links, virNetlinkLinkInfo, i).kind, kind) != 0)
            g_array_remove_index_fast(links, i);
    }
    return g_steal_pointer(&links);
}

struct _virNetlinkWatch {
    struct nl_sock *sk;
    guint source;
    virNetlinkLinkEventFunc func;
    void *opaque;
};

/**
 * virNetlinkWatchMessage:
 * libnl's NL_CB_VALID callback: passes RTM_DELLINK and RTM_NEWLINK of real
 * links (not the AF_BRIDGE notifications a bridge sends about its ports)
 * on.
 */
static int
virNetlinkWatchMessage(struct nl_msg *msg, void *opaque)
{
    virNetlinkWatch *watch = opaque;
    struct nlmsghdr *hdr = nlmsg_hdr(msg);
    struct nlattr *tb[IFLA_MAX + 1];
    struct ifinfomsg *ifi;
    char ifname[IFNAMSIZ] = "";

    if (hdr->nlmsg_type != RTM_DELLINK && hdr->nlmsg_type != RTM_NEWLINK)
        return NL_OK;
    if (!nlmsg_valid_hdr(hdr, sizeof(*ifi)))
        return NL_OK;
    ifi = nlmsg_data(hdr);
    if (ifi->ifi_family == AF_BRIDGE || ifi->ifi_index <= 0)
        return NL_OK;
    if (nlmsg_parse(hdr, sizeof(*ifi), tb, IFLA_MAX, NULL) == 0 && tb[IFLA_IFNAME])
        nla_strlcpy(ifname, tb[IFLA_IFNAME], sizeof(ifname));

    watch->func(hdr->nlmsg_type == RTM_DELLINK ? VIR_NETLINK_LINK_REMOVED
                                              : VIR_NETLINK_LINK_CHANGED,
                ifi->ifi_index, ifname[0] ? ifname : NULL, watch->opaque);
    return NL_OK;
}

/**
 * virNetlinkWatchReadable:
 * Main-loop callback: drains the socket.  A receive error other than
 * "nothing more to read" means notifications may have been lost, which the
 * callback learns through ifindex 0.
 */
static gboolean
virNetlinkWatchReadable(gint fd G_GNUC_UNUSED, GIOCondition cond G_GNUC_UNUSED,
                        gpointer opaque)
{
    virNetlinkWatch *watch = opaque;
    int err = 0;
    size_t i;

    /* A bounded batch per wake-up keeps other sources (D-Bus) served
     * during a burst; the source fires again while data is pending. */
    for (i = 0; i < 64; i++) {
        if ((err = nl_recvmsgs_default(watch->sk)) < 0)
            break;
    }
    if (err < 0 && err != -NLE_AGAIN)
        watch->func(VIR_NETLINK_LINK_LOST, 0, NULL, watch->opaque);
    return G_SOURCE_CONTINUE;
}

/**
 * virNetlinkWatchAttachFilter:
 * @fd: the watcher's netlink socket
 *
 * Lets only RTM_DELLINK and RTM_NEWLINK of real links (not AF_BRIDGE)
 * into the socket.  A host with many ports on a bridge sends a storm of
 * AF_BRIDGE notifications (every port change is announced for the port
 * and for the bridge); filtering them in the kernel keeps the events we
 * wait for from queueing behind them, and keeps the receive buffer from
 * overflowing.  Each notification is its own skb, so looking at the
 * first header is enough.  Returns 0, or -1 with errno set.
 */
static int
virNetlinkWatchAttachFilter(int fd)
{
    struct sock_filter code[] = {
        /* BPF loads are big-endian; nlmsg_type is host order: compare
         * with htons() so the bytes line up on any host. */
        BPF_STMT(BPF_LD | BPF_H | BPF_ABS, offsetof(struct nlmsghdr, nlmsg_type)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELLINK), 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWLINK), 0, 3),
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS,
                 NLMSG_HDRLEN + offsetof(struct ifinfomsg, ifi_family)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_BRIDGE, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, 0xffff),
        BPF_STMT(BPF_RET | BPF_K, 0),
    };
    struct sock_fprog prog = { .len = G_N_ELEMENTS(code), .filter = code };

    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

/**
 * virNetlinkWatchNew:
 * @func: called for each link event (see virNetlinkLinkEventFunc)
 * @opaque: passed to @func
 *
 * Subscribes to link notifications and dispatches them from the default
 * GLib main context.  Returns the watcher (free with virNetlinkWatchFree),
 * or NULL with an error reported.
 */
virNetlinkWatch *
virNetlinkWatchNew(virNetlinkLinkEventFunc func, void *opaque)
{
    g_autoptr(virNetlinkWatch) watch = g_new0(virNetlinkWatch, 1);
    int err;

    watch->func = func;
    watch->opaque = opaque;
    if (!(watch->sk = nl_socket_alloc())) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s",
                       _("cannot allocate a netlink socket"));
        return NULL;
    }
    /* Notifications are not answers to requests: no sequence numbers. */
    nl_socket_disable_seq_check(watch->sk);
    nl_socket_modify_cb(watch->sk, NL_CB_VALID, NL_CB_CUSTOM,
                        virNetlinkWatchMessage, watch);
    if ((err = nl_connect(watch->sk, NETLINK_ROUTE)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       _("cannot watch link events: %1$s"),
                       virNetlinkErrorText(err));
        return NULL;
    }
    if (virNetlinkWatchAttachFilter(nl_socket_get_fd(watch->sk)) < 0) {
        virReportSystemError(errno, "%s", _("cannot filter link events"));
        return NULL;
    }
    if ((err = nl_socket_add_membership(watch->sk, RTNLGRP_LINK)) < 0 ||
        (err = nl_socket_set_nonblocking(watch->sk)) < 0 ||
        (err = nl_socket_set_buffer_size(watch->sk, VIR_NETLINK_WATCH_RCVBUF, 0)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       _("cannot watch link events: %1$s"),
                       virNetlinkErrorText(err));
        return NULL;
    }
    /* Above the default priority of D-Bus calls: a port that is gone is
     * released (and its quota slot freed) before the next request. */
    watch->source = g_unix_fd_add_full(G_PRIORITY_HIGH, nl_socket_get_fd(watch->sk),
                                       G_IO_IN, virNetlinkWatchReadable, watch, NULL);
    return g_steal_pointer(&watch);
}

/**
 * virNetlinkWatchFree:
 * Stops watching and frees @watch.  Accepts NULL.
 */
void
virNetlinkWatchFree(virNetlinkWatch *watch)
{
    if (!watch)
        return;
    if (watch->source)
        g_source_remove(watch->source);
    if (watch->sk)
        nl_socket_free(watch->sk);
    g_free(watch);
}
