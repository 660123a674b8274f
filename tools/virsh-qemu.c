/*
 * virsh-qemu.c: the QEMU driver's command line and capabilities
 * (domxml-to-native, domcapabilities, capabilities)
 *
 * Thin: the documents come from src/qemu.  domxml-to-native asks the
 * driver for the command line start would run
 * (qemuProcessBuildCommandLine()); domcapabilities loads qemu.conf and
 * the capabilities of the emulator a domain would get; these commands
 * print the result.
 */
#include "virsh.h"

#include <string.h>
#include <sys/utsname.h>

#include "domain_addr.h"
#include "domain_conf.h"
#include "qemu_capabilities.h"
#include "qemu_command.h"
#include "qemu_conf.h"
#include "qemu_domcaps.h"
#include "qemu_process.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_VIRSH

/* Bound on each system bus call of domcapabilities. */
#define VIRSH_BUS_TIMEOUT_MS 500

/**
 * virshQEMUConfLoad:
 * @ctl: the shell
 * @cfg: the connection's directories
 *
 * Loads qemu.conf of the connection, printing its warnings.
 * Returns the settings (caller frees), or NULL with an error.
 */
static virQEMUConf *
virshQEMUConfLoad(vshControl *ctl, const virQEMUDriverConfig *cfg)
{
    virQEMUConf *conf = virQEMUConfLoad(cfg->privileged, cfg->configBaseDir);
    guint i;

    if (!conf)
        return NULL;
    for (i = 0; i < conf->warnings->len; i++)
        vshWarn(ctl, "%s", (const char *)g_ptr_array_index(conf->warnings, i));
    return conf;
}

/* ---- domxml-to-native --------------------------------------------------- */

