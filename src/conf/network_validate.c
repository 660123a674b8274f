/*
 * network_validate.c: rules of the network XML beyond syntax
 *
 * Names (network, bridge, DNS), mode combinations, subnets, DHCP ranges
 * and reservations, DNS records and bandwidth, each failure one
 * translatable error that names the network and the offending value.
 *
 * Theory of operation for names: the daemon writes host names, the
 * network's domain and forwarder domains into a dnsmasq configuration
 * and hosts file, one "key=value,value" per line.  A newline, '#', ',',
 * '=', a space or a control character in such a string would let an XML
 * author add configuration lines of their own.  Every such name goes
 * through virNetworkDNSNameValidate(), which admits DNS labels only, so
 * none of those bytes survives validation; a new element that carries a
 * name must call it too.
 *
 * virNetworkDefCheckConflicts() is the one check that looks beyond the
 * definition: the other networks are passed in and the host is asked
 * through callbacks, so it stays pure and testable.
 */
#include "network_conf_priv.h"
#include "virerror.h"
#include "virnetdevname.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETWORK

/* Minimum lease time dnsmasq accepts (its manual: two minutes). */
#define VIR_NETWORK_DHCP_LEASE_MIN_SECONDS 120

/**
 * virNetworkAddrStr:
 * Returns @addr as a new string (caller frees).
 */
static char *
virNetworkAddrStr(const virSocketAddr *addr)
{
    char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];

    return g_strdup(virSocketAddrFormat(addr, buf));
}

/**
 * virNetworkDNSNameInvalidReason:
 * Returns NULL when @name is a DNS name as virNetworkDNSNameValidate
 * describes it, else a translated reason (static).
 */
static const char *
virNetworkDNSNameInvalidReason(const char *name)
{
    size_t label = 0;
    const char *p;

    if (!*name)
        return _("it is empty");
    if (strlen(name) > VIR_NETWORK_DNS_NAME_MAX_LEN)
        return _("it is longer than 253 bytes");
    for (p = name; *p; p++) {
        if (*p == '.') {
            if (label == 0)
                return _("it has an empty label (a leading dot or two dots in a row)");
            if (p[-1] == '-')
                return _("a label ends with '-'");
            label = 0;
            continue;
        }
        if (!g_ascii_isalnum(*p) && *p != '-')
            return _("only letters, digits, '-' and '.' between labels are allowed");
        if (*p == '-' && label == 0)
            return _("a label starts with '-'");
        if (++label > VIR_NETWORK_DNS_LABEL_MAX_LEN)
            return _("a label is longer than 63 bytes");
    }
    if (label == 0)
        return _("it ends with a dot");
    if (p[-1] == '-')
        return _("a label ends with '-'");
    return NULL;
}

/**
 * virNetworkDNSNameValidate:
 * See network_conf.h.
 */
int
virNetworkDNSNameValidate(const char *name, const char *what)
{
    const char *why = virNetworkDNSNameInvalidReason(name);
    g_autofree char *shown = NULL;

    if (!why)
        return 0;
    shown = g_strescape(name, NULL);
    virReportError(VIR_ERR_XML_ERROR, _("invalid %1$s '%2$s': %3$s"),
                   what, shown, why);
    return -1;
}

/**
 * virNetworkNameValidate:
 * See network_conf.h.  The name becomes a file name, a D-Bus object path
 * component (escaped by the daemon) and a polkit detail.
 */
int
virNetworkNameValidate(const char *name)
{
    g_autofree char *shown = g_strescape(name, NULL);
    const char *why = NULL;
    const char *p;

    if (!*name)
        why = _("it is empty");
    else if (strlen(name) > VIR_NETWORK_NAME_MAX_LEN)
        why = _("it is longer than 64 bytes");
    else if (name[0] == '.')
        why = _("it starts with '.'");
    else if (strchr(name, '/'))
        why = _("it contains '/'");
    for (p = name; !why && *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            why = _("it contains a control character");
    }
    if (!why)
        return 0;
    virReportError(VIR_ERR_XML_ERROR, _("invalid network name '%1$s': %2$s"),
                   shown, why);
    return -1;
}

/**
 * virNetworkValidateIfname:
 * Checks the interface name @name given as @what.  Returns 0 or -1.
 */
