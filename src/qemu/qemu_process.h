/*
 * qemu_process.h: starting, stopping and watching QEMU processes
 *
 * There is no daemon watching guests: every virsh invocation works on the
 * files the driver keeps, under the driver lock (qemu_driver.h).
 *
 *   STATEDIR/NAME.xml      the status file of a running domain: QEMU's pid
 *                          and process start time (so a reused pid is never
 *                          mistaken for the guest), the domain id, the QMP
 *                          socket, and the running definition with its live
 *                          parts (host interface names, networkd port UUIDs)
 *   STATEDIR/NAME.monitor  QEMU's QMP socket
 *   STATEDIR/.nextid       the next domain id
 *   LOGDIR/NAME.log        per domain: each start's command line, then
 *                          QEMU's own stdout and stderr
 *
 * Start: capabilities from the cache; every NIC connected first (all the
 * networkd fds of all NICs in hand before QEMU runs); the command line;
 * QEMU spawned as a daemon (its own session, reparented) with exactly the
 * fds it needs -- /dev/null, the log, the tap fds as 3, 4, ... -- and every
 * other fd closed; -S, the QMP greeting, link states, "cont"; then the
 * status file, written atomically.  Any failure undoes all of it: no QEMU,
 * no port, no status file.
 *
 * A status file whose process is gone (or whose pid now names another
 * process) is cleaned up the next time anyone looks: its ports are
 * released through libvirt-networkd and the file is removed.
 *
 * Where the pieces live: the preparation start shares with
 * domxml-to-native in qemu_process_prepare.c, the log in
 * qemu_process_log.c, the status document in src/conf/domain_status.c,
 * spawning in src/util/vircommand.c, pidfds, start times and the fdinfo
 * scan in src/util/virprocess.c.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "domain_conf.h"
#include "domain_status.h"
#include "qemu_command.h"
#include "qemu_driver.h"
#include "qemu_monitor.h"

/**
 * qemuProcessFindEmulator:
 * @arch: a QEMU architecture name ("x86_64", "aarch64"), NULL for x86_64
 *
 * The emulator a domain of @arch without <emulator> runs on:
 * qemu-system-ARCH, the first found in $PATH.
 * Returns its path (caller frees), or NULL with an error reported.
 */
char *qemuProcessFindEmulator(const char *arch);

/**
 * qemuProcessBuildCommandLine:
 * @driver: the connection
 * @def: the domain (parsed and validated)
 * @warnings: if not NULL, set to qemu.conf's warnings about ignored
 *            settings (NULL-terminated, caller frees with g_strfreev),
 *            also on failure
 *
 * The command line start would run for @def, without starting it: the
 * same preparation (the emulator from <emulator> or qemu-system-ARCH in
 * $PATH, its capabilities, qemu.conf, the bridge helper) and the same
 * builder, with ${NETi_FDq} placeholders where start passes the tap fds
 * (${NETi_VHOSTFDq}: its vhost-net fds, where the device opens).
 * This is virsh domxml-to-native.
 * Returns the command (caller frees), or NULL with an error reported.
 */
qemuCommand *qemuProcessBuildCommandLine(virQEMUDriver *driver,
                                         const virDomainDef *def,
                                         char ***warnings);

typedef enum {
    QEMU_PROCESS_START_PAUSED = 1 << 0,  /* leave the CPUs stopped (no "cont") */
} qemuProcessStartFlags;

int qemuProcessStart(virQEMUDriver *driver, virQEMUDomainObj *obj,
                     unsigned int flags);
int qemuProcessDestroy(virQEMUDriver *driver, virQEMUDomainObj *obj);
int qemuProcessShutdown(virQEMUDriver *driver, virQEMUDomainObj *obj);

/* The QMP monitor of running domain @obj, after the greeting, with
 * @timeoutMs for each command; *@status is set to its live status (the
 * caller frees both).  NULL with an error (VIR_ERR_OPERATION_INVALID
 * when the domain is not running). */
virQEMUMonitor *qemuProcessMonitorConnect(virQEMUDriver *driver, virQEMUDomainObj *obj,
                                          int timeoutMs, virDomainStatus **status);

int qemuProcessLoadLive(virQEMUDriver *driver, const char *name,
                        virQEMUDomainObj *obj);
