/*
 * qemu_domcaps.c: what a domain can use here (virsh domcapabilities) and
 * which emulators the host has (virsh capabilities)
 */
#include "qemu_domcaps.h"
#include "networkd_protocol.h"
#include "virerror.h"
#include "virxml.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/**
 * virQEMUDomainCapsHostFree:
 * @host: facts, or NULL
 */
void
virQEMUDomainCapsHostFree(virQEMUDomainCapsHost *host)
{
    if (!host)
        return;
    g_free(host->bridgeHelper);
    g_free(host->bridgeHelperProblem);
    g_free(host->networkdProblem);
    g_free(host->passt);
    g_free(host);
}

/**
 * virQEMUDomainCapsHelperProblem:
 * @path: the resolved helper
 *
 * QEMU execs the helper with its own credentials, which are never root's
 * (session mode: the caller's; system mode: qemu.conf's user), so it only
 * works when it is setuid root.
 * Returns why it cannot work (caller frees), or NULL when it can.
 */
static char *
virQEMUDomainCapsHelperProblem(const char *path)
{
    struct stat st;

    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || access(path, X_OK) < 0)
        return g_strdup_printf(_("'%1$s' is not an executable file"), path);
    if (!(st.st_uid == 0 && (st.st_mode & S_ISUID)))
        return g_strdup_printf(_("'%1$s' is not setuid root, so it cannot create taps for an unprivileged QEMU"),
                               path);
    if (access("/etc/qemu/bridge.conf", R_OK) < 0 && geteuid() == 0)
        return g_strdup(_("/etc/qemu/bridge.conf does not exist, so the helper allows no bridge"));
    return NULL;
}

/**
 * virQEMUDomainCapsNetworkdProbe:
 * @host: facts to fill
 * @timeoutMs: bound on each bus call
 *
 * Asks the system bus whether org.libvirt.Networkd1 has an owner, or can
 * be started by bus activation.
 */
static void
virQEMUDomainCapsNetworkdProbe(virQEMUDomainCapsHost *host, int timeoutMs)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GDBusConnection) bus = NULL;
    g_autoptr(GVariant) owned = NULL;
    g_autoptr(GVariant) activatable = NULL;
    g_autofree char *address = g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SYSTEM, NULL, NULL);

    /* A private connection: the shared one would outlive this call. */
    if (!address ||
        !(bus = g_dbus_connection_new_for_address_sync(address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &err))) {
        host->networkdProblem = g_strdup_printf(_("the system bus is not reachable: %1$s"),
                                                err ? err->message : _("no address"));
        return;
    }
    owned = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                        "org.freedesktop.DBus", "NameHasOwner",
                                        g_variant_new("(s)", VIR_NETWORKD_BUS_NAME),
                                        G_VARIANT_TYPE("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                        timeoutMs, NULL, &err);
    if (owned) {
        gboolean has;

        g_variant_get(owned, "(b)", &has);
        if (has) {
            host->networkdReachable = true;
            goto done;
        }
        activatable = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                  "org.freedesktop.DBus", "ListActivatableNames",
                                                  NULL, G_VARIANT_TYPE("(as)"),
                                                  G_DBUS_CALL_FLAGS_NONE, timeoutMs, NULL, NULL);
        if (activatable) {
            g_autofree const char **names = NULL;

            g_variant_get(activatable, "(^a&s)", &names);
            if (names && g_strv_contains(names, VIR_NETWORKD_BUS_NAME)) {
                host->networkdReachable = true;
                goto done;
            }
        }
        host->networkdProblem = g_strdup_printf(_("%1$s is not running on the system bus and cannot be activated"),
                                                VIR_NETWORKD_BUS_NAME);
    } else {
        host->networkdProblem = g_strdup_printf(_("cannot ask the system bus: %1$s"), err->message);
    }

 done:
    g_dbus_connection_close_sync(bus, NULL, NULL);
}

