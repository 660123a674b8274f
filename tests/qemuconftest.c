/*
 * qemuconftest.c: qemu.conf settings of the QEMU driver
 *
 * One case per line: the file content, the mode, and either the settings
 * rendered as text plus the warnings, or the exact error.
 */
#include "testutils.h"
#include "qemu_conf.h"
#include "virerror.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    const char *input;
    bool privileged;
    const char *expect;    /* rendered settings, when loading succeeds */
    const char *warnings;  /* warnings joined with '|', "" for none */
    const char *error;     /* exact error, when loading must fail */
} testQEMUConfCase;

/* Renders the settings that the file can change. */
static char *
testQEMUConfRender(const virQEMUConf *cfg)
{
    g_autofree char *sec = cfg->securityDrivers ?
        g_strjoinv(",", cfg->securityDrivers) : g_strdup("(default)");

    return g_strdup_printf("helper=%s security=%s confined=%d/%d user=%s group=%s sandbox=%d owner=%d/%d",
                           cfg->bridgeHelper, sec,
                           cfg->securityDefaultConfined, cfg->securityRequireConfined,
                           cfg->user ? cfg->user : "-", cfg->group ? cfg->group : "-",
                           cfg->seccompSandbox, cfg->dynamicOwnership, cfg->rememberOwner);
}

static int
testQEMUConfOne(const void *opaque)
{
    const testQEMUConfCase *c = opaque;
    g_autoptr(virQEMUConf) cfg = virQEMUConfNew(c->privileged);
    g_autoptr(virConf) conf = virConfParseString(c->input, strlen(c->input), "qemu.conf");
    g_autofree char *actual = NULL;
    g_autoptr(GString) warnings = g_string_new(NULL);
    size_t i;

    if (!conf)
        return -1;
    if (virQEMUConfLoadConf(cfg, conf) < 0) {
        if (!c->error)
            return -1;
        return virTestCompareStrings(c->error, virGetLastErrorMessage());
    }
    if (c->error) {
        printf("loading succeeded, expected: %s\n", c->error);
        return -1;
    }
    actual = testQEMUConfRender(cfg);
    for (i = 0; i < cfg->warnings->len; i++)
        g_string_append_printf(warnings, "%s%s", i ? "|" : "",
                               (const char *)g_ptr_array_index(cfg->warnings, i));
    if (virTestCompareStrings(c->expect, actual) < 0 ||
        virTestCompareStrings(c->warnings, warnings->str) < 0)
        return -1;
    return 0;
}

#define DEF_SESSION "helper=qemu-bridge-helper security=(default) confined=1/0 user=- group=- sandbox=-1 owner=1/1"
#define DEF_SYSTEM "helper=qemu-bridge-helper security=(default) confined=1/0 user=libvirt-qemu group=kvm sandbox=-1 owner=1/1"
#define SYNTAX "configuration file syntax error: "

