/*
 * network_conf.c: parse and format the network XML
 *
 * The XML -> struct step (syntax only: known elements and attributes,
 * value syntax) and the struct -> XML step, one small static pair per
 * element, written in upstream libvirt's element order and attribute
 * spelling.  Generated defaults live in network_postparse.c, combination
 * rules in network_validate.c.
 *
 * Kept XML: any child of <network> this tree does not model (title,
 * metadata, vlan, portgroup, route, namespaced extensions, ...) is kept
 * verbatim with an "anchor", the modelled sibling it followed, and goes
 * back right after that sibling; inside modelled elements only the
 * upstream attributes and children listed in the tables below are kept,
 * anything else is an error naming it.  So a document comes back in its
 * own order, format is a fixed point (the fuzzer checks it), and nothing
 * is dropped silently.
 */
#include "network_conf_priv.h"
#include "virerror.h"
#include "virxml.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETWORK

VIR_ENUM_IMPL(virNetworkForward, VIR_NETWORK_FORWARD_LAST,
              "none", "nat", "route", "open", "bridge");
VIR_ENUM_IMPL(virNetworkTristate, VIR_NETWORK_TRISTATE_LAST,
              "default", "yes", "no");
VIR_ENUM_IMPL(virNetworkIPFamily, VIR_NETWORK_IP_FAMILY_LAST,
              "default", "ipv4", "ipv6");
VIR_ENUM_IMPL(virNetworkDHCPLeaseUnit, VIR_NETWORK_DHCP_LEASE_LAST,
              "seconds", "minutes", "hours");

/* Modelled children of <network>, indexed by the anchor they set. */
static const char * const virNetworkModelledChildren[] = {
    [VIR_NETWORK_KEPT_START] = NULL,
    [VIR_NETWORK_KEPT_AFTER_NAME] = "name",
    [VIR_NETWORK_KEPT_AFTER_UUID] = "uuid",
    [VIR_NETWORK_KEPT_AFTER_FORWARD] = "forward",
    [VIR_NETWORK_KEPT_AFTER_BRIDGE] = "bridge",
    [VIR_NETWORK_KEPT_AFTER_MTU] = "mtu",
    [VIR_NETWORK_KEPT_AFTER_MAC] = "mac",
    [VIR_NETWORK_KEPT_AFTER_DOMAIN] = "domain",
    [VIR_NETWORK_KEPT_AFTER_DNS] = "dns",
    [VIR_NETWORK_KEPT_AFTER_BANDWIDTH] = "bandwidth",
    [VIR_NETWORK_KEPT_AFTER_IP] = "ip",
    [VIR_NETWORK_KEPT_AFTER_VIRTUALPORT] = "virtualport",
    [VIR_NETWORK_KEPT_AFTER_OVN_SWITCH] = "switch",    /* in the OVN namespace */
};

/* ---- allocation --------------------------------------------------------- */

/**
 * virNetworkDefNew:
 * Returns a new, empty definition (caller frees with virNetworkDefFree).
 */
virNetworkDef *
virNetworkDefNew(void)
{
    virNetworkDef *def = g_new0(virNetworkDef, 1);

    def->stp = true;
    return def;
}

/**
 * virNetworkKeptListClear:
 * Frees the items of @list and empties it.
 */
void
virNetworkKeptListClear(virNetworkKeptList *list)
{
    size_t i;

    for (i = 0; i < list->n; i++) {
        g_free(list->items[i].name);
        g_free(list->items[i].xml);
    }
    g_clear_pointer(&list->items, g_free);
    list->n = 0;
}

/**
 * virNetworkIPDefClear:
 * Frees what @ip owns.
 */
static void
virNetworkIPDefClear(virNetworkIPDef *ip)
{
    size_t i;

    g_free(ip->ranges);
    for (i = 0; i < ip->nhosts; i++) {
        g_free(ip->hosts[i].id);
        g_free(ip->hosts[i].name);
        virNetworkKeptListClear(&ip->hosts[i].kept);
    }
    g_free(ip->hosts);
    virNetworkKeptListClear(&ip->kept);
}

/**
 * virNetworkDefFree:
 * Frees @def and everything it owns; NULL is fine.
 */
void
virNetworkDefFree(virNetworkDef *def)
{
    size_t i;

    if (!def)
        return;
    g_free(def->name);
    g_free(def->forward.dev);
    g_free(def->bridge);
    g_free(def->domain);
    for (i = 0; i < def->dns.nforwarders; i++)
        g_free(def->dns.forwarders[i].domain);
    g_free(def->dns.forwarders);
    for (i = 0; i < def->dns.nhosts; i++)
        g_strfreev(def->dns.hosts[i].names);
    g_free(def->dns.hosts);
    virNetDevBandwidthDefFree(def->bandwidth);
    for (i = 0; i < def->nips; i++)
        virNetworkIPDefClear(&def->ips[i]);
    g_free(def->ips);
    g_free(def->ovnSwitch);
    g_free(def->ovnNorthbound);
    virNetworkKeptListClear(&def->kept);
    g_free(def);
}

