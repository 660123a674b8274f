/*
 * qemu_command_controllers.c: -device for <controller> and <input>
 *
 * Built before the disks and other devices, since those name the
 * controllers' buses.  Controllers the machine has built in (i440fx's
 * IDE, q35's AHCI, the PCI root) need nothing; USB controllers follow
 * upstream's ids ("usb", EHCI companions on "usb.0").  Only index 0 of
 * each type is built: more controllers of a type need bus numbering,
 * which comes with PCI address assignment.
 */
#include "qemu_command_priv.h"
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
    if (ctrl->index != 0)
        return qemuBuildControllerUnsupported(ctrl, _("only index 0 of each type is built"));
    switch (ctrl->type) {
    case VIR_DOMAIN_CONTROLLER_TYPE_USB:
        return qemuBuildUSBControllerProps(ctx, ctrl, props);
    case VIR_DOMAIN_CONTROLLER_TYPE_PCI:
        if (g_strcmp0(ctrl->model, ctx->q35 ? "pcie-root" : "pci-root") != 0)
            return qemuBuildControllerUnsupported(ctrl, _("the PCI root of this machine is pci-root (i440fx) or pcie-root (q35)"));
        return 0;
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
 * qemuBuildControllerArgs:
 * See qemu_command_priv.h.
 */
int
qemuBuildControllerArgs(qemuBuildContext *ctx)
{
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    size_t i;

    for (i = 0; i < ctx->def->ncontrollers; i++) {
        const virDomainControllerDef *ctrl = ctx->def->controllers[i];
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
