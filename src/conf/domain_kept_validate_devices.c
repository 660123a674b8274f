/*
 * domain_kept_validate_devices.c: upstream's define-time rules for the
 * kept <hostdev>, <iommu>, <filesystem> and PCI expander buses
 *
 * See domain_kept_validate.h: the devices stay verbatim; they are read
 * back only to refuse at define what upstream refuses there.
 */
#include "domain_kept_validate.h"
#include "domain_addr.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/**
 * virDomainKeptNumber:
 * Attribute @name of @node as a number (decimal, or hex with 0x) for
 * comparing addresses; the text itself when it is not one, "" when
 * absent.  Caller frees.
 */
static char *
virDomainKeptNumber(const xmlNode *node, const char *name)
{
    g_autofree char *value = node ? virXMLPropString(node, name) : NULL;
    guint64 num;

    if (!value)
        return g_strdup("");
    if ((g_str_has_prefix(value, "0x") &&
         g_ascii_string_to_unsigned(value + 2, 16, 0, G_MAXUINT64, &num, NULL)) ||
        g_ascii_string_to_unsigned(value, 10, 0, G_MAXUINT64, &num, NULL))
        return g_strdup_printf("%" G_GUINT64_FORMAT, num);
    return g_steal_pointer(&value);
}

/**
 * virDomainKeptHostdevKey:
 * What identifies the host device a <hostdev> assigns (two hostdevs with
 * one key assign the same device), or NULL when it names none.
 * Caller frees.
 */
static char *
virDomainKeptHostdevKey(const xmlNode *hostdev, const char *type)
{
    xmlNode *source = virDomainKeptChild(hostdev, "source");
    xmlNode *addr = source ? virDomainKeptChild(source, "address") : NULL;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    g_autofree char *c = NULL;
    g_autofree char *d = NULL;

    if (!source)
        return NULL;
    if (strcmp(type, "usb") == 0) {
        if (addr && xmlHasProp(addr, (const xmlChar *)"bus") &&
            xmlHasProp(addr, (const xmlChar *)"device")) {
            a = virDomainKeptNumber(addr, "bus");
            b = virDomainKeptNumber(addr, "device");
            return g_strdup_printf("usb address %s.%s", a, b);
        }
        a = virDomainKeptNumber(virDomainKeptChild(source, "vendor"), "id");
        b = virDomainKeptNumber(virDomainKeptChild(source, "product"), "id");
        return g_strdup_printf("usb id %s:%s", a, b);
    }
    if (strcmp(type, "pci") == 0) {
        if (!addr)
            return NULL;
        a = virDomainKeptNumber(addr, "domain");
        b = virDomainKeptNumber(addr, "bus");
        c = virDomainKeptNumber(addr, "slot");
        d = virDomainKeptNumber(addr, "function");
        return g_strdup_printf("pci %s:%s:%s.%s", a, b, c, d);
    }
    if (strcmp(type, "scsi") == 0) {
        xmlNode *adapter = virDomainKeptChild(source, "adapter");
        g_autofree char *name = adapter ? virXMLPropString(adapter, "name") : NULL;
        g_autofree char *iscsi = virXMLPropString(source, "name");

        if (!name)
            return iscsi ? g_strdup_printf("iscsi %s", iscsi) : NULL;
        a = virDomainKeptNumber(addr, "bus");
        b = virDomainKeptNumber(addr, "target");
        c = virDomainKeptNumber(addr, "unit");
        return g_strdup_printf("scsi %s %s:%s:%s", name, a, b, c);
    }
    if (strcmp(type, "scsi_host") == 0) {
        g_autofree char *wwpn = virXMLPropString(source, "wwpn");

        return wwpn ? g_strdup_printf("scsi_host %s", wwpn) : NULL;
    }
    if (strcmp(type, "mdev") == 0) {
        g_autofree char *uuid = addr ? virXMLPropString(addr, "uuid") : NULL;

        return uuid ? g_strdup_printf("mdev %s", uuid) : NULL;
    }
    return NULL;
}

/**
 * virDomainKeptHostdevMdev:
 * A mediated device: its source <address> has a uuid=; the guest-side
 * <address> suits the model (vfio-pci: pci, vfio-ccw: ccw, vfio-ap:
 * none); display= is a vfio-pci's and display='on' needs a <graphics>;
 * one ramfb='on' at most (*@ramfb counts them).  Returns 0 or -1.
 */
