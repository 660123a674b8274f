/*
 * virsh-domain-monitor.c: domain monitoring commands (list, dominfo,
 * domiflist)
 */
#include "virsh.h"

#include "domain_conf.h"
#include "virerror.h"
#include "virmac.h"
#include "viruuid.h"

#include <stdlib.h>

#define VIR_FROM_THIS VIR_FROM_VIRSH

/* ---- list --------------------------------------------------------------- */

static const vshCmdOptDef opts_list[] = {
    { "inactive", VSH_OT_BOOL, 0, N_("list only the shut off domains") },
    { "all", VSH_OT_BOOL, 0, N_("list running and shut off domains") },
    { "uuid", VSH_OT_BOOL, 0, N_("print only the UUIDs") },
    { "name", VSH_OT_BOOL, 0, N_("print only the names") },
    { NULL, 0, 0, NULL },
};

/**
 * virshDomainSorter:
 * qsort() order of "list": running domains by id, then the others by name.
 */
static int
virshDomainSorter(const void *a, const void *b)
{
    const virQEMUDomainObj *da = *(virQEMUDomainObj * const *)a;
    const virQEMUDomainObj *db = *(virQEMUDomainObj * const *)b;
    bool aa = virQEMUDomainObjIsActive(da);
    bool ba = virQEMUDomainObjIsActive(db);

    if (aa && ba)
        return da->id < db->id ? -1 : da->id > db->id;
    if (aa != ba)
        return aa ? -1 : 1;
    return g_strcmp0(virQEMUDomainObjGetName(da), virQEMUDomainObjGetName(db));
}

/**
 * cmdList:
 * Lists running domains, or with --inactive/--all the shut off ones too.
 */
static bool
cmdList(vshControl *ctl, const vshCmd *cmd)
{
    bool optName = vshCommandOptBool(cmd, "name");
    bool optUUID = vshCommandOptBool(cmd, "uuid");
    unsigned int flags = VIR_QEMU_DRIVER_LIST_ACTIVE;
    virQEMUDomainObj **objs = NULL;
    g_autoptr(vshTable) table = NULL;
    ssize_t nobjs;
    ssize_t i;

    if (vshCommandOptBool(cmd, "inactive"))
        flags = VIR_QEMU_DRIVER_LIST_INACTIVE;
    if (vshCommandOptBool(cmd, "all"))
        flags = VIR_QEMU_DRIVER_LIST_ACTIVE | VIR_QEMU_DRIVER_LIST_INACTIVE;

    if ((nobjs = virQEMUDriverDomainList(virshGetDriver(ctl), flags, &objs)) < 0) {
        vshError(ctl, "%s", _("Failed to list domains"));
        return false;
    }
    qsort(objs, nobjs, sizeof(*objs), virshDomainSorter);

    if (!optName && !optUUID)
        table = vshTableNew(_("Id"), _("Name"), _("State"), NULL);

    for (i = 0; i < nobjs; i++) {
        const virDomainDef *def = virQEMUDomainObjGetDef(objs[i], false);
        char uuid[VIR_UUID_STRING_BUFLEN];

        virUUIDFormat(def->uuid, uuid);
        if (optUUID && optName) {
            vshPrint(ctl, "%-36s  %s\n", uuid, def->name);
        } else if (optUUID) {
            vshPrint(ctl, "%s\n", uuid);
        } else if (optName) {
            vshPrint(ctl, "%s\n", def->name);
        } else {
            g_autofree char *id = NULL;

            if (virQEMUDomainObjIsActive(objs[i]))
                id = g_strdup_printf("%d", objs[i]->id);
            vshTableRowAppend(table, id ? id : "-", def->name,
                              virshDomainStateToString(objs[i]->state), NULL);
        }
    }
    if (table)
        vshTablePrint(ctl, table);

    virQEMUDomainObjListFree(objs, nobjs);
    return true;
}

/* ---- dominfo ------------------------------------------------------------ */

