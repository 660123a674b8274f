/*
 * qemudriverstoragetest.c: the QEMU driver's persistent domain storage
 *
 * A script of steps against one qemu:///session connection in a
 * temporary XDG home: define, redefine, the uniqueness rules, lookups,
 * list order, undefine, and a broken stored file.  Each step names the
 * exact error it expects, or the domains "list" must return.
 */
#include "testutils.h"

#include "qemu_driver.h"
#include "virerror.h"
#include "virfile.h"
#include "viruuid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UUID_A "6a7b9a34-5d43-4f0e-9d0c-2f3b8c1e0a01"
#define UUID_B "6a7b9a34-5d43-4f0e-9d0c-2f3b8c1e0a02"
#define UUID_C "6a7b9a34-5d43-4f0e-9d0c-2f3b8c1e0a03"
#define UUID_D "6a7b9a34-5d43-4f0e-9d0c-2f3b8c1e0a04"
#define UUID_E "6a7b9a34-5d43-4f0e-9d0c-2f3b8c1e0a05"
#define UUID_F "6a7b9a34-5d43-4f0e-9d0c-2f3b8c1e0a06"
#define UUID_G "6a7b9a34-5d43-4f0e-9d0c-2f3b8c1e0a07"

#define DOMAIN_XML(name, uuid) \
    "<domain type='qemu'><name>" name "</name><uuid>" uuid "</uuid>" \
    "<memory unit='MiB'>64</memory><vcpu>1</vcpu>" \
    "<os><type arch='x86_64'>hvm</type></os></domain>"

typedef enum {
    STEP_DEFINE,     /* arg: XML */
    STEP_UNDEFINE,   /* arg: name */
    STEP_BY_NAME,    /* arg: name; expect: uuid */
    STEP_BY_UUID,    /* arg: uuid; expect: name */
    STEP_LIST,       /* expect: names, comma separated */
    STEP_BREAK,      /* arg: name; write a broken NAME.xml */
} testStepKind;

typedef struct {
    const char *title;
    testStepKind kind;
    const char *arg;
    const char *expect;  /* see testStepKind */
    const char *err;     /* the step must fail with exactly this */
} testStep;

static const testStep steps[] = {
    { "empty list", STEP_LIST, NULL, "" },
    { "define a", STEP_DEFINE, DOMAIN_XML("a", UUID_A) },
    { "lookup a by name", STEP_BY_NAME, "a", UUID_A },
    { "lookup a by uuid", STEP_BY_UUID, UUID_A, "a" },
    { "redefine a with the same uuid", STEP_DEFINE, DOMAIN_XML("a", UUID_A) },
    { "define a with another uuid", STEP_DEFINE, DOMAIN_XML("a", UUID_B), NULL,
      "operation failed: domain 'a' already exists with uuid " UUID_A },
    { "define b with a's uuid", STEP_DEFINE, DOMAIN_XML("b", UUID_A), NULL,
      "operation failed: domain 'a' is already defined with uuid " UUID_A },
    { "define b", STEP_DEFINE, DOMAIN_XML("b", UUID_B) },
    { "list a, b", STEP_LIST, NULL, "a,b" },
    { "broken stored file is skipped", STEP_BREAK, "c" },
    { "list still a, b", STEP_LIST, NULL, "a,b" },
    { "lookup of the broken one fails", STEP_BY_NAME, "c", NULL,
      "malformed XML in '@CONFIG@/c.xml' at line 1, column 9: Premature end of data in tag domain line 1" },
    { "undefine a", STEP_UNDEFINE, "a" },
    { "lookup a after undefine", STEP_BY_NAME, "a", NULL,
      "Domain not found: no domain with matching name 'a'" },
    { "lookup a's uuid after undefine", STEP_BY_UUID, UUID_A, NULL,
      "Domain not found: no domain with matching uuid '" UUID_A "'" },
    { "undefine a again", STEP_UNDEFINE, "a", NULL,
      "Domain not found: no domain with matching name 'a'" },
    { "a path is not a name", STEP_BY_NAME, "../a", NULL,
      "Domain not found: no domain with matching name '../a'" },
    { "list b", STEP_LIST, NULL, "b" },
    /* upstream's names (domain_name.c): stored as NAME.xml, as upstream,
     * so names starting with '.' are listed although the lock file and
     * temporary files are dot files too */
    { "lookup . before it exists", STEP_BY_NAME, ".", NULL,
      "Domain not found: no domain with matching name '.'" },
    { "define .", STEP_DEFINE, DOMAIN_XML(".", UUID_C) },
    { "define ..", STEP_DEFINE, DOMAIN_XML("..", UUID_D) },
    { "define -x", STEP_DEFINE, DOMAIN_XML("-x", UUID_E) },
    { "define foo=1,bar=2", STEP_DEFINE, DOMAIN_XML("foo=1,bar=2", UUID_F) },
    { "define a domain named like the lock file", STEP_DEFINE,
      DOMAIN_XML(".driver.lock", UUID_G) },
    { "list the names", STEP_LIST, NULL, "-x,.,..,.driver.lock,b,foo=1,bar=2" },
    { "lookup .. by name", STEP_BY_NAME, "..", UUID_D },
    { "lookup . by uuid", STEP_BY_UUID, UUID_C, "." },
    { "undefine .", STEP_UNDEFINE, "." },
    { "undefine .driver.lock", STEP_UNDEFINE, ".driver.lock" },
    { "list without them", STEP_LIST, NULL, "-x,..,b,foo=1,bar=2" },
    { "the driver still locks", STEP_DEFINE, DOMAIN_XML(".", UUID_C) },
};

