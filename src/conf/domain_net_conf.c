/*
 * domain_net_conf.c: parse and format <interface> and its sub-elements
 *
 * One small static parse/format pair per sub-element.  Parsing checks
 * syntax only (known elements and attributes, value syntax and ranges);
 * combinations are domain_validate.c's job.
 */
#include "domain_conf_priv.h"
#include "virerror.h"
#include "virnetdevname.h"

#include <arpa/inet.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

#define VIR_NET_MTU_MIN 68
#define VIR_NET_MTU_MAX 65535
#define VIR_NET_VLAN_TAG_MAX 4095

/**
 * virDomainNetParseMac:
 * <mac address='52:54:00:..'/>.  Returns 0 or -1 with an error.
 */
static int
virDomainNetParseMac(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const attrs[] = { "address", NULL };
    g_autofree char *addr = NULL;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        !(addr = virXMLPropStringRequired(node, "address")))
        return -1;
    if (virMacAddrParse(addr, &net->mac) < 0) {
        virXMLReportInvalidValue(node, "address", addr,
                                 _("expected six colon-separated hex bytes"));
        return -1;
    }
    net->macGenerated = false;
    return 0;
}

/**
 * virDomainNetParseSource:
 * <source bridge=|network= portgroup=|dev= mode=/>, the attributes
 * allowed depending on the interface type; portid= only in status XML.
 * Returns 0 or -1 with an error.
 */
static int
virDomainNetParseSource(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const bridgeAttrs[] = { "bridge", "portid", NULL };
    /* bridge= on a network source is live data written for a running
     * guest (the bridge its port landed on): kept in status XML, accepted
     * and dropped elsewhere, as upstream's define drops it. */
    static const char * const networkAttrs[] = {
        "network", "portgroup", "portid", "bridge", NULL
    };
    static const char * const directAttrs[] = { "dev", "mode", "portid", NULL };
    static const char * const userAttrs[] = { "dev", NULL };
    g_autofree char *portid = NULL;
    int mode = VIR_DOMAIN_NET_MACVTAP_MODE_VEPA;

    switch (net->type) {
    case VIR_DOMAIN_NET_TYPE_BRIDGE:
        if (virXMLCheckAttrs(node, bridgeAttrs) < 0 ||
            !(net->sourceBridge = virXMLPropStringRequired(node, "bridge")))
            return -1;
        break;
    case VIR_DOMAIN_NET_TYPE_NETWORK:
        if (virXMLCheckAttrs(node, networkAttrs) < 0 ||
            !(net->sourceNetwork = virXMLPropStringRequired(node, "network")))
            return -1;
        net->sourcePortgroup = virXMLPropString(node, "portgroup");
        if (flags & VIR_DOMAIN_DEF_PARSE_STATUS)
            net->sourceBridge = virXMLPropString(node, "bridge");
        break;
    case VIR_DOMAIN_NET_TYPE_DIRECT:
        if (virXMLCheckAttrs(node, directAttrs) < 0 ||
            !(net->sourceDev = virXMLPropStringRequired(node, "dev")))
            return -1;
        if (virXMLPropEnum(node, "mode", virDomainNetMacvtapModeTypeFromString,
                           VIR_XML_PROP_NONE, &mode) < 0)
            return -1;
        net->sourceMode = mode;
        break;
    case VIR_DOMAIN_NET_TYPE_USER:
        /* passt: the host interface it binds to */
        if (virXMLCheckAttrs(node, userAttrs) < 0 ||
            !(net->sourceDev = virXMLPropStringRequired(node, "dev")))
            return -1;
        if (!virNetDevNameIsValid(net->sourceDev)) {
            virXMLReportInvalidValue(node, "dev", net->sourceDev,
                                     virNetDevNameInvalidReason(net->sourceDev));
            return -1;
        }
        break;
    case VIR_DOMAIN_NET_TYPE_ETHERNET:
    case VIR_DOMAIN_NET_TYPE_LAST:
        virReportError(VIR_ERR_XML_ERROR,
                       _("element <source> is not valid in <interface type='%1$s'> (line %2$ld)"),
                       virDomainNetTypeToString(net->type), xmlGetLineNo(node));
        return -1;
    }

    if ((portid = virXMLPropString(node, "portid"))) {
        unsigned char uuid[VIR_UUID_BUFLEN];

        if (virUUIDParse(portid, uuid) < 0) {
            virXMLReportInvalidValue(node, "portid", portid, _("not a UUID"));
            return -1;
        }
        /* Outside status XML it names a port of a guest that ran (an
         * upstream live dump): dropped, like upstream's define does. */
        if (flags & VIR_DOMAIN_DEF_PARSE_STATUS)
            net->portUUID = g_steal_pointer(&portid);
    }
    return 0;
}

