/*
 * network_ovn_conf.c: Open vSwitch and OVN networks in the network XML
 *
 * Upstream's elements where they fit: a network on an existing Open
 * vSwitch bridge is <forward mode='bridge'/>, <bridge name='br-int'/> and
 * <virtualport type='openvswitch'/>.  This tree's extension, in a
 * namespace of its own, makes it an OVN logical switch:
 *
 *   <network xmlns:ovn='http://libvirt.org/schemas/networkd/ovn/1.0'>
 *     ...
 *     <ovn:switch name='tenant1' create='yes'
 *                 northbound='unix:/run/ovn/ovnnb_db.sock'/>
 *
 * whose ports are logical switch ports the daemon creates, and whose
 * <ip><dhcp> is served by OVN's native DHCP (a DHCP_Options row and the
 * switch's IPAM subnet), not by dnsmasq.  northbound= names the
 * switch's northbound database when it is not the daemon's
 * (ovn_nb_address).
 *
 * Trust: the switch name goes to OVN's northbound database, so it passes
 * virNetDevOpenvswitchValueCheck(), the gate every value written there
 * passes; the bridge name passes the same gate as an OVS bridge name.
 * The northbound address is the one the daemon will connect to as root:
 * virOvsdbAddressInvalidReason() admits canonical unix socket paths only,
 * the rule ovn_nb_address is read under.
 */
#include "network_conf_priv.h"
#include "virerror.h"
#include "virovsvalue.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETWORK

VIR_ENUM_IMPL(virNetworkVirtualport, VIR_NETWORK_VIRTUALPORT_LAST,
              "none", "openvswitch");

/**
 * virNetworkOvnSwitchNodeIs:
 * See network_conf_priv.h.
 */
bool
virNetworkOvnSwitchNodeIs(const xmlNode *node)
{
    return node->ns && node->ns->href &&
           strcmp((const char *)node->ns->href, VIR_NETWORK_OVN_NAMESPACE) == 0 &&
           strcmp((const char *)node->name, "switch") == 0;
}

/**
 * virNetworkVirtualportParse:
 * <virtualport type='openvswitch'/>: the other upstream types (802.1Qbg,
 * 802.1Qbh, midonet) and per-network <parameters> are refused, naming
 * them.  Returns 0 or -1 with an error.
 */
int
virNetworkVirtualportParse(virNetworkDef *def, xmlNode *node)
{
    static const char * const attrs[] = { "type", NULL };
    g_autofree char *type = NULL;
    xmlNode *child;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        !(type = virXMLPropStringRequired(node, "type")))
        return -1;
    if (strcmp(type, "openvswitch") != 0) {
        virXMLReportInvalidValue(node, "type", type,
                                 _("only 'openvswitch' is supported on a network"));
        return -1;
    }
    if ((child = virXMLChildElement(node))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("element <%1$s> of a network's <virtualport> (line %2$ld) is not supported: every port would share it"),
                       (const char *)child->name, xmlGetLineNo(child));
        return -1;
    }
    def->virtualport = VIR_NETWORK_VIRTUALPORT_OPENVSWITCH;
    return 0;
}

/**
 * virNetworkOvnSwitchParse:
 * <ovn:switch name= create='yes|no' northbound=/>.  Returns 0 or -1
 * with an error.
 */
int
virNetworkOvnSwitchParse(virNetworkDef *def, xmlNode *node)
{
    static const char * const attrs[] = { "name", "create", "northbound", NULL };

    if (virXMLCheckAttrs(node, attrs) < 0 || virNetworkCheckEmpty(node) < 0 ||
        !(def->ovnSwitch = virXMLPropStringRequired(node, "name")) ||
        virNetworkParseTristate(node, "create", &def->ovnSwitchCreate) < 0)
        return -1;
    def->ovnNorthbound = virXMLPropString(node, "northbound");
    return 0;
}

/**
 * virNetworkVirtualportFormat:
 * See network_conf_priv.h.
 */
void
virNetworkVirtualportFormat(virXMLBuf *buf, const virNetworkDef *def)
{
    if (def->virtualport == VIR_NETWORK_VIRTUALPORT_NONE)
        return;
    virXMLBufAsprintf(buf, "<virtualport type='%s'/>\n",
                      virNetworkVirtualportTypeToString(def->virtualport));
}

/**
 * virNetworkOvnSwitchFormat:
 * See network_conf_priv.h.  The prefix is declared on <network>.
 */
void
virNetworkOvnSwitchFormat(virXMLBuf *buf, const virNetworkDef *def)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_autofree char *name = NULL;

    if (!def->ovnSwitch)
        return;
    virXMLBufEscapeString(&attrs, " name='%s'", def->ovnSwitch);
    if (def->ovnSwitchCreate != VIR_NETWORK_TRISTATE_ABSENT)
        virXMLBufAsprintf(&attrs, " create='%s'",
                          virNetworkTristateTypeToString(def->ovnSwitchCreate));
    if (def->ovnNorthbound)
        virXMLBufEscapeString(&attrs, " northbound='%s'", def->ovnNorthbound);
    name = g_strdup_printf("%s:switch", VIR_NETWORK_OVN_PREFIX);
    virXMLFormatElement(buf, name, &attrs, NULL, false);
}

