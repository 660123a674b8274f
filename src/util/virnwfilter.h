/*
 * virnwfilter.h: anti-spoofing filters of ports (nftables bridge family,
 * libnftables)
 *
 * Every rule lives in the daemon's own table "bridge
 * libvirt_networkd_filter": one chain per combination of building
 * blocks, reached through one verdict map from one base chain, and sets
 * of (port, MAC) and (port, address) pairs that make a port's rules its
 * own; and the policers of what guests send, one limit object per port
 * reached through one map.  Rule and element text is built only from
 * values that passed virNWFilterPortCheck() or were parsed into typed
 * values.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

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

/* A policer of what a port sends, with nftables' meaning of a limit
 * object "rate over RATE bytes/second burst BURST bytes": a bucket of
 * RATE + BURST bytes that refills at RATE; what finds it empty is
 * dropped.  (virNetDevBandwidthPolice makes one from <outbound>.) */
typedef struct _virNWFilterPolice virNWFilterPolice;
struct _virNWFilterPolice {
    guint64 rate;                   /* bytes/s, 0 for none */
    guint32 burst;                  /* bytes */
};

/* The largest RATE + BURST: the kernel computes 10^9 * (RATE + BURST)
 * in 64 bits. */
#define VIR_NWFILTER_POLICE_MAX (G_MAXUINT64 / 1000000000)

/* virnwfilterconf.c: values only, no libnftables */
int virNWFilterBlocksFromName(const char *name, unsigned int *blocks);
int virNWFilterBlocksFromList(const char *list, unsigned int *blocks);
char *virNWFilterBlocksFormat(unsigned int blocks);
bool virNWFilterAddrIsUnicast(const virSocketAddr *a);
bool virNWFilterPoliceIsValid(const virNWFilterPolice *police);

typedef struct _virNWFilterPort virNWFilterPort;
struct _virNWFilterPort {
    const char *ifname;             /* the port's device on a bridge */
    virMacAddr mac;                 /* the guest's MAC */
    const virSocketAddr *ips;       /* the guest's addresses (IPv4, IPv6) */
    size_t nips;
    unsigned int blocks;            /* 1 << virNWFilterBlock; 0: no filter */
    virNWFilterPolice police;       /* rate 0: no policer */
};

int virNWFilterPortCheck(const virNWFilterPort *port);
int virNWFilterAddrsCheck(const char *ifname, const virSocketAddr *ips, size_t nips);

/* the limit object of a port's policer: this and the port's name */
#define VIR_NWFILTER_POLICE_PREFIX "police_"

/* "blocks_", two hex digits and "_ip6"; and a chain of an earlier layout
 * ("port_" and a port name) as the kernel lists it */
#define VIR_NWFILTER_CHAIN_BUFLEN 64

/* A port's element in the map "limits". */
typedef enum {
    VIR_NWFILTER_POLICE_MAP_NONE,       /* none */
    VIR_NWFILTER_POLICE_MAP_OURS,       /* to its object "police_NAME" */
    VIR_NWFILTER_POLICE_MAP_FOREIGN,    /* to another object: replaced */
} virNWFilterPoliceMap;

/* What the table holds for one port: its elements. */
typedef struct _virNWFilterElements virNWFilterElements;
struct _virNWFilterElements {
    char chain[VIR_NWFILTER_CHAIN_BUFLEN]; /* its map element's chain, "" for none */
    bool hasMac;                /* an element in "macs" */
    virMacAddr mac;
    GArray *ips;                /* virSocketAddr: elements in "v4" and "v6" */
    bool hasPolice;             /* its limit object "police_NAME" */
    virNWFilterPolice police;   /* ... its values (rate 0: not of this tree) */
    virNWFilterPoliceMap policeMap; /* its element in "limits" */
};

/* A chain, set or map of the table that the layout has not: one of an
 * earlier layout (a chain "port_IFNAME" and a set "port_IFNAME_v4" per
 * port), deleted once nothing uses it (virNWFilterPortsPrune). */
typedef struct _virNWFilterStale virNWFilterStale;
struct _virNWFilterStale {
    const char *kind;           /* "chain", "set" or "map" (static) */
    char name[64];              /* passed the name gate */
};

/* virnwfilterheld.c: elements as values, and the kernel's listing */
virNWFilterElements *virNWFilterElementsNew(void);
virNWFilterElements *virNWFilterElementsCopy(const virNWFilterElements *elems);
void virNWFilterElementsFree(virNWFilterElements *elems);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNWFilterElements, virNWFilterElementsFree);
bool virNWFilterElementsIsEmpty(const virNWFilterElements *elems);
bool virNWFilterElementsHasIP(const virNWFilterElements *elems, const virSocketAddr *ip);
GHashTable *virNWFilterElementsParse(const char *json, GArray *stale);

/* virnwfilter.c: rule text, and the kernel */
typedef enum {
    VIR_NWFILTER_FORMAT_TABLE = 1 << 0, /* (re)write the table and its base chain */
    VIR_NWFILTER_FORMAT_CHAIN = 1 << 1, /* (re)write the port's combination's chain */
} virNWFilterFormatFlags;

virNWFilterElements *virNWFilterPortElements(const virNWFilterPort *port);
char *virNWFilterPortFormat(const virNWFilterPort *port, const virNWFilterElements *held,
                            unsigned int flags);
char *virNWFilterPortRemoveFormat(const char *ifname, const virNWFilterElements *held);
char *virNWFilterPortAddrsFormat(const char *ifname, const virNWFilterElements *held,
                                 const virSocketAddr *ips, size_t nips);

int virNWFilterPortAdd(const virNWFilterPort *port);
int virNWFilterPortSetAddrs(const char *ifname, const virSocketAddr *ips, size_t nips);
int virNWFilterPortRemove(const char *ifname);
void virNWFilterKernelForget(void);
int virNWFilterPortsPrune(bool (*keep)(const char *ifname, void *opaque), void *opaque);
