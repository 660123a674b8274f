/*
 * virsh.h: the command shell's types and helpers
 *
 * virsh is a thin front end.  Each command group lives in its own file
 * (virsh-domain.c, virsh-domain-monitor.c, virsh-host.c, ...) as a table of
 * vshCmdDef entries, each with a table of vshCmdOptDef options; virsh.c
 * lists the groups.  Adding a group is a new file with its table, one
 * line in virsh.c's group list and one in tools/meson.build.
 *
 * Option syntax follows upstream virsh: "--name value", "--name=value",
 * boolean "--name", and positional values for options flagged
 * VSH_OFLAG_POSITIONAL (in table order), so "dumpxml demo" and
 * "dumpxml --domain demo" are the same.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "qemu_driver.h"

typedef enum {
    VSH_OT_BOOL,    /* --name, takes no value */
    VSH_OT_STRING,  /* --name VALUE */
    VSH_OT_INT,     /* --name NUMBER */
} vshCmdOptType;

typedef enum {
    VSH_OFLAG_NONE = 0,
    VSH_OFLAG_REQUIRED = 1 << 0,    /* the command fails without it */
    VSH_OFLAG_POSITIONAL = 1 << 1,  /* may be given without its --name */
} vshCmdOptFlags;

typedef struct _vshCmdOptDef vshCmdOptDef;
struct _vshCmdOptDef {
    const char *name;     /* NULL ends the table */
    vshCmdOptType type;
    unsigned int flags;   /* vshCmdOptFlags */
    const char *help;     /* N_() */
};

typedef struct _vshControl vshControl;
typedef struct _vshCmd vshCmd;
typedef struct _vshCmdDef vshCmdDef;

typedef enum {
    VSH_CMD_FLAG_NOCONNECT = 1 << 0,  /* does not need the driver */
} vshCmdFlags;

struct _vshCmdDef {
    const char *name;     /* NULL ends the table */
    bool (*handler)(vshControl *ctl, const vshCmd *cmd);
    const vshCmdOptDef *opts;  /* NULL or a table ended by {.name = NULL} */
    const char *help;     /* one line, N_() */
    const char *desc;     /* a paragraph, N_() */
    unsigned int flags;   /* vshCmdFlags */
};

typedef struct _vshCmdGrp vshCmdGrp;
struct _vshCmdGrp {
    const char *name;          /* N_("Domain Management") */
    const char *keyword;       /* "domain", for "help domain" */
    const vshCmdDef *commands; /* ended by {.name = NULL} */
};

/* A parsed command line: the definition and one value per option. */
struct _vshCmd {
    const vshCmdDef *def;
    char **values;   /* parallel to def->opts; "" for a set boolean */
    size_t nopts;
    bool help;       /* COMMAND --help */
};

struct _vshControl {
    const vshCmdGrp *groups;  /* ended by {.name = NULL} */
    char *connname;           /* -c URI, NULL for the default */
    bool quiet;               /* -q: no informational output */
    virQEMUDriver *driver;    /* opened on first use */
};

/* ---- vsh.c: parsing, dispatch, help, output ------------------------------ */

const vshCmdDef *vshCmdDefLookup(const vshControl *ctl, const char *name);
const vshCmdGrp *vshCmdGrpLookup(const vshControl *ctl, const char *keyword);

void vshCommandFree(vshCmd *cmd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(vshCmd, vshCommandFree);
vshCmd *vshCommandParse(vshControl *ctl, int argc, char **argv);
bool vshCommandRun(vshControl *ctl, const vshCmd *cmd);

bool vshCommandOptBool(const vshCmd *cmd, const char *name);
const char *vshCommandOptString(const vshCmd *cmd, const char *name);
int vshCommandOptInt(vshControl *ctl, const vshCmd *cmd,
                     const char *name, int *value);

void vshPrint(vshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void vshPrintExtra(vshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void vshWarn(vshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void vshError(vshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void vshReportError(vshControl *ctl);

void vshPrintGroupList(vshControl *ctl);
bool vshPrintGroupHelp(vshControl *ctl, const vshCmdGrp *grp);
bool vshPrintCmdHelp(vshControl *ctl, const vshCmdDef *def);

/* ---- vsh-table.c: upstream's column layout ------------------------------ */

typedef struct _vshTable vshTable;
vshTable *vshTableNew(const char *header, ...) G_GNUC_NULL_TERMINATED;
void vshTableRowAppend(vshTable *table, const char *cell, ...) G_GNUC_NULL_TERMINATED;
void vshTablePrint(vshControl *ctl, const vshTable *table);
void vshTableFree(vshTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(vshTable, vshTableFree);

/* ---- virsh.c: helpers shared by the command groups ---------------------- */

virQEMUDriver *virshGetDriver(vshControl *ctl);
virQEMUDomainObj *virshCommandOptDomain(vshControl *ctl, const vshCmd *cmd,
                                        const char **name);
const char *virshDomainStateToString(virQEMUDomainState state);

/* virsh-console.c: "console", listed in domManagementCmds as upstream
 * lists it. */
extern const vshCmdOptDef opts_console[];
bool cmdConsole(vshControl *ctl, const vshCmd *cmd);

/* The command groups (each defined in its own file). */
extern const vshCmdDef virshCmds[];
extern const vshCmdDef domManagementCmds[];
extern const vshCmdDef domLifecycleCmds[];
extern const vshCmdDef domMonitoringCmds[];
extern const vshCmdDef domDisplayCmds[];
extern const vshCmdDef hostAndHypervisorCmds[];
extern const vshCmdDef qemuDriverCmds[];
extern const vshCmdDef networkCmds[];
extern const vshCmdDef networkPortCmds[];

/* ---- virsh-edit.c: the editor round trip of "edit" and "net-edit" ------- */

typedef struct _virshEditOps virshEditOps;
struct _virshEditOps {
    /* the object's stored XML now (caller frees), or NULL with an error */
    char *(*getXML)(vshControl *ctl, void *opaque);
    /* define the object from @xml (without validation when @relax);
     * false with the error left for the prompt to print */
    bool (*define)(vshControl *ctl, const char *xml, bool relax, void *opaque);
    bool relaxAvail;   /* the command validates: offer "i" */
};

char *virshEditWriteTempFile(const char *doc);
int virshEditFile(const char *path);
int virshEditAskReedit(vshControl *ctl, const char *msg, bool relaxAvail);
bool virshEditRun(vshControl *ctl, const virshEditOps *ops, void *opaque, bool *changed);
