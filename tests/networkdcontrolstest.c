/*
 * networkdcontrolstest.c: the administrator's port controls — the scope
 * groups of the daemon's configuration and the limits in force
 *
 * One case per line: a configuration (or its error), and a request
 * through a port's scopes with the limits it gets.
 */
#include "testutils.h"
#include "networkd_controls.h"
#include "networkd_state.h"
#include "virerror.h"
#include "virnwfilter.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *conf;       /* the configuration file's text */
    const char *error;      /* NULL: loads; else part of the error */
} testLoadCase;

static const testLoadCase loadCases[] = {
    { "[networkd]\nport_quota=4\n[bridge br0]\n"
      "bandwidth_inbound_ceiling = average=1000,peak=2000,burst=64\n"
      "bandwidth_outbound_default = average=500\n[device eth0]\n[user 1000]\n"
      "bandwidth_outbound_ceiling=average=100\n[user root]\n", NULL },
    { "[bridge br0]\nbandwidth_inbound_cieling = average=1\n",
      "[bridge br0]: unknown key 'bandwidth_inbound_cieling'" },
    { "[bridge br0]\nbandwidth_inbound_ceiling = average=1,peak=0,ceil=3\n",
      "bandwidth_inbound_ceiling: invalid argument: key 'bandwidth-inbound': unknown limit 'ceil'" },
    { "[bridge br0]\nbandwidth_inbound_ceiling = 1000\n",
      "bandwidth_inbound_ceiling: configuration file syntax error: bandwidth limits must read" },
    { "[bridge br0]\nbandwidth_outbound_ceiling = average=10,peak=5\n",
      "outbound bandwidth: 'peak' 5 is below 'average' 10" },
    { "[bridge br0]\nbandwidth_inbound_default = average=10,floor=5\n",
      "'floor' needs a virtual network's class tree" },
    { "[bridge br0]\nbandwidth_inbound_default = average=-1\n",
      "bandwidth limits must read" },
    { "[bridge ../br0]\n", "group [bridge ../br0]: name must not be '.' or contain '..'" },
    { "[device eth0123456789abc]\n", "name is longer than 15 bytes" },
    { "[user no-such-user-of-this-test]\n", "[user no-such-user-of-this-test]: no such user" },
    { "[bridge br0]\nmandatory_filter = clean-traffic\n[user 7]\nmandatory_filter=allow-dhcp,no-mac-spoofing\n",
      NULL },
    { "[bridge br0]\nmandatory_filter = clean-trafic\n", "mandatory_filter: unsupported configuration: unknown filter 'clean-trafic'" },
};

/**
 * testLoadOne:
 * One configuration through virNetworkdControlsPolicyLoad.
 */
static int
testLoadOne(const void *opaque)
{
    const testLoadCase *c = opaque;
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(virNetworkdControlsPolicy) policy = virNetworkdControlsPolicyNew();
    int rc;

    if (!g_key_file_load_from_data(kf, c->conf, -1, G_KEY_FILE_NONE, NULL))
        return -1;
    virResetLastError();
    rc = virNetworkdControlsPolicyLoad(policy, kf, "test.conf");
    if (!c->error) {
        if (rc < 0) {
            fprintf(stderr, "refused: %s\n", virGetLastErrorMessage());
            return -1;
        }
        return 0;
    }
    if (rc == 0 || !strstr(virGetLastErrorMessage(), c->error)) {
        fprintf(stderr, "expected an error with '%s', got %d '%s'\n", c->error, rc,
                rc < 0 ? virGetLastErrorMessage() : "");
        return -1;
    }
    virResetLastError();
    return 0;
}

/* The policy of the limits cases. */
static const char testPolicy[] =
    "[bridge br0]\n"
    "bandwidth_inbound_ceiling = average=1000,peak=2000,burst=64\n"
    "bandwidth_outbound_ceiling = average=4000\n"
    "bandwidth_outbound_default = average=500,burst=32\n"
    "[bridge br1]\n"
    "bandwidth_inbound_default = average=300\n"
    "[device eth0]\n"
    "bandwidth_inbound_ceiling = average=100\n"
    "[user 1000]\n"
    "bandwidth_outbound_ceiling = average=2000,peak=2500\n"
    "bandwidth_inbound_default = average=700\n";

typedef struct {
    const char *what;
    virNetworkdControlsScope scope;   /* the port's bridge or device scope */
    const char *name;
    uid_t uid;
    virNetDevBandwidth requested;
    const char *expect;               /* "in=[...] out=[...]" */
} testLimitsCase;

