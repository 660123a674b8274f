/*
 * domain_features_conf.c: parse and format <features>, <clock> and <pm>
 *
 * The rule of these elements: what the model can express goes into it
 * (and the QEMU driver acts on it); what it cannot is kept verbatim,
 * never dropped, and the driver refuses to start with it, naming it.
 * A child of <features> that the model does not know (hyperv, kvm, ...)
 * or writes in a form it does not know (<apic eoi='on'/>) is kept on its
 * own, in its place; a <clock> or <pm> with anything the model does not
 * know is kept whole.
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virTristateSwitch, VIR_TRISTATE_SWITCH_LAST,
              "default", "on", "off");
VIR_ENUM_IMPL(virDomainFeature, VIR_DOMAIN_FEATURE_LAST,
              "acpi", "apic", "pae", "vmport", "smm");
VIR_ENUM_IMPL(virDomainClockOffset, VIR_DOMAIN_CLOCK_OFFSET_LAST,
              "utc", "localtime");
VIR_ENUM_IMPL(virDomainTimerName, VIR_DOMAIN_TIMER_NAME_LAST,
              "platform", "pit", "rtc", "hpet", "tsc", "kvmclock",
              "hypervclock", "armvtimer");
VIR_ENUM_IMPL(virDomainTimerTickpolicy, VIR_DOMAIN_TIMER_TICKPOLICY_LAST,
              "default", "delay", "catchup", "merge", "discard");

/**
 * virDomainAttrsOnly:
 * See domain_conf_priv.h.
 */
bool
virDomainAttrsOnly(const xmlNode *node, const char * const *attrs)
{
    const xmlAttr *attr;

    for (attr = node->properties; attr; attr = attr->next) {
        if (attr->ns || !attrs || !g_strv_contains(attrs, (const char *)attr->name))
            return false;
    }
    return true;
}

/**
 * virDomainHasOnly:
 * See domain_conf_priv.h.
 */
bool
virDomainHasOnly(const xmlNode *node, const char * const *attrs)
{
    return !virXMLChildElement((xmlNode *)node) && virDomainAttrsOnly(node, attrs);
}

/**
 * virDomainPropValue:
 * The value of attribute @name of @node as an index of @fromString
 * (above 0 unless @zeroOk), 0 when absent, or -1 when it is not one of
 * the values.
 */
static int
virDomainPropValue(const xmlNode *node, const char *name,
                   int (*fromString)(const char *), bool zeroOk)
{
    g_autofree char *value = virXMLPropString(node, name);
    int ret;

    if (!value)
        return 0;
    ret = fromString(value);
    if (ret < 0 || (ret == 0 && !zeroOk))
        return -1;
    return ret;
}

/**
 * virDomainFeatureParse:
 * One child of <features>.  Returns the state into *@state and true when
 * the model can express @node (a known name in its plain form: <acpi/>,
 * <apic/>, <pae/>, <vmport state=/>, <smm state=/> or <smm/>), false
 * otherwise.
 */
static bool
virDomainFeatureParse(const xmlNode *node, virDomainFeature feature,
                      virTristateSwitch *state)
{
    static const char * const stateAttr[] = { "state", NULL };
    int value;

    switch (feature) {
    case VIR_DOMAIN_FEATURE_ACPI:
    case VIR_DOMAIN_FEATURE_APIC:
    case VIR_DOMAIN_FEATURE_PAE:
        if (!virDomainHasOnly(node, NULL))
            return false;
        *state = VIR_TRISTATE_SWITCH_ON;
        return true;
    case VIR_DOMAIN_FEATURE_VMPORT:
    case VIR_DOMAIN_FEATURE_SMM:
        if (!virDomainHasOnly(node, stateAttr) ||
            (value = virDomainPropValue(node, "state", virTristateSwitchTypeFromString,
                                        false)) < 0)
            return false;
        /* <smm/> means on; vmport needs its state (upstream) */
        if (value == 0 && feature == VIR_DOMAIN_FEATURE_VMPORT)
            return false;
        *state = value ? value : VIR_TRISTATE_SWITCH_ON;
        return true;
    case VIR_DOMAIN_FEATURE_LAST:
        break;
    }
    return false;
}

