/*
 * domain_kept_validate_tuning.c: upstream's define-time rules for the kept
 * <cpu> (cache, maximum physical address bits, guest NUMA cells),
 * <cputune>, <numatune>, <memoryBacking>, <maxMemory>, memory devices
 * and the kept <features> (SMM TSEG, pseries-only features)
 *
 * See domain_kept_validate.h: the elements stay verbatim; they are read
 * back only to refuse at define what upstream refuses there.
 */
#include "domain_kept_validate.h"
#include "domain_addr.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/**
 * virDomainKeptCpuCell:
 * One <cell> of <cpu><numa> at position @pos of @ncells: its id (its
 * position when not given) is one of 0..@ncells-1 that no other cell has
 * (@seen marks them), and memAccess is shared or private.  Returns 0 or
 * -1 with an error.
 */
static int
virDomainKeptCpuCell(xmlNode *cell, size_t pos, size_t ncells, bool *seen)
{
    g_autofree char *access = virXMLPropString(cell, "memAccess");
    unsigned int id = pos;

    if (virXMLPropUInt(cell, "id", 10, 0, G_MAXUINT, 0, &id) < 0)
        return -1;
    if (id >= ncells || seen[id]) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<cpu><numa><cell id='%1$u'>: the %2$zu cells must have the ids 0 to %3$zu, one each"),
                       id, ncells, ncells - 1);
        return -1;
    }
    seen[id] = true;
    if (access && strcmp(access, "shared") != 0 && strcmp(access, "private") != 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("invalid value '%1$s' of attribute 'memAccess' of <cpu><numa><cell>: expected 'shared' or 'private'"),
                       access);
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptCpuCache:
 * <cpu><cache level= mode=>: 'emulate' describes a level-3 cache only;
 * 'passthrough' (the host's caches, only with a host-passthrough or
 * maximum CPU) and 'disable' take no level.  Returns 0 or -1.
 */
static int
virDomainKeptCpuCache(xmlNode *cpu, xmlNode *cache)
{
    g_autofree char *mode = virXMLPropString(cache, "mode");
    g_autofree char *level = virXMLPropString(cache, "level");

    if (!mode)
        return 0;
    if (strcmp(mode, "emulate") == 0) {
        if (g_strcmp0(level, "3") != 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<cpu><cache mode='emulate'> needs level='3'"));
            return -1;
        }
        return 0;
    }
    if (level) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<cpu><cache mode='%1$s'> takes no level="), mode);
        return -1;
    }
    if (strcmp(mode, "passthrough") == 0 &&
        !virDomainKeptAttrIs(cpu, "mode", "host-passthrough") &&
        !virDomainKeptAttrIs(cpu, "mode", "maximum")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<cpu><cache mode='passthrough'> needs <cpu mode='host-passthrough'> or <cpu mode='maximum'>"));
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptCpuMaxphysaddr:
 * <cpu><maxphysaddr mode= bits=>: 'passthrough' takes no bits= (the
 * host's are used); 'emulate' may go without (upstream 11.x accepts it,
 * QEMU then uses its default).  Returns 0 or -1 with an error.
 */
static int
virDomainKeptCpuMaxphysaddr(xmlNode *addr)
{
    bool bits = xmlHasProp(addr, (const xmlChar *)"bits") != NULL;

    if (virDomainKeptAttrIs(addr, "mode", "passthrough") && bits) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<cpu><maxphysaddr mode='passthrough'> takes no bits=: the host's are used"));
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptValidateCpu:
 * The kept <cpu> (a modelled one has none of these children): its cache,
 * maxphysaddr and NUMA cells, counted into @facts.  Returns 0 or -1.
 */
static int
virDomainKeptValidateCpu(const virDomainDef *def, virDomainKeptFacts *facts)
{
    g_auto(virDomainKeptNode) cpu = { 0 };
    xmlNode *cur;
    xmlNode *cell;
    int rc;

    if ((rc = virDomainKeptNodeFind(def->unmodelled, def->nunmodelled, "cpu",
                                    NULL, &cpu)) <= 0)
        return rc;
    for (cur = virXMLChildElement(cpu.root); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "cache")) {
            if (virDomainKeptCpuCache(cpu.root, cur) < 0)
                return -1;
        } else if (virXMLNodeNameEqual(cur, "maxphysaddr")) {
            if (virDomainKeptCpuMaxphysaddr(cur) < 0)
                return -1;
        } else if (virXMLNodeNameEqual(cur, "numa")) {
            g_autofree bool *seen = NULL;
            size_t ncells = 0;
            size_t pos = 0;

            for (cell = virXMLChildElement(cur); cell; cell = virXMLNextElement(cell))
                ncells += virXMLNodeNameEqual(cell, "cell");
            seen = g_new0(bool, ncells + 1);
            for (cell = virXMLChildElement(cur); cell; cell = virXMLNextElement(cell)) {
                if (virXMLNodeNameEqual(cell, "cell") &&
                    virDomainKeptCpuCell(cell, pos++, ncells, seen) < 0)
                    return -1;
            }
            facts->ncells = ncells;
        }
    }
    return 0;
}

