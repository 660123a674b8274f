/*
 * networkdrelaytest.c: the bus relay and the framing it reads
 *
 * Without root.  The framing cases feed networkd_busframe.c messages that
 * GDBus itself marshals, in both byte orders, and broken ones.  The relay
 * cases start a private dbus-daemon (the session configuration) and a
 * "daemon" connection through the relay, served on a thread of its own,
 * and a client connected to the bus directly: ordinary calls and a reply
 * carrying a descriptor pass; a call over the limit, a call carrying a
 * descriptor and an oversized unicast signal never reach the daemon
 * connection (its filter counts what arrives), the calls are answered
 * QuotaExceeded by the relay, and the framing holds afterwards.  A call
 * with one descriptor (as Port.BindProcess's pidfd) reaches the daemon
 * with it; two are refused.
 */
#include "testutils.h"
#include "testbus.h"
#include "networkd_busframe.h"
#include "networkd_protocol.h"
#include "networkd_relay.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gio/gunixfdlist.h>

#define TEST_NAME "org.libvirt.RelayTest"
#define TEST_PATH "/org/libvirt/RelayTest"
#define TEST_IFACE "org.libvirt.RelayTest"
#define TEST_LIMIT 4096

/* --- framing ------------------------------------------------------------- */

/**
 * testBlob:
 * A method call as GDBus marshals it, in @order, with @fds descriptors
 * declared and a string body of @bodyLen bytes.
 */
static guchar *
testBlob(GDBusMessageByteOrder order, guint32 fds, gsize bodyLen, gsize *size)
{
    g_autoptr(GDBusMessage) msg = g_dbus_message_new_method_call(TEST_NAME, TEST_PATH,
                                                                 TEST_IFACE, "Echo");
    g_autofree char *body = g_strnfill(bodyLen, 'x');

    g_dbus_message_set_byte_order(msg, order);
    g_dbus_message_set_sender(msg, ":1.42");
    g_dbus_message_set_serial(msg, 77);
    g_dbus_message_set_flags(msg, G_DBUS_MESSAGE_FLAGS_NO_AUTO_START);
    g_dbus_message_set_body(msg, g_variant_new("(s)", body));
    if (fds) {
        g_autoptr(GUnixFDList) list = g_unix_fd_list_new();
        guint32 i;

        for (i = 0; i < fds; i++) {
            int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

            g_unix_fd_list_append(list, fd, NULL);
            close(fd);
        }
        g_dbus_message_set_unix_fd_list(msg, list);
    }
    return g_dbus_message_to_blob(msg, size, G_DBUS_CAPABILITY_FLAGS_UNIX_FD_PASSING, NULL);
}

/**
 * testFrameOrder:
 * Both byte orders: size, serial, flags, sender and descriptor count.
 */
static int
testFrameOrder(const void *opaque)
{
    GDBusMessageByteOrder order = GPOINTER_TO_INT(opaque);
    gsize size;
    g_autofree guchar *blob = testBlob(order, 3, 1000, &size);
    virNetworkdBusFrame frame;
    virNetworkdBusFields fields;

    if (virNetworkdBusFrameParse(blob, size, &frame) < 0 ||
        frame.totalBytes != size || frame.serial != 77 ||
        frame.type != VIR_NETWORKD_BUS_METHOD_CALL ||
        frame.bigEndian != (order == G_DBUS_MESSAGE_BYTE_ORDER_BIG_ENDIAN) ||
        frame.headerBytes % 8 != 0 || frame.headerBytes >= size) {
        fprintf(stderr, "frame: total %" G_GUINT64_FORMAT " of %zu, serial %u\n",
                frame.totalBytes, size, frame.serial);
        return -1;
    }
    if (virNetworkdBusFieldsParse(&frame, blob, frame.headerBytes, &fields) < 0)
        return -1;
    if (g_strcmp0(fields.sender, ":1.42") != 0 || fields.unixFds != 3) {
        fprintf(stderr, "fields: sender %s, fds %u\n", fields.sender, fields.unixFds);
        virNetworkdBusFieldsClear(&fields);
        return -1;
    }
    virNetworkdBusFieldsClear(&fields);
    /* the fixed part alone gives the size; the fields need the header */
    if (virNetworkdBusFrameParse(blob, VIR_NETWORKD_BUS_FIXED_BYTES, &frame) < 0 ||
        frame.totalBytes != size ||
        virNetworkdBusFieldsParse(&frame, blob, frame.headerBytes - 1, &fields) == 0)
        return -1;
    return 0;
}

