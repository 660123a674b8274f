/*
 * domain_net_driver_conf.c: the options of a virtio NIC's <driver>
 *
 * <driver txmode= ioeventfd= event_idx= rx_queue_size= tx_queue_size=
 * rss= rss_hash_report= iommu= ats= packed= page_per_vq=> and its
 * <host csum= gso= tso4= tso6= ecn= ufo= mrg_rxbuf=/> and <guest csum=
 * tso4= tso6= ecn= ufo=/> children.  The pieces stay kept verbatim for
 * formatting (domain_net_conf.c keeps <driver>'s other attributes and
 * children that way); here their values are read and checked, one row of
 * virDomainNetDriverOpts per option, and the QEMU driver turns each into
 * its virtio-net-pci property (qemu_command_net.c).
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* Where an option is written. */
typedef enum {
    VIR_DOMAIN_NET_DRIVER_AT_DRIVER,   /* an attribute of <driver> */
    VIR_DOMAIN_NET_DRIVER_AT_HOST,     /* of <driver><host> */
    VIR_DOMAIN_NET_DRIVER_AT_GUEST,    /* of <driver><guest> */
} virDomainNetDriverAt;

static const struct {
    virDomainNetDriverAt at;
    const char *name;              /* the attribute */
    virDomainNetDriverOptKind kind;
} virDomainNetDriverOpts[] = {
    [VIR_DOMAIN_NET_DRIVER_OPT_TXMODE] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "txmode",
                                           VIR_DOMAIN_NET_DRIVER_OPT_KIND_TXMODE },
    [VIR_DOMAIN_NET_DRIVER_OPT_IOEVENTFD] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "ioeventfd",
                                              VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_EVENT_IDX] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "event_idx",
                                              VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_RX_QUEUE_SIZE] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "rx_queue_size",
                                                  VIR_DOMAIN_NET_DRIVER_OPT_KIND_QUEUE_SIZE },
    [VIR_DOMAIN_NET_DRIVER_OPT_TX_QUEUE_SIZE] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "tx_queue_size",
                                                  VIR_DOMAIN_NET_DRIVER_OPT_KIND_QUEUE_SIZE },
    [VIR_DOMAIN_NET_DRIVER_OPT_RSS] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "rss",
                                        VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_RSS_HASH_REPORT] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "rss_hash_report",
                                                    VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_IOMMU] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "iommu",
                                          VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_ATS] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "ats",
                                        VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_PACKED] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "packed",
                                           VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_PAGE_PER_VQ] = { VIR_DOMAIN_NET_DRIVER_AT_DRIVER, "page_per_vq",
                                                VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_CSUM] = { VIR_DOMAIN_NET_DRIVER_AT_HOST, "csum",
                                              VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_GSO] = { VIR_DOMAIN_NET_DRIVER_AT_HOST, "gso",
                                             VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_TSO4] = { VIR_DOMAIN_NET_DRIVER_AT_HOST, "tso4",
                                              VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_TSO6] = { VIR_DOMAIN_NET_DRIVER_AT_HOST, "tso6",
                                              VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_ECN] = { VIR_DOMAIN_NET_DRIVER_AT_HOST, "ecn",
                                             VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_UFO] = { VIR_DOMAIN_NET_DRIVER_AT_HOST, "ufo",
                                             VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_MRG_RXBUF] = { VIR_DOMAIN_NET_DRIVER_AT_HOST, "mrg_rxbuf",
                                                   VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_CSUM] = { VIR_DOMAIN_NET_DRIVER_AT_GUEST, "csum",
                                               VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_TSO4] = { VIR_DOMAIN_NET_DRIVER_AT_GUEST, "tso4",
                                               VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_TSO6] = { VIR_DOMAIN_NET_DRIVER_AT_GUEST, "tso6",
                                               VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_ECN] = { VIR_DOMAIN_NET_DRIVER_AT_GUEST, "ecn",
                                              VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_UFO] = { VIR_DOMAIN_NET_DRIVER_AT_GUEST, "ufo",
                                              VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virDomainNetDriverOpts) == VIR_DOMAIN_NET_DRIVER_OPT_LAST);

/* The element each place names, indexed by virDomainNetDriverAt. */
static const char * const virDomainNetDriverAtNames[] = { "driver", "host", "guest" };

/**
 * virDomainNetDriverOptKindOf:
 * See domain_conf.h.
 */
virDomainNetDriverOptKind
virDomainNetDriverOptKindOf(virDomainNetDriverOpt opt)
{
    return virDomainNetDriverOpts[opt].kind;
}

/**
 * virDomainNetDriverOptName:
 * See domain_conf.h.
 */
const char *
virDomainNetDriverOptName(virDomainNetDriverOpt opt)
{
    return virDomainNetDriverOpts[opt].name;
}

/**
 * virDomainNetDriverOptCheck:
 * Checks the value @value of option @opt on @node.  Returns 0 or -1
 * with an error.
 */
