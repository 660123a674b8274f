/*
 * qemu_command_devices.c: -device (and -object, -chardev) for the small
 * devices: virtio-serial channels, the memory balloon and virtio RNGs.
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
 * qemuBuildChannelPath:
 * The socket of @chan (number @idx): its <source path=>, else next to
 * the monitor socket, "DIR/NAME.TARGETNAME" (the domain's runtime
 * directory), or a ${CHANNELi_SOCKET} placeholder when the caller gave
 * no monitor path (domxml-to-native).  Caller frees; NULL with an error
 * reported in system mode without <source path=>.
 */
static char *
qemuBuildChannelPath(qemuBuildContext *ctx, const virDomainChannelDef *chan, size_t idx)
{
    if (chan->path)
        return g_strdup(chan->path);
    if (ctx->params->monitorFd >= 3) {
        /* System mode: QEMU runs as qemu.conf's user, which may not
         * create files in the driver's runtime directory (its QMP socket
         * is made by the driver and passed as an fd for that reason). */
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<channel> '%1$s' needs a <source path=> in qemu:///system: QEMU may not create its socket in the driver's runtime directory"),
                       chan->targetName);
        return NULL;
    }
    if (!ctx->params->monitorPath)
        return g_strdup_printf("${CHANNEL%zu_SOCKET}", idx);
    return qemuBuildChannelDefaultPath(ctx->params->monitorPath, ctx->def->name,
                                       chan->targetName);
}

/**
 * qemuBuildChannelDefaultPath:
 * See qemu_command.h.
 */
char *
qemuBuildChannelDefaultPath(const char *monitorPath, const char *name, const char *target)
{
    g_autofree char *dir = g_path_get_dirname(monitorPath);
    g_autofree char *stem = virDomainNameFileStem(name);

    return g_strdup_printf("%s/%s.%s", dir, stem, target);
}

/**
 * qemuBuildChannelChardev:
 * -chardev @id of channel @chan (number @idx): a listening UNIX socket,
 * or the SPICE agent's "vdagent" channel.  Returns 0 or -1 with an
 * error.
 */
static int
qemuBuildChannelChardev(qemuBuildContext *ctx, const virDomainChannelDef *chan,
                        size_t idx, const char *id)
{
    g_autofree char *path = NULL;
    g_autoptr(GString) chr = g_string_new(NULL);

    switch (chan->type) {
    case VIR_DOMAIN_CHANNEL_TYPE_SPICEVMC:
        return qemuBuildSpicevmcChardev(ctx, "<channel>", id, "vdagent");
    case VIR_DOMAIN_CHANNEL_TYPE_UNIX:
    case VIR_DOMAIN_CHANNEL_TYPE_LAST:
        break;
    }
    if (!(path = qemuBuildChannelPath(ctx, chan, idx)))
        return -1;
    g_string_append_printf(chr, "socket,id=%s,path=", id);
    qemuCommandEscapeComma(chr, path);
    g_string_append(chr, ",server=on,wait=off");
    qemuCommandAddArgPair(ctx, "-chardev", chr->str);
    return 0;
}

/**
 * qemuBuildChannelArgs:
 * @ctx: build context
 *
 * Per <channel type='unix|spicevmc'>: its chardev and a virtserialport
 * named after the target (the guest agent's "org.qemu.guest_agent.0",
 * the SPICE agent's "com.redhat.spice.0"), on the virtio-serial
 * controller (added when the XML has none, as upstream does).  Returns 0 or -1 with an error.
 */
static int
qemuBuildChannelArgs(qemuBuildContext *ctx)
{
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    size_t i;

    for (i = 0; i < ctx->def->nchannels; i++) {
        const virDomainChannelDef *chan = ctx->def->channels[i];
        g_autofree char *alias = chan->alias ? g_strdup(chan->alias)
                                             : g_strdup_printf("channel%zu", i);
        g_autofree char *id = g_strdup_printf("char%s", alias);
        JsonObject *dev;

        if (qemuBuildVirtioSerialEnsure(ctx) < 0 ||
            qemuBuildChannelChardev(ctx, chan, i, id) < 0)
            return -1;
        dev = json_object_new();
        json_object_set_string_member(dev, "driver", "virtserialport");
        if (chan->port)
            json_object_set_int_member(dev, "nr", chan->port);
        json_object_set_string_member(dev, "chardev", id);
        json_object_set_string_member(dev, "id", alias);
        json_object_set_string_member(dev, "name", chan->targetName);
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
    if (qemuBuildChannelArgs(ctx) < 0 ||
        qemuBuildMemballoonArgs(ctx) < 0 ||
        qemuBuildRNGArgs(ctx) < 0)
        return -1;
    return 0;
}
