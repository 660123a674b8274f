/*
 * virnetdevbridge.c: Linux bridges and their ports (via rtnetlink)
 */
#include "virnetdevbridge.h"

#include <string.h>

#include "virerror.h"

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
