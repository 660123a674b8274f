/*
 * qemu_command_controllers.c: -device for <controller> and <input>
 *
 * Built before the disks and other devices, since those name the
 * controllers' buses.  Controllers the machine has built in (i440fx's
 * IDE, q35's AHCI, the PCI root) need nothing; USB controllers follow
 * upstream's ids ("usb", EHCI companions on "usb.0").  The PCI
 * controllers that add a bus (pcie-root-port, pci-bridge,
 * dmi-to-pci-bridge) come first, in index order, so that every bus
 * exists before a device names it; their ids are upstream's "pci.N".
 * Of the other types only index 0 is built.
 */
#include "qemu_command_priv.h"
#include "domain_addr.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* <controller type='usb' model=> -> QEMU device; companion UHCIs need
 * <master startport=>. */
static const struct {
    const char *model;
    const char *driver;
    bool companion;
} qemuBuildUSBModels[] = {
    { "qemu-xhci", "qemu-xhci", false },
    { "nec-xhci", "nec-usb-xhci", false },
    { "piix3-uhci", "piix3-usb-uhci", false },
    { "ich9-ehci1", "ich9-usb-ehci1", false },
    { "ich9-uhci1", "ich9-usb-uhci1", true },
    { "ich9-uhci2", "ich9-usb-uhci2", true },
    { "ich9-uhci3", "ich9-usb-uhci3", true },
};

/**
 * qemuBuildPCIBusName:
 * The QEMU bus of PCI bus @bus of the domain: the root ("pcie.0" on q35,
 * "pci.0" on i440fx) or the id of the controller with that index.
 * Returns it (caller frees), or NULL with an error naming @alias.
 */
static char *
qemuBuildPCIBusName(qemuBuildContext *ctx, unsigned int bus, const char *alias)
{
    const virDomainControllerDef *ctrl;
    int model;

    if (bus == 0)
        return g_strdup(ctx->q35 ? "pcie.0" : "pci.0");
    ctrl = virDomainDefFindPCIController(ctx->def, bus);
    model = ctrl ? virDomainControllerPCIModel(ctrl) : -1;
    if (model < 0 || model == VIR_DOMAIN_PCI_MODEL_PCI_ROOT ||
        model == VIR_DOMAIN_PCI_MODEL_PCIE_ROOT) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("PCI bus %1$u of '%2$s' is not provided by a <controller type='pci' index='%3$u'> the domain can start with"),
                       bus, alias, bus);
        return NULL;
    }
    return ctrl->alias ? g_strdup(ctrl->alias) : g_strdup_printf("pci.%u", bus);
}

/* Adds "bus" and "addr" (and "multifunction") for the PCI address of a
 * device. */
int
qemuBuildPCIAddressProps(qemuBuildContext *ctx, JsonObject *props,
                         const virPCIDeviceAddress *pci, const char *alias)
{
    g_autofree char *bus = NULL;
    g_autofree char *addr = NULL;

    if (!pci->set)
        return 0;
    if (pci->domain != 0 || pci->slot > 31 || pci->function > 7) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("PCI address %1$04x:%2$02x:%3$02x.%4$x of '%5$s' is not supported: only domain 0, slot 0-31, function 0-7"),
                       pci->domain, pci->bus, pci->slot, pci->function, alias);
        return -1;
    }
    if (!(bus = qemuBuildPCIBusName(ctx, pci->bus, alias)))
        return -1;
    json_object_set_string_member(props, "bus", bus);
    addr = pci->function ? g_strdup_printf("0x%x.0x%x", pci->slot, pci->function)
                         : g_strdup_printf("0x%x", pci->slot);
    json_object_set_string_member(props, "addr", addr);
    switch (pci->multifunction) {
    case VIR_TRISTATE_BOOL_YES:
        json_object_set_boolean_member(props, "multifunction", TRUE);
        break;
    case VIR_TRISTATE_BOOL_NO:
        json_object_set_boolean_member(props, "multifunction", FALSE);
        break;
    case VIR_TRISTATE_BOOL_ABSENT:
    case VIR_TRISTATE_BOOL_LAST:
        break;
    }
    return 0;
}

/**
 * qemuBuildControllerUnsupported:
 * Reports that @ctrl cannot be built, for @why; returns -1.
 */
static int
qemuBuildControllerUnsupported(const virDomainControllerDef *ctrl, const char *why)
{
    g_autofree char *model = ctrl->model ? g_strdup_printf(" model='%s'", ctrl->model)
                                         : g_strdup("");

    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("<controller type='%1$s' index='%2$u'%3$s> is not supported: %4$s"),
                   virDomainControllerTypeTypeToString(ctrl->type), ctrl->index,
                   model, why);
    return -1;
}

