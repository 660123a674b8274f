/*
 * virnetdevtap.h: tap devices (/dev/net/tun)
 */
#pragma once

#include <stdbool.h>

#define VIR_NETDEV_TAP_MAX_QUEUES 16

typedef enum {
    VIR_NETDEV_TAP_CREATE_VNET_HDR = 1 << 0,   /* IFF_VNET_HDR */
    VIR_NETDEV_TAP_CREATE_EXCLUSIVE = 1 << 1,  /* fail if the name exists */
    VIR_NETDEV_TAP_CREATE_OWNED = 1 << 2,      /* TUNSETOWNER to our own euid */
} virNetDevTapCreateFlags;

int virNetDevTapCreate(const char *ifname, unsigned int queues,
                       unsigned int flags, int *fds);

/* Attaches to an existing tap @ifname (see virnetdevtap.c). */
int virNetDevTapOpenExisting(const char *ifname, unsigned int queues,
                             unsigned int flags, int *fds);
