/*
 * networkd_queue.h: admission per user and fair queuing of polkit checks
 *
 * Pure accounting (no polkit, no bus): networkd_policy.c starts the checks
 * this queue hands out, networkd_dbus.c admits calls through it, and
 * tests/networkdqueuetest.c drives every interleaving without root.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct {
    unsigned int maxRunning;          /* polkit checks in flight, all users */
    unsigned int maxRunningPerUser;   /* ... of one user */
    unsigned int maxPendingPerUser;   /* calls of one user in the daemon */
} virNetworkdQueueLimits;

typedef struct _virNetworkdQueue virNetworkdQueue;

virNetworkdQueue *virNetworkdQueueNew(const virNetworkdQueueLimits *limits);
void virNetworkdQueueFree(virNetworkdQueue *queue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdQueue, virNetworkdQueueFree);

const virNetworkdQueueLimits *virNetworkdQueueGetLimits(const virNetworkdQueue *queue);

int virNetworkdQueueAdmit(virNetworkdQueue *queue, uid_t uid);
void virNetworkdQueueLeave(virNetworkdQueue *queue, uid_t uid);

bool virNetworkdQueuePush(virNetworkdQueue *queue, uid_t uid, void *item);
void *virNetworkdQueueNext(virNetworkdQueue *queue);
void virNetworkdQueueRelease(virNetworkdQueue *queue, uid_t uid);

typedef bool (*virNetworkdQueueMatch)(void *item, void *opaque);
GPtrArray *virNetworkdQueueCancel(virNetworkdQueue *queue, uid_t uid,
                                  virNetworkdQueueMatch match, void *opaque);

unsigned int virNetworkdQueuePending(const virNetworkdQueue *queue, uid_t uid);
unsigned int virNetworkdQueueRunning(const virNetworkdQueue *queue, uid_t uid);
unsigned int virNetworkdQueueRunningAll(const virNetworkdQueue *queue);
unsigned int virNetworkdQueueWaiting(const virNetworkdQueue *queue, uid_t uid);
unsigned int virNetworkdQueueUsers(const virNetworkdQueue *queue);
