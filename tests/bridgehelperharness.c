/*
 * bridgehelperharness.c: do what QEMU and libvirt do with a bridge helper
 *
 *   bridgehelperharness MODE HELPER BRIDGE [novnet]
 *
 * MODE qemu:     socketpair, exec HELPER --use-vnet --fd=N --br=BRIDGE
 *      libvirt:  socketpair, exec HELPER --use-vnet --br=BRIDGE --fd=N
 *      closed:   like qemu, but our end is closed before the helper sends
 *      notsock:  --fd names an open regular file, not a socket
 * ("novnet" drops --use-vnet.)
 *
 * Prints "exit=STATUS" and, when an fd arrived, "ifname=NAME vnet_hdr=0|1
 * master=BRIDGE up=0|1" as read from the fd (TUNGETIFF) and from
 * /sys/class/net (so run it in the daemon's network namespace).  The
 * helper's stderr passes through.  Exit status: 0 when the fd arrived, is
 * a tap on BRIDGE, up, with vnet_hdr as asked; 1 otherwise; 2 on usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "virerror.h"
#include "virsocket.h"

static char *
harnessSysfs(const char *ifname, const char *attr)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/%s", ifname, attr);
    char *data = NULL;

    if (!g_file_get_contents(path, &data, NULL, NULL))
        return NULL;
    return g_strstrip(data);
}

int
main(int argc, char **argv)
{
    const char *mode, *helper, *bridge;
    bool vnet = true;
    int sv[2];
    pid_t pid;
    int status;
    int tapfd = -1;
    int ok = 1;

    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s qemu|libvirt|closed|notsock HELPER BRIDGE [novnet]\n", argv[0]);
        return 2;
    }
    mode = argv[1];
    helper = argv[2];
    bridge = argv[3];
    if (argc == 5 && strcmp(argv[4], "novnet") == 0)
        vnet = false;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        perror("socketpair");
        return 2;
    }

    if ((pid = fork()) < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        g_autofree char *fdarg = NULL;
        g_autofree char *brarg = g_strdup_printf("--br=%s", bridge);
        const char *args[6];
        int n = 0;
        int childfd = sv[1];

        if (strcmp(mode, "notsock") == 0)
            childfd = open("/proc/self/stat", O_RDONLY);
        /* the helper's end: inherited, like QEMU's (not close-on-exec) */
        fcntl(childfd, F_SETFD, 0);
        fdarg = g_strdup_printf("--fd=%d", childfd);
        args[n++] = helper;
        if (vnet)
            args[n++] = "--use-vnet";
        if (strcmp(mode, "libvirt") == 0) {
            args[n++] = brarg;
            args[n++] = fdarg;
        } else {
            args[n++] = fdarg;
            args[n++] = brarg;
        }
        args[n] = NULL;
        execv(helper, (char **)args);
        _exit(127);
    }

    close(sv[1]);
    if (strcmp(mode, "closed") == 0) {
        close(sv[0]);
        sv[0] = -1;
    } else {
        tapfd = virSocketRecvFD(sv[0]);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    printf("exit=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));

    if (tapfd >= 0) {
        struct ifreq ifr = { 0 };
        g_autofree char *master = NULL;
        g_autofree char *flags = NULL;
        bool hasVnet, up;

        if (ioctl(tapfd, TUNGETIFF, &ifr) < 0) {
            printf("received fd is not a tun/tap device: %s\n", strerror(errno));
        } else {
            g_autofree char *masterLink = g_strdup_printf("/sys/class/net/%s/master", ifr.ifr_name);
            g_autofree char *target = g_file_read_link(masterLink, NULL);

            master = target ? g_path_get_basename(target) : g_strdup("-");
            flags = harnessSysfs(ifr.ifr_name, "flags");
            hasVnet = (ifr.ifr_flags & IFF_VNET_HDR) != 0;
            up = flags && (strtoul(flags, NULL, 16) & IFF_UP);
            printf("ifname=%s tap=%d vnet_hdr=%d master=%s up=%d\n", ifr.ifr_name,
                   (ifr.ifr_flags & IFF_TAP) != 0, hasVnet, master, up);
            if ((ifr.ifr_flags & IFF_TAP) && hasVnet == vnet &&
                strcmp(master, bridge) == 0 && up && WIFEXITED(status) &&
                WEXITSTATUS(status) == 0)
                ok = 0;
        }
        close(tapfd);
    }
    if (sv[0] >= 0)
        close(sv[0]);
    return ok;
}
