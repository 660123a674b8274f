/*
 * networkd_dbus.c: the D-Bus face of libvirt-networkd (GDBus adapter)
 *
 * Theory of operation: every method call becomes a virNetworkdCall that
 * walks the same steps, each of which may end it with a named error:
 *
 *   1. admission: the caller's connection may have at most maxPending
 *      calls in flight (QuotaExceeded beyond), so one connection queueing
 *      a thousand requests cannot starve the others;
 *   2. parsing: arguments are validated before anything else
 *      (networkd_request.c);
 *   3. identity: the caller's uid and pid are asked of the bus daemon
 *      (GetConnectionCredentials, one round trip), never taken from the
 *      request, and cached per unique bus name (unique names are never
 *      reused, and a connection's process never changes);
 *   4. authorization: uid 0, the port's owner for its own port, or polkit
 *      (asynchronous, system-bus-name subject; a "yes" remembered briefly
 *      per uid and cgroup, found from the pid) — before any host work;
 *   5. work and reply.
 *
 * Every asynchronous step is a callback on the main loop, so a slow polkit
 * answer delays only its own call.  A caller that disconnects while its
 * call is in flight is noticed through the bus's NameOwnerChanged signal
 * (one subscription for all callers, not a match rule per caller, which
 * the bus limits): its CreatePort does no work, and the reply (and fds)
 * of one that finished anyway is
 * discarded by the bus, which closes the fds — the tap then disappears and
 * the link watcher releases the port.
 */
#include "networkd_dbus.h"

#include <string.h>
#include <gio/gunixfdlist.h>

#include "networkd_introspection.h"
#include "networkd_request.h"
#include "virerror.h"
#include "virnetdevtap.h"

#define VIR_FROM_THIS VIR_FROM_DBUS

typedef struct _virNetworkdClient virNetworkdClient;
struct _virNetworkdClient {
    virNetworkdDBus *dbus;
    char *sender;          /* unique bus name */
    bool vanished;
    unsigned int pending;  /* calls in flight; the client lives while > 0 */
    bool hasCreds;         /* uid and pid known */
    uid_t uid;
    pid_t pid;             /* 0 if the bus did not say */
};

typedef enum {
    VIR_NETWORKD_CALL_CREATE_PORT = 0,
    VIR_NETWORKD_CALL_LIST_PORTS,
    VIR_NETWORKD_CALL_GET_PORT,
    VIR_NETWORKD_CALL_PORT_DELETE,
    VIR_NETWORKD_CALL_PORT_GET,
    VIR_NETWORKD_CALL_PORT_GET_ALL,

    VIR_NETWORKD_CALL_LAST
} virNetworkdCallKind;

typedef struct _virNetworkdCall virNetworkdCall;
struct _virNetworkdCall {
    virNetworkdDBus *dbus;
    virNetworkdClient *client;
    GDBusMethodInvocation *inv;
    virNetworkdCallKind kind;
    virNetworkdRequest *req;       /* CreatePort */
    char *node;                    /* port methods, GetPort */
    char *property;                /* Properties.Get */
    uid_t uid;
    pid_t pid;
};

struct _virNetworkdDBus {
    virNetworkdPortManager *mgr;
    virNetworkdPolicy *policy;
    unsigned int maxPending;
    GDBusConnection *conn;
    GDBusNodeInfo *introspection;
    GDBusInterfaceInfo *managerIface;
    GDBusInterfaceInfo *portIface;
    guint managerReg;
    guint portReg;
    guint nameOwnerSub;
    GHashTable *clients;           /* sender -> virNetworkdClient, owns */
};

static void virNetworkdCallExecute(virNetworkdCall *call);

/**
 * virNetworkdDBusErrorName:
 * Returns the D-Bus error name for a tree error code.
 */
const char *
virNetworkdDBusErrorName(virErrorNumber code)
{
    switch (code) {
    case VIR_ERR_OPERATION_DENIED:
        return VIR_NETWORKD_ERROR_PREFIX "AccessDenied";
    case VIR_ERR_INVALID_ARG:
        return VIR_NETWORKD_ERROR_PREFIX "InvalidArgument";
    case VIR_ERR_QUOTA_EXCEEDED:
        return VIR_NETWORKD_ERROR_PREFIX "QuotaExceeded";
    case VIR_ERR_NO_NETWORK_PORT:
        return VIR_NETWORKD_ERROR_PREFIX "NotFound";
    case VIR_ERR_NO_SUPPORT:
        return VIR_NETWORKD_ERROR_PREFIX "NotSupported";
    case VIR_ERR_OK:
    case VIR_ERR_INTERNAL_ERROR:
    case VIR_ERR_SYSTEM_ERROR:
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
    case VIR_ERR_XML_INVALID_SCHEMA:
    case VIR_ERR_CONFIG_UNSUPPORTED:
    case VIR_ERR_CONF_SYNTAX:
    case VIR_ERR_OPERATION_INVALID:
    case VIR_ERR_OPERATION_FAILED:
    case VIR_ERR_OPERATION_TIMEOUT:
    case VIR_ERR_NO_DOMAIN:
    case VIR_ERR_DOM_EXIST:
    case VIR_ERR_DAEMON_UNREACHABLE:
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
    case VIR_ERR_LAST:
        break;
    }
    return VIR_NETWORKD_ERROR_PREFIX "Failed";
}

