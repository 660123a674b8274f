/*
 * domain_device_conf.c: parse and format the small devices of
 * <devices>: <channel>, <memballoon> and <rng>.
 *
 * As for <cpu> or <clock>: a device in a form the model covers goes into
 * it, and the QEMU driver acts on it; a device with anything else (a
 * balloon's <stats>, an rng's <rate> or egd backend, a non-PCI address)
 * is kept verbatim, whole, and the driver refuses to start with it.
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainChannel, VIR_DOMAIN_CHANNEL_TYPE_LAST,
              "unix", "spicevmc");
VIR_ENUM_IMPL(virDomainMemballoonModel, VIR_DOMAIN_MEMBALLOON_MODEL_LAST,
              "virtio", "none");

/**
 * virDomainMemballoonDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainMemballoonDefFree(virDomainMemballoonDef *balloon)
{
    if (!balloon)
        return;
    g_free(balloon->alias);
    g_free(balloon);
}

/**
 * virDomainRNGDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainRNGDefFree(virDomainRNGDef *rng)
{
    if (!rng)
        return;
    g_free(rng->path);
    g_free(rng->alias);
    g_free(rng);
}

/**
 * virDomainDeviceCommonChild:
 * See domain_conf_priv.h.
 */
int
virDomainDeviceCommonChild(xmlNode *node, unsigned int flags, char **alias,
                           virPCIDeviceAddress *pci)
{
    g_autofree char *type = NULL;

    if (virXMLNodeNameEqual(node, "alias")) {
        if (*alias)
            return 0;
        return virDomainDeviceAliasParseXML(node, flags, alias) < 0 ? -1 : 1;
    }
    if (virXMLNodeNameEqual(node, "address")) {
        if (pci->set || !(type = virXMLPropString(node, "type")) ||
            strcmp(type, "pci") != 0)
            return 0;
        return virPCIDeviceAddressParseXML(node, pci) < 0 ? -1 : 1;
    }
    return 0;
}

/**
 * virDomainSwitchAttr:
 * Attribute @name of @node ("on"/"off") into *@out.  Returns false for
 * any other value.
 */
static bool
virDomainSwitchAttr(const xmlNode *node, const char *name, virTristateSwitch *out)
{
    g_autofree char *value = virXMLPropString(node, name);
    int v;

    if (!value)
        return true;
    if ((v = virTristateSwitchTypeFromString(value)) <= 0)
        return false;
    *out = v;
    return true;
}

/**
 * virDomainMemballoonParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainMemballoonParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    static const char * const attrs[] = {
        "model", "autodeflate", "freePageReporting", NULL
    };
    g_autoptr(virDomainMemballoonDef) balloon = g_new0(virDomainMemballoonDef, 1);
    g_autofree char *model = NULL;
    xmlNode *cur;
    int m;

    if (def->memballoon)
        return 0;
    if (!virDomainAttrsOnly(node, attrs))
        return 0;
    if (!(model = virXMLPropString(node, "model")) ||
        (m = virDomainMemballoonModelTypeFromString(model)) < 0 ||
        !virDomainSwitchAttr(node, "autodeflate", &balloon->autodeflate) ||
        !virDomainSwitchAttr(node, "freePageReporting", &balloon->freePageReporting))
        return 0;
    balloon->model = m;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc = virDomainDeviceCommonChild(cur, flags, &balloon->alias, &balloon->pci);

        if (rc <= 0)
            return rc;
    }
    def->memballoon = g_steal_pointer(&balloon);
    return 1;
}

/**
 * virDomainMemballoonFormat:
 * See domain_conf_priv.h.
 */
void
virDomainMemballoonFormat(virXMLBuf *buf, const virDomainDef *def)
{
    const virDomainMemballoonDef *balloon = def->memballoon;
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };

    if (!balloon)
        return;
    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " model='%s'",
                      virDomainMemballoonModelTypeToString(balloon->model));
    if (balloon->autodeflate)
        virXMLBufAsprintf(&attrs, " autodeflate='%s'",
                          virTristateSwitchTypeToString(balloon->autodeflate));
    if (balloon->freePageReporting)
        virXMLBufAsprintf(&attrs, " freePageReporting='%s'",
                          virTristateSwitchTypeToString(balloon->freePageReporting));
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", balloon->alias);
    virPCIDeviceAddressFormat(&children, &balloon->pci);
    virXMLFormatElement(buf, "memballoon", &attrs, &children, false);
}

/**
 * virDomainRNGBackendParse:
 * <backend model='random'>PATH</backend> into @rng.  Returns false for
 * any other backend.
 */
static bool
virDomainRNGBackendParse(xmlNode *node, virDomainRNGDef *rng)
{
    static const char * const attrs[] = { "model", NULL };
    g_autofree char *model = NULL;

    if (rng->path || !virDomainHasOnly(node, attrs) ||
        !(model = virXMLPropString(node, "model")) || strcmp(model, "random") != 0)
        return false;
    rng->path = virXMLNodeContentString(node);
    g_strstrip(rng->path);
    return rng->path[0] != '\0';
}

/**
 * virDomainRNGParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainRNGParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    static const char * const attrs[] = { "model", NULL };
    g_autoptr(virDomainRNGDef) rng = g_new0(virDomainRNGDef, 1);
    g_autofree char *model = NULL;
    xmlNode *cur;

    if (!virDomainAttrsOnly(node, attrs))
        return 0;
    if (!(model = virXMLPropString(node, "model")) || strcmp(model, "virtio") != 0)
        return 0;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc;

        if (virXMLNodeNameEqual(cur, "backend")) {
            if (!virDomainRNGBackendParse(cur, rng))
                return 0;
            continue;
        }
        if ((rc = virDomainDeviceCommonChild(cur, flags, &rng->alias, &rng->pci)) <= 0)
            return rc;
    }
    if (!rng->path)
        return 0;
    VIR_APPEND_ELEMENT(def->rngs, def->nrngs, g_steal_pointer(&rng));
    return 1;
}

/**
 * virDomainRNGFormat:
 * See domain_conf_priv.h.
 */
