/*
 * domain_kept_validate.c: the one way the define-time rules for kept
 * elements read them back, the helpers they share, and the entry point
 * that runs them all
 *
 * See domain_kept_validate.h.  The rules themselves are in
 * domain_kept_validate_tuning.c (<cpu>, tuning, memory, <features>),
 * domain_kept_validate_devices.c (<hostdev>, <iommu>, expander buses),
 * domain_kept_validate_os.c (<os>, <sysinfo>, <seclabel>),
 * domain_kept_validate_small.c (small devices, disks),
 * domain_kept_validate_disk.c and domain_kept_validate_usb.c.
 */
#include "domain_kept_validate.h"
#include "domain_addr.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/**
 * virDomainKeptNodeClear:
 * See domain_kept_validate.h.
 */
void
virDomainKeptNodeClear(virDomainKeptNode *node)
{
    if (node->doc)
        xmlFreeDoc(node->doc);
    node->doc = NULL;
    node->root = NULL;
}

/**
 * virDomainKeptNodeFind:
 * See domain_kept_validate.h.
 */
int
virDomainKeptNodeFind(const virDomainUnmodelled *list, size_t n,
                      const char *name, size_t *from, virDomainKeptNode *out)
{
    size_t i;
    long line;

    virDomainKeptNodeClear(out);
    for (i = from ? *from : 0; i < n; i++) {
        g_autoptr(GString) text = NULL;

        if (name && strcmp(list[i].name, name) != 0)
            continue;
        if (from)
            *from = i + 1;
        /* as many line breaks before the element as lines before it in
         * its document, so that its nodes have their lines there (the
         * stored text has an element a line, as documents are written) */
        text = g_string_new(NULL);
        for (line = 1; line < list[i].line; line++)
            g_string_append_c(text, '\n');
        g_string_append(text, list[i].xml);
        if (!(out->doc = virXMLParseString(text->str, NULL, VIR_DOMAIN_XML_MAX_SIZE)))
            return -1;
        out->root = xmlDocGetRootElement(out->doc);
        return out->root ? 1 : 0;
    }
    if (from)
        *from = n;
    return 0;
}

/**
 * virDomainKeptNodeset:
 * See domain_kept_validate.h.
 */
GArray *
virDomainKeptNodeset(const char *nodeset, const char *what)
{
    GArray *nodes = virDomainCpusetCPUs(nodeset);

    if (!nodes)
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("invalid node set '%1$s' in %2$s: expected a list of node numbers and ranges that names at least one node"),
                       nodeset, what);
    return nodes;
}

/**
 * virDomainKeptChild:
 * See domain_kept_validate.h.
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
 * See domain_kept_validate.h.
 */
bool
virDomainKeptAttrIs(const xmlNode *node, const char *name, const char *value)
{
    g_autofree char *str = virXMLPropString(node, name);

    return g_strcmp0(str, value) == 0;
}

/**
 * virDomainKeptIsX86:
 * See domain_kept_validate.h.
 */
bool
virDomainKeptIsX86(const virDomainDef *def)
{
    return !def->os.arch || strcmp(def->os.arch, "x86_64") == 0 ||
           strcmp(def->os.arch, "i686") == 0;
}

/**
 * virDomainKeptTargetNode:
 * See domain_kept_validate.h.
 */
int
virDomainKeptTargetNode(const xmlNode *device, const char *what, long long *node)
{
    xmlNode *target;
    xmlNode *cur;

    *node = -1;
    for (target = virXMLChildElement(device); target; target = virXMLNextElement(target)) {
        if (!virXMLNodeNameEqual(target, "target"))
            continue;
        for (cur = virXMLChildElement(target); cur; cur = virXMLNextElement(cur)) {
            g_autofree char *text = NULL;
            guint64 num;

            if (!virXMLNodeNameEqual(cur, "node"))
                continue;
            text = virXMLNodeContentString(cur);
            if (!text || !g_ascii_string_to_unsigned(g_strstrip(text), 10, 0, G_MAXINT,
                                                     &num, NULL)) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("invalid %1$s<target><node> '%2$s': expected a NUMA node number"),
                               what, VIR_DOMAIN_KEPT_STR(text));
                return -1;
            }
            *node = num;
        }
    }
    return 0;
}

/**
 * virDomainKeptValidate:
 * See domain_kept_validate.h.
 */
int
virDomainKeptValidate(const virDomainDef *def)
{
    virDomainKeptFacts facts = { 0 };

    if (virDomainKeptValidateTuning(def, &facts) < 0 ||
        virDomainKeptValidateDevices(def, &facts) < 0 ||
        virDomainKeptValidateOS(def) < 0 ||
        virDomainKeptValidateSmall(def) < 0)
        return -1;
    return virDomainKeptValidateUSB(def);
}
