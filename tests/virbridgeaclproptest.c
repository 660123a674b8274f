/*
 * virbridgeaclproptest.c: property test of libvirt-networkd-import-acl's
 * reader and generator
 *
 *   virbridgeaclproptest [--seed N] [--cases N] [--users U1,U2,...]
 *                        [--emit DIR] [--emit-max N]
 *
 * Generates ACL trees (seeded): hand-picked nasty inputs first, then
 * random ones, from lines built of commands, blanks, names, includes of
 * the other files of the tree (missing, relative or looping ones too),
 * control characters, NULs, CRs, non-ASCII bytes, overlong lines, and
 * raw byte soup.  Each tree either is refused by the importer, or its
 * answers for every caller x bridge equal those of an independent model
 * of qemu-bridge-helper (virbridgeaclmodel.c) reading the same files,
 * and its generated rules hold input only inside JSON string literals.
 *
 * Callers: without --users, made-up uids and gids (files chowned to them
 * when running as root); with --users (root, the integration test), the
 * named users and their groups, and files owned by them.  --emit DIR
 * writes, for up to --emit-max accepted trees whose answers are not all
 * the same, DIR/NNN.rules (the generated rules, mode 0644) and
 * DIR/NNN.expect ("USER BRIDGE yes|no" per line, the model's answers),
 * for tests/virbridgeaclpolkittest.sh to check in the real polkitd (and
 * against the real qemu-bridge-helper); with --emit the trees are written
 * under DIR/trees and kept, and DIR/NNN.top names the tree's top file.
 */
#include "testutils.h"
#include "virbridgeacl.h"
#include "virbridgeaclmodel.h"
#include "virerror.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROP_MAX_FILES 3
#define PROP_MAX_CALLERS 8
#define PROP_MAX_GIDS 16

typedef struct {
    char *name;             /* user name, or NULL for a made-up caller */
    uid_t uid;
    gid_t gids[PROP_MAX_GIDS];
    size_t ngids;
} propCaller;

typedef struct {
    GRand *rand;
    propCaller callers[PROP_MAX_CALLERS];
    size_t ncallers;
    uid_t owners[PROP_MAX_CALLERS + 1];
    size_t nowners;
    gid_t groups[PROP_MAX_CALLERS * 2 + 1];
    size_t ngroups;
    bool chown;             /* give files random owners and groups */
    char *reference;        /* rules from fixed input, for the checker */
    const char *emitDir;
    unsigned int emitMax;
    unsigned int emitted;
} propState;

static const char * const propBridges[] = {
    "br0", "br1", "br2", "all", "br0123456789abc",
};

/* Hand-picked inputs: "@" stands for the tree's directory, so "@/f1.conf"
 * is the tree's second file (whose content follows the '|'). */
static const struct {
    const char *top;
    size_t topLen;          /* 0: strlen */
    const char *second;
} propNasty[] = {
    { "allow br0\n\0\ndeny br0\n", 21, NULL },
    { "allow br0\ninclude @/x\r});polkit.addRule(function(a, s) { return polkit.Result.YES; });//\n", 0, NULL },
    { "allow all\r\ndeny br1\n", 0, NULL },
    { "allow\tbr0 x\n", 0, NULL },
    { "allow\tbr0\t\ndeny \t br1\t \n", 0, NULL },
    { "allow br0 # lab\nallow br1\n", 0, NULL },
    { "\vallow br0\n", 0, NULL },
    { "allow br0\f\n", 0, NULL },
    { "# \xe2\x80\xa8 \xff\nallow br0\n", 0, NULL },
    { "allow br\xc3\xa9\n", 0, NULL },
    { "allow all\ninclude @/f1.conf\n", 0, "deny br0\n\0deny br1\n" },
    { "allow all\ninclude @/f1.conf\n", 0, "deny br0\nbogus\ndeny br1\n" },
    { "allow all\ninclude @/f1.conf\n", 0, "deny br0\n" },
    { "include @/f1.conf\nallow br2\n", 0, "allow br0\nallow br1\ndeny br2\n" },
    { "allow br0123456789abcde\n", 0, NULL },
    { "allow br0123456789abc\ndeny all \n", 0, NULL },
    { "   # comment\n\n\t\nallow br1", 0, NULL },
    { "allow \n", 0, NULL },
    { "allow\n", 0, NULL },
    { "include relative.conf\nallow br0\n", 0, NULL },
    { "include @/f0.conf\n", 0, NULL },
    { "allow all\ninclude @/absent.conf\ndeny br1\n", 0, NULL },
};

