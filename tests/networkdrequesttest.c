/*
 * networkdrequesttest.c: CreatePort request validation, one case per line
 *
 * Each case is a request in GVariant text form and either the summary of
 * the parsed request or the exact error (code and message) it must get.
 */
#include "testutils.h"
#include "networkd_request.h"
#include "networkd_state.h"
#include "virerror.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *request;    /* GVariant text of an a{sv} */
    virErrorNumber code;    /* VIR_ERR_OK when parsing must succeed */
    const char *expect;     /* summary on success, error message on failure */
} testRequestCase;

/**
 * testRequestSummary:
 * Returns a one-line description of @req for comparison (caller frees).
 */
static char *
testRequestSummary(const virNetworkdRequest *req)
{
    char mac[VIR_MAC_STRING_BUFLEN];
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *direct = NULL;
    g_autofree char *in = virNetworkdBandwidthRateFormat(&req->bandwidth.inbound);
    g_autofree char *out = virNetworkdBandwidthRateFormat(&req->bandwidth.outbound);
    g_autofree char *bw = NULL;
    g_autofree char *ovs = NULL;

    if (req->plug == VIR_NETWORKD_PLUG_DIRECT)
        direct = g_strdup_printf(" device=%s mode=%s", req->device,
                                 virNetworkdDirectModeTypeToString(req->mode));
    g_autofree char *filter = virNWFilterBlocksFormat(req->filterBlocks);
    g_autofree char *ips = virNetworkdFilterIPsFormat(req->filterIPs, req->nfilterIPs);

    if (*in || *out)
        bw = g_strdup_printf(" inbound=[%s] outbound=[%s]", in, out);
    if (*filter || *ips) {
        g_autofree char *prev = g_steal_pointer(&bw);

        bw = g_strdup_printf("%s filter=[%s] ips=[%s]", prev ? prev : "", filter, ips);
    }
    /* the Open vSwitch keys, only when set */
    if (req->virtualport != VIR_NETWORKD_VIRTUALPORT_NONE)
        ovs = g_strdup_printf(" virtualport=%s interfaceid=%s ovn-switch=%s",
                              virNetworkdVirtualportTypeToString(req->virtualport),
                              req->interfaceId ? req->interfaceId : "-",
                              req->ovnSwitch ? req->ovnSwitch : "-");
    return g_strdup_printf("plug=%s bridge=%s%s%s mac=%s mtu=%u vnet-hdr=%d queues=%u "
                           "owner-name=%s owner-uuid=%s%s%s%s",
                           virNetworkdPlugTypeToString(req->plug),
                           req->bridge ? req->bridge : "-",
                           req->ifname ? " ifname=" : "", req->ifname ? req->ifname : "",
                           req->hasMac ? virMacAddrFormat(&req->mac, mac) : "-",
                           req->mtu, req->vnetHdr, req->queues,
                           req->ownerName ? req->ownerName : "-",
                           req->hasOwnerUUID ? virUUIDFormat(req->ownerUUID, uuid) : "-",
                           direct ? direct : "", bw ? bw : "", ovs ? ovs : "");
}

static int
testRequestOne(const void *opaque)
{
    const testRequestCase *c = opaque;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) dict = g_variant_parse(G_VARIANT_TYPE("a{sv}"), c->request,
                                               NULL, NULL, &gerr);
    g_autoptr(virNetworkdRequest) req = NULL;
    g_autofree char *summary = NULL;

    if (!dict) {
        fprintf(stderr, "bad test input '%s': %s\n", c->request, gerr->message);
        return -1;
    }
    virResetLastError();
    req = virNetworkdRequestParse(dict);
    if (c->code == VIR_ERR_OK) {
        if (!req) {
            fprintf(stderr, "unexpected error: %s\n", virGetLastErrorMessage());
            return -1;
        }
        summary = testRequestSummary(req);
        return virTestCompareStrings(c->expect, summary);
    }
    if (req) {
        summary = testRequestSummary(req);
        fprintf(stderr, "accepted, but must fail: %s\n", summary);
        return -1;
    }
    if (virGetLastErrorCode() != c->code) {
        fprintf(stderr, "error code %d, expected %d (%s)\n",
                virGetLastErrorCode(), c->code, virGetLastErrorMessage());
        return -1;
    }
    return virTestCompareStrings(c->expect, virGetLastErrorMessage());
}

static int
testRequestNotDict(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_new_string("br0"));

    if (virNetworkdRequestParse(v) || virNetworkdRequestParse(NULL))
        return -1;
    return virGetLastErrorCode() == VIR_ERR_INVALID_ARG ? 0 : -1;
}

/* A dictionary with the same key twice cannot be written in GVariant text
 * (it would be a different dict), but is valid on the wire. */
