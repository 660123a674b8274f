/*
 * networkd_request.c: parsing and validation of CreatePort requests
 *
 * Theory of operation: everything here is attacker-controlled (any local
 * user may call CreatePort; polkit runs after parsing, because its details
 * come from the parsed request).  So the parser is strict and bounded:
 *
 *  - the dictionary must be exactly a{sv}; every key must be known, appear
 *    once and carry exactly its documented type (no coercion);
 *  - every value is range- or syntax-checked here, before any host access;
 *  - error messages name the key and quote caller strings only escaped and
 *    truncated, so a caller cannot inject text into logs.
 *
 * Whether the bridge exists and really is a bridge is a question for the
 * kernel and is asked later (networkd_port.c).
 */
#include "networkd_request.h"

#include <string.h>

#include "virerror.h"
#include "virnetdevname.h"
#include "virnetdevopenvswitch.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/* virNetworkdRequestCheckPlug walks the plug-specific keys from bridge to
 * mode: the contract keeps them together. */
G_STATIC_ASSERT(VIR_NETWORKD_FIELD_NETWORK == VIR_NETWORKD_FIELD_BRIDGE + 1 &&
                VIR_NETWORKD_FIELD_DEVICE == VIR_NETWORKD_FIELD_BRIDGE + 2 &&
                VIR_NETWORKD_FIELD_MODE == VIR_NETWORKD_FIELD_BRIDGE + 3);

/* How much of a caller-supplied string an error message quotes. */
#define VIR_NETWORKD_REQUEST_QUOTE_MAX 64

/**
 * virNetworkdRequestFree:
 * @req: a request, or NULL
 *
 * Frees @req and the strings it owns.
 */
void
virNetworkdRequestFree(virNetworkdRequest *req)
{
    if (!req)
        return;
    g_free(req->bridge);
    g_free(req->network);
    g_free(req->device);
    g_free(req->ifname);
    g_free(req->ownerName);
    g_free(req->interfaceId);
    g_free(req->ovnSwitch);
    g_free(req->ovnAddresses);
    g_free(req->ovnDhcpOptions);
    g_free(req->ovnNorthbound);
    g_free(req);
}

/**
 * virNetworkdRequestQuote:
 * @str: a caller-supplied string
 *
 * Returns a copy of @str safe to put in a message or a log line: at most
 * VIR_NETWORKD_REQUEST_QUOTE_MAX bytes (cut on a character boundary when it
 * is UTF-8), with control characters, quotes and backslashes escaped.
 * The caller frees the result.
 */
static char *
virNetworkdRequestQuote(const char *str)
{
    g_autofree char *cut = NULL;
    size_t len = strlen(str);

    if (len > VIR_NETWORKD_REQUEST_QUOTE_MAX) {
        const char *end = str + VIR_NETWORKD_REQUEST_QUOTE_MAX;

        if (g_utf8_validate(str, -1, NULL))
            end = g_utf8_find_prev_char(str, end + 1);
        cut = g_strdup_printf("%.*s...", (int)(end - str), str);
        str = cut;
    }
    /* Escapes control characters, quotes, backslashes and non-ASCII bytes. */
    return g_strescape(str, NULL);
}

/**
 * virNetworkdRequestCheckText:
 * @key: the key's name, for messages
 * @value: the value
 * @maxlen: largest accepted length in bytes
 *
 * Checks that a free-text value is 1..@maxlen bytes of valid UTF-8 with no
 * control characters.  Returns 0, or -1 with an error reported.
 */
static int
virNetworkdRequestCheckText(const char *key, const char *value, size_t maxlen)
{
    const char *p;
    size_t len = strlen(value);

    if (len == 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key '%1$s' must not be empty"), key);
        return -1;
    }
    if (len > maxlen) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key '%1$s' is longer than %2$zu bytes"), key, maxlen);
        return -1;
    }
    if (!g_utf8_validate(value, len, NULL)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key '%1$s' is not valid UTF-8"), key);
        return -1;
    }
    for (p = value; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (g_unichar_iscntrl(c)) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key '%1$s' contains a control character"), key);
            return -1;
        }
    }
    return 0;
}

