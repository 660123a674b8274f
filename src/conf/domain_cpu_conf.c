/*
 * domain_cpu_conf.c: parse and format <cpu>
 *
 * The model covers what the QEMU driver can act on: the mode, match,
 * check and migratable attributes, <model fallback=>, <topology
 * sockets= dies= cores= threads=> and <feature policy= name=>.  A <cpu>
 * with anything else (<numa>, <cache>, <vendor>, clusters, ...) is kept
 * whole, verbatim, like every unmodelled element: the driver then
 * refuses to start with it, naming it.
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainCpuMode, VIR_DOMAIN_CPU_MODE_LAST,
              "custom", "host-model", "host-passthrough", "maximum");
VIR_ENUM_IMPL(virDomainCpuMatch, VIR_DOMAIN_CPU_MATCH_LAST,
              "default", "minimum", "exact", "strict");
VIR_ENUM_IMPL(virDomainCpuCheck, VIR_DOMAIN_CPU_CHECK_LAST,
              "default", "none", "partial", "full");
VIR_ENUM_IMPL(virDomainCpuFallback, VIR_DOMAIN_CPU_FALLBACK_LAST,
              "default", "allow", "forbid");
VIR_ENUM_IMPL(virDomainCpuFeaturePolicy, VIR_DOMAIN_CPU_FEATURE_LAST,
              "force", "require", "optional", "disable", "forbid");

/**
 * virDomainCpuDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainCpuDefFree(virDomainCpuDef *cpu)
{
    size_t i;

    if (!cpu)
        return;
    g_free(cpu->model);
    for (i = 0; i < cpu->nfeatures; i++)
        g_free(cpu->features[i].name);
    g_free(cpu->features);
    g_free(cpu);
}

/**
 * virDomainCpuEnumAttr:
 * Attribute @name of @node through @fromString into *@out (left alone
 * when absent).  Values of index 0 count only when @zeroOk.  Returns
 * false for a value the model does not know.
 */
static bool
virDomainCpuEnumAttr(const xmlNode *node, const char *name,
                     int (*fromString)(const char *), bool zeroOk, int *out)
{
    g_autofree char *value = virXMLPropString(node, name);
    int v;

    if (!value)
        return true;
    if ((v = fromString(value)) < 0 || (v == 0 && !zeroOk))
        return false;
    *out = v;
    return true;
}

/**
 * virDomainCpuTopologyParse:
 * <topology sockets= dies= cores= threads=/>: each 1..4096, all but dies
 * required (upstream).  Returns false when the model cannot express it.
 */
static bool
virDomainCpuTopologyParse(const xmlNode *node, virDomainCpuDef *cpu)
{
    static const char * const attrs[] = { "sockets", "dies", "cores", "threads", NULL };
    unsigned int *fields[] = { &cpu->sockets, &cpu->dies, &cpu->cores, &cpu->threads };
    size_t i;

    if (cpu->sockets || !virDomainHasOnly(node, attrs))
        return false;
    for (i = 0; attrs[i]; i++) {
        g_autofree char *value = virXMLPropString(node, attrs[i]);
        char *end = NULL;
        guint64 v;

        if (!value) {
            if (fields[i] == &cpu->dies)
                continue;
            return false;
        }
        v = g_ascii_strtoull(value, &end, 10);
        if (!g_ascii_isdigit(value[0]) || *end || v < 1 || v > VIR_DOMAIN_VCPUS_MAX)
            return false;
        *fields[i] = (unsigned int)v;
    }
    return true;
}

/**
 * virDomainCpuChildParse:
 * One child of <cpu> into @cpu.  Returns false when the model cannot
 * express it.
 */
