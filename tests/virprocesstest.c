/*
 * virprocesstest.c: the kernel's view of a process (src/util/virprocess.c)
 *
 *   start times     ours is live, a missing pid and a zombie are not; a
 *                   pid whose start time differs is not the same process
 *   pidfds          wait times out on a live child, notices its exit;
 *                   kill through the pidfd reaches it
 *   fdinfo          the "iff:" parser, table-driven; and as root a child
 *                   in a private network namespace holding three tap fds
 *                   on two devices, listed in fd order
 */
#include "testutils.h"
#include "virerror.h"
#include "virfile.h"
#include "virnetdevtap.h"
#include "virprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Start times: ours is live, a missing pid and a zombie are not. */
static int
testStartTime(const void *opaque G_GNUC_UNUSED)
{
    unsigned long long st = 0;
    siginfo_t info;
    pid_t child;
    int status;
    int rc;

    if (virProcessGetStartTime(getpid(), &st) != 1 || st == 0) {
        printf("own process: not found live\n");
        return -1;
    }
    if (!virProcessIsAlive(getpid(), st) || virProcessIsAlive(getpid(), st + 1)) {
        printf("own process: the start time does not identify it\n");
        return -1;
    }
    if (virProcessGetStartTime(G_MAXINT32 - 1, &st) != 0) {
        printf("a pid that cannot exist counts as live\n");
        return -1;
    }
    if ((child = fork()) == 0)
        _exit(0);
    /* until reaped, the child is a zombie: it holds no fds, it is gone.
     * WNOWAIT waits for the exit and leaves the zombie in place. */
    if (child < 0 || waitid(P_PID, child, &info, WEXITED | WNOWAIT) < 0) {
        printf("cannot make a zombie: %s\n", g_strerror(errno));
        return -1;
    }
    rc = virProcessGetStartTime(child, &st);
    waitpid(child, &status, 0);
    if (rc != 0) {
        printf("a zombie counts as live\n");
        return -1;
    }
    return 0;
}

/* A pidfd: no exit within a short wait, SIGTERM through it, then exit. */
static int
testPidfd(const void *opaque G_GNUC_UNUSED)
{
    VIR_AUTOCLOSE pidfd = -1;
    pid_t child;
    int status = 0;
    int ret = -1;

    if ((child = fork()) == 0) {
        pause();
        _exit(0);
    }
    if ((pidfd = virProcessPidfdOpen(child)) < 0) {
        if (errno == ENOSYS) {
            printf("no pidfd_open on this kernel: only kill() is checked\n");
            ret = virProcessPidfdKill(-1, child, SIGTERM);
            waitpid(child, &status, 0);
            return ret;
        }
        printf("pidfd_open: %s\n", g_strerror(errno));
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
        return -1;
    }
    if (virProcessPidfdWait(pidfd, 50) != 0) {
        printf("a running child was reported gone\n");
        goto cleanup;
    }
    if (virProcessPidfdKill(pidfd, child, SIGTERM) < 0)
        goto cleanup;
    if (virProcessPidfdWait(pidfd, 5000) != 1) {
        printf("the child did not exit after SIGTERM through its pidfd\n");
        goto cleanup;
    }
    ret = 0;

 cleanup:
    if (ret < 0)
        kill(child, SIGKILL);
    waitpid(child, &status, 0);
    if (ret == 0 && !(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM)) {
        printf("the child did not die of SIGTERM (status %d)\n", status);
        ret = -1;
    }
    return ret;
}

/* A pidfd names its process by pid and start time; a dead one names
 * nothing; a fd that is no pidfd is refused. */