void
virDomainRNGFormat(virXMLBuf *buf, const virDomainRNGDef *rng)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };

    virXMLBufInitChild(&children, buf);
    virXMLBufAddLit(&attrs, " model='virtio'");
    virXMLBufEscapeText(&children, "<backend model='random'>%s</backend>\n", rng->path);
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", rng->alias);
    virPCIDeviceAddressFormat(&children, &rng->pci);
    virXMLFormatElement(buf, "rng", &attrs, &children, true);
}

/**
 * virDomainChannelDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainChannelDefFree(virDomainChannelDef *chan)
{
    if (!chan)
        return;
    g_free(chan->path);
    g_free(chan->targetName);
    g_free(chan->alias);
    g_free(chan);
}

/**
 * virDomainChannelChildParse:
 * <source mode='bind' path=/>, <target type='virtio' name=/> or
 * <address type='virtio-serial' controller='0' bus='0' port=/> into
 * @chan.  Returns false when the model cannot express @node.
 */
static bool
virDomainChannelChildParse(const xmlNode *node, virDomainChannelDef *chan)
{
    static const char * const sourceAttrs[] = { "mode", "path", NULL };
    static const char * const targetAttrs[] = { "type", "name", "state", NULL };
    static const char * const addrAttrs[] = { "type", "controller", "bus", "port", NULL };
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    g_autofree char *c = NULL;
    g_autofree char *d = NULL;

    if (virXMLNodeNameEqual(node, "source")) {
        if (chan->type != VIR_DOMAIN_CHANNEL_TYPE_UNIX ||
            !virDomainHasOnly(node, sourceAttrs) || chan->path ||
            g_strcmp0((a = virXMLPropString(node, "mode")), "bind") != 0)
            return false;
        chan->path = virXMLPropString(node, "path");
        return true;
    }
    if (virXMLNodeNameEqual(node, "target")) {
        /* state= is live data (the agent connected or not) */
        if (!virDomainHasOnly(node, targetAttrs) || chan->targetName ||
            g_strcmp0((a = virXMLPropString(node, "type")), "virtio") != 0 ||
            !(chan->targetName = virXMLPropString(node, "name")))
            return false;
        return true;
    }
    if (virXMLNodeNameEqual(node, "address")) {
        guint64 port;
        char *end = NULL;

        if (!virDomainHasOnly(node, addrAttrs) || chan->port ||
            g_strcmp0((a = virXMLPropString(node, "type")), "virtio-serial") != 0 ||
            g_strcmp0((b = virXMLPropString(node, "controller")), "0") != 0 ||
            g_strcmp0((c = virXMLPropString(node, "bus")), "0") != 0 ||
            !(d = virXMLPropString(node, "port")) || !g_ascii_isdigit(d[0]))
            return false;
        port = g_ascii_strtoull(d, &end, 10);
        if (*end || port < 1 || port > 30)
            return false;
        chan->port = (unsigned int)port;
        return true;
    }
    return false;
}

/**
 * virDomainChannelParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainChannelParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    static const char * const attrs[] = { "type", NULL };
    g_autoptr(virDomainChannelDef) chan = g_new0(virDomainChannelDef, 1);
    g_autofree char *type = NULL;
    virPCIDeviceAddress unused = { 0 };
    xmlNode *cur;
    int t;

    if (!virDomainAttrsOnly(node, attrs) ||
        !(type = virXMLPropString(node, "type")) ||
        (t = virDomainChannelTypeFromString(type)) < 0)
        return 0;
    chan->type = t;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc;

        if (virXMLNodeNameEqual(cur, "alias")) {
            if ((rc = virDomainDeviceCommonChild(cur, flags, &chan->alias, &unused)) <= 0)
                return rc;
            continue;
        }
        if (!virDomainChannelChildParse(cur, chan))
            return 0;
    }
    if (!chan->targetName)
        return 0;
    VIR_APPEND_ELEMENT(def->channels, def->nchannels, g_steal_pointer(&chan));
    return 1;
}

/**
 * virDomainChannelFormat:
 * See domain_conf_priv.h.
 */
void
virDomainChannelFormat(virXMLBuf *buf, const virDomainChannelDef *chan)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };

    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " type='%s'", virDomainChannelTypeToString(chan->type));
    switch (chan->type) {
    case VIR_DOMAIN_CHANNEL_TYPE_UNIX:
        if (chan->path)
            virXMLBufEscapeString(&children, "<source mode='bind' path='%s'/>\n", chan->path);
        else
            virXMLBufAddLit(&children, "<source mode='bind'/>\n");
        break;
    case VIR_DOMAIN_CHANNEL_TYPE_SPICEVMC:
    case VIR_DOMAIN_CHANNEL_TYPE_LAST:
        break;
    }
    virXMLBufEscapeString(&children, "<target type='virtio' name='%s'/>\n", chan->targetName);
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", chan->alias);
    if (chan->port)
        virXMLBufAsprintf(&children,
                          "<address type='virtio-serial' controller='0' bus='0' port='%u'/>\n",
                          chan->port);
    virXMLFormatElement(buf, "channel", &attrs, &children, true);
}
