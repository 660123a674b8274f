/*
 * virfiletest.c: atomic rewrite, bounded reads, locks
 */
#include "testutils.h"
#include "virerror.h"
#include "virfile.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

static char *testDir;

typedef int (*testRewriteFunc)(const char *path, mode_t mode, const char *data);

typedef struct {
    const char *subdir;
    testRewriteFunc rewrite;
} testRewriteCase;

static int
testFileRewrite(const void *opaque)
{
    const testRewriteCase *c = opaque;
    g_autofree char *sub = g_build_filename(testDir, c->subdir, NULL);
    g_autofree char *path = g_build_filename(sub, "a.xml", NULL);
    g_autofree char *got = NULL;
    g_autoptr(GDir) dir = NULL;
    struct stat sb;
    const char *name;
    int n = 0;

    if (virFileMakePath(sub, 0700) < 0 ||
        c->rewrite(path, 0600, "one\n") < 0 ||
        c->rewrite(path, 0640, "two\n") < 0)
        return -1;
    if (virFileReadAll(path, 100, &got) != 4 || strcmp(got, "two\n") != 0)
        return -1;
    if (stat(path, &sb) < 0 || (sb.st_mode & 0777) != 0640)
        return -1;
    /* no temporary files left behind */
    dir = g_dir_open(sub, 0, NULL);
    while ((name = g_dir_read_name(dir)))
        n++;
    return n == 1 ? 0 : -1;
}

static int
testFileRewriteFailKeepsOld(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = g_build_filename(testDir, "missing-dir", "b.xml", NULL);

    if (virFileRewriteStr(path, 0600, "x") == 0)
        return -1;
    return virGetLastErrorCode() == VIR_ERR_SYSTEM_ERROR ? 0 : -1;
}

static int
testFileReadLimit(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = g_build_filename(testDir, "big", NULL);
    g_autofree char *data = g_strnfill(10000, 'x');
    g_autofree char *got = NULL;

    if (virFileRewriteStr(path, 0644, data) < 0)
        return -1;
    if (virFileReadAll(path, 9999, &got) != -1 || got)
        return -1;
    if (virGetLastErrorCode() != VIR_ERR_INVALID_ARG)
        return -1;
    return virFileReadAll(path, 10000, &got) == 10000 ? 0 : -1;
}

static int
testFileLock(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = g_build_filename(testDir, "lock", NULL);
    VIR_AUTOCLOSE fd = virFileLockPath(path, TRUE);
    VIR_AUTOCLOSE other = -1;

    if (fd < 0)
        return -1;
    /* A second, independent open file description must not get the lock. */
    if ((other = open(path, O_RDWR | O_CLOEXEC)) < 0)
        return -1;
    if (flock(other, LOCK_EX | LOCK_NB) == 0)
        return -1;
    virFileForceClose(&fd);
    if (flock(other, LOCK_EX | LOCK_NB) < 0)
        return -1;
    return 0;
}

static int
mymain(void)
{
    int ret = 0;

    testDir = g_dir_make_tmp("virfiletest-XXXXXX", NULL);
    ret |= virTestRun("atomic rewrite, mode, no temporaries", testFileRewrite,
                      &(testRewriteCase){ "sync", virFileRewriteStr });
    ret |= virTestRun("the same without fsync", testFileRewrite,
                      &(testRewriteCase){ "nosync", virFileRewriteStrNoSync });
    ret |= virTestRun("rewrite into missing dir fails", testFileRewriteFailKeepsOld, NULL);
    ret |= virTestRun("bounded read", testFileReadLimit, NULL);
    ret |= virTestRun("exclusive lock excludes, releases on close", testFileLock, NULL);
    virTestRemoveTree(testDir);
    g_free(testDir);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