/**
 * virDomainKeptIdsOverlap:
 * Marks the ids of @set in @seen (ids up to VIR_DOMAIN_CPUSET_MAX) and
 * refuses one already marked by another <@element @attr=>.  Returns 0 or
 * -1 with an error.
 */
static int
virDomainKeptIdsOverlap(const char *set, bool *seen, const char *element,
                        const char *attr)
{
    g_autoptr(GArray) ids = NULL;
    guint i;

    if (!set)
        return 0;
    if (!(ids = virDomainCpusetCPUs(set))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("invalid value '%1$s' of attribute '%2$s' of <cputune><%3$s>"),
                       set, attr, element);
        return -1;
    }
    for (i = 0; i < ids->len; i++) {
        guint id = g_array_index(ids, guint, i);

        if (seen[id]) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<cputune><%1$s %2$s=> sets overlap: %3$u is in two of them"),
                           element, attr, id);
            return -1;
        }
        seen[id] = true;
    }
    return 0;
}

/**
 * virDomainKeptIothreadExists:
 * True when the domain has I/O thread @id: the ids of <iothreadids> when
 * it is there, else 1..<iothreads>.  Returns 1, 0, or -1 with an error.
 */
static int
virDomainKeptIothreadExists(const virDomainDef *def, guint id)
{
    g_auto(virDomainKeptNode) ids = { 0 };
    g_auto(virDomainKeptNode) count = { 0 };
    g_autofree char *text = NULL;
    xmlNode *cur;
    int rc;

    if ((rc = virDomainKeptNodeFind(def->unmodelled, def->nunmodelled, "iothreadids",
                                    NULL, &ids)) < 0)
        return -1;
    if (rc > 0) {
        for (cur = virXMLChildElement(ids.root); cur; cur = virXMLNextElement(cur)) {
            unsigned int have;

            if (virXMLPropUInt(cur, "id", 10, 0, G_MAXUINT, 0, &have) > 0 && have == id)
                return 1;
        }
        return 0;
    }
    if ((rc = virDomainKeptNodeFind(def->unmodelled, def->nunmodelled, "iothreads",
                                    NULL, &count)) <= 0)
        return rc;
    text = virXMLNodeContentString(count.root);
    return id >= 1 && text && id <= g_ascii_strtoull(g_strstrip(text), NULL, 10);
}

