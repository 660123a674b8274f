/*
 * virnetdevip.c: IP addresses of links (rtnetlink) and IP forwarding
 */
#include "virnetdevip.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_addr.h>
#include <netlink/netlink.h>
#include <netlink/addr.h>
#include <netlink/route/addr.h>

#include "virerror.h"
#include "virfile.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

/**
 * virNetDevIPAddrOverlap:
 * @sk: a request socket
 * @addr: any address of a subnet
 * @prefix: its prefix length
 * @skip: NULL-terminated names of links whose addresses do not count
 *        (the bridges of running networks), or NULL
 * @where: set, on a match, to "IFNAME ADDRESS/PREFIX" (caller frees)
 *
 * Is an address of the host (of the caller's network namespace) inside
 * @addr/@prefix, or is @addr inside the subnet of one?  One dump of the
 * kernel's addresses.  Returns 1 (*@where set), 0, or -1 with an error.
 */
int
virNetDevIPAddrOverlap(virNetlinkSocket *sk, const virSocketAddr *addr, unsigned int prefix,
                       const char * const *skip, char **where)
{
    struct nl_cache *cache = NULL;
    struct nl_object *obj;
    int err;
    int ret = 0;

    if ((err = rtnl_addr_alloc_cache(sk, &cache)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, _("cannot list the host's addresses: %1$s"),
                       nl_geterror(err));
        return -1;
    }
    for (obj = nl_cache_get_first(cache); obj && ret == 0; obj = nl_cache_get_next(obj)) {
        struct rtnl_addr *ra = (struct rtnl_addr *)obj;
        struct nl_addr *local = rtnl_addr_get_local(ra);
        char ifname[IF_NAMESIZE] = "";
        char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];
        virSocketAddr a = { 0 };
        unsigned int plen = rtnl_addr_get_prefixlen(ra);

        if (!local || nl_addr_get_family(local) != addr->family ||
            nl_addr_get_len(local) != (addr->family == AF_INET ? 4u : 16u))
            continue;
        a.family = addr->family;
        memcpy(&a.in, nl_addr_get_binary_addr(local), nl_addr_get_len(local));
        if (!virSocketAddrSubnetsOverlap(addr, prefix, &a, plen))
            continue;
        if (!if_indextoname(rtnl_addr_get_ifindex(ra), ifname))
            g_snprintf(ifname, sizeof(ifname), "#%d", rtnl_addr_get_ifindex(ra));
        if (skip && g_strv_contains(skip, ifname))
            continue;
        *where = g_strdup_printf("%s %s/%u", ifname, virSocketAddrFormat(&a, buf), plen);
        ret = 1;
    }
    nl_cache_free(cache);
    return ret;
}

/**
 * virNetDevIPAddrBuild:
 * Returns a new rtnl_addr for @addr/@prefix on @ifindex (an IPv4 address
 * with its subnet's broadcast, an IPv6 one without duplicate address
 * detection), or NULL when out of memory or the prefix does not fit.
 * Caller frees with rtnl_addr_put().
 */
static struct rtnl_addr *
virNetDevIPAddrBuild(int ifindex, const virSocketAddr *addr, unsigned int prefix)
{
    struct rtnl_addr *ra;
    struct nl_addr *local;
    size_t len = addr->family == AF_INET ? 4 : 16;

    if (!virSocketAddrPrefixIsValid(addr, prefix) || !(ra = rtnl_addr_alloc()))
        return NULL;
    if (!(local = nl_addr_build(addr->family, &addr->in, len))) {
        rtnl_addr_put(ra);
        return NULL;
    }
    nl_addr_set_prefixlen(local, prefix);
    rtnl_addr_set_ifindex(ra, ifindex);
    rtnl_addr_set_family(ra, addr->family);
    rtnl_addr_set_local(ra, local);
    rtnl_addr_set_prefixlen(ra, prefix);
    nl_addr_put(local);

    if (addr->family == AF_INET && prefix < 31) {
        struct in_addr bcast = addr->in.v4;
        struct nl_addr *nb;

        bcast.s_addr |= htonl(0xffffffffu >> prefix);
        if ((nb = nl_addr_build(AF_INET, &bcast, 4))) {
            rtnl_addr_set_broadcast(ra, nb);
            nl_addr_put(nb);
        }
    } else if (addr->family == AF_INET6) {
        /* The bridge is the network's own: no other host can hold its
         * address, and dnsmasq cannot bind a tentative one. */
        rtnl_addr_set_flags(ra, IFA_F_NODAD);
    }
    return ra;
}

