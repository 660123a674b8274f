/*
 * vircommand.c: run a program as a daemon with exactly the fds it needs
 *
 * Theory of operation.  The parent prepares everything (argv, environment,
 * the table of which fd goes where) before fork(), because the child of a
 * multi-threaded process may only make async-signal-safe calls.  The first
 * child starts a new session and forks the program, reports its pid over a
 * pipe and exits at once, so the program is reparented (to init or the
 * nearest subreaper) and outlives the caller, like a daemon.  The second child
 *   1. resets signal dispositions and the signal mask (ignored signals and
 *      the mask survive execve());
 *   2. duplicates every fd it must keep above the target range
 *      (F_DUPFD_CLOEXEC), so that placing one cannot overwrite another;
 *   3. dup2()s them onto 0, 1, 2 and 3..3+N-1 -- dup2() clears
 *      close-on-exec on the copy only, so the parent's fds stay O_CLOEXEC
 *      and no other child of the parent can inherit them;
 *   4. closes every other fd (close_range), keeping only an O_CLOEXEC
 *      error pipe that tells the parent errno if execve() fails (and
 *      closes, telling it nothing, when execve() succeeds);
 *   5. gives up privileges, in the only order that works: the AppArmor
 *      exec attribute while /proc/self is still ours, supplementary
 *      groups and gid while CAP_SETGID is held, the bounding set while
 *      CAP_SETPCAP is held, then the uid (which empties the permitted and
 *      effective sets when it leaves 0), the remaining capability sets,
 *      and last no_new_privs.
 * The capability calls are raw prctl()/capset() rather than libcap-ng:
 * libcap-ng keeps its state in process globals and its id change looks up
 * the user's groups through NSS, neither of which is allowed here.
 */
#include "vircommand.h"

#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <pthread.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_NONE

/* The child's fd plan: target[i] receives a copy of source[i]. */
typedef struct {
    int sources[3 + VIR_COMMAND_MAX_PASSFDS + 1];
    int targets[3 + VIR_COMMAND_MAX_PASSFDS + 1];
    int tmp[3 + VIR_COMMAND_MAX_PASSFDS + 1];
    size_t n;
    int errsrc;        /* the error pipe's write end, before it is moved */
    int errtarget;     /* ... and after */
    int closeFrom;     /* first fd number to close */
    int maxfd;         /* fallback bound when close_range is unavailable */
    const char * const *argv;
    const char * const *envp;
    const char *apparmorExec;  /* "exec PROFILE", or NULL */
    int capLast;               /* highest capability to drop, -1: keep them */
    const virCommandSpawnParams *ids;  /* switchIds, uid, gid, groups, noNewPrivs,
                                        * affinity */
} virCommandChildPlan;

/* Writes @err to the error pipe and exits; async-signal-safe. */
static void G_GNUC_NORETURN
virCommandChildFail(int errfd, int err)
{
    ssize_t rc G_GNUC_UNUSED;

    rc = write(errfd, &err, sizeof(err));
    _exit(127);
}

/**
 * virCommandChildExec:
 * @plan: prepared by the parent
 *
 * Runs in the grandchild; async-signal-safe calls only.  Never returns.
 */
static void G_GNUC_NORETURN
virCommandChildExec(virCommandChildPlan *plan)
{
    struct sigaction sa;
    sigset_t empty;
    int errfd = plan->errsrc;
    int sig;
    size_t i;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    for (sig = 1; sig < NSIG; sig++)
        sigaction(sig, &sa, NULL);  /* fails harmlessly for KILL, STOP */
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);

    for (i = 0; i < plan->n; i++) {
        if ((plan->tmp[i] = fcntl(plan->sources[i], F_DUPFD_CLOEXEC, plan->closeFrom)) < 0)
            virCommandChildFail(errfd, errno);
        if (plan->sources[i] == plan->errsrc)
            errfd = plan->tmp[i];
    }
    for (i = 0; i < plan->n; i++) {
        if (dup2(plan->tmp[i], plan->targets[i]) < 0)
            virCommandChildFail(errfd, errno);
    }
    errfd = plan->errtarget;
    if (fcntl(errfd, F_SETFD, FD_CLOEXEC) < 0)
        virCommandChildFail(errfd, errno);