/* Prefixes of the tap and macvtap names upstream libvirt generates; such
 * a name in a configuration comes from a running guest's XML. */
static const char * const virDomainNetGeneratedPrefixes[] = {
    "vnet", "macvtap", "macvlan", NULL
};

/**
 * virDomainNetParseTarget:
 * <target dev='tap0' managed='no'/>.  Outside status XML a generated name
 * (vnet*, macvtap*, macvlan*) is dropped as upstream's define drops it,
 * except on an ethernet NIC with managed='no' (an existing tap the user
 * named).  Returns 0 or -1 with an error.
 */
static int
virDomainNetParseTarget(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const attrs[] = { "dev", "managed", NULL };
    int managed = VIR_TRISTATE_BOOL_ABSENT;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virXMLPropEnum(node, "managed", virTristateBoolTypeFromString,
                       VIR_XML_PROP_NONZERO, &managed) < 0)
        return -1;
    net->managedTap = managed;
    net->ifname = virXMLPropString(node, "dev");
    if (net->ifname && !(flags & VIR_DOMAIN_DEF_PARSE_STATUS) &&
        !(net->type == VIR_DOMAIN_NET_TYPE_ETHERNET &&
          managed == VIR_TRISTATE_BOOL_NO)) {
        const char * const *p;

        for (p = virDomainNetGeneratedPrefixes; *p; p++) {
            if (g_str_has_prefix(net->ifname, *p)) {
                g_clear_pointer(&net->ifname, g_free);
                break;
            }
        }
    }
    return 0;
}

/**
 * virDomainNetParseModel:
 * <model type='virtio'/>.  Returns 0 or -1 with an error.
 */
static int
virDomainNetParseModel(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const attrs[] = { "type", NULL };
    int model;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virXMLPropEnum(node, "type", virDomainNetModelTypeFromString,
                       VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO, &model) < 0)
        return -1;
    net->model = model;
    return 0;
}

/**
 * virDomainNetParseBackend:
 * <backend type='networkd' tap='/dev/net/tun' vhost='/dev/vhost-net'/>.
 * Returns 0 or -1 with an error.
 */
static int
virDomainNetParseBackend(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const attrs[] = { "type", "tap", "vhost", "logFile", NULL };
    int backend = VIR_DOMAIN_NET_BACKEND_DEFAULT;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virXMLPropEnum(node, "type", virDomainNetBackendTypeFromString,
                       VIR_XML_PROP_NONE, &backend) < 0)
        return -1;
    net->backend = backend;
    net->backendTap = virXMLPropString(node, "tap");
    net->backendVhost = virXMLPropString(node, "vhost");
    net->backendLogFile = virXMLPropString(node, "logFile");
    return 0;
}

/**
 * virDomainNetParseIPAttr:
 * @node: the element
 * @name: the attribute
 * @required: whether an absent attribute is an error
 * @addr: set to the attribute (caller frees) when present and valid
 * @ipv6: set to whether it is an IPv6 address
 *
 * A numeric IPv4 or IPv6 address.  Returns 0 (with @addr untouched when
 * the attribute is absent and optional), or -1 with an error.
 */
static int
virDomainNetParseIPAttr(xmlNode *node, const char *name, bool required,
                        char **addr, bool *ipv6)
{
    g_autofree char *value = required ? virXMLPropStringRequired(node, name)
                                      : virXMLPropString(node, name);
    unsigned char bin[sizeof(struct in6_addr)];

    if (!value)
        return required ? -1 : 0;
    if (inet_pton(AF_INET, value, bin) == 1) {
        *ipv6 = false;
    } else if (inet_pton(AF_INET6, value, bin) == 1) {
        *ipv6 = true;
    } else {
        virXMLReportInvalidValue(node, name, value,
                                 _("expected a numeric IPv4 or IPv6 address"));
        return -1;
    }
    *addr = g_steal_pointer(&value);
    return 0;
}

/* Longest <parameters interfaceid=> read (an OVN logical port name). */
#define VIR_DOMAIN_NET_INTERFACEID_MAX 128

/**
 * virDomainNetParseVirtualport:
 * <virtualport type=><parameters interfaceid= .../></virtualport>: reads
 * the type and the interface id (the element stays kept verbatim, so
 * every other parameter round-trips).  An interface id is 1..128 bytes of
 * [A-Za-z0-9_.-] (a UUID, as upstream writes, or an OVN port name).
 * Returns 0 or -1 with an error.
 */
