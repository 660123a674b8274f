/*
 * domain_controller_conf.c: parse and format <controller> and <input>
 *
 * Like the other device files: a controller or input device in a form
 * the model covers goes into it and the QEMU driver acts on it; any
 * other form (ports=, vectors=, <driver>, <target>, a drive or CCW
 * address, ...) is kept verbatim, whole, and start refuses it.  Which
 * model fits which controller type and machine is the driver's
 * business (qemu_command_controllers.c): the XML keeps what was written.
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainControllerType, VIR_DOMAIN_CONTROLLER_TYPE_LAST,
              "usb", "pci", "sata", "ide", "virtio-serial", "scsi");
VIR_ENUM_IMPL(virDomainInputType, VIR_DOMAIN_INPUT_TYPE_LAST,
              "mouse", "tablet", "keyboard");
VIR_ENUM_IMPL(virDomainInputBus, VIR_DOMAIN_INPUT_BUS_LAST,
              "ps2", "usb", "virtio");

/**
 * virDomainControllerDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainControllerDefFree(virDomainControllerDef *ctrl)
{
    if (!ctrl)
        return;
    g_free(ctrl->model);
    g_free(ctrl->alias);
    g_free(ctrl->modelName);
    g_free(ctrl);
}

/**
 * virDomainInputDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainInputDefFree(virDomainInputDef *input)
{
    if (!input)
        return;
    g_free(input->alias);
    g_free(input->usbPort);
    g_free(input);
}

/**
 * virDomainControllerMasterParse:
 * <master startport=N/> of a USB companion controller.  Returns false
 * when the model cannot express it.
 */
static bool
virDomainControllerMasterParse(const xmlNode *node, virDomainControllerDef *ctrl)
{
    static const char * const attrs[] = { "startport", NULL };
    g_autofree char *value = virXMLPropString(node, "startport");
    char *end = NULL;
    guint64 port;

    if (ctrl->type != VIR_DOMAIN_CONTROLLER_TYPE_USB || ctrl->startport >= 0 ||
        !virDomainHasOnly(node, attrs) || !value || !g_ascii_isdigit(value[0]))
        return false;
    port = g_ascii_strtoull(value, &end, 10);
    if (*end || port > 255)
        return false;
    ctrl->startport = (int)port;
    return true;
}

/**
 * virDomainControllerPCIChildParse:
 * <model name=/> or <target chassisNr= chassis= port= hotplug=/> of a PCI
 * controller into @ctrl.  Returns 1 when parsed, 0 when the model cannot
 * express @node (another child, busNr=, <node>...), -1 with an error (a
 * value out of range, as upstream refuses it).
 */
static int
virDomainControllerPCIChildParse(xmlNode *node, virDomainControllerDef *ctrl)
{
    static const char * const modelAttrs[] = { "name", NULL };
    static const char * const targetAttrs[] = {
        "chassisNr", "chassis", "port", "hotplug", NULL
    };
    unsigned int value;
    int hotplug;
    int rc;

    if (ctrl->type != VIR_DOMAIN_CONTROLLER_TYPE_PCI)
        return 0;
    if (virXMLNodeNameEqual(node, "model")) {
        if (ctrl->modelName || !virDomainHasOnly(node, modelAttrs) ||
            !(ctrl->modelName = virXMLPropString(node, "name")))
            return 0;
        return 1;
    }
    if (!virXMLNodeNameEqual(node, "target") || !virDomainHasOnly(node, targetAttrs) ||
        ctrl->chassisNr >= 0 || ctrl->chassis >= 0 || ctrl->port >= 0 || ctrl->hotplug)
        return 0;
    if ((rc = virXMLPropUInt(node, "chassisNr", 10, 1, 255, 0, &value)) < 0)
        return -1;
    if (rc > 0)
        ctrl->chassisNr = (int)value;
    if ((rc = virXMLPropUInt(node, "chassis", 10, 0, 255, 0, &value)) < 0)
        return -1;
    if (rc > 0)
        ctrl->chassis = (int)value;
    if ((rc = virXMLPropUInt(node, "port", 0, 0, 255, 0, &value)) < 0)
        return -1;
    if (rc > 0)
        ctrl->port = (int)value;
    if ((rc = virXMLPropEnum(node, "hotplug", virTristateSwitchTypeFromString,
                             VIR_XML_PROP_NONZERO, &hotplug)) < 0)
        return -1;
    if (rc > 0)
        ctrl->hotplug = hotplug;
    return 1;
}

/**
 * virDomainControllerParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainControllerParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    static const char * const attrs[] = { "type", "index", "model", "ports", NULL };
    g_autoptr(virDomainControllerDef) ctrl = g_new0(virDomainControllerDef, 1);
    g_autofree char *type = NULL;
    xmlNode *cur;
    int rc;
    int t;

    ctrl->startport = ctrl->ports = -1;
    ctrl->chassisNr = ctrl->chassis = ctrl->port = -1;
    if (!virDomainAttrsOnly(node, attrs) ||
        !(type = virXMLPropString(node, "type")) ||
        (t = virDomainControllerTypeTypeFromString(type)) < 0)
        return 0;
    ctrl->type = t;
    if ((rc = virXMLPropUInt(node, "index", 10, 0, 255, 0, &ctrl->index)) < 0)
        return -1;
    ctrl->indexAbsent = rc == 0;
    ctrl->model = virXMLPropString(node, "model");
    if (xmlHasProp(node, BAD_CAST "ports")) {
        unsigned int ports;

        if (ctrl->type != VIR_DOMAIN_CONTROLLER_TYPE_USB)
            return 0;
        if (virXMLPropUInt(node, "ports", 10, 1, 15, 0, &ports) < 0)
            return -1;
        ctrl->ports = (int)ports;
    }
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        if (virXMLNodeNameEqual(cur, "master")) {
            if (!virDomainControllerMasterParse(cur, ctrl))
                return 0;
            continue;
        }
        if (virXMLNodeNameEqual(cur, "model") || virXMLNodeNameEqual(cur, "target")) {
            if ((rc = virDomainControllerPCIChildParse(cur, ctrl)) <= 0)
                return rc;
            continue;
        }
        if ((rc = virDomainDeviceCommonChild(cur, flags, &ctrl->alias, &ctrl->pci)) <= 0)
            return rc;
    }
    VIR_APPEND_ELEMENT(def->controllers, def->ncontrollers, g_steal_pointer(&ctrl));
    return 1;
}

/**
 * virDomainControllerTargetFormat:
 * Writes <target> of a PCI controller when it has one.
 */
