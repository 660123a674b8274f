/*
 * networkd_queue.c: admission per user and fair queuing of polkit checks
 *
 * Theory of operation: every caller that is not root needs a polkit check
 * (unless an answer is remembered), and each check is a pending reply on
 * the daemon's single bus connection, which the bus caps (128 by default):
 * past the cap the bus refuses the daemon's own calls, so a flood from a
 * user with no rights at all made other users' checks fail.  Three limits
 * keep one user's load from reaching anyone else:
 *
 *   1. admission: a user (all of their connections together) has at most
 *      maxPendingPerUser calls in the daemon; one more is refused at once
 *      with QuotaExceeded, before polkit is asked  (virNetworkdQueueAdmit);
 *   2. at most maxRunning checks are in flight at all, well below the
 *      bus's cap, and at most maxRunningPerUser of one user's: one user's
 *      checks can never occupy the whole of polkitd;
 *   3. checks beyond that wait, in one FIFO per user, and each slot that
 *      frees goes to the next user in round-robin order (a ring of the
 *      users who wait), so a user's check waits behind at most one check
 *      of every other user, however long their backlogs are.
 *
 * uid 0 is counted but never refused at admission (root needs no polkit
 * and could stop the daemon anyway).  The module only counts and orders
 * opaque items: starting a check, and cancelling the ones whose caller
 * left, is networkd_policy.c's work.
 */
#include "networkd_queue.h"

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/* One user's share. */
typedef struct {
    uid_t uid;
    unsigned int pending;    /* admitted calls */
    unsigned int running;    /* checks in flight */
    GQueue waiting;          /* items, oldest first */
    bool inRing;             /* has a place in queue->ring */
} virNetworkdQueueUser;

struct _virNetworkdQueue {
    virNetworkdQueueLimits limits;
    unsigned int running;    /* checks in flight, all users */
    GHashTable *users;       /* uid -> virNetworkdQueueUser, owns */
    GQueue ring;             /* users with waiting items, next first */
};

/**
 * virNetworkdQueueUserFree:
 * Frees a user's entry (its waiting list must be empty).
 */
static void
virNetworkdQueueUserFree(virNetworkdQueueUser *user)
{
    g_queue_clear(&user->waiting);
    g_free(user);
}

/**
 * virNetworkdQueueNew:
 * @limits: the three limits (copied); each at least 1
 *
 * Returns an empty queue (free with virNetworkdQueueFree).
 */
virNetworkdQueue *
virNetworkdQueueNew(const virNetworkdQueueLimits *limits)
{
    virNetworkdQueue *queue = g_new0(virNetworkdQueue, 1);

    queue->limits = *limits;
    queue->users = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                         (GDestroyNotify)virNetworkdQueueUserFree);
    g_queue_init(&queue->ring);
    return queue;
}

/**
 * virNetworkdQueueFree:
 * Frees @queue; items still waiting are the caller's.  Accepts NULL.
 */
void
virNetworkdQueueFree(virNetworkdQueue *queue)
{
    if (!queue)
        return;
    g_queue_clear(&queue->ring);
    g_hash_table_unref(queue->users);
    g_free(queue);
}

/**
 * virNetworkdQueueGetLimits:
 * Returns the limits @queue was made with (owned by @queue).
 */
const virNetworkdQueueLimits *
virNetworkdQueueGetLimits(const virNetworkdQueue *queue)
{
    return &queue->limits;
}

/**
 * virNetworkdQueueUserLookup:
 * Returns @uid's entry, creating it when @create (else NULL if none).
 */
static virNetworkdQueueUser *
virNetworkdQueueUserLookup(const virNetworkdQueue *queue, uid_t uid, bool create)
{
    virNetworkdQueueUser *user = g_hash_table_lookup(queue->users, GUINT_TO_POINTER(uid));

    if (user || !create)
        return user;
    user = g_new0(virNetworkdQueueUser, 1);
    user->uid = uid;
    g_queue_init(&user->waiting);
    g_hash_table_insert(queue->users, GUINT_TO_POINTER(uid), user);
    return user;
}