/* ---- kept XML ----------------------------------------------------------- */

/**
 * virNetworkKeptAdd:
 * Appends a kept piece (@name and @xml are taken) at @place to @list.
 */
static void
virNetworkKeptAdd(virNetworkKeptList *list, char *name, char *xml,
                  virNetworkKeptPlace place)
{
    list->items = g_renew(virNetworkKept, list->items, list->n + 1);
    list->items[list->n++] = (virNetworkKept) {
        .name = name, .xml = xml, .place = place,
    };
}

/**
 * virNetworkKeptAddElement:
 * Keeps element @node verbatim; @owner (NULL at the top level) prefixes
 * its name in the summary, and so does its namespace prefix
 * ("dnsmasq:options"), so a namespaced extension is named as written.
 */
static void
virNetworkKeptAddElement(virNetworkKeptList *list, const char *owner,
                         const xmlNode *node, virNetworkKeptPlace place)
{
    g_autofree char *qname = node->ns && node->ns->prefix ?
        g_strdup_printf("%s:%s", (const char *)node->ns->prefix, (const char *)node->name) :
        g_strdup((const char *)node->name);
    char *name = owner ? g_strdup_printf("%s/%s", owner, qname) : g_steal_pointer(&qname);

    virNetworkKeptAdd(list, name, virXMLNodeToString(node, virXMLNodeDepth(node)),
                      place);
}

/**
 * virNetworkKeptChildParse:
 * Keeps child @node of element @owner when it is one of the
 * NULL-terminated @allowed names (upstream defines it, we do not act on
 * it); any other element is an error.  Returns 0 or -1 with an error.
 */
int
virNetworkKeptChildParse(virNetworkKeptList *list, const char *owner,
                         const xmlNode *node, const char * const *allowed,
                         virNetworkKeptPlace place)
{
    if (node->ns || !allowed || !g_strv_contains(allowed, (const char *)node->name))
        return virXMLReportUnknownChild(node);
    virNetworkKeptAddElement(list, owner, node, place);
    return 0;
}

/**
 * virNetworkCheckAttrs:
 * The attributes of @node must be in @modelled (read by the caller) or
 * @kept (both NULL-terminated, either NULL); the kept ones are added to
 * @list at @place, named "@owner@attr".  Returns 0 or -1 with an error.
 */
int
virNetworkCheckAttrs(const xmlNode *node, const char * const *modelled,
                     const char * const *kept, virNetworkKeptList *list,
                     virNetworkKeptPlace place)
{
    g_autoptr(GPtrArray) allowed = g_ptr_array_new();
    const char * const *p;
    const xmlAttr *attr;

    for (p = modelled; p && *p; p++)
        g_ptr_array_add(allowed, (char *)*p);
    for (p = kept; p && *p; p++)
        g_ptr_array_add(allowed, (char *)*p);
    g_ptr_array_add(allowed, NULL);
    if (virXMLCheckAttrs(node, (const char * const *)allowed->pdata) < 0)
        return -1;

    for (attr = node->properties; kept && attr; attr = attr->next) {
        const char *name = (const char *)attr->name;
        g_autofree char *value = NULL;
        g_autofree char *fmt = NULL;
        g_auto(virXMLBuf) text = { 0 };

        if (!g_strv_contains(kept, name))
            continue;
        value = virXMLPropString(node, name);
        fmt = g_strdup_printf(" %s='%%s'", name);
        virXMLBufEscapeString(&text, fmt, value ? value : "");
        virNetworkKeptAdd(list, g_strdup_printf("%s@%s", (const char *)node->name, name),
                          virXMLBufContentAndReset(&text), place);
    }
    return 0;
}

/**
 * virNetworkKeptIsAttr:
 * True when pieces at @place are attributes (no line of their own).
 */
