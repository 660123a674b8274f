/*
 * virt-aa-helper: write (and load) the AppArmor profile of one domain
 *
 * The QEMU driver runs this, as root, before starting a domain in system
 * mode with security_driver = "apparmor", and again with -R after it
 * stops.  It reads the domain XML on stdin and owns exactly two files per
 * domain under the profiles directory: libvirt-UUID (the profile, from
 * TEMPLATE.qemu) and libvirt-UUID.files (the domain's own rules).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domain_conf.h"
#include "qemu_conf.h"
#include "security_apparmor.h"
#include "virapparmor.h"
#include "virerror.h"
#include "virgettext.h"
#include "virfile.h"

#define VIR_FROM_THIS VIR_FROM_SECURITY

#define VIRT_AA_HELPER_XML_MAX (10 * 1024 * 1024)

typedef enum {
    VIRT_AA_ACTION_NONE,
    VIRT_AA_ACTION_PRINT,
    VIRT_AA_ACTION_CREATE,
    VIRT_AA_ACTION_REPLACE,
    VIRT_AA_ACTION_REMOVE,
} virtAAAction;

typedef struct {
    virtAAAction action;
    char *uuid;
    char *dir;
    char *templ;
    char *qemuConf;
    char *runDir;
    char *logDir;
    gboolean noLoad;
} virtAAOptions;

/**
 * virtAAReadStdin:
 * Reads the domain XML from standard input, at most
 * VIRT_AA_HELPER_XML_MAX bytes.  Returns a new string or NULL with an error.
 */
static char *
virtAAReadStdin(void)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    char chunk[8192];
    ssize_t got;

    while ((got = read(STDIN_FILENO, chunk, sizeof(chunk))) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            virReportSystemError(errno, "%s", _("cannot read the domain XML from standard input"));
            return NULL;
        }
        if (buf->len + got > VIRT_AA_HELPER_XML_MAX) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("domain XML on standard input is larger than %1$d bytes"),
                           VIRT_AA_HELPER_XML_MAX);
            return NULL;
        }
        g_string_append_len(buf, chunk, got);
    }
    return g_string_free(g_steal_pointer(&buf), FALSE);
}

/**
 * virtAARunParser:
 * Runs apparmor_parser with @flag ("-a", "-r" or "-R") on @profile.
 * Returns 0, or -1 with an error carrying the parser's output.
 */
static int
virtAARunParser(const char *flag, const char *profile, const char *dir)
{
    g_autofree char *parent = g_path_get_dirname(dir);
    g_autofree char *out = NULL;
    g_autoptr(GError) gerr = NULL;
    int status = 0;
    const char *argv[] = { "apparmor_parser", flag, "-I", parent, profile, NULL };

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, &out, &status, &gerr)) {
        virReportGError(VIR_ERR_OPERATION_FAILED, gerr, _("cannot run apparmor_parser"));
        return -1;
    }
    if (!g_spawn_check_wait_status(status, NULL)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("apparmor_parser %1$s '%2$s' failed: %3$s"),
                       flag, profile, out ? g_strstrip(out) : "");
        return -1;
    }
    return 0;
}

/**
 * virtAAGenerate:
 * Parses the XML from stdin and returns the profile and rules texts.
 */
static int
virtAAGenerate(const virtAAOptions *opts, const char *profileName,
               char **profile, char **rules)
{
    g_autofree char *xml = NULL;
    g_autofree char *templ = NULL;
    g_autofree char *helper = NULL;
    g_autofree char *defProfileName = NULL;
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virQEMUConf) qcfg = virQEMUConfNew(true);
    virSecurityAppArmorConfig cfg = { 0 };
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (!(xml = virtAAReadStdin()))
        return -1;
    if (!(def = virDomainDefParseString(xml, _("(standard input)"), 0)))
        return -1;

    if (opts->uuid && strcmp(virUUIDFormat(def->uuid, uuidstr), opts->uuid) != 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("the domain's uuid %1$s does not match --uuid %2$s"),
                       uuidstr, opts->uuid);
        return -1;
    }
    if (!profileName)
        profileName = defProfileName = g_strdup_printf("libvirt-%s",
                                                       virUUIDFormat(def->uuid, uuidstr));

    if (virQEMUConfLoadFile(qcfg, opts->qemuConf) < 0)
        return -1;
    /* A domain without a helper NIC does not need the helper to exist. */
    helper = virQEMUConfGetBridgeHelper(qcfg);
    virResetLastError();

    cfg.bridgeHelper = helper;
    cfg.ownBridgeHelper = LIBEXECDIR "/libvirt-bridge-helper";
    cfg.runDir = opts->runDir;
    cfg.logDir = opts->logDir;

    if (virFileReadAll(opts->templ, 64 * 1024, &templ) < 0)
        return -1;
    if (!(*profile = virSecurityAppArmorFormatProfile(templ, profileName)))
        return -1;
    if (!(*rules = virSecurityAppArmorFormatRules(def, &cfg)))
        return -1;
    return 0;
}