static int
virDomainKeptHostdevMdev(const xmlNode *hostdev, size_t ngraphics, size_t *ramfb)
{
    xmlNode *source = virDomainKeptChild(hostdev, "source");
    xmlNode *srcAddr = source ? virDomainKeptChild(source, "address") : NULL;
    xmlNode *addr = virDomainKeptChild(hostdev, "address");
    g_autofree char *model = virXMLPropString(hostdev, "model");
    g_autofree char *display = virXMLPropString(hostdev, "display");
    g_autofree char *ramfbOn = virXMLPropString(hostdev, "ramfb");
    g_autofree char *addrType = addr ? virXMLPropString(addr, "type") : NULL;
    const char *want = NULL;

    if (!srcAddr || !xmlHasProp(srcAddr, (const xmlChar *)"uuid")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<hostdev type='mdev'> needs <source><address uuid=>, the mediated device's uuid"));
        return -1;
    }
    if (g_strcmp0(model, "vfio-pci") == 0)
        want = "pci";
    else if (g_strcmp0(model, "vfio-ccw") == 0)
        want = "ccw";
    if (addrType && g_strcmp0(addrType, want) != 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<hostdev type='mdev' model='%1$s'> cannot have an <address type='%2$s'>"),
                       VIR_DOMAIN_KEPT_STR(model), addrType);
        return -1;
    }
    if (display && g_strcmp0(model, "vfio-pci") != 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<hostdev type='mdev' display=> is only for model='vfio-pci'"));
        return -1;
    }
    if (g_strcmp0(display, "on") == 0 && ngraphics == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<hostdev type='mdev' display='on'> needs a <graphics> device to show it"));
        return -1;
    }
    if (g_strcmp0(ramfbOn, "on") == 0 && ++*ramfb > 1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("only one <hostdev type='mdev'> can have ramfb='on'"));
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptHostdevZpci:
 * A zPCI address (<address type='pci'><zpci/>) exists on s390 only.
 * Returns 0 or -1 with an error.
 */
static int
virDomainKeptHostdevZpci(const virDomainDef *def, const xmlNode *hostdev)
{
    xmlNode *addr = virDomainKeptChild(hostdev, "address");

    if (!addr || !virDomainKeptChild(addr, "zpci") ||
        g_str_has_prefix(VIR_DOMAIN_KEPT_STR(def->os.arch), "s390"))
        return 0;
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("a <zpci> address is an s390 guest's, not one of arch '%1$s'"),
                   VIR_DOMAIN_KEPT_STR(def->os.arch));
    return -1;
}

/**
 * virDomainKeptValidateHostdevs:
 * Each <hostdev>: no host device assigned twice, the mediated devices'
 * rules, no <boot> on a vhost SCSI host (it cannot boot the guest), zPCI
 * on s390 only.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptValidateHostdevs(const virDomainDef *def)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_auto(virDomainKeptNode) hostdev = { 0 };
    size_t ngraphics = def->ngraphics;
    size_t ramfb = 0;
    size_t from = 0;
    size_t i;
    int rc;

    for (i = 0; i < def->nunmodelledDevices; i++) {
        if (strcmp(def->unmodelledDevices[i].name, "graphics") == 0)
            ngraphics++;
    }
    while ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                       "hostdev", &from, &hostdev)) > 0) {
        g_autofree char *mode = virXMLPropString(hostdev.root, "mode");
        g_autofree char *type = virXMLPropString(hostdev.root, "type");
        g_autofree char *key = NULL;

        if ((mode && strcmp(mode, "subsystem") != 0) || !type)
            continue;
        if ((key = virDomainKeptHostdevKey(hostdev.root, type))) {
            if (g_hash_table_contains(seen, key)) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("two <hostdev>s assign the same host device (%1$s)"), key);
                return -1;
            }
            g_hash_table_add(seen, g_steal_pointer(&key));
        }
        if (strcmp(type, "mdev") == 0 &&
            virDomainKeptHostdevMdev(hostdev.root, ngraphics, &ramfb) < 0)
            return -1;
        if (strcmp(type, "scsi_host") == 0 && virDomainKeptChild(hostdev.root, "boot")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<hostdev type='scsi_host'> (vhost SCSI) cannot boot the guest: remove its <boot>"));
            return -1;
        }
        if (virDomainKeptHostdevZpci(def, hostdev.root) < 0)
            return -1;
    }
    return rc;
}

/**
 * virDomainKeptValidateHostdevDrives:
 * See domain_kept_validate.h.
 */
