/*
 * qemureplay.c: recorded QMP conversations and a fake QMP server playing them
 */
#include "qemureplay.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* How long the server waits for the client's next command. */
#define VIR_QEMU_REPLAY_TIMEOUT_MS 20000

typedef struct {
    bool sent;          /* by the client */
    JsonObject *msg;
} virQEMUReplayMsg;

struct _virQEMUReplay {
    char *name;
    GArray *msgs;       /* of virQEMUReplayMsg */
    /* the current session */
    GThread *thread;
    int fd;             /* the server's end, owned by the thread */
    char *failure;      /* set by the thread; NULL when it played everything */
    char *verdict;      /* of the last joined session */
    bool joined;
};

/**
 * virQEMUReplayMsgClear:
 * Releases one message of the recording (GArray clear function).
 */
static void
virQEMUReplayMsgClear(void *p)
{
    virQEMUReplayMsg *m = p;

    json_object_unref(m->msg);
}

/**
 * virQEMUReplayFlush:
 * Parses the accumulated @text as one message.  Returns 0 or -1 (reported).
 */
static int
virQEMUReplayFlush(virQEMUReplay *replay, GString *text, bool sent, size_t lineno)
{
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    g_autoptr(GError) err = NULL;
    virQEMUReplayMsg m = { .sent = sent };
    JsonNode *root;

    if (!json_parser_load_from_data(parser, text->str, text->len, &err) ||
        !(root = json_parser_get_root(parser)) || !JSON_NODE_HOLDS_OBJECT(root)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("%1$s: message ending at line %2$zu is not a JSON object: %3$s"),
                       replay->name, lineno, err ? err->message : "");
        return -1;
    }
    m.msg = json_object_ref(json_node_get_object(root));
    g_array_append_val(replay->msgs, m);
    g_string_truncate(text, 0);
    return 0;
}

/**
 * virQEMUReplayNewFromString:
 * Parses @text in the .replies format; @name is used in messages.
 * Returns the replay, or NULL with an error reported.
 */
virQEMUReplay *
virQEMUReplayNewFromString(const char *text, const char *name)
{
    g_autoptr(virQEMUReplay) replay = g_new0(virQEMUReplay, 1);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autoptr(GString) cur = g_string_new(NULL);
    int dir = -1;   /* -1 none yet, 0 received, 1 sent */
    size_t i;

    replay->name = g_strdup(name);
    replay->fd = -1;
    replay->msgs = g_array_new(FALSE, TRUE, sizeof(virQEMUReplayMsg));
    g_array_set_clear_func(replay->msgs, virQEMUReplayMsgClear);

    for (i = 0; lines[i]; i++) {
        const char *line = lines[i];
        bool marker = strcmp(line, ">>>") == 0 || strcmp(line, "<<<") == 0;

        if (line[0] == '#')
            continue;
        if (marker) {
            if (dir >= 0 && virQEMUReplayFlush(replay, cur, dir == 1, i) < 0)
                return NULL;
            dir = line[0] == '>';
            continue;
        }
        if (dir < 0) {
            if (*g_strstrip(lines[i]) == '\0')
                continue;
            virReportError(VIR_ERR_XML_ERROR,
                           _("%1$s: line %2$zu: text before the first '>>>' or '<<<'"),
                           name, i + 1);
            return NULL;
        }
        g_string_append(cur, line);
        g_string_append_c(cur, '\n');
    }
    if (dir >= 0 && virQEMUReplayFlush(replay, cur, dir == 1, i) < 0)
        return NULL;
    if (replay->msgs->len == 0) {
        virReportError(VIR_ERR_XML_ERROR, _("%1$s: no messages"), name);
        return NULL;
    }
    return g_steal_pointer(&replay);
}

/**
 * virQEMUReplayLoad:
 * Reads and parses the .replies file @path.  NULL with an error.
 */
virQEMUReplay *
virQEMUReplayLoad(const char *path)
{
    g_autofree char *text = NULL;

    if (virFileReadAll(path, 64 * 1024 * 1024, &text) < 0)
        return NULL;
    return virQEMUReplayNewFromString(text, path);
}

/**
 * virQEMUReplayJoin:
 * Waits for the session thread and keeps its verdict.
 */
static void
virQEMUReplayJoin(virQEMUReplay *replay)
{
    if (!replay->thread)
        return;
    g_thread_join(g_steal_pointer(&replay->thread));
    g_free(replay->verdict);
    replay->verdict = g_steal_pointer(&replay->failure);
    replay->joined = true;
}

/**
 * virQEMUReplayFree:
 * Joins a running session and frees @replay.  NULL is fine.
 */
void
virQEMUReplayFree(virQEMUReplay *replay)
{
    if (!replay)
        return;
    virQEMUReplayJoin(replay);
    g_array_unref(replay->msgs);
    g_free(replay->failure);
    g_free(replay->verdict);
    g_free(replay->name);
    g_free(replay);
}

/**
 * virQEMUReplayToString:
 * Returns @obj as compact JSON (caller frees).
 */