/**
 * virNetworkDefIsOvn:
 * See network_conf.h.
 */
bool
virNetworkDefIsOvn(const virNetworkDef *def)
{
    return def->ovnSwitch != NULL;
}

/**
 * virNetworkIPDefLeaseSeconds:
 * See network_conf.h.  For an OVN network, validation makes every range
 * carry the same lease; the first one's is the answer.
 */
unsigned int
virNetworkIPDefLeaseSeconds(const virNetworkIPDef *ip)
{
    if (ip->nranges == 0 || !ip->ranges[0].lease.set)
        return 0;
    return virNetworkDHCPLeaseSeconds(&ip->ranges[0].lease);
}

/**
 * virNetworkValidateOvnIP:
 * The <ip> of an OVN network describes OVN's DHCP: one IPv4 <ip> with a
 * <dhcp>, reservations by MAC (OVN's DHCP answers per logical port: a
 * host name alone identifies none), one lease for every range.
 * Returns 0 or -1.
 */
static int
virNetworkValidateOvnIP(const virNetworkDef *def)
{
    const virNetworkIPDef *ip = &def->ips[0];
    size_t i;

    if (def->nips > 1 || virNetworkIPDefFamily(ip) != AF_INET) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("network '%1$s': an OVN network takes one IPv4 <ip> element (its DHCP subnet)"),
                       def->name);
        return -1;
    }
    if (ip->nranges == 0 && ip->nhosts == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("network '%1$s': the <ip> of an OVN network describes OVN's DHCP: it needs a <dhcp> with a <range> or a <host>"),
                       def->name);
        return -1;
    }
    for (i = 0; i < ip->nhosts; i++) {
        if (!ip->hosts[i].hasMac || ip->hosts[i].name) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("network '%1$s': a DHCP <host> of an OVN network is identified by 'mac' alone (OVN's DHCP answers per logical port)"),
                           def->name);
            return -1;
        }
    }
    for (i = 1; i < ip->nranges; i++) {
        if (virNetworkDHCPLeaseSeconds(&ip->ranges[i].lease) !=
            virNetworkDHCPLeaseSeconds(&ip->ranges[0].lease)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("network '%1$s': the DHCP ranges of an OVN network share one lease time (OVN has one per subnet)"),
                           def->name);
            return -1;
        }
    }
    return 0;
}

/**
 * virNetworkValidateOvsName:
 * @value (a @what) through the OVSDB value gate as a @kind.  Returns 0
 * or -1 with an error naming the network and the value (escaped).
 */
static int
virNetworkValidateOvsName(const virNetworkDef *def, virNetDevOpenvswitchValue kind,
                          const char *value, const char *what)
{
    const char *why = virNetDevOpenvswitchValueInvalidReason(kind, value);
    g_autofree char *shown = NULL;

    if (!why)
        return 0;
    shown = g_strescape(value, NULL);
    virReportError(VIR_ERR_XML_ERROR, _("network '%1$s': invalid %2$s '%3$s': %4$s"),
                   def->name, what, shown, why);
    return -1;
}

/**
 * virNetworkDefValidateOvn:
 * See network_conf_priv.h: a virtual port needs an existing (OVS)
 * bridge, <ovn:switch> needs the virtual port, names through the OVSDB
 * value gate, <ip> only on an OVN network, a northbound address of the
 * form the daemon connects to.
 */
int
virNetworkDefValidateOvn(const virNetworkDef *def)
{
    const char *why;

    if (def->ovnSwitch && def->virtualport != VIR_NETWORK_VIRTUALPORT_OPENVSWITCH) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': <ovn:switch> needs <virtualport type='openvswitch'> (the ports go on an Open vSwitch integration bridge)"),
                       def->name);
        return -1;
    }
    if (def->virtualport == VIR_NETWORK_VIRTUALPORT_NONE)
        return 0;
    if (def->forward.type != VIR_NETWORK_FORWARD_BRIDGE) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': <virtualport type='openvswitch'> needs <forward mode='bridge'/> and <bridge name='...'/> naming an Open vSwitch bridge"),
                       def->name);
        return -1;
    }
    if ((def->bridge &&
         virNetworkValidateOvsName(def, VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, def->bridge,
                                   _("Open vSwitch bridge name")) < 0) ||
        (def->ovnSwitch &&
         virNetworkValidateOvsName(def, VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, def->ovnSwitch,
                                   _("logical switch name")) < 0))
        return -1;
    if (def->ovnSwitch && def->nips && virNetworkValidateOvnIP(def) < 0)
        return -1;
    if (def->ovnNorthbound && (why = virOvsdbAddressInvalidReason(def->ovnNorthbound))) {
        g_autofree char *shown = g_strescape(def->ovnNorthbound, NULL);

        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': invalid OVN northbound address '%2$s': %3$s"),
                       def->name, shown, why);
        return -1;
    }
    return 0;
}
