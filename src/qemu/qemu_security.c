/*
 * qemu_security.c: who a system-mode QEMU runs as, the files it is lent,
 * and its per-domain AppArmor confinement
 *
 * See the theory of operation in qemu_security.h.
 */
#include "qemu_security.h"
#include "security_apparmor.h"
#include "virapparmor.h"
#include "virerror.h"
#include "virfile.h"
#include "virfileowner.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_SECURITY

void
qemuSecurityLabelClear(qemuSecurityLabel *label)
{
    g_clear_pointer(&label->apparmorExec, g_free);
    g_clear_pointer(&label->note, g_free);
    label->created = false;
    virUserIdentityClear(&label->identity);
    label->switchIds = false;
    label->filesLent = false;
}

char *
qemuSecurityHelperPath(void)
{
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);

    if (exe && g_str_has_prefix(exe, BUILDDIR "/"))
        return g_strdup(BUILDDIR "/src/security/virt-aa-helper");
    return g_strdup(LIBEXECDIR "/libvirt/virt-aa-helper");
}

/**
 * qemuSecurityWantsAppArmor:
 * @cfg: the connection's directories
 * @conf: qemu.conf
 * @wanted: set to whether domains are confined with AppArmor
 *
 * Upstream's rule: security_driver names "apparmor", or is unset and the
 * kernel has AppArmor.  Session mode never confines.
 * Returns 0, or -1 with an error (a driver this tree does not have).
 */
static int
qemuSecurityWantsAppArmor(const virQEMUDriverConfig *cfg, const virQEMUConf *conf,
                          bool *wanted)
{
    char **p;

    *wanted = false;
    if (!cfg->privileged)
        return 0;
    if (!conf->securityDrivers) {
        *wanted = virAppArmorKernelEnabled();
        return 0;
    }
    for (p = conf->securityDrivers; *p; p++) {
        if (strcmp(*p, "apparmor") == 0) {
            *wanted = true;
        } else if (strcmp(*p, "none") != 0 && strcmp(*p, "dac") != 0) {
            /* "dac" (file ownership) has nothing to do here: ownership
             * is always managed, by dynamic_ownership (see
             * qemuSecuritySetupProcess and docs/qemu.rst) */
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("security driver '%1$s' in '%2$s' is not supported; use \"apparmor\", \"dac\" or \"none\""),
                           *p, conf->path ? conf->path : "qemu.conf");
            return -1;
        }
    }
    return 0;
}

/**
 * qemuSecurityRunHelper:
 * @action: "-c", "-r" or "-R"
 * @uuid: the domain's UUID
 * @xml: the domain XML for its stdin, or NULL
 * @cfg, @conf: where the helper finds the driver's paths and qemu.conf
 *
 * Returns 0, or -1 with an error carrying the helper's message.
 */
static int
qemuSecurityRunHelper(const char *action, const char *uuid, const char *xml,
                      const virQEMUDriverConfig *cfg, const virQEMUConf *conf)
{
    g_autofree char *helper = qemuSecurityHelperPath();
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new();

    g_ptr_array_add(argv, helper);
    g_ptr_array_add(argv, (char *)action);
    g_ptr_array_add(argv, (char *)"-u");
    g_ptr_array_add(argv, (char *)uuid);
    g_ptr_array_add(argv, (char *)"--run-dir");
    g_ptr_array_add(argv, cfg->stateDir);
    g_ptr_array_add(argv, (char *)"--log-dir");
    g_ptr_array_add(argv, cfg->logDir);
    if (conf && conf->path) {
        g_ptr_array_add(argv, (char *)"--qemu-conf");
        g_ptr_array_add(argv, conf->path);
    }
    g_ptr_array_add(argv, NULL);

    if (!(proc = g_subprocess_newv((const char * const *)argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                   G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                   G_SUBPROCESS_FLAGS_STDERR_PIPE, &gerr)) ||
        !g_subprocess_communicate_utf8(proc, xml ? xml : "", NULL, &out, &err, &gerr)) {
        virReportError(VIR_ERR_OPERATION_FAILED, _("cannot run '%1$s': %2$s"),
                       helper, gerr->message);
        return -1;
    }
    if (!g_subprocess_get_successful(proc)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot set up the AppArmor profile of the domain: %1$s"),
                       err && *err ? g_strstrip(err) : _("virt-aa-helper failed"));
        return -1;
    }
    return 0;
}

