/*
 * networkd_teardown.c: a removed port's slow kernel teardown, off the
 * main loop
 *
 * Theory of operation: what outlives a port's device — its ifb and its
 * filter (networkd_portctl.c) — must go when the port goes, but deleting
 * a link waits for the kernel to quiesce it (about 20 ms here), which on
 * the main loop delayed every CreatePort that came meanwhile.  So a port
 * that goes with such leftovers is forgotten at once on the main loop
 * (tables, quota slot, bus object) and its record is handed here: one
 * worker thread, with a netlink socket of its own, removes the leftovers
 * in the order the ports went, then the record file.
 *
 * The record file is removed last, so a daemon killed before the worker
 * got to a port still has its record at the next start, whose
 * reconciliation finds the device gone and removes the leftovers then.
 * The names are not reused meanwhile: an ifb is named after its port's
 * ifindex, which the kernel does not hand out again, and a port's
 * device name after a counter that only grows during a run.  A stop of
 * the daemon waits for the queue (virNetworkdTeardownFree).
 */
#include "networkd_teardown.h"

#include "networkd_portctl.h"
#include "virerror.h"
#include "virnetlink.h"

struct _virNetworkdTeardown {
    char *stateDir;
    GThreadPool *pool;          /* one thread: the ports in the order they went */
    virNetlinkSocket *sk;       /* the worker's alone, opened on first use */
};

/**
 * virNetworkdTeardownRun:
 * Worker thread: removes @data's (a record, taken) leftovers, then its
 * record file.  Failures are logged; the record is then kept, for the
 * next start's reconciliation to try again.
 */
static void
virNetworkdTeardownRun(gpointer data, gpointer opaque)
{
    g_autoptr(virNetworkdPortRecord) rec = data;
    virNetworkdTeardown *td = opaque;

    if (!td->sk && !(td->sk = virNetlinkSocketNew())) {
        g_warning("port %s: cannot remove its leftovers: %s", rec->ifname,
                  virGetLastErrorMessage());
        virResetLastError();
    } else {
        virNetworkdPortControlsRemove(td->sk, rec);
        if (virNetworkdStateRemove(td->stateDir, rec->uuid) < 0) {
            g_warning("%s", virGetLastErrorMessage());
            virResetLastError();
        }
    }
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
    g_thread_pool_push(td->pool, rec, NULL);
}

/**
 * virNetworkdTeardownFree:
 * Finishes the queue, then frees @td.  Accepts NULL.
 */
void
virNetworkdTeardownFree(virNetworkdTeardown *td)
{
    if (!td)
        return;
    g_thread_pool_free(td->pool, FALSE, TRUE);
    virNetlinkSocketFree(td->sk);
    g_free(td->stateDir);
    g_free(td);
}