/**
 * qemuBuildUSBControllerProps:
 * Fills @props for USB controller @ctrl (driver, id or masterbus).
 * Returns 1 when there is a device to add, 0 for model 'none', -1 with
 * an error.
 */
static int
qemuBuildUSBControllerProps(qemuBuildContext *ctx, const virDomainControllerDef *ctrl,
                            JsonObject *props)
{
    const char *model = ctrl->model ? ctrl->model : (ctx->q35 ? "qemu-xhci" : "piix3-uhci");
    size_t i;

    if (strcmp(model, "none") == 0)
        return 0;
    for (i = 0; i < G_N_ELEMENTS(qemuBuildUSBModels); i++) {
        if (strcmp(model, qemuBuildUSBModels[i].model) == 0)
            break;
    }
    if (i == G_N_ELEMENTS(qemuBuildUSBModels))
        return qemuBuildControllerUnsupported(ctrl, _("unknown USB controller model"));
    json_object_set_string_member(props, "driver", qemuBuildUSBModels[i].driver);
    if (qemuBuildUSBModels[i].companion != (ctrl->startport >= 0))
        return qemuBuildControllerUnsupported(ctrl, _("<master startport=> goes with the ich9-uhci companions, and only with them"));
    if (qemuBuildUSBModels[i].companion) {
        json_object_set_string_member(props, "masterbus", "usb.0");
        json_object_set_int_member(props, "firstport", ctrl->startport);
    } else {
        json_object_set_string_member(props, "id", ctrl->alias ? ctrl->alias : "usb");
        ctx->haveUSB = true;
    }
    if (ctrl->ports >= 0) {
        /* ports= sets the USB 2 and USB 3 ports of an xHCI, as upstream */
        if (!g_str_has_suffix(model, "xhci"))
            return qemuBuildControllerUnsupported(ctrl, _("ports= is only built for the xHCI models"));
        json_object_set_int_member(props, "p2", ctrl->ports);
        json_object_set_int_member(props, "p3", ctrl->ports);
    }
    return 1;
}

/* QEMU devices of the PCI controllers that add a bus, by
 * virDomainPCIModel: the <model name=> upstream writes (and the only one
 * built), whether only q35 has it. */
static const struct {
    const char *name;
    bool q35;
} qemuBuildPCIModels[] = {
    [VIR_DOMAIN_PCI_MODEL_PCI_ROOT] = { NULL, false },
    [VIR_DOMAIN_PCI_MODEL_PCIE_ROOT] = { NULL, true },
    [VIR_DOMAIN_PCI_MODEL_PCI_BRIDGE] = { "pci-bridge", false },
    [VIR_DOMAIN_PCI_MODEL_DMI_TO_PCI_BRIDGE] = { "i82801b11-bridge", true },
    [VIR_DOMAIN_PCI_MODEL_PCIE_ROOT_PORT] = { "pcie-root-port", true },
};
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildPCIModels) == VIR_DOMAIN_PCI_MODEL_LAST);

/**
 * qemuBuildPCIControllerProps:
 * Fills @props for PCI controller @ctrl: nothing for the machine's root
 * (index 0), a pcie-root-port, pci-bridge or i82801b11-bridge device
 * otherwise.  Returns 1 when there is a device to add, 0 for the root,
 * -1 with an error.
 */