/**
 * testFrameBroken:
 * Not a message: byte order mark, version, sizes past the protocol's
 * ceiling, header fields that run past their array or use other types.
 */
static int
testFrameBroken(const void *opaque G_GNUC_UNUSED)
{
    gsize size;
    g_autofree guchar *blob = testBlob(G_DBUS_MESSAGE_BYTE_ORDER_LITTLE_ENDIAN, 0, 10, &size);
    g_autofree guchar *copy = NULL;
    virNetworkdBusFrame frame;
    virNetworkdBusFields fields;
    guint32 huge = GUINT32_TO_LE(VIR_NETWORKD_BUS_MAX_MESSAGE);
    int ret = 0;

    copy = g_memdup2(blob, size);
    copy[0] = 'x';
    if (virNetworkdBusFrameParse(copy, size, &frame) == 0)
        ret = -1;
    memcpy(copy, blob, size);
    copy[3] = 2;
    if (virNetworkdBusFrameParse(copy, size, &frame) == 0)
        ret = -1;
    memcpy(copy, blob, size);
    memcpy(copy + 4, &huge, 4);
    if (virNetworkdBusFrameParse(copy, size, &frame) == 0)
        ret = -1;
    if (virNetworkdBusFrameParse(blob, VIR_NETWORKD_BUS_FIXED_BYTES - 1, &frame) == 0)
        ret = -1;

    /* the first field's signature claims two types */
    memcpy(copy, blob, size);
    if (virNetworkdBusFrameParse(copy, size, &frame) < 0)
        return -1;
    copy[VIR_NETWORKD_BUS_FIXED_BYTES + 1] = 2;
    if (virNetworkdBusFieldsParse(&frame, copy, size, &fields) == 0) {
        virNetworkdBusFieldsClear(&fields);
        ret = -1;
    }
    /* a string field whose length runs past the array */
    memcpy(copy, blob, size);
    memset(copy + VIR_NETWORKD_BUS_FIXED_BYTES + 4, 0x7f, 4);
    if (virNetworkdBusFieldsParse(&frame, copy, size, &fields) == 0) {
        virNetworkdBusFieldsClear(&fields);
        ret = -1;
    }
    return ret;
}

/* --- the relay ----------------------------------------------------------- */

static GDBusNodeInfo *testNode;
static gint testDelivered;      /* method calls and signals that reached the daemon */

typedef struct {
    char *relayAddress;
    GMainContext *ctx;
    GMainLoop *loop;
    GDBusConnection *conn;
    GMutex lock;
    GCond ready;
    bool up;
} testDaemon;

/**
 * testDaemonCall:
 * Echo(s) -> (s); Fd() -> (h), a descriptor of /dev/null; CountFds(h) ->
 * (u), how many descriptors came with the call.
 */
static void
testDaemonCall(GDBusConnection *conn G_GNUC_UNUSED, const char *sender G_GNUC_UNUSED,
               const char *path G_GNUC_UNUSED, const char *iface G_GNUC_UNUSED,
               const char *method, GVariant *params, GDBusMethodInvocation *inv,
               gpointer opaque G_GNUC_UNUSED)
{
    if (g_str_equal(method, "Echo")) {
        const char *text;

        g_variant_get(params, "(&s)", &text);
        g_dbus_method_invocation_return_value(inv, g_variant_new("(s)", text));
    } else if (g_str_equal(method, "CountFds")) {
        GUnixFDList *in = g_dbus_message_get_unix_fd_list(g_dbus_method_invocation_get_message(inv));

        g_dbus_method_invocation_return_value(inv, g_variant_new("(u)",
                                                                 in ? g_unix_fd_list_get_length(in) : 0));
    } else {
        g_autoptr(GUnixFDList) fds = g_unix_fd_list_new();
        int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

        g_unix_fd_list_append(fds, fd, NULL);
        close(fd);
        g_dbus_method_invocation_return_value_with_unix_fd_list(inv, g_variant_new("(h)", 0), fds);
    }
}

