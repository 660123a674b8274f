/*
 * qemu_process_log.h: the per-domain log, LOGDIR/STEM.log (STEM: the
 * domain name's virDomainNameFileStem)
 *
 * Private to the QEMU driver (qemu_process.c): each start's header and
 * command line, QEMU's own output, and one line per lifecycle event.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "qemu_driver.h"

/**
 * qemuProcessLogPath:
 * Returns LOGDIR/STEM.log for domain @name (caller frees).
 */
char *qemuProcessLogPath(virQEMUDriver *driver, const char *name);

/**
 * qemuProcessLogAppend:
 * @driver: the connection
 * @name: the domain
 * @fmt: a line to append after a timestamp (no newline)
 *
 * Appends one line to the domain's log, as upstream does for "starting
 * up" and "shutting down".  A log that cannot be written is not an error
 * for the operation being logged.
 */
void qemuProcessLogAppend(virQEMUDriver *driver, const char *name, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/**
 * qemuProcessLogTail:
 * @path: the domain log
 * @offset: where this start's QEMU output begins
 *
 * Returns the last lines QEMU wrote (at most a few, one string), or NULL
 * when it wrote nothing.  Caller frees.
 */
char *qemuProcessLogTail(const char *path, off_t offset);

/**
 * qemuProcessLogOpen:
 * @driver: the connection
 * @name: the domain
 * @cmdline: the command line, written at the top of this start's entry
 * @envp: the environment QEMU gets, written before the command line
 * @offset: set to where QEMU's own output will begin
 *
 * Returns the log fd (O_APPEND, O_CLOEXEC; it becomes QEMU's stdout and
 * stderr; caller closes), or -1 with an error reported.
 */
int qemuProcessLogOpen(virQEMUDriver *driver, const char *name,
                       const char *cmdline, const char * const *envp, off_t *offset);
