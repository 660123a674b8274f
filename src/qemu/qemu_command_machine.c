/*
 * qemu_command_machine.c: the machine-wide parts of the command line
 *
 * <features> and the HPET timer become -machine properties; <cpu> -cpu
 * (and its topology part of -smp); <clock>
 * becomes -rtc and the PIT's lost-tick policy; <pm> the ACPI power
 * management device's disable_s3/disable_s4; the lifecycle actions
 * -no-reboot.  What the model holds but QEMU cannot be told here (a
 * timer policy QEMU lacks, an action that needs the driver to watch
 * QEMU's events) is refused with a message naming the element.
 */
#include "qemu_command_priv.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/**
 * qemuBuildMachineSwitch:
 * Appends ",@name=on|off" to @buf for a state the XML gave.
 */
static void
qemuBuildMachineSwitch(GString *buf, const char *name, virTristateSwitch state)
{
    switch (state) {
    case VIR_TRISTATE_SWITCH_ON:
        g_string_append_printf(buf, ",%s=on", name);
        break;
    case VIR_TRISTATE_SWITCH_OFF:
        g_string_append_printf(buf, ",%s=off", name);
        break;
    case VIR_TRISTATE_SWITCH_ABSENT:
    case VIR_TRISTATE_SWITCH_LAST:
        break;
    }
}

/**
 * qemuBuildMachineACPI:
 * Whether the guest gets ACPI: only with <acpi/> in <features>, as
 * upstream (a domain without it, <features> or not, has none).
 */
static bool
qemuBuildMachineACPI(const virDomainDef *def)
{
    return def->features[VIR_DOMAIN_FEATURE_ACPI] == VIR_TRISTATE_SWITCH_ON;
}

/**
 * qemuBuildMachineFeatureProps:
 * See qemu_command_priv.h.  <acpi/>, <apic/> and <pae/> are the x86
 * machine's defaults: without <acpi/> the guest has no ACPI, as upstream
 * decides it -- "acpi=on|off" here (last, as upstream writes it) when the
 * QEMU binary says its machines have the property (QEMU 8.0+), else
 * "-no-acpi" (qemuBuildPMArgs), what upstream passes to a QEMU 7.2;
 * without <apic/> or <pae/> nothing changes (x86_64 CPUs always have
 * both, and upstream passes nothing either).  <memory dumpCore=> is
 * dump-guest-core.
 */
void
qemuBuildMachineFeatureProps(const qemuBuildContext *ctx, GString *buf)
{
    const virDomainDef *def = ctx->def;
    size_t i;

    qemuBuildMachineSwitch(buf, "vmport", def->features[VIR_DOMAIN_FEATURE_VMPORT]);
    /* <memory dumpCore=>: whether a core dump of QEMU holds guest memory */
    qemuBuildMachineSwitch(buf, "dump-guest-core", def->memoryDumpCore);
    qemuBuildMachineSwitch(buf, "smm", def->features[VIR_DOMAIN_FEATURE_SMM]);
    for (i = 0; i < def->ntimers; i++) {
        const virDomainTimerDef *timer = &def->timers[i];

        if (timer->name != VIR_DOMAIN_TIMER_NAME_HPET)
            continue;
        if (timer->present == VIR_TRISTATE_BOOL_YES)
            g_string_append(buf, ",hpet=on");
        else if (timer->present == VIR_TRISTATE_BOOL_NO)
            g_string_append(buf, ",hpet=off");
    }
    if (virQEMUCapsGet(ctx->caps, QEMU_CAPS_MACHINE_ACPI))
        g_string_append(buf, qemuBuildMachineACPI(def) ? ",acpi=on" : ",acpi=off");
}

/**
 * qemuBuildTimerUnsupported:
 * Reports that @what of <timer name='@timer->name'> cannot be done;
 * returns -1.
 */
static int
qemuBuildTimerUnsupported(const virDomainTimerDef *timer, const char *what)
{
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("<timer name='%1$s'>: %2$s is not supported"),
                   virDomainTimerNameTypeToString(timer->name), what);
    return -1;
}

/**
 * qemuBuildTimerArgs:
 * @ctx: build context
 * @timer: one <timer>
 * @rtc: the -rtc value, extended for the RTC timer
 *
 * Returns 0 or -1 with an error naming the timer.
 */
