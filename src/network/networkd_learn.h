/*
 * networkd_learn.h: the IPv4 addresses a filtered port on a virtual
 * network may send from — given, reserved, or learned from dnsmasq's
 * leases — kept in its filter's set
 */
#pragma once

#include <glib.h>

#include "network_conf.h"
#include "networkd_network.h"
#include "networkd_port.h"
#include "virdnsmasq.h"
#include "virenum.h"
#include "virnwfilter.h"

/* Where a port's addresses come from. */
typedef enum {
    VIR_NETWORKD_LEARN_NONE = 0,  /* nothing to learn: not on a network, no IP
                                   * or ARP filter, or filter-ips given */
    VIR_NETWORKD_LEARN_WAITING,   /* no reservation, no lease yet: DHCP only */
    VIR_NETWORKD_LEARN_RESERVED,  /* the network's <dhcp><host> for its MAC */
    VIR_NETWORKD_LEARN_LEASED,    /* the lease(s) dnsmasq gave its MAC */

    VIR_NETWORKD_LEARN_LAST
} virNetworkdLearnSource;

VIR_ENUM_DECL(virNetworkdLearnSource);

typedef struct _virNetworkdLearnResult virNetworkdLearnResult;
struct _virNetworkdLearnResult {
    virNetworkdLearnSource source;
    virSocketAddr addrs[VIR_NWFILTER_IPS_MAX];   /* IPv4, in the network's subnets */
    size_t naddrs;
    gint64 expiry;      /* LEASED: when the first of them ends (seconds since
                         * the epoch); 0: none ends */
};

void virNetworkdLearnDecide(const virNetworkdPortRecord *rec, const virNetworkDef *def,
                            const virDnsmasqLease *leases, size_t nleases, gint64 now,
                            virNetworkdLearnResult *res);

typedef struct _virNetworkdLearn virNetworkdLearn;

virNetworkdLearn *virNetworkdLearnNew(virNetworkdPortManager *ports,
                                      virNetworkdNetworkManager *nets);
void virNetworkdLearnFree(virNetworkdLearn *learn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdLearn, virNetworkdLearnFree);

void virNetworkdLearnStart(virNetworkdLearn *learn);
void virNetworkdLearnNetworkEvent(virNetworkdLearn *learn, const virNetworkdNetwork *net,
                                  virNetworkdNetworkEvent event);
void virNetworkdLearnPortAdded(virNetworkdLearn *learn, const virNetworkdPort *port);
void virNetworkdLearnPortRemoved(virNetworkdLearn *learn, const virNetworkdPort *port);
