/*
 * qemu_passt_supervisor.c: libvirt-passt-supervisor, keeps passt running
 * for one NIC of a running guest
 *
 * Usage (run by the QEMU driver, qemu_passt.c, never by hand):
 *   libvirt-passt-supervisor [--reconnect] PASST [PASST-OPTIONS...]
 * with fd 3 a pidfd of the guest's QEMU, fd 4 the NIC's listening socket
 * (QEMU connects to it: -netdev stream, server off), stdout/stderr the
 * domain log.
 *
 * Theory of operation.  Each round the supervisor accepts QEMU's
 * connection and runs PASST PASST-OPTIONS --fd 5 on it, keeping no copy,
 * so that passt's exit hangs up on QEMU.  Then it waits for one of:
 *   QEMU exits (its pidfd is readable)  stop passt, exit 0;
 *   SIGTERM or SIGINT (the driver)       stop passt, exit 0;
 *   passt exits                          log it; with --reconnect (QEMU
 *                                        connects again a second later)
 *                                        start the next round, at most
 *                                        SUPERVISOR_MAX_RESTARTS times a
 *                                        minute (then give up, exit 1);
 *                                        without, say that the interface
 *                                        stays down and exit 1.
 * passt gets PR_SET_PDEATHSIG, so it cannot outlive a supervisor that was
 * killed.  The supervisor has the privileges of the driver's user and
 * gains none; passt drops root to "nobody" by itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SUPERVISOR_QEMU_FD 3
#define SUPERVISOR_LISTEN_FD 4           /* QEMU connects to it */
#define SUPERVISOR_PASST_FD 5            /* the connection, in passt */
#define SUPERVISOR_MAX_RESTARTS 10       /* per SUPERVISOR_WINDOW seconds */
#define SUPERVISOR_WINDOW 60
#define SUPERVISOR_STOP_TRIES 30         /* 100 ms apart, then SIGKILL */

/**
 * supervisorLog:
 * One line on stderr (the domain log), with a UTC timestamp.
 */
static void __attribute__((format(printf, 1, 2)))
supervisorLog(const char *fmt, ...);

static void
supervisorLog(const char *fmt, ...)
{
    char stamp[32] = "";
    time_t now = time(NULL);
    struct tm tm;
    va_list ap;

    if (gmtime_r(&now, &tm))
        strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(stderr, "%s: libvirt-passt-supervisor: ", stamp);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

/**
 * supervisorQemuGone:
 * True once QEMU has exited (its pidfd is readable).
 */
static int
supervisorQemuGone(void)
{
    struct pollfd p = { .fd = SUPERVISOR_QEMU_FD, .events = POLLIN };

    return poll(&p, 1, 0) > 0;
}

/**
 * supervisorAccept:
 * @sigfd: signalfd for SIGCHLD, SIGTERM, SIGINT
 *
 * Returns QEMU's connection (O_CLOEXEC), or -1 when QEMU is gone or the
 * driver asked the supervisor to stop (with nothing to log), or -2 on a
 * failure (logged).
 */
static int
supervisorAccept(int sigfd)
{
    for (;;) {
        struct pollfd fds[3] = {
            { .fd = SUPERVISOR_LISTEN_FD, .events = POLLIN },
            { .fd = SUPERVISOR_QEMU_FD, .events = POLLIN },
            { .fd = sigfd, .events = POLLIN },
        };
        struct signalfd_siginfo si;
        int fd;

        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            supervisorLog("poll: %s", strerror(errno));
            return -2;
        }
        if (fds[1].revents)
            return -1;
        if (fds[2].revents && read(sigfd, &si, sizeof(si)) == sizeof(si) &&
            (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT))
            return -1;
        if (!fds[0].revents)
            continue;
        if ((fd = accept4(SUPERVISOR_LISTEN_FD, NULL, NULL, SOCK_CLOEXEC)) >= 0)
            return fd;
        if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) {
            supervisorLog("accept: %s", strerror(errno));
            return -2;
        }
    }
}

/**
 * supervisorSpawn:
 * @argv: passt's argv, its last two entries "--fd" and the fd number
 * @sock: QEMU's connection
 * @oldmask: the signal mask to restore in passt
 *
 * Returns passt's pid, or -1 (logged).
 */
