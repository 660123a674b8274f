/*
 * virbridgeacltest.c: qemu-bridge-helper ACL reading, the helper's answers,
 * and the generated polkit rules
 *
 * Each case writes a small tree of ACL files into a temporary directory
 * (modes and groups as given), loads it, and checks the answers for a few
 * callers: the file owner, a member of the file's group, and anybody else.
 */
#include "testutils.h"
#include "virbridgeacl.h"
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEST_GROUP 65534    /* nogroup on Debian */
#define TEST_OTHER_UID 54321

typedef struct {
    const char *name;       /* relative to the case dir; "@" = case dir */
    const char *content;
    mode_t mode;
    bool groupOwned;        /* chgrp to TEST_GROUP (needs root) */
} testACLFile;

typedef enum {
    CALLER_OWNER,   /* the uid that owns the files */
    CALLER_MEMBER,  /* another uid, member of TEST_GROUP */
    CALLER_OTHER,   /* another uid, no groups */
} testCaller;

typedef struct {
    testCaller caller;
    const char *bridge;
    bool allowed;
} testACLCheck;

typedef struct {
    const char *title;
    testACLFile files[4];
    testACLCheck checks[8];
    const char *error;      /* substring of the expected load error */
    unsigned int nnotes;
    unsigned int nproblems;
    const char *golden;     /* tests/virbridgeacldata/NAME.rules, or NULL */
} testACLCase;

static char *testTop;

static int
testACLWriteFiles(const testACLCase *c, const char *dir, bool *needRoot)
{
    size_t i;

    *needRoot = false;
    for (i = 0; i < G_N_ELEMENTS(c->files) && c->files[i].name; i++) {
        const testACLFile *f = &c->files[i];
        g_autofree char *path = g_build_filename(dir, f->name, NULL);
        g_autofree char *content = NULL;
        g_auto(GStrv) parts = NULL;

        /* "@" in content stands for the case directory */
        parts = g_strsplit(f->content, "@", -1);
        content = g_strjoinv(dir, parts);
        if (virFileRewriteStr(path, f->mode, content) < 0)
            return -1;
        if (f->groupOwned && chown(path, (uid_t)-1, TEST_GROUP) < 0)
            *needRoot = true;
    }
    return 0;
}

static bool
testACLAsk(const virBridgeACL *acl, testCaller caller, const char *bridge)
{
    gid_t member[] = { 100, TEST_GROUP };
    gid_t none[] = { 100 };

    switch (caller) {
    case CALLER_OWNER:
        return virBridgeACLCheck(acl, getuid() ? getuid() : 1, none, 1, bridge);
    case CALLER_MEMBER:
        return virBridgeACLCheck(acl, TEST_OTHER_UID, member, 2, bridge);
    case CALLER_OTHER:
        return virBridgeACLCheck(acl, TEST_OTHER_UID, none, 1, bridge);
    }
    return false;
}

static int
testACLOne(const void *opaque)
{
    const testACLCase *c = opaque;
    g_autofree char *dir = g_build_filename(testTop, c->title, NULL);
    g_autofree char *top = NULL;
    g_autoptr(virBridgeACL) acl = NULL;
    bool needRoot;
    size_t i;

    if (virFileMakePath(dir, 0755) < 0 || testACLWriteFiles(c, dir, &needRoot) < 0)
        return -1;
    if (needRoot) {
        printf("     (skipped: changing a file's group needs root)\n");
        return 0;
    }
    top = g_build_filename(dir, c->files[0].name, NULL);

    /* The owner checks use the real owner uid; when the suite runs as
     * root, files are owned by root, who reads everything: pretend the
     * files belong to uid 1 by using owner = 1 in the ACL. */
    acl = virBridgeACLLoad(top);
    if (c->error) {
        if (acl) {
            printf("     expected error containing '%s', got success\n", c->error);
            return -1;
        }
        if (!strstr(virGetLastErrorMessage(), c->error)) {
            printf("     expected error containing '%s', got '%s'\n",
                   c->error, virGetLastErrorMessage());
            return -1;
        }
        return 0;
    }
    if (!acl)
        return -1;

    if (getuid() == 0) {
        for (i = 0; i < acl->files->len; i++)
            ((virBridgeACLFile *)g_ptr_array_index(acl->files, i))->owner = 1;
    }

    if (acl->notes->len != c->nnotes || acl->problems->len != c->nproblems) {
        printf("     expected %u notes and %u problems, got %u and %u\n",
               c->nnotes, c->nproblems, acl->notes->len, acl->problems->len);
        return -1;
    }

    for (i = 0; i < G_N_ELEMENTS(c->checks) && c->checks[i].bridge; i++) {
        const testACLCheck *chk = &c->checks[i];

        if (testACLAsk(acl, chk->caller, chk->bridge) != chk->allowed) {
            printf("     caller %d on '%s': expected %s\n", chk->caller, chk->bridge,
                   chk->allowed ? "allowed" : "denied");
            return -1;
        }
    }

    if (c->golden) {
        g_autofree char *rules = NULL;
        g_autofree char *path = g_strdup_printf("%s/virbridgeacldata/%s.rules",
                                                virTestSrcDir(), c->golden);
        g_auto(GStrv) parts = NULL;
        g_autofree char *normalized = NULL;

        if (getuid() != 0) {
            printf("     (golden skipped: file owners differ when not root)\n");
            virTestMarkUsed(path);
            return 0;
        }
        /* owner uid 1 is "daemon" on Debian */
        if (!(rules = virBridgeACLFormatPolkit(acl)))
            return -1;
        parts = g_strsplit(rules, dir, -1);
        normalized = g_strjoinv("@DIR@", parts);
        return virTestCompareToFile(normalized, path);
    }
    if (c->nproblems > 0 && virBridgeACLFormatPolkit(acl) != NULL)
        return -1;
    return 0;
}