static int
virNetworkValidateIfname(const virNetworkDef *def, const char *name,
                         const char *what)
{
    const char *why = virNetDevNameInvalidReason(name);
    g_autofree char *shown = NULL;

    if (!why)
        return 0;
    shown = g_strescape(name, NULL);
    virReportError(VIR_ERR_XML_ERROR, _("network '%1$s': invalid %2$s '%3$s': %4$s"),
                   def->name, what, shown, why);
    return -1;
}

/**
 * virNetworkValidateForward:
 * Mode combinations: a host bridge needs its name and carries none of
 * the things a network-made bridge has; NAT needs IPv4.  Returns 0 or -1.
 */
static int
virNetworkValidateForward(const virNetworkDef *def)
{
    const virNetworkForwardDef *fwd = &def->forward;
    /* an OVN network's <ip>, <mac> and <mtu> describe OVN's DHCP
     * (network_ovn_conf.c) */
    bool ovn = virNetworkDefIsOvn(def);
    const char *extra = NULL;

    if (fwd->dev && virNetworkValidateIfname(def, fwd->dev, _("forward device")) < 0)
        return -1;
    if (def->bridge && virNetworkValidateIfname(def, def->bridge, _("bridge name")) < 0)
        return -1;

    if (fwd->type == VIR_NETWORK_FORWARD_BRIDGE) {
        if (!def->bridge) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': <forward mode='bridge'> needs <bridge name='...'/> naming an existing host bridge"),
                           def->name);
            return -1;
        }
        if (def->nips && !ovn)
            extra = "ip";
        else if (def->domain)
            extra = "domain";
        else if (def->dns.nhosts || def->dns.nforwarders ||
                 def->dns.enable != VIR_NETWORK_TRISTATE_ABSENT)
            extra = "dns";
        else if (def->hasMac && !ovn)
            extra = "mac";
        else if (def->mtu && !ovn)
            extra = "mtu";
        else if (fwd->dev)
            extra = "forward dev";
        if (extra) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("network '%1$s': <%2$s> is not supported with <forward mode='bridge'>: the host bridge is configured by the host"),
                           def->name, extra);
            return -1;
        }
        return 0;
    }

    if (fwd->type == VIR_NETWORK_FORWARD_NAT) {
        if (!virNetworkDefGetIP(def, AF_INET)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("network '%1$s': <forward mode='nat'> needs an IPv4 <ip> element (NAT is IPv4 only; use mode='route' for IPv6)"),
                           def->name);
            return -1;
        }
        if (virSocketAddrIsSet(&fwd->natEnd) &&
            virSocketAddrCompare(&fwd->natStart, &fwd->natEnd) > 0) {
            g_autofree char *s = virNetworkAddrStr(&fwd->natStart);
            g_autofree char *e = virNetworkAddrStr(&fwd->natEnd);

            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': NAT address range start '%2$s' is after its end '%3$s'"),
                           def->name, s, e);
            return -1;
        }
        if (fwd->natPortEnd && fwd->natPortStart > fwd->natPortEnd) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': NAT port range start %2$u is after its end %3$u"),
                           def->name, fwd->natPortStart, fwd->natPortEnd);
            return -1;
        }
    }
    if (fwd->type == VIR_NETWORK_FORWARD_OPEN && fwd->dev) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("network '%1$s': <forward mode='open'> takes no device"),
                       def->name);
        return -1;
    }
    return 0;
}

/**
 * virNetworkValidateLease:
 * dnsmasq's minimum lease time.  Returns 0 or -1.
 */
static int
virNetworkValidateLease(const virNetworkDef *def, const virNetworkDHCPLease *lease)
{
    unsigned long long seconds = lease->expiry;

    if (!lease->set || lease->expiry == 0)
        return 0;
    switch (lease->unit) {
    case VIR_NETWORK_DHCP_LEASE_HOURS:
        seconds *= 60;
        G_GNUC_FALLTHROUGH;
    case VIR_NETWORK_DHCP_LEASE_MINUTES:
        seconds *= 60;
        break;
    case VIR_NETWORK_DHCP_LEASE_SECONDS:
    case VIR_NETWORK_DHCP_LEASE_LAST:
        break;
    }
    if (seconds < VIR_NETWORK_DHCP_LEASE_MIN_SECONDS) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("network '%1$s': a DHCP lease must last at least 2 minutes (or expiry='0' for infinite), not %2$llu %3$s"),
                       def->name, lease->expiry,
                       virNetworkDHCPLeaseUnitTypeToString(lease->unit));
        return -1;
    }
    return 0;
}