/* --- clients ----------------------------------------------------------- */

/**
 * virNetworkdClientFree:
 * Frees a caller's record.  Accepts NULL.
 */
static void
virNetworkdClientFree(virNetworkdClient *client)
{
    if (!client)
        return;
    g_free(client->sender);
    g_free(client);
}

/**
 * virNetworkdClientVanished:
 * The caller's connection is gone.  Its calls in flight see
 * client->vanished; the client is dropped with the last one.
 */
static void
virNetworkdClientVanished(virNetworkdClient *client)
{
    g_debug("%s: disconnected with %u call(s) in flight", client->sender, client->pending);
    client->vanished = true;
    if (client->pending == 0)
        g_hash_table_remove(client->dbus->clients, client->sender);
}

/**
 * virNetworkdNameOwnerChanged:
 * NameOwnerChanged from the bus: a unique name that loses its owner is a
 * connection that closed.  A caller gone before its first call was seen
 * is caught by the failing GetConnectionCredentials instead (the bus sends
 * this signal after any reply about the name it sent before).
 */
static void
virNetworkdNameOwnerChanged(GDBusConnection *conn G_GNUC_UNUSED,
                            const char *senderName G_GNUC_UNUSED,
                            const char *path G_GNUC_UNUSED,
                            const char *iface G_GNUC_UNUSED,
                            const char *signal G_GNUC_UNUSED,
                            GVariant *params,
                            gpointer opaque)
{
    virNetworkdDBus *dbus = opaque;
    const char *name;
    const char *oldOwner;
    const char *newOwner;
    virNetworkdClient *client;

    if (!g_variant_is_of_type(params, G_VARIANT_TYPE("(sss)")))
        return;
    g_variant_get(params, "(&s&s&s)", &name, &oldOwner, &newOwner);
    if (name[0] != ':' || *newOwner)
        return;
    if ((client = g_hash_table_lookup(dbus->clients, name)))
        virNetworkdClientVanished(client);
}

/**
 * virNetworkdClientGet:
 * Returns the client record of @sender, creating it on first use.  Owned
 * by dbus->clients.
 */
static virNetworkdClient *
virNetworkdClientGet(virNetworkdDBus *dbus, const char *sender)
{
    virNetworkdClient *client = g_hash_table_lookup(dbus->clients, sender);

    if (client)
        return client;
    client = g_new0(virNetworkdClient, 1);
    client->dbus = dbus;
    client->sender = g_strdup(sender);
    g_hash_table_insert(dbus->clients, client->sender, client);
    return client;
}

/* --- calls ------------------------------------------------------------- */

/**
 * virNetworkdCallFree:
 * Ends a call: drops its admission slot (and the client, when it left and
 * this was its last call).
 */
static void
virNetworkdCallFree(virNetworkdCall *call)
{
    virNetworkdClient *client = call->client;

    if (client && --client->pending == 0 && client->vanished)
        g_hash_table_remove(call->dbus->clients, client->sender);
    g_clear_object(&call->inv);
    virNetworkdRequestFree(call->req);
    g_free(call->node);
    g_free(call->property);
    g_free(call);
}

/**
 * virNetworkdCallReturnError:
 * Answers the call with this thread's last error, as a named D-Bus error,
 * and ends it.
 */
static void
virNetworkdCallReturnError(virNetworkdCall *call)
{
    const virError *err = virGetLastError();
    virErrorNumber code = err ? err->code : VIR_ERR_INTERNAL_ERROR;
    const char *name = virNetworkdDBusErrorName(code);
    const char *msg = virGetLastErrorMessage();

    if (err && err->detail && g_str_has_prefix(err->detail, VIR_NETWORKD_ERROR_PREFIX))
        name = err->detail;

    g_debug("%s: %s.%s failed: %s: %s", call->client ? call->client->sender : "?",
            g_dbus_method_invocation_get_interface_name(call->inv),
            g_dbus_method_invocation_get_method_name(call->inv), name, msg);
    g_dbus_method_invocation_return_dbus_error(g_steal_pointer(&call->inv), name, msg);
    virResetLastError();
    virNetworkdCallFree(call);
}

/**
 * virNetworkdCallReturn:
 * Answers the call with @value (floating reference consumed) and ends it.
 */
static void
virNetworkdCallReturn(virNetworkdCall *call, GVariant *value)
{
    g_dbus_method_invocation_return_value(g_steal_pointer(&call->inv), value);
    virNetworkdCallFree(call);
}

/**
 * virNetworkdCallPort:
 * Returns the port the call is about, or NULL with a NotFound error (it
 * may have gone away while the call waited for polkit).
 */
static virNetworkdPort *
virNetworkdCallPort(virNetworkdCall *call)
{
    virNetworkdPort *port = virNetworkdPortManagerLookupNode(call->dbus->mgr, call->node);

    if (!port)
        virReportErrorFull(VIR_FROM_NETWORKD, VIR_ERR_NO_NETWORK_PORT,
                           __FILE__, __func__, __LINE__,
                           _("no port at '%1$s'"), call->node ? call->node : "");
    return port;
}