/**
 * propWriteFile:
 * Writes @len bytes to @path with @mode, owner and group picked at random
 * when st->chown.  Returns 0 or -1.
 */
static int
propWriteFile(propState *st, const char *path, const char *data, size_t len,
              mode_t mode)
{
    g_autoptr(GError) err = NULL;

    if (!g_file_set_contents_full(path, data, len, G_FILE_SET_CONTENTS_NONE, mode, &err) ||
        chmod(path, mode) < 0) {
        fprintf(stderr, "cannot write %s: %s\n", path, err ? err->message : g_strerror(errno));
        return -1;
    }
    if (st->chown &&
        chown(path, st->owners[g_rand_int_range(st->rand, 0, (gint32)st->nowners)],
              st->groups[g_rand_int_range(st->rand, 0, (gint32)st->ngroups)]) < 0) {
        fprintf(stderr, "cannot chown %s: %s\n", path, g_strerror(errno));
        return -1;
    }
    return 0;
}

/**
 * propPick:
 * A random element of the NULL-free array @items of @n strings.
 */
static const char *
propPick(propState *st, const char * const *items, size_t n)
{
    return items[g_rand_int_range(st->rand, 0, (gint32)n)];
}

/**
 * propLine:
 * Appends one random line (without its '\n') of tree @dir with @nfiles
 * files to @buf.
 */
static void
propLine(propState *st, GString *buf, const char *dir, size_t nfiles)
{
    static const char * const blanks[] = { "", "", " ", "\t", "  ", " \t" };
    static const char * const cmds[] = {
        "allow", "allow", "allow", "deny", "deny", "include", "include",
        "Allow", "permit", "#allow",
    };
    static const char * const args[] = {
        "br0", "br1", "br2", "all", "all", "br0 # lab", "", "ALL",
        "br0123456789abc", "br0123456789abcd", "a..b", "br:0", "all br0",
    };
    static const char * const nasty[] = {
        "\0", "\r", "\v", "\f", "\x7f", "\x01", "\xff", "\xc3\xa9",
        "\xe2\x80\xa8", "\"", "\\", "});", "#", " ", "\t", "'", "*/",
    };
    g_autoptr(GString) line = g_string_new(NULL);
    const char *cmd = propPick(st, cmds, G_N_ELEMENTS(cmds));
    guint32 kind = g_rand_int_range(st->rand, 0, 100);

    g_string_append(line, propPick(st, blanks, G_N_ELEMENTS(blanks)));
    if (kind < 10) {
        g_string_append(line, "# a comment");
    } else {
        g_string_append(line, cmd);
        g_string_append(line, propPick(st, blanks + 2, G_N_ELEMENTS(blanks) - 2));
        if (strcmp(cmd, "include") == 0) {
            guint32 which = g_rand_int_range(st->rand, 0, 10);

            if (which < 7)
                g_string_append_printf(line, "%s/f%u.conf", dir,
                                       (unsigned int)g_rand_int_range(st->rand, 0, (gint32)nfiles));
            else if (which < 8)
                g_string_append_printf(line, "%s/absent.conf", dir);
            else if (which < 9)
                g_string_append(line, "f1.conf");
            else
                g_string_append_printf(line, "%s/f9.conf", dir);
        } else {
            g_string_append(line, propPick(st, args, G_N_ELEMENTS(args)));
        }
        g_string_append(line, propPick(st, blanks, G_N_ELEMENTS(blanks)));
    }
    if (g_rand_int_range(st->rand, 0, 100) < 12) {
        /* a nasty byte anywhere, NUL included */
        const char *n = propPick(st, nasty, G_N_ELEMENTS(nasty));
        size_t nlen = *n ? strlen(n) : 1;

        g_string_insert_len(line, g_rand_int_range(st->rand, 0, (gint32)line->len + 1), n, nlen);
    }
    if (g_rand_int_range(st->rand, 0, 100) < 2) {
        /* about the helper's 4095-byte fgets() buffer */
        size_t want = 4090 + g_rand_int_range(st->rand, 0, 12);

        g_string_prepend(line, "#");
        while (line->len < want)
            g_string_insert_c(line, 1, 'x');
    }
    g_string_append_len(buf, line->str, line->len);
}

/**
 * propContent:
 * Random content for one file of a tree in @dir with @nfiles files.
 */
