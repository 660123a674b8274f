/*
 * networkd_client.c: a small synchronous client of libvirt-networkd
 *
 * Each call takes the shared system-bus connection (g_bus_get_sync), makes
 * one or two blocking method calls and drops the connection again.  GLib
 * keeps the connection alive while anybody holds a reference, so a caller
 * that makes many calls (a benchmark, a driver starting many guests) keeps
 * its own reference on g_bus_get_sync(G_BUS_TYPE_SYSTEM) and every call
 * reuses that connection.
 *
 * File descriptors received from the daemon are owned by this file until
 * they are handed to the caller; every error path closes all of them, so a
 * failed call never leaks a tap.
 */
#include "networkd_client.h"
#include "virerror.h"
#include "viruuid.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <gio/gunixfdlist.h>

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/**
 * virNetworkdClientReportGError:
 * @op: what the call was doing
 * @subject: bridge or port UUID the call was about (may be NULL)
 * @gerr: the error GDBus returned
 *
 * Reports @gerr as this thread's last error with a code chosen from the
 * D-Bus error name, a message in the user's terms followed by the daemon's
 * own reason, and the D-Bus error name as the error's detail.
 */
void
virNetworkdClientReportGError(virNetworkdClientOp op,
                              const char *subject,
                              const GError *gerr)
{
    g_autofree char *name = NULL;
    g_autofree char *reason = NULL;
    virErrorNumber code;

    if (g_dbus_error_is_remote_error(gerr)) {
        g_autoptr(GError) copy = g_error_copy(gerr);

        name = g_dbus_error_get_remote_error(copy);
        g_dbus_error_strip_remote_error(copy);
        reason = g_strdup(copy->message);
    } else {
        reason = g_strdup(gerr->message);
        if (gerr->domain == G_DBUS_ERROR)
            name = g_dbus_error_encode_gerror(gerr);
    }

    code = virNetworkdClientErrorCode(name);
    if (!name && g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        code = VIR_ERR_OPERATION_TIMEOUT;
    else if (!name && g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_CLOSED))
        code = VIR_ERR_DAEMON_UNREACHABLE;
    virNetworkdClientReportError(op, subject, code, name, reason);
}


/**
 * virNetworkdClientConnect:
 *
 * Returns a reference on the system-bus connection (caller unrefs), or
 * NULL with an error reported.  The connection does not exit the process
 * when the bus goes away: a library must not do that to its caller.
 */
GDBusConnection *
virNetworkdClientConnect(void)
{
    g_autoptr(GError) gerr = NULL;
    GDBusConnection *conn;

    if (!(conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &gerr))) {
        virReportError(VIR_ERR_DAEMON_UNREACHABLE,
                       _("libvirt-networkd is not running: cannot connect to the system bus: %1$s"),
                       gerr->message);
        virErrorSetDetail("org.freedesktop.DBus.Error.NoServer");
        return NULL;
    }
    g_dbus_connection_set_exit_on_close(conn, FALSE);

    if (g_dbus_connection_is_closed(conn)) {
        virReportError(VIR_ERR_DAEMON_UNREACHABLE, "%s",
                       _("libvirt-networkd is not running: the system bus connection is closed"));
        virErrorSetDetail("org.freedesktop.DBus.Error.Disconnected");
        g_object_unref(conn);
        return NULL;
    }
    return conn;
}


/**
 * virNetworkdPortInfoFree:
 * @port: port description (may be NULL)
 *
 * Frees @port and the strings it owns.
 */
void
virNetworkdPortInfoFree(virNetworkdPortInfo *port)
{
    if (!port)
        return;
    g_free(port->path);
    g_free(port->uuid);
    g_free(port->ifname);
    g_free(port->plug);
    g_free(port->bridge);
    g_free(port->device);
    g_free(port->mode);
    g_free(port->mac);
    g_free(port->hostMac);
    g_free(port->ownerName);
    g_free(port->ownerUUID);
    g_free(port->bandwidthInbound);
    g_free(port->bandwidthOutbound);
    g_free(port->filter);
    g_free(port->filterIPs);
    g_free(port->learnedIPs);
    g_free(port->virtualport);
    g_free(port->interfaceId);
    g_free(port->ovnSwitch);
    g_free(port);
}


/**
 * virNetworkdPortCloseFds:
 * @fds: array of fds (may be NULL)
 * @nfds: its length
 *
 * Closes every fd in @fds that is >= 0 and frees the array.
 */
void
virNetworkdPortCloseFds(int *fds, size_t nfds)
{
    size_t i;

    if (!fds)
        return;
    for (i = 0; i < nfds; i++) {
        if (fds[i] >= 0)
            close(fds[i]);
    }
    g_free(fds);
}


