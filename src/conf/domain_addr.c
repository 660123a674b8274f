/*
 * domain_addr.c: PCI, drive and USB addresses of a domain's devices
 *
 * Theory of operation.  Every device kind that sits on PCI is one row of
 * virDomainPCIKinds: a function that lists its devices, each with its
 * address and what it is on the bus (virDomainPCIConnect: a conventional
 * PCI or a PCI Express endpoint, a root port, a bridge), optionally the
 * fixed slot the chipset gives it (i440fx's IDE and UHCI, q35's AHCI) or
 * the group of functions it shares a slot with (EHCI and its UHCI
 * companions).  Validation and assignment work on that list only, so a
 * new device kind joins by adding one row.  The rows are in upstream's
 * order of assignment: PCI controllers, interfaces, sound, other
 * controllers, disks, balloon, rng, watchdog, video, input.
 *
 * Which bus takes which device follows upstream libvirt:
 *   pci-root (i440fx)   slots 1-31: any endpoint, pci-bridge
 *   pcie-root (q35)     slots 1-31: pcie-root-port, dmi-to-pci-bridge;
 *                       an endpoint only when the XML puts it there
 *   pcie-root-port      slot 0: one endpoint (PCI Express when assigned)
 *   pci-bridge          slots 1-31: any endpoint, pci-bridge
 *   dmi-to-pci-bridge   slots 0-31: pci-bridge
 * On q35 a PCI Express device gets a pcie-root-port of its own (the root
 * ports are grouped eight to a slot of pcie.0, from slot 2, as upstream
 * does), a conventional one a slot on a pci-bridge behind a
 * dmi-to-pci-bridge; root ports and bridges are added only as needed.
 * Slot 1 of i440fx (PIIX3) and slot 0x1f of q35 (ICH9) are never
 * auto-assigned; the primary video takes slot 2 (i440fx) or 1 (q35) and
 * q35's first ich9 sound 0x1b as fixed slots, like the chipset's IDE,
 * UHCI and AHCI functions.
 *
 * Assignment only fills what is missing: an address once written into
 * the persistent definition stays, so adding a device never moves
 * another one.
 *
 * A new device kind joins with one collect function in virDomainPCIKinds
 * at its place in upstream's order, calling virDomainPCIDevAdd() with
 * the address member of each device and what it is: a virtio device is
 * VIR_PCI_CONNECT_PCIE_DEVICE, an emulated one (qxl, ich6/ich9 sound,
 * i6300esb) VIR_PCI_CONNECT_PCI_DEVICE; a device the chipset has at a
 * fixed place calls virDomainPCIDevAddFixed() instead (the primary video
 * takes slot 2 on i440fx and slot 1 on q35, as upstream).
 */
#include "domain_addr.h"
#include "domain_conf_priv.h"
#include "domain_kept_validate.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainPCIModel, VIR_DOMAIN_PCI_MODEL_LAST,
              "pci-root", "pcie-root", "pci-bridge", "dmi-to-pci-bridge",
              "pcie-root-port");

/* What a device is on a PCI bus. */
typedef enum {
    VIR_PCI_CONNECT_PCI_DEVICE = 1 << 0,   /* conventional PCI endpoint */
    VIR_PCI_CONNECT_PCIE_DEVICE = 1 << 1,  /* PCI Express endpoint */
    VIR_PCI_CONNECT_ROOT_PORT = 1 << 2,    /* pcie-root-port */
    VIR_PCI_CONNECT_PCI_BRIDGE = 1 << 3,   /* pci-bridge */
    VIR_PCI_CONNECT_DMI_BRIDGE = 1 << 4,   /* dmi-to-pci-bridge */
} virDomainPCIConnect;

#define VIR_PCI_CONNECT_ENDPOINT (VIR_PCI_CONNECT_PCI_DEVICE | VIR_PCI_CONNECT_PCIE_DEVICE)

/* One device on PCI, as a row lists it. */
typedef struct {
    virPCIDeviceAddress *addr;
    unsigned int connect;     /* one virDomainPCIConnect */
    const char *name;         /* alias or element, for messages */
    int fixedSlot;            /* the chipset's slot on bus 0, or -1 */
    int function;             /* fixed function (fixedSlot, group), else 0 */
    int group;                /* devices sharing one slot (USB2 controller
                               * index + 1), 0 = none */
    int ownBus;               /* a PCI controller: the bus it adds, else -1 */
    bool chipset;             /* a function of the chipset itself (i440fx's
                               * IDE, q35's AHCI): at fixedSlot or nowhere */
} virDomainPCIDev;

/* The buses: which model each index has and which functions are taken. */
#define VIR_PCI_BUSES 256
typedef struct {
    int model[VIR_PCI_BUSES];                 /* virDomainPCIModel, -1 none */
    guint8 used[VIR_PCI_BUSES][32];           /* functions taken, per slot */
    virPCIDeviceAddress *func0[VIR_PCI_BUSES][32]; /* device at function 0 */
    unsigned int func0Connect[VIR_PCI_BUSES][32];  /* what it is */
    bool usable[VIR_PCI_BUSES];               /* its controller is placed: a
                                               * bus never goes behind itself */
    bool reserved[32];                        /* bus 0 slots kept free */
} virDomainPCIAddressSet;

/* Slot ranges and what may be assigned to each bus model. */
static const struct {
    unsigned int minSlot;
    unsigned int maxSlot;
    unsigned int accepts;     /* what the XML may put there */
    unsigned int autoAccepts; /* what assignment puts there */
} virDomainPCIBusRules[] = {
    [VIR_DOMAIN_PCI_MODEL_PCI_ROOT] = {
        1, 31, VIR_PCI_CONNECT_ENDPOINT | VIR_PCI_CONNECT_PCI_BRIDGE,
        VIR_PCI_CONNECT_ENDPOINT | VIR_PCI_CONNECT_PCI_BRIDGE },
    [VIR_DOMAIN_PCI_MODEL_PCIE_ROOT] = {
        1, 31, VIR_PCI_CONNECT_ENDPOINT | VIR_PCI_CONNECT_ROOT_PORT | VIR_PCI_CONNECT_DMI_BRIDGE,
        VIR_PCI_CONNECT_ROOT_PORT | VIR_PCI_CONNECT_DMI_BRIDGE },
    [VIR_DOMAIN_PCI_MODEL_PCI_BRIDGE] = {
        1, 31, VIR_PCI_CONNECT_ENDPOINT | VIR_PCI_CONNECT_PCI_BRIDGE,
        VIR_PCI_CONNECT_PCI_DEVICE | VIR_PCI_CONNECT_PCI_BRIDGE },
    [VIR_DOMAIN_PCI_MODEL_DMI_TO_PCI_BRIDGE] = {
        0, 31, VIR_PCI_CONNECT_PCI_BRIDGE, VIR_PCI_CONNECT_PCI_BRIDGE },
    [VIR_DOMAIN_PCI_MODEL_PCIE_ROOT_PORT] = {
        0, 0, VIR_PCI_CONNECT_ENDPOINT, VIR_PCI_CONNECT_PCIE_DEVICE },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virDomainPCIBusRules) == VIR_DOMAIN_PCI_MODEL_LAST);

/**
 * virDomainControllerPCIModel:
 * See domain_addr.h.
 */
int
virDomainControllerPCIModel(const virDomainControllerDef *ctrl)
{
    if (ctrl->type != VIR_DOMAIN_CONTROLLER_TYPE_PCI || !ctrl->model)
        return -1;
    return virDomainPCIModelTypeFromString(ctrl->model);
}

