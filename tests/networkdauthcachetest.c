/*
 * networkdauthcachetest.c: the daemon's memory of polkit's "yes"
 *
 * Table style: each case is a script of steps against one cache with a
 * fake clock; a step adds an answer or looks a question up and states
 * whether it must hit.  A question is (uid, cgroup, bridge); the action
 * and the other details are those of CreatePort.  Nothing in a key names
 * a connection: two steps with the same uid and cgroup are as well two
 * processes (two bus connections) one after the other.
 */
#include "testutils.h"
#include "networkd_authcache.h"

#include <stdio.h>
#include <string.h>

#define SEC G_USEC_PER_SEC

#define CG_A "/user.slice/user-1000.slice/session-2.scope"
#define CG_B "/user.slice/user-1000.slice/session-3.scope"
#define CG_U "/user.slice/user-1000.slice/user@1000.service/app.slice/qemu.scope"

typedef enum {
    STEP_ADD,       /* remember "yes" for (uid, cgroup, bridge) at t */
    STEP_HIT,       /* lookup at t must hit */
    STEP_MISS,      /* lookup at t must miss */
    STEP_END,
} testStepKind;

typedef struct {
    testStepKind kind;
    uid_t uid;
    const char *cgroup;
    const char *bridge;
    gint64 t;
} testStep;

typedef struct {
    const char *title;
    unsigned int ttl;
    testStep steps[8];
} testCase;

static char *
testKey(const testStep *st)
{
    g_autofree char *uidstr = g_strdup_printf("%u", (unsigned int)st->uid);
    const char *details[] = { "plug", "bridge", "bridge", st->bridge, "uid", uidstr, NULL };

    return virNetworkdAuthCacheKey(st->uid, st->cgroup, "org.libvirt.networkd.port.create",
                                   details);
}

static int
testOne(const void *opaque)
{
    const testCase *c = opaque;
    g_autoptr(virNetworkdAuthCache) cache = virNetworkdAuthCacheNew(c->ttl);
    size_t i;

    for (i = 0; c->steps[i].kind != STEP_END; i++) {
        const testStep *st = &c->steps[i];
        g_autofree char *key = testKey(st);
        bool hit;

        switch (st->kind) {
        case STEP_ADD:
            virNetworkdAuthCacheAdd(cache, key, st->t);
            break;
        case STEP_HIT:
        case STEP_MISS:
            hit = virNetworkdAuthCacheLookup(cache, key, st->t);
            if (hit != (st->kind == STEP_HIT)) {
                printf("     step %zu: uid %u %s %s at %lld s: expected %s\n", i,
                       (unsigned int)st->uid, st->cgroup, st->bridge,
                       (long long)(st->t / SEC), st->kind == STEP_HIT ? "a hit" : "a miss");
                return -1;
            }
            break;
        case STEP_END:
            break;
        }
    }
    return 0;
}

static int
testPrune(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virNetworkdAuthCache) cache = virNetworkdAuthCacheNew(5);
    size_t i;

    /* 3000 one-off callers (each its own cgroup) over a minute: the table
     * keeps only what can still hit (at most one TTL's worth plus the
     * prune threshold). */
    for (i = 0; i < 3000; i++) {
        g_autofree char *cgroup = g_strdup_printf("/system.slice/run-u%zu.scope", i);
        const char *details[] = { "bridge", "br0", NULL };
        g_autofree char *key = virNetworkdAuthCacheKey(1000 + i % 7, cgroup, "a", details);

        virNetworkdAuthCacheAdd(cache, key, (gint64)i * 20000);  /* 50 per second */
    }
    if (virNetworkdAuthCacheSize(cache) > 1024 + 250) {
        printf("     %u entries kept\n", virNetworkdAuthCacheSize(cache));
        return -1;
    }
    return 0;
}

typedef struct {
    const char *title;
    uid_t uid1;
    const char *cgroup1;
    const char *action1;
    const char *details1[7];
    uid_t uid2;
    const char *cgroup2;
    const char *action2;
    const char *details2[7];
} testForgeCase;

/* Two different questions must never make the same key, whatever a
 * caller-chosen part (cgroup path, bridge name) contains. */
static int
testForge(const void *opaque)
{
    const testForgeCase *c = opaque;
    g_autofree char *k1 = virNetworkdAuthCacheKey(c->uid1, c->cgroup1, c->action1, c->details1);
    g_autofree char *k2 = virNetworkdAuthCacheKey(c->uid2, c->cgroup2, c->action2, c->details2);

    if (strcmp(k1, k2) == 0) {
        printf("     both keys are \"%s\"\n", k1);
        return -1;
    }
    return 0;
}

