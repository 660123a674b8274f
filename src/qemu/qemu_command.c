/*
 * qemu_command.c: turn a domain definition into a QEMU command line
 *
 * Properties of -netdev, -device and -blockdev are first built as an
 * ordered JSON object; qemuCommandAddProps() then writes that object as
 * JSON or, for binaries without JSON support, flattens it to QEMU's
 * key=value syntax (nested objects become dotted keys, booleans on/off,
 * commas in values doubled).  Building one representation keeps the two
 * syntaxes from drifting apart.
 */
#include "qemu_command.h"
#include "qemu_command_priv.h"
#include "domain_addr.h"
#include "virerror.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "viruuid.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* The -sandbox setting for every domain that does not use the bridge
 * helper: no obsolete syscalls, no setuid, no exec, no scheduler or
 * resource changes. */
#define QEMU_SANDBOX_ARGS "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"
/* The same for a domain whose bridge helper needs no privilege: QEMU must
 * be able to fork and exec it (the helper inherits the filter). */
#define QEMU_SANDBOX_ARGS_SPAWN "on,obsolete=deny,elevateprivileges=deny,resourcecontrol=deny"


/**
 * qemuCommandFree:
 * @cmd: command, or NULL
 */
void
qemuCommandFree(qemuCommand *cmd)
{
    if (!cmd)
        return;
    if (cmd->args)
        g_ptr_array_unref(cmd->args);
    if (cmd->linkDown)
        g_ptr_array_unref(cmd->linkDown);
    g_free(cmd);
}

/* Appends one argument (copied). */
void
qemuCommandAddArg(qemuBuildContext *ctx, const char *arg)
{
    g_ptr_array_add(ctx->cmd->args, g_strdup(arg));
}

/* Appends an option and its value. */
void
qemuCommandAddArgPair(qemuBuildContext *ctx, const char *opt, const char *val)
{
    qemuCommandAddArg(ctx, opt);
    qemuCommandAddArg(ctx, val);
}

/* Appends @str to @buf with every ',' doubled (QEMU's option escaping). */
void
qemuCommandEscapeComma(GString *buf, const char *str)
{
    for (; *str; str++) {
        if (*str == ',')
            g_string_append_c(buf, ',');
        g_string_append_c(buf, *str);
    }
}

/**
 * qemuCommandFlattenProps:
 * @buf: output, key=value pairs separated by ','
 * @prefix: dotted prefix of nested members, or NULL
 * @props: object to flatten
 * @skip: member written bare at the front by the caller, or NULL
 *
 * Returns 0, or -1 with an error for values key=value cannot express.
 */
static int
qemuCommandFlattenProps(GString *buf, const char *prefix, JsonObject *props,
                        const char *skip)
{
    JsonObjectIter iter;
    const char *name;
    JsonNode *node;

    json_object_iter_init_ordered(&iter, props);
    while (json_object_iter_next_ordered(&iter, &name, &node)) {
        g_autofree char *key = prefix ? g_strdup_printf("%s.%s", prefix, name) : g_strdup(name);

        if (skip && strcmp(name, skip) == 0)
            continue;
        if (JSON_NODE_HOLDS_OBJECT(node)) {
            if (qemuCommandFlattenProps(buf, key, json_node_get_object(node), NULL) < 0)
                return -1;
            continue;
        }
        if (!JSON_NODE_HOLDS_VALUE(node)) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("property '%1$s' cannot be written as key=value"), key);
            return -1;
        }
        if (buf->len)
            g_string_append_c(buf, ',');
        g_string_append_printf(buf, "%s=", key);
        switch (json_node_get_value_type(node)) {
        case G_TYPE_BOOLEAN:
            g_string_append(buf, json_node_get_boolean(node) ? "on" : "off");
            break;
        case G_TYPE_INT64:
            g_string_append_printf(buf, "%" G_GINT64_FORMAT, json_node_get_int(node));
            break;
        default:
            qemuCommandEscapeComma(buf, json_node_get_string(node));
            break;
        }
    }
    return 0;
}

/**
 * qemuCommandAddProps:
 * @ctx: build context
 * @opt: "-netdev", "-device" or "-blockdev"
 * @props: the properties, in the order QEMU users expect to read them
 * @typeKey: the member naming the backend/driver ("type", "driver"), which
 *           leads the key=value form without a key
 * @json: write JSON (else key=value)
 *
 * Takes ownership of @props.  Returns 0 or -1 with an error.
 */
