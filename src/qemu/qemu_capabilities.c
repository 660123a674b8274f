/*
 * qemu_capabilities.c: what a QEMU binary can do, probed over QMP
 *
 * Probing starts the binary with no guest (-machine none, TCG) and a QMP
 * monitor on an inherited socketpair, then asks a fixed list of queries
 * (virQEMUCapsProbeMonitor).  The flags come from tables: QAPI schema paths,
 * QOM type names, device properties and command-line option parameters.
 * Nothing is inferred from the version number.
 *
 * Starting and stopping the process is behind virQEMUCapsProbeOps so the
 * tests replay recorded conversations through the very same query code.
 * The cache (qemu_capabilities_cache.c) decides when to probe.
 */
#include "qemu_capabilities.h"
#include "qemu_monitor.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* Names of the flags in the cache XML; keep in the order of the enum. */
VIR_ENUM_IMPL(virQEMUCaps, QEMU_CAPS_LAST,
              "netdev-bridge",
              "netdev-tap",
              "netdev-user",
              "netdev-stream",
              "netdev-stream-reconnect",
              "netdev-json",
              "device-json",
              "virtio-net-pci",
              "e1000",
              "e1000e",
              "rtl8139",
              "kvm",
              "kvm-enabled",
              "sandbox",
              "tcg",
              "virtio-net-host-mtu",
              "vnc",
              "spice",
              "chardev-spicevmc",
              "usb-redir",
              "qxl",
              "virtio-vga",
              "virtio-gpu-pci",
              "vga",
              "bochs-display",
              "cirrus-vga",
              "ich9-intel-hda",
              "intel-hda",
              "ac97",
              "i6300esb",
              "pvpanic",
              "machine-acpi");

/* Schema paths (see virQEMUCapsSchemaQuery for the syntax). */
static const struct {
    const char *path;
    virQEMUCapsFlag flag;
} virQEMUCapsSchemaQueries[] = {
    { "netdev_add/arg-type/+bridge", QEMU_CAPS_NETDEV_BRIDGE },
    { "netdev_add/arg-type/+tap", QEMU_CAPS_NETDEV_TAP },
    { "netdev_add/arg-type/+user", QEMU_CAPS_NETDEV_USER },
    { "netdev_add/arg-type/+stream", QEMU_CAPS_NETDEV_STREAM },
    { "netdev_add/arg-type/+stream/reconnect", QEMU_CAPS_NETDEV_STREAM_RECONNECT },
    /* -netdev parses JSON through the QAPI Netdev type since QEMU 7.2,
     * which came with the same series as the 'dgram' (and 'stream')
     * netdevs.  The schema has no feature flag for the command line
     * syntax, so the 'dgram' value of the netdev type enum marks it. */
    { "netdev_add/arg-type/type/^dgram", QEMU_CAPS_NETDEV_JSON },
    /* 'json-cli' (6.2) says -device takes JSON; 'json-cli-hotplug' (7.0)
     * that such devices also behave like hotplugged ones for device_del.
     * Require the latter so one JSON form serves both paths. */
    { "device_add/$json-cli-hotplug", QEMU_CAPS_DEVICE_JSON },
    /* the display servers' query commands exist only when built in */
    { "query-vnc", QEMU_CAPS_VNC },
    { "query-spice", QEMU_CAPS_SPICE },
    { "chardev-add/arg-type/backend/+spicevmc", QEMU_CAPS_CHARDEV_SPICEVMC },
};

/* QOM types: qom-list-types {"implements": "device"} and "accel". */
static const struct {
    const char *type;
    virQEMUCapsFlag flag;
} virQEMUCapsObjectTypes[] = {
    { "virtio-net-pci", QEMU_CAPS_DEVICE_VIRTIO_NET },
    { "e1000", QEMU_CAPS_DEVICE_E1000 },
    { "e1000e", QEMU_CAPS_DEVICE_E1000E },
    { "rtl8139", QEMU_CAPS_DEVICE_RTL8139 },
    { "tcg-accel", QEMU_CAPS_ACCEL_TCG },
    { "usb-redir", QEMU_CAPS_DEVICE_USB_REDIR },
    { "qxl-vga", QEMU_CAPS_DEVICE_QXL },
    { "virtio-vga", QEMU_CAPS_DEVICE_VIRTIO_VGA },
    { "virtio-gpu-pci", QEMU_CAPS_DEVICE_VIRTIO_GPU },
    { "VGA", QEMU_CAPS_DEVICE_VGA },
    { "bochs-display", QEMU_CAPS_DEVICE_BOCHS_DISPLAY },
    { "cirrus-vga", QEMU_CAPS_DEVICE_CIRRUS_VGA },
    { "ich9-intel-hda", QEMU_CAPS_DEVICE_ICH9_HDA },
    { "intel-hda", QEMU_CAPS_DEVICE_INTEL_HDA },
    { "AC97", QEMU_CAPS_DEVICE_AC97 },
    { "i6300esb", QEMU_CAPS_DEVICE_I6300ESB },
    { "pvpanic", QEMU_CAPS_DEVICE_PVPANIC },
};

