/*
 * virconf.c: libvirt's "key = value" configuration file format
 *
 * A hand-written recursive-descent parser would be the obvious shape, but
 * the only nesting the format has is one level of list, so the parser is a
 * flat cursor over the buffer: no recursion, every loop advances, and each
 * error names the line it was found on.
 */
#include "virconf.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_CONF

VIR_ENUM_IMPL(virConf, VIR_CONF_LAST, "integer", "string", "list");

typedef struct {
    const char *cur;
    const char *end;
    unsigned int line;
    const char *filename;
} virConfParser;

/**
 * virConfValueClear:
 * @val: value whose contents are freed (the struct itself is not)
 */
static void
virConfValueClear(virConfValue *val)
{
    size_t i;

    g_free(val->str);
    for (i = 0; i < val->nlist; i++)
        virConfValueClear(&val->list[i]);
    g_free(val->list);
    memset(val, 0, sizeof(*val));
}

/**
 * virConfFree:
 * @conf: parsed configuration, or NULL
 */
void
virConfFree(virConf *conf)
{
    size_t i;

    if (!conf)
        return;
    for (i = 0; i < conf->nentries; i++) {
        g_free(conf->entries[i].name);
        virConfValueClear(&conf->entries[i].value);
    }
    g_free(conf->entries);
    g_free(conf->filename);
    g_free(conf);
}

/**
 * virConfParseError:
 * @p: parser, for the file name and the current line
 * @fmt: translated detail, printf-style with positional arguments
 *
 * Reports "FILE:LINE: DETAIL" as a VIR_ERR_CONF_SYNTAX error.
 */
static void G_GNUC_PRINTF(2, 3)
virConfParseError(const virConfParser *p, const char *fmt, ...)
{
    g_autofree char *detail = NULL;
    va_list ap;

    va_start(ap, fmt);
    detail = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s:%2$u: %3$s"),
                   p->filename, p->line, detail);
}

/* Skips blanks on the current line (not the newline). */
static void
virConfSkipBlanks(virConfParser *p)
{
    while (p->cur < p->end && (*p->cur == ' ' || *p->cur == '\t' || *p->cur == '\r'))
        p->cur++;
}

/* Skips a '#' comment up to (not including) the newline. */
static void
virConfSkipComment(virConfParser *p)
{
    if (p->cur < p->end && *p->cur == '#') {
        while (p->cur < p->end && *p->cur != '\n')
            p->cur++;
    }
}

/* Skips blanks, comments and newlines (inside a list). */
static void
virConfSkipSpace(virConfParser *p)
{
    for (;;) {
        virConfSkipBlanks(p);
        virConfSkipComment(p);
        if (p->cur < p->end && *p->cur == '\n') {
            p->cur++;
            p->line++;
            continue;
        }
        return;
    }
}

/**
 * virConfParseStr:
 * @p: parser positioned on the opening quote
 * @out: filled with the unescaped string (caller frees)
 *
 * Double-quoted strings know \" \\ \n \t; single-quoted strings have no
 * escapes.  Neither may span lines.  Returns 0 or -1 with an error.
 */
static int
virConfParseStr(virConfParser *p, char **out)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    char quote = *p->cur++;

    for (;;) {
        char c;

        if (p->cur >= p->end || *p->cur == '\n') {
            virConfParseError(p, _("unterminated string"));
            return -1;
        }
        c = *p->cur++;
        if (c == quote)
            break;
        if (c == '\0') {
            virConfParseError(p, _("NUL byte in string"));
            return -1;
        }
        if (c == '\\' && quote == '"') {
            if (p->cur >= p->end) {
                virConfParseError(p, _("unterminated string"));
                return -1;
            }
            c = *p->cur++;
            switch (c) {
            case '"':
            case '\\':
                break;
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            default:
                virConfParseError(p, _("unknown escape sequence '\\%1$c' in string"),
                                  g_ascii_isprint(c) ? c : '?');
                return -1;
            }
        }
        g_string_append_c(buf, c);
    }
    *out = g_string_free(g_steal_pointer(&buf), FALSE);
    return 0;
}

/**
 * virConfParseInt:
 * @p: parser positioned on '-' or a digit
 * @out: the value
 *
 * Returns 0 or -1 with an error (overflow, no digits, junk after digits).
 */