static char *
virQEMUReplayToString(JsonObject *obj, bool pretty)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);

    json_node_set_object(node, obj);
    json_generator_set_root(gen, node);
    json_generator_set_pretty(gen, pretty);
    json_generator_set_indent(gen, 2);
    return json_generator_to_data(gen, NULL);
}

/**
 * virQEMUReplayAppendMessage:
 * Appends the marker line and @json, pretty-printed, to @out.
 */
void
virQEMUReplayAppendMessage(GString *out, bool sent, const char *json)
{
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    JsonNode *root;

    g_string_append(out, sent ? ">>>\n" : "<<<\n");
    if (json_parser_load_from_data(parser, json, -1, NULL) &&
        (root = json_parser_get_root(parser)) && JSON_NODE_HOLDS_OBJECT(root)) {
        g_autofree char *pretty = virQEMUReplayToString(json_node_get_object(root), true);

        g_string_append_printf(out, "%s\n", pretty);
    } else {
        /* Keep what QEMU sent even if it is not JSON: the recording shows
         * the problem and loading it fails loudly. */
        g_string_append_printf(out, "%s\n", json);
    }
}

/**
 * virQEMUReplayReadLine:
 * Reads one line from the client into *@line (caller frees), buffering in
 * @buf.  Returns 1 with a line, 0 at EOF, -1 on error or time-out.
 */
static int
virQEMUReplayReadLine(int fd, GString *buf, char **line)
{
    for (;;) {
        char *nl = memchr(buf->str, '\n', buf->len);
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        char chunk[4096];
        ssize_t n;

        if (nl) {
            *line = g_strndup(buf->str, nl - buf->str);
            g_string_erase(buf, 0, nl - buf->str + 1);
            g_strchomp(*line);
            return 1;
        }
        if (poll(&pfd, 1, VIR_QEMU_REPLAY_TIMEOUT_MS) <= 0)
            return -1;
        if ((n = read(fd, chunk, sizeof(chunk))) < 0) {
            if (errno == EINTR)
                continue;
            return errno == ECONNRESET ? 0 : -1;
        }
        if (n == 0)
            return 0;
        g_string_append_len(buf, chunk, n);
    }
}

/**
 * virQEMUReplaySend:
 * Sends @obj and "\r\n" to the client.  Returns 0 or -1.
 */
static int
virQEMUReplaySend(int fd, JsonObject *obj)
{
    g_autofree char *json = virQEMUReplayToString(obj, false);
    g_autofree char *data = g_strdup_printf("%s\r\n", json);
    size_t len = strlen(data), done = 0;

    while (done < len) {
        ssize_t n = send(fd, data + done, len - done, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += n;
    }
    return 0;
}

/**
 * virQEMUReplayCheckCommand:
 * Returns NULL when the client's @line is the recorded command @want (its
 * id then in *@id), else a description of the difference (caller frees).
 */
static char *
virQEMUReplayCheckCommand(JsonObject *want, const char *line, char **id)
{
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    JsonObject *got;
    JsonNode *root;
    JsonNode *wantArgs = json_object_get_member(want, "arguments");
    JsonNode *gotArgs;

    if (!json_parser_load_from_data(parser, line, -1, NULL) ||
        !(root = json_parser_get_root(parser)) || !JSON_NODE_HOLDS_OBJECT(root))
        return g_strdup_printf("client sent invalid JSON: %s", line);
    got = json_node_get_object(root);
    gotArgs = json_object_get_member(got, "arguments");

    if (g_strcmp0(virQEMUJSONGetString(got, "execute"),
                  virQEMUJSONGetString(want, "execute")) != 0 ||
        (!wantArgs != !gotArgs) ||
        (wantArgs && !json_node_equal(wantArgs, gotArgs))) {
        g_autofree char *expect = virQEMUReplayToString(want, false);

        return g_strdup_printf("expected %s, client sent %s", expect, line);
    }
    *id = g_strdup(virQEMUJSONGetString(got, "id"));
    return NULL;
}

/**
 * virQEMUReplayCopyMember:
 * Copies one member into the object @opaque (json_object_foreach_member).
 */
static void
virQEMUReplayCopyMember(JsonObject *obj, const char *name, JsonNode *node, gpointer opaque)
{
    json_object_set_member(opaque, name, json_node_copy(node));
}

/**
 * virQEMUReplayThread:
 * Plays the recording on the server end; sets replay->failure on any
 * difference.  Closes the server end when done.
 */
static gpointer
virQEMUReplayThread(gpointer opaque)
{
    virQEMUReplay *replay = opaque;
    g_autoptr(GString) buf = g_string_new(NULL);
    g_autofree char *clientId = NULL;
    const char *recordedId = NULL;  /* of the last recorded command */
    guint i;

    for (i = 0; i < replay->msgs->len && !replay->failure; i++) {
        virQEMUReplayMsg *m = &g_array_index(replay->msgs, virQEMUReplayMsg, i);
        g_autofree char *line = NULL;
        int r;

        if (!m->sent) {
            g_autoptr(JsonObject) copy = NULL;
            JsonObject *out = m->msg;

            if (clientId && recordedId &&
                g_strcmp0(virQEMUJSONGetString(m->msg, "id"), recordedId) == 0) {
                /* A shallow copy with the client's id: the recording is
                 * shared by all sessions and stays as loaded. */
                copy = json_object_new();
                json_object_foreach_member(m->msg, virQEMUReplayCopyMember, copy);
                json_object_set_string_member(copy, "id", clientId);
                out = copy;
            }
            if (virQEMUReplaySend(replay->fd, out) < 0)
                replay->failure = g_strdup_printf("%s: client closed the connection "
                                                  "before message %u", replay->name, i + 1);
            continue;
        }

        r = virQEMUReplayReadLine(replay->fd, buf, &line);
        if (r <= 0) {
            g_autofree char *expect = virQEMUReplayToString(m->msg, false);

            replay->failure = g_strdup_printf("%s: %s while waiting for %s",
                                              replay->name,
                                              r == 0 ? "client closed the connection"
                                                     : "client timed out",
                                              expect);
            break;
        }
        g_clear_pointer(&clientId, g_free);
        recordedId = virQEMUJSONGetString(m->msg, "id");
        if ((replay->failure = virQEMUReplayCheckCommand(m->msg, line, &clientId))) {
            g_autofree char *f = replay->failure;

            replay->failure = g_strdup_printf("%s: message %u: %s", replay->name, i + 1, f);
        }
    }

    /* Anything the client sends after the end of the recording. */
    if (!replay->failure) {
        g_autofree char *line = NULL;

        shutdown(replay->fd, SHUT_WR);
        if (virQEMUReplayReadLine(replay->fd, buf, &line) > 0)
            replay->failure = g_strdup_printf("%s: client sent %s after the end of the recording",
                                              replay->name, line);
    }
    virFileForceClose(&replay->fd);
    return NULL;
}

/**
 * virQEMUReplayStart:
 * Starts a session (joining the previous one).  Returns the client's
 * monitor, or NULL with an error.
 */
virQEMUMonitor *
virQEMUReplayStart(virQEMUReplay *replay)
{
    int sv[2];

    virQEMUReplayJoin(replay);
    replay->joined = false;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        virReportSystemError(errno, "%s", _("cannot create a socketpair"));
        return NULL;
    }
    replay->fd = sv[1];
    replay->thread = g_thread_new("qmp-replay", virQEMUReplayThread, replay);
    return virQEMUMonitorNew(sv[0]);
}