/**
 * testDaemonFilter:
 * Counts the method calls and signals of the test that reach the daemon.
 */
static GDBusMessage *
testDaemonFilter(GDBusConnection *conn G_GNUC_UNUSED, GDBusMessage *msg,
                 gboolean incoming, gpointer opaque G_GNUC_UNUSED)
{
    if (incoming && g_strcmp0(g_dbus_message_get_interface(msg), TEST_IFACE) == 0)
        g_atomic_int_inc(&testDelivered);
    return msg;
}

/**
 * testDaemonRun:
 * The "daemon": connects through the relay, owns TEST_NAME, serves.
 */
static gpointer
testDaemonRun(gpointer opaque)
{
    testDaemon *d = opaque;
    static const GDBusInterfaceVTable vtable = { .method_call = testDaemonCall };
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) owned = NULL;

    g_main_context_push_thread_default(d->ctx);
    d->conn = g_dbus_connection_new_for_address_sync(d->relayAddress,
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, &gerr);
    if (d->conn) {
        g_dbus_connection_add_filter(d->conn, testDaemonFilter, NULL, NULL);
        g_dbus_connection_register_object(d->conn, TEST_PATH, testNode->interfaces[0],
                                          &vtable, NULL, NULL, NULL);
        owned = g_dbus_connection_call_sync(d->conn, "org.freedesktop.DBus",
                                            "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                            "RequestName", g_variant_new("(su)", TEST_NAME, 4),
                                            NULL, 0, -1, NULL, &gerr);
    }
    if (!owned)
        fprintf(stderr, "daemon: %s\n", gerr ? gerr->message : "?");
    g_mutex_lock(&d->lock);
    d->up = owned != NULL;
    g_cond_signal(&d->ready);
    g_mutex_unlock(&d->lock);
    if (owned)
        g_main_loop_run(d->loop);
    g_main_context_pop_thread_default(d->ctx);
    return NULL;
}

/**
 * testCall:
 * Calls @method on the daemon from @client with @args and @fds.
 * Returns the reply, or NULL with @err set.
 */
static GVariant *
testCall(GDBusConnection *client, const char *method, GVariant *args, GUnixFDList *fds,
         GUnixFDList **outFds, GError **err)
{
    return g_dbus_connection_call_with_unix_fd_list_sync(client, TEST_NAME, TEST_PATH, TEST_IFACE,
                                                        method, args, NULL,
                                                        G_DBUS_CALL_FLAGS_NONE, 10000,
                                                        fds, outFds, NULL, err);
}

/**
 * testRefused:
 * @gerr must be the relay's QuotaExceeded, and nothing must have reached
 * the daemon since @before.
 */
static int
testRefused(const char *what, GVariant *reply, GError *gerr, gint before)
{
    g_autofree char *name = gerr ? g_dbus_error_get_remote_error(gerr) : NULL;

    if (reply || g_strcmp0(name, virNetworkdErrorName(VIR_NETWORKD_ERROR_QUOTA_EXCEEDED)) != 0) {
        fprintf(stderr, "%s: expected QuotaExceeded, got %s\n", what,
                reply ? "a reply" : gerr ? gerr->message : "nothing");
        return -1;
    }
    if (g_atomic_int_get(&testDelivered) != before) {
        fprintf(stderr, "%s: reached the daemon\n", what);
        return -1;
    }
    return 0;
}

/**
 * testRelay:
 * Everything through one relay, in order, so the framing is shown to
 * survive each refusal.
 */