/**
 * virNetworkdRequestCheckNetwork:
 * @value: a network name (a request's, or a port record's)
 *
 * Checks it as free text of at most VIR_NETWORKD_OWNER_NAME_MAX bytes
 * (whether such a network exists is the network manager's question).
 * Returns 0, or -1 with an InvalidArgument error naming the key.
 */
int
virNetworkdRequestCheckNetwork(const char *value)
{
    return virNetworkdRequestCheckText(virNetworkdFieldKey(VIR_NETWORKD_FIELD_NETWORK),
                                       value, VIR_NETWORKD_OWNER_NAME_MAX);
}

/**
 * virNetworkdRequestCheckIfname:
 * @key: the key's name, for messages
 * @value: the value
 *
 * Checks an interface name (virNetDevNameInvalidReason).  Returns 0, or
 * -1 with an InvalidArgument error naming the key and the broken rule.
 */
static int
virNetworkdRequestCheckIfname(const char *key, const char *value)
{
    const char *reason = virNetDevNameInvalidReason(value);

    if (reason) {
        g_autofree char *quoted = virNetworkdRequestQuote(value);

        virReportError(VIR_ERR_INVALID_ARG,
                       _("key '%1$s': invalid interface name '%2$s': %3$s"),
                       key, quoted, reason);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdBandwidthRateMember:
 * Returns the member of @rate that @key names.
 */
unsigned long long *
virNetworkdBandwidthRateMember(virNetDevBandwidthRate *rate, virNetworkdBandwidthKey key)
{
    switch (key) {
    case VIR_NETWORKD_BANDWIDTH_AVERAGE:
        return &rate->average;
    case VIR_NETWORKD_BANDWIDTH_PEAK:
        return &rate->peak;
    case VIR_NETWORKD_BANDWIDTH_BURST:
        return &rate->burst;
    case VIR_NETWORKD_BANDWIDTH_FLOOR:
    case VIR_NETWORKD_BANDWIDTH_LAST:
        break;
    }
    return &rate->floor;
}

/**
 * virNetworkdBandwidthRateToVariant:
 * Returns @rate as the bus carries it: a floating a{su} with the keys
 * whose value is not 0 (empty: no limit), in the enum's order.  Values
 * are checked (virNetDevBandwidthCheck) and so fit 32 bits.
 */
GVariant *
virNetworkdBandwidthRateToVariant(const virNetDevBandwidthRate *rate)
{
    virNetDevBandwidthRate copy = *rate;
    GVariantBuilder b;
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{su}"));
    for (i = 0; i < VIR_NETWORKD_BANDWIDTH_LAST; i++) {
        unsigned long long value = *virNetworkdBandwidthRateMember(&copy, i);

        if (value)
            g_variant_builder_add(&b, "{su}", virNetworkdBandwidthKeyTypeToString(i),
                                  (guint32)MIN(value, G_MAXUINT32));
    }
    return g_variant_builder_end(&b);
}

/**
 * virNetworkdRequestParseBandwidth:
 * @key: "bandwidth-inbound" or "bandwidth-outbound"
 * @value: its a{su} dictionary (of a request, a record or the daemon's
 *         configuration)
 * @rate: filled
 *
 * Every key known and given once; a floor only inbound (whether the
 * port may have one is decided with its network: networkd_controls.c);
 * the rest through virNetDevBandwidthCheck.  Returns 0, or -1 with an
 * error naming @key.
 */
int
virNetworkdRequestParseBandwidth(const char *key, GVariant *value, virNetDevBandwidthRate *rate)
{
    virNetDevBandwidth bw = { 0 };
    /* checked in its own direction, so the gate's message names it */
    bool outbound = g_str_has_suffix(key, "outbound");
    virNetDevBandwidthRate *r = outbound ? &bw.outbound : &bw.inbound;
    GVariantIter iter;
    const char *name;
    guint32 num;
    unsigned int seen = 0;

    g_variant_iter_init(&iter, value);
    while (g_variant_iter_next(&iter, "{&su}", &name, &num)) {
        int k = virNetworkdBandwidthKeyTypeFromString(name);

        if (k < 0) {
            g_autofree char *quoted = virNetworkdRequestQuote(name);

            virReportError(VIR_ERR_INVALID_ARG,
                           _("key '%1$s': unknown limit '%2$s' (expected 'average', 'peak', 'burst' or 'floor')"),
                           key, quoted);
            return -1;
        }
        if (seen & (1u << k)) {
            virReportError(VIR_ERR_INVALID_ARG, _("key '%1$s': '%2$s' is given more than once"),
                           key, name);
            return -1;
        }
        seen |= 1u << k;
        *virNetworkdBandwidthRateMember(r, k) = num;
    }
    if (r->floor && outbound) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key '%1$s': 'floor' is supported for inbound traffic only"), key);
        return -1;
    }
    /* its messages name the direction ("outbound bandwidth: ...") */
    if (virNetDevBandwidthCheck(&bw) < 0)
        return -1;
    *rate = *r;
    return 0;
}

/**
 * virNetworkdRequestParseFilter:
 * "filter": names of filters, comma separated, each "clean-traffic" or
 * one of its building blocks.  Returns 0, or -1 with an error naming
 * the key.
 */
static int
virNetworkdRequestParseFilter(virNetworkdRequest *req, const char *str)
{
    if (virNWFilterBlocksFromList(str, &req->filterBlocks) < 0) {
        g_autofree char *quoted = virNetworkdRequestQuote(str);

        virResetLastError();
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key 'filter': '%1$s' is not 'clean-traffic' or a list of its building blocks (no-mac-spoofing, no-ip-spoofing, no-arp-spoofing, allow-dhcp, no-other-l2-traffic)"),
                       quoted);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdRequestParseFilterIPs:
 * "filter-ips": at most VIR_NETWORKD_FILTER_IPS_MAX unicast IPv4 or IPv6
 * addresses, each once.  Returns 0, or -1 with an error naming the key.
 */
static int
virNetworkdRequestParseFilterIPs(virNetworkdRequest *req, GVariant *value)
{
    size_t n = g_variant_n_children(value);
    size_t i, j;

    if (n > VIR_NETWORKD_FILTER_IPS_MAX) {
        virReportError(VIR_ERR_INVALID_ARG, _("key 'filter-ips': at most %1$d addresses"),
                       VIR_NETWORKD_FILTER_IPS_MAX);
        return -1;
    }
    for (i = 0; i < n; i++) {
        const char *str = NULL;
        g_autoptr(GVariant) child = g_variant_get_child_value(value, i);

        str = g_variant_get_string(child, NULL);
        if (virSocketAddrParse(str, AF_UNSPEC, &req->filterIPs[i]) < 0 ||
            !virNWFilterAddrIsUnicast(&req->filterIPs[i])) {
            g_autofree char *quoted = virNetworkdRequestQuote(str);

            virResetLastError();
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'filter-ips': '%1$s' is not a unicast IPv4 or IPv6 address"),
                           quoted);
            return -1;
        }
        for (j = 0; j < i; j++) {
            if (virSocketAddrEqual(&req->filterIPs[j], &req->filterIPs[i])) {
                g_autofree char *quoted = virNetworkdRequestQuote(str);

                virReportError(VIR_ERR_INVALID_ARG,
                               _("key 'filter-ips': '%1$s' is given more than once"), quoted);
                return -1;
            }
        }
    }
    req->nfilterIPs = n;
    return 0;
}

/**
 * virNetworkdRequestParseValue:
 * @req: the request being filled
 * @key: which key
 * @value: its value, already known to have the key's type
 *
 * Validates one value and stores it in @req.  Returns 0, or -1 with an
 * InvalidArgument error naming the key (a string value is quoted with
 * virNetworkdRequestQuote() only then, not for every valid request).
 */
static int
virNetworkdRequestParseValue(virNetworkdRequest *req,
                             virNetworkdField key,
                             GVariant *value)
{
    const char *name = virNetworkdFieldKey(key);
    const char *str = NULL;
    const char *reason;
    g_autofree char *quoted = NULL;

    if (g_variant_is_of_type(value, G_VARIANT_TYPE_STRING))
        str = g_variant_get_string(value, NULL);

    switch (key) {
    case VIR_NETWORKD_FIELD_PLUG: {
        int plug = virNetworkdPlugTypeFromString(str);

        if (plug < 0) {
            quoted = virNetworkdRequestQuote(str);
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'plug': unknown plug type '%1$s' (expected 'bridge', 'network', 'direct' or 'none')"),
                           quoted);
            return -1;
        }
        req->plug = plug;
        return 0;
    }

    case VIR_NETWORKD_FIELD_BRIDGE:
        if (virNetworkdRequestCheckIfname(name, str) < 0)
            return -1;
        req->bridge = g_strdup(str);
        return 0;

    case VIR_NETWORKD_FIELD_IFNAME:
        if (virNetworkdRequestCheckIfname(name, str) < 0)
            return -1;
        /* the daemon's own names: a caller's vnetN would be mistaken for
         * one of them (and pushes the counter at reconciliation) */
        if (g_str_has_prefix(str, VIR_NETWORKD_IFNAME_PREFIX)) {
            quoted = virNetworkdRequestQuote(str);
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'ifname': '%1$s' starts with '%2$s', which is reserved for the names the daemon chooses"),
                           quoted, VIR_NETWORKD_IFNAME_PREFIX);
            return -1;
        }
        req->ifname = g_strdup(str);
        return 0;

    case VIR_NETWORKD_FIELD_NETWORK:
        if (virNetworkdRequestCheckNetwork(str) < 0)
            return -1;
        req->network = g_strdup(str);
        return 0;

    case VIR_NETWORKD_FIELD_DEVICE:
        if (virNetworkdRequestCheckIfname(name, str) < 0)
            return -1;
        req->device = g_strdup(str);
        return 0;

    case VIR_NETWORKD_FIELD_MODE: {
        int mode = virNetworkdDirectModeTypeFromString(str);

        if (mode < 0) {
            quoted = virNetworkdRequestQuote(str);
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'mode': unknown mode '%1$s' (expected 'bridge', 'vepa', 'private' or 'passthrough')"),
                           quoted);
            return -1;
        }
        req->mode = mode;
        return 0;
    }

    case VIR_NETWORKD_FIELD_MAC:
        if (virMacAddrParse(str, &req->mac) < 0) {
            quoted = virNetworkdRequestQuote(str);
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'mac': '%1$s' is not a MAC address"), quoted);
            return -1;
        }
        if (virMacAddrIsZero(&req->mac)) {
            virReportError(VIR_ERR_INVALID_ARG, "%s",
                           _("key 'mac': the all-zero MAC address is not allowed"));
            return -1;
        }
        if (!virMacAddrIsUnicast(&req->mac)) {
            quoted = virNetworkdRequestQuote(str);
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'mac': '%1$s' is a multicast address"), quoted);
            return -1;
        }
        req->hasMac = true;
        return 0;

    case VIR_NETWORKD_FIELD_MTU: {
        guint32 mtu = g_variant_get_uint32(value);

        if (mtu < VIR_NETWORKD_MTU_MIN || mtu > VIR_NETWORKD_MTU_MAX) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'mtu': %1$u is out of range %2$d..%3$d"),
                           mtu, VIR_NETWORKD_MTU_MIN, VIR_NETWORKD_MTU_MAX);
            return -1;
        }
        req->mtu = mtu;
        return 0;
    }

    case VIR_NETWORKD_FIELD_VNET_HDR:
        req->vnetHdr = g_variant_get_boolean(value);
        return 0;

    case VIR_NETWORKD_FIELD_QUEUES: {
        guint32 queues = g_variant_get_uint32(value);

        if (queues < 1 || queues > VIR_NETWORKD_QUEUES_MAX) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'queues': %1$u is out of range 1..%2$d"),
                           queues, VIR_NETWORKD_QUEUES_MAX);
            return -1;
        }
        req->queues = queues;
        return 0;
    }

    case VIR_NETWORKD_FIELD_OWNER_NAME:
        if (virNetworkdRequestCheckText(name, str, VIR_NETWORKD_OWNER_NAME_MAX) < 0)
            return -1;
        req->ownerName = g_strdup(str);
        return 0;

    case VIR_NETWORKD_FIELD_OWNER_UUID:
        if (virUUIDParse(str, req->ownerUUID) < 0) {
            quoted = virNetworkdRequestQuote(str);
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'owner-uuid': '%1$s' is not a UUID"), quoted);
            return -1;
        }
        req->hasOwnerUUID = true;
        return 0;

    case VIR_NETWORKD_FIELD_BANDWIDTH_INBOUND:
        return virNetworkdRequestParseBandwidth(name, value, &req->bandwidth.inbound);

    case VIR_NETWORKD_FIELD_BANDWIDTH_OUTBOUND:
        return virNetworkdRequestParseBandwidth(name, value, &req->bandwidth.outbound);

    case VIR_NETWORKD_FIELD_FILTER:
        return virNetworkdRequestParseFilter(req, str);

    case VIR_NETWORKD_FIELD_FILTER_IPS:
        return virNetworkdRequestParseFilterIPs(req, value);

    case VIR_NETWORKD_FIELD_VIRTUALPORT: {
        int vp = virNetworkdVirtualportTypeFromString(str);

        if (vp <= VIR_NETWORKD_VIRTUALPORT_NONE) {
            quoted = virNetworkdRequestQuote(str);
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key 'virtualport': unknown virtual port type '%1$s' (expected 'openvswitch')"),
                           quoted);
            return -1;
        }
        req->virtualport = vp;
        return 0;
    }

    case VIR_NETWORKD_FIELD_INTERFACEID:
    case VIR_NETWORKD_FIELD_OVN_SWITCH:
        /* the gate of every string that reaches OVSDB or OVN's NB: a
         * logical port and a logical switch are names of one syntax */
        if ((reason = virNetDevOpenvswitchValueInvalidReason(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID,
                                                             str))) {
            quoted = virNetworkdRequestQuote(str);
            virReportError(VIR_ERR_INVALID_ARG, _("key '%1$s': invalid name '%2$s': %3$s"),
                           name, quoted, reason);
            return -1;
        }
        if (key == VIR_NETWORKD_FIELD_INTERFACEID)
            req->interfaceId = g_strdup(str);
        else
            req->ovnSwitch = g_strdup(str);
        return 0;

    /* not request keys: virNetworkdFieldFromKey never returns them */
    case VIR_NETWORKD_FIELD_OVN_NORTHBOUND:
    case VIR_NETWORKD_FIELD_IFB:
    case VIR_NETWORKD_FIELD_UUID:
    case VIR_NETWORKD_FIELD_UID:
    case VIR_NETWORKD_FIELD_IFINDEX:
    case VIR_NETWORKD_FIELD_HOST_MAC:
    case VIR_NETWORKD_FIELD_CREATED:
    case VIR_NETWORKD_FIELD_LEARNED_IPS:
    case VIR_NETWORKD_FIELD_HOLDER_PID:
    case VIR_NETWORKD_FIELD_HOLDER_START:
    case VIR_NETWORKD_FIELD_LOWER_MAC:
    case VIR_NETWORKD_FIELD_LAST:
        break;
    }

    virReportError(VIR_ERR_INTERNAL_ERROR, _("unhandled request key %1$d"), key);
    return -1;
}

