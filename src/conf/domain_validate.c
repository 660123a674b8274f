/*
 * domain_validate.c: rules on a parsed (and post-parsed) domain
 *
 * Everything a single attribute cannot express: which <backend> fits
 * which <interface type>, names that reach the kernel (bridge, device and
 * tap names), MAC addresses, uniqueness within the domain, VLAN and
 * bandwidth combinations.  Each failure is one error that names the
 * element, the attribute and the value.
 */
#include "domain_conf_priv.h"
#include "domain_kept_validate.h"
#include "domain_name.h"
#include "virerror.h"
#include "virnetdevname.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/**
 * virDomainDeviceAliasIsValid:
 * See domain_conf_priv.h.
 */
bool
virDomainDeviceAliasIsValid(const char *name)
{
    const char *p;

    if (!name || !*name || strlen(name) > 64)
        return false;
    for (p = name; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-')
            return false;
    }
    return true;
}

/**
 * virDomainValidatePath:
 * A host path from the XML (@what names element and attribute) must be
 * absolute and free of control characters (they would end up in a QEMU
 * command line or a log).  NULL is fine.  Returns 0 or -1 with an error.
 */
static int
virDomainValidatePath(const char *what, const char *path)
{
    const char *p;
    g_autofree char *esc = NULL;

    if (!path)
        return 0;
    for (p = path; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            break;
    }
    if (path[0] == '/' && !*p)
        return 0;
    esc = g_strescape(path, NULL);
    virReportError(VIR_ERR_XML_ERROR,
                   _("invalid path '%1$s' in %2$s: must be absolute, without control characters"),
                   esc, what);
    return -1;
}

/**
 * virDomainValidateIfname:
 * Checks a kernel interface name taken from @attr of @element.
 * Returns 0 or -1 with an error.
 */
static int
virDomainValidateIfname(const virDomainNetDef *net, const char *element,
                        const char *attr, const char *name)
{
    const char *why = virNetDevNameInvalidReason(name);
    g_autofree char *esc = NULL;

    if (!why)
        return 0;
    /* The name may hold control bytes: show them as escapes. */
    esc = g_strescape(name, NULL);
    virReportError(VIR_ERR_XML_ERROR,
                   _("interface '%1$s': invalid value '%2$s' for attribute '%3$s' of <%4$s>: %5$s"),
                   net->alias, esc, attr, element, why);
    return -1;
}

/**
 * virDomainValidateNetName:
 * A network or portgroup name (attribute @attr of <source>): not empty,
 * no '/', no control characters.  NULL is fine.  Returns 0 or -1.
 */
static int
virDomainValidateNetName(const virDomainNetDef *net, const char *attr,
                         const char *name)
{
    const char *p;
    g_autofree char *esc = NULL;

    if (!name)
        return 0;
    for (p = name; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '/')
            break;
    }
    if (*name && !*p)
        return 0;
    esc = g_strescape(name, NULL);
    virReportError(VIR_ERR_XML_ERROR,
                   _("interface '%1$s': invalid value '%2$s' for attribute '%3$s' of <source>: must not be empty or contain '/' or control characters"),
                   net->alias, esc, attr);
    return -1;
}

/**
 * virDomainValidateNetBackend:
 * Which <backend type=> fits which <interface type=> (decided by
 * virDomainNetBackendFitsType(), domain_net_backend.c; the messages say
 * what would fit), and the upstream tap=/vhost= attributes, which only
 * make sense when QEMU opens the devices itself.  Returns 0 or -1 with an
 * error.
 */
