/*
 * qemu_command_devices.c: -device (and -object) for the small devices:
 * the memory balloon and virtio RNGs.
 *
 * A device without a PCI address in the XML gets the slot QEMU picks,
 * as disks and NICs do today; ids follow upstream (balloon0, rng0 with
 * its backend objrng0).
 */
#include "qemu_command_priv.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/**
 * qemuBuildSwitchProp:
 * Sets boolean @name in @props for a state the XML gave.
 */
static void
qemuBuildSwitchProp(JsonObject *props, const char *name, virTristateSwitch state)
{
    switch (state) {
    case VIR_TRISTATE_SWITCH_ON:
        json_object_set_boolean_member(props, name, TRUE);
        break;
    case VIR_TRISTATE_SWITCH_OFF:
        json_object_set_boolean_member(props, name, FALSE);
        break;
    case VIR_TRISTATE_SWITCH_ABSENT:
    case VIR_TRISTATE_SWITCH_LAST:
        break;
    }
}

/**
 * qemuBuildMemballoonArgs:
 * @ctx: build context
 *
 * virtio-balloon-pci for <memballoon model='virtio'>, with
 * deflate-on-oom (autodeflate) and free-page-reporting; nothing for
 * model 'none'.  Returns 0 or -1 with an error.
 */
static int
qemuBuildMemballoonArgs(qemuBuildContext *ctx)
{
    const virDomainMemballoonDef *balloon = ctx->def->memballoon;
    const char *alias;
    JsonObject *props;

    if (!balloon)
        return 0;
    switch (balloon->model) {
    case VIR_DOMAIN_MEMBALLOON_MODEL_NONE:
    case VIR_DOMAIN_MEMBALLOON_MODEL_LAST:
        return 0;
    case VIR_DOMAIN_MEMBALLOON_MODEL_VIRTIO:
        break;
    }
    alias = balloon->alias ? balloon->alias : "balloon0";
    props = json_object_new();
    json_object_set_string_member(props, "driver", "virtio-balloon-pci");
    json_object_set_string_member(props, "id", alias);
    qemuBuildSwitchProp(props, "deflate-on-oom", balloon->autodeflate);
    qemuBuildSwitchProp(props, "free-page-reporting", balloon->freePageReporting);
    if (qemuBuildPCIAddressProps(ctx, props, &balloon->pci, alias) < 0) {
        json_object_unref(props);
        return -1;
    }
    return qemuCommandAddProps(ctx, "-device", props, "driver",
                               virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON));
}

/**
 * qemuBuildRNGArgs:
 * @ctx: build context
 *
 * Per <rng model='virtio'>: an rng-random object reading the backend's
 * device and a virtio-rng-pci on it.  Returns 0 or -1 with an error.
 */
static int
qemuBuildRNGArgs(qemuBuildContext *ctx)
{
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    size_t i;

    for (i = 0; i < ctx->def->nrngs; i++) {
        const virDomainRNGDef *rng = ctx->def->rngs[i];
        g_autofree char *alias = rng->alias ? g_strdup(rng->alias)
                                            : g_strdup_printf("rng%zu", i);
        g_autofree char *objid = g_strdup_printf("obj%s", alias);
        JsonObject *obj = json_object_new();
        JsonObject *dev = json_object_new();

        json_object_set_string_member(obj, "qom-type", "rng-random");
        json_object_set_string_member(obj, "id", objid);
        json_object_set_string_member(obj, "filename", rng->path);
        json_object_set_string_member(dev, "driver", "virtio-rng-pci");
        json_object_set_string_member(dev, "rng", objid);
        json_object_set_string_member(dev, "id", alias);
        if (qemuBuildPCIAddressProps(ctx, dev, &rng->pci, alias) < 0 ||
            qemuCommandAddProps(ctx, "-object", obj, "qom-type", json) < 0) {
            json_object_unref(dev);
            return -1;
        }
        if (qemuCommandAddProps(ctx, "-device", dev, "driver", json) < 0)
            return -1;
    }
    return 0;
}

/**
 * qemuBuildSmallDeviceArgs:
 * See qemu_command_priv.h.
 */
int
qemuBuildSmallDeviceArgs(qemuBuildContext *ctx)
{
    if (qemuBuildMemballoonArgs(ctx) < 0 ||
        qemuBuildRNGArgs(ctx) < 0)
        return -1;
    return 0;
}
