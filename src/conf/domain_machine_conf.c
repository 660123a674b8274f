/*
 * domain_machine_conf.c: parse and format the parts of <domain> that
 * describe the machine rather than a device: <memory>, <currentMemory>,
 * <vcpu> and the lifecycle actions <on_poweroff>, <on_reboot>,
 * <on_crash>.
 *
 * Syntax only, like domain_conf.c: combinations (current <= maximum,
 * which action fits which event) are checked in domain_validate.c.
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainCpuPlacement, VIR_DOMAIN_CPU_PLACEMENT_LAST,
              "default", "static", "auto");
VIR_ENUM_IMPL(virDomainLifecycleAction, VIR_DOMAIN_LIFECYCLE_ACTION_LAST,
              "default", "destroy", "restart", "rename-restart", "preserve",
              "coredump-destroy", "coredump-restart");

/* Upstream's bound: the size in bytes fits a signed 64-bit integer (just
 * under 8 EiB), so KiB * 1024 never overflows.  What QEMU cannot give a
 * guest, QEMU refuses at start. */
#define VIR_DOMAIN_MEMORY_MAX_KIB ((unsigned long long)G_MAXINT64 / 1024)

/* ---- <memory>, <currentMemory> ---------------------------------- */

static const struct {
    const char *unit;
    unsigned long long scale;
} virDomainMemoryUnits[] = {
    { "b", 1 }, { "bytes", 1 },
    { "k", 1024 }, { "KiB", 1024 }, { "KB", 1000 },
    { "M", 1024ULL * 1024 }, { "MiB", 1024ULL * 1024 }, { "MB", 1000ULL * 1000 },
    { "G", 1024ULL * 1024 * 1024 }, { "GiB", 1024ULL * 1024 * 1024 },
    { "GB", 1000ULL * 1000 * 1000 },
    { "T", 1024ULL * 1024 * 1024 * 1024 }, { "TiB", 1024ULL * 1024 * 1024 * 1024 },
    { "TB", 1000ULL * 1000 * 1000 * 1000 },
};

/**
 * virDomainMemoryParse:
 * See domain_conf_priv.h.
 */
int
virDomainMemoryParse(xmlNode *node, unsigned long long *kib)
{
    static const char * const attrs[] = { "unit", NULL };
    static const char * const maxAttrs[] = { "unit", "dumpCore", NULL };
    g_autofree char *text = NULL;
    g_autofree char *unit = NULL;
    unsigned long long scale = 1024;
    unsigned long long val;
    char *end = NULL;
    size_t i;

    if (virDomainParseText(node, virXMLNodeNameEqual(node, "memory") ? maxAttrs : attrs,
                           &text) < 0)
        return -1;
    if ((unit = virXMLPropString(node, "unit"))) {
        for (i = 0; i < G_N_ELEMENTS(virDomainMemoryUnits); i++) {
            if (strcmp(unit, virDomainMemoryUnits[i].unit) == 0)
                break;
        }
        if (i == G_N_ELEMENTS(virDomainMemoryUnits)) {
            virXMLReportInvalidValue(node, "unit", unit, _("unknown unit"));
            return -1;
        }
        scale = virDomainMemoryUnits[i].scale;
    }
    g_strstrip(text);
    val = g_ascii_strtoull(text, &end, 10);
    if (!g_ascii_isdigit(text[0]) || !end || *end != '\0' ||
        val > (VIR_DOMAIN_MEMORY_MAX_KIB * 1024) / scale) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("invalid value '%1$s' of element <%2$s> (line %3$ld): expected a size below 8 EiB"),
                       text, (const char *)node->name, xmlGetLineNo(node));
        return -1;
    }
    *kib = (val * scale + 1023) / 1024;
    return 0;
}

