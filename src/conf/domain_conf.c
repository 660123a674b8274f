/*
 * domain_conf.c: parse and format the domain XML
 *
 * The XML -> struct step (syntax only: known elements and attributes,
 * value syntax and ranges) and the struct -> XML step, one small static
 * pair per element; <interface> lives in domain_net_conf.c, generated
 * defaults in domain_postparse.c and combination rules in
 * domain_validate.c.
 *
 * Unmodelled elements (children of <domain>, <os> and <devices> this tree
 * does not act on) are serialized at parse time and written back verbatim
 * by format.  Their position is kept as an "anchor": the kind of modelled
 * sibling they followed.  Format writes modelled elements in libvirt's
 * canonical order and each unmodelled one right after its anchor, so a
 * virt-install document comes back in its own order, and the output of
 * format parses back to the identical output (the fuzzer checks that).
 */
#include "domain_conf_priv.h"
#include "virerror.h"
#include "virfile.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN


VIR_ENUM_IMPL(virDomainVirt, VIR_DOMAIN_VIRT_LAST,
              "qemu", "kvm", "hvf");
VIR_ENUM_IMPL(virDomainBootDev, VIR_DOMAIN_BOOT_LAST,
              "hd", "cdrom", "network", "fd");
VIR_ENUM_IMPL(virDomainDiskType, VIR_DOMAIN_DISK_TYPE_LAST,
              "file", "block");
VIR_ENUM_IMPL(virDomainDiskDevice, VIR_DOMAIN_DISK_DEVICE_LAST,
              "disk", "cdrom");
VIR_ENUM_IMPL(virDomainDiskBus, VIR_DOMAIN_DISK_BUS_LAST,
              "virtio", "ide", "sata", "scsi");
VIR_ENUM_IMPL(virDomainChr, VIR_DOMAIN_CHR_TYPE_LAST,
              "pty", "file", "null", "unix", "tcp");
VIR_ENUM_IMPL(virDomainNet, VIR_DOMAIN_NET_TYPE_LAST,
              "bridge", "network", "direct", "ethernet", "user");
VIR_ENUM_IMPL(virDomainNetBackend, VIR_DOMAIN_NET_BACKEND_LAST,
              "default", "networkd", "bridge-helper", "passt");
VIR_ENUM_IMPL(virDomainNetModel, VIR_DOMAIN_NET_MODEL_LAST,
              "default", "virtio", "e1000", "e1000e", "rtl8139");
VIR_ENUM_IMPL(virDomainNetMacvtapMode, VIR_DOMAIN_NET_MACVTAP_MODE_LAST,
              "vepa", "private", "bridge", "passthrough");
VIR_ENUM_IMPL(virDomainNetProto, VIR_DOMAIN_NET_PROTO_LAST,
              "tcp", "udp");
VIR_ENUM_IMPL(virDomainNetLinkState, VIR_DOMAIN_NET_LINK_STATE_LAST,
              "default", "up", "down");
VIR_ENUM_IMPL(virTristateBool, VIR_TRISTATE_BOOL_LAST,
              "default", "yes", "no");
VIR_ENUM_IMPL(virNativeVlanMode, VIR_NATIVE_VLAN_MODE_LAST,
              "default", "tagged", "untagged");

/* Anchors of unmodelled children of <domain>: the modelled sibling kind
 * they follow.  Declared in canonical output order. */
typedef enum {
    VIR_DOMAIN_ANCHOR_START,
    VIR_DOMAIN_ANCHOR_NAME,
    VIR_DOMAIN_ANCHOR_UUID,
    VIR_DOMAIN_ANCHOR_TITLE,
    VIR_DOMAIN_ANCHOR_DESCRIPTION,
    VIR_DOMAIN_ANCHOR_MEMORY,
    VIR_DOMAIN_ANCHOR_CURRENT_MEMORY,
    VIR_DOMAIN_ANCHOR_VCPU,
    VIR_DOMAIN_ANCHOR_OS,
    VIR_DOMAIN_ANCHOR_FEATURES,
    VIR_DOMAIN_ANCHOR_CPU,
    VIR_DOMAIN_ANCHOR_CLOCK,
    VIR_DOMAIN_ANCHOR_ON_POWEROFF,
    VIR_DOMAIN_ANCHOR_ON_REBOOT,
    VIR_DOMAIN_ANCHOR_ON_CRASH,
    VIR_DOMAIN_ANCHOR_PM,
    VIR_DOMAIN_ANCHOR_DEVICES,
} virDomainAnchor;

/* Anchors inside <os>. */
typedef enum {
    VIR_DOMAIN_OS_ANCHOR_START,
    VIR_DOMAIN_OS_ANCHOR_TYPE,
    VIR_DOMAIN_OS_ANCHOR_KERNEL,
    VIR_DOMAIN_OS_ANCHOR_INITRD,
    VIR_DOMAIN_OS_ANCHOR_CMDLINE,
    VIR_DOMAIN_OS_ANCHOR_BOOT,
} virDomainOSAnchor;

/* ---- allocation --------------------------------------------------------- */

/**
 * virDomainDefNew:
 * Returns a new, empty definition (caller frees with virDomainDefFree).
 */
virDomainDef *
virDomainDefNew(void)
{
    return g_new0(virDomainDef, 1);
}

/**
 * virDomainUnmodelledListFree:
 * See domain_conf_priv.h.
 */
void
virDomainUnmodelledListFree(virDomainUnmodelled *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        g_free(list[i].name);
        g_free(list[i].xml);
    }
    g_free(list);
}

/**
 * virDomainNetDefFree:
 * Frees @net and everything it owns; NULL is fine.
 */
void
virDomainNetDefFree(virDomainNetDef *net)
{
    size_t i;

    if (!net)
        return;
    g_free(net->sourceBridge);
    g_free(net->sourceNetwork);
    g_free(net->sourcePortgroup);
    g_free(net->sourceDev);
    g_free(net->ifname);
    g_free(net->backendTap);
    g_free(net->backendVhost);
    g_free(net->backendLogFile);
    g_free(net->driverName);
    for (i = 0; i < VIR_DOMAIN_NET_DRIVER_OPT_LAST; i++)
        g_free(net->driverOpts[i]);
    for (i = 0; i < net->nportForwards; i++) {
        g_free(net->portForwards[i].address);
        g_free(net->portForwards[i].dev);
        g_free(net->portForwards[i].ranges);
    }
    g_free(net->portForwards);
    for (i = 0; i < net->nips; i++)
        g_free(net->ips[i].address);
    g_free(net->ips);
    virNetDevBandwidthDefFree(net->bandwidth);
    if (net->vlan) {
        g_free(net->vlan->tags);
        g_free(net->vlan);
    }
    if (net->filterref) {
        for (i = 0; i < net->filterref->nparams; i++) {
            g_free(net->filterref->params[i].name);
            g_free(net->filterref->params[i].value);
        }
        g_free(net->filterref->params);
        g_free(net->filterref->filter);
        g_free(net->filterref);
    }
    g_free(net->alias);
    g_free(net->virtualportType);
    g_free(net->virtualportInterfaceID);
    g_free(net->portUUID);
    virDomainUnmodelledListFree(net->kept, net->nkept);
    g_free(net);
}

/**
 * virDomainDiskDefFree:
 * Frees @disk; NULL is fine.
 */
static void
virDomainDiskDefFree(virDomainDiskDef *disk)
{
    if (!disk)
        return;
    g_free(disk->driverName);
    g_free(disk->driverType);
    g_free(disk->src);
    g_free(disk->dst);
    g_free(disk->alias);
    virDomainUnmodelledListFree(disk->kept, disk->nkept);
    g_free(disk);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainDiskDef, virDomainDiskDefFree);

/**
 * virDomainChrDefFree:
 * Frees @chr; NULL is fine.
 */
static void
virDomainChrDefFree(virDomainChrDef *chr)
{
    if (!chr)
        return;
    g_free(chr->path);
    g_free(chr->host);
    g_free(chr->service);
    g_free(chr->targetType);
    g_free(chr->targetModel);
    g_free(chr->alias);
    virDomainUnmodelledListFree(chr->kept, chr->nkept);
    g_free(chr);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainChrDef, virDomainChrDefFree);

/**
 * virDomainDefFree:
 * Frees @def and everything it owns; NULL is fine.
 */
