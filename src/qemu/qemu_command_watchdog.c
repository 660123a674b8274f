/*
 * qemu_command_watchdog.c: -device and -action for <watchdog>, -device
 * pvpanic for <panic model='isa'>
 *
 * QEMU has one watchdog action for the whole machine (-action
 * watchdog=), so every watchdog of a domain must ask for the same one.
 * 'dump' is refused: upstream implements it in the driver (it pauses
 * the guest on QEMU's WATCHDOG event and dumps its memory), which this
 * driver does not do.
 */
#include "qemu_command_priv.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* QEMU's -action watchdog= value of each <watchdog action=>; NULL for
 * the one the driver would have to carry out. */
static const char * const qemuBuildWatchdogActions[] = {
    [VIR_DOMAIN_WATCHDOG_ACTION_RESET] = "reset",
    [VIR_DOMAIN_WATCHDOG_ACTION_SHUTDOWN] = "shutdown",
    [VIR_DOMAIN_WATCHDOG_ACTION_POWEROFF] = "poweroff",
    [VIR_DOMAIN_WATCHDOG_ACTION_PAUSE] = "pause",
    [VIR_DOMAIN_WATCHDOG_ACTION_DUMP] = NULL,
    [VIR_DOMAIN_WATCHDOG_ACTION_NONE] = "none",
    [VIR_DOMAIN_WATCHDOG_ACTION_INJECT_NMI] = "inject-nmi",
};
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildWatchdogActions) == VIR_DOMAIN_WATCHDOG_ACTION_LAST);

/**
 * qemuBuildWatchdogAction:
 * The one action of all watchdogs of @def.  Returns QEMU's name for it,
 * or NULL with an error (two different actions, 'dump').
 */
static const char *
qemuBuildWatchdogAction(const virDomainDef *def)
{
    virDomainWatchdogAction action = def->watchdogs[0]->action;
    size_t i;

    for (i = 1; i < def->nwatchdogs; i++) {
        if (def->watchdogs[i]->action != action) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<watchdog> devices with different actions: QEMU has one watchdog action for the machine"));
            return NULL;
        }
    }
    if (!qemuBuildWatchdogActions[action]) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<watchdog action='%1$s'> is not supported yet: the driver would have to dump the guest's memory itself"),
                       virDomainWatchdogActionTypeToString(action));
        return NULL;
    }
    return qemuBuildWatchdogActions[action];
}

/**
 * qemuBuildWatchdogDevice:
 * The device of watchdog @idx: i6300esb (a PCI card), or for itco the
 * q35 LPC bridge's own watchdog, enabled to reset the machine
 * (-global ICH9-LPC.noreboot=off, as upstream).  Returns 0 or -1 with
 * an error.
 */
static int
qemuBuildWatchdogDevice(qemuBuildContext *ctx, size_t idx, bool *itcoSeen)
{
    const virDomainWatchdogDef *watchdog = ctx->def->watchdogs[idx];
    g_autofree char *alias = watchdog->alias ? g_strdup(watchdog->alias)
                                             : g_strdup_printf("watchdog%zu", idx);
    JsonObject *props;

    switch (watchdog->model) {
    case VIR_DOMAIN_WATCHDOG_MODEL_ITCO:
        if (!ctx->q35 || *itcoSeen || watchdog->pci.set) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<watchdog model='itco'> is the q35 machine's own watchdog: one, on q35, without an <address>"));
            return -1;
        }
        *itcoSeen = true;
        qemuCommandAddArgPair(ctx, "-global", "ICH9-LPC.noreboot=off");
        return 0;
    case VIR_DOMAIN_WATCHDOG_MODEL_I6300ESB:
    case VIR_DOMAIN_WATCHDOG_MODEL_LAST:
        break;
    }
    if (!virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_I6300ESB)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<watchdog model='i6300esb'>: QEMU '%1$s' has no i6300esb device"),
                       ctx->caps->binary);
        return -1;
    }
    props = json_object_new();
    json_object_set_string_member(props, "driver", "i6300esb");
    json_object_set_string_member(props, "id", alias);
    if (qemuBuildPCIAddressProps(ctx, props, &watchdog->pci, alias) < 0) {
        json_object_unref(props);
        return -1;
    }
    return qemuCommandAddProps(ctx, "-device", props, "driver",
                               virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON));
}

/**
 * qemuBuildPanicArgs:
 * -device pvpanic for <panic model='isa'> (one: it has one I/O port),
 * at its <address iobase=> when given.  Returns 0 or -1 with an error.
 */
static int
qemuBuildPanicArgs(qemuBuildContext *ctx)
{
    const virDomainPanicDef *panic;
    JsonObject *props;

    if (ctx->def->npanics == 0)
        return 0;
    if (ctx->def->npanics > 1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("more than one <panic model='isa'>: the machine has one pvpanic port"));
        return -1;
    }
    if (!virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_PVPANIC)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<panic model='isa'>: QEMU '%1$s' has no pvpanic device"),
                       ctx->caps->binary);
        return -1;
    }
    panic = ctx->def->panics[0];
    props = json_object_new();
    json_object_set_string_member(props, "driver", "pvpanic");
    json_object_set_string_member(props, "id", panic->alias ? panic->alias : "panic0");
    if (panic->iobase)
        json_object_set_int_member(props, "ioport", panic->iobase);
    return qemuCommandAddProps(ctx, "-device", props, "driver",
                               virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON));
}

/**
 * qemuBuildWatchdogArgs:
 * See qemu_command_priv.h.
 */
int
qemuBuildWatchdogArgs(qemuBuildContext *ctx)
{
    g_autofree char *action = NULL;
    bool itcoSeen = false;
    const char *name;
    size_t i;

    if (ctx->def->nwatchdogs > 0) {
        if (!(name = qemuBuildWatchdogAction(ctx->def)))
            return -1;
        for (i = 0; i < ctx->def->nwatchdogs; i++) {
            if (qemuBuildWatchdogDevice(ctx, i, &itcoSeen) < 0)
                return -1;
        }
        action = g_strdup_printf("watchdog=%s", name);
        qemuCommandAddArgPair(ctx, "-action", action);
    }
    return qemuBuildPanicArgs(ctx);
}