static bool
virNetworkKeptIsAttr(virNetworkKeptPlace place)
{
    switch (place) {
    case VIR_NETWORK_KEPT_NETWORK_ATTR:
    case VIR_NETWORK_KEPT_NAT_ATTR:
    case VIR_NETWORK_KEPT_BRIDGE_ATTR:
    case VIR_NETWORK_KEPT_DOMAIN_ATTR:
    case VIR_NETWORK_KEPT_DNS_ATTR:
    case VIR_NETWORK_KEPT_IP_ATTR:
        return true;
    case VIR_NETWORK_KEPT_START:
    case VIR_NETWORK_KEPT_AFTER_NAME:
    case VIR_NETWORK_KEPT_AFTER_UUID:
    case VIR_NETWORK_KEPT_AFTER_FORWARD:
    case VIR_NETWORK_KEPT_AFTER_BRIDGE:
    case VIR_NETWORK_KEPT_AFTER_MTU:
    case VIR_NETWORK_KEPT_AFTER_MAC:
    case VIR_NETWORK_KEPT_AFTER_DOMAIN:
    case VIR_NETWORK_KEPT_AFTER_DNS:
    case VIR_NETWORK_KEPT_AFTER_BANDWIDTH:
    case VIR_NETWORK_KEPT_AFTER_IP:
    case VIR_NETWORK_KEPT_AFTER_VIRTUALPORT:
    case VIR_NETWORK_KEPT_AFTER_OVN_SWITCH:
    case VIR_NETWORK_KEPT_DNS_CHILD:
    case VIR_NETWORK_KEPT_IP_CHILD:
    case VIR_NETWORK_KEPT_DHCP_CHILD:
    case VIR_NETWORK_KEPT_HOST_CHILD:
        break;
    }
    return false;
}

/**
 * virNetworkKeptFormat:
 * Writes the pieces of @list kept at @place, in document order.
 */
void
virNetworkKeptFormat(virXMLBuf *buf, const virNetworkKeptList *list,
                     virNetworkKeptPlace place)
{
    size_t i;

    for (i = 0; i < list->n; i++) {
        if (list->items[i].place != (int)place)
            continue;
        virXMLBufAddLit(buf, list->items[i].xml);
        if (!virNetworkKeptIsAttr(place))
            virXMLBufAddLit(buf, "\n");
    }
}

/* ---- small shared parsers ------------------------------------------------ */

/**
 * virNetworkCheckEmpty:
 * Refuses child elements of @node.  Returns 0 or -1 with an error.
 */
int
virNetworkCheckEmpty(const xmlNode *node)
{
    xmlNode *child = virXMLChildElement(node);

    return child ? virXMLReportUnknownChild(child) : 0;
}

/**
 * virNetworkCheckOnce:
 * Reports that @node repeats an element allowed once in @parent when
 * *@seen, else sets it.  Returns 0 or -1 with an error.
 */
int
virNetworkCheckOnce(const xmlNode *node, bool *seen)
{
    if (*seen) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("element <%1$s> appears more than once in <%2$s> (line %3$ld)"),
                       (const char *)node->name, (const char *)node->parent->name,
                       xmlGetLineNo((xmlNode *)node));
        return -1;
    }
    *seen = true;
    return 0;
}

/**
 * virNetworkParseAddr:
 * Attribute @name of @node as an IP address of @family (AF_UNSPEC: any)
 * into @addr.  Returns 1 when set, 0 when absent (and not @required),
 * -1 with an error.
 */
int
virNetworkParseAddr(const xmlNode *node, const char *name, int family,
                    bool required, virSocketAddr *addr)
{
    g_autofree char *str = required ? virXMLPropStringRequired(node, name)
                                    : virXMLPropString(node, name);

    if (!str)
        return required ? -1 : 0;
    if (!virSocketAddrTryParse(str, family, addr)) {
        virXMLReportInvalidValue(node, name, str,
                                 family == AF_INET ? _("expected an IPv4 address")
                                                   : _("expected an IP address"));
        return -1;
    }
    return 1;
}

/**
 * virNetworkParseTristate:
 * Attribute @name of @node: 'yes' or 'no' into @out (untouched when
 * absent).  Returns 0 or -1 with an error.
 */
int
virNetworkParseTristate(const xmlNode *node, const char *name,
                        virNetworkTristate *out)
{
    int val = VIR_NETWORK_TRISTATE_ABSENT;

    if (virXMLPropEnum(node, name, virNetworkTristateTypeFromString,
                       VIR_XML_PROP_NONZERO, &val) < 0)
        return -1;
    if (val > 0)
        *out = val;
    return 0;
}

/**
 * virNetworkParseText:
 * Text content of @node (no attributes, no child elements) into *@out.
 * Returns 0 or -1 with an error.
 */
int
virNetworkParseText(const xmlNode *node, char **out)
{
    if (virXMLCheckAttrs(node, NULL) < 0 || virNetworkCheckEmpty(node) < 0)
        return -1;
    g_free(*out);
    *out = virXMLNodeContentString(node);
    return 0;
}

/* ---- <forward> ----------------------------------------------------------- */

/* Upstream forward modes this tree does not provide (they hand guests
 * host devices: SR-IOV, macvtap pools). */
static const char * const virNetworkForwardUnsupported[] = {
    "private", "vepa", "passthrough", "hostdev", NULL
};

