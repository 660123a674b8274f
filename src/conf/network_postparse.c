/*
 * network_postparse.c: generated defaults of the network XML
 *
 * What upstream fills in when a definition leaves it out: a random uuid,
 * a random 52:54:00 MAC for a bridge the network creates (it keeps the
 * bridge's address stable while ports come and go) or for the DHCP
 * server of an OVN network, and the effective
 * prefix of every <ip>.  The bridge name stays unset: the daemon picks a
 * free virbrN when it defines the network.
 */
#include "network_conf_priv.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NETWORK

/**
 * virNetworkIPDefaultPrefix:
 * The prefix upstream assumes for an <ip> without netmask= or prefix=:
 * the classful one for IPv4, 64 for IPv6.  Returns it, or -1 when an
 * IPv4 address has no class (multicast, reserved).
 */
static int
virNetworkIPDefaultPrefix(const virSocketAddr *addr)
{
    size_t len;
    const unsigned char *bytes = virSocketAddrBytes(addr, &len);
    unsigned char first;

    if (addr->family == AF_INET6)
        return 64;
    if (!bytes)
        return -1;
    first = bytes[0];
    if (first < 128)
        return 8;
    if (first < 192)
        return 16;
    if (first < 224)
        return 24;
    return -1;
}

/**
 * virNetworkIPDefPostParse:
 * Fills the effective prefix of @ip.  Returns 0 or -1 with an error.
 */
static int
virNetworkIPDefPostParse(virNetworkIPDef *ip)
{
    char addr[VIR_SOCKET_ADDR_STRING_BUFLEN];
    char mask[VIR_SOCKET_ADDR_STRING_BUFLEN];
    int prefix;

    if (ip->prefixSet)
        return 0;
    if (virSocketAddrIsSet(&ip->netmask)) {
        if ((prefix = virSocketAddrNetmaskPrefix(&ip->netmask)) < 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("invalid netmask '%1$s' of <ip address='%2$s'>: the ones must be contiguous"),
                           virSocketAddrFormat(&ip->netmask, mask),
                           virSocketAddrFormat(&ip->address, addr));
            return -1;
        }
    } else if ((prefix = virNetworkIPDefaultPrefix(&ip->address)) < 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<ip address='%1$s'> needs a 'prefix' or 'netmask' attribute"),
                       virSocketAddrFormat(&ip->address, addr));
        return -1;
    }
    ip->prefix = prefix;
    return 0;
}

/**
 * virNetworkDefPostParse:
 * See network_conf_priv.h.
 */
int
virNetworkDefPostParse(virNetworkDef *def)
{
    size_t i;

    if (virUUIDIsZero(def->uuid))
        virUUIDGenerate(def->uuid);
    /* an OVN network's MAC is its DHCP server's (server_mac) */
    if (!def->hasMac &&
        (virNetworkDefCreatesBridge(def) || (virNetworkDefIsOvn(def) && def->nips))) {
        virMacAddrGenerate(virMacPrefixLibvirt, &def->mac);
        def->hasMac = true;
    }
    for (i = 0; i < def->nips; i++) {
        if (virNetworkIPDefPostParse(&def->ips[i]) < 0)
            return -1;
    }
    return 0;
}
