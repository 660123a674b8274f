/*
 * domain_graphics_conf.c: parse and format <graphics type='vnc|spice'>
 * and <redirdev bus='usb' type='spicevmc'>.
 *
 * As for the other small devices: a display in a form the model covers
 * goes into it and the QEMU driver acts on it; anything else (a
 * password, TLS ports, a keymap, websockets, GL on, <listen
 * type='network'>, other display types) keeps the element verbatim and
 * whole, and start refuses it by name.
 *
 * Ports follow upstream: port='-1' (or no port) with autoport='yes' means
 * "the driver picks one at start"; the live definition of a running
 * domain carries the port picked, and a definition that is not status
 * XML drops it again (as upstream's define drops live data).
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainGraphicsType, VIR_DOMAIN_GRAPHICS_TYPE_LAST,
              "vnc", "spice");
VIR_ENUM_IMPL(virDomainGraphicsListen, VIR_DOMAIN_GRAPHICS_LISTEN_LAST,
              "default", "address", "socket", "none");

/* The SPICE options: element, attribute and values (upstream's). */
static const struct {
    const char *element;
    const char *attr;
    const char *values[7];
} virDomainGraphicsSpiceOptions[] = {
    [VIR_DOMAIN_GRAPHICS_SPICE_IMAGE] = { "image", "compression",
        { "auto_glz", "auto_lz", "quic", "glz", "lz", "off", NULL } },
    [VIR_DOMAIN_GRAPHICS_SPICE_JPEG] = { "jpeg", "compression",
        { "auto", "never", "always", NULL } },
    [VIR_DOMAIN_GRAPHICS_SPICE_ZLIB] = { "zlib", "compression",
        { "auto", "never", "always", NULL } },
    [VIR_DOMAIN_GRAPHICS_SPICE_PLAYBACK] = { "playback", "compression",
        { "on", "off", NULL } },
    [VIR_DOMAIN_GRAPHICS_SPICE_STREAMING] = { "streaming", "mode",
        { "filter", "all", "off", NULL } },
    [VIR_DOMAIN_GRAPHICS_SPICE_CLIPBOARD] = { "clipboard", "copypaste",
        { "yes", "no", NULL } },
    [VIR_DOMAIN_GRAPHICS_SPICE_MOUSE] = { "mouse", "mode",
        { "server", "client", NULL } },
    [VIR_DOMAIN_GRAPHICS_SPICE_FILETRANSFER] = { "filetransfer", "enable",
        { "yes", "no", NULL } },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virDomainGraphicsSpiceOptions) == VIR_DOMAIN_GRAPHICS_SPICE_LAST);

/**
 * virDomainGraphicsSpiceOptionElement:
 * See domain_graphics_conf.h.
 */
const char *
virDomainGraphicsSpiceOptionElement(virDomainGraphicsSpiceOption opt)
{
    return virDomainGraphicsSpiceOptions[opt].element;
}

/**
 * virDomainGraphicsSpiceOptionAttr:
 * See domain_graphics_conf.h.
 */
const char *
virDomainGraphicsSpiceOptionAttr(virDomainGraphicsSpiceOption opt)
{
    return virDomainGraphicsSpiceOptions[opt].attr;
}

/**
 * virDomainGraphicsSpiceOptionValues:
 * See domain_graphics_conf.h.
 */
const char * const *
virDomainGraphicsSpiceOptionValues(virDomainGraphicsSpiceOption opt)
{
    return virDomainGraphicsSpiceOptions[opt].values;
}

/**
 * virDomainGraphicsSpiceOptionGet:
 * See domain_graphics_conf.h.
 */
const char *
virDomainGraphicsSpiceOptionGet(const virDomainGraphicsDef *graphics,
                                virDomainGraphicsSpiceOption opt)
{
    if (!graphics->spice[opt])
        return NULL;
    return virDomainGraphicsSpiceOptions[opt].values[graphics->spice[opt] - 1];
}

