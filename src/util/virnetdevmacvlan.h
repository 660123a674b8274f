/*
 * virnetdevmacvlan.h: macvtap links over a host interface (rtnetlink,
 * libnl-route) and their /dev/tapN queues
 */
#pragma once

#include "virnetdevmacvtap.h"

#include <stdbool.h>

#include "virenum.h"
#include "virmac.h"
#include "virnetlink.h"

/* How a macvtap shares its lower device (<source mode='...'/>). */
typedef enum {
    VIR_NETDEV_MACVLAN_MODE_BRIDGE,       /* guests on one lower device talk directly */
    VIR_NETDEV_MACVLAN_MODE_VEPA,         /* everything goes out to the switch */
    VIR_NETDEV_MACVLAN_MODE_PRIVATE,      /* like vepa, no hairpin back to siblings */
    VIR_NETDEV_MACVLAN_MODE_PASSTHROUGH,  /* the only macvtap on the device */

    VIR_NETDEV_MACVLAN_MODE_LAST
} virNetDevMacvlanMode;

VIR_ENUM_DECL(virNetDevMacvlanMode);

typedef struct _virNetDevMacvtapConfig virNetDevMacvtapConfig;
struct _virNetDevMacvtapConfig {
    const char *name;           /* the new link; chosen by the caller, checked */
    const char *lower;          /* the host interface it sits on */
    virNetDevMacvlanMode mode;
    const virMacAddr *mac;      /* the guest's MAC: unicast, not zero */
};

int virNetDevMacvtapCreate(virNetlinkSocket *sk, const virNetDevMacvtapConfig *cfg,
                           int *ifindex);

int virNetDevMacvtapDelete(virNetlinkSocket *sk, const char *name);


int virNetDevMacvtapCreateOpen(virNetlinkSocket *sk, const virNetDevMacvtapConfig *cfg,
                               unsigned int queues, unsigned int flags, int *fds,
                               int *ifindex);