static int
virDomainValidateNetBackend(const virDomainNetDef *net)
{
    const char *type = virDomainNetTypeToString(net->type);
    const char *backend = virDomainNetBackendTypeToString(net->backend);

    if (!virDomainNetBackendFitsType(net->type, net->backend)) {
        switch ((virDomainNetBackendType)net->backend) {
        case VIR_DOMAIN_NET_BACKEND_NETWORKD:
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': <backend type='%2$s'/> needs <interface type='bridge'>, 'network', 'direct' or 'ethernet', not type='%3$s'"),
                           net->alias, backend, type);
            return -1;
        case VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER:
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': <backend type='%2$s'/> needs <interface type='bridge'>, not type='%3$s'"),
                           net->alias, backend, type);
            return -1;
        case VIR_DOMAIN_NET_BACKEND_PASST:
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': <backend type='%2$s'/> needs <interface type='user'>, not type='%3$s'"),
                           net->alias, backend, type);
            return -1;
        case VIR_DOMAIN_NET_BACKEND_DEFAULT:
        case VIR_DOMAIN_NET_BACKEND_LAST:
            break;
        }
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("interface '%1$s': unknown backend %2$d"), net->alias, (int)net->backend);
        return -1;
    }

    /* upstream's tap= and vhost= paths are kept: start refuses them on a
     * tap networkd makes (virDomainNetHostCheck) */
    return 0;
}

/**
 * virDomainValidateNetBandwidth:
 * Every direction needs an average (inbound: or a floor); a floor only
 * means something on a virtual network.  Returns 0 or -1 with an error.
 */
static int
virDomainValidateNetBandwidth(const virDomainNetDef *net)
{
    const virNetDevBandwidthDef *bw = net->bandwidth;
    g_autofree char *owner = NULL;

    if (!bw)
        return 0;
    owner = g_strdup_printf(_("interface '%1$s'"), net->alias);
    if (virNetDevBandwidthDefValidate(bw, owner) < 0)
        return -1;
    if (bw->in && bw->in->floor && net->type != VIR_DOMAIN_NET_TYPE_NETWORK) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': attribute 'floor' of <inbound> needs <interface type='network'>, not type='%2$s'"),
                       net->alias, virDomainNetTypeToString(net->type));
        return -1;
    }
    return 0;
}

/**
 * virDomainValidateNetVlan:
 * Several tags or a native mode need trunk='yes'.  Returns 0 or -1.
 */
static int
virDomainValidateNetVlan(const virDomainNetDef *net)
{
    const virNetDevVlan *vlan = net->vlan;
    size_t i, j;

    if (!vlan)
        return 0;
    if (vlan->ntags > 1 && !vlan->trunk) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("interface '%1$s': <vlan> with %2$zu tags needs trunk='yes'"),
                       net->alias, vlan->ntags);
        return -1;
    }
    if (vlan->nativeMode != VIR_NATIVE_VLAN_MODE_DEFAULT && !vlan->trunk) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("interface '%1$s': attribute 'nativeMode' of <tag> needs <vlan trunk='yes'>"),
                       net->alias);
        return -1;
    }
    /* A tag listed twice means nothing more than once, and would make the
     * native mode ambiguous (found by fuzz/domainxmlfuzz). */
    for (i = 0; i < vlan->ntags; i++) {
        for (j = i + 1; j < vlan->ntags; j++) {
            if (vlan->tags[i] == vlan->tags[j]) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("interface '%1$s': <vlan> lists tag %2$u twice"),
                               net->alias, vlan->tags[i]);
                return -1;
            }
        }
    }
    return 0;
}

/**
 * virDomainValidateNetFilterref:
 * Filter and parameter names are identifiers.  Returns 0 or -1.
 */