static int
testPidfdIdentify(const void *opaque G_GNUC_UNUSED)
{
    VIR_AUTOCLOSE pidfd = -1;
    VIR_AUTOCLOSE null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    unsigned long long start = 0;
    unsigned long long expect = 0;
    pid_t pid = 0;
    pid_t child;
    int status;
    int rc;

    if ((pidfd = virProcessPidfdOpen(getpid())) < 0) {
        printf("no pidfd_open on this kernel: %s\n", g_strerror(errno));
        return errno == ENOSYS ? 0 : -1;
    }
    if (virProcessPidfdIdentify(pidfd, &pid, &start) != 1 || pid != getpid() ||
        virProcessGetStartTime(getpid(), &expect) != 1 || start != expect) {
        printf("own pidfd: pid %lld start %llu, expected %lld %llu\n",
               (long long)pid, start, (long long)getpid(), expect);
        return -1;
    }
    virFileForceClose(&pidfd);

    if ((child = fork()) == 0)
        _exit(0);
    pidfd = virProcessPidfdOpen(child);
    waitpid(child, &status, 0);
    if (pidfd < 0 || (rc = virProcessPidfdIdentify(pidfd, &pid, &start)) != 0) {
        printf("a reaped child was identified\n");
        return -1;
    }

    virResetLastError();
    if (virProcessPidfdIdentify(null, &pid, &start) != -1 ||
        !strstr(virGetLastErrorMessage(), "is not a pidfd")) {
        printf("/dev/null passed for a pidfd: %s\n", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    return 0;
}

typedef struct {
    const char *fdinfo;
    const char *ifname;  /* NULL: not a tun fd */
} testFdinfoCase;

static const testFdinfoCase fdinfoCases[] = {
    { "pos:\t0\nflags:\t02000002\nmnt_id:\t25\nino:\t1044\niff:\tvnet3\n", "vnet3" },
    { "pos:\t0\nflags:\t02\niff:\ttap-a.b\n", "tap-a.b" },
    { "iff:\tfirst\nmore:\t1\n", "first" },
    { "iff:\tnonl", "nonl" },
    { "pos:\t0\nflags:\t02000002\nmnt_id:\t25\nino:\t1044\n", NULL },
    { "pos:\t0\nxiff:\tnotme\n", NULL },
    { "iff:\t\n", NULL },
    { "", NULL },
};

/* The fdinfo parser, one row per case. */
static int
testFdinfoParse(const void *opaque G_GNUC_UNUSED)
{
    size_t i;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(fdinfoCases); i++) {
        g_autofree char *got = virProcessFdinfoGetTunIfname(fdinfoCases[i].fdinfo);

        if (g_strcmp0(got, fdinfoCases[i].ifname) != 0) {
            g_autofree char *esc = g_strescape(fdinfoCases[i].fdinfo, NULL);

            printf("'%s': expected %s, got %s\n", esc,
                   fdinfoCases[i].ifname ? fdinfoCases[i].ifname : "(none)",
                   got ? got : "(none)");
            ret = -1;
        }
    }
    return ret;
}

/**
 * testFdinfoTaps:
 * A child moves into its own network namespace, creates a one-queue tap
 * and a two-queue tap, and waits; the scan of its fdinfo must list the
 * taps in fd order (vptest0, vptest1, vptest1).  Root only.
 */
static int
testFdinfoTaps(const void *opaque G_GNUC_UNUSED)
{
    g_auto(GStrv) names = NULL;
    g_auto(GStrv) none = NULL;
    g_autofree char *joined = NULL;
    int ready[2] = { -1, -1 };
    int hold[2] = { -1, -1 };
    pid_t child;
    char c = 0;
    int status;
    int ret = -1;

    if (geteuid() != 0) {
        printf("not root: the real tap scan is not run\n");
        return 0;
    }
    if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(hold, O_CLOEXEC) < 0)
        return -1;
    if ((child = fork()) == 0) {
        int fd0[1];
        int fd1[2];
        ssize_t rc G_GNUC_UNUSED;

        close(ready[0]);
        close(hold[1]);
        if (unshare(CLONE_NEWNET) < 0 ||
            virNetDevTapCreate("vptest0", 1, 0, fd0) != 0 ||
            virNetDevTapCreate("vptest1", 2, 0, fd1) != 0)
            _exit(1);
        rc = write(ready[1], "r", 1);
        rc = read(hold[0], &c, 1);  /* until the parent closes its end */
        _exit(0);
    }
    virFileForceClose(&ready[1]);
    virFileForceClose(&hold[0]);
    if (child < 0 || read(ready[0], &c, 1) != 1) {
        printf("the child could not create its taps\n");
        goto cleanup;
    }
    if (!(names = virProcessListTunIfnames(child)))
        goto cleanup;
    joined = g_strjoinv(",", names);
    if (virTestCompareStrings("vptest0,vptest1,vptest1", joined) < 0)
        goto cleanup;
    /* our own process holds no tap */
    if (!(none = virProcessListTunIfnames(getpid())) || none[0]) {
        printf("taps listed for a process that has none\n");
        goto cleanup;
    }
    ret = 0;

 cleanup:
    virFileForceClose(&ready[0]);
    virFileForceClose(&hold[1]);
    if (child > 0)
        waitpid(child, &status, 0);
    return ret;
}

/* A process that does not exist cannot be scanned: NULL, no error. */
static int
testFdinfoMissing(const void *opaque G_GNUC_UNUSED)
{
    g_auto(GStrv) names = virProcessListTunIfnames(G_MAXINT32 - 1);

    if (names || virGetLastError()) {
        printf("a missing process was scanned\n");
        return -1;
    }
    return 0;
}

static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("start times", testStartTime, NULL) < 0)
        ret = -1;
    if (virTestRun("pidfd: wait and kill", testPidfd, NULL) < 0)
        ret = -1;
    if (virTestRun("pidfd: identify", testPidfdIdentify, NULL) < 0)
        ret = -1;
    if (virTestRun("fdinfo: iff parser", testFdinfoParse, NULL) < 0)
        ret = -1;
    if (virTestRun("fdinfo: taps of a process, in fd order", testFdinfoTaps, NULL) < 0)
        ret = -1;
    if (virTestRun("fdinfo: missing process", testFdinfoMissing, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
