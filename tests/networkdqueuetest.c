/*
 * networkdqueuetest.c: admission per user and fair queuing of polkit checks
 *
 * Each case is a script run on a fresh queue with the case's limits
 * (checks in flight in all, per user; calls per user).  Items are names
 * whose first letter stands for the bus connection that sent them.
 *   aU      admit a call of uid U (must succeed)   AU   ... must be refused
 *   lU      the call leaves
 *   pU:X    push check X of U: must start at once  wU:X ... must wait
 *   n:X     the next check to start is X           n:-  none may start
 *   rU      a running check of U finishes
 *   cU:L=X,Y  connection L of U left: its waiting checks X, Y are taken out
 *   =U:P/R/W  U has P calls admitted, R checks running, W waiting
 *   RN      N checks run in all                     #N   N users known
 */
#include "testutils.h"
#include "networkd_queue.h"
#include "virerror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *what;
    virNetworkdQueueLimits limits;
    const char *script;
} testQueueCase;

/**
 * testQueueMatchConn:
 * Whether item @item (a name) was sent by connection @opaque (a letter).
 */
static bool
testQueueMatchConn(void *item, void *opaque)
{
    return ((const char *)item)[0] == *(const char *)opaque;
}

/**
 * testQueueItem:
 * Returns the item named @name, one pointer per name for the whole case
 * (kept in @items).
 */
static char *
testQueueItem(GHashTable *items, const char *name)
{
    char *item = g_hash_table_lookup(items, name);

    if (!item) {
        item = g_strdup(name);
        g_hash_table_insert(items, item, item);
    }
    return item;
}

/**
 * testQueueStep:
 * Runs one step @op of a script.  Returns 0, or -1 with the reason printed.
 */
static int
testQueueStep(virNetworkdQueue *queue, GHashTable *items, const char *op)
{
    unsigned int uid = strtoul(op + 1, NULL, 10);
    const char *arg = strchr(op, ':') ? strchr(op, ':') + 1 : "";

    virResetLastError();
    switch (op[0]) {
    case 'a':
    case 'A': {
        bool admitted = virNetworkdQueueAdmit(queue, uid) == 0;

        if (admitted != (op[0] == 'a') ||
            (!admitted && virGetLastErrorCode() != VIR_ERR_QUOTA_EXCEEDED)) {
            fprintf(stderr, "'%s': admitted=%d (%s)\n", op, admitted, virGetLastErrorMessage());
            return -1;
        }
        return 0;
    }
    case 'l':
        virNetworkdQueueLeave(queue, uid);
        return 0;
    case 'p':
    case 'w':
        if (virNetworkdQueuePush(queue, uid, testQueueItem(items, arg)) != (op[0] == 'p')) {
            fprintf(stderr, "'%s': %s\n", op, op[0] == 'p' ? "waits" : "started at once");
            return -1;
        }
        return 0;
    case 'n': {
        const char *got = virNetworkdQueueNext(queue);

        if (g_strcmp0(got ? got : "-", arg) != 0) {
            fprintf(stderr, "'%s': next is %s\n", op, got ? got : "-");
            return -1;
        }
        return 0;
    }
    case 'r':
        virNetworkdQueueRelease(queue, uid);
        return 0;
    case 'c': {
        g_autoptr(GPtrArray) taken = virNetworkdQueueCancel(queue, uid, testQueueMatchConn,
                                                            (void *)arg);
        g_autoptr(GString) got = g_string_new(NULL);
        size_t i;

        for (i = 0; i < taken->len; i++)
            g_string_append_printf(got, "%s%s", i ? "," : "", (char *)taken->pdata[i]);
        if (strcmp(got->str, arg + 2) != 0) {
            fprintf(stderr, "'%s': taken out: '%s'\n", op, got->str);
            return -1;
        }
        return 0;
    }
    case '=': {
        g_autofree char *state = g_strdup_printf("%u/%u/%u",
                                                 virNetworkdQueuePending(queue, uid),
                                                 virNetworkdQueueRunning(queue, uid),
                                                 virNetworkdQueueWaiting(queue, uid));

        if (strcmp(state, arg) != 0) {
            fprintf(stderr, "'%s': state is %s\n", op, state);
            return -1;
        }
        return 0;
    }
    case 'R':
        if (virNetworkdQueueRunningAll(queue) != uid) {
            fprintf(stderr, "'%s': %u running\n", op, virNetworkdQueueRunningAll(queue));
            return -1;
        }
        return 0;
    case '#':
        if (virNetworkdQueueUsers(queue) != uid) {
            fprintf(stderr, "'%s': %u users\n", op, virNetworkdQueueUsers(queue));
            return -1;
        }
        return 0;
    }
    fprintf(stderr, "bad step '%s'\n", op);
    return -1;
}