/* Device properties: device-list-properties, asked only for present types. */
static const struct {
    const char *type;
    const char *prop;
    virQEMUCapsFlag flag;
} virQEMUCapsDeviceProps[] = {
    { "virtio-net-pci", "host_mtu", QEMU_CAPS_VIRTIO_NET_HOST_MTU },
};

/* Command-line option parameters: query-command-line-options. */
static const struct {
    const char *option;
    const char *param;
    virQEMUCapsFlag flag;
} virQEMUCapsCommandLine[] = {
    { "sandbox", "spawn", QEMU_CAPS_SANDBOX },
};

/* How long QEMU may take to exit after "quit" before it is killed. */
#define VIR_QEMU_CAPS_REAP_TIMEOUT_MS 3000
/* How much of QEMU's stderr is quoted when it fails to start. */
#define VIR_QEMU_CAPS_STDERR_MAX 4096

/**
 * virQEMUCapsNew:
 * Returns empty capabilities (no flags, no machines); free with
 * virQEMUCapsFree().
 */
virQEMUCaps *
virQEMUCapsNew(void)
{
    return g_new0(virQEMUCaps, 1);
}

/**
 * virQEMUCapsFree:
 * Frees @caps and everything it owns.  NULL is fine.
 */
void
virQEMUCapsFree(virQEMUCaps *caps)
{
    size_t i;

    if (!caps)
        return;
    for (i = 0; i < caps->nmachines; i++) {
        g_free(caps->machines[i].name);
        g_free(caps->machines[i].alias);
    }
    g_free(caps->machines);
    g_free(caps->binary);
    g_free(caps->package);
    g_free(caps->arch);
    g_free(caps->selfVersion);
    g_free(caps);
}

/**
 * virQEMUCapsSet:
 * Sets @flag in @caps.
 */
void
virQEMUCapsSet(virQEMUCaps *caps, virQEMUCapsFlag flag)
{
    g_assert(flag < QEMU_CAPS_LAST);
    caps->flags[flag / 8] |= 1u << (flag % 8);
}

/**
 * virQEMUCapsClear:
 * Clears @flag in @caps.
 */
void
virQEMUCapsClear(virQEMUCaps *caps, virQEMUCapsFlag flag)
{
    g_assert(flag < QEMU_CAPS_LAST);
    caps->flags[flag / 8] &= ~(1u << (flag % 8));
}

/**
 * virQEMUCapsGet:
 * Returns whether @flag is set in @caps (false for NULL @caps).
 */
bool
virQEMUCapsGet(const virQEMUCaps *caps, virQEMUCapsFlag flag)
{
    if (!caps || flag >= QEMU_CAPS_LAST)
        return false;
    return (caps->flags[flag / 8] >> (flag % 8)) & 1;
}

/**
 * virQEMUCapsAddMachine:
 * Appends a machine type; @name and @alias are copied.
 */
void
virQEMUCapsAddMachine(virQEMUCaps *caps,
                      const char *name,
                      const char *alias,
                      bool isDefault,
                      unsigned int maxCpus)
{
    virQEMUCapsMachine *m;

    caps->machines = g_renew(virQEMUCapsMachine, caps->machines, caps->nmachines + 1);
    m = &caps->machines[caps->nmachines++];
    m->name = g_strdup(name);
    m->alias = g_strdup(alias);
    m->isDefault = isDefault;
    m->maxCpus = maxCpus;
}

/**
 * virQEMUCapsGetDefaultMachine:
 * Returns the default machine type's name (borrowed), or NULL.
 */