/**
 * virDomainDefFindPCIController:
 * See domain_addr.h.
 */
const virDomainControllerDef *
virDomainDefFindPCIController(const virDomainDef *def, unsigned int index)
{
    size_t i;

    for (i = 0; i < def->ncontrollers; i++) {
        if (def->controllers[i]->type == VIR_DOMAIN_CONTROLLER_TYPE_PCI &&
            def->controllers[i]->index == index)
            return def->controllers[i];
    }
    return NULL;
}

/**
 * virDomainMachinePCIFamily:
 * The PCI family of @def's machine type alone (NONE: not an x86 PC).
 */
static virDomainPCIFamily
virDomainMachinePCIFamily(const virDomainDef *def)
{
    const char *machine = def->os.machine;

    if (def->os.arch && strcmp(def->os.arch, "x86_64") != 0 &&
        strcmp(def->os.arch, "i686") != 0)
        return VIR_DOMAIN_PCI_FAMILY_NONE;
    if (!machine)
        return VIR_DOMAIN_PCI_FAMILY_PC;
    if (strstr(machine, "q35"))
        return VIR_DOMAIN_PCI_FAMILY_Q35;
    if (strcmp(machine, "pc") == 0 || g_str_has_prefix(machine, "pc-i440fx-") ||
        (g_str_has_prefix(machine, "pc-") && g_ascii_isdigit(machine[3])))
        return VIR_DOMAIN_PCI_FAMILY_PC;
    return VIR_DOMAIN_PCI_FAMILY_NONE;
}

/**
 * virDomainDefPCIFamily:
 * See domain_addr.h.
 */
virDomainPCIFamily
virDomainDefPCIFamily(const virDomainDef *def)
{
    const virDomainControllerDef *root = virDomainDefFindPCIController(def, 0);

    if (root) {
        switch ((virDomainPCIModel)virDomainControllerPCIModel(root)) {
        case VIR_DOMAIN_PCI_MODEL_PCI_ROOT:
            return VIR_DOMAIN_PCI_FAMILY_PC;
        case VIR_DOMAIN_PCI_MODEL_PCIE_ROOT:
            return VIR_DOMAIN_PCI_FAMILY_Q35;
        case VIR_DOMAIN_PCI_MODEL_PCI_BRIDGE:
        case VIR_DOMAIN_PCI_MODEL_DMI_TO_PCI_BRIDGE:
        case VIR_DOMAIN_PCI_MODEL_PCIE_ROOT_PORT:
        case VIR_DOMAIN_PCI_MODEL_LAST:
            break;
        }
    }
    return virDomainMachinePCIFamily(def);
}

/**
 * virDomainDefCheckPCIRoot:
 * Upstream's rules for the PCI root: pci-root and pcie-root only at index
 * 0, without an <address>, and the one the machine has (pci-root on
 * i440fx, pcie-root on q35).  Returns 0 or -1 with an error.
 */
static int
virDomainDefCheckPCIRoot(const virDomainDef *def)
{
    virDomainPCIFamily family = virDomainMachinePCIFamily(def);
    size_t i;

    for (i = 0; i < def->ncontrollers; i++) {
        const virDomainControllerDef *ctrl = def->controllers[i];
        int model;
        int want;

        if (ctrl->type != VIR_DOMAIN_CONTROLLER_TYPE_PCI)
            continue;
        model = virDomainControllerPCIModel(ctrl);
        if (model == VIR_DOMAIN_PCI_MODEL_PCI_ROOT || model == VIR_DOMAIN_PCI_MODEL_PCIE_ROOT) {
            if (ctrl->index != 0) {
                virReportError(VIR_ERR_XML_ERROR, "%s",
                               _("pci-root and pcie-root controllers must have index 0"));
                return -1;
            }
            if (ctrl->pci.set) {
                virReportError(VIR_ERR_XML_ERROR, "%s",
                               _("pci-root and pcie-root controllers take no <address>"));
                return -1;
            }
        }
        if (ctrl->index != 0 || family == VIR_DOMAIN_PCI_FAMILY_NONE)
            continue;
        want = family == VIR_DOMAIN_PCI_FAMILY_Q35 ? VIR_DOMAIN_PCI_MODEL_PCIE_ROOT
                                                   : VIR_DOMAIN_PCI_MODEL_PCI_ROOT;
        if (model != want) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("the PCI controller with index='0' must be model='%1$s' for machine '%2$s', not model='%3$s'"),
                           virDomainPCIModelTypeToString(want),
                           def->os.machine ? def->os.machine : "pc",
                           ctrl->model ? ctrl->model : "");
            return -1;
        }
    }
    return 0;
}

/* ---- the rows: which devices sit on PCI, and as what ------------------- */

/**
 * virDomainPCIDevAdd:
 * Appends one device to @devs; on i440fx a PCI Express device is just a
 * PCI device (there is no PCI Express bus).
 */
static void
virDomainPCIDevAdd(GArray *devs, virDomainPCIFamily family, virPCIDeviceAddress *addr,
                   unsigned int connect, const char *name)
{
    virDomainPCIDev dev = { addr, connect, name, -1, 0, 0, -1 };

    if (family == VIR_DOMAIN_PCI_FAMILY_PC && connect == VIR_PCI_CONNECT_PCIE_DEVICE)
        dev.connect = VIR_PCI_CONNECT_PCI_DEVICE;
    g_array_append_val(devs, dev);
}

/**
 * virDomainPCIDevAddFixed:
 * Appends a device the chipset has at bus 0 @slot.@function when it is
 * at index 0 (@fixed), else as an ordinary PCI device.
 */
static void
virDomainPCIDevAddFixed(GArray *devs, virPCIDeviceAddress *addr, const char *name,
                        bool fixed, int slot, int function)
{
    virDomainPCIDev dev = { addr, VIR_PCI_CONNECT_PCI_DEVICE, name, -1, 0, 0, -1 };

    if (fixed) {
        dev.fixedSlot = slot;
        dev.function = function;
    }
    g_array_append_val(devs, dev);
}

/**
 * virDomainPCIDevAddChipset:
 * Appends a function of the chipset itself at bus 0 @slot.@function:
 * i440fx's IDE (1.1) and q35's AHCI (0x1f.2) cannot be anywhere else,
 * so another device's address there is an error, as upstream.
 */
static void
virDomainPCIDevAddChipset(GArray *devs, virPCIDeviceAddress *addr, const char *name,
                          int slot, int function)
{
    virDomainPCIDev dev = { addr, VIR_PCI_CONNECT_PCI_DEVICE, name, slot, function, 0, -1, true };

    g_array_append_val(devs, dev);
}

/* PCI controllers that add a bus. */
static void
virDomainPCICollectPCIControllers(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    size_t i;

    for (i = 0; i < def->ncontrollers; i++) {
        virDomainControllerDef *ctrl = def->controllers[i];
        int model = virDomainControllerPCIModel(ctrl);
        unsigned int connect = 0;

        if (model < 0)
            continue;
        switch ((virDomainPCIModel)model) {
        case VIR_DOMAIN_PCI_MODEL_PCIE_ROOT_PORT:
            connect = VIR_PCI_CONNECT_ROOT_PORT;
            break;
        case VIR_DOMAIN_PCI_MODEL_PCI_BRIDGE:
            connect = VIR_PCI_CONNECT_PCI_BRIDGE;
            break;
        case VIR_DOMAIN_PCI_MODEL_DMI_TO_PCI_BRIDGE:
            connect = VIR_PCI_CONNECT_DMI_BRIDGE;
            break;
        case VIR_DOMAIN_PCI_MODEL_PCI_ROOT:
        case VIR_DOMAIN_PCI_MODEL_PCIE_ROOT:
        case VIR_DOMAIN_PCI_MODEL_LAST:
            continue;
        }
        virDomainPCIDevAdd(devs, family, &ctrl->pci, connect, ctrl->model);
        g_array_index(devs, virDomainPCIDev, devs->len - 1).ownBus = (int)ctrl->index;
    }
}