static int
qemuBuildTimerArgs(qemuBuildContext *ctx, const virDomainTimerDef *timer, GString *rtc)
{
    bool kvm = ctx->def->virtType == VIR_DOMAIN_VIRT_KVM;

    switch (timer->name) {
    case VIR_DOMAIN_TIMER_NAME_RTC:
    case VIR_DOMAIN_TIMER_NAME_PIT:
        if (timer->present == VIR_TRISTATE_BOOL_NO)
            return qemuBuildTimerUnsupported(timer, "present='no'");
        switch (timer->tickpolicy) {
        case VIR_DOMAIN_TIMER_TICKPOLICY_DEFAULT:
            return 0;
        case VIR_DOMAIN_TIMER_TICKPOLICY_DELAY:
            /* Both QEMU's RTC and its TCG PIT deliver a late tick when the
             * next one is due: that is "delay".  KVM's in-kernel PIT
             * defaults to it too, but say it, as upstream does. */
            if (timer->name == VIR_DOMAIN_TIMER_NAME_PIT && kvm)
                qemuCommandAddArgPair(ctx, "-global", "kvm-pit.lost_tick_policy=delay");
            return 0;
        case VIR_DOMAIN_TIMER_TICKPOLICY_CATCHUP:
            if (timer->name == VIR_DOMAIN_TIMER_NAME_RTC) {
                g_string_append(rtc, ",driftfix=slew");
                return 0;
            }
            break;
        case VIR_DOMAIN_TIMER_TICKPOLICY_MERGE:
        case VIR_DOMAIN_TIMER_TICKPOLICY_DISCARD:
        case VIR_DOMAIN_TIMER_TICKPOLICY_LAST:
            break;
        }
        return qemuBuildTimerUnsupported(timer, virDomainTimerTickpolicyTypeToString(timer->tickpolicy));
    case VIR_DOMAIN_TIMER_NAME_HPET:
        /* present= is a -machine property (qemuBuildMachineFeatureProps) */
        if (timer->tickpolicy != VIR_DOMAIN_TIMER_TICKPOLICY_DEFAULT)
            return qemuBuildTimerUnsupported(timer, "tickpolicy");
        return 0;
    case VIR_DOMAIN_TIMER_NAME_PLATFORM:
    case VIR_DOMAIN_TIMER_NAME_TSC:
    case VIR_DOMAIN_TIMER_NAME_KVMCLOCK:
    case VIR_DOMAIN_TIMER_NAME_HYPERVCLOCK:
    case VIR_DOMAIN_TIMER_NAME_ARMVTIMER:
    case VIR_DOMAIN_TIMER_NAME_LAST:
        break;
    }
    return qemuBuildTimerUnsupported(timer, "this timer");
}

/**
 * qemuBuildClockArgs:
 * @ctx: build context
 *
 * -rtc base=utc|localtime (with driftfix=slew for an RTC that catches
 * up) and the PIT's tick policy.  Returns 0 or -1 with an error.
 */
static int
qemuBuildClockArgs(qemuBuildContext *ctx)
{
    const virDomainDef *def = ctx->def;
    g_autoptr(GString) rtc = g_string_new("base=");
    size_t i;

    if (!def->hasClock)
        return 0;
    switch (def->clockOffset) {
    case VIR_DOMAIN_CLOCK_OFFSET_UTC:
    case VIR_DOMAIN_CLOCK_OFFSET_LAST:
        g_string_append(rtc, "utc");
        break;
    case VIR_DOMAIN_CLOCK_OFFSET_LOCALTIME:
        g_string_append(rtc, "localtime");
        break;
    }
    for (i = 0; i < def->ntimers; i++) {
        if (qemuBuildTimerArgs(ctx, &def->timers[i], rtc) < 0)
            return -1;
    }
    qemuCommandAddArgPair(ctx, "-rtc", rtc->str);
    return 0;
}

/**
 * qemuBuildPMArgs:
 * @ctx: build context
 *
 * -no-acpi for a guest without <acpi/> when the binary does not take
 * -machine acpi= (upstream's order: before the PM switches); then <pm>:
 * the S3/S4 switches of the ACPI PM device (PIIX4_PM on i440fx,
 * ICH9-LPC on q35).  Without ACPI there is no such device and no
 * suspend at all: enabled='no' needs nothing, enabled='yes' cannot be
 * done.  Returns 0 or -1 with an error.
 */