static GString *
propContent(propState *st, const char *dir, size_t nfiles)
{
    GString *buf = g_string_new(NULL);
    size_t nlines = g_rand_int_range(st->rand, 0, 7);
    size_t i;

    if (g_rand_int_range(st->rand, 0, 100) < 10) {
        /* byte soup from the grammar's pieces */
        static const char * const soup[] = {
            "allow", "deny", "include", "all", "br0", "br1", " ", "\t", "\n",
            "\n", "#", "\r", "\v", "\xff", "/", "@",
        };
        size_t n = g_rand_int_range(st->rand, 1, 40);

        for (i = 0; i < n; i++) {
            const char *piece = propPick(st, soup, G_N_ELEMENTS(soup));

            if (strcmp(piece, "@") == 0)
                g_string_append_printf(buf, "%s/f1.conf", dir);
            else
                g_string_append(buf, piece);
            if (g_rand_int_range(st->rand, 0, 30) == 0)
                g_string_append_c(buf, (char)g_rand_int_range(st->rand, 0, 256));
        }
        return buf;
    }
    for (i = 0; i < nlines; i++) {
        propLine(st, buf, dir, nfiles);
        if (i + 1 < nlines || g_rand_boolean(st->rand))
            g_string_append_c(buf, '\n');
    }
    return buf;
}

/**
 * propEmit:
 * Writes the top file's path @top, the rules and the model's answers of
 * tree @idx (see the top comment), if its answers in @answers are
 * mixed.  Returns 0 or -1.
 */
static int
propEmit(propState *st, unsigned int idx, const char *top, const char *rules,
         GString *answers, bool mixed)
{
    g_autofree char *rulesPath = NULL;
    g_autofree char *expectPath = NULL;
    g_autofree char *topPath = NULL;
    g_autoptr(GError) err = NULL;

    if (!st->emitDir || !mixed || st->emitted >= st->emitMax)
        return 0;
    rulesPath = g_strdup_printf("%s/%03u.rules", st->emitDir, idx);
    expectPath = g_strdup_printf("%s/%03u.expect", st->emitDir, idx);
    topPath = g_strdup_printf("%s/%03u.top", st->emitDir, idx);
    if (!g_file_set_contents_full(topPath, top, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                  0644, &err) ||
        !g_file_set_contents_full(rulesPath, rules, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                  0644, &err) ||
        !g_file_set_contents_full(expectPath, answers->str, answers->len,
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0644, &err)) {
        fprintf(stderr, "cannot emit tree %u: %s\n", idx, err->message);
        return -1;
    }
    st->emitted++;
    return 0;
}

/**
 * propCheckTree:
 * Loads the tree whose top file is @top and checks the property.
 * Returns 1 when the importer refused it, 0 when it was accepted and
 * agrees with the model, -1 on a violation (printed).
 */
static int
propCheckTree(propState *st, unsigned int idx, const char *top)
{
    g_autoptr(virBridgeACL) acl = virBridgeACLLoad(top);
    g_autoptr(GString) answers = g_string_new(NULL);
    g_autofree char *rules = NULL;
    g_autofree char *why = NULL;
    bool sawYes = false;
    bool sawNo = false;
    size_t c;
    size_t b;

    if (!acl || acl->problems->len > 0) {
        virResetLastError();
        return 1;
    }
    for (c = 0; c < st->ncallers; c++) {
        const propCaller *caller = &st->callers[c];
        virBridgeACLModelCaller mc = { caller->uid, caller->gids, caller->ngids };

        for (b = 0; b < G_N_ELEMENTS(propBridges); b++) {
            bool got = virBridgeACLCheck(acl, caller->uid, caller->gids, caller->ngids,
                                         propBridges[b]);
            bool want = virBridgeACLModelDecide(virBridgeACLModelReadDisk, &mc, top,
                                                propBridges[b]);

            if (got != want) {
                printf("not ok - tree %u (%s): uid %u on %s: importer %s, helper model %s\n",
                       idx, top, (unsigned int)caller->uid, propBridges[b],
                       got ? "allows" : "denies", want ? "allows" : "denies");
                return -1;
            }
            if (caller->name)
                g_string_append_printf(answers, "%s %s %s\n", caller->name, propBridges[b],
                                       want ? "yes" : "no");
            sawYes |= want;
            sawNo |= !want;
        }
    }

    if (!(rules = virBridgeACLFormatPolkit(acl))) {
        /* made-up owners have no names; anything else is a failure */
        if (!st->emitDir && strstr(virGetLastErrorMessage(), "has no name")) {
            virResetLastError();
            return 0;
        }
        printf("not ok - tree %u (%s): accepted but no rules: %s\n",
               idx, top, virGetLastErrorMessage());
        return -1;
    }
    if ((why = virBridgeACLModelCheckRules(rules, st->reference))) {
        printf("not ok - tree %u (%s): input outside string literals: %s\n", idx, top, why);
        return -1;
    }
    return propEmit(st, idx, top, rules, answers, sawYes && sawNo);
}