static int
virConfParseInt(virConfParser *p, long long *out)
{
    bool neg = false;
    unsigned long long val = 0;
    unsigned long long limit = (unsigned long long)LLONG_MAX;

    if (*p->cur == '-') {
        neg = true;
        limit++;
        p->cur++;
    }
    if (p->cur >= p->end || !g_ascii_isdigit(*p->cur)) {
        virConfParseError(p, _("expected a number"));
        return -1;
    }
    while (p->cur < p->end && g_ascii_isdigit(*p->cur)) {
        unsigned int digit = *p->cur - '0';

        if (val > (limit - digit) / 10) {
            virConfParseError(p, _("number out of range"));
            return -1;
        }
        val = val * 10 + digit;
        p->cur++;
    }
    if (p->cur < p->end && (g_ascii_isalnum(*p->cur) || *p->cur == '_' || *p->cur == '.')) {
        virConfParseError(p, _("expected a number"));
        return -1;
    }
    if (neg)
        *out = val == limit ? LLONG_MIN : -(long long)val;
    else
        *out = (long long)val;
    return 0;
}

/**
 * virConfParseScalar:
 * @p: parser positioned on the value
 * @val: cleared value to fill
 *
 * Returns 0 or -1 with an error.
 */
static int
virConfParseScalar(virConfParser *p, virConfValue *val)
{
    if (p->cur >= p->end || *p->cur == '\n' || *p->cur == '#') {
        virConfParseError(p, _("expected a value"));
        return -1;
    }
    if (*p->cur == '"' || *p->cur == '\'') {
        val->type = VIR_CONF_STRING;
        return virConfParseStr(p, &val->str);
    }
    if (*p->cur == '-' || g_ascii_isdigit(*p->cur)) {
        val->type = VIR_CONF_INT;
        return virConfParseInt(p, &val->l);
    }
    if (*p->cur == '[') {
        virConfParseError(p, _("lists cannot be nested"));
        return -1;
    }
    virConfParseError(p, _("expected a value (a quoted string, a number or a list)"));
    return -1;
}

/**
 * virConfParseList:
 * @p: parser positioned on '['
 * @val: cleared value to fill
 *
 * Items are separated by ',', a trailing ',' is allowed, newlines and
 * comments may appear between items.  Returns 0 or -1 with an error.
 */
static int
virConfParseList(virConfParser *p, virConfValue *val)
{
    g_autoptr(GArray) items = g_array_new(FALSE, TRUE, sizeof(virConfValue));
    unsigned int startLine = p->line;

    g_array_set_clear_func(items, (GDestroyNotify)virConfValueClear);
    p->cur++;
    for (;;) {
        virConfValue item = { 0 };

        virConfSkipSpace(p);
        if (p->cur >= p->end) {
            p->line = startLine;
            virConfParseError(p, _("list is not closed with ']'"));
            return -1;
        }
        if (*p->cur == ']')
            break;
        if (virConfParseScalar(p, &item) < 0) {
            virConfValueClear(&item);
            return -1;
        }
        g_array_append_val(items, item);
        virConfSkipSpace(p);
        if (p->cur < p->end && *p->cur == ',') {
            p->cur++;
            continue;
        }
        if (p->cur < p->end && *p->cur == ']')
            break;
        if (p->cur >= p->end) {
            p->line = startLine;
            virConfParseError(p, _("list is not closed with ']'"));
        } else {
            virConfParseError(p, _("expected ',' or ']' in list"));
        }
        return -1;
    }
    p->cur++;
    val->type = VIR_CONF_LIST;
    val->nlist = items->len;
    g_array_set_clear_func(items, NULL);
    val->list = (virConfValue *)(void *)g_array_free(g_steal_pointer(&items),
                                                     val->nlist == 0);
    return 0;
}

/**
 * virConfParseName:
 * @p: parser positioned on the first character of a name
 *
 * Returns the name (caller frees), or NULL with an error.
 */
static char *
virConfParseName(virConfParser *p)
{
    const char *start = p->cur;

    if (!(g_ascii_isalpha(*p->cur) || *p->cur == '_')) {
        if (g_ascii_isprint(*p->cur))
            virConfParseError(p, _("expected a setting name, found '%1$c'"), *p->cur);
        else
            virConfParseError(p, _("expected a setting name, found byte 0x%1$02x"),
                              (unsigned int)(unsigned char)*p->cur);
        return NULL;
    }
    while (p->cur < p->end &&
           (g_ascii_isalnum(*p->cur) || *p->cur == '_' || *p->cur == '.'))
        p->cur++;
    return g_strndup(start, p->cur - start);
}

/* Frees what an entry owns (GArray clear function). */
static void
virConfEntryClear(virConfEntry *entry)
{
    g_free(entry->name);
    virConfValueClear(&entry->value);
}