/* --- properties -------------------------------------------------------- */

/**
 * virNetworkdPortProperty:
 * Returns the value of property @name of @port (floating), or NULL for an
 * unknown name.
 */
static GVariant *
virNetworkdPortProperty(const virNetworkdPort *port, const char *name)
{
    const virNetworkdPortRecord *rec = port->rec;
    char buf[VIR_MAC_STRING_BUFLEN + VIR_UUID_STRING_BUFLEN];

    if (strcmp(name, "UUID") == 0)
        return g_variant_new_string(port->uuidstr);
    if (strcmp(name, "UID") == 0)
        return g_variant_new_uint32(rec->uid);
    if (strcmp(name, "IfName") == 0)
        return g_variant_new_string(rec->ifname);
    if (strcmp(name, "Plug") == 0)
        return g_variant_new_string(virNetworkdPlugTypeToString(rec->plug));
    if (strcmp(name, "Bridge") == 0)
        return g_variant_new_string(rec->bridge ? rec->bridge : "");
    if (strcmp(name, "Mac") == 0)
        return g_variant_new_string(virMacAddrFormat(&rec->mac, buf));
    if (strcmp(name, "Mtu") == 0)
        return g_variant_new_uint32(rec->mtu);
    if (strcmp(name, "Queues") == 0)
        return g_variant_new_uint32(rec->queues);
    if (strcmp(name, "OwnerName") == 0)
        return g_variant_new_string(rec->ownerName ? rec->ownerName : "");
    if (strcmp(name, "OwnerUUID") == 0)
        return g_variant_new_string(rec->hasOwnerUUID ? virUUIDFormat(rec->ownerUUID, buf) : "");
    if (strcmp(name, "Created") == 0)
        return g_variant_new_uint64(rec->created);
    return NULL;
}

/**
 * virNetworkdPortProperties:
 * Returns every property of @port as an a{sv} (floating), in the order of
 * the introspection data.
 */
static GVariant *
virNetworkdPortProperties(virNetworkdDBus *dbus, const virNetworkdPort *port)
{
    GVariantBuilder b;
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    for (i = 0; dbus->portIface->properties[i]; i++) {
        const char *name = dbus->portIface->properties[i]->name;
        GVariant *value = virNetworkdPortProperty(port, name);

        if (value)
            g_variant_builder_add(&b, "{sv}", name, value);
    }
    return g_variant_builder_end(&b);
}

/* --- the work of each method (after authorization) --------------------- */

/**
 * virNetworkdCallCreatePort:
 * Creates the port and answers with its path, fds and info.
 */
static void
virNetworkdCallCreatePort(virNetworkdCall *call)
{
    virNetworkdDBus *dbus = call->dbus;
    int fds[VIR_NETDEV_TAP_MAX_QUEUES];
    g_autoptr(GUnixFDList) fdlist = NULL;
    g_autofree char *path = NULL;
    virNetworkdPort *port;
    GVariantBuilder handles;
    GVariantBuilder info;
    char mac[VIR_MAC_STRING_BUFLEN];
    char ownerUUID[VIR_UUID_STRING_BUFLEN];
    virMacAddr hostMac;
    unsigned int i;

    /* The caller left while we waited: do no work for nobody. */
    if (call->client->vanished) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("the caller disconnected before the port was created"));
        virNetworkdCallReturnError(call);
        return;
    }

    if (!(port = virNetworkdPortManagerCreate(dbus->mgr, call->req, call->uid, fds))) {
        virNetworkdCallReturnError(call);
        return;
    }

    /* g_unix_fd_list_new_from_array takes the fds: once the reply is
     * sent and freed the daemon holds no copy, so the tap lives exactly as
     * long as the caller keeps it. */
    fdlist = g_unix_fd_list_new_from_array(fds, call->req->queues);
    g_variant_builder_init(&handles, G_VARIANT_TYPE("ah"));
    for (i = 0; i < call->req->queues; i++)
        g_variant_builder_add(&handles, "h", (gint32)i);

    virMacAddrHostSide(&port->rec->mac, &hostMac);
    g_variant_builder_init(&info, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&info, "{sv}", "uuid", g_variant_new_string(port->uuidstr));
    g_variant_builder_add(&info, "{sv}", "ifname", g_variant_new_string(port->rec->ifname));
    g_variant_builder_add(&info, "{sv}", "plug",
                          g_variant_new_string(virNetworkdPlugTypeToString(port->rec->plug)));
    g_variant_builder_add(&info, "{sv}", "bridge", g_variant_new_string(port->rec->bridge));
    g_variant_builder_add(&info, "{sv}", "mac",
                          g_variant_new_string(virMacAddrFormat(&port->rec->mac, mac)));
    g_variant_builder_add(&info, "{sv}", "host-mac",
                          g_variant_new_string(virMacAddrFormat(&hostMac, mac)));
    g_variant_builder_add(&info, "{sv}", "mtu", g_variant_new_uint32(port->rec->mtu));
    g_variant_builder_add(&info, "{sv}", "queues", g_variant_new_uint32(port->rec->queues));
    g_variant_builder_add(&info, "{sv}", "vnet-hdr", g_variant_new_boolean(port->rec->vnetHdr));
    g_variant_builder_add(&info, "{sv}", "uid", g_variant_new_uint32(port->rec->uid));
    g_variant_builder_add(&info, "{sv}", "owner-name",
                          g_variant_new_string(port->rec->ownerName ? port->rec->ownerName : ""));
    g_variant_builder_add(&info, "{sv}", "owner-uuid",
                          g_variant_new_string(port->rec->hasOwnerUUID ?
                                               virUUIDFormat(port->rec->ownerUUID, ownerUUID) :
                                               ""));
    g_variant_builder_add(&info, "{sv}", "created", g_variant_new_uint64(port->rec->created));

    path = g_strdup(port->path);
    g_dbus_method_invocation_return_value_with_unix_fd_list(g_steal_pointer(&call->inv),
                                                            g_variant_new("(oaha{sv})", path,
                                                                          &handles, &info),
                                                            fdlist);
    virNetworkdCallFree(call);

    g_dbus_connection_emit_signal(dbus->conn, NULL, VIR_NETWORKD_OBJECT_PATH,
                                  VIR_NETWORKD_MANAGER_INTERFACE, "PortCreated",
                                  g_variant_new("(o)", path), NULL);
}