void
virDomainDefFree(virDomainDef *def)
{
    size_t i;

    if (!def)
        return;
    g_free(def->name);
    g_free(def->title);
    g_free(def->description);
    g_free(def->vcpuCpuset);
    virDomainUnmodelledListFree(def->featuresKept, def->nfeaturesKept);
    g_free(def->timers);
    virDomainCpuDefFree(def->cpu);
    g_free(def->os.type);
    g_free(def->os.arch);
    g_free(def->os.machine);
    g_free(def->os.kernel);
    g_free(def->os.initrd);
    g_free(def->os.cmdline);
    g_free(def->os.bootDevs);
    g_free(def->os.firmware);
    virDomainUnmodelledListFree(def->os.unmodelled, def->os.nunmodelled);
    g_free(def->emulator);
    for (i = 0; i < def->ndisks; i++)
        virDomainDiskDefFree(def->disks[i]);
    g_free(def->disks);
    for (i = 0; i < def->nnets; i++)
        virDomainNetDefFree(def->nets[i]);
    g_free(def->nets);
    for (i = 0; i < def->nserials; i++)
        virDomainChrDefFree(def->serials[i]);
    g_free(def->serials);
    for (i = 0; i < def->nconsoles; i++)
        virDomainChrDefFree(def->consoles[i]);
    g_free(def->consoles);
    for (i = 0; i < def->ncontrollers; i++)
        virDomainControllerDefFree(def->controllers[i]);
    g_free(def->controllers);
    for (i = 0; i < def->nchannels; i++)
        virDomainChannelDefFree(def->channels[i]);
    g_free(def->channels);
    for (i = 0; i < def->ninputs; i++)
        virDomainInputDefFree(def->inputs[i]);
    g_free(def->inputs);
    virDomainMemballoonDefFree(def->memballoon);
    for (i = 0; i < def->nrngs; i++)
        virDomainRNGDefFree(def->rngs[i]);
    g_free(def->rngs);
    for (i = 0; i < def->ngraphics; i++)
        virDomainGraphicsDefFree(def->graphics[i]);
    g_free(def->graphics);
    for (i = 0; i < def->nvideos; i++)
        virDomainVideoDefFree(def->videos[i]);
    g_free(def->videos);
    for (i = 0; i < def->nsounds; i++)
        virDomainSoundDefFree(def->sounds[i]);
    g_free(def->sounds);
    for (i = 0; i < def->naudios; i++)
        g_free(def->audios[i]);
    g_free(def->audios);
    for (i = 0; i < def->nwatchdogs; i++)
        virDomainWatchdogDefFree(def->watchdogs[i]);
    g_free(def->watchdogs);
    for (i = 0; i < def->npanics; i++)
        virDomainPanicDefFree(def->panics[i]);
    g_free(def->panics);
    for (i = 0; i < def->nredirdevs; i++)
        virDomainRedirdevDefFree(def->redirdevs[i]);
    g_free(def->redirdevs);
    virDomainUnmodelledListFree(def->unmodelled, def->nunmodelled);
    virDomainUnmodelledListFree(def->unmodelledDevices, def->nunmodelledDevices);
    g_free(def);
}

/* ---- shared element helpers --------------------------------------------- */

/**
 * virDomainUnmodelledAdd:
 * Keeps @node verbatim (serialized at @level) in @list with @anchor.
 */
void
virDomainUnmodelledAdd(virDomainUnmodelled **list, size_t *n,
                       const xmlNode *node, int level, int anchor)
{
    virDomainUnmodelled item = {
        .name = g_strdup((const char *)node->name),
        .xml = virXMLNodeToString(node, level),
        .after = anchor,
        .line = xmlGetLineNo(node),
    };

    VIR_APPEND_ELEMENT(*list, *n, item);
}

/**
 * virDomainUnmodelledFormat:
 * Writes the elements of @list anchored at @anchor, in their order.
 */
void
virDomainUnmodelledFormat(virXMLBuf *buf, const virDomainUnmodelled *list,
                          size_t n, int anchor)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (list[i].after == anchor) {
            virXMLBufAddLit(buf, list[i].xml);
            virXMLBufAddLit(buf, "\n");
        }
    }
}

/**
 * virDomainParseText:
 * See domain_conf_priv.h.
 */
int
virDomainParseText(xmlNode *node, const char * const *attrs, char **out)
{
    xmlNode *child;

    if (virXMLCheckAttrs(node, attrs) < 0)
        return -1;
    if ((child = virXMLChildElement(node))) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("element <%1$s> (line %2$ld) must contain only text, found <%3$s>"),
                       (const char *)node->name, xmlGetLineNo(node),
                       (const char *)child->name);
        return -1;
    }
    g_free(*out);
    *out = virXMLNodeContentString(node);
    return 0;
}

/**
 * virDomainCheckEmpty:
 * Refuses child elements of @node, which must be empty.  Returns 0 or -1.
 */
static int
virDomainCheckEmpty(xmlNode *node)
{
    xmlNode *child = virXMLChildElement(node);

    if (child)
        return virXMLReportUnknownChild(child);
    return 0;
}

/**
 * virDomainAttrsForm:
 * See domain_conf_priv.h.
 */
int
virDomainAttrsForm(xmlNode *node, const char * const *modelled,
                   const char * const *upstream)
{
    g_autoptr(GPtrArray) known = g_ptr_array_new();
    const char * const *p;

    for (p = modelled; *p; p++)
        g_ptr_array_add(known, (char *)*p);
    for (p = upstream; *p; p++)
        g_ptr_array_add(known, (char *)*p);
    g_ptr_array_add(known, NULL);
    if (virXMLCheckAttrs(node, (const char * const *)known->pdata) < 0)
        return -1;
    return virDomainAttrsOnly(node, modelled) ? 1 : 0;
}

/**
 * virDomainDeviceAliasParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainDeviceAliasParseXML(xmlNode *node, unsigned int flags, char **alias)
{
    static const char * const attrs[] = { "name", NULL };

    if (virXMLCheckAttrs(node, attrs) < 0 || virDomainCheckEmpty(node) < 0)
        return -1;
    g_free(*alias);
    if (!(*alias = virXMLPropStringRequired(node, "name")))
        return -1;
    if (!(flags & VIR_DOMAIN_DEF_PARSE_STATUS) && !g_str_has_prefix(*alias, "ua-"))
        g_clear_pointer(alias, g_free);
    return 0;
}

/**
 * virDomainDeviceBootParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainDeviceBootParseXML(xmlNode *node, unsigned int *order)
{
    static const char * const attrs[] = { "order", NULL };

    if (virXMLCheckAttrs(node, attrs) < 0 || virDomainCheckEmpty(node) < 0 ||
        virXMLPropUInt(node, "order", 10, 1, G_MAXINT, VIR_XML_PROP_REQUIRED,
                       order) < 0)
        return -1;
    return 0;
}

/**
 * virDomainDeviceBootFormat:
 * See domain_conf_priv.h.
 */
void
virDomainDeviceBootFormat(virXMLBuf *buf, unsigned int order)
{
    if (order)
        virXMLBufAsprintf(buf, "<boot order='%u'/>\n", order);
}

/**
 * virDomainKeptAdd:
 * Appends to @list a kept piece named "@owner/@what" with text @xml
 * (taken) at @place.
 */
static void
virDomainKeptAdd(virDomainUnmodelled **list, size_t *n, const char *owner,
                 const char *what, char *xml, virDomainKeptPlace place)
{
    virDomainUnmodelled item = {
        .name = g_strdup_printf("%s/%s", owner, what),
        .xml = xml,
        .after = place,
    };

    VIR_APPEND_ELEMENT(*list, *n, item);
}

/**
 * virDomainKeptChildParse:
 * See domain_conf_priv.h.
 */
int
virDomainKeptChildParse(virDomainUnmodelled **list, size_t *n,
                        const char *owner, xmlNode *node, int level,
                        const char * const *allowed)
{
    if (node->ns || !g_strv_contains(allowed, (const char *)node->name))
        return virXMLReportUnknownChild(node);
    virDomainKeptAdd(list, n, owner, (const char *)node->name,
                     virXMLNodeToString(node, level), VIR_DOMAIN_KEPT_CHILD);
    return 0;
}

/**
 * virDomainKeptDriverParse:
 * See domain_conf_priv.h.
 */
