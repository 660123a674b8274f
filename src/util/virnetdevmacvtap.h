/*
 * virnetdevmacvtap.h: the character devices of macvtap links
 *
 * Making and deleting macvtap links needs netlink (virnetdevmacvlan.h,
 * libvirt-networkd); opening a link's /dev/tapN needs only the node, so
 * the QEMU driver can open a link that exists with the user's rights.
 */
#pragma once

typedef enum {
    VIR_NETDEV_MACVTAP_OPEN_VNET_HDR = 1 << 0,   /* frames carry a virtio_net_hdr */
} virNetDevMacvtapOpenFlags;

/* Opens /dev/tapIFINDEX of macvtap @name once per queue, checked to be
 * this namespace's node of that link.  Returns 0 with @fds filled
 * (close-on-exec), 1 when the node is another network namespace's link
 * (nothing reported), or -1 with an error reported. */
int virNetDevMacvtapOpen(const char *name, int ifindex, unsigned int queues,
                         unsigned int flags, int *fds);

/* Opens the existing macvtap link @ifname once per queue, as
 * virNetDevMacvtapOpen with its ifindex.  Returns 0 with @fds filled, 1
 * when @ifname is not a macvtap link (nothing reported), or -1 with an
 * error naming the link and its device node. */
int virNetDevMacvtapOpenExisting(const char *ifname, unsigned int queues, int *fds);
