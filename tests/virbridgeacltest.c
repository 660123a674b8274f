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
#include "virbridgeaclmodel.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
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
    size_t len;             /* bytes of content (it may hold NULs); 0: strlen */
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
static char *testReference;   /* rules generated from fixed input */

/**
 * testACLCheckRules:
 * Formats @acl and checks that input reaches the rules only inside JSON
 * string literals.  Skipped (0) when a file owner has no name.
 * Returns 0 or -1.
 */
static int
testACLCheckRules(const virBridgeACL *acl)
{
    g_autofree char *rules = virBridgeACLFormatPolkit(acl);
    g_autofree char *why = NULL;

    if (!rules) {
        if (strstr(virGetLastErrorMessage(), "has no name"))
            return 0;
        printf("     cannot format rules: %s\n", virGetLastErrorMessage());
        return -1;
    }
    if ((why = virBridgeACLModelCheckRules(rules, testReference))) {
        printf("     input escaped from the rules' string literals: %s\n%s\n", why, rules);
        return -1;
    }
    return 0;
}

static int
testACLWriteFiles(const testACLCase *c, const char *dir, bool *needRoot)
{
    size_t i;

    *needRoot = false;
    for (i = 0; i < G_N_ELEMENTS(c->files) && c->files[i].name; i++) {
        const testACLFile *f = &c->files[i];
        g_autofree char *path = g_build_filename(dir, f->name, NULL);
        g_autofree char *parent = g_path_get_dirname(path);
        g_autoptr(GByteArray) content = g_byte_array_new();
        g_autoptr(GError) err = NULL;
        size_t len = f->len ? f->len : strlen(f->content);
        size_t j;

        /* "@" in content stands for the case directory */
        for (j = 0; j < len; j++) {
            if (f->content[j] == '@')
                g_byte_array_append(content, (const guint8 *)dir, strlen(dir));
            else
                g_byte_array_append(content, (const guint8 *)&f->content[j], 1);
        }
        if (g_mkdir_with_parents(parent, 0755) < 0 ||
            !g_file_set_contents_full(path, (const char *)content->data, content->len,
                                      G_FILE_SET_CONTENTS_NONE, f->mode, &err) ||
            chmod(path, f->mode) < 0) {
            printf("     cannot write %s: %s\n", path, err ? err->message : g_strerror(errno));
            return -1;
        }
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

    if (c->nproblems == 0 && testACLCheckRules(acl) < 0)
        return -1;

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

    /* Bytes on which the helper, this parser or JavaScript could disagree */
    { .title = "nul-line-hides-a-deny",
      /* read up to the NUL, this was "allow br0"; the helper denies br0 */
      .files = { { "bridge.conf", "allow br0\n\0\ndeny br0\n", 0644, false, 21 } },
      .error = "bridge.conf:2: NUL byte at column 1" },
    { .title = "nul-inside-a-line",
      .files = { { "bridge.conf", "allow br0\0 junk\nallow br1\n", 0644, false, 26 } },
      .error = "bridge.conf:1: NUL byte at column 10" },
    { .title = "nul-in-a-comment",
      .files = { { "bridge.conf", "# a\0b\nallow br0\n", 0644, false, 16 } },
      .error = "bridge.conf:1: NUL byte" },
    { .title = "nul-in-an-include",
      .files = { { "bridge.conf", "allow br0\ninclude @/x.conf\n", 0644, false },
                 { "x.conf", "deny br1\n\0deny br0\n", 0644, false, 19 } },
      .error = "x.conf:2: NUL byte" },
    { .title = "cr-include-injection",
      /* a CR ended the // comment the path was copied into */
      .files = { { "bridge.conf",
                   "allow br0\ninclude @/x\r});polkit.addRule(function(a, s) { return polkit.Result.YES; });//\n",
                   0644, false } },
      .error = "bridge.conf:2: carriage return at column" },
    { .title = "crlf-line-ends",
      .files = { { "bridge.conf", "allow br0\r\n", 0644, false } },
      .error = "bridge.conf:1: carriage return at column 10" },
    { .title = "vertical-tab",
      .files = { { "bridge.conf", "allow\vbr0\n", 0644, false } },
      .error = "bridge.conf:1: control character 0x0b" },
    { .title = "form-feed-blank",
      .files = { { "bridge.conf", "\fallow br0\n", 0644, false } },
      .error = "bridge.conf:1: control character 0x0c" },
    { .title = "del",
      .files = { { "bridge.conf", "allow br0\x7f\n", 0644, false } },
      .error = "bridge.conf:1: control character 0x7f" },
    { .title = "non-ascii-bridge",
      .files = { { "bridge.conf", "allow br\xc3\xa9\n", 0644, false } },
      .error = "bridge.conf:1: byte 0xc3 at column 9 outside a comment" },
    { .title = "non-ascii-include-path",
      .files = { { "bridge.conf", "include /etc/\xe2\x80\xa8\n", 0644, false } },
      .error = "bridge.conf:1: byte 0xe2" },
    { .title = "non-ascii-comment-accepted",
      .files = { { "bridge.conf", "# Gr\xc3\xbc\xc3\x9f\xe2\x80\xa8" "e \xff\nallow br0\n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", true }, { CALLER_OTHER, "br1", false } } },
    { .title = "split-at-space-before-tab",
      /* the helper splits at the space: command "allow<TAB>br0" */
      .files = { { "bridge.conf", "allow\tbr0 x\n", 0644, false } },
      .error = "bridge.conf:1: unknown command 'allow\tbr0'" },
    { .title = "tab-separator",
      .files = { { "bridge.conf", "allow\tbr0\t\ndeny\t\tbr1\t\n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", true }, { CALLER_OTHER, "br1", false } } },
    { .title = "quote-in-include-path",
      /* a printable path: accepted, and it reaches the rules as a string */
      .files = { { "bridge.conf",
                   "allow br0\ninclude @/q\"});polkit.addRule(function(a, s) { return polkit.Result.YES; });\\/x.conf\n",
                   0644, false },
                 { "q\"});polkit.addRule(function(a, s) { return polkit.Result.YES; });\\/x.conf",
                   "deny br0\n", 0644, false } },
      .checks = { { CALLER_OTHER, "br0", false }, { CALLER_OTHER, "br1", false } },
      .golden = "quote-in-include-path" },
};

/**
 * testACLLineLength:
 * A line of @len bytes (a comment, then "allow br0" on the next line)
 * is accepted up to 4095 bytes: the helper's fgets() buffer holds 4095
 * bytes, and a longer line would be read as two.
 */
static int
testACLLineLength(const void *opaque)
{
    size_t len = GPOINTER_TO_SIZE(opaque);
    g_autoptr(GString) buf = g_string_new("#");
    g_autoptr(virBridgeACL) acl = NULL;

    while (buf->len < len)
        g_string_append_c(buf, 'x');
    /* what the helper sees past the buffer: a rule of its own */
    if (len > 4095)
        g_string_overwrite(buf, 4095, "allow all");
    g_string_append(buf, "\nallow br0\n");
    acl = virBridgeACLParse("/test/bridge.conf", buf->str, buf->len, 0, 0, 0644);
    if (len <= 4095) {
        if (!acl || acl->rules->len != 1)
            return -1;
        return 0;
    }
    if (acl || !strstr(virGetLastErrorMessage(), "bridge.conf:1: line longer than 4095 bytes")) {
        printf("     a %zu-byte line was not refused\n", len);
        return -1;
    }
    return 0;
}

typedef struct {
    const char *in;
    const char *out;        /* NULL: refused */
} testJSONCase;

/**
 * testACLJSONString:
 * The one escaping function: JSON string literals of printable ASCII.
 */
static int
testACLJSONString(const void *opaque)
{
    const testJSONCase *c = opaque;
    g_autoptr(GString) buf = g_string_new("x");
    int rc = virBridgeACLAppendJSONString(buf, c->in);

    if (!c->out) {
        if (rc == 0 || strcmp(buf->str, "x") != 0) {
            printf("     expected a refusal, got %s\n", buf->str);
            return -1;
        }
        return 0;
    }
    if (rc < 0)
        return -1;
    return virTestCompareStrings(c->out, buf->str + 1);
}

static const testJSONCase jsonCases[] = {
    { "br0", "\"br0\"" },
    { "", "\"\"" },
    { "a\"b\\c/d", "\"a\\\"b\\\\c/d\"" },
    { "\n\r\t\x01\x1f\x7f", "\"\\u000a\\u000d\\u0009\\u0001\\u001f\\u007f\"" },
    { "\xe2\x80\xa8x\xe2\x80\xa9", "\"\\u2028x\\u2029\"" },
    { "\xc3\xa9", "\"\\u00e9\"" },
    { "\xf0\x9f\x98\x80", "\"\\ud83d\\ude00\"" },
    { "\"});polkit.addRule(function(){return polkit.Result.YES;});//",
      "\"\\\"});polkit.addRule(function(){return polkit.Result.YES;});//\"" },
    { "</script>", "\"</script>\"" },
    { "\xff", NULL },
    { "ab\xc3", NULL },
    { "\xc0\xaf", NULL },           /* overlong '/' */
    { "\xed\xa0\x80", NULL },       /* a surrogate */
};

/**
 * testACLNonUTF8Path:
 * A path that is not UTF-8 cannot become a JSON string: no rules.
 */
static int
testACLNonUTF8Path(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virBridgeACL) acl = virBridgeACLParse("/test/\xff.conf", "allow br0\n",
                                                    10, 0, 0, 0644);
    g_autofree char *rules = NULL;

    if (!acl)
        return -1;
    if ((rules = virBridgeACLFormatPolkit(acl))) {
        printf("     rules generated for a non-UTF-8 path\n");
        return -1;
    }
    return strstr(virGetLastErrorMessage(), "not valid UTF-8") ? 0 : -1;
}