const char *
virQEMUCapsGetDefaultMachine(const virQEMUCaps *caps)
{
    size_t i;

    for (i = 0; i < caps->nmachines; i++) {
        if (caps->machines[i].isDefault)
            return caps->machines[i].name;
    }
    return NULL;
}

/**
 * virQEMUCapsResolveMachine:
 * Returns the machine type that @name (a name or an alias such as "pc")
 * stands for (borrowed), or NULL when the binary has no such machine.
 */
const char *
virQEMUCapsResolveMachine(const virQEMUCaps *caps, const char *name)
{
    size_t i;

    for (i = 0; i < caps->nmachines; i++) {
        if (g_strcmp0(caps->machines[i].name, name) == 0 ||
            g_strcmp0(caps->machines[i].alias, name) == 0)
            return caps->machines[i].name;
    }
    return NULL;
}

/**
 * virQEMUCapsHostKVMUsable:
 * Returns whether KVM is compiled into the binary (QEMU_CAPS_KVM) and this
 * process can open /dev/kvm read-write now.  Host state, so never cached.
 */
bool
virQEMUCapsHostKVMUsable(const virQEMUCaps *caps)
{
    return virQEMUCapsGet(caps, QEMU_CAPS_KVM) &&
           access("/dev/kvm", R_OK | W_OK) == 0;
}


/* ---- QAPI schema introspection ---------------------------------------- */

/**
 * virQEMUCapsSchemaIndex:
 * @reply: the "return" value of query-qmp-schema (borrowed; must outlive
 *         the result)
 *
 * Returns a table from entity name to its JsonObject (borrowed from
 * @reply), or NULL with an error when the reply is not a schema.
 */
static GHashTable *
virQEMUCapsSchemaIndex(JsonNode *reply)
{
    g_autoptr(GHashTable) schema = g_hash_table_new(g_str_hash, g_str_equal);
    JsonArray *arr;
    guint i;

    if (!JSON_NODE_HOLDS_ARRAY(reply)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("query-qmp-schema did not return an array"));
        return NULL;
    }
    arr = json_node_get_array(reply);
    for (i = 0; i < json_array_get_length(arr); i++) {
        JsonNode *n = json_array_get_element(arr, i);
        const char *name;

        if (!JSON_NODE_HOLDS_OBJECT(n) ||
            !(name = virQEMUJSONGetString(json_node_get_object(n), "name"))) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("malformed entry in query-qmp-schema reply"));
            return NULL;
        }
        g_hash_table_insert(schema, (gpointer)name, json_node_get_object(n));
    }
    return g_steal_pointer(&schema);
}

/**
 * virQEMUCapsSchemaArrayHas:
 * Returns whether the array member @member of @obj holds the string @value,
 * or an object whose "name" (or @key) is @value.
 */
static bool
virQEMUCapsSchemaArrayHas(JsonObject *obj, const char *member,
                          const char *key, const char *value)
{
    JsonArray *arr = virQEMUJSONGetArray(obj, member);
    guint i;

    for (i = 0; arr && i < json_array_get_length(arr); i++) {
        JsonNode *n = json_array_get_element(arr, i);

        if (JSON_NODE_HOLDS_VALUE(n) &&
            json_node_get_value_type(n) == G_TYPE_STRING &&
            strcmp(json_node_get_string(n), value) == 0)
            return true;
        if (JSON_NODE_HOLDS_OBJECT(n) &&
            g_strcmp0(virQEMUJSONGetString(json_node_get_object(n), key), value) == 0)
            return true;
    }
    return false;
}

/**
 * virQEMUCapsSchemaType:
 * Returns the entity called @name, looking through arrays to their
 * element type, or NULL.
 */
static JsonObject *
virQEMUCapsSchemaType(GHashTable *schema, const char *name)
{
    JsonObject *ent = name ? g_hash_table_lookup(schema, name) : NULL;
    int depth;

    for (depth = 0; ent && depth < 8; depth++) {
        if (g_strcmp0(virQEMUJSONGetString(ent, "meta-type"), "array") != 0)
            return ent;
        ent = g_hash_table_lookup(schema, virQEMUJSONGetString(ent, "element-type"));
    }
    return NULL;
}

/**
 * virQEMUCapsSchemaStep:
 * Applies one path element to the entity @cur.  Returns the entity the
 * path continues from (borrowed), or NULL when the step does not match.
 */
