/*
 * qemu_monitor.c: a small synchronous QMP client
 *
 * See qemu_monitor.h for the protocol summary.  The fd is non-blocking and
 * every read or write waits in poll() with the remaining time of the current
 * deadline, so a QEMU that hangs or stops talking cannot hang the caller.
 */
#include "qemu_monitor.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

struct _virQEMUMonitor {
    int fd;
    GByteArray *buf;          /* bytes read but not yet consumed */
    size_t scanned;           /* bytes of buf known to hold no newline */
    size_t maxMessage;
    int timeoutMs;
    unsigned long long lastId;
    JsonObject *greeting;
    GQueue events;            /* of JsonObject *, oldest first */
    bool eof;                 /* QEMU closed the connection */
    bool broken;              /* the stream is out of sync: refuse further use */
    virQEMUMonitorTraceFunc trace;
    void *traceOpaque;
};

/**
 * virQEMUJSONGetString:
 * Returns the string member @name of @obj (borrowed), or NULL when it is
 * missing or not a string.  Unlike json-glib's getters it never warns,
 * because what QEMU (or a test file) sends is untrusted.
 */
const char *
virQEMUJSONGetString(JsonObject *obj, const char *name)
{
    JsonNode *n = obj ? json_object_get_member(obj, name) : NULL;

    if (!n || !JSON_NODE_HOLDS_VALUE(n) ||
        json_node_get_value_type(n) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(n);
}

/**
 * virQEMUJSONGetObject:
 * Returns the object member @name of @obj (borrowed), or NULL.
 */
JsonObject *
virQEMUJSONGetObject(JsonObject *obj, const char *name)
{
    JsonNode *n = obj ? json_object_get_member(obj, name) : NULL;

    if (!n || !JSON_NODE_HOLDS_OBJECT(n))
        return NULL;
    return json_node_get_object(n);
}

/**
 * virQEMUJSONGetArray:
 * Returns the array member @name of @obj (borrowed), or NULL.
 */
JsonArray *
virQEMUJSONGetArray(JsonObject *obj, const char *name)
{
    JsonNode *n = obj ? json_object_get_member(obj, name) : NULL;

    if (!n || !JSON_NODE_HOLDS_ARRAY(n))
        return NULL;
    return json_node_get_array(n);
}

/**
 * virQEMUJSONGetNumber:
 * Sets *@value to the integer member @name of @obj.  Returns 0, or -1
 * (nothing reported) when it is missing or not an integer.
 */
int
virQEMUJSONGetNumber(JsonObject *obj, const char *name, long long *value)
{
    JsonNode *n = obj ? json_object_get_member(obj, name) : NULL;

    if (!n || !JSON_NODE_HOLDS_VALUE(n) ||
        json_node_get_value_type(n) != G_TYPE_INT64)
        return -1;
    *value = json_node_get_int(n);
    return 0;
}

/**
 * virQEMUJSONGetBool:
 * Returns the boolean member @name of @obj, or @def when missing or not a
 * boolean.
 */
bool
virQEMUJSONGetBool(JsonObject *obj, const char *name, bool def)
{
    JsonNode *n = obj ? json_object_get_member(obj, name) : NULL;

    if (!n || !JSON_NODE_HOLDS_VALUE(n) ||
        json_node_get_value_type(n) != G_TYPE_BOOLEAN)
        return def;
    return json_node_get_boolean(n);
}

/**
 * virQEMUMonitorNew:
 * @fd: a connected stream socket to a QMP server; the monitor takes it
 *
 * Returns a monitor (free with virQEMUMonitorFree()), or NULL with an error
 * reported (the fd is closed then too).  No I/O happens yet: call
 * virQEMUMonitorHandshake() next.
 */
virQEMUMonitor *
virQEMUMonitorNew(int fd)
{
    virQEMUMonitor *mon;
    int flags;

    if ((flags = fcntl(fd, F_GETFL)) < 0 ||
        fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
        fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
        virReportSystemError(errno, "%s", _("cannot set up the QEMU monitor socket"));
        virFileForceClose(&fd);
        return NULL;
    }

    mon = g_new0(virQEMUMonitor, 1);
    mon->fd = fd;
    mon->buf = g_byte_array_new();
    mon->maxMessage = VIR_QEMU_MONITOR_MAX_MESSAGE;
    mon->timeoutMs = VIR_QEMU_MONITOR_DEFAULT_TIMEOUT_MS;
    g_queue_init(&mon->events);
    return mon;
}

/**
 * virQEMUMonitorConnectUnix:
 * @path: the UNIX socket QEMU listens on (-qmp unix:PATH,server=on,wait=off)
 * @timeoutMs: how long to keep retrying while QEMU has not created it yet
 *
 * Returns a monitor (not yet handshaken), or NULL with an error reported.
 */
virQEMUMonitor *
virQEMUMonitorConnectUnix(const char *path, int timeoutMs)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("monitor socket path '%1$s' is too long"), path);
        return NULL;
    }
    memcpy(addr.sun_path, path, strlen(path) + 1);

    for (;;) {
        VIR_AUTOCLOSE fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (fd < 0) {
            virReportSystemError(errno, "%s", _("cannot create a UNIX socket"));
            return NULL;
        }
        if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0) {
            int ret = fd;

            fd = -1;
            return virQEMUMonitorNew(ret);
        }
        if ((errno != ENOENT && errno != ECONNREFUSED) ||
            g_get_monotonic_time() >= deadline) {
            virReportSystemError(errno, _("cannot connect to QEMU monitor '%1$s'"), path);
            return NULL;
        }
        g_usleep(5000);
    }
}

