/*
 * virsh-network.c: the virtual network commands (upstream's net-*)
 *
 *   net-define FILE, net-create FILE, net-edit, net-undefine, net-start,
 *   net-destroy, net-autostart [--disable], net-list, net-info,
 *   net-dumpxml [--inactive], net-name, net-uuid, net-dhcp-leases
 *
 * Networks belong to libvirt-networkd, not to the QEMU driver: the same
 * networks are seen from qemu:///session and qemu:///system, and every
 * command talks to the daemon on the system bus as the calling user
 * (polkit decides what the user may change; anyone may look).  None of
 * them opens the QEMU driver.  Names, options, output and messages are
 * upstream virsh's.
 */
#include "virsh.h"

#include "networkd_client_network.h"
#include "virerror.h"
#include "virfile.h"
#include "viruuid.h"

#include <string.h>
#include <time.h>

#define VIR_FROM_THIS VIR_FROM_VIRSH

/* Network XML is small; the daemon refuses anything larger anyway. */
#define VIRSH_NETWORK_XML_MAX (1024 * 1024)

/**
 * virshCommandOptNetwork:
 * @ctl: the shell
 * @cmd: a command with a "network" option
 * @name: if not NULL, set to the string the user gave (borrowed)
 *
 * Looks the network up by name or UUID (the daemon decides which it is).
 * Returns it (caller frees), or NULL after printing "failed to get
 * network 'X'", with the reason left for the command's error report.
 */
static virNetworkdNetworkInfo *
virshCommandOptNetwork(vshControl *ctl, const vshCmd *cmd, const char **name)
{
    const char *str = vshCommandOptString(cmd, "network");
    virNetworkdNetworkInfo *net;

    if (name)
        *name = str;
    if (!(net = virNetworkdNetworkLookup(str)))
        vshError(ctl, _("failed to get network '%1$s'"), str);
    return net;
}

static const vshCmdOptDef opts_network[] = {
    { "network", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("network name or uuid") },
    { NULL, 0, 0, NULL },
};

static const vshCmdOptDef opts_network_file[] = {
    { "file", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("file containing an XML network description") },
    { NULL, 0, 0, NULL },
};

/* ---- net-define, net-create ---------------------------------------------- */

/**
 * cmdNetworkDefineOrCreate:
 * @create: net-create (a transient network, started) rather than net-define
 */
static bool
cmdNetworkDefineOrCreate(vshControl *ctl, const vshCmd *cmd, bool create)
{
    const char *from = vshCommandOptString(cmd, "file");
    g_autofree char *xml = NULL;
    g_autoptr(virNetworkdNetworkInfo) net = NULL;

    if (virFileReadAll(from, VIRSH_NETWORK_XML_MAX, &xml) < 0)
        return false;

    net = create ? virNetworkdNetworkCreate(xml) : virNetworkdNetworkDefine(xml);
    if (!net) {
        if (create)
            vshError(ctl, _("Failed to create network from %1$s"), from);
        else
            vshError(ctl, _("Failed to define network from %1$s"), from);
        return false;
    }
    if (create)
        vshPrintExtra(ctl, _("Network %1$s created from %2$s\n"), net->name, from);
    else
        vshPrintExtra(ctl, _("Network %1$s defined from %2$s\n"), net->name, from);
    return true;
}

/** cmdNetworkDefine: "net-define FILE". */
static bool
cmdNetworkDefine(vshControl *ctl, const vshCmd *cmd)
{
    return cmdNetworkDefineOrCreate(ctl, cmd, false);
}

/** cmdNetworkCreate: "net-create FILE". */
static bool
cmdNetworkCreate(vshControl *ctl, const vshCmd *cmd)
{
    return cmdNetworkDefineOrCreate(ctl, cmd, true);
}

/* ---- net-edit ------------------------------------------------------------- */

/**
 * virshNetworkEditGetXML:
 * The stored definition of the network named @opaque (caller frees), or
 * NULL with an error.
 */
static char *
virshNetworkEditGetXML(vshControl *ctl G_GNUC_UNUSED, void *opaque)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;

    if (!(net = virNetworkdNetworkLookup(opaque)))
        return NULL;
    return virNetworkdNetworkGetXMLDesc(net, VIR_NETWORKD_NETWORK_XML_INACTIVE);
}

/**
 * virshNetworkEditDefine:
 * Defines the edited network (the daemon always validates: @relax is
 * never set, net-edit offers no "i").
 */