int
qemuCommandAddProps(qemuBuildContext *ctx, const char *opt, JsonObject *props,
                    const char *typeKey, bool json)
{
    g_autoptr(JsonObject) owned = props;
    g_autoptr(GString) buf = g_string_new(NULL);

    if (json) {
        g_autoptr(JsonNode) root = json_node_init_object(json_node_alloc(), props);
        g_autoptr(JsonGenerator) gen = json_generator_new();
        g_autofree char *str = NULL;

        json_generator_set_root(gen, root);
        str = json_generator_to_data(gen, NULL);
        qemuCommandAddArgPair(ctx, opt, str);
        return 0;
    }

    qemuCommandEscapeComma(buf, json_object_get_string_member(props, typeKey));
    {
        g_autoptr(GString) rest = g_string_new(NULL);

        if (qemuCommandFlattenProps(rest, NULL, props, typeKey) < 0)
            return -1;
        if (rest->len)
            g_string_append_printf(buf, ",%s", rest->str);
    }
    qemuCommandAddArgPair(ctx, opt, buf->str);
    return 0;
}

/* -name guest=NAME,debug-threads=on */
static void
qemuBuildNameArgs(qemuBuildContext *ctx)
{
    g_autoptr(GString) buf = g_string_new("guest=");

    qemuCommandEscapeComma(buf, ctx->def->name);
    g_string_append(buf, ",debug-threads=on");
    qemuCommandAddArgPair(ctx, "-name", buf->str);
}

/**
 * qemuBuildMachineArgs:
 * @ctx: build context
 *
 * -machine (a type the binary has; its default when the XML names none)
 * and -accel from the domain type.  Returns 0 or -1 with an error.
 */
static int
qemuBuildMachineArgs(qemuBuildContext *ctx)
{
    const virQEMUCaps *caps = ctx->caps;
    const char *machine = ctx->def->os.machine;
    const virQEMUCapsMachine *found = NULL;
    g_autoptr(GString) machineArg = NULL;
    size_t i;

    for (i = 0; i < caps->nmachines; i++) {
        const virQEMUCapsMachine *m = &caps->machines[i];

        if (machine ? (g_strcmp0(m->name, machine) == 0 || g_strcmp0(m->alias, machine) == 0)
                    : m->isDefault)
            found = m;
    }
    if (machine && !found && caps->nmachines > 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("machine type '%1$s' is not supported by '%2$s'"),
                       machine, caps->binary);
        return -1;
    }
    if (!machine)
        machine = found ? found->name : "pc";
    ctx->machine = machine;
    /* q35 and its versioned names, or an alias that resolves to one */
    ctx->q35 = strstr(machine, "q35") || (found && strstr(found->name, "q35"));
    machineArg = g_string_new(NULL);
    qemuCommandEscapeComma(machineArg, machine);
    qemuBuildMachineFeatureProps(ctx, machineArg);
    qemuCommandAddArgPair(ctx, "-machine", machineArg->str);

    switch (ctx->def->virtType) {
    case VIR_DOMAIN_VIRT_KVM:
        if (!virQEMUCapsGet(caps, QEMU_CAPS_KVM)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("domain type 'kvm' needs KVM, which '%1$s' does not have"),
                           caps->binary);
            return -1;
        }
        qemuCommandAddArgPair(ctx, "-accel", "kvm");
        break;
    case VIR_DOMAIN_VIRT_QEMU:
        if (!virQEMUCapsGet(caps, QEMU_CAPS_ACCEL_TCG)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("domain type 'qemu' needs the TCG accelerator, which '%1$s' does not have"),
                           caps->binary);
            return -1;
        }
        qemuCommandAddArgPair(ctx, "-accel", "tcg");
        break;
    case VIR_DOMAIN_VIRT_HVF:
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("domain type 'hvf' needs macOS's Hypervisor.framework, which this host does not have"));
        return -1;
    case VIR_DOMAIN_VIRT_LAST:
        break;
    }
    return 0;
}

/* -m, -smp (qemuBuildSmpArg), -uuid */
static void
qemuBuildSizingArgs(qemuBuildContext *ctx)
{
    const virDomainDef *def = ctx->def;
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *mem = g_strdup_printf("size=%lluk", def->memory);
    g_autofree char *smp = qemuBuildSmpArg(def);

    qemuCommandAddArgPair(ctx, "-m", mem);
    qemuCommandAddArgPair(ctx, "-smp", smp);
    qemuCommandAddArgPair(ctx, "-uuid", virUUIDFormat(ctx->def->uuid, uuid));
}