/**
 * virDomainFeaturesParseXML:
 * See domain_conf_priv.h.  Never returns 0: unknown children are kept
 * one by one in def->featuresKept, anchored after the modelled feature
 * they followed (1 + its index; 0 = first).
 */
int
virDomainFeaturesParseXML(xmlNode *node, virDomainDef *def)
{
    int anchor = 0;
    xmlNode *cur;

    if (virXMLCheckAttrs(node, NULL) < 0)
        return -1;
    def->hasFeatures = true;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int feature = cur->ns ? -1 : virDomainFeatureTypeFromString((const char *)cur->name);
        virTristateSwitch state = VIR_TRISTATE_SWITCH_ABSENT;

        if (feature >= 0 && def->features[feature] != VIR_TRISTATE_SWITCH_ABSENT) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("element <%1$s> appears more than once in <features> (line %2$ld)"),
                           (const char *)cur->name, xmlGetLineNo(cur));
            return -1;
        }
        if (feature >= 0 && virDomainFeatureParse(cur, feature, &state)) {
            def->features[feature] = state;
            anchor = feature + 1;
            continue;
        }
        virDomainUnmodelledAdd(&def->featuresKept, &def->nfeaturesKept, cur, 2, anchor);
    }
    return 1;
}

/**
 * virDomainFeaturesFormat:
 * See domain_conf_priv.h.
 */
void
virDomainFeaturesFormat(virXMLBuf *buf, const virDomainDef *def)
{
    g_auto(virXMLBuf) children = { 0 };
    size_t i;

    if (!def->hasFeatures)
        return;
    virXMLBufInitChild(&children, buf);
    virDomainUnmodelledFormat(&children, def->featuresKept, def->nfeaturesKept, 0);
    for (i = 0; i < VIR_DOMAIN_FEATURE_LAST; i++) {
        const char *name = virDomainFeatureTypeToString(i);

        switch ((virDomainFeature)i) {
        case VIR_DOMAIN_FEATURE_ACPI:
        case VIR_DOMAIN_FEATURE_APIC:
        case VIR_DOMAIN_FEATURE_PAE:
            if (def->features[i] == VIR_TRISTATE_SWITCH_ON)
                virXMLBufAsprintf(&children, "<%s/>\n", name);
            break;
        case VIR_DOMAIN_FEATURE_VMPORT:
        case VIR_DOMAIN_FEATURE_SMM:
            if (def->features[i] != VIR_TRISTATE_SWITCH_ABSENT)
                virXMLBufAsprintf(&children, "<%s state='%s'/>\n", name,
                                  virTristateSwitchTypeToString(def->features[i]));
            break;
        case VIR_DOMAIN_FEATURE_LAST:
            break;
        }
        virDomainUnmodelledFormat(&children, def->featuresKept, def->nfeaturesKept,
                                  (int)i + 1);
    }
    virXMLFormatElement(buf, "features", NULL, &children, true);
}

/**
 * virDomainTimerParse:
 * <timer name= present= tickpolicy=/> into @timer.  Returns true when
 * the model can express it.
 */
static bool
virDomainTimerParse(const xmlNode *node, virDomainTimerDef *timer)
{
    static const char * const attrs[] = { "name", "present", "tickpolicy", NULL };
    int name, present, tickpolicy;

    if (!virDomainHasOnly(node, attrs) ||
        (name = virDomainPropValue(node, "name", virDomainTimerNameTypeFromString,
                                   true)) < 0 ||
        !xmlHasProp(node, (const xmlChar *)"name") ||
        (present = virDomainPropValue(node, "present", virTristateBoolTypeFromString,
                                      false)) < 0 ||
        (tickpolicy = virDomainPropValue(node, "tickpolicy",
                                         virDomainTimerTickpolicyTypeFromString,
                                         false)) < 0)
        return false;
    timer->name = name;
    timer->present = present;
    timer->tickpolicy = tickpolicy;
    return true;
}

/**
 * virDomainClockParseXML:
 * See domain_conf_priv.h.  <clock offset='utc|localtime'> with plain
 * timers, each name at most once.
 */