static int
qemuBuildPMArgs(qemuBuildContext *ctx)
{
    const virDomainDef *def = ctx->def;
    const char *dev = ctx->q35 ? "ICH9-LPC" : "PIIX4_PM";
    bool acpi = qemuBuildMachineACPI(def);
    const struct {
        virTristateBool state;
        const char *prop;
        const char *element;
    } pm[] = {
        { def->pmSuspendToMem, "disable_s3", "suspend-to-mem" },
        { def->pmSuspendToDisk, "disable_s4", "suspend-to-disk" },
    };
    size_t i;

    if (!acpi && !virQEMUCapsGet(ctx->caps, QEMU_CAPS_MACHINE_ACPI))
        qemuCommandAddArg(ctx, "-no-acpi");
    for (i = 0; i < G_N_ELEMENTS(pm); i++) {
        g_autofree char *arg = NULL;

        if (pm[i].state == VIR_TRISTATE_BOOL_ABSENT)
            continue;
        if (!acpi) {
            if (pm[i].state == VIR_TRISTATE_BOOL_NO)
                continue;
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<pm><%1$s enabled='yes'/> needs ACPI: add <acpi/> to <features>"),
                           pm[i].element);
            return -1;
        }
        arg = g_strdup_printf("%s.%s=%d", dev, pm[i].prop,
                              pm[i].state == VIR_TRISTATE_BOOL_NO ? 1 : 0);
        qemuCommandAddArgPair(ctx, "-global", arg);
    }
    return 0;
}

/**
 * qemuBuildLifecycleArgs:
 * @ctx: build context
 *
 * <on_poweroff>, <on_reboot>, <on_crash>.  QEMU runs without
 * -no-shutdown, so a guest that powers off or panics ends the process
 * ("destroy"), and a reboot restarts the guest in the same process
 * ("restart") unless -no-reboot turns it into an exit ("destroy").
 * Whatever else the XML asks for needs the driver to act on QEMU's
 * events, which it does not do yet: refused, naming the element.
 * Returns 0 or -1 with an error.
 */
static int
qemuBuildLifecycleArgs(qemuBuildContext *ctx)
{
    size_t i;

    for (i = 0; i < VIR_DOMAIN_LIFECYCLE_LAST; i++) {
        virDomainLifecycleAction action = ctx->def->onActions[i];
        bool ok = false;

        switch ((virDomainLifecycle)i) {
        case VIR_DOMAIN_LIFECYCLE_POWEROFF:
        case VIR_DOMAIN_LIFECYCLE_CRASH:
            ok = action == VIR_DOMAIN_LIFECYCLE_ACTION_DEFAULT ||
                 action == VIR_DOMAIN_LIFECYCLE_ACTION_DESTROY;
            break;
        case VIR_DOMAIN_LIFECYCLE_REBOOT:
            ok = action == VIR_DOMAIN_LIFECYCLE_ACTION_DEFAULT ||
                 action == VIR_DOMAIN_LIFECYCLE_ACTION_RESTART;
            if (action == VIR_DOMAIN_LIFECYCLE_ACTION_DESTROY) {
                qemuCommandAddArg(ctx, "-no-reboot");
                ok = true;
            }
            break;
        case VIR_DOMAIN_LIFECYCLE_LAST:
            break;
        }
        if (!ok) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<%1$s>%2$s</%1$s> is not supported yet (only the default action)"),
                           virDomainLifecycleElementName(i),
                           virDomainLifecycleActionTypeToString(action));
            return -1;
        }
    }
    return 0;
}

/**
 * qemuBuildSmpArg:
 * See qemu_command_priv.h.
 */
char *
qemuBuildSmpArg(const virDomainDef *def)
{
    unsigned int max = def->vcpus ? def->vcpus : 1;
    GString *smp = g_string_new(NULL);
    const virDomainCpuDef *cpu = def->cpu;

    g_string_append_printf(smp, "%u", def->vcpusCurrent ? def->vcpusCurrent : max);
    if (def->vcpusCurrent)
        g_string_append_printf(smp, ",maxcpus=%u", max);
    if (cpu && cpu->sockets)
        g_string_append_printf(smp, ",sockets=%u,dies=%u,cores=%u,threads=%u",
                               cpu->sockets, cpu->dies ? cpu->dies : 1,
                               cpu->cores, cpu->threads);
    return g_string_free(smp, FALSE);
}

