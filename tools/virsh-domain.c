/*
 * virsh-domain.c: domain management commands (define, edit, undefine,
 * dumpxml, validate)
 */
#include "virsh.h"

#include "domain_conf.h"
#include "qemu_command.h"
#include "virerror.h"
#include "virfile.h"
#include "virxml.h"

#define VIR_FROM_THIS VIR_FROM_VIRSH

/* ---- define ------------------------------------------------------------- */

static const vshCmdOptDef opts_define[] = {
    { "file", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("file containing an XML domain description") },
    { "validate", VSH_OT_BOOL, 0,
      N_("validate the XML against the schema") },
    { NULL, 0, 0, NULL },
};

/**
 * virshDomainWarnKept:
 * After a define: one warning naming what @def keeps that has no effect on
 * the guest (what it keeps and the guest would miss makes start fail).
 */
static void
virshDomainWarnKept(vshControl *ctl, const virDomainDef *def)
{
    g_autofree char *kept = qemuBuildKeptAnnotations(def);

    if (kept)
        vshWarn(ctl, _("kept in the definition but not acted on: %1$s"), kept);
}

/**
 * cmdDefine:
 * Stores a persistent definition, then names (in one warning) the parts
 * of it that are kept but not acted on.
 */
static bool
cmdDefine(vshControl *ctl, const vshCmd *cmd)
{
    const char *from = vshCommandOptString(cmd, "file");
    unsigned int flags = 0;
    g_autofree char *xml = NULL;
    g_autoptr(virQEMUDomainObj) obj = NULL;
    virQEMUDriver *driver;

    if (vshCommandOptBool(cmd, "validate"))
        flags |= VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA;

    if (!(driver = virshGetDriver(ctl)))
        return false;

    if (virFileReadAll(from, VIR_DOMAIN_XML_MAX_SIZE, &xml) < 0)
        return false;

    if (!(obj = virQEMUDriverDomainDefineXML(driver, xml, from, flags))) {
        vshError(ctl, _("Failed to define domain from %1$s"), from);
        return false;
    }

    vshPrintExtra(ctl, _("Domain '%1$s' defined from %2$s\n"),
                  virQEMUDomainObjGetName(obj), from);
    virshDomainWarnKept(ctl, obj->def);
    return true;
}

/* ---- edit --------------------------------------------------------------- */

static const vshCmdOptDef opts_edit[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { "skip-validate", VSH_OT_BOOL, 0,
      N_("skip validation of the XML against the schema") },
    { NULL, 0, 0, NULL },
};

/* What "edit" passes its callbacks. */
typedef struct {
    char *name;         /* the domain, looked up by name each time */
    bool skipValidate;  /* --skip-validate */
} virshDomainEdit;

/**
 * virshDomainEditGetXML:
 * The persistent definition of the domain of @opaque (a virshDomainEdit;
 * caller frees the result), or NULL with an error.
 */
static char *
virshDomainEditGetXML(vshControl *ctl, void *opaque)
{
    virshDomainEdit *edit = opaque;
    g_autoptr(virQEMUDomainObj) obj = NULL;

    if (!(obj = virQEMUDriverDomainLookupByName(virshGetDriver(ctl), edit->name)))
        return NULL;
    return virQEMUDriverDomainGetXMLDesc(obj, VIR_DOMAIN_DEF_FORMAT_INACTIVE);
}

/**
 * virshDomainEditDefine:
 * Defines the edited domain, validated against the schema unless
 * --skip-validate was given or the user answered "i" (@relax).
 */
static bool
virshDomainEditDefine(vshControl *ctl, const char *xml, bool relax, void *opaque)
{
    virshDomainEdit *edit = opaque;
    g_autoptr(virQEMUDomainObj) obj = NULL;
    unsigned int flags = 0;

    if (!relax && !edit->skipValidate)
        flags |= VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA;
    if (!(obj = virQEMUDriverDomainDefineXML(virshGetDriver(ctl), xml, NULL, flags)))
        return false;
    virshDomainWarnKept(ctl, obj->def);
    return true;
}

/**
 * cmdEdit:
 * "edit DOMAIN": the persistent XML through $VISUAL / $EDITOR, then
 * defined again when changed (see virsh-edit.c).
 */
static bool
cmdEdit(vshControl *ctl, const vshCmd *cmd)
{
    virshDomainEdit edit = { .skipValidate = vshCommandOptBool(cmd, "skip-validate") };
    virshEditOps ops = {
        .getXML = virshDomainEditGetXML,
        .define = virshDomainEditDefine,
        .relaxAvail = !edit.skipValidate,
    };
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autofree char *name = NULL;
    bool changed;

    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    /* by name from here on: an id or UUID names the same domain */
    name = g_strdup(virQEMUDomainObjGetName(obj));
    edit.name = name;
    if (!virshEditRun(ctl, &ops, &edit, &changed))
        return false;
    if (changed)
        vshPrintExtra(ctl, _("Domain '%1$s' XML configuration edited.\n"), name);
    else
        vshPrintExtra(ctl, _("Domain '%1$s' XML configuration not changed.\n"), name);
    return true;
}