/**
 * propMakeTree:
 * Writes tree @idx into @base/NNN (hand-picked first, then random) and
 * returns the path of its top file (caller frees), or NULL.
 */
static char *
propMakeTree(propState *st, const char *base, unsigned int idx)
{
    static const mode_t modes[] = { 0644, 0644, 0644, 0640, 0604, 0600, 0440, 0404, 0044, 0004 };
    g_autofree char *dir = g_strdup_printf("%s/%03u", base, idx);
    g_autofree char *top = g_strdup_printf("%s/f0.conf", dir);
    size_t nfiles = g_rand_int_range(st->rand, 1, PROP_MAX_FILES + 1);
    size_t i;

    if (g_mkdir_with_parents(dir, 0755) < 0 || chmod(dir, 0755) < 0)
        return NULL;
    if (idx < G_N_ELEMENTS(propNasty)) {
        const char *texts[2] = { propNasty[idx].top, propNasty[idx].second };
        size_t f;

        for (f = 0; f < 2 && texts[f]; f++) {
            g_autofree char *path = g_strdup_printf("%s/f%zu.conf", dir, f);
            g_autoptr(GString) buf = g_string_new(NULL);
            size_t len = f == 0 && propNasty[idx].topLen ? propNasty[idx].topLen : strlen(texts[f]);

            for (i = 0; i < len; i++) {
                if (texts[f][i] == '@')
                    g_string_append(buf, dir);
                else
                    g_string_append_c(buf, texts[f][i]);
            }
            if (propWriteFile(st, path, buf->str, buf->len,
                              f == 0 ? 0644 : modes[g_rand_int_range(st->rand, 0, G_N_ELEMENTS(modes))]) < 0)
                return NULL;
        }
        return g_steal_pointer(&top);
    }
    for (i = 0; i < nfiles; i++) {
        g_autofree char *path = g_strdup_printf("%s/f%zu.conf", dir, i);
        g_autoptr(GString) buf = propContent(st, dir, nfiles);
        mode_t mode = modes[g_rand_int_range(st->rand, 0, G_N_ELEMENTS(modes))];

        if (propWriteFile(st, path, buf->str, buf->len, mode) < 0)
            return NULL;
    }
    return g_steal_pointer(&top);
}

/**
 * propAddCaller:
 * Adds a caller; a named one gets its uid and groups from the databases.
 * Returns 0 or -1.
 */
static int
propAddCaller(propState *st, const char *name, uid_t uid, const gid_t *gids, size_t ngids)
{
    propCaller *c = &st->callers[st->ncallers];

    if (st->ncallers >= PROP_MAX_CALLERS)
        return -1;
    if (name) {
        struct passwd *pw = getpwnam(name);
        int n = PROP_MAX_GIDS;

        if (!pw) {
            fprintf(stderr, "no user '%s'\n", name);
            return -1;
        }
        c->name = g_strdup(name);
        c->uid = pw->pw_uid;
        if (getgrouplist(name, pw->pw_gid, c->gids, &n) < 0)
            return -1;
        c->ngids = n;
    } else {
        c->uid = uid;
        memcpy(c->gids, gids, ngids * sizeof(gid_t));
        c->ngids = ngids;
    }
    st->ncallers++;
    return 0;
}

/**
 * propSetupCallers:
 * Callers and the owners and groups files get.  Returns 0 or -1.
 */
static int
propSetupCallers(propState *st, const char *users)
{
    size_t i;

    if (users) {
        g_auto(GStrv) names = g_strsplit(users, ",", -1);

        for (i = 0; names[i]; i++) {
            if (propAddCaller(st, names[i], 0, NULL, 0) < 0)
                return -1;
        }
        st->chown = true;
    } else if (getuid() == 0) {
        static const gid_t g1[] = { 61010 }, g2[] = { 61011 }, g3[] = { 61010, 61011 }, g4[] = { 61012 };

        propAddCaller(st, NULL, 61001, g1, 1);
        propAddCaller(st, NULL, 61002, g2, 1);
        propAddCaller(st, NULL, 61003, g3, 2);
        propAddCaller(st, NULL, 61004, g4, 1);
        st->chown = true;
    } else {
        gid_t mine[] = { getgid() };
        gid_t other[] = { getgid() + 1 };

        propAddCaller(st, NULL, getuid(), mine, 1);
        propAddCaller(st, NULL, getuid() + 1, mine, 1);
        propAddCaller(st, NULL, getuid() + 2, other, 1);
    }
    /* owners: every caller and root; groups: every caller's, and root */
    st->owners[st->nowners++] = 0;
    st->groups[st->ngroups++] = 0;
    for (i = 0; i < st->ncallers; i++) {
        size_t g;

        st->owners[st->nowners++] = st->callers[i].uid;
        for (g = 0; g < st->callers[i].ngids && st->ngroups < G_N_ELEMENTS(st->groups); g++)
            st->groups[st->ngroups++] = st->callers[i].gids[g];
    }
    return 0;
}

