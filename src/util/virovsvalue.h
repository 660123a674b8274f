/*
 * virovsvalue.h: the one gate for values written to OVSDB databases
 *
 * Every string the daemon puts into the local Open_vSwitch database or
 * OVN's northbound database (names, ids, MACs, UUIDs, addresses, numbers)
 * passes virNetDevOpenvswitchValueCheck() with the kind it will be.  GLib
 * only (no JSON), so the XML model (src/conf) checks names with the very
 * rule the requests are built under.
 */
#pragma once

#include <glib.h>

/* Longest iface-id accepted (OVN logical switch port and switch names). */
#define VIR_NETDEV_OPENVSWITCH_IFACE_ID_MAX_LEN 128

typedef enum {
    VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE,    /* Bridge name */
    VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME,    /* Port/Interface name (the tap) */
    VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID,  /* external_ids:iface-id, OVN names */
    VIR_NETDEV_OPENVSWITCH_VALUE_MAC,       /* external_ids:attached-mac */
    VIR_NETDEV_OPENVSWITCH_VALUE_UUID,      /* vm-id and the owner marker */
    VIR_NETDEV_OPENVSWITCH_VALUE_IPV4,      /* an IPv4 address, dotted quad */
    VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR, /* ADDRESS/PREFIX (DHCP_Options cidr,
                                             * other_config:subnet) */
    VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES, /* other_config:exclude_ips: addresses
                                               * and A..B ranges, one space apart */
    VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES, /* a logical port's addresses entry:
                                                 * "MAC dynamic" or "MAC IPV4" */
    VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER,    /* a decimal 32-bit unsigned number */

    VIR_NETDEV_OPENVSWITCH_VALUE_LAST
} virNetDevOpenvswitchValue;

/**
 * virNetDevOpenvswitchValueCheck:
 * @kind: what @value will be in OVSDB
 * @value: the string, from a caller
 *
 * The one gate for every string sent to OVSDB.  Refuses (never escapes)
 * NULL and empty values, anything outside printable ASCII, quotes,
 * backslashes, ',', '=', ':' (but in MACs and logical port addresses),
 * '{', '}', '[', ']', shell syntax (';', '$', '`', '|', '&', '<', '>',
 * '(', ')', '*', '?', '!', '#', '~', '%', '^'), spaces (but as the single
 * separator of the two list kinds) and a leading '-'; then the kind's own
 * rule: interface names by virNetDevNameIsValid(), iface-ids of
 * [A-Za-z0-9_.-] up to VIR_NETDEV_OPENVSWITCH_IFACE_ID_MAX_LEN bytes, a
 * unicast non-zero MAC, a UUID, IPv4 addresses in their canonical dotted
 * form, prefixes 1..32, numbers without a leading zero.  MACs and UUIDs
 * must already be in canonical lower-case form, so what is stored is
 * exactly what was checked.
 *
 * Returns 0, or -1 with an error (VIR_ERR_INVALID_ARG) naming the value.
 */
int virNetDevOpenvswitchValueCheck(virNetDevOpenvswitchValue kind,
                                   const char *value);

/**
 * virNetDevOpenvswitchValueInvalidReason:
 * What virNetDevOpenvswitchValueCheck() would refuse @value for (a static,
 * translated phrase), or NULL when it passes; for callers that report
 * in their own terms.
 */
const char *virNetDevOpenvswitchValueInvalidReason(virNetDevOpenvswitchValue kind,
                                                   const char *value);

/* The longest unix socket path (sizeof(sockaddr_un.sun_path) - 1). */
#define VIR_OVSDB_SOCKET_PATH_MAX 107

/**
 * virOvsdbAddressInvalidReason:
 * @address: an OVSDB database address as OVS spells it, from a config
 *           file or a network definition
 *
 * The daemon reaches OVSDB databases through unix sockets only:
 * "unix:/ABSOLUTE/PATH", the path of [A-Za-z0-9_.+@/-], no "." or ".."
 * component, no "//", at most VIR_OVSDB_SOCKET_PATH_MAX bytes.  "tcp:"
 * and "ssl:" are refused with their own reason (reach them through a
 * local relay).  Returns NULL when @address passes, else a static,
 * translated reason.
 */
const char *virOvsdbAddressInvalidReason(const char *address);

/**
 * virOvsdbAddressSocketPath:
 * The socket path of an @address that passed
 * virOvsdbAddressInvalidReason() (a pointer into @address).
 */
const char *virOvsdbAddressSocketPath(const char *address);
