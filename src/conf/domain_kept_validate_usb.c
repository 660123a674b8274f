/*
 * domain_kept_validate_usb.c: upstream's define-time rules on USB
 * addresses and <hub>s
 *
 * A USB port is a path "P[.P[.P[.P]]]": a port of the controller, then a
 * port of the hub plugged there, and so on, at most four levels deep.
 * Hubs are kept verbatim by the model, as are most devices with a USB
 * address (read back from their stored text, see domain_kept_validate.h);
 * modelled inputs and redirdevs hold a well-formed port of bus 0.  The
 * rules read every USB address, in the order the definition is written
 * in: each port is used once per bus, a nested port sits behind a <hub>
 * at its parent path, and a hub has 8 ports (QEMU's usb-hub).  Ports the
 * controller itself has are left to the address assignment.
 */
#include "domain_kept_validate.h"
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
 * virDomainKeptUSBPathParse:
 * The port path @addr->port into @addr's path and depth.  Returns 0, or
 * -1 with the reason in *@why (static) when it is not a path.
 */
static int
virDomainKeptUSBPathParse(virDomainKeptUSBAddr *addr, const char **why)
{
    g_auto(GStrv) parts = g_strsplit(addr->port, ".", -1);
    size_t i;

    addr->depth = g_strv_length(parts);
    if (addr->depth > VIR_DOMAIN_KEPT_USB_PORT_DEPTH) {
        *why = N_("a USB port path has at most 4 levels");
        return -1;
    }
    for (i = 0; i < MAX(addr->depth, 1); i++) {
        if (!parts[i] || !g_ascii_string_to_unsigned(parts[i], 10, 0, G_MAXUINT, &addr->path[i], NULL)) {
            *why = N_("port numbers separated by '.'");
            return -1;
        }
    }
    return 0;
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
    const char *why = NULL;

    addr->element = (const char *)dev->name;
    addr->hub = virXMLNodeNameEqual(dev, "hub");
    if (bus && !g_ascii_string_to_unsigned(bus, 10, 0, G_MAXUINT, &addr->bus, NULL)) {
        virXMLReportInvalidValue(node, "bus", bus, NULL);
        return -1;
    }
    if (!(addr->port = virXMLPropString(node, "port")))
        return 0;
    if (virDomainKeptUSBPathParse(addr, &why) < 0) {
        virXMLReportInvalidValue(node, "port", addr->port, _(why));
        return -1;
    }
    return 1;
}

/**
 * virDomainDeviceUSBPortValid:
 * See domain_conf_priv.h.
 */
bool
virDomainDeviceUSBPortValid(const char *port)
{
    virDomainKeptUSBAddr addr = { .port = (char *)port };
    const char *why;

    return virDomainKeptUSBPathParse(&addr, &why) == 0;
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
 * virDomainKeptUSBAddKept:
 * The USB address of kept device @dev, if it has one, onto @addrs; a hub
 * on a domain without a USB bus is refused.  Returns 0 or -1 with an
 * error.
 */
static int
virDomainKeptUSBAddKept(const virDomainDef *def, const xmlNode *dev, GArray *addrs)
{
    const xmlNode *node = virDomainKeptChild(dev, "address");
    virDomainKeptUSBAddr addr = { 0 };
    size_t i;
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
        return 0;
    rc = virDomainKeptUSBAddrParse(dev, node, &addr);
    if (rc <= 0) {
        g_free(addr.port);
        return rc;
    }
    /* the element name points into @dev's document, which goes away */
    addr.element = g_intern_string(addr.element);
    g_array_append_val(addrs, addr);
    return 0;
}

/**
 * virDomainKeptUSBAddModelled:
 * The USB port @port (NULL: none) of the modelled device @element (on
 * bus 0, a well-formed path: see virDomainDeviceUSBAddressParse()) onto
 * @addrs.
 */
static void
virDomainKeptUSBAddModelled(const char *element, const char *port, GArray *addrs)
{
    virDomainKeptUSBAddr addr = { .element = element, .port = g_strdup(port) };
    const char *why;

    if (!port || virDomainKeptUSBPathParse(&addr, &why) < 0) {
        g_free(addr.port);
        return;
    }
    g_array_append_val(addrs, addr);
}

/**
 * virDomainKeptUSBAddKeptRange:
 * The kept devices anchored from @first to before @last onto @addrs.
 * Returns 0 or -1 with an error.
 */
static int
virDomainKeptUSBAddKeptRange(const virDomainDef *def, int first, int last,
                             GArray *addrs)
{
    g_auto(virDomainKeptNode) dev = { 0 };
    size_t i;
    int rc;

    for (i = 0; i < def->nunmodelledDevices; i++) {
        size_t at = i;

        if (def->unmodelledDevices[i].after < first ||
            def->unmodelledDevices[i].after >= last)
            continue;
        if ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                        NULL, &at, &dev)) < 0)
            return -1;
        if (rc > 0 && virDomainKeptUSBAddKept(def, dev.root, addrs) < 0)
            return -1;
    }
    return 0;
}