/* -display none -no-user-config -nodefaults, and the QMP monitor. */
static void
qemuBuildDefaultsArgs(qemuBuildContext *ctx)
{
    g_autoptr(GString) chr = g_string_new("socket,id=charmonitor,");

    qemuCommandAddArgPair(ctx, "-display", "none");
    qemuCommandAddArg(ctx, "-no-user-config");
    qemuCommandAddArg(ctx, "-nodefaults");
    if (ctx->params->monitorFd > 2) {
        g_string_append_printf(chr, "fd=%d", ctx->params->monitorFd);
    } else {
        g_string_append(chr, "path=");
        qemuCommandEscapeComma(chr, ctx->params->monitorPath ? ctx->params->monitorPath
                                                             : "${MONITOR_SOCKET}");
    }
    g_string_append(chr, ",server=on,wait=off");
    qemuCommandAddArgPair(ctx, "-chardev", chr->str);
    qemuCommandAddArgPair(ctx, "-mon", "chardev=charmonitor,id=monitor,mode=control");
}

/* -boot order=..., -kernel, -initrd, -append */
static void
qemuBuildOSArgs(qemuBuildContext *ctx)
{
    const virDomainOSDef *os = &ctx->def->os;
    g_autoptr(GString) order = g_string_new("order=");
    size_t i;

    for (i = 0; i < os->nbootDevs; i++) {
        switch (os->bootDevs[i]) {
        case VIR_DOMAIN_BOOT_HD:
            g_string_append_c(order, 'c');
            break;
        case VIR_DOMAIN_BOOT_CDROM:
            g_string_append_c(order, 'd');
            break;
        case VIR_DOMAIN_BOOT_NETWORK:
            g_string_append_c(order, 'n');
            break;
        case VIR_DOMAIN_BOOT_FD:
            g_string_append_c(order, 'a');
            break;
        case VIR_DOMAIN_BOOT_LAST:
            break;
        }
    }
    if (os->nbootDevs && !os->kernel)
        qemuCommandAddArgPair(ctx, "-boot", order->str);
    if (os->kernel)
        qemuCommandAddArgPair(ctx, "-kernel", os->kernel);
    if (os->initrd)
        qemuCommandAddArgPair(ctx, "-initrd", os->initrd);
    if (os->cmdline)
        qemuCommandAddArgPair(ctx, "-append", os->cmdline);
}

/**
 * qemuBuildDiskIndex:
 * @dst: target name ("vda", "sdb", "hdc", "sdaa")
 *
 * Returns the 0-based index of the letters after the two-letter prefix,
 * or -1 with an error.
 */
static int
qemuBuildDiskIndex(const char *dst)
{
    int idx = virDomainDiskIndexFromName(dst);

    if (idx < 0)
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, _("cannot derive a disk index from target '%1$s'"),
                       dst ? dst : "");
    return idx;
}

/**
 * qemuBuildDiskBlockdev:
 * @ctx: build context
 * @disk: the disk (with a source)
 * @node: node-name prefix ("libvirt-1")
 *
 * The storage node (file or host_device) and the format node on top.
 * Returns 0 or -1 with an error.
 */
static int
qemuBuildDiskBlockdev(qemuBuildContext *ctx, const virDomainDiskDef *disk, const char *node)
{
    g_autofree char *storage = g_strdup_printf("%s-storage", node);
    g_autofree char *format = g_strdup_printf("%s-format", node);
    const char *fmt = disk->driverType ? disk->driverType : "raw";
    JsonObject *file = json_object_new();
    JsonObject *top = json_object_new();

    if (strcmp(fmt, "raw") != 0 && strcmp(fmt, "qcow2") != 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("disk '%1$s': format '%2$s' is not supported (raw or qcow2)"),
                       disk->dst, fmt);
        json_object_unref(file);
        json_object_unref(top);
        return -1;
    }
    switch (disk->type) {
    case VIR_DOMAIN_DISK_TYPE_BLOCK:
        json_object_set_string_member(file, "driver", "host_device");
        break;
    case VIR_DOMAIN_DISK_TYPE_FILE:
    case VIR_DOMAIN_DISK_TYPE_LAST:
        json_object_set_string_member(file, "driver", "file");
        break;
    }
    json_object_set_string_member(file, "filename", disk->src);
    json_object_set_string_member(file, "node-name", storage);
    json_object_set_boolean_member(file, "read-only", disk->readonly);
    if (qemuCommandAddProps(ctx, "-blockdev", file, "driver", true) < 0) {
        json_object_unref(top);
        return -1;
    }
    json_object_set_string_member(top, "driver", fmt);
    json_object_set_string_member(top, "node-name", format);
    json_object_set_boolean_member(top, "read-only", disk->readonly);
    json_object_set_string_member(top, "file", storage);
    /* <backingStore/>: the image's chain ends here, as upstream says it
     * with "backing":null (a raw image has no chain to end) */
    if (qemuBuildDiskNoBacking(disk) && strcmp(fmt, "qcow2") == 0)
        json_object_set_null_member(top, "backing");
    return qemuCommandAddProps(ctx, "-blockdev", top, "driver", true);
}

