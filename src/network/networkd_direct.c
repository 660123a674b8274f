/*
 * networkd_direct.c: ports of plug "direct" — a macvtap link over a host
 * interface, and the process it lives with
 *
 * Theory of operation: a macvtap link, unlike a non-persistent tap, does
 * not go away when the last fd of its /dev/tapN closes: the kernel keeps
 * it until someone deletes it, and nothing tells the daemon when the fds
 * close.  So the daemon ties the link to a process instead, and deletes
 * it (and releases the port) the moment that process exits:
 *
 *   - at CreatePort, the process is the caller, as the bus names it
 *     (GetConnectionCredentials' ProcessID): the fds are the caller's
 *     once the reply is out, and a caller that dies before it hands them
 *     on takes the link with it;
 *   - the caller then names the process it handed the fds to (QEMU) by
 *     passing a pidfd of it to the port's BindProcess() method; that
 *     process replaces the caller as the port's holder;
 *   - the daemon watches the holder through a pidfd: it polls readable
 *     when the process exits, kill -9 included, so the link is deleted
 *     within one pass of the main loop;
 *   - the record keeps the holder's pid and start time (/proc/PID/stat
 *     field 22).  After a restart of the daemon (kill -9 included) the
 *     pidfd is opened again from the pid and the start time compared:
 *     a holder that exited meanwhile, or whose pid now names another
 *     process, ends the port at once.
 *
 * Why not watch the fds themselves (scan every /proc/PID/fd for processes that
 * hold /dev/tapN)?  The daemon keeps only CAP_NET_ADMIN and may not read
 * other users' /proc/PID/fd (that needs CAP_SYS_PTRACE), a scan of every
 * process costs what the host runs, and an fd in flight in a socket is in
 * no process's table.  A pidfd is exact and costs nothing while waiting.
 *
 * Race-freedom: a process is named by pid and start time, and the start
 * time is read while its pidfd shows it has not exited, so it has not
 * been reaped and its pid not reused (virProcessPidfdIdentify).  The one
 * pid taken on trust is the bus's ProcessID of a caller that is still
 * connected (this bus daemon offers no ProcessFD).  What the holder does
 * with the fds is its business: it may keep the link for as long as it
 * lives, as it could keep a tap (the port counts against its owner's
 * quota all along); BindProcess is the owner's (or root's) alone.
 */
#include "networkd_direct.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "virerror.h"
#include "virfile.h"
#include "virnetdevmacvlan.h"
#include "virnetdevname.h"
#include "virprocess.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/* The contract's mode names are the kernel facility's, in its order. */
G_STATIC_ASSERT((int)VIR_NETWORKD_DIRECT_MODE_LAST == (int)VIR_NETDEV_MACVLAN_MODE_LAST);
G_STATIC_ASSERT((int)VIR_NETWORKD_DIRECT_MODE_PASSTHROUGH ==
                (int)VIR_NETDEV_MACVLAN_MODE_PASSTHROUGH);
G_STATIC_ASSERT(VIR_NETWORKD_QUEUES_MAX <= 16);

#define VIR_NETWORKD_DIRECT_PREFIX "macvtap"
/* How many taken names to skip before giving up on one request. */
#define VIR_NETWORKD_DIRECT_TRIES 1024

/**
 * virNetworkdDirectLower:
 * Looks up the host interface of @req.  Returns 0 with @lower filled, or
 * -1 with an error (NotFound when it does not exist).
 */