static bool
virDomainCpuChildParse(xmlNode *node, virDomainCpuDef *cpu)
{
    static const char * const modelAttrs[] = { "fallback", NULL };
    static const char * const featureAttrs[] = { "policy", "name", NULL };
    int value = 0;

    if (node->ns)
        return false;
    if (virXMLNodeNameEqual(node, "model")) {
        if (cpu->model || !virDomainHasOnly(node, modelAttrs) ||
            !virDomainCpuEnumAttr(node, "fallback", virDomainCpuFallbackTypeFromString,
                                  false, &value))
            return false;
        cpu->fallback = value;
        cpu->model = virXMLNodeContentString(node);
        g_strstrip(cpu->model);
        return cpu->model[0] != '\0';
    }
    if (virXMLNodeNameEqual(node, "topology"))
        return virDomainCpuTopologyParse(node, cpu);
    if (virXMLNodeNameEqual(node, "feature")) {
        virDomainCpuFeatureDef feature = { 0 };
        size_t i;

        value = -1;
        if (!virDomainHasOnly(node, featureAttrs) ||
            !virDomainCpuEnumAttr(node, "policy", virDomainCpuFeaturePolicyTypeFromString,
                                  true, &value) || value < 0 ||
            !(feature.name = virXMLPropString(node, "name")))
            return false;
        /* QEMU's property names: letters, digits, '-', '_', '.' */
        for (i = 0; feature.name[i]; i++) {
            if (!g_ascii_isalnum(feature.name[i]) && !strchr("-_.", feature.name[i])) {
                g_free(feature.name);
                return false;
            }
        }
        feature.policy = value;
        VIR_APPEND_ELEMENT(cpu->features, cpu->nfeatures, feature);
        return true;
    }
    return false;
}

/**
 * virDomainCpuParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainCpuParseXML(xmlNode *node, virDomainDef *def)
{
    static const char * const attrs[] = { "mode", "match", "check", "migratable", NULL };
    g_autoptr(virDomainCpuDef) cpu = g_new0(virDomainCpuDef, 1);
    xmlNode *cur;
    int mode = VIR_DOMAIN_CPU_MODE_CUSTOM;
    int match = 0, check = 0, migratable = 0;

    if (!virDomainAttrsOnly(node, attrs))
        return 0;
    if (!virDomainCpuEnumAttr(node, "mode", virDomainCpuModeTypeFromString, true, &mode) ||
        !virDomainCpuEnumAttr(node, "match", virDomainCpuMatchTypeFromString, false, &match) ||
        !virDomainCpuEnumAttr(node, "check", virDomainCpuCheckTypeFromString, false, &check) ||
        !virDomainCpuEnumAttr(node, "migratable", virTristateSwitchTypeFromString, false,
                              &migratable))
        return 0;
    cpu->mode = mode;
    cpu->modeGiven = xmlHasProp(node, (const xmlChar *)"mode") != NULL;
    cpu->match = match;
    cpu->check = check;
    cpu->migratable = migratable;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (!virDomainCpuChildParse(cur, cpu))
            return 0;
    }
    def->cpu = g_steal_pointer(&cpu);
    return 1;
}

/**
 * virDomainCpuFormat:
 * See domain_conf_priv.h.
 */
void
virDomainCpuFormat(virXMLBuf *buf, const virDomainDef *def)
{
    const virDomainCpuDef *cpu = def->cpu;
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    size_t i;

    if (!cpu)
        return;
    virXMLBufInitChild(&children, buf);
    if (cpu->modeGiven)
        virXMLBufAsprintf(&attrs, " mode='%s'", virDomainCpuModeTypeToString(cpu->mode));
    if (cpu->match)
        virXMLBufAsprintf(&attrs, " match='%s'", virDomainCpuMatchTypeToString(cpu->match));
    if (cpu->check)
        virXMLBufAsprintf(&attrs, " check='%s'", virDomainCpuCheckTypeToString(cpu->check));
    if (cpu->migratable)
        virXMLBufAsprintf(&attrs, " migratable='%s'",
                          virTristateSwitchTypeToString(cpu->migratable));
    if (cpu->model) {
        g_autofree char *fmt = NULL;

        if (cpu->fallback)
            fmt = g_strdup_printf("<model fallback='%s'>%%s</model>\n",
                                  virDomainCpuFallbackTypeToString(cpu->fallback));
        virXMLBufEscapeString(&children, fmt ? fmt : "<model>%s</model>\n", cpu->model);
    }
    if (cpu->sockets) {
        virXMLBufAsprintf(&children, "<topology sockets='%u'", cpu->sockets);
        if (cpu->dies)
            virXMLBufAsprintf(&children, " dies='%u'", cpu->dies);
        virXMLBufAsprintf(&children, " cores='%u' threads='%u'/>\n",
                          cpu->cores, cpu->threads);
    }
    for (i = 0; i < cpu->nfeatures; i++) {
        virXMLBufAsprintf(&children, "<feature policy='%s'",
                          virDomainCpuFeaturePolicyTypeToString(cpu->features[i].policy));
        virXMLBufEscapeString(&children, " name='%s'/>\n", cpu->features[i].name);
    }
    virXMLFormatElement(buf, "cpu", &attrs, &children, true);
}
