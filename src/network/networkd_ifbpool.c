/*
 * networkd_ifbpool.c: spare ifb devices, made ahead of time off the main
 * loop and taken by the ports whose received direction is limited
 *
 * Theory of operation: a port whose device's ingress is limited needs an
 * ifb device of its own (src/util/virnetdevbandwidth.c).  Creating one
 * on the main loop cost a link creation (its sysfs entries, uevent and
 * notifications, ~80 µs here) plus its qdisc and bringing it up; renaming
 * a spare into a port's name would still cost ~50 µs.  So the daemon
 * keeps a few spares, each made by the teardown worker
 * (networkd_teardown.c) while the main loop serves requests: created
 * exclusively under a name of the daemon's ("lvifb-N", a counter of the
 * run that skips names taken), without IPv6 addresses, with its htb root
 * qdisc and up, but with no class, so nothing is shaped by it and
 * nothing is sent to it.  A port takes one as it is (its record names
 * it: no rename); it gets the port's class and the port's redirect.
 *
 * When a port goes, the worker takes its limits off its ifb (the class
 * goes, the root qdisc stays) and keeps it as a spare if the pool has
 * room, after the port's record is gone; so ports that come and go
 * create and delete no link at all.  The pool is filled up to
 * VIR_NETWORKD_IFB_SPARES once a port has asked for an ifb (a host that
 * never limits a port has no spare) and keeps at most
 * VIR_NETWORKD_IFB_SPARES_MAX.
 *
 * No spare outlives the daemon: its stop deletes them
 * (virNetworkdIfbPoolDrain), and after a kill -9 the next start's
 * reconciliation deletes every ifb of the daemon's names that no kept
 * port's record names (networkd_port.c).  A spare is never named by a
 * record: a port's ifb becomes a spare only after its record is gone.
 */
#include "networkd_ifbpool.h"

#include <string.h>

#include "networkd_protocol.h"
#include "virerror.h"
#include "virnetdevbandwidth.h"

/* spares made ahead of time, and kept at most (from ports that went) */
#define VIR_NETWORKD_IFB_SPARES 4
#define VIR_NETWORKD_IFB_SPARES_MAX 8
/* names taken by someone else skipped before a fill gives up */
#define VIR_NETWORKD_IFB_NAME_TRIES 32

/* "lvifb-" and a counter (at most 9 digits) fit IFNAMSIZ. */
G_STATIC_ASSERT(sizeof(VIR_NETWORKD_IFB_PREFIX "-") - 1 + 9 < 16);

struct _virNetworkdIfbPool {
    GMutex lock;
    GArray *spares;         /* virNetworkdIfbSpare */
    guint next;             /* next counter to name an ifb after */
    bool wanted;            /* a port has asked for an ifb: keep spares */
};

/**
 * virNetworkdIfbPoolNew:
 * Returns an empty pool (free with virNetworkdIfbPoolFree).
 */
virNetworkdIfbPool *
virNetworkdIfbPoolNew(void)
{
    virNetworkdIfbPool *pool = g_new0(virNetworkdIfbPool, 1);

    g_mutex_init(&pool->lock);
    pool->spares = g_array_new(FALSE, FALSE, sizeof(virNetworkdIfbSpare));
    return pool;
}

/**
 * virNetworkdIfbPoolFree:
 * Frees @pool; its spares are left to virNetworkdIfbPoolDrain.  Accepts
 * NULL.
 */
void
virNetworkdIfbPoolFree(virNetworkdIfbPool *pool)
{
    if (!pool)
        return;
    g_array_unref(pool->spares);
    g_mutex_clear(&pool->lock);
    g_free(pool);
}

/**
 * virNetworkdIfbPoolTake:
 * Takes a spare into @spare.  Returns false when there is none (@spare
 * untouched).  Either way the pool is wanted from now on.
 */
bool
virNetworkdIfbPoolTake(virNetworkdIfbPool *pool, virNetworkdIfbSpare *spare)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&pool->lock);

    pool->wanted = true;
    if (pool->spares->len == 0)
        return false;
    *spare = g_array_index(pool->spares, virNetworkdIfbSpare, pool->spares->len - 1);
    g_array_set_size(pool->spares, pool->spares->len - 1);
    return true;
}

/**
 * virNetworkdIfbPoolName:
 * Writes the next ifb name of the run ("lvifb-N") into @name (16 bytes).
 */
void
virNetworkdIfbPoolName(virNetworkdIfbPool *pool, char *name)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&pool->lock);

    g_snprintf(name, 16, VIR_NETWORKD_IFB_PREFIX "-%u", pool->next);
    pool->next = pool->next >= 999999999 ? 0 : pool->next + 1;
}

/**
 * virNetworkdIfbPoolNoteName:
 * An ifb named @name exists (reconciliation): names are counted on
 * after it, so the run does not try the names in use one by one.
 */
