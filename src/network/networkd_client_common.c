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


/**
 * virNetworkdClientErrorContext:
 * @op: what the call was doing
 * @subject: the bridge (create) or port UUID (get, delete); may be NULL
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
    switch (op) {
    case VIR_NETWORKD_CLIENT_OP_CREATE:
        if (!subject)
            return g_strdup(denied ? _("not authorized to create a port")
                                   : _("cannot create a port"));
        return g_strdup_printf(denied ? _("not authorized to create a port on bridge '%1$s'")
                                      : _("cannot create a port on bridge '%1$s'"),
                               subject);
    case VIR_NETWORKD_CLIENT_OP_LIST:
        return g_strdup(denied ? _("not authorized to list ports")
                               : _("cannot list ports"));
    case VIR_NETWORKD_CLIENT_OP_GET:
        return g_strdup_printf(denied ? _("not authorized to look up port '%1$s'")
                                      : _("cannot look up port '%1$s'"),
                               subject ? subject : "?");
    case VIR_NETWORKD_CLIENT_OP_DELETE:
        return g_strdup_printf(denied ? _("not authorized to delete port '%1$s'")
                                      : _("cannot delete port '%1$s'"),
                               subject ? subject : "?");
    case VIR_NETWORKD_CLIENT_OP_LAST:
        break;
    }
    return g_strdup(_("libvirt-networkd call failed"));
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

    if (code == VIR_ERR_NO_NETWORK_PORT && op == VIR_NETWORKD_CLIENT_OP_CREATE)
        code = VIR_ERR_OPERATION_FAILED;

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
    return g_variant_builder_end(&b);
}
