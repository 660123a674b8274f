/*
 * networkd_protocol.h: the D-Bus contract of libvirt-networkd
 *
 * Everything the daemon and its clients (the GDBus client of the QEMU
 * driver, virsh and the tests; the sd-bus client of libvirt-bridge-helper)
 * must agree on, said once: the names on the bus, the limits, one table of
 * a port's fields and one table of errors.  The introspection XML
 * (org.libvirt.Networkd1.xml) is the published form of the same contract;
 * tests/networkdprotocoltest.c fails when the two disagree.
 *
 * Needs GLib only (no GIO), so the sd-bus client links it too.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "virenum.h"
#include "virerror.h"
#include "viruuid.h"

/* --- names ---------------------------------------------------------------- */

#define VIR_NETWORKD_BUS_NAME "org.libvirt.Networkd1"
#define VIR_NETWORKD_OBJECT_PATH "/org/libvirt/Networkd1"
#define VIR_NETWORKD_MANAGER_INTERFACE "org.libvirt.Networkd1.Manager"
#define VIR_NETWORKD_PORT_INTERFACE "org.libvirt.Networkd1.Port"
#define VIR_NETWORKD_NETWORK_INTERFACE "org.libvirt.Networkd1.Network"
#define VIR_NETWORKD_PROPERTIES_INTERFACE "org.freedesktop.DBus.Properties"
#define VIR_NETWORKD_ERROR_PREFIX "org.libvirt.Networkd1.Error."

/* Port objects: VIR_NETWORKD_PORT_PATH_BASE "/" + the port's UUID as 32
 * lower-case hex digits (D-Bus paths allow no dashes). */
#define VIR_NETWORKD_PORT_PATH_BASE VIR_NETWORKD_OBJECT_PATH "/port"
#define VIR_NETWORKD_PORT_NODE_BUFLEN (VIR_UUID_BUFLEN * 2 + 1)
/* Network objects: VIR_NETWORKD_NETWORK_PATH_BASE "/" + the network's
 * UUID, written the same way. */
#define VIR_NETWORKD_NETWORK_PATH_BASE VIR_NETWORKD_OBJECT_PATH "/network"

/* --- limits --------------------------------------------------------------- */

/* Queues (and so tap fds) of one port: the request's "queues" range, the
 * size of every fd array on both sides of the bus. */
#define VIR_NETWORKD_QUEUES_MAX 16
#define VIR_NETWORKD_MTU_MIN 68
#define VIR_NETWORKD_MTU_MAX 65535
/* The daemon names taps VIR_NETWORKD_IFNAME_PREFIX + a counter; a name a
 * caller asks for (plug "none") must not start with it. */
#define VIR_NETWORKD_IFNAME_PREFIX "vnet"
/* The daemon's ifb devices (a port's received direction, and spares):
 * "lvifb-N" ("lvifbN" with N the port's ifindex before port records
 * named their ifb). */
#define VIR_NETWORKD_IFB_PREFIX "lvifb"
/* Free-text request values ("owner-name", the reserved "network", "mode"). */
#define VIR_NETWORKD_OWNER_NAME_MAX 256
/* The guest's addresses a filter lets it send from ("filter-ips"). */
#define VIR_NETWORKD_FILTER_IPS_MAX 16

G_STATIC_ASSERT(VIR_NETWORKD_QUEUES_MAX >= 1 && VIR_NETWORKD_QUEUES_MAX <= 256);
G_STATIC_ASSERT(VIR_NETWORKD_MTU_MIN < VIR_NETWORKD_MTU_MAX &&
                VIR_NETWORKD_MTU_MAX <= G_MAXUINT16);

/* --- plug types ------------------------------------------------------------ */

typedef enum {
    VIR_NETWORKD_PLUG_BRIDGE = 0,   /* a tap enslaved to an existing bridge */
    VIR_NETWORKD_PLUG_NETWORK,      /* a tap on a running virtual network's bridge */
    VIR_NETWORKD_PLUG_DIRECT,       /* a macvtap link over a host interface */
    VIR_NETWORKD_PLUG_NONE,         /* a tap of its own, no bridge (routed) */

    VIR_NETWORKD_PLUG_LAST
} virNetworkdPlug;

VIR_ENUM_DECL(virNetworkdPlug);

/* The "mode" of plug "direct": how the macvtap shares its device (the
 * same values, in the same order, as virNetDevMacvlanMode; the daemon
 * checks that at build time). */
typedef enum {
    VIR_NETWORKD_DIRECT_MODE_BRIDGE = 0,
    VIR_NETWORKD_DIRECT_MODE_VEPA,
    VIR_NETWORKD_DIRECT_MODE_PRIVATE,
    VIR_NETWORKD_DIRECT_MODE_PASSTHROUGH,

    VIR_NETWORKD_DIRECT_MODE_LAST
} virNetworkdDirectMode;

VIR_ENUM_DECL(virNetworkdDirectMode);

/* --- virtual ports ------------------------------------------------------------ */

/* What kind of switch a plug-"bridge" tap joins (upstream's
 * <virtualport type=...>): a Linux bridge, or an Open vSwitch bridge. */
typedef enum {
    VIR_NETWORKD_VIRTUALPORT_NONE = 0,      /* a Linux bridge (no key) */
    VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH,   /* an OVS bridge, through OVSDB */

    VIR_NETWORKD_VIRTUALPORT_LAST
} virNetworkdVirtualport;

VIR_ENUM_DECL(virNetworkdVirtualport);

/* --- a port's fields -------------------------------------------------------- */

/*
 * Every field a port has anywhere in the API.  One spelling serves as the
 * CreatePort request key, the CreatePort info key and the state-file key;
 * the Port property name is its CamelCase twin.  Which of those places a
 * field appears in is the row's @where.
 */
