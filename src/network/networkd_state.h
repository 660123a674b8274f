/*
 * networkd_state.h: port records, their files, and reconciliation
 *
 * A port record is what the daemon knows about a port.  Each one is kept
 * in its own file, <state dir>/<uuid>.port (GKeyFile), replaced atomically,
 * so a crash leaves either the old or the new record, never half of one.
 * On start the records are reconciled with the kernel: a record whose
 * device still exists (same ifindex, same name, still a tap) is kept, the
 * rest are dropped.  The decision is a pure function of the record and of
 * what the kernel says, so it is unit-tested without a kernel.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "networkd_request.h"
#include "virmac.h"
#include "viruuid.h"

#define VIR_NETWORKD_PORT_FILE_SUFFIX ".port"
/* A record is a few hundred bytes; anything much bigger is not ours. */
#define VIR_NETWORKD_PORT_FILE_MAX 8192

typedef struct _virNetworkdPortRecord virNetworkdPortRecord;
struct _virNetworkdPortRecord {
    unsigned char uuid[VIR_UUID_BUFLEN];
    uid_t uid;
    char *ifname;
    int ifindex;
    virNetworkdPlug plug;
    char *bridge;
    char *network;                /* the virtual network it is on, or NULL */
    char *device;                 /* plug direct: the host interface */
    virNetworkdDirectMode mode;   /* plug direct */
    virMacAddr mac;               /* the guest's MAC */
    unsigned int mtu;
    unsigned int queues;
    bool vnetHdr;
    char *ownerName;              /* NULL when none */
    bool hasOwnerUUID;
    unsigned char ownerUUID[VIR_UUID_BUFLEN];
    gint64 created;               /* µs since the epoch */
    /* plug direct: the process the macvtap lives with (0: none yet) */
    pid_t holderPid;
    unsigned long long holderStart;  /* its start time (virProcessGetStartTime) */
    bool hasLowerMac;             /* passthrough: the device's own MAC, */
    virMacAddr lowerMac;          /* put back when the port goes */
    virNetDevBandwidth bandwidth; /* the limits in force (request and policy) */
    unsigned int filterBlocks;    /* the filter in force (request and policy) */
    virSocketAddr filterIPs[VIR_NETWORKD_FILTER_IPS_MAX];
    size_t nfilterIPs;
    virNetworkdVirtualport virtualport;
    char *interfaceId;            /* OVS external_ids:iface-id, or NULL */
    char *ovnSwitch;              /* the logical switch it was created on, or NULL */
    char *ovnNorthbound;          /* its northbound database ("unix:/PATH") when
                                   * not the daemon's, or NULL */
    char *ifb;                    /* the ifb device of its limits, or NULL
                                   * (networkd_portctl.c) */
};

void virNetworkdPortRecordFree(virNetworkdPortRecord *rec);
void virNetworkdPortRecordDeviceMac(const virNetworkdPortRecord *rec, virMacAddr *mac);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdPortRecord, virNetworkdPortRecordFree);

char *virNetworkdPortRecordFormat(const virNetworkdPortRecord *rec);
char *virNetworkdBandwidthRateFormat(const virNetDevBandwidthRate *rate);
char *virNetworkdFilterIPsFormat(const virSocketAddr *ips, size_t nips);
GVariant *virNetworkdBandwidthRateParse(const char *str);
virNetworkdPortRecord *virNetworkdPortRecordParse(const char *data, size_t len);

char *virNetworkdStatePath(const char *dir, const unsigned char *uuid);
int virNetworkdStateSave(const char *dir, const virNetworkdPortRecord *rec);
int virNetworkdStateRemove(const char *dir, const unsigned char *uuid);
GPtrArray *virNetworkdStateLoad(const char *dir, GPtrArray *badFiles);

/* What the kernel says about a record's device. */
typedef struct _virNetworkdKernelLink virNetworkdKernelLink;
struct _virNetworkdKernelLink {
    bool exists;          /* a link with the record's ifindex exists */
    const char *ifname;   /* its name */
    const char *kind;     /* its IFLA_INFO_KIND ("tun" for a tap, "macvtap") */
    bool up;              /* IFF_UP */
    bool carrier;         /* IFLA_CARRIER */
    bool hasMac;
    virMacAddr mac;
    /* what the holder of a tap's fd can change (virNetlinkTunInfo) */
    bool persist;
    bool hasOwner;
    unsigned int owner;
    bool hasGroup;
    int queues;           /* fds attached, enabled and disabled queues;
                           * -1: not known (a single-queue tap) */
};

typedef enum {
    VIR_NETWORKD_RECONCILE_KEEP = 0,     /* the device is still there */
    VIR_NETWORKD_RECONCILE_DROP_GONE,    /* no link with that ifindex */
    VIR_NETWORKD_RECONCILE_DROP_RENAMED, /* that ifindex has another name */
    VIR_NETWORKD_RECONCILE_DROP_KIND,    /* that ifindex is not a tap */
    VIR_NETWORKD_RECONCILE_DELETE_PERSIST, /* made persistent (TUNSETPERSIST) */
    VIR_NETWORKD_RECONCILE_DELETE_OWNER, /* TUNSETOWNER/TUNSETGROUP by its holder */
    VIR_NETWORKD_RECONCILE_DELETE_CARRIER, /* carrier off with fds attached */
    VIR_NETWORKD_RECONCILE_RESET_MAC,    /* its MAC is not the one the daemon set */

    VIR_NETWORKD_RECONCILE_LAST
} virNetworkdReconcileAction;

VIR_ENUM_DECL(virNetworkdReconcileAction);

int virNetworkdStateDirCheck(const char *dir);
ssize_t virNetworkdStateReadFile(const char *path, size_t maxlen, char **data,
                                 const char **reason);

virNetworkdReconcileAction
virNetworkdStateReconcileDecide(const virNetworkdPortRecord *rec,
                                const virNetworkdKernelLink *link,
                                uid_t daemonUid);
