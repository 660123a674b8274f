/*
 * virsh.c: the virsh entry point, its global options and shared helpers
 *
 * virsh runs the QEMU driver in-process (there is no session daemon): the
 * connection is opened on the first command that needs it, from -c URI,
 * $LIBVIRT_DEFAULT_URI, or the default for the calling user.  Exit status
 * is 0 when the command succeeded and 1 otherwise, like upstream.
 */
#include "virsh.h"

#include "virerror.h"
#include "virgettext.h"
#include "viruuid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_VIRSH

/* The command groups, in the order "virsh help" lists them.  A new group
 * is one line here (and its table's declaration in virsh.h). */
static const vshCmdGrp cmdGroups[] = {
    { N_("Domain Management"), "domain", domManagementCmds },
    { N_("Domain Lifecycle"), "lifecycle", domLifecycleCmds },
    { N_("Domain Monitoring"), "monitor", domMonitoringCmds },
    { N_("Reaching the Guest"), "guest", domDisplayCmds },
    { N_("Host and Hypervisor"), "host", hostAndHypervisorCmds },
    { N_("Networking"), "network", networkCmds },
    { N_("Networkd Port"), "network-port", networkPortCmds },
    { N_("QEMU Driver"), "qemu", qemuDriverCmds },
    { N_("Virsh itself"), "virsh", virshCmds },
    { NULL, NULL, NULL },
};

/**
 * virshGetDriver:
 * @ctl: the shell
 *
 * Returns the connection, opening it on first use, or NULL after printing
 * "failed to connect to the hypervisor" (the reason follows when the
 * command's error is reported).
 */
virQEMUDriver *
virshGetDriver(vshControl *ctl)
{
    if (!ctl->driver && !(ctl->driver = virQEMUDriverOpen(ctl->connname)))
        vshError(ctl, "%s", _("failed to connect to the hypervisor"));
    return ctl->driver;
}

/**
 * virshLookupDomainTry:
 * @obj: result of one lookup
 * @found: set when the lookup decided the outcome (found, or failed for a
 *         reason other than "no such domain")
 *
 * Returns @obj.  Clears a "no such domain" error so the next way of
 * looking up can be tried.
 */
static virQEMUDomainObj *
virshLookupDomainTry(virQEMUDomainObj *obj, bool *found)
{
    *found = obj || virGetLastErrorCode() != VIR_ERR_NO_DOMAIN;
    if (!*found)
        virResetLastError();
    return obj;
}

/**
 * virshCommandOptDomain:
 * @ctl: the shell
 * @cmd: a command with a "domain" option
 * @name: if not NULL, set to the string the user gave (borrowed from @cmd)
 *
 * Looks the domain up like upstream: as an id when the string is a
 * number, then as a uuid when it parses as one, then as a name.
 * Returns the domain (caller frees), or NULL after printing "failed to
 * get domain 'X'", with the reason left for the command's error report.
 */
virQEMUDomainObj *
virshCommandOptDomain(vshControl *ctl, const vshCmd *cmd, const char **name)
{
    const char *str = vshCommandOptString(cmd, "domain");
    unsigned char uuid[VIR_UUID_BUFLEN];
    virQEMUDriver *driver;
    virQEMUDomainObj *obj = NULL;
    bool found = false;
    gint64 id;

    if (name)
        *name = str;
    if (!(driver = virshGetDriver(ctl)))
        return NULL;

    if (g_ascii_string_to_signed(str, 10, 0, G_MAXINT, &id, NULL))
        obj = virshLookupDomainTry(virQEMUDriverDomainLookupByID(driver, (int)id), &found);
    if (!found && virUUIDParse(str, uuid) == 0)
        obj = virshLookupDomainTry(virQEMUDriverDomainLookupByUUID(driver, uuid), &found);
    if (!found)
        obj = virQEMUDriverDomainLookupByName(driver, str);

    if (!obj)
        vshError(ctl, _("failed to get domain '%1$s'"), str);
    return obj;
}

/**
 * virshDomainStateToString:
 * Returns the translated state name virsh shows (upstream's words).
 */
const char *
virshDomainStateToString(virQEMUDomainState state)
{
    switch (state) {
    case VIR_QEMU_DOMAIN_STATE_RUNNING:
        return _("running");
    case VIR_QEMU_DOMAIN_STATE_PAUSED:
        return _("paused");
    case VIR_QEMU_DOMAIN_STATE_SHUTDOWN:
        return _("in shutdown");
    case VIR_QEMU_DOMAIN_STATE_SHUTOFF:
        return _("shut off");
    case VIR_QEMU_DOMAIN_STATE_CRASHED:
        return _("crashed");
    case VIR_QEMU_DOMAIN_STATE_NOSTATE:
    case VIR_QEMU_DOMAIN_STATE_LAST:
        break;
    }
    return _("no state");
}

/* ---- "help" ------------------------------------------------------------- */