static int
testRelay(const void *opaque)
{
    const char *busAddress = opaque;
    g_autoptr(virNetworkdRelay) relay = NULL;
    g_autoptr(GDBusConnection) client = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GUnixFDList) outFds = NULL;
    g_autoptr(GUnixFDList) inFds = g_unix_fd_list_new();
    g_autofree char *big = g_strnfill(TEST_LIMIT * 4, 'y');
    testDaemon d = { 0 };
    GThread *thread;
    guint32 count;
    gint before;
    int ret = -1;
    int fd;

    if (!(relay = virNetworkdRelayNew(busAddress, TEST_LIMIT)))
        return -1;
    virNetworkdRelayStart(relay);
    d.relayAddress = g_strdup(virNetworkdRelayGetAddress(relay));
    d.ctx = g_main_context_new();
    d.loop = g_main_loop_new(d.ctx, FALSE);
    g_mutex_init(&d.lock);
    g_cond_init(&d.ready);
    thread = g_thread_new("daemon", testDaemonRun, &d);
    g_mutex_lock(&d.lock);
    /* the thread signals once, up or not */
    g_cond_wait_until(&d.ready, &d.lock, g_get_monotonic_time() + 20 * G_TIME_SPAN_SECOND);
    g_mutex_unlock(&d.lock);
    if (!d.up) {
        fprintf(stderr, "the daemon connection did not come up through the relay\n");
        goto cleanup;
    }

    if (!(client = g_dbus_connection_new_for_address_sync(busAddress,
                                                          G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                          NULL, NULL, &gerr))) {
        fprintf(stderr, "client: %s\n", gerr->message);
        goto cleanup;
    }

    /* an ordinary call, and a reply with a descriptor, pass */
    if (!(reply = testCall(client, "Echo", g_variant_new("(s)", "hello"), NULL, NULL, &gerr)) ||
        !g_variant_is_of_type(reply, G_VARIANT_TYPE("(s)"))) {
        fprintf(stderr, "echo: %s\n", gerr ? gerr->message : "wrong type");
        goto cleanup;
    }
    g_clear_pointer(&reply, g_variant_unref);
    if (!(reply = testCall(client, "Fd", NULL, NULL, &outFds, &gerr)) ||
        !outFds || g_unix_fd_list_get_length(outFds) != 1) {
        fprintf(stderr, "fd: %s\n", gerr ? gerr->message : "no descriptor in the reply");
        goto cleanup;
    }
    g_clear_pointer(&reply, g_variant_unref);

    /* over the limit: answered by the relay, never delivered */
    before = g_atomic_int_get(&testDelivered);
    reply = testCall(client, "Echo", g_variant_new("(s)", big), NULL, NULL, &gerr);
    if (testRefused("oversized call", reply, gerr, before) < 0)
        goto cleanup;
    g_clear_error(&gerr);

    /* one descriptor (Port.BindProcess's pidfd) passes with its call */
    fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    g_unix_fd_list_append(inFds, fd, NULL);
    if (!(reply = testCall(client, "CountFds", g_variant_new("(h)", 0), inFds, NULL, &gerr))) {
        fprintf(stderr, "one descriptor: %s\n", gerr->message);
        close(fd);
        goto cleanup;
    }
    g_variant_get(reply, "(u)", &count);
    if (count != 1) {
        fprintf(stderr, "one descriptor: the daemon got %u\n", count);
        close(fd);
        goto cleanup;
    }
    g_clear_pointer(&reply, g_variant_unref);
    before = g_atomic_int_get(&testDelivered);

    /* two: more than any call of the API takes */
    g_unix_fd_list_append(inFds, fd, NULL);
    close(fd);
    reply = testCall(client, "CountFds", g_variant_new("(h)", 0), inFds, NULL, &gerr);
    if (testRefused("call with two descriptors", reply, gerr, before) < 0)
        goto cleanup;
    g_clear_error(&gerr);

    /* an oversized unicast signal: dropped without a word */
    if (!g_dbus_connection_emit_signal(client, TEST_NAME, TEST_PATH, TEST_IFACE, "Noise",
                                       g_variant_new("(s)", big), &gerr)) {
        fprintf(stderr, "signal: %s\n", gerr->message);
        goto cleanup;
    }

    /* the framing held: the next call is served, and is the first
     * delivery since the refusals (the signal went before it) */
    if (!(reply = testCall(client, "Echo", g_variant_new("(s)", "again"), NULL, NULL, &gerr))) {
        fprintf(stderr, "after the refusals: %s\n", gerr->message);
        goto cleanup;
    }
    if (g_atomic_int_get(&testDelivered) != before + 1) {
        fprintf(stderr, "%d deliveries after the refusals, expected 1\n",
                g_atomic_int_get(&testDelivered) - before);
        goto cleanup;
    }
    if (virNetworkdRelayGetRefused(relay) != 3) {
        fprintf(stderr, "the relay counted %u refusals, expected 3\n",
                virNetworkdRelayGetRefused(relay));
        goto cleanup;
    }
    ret = 0;

 cleanup:
    g_main_loop_quit(d.loop);
    g_thread_join(thread);
    if (d.conn) {
        g_dbus_connection_close_sync(d.conn, NULL, NULL);
        g_object_unref(d.conn);
    }
    if (client)
        g_dbus_connection_close_sync(client, NULL, NULL);
    g_clear_object(&client);
    /* what GDBus queued for either side before it closed */
    while (g_main_context_iteration(d.ctx, FALSE))
        ;
    while (g_main_context_iteration(NULL, FALSE))
        ;
    g_main_loop_unref(d.loop);
    g_main_context_unref(d.ctx);
    g_mutex_clear(&d.lock);
    g_cond_clear(&d.ready);
    g_free(d.relayAddress);
    return ret;
}

