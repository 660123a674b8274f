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
 * virNetDevTapOpenQueue:
 * @ifname: the tap's name (checked by the caller)
 * @ifrFlags: TUNSETIFF flags
 * @fd: set to a close-on-exec fd attached to the tap, or -1
 *
 * Returns 0; -1 with an error when /dev/net/tun cannot be opened; or the
 * errno of TUNSETIFF (positive, nothing reported, @fd closed) so that the
 * caller words the refusal.
 */
static int
virNetDevTapOpenQueue(const char *ifname, short ifrFlags, int *fd)
{
    struct ifreq ifr;
    int err;

    if ((*fd = open(VIR_NETDEV_TAP_DEVICE, O_RDWR | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, _("cannot open %1$s"), VIR_NETDEV_TAP_DEVICE);
        return -1;
    }
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = ifrFlags;
    g_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
    if (ioctl(*fd, TUNSETIFF, &ifr) < 0) {
        err = errno;
        virFileForceClose(fd);
        return err;
    }
    /* The kernel must not have changed the name (it does only for
     * templates, which virNetDevNameIsValid refuses). */
    if (strcmp(ifr.ifr_name, ifname) != 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("kernel named tap '%1$s' instead of '%2$s'"),
                       ifr.ifr_name, ifname);
        virFileForceClose(fd);
        return -1;
    }
    return 0;
}

/**
 * virNetDevTapCheckRequest:
 * Returns 0 when @ifname is a valid interface name and @queues is in
 * 1..VIR_NETDEV_TAP_MAX_QUEUES, else -1 with an error reported (callers
 * validate first: this is a programming error).
 */
static int
virNetDevTapCheckRequest(const char *ifname, unsigned int queues)
{
    if (!virNetDevNameIsValid(ifname) ||
        queues < 1 || queues > VIR_NETDEV_TAP_MAX_QUEUES) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("invalid tap request '%1$s' with %2$u queues"),
                       ifname ? ifname : "", queues);
        return -1;
    }
    return 0;
}

/**
 * virNetDevTapQueueFlags:
 * Returns the TUNSETIFF flags of one queue of a tap with @queues queues
 * and virNetDevTapCreateFlags @flags (the exclusive flag is the caller's).
 */
static short
virNetDevTapQueueFlags(unsigned int queues, unsigned int flags)
{
    short ifrFlags = IFF_TAP | IFF_NO_PI;

    if (flags & VIR_NETDEV_TAP_CREATE_VNET_HDR)
        ifrFlags |= IFF_VNET_HDR;
    if (queues > 1)
        ifrFlags |= IFF_MULTI_QUEUE;
    return ifrFlags;
}

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

    if (virNetDevTapCheckRequest(ifname, queues) < 0)
        return -1;

    for (i = 0; i < queues; i++)
        fds[i] = -1;

    for (i = 0; i < queues; i++) {
        short ifrFlags = virNetDevTapQueueFlags(queues, flags);
        int rc;

        if (i == 0 && (flags & VIR_NETDEV_TAP_CREATE_EXCLUSIVE))
            ifrFlags |= IFF_TUN_EXCL;
        if ((rc = virNetDevTapOpenQueue(ifname, ifrFlags, &fds[i])) < 0)
            goto error;
        if (rc > 0) {
            if (i == 0 && rc == EBUSY && (flags & VIR_NETDEV_TAP_CREATE_EXCLUSIVE)) {
                ret = 1;
                goto error;
            }
            virReportSystemError(rc, _("cannot create tap '%1$s' (queue %2$u)"),
                                 ifname, i);
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

/**
 * virNetDevTapOpenExisting:
 * @ifname: an existing tap device
 * @queues: number of queues, 1..VIR_NETDEV_TAP_MAX_QUEUES; more than one
 *          needs a tap made with multi_queue
 * @flags: VIR_NETDEV_TAP_CREATE_VNET_HDR or 0
 * @fds: array of @queues ints, filled with one close-on-exec fd per queue
 *
 * Attaches to a tap someone else made (ip tuntap add ... user USER).  The
 * kernel lets the tap's owner (or group) attach without CAP_NET_ADMIN.
 * The device must exist: TUNSETIFF would otherwise create one, which is
 * not what the caller asked for.
 *
 * Returns 0 with @fds filled, or -1 with an error naming the device (and
 * saying so when the caller is not its owner); nothing is left open.
 */
int
virNetDevTapOpenExisting(const char *ifname, unsigned int queues,
                         unsigned int flags, int *fds)
{
    unsigned int i;

    if (virNetDevTapCheckRequest(ifname, queues) < 0)
        return -1;
    if (if_nametoindex(ifname) == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("tap device '%1$s' does not exist"), ifname);
        return -1;
    }

    for (i = 0; i < queues; i++)
        fds[i] = -1;
    for (i = 0; i < queues; i++) {
        short ifrFlags = virNetDevTapQueueFlags(queues, flags);
        int rc;

        if ((rc = virNetDevTapOpenQueue(ifname, ifrFlags, &fds[i])) < 0)
            goto error;
        if (rc == EPERM) {
            virReportError(VIR_ERR_OPERATION_DENIED,
                           _("cannot open tap device '%1$s': it is not owned by this user (create it with 'ip tuntap add dev %1$s mode tap user USER')"),
                           ifname);
            goto error;
        } else if (rc == EINVAL) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("cannot open tap device '%1$s': it is not a tap device, or its multi_queue setting does not match %2$u queues"),
                           ifname, queues);
            goto error;
        } else if (rc > 0) {
            virReportSystemError(rc, _("cannot open tap device '%1$s' (queue %2$u)"),
                                 ifname, i);
            goto error;
        }
    }
    return 0;

 error:
    for (i = 0; i < queues; i++)
        virFileForceClose(&fds[i]);
    return -1;
}
