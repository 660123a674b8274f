/*
 * virprocess.c: the kernel's view of a running process
 *
 * See virprocess.h.  Everything here reads /proc or uses the pidfd
 * system calls directly; nothing keeps state.
 */
#include "virprocess.h"

#include "virerror.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_NONE

/* The fdinfo line of a tun/tap fd that names its interface. */
#define VIR_PROCESS_FDINFO_IFF "iff:\t"

/**
 * virProcessGetStartTime:
 * See virprocess.h.
 */
int
virProcessGetStartTime(pid_t pid, unsigned long long *startTime)
{
    g_autofree char *path = g_strdup_printf("/proc/%lld/stat", (long long)pid);
    g_autofree char *buf = NULL;
    g_auto(GStrv) fields = NULL;
    const char *rest;
    guint64 num;

    if (!g_file_get_contents(path, &buf, NULL, NULL))
        return 0;

    /* The command name (field 2) may hold spaces and parentheses: the
     * fields after it start after the last ')'. */
    if (!(rest = strrchr(buf, ')')) || rest[1] != ' ') {
        virReportError(VIR_ERR_INTERNAL_ERROR, _("cannot parse '%1$s'"), path);
        return -1;
    }
    fields = g_strsplit(rest + 2, " ", 0);
    /* rest starts at field 3 (state); field 22 is index 19 */
    if (g_strv_length(fields) < 20 ||
        !g_ascii_string_to_unsigned(fields[19], 10, 0, G_MAXUINT64, &num, NULL)) {
        virReportError(VIR_ERR_INTERNAL_ERROR, _("cannot parse '%1$s'"), path);
        return -1;
    }
    if (g_str_equal(fields[0], "Z") || g_str_equal(fields[0], "X"))
        return 0;
    *startTime = num;
    return 1;
}

/**
 * virProcessIsAlive:
 * See virprocess.h.  An unparsable /proc entry counts as gone, its error
 * dropped: the callers only ask whether the process they started is
 * still there.
 */
bool
virProcessIsAlive(pid_t pid, unsigned long long startTime)
{
    unsigned long long now;
    int rc = virProcessGetStartTime(pid, &now);

    if (rc < 0)
        virResetLastError();
    return rc > 0 && now == startTime;
}

/**
 * virProcessPidfdOpen:
 * See virprocess.h.
 */
int
virProcessPidfdOpen(pid_t pid)
{
#ifdef SYS_pidfd_open
    return syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/**
 * virProcessPidfdGetPid:
 * Reads the "Pid:" line of @pidfd's /proc/self/fdinfo entry (-1 once
 * the process has exited, 0 when it is in no pid namespace of ours).
 * Returns 0 with @pid set, or -1 with an error when @pidfd is not a pidfd.
 */
static int
virProcessPidfdGetPid(int pidfd, gint64 *pid)
{
    g_autofree char *link = g_strdup_printf("/proc/self/fd/%d", pidfd);
    g_autofree char *info = g_strdup_printf("/proc/self/fdinfo/%d", pidfd);
    g_autofree char *target = g_file_read_link(link, NULL);
    g_autofree char *buf = NULL;
    const char *line;

    /* "pidfd:[N]" on kernels whose pidfds live in pidfs' own name */
    if (!target ||
        (strcmp(target, "anon_inode:[pidfd]") != 0 && !g_str_has_prefix(target, "pidfd:")) ||
        !g_file_get_contents(info, &buf, NULL, NULL)) {
        virReportError(VIR_ERR_INVALID_ARG, _("file descriptor %1$d is not a pidfd"), pidfd);
        return -1;
    }
    for (line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        g_autofree char *value = NULL;

        if (!g_str_has_prefix(line, "Pid:"))
            continue;
        value = g_strndup(line + 4, strcspn(line + 4, "\n"));
        if (g_ascii_string_to_signed(g_strstrip(value), 10, -1, G_MAXINT32, pid, NULL))
            return 0;
    }
    virReportError(VIR_ERR_INVALID_ARG, _("file descriptor %1$d is not a pidfd"), pidfd);
    return -1;
}

/**
 * virProcessPidfdIdentify:
 * See virprocess.h.
 */
int
virProcessPidfdIdentify(int pidfd, pid_t *pid, unsigned long long *startTime)
{
    gint64 num;
    int rc;

    if (virProcessPidfdGetPid(pidfd, &num) < 0)
        return -1;
    if (num < 0)
        return 0;
    if (num == 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("the process of the pidfd is not in this pid namespace"));
        return -1;
    }
    if ((rc = virProcessGetStartTime(num, startTime)) <= 0)
        return rc;
    /* still not exited, so not reaped: the stat read was of this process */
    if ((rc = virProcessPidfdWait(pidfd, 0)) != 0)
        return rc < 0 ? -1 : 0;
    *pid = num;
    return 1;
}