/* Where the contract's fields live in virNetworkdPortInfo (the value's
 * kind follows from the field's D-Bus type); 0 for the fields a client
 * does not keep (path, at offset 0, is not a field). */
static const size_t virNetworkdPortInfoOffsets[VIR_NETWORKD_FIELD_LAST] = {
    [VIR_NETWORKD_FIELD_UUID] = offsetof(virNetworkdPortInfo, uuid),
    [VIR_NETWORKD_FIELD_UID] = offsetof(virNetworkdPortInfo, uid),
    [VIR_NETWORKD_FIELD_IFNAME] = offsetof(virNetworkdPortInfo, ifname),
    [VIR_NETWORKD_FIELD_PLUG] = offsetof(virNetworkdPortInfo, plug),
    [VIR_NETWORKD_FIELD_BRIDGE] = offsetof(virNetworkdPortInfo, bridge),
    [VIR_NETWORKD_FIELD_DEVICE] = offsetof(virNetworkdPortInfo, device),
    [VIR_NETWORKD_FIELD_MODE] = offsetof(virNetworkdPortInfo, mode),
    [VIR_NETWORKD_FIELD_MAC] = offsetof(virNetworkdPortInfo, mac),
    [VIR_NETWORKD_FIELD_HOST_MAC] = offsetof(virNetworkdPortInfo, hostMac),
    [VIR_NETWORKD_FIELD_MTU] = offsetof(virNetworkdPortInfo, mtu),
    [VIR_NETWORKD_FIELD_QUEUES] = offsetof(virNetworkdPortInfo, queues),
    [VIR_NETWORKD_FIELD_OWNER_NAME] = offsetof(virNetworkdPortInfo, ownerName),
    [VIR_NETWORKD_FIELD_OWNER_UUID] = offsetof(virNetworkdPortInfo, ownerUUID),
    [VIR_NETWORKD_FIELD_CREATED] = offsetof(virNetworkdPortInfo, created),
    [VIR_NETWORKD_FIELD_HOLDER_PID] = offsetof(virNetworkdPortInfo, holderPid),
    [VIR_NETWORKD_FIELD_BANDWIDTH_INBOUND] = offsetof(virNetworkdPortInfo, bandwidthInbound),
    [VIR_NETWORKD_FIELD_BANDWIDTH_OUTBOUND] = offsetof(virNetworkdPortInfo, bandwidthOutbound),
    [VIR_NETWORKD_FIELD_FILTER] = offsetof(virNetworkdPortInfo, filter),
    [VIR_NETWORKD_FIELD_FILTER_IPS] = offsetof(virNetworkdPortInfo, filterIPs),
    [VIR_NETWORKD_FIELD_LEARNED_IPS] = offsetof(virNetworkdPortInfo, learnedIPs),
    [VIR_NETWORKD_FIELD_VIRTUALPORT] = offsetof(virNetworkdPortInfo, virtualport),
    [VIR_NETWORKD_FIELD_INTERFACEID] = offsetof(virNetworkdPortInfo, interfaceId),
    [VIR_NETWORKD_FIELD_OVN_SWITCH] = offsetof(virNetworkdPortInfo, ovnSwitch),
};
G_STATIC_ASSERT(offsetof(virNetworkdPortInfo, path) == 0);


/**
 * virNetworkdClientVariantToUInt:
 * @value: a variant of any integer D-Bus type
 * @out: filled with its value
 *
 * Returns 0, or -1 when @value is not a non-negative integer (nothing
 * reported: the caller knows which field it was).
 */
static int
virNetworkdClientVariantToUInt(GVariant *value, guint64 *out)
{
    gint64 s = -1;

    switch (g_variant_classify(value)) {
    case G_VARIANT_CLASS_BYTE:
        *out = g_variant_get_byte(value);
        return 0;
    case G_VARIANT_CLASS_UINT16:
        *out = g_variant_get_uint16(value);
        return 0;
    case G_VARIANT_CLASS_UINT32:
        *out = g_variant_get_uint32(value);
        return 0;
    case G_VARIANT_CLASS_UINT64:
        *out = g_variant_get_uint64(value);
        return 0;
    case G_VARIANT_CLASS_INT16:
        s = g_variant_get_int16(value);
        break;
    case G_VARIANT_CLASS_INT32:
        s = g_variant_get_int32(value);
        break;
    case G_VARIANT_CLASS_INT64:
        s = g_variant_get_int64(value);
        break;
    case G_VARIANT_CLASS_BOOLEAN:
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_DOUBLE:
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
    case G_VARIANT_CLASS_ARRAY:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
        return -1;
    }
    if (s < 0)
        return -1;
    *out = s;
    return 0;
}