static int
virDomainValidateNetFilterref(const virDomainNetDef *net)
{
    const virDomainNetFilterRef *ref = net->filterref;
    size_t i;
    const char *p;

    if (!ref)
        return 0;
    for (p = ref->filter; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("_-.:", *p))
            break;
    }
    if (!*ref->filter || *p) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("interface '%1$s': invalid value '%2$s' for attribute 'filter' of <filterref>"),
                       net->alias, ref->filter);
        return -1;
    }
    for (i = 0; i < ref->nparams; i++) {
        const char *name = ref->params[i].name;
        const char *value;

        for (p = name; *p; p++) {
            if (!g_ascii_isalnum(*p) && *p != '_')
                break;
        }
        if (!*name || *p) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("interface '%1$s': invalid value '%2$s' for attribute 'name' of <parameter>"),
                           net->alias, name);
            return -1;
        }
        value = ref->params[i].value;
        for (p = value; *p; p++) {
            if (!g_ascii_isalnum(*p) && !strchr("_.:/-", *p))
                break;
        }
        if (!*value || *p) {
            g_autofree char *esc = g_strescape(value, NULL);

            virReportError(VIR_ERR_XML_ERROR,
                           _("interface '%1$s': invalid value '%2$s' for attribute 'value' of <parameter>: use letters, digits and '_.:/-'"),
                           net->alias, esc);
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainValidateNet:
 * All rules for one NIC.  Returns 0 or -1 with an error.
 */
static int
virDomainValidateNet(const virDomainNetDef *net, unsigned int flags)
{
    char mac[VIR_MAC_STRING_BUFLEN];

    virMacAddrFormat(&net->mac, mac);
    if (virMacAddrIsZero(&net->mac)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("interface '%1$s': invalid value '%2$s' for attribute 'address' of <mac>: the all-zero address is not allowed"),
                       net->alias, mac);
        return -1;
    }
    if (virMacAddrIsMulticast(&net->mac)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("interface '%1$s': invalid value '%2$s' for attribute 'address' of <mac>: a multicast address is not allowed"),
                       net->alias, mac);
        return -1;
    }

    if ((net->sourceBridge &&
         virDomainValidateIfname(net, "source", "bridge", net->sourceBridge) < 0) ||
        (net->sourceDev &&
         virDomainValidateIfname(net, "source", "dev", net->sourceDev) < 0) ||
        (net->ifname &&
         virDomainValidateIfname(net, "target", "dev", net->ifname) < 0))
        return -1;

    if (virDomainValidateNetName(net, "network", net->sourceNetwork) < 0 ||
        virDomainValidateNetName(net, "portgroup", net->sourcePortgroup) < 0 ||
        virDomainValidatePath("<backend tap=...>", net->backendTap) < 0 ||
        virDomainValidatePath("<backend vhost=...>", net->backendVhost) < 0 ||
        virDomainValidatePath("<backend logFile=...>", net->backendLogFile) < 0)
        return -1;
    if (net->backendLogFile &&
        virDomainNetResolveBackend(net) != VIR_DOMAIN_NET_BACKEND_PASST) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': attribute 'logFile' of <backend> needs <backend type='passt'/>"),
                       net->alias);
        return -1;
    }

    if (virDomainValidateNetBackend(net) < 0 || virDomainNetDriverOptsValidate(net) < 0)
        return -1;

    /* libvirt-networkd chooses the names of bridge ports; a name in the
     * persistent XML would be a request it must refuse anyway.  A managed
     * ethernet tap (on no bridge) may be named: the daemon takes the name
     * if it is free. */
    if (net->ifname && !(flags & VIR_DOMAIN_DEF_PARSE_STATUS) &&
        net->type != VIR_DOMAIN_NET_TYPE_ETHERNET &&
        virDomainNetResolveBackend(net) == VIR_DOMAIN_NET_BACKEND_NETWORKD) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': <target dev='%2$s'/> cannot be used with the networkd backend: libvirt-networkd chooses the host interface name"),
                       net->alias, net->ifname);
        return -1;
    }
    /* upstream's rule: only passt forwards ports or binds to a device */
    if (net->type == VIR_DOMAIN_NET_TYPE_USER &&
        virDomainNetResolveBackend(net) != VIR_DOMAIN_NET_BACKEND_PASST &&
        (net->nportForwards || net->sourceDev)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': <%2$s> needs <backend type='passt'/>"),
                       net->alias, net->nportForwards ? "portForward" : "source");
        return -1;
    }
    if (net->managedTap != VIR_TRISTATE_BOOL_ABSENT &&
        net->type != VIR_DOMAIN_NET_TYPE_ETHERNET) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': attribute 'managed' of <target> needs <interface type='ethernet'>, not type='%2$s'"),
                       net->alias, virDomainNetTypeToString(net->type));
        return -1;
    }
    if (net->queues > 1 && net->model != VIR_DOMAIN_NET_MODEL_VIRTIO) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': queues='%2$u' of <driver> needs <model type='virtio'/>"),
                       net->alias, net->queues);
        return -1;
    }

    if (virDomainValidateNetBandwidth(net) < 0 ||
        virDomainValidateNetVlan(net) < 0 ||
        virDomainValidateNetFilterref(net) < 0)
        return -1;
    return 0;
}