/**
 * virNetworkNatParse:
 * <nat ipv6=><address start= end=/><port start= end=/></nat>.
 * Returns 0 or -1 with an error.
 */
static int
virNetworkNatParse(virNetworkDef *def, xmlNode *node)
{
    static const char * const keptAttrs[] = { "ipv6", NULL };
    static const char * const rangeAttrs[] = { "start", "end", NULL };
    bool seenAddress = false;
    bool seenPort = false;
    xmlNode *cur;

    if (virNetworkCheckAttrs(node, NULL, keptAttrs, &def->kept,
                             VIR_NETWORK_KEPT_NAT_ATTR) < 0)
        return -1;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "address")) {
            if (virNetworkCheckOnce(cur, &seenAddress) < 0 ||
                virXMLCheckAttrs(cur, rangeAttrs) < 0 || virNetworkCheckEmpty(cur) < 0 ||
                virNetworkParseAddr(cur, "start", AF_INET, true, &def->forward.natStart) < 0 ||
                virNetworkParseAddr(cur, "end", AF_INET, false, &def->forward.natEnd) < 0)
                return -1;
        } else if (virXMLNodeNameEqual(cur, "port")) {
            if (virNetworkCheckOnce(cur, &seenPort) < 0 ||
                virXMLCheckAttrs(cur, rangeAttrs) < 0 || virNetworkCheckEmpty(cur) < 0 ||
                virXMLPropUInt(cur, "start", 10, 1, 65535, VIR_XML_PROP_REQUIRED,
                               &def->forward.natPortStart) < 0 ||
                virXMLPropUInt(cur, "end", 10, 1, 65535, 0,
                               &def->forward.natPortEnd) < 0)
                return -1;
        } else {
            return virXMLReportUnknownChild(cur);
        }
    }
    return 0;
}

/**
 * virNetworkForwardParse:
 * <forward mode= dev=> with <nat> (mode nat) and at most one
 * <interface dev=/>, which upstream writes for dev= and must agree with
 * it.  An absent mode is 'nat', like upstream.  Returns 0 or -1.
 */
static int
virNetworkForwardParse(virNetworkDef *def, xmlNode *node)
{
    static const char * const attrs[] = { "mode", "dev", NULL };
    static const char * const ifaceAttrs[] = { "dev", NULL };
    g_autofree char *mode = NULL;
    bool seenNat = false;
    bool seenIface = false;
    xmlNode *cur;

    if (virXMLCheckAttrs(node, attrs) < 0)
        return -1;
    def->forward.type = VIR_NETWORK_FORWARD_NAT;
    if ((mode = virXMLPropString(node, "mode"))) {
        int type = virNetworkForwardTypeFromString(mode);

        if (g_strv_contains(virNetworkForwardUnsupported, mode)) {
            virXMLReportInvalidValue(node, "mode", mode,
                                     _("this forward mode is not supported; use nat, route, open, bridge or no <forward> (isolated)"));
            return -1;
        }
        if (type <= VIR_NETWORK_FORWARD_NONE) {
            virXMLReportInvalidValue(node, "mode", mode,
                                     _("expected nat, route, open or bridge"));
            return -1;
        }
        def->forward.type = type;
    }
    def->forward.dev = virXMLPropString(node, "dev");

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "nat")) {
            if (def->forward.type != VIR_NETWORK_FORWARD_NAT) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("element <nat> (line %1$ld) needs <forward mode='nat'>, not mode='%2$s'"),
                               xmlGetLineNo(cur),
                               virNetworkForwardTypeToString(def->forward.type));
                return -1;
            }
            if (virNetworkCheckOnce(cur, &seenNat) < 0 || virNetworkNatParse(def, cur) < 0)
                return -1;
        } else if (virXMLNodeNameEqual(cur, "interface")) {
            g_autofree char *dev = NULL;

            if (virNetworkCheckOnce(cur, &seenIface) < 0 ||
                virXMLCheckAttrs(cur, ifaceAttrs) < 0 || virNetworkCheckEmpty(cur) < 0 ||
                !(dev = virXMLPropStringRequired(cur, "dev")))
                return -1;
            if (def->forward.dev && strcmp(def->forward.dev, dev) != 0) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("<forward dev='%1$s'> and its <interface dev='%2$s'> (line %3$ld) disagree"),
                               def->forward.dev, dev, xmlGetLineNo(cur));
                return -1;
            }
            g_free(def->forward.dev);
            def->forward.dev = g_steal_pointer(&dev);
        } else {
            return virXMLReportUnknownChild(cur);
        }
    }
    return 0;
}

/**
 * virNetworkNatFormat:
 * Writes <nat> when it holds anything.
 */
