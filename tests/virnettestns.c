/*
 * virnettestns.c: network namespaces for the root network tests
 */
#include "virnettestns.h"
#include "testutils.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

struct _virTestNetns {
    GPid pid;
};

/**
 * virTestChildSetup:
 * In the child: die with the test.
 */
static void
virTestChildSetup(gpointer opaque G_GNUC_UNUSED)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * virTestNetnsLink:
 * Returns the namespace link of @pid ("net:[...]"), or NULL.
 */
static char *
virTestNetnsLink(int pid)
{
    g_autofree char *path = pid ? g_strdup_printf("/proc/%d/ns/net", pid)
                                : g_strdup("/proc/self/ns/net");

    return g_file_read_link(path, NULL);
}

int
virTestNetnsEnterPrivate(const char *needs)
{
    if (geteuid() != 0) {
        printf("SKIP: needs root (%s)\n", needs);
        return EXIT_AM_SKIP;
    }
    if (unshare(CLONE_NEWNET) < 0) {
        printf("SKIP: cannot create a network namespace: %s\n", g_strerror(errno));
        return EXIT_AM_SKIP;
    }
    return 0;
}

virTestNetns *
virTestNetnsNew(void)
{
    const char *argv[] = { "unshare", "-n", "sleep", "3600", NULL };
    g_autoptr(GError) err = NULL;
    g_autofree char *self = virTestNetnsLink(0);
    g_autoptr(virTestNetns) ns = g_new0(virTestNetns, 1);
    int i;

    if (!g_spawn_async(NULL, (char **)argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                       G_SPAWN_STDOUT_TO_DEV_NULL,
                       virTestChildSetup, NULL, &ns->pid, &err)) {
        printf("cannot run unshare: %s\n", err->message);
        return NULL;
    }
    /* until unshare has switched and exec'd sleep */
    for (i = 0; i < 500; i++) {
        g_autofree char *link = virTestNetnsLink(ns->pid);

        if (link && self && strcmp(link, self) != 0)
            break;
        g_usleep(10 * 1000);
    }
    if (i == 500 || virTestNetnsRun(ns, NULL, "ip link set lo up") != 0) {
        printf("the namespace did not come up\n");
        return NULL;
    }
    return g_steal_pointer(&ns);
}

void
virTestNetnsFree(virTestNetns *ns)
{
    if (!ns)
        return;
    if (ns->pid > 0) {
        kill(ns->pid, SIGKILL);
        waitpid(ns->pid, NULL, 0);
    }
    g_free(ns);
}

int
virTestNetnsPid(const virTestNetns *ns)
{
    return ns->pid;
}

int
virTestNetnsRun(const virTestNetns *ns, char **out, const char *fmt, ...)
{
    g_autofree char *cmd = NULL;
    g_autofree char *pidText = ns ? g_strdup_printf("%d", ns->pid) : NULL;
    g_autofree char *stdoutText = NULL;
    g_autofree char *stderrText = NULL;
    g_autoptr(GError) err = NULL;
    const char *argvNs[] = { "nsenter", "-t", pidText, "-n", "sh", "-c", NULL, NULL };
    const char *argvSelf[] = { "sh", "-c", NULL, NULL };
    const char **argv = ns ? argvNs : argvSelf;
    int status;
    va_list ap;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    argv[ns ? 6 : 2] = cmd;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, virTestChildSetup,
                      NULL, &stdoutText, &stderrText, &status, &err)) {
        printf("cannot run '%s': %s\n", cmd, err->message);
        return -1;
    }
    if (stderrText && *stderrText && g_getenv("VIR_TEST_DEBUG"))
        printf("'%s': %s", cmd, stderrText);
    if (out)
        *out = g_steal_pointer(&stdoutText);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return -1;
}

GPid
virTestNetnsSpawn(const virTestNetns *ns, int *outfd, const char *cmd)
{
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) err = NULL;
    GPid pid = 0;

    if (!ns)
        argv = g_strdupv((char *[]){ (char *)"sh", (char *)"-c", (char *)cmd, NULL });
    else {
        argv = g_new0(char *, 8);
        argv[0] = g_strdup("nsenter");
        argv[1] = g_strdup("-t");
        argv[2] = g_strdup_printf("%d", ns->pid);
        argv[3] = g_strdup("-n");
        argv[4] = g_strdup("sh");
        argv[5] = g_strdup("-c");
        argv[6] = g_strdup(cmd);
    }
    if (!g_spawn_async_with_pipes(NULL, argv, NULL,
                                  G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                  virTestChildSetup, NULL, &pid, NULL, outfd, NULL, &err)) {
        printf("cannot run '%s': %s\n", cmd, err->message);
        return 0;
    }
    return pid;
}

char *
virTestReadLine(int fd, int ms)
{
    GString *line = g_string_new(NULL);
    gint64 deadline = g_get_monotonic_time() + (gint64)ms * 1000;

    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        gint64 left = (deadline - g_get_monotonic_time()) / 1000;
        char c;

        if (left <= 0 || poll(&pfd, 1, left) <= 0 || read(fd, &c, 1) != 1)
            break;
        if (c == '\n')
            return g_string_free(line, FALSE);
        g_string_append_c(line, c);
    }
    g_string_free(line, TRUE);
    return NULL;
}

const char *
virTestPython(void)
{
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

const char *
virTestPeerScript(void)
{
    static char *path;

    if (!path)
        path = g_build_filename(virTestSrcDir(), "virnettestpeer.py", NULL);
    return path;
}

int
virTestNftGoldenApply(const char *dir, const char *marker, const char *table,
                      int (*remove)(const char *object),
                      const char *before, const char *after)
{
    g_autofree char *path = g_build_filename(virTestSrcDir(), dir, NULL);
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    const char *name;
    int n = 0;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *file = g_build_filename(path, name, NULL);
        g_autofree char *text = NULL;
        g_autofree char *object = NULL;
        g_autofree char *listing = NULL;
        g_autofree char *left = NULL;
        const char *p;

        if (!g_str_has_suffix(name, ".nft") || !g_file_get_contents(file, &text, NULL, NULL))
            continue;
        if (!(p = strstr(text, marker))) {
            printf("%s: no '%s'\n", name, marker);
            return -1;
        }
        p += strlen(marker);
        object = g_strndup(p, strcspn(p, "\n"));
        if (virTestNetnsRun(NULL, NULL, "nft -f '%s'", file) != 0) {
            printf("the kernel refuses %s\n", name);
            return -1;
        }
        if (remove(object) < 0)
            return -1;
        virTestNetnsRun(NULL, &listing, "nft list table %s 2>/dev/null", table);
        left = g_strdup_printf("%s%s%s", before, object, after);
        if (listing && strstr(listing, left)) {
            printf("%s: left behind:\n%s", name, listing);
            return -1;
        }
        n++;
    }
    return n > 0 ? n : -1;
}
