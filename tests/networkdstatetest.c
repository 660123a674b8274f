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

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

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

/* A valid record, for the tests that write a state directory. */
static const virNetworkdPortRecord testRecord = {
    .uid = 1000, .ifname = (char *)"vnet1", .ifindex = 7,
    .plug = VIR_NETWORKD_PLUG_BRIDGE, .bridge = (char *)"br0",
    .mac = { { 0x52, 0x54, 0, 1, 2, 3 } }, .mtu = 1500, .queues = 1,
    .created = 5,
};

/**
 * testDirRemove:
 * Removes @dir and the files (not subdirectories) in it.  Accepts NULL.
 */
static void
testDirRemove(const char *dir)
{
    g_autoptr(GDir) d = dir ? g_dir_open(dir, 0, NULL) : NULL;
    const char *n;

    while (d && (n = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, n, NULL);

        unlink(p);
    }
    if (dir)
        rmdir(dir);
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
    virNetworkdPortRecord rec = testRecord;
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
    testDirRemove(dir);
    return ret;
}

/* What a record pointed at by a symbolic link, or a file that is not a
 * record, contains; it must never reach a message. */
#define SECRET "root:SECRET-HASH:19000:0:99999:7:::"

/**
 * testStateLoadUntrusted:
 * A state directory with one good record and files that are not the
 * daemon's: a FIFO named *.port (loading must not block on it), symbolic
 * links to a secret file and to a valid record of another uid, a hard
 * link, and a regular file of secret text.  Only the good record loads;
 * every other file is reported with a reason that quotes nothing of it.
 */
static int
testStateLoadUntrusted(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("networkdstatetest-XXXXXX", NULL);
    g_autofree char *outside = g_dir_make_tmp("networkdstatetest-out-XXXXXX", NULL);
    g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) loaded = NULL;
    virNetworkdPortRecord rec = testRecord;
    g_autofree char *secret = NULL;
    g_autofree char *forged = NULL;
    g_autofree char *forgedText = NULL;
    g_autofree char *p = NULL;
    int ret = -1;
    size_t i;

    if (!dir || !outside)
        goto cleanup;
    virUUIDParse("00000000-0000-4000-8000-000000000001", rec.uuid);
    if (virNetworkdStateSave(dir, &rec) < 0)
        goto cleanup;

    /* a valid record of uid 2000 for the same tap, outside the directory */
    virUUIDParse("00000000-0000-4000-8000-000000000002", rec.uuid);
    rec.uid = 2000;
    forgedText = virNetworkdPortRecordFormat(&rec);
    forged = g_build_filename(outside, "forged", NULL);
    secret = g_build_filename(outside, "shadow", NULL);
    if (virFileRewriteStr(forged, 0644, forgedText) < 0 ||
        virFileRewriteStr(secret, 0600, SECRET "\n") < 0)
        goto cleanup;

    p = g_build_filename(dir, "fifo.port", NULL);
    if (mkfifo(p, 0600) < 0)
        goto cleanup;
    g_free(p);
    p = g_build_filename(dir, "00000000-0000-4000-8000-000000000002.port", NULL);
    if (symlink(forged, p) < 0)
        goto cleanup;
    g_free(p);
    p = g_build_filename(dir, "shadow.port", NULL);
    if (symlink(secret, p) < 0)
        goto cleanup;
    g_free(p);
    p = g_build_filename(dir, "hardlink.port", NULL);
    if (link(secret, p) < 0)
        goto cleanup;
    g_free(p);
    p = g_build_filename(dir, "text.port", NULL);
    if (virFileRewriteStr(p, 0600, SECRET "\n") < 0)
        goto cleanup;

    if (!(loaded = virNetworkdStateLoad(dir, bad)))
        goto cleanup;
    for (i = 0; i < bad->len; i++) {
        const char *what = g_ptr_array_index(bad, i);

        if (strstr(what, "SECRET") || strstr(what, "root:")) {
            fprintf(stderr, "a reason quotes the file: %s\n", what);
            goto cleanup;
        }
    }
    if (loaded->len != 1 || bad->len != 5 ||
        ((virNetworkdPortRecord *)g_ptr_array_index(loaded, 0))->uid != 1000) {
        fprintf(stderr, "loaded %u records and %u bad files, expected 1 (uid 1000) and 5\n",
                loaded->len, bad->len);
        for (i = 0; i < bad->len; i++)
            fprintf(stderr, "  %s\n", (const char *)g_ptr_array_index(bad, i));
        goto cleanup;
    }
    ret = 0;

 cleanup:
    testDirRemove(dir);
    testDirRemove(outside);
    return ret;
}

