/*
 * networkdportctltest.c: a new port's filter put in force on the filter
 * thread (networkd_portctl.c)
 *
 * The creator starts the job, plugs the port meanwhile, and waits for
 * it: a filter the gate refuses fails the creation with the filter
 * thread's error, reported in the creator's thread; a port without a
 * filter has no job.  As root, in a network namespace of its own, a
 * job's filter is in the kernel once the wait returns.
 */
#include "testutils.h"
#include "networkd_portctl.h"
#include "virerror.h"
#include "virnettestns.h"
#include "virnftables.h"
#include "virnwfilter.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static GThreadPool *testPool;

/**
 * testRecord:
 * A tap port @ifname with clean-traffic (@blocks) from 198.18.60.10.
 */
static void
testRecord(virNetworkdPortRecord *rec, const char *ifname, unsigned int blocks)
{
    memset(rec, 0, sizeof(*rec));
    rec->ifname = (char *)ifname;
    g_assert(virMacAddrParse("52:54:00:18:60:10", &rec->mac) == 0);
    g_assert(virSocketAddrParse("198.18.60.10", AF_INET, &rec->filterIPs[0]) == 0);
    rec->nfilterIPs = 1;
    rec->filterBlocks = blocks;
}

/**
 * testJobRefused:
 * A name the gate refuses: the wait fails with the gate's error, in
 * this thread.
 */
static int
testJobRefused(const void *opaque G_GNUC_UNUSED)
{
    virNetworkdPortRecord rec;
    virNetworkdFilterJob *job;

    testRecord(&rec, "vnet0 } ; flush ruleset", VIR_NWFILTER_CLEAN_TRAFFIC);
    virResetLastError();
    if (!(job = virNetworkdPortControlsFilterStart(testPool, &rec)))
        return -1;
    if (virNetworkdPortControlsFilterFinish(job) != -1 ||
        virGetLastErrorCode() != VIR_ERR_INVALID_ARG ||
        !strstr(virGetLastErrorMessage(), "invalid port name")) {
        fprintf(stderr, "got '%s'\n", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    return 0;
}

/**
 * testJobNone:
 * A port without a filter has no job, and waiting for none succeeds.
 */
static int
testJobNone(const void *opaque G_GNUC_UNUSED)
{
    virNetworkdPortRecord rec;

    testRecord(&rec, "vnet0", 0);
    if (virNetworkdPortControlsFilterStart(testPool, &rec) ||
        virNetworkdPortControlsFilterFinish(NULL) != 0)
        return -1;
    return 0;
}

/**
 * testJobKernel:
 * Root: the filter is in the kernel when the wait returns (the port's
 * map element, MAC and address), and goes with its removal.
 */
static int
testJobKernel(const void *opaque G_GNUC_UNUSED)
{
    virNetworkdPortRecord rec;
    g_autofree char *listing = NULL;
    g_autofree char *after = NULL;

    testRecord(&rec, "lvpc0", VIR_NWFILTER_CLEAN_TRAFFIC);
    if (virNetworkdPortControlsFilterFinish(virNetworkdPortControlsFilterStart(testPool, &rec)) < 0 ||
        virNftablesRun("list table bridge " VIR_NWFILTER_TABLE "\n", &listing, false) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (!strstr(listing, "\"lvpc0\" : jump blocks_1f") ||
        !strstr(listing, "\"lvpc0\" . 52:54:00:18:60:10") ||
        !strstr(listing, "\"lvpc0\" . 198.18.60.10")) {
        fprintf(stderr, "not in force:\n%s", listing);
        return -1;
    }
    if (virNWFilterPortRemove("lvpc0") < 0 ||
        virNftablesRun("list table bridge " VIR_NWFILTER_TABLE "\n", &after, false) < 0 ||
        strstr(after, "lvpc0")) {
        fprintf(stderr, "left behind:\n%s", after ? after : virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

static int
mymain(void)
{
    bool root = geteuid() == 0;
    int ret = 0;

    /* the pool's thread is made after the switch of namespace, so it
     * runs in the private one */
    if (root && virTestNetnsEnterPrivate("the filter in the kernel") != 0)
        root = false;
    testPool = virNetworkdPortControlsFilterPoolNew();
    if (virTestRun("filter job: refused by the gate", testJobRefused, NULL) < 0 ||
        virTestRun("filter job: none without a filter", testJobNone, NULL) < 0)
        ret = -1;
    if (root) {
        if (virTestRun("filter job: in the kernel once waited for", testJobKernel, NULL) < 0)
            ret = -1;
    } else {
        printf("SKIP: filter job: in the kernel (needs root and a network namespace)\n");
    }
    g_thread_pool_free(testPool, FALSE, TRUE);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