/**
 * virQEMUMonitorFree:
 * Closes the connection and frees @mon with its queued events.  NULL is fine.
 */
void
virQEMUMonitorFree(virQEMUMonitor *mon)
{
    if (!mon)
        return;
    virFileForceClose(&mon->fd);
    g_byte_array_unref(mon->buf);
    if (mon->greeting)
        json_object_unref(mon->greeting);
    g_queue_clear_full(&mon->events, (GDestroyNotify)json_object_unref);
    g_free(mon);
}

/**
 * virQEMUMonitorSetTrace:
 * Calls @func(@opaque) with every message from now on (NULL to stop).
 */
void
virQEMUMonitorSetTrace(virQEMUMonitor *mon,
                       virQEMUMonitorTraceFunc func,
                       void *opaque)
{
    mon->trace = func;
    mon->traceOpaque = opaque;
}

/**
 * virQEMUMonitorSetTimeout:
 * Sets how long one command (or the greeting) may take, in milliseconds.
 */
void
virQEMUMonitorSetTimeout(virQEMUMonitor *mon, int timeoutMs)
{
    mon->timeoutMs = timeoutMs;
}

/**
 * virQEMUMonitorSetMaxMessage:
 * Sets the largest message accepted from QEMU, in bytes.
 */
void
virQEMUMonitorSetMaxMessage(virQEMUMonitor *mon, size_t maxlen)
{
    mon->maxMessage = maxlen;
}

/**
 * virQEMUMonitorDeadline:
 * Returns the monotonic time (µs) @timeoutMs from now.
 */
static gint64
virQEMUMonitorDeadline(int timeoutMs)
{
    return g_get_monotonic_time() + (gint64)timeoutMs * 1000;
}

/**
 * virQEMUMonitorWait:
 * @events: POLLIN or POLLOUT
 * @deadline: monotonic time (µs) after which to give up
 *
 * Waits until the fd is ready.  Returns 0, or -1 with a time-out or system
 * error reported.
 */
static int
virQEMUMonitorWait(virQEMUMonitor *mon, short events, gint64 deadline)
{
    for (;;) {
        struct pollfd pfd = { .fd = mon->fd, .events = events };
        gint64 left = deadline - g_get_monotonic_time();
        int r;

        if (left <= 0) {
            virReportError(VIR_ERR_OPERATION_TIMEOUT, "%s",
                           _("no answer from the QEMU monitor in time"));
            return -1;
        }
        r = poll(&pfd, 1, (int)((left + 999) / 1000));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            virReportSystemError(errno, "%s", _("cannot poll the QEMU monitor"));
            return -1;
        }
        if (r > 0)
            return 0;
    }
}

/**
 * virQEMUMonitorWriteLine:
 * Writes @line and the "\r\n" terminator before @deadline.
 * Returns 0, or -1 with an error reported.
 */