static int
virDomainNetParseVirtualport(virDomainNetDef *net, xmlNode *node)
{
    xmlNode *cur;

    if (net->virtualportType || net->virtualportInterfaceID) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("element <virtualport> appears more than once in <interface> (line %1$ld)"),
                       xmlGetLineNo(node));
        return -1;
    }
    net->virtualportType = virXMLPropString(node, "type");
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        g_autofree char *id = NULL;

        if (!virXMLNodeNameEqual(cur, "parameters") ||
            !(id = virXMLPropString(cur, "interfaceid")))
            continue;
        if (!*id || strlen(id) > VIR_DOMAIN_NET_INTERFACEID_MAX ||
            strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") !=
            strlen(id)) {
            virXMLReportInvalidValue(cur, "interfaceid", id,
                                     _("1..128 characters of A-Z a-z 0-9 _ . -"));
            return -1;
        }
        g_free(net->virtualportInterfaceID);
        net->virtualportInterfaceID = g_steal_pointer(&id);
    }
    return 0;
}

/**
 * virDomainNetParseIP:
 * <ip address='198.18.0.10' prefix='24' family='ipv4'/> of a user NIC.
 * Returns 0 or -1 with an error.
 */
static int
virDomainNetParseIP(virDomainNetDef *net, xmlNode *node)
{
    static const char * const attrs[] = { "address", "prefix", "family", "peer", NULL };
    virDomainNetIP ip = { 0 };
    g_autofree char *family = NULL;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virDomainNetParseIPAttr(node, "address", true, &ip.address, &ip.ipv6) < 0)
        return -1;
    if (virXMLPropUInt(node, "prefix", 10, 0, ip.ipv6 ? 128 : 32,
                       VIR_XML_PROP_NONE, &ip.prefix) < 0) {
        g_free(ip.address);
        return -1;
    }
    family = virXMLPropString(node, "family");
    if (family && g_strcmp0(family, ip.ipv6 ? "ipv6" : "ipv4") != 0) {
        virXMLReportInvalidValue(node, "family", family,
                                 _("it does not match the address"));
        g_free(ip.address);
        return -1;
    }
    net->ips = g_renew(virDomainNetIP, net->ips, net->nips + 1);
    net->ips[net->nips++] = ip;
    return 0;
}

/**
 * virDomainNetParsePortForwardRange:
 * <range start='2022' end='2025' to='22' exclude='no'/>.
 * Returns 0 or -1 with an error.
 */
static int
virDomainNetParsePortForwardRange(virDomainNetPortForward *fwd, xmlNode *node)
{
    static const char * const attrs[] = { "start", "end", "to", "exclude", NULL };
    virDomainNetPortForwardRange range = { 0 };
    int exclude = VIR_TRISTATE_BOOL_ABSENT;

    if (!virXMLNodeNameEqual(node, "range"))
        return virXMLReportUnknownChild(node);
    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virXMLPropUInt(node, "start", 10, 1, 65535, VIR_XML_PROP_REQUIRED, &range.start) < 0 ||
        virXMLPropUInt(node, "end", 10, range.start, 65535, VIR_XML_PROP_NONE, &range.end) < 0 ||
        virXMLPropUInt(node, "to", 10, 1, 65535, VIR_XML_PROP_NONE, &range.to) < 0 ||
        virXMLPropEnum(node, "exclude", virTristateBoolTypeFromString,
                       VIR_XML_PROP_NONZERO, &exclude) < 0)
        return -1;
    range.exclude = exclude == VIR_TRISTATE_BOOL_YES;
    if (range.exclude && range.to) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<range> (line %1$ld): an excluded range cannot have 'to'"),
                       xmlGetLineNo(node));
        return -1;
    }
    if (range.to && range.end && range.to + (range.end - range.start) > 65535) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<range> (line %1$ld): ports %2$u-%3$u moved to %4$u go past 65535"),
                       xmlGetLineNo(node), range.start, range.end, range.to);
        return -1;
    }
    fwd->ranges = g_renew(virDomainNetPortForwardRange, fwd->ranges, fwd->nranges + 1);
    fwd->ranges[fwd->nranges++] = range;
    return 0;
}

/**
 * virDomainNetParsePortForward:
 * <portForward proto='tcp' address= dev=> with its <range> children.
 * Returns 0 or -1 with an error.
 */
