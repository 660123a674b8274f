/*
 * qemu_process_log.c: the per-domain log, LOGDIR/NAME.log
 *
 * See qemu_process_log.h.  Like upstream's domain log: each start writes a
 * header (time, version, QEMU's environment and command line), QEMU's own
 * stdout and stderr follow, and the driver appends one-line events.
 */
#include "qemu_process_log.h"

#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* How much of QEMU's output an error message quotes. */
#define QEMU_PROCESS_LOG_TAIL_BYTES 2048
#define QEMU_PROCESS_LOG_TAIL_LINES 8

/**
 * qemuProcessLogPath:
 * See qemu_process_log.h.
 */
char *
qemuProcessLogPath(virQEMUDriver *driver, const char *name)
{
    g_autofree char *stem = virDomainNameFileStem(name);
    g_autofree char *file = g_strdup_printf("%s.log", stem);

    return g_build_filename(virQEMUDriverGetConfig(driver)->logDir, file, NULL);
}

/**
 * qemuProcessLogAppend:
 * See qemu_process_log.h.
 */
void
qemuProcessLogAppend(virQEMUDriver *driver, const char *name, const char *fmt, ...)
{
    g_autofree char *path = qemuProcessLogPath(driver, name);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S.%f");
    g_autofree char *msg = NULL;
    g_autofree char *line = NULL;
    VIR_AUTOCLOSE fd = -1;
    ssize_t rc G_GNUC_UNUSED;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* %f gives microseconds; upstream shows milliseconds */
    if (strlen(stamp) > 23)
        stamp[23] = '\0';
    line = g_strdup_printf("%s+0000: %s\n", stamp, msg);
    if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0)
        rc = write(fd, line, strlen(line));
}

/**
 * qemuProcessLogTail:
 * See qemu_process_log.h.
 */
char *
qemuProcessLogTail(const char *path, off_t offset)
{
    VIR_AUTOCLOSE fd = -1;
    g_autofree char *buf = NULL;
    struct stat sb;
    off_t from;
    ssize_t got;
    char *start;
    char *p;
    int lines = 0;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &sb) < 0)
        return NULL;
    from = MAX(offset, sb.st_size - QEMU_PROCESS_LOG_TAIL_BYTES);
    if (from >= sb.st_size)
        return NULL;
    buf = g_new0(char, sb.st_size - from + 1);
    if ((got = pread(fd, buf, sb.st_size - from, from)) <= 0)
        return NULL;
    buf[got] = '\0';
    g_strchomp(buf);

    /* keep the last few lines */
    start = buf;
    for (p = buf + strlen(buf); p > buf; p--) {
        if (p[-1] == '\n' && ++lines == QEMU_PROCESS_LOG_TAIL_LINES) {
            start = p;
            break;
        }
    }
    if (!*start)
        return NULL;
    return g_strdup(start);
}

/**
 * qemuProcessLogOpen:
 * See qemu_process_log.h.
 */
int
qemuProcessLogOpen(virQEMUDriver *driver, const char *name,
                   const char *cmdline, const char * const *envp, off_t *offset)
{
    g_autofree char *path = qemuProcessLogPath(driver, name);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S.%f");
    g_autoptr(GString) head = g_string_new(NULL);
    g_autofree char *env = g_strjoinv(" ", (char **)envp);
    VIR_AUTOCLOSE fd = -1;
    size_t done = 0;
    int ret;

    if (virFileMakePath(virQEMUDriverGetConfig(driver)->logDir, 0700) < 0)
        return -1;
    if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0) {
        virReportSystemError(errno, _("cannot open log file '%1$s'"), path);
        return -1;
    }

    if (strlen(stamp) > 23)
        stamp[23] = '\0';
    g_string_append_printf(head, "%s+0000: starting up libvirt-networkd version: %s\n",
                           stamp, PACKAGE_VERSION);
    g_string_append_printf(head, "%s \\\n%s\n", env, cmdline);
    while (done < head->len) {
        ssize_t rc = write(fd, head->str + done, head->len - done);

        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0) {
            virReportSystemError(errno, _("cannot write log file '%1$s'"), path);
            return -1;
        }
        done += rc;
    }
    if ((*offset = lseek(fd, 0, SEEK_END)) < 0)
        *offset = 0;
    ret = fd;
    fd = -1;
    return ret;
}