static const vshCmdOptDef opts_domxml_to_native[] = {
    { "format", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("target config data type format (qemu-argv)") },
    { "xml", VSH_OT_STRING, VSH_OFLAG_POSITIONAL,
      N_("xml data file to export from") },
    { "domain", VSH_OT_STRING, 0,
      N_("domain name, id or uuid") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdDomXMLToNative:
 * Prints the QEMU command line for a domain XML file or a defined domain.
 * File descriptors the driver would pass (networkd ports, existing taps)
 * and the passt socket are printed as ${NETi_FDq} / ${NETi_PASST_SOCKET}.
 */
static bool
cmdDomXMLToNative(vshControl *ctl, const vshCmd *cmd)
{
    const char *format = vshCommandOptString(cmd, "format");
    const char *file = vshCommandOptString(cmd, "xml");
    const char *domain = vshCommandOptString(cmd, "domain");
    g_autoptr(virDomainDef) parsed = NULL;
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autoptr(qemuCommand) qcmd = NULL;
    g_auto(GStrv) warnings = NULL;
    g_autofree char *line = NULL;
    const virDomainDef *def;
    virQEMUDriver *driver;
    size_t i;

    if (strcmp(format, "qemu-argv") != 0) {
        vshError(ctl, _("unsupported config type %1$s"), format);
        return false;
    }
    if (!!file == !!domain) {
        vshError(ctl, "%s", _("exactly one of an XML file or --domain is required"));
        return false;
    }
    if (!(driver = virshGetDriver(ctl)))
        return false;

    if (domain) {
        if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
            return false;
        def = virQEMUDomainObjGetDef(obj, true);
    } else {
        /* as a define of it would be: with its device addresses */
        if (!(parsed = virDomainDefParseFile(file, 0)) ||
            virDomainDefAssignAddresses(parsed) < 0)
            return false;
        def = parsed;
    }

    qcmd = qemuProcessBuildCommandLine(driver, def, &warnings);
    for (i = 0; warnings && warnings[i]; i++)
        vshWarn(ctl, "%s", warnings[i]);
    if (!qcmd)
        return false;
    line = qemuCommandFormat(qcmd, QEMU_COMMAND_FORMAT_ONE_LINE);
    vshPrint(ctl, "%s\n", line);
    return true;
}

/* ---- domcapabilities ---------------------------------------------------- */

static const vshCmdOptDef opts_domcapabilities[] = {
    { "virttype", VSH_OT_STRING, 0, N_("virtualization type (qemu, kvm)") },
    { "emulator", VSH_OT_STRING, 0, N_("path to emulator binary") },
    { "arch", VSH_OT_STRING, 0, N_("domain architecture") },
    { "machine", VSH_OT_STRING, 0, N_("machine type") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdDomCapabilities:
 * Prints what a domain can use with an emulator on this host, including
 * which interface backends can work here and why the others cannot.
 */
static bool
cmdDomCapabilities(vshControl *ctl, const vshCmd *cmd)
{
    const char *virttype = vshCommandOptString(cmd, "virttype");
    const char *emulator = vshCommandOptString(cmd, "emulator");
    const char *arch = vshCommandOptString(cmd, "arch");
    g_autoptr(virQEMUConf) conf = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUDomainCapsHost) host = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *found = NULL;
    const virQEMUDriverConfig *cfg;
    virQEMUDriver *driver;
    int virt = -1;

    if (virttype && (virt = virDomainVirtTypeFromString(virttype)) < 0) {
        vshError(ctl, _("unknown virttype '%1$s' (qemu or kvm)"), virttype);
        return false;
    }
    if (!(driver = virshGetDriver(ctl)))
        return false;
    cfg = virQEMUDriverGetConfig(driver);
    /* without --emulator: the one a domain of --arch would run on */
    if (!(conf = virshQEMUConfLoad(ctl, cfg)) ||
        (!emulator && !(emulator = found = qemuProcessFindEmulator(arch))) ||
        !(caps = virQEMUCapsCacheLookup(cfg->cacheDir, emulator)))
        return false;
    if (arch && g_strcmp0(arch, caps->arch) != 0) {
        vshError(ctl, _("emulator '%1$s' does not support arch '%2$s' (it is %3$s)"),
                 caps->binary, arch, caps->arch);
        return false;
    }
    host = virQEMUDomainCapsHostProbe(conf, caps, VIRSH_BUS_TIMEOUT_MS);
    if (!(xml = virQEMUDomainCapsFormat(caps, host, vshCommandOptString(cmd, "machine"), virt)))
        return false;
    vshPrint(ctl, "%s", xml);
    return true;
}

/* ---- capabilities ------------------------------------------------------- */

/**
 * cmdCapabilities:
 * Prints the host and the emulators found ($PATH, /usr/bin,
 * /usr/libexec), each probed (or read from the capabilities cache).  An
 * emulator that cannot be probed is left out with a warning.
 */
static bool
cmdCapabilities(vshControl *ctl, const vshCmd *cmd G_GNUC_UNUSED)
{
    g_auto(GStrv) binaries = virQEMUCapabilitiesFindEmulators(g_getenv("PATH"));
    g_autoptr(GPtrArray) emulators = g_ptr_array_new_with_free_func((GDestroyNotify)virQEMUCapsFree);
    g_autofree char *xml = NULL;
    const virQEMUDriverConfig *cfg;
    virQEMUDriver *driver;
    struct utsname uts;
    size_t i;

    if (!(driver = virshGetDriver(ctl)))
        return false;
    cfg = virQEMUDriverGetConfig(driver);
    for (i = 0; binaries[i]; i++) {
        virQEMUCaps *caps = virQEMUCapsCacheLookup(cfg->cacheDir, binaries[i]);

        if (!caps) {
            vshWarn(ctl, _("skipping emulator '%1$s': %2$s"), binaries[i],
                    virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        g_ptr_array_add(emulators, caps);
    }
    uname(&uts);
    xml = virQEMUCapabilitiesFormat(uts.machine, (virQEMUCaps * const *)emulators->pdata,
                                    emulators->len);
    vshPrint(ctl, "%s", xml);
    return true;
}

const vshCmdDef qemuDriverCmds[] = {
    { .name = "capabilities",
      .handler = cmdCapabilities,
      .opts = NULL,
      .help = N_("capabilities"),
      .desc = N_("Returns the capabilities of the hypervisor: the host and every QEMU emulator found.") },
    { .name = "domcapabilities",
      .handler = cmdDomCapabilities,
      .opts = opts_domcapabilities,
      .help = N_("domain capabilities"),
      .desc = N_("Returns what a domain can use with an emulator here: machine types, accelerators, NIC models and the interface backends that can work on this host (and why the others cannot).") },
    { .name = "domxml-to-native",
      .handler = cmdDomXMLToNative,
      .opts = opts_domxml_to_native,
      .help = N_("Convert domain XML to native config"),
      .desc = N_("Prints the QEMU command line for a domain XML file or a defined domain; file descriptors the driver passes at start are shown as ${NETi_FDq}.") },
    { .name = NULL },
};
