/*
 * virsocketaddr.c: IPv4 and IPv6 addresses and subnets as typed values
 */
#include "virsocketaddr.h"

#include <string.h>
#include <arpa/inet.h>

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NONE

/**
 * virSocketAddrTryParse:
 * @str: the text, e.g. "198.18.5.1" or "fd00::1"
 * @family: AF_INET, AF_INET6 or AF_UNSPEC (either)
 * @addr: filled on success, cleared otherwise
 *
 * inet_pton() only: no host names, no prefixes, no scope ids, no legacy
 * forms such as "10.1" that inet_aton() would take.  Reports nothing, for
 * callers that name the context in their own error (an XML attribute).
 * Returns true when @str is an address of @family.
 */
bool
virSocketAddrTryParse(const char *str, int family, virSocketAddr *addr)
{
    memset(addr, 0, sizeof(*addr));
    if (str && (family == AF_INET || family == AF_UNSPEC) &&
        inet_pton(AF_INET, str, &addr->in.v4) == 1) {
        addr->family = AF_INET;
        return true;
    }
    if (str && (family == AF_INET6 || family == AF_UNSPEC) &&
        inet_pton(AF_INET6, str, &addr->in.v6) == 1) {
        addr->family = AF_INET6;
        return true;
    }
    memset(addr, 0, sizeof(*addr));
    return false;
}

/**
 * virSocketAddrParse:
 * virSocketAddrTryParse() that reports what was wrong.
 * Returns 0, or -1 with an error reported (VIR_ERR_INVALID_ARG).
 */
int
virSocketAddrParse(const char *str, int family, virSocketAddr *addr)
{
    if (virSocketAddrTryParse(str, family, addr))
        return 0;
    virReportError(VIR_ERR_INVALID_ARG, _("invalid IP address '%1$s'"),
                   str ? str : "");
    return -1;
}

/**
 * virSocketAddrIsSet:
 * True when @addr holds an IPv4 or IPv6 address.
 */
bool
virSocketAddrIsSet(const virSocketAddr *addr)
{
    return addr->family == AF_INET || addr->family == AF_INET6;
}

/**
 * virSocketAddrFormat:
 * Writes @addr's canonical text into @buf (VIR_SOCKET_ADDR_STRING_BUFLEN
 * bytes) and returns @buf; "" for an unset address.
 */
const char *
virSocketAddrFormat(const virSocketAddr *addr, char *buf)
{
    buf[0] = '\0';
    if (addr->family == AF_INET || addr->family == AF_INET6) {
        if (!inet_ntop(addr->family, &addr->in, buf, VIR_SOCKET_ADDR_STRING_BUFLEN))
            buf[0] = '\0';
    }
    return buf;
}

/**
 * virSocketAddrBytes:
 * Returns @addr's bytes (network order) and sets *@len; NULL when unset.
 */
const unsigned char *
virSocketAddrBytes(const virSocketAddr *addr, size_t *len)
{
    switch (addr->family) {
    case AF_INET:
        *len = 4;
        return (const unsigned char *)&addr->in.v4;
    case AF_INET6:
        *len = 16;
        return (const unsigned char *)&addr->in.v6;
    }
    *len = 0;
    return NULL;
}

/**
 * virSocketAddrMaxPrefix:
 * Returns 32 for IPv4, 128 for IPv6, 0 for an unset address.
 */
unsigned int
virSocketAddrMaxPrefix(const virSocketAddr *addr)
{
    size_t len;

    virSocketAddrBytes(addr, &len);
    return len * 8;
}

/**
 * virSocketAddrPrefixIsValid:
 * True when @addr is set and @prefix fits its family.
 */
bool
virSocketAddrPrefixIsValid(const virSocketAddr *addr, unsigned int prefix)
{
    unsigned int max = virSocketAddrMaxPrefix(addr);

    return max > 0 && prefix <= max;
}

