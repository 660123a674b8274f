/*
 * vsh.c: command parsing, dispatch, help and output for virsh
 *
 * Nothing here knows about domains: the command groups' tables drive it.
 */
#include "virsh.h"

#include "virerror.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_VIRSH

/**
 * vshCmdDefLookup:
 * Returns the command called @name in any group, or NULL.
 */
const vshCmdDef *
vshCmdDefLookup(const vshControl *ctl, const char *name)
{
    const vshCmdGrp *grp;
    const vshCmdDef *def;

    for (grp = ctl->groups; grp->name; grp++) {
        for (def = grp->commands; def->name; def++) {
            if (g_str_equal(def->name, name))
                return def;
        }
    }
    return NULL;
}

/**
 * vshCmdGrpLookup:
 * Returns the group whose help keyword (or name) is @keyword, or NULL.
 */
const vshCmdGrp *
vshCmdGrpLookup(const vshControl *ctl, const char *keyword)
{
    const vshCmdGrp *grp;

    for (grp = ctl->groups; grp->name; grp++) {
        if (g_str_equal(grp->keyword, keyword) || g_str_equal(grp->name, keyword))
            return grp;
    }
    return NULL;
}

/**
 * vshCommandFree:
 * @cmd: parsed command to free, may be NULL
 */
void
vshCommandFree(vshCmd *cmd)
{
    size_t i;

    if (!cmd)
        return;
    for (i = 0; i < cmd->nopts; i++)
        g_free(cmd->values[i]);
    g_free(cmd->values);
    g_free(cmd);
}

/**
 * vshCmdOptIndex:
 * Returns the index of option @name in @def's table, or -1.
 */
static ssize_t
vshCmdOptIndex(const vshCmdDef *def, const char *name)
{
    size_t i;

    for (i = 0; def->opts && def->opts[i].name; i++) {
        if (g_str_equal(def->opts[i].name, name))
            return i;
    }
    return -1;
}

/**
 * vshCmdOptValueSyntax:
 * Returns the placeholder of a valued option in help and errors.
 */
static const char *
vshCmdOptValueSyntax(const vshCmdOptDef *opt)
{
    switch (opt->type) {
    case VSH_OT_INT:
        return _("<number>");
    case VSH_OT_STRING:
    case VSH_OT_BOOL:
        break;
    }
    return _("<string>");
}

/**
 * vshCommandParseOption:
 * @ctl: the shell
 * @cmd: command being filled
 * @arg: the argument, starting with "--"
 * @next: the argument after it, or NULL
 * @consumed: set to true when @next was used as the value
 *
 * Returns 0, or -1 after printing the error.
 */
static int
vshCommandParseOption(vshControl *ctl, vshCmd *cmd, const char *arg,
                      const char *next, bool *consumed)
{
    const vshCmdDef *def = cmd->def;
    g_autofree char *name = g_strdup(arg + 2);
    char *eq = strchr(name, '=');
    const char *value = NULL;
    const vshCmdOptDef *opt;
    ssize_t idx;

    *consumed = false;
    if (eq) {
        *eq = '\0';
        value = eq + 1;
    }

    if ((idx = vshCmdOptIndex(def, name)) < 0) {
        if (g_str_equal(name, "help") && !eq) {
            cmd->help = true;
            return 0;
        }
        vshError(ctl, _("command '%1$s' doesn't support option --%2$s"),
                 def->name, name);
        return -1;
    }
    opt = &def->opts[idx];

    if (cmd->values[idx]) {
        vshError(ctl, _("option --%1$s already seen"), name);
        return -1;
    }

    switch (opt->type) {
    case VSH_OT_BOOL:
        if (value) {
            vshError(ctl, _("invalid '=' after option --%1$s"), name);
            return -1;
        }
        cmd->values[idx] = g_strdup("");
        return 0;
    case VSH_OT_STRING:
    case VSH_OT_INT:
        break;
    }

    if (!value) {
        if (!next) {
            vshError(ctl, _("expected syntax: --%1$s %2$s"),
                     name, vshCmdOptValueSyntax(opt));
            return -1;
        }
        value = next;
        *consumed = true;
    }
    cmd->values[idx] = g_strdup(value);
    return 0;
}

/**
 * vshCommandParsePositional:
 * Gives @arg to the first positional option not yet set.
 * Returns 0, or -1 after printing the error.
 */
static int
vshCommandParsePositional(vshControl *ctl, vshCmd *cmd, const char *arg)
{
    size_t i;

    for (i = 0; i < cmd->nopts; i++) {
        const vshCmdOptDef *opt = &cmd->def->opts[i];

        if ((opt->flags & VSH_OFLAG_POSITIONAL) && !cmd->values[i]) {
            cmd->values[i] = g_strdup(arg);
            return 0;
        }
    }
    vshError(ctl, _("unexpected data '%1$s'"), arg);
    return -1;
}

