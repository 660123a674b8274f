/*
 * virnetdevip.h: IP addresses of links (rtnetlink) and IP forwarding
 *
 * A network's bridge gets its addresses here, and the host its forwarding
 * switches: /proc/sys/net belongs to the caller's network namespace, so a
 * test in a namespace of its own changes only that namespace.
 */
#pragma once

#include <stdbool.h>

#include "virnetlink.h"
#include "virsocketaddr.h"

int virNetDevIPAddrAdd(virNetlinkSocket *sk, int ifindex, const char *ifname,
                       const virSocketAddr *addr, unsigned int prefix);

int virNetDevIPAddrDel(virNetlinkSocket *sk, int ifindex, const char *ifname,
                       const virSocketAddr *addr, unsigned int prefix);

int virNetDevIPAddrOverlap(virNetlinkSocket *sk, const virSocketAddr *addr,
                           unsigned int prefix, const char * const *skip,
                           char **where);

int virNetDevIPForwardingGet(int family, bool *enabled);
int virNetDevIPForwardingSet(int family, bool enabled);
