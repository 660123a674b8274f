/*
 * testutils.h: shared helpers for the tree's test programs
 *
 * Test programs are table-driven: a list of cases, each run through
 * virTestRun() with a small _one() helper.  Golden files are compared with
 * virTestCompareToFile(); VIR_TEST_REGENERATE_OUTPUT=1 rewrites them instead
 * so a reviewer can read the diff.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define EXIT_AM_SKIP 77

/* Runs @body(@data), prints "ok"/"FAIL" with @title.  Returns 0 or -1. */
int virTestRun(const char *title, int (*body)(const void *data), const void *data);

/* Compares @actual with the content of @path.  With
 * VIR_TEST_REGENERATE_OUTPUT set, writes @actual to @path and passes.
 * Prints a unified diff on mismatch.  Returns 0 when equal. */
int virTestCompareToFile(const char *actual, const char *path);

/* Compares two strings, printing both on mismatch.  Returns 0 when equal. */
int virTestCompareStrings(const char *expect, const char *actual);

bool virTestRegenerate(void);

/* $abs_srcdir (the tests/ source folder), never NULL. */
const char *virTestSrcDir(void);
const char *virTestBuildDir(void);

/* Records that @path (relative to abs_srcdir) was used by this program;
 * virTestCheckUnused(dir, suffixes) then fails for files in @dir (matching
 * one of the NULL-terminated @suffixes) that no case used. */
void virTestMarkUsed(const char *path);
int virTestCheckUnused(const char *dir, const char * const *suffixes);

/* Removes @path and everything under it (symlinks are removed, never
 * followed).  Returns 0, or -1 with the reason printed. */
int virTestRemoveTree(const char *path);

/* 0 when every program of the NULL-terminated @programs is in $PATH and
 * @file (may be NULL) is readable; else EXIT_AM_SKIP after printing
 * "SKIP: ... (Debian: @packages)". */
int virTestRequire(const char * const *programs, const char *file, const char *packages);

/* Returns EXIT_SUCCESS, or EXIT_FAILURE when any virTestRun() failed. */
int virTestMain(int argc, char **argv, int (*func)(void));
