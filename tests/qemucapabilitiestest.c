/*
 * qemucapabilitiestest.c: recorded QMP conversations -> capabilities, and
 * the capabilities cache
 *
 * Each tests/qemucapabilitiesdata/NAME.replies is played by a fake QMP
 * server to the real probe code (virQEMUCapsProbe with replay operations
 * instead of a process); the derived capabilities, formatted as cache XML,
 * must equal NAME.xml.  VIR_TEST_REGENERATE_OUTPUT=1 rewrites the .xml
 * files; a data file no case uses fails the test.
 *
 * The cache cases use the same replays with a fake "binary" (a file in a
 * temporary directory) so they need neither QEMU nor root; the probe count
 * shows whether a lookup probed.
 */
#include "testutils.h"
#include "qemu_capabilities.h"
#include "qemureplay.h"
#include "virerror.h"
#include "virfile.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The binary path recorded in the golden files (replays spawn nothing). */
#define FAKE_BINARY "/usr/bin/qemu-system-x86_64"

typedef struct {
    const char *name;
    /* flags that must (not) be there, beyond the golden comparison */
    virQEMUCapsFlag want;
    virQEMUCapsFlag wantNot;
} qemuCapsReplayCase;

/**
 * testQemuCapsReplayProbe:
 * Probes through a replay of @replay.  Returns caps, or NULL after printing
 * why.
 */
static virQEMUCaps *
testQemuCapsReplayProbe(virQEMUReplay *replay)
{
    g_autoptr(virQEMUCaps) caps = virQEMUCapsProbe(FAKE_BINARY, &virQEMUReplayProbeOps, replay);

    if (virQEMUReplayFinish(replay) < 0)
        return NULL;
    if (!caps)
        printf("probe failed: %s\n", virGetLastErrorMessage());
    return g_steal_pointer(&caps);
}

static int
testQemuCapsReplay(const void *opaque)
{
    const qemuCapsReplayCase *c = opaque;
    g_autofree char *replies = g_strdup_printf("%s/qemucapabilitiesdata/%s.replies",
                                               virTestSrcDir(), c->name);
    g_autofree char *expect = g_strdup_printf("%s/qemucapabilitiesdata/%s.xml",
                                              virTestSrcDir(), c->name);
    g_autoptr(virQEMUReplay) replay = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autofree char *xml = NULL;

    virTestMarkUsed(replies);
    if (!(replay = virQEMUReplayLoad(replies)) ||
        !(caps = testQemuCapsReplayProbe(replay)))
        return -1;
    xml = virQEMUCapsFormatCache(caps);
    if (virTestCompareToFile(xml, expect) < 0)
        return -1;
    if (!virQEMUReplayFindReply(replay, "query-qmp-schema") ||
        !JSON_NODE_HOLDS_ARRAY(virQEMUReplayFindReply(replay, "query-qmp-schema"))) {
        printf("no recorded QAPI schema\n");
        return -1;
    }

    if (!virQEMUCapsGet(caps, c->want) || virQEMUCapsGet(caps, c->wantNot)) {
        printf("flag %s should be set and %s not\n",
               virQEMUCapsTypeToString(c->want), virQEMUCapsTypeToString(c->wantNot));
        return -1;
    }
    return 0;
}