static void
virDomainControllerTargetFormat(virXMLBuf *buf, const virDomainControllerDef *ctrl)
{
    g_auto(virXMLBuf) attrs = { 0 };

    if (ctrl->chassisNr >= 0)
        virXMLBufAsprintf(&attrs, " chassisNr='%d'", ctrl->chassisNr);
    if (ctrl->chassis >= 0)
        virXMLBufAsprintf(&attrs, " chassis='%d'", ctrl->chassis);
    if (ctrl->port >= 0)
        virXMLBufAsprintf(&attrs, " port='0x%x'", (unsigned int)ctrl->port);
    if (ctrl->hotplug)
        virXMLBufAsprintf(&attrs, " hotplug='%s'",
                          virTristateSwitchTypeToString(ctrl->hotplug));
    virXMLFormatElement(buf, "target", &attrs, NULL, false);
}

/**
 * virDomainControllerFormat:
 * See domain_conf_priv.h.
 */
void
virDomainControllerFormat(virXMLBuf *buf, const virDomainControllerDef *ctrl)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };

    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " type='%s' index='%u'",
                      virDomainControllerTypeTypeToString(ctrl->type), ctrl->index);
    virXMLBufEscapeString(&attrs, " model='%s'", ctrl->model);
    if (ctrl->ports >= 0)
        virXMLBufAsprintf(&attrs, " ports='%d'", ctrl->ports);
    if (ctrl->startport >= 0)
        virXMLBufAsprintf(&children, "<master startport='%d'/>\n", ctrl->startport);
    virXMLBufEscapeString(&children, "<model name='%s'/>\n", ctrl->modelName);
    virDomainControllerTargetFormat(&children, ctrl);
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", ctrl->alias);
    virPCIDeviceAddressFormat(&children, &ctrl->pci);
    virXMLFormatElement(buf, "controller", &attrs, &children, false);
}

/**
 * virDomainDeviceUSBAddressParse:
 * See domain_conf_priv.h.
 */
bool
virDomainDeviceUSBAddressParse(const xmlNode *node, char **usbPort)
{
    static const char * const attrs[] = { "type", "bus", "port", NULL };
    g_autofree char *type = virXMLPropString(node, "type");
    g_autofree char *bus = virXMLPropString(node, "bus");
    g_autofree char *port = virXMLPropString(node, "port");
    const char *p;

    /* a malformed path is kept with the device, whose rules refuse it
     * with its line (virDomainKeptValidateUSB()) */
    if (*usbPort || !virDomainHasOnly(node, attrs) || g_strcmp0(type, "usb") != 0 ||
        g_strcmp0(bus, "0") != 0 || !port || !g_ascii_isdigit(port[0]) ||
        !virDomainDeviceUSBPortValid(port))
        return false;
    for (p = port; *p; p++) {
        if (!g_ascii_isdigit(*p) && *p != '.')
            return false;
    }
    *usbPort = g_steal_pointer(&port);
    return true;
}

/**
 * virDomainInputParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainInputParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    static const char * const attrs[] = { "type", "bus", NULL };
    g_autoptr(virDomainInputDef) input = g_new0(virDomainInputDef, 1);
    g_autofree char *type = NULL;
    g_autofree char *bus = NULL;
    xmlNode *cur;
    int t, b;

    if (!virDomainAttrsOnly(node, attrs) ||
        !(type = virXMLPropString(node, "type")) ||
        (t = virDomainInputTypeTypeFromString(type)) < 0 ||
        !(bus = virXMLPropString(node, "bus")) ||
        (b = virDomainInputBusTypeFromString(bus)) < 0)
        return 0;
    input->type = t;
    input->bus = b;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        g_autofree char *addrType = NULL;
        int rc;

        if (virXMLNodeNameEqual(cur, "address") &&
            (addrType = virXMLPropString(cur, "type")) && strcmp(addrType, "usb") == 0) {
            if (!virDomainDeviceUSBAddressParse(cur, &input->usbPort))
                return 0;
            continue;
        }
        if ((rc = virDomainDeviceCommonChild(cur, flags, &input->alias, &input->pci)) <= 0)
            return rc;
    }
    VIR_APPEND_ELEMENT(def->inputs, def->ninputs, g_steal_pointer(&input));
    return 1;
}

/**
 * virDomainInputFormat:
 * See domain_conf_priv.h.
 */
void
virDomainInputFormat(virXMLBuf *buf, const virDomainInputDef *input)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };

    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " type='%s' bus='%s'",
                      virDomainInputTypeTypeToString(input->type),
                      virDomainInputBusTypeToString(input->bus));
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", input->alias);
    virXMLBufEscapeString(&children, "<address type='usb' bus='0' port='%s'/>\n",
                          input->usbPort);
    virPCIDeviceAddressFormat(&children, &input->pci);
    virXMLFormatElement(buf, "input", &attrs, &children, false);
}