static int
virQEMUMonitorWriteLine(virQEMUMonitor *mon, const char *line, gint64 deadline)
{
    g_autofree char *data = g_strdup_printf("%s\r\n", line);
    size_t len = strlen(data);
    size_t done = 0;

    if (mon->trace)
        mon->trace(VIR_QEMU_MONITOR_MSG_SENT, line, mon->traceOpaque);

    while (done < len) {
        /* send(), not write(): MSG_NOSIGNAL turns a dead peer into EPIPE
         * instead of a SIGPIPE that kills the caller. */
        ssize_t n = send(mon->fd, data + done, len - done, MSG_NOSIGNAL);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (virQEMUMonitorWait(mon, POLLOUT, deadline) < 0)
                    return -1;
                continue;
            }
            virReportSystemError(errno, "%s", _("cannot write to the QEMU monitor"));
            mon->broken = true;
            return -1;
        }
        done += n;
    }
    return 0;
}

/**
 * virQEMUMonitorParseLine:
 * Parses one received line into a JSON object.  Returns a new reference, or
 * NULL with an error reported.
 */
static JsonObject *
virQEMUMonitorParseLine(const char *line)
{
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    g_autoptr(GError) err = NULL;
    JsonNode *root;

    if (!json_parser_load_from_data(parser, line, -1, &err)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("malformed message from the QEMU monitor: %1$s"),
                       err->message);
        return NULL;
    }
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("message from the QEMU monitor is not a JSON object"));
        return NULL;
    }
    return json_object_ref(json_node_get_object(root));
}

/**
 * virQEMUMonitorReadMessage:
 * @deadline: monotonic time (µs) after which to give up
 * @msg: set to the next message (a new reference)
 *
 * Returns 0 with a message, 1 at end of stream (*@msg NULL), or -1 with an
 * error reported.
 */
static int
virQEMUMonitorReadMessage(virQEMUMonitor *mon, gint64 deadline, JsonObject **msg)
{
    *msg = NULL;
    if (mon->broken) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       _("the QEMU monitor connection is no longer usable"));
        return -1;
    }

    for (;;) {
        /* Search only the new bytes: a big message arrives in many reads. */
        guint8 *nl = memchr(mon->buf->data + mon->scanned, '\n',
                            mon->buf->len - mon->scanned);
        guint8 chunk[65536];
        ssize_t n;

        if (nl) {
            size_t linelen = nl - mon->buf->data;
            g_autofree char *line = g_strndup((const char *)mon->buf->data, linelen);

            g_byte_array_remove_range(mon->buf, 0, linelen + 1);
            mon->scanned = 0;
            g_strchomp(line);   /* the '\r' of "\r\n" */
            if (!*line)
                continue;
            if (mon->trace)
                mon->trace(VIR_QEMU_MONITOR_MSG_RECEIVED, line, mon->traceOpaque);
            if (!(*msg = virQEMUMonitorParseLine(line))) {
                mon->broken = true;
                return -1;
            }
            return 0;
        }
        mon->scanned = mon->buf->len;
        if (mon->buf->len > mon->maxMessage) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("message from the QEMU monitor exceeds %1$zu bytes"),
                           mon->maxMessage);
            mon->broken = true;
            return -1;
        }
        if (mon->eof)
            return 1;

        n = read(mon->fd, chunk, sizeof(chunk));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (virQEMUMonitorWait(mon, POLLIN, deadline) < 0)
                    return -1;
                continue;
            }
            if (errno == ECONNRESET) {
                /* QEMU exiting with unread data in its socket buffer. */
                mon->eof = true;
                continue;
            }
            virReportSystemError(errno, "%s", _("cannot read from the QEMU monitor"));
            mon->broken = true;
            return -1;
        }
        if (n == 0) {
            mon->eof = true;
            continue;
        }
        g_byte_array_append(mon->buf, chunk, n);
    }
}

/**
 * virQEMUMonitorQueueEvent:
 * Keeps @event (takes the reference) for virQEMUMonitorTakeEvent(),
 * dropping the oldest one when the queue is full.
 */
static void
virQEMUMonitorQueueEvent(virQEMUMonitor *mon, JsonObject *event)
{
    if (g_queue_get_length(&mon->events) >= VIR_QEMU_MONITOR_MAX_EVENTS)
        json_object_unref(g_queue_pop_head(&mon->events));
    g_queue_push_tail(&mon->events, event);
}

/**
 * virQEMUMonitorReportClosed:
 * Reports that QEMU closed the monitor while we waited for @what.
 */
static void
virQEMUMonitorReportClosed(const char *what)
{
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("QEMU closed the monitor while waiting for '%1$s'"), what);
}

/**
 * virQEMUMonitorHandshake:
 * Reads the greeting and negotiates capabilities ("qmp_capabilities",
 * asking for no optional capability).  Returns 0, or -1 with an error.
 */