/**
 * testQueueOne:
 * Runs one case's script on a fresh queue.
 */
static int
testQueueOne(const void *opaque)
{
    const testQueueCase *c = opaque;
    g_autoptr(virNetworkdQueue) queue = virNetworkdQueueNew(&c->limits);
    g_autoptr(GHashTable) items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_auto(GStrv) ops = g_strsplit(c->script, " ", -1);
    size_t i;

    for (i = 0; ops[i]; i++) {
        if (testQueueStep(queue, items, ops[i]) < 0) {
            fprintf(stderr, "  at step %zu of '%s'\n", i, c->script);
            return -1;
        }
    }
    return 0;
}

static const testQueueCase cases[] = {
    { "a check starts when a slot is free, waits when not",
      { 1, 1, 8 }, "a1 p1:x1 a1 w1:x2 =1:2/1/1 R1 n:- r1 n:x2 =1:2/1/0 r1 l1 l1 #0" },
    { "one user's checks start in the order they came",
      { 1, 1, 8 }, "p1:x1 w1:x2 w1:x3 w1:x4 r1 n:x2 r1 n:x3 r1 n:x4 r1 n:- #0" },
    { "a waiting user is served after at most one check of a longer backlog",
      { 2, 2, 64 }, "p1:x1 p1:x2 w1:x3 w1:x4 w1:x5 w1:x6 w2:y1 r1 n:x3 r1 n:y1 r1 n:x4 R2" },
    { "round robin over three users, however long one backlog is",
      { 1, 1, 64 },
      "p1:x1 w1:x2 w1:x3 w1:x4 w2:y1 w2:y2 w3:z1 "
      "r1 n:x2 r1 n:y1 r2 n:z1 r3 n:x3 r1 n:y2 r2 n:x4 r1 n:- #0" },
    { "a user at its own share waits while others use the free slots",
      { 4, 1, 64 }, "p1:x1 w1:x2 w1:x3 p2:y1 p3:z1 R3 n:- =1:0/1/2 r1 n:x2 r1 n:x3 R3" },
    { "the global limit holds over many users",
      { 3, 2, 64 }, "p1:x1 p2:y1 p3:z1 w4:u1 w1:x2 R3 r2 n:u1 n:- r4 n:x2 R3" },
    { "a new check of a user waits behind that user's waiting ones",
      { 2, 2, 64 }, "p1:x1 p1:x2 w1:x3 r1 w1:x4 n:x3 r1 n:x4 R2" },
    { "admission: a user's calls are capped over all of its connections",
      { 16, 2, 3 }, "a1 a1 a1 A1 A1 =1:3/0/0 a2 l1 a1 A1 l1 l1 l1 l2 #0" },
    { "admission: uid 0 is counted, never refused",
      { 16, 2, 1 }, "a0 a0 a0 =0:3/0/0 a5 A5 l0 l0 l0 l5 #0" },
    { "cancel: a connection that left takes its waiting checks with it",
      { 1, 1, 64 }, "p1:x1 w1:x2 w1:y1 w1:x3 c1:x=x2,x3 =1:0/1/1 r1 n:y1 r1 n:- #0" },
    { "cancel: a user whose last waiting check is cancelled leaves the ring",
      { 1, 1, 64 }, "p1:x1 w2:y1 w3:z1 c2:y=y1 r1 n:z1 r3 n:- #0" },
    { "cancel: running checks and other users are not touched",
      { 2, 2, 64 }, "p1:x1 p1:x2 w1:x3 w2:x9 c1:x=x3 =1:0/2/0 =2:0/0/1 r1 n:x9 R2" },
    { "cancel: nothing waiting, nothing taken",
      { 2, 2, 64 }, "p1:x1 c1:x= c7:x= =1:0/1/0 r1 #0" },
    { "a flood of one user never delays another's check past one slot",
      { 2, 1, 64 },
      "p9:f1 w9:f2 w9:f3 w9:f4 w9:f5 w9:f6 w9:f7 w9:f8 p1:a1 r9 n:f2 r1 p1:a2 "
      "r9 n:f3 n:- r1 n:- R1 =9:0/1/5" },
};

/**
 * mymain:
 * Runs every case.
 */
static int
mymain(void)
{
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (virTestRun(cases[i].what, testQueueOne, &cases[i]) < 0)
            ret = -1;
    }
    return ret;
}

/**
 * main:
 * The test driver.
 */
int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
