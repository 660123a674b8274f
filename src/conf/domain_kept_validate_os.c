/*
 * domain_kept_validate_os.c: upstream's define-time rules on the kept
 * children of <os> (<loader>, <nvram>, <firmware>, <bootmenu>, <bios>),
 * on <sysinfo> and on the domain's <seclabel>s
 *
 * See domain_kept_validate.h: each element is read back from its stored
 * text, the firmware ones into a small struct of the attributes a rule
 * needs; the elements themselves stay kept verbatim (domain_conf.c).
 */
#include "domain_kept_validate.h"
#include "virerror.h"

#include <stdlib.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* What the firmware rules read of <os>. */
typedef struct {
    const char *firmware;        /* <os firmware=>, NULL when absent */
    const xmlNode *loader;       /* <loader>, NULL when absent */
    const char *loaderType;      /* <loader type=> */
    const char *loaderPath;      /* its text, NULL when empty */
    const xmlNode *nvram;        /* <nvram>, NULL when absent */
    bool nvramStore;             /* <nvram> names a file or a <source> */
    bool nvramTemplate;          /* <nvram template=> */
    const xmlNode *features;     /* <firmware>, NULL when absent */
} virDomainKeptFirmware;

/**
 * virDomainKeptText:
 * The text of @node with surrounding white space removed, or NULL when
 * there is none.  Caller frees.
 */
static char *
virDomainKeptText(const xmlNode *node)
{
    g_autofree char *text = virXMLNodeContentString(node);

    g_strstrip(text);
    if (!*text)
        return NULL;
    return g_steal_pointer(&text);
}

/**
 * virDomainKeptFeatureEnabled:
 * The enabled= of <firmware><feature name='@name'> in @features: 1 yes,
 * 0 no, -1 when the feature is not listed.
 */
static int
virDomainKeptFeatureEnabled(const xmlNode *features, const char *name)
{
    xmlNode *cur;

    for (cur = virXMLChildElement(features); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "feature") && virDomainKeptAttrIs(cur, "name", name))
            return virDomainKeptAttrIs(cur, "enabled", "yes") ? 1 : 0;
    }
    return -1;
}

/**
 * virDomainKeptFirmwareAutoValidate:
 * Firmware autoselection (<os firmware=>): BIOS has no NVRAM, and
 * enrolled keys need secure boot.  (Upstream 9.0 also refused a <loader>
 * path, type= or secure='no' here; later releases accept them and write
 * the selected loader into the definition themselves, so they stay
 * accepted.)  Returns 0 or -1 with an error.
 */
