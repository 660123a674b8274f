/*
 * networkd_client_sdbus.c: CreatePort and Delete for short-lived helpers
 *
 * See networkd_client_sdbus.h for why this exists beside networkd_client.c.
 *
 * virNetworkdSdBusOpen connects the socket (so a bus that is not there is
 * reported as such) but does not wait for the bus's reply to Hello: the
 * authentication, Hello and the first call go out back to back, and a
 * failure of the first two surfaces as the call's error.  File descriptors in
 * a reply belong to the reply message; the ones handed out are duplicates,
 * close-on-exec, and every error path closes them.
 */
#include "networkd_client_sdbus.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <systemd/sd-bus.h>

#define VIR_FROM_THIS VIR_FROM_NETWORKD

struct _virNetworkdSdBus {
    sd_bus *bus;
};


/**
 * virNetworkdSdBusReportError:
 * @op, @subject: what the call was doing, for the message
 * @r: the negative errno sd-bus returned
 * @err: the error it filled in
 *
 * A D-Bus error name goes through the shared mapping.  A local failure
 * (sd-bus names it "System.Error.E..." or leaves it unset) is classified
 * by its errno: a lost connection means the daemon is out of reach.
 */
static void
virNetworkdSdBusReportError(virNetworkdClientOp op,
                            const char *subject,
                            int r,
                            const sd_bus_error *err)
{
    const char *name = sd_bus_error_is_set(err) ? err->name : NULL;
    const char *reason = err->message ? err->message : g_strerror(-r);
    virErrorNumber code;

    if (name && g_str_has_prefix(name, "System.Error."))
        name = NULL;

    if (name) {
        code = virNetworkdClientErrorCode(name);
    } else {
        switch (-r) {
        case ETIMEDOUT:
            code = VIR_ERR_OPERATION_TIMEOUT;
            break;
        case ECONNRESET:
        case ENOTCONN:
        case EPIPE:
            code = VIR_ERR_DAEMON_UNREACHABLE;
            break;
        default:
            code = VIR_ERR_OPERATION_FAILED;
            break;
        }
    }
    virNetworkdClientReportError(op, subject, code, name, reason);
}


/**
 * virNetworkdSdBusOpen:
 *
 * Connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS, or the standard
 * socket).  Returns the connection or NULL with an error reported.
 */
virNetworkdSdBus *
virNetworkdSdBusOpen(void)
{
    g_autoptr(virNetworkdSdBus) conn = g_new0(virNetworkdSdBus, 1);
    int r;

    if ((r = sd_bus_open_system(&conn->bus)) < 0) {
        virReportError(VIR_ERR_DAEMON_UNREACHABLE,
                       _("libvirt-networkd is not running: cannot connect to the system bus: %1$s"),
                       g_strerror(-r));
        virErrorSetDetail("org.freedesktop.DBus.Error.NoServer");
        return NULL;
    }
    return g_steal_pointer(&conn);
}


/**
 * virNetworkdSdBusClose:
 * Flushes and closes the connection.  Accepts NULL.
 */
void
virNetworkdSdBusClose(virNetworkdSdBus *conn)
{
    if (!conn)
        return;
    sd_bus_flush_close_unref(conn->bus);
    g_free(conn);
}


/**
 * virNetworkdSdBusAppendRequest:
 * Appends the a{sv} that virNetworkdPortRequestToVariant() builds for
 * @req (one place knows which keys a request sends), entry by entry.
 * Returns 0 or a negative errno.
 */
static int
virNetworkdSdBusAppendRequest(sd_bus_message *m, const virNetworkdPortRequest *req)
{
    g_autoptr(GVariant) dict = g_variant_ref_sink(virNetworkdPortRequestToVariant(req));
    GVariantIter iter;
    const char *key;
    GVariant *value;
    int r;

    if ((r = sd_bus_message_open_container(m, 'a', "{sv}")) < 0)
        return r;
    g_variant_iter_init(&iter, dict);
    while (g_variant_iter_next(&iter, "{&sv}", &key, &value)) {
        g_autoptr(GVariant) v = value;

        if (g_variant_is_of_type(v, G_VARIANT_TYPE_STRING))
            r = sd_bus_message_append(m, "{sv}", key, "s", g_variant_get_string(v, NULL));
        else if (g_variant_is_of_type(v, G_VARIANT_TYPE_UINT32))
            r = sd_bus_message_append(m, "{sv}", key, "u", g_variant_get_uint32(v));
        else if (g_variant_is_of_type(v, G_VARIANT_TYPE_BOOLEAN))
            r = sd_bus_message_append(m, "{sv}", key, "b", (int)g_variant_get_boolean(v));
        else
            r = -EINVAL;
        if (r < 0)
            return r;
    }
    return sd_bus_message_close_container(m);
}


