/*
 * virtaahelpertest.c: domain XML -> AppArmor profile golden files, the
 * conditional bridge-helper transition, and refused paths
 *
 * tests/virtaahelperdata/NAME.xml -> NAME.profile (what virt-aa-helper -p
 * prints) or NAME.err (the error for a refused domain).
 * VIR_TEST_REGENERATE_OUTPUT=1 rewrites the expected files.
 *
 * The golden files and the path table see a fake host (testAAFakeFiles):
 * block devices, control nodes and symlinks that exist on no test
 * machine.  The symlink, FIFO and directory cases at the end use the real
 * file system, so the real lstat/readlink walk is tested too.
 */
#include "testutils.h"
#include "domain_conf.h"
#include "security_apparmor.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    const char *name;
    bool ownHelper;     /* bridge_helper = this tree's libvirt-bridge-helper */
} testAACase;

/* The fake host: what exists, and what each symlink points at.  A
 * directory that holds a listed path exists too. */
typedef struct {
    const char *path;
    mode_t type;            /* S_IFREG, S_IFBLK, ... */
    const char *target;     /* S_IFLNK only */
    nlink_t nlink;          /* 0 means 1 */
} testAAFakeFile;

static const testAAFakeFile testAAFakeFiles[] = {
    { "/dev/sda", S_IFBLK, NULL, 0 },
    { "/dev/dm-0", S_IFBLK, NULL, 0 },
    { "/dev/nvme0n1", S_IFBLK, NULL, 0 },
    { "/dev/loop0", S_IFBLK, NULL, 0 },
    { "/dev/disk/by-id/wwn-0x5000c500a1b2c3d4", S_IFLNK, "../../sda", 0 },
    { "/dev/mapper/vg-lv", S_IFLNK, "../dm-0", 0 },
    /* the control nodes of the issue, all character devices */
    { "/dev/loop-control", S_IFCHR, NULL, 0 },
    { "/dev/mapper/control", S_IFCHR, NULL, 0 },
    { "/dev/nvme0", S_IFCHR, NULL, 0 },
    { "/dev/vduse/control", S_IFCHR, NULL, 0 },
    /* device nodes outside /dev: only the type check can tell */
    { "/srv/vm/cdev", S_IFCHR, NULL, 0 },
    { "/srv/vm/blk", S_IFBLK, NULL, 0 },
    { "/srv/vm/data.raw", S_IFREG, NULL, 0 },
    { "/srv/vm/fifo", S_IFIFO, NULL, 0 },
    { "/srv/vm/sock", S_IFSOCK, NULL, 0 },
    { "/srv/vm/linked.img", S_IFREG, NULL, 2 },
    { "/srv/vm/good.img", S_IFLNK, "data.raw", 0 },
    { "/srv/vm/dots.img", S_IFLNK, "../vm/./../vm/data.raw", 0 },
    { "/srv/vm/cdev-link", S_IFLNK, "cdev", 0 },
    /* symlinks into denied directories, dangling or not */
    { "/srv/vm/escape.img", S_IFLNK, "/usr/local/libexec/x", 0 },
    { "/srv/vm/polkit", S_IFLNK, "../../usr/share/polkit-1", 0 },
    { "/srv/vm/cron.img", S_IFLNK, "../../var/spool/cron/crontabs/root", 0 },
    { "/srv/vm/unit.img", S_IFLNK, "/run/systemd/system/x.service", 0 },
    { "/srv/vm/through-missing", S_IFLNK, "/srv/nothere/../../etc/shadow", 0 },
    { "/srv/vm/loop", S_IFLNK, "loop", 0 },
    { "/srv/vm/to-loop-control", S_IFLNK, "/dev/loop-control", 0 },
    { "/usr/share/polkit-1/rules.d", S_IFDIR, NULL, 0 },
    { "/usr/local/libexec", S_IFDIR, NULL, 0 },
    { "/var/spool/cron/crontabs/root", S_IFREG, NULL, 0 },
    { "/usr/bin/qemu-system-x86_64", S_IFREG, NULL, 0 },
};