/**
 * virNetworkValidateInSubnet:
 * Checks that @addr (a @what) lies in the subnet of @ip and is not its
 * IPv4 network or broadcast address.  Returns 0 or -1.
 */
static int
virNetworkValidateInSubnet(const virNetworkDef *def, const virNetworkIPDef *ip,
                           const virSocketAddr *addr, const char *what)
{
    g_autofree char *a = virNetworkAddrStr(addr);
    g_autofree char *net = NULL;
    virSocketAddr first;
    virSocketAddr last;

    virSocketAddrNetwork(&ip->address, ip->prefix, &first);
    virSocketAddrBroadcast(&ip->address, ip->prefix, &last);
    net = virNetworkAddrStr(&first);
    if (!virSocketAddrInSubnet(addr, &ip->address, ip->prefix)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': %2$s '%3$s' is outside the subnet %4$s/%5$u"),
                       def->name, what, a, net, ip->prefix);
        return -1;
    }
    if (addr->family == AF_INET && ip->prefix < 31 &&
        (virSocketAddrCompare(addr, &first) == 0 ||
         virSocketAddrCompare(addr, &last) == 0)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': %2$s '%3$s' is the network or broadcast address of %4$s/%5$u"),
                       def->name, what, a, net, ip->prefix);
        return -1;
    }
    return 0;
}

/**
 * virNetworkValidateRanges:
 * Each DHCP range inside the subnet, start <= end, no two overlapping.
 * Returns 0 or -1.
 */
static int
virNetworkValidateRanges(const virNetworkDef *def, const virNetworkIPDef *ip)
{
    size_t i;
    size_t j;

    for (i = 0; i < ip->nranges; i++) {
        const virNetworkDHCPRangeDef *r = &ip->ranges[i];

        if (virNetworkValidateInSubnet(def, ip, &r->start, _("DHCP range start")) < 0 ||
            virNetworkValidateInSubnet(def, ip, &r->end, _("DHCP range end")) < 0 ||
            virNetworkValidateLease(def, &r->lease) < 0)
            return -1;
        if (virSocketAddrCompare(&r->start, &r->end) > 0) {
            g_autofree char *s = virNetworkAddrStr(&r->start);
            g_autofree char *e = virNetworkAddrStr(&r->end);

            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': DHCP range start '%2$s' is after its end '%3$s'"),
                           def->name, s, e);
            return -1;
        }
        for (j = 0; j < i; j++) {
            const virNetworkDHCPRangeDef *o = &ip->ranges[j];

            if (virSocketAddrCompare(&r->start, &o->end) <= 0 &&
                virSocketAddrCompare(&o->start, &r->end) <= 0) {
                g_autofree char *s1 = virNetworkAddrStr(&o->start);
                g_autofree char *e1 = virNetworkAddrStr(&o->end);
                g_autofree char *s2 = virNetworkAddrStr(&r->start);
                g_autofree char *e2 = virNetworkAddrStr(&r->end);

                virReportError(VIR_ERR_XML_ERROR,
                               _("network '%1$s': DHCP ranges %2$s-%3$s and %4$s-%5$s overlap"),
                               def->name, s1, e1, s2, e2);
                return -1;
            }
        }
    }
    return 0;
}

/**
 * virNetworkValidateHostDuplicate:
 * Reports host @j of @ip repeating the MAC, name or address of host @i.
 * Returns 0 or -1.
 */
static int
virNetworkValidateHostDuplicate(const virNetworkDef *def, const virNetworkIPDef *ip,
                                size_t i, size_t j)
{
    const virNetworkDHCPHostDef *a = &ip->hosts[i];
    const virNetworkDHCPHostDef *b = &ip->hosts[j];
    g_autofree char *what = NULL;

    if (a->hasMac && b->hasMac && virMacAddrEqual(&a->mac, &b->mac)) {
        char mac[VIR_MAC_STRING_BUFLEN];

        what = g_strdup_printf("mac='%s'", virMacAddrFormat(&a->mac, mac));
    } else if (a->name && b->name && g_ascii_strcasecmp(a->name, b->name) == 0) {
        what = g_strdup_printf("name='%s'", a->name);
    } else if (a->id && b->id && g_ascii_strcasecmp(a->id, b->id) == 0) {
        what = g_strdup_printf("id='%s'", a->id);
    } else if (virSocketAddrIsSet(&a->ip) &&
               virSocketAddrCompare(&a->ip, &b->ip) == 0) {
        g_autofree char *addr = virNetworkAddrStr(&a->ip);

        what = g_strdup_printf("ip='%s'", addr);
    } else {
        return 0;
    }
    virReportError(VIR_ERR_XML_ERROR,
                   _("network '%1$s': two DHCP <host> entries have %2$s"),
                   def->name, what);
    return -1;
}

