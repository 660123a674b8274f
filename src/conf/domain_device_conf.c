/*
 * domain_device_conf.c: parse and format the small devices of
 * <devices>: <memballoon> and <rng>.
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