/**
 * virNetworkdRequestCheckPlug:
 * @req: a request whose every value is valid
 * @seen: bit mask of the keys present (1 << virNetworkdField)
 *
 * Checks that the keys fit the plug type.  Returns 0, or -1 with an error
 * (InvalidArgument, or NotSupported for plug types not implemented yet).
 */
static int
virNetworkdRequestCheckPlug(virNetworkdRequest *req, unsigned int seen)
{
    virNetworkdField key;
    virNetworkdField own[VIR_NETWORKD_PLUG_LAST][2] = {
        [VIR_NETWORKD_PLUG_BRIDGE] = { VIR_NETWORKD_FIELD_BRIDGE, VIR_NETWORKD_FIELD_BRIDGE },
        [VIR_NETWORKD_PLUG_NETWORK] = { VIR_NETWORKD_FIELD_NETWORK, VIR_NETWORKD_FIELD_NETWORK },
        [VIR_NETWORKD_PLUG_DIRECT] = { VIR_NETWORKD_FIELD_DEVICE, VIR_NETWORKD_FIELD_MODE },
        /* none of bridge..mode: its own key is ifname, checked below */
        [VIR_NETWORKD_PLUG_NONE] = { VIR_NETWORKD_FIELD_IFNAME, VIR_NETWORKD_FIELD_IFNAME },
    };
    const char *plugName = virNetworkdPlugTypeToString(req->plug);

    /* A name of the caller's choosing only for a tap on no bridge: a
     * bridge port's name is the daemon's alone. */
    if ((seen & (1u << VIR_NETWORKD_FIELD_IFNAME)) && req->plug != VIR_NETWORKD_PLUG_NONE) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key '%1$s' is not valid with plug '%2$s'"),
                       virNetworkdFieldKey(VIR_NETWORKD_FIELD_IFNAME), plugName);
        return -1;
    }

    /* Keys that belong to another plug type are mistakes worth naming. */
    for (key = VIR_NETWORKD_FIELD_BRIDGE; key <= VIR_NETWORKD_FIELD_MODE; key++) {
        if (!(seen & (1u << key)))
            continue;
        if (key == own[req->plug][0] || key == own[req->plug][1])
            continue;
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key '%1$s' is not valid with plug '%2$s'"),
                       virNetworkdFieldKey(key), plugName);
        return -1;
    }

    switch (req->plug) {
    case VIR_NETWORKD_PLUG_BRIDGE:
        if (!req->bridge) {
            virReportError(VIR_ERR_INVALID_ARG, "%s",
                           _("key 'bridge' is required with plug 'bridge'"));
            return -1;
        }
        return 0;
    case VIR_NETWORKD_PLUG_NONE:
        return 0;
    case VIR_NETWORKD_PLUG_NETWORK:
        if (!req->network) {
            virReportError(VIR_ERR_INVALID_ARG, "%s",
                           _("key 'network' is required with plug 'network'"));
            return -1;
        }
        return 0;
    case VIR_NETWORKD_PLUG_DIRECT:
        if (!req->device) {
            virReportError(VIR_ERR_INVALID_ARG, "%s",
                           _("key 'device' is required with plug 'direct'"));
            return -1;
        }
        return 0;
    case VIR_NETWORKD_PLUG_LAST:
        break;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, _("unhandled plug %1$d"), req->plug);
    return -1;
}

