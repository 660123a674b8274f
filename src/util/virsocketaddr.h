/*
 * virsocketaddr.h: IPv4 and IPv6 addresses, prefixes and subnets
 *
 * Pure value arithmetic (no sockets, no host state), shared by the
 * network XML model (src/conf) and the code that puts the addresses on
 * the host.  Addresses are kept in network byte order.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/socket.h>

/* Longest text form of an address, with the NUL (INET6_ADDRSTRLEN). */
#define VIR_SOCKET_ADDR_STRING_BUFLEN 46

typedef struct _virSocketAddr virSocketAddr;
struct _virSocketAddr {
    int family;              /* AF_INET, AF_INET6, or 0 when unset */
    unsigned char addr[16];  /* 4 or 16 bytes used, network byte order */
};

/* Parse @str as an IPv4 (dotted quad only) or IPv6 address.  When
 * @family is AF_INET or AF_INET6 only that family is accepted.
 * Returns 0, or -1 (no error reported: the caller knows the context). */
int virSocketAddrParse(virSocketAddr *addr, const char *str, int family);

/* Canonical text form into @buf of VIR_SOCKET_ADDR_STRING_BUFLEN bytes;
 * "" for an unset address.  Returns @buf. */
const char *virSocketAddrFormat(const virSocketAddr *addr, char *buf);

/* True when @addr holds an address. */
bool virSocketAddrIsSet(const virSocketAddr *addr);

/* Number of bits of the family of @addr (32 or 128, 0 when unset). */
unsigned int virSocketAddrBits(const virSocketAddr *addr);

/* Prefix length of the IPv4 netmask @mask (contiguous ones), or -1 when
 * @mask is not a netmask. */
int virSocketAddrNetmaskPrefix(const virSocketAddr *mask);

/* Compare two addresses of the same family as unsigned numbers:
 * <0, 0 or >0.  Addresses of different families compare by family. */
int virSocketAddrCompare(const virSocketAddr *a, const virSocketAddr *b);

/* True when @addr lies in @net/@prefix (same family). */
bool virSocketAddrInSubnet(const virSocketAddr *addr,
                           const virSocketAddr *net, unsigned int prefix);

/* True when the subnets @a/@aprefix and @b/@bprefix share an address. */
bool virSocketAddrSubnetsOverlap(const virSocketAddr *a, unsigned int aprefix,
                                 const virSocketAddr *b, unsigned int bprefix);

/* @addr with the host bits (beyond @prefix) cleared (@all false) or set
 * (@all true) into @out. */
void virSocketAddrMaskHost(const virSocketAddr *addr, unsigned int prefix,
                           bool all, virSocketAddr *out);