static int
virNetworkdDirectLower(virNetlinkSocket *sk, const virNetworkdRequest *req,
                       virNetlinkLinkInfo *lower)
{
    int rc;

    if ((rc = virNetlinkLinkGetInfo(sk, 0, req->device, lower)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("host interface '%1$s' does not exist"), req->device);
        virNetworkdErrorSetLast(VIR_NETWORKD_ERROR_NOT_FOUND);
        return -1;
    }
    if (req->mtu > lower->mtu) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("key 'mtu': %1$u is larger than the MTU %2$u of host interface '%3$s'"),
                       req->mtu, lower->mtu, req->device);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdDirectCreate:
 * @sk: the daemon's netlink socket
 * @req: a validated request of plug "direct"
 * @nextIndex: the counter of macvtapN names (advanced)
 * @rec: receives ifname, ifindex, device, mode, mtu and, in passthrough
 *       mode, the lower device's own MAC
 * @fds: array of @req->queues ints that receives the queue fds
 *
 * Creates the macvtap with the guest's MAC (rec->mac) under the next free
 * macvtapN name (a taken name is skipped, never taken over), the lower
 * device checked by virNetDevMacvtapCreate, and opens its queues.
 * Returns 0, or -1 with an error reported and nothing left behind.
 */
int
virNetworkdDirectCreate(virNetlinkSocket *sk,
                        const virNetworkdRequest *req,
                        unsigned int *nextIndex,
                        virNetworkdPortRecord *rec,
                        int *fds)
{
    char ifname[VIR_NETDEV_NAME_MAX_LEN + 1];
    unsigned int flags = req->vnetHdr ? VIR_NETDEV_MACVTAP_OPEN_VNET_HDR : 0;
    virNetDevMacvtapConfig cfg = {
        .name = ifname, .lower = req->device, .mode = (virNetDevMacvlanMode)req->mode,
        .mac = &rec->mac,
    };
    virNetlinkLinkInfo lower;
    virNetlinkLinkInfo link;
    size_t tries;
    int ifindex = 0;
    int rc;

    if (virNetworkdDirectLower(sk, req, &lower) < 0)
        return -1;

    for (tries = 0; tries < VIR_NETWORKD_DIRECT_TRIES; tries++) {
        g_snprintf(ifname, sizeof(ifname), VIR_NETWORKD_DIRECT_PREFIX "%u", *nextIndex);
        *nextIndex = *nextIndex == G_MAXUINT ? 0 : *nextIndex + 1;
        if (virNetDevMacvtapCreateOpen(sk, &cfg, req->queues, flags, fds, &ifindex) == 0)
            break;
        if (virGetLastErrorCode() != VIR_ERR_OPERATION_INVALID)
            return -1;
        virResetLastError();   /* the name is taken: the next one */
    }
    if (tries == VIR_NETWORKD_DIRECT_TRIES) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("no free interface name after %1$d tries"), VIR_NETWORKD_DIRECT_TRIES);
        return -1;
    }

    rec->ifname = g_strdup(ifname);
    rec->ifindex = ifindex;
    rec->device = g_strdup(req->device);
    rec->mode = req->mode;
    if (req->mode == VIR_NETWORKD_DIRECT_MODE_PASSTHROUGH && lower.hasMac) {
        rec->hasLowerMac = true;
        rec->lowerMac = lower.mac;
    }
    if ((rc = virNetlinkLinkGetInfo(sk, ifindex, NULL, &link)) <= 0) {
        if (rc == 0)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("macvtap '%1$s' vanished right after its creation"), ifname);
        goto error;
    }
    rec->mtu = link.mtu;
    if (req->mtu && req->mtu != link.mtu) {
        if (virNetlinkLinkChange(sk, ifindex, ifname, NULL, req->mtu, 0, NULL, false) < 0)
            goto error;
        rec->mtu = req->mtu;
    }
    return 0;

 error:
    {
        virError *saved = NULL;
        size_t i;

        virErrorPreserveLast(&saved);
        for (i = 0; i < req->queues; i++)
            virFileForceClose(&fds[i]);
        virNetworkdDirectDelete(sk, rec);
        virErrorRestore(&saved);
    }
    return -1;
}

/**
 * virNetworkdDirectRestoreLower:
 * In passthrough mode, puts the lower device's own MAC back (the kernel
 * gave it the guest's).  Best effort: a failure is logged.
 */