/**
 * virNetworkdPortInfoSetField:
 * @port: port being filled
 * @field: which field (one the client keeps)
 * @value: the daemon's value for it
 *
 * Returns 0, or -1 with an error reported when @value has the wrong type
 * (a daemon that does not speak the documented API).  Integers of any
 * D-Bus integer type are taken when they fit.
 */
static int
virNetworkdPortInfoSetField(virNetworkdPortInfo *port,
                            virNetworkdField field,
                            GVariant *value)
{
    const virNetworkdFieldInfo *info = virNetworkdFieldGet(field);
    char *member = (char *)port + virNetworkdPortInfoOffsets[field];
    guint64 num;

    switch (info->signature[0]) {
    case 's':
        if (!g_variant_is_of_type(value, G_VARIANT_TYPE_STRING) &&
            !g_variant_is_of_type(value, G_VARIANT_TYPE_OBJECT_PATH))
            break;
        g_free(*(char **)member);
        *(char **)member = g_variant_dup_string(value, NULL);
        return 0;
    case 'u':
        if (virNetworkdClientVariantToUInt(value, &num) < 0 || num > G_MAXUINT32)
            break;
        *(guint32 *)member = num;
        return 0;
    case 't':
        if (virNetworkdClientVariantToUInt(value, &num) < 0)
            break;
        *(guint64 *)member = num;
        return 0;
    case 'a':
        /* kept as text: bandwidth limits "average=N,peak=N,burst=N",
         * string lists comma separated */
        if (g_variant_is_of_type(value, G_VARIANT_TYPE(info->signature)) &&
            g_variant_is_of_type(value, G_VARIANT_TYPE("a{su}"))) {
            g_free(*(char **)member);
            *(char **)member = virNetworkdBandwidthFormat(value);
            return 0;
        }
        if (g_variant_is_of_type(value, G_VARIANT_TYPE(info->signature)) &&
            g_variant_is_of_type(value, G_VARIANT_TYPE_STRING_ARRAY)) {
            g_autofree const char **list = g_variant_get_strv(value, NULL);

            g_free(*(char **)member);
            *(char **)member = g_strjoinv(",", (char **)list);
            return 0;
        }
        break;
    }

    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("libvirt-networkd sent property '%1$s' with unexpected value %2$s"),
                   info->property ? info->property : info->key,
                   g_variant_get_type_string(value));
    return -1;
}


/**
 * virNetworkdPortInfoFill:
 * @port: port being filled
 * @dict: an a{sv} dictionary: Port properties or CreatePort's info
 * @info: @dict uses the info keys ("ifname") rather than property names
 *
 * Copies every entry of @dict the client keeps into @port; unknown entries
 * are ignored so a newer daemon can add some.  Returns 0 or -1 (reported).
 */
static int
virNetworkdPortInfoFill(virNetworkdPortInfo *port, GVariant *dict, bool info)
{
    size_t i;

    for (i = 0; i < VIR_NETWORKD_FIELD_LAST; i++) {
        const virNetworkdFieldInfo *field = virNetworkdFieldGet(i);
        const char *key = field->property;
        g_autoptr(GVariant) value = NULL;

        if (info)
            key = field->where & VIR_NETWORKD_FIELD_IN_INFO ? field->key : NULL;
        if (!key || !virNetworkdPortInfoOffsets[i])
            continue;
        value = g_variant_lookup_value(dict, key, NULL);
        if (value && virNetworkdPortInfoSetField(port, i, value) < 0)
            return -1;
    }
    return 0;
}


/**
 * virNetworkdPortInfoFetch:
 * @conn: bus connection
 * @path: Port object path
 * @op, @subject: for error messages
 *
 * Reads every property of the Port object at @path.  Returns a new port
 * (caller frees) or NULL with an error reported.
 */
static virNetworkdPortInfo *
virNetworkdPortInfoFetch(GDBusConnection *conn,
                     const char *path,
                     virNetworkdClientOp op,
                     const char *subject)
{
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariant) props = NULL;
    g_autoptr(virNetworkdPortInfo) port = g_new0(virNetworkdPortInfo, 1);

    reply = g_dbus_connection_call_sync(conn, VIR_NETWORKD_BUS_NAME, path,
                                        VIR_NETWORKD_PROPERTIES_INTERFACE, "GetAll",
                                        g_variant_new("(s)", VIR_NETWORKD_PORT_INTERFACE),
                                        G_VARIANT_TYPE("(a{sv})"),
                                        G_DBUS_CALL_FLAGS_NONE, -1, NULL, &gerr);
    if (!reply) {
        virNetworkdClientReportGError(op, subject ? subject : path, gerr);
        return NULL;
    }
    props = g_variant_get_child_value(reply, 0);

    port->path = g_strdup(path);
    if (virNetworkdPortInfoFill(port, props, false) < 0)
        return NULL;
    return g_steal_pointer(&port);
}


