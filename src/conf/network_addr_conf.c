/*
 * network_addr_conf.c: parse and format the addressing of a network:
 * <dns>, and <ip> with <dhcp>
 *
 * Split from network_conf.c the way the domain's <interface> lives in
 * domain_net_conf.c: one small static parse/format pair per element,
 * syntax only; the rules (subnets, ranges, names) are
 * network_validate.c's.
 */
#include "network_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETWORK

/* ---- <dns> --------------------------------------------------------------- */

/**
 * virNetworkDNSHostParse:
 * <host ip=><hostname>NAME</hostname>...</host>.  Returns 0 or -1.
 */
static int
virNetworkDNSHostParse(virNetworkDNSDef *dns, xmlNode *node)
{
    static const char * const attrs[] = { "ip", NULL };
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    virNetworkDNSHostDef host = { 0 };
    xmlNode *cur;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virNetworkParseAddr(node, "ip", AF_UNSPEC, true, &host.ip) < 0)
        return -1;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        char *name = NULL;

        if (!virXMLNodeNameEqual(cur, "hostname"))
            return virXMLReportUnknownChild(cur);
        if (virNetworkParseText(cur, &name) < 0)
            return -1;
        g_ptr_array_add(names, name);
    }
    host.nnames = names->len;
    g_ptr_array_add(names, NULL);
    host.names = (char **)g_ptr_array_steal(names, NULL);
    dns->hosts = g_renew(virNetworkDNSHostDef, dns->hosts, dns->nhosts + 1);
    dns->hosts[dns->nhosts++] = host;
    return 0;
}

/**
 * virNetworkDNSForwarderParse:
 * <forwarder domain= addr=/>.  Returns 0 or -1 with an error.
 */
static int
virNetworkDNSForwarderParse(virNetworkDNSDef *dns, xmlNode *node)
{
    static const char * const attrs[] = { "domain", "addr", NULL };
    virNetworkDNSForwarderDef fwd = { 0 };

    if (virXMLCheckAttrs(node, attrs) < 0 || virNetworkCheckEmpty(node) < 0 ||
        virNetworkParseAddr(node, "addr", AF_UNSPEC, false, &fwd.addr) < 0)
        return -1;
    fwd.domain = virXMLPropString(node, "domain");
    dns->forwarders = g_renew(virNetworkDNSForwarderDef, dns->forwarders,
                              dns->nforwarders + 1);
    dns->forwarders[dns->nforwarders++] = fwd;
    return 0;
}

/**
 * virNetworkDNSParse:
 * <dns enable=> with <forwarder>, <host>; forwardPlainNames=, <txt> and
 * <srv> kept.  Returns 0 or -1 with an error.
 */
