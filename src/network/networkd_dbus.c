/*
 * networkd_dbus.c: the D-Bus face of libvirt-networkd (GDBus adapter)
 *
 * Theory of operation: plumbing only.  Every method the daemon serves is
 * one row of virNetworkdMethods, and every call walks the same steps, each
 * of which may end it with a named error (networkd_protocol.h):
 *
 *   1. validate: the arguments, before anything else (networkd_request.c
 *      for CreatePort);
 *   2. admit: the caller's connection may have at most maxPending calls
 *      in flight (networkd_authz.c);
 *   3. identify: the caller's uid and pid are asked of the bus daemon
 *      (GetConnectionCredentials, one round trip), never taken from the
 *      request, and cached per unique bus name (unique names are never
 *      reused, and a connection's process never changes); then the
 *      user's own limit of calls in the daemon, over all of its
 *      connections (networkd_queue.c);
 *   4. authorize: virNetworkdAuthzDecide() on the call's rule, asking
 *      polkit when it says so (networkd_policy.c, asynchronous, a few
 *      checks at a time, users taking turns) and deciding again with
 *      the answer — before any host work;
 *   5. act: the row's function does the work and replies.
 *
 * Before all of these, a method call larger than max_message_bytes is
 * answered by the connection filter (networkd_filter.c).  Every
 * asynchronous step is a callback on the main loop, so a slow polkit
 * answer delays only its own call.  A caller that disconnects while its
 * call is in flight is noticed through the bus's NameOwnerChanged signal
 * (one subscription for all callers, not a match rule per caller, which
 * the bus limits): its CreatePort does no work, and the reply (and fds)
 * of one that finished anyway is discarded by the bus, which closes the
 * fds — the tap then disappears and the link watcher releases the port.
 *
 * The port manager and the policy belong to networkd_main.c; this file
 * borrows them.
 */
#include "networkd_dbus.h"

#include <string.h>
#include <gio/gunixfdlist.h>

#include "networkd_introspection.h"
#include "virerror.h"
#include "virfile.h"

#define VIR_FROM_THIS VIR_FROM_DBUS

/* The daemon's record of one bus connection that calls it. */
typedef struct _virNetworkdCaller virNetworkdCaller;
struct _virNetworkdCaller {
    virNetworkdDBus *dbus;
    char *sender;          /* unique bus name */
    bool vanished;
    unsigned int pending;  /* calls in flight; the caller lives while > 0 */
    bool hasCreds;         /* uid and pid known */
    uid_t uid;
    pid_t pid;             /* 0 if the bus did not say */
};

typedef struct _virNetworkdCall virNetworkdCall;

/* One method: its validation of the arguments (NULL: none to check) and
 * its work once authorized (@port: the port of a port call). */
typedef struct {
    const char *iface;
    const char *name;
    virNetworkdCallKind kind;
    int (*validate)(virNetworkdCall *call, GVariant *params);
    void (*act)(virNetworkdCall *call, virNetworkdPort *port);
} virNetworkdMethod;

struct _virNetworkdCall {
    virNetworkdDBus *dbus;
    const virNetworkdMethod *method;
    virNetworkdCaller *caller;
    GDBusMethodInvocation *inv;
    virNetworkdRequest *req;       /* CreatePort */
    char *node;                    /* the port: port methods, GetPort; the
                                    * network: network methods */
    virNetworkDef *def;            /* DefineNetwork, CreateNetwork */
    char *arg;                     /* LookupNetwork's name; GetDHCPLeases's MAC */
    guint32 flags;                 /* GetXMLDesc */
    bool autostart;                /* SetAutostart */
    char *property;                /* Properties.Get */
    int pidfd;                     /* BindProcess: the process's pidfd, -1 */
    uid_t uid;
    pid_t pid;
    virNetworkdAuthzInput authz;   /* what the last decision was made on */
    bool admitted;                 /* counted in the user's limit (queue) */
    bool all;                      /* ListPorts: every port, not only the caller's */
};

/* One exported subtree: the ports, or the networks. */
typedef struct {
    virNetworkdDBus *dbus;
    bool networks;
} virNetworkdSubtree;

struct _virNetworkdDBus {
    virNetworkdPortManager *mgr;   /* borrowed from main */
    virNetworkdNetworkManager *nets; /* borrowed from main */
    virNetworkdPolicy *policy;     /* borrowed from main */
    virNetworkdQueue *queue;       /* borrowed from main: calls per user */
    unsigned int maxPending;
    GDBusConnection *conn;
    GDBusNodeInfo *introspection;
    GDBusInterfaceInfo *managerIface;
    GDBusInterfaceInfo *portIface;
    GDBusInterfaceInfo *networkIface;
    guint managerReg;
    guint portReg;
    guint networkReg;
    guint nameOwnerSub;
    guint setFilter;               /* Properties.Set answered read-only */
    GHashTable *callers;           /* sender -> virNetworkdCaller, owns */
    virNetworkdSubtree portTree;
    virNetworkdSubtree networkTree;
};

static void virNetworkdCallAuthorize(virNetworkdCall *call);

/* --- callers ----------------------------------------------------------- */

/**
 * virNetworkdCallerFree:
 * Frees a caller's record.  Accepts NULL.
 */
static void
virNetworkdCallerFree(virNetworkdCaller *caller)
{
    if (!caller)
        return;
    g_free(caller->sender);
    g_free(caller);
}

/**
 * virNetworkdCallerVanished:
 * The caller's connection is gone.  Its calls in flight see
 * caller->vanished; the record is dropped with the last one.
 */
static void
virNetworkdCallerVanished(virNetworkdCaller *caller)
{
    g_debug("%s: disconnected with %u call(s) in flight", caller->sender, caller->pending);
    /* Its checks waiting for a slot are answered now, without polkit;
     * before it is marked gone, so that their ends cannot free it. */
    if (caller->hasCreds && caller->pending > 0)
        virNetworkdPolicyCancel(caller->dbus->policy, caller->sender, caller->uid);
    caller->vanished = true;
    if (caller->pending == 0)
        g_hash_table_remove(caller->dbus->callers, caller->sender);
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
    virNetworkdCaller *caller;

    if (!g_variant_is_of_type(params, G_VARIANT_TYPE("(sss)")))
        return;
    g_variant_get(params, "(&s&s&s)", &name, &oldOwner, &newOwner);
    if (name[0] != ':' || *newOwner)
        return;
    if ((caller = g_hash_table_lookup(dbus->callers, name)))
        virNetworkdCallerVanished(caller);
}

