/*
 * networkdstatetest.c: port record files and reconciliation decisions
 *
 * networkdstatedata/NAME.port is parsed; a valid record is formatted back
 * and compared with NAME.fmt, an invalid one's error with NAME.err
 * (VIR_TEST_REGENERATE_OUTPUT=1 rewrites both).  Every data file must be
 * used.  Reconciliation decisions are checked against a mocked kernel
 * view, one case per line.
 */
#include "testutils.h"
#include "networkd_state.h"
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <string.h>

/**
 * testStateFileOne:
 * @opaque: the base name of a data file (without .port)
 */
static int
testStateFileOne(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *in = g_strdup_printf("networkdstatedata/%s.port", name);
    g_autofree char *inPath = g_build_filename(virTestSrcDir(), in, NULL);
    g_autofree char *data = NULL;
    g_autofree char *actual = NULL;
    g_autofree char *out = NULL;
    g_autofree char *outPath = NULL;
    g_autoptr(virNetworkdPortRecord) rec = NULL;
    g_autoptr(virNetworkdPortRecord) again = NULL;
    g_autofree char *formatted2 = NULL;
    ssize_t len;

    virTestMarkUsed(in);
    if ((len = virFileReadAll(inPath, VIR_NETWORKD_PORT_FILE_MAX, &data)) < 0)
        return -1;

    virResetLastError();
    if (!(rec = virNetworkdPortRecordParse(data, len))) {
        out = g_strdup_printf("networkdstatedata/%s.err", name);
        actual = g_strdup_printf("%s\n", virGetLastErrorMessage());
    } else {
        out = g_strdup_printf("networkdstatedata/%s.fmt", name);
        actual = virNetworkdPortRecordFormat(rec);
        /* What we write, we read back to the same record. */
        if (!(again = virNetworkdPortRecordParse(actual, strlen(actual)))) {
            fprintf(stderr, "formatted record does not parse: %s\n", virGetLastErrorMessage());
            return -1;
        }
        formatted2 = virNetworkdPortRecordFormat(again);
        if (virTestCompareStrings(actual, formatted2) < 0)
            return -1;
    }
    virTestMarkUsed(out);
    outPath = g_build_filename(virTestSrcDir(), out, NULL);
    return virTestCompareToFile(actual, outPath);
}

/**
 * testStateSaveLoad:
 * Saves two records to a temporary state directory, adds junk (a bad
 * record, a misnamed one, a leftover temporary file), and checks what
 * virNetworkdStateLoad() keeps and reports.
 */
static int
testStateSaveLoad(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("networkdstatetest-XXXXXX", NULL);
    g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) loaded = NULL;
    virNetworkdPortRecord rec = {
        .uid = 1000, .ifname = (char *)"vnet1", .ifindex = 7,
        .plug = VIR_NETWORKD_PLUG_BRIDGE, .bridge = (char *)"br0",
        .mac = { { 0x52, 0x54, 0, 1, 2, 3 } }, .mtu = 1500, .queues = 1,
        .created = 5,
    };
    g_autofree char *misnamed = NULL;
    g_autofree char *junk = NULL;
    g_autofree char *tmp = NULL;
    g_autofree char *path = NULL;
    int ret = -1;

    if (!dir)
        return -1;
    virUUIDParse("00000000-0000-4000-8000-000000000001", rec.uuid);
    if (virNetworkdStateSave(dir, &rec) < 0)
        goto cleanup;
    virUUIDParse("00000000-0000-4000-8000-000000000002", rec.uuid);
    rec.ifname = (char *)"vnet2";
    if (virNetworkdStateSave(dir, &rec) < 0)
        goto cleanup;

    /* a record under another UUID's name */
    path = virNetworkdStatePath(dir, rec.uuid);
    misnamed = g_build_filename(dir, "00000000-0000-4000-8000-000000000009.port", NULL);
    junk = g_build_filename(dir, "junk.port", NULL);
    tmp = g_build_filename(dir, ".00000000-0000-4000-8000-000000000003.port.XYZ", NULL);
    if (virFileRewriteStr(misnamed, 0600, "x") < 0 ||
        virFileRewriteStr(junk, 0600, "[port]\nuuid=zz\n") < 0 ||
        virFileRewriteStr(tmp, 0600, "half a reco") < 0)
        goto cleanup;
    {
        g_autofree char *data = NULL;
        ssize_t len = virFileReadAll(path, VIR_NETWORKD_PORT_FILE_MAX, &data);

        /* copy record 2 under record 9's name: valid, but misnamed */
        if (len < 0 || virFileRewriteStr(misnamed, 0600, data) < 0)
            goto cleanup;
    }

    if (!(loaded = virNetworkdStateLoad(dir, bad)))
        goto cleanup;
    if (loaded->len != 2 || bad->len != 2) {
        fprintf(stderr, "loaded %u records and %u bad files, expected 2 and 2\n",
                loaded->len, bad->len);
        goto cleanup;
    }
    if (virNetworkdStateRemove(dir, rec.uuid) < 0 ||
        virNetworkdStateRemove(dir, rec.uuid) < 0)   /* missing is fine */
        goto cleanup;
    ret = 0;

 cleanup:
    if (dir) {
        g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
        const char *n;

        while (d && (n = g_dir_read_name(d))) {
            g_autofree char *p = g_build_filename(dir, n, NULL);

            unlink(p);
        }
        rmdir(dir);
    }
    return ret;
}

