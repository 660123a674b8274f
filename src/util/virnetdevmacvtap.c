/*
 * virnetdevmacvtap.c: the character devices of existing macvtap links
 *
 * A macvtap link NAME with interface index N has the character device
 * /dev/tapN; whoever may open that node (its mode and owner, usually set
 * by a udev rule or by the admin) can send and receive the link's frames
 * without any capability.  Making macvtap links is libvirt-networkd's
 * job; this file only opens one that exists.
 */
#include "virnetdevmacvtap.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "virerror.h"
#include "virfile.h"
#include "virnetdevname.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

/* at most this many queues (the kernel's MAX_TAP_QUEUES is larger) */
#define VIR_NETDEV_MACVTAP_MAX_QUEUES 16

/**
 * virNetDevMacvtapOpenExisting:
 * See virnetdevmacvtap.h.  A link is a macvtap when sysfs shows its
 * "macvtap" class directory.
 */
int
virNetDevMacvtapOpenExisting(const char *ifname, unsigned int queues, int *fds)
{
    g_autofree char *classDir = NULL;
    g_autofree char *indexPath = NULL;
    g_autofree char *indexText = NULL;
    g_autofree char *node = NULL;
    unsigned int i;
    guint64 index;

    if (!virNetDevNameIsValid(ifname) ||
        queues < 1 || queues > VIR_NETDEV_MACVTAP_MAX_QUEUES) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("invalid macvtap request '%1$s' with %2$u queues"),
                       ifname ? ifname : "", queues);
        return -1;
    }
    classDir = g_strdup_printf("/sys/class/net/%s/macvtap", ifname);
    if (access(classDir, F_OK) < 0)
        return 1;
    indexPath = g_strdup_printf("/sys/class/net/%s/ifindex", ifname);
    if (virFileReadAll(indexPath, 32, &indexText) < 0)
        return -1;
    g_strstrip(indexText);
    if (!g_ascii_string_to_unsigned(indexText, 10, 1, G_MAXINT, &index, NULL)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("unexpected interface index '%1$s' of '%2$s'"), indexText, ifname);
        return -1;
    }
    node = g_strdup_printf("/dev/tap%" G_GUINT64_FORMAT, index);

    for (i = 0; i < queues; i++)
        fds[i] = -1;
    for (i = 0; i < queues; i++) {
        if ((fds[i] = open(node, O_RDWR | O_CLOEXEC)) < 0) {
            if (errno == EACCES || errno == EPERM) {
                virReportError(VIR_ERR_OPERATION_DENIED,
                               _("cannot open '%1$s' of macvtap device '%2$s': this user may not read and write it"),
                               node, ifname);
            } else {
                virReportSystemError(errno, _("cannot open '%1$s' of macvtap device '%2$s'"),
                                     node, ifname);
            }
            for (i = 0; i < queues; i++)
                virFileForceClose(&fds[i]);
            return -1;
        }
    }
    return 0;
}
