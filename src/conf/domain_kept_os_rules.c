/*
 * domain_kept_os_rules.c: upstream's define-time rules on the kept
 * children of <os> (<loader>, <nvram>, <firmware>, <bootmenu>, <bios>),
 * on <sysinfo> and on the domain's <seclabel>s
 *
 * Each element is read into a small struct of the attributes a rule needs;
 * the element itself stays kept verbatim (domain_conf.c).
 */
#include "domain_kept_rules.h"
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
 * virDomainKeptChild:
 * See domain_kept_rules.h.
 */
xmlNode *
virDomainKeptChild(const xmlNode *node, const char *name)
{
    xmlNode *cur;

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, name))
            return cur;
    }
    return NULL;
}

/**
 * virDomainKeptAttrIs:
 * See domain_kept_rules.h.
 */
bool
virDomainKeptAttrIs(const xmlNode *node, const char *name, const char *value)
{
    g_autofree char *str = virXMLPropString(node, name);

    return g_strcmp0(str, value) == 0;
}

/**
 * virDomainKeptIsX86:
 * See domain_kept_rules.h.
 */
bool
virDomainKeptIsX86(const virDomainDef *def)
{
    return !def->os.arch || strcmp(def->os.arch, "x86_64") == 0 ||
           strcmp(def->os.arch, "i686") == 0;
}

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
 * The firmware rules of <os> (@os) in @def.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptFirmwareValidate(const virDomainDef *def, const xmlNode *os)
{
    virDomainKeptFirmware fw = { .firmware = def->os.firmware };
    g_autofree char *loaderType = NULL;
    g_autofree char *loaderPath = NULL;

    fw.loader = virDomainKeptChild(os, "loader");
    fw.nvram = virDomainKeptChild(os, "nvram");
    fw.features = virDomainKeptChild(os, "firmware");
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
 * UUID that is the domain's own when the domain gives one (@hasUUID).
 * Returns 0 or -1 with an error.
 */
static int
virDomainKeptSysinfoValidate(const virDomainDef *def, const xmlNode *sysinfo,
                             bool hasUUID)
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
            if (system && hasUUID && virDomainKeptAttrIs(entry, "name", "uuid")) {
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
 * virDomainKeptSeclabelsValidate:
 * The domain's <seclabel>s under @root: one per security model, and a
 * model named on each when there are several.  Returns 0 or -1.
 */
static int
virDomainKeptSeclabelsValidate(const xmlNode *root)
{
    g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func(g_free);
    xmlNode *cur;
    size_t i;

    for (cur = virXMLChildElement(root); cur; cur = virXMLNextElement(cur)) {
        char *model;

        if (!virXMLNodeNameEqual(cur, "seclabel"))
            continue;
        model = virXMLPropString(cur, "model");
        for (i = 0; i < models->len; i++) {
            /* labels without a model are refused below */
            if (model && g_strcmp0(model, g_ptr_array_index(models, i)) == 0) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("<seclabel model='%1$s'> appears more than once (line %2$ld)"),
                               model, xmlGetLineNo(cur));
                g_free(model);
                return -1;
            }
        }
        g_ptr_array_add(models, model);
    }
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
 * virDomainKeptOSRulesValidate:
 * See domain_kept_rules.h.
 */
int
virDomainKeptOSRulesValidate(const virDomainDef *def, const xmlNode *root)
{
    const xmlNode *os = virDomainKeptChild(root, "os");
    const xmlNode *node;

    if (os) {
        if (virDomainKeptFirmwareValidate(def, os) < 0)
            return -1;
        if ((node = virDomainKeptChild(os, "bootmenu")) &&
            virDomainKeptIntAttrValidate(node, "timeout", 0, 65535) < 0)
            return -1;
        if ((node = virDomainKeptChild(os, "bios")) &&
            virDomainKeptIntAttrValidate(node, "rebootTimeout", -1, 65535) < 0)
            return -1;
    }
    for (node = virXMLChildElement(root); node; node = virXMLNextElement(node)) {
        if (virXMLNodeNameEqual(node, "sysinfo") &&
            virDomainKeptSysinfoValidate(def, node, !!virDomainKeptChild(root, "uuid")) < 0)
            return -1;
    }
    return virDomainKeptSeclabelsValidate(root);
}
