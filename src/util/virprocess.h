/*
 * virprocess.h: the kernel's view of a running process
 *
 * One host facility: identifying and watching a process that is not our
 * child.  A pid alone can be recycled, so a process is named by its pid
 * and its start time (/proc/PID/stat field 22), and watched or signalled
 * through a pidfd where the kernel has them (Linux 5.3+).  The fdinfo
 * scan reads which tap devices a process holds open, for devices created
 * inside another program (QEMU's bridge helper) whose names nobody told us.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

/**
 * virProcessGetStartTime:
 * @pid: a process
 * @startTime: set to its start time (/proc/PID/stat field 22, clock ticks
 *             since boot)
 *
 * Returns 1 when @pid is a live process, 0 when there is no such process
 * or it is a zombie (it exited and holds nothing), -1 with an error when
 * /proc says something unexpected.
 */
int virProcessGetStartTime(pid_t pid, unsigned long long *startTime);

/**
 * virProcessIsAlive:
 * @pid: a process
 * @startTime: its start time, from virProcessGetStartTime()
 *
 * Returns true when @pid still names the process that started at
 * @startTime (a pid reused by another process does not count).  Reports
 * no error.
 */
bool virProcessIsAlive(pid_t pid, unsigned long long startTime);

/**
 * virProcessPidfdOpen:
 * @pid: a process
 *
 * Returns a pidfd for @pid (O_CLOEXEC by definition; caller closes), or
 * -1 with errno set and nothing reported (ESRCH: no such process;
 * ENOSYS: a kernel older than 5.3).
 */
int virProcessPidfdOpen(pid_t pid);

/**
 * virProcessPidfdIdentify:
 * @pidfd: a file descriptor said to be a pidfd (e.g. one a client passed)
 * @pid: set to its process's id in this pid namespace
 * @startTime: set to its start time (see virProcessGetStartTime)
 *
 * Names the process of @pidfd by pid and start time, race-free: the
 * start time is read while the pidfd shows the process has not exited,
 * so the pid cannot have been reused in between.
 * Returns 1 for a live process, 0 when it has exited, -1 with an error
 * when @pidfd is not a pidfd or its process is not visible here.
 */
int virProcessPidfdIdentify(int pidfd, pid_t *pid, unsigned long long *startTime);

/**
 * virProcessPidfdWait:
 * @pidfd: a pidfd
 * @timeoutMs: how long to wait (0: just look, -1: forever)
 *
 * Returns 1 when the process has exited (a zombie counts: it holds no fds
 * any more), 0 when it is still running after @timeoutMs, or -1 with an
 * error reported.
 */
int virProcessPidfdWait(int pidfd, int timeoutMs);

/**
 * virProcessPidfdKill:
 * @pidfd: a pidfd of @pid, or -1
 * @pid: the process
 * @sig: the signal
 *
 * Signals the process through its pidfd, so a recycled pid can never be
 * hit; kill() only when there is no pidfd or the kernel has no
 * pidfd_send_signal.
 * Returns 0 (also when the process is already gone), or -1 with an error.
 */
int virProcessPidfdKill(int pidfd, pid_t pid, int sig);

/**
 * virProcessFdinfoGetTunIfname:
 * @fdinfo: the text of /proc/PID/fdinfo/FD
 *
 * Returns the interface name of a tun/tap fd (the kernel's "iff:" line;
 * caller frees), or NULL when @fdinfo is not a tun fd attached to an
 * interface.
 */
char *virProcessFdinfoGetTunIfname(const char *fdinfo);

/**
 * virProcessListTunIfnames:
 * @pid: a process
 *
 * Scans /proc/PID/fdinfo for the tap devices @pid holds open.
 * Returns their names in ascending fd order (NULL-terminated, caller
 * frees with g_strfreev; a device held twice is listed twice), or NULL
 * with nothing reported when the process cannot be inspected (gone, or
 * another user's).
 */
char **virProcessListTunIfnames(pid_t pid);