static int
virtAARun(virtAAOptions *opts)
{
    g_autofree char *profileName = NULL;
    g_autofree char *profilePath = NULL;
    g_autofree char *rulesPath = NULL;
    g_autofree char *profile = NULL;
    g_autofree char *rules = NULL;
    bool exists;

    if (opts->uuid) {
        unsigned char uuid[VIR_UUID_BUFLEN];
        char canon[VIR_UUID_STRING_BUFLEN];

        if (virUUIDParse(opts->uuid, uuid) < 0) {
            virReportError(VIR_ERR_INVALID_ARG, _("malformed uuid '%1$s'"), opts->uuid);
            return -1;
        }
        g_free(opts->uuid);
        opts->uuid = g_strdup(virUUIDFormat(uuid, canon));
        profileName = g_strdup_printf("libvirt-%s", opts->uuid);
        profilePath = g_build_filename(opts->dir, profileName, NULL);
        rulesPath = g_strdup_printf("%s.files", profilePath);
    } else if (opts->action != VIRT_AA_ACTION_PRINT) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("-c, -r and -R need -u UUID"));
        return -1;
    }

    switch (opts->action) {
    case VIRT_AA_ACTION_PRINT:
        if (virtAAGenerate(opts, profileName, &profile, &rules) < 0)
            return -1;
        printf("%s\n# --- %s.files ---\n%s", profile,
               profileName ? profileName : "libvirt-UUID", rules);
        return 0;

    case VIRT_AA_ACTION_CREATE:
    case VIRT_AA_ACTION_REPLACE:
        exists = g_file_test(profilePath, G_FILE_TEST_EXISTS);
        if (opts->action == VIRT_AA_ACTION_CREATE && exists) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("profile '%1$s' already exists"), profilePath);
            return -1;
        }
        if (opts->action == VIRT_AA_ACTION_REPLACE && !exists) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("profile '%1$s' does not exist"), profilePath);
            return -1;
        }
        if (virtAAGenerate(opts, profileName, &profile, &rules) < 0)
            return -1;
        /* The rules first: the profile includes them. */
        if (virFileMakePath(opts->dir, 0755) < 0 ||
            virFileRewriteStr(rulesPath, 0644, rules) < 0 ||
            virFileRewriteStr(profilePath, 0644, profile) < 0)
            return -1;
        if (opts->noLoad)
            return 0;
        if (!virAppArmorKernelEnabled()) {
            fprintf(stderr, _("%1$s: AppArmor is not enabled in this kernel: wrote '%2$s', did not load it\n"),
                    g_get_prgname(), profilePath);
            return 0;
        }
        return virtAARunParser(opts->action == VIRT_AA_ACTION_CREATE ? "-a" : "-r",
                               profilePath, opts->dir);

    case VIRT_AA_ACTION_REMOVE:
        if (!opts->noLoad && virAppArmorKernelEnabled() &&
            g_file_test(profilePath, G_FILE_TEST_EXISTS) &&
            virtAARunParser("-R", profilePath, opts->dir) < 0)
            return -1;
        if (virFileRemove(profilePath) < 0 || virFileRemove(rulesPath) < 0)
            return -1;
        return 0;

    case VIRT_AA_ACTION_NONE:
        break;
    }
    virReportError(VIR_ERR_INVALID_ARG, "%s", _("one of -p, -c, -r or -R is required"));
    return -1;
}

static gboolean
virtAASetAction(const char *name, const char *value G_GNUC_UNUSED,
                gpointer data, GError **error)
{
    virtAAOptions *opts = data;
    virtAAAction action = VIRT_AA_ACTION_NONE;

    if (strcmp(name, "-p") == 0 || strcmp(name, "--print") == 0)
        action = VIRT_AA_ACTION_PRINT;
    else if (strcmp(name, "-c") == 0 || strcmp(name, "--create") == 0)
        action = VIRT_AA_ACTION_CREATE;
    else if (strcmp(name, "-r") == 0 || strcmp(name, "--replace") == 0)
        action = VIRT_AA_ACTION_REPLACE;
    else if (strcmp(name, "-R") == 0 || strcmp(name, "--remove") == 0)
        action = VIRT_AA_ACTION_REMOVE;

    if (opts->action != VIRT_AA_ACTION_NONE && opts->action != action) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                    _("only one of -p, -c, -r and -R may be given"));
        return FALSE;
    }
    opts->action = action;
    return TRUE;
}