#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned int)plan->closeFrom, ~0U, 0) < 0)
#endif
    {
        int fd;

        for (fd = plan->closeFrom; fd < plan->maxfd; fd++)
            close(fd);
    }

    if (chdir("/") < 0)
        virCommandChildFail(errfd, errno);

    /* Ask the kernel to switch to the domain's AppArmor profile at the
     * execve() below.  AppArmor 3 has its own attribute directory; older
     * kernels only the shared one.  Before the uid changes: a process
     * that left uid 0 is not dumpable, and its /proc/self belongs to root. */
    if (plan->apparmorExec) {
        size_t len = strlen(plan->apparmorExec);
        int afd = open("/proc/self/attr/apparmor/exec", O_WRONLY | O_CLOEXEC);

        if (afd < 0)
            afd = open("/proc/self/attr/exec", O_WRONLY | O_CLOEXEC);
        if (afd < 0 || write(afd, plan->apparmorExec, len) != (ssize_t)len)
            virCommandChildFail(errfd, errno ? errno : EIO);
        close(afd);
    }

    if (plan->ids->switchIds &&
        (setgroups(plan->ids->ngroups, plan->ids->groups) < 0 ||
         setresgid(plan->ids->gid, plan->ids->gid, plan->ids->gid) < 0))
        virCommandChildFail(errfd, errno);

    /* No capabilities: first the bounding set (needs CAP_SETPCAP, so
     * while we still have it), then the ambient set, then our own sets.
     * execve() then gives even uid 0 nothing (caps = bounding set). */
    if (plan->capLast >= 0) {
        int cap;

        for (cap = 0; cap <= plan->capLast; cap++) {
            if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
                virCommandChildFail(errfd, errno);
        }
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
            virCommandChildFail(errfd, errno);
    }

    if (plan->ids->switchIds &&
        setresuid(plan->ids->uid, plan->ids->uid, plan->ids->uid) < 0)
        virCommandChildFail(errfd, errno);

    if (plan->capLast >= 0) {
        struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct data[2];

        memset(data, 0, sizeof(data));
        if (syscall(SYS_capset, &hdr, data) < 0)
            virCommandChildFail(errfd, errno);
    }

    if (plan->ids->noNewPrivs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        virCommandChildFail(errfd, errno);

    if (plan->ids->affinity &&
        sched_setaffinity(0, plan->ids->affinitySize, plan->ids->affinity) < 0)
        virCommandChildFail(errfd, errno);

    execve(plan->argv[0], (char * const *)plan->argv, (char * const *)plan->envp);
    virCommandChildFail(errfd, errno);
}

/**
 * virCommandReadFull:
 * Reads exactly @len bytes unless EOF comes first.  Returns the number of
 * bytes read, or -1 with errno set.
 */
static ssize_t
virCommandReadFull(int fd, void *buf, size_t len)
{
    size_t got = 0;

    while (got < len) {
        ssize_t rc = read(fd, (char *)buf + got, len - got);

        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0)
            return -1;
        if (rc == 0)
            break;
        got += rc;
    }
    return got;
}

/**
 * virCommandSpawnDaemon:
 * @params: what to run and with which fds
 *
 * See vircommand.h.  The intermediate child exists only to make the
 * program an orphan; it is reaped here before returning.
 */
