/*
 * virnwfilter.h: anti-spoofing filters of ports (nftables bridge family,
 * libnftables)
 *
 * Every rule lives in the daemon's own table "bridge
 * libvirt_networkd_filter": one chain per filtered port, reached through
 * one verdict map from one base chain, and one set of the IPv4
 * addresses the port may send from.  Rule text is built only from
 * values that passed virNWFilterPortCheck().
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "virenum.h"
#include "virmac.h"
#include "virsocketaddr.h"

#define VIR_NWFILTER_TABLE "libvirt_networkd_filter"

/* upstream nwfilter's building blocks of clean-traffic, as bits */
typedef enum {
    VIR_NWFILTER_NO_MAC_SPOOFING,       /* only the port's MAC as source */
    VIR_NWFILTER_NO_IP_SPOOFING,        /* only the port's addresses as source */
    VIR_NWFILTER_NO_ARP_SPOOFING,       /* ARP only as the port's MAC and IPv4 */
    VIR_NWFILTER_ALLOW_DHCP,            /* DHCP client yes, DHCP server no */
    VIR_NWFILTER_NO_OTHER_L2_TRAFFIC,   /* IPv4, ARP (IPv6 with addresses) only */

    VIR_NWFILTER_LAST
} virNWFilterBlock;

VIR_ENUM_DECL(virNWFilterBlock);

/* clean-traffic: every building block */
#define VIR_NWFILTER_CLEAN_TRAFFIC ((1u << VIR_NWFILTER_LAST) - 1)

/* Most addresses one port may send from. */
#define VIR_NWFILTER_IPS_MAX 16

/* virnwfilterconf.c: values only, no libnftables */
int virNWFilterBlocksFromName(const char *name, unsigned int *blocks);
int virNWFilterBlocksFromList(const char *list, unsigned int *blocks);
char *virNWFilterBlocksFormat(unsigned int blocks);
bool virNWFilterAddrIsUnicast(const virSocketAddr *a);

typedef struct _virNWFilterPort virNWFilterPort;
struct _virNWFilterPort {
    const char *ifname;             /* the port's device on a bridge */
    virMacAddr mac;                 /* the guest's MAC */
    const virSocketAddr *ips;       /* the guest's addresses (IPv4, IPv6) */
    size_t nips;
    unsigned int blocks;            /* 1 << virNWFilterBlock, at least one */
};

int virNWFilterPortCheck(const virNWFilterPort *port);

char *virNWFilterPortFormat(const virNWFilterPort *port);
char *virNWFilterPortRemoveFormat(const char *ifname);

int virNWFilterAddrsCheck(const char *ifname, const virSocketAddr *ips, size_t nips);
char *virNWFilterPortAddrsFormat(const char *ifname, const virSocketAddr *ips, size_t nips);

int virNWFilterPortAdd(const virNWFilterPort *port);
int virNWFilterPortSetAddrs(const char *ifname, const virSocketAddr *ips, size_t nips);
int virNWFilterPortRemove(const char *ifname);