/**
 * virNetworkdSdBusReadFds:
 * Reads the reply's "ah" and duplicates each fd (close-on-exec) into a
 * new array.  Returns the number read (at least one, at most
 * VIR_NETWORKD_QUEUES_MAX) or -1 with an error reported and nothing open.
 */
static int
virNetworkdSdBusReadFds(sd_bus_message *reply, int **fds)
{
    g_autofree int *out = g_new(int, VIR_NETWORKD_QUEUES_MAX);
    int n = 0;
    int r;
    int fd;

    if ((r = sd_bus_message_enter_container(reply, 'a', "h")) < 0)
        goto malformed;
    while ((r = sd_bus_message_read(reply, "h", &fd)) > 0) {
        if (n == VIR_NETWORKD_QUEUES_MAX) {
            r = -E2BIG;
            goto malformed;
        }
        if ((out[n] = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0) {
            virReportSystemError(errno, "%s", _("cannot keep the tap file descriptor"));
            goto error;
        }
        n++;
    }
    if (r < 0 || (r = sd_bus_message_exit_container(reply)) < 0)
        goto malformed;
    if (n == 0) {
        r = -ENODATA;
        goto malformed;
    }
    *fds = g_steal_pointer(&out);
    return n;

 malformed:
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("libvirt-networkd sent a malformed CreatePort reply: %1$s"),
                   g_strerror(-r));
 error:
    while (n > 0)
        close(out[--n]);
    return -1;
}


/**
 * virNetworkdSdBusPortCreate:
 * @conn: from virNetworkdSdBusOpen()
 * @req: what to ask for
 * @path: filled with the Port's object path (caller frees)
 * @fds: filled with a new array of tap fds, one per queue, close-on-exec
 *       (caller closes each and frees the array)
 * @nfds: filled with the length of @fds
 *
 * Returns 0, or -1 with an error reported and nothing to free or close.
 */
int
virNetworkdSdBusPortCreate(virNetworkdSdBus *conn,
                           const virNetworkdPortRequest *req,
                           char **path,
                           int **fds,
                           size_t *nfds)
{
    sd_bus_error err = SD_BUS_ERROR_NULL;
    sd_bus_message *call = NULL;
    sd_bus_message *reply = NULL;
    const char *p = NULL;
    int n = -1;
    int r;

    if ((r = sd_bus_message_new_method_call(conn->bus, &call, VIR_NETWORKD_BUS_NAME,
                                            VIR_NETWORKD_OBJECT_PATH,
                                            VIR_NETWORKD_MANAGER_INTERFACE,
                                            "CreatePort")) < 0 ||
        (r = virNetworkdSdBusAppendRequest(call, req)) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, _("cannot build the CreatePort call: %1$s"),
                       g_strerror(-r));
        goto cleanup;
    }

    if ((r = sd_bus_call(conn->bus, call, 0, &err, &reply)) < 0) {
        virNetworkdSdBusReportError(VIR_NETWORKD_CLIENT_OP_CREATE, req->bridge, r, &err);
        goto cleanup;
    }

    if (!g_str_equal(sd_bus_message_get_signature(reply, true), "oaha{sv}") ||
        (r = sd_bus_message_read(reply, "o", &p)) < 0) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("libvirt-networkd sent a malformed CreatePort reply"));
        goto cleanup;
    }
    if ((n = virNetworkdSdBusReadFds(reply, fds)) < 0)
        goto cleanup;
    *path = g_strdup(p);
    *nfds = n;

 cleanup:
    sd_bus_message_unref(reply);
    sd_bus_message_unref(call);
    sd_bus_error_free(&err);
    return n < 0 ? -1 : 0;
}


/**
 * virNetworkdSdBusPortDelete:
 * @conn: from virNetworkdSdBusOpen()
 * @path: the Port's object path, as CreatePort returned it
 *
 * Revokes the port.  Returns 0, or -1 with an error reported.
 */
int
virNetworkdSdBusPortDelete(virNetworkdSdBus *conn, const char *path)
{
    sd_bus_error err = SD_BUS_ERROR_NULL;
    int r;

    r = sd_bus_call_method(conn->bus, VIR_NETWORKD_BUS_NAME, path,
                           VIR_NETWORKD_PORT_INTERFACE, "Delete", &err, NULL, "");
    if (r < 0)
        virNetworkdSdBusReportError(VIR_NETWORKD_CLIENT_OP_DELETE, path, r, &err);
    sd_bus_error_free(&err);
    return r < 0 ? -1 : 0;
}
