/*
 * virsocketaddr.c: IPv4 and IPv6 addresses, prefixes and subnets
 */
#include "virsocketaddr.h"

#include <arpa/inet.h>
#include <string.h>

/**
 * virSocketAddrParse:
 * See virsocketaddr.h.  inet_pton() accepts only the strict dotted quad
 * for IPv4 (no "10.1", no octal), which is what the XML wants.
 */
int
virSocketAddrParse(virSocketAddr *addr, const char *str, int family)
{
    virSocketAddr tmp = { 0 };

    if (!str)
        return -1;
    if (family != AF_INET6 && inet_pton(AF_INET, str, tmp.addr) == 1) {
        tmp.family = AF_INET;
    } else if (family != AF_INET && inet_pton(AF_INET6, str, tmp.addr) == 1) {
        tmp.family = AF_INET6;
    } else {
        return -1;
    }
    *addr = tmp;
    return 0;
}

/**
 * virSocketAddrFormat:
 * See virsocketaddr.h.
 */
const char *
virSocketAddrFormat(const virSocketAddr *addr, char *buf)
{
    buf[0] = '\0';
    if (virSocketAddrIsSet(addr) &&
        !inet_ntop(addr->family, addr->addr, buf, VIR_SOCKET_ADDR_STRING_BUFLEN))
        buf[0] = '\0';
    return buf;
}

/**
 * virSocketAddrIsSet:
 * See virsocketaddr.h.
 */
bool
virSocketAddrIsSet(const virSocketAddr *addr)
{
    return addr->family == AF_INET || addr->family == AF_INET6;
}

/**
 * virSocketAddrBits:
 * See virsocketaddr.h.
 */
unsigned int
virSocketAddrBits(const virSocketAddr *addr)
{
    if (addr->family == AF_INET)
        return 32;
    if (addr->family == AF_INET6)
        return 128;
    return 0;
}

/**
 * virSocketAddrNetmaskPrefix:
 * See virsocketaddr.h.
 */
int
virSocketAddrNetmaskPrefix(const virSocketAddr *mask)
{
    unsigned int bits = virSocketAddrBits(mask);
    unsigned int i;
    int prefix = 0;
    bool zero = false;

    if (mask->family != AF_INET)
        return -1;
    for (i = 0; i < bits; i++) {
        bool set = mask->addr[i / 8] & (0x80 >> (i % 8));

        if (set && zero)
            return -1;
        if (set)
            prefix++;
        else
            zero = true;
    }
    return prefix;
}

/**
 * virSocketAddrCompare:
 * See virsocketaddr.h.
 */
int
virSocketAddrCompare(const virSocketAddr *a, const virSocketAddr *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    return memcmp(a->addr, b->addr, virSocketAddrBits(a) / 8);
}

/**
 * virSocketAddrMaskHost:
 * See virsocketaddr.h.
 */
void
virSocketAddrMaskHost(const virSocketAddr *addr, unsigned int prefix,
                      bool all, virSocketAddr *out)
{
    unsigned int bits = virSocketAddrBits(addr);
    unsigned int i;

    *out = *addr;
    for (i = prefix; i < bits; i++) {
        unsigned char bit = 0x80 >> (i % 8);

        if (all)
            out->addr[i / 8] |= bit;
        else
            out->addr[i / 8] &= ~bit;
    }
}

/**
 * virSocketAddrInSubnet:
 * See virsocketaddr.h.
 */
bool
virSocketAddrInSubnet(const virSocketAddr *addr,
                      const virSocketAddr *net, unsigned int prefix)
{
    virSocketAddr a;
    virSocketAddr n;

    if (addr->family != net->family || !virSocketAddrIsSet(addr))
        return false;
    virSocketAddrMaskHost(addr, prefix, false, &a);
    virSocketAddrMaskHost(net, prefix, false, &n);
    return virSocketAddrCompare(&a, &n) == 0;
}

/**
 * virSocketAddrSubnetsOverlap:
 * See virsocketaddr.h.  Two prefixes overlap exactly when they agree on
 * the shorter one.
 */
bool
virSocketAddrSubnetsOverlap(const virSocketAddr *a, unsigned int aprefix,
                            const virSocketAddr *b, unsigned int bprefix)
{
    return virSocketAddrInSubnet(a, b, MIN(aprefix, bprefix));
}