/* <interface>: virtio and e1000e are PCI Express devices. */
static void
virDomainPCICollectNets(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    size_t i;

    for (i = 0; i < def->nnets; i++) {
        virDomainNetDef *net = def->nets[i];
        unsigned int connect = VIR_PCI_CONNECT_PCI_DEVICE;

        switch (net->model) {
        case VIR_DOMAIN_NET_MODEL_VIRTIO:
        case VIR_DOMAIN_NET_MODEL_E1000E:
            connect = VIR_PCI_CONNECT_PCIE_DEVICE;
            break;
        case VIR_DOMAIN_NET_MODEL_DEFAULT:
        case VIR_DOMAIN_NET_MODEL_E1000:
        case VIR_DOMAIN_NET_MODEL_RTL8139:
        case VIR_DOMAIN_NET_MODEL_LAST:
            break;
        }
        virDomainPCIDevAdd(devs, family, &net->pci, connect,
                           net->alias ? net->alias : "interface");
    }
}

/* <sound>: ich9, ich6 and ac97 are conventional PCI cards; q35's first
 * ich9 is the chipset's HD audio at 0:0:1b.0, as upstream places it. */
static void
virDomainPCICollectSounds(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    bool ich9Placed = false;
    size_t i;

    for (i = 0; i < def->nsounds; i++) {
        virDomainSoundDef *sound = def->sounds[i];
        const char *name = sound->alias ? sound->alias : "sound";

        if (family == VIR_DOMAIN_PCI_FAMILY_Q35 && !ich9Placed &&
            sound->model == VIR_DOMAIN_SOUND_MODEL_ICH9) {
            ich9Placed = true;
            virDomainPCIDevAddFixed(devs, &sound->pci, name, true, 0x1b, 0);
        } else {
            virDomainPCIDevAdd(devs, family, &sound->pci, VIR_PCI_CONNECT_PCI_DEVICE, name);
        }
    }
}

/**
 * virDomainPCICollectUSB:
 * A USB controller: xHCI is PCI Express; i440fx's UHCI is function 2 of
 * the PIIX3; the ICH9 EHCI (function 7) and its UHCI companions
 * (functions 0-2) share one slot, 0x1d on q35 for index 0.
 */
static void
virDomainPCICollectUSB(virDomainControllerDef *ctrl, virDomainPCIFamily family, GArray *devs)
{
    const char *model = ctrl->model;
    virDomainPCIDev dev = { &ctrl->pci, VIR_PCI_CONNECT_PCI_DEVICE,
                            virDomainControllerTypeTypeToString(ctrl->type), -1, 0, 0, -1 };

    if (!model)
        model = family == VIR_DOMAIN_PCI_FAMILY_Q35 ? "qemu-xhci" : "piix3-uhci";
    if (strcmp(model, "qemu-xhci") == 0 || strcmp(model, "nec-xhci") == 0) {
        virDomainPCIDevAdd(devs, family, &ctrl->pci, VIR_PCI_CONNECT_PCIE_DEVICE, virDomainControllerTypeTypeToString(ctrl->type));
    } else if (strcmp(model, "piix3-uhci") == 0) {
        virDomainPCIDevAddFixed(devs, &ctrl->pci, virDomainControllerTypeTypeToString(ctrl->type),
                                family == VIR_DOMAIN_PCI_FAMILY_PC && ctrl->index == 0, 1, 2);
    } else if (strcmp(model, "ich9-ehci1") == 0 || g_str_has_prefix(model, "ich9-uhci")) {
        dev.function = model[5] == 'e' ? 7 : model[9] - '1';
        if (dev.function < 0 || dev.function > 7)
            return;
        dev.group = (int)ctrl->index + 1;
        if (family == VIR_DOMAIN_PCI_FAMILY_Q35 && ctrl->index == 0)
            dev.fixedSlot = 0x1d;
        g_array_append_val(devs, dev);
    }
}

/* Other controllers: USB, virtio-serial, virtio-scsi, the built-in IDE
 * (i440fx 1.1) and AHCI (q35 0x1f.2). */
static void
virDomainPCICollectControllers(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    size_t i;

    for (i = 0; i < def->ncontrollers; i++) {
        virDomainControllerDef *ctrl = def->controllers[i];

        switch (ctrl->type) {
        case VIR_DOMAIN_CONTROLLER_TYPE_USB:
            virDomainPCICollectUSB(ctrl, family, devs);
            break;
        case VIR_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL:
            virDomainPCIDevAdd(devs, family, &ctrl->pci, VIR_PCI_CONNECT_PCIE_DEVICE, virDomainControllerTypeTypeToString(ctrl->type));
            break;
        case VIR_DOMAIN_CONTROLLER_TYPE_SCSI:
            if (g_strcmp0(ctrl->model, "virtio-scsi") == 0)
                virDomainPCIDevAdd(devs, family, &ctrl->pci, VIR_PCI_CONNECT_PCIE_DEVICE,
                                   virDomainControllerTypeTypeToString(ctrl->type));
            break;
        case VIR_DOMAIN_CONTROLLER_TYPE_IDE:
            if (family == VIR_DOMAIN_PCI_FAMILY_PC && ctrl->index == 0)
                virDomainPCIDevAddChipset(devs, &ctrl->pci, virDomainControllerTypeTypeToString(ctrl->type), 1, 1);
            break;
        case VIR_DOMAIN_CONTROLLER_TYPE_SATA:
            if (family == VIR_DOMAIN_PCI_FAMILY_Q35 && ctrl->index == 0)
                virDomainPCIDevAddChipset(devs, &ctrl->pci, virDomainControllerTypeTypeToString(ctrl->type), 0x1f, 2);
            break;
        case VIR_DOMAIN_CONTROLLER_TYPE_PCI:
        case VIR_DOMAIN_CONTROLLER_TYPE_LAST:
            break;
        }
    }
}

/* <disk bus='virtio'>. */
static void
virDomainPCICollectDisks(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        if (def->disks[i]->bus == VIR_DOMAIN_DISK_BUS_VIRTIO)
            virDomainPCIDevAdd(devs, family, &def->disks[i]->pci, VIR_PCI_CONNECT_PCIE_DEVICE,
                               def->disks[i]->dst);
    }
}

/* <memballoon model='virtio'>. */
static void
virDomainPCICollectBalloon(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    if (def->memballoon && def->memballoon->model == VIR_DOMAIN_MEMBALLOON_MODEL_VIRTIO)
        virDomainPCIDevAdd(devs, family, &def->memballoon->pci, VIR_PCI_CONNECT_PCIE_DEVICE,
                           "memballoon");
}

/* <rng model='virtio'>. */
static void
virDomainPCICollectRNGs(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    size_t i;

    for (i = 0; i < def->nrngs; i++)
        virDomainPCIDevAdd(devs, family, &def->rngs[i]->pci, VIR_PCI_CONNECT_PCIE_DEVICE, "rng");
}