static JsonObject *
virQEMUCapsSchemaStep(GHashTable *schema, JsonObject *cur, const char *step)
{
    JsonArray *arr;
    guint i;

    switch (step[0]) {
    case '+':   /* a variant of a union, by its tag value */
        arr = virQEMUJSONGetArray(cur, "variants");
        for (i = 0; arr && i < json_array_get_length(arr); i++) {
            JsonObject *v = json_array_get_object_element(arr, i);

            if (v && g_strcmp0(virQEMUJSONGetString(v, "case"), step + 1) == 0)
                return virQEMUCapsSchemaType(schema, virQEMUJSONGetString(v, "type"));
        }
        return NULL;
    case '^':   /* a value of an enum */
        if (virQEMUCapsSchemaArrayHas(cur, "values", "name", step + 1) ||
            virQEMUCapsSchemaArrayHas(cur, "members", "name", step + 1))
            return cur;
        return NULL;
    case '$':   /* a feature of the current entity */
        return virQEMUCapsSchemaArrayHas(cur, "features", "name", step + 1) ? cur : NULL;
    default:
        break;
    }

    if (strcmp(step, "arg-type") == 0 || strcmp(step, "ret-type") == 0)
        return virQEMUCapsSchemaType(schema, virQEMUJSONGetString(cur, step));

    /* a member of an object, continuing from the member's type */
    arr = virQEMUJSONGetArray(cur, "members");
    for (i = 0; arr && i < json_array_get_length(arr); i++) {
        JsonObject *m = json_array_get_object_element(arr, i);

        if (m && g_strcmp0(virQEMUJSONGetString(m, "name"), step) == 0)
            return virQEMUCapsSchemaType(schema, virQEMUJSONGetString(m, "type"));
    }
    return NULL;
}

/**
 * virQEMUCapsSchemaQuery:
 * @path: "ENTITY/STEP/STEP..." where ENTITY is a command or event name and
 *        each STEP is one of
 *          arg-type, ret-type  the command's argument or return type
 *          NAME                the object member NAME (continue from its type)
 *          +CASE               the union variant whose tag value is CASE
 *          ^VALUE              the enum has VALUE
 *          $FEATURE            the current entity has FEATURE
 *
 * Returns whether the whole path resolves in @schema.
 */
static bool
virQEMUCapsSchemaQuery(GHashTable *schema, const char *path)
{
    g_auto(GStrv) steps = g_strsplit(path, "/", 0);
    JsonObject *cur = g_hash_table_lookup(schema, steps[0]);
    size_t i;

    for (i = 1; cur && steps[i]; i++)
        cur = virQEMUCapsSchemaStep(schema, cur, steps[i]);
    return cur != NULL;
}


/* ---- the probe conversation ------------------------------------------- */

/**
 * virQEMUCapsProbeVersion:
 * query-version and query-target.  Returns 0 or -1 with an error.
 */
static int
virQEMUCapsProbeVersion(virQEMUCaps *caps, virQEMUMonitor *mon)
{
    g_autoptr(JsonNode) ver = NULL;
    g_autoptr(JsonNode) target = NULL;
    JsonObject *qemu;
    long long major, minor, micro;

    if (virQEMUMonitorCommand(mon, "query-version", NULL, &ver) < 0 ||
        virQEMUMonitorCommand(mon, "query-target", NULL, &target) < 0)
        return -1;

    qemu = JSON_NODE_HOLDS_OBJECT(ver)
        ? virQEMUJSONGetObject(json_node_get_object(ver), "qemu") : NULL;
    if (virQEMUJSONGetNumber(qemu, "major", &major) < 0 ||
        virQEMUJSONGetNumber(qemu, "minor", &minor) < 0 ||
        virQEMUJSONGetNumber(qemu, "micro", &micro) < 0 ||
        major < 0 || major > 999 || minor < 0 || minor > 999 ||
        micro < 0 || micro > 999) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("malformed query-version reply"));
        return -1;
    }
    caps->version = major * 1000000 + minor * 1000 + micro;
    caps->package = g_strdup(virQEMUJSONGetString(json_node_get_object(ver), "package"));

    if (!JSON_NODE_HOLDS_OBJECT(target) ||
        !virQEMUJSONGetString(json_node_get_object(target), "arch")) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("malformed query-target reply"));
        return -1;
    }
    caps->arch = g_strdup(virQEMUJSONGetString(json_node_get_object(target), "arch"));
    return 0;
}