/**
 * virDomainValidateNets:
 * Per-NIC rules (PCI addresses: see virDomainValidateDevicesCross).  Two
 * NICs may share a MAC address, as upstream allows: a failover pair
 * (<teaming>) must.  Returns 0 or -1.
 */
static int
virDomainValidateNets(const virDomainDef *def, unsigned int flags)
{
    size_t i;

    for (i = 0; i < def->nnets; i++) {
        if (virDomainValidateNet(def->nets[i], flags) < 0)
            return -1;
    }
    return 0;
}

/**
 * virDomainDiskHasKept:
 * True when @disk keeps a child element named @name.
 */
static bool
virDomainDiskHasKept(const virDomainDiskDef *disk, const char *name)
{
    g_autofree char *kept = g_strdup_printf("disk/%s", name);
    size_t i;

    for (i = 0; i < disk->nkept; i++) {
        if (strcmp(disk->kept[i].name, kept) == 0)
            return true;
    }
    return false;
}

/**
 * virDomainValidateDiskUpstream:
 * What upstream refuses in one disk: a partition as the target ("vdb1"),
 * image formats QEMU does not open that way (cow, dir, iso), <vendor> off
 * a SCSI bus, <product> off SCSI, SATA and IDE or longer than SCSI takes, and a shareable writable disk in a format
 * two guests cannot write at once (anything but raw).  Returns 0 or -1.
 */
static int
virDomainValidateDiskUpstream(const virDomainDiskDef *disk)
{
    static const struct {
        const char *format;
        const char *why;
    } formats[] = {
        { "cow", N_("the 'cow' format is not supported") },
        { "dir", N_("the 'dir' format is not opened as an image: use <disk type='dir'>") },
        { "iso", N_("the 'iso' format is not a QEMU image format: use 'raw'") },
    };
    size_t i;

    if (disk->dst[0] && g_ascii_isdigit(disk->dst[strlen(disk->dst) - 1])) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("invalid disk target '%1$s': a partition cannot be a disk target"),
                       disk->dst);
        return -1;
    }
    for (i = 0; i < G_N_ELEMENTS(formats) && disk->driverType; i++) {
        if (strcmp(disk->driverType, formats[i].format) == 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("disk '%1$s': %2$s"), disk->dst, _(formats[i].why));
            return -1;
        }
    }
    if (disk->bus != VIR_DOMAIN_DISK_BUS_SCSI && virDomainDiskHasKept(disk, "vendor")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("disk '%1$s': <vendor> needs bus='scsi'"), disk->dst);
        return -1;
    }
    /* upstream 11.1 and later: a product name for SATA and IDE disks too */
    if (disk->bus != VIR_DOMAIN_DISK_BUS_SCSI && disk->bus != VIR_DOMAIN_DISK_BUS_SATA &&
        disk->bus != VIR_DOMAIN_DISK_BUS_IDE && virDomainDiskHasKept(disk, "product")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("disk '%1$s': <product> needs bus='scsi', 'sata' or 'ide'"), disk->dst);
        return -1;
    }
    if (virDomainKeptValidateDiskProduct(disk) < 0)
        return -1;
    if (virDomainDiskHasKept(disk, "shareable") && !disk->readonly &&
        g_strcmp0(disk->driverType ? disk->driverType : "raw", "raw") != 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("disk '%1$s': a <shareable/> disk two guests may write needs the 'raw' format, not '%2$s'"),
                       disk->dst, disk->driverType);
        return -1;
    }
    return 0;
}

/**
 * virDomainValidateDisks:
 * Source presence and unique target names.  Returns 0 or -1.
 */
