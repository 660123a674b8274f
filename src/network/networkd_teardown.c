/*
 * networkd_teardown.c: a removed port's slow kernel teardown, and spare
 * ifb devices, off the main loop
 *
 * Theory of operation: what outlives a port's device — its ifb and its
 * filter (networkd_portctl.c) — must go when the port goes, but deleting
 * a link waits for the kernel to quiesce it (about 20 ms here), which on
 * the main loop delayed every CreatePort that came meanwhile.  So a port
 * that goes with such leftovers is forgotten at once on the main loop
 * (tables, quota slot, bus object) and its record is handed here: one
 * worker thread, with a netlink socket of its own, removes the leftovers
 * in the order the ports went, then the record file.  The same worker
 * keeps the spare ifb devices (networkd_ifbpool.c): it makes them when
 * the main loop took one, takes a gone port's ifb back as a spare (its
 * limits off, after its record file is gone; deleted when the pool is
 * full), and deletes the ifbs of the daemon's names that the start's
 * reconciliation found no port for.
 *
 * The record file is removed after the port's filter and before its ifb
 * becomes a spare, so a daemon killed before the worker got to a port
 * still has its record at the next start, whose reconciliation finds the
 * device gone and removes the leftovers then; and a record never names
 * an ifb that another port took.  A port's device name is not reused
 * meanwhile: it comes from a counter that only grows during a run.  A
 * stop of the daemon waits for the queue, then deletes the spares
 * (virNetworkdTeardownFree).
 */
#include "networkd_teardown.h"

#include "networkd_portctl.h"
#include "virerror.h"
#include "virnetlink.h"

typedef enum {
    VIR_NETWORKD_TEARDOWN_PORT,     /* a port went: its leftovers, its record */
    VIR_NETWORKD_TEARDOWN_FILL,     /* make spare ifbs */
    VIR_NETWORKD_TEARDOWN_DELETE,   /* delete ifbs no port has */
} virNetworkdTeardownJobType;

typedef struct {
    virNetworkdTeardownJobType type;
    virNetworkdPortRecord *rec;     /* PORT */
    GArray *links;                  /* DELETE: virNetworkdIfbSpare */
} virNetworkdTeardownJob;

struct _virNetworkdTeardown {
    char *stateDir;
    GThreadPool *pool;          /* one thread: the jobs in the order they came */
    virNetlinkSocket *sk;       /* the worker's alone, opened on first use */
    virNetworkdIfbPool *ifbs;
    gint fillQueued;            /* a FILL job is queued and not started */
};

/**
 * virNetworkdTeardownPort:
 * Worker: removes @rec's leftovers, then its record file, then keeps its
 * ifb as a spare when the pool has room.  Failures are logged; the
 * record is then kept, for the next start's reconciliation to try again.
 */
static void
virNetworkdTeardownPort(virNetworkdTeardown *td, const virNetworkdPortRecord *rec)
{
    virNetworkdIfbSpare spare = { 0 };

    virNetworkdPortControlsRemove(td->sk, rec,
                                  virNetworkdIfbPoolHasRoom(td->ifbs) ? &spare : NULL);
    if (virNetworkdStateRemove(td->stateDir, rec->uuid) < 0) {
        g_warning("%s", virGetLastErrorMessage());
        virResetLastError();
        /* the record still names it: not a spare */
        if (spare.ifindex > 0 && virNetlinkLinkDelete(td->sk, spare.ifindex, spare.name) < 0) {
            g_warning("%s", virGetLastErrorMessage());
            virResetLastError();
        }
        return;
    }
    if (spare.ifindex > 0)
        virNetworkdIfbPoolPut(td->ifbs, td->sk, &spare);
}

/**
 * virNetworkdTeardownRun:
 * Worker thread: does the job @data (taken).
 */
static void
virNetworkdTeardownRun(gpointer data, gpointer opaque)
{
    virNetworkdTeardownJob *job = data;
    virNetworkdTeardown *td = opaque;
    guint i;

    if (!td->sk && !(td->sk = virNetlinkSocketNew())) {
        g_warning("cannot remove what ports left behind: %s", virGetLastErrorMessage());
        virResetLastError();
    } else {
        switch (job->type) {
        case VIR_NETWORKD_TEARDOWN_PORT:
            virNetworkdTeardownPort(td, job->rec);
            break;
        case VIR_NETWORKD_TEARDOWN_FILL:
            g_atomic_int_set(&td->fillQueued, 0);
            virNetworkdIfbPoolFill(td->ifbs, td->sk);
            break;
        case VIR_NETWORKD_TEARDOWN_DELETE:
            for (i = 0; i < job->links->len; i++) {
                const virNetworkdIfbSpare *l = &g_array_index(job->links, virNetworkdIfbSpare, i);

                if (virNetlinkLinkDelete(td->sk, l->ifindex, l->name) < 0) {
                    g_warning("%s", virGetLastErrorMessage());
                    virResetLastError();
                }
            }
            break;
        }
    }
    virNetworkdPortRecordFree(job->rec);
    if (job->links)
        g_array_unref(job->links);
    g_free(job);
}