static int
virDomainKeptFirmwareAutoValidate(const virDomainKeptFirmware *fw)
{
    if (strcmp(fw->firmware, "bios") == 0) {
        if (fw->nvram) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<nvram> cannot be used with <os firmware='bios'>: BIOS has no NVRAM"));
            return -1;
        }
        if (fw->loader && virDomainKeptAttrIs(fw->loader, "stateless", "no")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<loader stateless='no'> cannot be used with <os firmware='bios'>: only EFI firmware has NVRAM"));
            return -1;
        }
    }
    if (fw->features &&
        virDomainKeptFeatureEnabled(fw->features, "enrolled-keys") == 1 &&
        virDomainKeptFeatureEnabled(fw->features, "secure-boot") == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("firmware feature 'enrolled-keys' cannot be enabled when firmware feature 'secure-boot' is disabled"));
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptFirmwareManualValidate:
 * A firmware given by hand (no <os firmware=>): feature-based selection
 * needs autoselection, a pflash loader needs its file, and only a pflash
 * loader has NVRAM.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptFirmwareManualValidate(const virDomainKeptFirmware *fw)
{
    bool pflash = g_strcmp0(fw->loaderType, "pflash") == 0;

    if (fw->features) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<os><firmware> selects a firmware by its features, which needs firmware autoselection (<os firmware='efi'>)"));
        return -1;
    }
    if (!fw->loader)
        return 0;
    if (pflash && !fw->loaderPath) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("<loader type='pflash'> needs the firmware file's path without firmware autoselection (<os firmware=>)"));
        return -1;
    }
    if (!pflash && virDomainKeptAttrIs(fw->loader, "stateless", "no")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<loader stateless='no'> needs <loader type='pflash'>: only a pflash loader has NVRAM"));
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptFirmwareValidate:
 * The firmware rules of <os> in @def.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptFirmwareValidate(const virDomainDef *def)
{
    virDomainKeptFirmware fw = { .firmware = def->os.firmware };
    g_auto(virDomainKeptNode) loader = { 0 };
    g_auto(virDomainKeptNode) nvram = { 0 };
    g_auto(virDomainKeptNode) features = { 0 };
    g_autofree char *loaderType = NULL;
    g_autofree char *loaderPath = NULL;

    if (virDomainKeptNodeFind(def->os.unmodelled, def->os.nunmodelled, "loader",
                              NULL, &loader) < 0 ||
        virDomainKeptNodeFind(def->os.unmodelled, def->os.nunmodelled, "nvram",
                              NULL, &nvram) < 0 ||
        virDomainKeptNodeFind(def->os.unmodelled, def->os.nunmodelled, "firmware",
                              NULL, &features) < 0)
        return -1;
    fw.loader = loader.root;
    fw.nvram = nvram.root;
    fw.features = features.root;
    if (fw.loader) {
        fw.loaderType = loaderType = virXMLPropString(fw.loader, "type");
        fw.loaderPath = loaderPath = virDomainKeptText(fw.loader);
    }
    if (fw.nvram) {
        g_autofree char *path = virDomainKeptText(fw.nvram);

        fw.nvramStore = path || virDomainKeptChild(fw.nvram, "source");
        fw.nvramTemplate = !!xmlHasProp(fw.nvram, (const xmlChar *)"template");
    }

    if (fw.firmware ? virDomainKeptFirmwareAutoValidate(&fw) < 0
                    : virDomainKeptFirmwareManualValidate(&fw) < 0)
        return -1;

    if (fw.loader && virDomainKeptAttrIs(fw.loader, "stateless", "yes")) {
        if (fw.nvramStore) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<nvram> cannot be used with <loader stateless='yes'>"));
            return -1;
        }
        if (fw.nvramTemplate) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<nvram template=> cannot be used with <loader stateless='yes'>"));
            return -1;
        }
    }

    /* on x86, UEFI needs ACPI */
    if ((g_strcmp0(fw.firmware, "efi") == 0 || g_strcmp0(fw.loaderType, "pflash") == 0) &&
        virDomainKeptIsX86(def) &&
        def->features[VIR_DOMAIN_FEATURE_ACPI] != VIR_TRISTATE_SWITCH_ON) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("UEFI firmware on x86 needs ACPI: add <acpi/> to <features>"));
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptIntAttrValidate:
 * Attribute @name of @node, when present, must be an integer within
 * [@min, @max].  Returns 0 or -1 with an error.
 */
static int
virDomainKeptIntAttrValidate(const xmlNode *node, const char *name,
                             long long min, long long max)
{
    g_autofree char *str = virXMLPropString(node, name);
    g_autofree char *why = NULL;
    gint64 val;

    if (!str)
        return 0;
    if (g_ascii_string_to_signed(str, 10, min, max, &val, NULL))
        return 0;
    why = g_strdup_printf(_("must be an integer between %1$lld and %2$lld"), min, max);
    virXMLReportInvalidValue(node, name, str, why);
    return -1;
}

/**
 * virDomainKeptSysinfoDateValid:
 * True when @date is a BIOS date as SMBIOS has it: mm/dd/yy or
 * mm/dd/yyyy (a four-digit year from 1900 on).
 */
static bool
virDomainKeptSysinfoDateValid(const char *date)
{
    g_auto(GStrv) parts = g_strsplit(date, "/", -1);
    guint64 month, day, year;

    if (g_strv_length(parts) != 3 ||
        !g_ascii_string_to_unsigned(parts[0], 10, 1, 12, &month, NULL) ||
        !g_ascii_string_to_unsigned(parts[1], 10, 1, 31, &day, NULL) ||
        !g_ascii_string_to_unsigned(parts[2], 10, 0, G_MAXINT, &year, NULL))
        return false;
    return year < 100 || year >= 1900;
}

/**
 * virDomainKeptSysinfoValidate:
 * An SMBIOS <sysinfo> (@sysinfo): the BIOS date's format, and a system
 * UUID that is the domain's own (post-parse gave a domain without <uuid>
 * this one, virDomainKeptSysinfoUUID()).  Returns 0 or -1 with an error.
 */