/* <watchdog model='i6300esb'> (iTCO is part of q35's LPC bridge). */
static void
virDomainPCICollectWatchdogs(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    size_t i;

    for (i = 0; i < def->nwatchdogs; i++) {
        virDomainWatchdogDef *watchdog = def->watchdogs[i];

        switch (watchdog->model) {
        case VIR_DOMAIN_WATCHDOG_MODEL_I6300ESB:
            virDomainPCIDevAdd(devs, family, &watchdog->pci, VIR_PCI_CONNECT_PCI_DEVICE,
                               watchdog->alias ? watchdog->alias : "watchdog");
            break;
        case VIR_DOMAIN_WATCHDOG_MODEL_ITCO:
        case VIR_DOMAIN_WATCHDOG_MODEL_LAST:
            break;
        }
    }
}

/* <video>: the primary one (the first) at the chipset's video slot, 2
 * on i440fx and 1 on q35; others virtio (PCI Express) or conventional
 * PCI.  model='none' is no device. */
static void
virDomainPCICollectVideos(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    size_t i;

    for (i = 0; i < def->nvideos; i++) {
        virDomainVideoDef *video = def->videos[i];
        const char *name = video->alias ? video->alias : "video";

        switch (video->model) {
        case VIR_DOMAIN_VIDEO_MODEL_NONE:
        case VIR_DOMAIN_VIDEO_MODEL_LAST:
            continue;
        case VIR_DOMAIN_VIDEO_MODEL_QXL:
        case VIR_DOMAIN_VIDEO_MODEL_VIRTIO:
        case VIR_DOMAIN_VIDEO_MODEL_VGA:
        case VIR_DOMAIN_VIDEO_MODEL_BOCHS:
        case VIR_DOMAIN_VIDEO_MODEL_CIRRUS:
            break;
        }
        if (i == 0)
            virDomainPCIDevAddFixed(devs, &video->pci, name, true,
                                    family == VIR_DOMAIN_PCI_FAMILY_Q35 ? 1 : 2, 0);
        else
            virDomainPCIDevAdd(devs, family, &video->pci,
                               video->model == VIR_DOMAIN_VIDEO_MODEL_VIRTIO ?
                               VIR_PCI_CONNECT_PCIE_DEVICE : VIR_PCI_CONNECT_PCI_DEVICE,
                               name);
    }
}

/* <input bus='virtio'>. */
static void
virDomainPCICollectInputs(virDomainDef *def, virDomainPCIFamily family, GArray *devs)
{
    size_t i;

    for (i = 0; i < def->ninputs; i++) {
        if (def->inputs[i]->bus == VIR_DOMAIN_INPUT_BUS_VIRTIO)
            virDomainPCIDevAdd(devs, family, &def->inputs[i]->pci, VIR_PCI_CONNECT_PCIE_DEVICE,
                               "input");
    }
}

/* The device kinds on PCI, in the order addresses are assigned. */
static void (* const virDomainPCIKinds[])(virDomainDef *def, virDomainPCIFamily family,
                                          GArray *devs) = {
    virDomainPCICollectPCIControllers,
    virDomainPCICollectNets,
    virDomainPCICollectSounds,
    virDomainPCICollectControllers,
    virDomainPCICollectDisks,
    virDomainPCICollectBalloon,
    virDomainPCICollectRNGs,
    virDomainPCICollectWatchdogs,
    virDomainPCICollectVideos,
    virDomainPCICollectInputs,
};

/**
 * virDomainPCICollect:
 * Every device of @def on PCI, in assignment order.  Caller frees.
 */
static GArray *
virDomainPCICollect(virDomainDef *def, virDomainPCIFamily family)
{
    GArray *devs = g_array_new(FALSE, FALSE, sizeof(virDomainPCIDev));
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virDomainPCIKinds); i++)
        virDomainPCIKinds[i](def, family, devs);
    return devs;
}

/* ---- the address set ----------------------------------------------------- */

/**
 * virDomainPCIAddressSetInit:
 * The buses of @def's PCI controllers; bus 0 is the root of @family.
 */
static void
virDomainPCIAddressSetInit(virDomainPCIAddressSet *set, const virDomainDef *def,
                           virDomainPCIFamily family)
{
    size_t i;

    memset(set, 0, sizeof(*set));
    for (i = 0; i < VIR_PCI_BUSES; i++)
        set->model[i] = -1;
    set->model[0] = family == VIR_DOMAIN_PCI_FAMILY_Q35 ? VIR_DOMAIN_PCI_MODEL_PCIE_ROOT
                                                        : VIR_DOMAIN_PCI_MODEL_PCI_ROOT;
    set->usable[0] = true;
    for (i = 0; i < def->ncontrollers; i++) {
        const virDomainControllerDef *ctrl = def->controllers[i];
        int model = virDomainControllerPCIModel(ctrl);

        if (model >= 0 && ctrl->index > 0 && ctrl->index < VIR_PCI_BUSES) {
            set->model[ctrl->index] = model;
            set->usable[ctrl->index] = ctrl->pci.set;
        }
    }
}

/**
 * virDomainPCIAddressCheck:
 * Checks the address @dev was given against the bus it names and the
 * devices marked so far, then marks it.  A bus no modelled controller
 * provides is left to the driver (it refuses to start then).  Returns 0
 * or -1 with an error.
 */
static int
virDomainPCIAddressCheck(virDomainPCIAddressSet *set, const virDomainPCIDev *dev)
{
    const virPCIDeviceAddress *a = dev->addr;
    int model;

    if (a->domain != 0 || a->bus >= VIR_PCI_BUSES) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("device '%1$s': PCI address %2$04x:%3$02x:%4$02x.%5$x is not supported: only domain 0"),
                       dev->name, a->domain, a->bus, a->slot, a->function);
        return -1;
    }
    if (set->used[a->bus][a->slot] & (1u << a->function)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("device '%1$s': PCI address %2$04x:%3$02x:%4$02x.%5$x is already in use"),
                       dev->name, a->domain, a->bus, a->slot, a->function);
        return -1;
    }
    if ((model = set->model[a->bus]) >= 0) {
        if (!(virDomainPCIBusRules[model].accepts & dev->connect)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("device '%1$s' cannot be plugged into PCI bus %2$u (a %3$s)"),
                           dev->name, a->bus, virDomainPCIModelTypeToString(model));
            return -1;
        }
        if (a->slot != 0 && virDomainPCIBusRules[model].maxSlot == 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("device '%1$s': PCI bus %2$u (a %3$s) has slot 0 only, not %4$u"),
                           dev->name, a->bus, virDomainPCIModelTypeToString(model), a->slot);
            return -1;
        }
        if (a->slot < virDomainPCIBusRules[model].minSlot ||
            a->slot > virDomainPCIBusRules[model].maxSlot) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("device '%1$s': slot %2$u of PCI bus %3$u (a %4$s) is not usable: slots %5$u-%6$u"),
                           dev->name, a->slot, a->bus, virDomainPCIModelTypeToString(model),
                           virDomainPCIBusRules[model].minSlot,
                           virDomainPCIBusRules[model].maxSlot);
            return -1;
        }
    }
    set->used[a->bus][a->slot] |= 1u << a->function;
    if (a->function == 0) {
        set->func0[a->bus][a->slot] = (virPCIDeviceAddress *)a;
        set->func0Connect[a->bus][a->slot] = dev->connect;
    }
    return 0;
}

/**
 * virDomainPCIAddressSetFill:
 * Checks and marks the addresses of @devs that are set.
 * Returns 0 or -1 with an error.
 */
static int
virDomainPCIAddressSetFill(virDomainPCIAddressSet *set, GArray *devs)
{
    guint i;

    for (i = 0; i < devs->len; i++) {
        const virDomainPCIDev *dev = &g_array_index(devs, virDomainPCIDev, i);

        if (dev->addr->set && virDomainPCIAddressCheck(set, dev) < 0)
            return -1;
    }
    return 0;
}

