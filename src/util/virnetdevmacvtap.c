/*
 * virnetdevmacvtap.c: the character devices of macvtap links
 *
 * A macvtap link NAME with interface index N has the character device
 * /dev/tapN; whoever may open that node (its mode and owner, usually set
 * by a udev rule, by the admin or by libvirt-networkd) can send and
 * receive the link's frames without any capability.  Each open is one
 * queue.  /dev/tapN is one name for the whole machine while N is an
 * ifindex of one network namespace, so every fd is checked against the
 * device number sysfs shows for this namespace's link.
 */
#include "virnetdevmacvtap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <net/if.h>
#include <linux/if_tun.h>

#include "virerror.h"
#include "virfile.h"
#include "virnetdevname.h"
#include "virnetdevtap.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

/**
 * virNetDevMacvtapDevNumber:
 * @name: the macvtap link
 * @ifindex: its ifindex
 * @devt: set to the device number of its character device
 *
 * Reads it from sysfs (/sys/class/net/NAME/macvtap/tapN/dev), which shows
 * the links of the namespace sysfs was mounted in.  Returns 0, or -1
 * with an error reported.
 */
static int
virNetDevMacvtapDevNumber(const char *name, int ifindex, dev_t *devt)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/macvtap/tap%d/dev",
                                            name, ifindex);
    g_autofree char *text = NULL;
    g_autoptr(GError) gerr = NULL;
    unsigned int maj, min;
    char extra;

    if (!g_file_get_contents(path, &text, NULL, &gerr)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot find the character device of macvtap '%1$s': %2$s"),
                       name, gerr->message);
        return -1;
    }
    if (sscanf(text, "%u:%u%c", &maj, &min, &extra) != 3 || extra != '\n') {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot parse the device number of macvtap '%1$s'"), name);
        return -1;
    }
    *devt = makedev(maj, min);
    return 0;
}

/**
 * virNetDevMacvtapOpenOne:
 * Opens one queue of macvtap @name: /dev/tap@ifindex, checked to be
 * device @devt, with vnet headers as @flags say.  Returns the fd; -2
 * when the node is another device (nothing reported); -1 with an error
 * reported.
 */
static int
virNetDevMacvtapOpenOne(const char *name, int ifindex, dev_t devt, unsigned int flags,
                        unsigned int queue)
{
    g_autofree char *path = g_strdup_printf("/dev/tap%d", ifindex);
    VIR_AUTOCLOSE fd = -1;
    struct ifreq ifr;
    struct stat st;

    if ((fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0) {
        if (errno == EACCES || errno == EPERM) {
            virReportError(VIR_ERR_OPERATION_DENIED,
                           _("cannot open '%1$s' of macvtap device '%2$s': this user may not read and write it"),
                           path, name);
        } else {
            virReportSystemError(errno, _("cannot open '%1$s' of macvtap device '%2$s'"),
                                 path, name);
        }
        return -1;
    }
    if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != devt)
        return -2;      /* another namespace's link of the same ifindex */
    /* A new queue has IFF_VNET_HDR on; set exactly what was asked. */
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (flags & VIR_NETDEV_MACVTAP_OPEN_VNET_HDR)
        ifr.ifr_flags |= IFF_VNET_HDR;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        virReportSystemError(errno, _("cannot set up queue %1$u of macvtap '%2$s'"),
                             queue, name);
        return -1;
    }
    return g_steal_fd(&fd);
}

/**
 * virNetDevMacvtapOpen:
 * @name: a macvtap link of the caller's network namespace
 * @ifindex: its ifindex (from virNetDevMacvtapCreate)
 * @queues: number of queues, 1..VIR_NETDEV_TAP_MAX_QUEUES: each open of
 *          the character device is one queue
 * @flags: virNetDevMacvtapOpenFlags
 * @fds: array of @queues ints, filled with close-on-exec fds
 *
 * Returns 0 with @fds filled; 1 when /dev/tapN is the node of another
 * network namespace's link (nothing reported; see
 * virNetDevMacvtapCreateOpen); -1 with an error reported.  No fd is
 * left open unless 0 is returned.
 */
int
virNetDevMacvtapOpen(const char *name, int ifindex, unsigned int queues,
                     unsigned int flags, int *fds)
{
    unsigned int i;
    dev_t devt;

    if (!virNetDevNameIsValid(name) || ifindex <= 0 ||
        queues < 1 || queues > VIR_NETDEV_TAP_MAX_QUEUES) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid macvtap open request '%1$s' with %2$u queues"),
                       name ? name : "", queues);
        return -1;
    }
    for (i = 0; i < queues; i++)
        fds[i] = -1;
    if (virNetDevMacvtapDevNumber(name, ifindex, &devt) < 0)
        return -1;
    for (i = 0; i < queues; i++) {
        int fd = virNetDevMacvtapOpenOne(name, ifindex, devt, flags, i);

        if (fd < 0) {
            for (i = 0; i < queues; i++)
                virFileForceClose(&fds[i]);
            return fd == -2 ? 1 : -1;
        }
        fds[i] = fd;
    }
    return 0;
}

/**
 * virNetDevMacvtapOpenExisting:
 * See virnetdevmacvtap.h.  A link is a macvtap when sysfs shows its
 * "macvtap" class directory.  The queues keep the kernel's default of a
 * virtio-net header, which QEMU probes for.
 */
int
virNetDevMacvtapOpenExisting(const char *ifname, unsigned int queues, int *fds)
{
    g_autofree char *classDir = NULL;
    unsigned int ifindex;
    int rc;

    if (!virNetDevNameIsValid(ifname)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("invalid macvtap request '%1$s' with %2$u queues"),
                       ifname ? ifname : "", queues);
        return -1;
    }
    classDir = g_strdup_printf("/sys/class/net/%s/macvtap", ifname);
    if (access(classDir, F_OK) < 0)
        return 1;
    if ((ifindex = if_nametoindex(ifname)) == 0) {
        virReportSystemError(errno, _("cannot find the interface index of '%1$s'"), ifname);
        return -1;
    }
    rc = virNetDevMacvtapOpen(ifname, (int)ifindex, queues,
                              VIR_NETDEV_MACVTAP_OPEN_VNET_HDR, fds);
    if (rc == 1) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot open '/dev/tap%1$u' of macvtap device '%2$s': the node is another network namespace's link"),
                       ifindex, ifname);
        return -1;
    }
    return rc;
}
