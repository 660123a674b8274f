/*
 * domain_chr_conf.c: the <source> and <protocol> of <serial> and
 * <console>: a pty or file path, a UNIX socket (mode='bind' QEMU
 * listens, 'connect' it connects) or a TCP socket (host, service, raw or
 * telnet).  As upstream writes them, the mode of a unix or tcp source and
 * the protocol of a tcp one are always written back, with their
 * defaults (connect, raw) when the document had none.
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainChrSourceMode, VIR_DOMAIN_CHR_SOURCE_MODE_LAST,
              "connect", "bind");
VIR_ENUM_IMPL(virDomainChrProtocol, VIR_DOMAIN_CHR_PROTOCOL_LAST,
              "raw", "telnet");

/**
 * virDomainChrSourceParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainChrSourceParseXML(virDomainChrDef *chr, xmlNode *node, unsigned int flags)
{
    static const char * const pathAttrs[] = { "path", NULL };
    static const char * const unixAttrs[] = { "mode", "path", NULL };
    static const char * const tcpAttrs[] = { "mode", "host", "service", NULL };
    static const char * const upstream[] = {
        "path", "mode", "host", "service", "append", "tls", "channel", "master",
        "slave", "wiremode", NULL
    };
    const char * const *attrs = pathAttrs;
    int rc;
    xmlNode *child = virXMLChildElement(node);
    int mode = VIR_DOMAIN_CHR_SOURCE_MODE_CONNECT;

    if (chr->type == VIR_DOMAIN_CHR_TYPE_UNIX)
        attrs = unixAttrs;
    else if (chr->type == VIR_DOMAIN_CHR_TYPE_TCP)
        attrs = tcpAttrs;
    /* <reconnect>, <seclabel>, append=, tls=, ... are not modelled */
    if ((rc = virDomainAttrsForm(node, attrs, upstream)) <= 0)
        return rc;
    if (child)
        return 0;
    if (attrs != pathAttrs &&
        virXMLPropEnum(node, "mode", virDomainChrSourceModeTypeFromString, 0, &mode) < 0)
        return -1;
    chr->mode = mode;
    switch ((virDomainChrType)chr->type) {
    case VIR_DOMAIN_CHR_TYPE_PTY:
        /* a pty's path is chosen when QEMU starts: live data */
        if (flags & VIR_DOMAIN_DEF_PARSE_STATUS)
            chr->path = virXMLPropString(node, "path");
        break;
    case VIR_DOMAIN_CHR_TYPE_FILE:
    case VIR_DOMAIN_CHR_TYPE_NULL:
    case VIR_DOMAIN_CHR_TYPE_UNIX:
        chr->path = virXMLPropString(node, "path");
        break;
    case VIR_DOMAIN_CHR_TYPE_TCP:
        chr->host = virXMLPropString(node, "host");
        if (!(chr->service = virXMLPropStringRequired(node, "service")))
            return -1;
        break;
    case VIR_DOMAIN_CHR_TYPE_LAST:
        break;
    }
    return 1;
}

/**
 * virDomainChrProtocolParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainChrProtocolParseXML(virDomainChrDef *chr, xmlNode *node)
{
    static const char * const attrs[] = { "type", NULL };
    xmlNode *child = virXMLChildElement(node);
    int protocol;

    if (virXMLCheckAttrs(node, attrs) < 0)
        return -1;
    if (child)
        return virXMLReportUnknownChild(child);
    if (virXMLPropEnum(node, "type", virDomainChrProtocolTypeFromString,
                       VIR_XML_PROP_REQUIRED, &protocol) < 0)
        return -1;
    chr->protocol = protocol;
    return 0;
}

/**
 * virDomainChrAttrsFormat:
 * See domain_conf_priv.h.  A running pty console names its pty in tty=
 * too, as upstream's live XML does.
 */
void
virDomainChrAttrsFormat(virXMLBuf *attrs, const virDomainChrDef *chr)
{
    virXMLBufAsprintf(attrs, " type='%s'", virDomainChrTypeToString(chr->type));
    if (chr->deviceType == VIR_DOMAIN_CHR_DEVICE_CONSOLE &&
        chr->type == VIR_DOMAIN_CHR_TYPE_PTY)
        virXMLBufEscapeString(attrs, " tty='%s'", chr->path);
}

/**
 * virDomainChrSourceFormat:
 * See domain_conf_priv.h.
 */
void
virDomainChrSourceFormat(virXMLBuf *buf, const virDomainChrDef *chr)
{
    const char *mode = virDomainChrSourceModeTypeToString(chr->mode);

    switch ((virDomainChrType)chr->type) {
    case VIR_DOMAIN_CHR_TYPE_PTY:
    case VIR_DOMAIN_CHR_TYPE_FILE:
    case VIR_DOMAIN_CHR_TYPE_NULL:
    case VIR_DOMAIN_CHR_TYPE_LAST:
        virXMLBufEscapeString(buf, "<source path='%s'/>\n", chr->path);
        break;
    case VIR_DOMAIN_CHR_TYPE_UNIX:
        virXMLBufAsprintf(buf, "<source mode='%s'", mode);
        virXMLBufEscapeString(buf, " path='%s'", chr->path);
        virXMLBufAddLit(buf, "/>\n");
        break;
    case VIR_DOMAIN_CHR_TYPE_TCP:
        virXMLBufAsprintf(buf, "<source mode='%s'", mode);
        virXMLBufEscapeString(buf, " host='%s'", chr->host);
        virXMLBufEscapeString(buf, " service='%s'", chr->service);
        virXMLBufAddLit(buf, "/>\n");
        virXMLBufAsprintf(buf, "<protocol type='%s'/>\n",
                          virDomainChrProtocolTypeToString(chr->protocol));
        break;
    }
}