/**
 * virNetworkdCallListPorts:
 * Answers with every port when @all, else the caller's own.
 */
static void
virNetworkdCallListPorts(virNetworkdCall *call, bool all)
{
    g_autoptr(GPtrArray) ports = virNetworkdPortManagerList(call->dbus->mgr);
    GVariantBuilder b;
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a(oa{sv})"));
    for (i = 0; i < ports->len; i++) {
        virNetworkdPort *port = g_ptr_array_index(ports, i);

        if (!all && port->rec->uid != call->uid)
            continue;
        g_variant_builder_add(&b, "(o@a{sv})", port->path,
                              virNetworkdPortProperties(call->dbus, port));
    }
    virNetworkdCallReturn(call, g_variant_new("(a(oa{sv}))", &b));
}

/**
 * virNetworkdCallPortWork:
 * The work of an authorized port call: GetPort, Delete, Get, GetAll.
 */
static void
virNetworkdCallPortWork(virNetworkdCall *call)
{
    virNetworkdPort *port = virNetworkdCallPort(call);
    g_autofree char *path = NULL;
    GVariant *value;

    if (!port) {
        virNetworkdCallReturnError(call);
        return;
    }

    switch (call->kind) {
    case VIR_NETWORKD_CALL_GET_PORT:
        virNetworkdCallReturn(call, g_variant_new("(o)", port->path));
        return;

    case VIR_NETWORKD_CALL_PORT_DELETE:
        path = g_strdup(port->path);
        if (virNetworkdPortManagerDelete(call->dbus->mgr, port) < 0) {
            virNetworkdCallReturnError(call);
            return;
        }
        virNetworkdCallReturn(call, NULL);
        return;

    case VIR_NETWORKD_CALL_PORT_GET:
        if (!(value = virNetworkdPortProperty(port, call->property))) {
            virReportError(VIR_ERR_INVALID_ARG, _("no property '%1$s'"), call->property);
            virNetworkdCallReturnError(call);
            return;
        }
        virNetworkdCallReturn(call, g_variant_new("(v)", value));
        return;

    case VIR_NETWORKD_CALL_PORT_GET_ALL:
        virNetworkdCallReturn(call, g_variant_new("(@a{sv})",
                                                  virNetworkdPortProperties(call->dbus, port)));
        return;

    case VIR_NETWORKD_CALL_CREATE_PORT:
    case VIR_NETWORKD_CALL_LIST_PORTS:
    case VIR_NETWORKD_CALL_LAST:
        break;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, _("unexpected call kind %1$d"), call->kind);
    virNetworkdCallReturnError(call);
}

/* --- authorization ----------------------------------------------------- */

/**
 * virNetworkdCallAuthorized:
 * Policy callback: on to the work, or answer the denial.  A denied
 * ListPorts still lists the caller's own ports, and a denied GetPort says
 * NotFound so that it does not tell apart "exists" from "not yours".
 */
static void
virNetworkdCallAuthorized(const virError *err, void *opaque)
{
    virNetworkdCall *call = opaque;

    if (call->kind == VIR_NETWORKD_CALL_LIST_PORTS) {
        virNetworkdCallListPorts(call, err == NULL);
        return;
    }
    if (err) {
        if (call->kind == VIR_NETWORKD_CALL_GET_PORT) {
            virReportErrorFull(VIR_FROM_NETWORKD, VIR_ERR_NO_NETWORK_PORT,
                               __FILE__, __func__, __LINE__,
                               _("no port with UUID '%1$s'"), call->node);
        } else {
            virErrorSetLast(err);
        }
        virNetworkdCallReturnError(call);
        return;
    }
    if (call->kind == VIR_NETWORKD_CALL_CREATE_PORT)
        virNetworkdCallCreatePort(call);
    else
        virNetworkdCallPortWork(call);
}

/**
 * virNetworkdCallInteractive:
 * True when the caller allowed polkit to ask for a password.
 */
