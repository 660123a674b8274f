/*
 * virconftest.c: the "key = value" configuration format (qemu.conf)
 *
 * One case per line: the input, and either the parsed entries rendered
 * as "name@line=value" or the exact error message (which names the line).
 */
#include "testutils.h"
#include "virconf.h"
#include "virerror.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *input;
    const char *expect;   /* rendered entries, when parsing succeeds */
    const char *error;    /* exact error message, when it must fail */
} testConfCase;

/* Renders one value: 12, "str", [1,"a"]. */
static void
testConfRenderValue(GString *out, const virConfValue *val)
{
    size_t i;

    switch (val->type) {
    case VIR_CONF_INT:
        g_string_append_printf(out, "%lld", val->l);
        break;
    case VIR_CONF_STRING:
        g_string_append_printf(out, "\"%s\"", val->str);
        break;
    case VIR_CONF_LIST:
        g_string_append_c(out, '[');
        for (i = 0; i < val->nlist; i++) {
            if (i)
                g_string_append_c(out, ',');
            testConfRenderValue(out, &val->list[i]);
        }
        g_string_append_c(out, ']');
        break;
    case VIR_CONF_LAST:
        break;
    }
}

static int
testConfParseOne(const void *opaque)
{
    const testConfCase *c = opaque;
    g_autoptr(virConf) conf = virConfParseString(c->input, strlen(c->input), "t.conf");
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i;

    if (c->error) {
        if (conf) {
            printf("parsing succeeded, expected: %s\n", c->error);
            return -1;
        }
        if (virGetLastErrorCode() != VIR_ERR_CONF_SYNTAX) {
            printf("wrong error code %d\n", virGetLastErrorCode());
            return -1;
        }
        return virTestCompareStrings(c->error, virGetLastErrorMessage());
    }
    if (!conf)
        return -1;
    for (i = 0; i < conf->nentries; i++) {
        if (i)
            g_string_append_c(out, ' ');
        g_string_append_printf(out, "%s@%u=", conf->entries[i].name, conf->entries[i].line);
        testConfRenderValue(out, &conf->entries[i].value);
    }
    return virTestCompareStrings(c->expect, out->str);
}

#define SYNTAX "configuration file syntax error: "

static const testConfCase parseCases[] = {
    /* good input */
    { "", "", NULL },
    { "# only a comment\n\n   \n", "", NULL },
    { "a = 1", "a@1=1", NULL },
    { "a=1\nb = -42\n", "a@1=1 b@2=-42", NULL },
    { "  indented\t=\t\"x\"  # trailing comment\n", "indented@1=\"x\"", NULL },
    { "s = \"with \\\"quotes\\\" and \\\\ \\n\\t\"", "s@1=\"with \"quotes\" and \\ \n\t\"", NULL },
    { "s = 'single \\ quoted'", "s@1=\"single \\ quoted\"", NULL },
    { "s = \"# not a comment\"", "s@1=\"# not a comment\"", NULL },
    { "s = \"\"", "s@1=\"\"", NULL },
    { "l = [ \"a\", \"b\" ]", "l@1=[\"a\",\"b\"]", NULL },
    { "l = []", "l@1=[]", NULL },
    { "l = [ 1, \"b\", ]", "l@1=[1,\"b\"]", NULL },
    { "l = [\n  \"a\",  # first\n  # between\n  \"b\"\n]\nnext = 2\n",
      "l@1=[\"a\",\"b\"] next@6=2", NULL },
    { "a = 1;\nb = 2 ; # c\n", "a@1=1 b@2=2", NULL },
    { "dotted.name_2 = 0", "dotted.name_2@1=0", NULL },
    { "_x = 9223372036854775807", "_x@1=9223372036854775807", NULL },
    { "m = -9223372036854775808", "m@1=-9223372036854775808", NULL },
    { "crlf = 1\r\nb = 2\r\n", "crlf@1=1 b@2=2", NULL },
    { "a = 1\n\n\n# x\nb = 2", "a@1=1 b@5=2", NULL },

    /* bad input: the message names the line */
    { "a", NULL, SYNTAX "t.conf:1: expected '=' after 'a'" },
    { "a 1", NULL, SYNTAX "t.conf:1: expected '=' after 'a'" },
    { "\n\na =", NULL, SYNTAX "t.conf:3: expected a value" },
    { "a = # nothing\n", NULL, SYNTAX "t.conf:1: expected a value" },
    { "a = yes", NULL, SYNTAX "t.conf:1: expected a value (a quoted string, a number or a list)" },
    { "a = \"open", NULL, SYNTAX "t.conf:1: unterminated string" },
    { "a = \"two\nlines\"", NULL, SYNTAX "t.conf:1: unterminated string" },
    { "a = \"bad \\q escape\"", NULL, SYNTAX "t.conf:1: unknown escape sequence '\\q' in string" },
    { "a = 1 2", NULL, SYNTAX "t.conf:1: unexpected text after the value of 'a'" },
    { "a = \"x\" \"y\"", NULL, SYNTAX "t.conf:1: unexpected text after the value of 'a'" },
    { "a = 12abc", NULL, SYNTAX "t.conf:1: expected a number" },
    { "a = -", NULL, SYNTAX "t.conf:1: expected a number" },
    { "a = 9223372036854775808", NULL, SYNTAX "t.conf:1: number out of range" },
    { "a = -9223372036854775809", NULL, SYNTAX "t.conf:1: number out of range" },
    { "a = [ \"x\"", NULL, SYNTAX "t.conf:1: list is not closed with ']'" },
    { "a = [\n\"x\"\n\"y\" ]", NULL, SYNTAX "t.conf:3: expected ',' or ']' in list" },
    { "a = [ [ 1 ] ]", NULL, SYNTAX "t.conf:1: lists cannot be nested" },
    { "a = [ , ]", NULL, SYNTAX "t.conf:1: expected a value (a quoted string, a number or a list)" },
    { "ok = 1\n9a = 1", NULL, SYNTAX "t.conf:2: expected a setting name, found '9'" },
    { "= 1", NULL, SYNTAX "t.conf:1: expected a setting name, found '='" },
    { "a-b = 1", NULL, SYNTAX "t.conf:1: expected '=' after 'a'" },
    { "a = 1\nb = 2\na = 3", NULL, SYNTAX "t.conf:3: 'a' is already set on line 1" },
    { "\x01 = 1", NULL, SYNTAX "t.conf:1: expected a setting name, found byte 0x01" },
};