/**
 * virNetworkdRequestCheckVirtualport:
 * @req: a request whose plug keys fit
 *
 * Checks the virtual port keys: "virtualport" only with plug "bridge" or
 * "network" (an Open vSwitch network: checked when the port is made),
 * "interfaceid" only with virtualport "openvswitch", "ovn-switch" only
 * with plug "bridge" and an "interfaceid" (it names where that logical
 * port is created; an OVN network names its own switch).
 * Returns 0, or -1 with an InvalidArgument error.
 */
static int
virNetworkdRequestCheckVirtualport(const virNetworkdRequest *req)
{
    if (req->virtualport != VIR_NETWORKD_VIRTUALPORT_NONE &&
        req->plug != VIR_NETWORKD_PLUG_BRIDGE && req->plug != VIR_NETWORKD_PLUG_NETWORK) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key 'virtualport' is not valid with plug '%1$s'"),
                       virNetworkdPlugTypeToString(req->plug));
        return -1;
    }
    if (req->interfaceId && req->virtualport != VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("key 'interfaceid' needs virtualport 'openvswitch'"));
        return -1;
    }
    if (req->ovnSwitch && req->plug == VIR_NETWORKD_PLUG_NETWORK) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("key 'ovn-switch' is not valid with plug 'network' (the network names its logical switch)"));
        return -1;
    }
    if (req->ovnSwitch && !req->interfaceId) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("key 'ovn-switch' needs an 'interfaceid' (the logical switch port to create)"));
        return -1;
    }
    return 0;
}

