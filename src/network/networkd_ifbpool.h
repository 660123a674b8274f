/*
 * networkd_ifbpool.h: spare ifb devices, made ahead of time off the main
 * loop and taken by the ports whose received direction is limited
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "virnetlink.h"

/* One spare: up, with its htb root qdisc, no class (virNetDevBandwidthIfbPrepare). */
typedef struct _virNetworkdIfbSpare virNetworkdIfbSpare;
struct _virNetworkdIfbSpare {
    char name[16];
    int ifindex;            /* 0: none */
};

typedef struct _virNetworkdIfbPool virNetworkdIfbPool;

virNetworkdIfbPool *virNetworkdIfbPoolNew(void);
void virNetworkdIfbPoolFree(virNetworkdIfbPool *pool);

/* any thread */
bool virNetworkdIfbPoolTake(virNetworkdIfbPool *pool, virNetworkdIfbSpare *spare);
void virNetworkdIfbPoolName(virNetworkdIfbPool *pool, char *name);
void virNetworkdIfbPoolNoteName(virNetworkdIfbPool *pool, const char *name);
bool virNetworkdIfbPoolNeedsFill(virNetworkdIfbPool *pool);
bool virNetworkdIfbPoolHasRoom(virNetworkdIfbPool *pool);

/* the worker (networkd_teardown.c), with its own socket */
void virNetworkdIfbPoolFill(virNetworkdIfbPool *pool, virNetlinkSocket *sk);
void virNetworkdIfbPoolPut(virNetworkdIfbPool *pool, virNetlinkSocket *sk,
                           const virNetworkdIfbSpare *spare);
void virNetworkdIfbPoolDrain(virNetworkdIfbPool *pool, virNetlinkSocket *sk);