#define R(a, p, b) { .average = a, .peak = p, .burst = b }
#define BR VIR_NETWORKD_CONTROLS_SCOPE_BRIDGE
#define DEV VIR_NETWORKD_CONTROLS_SCOPE_DEVICE

static const testLimitsCase limitsCases[] = {
    { "within the ceilings: as asked", BR, "br0", 2000, { R(500, 800, 16), R(100, 0, 0) },
      "in=[average=500,peak=800,burst=16] out=[average=100]" },
    { "above the ceilings: lowered to them", BR, "br0", 2000, { R(5000, 9000, 900), R(8000, 0, 0) },
      "in=[average=1000,peak=2000,burst=64] out=[average=4000]" },
    { "nothing asked: the default, or the ceiling", BR, "br0", 2000, { R(0, 0, 0), R(0, 0, 0) },
      "in=[average=1000,peak=2000,burst=64] out=[average=500,burst=32]" },
    { "average under the ceiling, peak over it; no burst: the ceiling's", BR, "br0", 2000, { R(900, 3000, 0), R(0, 0, 0) },
      "in=[average=900,peak=2000,burst=64] out=[average=500,burst=32]" },
    { "a user's ceiling beats the bridge's; the user's default", BR, "br0", 1000,
      { R(0, 0, 0), R(3000, 3000, 0) }, "in=[average=700,burst=64] out=[average=2000,peak=2500]" },
    { "the bridge's default, within the user's ceiling", BR, "br0", 1000,
      { R(800, 0, 0), R(0, 0, 0) }, "in=[average=800,burst=64] out=[average=500,burst=32]" },
    { "the bridge's default before the user's", BR, "br1", 1000, { R(0, 0, 0), R(0, 0, 0) },
      "in=[average=300] out=[average=2000,peak=2500]" },
    { "a bridge with no policy, another user", BR, "br2", 2000, { R(0, 0, 0), R(0, 0, 0) },
      "in=[] out=[]" },
    { "a bridge with no policy: as asked", BR, "br2", 2000, { R(123, 0, 0), R(0, 0, 0) },
      "in=[average=123] out=[]" },
    { "the user's default where the bridge has none", BR, "br2", 1000, { R(0, 0, 0), R(0, 0, 0) },
      "in=[average=700] out=[average=2000,peak=2500]" },
    { "a device's ceiling (plug direct)", DEV, "eth0", 2000, { R(5000, 6000, 0), R(0, 0, 0) },
      "in=[average=100,peak=100] out=[]" },
    { "a device named like a bridge is another scope", DEV, "br0", 2000, { R(0, 0, 0), R(0, 0, 0) },
      "in=[] out=[]" },
    { "a floor alone takes the default and keeps the floor", BR, "br1", 2000,
      { { .floor = 200 }, R(0, 0, 0) }, "in=[average=300,floor=200] out=[]" },
    { "a floor under a ceiling stays a floor", BR, "br0", 2000,
      { { .average = 5000, .floor = 800 }, R(0, 0, 0) },
      "in=[average=1000,burst=64,floor=800] out=[average=500,burst=32]" },
};

#undef R
#undef BR
#undef DEV

/**
 * testLimitsOne:
 * One request through a port's scopes of testPolicy.
 */
static int
testLimitsOne(const void *opaque)
{
    const testLimitsCase *c = opaque;
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(virNetworkdControlsPolicy) policy = virNetworkdControlsPolicyNew();
    const virNetworkdControlsLimits *limits[2];
    virNetDevBandwidth effective;
    g_autofree char *in = NULL;
    g_autofree char *out = NULL;
    g_autofree char *actual = NULL;

    if (!g_key_file_load_from_data(kf, testPolicy, -1, G_KEY_FILE_NONE, NULL) ||
        virNetworkdControlsPolicyLoad(policy, kf, "test.conf") < 0)
        return -1;
    limits[0] = virNetworkdControlsPolicyLookup(policy, c->scope, c->name, 0);
    limits[1] = virNetworkdControlsPolicyLookup(policy, VIR_NETWORKD_CONTROLS_SCOPE_USER,
                                                NULL, c->uid);
    virNetworkdControlsBandwidth(&c->requested, limits, G_N_ELEMENTS(limits), &effective);
    in = virNetworkdBandwidthRateFormat(&effective.inbound);
    out = virNetworkdBandwidthRateFormat(&effective.outbound);
    actual = g_strdup_printf("in=[%s] out=[%s]", in, out);
    if (virNetDevBandwidthCheck(&effective) < 0) {
        fprintf(stderr, "the limits in force fail the gate: %s\n", virGetLastErrorMessage());
        return -1;
    }
    return virTestCompareStrings(c->expect, actual);
}

