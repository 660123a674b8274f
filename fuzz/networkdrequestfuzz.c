/*
 * networkdrequestfuzz.c: libFuzzer target for CreatePort request validation
 *
 * The input is a CreatePort request dictionary: if it starts with 't', the
 * rest is GVariant text ("{'bridge': <'br0'>}", readable seeds), otherwise
 * the whole input is the serialized a{sv} as it travels on D-Bus.  Only
 * values in normal form are tried: GDBus hands the daemon nothing else.
 *
 * Properties checked (anything else aborts so libFuzzer keeps the input):
 *  - a refusal is InvalidArgument or NotSupported, and its message holds no
 *    control character (caller text is escaped before it reaches a log);
 *  - an accepted request is within every documented range (plug bridge or
 *    direct, bandwidth through its gate, known filter blocks, unicast
 *    addresses);
 *  - rebuilding a dictionary from the accepted request and parsing it
 *    again gives the same request (a fixed point).
 */
#include "fuzz.h"
#include "networkd_request.h"
#include "networkd_state.h"
#include "virerror.h"
#include "virnetdevname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts with @what. */
static void G_GNUC_NORETURN
fuzzDie(const char *what, const char *detail)
{
    fprintf(stderr, "networkdrequestfuzz: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

/**
 * fuzzRequestRebuild:
 * Returns the a{sv} (new reference) that asks for exactly @req.
 */
static GVariant *
fuzzRequestRebuild(const virNetworkdRequest *req)
{
    GVariantBuilder b;
    char mac[VIR_MAC_STRING_BUFLEN];
    char uuid[VIR_UUID_STRING_BUFLEN];

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "plug",
                          g_variant_new_string(virNetworkdPlugTypeToString(req->plug)));
    if (req->bridge)
        g_variant_builder_add(&b, "{sv}", "bridge", g_variant_new_string(req->bridge));
    if (req->network)
        g_variant_builder_add(&b, "{sv}", "network", g_variant_new_string(req->network));
    if (req->device) {
        g_variant_builder_add(&b, "{sv}", "device", g_variant_new_string(req->device));
        g_variant_builder_add(&b, "{sv}", "mode",
                              g_variant_new_string(virNetworkdDirectModeTypeToString(req->mode)));
    }
    if (req->hasMac)
        g_variant_builder_add(&b, "{sv}", "mac",
                              g_variant_new_string(virMacAddrFormat(&req->mac, mac)));
    if (req->mtu)
        g_variant_builder_add(&b, "{sv}", "mtu", g_variant_new_uint32(req->mtu));
    g_variant_builder_add(&b, "{sv}", "vnet-hdr", g_variant_new_boolean(req->vnetHdr));
    g_variant_builder_add(&b, "{sv}", "queues", g_variant_new_uint32(req->queues));
    if (req->ownerName)
        g_variant_builder_add(&b, "{sv}", "owner-name", g_variant_new_string(req->ownerName));
    if (req->hasOwnerUUID)
        g_variant_builder_add(&b, "{sv}", "owner-uuid",
                              g_variant_new_string(virUUIDFormat(req->ownerUUID, uuid)));
    g_variant_builder_add(&b, "{sv}", "bandwidth-inbound",
                          virNetworkdBandwidthRateToVariant(&req->bandwidth.inbound));
    g_variant_builder_add(&b, "{sv}", "bandwidth-outbound",
                          virNetworkdBandwidthRateToVariant(&req->bandwidth.outbound));
    if (req->filterBlocks) {
        g_autofree char *filter = virNWFilterBlocksFormat(req->filterBlocks);

        g_variant_builder_add(&b, "{sv}", "filter", g_variant_new_string(filter));
    }
    if (req->nfilterIPs) {
        g_autofree char *ips = virNetworkdFilterIPsFormat(req->filterIPs, req->nfilterIPs);
        g_auto(GStrv) list = g_strsplit(ips, ",", 0);

        g_variant_builder_add(&b, "{sv}", "filter-ips",
                              g_variant_new_strv((const char * const *)list, -1));
    }
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

/**
 * fuzzRequestCheck:
 * Aborts unless @req is within every documented range.
 */
static void
fuzzRequestCheck(const virNetworkdRequest *req)
{
    size_t i;

    switch (req->plug) {
    case VIR_NETWORKD_PLUG_BRIDGE:
        if (!req->bridge || !virNetDevNameIsValid(req->bridge))
            fuzzDie("accepted a bad bridge name", req->bridge);
        if (req->network || req->device)
            fuzzDie("accepted keys of another plug type", NULL);
        break;
    case VIR_NETWORKD_PLUG_NETWORK:
        if (!req->network || !*req->network ||
            strlen(req->network) > VIR_NETWORKD_OWNER_NAME_MAX ||
            !g_utf8_validate(req->network, -1, NULL))
            fuzzDie("accepted a bad network name", NULL);
        if (req->bridge || req->device)
            fuzzDie("accepted keys of another plug type", NULL);
        break;
    case VIR_NETWORKD_PLUG_DIRECT:
        if (!req->device || !virNetDevNameIsValid(req->device))
            fuzzDie("accepted a bad device name", req->device);
        if (req->network || req->bridge || req->mode >= VIR_NETWORKD_DIRECT_MODE_LAST)
            fuzzDie("accepted keys of another plug type, or a bad mode", NULL);
        break;
    case VIR_NETWORKD_PLUG_LAST:
        fuzzDie("accepted a plug that is not implemented", NULL);
    }
    if (virNetDevBandwidthCheck(&req->bandwidth) < 0 || req->bandwidth.inbound.floor ||
        req->bandwidth.outbound.floor)
        fuzzDie("accepted bandwidth limits the gate refuses", virGetLastErrorMessage());
    if (req->filterBlocks & ~VIR_NWFILTER_CLEAN_TRAFFIC || req->nfilterIPs > VIR_NETWORKD_FILTER_IPS_MAX)
        fuzzDie("accepted an unknown filter or too many addresses", NULL);
    for (i = 0; i < req->nfilterIPs; i++) {
        if (!virNWFilterAddrIsUnicast(&req->filterIPs[i]))
            fuzzDie("accepted a filter address that is not unicast", NULL);
    }
    if (req->mtu && (req->mtu < VIR_NETWORKD_MTU_MIN || req->mtu > VIR_NETWORKD_MTU_MAX))
        fuzzDie("accepted an MTU out of range", NULL);
    if (req->queues < 1 || req->queues > VIR_NETWORKD_QUEUES_MAX)
        fuzzDie("accepted a queue count out of range", NULL);
    if (req->hasMac && (virMacAddrIsZero(&req->mac) || !virMacAddrIsUnicast(&req->mac)))
        fuzzDie("accepted a zero or multicast MAC", NULL);
    if (req->ownerName &&
        (!*req->ownerName || strlen(req->ownerName) > VIR_NETWORKD_OWNER_NAME_MAX ||
         !g_utf8_validate(req->ownerName, -1, NULL)))
        fuzzDie("accepted a bad owner-name", NULL);
}

/**
 * fuzzRequestOne:
 * Runs one dictionary through the parser and checks the outcome.
 */
static void
fuzzRequestOne(GVariant *dict)
{
    g_autoptr(virNetworkdRequest) req = NULL;
    g_autoptr(virNetworkdRequest) again = NULL;
    g_autoptr(GVariant) rebuilt = NULL;
    g_autoptr(GVariant) rebuilt2 = NULL;
    const char *p;

    virResetLastError();
    if (!(req = virNetworkdRequestParse(dict))) {
        virErrorNumber code = virGetLastErrorCode();
        const char *msg = virGetLastErrorMessage();

        if (code != VIR_ERR_INVALID_ARG && code != VIR_ERR_NO_SUPPORT)
            fuzzDie("refused with an unexpected error code", msg);
        for (p = msg; *p; p++) {
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                fuzzDie("control character in an error message", NULL);
        }
        virResetLastError();
        return;
    }

    fuzzRequestCheck(req);
    rebuilt = fuzzRequestRebuild(req);
    if (!(again = virNetworkdRequestParse(rebuilt)))
        fuzzDie("the rebuilt request is refused", virGetLastErrorMessage());
    rebuilt2 = fuzzRequestRebuild(again);
    if (!g_variant_equal(rebuilt, rebuilt2))
        fuzzDie("parsing is not a fixed point", NULL);
}

/**
 * LLVMFuzzerTestOneInput:
 * @data, @size: one input, not NUL-terminated, may hold NUL bytes.
 *
 * Returns 0 (libFuzzer's only accepted value).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GVariant) dict = NULL;

    if (size > 0 && data[0] == 't') {
        g_autofree char *text = g_strndup((const char *)data + 1, size - 1);

        dict = g_variant_parse(G_VARIANT_TYPE("a{sv}"), text, NULL, NULL, NULL);
        if (!dict)
            return 0;
    } else {
        /* g_variant_new_from_data keeps a pointer: give it its own copy. */
        GBytes *bytes = g_bytes_new(data, size);

        dict = g_variant_ref_sink(g_variant_new_from_bytes(G_VARIANT_TYPE("a{sv}"), bytes, FALSE));
        g_bytes_unref(bytes);
        if (!g_variant_is_normal_form(dict))
            return 0;
    }
    fuzzRequestOne(dict);
    return 0;
}