/**
 * qemuBuildCpuUnsupported:
 * Reports that <cpu> cannot be started as written, for @why; returns -1.
 */
static int
qemuBuildCpuUnsupported(const virDomainCpuDef *cpu, const char *why)
{
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("<cpu mode='%1$s'> is not supported: %2$s"),
                   virDomainCpuModeTypeToString(cpu->mode), why);
    return -1;
}

/**
 * qemuBuildCpuArgs:
 * @ctx: build context
 *
 * -cpu from <cpu>: host-passthrough is "host" (KVM only: TCG has no host
 * CPU to pass through, and upstream refuses it too), maximum is "max",
 * custom is the named model; check='partial' or 'full' make QEMU refuse
 * to start when the host cannot give a required feature (enforce=on),
 * which is what upstream's checks are for.  host-model needs the host
 * CPU model expanded from domain capabilities, which is not done yet:
 * refused.  Returns 0 or -1 with an error.
 */
static int
qemuBuildCpuArgs(qemuBuildContext *ctx)
{
    const virDomainCpuDef *cpu = ctx->def->cpu;
    g_autoptr(GString) arg = g_string_new(NULL);
    size_t i;

    if (!cpu)
        return 0;
    switch (cpu->mode) {
    case VIR_DOMAIN_CPU_MODE_HOST_PASSTHROUGH:
        if (ctx->def->virtType != VIR_DOMAIN_VIRT_KVM)
            return qemuBuildCpuUnsupported(cpu, _("it needs KVM (domain type 'kvm'); TCG has no host CPU to pass through"));
        g_string_append(arg, "host");
        break;
    case VIR_DOMAIN_CPU_MODE_MAXIMUM:
        g_string_append(arg, "max");
        break;
    case VIR_DOMAIN_CPU_MODE_HOST_MODEL:
        return qemuBuildCpuUnsupported(cpu, _("the host CPU model is not expanded from the domain capabilities yet"));
    case VIR_DOMAIN_CPU_MODE_CUSTOM:
        if (cpu->match == VIR_DOMAIN_CPU_MATCH_MINIMUM)
            return qemuBuildCpuUnsupported(cpu, _("match='minimum' needs the host CPU model, which is not compared yet"));
        if (!cpu->model) {
            if (cpu->nfeatures > 0)
                return qemuBuildCpuUnsupported(cpu, _("<feature> needs a <model>"));
            return 0;   /* topology only: the -smp arguments */
        }
        qemuCommandEscapeComma(arg, cpu->model);
        if (cpu->check == VIR_DOMAIN_CPU_CHECK_PARTIAL || cpu->check == VIR_DOMAIN_CPU_CHECK_FULL)
            g_string_append(arg, ",enforce=on");
        break;
    case VIR_DOMAIN_CPU_MODE_LAST:
        return -1;
    }
    if (cpu->migratable == VIR_TRISTATE_SWITCH_OFF)
        g_string_append(arg, ",migratable=off");
    for (i = 0; i < cpu->nfeatures; i++) {
        const virDomainCpuFeatureDef *f = &cpu->features[i];

        switch (f->policy) {
        case VIR_DOMAIN_CPU_FEATURE_FORCE:
        case VIR_DOMAIN_CPU_FEATURE_REQUIRE:
            g_string_append_printf(arg, ",%s=on", f->name);
            break;
        case VIR_DOMAIN_CPU_FEATURE_DISABLE:
        case VIR_DOMAIN_CPU_FEATURE_FORBID:
            g_string_append_printf(arg, ",%s=off", f->name);
            break;
        case VIR_DOMAIN_CPU_FEATURE_OPTIONAL:
        case VIR_DOMAIN_CPU_FEATURE_LAST:
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<cpu><feature policy='optional' name='%1$s'> is not supported yet: the host CPU is not asked"),
                           f->name);
            return -1;
        }
    }
    qemuCommandAddArgPair(ctx, "-cpu", arg->str);
    return 0;
}

/**
 * qemuBuildMachineWideArgs:
 * See qemu_command_priv.h.
 */
int
qemuBuildMachineWideArgs(qemuBuildContext *ctx)
{
    if (qemuBuildCpuArgs(ctx) < 0 ||
        qemuBuildClockArgs(ctx) < 0 ||
        qemuBuildPMArgs(ctx) < 0)
        return -1;
    return qemuBuildLifecycleArgs(ctx);
}