static const testQEMUConfCase cases[] = {
    { "", false, DEF_SESSION, "", NULL },
    { "", true, DEF_SYSTEM, "", NULL },
    { "bridge_helper = \"/usr/lib/qemu/qemu-bridge-helper\"\n", false,
      "helper=/usr/lib/qemu/qemu-bridge-helper security=(default) confined=1/0 user=- group=- sandbox=-1 owner=1/1", "", NULL },
    { "bridge_helper = \"my-helper\"", false,
      "helper=my-helper security=(default) confined=1/0 user=- group=- sandbox=-1 owner=1/1", "", NULL },
    { "security_driver = \"apparmor\"\nsecurity_default_confined = 0\nsecurity_require_confined = 1\n", true,
      "helper=qemu-bridge-helper security=apparmor confined=0/1 user=libvirt-qemu group=kvm sandbox=-1 owner=1/1", "", NULL },
    { "security_driver = [ \"apparmor\", \"dac\" ]", true,
      "helper=qemu-bridge-helper security=apparmor,dac confined=1/0 user=libvirt-qemu group=kvm sandbox=-1 owner=1/1", "", NULL },
    { "security_driver = \"none\"", true,
      "helper=qemu-bridge-helper security=none confined=1/0 user=libvirt-qemu group=kvm sandbox=-1 owner=1/1", "", NULL },
    { "user = \"libvirt-qemu\"\ngroup = \"kvm\"\n", true,
      "helper=qemu-bridge-helper security=(default) confined=1/0 user=libvirt-qemu group=kvm sandbox=-1 owner=1/1", "", NULL },
    { "user = \"libvirt-qemu\"\ngroup = \"kvm\"\n", false, DEF_SESSION,
      "qemu.conf:1: 'user' only applies to qemu:///system and is ignored|"
      "qemu.conf:2: 'group' only applies to qemu:///system and is ignored", NULL },
    { "seccomp_sandbox = 0", false,
      "helper=qemu-bridge-helper security=(default) confined=1/0 user=- group=- sandbox=0 owner=1/1", "", NULL },
    { "seccomp_sandbox = -1", false, DEF_SESSION, "", NULL },
    { "user = \"+0\"\ngroup = \"+0\"\ndynamic_ownership = 0\n", true,
      "helper=qemu-bridge-helper security=(default) confined=1/0 user=+0 group=+0 sandbox=-1 owner=0/1", "", NULL },
    { "remember_owner = 0", true,
      "helper=qemu-bridge-helper security=(default) confined=1/0 user=libvirt-qemu group=kvm sandbox=-1 owner=1/0", "", NULL },
    { "vnc_listen = \"0.0.0.0\"\nvnc_tls = 1\nspice_password = \"x\"\nmax_files = 1000\n", false,
      DEF_SESSION,
      "qemu.conf:1: setting 'vnc_listen' is not supported by this driver and is ignored|"
      "qemu.conf:2: setting 'vnc_tls' is not supported by this driver and is ignored|"
      "qemu.conf:3: setting 'spice_password' is not supported by this driver and is ignored|"
      "qemu.conf:4: setting 'max_files' is not supported by this driver and is ignored", NULL },
    { "bridge_heper = \"/x\"", false, DEF_SESSION,
      "qemu.conf:1: unknown setting 'bridge_heper' is ignored", NULL },

    /* errors name the line */
    { "bridge_helper = 1", false, NULL, NULL,
      SYNTAX "qemu.conf:1: 'bridge_helper' must be a string (found: integer)" },
    { "\nbridge_helper = \"\"", false, NULL, NULL,
      SYNTAX "qemu.conf:2: 'bridge_helper' must be a non-empty string without control characters" },
    { "bridge_helper = \"bin/helper\"", false, NULL, NULL,
      SYNTAX "qemu.conf:1: 'bridge_helper' must be an absolute path or a program name, not 'bin/helper'" },
    { "bridge_helper = \"/x\\n\"", false, NULL, NULL,
      SYNTAX "qemu.conf:1: 'bridge_helper' must be a non-empty string without control characters" },
    { "security_driver = \"selinux\"", true, NULL, NULL,
      SYNTAX "qemu.conf:1: security driver 'selinux' is not supported (use apparmor, dac or none)" },
    { "security_driver = [ \"none\", \"dac\" ]", true, NULL, NULL,
      SYNTAX "qemu.conf:1: security driver 'none' cannot be combined with others" },
    { "security_driver = 1", true, NULL, NULL,
      SYNTAX "qemu.conf:1: 'security_driver' must be a string or a list of strings (found: integer)" },
    { "security_default_confined = 2", true, NULL, NULL,
      SYNTAX "qemu.conf:1: 'security_default_confined' must be 0 or 1 (found: integer)" },
    { "user = 0", true, NULL, NULL,
      SYNTAX "qemu.conf:1: 'user' must be a string (found: integer)" },
    { "group = \"\"", true, NULL, NULL,
      SYNTAX "qemu.conf:1: 'group' must be a non-empty string without control characters" },
    { "dynamic_ownership = \"yes\"", true, NULL, NULL,
      SYNTAX "qemu.conf:1: 'dynamic_ownership' must be 0 or 1 (found: string)" },
    { "seccomp_sandbox = 2", false, NULL, NULL,
      SYNTAX "qemu.conf:1: 'seccomp_sandbox' must be -1, 0 or 1" },
    { "seccomp_sandbox = \"on\"", false, NULL, NULL,
      SYNTAX "qemu.conf:1: 'seccomp_sandbox' must be an integer (found: string)" },
};

static char *testDir;

/* Writes an executable (or not) file @dir/@name. */
static int
testQEMUConfMakeProgram(const char *dir, const char *name, mode_t mode)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);

    if (g_mkdir_with_parents(dir, 0700) < 0 ||
        !g_file_set_contents(path, "#!/bin/sh\n", -1, NULL) ||
        chmod(path, mode) < 0)
        return -1;
    return 0;
}

