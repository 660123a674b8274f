/*
 * qemu_process_spawn.h: run a program as a daemon with exactly the fds it
 * needs, and watch it through a pidfd
 *
 * Private to the QEMU driver (qemu_process.c).  Kept apart because the
 * child side may only use async-signal-safe calls: the caller is usually
 * multi-threaded (GDBus runs a worker thread), so between fork() and
 * execve() nothing may allocate, lock or log.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct _qemuProcessSpawnParams qemuProcessSpawnParams;
struct _qemuProcessSpawnParams {
    const char * const *argv;  /* argv[0] is an absolute path */
    const char * const *envp;  /* the whole environment of the program */
    const int *passfds;        /* become fds 3, 4, ... in the program */
    size_t npassfds;
    int outfd;                 /* becomes stdout and stderr (stdin: /dev/null) */
    /* "exec PROFILE" for the kernel's AppArmor exec attribute, or NULL:
     * the program then runs confined by that profile from its first
     * instruction (virt-aa-helper loaded it before). */
    const char *apparmorExec;
    /* Run the program with no capabilities at all, even as root: empty
     * bounding, ambient, permitted and effective sets (upstream's
     * clear_emulator_capabilities).  A root QEMU then has the privileges of
     * any other process of its uid and cannot regain any by exec. */
    bool clearCaps;
};

pid_t qemuProcessSpawnDaemon(const qemuProcessSpawnParams *params);

int qemuProcessPidfdOpen(pid_t pid);
int qemuProcessPidfdWait(int pidfd, int timeoutMs);
int qemuProcessPidfdKill(int pidfd, pid_t pid, int sig);
