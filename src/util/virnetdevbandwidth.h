/*
 * virnetdevbandwidth.h: bandwidth limits of a port (traffic control over
 * rtnetlink, libnl-route)
 *
 * Units are upstream libvirt's <bandwidth>: rates in kilobytes per second
 * (1000 bytes), bursts in kibibytes (1024 bytes).
 */
#pragma once

#include <stdbool.h>

#include "virmac.h"
#include "virnetlink.h"

/* Largest rate (kilobytes/s) and burst (KiB) accepted: 4 TB/s and 4 GiB. */
#define VIR_NETDEV_BANDWIDTH_RATE_MAX 4294967295ULL
#define VIR_NETDEV_BANDWIDTH_BURST_MAX 4194303ULL

typedef struct _virNetDevBandwidthRate virNetDevBandwidthRate;
struct _virNetDevBandwidthRate {
    unsigned long long average;     /* kilobytes/s; 0: no limit in this direction */
    unsigned long long peak;        /* kilobytes/s, >= average; 0: average */
    unsigned long long burst;       /* KiB at peak speed; 0: the kernel's minimum */
    unsigned long long floor;       /* kilobytes/s guaranteed on a network's
                                     * bridge (inbound only): a class of
                                     * its tree, not of the port's device */
};

/* As the domain XML says it: <inbound> is what the guest receives,
 * <outbound> what it sends. */
typedef struct _virNetDevBandwidth virNetDevBandwidth;
struct _virNetDevBandwidth {
    virNetDevBandwidthRate inbound;
    virNetDevBandwidthRate outbound;
};

/* Which way the device faces the guest. */
typedef enum {
    /* a tap: what the host sends out of it reaches the guest */
    VIR_NETDEV_BANDWIDTH_DEVICE_TAP,
    /* a macvtap: what leaves it comes from the guest */
    VIR_NETDEV_BANDWIDTH_DEVICE_MACVTAP,
} virNetDevBandwidthDevice;

/* virnetdevbandwidthconf.c: values only, no libnl */
int virNetDevBandwidthCheck(const virNetDevBandwidth *bw);
void virNetDevBandwidthClamp(virNetDevBandwidth *bw, const virNetDevBandwidth *ceiling);
bool virNetDevBandwidthPolice(const virNetDevBandwidthRate *r, guint64 *rate, guint64 *burst);

int virNetDevBandwidthSet(virNetlinkSocket *sk, const char *ifname,
                          virNetDevBandwidthDevice device, const char *ifbName,
                          const virNetDevBandwidth *bw);

/* A port's device just made, for virNetDevBandwidthSetNew. */
typedef struct _virNetDevBandwidthPort virNetDevBandwidthPort;
struct _virNetDevBandwidthPort {
    const char *ifname;             /* the port's device (a tap or a macvtap) */
    int ifindex;                    /* its index and MTU when the caller */
    unsigned int mtu;               /* knows both (else 0: looked up) */
    virNetDevBandwidthDevice device;
    const char *ifbName;            /* the ifb for its ingress, or NULL */
    int ifbIndex;                   /* > 0: @ifbName is a spare of
                                     * virNetDevBandwidthIfbPrepare, taken
                                     * over; 0: created */
};

int virNetDevBandwidthSetNew(virNetlinkSocket *sk, const virNetDevBandwidthPort *port,
                             const virNetDevBandwidth *bw);

bool virNetDevBandwidthNeedsIfb(const virNetDevBandwidth *bw, virNetDevBandwidthDevice device);

/* Spare ifb devices, made ahead of time and taken over by SetNew. */
int virNetDevBandwidthIfbPrepare(virNetlinkSocket *sk, const char *name, int *ifindex);
int virNetDevBandwidthIfbReset(virNetlinkSocket *sk, int ifindex, const char *name);

int virNetDevBandwidthClear(virNetlinkSocket *sk, const char *ifname,
                            const char *ifbName);

/* A virtual network's class tree on its bridge (floor): class 1:N per
 * port, N from VIR_NETDEV_BANDWIDTH_TREE_FIRST. */
#define VIR_NETDEV_BANDWIDTH_TREE_FIRST 3

int virNetDevBandwidthTreeCreate(virNetlinkSocket *sk, const char *bridge,
                                 const virNetDevBandwidthRate *net,
                                 unsigned long long floorSum);
int virNetDevBandwidthTreeSetDefault(virNetlinkSocket *sk, const char *bridge,
                                     const virNetDevBandwidthRate *net,
                                     unsigned long long floorSum);
int virNetDevBandwidthTreePlug(virNetlinkSocket *sk, const char *bridge, unsigned int minor,
                               const virMacAddr *mac, unsigned long long floor,
                               const virNetDevBandwidthRate *net);
int virNetDevBandwidthTreeUnplug(virNetlinkSocket *sk, const char *bridge, unsigned int minor);
int virNetDevBandwidthTreeClear(virNetlinkSocket *sk, const char *bridge);