/**
 * virDomainKeptValidateCputune:
 * <cputune>: the vcpus= sets of <vcpusched> do not overlap, nor the
 * iothreads= sets of <iothreadsched>, and those name existing I/O
 * threads.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptValidateCputune(const virDomainDef *def)
{
    g_auto(virDomainKeptNode) tune = { 0 };
    g_autofree bool *vcpus = NULL;
    g_autofree bool *iothreads = NULL;
    xmlNode *cur;
    int rc;

    if ((rc = virDomainKeptNodeFind(def->unmodelled, def->nunmodelled, "cputune",
                                    NULL, &tune)) <= 0)
        return rc;
    vcpus = g_new0(bool, VIR_DOMAIN_CPUSET_MAX);
    iothreads = g_new0(bool, VIR_DOMAIN_CPUSET_MAX);
    for (cur = virXMLChildElement(tune.root); cur; cur = virXMLNextElement(cur)) {
        g_autofree char *set = NULL;
        g_autoptr(GArray) ids = NULL;
        guint i;

        if (virXMLNodeNameEqual(cur, "vcpusched")) {
            set = virXMLPropString(cur, "vcpus");
            if (virDomainKeptIdsOverlap(set, vcpus, "vcpusched", "vcpus") < 0)
                return -1;
            continue;
        }
        if (!virXMLNodeNameEqual(cur, "iothreadsched"))
            continue;
        set = virXMLPropString(cur, "iothreads");
        if (virDomainKeptIdsOverlap(set, iothreads, "iothreadsched", "iothreads") < 0)
            return -1;
        if (!set || !(ids = virDomainCpusetCPUs(set)))
            continue;
        for (i = 0; i < ids->len; i++) {
            guint id = g_array_index(ids, guint, i);

            if ((rc = virDomainKeptIothreadExists(def, id)) < 0)
                return -1;
            if (rc == 0) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("<cputune><iothreadsched> names I/O thread %1$u, which the domain does not have"),
                               id);
                return -1;
            }
        }
    }
    return 0;
}

/**
 * virDomainKeptNumatuneNodeset:
 * The nodeset= of @node, when given, is a valid non-empty node set.
 * Returns 1 when given, 0 when not, -1 with an error.
 */
static int
virDomainKeptNumatuneNodeset(xmlNode *node)
{
    g_autofree char *nodeset = virXMLPropString(node, "nodeset");
    g_autofree char *what = g_strdup_printf("<numatune><%s>", (const char *)node->name);
    g_autoptr(GArray) nodes = NULL;

    if (!nodeset)
        return 0;
    if (!(nodes = virDomainKeptNodeset(nodeset, what)))
        return -1;
    return 1;
}

/**
 * virDomainKeptValidateNumatune:
 * <numatune>: node sets are valid; placement='static' needs a nodeset;
 * <memnode> needs guest NUMA cells, names one of them once, has a
 * nodeset, is 'restrictive' when <memory> is, and cannot go with
 * automatic placement (explicit, or implied by <vcpu placement='auto'>
 * without a nodeset).  Returns 0 or -1 with an error.
 */