/* NUL bytes cannot be written in a C string table. */
static int
testConfNul(const void *opaque G_GNUC_UNUSED)
{
    static const char input[] = "a = \"x\0y\"\n";
    g_autoptr(virConf) conf = virConfParseString(input, sizeof(input) - 1, "t.conf");

    if (conf)
        return -1;
    return virTestCompareStrings(SYNTAX "t.conf:1: NUL byte in string",
                                 virGetLastErrorMessage());
}

/* Typed getters: right type, wrong type, absent. */
static int
testConfGetters(const void *opaque G_GNUC_UNUSED)
{
    static const char input[] =
        "s = \"str\"\nb = 1\nn = 7\nl = [ \"x\", \"y\" ]\nmixed = [ \"x\", 1 ]\n"
        "big = 4294967296\nneg = -1\ntwo = 2\n";
    g_autoptr(virConf) conf = virConfParseString(input, sizeof(input) - 1, "g.conf");
    g_autofree char *str = NULL;
    g_auto(GStrv) list = NULL;
    bool b = false;
    unsigned int u = 0;

    if (!conf)
        return -1;
    if (virConfGetValueString(conf, "s", &str) != 1 || g_strcmp0(str, "str") != 0)
        return -1;
    if (virConfGetValueString(conf, "absent", &str) != 0 || g_strcmp0(str, "str") != 0)
        return -1;
    if (virConfGetValueString(conf, "n", &str) != -1 ||
        virTestCompareStrings(SYNTAX "g.conf:3: 'n' must be a string (found: integer)",
                              virGetLastErrorMessage()) < 0)
        return -1;
    if (virConfGetValueBool(conf, "b", &b) != 1 || !b)
        return -1;
    if (virConfGetValueBool(conf, "two", &b) != -1 ||
        virTestCompareStrings(SYNTAX "g.conf:8: 'two' must be 0 or 1 (found: integer)",
                              virGetLastErrorMessage()) < 0)
        return -1;
    if (virConfGetValueUInt(conf, "n", &u) != 1 || u != 7)
        return -1;
    if (virConfGetValueUInt(conf, "big", &u) != -1 || virConfGetValueUInt(conf, "neg", &u) != -1)
        return -1;
    if (virConfGetValueStringList(conf, "l", false, &list) != 1 ||
        g_strv_length(list) != 2 || strcmp(list[1], "y") != 0)
        return -1;
    if (virConfGetValueStringList(conf, "s", false, &list) != -1)
        return -1;
    if (virConfGetValueStringList(conf, "s", true, &list) != 1 ||
        g_strv_length(list) != 1 || strcmp(list[0], "str") != 0)
        return -1;
    if (virConfGetValueStringList(conf, "mixed", true, &list) != -1 ||
        virTestCompareStrings(SYNTAX "g.conf:5: 'mixed' must be a list of strings (found: list)",
                              virGetLastErrorMessage()) < 0)
        return -1;
    return 0;
}

/* A missing file is empty when allowed, an error otherwise. */
static int
testConfReadMissing(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virConf) empty = virConfReadFile("/nonexistent/qemu.conf", true);
    g_autoptr(virConf) none = virConfReadFile("/nonexistent/qemu.conf", false);

    if (!empty || empty->nentries != 0 || none)
        return -1;
    return 0;
}

static int
mymain(void)
{
    size_t i;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(parseCases); i++) {
        g_autofree char *esc = g_strescape(parseCases[i].input, NULL);
        g_autofree char *title = g_strdup_printf("parse %s", esc);

        ret |= virTestRun(title, testConfParseOne, &parseCases[i]);
    }
    ret |= virTestRun("NUL byte in a string", testConfNul, NULL);
    ret |= virTestRun("typed getters", testConfGetters, NULL);
    ret |= virTestRun("missing file", testConfReadMissing, NULL);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