/**
 * testFilter:
 * The filter in force: the request's blocks and every scope's
 * mandatory ones.
 */
static int
testFilter(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(virNetworkdControlsPolicy) policy = virNetworkdControlsPolicyNew();
    const virNetworkdControlsLimits *limits[2];
    unsigned int mac = 1u << VIR_NWFILTER_NO_MAC_SPOOFING;
    unsigned int dhcp = 1u << VIR_NWFILTER_ALLOW_DHCP;
    unsigned int arp = 1u << VIR_NWFILTER_NO_ARP_SPOOFING;

    if (!g_key_file_load_from_data(kf, "[bridge br0]\nmandatory_filter=no-mac-spoofing\n"
                                   "[user 7]\nmandatory_filter=allow-dhcp\n",
                                   -1, G_KEY_FILE_NONE, NULL) ||
        virNetworkdControlsPolicyLoad(policy, kf, "test.conf") < 0)
        return -1;
    limits[0] = virNetworkdControlsPolicyLookup(policy, VIR_NETWORKD_CONTROLS_SCOPE_BRIDGE, "br0", 0);
    limits[1] = virNetworkdControlsPolicyLookup(policy, VIR_NETWORKD_CONTROLS_SCOPE_USER, NULL, 7);
    if (virNetworkdControlsFilter(0, limits, 2) != (mac | dhcp) ||
        virNetworkdControlsFilter(arp, limits, 2) != (mac | dhcp | arp) ||
        virNetworkdControlsFilter(arp, limits, 1) != (mac | arp) ||
        virNetworkdControlsFilter(0, NULL, 0) != 0) {
        fprintf(stderr, "a mandatory filter was lost\n");
        return -1;
    }
    limits[1] = virNetworkdControlsPolicyLookup(policy, VIR_NETWORKD_CONTROLS_SCOPE_USER, NULL, 8);
    if (virNetworkdControlsFilter(0, limits, 2) != mac) {
        fprintf(stderr, "another user's mandatory filter applied\n");
        return -1;
    }
    return 0;
}

/**
 * testUserByName:
 * [user root] names uid 0.
 */
static int
testUserByName(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(virNetworkdControlsPolicy) policy = virNetworkdControlsPolicyNew();

    if (!g_key_file_load_from_data(kf, "[user root]\nbandwidth_inbound_ceiling=average=9\n",
                                   -1, G_KEY_FILE_NONE, NULL) ||
        virNetworkdControlsPolicyLoad(policy, kf, "test.conf") < 0)
        return -1;
    if (!virNetworkdControlsPolicyLookup(policy, VIR_NETWORKD_CONTROLS_SCOPE_USER, NULL, 0) ||
        virNetworkdControlsPolicyLookup(policy, VIR_NETWORKD_CONTROLS_SCOPE_USER, NULL, 1)) {
        fprintf(stderr, "[user root] is not uid 0 alone\n");
        return -1;
    }
    if (!virNetworkdControlsPolicyIsGroup("user root") ||
        !virNetworkdControlsPolicyIsGroup("bridge br0") ||
        virNetworkdControlsPolicyIsGroup("networkd") ||
        virNetworkdControlsPolicyIsGroup("bridge") ||
        virNetworkdControlsPolicyIsGroup("bridges br0")) {
        fprintf(stderr, "scope groups misread\n");
        return -1;
    }
    return 0;
}

typedef struct {
    const char *what;
    unsigned long long floor;
    const char *network;        /* NULL: a plain bridge's port */
    unsigned long long average; /* the network's inbound average; 0: none */
    unsigned long long others;  /* the floors already on the network */
    const char *error;          /* NULL: allowed */
} testFloorCase;

static const testFloorCase floorCases[] = {
    { "no floor: nothing to check", 0, NULL, 0, 0, NULL },
    { "a floor within the network's average", 300, "lab", 1000, 600, NULL },
    { "floors adding up to the average exactly", 400, "lab", 1000, 600, NULL },
    { "a plain bridge has no class tree", 100, NULL, 0, 0,
      "'floor' needs a virtual network's class tree (plug 'network')" },
    { "a network without inbound bandwidth",
      100, "lab", 0, 0,
      "Invalid use of 'floor' on interface with MAC address 52:54:00:00:00:01 - network 'lab' has no inbound QoS set" },
    { "overcommit: the others and this one exceed the average", 401, "lab", 1000, 600,
      "Cannot plug '52:54:00:00:00:01' interface into 'virbr9' because it would overcommit 'floor' on network 'lab'" },
    { "overcommit: one floor above the average", 1001, "lab", 1000, 0,
      "would overcommit 'floor'" },
};