int
virDomainKeptDriverParse(virDomainUnmodelled **list, size_t *n,
                         const char *owner, xmlNode *node, int level,
                         const char * const *modelled,
                         const char * const *keptAttrs,
                         const char * const *keptChildren)
{
    g_autofree char *where = g_strdup_printf("%s/driver", owner);
    g_autoptr(GPtrArray) allowed = g_ptr_array_new();
    const char * const *p;
    const xmlAttr *attr;
    xmlNode *cur;

    for (p = modelled; *p; p++)
        g_ptr_array_add(allowed, (char *)*p);
    for (p = keptAttrs; *p; p++)
        g_ptr_array_add(allowed, (char *)*p);
    g_ptr_array_add(allowed, NULL);
    if (virXMLCheckAttrs(node, (const char * const *)allowed->pdata) < 0)
        return -1;

    for (attr = node->properties; attr; attr = attr->next) {
        const char *name = (const char *)attr->name;
        g_autofree char *value = NULL;
        g_autofree char *fmt = NULL;
        g_autofree char *what = NULL;
        g_auto(virXMLBuf) text = { 0 };

        if (g_strv_contains(modelled, name))
            continue;
        value = virXMLPropString(node, name);
        fmt = g_strdup_printf(" %s='%%s'", name);
        virXMLBufEscapeString(&text, fmt, value ? value : "");
        what = g_strdup_printf("driver@%s", name);
        virDomainKeptAdd(list, n, owner, what, virXMLBufContentAndReset(&text),
                         VIR_DOMAIN_KEPT_DRIVER_ATTR);
    }
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (cur->ns || !g_strv_contains(keptChildren, (const char *)cur->name))
            return virXMLReportUnknownChild(cur);
        virDomainKeptAdd(list, n, where, (const char *)cur->name,
                         virXMLNodeToString(cur, level + 1),
                         VIR_DOMAIN_KEPT_DRIVER_CHILD);
    }
    return 0;
}

/**
 * virDomainKeptFormat:
 * See domain_conf_priv.h.
 */
void
virDomainKeptFormat(virXMLBuf *buf, const virDomainUnmodelled *list,
                    size_t n, virDomainKeptPlace place)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (list[i].after != (int)place)
            continue;
        virXMLBufAddLit(buf, list[i].xml);
        switch (place) {
        case VIR_DOMAIN_KEPT_CHILD:
        case VIR_DOMAIN_KEPT_DRIVER_CHILD:
            virXMLBufAddLit(buf, "\n");
            break;
        case VIR_DOMAIN_KEPT_DRIVER_ATTR:
            break;
        }
    }
}

/**
 * virPCIDeviceAddressParseXML:
 * See domain_conf_priv.h.  Only type='pci' is modelled.
 */
int
virPCIDeviceAddressParseXML(xmlNode *node, virPCIDeviceAddress *addr)
{
    static const char * const attrs[] = {
        "type", "domain", "bus", "slot", "function", "multifunction", NULL
    };
    g_autofree char *type = NULL;
    g_autofree char *multi = NULL;

    if (virXMLCheckAttrs(node, attrs) < 0 || virDomainCheckEmpty(node) < 0 ||
        !(type = virXMLPropStringRequired(node, "type")))
        return -1;
    if (strcmp(type, "pci") != 0) {
        virXMLReportInvalidValue(node, "type", type, _("only 'pci' is supported"));
        return -1;
    }
    if (virXMLPropUInt(node, "domain", 0, 0, 0xFFFF, 0, &addr->domain) < 0 ||
        virXMLPropUInt(node, "bus", 0, 0, 0xFF, 0, &addr->bus) < 0 ||
        virXMLPropUInt(node, "slot", 0, 0, 0x1F, 0, &addr->slot) < 0 ||
        virXMLPropUInt(node, "function", 0, 0, 7, 0, &addr->function) < 0)
        return -1;
    if ((multi = virXMLPropString(node, "multifunction"))) {
        if (strcmp(multi, "on") == 0) {
            addr->multifunction = VIR_TRISTATE_BOOL_YES;
        } else if (strcmp(multi, "off") == 0) {
            addr->multifunction = VIR_TRISTATE_BOOL_NO;
        } else {
            virXMLReportInvalidValue(node, "multifunction", multi,
                                     _("expected 'on' or 'off'"));
            return -1;
        }
    }
    addr->set = true;
    return 0;
}

/**
 * virPCIDeviceAddressFormat:
 * See domain_conf_priv.h.
 */
void
virPCIDeviceAddressFormat(virXMLBuf *buf, const virPCIDeviceAddress *addr)
{
    if (!addr->set)
        return;
    virXMLBufAsprintf(buf,
                      "<address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'",
                      addr->domain, addr->bus, addr->slot, addr->function);
    if (addr->multifunction != VIR_TRISTATE_BOOL_ABSENT)
        virXMLBufAsprintf(buf, " multifunction='%s'",
                          addr->multifunction == VIR_TRISTATE_BOOL_YES ? "on" : "off");
    virXMLBufAddLit(buf, "/>\n");
}

/* ---- <os> ---------------------------------------------------------------- */

/* Children of <os> that upstream defines and we keep verbatim. */
static const char * const virDomainOSKept[] = {
    "loader", "nvram", "dtb", "acpi", "bootmenu", "smbios", "bios",
    "firmware", "shim", NULL
};

/**
 * virDomainOSParse:
 * <os firmware=><type arch= machine=>hvm</type><kernel/><initrd/>
 * <cmdline/><boot dev=/>...</os>.  Returns 0 or -1 with an error.
 */
static int
virDomainOSParse(xmlNode *node, virDomainOSDef *os)
{
    static const char * const attrs[] = { "firmware", NULL };
    static const char * const typeAttrs[] = { "arch", "machine", NULL };
    static const char * const bootAttrs[] = { "dev", NULL };
    virDomainOSAnchor anchor = VIR_DOMAIN_OS_ANCHOR_START;
    xmlNode *cur;

    if (virXMLCheckAttrs(node, attrs) < 0)
        return -1;
    os->firmware = virXMLPropString(node, "firmware");

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        char **text = NULL;
        const char * const *textAttrs = NULL;

        if (virXMLNodeNameEqual(cur, "type")) {
            text = &os->type;
            textAttrs = typeAttrs;
            anchor = VIR_DOMAIN_OS_ANCHOR_TYPE;
        } else if (virXMLNodeNameEqual(cur, "kernel")) {
            text = &os->kernel;
            anchor = VIR_DOMAIN_OS_ANCHOR_KERNEL;
        } else if (virXMLNodeNameEqual(cur, "initrd")) {
            text = &os->initrd;
            anchor = VIR_DOMAIN_OS_ANCHOR_INITRD;
        } else if (virXMLNodeNameEqual(cur, "cmdline")) {
            text = &os->cmdline;
            anchor = VIR_DOMAIN_OS_ANCHOR_CMDLINE;
        } else if (virXMLNodeNameEqual(cur, "boot")) {
            int dev;

            if (virXMLCheckAttrs(cur, bootAttrs) < 0 ||
                virDomainCheckEmpty(cur) < 0 ||
                virXMLPropEnum(cur, "dev", virDomainBootDevTypeFromString,
                               VIR_XML_PROP_REQUIRED, &dev) < 0)
                return -1;
            VIR_APPEND_ELEMENT(os->bootDevs, os->nbootDevs, (virDomainBootDev)dev);
            anchor = VIR_DOMAIN_OS_ANCHOR_BOOT;
            continue;
        } else if (!cur->ns && g_strv_contains(virDomainOSKept,
                                               (const char *)cur->name)) {
            virDomainUnmodelledAdd(&os->unmodelled, &os->nunmodelled, cur, 2, anchor);
            continue;
        } else {
            return virXMLReportUnknownChild(cur);
        }

        if (*text) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("element <%1$s> appears more than once in <os> (line %2$ld)"),
                           (const char *)cur->name, xmlGetLineNo(cur));
            return -1;
        }
        if (virDomainParseText(cur, textAttrs, text) < 0)
            return -1;
        if (text == &os->type) {
            os->arch = virXMLPropString(cur, "arch");
            os->machine = virXMLPropString(cur, "machine");
        }
    }
    if (!os->type) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("element <os> (line %1$ld) needs a <type> element"),
                       xmlGetLineNo(node));
        return -1;
    }
    return 0;
}

/**
 * virDomainOSFormat:
 * Writes <os>.
 */
