/*
 * virovsdb.c: a small OVSDB client (RFC 7047, JSON-RPC over a unix socket)
 *
 * One host facility: talking to an ovsdb-server.  Requests are JSON trees
 * built by the constructors below (never text), one transaction in flight
 * per connection, and one deadline for everything a connection does.  What
 * the rows mean (Open_vSwitch's ports, OVN's logical ports) is the
 * caller's business.
 */
#include "virovsdb.h"
#include "virerror.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#define VIR_FROM_THIS VIR_FROM_NETDEV

/* ---- request builders -------------------------------------------------- *
 * Small constructors of JSON nodes; each takes ownership of the nodes it
 * is given, so an operation reads as one nested expression. */

/**
 * virOvsdbStr:
 * A new string node holding a copy of @s.
 */
JsonNode *
virOvsdbStr(const char *s)
{
    return json_node_init_string(json_node_alloc(), s);
}

/**
 * virOvsdbInt:
 * A new integer node.
 */
JsonNode *
virOvsdbInt(gint64 value)
{
    return json_node_init_int(json_node_alloc(), value);
}

/**
 * virOvsdbTakeArray:
 * A new node owning @arr (json_node_init_array() would add a reference).
 */
static JsonNode *
virOvsdbTakeArray(JsonArray *arr)
{
    JsonNode *node = json_node_new(JSON_NODE_ARRAY);

    json_node_take_array(node, arr);
    return node;
}

/**
 * virOvsdbArr:
 * A new array node of @first and the nodes after it, up to NULL
 * (virOvsdbArrEmpty() for []).
 */
JsonNode *
virOvsdbArr(JsonNode *first, ...)
{
    JsonArray *arr = json_array_new();
    JsonNode *node;
    va_list ap;

    va_start(ap, first);
    for (node = first; node; node = va_arg(ap, JsonNode *))
        json_array_add_element(arr, node);
    va_end(ap);
    return virOvsdbTakeArray(arr);
}

/**
 * virOvsdbArrEmpty:
 * A new empty array node.
 */
JsonNode *
virOvsdbArrEmpty(void)
{
    return virOvsdbTakeArray(json_array_new());
}

/**
 * virOvsdbObj:
 * A new object node from NULL-terminated name, node pairs (in order).
 */
JsonNode *
virOvsdbObj(const char *name, ...)
{
    JsonObject *obj = json_object_new();
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    va_list ap;

    va_start(ap, name);
    for (; name; name = va_arg(ap, const char *))
        json_object_set_member(obj, name, va_arg(ap, JsonNode *));
    va_end(ap);
    json_node_take_object(node, obj);
    return node;
}

/**
 * virOvsdbOneRow:
 * [{@column: @value}]: the "rows" of a wait on one row and column.
 */
JsonNode *
virOvsdbOneRow(const char *column, JsonNode *value)
{
    return virOvsdbArr(virOvsdbObj(column, value, VIR_OVSDB_END_NAMES), VIR_OVSDB_END_NODES);
}

/**
 * virOvsdbUUID:
 * ["uuid", @uuid], or ["named-uuid", @uuid] when @named.
 */
JsonNode *
virOvsdbUUID(const char *uuid, bool named)
{
    return virOvsdbArr(virOvsdbStr(named ? "named-uuid" : "uuid"),
                       virOvsdbStr(uuid), VIR_OVSDB_END_NODES);
}

/**
 * virOvsdbMap:
 * ["map", [[k, v], ...]] from the NULL-terminated key/value @pairs,
 * skipping pairs whose value is NULL.
 */
JsonNode *
virOvsdbMap(const char * const *pairs)
{
    JsonNode *list = virOvsdbArrEmpty();
    size_t i;

    for (i = 0; pairs[i]; i += 2) {
        if (pairs[i + 1])
            json_array_add_element(json_node_get_array(list),
                                   virOvsdbArr(virOvsdbStr(pairs[i]),
                                               virOvsdbStr(pairs[i + 1]),
                                               VIR_OVSDB_END_NODES));
    }
    return virOvsdbArr(virOvsdbStr("map"), list, VIR_OVSDB_END_NODES);
}