/**
 * testFloorOne:
 * One case of virNetworkdControlsFloorCheck.
 */
static int
testFloorOne(const void *opaque)
{
    const testFloorCase *c = opaque;
    virNetworkdControlsLimits net = { 0 };
    virMacAddr mac = { .addr = { 0x52, 0x54, 0, 0, 0, 1 } };
    int rc;

    net.ceiling.inbound.average = c->average;
    rc = virNetworkdControlsFloorCheck(c->floor, &mac, c->network, "virbr9",
                                       c->average ? &net : NULL, c->others);
    if (!c->error && rc == 0)
        return 0;
    if (c->error && rc < 0 && strstr(virGetLastErrorMessage(), c->error)) {
        virResetLastError();
        return 0;
    }
    fprintf(stderr, "expected %s, got %d: %s\n", c->error ? c->error : "success", rc,
            rc < 0 ? virGetLastErrorMessage() : "");
    virResetLastError();
    return -1;
}

typedef struct {
    const char *what;
    virNetDevBandwidthRate outbound;
    bool policed;               /* else shaped */
    guint64 rate, burst;        /* the policer's, bytes */
} testPoliceCase;

static const testPoliceCase policeCases[] = {
    { "an average: a second of it, in KiB", { .average = 1000 }, true, 1000000, 24000 },
    { "a burst of more than a second", { .average = 1000, .burst = 4096 }, true,
      1000000, 4096 * 1024 - 1000000 },
    { "a burst of exactly a second's bytes", { .average = 1024, .burst = 1000 }, true,
      1024000, 0 },
    { "a burst of less than a second: shaped", { .average = 1000, .burst = 976 }, false },
    { "a peak: shaped", { .average = 1000, .peak = 2000 }, false },
    { "a peak equal to the average: shaped", { .average = 1000, .peak = 1000 }, false },
    { "no limit", { 0 }, false },
    { "the largest rate: its largest burst is less than a second", { .average = VIR_NETDEV_BANDWIDTH_RATE_MAX,
                                      .burst = VIR_NETDEV_BANDWIDTH_BURST_MAX }, false },
    { "a rate above the largest", { .average = VIR_NETDEV_BANDWIDTH_RATE_MAX + 1 }, false },
};

/**
 * testPoliceOne:
 * virNetDevBandwidthPolice: upstream's policer of <outbound> as an
 * nftables limit (a bucket of one second at the rate plus the burst),
 * or shaped where that cannot mean the same.
 */
static int
testPoliceOne(const void *opaque)
{
    const testPoliceCase *c = opaque;
    guint64 rate = 0, burst = 0;
    bool policed = virNetDevBandwidthPolice(&c->outbound, &rate, &burst);

    if (policed != c->policed || (policed && (rate != c->rate || burst != c->burst))) {
        fprintf(stderr, "policed %d, rate %llu, burst %llu\n", policed,
                (unsigned long long)rate, (unsigned long long)burst);
        return -1;
    }
    /* what it hands on passes the policer's own gate */
    if (policed) {
        virNWFilterPolice police = { .rate = rate, .burst = burst };

        if (burst > G_MAXUINT32 || !virNWFilterPoliceIsValid(&police))
            return -1;
    }
    return 0;
}

/**
 * mymain:
 * Configurations, then limits in force.
 */
static int
mymain(void)
{
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(loadCases); i++) {
        g_autofree char *title = g_strdup_printf("load %zu: %.50s", i, loadCases[i].error ?
                                                 loadCases[i].error : "valid");

        if (virTestRun(title, testLoadOne, &loadCases[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(limitsCases); i++) {
        g_autofree char *title = g_strdup_printf("limits: %s", limitsCases[i].what);

        if (virTestRun(title, testLimitsOne, &limitsCases[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(floorCases); i++) {
        g_autofree char *title = g_strdup_printf("floor: %s", floorCases[i].what);

        if (virTestRun(title, testFloorOne, &floorCases[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(policeCases); i++) {
        g_autofree char *title = g_strdup_printf("police: %s", policeCases[i].what);

        if (virTestRun(title, testPoliceOne, &policeCases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("mandatory filters", testFilter, NULL) < 0)
        ret = -1;
    if (virTestRun("users by name; scope groups", testUserByName, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
