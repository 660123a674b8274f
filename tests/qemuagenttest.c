/*
 * qemuagenttest.c: the guest agent client against a scripted agent on
 * the other end of a socketpair: the sync exchange (noise before the
 * 0xFF delimiter and replies to other ids are skipped), replies and
 * error replies passed through, a silent agent timing out, a command
 * that is not a JSON object refused before anything is sent.
 */
#include "testutils.h"
#include "qemu_agent.h"
#include "virerror.h"
#include "virfile.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    const char *name;
    const char *noise;     /* sent before the delimiter, NULL: none */
    const char *reply;     /* the reply to the command, NULL: stay silent */
    const char *expect;    /* what the client returns, NULL: an error */
    virErrorNumber errorCode; /* the error when @expect is NULL */
    const char *command;
} testCase;

/* Reads a line from @fd (blocking), for the fake agent. */
static char *
testReadLine(int fd)
{
    g_autoptr(GString) line = g_string_new(NULL);
    char c;

    while (read(fd, &c, 1) == 1 && c != '\n')
        g_string_append_c(line, c);
    return g_string_free(g_steal_pointer(&line), FALSE);
}

/* The fake agent: answers the sync with @c's noise, a delimiter and a
 * reply to another id first, then the real id; then the command with
 * @c->reply.  Exits 0 when what it read was what the client must send. */
static int
testAgent(int fd, const testCase *c)
{
    g_autofree char *sync = testReadLine(fd);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autofree char *cmd = NULL;
    g_autofree char *answer = NULL;
    JsonObject *args;
    gint64 id;

    if (!json_parser_load_from_data(parser, sync, -1, NULL) ||
        g_strcmp0(json_object_get_string_member(json_node_get_object(json_parser_get_root(parser)),
                                                "execute"), "guest-sync-delimited") != 0)
        return 1;
    args = json_object_get_object_member(json_node_get_object(json_parser_get_root(parser)),
                                         "arguments");
    id = json_object_get_int_member(args, "id");
    if (c->noise && write(fd, c->noise, strlen(c->noise)) < 0)
        return 1;
    answer = g_strdup_printf("\xff{\"return\": %" G_GINT64_FORMAT "}\n{\"return\": %" G_GINT64_FORMAT "}\n",
                             id + 1, id);
    if (write(fd, answer, strlen(answer)) < 0)
        return 1;
    cmd = testReadLine(fd);
    if (strstr(cmd, "\"execute\":\"guest-info\"") == NULL)
        return 1;
    if (!c->reply) {
        sleep(3);
        return 0;
    }
    if (write(fd, c->reply, strlen(c->reply)) < 0)
        return 1;
    return 0;
}

static int
testOne(const void *opaque)
{
    const testCase *c = opaque;
    g_autofree char *got = NULL;
    int sv[2];
    pid_t pid;
    int status = 0;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return -1;
    if ((pid = fork()) == 0) {
        close(sv[0]);
        _exit(strcmp(c->command, "not json") == 0 ? 0 : testAgent(sv[1], c));
    }
    close(sv[1]);
    got = qemuAgentCommandFd(sv[0], c->command, 1000);
    close(sv[0]);
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("     the fake agent did not get what it expected\n");
        return -1;
    }
    if (c->expect)
        return virTestCompareStrings(c->expect, got);
    if (got) {
        printf("     expected an error, got '%s'\n", got);
        return -1;
    }
    return virGetLastErrorCode() == c->errorCode ? 0 : -1;
}

static int
mymain(void)
{
    static const char guestInfo[] = "{\"execute\":\"guest-info\"}";
    static const testCase cases[] = {
        { "reply", NULL, "{\"return\": {\"version\": \"7.2.0\"}}\n",
          "{\"return\":{\"version\":\"7.2.0\"}}", 0, guestInfo },
        { "noise before the delimiter", "{\"retu", "{\"return\": {}}\n",
          "{\"return\":{}}", 0, guestInfo },
        { "error reply", NULL,
          "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"no\"}}\n",
          "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"no\"}}", 0, guestInfo },
        { "malformed reply", NULL, "{\"neither\": 1}\n", NULL,
          VIR_ERR_OPERATION_FAILED, guestInfo },
        { "silent agent", NULL, NULL, NULL, VIR_ERR_OPERATION_TIMEOUT, guestInfo },
        { "not a command", NULL, NULL, NULL, VIR_ERR_INVALID_ARG, "not json" },
    };
    size_t i;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (virTestRun(cases[i].name, testOne, &cases[i]) < 0)
            ret = -1;
    }
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