static bool
virshNetworkEditDefine(vshControl *ctl G_GNUC_UNUSED, const char *xml,
                       bool relax G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virNetworkdNetworkInfo) net = virNetworkdNetworkDefine(xml);

    return net != NULL;
}

/**
 * cmdNetworkEdit:
 * "net-edit NETWORK": the stored XML through $VISUAL / $EDITOR, then
 * defined again when changed (see virsh-edit.c).
 */
static bool
cmdNetworkEdit(vshControl *ctl, const vshCmd *cmd)
{
    static const virshEditOps ops = {
        .getXML = virshNetworkEditGetXML,
        .define = virshNetworkEditDefine,
        .relaxAvail = false,
    };
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    g_autofree char *name = NULL;
    bool changed;

    if (!(net = virshCommandOptNetwork(ctl, cmd, NULL)))
        return false;
    /* by name from here on: a UUID given on the command line names the
     * same network, and the name is what the messages show */
    name = g_strdup(net->name);
    if (!virshEditRun(ctl, &ops, name, &changed))
        return false;
    if (changed)
        vshPrintExtra(ctl, _("Network %1$s XML configuration edited.\n"), name);
    else
        vshPrintExtra(ctl, _("Network %1$s XML configuration not changed.\n"), name);
    return true;
}

/* ---- net-undefine, net-start, net-destroy --------------------------------- */

/**
 * cmdNetworkUndefine:
 * Removes the stored definition (an active network runs on, transient).
 */
static bool
cmdNetworkUndefine(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    const char *name;

    if (!(net = virshCommandOptNetwork(ctl, cmd, &name)))
        return false;
    if (virNetworkdNetworkUndefine(net) < 0) {
        vshError(ctl, _("Failed to undefine network %1$s"), name);
        return false;
    }
    vshPrintExtra(ctl, _("Network %1$s has been undefined\n"), name);
    return true;
}

/** cmdNetworkStart: "net-start NETWORK". */
static bool
cmdNetworkStart(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    const char *name;

    if (!(net = virshCommandOptNetwork(ctl, cmd, &name)))
        return false;
    if (virNetworkdNetworkStart(net) < 0) {
        vshError(ctl, _("Failed to start network %1$s"), name);
        return false;
    }
    vshPrintExtra(ctl, _("Network %1$s started\n"), name);
    return true;
}

/** cmdNetworkDestroy: "net-destroy NETWORK". */
static bool
cmdNetworkDestroy(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    const char *name;

    if (!(net = virshCommandOptNetwork(ctl, cmd, &name)))
        return false;
    if (virNetworkdNetworkDestroy(net) < 0) {
        vshError(ctl, _("Failed to destroy network %1$s"), name);
        return false;
    }
    vshPrintExtra(ctl, _("Network %1$s destroyed\n"), name);
    return true;
}

/* ---- net-autostart -------------------------------------------------------- */

static const vshCmdOptDef opts_network_autostart[] = {
    { "network", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("network name or uuid") },
    { "disable", VSH_OT_BOOL, 0, N_("do not start it with the daemon") },
    { NULL, 0, 0, NULL },
};

/** cmdNetworkAutostart: "net-autostart NETWORK [--disable]". */
static bool
cmdNetworkAutostart(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    bool autostart = !vshCommandOptBool(cmd, "disable");
    const char *name;

    if (!(net = virshCommandOptNetwork(ctl, cmd, &name)))
        return false;
    if (virNetworkdNetworkSetAutostart(net, autostart) < 0) {
        if (autostart)
            vshError(ctl, _("failed to mark network %1$s as autostarted"), name);
        else
            vshError(ctl, _("failed to unmark network %1$s as autostarted"), name);
        return false;
    }
    if (autostart)
        vshPrintExtra(ctl, _("Network %1$s marked as autostarted\n"), name);
    else
        vshPrintExtra(ctl, _("Network %1$s unmarked as autostarted\n"), name);
    return true;
}

/* ---- net-list ------------------------------------------------------------- */