/**
 * virNetworkdCallerGet:
 * Returns the record of @sender, creating it on first use.  Owned by
 * dbus->callers.
 */
static virNetworkdCaller *
virNetworkdCallerGet(virNetworkdDBus *dbus, const char *sender)
{
    virNetworkdCaller *caller = g_hash_table_lookup(dbus->callers, sender);

    if (caller)
        return caller;
    caller = g_new0(virNetworkdCaller, 1);
    caller->dbus = dbus;
    caller->sender = g_strdup(sender);
    g_hash_table_insert(dbus->callers, caller->sender, caller);
    return caller;
}

/* --- calls ------------------------------------------------------------- */

/**
 * virNetworkdCallFree:
 * Ends a call: drops its admission slot (and the caller's record, when it
 * left and this was its last call).
 */
static void
virNetworkdCallFree(virNetworkdCall *call)
{
    virNetworkdCaller *caller = call->caller;

    if (call->admitted)
        virNetworkdQueueLeave(call->dbus->queue, call->uid);
    if (caller && --caller->pending == 0 && caller->vanished)
        g_hash_table_remove(call->dbus->callers, caller->sender);
    g_clear_object(&call->inv);
    virNetworkdRequestFree(call->req);
    virNetworkDefFree(call->def);
    g_free(call->arg);
    g_free(call->node);
    g_free(call->property);
    virFileForceClose(&call->pidfd);
    g_free(call);
}

/**
 * virNetworkdCallReturnError:
 * Answers the call with this thread's last error, under the API error it
 * names (virNetworkdErrorFromVirError), and ends it.
 */
static void
virNetworkdCallReturnError(virNetworkdCall *call)
{
    const virError *err = virGetLastError();
    const char *name = virNetworkdErrorName(virNetworkdErrorFromVirError(err));
    const char *msg = virGetLastErrorMessage();

    g_debug("%s: %s.%s failed: %s: %s", call->caller ? call->caller->sender : "?",
            call->method->iface, call->method->name, name, msg);
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
 * virNetworkdPortDict:
 * Returns the fields of @port that appear in @where (virNetworkdFieldPlace:
 * INFO for CreatePort's info, 0 for the Port properties) as an a{sv}
 * (floating), in the contract's order.
 */
static GVariant *
virNetworkdPortDict(const virNetworkdPort *port, unsigned int where)
{
    GVariantBuilder b;
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    for (i = 0; i < VIR_NETWORKD_FIELD_LAST; i++) {
        const virNetworkdFieldInfo *field = virNetworkdFieldGet(i);
        const char *key = where ? (field->where & where ? field->key : NULL) : field->property;
        GVariant *value;

        if (key && (value = virNetworkdPortFieldValue(port, i)))
            g_variant_builder_add(&b, "{sv}", key, value);
    }
    return g_variant_builder_end(&b);
}

/* --- validation: the arguments of each method -------------------------- */

/**
 * virNetworkdValidateCreatePort:
 * The request dictionary (networkd_request.c).  Returns 0 or -1.
 */
static int
virNetworkdValidateCreatePort(virNetworkdCall *call, GVariant *params)
{
    g_autoptr(GVariant) dict = g_variant_get_child_value(params, 0);

    return (call->req = virNetworkdRequestParse(dict)) ? 0 : -1;
}

/**
 * virNetworkdValidateGetPort:
 * The UUID (dashed or 32 hex digits), turned into the port's node.
 * Returns 0 or -1.
 */
static int
virNetworkdValidateGetPort(virNetworkdCall *call, GVariant *params)
{
    const char *str;
    unsigned char uuid[VIR_UUID_BUFLEN];
    char node[VIR_NETWORKD_PORT_NODE_BUFLEN];

    g_variant_get(params, "(&s)", &str);
    if (virUUIDParse(str, uuid) < 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("argument 'uuid' is not a UUID"));
        return -1;
    }
    call->node = g_strdup(virNetworkdPortNodeFormat(uuid, node));
    return 0;
}

/**
 * virNetworkdValidatePortGet:
 * Properties.Get: keeps the property name (an unknown one is answered
 * after authorization, like any read of the port).  Returns 0.
 */
static int
virNetworkdValidatePortGet(virNetworkdCall *call, GVariant *params)
{
    const char *name;

    g_variant_get(params, "(&s&s)", NULL, &name);
    call->property = g_strdup(name);
    return 0;
}

/**
 * virNetworkdValidatePortBindProcess:
 * The pidfd: the handle must name a fd of the message (what kind of fd
 * it is, the port manager checks).  Returns 0 or -1.
 */
static int
virNetworkdValidatePortBindProcess(virNetworkdCall *call, GVariant *params)
{
    GDBusMessage *msg = g_dbus_method_invocation_get_message(call->inv);
    GUnixFDList *fdlist = g_dbus_message_get_unix_fd_list(msg);
    gint32 handle;

    g_variant_get(params, "(h)", &handle);
    if (!fdlist || handle < 0 || handle >= g_unix_fd_list_get_length(fdlist) ||
        (call->pidfd = g_unix_fd_list_get(fdlist, handle, NULL)) < 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("argument 'pidfd' names no file descriptor of the message"));
        return -1;
    }
    return 0;
}

/* --- acts: the work of each method, once authorized -------------------- */

/**
 * virNetworkdActCreatePort:
 * Creates the port and answers with its path, fds and info.
 */
static void
virNetworkdActCreatePort(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdDBus *dbus = call->dbus;
    int fds[VIR_NETWORKD_QUEUES_MAX];
    g_autoptr(GUnixFDList) fdlist = NULL;
    g_autofree char *path = NULL;
    virNetworkdPort *port;
    GVariantBuilder handles;
    unsigned int i;

    /* The caller left while we waited: do no work for nobody. */
    if (call->caller->vanished) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("the caller disconnected before the port was created"));
        virNetworkdCallReturnError(call);
        return;
    }

    /* the network named, or whose bridge is named, as it is now */
    if (virNetworkdNetworkManagerResolvePort(dbus->nets, call->req) < 0 ||
        !(port = virNetworkdPortManagerCreate(dbus->mgr, call->req, call->uid, call->pid, fds))) {
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

    path = g_strdup(port->path);
    g_dbus_method_invocation_return_value_with_unix_fd_list(
        g_steal_pointer(&call->inv),
        g_variant_new("(oah@a{sv})", path, &handles,
                      virNetworkdPortDict(port, VIR_NETWORKD_FIELD_IN_INFO)),
        fdlist);
    virNetworkdCallFree(call);

    g_dbus_connection_emit_signal(dbus->conn, NULL, VIR_NETWORKD_OBJECT_PATH,
                                  VIR_NETWORKD_MANAGER_INTERFACE, "PortCreated",
                                  g_variant_new("(o)", path), NULL);
}