static void
virDomainOSFormat(virXMLBuf *buf, const virDomainOSDef *os)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    size_t i;

    virXMLBufInitChild(&children, buf);
    virXMLBufEscapeString(&attrs, " firmware='%s'", os->firmware);

    virDomainUnmodelledFormat(&children, os->unmodelled, os->nunmodelled,
                              VIR_DOMAIN_OS_ANCHOR_START);
    virXMLBufAddLit(&children, "<type");
    virXMLBufEscapeString(&children, " arch='%s'", os->arch);
    virXMLBufEscapeString(&children, " machine='%s'", os->machine);
    virXMLBufEscapeText(&children, ">%s</type>\n", os->type ? os->type : "");
    virDomainUnmodelledFormat(&children, os->unmodelled, os->nunmodelled,
                              VIR_DOMAIN_OS_ANCHOR_TYPE);
    virXMLBufEscapeText(&children, "<kernel>%s</kernel>\n", os->kernel);
    virDomainUnmodelledFormat(&children, os->unmodelled, os->nunmodelled,
                              VIR_DOMAIN_OS_ANCHOR_KERNEL);
    virXMLBufEscapeText(&children, "<initrd>%s</initrd>\n", os->initrd);
    virDomainUnmodelledFormat(&children, os->unmodelled, os->nunmodelled,
                              VIR_DOMAIN_OS_ANCHOR_INITRD);
    virXMLBufEscapeText(&children, "<cmdline>%s</cmdline>\n", os->cmdline);
    virDomainUnmodelledFormat(&children, os->unmodelled, os->nunmodelled,
                              VIR_DOMAIN_OS_ANCHOR_CMDLINE);
    for (i = 0; i < os->nbootDevs; i++)
        virXMLBufAsprintf(&children, "<boot dev='%s'/>\n",
                          virDomainBootDevTypeToString(os->bootDevs[i]));
    virDomainUnmodelledFormat(&children, os->unmodelled, os->nunmodelled,
                              VIR_DOMAIN_OS_ANCHOR_BOOT);
    virXMLFormatElement(buf, "os", &attrs, &children, true);
}

/* ---- <disk> -------------------------------------------------------------- */

/* Children of <disk> upstream defines that we keep verbatim. */
static const char * const virDomainDiskKept[] = {
    "serial", "wwn", "vendor", "product", "iotune", "encryption", "auth",
    "backingStore", "shareable", "transient", "geometry", "blockio", NULL
};

/* Children of <disk> upstream defines that the model cannot express: the
 * disk is kept verbatim, whole (start refuses it). */
static const char * const virDomainDiskWhole[] = {
    "mirror", "backenddomain", "throttlefilters", "acpi", NULL
};

/* Attributes and children of <disk><driver> upstream defines that we keep
 * verbatim (QEMU's defaults apply). */
static const char * const virDomainDiskDriverKeptAttrs[] = {
    "cache", "error_policy", "rerror_policy", "io", "ioeventfd", "event_idx",
    "copy_on_read", "discard", "iothread", "detect_zeroes", "queues",
    "queue_size", "iommu", "ats", "packed", "page_per_vq", "discard_no_unref", NULL
};
static const char * const virDomainDiskDriverKeptChildren[] = {
    "metadata_cache", "iothreads", NULL
};

/**
 * virDomainDiskIdentityCheck:
 * A disk's <vendor> (at most 8) or <product> (at most 40, the longest any
 * bus takes; SCSI's 16 is checked with the bus) printable ASCII
 * characters, as upstream.  Returns 0 or -1 with an error.
 */
static int
virDomainDiskIdentityCheck(xmlNode *node)
{
    g_autofree char *text = (char *)xmlNodeGetContent(node);
    size_t max = virXMLNodeNameEqual(node, "vendor") ? 8 : 40;
    const char *p;

    for (p = text; p && *p; p++) {
        if (!g_ascii_isprint(*p)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("disk <%1$s> may hold printable ASCII characters only"),
                           (const char *)node->name);
            return -1;
        }
    }
    if (!text || !*text || strlen(text) > max) {
        virReportError(VIR_ERR_XML_ERROR, _("disk <%1$s> must be 1 to %2$zu characters long"),
                       (const char *)node->name, max);
        return -1;
    }
    return 0;
}

/**
 * virDomainDiskParseAddress:
 * <address type='pci' .../> or <address type='drive' controller= bus=
 * target= unit=/>.  Returns 1 when parsed, 0 for an address the model
 * does not cover (ccw, usb, a drive address with more attributes, ...),
 * -1 with an error.
 */
static int
virDomainDiskParseAddress(virDomainDiskDef *disk, xmlNode *node)
{
    static const char * const pciAttrs[] = {
        "type", "domain", "bus", "slot", "function", "multifunction", NULL
    };
    static const char * const driveAttrs[] = {
        "type", "controller", "bus", "target", "unit", NULL
    };
    g_autofree char *type = virXMLPropStringRequired(node, "type");

    if (!type)
        return -1;
    if (strcmp(type, "pci") == 0) {
        if (!virDomainHasOnly(node, pciAttrs))
            return 0;
        return virPCIDeviceAddressParseXML(node, &disk->pci) < 0 ? -1 : 1;
    }
    if (strcmp(type, "drive") != 0 || !virDomainHasOnly(node, driveAttrs))
        return 0;
    if (virXMLPropUInt(node, "controller", 10, 0, G_MAXINT, 0, &disk->drive.controller) < 0 ||
        virXMLPropUInt(node, "bus", 10, 0, G_MAXINT, 0, &disk->drive.bus) < 0 ||
        virXMLPropUInt(node, "target", 10, 0, G_MAXINT, 0, &disk->drive.target) < 0 ||
        virXMLPropUInt(node, "unit", 10, 0, G_MAXINT, 0, &disk->drive.unit) < 0)
        return -1;
    disk->drive.set = true;
    return 1;
}

/**
 * virDomainDiskParseChild:
 * One child of <disk>.  Returns 1 when parsed, 0 when the model cannot
 * express it (the whole disk is then kept verbatim), -1 with an error.
 */
static int
virDomainDiskParseChild(virDomainDiskDef *disk, xmlNode *cur,
                        unsigned int flags)
{
    static const char * const driverAttrs[] = { "name", "type", NULL };
    /* index= is live data (upstream's running guests), dropped */
    static const char * const fileAttrs[] = { "file", "index", NULL };
    static const char * const blockAttrs[] = { "dev", "index", NULL };
    static const char * const targetAttrs[] = { "dev", "bus", NULL };
    static const char * const sourceUpstream[] = {
        "file", "dev", "dir", "protocol", "name", "query", "tls", "tlsHostname",
        "pool", "volume", "mode", "type", "managed", "namespace", "startupPolicy",
        "fdgroup",
        NULL
    };
    static const char * const targetUpstream[] = {
        "tray", "removable", "rotation_rate", NULL
    };
    g_autofree char *busName = NULL;
    int bus;
    int rc;

    if (virXMLNodeNameEqual(cur, "driver")) {
        if (virDomainKeptDriverParse(&disk->kept, &disk->nkept, "disk", cur, 3,
                                     driverAttrs, virDomainDiskDriverKeptAttrs,
                                     virDomainDiskDriverKeptChildren) < 0)
            return -1;
        disk->driverName = virXMLPropString(cur, "name");
        disk->driverType = virXMLPropString(cur, "type");
    } else if (virXMLNodeNameEqual(cur, "source")) {
        bool file = disk->type == VIR_DOMAIN_DISK_TYPE_FILE;

        /* startupPolicy=, <seclabel>, <reservations>, <slices>, ... */
        if ((rc = virDomainAttrsForm(cur, file ? fileAttrs : blockAttrs,
                                     sourceUpstream)) <= 0)
            return rc;
        if (virXMLChildElement(cur))
            return 0;
        if (!(disk->src = virXMLPropStringRequired(cur, file ? "file" : "dev")))
            return -1;
    } else if (virXMLNodeNameEqual(cur, "target")) {
        /* tray=, removable=, rotation_rate= */
        if ((rc = virDomainAttrsForm(cur, targetAttrs, targetUpstream)) <= 0)
            return rc;
        if (virDomainCheckEmpty(cur) < 0)
            return -1;
        if (!(disk->dst = virXMLPropStringRequired(cur, "dev")))
            return -1;
        if ((busName = virXMLPropString(cur, "bus"))) {
            /* usb, fdc, sd, xen, ...: not modelled */
            if ((bus = virDomainDiskBusTypeFromString(busName)) < 0)
                return 0;
        } else if (g_str_has_prefix(disk->dst, "vd")) {
            /* Like upstream: the bus follows from the name's prefix. */
            bus = VIR_DOMAIN_DISK_BUS_VIRTIO;
        } else if (g_str_has_prefix(disk->dst, "sd")) {
            bus = VIR_DOMAIN_DISK_BUS_SCSI;
        } else if (g_str_has_prefix(disk->dst, "hd")) {
            bus = VIR_DOMAIN_DISK_BUS_IDE;
        } else {
            virXMLReportInvalidValue(cur, "dev", disk->dst,
                                     _("cannot infer the bus; add a 'bus' attribute"));
            return -1;
        }
        disk->bus = bus;
    } else if (virXMLNodeNameEqual(cur, "readonly")) {
        if (virXMLCheckAttrs(cur, NULL) < 0 || virDomainCheckEmpty(cur) < 0)
            return -1;
        disk->readonly = true;
    } else if (virXMLNodeNameEqual(cur, "alias")) {
        return virDomainDeviceAliasParseXML(cur, flags, &disk->alias) < 0 ? -1 : 1;
    } else if (virXMLNodeNameEqual(cur, "boot")) {
        return virDomainDeviceBootParseXML(cur, &disk->bootIndex) < 0 ? -1 : 1;
    } else if (virXMLNodeNameEqual(cur, "address")) {
        return virDomainDiskParseAddress(disk, cur);
    } else if (!cur->ns && g_strv_contains(virDomainDiskWhole, (const char *)cur->name)) {
        return 0;
    } else {
        if ((virXMLNodeNameEqual(cur, "vendor") || virXMLNodeNameEqual(cur, "product")) &&
            virDomainDiskIdentityCheck(cur) < 0)
            return -1;
        return virDomainKeptChildParse(&disk->kept, &disk->nkept, "disk", cur, 3,
                                       virDomainDiskKept) < 0 ? -1 : 1;
    }
    return 1;
}