static int
testAAFakeLstat(const char *path, struct stat *st)
{
    size_t len = strlen(path);
    size_t i;

    memset(st, 0, sizeof(*st));
    st->st_nlink = 1;
    if (strcmp(path, "/") == 0) {
        st->st_mode = S_IFDIR | 0755;
        return 0;
    }
    for (i = 0; i < G_N_ELEMENTS(testAAFakeFiles); i++) {
        const testAAFakeFile *f = &testAAFakeFiles[i];

        if (strcmp(f->path, path) == 0) {
            st->st_mode = f->type | 0644;
            if (f->nlink)
                st->st_nlink = f->nlink;
            return 0;
        }
        if (strncmp(f->path, path, len) == 0 && f->path[len] == '/') {
            st->st_mode = S_IFDIR | 0755;
            return 0;
        }
    }
    errno = ENOENT;
    return -1;
}

static ssize_t
testAAFakeReadlink(const char *path, char *buf, size_t size)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(testAAFakeFiles); i++) {
        if (strcmp(testAAFakeFiles[i].path, path) == 0 && testAAFakeFiles[i].target) {
            g_strlcpy(buf, testAAFakeFiles[i].target, size);
            return MIN(strlen(testAAFakeFiles[i].target), size);
        }
    }
    errno = EINVAL;
    return -1;
}

static const virSecurityAppArmorHostOps testAAFakeHost = {
    .lstatFunc = testAAFakeLstat,
    .readlinkFunc = testAAFakeReadlink,
};

/* The driver directories of every test, on the fake host. */
static const virSecurityAppArmorConfig testAAFakeConfig = {
    .bridgeHelper = "/usr/lib/qemu/qemu-bridge-helper",
    .ownBridgeHelper = "/usr/libexec/libvirt-bridge-helper",
    .runDir = "/run/libvirt/qemu",
    .logDir = "/var/log/libvirt/qemu",
    .host = &testAAFakeHost,
};

static char *templ;

static int
testAAOne(const void *opaque)
{
    const testAACase *c = opaque;
    g_autofree char *xmlPath = g_strdup_printf("%s/virtaahelperdata/%s.xml", virTestSrcDir(), c->name);
    g_autofree char *outPath = g_strdup_printf("%s/virtaahelperdata/%s.profile", virTestSrcDir(), c->name);
    g_autofree char *errPath = g_strdup_printf("%s/virtaahelperdata/%s.err", virTestSrcDir(), c->name);
    g_autoptr(virDomainDef) def = NULL;
    g_autofree char *rules = NULL;
    g_autofree char *profile = NULL;
    g_autofree char *actual = NULL;
    g_autofree char *name = NULL;
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virSecurityAppArmorConfig cfg = {
        .bridgeHelper = c->ownHelper ? "/usr/libexec/libvirt-bridge-helper"
                                     : "/usr/lib/qemu/qemu-bridge-helper",
        .ownBridgeHelper = "/usr/libexec/libvirt-bridge-helper",
        .runDir = testAAFakeConfig.runDir,
        .logDir = testAAFakeConfig.logDir,
        .host = &testAAFakeHost,
    };
    bool expectHelper = false;
    bool expectError = g_str_has_prefix(c->name, "bad-");
    size_t i;

    virTestMarkUsed(xmlPath);
    /* Some hostile paths are already refused by the XML parser; either
     * refusal is fine, the .err file records which one spoke. */
    if ((def = virDomainDefParseFile(xmlPath, 0)))
        rules = virSecurityAppArmorFormatRules(def, &cfg);
    else if (!expectError)
        return -1;
    if (expectError) {
        g_autofree char *err = NULL;

        if (rules) {
            printf("     expected the domain to be refused\n");
            return -1;
        }
        err = g_strdup_printf("%s\n", virGetLastErrorMessage());
        return virTestCompareToFile(err, errPath);
    }
    if (!rules)
        return -1;

    name = g_strdup_printf("libvirt-%s", virUUIDFormat(def->uuid, uuidstr));
    if (!(profile = virSecurityAppArmorFormatProfile(templ, name)))
        return -1;
    actual = g_strdup_printf("%s\n# --- %s.files ---\n%s", profile, name, rules);
    if (virTestCompareToFile(actual, outPath) < 0)
        return -1;

    /* The transition appears if and only if some NIC uses the helper. */
    for (i = 0; i < def->nnets; i++) {
        if (virDomainNetResolveBackend(def->nets[i]) == VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER)
            expectHelper = true;
    }
    if (virSecurityAppArmorRulesHaveHelper(rules) != expectHelper) {
        printf("     helper transition %s but expected %s\n",
               expectHelper ? "missing" : "present", expectHelper ? "present" : "absent");
        return -1;
    }
    /* ... once per profile, however many NICs use it. */
    if (expectHelper && strstr(strstr(rules, " Cx -> ") + 1, " Cx -> ")) {
        printf("     helper transition appears more than once\n");
        return -1;
    }
    /* A networkd-only domain gets nothing network related at all. */
    if (!expectHelper && (strstr(rules, "/dev/net/tun") || strstr(rules, "Cx") ||
                          strstr(rules, "bridge-helper\""))) {
        printf("     network rules for a domain without the helper\n");
        return -1;
    }
    return 0;
}