static const vshCmdOptDef opts_network_list[] = {
    { "inactive", VSH_OT_BOOL, 0, N_("list inactive networks") },
    { "all", VSH_OT_BOOL, 0, N_("list inactive & active networks") },
    { "persistent", VSH_OT_BOOL, 0, N_("list persistent networks") },
    { "transient", VSH_OT_BOOL, 0, N_("list transient networks") },
    { "autostart", VSH_OT_BOOL, 0, N_("list networks with autostart enabled") },
    { "no-autostart", VSH_OT_BOOL, 0, N_("list networks with autostart disabled") },
    { "uuid", VSH_OT_BOOL, 0, N_("list uuid's only") },
    { "name", VSH_OT_BOOL, 0, N_("list network names only") },
    { NULL, 0, 0, NULL },
};

/* By name, ignoring case, as upstream sorts. */
static gint
virshNetworkCompare(gconstpointer a, gconstpointer b)
{
    const virNetworkdNetworkInfo *na = *(virNetworkdNetworkInfo * const *)a;
    const virNetworkdNetworkInfo *nb = *(virNetworkdNetworkInfo * const *)b;

    return g_ascii_strcasecmp(na->name, nb->name);
}

/**
 * virshNetworkListMatch:
 * Whether @net passes net-list's filters: each pair of options (active /
 * inactive, persistent / transient, autostart / no-autostart) filters
 * only when one of the two is given.
 */
static bool
virshNetworkListMatch(const vshCmd *cmd, const virNetworkdNetworkInfo *net)
{
    bool all = vshCommandOptBool(cmd, "all");
    bool inactive = vshCommandOptBool(cmd, "inactive");
    bool persistent = vshCommandOptBool(cmd, "persistent");
    bool transient = vshCommandOptBool(cmd, "transient");
    bool autostart = vshCommandOptBool(cmd, "autostart");
    bool noAutostart = vshCommandOptBool(cmd, "no-autostart");

    if (!all && (inactive ? net->active : !net->active))
        return false;
    if (persistent != transient && persistent != net->persistent)
        return false;
    if (autostart != noAutostart && autostart != net->autostart)
        return false;
    return true;
}

/**
 * cmdNetworkList:
 * The active networks (--inactive: the others; --all: both) as upstream's
 * table, or only names / UUIDs.
 */
static bool
cmdNetworkList(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(GPtrArray) nets = NULL;
    g_autoptr(vshTable) table = NULL;
    bool optName = vshCommandOptBool(cmd, "name");
    bool optUUID = vshCommandOptBool(cmd, "uuid");
    size_t i;

    if (!(nets = virNetworkdNetworkList())) {
        vshError(ctl, "%s", _("Failed to list networks"));
        return false;
    }
    g_ptr_array_sort(nets, virshNetworkCompare);

    if (!optName && !optUUID)
        table = vshTableNew(_("Name"), _("State"), _("Autostart"), _("Persistent"), NULL);

    for (i = 0; i < nets->len; i++) {
        const virNetworkdNetworkInfo *net = g_ptr_array_index(nets, i);

        if (!virshNetworkListMatch(cmd, net))
            continue;
        if (table)
            vshTableRowAppend(table, net->name,
                              net->active ? _("active") : _("inactive"),
                              net->autostart ? _("yes") : _("no"),
                              net->persistent ? _("yes") : _("no"),
                              NULL);
        else if (optName && optUUID)
            vshPrint(ctl, "%s  %s\n", net->uuid, net->name);
        else
            vshPrint(ctl, "%s\n", optUUID ? net->uuid : net->name);
    }
    if (table)
        vshTablePrint(ctl, table);
    return true;
}

/* ---- net-info, net-dumpxml, net-name, net-uuid ----------------------------- */

/** cmdNetworkInfo: upstream's "Name: ... Bridge:" lines. */
static bool
cmdNetworkInfo(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;

    if (!(net = virshCommandOptNetwork(ctl, cmd, NULL)))
        return false;
    vshPrint(ctl, "%-15s %s\n", _("Name:"), net->name);
    vshPrint(ctl, "%-15s %s\n", _("UUID:"), net->uuid);
    vshPrint(ctl, "%-15s %s\n", _("Active:"), net->active ? _("yes") : _("no"));
    vshPrint(ctl, "%-15s %s\n", _("Persistent:"), net->persistent ? _("yes") : _("no"));
    vshPrint(ctl, "%-15s %s\n", _("Autostart:"), net->autostart ? _("yes") : _("no"));
    if (*net->bridge)
        vshPrint(ctl, "%-15s %s\n", _("Bridge:"), net->bridge);
    return true;
}

static const vshCmdOptDef opts_network_dumpxml[] = {
    { "network", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("network name or uuid") },
    { "inactive", VSH_OT_BOOL, 0,
      N_("show the stored definition, not the running one") },
    { NULL, 0, 0, NULL },
};