/**
 * virDomainDiskParse:
 * <disk type='file|block' device='disk|cdrom'> (type file when absent)
 * into *@out.  Returns 1
 * with a new disk in *@out, 0 when the model cannot express the disk
 * (network, volume, nvme, dir and vhostuser disks; floppy and lun devices;
 * buses and children the model lacks), which the caller then keeps
 * verbatim, whole (start refuses it), or -1 with an error.
 */
static int
virDomainDiskParse(xmlNode *node, unsigned int flags, virDomainDiskDef **out)
{
    static const char * const attrs[] = { "type", "device", NULL };
    static const char * const upstream[] = { "model", "rawio", "sgio", "snapshot", NULL };
    g_autoptr(virDomainDiskDef) disk = g_new0(virDomainDiskDef, 1);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree char *type = NULL;
    g_autofree char *device = NULL;
    xmlNode *cur;
    int value;
    int rc;

    /* model=, rawio=, sgio=, snapshot= are not modelled */
    if ((rc = virDomainAttrsForm(node, attrs, upstream)) <= 0)
        return rc;
    /* like upstream, a disk without a type is a file */
    if (!(type = virXMLPropString(node, "type")))
        type = g_strdup("file");
    if ((value = virDomainDiskTypeTypeFromString(type)) < 0)
        return 0;
    disk->type = value;
    if ((device = virXMLPropString(node, "device"))) {
        if ((value = virDomainDiskDeviceTypeFromString(device)) < 0)
            return 0;
        disk->device = value;
    }

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (g_hash_table_contains(seen, cur->name)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("element <%1$s> appears more than once in <disk> (line %2$ld)"),
                           (const char *)cur->name, xmlGetLineNo(cur));
            return -1;
        }
        g_hash_table_add(seen, (char *)cur->name);
        if ((rc = virDomainDiskParseChild(disk, cur, flags)) <= 0)
            return rc;
    }

    if (!disk->dst) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("element <disk> (line %1$ld) needs a <target dev=...> element"),
                       xmlGetLineNo(node));
        return -1;
    }
    *out = g_steal_pointer(&disk);
    return 1;
}

/**
 * virDomainDiskFormat:
 * Writes <disk>.
 */
static void
virDomainDiskFormat(virXMLBuf *buf, const virDomainDiskDef *disk)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    g_auto(virXMLBuf) sub = { 0 };
    g_auto(virXMLBuf) driverChildren = { 0 };
    bool file = disk->type == VIR_DOMAIN_DISK_TYPE_FILE;

    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " type='%s' device='%s'",
                      virDomainDiskTypeTypeToString(disk->type),
                      virDomainDiskDeviceTypeToString(disk->device));

    virXMLBufEscapeString(&sub, " name='%s'", disk->driverName);
    virXMLBufEscapeString(&sub, " type='%s'", disk->driverType);
    virDomainKeptFormat(&sub, disk->kept, disk->nkept, VIR_DOMAIN_KEPT_DRIVER_ATTR);
    virXMLBufInitChild(&driverChildren, &children);
    virDomainKeptFormat(&driverChildren, disk->kept, disk->nkept,
                        VIR_DOMAIN_KEPT_DRIVER_CHILD);
    virXMLFormatElement(&children, "driver", &sub, &driverChildren, false);
    virXMLBufEscapeString(&children, file ? "<source file='%s'/>\n"
                                          : "<source dev='%s'/>\n", disk->src);
    virXMLBufEscapeString(&children, "<target dev='%s'", disk->dst);
    virXMLBufAsprintf(&children, " bus='%s'/>\n",
                      virDomainDiskBusTypeToString(disk->bus));
    if (disk->readonly)
        virXMLBufAddLit(&children, "<readonly/>\n");
    virDomainKeptFormat(&children, disk->kept, disk->nkept, VIR_DOMAIN_KEPT_CHILD);
    virDomainDeviceBootFormat(&children, disk->bootIndex);
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", disk->alias);
    virPCIDeviceAddressFormat(&children, &disk->pci);
    if (disk->drive.set)
        virXMLBufAsprintf(&children,
                          "<address type='drive' controller='%u' bus='%u' target='%u' unit='%u'/>\n",
                          disk->drive.controller, disk->drive.bus,
                          disk->drive.target, disk->drive.unit);
    virXMLFormatElement(buf, "disk", &attrs, &children, true);
}

/* ---- <serial>, <console> ------------------------------------------------- */

/* Children of <serial>/<console> upstream defines that we keep verbatim. */
static const char * const virDomainChrKept[] = { "log", NULL };

/**
 * virDomainChrParseTarget:
 * <target type= port=/>; a serial's target may hold <model name=/>.
 * Returns 1 when parsed, 0 when the model cannot express the target
 * (a serial device other than isa-serial, a console other than serial
 * or virtio), -1 with an error.
 */
static int
virDomainChrParseTarget(virDomainChrDef *chr, xmlNode *node)
{
    static const char * const attrs[] = { "type", "port", NULL };
    static const char * const modelAttrs[] = { "name", NULL };
    static const char * const consoleTypes[] = { "serial", "virtio", NULL };
    bool serial = chr->deviceType == VIR_DOMAIN_CHR_DEVICE_SERIAL;
    xmlNode *cur;
    unsigned int port;

    if (virXMLCheckAttrs(node, attrs) < 0)
        return -1;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (!virXMLNodeNameEqual(cur, "model") || chr->targetModel)
            return virXMLReportUnknownChild(cur);
        if (!serial || !virDomainHasOnly(cur, modelAttrs))
            return 0;
        if (!(chr->targetModel = virXMLPropStringRequired(cur, "name")))
            return -1;
        /* The driver builds an ISA serial port (x86): pci-serial,
         * usb-serial, ... are kept, not built as something else. */
        if (strcmp(chr->targetModel, "isa-serial") != 0)
            return 0;
    }
    switch (virXMLPropUInt(node, "port", 10, 0, 255, 0, &port)) {
    case -1:
        return -1;
    case 1:
        chr->targetPort = (int)port;
        break;
    }
    chr->targetType = virXMLPropString(node, "type");
    if (chr->targetType &&
        (serial ? strcmp(chr->targetType, "isa-serial") != 0
                : !g_strv_contains(consoleTypes, chr->targetType)))
        return 0;
    return 1;
}

/**
 * virDomainChrParseChild:
 * One child of <serial> or <console> (@node) into @chr; @seen holds the
 * names of the children already met.  Returns 1 when parsed, 0 when the
 * model cannot express it (an <address>, <seclabel>, ...), -1 with an
 * error.
 */
static int
virDomainChrParseChild(virDomainChrDef *chr, xmlNode *node, xmlNode *cur,
                       GHashTable *seen, unsigned int flags)
{
    const char *owner = (const char *)node->name;

    if (virXMLNodeNameEqual(cur, "alias"))
        return virDomainDeviceAliasParseXML(cur, flags, &chr->alias) < 0 ? -1 : 1;
    /* an <address> (of a pci-serial, usb-serial, virtio console, ...) */
    if (virXMLNodeNameEqual(cur, "address"))
        return 0;
    if (!virXMLNodeNameEqual(cur, "source") && !virXMLNodeNameEqual(cur, "target") &&
        !(virXMLNodeNameEqual(cur, "protocol") && chr->type == VIR_DOMAIN_CHR_TYPE_TCP))
        return virDomainKeptChildParse(&chr->kept, &chr->nkept, owner, cur, 3,
                                       virDomainChrKept) < 0 ? -1 : 1;
    if (g_hash_table_contains(seen, cur->name)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("element <%1$s> appears more than once in <%2$s> (line %3$ld)"),
                       (const char *)cur->name, owner, xmlGetLineNo(cur));
        return -1;
    }
    g_hash_table_add(seen, (char *)cur->name);
    if (virXMLNodeNameEqual(cur, "source"))
        return virDomainChrSourceParseXML(chr, cur, flags);
    if (virXMLNodeNameEqual(cur, "protocol"))
        return virDomainChrProtocolParseXML(chr, cur) < 0 ? -1 : 1;
    return virDomainChrParseTarget(chr, cur);
}

