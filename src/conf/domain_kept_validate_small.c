/*
 * domain_kept_validate_small.c: upstream's define-time rules on the small
 * devices the model keeps verbatim
 *
 * See domain_kept_validate.h.  Devices here: <tpm>, <shmem>, character
 * device <reconnect>s, <rng> backends, <input> models, <video> ramfb,
 * <graphics> pairings and the machine a <serial> target fits; each kept
 * <disk> and the kept children of modelled disks go to
 * domain_kept_validate_disk.c.  The modelled forms of these devices
 * (isa-serial, a random <rng>, VNC and SPICE without OpenGL, ...) cannot
 * break these rules.
 */
#include "domain_kept_validate.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/**
 * virDomainKeptReconnectValidate:
 * The <reconnect> elements under device @dev: enabled needs a timeout
 * of at least a second, and only a connecting source reconnects.
 * Returns 0 or -1 with an error.
 */
static int
virDomainKeptReconnectValidate(const xmlNode *dev)
{
    xmlNode *cur;

    for (cur = virXMLChildElement(dev); cur; cur = virXMLNextElement(cur)) {
        g_autofree char *timeout = NULL;
        guint64 val;

        if (!virXMLNodeNameEqual(cur, "reconnect")) {
            if (virDomainKeptReconnectValidate(cur) < 0)
                return -1;
            continue;
        }
        if (!virDomainKeptAttrIs(cur, "enabled", "yes"))
            continue;
        if (!(timeout = virXMLPropString(cur, "timeout"))) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("<reconnect enabled='yes'> (line %1$ld) needs timeout="),
                           xmlGetLineNo(cur));
            return -1;
        }
        if (!g_ascii_string_to_unsigned(timeout, 10, 1, G_MAXUINT, &val, NULL)) {
            virXMLReportInvalidValue(cur, "timeout", timeout,
                                     _("a reconnecting source needs a timeout of at least 1 second"));
            return -1;
        }
        if (virDomainKeptAttrIs(dev, "mode", "bind")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<reconnect enabled='yes'> (line %1$ld) needs a source in mode 'connect', not 'bind'"),
                           xmlGetLineNo(cur));
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainKeptRNGValidate:
 * An egd <rng> backend on a UNIX socket needs the socket's path.
 * Returns 0 or -1 with an error.
 */
static int
virDomainKeptRNGValidate(const xmlNode *rng)
{
    const xmlNode *backend = virDomainKeptChild(rng, "backend");
    xmlNode *cur;

    if (!backend || !virDomainKeptAttrIs(backend, "model", "egd") ||
        !virDomainKeptAttrIs(backend, "type", "unix"))
        return 0;
    for (cur = virXMLChildElement(backend); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "source") && xmlHasProp(cur, (const xmlChar *)"path"))
            return 0;
    }
    virReportError(VIR_ERR_XML_ERROR, "%s",
                   _("<rng><backend model='egd' type='unix'> needs <source path=>"));
    return -1;
}