/**
 * virNetworkdQueueUserPrune:
 * Drops @user's entry when it holds nothing, so the table never grows
 * with users who left.
 */
static void
virNetworkdQueueUserPrune(virNetworkdQueue *queue, virNetworkdQueueUser *user)
{
    if (user->pending == 0 && user->running == 0 &&
        g_queue_is_empty(&user->waiting) && !user->inRing)
        g_hash_table_remove(queue->users, GUINT_TO_POINTER(user->uid));
}

/**
 * virNetworkdQueueAdmit:
 * @queue: the queue
 * @uid: the caller
 *
 * Counts one more call of @uid in the daemon (limit 1).  Give it back
 * with virNetworkdQueueLeave() when the call is answered.
 *
 * Returns 0, or -1 with a VIR_ERR_QUOTA_EXCEEDED error when @uid already
 * has maxPendingPerUser calls (never for uid 0).
 */
int
virNetworkdQueueAdmit(virNetworkdQueue *queue, uid_t uid)
{
    virNetworkdQueueUser *user = virNetworkdQueueUserLookup(queue, uid, true);

    if (uid != 0 && user->pending >= queue->limits.maxPendingPerUser) {
        virReportError(VIR_ERR_QUOTA_EXCEEDED,
                       _("too many requests in flight for user %1$u (the limit is %2$u)"),
                       (unsigned int)uid, queue->limits.maxPendingPerUser);
        virNetworkdQueueUserPrune(queue, user);
        return -1;
    }
    user->pending++;
    return 0;
}

/**
 * virNetworkdQueueLeave:
 * Gives back a call admitted for @uid.  Leaving without having been
 * admitted is a programming error and is ignored.
 */
void
virNetworkdQueueLeave(virNetworkdQueue *queue, uid_t uid)
{
    virNetworkdQueueUser *user = virNetworkdQueueUserLookup(queue, uid, false);

    g_return_if_fail(user && user->pending > 0);
    user->pending--;
    virNetworkdQueueUserPrune(queue, user);
}

/**
 * virNetworkdQueueCanRun:
 * Whether a check of @user may start now: a slot is free and the user
 * is under its own share.
 */
static bool
virNetworkdQueueCanRun(const virNetworkdQueue *queue, const virNetworkdQueueUser *user)
{
    return queue->running < queue->limits.maxRunning &&
           user->running < queue->limits.maxRunningPerUser;
}

/**
 * virNetworkdQueuePush:
 * @queue: the queue
 * @uid: whose check
 * @item: the check (opaque, not owned)
 *
 * Returns true when @item may start at once (its slot is taken; give it
 * back with virNetworkdQueueRelease), false when it waits: a later
 * virNetworkdQueueNext() hands it out.  A user's checks start in the
 * order they were pushed.
 */
bool
virNetworkdQueuePush(virNetworkdQueue *queue, uid_t uid, void *item)
{
    virNetworkdQueueUser *user = virNetworkdQueueUserLookup(queue, uid, true);

    if (g_queue_is_empty(&user->waiting) && virNetworkdQueueCanRun(queue, user)) {
        queue->running++;
        user->running++;
        return true;
    }
    g_queue_push_tail(&user->waiting, item);
    if (!user->inRing) {
        g_queue_push_tail(&queue->ring, user);
        user->inRing = true;
    }
    return false;
}

/**
 * virNetworkdQueueNext:
 * Returns the next waiting item that may start (its slot taken), or NULL
 * when none can.  Users take turns: the one served goes to the back of
 * the ring.  Call it in a loop after each virNetworkdQueueRelease().
 */
