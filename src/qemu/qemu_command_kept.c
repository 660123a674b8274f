/*
 * qemu_command_kept.c: what the definition keeps inside a device but the
 * builder does not act on
 *
 * Disks, interfaces, serials and consoles keep upstream's elements and
 * attributes this tree has no model for (<iotune>, <driver cache=>,
 * <interface><rom>, <serial><log>, ...) verbatim, so dumpxml gives them
 * back.  They would change the guest, so start (and domxml-to-native)
 * refuses them, naming the element and the device, as upstream refuses
 * what a hypervisor lacks -- never a guest started without them.  The
 * kept parts of an interface that are acted on after all are conf's one
 * list (virDomainNetKeptActedOn); of a disk, an empty <backingStore/>
 * (the end of its chain: "backing":null).
 */
#include "qemu_command_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/**
 * qemuBuildKeptElementName:
 * @name: a kept piece's name, "OWNER/WHAT" (disk/iotune,
 *        disk/driver@cache, disk/driver/metadata_cache)
 *
 * Returns how messages show it: <iotune>, <driver cache=>,
 * <driver><metadata_cache>.  Caller frees.
 */
static char *
qemuBuildKeptElementName(const char *name)
{
    const char *what = strchr(name, '/');
    g_auto(GStrv) parts = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i;

    what = what ? what + 1 : name;
    if (strchr(what, '@')) {
        parts = g_strsplit(what, "@", 2);
        return g_strdup_printf("<%s %s=>", parts[0], parts[1]);
    }
    parts = g_strsplit(what, "/", -1);
    for (i = 0; parts[i]; i++)
        g_string_append_printf(out, "<%s>", parts[i]);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * qemuBuildDiskNoBacking:
 * See qemu_command_priv.h.
 */
bool
qemuBuildDiskNoBacking(const virDomainDiskDef *disk)
{
    size_t i;

    for (i = 0; i < disk->nkept; i++) {
        g_autofree char *xml = NULL;

        if (strcmp(disk->kept[i].name, "disk/backingStore") != 0)
            continue;
        xml = g_strdup(disk->kept[i].xml);
        return strcmp(g_strstrip(xml), "<backingStore/>") == 0;
    }
    return false;
}

/**
 * qemuBuildRefuseKeptDevices:
 * See qemu_command_priv.h.
 */
int
qemuBuildRefuseKeptDevices(const virDomainDef *def)
{
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainDiskDef *disk = def->disks[i];
        bool noBacking = qemuBuildDiskNoBacking(disk);
        size_t j;

        for (j = 0; j < disk->nkept; j++) {
            g_autofree char *what = NULL;

            if (noBacking && strcmp(disk->kept[j].name, "disk/backingStore") == 0)
                continue;
            what = qemuBuildKeptElementName(disk->kept[j].name);
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("%1$s of disk '%2$s' is kept in the definition but not acted on yet: the domain cannot start with it"),
                           what, disk->dst);
            return -1;
        }
    }
    for (i = 0; i < def->nnets; i++) {
        const virDomainNetDef *net = def->nets[i];
        size_t j;

        for (j = 0; j < net->nkept; j++) {
            g_autofree char *what = NULL;
            char mac[VIR_MAC_STRING_BUFLEN];

            if (virDomainNetKeptActedOn(net, net->kept[j].name))
                continue;
            what = qemuBuildKeptElementName(net->kept[j].name);
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("%1$s of interface '%2$s' is kept in the definition but not acted on yet: the domain cannot start with it"),
                           what, net->alias ? net->alias : virMacAddrFormat(&net->mac, mac));
            return -1;
        }
    }
    for (i = 0; i < def->nserials + def->nconsoles; i++) {
        bool serial = i < def->nserials;
        const virDomainChrDef *chr = serial ? def->serials[i] : def->consoles[i - def->nserials];
        g_autofree char *what = NULL;
        g_autofree char *alias = NULL;

        if (chr->nkept == 0)
            continue;
        what = qemuBuildKeptElementName(chr->kept[0].name);
        alias = qemuBuildChrAlias(def, chr);
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       serial ? _("%1$s of serial '%2$s' is kept in the definition but not acted on yet: the domain cannot start with it")
                              : _("%1$s of console '%2$s' is kept in the definition but not acted on yet: the domain cannot start with it"),
                       what, alias);
        return -1;
    }
    return 0;
}