/**
 * virDomainGraphicsDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainGraphicsDefFree(virDomainGraphicsDef *graphics)
{
    if (!graphics)
        return;
    g_free(graphics->address);
    g_free(graphics->socket);
    g_free(graphics);
}

/**
 * virDomainRedirdevDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainRedirdevDefFree(virDomainRedirdevDef *redir)
{
    if (!redir)
        return;
    g_free(redir->alias);
    g_free(redir->usbPort);
    g_free(redir);
}

/**
 * virDomainGraphicsPortParse:
 * Attribute @name of @node: absent or "-1" leave *@port 0; 0..65535 set
 * it.  Returns 0, or -1 with an error for anything else (upstream's
 * parse error).
 */
static int
virDomainGraphicsPortParse(const xmlNode *node, const char *name, int *port)
{
    g_autofree char *value = virXMLPropString(node, name);
    guint64 n;
    char *end = NULL;

    if (!value || strcmp(value, "-1") == 0)
        return 0;
    n = g_ascii_strtoull(value, &end, 10);
    if (!g_ascii_isdigit(value[0]) || *end || n > 65535) {
        virXMLReportInvalidValue(node, name, value, NULL);
        return -1;
    }
    *port = (int)n;
    return 0;
}

/**
 * virDomainGraphicsListenParse:
 * One <listen type='address|socket|none'> into @graphics.  Returns false
 * when the model cannot express it (type='network', a second listen).
 */
static bool
virDomainGraphicsListenParse(const xmlNode *node, virDomainGraphicsDef *graphics,
                             bool seen)
{
    static const char * const addressAttrs[] = { "type", "address", NULL };
    static const char * const socketAttrs[] = { "type", "socket", NULL };
    static const char * const noneAttrs[] = { "type", NULL };
    g_autofree char *type = virXMLPropString(node, "type");
    g_autofree char *address = NULL;
    int t;

    if (seen || !type || (t = virDomainGraphicsListenTypeFromString(type)) <= 0)
        return false;
    switch ((virDomainGraphicsListenType)t) {
    case VIR_DOMAIN_GRAPHICS_LISTEN_ADDRESS:
        if (!virDomainHasOnly(node, addressAttrs))
            return false;
        address = virXMLPropString(node, "address");
        /* listen= and <listen address=> must agree, as upstream checks */
        if (graphics->address && g_strcmp0(address, graphics->address) != 0)
            return false;
        if (address && !graphics->address)
            graphics->address = g_steal_pointer(&address);
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_SOCKET:
        if (!virDomainHasOnly(node, socketAttrs) || graphics->address)
            return false;
        graphics->socket = virXMLPropString(node, "socket");
        if (graphics->socket && graphics->socket[0] != '/')
            return false;
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_NONE:
        if (!virDomainHasOnly(node, noneAttrs) || graphics->address)
            return false;
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_DEFAULT:
    case VIR_DOMAIN_GRAPHICS_LISTEN_LAST:
        return false;
    }
    graphics->listen = t;
    return true;
}

/**
 * virDomainGraphicsSpiceChildParse:
 * A SPICE option child (<image compression=>, ...) or <gl enable='no'/>
 * into @graphics.  Returns 1, 0 when the model cannot express @node, or
 * -1 with an error for a value upstream does not define.
 */
static int
virDomainGraphicsSpiceChildParse(const xmlNode *node, virDomainGraphicsDef *graphics)
{
    size_t i;

    if (virXMLNodeNameEqual(node, "gl")) {
        static const char * const glAttrs[] = { "enable", NULL };
        g_autofree char *enable = virXMLPropString(node, "enable");

        if (graphics->glOff || !virDomainHasOnly(node, glAttrs) ||
            g_strcmp0(enable, "no") != 0)
            return 0;
        graphics->glOff = true;
        return 1;
    }
    for (i = 0; i < VIR_DOMAIN_GRAPHICS_SPICE_LAST; i++) {
        const char *attrs[] = { virDomainGraphicsSpiceOptions[i].attr, NULL };
        g_autofree char *value = NULL;
        size_t j;

        if (!virXMLNodeNameEqual(node, virDomainGraphicsSpiceOptions[i].element))
            continue;
        if (graphics->spice[i] || !virDomainHasOnly(node, attrs) ||
            !(value = virXMLPropString(node, attrs[0])))
            return 0;
        for (j = 0; virDomainGraphicsSpiceOptions[i].values[j]; j++) {
            if (strcmp(value, virDomainGraphicsSpiceOptions[i].values[j]) == 0) {
                graphics->spice[i] = j + 1;
                return 1;
            }
        }
        virXMLReportInvalidValue(node, attrs[0], value, NULL);
        return -1;
    }
    return 0;
}