/** cmdNetworkDumpXML: the live XML, or the stored one with --inactive. */
static bool
cmdNetworkDumpXML(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    g_autofree char *xml = NULL;
    unsigned int flags = 0;

    if (vshCommandOptBool(cmd, "inactive"))
        flags |= VIR_NETWORKD_NETWORK_XML_INACTIVE;
    if (!(net = virshCommandOptNetwork(ctl, cmd, NULL)))
        return false;
    if (!(xml = virNetworkdNetworkGetXMLDesc(net, flags)))
        return false;
    vshPrint(ctl, "%s", xml);
    return true;
}

static const vshCmdOptDef opts_network_name[] = {
    { "network", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("network uuid") },
    { NULL, 0, 0, NULL },
};

/** cmdNetworkName: "net-name UUID" prints the name. */
static bool
cmdNetworkName(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    const char *str = vshCommandOptString(cmd, "network");
    unsigned char uuid[VIR_UUID_BUFLEN];

    if (virUUIDParse(str, uuid) < 0) {
        virResetLastError();
        vshError(ctl, _("failed to get network '%1$s'"), str);
        virReportError(VIR_ERR_INVALID_ARG, _("'%1$s' is not a network UUID"), str);
        return false;
    }
    if (!(net = virshCommandOptNetwork(ctl, cmd, NULL)))
        return false;
    vshPrint(ctl, "%s\n", net->name);
    return true;
}

static const vshCmdOptDef opts_network_uuid[] = {
    { "network", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("network name") },
    { NULL, 0, 0, NULL },
};

/** cmdNetworkUUID: "net-uuid NAME" prints the UUID. */
static bool
cmdNetworkUUID(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;

    if (!(net = virshCommandOptNetwork(ctl, cmd, NULL)))
        return false;
    vshPrint(ctl, "%s\n", net->uuid);
    return true;
}

/* ---- net-dhcp-leases ------------------------------------------------------ */

static const vshCmdOptDef opts_network_dhcp_leases[] = {
    { "network", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("network name or uuid") },
    { "mac", VSH_OT_STRING, 0, N_("MAC address") },
    { NULL, 0, 0, NULL },
};

/* By MAC, then address, so a listing is stable. */
static gint
virshNetworkLeaseCompare(gconstpointer a, gconstpointer b)
{
    const virNetworkdLease *la = *(virNetworkdLease * const *)a;
    const virNetworkdLease *lb = *(virNetworkdLease * const *)b;
    int rc = g_strcmp0(la->mac, lb->mac);

    return rc ? rc : g_strcmp0(la->ipAddress, lb->ipAddress);
}

/**
 * virshNetworkLeaseExpiry:
 * Returns the expiry time as upstream prints it (local time), or "-" for
 * a lease that never expires (caller frees).
 */
static char *
virshNetworkLeaseExpiry(guint64 expiry)
{
    g_autoptr(GDateTime) dt = NULL;

    if (expiry == 0 || !(dt = g_date_time_new_from_unix_local(expiry)))
        return g_strdup("-");
    return g_date_time_format(dt, "%Y-%m-%d %H:%M:%S");
}

/**
 * cmdNetworkDHCPLeases:
 * The leases the daemon shows the caller (their own guests', or all of
 * them to administrators), as upstream's table.
 */
static bool
cmdNetworkDHCPLeases(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdNetworkInfo) net = NULL;
    g_autoptr(GPtrArray) leases = NULL;
    g_autoptr(vshTable) table = NULL;
    const char *name;
    size_t i;

    if (!(net = virshCommandOptNetwork(ctl, cmd, &name)))
        return false;
    if (!(leases = virNetworkdNetworkGetDHCPLeases(net, vshCommandOptString(cmd, "mac")))) {
        vshError(ctl, _("Failed to get leases info for %1$s"), name);
        return false;
    }
    g_ptr_array_sort(leases, virshNetworkLeaseCompare);

    table = vshTableNew(_("Expiry Time"), _("MAC address"), _("Protocol"),
                        _("IP address"), _("Hostname"), _("Client ID or DUID"), NULL);
    for (i = 0; i < leases->len; i++) {
        const virNetworkdLease *lease = g_ptr_array_index(leases, i);
        g_autofree char *expiry = virshNetworkLeaseExpiry(lease->expiryTime);
        g_autofree char *addr = g_strdup_printf("%s/%u", lease->ipAddress, lease->prefix);

        vshTableRowAppend(table, expiry, lease->mac,
                          lease->type == VIR_NETWORKD_LEASE_IPV6 ? "ipv6" : "ipv4",
                          addr,
                          *lease->hostname ? lease->hostname : "-",
                          *lease->clientId ? lease->clientId : "-",
                          NULL);
    }
    vshTablePrint(ctl, table);
    return true;
}