/**
 * qemuSecuritySetup:
 * See qemu_security.h.  The profile is created (or replaced, when a crash
 * left one behind) with the helper; the label then tells the spawn code
 * to exec QEMU into it.
 */
int
qemuSecuritySetup(const virQEMUDriverConfig *cfg,
                  const virQEMUConf *conf,
                  const virDomainDef *def,
                  qemuSecurityLabel *label)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *xml = NULL;
    g_autofree char *profile = NULL;
    bool wanted;
    bool enforced;

    if (qemuSecurityWantsAppArmor(cfg, conf, &wanted) < 0)
        return -1;
    if (!wanted)
        return 0;

    enforced = virAppArmorKernelEnabled();
    if (!enforced && conf->securityRequireConfined) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("AppArmor is not enabled in this kernel, and security_require_confined is set"));
        return -1;
    }

    virUUIDFormat(def->uuid, uuid);
    profile = g_strdup_printf("%s/libvirt-%s", VIR_SECURITY_APPARMOR_PROFILES_DIR, uuid);
    /* the persistent view: live names are not part of the policy */
    if (!(xml = virDomainDefFormat(def, VIR_DOMAIN_DEF_FORMAT_INACTIVE)))
        return -1;
    if (qemuSecurityRunHelper(g_file_test(profile, G_FILE_TEST_EXISTS) ? "-r" : "-c",
                              uuid, xml, cfg, conf) < 0)
        return -1;
    label->created = true;

    if (enforced) {
        label->apparmorExec = g_strdup_printf("exec libvirt-%s", uuid);
    } else {
        label->note = g_strdup_printf(_("AppArmor is not enabled in this kernel: profile '%1$s' was written, but QEMU runs unconfined"),
                                      profile);
    }
    return 0;
}

void
qemuSecurityRestore(const virQEMUDriverConfig *cfg, const virDomainDef *def)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *profile = NULL;
    virError *saved = NULL;

    if (!cfg->privileged || !def)
        return;
    virUUIDFormat(def->uuid, uuid);
    profile = g_strdup_printf("%s/libvirt-%s", VIR_SECURITY_APPARMOR_PROFILES_DIR, uuid);
    if (!g_file_test(profile, G_FILE_TEST_EXISTS))
        return;

    virErrorPreserveLast(&saved);
    if (qemuSecurityRunHelper("-R", uuid, NULL, cfg, NULL) < 0) {
        g_warning("%s", virGetLastErrorMessage());
        virResetLastError();
    }
    virErrorRestore(&saved);
}


/* ---- DAC: the files QEMU opens by path --------------------------------- */

/**
 * qemuSecurityAddFile:
 * @files: the list (paths with symlinks resolved, each once)
 * @path: a path from the definition, or NULL
 * @create: a file QEMU would create (a file serial): created here, as
 *          root and empty, when missing, for QEMU cannot create files in
 *          directories it does not own
 *
 * A path that does not exist is kept as it is: lending it then fails
 * with the reason, and giving it back skips it with a warning.
 * Returns 0, or -1 with an error reported.
 */
static int
qemuSecurityAddFile(GPtrArray *files, const char *path, bool create)
{
    g_autofree char *real = NULL;
    guint i;

    if (!path)
        return 0;
    if (create) {
        VIR_AUTOCLOSE fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600);

        if (fd < 0) {
            virReportSystemError(errno, _("cannot create '%1$s'"), path);
            return -1;
        }
    }
    if (!(real = realpath(path, NULL)))
        real = g_strdup(path);
    for (i = 0; i < files->len; i++) {
        if (strcmp(g_ptr_array_index(files, i), real) == 0)
            return 0;
    }
    g_ptr_array_add(files, g_steal_pointer(&real));
    return 0;
}

