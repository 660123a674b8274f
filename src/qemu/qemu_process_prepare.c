/*
 * qemu_process_prepare.c: a domain's command line before QEMU exists
 *
 * See qemu_process_prepare.h.  Nothing here changes host state: the
 * capabilities cache may be filled (a probe of the emulator), nothing
 * else is written.
 */
#include "qemu_process_prepare.h"
#include "qemu_process.h"

#include "virerror.h"
#include "virfileowner.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* The architecture of a domain without <os><type arch=...>. */
#define QEMU_PROCESS_DEFAULT_ARCH "x86_64"

/**
 * qemuProcessPrepClear:
 * See qemu_process_prepare.h.
 */
void
qemuProcessPrepClear(qemuProcessPrep *prep)
{
    g_clear_pointer(&prep->emulator, g_free);
    g_clear_pointer(&prep->caps, virQEMUCapsFree);
    g_clear_pointer(&prep->conf, virQEMUConfFree);
    g_clear_pointer(&prep->bridgeHelper, g_free);
    g_clear_pointer(&prep->bridgeHelperPrivilege, g_free);
    g_clear_pointer(&prep->monitorPath, g_free);
}

/**
 * qemuProcessMonitorPath:
 * See qemu_process_prepare.h.
 */
char *
qemuProcessMonitorPath(virQEMUDriver *driver, const char *name)
{
    g_autofree char *stem = virDomainNameFileStem(name);
    g_autofree char *file = g_strdup_printf("%s.monitor", stem);

    return g_build_filename(virQEMUDriverGetConfig(driver)->stateDir, file, NULL);
}

/**
 * qemuProcessFindEmulator:
 * See qemu_process.h.
 */
char *
qemuProcessFindEmulator(const char *arch)
{
    g_autofree char *name = g_strdup_printf("qemu-system-%s",
                                            arch ? arch : QEMU_PROCESS_DEFAULT_ARCH);
    char *path;

    if (!(path = virQEMUConfFindProgram(name, g_getenv("PATH"), NULL))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot find '%1$s' in $PATH; set <emulator> in the domain"), name);
        return NULL;
    }
    return path;
}

/**
 * qemuProcessPrepare:
 * See qemu_process_prepare.h.
 */
int
qemuProcessPrepare(virQEMUDriver *driver, const virDomainDef *def,
                   qemuProcessPrep *prep)
{
    const virQEMUDriverConfig *cfg = virQEMUDriverGetConfig(driver);

    prep->monitorPath = qemuProcessMonitorPath(driver, def->name);
    prep->emulator = def->emulator ? g_strdup(def->emulator)
                                    : qemuProcessFindEmulator(def->os.arch);
    if (!prep->emulator ||
        !(prep->caps = virQEMUCapsCacheLookup(cfg->cacheDir, prep->emulator)) ||
        !(prep->conf = virQEMUConfLoad(cfg->privileged, cfg->configBaseDir)))
        return -1;
    /* the helper is only looked for when the domain needs it; whether it
     * is privileged decides QEMU's sandbox (here) and privileges (start) */
    if (virDomainDefUsesBridgeHelper(def) &&
        (!(prep->bridgeHelper = virQEMUConfGetBridgeHelper(prep->conf)) ||
         virFileProgramPrivilege(prep->bridgeHelper, &prep->bridgeHelperPrivilege) < 0))
        return -1;
    prep->monitorFd = cfg->privileged ? QEMU_PROCESS_MONITOR_FD : 0;
    return 0;
}

/**
 * qemuProcessPrepBuildCommand:
 * See qemu_process_prepare.h.
 */
qemuCommand *
qemuProcessPrepBuildCommand(const qemuProcessPrep *prep, const virDomainDef *def,
                            const qemuCommandNetHost *nets)
{
    qemuCommandParams params = { 0 };

    params.monitorPath = prep->monitorPath;
    params.monitorFd = prep->monitorFd;
    params.bridgeHelper = prep->bridgeHelper;
    params.bridgeHelperPrivileged = prep->bridgeHelperPrivilege != NULL;
    params.seccompSandbox = prep->conf->seccompSandbox;
    params.nets = nets;
    params.nnets = nets ? def->nnets : 0;
    return qemuBuildCommandLine(def, prep->caps, &params);
}

/**
 * qemuProcessBuildCommandLine:
 * See qemu_process.h.
 */
qemuCommand *
qemuProcessBuildCommandLine(virQEMUDriver *driver, const virDomainDef *def,
                            char ***warnings)
{
    qemuProcessPrep prep = { 0 };
    qemuCommand *cmd = NULL;

    if (qemuProcessPrepare(driver, def, &prep) == 0)
        cmd = qemuProcessPrepBuildCommand(&prep, def, NULL);
    if (warnings) {
        g_autoptr(GPtrArray) copy = g_ptr_array_new();
        guint i;

        for (i = 0; prep.conf && i < prep.conf->warnings->len; i++)
            g_ptr_array_add(copy, g_strdup(g_ptr_array_index(prep.conf->warnings, i)));
        g_ptr_array_add(copy, NULL);
        *warnings = (char **)g_ptr_array_free(g_steal_pointer(&copy), FALSE);
    }
    qemuProcessPrepClear(&prep);
    return cmd;
}