static void
virNetworkNatFormat(virXMLBuf *buf, const virNetworkDef *def)
{
    const virNetworkForwardDef *fwd = &def->forward;
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    char addr[VIR_SOCKET_ADDR_STRING_BUFLEN];

    virXMLBufInitChild(&children, buf);
    virNetworkKeptFormat(&attrs, &def->kept, VIR_NETWORK_KEPT_NAT_ATTR);
    if (virSocketAddrIsSet(&fwd->natStart)) {
        virXMLBufAsprintf(&children, "<address start='%s'",
                          virSocketAddrFormat(&fwd->natStart, addr));
        if (virSocketAddrIsSet(&fwd->natEnd))
            virXMLBufAsprintf(&children, " end='%s'",
                              virSocketAddrFormat(&fwd->natEnd, addr));
        virXMLBufAddLit(&children, "/>\n");
    }
    if (fwd->natPortStart) {
        virXMLBufAsprintf(&children, "<port start='%u'", fwd->natPortStart);
        if (fwd->natPortEnd)
            virXMLBufAsprintf(&children, " end='%u'", fwd->natPortEnd);
        virXMLBufAddLit(&children, "/>\n");
    }
    virXMLFormatElement(buf, "nat", &attrs, &children, false);
}

/**
 * virNetworkForwardFormat:
 * Writes <forward dev= mode=> unless the network is isolated.
 */
static void
virNetworkForwardFormat(virXMLBuf *buf, const virNetworkDef *def)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };

    if (def->forward.type == VIR_NETWORK_FORWARD_NONE)
        return;
    virXMLBufInitChild(&children, buf);
    virXMLBufEscapeString(&attrs, " dev='%s'", def->forward.dev);
    virXMLBufAsprintf(&attrs, " mode='%s'",
                      virNetworkForwardTypeToString(def->forward.type));
    if (def->forward.type == VIR_NETWORK_FORWARD_NAT)
        virNetworkNatFormat(&children, def);
    virXMLBufEscapeString(&children, "<interface dev='%s'/>\n", def->forward.dev);
    virXMLFormatElement(buf, "forward", &attrs, &children, true);
}

/* ---- <bridge>, <mtu>, <mac>, <domain> ------------------------------------ */

/**
 * virNetworkBridgeParse:
 * <bridge name= stp='on|off' delay=/>, zone= and macTableManager= kept.
 * Returns 0 or -1 with an error.
 */
static int
virNetworkBridgeParse(virNetworkDef *def, xmlNode *node)
{
    static const char * const attrs[] = { "name", "stp", "delay", NULL };
    static const char * const kept[] = { "zone", "macTableManager", NULL };
    g_autofree char *stp = NULL;
    unsigned long long delay = 0;

    if (virNetworkCheckAttrs(node, attrs, kept, &def->kept,
                             VIR_NETWORK_KEPT_BRIDGE_ATTR) < 0 ||
        virNetworkCheckEmpty(node) < 0 ||
        virXMLPropULongLong(node, "delay", 0, G_MAXUINT32, 0, &delay) < 0)
        return -1;
    def->delay = delay;
    def->bridge = virXMLPropString(node, "name");
    if ((stp = virXMLPropString(node, "stp"))) {
        if (strcmp(stp, "on") != 0 && strcmp(stp, "off") != 0) {
            virXMLReportInvalidValue(node, "stp", stp, _("expected 'on' or 'off'"));
            return -1;
        }
        def->stp = strcmp(stp, "on") == 0;
    }
    return 0;
}

/**
 * virNetworkBridgeFormat:
 * Upstream writes stp and delay for the modes that create a bridge, and
 * only the name for an existing host bridge.
 */
static void
virNetworkBridgeFormat(virXMLBuf *buf, const virNetworkDef *def)
{
    bool creates = virNetworkDefCreatesBridge(def);
    g_auto(virXMLBuf) attrs = { 0 };

    virXMLBufEscapeString(&attrs, " name='%s'", def->bridge);
    virNetworkKeptFormat(&attrs, &def->kept, VIR_NETWORK_KEPT_BRIDGE_ATTR);
    if (creates)
        virXMLBufAsprintf(&attrs, " stp='%s' delay='%lu'",
                          def->stp ? "on" : "off", def->delay);
    virXMLFormatElement(buf, "bridge", &attrs, NULL, false);
}

/**
 * virNetworkMtuParse:
 * <mtu size=/>.  Returns 0 or -1 with an error.
 */
static int
virNetworkMtuParse(virNetworkDef *def, xmlNode *node)
{
    static const char * const attrs[] = { "size", NULL };

    if (virXMLCheckAttrs(node, attrs) < 0 || virNetworkCheckEmpty(node) < 0 ||
        virXMLPropUInt(node, "size", 10, 68, 65535, VIR_XML_PROP_REQUIRED,
                       &def->mtu) < 0)
        return -1;
    return 0;
}

