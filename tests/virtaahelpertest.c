/*
 * virtaahelpertest.c: domain XML -> AppArmor profile golden files, the
 * conditional bridge-helper transition, and refused paths
 *
 * tests/virtaahelperdata/NAME.xml -> NAME.profile (what virt-aa-helper -p
 * prints) or NAME.err (the error for a refused domain).
 * VIR_TEST_REGENERATE_OUTPUT=1 rewrites the expected files.
 */
#include "testutils.h"
#include "domain_conf.h"
#include "security_apparmor.h"
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *name;
    bool ownHelper;     /* bridge_helper = this tree's libvirt-bridge-helper */
} testAACase;

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
        .runDir = "/run/libvirt/qemu",
        .logDir = "/var/log/libvirt/qemu",
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
} testAAPathCase;

static int
testAAPathOne(const void *opaque)
{
    const testAAPathCase *c = opaque;
    int rc = virSecurityAppArmorCheckPath(c->path, c->kind);

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
    return 0;
}

/* A harmless-looking name that resolves to a host file must be refused:
 * AppArmor mediates the resolved path. */
static int
testAASymlink(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("virtaahelpertest-XXXXXX", NULL);
    g_autofree char *link = g_build_filename(dir, "disk.img", NULL);
    int ret = -1;

    if (symlink("/etc/shadow", link) < 0)
        goto cleanup;
    if (virSecurityAppArmorCheckPath(link, VIR_SECURITY_APPARMOR_PATH_WRITE) == 0) {
        printf("     symlink to /etc/shadow accepted\n");
        goto cleanup;
    }
    if (!strstr(virGetLastErrorMessage(), "resolves to a refused location"))
        goto cleanup;
    ret = 0;
 cleanup:
    unlink(link);
    rmdir(dir);
    return ret;
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
        { "bad-etc-shadow", false },
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
    };
    static const testAAPathCase paths[] = {
        { "/var/lib/libvirt/images/a.qcow2", VIR_SECURITY_APPARMOR_PATH_WRITE, true },
        { "/home/user/vm disk.img", VIR_SECURITY_APPARMOR_PATH_WRITE, true },
        { "/boot/vmlinuz", VIR_SECURITY_APPARMOR_PATH_READ, true },
        { "/dev/mapper/vg-lv", VIR_SECURITY_APPARMOR_PATH_BLOCK, true },
        { "/usr/bin/qemu-system-x86_64", VIR_SECURITY_APPARMOR_PATH_EXEC, true },
        { "", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "a.img", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a\"b", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a\nb", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a\\b", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a,b", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a/@{HOME}/b", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a/[ab]", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a/**", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a/!b", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a//b", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a/./b", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a/../etc/shadow", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/a/", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/proc/1/mem", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/proc", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/sys/firmware/efi/efivars/x", VIR_SECURITY_APPARMOR_PATH_WRITE, false },
        { "/dev/sda", VIR_SECURITY_APPARMOR_PATH_WRITE, false },
        { "/dev/net/tun", VIR_SECURITY_APPARMOR_PATH_BLOCK, false },
        { "/dev/kvm", VIR_SECURITY_APPARMOR_PATH_BLOCK, false },
        { "/etc/passwd", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/root/.ssh/authorized_keys", VIR_SECURITY_APPARMOR_PATH_WRITE, false },
        { "/boot/grub/grub.cfg", VIR_SECURITY_APPARMOR_PATH_WRITE, false },
        { "/usr/lib/x86_64-linux-gnu/libc.so.6", VIR_SECURITY_APPARMOR_PATH_WRITE, false },
        { "/dev/null", VIR_SECURITY_APPARMOR_PATH_EXEC, false },
        { "/var/\x01x", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/var/\x7fx", VIR_SECURITY_APPARMOR_PATH_READ, false },
        { "/var/\xff\xfe", VIR_SECURITY_APPARMOR_PATH_READ, false },
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
    ret |= virTestRun("symlink to a host file", testAASymlink, NULL);
    ret |= virTestCheckUnused(dataDir, suffixes);
    g_free(templ);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