int
virQEMUMonitorHandshake(virQEMUMonitor *mon)
{
    gint64 deadline = virQEMUMonitorDeadline(mon->timeoutMs);

    while (!mon->greeting) {
        JsonObject *msg = NULL;
        int r = virQEMUMonitorReadMessage(mon, deadline, &msg);

        if (r < 0)
            return -1;
        if (r > 0) {
            virQEMUMonitorReportClosed("greeting");
            return -1;
        }
        if (json_object_has_member(msg, "event")) {
            virQEMUMonitorQueueEvent(mon, msg);
            continue;
        }
        if (!virQEMUJSONGetObject(msg, "QMP")) {
            json_object_unref(msg);
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("QEMU monitor did not start with a QMP greeting"));
            mon->broken = true;
            return -1;
        }
        mon->greeting = msg;
    }

    return virQEMUMonitorCommand(mon, "qmp_capabilities", NULL, NULL);
}

/**
 * virQEMUMonitorGetGreeting:
 * Returns the greeting's "QMP" object (borrowed), or NULL before the
 * handshake.
 */
JsonObject *
virQEMUMonitorGetGreeting(virQEMUMonitor *mon)
{
    return virQEMUJSONGetObject(mon->greeting, "QMP");
}

/**
 * virQEMUMonitorFormatCommand:
 * Returns the compact JSON text of a command (caller frees).
 */
static char *
virQEMUMonitorFormatCommand(const char *cmd, JsonObject *args, const char *id)
{
    g_autoptr(JsonBuilder) b = json_builder_new_immutable();
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "execute");
    json_builder_add_string_value(b, cmd);
    if (args) {
        JsonNode *n = json_node_new(JSON_NODE_OBJECT);

        json_node_set_object(n, args);
        json_builder_set_member_name(b, "arguments");
        json_builder_add_value(b, n);
    }
    json_builder_set_member_name(b, "id");
    json_builder_add_string_value(b, id);
    json_builder_end_object(b);

    root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    return json_generator_to_data(gen, NULL);
}

/**
 * virQEMUMonitorReportQMPError:
 * Reports QEMU's {"error": {"class", "desc"}} answer to @cmd, with the
 * class as the error's detail tag (e.g. "CommandNotFound").
 */
static void
virQEMUMonitorReportQMPError(const char *cmd, JsonNode *errnode)
{
    const char *klass = NULL;
    const char *desc = NULL;

    if (errnode && JSON_NODE_HOLDS_OBJECT(errnode)) {
        JsonObject *e = json_node_get_object(errnode);

        klass = virQEMUJSONGetString(e, "class");
        desc = virQEMUJSONGetString(e, "desc");
    }
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("QEMU command '%1$s' failed: %2$s"),
                   cmd, desc ? desc : _("unknown error"));
    virErrorSetDetail(klass ? klass : "GenericError");
}

/**
 * virQEMUMonitorCommand:
 * @cmd: the QMP command name
 * @args: its "arguments" (borrowed), or NULL
 * @ret: if not NULL, set to a copy of the reply's "return" value (caller
 *       frees with json_node_unref)
 *
 * Executes @cmd and waits for its reply.  Events arriving meanwhile are
 * queued.  Returns 0; -2 when QEMU answered with an error (reported, its
 * class such as "CommandNotFound" as the error's detail; the monitor stays
 * usable); -1 for a time-out or a broken connection (reported).
 */
int
virQEMUMonitorCommand(virQEMUMonitor *mon,
                      const char *cmd,
                      JsonObject *args,
                      JsonNode **ret)
{
    g_autofree char *id = g_strdup_printf("qmp-%llu", ++mon->lastId);
    g_autofree char *line = virQEMUMonitorFormatCommand(cmd, args, id);
    gint64 deadline = virQEMUMonitorDeadline(mon->timeoutMs);

    if (ret)
        *ret = NULL;

    if (mon->broken || mon->eof) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("cannot run '%1$s': the QEMU monitor is closed"), cmd);
        return -1;
    }
    if (virQEMUMonitorWriteLine(mon, line, deadline) < 0)
        return -1;

    for (;;) {
        g_autoptr(JsonObject) msg = NULL;
        const char *replyId;
        int r = virQEMUMonitorReadMessage(mon, deadline, &msg);

        if (r < 0)
            return -1;
        if (r > 0) {
            virQEMUMonitorReportClosed(cmd);
            return -1;
        }
        if (json_object_has_member(msg, "event")) {
            virQEMUMonitorQueueEvent(mon, g_steal_pointer(&msg));
            continue;
        }
        replyId = virQEMUJSONGetString(msg, "id");
        /* An error without id answers a command QEMU could not even parse;
         * only one command is ever outstanding, so it is ours. */
        if (replyId ? strcmp(replyId, id) != 0
                    : !json_object_has_member(msg, "error"))
            continue;   /* stale reply to a command that timed out */

        if (json_object_has_member(msg, "error")) {
            virQEMUMonitorReportQMPError(cmd, json_object_get_member(msg, "error"));
            return -2;
        }
        if (!json_object_has_member(msg, "return")) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("reply to QEMU command '%1$s' has neither 'return' nor 'error'"),
                           cmd);
            return -1;
        }
        if (ret)
            *ret = json_node_copy(json_object_get_member(msg, "return"));
        return 0;
    }
}