static int
virDomainKeptSysinfoValidate(const virDomainDef *def, const xmlNode *sysinfo)
{
    const xmlNode *section;
    xmlNode *entry;

    if (!virDomainKeptAttrIs(sysinfo, "type", "smbios"))
        return 0;
    for (section = virXMLChildElement(sysinfo); section; section = virXMLNextElement(section)) {
        bool bios = virXMLNodeNameEqual(section, "bios");
        bool system = virXMLNodeNameEqual(section, "system");

        if (!bios && !system)
            continue;
        for (entry = virXMLChildElement(section); entry; entry = virXMLNextElement(entry)) {
            g_autofree char *text = virDomainKeptText(entry);
            unsigned char uuid[VIR_UUID_BUFLEN];

            if (!text || !virXMLNodeNameEqual(entry, "entry"))
                continue;
            if (bios && virDomainKeptAttrIs(entry, "name", "date") &&
                !virDomainKeptSysinfoDateValid(text)) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("invalid <sysinfo><bios> date '%1$s': mm/dd/yy or mm/dd/yyyy"),
                               text);
                return -1;
            }
            if (system && virDomainKeptAttrIs(entry, "name", "uuid")) {
                if (virUUIDParse(text, uuid) < 0) {
                    virReportError(VIR_ERR_XML_ERROR,
                                   _("invalid <sysinfo><system> uuid '%1$s'"), text);
                    return -1;
                }
                if (memcmp(uuid, def->uuid, VIR_UUID_BUFLEN) != 0) {
                    virReportError(VIR_ERR_XML_ERROR,
                                   _("<sysinfo><system> uuid '%1$s' differs from the domain's <uuid>"),
                                   text);
                    return -1;
                }
            }
        }
    }
    return 0;
}

/**
 * virDomainKeptSysinfoUUID:
 * See domain_kept_validate.h.
 */
bool
virDomainKeptSysinfoUUID(const virDomainDef *def, unsigned char *uuid)
{
    g_auto(virDomainKeptNode) sysinfo = { 0 };
    size_t from = 0;
    int rc;

    while ((rc = virDomainKeptNodeFind(def->unmodelled, def->nunmodelled, "sysinfo",
                                       &from, &sysinfo)) > 0) {
        xmlNode *system = virDomainKeptChild(sysinfo.root, "system");
        xmlNode *entry;

        if (!virDomainKeptAttrIs(sysinfo.root, "type", "smbios") || !system)
            continue;
        for (entry = virXMLChildElement(system); entry; entry = virXMLNextElement(entry)) {
            g_autofree char *text = NULL;

            if (!virXMLNodeNameEqual(entry, "entry") ||
                !virDomainKeptAttrIs(entry, "name", "uuid"))
                continue;
            /* an invalid one is refused by validation */
            if ((text = virDomainKeptText(entry)) && virUUIDParse(text, uuid) == 0)
                return true;
        }
    }
    if (rc < 0)
        virResetLastError();
    return false;
}

/**
 * virDomainKeptSeclabelsValidate:
 * The domain's <seclabel>s: one per security model, and a model named on
 * each when there are several.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptSeclabelsValidate(const virDomainDef *def)
{
    g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func(g_free);
    g_auto(virDomainKeptNode) label = { 0 };
    size_t from = 0;
    size_t i;
    int rc;

    while ((rc = virDomainKeptNodeFind(def->unmodelled, def->nunmodelled, "seclabel",
                                       &from, &label)) > 0) {
        char *model = virXMLPropString(label.root, "model");

        for (i = 0; i < models->len; i++) {
            /* labels without a model are refused below */
            if (model && g_strcmp0(model, g_ptr_array_index(models, i)) == 0) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("<seclabel model='%1$s'> appears more than once (line %2$ld)"),
                               model, xmlGetLineNo(label.root));
                g_free(model);
                return -1;
            }
        }
        g_ptr_array_add(models, model);
    }
    if (rc < 0)
        return -1;
    if (models->len < 2)
        return 0;
    for (i = 0; i < models->len; i++) {
        if (!g_ptr_array_index(models, i)) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           _("every <seclabel> needs model= when the domain has several"));
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainKeptValidateOS:
 * See domain_kept_validate.h.
 */
int
virDomainKeptValidateOS(const virDomainDef *def)
{
    g_auto(virDomainKeptNode) node = { 0 };
    size_t from = 0;
    int rc;

    if (virDomainKeptFirmwareValidate(def) < 0)
        return -1;
    if ((rc = virDomainKeptNodeFind(def->os.unmodelled, def->os.nunmodelled, "bootmenu",
                                    NULL, &node)) < 0 ||
        (rc > 0 && virDomainKeptIntAttrValidate(node.root, "timeout", 0, 65535) < 0))
        return -1;
    if ((rc = virDomainKeptNodeFind(def->os.unmodelled, def->os.nunmodelled, "bios",
                                    NULL, &node)) < 0 ||
        (rc > 0 && virDomainKeptIntAttrValidate(node.root, "rebootTimeout", -1, 65535) < 0))
        return -1;
    while ((rc = virDomainKeptNodeFind(def->unmodelled, def->nunmodelled, "sysinfo",
                                       &from, &node)) > 0) {
        if (virDomainKeptSysinfoValidate(def, node.root) < 0)
            return -1;
    }
    if (rc < 0)
        return -1;
    return virDomainKeptSeclabelsValidate(def);
}