/**
 * virOvsdbCond:
 * The condition [@column, @func, @value].
 */
JsonNode *
virOvsdbCond(const char *column, const char *func, JsonNode *value)
{
    return virOvsdbArr(virOvsdbStr(column),
                       virOvsdbStr(func), value, VIR_OVSDB_END_NODES);
}

/**
 * virOvsdbNamed:
 * The "where" of the rows named @name: [["name", "==", @name]].
 */
JsonNode *
virOvsdbNamed(const char *name)
{
    return virOvsdbArr(virOvsdbCond("name", "==",
                                    virOvsdbStr(name)),
                       VIR_OVSDB_END_NODES);
}

/**
 * virOvsdbWaitOp:
 * A "wait" operation on @table: the rows matching @where, reduced to
 * @column, must compare @until ("==" or "!=") to @rows.  With @timeoutMs
 * 0 it is an assertion on the current state; else ovsdb-server holds the
 * transaction until it holds or the time is up.
 */
JsonNode *
virOvsdbWaitOp(const char *table, JsonNode *where, const char *column,
               const char *until, JsonNode *rows, unsigned int timeoutMs)
{
    return virOvsdbObj("op", virOvsdbStr("wait"),
                       "table", virOvsdbStr(table),
                       "where", where,
                       "columns", virOvsdbArr(virOvsdbStr(column), VIR_OVSDB_END_NODES),
                       "until", virOvsdbStr(until),
                       "rows", rows,
                       "timeout", virOvsdbInt(timeoutMs),
                       VIR_OVSDB_END_NAMES);
}

/**
 * virOvsdbSelectOp:
 * A "select" of the NULL-terminated @columns... of @table's rows matching
 * @where.
 */
JsonNode *
virOvsdbSelectOp(const char *table, JsonNode *where, const char *column, ...)
{
    JsonNode *columns = virOvsdbArrEmpty();
    va_list ap;

    va_start(ap, column);
    for (; column; column = va_arg(ap, const char *))
        json_array_add_string_element(json_node_get_array(columns), column);
    va_end(ap);
    return virOvsdbObj("op", virOvsdbStr("select"),
                       "table", virOvsdbStr(table),
                       "where", where,
                       "columns", columns,
                       VIR_OVSDB_END_NAMES);
}

/**
 * virOvsdbCommentOp:
 * A "comment" operation (it lands in ovsdb-server's log and database
 * file, so an admin sees who made the change).
 */
JsonNode *
virOvsdbCommentOp(const char *text)
{
    return virOvsdbObj("op", virOvsdbStr("comment"),
                       "comment", virOvsdbStr(text), VIR_OVSDB_END_NAMES);
}

/**
 * virOvsdbAbsentOp:
 * An assertion that no row of @table is named @name.
 */
JsonNode *
virOvsdbAbsentOp(const char *table, const char *name)
{
    return virOvsdbWaitOp(table, virOvsdbNamed(name), "name", "==",
                          virOvsdbArrEmpty(), 0);
}

/**
 * virOvsdbTransactParams:
 * ["Open_vSwitch", @first, ...]: the "transact" parameters of the
 * NULL-terminated operations.
 */
JsonNode *
virOvsdbTransactParams(const char *database, JsonNode *first, ...)
{
    JsonNode *params = virOvsdbArr(virOvsdbStr(database), VIR_OVSDB_END_NODES);
    JsonNode *op;
    va_list ap;

    va_start(ap, first);
    for (op = first; op; op = va_arg(ap, JsonNode *))
        json_array_add_element(json_node_get_array(params), op);
    va_end(ap);
    return params;
}

/* ---- the connection ---------------------------------------------------- */


/* Idle connections kept for reuse: socket path -> fd + 1 (NULL: off). */
static GHashTable *virOvsdbIdle;

/**
 * virOvsdbIdleClose:
 * GDestroyNotify of the idle table: closes a kept fd.
 */
static void
virOvsdbIdleClose(gpointer value)
{
    close(GPOINTER_TO_INT(value) - 1);
}

/**
 * virOvsdbConnSetReuse:
 * See virovsdb.h.
 */