/**
 * virQEMUDomainCapsHostProbe:
 * @cfg: qemu.conf settings (bridge_helper)
 * @caps: the emulator's capabilities
 * @busTimeoutMs: bound on each D-Bus call
 *
 * Returns the facts (caller frees).  Never fails: what cannot be found
 * ends up as a problem text.
 */
virQEMUDomainCapsHost *
virQEMUDomainCapsHostProbe(const virQEMUConf *cfg, const virQEMUCaps *caps, int busTimeoutMs)
{
    virQEMUDomainCapsHost *host = g_new0(virQEMUDomainCapsHost, 1);

    if ((host->bridgeHelper = virQEMUConfGetBridgeHelper(cfg)))
        host->bridgeHelperProblem = virQEMUDomainCapsHelperProblem(host->bridgeHelper);
    else
        host->bridgeHelperProblem = g_strdup(virGetLastErrorMessage());
    virResetLastError();
    virQEMUDomainCapsNetworkdProbe(host, busTimeoutMs);
    host->passt = g_find_program_in_path("passt");
    host->kvmUsable = virQEMUCapsHostKVMUsable(caps);
    return host;
}

/**
 * virQEMUDomainCapsFormatInterface:
 * @buf: output, inside <devices>
 * @caps: the emulator
 * @host: host facts
 *
 * <interface> with upstream's backendType enum (the usable values only)
 * and one <backend> per backend saying whether it can work here and, when
 * not, why.
 */
static void
virQEMUDomainCapsFormatInterface(virXMLBuf *buf, const virQEMUCaps *caps,
                                 const virQEMUDomainCapsHost *host)
{
    const char *types[] = { "default", "networkd", "bridge-helper", "passt" };
    char *problems[G_N_ELEMENTS(types)] = { NULL };
    size_t i;

    /* networkd hands QEMU a tap fd */
    if (!virQEMUCapsGet(caps, QEMU_CAPS_NETDEV_TAP))
        problems[1] = g_strdup_printf(_("'%1$s' has no -netdev tap"), caps->binary);
    else if (host->networkdProblem)
        problems[1] = g_strdup(host->networkdProblem);
    /* absent/default: networkd for bridge/network/direct, QEMU's own
     * user-mode stack for type='user' -- usable when either is */
    if (problems[1] && !virQEMUCapsGet(caps, QEMU_CAPS_NETDEV_USER))
        problems[0] = g_strdup(problems[1]);
    if (!virQEMUCapsGet(caps, QEMU_CAPS_NETDEV_BRIDGE))
        problems[2] = g_strdup_printf(_("'%1$s' has no -netdev bridge"), caps->binary);
    else if (host->bridgeHelperProblem)
        problems[2] = g_strdup(host->bridgeHelperProblem);
    if (!virQEMUCapsGet(caps, QEMU_CAPS_NETDEV_STREAM))
        problems[3] = g_strdup_printf(_("'%1$s' has no -netdev stream"), caps->binary);
    else if (!host->passt)
        problems[3] = g_strdup(_("passt is not installed"));

    virXMLBufAddLit(buf, "<interface supported='yes'>\n");
    virXMLBufAdjustIndent(buf, 2);
    virXMLBufAddLit(buf, "<enum name='backendType'>\n");
    virXMLBufAdjustIndent(buf, 2);
    for (i = 0; i < G_N_ELEMENTS(types); i++) {
        if (!problems[i])
            virXMLBufAsprintf(buf, "<value>%s</value>\n", types[i]);
    }
    virXMLBufAdjustIndent(buf, -2);
    virXMLBufAddLit(buf, "</enum>\n");
    for (i = 0; i < G_N_ELEMENTS(types); i++) {
        virXMLBufAsprintf(buf, "<backend type='%s' usable='%s'", types[i],
                          problems[i] ? "no" : "yes");
        if (i == 2)  /* bridge-helper: which helper */
            virXMLBufEscapeString(buf, " helper='%s'", host->bridgeHelper);
        virXMLBufEscapeString(buf, " reason='%s'", problems[i]);
        virXMLBufAddLit(buf, "/>\n");
    }
    virXMLBufAdjustIndent(buf, -2);
    virXMLBufAddLit(buf, "</interface>\n");
    for (i = 0; i < G_N_ELEMENTS(types); i++)
        g_free(problems[i]);
}