/**
 * virDomainChrParse:
 * <serial|console type='pty|file|null|unix|tcp'><source .../> (see
 * domain_chr_conf.c), <protocol> (tcp), <target type= port=/> and
 * <alias/> into *@out.  tty= (upstream's running guests) is accepted and
 * dropped, and so is a pty's source path outside status XML.
 * Returns 1 with a new device in *@out, 0 when the model cannot express
 * the device (other types: udp, dev, pipe, spicevmc, ...; an <address>;
 * other targets), which the caller keeps verbatim, whole (start refuses
 * it), or -1 with an error.
 */
static int
virDomainChrParse(xmlNode *node, virDomainChrDeviceType deviceType,
                  unsigned int flags, virDomainChrDef **out)
{
    static const char * const attrs[] = { "type", "tty", NULL };
    g_autoptr(virDomainChrDef) chr = g_new0(virDomainChrDef, 1);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree char *type = NULL;
    xmlNode *cur;
    int value;
    int rc;

    chr->deviceType = deviceType;
    chr->targetPort = -1;
    if (virXMLCheckAttrs(node, attrs) < 0 ||
        !(type = virXMLPropStringRequired(node, "type")))
        return -1;
    if ((value = virDomainChrTypeFromString(type)) < 0)
        return 0;
    chr->type = value;

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if ((rc = virDomainChrParseChild(chr, node, cur, seen, flags)) <= 0)
            return rc;
    }
    *out = g_steal_pointer(&chr);
    return 1;
}

/**
 * virDomainChrFormat:
 * Writes <serial> or <console>.
 */
static void
virDomainChrFormat(virXMLBuf *buf, const virDomainChrDef *chr)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    g_auto(virXMLBuf) sub = { 0 };
    g_auto(virXMLBuf) targetChildren = { 0 };
    const char *name = chr->deviceType == VIR_DOMAIN_CHR_DEVICE_SERIAL ?
                       "serial" : "console";

    virXMLBufInitChild(&children, buf);
    virDomainChrAttrsFormat(&attrs, chr);
    virDomainChrSourceFormat(&children, chr);
    virXMLBufEscapeString(&sub, " type='%s'", chr->targetType);
    if (chr->targetPort >= 0)
        virXMLBufAsprintf(&sub, " port='%d'", chr->targetPort);
    virXMLBufInitChild(&targetChildren, &children);
    virXMLBufEscapeString(&targetChildren, "<model name='%s'/>\n", chr->targetModel);
    virXMLFormatElement(&children, "target", &sub, &targetChildren, false);
    virDomainKeptFormat(&children, chr->kept, chr->nkept, VIR_DOMAIN_KEPT_CHILD);
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", chr->alias);
    virXMLFormatElement(buf, name, &attrs, &children, true);
}

/* ---- <devices> ----------------------------------------------------------- */

/* The devices that are either modelled or kept whole, by element name. */
static const struct {
    const char *name;
    int (*parse)(xmlNode *node, unsigned int flags, virDomainDef *def);
    virDomainDevicesAnchor anchor;
} virDomainDevicesSmall[] = {
    { "controller", virDomainControllerParseXML, VIR_DOMAIN_DEVICES_ANCHOR_CONTROLLER },
    { "channel", virDomainChannelParseXML, VIR_DOMAIN_DEVICES_ANCHOR_CHANNEL },
    { "input", virDomainInputParseXML, VIR_DOMAIN_DEVICES_ANCHOR_INPUT },
    { "graphics", virDomainGraphicsParseXML, VIR_DOMAIN_DEVICES_ANCHOR_GRAPHICS },
    { "sound", virDomainSoundParseXML, VIR_DOMAIN_DEVICES_ANCHOR_SOUND },
    { "audio", virDomainAudioParseXML, VIR_DOMAIN_DEVICES_ANCHOR_AUDIO },
    { "video", virDomainVideoParseXML, VIR_DOMAIN_DEVICES_ANCHOR_VIDEO },
    { "redirdev", virDomainRedirdevParseXML, VIR_DOMAIN_DEVICES_ANCHOR_REDIRDEV },
    { "watchdog", virDomainWatchdogParseXML, VIR_DOMAIN_DEVICES_ANCHOR_WATCHDOG },
    { "memballoon", virDomainMemballoonParseXML, VIR_DOMAIN_DEVICES_ANCHOR_MEMBALLOON },
    { "rng", virDomainRNGParseXML, VIR_DOMAIN_DEVICES_ANCHOR_RNG },
    { "panic", virDomainPanicParseXML, VIR_DOMAIN_DEVICES_ANCHOR_PANIC },
};

/**
 * virDomainDevicesFindSmall:
 * Index of @node's name in virDomainDevicesSmall, or its size.
 */
static size_t
virDomainDevicesFindSmall(const xmlNode *node)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virDomainDevicesSmall); i++) {
        if (virXMLNodeNameEqual(node, virDomainDevicesSmall[i].name))
            break;
    }
    return i;
}

/**
 * virDomainDevicesParse:
 * Modelled devices into @def, every other child kept verbatim.
 * Returns 0 or -1 with an error.
 */
static int
virDomainDevicesParse(virDomainDef *def, xmlNode *node, unsigned int flags)
{
    virDomainDevicesAnchor anchor = VIR_DOMAIN_DEVICES_ANCHOR_START;
    xmlNode *cur;
    size_t i;

    if (virXMLCheckAttrs(node, NULL) < 0)
        return -1;

    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "emulator")) {
            if (def->emulator) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("element <emulator> appears more than once in <devices> (line %1$ld)"),
                               xmlGetLineNo(cur));
                return -1;
            }
            if (virDomainParseText(cur, NULL, &def->emulator) < 0)
                return -1;
            anchor = VIR_DOMAIN_DEVICES_ANCHOR_EMULATOR;
        } else if (virXMLNodeNameEqual(cur, "disk")) {
            virDomainDiskDef *disk = NULL;
            int rc = virDomainDiskParse(cur, flags, &disk);

            if (rc < 0)
                return -1;
            anchor = VIR_DOMAIN_DEVICES_ANCHOR_DISK;
            if (rc == 0)
                virDomainUnmodelledAdd(&def->unmodelledDevices, &def->nunmodelledDevices,
                                       cur, 2, anchor);
            else
                VIR_APPEND_ELEMENT(def->disks, def->ndisks, disk);
        } else if (virXMLNodeNameEqual(cur, "interface")) {
            virDomainNetDef *net = NULL;
            int rc = virDomainNetDefParseXML(cur, flags, &net);

            if (rc < 0)
                return -1;
            anchor = VIR_DOMAIN_DEVICES_ANCHOR_INTERFACE;
            if (rc == 0)
                virDomainUnmodelledAdd(&def->unmodelledDevices, &def->nunmodelledDevices,
                                       cur, 2, anchor);
            else
                VIR_APPEND_ELEMENT(def->nets, def->nnets, net);
        } else if (virXMLNodeNameEqual(cur, "serial") ||
                   virXMLNodeNameEqual(cur, "console")) {
            bool serial = virXMLNodeNameEqual(cur, "serial");
            virDomainChrDef *chr = NULL;
            int rc = virDomainChrParse(cur, serial ? VIR_DOMAIN_CHR_DEVICE_SERIAL
                                                   : VIR_DOMAIN_CHR_DEVICE_CONSOLE,
                                       flags, &chr);

            if (rc < 0)
                return -1;
            anchor = serial ? VIR_DOMAIN_DEVICES_ANCHOR_SERIAL
                            : VIR_DOMAIN_DEVICES_ANCHOR_CONSOLE;
            if (rc == 0)
                virDomainUnmodelledAdd(&def->unmodelledDevices, &def->nunmodelledDevices,
                                       cur, 2, anchor);
            else if (serial)
                VIR_APPEND_ELEMENT(def->serials, def->nserials, chr);
            else
                VIR_APPEND_ELEMENT(def->consoles, def->nconsoles, chr);
        } else if ((i = virDomainDevicesFindSmall(cur)) < G_N_ELEMENTS(virDomainDevicesSmall)) {
            /* modelled, or kept verbatim in its place when the model
             * cannot express it */
            int rc = virDomainDevicesSmall[i].parse(cur, flags, def);

            if (rc < 0)
                return -1;
            anchor = virDomainDevicesSmall[i].anchor;
            if (rc == 0)
                virDomainUnmodelledAdd(&def->unmodelledDevices, &def->nunmodelledDevices,
                                       cur, 2, anchor);
        } else {
            virDomainUnmodelledAdd(&def->unmodelledDevices, &def->nunmodelledDevices,
                                   cur, 2, anchor);
        }
    }
    return 0;
}