/**
 * virNetworkdRequestParse:
 * @dict: the caller's request, which must be of type a{sv}
 *
 * Validates every key and value of @dict (see docs/networkd.rst) and fills
 * in defaults: plug "bridge", mode "vepa" (plug "direct"), one queue, no
 * vnet header, MTU and MAC chosen later.
 *
 * Returns a new request (free with virNetworkdRequestFree), or NULL with an
 * error reported: VIR_ERR_INVALID_ARG naming the offending key, or
 * VIR_ERR_NO_SUPPORT for a documented plug type not implemented yet.
 */
virNetworkdRequest *
virNetworkdRequestParse(GVariant *dict)
{
    g_autoptr(virNetworkdRequest) req = g_new0(virNetworkdRequest, 1);
    GVariantIter iter;
    const char *keyName;
    GVariant *value;
    unsigned int seen = 0;

    if (!dict || !g_variant_is_of_type(dict, G_VARIANT_TYPE("a{sv}"))) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("the request must be a dictionary of type a{sv}"));
        return NULL;
    }

    req->plug = VIR_NETWORKD_PLUG_BRIDGE;
    req->mode = VIR_NETWORKD_DIRECT_MODE_VEPA;
    req->queues = 1;

    g_variant_iter_init(&iter, dict);
    while (g_variant_iter_next(&iter, "{&sv}", &keyName, &value)) {
        g_autoptr(GVariant) owned = value;
        int key = virNetworkdFieldFromKey(keyName, VIR_NETWORKD_FIELD_IN_REQUEST);
        const char *type;

        if (key < 0) {
            g_autofree char *quoted = virNetworkdRequestQuote(keyName);

            virReportError(VIR_ERR_INVALID_ARG,
                           _("unknown key '%1$s'"), quoted);
            return NULL;
        }
        if (seen & (1u << key)) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key '%1$s' is given more than once"), keyName);
            return NULL;
        }
        seen |= 1u << key;

        type = virNetworkdFieldGet(key)->signature;
        if (!g_variant_is_of_type(owned, G_VARIANT_TYPE(type))) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("key '%1$s' must be of type '%2$s', not '%3$.32s'"),
                           keyName, type, g_variant_get_type_string(owned));
            return NULL;
        }
        if (virNetworkdRequestParseValue(req, key, owned) < 0)
            return NULL;
    }

    if (virNetworkdRequestCheckPlug(req, seen) < 0 ||
        virNetworkdRequestCheckVirtualport(req) < 0)
        return NULL;

    return g_steal_pointer(&req);
}
