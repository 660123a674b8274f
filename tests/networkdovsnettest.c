/*
 * networkdovsnettest.c: what an OVN network of the daemon writes to OVN's
 * northbound database, without OVN
 *
 * For each definition: the DHCP_Options row (cidr, router, server_id,
 * server_mac, lease_time, mtu), the switch's IPAM subnet and exclude_ips
 * (the subnet minus the DHCP ranges, plus the server's address and the
 * reservations inside them), every value through the OVSDB value gate;
 * and the addresses of the logical ports the daemon creates.
 */
#include "testutils.h"
#include "networkd_network.h"
#include "networkd_ovsnet.h"
#include "virerror.h"

#include <stdio.h>

#define NET_HEAD \
    "<network xmlns:ovn='http://libvirt.org/schemas/networkd/ovn/1.0'>" \
    "<name>tenant1</name><uuid>5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a21</uuid>" \
    "<forward mode='bridge'/><bridge name='br-int'/>"
#define NET_TAIL \
    "<virtualport type='openvswitch'/><ovn:switch name='ls1' create='yes'/></network>"

typedef struct {
    const char *what;
    const char *xml;
    const char *expect;     /* the virOvnNbNetwork, as testFormat writes it */
} testDescribeCase;

/**
 * testFormat:
 * @net as one line of key=value ("-" for NULL).
 */
static char *
testFormat(const virOvnNbNetwork *net)
{
#define V(x) ((x) ? (x) : "-")
    return g_strdup_printf("switch=%s create=%d network=%s host=%s cidr=%s router=%s "
                           "server_id=%s server_mac=%s lease_time=%s mtu=%s subnet=%s "
                           "exclude_ips=[%s]",
                           V(net->lswitch), net->create, V(net->network), V(net->host),
                           V(net->cidr), V(net->router), V(net->serverId),
                           V(net->serverMac), V(net->leaseTime), V(net->mtu),
                           V(net->subnet), V(net->excludeIps));
#undef V
}

/**
 * testDescribeOne:
 * One definition's northbound picture, which must pass the gate.
 */
static int
testDescribeOne(const void *opaque)
{
    const testDescribeCase *c = opaque;
    g_autoptr(virNetworkDef) def = virNetworkdNetworkParse(c->xml);
    virNetworkdOvsNetStrings strings = { 0 };
    virOvnNbNetwork net;
    g_autofree char *text = NULL;
    int ret = -1;

    if (!def) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    virNetworkdOvsNetDescribe(def, "host-a", &strings, &net);
    text = testFormat(&net);
    if (virTestCompareStrings(c->expect, text) < 0)
        goto cleanup;
    if (virOvnNbNetworkValidate(&net) < 0) {
        fprintf(stderr, "the gate refuses it: %s\n", virGetLastErrorMessage());
        goto cleanup;
    }
    ret = 0;
 cleanup:
    virNetworkdOvsNetStringsClear(&strings);
    return ret;
}

typedef struct {
    const char *xml;
    const char *mac;
    const char *expect;     /* NULL: the MAC alone */
} testAddressCase;

/**
 * testAddressOne:
 * The addresses of a logical port created for one MAC.
 */