static int
virDomainNetParsePortForward(virDomainNetDef *net, xmlNode *node)
{
    static const char * const attrs[] = { "proto", "address", "dev", NULL };
    virDomainNetPortForward fwd = { 0 };
    xmlNode *cur;
    int proto;
    bool ipv6;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virXMLPropEnum(node, "proto", virDomainNetProtoTypeFromString,
                       VIR_XML_PROP_REQUIRED, &proto) < 0 ||
        virDomainNetParseIPAttr(node, "address", false, &fwd.address, &ipv6) < 0)
        goto cleanup;
    fwd.proto = proto;
    fwd.dev = virXMLPropString(node, "dev");
    if (fwd.dev && !virNetDevNameIsValid(fwd.dev)) {
        virXMLReportInvalidValue(node, "dev", fwd.dev, virNetDevNameInvalidReason(fwd.dev));
        goto cleanup;
    }
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (virDomainNetParsePortForwardRange(&fwd, cur) < 0)
            goto cleanup;
    }
    if (fwd.nranges == 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<portForward> (line %1$ld) needs at least one <range>"),
                       xmlGetLineNo(node));
        goto cleanup;
    }
    net->portForwards = g_renew(virDomainNetPortForward, net->portForwards,
                                net->nportForwards + 1);
    net->portForwards[net->nportForwards++] = fwd;
    return 0;

 cleanup:
    g_free(fwd.address);
    g_free(fwd.dev);
    g_free(fwd.ranges);
    return -1;
}

/* Attributes and children of <interface><driver> upstream defines that
 * we keep verbatim (QEMU's defaults apply). */
static const char * const virDomainNetDriverKeptAttrs[] = {
    "txmode", "ioeventfd", "event_idx", "rx_queue_size", "tx_queue_size",
    "iommu", "ats", "packed", "page_per_vq", "rss", "rss_hash_report", NULL
};
static const char * const virDomainNetDriverKeptChildren[] = {
    "host", "guest", NULL
};

/**
 * virDomainNetParseDriver:
 * <driver name='vhost' queues='4'/>, other upstream attributes and the
 * <host>/<guest> offload settings kept verbatim.  Returns 0 or -1 with an
 * error.
 */
static int
virDomainNetParseDriver(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const attrs[] = { "name", "queues", NULL };

    if (virDomainKeptDriverParse(&net->kept, &net->nkept, "interface", node, 3,
                                 attrs, virDomainNetDriverKeptAttrs,
                                 virDomainNetDriverKeptChildren) < 0)
        return -1;
    net->driverName = virXMLPropString(node, "name");
    if (net->driverName &&
        strcmp(net->driverName, "vhost") != 0 &&
        strcmp(net->driverName, "qemu") != 0) {
        virXMLReportInvalidValue(node, "name", net->driverName,
                                 _("expected 'vhost' or 'qemu'"));
        return -1;
    }
    if (virXMLPropUInt(node, "queues", 10, 1, VIR_DOMAIN_NET_QUEUES_MAX,
                       VIR_XML_PROP_NONE, &net->queues) < 0)
        return -1;
    return virDomainNetDriverOptsParseXML(net, node);
}

/**
 * virDomainNetParseMtu:
 * <mtu size='9000'/>.  Returns 0 or -1 with an error.
 */
static int
virDomainNetParseMtu(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const attrs[] = { "size", NULL };

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virXMLPropUInt(node, "size", 10, VIR_NET_MTU_MIN, VIR_NET_MTU_MAX,
                       VIR_XML_PROP_REQUIRED, &net->mtu) < 0)
        return -1;
    return 0;
}

/**
 * virDomainNetParseLink:
 * <link state='down'/>.  Returns 0 or -1 with an error.
 */
static int
virDomainNetParseLink(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const attrs[] = { "state", NULL };
    int state;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virXMLPropEnum(node, "state", virDomainNetLinkStateTypeFromString,
                       VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO, &state) < 0)
        return -1;
    net->linkState = state;
    return 0;
}

/**
 * virDomainNetParseBandwidth:
 * <bandwidth> (see netdev_bandwidth_conf.h).  Returns 0 or -1 with an
 * error.
 */
static int
virDomainNetParseBandwidth(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    return (net->bandwidth = virNetDevBandwidthDefParseXML(node)) ? 0 : -1;
}

/**
 * virDomainNetParseVlan:
 * <vlan trunk='yes'><tag id='42' nativeMode='untagged'/>...</vlan>.
 * Returns 0 or -1 with an error.
 */