/**
 * virDomainDefValidatePCIAddresses:
 * See domain_conf_priv.h.
 */
int
virDomainDefValidatePCIAddresses(const virDomainDef *def)
{
    /* the rows list addresses to fill; validation only reads them */
    virDomainDef *mdef = (virDomainDef *)def;
    virDomainPCIFamily family = virDomainDefPCIFamily(def);
    g_autoptr(GArray) devs = virDomainPCICollect(mdef, family);
    g_autofree virDomainPCIAddressSet *set = g_new(virDomainPCIAddressSet, 1);

    virDomainPCIAddressSetInit(set, def, family);
    if (family == VIR_DOMAIN_PCI_FAMILY_NONE)
        memset(set->model, -1, sizeof(set->model));
    return virDomainPCIAddressSetFill(set, devs);
}

/* ---- assignment ------------------------------------------------------------ */

typedef struct {
    virDomainDef *def;
    virDomainPCIFamily family;
    virDomainPCIAddressSet *set;
    GArray *devs;
} virDomainPCIAssign;

/**
 * virDomainPCIAssignSet:
 * Gives @dev bus @bus, @slot, @function and marks it.
 */
static void
virDomainPCIAssignSet(virDomainPCIAssign *st, virDomainPCIDev *dev, unsigned int bus,
                      unsigned int slot, unsigned int function)
{
    virPCIDeviceAddress *a = dev->addr;

    a->set = true;
    a->domain = 0;
    a->bus = bus;
    a->slot = slot;
    a->function = function;
    st->set->used[bus][slot] |= 1u << function;
    if (function == 0) {
        st->set->func0[bus][slot] = a;
        st->set->func0Connect[bus][slot] = dev->connect;
    }
}

/**
 * virDomainPCIFindFree:
 * A bus and slot with function @function free, on a bus that takes
 * @connect, lowest bus and slot first; root ports are grouped eight to
 * a slot (a slot whose function 0 is a multifunction root port takes
 * more).  Returns true with *@bus and *@slot filled, false when there is
 * none.
 */
static bool
virDomainPCIFindFree(virDomainPCIAssign *st, unsigned int connect, unsigned int function,
                     unsigned int *bus, unsigned int *slot, unsigned int *outFunction)
{
    virDomainPCIAddressSet *set = st->set;
    unsigned int b, s, f;

    for (b = 0; b < VIR_PCI_BUSES; b++) {
        int model = set->model[b];

        if (model < 0 || !set->usable[b] ||
            !(virDomainPCIBusRules[model].autoAccepts & connect))
            continue;
        for (s = virDomainPCIBusRules[model].minSlot;
             s <= virDomainPCIBusRules[model].maxSlot; s++) {
            if (b == 0 && set->reserved[s])
                continue;
            if (connect == VIR_PCI_CONNECT_ROOT_PORT && set->used[b][s] &&
                set->func0[b][s] &&
                set->func0[b][s]->multifunction == VIR_TRISTATE_BOOL_YES &&
                set->func0Connect[b][s] == VIR_PCI_CONNECT_ROOT_PORT) {
                for (f = 1; f < 8; f++) {
                    if (!(set->used[b][s] & (1u << f))) {
                        *bus = b;
                        *slot = s;
                        *outFunction = f;
                        return true;
                    }
                }
                continue;
            }
            if (set->used[b][s])
                continue;
            *bus = b;
            *slot = s;
            *outFunction = function;
            return true;
        }
    }
    return false;
}

/**
 * virDomainAddController:
 * Adds a controller to @def: before the first one of its type with a
 * larger index, else after the last one of its type, else at the end.
 * Returns it (owned by @def).
 */
static virDomainControllerDef *
virDomainAddController(virDomainDef *def, virDomainControllerType type,
                       unsigned int index, const char *model)
{
    virDomainControllerDef *ctrl = g_new0(virDomainControllerDef, 1);
    size_t pos = def->ncontrollers;
    size_t i;
    bool seen = false;

    ctrl->type = type;
    ctrl->index = index;
    ctrl->model = g_strdup(model);
    ctrl->startport = ctrl->ports = -1;
    ctrl->chassisNr = ctrl->chassis = ctrl->port = -1;
    for (i = 0; i < def->ncontrollers; i++) {
        if (def->controllers[i]->type != type)
            continue;
        if (def->controllers[i]->index > index) {
            pos = i;
            break;
        }
        seen = true;
        pos = i + 1;
    }
    if (!seen && pos == def->ncontrollers)
        pos = def->ncontrollers;
    def->controllers = g_renew(virDomainControllerDef *, def->controllers, def->ncontrollers + 1);
    memmove(def->controllers + pos + 1, def->controllers + pos,
            (def->ncontrollers - pos) * sizeof(*def->controllers));
    def->controllers[pos] = ctrl;
    def->ncontrollers++;
    return ctrl;
}

/**
 * virDomainPCINextIndex:
 * The lowest index no PCI controller of @def has, or VIR_PCI_BUSES.
 */
static unsigned int
virDomainPCINextIndex(const virDomainDef *def)
{
    unsigned int idx;

    for (idx = 1; idx < VIR_PCI_BUSES; idx++) {
        if (!virDomainDefFindPCIController(def, idx))
            break;
    }
    return idx;
}

static int virDomainPCIPlace(virDomainPCIAssign *st, virDomainPCIDev *dev);

/**
 * virDomainPCIGrow:
 * Adds the controller whose bus takes a device that is @connect (a
 * pcie-root-port, a pci-bridge or a dmi-to-pci-bridge) and places it.
 * Returns 0, or -1 with an error naming @name when no controller can
 * help.
 */
static int
virDomainPCIGrow(virDomainPCIAssign *st, unsigned int connect, const char *name)
{
    unsigned int idx, bus, slot, function;
    virDomainPCIModel model = VIR_DOMAIN_PCI_MODEL_LAST;
    virDomainControllerDef *ctrl;
    virDomainPCIDev dev = { NULL, 0, NULL, -1, 0, 0, -1 };

    switch (connect) {
    case VIR_PCI_CONNECT_PCIE_DEVICE:
        model = VIR_DOMAIN_PCI_MODEL_PCIE_ROOT_PORT;
        dev.connect = VIR_PCI_CONNECT_ROOT_PORT;
        break;
    case VIR_PCI_CONNECT_PCI_DEVICE:
        model = VIR_DOMAIN_PCI_MODEL_PCI_BRIDGE;
        dev.connect = VIR_PCI_CONNECT_PCI_BRIDGE;
        break;
    case VIR_PCI_CONNECT_PCI_BRIDGE:
        /* on q35 behind a new dmi-to-pci-bridge; a full i440fx gets none */
        if (st->family == VIR_DOMAIN_PCI_FAMILY_Q35) {
            model = VIR_DOMAIN_PCI_MODEL_DMI_TO_PCI_BRIDGE;
            dev.connect = VIR_PCI_CONNECT_DMI_BRIDGE;
        }
        break;
    case VIR_PCI_CONNECT_ROOT_PORT:
    case VIR_PCI_CONNECT_DMI_BRIDGE:
        if (st->family != VIR_DOMAIN_PCI_FAMILY_Q35) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("device '%1$s': pcie-root-port and dmi-to-pci-bridge need a q35 machine"),
                           name);
            return -1;
        }
        break;
    }
    if (!dev.connect) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("no free PCI slot for device '%1$s'"), name);
        return -1;
    }
    /* the bus it plugs into first, so that a parent has the lower index */
    if (!virDomainPCIFindFree(st, dev.connect, 0, &bus, &slot, &function) &&
        virDomainPCIGrow(st, dev.connect, name) < 0)
        return -1;
    idx = virDomainPCINextIndex(st->def);
    if (idx >= VIR_PCI_BUSES) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("no free PCI slot for device '%1$s': every PCI bus number is in use"),
                       name);
        return -1;
    }
    ctrl = virDomainAddController(st->def, VIR_DOMAIN_CONTROLLER_TYPE_PCI, idx,
                                  virDomainPCIModelTypeToString(model));
    dev.addr = &ctrl->pci;
    dev.name = ctrl->model;
    dev.ownBus = (int)idx;
    st->set->model[idx] = model;
    return virDomainPCIPlace(st, &dev);
}