static int
qemuBuildPCIControllerProps(qemuBuildContext *ctx, const virDomainControllerDef *ctrl,
                            JsonObject *props)
{
    int model = virDomainControllerPCIModel(ctrl);
    const char *name;
    g_autofree char *id = NULL;

    if (ctrl->index == 0) {
        if (model != (ctx->q35 ? VIR_DOMAIN_PCI_MODEL_PCIE_ROOT : VIR_DOMAIN_PCI_MODEL_PCI_ROOT))
            return qemuBuildControllerUnsupported(ctrl, _("the PCI root of this machine is pci-root (i440fx) or pcie-root (q35)"));
        return 0;
    }
    if (model < 0 || !qemuBuildPCIModels[model].name)
        return qemuBuildControllerUnsupported(ctrl, _("the PCI controllers built are pcie-root-port, pci-bridge and dmi-to-pci-bridge"));
    name = qemuBuildPCIModels[model].name;
    if (qemuBuildPCIModels[model].q35 && !ctx->q35)
        return qemuBuildControllerUnsupported(ctrl, _("it needs a q35 machine"));
    if (ctrl->modelName && strcmp(ctrl->modelName, name) != 0)
        return qemuBuildControllerUnsupported(ctrl, _("no other <model name=> than upstream's default is built"));
    if (!ctrl->pci.set)
        return qemuBuildControllerUnsupported(ctrl, _("it has no PCI address"));
    json_object_set_string_member(props, "driver", name);
    switch ((virDomainPCIModel)model) {
    case VIR_DOMAIN_PCI_MODEL_PCIE_ROOT_PORT:
        json_object_set_int_member(props, "port", ctrl->port >= 0 ? ctrl->port
                                   : (int)((ctrl->pci.slot << 3) | ctrl->pci.function));
        json_object_set_int_member(props, "chassis", ctrl->chassis >= 0 ? ctrl->chassis
                                                                          : (int)ctrl->index);
        if (ctrl->hotplug)
            json_object_set_boolean_member(props, "hotplug",
                                           ctrl->hotplug == VIR_TRISTATE_SWITCH_ON);
        break;
    case VIR_DOMAIN_PCI_MODEL_PCI_BRIDGE:
        json_object_set_int_member(props, "chassis_nr", ctrl->chassisNr >= 0 ? ctrl->chassisNr
                                                                               : (int)ctrl->index);
        break;
    case VIR_DOMAIN_PCI_MODEL_DMI_TO_PCI_BRIDGE:
    case VIR_DOMAIN_PCI_MODEL_PCI_ROOT:
    case VIR_DOMAIN_PCI_MODEL_PCIE_ROOT:
    case VIR_DOMAIN_PCI_MODEL_LAST:
        break;
    }
    id = ctrl->alias ? g_strdup(ctrl->alias) : g_strdup_printf("pci.%u", ctrl->index);
    json_object_set_string_member(props, "id", id);
    return 1;
}

/**
 * qemuBuildControllerProps:
 * Fills @props for @ctrl.  Returns 1 when there is a device to add, 0
 * when the machine has it built in (or USB model 'none'), -1 with an
 * error.
 */
static int
qemuBuildControllerProps(qemuBuildContext *ctx, const virDomainControllerDef *ctrl,
                         JsonObject *props)
{
    if (ctrl->type == VIR_DOMAIN_CONTROLLER_TYPE_PCI)
        return qemuBuildPCIControllerProps(ctx, ctrl, props);
    if (ctrl->index != 0)
        return qemuBuildControllerUnsupported(ctrl, _("only index 0 of each type is built"));
    switch (ctrl->type) {
    case VIR_DOMAIN_CONTROLLER_TYPE_USB:
        return qemuBuildUSBControllerProps(ctx, ctrl, props);
    case VIR_DOMAIN_CONTROLLER_TYPE_PCI:
        return -1;
    case VIR_DOMAIN_CONTROLLER_TYPE_SATA:
    case VIR_DOMAIN_CONTROLLER_TYPE_IDE:
        if (ctrl->model ||
            ctx->q35 != (ctrl->type == VIR_DOMAIN_CONTROLLER_TYPE_SATA))
            return qemuBuildControllerUnsupported(ctrl, _("the built-in controller is IDE on i440fx and SATA on q35"));
        return 0;
    case VIR_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL:
        if (ctrl->model)
            return qemuBuildControllerUnsupported(ctrl, _("no model is known for it"));
        json_object_set_string_member(props, "driver", "virtio-serial-pci");
        json_object_set_string_member(props, "id", ctrl->alias ? ctrl->alias : "virtio-serial0");
        ctx->haveVirtioSerial = true;
        return 1;
    case VIR_DOMAIN_CONTROLLER_TYPE_SCSI:
        if (g_strcmp0(ctrl->model, "virtio-scsi") != 0)
            return qemuBuildControllerUnsupported(ctrl, _("only model 'virtio-scsi' is built"));
        json_object_set_string_member(props, "driver", "virtio-scsi-pci");
        json_object_set_string_member(props, "id", "scsi0");
        ctx->haveSCSI = true;
        return 1;
    case VIR_DOMAIN_CONTROLLER_TYPE_LAST:
        break;
    }
    return -1;
}

/**
 * qemuBuildPCIControllersNext:
 * Appends to @order the PCI controller of @def with the lowest index
 * that is not in it yet and whose parent bus is: the root, a controller
 * in @order, or one that does not exist (the bus check reports that).
 * Returns false when there is none left.
 */
static bool
qemuBuildPCIControllersNext(const virDomainDef *def, GPtrArray *order)
{
    unsigned int idx;

    for (idx = 0; idx < 256; idx++) {
        const virDomainControllerDef *ctrl = virDomainDefFindPCIController(def, idx);
        const virDomainControllerDef *parent;

        if (!ctrl || g_ptr_array_find(order, ctrl, NULL))
            continue;
        parent = ctrl->pci.set && ctrl->pci.bus != 0 && ctrl->pci.bus != idx ?
                 virDomainDefFindPCIController(def, ctrl->pci.bus) : NULL;
        if (parent && !g_ptr_array_find(order, parent, NULL))
            continue;
        g_ptr_array_add(order, (gpointer)ctrl);
        return true;
    }
    return false;
}

