/*
 * qemu_process_prepare.h: everything a domain's command line needs before
 * QEMU exists, shared by start and by domxml-to-native
 *
 * Private to the QEMU driver: start (qemu_process.c) prepares, connects
 * the NICs and builds with the tap fds; qemuProcessBuildCommandLine()
 * (qemu_process.h) prepares and builds with placeholders.  Both go through
 * qemuProcessPrepare() and qemuProcessPrepBuildCommand(), so the printed
 * command line is the one start would run.
 */
#pragma once

#include <glib.h>

#include "domain_conf.h"
#include "qemu_capabilities.h"
#include "qemu_command.h"
#include "qemu_conf.h"
#include "qemu_driver.h"

/* What start and domxml-to-native both need from the host. */
typedef struct _qemuProcessPrep qemuProcessPrep;
struct _qemuProcessPrep {
    char *emulator;      /* <emulator>, or qemu-system-ARCH found in $PATH */
    virQEMUCaps *caps;   /* its capabilities (from the cache, or probed) */
    virQEMUConf *conf;   /* the connection's qemu.conf, with its warnings */
    char *bridgeHelper;  /* resolved helper when a NIC needs it, else NULL */
    /* What makes bridgeHelper privileged (setuid, file capabilities), or
     * NULL: QEMU then needs no privilege to exec it. */
    char *bridgeHelperPrivilege;
    char *monitorPath;   /* STATEDIR/STEM.monitor (virDomainNameFileStem) */
    /* System mode: the driver creates the QMP socket and QEMU gets it as
     * this fd (QEMU_PROCESS_MONITOR_FD); 0 in session mode, where QEMU
     * creates monitorPath itself. */
    int monitorFd;
};

/* The fd a system-mode QEMU gets its listening QMP socket as; the tap fds
 * follow it. */
#define QEMU_PROCESS_MONITOR_FD 3

/**
 * qemuProcessPrepClear:
 * @prep: what qemuProcessPrepare() filled (may be partly filled)
 *
 * Frees what @prep holds and zeroes it.
 */
void qemuProcessPrepClear(qemuProcessPrep *prep);

/**
 * qemuProcessPrepare:
 * @driver: the connection
 * @def: the domain (parsed and validated)
 * @prep: zero-initialised; filled (free with qemuProcessPrepClear() on
 *        every path, it may hold qemu.conf and its warnings on failure)
 *
 * Finds the emulator, looks up its capabilities, loads qemu.conf and,
 * when a NIC uses it, resolves the bridge helper.
 * Returns 0, or -1 with an error reported.
 */
int qemuProcessPrepare(virQEMUDriver *driver, const virDomainDef *def,
                       qemuProcessPrep *prep);

/**
 * qemuProcessPrepBuildCommand:
 * @prep: a successful qemuProcessPrepare() for @def
 * @def: the domain
 * @nets: the host side of each def->nets[i] (tap fd numbers), or NULL
 *        for ${NETi_FDq} placeholders
 *
 * Returns the command (caller frees), or NULL with an error reported.
 */
qemuCommand *qemuProcessPrepBuildCommand(const qemuProcessPrep *prep,
                                         const virDomainDef *def,
                                         const qemuCommandNetHost *nets);

/**
 * qemuProcessMonitorPath:
 * Returns STATEDIR/STEM.monitor for domain @name, STEM being its
 * virDomainNameFileStem() (caller frees).
 */
char *qemuProcessMonitorPath(virQEMUDriver *driver, const char *name);