static int
mymain(void)
{
    g_autofree char *data = g_strdup_printf("%s/virbridgeacldata", virTestSrcDir());
    static const char * const suffixes[] = { ".rules", NULL };
    size_t i;
    int ret = 0;

    g_autoptr(virBridgeACL) ref = NULL;
    static const char refData[] = "allow all\ndeny br0\nallow br1\ndeny all\n";

    if (!(ref = virBridgeACLParse("/reference", refData, strlen(refData), 0, 0, 0644)) ||
        !(testReference = virBridgeACLFormatPolkit(ref))) {
        virErrorPrint(NULL);
        return -1;
    }
    testTop = g_dir_make_tmp("virbridgeacltest-XXXXXX", NULL);
    chmod(testTop, 0755);
    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        ret |= virTestRun(cases[i].title, testACLOne, &cases[i]);
    ret |= virTestRun("line of 4094 bytes", testACLLineLength, GSIZE_TO_POINTER(4094));
    ret |= virTestRun("line of 4095 bytes", testACLLineLength, GSIZE_TO_POINTER(4095));
    ret |= virTestRun("line of 4096 bytes", testACLLineLength, GSIZE_TO_POINTER(4096));
    ret |= virTestRun("line of 9000 bytes", testACLLineLength, GSIZE_TO_POINTER(9000));
    for (i = 0; i < G_N_ELEMENTS(jsonCases); i++) {
        g_autofree char *esc = g_strescape(jsonCases[i].in, NULL);
        g_autofree char *title = g_strdup_printf("JSON string '%s'", esc);

        ret |= virTestRun(title, testACLJSONString, &jsonCases[i]);
    }
    ret |= virTestRun("non-UTF-8 path", testACLNonUTF8Path, NULL);
    ret |= virTestCheckUnused(data, suffixes);

    virTestRemoveTree(testTop);
    g_free(testTop);
    g_free(testReference);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