/**
 * qemuBuildDiskDeviceProps:
 * @ctx: build context
 * @disk: the disk
 * @idx: index of the disk in def->disks
 * @props: filled with driver, bus and id
 *
 * Returns 0 or -1 with an error (a bus the machine does not have).
 */
static int
qemuBuildDiskDeviceProps(qemuBuildContext *ctx, const virDomainDiskDef *disk,
                         size_t idx, JsonObject *props)
{
    bool cdrom = disk->device == VIR_DOMAIN_DISK_DEVICE_CDROM;
    g_autofree char *alias = NULL;
    g_autofree char *bus = NULL;
    int unit;

    if ((unit = qemuBuildDiskIndex(disk->dst)) < 0)
        return -1;
    /* <address type='drive'/>: IDE bus*2+unit, SATA port = unit, SCSI lun
     * = unit; the name-derived position otherwise, as upstream assigns it */
    if (disk->drive.set) {
        if (disk->drive.controller != 0 || disk->drive.target != 0 ||
            (disk->bus != VIR_DOMAIN_DISK_BUS_IDE && disk->drive.bus != 0)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("disk '%1$s': drive address controller %2$u bus %3$u target %4$u is not supported: only controller 0, target 0 (and bus 0-1 for IDE)"),
                           disk->dst, disk->drive.controller, disk->drive.bus, disk->drive.target);
            return -1;
        }
        unit = disk->bus == VIR_DOMAIN_DISK_BUS_IDE ? (int)(disk->drive.bus * 2 + disk->drive.unit)
                                                    : (int)disk->drive.unit;
    }
    switch (disk->bus) {
    case VIR_DOMAIN_DISK_BUS_VIRTIO:
        if (cdrom) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("disk '%1$s': a cdrom cannot be on the virtio bus"), disk->dst);
            return -1;
        }
        json_object_set_string_member(props, "driver", "virtio-blk-pci");
        alias = g_strdup_printf("virtio-disk%d", unit);
        break;
    case VIR_DOMAIN_DISK_BUS_IDE:
        /* i440fx has two IDE buses with two units each; q35 has none */
        if (ctx->q35 || unit >= 4) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("disk '%1$s': machine '%2$s' has no IDE slot for it (q35: use bus='sata'; i440fx: hda..hdd)"),
                           disk->dst, ctx->machine);
            return -1;
        }
        json_object_set_string_member(props, "driver", cdrom ? "ide-cd" : "ide-hd");
        bus = g_strdup_printf("ide.%d", unit / 2);
        json_object_set_string_member(props, "bus", bus);
        json_object_set_int_member(props, "unit", unit % 2);
        alias = g_strdup_printf("ide0-%d-%d", unit / 2, unit % 2);
        break;
    case VIR_DOMAIN_DISK_BUS_SATA:
        /* q35's built-in AHCI controller: six ports, one unit each */
        if (!ctx->q35 || unit >= 6) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("disk '%1$s': machine '%2$s' has no SATA port for it (q35: sda..sdf)"),
                           disk->dst, ctx->machine);
            return -1;
        }
        json_object_set_string_member(props, "driver", cdrom ? "ide-cd" : "ide-hd");
        bus = g_strdup_printf("ide.%d", unit);
        json_object_set_string_member(props, "bus", bus);
        alias = g_strdup_printf("sata0-0-%d", unit);
        break;
    case VIR_DOMAIN_DISK_BUS_SCSI:
        ctx->needSCSI = true;
        json_object_set_string_member(props, "driver", cdrom ? "scsi-cd" : "scsi-hd");
        json_object_set_string_member(props, "bus", "scsi0.0");
        json_object_set_int_member(props, "channel", 0);
        json_object_set_int_member(props, "scsi-id", 0);
        json_object_set_int_member(props, "lun", unit);
        alias = g_strdup_printf("scsi0-0-0-%d", unit);
        break;
    case VIR_DOMAIN_DISK_BUS_LAST:
        virReportError(VIR_ERR_INTERNAL_ERROR, _("disk '%1$s': unknown bus"), disk->dst);
        return -1;
    }
    if (disk->src) {
        g_autofree char *format = g_strdup_printf("libvirt-%zu-format", idx + 1);

        json_object_set_string_member(props, "drive", format);
    }
    json_object_set_string_member(props, "id", disk->alias ? disk->alias : alias);
    /* <boot order='N'/>: firmware boot priority of this disk */
    if (disk->bootIndex)
        json_object_set_int_member(props, "bootindex", disk->bootIndex);
    if (disk->bus == VIR_DOMAIN_DISK_BUS_VIRTIO &&
        qemuBuildPCIAddressProps(ctx, props, &disk->pci, disk->alias ? disk->alias : alias) < 0)
        return -1;
    return 0;
}

