/*
 * domain_kept_usb_rules.c: upstream's define-time rules on USB addresses
 * and <hub>s
 *
 * A USB port is a path "P[.P[.P[.P]]]": a port of the controller, then a
 * port of the hub plugged there, and so on, at most four levels deep.
 * Hubs are kept verbatim by the model, as are most devices with a USB
 * address, so the rules read every <address type='usb'> under <devices>:
 * each port is used once per bus, a nested port sits behind a <hub> at its
 * parent path, and a hub has 8 ports (QEMU's usb-hub).  Ports the
 * controller itself has are left to the address assignment.
 */
#include "domain_kept_rules.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* Ports of QEMU's usb-hub. */
#define VIR_DOMAIN_KEPT_USB_HUB_PORTS 8
/* Levels of a USB port path (upstream's bound). */
#define VIR_DOMAIN_KEPT_USB_PORT_DEPTH 4

/* One device's USB address. */
typedef struct {
    const char *element;   /* the device's element name */
    bool hub;              /* a <hub type='usb'> */
    guint64 bus;
    char *port;            /* the path as written */
    guint64 path[VIR_DOMAIN_KEPT_USB_PORT_DEPTH];
    size_t depth;
} virDomainKeptUSBAddr;

/**
 * virDomainKeptUSBAddrClear:
 * Frees what @opaque (a virDomainKeptUSBAddr) owns.
 */
static void
virDomainKeptUSBAddrClear(gpointer opaque)
{
    virDomainKeptUSBAddr *addr = opaque;

    g_free(addr->port);
}

/**
 * virDomainKeptUSBAddrParse:
 * Reads the <address type='usb'> @node of device @dev into @addr.
 * Returns 1 when it names a port, 0 when it leaves the port to the
 * address assignment, -1 with an error for a port path that is not one.
 */
static int
virDomainKeptUSBAddrParse(const xmlNode *dev, const xmlNode *node,
                          virDomainKeptUSBAddr *addr)
{
    g_autofree char *bus = virXMLPropString(node, "bus");
    g_auto(GStrv) parts = NULL;
    size_t i;

    addr->element = (const char *)dev->name;
    addr->hub = virXMLNodeNameEqual(dev, "hub");
    if (bus && !g_ascii_string_to_unsigned(bus, 10, 0, G_MAXUINT, &addr->bus, NULL)) {
        virXMLReportInvalidValue(node, "bus", bus, NULL);
        return -1;
    }
    if (!(addr->port = virXMLPropString(node, "port")))
        return 0;
    parts = g_strsplit(addr->port, ".", -1);
    addr->depth = g_strv_length(parts);
    if (addr->depth > VIR_DOMAIN_KEPT_USB_PORT_DEPTH) {
        virXMLReportInvalidValue(node, "port", addr->port,
                                 _("a USB port path has at most 4 levels"));
        return -1;
    }
    for (i = 0; i < MAX(addr->depth, 1); i++) {
        if (!parts[i] || !g_ascii_string_to_unsigned(parts[i], 10, 0, G_MAXUINT, &addr->path[i], NULL)) {
            virXMLReportInvalidValue(node, "port", addr->port,
                                     _("port numbers separated by '.'"));
            return -1;
        }
    }
    return 1;
}

/**
 * virDomainKeptUSBIsHubAt:
 * True when @addrs holds a hub on the bus of @addr at @addr's parent path.
 */
static bool
virDomainKeptUSBIsHubAt(GArray *addrs, const virDomainKeptUSBAddr *addr)
{
    size_t i;

    for (i = 0; i < addrs->len; i++) {
        const virDomainKeptUSBAddr *hub = &g_array_index(addrs, virDomainKeptUSBAddr, i);

        if (hub->hub && hub->bus == addr->bus && hub->depth == addr->depth - 1 &&
            memcmp(hub->path, addr->path, hub->depth * sizeof(hub->path[0])) == 0)
            return true;
    }
    return false;
}