/**
 * virNetworkValidateHosts:
 * DHCP reservations: an address inside the subnet, an identity (MAC or
 * name for IPv4, id or name for IPv6), valid names, no duplicates.
 * Returns 0 or -1.
 */
static int
virNetworkValidateHosts(const virNetworkDef *def, const virNetworkIPDef *ip)
{
    bool v6 = virNetworkIPDefFamily(ip) == AF_INET6;
    size_t i;
    size_t j;

    for (i = 0; i < ip->nhosts; i++) {
        const virNetworkDHCPHostDef *h = &ip->hosts[i];

        if (!virSocketAddrIsSet(&h->ip)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': a DHCP <host> needs an 'ip' attribute"),
                           def->name);
            return -1;
        }
        if (virNetworkValidateInSubnet(def, ip, &h->ip, _("DHCP host address")) < 0)
            return -1;
        if (v6 && h->hasMac) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': a DHCP <host> of an IPv6 network is identified by 'id' or 'name', not 'mac'"),
                           def->name);
            return -1;
        }
        if (!v6 && h->id) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': 'id' of a DHCP <host> is for IPv6 networks; use 'mac'"),
                           def->name);
            return -1;
        }
        if (!(v6 ? (h->id || h->name) : (h->hasMac || h->name))) {
            virReportError(VIR_ERR_XML_ERROR,
                           v6 ? _("network '%1$s': a DHCP <host> of an IPv6 network needs 'id' or 'name'")
                              : _("network '%1$s': a DHCP <host> of an IPv4 network needs 'mac' or 'name'"),
                           def->name);
            return -1;
        }
        if (h->hasMac && !virMacAddrIsUnicast(&h->mac)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': the MAC address of a DHCP <host> must be unicast"),
                           def->name);
            return -1;
        }
        if (h->id && (!*h->id || h->id[strspn(h->id, "0123456789abcdefABCDEF:")])) {
            g_autofree char *shown = g_strescape(h->id, NULL);

            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': invalid DHCP host id '%2$s': only hex digits and ':' are allowed"),
                           def->name, shown);
            return -1;
        }
        if (h->name && virNetworkDNSNameValidate(h->name, _("DHCP host name")) < 0)
            return -1;
        for (j = 0; j < i; j++) {
            if (virNetworkValidateHostDuplicate(def, ip, j, i) < 0)
                return -1;
        }
    }
    return 0;
}

/**
 * virNetworkValidateIP:
 * One <ip>: family agreeing with the address, prefix or netmask (not
 * both, and only IPv4 has a netmask), then its DHCP.  Returns 0 or -1.
 */
static int
virNetworkValidateIP(const virNetworkDef *def, const virNetworkIPDef *ip)
{
    int family = virNetworkIPDefFamily(ip);
    g_autofree char *addr = virNetworkAddrStr(&ip->address);

    if ((ip->family == VIR_NETWORK_IP_FAMILY_IPV4 && family != AF_INET) ||
        (ip->family == VIR_NETWORK_IP_FAMILY_IPV6 && family != AF_INET6)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': <ip family='%2$s'> has the address '%3$s' of the other family"),
                       def->name, virNetworkIPFamilyTypeToString(ip->family), addr);
        return -1;
    }
    if (ip->prefixSet && virSocketAddrIsSet(&ip->netmask)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': <ip address='%2$s'> has both 'prefix' and 'netmask'"),
                       def->name, addr);
        return -1;
    }
    if (family == AF_INET6 && virSocketAddrIsSet(&ip->netmask)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': <ip address='%2$s'> is IPv6 and takes 'prefix', not 'netmask'"),
                       def->name, addr);
        return -1;
    }
    if (ip->prefix > virSocketAddrMaxPrefix(&ip->address) || ip->prefix == 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': prefix %2$u of <ip address='%3$s'> is out of range"),
                       def->name, ip->prefix, addr);
        return -1;
    }
    if (virNetworkValidateRanges(def, ip) < 0 || virNetworkValidateHosts(def, ip) < 0)
        return -1;
    return 0;
}

