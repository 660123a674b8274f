/*
 * virsh-console.c: "virsh console", the terminal on a guest's serial
 * console
 *
 * The driver opens the pty and holds the session's lock
 * (src/qemu/qemu_console.c); this file is the terminal side, as
 * upstream's virsh-console.c: the banner, stdin in raw mode, the relay
 * between the terminal and the pty, ^] to leave.  The terminal's
 * settings are restored on every way out: ^], the guest going away, an
 * error, another session taking the console over (--force), SIGTERM,
 * SIGHUP, SIGINT or SIGQUIT (all blocked and read from a signalfd, so
 * none of them can end virsh between two steps).  SIGKILL is the only
 * exception, as for any program.
 */
#include "virsh.h"

#include "qemu_console.h"
#include "virerror.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_VIRSH

/* ^], upstream's default escape character. */
#define VIRSH_CONSOLE_ESCAPE 0x1d
#define VIRSH_CONSOLE_ESCAPE_NAME "^]"

#define VIRSH_CONSOLE_BUFSIZE 4096

/* One direction of the relay: bytes read and not yet written. */
typedef struct {
    char data[VIRSH_CONSOLE_BUFSIZE];
    size_t len;
} virshConsoleBuffer;

typedef struct {
    int pty;
    int sigfd;
    virshConsoleBuffer toPty;   /* typed, for the guest */
    virshConsoleBuffer toTerm;  /* the guest's output, for stdout */
    const char *domain;
} virshConsoleRelay;

/* How the relay ended. */
typedef enum {
    VIRSH_CONSOLE_END_ESCAPE,   /* ^] typed */
    VIRSH_CONSOLE_END_HANGUP,   /* the guest's side closed (QEMU exited) */
    VIRSH_CONSOLE_END_ERROR,    /* an error, reported */
} virshConsoleEnd;

/**
 * virshConsoleSignals:
 * Fills @set with the signals a session reads from its signalfd.
 */
static void
virshConsoleSignals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGQUIT);
    sigaddset(set, QEMU_CONSOLE_TAKEOVER_SIGNAL);
}

/**
 * virshConsoleOnSignal:
 * Reads the pending signal of @relay's signalfd and reports why it ends
 * the session.  Returns VIRSH_CONSOLE_END_ERROR.
 */
static virshConsoleEnd
virshConsoleOnSignal(virshConsoleRelay *relay)
{
    struct signalfd_siginfo info = { 0 };

    if (read(relay->sigfd, &info, sizeof(info)) != sizeof(info)) {
        virReportSystemError(errno, "%s", _("cannot read the signalfd"));
        return VIRSH_CONSOLE_END_ERROR;
    }
    if ((int)info.ssi_signo == QEMU_CONSOLE_TAKEOVER_SIGNAL)
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("the console of domain '%1$s' was taken over by another session (virsh console --force)"),
                       relay->domain);
    else
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("the console session ended on signal %1$s"),
                       strsignal((int)info.ssi_signo));
    return VIRSH_CONSOLE_END_ERROR;
}

/**
 * virshConsoleFlush:
 * Writes what @buf holds to @fd, as much as it takes now.
 * Returns 0, or -1 with errno set.
 */
static int
virshConsoleFlush(int fd, virshConsoleBuffer *buf)
{
    ssize_t n = write(fd, buf->data, buf->len);

    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? 0 : -1;
    memmove(buf->data, buf->data + n, buf->len - n);
    buf->len -= n;
    return 0;
}

/**
 * virshConsoleOnStdin:
 * Reads the terminal into the buffer for the guest.  Returns -1 to go
 * on, or how the session ends (^], or an error reported).
 */
static int
virshConsoleOnStdin(virshConsoleRelay *relay)
{
    virshConsoleBuffer *buf = &relay->toPty;
    ssize_t n = read(STDIN_FILENO, buf->data + buf->len, sizeof(buf->data) - buf->len);
    char *esc;

    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR)
            return -1;
        virReportSystemError(errno, "%s", _("cannot read from stdin"));
        return VIRSH_CONSOLE_END_ERROR;
    }
    if (n == 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", _("EOF on stdin"));
        return VIRSH_CONSOLE_END_ERROR;
    }
    if ((esc = memchr(buf->data + buf->len, VIRSH_CONSOLE_ESCAPE, n))) {
        /* what was typed before ^] still goes to the guest */
        buf->len = esc - buf->data;
        virshConsoleFlush(relay->pty, buf);
        return VIRSH_CONSOLE_END_ESCAPE;
    }
    buf->len += n;
    return -1;
}

/**
 * virshConsoleOnPty:
 * Reads the guest's output.  Returns -1 to go on, or how the session
 * ends (the guest's side closed: QEMU exited).
 */
static int
virshConsoleOnPty(virshConsoleRelay *relay)
{
    virshConsoleBuffer *buf = &relay->toTerm;
    ssize_t n = read(relay->pty, buf->data + buf->len, sizeof(buf->data) - buf->len);

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return -1;
    /* EIO: the master side (QEMU) is closed */
    if (n <= 0)
        return VIRSH_CONSOLE_END_HANGUP;
    buf->len += n;
    return -1;
}

/**
 * virshConsoleRun:
 * The relay between the terminal and the pty until the session ends.
 */