typedef struct {
    const char *path;
    virSecurityAppArmorPathKind kind;
    bool ok;
    const char *why;        /* when refused: part of the error, or NULL */
} testAAPathCase;

static int
testAAPathOne(const void *opaque)
{
    const testAAPathCase *c = opaque;
    int rc = virSecurityAppArmorCheckPath(&testAAFakeConfig, c->path, c->kind);

    if (c->ok)
        return rc;
    if (rc == 0) {
        printf("     '%s' accepted\n", c->path);
        return -1;
    }
    /* Every refusal names the path (or says what is wrong with it when it
     * cannot be printed) */
    if (c->path && *c->path && strlen(c->path) < 200 && g_utf8_validate(c->path, -1, NULL) &&
        !strstr(virGetLastErrorMessage(), c->path)) {
        printf("     error does not name the path: %s\n", virGetLastErrorMessage());
        return -1;
    }
    if (c->why && !strstr(virGetLastErrorMessage(), c->why)) {
        printf("     expected '%s' in: %s\n", c->why, virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

/* ---- the real file system ---------------------------------------------- */

typedef struct {
    const char *name;       /* under testAARealDir */
    virSecurityAppArmorPathKind kind;
    const char *error;      /* NULL: accepted; else part of the error */
} testAARealCase;

static char *testAARealDir;

/* Links from harmless names into refused places (existing or not), a
 * FIFO, a directory, a file with two links and good files. */
static int
testAARealSetup(void)
{
    static const char * const links[][2] = {
        { "shadow.img", "/etc/shadow" },
        { "cron.img", "/var/spool/cron/crontabs/root" },
        { "unit.img", "/run/systemd/system/virtaahelpertest.service" },
        { "libexec", "/usr/local/libexec" },
        /* relative, with more ".." than there are directories above */
        { "polkit", "../../../../../../../../../../../../../../../../usr/share/polkit-1" },
        { "good.img", "disk.img" },
        { "null.img", "/dev/null" },
    };
    g_autofree char *tmpl = g_build_filename(virTestBuildDir(), "virtaahelpertest-XXXXXX", NULL);
    g_autofree char *disk = NULL;
    g_autofree char *hard = NULL;
    g_autofree char *hard2 = NULL;
    g_autofree char *fifo = NULL;
    g_autofree char *dir = NULL;
    size_t i;

    if (!g_mkdtemp(tmpl))
        return -1;
    testAARealDir = g_steal_pointer(&tmpl);
    disk = g_build_filename(testAARealDir, "disk.img", NULL);
    hard = g_build_filename(testAARealDir, "hard.img", NULL);
    hard2 = g_build_filename(testAARealDir, "hard2.img", NULL);
    fifo = g_build_filename(testAARealDir, "fifo", NULL);
    dir = g_build_filename(testAARealDir, "dir", NULL);
    if (!g_file_set_contents(disk, "", 0, NULL) || !g_file_set_contents(hard, "", 0, NULL) ||
        link(hard, hard2) < 0 || mkfifo(fifo, 0600) < 0 || mkdir(dir, 0700) < 0)
        return -1;
    for (i = 0; i < G_N_ELEMENTS(links); i++) {
        g_autofree char *path = g_build_filename(testAARealDir, links[i][0], NULL);

        if (symlink(links[i][1], path) < 0)
            return -1;
    }
    return 0;
}

static void
testAARealCleanup(void)
{
    g_autoptr(GDir) dir = NULL;
    const char *name;

    if (!testAARealDir || !(dir = g_dir_open(testAARealDir, 0, NULL)))
        return;
    while ((name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(testAARealDir, name, NULL);

        if (remove(path) < 0)
            printf("cannot remove '%s': %s\n", path, g_strerror(errno));
    }
    rmdir(testAARealDir);
    g_clear_pointer(&testAARealDir, g_free);
}

static int
testAARealOne(const void *opaque)
{
    const testAARealCase *c = opaque;
    g_autofree char *path = g_build_filename(testAARealDir, c->name, NULL);
    int rc = virSecurityAppArmorCheckPath(NULL, path, c->kind);

    if (!c->error) {
        if (rc < 0)
            printf("     refused: %s\n", virGetLastErrorMessage());
        return rc;
    }
    if (rc == 0) {
        printf("     '%s' accepted\n", path);
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), c->error)) {
        printf("     expected '%s' in: %s\n", c->error, virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

/* ---- domain "a" and domain "a.b" --------------------------------------- */

static char *
testAARulesFor(const char *name)
{
    g_autofree char *xml = g_strdup_printf(
        "<domain type='qemu'><name>%s</name>"
        "<uuid>c7a5fdbd-edaf-9455-926a-d65c16db0a0a</uuid>"
        "<memory unit='MiB'>128</memory>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
        "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices>"
        "</domain>", name);
    g_autoptr(virDomainDef) def = virDomainDefParseString(xml, name, 0);

    if (!def)
        return NULL;
    return virSecurityAppArmorFormatRules(def, &testAAFakeConfig);
}

/**
 * testAANamePrefix:
 * Domain names may contain dots: the rules of domain @opaque must grant
 * none of the runtime files of domain @opaque + ".b", and contain no glob
 * through which they could.  The files are listed here by hand, from the
 * QEMU driver (monitor socket, status file, log).
 */
static int
testAANamePrefix(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *other = g_strdup_printf("%s.b", name);
    g_autofree char *rules = testAARulesFor(name);
    g_autofree char *own = g_strdup_printf("\"%s/%s.monitor\" rw,", testAAFakeConfig.runDir, name);
    g_auto(GStrv) lines = NULL;
    const char *suffixes[][2] = {
        { "", ".monitor" }, { "", ".xml" }, { "log", ".log" },
    };
    size_t i;

    if (!rules)
        return -1;
    if (!strstr(rules, own)) {
        printf("     no exact rule for the own monitor socket:\n%s", rules);
        return -1;
    }
    lines = g_strsplit(rules, "\n", -1);
    for (i = 0; lines[i]; i++) {
        const char *q = strchr(lines[i], '"');
        size_t j;

        if (!q || g_str_has_prefix(g_strstrip(lines[i]), "#"))
            continue;
        if (strpbrk(q + 1, "*?[{")) {
            printf("     a glob in: %s\n", lines[i]);
            return -1;
        }
        for (j = 0; j < G_N_ELEMENTS(suffixes); j++) {
            g_autofree char *file = g_strdup_printf("\"%s/%s%s\"",
                                                    *suffixes[j][0] ? testAAFakeConfig.logDir
                                                                    : testAAFakeConfig.runDir,
                                                    other, suffixes[j][1]);

            if (strstr(lines[i], file)) {
                printf("     rule of '%s' grants a file of '%s': %s\n", name, other, lines[i]);
                return -1;
            }
        }
    }
    return 0;
}

static int
mymain(void)
{
    static const testAACase cases[] = {
        { "bridge-networkd", false },
        { "bridge-default", false },
        { "bridge-helper", false },
        { "bridge-helper-twice", false },
        { "bridge-helper-and-networkd", false },
        { "bridge-helper-own", true },
        { "network-networkd", false },
        { "network-default", false },
        { "direct-networkd", false },
        { "user-default", false },
        { "user-passt", false },
        { "ethernet-tap", false },
        { "no-nic", false },
        { "kernel-boot", false },
        { "kernel-from-boot", false },
        { "disks", false },
        { "serial-file", false },
        { "graphics", false },
        { "bad-etc-shadow", false },
        { "bad-graphics-socket-file", false },
        { "bad-quote", false },
        { "bad-newline", false },
        { "bad-glob", false },
        { "bad-question", false },
        { "bad-brace", false },
        { "bad-comma", false },
        { "bad-hash", false },
        { "bad-caret", false },
        { "bad-relative", false },
        { "bad-dotdot", false },
        { "bad-proc", false },
        { "bad-sys", false },
        { "bad-dev-file", false },
        { "bad-overlong", false },
        { "bad-usr-bin", false },
        { "bad-boot-write", false },
        { "bad-block-dev-mem", false },
        { "bad-kernel-etc", false },
        { "bad-serial-dev", false },
        { "bad-loop-control", false },
        { "bad-mapper-control", false },
        { "bad-nvme-char", false },
        { "bad-vduse-control", false },
        { "bad-usr-local-libexec", false },
        { "bad-polkit-rules", false },
        { "bad-run-systemd", false },
        { "bad-cron-root", false },
        { "name-a", false },
        { "name-a.b", false },
        /* upstream's names reach rules only through their file stem */
        { "name-dotdot", false },
        { "name-hostile", false },
        { "name-option", false },
    };
    static const testAAPathCase paths[] = {
        { "/var/lib/libvirt/images/a.qcow2", VIR_SECURITY_APPARMOR_PATH_WRITE, true, NULL },
        { "/home/user/vm disk.img", VIR_SECURITY_APPARMOR_PATH_WRITE, true, NULL },
        { "/boot/vmlinuz", VIR_SECURITY_APPARMOR_PATH_READ, true, NULL },
        { "/dev/mapper/vg-lv", VIR_SECURITY_APPARMOR_PATH_BLOCK, true, NULL },
        { "/usr/bin/qemu-system-x86_64", VIR_SECURITY_APPARMOR_PATH_EXEC, true, NULL },
        { "", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "a.img", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a\"b", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a\nb", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a\\b", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a,b", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a/@{HOME}/b", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a/[ab]", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a/**", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a/!b", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a//b", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a/./b", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a/../etc/shadow", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/a/", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/proc/1/mem", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/proc", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/sys/firmware/efi/efivars/x", VIR_SECURITY_APPARMOR_PATH_WRITE, false, NULL },
        { "/dev/sda", VIR_SECURITY_APPARMOR_PATH_WRITE, false, NULL },
        { "/dev/net/tun", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, NULL },
        { "/dev/kvm", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, NULL },
        { "/etc/passwd", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/root/.ssh/authorized_keys", VIR_SECURITY_APPARMOR_PATH_WRITE, false, NULL },
        { "/boot/grub/grub.cfg", VIR_SECURITY_APPARMOR_PATH_WRITE, false, NULL },
        { "/usr/lib/x86_64-linux-gnu/libc.so.6", VIR_SECURITY_APPARMOR_PATH_WRITE, false, NULL },
        { "/dev/null", VIR_SECURITY_APPARMOR_PATH_EXEC, false, NULL },
        { "/var/\x01x", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/var/\x7fx", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        { "/var/\xff\xfe", VIR_SECURITY_APPARMOR_PATH_READ, false, NULL },
        /* the control nodes of the issue: refused by name, and by type */
        { "/dev/loop-control", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "not a block device node" },
        { "/dev/mapper/control", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "not a block device node" },
        { "/dev/nvme0", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "not a block device node" },
        { "/dev/vduse/control", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "not a block device node" },
        { "/dev/loop-control", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "is under /dev" },
        { "/srv/vm/to-loop-control", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "resolves to a refused location" },
        /* block devices: an existing block node, under /dev named like one */
        { "/dev/sda", VIR_SECURITY_APPARMOR_PATH_BLOCK, true, NULL },
        { "/dev/nvme0n1", VIR_SECURITY_APPARMOR_PATH_BLOCK, true, NULL },
        { "/dev/loop0", VIR_SECURITY_APPARMOR_PATH_BLOCK, true, NULL },
        { "/dev/disk/by-id/wwn-0x5000c500a1b2c3d4", VIR_SECURITY_APPARMOR_PATH_BLOCK, true, NULL },
        { "/srv/vm/blk", VIR_SECURITY_APPARMOR_PATH_BLOCK, true, NULL },
        { "/dev/sdz", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "does not exist" },
        { "/dev/nvme0n1p1", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "does not exist" },
        { "/srv/vm/cdev", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "is a character device, not a block device" },
        { "/srv/vm/cdev-link", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "is a character device, not a block device" },
        { "/srv/vm/data.raw", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "is a regular file, not a block device" },
        { "/srv/vm/fifo", VIR_SECURITY_APPARMOR_PATH_BLOCK, false, "is a FIFO, not a block device" },
        /* files: a regular file, or nothing yet */
        { "/srv/vm/data.raw", VIR_SECURITY_APPARMOR_PATH_WRITE, true, NULL },
        { "/srv/vm/new.qcow2", VIR_SECURITY_APPARMOR_PATH_WRITE, true, NULL },
        { "/srv/vm/good.img", VIR_SECURITY_APPARMOR_PATH_WRITE, true, NULL },
        { "/srv/vm/dots.img", VIR_SECURITY_APPARMOR_PATH_WRITE, true, NULL },
        { "/srv/vm/cdev", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "is a character device, not a regular file" },
        { "/srv/vm/blk", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "is a block device, not a regular file" },
        { "/srv/vm/fifo", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "is a FIFO, not a regular file" },
        { "/srv/vm/sock", VIR_SECURITY_APPARMOR_PATH_READ, false, "is a socket, not a regular file" },
        { "/srv/vm", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "is a directory, not a regular file" },
        { "/srv/vm/linked.img", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "has 2 hard links" },
        { "/srv/vm/linked.img", VIR_SECURITY_APPARMOR_PATH_READ, true, NULL },
        { "/srv/vm/data.raw/x", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "cannot resolve path" },
        { "/srv/vm/loop", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "cannot resolve path" },
        { "/srv/vm/through-missing", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "cannot resolve path" },
        /* the issue's writable disks in places other programs trust */
        { "/usr/local/libexec", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "host system directory" },
        { "/usr/local/libexec/libvirt-bridge-helper", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "host system directory" },
        { "/usr/local/bin/qemu-system-x86_64", VIR_SECURITY_APPARMOR_PATH_EXEC, true, NULL },
        { "/usr/share/polkit-1/rules.d/49-x.rules", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "host system directory" },
        { "/usr/share/polkit-1/rules.d/49-x.rules", VIR_SECURITY_APPARMOR_PATH_READ, false, "host system directory" },
        { "/usr/share/polkit-1/rules.d/49-x.rules", VIR_SECURITY_APPARMOR_PATH_EXEC, false, "host system directory" },
        { "/run/systemd/system/x.service", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "host system directory" },
        { "/var/spool/cron/crontabs/root", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "host system directory" },
        { "/var/cache/debconf/passwords.dat", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "host system directory" },
        { "/var/lib/libvirt/qemu/nvram/other_VARS.fd", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "host system directory" },
        { "/var/lib/libvirt/dnsmasq/default.conf", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "host system directory" },
        { "/var/lib/libvirt/boot/install.iso", VIR_SECURITY_APPARMOR_PATH_READ, true, NULL },
        { "/run/media/user/stick/install.iso", VIR_SECURITY_APPARMOR_PATH_READ, true, NULL },
        { "/etcetera/disk.img", VIR_SECURITY_APPARMOR_PATH_WRITE, true, NULL },
        /* other domains' runtime files and logs */
        { "/run/libvirt/qemu/other.xml", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "driver's runtime directory" },
        { "/var/log/libvirt/qemu/other.log", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "driver's log file of a domain" },
        { "/var/log/libvirt/qemu/serials/other.log", VIR_SECURITY_APPARMOR_PATH_WRITE, true, NULL },
        /* symlinks into denied directories, dangling or not */
        { "/srv/vm/escape.img", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "resolves to a refused location" },
        { "/srv/vm/polkit/rules.d/49-x.rules", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "resolves to a refused location" },
        { "/srv/vm/cron.img", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "resolves to a refused location" },
        { "/srv/vm/unit.img", VIR_SECURITY_APPARMOR_PATH_WRITE, false, "resolves to a refused location" },
    };
    static const testAARealCase real[] = {
        { "shadow.img", VIR_SECURITY_APPARMOR_PATH_WRITE, "resolves to a refused location" },
        { "cron.img", VIR_SECURITY_APPARMOR_PATH_WRITE, "resolves to a refused location" },
        { "unit.img", VIR_SECURITY_APPARMOR_PATH_WRITE, "resolves to a refused location" },
        { "libexec", VIR_SECURITY_APPARMOR_PATH_WRITE, "resolves to a refused location" },
        { "libexec/x", VIR_SECURITY_APPARMOR_PATH_WRITE, "resolves to a refused location" },
        { "polkit/rules.d/49-x.rules", VIR_SECURITY_APPARMOR_PATH_WRITE, "resolves to a refused location" },
        { "null.img", VIR_SECURITY_APPARMOR_PATH_BLOCK, "resolves to a refused location" },
        { "fifo", VIR_SECURITY_APPARMOR_PATH_WRITE, "is a FIFO, not a regular file" },
        { "fifo", VIR_SECURITY_APPARMOR_PATH_BLOCK, "is a FIFO, not a block device" },
        { "dir", VIR_SECURITY_APPARMOR_PATH_WRITE, "is a directory, not a regular file" },
        { "disk.img", VIR_SECURITY_APPARMOR_PATH_BLOCK, "is a regular file, not a block device" },
        { "hard.img", VIR_SECURITY_APPARMOR_PATH_WRITE, "has 2 hard links" },
        { "hard.img", VIR_SECURITY_APPARMOR_PATH_READ, NULL },
        { "disk.img", VIR_SECURITY_APPARMOR_PATH_WRITE, NULL },
        { "good.img", VIR_SECURITY_APPARMOR_PATH_WRITE, NULL },
        { "dir/serial.log", VIR_SECURITY_APPARMOR_PATH_WRITE, NULL },
    };
    static const char * const suffixes[] = { ".xml", ".profile", ".err", NULL };
    g_autofree char *templPath = g_strdup_printf("%s/../examples/apparmor/TEMPLATE.qemu", virTestSrcDir());
    g_autofree char *dataDir = g_strdup_printf("%s/virtaahelperdata", virTestSrcDir());
    size_t i;
    int ret = 0;

    if (virFileReadAll(templPath, 65536, &templ) < 0) {
        printf("cannot read template: %s\n", virGetLastErrorMessage());
        return -1;
    }
    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        ret |= virTestRun(cases[i].name, testAAOne, &cases[i]);
    for (i = 0; i < G_N_ELEMENTS(paths); i++) {
        g_autofree char *title = g_strdup_printf("path %.60s", paths[i].path);
        g_strdelimit(title, "\n\x01\x7f", '?');
        ret |= virTestRun(title, testAAPathOne, &paths[i]);
    }
    ret |= virTestRun("domain a grants nothing of domain a.b", testAANamePrefix, "a");
    ret |= virTestRun("domain a.b grants nothing of domain a.b.b", testAANamePrefix, "a.b");

    if (testAARealSetup() < 0) {
        printf("cannot create the test files in '%s': %s\n",
               testAARealDir ? testAARealDir : virTestBuildDir(), g_strerror(errno));
        ret = -1;
    } else {
        for (i = 0; i < G_N_ELEMENTS(real); i++) {
            g_autofree char *title = g_strdup_printf("real %s (%s)", real[i].name,
                                                     real[i].error ? "refused" : "accepted");
            ret |= virTestRun(title, testAARealOne, &real[i]);
        }
    }
    testAARealCleanup();
    ret |= virTestCheckUnused(dataDir, suffixes);
    g_free(templ);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