/**
 * virDomainKeptUSBCheck:
 * The rules on the addresses @addrs.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptUSBCheck(GArray *addrs)
{
    size_t i, j;

    for (i = 0; i < addrs->len; i++) {
        const virDomainKeptUSBAddr *addr = &g_array_index(addrs, virDomainKeptUSBAddr, i);
        g_autofree char *parent = NULL;

        for (j = 0; j < i; j++) {
            const virDomainKeptUSBAddr *other = &g_array_index(addrs, virDomainKeptUSBAddr, j);

            if (other->bus == addr->bus && other->depth == addr->depth &&
                memcmp(other->path, addr->path, addr->depth * sizeof(addr->path[0])) == 0) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("<%1$s> and <%2$s> have the same USB address bus='%3$llu' port='%4$s'"),
                               other->element, addr->element,
                               (unsigned long long)addr->bus, addr->port);
                return -1;
            }
        }
        if (addr->depth < 2)
            continue;
        parent = g_strndup(addr->port, strrchr(addr->port, '.') - addr->port);
        if (!virDomainKeptUSBIsHubAt(addrs, addr)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<%1$s> at USB port '%2$s' of bus %3$llu needs a <hub> at port '%4$s', which there is not"),
                           addr->element, addr->port, (unsigned long long)addr->bus, parent);
            return -1;
        }
        if (addr->path[addr->depth - 1] < 1 ||
            addr->path[addr->depth - 1] > VIR_DOMAIN_KEPT_USB_HUB_PORTS) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<%1$s> at USB port '%2$s' of bus %3$llu: the hub at port '%4$s' has ports 1 to %5$d"),
                           addr->element, addr->port, (unsigned long long)addr->bus, parent,
                           VIR_DOMAIN_KEPT_USB_HUB_PORTS);
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainKeptUSBRulesValidate:
 * See domain_kept_rules.h.
 */
int
virDomainKeptUSBRulesValidate(const virDomainDef *def, const xmlNode *devices)
{
    g_autoptr(GArray) addrs = g_array_new(false, true, sizeof(virDomainKeptUSBAddr));
    xmlNode *dev;
    size_t i;

    g_array_set_clear_func(addrs, virDomainKeptUSBAddrClear);
    for (dev = virXMLChildElement(devices); dev; dev = virXMLNextElement(dev)) {
        const xmlNode *node = virDomainKeptChild(dev, "address");
        virDomainKeptUSBAddr addr = { 0 };
        int rc;

        if (virXMLNodeNameEqual(dev, "hub")) {
            for (i = 0; i < def->ncontrollers; i++) {
                if (def->controllers[i]->type == VIR_DOMAIN_CONTROLLER_TYPE_USB &&
                    g_strcmp0(def->controllers[i]->model, "none") == 0) {
                    virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                                   _("<hub> needs a USB bus, which <controller type='usb' model='none'> leaves out"));
                    return -1;
                }
            }
        }
        if (!node || !virDomainKeptAttrIs(node, "type", "usb"))
            continue;
        rc = virDomainKeptUSBAddrParse(dev, node, &addr);
        if (rc <= 0) {
            g_free(addr.port);
            if (rc < 0)
                return -1;
            continue;
        }
        g_array_append_val(addrs, addr);
    }
    return virDomainKeptUSBCheck(addrs);
}

/**
 * virDomainKeptUSBPortsUsed:
 * See domain_kept_rules.h.
 */
guint32
virDomainKeptUSBPortsUsed(const virDomainDef *def)
{
    guint32 used = 0;
    size_t i;

    for (i = 0; i < def->nunmodelledDevices; i++) {
        g_autoptr(xmlDoc) doc = NULL;
        xmlNode *dev;
        xmlNode *node;
        virDomainKeptUSBAddr addr = { 0 };
        int rc;

        /* kept text is serialized from a parsed node: it parses again */
        if (!(doc = virXMLParseString(def->unmodelledDevices[i].xml, NULL,
                                      VIR_DOMAIN_XML_MAX_SIZE))) {
            virResetLastError();
            continue;
        }
        dev = xmlDocGetRootElement(doc);
        node = virDomainKeptChild(dev, "address");
        if (!node || !virDomainKeptAttrIs(node, "type", "usb"))
            continue;
        rc = virDomainKeptUSBAddrParse(dev, node, &addr);
        if (rc < 0)
            virResetLastError();
        if (rc > 0 && addr.bus == 0 && addr.path[0] >= 1 && addr.path[0] <= 31)
            used |= 1u << addr.path[0];
        g_free(addr.port);
    }
    return used;
}
