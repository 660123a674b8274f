/*
 * virovnnbaddr.h: the addresses OVN's DHCP hands out on a logical switch
 *
 * OVN keeps no leases: a logical port with DHCPv4 options gets, from the
 * ovn-controller of its chassis, the IPv4 address its "addresses" column
 * gives ("MAC IP") or ovn-northd assigned ("MAC dynamic": its
 * dynamic_addresses), for as long as the port exists.  These are what
 * an OVN network's net-dhcp-leases lists.
 */
#pragma once

#include <glib.h>

#include "virmac.h"
#include "virovnnb.h"
#include "virsocketaddr.h"

/* One address of a logical port. */
typedef struct _virOvnNbAddress virOvnNbAddress;
struct _virOvnNbAddress {
    char *port;             /* the logical switch port's name */
    virMacAddr mac;
    virSocketAddr ip;       /* IPv4 */
    bool dynamic;           /* chosen by ovn-northd (dynamic_addresses) */
};

void virOvnNbAddressFree(virOvnNbAddress *addr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virOvnNbAddress, virOvnNbAddressFree);

int virOvnNbSwitchAddresses(const virOvnNbDb *db, const char *lswitch, GPtrArray **out);