/**
 * virNetworkdClientTakeFds:
 * @handles: the reply's "ah" array
 * @fdlist: the fds that came with the reply (may be NULL)
 * @nfds: filled with the number of fds returned
 *
 * Picks the fds the handles name, in handle order, and marks them
 * close-on-exec.  Every fd of @fdlist that is not returned is closed.
 * Returns a new array (caller closes every fd and frees it, e.g. with
 * virNetworkdPortCloseFds()) or NULL with an error reported and every fd
 * closed.
 */
static int *
virNetworkdClientTakeFds(GVariant *handles, GUnixFDList *fdlist, size_t *nfds)
{
    gint nall = 0;
    int *all = NULL;
    int *fds = NULL;
    size_t n = g_variant_n_children(handles);
    size_t i;

    if (fdlist)
        all = g_unix_fd_list_steal_fds(fdlist, &nall);

    if (n == 0 || n > VIR_NETWORKD_QUEUES_MAX) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("libvirt-networkd returned %1$zu file descriptors"), n);
        goto error;
    }

    fds = g_new(int, n);
    for (i = 0; i < n; i++)
        fds[i] = -1;

    for (i = 0; i < n; i++) {
        gint32 h;

        g_variant_get_child(handles, i, "h", &h);
        if (h < 0 || h >= nall || all[h] < 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("libvirt-networkd returned an invalid fd handle %1$d"), h);
            goto error;
        }
        fds[i] = all[h];
        all[h] = -1;
        /* GDBus already receives with close-on-exec; make sure of it, as
         * these fds must reach only the process they are passed to. */
        if (fcntl(fds[i], F_SETFD, FD_CLOEXEC) < 0) {
            virReportSystemError(errno, "%s", _("cannot set close-on-exec on a tap fd"));
            goto error;
        }
    }

    virNetworkdPortCloseFds(all, nall);
    *nfds = n;
    return fds;

 error:
    virNetworkdPortCloseFds(all, nall);
    virNetworkdPortCloseFds(fds, n);
    return NULL;
}


/**
 * virNetworkdPortCreateFull:
 * @request: a{sv} CreatePort request (a floating reference is consumed)
 * @op: VIR_NETWORKD_CLIENT_OP_CREATE or _CREATE_ON_NETWORK, for errors
 * @subject: the bridge or network it names, for errors (may be NULL)
 * @port: filled with the new port's description (caller frees)
 * @fds: filled with a new array of tap fds, one per queue, close-on-exec
 *       (caller closes each and frees the array: virNetworkdPortCloseFds)
 * @nfds: filled with the length of @fds
 *
 * Asks libvirt-networkd for a port.  The daemon keeps no copy of the fds:
 * the port lives as long as the caller (or whoever it passes them to)
 * keeps one open.
 * @port is filled from the reply's info dictionary: its "created" is 0
 * (virNetworkdPortGet() reads it), its uid is this process's.
 *
 * Returns 0, or -1 with an error reported and nothing to free or close.
 */
static int
virNetworkdPortCreateFull(GVariant *request,
                          virNetworkdClientOp op,
                          const char *subject,
                          virNetworkdPortInfo **port,
                          int **fds,
                          size_t *nfds)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariant) handles = NULL;
    g_autoptr(GVariant) info = NULL;
    g_autoptr(GVariant) req = g_variant_ref_sink(request);
    g_autoptr(GUnixFDList) fdlist = NULL;
    g_autoptr(virNetworkdPortInfo) newport = NULL;
    g_autofree char *path = NULL;
    int *newfds = NULL;
    size_t nnewfds = 0;

    if (!(conn = virNetworkdClientConnect()))
        return -1;

    reply = g_dbus_connection_call_with_unix_fd_list_sync(conn,
                                                          VIR_NETWORKD_BUS_NAME,
                                                          VIR_NETWORKD_OBJECT_PATH,
                                                          VIR_NETWORKD_MANAGER_INTERFACE,
                                                          "CreatePort",
                                                          g_variant_new("(@a{sv})", req),
                                                          G_VARIANT_TYPE("(oaha{sv})"),
                                                          G_DBUS_CALL_FLAGS_NONE, -1,
                                                          NULL, &fdlist, NULL, &gerr);
    if (!reply) {
        virNetworkdClientReportGError(op, subject, gerr);
        return -1;
    }

    g_variant_get(reply, "(o@ah@a{sv})", &path, &handles, &info);
    if (!(newfds = virNetworkdClientTakeFds(handles, fdlist, &nnewfds)))
        return -1;

    newport = g_new0(virNetworkdPortInfo, 1);
    newport->path = g_strdup(path);
    /* The info dictionary leaves out what the caller already knows: the
     * port is its own (the bus reported this process's uid) and carries
     * the owner strings it sent. */
    newport->uid = geteuid();
    g_variant_lookup(req, virNetworkdFieldKey(VIR_NETWORKD_FIELD_OWNER_NAME), "s",
                     &newport->ownerName);
    g_variant_lookup(req, virNetworkdFieldKey(VIR_NETWORKD_FIELD_OWNER_UUID), "s",
                     &newport->ownerUUID);
    if (virNetworkdPortInfoFill(newport, info, true) < 0)
        goto error;

    /* The info dictionary is a convenience; the Port object is the truth.
     * Ask it only when the daemon left out what a caller needs. */
    if (!newport->uuid || !newport->ifname) {
        virNetworkdPortInfoFree(newport);
        if (!(newport = virNetworkdPortInfoFetch(conn, path, op, subject)))
            goto error;
    }

    *port = g_steal_pointer(&newport);
    *fds = newfds;
    *nfds = nnewfds;
    return 0;

 error:
    virNetworkdPortCloseFds(newfds, nnewfds);
    return -1;
}