static bool
virNetworkdCallInteractive(virNetworkdCall *call)
{
    GDBusMessage *msg = g_dbus_method_invocation_get_message(call->inv);

    return g_dbus_message_get_flags(msg) & G_DBUS_MESSAGE_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION;
}

/**
 * virNetworkdCallExecute:
 * With the caller's uid known: decides who must authorize the call (the
 * owner of a port needs nobody, uid 0 needs nobody, everyone else asks
 * polkit) and starts the check.
 */
static void
virNetworkdCallExecute(virNetworkdCall *call)
{
    virNetworkdDBus *dbus = call->dbus;
    g_autofree char *uidstr = g_strdup_printf("%u", (unsigned int)call->uid);
    g_autofree char *denied = NULL;
    g_autofree char *portUid = NULL;
    const char *action = NULL;
    virNetworkdPort *port = NULL;

    g_debug("%s (uid %u): %s.%s %s", call->client->sender, (unsigned int)call->uid,
            g_dbus_method_invocation_get_interface_name(call->inv),
            g_dbus_method_invocation_get_method_name(call->inv),
            call->node ? call->node : "");

    switch (call->kind) {
    case VIR_NETWORKD_CALL_CREATE_PORT: {
        const char *details[] = {
            "plug", virNetworkdPlugTypeToString(call->req->plug),
            "bridge", call->req->bridge ? call->req->bridge : "",
            "uid", uidstr,
            NULL,
        };

        denied = g_strdup_printf(_("not authorized to create a port on bridge '%1$s'"),
                                 call->req->bridge ? call->req->bridge : "");
        virNetworkdPolicyCheck(dbus->policy, call->client->sender, call->uid, call->pid,
                               VIR_NETWORKD_ACTION_PORT_CREATE, details,
                               virNetworkdCallInteractive(call), denied,
                               virNetworkdCallAuthorized, call);
        return;
    }

    case VIR_NETWORKD_CALL_LIST_PORTS: {
        const char *details[] = { "uid", uidstr, NULL };

        virNetworkdPolicyCheck(dbus->policy, call->client->sender, call->uid, call->pid,
                               VIR_NETWORKD_ACTION_PORT_LIST_ANY, details,
                               false, _("not authorized to list other users' ports"),
                               virNetworkdCallAuthorized, call);
        return;
    }

    case VIR_NETWORKD_CALL_GET_PORT:
    case VIR_NETWORKD_CALL_PORT_GET:
    case VIR_NETWORKD_CALL_PORT_GET_ALL:
        action = VIR_NETWORKD_ACTION_PORT_LIST_ANY;
        break;
    case VIR_NETWORKD_CALL_PORT_DELETE:
        action = VIR_NETWORKD_ACTION_PORT_DELETE_ANY;
        break;
    case VIR_NETWORKD_CALL_LAST:
        virReportError(VIR_ERR_INTERNAL_ERROR, _("unexpected call kind %1$d"), call->kind);
        virNetworkdCallReturnError(call);
        return;
    }

    if (!(port = virNetworkdCallPort(call))) {
        virNetworkdCallReturnError(call);
        return;
    }
    /* A port's owner needs no one's permission for its own port. */
    if (port->rec->uid == call->uid) {
        virNetworkdCallPortWork(call);
        return;
    }

    portUid = g_strdup_printf("%u", (unsigned int)port->rec->uid);
    {
        const char *details[] = {
            "uid", uidstr,
            "port-uid", portUid,
            "bridge", port->rec->bridge ? port->rec->bridge : "",
            NULL,
        };

        if (call->kind == VIR_NETWORKD_CALL_PORT_DELETE)
            denied = g_strdup_printf(_("not authorized to delete port '%1$s' of uid %2$s"),
                                     port->uuidstr, portUid);
        else
            denied = g_strdup_printf(_("not authorized to read port '%1$s' of uid %2$s"),
                                     port->uuidstr, portUid);
        virNetworkdPolicyCheck(dbus->policy, call->client->sender, call->uid, call->pid,
                               action, details, virNetworkdCallInteractive(call), denied,
                               virNetworkdCallAuthorized, call);
    }
}

/**
 * virNetworkdCallGotCreds:
 * GetConnectionCredentials reply: cache the uid and pid and go on.  Not
 * knowing the uid is a denial, never a default.  A missing pid only means
 * the caller's polkit answers are not remembered (no cgroup to key them).
 */
static void
virNetworkdCallGotCreds(GObject *source, GAsyncResult *res, gpointer opaque)
{
    virNetworkdCall *call = opaque;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariant) creds = NULL;
    guint32 uid;
    guint32 pid = 0;

    if (!(reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), res, &gerr))) {
        /* Most likely the caller is gone already: mark it, so that its
         * record goes with its last call. */
        call->client->vanished = true;
        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("cannot determine the caller's uid: %1$s"), gerr->message);
        virNetworkdCallReturnError(call);
        return;
    }
    creds = g_variant_get_child_value(reply, 0);
    if (!g_variant_lookup(creds, "UnixUserID", "u", &uid)) {
        virReportError(VIR_ERR_OPERATION_DENIED, "%s",
                       _("cannot determine the caller's uid: the bus did not say"));
        virNetworkdCallReturnError(call);
        return;
    }
    /* Without a pid (0), polkit is asked every time: no cgroup, no key. */
    if (!g_variant_lookup(creds, "ProcessID", "u", &pid))
        pid = 0;
    call->client->uid = uid;
    call->client->pid = pid;
    call->client->hasCreds = true;
    call->uid = uid;
    call->pid = pid;
    virNetworkdCallExecute(call);
}