/**
 * virConfParseEntry:
 * @p: parser positioned on the first character of a setting name
 * @entry: cleared entry to fill (the caller clears it on failure too)
 *
 * Parses "name = value [;] [# comment]" up to the end of the line.
 * Returns 0 or -1 with an error.
 */
static int
virConfParseEntry(virConfParser *p, virConfEntry *entry)
{
    entry->line = p->line;
    if (!(entry->name = virConfParseName(p)))
        return -1;
    virConfSkipBlanks(p);
    if (p->cur >= p->end || *p->cur != '=') {
        virConfParseError(p, _("expected '=' after '%1$s'"), entry->name);
        return -1;
    }
    p->cur++;
    virConfSkipBlanks(p);
    if (p->cur < p->end && *p->cur == '[') {
        if (virConfParseList(p, &entry->value) < 0)
            return -1;
    } else if (virConfParseScalar(p, &entry->value) < 0) {
        return -1;
    }
    virConfSkipBlanks(p);
    if (p->cur < p->end && *p->cur == ';') {
        p->cur++;
        virConfSkipBlanks(p);
    }
    virConfSkipComment(p);
    if (p->cur < p->end && *p->cur != '\n') {
        virConfParseError(p, _("unexpected text after the value of '%1$s'"),
                          entry->name);
        return -1;
    }
    return 0;
}

/**
 * virConfParseString:
 * @content: the text (need not be NUL-terminated)
 * @len: its length in bytes
 * @filename: name for messages, or NULL for "(string)"
 *
 * Returns the parsed configuration (caller frees with virConfFree), or
 * NULL with a VIR_ERR_CONF_SYNTAX error naming the file and line.
 */
virConf *
virConfParseString(const char *content, size_t len, const char *filename)
{
    g_autoptr(virConf) conf = g_new0(virConf, 1);
    g_autoptr(GArray) entries = g_array_new(FALSE, TRUE, sizeof(virConfEntry));
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    virConfParser p = { content, content + len, 1, filename ? filename : "(string)" };

    g_array_set_clear_func(entries, (GDestroyNotify)virConfEntryClear);
    conf->filename = g_strdup(p.filename);
    if (len > VIR_CONF_MAX_SIZE) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s: larger than the limit of %2$d bytes"),
                       p.filename, VIR_CONF_MAX_SIZE);
        return NULL;
    }

    while (p.cur < p.end) {
        virConfEntry entry = { 0 };
        gpointer prevLine;

        virConfSkipBlanks(&p);
        virConfSkipComment(&p);
        if (p.cur >= p.end)
            break;
        if (*p.cur == '\n') {
            p.cur++;
            p.line++;
            continue;
        }

        if (virConfParseEntry(&p, &entry) < 0) {
            virConfEntryClear(&entry);
            return NULL;
        }
        /* Upstream silently uses the first of two settings with the same
         * name; an error is kinder than a setting that has no effect. */
        if (g_hash_table_lookup_extended(seen, entry.name, NULL, &prevLine)) {
            p.line = entry.line;
            virConfParseError(&p, _("'%1$s' is already set on line %2$u"),
                              entry.name, GPOINTER_TO_UINT(prevLine));
            virConfEntryClear(&entry);
            return NULL;
        }
        /* The name string does not move when the array grows. */
        g_hash_table_insert(seen, entry.name, GUINT_TO_POINTER(entry.line));
        g_array_append_val(entries, entry);
    }

    conf->nentries = entries->len;
    g_array_set_clear_func(entries, NULL);
    conf->entries = (virConfEntry *)(void *)g_array_free(g_steal_pointer(&entries),
                                                         conf->nentries == 0);
    return g_steal_pointer(&conf);
}

/**
 * virConfReadFile:
 * @path: file to read
 * @allowMissing: a missing file gives an empty configuration
 *
 * Returns the parsed configuration (caller frees), or NULL with an error.
 */
virConf *
virConfReadFile(const char *path, bool allowMissing)
{
    g_autofree char *data = NULL;
    ssize_t len;

    if (allowMissing && access(path, F_OK) < 0 && errno == ENOENT) {
        virConf *conf = g_new0(virConf, 1);

        conf->filename = g_strdup(path);
        return conf;
    }
    if ((len = virFileReadAll(path, VIR_CONF_MAX_SIZE, &data)) < 0)
        return NULL;
    return virConfParseString(data, len, path);
}

/**
 * virConfLookup:
 * @conf: parsed configuration
 * @name: setting name
 *
 * Returns the entry (owned by @conf), or NULL when it is not set.
 */