/**
 * virQEMUDomainCapsFormatModels:
 * @buf: output, inside <interface>'s sibling list
 * @caps: the emulator
 *
 * <enum name='model'> of the NIC models the binary has.
 */
static void
virQEMUDomainCapsFormatModels(virXMLBuf *buf, const virQEMUCaps *caps)
{
    static const struct {
        virQEMUCapsFlag flag;
        const char *model;
    } models[] = {
        { QEMU_CAPS_DEVICE_VIRTIO_NET, "virtio" },
        { QEMU_CAPS_DEVICE_E1000, "e1000" },
        { QEMU_CAPS_DEVICE_E1000E, "e1000e" },
        { QEMU_CAPS_DEVICE_RTL8139, "rtl8139" },
    };
    size_t i;

    virXMLBufAddLit(buf, "<enum name='model'>\n");
    virXMLBufAdjustIndent(buf, 2);
    for (i = 0; i < G_N_ELEMENTS(models); i++) {
        if (virQEMUCapsGet(caps, models[i].flag))
            virXMLBufAsprintf(buf, "<value>%s</value>\n", models[i].model);
    }
    virXMLBufAdjustIndent(buf, -2);
    virXMLBufAddLit(buf, "</enum>\n");
}

/* "7.2.22" from 7002022. */
static char *
virQEMUDomainCapsVersionString(unsigned int version)
{
    return g_strdup_printf("%u.%u.%u", version / 1000000, (version / 1000) % 1000,
                           version % 1000);
}

/**
 * virQEMUDomainCapsFormat:
 * @caps: the emulator's capabilities
 * @host: host facts
 * @machine: machine type asked for, or NULL for the binary's default
 * @virtType: VIR_DOMAIN_VIRT_*, or -1 for kvm when usable else qemu
 *
 * Returns the <domainCapabilities> document (caller frees), or NULL with
 * an error (unknown machine type).
 */