/**
 * qemuBuildDiskArgs:
 * @ctx: build context
 *
 * -blockdev nodes and a -device per disk; a virtio-scsi controller first
 * when a disk is on the SCSI bus.  Returns 0 or -1 with an error.
 */
static int
qemuBuildDiskArgs(qemuBuildContext *ctx)
{
    const virDomainDef *def = ctx->def;
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainDiskDef *disk = def->disks[i];
        g_autoptr(JsonObject) props = json_object_new();

        if (!disk->src && disk->device != VIR_DOMAIN_DISK_DEVICE_CDROM) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("disk '%1$s' has no source"), disk->dst);
            return -1;
        }
        if (qemuBuildDiskDeviceProps(ctx, disk, i, props) < 0)
            return -1;
        if (disk->src) {
            g_autofree char *node = g_strdup_printf("libvirt-%zu", i + 1);

            if (qemuBuildDiskBlockdev(ctx, disk, node) < 0)
                return -1;
        }
        g_ptr_array_add(devices, g_steal_pointer(&props));
    }
    if (ctx->needSCSI && !ctx->haveSCSI) {
        JsonObject *ctrl = json_object_new();

        json_object_set_string_member(ctrl, "driver", "virtio-scsi-pci");
        json_object_set_string_member(ctrl, "id", "scsi0");
        if (qemuCommandAddProps(ctx, "-device", ctrl, "driver", json) < 0)
            return -1;
    }
    for (i = 0; i < devices->len; i++) {
        if (qemuCommandAddProps(ctx, "-device", json_object_ref(devices->pdata[i]),
                                "driver", json) < 0)
            return -1;
    }
    return 0;
}

/**
 * qemuBuildChardevSocket:
 * The socket chardev of a unix (path=) or tcp (host=, port=, telnet=on)
 * character device into @buf; QEMU listens (server=on, without waiting
 * for a client) in mode bind.
 */
static void
qemuBuildChardevSocket(GString *buf, const virDomainChrDef *chr, const char *id)
{
    g_string_append_printf(buf, "socket,id=%s", id);
    if (chr->type == VIR_DOMAIN_CHR_TYPE_UNIX) {
        g_string_append(buf, ",path=");
        qemuCommandEscapeComma(buf, chr->path);
    } else {
        if (chr->host)
            g_string_append_printf(buf, ",host=%s", chr->host);
        g_string_append_printf(buf, ",port=%s", chr->service);
        if (chr->protocol == VIR_DOMAIN_CHR_PROTOCOL_TELNET)
            g_string_append(buf, ",telnet=on");
    }
    if (chr->mode == VIR_DOMAIN_CHR_SOURCE_MODE_BIND)
        g_string_append(buf, ",server=on,wait=off");
}

/**
 * qemuBuildChardevArg:
 * @ctx: build context
 * @chr: serial or console
 * @id: chardev id ("charserial0")
 *
 * Returns 0 or -1 with an error.
 */
static int
qemuBuildChardevArg(qemuBuildContext *ctx, const virDomainChrDef *chr, const char *id)
{
    g_autoptr(GString) buf = g_string_new(NULL);

    switch (chr->type) {
    case VIR_DOMAIN_CHR_TYPE_PTY:
        g_string_append_printf(buf, "pty,id=%s", id);
        break;
    case VIR_DOMAIN_CHR_TYPE_NULL:
        g_string_append_printf(buf, "null,id=%s", id);
        break;
    case VIR_DOMAIN_CHR_TYPE_FILE:
        if (!chr->path) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("character device '%1$s' of type 'file' has no path"), id);
            return -1;
        }
        g_string_append_printf(buf, "file,id=%s,path=", id);
        qemuCommandEscapeComma(buf, chr->path);
        break;
    case VIR_DOMAIN_CHR_TYPE_UNIX:
    case VIR_DOMAIN_CHR_TYPE_TCP:
        qemuBuildChardevSocket(buf, chr, id);
        break;
    case VIR_DOMAIN_CHR_TYPE_LAST:
        virReportError(VIR_ERR_INTERNAL_ERROR, _("character device '%1$s': unknown type"), id);
        return -1;
    }
    qemuCommandAddArgPair(ctx, "-chardev", buf->str);
    return 0;
}