/**
 * virSocketAddrNetwork:
 * Sets @net to @addr with every bit past @prefix cleared.  @net may be
 * @addr.
 */
void
virSocketAddrNetwork(const virSocketAddr *addr, unsigned int prefix,
                     virSocketAddr *net)
{
    unsigned char *bytes;
    size_t len;
    size_t i;

    if (net != addr)
        *net = *addr;
    bytes = (unsigned char *)virSocketAddrBytes(net, &len);
    for (i = 0; i < len; i++) {
        if (prefix >= (i + 1) * 8)
            continue;
        if (prefix <= i * 8)
            bytes[i] = 0;
        else
            bytes[i] &= (unsigned char)(0xff << (8 - (prefix - i * 8)));
    }
}

/**
 * virSocketAddrInSubnet:
 * True when @addr and @net are of one family and agree on the first
 * @prefix bits.
 */
bool
virSocketAddrInSubnet(const virSocketAddr *addr, const virSocketAddr *net,
                      unsigned int prefix)
{
    virSocketAddr a, n;

    if (addr->family != net->family || !virSocketAddrPrefixIsValid(addr, prefix))
        return false;
    virSocketAddrNetwork(addr, prefix, &a);
    virSocketAddrNetwork(net, prefix, &n);
    return virSocketAddrEqual(&a, &n);
}

/**
 * virSocketAddrCompare:
 * Orders two addresses of one family as big-endian numbers.  Addresses of
 * different families order by family.  Returns <0, 0 or >0.
 */
int
virSocketAddrCompare(const virSocketAddr *a, const virSocketAddr *b)
{
    const unsigned char *ba, *bb;
    size_t la, lb;

    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    ba = virSocketAddrBytes(a, &la);
    bb = virSocketAddrBytes(b, &lb);
    if (!ba || !bb)
        return 0;
    return memcmp(ba, bb, la);
}

/**
 * virSocketAddrEqual:
 * True when @a and @b are set, of one family and equal.
 */
bool
virSocketAddrEqual(const virSocketAddr *a, const virSocketAddr *b)
{
    return a->family != 0 && virSocketAddrCompare(a, b) == 0;
}

/**
 * virSocketAddrBroadcast:
 * @out: @addr with every bit past @prefix set (the last address of the
 *       subnet; IPv4's broadcast address)
 */
void
virSocketAddrBroadcast(const virSocketAddr *addr, unsigned int prefix,
                       virSocketAddr *out)
{
    unsigned char *bytes;
    size_t len;
    size_t i;

    if (out != addr)
        *out = *addr;
    bytes = (unsigned char *)virSocketAddrBytes(out, &len);
    for (i = 0; i < len; i++) {
        if (prefix >= (i + 1) * 8)
            continue;
        if (prefix <= i * 8)
            bytes[i] = 0xff;
        else
            bytes[i] |= (unsigned char)(0xff >> (prefix - i * 8));
    }
}

/**
 * virSocketAddrNetmaskPrefix:
 * Returns the prefix length of the IPv4 netmask @mask (contiguous ones
 * from the top), or -1 when @mask is not IPv4 or not a netmask.
 */
int
virSocketAddrNetmaskPrefix(const virSocketAddr *mask)
{
    uint32_t bits;
    int prefix = 0;

    if (mask->family != AF_INET)
        return -1;
    bits = ntohl(mask->in.v4.s_addr);
    while (prefix < 32 && (bits & (0x80000000u >> prefix)))
        prefix++;
    if (prefix < 32 && (bits << prefix) != 0)
        return -1;
    return prefix;
}

/**
 * virSocketAddrSubnetsOverlap:
 * True when the subnets @a/@aprefix and @b/@bprefix (of one family) share
 * an address: one contains the other.
 */
bool
virSocketAddrSubnetsOverlap(const virSocketAddr *a, unsigned int aprefix,
                            const virSocketAddr *b, unsigned int bprefix)
{
    return virSocketAddrInSubnet(a, b, MIN(aprefix, bprefix));
}