/**
 * virNetworkdPortCreateVariant:
 * @request: a{sv} CreatePort request (a floating reference is consumed)
 * @bridge: the bridge it names, for error messages (may be NULL)
 * @port, @fds, @nfds: as for virNetworkdPortCreateFull()
 *
 * Tests use this directly to send malformed requests.
 * Returns 0, or -1 with an error reported and nothing to free or close.
 */
int
virNetworkdPortCreateVariant(GVariant *request,
                             const char *bridge,
                             virNetworkdPortInfo **port,
                             int **fds,
                             size_t *nfds)
{
    return virNetworkdPortCreateFull(request, VIR_NETWORKD_CLIENT_OP_CREATE, bridge,
                                     port, fds, nfds);
}


/**
 * virNetworkdPortCreate:
 * @req: what to ask for
 * @port, @fds, @nfds: as for virNetworkdPortCreateFull()
 *
 * An error names the network for plug "network", else the bridge.
 * Returns 0, or -1 with an error reported and nothing to free or close.
 */
int
virNetworkdPortCreate(const virNetworkdPortRequest *req,
                      virNetworkdPortInfo **port,
                      int **fds,
                      size_t *nfds)
{
    if (req->network)
        return virNetworkdPortCreateFull(virNetworkdPortRequestToVariant(req),
                                         VIR_NETWORKD_CLIENT_OP_CREATE_ON_NETWORK,
                                         req->network, port, fds, nfds);
    return virNetworkdPortCreateFull(virNetworkdPortRequestToVariant(req),
                                     VIR_NETWORKD_CLIENT_OP_CREATE, req->bridge,
                                     port, fds, nfds);
}


/**
 * virNetworkdPortInfoListEntry:
 * @conn: bus connection
 * @entry: one element of ListPorts' array: an object path, or a struct
 *         whose first object path names the port and whose a{sv} member,
 *         when present, carries its properties
 *
 * Returns a new port (caller frees) or NULL with an error reported.
 */
static virNetworkdPortInfo *
virNetworkdPortInfoListEntry(GDBusConnection *conn, GVariant *entry)
{
    g_autoptr(virNetworkdPortInfo) port = NULL;
    g_autoptr(GVariant) props = NULL;
    const char *path = NULL;
    size_t i;

    if (g_variant_is_of_type(entry, G_VARIANT_TYPE_OBJECT_PATH)) {
        path = g_variant_get_string(entry, NULL);
    } else if (g_variant_is_container(entry) &&
               g_variant_type_is_tuple(g_variant_get_type(entry))) {
        for (i = 0; i < g_variant_n_children(entry); i++) {
            g_autoptr(GVariant) child = g_variant_get_child_value(entry, i);

            if (!path && g_variant_is_of_type(child, G_VARIANT_TYPE_OBJECT_PATH))
                path = g_variant_get_string(child, NULL);
            else if (!props && g_variant_is_of_type(child, G_VARIANT_TYPE_VARDICT))
                props = g_steal_pointer(&child);
        }
    }

    if (!path) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("libvirt-networkd listed a port as %1$s"),
                       g_variant_get_type_string(entry));
        return NULL;
    }

    if (props) {
        port = g_new0(virNetworkdPortInfo, 1);
        port->path = g_strdup(path);
        if (virNetworkdPortInfoFill(port, props, false) < 0)
            return NULL;
        if (port->uuid)
            return g_steal_pointer(&port);
    }
    return virNetworkdPortInfoFetch(conn, path, VIR_NETWORKD_CLIENT_OP_LIST, NULL);
}