/**
 * qemuBuildControllerArgs:
 * See qemu_command_priv.h.
 */
int
qemuBuildControllerArgs(qemuBuildContext *ctx)
{
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    g_autoptr(GPtrArray) order = g_ptr_array_new();
    size_t i;

    /* PCI controllers first, each after the one whose bus it plugs into
     * (by index where that allows), then the others in document order */
    while (qemuBuildPCIControllersNext(ctx->def, order))
        ;
    for (i = 0; i < ctx->def->ncontrollers; i++) {
        const virDomainControllerDef *ctrl = ctx->def->controllers[i];

        if (ctrl->type != VIR_DOMAIN_CONTROLLER_TYPE_PCI)
            g_ptr_array_add(order, ctx->def->controllers[i]);
        else if (!g_ptr_array_find(order, ctrl, NULL))
            return qemuBuildControllerUnsupported(ctrl, _("it plugs into a bus behind itself"));
    }
    for (i = 0; i < order->len; i++) {
        const virDomainControllerDef *ctrl = order->pdata[i];
        g_autoptr(JsonObject) props = json_object_new();
        int rc;

        if ((rc = qemuBuildControllerProps(ctx, ctrl, props)) < 0)
            return -1;
        if (rc == 0)
            continue;
        if (qemuBuildPCIAddressProps(ctx, props, &ctrl->pci,
                                     virDomainControllerTypeTypeToString(ctrl->type)) < 0 ||
            qemuCommandAddProps(ctx, "-device", g_steal_pointer(&props), "driver", json) < 0)
            return -1;
    }
    return 0;
}

/* QEMU devices of <input>, indexed by virDomainInputType; ps2 has none
 * (the i8042 of i440fx and q35 is built in). */
static const char * const qemuBuildInputUSB[] = {
    [VIR_DOMAIN_INPUT_TYPE_MOUSE] = "usb-mouse",
    [VIR_DOMAIN_INPUT_TYPE_TABLET] = "usb-tablet",
    [VIR_DOMAIN_INPUT_TYPE_KEYBOARD] = "usb-kbd",
};
static const char * const qemuBuildInputVirtio[] = {
    [VIR_DOMAIN_INPUT_TYPE_MOUSE] = "virtio-mouse-pci",
    [VIR_DOMAIN_INPUT_TYPE_TABLET] = "virtio-tablet-pci",
    [VIR_DOMAIN_INPUT_TYPE_KEYBOARD] = "virtio-keyboard-pci",
};
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildInputUSB) == VIR_DOMAIN_INPUT_TYPE_LAST);
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildInputVirtio) == VIR_DOMAIN_INPUT_TYPE_LAST);

/**
 * qemuBuildInputArgs:
 * See qemu_command_priv.h.
 */
int
qemuBuildInputArgs(qemuBuildContext *ctx)
{
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    size_t i;

    for (i = 0; i < ctx->def->ninputs; i++) {
        const virDomainInputDef *input = ctx->def->inputs[i];
        const char *type = virDomainInputTypeTypeToString(input->type);
        g_autofree char *alias = input->alias ? g_strdup(input->alias)
                                              : g_strdup_printf("input%zu", i);
        g_autoptr(JsonObject) props = json_object_new();

        switch (input->bus) {
        case VIR_DOMAIN_INPUT_BUS_PS2:
            if (input->type == VIR_DOMAIN_INPUT_TYPE_TABLET) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                               _("<input type='tablet' bus='ps2'>: PS/2 has no tablet"));
                return -1;
            }
            continue;
        case VIR_DOMAIN_INPUT_BUS_USB:
            if (!ctx->haveUSB) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("<input type='%1$s' bus='usb'> needs a USB <controller>"),
                               type);
                return -1;
            }
            json_object_set_string_member(props, "driver", qemuBuildInputUSB[input->type]);
            json_object_set_string_member(props, "id", alias);
            if (input->usbPort) {
                json_object_set_string_member(props, "bus", "usb.0");
                json_object_set_string_member(props, "port", input->usbPort);
            }
            break;
        case VIR_DOMAIN_INPUT_BUS_VIRTIO:
            json_object_set_string_member(props, "driver", qemuBuildInputVirtio[input->type]);
            json_object_set_string_member(props, "id", alias);
            if (qemuBuildPCIAddressProps(ctx, props, &input->pci, alias) < 0)
                return -1;
            break;
        case VIR_DOMAIN_INPUT_BUS_LAST:
            return -1;
        }
        if (qemuCommandAddProps(ctx, "-device", g_steal_pointer(&props), "driver", json) < 0)
            return -1;
    }
    return 0;
}