/**
 * virDomainPCIPlaceGroup:
 * Puts @dev in the slot another device of its group already has.
 * Returns true when done.
 */
static bool
virDomainPCIPlaceGroup(virDomainPCIAssign *st, virDomainPCIDev *dev)
{
    guint i;

    for (i = 0; i < st->devs->len; i++) {
        const virDomainPCIDev *other = &g_array_index(st->devs, virDomainPCIDev, i);

        if (other == dev || other->group != dev->group || !other->addr->set ||
            (st->set->used[other->addr->bus][other->addr->slot] & (1u << dev->function)))
            continue;
        virDomainPCIAssignSet(st, dev, other->addr->bus, other->addr->slot, dev->function);
        return true;
    }
    return false;
}

/**
 * virDomainPCIGroupSize:
 * How many devices of @devs are in @group.
 */
static unsigned int
virDomainPCIGroupSize(GArray *devs, int group)
{
    unsigned int n = 0;
    guint i;

    for (i = 0; i < devs->len; i++)
        n += g_array_index(devs, virDomainPCIDev, i).group == group;
    return n;
}

/**
 * virDomainPCIPlace:
 * Gives @dev (without an address) one: its group's slot, the chipset's
 * slot, else the first free slot of a bus that takes it, adding a root
 * port or bridge when there is none.  Returns 0 or -1 with an error.
 */
static int
virDomainPCIPlace(virDomainPCIAssign *st, virDomainPCIDev *dev)
{
    virDomainPCIAddressSet *set = st->set;
    unsigned int bus, slot, function;

    /* an EHCI without companions is a device of its own, at function 0 */
    if (dev->group && virDomainPCIGroupSize(st->devs, dev->group) == 1)
        dev->function = 0;
    if (dev->chipset && (set->used[0][dev->fixedSlot] & (1u << dev->function))) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("device '%1$s' is part of the chipset at PCI address 0000:00:%2$02x.%3$x, which another device's <address> takes"),
                       dev->name, (unsigned int)dev->fixedSlot, (unsigned int)dev->function);
        return -1;
    }
    if (dev->group && virDomainPCIPlaceGroup(st, dev)) {
        /* nothing more */
    } else if (dev->fixedSlot >= 0 && !(set->used[0][dev->fixedSlot] & (1u << dev->function))) {
        virDomainPCIAssignSet(st, dev, 0, dev->fixedSlot, dev->function);
    } else if (dev->connect == VIR_PCI_CONNECT_DMI_BRIDGE && !set->used[0][0x1e]) {
        /* upstream's slot for it, as on real ICH9 boards */
        virDomainPCIAssignSet(st, dev, 0, 0x1e, 0);
    } else {
        while (!virDomainPCIFindFree(st, dev->connect, dev->function, &bus, &slot, &function)) {
            if (virDomainPCIGrow(st, dev->connect, dev->name) < 0)
                return -1;
        }
        virDomainPCIAssignSet(st, dev, bus, slot, function);
        if (dev->connect == VIR_PCI_CONNECT_ROOT_PORT && function == 0)
            dev->addr->multifunction = VIR_TRISTATE_BOOL_YES;
    }
    if (dev->group && dev->addr->function == 0 &&
        virDomainPCIGroupSize(st->devs, dev->group) > 1)
        dev->addr->multifunction = VIR_TRISTATE_BOOL_YES;
    if (dev->ownBus >= 0)
        set->usable[dev->ownBus] = true;
    return 0;
}

/**
 * virDomainPCIFillControllers:
 * The defaults upstream writes for the PCI controllers: <model name=>,
 * a root port's chassis (its index) and port (slot << 3 | function), a
 * pci-bridge's chassisNr (its index).
 */
static void
virDomainPCIFillControllers(virDomainDef *def)
{
    size_t i;

    for (i = 0; i < def->ncontrollers; i++) {
        virDomainControllerDef *ctrl = def->controllers[i];
        int model = virDomainControllerPCIModel(ctrl);

        if (model < 0)
            continue;
        switch ((virDomainPCIModel)model) {
        case VIR_DOMAIN_PCI_MODEL_PCIE_ROOT_PORT:
            if (!ctrl->modelName)
                ctrl->modelName = g_strdup("pcie-root-port");
            if (ctrl->chassis < 0)
                ctrl->chassis = (int)ctrl->index;
            if (ctrl->port < 0 && ctrl->pci.set)
                ctrl->port = (int)((ctrl->pci.slot << 3) | ctrl->pci.function);
            break;
        case VIR_DOMAIN_PCI_MODEL_PCI_BRIDGE:
            if (!ctrl->modelName)
                ctrl->modelName = g_strdup("pci-bridge");
            if (ctrl->chassisNr < 0)
                ctrl->chassisNr = (int)ctrl->index;
            break;
        case VIR_DOMAIN_PCI_MODEL_DMI_TO_PCI_BRIDGE:
            if (!ctrl->modelName)
                ctrl->modelName = g_strdup("i82801b11-bridge");
            break;
        case VIR_DOMAIN_PCI_MODEL_PCI_ROOT:
        case VIR_DOMAIN_PCI_MODEL_PCIE_ROOT:
        case VIR_DOMAIN_PCI_MODEL_LAST:
            break;
        }
    }
}

/**
 * virDomainDefHasControllerType:
 * True when @def has a controller of @type.
 */
static bool
virDomainDefHasControllerType(const virDomainDef *def, virDomainControllerType type)
{
    size_t i;

    for (i = 0; i < def->ncontrollers; i++) {
        if (def->controllers[i]->type == type)
            return true;
    }
    return false;
}

/**
 * virDomainDefAddDiskController:
 * Adds <controller type=@type index='0'> when @def has none.
 */
static void
virDomainDefAddDiskController(virDomainDef *def, virDomainControllerType type)
{
    size_t i;

    for (i = 0; i < def->ncontrollers; i++) {
        if (def->controllers[i]->type == type && def->controllers[i]->index == 0)
            return;
    }
    virDomainAddController(def, type, 0, NULL);
}

/**
 * virDomainDefAddImplicitControllers:
 * The controllers upstream writes into a definition that implies them:
 * the PCI root (index 0, its model by machine), a virtio-serial
 * controller for channels and virtio consoles, a virtio-scsi controller
 * for SCSI disks, the SATA controller of q35 and the IDE controller of
 * i440fx (for IDE disks on it).  USB controllers are not added: without one
 * the guest has no USB, as before.
 */
