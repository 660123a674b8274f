/*
 * virnetlink.h: rtnetlink link operations (libnl-route) and link events
 *
 * Thin, error-reporting wrappers around libnl-route for the few link
 * operations the tree needs, each asking the kernel about one interface
 * (no link cache: the cost of an operation never grows with the number of
 * interfaces on the host), plus a watcher that turns RTM_DELLINK
 * notifications into callbacks on the GLib main loop.
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

typedef struct _virNetlinkLinkInfo virNetlinkLinkInfo;
struct _virNetlinkLinkInfo {
    int ifindex;
    char ifname[16];
    unsigned int mtu;
    int master;                         /* ifindex of the master, 0 for none */
    unsigned int flags;                 /* IFF_* */
    unsigned int arptype;               /* ARPHRD_* (ARPHRD_ETHER, ARPHRD_LOOPBACK, ...) */
    virMacAddr mac;                     /* zero unless the link has a 6-byte address */
    char kind[VIR_NETLINK_KIND_MAX];    /* IFLA_INFO_KIND ("bridge", "tun"), "" if none */
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

/* Link-removal watcher. */
typedef struct _virNetlinkWatch virNetlinkWatch;

/* Called on the main loop for each removed link (@ifindex > 0, @ifname may
 * be NULL), or with @ifindex == 0 when notifications were lost (receive
 * buffer overrun) and the caller must re-check the links it cares about. */
typedef void (*virNetlinkLinkRemovedFunc)(int ifindex, const char *ifname,
                                          void *opaque);

virNetlinkWatch *virNetlinkWatchNew(virNetlinkLinkRemovedFunc func, void *opaque);
void virNetlinkWatchFree(virNetlinkWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetlinkWatch, virNetlinkWatchFree);