/**
 * virQEMUReplayFinish:
 * Joins the current session.  Returns 0 when it played exactly, else -1
 * (the difference printed).
 */
int
virQEMUReplayFinish(virQEMUReplay *replay)
{
    virQEMUReplayJoin(replay);
    if (!replay->joined) {
        printf("%s: no replay session ran\n", replay->name);
        return -1;
    }
    if (replay->verdict) {
        printf("%s\n", replay->verdict);
        return -1;
    }
    return 0;
}

/**
 * virQEMUReplayOpsStart, virQEMUReplayOpsStop:
 * virQEMUCapsProbeOps that play the replay given as @opaque.
 */
static virQEMUMonitor *
virQEMUReplayOpsStart(const char *binary, void *opaque, void **handle)
{
    *handle = opaque;
    return virQEMUReplayStart(opaque);
}

static void
virQEMUReplayOpsStop(void *handle, bool failed, void *opaque)
{
    virQEMUReplayJoin(opaque);
}

const virQEMUCapsProbeOps virQEMUReplayProbeOps = {
    .start = virQEMUReplayOpsStart,
    .stop = virQEMUReplayOpsStop,
};

/**
 * virQEMUReplayFindReply:
 * @command: a command name, e.g. "query-qmp-schema"
 *
 * Returns the recorded "return" value of the first @command in the
 * recording (borrowed, valid as long as @replay), or NULL.  Lets other
 * tests check generated JSON against the binary's recorded QAPI schema.
 */
JsonNode *
virQEMUReplayFindReply(virQEMUReplay *replay, const char *command)
{
    guint i;

    for (i = 0; i + 1 < replay->msgs->len; i++) {
        virQEMUReplayMsg *m = &g_array_index(replay->msgs, virQEMUReplayMsg, i);
        const char *id;
        guint j;

        if (!m->sent || g_strcmp0(virQEMUJSONGetString(m->msg, "execute"), command) != 0)
            continue;
        id = virQEMUJSONGetString(m->msg, "id");
        for (j = i + 1; j < replay->msgs->len; j++) {
            virQEMUReplayMsg *r = &g_array_index(replay->msgs, virQEMUReplayMsg, j);

            if (r->sent)
                break;
            if (json_object_has_member(r->msg, "return") &&
                g_strcmp0(virQEMUJSONGetString(r->msg, "id"), id) == 0)
                return json_object_get_member(r->msg, "return");
        }
    }
    return NULL;
}
