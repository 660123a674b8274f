/*
 * virnetdevbridge.h: Linux bridges and their ports (via rtnetlink)
 */
#pragma once

#include <stdbool.h>

#include "virmac.h"
#include "virnetlink.h"

typedef struct _virNetDevBridgeInfo virNetDevBridgeInfo;
struct _virNetDevBridgeInfo {
    int ifindex;
    unsigned int mtu;
};

int virNetDevBridgeGetInfo(virNetlinkSocket *sk, const char *brname,
                           virNetDevBridgeInfo *info);

int virNetDevBridgeAddPort(virNetlinkSocket *sk, const char *brname,
                           int brindex, const char *ifname, int ifindex,
                           const virMacAddr *mac, unsigned int mtu);

/* What a network's own bridge is created with. */
typedef struct _virNetDevBridgeConfig virNetDevBridgeConfig;
struct _virNetDevBridgeConfig {
    const char *name;           /* checked with virNetDevNameIsValid */
    const virMacAddr *mac;      /* the bridge's address, or NULL for the kernel's */
    unsigned int mtu;           /* 0: the kernel's default */
    bool stp;                   /* spanning tree on */
    unsigned int delay;         /* forward delay in seconds, 0..VIR_NETDEV_BRIDGE_DELAY_MAX */
};

/* The kernel's largest forward delay (BR_MAX_FORWARD_DELAY). */
#define VIR_NETDEV_BRIDGE_DELAY_MAX 30

int virNetDevBridgeCreate(virNetlinkSocket *sk, const virNetDevBridgeConfig *cfg,
                          int *ifindex);

int virNetDevBridgeDelete(virNetlinkSocket *sk, const char *brname);

int virNetDevBridgePinAddress(virNetlinkSocket *sk, const char *brname, int brindex);
