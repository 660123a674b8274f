/*
 * virnetlink.h: rtnetlink link operations (libnl-route) and link events
 *
 * Thin, error-reporting wrappers around libnl-route for the few link
 * operations the tree needs, each asking the kernel about one interface
 * (no link cache: the cost of an operation never grows with the number of
 * interfaces on the host), plus a watcher that turns link notifications
 * (RTM_DELLINK, RTM_NEWLINK) into callbacks on the GLib main loop.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "virmac.h"

typedef struct nl_sock virNetlinkSocket;

/* Opens a NETLINK_ROUTE socket for requests.  NULL with an error. */
virNetlinkSocket *virNetlinkSocketNew(void);
void virNetlinkSocketFree(virNetlinkSocket *sk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetlinkSocket, virNetlinkSocketFree);

#define VIR_NETLINK_KIND_MAX 32

/* What the kernel says about a tun/tap link (IFLA_INFO_DATA of kind
 * "tun"): the attributes a holder of its fd can change with ioctls. */
typedef struct _virNetlinkTunInfo virNetlinkTunInfo;
struct _virNetlinkTunInfo {
    bool present;                       /* the link is a tun/tap and said so */
    bool persist;                       /* TUNSETPERSIST */
    bool hasOwner;                      /* TUNSETOWNER (unset: anyone may attach) */
    unsigned int owner;
    bool hasGroup;                      /* TUNSETGROUP */
    unsigned int group;
    bool hasQueues;                     /* the counts below are known: the
                                         * kernel gives them for multiqueue
                                         * taps only (a single-queue tap
                                         * takes one fd) */
    unsigned int numQueues;             /* fds attached (enabled queues) */
    unsigned int numDisabledQueues;     /* fds attached, queue disabled */
};

typedef struct _virNetlinkLinkInfo virNetlinkLinkInfo;
struct _virNetlinkLinkInfo {
    int ifindex;
    char ifname[16];
    unsigned int mtu;
    int master;                         /* ifindex of the master, 0 for none */
    unsigned int flags;                 /* IFF_* */
    unsigned int arptype;               /* ARPHRD_* (ARPHRD_ETHER, ARPHRD_LOOPBACK, ...) */
    bool carrier;                       /* IFLA_CARRIER (IFF_LOWER_UP if absent) */
    bool hasMac;                        /* an Ethernet address (IFLA_ADDRESS) */
    virMacAddr mac;
    char kind[VIR_NETLINK_KIND_MAX];    /* IFLA_INFO_KIND ("bridge", "tun"), "" if none */
    virNetlinkTunInfo tun;
    bool hasBridgeId;                   /* a bridge: the address in its STP */
    virMacAddr bridgeIdAddr;            /* bridge id (IFLA_BR_BRIDGE_ID) */
};

int virNetlinkLinkGetInfo(virNetlinkSocket *sk, int ifindex, const char *ifname,
                          virNetlinkLinkInfo *info);

int virNetlinkLinkChange(virNetlinkSocket *sk, int ifindex, const char *ifname,
                         const virMacAddr *mac, unsigned int mtu, int master,
                         const char *masterName, bool up);

/* Asks the kernel not to give the link IPv6 addresses of its own (address
 * generation mode "none"); best effort, see virnetlink.c. */
void virNetlinkLinkNoIPv6Addresses(virNetlinkSocket *sk, int ifindex);

/* After an exclusive RTM_NEWLINK with libnl result @err: reports a taken
 * name (VIR_ERR_OPERATION_INVALID) or failure, else fills @info. */
int virNetlinkLinkCreated(virNetlinkSocket *sk, int err, const char *kind,
                          const char *name, virNetlinkLinkInfo *info);

int virNetlinkLinkDelete(virNetlinkSocket *sk, int ifindex, const char *ifname);

/* The links of one kind (an array of virNetlinkLinkInfo), from one dump. */
GArray *virNetlinkLinkListKind(virNetlinkSocket *sk, const char *kind);

/* Several requests in one sendmsg(), every acknowledgement awaited. */
struct nl_msg;
int virNetlinkSendBatch(virNetlinkSocket *sk, struct nl_msg **msgs, size_t n, size_t *failed);

/* Link watcher. */
typedef struct _virNetlinkWatch virNetlinkWatch;

typedef enum {
    VIR_NETLINK_LINK_REMOVED,   /* RTM_DELLINK */
    VIR_NETLINK_LINK_CHANGED,   /* RTM_NEWLINK: anything about it may have changed */
    VIR_NETLINK_LINK_LOST,      /* notifications were lost (receive buffer
                                 * overrun): re-check every link of interest */
} virNetlinkLinkEvent;

/* Called on the main loop for each event on a link (@ifindex > 0, @ifname
 * may be NULL), or once with VIR_NETLINK_LINK_LOST and @ifindex 0.  A
 * notification says what was true when it was sent; ask the kernel for
 * what is true now (virNetlinkLinkGetInfo) before acting on a change. */
typedef void (*virNetlinkLinkEventFunc)(virNetlinkLinkEvent event, int ifindex,
                                        const char *ifname, void *opaque);

virNetlinkWatch *virNetlinkWatchNew(virNetlinkLinkEventFunc func, void *opaque);
void virNetlinkWatchFree(virNetlinkWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetlinkWatch, virNetlinkWatchFree);