/* A chardev and an isa-serial device for serial port @port. */
static int
qemuBuildSerialPort(qemuBuildContext *ctx, const virDomainChrDef *chr, int port,
                    const char *alias)
{
    g_autofree char *id = g_strdup_printf("char%s", alias);
    JsonObject *props = json_object_new();

    if (qemuBuildChardevArg(ctx, chr, id) < 0) {
        json_object_unref(props);
        return -1;
    }
    json_object_set_string_member(props, "driver", "isa-serial");
    json_object_set_string_member(props, "chardev", id);
    json_object_set_string_member(props, "id", alias);
    json_object_set_int_member(props, "index", port);
    return qemuCommandAddProps(ctx, "-device", props, "driver",
                               virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON));
}

/**
 * qemuBuildVirtioSerialEnsure:
 * See qemu_command_priv.h.
 */
int
qemuBuildVirtioSerialEnsure(qemuBuildContext *ctx)
{
    JsonObject *props;

    if (ctx->haveVirtioSerial)
        return 0;
    props = json_object_new();
    json_object_set_string_member(props, "driver", "virtio-serial-pci");
    json_object_set_string_member(props, "id", "virtio-serial0");
    ctx->haveVirtioSerial = true;
    return qemuCommandAddProps(ctx, "-device", props, "driver",
                               virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON));
}

/**
 * qemuBuildChrPort:
 * The port of serial @i of @def: its <target port=>, else its index.
 */
static int
qemuBuildChrPort(const virDomainDef *def, size_t i)
{
    return def->serials[i]->targetPort >= 0 ? def->serials[i]->targetPort : (int)i;
}

/**
 * qemuBuildChrConsoleIsSerial:
 * Whether console @chr is (or makes) a serial port: target type serial
 * or none.
 */
static bool
qemuBuildChrConsoleIsSerial(const virDomainChrDef *chr)
{
    return !chr->targetType || strcmp(chr->targetType, "serial") == 0;
}

/**
 * qemuBuildChrSharedSerial:
 * The serial port a console of target type serial at port @port is, or
 * NULL when the domain has none there (the console then makes its own).
 */
static const virDomainChrDef *
qemuBuildChrSharedSerial(const virDomainDef *def, int port)
{
    size_t j;

    for (j = 0; j < def->nserials; j++) {
        if (qemuBuildChrPort(def, j) == port)
            return def->serials[j];
    }
    return NULL;
}

/**
 * qemuBuildChrAlias:
 * See qemu_command.h.
 */
char *
qemuBuildChrAlias(const virDomainDef *def, const virDomainChrDef *chr)
{
    size_t i;

    for (i = 0; i < def->nserials; i++) {
        if (def->serials[i] == chr)
            return chr->alias ? g_strdup(chr->alias)
                              : g_strdup_printf("serial%d", qemuBuildChrPort(def, i));
    }
    for (i = 0; i < def->nconsoles; i++) {
        int port = chr->targetPort >= 0 ? chr->targetPort : 0;
        const virDomainChrDef *serial;

        if (def->consoles[i] != chr)
            continue;
        if (!qemuBuildChrConsoleIsSerial(chr))
            return chr->alias ? g_strdup(chr->alias) : g_strdup_printf("console%zu", i);
        if ((serial = qemuBuildChrSharedSerial(def, port)))
            return qemuBuildChrAlias(def, serial);
        return g_strdup_printf("serial%d", port);
    }
    return g_strdup("");
}

/**
 * qemuBuildChrArgs:
 * @ctx: build context
 *
 * Serial ports, then consoles: a console of target type serial is the
 * serial port with the same number (as upstream) and only gets its own
 * port when there is none; a virtio console is a virtconsole on a
 * virtio-serial controller.  Returns 0 or -1 with an error.
 */
static int
qemuBuildChrArgs(qemuBuildContext *ctx)
{
    const virDomainDef *def = ctx->def;
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    size_t i;

    for (i = 0; i < def->nserials; i++) {
        const virDomainChrDef *chr = def->serials[i];
        int port = qemuBuildChrPort(def, i);
        g_autofree char *alias = qemuBuildChrAlias(def, chr);

        if (port > 3) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("serial port %1$d is not supported (0-3)"), port);
            return -1;
        }
        if (qemuBuildSerialPort(ctx, chr, port, alias) < 0)
            return -1;
    }

    for (i = 0; i < def->nconsoles; i++) {
        const virDomainChrDef *chr = def->consoles[i];
        int port = chr->targetPort >= 0 ? chr->targetPort : 0;
        g_autofree char *alias = qemuBuildChrAlias(def, chr);

        if (qemuBuildChrConsoleIsSerial(chr)) {
            if (qemuBuildChrSharedSerial(def, port))
                continue;
            if (qemuBuildSerialPort(ctx, chr, port, alias) < 0)
                return -1;
        } else if (strcmp(chr->targetType, "virtio") == 0) {
            g_autofree char *id = g_strdup_printf("char%s", alias);
            JsonObject *props;

            if (qemuBuildVirtioSerialEnsure(ctx) < 0)
                return -1;
            if (qemuBuildChardevArg(ctx, chr, id) < 0)
                return -1;
            props = json_object_new();
            json_object_set_string_member(props, "driver", "virtconsole");
            json_object_set_string_member(props, "chardev", id);
            json_object_set_string_member(props, "id", alias);
            if (qemuCommandAddProps(ctx, "-device", props, "driver", json) < 0)
                return -1;
        } else {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("console target type '%1$s' is not supported (serial or virtio)"),
                           chr->targetType);
            return -1;
        }
    }
    return 0;
}