int
main(int argc, char **argv)
{
    virtAAOptions opts = { 0 };
    g_autoptr(GOptionContext) ctx = NULL;
    g_autoptr(GOptionGroup) group = NULL;
    g_autoptr(GError) gerr = NULL;
    gboolean version = FALSE;
    int ret;
    GOptionEntry entries[] = {
        { "print", 'p', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (void *)virtAASetAction,
          N_("Print the profile and rules for the domain XML on stdin"), NULL },
        { "create", 'c', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (void *)virtAASetAction,
          N_("Create the profile of domain UUID (must not exist)"), NULL },
        { "replace", 'r', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (void *)virtAASetAction,
          N_("Replace the profile of domain UUID (must exist)"), NULL },
        { "remove", 'R', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (void *)virtAASetAction,
          N_("Remove the profile of domain UUID"), NULL },
        { "uuid", 'u', 0, G_OPTION_ARG_STRING, &opts.uuid,
          N_("The domain's UUID; the profile is named libvirt-UUID"), N_("UUID") },
        { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.dir,
          N_("Profiles directory (default " VIR_SECURITY_APPARMOR_PROFILES_DIR ")"), N_("DIR") },
        { "template", 0, 0, G_OPTION_ARG_FILENAME, &opts.templ,
          N_("Profile template (default DIR/TEMPLATE.qemu)"), N_("FILE") },
        { "qemu-conf", 0, 0, G_OPTION_ARG_FILENAME, &opts.qemuConf,
          N_("qemu.conf to take bridge_helper from (default " SYSCONFDIR "/libvirt/qemu.conf)"), N_("FILE") },
        { "run-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.runDir,
          N_("The driver's runtime directory (default /run/libvirt/qemu)"), N_("DIR") },
        { "log-dir", 0, 0, G_OPTION_ARG_FILENAME, &opts.logDir,
          N_("The driver's log directory (default /var/log/libvirt/qemu)"), N_("DIR") },
        { "no-load", 0, 0, G_OPTION_ARG_NONE, &opts.noLoad,
          N_("Only write files, never call apparmor_parser"), NULL },
        { "version", 'V', 0, G_OPTION_ARG_NONE, &version,
          N_("Print the version and exit"), NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };

    virGettextInitialize();

    ctx = g_option_context_new(_("- write the AppArmor profile of the domain XML on stdin"));
    group = g_option_group_new("main", "", "", &opts, NULL);
    g_option_group_add_entries(group, entries);
    g_option_group_set_translation_domain(group, GETTEXT_PACKAGE);
    g_option_context_set_main_group(ctx, g_steal_pointer(&group));
    g_option_context_set_description(ctx,
        _("Exactly one of -p, -c, -r, -R. The profile grants the domain its emulator,\n"
          "kernel, initrd, disks, serial files and runtime files; the bridge helper\n"
          "transition only when an interface has <backend type='bridge-helper'/>."));
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, "%s: %s\n", g_get_prgname(), gerr->message);
        return 2;
    }
    if (version) {
        printf("%s (%s) %s\n", g_get_prgname(), PACKAGE, PACKAGE_VERSION);
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, _("%1$s: unexpected argument '%2$s'\n"), g_get_prgname(), argv[1]);
        return 2;
    }
    if (!opts.dir)
        opts.dir = g_strdup(VIR_SECURITY_APPARMOR_PROFILES_DIR);
    if (!opts.templ)
        opts.templ = g_build_filename(opts.dir, "TEMPLATE.qemu", NULL);
    if (!opts.qemuConf)
        opts.qemuConf = g_strdup(SYSCONFDIR "/libvirt/qemu.conf");
    if (!opts.runDir)
        opts.runDir = g_strdup("/run/libvirt/qemu");
    if (!opts.logDir)
        opts.logDir = g_strdup("/var/log/libvirt/qemu");

    ret = virtAARun(&opts);
    if (ret < 0)
        virErrorPrint(g_get_prgname());

    g_free(opts.uuid);
    g_free(opts.dir);
    g_free(opts.templ);
    g_free(opts.qemuConf);
    g_free(opts.runDir);
    g_free(opts.logDir);
    return ret < 0 ? 1 : 0;
}
