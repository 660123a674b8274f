/*
 * netdev_bandwidth_conf.c: parse and format <bandwidth>
 */
#include "netdev_bandwidth_conf.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_XML

/* Rates in kB/s and bursts in kB: tc's 32-bit limits bound them. */
#define VIR_NET_BANDWIDTH_MAX G_MAXUINT32

/**
 * virNetDevBandwidthDefFree:
 * See netdev_bandwidth_conf.h.
 */
void
virNetDevBandwidthDefFree(virNetDevBandwidthDef *bw)
{
    if (!bw)
        return;
    g_free(bw->in);
    g_free(bw->out);
    g_free(bw);
}

/**
 * virNetDevBandwidthRateParseXML:
 * <inbound average= peak= burst= floor=/> or <outbound .../> (no floor).
 * Returns a new rate or NULL with an error.
 */
static virNetDevBandwidthRate *
virNetDevBandwidthRateParseXML(xmlNode *node, bool inbound)
{
    static const char * const inAttrs[] = { "average", "peak", "burst", "floor", NULL };
    static const char * const outAttrs[] = { "average", "peak", "burst", NULL };
    g_autofree virNetDevBandwidthRate *rate = g_new0(virNetDevBandwidthRate, 1);
    xmlNode *child = virXMLChildElement(node);

    if (child) {
        virXMLReportUnknownChild(child);
        return NULL;
    }
    if (virXMLCheckAttrs(node, inbound ? inAttrs : outAttrs) < 0 ||
        virXMLPropULongLong(node, "average", 1, VIR_NET_BANDWIDTH_MAX, 0, &rate->average) < 0 ||
        virXMLPropULongLong(node, "peak", 1, VIR_NET_BANDWIDTH_MAX, 0, &rate->peak) < 0 ||
        virXMLPropULongLong(node, "burst", 1, VIR_NET_BANDWIDTH_MAX, 0, &rate->burst) < 0 ||
        virXMLPropULongLong(node, "floor", 1, VIR_NET_BANDWIDTH_MAX, 0, &rate->floor) < 0)
        return NULL;
    return g_steal_pointer(&rate);
}

/**
 * virNetDevBandwidthDefParseXML:
 * See netdev_bandwidth_conf.h.
 */
virNetDevBandwidthDef *
virNetDevBandwidthDefParseXML(xmlNode *node)
{
    g_autoptr(virNetDevBandwidthDef) bw = g_new0(virNetDevBandwidthDef, 1);
    xmlNode *cur;

    if (virXMLCheckAttrs(node, NULL) < 0)
        return NULL;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        bool inbound = virXMLNodeNameEqual(cur, "inbound");
        virNetDevBandwidthRate **slot;

        if (!inbound && !virXMLNodeNameEqual(cur, "outbound")) {
            virXMLReportUnknownChild(cur);
            return NULL;
        }
        slot = inbound ? &bw->in : &bw->out;
        if (*slot) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("element <%1$s> appears more than once in <bandwidth> (line %2$ld)"),
                           (const char *)cur->name, xmlGetLineNo(cur));
            return NULL;
        }
        if (!(*slot = virNetDevBandwidthRateParseXML(cur, inbound)))
            return NULL;
    }
    return g_steal_pointer(&bw);
}

/**
 * virNetDevBandwidthRateFormat:
 * Writes <@name average= peak= floor= burst=/> when @rate is set.
 */
static void
virNetDevBandwidthRateFormat(virXMLBuf *buf, const char *name,
                             const virNetDevBandwidthRate *rate)
{
    g_auto(virXMLBuf) attrs = { 0 };

    if (!rate)
        return;
    if (rate->average)
        virXMLBufAsprintf(&attrs, " average='%llu'", rate->average);
    if (rate->peak)
        virXMLBufAsprintf(&attrs, " peak='%llu'", rate->peak);
    if (rate->floor)
        virXMLBufAsprintf(&attrs, " floor='%llu'", rate->floor);
    if (rate->burst)
        virXMLBufAsprintf(&attrs, " burst='%llu'", rate->burst);
    virXMLFormatElement(buf, name, &attrs, NULL, true);
}

/**
 * virNetDevBandwidthDefFormat:
 * See netdev_bandwidth_conf.h.
 */
void
virNetDevBandwidthDefFormat(virXMLBuf *buf, const virNetDevBandwidthDef *bw)
{
    g_auto(virXMLBuf) children = { 0 };

    if (!bw)
        return;
    virXMLBufInitChild(&children, buf);
    virNetDevBandwidthRateFormat(&children, "inbound", bw->in);
    virNetDevBandwidthRateFormat(&children, "outbound", bw->out);
    virXMLFormatElement(buf, "bandwidth", NULL, &children, true);
}

/**
 * virNetDevBandwidthDefValidate:
 * See netdev_bandwidth_conf.h.
 */
int
virNetDevBandwidthDefValidate(const virNetDevBandwidthDef *bw, const char *owner)
{
    if (!bw)
        return 0;
    if (bw->in && !bw->in->average && !bw->in->floor) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("%1$s: <inbound> of <bandwidth> needs an 'average' or 'floor' attribute"),
                       owner);
        return -1;
    }
    if (bw->out && !bw->out->average) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("%1$s: <outbound> of <bandwidth> needs an 'average' attribute"),
                       owner);
        return -1;
    }
    return 0;
}
