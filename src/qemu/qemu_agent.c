/*
 * qemu_agent.c: a small synchronous client of the QEMU guest agent
 * (see qemu_agent.h)
 */
#include "qemu_agent.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* The longest agent reply read (guest-get-fsinfo of a big guest fits). */
#define QEMU_AGENT_MAX_REPLY (4 * 1024 * 1024)

/**
 * qemuAgentWrite:
 * Writes @text and a newline to @fd.  Returns 0 or -1 with an error.
 */
static int
qemuAgentWrite(int fd, const char *text)
{
    g_autofree char *line = g_strdup_printf("%s\n", text);
    size_t done = 0;
    size_t len = strlen(line);

    while (done < len) {
        ssize_t n = send(fd, line + done, len - done, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            virReportSystemError(errno, "%s", _("cannot write to the guest agent's socket"));
            return -1;
        }
        done += n;
    }
    return 0;
}

/**
 * qemuAgentReadLine:
 * Reads one line from @fd into a new string (without the newline),
 * waiting at most until @deadline (g_get_monotonic_time() microseconds).
 * A 0xFF byte (the agent's sync delimiter) ends a line too, returned as
 * the line "\xff".  Returns it (caller frees), or NULL with an error.
 */
static char *
qemuAgentReadLine(int fd, gint64 deadline)
{
    g_autoptr(GString) line = g_string_new(NULL);

    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        gint64 left = (deadline - g_get_monotonic_time()) / 1000;
        char c;
        ssize_t n;
        int rc;

        if (left <= 0 || (rc = poll(&pfd, 1, (int)left)) == 0) {
            virReportError(VIR_ERR_OPERATION_TIMEOUT, "%s",
                           _("the guest agent is not responding: no reply in time (is qemu-guest-agent running in the guest?)"));
            return NULL;
        }
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            virReportSystemError(errno, "%s", _("cannot wait for the guest agent"));
            return NULL;
        }
        if ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("the guest agent's socket was closed"));
            return NULL;
        }
        if ((unsigned char)c == 0xff)
            return g_strdup("\xff");
        if (c == '\n')
            return g_string_free(g_steal_pointer(&line), FALSE);
        if (line->len >= QEMU_AGENT_MAX_REPLY) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("the guest agent's reply is too long"));
            return NULL;
        }
        g_string_append_c(line, c);
    }
}

/**
 * qemuAgentParseObject:
 * @text as a JSON object (a new reference), or NULL.
 */
static JsonObject *
qemuAgentParseObject(const char *text)
{
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    JsonNode *root;

    if (!json_parser_load_from_data(parser, text, -1, NULL) ||
        !(root = json_parser_get_root(parser)) || !JSON_NODE_HOLDS_OBJECT(root))
        return NULL;
    return json_object_ref(json_node_get_object(root));
}

/**
 * qemuAgentSync:
 * guest-sync-delimited with a random id; skips everything up to the
 * delimiter and replies to other ids.  Returns 0 or -1 with an error.
 */
static int
qemuAgentSync(int fd, gint64 deadline)
{
    gint64 id = g_random_int_range(1, G_MAXINT32);
    g_autofree char *cmd = g_strdup_printf("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":%" G_GINT64_FORMAT "}}", id);
    bool delimited = false;

    if (qemuAgentWrite(fd, cmd) < 0)
        return -1;
    for (;;) {
        g_autofree char *line = qemuAgentReadLine(fd, deadline);
        g_autoptr(JsonObject) reply = NULL;
        JsonNode *ret;

        if (!line)
            return -1;
        if (strcmp(line, "\xff") == 0) {
            delimited = true;
            continue;
        }
        if (!delimited || !(reply = qemuAgentParseObject(line)))
            continue;
        if ((ret = json_object_get_member(reply, "return")) &&
            JSON_NODE_HOLDS_VALUE(ret) && json_node_get_value_type(ret) == G_TYPE_INT64 &&
            json_node_get_int(ret) == id)
            return 0;
    }
}

/**
 * qemuAgentCommandFd:
 * See qemu_agent.h.
 */
char *
qemuAgentCommandFd(int fd, const char *cmd, int timeoutMs)
{
    g_autoptr(JsonObject) request = qemuAgentParseObject(cmd);
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;
    g_autoptr(JsonNode) node = NULL;

    if (!request || !json_object_has_member(request, "execute")) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("'%1$s' is not a guest agent command (a JSON object with \"execute\")"),
                       cmd);
        return NULL;
    }
    if (qemuAgentSync(fd, deadline) < 0)
        return NULL;
    node = json_node_init_object(json_node_alloc(), request);
    {
        g_autofree char *compact = json_to_string(node, FALSE);

        if (qemuAgentWrite(fd, compact) < 0)
            return NULL;
    }
    for (;;) {
        g_autofree char *line = qemuAgentReadLine(fd, deadline);
        g_autoptr(JsonObject) reply = NULL;
        g_autoptr(JsonNode) out = NULL;

        if (!line)
            return NULL;
        if (strcmp(line, "\xff") == 0 || !*g_strstrip(line))
            continue;
        if (!(reply = qemuAgentParseObject(line)) ||
            (!json_object_has_member(reply, "return") &&
             !json_object_has_member(reply, "error"))) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("the guest agent sent a malformed reply"));
            return NULL;
        }
        out = json_node_init_object(json_node_alloc(), reply);
        return json_to_string(out, FALSE);
    }
}

/**
 * qemuAgentCommand:
 * See qemu_agent.h.
 */
char *
qemuAgentCommand(const char *path, const char *cmd, int timeoutMs)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    VIR_AUTOCLOSE fd = -1;

    if (strlen(path) >= sizeof(sun.sun_path)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("the guest agent's socket path '%1$s' is too long"), path);
        return NULL;
    }
    strcpy(sun.sun_path, path);
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
        connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
        virReportSystemError(errno, _("cannot connect to the guest agent's socket '%1$s'"),
                             path);
        return NULL;
    }
    return qemuAgentCommandFd(fd, cmd, timeoutMs);
}