static int
testRequestDuplicate(const void *opaque G_GNUC_UNUSED)
{
    GVariantBuilder b;
    g_autoptr(GVariant) v = NULL;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(&b, "{sv}", "bridge", g_variant_new_string("br0"));
    g_variant_builder_add(&b, "{sv}", "bridge", g_variant_new_string("br1"));
    v = g_variant_ref_sink(g_variant_builder_end(&b));
    if (virNetworkdRequestParse(v))
        return -1;
    return virTestCompareStrings("invalid argument: key 'bridge' is given more than once",
                                 virGetLastErrorMessage());
}

#define IA "invalid argument: "
#define OK_DEFAULTS "mac=- mtu=0 vnet-hdr=0 queues=1 owner-name=- owner-uuid=-"

static int
mymain(void)
{
    static const testRequestCase cases[] = {
        /* valid requests */
        { "{'plug': <'bridge'>, 'bridge': <'br0'>}", VIR_ERR_OK,
          "plug=bridge bridge=br0 " OK_DEFAULTS },
        { "{'bridge': <'br0'>}", VIR_ERR_OK,
          "plug=bridge bridge=br0 " OK_DEFAULTS },
        { "{'bridge': <'virbr-0.a_b'>}", VIR_ERR_OK,
          "plug=bridge bridge=virbr-0.a_b " OK_DEFAULTS },
        { "{'bridge': <'br0'>, 'mac': <'52:54:00:AA:bb:0c'>, 'mtu': <uint32 9000>, "
          "'vnet-hdr': <true>, 'queues': <uint32 16>, 'owner-name': <'guest \u00e9'>, "
          "'owner-uuid': <'C7A5FDBD-EDAF-9455-926A-D65C16DB1809'>}", VIR_ERR_OK,
          "plug=bridge bridge=br0 mac=52:54:00:aa:bb:0c mtu=9000 vnet-hdr=1 queues=16 "
          "owner-name=guest \u00e9 owner-uuid=c7a5fdbd-edaf-9455-926a-d65c16db1809" },
        { "{'bridge': <'br0'>, 'mtu': <uint32 68>, 'queues': <uint32 1>, "
          "'owner-uuid': <'c7a5fdbdedaf9455926ad65c16db1809'>}", VIR_ERR_OK,
          "plug=bridge bridge=br0 mac=- mtu=68 vnet-hdr=0 queues=1 owner-name=- "
          "owner-uuid=c7a5fdbd-edaf-9455-926a-d65c16db1809" },
        { "{'bridge': <'br0'>, 'mtu': <uint32 65535>, 'mac': <'2:0:0:0:0:1'>}", VIR_ERR_OK,
          "plug=bridge bridge=br0 mac=02:00:00:00:00:01 mtu=65535 vnet-hdr=0 queues=1 "
          "owner-name=- owner-uuid=-" },

        /* unknown keys and wrong types */
        { "{'bridge': <'br0'>, 'ifindex': <int32 3>}", VIR_ERR_INVALID_ARG,
          IA "unknown key 'ifindex'" },
        { "{'bridge': <'br0'>, 'a\\nb': <'x'>}", VIR_ERR_INVALID_ARG,
          IA "unknown key 'a\\nb'" },
        { "{'': <'x'>}", VIR_ERR_INVALID_ARG, IA "unknown key ''" },
        { "{'bridge': <uint32 0>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge' must be of type 's', not 'u'" },
        { "{'bridge': <<'br0'>>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge' must be of type 's', not 'v'" },
        { "{'bridge': <'br0'>, 'plug': <['bridge']>}", VIR_ERR_INVALID_ARG,
          IA "key 'plug' must be of type 's', not 'as'" },
        { "{'bridge': <'br0'>, 'mac': <byte 1>}", VIR_ERR_INVALID_ARG,
          IA "key 'mac' must be of type 's', not 'y'" },
        { "{'bridge': <'br0'>, 'mtu': <1500>}", VIR_ERR_INVALID_ARG,
          IA "key 'mtu' must be of type 'u', not 'i'" },
        { "{'bridge': <'br0'>, 'mtu': <'1500'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mtu' must be of type 'u', not 's'" },
        { "{'bridge': <'br0'>, 'vnet-hdr': <uint32 1>}", VIR_ERR_INVALID_ARG,
          IA "key 'vnet-hdr' must be of type 'b', not 'u'" },
        { "{'bridge': <'br0'>, 'queues': <uint16 2>}", VIR_ERR_INVALID_ARG,
          IA "key 'queues' must be of type 'u', not 'q'" },
        { "{'bridge': <'br0'>, 'owner-name': <objectpath '/x'>}", VIR_ERR_INVALID_ARG,
          IA "key 'owner-name' must be of type 's', not 'o'" },
        { "{'bridge': <'br0'>, 'owner-uuid': <uint64 1>}", VIR_ERR_INVALID_ARG,
          IA "key 'owner-uuid' must be of type 's', not 't'" },
        { "{'network': <uint32 1>}", VIR_ERR_INVALID_ARG,
          IA "key 'network' must be of type 's', not 'u'" },

        /* plug */
        { "{'plug': <'tap'>, 'bridge': <'br0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'plug': unknown plug type 'tap' (expected 'bridge', 'network', 'direct' or 'none')" },
        { "{'plug': <''>}", VIR_ERR_INVALID_ARG,
          IA "key 'plug': unknown plug type '' (expected 'bridge', 'network', 'direct' or 'none')" },
        { "{'plug': <'Bridge'>, 'bridge': <'br0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'plug': unknown plug type 'Bridge' (expected 'bridge', 'network', 'direct' or 'none')" },
        { "{'plug': <'network'>, 'network': <'default'>}", VIR_ERR_OK,
          "plug=network bridge=- " OK_DEFAULTS },
        { "{'plug': <'network'>}", VIR_ERR_INVALID_ARG,
          IA "key 'network' is required with plug 'network'" },
        /* an Open vSwitch network's port may name its logical port;
         * the network names the switch */
        { "{'plug': <'network'>, 'network': <'tenant1'>, 'virtualport': <'openvswitch'>, "
          "'interfaceid': <'web-1'>}", VIR_ERR_OK,
          "plug=network bridge=- " OK_DEFAULTS
          " virtualport=openvswitch interfaceid=web-1 ovn-switch=-" },
        { "{'plug': <'network'>, 'network': <'tenant1'>, 'virtualport': <'openvswitch'>, "
          "'interfaceid': <'web-1'>, 'ovn-switch': <'ls1'>}", VIR_ERR_INVALID_ARG,
          IA "key 'ovn-switch' is not valid with plug 'network' (the network names its logical switch)" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'virtualport': <'openvswitch'>}",
          VIR_ERR_INVALID_ARG, IA "key 'virtualport' is not valid with plug 'direct'" },
        { "{'plug': <'network'>, 'network': <'default'>, 'bridge': <'virbr0'>}",
          VIR_ERR_INVALID_ARG, IA "key 'bridge' is not valid with plug 'network'" },
        /* bandwidth: the domain XML's <inbound>/<outbound>, a{su} */
#define BASE "plug=bridge bridge=br0 mac=- mtu=0 vnet-hdr=0 queues=1 owner-name=- owner-uuid=-"
        { "{'bridge': <'br0'>, 'bandwidth-inbound': <{'average': uint32 1000, 'peak': uint32 2000,"
          " 'burst': uint32 64}>, 'bandwidth-outbound': <{'average': uint32 500}>}", VIR_ERR_OK,
          BASE " inbound=[average=1000,peak=2000,burst=64] outbound=[average=500]" },
        { "{'bridge': <'br0'>, 'bandwidth-outbound': <{'burst': uint32 4194303, 'average': uint32 4294967295}>}",
          VIR_ERR_OK, BASE " inbound=[] outbound=[average=4294967295,burst=4194303]" },
        { "{'bridge': <'br0'>, 'bandwidth-inbound': <@a{su} {}>}", VIR_ERR_OK, BASE },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'bandwidth-inbound': <{'average': uint32 8}>}",
          VIR_ERR_OK, "plug=direct bridge=- mac=- mtu=0 vnet-hdr=0 queues=1 owner-name=- "
          "owner-uuid=- device=eth0 mode=vepa inbound=[average=8] outbound=[]" },
        /* a floor parses; whether the port may have one is its network's
         * to say (networkdcontrolstest) */
        { "{'bridge': <'br0'>, 'bandwidth-inbound': <{'average': uint32 1000, 'floor': uint32 10}>}",
          VIR_ERR_OK, BASE " inbound=[average=1000,floor=10] outbound=[]" },
        { "{'plug': <'network'>, 'network': <'lab'>, 'bandwidth-inbound': <{'floor': uint32 10}>}",
          VIR_ERR_OK, "plug=network bridge=- mac=- mtu=0 vnet-hdr=0 queues=1 owner-name=- "
          "owner-uuid=- inbound=[floor=10] outbound=[]" },
        { "{'bridge': <'br0'>, 'bandwidth-outbound': <{'average': uint32 1000, 'floor': uint32 10}>}",
          VIR_ERR_INVALID_ARG, IA "key 'bandwidth-outbound': 'floor' is supported for inbound "
          "traffic only" },
        { "{'bridge': <'br0'>, 'bandwidth-outbound': <{'average': uint32 1000, 'ceil': uint32 10}>}",
          VIR_ERR_INVALID_ARG, IA "key 'bandwidth-outbound': unknown limit 'ceil' "
          "(expected 'average', 'peak', 'burst' or 'floor')" },
        { "{'bridge': <'br0'>, 'bandwidth-outbound': <{'aver\\nage\\'': uint32 1}>}",
          VIR_ERR_INVALID_ARG, IA "key 'bandwidth-outbound': unknown limit 'aver\\nage'' "
          "(expected 'average', 'peak', 'burst' or 'floor')" },
        { "{'bridge': <'br0'>, 'bandwidth-inbound': <{'average': uint32 1, 'average': uint32 2}>}",
          VIR_ERR_INVALID_ARG, IA "key 'bandwidth-inbound': 'average' is given more than once" },
        { "{'bridge': <'br0'>, 'bandwidth-inbound': <{'average': uint32 1000, 'peak': uint32 999}>}",
          VIR_ERR_INVALID_ARG, IA "inbound bandwidth: "
          "'peak' 999 is below 'average' 1000" },
        { "{'bridge': <'br0'>, 'bandwidth-outbound': <{'peak': uint32 999}>}",
          VIR_ERR_INVALID_ARG, IA "outbound bandwidth: "
          "'peak' and 'burst' need 'average'" },
        { "{'bridge': <'br0'>, 'bandwidth-outbound': <{'average': uint32 1, 'burst': uint32 4194304}>}",
          VIR_ERR_INVALID_ARG, IA "outbound bandwidth: "
          "rates are at most 4294967295 kilobytes/s, bursts at most 4194303 KiB" },
        { "{'bridge': <'br0'>, 'bandwidth-inbound': <{'average': uint64 1000}>}",
          VIR_ERR_INVALID_ARG, IA "key 'bandwidth-inbound' must be of type 'a{su}', not 'a{st}'" },
        { "{'bridge': <'br0'>, 'bandwidth-inbound': <{'average': <uint32 1000>}>}",
          VIR_ERR_INVALID_ARG, IA "key 'bandwidth-inbound' must be of type 'a{su}', not 'a{sv}'" },
        { "{'bridge': <'br0'>, 'bandwidth-inbound': <uint32 1000>}",
          VIR_ERR_INVALID_ARG, IA "key 'bandwidth-inbound' must be of type 'a{su}', not 'u'" },
        /* filters: clean-traffic or its blocks, and the guest's addresses */
        { "{'bridge': <'br0'>, 'filter': <'clean-traffic'>, 'filter-ips': <['198.18.0.10', 'fd00::10']>}",
          VIR_ERR_OK, BASE " filter=[clean-traffic] ips=[198.18.0.10,fd00::10]" },
        { "{'bridge': <'br0'>, 'filter': <'allow-dhcp,no-mac-spoofing'>}",
          VIR_ERR_OK, BASE " filter=[no-mac-spoofing,allow-dhcp] ips=[]" },
        { "{'bridge': <'br0'>, 'filter': <'no-mac-spoofing,no-ip-spoofing,no-arp-spoofing,"
          "allow-dhcp,no-other-l2-traffic'>}", VIR_ERR_OK, BASE " filter=[clean-traffic] ips=[]" },
        { "{'bridge': <'br0'>, 'filter-ips': <['198.18.0.10']>}",
          VIR_ERR_OK, BASE " filter=[] ips=[198.18.0.10]" },
        { "{'bridge': <'br0'>, 'filter': <'clean-traffic; flush ruleset'>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter': 'clean-traffic; flush ruleset' is not 'clean-traffic' or a list of its "
          "building blocks (no-mac-spoofing, no-ip-spoofing, no-arp-spoofing, allow-dhcp, "
          "no-other-l2-traffic)" },
        { "{'bridge': <'br0'>, 'filter': <''>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter': '' is not 'clean-traffic' or a list of its building blocks "
          "(no-mac-spoofing, no-ip-spoofing, no-arp-spoofing, allow-dhcp, no-other-l2-traffic)" },
        { "{'bridge': <'br0'>, 'filter': <'clean-traffic,'>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter': 'clean-traffic,' is not 'clean-traffic' or a list of its building "
          "blocks (no-mac-spoofing, no-ip-spoofing, no-arp-spoofing, allow-dhcp, no-other-l2-traffic)" },
        { "{'bridge': <'br0'>, 'filter-ips': <['198.18.0.255/24']>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter-ips': '198.18.0.255/24' is not a unicast IPv4 or IPv6 address" },
        { "{'bridge': <'br0'>, 'filter-ips': <['0.0.0.0']>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter-ips': '0.0.0.0' is not a unicast IPv4 or IPv6 address" },
        { "{'bridge': <'br0'>, 'filter-ips': <['224.0.0.1']>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter-ips': '224.0.0.1' is not a unicast IPv4 or IPv6 address" },
        { "{'bridge': <'br0'>, 'filter-ips': <['255.255.255.255']>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter-ips': '255.255.255.255' is not a unicast IPv4 or IPv6 address" },
        { "{'bridge': <'br0'>, 'filter-ips': <['ff02::1']>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter-ips': 'ff02::1' is not a unicast IPv4 or IPv6 address" },
        { "{'bridge': <'br0'>, 'filter-ips': <['198.18.0.1 } ; drop']>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter-ips': '198.18.0.1 } ; drop' is not a unicast IPv4 or IPv6 address" },
        { "{'bridge': <'br0'>, 'filter-ips': <['198.18.0.1', '198.18.0.1']>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter-ips': '198.18.0.1' is given more than once" },
        { "{'bridge': <'br0'>, 'filter-ips': <['198.18.0.1', '198.18.0.2', '198.18.0.3', "
          "'198.18.0.4', '198.18.0.5', '198.18.0.6', '198.18.0.7', '198.18.0.8', '198.18.0.9', "
          "'198.18.0.10', '198.18.0.11', '198.18.0.12', '198.18.0.13', '198.18.0.14', "
          "'198.18.0.15', '198.18.0.16', '198.18.0.17']>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter-ips': at most 16 addresses" },
        { "{'bridge': <'br0'>, 'filter-ips': <'198.18.0.1'>}", VIR_ERR_INVALID_ARG,
          IA "key 'filter-ips' must be of type 'as', not 's'" },