static int
virDomainValidateDisks(const virDomainDef *def)
{
    size_t i;
    size_t j;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainDiskDef *disk = def->disks[i];

        if (virDomainValidatePath("<disk><source>", disk->src) < 0 ||
            virDomainValidateDiskUpstream(disk) < 0)
            return -1;
        if (!disk->src && disk->device == VIR_DOMAIN_DISK_DEVICE_DISK) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("disk '%1$s': <disk device='disk'> needs a <source> element"),
                           disk->dst);
            return -1;
        }
        if (disk->pci.set && disk->bus != VIR_DOMAIN_DISK_BUS_VIRTIO) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("disk '%1$s': <address type='pci'/> needs bus='virtio', not bus='%2$s'"),
                           disk->dst, virDomainDiskBusTypeToString(disk->bus));
            return -1;
        }
        if (disk->drive.set && disk->bus == VIR_DOMAIN_DISK_BUS_VIRTIO) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("disk '%1$s': <address type='drive'/> needs bus='ide', 'sata' or 'scsi', not bus='%2$s'"),
                           disk->dst, virDomainDiskBusTypeToString(disk->bus));
            return -1;
        }
        for (j = 0; j < i; j++) {
            const virDomainDiskDef *other = def->disks[j];

            if (strcmp(disk->dst, other->dst) == 0) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("two disks have the same <target dev='%1$s'/>"),
                               disk->dst);
                return -1;
            }
        }
    }
    return virDomainDefValidateDriveAddresses(def);
}

/**
 * virDomainDefValidateDriveAddresses:
 * See domain_conf_priv.h.
 */
int
virDomainDefValidateDriveAddresses(const virDomainDef *def)
{
    size_t i;
    size_t j;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainDiskDef *disk = def->disks[i];

        for (j = 0; j < i; j++) {
            const virDomainDiskDef *other = def->disks[j];

            if (disk->drive.set && other->drive.set && disk->bus == other->bus &&
                disk->drive.controller == other->drive.controller &&
                disk->drive.bus == other->drive.bus &&
                disk->drive.target == other->drive.target &&
                disk->drive.unit == other->drive.unit) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("disks '%1$s' and '%2$s' have the same drive address controller='%3$u' bus='%4$u' target='%5$u' unit='%6$u'"),
                               other->dst, disk->dst, disk->drive.controller,
                               disk->drive.bus, disk->drive.target, disk->drive.unit);
                return -1;
            }
        }
    }
    return virDomainKeptValidateHostdevDrives(def);
}

/**
 * virDomainValidateChrTCP:
 * A tcp <serial> or <console> (@element): a host (needed to connect) of
 * name or address characters, a service that is a port number or a
 * service name; both end up in a QEMU option.  Returns 0 or -1.
 */
static int
virDomainValidateChrTCP(const virDomainChrDef *chr, const char *element)
{
    static const char serviceChars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    static const char hostChars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:";

    if (!chr->host && chr->mode == VIR_DOMAIN_CHR_SOURCE_MODE_CONNECT) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<%1$s type='tcp'> in mode 'connect' needs <source host=...>"),
                       element);
        return -1;
    }
    if (chr->host && (!*chr->host || strspn(chr->host, hostChars) != strlen(chr->host))) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("invalid <%1$s><source host='%2$s'>: a host name or an IP address"),
                       element, chr->host);
        return -1;
    }
    if (!*chr->service || strspn(chr->service, serviceChars) != strlen(chr->service)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("invalid <%1$s><source service='%2$s'>: a port number or a service name"),
                       element, chr->service);
        return -1;
    }
    return 0;
}

/**
 * virDomainValidateChr:
 * Source path presence by type (the target types the model covers are
 * decided at parse: other ones keep the device verbatim).  Returns 0 or -1.
 */
static int
virDomainValidateChr(const virDomainChrDef *chr)
{
    const char *element = chr->deviceType == VIR_DOMAIN_CHR_DEVICE_SERIAL ?
                          "serial" : "console";

    switch ((virDomainChrType)chr->type) {
    case VIR_DOMAIN_CHR_TYPE_FILE:
    case VIR_DOMAIN_CHR_TYPE_UNIX:
        if (!chr->path || !*chr->path) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<%1$s type='%2$s'> needs <source path=...>"), element,
                           virDomainChrTypeToString(chr->type));
            return -1;
        }
        break;
    case VIR_DOMAIN_CHR_TYPE_TCP:
        if (virDomainValidateChrTCP(chr, element) < 0)
            return -1;
        break;
    case VIR_DOMAIN_CHR_TYPE_NULL:
        if (chr->path) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<%1$s type='null'> takes no <source>"), element);
            return -1;
        }
        break;
    case VIR_DOMAIN_CHR_TYPE_PTY:
    case VIR_DOMAIN_CHR_TYPE_LAST:
        break;
    }
    if (virDomainValidatePath(chr->deviceType == VIR_DOMAIN_CHR_DEVICE_SERIAL ?
                              "<serial><source path=...>" :
                              "<console><source path=...>", chr->path) < 0)
        return -1;
    return 0;
}

