/*
 * virnetdevbridge.c: Linux bridges and their ports (via rtnetlink)
 */
#include "virnetdevbridge.h"

#include <errno.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

#include "virerror.h"
#include "virnetdevname.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

/**
 * virNetDevBridgeGetInfo:
 * @sk: a request socket
 * @brname: the bridge's name (already checked by virNetDevNameIsValid)
 * @info: filled with the bridge's ifindex and MTU
 *
 * Checks that @brname exists and is a Linux bridge (not a tap, a regular
 * interface or anything else).  Returns 1 with @info filled; 0 when there
 * is no such interface (no error reported: the caller knows how to say
 * it); -1 with an error reported, VIR_ERR_INVALID_ARG when it is not a
 * bridge.
 */
int
virNetDevBridgeGetInfo(virNetlinkSocket *sk, const char *brname,
                       virNetDevBridgeInfo *info)
{
    virNetlinkLinkInfo link;
    int rc;

    if ((rc = virNetlinkLinkGetInfo(sk, 0, brname, &link)) < 0)
        return -1;
    if (rc == 0)
        return 0;
    if (strcmp(link.kind, "bridge") != 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("interface '%1$s' is not a bridge"), brname);
        return -1;
    }
    info->ifindex = link.ifindex;
    info->mtu = link.mtu;
    return 1;
}

/**
 * virNetDevBridgeAddPort:
 * @sk: a request socket
 * @brname: the bridge's name, for messages
 * @brindex: the bridge's ifindex (from virNetDevBridgeGetInfo)
 * @ifname: the new port's name, for messages
 * @ifindex: the new port
 * @mac: the MAC to give the port
 * @mtu: the MTU to give the port (0: leave it)
 *
 * Keeps IPv6 addresses off the port (virNetlinkLinkNoIPv6Addresses), then
 * sets its MAC and MTU, enslaves it to the bridge and brings it up, in one
 * netlink request.  The MTU is applied before enslaving, because a
 * bridge adjusts its own MTU to its smallest port.  If the bridge was
 * deleted since it was looked up, the kernel refuses the master and
 * nothing is enslaved.  Returns 0, or -1 with an error reported.
 */
int
virNetDevBridgeAddPort(virNetlinkSocket *sk, const char *brname,
                       int brindex, const char *ifname, int ifindex,
                       const virMacAddr *mac, unsigned int mtu)
{
    /* before the link goes up, or the kernel has already given it an
     * IPv6 link-local address */
    virNetlinkLinkNoIPv6Addresses(sk, ifindex);
    return virNetlinkLinkChange(sk, ifindex, ifname, mac, mtu,
                                brindex, brname, true);
}

/* The kernel counts bridge timers in USER_HZ (clock_t) ticks. */
#define VIR_NETDEV_BRIDGE_USER_HZ 100

/**
 * virNetDevBridgeCreateMsg:
 * Returns a new RTM_NEWLINK request (NLM_F_CREATE | NLM_F_EXCL) for the
 * bridge @cfg describes, or NULL when out of memory.  Caller frees with
 * nlmsg_free().
 */
static struct nl_msg *
virNetDevBridgeCreateMsg(const virNetDevBridgeConfig *cfg)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
    struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK,
                                            NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
    struct nlattr *linkinfo;
    struct nlattr *data;

    if (!msg)
        return NULL;
    if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
        nla_put_string(msg, IFLA_IFNAME, cfg->name) < 0 ||
        (cfg->mac && nla_put(msg, IFLA_ADDRESS, VIR_MAC_BUFLEN, cfg->mac->addr) < 0) ||
        (cfg->mtu > 0 && nla_put_u32(msg, IFLA_MTU, cfg->mtu) < 0) ||
        !(linkinfo = nla_nest_start(msg, IFLA_LINKINFO)) ||
        nla_put_string(msg, IFLA_INFO_KIND, "bridge") < 0 ||
        !(data = nla_nest_start(msg, IFLA_INFO_DATA)) ||
        /* the delay first: the kernel checks its range only while STP
         * is on, and applies the attributes in this order anyway */
        nla_put_u32(msg, IFLA_BR_FORWARD_DELAY,
                    cfg->delay * VIR_NETDEV_BRIDGE_USER_HZ) < 0 ||
        nla_put_u32(msg, IFLA_BR_STP_STATE, cfg->stp ? 1 : 0) < 0) {
        nlmsg_free(msg);
        return NULL;
    }
    nla_nest_end(msg, data);
    nla_nest_end(msg, linkinfo);
    return msg;
}