/**
 * virDomainGraphicsAttrsParse:
 * The attributes of <graphics> into @graphics.  Returns 1, 0 when the
 * model cannot express them, or -1 with an error for a port or autoport
 * upstream refuses.
 */
static int
virDomainGraphicsAttrsParse(const xmlNode *node, unsigned int flags,
                            virDomainGraphicsDef *graphics)
{
    static const char * const vncAttrs[] = {
        "type", "port", "autoport", "listen", NULL
    };
    static const char * const spiceAttrs[] = {
        "type", "port", "tlsPort", "autoport", "listen", NULL
    };
    g_autofree char *type = virXMLPropString(node, "type");
    g_autofree char *autoport = NULL;
    g_autofree char *tlsPort = NULL;
    int t;

    if (!type || (t = virDomainGraphicsTypeTypeFromString(type)) < 0)
        return 0;
    graphics->type = t;
    if (virDomainGraphicsPortParse(node, "port", &graphics->port) < 0)
        return -1;
    autoport = virXMLPropString(node, "autoport");
    if (autoport && strcmp(autoport, "yes") != 0 && strcmp(autoport, "no") != 0) {
        virXMLReportInvalidValue(node, "autoport", autoport, NULL);
        return -1;
    }
    if (!virDomainAttrsOnly(node, t == VIR_DOMAIN_GRAPHICS_TYPE_VNC ? vncAttrs : spiceAttrs))
        return 0;
    /* a TLS port needs qemu.conf's spice_tls and certificates: only the
     * "none" of virt-install's tlsPort='-1' is covered */
    if ((tlsPort = virXMLPropString(node, "tlsPort")) && strcmp(tlsPort, "-1") != 0)
        return 0;
    /* no port, or port='-1': the driver picks one */
    graphics->autoport = autoport ? strcmp(autoport, "yes") == 0 : graphics->port == 0;
    if (!graphics->autoport && graphics->port == 0)
        return 0;
    if (graphics->autoport && !(flags & VIR_DOMAIN_DEF_PARSE_STATUS))
        graphics->port = 0;
    if ((graphics->address = virXMLPropString(node, "listen")))
        graphics->listen = VIR_DOMAIN_GRAPHICS_LISTEN_ADDRESS;
    return 1;
}

/**
 * virDomainGraphicsParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainGraphicsParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    g_autoptr(virDomainGraphicsDef) graphics = g_new0(virDomainGraphicsDef, 1);
    bool seenListen = false;
    xmlNode *cur;
    int rc;

    if ((rc = virDomainGraphicsAttrsParse(node, flags, graphics)) <= 0)
        return rc;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "listen")) {
            if (!virDomainGraphicsListenParse(cur, graphics, seenListen))
                return 0;
            seenListen = true;
            continue;
        }
        if (graphics->type != VIR_DOMAIN_GRAPHICS_TYPE_SPICE)
            return 0;
        if ((rc = virDomainGraphicsSpiceChildParse(cur, graphics)) <= 0)
            return rc;
    }
    VIR_APPEND_ELEMENT(def->graphics, def->ngraphics, g_steal_pointer(&graphics));
    return 1;
}

/**
 * virDomainGraphicsFormat:
 * See domain_conf_priv.h.
 */
