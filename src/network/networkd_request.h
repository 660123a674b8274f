/*
 * networkd_request.h: parsing and validation of CreatePort requests
 *
 * A request is the a{sv} dictionary a D-Bus caller sends to CreatePort.  It is
 * untrusted input: this module turns it into a virNetworkdRequest or reports
 * exactly what is wrong with it (the key is always named).  It is pure — it
 * touches no host state — so it can be unit-tested and fuzzed; whether the
 * bridge exists, and is a bridge, is checked later against the kernel.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "networkd_controls.h"
#include "networkd_protocol.h"
#include "virnetdevbandwidth.h"
#include "virnwfilter.h"
#include "virmac.h"
#include "viruuid.h"

typedef struct _virNetworkdRequest virNetworkdRequest;
struct _virNetworkdRequest {
    virNetworkdPlug plug;
    char *bridge;                /* plug bridge: a valid interface name */
    char *network;               /* plug network: the network's name */
    char *device;                /* plug direct: the host interface */
    virNetworkdDirectMode mode;  /* plug direct (default vepa, as upstream) */
    char *ifname;                /* plug none: the name asked for, or NULL */
    bool hasMac;
    virMacAddr mac;              /* the guest's MAC: unicast, non-zero */
    unsigned int mtu;            /* 0: copy the bridge's */
    bool vnetHdr;
    unsigned int queues;         /* 1..VIR_NETWORKD_QUEUES_MAX */
    char *ownerName;             /* NULL when not given */
    bool hasOwnerUUID;
    unsigned char ownerUUID[VIR_UUID_BUFLEN];
    /* asked-for limits (0: none in that direction); the daemon's policy
     * (networkd_controls.h) makes the limits in force */
    virNetDevBandwidth bandwidth;
    unsigned int filterBlocks;   /* virNWFilterBlock bits asked for; 0: none */
    virSocketAddr filterIPs[VIR_NETWORKD_FILTER_IPS_MAX];
    size_t nfilterIPs;
    virNetworkdVirtualport virtualport; /* plug bridge or network: which kind of switch */
    char *interfaceId;           /* virtualport openvswitch: external_ids:iface-id */
    char *ovnSwitch;             /* with interfaceid: the logical switch to create it on
                                  * (plug network: the OVN network's, set by the daemon) */
    /* set by the daemon, never from the bus: the virtual network the port
     * is on imposes its <bandwidth> as default and ceiling
     * (virNetworkdNetHostLimits) */
    bool hasNetworkLimits;
    virNetworkdControlsLimits networkLimits;
    /* set by the daemon for a port on an OVN network: the addresses and
     * DHCP options (a DHCP_Options UUID) of the logical port it creates;
     * NULL: the MAC alone, no DHCP */
    char *ovnAddresses;
    char *ovnDhcpOptions;
    /* set by the daemon for a port on an OVN network that names its
     * northbound database ("unix:/PATH"); NULL: the daemon's */
    char *ovnNorthbound;
};

void virNetworkdRequestFree(virNetworkdRequest *req);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdRequest, virNetworkdRequestFree);

virNetworkdRequest *virNetworkdRequestParse(GVariant *dict);
int virNetworkdRequestCheckNetwork(const char *value);
int virNetworkdRequestParseBandwidth(const char *key, GVariant *value,
                                     virNetDevBandwidthRate *rate);
GVariant *virNetworkdBandwidthRateToVariant(const virNetDevBandwidthRate *rate);
unsigned long long *virNetworkdBandwidthRateMember(virNetDevBandwidthRate *rate,
                                                   virNetworkdBandwidthKey key);