int
virNetworkDNSParse(virNetworkDef *def, xmlNode *node)
{
    static const char * const attrs[] = { "enable", NULL };
    static const char * const keptAttrs[] = { "forwardPlainNames", NULL };
    static const char * const keptChildren[] = { "txt", "srv", NULL };
    xmlNode *cur;

    if (virNetworkCheckAttrs(node, attrs, keptAttrs, &def->kept,
                             VIR_NETWORK_KEPT_DNS_ATTR) < 0 ||
        virNetworkParseTristate(node, "enable", &def->dns.enable) < 0)
        return -1;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc;

        if (virXMLNodeNameEqual(cur, "host"))
            rc = virNetworkDNSHostParse(&def->dns, cur);
        else if (virXMLNodeNameEqual(cur, "forwarder"))
            rc = virNetworkDNSForwarderParse(&def->dns, cur);
        else
            rc = virNetworkKeptChildParse(&def->kept, "dns", cur, keptChildren,
                                          VIR_NETWORK_KEPT_DNS_CHILD);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/**
 * virNetworkDNSFormat:
 * Writes <dns> when it holds anything (upstream's rule): forwarders, the
 * kept txt/srv records, then hosts.
 */
void
virNetworkDNSFormat(virXMLBuf *buf, const virNetworkDef *def)
{
    const virNetworkDNSDef *dns = &def->dns;
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    char addr[VIR_SOCKET_ADDR_STRING_BUFLEN];
    size_t i;
    size_t j;

    virXMLBufInitChild(&children, buf);
    if (dns->enable != VIR_NETWORK_TRISTATE_ABSENT)
        virXMLBufAsprintf(&attrs, " enable='%s'",
                          virNetworkTristateTypeToString(dns->enable));
    virNetworkKeptFormat(&attrs, &def->kept, VIR_NETWORK_KEPT_DNS_ATTR);
    for (i = 0; i < dns->nforwarders; i++) {
        const virNetworkDNSForwarderDef *fwd = &dns->forwarders[i];

        virXMLBufAddLit(&children, "<forwarder");
        virXMLBufEscapeString(&children, " domain='%s'", fwd->domain);
        if (virSocketAddrIsSet(&fwd->addr))
            virXMLBufAsprintf(&children, " addr='%s'",
                              virSocketAddrFormat(&fwd->addr, addr));
        virXMLBufAddLit(&children, "/>\n");
    }
    virNetworkKeptFormat(&children, &def->kept, VIR_NETWORK_KEPT_DNS_CHILD);
    for (i = 0; i < dns->nhosts; i++) {
        const virNetworkDNSHostDef *host = &dns->hosts[i];
        g_auto(virXMLBuf) hostAttrs = { 0 };
        g_auto(virXMLBuf) names = { 0 };

        virXMLBufInitChild(&names, &children);
        virXMLBufAsprintf(&hostAttrs, " ip='%s'", virSocketAddrFormat(&host->ip, addr));
        for (j = 0; j < host->nnames; j++)
            virXMLBufEscapeString(&names, "<hostname>%s</hostname>\n", host->names[j]);
        virXMLFormatElement(&children, "host", &hostAttrs, &names, true);
    }
    virXMLFormatElement(buf, "dns", &attrs, &children, false);
}

/* ---- <ip> and <dhcp> ----------------------------------------------------- */

/**
 * virNetworkLeaseParse:
 * <lease expiry= unit=/> (unit defaults to minutes, like upstream).
 * Returns 0 or -1 with an error.
 */
static int
virNetworkLeaseParse(virNetworkDHCPLease *lease, xmlNode *node)
{
    static const char * const attrs[] = { "expiry", "unit", NULL };
    int unit = VIR_NETWORK_DHCP_LEASE_MINUTES;

    if (virNetworkCheckOnce(node, &lease->set) < 0 ||
        virXMLCheckAttrs(node, attrs) < 0 || virNetworkCheckEmpty(node) < 0 ||
        virXMLPropULongLong(node, "expiry", 0, G_MAXUINT32, VIR_XML_PROP_REQUIRED,
                            &lease->expiry) < 0 ||
        virXMLPropEnum(node, "unit", virNetworkDHCPLeaseUnitTypeFromString, 0,
                       &unit) < 0)
        return -1;
    lease->unit = unit;
    return 0;
}

/**
 * virNetworkLeaseFormat:
 * Writes <lease> when set.
 */
static void
virNetworkLeaseFormat(virXMLBuf *buf, const virNetworkDHCPLease *lease)
{
    if (!lease->set)
        return;
    if (lease->expiry == 0)
        virXMLBufAddLit(buf, "<lease expiry='0'/>\n");
    else
        virXMLBufAsprintf(buf, "<lease expiry='%llu' unit='%s'/>\n", lease->expiry,
                          virNetworkDHCPLeaseUnitTypeToString(lease->unit));
}

/**
 * virNetworkDHCPRangeParse:
 * <range start= end=><lease/></range>.  Returns 0 or -1 with an error.
 */
static int
virNetworkDHCPRangeParse(virNetworkIPDef *ip, xmlNode *node)
{
    static const char * const attrs[] = { "start", "end", NULL };
    virNetworkDHCPRangeDef range = { 0 };
    xmlNode *cur;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virNetworkParseAddr(node, "start", AF_UNSPEC, true, &range.start) < 0 ||
        virNetworkParseAddr(node, "end", AF_UNSPEC, true, &range.end) < 0)
        return -1;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (!virXMLNodeNameEqual(cur, "lease"))
            return virXMLReportUnknownChild(cur);
        if (virNetworkLeaseParse(&range.lease, cur) < 0)
            return -1;
    }
    ip->ranges = g_renew(virNetworkDHCPRangeDef, ip->ranges, ip->nranges + 1);
    ip->ranges[ip->nranges++] = range;
    return 0;
}

/**
 * virNetworkDHCPHostParse:
 * <host mac= id= name= ip=/>, <lease> kept.  Returns 0 or -1.
 */