void
virDomainGraphicsFormat(virXMLBuf *buf, const virDomainGraphicsDef *graphics)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    size_t i;

    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " type='%s'", virDomainGraphicsTypeTypeToString(graphics->type));
    if (graphics->port > 0)
        virXMLBufAsprintf(&attrs, " port='%d'", graphics->port);
    else if (graphics->type == VIR_DOMAIN_GRAPHICS_TYPE_VNC)
        virXMLBufAddLit(&attrs, " port='-1'");
    virXMLBufAsprintf(&attrs, " autoport='%s'", graphics->autoport ? "yes" : "no");
    virXMLBufEscapeString(&attrs, " listen='%s'", graphics->address);

    switch (graphics->listen) {
    case VIR_DOMAIN_GRAPHICS_LISTEN_DEFAULT:
    case VIR_DOMAIN_GRAPHICS_LISTEN_LAST:
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_ADDRESS:
        if (graphics->address)
            virXMLBufEscapeString(&children, "<listen type='address' address='%s'/>\n",
                                  graphics->address);
        else
            virXMLBufAddLit(&children, "<listen type='address'/>\n");
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_SOCKET:
        if (graphics->socket)
            virXMLBufEscapeString(&children, "<listen type='socket' socket='%s'/>\n",
                                  graphics->socket);
        else
            virXMLBufAddLit(&children, "<listen type='socket'/>\n");
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_NONE:
        virXMLBufAddLit(&children, "<listen type='none'/>\n");
        break;
    }
    for (i = 0; i < VIR_DOMAIN_GRAPHICS_SPICE_LAST; i++) {
        const char *value = virDomainGraphicsSpiceOptionGet(graphics, i);

        if (value)
            virXMLBufAsprintf(&children, "<%s %s='%s'/>\n",
                              virDomainGraphicsSpiceOptions[i].element,
                              virDomainGraphicsSpiceOptions[i].attr, value);
    }
    if (graphics->glOff)
        virXMLBufAddLit(&children, "<gl enable='no'/>\n");
    virXMLFormatElement(buf, "graphics", &attrs, &children, true);
}

/**
 * virDomainRedirdevParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainRedirdevParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    static const char * const attrs[] = { "bus", "type", NULL };
    g_autoptr(virDomainRedirdevDef) redir = g_new0(virDomainRedirdevDef, 1);
    g_autofree char *bus = NULL;
    g_autofree char *type = NULL;
    virPCIDeviceAddress unused = { 0 };
    xmlNode *cur;

    if (!virDomainAttrsOnly(node, attrs) ||
        g_strcmp0((bus = virXMLPropString(node, "bus")), "usb") != 0 ||
        g_strcmp0((type = virXMLPropString(node, "type")), "spicevmc") != 0)
        return 0;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc;

        if (virXMLNodeNameEqual(cur, "address")) {
            if (!virDomainDeviceUSBAddressParse(cur, &redir->usbPort))
                return 0;
            continue;
        }
        if (!virXMLNodeNameEqual(cur, "alias"))
            return 0;
        if ((rc = virDomainDeviceCommonChild(cur, flags, &redir->alias, &unused)) <= 0)
            return rc;
    }
    VIR_APPEND_ELEMENT(def->redirdevs, def->nredirdevs, g_steal_pointer(&redir));
    return 1;
}

/**
 * virDomainRedirdevFormat:
 * See domain_conf_priv.h.
 */
void
virDomainRedirdevFormat(virXMLBuf *buf, const virDomainRedirdevDef *redir)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };

    virXMLBufInitChild(&children, buf);
    virXMLBufAddLit(&attrs, " bus='usb' type='spicevmc'");
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", redir->alias);
    virXMLBufEscapeString(&children, "<address type='usb' bus='0' port='%s'/>\n",
                          redir->usbPort);
    virXMLFormatElement(buf, "redirdev", &attrs, &children, false);
}

VIR_ENUM_IMPL(virDomainVideoModel, VIR_DOMAIN_VIDEO_MODEL_LAST,
              "qxl", "virtio", "vga", "bochs", "cirrus", "none");

