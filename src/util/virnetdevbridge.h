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

int virNetDevBridgePinAddress(virNetlinkSocket *sk, const char *brname, int brindex);