int
virDomainKeptValidateHostdevDrives(const virDomainDef *def)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_auto(virDomainKeptNode) hostdev = { 0 };
    size_t from = 0;
    size_t i;
    int rc;

    while ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                       "hostdev", &from, &hostdev)) > 0) {
        xmlNode *addr = virDomainKeptChild(hostdev.root, "address");
        g_autofree char *type = virXMLPropString(hostdev.root, "type");
        g_autofree char *addrType = addr ? virXMLPropString(addr, "type") : NULL;
        g_autofree char *ctrl = NULL;
        g_autofree char *bus = NULL;
        g_autofree char *target = NULL;
        g_autofree char *unit = NULL;
        g_autofree char *key = NULL;

        if (g_strcmp0(type, "scsi") != 0 || g_strcmp0(addrType, "drive") != 0)
            continue;
        ctrl = virDomainKeptNumber(addr, "controller");
        bus = virDomainKeptNumber(addr, "bus");
        target = virDomainKeptNumber(addr, "target");
        unit = virDomainKeptNumber(addr, "unit");
        key = g_strdup_printf("controller='%s' bus='%s' target='%s' unit='%s'",
                              *ctrl ? ctrl : "0", *bus ? bus : "0",
                              *target ? target : "0", *unit ? unit : "0");
        if (g_hash_table_contains(seen, key)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("two SCSI <hostdev>s have the drive address %1$s"), key);
            return -1;
        }
        for (i = 0; i < def->ndisks; i++) {
            const virDomainDiskDef *disk = def->disks[i];
            g_autofree char *diskKey = NULL;

            if (disk->bus != VIR_DOMAIN_DISK_BUS_SCSI || !disk->drive.set)
                continue;
            diskKey = g_strdup_printf("controller='%u' bus='%u' target='%u' unit='%u'",
                                      disk->drive.controller, disk->drive.bus,
                                      disk->drive.target, disk->drive.unit);
            if (strcmp(diskKey, key) == 0) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("disk '%1$s' and a SCSI <hostdev> have the same drive address %2$s"),
                               disk->dst, key);
                return -1;
            }
        }
        g_hash_table_add(seen, g_steal_pointer(&key));
    }
    return rc;
}

/**
 * virDomainKeptValidateIommu:
 * One <iommu> at most.  intel: q35 only; virtio: q35 (with ACPI on x86)
 * or an ARM virt machine, on a PCI address of bus 0 when one is given;
 * smmuv3: an ARM virt machine's.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptValidateIommu(const virDomainDef *def)
{
    g_auto(virDomainKeptNode) iommu = { 0 };
    g_autofree char *model = NULL;
    g_autofree char *addrType = NULL;
    xmlNode *addr;
    size_t from = 0;
    bool q35 = virDomainDefPCIFamily(def) == VIR_DOMAIN_PCI_FAMILY_Q35;
    bool armVirt = g_str_has_prefix(VIR_DOMAIN_KEPT_STR(def->os.arch), "arm") ||
                   g_str_has_prefix(VIR_DOMAIN_KEPT_STR(def->os.arch), "aarch64");
    int rc;

    armVirt = armVirt && g_str_has_prefix(VIR_DOMAIN_KEPT_STR(def->os.machine), "virt");
    if ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                    "iommu", &from, &iommu)) <= 0)
        return rc;
    model = virXMLPropString(iommu.root, "model");
    addr = virDomainKeptChild(iommu.root, "address");
    addrType = addr ? virXMLPropString(addr, "type") : NULL;
    if (g_strcmp0(model, "intel") == 0 && !q35) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<iommu model='intel'> needs a q35 machine"));
        return -1;
    }
    if (g_strcmp0(model, "smmuv3") == 0 && !armVirt) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<iommu model='smmuv3'> needs an ARM virt machine"));
        return -1;
    }
    if (g_strcmp0(model, "virtio") == 0) {
        unsigned int bus = 0;

        if (!q35 && !armVirt) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<iommu model='virtio'> needs a q35 or an ARM virt machine"));
            return -1;
        }
        if (virDomainKeptIsX86(def) &&
            def->features[VIR_DOMAIN_FEATURE_ACPI] != VIR_TRISTATE_SWITCH_ON) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<iommu model='virtio'> needs ACPI: add <acpi/> to <features>"));
            return -1;
        }
        if (addr && g_strcmp0(addrType, "pci") != 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<iommu model='virtio'> needs a PCI address, not <address type='%1$s'>"),
                           VIR_DOMAIN_KEPT_STR(addrType));
            return -1;
        }
        if (addr && virXMLPropUInt(addr, "bus", 0, 0, G_MAXUINT, 0, &bus) < 0)
            return -1;
        if (bus != 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<iommu model='virtio'> must be an integrated device, on bus 0, not bus %1$u"),
                           bus);
            return -1;
        }
    }
    if ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                    "iommu", &from, &iommu)) != 0) {
        if (rc > 0)
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           _("a domain has one <iommu> at most"));
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptExpanderBus:
 * An expander bus (@model, controller @index) on the machine that has it
 * (pci-expander-bus: i440fx, pcie-expander-bus: q35), plugged into the
 * PCI root (its <address> @bus 0, -1 if none given), its <target><node>
 * (@node, -1 if none) one of the guest's NUMA nodes.  Returns 0 or -1.
 */