static int
testAddressOne(const void *opaque)
{
    const testAddressCase *c = opaque;
    g_autoptr(virNetworkDef) def = virNetworkdNetworkParse(c->xml);
    g_autofree char *addresses = NULL;
    virMacAddr mac;

    if (!def || virMacAddrParse(c->mac, &mac) < 0)
        return -1;
    addresses = virNetworkdOvsNetPortAddresses(def, &mac);
    if (virTestCompareStrings(c->expect ? c->expect : "(null)",
                              addresses ? addresses : "(null)") < 0)
        return -1;
    if (addresses &&
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES,
                                       addresses) < 0) {
        fprintf(stderr, "the gate refuses it: %s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

#define RANGES_XML \
    NET_HEAD "<mtu size='1400'/><mac address='52:54:00:18:20:01'/>" \
    "<ip address='198.18.20.1' prefix='24'><dhcp>" \
    "<range start='198.18.20.200' end='198.18.20.209'><lease expiry='2' unit='hours'/></range>" \
    "<range start='198.18.20.100' end='198.18.20.149'><lease expiry='120' unit='minutes'/></range>" \
    "<host mac='52:54:00:18:20:0b' ip='198.18.20.12'/>" \
    "<host mac='52:54:00:18:20:0c' ip='198.18.20.120'/>" \
    "</dhcp></ip>" NET_TAIL
#define WHOLE_XML \
    NET_HEAD "<mac address='52:54:00:18:22:01'/>" \
    "<ip address='198.18.22.1' prefix='28'><dhcp>" \
    "<range start='198.18.22.1' end='198.18.22.14'/>" \
    "<host mac='52:54:00:18:22:05' ip='198.18.22.5'/>" \
    "</dhcp></ip>" NET_TAIL
#define HOSTS_XML \
    NET_HEAD "<mac address='52:54:00:18:23:01'/>" \
    "<ip address='198.18.23.1' prefix='24'><dhcp>" \
    "<host mac='52:54:00:18:23:05' ip='198.18.23.5'/>" \
    "</dhcp></ip>" NET_TAIL
#define NOIP_XML NET_HEAD NET_TAIL
#define OVS_XML \
    "<network><name>ovs</name><forward mode='bridge'/><bridge name='ovsbr0'/>" \
    "<virtualport type='openvswitch'/></network>"

/**
 * mymain:
 * The case tables.
 */
static int
mymain(void)
{
    static const testDescribeCase describe[] = {
        { "two ranges, reservations in and out of them", RANGES_XML,
          "switch=ls1 create=1 network=5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a21 host=host-a "
          "cidr=198.18.20.0/24 router=198.18.20.1 server_id=198.18.20.1 "
          "server_mac=52:54:00:18:20:01 lease_time=7200 mtu=1400 subnet=198.18.20.0/24 "
          "exclude_ips=[198.18.20.1..198.18.20.99 198.18.20.150..198.18.20.199 "
          "198.18.20.210..198.18.20.254 198.18.20.120]" },
        { "one range over the whole subnet, the server and a reservation in it", WHOLE_XML,
          "switch=ls1 create=1 network=5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a21 host=host-a "
          "cidr=198.18.22.0/28 router=198.18.22.1 server_id=198.18.22.1 "
          "server_mac=52:54:00:18:22:01 lease_time=3600 mtu=- subnet=198.18.22.0/28 "
          "exclude_ips=[198.18.22.1 198.18.22.5]" },
        { "reservations only: DHCP without IPAM", HOSTS_XML,
          "switch=ls1 create=1 network=5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a21 host=host-a "
          "cidr=198.18.23.0/24 router=198.18.23.1 server_id=198.18.23.1 "
          "server_mac=52:54:00:18:23:01 lease_time=3600 mtu=- subnet=- exclude_ips=[-]" },
        { "no <ip>: neither", NOIP_XML,
          "switch=ls1 create=1 network=5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a21 host=host-a "
          "cidr=- router=- server_id=- server_mac=- lease_time=- mtu=- subnet=- "
          "exclude_ips=[-]" },
    };
    static const testAddressCase addresses[] = {
        { RANGES_XML, "52:54:00:18:20:0b", "52:54:00:18:20:0b 198.18.20.12" },
        { RANGES_XML, "52:54:00:18:20:0c", "52:54:00:18:20:0c 198.18.20.120" },
        { RANGES_XML, "52:54:00:aa:bb:cc", "52:54:00:aa:bb:cc dynamic" },
        { HOSTS_XML, "52:54:00:18:23:05", "52:54:00:18:23:05 198.18.23.5" },
        { HOSTS_XML, "52:54:00:aa:bb:cc", NULL },
        { NOIP_XML, "52:54:00:aa:bb:cc", NULL },
        { OVS_XML, "52:54:00:aa:bb:cc", NULL },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(describe); i++) {
        g_autofree char *title = g_strdup_printf("northbound: %s", describe[i].what);

        if (virTestRun(title, testDescribeOne, &describe[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(addresses); i++) {
        g_autofree char *title = g_strdup_printf("port addresses #%zu (%s)", i, addresses[i].mac);

        if (virTestRun(title, testAddressOne, &addresses[i]) < 0)
            ret = -1;
    }
    return ret;
}

/**
 * main:
 * Runs the cases.
 */
int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