/**
 * virNetworkValidateIPs:
 * Every <ip>, and DHCP on at most one <ip> per family (dnsmasq serves
 * one subnet per family on a bridge, as upstream).  Returns 0 or -1.
 */
static int
virNetworkValidateIPs(const virNetworkDef *def)
{
    const virNetworkIPDef *dhcp4 = NULL;
    const virNetworkIPDef *dhcp6 = NULL;
    size_t i;

    for (i = 0; i < def->nips; i++) {
        const virNetworkIPDef *ip = &def->ips[i];
        const virNetworkIPDef **slot;

        if (virNetworkValidateIP(def, ip) < 0)
            return -1;
        if (!ip->nranges && !ip->nhosts)
            continue;
        slot = virNetworkIPDefFamily(ip) == AF_INET ? &dhcp4 : &dhcp6;
        if (*slot) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("network '%1$s': DHCP is supported on only one %2$s <ip> element"),
                           def->name, slot == &dhcp4 ? "IPv4" : "IPv6");
            return -1;
        }
        *slot = ip;
    }
    return 0;
}

/**
 * virNetworkValidateDNS:
 * Domain and DNS: valid names everywhere, forwarders with something to
 * do, hosts with names, no records when DNS is disabled.  Returns 0 or -1.
 */
static int
virNetworkValidateDNS(const virNetworkDef *def)
{
    const virNetworkDNSDef *dns = &def->dns;
    size_t i;
    size_t j;

    if (def->domain && virNetworkDNSNameValidate(def->domain, _("domain name")) < 0)
        return -1;
    if (dns->enable == VIR_NETWORK_TRISTATE_NO && (dns->nhosts || dns->nforwarders)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': <dns enable='no'> cannot hold <host> or <forwarder> entries"),
                       def->name);
        return -1;
    }
    for (i = 0; i < dns->nforwarders; i++) {
        const virNetworkDNSForwarderDef *fwd = &dns->forwarders[i];

        if (!fwd->domain && !virSocketAddrIsSet(&fwd->addr)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': a DNS <forwarder> needs 'addr', 'domain' or both"),
                           def->name);
            return -1;
        }
        if (fwd->domain &&
            virNetworkDNSNameValidate(fwd->domain, _("DNS forwarder domain")) < 0)
            return -1;
    }
    for (i = 0; i < dns->nhosts; i++) {
        const virNetworkDNSHostDef *host = &dns->hosts[i];

        if (host->nnames == 0) {
            g_autofree char *addr = virNetworkAddrStr(&host->ip);

            virReportError(VIR_ERR_XML_ERROR,
                           _("network '%1$s': DNS <host ip='%2$s'> needs at least one <hostname>"),
                           def->name, addr);
            return -1;
        }
        for (j = 0; j < host->nnames; j++) {
            if (virNetworkDNSNameValidate(host->names[j], _("DNS host name")) < 0)
                return -1;
        }
    }
    return 0;
}

/**
 * virNetworkValidateBandwidth:
 * Each direction needs an average (inbound: or a floor); a floor above
 * the average cannot be guaranteed.  Returns 0 or -1.
 */
static int
virNetworkValidateBandwidth(const virNetworkDef *def)
{
    const virNetDevBandwidthDef *bw = def->bandwidth;
    g_autofree char *owner = NULL;

    if (!bw)
        return 0;
    owner = g_strdup_printf(_("network '%1$s'"), def->name);
    if (virNetDevBandwidthDefValidate(bw, owner) < 0)
        return -1;
    if (bw->in && bw->in->floor && bw->in->average && bw->in->floor > bw->in->average) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': inbound floor %2$llu is above the inbound average %3$llu"),
                       def->name, bw->in->floor, bw->in->average);
        return -1;
    }
    return 0;
}

/**
 * virNetworkValidateBridgeOptions:
 * mtu, stp and delay describe a bridge the network creates.  Returns 0
 * or -1.
 */
static int
virNetworkValidateBridgeOptions(const virNetworkDef *def)
{
    if (def->hasMac && !virMacAddrIsUnicast(&def->mac)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("network '%1$s': the bridge MAC address must be unicast and not all zero"),
                       def->name);
        return -1;
    }
    if (!virNetworkDefCreatesBridge(def) && (!def->stp || def->delay)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("network '%1$s': bridge 'stp' and 'delay' apply only to a bridge the network creates, not with <forward mode='bridge'>"),
                       def->name);
        return -1;
    }
    return 0;
}

/**
 * virNetworkDefValidate:
 * See network_conf_priv.h.
 */
