/*
 * virsh-host.c: host and hypervisor commands (uri; capabilities and
 * domcapabilities join here)
 */
#include "virsh.h"

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_VIRSH

/**
 * cmdURI:
 * Prints the canonical URI of the connection.
 */
static bool
cmdURI(vshControl *ctl, const vshCmd *cmd G_GNUC_UNUSED)
{
    vshPrint(ctl, "%s\n", virQEMUDriverGetURI(virshGetDriver(ctl)));
    return true;
}

const vshCmdDef hostAndHypervisorCmds[] = {
    { .name = "uri",
      .handler = cmdURI,
      .opts = NULL,
      .help = N_("print the connection URI"),
      .desc = N_("Prints the canonical URI of the connection virsh uses.") },
    { .name = NULL },
};