char *
virQEMUDomainCapsFormat(const virQEMUCaps *caps,
                        const virQEMUDomainCapsHost *host,
                        const char *machine,
                        int virtType)
{
    g_auto(virXMLBuf) buf = { 0 };
    g_autofree char *version = virQEMUDomainCapsVersionString(caps->version);
    const char *resolved = machine ? virQEMUCapsResolveMachine(caps, machine)
                                   : virQEMUCapsGetDefaultMachine(caps);
    unsigned int maxCpus = 0;
    size_t i;

    if (!resolved) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("machine type '%1$s' is not supported by '%2$s'"),
                       machine ? machine : "(default)", caps->binary);
        return NULL;
    }
    if (virtType < 0)
        virtType = host->kvmUsable ? VIR_DOMAIN_VIRT_KVM : VIR_DOMAIN_VIRT_QEMU;

    virXMLBufAddLit(&buf, "<domainCapabilities>\n");
    virXMLBufAdjustIndent(&buf, 2);
    virXMLBufEscapeString(&buf, "<path>%s</path>\n", caps->binary);
    virXMLBufAsprintf(&buf, "<version>%s</version>\n", version);
    virXMLBufEscapeString(&buf, "<package>%s</package>\n", caps->package);
    virXMLBufAsprintf(&buf, "<domain>%s</domain>\n", virDomainVirtTypeToString(virtType));
    virXMLBufEscapeString(&buf, "<machine>%s</machine>\n", resolved);
    virXMLBufEscapeString(&buf, "<arch>%s</arch>\n", caps->arch);
    for (i = 0; i < caps->nmachines; i++) {
        if (g_strcmp0(caps->machines[i].name, resolved) == 0)
            maxCpus = caps->machines[i].maxCpus;
    }
    virXMLBufAsprintf(&buf, "<vcpu max='%u'/>\n", maxCpus);

    virXMLBufAddLit(&buf, "<machines>\n");
    virXMLBufAdjustIndent(&buf, 2);
    for (i = 0; i < caps->nmachines; i++) {
        const virQEMUCapsMachine *m = &caps->machines[i];

        virXMLBufEscapeString(&buf, "<machine name='%s'", m->name);
        virXMLBufEscapeString(&buf, " alias='%s'", m->alias);
        if (m->isDefault)
            virXMLBufAddLit(&buf, " default='yes'");
        virXMLBufAsprintf(&buf, " maxCpus='%u'/>\n", m->maxCpus);
    }
    virXMLBufAdjustIndent(&buf, -2);
    virXMLBufAddLit(&buf, "</machines>\n");

    virXMLBufAddLit(&buf, "<accelerators>\n");
    virXMLBufAdjustIndent(&buf, 2);
    virXMLBufAsprintf(&buf, "<accelerator name='tcg' usable='%s'/>\n",
                      virQEMUCapsGet(caps, QEMU_CAPS_ACCEL_TCG) ? "yes" : "no");
    if (!virQEMUCapsGet(caps, QEMU_CAPS_KVM))
        virXMLBufAddLit(&buf, "<accelerator name='kvm' usable='no' reason='not compiled in'/>\n");
    else if (!host->kvmUsable)
        virXMLBufAddLit(&buf, "<accelerator name='kvm' usable='no' reason='/dev/kvm is not usable'/>\n");
    else
        virXMLBufAddLit(&buf, "<accelerator name='kvm' usable='yes'/>\n");
    virXMLBufAdjustIndent(&buf, -2);
    virXMLBufAddLit(&buf, "</accelerators>\n");

    virXMLBufAddLit(&buf, "<devices>\n");
    virXMLBufAdjustIndent(&buf, 2);
    virQEMUDomainCapsFormatInterface(&buf, caps, host);
    virXMLBufAddLit(&buf, "<nic supported='yes'>\n");
    virXMLBufAdjustIndent(&buf, 2);
    virQEMUDomainCapsFormatModels(&buf, caps);
    virXMLBufAdjustIndent(&buf, -2);
    virXMLBufAddLit(&buf, "</nic>\n");
    virXMLBufAdjustIndent(&buf, -2);
    virXMLBufAddLit(&buf, "</devices>\n");
    virXMLBufAdjustIndent(&buf, -2);
    virXMLBufAddLit(&buf, "</domainCapabilities>\n");
    return virXMLBufContentAndReset(&buf);
}

/**
 * virQEMUCapabilitiesFindEmulators:
 * @pathEnv: $PATH-style list, or NULL
 *
 * Returns the qemu-system-* executables found in @pathEnv, /usr/bin and
 * /usr/libexec, first occurrence of each name, sorted by name (caller
 * frees with g_strfreev; empty list when none).
 */
