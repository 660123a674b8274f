/*
 * qemumonitortest.c: the QMP client against scripted servers
 *
 * Conversations in the .replies format (qemureplay.h) cover the protocol
 * paths: handshake, replies, QMP errors, events, stale replies, a server
 * that closes.  A raw socketpair covers what a script cannot: a server that
 * never answers (time-out) and one that sends an endless message (size
 * limit).
 */
#include "testutils.h"
#include "qemu_monitor.h"
#include "qemureplay.h"
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define GREETING "<<<\n{\"QMP\": {\"version\": {\"qemu\": {\"major\": 7, \"minor\": 2, \"micro\": 0}}, \"capabilities\": []}}\n" \
                 ">>>\n{\"execute\": \"qmp_capabilities\", \"id\": \"x\"}\n<<<\n{\"return\": {}, \"id\": \"x\"}\n"

typedef struct {
    const char *title;
    const char *script;         /* server side, after GREETING */
    const char *cmd;            /* the command the client runs */
    const char *args;           /* its arguments as JSON, or NULL */
    int rc;                     /* expected virQEMUMonitorCommand result */
    const char *expect;         /* the reply (compact JSON) or the error text part */
    const char *event;          /* an event that must have been queued, or NULL */
} qemuMonitorCase;

/**
 * testQemuMonitorNodeString:
 * Returns @node as compact JSON (caller frees).
 */
static char *
testQemuMonitorNodeString(JsonNode *node)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();

    json_generator_set_root(gen, node);
    return json_generator_to_data(gen, NULL);
}

static int
testQemuMonitorScript(const void *opaque)
{
    const qemuMonitorCase *c = opaque;
    g_autofree char *text = g_strdup_printf("%s%s", GREETING, c->script);
    g_autoptr(virQEMUReplay) replay = virQEMUReplayNewFromString(text, c->title);
    g_autoptr(virQEMUMonitor) mon = NULL;
    g_autoptr(JsonObject) args = NULL;
    g_autoptr(JsonNode) ret = NULL;
    g_autoptr(JsonObject) ev = NULL;
    int rc;

    if (!replay || !(mon = virQEMUReplayStart(replay)))
        return -1;
    virQEMUMonitorSetTimeout(mon, 5000);
    if (virQEMUMonitorHandshake(mon) < 0)
        return -1;
    if (c->args) {
        g_autoptr(JsonParser) p = json_parser_new();

        if (!json_parser_load_from_data(p, c->args, -1, NULL))
            return -1;
        args = json_object_ref(json_node_get_object(json_parser_get_root(p)));
    }

    rc = virQEMUMonitorCommand(mon, c->cmd, args, &ret);
    if (rc != c->rc) {
        printf("expected rc %d, got %d (%s)\n", c->rc, rc, virGetLastErrorMessage());
        return -1;
    }
    if (rc == 0) {
        g_autofree char *got = testQemuMonitorNodeString(ret);

        if (virTestCompareStrings(c->expect, got) < 0)
            return -1;
    } else if (!strstr(virGetLastErrorMessage(), c->expect)) {
        printf("error '%s' does not contain '%s'\n", virGetLastErrorMessage(), c->expect);
        return -1;
    }
    if (c->event) {
        if (!(ev = virQEMUMonitorWaitEvent(mon, c->event, 1000))) {
            printf("event %s not delivered: %s\n", c->event, virGetLastErrorMessage());
            return -1;
        }
    }
    g_clear_pointer(&mon, virQEMUMonitorFree);
    /* Scripts that end early are fine for failure cases; successful ones
     * must be followed to the end. */
    if (c->rc == 0 && virQEMUReplayFinish(replay) < 0)
        return -1;
    return 0;
}

/* The client's error classes: the QMP class is kept as the detail tag. */
static int
testQemuMonitorErrorClass(const void *opaque)
{
    g_autoptr(virQEMUReplay) replay = virQEMUReplayNewFromString(
        GREETING ">>>\n{\"execute\": \"nope\", \"id\": \"x\"}\n"
        "<<<\n{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command nope has not been found\"}, \"id\": \"x\"}\n"
        ">>>\n{\"execute\": \"query-version\", \"id\": \"x\"}\n<<<\n{\"return\": 1, \"id\": \"x\"}\n",
        "error class");
    g_autoptr(virQEMUMonitor) mon = NULL;
    const virError *err;

    if (!replay || !(mon = virQEMUReplayStart(replay)) || virQEMUMonitorHandshake(mon) < 0)
        return -1;
    if (virQEMUMonitorCommand(mon, "nope", NULL, NULL) != -2)
        return -1;
    err = virGetLastError();
    if (!err || g_strcmp0(err->detail, "CommandNotFound") != 0) {
        printf("detail is not the QMP class\n");
        return -1;
    }
    /* a QMP error leaves the monitor usable */
    if (virQEMUMonitorCommand(mon, "query-version", NULL, NULL) < 0)
        return -1;
    g_clear_pointer(&mon, virQEMUMonitorFree);
    return virQEMUReplayFinish(replay);
}

typedef struct {
    const char *title;
    const char *serverSends;    /* raw bytes after which the server stays silent */
    size_t repeat;              /* send serverSends this many times */
    size_t maxMessage;
    const char *expect;
} qemuMonitorRawCase;