/**
 * virNetworkMacParse:
 * <mac address=/>.  Returns 0 or -1 with an error.
 */
static int
virNetworkMacParse(virNetworkDef *def, xmlNode *node)
{
    static const char * const attrs[] = { "address", NULL };
    g_autofree char *addr = NULL;

    if (virXMLCheckAttrs(node, attrs) < 0 || virNetworkCheckEmpty(node) < 0 ||
        !(addr = virXMLPropStringRequired(node, "address")))
        return -1;
    if (virMacAddrParse(addr, &def->mac) < 0) {
        virXMLReportInvalidValue(node, "address", addr,
                                 _("expected six colon-separated hex bytes"));
        return -1;
    }
    def->hasMac = true;
    return 0;
}

/**
 * virNetworkDomainParse:
 * <domain name= localOnly=/>, register= kept.  Returns 0 or -1.
 */
static int
virNetworkDomainParse(virNetworkDef *def, xmlNode *node)
{
    static const char * const attrs[] = { "name", "localOnly", NULL };
    static const char * const kept[] = { "register", NULL };

    if (virNetworkCheckAttrs(node, attrs, kept, &def->kept,
                             VIR_NETWORK_KEPT_DOMAIN_ATTR) < 0 ||
        virNetworkCheckEmpty(node) < 0 ||
        !(def->domain = virXMLPropStringRequired(node, "name")) ||
        virNetworkParseTristate(node, "localOnly", &def->domainLocalOnly) < 0)
        return -1;
    return 0;
}

/**
 * virNetworkDomainFormat:
 * Writes <domain> when set.
 */
static void
virNetworkDomainFormat(virXMLBuf *buf, const virNetworkDef *def)
{
    g_auto(virXMLBuf) attrs = { 0 };

    if (!def->domain)
        return;
    virXMLBufEscapeString(&attrs, " name='%s'", def->domain);
    if (def->domainLocalOnly != VIR_NETWORK_TRISTATE_ABSENT)
        virXMLBufAsprintf(&attrs, " localOnly='%s'",
                          virNetworkTristateTypeToString(def->domainLocalOnly));
    virNetworkKeptFormat(&attrs, &def->kept, VIR_NETWORK_KEPT_DOMAIN_ATTR);
    virXMLFormatElement(buf, "domain", &attrs, NULL, true);
}

/* ---- <network> ----------------------------------------------------------- */

/**
 * virNetworkDefParseChild:
 * One modelled child of <network> (@anchor tells which).  Returns 0 or -1.
 */
static int
virNetworkDefParseChild(virNetworkDef *def, xmlNode *cur, virNetworkKeptPlace anchor)
{
    g_autofree char *uuid = NULL;

    switch (anchor) {
    case VIR_NETWORK_KEPT_AFTER_NAME:
        return virNetworkParseText(cur, &def->name);
    case VIR_NETWORK_KEPT_AFTER_UUID:
        if (virNetworkParseText(cur, &uuid) < 0)
            return -1;
        if (virUUIDParse(g_strstrip(uuid), def->uuid) < 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("invalid value '%1$s' of element <uuid> (line %2$ld): not a UUID"),
                           uuid, xmlGetLineNo(cur));
            return -1;
        }
        return 0;
    case VIR_NETWORK_KEPT_AFTER_FORWARD:
        return virNetworkForwardParse(def, cur);
    case VIR_NETWORK_KEPT_AFTER_BRIDGE:
        return virNetworkBridgeParse(def, cur);
    case VIR_NETWORK_KEPT_AFTER_MTU:
        return virNetworkMtuParse(def, cur);
    case VIR_NETWORK_KEPT_AFTER_MAC:
        return virNetworkMacParse(def, cur);
    case VIR_NETWORK_KEPT_AFTER_DOMAIN:
        return virNetworkDomainParse(def, cur);
    case VIR_NETWORK_KEPT_AFTER_DNS:
        return virNetworkDNSParse(def, cur);
    case VIR_NETWORK_KEPT_AFTER_BANDWIDTH:
        return (def->bandwidth = virNetDevBandwidthDefParseXML(cur)) ? 0 : -1;
    case VIR_NETWORK_KEPT_AFTER_IP:
        return virNetworkIPParse(def, cur);
    case VIR_NETWORK_KEPT_AFTER_VIRTUALPORT:
        return virNetworkVirtualportParse(def, cur);
    case VIR_NETWORK_KEPT_AFTER_OVN_SWITCH:
        return virNetworkOvnSwitchParse(def, cur);
    case VIR_NETWORK_KEPT_START:
    case VIR_NETWORK_KEPT_NETWORK_ATTR:
    case VIR_NETWORK_KEPT_NAT_ATTR:
    case VIR_NETWORK_KEPT_BRIDGE_ATTR:
    case VIR_NETWORK_KEPT_DOMAIN_ATTR:
    case VIR_NETWORK_KEPT_DNS_ATTR:
    case VIR_NETWORK_KEPT_DNS_CHILD:
    case VIR_NETWORK_KEPT_IP_ATTR:
    case VIR_NETWORK_KEPT_IP_CHILD:
    case VIR_NETWORK_KEPT_DHCP_CHILD:
    case VIR_NETWORK_KEPT_HOST_CHILD:
        break;
    }
    return virXMLReportUnknownChild(cur);
}

