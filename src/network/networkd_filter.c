/*
 * networkd_filter.c: giving memory back after bursts of calls
 *
 * Theory of operation: oversized messages never reach GDBus
 * (networkd_relay.c refuses them before anything decodes them), but a
 * burst of ordinary calls — a flood of refused CreatePort calls, say —
 * still grows the heap, and glibc keeps freed memory for reuse.  A
 * connection filter, the first code of ours that sees each message (on
 * GDBus's worker thread), counts the bytes of incoming method calls;
 * once a MiB has come in, a trim (malloc_trim, every arena) runs two
 * seconds later on the main loop, so the daemon's RSS returns to its
 * idle size after a burst instead of keeping its peak for good.
 *
 * The filter holds a reference of its own: GDBus may still run it for a
 * moment after it is removed.
 */
#include "networkd_filter.h"

#include <malloc.h>

/* incoming bytes of method calls after which memory is given back */
#define VIR_NETWORKD_FILTER_TRIM_BYTES (1024 * 1024)
/* seconds after such a burst: let it end first */
#define VIR_NETWORKD_FILTER_TRIM_DELAY 2

struct _virNetworkdFilter {
    gint bytesSinceTrim;     /* atomic: the worker thread adds, the main loop clears */
    gint trimScheduled;      /* atomic */
    GDBusConnection *conn;
    guint filterId;
};

/**
 * virNetworkdFilterNew:
 * Returns a filter (free with virNetworkdFilterFree), not yet attached.
 */
virNetworkdFilter *
virNetworkdFilterNew(void)
{
    return g_atomic_rc_box_new0(virNetworkdFilter);
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
 * GDBus connection filter (worker thread): counts incoming method calls'
 * bytes and lets every message through.
 */
static GDBusMessage *
virNetworkdFilterMessage(GDBusConnection *conn G_GNUC_UNUSED,
                         GDBusMessage *msg,
                         gboolean incoming,
                         gpointer opaque)
{
    GVariant *body;

    if (incoming && g_dbus_message_get_message_type(msg) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
        virNetworkdFilterNoteBytes(opaque, (body = g_dbus_message_get_body(msg)) ?
                                           g_variant_get_size(body) : 0);
    return msg;
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