/* A server that says @serverSends and then nothing; the client must give
 * up by its deadline or size limit instead of hanging or growing. */
static int
testQemuMonitorRaw(const void *opaque)
{
    const qemuMonitorRawCase *c = opaque;
    g_autoptr(virQEMUMonitor) mon = NULL;
    VIR_AUTOCLOSE server = -1;
    int sv[2];
    gint64 start;
    size_t i;
    int rc;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) < 0)
        return -1;
    server = sv[1];
    if (!(mon = virQEMUMonitorNew(sv[0])))
        return -1;
    virQEMUMonitorSetTimeout(mon, 300);
    if (c->maxMessage)
        virQEMUMonitorSetMaxMessage(mon, c->maxMessage);
    for (i = 0; i < c->repeat; i++) {
        if (write(server, c->serverSends, strlen(c->serverSends)) < 0)
            break;  /* socket buffer full: enough for the size limit */
    }

    start = g_get_monotonic_time();
    rc = virQEMUMonitorHandshake(mon);
    if (rc != -1 || !strstr(virGetLastErrorMessage(), c->expect)) {
        printf("expected failure '%s', got rc %d: %s\n", c->expect, rc, virGetLastErrorMessage());
        return -1;
    }
    if (g_get_monotonic_time() - start > 3 * G_USEC_PER_SEC) {
        printf("took far longer than the time-out\n");
        return -1;
    }
    return 0;
}

static int
mymain(void)
{
    static const qemuMonitorCase cases[] = {
        { "reply", ">>>\n{\"execute\": \"query-kvm\", \"id\": \"x\"}\n"
          "<<<\n{\"return\": {\"enabled\": false, \"present\": true}, \"id\": \"x\"}\n",
          "query-kvm", NULL, 0, "{\"enabled\":false,\"present\":true}", NULL },
        { "arguments are sent", ">>>\n{\"execute\": \"qom-list-types\", \"id\": \"x\", \"arguments\": {\"implements\": \"accel\"}}\n"
          "<<<\n{\"return\": [], \"id\": \"x\"}\n",
          "qom-list-types", "{\"implements\": \"accel\"}", 0, "[]", NULL },
        { "event before the reply is queued", ">>>\n{\"execute\": \"quit\", \"id\": \"x\"}\n"
          "<<<\n{\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\n"
          "<<<\n{\"return\": {}, \"id\": \"x\"}\n",
          "quit", NULL, 0, "{}", "SHUTDOWN" },
        { "event after the reply is waited for", ">>>\n{\"execute\": \"system_powerdown\", \"id\": \"x\"}\n"
          "<<<\n{\"return\": {}, \"id\": \"x\"}\n"
          "<<<\n{\"event\": \"POWERDOWN\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\n",
          "system_powerdown", NULL, 0, "{}", "POWERDOWN" },
        { "stale reply is dropped", ">>>\n{\"execute\": \"query-target\", \"id\": \"x\"}\n"
          "<<<\n{\"return\": {\"arch\": \"old\"}, \"id\": \"qmp-999\"}\n"
          "<<<\n{\"return\": {\"arch\": \"x86_64\"}, \"id\": \"x\"}\n",
          "query-target", NULL, 0, "{\"arch\":\"x86_64\"}", NULL },
        { "QMP error is reported", ">>>\n{\"execute\": \"cont\", \"id\": \"x\"}\n"
          "<<<\n{\"error\": {\"class\": \"GenericError\", \"desc\": \"boom\"}, \"id\": \"x\"}\n",
          "cont", NULL, -2, "QEMU command 'cont' failed: boom", NULL },
        { "error without id answers us", ">>>\n{\"execute\": \"cont\", \"id\": \"x\"}\n"
          "<<<\n{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error\"}}\n",
          "cont", NULL, -2, "JSON parse error", NULL },
        { "reply without return or error", ">>>\n{\"execute\": \"cont\", \"id\": \"x\"}\n"
          "<<<\n{\"id\": \"x\"}\n",
          "cont", NULL, -1, "neither 'return' nor 'error'", NULL },
        { "server closes before replying", ">>>\n{\"execute\": \"cont\", \"id\": \"x\"}\n",
          "cont", NULL, -1, "closed the monitor while waiting for 'cont'", NULL },
    };
    static const qemuMonitorRawCase raw[] = {
        { "silent server times out", "", 0, 0, "no answer from the QEMU monitor in time" },
        { "greeting cut short times out", "{\"QMP\": {", 1, 0, "no answer from the QEMU monitor in time" },
        { "oversized message is refused", "xxxxxxxxxxxxxxxx", 4096, 4096, "exceeds 4096 bytes" },
        { "non-JSON message is refused", "this is not json\r\n", 1, 0, "malformed message" },
        { "non-object message is refused", "[1, 2]\r\n", 1, 0, "not a JSON object" },
        { "missing greeting is refused", "{\"return\": {}}\r\n", 1, 0, "did not start with a QMP greeting" },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        ret |= virTestRun(cases[i].title, testQemuMonitorScript, &cases[i]);
    ret |= virTestRun("QMP error class is the detail; monitor stays usable",
                      testQemuMonitorErrorClass, NULL);
    for (i = 0; i < G_N_ELEMENTS(raw); i++)
        ret |= virTestRun(raw[i].title, testQemuMonitorRaw, &raw[i]);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
