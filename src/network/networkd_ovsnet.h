/*
 * networkd_ovsnet.h: virtual networks on Open vSwitch bridges and OVN
 * logical switches
 *
 * A network with <virtualport type='openvswitch'/> puts its ports on an
 * existing OVS bridge (the integration bridge, br-int, for OVN); with
 * <ovn:switch> its ports are logical switch ports the daemon creates on
 * that switch, and its <ip><dhcp> is OVN's native DHCP.  Starting one
 * makes no Linux bridge, no dnsmasq and no firewall rules: it checks the
 * OVS bridge and prepares the logical switch (virovnnbnet.h).  The
 * translation from the definition is pure (virNetworkdOvsNetDescribe,
 * virNetworkdOvsNetPortAddresses) so unit tests cover it without OVN.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "network_conf.h"
#include "networkd_ovs.h"
#include "virdnsmasq.h"
#include "virmac.h"
#include "virovnnbnet.h"

/* The strings a virOvnNbNetwork of a definition points to. */
typedef struct _virNetworkdOvsNetStrings virNetworkdOvsNetStrings;
struct _virNetworkdOvsNetStrings {
    char uuid[VIR_UUID_STRING_BUFLEN];
    char *cidr;
    char *router;
    char *serverMac;
    char *leaseTime;
    char *mtu;
    char *excludeIps;
};

void virNetworkdOvsNetStringsClear(virNetworkdOvsNetStrings *strings);

void virNetworkdOvsNetDescribe(const virNetworkDef *def, const char *host,
                               virNetworkdOvsNetStrings *strings, virOvnNbNetwork *out);
char *virNetworkdOvsNetPortAddresses(const virNetworkDef *def, const virMacAddr *mac);

int virNetworkdOvsNetStart(virNetworkdOvs *ovs, const virNetworkDef *def, char **dhcpOptions);
int virNetworkdOvsNetStop(virNetworkdOvs *ovs, const virNetworkDef *def);
int virNetworkdOvsNetLeases(virNetworkdOvs *ovs, const virNetworkDef *def,
                            virDnsmasqLease **leases, size_t *nleases);