/**
 * vshCommandParse:
 * @ctl: the shell
 * @argc: number of words, at least 1
 * @argv: the command name followed by its arguments
 *
 * Returns the parsed command (caller frees), or NULL after printing an
 * error (unknown command, unknown or repeated option, missing value,
 * missing required option, extra data).  "COMMAND --help" parses to a
 * command with ->help set, whatever else is on the line.
 */
vshCmd *
vshCommandParse(vshControl *ctl, int argc, char **argv)
{
    g_autoptr(vshCmd) cmd = g_new0(vshCmd, 1);
    bool optionsDone = false;
    int i;

    if (!(cmd->def = vshCmdDefLookup(ctl, argv[0]))) {
        vshError(ctl, _("unknown command: '%1$s'"), argv[0]);
        return NULL;
    }

    while (cmd->def->opts && cmd->def->opts[cmd->nopts].name)
        cmd->nopts++;
    cmd->values = g_new0(char *, cmd->nopts + 1);

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (!optionsDone && g_str_equal(arg, "--")) {
            optionsDone = true;
        } else if (!optionsDone && g_str_has_prefix(arg, "--")) {
            bool consumed;

            if (vshCommandParseOption(ctl, cmd, arg,
                                      i + 1 < argc ? argv[i + 1] : NULL,
                                      &consumed) < 0)
                return NULL;
            if (consumed)
                i++;
        } else if (vshCommandParsePositional(ctl, cmd, arg) < 0) {
            return NULL;
        }
    }

    if (cmd->help)
        return g_steal_pointer(&cmd);

    for (i = 0; (size_t)i < cmd->nopts; i++) {
        const vshCmdOptDef *opt = &cmd->def->opts[i];

        if ((opt->flags & VSH_OFLAG_REQUIRED) && !cmd->values[i]) {
            vshError(ctl, _("command '%1$s' requires <%2$s> option"),
                     cmd->def->name, opt->name);
            return NULL;
        }
    }
    return g_steal_pointer(&cmd);
}

/**
 * vshCommandRun:
 * Runs @cmd (or prints its help), then reports the error it left, if any,
 * and ends the output with an empty line as upstream virsh does after
 * every command.  Returns the command's success.
 */
bool
vshCommandRun(vshControl *ctl, const vshCmd *cmd)
{
    bool ret;

    if (cmd->help)
        ret = vshPrintCmdHelp(ctl, cmd->def);
    else
        ret = cmd->def->handler(ctl, cmd);

    if (!ret)
        vshReportError(ctl);
    vshPrintExtra(ctl, "\n");
    return ret;
}

/**
 * vshCommandOptValue:
 * Returns the raw value of option @name, or NULL when it was not given.
 * Asking for an option the command does not declare is a programming
 * error.
 */
static const char *
vshCommandOptValue(const vshCmd *cmd, const char *name)
{
    ssize_t idx = vshCmdOptIndex(cmd->def, name);

    g_assert(idx >= 0);
    return cmd->values[idx];
}

/**
 * vshCommandOptBool:
 * Returns whether boolean option @name was given.
 */
bool
vshCommandOptBool(const vshCmd *cmd, const char *name)
{
    return vshCommandOptValue(cmd, name) != NULL;
}

/**
 * vshCommandOptString:
 * Returns the value of option @name (borrowed from @cmd), or NULL.
 */
const char *
vshCommandOptString(const vshCmd *cmd, const char *name)
{
    return vshCommandOptValue(cmd, name);
}

/**
 * vshCommandOptInt:
 * @ctl: the shell
 * @cmd: the command
 * @name: an option of type VSH_OT_INT
 * @value: filled when the option is given
 *
 * Returns 1 when set, 0 when absent, -1 after printing an error for a
 * malformed or out-of-range number.
 */
int
vshCommandOptInt(vshControl *ctl, const vshCmd *cmd, const char *name, int *value)
{
    const char *str = vshCommandOptValue(cmd, name);
    gint64 num;

    if (!str)
        return 0;
    if (!g_ascii_string_to_signed(str, 10, G_MININT, G_MAXINT, &num, NULL)) {
        vshError(ctl, _("numeric value '%1$s' for <%2$s> option is malformed or out of range"),
                 str, name);
        return -1;
    }
    *value = (int)num;
    return 1;
}

/**
 * vshPrint:
 * Prints command output on stdout.
 */