/**
 * virDomainValidateAliases:
 * Every alias is an identifier and unique in the domain.  Returns 0 or -1.
 */
static int
virDomainValidateAliases(const virDomainDef *def)
{
    g_autoptr(GPtrArray) all = g_ptr_array_new();
    size_t i;
    size_t j;

    for (i = 0; i < def->ndisks; i++)
        g_ptr_array_add(all, def->disks[i]->alias);
    for (i = 0; i < def->nnets; i++)
        g_ptr_array_add(all, def->nets[i]->alias);
    for (i = 0; i < def->nserials; i++)
        g_ptr_array_add(all, def->serials[i]->alias);
    for (i = 0; i < def->nconsoles; i++)
        g_ptr_array_add(all, def->consoles[i]->alias);
    /* user aliases of the devices post-parse gives none (the driver's
     * default ids do not start with "ua-", so they cannot clash) */
    for (i = 0; i < def->ncontrollers; i++) {
        if (def->controllers[i]->alias)
            g_ptr_array_add(all, def->controllers[i]->alias);
    }
    for (i = 0; i < def->nchannels; i++) {
        if (def->channels[i]->alias)
            g_ptr_array_add(all, def->channels[i]->alias);
    }
    for (i = 0; i < def->ninputs; i++) {
        if (def->inputs[i]->alias)
            g_ptr_array_add(all, def->inputs[i]->alias);
    }
    for (i = 0; i < def->nrngs; i++) {
        if (def->rngs[i]->alias)
            g_ptr_array_add(all, def->rngs[i]->alias);
    }
    if (def->memballoon && def->memballoon->alias)
        g_ptr_array_add(all, def->memballoon->alias);
    for (i = 0; i < def->nredirdevs; i++) {
        if (def->redirdevs[i]->alias)
            g_ptr_array_add(all, def->redirdevs[i]->alias);
    }
    for (i = 0; i < def->nvideos; i++) {
        if (def->videos[i]->alias)
            g_ptr_array_add(all, def->videos[i]->alias);
    }
    for (i = 0; i < def->nsounds; i++) {
        if (def->sounds[i]->alias)
            g_ptr_array_add(all, def->sounds[i]->alias);
    }
    for (i = 0; i < def->nwatchdogs; i++) {
        if (def->watchdogs[i]->alias)
            g_ptr_array_add(all, def->watchdogs[i]->alias);
    }
    for (i = 0; i < def->npanics; i++) {
        if (def->panics[i]->alias)
            g_ptr_array_add(all, def->panics[i]->alias);
    }

    for (i = 0; i < all->len; i++) {
        const char *alias = all->pdata[i];

        if (!virDomainDeviceAliasIsValid(alias)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("invalid value '%1$s' for attribute 'name' of <alias>: use 1 to 64 letters, digits, '_' or '-'"),
                           alias ? alias : "");
            return -1;
        }
        for (j = 0; j < i; j++) {
            if (strcmp(alias, all->pdata[j]) == 0) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("alias '%1$s' is used by more than one device"),
                               alias);
                return -1;
            }
        }
    }
    return 0;
}

/**
 * virDomainValidateDevicesCross:
 * Rules across device kinds: PCI addresses (domain_addr.c); per-device <boot order> values unique and not mixed with <os><boot
 * dev>.  Returns 0 or -1 with an error.
 */
static int
virDomainValidateDevicesCross(const virDomainDef *def)
{
    g_autoptr(GHashTable) orders = g_hash_table_new(g_direct_hash, g_direct_equal);
    size_t i;

    if (virDomainDefValidatePCIAddresses(def) < 0)
        return -1;

    for (i = 0; i < def->ndisks + def->nnets; i++) {
        unsigned int order = i < def->ndisks ? def->disks[i]->bootIndex :
                                               def->nets[i - def->ndisks]->bootIndex;

        if (order == 0)
            continue;
        if (def->os.nbootDevs > 0) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           _("per-device <boot order=.../> cannot be used together with <os><boot dev=.../>"));
            return -1;
        }
        if (!g_hash_table_add(orders, GUINT_TO_POINTER(order))) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<boot order='%1$u'/> is used by more than one device"),
                           order);
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainValidateMachine:
 * <vcpu current=> up to the maximum; a <cpu><topology> that adds up to
 * the maximum; migratable= only where upstream allows it; coredump
 * actions only on a crash (as upstream).  Returns 0 or -1 with an error.
 */
