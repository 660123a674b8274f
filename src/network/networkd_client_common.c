/*
 * networkd_client_common.c: what both clients of libvirt-networkd share
 *
 * See networkd_client_common.h.
 */
#include "networkd_client_common.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/* The bus's own errors (the API's are networkd_protocol.c's) and the
 * tree's error codes a client reports them as.  Names ending in '.' match
 * every name with that prefix. */
typedef struct {
    const char *name;
    virErrorNumber code;
} virNetworkdClientBusError;

static const virNetworkdClientBusError virNetworkdClientBusErrors[] = {
    /* nobody owns the name, or activation failed */
    { "org.freedesktop.DBus.Error.ServiceUnknown", VIR_ERR_DAEMON_UNREACHABLE },
    { "org.freedesktop.DBus.Error.NameHasNoOwner", VIR_ERR_DAEMON_UNREACHABLE },
    { "org.freedesktop.DBus.Error.Spawn.", VIR_ERR_DAEMON_UNREACHABLE },
    /* the daemon went away in the middle of the call */
    { "org.freedesktop.DBus.Error.NoReply", VIR_ERR_DAEMON_UNREACHABLE },
    { "org.freedesktop.DBus.Error.Disconnected", VIR_ERR_DAEMON_UNREACHABLE },
    /* the bus policy refused the message */
    { "org.freedesktop.DBus.Error.AccessDenied", VIR_ERR_OPERATION_DENIED },
    { "org.freedesktop.DBus.Error.Timeout", VIR_ERR_OPERATION_TIMEOUT },
    { "org.freedesktop.DBus.Error.TimedOut", VIR_ERR_OPERATION_TIMEOUT },
    /* a Port object that vanished between look-up and use */
    { "org.freedesktop.DBus.Error.UnknownObject", VIR_ERR_NO_NETWORK_PORT },
    { "org.freedesktop.DBus.Error.UnknownMethod", VIR_ERR_NO_SUPPORT },
    { "org.freedesktop.DBus.Error.UnknownInterface", VIR_ERR_NO_SUPPORT },
    { "org.freedesktop.DBus.Error.LimitsExceeded", VIR_ERR_OPERATION_FAILED },
};


/**
 * virNetworkdClientErrorCode:
 * @name: a D-Bus error name, or NULL for an error raised locally
 *
 * Returns the tree's error code for @name: the API's errors through the
 * contract's table, the bus's through virNetworkdClientBusErrors,
 * VIR_ERR_OPERATION_FAILED for names nobody told us about.
 */
virErrorNumber
virNetworkdClientErrorCode(const char *name)
{
    size_t i;
    int error;

    if (!name)
        return VIR_ERR_OPERATION_FAILED;
    if ((error = virNetworkdErrorFromName(name)) >= 0)
        return virNetworkdErrorGet(error)->code;

    for (i = 0; i < G_N_ELEMENTS(virNetworkdClientBusErrors); i++) {
        const char *known = virNetworkdClientBusErrors[i].name;
        size_t len = strlen(known);

        if (known[len - 1] == '.' ? strncmp(name, known, len) == 0
                                  : strcmp(name, known) == 0)
            return virNetworkdClientBusErrors[i].code;
    }
    return VIR_ERR_OPERATION_FAILED;
}


/* How the client words a failed call, per call: whole sentences for the
 * translators, "not authorized to ..." for a refusal and "cannot ..."
 * otherwise; "%1$s" is the subject.  Calls that may have no subject (a
 * definition that does not say, a port on no bridge) have the two
 * phrases without it; the others show "?" for a missing one. */
typedef struct {
    const char *denied;
    const char *failed;
    const char *deniedNoSubject;
    const char *failedNoSubject;
    virErrorNumber notFound;    /* the code the API's NotFound means here */
} virNetworkdClientOpText;