/**
 * virDomainDevicesFormat:
 * Writes <devices>.
 */
static void
virDomainDevicesFormat(virXMLBuf *buf, const virDomainDef *def,
                       unsigned int flags)
{
    g_auto(virXMLBuf) children = { 0 };
    const virDomainUnmodelled *un = def->unmodelledDevices;
    size_t nun = def->nunmodelledDevices;
    size_t i;

    virXMLBufInitChild(&children, buf);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_START);
    virXMLBufEscapeText(&children, "<emulator>%s</emulator>\n", def->emulator);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_EMULATOR);
    for (i = 0; i < def->ndisks; i++)
        virDomainDiskFormat(&children, def->disks[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_DISK);
    for (i = 0; i < def->ncontrollers; i++)
        virDomainControllerFormat(&children, def->controllers[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_CONTROLLER);
    for (i = 0; i < def->nnets; i++)
        virDomainNetDefFormat(&children, def->nets[i], flags);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_INTERFACE);
    for (i = 0; i < def->nserials; i++)
        virDomainChrFormat(&children, def->serials[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_SERIAL);
    for (i = 0; i < def->nconsoles; i++)
        virDomainChrFormat(&children, def->consoles[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_CONSOLE);
    for (i = 0; i < def->nchannels; i++)
        virDomainChannelFormat(&children, def->channels[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_CHANNEL);
    for (i = 0; i < def->ninputs; i++)
        virDomainInputFormat(&children, def->inputs[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_INPUT);
    for (i = 0; i < def->ngraphics; i++)
        virDomainGraphicsFormat(&children, def->graphics[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_GRAPHICS);
    for (i = 0; i < def->nsounds; i++)
        virDomainSoundFormat(&children, def->sounds[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_SOUND);
    for (i = 0; i < def->naudios; i++)
        virDomainAudioFormat(&children, def->audios[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_AUDIO);
    for (i = 0; i < def->nvideos; i++)
        virDomainVideoFormat(&children, def->videos[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_VIDEO);
    for (i = 0; i < def->nredirdevs; i++)
        virDomainRedirdevFormat(&children, def->redirdevs[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_REDIRDEV);
    for (i = 0; i < def->nwatchdogs; i++)
        virDomainWatchdogFormat(&children, def->watchdogs[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_WATCHDOG);
    virDomainMemballoonFormat(&children, def);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_MEMBALLOON);
    for (i = 0; i < def->nrngs; i++)
        virDomainRNGFormat(&children, def->rngs[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_RNG);
    for (i = 0; i < def->npanics; i++)
        virDomainPanicFormat(&children, def->panics[i]);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_DEVICES_ANCHOR_PANIC);
    virXMLFormatElement(buf, "devices", NULL, &children, true);
}

/* ---- <domain> ------------------------------------------------------------ */

/**
 * virDomainDefParseChild:
 * One modelled child of <domain> (@anchor tells which).  Returns 0 or
 * -1 with an error; <features>, <cpu>, <clock> and <pm> return 1 when they went
 * into the model and 0 when they must be kept verbatim.
 */
static int
virDomainDefParseChild(virDomainDef *def, xmlNode *cur,
                       virDomainAnchor anchor, unsigned int flags)
{
    g_autofree char *uuid = NULL;

    switch (anchor) {
    case VIR_DOMAIN_ANCHOR_NAME:
        return virDomainParseText(cur, NULL, &def->name);
    case VIR_DOMAIN_ANCHOR_UUID:
        if (virDomainParseText(cur, NULL, &uuid) < 0)
            return -1;
        if (virUUIDParse(g_strstrip(uuid), def->uuid) < 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("invalid value '%1$s' of element <uuid> (line %2$ld): not a UUID"),
                           uuid, xmlGetLineNo(cur));
            return -1;
        }
        return 0;
    case VIR_DOMAIN_ANCHOR_TITLE:
        return virDomainParseText(cur, NULL, &def->title);
    case VIR_DOMAIN_ANCHOR_DESCRIPTION:
        return virDomainParseText(cur, NULL, &def->description);
    case VIR_DOMAIN_ANCHOR_MEMORY:
        return virDomainMaxMemoryParseXML(cur, def);
    case VIR_DOMAIN_ANCHOR_CURRENT_MEMORY:
        return virDomainMemoryParse(cur, &def->currentMemory);
    case VIR_DOMAIN_ANCHOR_VCPU:
        return virDomainVcpuParseXML(cur, def);
    case VIR_DOMAIN_ANCHOR_OS:
        return virDomainOSParse(cur, &def->os);
    case VIR_DOMAIN_ANCHOR_FEATURES:
        return virDomainFeaturesParseXML(cur, def);
    case VIR_DOMAIN_ANCHOR_CPU:
        return virDomainCpuParseXML(cur, def);
    case VIR_DOMAIN_ANCHOR_CLOCK:
        return virDomainClockParseXML(cur, def);
    case VIR_DOMAIN_ANCHOR_PM:
        return virDomainPMParseXML(cur, def);
    case VIR_DOMAIN_ANCHOR_ON_POWEROFF:
        return virDomainLifecycleParseXML(cur, VIR_DOMAIN_LIFECYCLE_POWEROFF, def);
    case VIR_DOMAIN_ANCHOR_ON_REBOOT:
        return virDomainLifecycleParseXML(cur, VIR_DOMAIN_LIFECYCLE_REBOOT, def);
    case VIR_DOMAIN_ANCHOR_ON_CRASH:
        return virDomainLifecycleParseXML(cur, VIR_DOMAIN_LIFECYCLE_CRASH, def);
    case VIR_DOMAIN_ANCHOR_DEVICES:
        return virDomainDevicesParse(def, cur, flags);
    case VIR_DOMAIN_ANCHOR_START:
        break;
    }
    return virXMLReportUnknownChild(cur);
}

/* Modelled children of <domain>, indexed by their anchor. */
static const char * const virDomainModelledChildren[] = {
    [VIR_DOMAIN_ANCHOR_START] = NULL,
    [VIR_DOMAIN_ANCHOR_NAME] = "name",
    [VIR_DOMAIN_ANCHOR_UUID] = "uuid",
    [VIR_DOMAIN_ANCHOR_TITLE] = "title",
    [VIR_DOMAIN_ANCHOR_DESCRIPTION] = "description",
    [VIR_DOMAIN_ANCHOR_MEMORY] = "memory",
    [VIR_DOMAIN_ANCHOR_CURRENT_MEMORY] = "currentMemory",
    [VIR_DOMAIN_ANCHOR_VCPU] = "vcpu",
    [VIR_DOMAIN_ANCHOR_OS] = "os",
    [VIR_DOMAIN_ANCHOR_FEATURES] = "features",
    [VIR_DOMAIN_ANCHOR_CPU] = "cpu",
    [VIR_DOMAIN_ANCHOR_CLOCK] = "clock",
    [VIR_DOMAIN_ANCHOR_ON_POWEROFF] = "on_poweroff",
    [VIR_DOMAIN_ANCHOR_ON_REBOOT] = "on_reboot",
    [VIR_DOMAIN_ANCHOR_ON_CRASH] = "on_crash",
    [VIR_DOMAIN_ANCHOR_PM] = "pm",
    [VIR_DOMAIN_ANCHOR_DEVICES] = "devices",
};

/**
 * virDomainDefParseNode:
 * Parses the <domain> element @root (syntax only).  Returns a new
 * definition or NULL with an error.
 */
static virDomainDef *
virDomainDefParseNode(xmlNode *root, unsigned int flags)
{
    /* id= is the number of a running guest (upstream's live XML):
     * accepted and dropped, like upstream's define does. */
    static const char * const attrs[] = { "type", "id", NULL };
    g_autoptr(virDomainDef) def = virDomainDefNew();
    bool seen[G_N_ELEMENTS(virDomainModelledChildren)] = { false };
    virDomainAnchor anchor = VIR_DOMAIN_ANCHOR_START;
    xmlNode *cur;
    int type;

    if (!virXMLNodeNameEqual(root, "domain")) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("expected root element <domain>, not <%1$s>"),
                       (const char *)root->name);
        return NULL;
    }
    if (virXMLCheckAttrs(root, attrs) < 0 ||
        virXMLPropEnum(root, "type", virDomainVirtTypeFromString,
                       VIR_XML_PROP_REQUIRED, &type) < 0)
        return NULL;
    def->virtType = type;

    for (cur = virXMLChildElement(root); cur; cur = virXMLNextElement(cur)) {
        size_t i;

        for (i = 1; i < G_N_ELEMENTS(virDomainModelledChildren); i++) {
            if (virXMLNodeNameEqual(cur, virDomainModelledChildren[i]))
                break;
        }
        if (i == G_N_ELEMENTS(virDomainModelledChildren)) {
            virDomainUnmodelledAdd(&def->unmodelled, &def->nunmodelled, cur, 1, anchor);
            continue;
        }
        if (seen[i]) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("element <%1$s> appears more than once in <domain> (line %2$ld)"),
                           (const char *)cur->name, xmlGetLineNo(cur));
            return NULL;
        }
        seen[i] = true;
        anchor = i;
        switch (virDomainDefParseChild(def, cur, anchor, flags)) {
        case -1:
            return NULL;
        case 0:
            if (anchor == VIR_DOMAIN_ANCHOR_FEATURES || anchor == VIR_DOMAIN_ANCHOR_CPU ||
                anchor == VIR_DOMAIN_ANCHOR_CLOCK || anchor == VIR_DOMAIN_ANCHOR_PM)
                virDomainUnmodelledAdd(&def->unmodelled, &def->nunmodelled, cur, 1, anchor);
            break;
        }
    }

    if (!def->name) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("the domain needs a <name> element"));
        return NULL;
    }
    if (!seen[VIR_DOMAIN_ANCHOR_MEMORY]) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("the domain needs a <memory> element"));
        return NULL;
    }
    if (!seen[VIR_DOMAIN_ANCHOR_OS]) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("the domain needs an <os> element"));
        return NULL;
    }
    return g_steal_pointer(&def);
}

