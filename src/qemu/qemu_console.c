/*
 * qemu_console.c: opening a running domain's serial console
 *
 * See qemu_console.h for the lock and the take-over.  The device is
 * chosen and refused as upstream's qemuDomainOpenConsole does, with its
 * messages: --devname is an alias (consoles first, then serials);
 * without it the first console, else the first serial.
 */
#include "qemu_console.h"
#include "virerror.h"
#include "virfile.h"
#include "virprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* How long a forced session waits for the one it takes over to end. */
#define QEMU_CONSOLE_TAKEOVER_TIMEOUT 5000  /* ms */

/**
 * qemuConsoleFree:
 * See qemu_console.h.  Closing the lock's fd releases it.
 */
void
qemuConsoleFree(qemuConsole *console)
{
    if (!console)
        return;
    virFileForceClose(&console->fd);
    virFileForceClose(&console->lockfd);
    g_free(console->alias);
    g_free(console);
}

/**
 * qemuConsoleFind:
 * @def: the live definition
 * @devname: an alias, or NULL for the default device
 *
 * Returns the device (borrowed), or NULL with upstream's error.
 */
static const virDomainChrDef *
qemuConsoleFind(const virDomainDef *def, const char *devname)
{
    size_t i;

    if (!devname) {
        if (def->nconsoles)
            return def->consoles[0];
        if (def->nserials)
            return def->serials[0];
    }
    for (i = 0; devname && i < def->nconsoles; i++) {
        if (g_strcmp0(def->consoles[i]->alias, devname) == 0)
            return def->consoles[i];
    }
    for (i = 0; devname && i < def->nserials; i++) {
        if (g_strcmp0(def->serials[i]->alias, devname) == 0)
            return def->serials[i];
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, _("cannot find character device %1$s"),
                   devname ? devname : "<null>");
    return NULL;
}

/**
 * qemuConsoleLockPath:
 * The lock file of the pty @pty (/dev/pts/N) of domain @name, named after
 * the pty, so that every alias of one pty (a serial and the console that
 * is that serial) shares it.  NULL with an error for a path that cannot
 * name a file.  Caller frees.
 */
static char *
qemuConsoleLockPath(virQEMUDriver *driver, const char *name, const char *pty)
{
    g_autofree char *dev = NULL;
    g_autofree char *stem = virDomainNameFileStem(name);

    if (!g_str_has_prefix(pty, "/dev/") || !pty[strlen("/dev/")] ||
        strspn(pty + strlen("/dev/"), "abcdefghijklmnopqrstuvwxyz0123456789/") !=
        strlen(pty + strlen("/dev/"))) {
        virReportError(VIR_ERR_INTERNAL_ERROR, _("'%1$s' is not a pty"), pty);
        return NULL;
    }
    dev = g_strdup(pty + strlen("/dev/"));
    g_strdelimit(dev, "/", '-');
    return g_strdup_printf("%s/%s.console.%s.lock",
                           virQEMUDriverGetConfig(driver)->stateDir, stem, dev);
}

/**
 * qemuConsoleSignalHolder:
 * @lockfd: the lock file
 *
 * Asks the session whose identity the lock file holds to end.
 * Returns 1 when it was signalled (or is already gone), 0 when the file
 * names no one yet (its holder is about to write it).
 */
static int
qemuConsoleSignalHolder(int lockfd)
{
    char buf[64] = { 0 };
    long long pid;
    unsigned long long start;
    VIR_AUTOCLOSE pidfd = -1;
    ssize_t n = pread(lockfd, buf, sizeof(buf) - 1, 0);

    if (n <= 0 || sscanf(buf, "%lld %llu", &pid, &start) != 2 || pid <= 1)
        return 0;
    /* the pidfd pins the process: check it is still the holder after
     * opening it, then signal through it */
    pidfd = virProcessPidfdOpen((pid_t)pid);
    if (virProcessIsAlive((pid_t)pid, start) &&
        virProcessPidfdKill(pidfd, (pid_t)pid, QEMU_CONSOLE_TAKEOVER_SIGNAL) < 0)
        virResetLastError();
    return 1;
}

/**
 * qemuConsoleLock:
 * @path: the device's lock file
 * @alias: the device, for messages
 * @force: take the console over from a session holding it
 *
 * Returns the locked file with this process's identity in it, or -1
 * with an error.
 */