typedef struct {
    const char *what;
    const char *recName;       /* the record's ifname */
    bool exists;               /* the kernel has the record's ifindex */
    const char *kernelName;
    const char *kind;
    virNetworkdReconcileAction expect;
} testReconcileCase;

static int
testReconcileOne(const void *opaque)
{
    const testReconcileCase *c = opaque;
    virNetworkdPortRecord rec = { .ifname = (char *)c->recName, .ifindex = 42 };
    virNetworkdKernelLink link = {
        .exists = c->exists, .ifname = c->kernelName, .kind = c->kind,
    };
    virNetworkdReconcileAction got = virNetworkdStateReconcileDecide(&rec, &link);

    if (got != c->expect) {
        fprintf(stderr, "decided %s, expected %s\n",
                virNetworkdReconcileActionTypeToString(got),
                virNetworkdReconcileActionTypeToString(c->expect));
        return -1;
    }
    return 0;
}

static int
mymain(void)
{
    static const char *const files[] = {
        "full", "minimal",
        "bad-bridge-percent", "bad-ifindex-zero", "bad-ifname-long",
        "bad-ifname-slash", "bad-mac-multicast", "bad-missing-created",
        "bad-missing-ifname", "bad-mtu", "bad-owner-name", "bad-plug",
        "bad-queues", "bad-second-group", "bad-syntax", "bad-uid-max",
        "bad-uid-negative", "bad-unknown-key", "bad-uuid", "bad-vnet-hdr",
    };
    static const testReconcileCase reconcile[] = {
        { "device still there", "vnet3", true, "vnet3", "tun", VIR_NETWORKD_RECONCILE_KEEP },
        { "device gone", "vnet3", false, NULL, NULL, VIR_NETWORKD_RECONCILE_DROP_GONE },
        { "ifindex reused by another name", "vnet3", true, "eth0", "", VIR_NETWORKD_RECONCILE_DROP_RENAMED },
        { "ifindex reused by another tap", "vnet3", true, "vnet9", "tun", VIR_NETWORKD_RECONCILE_DROP_RENAMED },
        { "same name, not a tap", "vnet3", true, "vnet3", "veth", VIR_NETWORKD_RECONCILE_DROP_KIND },
        { "same name, no kind", "vnet3", true, "vnet3", "", VIR_NETWORKD_RECONCILE_DROP_KIND },
        { "same name, kind unknown", "vnet3", true, "vnet3", NULL, VIR_NETWORKD_RECONCILE_DROP_KIND },
        { "name unknown", "vnet3", true, NULL, "tun", VIR_NETWORKD_RECONCILE_DROP_RENAMED },
        { "name prefix only", "vnet3", true, "vnet30", "tun", VIR_NETWORKD_RECONCILE_DROP_RENAMED },
    };
    static const char *const suffixes[] = { ".port", ".fmt", ".err", NULL };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *title = g_strdup_printf("state file %s", files[i]);

        if (virTestRun(title, testStateFileOne, files[i]) < 0)
            ret = -1;
    }
    if (virTestRun("state directory save/load/remove", testStateSaveLoad, NULL) < 0)
        ret = -1;
    for (i = 0; i < G_N_ELEMENTS(reconcile); i++) {
        g_autofree char *title = g_strdup_printf("reconcile: %s", reconcile[i].what);

        if (virTestRun(title, testReconcileOne, &reconcile[i]) < 0)
            ret = -1;
    }
    {
        g_autofree char *dir = g_build_filename(virTestSrcDir(), "networkdstatedata", NULL);

        if (virTestCheckUnused(dir, suffixes) < 0)
            ret = -1;
    }
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