/**
 * virProcessPidfdWait:
 * See virprocess.h.  A pidfd polls readable once the process has exited.
 */
int
virProcessPidfdWait(int pidfd, int timeoutMs)
{
    struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
    gint64 deadline = g_get_monotonic_time() + (gint64)timeoutMs * 1000;

    for (;;) {
        int wait = timeoutMs < 0 ? -1 : (int)MAX(0, (deadline - g_get_monotonic_time()) / 1000);
        int rc = poll(&pfd, 1, wait);

        if (rc > 0)
            return 1;
        if (rc == 0)
            return 0;
        if (errno != EINTR) {
            virReportSystemError(errno, "%s", _("cannot wait for a process through its pidfd"));
            return -1;
        }
    }
}

/**
 * virProcessPidfdKill:
 * See virprocess.h.
 */
int
virProcessPidfdKill(int pidfd, pid_t pid, int sig)
{
    int rc = -1;

#ifdef SYS_pidfd_send_signal
    if (pidfd >= 0)
        rc = syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
    else
        errno = ENOSYS;
#else
    errno = ENOSYS;
#endif
    if (rc < 0 && errno == ENOSYS)
        rc = kill(pid, sig);
    if (rc < 0 && errno != ESRCH) {
        virReportSystemError(errno, _("cannot send signal %1$d to process %2$lld"),
                             sig, (long long)pid);
        return -1;
    }
    return 0;
}

/**
 * virProcessFdinfoGetTunIfname:
 * See virprocess.h.  The kernel prints "iff:\tNAME" for a tun fd that
 * is attached (TUNSETIFF done); other fds have no such line.
 */
char *
virProcessFdinfoGetTunIfname(const char *fdinfo)
{
    const char *iff = fdinfo;
    size_t len;

    /* only at the start of a line */
    while ((iff = strstr(iff, VIR_PROCESS_FDINFO_IFF))) {
        if (iff == fdinfo || iff[-1] == '\n')
            break;
        iff++;
    }
    if (!iff)
        return NULL;
    iff += strlen(VIR_PROCESS_FDINFO_IFF);
    if ((len = strcspn(iff, "\n")) == 0)
        return NULL;
    return g_strndup(iff, len);
}

/* GCompareFunc over ints. */
static gint
virProcessCompareInt(gconstpointer a, gconstpointer b)
{
    int x = *(const int *)a;
    int y = *(const int *)b;

    return x < y ? -1 : x > y;
}

/**
 * virProcessListTunIfnames:
 * See virprocess.h.
 */
char **
virProcessListTunIfnames(pid_t pid)
{
    g_autofree char *dirPath = g_strdup_printf("/proc/%lld/fdinfo", (long long)pid);
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GArray) fds = g_array_new(FALSE, FALSE, sizeof(int));
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *entry;
    size_t i;

    if (!(dir = g_dir_open(dirPath, 0, NULL)))
        return NULL;
    while ((entry = g_dir_read_name(dir))) {
        guint64 fd;
        int num;

        if (!g_ascii_string_to_unsigned(entry, 10, 0, G_MAXINT, &fd, NULL))
            continue;
        num = fd;
        g_array_append_val(fds, num);
    }
    g_array_sort(fds, virProcessCompareInt);

    for (i = 0; i < fds->len; i++) {
        g_autofree char *path = g_strdup_printf("%s/%d", dirPath, g_array_index(fds, int, i));
        g_autofree char *info = NULL;
        char *name;

        /* an fd closed since the listing has no fdinfo any more */
        if (!g_file_get_contents(path, &info, NULL, NULL))
            continue;
        if ((name = virProcessFdinfoGetTunIfname(info)))
            g_ptr_array_add(names, name);
    }
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&names), FALSE);
}