static int
virDomainNetParseVlan(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const attrs[] = { "trunk", NULL };
    static const char * const tagAttrs[] = { "id", "nativeMode", NULL };
    virNetDevVlan *vlan;
    xmlNode *cur;
    int trunk = VIR_TRISTATE_BOOL_ABSENT;

    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virXMLPropEnum(node, "trunk", virTristateBoolTypeFromString,
                       VIR_XML_PROP_NONZERO, &trunk) < 0)
        return -1;
    vlan = net->vlan = g_new0(virNetDevVlan, 1);
    vlan->trunk = trunk == VIR_TRISTATE_BOOL_YES;

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        unsigned int id = 0;
        int mode = VIR_NATIVE_VLAN_MODE_DEFAULT;

        if (!virXMLNodeNameEqual(cur, "tag"))
            return virXMLReportUnknownChild(cur);
        if (virXMLCheckAttrs(cur, tagAttrs) < 0 ||
            virXMLPropUInt(cur, "id", 10, 0, VIR_NET_VLAN_TAG_MAX,
                           VIR_XML_PROP_REQUIRED, &id) < 0 ||
            virXMLPropEnum(cur, "nativeMode", virNativeVlanModeTypeFromString,
                           VIR_XML_PROP_NONZERO, &mode) < 0)
            return -1;
        if (mode != VIR_NATIVE_VLAN_MODE_DEFAULT) {
            if (vlan->nativeMode != VIR_NATIVE_VLAN_MODE_DEFAULT) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("only one <tag> of <vlan> may have a 'nativeMode' (line %1$ld)"),
                               xmlGetLineNo(cur));
                return -1;
            }
            vlan->nativeMode = mode;
            vlan->nativeTag = id;
        }
        VIR_APPEND_ELEMENT(vlan->tags, vlan->ntags, id);
    }
    if (vlan->ntags == 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("element <vlan> (line %1$ld) needs at least one <tag>"),
                       xmlGetLineNo(node));
        return -1;
    }
    return 0;
}

/**
 * virDomainNetParseFilterref:
 * <filterref filter='clean-traffic'><parameter name= value=/></filterref>.
 * Returns 0 or -1 with an error.
 */
static int
virDomainNetParseFilterref(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    static const char * const attrs[] = { "filter", NULL };
    static const char * const paramAttrs[] = { "name", "value", NULL };
    virDomainNetFilterRef *ref;
    xmlNode *cur;

    if (virXMLCheckAttrs(node, attrs) < 0)
        return -1;
    ref = net->filterref = g_new0(virDomainNetFilterRef, 1);
    if (!(ref->filter = virXMLPropStringRequired(node, "filter")))
        return -1;

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        virNWFilterParam param = { 0 };

        if (!virXMLNodeNameEqual(cur, "parameter"))
            return virXMLReportUnknownChild(cur);
        if (virXMLCheckAttrs(cur, paramAttrs) < 0 ||
            !(param.name = virXMLPropStringRequired(cur, "name")))
            return -1;
        if (!(param.value = virXMLPropStringRequired(cur, "value"))) {
            g_free(param.name);
            return -1;
        }
        VIR_APPEND_ELEMENT(ref->params, ref->nparams, param);
    }
    return 0;
}

/**
 * virDomainNetParseAlias:
 * <alias name='ua-net'/>.  Returns 0 or -1 with an error.
 */
static int
virDomainNetParseAlias(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    return virDomainDeviceAliasParseXML(node, flags, &net->alias);
}

/**
 * virDomainNetParseBoot:
 * <boot order='1'/>.  Returns 0 or -1 with an error.
 */
static int
virDomainNetParseBoot(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    return virDomainDeviceBootParseXML(node, &net->bootIndex);
}

/**
 * virDomainNetParseAddress:
 * <address type='pci' .../>.  Returns 0 or -1 with an error.
 */
static int
virDomainNetParseAddress(virDomainNetDef *net, xmlNode *node, unsigned int flags)
{
    return virPCIDeviceAddressParseXML(node, &net->pci);
}

typedef int (*virDomainNetChildParser)(virDomainNetDef *net, xmlNode *node,
                                       unsigned int flags);

static const struct {
    const char *name;
    virDomainNetChildParser parse;
} virDomainNetChildren[] = {
    { "mac", virDomainNetParseMac },
    { "source", virDomainNetParseSource },
    { "target", virDomainNetParseTarget },
    { "model", virDomainNetParseModel },
    { "backend", virDomainNetParseBackend },
    { "driver", virDomainNetParseDriver },
    { "mtu", virDomainNetParseMtu },
    { "link", virDomainNetParseLink },
    { "bandwidth", virDomainNetParseBandwidth },
    { "vlan", virDomainNetParseVlan },
    { "filterref", virDomainNetParseFilterref },
    { "alias", virDomainNetParseAlias },
    { "address", virDomainNetParseAddress },
    { "boot", virDomainNetParseBoot },
};

