/*
 * fuzzreplay.c: run a fuzz target over files, without libFuzzer
 *
 * Built with the project's compiler (gcc) and warning set, so every target
 * also runs as an ordinary program over its seed corpus and any crash
 * reproducer, even where clang is missing:
 *   domainxmlfuzz-replay FILE-OR-DIR...
 */
#include "fuzz.h"
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_REPLAY_MAX (16 * 1024 * 1024)

/**
 * fuzzReplayFile:
 * Feeds the content of @path to the target.  Returns 0, or -1 when the
 * file cannot be read.
 */
static int
fuzzReplayFile(const char *path)
{
    g_autofree char *data = NULL;
    ssize_t len;

    if ((len = virFileReadAll(path, FUZZ_REPLAY_MAX, &data)) < 0) {
        virErrorPrint(NULL);
        return -1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, (size_t)len);
    return 0;
}

/**
 * fuzzReplayPath:
 * A file, or every regular file of a directory (not recursive).
 * Returns the number of inputs run, or -1 on error.
 */
static int
fuzzReplayPath(const char *path)
{
    g_autoptr(GDir) dir = NULL;
    const char *name;
    int n = 0;

    if (!g_file_test(path, G_FILE_TEST_IS_DIR))
        return fuzzReplayFile(path) < 0 ? -1 : 1;
    if (!(dir = g_dir_open(path, 0, NULL))) {
        fprintf(stderr, "cannot open directory %s\n", path);
        return -1;
    }
    while ((name = g_dir_read_name(dir))) {
        g_autofree char *file = g_build_filename(path, name, NULL);

        if (!g_file_test(file, G_FILE_TEST_IS_REGULAR))
            continue;
        if (fuzzReplayFile(file) < 0)
            return -1;
        n++;
    }
    return n;
}

int
main(int argc, char **argv)
{
    int total = 0;
    int i;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE-OR-DIR...\n", argv[0]);
        return EXIT_FAILURE;
    }
    for (i = 1; i < argc; i++) {
        int n = fuzzReplayPath(argv[i]);

        if (n < 0)
            return EXIT_FAILURE;
        total += n;
    }
    printf("%s: %d inputs, no failure\n", argv[0], total);
    return EXIT_SUCCESS;
}