static const vshCmdOptDef opts_dominfo[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdDomInfo:
 * Prints basic information about a domain, one "Label: value" per line.
 */
static bool
cmdDomInfo(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    const virDomainDef *def;
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *id = NULL;

    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    def = virQEMUDomainObjGetDef(obj, false);

    if (virQEMUDomainObjIsActive(obj))
        id = g_strdup_printf("%d", obj->id);

    vshPrint(ctl, "%-15s %s\n", _("Id:"), id ? id : "-");
    vshPrint(ctl, "%-15s %s\n", _("Name:"), def->name);
    vshPrint(ctl, "%-15s %s\n", _("UUID:"), virUUIDFormat(def->uuid, uuid));
    vshPrint(ctl, "%-15s %s\n", _("OS Type:"), def->os.type ? def->os.type : "hvm");
    vshPrint(ctl, "%-15s %s\n", _("State:"), virshDomainStateToString(obj->state));
    vshPrint(ctl, "%-15s %u\n", _("CPU(s):"), def->vcpus);
    vshPrint(ctl, "%-15s %llu KiB\n", _("Max memory:"), def->memory);
    vshPrint(ctl, "%-15s %llu KiB\n", _("Used memory:"),
             def->currentMemory ? def->currentMemory : def->memory);
    vshPrint(ctl, "%-15s %s\n", _("Persistent:"),
             virQEMUDomainObjIsPersistent(obj) ? _("yes") : _("no"));
    return true;
}

/* ---- domiflist ---------------------------------------------------------- */

static const vshCmdOptDef opts_domiflist[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { "inactive", VSH_OT_BOOL, 0,
      N_("use the persistent definition of a running domain") },
    { NULL, 0, 0, NULL },
};

/**
 * virshNetModelName:
 * Returns the "Model" column: the model name, or "-" when none is set.
 */
static const char *
virshNetModelName(const virDomainNetDef *net)
{
    switch (net->model) {
    case VIR_DOMAIN_NET_MODEL_DEFAULT:
    case VIR_DOMAIN_NET_MODEL_LAST:
        return "-";
    case VIR_DOMAIN_NET_MODEL_VIRTIO:
    case VIR_DOMAIN_NET_MODEL_E1000:
    case VIR_DOMAIN_NET_MODEL_E1000E:
    case VIR_DOMAIN_NET_MODEL_RTL8139:
        break;
    }
    return virDomainNetModelTypeToString(net->model);
}

/**
 * virshNetBackendName:
 * Returns the "Backend" column: who provides the host side of the NIC
 * once defaults are resolved ("user" for QEMU's own user-mode stack, "-"
 * when nothing is set up for it, as for ethernet).
 */
static const char *
virshNetBackendName(const virDomainNetDef *net)
{
    virDomainNetBackendType backend = virDomainNetResolveBackend(net);

    switch (backend) {
    case VIR_DOMAIN_NET_BACKEND_DEFAULT:
    case VIR_DOMAIN_NET_BACKEND_LAST:
        return net->type == VIR_DOMAIN_NET_TYPE_USER ? "user" : "-";
    case VIR_DOMAIN_NET_BACKEND_NETWORKD:
    case VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER:
    case VIR_DOMAIN_NET_BACKEND_PASST:
        break;
    }
    return virDomainNetBackendTypeToString(backend);
}

/**
 * virshNetSourceText:
 * Returns the "Source" column (caller frees): the source name, followed
 * for an Open vSwitch NIC by its binding, "br-int [openvswitch: ID]"
 * ("[openvswitch]" without an interface id).
 */
static char *
virshNetSourceText(const virDomainNetDef *net)
{
    const char *source = virDomainNetGetSourceName(net);

    if (net->type != VIR_DOMAIN_NET_TYPE_BRIDGE ||
        g_strcmp0(net->virtualportType, "openvswitch") != 0)
        return g_strdup(source);
    if (!net->virtualportInterfaceID)
        return g_strdup_printf("%s [openvswitch]", source);
    return g_strdup_printf("%s [openvswitch: %s]", source, net->virtualportInterfaceID);
}

/**
 * cmdDomIfList:
 * Lists a domain's interfaces: upstream's columns plus Backend.
 */
static bool
cmdDomIfList(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autoptr(vshTable) table = NULL;
    const virDomainDef *def;
    size_t i;

    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    def = virQEMUDomainObjGetDef(obj, vshCommandOptBool(cmd, "inactive"));

    table = vshTableNew(_("Interface"), _("Type"), _("Source"), _("Model"),
                        _("MAC"), _("Backend"), NULL);
    for (i = 0; i < def->nnets; i++) {
        const virDomainNetDef *net = def->nets[i];
        g_autofree char *source = virshNetSourceText(net);
        char mac[VIR_MAC_STRING_BUFLEN];

        vshTableRowAppend(table,
                          net->ifname ? net->ifname : "-",
                          virDomainNetTypeToString(net->type),
                          source,
                          virshNetModelName(net),
                          virMacAddrFormat(&net->mac, mac),
                          virshNetBackendName(net),
                          NULL);
    }
    vshTablePrint(ctl, table);
    return true;
}

const vshCmdDef domMonitoringCmds[] = {
    { .name = "domiflist",
      .handler = cmdDomIfList,
      .opts = opts_domiflist,
      .help = N_("show the network interfaces of a domain"),
      .desc = N_("Lists the domain's network interfaces: host-side name, type, source, "
                 "model, MAC address, and the backend that provides the host side.") },
    { .name = "dominfo",
      .handler = cmdDomInfo,
      .opts = opts_dominfo,
      .help = N_("show basic facts about a domain"),
      .desc = N_("Prints basic information about the domain.") },
    { .name = "list",
      .handler = cmdList,
      .opts = opts_list,
      .help = N_("show the domains and their state"),
      .desc = N_("Lists running domains; with --all or --inactive also the shut off ones.") },
    { .name = NULL },
};