/**
 * virDomainKeptGraphicsValidate:
 * egl-headless renders for a VNC or SPICE display only, and QEMU has one
 * OpenGL display at most (egl-headless, or <gl enable='yes'> of SPICE or
 * SDL).  Only kept displays can have either; a modelled one is VNC or
 * SPICE without OpenGL.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptGraphicsValidate(const virDomainDef *def)
{
    g_auto(virDomainKeptNode) dev = { 0 };
    bool eglHeadless = false;
    size_t ngl = 0;
    size_t from = 0;
    int rc;

    while ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                       "graphics", &from, &dev)) > 0) {
        const xmlNode *gl;

        if (virDomainKeptAttrIs(dev.root, "type", "egl-headless")) {
            eglHeadless = true;
            ngl++;
        } else if ((gl = virDomainKeptChild(dev.root, "gl")) &&
                   virDomainKeptAttrIs(gl, "enable", "yes")) {
            ngl++;
        }
    }
    if (rc < 0)
        return -1;
    if (ngl > 1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("more than one OpenGL display (egl-headless, <gl enable='yes'>): QEMU has one at most"));
        return -1;
    }
    from = 0;
    while (eglHeadless &&
           (rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                       "graphics", &from, &dev)) > 0) {
        g_autofree char *type = virXMLPropString(dev.root, "type");

        if (g_strcmp0(type, "egl-headless") != 0 && g_strcmp0(type, "vnc") != 0 &&
            g_strcmp0(type, "spice") != 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<graphics type='egl-headless'> goes with a 'vnc' or 'spice' display only, not '%1$s'"),
                           type ? type : "");
            return -1;
        }
    }
    return rc < 0 ? -1 : 0;
}

/**
 * virDomainKeptSerialValidate:
 * A <serial>'s target type and model are the machine's: the system,
 * spapr-vio and SCLP serials (and their pl011, spapr-vty, sclp console
 * models) are not on x86.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptSerialValidate(const virDomainDef *def, const xmlNode *serial)
{
    static const char * const foreignTypes[] = {
        "system-serial", "spapr-vio-serial", "sclp-serial", NULL
    };
    static const char * const foreignModels[] = {
        "pl011", "spapr-vty", "sclpconsole", "sclplmconsole", "16550a", NULL
    };
    const xmlNode *target = virDomainKeptChild(serial, "target");
    const xmlNode *model;
    g_autofree char *type = NULL;
    g_autofree char *name = NULL;

    if (!target || !virDomainKeptIsX86(def))
        return 0;
    type = virXMLPropString(target, "type");
    if (type && g_strv_contains(foreignTypes, type)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<serial><target type='%1$s'> is not on an x86 machine"), type);
        return -1;
    }
    if ((model = virDomainKeptChild(target, "model")) &&
        (name = virXMLPropString(model, "name")) &&
        g_strv_contains(foreignModels, name)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<serial><target><model name='%1$s'> is not on an x86 machine"), name);
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptDeviceValidate:
 * The rules on device element @dev.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptDeviceValidate(const virDomainDef *def, const xmlNode *dev)
{
    const xmlNode *model;

    if (virDomainKeptReconnectValidate(dev) < 0)
        return -1;
    if (virXMLNodeNameEqual(dev, "disk"))
        return virDomainKeptValidateDisk(dev);
    if (virXMLNodeNameEqual(dev, "serial"))
        return virDomainKeptSerialValidate(def, dev);
    if (virXMLNodeNameEqual(dev, "rng"))
        return virDomainKeptRNGValidate(dev);
    if (virXMLNodeNameEqual(dev, "tpm") && !virDomainKeptChild(dev, "backend")) {
        virReportError(VIR_ERR_XML_ERROR, "%s", _("<tpm> needs a <backend>"));
        return -1;
    }
    if (virXMLNodeNameEqual(dev, "shmem") && virDomainKeptChild(dev, "msi") &&
        !virDomainKeptChild(dev, "server")) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("<shmem><msi> needs a <server>: only a server signals interrupts"));
        return -1;
    }
    if (virXMLNodeNameEqual(dev, "input") && !virDomainKeptAttrIs(dev, "type", "passthrough") &&
        (virDomainKeptAttrIs(dev, "model", "virtio-transitional") ||
         virDomainKeptAttrIs(dev, "model", "virtio-non-transitional"))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<input> models virtio-transitional and virtio-non-transitional are for type='passthrough' only"));
        return -1;
    }
    if (virXMLNodeNameEqual(dev, "video") && (model = virDomainKeptChild(dev, "model")) &&
        virDomainKeptAttrIs(model, "type", "ramfb") && virDomainKeptChild(dev, "address")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("<video><model type='ramfb'> takes no <address>: ramfb is not on a bus"));
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptValidateSmall:
 * See domain_kept_validate.h.
 */
int
virDomainKeptValidateSmall(const virDomainDef *def)
{
    g_auto(virDomainKeptNode) dev = { 0 };
    size_t from = 0;
    size_t i;
    int rc;

    for (i = 0; i < def->ndisks; i++) {
        if (virDomainKeptValidateDiskChildren(def->disks[i]) < 0)
            return -1;
    }
    while ((rc = virDomainKeptNodeFind(def->unmodelledDevices, def->nunmodelledDevices,
                                       NULL, &from, &dev)) > 0) {
        if (virDomainKeptDeviceValidate(def, dev.root) < 0)
            return -1;
    }
    if (rc < 0)
        return -1;
    return virDomainKeptGraphicsValidate(def);
}