void
virNetworkdIfbPoolNoteName(virNetworkdIfbPool *pool, const char *name)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&pool->lock);
    guint64 n;

    if (g_str_has_prefix(name, VIR_NETWORKD_IFB_PREFIX "-") &&
        g_ascii_string_to_unsigned(name + strlen(VIR_NETWORKD_IFB_PREFIX "-"), 10, 0,
                                   999999998, &n, NULL) &&
        n >= pool->next)
        pool->next = n + 1;
}

/**
 * virNetworkdIfbPoolNeedsFill:
 * Whether the pool is wanted and has fewer than VIR_NETWORKD_IFB_SPARES.
 */
bool
virNetworkdIfbPoolNeedsFill(virNetworkdIfbPool *pool)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&pool->lock);

    return pool->wanted && pool->spares->len < VIR_NETWORKD_IFB_SPARES;
}

/**
 * virNetworkdIfbPoolHasRoom:
 * Whether the pool would keep one more spare (a port's ifb that went).
 * Only the worker adds spares, so the answer holds until it adds one.
 */
bool
virNetworkdIfbPoolHasRoom(virNetworkdIfbPool *pool)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&pool->lock);

    return pool->wanted && pool->spares->len < VIR_NETWORKD_IFB_SPARES_MAX;
}

/**
 * virNetworkdIfbPoolAdd:
 * Keeps @spare; returns false (not kept) when the pool is full.
 */
static bool
virNetworkdIfbPoolAdd(virNetworkdIfbPool *pool, const virNetworkdIfbSpare *spare)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&pool->lock);

    if (pool->spares->len >= VIR_NETWORKD_IFB_SPARES_MAX)
        return false;
    g_array_append_val(pool->spares, *spare);
    return true;
}

/**
 * virNetworkdIfbPoolDelete:
 * Deletes @spare's device (only if the link with its index is still an
 * ifb of that name).  Failures are logged.
 */
static void
virNetworkdIfbPoolDelete(virNetlinkSocket *sk, const virNetworkdIfbSpare *spare)
{
    virNetlinkLinkInfo info;
    int rc;

    if ((rc = virNetlinkLinkGetInfo(sk, spare->ifindex, NULL, &info)) == 0)
        return;
    if (rc < 0 || (strcmp(info.kind, "ifb") == 0 && strcmp(info.ifname, spare->name) == 0 &&
                   virNetlinkLinkDelete(sk, spare->ifindex, spare->name) < 0)) {
        g_warning("ifb %s: %s", spare->name, virGetLastErrorMessage());
        virResetLastError();
    }
}

/**
 * virNetworkdIfbPoolFill:
 * Worker: makes spares until the pool has VIR_NETWORKD_IFB_SPARES (when
 * it is wanted), skipping names someone else took.  Failures are logged.
 */
void
virNetworkdIfbPoolFill(virNetworkdIfbPool *pool, virNetlinkSocket *sk)
{
    unsigned int tries = 0;

    while (virNetworkdIfbPoolNeedsFill(pool) && tries < VIR_NETWORKD_IFB_NAME_TRIES) {
        virNetworkdIfbSpare spare = { 0 };

        virNetworkdIfbPoolName(pool, spare.name);
        if (virNetDevBandwidthIfbPrepare(sk, spare.name, &spare.ifindex) < 0) {
            bool taken = virGetLastErrorCode() == VIR_ERR_OPERATION_INVALID;

            if (!taken)
                g_warning("cannot make a spare ifb: %s", virGetLastErrorMessage());
            virResetLastError();
            if (!taken)
                return;
            tries++;
            continue;
        }
        if (!virNetworkdIfbPoolAdd(pool, &spare))
            virNetworkdIfbPoolDelete(sk, &spare);
    }
}

/**
 * virNetworkdIfbPoolPut:
 * Worker: keeps @spare, an ifb a port had whose limits are off
 * (virNetDevBandwidthIfbReset) and whose record is gone, or deletes it
 * when the pool is full.
 */
void
virNetworkdIfbPoolPut(virNetworkdIfbPool *pool, virNetlinkSocket *sk,
                      const virNetworkdIfbSpare *spare)
{
    if (!virNetworkdIfbPoolAdd(pool, spare))
        virNetworkdIfbPoolDelete(sk, spare);
}

/**
 * virNetworkdIfbPoolDrain:
 * Worker, or the daemon's stop once the worker is done: deletes every
 * spare, and wants no more.
 */
void
virNetworkdIfbPoolDrain(virNetworkdIfbPool *pool, virNetlinkSocket *sk)
{
    g_autoptr(GArray) spares = NULL;
    guint i;

    g_mutex_lock(&pool->lock);
    spares = g_steal_pointer(&pool->spares);
    pool->spares = g_array_new(FALSE, FALSE, sizeof(virNetworkdIfbSpare));
    pool->wanted = false;
    g_mutex_unlock(&pool->lock);
    for (i = 0; i < spares->len; i++)
        virNetworkdIfbPoolDelete(sk, &g_array_index(spares, virNetworkdIfbSpare, i));
}