pid_t
virCommandSpawnDaemon(const virCommandSpawnParams *params)
{
    g_autofree virCommandChildPlan *plan = g_new0(virCommandChildPlan, 1);
    VIR_AUTOCLOSE nullfd = -1;
    int pidpipe[2] = { -1, -1 };
    int errpipe[2] = { -1, -1 };
    sigset_t all;
    sigset_t old;
    struct rlimit rl;
    pid_t child;
    pid_t daemon = -1;
    int status;
    int childErr = 0;
    ssize_t got;
    size_t i;

    if (params->npassfds > VIR_COMMAND_MAX_PASSFDS) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot pass %1$zu fds to '%2$s'"),
                       params->npassfds, params->argv[0]);
        return -1;
    }
    if ((nullfd = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, "%s", _("cannot open /dev/null"));
        return -1;
    }
    if (pipe2(pidpipe, O_CLOEXEC) < 0 || pipe2(errpipe, O_CLOEXEC) < 0) {
        virReportSystemError(errno, "%s", _("cannot create a pipe"));
        goto cleanup;
    }

    plan->argv = params->argv;
    plan->apparmorExec = params->apparmorExec;
    plan->capLast = -1;
    if (params->clearCaps) {
        g_autofree char *last = NULL;
        guint64 val;

        /* read here: the child may only make async-signal-safe calls */
        if (!g_file_get_contents("/proc/sys/kernel/cap_last_cap", &last, NULL, NULL) ||
            !g_ascii_string_to_unsigned(g_strstrip(last), 10, 0, 255, &val, NULL)) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           _("cannot read /proc/sys/kernel/cap_last_cap"));
            goto cleanup;
        }
        plan->capLast = (int)val;
    }
    plan->envp = params->envp;
    plan->ids = params;
    plan->sources[plan->n] = nullfd;
    plan->targets[plan->n++] = 0;
    plan->sources[plan->n] = params->outfd;
    plan->targets[plan->n++] = 1;
    plan->sources[plan->n] = params->outfd;
    plan->targets[plan->n++] = 2;
    for (i = 0; i < params->npassfds; i++) {
        plan->sources[plan->n] = params->passfds[i];
        plan->targets[plan->n] = 3 + i;
        plan->n++;
    }
    plan->errsrc = errpipe[1];
    plan->errtarget = 3 + params->npassfds;
    plan->sources[plan->n] = errpipe[1];
    plan->targets[plan->n++] = plan->errtarget;
    plan->closeFrom = plan->errtarget + 1;
    plan->maxfd = 65536;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur < (rlim_t)plan->maxfd)
        plan->maxfd = rl.rlim_cur;

    /* No signal handler of the parent may run in the children. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    child = fork();
    if (child == 0) {
        pid_t grandchild;
        ssize_t rc G_GNUC_UNUSED;

        setsid();
        grandchild = fork();
        if (grandchild == 0)
            virCommandChildExec(plan);
        if (grandchild < 0)
            grandchild = -errno;
        rc = write(pidpipe[1], &grandchild, sizeof(grandchild));
        _exit(0);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (child < 0) {
        virReportSystemError(errno, _("cannot fork to run '%1$s'"), params->argv[0]);
        goto cleanup;
    }

    virFileForceClose(&pidpipe[1]);
    virFileForceClose(&errpipe[1]);
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;

    if ((got = virCommandReadFull(pidpipe[0], &daemon, sizeof(daemon))) != sizeof(daemon)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot run '%1$s': the intermediate process failed"),
                       params->argv[0]);
        daemon = -1;
        goto cleanup;
    }
    if (daemon < 0) {
        virReportSystemError(-daemon, _("cannot fork to run '%1$s'"), params->argv[0]);
        daemon = -1;
        goto cleanup;
    }

    /* EOF: execve() succeeded and closed the pipe; else the child's errno. */
    got = virCommandReadFull(errpipe[0], &childErr, sizeof(childErr));
    if (got == sizeof(childErr)) {
        virReportSystemError(childErr, _("cannot execute '%1$s'"), params->argv[0]);
        daemon = -1;
        goto cleanup;
    }

 cleanup:
    virFileForceClose(&pidpipe[0]);
    virFileForceClose(&pidpipe[1]);
    virFileForceClose(&errpipe[0]);
    virFileForceClose(&errpipe[1]);
    return daemon;
}