/* A conversation that ends early must fail the probe, not yield caps. */
static int
testQemuCapsReplayTruncated(const void *opaque)
{
    g_autofree char *replies = g_strdup_printf("%s/qemucapabilitiesdata/caps_7.2.0_x86_64.replies",
                                               virTestSrcDir());
    g_autofree char *text = NULL;
    g_autoptr(virQEMUReplay) replay = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    char *cut;

    if (virFileReadAll(replies, 64 * 1024 * 1024, &text) < 0)
        return -1;
    /* Drop everything from the query-machines command on. */
    if (!(cut = strstr(text, "\"execute\" : \"query-machines\"")) ||
        !(cut = g_strrstr_len(text, cut - text, ">>>")))
        return -1;
    *cut = '\0';
    if (!(replay = virQEMUReplayNewFromString(text, "truncated")))
        return -1;
    caps = virQEMUCapsProbe(FAKE_BINARY, &virQEMUReplayProbeOps, replay);
    virQEMUReplayFinish(replay);
    if (caps) {
        printf("probe succeeded on a truncated conversation\n");
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), "query-machines")) {
        printf("unexpected error: %s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}


/* QEMU_CAPS_MACHINE_ACPI follows query-machines: QEMU 7.2 reports no
 * "acpi" member (-no-acpi then), QEMU 8.0+ does (-machine acpi=). */
static int
testQemuCapsMachineACPI(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *replies = g_strdup_printf("%s/qemucapabilitiesdata/caps_7.2.0_x86_64.replies",
                                               virTestSrcDir());
    g_autofree char *text = NULL;
    g_autofree char *with = NULL;
    g_auto(GStrv) parts = NULL;
    size_t i;

    if (virFileReadAll(replies, 64 * 1024 * 1024, &text) < 0)
        return -1;
    /* the same conversation with "acpi" on every machine, as 8.0 answers */
    parts = g_strsplit(text, "\"hotpluggable-cpus\" :", -1);
    with = g_strjoinv("\"acpi\" : true, \"hotpluggable-cpus\" :", parts);
    for (i = 0; i < 2; i++) {
        g_autoptr(virQEMUReplay) replay = virQEMUReplayNewFromString(i ? with : text, "acpi");
        g_autoptr(virQEMUCaps) caps = NULL;

        if (!replay || !(caps = testQemuCapsReplayProbe(replay)))
            return -1;
        if (virQEMUCapsGet(caps, QEMU_CAPS_MACHINE_ACPI) != (i == 1)) {
            printf("machine-acpi %s with%s \"acpi\" in query-machines\n",
                   i ? "unset" : "set", i ? "" : "out");
            return -1;
        }
    }
    return 0;
}

/* ---- cache ---------------------------------------------------------- */

typedef struct {
    char *dir;          /* temporary directory, removed at the end */
    char *binary;       /* a fake binary inside it */
    char *cacheDir;
    virQEMUReplay *replay;
} qemuCapsCacheEnv;

static qemuCapsCacheEnv cacheEnv;

/**
 * testQemuCapsCacheLookupOnce:
 * Looks up the fake binary and checks the number of probes that took
 * (@probes new ones expected).  Returns 0 or -1.
 */
static int
testQemuCapsCacheLookupOnce(unsigned int probes)
{
    unsigned int before = virQEMUCapsCacheProbeCount();
    g_autoptr(virQEMUCaps) caps = virQEMUCapsCacheLookup(cacheEnv.cacheDir, cacheEnv.binary);

    if (!caps) {
        printf("lookup failed: %s\n", virGetLastErrorMessage());
        return -1;
    }
    if (probes && virQEMUReplayFinish(cacheEnv.replay) < 0)
        return -1;
    if (virQEMUCapsCacheProbeCount() - before != probes) {
        printf("expected %u probe(s), got %u\n", probes,
               virQEMUCapsCacheProbeCount() - before);
        return -1;
    }
    if (!virQEMUCapsGet(caps, QEMU_CAPS_NETDEV_BRIDGE) ||
        g_strcmp0(caps->binary, cacheEnv.binary) != 0 ||
        g_strcmp0(caps->selfVersion, PACKAGE_VERSION) != 0) {
        printf("wrong caps from the cache lookup\n");
        return -1;
    }
    return 0;
}

static int
testQemuCapsCacheFirst(const void *opaque)
{
    g_autofree char *path = virQEMUCapsCachePath(cacheEnv.cacheDir, cacheEnv.binary);

    if (testQemuCapsCacheLookupOnce(1) < 0)
        return -1;
    if (access(path, R_OK) < 0) {
        printf("no cache file %s\n", path);
        return -1;
    }
    return 0;
}

static int
testQemuCapsCacheSecond(const void *opaque)
{
    return testQemuCapsCacheLookupOnce(0);
}

static int
testQemuCapsCacheTouched(const void *opaque)
{
    struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };

    /* A new mtime (and ctime), same size: must probe again. */
    if (utimensat(AT_FDCWD, cacheEnv.binary, ts, 0) < 0)
        return -1;
    return testQemuCapsCacheLookupOnce(1) < 0 ||
           testQemuCapsCacheLookupOnce(0) < 0 ? -1 : 0;
}

static int
testQemuCapsCacheResized(const void *opaque)
{
    if (virFileRewriteStr(cacheEnv.binary, 0755, "#!/bin/sh\nexit 1\n# changed\n") < 0)
        return -1;
    return testQemuCapsCacheLookupOnce(1) < 0 ||
           testQemuCapsCacheLookupOnce(0) < 0 ? -1 : 0;
}

typedef struct {
    const char *title;
    const char *content;    /* what the cache file is replaced with */
} qemuCapsCorruptCase;

static unsigned int warnings;

static void
testQemuCapsCountWarning(const gchar *domain, GLogLevelFlags level,
                         const gchar *message, gpointer opaque)
{
    warnings++;
    printf("     warning: %s\n", message);
}

/* A corrupt file is discarded with a warning, probed over and replaced
 * by a valid one. */
static int
testQemuCapsCacheCorrupt(const void *opaque)
{
    const qemuCapsCorruptCase *c = opaque;
    g_autofree char *path = virQEMUCapsCachePath(cacheEnv.cacheDir, cacheEnv.binary);
    g_autofree char *after = NULL;
    g_autoptr(virQEMUCaps) parsed = NULL;

    unsigned int before = warnings;

    if (virFileRewriteStr(path, 0644, c->content) < 0)
        return -1;
    if (testQemuCapsCacheLookupOnce(1) < 0)
        return -1;
    if (warnings != before + 1) {
        printf("expected one warning about the corrupt cache\n");
        return -1;
    }
    if (virFileReadAll(path, 1024 * 1024, &after) < 0 ||
        !(parsed = virQEMUCapsParseCache(after, path))) {
        printf("cache file not replaced by a valid one\n");
        return -1;
    }
    return testQemuCapsCacheLookupOnce(0);
}

/* The cache written by another version of this tree is not trusted. */
static int
testQemuCapsCacheOtherVersion(const void *opaque)
{
    g_autofree char *path = virQEMUCapsCachePath(cacheEnv.cacheDir, cacheEnv.binary);
    g_autofree char *xml = NULL;
    g_autoptr(GString) edited = NULL;

    if (virFileReadAll(path, 1024 * 1024, &xml) < 0)
        return -1;
    edited = g_string_new(xml);
    if (g_string_replace(edited, "<selfVersion>" PACKAGE_VERSION "<",
                         "<selfVersion>0.0.0-other<", 1) != 1 ||
        virFileRewriteStr(path, 0644, edited->str) < 0)
        return -1;
    return testQemuCapsCacheLookupOnce(1);
}

/* Parse errors name the problem; the parser rejects what it does not know. */
static int
testQemuCapsParseInvalid(const void *opaque)
{
    const char *xml = opaque;
    g_autoptr(virQEMUCaps) caps = virQEMUCapsParseCache(xml, "test.xml");

    if (caps) {
        printf("accepted invalid cache XML:\n%s\n", xml);
        return -1;
    }
    if (virGetLastErrorCode() != VIR_ERR_XML_ERROR) {
        printf("unexpected error: %s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

/* Format -> parse -> format is stable for the golden files. */
static int
testQemuCapsRoundTrip(const void *opaque)
{
    g_autofree char *path = g_strdup_printf("%s/qemucapabilitiesdata/%s.xml",
                                            virTestSrcDir(), (const char *)opaque);
    g_autofree char *xml = NULL;
    g_autofree char *again = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;

    if (virFileReadAll(path, 1024 * 1024, &xml) < 0 ||
        !(caps = virQEMUCapsParseCache(xml, path)))
        return -1;
    again = virQEMUCapsFormatCache(caps);
    return virTestCompareStrings(xml, again);
}

static int
testQemuCapsCacheSetup(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *replies = g_strdup_printf("%s/qemucapabilitiesdata/caps_7.2.0_x86_64.replies",
                                               virTestSrcDir());

    if (!(cacheEnv.dir = g_dir_make_tmp("qemucapstest-XXXXXX", &err))) {
        printf("cannot make a temporary directory: %s\n", err->message);
        return -1;
    }
    cacheEnv.binary = g_build_filename(cacheEnv.dir, "qemu-system-x86_64", NULL);
    cacheEnv.cacheDir = g_build_filename(cacheEnv.dir, "cache", "qemu", NULL);
    if (virFileRewriteStr(cacheEnv.binary, 0755, "#!/bin/sh\nexit 1\n") < 0 ||
        !(cacheEnv.replay = virQEMUReplayLoad(replies)))
        return -1;
    virQEMUCapsCacheSetProbeOps(&virQEMUReplayProbeOps, cacheEnv.replay);
    g_log_set_handler(NULL, G_LOG_LEVEL_WARNING, testQemuCapsCountWarning, NULL);
    return 0;
}

static void
testQemuCapsCacheTeardown(void)
{
    g_autofree char *path = NULL;

    virQEMUCapsCacheSetProbeOps(NULL, NULL);
    if (cacheEnv.binary) {
        path = virQEMUCapsCachePath(cacheEnv.cacheDir, cacheEnv.binary);
        unlink(path);
        unlink(cacheEnv.binary);
        rmdir(cacheEnv.cacheDir);
        g_clear_pointer(&path, g_free);
        path = g_build_filename(cacheEnv.dir, "cache", NULL);
        rmdir(path);
        rmdir(cacheEnv.dir);
    }
    virQEMUReplayFree(cacheEnv.replay);
    g_free(cacheEnv.binary);
    g_free(cacheEnv.cacheDir);
    g_free(cacheEnv.dir);
}

static int
mymain(void)
{
    static const qemuCapsReplayCase replays[] = {
        { "caps_7.2.0_x86_64", QEMU_CAPS_NETDEV_BRIDGE, QEMU_CAPS_KVM_ENABLED },
        /* synthetic: the recording without the 'bridge' netdev */
        { "caps_7.2.0_x86_64-nobridge", QEMU_CAPS_NETDEV_TAP, QEMU_CAPS_NETDEV_BRIDGE },
    };
    static const qemuCapsCorruptCase corrupt[] = {
        { "cache: garbage file is replaced", "\x01\x02 not xml at all" },
        { "cache: truncated file is replaced", "<qemuCaps>\n  <selfVersion>" PACKAGE_VERSION },
        { "cache: empty file is replaced", "" },
        { "cache: unknown flag is replaced",
          "<qemuCaps><selfVersion>" PACKAGE_VERSION "</selfVersion>"
          "<binary path='/x' size='1' mtime='1' ctime='1'/><version>7002000</version>"
          "<arch>x86_64</arch><flag name='no-such-flag'/></qemuCaps>" },
    };
    static const char *const invalid[] = {
        "<qemuCaps/>",
        "<other/>",
        "<qemuCaps><binary path='/x' size='-1' mtime='0' ctime='0'/>"
        "<version>7002000</version><arch>x86_64</arch></qemuCaps>",
        "<qemuCaps><binary path='/x' size='1' mtime='0' ctime='0'/>"
        "<version>seven</version><arch>x86_64</arch></qemuCaps>",
        "<qemuCaps><binary path='/x' size='1' mtime='0' ctime='0'/>"
        "<version>7002000</version><arch>x86_64</arch><flag name='kvm-enabled'/></qemuCaps>",
        "<qemuCaps><binary path='/x' size='1' mtime='0' ctime='0'/>"
        "<version>7002000</version><arch>x86_64</arch><machine maxCpus='1'/></qemuCaps>",
        "<qemuCaps><binary path='/x' size='1' mtime='0' ctime='0'/>"
        "<version>7002000</version><arch>x86_64</arch><surprise/></qemuCaps>",
    };
    static const char *const dataSuffixes[] = { ".replies", ".xml", NULL };
    g_autofree char *datadir = g_strdup_printf("%s/qemucapabilitiesdata", virTestSrcDir());
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(replays); i++) {
        g_autofree char *title = g_strdup_printf("replay %s", replays[i].name);

        ret |= virTestRun(title, testQemuCapsReplay, &replays[i]);
        g_free(title);
        title = g_strdup_printf("round trip %s.xml", replays[i].name);
        ret |= virTestRun(title, testQemuCapsRoundTrip, replays[i].name);
    }
    ret |= virTestRun("replay cut short fails the probe", testQemuCapsReplayTruncated, NULL);
    ret |= virTestRun("machine-acpi from query-machines", testQemuCapsMachineACPI, NULL);
    for (i = 0; i < G_N_ELEMENTS(invalid); i++) {
        g_autofree char *title = g_strdup_printf("invalid cache XML #%zu", i + 1);

        ret |= virTestRun(title, testQemuCapsParseInvalid, invalid[i]);
    }

    if (testQemuCapsCacheSetup() < 0) {
        ret = -1;
    } else {
        ret |= virTestRun("cache: first lookup probes and writes", testQemuCapsCacheFirst, NULL);
        ret |= virTestRun("cache: second lookup does not probe", testQemuCapsCacheSecond, NULL);
        ret |= virTestRun("cache: touched binary is probed again", testQemuCapsCacheTouched, NULL);
        ret |= virTestRun("cache: changed binary is probed again", testQemuCapsCacheResized, NULL);
        for (i = 0; i < G_N_ELEMENTS(corrupt); i++)
            ret |= virTestRun(corrupt[i].title, testQemuCapsCacheCorrupt, &corrupt[i]);
        ret |= virTestRun("cache: other tree version is probed again",
                          testQemuCapsCacheOtherVersion, NULL);
    }
    testQemuCapsCacheTeardown();

    if (virTestCheckUnused(datadir, dataSuffixes) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
