/*
 * networkdlearntest.c: which IPv4 addresses a filtered port on a
 * virtual network may send from (networkd_learn.c's decision)
 *
 * One case per line: a port (its MAC, filter, filter-ips, network), the
 * network's leases at a fixed time, and the source and addresses the
 * port gets.  The network is lab: 198.18.100.1/24 with a reservation of
 * 198.18.100.7 for 52:54:00:00:00:07.
 */
#include "testutils.h"
#include "networkd_learn.h"
#include "virerror.h"

#include <stdio.h>
#include <string.h>

#define NOW 1000000

static const char *labXML =
    "<network><name>lab</name><uuid>5a4b1c0e-8f3b-4d35-9a6e-2f0c8f7d6b41</uuid>"
    "<forward mode='nat'/><bridge name='virbr9'/>"
    "<ip address='198.18.100.1' netmask='255.255.255.0'><dhcp>"
    "<range start='198.18.100.10' end='198.18.100.99'/>"
    "<host mac='52:54:00:00:00:07' ip='198.18.100.7'/>"
    "</dhcp></ip></network>";

typedef struct {
    const char *mac;
    const char *ip;
    gint64 expiry;          /* 0: never */
} testLease;

/* the lease file: the port's own lease, another MAC's, an expired one of
 * the port's, one outside the subnet, one naming the gateway */
static const testLease leases[] = {
    { "52:54:00:00:00:10", "198.18.100.50", NOW + 60 },
    { "52:54:00:00:00:11", "198.18.100.51", NOW + 60 },
    { "52:54:00:00:00:12", "198.18.100.52", NOW - 1 },
    { "52:54:00:00:00:12", "198.18.100.53", NOW },
    { "52:54:00:00:00:13", "198.18.101.5", NOW + 60 },
    { "52:54:00:00:00:14", "198.18.100.1", NOW + 60 },
    { "52:54:00:00:00:15", "198.18.100.60", 0 },
    { "52:54:00:00:00:15", "198.18.100.61", NOW + 30 },
    { "52:54:00:00:00:15", "198.18.100.61", NOW + 90 },
    { "52:54:00:00:00:07", "198.18.100.70", NOW + 60 },
};

typedef struct {
    const char *title;
    const char *mac;
    const char *network;    /* NULL: a plain bridge */
    const char *filter;     /* blocks, as the request names them */
    const char *filterIP;   /* NULL: none given */
    bool running;           /* the network runs (else no definition) */
    virNetworkdLearnSource source;
    const char *addrs;      /* comma separated */
    gint64 expiry;
} testLearnCase;

static const testLearnCase cases[] = {
    { "the port's own lease", "52:54:00:00:00:10", "lab", "clean-traffic", NULL, true,
      VIR_NETWORKD_LEARN_LEASED, "198.18.100.50", NOW + 60 },
    { "no lease for its MAC: DHCP only", "52:54:00:00:00:20", "lab", "clean-traffic", NULL, true,
      VIR_NETWORKD_LEARN_WAITING, "", 0 },
    { "an expired lease (and one ending now) count for nothing", "52:54:00:00:00:12", "lab",
      "clean-traffic", NULL, true, VIR_NETWORKD_LEARN_WAITING, "", 0 },
    { "a lease outside the network's subnets is ignored", "52:54:00:00:00:13", "lab",
      "clean-traffic", NULL, true, VIR_NETWORKD_LEARN_WAITING, "", 0 },
    { "a lease naming the network's own address is ignored", "52:54:00:00:00:14", "lab",
      "clean-traffic", NULL, true, VIR_NETWORKD_LEARN_WAITING, "", 0 },
    { "several leases of one MAC: all, once each, the first end", "52:54:00:00:00:15", "lab",
      "clean-traffic", NULL, true, VIR_NETWORKD_LEARN_LEASED, "198.18.100.60,198.18.100.61",
      NOW + 30 },
    { "the reservation wins over a lease", "52:54:00:00:00:07", "lab", "clean-traffic", NULL,
      true, VIR_NETWORKD_LEARN_RESERVED, "198.18.100.7", 0 },
    { "filter-ips given: nothing learned", "52:54:00:00:00:10", "lab", "clean-traffic",
      "198.18.100.99", true, VIR_NETWORKD_LEARN_NONE, "", 0 },
    { "a plain bridge has nothing to learn from", "52:54:00:00:00:10", NULL, "clean-traffic",
      NULL, true, VIR_NETWORKD_LEARN_NONE, "", 0 },
    { "no IP or ARP filter: nothing to learn", "52:54:00:00:00:10", "lab",
      "no-mac-spoofing,allow-dhcp", NULL, true, VIR_NETWORKD_LEARN_NONE, "", 0 },
    { "no-arp-spoofing alone learns", "52:54:00:00:00:10", "lab", "no-arp-spoofing", NULL, true,
      VIR_NETWORKD_LEARN_LEASED, "198.18.100.50", NOW + 60 },
    { "a stopped network: DHCP only", "52:54:00:00:00:07", "lab", "clean-traffic", NULL, false,
      VIR_NETWORKD_LEARN_WAITING, "", 0 },
};

/**
 * testLearnOne:
 * Decides one case and compares.
 */