const virConfEntry *
virConfLookup(const virConf *conf, const char *name)
{
    size_t i;

    for (i = 0; i < conf->nentries; i++) {
        if (strcmp(conf->entries[i].name, name) == 0)
            return &conf->entries[i];
    }
    return NULL;
}

/* Reports that @entry has the wrong type; @expected is translated. */
static void
virConfReportWrongType(const virConf *conf, const virConfEntry *entry,
                       const char *expected)
{
    virReportError(VIR_ERR_CONF_SYNTAX,
                   _("%1$s:%2$u: '%3$s' must be %4$s (found: %5$s)"),
                   conf->filename, entry->line, entry->name, expected,
                   virConfTypeToString(entry->value.type));
}

/**
 * virConfGetValueString:
 * @conf: parsed configuration
 * @name: setting name
 * @value: set to a copy of the string when present (caller frees; any
 *         previous value is freed)
 *
 * Returns 1 when set, 0 when absent (@value untouched), -1 with an error
 * when the setting is not a string.
 */
int
virConfGetValueString(const virConf *conf, const char *name, char **value)
{
    const virConfEntry *entry = virConfLookup(conf, name);

    if (!entry)
        return 0;
    if (entry->value.type != VIR_CONF_STRING) {
        virConfReportWrongType(conf, entry, _("a string"));
        return -1;
    }
    g_free(*value);
    *value = g_strdup(entry->value.str);
    return 1;
}

/**
 * virConfGetValueStringList:
 * @conf: parsed configuration
 * @name: setting name
 * @allowString: accept a single string as a one-element list
 * @values: set to a new NULL-terminated list when present (caller frees
 *          with g_strfreev; any previous list is freed)
 *
 * Returns 1 when set, 0 when absent, -1 with an error for a wrong type.
 */
int
virConfGetValueStringList(const virConf *conf, const char *name,
                          bool allowString, char ***values)
{
    const virConfEntry *entry = virConfLookup(conf, name);
    g_auto(GStrv) list = NULL;
    size_t i;

    if (!entry)
        return 0;
    if (entry->value.type == VIR_CONF_STRING && allowString) {
        list = g_new0(char *, 2);
        list[0] = g_strdup(entry->value.str);
    } else if (entry->value.type == VIR_CONF_LIST) {
        list = g_new0(char *, entry->value.nlist + 1);
        for (i = 0; i < entry->value.nlist; i++) {
            if (entry->value.list[i].type != VIR_CONF_STRING) {
                virConfReportWrongType(conf, entry, _("a list of strings"));
                return -1;
            }
            list[i] = g_strdup(entry->value.list[i].str);
        }
    } else {
        virConfReportWrongType(conf, entry,
                               allowString ? _("a string or a list of strings") :
                                             _("a list of strings"));
        return -1;
    }
    g_strfreev(*values);
    *values = g_steal_pointer(&list);
    return 1;
}

/**
 * virConfGetValueBool:
 * @conf: parsed configuration
 * @name: setting name
 * @value: set when present
 *
 * Booleans are the integers 0 and 1, as upstream.  Returns 1 when set,
 * 0 when absent, -1 with an error for anything else.
 */
int
virConfGetValueBool(const virConf *conf, const char *name, bool *value)
{
    const virConfEntry *entry = virConfLookup(conf, name);

    if (!entry)
        return 0;
    if (entry->value.type != VIR_CONF_INT ||
        (entry->value.l != 0 && entry->value.l != 1)) {
        virConfReportWrongType(conf, entry, _("0 or 1"));
        return -1;
    }
    *value = entry->value.l == 1;
    return 1;
}

/**
 * virConfGetValueUInt:
 * @conf: parsed configuration
 * @name: setting name
 * @value: set when present
 *
 * Returns 1 when set, 0 when absent, -1 with an error when not an
 * integer in 0..UINT_MAX.
 */
int
virConfGetValueUInt(const virConf *conf, const char *name, unsigned int *value)
{
    const virConfEntry *entry = virConfLookup(conf, name);

    if (!entry)
        return 0;
    if (entry->value.type != VIR_CONF_INT) {
        virConfReportWrongType(conf, entry, _("an integer"));
        return -1;
    }
    if (entry->value.l < 0 || entry->value.l > UINT_MAX) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s:%2$u: '%3$s' is out of range (0 to %4$u)"),
                       conf->filename, entry->line, entry->name, UINT_MAX);
        return -1;
    }
    *value = (unsigned int)entry->value.l;
    return 1;
}