static virshConsoleEnd
virshConsoleRun(virshConsoleRelay *relay)
{
    for (;;) {
        struct pollfd fds[4] = {
            { .fd = STDIN_FILENO },
            { .fd = relay->pty },
            { .fd = STDOUT_FILENO },
            { .fd = relay->sigfd, .events = POLLIN },
        };
        int rc;

        if (relay->toPty.len < sizeof(relay->toPty.data))
            fds[0].events |= POLLIN;
        if (relay->toTerm.len < sizeof(relay->toTerm.data))
            fds[1].events |= POLLIN;
        if (relay->toPty.len)
            fds[1].events |= POLLOUT;
        if (relay->toTerm.len)
            fds[2].events |= POLLOUT;
        else
            fds[2].fd = -1;

        if (poll(fds, G_N_ELEMENTS(fds), -1) < 0) {
            if (errno == EINTR)
                continue;
            virReportSystemError(errno, "%s", _("cannot wait for the console"));
            return VIRSH_CONSOLE_END_ERROR;
        }
        if (fds[3].revents)
            return virshConsoleOnSignal(relay);
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR) &&
            (rc = virshConsoleOnPty(relay)) >= 0)
            return rc;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR) &&
            (rc = virshConsoleOnStdin(relay)) >= 0)
            return rc;
        if (relay->toPty.len && virshConsoleFlush(relay->pty, &relay->toPty) < 0)
            return VIRSH_CONSOLE_END_HANGUP;
        if (relay->toTerm.len && virshConsoleFlush(STDOUT_FILENO, &relay->toTerm) < 0) {
            virReportSystemError(errno, "%s", _("cannot write to stdout"));
            return VIRSH_CONSOLE_END_ERROR;
        }
    }
}

/**
 * virshConsoleSession:
 * @ctl: the shell
 * @obj: the running domain
 * @devname: --devname, or NULL
 * @flags: qemuConsoleFlags
 *
 * Blocks the session's signals, puts the terminal in raw mode, opens the
 * console and relays, then restores the terminal and the signal mask
 * whatever happened.  Returns true when the session ended by ^] or by
 * the guest's side closing (as upstream), false with an error.
 */
static bool
virshConsoleSession(vshControl *ctl, virQEMUDomainObj *obj,
                    const char *devname, unsigned int flags)
{
    virshConsoleRelay relay = { .pty = -1, .sigfd = -1 };
    g_autoptr(qemuConsole) console = NULL;
    struct termios saved;
    struct termios raw;
    struct sigaction ignore = { .sa_handler = SIG_IGN };
    struct sigaction oldPipe;
    sigset_t set;
    sigset_t oldMask;
    virshConsoleEnd end = VIRSH_CONSOLE_END_ERROR;

    relay.domain = virQEMUDomainObjGetName(obj);
    if (tcgetattr(STDIN_FILENO, &saved) < 0) {
        virReportSystemError(errno, "%s", _("unable to get tty attributes"));
        return false;
    }
    virshConsoleSignals(&set);
    sigprocmask(SIG_BLOCK, &set, &oldMask);
    sigaction(SIGPIPE, &ignore, &oldPipe);
    if ((relay.sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
        virReportSystemError(errno, "%s", _("cannot create a signalfd"));
        goto restore;
    }

    /* no echo, no line editing, ^C and ^Z go to the guest */
    raw = saved;
    cfmakeraw(&raw);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0) {
        virReportSystemError(errno, "%s", _("unable to set tty attributes"));
        goto restore;
    }
    if ((console = qemuConsoleOpen(virshGetDriver(ctl), obj, devname, flags))) {
        relay.pty = console->fd;
        end = virshConsoleRun(&relay);
    }

    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
 restore:
    /* the session's lock goes with the pty; signals that arrived during
     * the session are dropped with the signalfd's pending set */
    g_clear_pointer(&console, qemuConsoleFree);
    if (relay.sigfd >= 0) {
        struct signalfd_siginfo info;

        while (read(relay.sigfd, &info, sizeof(info)) == sizeof(info))
            ;
        close(relay.sigfd);
    }
    sigaction(SIGPIPE, &oldPipe, NULL);
    sigprocmask(SIG_SETMASK, &oldMask, NULL);
    return end != VIRSH_CONSOLE_END_ERROR;
}

const vshCmdOptDef opts_console[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { "devname", VSH_OT_STRING, 0, N_("character device name") },
    { "force", VSH_OT_BOOL, 0,
      N_("force console connection (disconnect already connected sessions)") },
    { "safe", VSH_OT_BOOL, 0,
      N_("only connect if safe console handling is supported") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdConsole:
 * Connects the terminal to the domain's serial console (or the device
 * --devname names) until ^] is typed, as upstream virsh does, banner
 * and refusals included.
 */
bool
cmdConsole(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    const char *name = NULL;
    unsigned int flags = 0;

    if (vshCommandOptBool(cmd, "force"))
        flags |= QEMU_CONSOLE_FORCE;
    if (vshCommandOptBool(cmd, "safe"))
        flags |= QEMU_CONSOLE_SAFE;
    if (!(obj = virshCommandOptDomain(ctl, cmd, &name)))
        return false;
    if (!virQEMUDomainObjIsActive(obj)) {
        vshError(ctl, "%s", _("The domain is not running"));
        return false;
    }
    if (!isatty(STDIN_FILENO)) {
        vshError(ctl, "%s", _("Cannot run interactive console without a controlling TTY"));
        return false;
    }

    vshPrintExtra(ctl, _("Connected to domain '%1$s'\n"), virQEMUDomainObjGetName(obj));
    vshPrintExtra(ctl, _("Escape character is %1$s"), VIRSH_CONSOLE_ESCAPE_NAME);
    vshPrintExtra(ctl, " (Ctrl + %c)\n", VIRSH_CONSOLE_ESCAPE_NAME[1]);
    fflush(stdout);
    return virshConsoleSession(ctl, obj, vshCommandOptString(cmd, "devname"), flags);
}
