/*
 * virovnnbnet.h: what an OVN network of the daemon holds in OVN's
 * northbound database: its logical switch, the switch's IPAM subnet and a
 * DHCP_Options row
 *
 * One host facility, plain C strings (every one through
 * virNetDevOpenvswitchValueCheck() first), over the OVSDB protocol.  The
 * same network is defined and started on every host (each host's daemon
 * binds its own guests' logical ports), so what several hosts share is
 * counted, and what one host made is marked as its own:
 *
 *   Logical_Switch      created only when asked (create='yes') and absent,
 *                       marked external_ids:libvirt-networkd-created=<host>;
 *                       never deleted here (other hosts' ports may be on
 *                       it: removing a switch is the administrator's)
 *   other_config:subnet, exclude_ips
 *                       OVN's IPAM of the switch: set when absent (the same
 *                       values are accepted, other values refused), with
 *                       one external_ids key per host and network,
 *                       libvirt-networkd-subnet-<host>-<network uuid>;
 *                       removed when the last such key goes
 *   DHCP_Options        one row per host and network, marked
 *                       external_ids:libvirt-networkd-network=<network uuid>
 *                       and libvirt-networkd-host=<host>; updated in place
 *                       on a restart, deleted at stop (the ports' weak
 *                       references to it go with it)
 *
 * Every change of a shared row asserts ("wait", timeout 0) that the row
 * is still what was read; a change that lost a race is retried.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "virovnnb.h"

#define VIR_OVN_NB_KEY_NETWORK "libvirt-networkd-network"
#define VIR_OVN_NB_KEY_CREATED "libvirt-networkd-created"
#define VIR_OVN_NB_KEY_SUBNET_PREFIX "libvirt-networkd-subnet-"

/* An OVN network as the northbound database sees it. */
typedef struct _virOvnNbNetwork virOvnNbNetwork;
struct _virOvnNbNetwork {
    const char *lswitch;    /* the Logical_Switch */
    bool create;            /* create it when absent */
    const char *network;    /* the network's UUID: the marker */
    const char *host;       /* the daemon's host id */

    /* OVN's DHCP; @cidr NULL: none */
    const char *cidr;       /* DHCP_Options cidr, e.g. "198.18.20.0/24" */
    const char *router;     /* options:router */
    const char *serverId;   /* options:server_id */
    const char *serverMac;  /* options:server_mac */
    const char *leaseTime;  /* options:lease_time, seconds */
    const char *mtu;        /* options:mtu, or NULL */

    /* OVN's IPAM: dynamic addresses; @subnet NULL: none */
    const char *subnet;     /* other_config:subnet */
    const char *excludeIps; /* other_config:exclude_ips, or NULL */
};

int virOvnNbNetworkValidate(const virOvnNbNetwork *net);

int virOvnNbNetworkStart(const virOvnNbDb *db, const virOvnNbNetwork *net,
                         char **dhcpOptions);
int virOvnNbNetworkStop(const virOvnNbDb *db, const virOvnNbNetwork *net);
