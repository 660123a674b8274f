/*
 * virfile.c: files: atomic replacement, bounded reads, advisory locks, fds
 */
#include "virfile.h"
#include "virerror.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_FILE

void
virFileCloseFd(int *fd)
{
    virFileForceClose(fd);
}

void
virFileForceClose(int *fd)
{
    int saved = errno;

    if (*fd >= 0)
        close(*fd);
    *fd = -1;
    errno = saved;
}

/**
 * virFileReadAllFd:
 * @fd: an fd open for reading (not closed here)
 * @path: its name, for messages
 * @maxlen: refuse files longer than this
 * @buf: filled with a newly allocated, NUL-terminated copy (caller frees)
 *
 * Reads @fd to its end.  Returns the number of bytes read, or -1 with an
 * error reported.
 */
ssize_t
virFileReadAllFd(int fd, const char *path, size_t maxlen, char **buf)
{
    g_autofree char *data = NULL;
    size_t len = 0;
    size_t alloc = 0;

    for (;;) {
        ssize_t got;

        if (alloc - len < 4096) {
            alloc = alloc ? alloc * 2 : 8192;
            data = g_realloc(data, alloc + 1);
        }
        got = read(fd, data + len, alloc - len);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            virReportSystemError(errno, _("cannot read '%1$s'"), path);
            return -1;
        }
        if (got == 0)
            break;
        len += got;
        if (len > maxlen) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("file '%1$s' is larger than the limit of %2$zu bytes"),
                           path, maxlen);
            return -1;
        }
    }

    if (!data)
        data = g_new0(char, 1);
    data[len] = '\0';
    *buf = g_steal_pointer(&data);
    return (ssize_t)len;
}

/**
 * virFileReadAll:
 * @path: file to read
 * @maxlen: refuse files longer than this
 * @buf: filled with a newly allocated, NUL-terminated copy (caller frees)
 *
 * Returns the number of bytes read, or -1 with an error reported.
 */
ssize_t
virFileReadAll(const char *path, size_t maxlen, char **buf)
{
    VIR_AUTOCLOSE fd = -1;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
        virReportSystemError(errno, _("cannot open '%1$s'"), path);
        return -1;
    }
    return virFileReadAllFd(fd, path, maxlen, buf);
}

static int
virFileWriteAll(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t done = write(fd, data, len);

        if (done < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += done;
        len -= done;
    }
    return 0;
}

/**
 * virFileRewriteStrImpl:
 * Atomically replaces @path with @data (mode @mode): a temporary file in
 * the same directory renamed over @path, so readers see either the old or
 * the new content, never a mix.  With @durable, the file is fsynced before
 * the rename and the directory after it, so that also holds across a
 * crash or power loss of the machine.
 * Returns 0, or -1 with an error reported; on failure @path is untouched.
 */
static int
virFileRewriteStrImpl(const char *path, mode_t mode, const char *data, bool durable)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    VIR_AUTOCLOSE fd = -1;
    VIR_AUTOCLOSE dirfd = -1;

    if ((fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, mode)) < 0) {
        virReportSystemError(errno, _("cannot create temporary file for '%1$s'"), path);
        return -1;
    }

    if (fchmod(fd, mode) < 0 ||
        virFileWriteAll(fd, data, strlen(data)) < 0 ||
        (durable && fsync(fd) < 0)) {
        virReportSystemError(errno, _("cannot write '%1$s'"), tmp);
        unlink(tmp);
        return -1;
    }
    if (close(fd) < 0) {
        fd = -1;
        virReportSystemError(errno, _("cannot write '%1$s'"), tmp);
        unlink(tmp);
        return -1;
    }
    fd = -1;

    if (rename(tmp, path) < 0) {
        virReportSystemError(errno, _("cannot rename '%1$s' to '%2$s'"), tmp, path);
        unlink(tmp);
        return -1;
    }

    /* Make the rename itself durable. */
    if (durable && (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
        (void)fsync(dirfd);

    return 0;
}

/**
 * virFileRewriteStr:
 * Atomically and durably replaces @path with @data (mode @mode): readers
 * see either the old or the new content, never a mix, even across a
 * crash.  Returns 0, or -1 with an error reported; on failure @path is
 * untouched.
 */
int
virFileRewriteStr(const char *path, mode_t mode, const char *data)
{
    return virFileRewriteStrImpl(path, mode, data, true);
}

/**
 * virFileRewriteStrNoSync:
 * virFileRewriteStr() without the two fsyncs: atomic for every reader
 * while the machine runs (a process crash included, as the page cache
 * survives it), but after a power loss or kernel crash @path may hold the
 * old content, the new one, or be empty.  Only for files that need not
 * survive a reboot.
 */
int
virFileRewriteStrNoSync(const char *path, mode_t mode, const char *data)
{
    return virFileRewriteStrImpl(path, mode, data, false);
}

int
virFileMakePath(const char *path, mode_t mode)
{
    if (g_mkdir_with_parents(path, mode) < 0) {
        virReportSystemError(errno, _("cannot create directory '%1$s'"), path);
        return -1;
    }
    return 0;
}

/**
 * virFileLockPath:
 * Returns an fd holding an flock() on @path (created 0600 if missing), or
 * -1 with an error reported.  Blocks until the lock is free.
 */
int
virFileLockPath(const char *path, gboolean exclusive)
{
    VIR_AUTOCLOSE fd = -1;

    if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600)) < 0) {
        virReportSystemError(errno, _("cannot open lock file '%1$s'"), path);
        return -1;
    }
    while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) < 0) {
        if (errno == EINTR)
            continue;
        virReportSystemError(errno, _("cannot lock '%1$s'"), path);
        return -1;
    }
    return g_steal_fd(&fd);
}

int
virFileRemove(const char *path)
{
    if (unlink(path) < 0 && errno != ENOENT) {
        virReportSystemError(errno, _("cannot remove '%1$s'"), path);
        return -1;
    }
    return 0;
}
