/*
 * networkd_filter.c: what the daemon refuses before a call is dispatched
 * (oversized messages), and giving memory back after bursts
 *
 * Theory of operation: no request of the API needs more than a few
 * hundred bytes, but the bus lets anyone send the daemon a message of up
 * to its max_message_size (32 MiB on the system bus), and that limit is
 * bus-wide: the daemon cannot ship a lower one for its own name, and
 * dbus-daemon's <policy> rules have no size attribute.  GDBus reads and
 * decodes every message completely on its worker thread before anything
 * of ours sees it — a 24 MB a{sv} of 10^6 keys costs about 2.8 s and
 * 500 MB there, and cannot be refused earlier without replacing GDBus's
 * transport.  What the daemon can do, it does here:
 *
 *   * a connection filter, the first code of ours that sees a message
 *     (still on the worker thread), answers a method call larger than
 *     max_message_bytes with QuotaExceeded and drops it: the request
 *     parser never walks it, no call record is made, and the decoded
 *     message is freed at once instead of travelling to the main loop;
 *   * the memory such a message (or a burst of ordinary calls) took is
 *     given back to the kernel: once a MiB of calls has come in, a trim
 *     (malloc_trim, every arena) runs two seconds later on the main
 *     loop, so the daemon's RSS returns to its idle size after a burst
 *     instead of keeping its peak for good.
 *
 * The filter holds a reference of its own: GDBus may still run it for a
 * moment after it is removed.
 */
#include "networkd_filter.h"
#include "networkd_protocol.h"

#include <malloc.h>

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_DBUS

/* incoming bytes of method calls after which memory is given back */
#define VIR_NETWORKD_FILTER_TRIM_BYTES (1024 * 1024)
/* seconds after such a burst: let it end first */
#define VIR_NETWORKD_FILTER_TRIM_DELAY 2

struct _virNetworkdFilter {
    unsigned int maxMessageBytes;
    gint bytesSinceTrim;     /* atomic: the worker thread adds, the main loop clears */
    gint trimScheduled;      /* atomic */
    GDBusConnection *conn;
    guint filterId;
};

/**
 * virNetworkdFilterNew:
 * @maxMessageBytes: the largest method call the daemon reads
 *
 * Returns a filter (free with virNetworkdFilterFree), not yet attached.
 */
virNetworkdFilter *
virNetworkdFilterNew(unsigned int maxMessageBytes)
{
    virNetworkdFilter *filter = g_atomic_rc_box_new0(virNetworkdFilter);

    filter->maxMessageBytes = maxMessageBytes;
    return filter;
}

/**
 * virNetworkdFilterUnref:
 * Drops one reference of @filter (GDestroyNotify).
 */
static void
virNetworkdFilterUnref(gpointer filter)
{
    g_atomic_rc_box_release(filter);
}

/**
 * virNetworkdFilterTrim:
 * Main loop, a while after a burst: gives free heap memory back.
 */
static gboolean
virNetworkdFilterTrim(gpointer opaque)
{
    virNetworkdFilter *filter = opaque;

    g_atomic_int_set(&filter->bytesSinceTrim, 0);
    g_atomic_int_set(&filter->trimScheduled, 0);
    malloc_trim(0);
    g_debug("memory given back after a burst");
    return G_SOURCE_REMOVE;
}

/**
 * virNetworkdFilterNoteBytes:
 * Counts @bytes of incoming calls; past the threshold, schedules one
 * trim on the main loop.  Any thread.
 */
static void
virNetworkdFilterNoteBytes(virNetworkdFilter *filter, gsize bytes)
{
    gint add = bytes > G_MAXINT / 2 ? G_MAXINT / 2 : (gint)bytes;
    gint before = g_atomic_int_add(&filter->bytesSinceTrim, add);

    /* saturate: the counter only has to pass the threshold */
    if (before > G_MAXINT / 2)
        g_atomic_int_set(&filter->bytesSinceTrim, G_MAXINT / 2);
    if ((gsize)before + add < VIR_NETWORKD_FILTER_TRIM_BYTES ||
        !g_atomic_int_compare_and_exchange(&filter->trimScheduled, 0, 1))
        return;
    g_timeout_add_seconds_full(G_PRIORITY_LOW, VIR_NETWORKD_FILTER_TRIM_DELAY,
                               virNetworkdFilterTrim,
                               g_atomic_rc_box_acquire(filter), virNetworkdFilterUnref);
}

/**
 * virNetworkdFilterMessage:
 * GDBus connection filter (worker thread).  Returns @msg to let it
 * through, or NULL when it is an oversized method call, which is
 * answered QuotaExceeded here (unless no reply is expected) and freed.
 */
static GDBusMessage *
virNetworkdFilterMessage(GDBusConnection *conn,
                         GDBusMessage *msg,
                         gboolean incoming,
                         gpointer opaque)
{
    virNetworkdFilter *filter = opaque;
    GVariant *body;
    gsize size;

    if (!incoming || g_dbus_message_get_message_type(msg) != G_DBUS_MESSAGE_TYPE_METHOD_CALL)
        return msg;
    size = (body = g_dbus_message_get_body(msg)) ? g_variant_get_size(body) : 0;
    virNetworkdFilterNoteBytes(filter, size);
    if (size <= filter->maxMessageBytes)
        return msg;

    g_debug("%s: %s.%s of %zu bytes refused (max_message_bytes %u)",
            g_dbus_message_get_sender(msg), g_dbus_message_get_interface(msg),
            g_dbus_message_get_member(msg), size, filter->maxMessageBytes);
    if (!(g_dbus_message_get_flags(msg) & G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED)) {
        g_autofree char *text = g_strdup_printf(_("a message of %1$zu bytes is larger than the daemon reads (max_message_bytes %2$u)"),
                                                size, filter->maxMessageBytes);
        g_autoptr(GDBusMessage) reply =
            g_dbus_message_new_method_error_literal(msg,
                                                    virNetworkdErrorName(VIR_NETWORKD_ERROR_QUOTA_EXCEEDED),
                                                    text);

        g_dbus_connection_send_message(conn, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
    }
    g_object_unref(msg);
    return NULL;
}

/**
 * virNetworkdFilterAttach:
 * Filters every message of @conn from now on (before any object is
 * exported, so no call escapes it).
 */
void
virNetworkdFilterAttach(virNetworkdFilter *filter, GDBusConnection *conn)
{
    filter->conn = g_object_ref(conn);
    filter->filterId = g_dbus_connection_add_filter(conn, virNetworkdFilterMessage,
                                                    g_atomic_rc_box_acquire(filter),
                                                    virNetworkdFilterUnref);
}

/**
 * virNetworkdFilterFree:
 * Detaches and drops the caller's reference.  Accepts NULL.
 */
void
virNetworkdFilterFree(virNetworkdFilter *filter)
{
    if (!filter)
        return;
    if (filter->conn) {
        g_dbus_connection_remove_filter(filter->conn, filter->filterId);
        g_clear_object(&filter->conn);
    }
    g_atomic_rc_box_release(filter);
}