/**
 * virNetworkdCallStart:
 * Admits a new call (pending limit), then gets the caller's uid and pid
 * (cached per connection) and executes it.  Takes over @inv (GDBus's
 * reference).
 */
static void
virNetworkdCallStart(virNetworkdDBus *dbus, GDBusMethodInvocation *inv,
                     virNetworkdCallKind kind, virNetworkdRequest *req,
                     const char *node, const char *property)
{
    const char *sender = g_dbus_method_invocation_get_sender(inv);
    virNetworkdClient *client;
    virNetworkdCall *call;

    if (!sender) {
        /* Only a peer-to-peer connection has no sender; we serve the bus. */
        virNetworkdRequestFree(req);
        g_dbus_method_invocation_return_dbus_error(inv, VIR_NETWORKD_ERROR_PREFIX "AccessDenied",
                                                   _("calls must come through the bus"));
        return;
    }

    client = virNetworkdClientGet(dbus, sender);
    call = g_new0(virNetworkdCall, 1);
    call->dbus = dbus;
    /* GDBus hands the invocation over; g_dbus_method_invocation_return_*()
     * takes it back when the call is answered. */
    call->inv = inv;
    call->kind = kind;
    call->req = req;
    call->node = g_strdup(node);
    call->property = g_strdup(property);

    if (client->pending >= dbus->maxPending) {
        virReportErrorFull(VIR_FROM_NETWORKD, VIR_ERR_QUOTA_EXCEEDED,
                           __FILE__, __func__, __LINE__,
                           _("too many requests in flight on this connection (the limit is %1$u)"),
                           dbus->maxPending);
        virNetworkdCallReturnError(call);
        return;
    }
    call->client = client;
    client->pending++;

    if (client->hasCreds) {
        call->uid = client->uid;
        call->pid = client->pid;
        virNetworkdCallExecute(call);
        return;
    }
    g_dbus_connection_call(dbus->conn, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                           "org.freedesktop.DBus", "GetConnectionCredentials",
                           g_variant_new("(s)", sender), G_VARIANT_TYPE("(a{sv})"),
                           G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                           virNetworkdCallGotCreds, call);
}

/* --- GDBus vtables ----------------------------------------------------- */

/**
 * virNetworkdManagerMethodCall:
 * Manager methods: CreatePort (its request is validated here, before
 * anything else), ListPorts, GetPort.  Takes over @inv.
 */
static void
virNetworkdManagerMethodCall(GDBusConnection *conn G_GNUC_UNUSED,
                             const char *sender G_GNUC_UNUSED,
                             const char *path G_GNUC_UNUSED,
                             const char *iface G_GNUC_UNUSED,
                             const char *method,
                             GVariant *params,
                             GDBusMethodInvocation *inv,
                             gpointer opaque)
{
    virNetworkdDBus *dbus = opaque;

    if (strcmp(method, "CreatePort") == 0) {
        g_autoptr(GVariant) dict = g_variant_get_child_value(params, 0);
        virNetworkdRequest *req;

        if (!(req = virNetworkdRequestParse(dict))) {
            const char *name = virNetworkdDBusErrorName(virGetLastErrorCode());

            g_dbus_method_invocation_return_dbus_error(inv, name, virGetLastErrorMessage());
            virResetLastError();
            return;
        }
        virNetworkdCallStart(dbus, inv, VIR_NETWORKD_CALL_CREATE_PORT, req, NULL, NULL);
    } else if (strcmp(method, "ListPorts") == 0) {
        virNetworkdCallStart(dbus, inv, VIR_NETWORKD_CALL_LIST_PORTS, NULL, NULL, NULL);
    } else if (strcmp(method, "GetPort") == 0) {
        const char *str;
        unsigned char uuid[VIR_UUID_BUFLEN];
        char node[VIR_NETWORKD_PORT_NODE_BUFLEN];

        g_variant_get(params, "(&s)", &str);
        if (virUUIDParse(str, uuid) < 0) {
            g_dbus_method_invocation_return_dbus_error(inv,
                                                       VIR_NETWORKD_ERROR_PREFIX "InvalidArgument",
                                                       _("argument 'uuid' is not a UUID"));
            return;
        }
        virNetworkdCallStart(dbus, inv, VIR_NETWORKD_CALL_GET_PORT, NULL,
                             virNetworkdPortNodeFormat(uuid, node), NULL);
    } else {
        g_dbus_method_invocation_return_dbus_error(inv, "org.freedesktop.DBus.Error.UnknownMethod",
                                                   _("unknown method"));
    }
}

/**
 * virNetworkdPortMethodCall:
 * Port objects: Delete(), and the Properties interface (GDBus forwards
 * Get/GetAll here because the vtable has no get_property, which lets the
 * access check be asynchronous).
 */
