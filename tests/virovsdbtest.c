/*
 * virovsdbtest.c: the OVSDB client against a scripted server
 *
 * A thread plays ovsdb-server on a unix socket in a temporary directory:
 * for each case it accepts one connection, reads the request and sends
 * scripted bytes (probes, notifications, replies split across writes,
 * braces inside strings, failures).  The real ovsdb-server is in
 * tests/virnetdevopenvswitchnettest.c.
 */
#include "testutils.h"
#include "virerror.h"
#include "virovsdb.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

typedef struct {
    const char *name;
    const char *const *sends;   /* chunks, NULL-terminated; "<echo>" waits for
                                 * the echo reply, "<sleep>" for 2.5 s */
    gssize failedOp;            /* expected */
    const char *error;          /* substring of the error or opError, NULL: success */
    const char *rowName;        /* expected "name" of the first row, or NULL */
} testCase;

typedef struct {
    int listenFd;
    const testCase *tc;
    char *echoReply;            /* what the client answered to the probe */
} testServer;

/**
 * testReadMessage:
 * Reads whatever @fd has within 2 s (one message: the client sends each
 * at once).  Returns it (caller frees) or NULL.
 */
static char *
testReadMessage(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    char buf[8192];
    ssize_t n;

    if (poll(&pfd, 1, 2000) <= 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
        return NULL;
    buf[n] = '\0';
    return g_strdup(buf);
}

/**
 * testServerRun:
 * The server thread: one connection, the case's script.
 */
static gpointer
testServerRun(gpointer opaque)
{
    testServer *srv = opaque;
    int fd = accept(srv->listenFd, NULL, NULL);
    g_autofree char *request = NULL;
    size_t i;

    if (fd < 0)
        return NULL;
    request = testReadMessage(fd);
    for (i = 0; request && srv->tc->sends[i]; i++) {
        const char *chunk = srv->tc->sends[i];

        if (strcmp(chunk, "<echo>") == 0) {
            srv->echoReply = testReadMessage(fd);
            continue;
        }
        if (strcmp(chunk, "<sleep>") == 0) {
            g_usleep(2500 * 1000);  /* past the client's deadline */
            continue;
        }
        if (send(fd, chunk, strlen(chunk), MSG_NOSIGNAL) < 0)
            break;
        g_usleep(20 * 1000);    /* so the client sees separate reads */
    }
    close(fd);
    return NULL;
}

/**
 * testListen:
 * A socket listening at @path (with a queue of @backlog), or -1 with
 * errno set.
 */
static int
testListen(const char *path, int backlog)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, backlog) < 0) {
        int err = errno;

        if (fd >= 0)
            close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

/**
 * testOne:
 * One case: a select transaction against the scripted server.
 */
static int
testOne(const void *opaque)
{
    const testCase *tc = opaque;
    g_autofree char *dir = g_dir_make_tmp("ovsdbtest.XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "db.sock", NULL);
    testServer srv = { .tc = tc };
    virOvsdbConn conn = { .fd = -1 };
    g_autoptr(JsonNode) params = NULL;
    g_autoptr(JsonNode) result = NULL;
    g_autofree char *opError = NULL;
    GThread *thread = NULL;
    gssize failedOp = -2;
    const char *got;
    int ret = -1;

    if ((srv.listenFd = testListen(path, 1)) < 0) {
        fprintf(stderr, "cannot listen: %s\n", g_strerror(errno));
        goto cleanup;
    }
    thread = g_thread_new("ovsdb", testServerRun, &srv);

    virResetLastError();
    params = virOvsdbTransactParams("Open_vSwitch",
                                    virOvsdbSelectOp("Bridge", virOvsdbNamed("br0"),
                                                     "name", VIR_OVSDB_END_NAMES),
                                    VIR_OVSDB_END_NODES);
    if (virOvsdbConnOpen(&conn, path, 2000) == 0)
        result = virOvsdbTransact(&conn, params, &failedOp, &opError);
    virOvsdbConnClose(&conn);
    g_thread_join(thread);

    if (failedOp != tc->failedOp) {
        fprintf(stderr, "failed operation %zd, expected %zd\n", failedOp, tc->failedOp);
        goto cleanup;
    }
    if (tc->error) {
        const char *text = opError ? opError : virGetLastErrorMessage();

        if (result || !text || !strstr(text, tc->error)) {
            fprintf(stderr, "expected an error with '%s', got '%s'\n", tc->error,
                    text ? text : "(none)");
            goto cleanup;
        }
    } else if (!result) {
        fprintf(stderr, "failed: %s\n", virGetLastErrorMessage());
        goto cleanup;
    }
    if (tc->rowName) {
        JsonArray *rows = virOvsdbRows(result, 0);
        JsonObject *row = rows && json_array_get_length(rows) > 0 ?
                          virOvsdbRowGet(rows, 0) : NULL;

        got = row ? virOvsdbString(json_object_get_member(row, "name")) : NULL;
        if (g_strcmp0(got, tc->rowName) != 0) {
            fprintf(stderr, "row name '%s', expected '%s'\n", got, tc->rowName);
            goto cleanup;
        }
    }
    if (g_strv_contains((const char * const *)tc->sends, "<echo>") &&
        (!srv.echoReply || !strstr(srv.echoReply, "\"id\":\"probe\"") ||
         !strstr(srv.echoReply, "\"result\":[\"x\"]"))) {
        fprintf(stderr, "echo not answered: %s\n", srv.echoReply);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    if (srv.listenFd >= 0)
        close(srv.listenFd);
    g_free(srv.echoReply);
    unlink(path);
    rmdir(dir);
    return ret;
}

/**
 * testKeptConnTeardown:
 * The clean-up of a test of kept connections: reuse switched off again
 * (so the next test starts without a kept connection), the server thread
 * @thread joined (NULL: none was started), the listening socket
 * @listenFd closed (-1: none) and the socket @path and its temporary
 * directory @dir removed.
 */
static void
testKeptConnTeardown(GThread *thread, int listenFd, const char *path, const char *dir)
{
    virOvsdbConnSetReuse(false);
    if (thread)
        g_thread_join(thread);
    if (listenFd >= 0)
        close(listenFd);
    unlink(path);
    rmdir(dir);
}

/* The reuse server: answers every request; closes the connection after
 * the third answer (an ovsdb-server restarting under an idle client). */
typedef struct {
    int listenFd;
    int accepts;
    int answers;
} testReuseServer;

#define TEST_REUSE_REPLY "{\"id\":1,\"result\":[{\"rows\":[{\"name\":\"br0\"}]}],\"error\":null}"
#define TEST_REUSE_REQUESTS 5

/**
 * testReuseServerRun:
 * The reuse server's thread: TEST_REUSE_REQUESTS answers, over as many
 * connections as it takes.
 */
static gpointer
testReuseServerRun(gpointer opaque)
{
    testReuseServer *srv = opaque;

    while (srv->answers < TEST_REUSE_REQUESTS) {
        int fd = accept(srv->listenFd, NULL, NULL);
        char *request;

        if (fd < 0)
            return NULL;
        srv->accepts++;
        while (srv->answers < TEST_REUSE_REQUESTS && (request = testReadMessage(fd))) {
            g_free(request);
            if (send(fd, TEST_REUSE_REPLY, strlen(TEST_REUSE_REPLY), MSG_NOSIGNAL) < 0)
                break;
            if (++srv->answers == 3)
                break;
        }
        close(fd);
    }
    return NULL;
}

/**
 * testReuse:
 * With reuse on, one connection serves consecutive operations; one the
 * server closed while idle is replaced without the caller noticing; with
 * reuse off again, nothing is kept.
 */
static int
testReuse(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("ovsdbtest.XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "db.sock", NULL);
    testReuseServer srv = { 0 };
    GThread *thread = NULL;
    int ret = -1;
    int i;

    if ((srv.listenFd = testListen(path, 4)) < 0)
        goto cleanup;
    thread = g_thread_new("ovsdb", testReuseServerRun, &srv);
    virOvsdbConnSetReuse(true);
    for (i = 0; i < TEST_REUSE_REQUESTS; i++) {
        virOvsdbConn conn = { .fd = -1 };
        g_autoptr(JsonNode) params = virOvsdbTransactParams("Open_vSwitch",
            virOvsdbSelectOp("Bridge", virOvsdbNamed("br0"), "name", VIR_OVSDB_END_NAMES),
            VIR_OVSDB_END_NODES);
        g_autoptr(JsonNode) result = NULL;
        gssize failedOp;

        /* after the third answer the server closed the idle connection */
        if (i == 3)
            g_usleep(100 * 1000);
        if (virOvsdbConnOpen(&conn, path, 2000) == 0)
            result = virOvsdbTransact(&conn, params, &failedOp, NULL);
        virOvsdbConnClose(&conn);
        if (!result) {
            fprintf(stderr, "operation %d: %s\n", i, virGetLastErrorMessage());
            goto cleanup;
        }
    }
    g_thread_join(g_steal_pointer(&thread));
    if (srv.accepts != 2) {
        fprintf(stderr, "%d connections for %d operations, expected 2\n",
                srv.accepts, TEST_REUSE_REQUESTS);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    testKeptConnTeardown(thread, srv.listenFd, path, dir);
    return ret;
}

/* The drop server: answers the first request on a connection it keeps
 * open, then drops the connection under the second one, either before
 * reading it (the client gets a reset: nothing was applied) or after
 * (end of file: it may have been applied); then answers whatever comes
 * on a new connection. */
typedef struct {
    int listenFd;
    bool readFirst;             /* drop after reading the second request */
    int accepts;
    int requests;               /* requests read */
} testDropServer;

/**
 * testDropServerRun:
 * The drop server's thread.
 */
static gpointer
testDropServerRun(gpointer opaque)
{
    testDropServer *srv = opaque;
    struct pollfd pfd = { .events = POLLIN };
    g_autofree char *request = NULL;
    int fd;

    if ((fd = accept(srv->listenFd, NULL, NULL)) < 0)
        return NULL;
    srv->accepts++;
    if (!(request = testReadMessage(fd)) ||
        send(fd, TEST_REUSE_REPLY, strlen(TEST_REUSE_REPLY), MSG_NOSIGNAL) < 0) {
        close(fd);
        return NULL;
    }
    srv->requests++;
    pfd.fd = fd;
    /* the second request is there: leave it unread, or read it */
    if (poll(&pfd, 1, 5000) == 1 && srv->readFirst) {
        g_free(request);
        if ((request = testReadMessage(fd)))
            srv->requests++;
    }
    close(fd);
    /* a client that tries again comes within its time-out */
    pfd.fd = srv->listenFd;
    if (poll(&pfd, 1, 1000) != 1 || (fd = accept(srv->listenFd, NULL, NULL)) < 0)
        return NULL;
    srv->accepts++;
    g_free(request);
    if ((request = testReadMessage(fd))) {
        srv->requests++;
        if (send(fd, TEST_REUSE_REPLY, strlen(TEST_REUSE_REPLY), MSG_NOSIGNAL) < 0)
            srv->requests = -1000;
    }
    close(fd);
    return NULL;
}

/**
 * testDrop:
 * A kept connection the server drops under a request: when the server
 * had not read it, the client sends it again, once, on a new connection
 * and succeeds; when it had, the request fails saying it may have been
 * applied, and is not sent again.
 */
static int
testDrop(const void *opaque)
{
    bool readFirst = GPOINTER_TO_INT(opaque);
    g_autofree char *dir = g_dir_make_tmp("ovsdbtest.XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "db.sock", NULL);
    testDropServer srv = { .readFirst = readFirst };
    GThread *thread = NULL;
    g_autoptr(JsonNode) second = NULL;
    int ret = -1;
    int i;

    if ((srv.listenFd = testListen(path, 4)) < 0)
        goto cleanup;
    thread = g_thread_new("ovsdb", testDropServerRun, &srv);
    virOvsdbConnSetReuse(true);
    for (i = 0; i < 2; i++) {
        virOvsdbConn conn = { .fd = -1 };
        g_autoptr(JsonNode) params = virOvsdbTransactParams("Open_vSwitch",
            virOvsdbSelectOp("Bridge", virOvsdbNamed("br0"), "name", VIR_OVSDB_END_NAMES),
            VIR_OVSDB_END_NODES);
        gssize failedOp;

        virResetLastError();
        if (virOvsdbConnOpen(&conn, path, 3000) == 0) {
            JsonNode *result = virOvsdbTransact(&conn, params, &failedOp, NULL);

            if (i == 0 && !result) {
                fprintf(stderr, "first request: %s\n", virGetLastErrorMessage());
                virOvsdbConnClose(&conn);
                goto cleanup;
            }
            if (i == 1)
                second = result;
            else
                json_node_unref(result);
        }
        virOvsdbConnClose(&conn);
    }
    g_thread_join(g_steal_pointer(&thread));
    if (readFirst) {
        if (second || !strstr(virGetLastErrorMessage(), "may have been applied") ||
            srv.accepts != 1 || srv.requests != 2) {
            fprintf(stderr, "read, then dropped: %s, '%s', %d connections, %d requests read\n",
                    second ? "succeeded" : "failed", virGetLastErrorMessage(),
                    srv.accepts, srv.requests);
            goto cleanup;
        }
    } else if (!second || srv.accepts != 2 || srv.requests != 2) {
        fprintf(stderr, "dropped unread: %s, '%s', %d connections, %d requests read\n",
                second ? "succeeded" : "failed", virGetLastErrorMessage(),
                srv.accepts, srv.requests);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    testKeptConnTeardown(thread, srv.listenFd, path, dir);
    return ret;
}

static int
mymain(void)
{
    static const char *const plain[] = {
        "{\"id\":1,\"result\":[{\"rows\":[{\"name\":\"br0\"}]}],\"error\":null}", NULL,
    };
    static const char *const probed[] = {
        "{\"method\":\"echo\",\"params\":[\"x\"],\"id\":\"probe\"}", "<echo>",
        "{\"method\":\"update\",\"params\":[null,{}],\"id\":null}",
        "{\"id\":99,\"result\":[],\"error\":null}",
        "{\"id\":1,\"result\":[{\"rows\":[{\"na", "me\":\"br0\"}]}],", "\"error\":null}",
        NULL,
    };
    static const char *const braces[] = {
        " \n{\"id\":1,\"result\":[{\"rows\":[{\"name\":\"a}]{\\\"[\"}]}],\"error\":null}", NULL,
    };
    static const char *const opFailed[] = {
        "{\"id\":1,\"result\":[{\"error\":\"timed out\",\"details\":\"wait\"}],\"error\":null}",
        NULL,
    };
    static const char *const commitFailed[] = {
        "{\"id\":1,\"result\":[{\"rows\":[]},{\"error\":\"constraint violation\"}],"
        "\"error\":null}", NULL,
    };
    static const char *const rpcError[] = {
        "{\"id\":1,\"result\":null,\"error\":\"unknown database\"}", NULL,
    };
    static const char *const tooFew[] = { "{\"id\":1,\"result\":[],\"error\":null}", NULL };
    static const char *const garbage[] = { "hello", NULL };
    static const char *const notObject[] = { "[1,2]", NULL };
    static const char *const closed[] = { NULL };
    static const char *const silent[] = { "<sleep>", NULL };
    static const testCase cases[] = {
        { "reply", plain, -1, NULL, "br0" },
        { "echo probe, notification, other id, split reply", probed, -1, NULL, "br0" },
        { "braces and quotes inside strings", braces, -1, NULL, "a}]{\"[" },
        { "an operation failed", opFailed, 0, "timed out: wait", NULL },
        { "the commit failed (extra result)", commitFailed, 1, "constraint violation", NULL },
        { "JSON-RPC error", rpcError, -1, "refused the transaction: \"unknown database\"", NULL },
        { "fewer results than operations", tooFew, -1, "0 results for 1 operations", NULL },
        { "not JSON", garbage, -1, "not JSON-RPC", NULL },
        { "not an object", notObject, -1, "not an object", NULL },
        { "connection closed", closed, -1, "closed the connection", NULL },
        { "no reply: deadline", silent, -1, "within 2000 ms", NULL },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (virTestRun(cases[i].name, testOne, &cases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("connections kept for reuse", testReuse, NULL) < 0)
        ret = -1;
    if (virTestRun("kept connection dropped under a request it had not read: sent again",
                   testDrop, GINT_TO_POINTER(false)) < 0 ||
        virTestRun("kept connection dropped under a request it had read: fails, not sent again",
                   testDrop, GINT_TO_POINTER(true)) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