static int
virDomainNetDriverOptCheck(xmlNode *node, virDomainNetDriverOpt opt, const char *value)
{
    const char *name = virDomainNetDriverOpts[opt].name;
    unsigned long long size;
    char *end = NULL;

    switch (virDomainNetDriverOpts[opt].kind) {
    case VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH:
        if (strcmp(value, "on") == 0 || strcmp(value, "off") == 0)
            return 0;
        virXMLReportInvalidValue(node, name, value, _("expected 'on' or 'off'"));
        return -1;
    case VIR_DOMAIN_NET_DRIVER_OPT_KIND_TXMODE:
        if (strcmp(value, "iothread") == 0 || strcmp(value, "timer") == 0)
            return 0;
        virXMLReportInvalidValue(node, name, value, _("expected 'iothread' or 'timer'"));
        return -1;
    case VIR_DOMAIN_NET_DRIVER_OPT_KIND_QUEUE_SIZE:
        size = g_ascii_strtoull(value, &end, 10);
        /* upstream's rule; QEMU checks the range (256 to 1024) */
        if (g_ascii_isdigit(value[0]) && end && *end == '\0' && size > 0 &&
            size <= G_MAXUINT16 && (size & (size - 1)) == 0)
            return 0;
        virXMLReportInvalidValue(node, name, value, _("must be a power of two"));
        return -1;
    }
    return -1;
}

/**
 * virDomainNetDriverOptsParseAt:
 * The options of place @at read from @node into @net.  Returns 0 or -1
 * with an error.
 */
static int
virDomainNetDriverOptsParseAt(virDomainNetDef *net, xmlNode *node, virDomainNetDriverAt at)
{
    g_autoptr(GPtrArray) known = g_ptr_array_new();
    size_t i;

    for (i = 0; i < VIR_DOMAIN_NET_DRIVER_OPT_LAST; i++) {
        if (virDomainNetDriverOpts[i].at == at)
            g_ptr_array_add(known, (char *)virDomainNetDriverOpts[i].name);
    }
    g_ptr_array_add(known, NULL);
    /* <driver>'s other attributes are checked by its parser */
    if (at != VIR_DOMAIN_NET_DRIVER_AT_DRIVER &&
        (virXMLCheckAttrs(node, (const char * const *)known->pdata) < 0 ||
         (virXMLChildElement(node) &&
          virXMLReportUnknownChild(virXMLChildElement(node)) < 0)))
        return -1;

    for (i = 0; i < VIR_DOMAIN_NET_DRIVER_OPT_LAST; i++) {
        g_autofree char *value = NULL;

        if (virDomainNetDriverOpts[i].at != at ||
            !(value = virXMLPropString(node, virDomainNetDriverOpts[i].name)))
            continue;
        if (virDomainNetDriverOptCheck(node, i, value) < 0)
            return -1;
        net->driverOpts[i] = g_steal_pointer(&value);
    }
    return 0;
}

/**
 * virDomainNetDriverOptsParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainNetDriverOptsParseXML(virDomainNetDef *net, xmlNode *driver)
{
    xmlNode *cur;

    if (virDomainNetDriverOptsParseAt(net, driver, VIR_DOMAIN_NET_DRIVER_AT_DRIVER) < 0)
        return -1;
    for (cur = virXMLChildElement(driver); cur; cur = virXMLNextElement(cur)) {
        virDomainNetDriverAt at = virXMLNodeNameEqual(cur, "host") ?
                                  VIR_DOMAIN_NET_DRIVER_AT_HOST :
                                  VIR_DOMAIN_NET_DRIVER_AT_GUEST;

        if (virDomainNetDriverOptsParseAt(net, cur, at) < 0)
            return -1;
    }
    return 0;
}

/**
 * virDomainNetDriverOptsKept:
 * See domain_conf_priv.h.  Kept pieces are named "interface/driver@ATTR"
 * and "interface/driver/host" (virDomainKeptDriverParse).
 */
bool
virDomainNetDriverOptsKept(const char *keptName)
{
    const char *rest;
    size_t i;

    if (!g_str_has_prefix(keptName, "interface/driver"))
        return false;
    rest = keptName + strlen("interface/driver");
    for (i = 0; i < VIR_DOMAIN_NET_DRIVER_OPT_LAST; i++) {
        virDomainNetDriverAt at = virDomainNetDriverOpts[i].at;

        if (at == VIR_DOMAIN_NET_DRIVER_AT_DRIVER
            ? (rest[0] == '@' && strcmp(rest + 1, virDomainNetDriverOpts[i].name) == 0)
            : (rest[0] == '/' && strcmp(rest + 1, virDomainNetDriverAtNames[at]) == 0))
            return true;
    }
    return false;
}

/**
 * virDomainNetDriverOptsValidate:
 * See domain_conf_priv.h.
 */
int
virDomainNetDriverOptsValidate(const virDomainNetDef *net)
{
    size_t i;

    if (net->model == VIR_DOMAIN_NET_MODEL_VIRTIO)
        return 0;
    for (i = 0; i < VIR_DOMAIN_NET_DRIVER_OPT_LAST; i++) {
        if (!net->driverOpts[i])
            continue;
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': attribute '%2$s' of <%3$s> needs <model type='virtio'/>"),
                       net->alias, virDomainNetDriverOpts[i].name,
                       virDomainNetDriverAtNames[virDomainNetDriverOpts[i].at]);
        return -1;
    }
    return 0;
}