/**
 * virQEMUMonitorHumanCommand:
 * @cmdline: an HMP command line, e.g. "info network"
 * @output: if not NULL, set to its text output (caller frees)
 *
 * Runs @cmdline through "human-monitor-command".  Returns 0 or < 0 like
 * virQEMUMonitorCommand().
 */
int
virQEMUMonitorHumanCommand(virQEMUMonitor *mon,
                           const char *cmdline,
                           char **output)
{
    g_autoptr(JsonObject) args = json_object_new();
    g_autoptr(JsonNode) ret = NULL;
    int rc;

    json_object_set_string_member(args, "command-line", cmdline);
    if ((rc = virQEMUMonitorCommand(mon, "human-monitor-command", args, &ret)) < 0)
        return rc;
    if (!JSON_NODE_HOLDS_VALUE(ret) ||
        json_node_get_value_type(ret) != G_TYPE_STRING) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("human-monitor-command did not return a string"));
        return -1;
    }
    if (output)
        *output = g_strdup(json_node_get_string(ret));
    return 0;
}

/**
 * virQEMUMonitorTakeEvent:
 * Returns the oldest queued event (caller unrefs), or NULL when none.
 */
JsonObject *
virQEMUMonitorTakeEvent(virQEMUMonitor *mon)
{
    return g_queue_pop_head(&mon->events);
}

/**
 * virQEMUMonitorWaitEvent:
 * @name: the event name, e.g. "SHUTDOWN"
 *
 * Returns the first event called @name, queued or arriving within
 * @timeoutMs (caller unrefs); other events stay queued.  NULL with an error
 * on time-out or when QEMU closes the monitor first.
 */
JsonObject *
virQEMUMonitorWaitEvent(virQEMUMonitor *mon, const char *name, int timeoutMs)
{
    gint64 deadline = virQEMUMonitorDeadline(timeoutMs);
    GList *l;

    for (l = mon->events.head; l; l = l->next) {
        JsonObject *ev = l->data;

        if (g_strcmp0(virQEMUJSONGetString(ev, "event"),
                      name) == 0) {
            g_queue_delete_link(&mon->events, l);
            return ev;
        }
    }

    for (;;) {
        JsonObject *msg = NULL;
        int r = virQEMUMonitorReadMessage(mon, deadline, &msg);

        if (r < 0)
            return NULL;
        if (r > 0) {
            virQEMUMonitorReportClosed(name);
            return NULL;
        }
        if (!json_object_has_member(msg, "event")) {
            json_object_unref(msg);
            continue;
        }
        if (g_strcmp0(virQEMUJSONGetString(msg, "event"),
                      name) == 0)
            return msg;
        virQEMUMonitorQueueEvent(mon, msg);
    }
}

/**
 * virQEMUMonitorWaitClose:
 * Reads (queuing events, dropping anything else) until QEMU closes the
 * connection, e.g. after "quit".  Returns 0, or -1 with an error on
 * time-out.
 */
int
virQEMUMonitorWaitClose(virQEMUMonitor *mon, int timeoutMs)
{
    gint64 deadline = virQEMUMonitorDeadline(timeoutMs);

    for (;;) {
        JsonObject *msg = NULL;
        int r = virQEMUMonitorReadMessage(mon, deadline, &msg);

        if (r < 0)
            return -1;
        if (r > 0)
            return 0;
        if (json_object_has_member(msg, "event"))
            virQEMUMonitorQueueEvent(mon, msg);
        else
            json_object_unref(msg);
    }
}