/**
 * testRelayStranger:
 * The relay's socket takes no connection from another process.
 */
static int
testRelayStranger(const void *opaque)
{
    const char *busAddress = opaque;
    g_autoptr(virNetworkdRelay) relay = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) gerr = NULL;
    int status = 0;
    char *argv[] = { (char *)"gdbus", (char *)"call", (char *)"--address", NULL,
                     (char *)"--dest", (char *)"org.freedesktop.DBus",
                     (char *)"--object-path", (char *)"/org/freedesktop/DBus",
                     (char *)"--method", (char *)"org.freedesktop.DBus.GetId",
                     (char *)"--timeout", (char *)"5", NULL };
    g_autofree char *gdbus = g_find_program_in_path("gdbus");

    if (!gdbus) {
        printf("(gdbus missing: the stranger case is not run)\n");
        return 0;
    }
    if (!(relay = virNetworkdRelayNew(busAddress, TEST_LIMIT)))
        return -1;
    virNetworkdRelayStart(relay);
    argv[3] = (char *)virNetworkdRelayGetAddress(relay);
    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                      &status, &gerr)) {
        fprintf(stderr, "%s\n", gerr->message);
        return -1;
    }
    if (g_spawn_check_wait_status(status, NULL)) {
        fprintf(stderr, "another process went through the relay: %s\n", out);
        return -1;
    }
    return 0;
}

static int
mymain(void)
{
    g_autoptr(GSubprocess) bus = NULL;
    const char *address;
    bool missing;
    int ret = 0;

    if (virTestRun("framing: little-endian", testFrameOrder,
                   GINT_TO_POINTER(G_DBUS_MESSAGE_BYTE_ORDER_LITTLE_ENDIAN)) < 0)
        ret = -1;
    if (virTestRun("framing: big-endian", testFrameOrder,
                   GINT_TO_POINTER(G_DBUS_MESSAGE_BYTE_ORDER_BIG_ENDIAN)) < 0)
        ret = -1;
    if (virTestRun("framing: broken messages", testFrameBroken, NULL) < 0)
        ret = -1;

    if (!(bus = virTestBusStart(&missing))) {
        if (missing && ret == 0)
            return EXIT_AM_SKIP;
        return -1;
    }
    address = g_getenv("DBUS_SYSTEM_BUS_ADDRESS");
    testNode = g_dbus_node_info_new_for_xml(
        "<node><interface name='" TEST_IFACE "'>"
        "<method name='Echo'><arg type='s' direction='in'/><arg type='s' direction='out'/></method>"
        "<method name='Fd'><arg type='h' direction='out'/></method>"
        "<method name='CountFds'><arg type='h' direction='in'/><arg type='u' direction='out'/></method>"
        "</interface></node>", NULL);
    if (virTestRun("relay: calls, descriptors and refusals", testRelay, address) < 0)
        ret = -1;
    if (virTestRun("relay: no other process", testRelayStranger, address) < 0)
        ret = -1;
    g_subprocess_force_exit(bus);
    g_subprocess_wait(bus, NULL, NULL);
    g_dbus_node_info_unref(testNode);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