/**
 * virNetDevIPAddrChange:
 * Adds (@add) or deletes @addr/@prefix on @ifindex.  An address that is
 * there already (adding) or gone already (deleting) is not an error, so
 * reconciling after a restart can simply apply everything again.
 * Returns 0, or -1 with an error reported.
 */
static int
virNetDevIPAddrChange(virNetlinkSocket *sk, int ifindex, const char *ifname,
                      const virSocketAddr *addr, unsigned int prefix, bool add)
{
    struct rtnl_addr *ra = virNetDevIPAddrBuild(ifindex, addr, prefix);
    char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];
    int err;

    if (!ra) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid address '%1$s/%2$u' for interface '%3$s'"),
                       virSocketAddrFormat(addr, buf), prefix, ifname);
        return -1;
    }
    err = add ? rtnl_addr_add(sk, ra, NLM_F_EXCL) : rtnl_addr_delete(sk, ra, 0);
    rtnl_addr_put(ra);
    if ((add && err == -NLE_EXIST) ||
        (!add && (err == -NLE_NOADDR || err == -NLE_NODEV || err == -NLE_OBJ_NOTFOUND)))
        return 0;
    if (err < 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       add ? _("cannot add address '%1$s/%2$u' to '%3$s': %4$s")
                           : _("cannot remove address '%1$s/%2$u' from '%3$s': %4$s"),
                       virSocketAddrFormat(addr, buf), prefix, ifname, nl_geterror(err));
        return -1;
    }
    return 0;
}

/**
 * virNetDevIPAddrAdd:
 * @sk: a request socket
 * @ifindex: the link
 * @ifname: its name, for messages
 * @addr: the address (IPv4 or IPv6)
 * @prefix: the subnet's prefix length
 *
 * Puts @addr/@prefix on the link (the kernel adds the subnet's route).
 * An address that is there already is not an error.  Returns 0, or -1
 * with an error reported.
 */
int
virNetDevIPAddrAdd(virNetlinkSocket *sk, int ifindex, const char *ifname,
                   const virSocketAddr *addr, unsigned int prefix)
{
    return virNetDevIPAddrChange(sk, ifindex, ifname, addr, prefix, true);
}

/**
 * virNetDevIPAddrDel:
 * Removes @addr/@prefix from the link; one that is gone (or a link that is
 * gone) is not an error.  Returns 0, or -1 with an error reported.
 */
int
virNetDevIPAddrDel(virNetlinkSocket *sk, int ifindex, const char *ifname,
                   const virSocketAddr *addr, unsigned int prefix)
{
    return virNetDevIPAddrChange(sk, ifindex, ifname, addr, prefix, false);
}

/**
 * virNetDevIPForwardingPath:
 * Returns the sysctl file of @family's forwarding switch, or NULL.
 */
static const char *
virNetDevIPForwardingPath(int family)
{
    if (family == AF_INET)
        return "/proc/sys/net/ipv4/ip_forward";
    if (family == AF_INET6)
        return "/proc/sys/net/ipv6/conf/all/forwarding";
    return NULL;
}

/**
 * virNetDevIPForwardingGet:
 * @family: AF_INET or AF_INET6
 * @enabled: set to the switch's state in the caller's network namespace
 *
 * Returns 0, or -1 with an error reported.
 */
int
virNetDevIPForwardingGet(int family, bool *enabled)
{
    const char *path = virNetDevIPForwardingPath(family);
    g_autofree char *buf = NULL;

    if (!path) {
        virReportError(VIR_ERR_INVALID_ARG, _("unknown address family %1$d"), family);
        return -1;
    }
    if (virFileReadAll(path, 16, &buf) < 0)
        return -1;
    *enabled = buf[0] == '1';
    return 0;
}

/**
 * virNetDevIPForwardingSet:
 * @family: AF_INET or AF_INET6
 * @enabled: the state to set
 *
 * Switches forwarding between all interfaces of the caller's network
 * namespace.  For IPv6 the kernel then stops accepting router
 * advertisements on interfaces whose accept_ra is 1 (a router does not
 * autoconfigure).  Returns 0, or -1 with an error reported.
 */
int
virNetDevIPForwardingSet(int family, bool enabled)
{
    const char *path = virNetDevIPForwardingPath(family);
    VIR_AUTOCLOSE fd = -1;
    const char *val = enabled ? "1\n" : "0\n";

    if (!path) {
        virReportError(VIR_ERR_INVALID_ARG, _("unknown address family %1$d"), family);
        return -1;
    }
    if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0 ||
        write(fd, val, 2) != 2) {
        virReportSystemError(errno, _("cannot write '%1$s'"), path);
        return -1;
    }
    return 0;
}