static const testACLCase cases[] = {
    { .title = "allow-one",
      .files = { { "bridge.conf", "allow br0\n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", true }, { CALLER_OTHER, "br1", false },
                  { CALLER_OWNER, "br0", true } },
      .golden = "allow-one" },
    { .title = "allow-all-deny-one",
      .files = { { "bridge.conf", "# all but br1\nallow all\n\tdeny   br1  \n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", true }, { CALLER_OTHER, "br1", false },
                  { CALLER_OTHER, "virbr0", true } },
      .golden = "allow-all-deny-one" },
    { .title = "deny-wins-regardless-of-order",
      .files = { { "bridge.conf", "deny br0\nallow br0\nallow br1\n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", false }, { CALLER_OTHER, "br1", true } } },
    { .title = "deny-all",
      .files = { { "bridge.conf", "allow all\ndeny all\n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", false } } },
    { .title = "empty-denies",
      .files = { { "bridge.conf", "\n# nothing\n   \n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", false } } },
    { .title = "group-include",
      .files = { { "bridge.conf", "allow br0\ninclude @/vmusers.conf\n", 0644, false },
                 { "vmusers.conf", "allow br1\n", 0640, true } },
      .checks = { { CALLER_MEMBER, "br1", true }, { CALLER_OTHER, "br1", false },
                  { CALLER_OTHER, "br0", true }, { CALLER_OWNER, "br1", true },
                  { CALLER_MEMBER, "br0", true } },
      .golden = "group-include" },
    { .title = "group-deny-include",
      .files = { { "bridge.conf", "allow all\ninclude @/restricted.conf\n", 0644, false },
                 { "restricted.conf", "deny br0\n", 0640, true } },
      .checks = { { CALLER_MEMBER, "br0", false }, { CALLER_OTHER, "br0", true } } },
    { .title = "nested-include-needs-every-file",
      .files = { { "bridge.conf", "include @/a.conf\n", 0644, false },
                 { "a.conf", "include @/b.conf\n", 0600, false },
                 { "b.conf", "allow br0\n", 0644, false } },
      .checks = { { CALLER_OWNER, "br0", true }, { CALLER_OTHER, "br0", false } } },
    { .title = "top-file-unreadable-denies-all",
      .files = { { "bridge.conf", "allow all\n", 0640, true } },
      .checks = { { CALLER_MEMBER, "br0", true }, { CALLER_OTHER, "br0", false } } },
    { .title = "group-excluded-from-other-bits",
      .files = { { "bridge.conf", "allow all\n", 0604, true } },
      .checks = { { CALLER_MEMBER, "br0", false }, { CALLER_OTHER, "br0", true },
                  { CALLER_OWNER, "br0", true } } },
    { .title = "missing-include-skipped",
      .files = { { "bridge.conf", "include @/absent.conf\nallow br0\n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", true } },
      .nnotes = 1 },
    { .title = "trailing-comment-never-matches",
      .files = { { "bridge.conf", "allow br0 # lab\nallow br1\n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", false }, { CALLER_OTHER, "br1", true } },
      .nnotes = 1 },
    { .title = "relative-include-inexpressible",
      .files = { { "bridge.conf", "include other.conf\nallow br0\n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", true } },
      .nproblems = 1 },
    { .title = "overlong-name",
      .files = { { "bridge.conf", "allow br0123456789abcdef\n", 0644, false } },
      .error = "longer than 15 bytes" },
    { .title = "overlong-name-in-include",
      .files = { { "bridge.conf", "include @/x.conf\n", 0644, false },
                 { "x.conf", "deny abcdefghijklmnop\n", 0644, false } },
      .error = "x.conf:1: bridge name" },
    { .title = "include-loop",
      .files = { { "bridge.conf", "include @/a.conf\n", 0644, false },
                 { "a.conf", "include @/bridge.conf\n", 0644, false } },
      .error = "include loop" },
    { .title = "self-include",
      .files = { { "bridge.conf", "allow br0\ninclude @/bridge.conf\n", 0644, false } },
      .error = "include loop" },
    { .title = "unknown-command",
      .files = { { "bridge.conf", "permit br0\n", 0644, false } },
      .error = "bridge.conf:1: unknown command 'permit'" },
    { .title = "missing-argument",
      .files = { { "bridge.conf", "allow br0\nallow\n", 0644, false } },
      .error = "bridge.conf:2: expected" },
};

static int
mymain(void)
{
    g_autofree char *data = g_strdup_printf("%s/virbridgeacldata", virTestSrcDir());
    static const char * const suffixes[] = { ".rules", NULL };
    g_autofree char *cmd = NULL;
    size_t i;
    int ret = 0;

    testTop = g_dir_make_tmp("virbridgeacltest-XXXXXX", NULL);
    chmod(testTop, 0755);
    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        ret |= virTestRun(cases[i].title, testACLOne, &cases[i]);
    ret |= virTestCheckUnused(data, suffixes);

    cmd = g_strdup_printf("rm -rf '%s'", testTop);
    (void)!system(cmd);
    g_free(testTop);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