/* Children of <interface> upstream defines that we keep verbatim, not
 * acted on.  (<script>/<downscript> are not among them: they name host
 * programs to run, which this tree never does; an interface with them is
 * kept whole, and start refuses it.) */
static const char * const virDomainNetKept[] = {
    "rom", "coalesce", "tune", "ip", "route", "virtualport", "port",
    "teaming", "guest", "acpi", "portForward", NULL
};

/* Children of <interface> upstream defines that the model cannot express:
 * the interface is kept verbatim, whole. */
static const char * const virDomainNetWhole[] = {
    "script", "downscript", "backenddomain", NULL
};

/**
 * virDomainNetFormModelled:
 * Whether the model can express <interface> @node at all: a type it
 * knows, no other attribute upstream defines (managed= of hostdev
 * interfaces, trustGuestRxFilters=), a <source>
 * without children (<reconnect>, <local>, ...), a model it knows, a PCI
 * or no <address>, and none of upstream's children it lacks (<script>,
 * <downscript>, <backenddomain>); an element upstream does not define is
 * left to the parser, which refuses it.  Anything else (vhostuser, vdpa, udp,
 * mcast, server, client, hostdev interfaces, ...) is kept verbatim, whole.
 */
static bool
virDomainNetFormModelled(xmlNode *node)
{
    static const char * const upstream[] = { "managed", "trustGuestRxFilters", NULL };
    g_autofree char *type = virXMLPropString(node, "type");
    const xmlAttr *attr;
    xmlNode *cur;
    size_t i;

    if (!type || virDomainNetTypeFromString(type) < 0)
        return false;
    /* (an attribute upstream does not define is left to the parser) */
    for (attr = node->properties; attr; attr = attr->next) {
        if (!attr->ns && g_strv_contains(upstream, (const char *)attr->name))
            return false;
    }
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        g_autofree char *value = NULL;

        if (cur->ns)
            return false;
        if (virXMLNodeNameEqual(cur, "source") && virXMLChildElement(cur))
            return false;
        if (virXMLNodeNameEqual(cur, "model") &&
            (value = virXMLPropString(cur, "type")) &&
            virDomainNetModelTypeFromString(value) <= 0)
            return false;
        if (virXMLNodeNameEqual(cur, "address") &&
            (value = virXMLPropString(cur, "type")) && strcmp(value, "pci") != 0)
            return false;
        for (i = 0; i < G_N_ELEMENTS(virDomainNetChildren); i++) {
            if (virXMLNodeNameEqual(cur, virDomainNetChildren[i].name))
                break;
        }
        if (i == G_N_ELEMENTS(virDomainNetChildren) &&
            g_strv_contains(virDomainNetWhole, (const char *)cur->name))
            return false;
    }
    return true;
}

/**
 * virDomainNetDefParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainNetDefParseXML(xmlNode *node, unsigned int flags, virDomainNetDef **out)
{
    static const char * const attrs[] = { "type", NULL };
    g_autoptr(virDomainNetDef) net = g_new0(virDomainNetDef, 1);
    bool seen[G_N_ELEMENTS(virDomainNetChildren)] = { false };
    xmlNode *cur;
    int type;

    if (xmlHasProp(node, BAD_CAST "type") && !virDomainNetFormModelled(node))
        return 0;
    if (virXMLCheckAttrs(node, attrs) < 0 ||
        virXMLPropEnum(node, "type", virDomainNetTypeFromString,
                       VIR_XML_PROP_REQUIRED, &type) < 0)
        return -1;
    net->type = type;
    /* Until a <mac> says otherwise, post-parse generates the address. */
    net->macGenerated = true;

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        size_t i;

        for (i = 0; i < G_N_ELEMENTS(virDomainNetChildren); i++) {
            if (virXMLNodeNameEqual(cur, virDomainNetChildren[i].name))
                break;
        }
        if (i == G_N_ELEMENTS(virDomainNetChildren)) {
            /* read for passt, and kept verbatim for formatting */
            if (virXMLNodeNameEqual(cur, "virtualport") &&
                virDomainNetParseVirtualport(net, cur) < 0)
                return -1;
            if (net->type == VIR_DOMAIN_NET_TYPE_USER &&
                ((virXMLNodeNameEqual(cur, "portForward") &&
                  virDomainNetParsePortForward(net, cur) < 0) ||
                 (virXMLNodeNameEqual(cur, "ip") && virDomainNetParseIP(net, cur) < 0)))
                return -1;
            if (virDomainKeptChildParse(&net->kept, &net->nkept, "interface",
                                        cur, 3, virDomainNetKept) < 0)
                return -1;
            continue;
        }
        if (seen[i]) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("element <%1$s> appears more than once in <interface> (line %2$ld)"),
                           (const char *)cur->name, xmlGetLineNo(cur));
            return -1;
        }
        seen[i] = true;
        if (virDomainNetChildren[i].parse(net, cur, flags) < 0)
            return -1;
    }

    switch (net->type) {
    case VIR_DOMAIN_NET_TYPE_BRIDGE:
    case VIR_DOMAIN_NET_TYPE_NETWORK:
    case VIR_DOMAIN_NET_TYPE_DIRECT:
        if (!net->sourceBridge && !net->sourceNetwork && !net->sourceDev) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<interface type='%1$s'> (line %2$ld) needs a <source> element"),
                           virDomainNetTypeToString(net->type), xmlGetLineNo(node));
            return -1;
        }
        break;
    case VIR_DOMAIN_NET_TYPE_ETHERNET:
    case VIR_DOMAIN_NET_TYPE_USER:
    case VIR_DOMAIN_NET_TYPE_LAST:
        break;
    }

    *out = g_steal_pointer(&net);
    return 1;
}