void
virOvsdbConnSetReuse(bool reuse)
{
    if (reuse && !virOvsdbIdle)
        virOvsdbIdle = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             virOvsdbIdleClose);
    if (!reuse)
        g_clear_pointer(&virOvsdbIdle, g_hash_table_unref);
}

/**
 * virOvsdbIdleTake:
 * An idle connection to @path that is still alive (its fd, taken out of
 * the table), or -1.  The server closing it shows as end of file; what
 * it may have sent meanwhile (an "echo") is left for the next read.
 */
static int
virOvsdbIdleTake(const char *path)
{
    gpointer key;
    gpointer value;
    int fd;
    char byte;
    ssize_t n;

    if (!virOvsdbIdle ||
        !g_hash_table_steal_extended(virOvsdbIdle, path, &key, &value))
        return -1;
    g_free(key);
    fd = GPOINTER_TO_INT(value) - 1;
    n = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
        close(fd);
        return -1;
    }
    return fd;
}

/**
 * virOvsdbConnClose:
 * Closes @conn (may be half-open), or keeps it idle for reuse when reuse
 * is on and its last transaction ended cleanly; safe to call twice.
 */
void
virOvsdbConnClose(virOvsdbConn *conn)
{
    if (conn->fd >= 0 && virOvsdbIdle && conn->clean && conn->buf && conn->buf->len == 0)
        g_hash_table_replace(virOvsdbIdle, g_strdup(conn->path),
                             GINT_TO_POINTER(conn->fd + 1));
    else if (conn->fd >= 0)
        close(conn->fd);
    conn->fd = -1;
    conn->clean = false;
    if (conn->buf)
        g_string_free(conn->buf, TRUE);
    conn->buf = NULL;
}

/**
 * virOvsdbConnConnect:
 * A new connection of @conn to its socket.  Returns 0, or -1 with an
 * error reported.
 */
static int
virOvsdbConnConnect(virOvsdbConn *conn)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };

    if (strlen(conn->path) >= sizeof(sa.sun_path)) {
        virReportError(VIR_ERR_INVALID_ARG, _("OVSDB socket path '%1$s' is too long"),
                       conn->path);
        return -1;
    }
    strcpy(sa.sun_path, conn->path);
    conn->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (conn->fd < 0) {
        virReportSystemError(errno, "%s", _("cannot create a unix socket"));
        return -1;
    }
    /* a unix stream connect either completes, is refused (no server) or
     * finds the backlog full (EAGAIN): a stopped server with a full queue
     * counts as not answering */
    if (connect(conn->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        virReportSystemError(errno, _("cannot connect to OVSDB at '%1$s' (is ovsdb-server running?)"),
                             conn->path);
        close(conn->fd);
        conn->fd = -1;
        return -1;
    }
    return 0;
}

/**
 * virOvsdbConnOpen:
 * Connects @conn to @db's socket (or takes up an idle connection to it)
 * and starts the operation's deadline.  Returns 0, or -1 with an error
 * reported.
 */
int
virOvsdbConnOpen(virOvsdbConn *conn, const char *path, unsigned int timeoutMs)
{
    conn->fd = -1;
    conn->buf = g_string_new(NULL);
    conn->nextId = 1;
    conn->path = path;
    conn->timeoutMs = timeoutMs;
    conn->deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;
    conn->clean = false;
    if ((conn->fd = virOvsdbIdleTake(path)) >= 0)
        return 0;
    if (virOvsdbConnConnect(conn) < 0) {
        virOvsdbConnClose(conn);
        return -1;
    }
    return 0;
}

/**
 * virOvsdbConnWait:
 * Polls @conn for @events until the deadline.  Returns 0 when ready, or
 * -1 with an error reported (timeout or poll failure).
 */
static int
virOvsdbConnWait(virOvsdbConn *conn, short events)
{
    for (;;) {
        struct pollfd pfd = { .fd = conn->fd, .events = events };
        gint64 left = conn->deadline - g_get_monotonic_time();
        int rc;

        if (left <= 0) {
            virReportError(VIR_ERR_OPERATION_TIMEOUT,
                           _("no answer from OVSDB at '%1$s' within %2$u ms"),
                           conn->path, conn->timeoutMs);
            return -1;
        }
        rc = poll(&pfd, 1, (int)((left + 999) / 1000));
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0) {
            virReportSystemError(errno, "%s", _("poll on the OVSDB socket failed"));
            return -1;
        }
        if (rc > 0)
            return 0;
    }
}