void *
virNetworkdQueueNext(virNetworkdQueue *queue)
{
    guint turns = g_queue_get_length(&queue->ring);

    if (queue->running >= queue->limits.maxRunning)
        return NULL;
    while (turns-- > 0) {
        virNetworkdQueueUser *user = g_queue_pop_head(&queue->ring);
        void *item;

        if (!virNetworkdQueueCanRun(queue, user)) {
            g_queue_push_tail(&queue->ring, user);
            continue;
        }
        item = g_queue_pop_head(&user->waiting);
        queue->running++;
        user->running++;
        if (g_queue_is_empty(&user->waiting))
            user->inRing = false;
        else
            g_queue_push_tail(&queue->ring, user);
        return item;
    }
    return NULL;
}

/**
 * virNetworkdQueueRelease:
 * A check of @uid that was started has finished: its slot is free.
 * Releasing a slot not held is a programming error and is ignored.
 */
void
virNetworkdQueueRelease(virNetworkdQueue *queue, uid_t uid)
{
    virNetworkdQueueUser *user = virNetworkdQueueUserLookup(queue, uid, false);

    g_return_if_fail(user && user->running > 0 && queue->running > 0);
    user->running--;
    queue->running--;
    virNetworkdQueueUserPrune(queue, user);
}

/**
 * virNetworkdQueueCancel:
 * @queue: the queue
 * @uid: whose waiting items to look at
 * @match: true for an item to take out (e.g. its caller disconnected)
 * @opaque: passed to @match
 *
 * Takes the matching waiting items of @uid out of the queue; the order
 * of the others is kept.  Running checks are not touched.
 *
 * Returns the items taken out, oldest first (caller frees the array;
 * the items are the caller's).
 */
GPtrArray *
virNetworkdQueueCancel(virNetworkdQueue *queue, uid_t uid,
                       virNetworkdQueueMatch match, void *opaque)
{
    virNetworkdQueueUser *user = virNetworkdQueueUserLookup(queue, uid, false);
    GPtrArray *taken = g_ptr_array_new();
    GList *link;

    if (!user)
        return taken;
    for (link = user->waiting.head; link; ) {
        GList *next = link->next;

        if (match(link->data, opaque)) {
            g_ptr_array_add(taken, link->data);
            g_queue_delete_link(&user->waiting, link);
        }
        link = next;
    }
    if (user->inRing && g_queue_is_empty(&user->waiting)) {
        g_queue_remove(&queue->ring, user);
        user->inRing = false;
    }
    virNetworkdQueueUserPrune(queue, user);
    return taken;
}

/**
 * virNetworkdQueuePending:
 * Returns how many calls of @uid are admitted.
 */
unsigned int
virNetworkdQueuePending(const virNetworkdQueue *queue, uid_t uid)
{
    virNetworkdQueueUser *user = virNetworkdQueueUserLookup(queue, uid, false);

    return user ? user->pending : 0;
}

/**
 * virNetworkdQueueRunning:
 * Returns how many checks of @uid are in flight.
 */
unsigned int
virNetworkdQueueRunning(const virNetworkdQueue *queue, uid_t uid)
{
    virNetworkdQueueUser *user = virNetworkdQueueUserLookup(queue, uid, false);

    return user ? user->running : 0;
}

/**
 * virNetworkdQueueRunningAll:
 * Returns how many checks are in flight in all.
 */
unsigned int
virNetworkdQueueRunningAll(const virNetworkdQueue *queue)
{
    return queue->running;
}

/**
 * virNetworkdQueueWaiting:
 * Returns how many checks of @uid wait for a slot.
 */
unsigned int
virNetworkdQueueWaiting(const virNetworkdQueue *queue, uid_t uid)
{
    virNetworkdQueueUser *user = virNetworkdQueueUserLookup(queue, uid, false);

    return user ? g_queue_get_length(&user->waiting) : 0;
}

/**
 * virNetworkdQueueUsers:
 * Returns how many users hold or wait for anything (entries of users
 * with nothing left are dropped).
 */
unsigned int
virNetworkdQueueUsers(const virNetworkdQueue *queue)
{
    return g_hash_table_size(queue->users);
}