int
main(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(virBridgeACL) ref = NULL;
    g_autofree char *base = NULL;
    g_autofree char *users = NULL;
    g_autofree char *emitDir = NULL;
    g_autofree char *rm = NULL;
    static const char refData[] = "allow all\ndeny br0\nallow br1\ndeny all\n";
    gint64 seed = 20261205;
    gint cases = 400;
    gint emitMax = 12;
    propState st = { 0 };
    unsigned int refused = 0;
    unsigned int accepted = 0;
    unsigned int idx;
    int ret = EXIT_SUCCESS;
    GOptionEntry entries[] = {
        { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "random seed", "N" },
        { "cases", 0, 0, G_OPTION_ARG_INT, &cases, "number of trees", "N" },
        { "users", 0, 0, G_OPTION_ARG_STRING, &users, "callers: existing users", "U1,U2" },
        { "emit", 0, 0, G_OPTION_ARG_FILENAME, &emitDir, "write rules and answers here", "DIR" },
        { "emit-max", 0, 0, G_OPTION_ARG_INT, &emitMax, "at most N trees emitted", "N" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "%s\n", err->message);
        return EXIT_FAILURE;
    }
    st.rand = g_rand_new_with_seed((guint32)seed);
    st.emitDir = emitDir;
    st.emitMax = emitMax;
    if (propSetupCallers(&st, users) < 0)
        return EXIT_FAILURE;
    /* the reference for the rules checker: fixed input, two files */
    if (!(ref = virBridgeACLParse("/reference", refData, strlen(refData), 0, 0, 0644)) ||
        !(st.reference = virBridgeACLFormatPolkit(ref))) {
        virErrorPrint(NULL);
        return EXIT_FAILURE;
    }
    {
        /* a second file line, as an include adds one */
        virBridgeACLFile *second = g_new0(virBridgeACLFile, 1);
        g_autofree char *twoFiles = NULL;

        second->path = g_strdup("/reference2");
        second->parent = 0;
        g_ptr_array_add(ref->files, second);
        twoFiles = virBridgeACLFormatPolkit(ref);
        g_free(st.reference);
        st.reference = g_steal_pointer(&twoFiles);
    }

    if (emitDir) {
        base = g_strdup_printf("%s/trees", emitDir);
        if (g_mkdir_with_parents(base, 0755) < 0)
            g_clear_pointer(&base, g_free);
    } else {
        base = g_dir_make_tmp("virbridgeaclprop-XXXXXX", &err);
    }
    if (!base || chmod(base, 0755) < 0) {
        fprintf(stderr, "cannot make a directory: %s\n", err ? err->message : g_strerror(errno));
        return EXIT_FAILURE;
    }
    printf("# seed %" G_GINT64_FORMAT ", %d trees, %zu callers x %zu bridges\n",
           seed, cases, st.ncallers, G_N_ELEMENTS(propBridges));
    for (idx = 0; idx < (unsigned int)cases; idx++) {
        g_autofree char *top = propMakeTree(&st, base, idx);
        int rc;

        if (!top) {
            ret = EXIT_FAILURE;
            break;
        }
        if ((rc = propCheckTree(&st, idx, top)) < 0) {
            ret = EXIT_FAILURE;
            continue;
        }
        if (rc == 1)
            refused++;
        else
            accepted++;
    }
    printf("# %u refused, %u accepted and equal to the model, %u emitted\n",
           refused, accepted, st.emitted);
    /* a generator that only makes refused (or only accepted) trees
     * would prove nothing */
    if (cases >= 100 && (accepted < (unsigned int)cases / 5 || refused < (unsigned int)cases / 5)) {
        printf("not ok - the generator is lopsided\n");
        ret = EXIT_FAILURE;
    }
    if (ret == EXIT_SUCCESS)
        printf("ok - every tree refused or equal to qemu-bridge-helper's model\n");

    if (!emitDir) {
        virTestRemoveTree(base);
    }
    for (idx = 0; idx < st.ncallers; idx++)
        g_free(st.callers[idx].name);
    g_free(st.reference);
    g_rand_free(st.rand);
    return ret;
}