/* ---- undefine ----------------------------------------------------------- */

static const vshCmdOptDef opts_undefine[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdUndefine:
 * Removes a persistent definition.
 */
static bool
cmdUndefine(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autofree char *name = NULL;
    const char *given;

    if (!(obj = virshCommandOptDomain(ctl, cmd, &given)))
        return false;
    name = g_strdup(virQEMUDomainObjGetName(obj));

    if (virQEMUDriverDomainUndefine(virshGetDriver(ctl), name) < 0) {
        vshError(ctl, _("Failed to undefine domain '%1$s'"), name);
        return false;
    }
    vshPrintExtra(ctl, _("Domain '%1$s' has been undefined\n"), name);
    return true;
}

/* ---- dumpxml ------------------------------------------------------------ */

static const vshCmdOptDef opts_dumpxml[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { "inactive", VSH_OT_BOOL, 0,
      N_("show the persistent definition, not the running one") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdDumpXML:
 * Prints the domain XML.
 */
static bool
cmdDumpXML(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autofree char *xml = NULL;
    unsigned int flags = 0;

    if (vshCommandOptBool(cmd, "inactive"))
        flags |= VIR_DOMAIN_DEF_FORMAT_INACTIVE;

    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (!(xml = virQEMUDriverDomainGetXMLDesc(obj, flags)))
        return false;
    vshPrint(ctl, "%s", xml);
    return true;
}

/* ---- validate ----------------------------------------------------------- */

/* Root element -> schema.  Other documents (networks, ports) add a line. */
static const struct {
    const char *root;
    const char *schema;
} virshValidateSchemas[] = {
    { "domain", "domain.rng" },
};

static const vshCmdOptDef opts_validate[] = {
    { "file", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("file containing an XML document") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdValidate:
 * Checks a document against the RelaxNG schema its root element names,
 * and nothing else (no semantic checks), like virt-xml-validate.
 */
static bool
cmdValidate(vshControl *ctl, const vshCmd *cmd)
{
    const char *file = vshCommandOptString(cmd, "file");
    xmlDoc *doc = NULL;
    g_autofree char *schema = NULL;
    xmlNode *root;
    size_t i;
    bool ret = false;

    if (!(doc = virXMLParseFile(file, VIR_DOMAIN_XML_MAX_SIZE)))
        goto cleanup;

    root = xmlDocGetRootElement(doc);
    for (i = 0; i < G_N_ELEMENTS(virshValidateSchemas) && !schema; i++) {
        if (virXMLNodeNameEqual(root, virshValidateSchemas[i].root))
            schema = virXMLSchemaPath(virshValidateSchemas[i].schema);
    }
    if (!schema) {
        virReportError(VIR_ERR_XML_INVALID_SCHEMA,
                       _("no schema for documents whose root element is <%1$s>"),
                       (const char *)root->name);
        goto cleanup;
    }

    if (virXMLValidateAgainstSchema(schema, doc) < 0)
        goto cleanup;

    vshPrintExtra(ctl, _("%1$s validates\n"), file);
    ret = true;

 cleanup:
    if (!ret)
        vshError(ctl, _("%1$s fails to validate"), file);
    xmlFreeDoc(doc);
    return ret;
}

const vshCmdDef domManagementCmds[] = {
    { .name = "console",
      .handler = cmdConsole,
      .opts = opts_console,
      .help = N_("connect to the guest console"),
      .desc = N_("Connect the virtual serial console for the guest. "
                 "Type ^] (Ctrl + ]) to leave it.") },
    { .name = "define",
      .handler = cmdDefine,
      .opts = opts_define,
      .help = N_("store a domain definition from an XML file"),
      .desc = N_("Stores the domain described by an XML file as a persistent definition. "
                 "Kept elements that have no effect on the guest (<metadata>) are named in a warning; "
                 "any other element kept but not acted on makes start fail, naming it.") },
    { .name = "dumpxml",
      .handler = cmdDumpXML,
      .opts = opts_dumpxml,
      .help = N_("print the XML description of a domain"),
      .desc = N_("Prints the domain's XML description on stdout.") },
    { .name = "edit",
      .handler = cmdEdit,
      .opts = opts_edit,
      .help = N_("edit XML configuration for a domain"),
      .desc = N_("Opens the domain's persistent XML in $VISUAL or $EDITOR (default vi) "
                 "and defines the domain again from it when it changed, validated against "
                 "the schema unless --skip-validate; when that fails, asks whether to edit "
                 "again. A running domain keeps running as it is; the change applies at its "
                 "next start.") },
    { .name = "undefine",
      .handler = cmdUndefine,
      .opts = opts_undefine,
      .help = N_("remove the persistent definition of a domain"),
      .desc = N_("Removes the persistent definition of a domain.") },
    { .name = "validate",
      .handler = cmdValidate,
      .opts = opts_validate,
      .help = N_("validate an XML document against its schema"),
      .desc = N_("Checks an XML document against the RelaxNG schema of its root element "
                 "and reports the line and element of the first violation."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = NULL },
};
