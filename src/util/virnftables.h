/*
 * virnftables.h: firewall rules of virtual networks (libnftables)
 *
 * Every rule lives in the daemon's own table, "inet libvirt_networkd";
 * each network has its own base chains there, named after its bridge
 * (in_BR, out_BR, fwd_BR, nat_BR), so one network is added, replaced or
 * removed without touching another network's chains or any other table.
 * Rule text is built only from validated typed values.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "virenum.h"
#include "virsocketaddr.h"

#define VIR_NFTABLES_TABLE "libvirt_networkd"

typedef enum {
    VIR_NFTABLES_MODE_ISOLATED,  /* guests reach each other and the host only */
    VIR_NFTABLES_MODE_NAT,       /* IPv4 masqueraded out; IPv6 routed */
    VIR_NFTABLES_MODE_ROUTE,     /* routed both ways, no NAT */
    VIR_NFTABLES_MODE_OPEN,      /* no rules at all */

    VIR_NFTABLES_MODE_LAST
} virNftablesMode;

VIR_ENUM_DECL(virNftablesMode);

typedef struct _virNftablesSubnet virNftablesSubnet;
struct _virNftablesSubnet {
    virSocketAddr addr;         /* any address of the subnet */
    unsigned int prefix;
};

typedef struct _virNftablesNetwork virNftablesNetwork;
struct _virNftablesNetwork {
    const char *bridge;         /* the network's bridge */
    virNftablesMode mode;
    const char *forwardDev;     /* NULL: out through any interface */
    const virNftablesSubnet *subnets;
    size_t nsubnets;
    virSocketAddr natStart;     /* unset: masquerade to the uplink's address */
    virSocketAddr natEnd;       /* unset: natStart only */
    unsigned int natPortStart;  /* 0 with natPortEnd 0: 1024-65535 */
    unsigned int natPortEnd;
};

char *virNftablesNetworkFormat(const virNftablesNetwork *net);

int virNftablesNetworkAdd(const virNftablesNetwork *net);
int virNftablesNetworkRemove(const char *bridge);
int virNftablesNetworkVerify(const virNftablesNetwork *net);

/* Shared with the other users of libnftables in this library
 * (virnwfilter.c): the interface name gate of rule text, and running one
 * script as one transaction. */
int virNftablesIfnameCheck(const char *what, const char *name);
int virNftablesRun(const char *script, char **output, bool quiet);
int virNftablesRunJSON(const char *script, char **output, bool quiet);
int virNftablesNetnsGet(dev_t *dev, ino_t *ino);
