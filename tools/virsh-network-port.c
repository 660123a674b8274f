/*
 * virsh-network-port.c: the libvirt-networkd port commands
 *
 *   net-port-list [--all]    the caller's ports (--all: every port the
 *                            daemon shows the caller; admins see everyone's)
 *   net-port-dumpxml UUID    one port as a <networkport> document
 *   net-port-delete UUID     remove a port now, even while it is in use
 *
 * Upstream virsh names these commands after a network ("net-port-list
 * NETWORK"); here ports belong to libvirt-networkd, not to a network, so
 * the network argument is absent.  None of them opens the QEMU driver:
 * they talk to the daemon on the system bus.
 */
#include "virsh.h"

#include "networkd_client.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_VIRSH

/* Oldest first, so a listing is stable between runs. */
static gint
virshNetworkPortCompare(gconstpointer a, gconstpointer b)
{
    const virNetworkdPortInfo *pa = *(virNetworkdPortInfo * const *)a;
    const virNetworkdPortInfo *pb = *(virNetworkdPortInfo * const *)b;

    if (pa->created != pb->created)
        return pa->created < pb->created ? -1 : 1;
    return g_strcmp0(pa->uuid, pb->uuid);
}

static const vshCmdOptDef opts_net_port_list[] = {
    { .name = "all", .type = VSH_OT_BOOL,
      .help = N_("list every port the daemon shows, not only the caller's") },
    { .name = NULL },
};

/**
 * cmdNetworkPortList:
 * Prints a table of ports: UUID, Interface, Bridge, MAC, Owner (the
 * owner-name the creator gave, "-" when none).
 */
static bool
cmdNetworkPortList(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(GPtrArray) ports = NULL;
    g_autoptr(vshTable) table = NULL;
    unsigned int flags = 0;
    size_t i;

    if (vshCommandOptBool(cmd, "all"))
        flags |= VIR_NETWORKD_PORT_LIST_ALL;
    if (!(ports = virNetworkdPortList(flags)))
        return false;
    g_ptr_array_sort(ports, virshNetworkPortCompare);

    table = vshTableNew(_("UUID"), _("Interface"), _("Bridge"), _("MAC"), _("Owner"), NULL);
    for (i = 0; i < ports->len; i++) {
        const virNetworkdPortInfo *port = g_ptr_array_index(ports, i);

        vshTableRowAppend(table,
                          port->uuid ? port->uuid : "-",
                          port->ifname ? port->ifname : "-",
                          port->bridge && *port->bridge ? port->bridge : "-",
                          port->mac ? port->mac : "-",
                          port->ownerName && *port->ownerName ? port->ownerName : "-",
                          NULL);
    }
    vshTablePrint(ctl, table);
    return true;
}

static const vshCmdOptDef opts_net_port_uuid[] = {
    { .name = "port", .type = VSH_OT_STRING,
      .flags = VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      .help = N_("port UUID") },
    { .name = NULL },
};

/**
 * cmdNetworkPortDumpXML:
 * Prints one port in the <networkport> form documented at
 * virNetworkdPortFormatXML().
 */
static bool
cmdNetworkPortDumpXML(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virNetworkdPortInfo) port = NULL;
    g_autofree char *xml = NULL;

    if (!(port = virNetworkdPortGet(vshCommandOptString(cmd, "port"))))
        return false;
    xml = virNetworkdPortFormatXML(port);
    vshPrint(ctl, "%s", xml);
    return true;
}

/**
 * cmdNetworkPortDelete:
 * Deletes one port; whoever holds its fds loses the device.
 */
static bool
cmdNetworkPortDelete(vshControl *ctl, const vshCmd *cmd)
{
    const char *uuid = vshCommandOptString(cmd, "port");

    if (virNetworkdPortDelete(uuid) < 0)
        return false;
    vshPrintExtra(ctl, _("Network port %1$s deleted\n"), uuid);
    return true;
}

const vshCmdDef networkPortCmds[] = {
    { .name = "net-port-list",
      .handler = cmdNetworkPortList,
      .opts = opts_net_port_list,
      .help = N_("list libvirt-networkd ports"),
      .desc = N_("Lists the caller's libvirt-networkd ports: UUID, host interface, bridge, "
                 "guest MAC and owner name. With --all, every port the daemon shows the "
                 "caller (administrators holding org.libvirt.networkd.port.list-any see "
                 "everyone's)."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-port-dumpxml",
      .handler = cmdNetworkPortDumpXML,
      .opts = opts_net_port_uuid,
      .help = N_("print a libvirt-networkd port as XML"),
      .desc = N_("Prints one port as a <networkport> document: <uuid>, <owner> (name, "
                 "uuid), <mac address=>, <plug type= bridge= dev=> (dev is the host "
                 "interface), <mtu size=>, <driver queues=>, <user uid=> (the creator) "
                 "and <created> (ISO 8601, UTC)."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = "net-port-delete",
      .handler = cmdNetworkPortDelete,
      .opts = opts_net_port_uuid,
      .help = N_("delete a libvirt-networkd port"),
      .desc = N_("Removes the port's device at once, even when a guest still holds it "
                 "(its network connection is cut). Allowed to the port's owner, root and "
                 "holders of org.libvirt.networkd.port.delete-any."),
      .flags = VSH_CMD_FLAG_NOCONNECT },
    { .name = NULL },
};
