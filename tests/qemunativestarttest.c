/*
 * qemunativestarttest.c: "virsh domxml-to-native" prints what "virsh
 * start" runs
 *
 * Both go through the driver's one preparation (qemu_process_prepare.c):
 * this test would fail if they drifted apart again.  Through the real
 * virsh binary and the real QEMU, in a temporary qemu:///session home
 * with $PATH holding only a private qemu-system-x86_64 (a wrapper around
 * /usr/bin/qemu-system-x86_64), so that the emulator found for the arch
 * is not the usual path:
 *   1. a domain without <emulator>: domxml-to-native (--domain and the
 *      file) names the private emulator, and its command line is exactly
 *      the one "start --paused" writes into the domain log;
 *   2. a domain of an arch with no emulator in $PATH: domxml-to-native
 *      and start fail with the same error.
 * Root only (exits 77 otherwise), in a private network namespace: the
 * guest has a user-mode NIC.  Skips without qemu-system-x86_64.
 *   qemunativestarttest VIRSH
 */
#include "testutils.h"
#include "virfile.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TEST_QEMU "/usr/bin/qemu-system-x86_64"

/* A NULL-terminated argument list for testVirsh(). */
#define VIRSH_ARGS(...) ((const char *[]){ __VA_ARGS__, NULL })

static const char *virsh;
static char *tmpDir;
static char **testEnv;

static const char domainXML[] =
    "<domain type='qemu'>\n"
    "  <name>native-start</name>\n"
    "  <uuid>3f0c1a52-5d2e-4a8b-9b1e-0c6f2d7e8a41</uuid>\n"
    "  <memory unit='KiB'>65536</memory>\n"
    "  <vcpu>1</vcpu>\n"
    "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
    "  <devices>\n"
    "    <interface type='user'>\n"
    "      <mac address='52:54:00:12:34:56'/>\n"
    "      <model type='e1000'/>\n"
    "    </interface>\n"
    "  </devices>\n"
    "</domain>\n";

static const char armXML[] =
    "<domain type='qemu'>\n"
    "  <name>native-arm</name>\n"
    "  <uuid>4f0c1a52-5d2e-4a8b-9b1e-0c6f2d7e8a41</uuid>\n"
    "  <memory unit='KiB'>65536</memory>\n"
    "  <os><type arch='aarch64' machine='virt'>hvm</type></os>\n"
    "</domain>\n";

/**
 * testVirsh:
 * @out: set to virsh's stdout (caller frees), may be NULL
 * @err: set to its stderr (caller frees), may be NULL
 * @args: virsh arguments after the URI, NULL-terminated
 *
 * Returns virsh's exit status, or -1 when it could not be run.
 */
static int
testVirsh(char **out, char **err, const char * const *args)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) gerr = NULL;
    g_autofree char *o = NULL;
    g_autofree char *e = NULL;
    int status;
    size_t i;

    g_ptr_array_add(argv, (char *)virsh);
    g_ptr_array_add(argv, (char *)"-c");
    g_ptr_array_add(argv, (char *)"qemu:///session");
    for (i = 0; args[i]; i++)
        g_ptr_array_add(argv, (char *)args[i]);
    g_ptr_array_add(argv, NULL);

    if (!g_spawn_sync(NULL, (char **)argv->pdata, testEnv, 0, NULL, NULL,
                      &o, &e, &status, &gerr)) {
        printf("cannot run %s: %s\n", virsh, gerr->message);
        return -1;
    }
    if (out)
        *out = g_steal_pointer(&o);
    if (err)
        *err = g_steal_pointer(&e);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/**
 * testLogCommandLine:
 * Returns the command line of the last start in the domain log @path:
 * the line after the environment line (which ends in " \"), caller frees;
 * NULL when there is none.
 */