/**
 * virNetworkModelledIndex:
 * Returns the anchor of the modelled child @cur of <network>, or
 * VIR_NETWORK_KEPT_START when it is not modelled (kept verbatim).  The
 * only namespaced modelled child is <ovn:switch>.
 */
static virNetworkKeptPlace
virNetworkModelledIndex(const xmlNode *cur)
{
    size_t i;

    if (cur->ns)
        return virNetworkOvnSwitchNodeIs(cur) ? VIR_NETWORK_KEPT_AFTER_OVN_SWITCH
                                              : VIR_NETWORK_KEPT_START;
    for (i = 1; i < G_N_ELEMENTS(virNetworkModelledChildren); i++) {
        if (i != VIR_NETWORK_KEPT_AFTER_OVN_SWITCH &&
            virXMLNodeNameEqual(cur, virNetworkModelledChildren[i]))
            return i;
    }
    return VIR_NETWORK_KEPT_START;
}

/**
 * virNetworkDefParseNode:
 * Parses the <network> element @root (syntax only).  Returns a new
 * definition or NULL with an error.
 */
static virNetworkDef *
virNetworkDefParseNode(xmlNode *root)
{
    /* connections= counts the guests of a running network (upstream's
     * live XML): accepted and dropped, like upstream's define does. */
    static const char * const attrs[] = { "connections", NULL };
    static const char * const keptAttrs[] = { "ipv6", "trustGuestRxFilters", NULL };
    g_autoptr(virNetworkDef) def = virNetworkDefNew();
    bool seen[G_N_ELEMENTS(virNetworkModelledChildren)] = { false };
    virNetworkKeptPlace anchor = VIR_NETWORK_KEPT_START;
    xmlNode *cur;

    if (!virXMLNodeNameEqual(root, "network")) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("expected root element <network>, not <%1$s>"),
                       (const char *)root->name);
        return NULL;
    }
    if (virNetworkCheckAttrs(root, attrs, keptAttrs, &def->kept,
                             VIR_NETWORK_KEPT_NETWORK_ATTR) < 0)
        return NULL;

    for (cur = virXMLChildElement(root); cur; cur = virXMLNextElement(cur)) {
        virNetworkKeptPlace i = virNetworkModelledIndex(cur);

        if (i == VIR_NETWORK_KEPT_START) {
            virNetworkKeptAddElement(&def->kept, NULL, cur, anchor);
            continue;
        }
        if (i != VIR_NETWORK_KEPT_AFTER_IP && virNetworkCheckOnce(cur, &seen[i]) < 0)
            return NULL;
        anchor = i;
        if (virNetworkDefParseChild(def, cur, anchor) < 0)
            return NULL;
    }

    if (!def->name) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("the network needs a <name> element"));
        return NULL;
    }
    return g_steal_pointer(&def);
}

/**
 * virNetworkDefParseDoc:
 * Schema check (when asked), parse, post-parse and validate @doc.
 * Returns a new definition or NULL with an error.
 */
static virNetworkDef *
virNetworkDefParseDoc(xmlDoc *doc, unsigned int flags)
{
    g_autoptr(virNetworkDef) def = NULL;

    if (flags & VIR_NETWORK_DEF_PARSE_VALIDATE_SCHEMA) {
        g_autofree char *schema = virXMLSchemaPath("network.rng");

        if (virXMLValidateAgainstSchema(schema, doc) < 0)
            return NULL;
    }
    if (!(def = virNetworkDefParseNode(xmlDocGetRootElement(doc))) ||
        virNetworkDefPostParse(def) < 0 ||
        virNetworkDefValidate(def) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

/**
 * virNetworkDefParseString:
 * See network_conf.h.
 */
virNetworkDef *
virNetworkDefParseString(const char *xml, const char *filename, unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseString(xml, filename, VIR_NETWORK_XML_MAX_SIZE)))
        return NULL;
    return virNetworkDefParseDoc(doc, flags);
}

/**
 * virNetworkDefParseFile:
 * See network_conf.h.
 */
virNetworkDef *
virNetworkDefParseFile(const char *path, unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseFile(path, VIR_NETWORK_XML_MAX_SIZE)))
        return NULL;
    return virNetworkDefParseDoc(doc, flags);
}