char **
virQEMUCapabilitiesFindEmulators(const char *pathEnv)
{
    g_autofree char *all = g_strdup_printf("%s:/usr/bin:/usr/libexec", pathEnv ? pathEnv : "");
    g_auto(GStrv) dirs = g_strsplit(all, ":", -1);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GList) names = NULL;
    GPtrArray *out = g_ptr_array_new();
    GList *l;
    size_t i;

    for (i = 0; dirs[i]; i++) {
        g_autoptr(GDir) dir = NULL;
        const char *name;

        if (!g_path_is_absolute(dirs[i]) || !(dir = g_dir_open(dirs[i], 0, NULL)))
            continue;
        while ((name = g_dir_read_name(dir))) {
            g_autofree char *path = NULL;

            /* qemu-system-ARCH only: not variants such as Debian's
             * qemu-system-x86_64-microvm, which cannot run every machine */
            if (!g_str_has_prefix(name, "qemu-system-") ||
                strchr(name + strlen("qemu-system-"), '-') ||
                g_hash_table_contains(seen, name))
                continue;
            path = g_build_filename(dirs[i], name, NULL);
            if (g_file_test(path, G_FILE_TEST_IS_REGULAR) && access(path, X_OK) == 0)
                g_hash_table_insert(seen, g_strdup(name), g_steal_pointer(&path));
        }
    }
    names = g_list_sort(g_hash_table_get_keys(seen), (GCompareFunc)strcmp);
    for (l = names; l; l = l->next)
        g_ptr_array_add(out, g_strdup(g_hash_table_lookup(seen, l->data)));
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

/**
 * virQEMUCapabilitiesFormat:
 * @hostArch: the host's architecture ("x86_64")
 * @emulators: capabilities of each emulator found
 * @nemulators: how many
 *
 * Returns the <capabilities> document (caller frees): the host, and one
 * <guest> per emulator with its machine types and domain types.
 */
char *
virQEMUCapabilitiesFormat(const char *hostArch,
                          virQEMUCaps * const *emulators,
                          size_t nemulators)
{
    g_auto(virXMLBuf) buf = { 0 };
    size_t i, j;

    virXMLBufAddLit(&buf, "<capabilities>\n");
    virXMLBufAdjustIndent(&buf, 2);
    virXMLBufAddLit(&buf, "<host>\n");
    virXMLBufAdjustIndent(&buf, 2);
    virXMLBufAddLit(&buf, "<cpu>\n");
    virXMLBufEscapeString(&buf, "  <arch>%s</arch>\n", hostArch);
    virXMLBufAddLit(&buf, "</cpu>\n");
    virXMLBufAdjustIndent(&buf, -2);
    virXMLBufAddLit(&buf, "</host>\n");

    for (i = 0; i < nemulators; i++) {
        const virQEMUCaps *caps = emulators[i];

        virXMLBufAddLit(&buf, "<guest>\n");
        virXMLBufAdjustIndent(&buf, 2);
        virXMLBufAddLit(&buf, "<os_type>hvm</os_type>\n");
        virXMLBufEscapeString(&buf, "<arch name='%s'>\n", caps->arch);
        virXMLBufAdjustIndent(&buf, 2);
        virXMLBufEscapeString(&buf, "<emulator>%s</emulator>\n", caps->binary);
        for (j = 0; j < caps->nmachines; j++) {
            const virQEMUCapsMachine *m = &caps->machines[j];

            virXMLBufAsprintf(&buf, "<machine maxCpus='%u'>", m->maxCpus);
            virXMLBufEscapeString(&buf, "%s</machine>\n", m->name);
            if (m->alias) {
                virXMLBufEscapeString(&buf, "<machine canonical='%s'", m->name);
                virXMLBufAsprintf(&buf, " maxCpus='%u'>", m->maxCpus);
                virXMLBufEscapeString(&buf, "%s</machine>\n", m->alias);
            }
        }
        if (virQEMUCapsGet(caps, QEMU_CAPS_ACCEL_TCG))
            virXMLBufAddLit(&buf, "<domain type='qemu'/>\n");
        if (virQEMUCapsGet(caps, QEMU_CAPS_KVM))
            virXMLBufAddLit(&buf, "<domain type='kvm'/>\n");
        virXMLBufAdjustIndent(&buf, -2);
        virXMLBufAddLit(&buf, "</arch>\n");
        virXMLBufAdjustIndent(&buf, -2);
        virXMLBufAddLit(&buf, "</guest>\n");
    }
    virXMLBufAdjustIndent(&buf, -2);
    virXMLBufAddLit(&buf, "</capabilities>\n");
    return virXMLBufContentAndReset(&buf);
}