static char *
testLogCommandLine(const char *path)
{
    g_autofree char *log = NULL;
    g_auto(GStrv) lines = NULL;
    char *found = NULL;
    size_t i;

    if (virFileReadAll(path, 1024 * 1024, &log) < 0)
        return NULL;
    lines = g_strsplit(log, "\n", -1);
    for (i = 0; lines[i] && lines[i + 1]; i++) {
        if (g_str_has_suffix(lines[i], " \\")) {
            g_free(found);
            found = g_strdup(lines[i + 1]);
        }
    }
    return found;
}

/* 1: the private emulator, the same line from --domain, the file and start. */
static int
testSameCommandLine(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *xmlPath = g_build_filename(tmpDir, "native-start.xml", NULL);
    g_autofree char *emulator = g_build_filename(tmpDir, "bin", "qemu-system-x86_64", NULL);
    g_autofree char *logPath = g_build_filename(tmpDir, "cache", "libvirt", "qemu", "log",
                                                "native-start.log", NULL);
    g_autofree char *prefix = g_strdup_printf("%s ", emulator);
    g_autofree char *byDomain = NULL;
    g_autofree char *byFile = NULL;
    g_autofree char *started = NULL;
    g_autofree char *err = NULL;
    int ret = -1;

    if (!g_file_set_contents(xmlPath, domainXML, -1, NULL) ||
        testVirsh(NULL, &err, VIRSH_ARGS("define", xmlPath)) != 0) {
        printf("define failed: %s\n", err ? err : "");
        return -1;
    }
    g_clear_pointer(&err, g_free);
    if (testVirsh(&byDomain, &err, VIRSH_ARGS("domxml-to-native", "qemu-argv", "--domain",
                  "native-start")) != 0 ||
        testVirsh(&byFile, NULL, VIRSH_ARGS("domxml-to-native", "qemu-argv", xmlPath)) != 0) {
        printf("domxml-to-native failed: %s\n", err ? err : "");
        return -1;
    }
    g_strchomp(byDomain);
    g_strchomp(byFile);
    if (!g_str_has_prefix(byDomain, prefix)) {
        printf("domxml-to-native does not run the qemu-system-x86_64 of $PATH (%s):\n%s\n",
               emulator, byDomain);
        return -1;
    }
    if (virTestCompareStrings(byDomain, byFile) < 0)
        return -1;

    g_clear_pointer(&err, g_free);
    if (testVirsh(NULL, &err, VIRSH_ARGS("start", "--paused", "native-start")) != 0) {
        printf("start failed: %s\n", err ? err : "");
        return -1;
    }
    if (!(started = testLogCommandLine(logPath))) {
        printf("no command line in '%s'\n", logPath);
        goto cleanup;
    }
    if (virTestCompareStrings(byDomain, started) < 0) {
        printf("(expected: domxml-to-native; actual: what start ran)\n");
        goto cleanup;
    }
    ret = 0;

 cleanup:
    if (testVirsh(NULL, NULL, VIRSH_ARGS("destroy", "native-start")) != 0) {
        printf("destroy failed\n");
        ret = -1;
    }
    return ret;
}

/* The last non-empty line of @text (a copy, caller frees). */
static char *
testLastLine(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    const char *last = "";
    size_t i;

    for (i = 0; lines[i]; i++) {
        if (*lines[i])
            last = lines[i];
    }
    return g_strdup(last);
}

/* 2: an arch without an emulator in $PATH: the same error from both. */
static int
testSameMissingEmulator(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *xmlPath = g_build_filename(tmpDir, "native-arm.xml", NULL);
    g_autofree char *nativeErr = NULL;
    g_autofree char *startErr = NULL;
    g_autofree char *nativeLast = NULL;
    g_autofree char *startLast = NULL;
    const char *expect =
        "error: unsupported configuration: cannot find 'qemu-system-aarch64' in $PATH; set <emulator> in the domain";

    if (!g_file_set_contents(xmlPath, armXML, -1, NULL) ||
        testVirsh(NULL, NULL, VIRSH_ARGS("define", xmlPath)) != 0) {
        printf("define of the aarch64 domain failed\n");
        return -1;
    }
    if (testVirsh(NULL, &nativeErr, VIRSH_ARGS("domxml-to-native", "qemu-argv", "--domain",
                  "native-arm")) == 0 ||
        testVirsh(NULL, &startErr, VIRSH_ARGS("start", "native-arm")) == 0) {
        printf("an aarch64 domain without qemu-system-aarch64 was accepted\n");
        testVirsh(NULL, NULL, VIRSH_ARGS("destroy", "native-arm"));
        return -1;
    }
    nativeLast = testLastLine(nativeErr);
    startLast = testLastLine(startErr);
    if (virTestCompareStrings(expect, nativeLast) < 0 ||
        virTestCompareStrings(expect, startLast) < 0)
        return -1;
    return 0;
}

