/*
 * networkdquotatest.c: per-user port quota accounting
 *
 * Each case is a script of operations on a fresh quota table and the
 * outcome of each one:  "+U" acquires a slot for uid U (expect ok), "!U"
 * acquires and must be refused, "-U" releases, "=U:N" checks that U holds
 * N slots, "#N" that N users hold slots, "*U" adds a slot without the
 * limit (a port kept across a restart).
 */
#include "testutils.h"
#include "networkd_authz.h"
#include "virerror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *what;
    unsigned int limit;
    const char *script;
} testQuotaCase;

static int
testQuotaOne(const void *opaque)
{
    const testQuotaCase *c = opaque;
    g_autoptr(virNetworkdQuota) quota = virNetworkdQuotaNew(c->limit);
    g_auto(GStrv) ops = g_strsplit(c->script, " ", -1);
    size_t i;

    for (i = 0; ops[i]; i++) {
        const char *op = ops[i];
        unsigned int uid = strtoul(op + 1, NULL, 10);
        const char *colon = strchr(op, ':');
        unsigned int n = colon ? strtoul(colon + 1, NULL, 10) : 0;

        virResetLastError();
        switch (op[0]) {
        case '+':
            if (virNetworkdQuotaAcquire(quota, uid) < 0) {
                fprintf(stderr, "step %zu '%s': refused: %s\n", i, op, virGetLastErrorMessage());
                return -1;
            }
            break;
        case '!':
            if (virNetworkdQuotaAcquire(quota, uid) == 0 ||
                virGetLastErrorCode() != VIR_ERR_QUOTA_EXCEEDED) {
                fprintf(stderr, "step %zu '%s': not refused as quota exceeded\n", i, op);
                return -1;
            }
            break;
        case '-':
            virNetworkdQuotaRelease(quota, uid);
            break;
        case '*':
            virNetworkdQuotaAdd(quota, uid);
            break;
        case '=':
            if (virNetworkdQuotaUsed(quota, uid) != n) {
                fprintf(stderr, "step %zu '%s': uid %u holds %u\n", i, op, uid,
                        virNetworkdQuotaUsed(quota, uid));
                return -1;
            }
            break;
        case '#':
            if (virNetworkdQuotaUsers(quota) != uid) {
                fprintf(stderr, "step %zu '%s': %u users\n", i, op, virNetworkdQuotaUsers(quota));
                return -1;
            }
            break;
        default:
            fprintf(stderr, "bad script step '%s'\n", op);
            return -1;
        }
    }
    return 0;
}

static int
testQuotaMessage(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virNetworkdQuota) quota = virNetworkdQuotaNew(1);

    if (virNetworkdQuotaAcquire(quota, 1000) < 0 ||
        virNetworkdQuotaAcquire(quota, 1000) == 0)
        return -1;
    return virTestCompareStrings("quota exceeded: user 1000 already holds 1 ports (the limit)",
                                 virGetLastErrorMessage());
}

static int
mymain(void)
{
    static const testQuotaCase cases[] = {
        { "empty table", 2, "=1000:0 #0" },
        { "up to the limit", 2, "+1000 +1000 =1000:2 !1000 =1000:2" },
        { "release frees a slot", 2, "+1000 +1000 !1000 -1000 =1000:1 +1000 !1000" },
        { "users are independent", 1, "+1000 +1001 !1000 !1001 #2 -1000 #1 +1000 #2" },
        { "root is never limited", 1, "+0 +0 +0 =0:3 -0 =0:2" },
        { "zero quota refuses all but root", 0, "!1000 +0 #1" },
        { "entries vanish at zero", 3, "+5 +5 -5 -5 #0 =5:0" },
        { "kept ports count over the limit", 2, "*7 *7 *7 =7:3 !7 -7 !7 -7 +7 !7" },
        { "large uids", 1, "+4294967294 !4294967294 -4294967294 #0" },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *title = g_strdup_printf("quota: %s", cases[i].what);

        if (virTestRun(title, testQuotaOne, &cases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("quota: the refusal names user and limit", testQuotaMessage, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