static void
virNetworkdPortMethodCall(GDBusConnection *conn G_GNUC_UNUSED,
                          const char *sender G_GNUC_UNUSED,
                          const char *path,
                          const char *iface,
                          const char *method,
                          GVariant *params,
                          GDBusMethodInvocation *inv,
                          gpointer opaque)
{
    virNetworkdDBus *dbus = opaque;
    const char *node = strrchr(path, '/') + 1;

    if (strcmp(iface, "org.freedesktop.DBus.Properties") == 0) {
        if (strcmp(method, "Get") == 0) {
            const char *name;

            g_variant_get(params, "(&s&s)", NULL, &name);
            virNetworkdCallStart(dbus, inv, VIR_NETWORKD_CALL_PORT_GET, NULL, node, name);
            return;
        }
        if (strcmp(method, "GetAll") == 0) {
            virNetworkdCallStart(dbus, inv, VIR_NETWORKD_CALL_PORT_GET_ALL, NULL, node, NULL);
            return;
        }
        g_dbus_method_invocation_return_dbus_error(inv, "org.freedesktop.DBus.Error.PropertyReadOnly",
                                                   _("port properties are read-only"));
        return;
    }
    if (strcmp(method, "Delete") == 0) {
        virNetworkdCallStart(dbus, inv, VIR_NETWORKD_CALL_PORT_DELETE, NULL, node, NULL);
        return;
    }
    g_dbus_method_invocation_return_dbus_error(inv, "org.freedesktop.DBus.Error.UnknownMethod",
                                               _("unknown method"));
}

static const GDBusInterfaceVTable virNetworkdManagerVTable = {
    .method_call = virNetworkdManagerMethodCall,
};

static const GDBusInterfaceVTable virNetworkdPortVTable = {
    .method_call = virNetworkdPortMethodCall,
};

/**
 * virNetworkdSubtreeEnumerate:
 * Children of /org/libvirt/Networkd1/port: every port.  Their existence
 * is no secret (PortCreated is broadcast); their properties are guarded.
 */
static char **
virNetworkdSubtreeEnumerate(GDBusConnection *conn G_GNUC_UNUSED,
                            const char *sender G_GNUC_UNUSED,
                            const char *path G_GNUC_UNUSED,
                            gpointer opaque)
{
    virNetworkdDBus *dbus = opaque;
    g_autoptr(GPtrArray) ports = virNetworkdPortManagerList(dbus->mgr);
    char **nodes = g_new0(char *, ports->len + 1);
    size_t i;

    for (i = 0; i < ports->len; i++)
        nodes[i] = g_strdup(((virNetworkdPort *)g_ptr_array_index(ports, i))->node);
    return nodes;
}

/**
 * virNetworkdSubtreeIntrospect:
 * A port node has the Port interface; anything else has none.
 */
static GDBusInterfaceInfo **
virNetworkdSubtreeIntrospect(GDBusConnection *conn G_GNUC_UNUSED,
                             const char *sender G_GNUC_UNUSED,
                             const char *path G_GNUC_UNUSED,
                             const char *node,
                             gpointer opaque)
{
    virNetworkdDBus *dbus = opaque;
    GDBusInterfaceInfo **ifaces;

    if (!virNetworkdPortManagerLookupNode(dbus->mgr, node))
        return NULL;
    ifaces = g_new0(GDBusInterfaceInfo *, 2);
    ifaces[0] = g_dbus_interface_info_ref(dbus->portIface);
    return ifaces;
}

/**
 * virNetworkdSubtreeDispatch:
 * Calls to an existing port's Port interface (and its properties) go to
 * virNetworkdPortMethodCall; anything else is an unknown object.
 */
static const GDBusInterfaceVTable *
virNetworkdSubtreeDispatch(GDBusConnection *conn G_GNUC_UNUSED,
                           const char *sender G_GNUC_UNUSED,
                           const char *path G_GNUC_UNUSED,
                           const char *iface,
                           const char *node,
                           gpointer *out_user_data,
                           gpointer opaque)
{
    virNetworkdDBus *dbus = opaque;

    if (!virNetworkdPortManagerLookupNode(dbus->mgr, node) ||
        strcmp(iface, VIR_NETWORKD_PORT_INTERFACE) != 0)
        return NULL;
    *out_user_data = dbus;
    return &virNetworkdPortVTable;
}

static const GDBusSubtreeVTable virNetworkdSubtreeVTable = {
    .enumerate = virNetworkdSubtreeEnumerate,
    .introspect = virNetworkdSubtreeIntrospect,
    .dispatch = virNetworkdSubtreeDispatch,
};

/* --- life cycle -------------------------------------------------------- */

/**
 * virNetworkdDBusPortRemoved:
 * Port manager callback: announce PortRemoved.
 */
static void
virNetworkdDBusPortRemoved(virNetworkdPort *port, void *opaque)
{
    virNetworkdDBus *dbus = opaque;

    if (dbus->conn)
        g_dbus_connection_emit_signal(dbus->conn, NULL, VIR_NETWORKD_OBJECT_PATH,
                                      VIR_NETWORKD_MANAGER_INTERFACE, "PortRemoved",
                                      g_variant_new("(o)", port->path), NULL);
}

