/*
 * networkdbench.c: the reference rows of bench/networkd
 *
 * Times the ways of getting a tap fd that libvirt-networkd is compared
 * with, each N times, and prints "<what> n=N p50=US p90=US p99=US max=US"
 * (microseconds, from the start of the request to the fd in hand):
 *
 *   helper N HELPER BRIDGE [keep]
 *                            fork/exec a (setuid) qemu-bridge-helper the way
 *                            QEMU does (--use-vnet --br=BRIDGE --fd=N) and
 *                            receive the tap fd over the socket; with
 *                            "keep" every tap stays open until the end, as
 *                            a guest keeps its NIC
 *   raw N BRIDGE [keep]      what the daemon does, in-process, as root:
 *                            open /dev/net/tun, TUNSETIFF, host MAC, MTU,
 *                            enslave (SIOCBRADDIF), up; with "keep" every
 *                            tap stays until the end and "FIRST US LAST US"
 *                            gives the medians of the first and last 50
 *   exec N PROGRAM [ARG...]  fork/exec PROGRAM (output to /dev/null) and wait
 *                            for it: from fork to exit, what starting a
 *                            program costs
 *   polkit N BRIDGE USER     one org.libvirt.networkd.port.create check, as
 *                            root (polkit takes details only from trusted
 *                            callers), of the bus name of a child process
 *                            running as USER, exactly as the daemon asks
 *
 * The fds are closed after each timed step, outside the measurement.
 * With BENCH_SAMPLES=FILE in the environment every sample is also
 * appended to FILE, one per line, so a script can pool the samples of
 * interleaved rounds before taking quantiles.
 * networkd's own rows come from tests/networkdtestclient ("latency").
 */
#include <errno.h>
#include <stdbool.h>
#include <grp.h>
#include <pwd.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <gio/gio.h>
#include <polkit/polkit.h>

#include "virerror.h"
#include "virsocket.h"

/**
 * benchCompare:
 * qsort comparison of gint64 values.
 */
static int
benchCompare(const void *a, const void *b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

    return x < y ? -1 : x > y;
}

/* Prints the percentiles of @us (sorted in place). */
static void
benchReport(const char *what, gint64 *us, unsigned int n)
{
    const char *samples = getenv("BENCH_SAMPLES");
    unsigned int i;

    if (samples) {
        FILE *fp = fopen(samples, "a");

        if (!fp) {
            fprintf(stderr, "cannot append to %s: %s\n", samples, g_strerror(errno));
        } else {
            for (i = 0; i < n; i++)
                fprintf(fp, "%" G_GINT64_FORMAT "\n", us[i]);
            fclose(fp);
        }
    }
    qsort(us, n, sizeof(*us), benchCompare);
    printf("%s n=%u p50=%" G_GINT64_FORMAT " p90=%" G_GINT64_FORMAT
           " p99=%" G_GINT64_FORMAT " max=%" G_GINT64_FORMAT "\n",
           what, n, us[n / 2], us[n * 90 / 100], us[n * 99 / 100], us[n - 1]);
}

/* One qemu-bridge-helper run, as QEMU's net/tap.c does it.  Returns the
 * microseconds from fork to fd in hand, or -1.  The tap fd is closed, or
 * stored in *@keep when @keep is given. */
static gint64
benchHelperOne(const char *helper, const char *bridge, int *keep)
{
    int sv[2];
    gint64 start = g_get_monotonic_time();
    gint64 took;
    pid_t pid;
    int status;
    int fd;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return -1;
    if ((pid = fork()) < 0)
        return -1;
    if (pid == 0) {
        char fdarg[32], brarg[64];

        /* the helper's end must survive exec; everything else is CLOEXEC */
        fcntl(sv[1], F_SETFD, 0);
        snprintf(fdarg, sizeof(fdarg), "--fd=%d", sv[1]);
        snprintf(brarg, sizeof(brarg), "--br=%s", bridge);
        execl(helper, "qemu-bridge-helper", "--use-vnet", brarg, fdarg, (char *)NULL);
        _exit(127);
    }
    close(sv[1]);
    fd = virSocketRecvFD(sv[0]);
    took = g_get_monotonic_time() - start;
    close(sv[0]);
    waitpid(pid, &status, 0);
    if (fd < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "qemu-bridge-helper failed (status 0x%x)\n", status);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (keep)
        *keep = fd;
    else
        close(fd);
    return took;
}