/**
 * virNetworkdTeardownQueue:
 * Queues a job of @type (taking @rec or @links).  Main loop.
 */
static void
virNetworkdTeardownQueue(virNetworkdTeardown *td, virNetworkdTeardownJobType type,
                         virNetworkdPortRecord *rec, GArray *links)
{
    virNetworkdTeardownJob *job = g_new0(virNetworkdTeardownJob, 1);

    job->type = type;
    job->rec = rec;
    job->links = links;
    g_thread_pool_push(td->pool, job, NULL);
}

/**
 * virNetworkdTeardownNew:
 * @stateDir: the directory of the port records
 *
 * Returns the queue (free with virNetworkdTeardownFree).
 */
virNetworkdTeardown *
virNetworkdTeardownNew(const char *stateDir)
{
    virNetworkdTeardown *td = g_new0(virNetworkdTeardown, 1);

    td->stateDir = g_strdup(stateDir);
    td->ifbs = virNetworkdIfbPoolNew();
    /* exclusive, one thread: never fails */
    td->pool = g_thread_pool_new(virNetworkdTeardownRun, td, 1, TRUE, NULL);
    return td;
}

/**
 * virNetworkdTeardownPush:
 * Queues the removal of @rec's leftovers and record file (takes @rec).
 * Main loop.
 */
void
virNetworkdTeardownPush(virNetworkdTeardown *td, virNetworkdPortRecord *rec)
{
    virNetworkdTeardownQueue(td, VIR_NETWORKD_TEARDOWN_PORT, rec, NULL);
}

/**
 * virNetworkdTeardownIfbTake:
 * @td: the queue
 * @spare: receives a spare ifb device (virNetworkdIfbPoolTake) or, when
 *         there is none, the name for one made on the spot (ifindex 0)
 *
 * Has the worker make spares up to the pool's size.  Main loop.
 */
void
virNetworkdTeardownIfbTake(virNetworkdTeardown *td, virNetworkdIfbSpare *spare)
{
    if (!virNetworkdIfbPoolTake(td->ifbs, spare)) {
        spare->ifindex = 0;
        virNetworkdIfbPoolName(td->ifbs, spare->name);
    }
    if (virNetworkdIfbPoolNeedsFill(td->ifbs) &&
        g_atomic_int_compare_and_exchange(&td->fillQueued, 0, 1))
        virNetworkdTeardownQueue(td, VIR_NETWORKD_TEARDOWN_FILL, NULL, NULL);
}

/**
 * virNetworkdTeardownIfbSweep:
 * @td: the queue
 * @links: the ifbs of the daemon's names found at start
 *         (virNetworkdIfbSpare: name, ifindex), taken
 * @keep: whether a kept port names an ifb (called with @opaque)
 *
 * Has the worker delete those of @links no kept port names (spares and
 * ifbs of ports a previous run left behind), before anything else it
 * does.  Names are counted on after all of them.  Main loop, start.
 */
void
virNetworkdTeardownIfbSweep(virNetworkdTeardown *td, GArray *links,
                            bool (*keep)(const char *name, void *opaque), void *opaque)
{
    guint i;

    for (i = links->len; i-- > 0;) {
        const virNetworkdIfbSpare *l = &g_array_index(links, virNetworkdIfbSpare, i);

        virNetworkdIfbPoolNoteName(td->ifbs, l->name);
        if (keep(l->name, opaque))
            g_array_remove_index_fast(links, i);
    }
    if (links->len == 0) {
        g_array_unref(links);
        return;
    }
    virNetworkdTeardownQueue(td, VIR_NETWORKD_TEARDOWN_DELETE, NULL, links);
}

/**
 * virNetworkdTeardownFree:
 * Finishes the queue, deletes the spare ifbs, then frees @td.  Accepts
 * NULL.
 */
void
virNetworkdTeardownFree(virNetworkdTeardown *td)
{
    if (!td)
        return;
    g_thread_pool_free(td->pool, FALSE, TRUE);
    if (td->sk || (td->sk = virNetlinkSocketNew()))
        virNetworkdIfbPoolDrain(td->ifbs, td->sk);
    else
        virResetLastError();
    virNetworkdIfbPoolFree(td->ifbs);
    virNetlinkSocketFree(td->sk);
    g_free(td->stateDir);
    g_free(td);
}