static virQEMUDriver *driver;

/**
 * testStepList:
 * Returns the names virQEMUDriverDomainList() gives, comma separated
 * (caller frees), or NULL on error.
 */
static char *
testStepList(void)
{
    virQEMUDomainObj **objs = NULL;
    g_autoptr(GString) names = g_string_new(NULL);
    ssize_t n;
    ssize_t i;

    if ((n = virQEMUDriverDomainList(driver, 0, &objs)) < 0)
        return NULL;
    for (i = 0; i < n; i++)
        g_string_append_printf(names, "%s%s", i ? "," : "",
                               virQEMUDomainObjGetName(objs[i]));
    virQEMUDomainObjListFree(objs, n);
    return g_string_free(g_steal_pointer(&names), FALSE);
}

static int
testStepOne(const void *data)
{
    const testStep *step = data;
    const virQEMUDriverConfig *cfg = virQEMUDriverGetConfig(driver);
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autofree char *actual = NULL;
    g_autofree char *path = NULL;
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    bool ok = true;

    switch (step->kind) {
    case STEP_DEFINE:
        ok = !!(obj = virQEMUDriverDomainDefineXML(driver, step->arg, NULL, 0));
        break;
    case STEP_UNDEFINE:
        ok = virQEMUDriverDomainUndefine(driver, step->arg) == 0;
        break;
    case STEP_BY_NAME:
        if ((ok = !!(obj = virQEMUDriverDomainLookupByName(driver, step->arg))))
            actual = g_strdup(virUUIDFormat(obj->def->uuid, uuidstr));
        break;
    case STEP_BY_UUID:
        g_assert(virUUIDParse(step->arg, uuid) == 0);
        if ((ok = !!(obj = virQEMUDriverDomainLookupByUUID(driver, uuid))))
            actual = g_strdup(virQEMUDomainObjGetName(obj));
        break;
    case STEP_LIST:
        ok = !!(actual = testStepList());
        break;
    case STEP_BREAK:
        path = virQEMUDriverConfigFilePath(driver, step->arg);
        ok = virFileRewriteStr(path, 0600, "<domain>") == 0;
        break;
    }

    if (step->err) {
        g_autofree char *expect = NULL;
        g_auto(GStrv) parts = g_strsplit(step->err, "@CONFIG@", -1);

        if (ok) {
            printf("     expected failure: %s\n", step->err);
            return -1;
        }
        expect = g_strjoinv(cfg->configDir, parts);
        return virTestCompareStrings(expect, virGetLastErrorMessage());
    }
    if (!ok)
        return -1;
    if (step->expect)
        return virTestCompareStrings(step->expect, actual);
    return 0;
}

static int
mymain(void)
{
    g_autofree char *tmp = NULL;
    g_autoptr(GError) gerr = NULL;
    int ret = 0;
    size_t i;

    if (!(tmp = g_dir_make_tmp("qemudriverstoragetest-XXXXXX", &gerr))) {
        printf("cannot create a temporary dir: %s\n", gerr->message);
        return -1;
    }
    g_setenv("XDG_CONFIG_HOME", tmp, TRUE);
    g_setenv("XDG_RUNTIME_DIR", tmp, TRUE);
    g_setenv("XDG_CACHE_HOME", tmp, TRUE);

    if (!(driver = virQEMUDriverOpen(VIR_QEMU_URI_SESSION))) {
        printf("cannot open the driver: %s\n", virGetLastErrorMessage());
        ret = -1;
    }

    for (i = 0; driver && i < G_N_ELEMENTS(steps); i++) {
        if (virTestRun(steps[i].title, testStepOne, &steps[i]) < 0)
            ret = -1;
    }

    virQEMUDriverClose(driver);
    virTestRemoveTree(tmp);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