int
virDomainClockParseXML(xmlNode *node, virDomainDef *def)
{
    static const char * const attrs[] = { "offset", NULL };
    g_autofree virDomainTimerDef *timers = NULL;
    size_t ntimers = 0;
    int offset;
    xmlNode *cur;
    size_t i;

    if (!virDomainAttrsOnly(node, attrs))
        return 0;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        virDomainTimerDef timer = { 0 };

        if (cur->ns || !virXMLNodeNameEqual(cur, "timer") ||
            !virDomainTimerParse(cur, &timer))
            return 0;
        for (i = 0; i < ntimers; i++) {
            if (timers[i].name == timer.name)
                return 0;
        }
        VIR_APPEND_ELEMENT(timers, ntimers, timer);
    }
    if (!xmlHasProp(node, (const xmlChar *)"offset") ||
        (offset = virDomainPropValue(node, "offset", virDomainClockOffsetTypeFromString,
                                     true)) < 0)
        return 0;
    def->hasClock = true;
    def->clockOffset = offset;
    def->timers = g_steal_pointer(&timers);
    def->ntimers = ntimers;
    return 1;
}

/**
 * virDomainClockFormat:
 * See domain_conf_priv.h.
 */
void
virDomainClockFormat(virXMLBuf *buf, const virDomainDef *def)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    size_t i;

    if (!def->hasClock)
        return;
    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " offset='%s'",
                      virDomainClockOffsetTypeToString(def->clockOffset));
    for (i = 0; i < def->ntimers; i++) {
        const virDomainTimerDef *timer = &def->timers[i];

        virXMLBufAsprintf(&children, "<timer name='%s'",
                          virDomainTimerNameTypeToString(timer->name));
        if (timer->present != VIR_TRISTATE_BOOL_ABSENT)
            virXMLBufAsprintf(&children, " present='%s'",
                              virTristateBoolTypeToString(timer->present));
        if (timer->tickpolicy != VIR_DOMAIN_TIMER_TICKPOLICY_DEFAULT)
            virXMLBufAsprintf(&children, " tickpolicy='%s'",
                              virDomainTimerTickpolicyTypeToString(timer->tickpolicy));
        virXMLBufAddLit(&children, "/>\n");
    }
    virXMLFormatElement(buf, "clock", &attrs, &children, false);
}

/**
 * virDomainPMParseXML:
 * See domain_conf_priv.h.  <suspend-to-mem enabled=/> and
 * <suspend-to-disk enabled=/>, each at most once.
 */
int
virDomainPMParseXML(xmlNode *node, virDomainDef *def)
{
    static const char * const attrs[] = { "enabled", NULL };
    virTristateBool mem = VIR_TRISTATE_BOOL_ABSENT;
    virTristateBool disk = VIR_TRISTATE_BOOL_ABSENT;
    xmlNode *cur;

    if (node->properties)
        return 0;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        virTristateBool *target;
        int value;

        if (cur->ns)
            return 0;
        if (virXMLNodeNameEqual(cur, "suspend-to-mem"))
            target = &mem;
        else if (virXMLNodeNameEqual(cur, "suspend-to-disk"))
            target = &disk;
        else
            return 0;
        if (*target != VIR_TRISTATE_BOOL_ABSENT || !virDomainHasOnly(cur, attrs) ||
            (value = virDomainPropValue(cur, "enabled", virTristateBoolTypeFromString,
                                        false)) <= 0)
            return 0;
        *target = value;
    }
    def->hasPM = true;
    def->pmSuspendToMem = mem;
    def->pmSuspendToDisk = disk;
    return 1;
}

/**
 * virDomainPMFormat:
 * See domain_conf_priv.h.
 */
void
virDomainPMFormat(virXMLBuf *buf, const virDomainDef *def)
{
    g_auto(virXMLBuf) children = { 0 };

    if (!def->hasPM)
        return;
    virXMLBufInitChild(&children, buf);
    if (def->pmSuspendToMem != VIR_TRISTATE_BOOL_ABSENT)
        virXMLBufAsprintf(&children, "<suspend-to-mem enabled='%s'/>\n",
                          virTristateBoolTypeToString(def->pmSuspendToMem));
    if (def->pmSuspendToDisk != VIR_TRISTATE_BOOL_ABSENT)
        virXMLBufAsprintf(&children, "<suspend-to-disk enabled='%s'/>\n",
                          virTristateBoolTypeToString(def->pmSuspendToDisk));
    virXMLFormatElement(buf, "pm", NULL, &children, true);
}