/* One run of @argv, output to /dev/null.  Returns the microseconds from
 * fork to exit, or -1 when it could not be started or was killed (an exit
 * status is fine: qemu-bridge-helper --help exits 1). */
static gint64
benchExecOne(char **argv)
{
    gint64 start = g_get_monotonic_time();
    pid_t pid;
    int status;

    if ((pid = fork()) < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        if (null < 0 || dup2(null, STDOUT_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0)
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) >= 126) {
        fprintf(stderr, "%s failed (status 0x%x)\n", argv[0], status);
        return -1;
    }
    return g_get_monotonic_time() - start;
}

/* What the daemon does for one port, in-process.  Returns microseconds,
 * or -1 with the reason on stderr.  The tap's fd is closed, or stored in
 * *@keep when @keep is given. */
static gint64
benchRawOne(int ctl, const char *bridge, unsigned int i, int *keep)
{
    gint64 start = g_get_monotonic_time();
    gint64 took = -1;
    struct ifreq ifr = { 0 };
    int brindex = if_nametoindex(bridge);
    int fd;

    if ((fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) < 0)
        goto syserr;
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "ndraw%u", i);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
        goto syserr;
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(ifr.ifr_hwaddr.sa_data, "\xfe\x54\x00\x00\x00\x00", 6);
    ifr.ifr_hwaddr.sa_data[4] = i >> 8;
    ifr.ifr_hwaddr.sa_data[5] = i & 0xff;
    if (ioctl(ctl, SIOCSIFHWADDR, &ifr) < 0)
        goto syserr;
    ifr.ifr_mtu = 1500;
    if (ioctl(ctl, SIOCSIFMTU, &ifr) < 0)
        goto syserr;
    {
        struct ifreq br = { 0 };

        g_strlcpy(br.ifr_name, bridge, sizeof(br.ifr_name));
        br.ifr_ifindex = if_nametoindex(ifr.ifr_name);
        if (brindex == 0 || ioctl(ctl, SIOCBRADDIF, &br) < 0)
            goto syserr;
    }
    if (ioctl(ctl, SIOCGIFFLAGS, &ifr) < 0)
        goto syserr;
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(ctl, SIOCSIFFLAGS, &ifr) < 0)
        goto syserr;
    took = g_get_monotonic_time() - start;
    if (keep)
        *keep = fd;
    else
        close(fd);
    return took;

 syserr:
    fprintf(stderr, "raw tap %u: %s\n", i, g_strerror(errno));
    if (fd >= 0)
        close(fd);
    return -1;
}

/**
 * benchPolkitOne:
 * One timed port.create check of @subject.  Returns microseconds or -1.
 */
static gint64
benchPolkitOne(PolkitAuthority *authority, PolkitSubject *subject,
               PolkitDetails *details)
{
    g_autoptr(GError) gerr = NULL;
    g_autoptr(PolkitAuthorizationResult) res = NULL;
    gint64 start = g_get_monotonic_time();

    res = polkit_authority_check_authorization_sync(authority, subject,
                                                    "org.libvirt.networkd.port.create",
                                                    details,
                                                    POLKIT_CHECK_AUTHORIZATION_FLAGS_NONE,
                                                    NULL, &gerr);
    if (!res) {
        fprintf(stderr, "polkit: %s\n", gerr->message);
        return -1;
    }
    return g_get_monotonic_time() - start;
}

/**
 * benchPolkitSubject:
 * Forks a child that becomes @user, connects to the system bus and
 * stays there until @hold closes.  Returns its unique bus name (caller
 * frees) and the child's pid, or NULL.
 */
static char *
benchPolkitSubject(const char *user, int *hold, pid_t *child)
{
    struct passwd *pw = getpwnam(user);
    int names[2], stay[2];
    char buf[256] = { 0 };
    ssize_t got;

    if (!pw || pipe2(names, O_CLOEXEC) < 0 || pipe2(stay, O_CLOEXEC) < 0)
        return NULL;
    if ((*child = fork()) < 0)
        return NULL;
    if (*child == 0) {
        g_autoptr(GDBusConnection) conn = NULL;
        const char *name;
        char c;

        if (initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
            setuid(pw->pw_uid) < 0)
            _exit(1);
        if (!(conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, NULL)))
            _exit(1);
        name = g_dbus_connection_get_unique_name(conn);
        if (write(names[1], name, strlen(name)) < 0)
            _exit(1);
        close(names[1]);
        close(stay[1]);
        (void)read(stay[0], &c, 1);
        _exit(0);
    }
    close(names[1]);
    close(stay[0]);
    got = read(names[0], buf, sizeof(buf) - 1);
    close(names[0]);
    *hold = stay[1];
    return got > 0 ? g_strdup(buf) : NULL;
}