static const vshCmdOptDef opts_help[] = {
    { "command", VSH_OT_STRING, VSH_OFLAG_POSITIONAL, N_("command or command group") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdHelp:
 * "help" lists all commands; "help X" describes command X or group X.
 */
static bool
cmdHelp(vshControl *ctl, const vshCmd *cmd)
{
    const char *name = vshCommandOptString(cmd, "command");
    const vshCmdDef *def;
    const vshCmdGrp *grp;

    if (!name) {
        vshPrintGroupList(ctl);
        return true;
    }
    if ((def = vshCmdDefLookup(ctl, name)))
        return vshPrintCmdHelp(ctl, def);
    if ((grp = vshCmdGrpLookup(ctl, name)))
        return vshPrintGroupHelp(ctl, grp);

    vshError(ctl, _("command or command group '%1$s' doesn't exist"), name);
    return false;
}

const vshCmdDef virshCmds[] = {
    { .name = "help",
      .handler = cmdHelp,
      .opts = opts_help,
      .help = N_("show the commands, or the help of one"),
      .desc = N_("Prints the list of commands, or the help of one command or command group."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = NULL },
};

/* ---- main --------------------------------------------------------------- */

/**
 * virshUsage:
 * Prints "virsh --help".
 */
static void
virshUsage(vshControl *ctl)
{
    vshPrint(ctl, _("\n"
                    "%1$s [options]... <command> [args...]\n"
                    "\n"
                    "  options:\n"
                    "    -c | --connect=URI      hypervisor connection URI (%2$s or %3$s)\n"
                    "    -h | --help             this help\n"
                    "    -q | --quiet            quiet mode\n"
                    "    -v | --version          program version\n"
                    "\n"
                    "  commands (non interactive mode):\n"
                    "\n"),
             "virsh", VIR_QEMU_URI_SESSION, VIR_QEMU_URI_SYSTEM);
    vshPrintGroupList(ctl);
    vshPrint(ctl, "%s", _("\n"
                          "  (specify help <group> for details about the commands in the group)\n"
                          "\n"
                          "  (specify help <command> for details about the command)\n"
                          "\n"));
}

/**
 * virshLogHandler:
 * Prints library warnings (a stored definition that cannot be read, ...)
 * as "warning: MESSAGE", like virsh's own; everything else goes to GLib's
 * default handler (debug output only with G_MESSAGES_DEBUG).
 */
static void
virshLogHandler(const gchar *domain,
                GLogLevelFlags level,
                const gchar *message,
                gpointer opaque)
{
    if ((level & G_LOG_LEVEL_MASK) == G_LOG_LEVEL_WARNING) {
        fflush(stdout);
        fprintf(stderr, _("warning: %1$s\n"), message);
        return;
    }
    g_log_default_handler(domain, level, message, opaque);
}

typedef enum {
    VIRSH_ARGS_CONTINUE,   /* run the command that follows */
    VIRSH_ARGS_EXIT_OK,    /* --help, --version: done */
    VIRSH_ARGS_EXIT_FAIL,  /* bad option, error printed */
} virshArgsResult;

/**
 * virshParseArgv:
 * @ctl: the shell, filled from the options
 * @argc: argument count
 * @argv: arguments
 * @cmdIndex: set to the index of the command word (may be @argc)
 *
 * Parses the global options in front of the command.
 */
static virshArgsResult
virshParseArgv(vshControl *ctl, int argc, char **argv, int *cmdIndex)
{
    int i;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *arg = argv[i];

        if (g_str_equal(arg, "--")) {
            i++;
            break;
        } else if (g_str_equal(arg, "-c") || g_str_equal(arg, "--connect")) {
            if (i + 1 >= argc) {
                vshError(ctl, _("option '%1$s' requires an argument"), arg);
                return VIRSH_ARGS_EXIT_FAIL;
            }
            g_free(ctl->connname);
            ctl->connname = g_strdup(argv[++i]);
        } else if (g_str_has_prefix(arg, "--connect=")) {
            g_free(ctl->connname);
            ctl->connname = g_strdup(arg + strlen("--connect="));
        } else if (g_str_has_prefix(arg, "-c") && !g_str_has_prefix(arg, "--")) {
            g_free(ctl->connname);
            ctl->connname = g_strdup(arg + 2);
        } else if (g_str_equal(arg, "-q") || g_str_equal(arg, "--quiet")) {
            ctl->quiet = true;
        } else if (g_str_equal(arg, "-h") || g_str_equal(arg, "--help")) {
            virshUsage(ctl);
            return VIRSH_ARGS_EXIT_OK;
        } else if (g_str_equal(arg, "-v") || g_str_equal(arg, "--version") ||
                   g_str_equal(arg, "--version=short")) {
            vshPrint(ctl, "%s\n", PACKAGE_VERSION);
            return VIRSH_ARGS_EXIT_OK;
        } else {
            vshError(ctl, _("unsupported option '%1$s'. See --help."), arg);
            return VIRSH_ARGS_EXIT_FAIL;
        }
    }
    *cmdIndex = i;
    return VIRSH_ARGS_CONTINUE;
}

int
main(int argc, char **argv)
{
    vshControl ctl = { .groups = cmdGroups };
    g_autoptr(vshCmd) cmd = NULL;
    int cmdIndex = argc;
    bool ok = false;

    virGettextInitialize();
    g_log_set_default_handler(virshLogHandler, NULL);

    switch (virshParseArgv(&ctl, argc, argv, &cmdIndex)) {
    case VIRSH_ARGS_CONTINUE:
        break;
    case VIRSH_ARGS_EXIT_OK:
        ok = true;
        goto cleanup;
    case VIRSH_ARGS_EXIT_FAIL:
        goto cleanup;
    }

    if (cmdIndex >= argc) {
        vshError(&ctl, "%s",
                 _("no command given; this virsh has no interactive mode (see 'virsh help')"));
        goto cleanup;
    }

    if (!(cmd = vshCommandParse(&ctl, argc - cmdIndex, argv + cmdIndex)))
        goto cleanup;

    if (!cmd->help && !(cmd->def->flags & VSH_CMD_FLAG_NOCONNECT) &&
        !virshGetDriver(&ctl)) {
        vshReportError(&ctl);
        goto cleanup;
    }

    ok = vshCommandRun(&ctl, cmd);

 cleanup:
    virQEMUDriverClose(ctl.driver);
    g_free(ctl.connname);
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
