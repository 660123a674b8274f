/*
 * domain_status.c: the status document of a running domain (<domstatus>)
 *
 * See domain_status.h.  The definition is formatted with the status flag
 * (live data such as host interface names and networkd port UUIDs kept)
 * and indented into the wrapper; parsing takes it out again and hands it
 * to the domain parser, so a status document is validated exactly like a
 * definition.
 */
#include "domain_status.h"

#include "virerror.h"
#include "virxml.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainStatusState, VIR_DOMAIN_STATUS_STATE_LAST,
              "running", "paused", "shutdown");

/**
 * virDomainStatusFree:
 * See domain_status.h.
 */
void
virDomainStatusFree(virDomainStatus *status)
{
    if (!status)
        return;
    g_free(status->monitorPath);
    virDomainDefFree(status->def);
    g_free(status);
}

/**
 * virDomainStatusFormat:
 * See domain_status.h.
 */
char *
virDomainStatusFormat(const virDomainStatus *status)
{
    g_autofree char *domain = NULL;
    g_autofree char *monitor = NULL;
    const char *state = virDomainStatusStateTypeToString(status->state);
    g_autoptr(GString) buf = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;
    size_t i;

    if (!state) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("state %1$d cannot be stored in a status file"), status->state);
        return NULL;
    }
    if (!(domain = virDomainDefFormat(status->def, VIR_DOMAIN_DEF_FORMAT_STATUS)))
        return NULL;

    g_string_append_printf(buf, "<domstatus state='%s' id='%d' pid='%lld' starttime='%llu'>\n",
                           state, status->id, (long long)status->pid, status->startTime);
    monitor = g_markup_printf_escaped("  <monitor path='%s'/>\n", status->monitorPath);
    g_string_append(buf, monitor);
    lines = g_strsplit(domain, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (*lines[i])
            g_string_append_printf(buf, "  %s\n", lines[i]);
    }
    g_string_append(buf, "</domstatus>\n");
    return g_string_free(g_steal_pointer(&buf), FALSE);
}

/**
 * virDomainStatusParseAttr:
 * Reads integer attribute @name of @node into *@value (within @min..@max).
 * Returns 0, or -1 with an error naming @filename.
 */
static int
virDomainStatusParseAttr(const xmlNode *node, const char *name,
                         long long min, unsigned long long max,
                         const char *filename, unsigned long long *value)
{
    g_autofree char *str = virXMLPropString(node, name);
    guint64 num;

    if (!str || !g_ascii_string_to_unsigned(str, 10, min, max, &num, NULL)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("status file '%1$s': missing or invalid attribute '%2$s'"),
                       filename, name);
        return -1;
    }
    *value = num;
    return 0;
}

/**
 * virDomainStatusParseRoot:
 * The attributes of <domstatus> into @status.  Returns 0 or -1 with an
 * error naming @filename.
 */
static int
virDomainStatusParseRoot(const xmlNode *root, const char *filename,
                         virDomainStatus *status)
{
    g_autofree char *state = virXMLPropString(root, "state");
    unsigned long long num;
    int val;

    if ((val = virDomainStatusStateTypeFromString(state)) < 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("status file '%1$s': invalid state '%2$s'"),
                       filename, state ? state : "");
        return -1;
    }
    status->state = val;
    if (virDomainStatusParseAttr(root, "id", 1, G_MAXINT, filename, &num) < 0)
        return -1;
    status->id = num;
    if (virDomainStatusParseAttr(root, "pid", 2, G_MAXINT32, filename, &num) < 0)
        return -1;
    status->pid = num;
    return virDomainStatusParseAttr(root, "starttime", 0, G_MAXUINT64, filename,
                                    &status->startTime);
}

/**
 * virDomainStatusParse:
 * See domain_status.h.
 */
virDomainStatus *
virDomainStatusParse(const char *xml, const char *filename)
{
    g_autoptr(virDomainStatus) status = g_new0(virDomainStatus, 1);
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *domainXML = NULL;
    xmlNode *root;
    xmlNode *child;
    xmlNode *domain = NULL;

    if (!(doc = virXMLParseString(xml, filename, VIR_DOMAIN_STATUS_MAX_SIZE)))
        return NULL;
    root = xmlDocGetRootElement(doc);
    if (!root || !virXMLNodeNameEqual(root, "domstatus")) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("status file '%1$s': the root element is not <domstatus>"),
                       filename);
        return NULL;
    }
    if (virDomainStatusParseRoot(root, filename, status) < 0)
        return NULL;

    for (child = virXMLChildElement(root); child; child = virXMLNextElement(child)) {
        if (virXMLNodeNameEqual(child, "monitor") && !status->monitorPath) {
            status->monitorPath = virXMLPropString(child, "path");
        } else if (virXMLNodeNameEqual(child, "domain") && !domain) {
            domain = child;
        } else {
            virReportError(VIR_ERR_XML_ERROR,
                           _("status file '%1$s': unexpected element <%2$s>"),
                           filename, (const char *)child->name);
            return NULL;
        }
    }
    if (!status->monitorPath || !domain) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("status file '%1$s': element <%2$s> is missing"),
                       filename, domain ? "monitor path='...'" : "domain");
        return NULL;
    }
    if (!g_path_is_absolute(status->monitorPath)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("status file '%1$s': monitor path '%2$s' is not absolute"),
                       filename, status->monitorPath);
        return NULL;
    }

    domainXML = virXMLNodeToString(domain, 0);
    if (!(status->def = virDomainDefParseString(domainXML, filename,
                                                VIR_DOMAIN_DEF_PARSE_STATUS)))
        return NULL;
    return g_steal_pointer(&status);
}
