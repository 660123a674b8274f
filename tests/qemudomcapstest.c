/*
 * qemudomcapstest.c: virsh domcapabilities / capabilities documents
 *
 * Recorded capabilities plus fixed host facts -> golden XML in
 * tests/qemudomcapsdata/ (VIR_TEST_REGENERATE_OUTPUT=1 rewrites them).
 */
#include "testutils.h"
#include "qemu_domcaps.h"
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    const char *name;          /* NAME.xml in qemudomcapsdata */
    const char *caps;          /* caps_7.2.0_x86_64CAPS.xml suffix: "" or "-nobridge" */
    const char *helperProblem; /* NULL: the helper works */
    bool helperMissing;
    const char *networkdProblem;
    bool passt;
    bool kvm;
    const char *machine;
    int virtType;
    const char *error;         /* expected error instead of a document */
} testDomCapsCase;

static virQEMUCaps *
testLoadCaps(const char *suffix)
{
    g_autofree char *path = g_strdup_printf("%s/qemucapabilitiesdata/caps_7.2.0_x86_64%s.xml",
                                            virTestSrcDir(), suffix);
    g_autofree char *xml = NULL;

    if (virFileReadAll(path, 1024 * 1024, &xml) < 0)
        return NULL;
    return virQEMUCapsParseCache(xml, path);
}

static int
testDomCaps(const void *opaque)
{
    const testDomCapsCase *c = opaque;
    g_autoptr(virQEMUCaps) caps = testLoadCaps(c->caps);
    g_autoptr(virQEMUDomainCapsHost) host = g_new0(virQEMUDomainCapsHost, 1);
    g_autofree char *out = NULL;
    g_autofree char *path = g_strdup_printf("%s/qemudomcapsdata/%s.xml", virTestSrcDir(), c->name);

    if (!caps)
        return -1;
    if (c->helperMissing)
        host->bridgeHelperProblem = g_strdup("cannot find the bridge helper 'qemu-bridge-helper'");
    else
        host->bridgeHelper = g_strdup("/usr/lib/qemu/qemu-bridge-helper");
    host->bridgeHelperProblem = c->helperProblem ? g_strdup(c->helperProblem)
                                                 : host->bridgeHelperProblem;
    host->networkdReachable = !c->networkdProblem;
    host->networkdProblem = g_strdup(c->networkdProblem);
    host->passt = c->passt ? g_strdup("/usr/bin/passt") : NULL;
    host->kvmUsable = c->kvm;

    out = virQEMUDomainCapsFormat(caps, host, c->machine, c->virtType);
    if (c->error) {
        if (out)
            return -1;
        return virTestCompareStrings(c->error, virGetLastErrorMessage());
    }
    if (!out)
        return -1;
    return virTestCompareToFile(out, path);
}

static int
testCapabilities(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virQEMUCaps) a = testLoadCaps("");
    g_autoptr(virQEMUCaps) b = testLoadCaps("-nobridge");
    g_autofree char *path = g_strdup_printf("%s/qemudomcapsdata/capabilities.xml", virTestSrcDir());
    g_autofree char *out = NULL;
    virQEMUCaps *list[2];

    if (!a || !b)
        return -1;
    g_free(b->binary);
    b->binary = g_strdup("/opt/qemu/bin/qemu-system-x86_64");
    list[0] = a;
    list[1] = b;
    out = virQEMUCapabilitiesFormat("x86_64", list, 2);
    return virTestCompareToFile(out, path);
}

/* qemu-system-* executables, first of each name along the path. */
static int
testFindEmulators(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("qemudomcapstest-XXXXXX", NULL);
    g_autofree char *a = g_build_filename(dir, "a", NULL);
    g_autofree char *b = g_build_filename(dir, "b", NULL);
    g_autofree char *pathEnv = g_strdup_printf("%s:%s", a, b);
    const char *files[][2] = {
        { "a", "qemu-system-x86_64" }, { "b", "qemu-system-x86_64" },
        { "b", "qemu-system-aarch64" }, { "b", "qemu-img" },
    };
    g_auto(GStrv) found = NULL;
    g_autofree char *expect0 = NULL;
    g_autofree char *expect1 = NULL;
    size_t i;
    int ret = -1;

    for (i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *sub = g_build_filename(dir, files[i][0], NULL);
        g_autofree char *f = g_build_filename(sub, files[i][1], NULL);

        if (g_mkdir_with_parents(sub, 0700) < 0 ||
            !g_file_set_contents(f, "#!/bin/sh\n", -1, NULL) || chmod(f, 0755) < 0)
            goto cleanup;
    }
    found = virQEMUCapabilitiesFindEmulators(pathEnv);
    expect0 = g_build_filename(b, "qemu-system-aarch64", NULL);
    expect1 = g_build_filename(a, "qemu-system-x86_64", NULL);
    /* /usr/bin may add more emulators; ours come first for their names,
     * the shadowed one and qemu-img never */
    if (!g_strv_contains((const char * const *)found, expect0) ||
        !g_strv_contains((const char * const *)found, expect1)) {
        printf("missing %s or %s\n", expect0, expect1);
        goto cleanup;
    }
    for (i = 0; found[i]; i++) {
        if (g_str_has_prefix(found[i], b) && g_str_has_suffix(found[i], "x86_64")) {
            printf("shadowed emulator listed: %s\n", found[i]);
            goto cleanup;
        }
        if (g_str_has_suffix(found[i], "qemu-img"))
            goto cleanup;
    }
    ret = 0;
 cleanup:
    virTestRemoveTree(dir);
    return ret;
}

static const testDomCapsCase cases[] = {
    { "all-usable", "", NULL, false, NULL, true, true, NULL, -1, NULL },
    { "nobridge-nothing-reachable", "-nobridge", NULL, false,
      "the system bus is not reachable: Could not connect: No such file or directory",
      false, false, NULL, -1, NULL },
    { "helper-not-setuid-q35", "", "'/usr/lib/qemu/qemu-bridge-helper' is not setuid root, so it cannot create taps for an unprivileged QEMU",
      false, "org.libvirt.Networkd1 is not running on the system bus and cannot be activated",
      false, true, "q35", VIR_DOMAIN_VIRT_QEMU, NULL },
    { "helper-missing", "", NULL, true, NULL, true, false, "pc-i440fx-7.2", VIR_DOMAIN_VIRT_KVM, NULL },
    { "machine-unknown", "", NULL, false, NULL, true, true, "pc-i440fx-99.0", -1,
      "invalid argument: machine type 'pc-i440fx-99.0' is not supported by '/usr/bin/qemu-system-x86_64'" },
};

static int
mymain(void)
{
    static const char * const suffixes[] = { ".xml", NULL };
    g_autofree char *dataDir = g_strdup_printf("%s/qemudomcapsdata", virTestSrcDir());
    size_t i;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        ret |= virTestRun(cases[i].name, testDomCaps, &cases[i]);
    ret |= virTestRun("capabilities with two emulators", testCapabilities, NULL);
    ret |= virTestRun("find qemu-system-* along the path", testFindEmulators, NULL);
    if (virTestCheckUnused(dataDir, suffixes) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