static pid_t
supervisorSpawn(char **argv, int sock, const sigset_t *oldmask)
{
    pid_t parent = getpid();
    pid_t pid = fork();

    if (pid < 0) {
        supervisorLog("fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* child: async-signal-safe calls only */
        if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
            _exit(127);
        if (sock == SUPERVISOR_PASST_FD) {
            if (fcntl(sock, F_SETFD, 0) < 0)
                _exit(127);
        } else if (dup2(sock, SUPERVISOR_PASST_FD) < 0) {
            _exit(127);
        }
        /* the listening socket is close-on-exec: passt never sees it */
        sigprocmask(SIG_SETMASK, oldmask, NULL);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

/**
 * supervisorStop:
 * SIGTERM to passt, SIGKILL if it is still there after 3 s; reaps it.
 */
static void
supervisorStop(pid_t pid)
{
    int tries;

    kill(pid, SIGTERM);
    for (tries = 0; tries < SUPERVISOR_STOP_TRIES; tries++) {
        if (waitpid(pid, NULL, WNOHANG) != 0)
            return;
        usleep(100 * 1000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/**
 * supervisorWait:
 * @pid: passt
 * @sigfd: signalfd for SIGCHLD, SIGTERM, SIGINT
 *
 * Returns 1 when passt exited by itself (reaped, logged), 0 when the
 * supervisor must exit (QEMU gone or asked to stop; passt stopped).
 */
static int
supervisorWait(pid_t pid, int sigfd)
{
    for (;;) {
        struct pollfd fds[2] = {
            { .fd = SUPERVISOR_QEMU_FD, .events = POLLIN },
            { .fd = sigfd, .events = POLLIN },
        };
        struct signalfd_siginfo si;
        int status;

        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            supervisorLog("poll: %s", strerror(errno));
            supervisorStop(pid);
            return 0;
        }
        if (fds[0].revents) {
            supervisorStop(pid);
            return 0;
        }
        if (read(sigfd, &si, sizeof(si)) != sizeof(si))
            continue;
        if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
            supervisorStop(pid);
            return 0;
        }
        if (waitpid(pid, &status, WNOHANG) == pid) {
            if (WIFSIGNALED(status))
                supervisorLog("passt (pid %d) was killed by signal %d", (int)pid, WTERMSIG(status));
            else
                supervisorLog("passt (pid %d) exited with status %d", (int)pid, WEXITSTATUS(status));
            return 1;
        }
    }
}

/**
 * main:
 * See the top of the file.  Exits 0 when QEMU is gone or the driver asked
 * it to stop, 1 when passt cannot be kept running, 2 on misuse.
 */
int
main(int argc, char **argv)
{
    time_t restarts[SUPERVISOR_MAX_RESTARTS] = { 0 };
    size_t nrestarts = 0;
    bool reconnect = false;
    sigset_t mask;
    sigset_t oldmask;
    char **passtArgv;
    int first = 1;
    int sigfd;
    int i;

    if (argc > 1 && strcmp(argv[1], "--reconnect") == 0) {
        reconnect = true;
        first = 2;
    }
    if (argc - first < 1 || argv[first][0] != '/' ||
        fcntl(SUPERVISOR_QEMU_FD, F_SETFD, FD_CLOEXEC) < 0 ||
        fcntl(SUPERVISOR_LISTEN_FD, F_SETFD, FD_CLOEXEC) < 0) {
        fprintf(stderr, "usage: %s [--reconnect] /PATH/TO/PASST [OPTIONS...] "
                "(with QEMU's pidfd as fd 3 and the listening socket as fd 4)\n",
                argv[0]);
        return 2;
    }
    /* passt's argv: PASST OPTIONS... --fd 5 */
    passtArgv = calloc(argc - first + 3, sizeof(char *));
    if (!passtArgv)
        return 1;
    for (i = first; i < argc; i++)
        passtArgv[i - first] = argv[i];
    passtArgv[argc - first] = (char *)"--fd";
    passtArgv[argc - first + 1] = (char *)"5";

    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    if (sigprocmask(SIG_BLOCK, &mask, &oldmask) < 0 ||
        (sigfd = signalfd(-1, &mask, SFD_CLOEXEC)) < 0) {
        supervisorLog("signalfd: %s", strerror(errno));
        return 1;
    }

    for (;;) {
        int sock;
        pid_t pid;
        time_t now;

        if ((sock = supervisorAccept(sigfd)) < 0)
            return sock == -1 ? 0 : 1;
        pid = supervisorSpawn(passtArgv, sock, &oldmask);
        close(sock);
        if (pid < 0)
            return 1;
        supervisorLog("started passt (pid %d) for QEMU's connection", (int)pid);
        if (supervisorWait(pid, sigfd) == 0)
            return 0;
        if (supervisorQemuGone())
            return 0;
        if (!reconnect) {
            supervisorLog("this QEMU cannot connect again to a new passt "
                          "(a stream netdev has no 'reconnect' before QEMU 8.0): "
                          "the interface stays down until the guest is restarted");
            return 1;
        }

        /* at most SUPERVISOR_MAX_RESTARTS in a window: a passt that
         * cannot start would otherwise spin */
        now = time(NULL);
        if (nrestarts == SUPERVISOR_MAX_RESTARTS &&
            now - restarts[0] < SUPERVISOR_WINDOW) {
            supervisorLog("passt exited %d times within %d s; giving up",
                          SUPERVISOR_MAX_RESTARTS, SUPERVISOR_WINDOW);
            return 1;
        }
        memmove(restarts, restarts + 1, sizeof(restarts) - sizeof(restarts[0]));
        restarts[SUPERVISOR_MAX_RESTARTS - 1] = now;
        if (nrestarts < SUPERVISOR_MAX_RESTARTS)
            nrestarts++;
        supervisorLog("waiting for QEMU to connect again, for a new passt");
    }
}
