/*
 * networkdauthcachetest.c: the daemon's memory of polkit's "yes"
 *
 * Table style: each case is a script of steps against one cache (TTL
 * 5 s) with a fake clock; a step adds an answer, forgets a connection, or
 * looks a question up and states whether it must hit.
 */
#include "testutils.h"
#include "networkd_authcache.h"

#include <stdio.h>
#include <string.h>

#define SEC G_USEC_PER_SEC

typedef enum {
    STEP_ADD,       /* remember "yes" for (sender, bridge) at t */
    STEP_HIT,       /* lookup at t must hit */
    STEP_MISS,      /* lookup at t must miss */
    STEP_FORGET,    /* the sender's connection closed */
    STEP_END,
} testStepKind;

typedef struct {
    testStepKind kind;
    const char *sender;
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
    const char *details[] = { "plug", "bridge", "bridge", st->bridge, "uid", "1000", NULL };

    return virNetworkdAuthCacheKey(st->sender, "org.libvirt.networkd.port.create", details);
}

static int
testOne(const void *opaque)
{
    const testCase *c = opaque;
    g_autoptr(virNetworkdAuthCache) cache = virNetworkdAuthCacheNew(c->ttl);
    size_t i;

    for (i = 0; c->steps[i].kind != STEP_END; i++) {
        const testStep *st = &c->steps[i];
        g_autofree char *key = st->bridge ? testKey(st) : NULL;
        bool hit;

        switch (st->kind) {
        case STEP_ADD:
            virNetworkdAuthCacheAdd(cache, key, st->t);
            break;
        case STEP_HIT:
        case STEP_MISS:
            hit = virNetworkdAuthCacheLookup(cache, key, st->t);
            if (hit != (st->kind == STEP_HIT)) {
                printf("     step %zu: %s %s at %lld s: expected %s\n", i, st->sender,
                       st->bridge, (long long)(st->t / SEC),
                       st->kind == STEP_HIT ? "a hit" : "a miss");
                return -1;
            }
            break;
        case STEP_FORGET:
            virNetworkdAuthCacheForget(cache, st->sender);
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

    /* 3000 one-off callers over a minute: the table keeps only what can
     * still hit (at most one TTL's worth plus the prune threshold). */
    for (i = 0; i < 3000; i++) {
        g_autofree char *sender = g_strdup_printf(":1.%zu", i);
        const char *details[] = { "bridge", "br0", NULL };
        g_autofree char *key = virNetworkdAuthCacheKey(sender, "a", details);

        virNetworkdAuthCacheAdd(cache, key, (gint64)i * 20000);  /* 50 per second */
    }
    if (virNetworkdAuthCacheSize(cache) > 1024 + 250) {
        printf("     %u entries kept\n", virNetworkdAuthCacheSize(cache));
        return -1;
    }
    return 0;
}

static int
testKeys(const void *opaque G_GNUC_UNUSED)
{
    const char *d1[] = { "bridge", "br0", NULL };
    const char *d2[] = { "bridge", "br0\nuid=0", NULL };
    const char *d3[] = { "bridge", "br0", "uid", "0", NULL };
    g_autofree char *k1 = virNetworkdAuthCacheKey(":1.5", "a", d1);
    g_autofree char *k2 = virNetworkdAuthCacheKey(":1.5", "a", d2);
    g_autofree char *k3 = virNetworkdAuthCacheKey(":1.5", "a", d3);
    g_autofree char *k4 = virNetworkdAuthCacheKey(":1.5\nb", "a", d1);
    g_autofree char *k5 = virNetworkdAuthCacheKey(":1.5", "a\nb", d1);

    /* a value cannot forge another detail or the sender boundary */
    if (strcmp(k2, k3) == 0 || strcmp(k4, k5) == 0 || strcmp(k1, k3) == 0)
        return -1;
    return 0;
}

static int
mymain(void)
{
    static const testCase cases[] = {
        { "same question hits within the TTL", 5, {
            { STEP_ADD, ":1.7", "br0", 0 },
            { STEP_HIT, ":1.7", "br0", 1 * SEC },
            { STEP_HIT, ":1.7", "br0", 5 * SEC - 1 },
            { STEP_END, NULL, NULL, 0 } } },
        { "expires after the TTL", 5, {
            { STEP_ADD, ":1.7", "br0", 0 },
            { STEP_MISS, ":1.7", "br0", 5 * SEC },
            { STEP_MISS, ":1.7", "br0", 1 * SEC },  /* gone, not revived */
            { STEP_END, NULL, NULL, 0 } } },
        { "another bridge is another question", 5, {
            { STEP_ADD, ":1.7", "br0", 0 },
            { STEP_MISS, ":1.7", "br1", 1 * SEC },
            { STEP_END, NULL, NULL, 0 } } },
        { "another connection of the same user asks again", 5, {
            { STEP_ADD, ":1.7", "br0", 0 },
            { STEP_MISS, ":1.8", "br0", 1 * SEC },
            { STEP_END, NULL, NULL, 0 } } },
        { "a closed connection is forgotten, others stay", 5, {
            { STEP_ADD, ":1.7", "br0", 0 },
            { STEP_ADD, ":1.70", "br0", 0 },
            { STEP_FORGET, ":1.7", NULL, 0 },
            { STEP_MISS, ":1.7", "br0", 1 * SEC },
            { STEP_HIT, ":1.70", "br0", 1 * SEC },
            { STEP_END, NULL, NULL, 0 } } },
        { "a renewed answer extends the time", 5, {
            { STEP_ADD, ":1.7", "br0", 0 },
            { STEP_ADD, ":1.7", "br0", 4 * SEC },
            { STEP_HIT, ":1.7", "br0", 8 * SEC },
            { STEP_END, NULL, NULL, 0 } } },
        { "TTL 0 remembers nothing", 0, {
            { STEP_ADD, ":1.7", "br0", 0 },
            { STEP_MISS, ":1.7", "br0", 0 },
            { STEP_END, NULL, NULL, 0 } } },
    };
    size_t i;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        ret |= virTestRun(cases[i].title, testOne, &cases[i]);
    ret |= virTestRun("keys cannot be forged through values", testKeys, NULL);
    ret |= virTestRun("expired entries are pruned", testPrune, NULL);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