/**
 * virOvsdbConnSend:
 * Sends @msg (a JSON-RPC object) whole.  Returns 0 or -1 (reported).
 */
static int
virOvsdbConnSend(virOvsdbConn *conn, JsonNode *msg)
{
    g_autofree char *text = json_to_string(msg, FALSE);
    size_t len = strlen(text);
    size_t done = 0;

    while (done < len) {
        ssize_t n = send(conn->fd, text + done, len - done, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            if (virOvsdbConnWait(conn, POLLOUT) < 0)
                return -1;
            continue;
        }
        if (n < 0) {
            /* the peer is gone: nothing of it reached a server */
            conn->unread = errno == EPIPE || errno == ECONNRESET;
            virReportSystemError(errno, _("cannot send to OVSDB at '%1$s'"), conn->path);
            return -1;
        }
        done += n;
    }
    return 0;
}

/**
 * virOvsdbMessageLength:
 * The length of the first complete JSON object or array at the start of
 * @buf (leading whitespace included), or 0 when it is not complete yet.
 * -1 when @buf starts with something that is not an object or array.
 */
static gssize
virOvsdbMessageLength(const GString *buf)
{
    size_t depth = 0;
    bool inString = false;
    bool escaped = false;
    size_t i;

    for (i = 0; i < buf->len; i++) {
        char c = buf->str[i];

        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (depth == 0 && g_ascii_isspace(c))
            continue;
        if (depth == 0 && c != '{' && c != '[')
            return -1;
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return 0;
}

/**
 * virOvsdbConnRecv:
 * Reads the next JSON-RPC message.  Returns it (caller frees), or NULL
 * with an error reported.
 */
static JsonNode *
virOvsdbConnRecv(virOvsdbConn *conn)
{
    for (;;) {
        gssize len = virOvsdbMessageLength(conn->buf);
        char chunk[4096];
        ssize_t n;

        if (len < 0) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("OVSDB at '%1$s' sent something that is not JSON-RPC"),
                           conn->path);
            return NULL;
        }
        if (len > 0) {
            g_autoptr(JsonParser) parser = json_parser_new();
            g_autoptr(GError) err = NULL;
            JsonNode *root;

            if (!json_parser_load_from_data(parser, conn->buf->str, len, &err)) {
                virReportError(VIR_ERR_OPERATION_FAILED,
                               _("OVSDB at '%1$s' sent malformed JSON: %2$s"),
                               conn->path, err->message);
                return NULL;
            }
            g_string_erase(conn->buf, 0, len);
            root = json_parser_get_root(parser);
            if (!JSON_NODE_HOLDS_OBJECT(root)) {
                virReportError(VIR_ERR_OPERATION_FAILED,
                               _("OVSDB at '%1$s' sent a message that is not an object"),
                               conn->path);
                return NULL;
            }
            return json_node_copy(root);
        }
        if (virOvsdbConnWait(conn, POLLIN) < 0)
            return NULL;
        n = recv(conn->fd, chunk, sizeof(chunk), 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0) {
            /* a unix socket closed with data it had not read resets its
             * peer: the server never read what was sent */
            conn->unread = errno == ECONNRESET;
            virReportSystemError(errno, _("cannot read from OVSDB at '%1$s'"), conn->path);
            return NULL;
        }
        if (n == 0) {
            /* it read everything sent, and may have applied it */
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("OVSDB at '%1$s' closed the connection before answering (the transaction may have been applied)"),
                           conn->path);
            return NULL;
        }
        g_string_append_len(conn->buf, chunk, n);
    }
}

/**
 * virOvsdbConnEcho:
 * Answers the server's "echo" request @msg (its liveness probe).
 */