/**
 * virDomainMaxMemoryParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainMaxMemoryParseXML(xmlNode *node, virDomainDef *def)
{
    int dumpCore = VIR_TRISTATE_SWITCH_ABSENT;

    if (virXMLPropEnum(node, "dumpCore", virTristateSwitchTypeFromString,
                       VIR_XML_PROP_NONZERO, &dumpCore) < 0)
        return -1;
    def->memoryDumpCore = dumpCore;
    return virDomainMemoryParse(node, &def->memory);
}

/* Element names of the lifecycle events, indexed by virDomainLifecycle. */
static const char * const virDomainLifecycleElements[] = {
    [VIR_DOMAIN_LIFECYCLE_POWEROFF] = "on_poweroff",
    [VIR_DOMAIN_LIFECYCLE_REBOOT] = "on_reboot",
    [VIR_DOMAIN_LIFECYCLE_CRASH] = "on_crash",
};
G_STATIC_ASSERT(G_N_ELEMENTS(virDomainLifecycleElements) == VIR_DOMAIN_LIFECYCLE_LAST);

/**
 * virDomainLifecycleElementName:
 * See domain_conf_priv.h.
 */
const char *
virDomainLifecycleElementName(virDomainLifecycle event)
{
    return virDomainLifecycleElements[event];
}

/**
 * virDomainVcpuCountParse:
 * A vCPU count in @text (of <vcpu>, or its attribute @attr when not
 * NULL) into *@out.  Returns 0 or -1 with an error.
 */
static int
virDomainVcpuCountParse(xmlNode *node, const char *attr, char *text,
                        unsigned int *out)
{
    unsigned long long val;
    char *end = NULL;

    g_strstrip(text);
    val = g_ascii_strtoull(text, &end, 10);
    if (!g_ascii_isdigit(text[0]) || !end || *end != '\0' ||
        val < 1 || val > VIR_DOMAIN_VCPUS_MAX) {
        if (attr)
            virReportError(VIR_ERR_XML_ERROR,
                           _("invalid value '%1$s' of attribute '%2$s' of <vcpu> (line %3$ld): must be between 1 and %4$d"),
                           text, attr, xmlGetLineNo(node), VIR_DOMAIN_VCPUS_MAX);
        else
            virReportError(VIR_ERR_XML_ERROR,
                           _("invalid value '%1$s' of element <vcpu> (line %2$ld): must be between 1 and %3$d"),
                           text, xmlGetLineNo(node), VIR_DOMAIN_VCPUS_MAX);
        return -1;
    }
    *out = (unsigned int)val;
    return 0;
}

/**
 * virDomainCpusetWalk:
 * Reads cpuset @cpuset: upstream's syntax, comma-separated items, each a
 * CPU number, a range "N-M" (N <= M) or an exclusion "^N"; CPU numbers
 * below VIR_DOMAIN_CPUSET_MAX.  Items apply in order.  With @map
 * (VIR_DOMAIN_CPUSET_MAX entries, false on entry) the CPUs end up true
 * in it.  Returns false for a syntax error or a set without any item
 * that includes CPUs.
 */
static bool
virDomainCpusetWalk(const char *cpuset, bool *map)
{
    g_auto(GStrv) items = g_strsplit(cpuset, ",", -1);
    bool included = false;
    size_t i;

    for (i = 0; items[i]; i++) {
        const char *p = g_strstrip(items[i]);
        bool exclude = *p == '^';
        unsigned long long lo, hi, cpu;
        char *end = NULL;

        if (exclude)
            p++;
        if (!g_ascii_isdigit(*p))
            return false;
        lo = hi = g_ascii_strtoull(p, &end, 10);
        if (*end == '-' && !exclude) {
            p = end + 1;
            if (!g_ascii_isdigit(*p))
                return false;
            hi = g_ascii_strtoull(p, &end, 10);
        }
        if (*end != '\0' || lo > hi || hi >= VIR_DOMAIN_CPUSET_MAX)
            return false;
        if (!exclude)
            included = true;
        for (cpu = lo; map && cpu <= hi; cpu++)
            map[cpu] = !exclude;
    }
    return included;
}

/**
 * virDomainCpusetCheck:
 * See domain_conf_priv.h.
 */
bool
virDomainCpusetCheck(const char *cpuset)
{
    g_autoptr(GArray) cpus = virDomainCpusetCPUs(cpuset);

    return cpus != NULL;
}

/**
 * virDomainCpusetCPUs:
 * See domain_conf.h.
 */