/**
 * virQEMUCapsProbeSchema:
 * query-qmp-schema through virQEMUCapsSchemaQueries.  Returns 0 or -1.
 */
static int
virQEMUCapsProbeSchema(virQEMUCaps *caps, virQEMUMonitor *mon)
{
    g_autoptr(JsonNode) reply = NULL;
    g_autoptr(GHashTable) schema = NULL;
    size_t i;

    if (virQEMUMonitorCommand(mon, "query-qmp-schema", NULL, &reply) < 0 ||
        !(schema = virQEMUCapsSchemaIndex(reply)))
        return -1;

    for (i = 0; i < G_N_ELEMENTS(virQEMUCapsSchemaQueries); i++) {
        if (virQEMUCapsSchemaQuery(schema, virQEMUCapsSchemaQueries[i].path))
            virQEMUCapsSet(caps, virQEMUCapsSchemaQueries[i].flag);
    }
    return 0;
}

/**
 * virQEMUCapsProbeKVM:
 * query-kvm: "present" means compiled in.  Whether it is usable is host
 * state (virQEMUCapsHostKVMUsable); the probe itself runs on TCG.
 */
static int
virQEMUCapsProbeKVM(virQEMUCaps *caps, virQEMUMonitor *mon)
{
    g_autoptr(JsonNode) reply = NULL;

    if (virQEMUMonitorCommand(mon, "query-kvm", NULL, &reply) < 0)
        return -1;
    if (JSON_NODE_HOLDS_OBJECT(reply) &&
        virQEMUJSONGetBool(json_node_get_object(reply), "present", false))
        virQEMUCapsSet(caps, QEMU_CAPS_KVM);
    return 0;
}

/**
 * virQEMUCapsMachineCompare:
 * Orders machines by name, so the cache and golden files are stable.
 */
static int
virQEMUCapsMachineCompare(const void *a, const void *b)
{
    const virQEMUCapsMachine *ma = a;
    const virQEMUCapsMachine *mb = b;

    return strcmp(ma->name, mb->name);
}

/**
 * virQEMUCapsProbeMachines:
 * query-machines: names, aliases, the default, maximum vCPUs, and
 * whether QEMU says which machines have ACPI (QEMU_CAPS_MACHINE_ACPI).
 */
static int
virQEMUCapsProbeMachines(virQEMUCaps *caps, virQEMUMonitor *mon)
{
    g_autoptr(JsonNode) reply = NULL;
    JsonArray *arr;
    guint i;

    if (virQEMUMonitorCommand(mon, "query-machines", NULL, &reply) < 0)
        return -1;
    if (!JSON_NODE_HOLDS_ARRAY(reply)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("query-machines did not return an array"));
        return -1;
    }
    arr = json_node_get_array(reply);
    for (i = 0; i < json_array_get_length(arr); i++) {
        JsonObject *m = json_array_get_object_element(arr, i);
        const char *name = virQEMUJSONGetString(m, "name");
        long long maxCpus = 0;

        if (!name) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("query-machines entry without a name"));
            return -1;
        }
        if (virQEMUJSONGetNumber(m, "cpu-max", &maxCpus) < 0 ||
            maxCpus < 0 || maxCpus > G_MAXUINT)
            maxCpus = 0;
        virQEMUCapsAddMachine(caps, name, virQEMUJSONGetString(m, "alias"),
                              virQEMUJSONGetBool(m, "is-default", false),
                              maxCpus);
        if (json_object_has_member(m, "acpi"))
            virQEMUCapsSet(caps, QEMU_CAPS_MACHINE_ACPI);
    }
    if (caps->nmachines)
        qsort(caps->machines, caps->nmachines, sizeof(*caps->machines),
              virQEMUCapsMachineCompare);
    return 0;
}

/**
 * virQEMUCapsProbeTypes:
 * qom-list-types for accelerators and devices (non-abstract), through
 * virQEMUCapsObjectTypes.  Returns 0 or -1.
 */
