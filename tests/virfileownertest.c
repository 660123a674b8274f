/*
 * virfileownertest.c: lending files and giving them back
 * (src/util/virfileowner.c)
 *
 * As root (chown and trusted.* attributes need it), in a temporary
 * directory, which must be on a filesystem with trusted attributes:
 *   * one lender: the file is lent, the record holds the old owner, the
 *     give-back restores it and leaves no attribute;
 *   * two lenders: the first give-back keeps the file lent, the second
 *     restores the first owner (not the lent one);
 *   * a record from another boot is ignored: the current owner is
 *     remembered anew;
 *   * without remember_owner: no record, and the file goes to root:root;
 *   * with it, a file that holds no record (never lent, or a path now
 *     leading elsewhere) keeps its owner;
 *   * a file that does not exist: an error, nothing else;
 * and virFileProgramPrivilege() on 0755, setuid, setgid and file
 * capabilities (a raw security.capability attribute).
 * Without root, or without trusted attributes there, it skips (77).
 */
#include "testutils.h"
#include "virerror.h"
#include "virfileowner.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

static char *testDir;

/* A fresh file owned by @uid:@gid with @mode; returns its path. */
static char *
testFile(const char *name, uid_t uid, gid_t gid, mode_t mode)
{
    char *path = g_build_filename(testDir, name, NULL);

    unlink(path);
    if (!g_file_set_contents(path, "x", 1, NULL) ||
        chown(path, uid, gid) < 0 || chmod(path, mode) < 0) {
        g_free(path);
        return NULL;
    }
    return path;
}

/* 0 when @path is owned by @uid:@gid, else -1 with a message. */
static int
testOwner(const char *path, uid_t uid, gid_t gid, const char *when)
{
    struct stat sb;

    if (stat(path, &sb) < 0 || sb.st_uid != uid || sb.st_gid != gid) {
        printf("%s: %s is %u:%u, expected %u:%u\n", when, path,
               (unsigned int)sb.st_uid, (unsigned int)sb.st_gid,
               (unsigned int)uid, (unsigned int)gid);
        return -1;
    }
    return 0;
}

/* The value of attribute @name of @path, or NULL (caller frees). */
static char *
testAttr(const char *path, const char *name)
{
    char buf[128];
    ssize_t len = getxattr(path, name, buf, sizeof(buf) - 1);

    if (len < 0)
        return NULL;
    buf[len] = '\0';
    return g_strdup(buf);
}

/* 0 when @path has none of the record's attributes. */
static int
testNoRecord(const char *path)
{
    char list[1024];
    ssize_t len = listxattr(path, list, sizeof(list));
    ssize_t off;

    for (off = 0; len > 0 && off < len; off += strlen(list + off) + 1) {
        if (g_str_has_prefix(list + off, "trusted.libvirt.")) {
            printf("%s still has %s\n", path, list + off);
            return -1;
        }
    }
    return 0;
}

static int
testLendOnce(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *f = testFile("once", 4242, 4343, 0600);
    g_autofree char *rec = NULL;

    if (!f || virFileOwnerLend(f, 1000, 1001, true) < 0 ||
        testOwner(f, 1000, 1001, "lent") < 0)
        return -1;
    rec = testAttr(f, VIR_FILE_OWNER_XATTR);
    if (virTestCompareStrings("+4242:+4343", rec) < 0)
        return -1;
    if (virFileOwnerGiveBack(f, true) < 0 ||
        testOwner(f, 4242, 4343, "given back") < 0)
        return -1;
    return testNoRecord(f);
}

static int
testLendTwice(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *f = testFile("twice", 4242, 4343, 0600);
    g_autofree char *ref = NULL;

    if (!f || virFileOwnerLend(f, 1000, 1001, true) < 0 ||
        virFileOwnerLend(f, 1000, 1001, true) < 0)
        return -1;
    ref = testAttr(f, VIR_FILE_OWNER_XATTR_REF);
    if (virTestCompareStrings("2", ref) < 0 ||
        virFileOwnerGiveBack(f, true) < 0 ||
        testOwner(f, 1000, 1001, "one of two given back") < 0 ||
        virFileOwnerGiveBack(f, true) < 0 ||
        testOwner(f, 4242, 4343, "both given back") < 0)
        return -1;
    return testNoRecord(f);
}