/**
 * virNetworkdPortList:
 * @flags: virNetworkdPortListFlags
 *
 * Lists ports: the daemon returns the caller's own, or every port when the
 * caller may see them all (org.libvirt.networkd.port.list-any); without
 * VIR_NETWORKD_PORT_LIST_ALL only ports whose UID is the caller's effective
 * uid are kept.  A port that disappears while it is being listed is left
 * out.
 *
 * Returns a new array of virNetworkdPortInfo (freeing the array frees them),
 * or NULL with an error reported.
 */
GPtrArray *
virNetworkdPortList(unsigned int flags)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariant) entries = NULL;
    g_autoptr(GPtrArray) ports = NULL;
    uid_t self = geteuid();
    size_t i;

    if (!(conn = virNetworkdClientConnect()))
        return NULL;

    reply = g_dbus_connection_call_sync(conn, VIR_NETWORKD_BUS_NAME,
                                        VIR_NETWORKD_OBJECT_PATH,
                                        VIR_NETWORKD_MANAGER_INTERFACE, "ListPorts",
                                        NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                                        NULL, &gerr);
    if (!reply) {
        virNetworkdClientReportGError(VIR_NETWORKD_CLIENT_OP_LIST, NULL, gerr);
        return NULL;
    }
    if (g_variant_n_children(reply) < 1 ||
        !g_variant_type_is_array(g_variant_get_type(entries = g_variant_get_child_value(reply, 0)))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("libvirt-networkd answered ListPorts with %1$s"),
                       g_variant_get_type_string(reply));
        return NULL;
    }

    ports = g_ptr_array_new_with_free_func((GDestroyNotify)virNetworkdPortInfoFree);
    for (i = 0; i < g_variant_n_children(entries); i++) {
        g_autoptr(GVariant) entry = g_variant_get_child_value(entries, i);
        g_autoptr(virNetworkdPortInfo) port = virNetworkdPortInfoListEntry(conn, entry);

        if (!port) {
            /* released between ListPorts and GetAll: not an error */
            if (virGetLastErrorCode() == VIR_ERR_NO_NETWORK_PORT) {
                virResetLastError();
                continue;
            }
            return NULL;
        }
        if (!(flags & VIR_NETWORKD_PORT_LIST_ALL) && port->uid != self)
            continue;
        g_ptr_array_add(ports, g_steal_pointer(&port));
    }
    return g_steal_pointer(&ports);
}


/**
 * virNetworkdClientPortPath:
 * @conn: bus connection
 * @uuid: port UUID
 * @op: what the caller does with it (for error messages)
 *
 * Returns the Port object path for @uuid (caller frees) or NULL with an
 * error reported.
 */
static char *
virNetworkdClientPortPath(GDBusConnection *conn,
                          const char *uuid,
                          virNetworkdClientOp op)
{
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) reply = NULL;
    unsigned char raw[VIR_UUID_BUFLEN];
    char *path = NULL;

    if (!uuid || virUUIDParse(uuid, raw) < 0) {
        virResetLastError();
        virReportError(VIR_ERR_INVALID_ARG, _("'%1$s' is not a port UUID"),
                       uuid ? uuid : "");
        return NULL;
    }

    reply = g_dbus_connection_call_sync(conn, VIR_NETWORKD_BUS_NAME,
                                        VIR_NETWORKD_OBJECT_PATH,
                                        VIR_NETWORKD_MANAGER_INTERFACE, "GetPort",
                                        g_variant_new("(s)", uuid),
                                        G_VARIANT_TYPE("(o)"),
                                        G_DBUS_CALL_FLAGS_NONE, -1, NULL, &gerr);
    if (!reply) {
        virNetworkdClientReportGError(op, uuid, gerr);
        return NULL;
    }
    g_variant_get(reply, "(o)", &path);
    return path;
}


/**
 * virNetworkdPortGet:
 * @uuid: port UUID
 *
 * Returns the port's description (caller frees) or NULL with an error
 * reported (VIR_ERR_NO_NETWORK_PORT when there is no such port).
 */
virNetworkdPortInfo *
virNetworkdPortGet(const char *uuid)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autofree char *path = NULL;

    if (!(conn = virNetworkdClientConnect()))
        return NULL;
    if (!(path = virNetworkdClientPortPath(conn, uuid, VIR_NETWORKD_CLIENT_OP_GET)))
        return NULL;
    return virNetworkdPortInfoFetch(conn, path, VIR_NETWORKD_CLIENT_OP_GET, uuid);
}


