/*
 * virsh-domain-lifecycle.c: running domains (start, destroy, shutdown,
 * domstate)
 *
 * The work is done by the QEMU driver's process layer (qemu_process.c);
 * these commands only look the domain up and print upstream's messages.
 */
#include "virsh.h"

#include "qemu_process.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_VIRSH

static const vshCmdOptDef opts_domain_only[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { NULL, 0, 0, NULL },
};

/* ---- start -------------------------------------------------------------- */

static const vshCmdOptDef opts_start[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("name or uuid of the inactive domain") },
    { "paused", VSH_OT_BOOL, 0, N_("leave the guest paused after creating it") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdStart:
 * Starts a defined domain: its NICs are connected (libvirt-networkd, or
 * the bridge helper QEMU runs), then QEMU is started.
 */
static bool
cmdStart(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autofree char *name = NULL;
    unsigned int flags = 0;

    if (vshCommandOptBool(cmd, "paused"))
        flags |= QEMU_PROCESS_START_PAUSED;
    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    name = g_strdup(virQEMUDomainObjGetName(obj));

    if (qemuProcessStart(virshGetDriver(ctl), obj, flags) < 0) {
        vshError(ctl, _("Failed to start domain '%1$s'"), name);
        return false;
    }
    vshPrintExtra(ctl, _("Domain '%1$s' started\n"), name);
    return true;
}

/* ---- destroy ------------------------------------------------------------ */

/**
 * cmdDestroy:
 * Stops a running domain at once (like pulling the power cord).
 */
static bool
cmdDestroy(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autofree char *name = NULL;

    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    name = g_strdup(virQEMUDomainObjGetName(obj));

    if (qemuProcessDestroy(virshGetDriver(ctl), obj) < 0) {
        vshError(ctl, _("Failed to destroy domain '%1$s'"), name);
        return false;
    }
    vshPrintExtra(ctl, _("Domain '%1$s' destroyed\n"), name);
    return true;
}

/* ---- shutdown ----------------------------------------------------------- */

/**
 * cmdShutdown:
 * Asks the guest to power off and returns without waiting.
 */
static bool
cmdShutdown(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autofree char *name = NULL;

    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    name = g_strdup(virQEMUDomainObjGetName(obj));

    if (qemuProcessShutdown(virshGetDriver(ctl), obj) < 0) {
        vshError(ctl, _("Failed to shutdown domain '%1$s'"), name);
        return false;
    }
    vshPrintExtra(ctl, _("Domain '%1$s' is being shutdown\n"), name);
    return true;
}

/* ---- domstate ----------------------------------------------------------- */

/**
 * cmdDomState:
 * Prints the domain's state, as "list" shows it.
 */
static bool
cmdDomState(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;

    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    vshPrint(ctl, "%s\n", virshDomainStateToString(obj->state));
    return true;
}

const vshCmdDef domLifecycleCmds[] = {
    { .name = "destroy",
      .handler = cmdDestroy,
      .opts = opts_domain_only,
      .help = N_("destroy (stop) a domain"),
      .desc = N_("Stops a running domain at once: QEMU is asked to quit, then "
                 "terminated, then killed, each after a time-out. Its "
                 "libvirt-networkd ports are released.") },
    { .name = "domstate",
      .handler = cmdDomState,
      .opts = opts_domain_only,
      .help = N_("domain state"),
      .desc = N_("Prints the state of a domain.") },
    { .name = "shutdown",
      .handler = cmdShutdown,
      .opts = opts_domain_only,
      .help = N_("gracefully shutdown a domain"),
      .desc = N_("Asks the guest to power off (ACPI power button) and returns "
                 "without waiting for it.") },
    { .name = "start",
      .handler = cmdStart,
      .opts = opts_start,
      .help = N_("start a (previously defined) inactive domain"),
      .desc = N_("Starts a defined domain. Its network interfaces are connected "
                 "first: through libvirt-networkd for the networkd and default "
                 "backends, or by QEMU running the configured bridge helper for "
                 "<backend type='bridge-helper'/>.") },
    { .name = NULL },
};
