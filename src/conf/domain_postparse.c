/*
 * domain_postparse.c: defaults the XML may leave out
 *
 * Runs after parse and before validate: a uuid (the SMBIOS system uuid of
 * <sysinfo> when there is one, as upstream takes it, else random), a MAC
 * address for every NIC without one (52:54:00 + random, unique within the
 * domain) and device aliases ("net0", "disk0", "serial0", "console0")
 * for devices that have none.  Randomness comes from GLib's global
 * generator, so a test can make the result reproducible with
 * g_random_set_seed() without any test hook in this code.
 */
#include "domain_conf_priv.h"
#include "domain_kept_validate.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* Attempts at drawing a MAC that no other NIC of the domain uses; with
 * 2^24 candidates and at most a few hundred NICs, running out means a bug. */
#define VIR_DOMAIN_MAC_ATTEMPTS 1000

/**
 * virDomainPostParseMacInUse:
 * True when a NIC of @def other than @self has @mac.  NICs still waiting
 * for a generated MAC (all zero) do not count.
 */
static bool
virDomainPostParseMacInUse(const virDomainDef *def, const virDomainNetDef *self,
                           const virMacAddr *mac)
{
    size_t i;

    for (i = 0; i < def->nnets; i++) {
        const virDomainNetDef *other = def->nets[i];

        if (other != self && !virMacAddrIsZero(&other->mac) &&
            virMacAddrEqual(&other->mac, mac))
            return true;
    }
    return false;
}

/**
 * virDomainPostParseMacs:
 * Gives every NIC parsed without <mac> a unique generated address.
 * Returns 0 or -1 with an error.
 */
static int
virDomainPostParseMacs(virDomainDef *def)
{
    size_t i;

    for (i = 0; i < def->nnets; i++) {
        virDomainNetDef *net = def->nets[i];
        virMacAddr mac;
        int attempt;

        if (!net->macGenerated || !virMacAddrIsZero(&net->mac))
            continue;
        for (attempt = 0; attempt < VIR_DOMAIN_MAC_ATTEMPTS; attempt++) {
            virMacAddrGenerate(virMacPrefixLibvirt, &mac);
            if (!virMacAddrIsZero(&mac) &&
                !virDomainPostParseMacInUse(def, net, &mac))
                break;
        }
        if (attempt == VIR_DOMAIN_MAC_ATTEMPTS) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           _("cannot generate a unique MAC address"));
            return -1;
        }
        net->mac = mac;
    }
    return 0;
}

/**
 * virDomainPostParseCollectAliases:
 * Adds every alias of @def to @used (borrowed strings).
 */
static void
virDomainPostParseCollectAliases(const virDomainDef *def, GHashTable *used)
{
    size_t i;

    for (i = 0; i < def->ndisks; i++)
        if (def->disks[i]->alias)
            g_hash_table_add(used, def->disks[i]->alias);
    for (i = 0; i < def->nnets; i++)
        if (def->nets[i]->alias)
            g_hash_table_add(used, def->nets[i]->alias);
    for (i = 0; i < def->nserials; i++)
        if (def->serials[i]->alias)
            g_hash_table_add(used, def->serials[i]->alias);
    for (i = 0; i < def->nconsoles; i++)
        if (def->consoles[i]->alias)
            g_hash_table_add(used, def->consoles[i]->alias);
}

/**
 * virDomainPostParseAlias:
 * When *@alias is NULL, sets it to the first "@prefixN" not in @used (and
 * records it there).
 */
static void
virDomainPostParseAlias(char **alias, const char *prefix, GHashTable *used)
{
    unsigned int n;

    if (*alias)
        return;
    for (n = 0;; n++) {
        g_autofree char *candidate = g_strdup_printf("%s%u", prefix, n);

        if (!g_hash_table_contains(used, candidate)) {
            *alias = g_steal_pointer(&candidate);
            g_hash_table_add(used, *alias);
            return;
        }
    }
}

/**
 * virDomainPostParseAliases:
 * Fills the aliases that the XML left out.
 */
static void
virDomainPostParseAliases(virDomainDef *def)
{
    g_autoptr(GHashTable) used = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i;

    virDomainPostParseCollectAliases(def, used);
    for (i = 0; i < def->ndisks; i++)
        virDomainPostParseAlias(&def->disks[i]->alias, "disk", used);
    for (i = 0; i < def->nnets; i++)
        virDomainPostParseAlias(&def->nets[i]->alias, "net", used);
    for (i = 0; i < def->nserials; i++)
        virDomainPostParseAlias(&def->serials[i]->alias, "serial", used);
    for (i = 0; i < def->nconsoles; i++)
        virDomainPostParseAlias(&def->consoles[i]->alias, "console", used);
}

/**
 * virDomainPostParseUSBCompanions:
 * An ICH9 UHCI companion without <master startport=> gets its place
 * behind the EHCI, as upstream fills it in: uhci1 ports 0-1, uhci2 2-3,
 * uhci3 4-5.
 */
static void
virDomainPostParseUSBCompanions(virDomainDef *def)
{
    static const char * const companions[] = { "ich9-uhci1", "ich9-uhci2", "ich9-uhci3" };
    size_t i, j;

    for (i = 0; i < def->ncontrollers; i++) {
        virDomainControllerDef *ctrl = def->controllers[i];

        if (ctrl->type != VIR_DOMAIN_CONTROLLER_TYPE_USB || ctrl->startport >= 0 ||
            !ctrl->model)
            continue;
        for (j = 0; j < G_N_ELEMENTS(companions); j++) {
            if (strcmp(ctrl->model, companions[j]) == 0)
                ctrl->startport = 2 * j;
        }
    }
}

/**
 * virDomainDefPostParse:
 * See domain_conf_priv.h.
 */
int
virDomainDefPostParse(virDomainDef *def)
{
    if (virUUIDIsZero(def->uuid) && !virDomainKeptSysinfoUUID(def, def->uuid))
        virUUIDGenerate(def->uuid);
    if (def->vcpus == 0)
        def->vcpus = 1;
    if (def->currentMemory == 0)
        def->currentMemory = def->memory;
    if (virDomainPostParseMacs(def) < 0)
        return -1;
    virDomainPostParseAliases(def);
    virDomainPostParseUSBCompanions(def);
    return virDomainDefControllerIndexes(def);
}