/**
 * qemuSecurityDomainFiles:
 * @def: the domain
 * @create: create missing file serials (at start)
 *
 * Returns the files QEMU opens by path (caller frees), or NULL with an
 * error reported.
 */
static GPtrArray *
qemuSecurityDomainFiles(const virDomainDef *def, bool create)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    const virDomainChrDef * const *chrs[] = {
        (const virDomainChrDef * const *)def->serials,
        (const virDomainChrDef * const *)def->consoles,
    };
    const size_t nchrs[] = { def->nserials, def->nconsoles };
    size_t i;
    size_t j;

    if (qemuSecurityAddFile(files, def->os.kernel, false) < 0 ||
        qemuSecurityAddFile(files, def->os.initrd, false) < 0)
        return NULL;
    for (i = 0; i < def->ndisks; i++) {
        if (qemuSecurityAddFile(files, def->disks[i]->src, false) < 0)
            return NULL;
    }
    for (j = 0; j < G_N_ELEMENTS(chrs); j++) {
        for (i = 0; i < nchrs[j]; i++) {
            const virDomainChrDef *chr = chrs[j][i];

            if (chr->type == VIR_DOMAIN_CHR_TYPE_FILE &&
                qemuSecurityAddFile(files, chr->path, create) < 0)
                return NULL;
        }
    }
    return g_steal_pointer(&files);
}

/**
 * qemuSecuritySetupProcess:
 * See qemu_security.h.  A failure half way gives back what was lent.
 */
int
qemuSecuritySetupProcess(const virQEMUDriverConfig *cfg,
                         const virQEMUConf *conf,
                         const virDomainDef *def,
                         qemuSecurityLabel *label)
{
    g_autoptr(GPtrArray) files = NULL;
    guint i;

    if (!cfg->privileged)
        return 0;
    if (virUserIdentityLookup(conf->user, conf->group, &label->identity) < 0)
        return -1;
    label->switchIds = true;
    if (!conf->dynamicOwnership)
        return 0;

    if (!(files = qemuSecurityDomainFiles(def, true)))
        return -1;
    for (i = 0; i < files->len; i++) {
        if (virFileOwnerLend(g_ptr_array_index(files, i), label->identity.uid,
                             label->identity.gid, conf->rememberOwner) < 0) {
            virError *saved = NULL;

            virErrorPreserveLast(&saved);
            while (i-- > 0)
                virFileOwnerGiveBack(g_ptr_array_index(files, i), conf->rememberOwner);
            virErrorRestore(&saved);
            return -1;
        }
    }
    label->filesLent = true;
    return 0;
}

/**
 * qemuSecurityRestoreFiles:
 * See qemu_security.h.
 */
void
qemuSecurityRestoreFiles(const virQEMUDriverConfig *cfg, const virDomainDef *def)
{
    g_autoptr(virQEMUConf) conf = NULL;
    g_autoptr(GPtrArray) files = NULL;
    virError *saved = NULL;
    guint i;

    if (!cfg->privileged || !def)
        return;
    virErrorPreserveLast(&saved);
    if (!(conf = virQEMUConfLoad(cfg->privileged, cfg->configBaseDir)) ||
        !(files = qemuSecurityDomainFiles(def, false))) {
        g_warning(_("cannot give the files of domain '%1$s' back: %2$s"),
                  def->name, virGetLastErrorMessage());
        virResetLastError();
        virErrorRestore(&saved);
        return;
    }
    for (i = 0; conf->dynamicOwnership && i < files->len; i++) {
        const char *path = g_ptr_array_index(files, i);

        if (virFileOwnerGiveBack(path, conf->rememberOwner) < 0) {
            g_warning("%s", virGetLastErrorMessage());
            virResetLastError();
        }
    }
    virErrorRestore(&saved);
}