static int
qemuConsoleLock(const char *path, const char *alias, bool force)
{
    VIR_AUTOCLOSE fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    gint64 deadline = g_get_monotonic_time() + QEMU_CONSOLE_TAKEOVER_TIMEOUT * 1000LL;
    g_autofree char *identity = NULL;
    unsigned long long start = 0;
    bool signalled = false;
    int ret;

    if (fd < 0) {
        virReportSystemError(errno, _("cannot open '%1$s'"), path);
        return -1;
    }
    while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        if (errno != EWOULDBLOCK) {
            virReportSystemError(errno, _("cannot lock '%1$s'"), path);
            return -1;
        }
        if (!force) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("Active console session exists for this domain"));
            return -1;
        }
        if (!signalled)
            signalled = qemuConsoleSignalHolder(fd) > 0;
        if (g_get_monotonic_time() > deadline) {
            virReportError(VIR_ERR_OPERATION_TIMEOUT,
                           _("the console session on character device %1$s did not end within %2$d s"),
                           alias, QEMU_CONSOLE_TAKEOVER_TIMEOUT / 1000);
            return -1;
        }
        g_usleep(10000);
    }
    if (virProcessGetStartTime(getpid(), &start) < 0)
        return -1;
    identity = g_strdup_printf("%lld %llu\n", (long long)getpid(), start);
    if (ftruncate(fd, 0) < 0 ||
        pwrite(fd, identity, strlen(identity), 0) != (ssize_t)strlen(identity)) {
        virReportSystemError(errno, _("cannot write '%1$s'"), path);
        return -1;
    }
    ret = fd;
    fd = -1;
    return ret;
}

/**
 * qemuConsoleOpen:
 * See qemu_console.h.
 */
qemuConsole *
qemuConsoleOpen(virQEMUDriver *driver, virQEMUDomainObj *obj,
                const char *devname, unsigned int flags)
{
    g_autoptr(qemuConsole) console = g_new0(qemuConsole, 1);
    const virDomainDef *def = virQEMUDomainObjGetDef(obj, false);
    const virDomainChrDef *chr;
    g_autofree char *lockPath = NULL;

    console->fd = console->lockfd = -1;
    if (!virQEMUDomainObjIsActive(obj) || !def) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", _("domain is not running"));
        return NULL;
    }
    if (!(chr = qemuConsoleFind(def, devname)))
        return NULL;
    if (chr->type != VIR_DOMAIN_CHR_TYPE_PTY) {
        virReportError(VIR_ERR_INTERNAL_ERROR, _("character device %1$s is not using a PTY"),
                       devname ? devname : chr->alias ? chr->alias : "<null>");
        return NULL;
    }
    if (!chr->alias || !chr->path || !g_str_has_prefix(chr->path, "/dev/")) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("the pty of character device %1$s is not known: the domain was started by an older version; restart it"),
                       devname ? devname : chr->alias ? chr->alias : "<null>");
        return NULL;
    }
    console->alias = g_strdup(chr->alias);
    if (!(lockPath = qemuConsoleLockPath(driver, def->name, chr->path)) ||
        (console->lockfd = qemuConsoleLock(lockPath, chr->alias,
                                           flags & QEMU_CONSOLE_FORCE)) < 0)
        return NULL;
    if ((console->fd = open(chr->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, _("cannot open the pty '%1$s' of character device %2$s"),
                             chr->path, chr->alias);
        return NULL;
    }
    if (!isatty(console->fd)) {
        virReportError(VIR_ERR_INTERNAL_ERROR, _("'%1$s' is not a terminal"), chr->path);
        return NULL;
    }
    return g_steal_pointer(&console);
}

/**
 * qemuConsoleRemoveLocks:
 * See qemu_console.h.
 */
void
qemuConsoleRemoveLocks(virQEMUDriver *driver, const virDomainDef *def)
{
    const virDomainChrDef * const *lists[] = {
        (const virDomainChrDef * const *)def->serials,
        (const virDomainChrDef * const *)def->consoles,
    };
    const size_t counts[] = { def->nserials, def->nconsoles };
    size_t i, j;

    for (i = 0; i < G_N_ELEMENTS(lists); i++) {
        for (j = 0; j < counts[i]; j++) {
            g_autofree char *path = NULL;

            if (lists[i][j]->type != VIR_DOMAIN_CHR_TYPE_PTY || !lists[i][j]->path)
                continue;
            if (!(path = qemuConsoleLockPath(driver, def->name, lists[i][j]->path))) {
                virResetLastError();
                continue;
            }
            if (unlink(path) < 0 && errno != ENOENT)
                g_warning(_("cannot remove '%1$s': %2$s"), path, g_strerror(errno));
        }
    }
}