/* ---- format ------------------------------------------------------------- */

/**
 * virDomainNetFormatSource:
 * Writes <source> for the interface type (and portid= in status XML).
 */
static void
virDomainNetFormatSource(virXMLBuf *buf, const virDomainNetDef *net,
                         unsigned int flags)
{
    g_auto(virXMLBuf) attrs = { 0 };

    switch (net->type) {
    case VIR_DOMAIN_NET_TYPE_BRIDGE:
        virXMLBufEscapeString(&attrs, " bridge='%s'", net->sourceBridge);
        break;
    case VIR_DOMAIN_NET_TYPE_NETWORK:
        virXMLBufEscapeString(&attrs, " network='%s'", net->sourceNetwork);
        virXMLBufEscapeString(&attrs, " portgroup='%s'", net->sourcePortgroup);
        break;
    case VIR_DOMAIN_NET_TYPE_DIRECT:
        virXMLBufEscapeString(&attrs, " dev='%s'", net->sourceDev);
        virXMLBufAsprintf(&attrs, " mode='%s'",
                          virDomainNetMacvtapModeTypeToString(net->sourceMode));
        break;
    case VIR_DOMAIN_NET_TYPE_USER:
        if (!net->sourceDev)
            return;
        virXMLBufEscapeString(&attrs, " dev='%s'", net->sourceDev);
        virXMLFormatElement(buf, "source", &attrs, NULL, false);
        return;
    case VIR_DOMAIN_NET_TYPE_ETHERNET:
    case VIR_DOMAIN_NET_TYPE_LAST:
        return;
    }
    if (flags & VIR_DOMAIN_DEF_FORMAT_STATUS)
        virXMLBufEscapeString(&attrs, " portid='%s'", net->portUUID);
    /* the bridge a network port landed on: live data, after portid as
     * upstream writes it */
    if (net->type == VIR_DOMAIN_NET_TYPE_NETWORK && !(flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE))
        virXMLBufEscapeString(&attrs, " bridge='%s'", net->sourceBridge);
    virXMLFormatElement(buf, "source", &attrs, NULL, false);
}

/**
 * virDomainNetFormatVlan:
 * Writes <vlan> when set.
 */
static void
virDomainNetFormatVlan(virXMLBuf *buf, const virNetDevVlan *vlan)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    size_t i;

    if (!vlan)
        return;
    virXMLBufInitChild(&children, buf);
    if (vlan->trunk)
        virXMLBufAddLit(&attrs, " trunk='yes'");
    for (i = 0; i < vlan->ntags; i++) {
        virXMLBufAsprintf(&children, "<tag id='%u'", vlan->tags[i]);
        if (vlan->nativeMode != VIR_NATIVE_VLAN_MODE_DEFAULT &&
            vlan->nativeTag == vlan->tags[i])
            virXMLBufAsprintf(&children, " nativeMode='%s'",
                              virNativeVlanModeTypeToString(vlan->nativeMode));
        virXMLBufAddLit(&children, "/>\n");
    }
    virXMLFormatElement(buf, "vlan", &attrs, &children, true);
}

/**
 * virDomainNetFormatFilterref:
 * Writes <filterref> when set.
 */
static void
virDomainNetFormatFilterref(virXMLBuf *buf, const virDomainNetFilterRef *ref)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    size_t i;

    if (!ref)
        return;
    virXMLBufInitChild(&children, buf);
    virXMLBufEscapeString(&attrs, " filter='%s'", ref->filter);
    for (i = 0; i < ref->nparams; i++) {
        virXMLBufEscapeString(&children, "<parameter name='%s'", ref->params[i].name);
        virXMLBufEscapeString(&children, " value='%s'/>\n", ref->params[i].value);
    }
    virXMLFormatElement(buf, "filterref", &attrs, &children, true);
}