static int
virQEMUCapsProbeTypes(virQEMUCaps *caps, virQEMUMonitor *mon)
{
    static const char *const bases[] = { "accel", "device" };
    size_t b;

    for (b = 0; b < G_N_ELEMENTS(bases); b++) {
        g_autoptr(JsonObject) args = json_object_new();
        g_autoptr(JsonNode) reply = NULL;
        JsonArray *arr;
        guint i;
        size_t t;

        json_object_set_string_member(args, "implements", bases[b]);
        json_object_set_boolean_member(args, "abstract", false);
        if (virQEMUMonitorCommand(mon, "qom-list-types", args, &reply) < 0)
            return -1;
        if (!JSON_NODE_HOLDS_ARRAY(reply)) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("qom-list-types did not return an array"));
            return -1;
        }
        arr = json_node_get_array(reply);
        for (i = 0; i < json_array_get_length(arr); i++) {
            const char *name = virQEMUJSONGetString(json_array_get_object_element(arr, i),
                                                    "name");

            for (t = 0; name && t < G_N_ELEMENTS(virQEMUCapsObjectTypes); t++) {
                if (strcmp(name, virQEMUCapsObjectTypes[t].type) == 0)
                    virQEMUCapsSet(caps, virQEMUCapsObjectTypes[t].flag);
            }
        }
    }
    return 0;
}

/**
 * virQEMUCapsTypeFlag:
 * Returns the flag that says QOM type @type exists, or QEMU_CAPS_LAST.
 */
static virQEMUCapsFlag
virQEMUCapsTypeFlag(const char *type)
{
    size_t t;

    for (t = 0; t < G_N_ELEMENTS(virQEMUCapsObjectTypes); t++) {
        if (strcmp(type, virQEMUCapsObjectTypes[t].type) == 0)
            return virQEMUCapsObjectTypes[t].flag;
    }
    return QEMU_CAPS_LAST;
}

/**
 * virQEMUCapsProbeDeviceProps:
 * device-list-properties for each present type of virQEMUCapsDeviceProps.
 */
static int
virQEMUCapsProbeDeviceProps(virQEMUCaps *caps, virQEMUMonitor *mon)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virQEMUCapsDeviceProps); i++) {
        g_autoptr(JsonObject) args = json_object_new();
        g_autoptr(JsonNode) reply = NULL;
        virQEMUCapsFlag present = virQEMUCapsTypeFlag(virQEMUCapsDeviceProps[i].type);
        JsonArray *arr;
        guint j;

        if (present != QEMU_CAPS_LAST && !virQEMUCapsGet(caps, present))
            continue;
        json_object_set_string_member(args, "typename", virQEMUCapsDeviceProps[i].type);
        if (virQEMUMonitorCommand(mon, "device-list-properties", args, &reply) < 0)
            return -1;
        arr = JSON_NODE_HOLDS_ARRAY(reply) ? json_node_get_array(reply) : NULL;
        for (j = 0; arr && j < json_array_get_length(arr); j++) {
            const char *name = virQEMUJSONGetString(json_array_get_object_element(arr, j),
                                                    "name");

            if (g_strcmp0(name, virQEMUCapsDeviceProps[i].prop) == 0)
                virQEMUCapsSet(caps, virQEMUCapsDeviceProps[i].flag);
        }
    }
    return 0;
}

/**
 * virQEMUCapsProbeCommandLine:
 * query-command-line-options for each option of virQEMUCapsCommandLine.
 * QEMU answers an error for an option it lacks (e.g. -sandbox without
 * seccomp): that means "absent", not failure.
 */
static int
virQEMUCapsProbeCommandLine(virQEMUCaps *caps, virQEMUMonitor *mon)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virQEMUCapsCommandLine); i++) {
        g_autoptr(JsonObject) args = json_object_new();
        g_autoptr(JsonNode) reply = NULL;
        JsonArray *arr;
        guint j;
        int rc;

        json_object_set_string_member(args, "option", virQEMUCapsCommandLine[i].option);
        rc = virQEMUMonitorCommand(mon, "query-command-line-options", args, &reply);
        if (rc == -2) {
            virResetLastError();
            continue;
        }
        if (rc < 0)
            return -1;
        arr = JSON_NODE_HOLDS_ARRAY(reply) ? json_node_get_array(reply) : NULL;
        for (j = 0; arr && j < json_array_get_length(arr); j++) {
            JsonObject *opt = json_array_get_object_element(arr, j);

            if (g_strcmp0(virQEMUJSONGetString(opt, "option"),
                          virQEMUCapsCommandLine[i].option) == 0 &&
                virQEMUCapsSchemaArrayHas(opt, "parameters", "name",
                                          virQEMUCapsCommandLine[i].param))
                virQEMUCapsSet(caps, virQEMUCapsCommandLine[i].flag);
        }
    }
    return 0;
}

