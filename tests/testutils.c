/*
 * testutils.c: shared helpers for the tree's test programs
 */
#include "testutils.h"

#include <ftw.h>
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static GHashTable *usedFiles;
static unsigned int testCounter;

bool
virTestRegenerate(void)
{
    const char *env = g_getenv("VIR_TEST_REGENERATE_OUTPUT");

    return env && *env && strcmp(env, "0") != 0;
}

const char *
virTestSrcDir(void)
{
    const char *dir = g_getenv("abs_srcdir");

    return dir ? dir : SRCDIR "/tests";
}

const char *
virTestBuildDir(void)
{
    const char *dir = g_getenv("abs_builddir");

    return dir ? dir : BUILDDIR "/tests";
}

int
virTestRun(const char *title, int (*body)(const void *data), const void *data)
{
    int ret;

    testCounter++;
    virResetLastError();
    ret = body(data);
    if (ret < 0) {
        const virError *err = virGetLastError();

        printf("%3u) %-70s FAIL\n", testCounter, title);
        if (err)
            printf("     last error: %s\n", err->message);
    } else {
        printf("%3u) %-70s OK\n", testCounter, title);
    }
    virResetLastError();
    fflush(stdout);
    return ret < 0 ? -1 : 0;
}

int
virTestCompareStrings(const char *expect, const char *actual)
{
    if (g_strcmp0(expect, actual) == 0)
        return 0;
    printf("--- expected ---\n%s\n--- actual ---\n%s\n--- end ---\n",
           expect ? expect : "(null)", actual ? actual : "(null)");
    return -1;
}

int
virTestCompareToFile(const char *actual, const char *path)
{
    g_autofree char *expect = NULL;

    virTestMarkUsed(path);

    if (virTestRegenerate()) {
        if (virFileRewriteStr(path, 0644, actual) < 0) {
            printf("cannot regenerate %s: %s\n", path, virGetLastErrorMessage());
            return -1;
        }
        return 0;
    }

    if (virFileReadAll(path, 16 * 1024 * 1024, &expect) < 0) {
        printf("cannot read expected output %s: %s\n", path, virGetLastErrorMessage());
        return -1;
    }
    if (strcmp(expect, actual) != 0) {
        g_autofree char *tmp = g_strdup_printf("%s/.actual-XXXXXX", g_get_tmp_dir());
        int fd = g_mkstemp(tmp);

        printf("mismatch against %s\n", path);
        if (fd >= 0) {
            g_autofree char *cmd = NULL;

            (void)!write(fd, actual, strlen(actual));
            close(fd);
            cmd = g_strdup_printf("diff -u '%s' '%s'", path, tmp);
            fflush(stdout);
            (void)!system(cmd);
            unlink(tmp);
        } else {
            printf("--- actual ---\n%s\n", actual);
        }
        return -1;
    }
    return 0;
}

void
virTestMarkUsed(const char *path)
{
    g_autofree char *base = NULL;

    if (!usedFiles)
        usedFiles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    base = g_path_get_basename(path);
    g_hash_table_add(usedFiles, g_steal_pointer(&base));
}

int
virTestCheckUnused(const char *dir, const char * const *suffixes)
{
    g_autoptr(GDir) d = NULL;
    g_autoptr(GError) err = NULL;
    const char *name;
    int ret = 0;

    if (virTestRegenerate())
        return 0;
    if (!(d = g_dir_open(dir, 0, &err))) {
        printf("cannot open %s: %s\n", dir, err->message);
        return -1;
    }
    while ((name = g_dir_read_name(d))) {
        const char * const *s;
        bool match = false;

        for (s = suffixes; *s; s++) {
            if (g_str_has_suffix(name, *s))
                match = true;
        }
        if (!match)
            continue;
        if (!usedFiles || !g_hash_table_contains(usedFiles, name)) {
            printf("unused data file: %s/%s\n", dir, name);
            ret = -1;
        }
    }
    return ret;
}

int
virTestMain(int argc G_GNUC_UNUSED, char **argv G_GNUC_UNUSED, int (*func)(void))
{
    int ret = func();

    if (usedFiles)
        g_hash_table_unref(usedFiles);
    if (ret == EXIT_AM_SKIP)
        return EXIT_AM_SKIP;
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/**
 * virTestRemoveTreeOne:
 * nftw callback: removes one entry, children first.
 */
static int
virTestRemoveTreeOne(const char *path, const struct stat *st G_GNUC_UNUSED,
                     int flag G_GNUC_UNUSED, struct FTW *ftw G_GNUC_UNUSED)
{
    if (remove(path) < 0) {
        printf("cannot remove %s: %s\n", path, g_strerror(errno));
        return -1;
    }
    return 0;
}

/**
 * virTestRemoveTree:
 * See testutils.h.
 */
int
virTestRemoveTree(const char *path)
{
    return nftw(path, virTestRemoveTreeOne, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

/**
 * virTestRequire:
 * See testutils.h.
 */
int
virTestRequire(const char * const *programs, const char *file, const char *packages)
{
    size_t i;

    for (i = 0; programs[i]; i++) {
        g_autofree char *path = g_find_program_in_path(programs[i]);

        if (!path) {
            printf("SKIP: %s not found (Debian: %s)\n", programs[i], packages);
            return EXIT_AM_SKIP;
        }
    }
    if (file && access(file, R_OK) < 0) {
        printf("SKIP: no %s (Debian: %s)\n", file, packages);
        return EXIT_AM_SKIP;
    }
    return 0;
}