/**
 * virDomainDefParseDoc:
 * Schema check (when asked), parse, post-parse and validate @doc.
 * Returns a new definition or NULL with an error.
 */
static virDomainDef *
virDomainDefParseDoc(xmlDoc *doc, unsigned int flags)
{
    g_autoptr(virDomainDef) def = NULL;

    if (flags & VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA) {
        g_autofree char *schema = virXMLSchemaPath("domain.rng");

        if (virXMLValidateAgainstSchema(schema, doc) < 0)
            return NULL;
    }
    if (!(def = virDomainDefParseNode(xmlDocGetRootElement(doc), flags)) ||
        virDomainDefPostParse(def) < 0 ||
        virDomainDefValidate(def, flags) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

/**
 * virDomainDefParseString:
 * See domain_conf.h.
 */
virDomainDef *
virDomainDefParseString(const char *xml, const char *filename, unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseString(xml, filename, VIR_DOMAIN_XML_MAX_SIZE)))
        return NULL;
    return virDomainDefParseDoc(doc, flags);
}

/**
 * virDomainDefParseFile:
 * See domain_conf.h.
 */
virDomainDef *
virDomainDefParseFile(const char *path, unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseFile(path, VIR_DOMAIN_XML_MAX_SIZE)))
        return NULL;
    return virDomainDefParseDoc(doc, flags);
}

/**
 * virDomainDefFormat:
 * See domain_conf.h.  Cannot fail for a definition that parse produced.
 */
char *
virDomainDefFormat(const virDomainDef *def, unsigned int flags)
{
    g_auto(virXMLBuf) buf = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    const virDomainUnmodelled *un = def->unmodelled;
    size_t nun = def->nunmodelled;
    char uuid[VIR_UUID_STRING_BUFLEN];

    virXMLBufInitChild(&children, &buf);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_START);
    virXMLBufEscapeText(&children, "<name>%s</name>\n", def->name);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_NAME);
    virXMLBufAsprintf(&children, "<uuid>%s</uuid>\n", virUUIDFormat(def->uuid, uuid));
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_UUID);
    virXMLBufEscapeText(&children, "<title>%s</title>\n", def->title);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_TITLE);
    virXMLBufEscapeText(&children, "<description>%s</description>\n", def->description);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_DESCRIPTION);
    virXMLBufAddLit(&children, "<memory unit='KiB'");
    if (def->memoryDumpCore != VIR_TRISTATE_SWITCH_ABSENT)
        virXMLBufAsprintf(&children, " dumpCore='%s'",
                          virTristateSwitchTypeToString(def->memoryDumpCore));
    virXMLBufAsprintf(&children, ">%llu</memory>\n", def->memory);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_MEMORY);
    virXMLBufAsprintf(&children, "<currentMemory unit='KiB'>%llu</currentMemory>\n",
                      def->currentMemory ? def->currentMemory : def->memory);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_CURRENT_MEMORY);
    virDomainVcpuFormat(&children, def);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_VCPU);
    virDomainOSFormat(&children, &def->os);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_OS);
    virDomainFeaturesFormat(&children, def);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_FEATURES);
    virDomainCpuFormat(&children, def);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_CPU);
    virDomainClockFormat(&children, def);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_CLOCK);
    virDomainLifecycleFormat(&children, def, VIR_DOMAIN_LIFECYCLE_POWEROFF);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_ON_POWEROFF);
    virDomainLifecycleFormat(&children, def, VIR_DOMAIN_LIFECYCLE_REBOOT);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_ON_REBOOT);
    virDomainLifecycleFormat(&children, def, VIR_DOMAIN_LIFECYCLE_CRASH);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_ON_CRASH);
    virDomainPMFormat(&children, def);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_PM);
    virDomainDevicesFormat(&children, def, flags);
    virDomainUnmodelledFormat(&children, un, nun, VIR_DOMAIN_ANCHOR_DEVICES);

    virXMLBufAsprintf(&buf, "<domain type='%s'>\n",
                      virDomainVirtTypeToString(def->virtType));
    if (!virXMLBufIsEmpty(&children))
        g_string_append(buf.str, children.str->str);
    virXMLBufAddLit(&buf, "</domain>\n");
    return virXMLBufContentAndReset(&buf);
}

/**
 * virDomainNetKeptActedOn:
 * See domain_conf.h.
 */
bool
virDomainNetKeptActedOn(const virDomainNetDef *net, const char *keptName)
{
    bool ip = strcmp(keptName, "interface/ip") == 0;
    bool route = strcmp(keptName, "interface/route") == 0;

    /* an Open vSwitch <virtualport> on a bridge NIC, and on a network NIC
     * (an Open vSwitch or OVN network: the daemon refuses it on any
     * other) */
    if (strcmp(keptName, "interface/virtualport") == 0)
        return (net->type == VIR_DOMAIN_NET_TYPE_BRIDGE ||
                net->type == VIR_DOMAIN_NET_TYPE_NETWORK) &&
               g_strcmp0(net->virtualportType, "openvswitch") == 0;
    /* a virtio NIC's <driver> options */
    if (virDomainNetDriverOptsKept(keptName))
        return true;
    /* a user NIC's <ip> (the user-mode stack's or passt's network) */
    if (ip && net->type == VIR_DOMAIN_NET_TYPE_USER)
        return true;
    /* an ethernet NIC's <ip> and <route>, which its host side refuses
     * with its own reason (virDomainNetResolveHost) */
    if ((ip || route) && net->type == VIR_DOMAIN_NET_TYPE_ETHERNET)
        return true;
    /* passt's <portForward> */
    return strcmp(keptName, "interface/portForward") == 0 &&
           virDomainNetResolveBackend(net) == VIR_DOMAIN_NET_BACKEND_PASST;
}

/**
 * virDomainNetGetSourceName:
 * See domain_conf.h.  The string belongs to @net (or is static).
 */
const char *
virDomainNetGetSourceName(const virDomainNetDef *net)
{
    const char *ret = NULL;

    switch (net->type) {
    case VIR_DOMAIN_NET_TYPE_BRIDGE:
        ret = net->sourceBridge;
        break;
    case VIR_DOMAIN_NET_TYPE_NETWORK:
        ret = net->sourceNetwork;
        break;
    case VIR_DOMAIN_NET_TYPE_DIRECT:
        ret = net->sourceDev;
        break;
    case VIR_DOMAIN_NET_TYPE_ETHERNET:
    case VIR_DOMAIN_NET_TYPE_USER:
    case VIR_DOMAIN_NET_TYPE_LAST:
        break;
    }
    return ret ? ret : "-";
}
