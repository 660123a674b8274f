/*
 * qemucapsprobetest.c: the capabilities cache with a real QEMU binary
 *
 * The binary is reached through a wrapper script in a temporary directory,
 * so the test can touch "the binary" without touching the system's.  Needs
 * qemu-system-x86_64 ($QEMU overrides); skips (77) when it is missing.
 * No root, no KVM: the probe runs on TCG with no guest.
 */
#include "testutils.h"
#include "qemu_capabilities.h"
#include "virerror.h"
#include "virfile.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmpdir;
static char *wrapper;
static char *cacheDir;
static char *qemu;

/**
 * testQemuCapsLookup:
 * Looks up @binary, requiring @probes new probes.  Returns the caps or
 * NULL (printed why).
 */
static virQEMUCaps *
testQemuCapsLookup(const char *binary, unsigned int probes)
{
    unsigned int before = virQEMUCapsCacheProbeCount();
    g_autoptr(virQEMUCaps) caps = virQEMUCapsCacheLookup(cacheDir, binary);

    if (!caps) {
        printf("lookup failed: %s\n", virGetLastErrorMessage());
        return NULL;
    }
    if (virQEMUCapsCacheProbeCount() - before != probes) {
        printf("expected %u probe(s), got %u\n", probes, virQEMUCapsCacheProbeCount() - before);
        return NULL;
    }
    return g_steal_pointer(&caps);
}

/* The flags of a real probe equal the recording's when it is the recorded
 * QEMU series: the .replies file still describes this binary. */
static int
testQemuCapsRealFirst(const void *opaque)
{
    g_autoptr(virQEMUCaps) caps = testQemuCapsLookup(wrapper, 1);
    g_autofree char *golden = g_strdup_printf("%s/qemucapabilitiesdata/caps_7.2.0_x86_64.xml",
                                              virTestSrcDir());
    g_autofree char *xml = NULL;
    g_autoptr(virQEMUCaps) recorded = NULL;
    size_t i;

    if (!caps)
        return -1;
    if (!virQEMUCapsGet(caps, QEMU_CAPS_NETDEV_TAP) || !caps->nmachines ||
        g_strcmp0(caps->arch, "x86_64") != 0) {
        printf("implausible capabilities for %s\n", qemu);
        return -1;
    }
    if (caps->version / 1000 != 7002) {
        printf("     (QEMU %u is not the recorded 7.2 series: flags not compared)\n",
               caps->version);
        return 0;
    }
    if (virFileReadAll(golden, 1024 * 1024, &xml) < 0 ||
        !(recorded = virQEMUCapsParseCache(xml, golden)))
        return -1;
    for (i = 0; i < QEMU_CAPS_LAST; i++) {
        if (i == QEMU_CAPS_KVM_ENABLED)
            continue;
        if (virQEMUCapsGet(caps, i) != virQEMUCapsGet(recorded, i)) {
            printf("flag %s differs from the recording\n", virQEMUCapsTypeToString(i));
            return -1;
        }
    }
    if (caps->nmachines != recorded->nmachines ||
        g_strcmp0(virQEMUCapsGetDefaultMachine(caps),
                  virQEMUCapsGetDefaultMachine(recorded)) != 0) {
        printf("machine types differ from the recording\n");
        return -1;
    }
    return 0;
}

static int
testQemuCapsRealCached(const void *opaque)
{
    g_autoptr(virQEMUCaps) caps = testQemuCapsLookup(wrapper, 0);

    return caps ? 0 : -1;
}

static int
testQemuCapsRealTouched(const void *opaque)
{
    struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCaps) again = NULL;

    if (utimensat(AT_FDCWD, wrapper, ts, 0) < 0)
        return -1;
    if (!(caps = testQemuCapsLookup(wrapper, 1)) ||
        !(again = testQemuCapsLookup(wrapper, 0)))
        return -1;
    return 0;
}

static int
testQemuCapsRealCorrupt(const void *opaque)
{
    g_autofree char *path = virQEMUCapsCachePath(cacheDir, wrapper);
    g_autofree char *xml = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCaps) parsed = NULL;

    if (virFileRewriteStr(path, 0644, "<qemuCaps><version>7002000</version>") < 0 ||
        !(caps = testQemuCapsLookup(wrapper, 1)))
        return -1;
    if (virFileReadAll(path, 1024 * 1024, &xml) < 0 ||
        !(parsed = virQEMUCapsParseCache(xml, path)))
        return -1;
    return 0;
}

/* A binary that fails: the error quotes what it printed; nothing cached. */
static int
testQemuCapsRealBroken(const void *opaque)
{
    g_autofree char *broken = g_build_filename(tmpdir, "broken-qemu", NULL);
    g_autofree char *path = virQEMUCapsCachePath(cacheDir, broken);
    g_autoptr(virQEMUCaps) caps = NULL;

    if (virFileRewriteStr(broken, 0755,
                          "#!/bin/sh\necho 'qemu: something is badly wrong' >&2\nexit 1\n") < 0)
        return -1;
    caps = virQEMUCapsCacheLookup(cacheDir, broken);
    unlink(broken);
    if (caps) {
        printf("a failing binary produced capabilities\n");
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), "something is badly wrong")) {
        printf("error does not quote QEMU's stderr: %s\n", virGetLastErrorMessage());
        return -1;
    }
    if (access(path, F_OK) == 0) {
        printf("a failed probe was cached\n");
        unlink(path);
        return -1;
    }
    return 0;
}

static void
testQemuCapsRealCleanup(void)
{
    if (wrapper) {
        g_autofree char *path = virQEMUCapsCachePath(cacheDir, wrapper);

        unlink(path);
        unlink(wrapper);
        rmdir(cacheDir);
        rmdir(tmpdir);
    }
    g_free(wrapper);
    g_free(cacheDir);
    g_free(tmpdir);
    g_free(qemu);
}

static int
mymain(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *script = NULL;
    const char *env = g_getenv("QEMU");
    int ret = 0;

    qemu = env ? g_strdup(env) : g_find_program_in_path("qemu-system-x86_64");
    if (!qemu || access(qemu, X_OK) < 0) {
        printf("skip: qemu-system-x86_64 not found (install qemu-system-x86 or set QEMU)\n");
        g_free(qemu);
        return EXIT_AM_SKIP;
    }

    if (!(tmpdir = g_dir_make_tmp("qemucapsprobetest-XXXXXX", &err))) {
        printf("cannot make a temporary directory: %s\n", err->message);
        return -1;
    }
    wrapper = g_build_filename(tmpdir, "qemu-system-x86_64", NULL);
    cacheDir = g_build_filename(tmpdir, "cache", NULL);
    script = g_strdup_printf("#!/bin/sh\nexec '%s' \"$@\"\n", qemu);
    if (virFileRewriteStr(wrapper, 0755, script) < 0) {
        testQemuCapsRealCleanup();
        return -1;
    }

    ret |= virTestRun("real probe matches the 7.2 recording", testQemuCapsRealFirst, NULL);
    ret |= virTestRun("second lookup does not start QEMU", testQemuCapsRealCached, NULL);
    ret |= virTestRun("touched binary is probed again", testQemuCapsRealTouched, NULL);
    ret |= virTestRun("corrupt cache file is replaced", testQemuCapsRealCorrupt, NULL);
    ret |= virTestRun("failing binary: error quotes stderr, nothing cached",
                      testQemuCapsRealBroken, NULL);
    testQemuCapsRealCleanup();
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