/**
 * virNetDevBridgeCreate:
 * @sk: a request socket
 * @cfg: name, MAC, MTU, STP and forward delay of the new bridge
 * @ifindex: set to the new bridge's ifindex
 *
 * Creates a Linux bridge with every setting in one request, exclusively:
 * an existing link of that name (bridge or not) is never taken over.  The
 * bridge is left down, so the caller can give it its addresses first.
 * Returns 0, or -1 with an error reported (VIR_ERR_OPERATION_INVALID when
 * the name is taken).
 */
int
virNetDevBridgeCreate(virNetlinkSocket *sk, const virNetDevBridgeConfig *cfg,
                      int *ifindex)
{
    virNetlinkLinkInfo info;
    struct nl_msg *msg;
    int err;

    if (!virNetDevNameIsValid(cfg->name) || cfg->delay > VIR_NETDEV_BRIDGE_DELAY_MAX) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid bridge '%1$s' with forward delay %2$u"),
                       cfg->name ? cfg->name : "", cfg->delay);
        return -1;
    }
    if (!(msg = virNetDevBridgeCreateMsg(cfg))) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", _("out of memory"));
        return -1;
    }
    if ((err = nl_send_auto(sk, msg)) >= 0)
        err = nl_wait_for_ack(sk);
    nlmsg_free(msg);
    if (virNetlinkLinkCreated(sk, err, "bridge", cfg->name, &info) < 0)
        return -1;
    *ifindex = info.ifindex;
    return 0;
}

/**
 * virNetDevBridgeDelete:
 * @sk: a request socket
 * @brname: the bridge to delete
 *
 * Deletes @brname if it is a bridge; a link of another kind is refused,
 * so a network can never delete a tap or an uplink that took its name.
 * A missing bridge is not an error.  Returns 0, or -1 with an error
 * reported.
 */
int
virNetDevBridgeDelete(virNetlinkSocket *sk, const char *brname)
{
    virNetDevBridgeInfo info;
    int rc;

    if ((rc = virNetDevBridgeGetInfo(sk, brname, &info)) <= 0)
        return rc;
    return virNetlinkLinkDelete(sk, info.ifindex, brname);
}

/**
 * virNetDevBridgePinAddress:
 * @sk: a request socket
 * @brname: the bridge's name, for messages
 * @brindex: the bridge's ifindex
 *
 * Sets the bridge's MAC address explicitly to the one it has now.  A
 * bridge whose address was never set takes the lowest address among its
 * ports, and its STP bridge id with it; once set, it keeps it whatever
 * its ports' addresses are (the kernel's "addr_assign_type" becomes
 * NET_ADDR_SET).  Setting an address that was already set explicitly to
 * itself changes nothing.  A bridge that has gone is not an error here
 * (adding the port will say so).
 *
 * The kernel copies the address into the STP bridge id only when the
 * address changes, and a bridge that never had a port has a zero bridge
 * id (which would win every root election once STP runs); for such a
 * bridge the address is changed for a moment and set back — a bridge
 * without ports has no one to confuse.  Returns 0, or -1 with an error
 * reported.
 */
int
virNetDevBridgePinAddress(virNetlinkSocket *sk, const char *brname, int brindex)
{
    virNetlinkLinkInfo info;
    int rc;

    if ((rc = virNetlinkLinkGetInfo(sk, brindex, brname, &info)) <= 0)
        return rc;
    if (!info.hasMac)
        return 0;
    if (info.hasBridgeId && !virMacAddrEqual(&info.bridgeIdAddr, &info.mac)) {
        virMacAddr other = info.mac;

        other.addr[VIR_MAC_BUFLEN - 1] ^= 1;
        if (virNetlinkLinkChange(sk, brindex, brname, &other, 0, 0, NULL, false) < 0)
            return -1;
    }
    return virNetlinkLinkChange(sk, brindex, brname, &info.mac, 0, 0, NULL, false);
}