/* $PATH first, then the extra directories; non-executables are skipped. */
static int
testQEMUConfFindProgram(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *a = g_build_filename(testDir, "a", NULL);
    g_autofree char *b = g_build_filename(testDir, "b", NULL);
    g_autofree char *libexec = g_build_filename(testDir, "libexec", NULL);
    g_autofree char *libqemu = g_build_filename(testDir, "lib-qemu", NULL);
    g_autofree char *pathEnv = g_strdup_printf("relative:%s::%s", a, b);
    const char *extra[] = { libexec, libqemu, NULL };
    g_autofree char *found1 = NULL;
    g_autofree char *found2 = NULL;
    g_autofree char *found3 = NULL;
    g_autofree char *found4 = NULL;
    g_autofree char *expect = NULL;

    if (testQEMUConfMakeProgram(a, "helper", 0644) < 0 ||   /* not executable */
        testQEMUConfMakeProgram(libqemu, "helper", 0755) < 0 ||
        testQEMUConfMakeProgram(libqemu, "other", 0755) < 0 ||
        testQEMUConfMakeProgram(b, "other", 0755) < 0 ||
        g_mkdir_with_parents(libexec, 0700) < 0)
        return -1;

    found1 = virQEMUConfFindProgram("helper", pathEnv, extra);
    expect = g_build_filename(libqemu, "helper", NULL);
    if (virTestCompareStrings(expect, found1) < 0)
        return -1;
    g_free(expect);
    found2 = virQEMUConfFindProgram("other", pathEnv, extra);
    expect = g_build_filename(b, "other", NULL);
    if (virTestCompareStrings(expect, found2) < 0)
        return -1;
    found3 = virQEMUConfFindProgram("missing", pathEnv, extra);
    found4 = virQEMUConfFindProgram("other", NULL, NULL);
    return found3 || found4 ? -1 : 0;
}

/* An absolute bridge_helper is used as is; an unknown name is an error. */
static int
testQEMUConfBridgeHelper(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virQEMUConf) cfg = virQEMUConfNew(false);
    g_autofree char *path = NULL;

    g_free(cfg->bridgeHelper);
    cfg->bridgeHelper = g_strdup("/opt/helper");
    if (virTestCompareStrings("/opt/helper", (path = virQEMUConfGetBridgeHelper(cfg))) < 0)
        return -1;
    g_free(cfg->bridgeHelper);
    cfg->bridgeHelper = g_strdup("no-such-helper-qemuconftest");
    if (virQEMUConfGetBridgeHelper(cfg))
        return -1;
    return virTestCompareStrings("unsupported configuration: cannot find the bridge helper "
                                 "'no-such-helper-qemuconftest' in $PATH, /usr/libexec, "
                                 "/usr/lib/qemu or /usr/lib; set 'bridge_helper' in qemu.conf",
                                 virGetLastErrorMessage());
}

/* virQEMUConfLoad reads DIR/qemu.conf; a missing file means defaults. */
static int
testQEMUConfLoadDir(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_build_filename(testDir, "etc", NULL);
    g_autofree char *file = g_build_filename(dir, "qemu.conf", NULL);
    g_autofree char *expectErr = NULL;
    g_autoptr(virQEMUConf) defaults = NULL;
    g_autoptr(virQEMUConf) loaded = NULL;
    g_autoptr(virQEMUConf) broken = NULL;

    if (g_mkdir_with_parents(dir, 0700) < 0)
        return -1;
    if (!(defaults = virQEMUConfLoad(false, dir)) ||
        strcmp(defaults->bridgeHelper, QEMU_BRIDGE_HELPER_NAME) != 0 ||
        strcmp(defaults->path, file) != 0)
        return -1;
    if (!g_file_set_contents(file, "# test\nbridge_helper = \"/x/helper\"\n", -1, NULL) ||
        !(loaded = virQEMUConfLoad(false, dir)) ||
        strcmp(loaded->bridgeHelper, "/x/helper") != 0)
        return -1;
    if (!g_file_set_contents(file, "bridge_helper = \"/x/helper\"\nbroken\n", -1, NULL))
        return -1;
    if ((broken = virQEMUConfLoad(false, dir)))
        return -1;
    expectErr = g_strdup_printf(SYNTAX "%s:2: expected '=' after 'broken'", file);
    return virTestCompareStrings(expectErr, virGetLastErrorMessage());
}

static int
mymain(void)
{
    size_t i;
    int ret = 0;

    testDir = g_dir_make_tmp("qemuconftest-XXXXXX", NULL);
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *esc = g_strescape(cases[i].input, NULL);
        g_autofree char *title = g_strdup_printf("%s %s",
                                                 cases[i].privileged ? "system" : "session", esc);

        ret |= virTestRun(title, testQEMUConfOne, &cases[i]);
    }
    ret |= virTestRun("find program in PATH and helper dirs", testQEMUConfFindProgram, NULL);
    ret |= virTestRun("bridge helper resolution", testQEMUConfBridgeHelper, NULL);
    ret |= virTestRun("load DIR/qemu.conf", testQEMUConfLoadDir, NULL);
    virTestRemoveTree(testDir);
    g_free(testDir);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