#undef BASE

        /* plug direct: a host interface and a macvtap mode */
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <'vepa'>}", VIR_ERR_OK,
          "plug=direct bridge=- mac=- mtu=0 vnet-hdr=0 queues=1 owner-name=- owner-uuid=- "
          "device=eth0 mode=vepa" },
        { "{'plug': <'direct'>, 'device': <'enp1s0'>}", VIR_ERR_OK,
          "plug=direct bridge=- mac=- mtu=0 vnet-hdr=0 queues=1 owner-name=- owner-uuid=- "
          "device=enp1s0 mode=vepa" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <'bridge'>, 'queues': <uint32 4>,"
          " 'vnet-hdr': <true>, 'mac': <'52:54:00:01:02:03'>, 'mtu': <uint32 1400>}", VIR_ERR_OK,
          "plug=direct bridge=- mac=52:54:00:01:02:03 mtu=1400 vnet-hdr=1 queues=4 owner-name=- "
          "owner-uuid=- device=eth0 mode=bridge" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <'private'>}", VIR_ERR_OK,
          "plug=direct bridge=- mac=- mtu=0 vnet-hdr=0 queues=1 owner-name=- owner-uuid=- "
          "device=eth0 mode=private" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <'passthrough'>}", VIR_ERR_OK,
          "plug=direct bridge=- mac=- mtu=0 vnet-hdr=0 queues=1 owner-name=- owner-uuid=- "
          "device=eth0 mode=passthrough" },
        { "{'plug': <'direct'>}", VIR_ERR_INVALID_ARG,
          IA "key 'device' is required with plug 'direct'" },
        { "{'plug': <'direct'>, 'mode': <'bridge'>}", VIR_ERR_INVALID_ARG,
          IA "key 'device' is required with plug 'direct'" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <'VEPA'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mode': unknown mode 'VEPA' (expected 'bridge', 'vepa', 'private' or 'passthrough')" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <''>}", VIR_ERR_INVALID_ARG,
          IA "key 'mode': unknown mode '' (expected 'bridge', 'vepa', 'private' or 'passthrough')" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <'bridge '>}", VIR_ERR_INVALID_ARG,
          IA "key 'mode': unknown mode 'bridge ' (expected 'bridge', 'vepa', 'private' or 'passthrough')" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <'passthru'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mode': unknown mode 'passthru' (expected 'bridge', 'vepa', 'private' or 'passthrough')" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <uint32 0>}", VIR_ERR_INVALID_ARG,
          IA "key 'mode' must be of type 's', not 'u'" },
        { "{'plug': <'direct'>, 'device': <['eth0']>}", VIR_ERR_INVALID_ARG,
          IA "key 'device' must be of type 's', not 'as'" },
        { "{'bridge': <'br0'>, 'mode': <'bridge'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mode' is not valid with plug 'bridge'" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'network': <'default'>}", VIR_ERR_INVALID_ARG,
          IA "key 'network' is not valid with plug 'direct'" },
        { "{'plug': <'direct'>, 'device': <'../eth0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'device': invalid interface name '../eth0': name must not be '.' or contain '..'" },
        { "{'plug': <'direct'>, 'device': <'eth%d'>}", VIR_ERR_INVALID_ARG,
          IA "key 'device': invalid interface name 'eth%d': name contains '/', '%' or ':'" },
        { "{'plug': <'direct'>, 'device': <'eth0123456789abc'>}", VIR_ERR_INVALID_ARG,
          IA "key 'device': invalid interface name 'eth0123456789abc': name is longer than 15 bytes" },
        { "{'plug': <'direct'>, 'device': <''>}", VIR_ERR_INVALID_ARG,
          IA "key 'device': invalid interface name '': name is empty" },
        { "{'plug': <'direct'>, 'device': <'eth0\n'>}", VIR_ERR_INVALID_ARG,
          IA "key 'device': invalid interface name 'eth0\\n': name contains whitespace or a non-printable byte" },
        { "{'plug': <'bridge'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge' is required with plug 'bridge'" },
        { "@a{sv} {}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge' is required with plug 'bridge'" },
        { "{'bridge': <'br0'>, 'network': <'default'>}", VIR_ERR_INVALID_ARG,
          IA "key 'network' is not valid with plug 'bridge'" },
        { "{'bridge': <'br0'>, 'device': <'eth0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'device' is not valid with plug 'bridge'" },
        { "{'plug': <'direct'>, 'bridge': <'br0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge' is not valid with plug 'direct'" },

        /* plug none: a tap on no bridge, named by the daemon or the caller */
        { "{'plug': <'none'>}", VIR_ERR_OK,
          "plug=none bridge=- " OK_DEFAULTS },
        { "{'plug': <'none'>, 'ifname': <'tap-guest.0'>, 'mtu': <uint32 9000>, "
          "'queues': <uint32 2>, 'vnet-hdr': <true>}", VIR_ERR_OK,
          "plug=none bridge=- ifname=tap-guest.0 mac=- mtu=9000 vnet-hdr=1 queues=2 "
          "owner-name=- owner-uuid=-" },
        { "{'plug': <'none'>, 'bridge': <'br0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge' is not valid with plug 'none'" },
        { "{'plug': <'none'>, 'device': <'eth0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'device' is not valid with plug 'none'" },
        { "{'bridge': <'br0'>, 'ifname': <'tap0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'ifname' is not valid with plug 'bridge'" },
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'ifname': <'tap0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'ifname' is not valid with plug 'direct'" },
        { "{'plug': <'none'>, 'ifname': <'vnet0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'ifname': 'vnet0' starts with 'vnet', which is reserved for the names the daemon chooses" },
        { "{'plug': <'none'>, 'ifname': <'tap%d'>}", VIR_ERR_INVALID_ARG,
          IA "key 'ifname': invalid interface name 'tap%d': name contains '/', '%' or ':'" },
        { "{'plug': <'none'>, 'ifname': <'../eth0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'ifname': invalid interface name '../eth0': name must not be '.' or contain '..'" },
        { "{'plug': <'none'>, 'ifname': <'tap0123456789abcd'>}", VIR_ERR_INVALID_ARG,
          IA "key 'ifname': invalid interface name 'tap0123456789abcd': name is longer than 15 bytes" },
        { "{'plug': <'none'>, 'ifname': <'tap 0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'ifname': invalid interface name 'tap 0': name contains whitespace or a non-printable byte" },

        /* bridge names: injection, truncation, charset */
        { "{'bridge': <''>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name '': name is empty" },
        { "{'bridge': <'br0123456789abcd'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name 'br0123456789abcd': name is longer than 15 bytes" },
        { "{'bridge': <'..'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name '..': name must not be '.' or contain '..'" },
        { "{'bridge': <'.'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name '.': name must not be '.' or contain '..'" },
        { "{'bridge': <'../br0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name '../br0': name must not be '.' or contain '..'" },
        { "{'bridge': <'br/0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name 'br/0': name contains '/', '%' or ':'" },
        { "{'bridge': <'br%d'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name 'br%d': name contains '/', '%' or ':'" },
        { "{'bridge': <'br0:1'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name 'br0:1': name contains '/', '%' or ':'" },
        { "{'bridge': <'br 0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name 'br 0': name contains whitespace or a non-printable byte" },
        { "{'bridge': <'br\\t0'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name 'br\\t0': name contains whitespace or a non-printable byte" },
        { "{'bridge': <'br\u00e9'>}", VIR_ERR_INVALID_ARG,
          IA "key 'bridge': invalid interface name 'br\\303\\251': name contains whitespace or a non-printable byte" },
        { "{'device': <'eth/0'>, 'plug': <'direct'>}", VIR_ERR_INVALID_ARG,
          IA "key 'device': invalid interface name 'eth/0': name contains '/', '%' or ':'" },

        /* MAC */
        { "{'bridge': <'br0'>, 'mac': <'00:00:00:00:00:00'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mac': the all-zero MAC address is not allowed" },
        { "{'bridge': <'br0'>, 'mac': <'01:00:5e:00:00:01'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mac': '01:00:5e:00:00:01' is a multicast address" },
        { "{'bridge': <'br0'>, 'mac': <'ff:ff:ff:ff:ff:ff'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mac': 'ff:ff:ff:ff:ff:ff' is a multicast address" },
        { "{'bridge': <'br0'>, 'mac': <'52:54:00:aa:bb'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mac': '52:54:00:aa:bb' is not a MAC address" },
        { "{'bridge': <'br0'>, 'mac': <'52:54:00:aa:bb:cc:dd'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mac': '52:54:00:aa:bb:cc:dd' is not a MAC address" },
        { "{'bridge': <'br0'>, 'mac': <'52-54-00-aa-bb-cc'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mac': '52-54-00-aa-bb-cc' is not a MAC address" },
        { "{'bridge': <'br0'>, 'mac': <''>}", VIR_ERR_INVALID_ARG,
          IA "key 'mac': '' is not a MAC address" },
        { "{'bridge': <'br0'>, 'mac': <'52:54:00:aa:bb:cg'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mac': '52:54:00:aa:bb:cg' is not a MAC address" },

        /* MTU and queues */
        { "{'bridge': <'br0'>, 'mtu': <uint32 67>}", VIR_ERR_INVALID_ARG,
          IA "key 'mtu': 67 is out of range 68..65535" },
        { "{'bridge': <'br0'>, 'mtu': <uint32 0>}", VIR_ERR_INVALID_ARG,
          IA "key 'mtu': 0 is out of range 68..65535" },
        { "{'bridge': <'br0'>, 'mtu': <uint32 65536>}", VIR_ERR_INVALID_ARG,
          IA "key 'mtu': 65536 is out of range 68..65535" },
        { "{'bridge': <'br0'>, 'mtu': <uint32 4294967295>}", VIR_ERR_INVALID_ARG,
          IA "key 'mtu': 4294967295 is out of range 68..65535" },
        { "{'bridge': <'br0'>, 'queues': <uint32 0>}", VIR_ERR_INVALID_ARG,
          IA "key 'queues': 0 is out of range 1..16" },
        { "{'bridge': <'br0'>, 'queues': <uint32 17>}", VIR_ERR_INVALID_ARG,
          IA "key 'queues': 17 is out of range 1..16" },

        /* Open vSwitch and OVN */
        { "{'bridge': <'br-int'>, 'virtualport': <'openvswitch'>}", VIR_ERR_OK,
          "plug=bridge bridge=br-int " OK_DEFAULTS
          " virtualport=openvswitch interfaceid=- ovn-switch=-" },
        { "{'bridge': <'br-int'>, 'virtualport': <'openvswitch'>, "
          "'interfaceid': <'lsp-alice.a_1'>, 'ovn-switch': <'tenant1'>}", VIR_ERR_OK,
          "plug=bridge bridge=br-int " OK_DEFAULTS
          " virtualport=openvswitch interfaceid=lsp-alice.a_1 ovn-switch=tenant1" },
        { "{'bridge': <'br-int'>, 'virtualport': <'802.1Qbh'>}", VIR_ERR_INVALID_ARG,
          IA "key 'virtualport': unknown virtual port type '802.1Qbh' (expected 'openvswitch')" },
        { "{'bridge': <'br-int'>, 'virtualport': <''>}", VIR_ERR_INVALID_ARG,
          IA "key 'virtualport': unknown virtual port type '' (expected 'openvswitch')" },
        { "{'bridge': <'br-int'>, 'interfaceid': <'lsp1'>}", VIR_ERR_INVALID_ARG,
          IA "key 'interfaceid' needs virtualport 'openvswitch'" },
        { "{'bridge': <'br-int'>, 'virtualport': <'openvswitch'>, 'ovn-switch': <'ls1'>}",
          VIR_ERR_INVALID_ARG,
          IA "key 'ovn-switch' needs an 'interfaceid' (the logical switch port to create)" },
        { "{'bridge': <'br-int'>, 'virtualport': <'openvswitch'>, "
          "'interfaceid': <'lsp1,external_ids:x=y'>}", VIR_ERR_INVALID_ARG,
          IA "key 'interfaceid': invalid name 'lsp1,external_ids:x=y': "
          "a quote, backslash, ',', '=', ':', brace or bracket" },
        { "{'bridge': <'br-int'>, 'virtualport': <'openvswitch'>, "
          "'interfaceid': <'lsp1'>, 'ovn-switch': <'ls 1'>}", VIR_ERR_INVALID_ARG,
          IA "key 'ovn-switch': invalid name 'ls 1': "
          "whitespace, a control character or a non-ASCII byte" },
        { "{'bridge': <'br-int'>, 'virtualport': <'openvswitch'>, "
          "'interfaceid': <'-lsp1'>}", VIR_ERR_INVALID_ARG,
          IA "key 'interfaceid': invalid name '-lsp1': begins with '-'" },

        /* owner strings */
        { "{'bridge': <'br0'>, 'owner-name': <''>}", VIR_ERR_INVALID_ARG,
          IA "key 'owner-name' must not be empty" },
        /* every domain name the QEMU driver sends (domain_name.c) */
        { "{'bridge': <'br0'>, 'owner-name': <'-x .. \"$* foo=1,bar=2 \u00e9'>}", VIR_ERR_OK,
          "plug=bridge bridge=br0 mac=- mtu=0 vnet-hdr=0 queues=1 "
          "owner-name=-x .. \"$* foo=1,bar=2 \u00e9 owner-uuid=-" },
        { "{'bridge': <'br0'>, 'owner-name': <'a\\nb'>}", VIR_ERR_INVALID_ARG,
          IA "key 'owner-name' contains a control character" },
        { "{'bridge': <'br0'>, 'owner-name': <'a\\u0085b'>}", VIR_ERR_INVALID_ARG,
          IA "key 'owner-name' contains a control character" },
        { "{'bridge': <'br0'>, 'owner-name': <'"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "'>}", VIR_ERR_OK,
          "plug=bridge bridge=br0 mac=- mtu=0 vnet-hdr=0 queues=1 owner-name="
          "0123456789012345678901234567890123456789012345678901234567890123"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "0123456789012345678901234567890123456789012345678901234567890123"
          " owner-uuid=-" },
        { "{'bridge': <'br0'>, 'owner-name': <'"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "0123456789012345678901234567890123456789012345678901234567890123"
          "x'>}", VIR_ERR_INVALID_ARG,
          IA "key 'owner-name' is longer than 256 bytes" },
        { "{'bridge': <'br0'>, 'owner-uuid': <'not-a-uuid'>}", VIR_ERR_INVALID_ARG,
          IA "key 'owner-uuid': 'not-a-uuid' is not a UUID" },
        { "{'bridge': <'br0'>, 'owner-uuid': <''>}", VIR_ERR_INVALID_ARG,
          IA "key 'owner-uuid': '' is not a UUID" },
        { "{'bridge': <'br0'>, 'owner-uuid': <'c7a5fdbd-edaf-9455-926a-d65c16db180'>}",
          VIR_ERR_INVALID_ARG,
          IA "key 'owner-uuid': 'c7a5fdbd-edaf-9455-926a-d65c16db180' is not a UUID" },
        /* long caller strings are cut in messages */
        { "{'bridge': <'br0'>, 'owner-uuid': <'"
          "0123456789012345678901234567890123456789012345678901234567890123456789'>}",
          VIR_ERR_INVALID_ARG,
          IA "key 'owner-uuid': '"
          "0123456789012345678901234567890123456789012345678901234567890123...' is not a UUID" },
        { "{'network': <''>, 'plug': <'network'>}", VIR_ERR_INVALID_ARG,
          IA "key 'network' must not be empty" },
        { "{'mode': <'a\\tb'>, 'plug': <'direct'>}", VIR_ERR_INVALID_ARG,
          IA "key 'mode': unknown mode 'a\\tb' (expected 'bridge', 'vepa', 'private' or 'passthrough')" },
        /* a mode of 200 bytes is quoted cut */
        { "{'plug': <'direct'>, 'device': <'eth0'>, 'mode': <'"
          "0123456789012345678901234567890123456789012345678901234567890123456789'>}",
          VIR_ERR_INVALID_ARG,
          IA "key 'mode': unknown mode '"
          "0123456789012345678901234567890123456789012345678901234567890123...' "
          "(expected 'bridge', 'vepa', 'private' or 'passthrough')" },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *title = g_strdup_printf("request %zu: %.60s", i, cases[i].request);

        if (virTestRun(title, testRequestOne, &cases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("not a dictionary", testRequestNotDict, NULL) < 0)
        ret = -1;
    if (virTestRun("duplicate key", testRequestDuplicate, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