/**
 * virQEMUCapsProbeMonitor:
 * @mon: a connected monitor, before the handshake
 * @binary: the binary's path, recorded in the result
 *
 * Runs the whole probe conversation: handshake, the queries in a fixed
 * order, then "quit" and waiting for QEMU to close the monitor.  Returns
 * new capabilities (without the cache key), or NULL with an error.
 */
virQEMUCaps *
virQEMUCapsProbeMonitor(virQEMUMonitor *mon, const char *binary)
{
    g_autoptr(virQEMUCaps) caps = virQEMUCapsNew();

    caps->binary = g_strdup(binary);

    if (virQEMUMonitorHandshake(mon) < 0 ||
        virQEMUCapsProbeVersion(caps, mon) < 0 ||
        virQEMUCapsProbeSchema(caps, mon) < 0 ||
        virQEMUCapsProbeKVM(caps, mon) < 0 ||
        virQEMUCapsProbeMachines(caps, mon) < 0 ||
        virQEMUCapsProbeTypes(caps, mon) < 0 ||
        virQEMUCapsProbeDeviceProps(caps, mon) < 0 ||
        virQEMUCapsProbeCommandLine(caps, mon) < 0)
        return NULL;

    if (virQEMUMonitorCommand(mon, "quit", NULL, NULL) < 0 ||
        virQEMUMonitorWaitClose(mon, VIR_QEMU_CAPS_REAP_TIMEOUT_MS) < 0)
        return NULL;

    return g_steal_pointer(&caps);
}


/* ---- the probe process ------------------------------------------------- */

struct _virQEMUCapsProcess {
    char *binary;
    GPid pid;
    int stderrFd;   /* a memfd: QEMU can never block writing to it */
};

/**
 * virQEMUCapsProcessFree:
 * Frees @proc (which must have been reaped).  NULL is fine.
 */
static void
virQEMUCapsProcessFree(virQEMUCapsProcess *proc)
{
    if (!proc)
        return;
    virFileForceClose(&proc->stderrFd);
    g_free(proc->binary);
    g_free(proc);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUCapsProcess, virQEMUCapsProcessFree);

/**
 * virQEMUCapsProcessStart:
 * @binary: the QEMU binary
 * @proc: set to the running process (stop it with virQEMUCapsProcessStop)
 *
 * Starts @binary paused with no guest and a QMP monitor on one end of a
 * socketpair (passed as fd 3, "-chardev socket,fd=3"), so there is no
 * socket path to race on and nothing to clean up in the file system.
 * Returns a monitor on the other end (not yet handshaken), or NULL with an
 * error reported.
 */
virQEMUMonitor *
virQEMUCapsProcessStart(const char *binary, virQEMUCapsProcess **proc)
{
    const char *argv[] = {
        binary,
        "-S", "-no-user-config", "-nodefaults", "-nographic",
        "-machine", "none", "-accel", "tcg",
        "-chardev", "socket,id=qmp,fd=3",
        "-mon", "chardev=qmp,mode=control",
        NULL,
    };
    g_autoptr(virQEMUCapsProcess) p = g_new0(virQEMUCapsProcess, 1);
    g_auto(GStrv) envp = g_environ_setenv(g_get_environ(), "LC_ALL", "C", TRUE);
    g_autoptr(GError) err = NULL;
    int sv[2] = { -1, -1 };
    VIR_AUTOCLOSE ours = -1;
    VIR_AUTOCLOSE theirs = -1;
    int target = 3;

    p->stderrFd = -1;
    p->binary = g_strdup(binary);
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        virReportSystemError(errno, "%s", _("cannot create a socketpair"));
        return NULL;
    }
    ours = sv[0];
    theirs = sv[1];
    if ((p->stderrFd = memfd_create("qemu-probe-stderr", MFD_CLOEXEC)) < 0) {
        virReportSystemError(errno, "%s", _("cannot create a memfd"));
        return NULL;
    }

    if (!g_spawn_async_with_pipes_and_fds(NULL, argv, (const char * const *)envp,
                                          G_SPAWN_DO_NOT_REAP_CHILD |
                                          G_SPAWN_STDIN_FROM_DEV_NULL |
                                          G_SPAWN_STDOUT_TO_DEV_NULL,
                                          NULL, NULL,
                                          -1, -1, p->stderrFd,
                                          &theirs, &target, 1,
                                          &p->pid, NULL, NULL, NULL, &err)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot start QEMU '%1$s': %2$s"), binary, err->message);
        return NULL;
    }
    virFileForceClose(&theirs);

    *proc = g_steal_pointer(&p);
    {
        int fd = ours;

        ours = -1;
        return virQEMUMonitorNew(fd);
    }
}