/**
 * virNetworkdPortDelete:
 * @uuid: port UUID
 *
 * Removes the port's device even if someone still holds its fds (they
 * then fail with EIO/EBADFD): the port is revoked.
 *
 * Returns 0, or -1 with an error reported.
 */
int
virNetworkdPortDelete(const char *uuid)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autofree char *path = NULL;

    if (!(conn = virNetworkdClientConnect()))
        return -1;
    if (!(path = virNetworkdClientPortPath(conn, uuid, VIR_NETWORKD_CLIENT_OP_DELETE)))
        return -1;

    reply = g_dbus_connection_call_sync(conn, VIR_NETWORKD_BUS_NAME, path,
                                        VIR_NETWORKD_PORT_INTERFACE, "Delete",
                                        NULL, G_VARIANT_TYPE_UNIT,
                                        G_DBUS_CALL_FLAGS_NONE, -1, NULL, &gerr);
    if (!reply) {
        virNetworkdClientReportGError(VIR_NETWORKD_CLIENT_OP_DELETE, uuid, gerr);
        return -1;
    }
    return 0;
}


/**
 * virNetworkdPortBindProcess:
 * @uuid: the port (plug "direct")
 * @pidfd: a pidfd of the process the port's fds were handed to (the
 *         caller keeps its copy)
 *
 * Ties the port's macvtap to that process: the daemon deletes it when
 * the process exits.  Returns 0, or -1 with an error reported.
 */
int
virNetworkdPortBindProcess(const char *uuid, int pidfd)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GUnixFDList) fdlist = g_unix_fd_list_new();
    g_autofree char *path = NULL;
    int handle;

    if (!(conn = virNetworkdClientConnect()))
        return -1;
    if (!(path = virNetworkdClientPortPath(conn, uuid, VIR_NETWORKD_CLIENT_OP_BIND)))
        return -1;
    if ((handle = g_unix_fd_list_append(fdlist, pidfd, &gerr)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, _("cannot pass a pidfd: %1$s"), gerr->message);
        return -1;
    }

    reply = g_dbus_connection_call_with_unix_fd_list_sync(
        conn, VIR_NETWORKD_BUS_NAME, path, VIR_NETWORKD_PORT_INTERFACE, "BindProcess",
        g_variant_new("(h)", handle), G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NONE, -1,
        fdlist, NULL, NULL, &gerr);
    if (!reply) {
        virNetworkdClientReportGError(VIR_NETWORKD_CLIENT_OP_BIND, uuid, gerr);
        return -1;
    }
    return 0;
}


/**
 * virNetworkdPortFormatCreated:
 * @created: microseconds since the Unix epoch
 *
 * Returns a new ISO 8601 UTC timestamp with microseconds (caller frees).
 */
char *
virNetworkdPortFormatCreated(guint64 created)
{
    g_autoptr(GDateTime) dt = NULL;
    g_autofree char *secs = NULL;

    if (!(dt = g_date_time_new_from_unix_utc(created / G_USEC_PER_SEC)))
        return g_strdup("-");
    secs = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S");
    return g_strdup_printf("%s.%06uZ", secs, (unsigned int)(created % G_USEC_PER_SEC));
}


/**
 * virNetworkdPortFormatRate:
 * Appends <@element key='N' .../> for one direction's limits as the
 * client keeps them ("key=N,key=N"); nothing when there are none.
 */