/**
 * virDomainVideoDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainVideoDefFree(virDomainVideoDef *video)
{
    if (!video)
        return;
    g_free(video->alias);
    g_free(video);
}

/**
 * virDomainVideoModelParse:
 * <model type= ram= vram= vgamem= heads= primary=/> into @video.
 * Returns 1, 0 when the model cannot express it (other types, other
 * attributes, children), or -1 with an error for a size or count that
 * is not a number.
 */
static int
virDomainVideoModelParse(const xmlNode *node, virDomainVideoDef *video)
{
    static const char * const attrs[] = {
        "type", "ram", "vram", "vgamem", "heads", "primary", NULL
    };
    static const struct {
        const char *name;
        size_t offset;
    } sizes[] = {
        { "ram", G_STRUCT_OFFSET(virDomainVideoDef, ram) },
        { "vram", G_STRUCT_OFFSET(virDomainVideoDef, vram) },
        { "vgamem", G_STRUCT_OFFSET(virDomainVideoDef, vgamem) },
        { "heads", G_STRUCT_OFFSET(virDomainVideoDef, heads) },
    };
    g_autofree char *type = virXMLPropString(node, "type");
    g_autofree char *primary = virXMLPropString(node, "primary");
    size_t i;
    int m;

    if (!virDomainHasOnly(node, attrs) || !type ||
        (m = virDomainVideoModelTypeFromString(type)) < 0)
        return 0;
    video->model = m;
    for (i = 0; i < G_N_ELEMENTS(sizes); i++) {
        unsigned int *field = G_STRUCT_MEMBER_P(video, sizes[i].offset);
        int rc = virXMLPropUInt(node, sizes[i].name, 10, 0, G_MAXUINT, 0, field);

        if (rc < 0)
            return -1;
        /* 0 means "absent" in the model: an explicit 0 stays verbatim */
        if (rc > 0 && *field == 0)
            return 0;
    }
    if (primary) {
        if (strcmp(primary, "yes") != 0 && strcmp(primary, "no") != 0) {
            virXMLReportInvalidValue(node, "primary", primary, NULL);
            return -1;
        }
        /* upstream writes primary='yes' only; 'no' is the default */
        if (strcmp(primary, "no") == 0)
            return 0;
        video->primary = true;
    }
    return 1;
}

/**
 * virDomainVideoParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainVideoParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    g_autoptr(virDomainVideoDef) video = g_new0(virDomainVideoDef, 1);
    bool seenModel = false;
    xmlNode *cur;

    if (!virDomainAttrsOnly(node, NULL))
        return 0;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc;

        if (virXMLNodeNameEqual(cur, "model")) {
            if (seenModel)
                return 0;
            seenModel = true;
            if ((rc = virDomainVideoModelParse(cur, video)) <= 0)
                return rc;
            continue;
        }
        if ((rc = virDomainDeviceCommonChild(cur, flags, &video->alias, &video->pci)) <= 0)
            return rc;
    }
    if (!seenModel)
        return 0;
    VIR_APPEND_ELEMENT(def->videos, def->nvideos, g_steal_pointer(&video));
    return 1;
}

/**
 * virDomainVideoFormat:
 * See domain_conf_priv.h.
 */
void
virDomainVideoFormat(virXMLBuf *buf, const virDomainVideoDef *video)
{
    g_auto(virXMLBuf) children = { 0 };
    g_autoptr(GString) model = g_string_new(NULL);

    virXMLBufInitChild(&children, buf);
    g_string_append_printf(model, "<model type='%s'",
                           virDomainVideoModelTypeToString(video->model));
    if (video->ram)
        g_string_append_printf(model, " ram='%u'", video->ram);
    if (video->vram)
        g_string_append_printf(model, " vram='%u'", video->vram);
    if (video->vgamem)
        g_string_append_printf(model, " vgamem='%u'", video->vgamem);
    if (video->heads)
        g_string_append_printf(model, " heads='%u'", video->heads);
    if (video->primary)
        g_string_append(model, " primary='yes'");
    g_string_append(model, "/>\n");
    virXMLBufAddLit(&children, model->str);
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", video->alias);
    virPCIDeviceAddressFormat(&children, &video->pci);
    virXMLFormatElement(buf, "video", NULL, &children, true);
}