static int
virNetworkDHCPHostParse(virNetworkIPDef *ip, xmlNode *node)
{
    static const char * const attrs[] = { "mac", "id", "name", "ip", NULL };
    static const char * const keptChildren[] = { "lease", NULL };
    g_autofree char *mac = NULL;
    virNetworkDHCPHostDef host = { 0 };
    xmlNode *cur;
    int rc = 0;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virNetworkParseAddr(node, "ip", AF_UNSPEC, false, &host.ip) < 0)
        return -1;
    if ((mac = virXMLPropString(node, "mac"))) {
        if (virMacAddrParse(mac, &host.mac) < 0) {
            virXMLReportInvalidValue(node, "mac", mac,
                                     _("expected six colon-separated hex bytes"));
            return -1;
        }
        host.hasMac = true;
    }
    for (cur = virXMLChildElement(node); cur && rc == 0; cur = virXMLNextElement(cur))
        rc = virNetworkKeptChildParse(&host.kept, "dhcp/host", cur, keptChildren,
                                      VIR_NETWORK_KEPT_HOST_CHILD);
    if (rc < 0) {
        virNetworkKeptListClear(&host.kept);
        return -1;
    }
    host.id = virXMLPropString(node, "id");
    host.name = virXMLPropString(node, "name");
    ip->hosts = g_renew(virNetworkDHCPHostDef, ip->hosts, ip->nhosts + 1);
    ip->hosts[ip->nhosts++] = host;
    return 0;
}

/**
 * virNetworkDHCPParse:
 * <dhcp> with <range>, <host>; <bootp> kept.  Returns 0 or -1.
 */
static int
virNetworkDHCPParse(virNetworkIPDef *ip, xmlNode *node)
{
    static const char * const keptChildren[] = { "bootp", NULL };
    xmlNode *cur;

    if (virXMLCheckAttrs(node, NULL) < 0)
        return -1;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc;

        if (virXMLNodeNameEqual(cur, "range"))
            rc = virNetworkDHCPRangeParse(ip, cur);
        else if (virXMLNodeNameEqual(cur, "host"))
            rc = virNetworkDHCPHostParse(ip, cur);
        else
            rc = virNetworkKeptChildParse(&ip->kept, "dhcp", cur, keptChildren,
                                          VIR_NETWORK_KEPT_DHCP_CHILD);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/**
 * virNetworkIPParseInto:
 * The attributes and children of <ip> into @ip.  Returns 0 or -1.
 */
static int
virNetworkIPParseInto(virNetworkIPDef *ip, xmlNode *node)
{
    static const char * const attrs[] = { "family", "address", "netmask", "prefix", NULL };
    static const char * const keptAttrs[] = { "localPtr", NULL };
    static const char * const keptChildren[] = { "tftp", NULL };
    int family = VIR_NETWORK_IP_FAMILY_ABSENT;
    bool seenDhcp = false;
    xmlNode *cur;
    int rc;

    if (virNetworkCheckAttrs(node, attrs, keptAttrs, &ip->kept,
                             VIR_NETWORK_KEPT_IP_ATTR) < 0 ||
        virXMLPropEnum(node, "family", virNetworkIPFamilyTypeFromString,
                       VIR_XML_PROP_NONZERO, &family) < 0 ||
        virNetworkParseAddr(node, "address", AF_UNSPEC, true, &ip->address) < 0 ||
        virNetworkParseAddr(node, "netmask", AF_INET, false, &ip->netmask) < 0 ||
        (rc = virXMLPropUInt(node, "prefix", 10, 0, 128, 0, &ip->prefix)) < 0)
        return -1;
    ip->family = family;
    ip->prefixSet = rc > 0;

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "dhcp")) {
            if (virNetworkCheckOnce(cur, &seenDhcp) < 0 ||
                virNetworkDHCPParse(ip, cur) < 0)
                return -1;
        } else if (virNetworkKeptChildParse(&ip->kept, "ip", cur, keptChildren,
                                            VIR_NETWORK_KEPT_IP_CHILD) < 0) {
            return -1;
        }
    }
    return 0;
}

/**
 * virNetworkIPParse:
 * Appends one <ip> to @def.  Returns 0 or -1 with an error.
 */
int
virNetworkIPParse(virNetworkDef *def, xmlNode *node)
{
    def->ips = g_renew(virNetworkIPDef, def->ips, def->nips + 1);
    memset(&def->ips[def->nips], 0, sizeof(def->ips[def->nips]));
    /* counted before parsing so that a failure frees what was filled */
    return virNetworkIPParseInto(&def->ips[def->nips++], node);
}

/**
 * virNetworkDHCPFormat:
 * Writes <dhcp> when it holds ranges, hosts or kept children.
 */