GArray *
virDomainCpusetCPUs(const char *cpuset)
{
    g_autofree bool *map = g_new0(bool, VIR_DOMAIN_CPUSET_MAX);
    g_autoptr(GArray) cpus = g_array_new(FALSE, FALSE, sizeof(guint));
    guint cpu;

    if (!virDomainCpusetWalk(cpuset, map))
        return NULL;
    for (cpu = 0; cpu < VIR_DOMAIN_CPUSET_MAX; cpu++) {
        if (map[cpu])
            g_array_append_val(cpus, cpu);
    }
    if (cpus->len == 0)
        return NULL;
    return g_steal_pointer(&cpus);
}

/**
 * virDomainVcpuParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainVcpuParseXML(xmlNode *node, virDomainDef *def)
{
    static const char * const attrs[] = { "placement", "cpuset", "current", NULL };
    g_autofree char *text = NULL;
    g_autofree char *current = NULL;
    g_autofree char *value = NULL;
    int placement;

    if (virDomainParseText(node, attrs, &text) < 0)
        return -1;
    if ((value = virXMLPropString(node, "placement"))) {
        /* "default" is the absent value of the enum, not an XML value */
        if ((placement = virDomainCpuPlacementTypeFromString(value)) <= 0) {
            virXMLReportInvalidValue(node, "placement", value,
                                     _("expected 'static' or 'auto'"));
            return -1;
        }
        def->vcpuPlacement = placement;
    }

    if (virDomainVcpuCountParse(node, NULL, text, &def->vcpus) < 0)
        return -1;
    if ((current = virXMLPropString(node, "current")) &&
        virDomainVcpuCountParse(node, "current", current, &def->vcpusCurrent) < 0)
        return -1;

    def->vcpuCpuset = virXMLPropString(node, "cpuset");
    if (def->vcpuCpuset && !virDomainCpusetCheck(def->vcpuCpuset)) {
        virXMLReportInvalidValue(node, "cpuset", def->vcpuCpuset,
                                 _("expected a CPU list such as '0-3,^2,8'"));
        return -1;
    }
    return 0;
}

/**
 * virDomainVcpuFormat:
 * See domain_conf_priv.h.
 */
void
virDomainVcpuFormat(virXMLBuf *buf, const virDomainDef *def)
{
    g_auto(virXMLBuf) attrs = { 0 };

    if (def->vcpuPlacement != VIR_DOMAIN_CPU_PLACEMENT_DEFAULT)
        virXMLBufAsprintf(&attrs, " placement='%s'",
                          virDomainCpuPlacementTypeToString(def->vcpuPlacement));
    virXMLBufEscapeString(&attrs, " cpuset='%s'", def->vcpuCpuset);
    if (def->vcpusCurrent)
        virXMLBufAsprintf(&attrs, " current='%u'", def->vcpusCurrent);
    virXMLBufAsprintf(buf, "<vcpu%s>%u</vcpu>\n",
                      virXMLBufIsEmpty(&attrs) ? "" : attrs.str->str,
                      def->vcpus ? def->vcpus : 1);
}

/**
 * virDomainLifecycleParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainLifecycleParseXML(xmlNode *node, virDomainLifecycle event,
                           virDomainDef *def)
{
    g_autofree char *text = NULL;
    int action;

    if (virDomainParseText(node, NULL, &text) < 0)
        return -1;
    g_strstrip(text);
    if ((action = virDomainLifecycleActionTypeFromString(text)) <= 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("invalid value '%1$s' of element <%2$s> (line %3$ld): expected destroy, restart, rename-restart, preserve, coredump-destroy or coredump-restart"),
                       text, (const char *)node->name, xmlGetLineNo(node));
        return -1;
    }
    def->onActions[event] = action;
    return 0;
}

/**
 * virDomainLifecycleFormat:
 * See domain_conf_priv.h.
 */
void
virDomainLifecycleFormat(virXMLBuf *buf, const virDomainDef *def,
                         virDomainLifecycle event)
{
    const char *name = virDomainLifecycleElements[event];

    if (def->onActions[event] == VIR_DOMAIN_LIFECYCLE_ACTION_DEFAULT)
        return;
    virXMLBufAsprintf(buf, "<%s>%s</%s>\n", name,
                      virDomainLifecycleActionTypeToString(def->onActions[event]),
                      name);
}