typedef enum {
    VIR_NETWORKD_FIELD_UUID = 0,
    VIR_NETWORKD_FIELD_UID,
    VIR_NETWORKD_FIELD_IFNAME,
    VIR_NETWORKD_FIELD_IFINDEX,
    VIR_NETWORKD_FIELD_PLUG,
    VIR_NETWORKD_FIELD_BRIDGE,
    VIR_NETWORKD_FIELD_NETWORK,
    VIR_NETWORKD_FIELD_DEVICE,
    VIR_NETWORKD_FIELD_MODE,
    VIR_NETWORKD_FIELD_MAC,
    VIR_NETWORKD_FIELD_HOST_MAC,
    VIR_NETWORKD_FIELD_MTU,
    VIR_NETWORKD_FIELD_QUEUES,
    VIR_NETWORKD_FIELD_VNET_HDR,
    VIR_NETWORKD_FIELD_OWNER_NAME,
    VIR_NETWORKD_FIELD_OWNER_UUID,
    VIR_NETWORKD_FIELD_CREATED,
    VIR_NETWORKD_FIELD_HOLDER_PID,
    VIR_NETWORKD_FIELD_HOLDER_START,
    VIR_NETWORKD_FIELD_LOWER_MAC,
    VIR_NETWORKD_FIELD_BANDWIDTH_INBOUND,
    VIR_NETWORKD_FIELD_BANDWIDTH_OUTBOUND,
    VIR_NETWORKD_FIELD_FILTER,
    VIR_NETWORKD_FIELD_FILTER_IPS,
    VIR_NETWORKD_FIELD_LEARNED_IPS,
    VIR_NETWORKD_FIELD_VIRTUALPORT,
    VIR_NETWORKD_FIELD_INTERFACEID,
    VIR_NETWORKD_FIELD_OVN_SWITCH,
    VIR_NETWORKD_FIELD_OVN_NORTHBOUND,
    VIR_NETWORKD_FIELD_IFB,

    VIR_NETWORKD_FIELD_LAST
} virNetworkdField;

/* Where a field appears (bits of virNetworkdFieldInfo.where). */
typedef enum {
    VIR_NETWORKD_FIELD_IN_REQUEST = 1 << 0,  /* a CreatePort request key */
    VIR_NETWORKD_FIELD_IN_INFO = 1 << 1,     /* a key of CreatePort's info reply */
    VIR_NETWORKD_FIELD_IN_STATE = 1 << 2,    /* a key of the daemon's port record */
} virNetworkdFieldPlace;

typedef struct {
    const char *key;        /* request, info and state-file key */
    const char *signature;  /* D-Bus type of its value (request, info, property) */
    const char *property;   /* Port property name; NULL: not a property */
    unsigned int where;     /* virNetworkdFieldPlace bits */
} virNetworkdFieldInfo;

/* Requests remember the keys they have seen as bits of an unsigned int. */
G_STATIC_ASSERT(VIR_NETWORKD_FIELD_LAST <= 32);

const virNetworkdFieldInfo *virNetworkdFieldGet(virNetworkdField field);
const char *virNetworkdFieldKey(virNetworkdField field);
int virNetworkdFieldFromKey(const char *key, unsigned int where);
int virNetworkdFieldFromProperty(const char *property);

/* --- bandwidth on the bus ------------------------------------------------ */

/* The keys of a "bandwidth-inbound"/"bandwidth-outbound" dictionary
 * (a{su}), upstream's <inbound>/<outbound> attributes and units. */
typedef enum {
    VIR_NETWORKD_BANDWIDTH_AVERAGE = 0,
    VIR_NETWORKD_BANDWIDTH_PEAK,
    VIR_NETWORKD_BANDWIDTH_BURST,
    VIR_NETWORKD_BANDWIDTH_FLOOR,

    VIR_NETWORKD_BANDWIDTH_LAST
} virNetworkdBandwidthKey;

VIR_ENUM_DECL(virNetworkdBandwidthKey);

char *virNetworkdBandwidthFormat(GVariant *dict);

/* --- errors --------------------------------------------------------------- */

/*
 * The errors of the API.  Each has one D-Bus name, the tree's error code a
 * client reports it as (and the daemon raises it with), and the exit status
 * of libvirt-bridge-helper when it stops on it.
 */
typedef enum {
    VIR_NETWORKD_ERROR_ACCESS_DENIED = 0,
    VIR_NETWORKD_ERROR_INVALID_ARGUMENT,
    VIR_NETWORKD_ERROR_QUOTA_EXCEEDED,
    VIR_NETWORKD_ERROR_NOT_FOUND,
    VIR_NETWORKD_ERROR_NOT_SUPPORTED,
    VIR_NETWORKD_ERROR_FAILED,
    VIR_NETWORKD_ERROR_NETWORK_ACTIVE,
    VIR_NETWORKD_ERROR_NETWORK_INACTIVE,
    VIR_NETWORKD_ERROR_CONFLICT,

    VIR_NETWORKD_ERROR_LAST
} virNetworkdError;

typedef struct {
    const char *name;       /* the D-Bus error name */
    virErrorNumber code;    /* the tree's error code */
    int helperExit;         /* libvirt-bridge-helper's exit status */
} virNetworkdErrorInfo;

const virNetworkdErrorInfo *virNetworkdErrorGet(virNetworkdError error);
const char *virNetworkdErrorName(virNetworkdError error);
int virNetworkdErrorFromName(const char *name);
virNetworkdError virNetworkdErrorFromVirError(const virError *err);
void virNetworkdErrorSetLast(virNetworkdError error);
int virNetworkdErrorHelperExit(const virError *err);