static void
virDomainDefAddImplicitControllers(virDomainDef *def, virDomainPCIFamily family)
{
    virDomainControllerDef *root = (virDomainControllerDef *)virDomainDefFindPCIController(def, 0);
    const char *rootModel = family == VIR_DOMAIN_PCI_FAMILY_Q35 ? "pcie-root" : "pci-root";
    bool virtioConsole = false;
    bool scsiDisk = false;
    size_t i;

    if (!root)
        virDomainAddController(def, VIR_DOMAIN_CONTROLLER_TYPE_PCI, 0, rootModel);
    else if (!root->model)
        root->model = g_strdup(rootModel);
    for (i = 0; i < def->nconsoles; i++)
        virtioConsole |= g_strcmp0(def->consoles[i]->targetType, "virtio") == 0;
    for (i = 0; i < def->ndisks; i++)
        scsiDisk |= def->disks[i]->bus == VIR_DOMAIN_DISK_BUS_SCSI;
    if ((def->nchannels > 0 || virtioConsole) &&
        !virDomainDefHasControllerType(def, VIR_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL))
        virDomainAddController(def, VIR_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL, 0, NULL);
    if (scsiDisk && !virDomainDefHasControllerType(def, VIR_DOMAIN_CONTROLLER_TYPE_SCSI))
        virDomainAddController(def, VIR_DOMAIN_CONTROLLER_TYPE_SCSI, 0, "virtio-scsi");
    /* the chipset's disk controller: q35's AHCI always, i440fx's IDE when
     * a disk is on it (a disk on the other machine's bus, or on another
     * controller, is refused at start, naming the disk) */
    if (family == VIR_DOMAIN_PCI_FAMILY_Q35)
        virDomainDefAddDiskController(def, VIR_DOMAIN_CONTROLLER_TYPE_SATA);
    for (i = 0; i < def->ndisks; i++) {
        const virDomainDiskDef *disk = def->disks[i];

        if (family == VIR_DOMAIN_PCI_FAMILY_PC && disk->bus == VIR_DOMAIN_DISK_BUS_IDE &&
            disk->drive.set && disk->drive.controller == 0)
            virDomainDefAddDiskController(def, VIR_DOMAIN_CONTROLLER_TYPE_IDE);
    }
}

/**
 * virDomainPCIFreeSlots:
 * How many empty slots the usable buses that take @connect have.
 */
static unsigned int
virDomainPCIFreeSlots(const virDomainPCIAddressSet *set, unsigned int connect)
{
    unsigned int b, s, n = 0;

    for (b = 0; b < VIR_PCI_BUSES; b++) {
        int model = set->model[b];

        if (model < 0 || !set->usable[b] ||
            !(virDomainPCIBusRules[model].autoAccepts & connect))
            continue;
        for (s = virDomainPCIBusRules[model].minSlot;
             s <= virDomainPCIBusRules[model].maxSlot; s++)
            n += !set->used[b][s] && !(b == 0 && set->reserved[s]);
    }
    return n;
}

/**
 * virDomainPCIAddBridges:
 * i440fx: when the devices still to place need more slots than the
 * buses have, adds pci-bridges first, while a slot for one is free (a
 * bridge takes one slot and gives 31).  Returns 0 or -1 with an error.
 */
static int
virDomainPCIAddBridges(virDomainPCIAssign *st)
{
    g_autoptr(GHashTable) groups = g_hash_table_new(g_direct_hash, g_direct_equal);
    unsigned int needed = 0;
    guint i;

    for (i = 0; i < st->devs->len; i++) {
        const virDomainPCIDev *dev = &g_array_index(st->devs, virDomainPCIDev, i);

        if (dev->addr->set || dev->fixedSlot >= 0 || dev->connect != VIR_PCI_CONNECT_PCI_DEVICE ||
            (dev->group && !g_hash_table_add(groups, GINT_TO_POINTER(dev->group))))
            continue;
        needed++;
    }
    while (needed > virDomainPCIFreeSlots(st->set, VIR_PCI_CONNECT_PCI_DEVICE)) {
        if (virDomainPCIGrow(st, VIR_PCI_CONNECT_PCI_DEVICE, "pci-bridge") < 0)
            return -1;
    }
    return 0;
}

/**
 * virDomainDefAssignPCIAddresses:
 * Reserves the chipset's slots, then places the devices without an
 * address: those with a slot of the chipset first, then the PCI
 * controllers, then the others in row order.  Returns 0 or -1 with an
 * error.
 */
static int
virDomainDefAssignPCIAddresses(virDomainDef *def, virDomainPCIFamily family)
{
    g_autofree virDomainPCIAddressSet *set = g_new(virDomainPCIAddressSet, 1);
    g_autoptr(GArray) devs = virDomainPCICollect(def, family);
    virDomainPCIAssign st = { def, family, set, devs };
    guint i;
    int pass;

    virDomainPCIAddressSetInit(set, def, family);
    if (virDomainPCIAddressSetFill(set, devs) < 0)
        return -1;
    /* i440fx: the PIIX3; q35: the ICH9 (the primary video takes its slot,
     * 2 or 1, as a fixed one, before anything else is placed) */
    set->reserved[family == VIR_DOMAIN_PCI_FAMILY_Q35 ? 0x1f : 1] = true;
    /* the chipset's functions, the PCI controllers, then (i440fx) the
     * bridges the rest needs, then the rest */
    for (pass = 0; pass < 3; pass++) {
        if (pass == 2 && family == VIR_DOMAIN_PCI_FAMILY_PC && virDomainPCIAddBridges(&st) < 0)
            return -1;
        for (i = 0; i < devs->len; i++) {
            virDomainPCIDev *dev = &g_array_index(devs, virDomainPCIDev, i);
            int devPass = dev->fixedSlot >= 0 ? 0 : dev->ownBus >= 0 ? 1 : 2;

            if (dev->addr->set || devPass != pass)
                continue;
            if (virDomainPCIPlace(&st, dev) < 0)
                return -1;
        }
    }
    return 0;
}

/* ---- drive addresses and USB ports ----------------------------------------- */

/**
 * virDomainDiskIndexFromName:
 * See domain_addr.h.
 */
int
virDomainDiskIndexFromName(const char *dst)
{
    const char *p;
    int idx = 0;

    if (!dst || strlen(dst) < 3 || strlen(dst) > 5)
        return -1;
    for (p = dst + 2; *p; p++) {
        if (*p < 'a' || *p > 'z')
            return -1;
        idx = idx * 26 + (*p - 'a' + 1);
    }
    return idx - 1;
}

/**
 * virDomainDefAssignDriveAddresses:
 * <address type='drive'> from the target name, as upstream: IDE two
 * buses of two units per controller, SATA six units, SCSI seven.  A disk
 * whose target name gives no index and that has no address cannot be
 * placed (a virtio disk's index orders its drive too): refused, as
 * upstream does.
 * Returns 0 or -1 with an error.
 */
static int
virDomainDefAssignDriveAddresses(virDomainDef *def)
{
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        virDomainDiskDef *disk = def->disks[i];
        int idx = virDomainDiskIndexFromName(disk->dst);
        virDomainDriveAddress *d = &disk->drive;

        if (d->set || disk->bus == VIR_DOMAIN_DISK_BUS_LAST ||
            (disk->bus == VIR_DOMAIN_DISK_BUS_VIRTIO && disk->pci.set))
            continue;
        if (idx < 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("disk '%1$s' has no <address> and its target name gives no drive index (e.g. 'sda', 'hdc', 'sdab')"),
                           disk->dst);
            return -1;
        }
        switch (disk->bus) {
        case VIR_DOMAIN_DISK_BUS_IDE:
            d->controller = idx / 4;
            d->bus = (idx % 4) / 2;
            d->unit = idx % 2;
            break;
        case VIR_DOMAIN_DISK_BUS_SATA:
            d->controller = idx / 6;
            d->unit = idx % 6;
            break;
        case VIR_DOMAIN_DISK_BUS_SCSI:
            d->controller = idx / 7;
            d->unit = idx % 7;
            break;
        case VIR_DOMAIN_DISK_BUS_VIRTIO:
        case VIR_DOMAIN_DISK_BUS_LAST:
            continue;
        }
        d->target = 0;
        d->set = true;
    }
    return 0;
}