/**
 * main:
 * Runs one mode N times and prints its percentiles; see the top of the file.
 */
int
main(int argc, char **argv)
{
    g_autofree gint64 *us = NULL;
    unsigned int n, i;

    if (argc < 4) {
        fprintf(stderr, "usage: %s helper N HELPER BRIDGE [keep] | exec N PROGRAM [ARG...] | "
                "raw N BRIDGE | polkit N BRIDGE USER\n",
                argv[0]);
        return 2;
    }
    n = atoi(argv[2]);
    if (n == 0)
        return 2;
    us = g_new0(gint64, n);

    if (strcmp(argv[1], "helper") == 0 && (argc == 5 || argc == 6)) {
        bool keep = argc == 6 && strcmp(argv[5], "keep") == 0;
        g_autofree int *kept = g_new(int, n);

        for (i = 0; i < n; i++) {
            if ((us[i] = benchHelperOne(argv[3], argv[4], keep ? &kept[i] : NULL)) < 0)
                return 1;
        }
        for (i = 0; keep && i < n; i++)
            close(kept[i]);
        benchReport("helper", us, n);
        return 0;
    }

    if (strcmp(argv[1], "exec") == 0) {
        for (i = 0; i < n; i++) {
            if ((us[i] = benchExecOne(argv + 3)) < 0)
                return 1;
        }
        benchReport("exec", us, n);
        return 0;
    }

    if (strcmp(argv[1], "raw") == 0) {
        int ctl = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        bool keep = argc == 5 && strcmp(argv[4], "keep") == 0;
        g_autofree int *kept = g_new(int, n);

        for (i = 0; i < n; i++) {
            if ((us[i] = benchRawOne(ctl, argv[3], i, keep ? &kept[i] : NULL)) < 0)
                return 1;
        }
        if (keep && n >= 100) {
            gint64 first[50], last[50];

            memcpy(first, us, sizeof(first));
            memcpy(last, us + n - 50, sizeof(last));
            qsort(first, 50, sizeof(gint64), benchCompare);
            qsort(last, 50, sizeof(gint64), benchCompare);
            printf("FIRST %" G_GINT64_FORMAT " LAST %" G_GINT64_FORMAT "\n", first[25], last[25]);
        }
        for (i = 0; keep && i < n; i++)
            close(kept[i]);
        close(ctl);
        benchReport("raw", us, n);
        return 0;
    }

    if (strcmp(argv[1], "polkit") == 0 && argc == 5) {
        g_autoptr(GError) gerr = NULL;
        g_autoptr(PolkitAuthority) authority = NULL;
        g_autoptr(PolkitSubject) subject = NULL;
        g_autoptr(PolkitDetails) details = polkit_details_new();
        g_autofree char *uid = NULL;
        g_autofree char *name = NULL;
        struct passwd *pw = getpwnam(argv[4]);
        int hold = -1;
        pid_t child = -1;
        int status;

        if (!pw || !(name = benchPolkitSubject(argv[4], &hold, &child))) {
            fprintf(stderr, "polkit: cannot start a bus client as '%s'\n", argv[4]);
            return 1;
        }
        if (!(authority = polkit_authority_get_sync(NULL, &gerr))) {
            fprintf(stderr, "polkit: %s\n", gerr->message);
            return 1;
        }
        uid = g_strdup_printf("%u", (unsigned)pw->pw_uid);
        subject = polkit_system_bus_name_new(name);
        polkit_details_insert(details, "plug", "bridge");
        polkit_details_insert(details, "bridge", argv[3]);
        polkit_details_insert(details, "uid", uid);
        for (i = 0; i < n; i++) {
            if ((us[i] = benchPolkitOne(authority, subject, details)) < 0)
                return 1;
        }
        close(hold);
        waitpid(child, &status, 0);
        benchReport("polkit", us, n);
        return 0;
    }

    fprintf(stderr, "unknown mode '%s'\n", argv[1]);
    return 2;
}