/**
 * virNetworkdDBusNew:
 * @quota: ports per non-root user
 * @maxPending: calls in flight per connection
 * @authCacheSeconds: how long polkit's "yes" is remembered per uid,
 *                    cgroup and question (0: never)
 * @stateDir: where port records live
 *
 * Returns the daemon's D-Bus side, not yet started (free with
 * virNetworkdDBusFree).
 */
virNetworkdDBus *
virNetworkdDBusNew(unsigned int quota, unsigned int maxPending,
                   unsigned int authCacheSeconds, const char *stateDir)
{
    virNetworkdDBus *dbus = g_new0(virNetworkdDBus, 1);

    dbus->maxPending = maxPending;
    dbus->policy = virNetworkdPolicyNew(authCacheSeconds);
    dbus->mgr = virNetworkdPortManagerNew(stateDir, quota, virNetworkdDBusPortRemoved, dbus);
    dbus->clients = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify)virNetworkdClientFree);
    return dbus;
}

/**
 * virNetworkdDBusStart:
 * Parses the introspection data and starts the port manager (state
 * directory, netlink, reconciliation).  Returns 0, or -1 with an error.
 */
int
virNetworkdDBusStart(virNetworkdDBus *dbus)
{
    g_autoptr(GError) gerr = NULL;

    if (!(dbus->introspection = g_dbus_node_info_new_for_xml(VIR_NETWORKD_INTROSPECTION_XML,
                                                             &gerr))) {
        virReportGError(VIR_ERR_INTERNAL_ERROR, gerr, _("bad introspection data"));
        return -1;
    }
    dbus->managerIface = g_dbus_node_info_lookup_interface(dbus->introspection,
                                                           VIR_NETWORKD_MANAGER_INTERFACE);
    dbus->portIface = g_dbus_node_info_lookup_interface(dbus->introspection,
                                                        VIR_NETWORKD_PORT_INTERFACE);
    if (!dbus->managerIface || !dbus->portIface) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("introspection data lacks the Manager or Port interface"));
        return -1;
    }
    return virNetworkdPortManagerStart(dbus->mgr);
}

/**
 * virNetworkdDBusRegister:
 * Exports the manager object and the port subtree on @conn.  Returns 0,
 * or -1 with an error reported.
 */
int
virNetworkdDBusRegister(virNetworkdDBus *dbus, GDBusConnection *conn)
{
    g_autoptr(GError) gerr = NULL;

    dbus->conn = g_object_ref(conn);
    /* Before any object exists, so no caller can be missed. */
    dbus->nameOwnerSub = g_dbus_connection_signal_subscribe(conn, "org.freedesktop.DBus",
                                                            "org.freedesktop.DBus",
                                                            "NameOwnerChanged",
                                                            "/org/freedesktop/DBus",
                                                            NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                            virNetworkdNameOwnerChanged,
                                                            dbus, NULL);
    if (!(dbus->managerReg = g_dbus_connection_register_object(conn, VIR_NETWORKD_OBJECT_PATH,
                                                               dbus->managerIface,
                                                               &virNetworkdManagerVTable,
                                                               dbus, NULL, &gerr))) {
        virReportGError(VIR_ERR_OPERATION_FAILED, gerr, _("cannot export the manager object"));
        return -1;
    }
    if (!(dbus->portReg = g_dbus_connection_register_subtree(conn, VIR_NETWORKD_PORT_PATH_BASE,
                                                             &virNetworkdSubtreeVTable,
                                                             G_DBUS_SUBTREE_FLAGS_DISPATCH_TO_UNENUMERATED_NODES,
                                                             dbus, NULL, &gerr))) {
        virReportGError(VIR_ERR_OPERATION_FAILED, gerr, _("cannot export the port objects"));
        return -1;
    }
    return 0;
}

/**
 * virNetworkdDBusUnregister:
 * Stops exporting objects.  Safe to call more than once.
 */
void
virNetworkdDBusUnregister(virNetworkdDBus *dbus)
{
    if (dbus->conn && dbus->managerReg)
        g_dbus_connection_unregister_object(dbus->conn, dbus->managerReg);
    if (dbus->conn && dbus->portReg)
        g_dbus_connection_unregister_subtree(dbus->conn, dbus->portReg);
    if (dbus->conn && dbus->nameOwnerSub)
        g_dbus_connection_signal_unsubscribe(dbus->conn, dbus->nameOwnerSub);
    dbus->managerReg = dbus->portReg = dbus->nameOwnerSub = 0;
}

/**
 * virNetworkdDBusFree:
 * Unexports and frees everything; port records stay on disk so the next
 * start keeps the ports of running guests.  Accepts NULL.
 */
void
virNetworkdDBusFree(virNetworkdDBus *dbus)
{
    if (!dbus)
        return;
    virNetworkdDBusUnregister(dbus);
    g_hash_table_unref(dbus->clients);
    virNetworkdPortManagerFree(dbus->mgr);
    virNetworkdPolicyFree(dbus->policy);
    if (dbus->introspection)
        g_dbus_node_info_unref(dbus->introspection);
    g_clear_object(&dbus->conn);
    g_free(dbus);
}