/* Root ports of the USB controller models (upstream's counts). */
static const struct {
    const char *model;
    unsigned int ports;
} virDomainUSBPorts[] = {
    { "piix3-uhci", 2 },
    { "ich9-ehci1", 6 },
    { "qemu-xhci", 4 },
    { "nec-xhci", 4 },
};

/**
 * virDomainDefUSBPortCount:
 * Ports of USB bus 0 (the controller with index 0 that is no companion),
 * 0 when there is none or it is of an unknown model.
 */
static unsigned int
virDomainDefUSBPortCount(const virDomainDef *def, virDomainPCIFamily family)
{
    size_t i, j;

    for (i = 0; i < def->ncontrollers; i++) {
        const virDomainControllerDef *ctrl = def->controllers[i];
        const char *model = ctrl->model;

        if (ctrl->type != VIR_DOMAIN_CONTROLLER_TYPE_USB || ctrl->index != 0 ||
            ctrl->startport >= 0)
            continue;
        if (!model)
            model = family == VIR_DOMAIN_PCI_FAMILY_Q35 ? "qemu-xhci" : "piix3-uhci";
        if (ctrl->ports > 0)
            return (unsigned int)ctrl->ports;
        for (j = 0; j < G_N_ELEMENTS(virDomainUSBPorts); j++) {
            if (strcmp(model, virDomainUSBPorts[j].model) == 0)
                return virDomainUSBPorts[j].ports;
        }
        return 0;
    }
    return 0;
}

/**
 * virDomainDefAssignUSBPorts:
 * Gives each USB input device, then each <redirdev>, without an address
 * the first free port of USB bus 0 (upstream's order), leaving the ports
 * that kept devices (hubs, ...) hold.  Devices beyond
 * the ports stay without one (QEMU then adds them where it can, as
 * before).
 */
static void
virDomainDefAssignUSBPorts(virDomainDef *def, virDomainPCIFamily family)
{
    unsigned int nports = virDomainDefUSBPortCount(def, family);
    g_autoptr(GPtrArray) ports = g_ptr_array_new();
    guint32 used = virDomainKeptUSBPortsUsed(def);
    unsigned int port = 1;
    size_t i;

    if (nports == 0)
        return;
    for (i = 0; i < def->ninputs; i++) {
        if (def->inputs[i]->bus == VIR_DOMAIN_INPUT_BUS_USB)
            g_ptr_array_add(ports, &def->inputs[i]->usbPort);
    }
    for (i = 0; i < def->nredirdevs; i++)
        g_ptr_array_add(ports, &def->redirdevs[i]->usbPort);

    for (i = 0; i < ports->len; i++) {
        const char *p = *(char **)g_ptr_array_index(ports, i);
        guint64 top;

        if (!p)
            continue;
        top = g_ascii_strtoull(p, NULL, 10);
        if (top >= 1 && top <= 31)
            used |= 1u << top;
    }
    for (i = 0; i < ports->len; i++) {
        char **usbPort = g_ptr_array_index(ports, i);

        if (*usbPort)
            continue;
        while (port <= nports && (used & (1u << port)))
            port++;
        if (port > nports)
            return;
        *usbPort = g_strdup_printf("%u", port);
        used |= 1u << port;
    }
}

/**
 * virDomainDefControllerIndexes:
 * See domain_conf_priv.h.
 */
int
virDomainDefControllerIndexes(virDomainDef *def)
{
    size_t i, j;

    for (i = 0; i < def->ncontrollers; i++) {
        virDomainControllerDef *ctrl = def->controllers[i];
        int model = virDomainControllerPCIModel(ctrl);
        unsigned int idx;

        if (!ctrl->indexAbsent)
            continue;
        ctrl->indexAbsent = false;
        if (ctrl->type == VIR_DOMAIN_CONTROLLER_TYPE_USB && ctrl->startport >= 0) {
            /* a companion shares the index of the EHCI before it */
            ctrl->index = 0;
            for (j = 0; j < i; j++) {
                if (def->controllers[j]->type == VIR_DOMAIN_CONTROLLER_TYPE_USB &&
                    def->controllers[j]->startport < 0)
                    ctrl->index = def->controllers[j]->index;
            }
            continue;
        }
        idx = ctrl->type == VIR_DOMAIN_CONTROLLER_TYPE_PCI &&
              model != VIR_DOMAIN_PCI_MODEL_PCI_ROOT &&
              model != VIR_DOMAIN_PCI_MODEL_PCIE_ROOT ? 1 : 0;
        for (;; idx++) {
            for (j = 0; j < def->ncontrollers; j++) {
                const virDomainControllerDef *other = def->controllers[j];

                if (j != i && other->type == ctrl->type && !other->indexAbsent &&
                    other->startport < 0 && other->index == idx)
                    break;
            }
            if (j == def->ncontrollers)
                break;
        }
        if (idx > 255) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("no free index for a <controller type='%1$s'>: 0-255 are taken"),
                           virDomainControllerTypeTypeToString(ctrl->type));
            return -1;
        }
        ctrl->index = idx;
    }
    return 0;
}

/**
 * virDomainDefCheckNoPCI:
 * An x86 machine without PCI (isapc) cannot hold a device that sits on
 * PCI (a USB controller, a virtio device, ...): refused, as upstream
 * does.  Other architectures' devices are not placed here.
 * Returns 0 or -1 with an error.
 */
static int
virDomainDefCheckNoPCI(virDomainDef *def)
{
    g_autoptr(GArray) devs = NULL;
    guint i;

    if (def->os.arch && strcmp(def->os.arch, "x86_64") != 0 &&
        strcmp(def->os.arch, "i686") != 0)
        return 0;
    devs = virDomainPCICollect(def, VIR_DOMAIN_PCI_FAMILY_PC);
    for (i = 0; i < devs->len; i++) {
        const virDomainPCIDev *dev = &g_array_index(devs, virDomainPCIDev, i);

        if (dev->chipset || dev->ownBus >= 0)
            continue;
        virReportError(VIR_ERR_XML_ERROR,
                       _("device '%1$s' needs a PCI bus, which machine '%2$s' does not have"),
                       dev->name, def->os.machine ? def->os.machine : "");
        return -1;
    }
    return 0;
}

/**
 * virDomainDefAssignAddresses:
 * See domain_addr.h.
 */
int
virDomainDefAssignAddresses(virDomainDef *def)
{
    virDomainPCIFamily family = virDomainDefPCIFamily(def);

    if (virDomainDefCheckPCIRoot(def) < 0)
        return -1;
    if (virDomainDefAssignDriveAddresses(def) < 0)
        return -1;
    /* a target name's address may be one another disk was given, which
     * upstream refuses too */
    if (virDomainDefValidateDriveAddresses(def) < 0)
        return -1;
    if (family == VIR_DOMAIN_PCI_FAMILY_NONE)
        return virDomainDefCheckNoPCI(def);
    virDomainDefAddImplicitControllers(def, family);
    virDomainDefAssignUSBPorts(def, family);
    if (virDomainDefAssignPCIAddresses(def, family) < 0)
        return -1;
    virDomainPCIFillControllers(def);
    /* what was assigned must pass what a define of it would check */
    return virDomainDefValidatePCIAddresses(def);
}