static int
virDomainValidateMachine(const virDomainDef *def)
{
    size_t i;

    if (def->vcpusCurrent > def->vcpus) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<vcpu current='%1$u'> is more than the maximum of %2$u vCPUs"),
                       def->vcpusCurrent, def->vcpus);
        return -1;
    }
    if (def->cpu && def->cpu->sockets) {
        const virDomainCpuDef *cpu = def->cpu;
        unsigned long long total = (unsigned long long)cpu->sockets *
                                   (cpu->dies ? cpu->dies : 1) * cpu->cores * cpu->threads;

        if (total != def->vcpus) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<cpu><topology> gives %1$llu vCPUs, but <vcpu> says %2$u"),
                           total, def->vcpus);
            return -1;
        }
    }
    if (def->cpu && def->cpu->migratable != VIR_TRISTATE_SWITCH_ABSENT &&
        def->cpu->mode != VIR_DOMAIN_CPU_MODE_HOST_PASSTHROUGH &&
        def->cpu->mode != VIR_DOMAIN_CPU_MODE_MAXIMUM) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<cpu migratable=> is only for mode 'host-passthrough' or 'maximum', not '%1$s'"),
                       virDomainCpuModeTypeToString(def->cpu->mode));
        return -1;
    }
    for (i = 0; i < VIR_DOMAIN_LIFECYCLE_LAST; i++) {
        virDomainLifecycleAction action = def->onActions[i];

        if (i != VIR_DOMAIN_LIFECYCLE_CRASH &&
            (action == VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY ||
             action == VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_RESTART)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<%1$s>%2$s</%1$s>: only <on_crash> can take a coredump"),
                           virDomainLifecycleElementName(i),
                           virDomainLifecycleActionTypeToString(action));
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainValidateControllers:
 * One controller per type and index, but for the USB companions (with
 * <master>) that share their EHCI master's index, which must be there.
 * Returns 0 or -1 with an error.
 */
static int
virDomainValidateControllers(const virDomainDef *def)
{
    size_t i, j;

    for (i = 0; i < def->ncontrollers; i++) {
        const virDomainControllerDef *a = def->controllers[i];
        bool master = false;

        /* a companion (<master startport=>) needs its EHCI master */
        for (j = 0; a->startport >= 0 && j < def->ncontrollers; j++) {
            const virDomainControllerDef *b = def->controllers[j];

            if (b->type == a->type && b->index == a->index && b->startport < 0)
                master = true;
        }
        if (a->startport >= 0 && !master) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("USB companion controller '%1$s' (index %2$u) has no master USB controller of its index"),
                           a->model ? a->model : "usb", a->index);
            return -1;
        }
        for (j = 0; j < i; j++) {
            const virDomainControllerDef *b = def->controllers[j];

            if (a->type != b->type || a->index != b->index ||
                a->startport >= 0 || b->startport >= 0)
                continue;
            virReportError(VIR_ERR_XML_ERROR,
                           _("<controller type='%1$s' index='%2$u'> appears more than once"),
                           virDomainControllerTypeTypeToString(a->type), a->index);
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainValidateVideos:
 * Upstream's rules for the video devices: model 'none' alone (kept
 * <video> elements count too) and at most one primary='yes'.  Returns 0
 * or -1 with an error.
 */
static int
virDomainValidateVideos(const virDomainDef *def)
{
    size_t count = def->nvideos;
    bool none = false;
    bool primary = false;
    size_t i;

    for (i = 0; i < def->nunmodelledDevices; i++) {
        if (strcmp(def->unmodelledDevices[i].name, "video") == 0)
            count++;
    }
    for (i = 0; i < def->nvideos; i++) {
        if (def->videos[i]->model == VIR_DOMAIN_VIDEO_MODEL_NONE)
            none = true;
        if (def->videos[i]->primary && primary) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("only one <video> device may be primary='yes'"));
            return -1;
        }
        primary |= def->videos[i]->primary;
    }
    if (none && count > 1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("a <video> of model 'none' must be the only video device"));
        return -1;
    }
    return 0;
}