typedef struct {
    const char *what;
    mode_t mode;
    uid_t owner;               /* (uid_t)-1: the test's own */
    bool symlinked;            /* the path is a symbolic link to the directory */
    const char *expect;        /* part of the error, NULL: accepted */
} testDirCase;

/**
 * testStateDirOne:
 * One state directory through virNetworkdStateDirCheck.
 */
static int
testStateDirOne(const void *opaque)
{
    const testDirCase *c = opaque;
    g_autofree char *dir = g_dir_make_tmp("networkdstatetest-dir-XXXXXX", NULL);
    g_autofree char *link = NULL;
    const char *checked = dir;
    int rc;
    int ret = -1;

    if (!dir || chmod(dir, c->mode) < 0)
        goto cleanup;
    if (c->owner != (uid_t)-1 && chown(dir, c->owner, (gid_t)-1) < 0) {
        fprintf(stderr, "cannot chown (not root?): %s\n", g_strerror(errno));
        goto cleanup;
    }
    if (c->symlinked) {
        link = g_strdup_printf("%s.link", dir);
        if (symlink(dir, link) < 0)
            goto cleanup;
        checked = link;
    }
    virResetLastError();
    rc = virNetworkdStateDirCheck(checked);
    if (!c->expect) {
        if (rc < 0) {
            fprintf(stderr, "refused: %s\n", virGetLastErrorMessage());
            goto cleanup;
        }
    } else if (rc == 0 || !strstr(virGetLastErrorMessage(), c->expect)) {
        fprintf(stderr, "expected an error with '%s', got %d '%s'\n", c->expect, rc,
                rc < 0 ? virGetLastErrorMessage() : "");
        goto cleanup;
    }
    ret = 0;

 cleanup:
    if (link)
        unlink(link);
    if (dir)
        rmdir(dir);
    return ret;
}

typedef struct {
    const char *what;
    const char *recName;       /* the record's ifname */
    bool exists;               /* the kernel has the record's ifindex */
    const char *kernelName;
    const char *kind;
    virNetworkdReconcileAction expect;
    /* the tap's state, for the fd holder's cases (a zero tail: a tap
     * that is down, without MAC, owner, group or fds) */
    bool up;
    bool carrier;
    int queues;                /* -1: not known (single queue) */
    bool persist;
    bool hasOwner;
    unsigned int owner;
    bool hasGroup;
    const char *mac;           /* NULL: none */
    virNetworkdPlug plug;      /* the record's (default: bridge) */
} testReconcileCase;

#define TEST_DAEMON_UID 0