void
virNetworkdDirectRestoreLower(virNetlinkSocket *sk, const virNetworkdPortRecord *rec)
{
    virNetlinkLinkInfo lower;
    int rc;

    if (!rec->hasLowerMac || !rec->device)
        return;
    rc = virNetlinkLinkGetInfo(sk, 0, rec->device, &lower);
    if (rc == 1 && lower.hasMac && virMacAddrEqual(&lower.mac, &rec->lowerMac))
        return;
    if (rc != 1 ||
        virNetlinkLinkChange(sk, lower.ifindex, rec->device, &rec->lowerMac, 0, 0, NULL,
                             false) < 0) {
        g_warning("cannot put the MAC of '%s' back: %s", rec->device,
                  virGetLastErrorMessage());
        virResetLastError();
    }
}

/**
 * virNetworkdDirectDelete:
 * Deletes @rec's macvtap if the link at its ifindex is still it (name and
 * kind: a link that replaced it is not the daemon's), then puts the lower
 * device's MAC back in passthrough mode.  A link already gone is fine.
 * Returns 0, or -1 with an error reported.
 */
int
virNetworkdDirectDelete(virNetlinkSocket *sk, const virNetworkdPortRecord *rec)
{
    virNetlinkLinkInfo info;
    int rc;

    if (!rec->ifname)
        return 0;
    if ((rc = virNetlinkLinkGetInfo(sk, rec->ifindex, NULL, &info)) < 0)
        return -1;
    if (rc > 0 && strcmp(info.ifname, rec->ifname) == 0 && strcmp(info.kind, "macvtap") == 0 &&
        virNetlinkLinkDelete(sk, rec->ifindex, rec->ifname) < 0)
        return -1;
    virNetworkdDirectRestoreLower(sk, rec);
    return 0;
}

/**
 * virNetworkdDirectHolderFromPidfd:
 * @pidfd: a pidfd of the process the port now lives with
 * @rec: receives its pid and start time
 *
 * Returns 0, or -1 with an InvalidArgument error (not a pidfd, exited,
 * or not visible in the daemon's pid namespace).
 */
int
virNetworkdDirectHolderFromPidfd(int pidfd, virNetworkdPortRecord *rec)
{
    pid_t pid;
    unsigned long long start;
    int rc;

    if ((rc = virProcessPidfdIdentify(pidfd, &pid, &start)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("the process of the pidfd has exited"));
        return -1;
    }
    rec->holderPid = pid;
    rec->holderStart = start;
    return 0;
}

/**
 * virNetworkdDirectHolderFromPid:
 * @pid: the caller's pid, from the bus (0: not known)
 * @rec: receives its pid and start time
 *
 * Returns a pidfd of the caller (the port's first holder; caller closes),
 * or -1 with an error reported.
 */
int
virNetworkdDirectHolderFromPid(pid_t pid, virNetworkdPortRecord *rec)
{
    VIR_AUTOCLOSE pidfd = -1;

    if (pid <= 0) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("plug 'direct' needs the caller's process, which the bus did not name"));
        return -1;
    }
    if ((pidfd = virProcessPidfdOpen(pid)) < 0) {
        virReportSystemError(errno, _("cannot watch the calling process %1$lld"),
                             (long long)pid);
        return -1;
    }
    if (virNetworkdDirectHolderFromPidfd(pidfd, rec) < 0)
        return -1;
    return g_steal_fd(&pidfd);
}

/**
 * virNetworkdDirectHolderOpen:
 * @rec: a record read back after a restart
 * @pidfd: receives a pidfd of its holder (caller closes)
 *
 * Finds @rec's holder again: a pidfd of its pid whose process still has
 * the recorded start time and has not exited.  Returns 1 with @pidfd
 * set, or 0 when there is no such process any more (nothing reported).
 */
int
virNetworkdDirectHolderOpen(const virNetworkdPortRecord *rec, int *pidfd)
{
    VIR_AUTOCLOSE fd = -1;
    pid_t pid;
    unsigned long long start;

    if (rec->holderPid <= 0 || (fd = virProcessPidfdOpen(rec->holderPid)) < 0)
        return 0;
    if (virProcessPidfdIdentify(fd, &pid, &start) != 1 || start != rec->holderStart) {
        virResetLastError();
        return 0;
    }
    *pidfd = g_steal_fd(&fd);
    return 1;
}
