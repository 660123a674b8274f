/*
 * networkd_client_network.h: the virtual networks of libvirt-networkd,
 * client side
 *
 * One function per network call of the D-Bus API (docs/networkd.rst,
 * "Virtual networks"): DefineNetwork, CreateNetwork, ListNetworks and
 * LookupNetwork on the Manager; Start, Destroy, Undefine, SetAutostart,
 * GetXMLDesc and GetDHCPLeases on a Network object.  Used by virsh's
 * net-* commands and the tests.  Like networkd_client.h, every call is
 * synchronous, talks to the system bus of the environment and reports
 * errors through virerror.h with the D-Bus error name as the detail; a
 * NotFound answer is VIR_ERR_NO_NETWORK.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "networkd_client.h"

/*
 * A network as the daemon describes it (the Network object's properties).
 * Strings are owned by the struct; free with virNetworkdNetworkInfoFree().
 */
typedef struct _virNetworkdNetworkInfo virNetworkdNetworkInfo;
struct _virNetworkdNetworkInfo {
    char *path;         /* D-Bus object path of the Network object */
    char *name;
    char *uuid;         /* dashed */
    bool active;
    bool persistent;
    bool autostart;
    char *bridge;       /* "" when it has none (yet) */
};

void virNetworkdNetworkInfoFree(virNetworkdNetworkInfo *net);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdNetworkInfo, virNetworkdNetworkInfoFree);

/* One DHCP lease (GetDHCPLeases); strings owned, "" when unknown. */
typedef enum {
    VIR_NETWORKD_LEASE_IPV4 = 0,
    VIR_NETWORKD_LEASE_IPV6 = 1,
} virNetworkdLeaseType;

typedef struct _virNetworkdLease virNetworkdLease;
struct _virNetworkdLease {
    guint64 expiryTime;     /* seconds since the epoch; 0: never */
    char *mac;
    char *ipAddress;
    guint32 prefix;
    char *hostname;
    char *clientId;
    guint32 type;           /* virNetworkdLeaseType */
    char *iface;            /* the network's bridge */
};

void virNetworkdLeaseFree(virNetworkdLease *lease);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdLease, virNetworkdLeaseFree);

/* Flags of virNetworkdNetworkGetXMLDesc(), as on the bus. */
typedef enum {
    VIR_NETWORKD_NETWORK_XML_INACTIVE = 1 << 0,  /* the stored definition */
} virNetworkdNetworkXMLFlags;

virNetworkdNetworkInfo *virNetworkdNetworkDefine(const char *xml);
virNetworkdNetworkInfo *virNetworkdNetworkCreate(const char *xml);
GPtrArray *virNetworkdNetworkList(void);
virNetworkdNetworkInfo *virNetworkdNetworkLookup(const char *nameOrUUID);

int virNetworkdNetworkStart(const virNetworkdNetworkInfo *net);
int virNetworkdNetworkDestroy(const virNetworkdNetworkInfo *net);
int virNetworkdNetworkUndefine(const virNetworkdNetworkInfo *net);
int virNetworkdNetworkSetAutostart(const virNetworkdNetworkInfo *net, bool autostart);
char *virNetworkdNetworkGetXMLDesc(const virNetworkdNetworkInfo *net, unsigned int flags);
GPtrArray *virNetworkdNetworkGetDHCPLeases(const virNetworkdNetworkInfo *net,
                                           const char *mac);
