/*
 * virovsdb.h: a small OVSDB client (RFC 7047, JSON-RPC over a unix socket)
 *
 * Shared by the Open vSwitch plug (virnetdevopenvswitch.c, database
 * "Open_vSwitch") and whatever talks to OVN's databases.  Requests are
 * JSON trees made with the constructors below, never text, so no value
 * can change a request's structure; callers still pass every value
 * through their own validation gate first.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>

/* One connection; callers embed it on the stack ({ .fd = -1 }). */
typedef struct _virOvsdbConn virOvsdbConn;
struct _virOvsdbConn {
    int fd;
    const char *path;           /* the socket, for messages (not owned) */
    unsigned int timeoutMs;     /* for messages */
    gint64 deadline;            /* g_get_monotonic_time() units */
    GString *buf;               /* received, not yet parsed */
    gint64 nextId;
    bool clean;                 /* the last transaction ended with its reply
                                 * read whole: the connection may be kept */
    bool unread;                /* the server closed the connection without
                                 * reading the request: it was not applied */
    bool echoed;                /* an "echo" was answered during the request */
};

/**
 * virOvsdbConnOpen:
 * Connects @conn to the unix socket @path (kept, not copied) and starts
 * its deadline: @timeoutMs for everything until virOvsdbConnClose().  A
 * missing or refusing socket fails at once.  With reuse on
 * (virOvsdbConnSetReuse), an idle connection to @path that is still
 * alive is taken up instead of a new one.  Returns 0, or -1 with an
 * error reported.
 */
int virOvsdbConnOpen(virOvsdbConn *conn, const char *path, unsigned int timeoutMs);

/* Closes @conn; safe on a closed or half-opened one.  With reuse on, a
 * connection whose last transaction ended cleanly is kept idle for the
 * next virOvsdbConnOpen() of its path instead. */
void virOvsdbConnClose(virOvsdbConn *conn);

/* Whether closed connections are kept for reuse (default: no).  The
 * daemon turns it on at start: one connection per database instead of
 * one per operation.  Off closes every idle connection.  Not
 * thread-safe: for a program that talks OVSDB from one thread. */
void virOvsdbConnSetReuse(bool reuse);

/**
 * virOvsdbTransact:
 * @conn: an open connection
 * @params: the "transact" parameters (database name, operations)
 * @failedOp: set to the index of the operation that failed, or -1
 * @opError: where the failed operation's reason goes, or NULL
 *
 * Runs one transaction, answering the server's "echo" probes meanwhile.
 * Returns its result array (caller frees) when every operation succeeded.
 * When one failed, returns NULL with *@failedOp set and, if @opError is
 * given, OVSDB's reason in it and no error reported (the caller knows
 * what the operation meant and reports), else an error reported.  Any
 * other failure (timeout: VIR_ERR_OPERATION_TIMEOUT) returns NULL with
 * *@failedOp == -1 and an error reported.
 */
JsonNode *virOvsdbTransact(virOvsdbConn *conn, JsonNode *params,
                           gssize *failedOp, char **opError);

/* The typed ends of the variadic lists below (a bare NULL may be an int
 * in varargs). */
#define VIR_OVSDB_END_NODES ((JsonNode *)NULL)
#define VIR_OVSDB_END_NAMES ((const char *)NULL)

/* Request constructors: each returns a new node and takes ownership of
 * the nodes it is given. */
JsonNode *virOvsdbStr(const char *s);
JsonNode *virOvsdbInt(gint64 value);
/* An array of the NULL-terminated nodes; []. */
JsonNode *virOvsdbArr(JsonNode *first, ...) G_GNUC_NULL_TERMINATED;
JsonNode *virOvsdbArrEmpty(void);
/* An object of NULL-terminated name, node pairs, in that order. */
JsonNode *virOvsdbObj(const char *name, ...) G_GNUC_NULL_TERMINATED;
/* [{@column: @value}]: the "rows" of a wait on one row and column. */
JsonNode *virOvsdbOneRow(const char *column, JsonNode *value);
/* ["uuid", @uuid], or ["named-uuid", @uuid] when @named. */
JsonNode *virOvsdbUUID(const char *uuid, bool named);
/* ["map", [[k, v], ...]] from NULL-terminated key/value pairs; pairs
 * with a NULL value are left out. */
JsonNode *virOvsdbMap(const char * const *pairs);
/* The condition [@column, @func, @value]. */
JsonNode *virOvsdbCond(const char *column, const char *func, JsonNode *value);
/* [["name", "==", @name]] */
JsonNode *virOvsdbNamed(const char *name);
/* A "wait": the rows of @table matching @where, reduced to @column,
 * compare @until ("==", "!=") to @rows; @timeoutMs 0 makes it an
 * assertion on the current state. */
JsonNode *virOvsdbWaitOp(const char *table, JsonNode *where, const char *column,
                         const char *until, JsonNode *rows, unsigned int timeoutMs);
/* An assertion that no row of @table is named @name. */
JsonNode *virOvsdbAbsentOp(const char *table, const char *name);
/* A "select" of the NULL-terminated columns of @table's rows matching @where. */
JsonNode *virOvsdbSelectOp(const char *table, JsonNode *where, const char *column, ...)
    G_GNUC_NULL_TERMINATED;
/* A "comment" operation (kept in ovsdb-server's log and database file). */
JsonNode *virOvsdbCommentOp(const char *text);
/* [@database, op, ...]: "transact" parameters of NULL-terminated operations. */
JsonNode *virOvsdbTransactParams(const char *database, JsonNode *first, ...)
    G_GNUC_NULL_TERMINATED;

/* Readers of OVSDB values in replies; all return NULL/false/0 for
 * anything of another shape. */
/* X of [@tag, X]. */
JsonNode *virOvsdbPair(JsonNode *node, const char *tag);
/* A string atom. */
const char *virOvsdbString(JsonNode *node);
/* The UUID of ["uuid", "..."]. */
const char *virOvsdbUUIDAtom(JsonNode *node);
/* Whether a set datum (["set", [...]] or one atom) holds UUID @uuid. */
bool virOvsdbSetContains(JsonNode *node, const char *uuid);
/* The string elements of a set datum (["set", [...]] or one string), in
 * order (borrowed from @node; free the array only). */
GPtrArray *virOvsdbSetStrings(JsonNode *node);
/* The number of elements of a set datum. */
guint virOvsdbSetSize(JsonNode *node);
/* The string keys of a map datum, in order (borrowed from @node; free
 * the array only). */
GPtrArray *virOvsdbMapKeys(JsonNode *node);
/* The string value of @key in a map datum. */
const char *virOvsdbMapGet(JsonNode *node, const char *key);
/* The "rows" of the select result at @index of a transaction's @result. */
JsonArray *virOvsdbRows(JsonNode *result, guint index);
/* Row @i of @rows as an object. */
JsonObject *virOvsdbRowGet(JsonArray *rows, guint i);