/**
 * virNetworkDefFormat:
 * See network_conf.h.
 */
char *
virNetworkDefFormat(const virNetworkDef *def)
{
    g_auto(virXMLBuf) buf = { 0 };
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) c = { 0 };
    const virNetworkKeptList *kept = &def->kept;
    char uuid[VIR_UUID_STRING_BUFLEN];
    char mac[VIR_MAC_STRING_BUFLEN];
    size_t i;

    virXMLBufInitChild(&c, &buf);
    if (def->ovnSwitch)
        virXMLBufAsprintf(&attrs, " xmlns:%s='%s'", VIR_NETWORK_OVN_PREFIX,
                          VIR_NETWORK_OVN_NAMESPACE);
    virNetworkKeptFormat(&attrs, kept, VIR_NETWORK_KEPT_NETWORK_ATTR);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_START);
    virXMLBufEscapeText(&c, "<name>%s</name>\n", def->name);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_NAME);
    virXMLBufAsprintf(&c, "<uuid>%s</uuid>\n", virUUIDFormat(def->uuid, uuid));
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_UUID);
    virNetworkForwardFormat(&c, def);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_FORWARD);
    virNetworkBridgeFormat(&c, def);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_BRIDGE);
    if (def->mtu)
        virXMLBufAsprintf(&c, "<mtu size='%u'/>\n", def->mtu);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_MTU);
    if (def->hasMac)
        virXMLBufAsprintf(&c, "<mac address='%s'/>\n", virMacAddrFormat(&def->mac, mac));
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_MAC);
    virNetworkDomainFormat(&c, def);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_DOMAIN);
    virNetworkDNSFormat(&c, def);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_DNS);
    virNetDevBandwidthDefFormat(&c, def->bandwidth);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_BANDWIDTH);
    for (i = 0; i < def->nips; i++)
        virNetworkIPFormat(&c, &def->ips[i]);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_IP);
    virNetworkVirtualportFormat(&c, def);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_VIRTUALPORT);
    virNetworkOvnSwitchFormat(&c, def);
    virNetworkKeptFormat(&c, kept, VIR_NETWORK_KEPT_AFTER_OVN_SWITCH);
    virXMLFormatElement(&buf, "network", &attrs, &c, true);
    return virXMLBufContentAndReset(&buf);
}

/* ---- queries ------------------------------------------------------------- */

/**
 * virNetworkKeptSummaryAdd:
 * Appends the names in @list to @names, once each.
 */
static void
virNetworkKeptSummaryAdd(GPtrArray *names, const virNetworkKeptList *list)
{
    size_t i;

    for (i = 0; i < list->n; i++) {
        if (!g_ptr_array_find_with_equal_func(names, list->items[i].name,
                                              g_str_equal, NULL))
            g_ptr_array_add(names, list->items[i].name);
    }
}

/**
 * virNetworkDefUnmodelledSummary:
 * See network_conf.h.
 */
char *
virNetworkDefUnmodelledSummary(const virNetworkDef *def)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    size_t i;
    size_t j;

    virNetworkKeptSummaryAdd(names, &def->kept);
    for (i = 0; i < def->nips; i++) {
        virNetworkKeptSummaryAdd(names, &def->ips[i].kept);
        for (j = 0; j < def->ips[i].nhosts; j++)
            virNetworkKeptSummaryAdd(names, &def->ips[i].hosts[j].kept);
    }
    if (names->len == 0)
        return NULL;
    g_ptr_array_add(names, NULL);
    return g_strjoinv(", ", (char **)names->pdata);
}

/**
 * virNetworkDefCreatesBridge:
 * See network_conf.h.
 */
bool
virNetworkDefCreatesBridge(const virNetworkDef *def)
{
    switch (def->forward.type) {
    case VIR_NETWORK_FORWARD_NONE:
    case VIR_NETWORK_FORWARD_NAT:
    case VIR_NETWORK_FORWARD_ROUTE:
    case VIR_NETWORK_FORWARD_OPEN:
        return true;
    case VIR_NETWORK_FORWARD_BRIDGE:
    case VIR_NETWORK_FORWARD_LAST:
        break;
    }
    return false;
}

/**
 * virNetworkIPDefFamily:
 * See network_conf.h.
 */
int
virNetworkIPDefFamily(const virNetworkIPDef *ip)
{
    return ip->address.family;
}

/**
 * virNetworkDefGetIP:
 * See network_conf.h.  The result belongs to @def.
 */
const virNetworkIPDef *
virNetworkDefGetIP(const virNetworkDef *def, int family)
{
    size_t i;

    for (i = 0; i < def->nips; i++) {
        if (def->ips[i].address.family == family)
            return &def->ips[i];
    }
    return NULL;
}