/**
 * virDomainNetFormatTarget:
 * Writes <target>.  For NICs whose port comes from libvirt-networkd on a
 * bridge the daemon picks the name, so it is live data, left out of
 * inactive XML; a managed ethernet tap keeps the name its owner asked for.
 */
static void
virDomainNetFormatTarget(virXMLBuf *buf, const virDomainNetDef *net,
                         unsigned int flags)
{
    g_auto(virXMLBuf) attrs = { 0 };

    if (!((flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE) &&
          net->type != VIR_DOMAIN_NET_TYPE_ETHERNET &&
          virDomainNetResolveBackend(net) == VIR_DOMAIN_NET_BACKEND_NETWORKD))
        virXMLBufEscapeString(&attrs, " dev='%s'", net->ifname);
    if (net->managedTap != VIR_TRISTATE_BOOL_ABSENT)
        virXMLBufAsprintf(&attrs, " managed='%s'",
                          virTristateBoolTypeToString(net->managedTap));
    virXMLFormatElement(buf, "target", &attrs, NULL, false);
}

/**
 * virDomainNetFormatBackend:
 * Writes <backend> unless it says nothing (absent or 'default' alone).
 */
static void
virDomainNetFormatBackend(virXMLBuf *buf, const virDomainNetDef *net)
{
    g_auto(virXMLBuf) attrs = { 0 };

    if (net->backend != VIR_DOMAIN_NET_BACKEND_DEFAULT)
        virXMLBufAsprintf(&attrs, " type='%s'",
                          virDomainNetBackendTypeToString(net->backend));
    virXMLBufEscapeString(&attrs, " tap='%s'", net->backendTap);
    virXMLBufEscapeString(&attrs, " vhost='%s'", net->backendVhost);
    virXMLBufEscapeString(&attrs, " logFile='%s'", net->backendLogFile);
    virXMLFormatElement(buf, "backend", &attrs, NULL, false);
}

/**
 * virDomainNetDefFormat:
 * See domain_conf_priv.h.
 */
void
virDomainNetDefFormat(virXMLBuf *buf, const virDomainNetDef *net,
                      unsigned int flags)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    g_auto(virXMLBuf) sub = { 0 };
    g_auto(virXMLBuf) driverChildren = { 0 };
    char mac[VIR_MAC_STRING_BUFLEN];

    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " type='%s'", virDomainNetTypeToString(net->type));

    virXMLBufAsprintf(&children, "<mac address='%s'/>\n",
                      virMacAddrFormat(&net->mac, mac));
    virDomainNetFormatSource(&children, net, flags);
    virDomainNetFormatVlan(&children, net->vlan);
    virDomainNetFormatTarget(&children, net, flags);
    if (net->model != VIR_DOMAIN_NET_MODEL_DEFAULT)
        virXMLBufAsprintf(&children, "<model type='%s'/>\n",
                          virDomainNetModelTypeToString(net->model));

    virXMLBufEscapeString(&sub, " name='%s'", net->driverName);
    if (net->queues)
        virXMLBufAsprintf(&sub, " queues='%u'", net->queues);
    virDomainKeptFormat(&sub, net->kept, net->nkept, VIR_DOMAIN_KEPT_DRIVER_ATTR);
    virXMLBufInitChild(&driverChildren, &children);
    virDomainKeptFormat(&driverChildren, net->kept, net->nkept,
                        VIR_DOMAIN_KEPT_DRIVER_CHILD);
    virXMLFormatElement(&children, "driver", &sub, &driverChildren, false);

    virDomainNetFormatBackend(&children, net);
    virDomainNetFormatFilterref(&children, net->filterref);
    if (net->linkState != VIR_DOMAIN_NET_LINK_STATE_DEFAULT)
        virXMLBufAsprintf(&children, "<link state='%s'/>\n",
                          virDomainNetLinkStateTypeToString(net->linkState));
    if (net->mtu)
        virXMLBufAsprintf(&children, "<mtu size='%u'/>\n", net->mtu);
    virNetDevBandwidthDefFormat(&children, net->bandwidth);
    virDomainKeptFormat(&children, net->kept, net->nkept, VIR_DOMAIN_KEPT_CHILD);
    virDomainDeviceBootFormat(&children, net->bootIndex);
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", net->alias);
    virPCIDeviceAddressFormat(&children, &net->pci);

    virXMLFormatElement(buf, "interface", &attrs, &children, true);
}