static int
testReconcileOne(const void *opaque)
{
    const testReconcileCase *c = opaque;
    virNetworkdPortRecord rec = {
        .ifname = (char *)c->recName, .ifindex = 42, .plug = c->plug,
        .mac = { { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 } },
    };
    virNetworkdKernelLink link = {
        .exists = c->exists, .ifname = c->kernelName, .kind = c->kind,
        .up = c->up, .carrier = c->carrier, .queues = c->queues,
        .persist = c->persist,
        .hasOwner = c->hasOwner, .owner = c->owner, .hasGroup = c->hasGroup,
    };
    virNetworkdReconcileAction got;

    if (c->mac) {
        link.hasMac = true;
        if (virMacAddrParse(c->mac, &link.mac) < 0)
            return -1;
    }
    got = virNetworkdStateReconcileDecide(&rec, &link, TEST_DAEMON_UID);

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
        "full", "minimal", "openvswitch", "routed", "direct", "direct-default-mode", "bandwidth",
        "bandwidth-ifb", "bad-ifb-name",
        "bad-bandwidth-key", "bad-bandwidth-outbound-floor", "bad-bandwidth-peak", "bad-bandwidth-syntax",
        "filter", "bad-filter-ips", "bad-filter-name",
        "bad-direct-device", "bad-direct-mode", "bad-direct-no-device", "bad-holder-bridge",
        "bad-holder-half", "bad-holder-pid-big", "bad-holder-zero", "bad-lower-mac",
        "bad-bridge-percent", "bad-ifindex-zero", "bad-ifname-long",
        "bad-ifname-slash", "bad-interfaceid", "bad-mac-multicast", "bad-missing-created",
        "bad-missing-ifname", "bad-mtu", "bad-owner-name", "bad-plug",
        "bad-queues", "bad-routed-bridge", "bad-second-group", "bad-syntax", "bad-uid-max",
        "bad-uid-negative", "bad-unknown-key", "bad-uuid", "bad-vnet-hdr",
        "network", "network-bridge", "bad-network-no-bridge", "bad-network-empty",
        "bad-network-bridge", "ovn-northbound", "bad-ovn-northbound", "bad-ovn-northbound-tcp",
        "bad-ovn-switch-network",
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
#define TAP "vnet3", true, "vnet3", "tun"
#define HOST_MAC "fe:54:00:12:34:56"
        /* what the holder of the tap's fd may have done (the record's guest
         * MAC is 52:54:00:12:34:56) */
        { "tap as created", TAP, VIR_NETWORKD_RECONCILE_KEEP, true, true, 1, false, true, 0, false, HOST_MAC },
        { "tap of an older daemon, no owner", TAP, VIR_NETWORKD_RECONCILE_KEEP,
          true, true, 4, false, false, 0, false, HOST_MAC },
        { "TUNSETPERSIST", TAP, VIR_NETWORKD_RECONCILE_DELETE_PERSIST,
          true, true, 1, true, true, 0, false, HOST_MAC },
        { "TUNSETPERSIST, then the last fd closed", TAP, VIR_NETWORKD_RECONCILE_DELETE_PERSIST,
          true, false, 0, true, true, 0, false, HOST_MAC },
        { "TUNSETPERSIST on a tap that is down", TAP, VIR_NETWORKD_RECONCILE_DELETE_PERSIST,
          false, false, 0, true, true, 0, false, HOST_MAC },
        { "TUNSETOWNER to the holder", TAP, VIR_NETWORKD_RECONCILE_DELETE_OWNER,
          true, true, 1, false, true, 1000, false, HOST_MAC },
        { "TUNSETGROUP", TAP, VIR_NETWORKD_RECONCILE_DELETE_OWNER,
          true, true, 1, false, true, 0, true, HOST_MAC },
        { "TUNSETGROUP on an ownerless tap", TAP, VIR_NETWORKD_RECONCILE_DELETE_OWNER,
          true, true, 1, false, false, 0, true, HOST_MAC },
        { "TUNSETCARRIER off", TAP, VIR_NETWORKD_RECONCILE_DELETE_CARRIER,
          true, false, 1, false, true, 0, false, HOST_MAC },
        { "TUNSETCARRIER off, single queue", TAP, VIR_NETWORKD_RECONCILE_DELETE_CARRIER,
          true, false, -1, false, true, 0, false, HOST_MAC },
        { "single queue as created", TAP, VIR_NETWORKD_RECONCILE_KEEP,
          true, true, -1, false, true, 0, false, HOST_MAC },
        { "last fd closed: the kernel removes it", TAP, VIR_NETWORKD_RECONCILE_KEEP,
          true, false, 0, false, true, 0, false, HOST_MAC },
        { "down: no carrier, not the holder's doing", TAP, VIR_NETWORKD_RECONCILE_KEEP,
          false, false, 1, false, true, 0, false, HOST_MAC },
        { "SIOCSIFHWADDR 00:00:00:00:00:01", TAP, VIR_NETWORKD_RECONCILE_RESET_MAC,
          true, true, 1, false, true, 0, false, "00:00:00:00:00:01" },
        { "the guest's MAC on the host side", TAP, VIR_NETWORKD_RECONCILE_RESET_MAC,
          true, true, 1, false, true, 0, false, "52:54:00:12:34:56" },
        { "persistent and a new MAC: deleted", TAP, VIR_NETWORKD_RECONCILE_DELETE_PERSIST,
          true, true, 1, true, true, 0, false, "00:00:00:00:00:01" },
        { "a macvtap where a tap was", "vnet3", true, "vnet3", "macvtap",
          VIR_NETWORKD_RECONCILE_DROP_KIND, true, true, 1, false, false, 0, false, HOST_MAC },
#define MACVTAP "macvtap3", true, "macvtap3", "macvtap"
#define DIRECT VIR_NETWORKD_PLUG_DIRECT
        /* plug direct: a macvtap with the guest's own MAC; nothing of a
         * tap's applies (the kernel reports none of it) */
        { "macvtap as created", MACVTAP, VIR_NETWORKD_RECONCILE_KEEP,
          true, true, -1, false, false, 0, false, "52:54:00:12:34:56", DIRECT },
        { "macvtap whose lower device lost its carrier", MACVTAP, VIR_NETWORKD_RECONCILE_KEEP,
          true, false, -1, false, false, 0, false, "52:54:00:12:34:56", DIRECT },
        { "macvtap gone", "macvtap3", false, NULL, NULL, VIR_NETWORKD_RECONCILE_DROP_GONE,
          false, false, 0, false, false, 0, false, NULL, DIRECT },
        { "a tap where a macvtap was", "macvtap3", true, "macvtap3", "tun",
          VIR_NETWORKD_RECONCILE_DROP_KIND, true, true, 1, false, true, 0, false, HOST_MAC, DIRECT },
        { "a macvlan where a macvtap was", "macvtap3", true, "macvtap3", "macvlan",
          VIR_NETWORKD_RECONCILE_DROP_KIND, true, true, -1, false, false, 0, false, NULL, DIRECT },
        { "macvtap with another MAC", MACVTAP, VIR_NETWORKD_RECONCILE_RESET_MAC,
          true, true, -1, false, false, 0, false, "00:00:00:00:00:01", DIRECT },
        { "macvtap with the host-side MAC", MACVTAP, VIR_NETWORKD_RECONCILE_RESET_MAC,
          true, true, -1, false, false, 0, false, HOST_MAC, DIRECT },
#undef MACVTAP
#undef DIRECT
#undef TAP
#undef HOST_MAC
    };
    static const testDirCase dirs[] = {
        { "0700, the daemon's", 0700, (uid_t)-1, false, NULL },
        { "0755, the daemon's", 0755, (uid_t)-1, false, NULL },
        { "0777", 0777, (uid_t)-1, false, "writable by group or others (mode 0777)" },
        { "0770", 0770, (uid_t)-1, false, "writable by group or others" },
        { "0702", 0702, (uid_t)-1, false, "writable by group or others" },
        { "a symbolic link to a good one", 0700, (uid_t)-1, true, "not a directory" },
        { "0700 of uid 1000", 0700, 1000, false, "owned by uid 1000" },
        { "0777 of uid 1000", 0777, 1000, false, "owned by uid 1000" },
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
    if (virTestRun("state directory: untrusted files are not read", testStateLoadUntrusted,
                   NULL) < 0)
        ret = -1;
    for (i = 0; i < G_N_ELEMENTS(dirs); i++) {
        g_autofree char *title = g_strdup_printf("state directory %s", dirs[i].what);

        /* a directory of another uid needs chown: root only */
        if (dirs[i].owner != (uid_t)-1 && geteuid() != 0)
            continue;
        if (virTestRun(title, testStateDirOne, &dirs[i]) < 0)
            ret = -1;
    }
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