void
vshPrint(vshControl *ctl G_GNUC_UNUSED, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

/**
 * vshPrintExtra:
 * Prints informational output on stdout, unless -q was given.
 */
void
vshPrintExtra(vshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    if (ctl->quiet)
        return;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

/**
 * vshWarn:
 * Prints "warning: MESSAGE" on stderr.
 */
void
vshWarn(vshControl *ctl G_GNUC_UNUSED, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
    fprintf(stderr, _("warning: %1$s\n"), msg);
}

/**
 * vshError:
 * Prints "error: MESSAGE" on stderr, through virErrorPrint() like every
 * error, and keeps the last error of the library in place so that
 * vshReportError() can print the reason on the next line.
 */
void
vshError(vshControl *ctl G_GNUC_UNUSED, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    virError *saved = NULL;
    virError own = { .code = VIR_ERR_OPERATION_FAILED, .domain = VIR_FROM_THIS };
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    virErrorPreserveLast(&saved);
    own.message = msg;
    virErrorSetLast(&own);
    fflush(stdout);
    virErrorPrint(NULL);
    virResetLastError();
    virErrorRestore(&saved);
}

/**
 * vshReportError:
 * Prints the library's last error, if any, and clears it.
 */
void
vshReportError(vshControl *ctl G_GNUC_UNUSED)
{
    if (!virGetLastError())
        return;
    fflush(stdout);
    virErrorPrint(NULL);
    virResetLastError();
}

/**
 * vshPrintGroupHelp:
 * Lists the commands of @grp with their one-line help.  Returns true.
 */
bool
vshPrintGroupHelp(vshControl *ctl, const vshCmdGrp *grp)
{
    const vshCmdDef *def;

    vshPrint(ctl, _(" %1$s (help keyword '%2$s'):\n"), _(grp->name), grp->keyword);
    for (def = grp->commands; def->name; def++)
        vshPrint(ctl, "    %-30s %s\n", def->name, _(def->help));
    return true;
}

/**
 * vshPrintGroupList:
 * Lists every group and its commands ("virsh help").
 */
void
vshPrintGroupList(vshControl *ctl)
{
    const vshCmdGrp *grp;

    vshPrint(ctl, "%s", _("Grouping of commands:\n\n"));
    for (grp = ctl->groups; grp->name; grp++) {
        vshPrintGroupHelp(ctl, grp);
        if (grp[1].name)
            vshPrint(ctl, "\n");
    }
}

/**
 * vshPrintCmdHelp:
 * Prints the NAME / SYNOPSIS / DESCRIPTION / OPTIONS help of @def.
 * Returns true.
 */
bool
vshPrintCmdHelp(vshControl *ctl, const vshCmdDef *def)
{
    const vshCmdOptDef *opt;
    g_autoptr(GString) synopsis = g_string_new(def->name);

    for (opt = def->opts; opt && opt->name; opt++) {
        bool req = opt->flags & VSH_OFLAG_REQUIRED;
        bool pos = opt->flags & VSH_OFLAG_POSITIONAL;

        switch (opt->type) {
        case VSH_OT_BOOL:
            g_string_append_printf(synopsis, " [--%s]", opt->name);
            break;
        case VSH_OT_STRING:
        case VSH_OT_INT:
            if (req && pos)
                g_string_append_printf(synopsis, " <%s>", opt->name);
            else if (pos)
                g_string_append_printf(synopsis, " [<%s>]", opt->name);
            else if (req)
                g_string_append_printf(synopsis, " --%s %s", opt->name,
                                       vshCmdOptValueSyntax(opt));
            else
                g_string_append_printf(synopsis, " [--%s %s]", opt->name,
                                       vshCmdOptValueSyntax(opt));
            break;
        }
    }

    vshPrint(ctl, "%s", _("  NAME\n"));
    vshPrint(ctl, "    %s - %s\n", def->name, _(def->help));
    vshPrint(ctl, "%s", _("\n  SYNOPSIS\n"));
    vshPrint(ctl, "    %s\n", synopsis->str);
    if (def->desc && *def->desc) {
        vshPrint(ctl, "%s", _("\n  DESCRIPTION\n"));
        vshPrint(ctl, "    %s\n", _(def->desc));
    }
    if (def->opts && def->opts->name) {
        vshPrint(ctl, "%s", _("\n  OPTIONS\n"));
        for (opt = def->opts; opt->name; opt++) {
            g_autofree char *left = NULL;

            switch (opt->type) {
            case VSH_OT_BOOL:
                left = g_strdup_printf("--%s", opt->name);
                break;
            case VSH_OT_STRING:
            case VSH_OT_INT:
                if (opt->flags & VSH_OFLAG_POSITIONAL)
                    left = g_strdup_printf("[--%s] %s", opt->name,
                                           vshCmdOptValueSyntax(opt));
                else
                    left = g_strdup_printf("--%s %s", opt->name,
                                           vshCmdOptValueSyntax(opt));
                break;
            }
            vshPrint(ctl, "    %-15s  %s\n", left, _(opt->help));
        }
    }
    return true;
}