static int
virOvsdbConnEcho(virOvsdbConn *conn, JsonObject *msg)
{
    g_autoptr(JsonNode) reply = json_node_new(JSON_NODE_OBJECT);
    JsonObject *obj = json_object_new();

    json_node_take_object(reply, obj);
    json_object_set_member(obj, "id", json_node_copy(json_object_get_member(msg, "id")));
    if (json_object_has_member(msg, "params"))
        json_object_set_member(obj, "result",
                               json_node_copy(json_object_get_member(msg, "params")));
    else
        json_object_set_array_member(obj, "result", json_array_new());
    json_object_set_null_member(obj, "error");
    return virOvsdbConnSend(conn, reply);
}

/**
 * virOvsdbResultError:
 * The text of a failed result object @node ("error: details"), or NULL
 * when @node is not one (caller frees).
 */
static char *
virOvsdbResultError(JsonNode *node)
{
    JsonObject *obj;
    const char *error;
    const char *details;

    if (!node || !JSON_NODE_HOLDS_OBJECT(node))
        return NULL;
    obj = json_node_get_object(node);
    if (!json_object_has_member(obj, "error") ||
        JSON_NODE_TYPE(json_object_get_member(obj, "error")) != JSON_NODE_VALUE)
        return NULL;
    error = json_object_get_string_member_with_default(obj, "error", "?");
    details = json_object_get_string_member_with_default(obj, "details", NULL);
    return details ? g_strdup_printf("%s: %s", error, details) : g_strdup(error);
}

/**
 * virOvsdbTransactOnce:
 * virOvsdbTransact() on @conn as it is: sends @request (id @id, @nops
 * operations) and reads up to its reply; @failedOp and @opError as
 * there.  Returns its result array (caller frees) when
 * every operation succeeded.  When one failed, returns NULL with
 * *@failedOp set and, if @opError is given, OVSDB's reason in it and no
 * error reported (the caller knows what the operation meant and reports),
 * else an error reported.  Any other failure returns NULL with *@failedOp
 * == -1 and an error reported.
 */
static JsonNode *
virOvsdbTransactOnce(virOvsdbConn *conn, JsonNode *request, gint64 id, guint nops,
                     gssize *failedOp, char **opError)
{
    *failedOp = -1;
    conn->unread = false;
    conn->echoed = false;
    if (virOvsdbConnSend(conn, request) < 0)
        return NULL;

    for (;;) {
        g_autoptr(JsonNode) msg = virOvsdbConnRecv(conn);
        JsonObject *reply;
        JsonNode *idNode;
        JsonNode *result;
        JsonArray *results;
        guint i;

        if (!msg)
            return NULL;
        reply = json_node_get_object(msg);
        if (json_object_has_member(reply, "method")) {
            if (g_strcmp0(json_object_get_string_member_with_default(reply, "method", ""),
                          "echo") == 0) {
                if (virOvsdbConnEcho(conn, reply) < 0)
                    return NULL;
                conn->echoed = true;
            }
            continue;       /* notifications: we monitor nothing */
        }
        idNode = json_object_get_member(reply, "id");
        if (!idNode || JSON_NODE_TYPE(idNode) != JSON_NODE_VALUE ||
            json_node_get_value_type(idNode) != G_TYPE_INT64 ||
            json_node_get_int(idNode) != id)
            continue;       /* not ours (a late reply to an echo) */

        if (json_object_has_member(reply, "error") &&
            !json_object_get_null_member(reply, "error")) {
            g_autofree char *text = json_to_string(json_object_get_member(reply, "error"), FALSE);

            conn->clean = true;
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("OVSDB at '%1$s' refused the transaction: %2$s"),
                           conn->path, text);
            return NULL;
        }
        result = json_object_get_member(reply, "result");
        if (!result || !JSON_NODE_HOLDS_ARRAY(result)) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("OVSDB at '%1$s' sent a reply without a result"), conn->path);
            return NULL;
        }
        /* one result per operation, plus one more if the commit failed */
        results = json_node_get_array(result);
        for (i = 0; i < json_array_get_length(results); i++) {
            g_autofree char *text =
                virOvsdbResultError(json_array_get_element(results, i));

            if (text) {
                conn->clean = true;
                *failedOp = i;
                if (opError) {
                    *opError = g_steal_pointer(&text);
                    return NULL;
                }
                virReportError(VIR_ERR_OPERATION_FAILED,
                               _("OVSDB at '%1$s' failed the transaction: %2$s"),
                               conn->path, text);
                return NULL;
            }
        }
        if (json_array_get_length(results) < nops) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("OVSDB at '%1$s' sent %2$u results for %3$u operations"),
                           conn->path, json_array_get_length(results), nops);
            return NULL;
        }
        conn->clean = true;
        return json_node_copy(result);
    }
}