static int
mymain(void)
{
    static const testCase cases[] = {
        { "same question hits within the TTL", 5, {
            { STEP_ADD, 1000, CG_A, "br0", 0 },
            { STEP_HIT, 1000, CG_A, "br0", 1 * SEC },
            { STEP_HIT, 1000, CG_A, "br0", 5 * SEC - 1 },
            { STEP_END, 0, NULL, NULL, 0 } } },
        { "next process, same uid and cgroup: hits", 5, {
            /* e.g. one bridge helper per NIC, each a new connection */
            { STEP_ADD, 1000, CG_U, "br0", 0 },
            { STEP_HIT, 1000, CG_U, "br0", 1 * SEC },
            { STEP_HIT, 1000, CG_U, "br0", 2 * SEC },
            { STEP_END, 0, NULL, NULL, 0 } } },
        { "expires after the TTL", 5, {
            { STEP_ADD, 1000, CG_A, "br0", 0 },
            { STEP_MISS, 1000, CG_A, "br0", 5 * SEC },
            { STEP_MISS, 1000, CG_A, "br0", 1 * SEC },  /* gone, not revived */
            { STEP_END, 0, NULL, NULL, 0 } } },
        { "another uid, same cgroup: misses", 5, {
            { STEP_ADD, 1000, CG_A, "br0", 0 },
            { STEP_MISS, 1001, CG_A, "br0", 1 * SEC },
            { STEP_MISS, 0, CG_A, "br0", 1 * SEC },
            { STEP_HIT, 1000, CG_A, "br0", 1 * SEC },
            { STEP_END, 0, NULL, NULL, 0 } } },
        { "another cgroup of the same uid: misses", 5, {
            { STEP_ADD, 1000, CG_A, "br0", 0 },
            { STEP_MISS, 1000, CG_B, "br0", 1 * SEC },
            { STEP_MISS, 1000, CG_U, "br0", 1 * SEC },
            { STEP_MISS, 1000, CG_A "/child", "br0", 1 * SEC },
            { STEP_MISS, 1000, "/user.slice/user-1000.slice", "br0", 1 * SEC },
            { STEP_END, 0, NULL, NULL, 0 } } },
        { "another bridge is another question", 5, {
            { STEP_ADD, 1000, CG_A, "br0", 0 },
            { STEP_MISS, 1000, CG_A, "br1", 1 * SEC },
            { STEP_MISS, 1000, CG_A, "br00", 1 * SEC },
            { STEP_END, 0, NULL, NULL, 0 } } },
        { "a renewed answer extends the time", 5, {
            { STEP_ADD, 1000, CG_A, "br0", 0 },
            { STEP_ADD, 1000, CG_A, "br0", 4 * SEC },
            { STEP_HIT, 1000, CG_A, "br0", 8 * SEC },
            { STEP_MISS, 1000, CG_A, "br0", 9 * SEC },
            { STEP_END, 0, NULL, NULL, 0 } } },
        { "TTL 0 remembers nothing", 0, {
            { STEP_ADD, 1000, CG_A, "br0", 0 },
            { STEP_MISS, 1000, CG_A, "br0", 0 },
            { STEP_MISS, 1000, CG_A, "br0", 1 },
            { STEP_END, 0, NULL, NULL, 0 } } },
    };
    static const testForgeCase forges[] = {
        { "a bridge cannot forge another detail",
          1000, CG_A, "a", { "bridge", "br0\nuid=0", NULL },
          1000, CG_A, "a", { "bridge", "br0", "uid", "0", NULL } },
        { "a cgroup cannot forge the action",
          1000, "/x\na", "b", { NULL },
          1000, "/x", "a\nb", { NULL } },
        { "a cgroup cannot forge action and details",
          1000, "/x\na\nbridge=br0", "a", { NULL },
          1000, "/x", "a", { "bridge", "br0", NULL } },
        { "a cgroup cannot forge the uid",
          10, "/x", "a", { NULL },
          1, "0\n/x", "a", { NULL } },
        { "an escaped newline is not a newline",
          1000, "/x\\nb", "a", { NULL },
          1000, "/x\nb", "a", { NULL } },
        { "a detail is not a prefix of a longer one",
          1000, CG_A, "a", { "bridge", "br0", NULL },
          1000, CG_A, "a", { "bridge", "br0", "plug", "bridge", NULL } },
    };
    size_t i;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        ret |= virTestRun(cases[i].title, testOne, &cases[i]);
    for (i = 0; i < G_N_ELEMENTS(forges); i++)
        ret |= virTestRun(forges[i].title, testForge, &forges[i]);
    ret |= virTestRun("expired entries are pruned", testPrune, NULL);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
