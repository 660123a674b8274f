/*
 * virnetdevtap.c: tap devices (/dev/net/tun)
 */
#include "virnetdevtap.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <linux/if_tun.h>

#include "virerror.h"
#include "virfile.h"
#include "virnetdevname.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

#define VIR_NETDEV_TAP_DEVICE "/dev/net/tun"

/**
 * virNetDevTapCreate:
 * @ifname: the tap's name; must be a valid interface name (no template:
 *          a '%' is refused, so the kernel never picks the name)
 * @queues: number of queues, 1..VIR_NETDEV_TAP_MAX_QUEUES; more than one
 *          opens the device with IFF_MULTI_QUEUE
 * @flags: virNetDevTapCreateFlags
 * @fds: array of @queues ints, filled with one close-on-exec fd per queue
 *
 * Creates a non-persistent tap: it goes away when the last fd is closed.
 * With VIR_NETDEV_TAP_CREATE_EXCLUSIVE the first TUNSETIFF carries
 * IFF_TUN_EXCL, so an existing device of that name (someone else's tap, or
 * any other link) is never attached to; the other queues attach to the
 * device the first one created.
 *
 * With VIR_NETDEV_TAP_CREATE_OWNED the tap is owned by the caller's
 * effective uid (TUNSETOWNER right after the first TUNSETIFF, before any
 * other queue): the kernel lets a process without CAP_NET_ADMIN attach
 * to an existing tap by name (another queue of a multiqueue tap, or a
 * persistent tap) only when the tap has an owner or group that is its
 * own, or has neither.  An owned tap is closed to everyone else.
 *
 * Returns 0 with @fds filled; 1 when EXCLUSIVE was asked and the name is
 * taken (no error reported, nothing left open); -1 with an error reported.
 * On failure every fd already opened is closed.
 */
int
virNetDevTapCreate(const char *ifname, unsigned int queues,
                   unsigned int flags, int *fds)
{
    unsigned int i;
    int ret = -1;

    if (!virNetDevNameIsValid(ifname) ||
        queues < 1 || queues > VIR_NETDEV_TAP_MAX_QUEUES) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("invalid tap request '%1$s' with %2$u queues"),
                       ifname ? ifname : "", queues);
        return -1;
    }

    for (i = 0; i < queues; i++)
        fds[i] = -1;

    for (i = 0; i < queues; i++) {
        struct ifreq ifr;

        if ((fds[i] = open(VIR_NETDEV_TAP_DEVICE, O_RDWR | O_CLOEXEC)) < 0) {
            virReportSystemError(errno, _("cannot open %1$s"), VIR_NETDEV_TAP_DEVICE);
            goto error;
        }

        memset(&ifr, 0, sizeof(ifr));
        ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
        if (flags & VIR_NETDEV_TAP_CREATE_VNET_HDR)
            ifr.ifr_flags |= IFF_VNET_HDR;
        if (queues > 1)
            ifr.ifr_flags |= IFF_MULTI_QUEUE;
        if (i == 0 && (flags & VIR_NETDEV_TAP_CREATE_EXCLUSIVE))
            ifr.ifr_flags |= IFF_TUN_EXCL;
        g_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));

        if (ioctl(fds[i], TUNSETIFF, &ifr) < 0) {
            if (i == 0 && errno == EBUSY &&
                (flags & VIR_NETDEV_TAP_CREATE_EXCLUSIVE)) {
                ret = 1;
                goto error;
            }
            virReportSystemError(errno, _("cannot create tap '%1$s' (queue %2$u)"),
                                 ifname, i);
            goto error;
        }
        /* The kernel must not have changed the name (it does only for
         * templates, which virNetDevNameIsValid refuses). */
        if (strcmp(ifr.ifr_name, ifname) != 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("kernel named tap '%1$s' instead of '%2$s'"),
                           ifr.ifr_name, ifname);
            goto error;
        }
        if (i == 0 && (flags & VIR_NETDEV_TAP_CREATE_OWNED) &&
            ioctl(fds[0], TUNSETOWNER, (unsigned long)geteuid()) < 0) {
            virReportSystemError(errno, _("cannot set the owner of tap '%1$s'"), ifname);
            goto error;
        }
    }
    return 0;

 error:
    for (i = 0; i < queues; i++)
        virFileForceClose(&fds[i]);
    return ret;
}