/**
 * virNetworkdActListPorts:
 * Answers with every port when the caller may see all, else its own.
 */
static void
virNetworkdActListPorts(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    g_autoptr(GPtrArray) ports = virNetworkdPortManagerList(call->dbus->mgr);
    GVariantBuilder b;
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a(oa{sv})"));
    for (i = 0; i < ports->len; i++) {
        virNetworkdPort *port = g_ptr_array_index(ports, i);

        if (!call->all && port->rec->uid != call->uid)
            continue;
        g_variant_builder_add(&b, "(o@a{sv})", port->path, virNetworkdPortDict(port, 0));
    }
    virNetworkdCallReturn(call, g_variant_new("(a(oa{sv}))", &b));
}

/**
 * virNetworkdActGetPort:
 * Answers with the port's object path.
 */
static void
virNetworkdActGetPort(virNetworkdCall *call, virNetworkdPort *port)
{
    virNetworkdCallReturn(call, g_variant_new("(o)", port->path));
}

/**
 * virNetworkdActPortDelete:
 * Deletes the port's device and answers.
 */
static void
virNetworkdActPortDelete(virNetworkdCall *call, virNetworkdPort *port)
{
    if (virNetworkdPortManagerDelete(call->dbus->mgr, port) < 0) {
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallReturn(call, NULL);
}

/**
 * virNetworkdActPortBindProcess:
 * Ties the port's macvtap to the process of the pidfd and answers.
 */
static void
virNetworkdActPortBindProcess(virNetworkdCall *call, virNetworkdPort *port)
{
    int pidfd = call->pidfd;

    call->pidfd = -1;
    if (virNetworkdPortManagerBindProcess(call->dbus->mgr, port, pidfd) < 0) {
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallReturn(call, NULL);
}

/**
 * virNetworkdActPortGet:
 * Answers with one property.
 */
static void
virNetworkdActPortGet(virNetworkdCall *call, virNetworkdPort *port)
{
    int field = virNetworkdFieldFromProperty(call->property);
    GVariant *value;

    if (field < 0 || !(value = virNetworkdPortFieldValue(port, field))) {
        virReportError(VIR_ERR_INVALID_ARG, _("no property '%1$s'"), call->property);
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallReturn(call, g_variant_new("(v)", value));
}

/**
 * virNetworkdActPortGetAll:
 * Answers with every property.
 */
static void
virNetworkdActPortGetAll(virNetworkdCall *call, virNetworkdPort *port)
{
    virNetworkdCallReturn(call, g_variant_new("(@a{sv})", virNetworkdPortDict(port, 0)));
}

/* --- networks ------------------------------------------------------------ */

/**
 * virNetworkdValidateNetworkXML:
 * DefineNetwork, CreateNetwork: the XML, parsed and validated (its name
 * is a polkit detail).  Returns 0 or -1.
 */
static int
virNetworkdValidateNetworkXML(virNetworkdCall *call, GVariant *params)
{
    const char *xml;

    g_variant_get(params, "(&s)", &xml);
    return (call->def = virNetworkdNetworkParse(xml)) ? 0 : -1;
}

/**
 * virNetworkdValidateLookupNetwork:
 * LookupNetwork: keeps the name or UUID.  Returns 0.
 */
static int
virNetworkdValidateLookupNetwork(virNetworkdCall *call, GVariant *params)
{
    g_variant_get(params, "(s)", &call->arg);
    return 0;
}

/**
 * virNetworkdValidateSetAutostart:
 * SetAutostart: the flag.  Returns 0.
 */
static int
virNetworkdValidateSetAutostart(virNetworkdCall *call, GVariant *params)
{
    gboolean autostart;

    g_variant_get(params, "(b)", &autostart);
    call->autostart = autostart;
    return 0;
}

/**
 * virNetworkdValidateGetXMLDesc:
 * GetXMLDesc: the flags, of which only VIR_NETWORKD_NETWORK_XML_INACTIVE
 * is known.  Returns 0 or -1.
 */
static int
virNetworkdValidateGetXMLDesc(virNetworkdCall *call, GVariant *params)
{
    g_variant_get(params, "(u)", &call->flags);
    if (call->flags & ~VIR_NETWORKD_NETWORK_XML_INACTIVE) {
        virReportError(VIR_ERR_INVALID_ARG, _("unknown flags 0x%1$x"),
                       call->flags & ~VIR_NETWORKD_NETWORK_XML_INACTIVE);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdValidateGetDHCPLeases:
 * GetDHCPLeases: "" or a MAC address.  Returns 0 or -1.
 */
static int
virNetworkdValidateGetDHCPLeases(virNetworkdCall *call, GVariant *params)
{
    virMacAddr mac;

    g_variant_get(params, "(s)", &call->arg);
    if (*call->arg && virMacAddrParse(call->arg, &mac) < 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("argument 'mac' is not a MAC address"));
        return -1;
    }
    return 0;
}

/**
 * virNetworkdCallNetwork:
 * Returns the network a network call is about, or NULL with NotFound
 * reported (it was undefined while the call waited for polkit).
 */
static virNetworkdNetwork *
virNetworkdCallNetwork(virNetworkdCall *call)
{
    virNetworkdNetwork *net = virNetworkdNetworkManagerLookupNode(call->dbus->nets, call->node);

    if (!net)
        virNetworkdNetworkReportNotFound(call->authz.network ? call->authz.network : call->node);
    return net;
}

/**
 * virNetworkdCallReturnNetwork:
 * Answers with @net's object path, or with the last error when NULL.
 */
static void
virNetworkdCallReturnNetwork(virNetworkdCall *call, const virNetworkdNetwork *net)
{
    if (!net) {
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallReturn(call, g_variant_new("(o)", net->path));
}

/**
 * virNetworkdActDefineNetwork:
 * Defines (or redefines) the network and answers with its path.
 */
static void
virNetworkdActDefineNetwork(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdCallReturnNetwork(call, virNetworkdNetworkManagerDefine(call->dbus->nets,
                                                                       g_steal_pointer(&call->def)));
}

/**
 * virNetworkdActCreateNetwork:
 * Creates and starts a transient network and answers with its path.
 */
static void
virNetworkdActCreateNetwork(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdCallReturnNetwork(call, virNetworkdNetworkManagerCreate(call->dbus->nets,
                                                                       g_steal_pointer(&call->def)));
}

/**
 * virNetworkdActListNetworks:
 * Answers with every network's path.
 */
static void
virNetworkdActListNetworks(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    g_autoptr(GPtrArray) nets = virNetworkdNetworkManagerList(call->dbus->nets);
    GVariantBuilder b;
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE("ao"));
    for (i = 0; i < nets->len; i++)
        g_variant_builder_add(&b, "o", ((virNetworkdNetwork *)g_ptr_array_index(nets, i))->path);
    virNetworkdCallReturn(call, g_variant_new("(ao)", &b));
}

/**
 * virNetworkdActLookupNetwork:
 * Answers with the path of the network of that name or UUID.
 */
static void
virNetworkdActLookupNetwork(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdCallReturnNetwork(call, virNetworkdNetworkManagerLookup(call->dbus->nets,
                                                                       call->arg));
}

/**
 * virNetworkdActNetworkDo:
 * Runs @fn on the call's network and answers.
 */
static void
virNetworkdActNetworkDo(virNetworkdCall *call,
                        int (*fn)(virNetworkdNetworkManager *, virNetworkdNetwork *))
{
    virNetworkdNetwork *net = virNetworkdCallNetwork(call);

    if (!net || fn(call->dbus->nets, net) < 0) {
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallReturn(call, NULL);
}

/**
 * virNetworkdActNetworkStart:
 * Starts the network.
 */
static void
virNetworkdActNetworkStart(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdActNetworkDo(call, virNetworkdNetworkManagerStartOne);
}

/**
 * virNetworkdActNetworkDestroy:
 * Stops the network.
 */
static void
virNetworkdActNetworkDestroy(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdActNetworkDo(call, virNetworkdNetworkManagerDestroy);
}

/**
 * virNetworkdActNetworkUndefine:
 * Removes the network's stored definition.
 */
static void
virNetworkdActNetworkUndefine(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdActNetworkDo(call, virNetworkdNetworkManagerUndefine);
}

/**
 * virNetworkdActNetworkSetAutostart:
 * Sets or clears the network's autostart flag.
 */
static void
virNetworkdActNetworkSetAutostart(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdNetwork *net = virNetworkdCallNetwork(call);

    if (!net || virNetworkdNetworkManagerSetAutostart(call->dbus->nets, net, call->autostart) < 0) {
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallReturn(call, NULL);
}

/**
 * virNetworkdActGetXMLDesc:
 * Answers with the network's XML.
 */
static void
virNetworkdActGetXMLDesc(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdNetwork *net = virNetworkdCallNetwork(call);
    g_autofree char *xml = NULL;

    if (!net) {
        virNetworkdCallReturnError(call);
        return;
    }
    xml = virNetworkdNetworkGetXML(net, call->flags);
    virNetworkdCallReturn(call, g_variant_new("(s)", xml));
}

/**
 * virNetworkdActGetDHCPLeases:
 * Answers with the network's leases: all of them when the caller may see
 * every lease, else those of the MACs of the caller's own ports on it.
 */
static void
virNetworkdActGetDHCPLeases(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdNetwork *net = virNetworkdCallNetwork(call);
    g_autoptr(GHashTable) macs = NULL;
    g_autoptr(GPtrArray) ports = NULL;
    virDnsmasqLease *leases = NULL;
    size_t nleases = 0;
    virMacAddr mac;
    GVariant *reply;
    size_t i;

    if (!net || virNetworkdNetworkManagerLeases(call->dbus->nets, net, &leases, &nleases) < 0) {
        virNetworkdCallReturnError(call);
        return;
    }
    if (!call->all) {
        macs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        ports = virNetworkdPortManagerList(call->dbus->mgr);
        for (i = 0; i < ports->len; i++) {
            const virNetworkdPortRecord *rec = ((virNetworkdPort *)g_ptr_array_index(ports, i))->rec;
            char buf[VIR_MAC_STRING_BUFLEN];

            if (rec->uid == call->uid && rec->network &&
                strcmp(rec->network, virNetworkdNetworkName(net)) == 0)
                g_hash_table_add(macs, g_strdup(virMacAddrFormat(&rec->mac, buf)));
        }
    }
    if (*call->arg)
        (void)virMacAddrParse(call->arg, &mac);
    reply = virNetworkdNetworkLeasesVariant(net, leases, nleases, macs,
                                            *call->arg ? &mac : NULL);
    virDnsmasqLeaseListFree(leases, nleases);
    virNetworkdCallReturn(call, g_variant_new("(@aa{sv})", reply));
}

/**
 * virNetworkdActNetworkGet:
 * Answers with one property of the network.
 */
static void
virNetworkdActNetworkGet(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdNetwork *net = virNetworkdCallNetwork(call);
    g_autoptr(GVariant) all = NULL;
    GVariant *value;

    if (!net) {
        virNetworkdCallReturnError(call);
        return;
    }
    all = g_variant_ref_sink(virNetworkdNetworkProperties(net));
    if (!(value = g_variant_lookup_value(all, call->property, NULL))) {
        virReportError(VIR_ERR_INVALID_ARG, _("no property '%1$s'"), call->property);
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallReturn(call, g_variant_new("(@v)", g_variant_new_variant(value)));
    g_variant_unref(value);
}

/**
 * virNetworkdActNetworkGetAll:
 * Answers with every property of the network.
 */
static void
virNetworkdActNetworkGetAll(virNetworkdCall *call, virNetworkdPort *unused G_GNUC_UNUSED)
{
    virNetworkdNetwork *net = virNetworkdCallNetwork(call);

    if (!net) {
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallReturn(call, g_variant_new("(@a{sv})", virNetworkdNetworkProperties(net)));
}

/* Every method: validate -> (admit, identify, authorize) -> act. */
static const virNetworkdMethod virNetworkdMethods[] = {
    { VIR_NETWORKD_MANAGER_INTERFACE, "CreatePort", VIR_NETWORKD_CALL_CREATE_PORT,
      virNetworkdValidateCreatePort, virNetworkdActCreatePort },
    { VIR_NETWORKD_MANAGER_INTERFACE, "ListPorts", VIR_NETWORKD_CALL_LIST_PORTS,
      NULL, virNetworkdActListPorts },
    { VIR_NETWORKD_MANAGER_INTERFACE, "GetPort", VIR_NETWORKD_CALL_GET_PORT,
      virNetworkdValidateGetPort, virNetworkdActGetPort },
    { VIR_NETWORKD_PORT_INTERFACE, "Delete", VIR_NETWORKD_CALL_PORT_DELETE,
      NULL, virNetworkdActPortDelete },
    { VIR_NETWORKD_PROPERTIES_INTERFACE, "Get", VIR_NETWORKD_CALL_PORT_GET,
      virNetworkdValidatePortGet, virNetworkdActPortGet },
    { VIR_NETWORKD_PROPERTIES_INTERFACE, "GetAll", VIR_NETWORKD_CALL_PORT_GET_ALL,
      NULL, virNetworkdActPortGetAll },
    { VIR_NETWORKD_MANAGER_INTERFACE, "DefineNetwork", VIR_NETWORKD_CALL_DEFINE_NETWORK,
      virNetworkdValidateNetworkXML, virNetworkdActDefineNetwork },
    { VIR_NETWORKD_MANAGER_INTERFACE, "CreateNetwork", VIR_NETWORKD_CALL_CREATE_NETWORK,
      virNetworkdValidateNetworkXML, virNetworkdActCreateNetwork },
    { VIR_NETWORKD_MANAGER_INTERFACE, "ListNetworks", VIR_NETWORKD_CALL_LIST_NETWORKS,
      NULL, virNetworkdActListNetworks },
    { VIR_NETWORKD_MANAGER_INTERFACE, "LookupNetwork", VIR_NETWORKD_CALL_LOOKUP_NETWORK,
      virNetworkdValidateLookupNetwork, virNetworkdActLookupNetwork },
    { VIR_NETWORKD_NETWORK_INTERFACE, "Start", VIR_NETWORKD_CALL_NETWORK_START,
      NULL, virNetworkdActNetworkStart },
    { VIR_NETWORKD_NETWORK_INTERFACE, "Destroy", VIR_NETWORKD_CALL_NETWORK_DESTROY,
      NULL, virNetworkdActNetworkDestroy },
    { VIR_NETWORKD_NETWORK_INTERFACE, "Undefine", VIR_NETWORKD_CALL_NETWORK_UNDEFINE,
      NULL, virNetworkdActNetworkUndefine },
    { VIR_NETWORKD_NETWORK_INTERFACE, "SetAutostart", VIR_NETWORKD_CALL_NETWORK_AUTOSTART,
      virNetworkdValidateSetAutostart, virNetworkdActNetworkSetAutostart },
    { VIR_NETWORKD_NETWORK_INTERFACE, "GetXMLDesc", VIR_NETWORKD_CALL_NETWORK_XML,
      virNetworkdValidateGetXMLDesc, virNetworkdActGetXMLDesc },
    { VIR_NETWORKD_NETWORK_INTERFACE, "GetDHCPLeases", VIR_NETWORKD_CALL_NETWORK_LEASES,
      virNetworkdValidateGetDHCPLeases, virNetworkdActGetDHCPLeases },
    { VIR_NETWORKD_PROPERTIES_INTERFACE, "Get", VIR_NETWORKD_CALL_NETWORK_GET,
      virNetworkdValidatePortGet, virNetworkdActNetworkGet },
    { VIR_NETWORKD_PROPERTIES_INTERFACE, "GetAll", VIR_NETWORKD_CALL_NETWORK_GET_ALL,
      NULL, virNetworkdActNetworkGetAll },
    { VIR_NETWORKD_PORT_INTERFACE, "BindProcess", VIR_NETWORKD_CALL_PORT_BIND_PROCESS,
      virNetworkdValidatePortBindProcess, virNetworkdActPortBindProcess },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virNetworkdMethods) == VIR_NETWORKD_CALL_LAST);

/* --- authorization ----------------------------------------------------- */

/**
 * virNetworkdMethodOnNetwork:
 * True for the methods of network objects (their interface's, and the
 * Properties calls answered for networks), whose node is a network's.
 */
static bool
virNetworkdMethodOnNetwork(const virNetworkdMethod *m)
{
    return strcmp(m->iface, VIR_NETWORKD_NETWORK_INTERFACE) == 0 ||
           m->kind == VIR_NETWORKD_CALL_NETWORK_GET ||
           m->kind == VIR_NETWORKD_CALL_NETWORK_GET_ALL;
}

/**
 * virNetworkdCallInput:
 * Fills call->authz with what is known now (the port may have gone, and
 * the caller's quota moved, while polkit was asked).  Returns the port of
 * a port call, or NULL.
 */
static virNetworkdPort *
virNetworkdCallInput(virNetworkdCall *call)
{
    virNetworkdAuthzInput *in = &call->authz;
    virNetworkdPortManager *mgr = call->dbus->mgr;
    virNetworkdPort *port = virNetworkdPortManagerLookupNode(mgr, call->node);
    const virNetworkdQuota *quota = virNetworkdPortManagerGetQuota(mgr);

    in->call = call->method->kind;
    in->uid = call->uid;
    in->hasPort = port != NULL;
    in->portUid = port ? port->rec->uid : 0;
    in->portUUID = port ? port->uuidstr : NULL;
    in->plug = NULL;
    in->bridge = port ? port->rec->bridge : NULL;
    in->network = port ? port->rec->network : NULL;
    in->virtualport = NULL;
    in->interfaceId = NULL;
    in->ovnSwitch = NULL;
    if (call->req)
        virNetworkdNetworkManagerPortTarget(call->dbus->nets, call->req, in);
    if (call->def)
        in->network = call->def->name;
    if (virNetworkdMethodOnNetwork(call->method)) {
        virNetworkdNetwork *net = virNetworkdNetworkManagerLookupNode(call->dbus->nets,
                                                                      call->node);

        in->network = net ? virNetworkdNetworkName(net) : NULL;
    }
    in->device = call->req ? call->req->device : NULL;
    in->mode = call->req && call->req->plug == VIR_NETWORKD_PLUG_DIRECT ?
        virNetworkdDirectModeTypeToString(call->req->mode) : NULL;
    in->ifname = call->req ? call->req->ifname : NULL;
    in->quotaUsed = virNetworkdQuotaUsed(quota, call->uid);
    in->quotaLimit = virNetworkdQuotaLimit(quota);
    return port;
}

/**
 * virNetworkdCallVerdict:
 * Carries out a decision: act, ask polkit, or answer the refusal.
 */
static void
virNetworkdCallVerdict(virNetworkdCall *call, virNetworkdPort *port,
                       virNetworkdAuthzVerdict verdict);

/**
 * virNetworkdCallPolkitDone:
 * polkit's answer (@err NULL: yes): decide again with it.  A refusal
 * answers with polkit's reason.
 */
static void
virNetworkdCallPolkitDone(const virError *err, void *opaque)
{
    virNetworkdCall *call = opaque;
    virNetworkdPort *port = virNetworkdCallInput(call);
    virNetworkdAuthzVerdict verdict;

    call->authz.polkit = err ? VIR_NETWORKD_AUTHZ_POLKIT_NO : VIR_NETWORKD_AUTHZ_POLKIT_YES;
    verdict = virNetworkdAuthzDecide(&call->authz);
    if (verdict == VIR_NETWORKD_AUTHZ_DENY && err) {
        virErrorSetLast(err);
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallVerdict(call, port, verdict);
}

static void
virNetworkdCallVerdict(virNetworkdCall *call, virNetworkdPort *port,
                       virNetworkdAuthzVerdict verdict)
{
    const virNetworkdAuthzRule *rule = virNetworkdAuthzRuleGet(call->method->kind);

    switch (verdict) {
    case VIR_NETWORKD_AUTHZ_ALLOW:
    case VIR_NETWORKD_AUTHZ_ALLOW_OWN:
        call->all = verdict == VIR_NETWORKD_AUTHZ_ALLOW;
        call->method->act(call, port);
        return;

    case VIR_NETWORKD_AUTHZ_ASK_POLKIT: {
        GDBusMessage *msg = g_dbus_method_invocation_get_message(call->inv);
        bool interactive = rule->interactive &&
            (g_dbus_message_get_flags(msg) & G_DBUS_MESSAGE_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION);
        g_auto(GStrv) details = virNetworkdAuthzDetails(&call->authz);
        g_autofree char *denied = virNetworkdAuthzDeniedMessage(&call->authz);

        virNetworkdPolicyCheck(call->dbus->policy, call->caller->sender, call->uid, call->pid,
                               rule->action, (const char * const *)details, interactive,
                               denied, virNetworkdCallPolkitDone, call);
        return;
    }

    case VIR_NETWORKD_AUTHZ_NO_PORT:
    case VIR_NETWORKD_AUTHZ_DENY:
    case VIR_NETWORKD_AUTHZ_DENY_NOT_FOUND:
    case VIR_NETWORKD_AUTHZ_OVER_QUOTA:
    case VIR_NETWORKD_AUTHZ_LAST:
        break;
    }
    virNetworkdAuthzReport(&call->authz, verdict, call->node);
    virNetworkdCallReturnError(call);
}

/**
 * virNetworkdCallAuthorize:
 * With the caller's uid known: admit the call under the user's limit,
 * decide (networkd_authz.c) and carry it out.
 */
static void
virNetworkdCallAuthorize(virNetworkdCall *call)
{
    virNetworkdPort *port;

    /* the user's limit over all of its connections, before polkit */
    if (virNetworkdAuthzRuleGet(call->method->kind)->pending) {
        if (virNetworkdQueueAdmit(call->dbus->queue, call->uid) < 0) {
            virNetworkdCallReturnError(call);
            return;
        }
        call->admitted = true;
    }
    port = virNetworkdCallInput(call);

    g_debug("%s (uid %u): %s.%s %s", call->caller->sender, (unsigned int)call->uid,
            call->method->iface, call->method->name, call->node ? call->node : "");
    call->authz.polkit = VIR_NETWORKD_AUTHZ_POLKIT_NOT_ASKED;
    virNetworkdCallVerdict(call, port, virNetworkdAuthzDecide(&call->authz));
}

/* --- admission and identity -------------------------------------------- */

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
        call->caller->vanished = true;
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
    call->caller->uid = uid;
    call->caller->pid = pid;
    call->caller->hasCreds = true;
    call->uid = uid;
    call->pid = pid;
    virNetworkdCallAuthorize(call);
}

/**
 * virNetworkdCallAdmit:
 * Admits a validated call (pending limit), then gets the caller's uid and
 * pid (cached per connection) and authorizes it.
 */
static void
virNetworkdCallAdmit(virNetworkdCall *call)
{
    virNetworkdDBus *dbus = call->dbus;
    const char *sender = g_dbus_method_invocation_get_sender(call->inv);
    virNetworkdCaller *caller;

    if (!sender) {
        /* Only a peer-to-peer connection has no sender; we serve the bus. */
        virReportError(VIR_ERR_OPERATION_DENIED, "%s", _("calls must come through the bus"));
        virNetworkdCallReturnError(call);
        return;
    }

    caller = virNetworkdCallerGet(dbus, sender);
    if (!virNetworkdAuthzAdmit(call->method->kind, caller->pending, dbus->maxPending)) {
        virNetworkdAuthzReportBusy(dbus->maxPending);
        virNetworkdCallReturnError(call);
        return;
    }
    call->caller = caller;
    caller->pending++;

    if (caller->hasCreds) {
        call->uid = caller->uid;
        call->pid = caller->pid;
        virNetworkdCallAuthorize(call);
        return;
    }
    g_dbus_connection_call(dbus->conn, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                           "org.freedesktop.DBus", "GetConnectionCredentials",
                           g_variant_new("(s)", sender), G_VARIANT_TYPE("(a{sv})"),
                           G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                           virNetworkdCallGotCreds, call);
}

/* --- dispatch ---------------------------------------------------------- */

/**
 * virNetworkdMethodCall:
 * Every method of the manager and of the ports (GDBus forwards
 * Properties.Get/GetAll here because the port vtable has no get_property,
 * which lets the access check be asynchronous).  Takes over @inv.
 */
static void
virNetworkdMethodCall(GDBusConnection *conn G_GNUC_UNUSED,
                      const char *sender G_GNUC_UNUSED,
                      const char *path,
                      const char *iface,
                      const char *method,
                      GVariant *params,
                      GDBusMethodInvocation *inv,
                      gpointer opaque)
{
    const virNetworkdMethod *m = NULL;
    virNetworkdCall *call;
    bool onNetwork;
    size_t i;

    onNetwork = g_str_has_prefix(path, VIR_NETWORKD_NETWORK_PATH_BASE "/");
    for (i = 0; i < G_N_ELEMENTS(virNetworkdMethods) && !m; i++) {
        if (strcmp(virNetworkdMethods[i].iface, iface) == 0 &&
            strcmp(virNetworkdMethods[i].name, method) == 0 &&
            virNetworkdMethodOnNetwork(&virNetworkdMethods[i]) == onNetwork)
            m = &virNetworkdMethods[i];
    }
    if (!m) {
        if (strcmp(iface, VIR_NETWORKD_PROPERTIES_INTERFACE) == 0)
            g_dbus_method_invocation_return_dbus_error(inv, "org.freedesktop.DBus.Error.PropertyReadOnly",
                                                       _("the daemon's properties are read-only"));
        else
            g_dbus_method_invocation_return_dbus_error(inv, "org.freedesktop.DBus.Error.UnknownMethod",
                                                       _("unknown method"));
        return;
    }

    call = g_new0(virNetworkdCall, 1);
    call->pidfd = -1;
    call->dbus = opaque;
    call->method = m;
    /* GDBus hands the invocation over; g_dbus_method_invocation_return_*()
     * takes it back when the call is answered. */
    call->inv = inv;
    if (strcmp(m->iface, VIR_NETWORKD_MANAGER_INTERFACE) != 0)
        call->node = g_strdup(strrchr(path, '/') + 1);

    if (m->validate && m->validate(call, params) < 0) {
        virNetworkdCallReturnError(call);
        return;
    }
    virNetworkdCallAdmit(call);
}

static const GDBusInterfaceVTable virNetworkdManagerVTable = {
    .method_call = virNetworkdMethodCall,
};

static const GDBusInterfaceVTable virNetworkdObjectVTable = {
    .method_call = virNetworkdMethodCall,
};

/**
 * virNetworkdSubtreeHas:
 * True when @sub has an object at @node (a port, or a network).
 */
static bool
virNetworkdSubtreeHas(const virNetworkdSubtree *sub, const char *node)
{
    if (sub->networks)
        return virNetworkdNetworkManagerLookupNode(sub->dbus->nets, node) != NULL;
    return virNetworkdPortManagerLookupNode(sub->dbus->mgr, node) != NULL;
}

/**
 * virNetworkdSubtreeEnumerate:
 * Children of /org/libvirt/Networkd1/port (every port) or
 * /org/libvirt/Networkd1/network (every network).  Their existence is no
 * secret (PortCreated and NetworkEvent are broadcast); a port's
 * properties are guarded.
 */
static char **
virNetworkdSubtreeEnumerate(GDBusConnection *conn G_GNUC_UNUSED,
                            const char *sender G_GNUC_UNUSED,
                            const char *path G_GNUC_UNUSED,
                            gpointer opaque)
{
    virNetworkdSubtree *sub = opaque;
    g_autoptr(GPtrArray) objs = sub->networks ? virNetworkdNetworkManagerList(sub->dbus->nets)
                                              : virNetworkdPortManagerList(sub->dbus->mgr);
    char **nodes = g_new0(char *, objs->len + 1);
    size_t i;

    for (i = 0; i < objs->len; i++) {
        void *obj = g_ptr_array_index(objs, i);

        nodes[i] = g_strdup(sub->networks ? ((virNetworkdNetwork *)obj)->node
                                          : ((virNetworkdPort *)obj)->node);
    }
    return nodes;
}

/**
 * virNetworkdSubtreeIntrospect:
 * A port node has the Port interface, a network node the Network
 * interface; anything else has none.
 */
static GDBusInterfaceInfo **
virNetworkdSubtreeIntrospect(GDBusConnection *conn G_GNUC_UNUSED,
                             const char *sender G_GNUC_UNUSED,
                             const char *path G_GNUC_UNUSED,
                             const char *node,
                             gpointer opaque)
{
    virNetworkdSubtree *sub = opaque;
    GDBusInterfaceInfo **ifaces;

    if (!virNetworkdSubtreeHas(sub, node))
        return NULL;
    ifaces = g_new0(GDBusInterfaceInfo *, 2);
    ifaces[0] = g_dbus_interface_info_ref(sub->networks ? sub->dbus->networkIface
                                                        : sub->dbus->portIface);
    return ifaces;
}

/**
 * virNetworkdSubtreeDispatch:
 * Calls to an existing object's interface (and its properties) go to
 * virNetworkdMethodCall; anything else is an unknown object.
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
    virNetworkdSubtree *sub = opaque;
    const char *want = sub->networks ? VIR_NETWORKD_NETWORK_INTERFACE
                                     : VIR_NETWORKD_PORT_INTERFACE;

    if (!virNetworkdSubtreeHas(sub, node) || strcmp(iface, want) != 0)
        return NULL;
    *out_user_data = sub->dbus;
    return &virNetworkdObjectVTable;
}

static const GDBusSubtreeVTable virNetworkdSubtreeVTable = {
    .enumerate = virNetworkdSubtreeEnumerate,
    .introspect = virNetworkdSubtreeIntrospect,
    .dispatch = virNetworkdSubtreeDispatch,
};

/* --- life cycle -------------------------------------------------------- */

/**
 * virNetworkdDBusPortRemoved:
 * Announces PortRemoved for @port (main's port manager callback).
 */
void
virNetworkdDBusPortRemoved(virNetworkdDBus *dbus, const virNetworkdPort *port)
{
    if (dbus && dbus->conn)
        g_dbus_connection_emit_signal(dbus->conn, NULL, VIR_NETWORKD_OBJECT_PATH,
                                      VIR_NETWORKD_MANAGER_INTERFACE, "PortRemoved",
                                      g_variant_new("(o)", port->path), NULL);
}

/**
 * virNetworkdDBusNetworkEvent:
 * Announces NetworkEvent for @net (main's network manager callback).
 */
void
virNetworkdDBusNetworkEvent(virNetworkdDBus *dbus, const virNetworkdNetwork *net,
                            virNetworkdNetworkEvent event)
{
    if (dbus && dbus->conn)
        g_dbus_connection_emit_signal(dbus->conn, NULL, VIR_NETWORKD_OBJECT_PATH,
                                      VIR_NETWORKD_MANAGER_INTERFACE, "NetworkEvent",
                                      g_variant_new("(oss)", net->path,
                                                    virNetworkdNetworkName(net),
                                                    virNetworkdNetworkEventTypeToString(event)),
                                      NULL);
}

/**
 * virNetworkdDBusSetNetworks:
 * Lends the network manager (it must outlive @dbus) to the D-Bus side.
 */
void
virNetworkdDBusSetNetworks(virNetworkdDBus *dbus, virNetworkdNetworkManager *nets)
{
    dbus->nets = nets;
}

/**
 * virNetworkdDBusNew:
 * @mgr: the port manager (borrowed: it must outlive the returned object)
 * @policy: the polkit asker (borrowed likewise)
 * @queue: admits calls per user (borrowed likewise)
 * @maxPending: calls in flight per connection
 *
 * Returns the daemon's D-Bus side, not yet started (free with
 * virNetworkdDBusFree).
 */
virNetworkdDBus *
virNetworkdDBusNew(virNetworkdPortManager *mgr, virNetworkdPolicy *policy,
                   virNetworkdQueue *queue, unsigned int maxPending)
{
    virNetworkdDBus *dbus = g_new0(virNetworkdDBus, 1);

    dbus->queue = queue;
    dbus->mgr = mgr;
    dbus->policy = policy;
    dbus->maxPending = maxPending;
    dbus->portTree.dbus = dbus;
    dbus->networkTree.dbus = dbus;
    dbus->networkTree.networks = true;
    dbus->callers = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify)virNetworkdCallerFree);
    return dbus;
}

/**
 * virNetworkdDBusStart:
 * Parses the introspection data.  Returns 0, or -1 with an error.
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
    dbus->networkIface = g_dbus_node_info_lookup_interface(dbus->introspection,
                                                           VIR_NETWORKD_NETWORK_INTERFACE);
    if (!dbus->managerIface || !dbus->portIface || !dbus->networkIface) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("introspection data lacks the Manager, Port or Network interface"));
        return -1;
    }
    return 0;
}

/**
 * virNetworkdPropertySetFilter:
 * Incoming-message filter (GDBus's worker thread): answers every
 * Properties.Set to the daemon's objects with PropertyReadOnly and drops
 * it.  GDBus itself would answer InvalidArgs for a read-only property,
 * before any handler of ours runs; no property of the daemon is
 * writable, so the answer needs neither the port nor the caller (and
 * does not tell whether a port exists).  Returns @msg, or NULL when
 * answered here.
 */
static GDBusMessage *
virNetworkdPropertySetFilter(GDBusConnection *conn,
                             GDBusMessage *msg,
                             gboolean incoming,
                             gpointer opaque G_GNUC_UNUSED)
{
    const char *path = g_dbus_message_get_path(msg);
    const char *iface = g_dbus_message_get_interface(msg);
    const char *member = g_dbus_message_get_member(msg);
    g_autoptr(GDBusMessage) reply = NULL;

    if (!incoming || g_dbus_message_get_message_type(msg) != G_DBUS_MESSAGE_TYPE_METHOD_CALL ||
        !path || !iface || !member ||
        strcmp(iface, VIR_NETWORKD_PROPERTIES_INTERFACE) != 0 || strcmp(member, "Set") != 0 ||
        (strcmp(path, VIR_NETWORKD_OBJECT_PATH) != 0 &&
         !g_str_has_prefix(path, VIR_NETWORKD_PORT_PATH_BASE "/") &&
         !g_str_has_prefix(path, VIR_NETWORKD_NETWORK_PATH_BASE "/")))
        return msg;

    if (!(g_dbus_message_get_flags(msg) & G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED)) {
        reply = g_dbus_message_new_method_error(msg, "org.freedesktop.DBus.Error.PropertyReadOnly",
                                                "%s", _("the daemon's properties are read-only"));
        g_dbus_connection_send_message(conn, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
    }
    g_object_unref(msg);
    return NULL;
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
    dbus->setFilter = g_dbus_connection_add_filter(conn, virNetworkdPropertySetFilter,
                                                   NULL, NULL);
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
                                                             &dbus->portTree, NULL, &gerr))) {
        virReportGError(VIR_ERR_OPERATION_FAILED, gerr, _("cannot export the port objects"));
        return -1;
    }
    if (!(dbus->networkReg = g_dbus_connection_register_subtree(conn, VIR_NETWORKD_NETWORK_PATH_BASE,
                                                                &virNetworkdSubtreeVTable,
                                                                G_DBUS_SUBTREE_FLAGS_NONE,
                                                                &dbus->networkTree, NULL, &gerr))) {
        virReportGError(VIR_ERR_OPERATION_FAILED, gerr, _("cannot export the network objects"));
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
    if (dbus->conn && dbus->networkReg)
        g_dbus_connection_unregister_subtree(dbus->conn, dbus->networkReg);
    if (dbus->conn && dbus->nameOwnerSub)
        g_dbus_connection_signal_unsubscribe(dbus->conn, dbus->nameOwnerSub);
    if (dbus->conn && dbus->setFilter)
        g_dbus_connection_remove_filter(dbus->conn, dbus->setFilter);
    dbus->managerReg = dbus->portReg = dbus->nameOwnerSub = dbus->setFilter = 0;
    dbus->networkReg = 0;
}

/**
 * virNetworkdDBusFree:
 * Unexports and frees the D-Bus side (not the port manager or the
 * policy, which are main's).  Accepts NULL.
 */
void
virNetworkdDBusFree(virNetworkdDBus *dbus)
{
    if (!dbus)
        return;
    virNetworkdDBusUnregister(dbus);
    g_hash_table_unref(dbus->callers);
    if (dbus->introspection)
        g_dbus_node_info_unref(dbus->introspection);
    g_clear_object(&dbus->conn);
    g_free(dbus);
}