const vshCmdDef networkCmds[] = {
    { .name = "net-autostart",
      .handler = cmdNetworkAutostart,
      .opts = opts_network_autostart,
      .help = N_("autostart a network"),
      .desc = N_("Marks a persistent network to be started whenever libvirt-networkd "
                 "starts, or with --disable no longer. Needs "
                 "org.libvirt.networkd.network.manage."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-create",
      .handler = cmdNetworkCreate,
      .opts = opts_network_file,
      .help = N_("create a network from an XML file"),
      .desc = N_("Defines and starts a transient network, which is gone when it is "
                 "destroyed. Needs org.libvirt.networkd.network.manage."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-define",
      .handler = cmdNetworkDefine,
      .opts = opts_network_file,
      .help = N_("define an inactive persistent virtual network or modify an existing "
                 "persistent one from an XML file"),
      .desc = N_("Stores a network definition in libvirt-networkd. Redefining a running "
                 "network changes what its next start uses. Needs "
                 "org.libvirt.networkd.network.manage."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-destroy",
      .handler = cmdNetworkDestroy,
      .opts = opts_network,
      .help = N_("destroy (stop) a network"),
      .desc = N_("Stops a network: its bridge, DHCP and DNS server and firewall rules "
                 "are removed, and the guests on it lose their connection. Needs "
                 "org.libvirt.networkd.network.manage."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-dhcp-leases",
      .handler = cmdNetworkDHCPLeases,
      .opts = opts_network_dhcp_leases,
      .help = N_("print lease info for a given network"),
      .desc = N_("Prints the DHCP leases of the network's guests: a user sees the leases "
                 "of their own guests' ports, administrators (and holders of "
                 "org.libvirt.networkd.network.leases-any) every lease."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-dumpxml",
      .handler = cmdNetworkDumpXML,
      .opts = opts_network_dumpxml,
      .help = N_("network information in XML"),
      .desc = N_("Prints the network's XML: the running network with the bridge and MAC "
                 "libvirt-networkd chose, or with --inactive the stored definition."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-edit",
      .handler = cmdNetworkEdit,
      .opts = opts_network,
      .help = N_("edit XML configuration for a network"),
      .desc = N_("Opens the network's stored XML in $VISUAL or $EDITOR (default vi) and "
                 "defines the network again from it when it changed; when that fails, "
                 "asks whether to edit again. Needs org.libvirt.networkd.network.manage."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-info",
      .handler = cmdNetworkInfo,
      .opts = opts_network,
      .help = N_("network information"),
      .desc = N_("Prints the network's name, UUID, state, persistence, autostart flag "
                 "and bridge."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-list",
      .handler = cmdNetworkList,
      .opts = opts_network_list,
      .help = N_("list networks"),
      .desc = N_("Lists the active networks of libvirt-networkd (--inactive: the "
                 "inactive ones, --all: both), optionally only the persistent or "
                 "transient ones, or those with autostart on or off."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-name",
      .handler = cmdNetworkName,
      .opts = opts_network_name,
      .help = N_("convert a network UUID to network name"),
      .desc = N_("Prints the name of the network with the given UUID."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-start",
      .handler = cmdNetworkStart,
      .opts = opts_network,
      .help = N_("start a (previously defined) inactive network"),
      .desc = N_("Starts a network: creates its bridge, starts its DHCP and DNS server "
                 "and adds its firewall rules. Needs org.libvirt.networkd.network.manage."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-undefine",
      .handler = cmdNetworkUndefine,
      .opts = opts_network,
      .help = N_("undefine a persistent network"),
      .desc = N_("Removes the stored definition of a network; an active network keeps "
                 "running as a transient one until it is destroyed. Needs "
                 "org.libvirt.networkd.network.manage."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-uuid",
      .handler = cmdNetworkUUID,
      .opts = opts_network_uuid,
      .help = N_("convert a network name to network UUID"),
      .desc = N_("Prints the UUID of the named network."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = NULL },
};