static int
testLendStale(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *f = testFile("stale", 4242, 4343, 0600);

    /* a crash left a record of an earlier boot saying root:root */
    if (!f ||
        setxattr(f, VIR_FILE_OWNER_XATTR, "+0:+0", 5, 0) < 0 ||
        setxattr(f, VIR_FILE_OWNER_XATTR_REF, "1", 1, 0) < 0 ||
        setxattr(f, VIR_FILE_OWNER_XATTR_TIMESTAMP, "earlier-boot", 12, 0) < 0)
        return -1;
    if (virFileOwnerLend(f, 1000, 1001, true) < 0 ||
        virFileOwnerGiveBack(f, true) < 0)
        return -1;
    if (testOwner(f, 4242, 4343, "after a stale record") < 0)
        return -1;
    return testNoRecord(f);
}

static int
testLendNoRemember(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *f = testFile("noremember", 4242, 4343, 0600);

    if (!f || virFileOwnerLend(f, 1000, 1001, false) < 0 || testNoRecord(f) < 0 ||
        virFileOwnerGiveBack(f, false) < 0)
        return -1;
    return testOwner(f, 0, 0, "without remember_owner");
}

static int
testGiveBackNotLent(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *f = testFile("notlent", 4242, 4343, 0640);

    /* e.g. the lent path was replaced by a symlink to this file */
    if (!f || virFileOwnerGiveBack(f, true) < 0)
        return -1;
    return testOwner(f, 4242, 4343, "given back without being lent");
}

static int
testLendMissing(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *f = g_build_filename(testDir, "missing", NULL);

    if (virFileOwnerLend(f, 1000, 1001, true) == 0) {
        printf("lending a missing file succeeded\n");
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), "cannot access")) {
        printf("unexpected error: %s\n", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    return 0;
}

static int
testPrivilege(const void *opaque G_GNUC_UNUSED)
{
    /* VFS_CAP_REVISION_2 with CAP_NET_ADMIN (12) permitted, effective bit */
    static const unsigned char netAdmin[20] = {
        0x01, 0x00, 0x00, 0x02, 0x00, 0x10, 0x00, 0x00,
    };
    static const struct {
        const char *name;
        mode_t mode;
        bool caps;
        const char *why;
    } cases[] = {
        { "plain", 0755, false, NULL },
        { "setuid", 04755, false, "setuid (owner uid 0)" },
        { "setgid", 02755, false, "setgid (group gid 0)" },
        { "filecaps", 0755, true, "file capabilities (security.capability)" },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *f = testFile(cases[i].name, 0, 0, cases[i].mode);
        g_autofree char *why = NULL;
        int rc;

        if (!f)
            return -1;
        if (cases[i].caps &&
            setxattr(f, "security.capability", netAdmin, sizeof(netAdmin), 0) < 0) {
            printf("cannot set file capabilities: %s\n", g_strerror(errno));
            return -1;
        }
        rc = virFileProgramPrivilege(f, &why);
        if (rc != (cases[i].why ? 1 : 0) || g_strcmp0(why, cases[i].why) != 0) {
            printf("%s: got %d '%s', expected '%s'\n", cases[i].name, rc,
                   why ? why : "(null)", cases[i].why ? cases[i].why : "(null)");
            return -1;
        }
    }
    return 0;
}

static int
mymain(void)
{
    g_autofree char *probe = NULL;
    int ret = 0;

    if (geteuid() != 0) {
        printf("SKIP: needs root (chown, trusted attributes)\n");
        return EXIT_AM_SKIP;
    }
    if (!(testDir = g_dir_make_tmp("virfileownertest-XXXXXX", NULL)))
        return -1;
    probe = g_build_filename(testDir, "probe", NULL);
    if (!g_file_set_contents(probe, "", 0, NULL) ||
        setxattr(probe, "trusted.libvirt.probe", "1", 1, 0) < 0) {
        printf("SKIP: no trusted attributes in %s\n", testDir);
        unlink(probe);
        rmdir(testDir);
        return EXIT_AM_SKIP;
    }
    unlink(probe);

    if (virTestRun("lend once, give back", testLendOnce, NULL) < 0 ||
        virTestRun("lend twice: the last give-back restores", testLendTwice, NULL) < 0 ||
        virTestRun("a record of an earlier boot is ignored", testLendStale, NULL) < 0 ||
        virTestRun("without remember_owner: root:root", testLendNoRemember, NULL) < 0 ||
        virTestRun("a file never lent is not given back", testGiveBackNotLent, NULL) < 0 ||
        virTestRun("a missing file", testLendMissing, NULL) < 0 ||
        virTestRun("privileged programs", testPrivilege, NULL) < 0)
        ret = -1;
    {
        g_autoptr(GDir) dir = g_dir_open(testDir, 0, NULL);
        const char *name;

        while (dir && (name = g_dir_read_name(dir))) {
            g_autofree char *p = g_build_filename(testDir, name, NULL);

            unlink(p);
        }
    }
    rmdir(testDir);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