/**
 * virOvsdbTransact:
 * See virovsdb.h.  A connection the server closed before reading the
 * request (a kept one whose server restarted, or one dropped under the
 * request) is replaced by a new one and the request sent again, once:
 * the server never read it, so it cannot have been applied.  A server
 * that closes after reading it fails the request (it may have been
 * applied: every caller's undo goes by its own markers).
 */
JsonNode *
virOvsdbTransact(virOvsdbConn *conn,
                 JsonNode *params,
                 gssize *failedOp,
                 char **opError)
{
    g_autoptr(JsonNode) request = json_node_new(JSON_NODE_OBJECT);
    JsonObject *obj = json_object_new();
    gint64 id = conn->nextId++;
    guint nops = json_array_get_length(json_node_get_array(params)) - 1;
    JsonNode *result;

    json_node_take_object(request, obj);
    json_object_set_string_member(obj, "method", "transact");
    json_object_set_member(obj, "params", json_node_copy(params));
    json_object_set_int_member(obj, "id", id);
    conn->clean = false;
    result = virOvsdbTransactOnce(conn, request, id, nops, failedOp, opError);
    if (!result && *failedOp < 0 && conn->unread && !conn->echoed && conn->buf->len == 0) {
        virResetLastError();
        close(conn->fd);
        conn->fd = -1;
        if (virOvsdbConnConnect(conn) < 0)
            return NULL;
        result = virOvsdbTransactOnce(conn, request, id, nops, failedOp, opError);
    }
    return result;
}

/* ---- reading OVSDB values ---------------------------------------------- */

/**
 * virOvsdbPair:
 * For @node = [@tag, X] returns X, else NULL.
 */
JsonNode *
virOvsdbPair(JsonNode *node, const char *tag)
{
    JsonArray *arr;

    if (!node || !JSON_NODE_HOLDS_ARRAY(node))
        return NULL;
    arr = json_node_get_array(node);
    if (json_array_get_length(arr) != 2 ||
        JSON_NODE_TYPE(json_array_get_element(arr, 0)) != JSON_NODE_VALUE ||
        g_strcmp0(json_array_get_string_element(arr, 0), tag) != 0)
        return NULL;
    return json_array_get_element(arr, 1);
}

/**
 * virOvsdbString:
 * The string atom @node, or NULL when it is something else.
 */