static void
virNetworkDHCPFormat(virXMLBuf *buf, const virNetworkIPDef *ip)
{
    g_auto(virXMLBuf) children = { 0 };
    char addr[VIR_SOCKET_ADDR_STRING_BUFLEN];
    char mac[VIR_MAC_STRING_BUFLEN];
    size_t i;

    virXMLBufInitChild(&children, buf);
    for (i = 0; i < ip->nranges; i++) {
        g_auto(virXMLBuf) attrs = { 0 };
        g_auto(virXMLBuf) sub = { 0 };

        virXMLBufInitChild(&sub, &children);
        virXMLBufAsprintf(&attrs, " start='%s'",
                          virSocketAddrFormat(&ip->ranges[i].start, addr));
        virXMLBufAsprintf(&attrs, " end='%s'",
                          virSocketAddrFormat(&ip->ranges[i].end, addr));
        virNetworkLeaseFormat(&sub, &ip->ranges[i].lease);
        virXMLFormatElement(&children, "range", &attrs, &sub, true);
    }
    for (i = 0; i < ip->nhosts; i++) {
        const virNetworkDHCPHostDef *host = &ip->hosts[i];
        g_auto(virXMLBuf) attrs = { 0 };
        g_auto(virXMLBuf) sub = { 0 };

        virXMLBufInitChild(&sub, &children);
        if (host->hasMac)
            virXMLBufAsprintf(&attrs, " mac='%s'", virMacAddrFormat(&host->mac, mac));
        virXMLBufEscapeString(&attrs, " id='%s'", host->id);
        virXMLBufEscapeString(&attrs, " name='%s'", host->name);
        if (virSocketAddrIsSet(&host->ip))
            virXMLBufAsprintf(&attrs, " ip='%s'", virSocketAddrFormat(&host->ip, addr));
        virNetworkKeptFormat(&sub, &host->kept, VIR_NETWORK_KEPT_HOST_CHILD);
        virXMLFormatElement(&children, "host", &attrs, &sub, true);
    }
    virNetworkKeptFormat(&children, &ip->kept, VIR_NETWORK_KEPT_DHCP_CHILD);
    virXMLFormatElement(buf, "dhcp", NULL, &children, false);
}

/**
 * virNetworkIPFormat:
 * Writes one <ip>.
 */
void
virNetworkIPFormat(virXMLBuf *buf, const virNetworkIPDef *ip)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    char addr[VIR_SOCKET_ADDR_STRING_BUFLEN];

    virXMLBufInitChild(&children, buf);
    if (ip->family != VIR_NETWORK_IP_FAMILY_ABSENT)
        virXMLBufAsprintf(&attrs, " family='%s'",
                          virNetworkIPFamilyTypeToString(ip->family));
    virXMLBufAsprintf(&attrs, " address='%s'", virSocketAddrFormat(&ip->address, addr));
    if (virSocketAddrIsSet(&ip->netmask))
        virXMLBufAsprintf(&attrs, " netmask='%s'", virSocketAddrFormat(&ip->netmask, addr));
    if (ip->prefixSet)
        virXMLBufAsprintf(&attrs, " prefix='%u'", ip->prefix);
    virNetworkKeptFormat(&attrs, &ip->kept, VIR_NETWORK_KEPT_IP_ATTR);
    virNetworkKeptFormat(&children, &ip->kept, VIR_NETWORK_KEPT_IP_CHILD);
    virNetworkDHCPFormat(&children, ip);
    virXMLFormatElement(buf, "ip", &attrs, &children, true);
}

/**
 * virNetworkDHCPLeaseSeconds:
 * See network_conf.h.
 */
unsigned int
virNetworkDHCPLeaseSeconds(const virNetworkDHCPLease *lease)
{
    unsigned long long mult = 1;

    if (!lease->set)
        return 0;
    if (lease->expiry == 0)
        return G_MAXUINT32;
    switch (lease->unit) {
    case VIR_NETWORK_DHCP_LEASE_HOURS:
        mult = 3600;
        break;
    case VIR_NETWORK_DHCP_LEASE_MINUTES:
        mult = 60;
        break;
    case VIR_NETWORK_DHCP_LEASE_SECONDS:
    case VIR_NETWORK_DHCP_LEASE_LAST:
        break;
    }
    if (lease->expiry > (G_MAXUINT32 - 1) / mult)
        return G_MAXUINT32 - 1;
    return lease->expiry * mult;
}