static void
virNetworkdPortFormatRate(GString *xml, const char *element, const char *limits)
{
    g_auto(GStrv) items = NULL;
    size_t i;

    if (!limits || !*limits)
        return;
    items = g_strsplit(limits, ",", 0);
    g_string_append_printf(xml, "    <%s", element);
    for (i = 0; items[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(items[i], "=", 2);
        g_autofree char *attr = NULL;

        if (!kv[0] || !kv[1])
            continue;
        attr = g_markup_printf_escaped(" %s='%s'", kv[0], kv[1]);
        g_string_append(xml, attr);
    }
    g_string_append(xml, "/>\n");
}

/**
 * virNetworkdPortFormatControls:
 * Appends the port's controls in force, as upstream writes them:
 * <bandwidth> and <filterref> with its IP parameters; then, which
 * upstream has no element for, the addresses the filter learned
 * (<learned><ip address=/></learned>), apart from the parameters so
 * that the document fed back as a request does not fix them.
 */
static void
virNetworkdPortFormatControls(GString *xml, const virNetworkdPortInfo *port)
{
    if ((port->bandwidthInbound && *port->bandwidthInbound) ||
        (port->bandwidthOutbound && *port->bandwidthOutbound)) {
        g_string_append(xml, "  <bandwidth>\n");
        virNetworkdPortFormatRate(xml, "inbound", port->bandwidthInbound);
        virNetworkdPortFormatRate(xml, "outbound", port->bandwidthOutbound);
        g_string_append(xml, "  </bandwidth>\n");
    }
    if (port->filter && *port->filter) {
        g_auto(GStrv) ips = g_strsplit(port->filterIPs ? port->filterIPs : "", ",", 0);
        g_autofree char *ref = g_markup_printf_escaped("  <filterref filter='%s'", port->filter);
        size_t i;

        g_string_append(xml, ref);
        g_string_append(xml, ips[0] ? ">\n" : "/>\n");
        for (i = 0; ips[i]; i++) {
            g_autofree char *param = g_markup_printf_escaped(
                "    <parameter name='IP' value='%s'/>\n", ips[i]);

            g_string_append(xml, param);
        }
        if (ips[0])
            g_string_append(xml, "  </filterref>\n");
    }
    if (port->learnedIPs && *port->learnedIPs) {
        g_auto(GStrv) ips = g_strsplit(port->learnedIPs, ",", 0);
        size_t i;

        g_string_append(xml, "  <learned>\n");
        for (i = 0; ips[i]; i++) {
            g_autofree char *ip = g_markup_printf_escaped("    <ip address='%s'/>\n", ips[i]);

            g_string_append(xml, ip);
        }
        g_string_append(xml, "  </learned>\n");
    }
}

/**
 * virNetworkdPortFormatXML:
 * @port: a port description
 *
 * Formats @port in the shape of upstream libvirt's <networkport> document
 * (uuid, owner, mac, plug, bandwidth and filterref in force), plus what
 * libvirt-networkd adds: the device's name on <plug dev=> (and a
 * macvtap's host interface and mode on device= and mode=), the MTU, the
 * number of queues, the creating uid and the creation time.  Empty
 * fields are left out.
 *
 * Returns a new string (caller frees).
 */
char *
virNetworkdPortFormatXML(const virNetworkdPortInfo *port)
{
    GString *xml = g_string_new("<networkport>\n");
    g_autofree char *created = virNetworkdPortFormatCreated(port->created);
    bool hasOwnerName = port->ownerName && *port->ownerName;
    bool hasOwnerUUID = port->ownerUUID && *port->ownerUUID;

    if (port->uuid) {
        g_autofree char *uuid = g_markup_printf_escaped("  <uuid>%s</uuid>\n", port->uuid);

        g_string_append(xml, uuid);
    }
    if (hasOwnerName || hasOwnerUUID) {
        g_string_append(xml, "  <owner>\n");
        if (hasOwnerName) {
            g_autofree char *name = g_markup_escape_text(port->ownerName, -1);

            g_string_append_printf(xml, "    <name>%s</name>\n", name);
        }
        if (hasOwnerUUID) {
            g_autofree char *uuid = g_markup_escape_text(port->ownerUUID, -1);

            g_string_append_printf(xml, "    <uuid>%s</uuid>\n", uuid);
        }
        g_string_append(xml, "  </owner>\n");
    }
    if (port->mac) {
        g_autofree char *mac = g_markup_printf_escaped("  <mac address='%s'/>\n", port->mac);

        g_string_append(xml, mac);
    }
    if (port->plug) {
        g_autofree char *plug = g_markup_printf_escaped("  <plug type='%s'", port->plug);

        g_string_append(xml, plug);
        if (port->bridge && *port->bridge) {
            g_autofree char *bridge = g_markup_printf_escaped(" bridge='%s'", port->bridge);

            g_string_append(xml, bridge);
        }
        if (port->ifname) {
            g_autofree char *dev = g_markup_printf_escaped(" dev='%s'", port->ifname);

            g_string_append(xml, dev);
        }
        if (port->device && *port->device) {
            g_autofree char *device = g_markup_printf_escaped(" device='%s' mode='%s'",
                                                              port->device,
                                                              port->mode ? port->mode : "");

            g_string_append(xml, device);
        }
        g_string_append(xml, "/>\n");
    }
    virNetworkdPortFormatControls(xml, port);
    if (port->mtu)
        g_string_append_printf(xml, "  <mtu size='%u'/>\n", port->mtu);
    if (port->queues)
        g_string_append_printf(xml, "  <driver queues='%u'/>\n", port->queues);
    g_string_append_printf(xml, "  <user uid='%u'/>\n", port->uid);
    if (port->created)
        g_string_append_printf(xml, "  <created>%s</created>\n", created);
    g_string_append(xml, "</networkport>\n");
    return g_string_free(xml, FALSE);
}