static int
virDomainKeptValidateNumatune(const virDomainDef *def, const virDomainKeptFacts *facts)
{
    g_auto(virDomainKeptNode) tune = { 0 };
    g_autofree bool *cells = NULL;
    g_autofree char *placement = NULL;
    g_autofree char *mode = NULL;
    xmlNode *memory = NULL;
    xmlNode *cur;
    bool automatic = false;
    int rc;

    if ((rc = virDomainKeptNodeFind(def->unmodelled, def->nunmodelled, "numatune",
                                    NULL, &tune)) <= 0)
        return rc;
    for (cur = virXMLChildElement(tune.root); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "memory"))
            memory = cur;
    }
    if (memory) {
        if ((rc = virDomainKeptNumatuneNodeset(memory)) < 0)
            return -1;
        placement = virXMLPropString(memory, "placement");
        mode = virXMLPropString(memory, "mode");
        if (rc == 0 && g_strcmp0(placement, "static") == 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<numatune><memory placement='static'> needs nodeset="));
            return -1;
        }
        automatic = g_strcmp0(placement, "auto") == 0 ||
                    (!placement && rc == 0 &&
                     def->vcpuPlacement == VIR_DOMAIN_CPU_PLACEMENT_AUTO);
    }

    cells = g_new0(bool, facts->ncells + 1);
    for (cur = virXMLChildElement(tune.root); cur; cur = virXMLNextElement(cur)) {
        unsigned int cellid;

        if (!virXMLNodeNameEqual(cur, "memnode"))
            continue;
        if (facts->ncells == 0) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           _("<numatune><memnode> needs guest NUMA cells (<cpu><numa>)"));
            return -1;
        }
        if (automatic) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<numatune><memnode> cannot be used with automatic NUMA placement"));
            return -1;
        }
        if ((rc = virXMLPropUInt(cur, "cellid", 10, 0, G_MAXUINT, 0, &cellid)) < 0)
            return -1;
        if (rc == 0 || cellid >= facts->ncells) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<numatune><memnode> must name one of the %1$zu guest NUMA cells with cellid="),
                           facts->ncells);
            return -1;
        }
        if (cells[cellid]) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<numatune><memnode cellid='%1$u'> appears more than once"),
                           cellid);
            return -1;
        }
        cells[cellid] = true;
        if ((rc = virDomainKeptNumatuneNodeset(cur)) < 0)
            return -1;
        if (rc == 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<numatune><memnode cellid='%1$u'> needs nodeset="),
                           cellid);
            return -1;
        }
        if (g_strcmp0(mode, "restrictive") == 0 &&
            !virDomainKeptAttrIs(cur, "mode", "restrictive")) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<numatune><memnode cellid='%1$u'> must have mode='restrictive' as <memory> has"),
                           cellid);
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainKeptValidateHugepages:
 * <memoryBacking><hugepages><page size= nodeset=>: each node named is a
 * guest NUMA node (node 0 alone without guest NUMA); without guest NUMA
 * at most one page size applies to the guest's memory (a page without
 * nodeset or with node 0).  Returns 0 or -1 with an error.
 */
static int
virDomainKeptValidateHugepages(const virDomainDef *def, const virDomainKeptFacts *facts)
{
    g_auto(virDomainKeptNode) backing = { 0 };
    size_t nnodes = MAX(facts->ncells, 1);
    g_autofree char *master = NULL;
    xmlNode *pages;
    xmlNode *page;
    int rc;

    if ((rc = virDomainKeptNodeFind(def->unmodelled, def->nunmodelled, "memoryBacking",
                                    NULL, &backing)) <= 0)
        return rc;
    for (pages = virXMLChildElement(backing.root); pages; pages = virXMLNextElement(pages)) {
        if (virXMLNodeNameEqual(pages, "hugepages"))
            break;
    }
    if (!pages)
        return 0;
    for (page = virXMLChildElement(pages); page; page = virXMLNextElement(page)) {
        g_autofree char *nodeset = virXMLPropString(page, "nodeset");
        g_autofree char *size = virXMLPropString(page, "size");
        g_autoptr(GArray) nodes = NULL;
        bool node0 = !nodeset;
        guint i;

        if (!virXMLNodeNameEqual(page, "page"))
            continue;
        if (nodeset) {
            if (!(nodes = virDomainKeptNodeset(nodeset, "<hugepages><page>")))
                return -1;
            for (i = 0; i < nodes->len; i++) {
                guint node = g_array_index(nodes, guint, i);

                if (node >= nnodes) {
                    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                                   _("<hugepages><page nodeset='%1$s'> names node %2$u, which the guest does not have"),
                                   nodeset, node);
                    return -1;
                }
                node0 |= node == 0;
            }
        }
        if (facts->ncells > 0 || !node0)
            continue;
        if (master) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("two <hugepages><page> sizes (%1$s and %2$s) for the guest's memory, which has no NUMA nodes"),
                           master, VIR_DOMAIN_KEPT_STR(size));
            return -1;
        }
        master = g_strdup(VIR_DOMAIN_KEPT_STR(size));
    }
    return 0;
}

/**
 * virDomainKeptValidateMemoryHotplug:
 * <maxMemory> (memory hotplug) needs guest NUMA, and a memory device's
 * <target><node> is one of the guest's NUMA nodes.  Returns 0 or -1.
 */
