/*
 * networkd_client_common.h: what both clients of libvirt-networkd share
 *
 * The GDBus client (networkd_client.c: QEMU driver, virsh, tests) and the
 * sd-bus client of short-lived helpers (networkd_client_sdbus.c:
 * libvirt-bridge-helper) speak the same API: the names, the request, and
 * how a D-Bus error reads to the user, so a refusal reads the same
 * whichever transport carried it.  The names, fields and errors themselves
 * are the contract's (networkd_protocol.h).  Needs GLib only.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "networkd_protocol.h"
#include "virerror.h"

typedef enum {
    VIR_NETWORKD_VNET_HDR_DEFAULT = 0, /* key not sent: the daemon decides */
    VIR_NETWORKD_VNET_HDR_ON,
    VIR_NETWORKD_VNET_HDR_OFF,
} virNetworkdVnetHdr;

/* One direction of bandwidth limits as the domain XML says them
 * (kilobytes/s, KiB); 0: not sent. */
typedef struct _virNetworkdPortRequestRate virNetworkdPortRequestRate;
struct _virNetworkdPortRequestRate {
    unsigned long long average;
    unsigned long long peak;
    unsigned long long burst;
    unsigned long long floor;
};

/*
 * What a caller asks for.  Strings are borrowed; NULL / 0 means "key not
 * sent", so the daemon applies its default.
 */
typedef struct _virNetworkdPortRequest virNetworkdPortRequest;
struct _virNetworkdPortRequest {
    const char *plug;        /* "bridge" (NULL: "bridge"), "network", "direct" */
    const char *bridge;      /* bridge name, for plug "bridge" */
    const char *device;      /* host interface, for plug "direct" */
    const char *mode;        /* macvtap mode, for plug "direct" (NULL: the daemon's) */
    const char *network;     /* network name, for plug "network" */
    const char *mac;         /* guest MAC, "52:54:00:..." */
    unsigned int mtu;        /* 0: take the bridge's MTU */
    virNetworkdVnetHdr vnetHdr;
    unsigned int queues;     /* 0: one queue */
    const char *ownerName;   /* e.g. the domain name */
    const char *ownerUUID;   /* e.g. the domain UUID */
    virNetworkdPortRequestRate inbound;   /* to the guest; average 0: none */
    virNetworkdPortRequestRate outbound;  /* from the guest */
    const char *filter;      /* "clean-traffic" or building blocks; NULL: none */
    const char * const *filterIPs;  /* NULL-terminated; NULL: none */
};

/* The a{sv} CreatePort takes, with only the keys @req sets (floating). */
GVariant *virNetworkdPortRequestToVariant(const virNetworkdPortRequest *req);

/* What a call was doing, so an error can say it in the user's terms. */
typedef enum {
    VIR_NETWORKD_CLIENT_OP_CREATE,
    VIR_NETWORKD_CLIENT_OP_LIST,
    VIR_NETWORKD_CLIENT_OP_GET,
    VIR_NETWORKD_CLIENT_OP_DELETE,
    VIR_NETWORKD_CLIENT_OP_BIND,
    VIR_NETWORKD_CLIENT_OP_CREATE_ON_NETWORK, /* CreatePort, plug "network" */
    /* networks (networkd_client_network.c); the subject is the network */
    VIR_NETWORKD_CLIENT_OP_NET_DEFINE,
    VIR_NETWORKD_CLIENT_OP_NET_CREATE,
    VIR_NETWORKD_CLIENT_OP_NET_LIST,
    VIR_NETWORKD_CLIENT_OP_NET_LOOKUP,
    VIR_NETWORKD_CLIENT_OP_NET_START,
    VIR_NETWORKD_CLIENT_OP_NET_DESTROY,
    VIR_NETWORKD_CLIENT_OP_NET_UNDEFINE,
    VIR_NETWORKD_CLIENT_OP_NET_AUTOSTART,
    VIR_NETWORKD_CLIENT_OP_NET_GET_XML,
    VIR_NETWORKD_CLIENT_OP_NET_LEASES,

    VIR_NETWORKD_CLIENT_OP_LAST
} virNetworkdClientOp;

/* The tree's error code for a D-Bus error name (NULL: raised locally). */
virErrorNumber virNetworkdClientErrorCode(const char *name);

void virNetworkdClientReportError(virNetworkdClientOp op,
                                  const char *subject,
                                  virErrorNumber code,
                                  const char *name,
                                  const char *reason);