/**
 * virDomainValidateUSBNone:
 * With <controller type='usb' model='none'> the domain has no USB bus: a
 * USB input device is refused, as upstream.  Returns 0 or -1 with an
 * error.
 */
static int
virDomainValidateUSBNone(const virDomainDef *def)
{
    bool none = false;
    size_t i;

    for (i = 0; i < def->ncontrollers; i++) {
        if (def->controllers[i]->type == VIR_DOMAIN_CONTROLLER_TYPE_USB &&
            g_strcmp0(def->controllers[i]->model, "none") == 0)
            none = true;
    }
    for (i = 0; none && i < def->ninputs; i++) {
        if (def->inputs[i]->bus == VIR_DOMAIN_INPUT_BUS_USB) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<input type='%1$s' bus='usb'> needs a USB bus, which <controller type='usb' model='none'> leaves out"),
                           virDomainInputTypeTypeToString(def->inputs[i]->type));
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainDefValidate:
 * See domain_conf_priv.h.
 */
int
virDomainDefValidate(const virDomainDef *def, unsigned int parseFlags)
{
    size_t i;

    if (virDomainNameValidate(def->name) < 0)
        return -1;
    if (def->title && strpbrk(def->title, "\r\n")) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("<title> must be a single line"));
        return -1;
    }
    if (def->memory == 0) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("invalid value '0' of element <memory>: must be more than 0"));
        return -1;
    }
    if (def->currentMemory > def->memory) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<currentMemory> (%1$llu KiB) is larger than <memory> (%2$llu KiB)"),
                       def->currentMemory, def->memory);
        return -1;
    }
    if (strcmp(def->os.type, "hvm") != 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("invalid value '%1$s' of element <type> in <os>: only 'hvm' is supported"),
                       def->os.type);
        return -1;
    }
    if (virDomainValidateMachine(def) < 0 ||
        virDomainValidateControllers(def) < 0 ||
        virDomainValidatePath("<emulator>", def->emulator) < 0 ||
        virDomainValidatePath("<os><kernel>", def->os.kernel) < 0 ||
        virDomainValidatePath("<os><initrd>", def->os.initrd) < 0)
        return -1;
    if (virDomainValidateAliases(def) < 0 ||
        virDomainValidateDisks(def) < 0 ||
        virDomainValidateNets(def, parseFlags) < 0 ||
        virDomainValidateVideos(def) < 0 ||
        virDomainValidateUSBNone(def) < 0 ||
        virDomainValidateDevicesCross(def) < 0)
        return -1;
    for (i = 0; i < def->nchannels; i++) {
        const char *name = def->channels[i]->targetName;

        if (virDomainValidatePath("<channel><source>", def->channels[i]->path) < 0)
            return -1;
        /* the name becomes a QEMU property and part of a socket's name */
        if (!*name || strlen(name) > 64 || name[0] == '.' ||
            strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(name)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("invalid <channel><target name='%1$s'>: 1 to 64 letters, digits and '._-', not starting with '.'"),
                           name);
            return -1;
        }
    }
    for (i = 0; i < def->nrngs; i++) {
        if (virDomainValidatePath("<rng><backend>", def->rngs[i]->path) < 0)
            return -1;
    }
    for (i = 0; i < def->ngraphics; i++) {
        if (virDomainValidatePath("<graphics><listen socket=>", def->graphics[i]->socket) < 0)
            return -1;
    }
    for (i = 0; i < def->nserials; i++) {
        if (virDomainValidateChr(def->serials[i]) < 0)
            return -1;
    }
    for (i = 0; i < def->nconsoles; i++) {
        if (virDomainValidateChr(def->consoles[i]) < 0)
            return -1;
    }
    /* last: the kept elements, read back from their stored text */
    return virDomainKeptValidate(def);
}
