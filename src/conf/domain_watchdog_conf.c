/*
 * domain_watchdog_conf.c: parse and format <watchdog> and <panic>.
 *
 * As for the other small devices: a form the model covers goes into it
 * and the QEMU driver acts on it; any other (other models, an address
 * the model does not cover) is kept verbatim and refused at start.
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainWatchdogModel, VIR_DOMAIN_WATCHDOG_MODEL_LAST,
              "i6300esb", "itco");
VIR_ENUM_IMPL(virDomainWatchdogAction, VIR_DOMAIN_WATCHDOG_ACTION_LAST,
              "reset", "shutdown", "poweroff", "pause", "dump", "none", "inject-nmi");

/**
 * virDomainWatchdogDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainWatchdogDefFree(virDomainWatchdogDef *watchdog)
{
    if (!watchdog)
        return;
    g_free(watchdog->alias);
    g_free(watchdog);
}

/**
 * virDomainPanicDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainPanicDefFree(virDomainPanicDef *panic)
{
    if (!panic)
        return;
    g_free(panic->alias);
    g_free(panic);
}

/**
 * virDomainWatchdogParseXML:
 * See domain_conf_priv.h.  An action upstream does not define is a
 * parse error, as upstream.
 */
int
virDomainWatchdogParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    static const char * const attrs[] = { "model", "action", NULL };
    g_autoptr(virDomainWatchdogDef) watchdog = g_new0(virDomainWatchdogDef, 1);
    g_autofree char *model = NULL;
    g_autofree char *action = NULL;
    xmlNode *cur;
    int m;
    int a;

    if (!virDomainAttrsOnly(node, attrs) ||
        !(model = virXMLPropString(node, "model")) ||
        (m = virDomainWatchdogModelTypeFromString(model)) < 0)
        return 0;
    watchdog->model = m;
    if ((action = virXMLPropString(node, "action"))) {
        if ((a = virDomainWatchdogActionTypeFromString(action)) < 0) {
            virXMLReportInvalidValue(node, "action", action, NULL);
            return -1;
        }
        watchdog->action = a;
        watchdog->actionGiven = true;
    }
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc = virDomainDeviceCommonChild(cur, flags, &watchdog->alias, &watchdog->pci);

        if (rc <= 0)
            return rc;
    }
    VIR_APPEND_ELEMENT(def->watchdogs, def->nwatchdogs, g_steal_pointer(&watchdog));
    return 1;
}

/**
 * virDomainWatchdogFormat:
 * See domain_conf_priv.h.
 */
void
virDomainWatchdogFormat(virXMLBuf *buf, const virDomainWatchdogDef *watchdog)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };

    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " model='%s'",
                      virDomainWatchdogModelTypeToString(watchdog->model));
    if (watchdog->actionGiven)
        virXMLBufAsprintf(&attrs, " action='%s'",
                          virDomainWatchdogActionTypeToString(watchdog->action));
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", watchdog->alias);
    virPCIDeviceAddressFormat(&children, &watchdog->pci);
    virXMLFormatElement(buf, "watchdog", &attrs, &children, false);
}

/**
 * virDomainPanicAddressParse:
 * <address type='isa' iobase='0xNNN'/> into @panic.  Returns 1, 0 when
 * the model cannot express it, -1 with an error for an iobase that is
 * not a 16-bit number.
 */
static int
virDomainPanicAddressParse(const xmlNode *node, virDomainPanicDef *panic)
{
    static const char * const attrs[] = { "type", "iobase", NULL };
    g_autofree char *type = virXMLPropString(node, "type");
    int rc;

    if (panic->iobase || !virDomainHasOnly(node, attrs) || g_strcmp0(type, "isa") != 0)
        return 0;
    if ((rc = virXMLPropUInt(node, "iobase", 0, 1, 0xffff, 0, &panic->iobase)) < 0)
        return -1;
    return rc;
}

/**
 * virDomainPanicParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainPanicParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    static const char * const attrs[] = { "model", NULL };
    g_autoptr(virDomainPanicDef) panic = g_new0(virDomainPanicDef, 1);
    g_autofree char *model = NULL;
    virPCIDeviceAddress unused = { 0 };
    xmlNode *cur;

    if (!virDomainAttrsOnly(node, attrs))
        return 0;
    /* upstream's default model on x86 is isa */
    if ((model = virXMLPropString(node, "model"))) {
        if (strcmp(model, "isa") != 0)
            return 0;
        panic->modelGiven = true;
    }
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc;

        if (virXMLNodeNameEqual(cur, "address"))
            rc = virDomainPanicAddressParse(cur, panic);
        else if (virXMLNodeNameEqual(cur, "alias"))
            rc = virDomainDeviceCommonChild(cur, flags, &panic->alias, &unused);
        else
            rc = 0;
        if (rc <= 0)
            return rc;
    }
    VIR_APPEND_ELEMENT(def->panics, def->npanics, g_steal_pointer(&panic));
    return 1;
}

/**
 * virDomainPanicFormat:
 * See domain_conf_priv.h.
 */
void
virDomainPanicFormat(virXMLBuf *buf, const virDomainPanicDef *panic)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };

    virXMLBufInitChild(&children, buf);
    if (panic->modelGiven)
        virXMLBufAddLit(&attrs, " model='isa'");
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", panic->alias);
    if (panic->iobase)
        virXMLBufAsprintf(&children, "<address type='isa' iobase='0x%x'/>\n", panic->iobase);
    virXMLFormatElement(buf, "panic", &attrs, &children, true);
}