/**
 * virDomainKeptValidateUSB:
 * See domain_kept_validate.h.
 */
int
virDomainKeptValidateUSB(const virDomainDef *def)
{
    g_autoptr(GArray) addrs = g_array_new(false, true, sizeof(virDomainKeptUSBAddr));
    size_t i;

    g_array_set_clear_func(addrs, virDomainKeptUSBAddrClear);
    /* in the order format writes the devices in, each kind's modelled
     * devices before the kept ones anchored to it */
    if (virDomainKeptUSBAddKeptRange(def, VIR_DOMAIN_DEVICES_ANCHOR_START,
                                     VIR_DOMAIN_DEVICES_ANCHOR_INPUT, addrs) < 0)
        return -1;
    for (i = 0; i < def->ninputs; i++)
        virDomainKeptUSBAddModelled("input", def->inputs[i]->usbPort, addrs);
    if (virDomainKeptUSBAddKeptRange(def, VIR_DOMAIN_DEVICES_ANCHOR_INPUT,
                                     VIR_DOMAIN_DEVICES_ANCHOR_REDIRDEV, addrs) < 0)
        return -1;
    for (i = 0; i < def->nredirdevs; i++)
        virDomainKeptUSBAddModelled("redirdev", def->redirdevs[i]->usbPort, addrs);
    if (virDomainKeptUSBAddKeptRange(def, VIR_DOMAIN_DEVICES_ANCHOR_REDIRDEV,
                                     G_MAXINT, addrs) < 0)
        return -1;
    return virDomainKeptUSBCheck(addrs);
}

/**
 * virDomainKeptUSBPortsUsed:
 * See domain_kept_validate.h.  A kept device whose address breaks the
 * rules above has no port here (validation refuses it).
 */
guint32
virDomainKeptUSBPortsUsed(const virDomainDef *def)
{
    g_auto(virDomainKeptNode) dev = { 0 };
    guint32 used = 0;
    size_t from = 0;
    int rc;

    while (from < def->nunmodelledDevices) {
        const xmlNode *node;
        virDomainKeptUSBAddr addr = { 0 };

        /* kept text is serialized from a parsed node: it parses again */
        if ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                        NULL, &from, &dev)) < 0) {
            virResetLastError();
            continue;
        }
        if (rc == 0)
            break;
        if (!(node = virDomainKeptChild(dev.root, "address")) ||
            !virDomainKeptAttrIs(node, "type", "usb"))
            continue;
        rc = virDomainKeptUSBAddrParse(dev.root, node, &addr);
        if (rc < 0)
            virResetLastError();
        if (rc > 0 && addr.bus == 0 && addr.path[0] >= 1 && addr.path[0] <= 31)
            used |= 1u << addr.path[0];
        g_free(addr.port);
    }
    return used;
}
