/*
 * qemu_console.h: a running domain's serial console, one session at a time
 * (qemu_console.c)
 *
 * virsh runs the driver in-process, so a console session is a virsh
 * process holding the guest's pty open; one process cannot see another's
 * sessions in memory as upstream's daemon does.  The session therefore
 * holds a lock, an exclusive flock() on
 *
 *   STATEDIR/NAME.console.pts-N.lock     "PID STARTTIME\n" of the holder
 *
 * named after the pty (/dev/pts/N), as upstream keys its sessions on
 * the pty's path: a serial port and the console that is that serial
 * port are one device
 *
 * (STATEDIR is the driver's runtime directory: the user's own in
 * qemu:///session, root's /run/libvirt/qemu in qemu:///system, so only
 * the domain's owner ever takes or reads it).  The kernel drops the lock
 * when the holder exits, however it exits, so a lock is never stale.  A
 * second session on the device is refused with upstream's "Active
 * console session exists for this domain"; with QEMU_CONSOLE_FORCE it
 * sends the holder QEMU_CONSOLE_TAKEOVER_SIGNAL (through a pidfd, after
 * checking the pid still names the process that wrote the file), waits
 * until the holder has closed the pty and let go of the lock, and only
 * then opens the pty itself: two readers of one pty would each get part
 * of the guest's output.
 */
#pragma once

#include <signal.h>

#include "qemu_driver.h"

/* What a session receives when another one takes its console over. */
#define QEMU_CONSOLE_TAKEOVER_SIGNAL SIGUSR1

typedef enum {
    /* take the console over from another session (upstream
     * VIR_DOMAIN_CONSOLE_FORCE) */
    QEMU_CONSOLE_FORCE = 1 << 0,
    /* only connect if access is exclusive (upstream
     * VIR_DOMAIN_CONSOLE_SAFE): always true here */
    QEMU_CONSOLE_SAFE = 1 << 1,
} qemuConsoleFlags;

typedef struct _qemuConsole qemuConsole;
struct _qemuConsole {
    int fd;        /* the pty, non-blocking, close-on-exec */
    int lockfd;    /* the session's lock, held until freed */
    char *alias;   /* the device: serial0, console1, ... */
};

/* Opens the pty of the serial or console @devname (an alias; NULL: the
 * first console, else the first serial, as upstream) of running domain
 * @obj, holding its lock.  @flags: qemuConsoleFlags.  Returns the session
 * (free with qemuConsoleFree, which ends it), or NULL with upstream's
 * error: not running, no such device, not a pty, an active session. */
qemuConsole *qemuConsoleOpen(virQEMUDriver *driver, virQEMUDomainObj *obj,
                             const char *devname, unsigned int flags);
void qemuConsoleFree(qemuConsole *console);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuConsole, qemuConsoleFree);

/* Removes the console lock files of the ptys of @def, a domain that has
 * stopped.  Errors are not reported. */
void qemuConsoleRemoveLocks(virQEMUDriver *driver, const virDomainDef *def);
