/*
 * vircommand.h: run a program as a daemon with exactly the fds it needs
 *
 * One host facility: fork/exec with fd passing.  The child side may only
 * use async-signal-safe calls: the caller is usually multi-threaded (GDBus
 * runs a worker thread), so between fork() and execve() nothing may
 * allocate, lock or log.  Watching the program afterwards (pidfds, start
 * times) is virprocess.h.
 */
#pragma once

#include <sched.h>

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

/* At most this many fds can be passed (3, 4, ... 3 + N - 1). */
#define VIR_COMMAND_MAX_PASSFDS 64

typedef struct _virCommandSpawnParams virCommandSpawnParams;
struct _virCommandSpawnParams {
    const char * const *argv;  /* argv[0] is an absolute path */
    const char * const *envp;  /* the whole environment of the program */
    const int *passfds;        /* become fds 3, 4, ... in the program */
    size_t npassfds;           /* at most VIR_COMMAND_MAX_PASSFDS */
    int outfd;                 /* becomes stdout and stderr (stdin: /dev/null) */
    /* "exec PROFILE" for the kernel's AppArmor exec attribute, or NULL:
     * the program then runs confined by that profile from its first
     * instruction (the caller loaded the profile before). */
    const char *apparmorExec;
    /* Run the program with no capabilities at all, even as root: empty
     * bounding, ambient, permitted and effective sets.  A root program
     * then has the privileges of any other process of its uid and cannot
     * regain any by exec. */
    bool clearCaps;
    /* Run the program as @uid/@gid with exactly @groups as supplementary
     * groups (all looked up by the caller: the child cannot use NSS).
     * The switch happens after the bounding set is dropped and before
     * execve(); a change of uid from 0 empties the permitted and
     * effective sets (no SECBIT_KEEP_CAPS). */
    bool switchIds;
    uid_t uid;
    gid_t gid;
    const gid_t *groups;
    size_t ngroups;
    /* PR_SET_NO_NEW_PRIVS: no exec of the program or of anything it runs
     * can gain privileges (setuid bits and file capabilities are ignored). */
    bool noNewPrivs;
    /* The CPUs the program may run on (sched_setaffinity() before
     * execve(); its threads inherit them), @affinitySize bytes as
     * CPU_ALLOC_SIZE() gives; NULL: the caller's. */
    const cpu_set_t *affinity;
    size_t affinitySize;
};

/**
 * virCommandSpawnDaemon:
 * @params: what to run and with which fds
 *
 * Starts the program in a new session, detached from the caller (not the
 * caller's child; nobody needs to reap it), with stdin on /dev/null,
 * stdout and stderr on @params->outfd, @params->passfds as fds 3.. and no
 * other fd open.  Returns once execve() succeeded.
 *
 * Returns the program's pid, or -1 with an error reported (including
 * execve()'s errno when the program could not be run).
 */
pid_t virCommandSpawnDaemon(const virCommandSpawnParams *params);