static int
virDomainKeptExpanderBus(const virDomainDef *def, const virDomainKeptFacts *facts,
                         const char *model, unsigned int index, long long node,
                         long long bus)
{
    virDomainPCIFamily family = virDomainDefPCIFamily(def);

    if ((strcmp(model, "pci-expander-bus") == 0 && family != VIR_DOMAIN_PCI_FAMILY_PC) ||
        (strcmp(model, "pcie-expander-bus") == 0 && family != VIR_DOMAIN_PCI_FAMILY_Q35)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<controller model='%1$s'> needs a %2$s machine"),
                       model, strcmp(model, "pci-expander-bus") == 0 ? "pc (i440fx)" : "q35");
        return -1;
    }
    if (bus > 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<controller model='%1$s' index='%2$u'> plugs into the PCI root, bus 0, not bus %3$lld"),
                       model, index, bus);
        return -1;
    }
    if (node >= 0 && (size_t)node >= facts->ncells) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<controller model='%1$s' index='%2$u'> is on NUMA node %3$lld, which is not one of the guest's %4$zu (<cpu><numa>)"),
                       model, index, node, facts->ncells);
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptValidateExpanderBuses:
 * The expander buses, modelled or kept.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptValidateExpanderBuses(const virDomainDef *def, const virDomainKeptFacts *facts)
{
    g_auto(virDomainKeptNode) ctrl = { 0 };
    size_t from = 0;
    size_t i;
    int rc;

    for (i = 0; i < def->ncontrollers; i++) {
        const virDomainControllerDef *cur = def->controllers[i];

        if (cur->type == VIR_DOMAIN_CONTROLLER_TYPE_PCI && cur->model &&
            g_str_has_suffix(cur->model, "-expander-bus") &&
            virDomainKeptExpanderBus(def, facts, cur->model, cur->index, -1,
                                     cur->pci.set ? (long long)cur->pci.bus : -1) < 0)
            return -1;
    }
    while ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                       "controller", &from, &ctrl)) > 0) {
        g_autofree char *model = virXMLPropString(ctrl.root, "model");
        xmlNode *addr = virDomainKeptChild(ctrl.root, "address");
        unsigned int index = 0;
        unsigned int bus = 0;
        long long node;

        if (!virDomainKeptAttrIs(ctrl.root, "type", "pci") || !model ||
            !g_str_has_suffix(model, "-expander-bus"))
            continue;
        if (virXMLPropUInt(ctrl.root, "index", 10, 0, G_MAXUINT, 0, &index) < 0 ||
            (addr && virXMLPropUInt(addr, "bus", 0, 0, G_MAXUINT, 0, &bus) < 0) ||
            virDomainKeptTargetNode(ctrl.root, "<controller>", &node) < 0 ||
            virDomainKeptExpanderBus(def, facts, model, index, node, bus) < 0)
            return -1;
    }
    return rc;
}

/**
 * virDomainKeptValidateDevices:
 * See domain_kept_validate.h.
 */
int
virDomainKeptValidateDevices(const virDomainDef *def, const virDomainKeptFacts *facts)
{
    if (virDomainKeptValidateHostdevs(def) < 0 ||
        virDomainKeptValidateIommu(def) < 0 ||
        virDomainKeptValidateExpanderBuses(def, facts) < 0)
        return -1;
    return 0;
}