/**
 * virQEMUCapsProcessReportStderr:
 * Replaces the last error with what QEMU printed on stderr (if anything):
 * a failing probe is usually explained there.
 */
static void
virQEMUCapsProcessReportStderr(virQEMUCapsProcess *proc)
{
    char buf[VIR_QEMU_CAPS_STDERR_MAX + 1];
    ssize_t n = pread(proc->stderrFd, buf, VIR_QEMU_CAPS_STDERR_MAX, 0);

    if (n <= 0)
        return;
    buf[n] = '\0';
    g_strstrip(buf);
    if (!*buf)
        return;
    /* What QEMU said explains more than "closed the monitor" does. */
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("cannot probe QEMU '%1$s': %2$s"), proc->binary, buf);
}

/**
 * virQEMUCapsProcessStop:
 * @proc: the process (freed here)
 * @failed: the conversation failed: kill at once, and add QEMU's stderr
 *          to the last error
 *
 * Waits for QEMU to exit (up to VIR_QEMU_CAPS_REAP_TIMEOUT_MS after
 * "quit"), else kills it with SIGKILL; always reaps it.
 */
void
virQEMUCapsProcessStop(virQEMUCapsProcess *proc, bool failed)
{
    g_autoptr(virQEMUCapsProcess) p = proc;
    gint64 deadline = g_get_monotonic_time() + VIR_QEMU_CAPS_REAP_TIMEOUT_MS * 1000;
    gulong delay = 500;
    int status;

    if (!p)
        return;
    if (failed)
        kill(p->pid, SIGKILL);

    for (;;) {
        pid_t r = waitpid(p->pid, &status, WNOHANG);

        if (r == p->pid || (r < 0 && errno != EINTR))
            break;
        if (r == 0 && g_get_monotonic_time() >= deadline) {
            kill(p->pid, SIGKILL);
            while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
                ;
            break;
        }
        g_usleep(delay);
        delay = MIN(delay * 2, 20000);
    }

    if (failed)
        virQEMUCapsProcessReportStderr(p);
}

/**
 * virQEMUCapsProbeSpawnStart, virQEMUCapsProbeSpawnStop:
 * The default probe operations: a real QEMU process.
 */
static virQEMUMonitor *
virQEMUCapsProbeSpawnStart(const char *binary, void *opaque, void **handle)
{
    virQEMUCapsProcess *proc = NULL;
    virQEMUMonitor *mon = virQEMUCapsProcessStart(binary, &proc);

    if (!mon) {
        virQEMUCapsProcessStop(proc, true);
        return NULL;
    }
    *handle = proc;
    return mon;
}

static void
virQEMUCapsProbeSpawnStop(void *handle, bool failed, void *opaque)
{
    virQEMUCapsProcessStop(handle, failed);
}

const virQEMUCapsProbeOps virQEMUCapsProbeOpsProcess = {
    .start = virQEMUCapsProbeSpawnStart,
    .stop = virQEMUCapsProbeSpawnStop,
};

/**
 * virQEMUCapsProbe:
 * @binary: the QEMU binary
 * @ops: how to start and stop it (NULL: virQEMUCapsProbeOpsProcess)
 * @opaque: passed to @ops
 *
 * Probes @binary.  Returns new capabilities without the cache key, or
 * NULL with an error reported.
 */
virQEMUCaps *
virQEMUCapsProbe(const char *binary, const virQEMUCapsProbeOps *ops, void *opaque)
{
    g_autoptr(virQEMUMonitor) mon = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    void *handle = NULL;

    if (!ops)
        ops = &virQEMUCapsProbeOpsProcess;
    if (!(mon = ops->start(binary, opaque, &handle)))
        return NULL;

    caps = virQEMUCapsProbeMonitor(mon, binary);
    /* Close our end first: a QEMU that did not get "quit" sees EOF. */
    g_clear_pointer(&mon, virQEMUMonitorFree);
    ops->stop(handle, caps == NULL, opaque);
    return g_steal_pointer(&caps);
}