/**
 * testSetup:
 * The temporary session home, the private emulator and the environment
 * virsh runs with.  Returns 0, or -1.
 */
static int
testSetup(void)
{
    g_autofree char *bin = NULL;
    g_autofree char *wrapper = NULL;
    g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func(g_free);
    const char *dirs[] = { "bin", "config", "cache", "run" };
    size_t i;

    if (!(tmpDir = g_dir_make_tmp("qemunativestarttest-XXXXXX", NULL)))
        return -1;
    for (i = 0; i < G_N_ELEMENTS(dirs); i++) {
        g_autofree char *dir = g_build_filename(tmpDir, dirs[i], NULL);

        if (mkdir(dir, 0700) < 0)
            return -1;
    }
    bin = g_build_filename(tmpDir, "bin", NULL);
    wrapper = g_build_filename(bin, "qemu-system-x86_64", NULL);
    if (!g_file_set_contents(wrapper, "#!/bin/sh\nexec " TEST_QEMU " \"$@\"\n", -1, NULL) ||
        chmod(wrapper, 0755) < 0)
        return -1;

    g_ptr_array_add(env, g_strdup_printf("PATH=%s", bin));
    g_ptr_array_add(env, g_strdup_printf("XDG_CONFIG_HOME=%s/config", tmpDir));
    g_ptr_array_add(env, g_strdup_printf("XDG_CACHE_HOME=%s/cache", tmpDir));
    g_ptr_array_add(env, g_strdup_printf("XDG_RUNTIME_DIR=%s/run", tmpDir));
    g_ptr_array_add(env, g_strdup_printf("HOME=%s", tmpDir));
    g_ptr_array_add(env, g_strdup("LC_ALL=C"));
    g_ptr_array_add(env, NULL);
    testEnv = (char **)g_ptr_array_free(g_steal_pointer(&env), FALSE);
    return 0;
}

/* rm -rf of the temporary home (QEMU is gone by now). */
static void
testCleanup(void)
{
    const char *argv[] = { "/bin/rm", "-rf", tmpDir, NULL };

    if (tmpDir)
        g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL);
    g_clear_pointer(&tmpDir, g_free);
    g_clear_pointer(&testEnv, g_strfreev);
}

static int
mymain(void)
{
    int ret = 0;

    if (access(TEST_QEMU, X_OK) < 0) {
        printf("SKIP: needs %s (qemu-system-x86)\n", TEST_QEMU);
        return EXIT_AM_SKIP;
    }
    if (geteuid() != 0) {
        printf("SKIP: needs root (the guest runs in a private network namespace)\n");
        return EXIT_AM_SKIP;
    }
    if (unshare(CLONE_NEWNET) < 0) {
        printf("SKIP: cannot create a network namespace: %s\n", g_strerror(errno));
        return EXIT_AM_SKIP;
    }
    if (testSetup() < 0) {
        printf("cannot set up the temporary session home\n");
        testCleanup();
        return -1;
    }

    if (virTestRun("domxml-to-native runs what start runs", testSameCommandLine, NULL) < 0)
        ret = -1;
    if (virTestRun("missing emulator for the arch: the same error", testSameMissingEmulator,
                   NULL) < 0)
        ret = -1;

    testCleanup();
    return ret;
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s VIRSH\n", argv[0]);
        return EXIT_FAILURE;
    }
    virsh = argv[1];
    return virTestMain(argc, argv, mymain);
}
