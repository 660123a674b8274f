/*
 * networkd_nethost.h: what a running virtual network is on the host
 *
 * Turns a network definition (src/conf/network_conf.h) into the plain
 * structs of the host facilities in src/util (bridge, addresses,
 * forwarding, nftables, dnsmasq) and calls them in the order of
 * docs/internals.rst, "How the daemon calls them".  The translation is
 * pure (virNetworkdNetHostDnsmasqFormat, virNetworkdNetHostNftables,
 * virNetworkdNetHostBridgeChoose) so unit tests cover it without root.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "network_conf.h"
#include "virdnsmasq.h"
#include "virnetlink.h"
#include "virnftables.h"

/* Where one network's runtime files live: @dir/<node>.{conf,pid,leases}
 * (node: the network's UUID as 32 hex digits, so every path passes
 * dnsmasq's path gate whatever the network's name). */
typedef struct _virNetworkdNetHostPaths virNetworkdNetHostPaths;
struct _virNetworkdNetHostPaths {
    char *conf;
    char *pid;
    char *leases;
};

void virNetworkdNetHostPathsInit(virNetworkdNetHostPaths *paths, const char *dir,
                                 const char *node);
void virNetworkdNetHostPathsClear(virNetworkdNetHostPaths *paths);

/* The nftables description of @def; @subnets must hold def->nips. */
void virNetworkdNetHostNftables(const virNetworkDef *def, virNftablesSubnet *subnets,
                                virNftablesNetwork *net);
bool virNetworkdNetHostNeedsDnsmasq(const virNetworkDef *def);
bool virNetworkdNetHostNeedsNftables(const virNetworkDef *def);
char *virNetworkdNetHostDnsmasqFormat(const virNetworkDef *def,
                                      const virNetworkdNetHostPaths *paths,
                                      const char *user);

/* Is a link of this name on the host?  1 yes, 0 no, -1 with an error. */
typedef int (*virNetworkdLinkExistsFunc)(const char *ifname, void *opaque);
char *virNetworkdNetHostBridgeChoose(const char * const *taken,
                                     virNetworkdLinkExistsFunc exists,
                                     void *opaque);

int virNetworkdNetHostStart(virNetlinkSocket *sk, const virNetworkDef *def,
                            const virNetworkdNetHostPaths *paths, const char *user);
int virNetworkdNetHostStop(virNetlinkSocket *sk, const virNetworkDef *def,
                           const virNetworkdNetHostPaths *paths);
int virNetworkdNetHostReconcile(virNetlinkSocket *sk, const virNetworkDef *def,
                                const virNetworkdNetHostPaths *paths, const char *user);