const char *
virOvsdbString(JsonNode *node)
{
    if (!node || JSON_NODE_TYPE(node) != JSON_NODE_VALUE ||
        json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

/**
 * virOvsdbUUIDAtom:
 * The UUID of ["uuid", "..."], or NULL.
 */
const char *
virOvsdbUUIDAtom(JsonNode *node)
{
    return virOvsdbString(virOvsdbPair(node, "uuid"));
}

/**
 * virOvsdbSetContains:
 * True when the set datum @node (["set", [...]] or one atom) holds the
 * UUID @uuid.
 */
bool
virOvsdbSetContains(JsonNode *node, const char *uuid)
{
    JsonNode *elems = virOvsdbPair(node, "set");
    JsonArray *arr;
    guint i;

    if (!elems)
        return g_strcmp0(virOvsdbUUIDAtom(node), uuid) == 0;
    if (!JSON_NODE_HOLDS_ARRAY(elems))
        return false;
    arr = json_node_get_array(elems);
    for (i = 0; i < json_array_get_length(arr); i++) {
        if (g_strcmp0(virOvsdbUUIDAtom(json_array_get_element(arr, i)), uuid) == 0)
            return true;
    }
    return false;
}

/**
 * virOvsdbSetStrings:
 * See virovsdb.h.  Elements that are not strings are left out.
 */
GPtrArray *
virOvsdbSetStrings(JsonNode *node)
{
    GPtrArray *out = g_ptr_array_new();
    JsonNode *elems = virOvsdbPair(node, "set");
    JsonArray *arr;
    guint i;

    if (!elems) {
        if (virOvsdbString(node))
            g_ptr_array_add(out, (gpointer)virOvsdbString(node));
        return out;
    }
    if (!JSON_NODE_HOLDS_ARRAY(elems))
        return out;
    arr = json_node_get_array(elems);
    for (i = 0; i < json_array_get_length(arr); i++) {
        const char *s = virOvsdbString(json_array_get_element(arr, i));

        if (s)
            g_ptr_array_add(out, (gpointer)s);
    }
    return out;
}

/**
 * virOvsdbSetSize:
 * The number of elements of the set datum @node.
 */
guint
virOvsdbSetSize(JsonNode *node)
{
    JsonNode *elems = virOvsdbPair(node, "set");

    if (!elems)
        return node ? 1 : 0;
    return JSON_NODE_HOLDS_ARRAY(elems) ? json_array_get_length(json_node_get_array(elems)) : 0;
}

/**
 * virOvsdbMapPairs:
 * The [k, v] pairs of the map datum @node, or NULL.
 */
static JsonArray *
virOvsdbMapPairs(JsonNode *node)
{
    JsonNode *pairs = virOvsdbPair(node, "map");

    return pairs && JSON_NODE_HOLDS_ARRAY(pairs) ? json_node_get_array(pairs) : NULL;
}

/**
 * virOvsdbMapPairGet:
 * Element @index (0: key, 1: value) of pair @i of @arr as a string, or
 * NULL.
 */
static const char *
virOvsdbMapPairGet(JsonArray *arr, guint i, guint index)
{
    JsonNode *pair = json_array_get_element(arr, i);
    JsonArray *kv;

    if (!JSON_NODE_HOLDS_ARRAY(pair))
        return NULL;
    kv = json_node_get_array(pair);
    if (json_array_get_length(kv) != 2)
        return NULL;
    return virOvsdbString(json_array_get_element(kv, index));
}

/**
 * virOvsdbMapKeys:
 * The string keys of the map datum @node, in order (borrowed; free the
 * array only).
 */
GPtrArray *
virOvsdbMapKeys(JsonNode *node)
{
    JsonArray *arr = virOvsdbMapPairs(node);
    GPtrArray *keys = g_ptr_array_new();
    guint i;

    for (i = 0; arr && i < json_array_get_length(arr); i++) {
        const char *k = virOvsdbMapPairGet(arr, i, 0);

        if (k)
            g_ptr_array_add(keys, (char *)k);
    }
    return keys;
}

/**
 * virOvsdbMapGet:
 * The string value of @key in the map datum @node, or NULL.
 */
const char *
virOvsdbMapGet(JsonNode *node, const char *key)
{
    JsonArray *arr = virOvsdbMapPairs(node);
    guint i;

    for (i = 0; arr && i < json_array_get_length(arr); i++) {
        if (g_strcmp0(virOvsdbMapPairGet(arr, i, 0), key) == 0)
            return virOvsdbMapPairGet(arr, i, 1);
    }
    return NULL;
}

/**
 * virOvsdbRows:
 * The "rows" of the select result at @index of @result, or NULL.
 */
JsonArray *
virOvsdbRows(JsonNode *result, guint index)
{
    JsonArray *results = json_node_get_array(result);
    JsonNode *node;
    JsonObject *obj;

    if (index >= json_array_get_length(results))
        return NULL;
    node = json_array_get_element(results, index);
    if (!JSON_NODE_HOLDS_OBJECT(node))
        return NULL;
    obj = json_node_get_object(node);
    node = json_object_get_member(obj, "rows");
    return node && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}

/**
 * virOvsdbRowGet:
 * Row @i of @rows as an object, or NULL.
 */
JsonObject *
virOvsdbRowGet(JsonArray *rows, guint i)
{
    JsonNode *node = json_array_get_element(rows, i);

    return JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