/**
 * qemuBuildSandboxArgs:
 * @ctx: build context
 *
 * -sandbox on,...,spawn=deny when the binary supports it and qemu.conf
 * does not turn it off.  A domain using the bridge helper must be able
 * to exec it: spawn is allowed when the helper needs no privilege
 * (libvirt-bridge-helper), and there is no -sandbox at all when it is
 * setuid or has file capabilities, because any "-sandbox on" also sets
 * no_new_privs on QEMU (NoNewPrivs: 1 with QEMU 7.2), under which the
 * helper would run without its privileges.  That is the price of the
 * setuid path.
 */
static void
qemuBuildSandboxArgs(qemuBuildContext *ctx)
{
    if (ctx->params->seccompSandbox == 0 ||
        !virQEMUCapsGet(ctx->caps, QEMU_CAPS_SANDBOX))
        return;
    if (!ctx->usesBridgeHelper)
        qemuCommandAddArgPair(ctx, "-sandbox", QEMU_SANDBOX_ARGS);
    else if (!ctx->params->bridgeHelperPrivileged)
        qemuCommandAddArgPair(ctx, "-sandbox", QEMU_SANDBOX_ARGS_SPAWN);
}

/* Children of <domain> kept verbatim that change nothing in the guest. */
static const char * const qemuBuildAnnotations[] = { "metadata", NULL };

/* Children of <devices> kept verbatim that change nothing in the guest:
 * none (an <audio> backend other than none and spice would play on the
 * host's sound system, which is not done). */
static const char * const qemuBuildDeviceAnnotations[] = { NULL };

/**
 * qemuBuildRefuseUnmodelled:
 * @what: where the elements are ("", "<os>", "<devices>")
 * @list: kept elements
 * @n: their number
 * @annotations: names that may stay unacted on, or NULL
 *
 * Returns 0, or -1 with an error naming the first kept element that
 * would change the guest: the domain must not start without it.
 */
static int
qemuBuildRefuseUnmodelled(const char *what, const virDomainUnmodelled *list,
                          size_t n, const char * const *annotations)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (annotations && g_strv_contains(annotations, list[i].name))
            continue;
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("%1$s<%2$s> is kept in the definition but not acted on yet: the domain cannot start with it"),
                       what, list[i].name);
        return -1;
    }
    return 0;
}

/**
 * qemuBuildRefuseUnacted:
 * @def: the domain
 *
 * What the definition keeps but the builder does not act on makes the
 * start fail, naming it, rather than start a guest without it: <vcpu
 * placement='auto' (numad is not asked), <os firmware=>, every kept
 * element but <metadata>, and what disks, interfaces, serials and
 * consoles keep (qemu_command_kept.c).  (<vcpu cpuset=> is the process's
 * CPU affinity, set at spawn: qemu_process.c.)
 * Returns 0 or -1 with an error.
 */
static int
qemuBuildRefuseUnacted(const virDomainDef *def)
{
    if (def->vcpuPlacement == VIR_DOMAIN_CPU_PLACEMENT_AUTO) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<vcpu placement='auto'> is not supported yet: it needs numad's advice, which is not asked"));
        return -1;
    }
    if (def->os.firmware) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<os firmware='%1$s'> is kept in the definition but not acted on yet: the domain cannot start with it"),
                       def->os.firmware);
        return -1;
    }
    if (qemuBuildRefuseUnmodelled("", def->unmodelled, def->nunmodelled,
                                  qemuBuildAnnotations) < 0 ||
        qemuBuildRefuseUnmodelled("<features>", def->featuresKept, def->nfeaturesKept,
                                  NULL) < 0 ||
        qemuBuildRefuseUnmodelled("<os>", def->os.unmodelled, def->os.nunmodelled,
                                  NULL) < 0 ||
        qemuBuildRefuseUnmodelled("<devices>", def->unmodelledDevices,
                                  def->nunmodelledDevices, qemuBuildDeviceAnnotations) < 0 ||
        qemuBuildRefuseKeptDevices(def) < 0)
        return -1;
    return 0;
}