int
virNetworkDefValidate(const virNetworkDef *def)
{
    if (virNetworkNameValidate(def->name) < 0 ||
        virNetworkValidateIPs(def) < 0 ||
        virNetworkValidateForward(def) < 0 ||
        virNetworkDefValidateOvn(def) < 0 ||
        virNetworkValidateBridgeOptions(def) < 0 ||
        virNetworkValidateDNS(def) < 0 ||
        virNetworkValidateBandwidth(def) < 0)
        return -1;
    return 0;
}

/* ---- across networks and the host ---------------------------------------- */

/**
 * virNetworkCheckSubnets:
 * No <ip> subnet of @def overlaps one of @other.  Returns 0 or -1.
 */
static int
virNetworkCheckSubnets(const virNetworkDef *def, const virNetworkDef *other)
{
    size_t i;
    size_t j;

    for (i = 0; i < def->nips; i++) {
        for (j = 0; j < other->nips; j++) {
            const virNetworkIPDef *a = &def->ips[i];
            const virNetworkIPDef *b = &other->ips[j];
            g_autofree char *as = NULL;
            g_autofree char *bs = NULL;

            if (!virSocketAddrSubnetsOverlap(&a->address, a->prefix,
                                             &b->address, b->prefix))
                continue;
            as = virNetworkAddrStr(&a->address);
            bs = virNetworkAddrStr(&b->address);
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("network '%1$s': subnet %2$s/%3$u overlaps %4$s/%5$u of network '%6$s'"),
                           def->name, as, a->prefix, bs, b->prefix, other->name);
            return -1;
        }
    }
    return 0;
}

/**
 * virNetworkCheckHost:
 * The bridge @def creates is not a link of the host, and its subnets are
 * not in use on the host.  Returns 0 or -1.
 */
static int
virNetworkCheckHost(const virNetworkDef *def, const virNetworkHostCallbacks *host)
{
    size_t i;
    int rc;

    if (host->linkInUse && def->bridge && virNetworkDefCreatesBridge(def)) {
        if ((rc = host->linkInUse(def->bridge, host->opaque)) < 0)
            return -1;
        if (rc > 0) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("network '%1$s': bridge name '%2$s' is taken by a host interface that is not a network's bridge"),
                           def->name, def->bridge);
            return -1;
        }
    }
    /* the subnet of a network on an existing bridge (an OVN logical
     * switch's DHCP) is not the host's */
    for (i = 0; host->subnetInUse && virNetworkDefCreatesBridge(def) && i < def->nips; i++) {
        const virNetworkIPDef *ip = &def->ips[i];
        g_autofree char *where = NULL;
        g_autofree char *addr = NULL;

        if ((rc = host->subnetInUse(&ip->address, ip->prefix, &where, host->opaque)) < 0)
            return -1;
        if (rc == 0)
            continue;
        addr = virNetworkAddrStr(&ip->address);
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("network '%1$s': subnet %2$s/%3$u is already in use on the host (%4$s)"),
                       def->name, addr, ip->prefix, where ? where : _("an address or route"));
        return -1;
    }
    return 0;
}

/**
 * virNetworkDefCheckConflicts:
 * See network_conf.h.
 */
int
virNetworkDefCheckConflicts(const virNetworkDef *def,
                            const virNetworkDef * const *others,
                            size_t nothers,
                            const virNetworkHostCallbacks *host)
{
    size_t i;

    for (i = 0; i < nothers; i++) {
        const virNetworkDef *other = others[i];

        if (strcmp(other->name, def->name) == 0)
            continue;
        if (memcmp(other->uuid, def->uuid, VIR_UUID_BUFLEN) == 0) {
            char uuid[VIR_UUID_STRING_BUFLEN];

            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("network '%1$s': uuid %2$s is already used by network '%3$s'"),
                           def->name, virUUIDFormat(def->uuid, uuid), other->name);
            return -1;
        }
        if (def->bridge && other->bridge && strcmp(def->bridge, other->bridge) == 0 &&
            (virNetworkDefCreatesBridge(def) || virNetworkDefCreatesBridge(other))) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("network '%1$s': bridge name '%2$s' is already used by network '%3$s'"),
                           def->name, def->bridge, other->name);
            return -1;
        }
        if (virNetworkCheckSubnets(def, other) < 0)
            return -1;
    }
    if (host && virNetworkCheckHost(def, host) < 0)
        return -1;
    return 0;
}
