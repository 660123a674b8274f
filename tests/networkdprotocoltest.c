/*
 * networkdprotocoltest.c: the contract's tables against the published API
 *
 * The introspection XML (src/network/org.libvirt.Networkd1.xml) is what
 * callers read; networkd_protocol.c is what the daemon and the clients
 * compile.  This test fails when they disagree: the Port properties and
 * their types, the CreatePort request keys and info keys the XML
 * documents, and the error names it lists.  It also checks that each
 * table maps both ways.
 */
#include "testutils.h"
#include "networkd_protocol.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

static char *xmlText;
static GDBusNodeInfo *xmlNode;

/**
 * testFieldsWhere:
 * Returns "key sig, key sig, ..." of the table's fields in @where.
 */
static char *
testFieldsWhere(unsigned int where)
{
    g_autoptr(GString) s = g_string_new(NULL);
    size_t i;

    for (i = 0; i < VIR_NETWORKD_FIELD_LAST; i++) {
        const virNetworkdFieldInfo *f = virNetworkdFieldGet(i);

        if (f->where & where)
            g_string_append_printf(s, "%s%s %s", s->len ? ", " : "", f->key, f->signature);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/**
 * testXMLComment:
 * Returns what @regex matches in the text of the XML between @from and
 * @to (its comments), as "group1 group2, ..." in the order written, or
 * NULL when the markers are missing.
 */
static char *
testXMLComment(const char *from, const char *to, const char *regex)
{
    const char *start = strstr(xmlText, from);
    const char *end = start ? strstr(start, to) : NULL;
    g_autofree char *part = NULL;
    g_autoptr(GRegex) re = g_regex_new(regex, 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_autoptr(GString) s = g_string_new(NULL);

    if (!end)
        return NULL;
    part = g_strndup(start, end - start);
    g_regex_match(re, part, 0, &match);
    while (g_match_info_matches(match)) {
        g_autofree char *a = g_match_info_fetch(match, 1);
        g_autofree char *b = g_match_info_fetch(match, 2);

        g_string_append_printf(s, "%s%s%s%s", s->len ? ", " : "", a,
                               b && *b ? " " : "", b ? b : "");
        g_match_info_next(match, NULL);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/**
 * testProperties:
 * The Port interface's properties, in order and with their types, are
 * exactly the table's fields that have a property name.
 */
static int
testProperties(const void *opaque G_GNUC_UNUSED)
{
    GDBusInterfaceInfo *iface = g_dbus_node_info_lookup_interface(xmlNode,
                                                                  VIR_NETWORKD_PORT_INTERFACE);
    g_autoptr(GString) xml = g_string_new(NULL);
    g_autoptr(GString) table = g_string_new(NULL);
    size_t i;

    if (!iface) {
        fprintf(stderr, "no interface %s\n", VIR_NETWORKD_PORT_INTERFACE);
        return -1;
    }
    for (i = 0; iface->properties && iface->properties[i]; i++)
        g_string_append_printf(xml, "%s %s\n", iface->properties[i]->name,
                               iface->properties[i]->signature);
    for (i = 0; i < VIR_NETWORKD_FIELD_LAST; i++) {
        const virNetworkdFieldInfo *f = virNetworkdFieldGet(i);

        if (f->property)
            g_string_append_printf(table, "%s %s\n", f->property, f->signature);
    }
    return virTestCompareStrings(xml->str, table->str);
}

/**
 * testSameKeys:
 * Compares two "key sig, ..." lists as sets (a dictionary has no order;
 * the XML groups keys for reading).  Returns 0 or -1 (told on stderr).
 */
static int
testSameKeys(const char *what, const char *xml, const char *table)
{
    g_auto(GStrv) xmlKeys = g_strsplit(xml ? xml : "", ", ", -1);
    g_auto(GStrv) tableKeys = g_strsplit(table, ", ", -1);
    size_t i;

    if (!xml || !*xml) {
        fprintf(stderr, "the XML documents no %s keys (markers missing?)\n", what);
        return -1;
    }
    for (i = 0; xmlKeys[i]; i++) {
        if (!g_strv_contains((const char * const *)tableKeys, xmlKeys[i])) {
            fprintf(stderr, "the XML documents %s key '%s', the table has not\n",
                    what, xmlKeys[i]);
            return -1;
        }
    }
    for (i = 0; tableKeys[i]; i++) {
        if (!g_strv_contains((const char * const *)xmlKeys, tableKeys[i])) {
            fprintf(stderr, "the table has %s key '%s', the XML does not document it\n",
                    what, tableKeys[i]);
            return -1;
        }
    }
    return 0;
}

/**
 * testRequestKeys:
 * The request keys CreatePort's documentation lists ("plug" s ...).
 */
static int
testRequestKeys(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *xml = testXMLComment("@request:", "@port:",
                                          "\"([a-z-]+)\" +(a\\{[a-z]+\\}|a[a-z]|[a-z]) ");
    g_autofree char *table = testFieldsWhere(VIR_NETWORKD_FIELD_IN_REQUEST);

    return testSameKeys("request", xml, table);
}

/**
 * testInfoKeys:
 * The info keys CreatePort's documentation lists ("uuid" s, ...).
 */
static int
testInfoKeys(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *xml = testXMLComment("@info:", "Authorization:",
                                          "\"([a-z-]+)\" (a\\{[a-z]+\\}|a[a-z]|[a-z])");
    g_autofree char *table = testFieldsWhere(VIR_NETWORKD_FIELD_IN_INFO);

    return testSameKeys("info", xml, table);
}

/**
 * testCreatePortArgs:
 * CreatePort's signature: a{sv} in; o, ah, a{sv} out.
 */
static int
testCreatePortArgs(const void *opaque G_GNUC_UNUSED)
{
    GDBusInterfaceInfo *iface = g_dbus_node_info_lookup_interface(xmlNode,
                                                                  VIR_NETWORKD_MANAGER_INTERFACE);
    GDBusMethodInfo *m = iface ? g_dbus_interface_info_lookup_method(iface, "CreatePort") : NULL;
    g_autoptr(GString) sig = g_string_new(NULL);
    size_t i;

    if (!m) {
        fprintf(stderr, "no method CreatePort on %s\n", VIR_NETWORKD_MANAGER_INTERFACE);
        return -1;
    }
    for (i = 0; m->in_args && m->in_args[i]; i++)
        g_string_append(sig, m->in_args[i]->signature);
    g_string_append(sig, " -> ");
    for (i = 0; m->out_args && m->out_args[i]; i++)
        g_string_append(sig, m->out_args[i]->signature);
    return virTestCompareStrings("a{sv} -> oaha{sv}", sig->str);
}

/**
 * testErrorNames:
 * The error names the XML's header lists are the table's.
 */
static int
testErrorNames(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *xml = testXMLComment("Errors", "-->",
                                          "(org\\.libvirt\\.Networkd1\\.Error\\.[A-Za-z]+)()");
    g_autoptr(GString) table = g_string_new(NULL);
    size_t i;

    for (i = 0; i < VIR_NETWORKD_ERROR_LAST; i++)
        g_string_append_printf(table, "%s%s", i ? ", " : "", virNetworkdErrorName(i));
    return virTestCompareStrings(xml ? xml : "(markers missing)", table->str);
}

/**
 * testFieldLookup:
 * Every key and property finds its row, only in the places it appears;
 * keys and property names are unique.
 */
static int
testFieldLookup(const void *opaque G_GNUC_UNUSED)
{
    static const unsigned int places[] = {
        VIR_NETWORKD_FIELD_IN_REQUEST, VIR_NETWORKD_FIELD_IN_INFO, VIR_NETWORKD_FIELD_IN_STATE,
    };
    size_t i, j;

    for (i = 0; i < VIR_NETWORKD_FIELD_LAST; i++) {
        const virNetworkdFieldInfo *f = virNetworkdFieldGet(i);

        if (!f->where && !f->property) {
            fprintf(stderr, "field '%s' appears nowhere\n", f->key);
            return -1;
        }
        if (!g_variant_type_string_is_valid(f->signature)) {
            fprintf(stderr, "field '%s': bad signature '%s'\n", f->key, f->signature);
            return -1;
        }
        for (j = 0; j < G_N_ELEMENTS(places); j++) {
            int want = (f->where & places[j]) ? (int)i : -1;

            if (virNetworkdFieldFromKey(f->key, places[j]) != want) {
                fprintf(stderr, "field '%s': lookup in place %u\n", f->key, places[j]);
                return -1;
            }
        }
        if (f->property && virNetworkdFieldFromProperty(f->property) != (int)i) {
            fprintf(stderr, "property '%s' finds another row\n", f->property);
            return -1;
        }
    }
    if (virNetworkdFieldFromKey("colour", ~0u) != -1 || virNetworkdFieldFromKey(NULL, ~0u) != -1 ||
        virNetworkdFieldFromProperty("Colour") != -1) {
        fprintf(stderr, "an unknown name was found\n");
        return -1;
    }
    return 0;
}

/**
 * testErrorTable:
 * Names and codes map both ways; every failure of the bridge helper
 * exits 1 (its man page).
 */
static int
testErrorTable(const void *opaque G_GNUC_UNUSED)
{
    size_t i;

    for (i = 0; i < VIR_NETWORKD_ERROR_LAST; i++) {
        const virNetworkdErrorInfo *e = virNetworkdErrorGet(i);
        virError err = { .code = e->code };

        if (!g_str_has_prefix(e->name, VIR_NETWORKD_ERROR_PREFIX) ||
            virNetworkdErrorFromName(e->name) != (int)i) {
            fprintf(stderr, "error '%s' does not map back from its name\n", e->name);
            return -1;
        }
        if (virNetworkdErrorFromVirError(&err) != i) {
            fprintf(stderr, "error '%s' does not map back from its code\n", e->name);
            return -1;
        }
        if (virNetworkdErrorHelperExit(&err) != 1) {
            fprintf(stderr, "error '%s': helper exit %d\n", e->name, e->helperExit);
            return -1;
        }
    }
    return 0;
}

typedef struct {
    virErrorNumber code;
    const char *detail;
    const char *expect;
} testErrorCase;

/* Which API error a daemon error is answered with. */
static const testErrorCase errorCases[] = {
    { VIR_ERR_INVALID_ARG, NULL, "InvalidArgument" },
    { VIR_ERR_NO_SUPPORT, NULL, "NotSupported" },
    { VIR_ERR_OPERATION_DENIED, NULL, "AccessDenied" },
    { VIR_ERR_QUOTA_EXCEEDED, NULL, "QuotaExceeded" },
    { VIR_ERR_NO_NETWORK_PORT, NULL, "NotFound" },
    { VIR_ERR_OPERATION_FAILED, NULL, "Failed" },
    /* host facilities: the host refused */
    { VIR_ERR_SYSTEM_ERROR, NULL, "Failed" },
    { VIR_ERR_INTERNAL_ERROR, NULL, "Failed" },
    { VIR_ERR_CONF_SYNTAX, NULL, "Failed" },
    /* named where it happened: a missing bridge */
    { VIR_ERR_INVALID_ARG, VIR_NETWORKD_ERROR_PREFIX "NotFound", "NotFound" },
    /* a detail that is no API error name changes nothing */
    { VIR_ERR_INVALID_ARG, "org.example.Other", "InvalidArgument" },
};

/**
 * testErrorOne:
 * One daemon error to its D-Bus name.
 */
static int
testErrorOne(const void *opaque)
{
    const testErrorCase *c = opaque;
    virError err = { .code = c->code, .detail = (char *)c->detail };
    g_autofree char *expect = g_strconcat(VIR_NETWORKD_ERROR_PREFIX, c->expect, NULL);

    return virTestCompareStrings(expect,
                                 virNetworkdErrorName(virNetworkdErrorFromVirError(&err)));
}

/**
 * mymain:
 * Loads the XML, then the checks.
 */
static int
mymain(void)
{
    g_autofree char *path = g_build_filename(virTestSrcDir(), "..", "src", "network",
                                             "org.libvirt.Networkd1.xml", NULL);
    g_autoptr(GError) gerr = NULL;
    int ret = 0;
    size_t i;

    if (!g_file_get_contents(path, &xmlText, NULL, &gerr) ||
        !(xmlNode = g_dbus_node_info_new_for_xml(xmlText, &gerr))) {
        fprintf(stderr, "%s: %s\n", path, gerr->message);
        return -1;
    }

    if (virTestRun("Port properties are the table's", testProperties, NULL) < 0)
        ret = -1;
    if (virTestRun("CreatePort request keys are the table's", testRequestKeys, NULL) < 0)
        ret = -1;
    if (virTestRun("CreatePort info keys are the table's", testInfoKeys, NULL) < 0)
        ret = -1;
    if (virTestRun("CreatePort signature", testCreatePortArgs, NULL) < 0)
        ret = -1;
    if (virTestRun("error names are the table's", testErrorNames, NULL) < 0)
        ret = -1;
    if (virTestRun("field lookups", testFieldLookup, NULL) < 0)
        ret = -1;
    if (virTestRun("error table maps both ways", testErrorTable, NULL) < 0)
        ret = -1;
    for (i = 0; i < G_N_ELEMENTS(errorCases); i++) {
        g_autofree char *title = g_strdup_printf("error code %d detail %s", errorCases[i].code,
                                                 errorCases[i].detail ? errorCases[i].detail : "-");

        if (virTestRun(title, testErrorOne, &errorCases[i]) < 0)
            ret = -1;
    }

    g_dbus_node_info_unref(xmlNode);
    g_free(xmlText);
    return ret;
}

/**
 * main:
 * Entry point.
 */
int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