/**
 * qemuBuildKeptAnnotations:
 * See qemu_command.h.
 */
char *
qemuBuildKeptAnnotations(const virDomainDef *def)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    size_t i;

    for (i = 0; i < def->nunmodelled; i++) {
        const char *name = def->unmodelled[i].name;

        if (g_strv_contains(qemuBuildAnnotations, name) &&
            !g_ptr_array_find_with_equal_func(names, name, g_str_equal, NULL))
            g_ptr_array_add(names, (char *)name);
    }
    if (names->len == 0)
        return NULL;
    g_ptr_array_add(names, NULL);
    return g_strjoinv(", ", (char **)names->pdata);
}

/**
 * qemuBuildCommandLine:
 * @def: the domain (parsed, post-parsed and validated)
 * @caps: capabilities of the emulator that runs it
 * @params: what the caller supplies (monitor path, helper, fds)
 *
 * Returns the command (caller frees), or NULL with one error reported.
 */
qemuCommand *
qemuBuildCommandLine(const virDomainDef *def,
                     const virQEMUCaps *caps,
                     const qemuCommandParams *params)
{
    g_autoptr(qemuCommand) cmd = g_new0(qemuCommand, 1);
    qemuBuildContext ctx = { .def = def, .caps = caps, .params = params, .cmd = cmd };

    cmd->args = g_ptr_array_new_with_free_func(g_free);
    cmd->linkDown = g_ptr_array_new_with_free_func(g_free);
    ctx.usesBridgeHelper = virDomainDefUsesBridgeHelper(def);

    if (qemuBuildRefuseUnacted(def) < 0)
        return NULL;
    qemuCommandAddArg(&ctx, def->emulator ? def->emulator : caps->binary);
    qemuBuildNameArgs(&ctx);
    qemuCommandAddArg(&ctx, "-S");
    if (qemuBuildMachineArgs(&ctx) < 0)
        return NULL;
    qemuBuildSizingArgs(&ctx);
    if (qemuBuildMachineWideArgs(&ctx) < 0)
        return NULL;
    qemuBuildDefaultsArgs(&ctx);
    qemuBuildOSArgs(&ctx);
    if (qemuBuildControllerArgs(&ctx) < 0 ||
        qemuBuildDiskArgs(&ctx) < 0 ||
        qemuBuildNetArgs(&ctx) < 0 ||
        qemuBuildChrArgs(&ctx) < 0 ||
        qemuBuildInputArgs(&ctx) < 0 ||
        qemuBuildGraphicsArgs(&ctx) < 0 ||
        qemuBuildSoundArgs(&ctx) < 0 ||
        qemuBuildRedirdevArgs(&ctx) < 0 ||
        qemuBuildSmallDeviceArgs(&ctx) < 0 ||
        qemuBuildWatchdogArgs(&ctx) < 0)
        return NULL;
    qemuBuildSandboxArgs(&ctx);
    qemuCommandAddArgPair(&ctx, "-msg", "timestamp=on");

    g_ptr_array_add(cmd->args, NULL);
    return g_steal_pointer(&cmd);
}

/* Quotes @arg for a POSIX shell when it needs it. */
static char *
qemuCommandQuoteArg(const char *arg)
{
    const char *p;

    if (!*arg)
        return g_strdup("''");
    for (p = arg; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-_./=,:@+%", *p))
            return g_shell_quote(arg);
    }
    return g_strdup(arg);
}

/**
 * qemuCommandFormat:
 * @cmd: the command
 * @style: one line, or one option (with its value) per line
 *
 * Returns the command as shell words (caller frees).
 */
char *
qemuCommandFormat(const qemuCommand *cmd, qemuCommandFormatStyle style)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    size_t i;

    for (i = 0; i < cmd->args->len && cmd->args->pdata[i]; i++) {
        const char *arg = cmd->args->pdata[i];
        g_autofree char *quoted = qemuCommandQuoteArg(arg);

        if (i > 0) {
            if (style == QEMU_COMMAND_FORMAT_MULTI_LINE && arg[0] == '-')
                g_string_append(buf, " \\\n");
            else
                g_string_append_c(buf, ' ');
        }
        g_string_append(buf, quoted);
    }
    if (style == QEMU_COMMAND_FORMAT_MULTI_LINE)
        g_string_append_c(buf, '\n');
    return g_string_free(g_steal_pointer(&buf), FALSE);
}