static int
virDomainKeptValidateMemoryHotplug(const virDomainDef *def, const virDomainKeptFacts *facts)
{
    g_auto(virDomainKeptNode) mem = { 0 };
    size_t from = 0;
    size_t i;
    int rc;

    for (i = 0; i < def->nunmodelled; i++) {
        if (strcmp(def->unmodelled[i].name, "maxMemory") == 0 && facts->ncells == 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<maxMemory> (memory hotplug) needs at least one guest NUMA node (<cpu><numa>)"));
            return -1;
        }
    }
    while ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                       "memory", &from, &mem)) > 0) {
        long long node;

        if (virDomainKeptTargetNode(mem.root, "<memory>", &node) < 0)
            return -1;
        if (node >= 0 && (size_t)node >= facts->ncells) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<memory><target><node>%1$lld</node> is not one of the guest's %2$zu NUMA nodes"),
                           node, facts->ncells);
            return -1;
        }
    }
    return rc;
}

/**
 * virDomainKeptValidateFeatures:
 * The kept <features>: the pseries-only ones on another machine, an SMM
 * TSEG off q35 or not a whole number of MiB.  Returns 0 or -1.
 */
static int
virDomainKeptValidateFeatures(const virDomainDef *def)
{
    static const char * const pseries[] = {
        "hpt", "htm", "nested-hv", "ccf-assist", "cfpc", "sbbc", "ibs",
    };
    g_auto(virDomainKeptNode) smm = { 0 };
    bool isPseries = g_str_has_prefix(VIR_DOMAIN_KEPT_STR(def->os.arch), "ppc64") &&
                     g_str_has_prefix(VIR_DOMAIN_KEPT_STR(def->os.machine), "pseries");
    xmlNode *cur;
    size_t i;
    size_t j;
    int rc;

    for (i = 0; i < def->nfeaturesKept && !isPseries; i++) {
        for (j = 0; j < G_N_ELEMENTS(pseries); j++) {
            if (strcmp(def->featuresKept[i].name, pseries[j]) == 0) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("<features><%1$s> is a pseries machine's feature, not one of arch '%2$s' machine '%3$s'"),
                               pseries[j], VIR_DOMAIN_KEPT_STR(def->os.arch), VIR_DOMAIN_KEPT_STR(def->os.machine));
                return -1;
            }
        }
    }

    if ((rc = virDomainKeptNodeFind(def->featuresKept, def->nfeaturesKept, "smm",
                                    NULL, &smm)) <= 0)
        return rc;
    for (cur = virXMLChildElement(smm.root); cur; cur = virXMLNextElement(cur)) {
        unsigned long long kib;

        if (!virXMLNodeNameEqual(cur, "tseg"))
            continue;
        if (virDomainDefPCIFamily(def) != VIR_DOMAIN_PCI_FAMILY_Q35) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<features><smm><tseg> needs a q35 machine"));
            return -1;
        }
        /* without unit= the size is in MiB */
        if (!xmlHasProp(cur, (const xmlChar *)"unit"))
            continue;
        if (virDomainMemoryParse(cur, &kib) < 0)
            return -1;
        if (kib % 1024 != 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<features><smm><tseg> of %1$llu KiB is not a whole number of MiB"),
                           kib);
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainKeptValidateTuning:
 * See domain_kept_validate.h.
 */
int
virDomainKeptValidateTuning(const virDomainDef *def, virDomainKeptFacts *facts)
{
    if (virDomainKeptValidateCpu(def, facts) < 0 ||
        virDomainKeptValidateCputune(def) < 0 ||
        virDomainKeptValidateNumatune(def, facts) < 0 ||
        virDomainKeptValidateHugepages(def, facts) < 0 ||
        virDomainKeptValidateMemoryHotplug(def, facts) < 0)
        return -1;
    return virDomainKeptValidateFeatures(def);
}
