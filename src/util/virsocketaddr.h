/*
 * virsocketaddr.h: IPv4 and IPv6 addresses and subnets as typed values
 *
 * Everything that ends up in a generated config or firewall rule is parsed
 * into a virSocketAddr first and written back with inet_ntop(), so only the
 * canonical text of a real address ever leaves this tree.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* Enough for any inet_ntop() output plus "/128". */
#define VIR_SOCKET_ADDR_STRING_BUFLEN (INET6_ADDRSTRLEN + 5)

typedef struct _virSocketAddr virSocketAddr;
struct _virSocketAddr {
    int family;                 /* AF_INET or AF_INET6; 0 when unset */
    union {
        struct in_addr v4;
        struct in6_addr v6;
    } in;
};

/* Parses a plain IPv4 or IPv6 address (no prefix, no scope) of @family
 * (AF_UNSPEC for either).  Returns 0, or -1 with an error reported. */
int virSocketAddrParse(const char *str, int family, virSocketAddr *addr);
/* The same without reporting an error: true when @str is an address. */
bool virSocketAddrTryParse(const char *str, int family, virSocketAddr *addr);

/* True when @addr holds an address. */
bool virSocketAddrIsSet(const virSocketAddr *addr);

/* @addr's bytes in network order (4 or 16, in *@len); NULL when unset. */
const unsigned char *virSocketAddrBytes(const virSocketAddr *addr, size_t *len);

/* Canonical text (inet_ntop) into @buf of VIR_SOCKET_ADDR_STRING_BUFLEN.
 * Returns @buf; an unset address formats as "". */
const char *virSocketAddrFormat(const virSocketAddr *addr, char *buf);

/* Largest prefix length of @addr's family: 32 or 128. */
unsigned int virSocketAddrMaxPrefix(const virSocketAddr *addr);

/* True when @addr is set and @prefix is 0..max for its family. */
bool virSocketAddrPrefixIsValid(const virSocketAddr *addr, unsigned int prefix);

/* @net: @addr with the bits past @prefix cleared. */
void virSocketAddrNetwork(const virSocketAddr *addr, unsigned int prefix,
                          virSocketAddr *net);

/* @out: @addr with the bits past @prefix set (the subnet's last address). */
void virSocketAddrBroadcast(const virSocketAddr *addr, unsigned int prefix,
                            virSocketAddr *out);

/* Prefix length of the IPv4 netmask @mask, or -1 when it is not one. */
int virSocketAddrNetmaskPrefix(const virSocketAddr *mask);

/* True when the subnets @a/@aprefix and @b/@bprefix share an address. */
bool virSocketAddrSubnetsOverlap(const virSocketAddr *a, unsigned int aprefix,
                                 const virSocketAddr *b, unsigned int bprefix);

/* True when @addr lies in @net/@prefix (same family). */
bool virSocketAddrInSubnet(const virSocketAddr *addr, const virSocketAddr *net,
                           unsigned int prefix);

/* True when both are set, of one family and equal. */
bool virSocketAddrEqual(const virSocketAddr *a, const virSocketAddr *b);

/* Compares two addresses of one family as big-endian numbers: <0, 0, >0. */
int virSocketAddrCompare(const virSocketAddr *a, const virSocketAddr *b);