static int
testLearnOne(const void *opaque)
{
    const testLearnCase *c = opaque;
    g_autoptr(virNetworkDef) def = virNetworkDefParseString(labXML, NULL, 0);
    virDnsmasqLease list[G_N_ELEMENTS(leases)] = { 0 };
    virNetworkdPortRecord rec = { 0 };
    virNetworkdLearnResult res;
    g_autoptr(GString) got = g_string_new(NULL);
    size_t i;

    if (!def) {
        fprintf(stderr, "lab: %s\n", virGetLastErrorMessage());
        return -1;
    }
    for (i = 0; i < G_N_ELEMENTS(leases); i++) {
        list[i].hasMac = true;
        g_assert(virMacAddrParse(leases[i].mac, &list[i].mac) == 0);
        g_assert(virSocketAddrParse(leases[i].ip, AF_INET, &list[i].ip) == 0);
        list[i].expiry = leases[i].expiry;
    }
    g_assert(virMacAddrParse(c->mac, &rec.mac) == 0);
    rec.network = (char *)c->network;
    g_assert(virNWFilterBlocksFromList(c->filter, &rec.filterBlocks) == 0);
    if (c->filterIP) {
        g_assert(virSocketAddrParse(c->filterIP, AF_INET, &rec.filterIPs[0]) == 0);
        rec.nfilterIPs = 1;
    }

    virNetworkdLearnDecide(&rec, c->running ? def : NULL, list, G_N_ELEMENTS(list), NOW, &res);
    for (i = 0; i < res.naddrs; i++) {
        char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];

        g_string_append_printf(got, "%s%s", i ? "," : "", virSocketAddrFormat(&res.addrs[i], buf));
    }
    if (res.source != c->source || strcmp(got->str, c->addrs) != 0 || res.expiry != c->expiry) {
        fprintf(stderr, "expected %s [%s] until %" G_GINT64_FORMAT
                ", got %s [%s] until %" G_GINT64_FORMAT "\n",
                virNetworkdLearnSourceTypeToString(c->source), c->addrs, c->expiry,
                virNetworkdLearnSourceTypeToString(res.source), got->str, res.expiry);
        return -1;
    }
    return 0;
}

/**
 * testLearnGate:
 * A learned address reaches rule text only through the gate: IPv4
 * unicast only, at most VIR_NWFILTER_IPS_MAX, a valid port name; the
 * script replaces the port's IPv4 elements and touches nothing else
 * (not its chain, MAC or IPv6 address).
 */
static int
testLearnGate(const void *opaque G_GNUC_UNUSED)
{
    virSocketAddr ips[VIR_NWFILTER_IPS_MAX + 1];
    g_autoptr(virNWFilterElements) held = virNWFilterElementsNew();
    g_autofree char *script = NULL;
    g_autofree char *empty = NULL;
    g_autofree char *same = NULL;
    virSocketAddr ip;
    size_t i;

    g_strlcpy(held->chain, "blocks_1f_ip6", sizeof(held->chain));
    held->hasMac = true;
    g_assert(virMacAddrParse("52:54:00:18:00:70", &held->mac) == 0);
    g_assert(virSocketAddrParse("198.18.100.9", AF_INET, &ip) == 0);
    g_array_append_val(held->ips, ip);
    g_assert(virSocketAddrParse("fd00:198:18::9", AF_INET6, &ip) == 0);
    g_array_append_val(held->ips, ip);
    for (i = 0; i < G_N_ELEMENTS(ips); i++)
        g_assert(virSocketAddrParse("198.18.100.50", AF_INET, &ips[i]) == 0);
    script = virNWFilterPortAddrsFormat("vnet3", held, ips, 1);
    if (g_strcmp0(script, "delete element bridge libvirt_networkd_filter v4 { \"vnet3\" . 198.18.100.9 }\n"
                          "add element bridge libvirt_networkd_filter v4 { \"vnet3\" . 198.18.100.50 }\n") != 0) {
        fprintf(stderr, "got: %s\n", script);
        return -1;
    }
    empty = virNWFilterPortAddrsFormat("vnet3", held, NULL, 0);
    if (g_strcmp0(empty, "delete element bridge libvirt_networkd_filter v4 { \"vnet3\" . 198.18.100.9 }\n") != 0) {
        fprintf(stderr, "got: %s\n", empty);
        return -1;
    }
    same = virNWFilterPortAddrsFormat("vnet3", held, &g_array_index(held->ips, virSocketAddr, 0), 1);
    if (g_strcmp0(same, "") != 0) {
        fprintf(stderr, "no change, got: %s\n", same);
        return -1;
    }
    if (virNWFilterPortAddrsFormat("vnet3", held, ips, G_N_ELEMENTS(ips)) ||
        virNWFilterPortAddrsFormat("vnet3 }", held, ips, 1))
        return -1;
    g_assert(virSocketAddrParse("fe80::1", AF_INET6, &ips[0]) == 0);
    if (virNWFilterPortAddrsFormat("vnet3", held, ips, 1))
        return -1;
    g_assert(virSocketAddrParse("255.255.255.255", AF_INET, &ips[0]) == 0);
    if (virNWFilterPortAddrsFormat("vnet3", held, ips, 1))
        return -1;
    virResetLastError();
    return 0;
}

/**
 * mymain:
 * Every case.
 */
static int
mymain(void)
{
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (virTestRun(cases[i].title, testLearnOne, &cases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("the value gate of learned addresses", testLearnGate, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