static const virNetworkdClientOpText virNetworkdClientOpTexts[] = {
    [VIR_NETWORKD_CLIENT_OP_CREATE] = {
        N_("not authorized to create a port on bridge '%1$s'"),
        N_("cannot create a port on bridge '%1$s'"),
        N_("not authorized to create a port"),
        N_("cannot create a port"),
        VIR_ERR_OPERATION_FAILED },
    [VIR_NETWORKD_CLIENT_OP_LIST] = {
        NULL, NULL,
        N_("not authorized to list ports"),
        N_("cannot list ports"),
        VIR_ERR_NO_NETWORK_PORT },
    [VIR_NETWORKD_CLIENT_OP_GET] = {
        N_("not authorized to look up port '%1$s'"),
        N_("cannot look up port '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK_PORT },
    [VIR_NETWORKD_CLIENT_OP_DELETE] = {
        N_("not authorized to delete port '%1$s'"),
        N_("cannot delete port '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK_PORT },
    [VIR_NETWORKD_CLIENT_OP_BIND] = {
        N_("not authorized to tie port '%1$s' to a process"),
        N_("cannot tie port '%1$s' to a process"),
        NULL, NULL, VIR_ERR_NO_NETWORK_PORT },
    [VIR_NETWORKD_CLIENT_OP_CREATE_ON_NETWORK] = {
        N_("not authorized to create a port on network '%1$s'"),
        N_("cannot create a port on network '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_DEFINE] = {
        N_("not authorized to define network '%1$s'"),
        N_("cannot define network '%1$s'"),
        N_("not authorized to define a network"),
        N_("cannot define a network"),
        VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_CREATE] = {
        N_("not authorized to create network '%1$s'"),
        N_("cannot create network '%1$s'"),
        N_("not authorized to create a network"),
        N_("cannot create a network"),
        VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_LIST] = {
        NULL, NULL,
        N_("not authorized to list networks"),
        N_("cannot list networks"),
        VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_LOOKUP] = {
        N_("not authorized to look up network '%1$s'"),
        N_("cannot look up network '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_START] = {
        N_("not authorized to start network '%1$s'"),
        N_("cannot start network '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_DESTROY] = {
        N_("not authorized to destroy network '%1$s'"),
        N_("cannot destroy network '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_UNDEFINE] = {
        N_("not authorized to undefine network '%1$s'"),
        N_("cannot undefine network '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_AUTOSTART] = {
        N_("not authorized to change the autostart flag of network '%1$s'"),
        N_("cannot change the autostart flag of network '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_GET_XML] = {
        N_("not authorized to read the XML of network '%1$s'"),
        N_("cannot read the XML of network '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK },
    [VIR_NETWORKD_CLIENT_OP_NET_LEASES] = {
        N_("not authorized to read the DHCP leases of network '%1$s'"),
        N_("cannot read the DHCP leases of network '%1$s'"),
        NULL, NULL, VIR_ERR_NO_NETWORK },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virNetworkdClientOpTexts) == VIR_NETWORKD_CLIENT_OP_LAST);


/**
 * virNetworkdClientErrorContext:
 * @op: what the call was doing
 * @subject: the bridge, network or port the call was about; may be NULL
 * @denied: phrase it as a refusal
 *
 * Returns a newly allocated, translated phrase such as "not authorized to
 * create a port on bridge 'br1'" (caller frees).
 */
static char *
virNetworkdClientErrorContext(virNetworkdClientOp op,
                              const char *subject,
                              bool denied)
{
    const virNetworkdClientOpText *text;
    const char *phrase;
    g_autoptr(GString) str = NULL;

    if (op >= VIR_NETWORKD_CLIENT_OP_LAST)
        return g_strdup(_("libvirt-networkd call failed"));
    text = &virNetworkdClientOpTexts[op];

    if (!subject || !text->denied) {
        phrase = denied ? text->deniedNoSubject : text->failedNoSubject;
        if (phrase)
            return g_strdup(_(phrase));
    }
    /* the phrase is a translation, so not a format string of this file:
     * its one placeholder is put in as text */
    str = g_string_new(_(denied ? text->denied : text->failed));
    g_string_replace(str, "%1$s", subject ? subject : "?", 1);
    return g_string_free(g_steal_pointer(&str), FALSE);
}


/**
 * virNetworkdClientErrorReason:
 * @code: the error code about to be reported
 * @context: the client's phrase for the failed call
 * @reason: the daemon's message
 * @whole: set when what is returned already starts with @context
 *
 * libvirt-networkd formats its messages with the same error classes, so
 * its reason may already start with the class prefix ("access denied: ")
 * and even with the client's own phrase ("not authorized to create a port
 * on bridge 'br1' (polkit action ...)").  Returns @reason without the
 * class prefix, and without the phrase when a colon follows it; when the
 * phrase goes on otherwise, @whole is set and it stays, so the user reads
 * each only once.  Points into @reason.
 */
static const char *
virNetworkdClientErrorReason(virErrorNumber code,
                             const char *context,
                             const char *reason,
                             bool *whole)
{
    g_autofree char *prefix = NULL;
    const char *msg;
    size_t len;

    /* the class prefix, as virerror.c words it: report the bare context
     * once and cut it off the formatted message */
    virReportError(code, "%s", context);
    msg = virGetLastErrorMessage();
    len = strlen(msg) - strlen(context);
    prefix = g_strndup(msg, len);
    virResetLastError();

    *whole = false;
    if (len > 0 && g_str_has_prefix(reason, prefix))
        reason += len;
    if (g_str_has_prefix(reason, context)) {
        if (reason[strlen(context)] == ':')
            reason += strlen(context) + 1;
        else
            *whole = true;
    }
    while (*reason == ' ')
        reason++;
    return reason;
}


/**
 * virNetworkdClientReportError:
 * @op: what the call was doing
 * @subject: bridge or port UUID the call was about (may be NULL)
 * @code: the error code, normally virNetworkdClientErrorCode(@name)
 * @name: the D-Bus error name, or NULL for an error raised locally
 * @reason: the daemon's (or the bus's) message
 *
 * Reports this thread's last error: a message in the user's terms
 * followed by the daemon's own reason, with @name as the error's detail.
 */
void
virNetworkdClientReportError(virNetworkdClientOp op,
                             const char *subject,
                             virErrorNumber code,
                             const char *name,
                             const char *reason)
{
    g_autofree char *context = NULL;

    /* NotFound names what the call was about: on CreatePort the bridge
     * or network, which is not a missing port; on a network call the
     * network */
    if (code == VIR_ERR_NO_NETWORK_PORT && op < VIR_NETWORKD_CLIENT_OP_LAST)
        code = virNetworkdClientOpTexts[op].notFound;

    if (code == VIR_ERR_DAEMON_UNREACHABLE) {
        /* The one message a user needs when the service is simply absent;
         * the bus's wording follows for the administrator. */
        virReportError(code, _("libvirt-networkd is not running: %1$s"), reason);
    } else {
        const char *rest;
        bool whole;

        context = virNetworkdClientErrorContext(op, subject,
                                                code == VIR_ERR_OPERATION_DENIED);
        rest = virNetworkdClientErrorReason(code, context, reason, &whole);
        if (whole)
            virReportError(code, "%s", rest);
        else
            virReportError(code, "%s: %s", context, rest);
    }
    virErrorSetDetail(name);
}


/**
 * virNetworkdPortRequestAdd:
 * Adds @value (floating) as request field @field: the key and the D-Bus
 * type are the contract's.
 */
static void
virNetworkdPortRequestAdd(GVariantBuilder *b, virNetworkdField field, GVariant *value)
{
    const virNetworkdFieldInfo *info = virNetworkdFieldGet(field);

    g_warn_if_fail((info->where & VIR_NETWORKD_FIELD_IN_REQUEST) &&
                   g_variant_is_of_type(value, G_VARIANT_TYPE(info->signature)));
    g_variant_builder_add(b, "{sv}", info->key, value);
}


/**
 * virNetworkdPortRequestAddRate:
 * Adds @field (a bandwidth direction) when @rate limits anything: its
 * a{su} holds the keys that are not 0.  Values over 32 bits are sent as
 * the largest, which the daemon refuses naming the key.
 */
static void
virNetworkdPortRequestAddRate(GVariantBuilder *b, virNetworkdField field,
                              const virNetworkdPortRequestRate *rate)
{
    const unsigned long long values[VIR_NETWORKD_BANDWIDTH_LAST] = {
        [VIR_NETWORKD_BANDWIDTH_AVERAGE] = rate->average,
        [VIR_NETWORKD_BANDWIDTH_PEAK] = rate->peak,
        [VIR_NETWORKD_BANDWIDTH_BURST] = rate->burst,
        [VIR_NETWORKD_BANDWIDTH_FLOOR] = rate->floor,
    };
    GVariantBuilder dict;
    size_t i;

    if (!rate->average && !rate->peak && !rate->burst && !rate->floor)
        return;
    g_variant_builder_init(&dict, G_VARIANT_TYPE("a{su}"));
    for (i = 0; i < VIR_NETWORKD_BANDWIDTH_LAST; i++) {
        if (values[i])
            g_variant_builder_add(&dict, "{su}", virNetworkdBandwidthKeyTypeToString(i),
                                  (guint32)MIN(values[i], G_MAXUINT32));
    }
    virNetworkdPortRequestAdd(b, field, g_variant_builder_end(&dict));
}

/**
 * virNetworkdPortRequestToVariant:
 * @req: what to ask for
 *
 * Returns a new floating a{sv} CreatePort request holding only the keys
 * @req sets.
 */
GVariant *
virNetworkdPortRequestToVariant(const virNetworkdPortRequest *req)
{
    const char *plug = req->plug ? req->plug : virNetworkdPlugTypeToString(VIR_NETWORKD_PLUG_BRIDGE);
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_PLUG, g_variant_new_string(plug));
    if (req->bridge)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_BRIDGE, g_variant_new_string(req->bridge));
    if (req->device)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_DEVICE, g_variant_new_string(req->device));
    if (req->mode)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_MODE, g_variant_new_string(req->mode));
    if (req->network)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_NETWORK, g_variant_new_string(req->network));
    if (req->ifname)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_IFNAME, g_variant_new_string(req->ifname));
    if (req->mac)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_MAC, g_variant_new_string(req->mac));
    if (req->mtu)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_MTU, g_variant_new_uint32(req->mtu));
    switch (req->vnetHdr) {
    case VIR_NETWORKD_VNET_HDR_ON:
    case VIR_NETWORKD_VNET_HDR_OFF:
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_VNET_HDR,
                                  g_variant_new_boolean(req->vnetHdr == VIR_NETWORKD_VNET_HDR_ON));
        break;
    case VIR_NETWORKD_VNET_HDR_DEFAULT:
        break;
    }
    if (req->queues)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_QUEUES, g_variant_new_uint32(req->queues));
    if (req->ownerName)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_OWNER_NAME,
                                  g_variant_new_string(req->ownerName));
    if (req->ownerUUID)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_OWNER_UUID,
                                  g_variant_new_string(req->ownerUUID));
    virNetworkdPortRequestAddRate(&b, VIR_NETWORKD_FIELD_BANDWIDTH_INBOUND, &req->inbound);
    virNetworkdPortRequestAddRate(&b, VIR_NETWORKD_FIELD_BANDWIDTH_OUTBOUND, &req->outbound);
    if (req->filter)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_FILTER, g_variant_new_string(req->filter));
    if (req->filterIPs && req->filterIPs[0])
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_FILTER_IPS,
                                  g_variant_new_strv(req->filterIPs, -1));
    if (req->virtualport)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_VIRTUALPORT,
                                  g_variant_new_string(req->virtualport));
    if (req->interfaceId)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_INTERFACEID,
                                  g_variant_new_string(req->interfaceId));
    if (req->ovnSwitch)
        virNetworkdPortRequestAdd(&b, VIR_NETWORKD_FIELD_OVN_SWITCH,
                                  g_variant_new_string(req->ovnSwitch));
    return g_variant_builder_end(&b);
}
