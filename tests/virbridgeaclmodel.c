/*
 * virbridgeaclmodel.c: an independent reference model of
 * qemu-bridge-helper's ACL decision, and a checker for generated polkit
 * rules (see virbridgeaclmodel.h)
 */
#include "virbridgeaclmodel.h"

#include <string.h>
#include <sys/stat.h>

/* The helper's line buffer and its interface name size. */
#define MODEL_LINE_BUF 4096
#define MODEL_IFNAMSIZ 16
/* The helper has no loop check (it recurses until fopen() fails); the
 * model only needs to stop.  Inputs with loops are refused by the
 * importer, so their answers are never compared. */
#define MODEL_DEPTH_MAX 40

typedef struct {
    bool allow;
    bool all;
    char iface[MODEL_IFNAMSIZ];
} modelRule;

typedef struct {
    virBridgeACLModelReadFunc readFunc;
    void *opaque;
    GArray *rules;      /* modelRule */
} modelState;

/* isspace() in the C locale, which the helper runs in (newer helpers use
 * g_ascii_isspace(), without '\v'; the importer refuses '\v' either way). */
static bool
modelIsSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int modelParseFile(modelState *st, const char *path, unsigned int depth);

/**
 * modelParseLine:
 * One buffer as fgets() filled it (a C string: it ends at the first NUL
 * even when fgets() read further).  Returns 0, or -1 for a line the
 * helper calls an error.
 */
static int
modelParseLine(modelState *st, char *buf, unsigned int depth)
{
    char *p = buf;
    char *cmd;
    char *arg;
    char *end;

    while (modelIsSpace(*p))
        p++;
    if (*p == '#' || *p == '\0')
        return 0;
    cmd = p;
    if (!(arg = strchr(cmd, ' ')) && !(arg = strchr(cmd, '\t')))
        return -1;
    *arg++ = '\0';
    while (modelIsSpace(*arg))
        arg++;
    end = arg + strlen(arg);
    while (end > arg && modelIsSpace(end[-1]))
        end--;
    *end = '\0';

    if (strcmp(cmd, "include") != 0 && strlen(arg) >= MODEL_IFNAMSIZ)
        return -1;
    if (strcmp(cmd, "allow") == 0 || strcmp(cmd, "deny") == 0) {
        modelRule rule = { .allow = cmd[0] == 'a', .all = strcmp(arg, "all") == 0 };

        if (!rule.all)
            g_strlcpy(rule.iface, arg, sizeof(rule.iface));
        g_array_append_val(st->rules, rule);
        return 0;
    }
    if (strcmp(cmd, "include") == 0) {
        (void)modelParseFile(st, arg, depth + 1);   /* errors ignored */
        return 0;
    }
    return -1;
}

/**
 * modelParseFile:
 * Returns 0, or -1 when the file cannot be opened or has an error (the
 * rules before the error stay, as in the helper).
 */
static int
modelParseFile(modelState *st, const char *path, unsigned int depth)
{
    g_autofree char *data = NULL;
    size_t len;
    size_t pos = 0;

    if (depth > MODEL_DEPTH_MAX || !st->readFunc(st->opaque, path, &data, &len))
        return -1;
    while (pos < len) {
        char buf[MODEL_LINE_BUF];
        size_t n = 0;

        /* fgets(buf, 4096): at most 4095 bytes, up to and with a '\n' */
        while (n < MODEL_LINE_BUF - 1 && pos < len) {
            buf[n++] = data[pos++];
            if (buf[n - 1] == '\n')
                break;
        }
        buf[n] = '\0';
        if (modelParseLine(st, buf, depth) < 0)
            return -1;
    }
    return 0;
}

bool
virBridgeACLModelDecide(virBridgeACLModelReadFunc readFunc, void *opaque,
                        const char *top, const char *bridge)
{
    g_autoptr(GArray) rules = g_array_new(FALSE, FALSE, sizeof(modelRule));
    modelState st = { readFunc, opaque, rules };
    bool allowed = false;
    bool denied = false;
    size_t i;

    /* "failed to parse default acl file": the helper gives up */
    if (modelParseFile(&st, top, 0) < 0)
        return false;
    for (i = 0; i < rules->len; i++) {
        const modelRule *r = &g_array_index(rules, modelRule, i);

        if (!r->all && strcmp(r->iface, bridge) != 0)
            continue;
        if (r->allow)
            allowed = true;
        else
            denied = true;
    }
    return allowed && !denied;
}

/**
 * modelMayAccess:
 * The kernel's DAC check of @sb for @caller and permission bit group
 * @want (4 read, 1 search): owner class, else group class, else others.
 */
static bool
modelMayAccess(const virBridgeACLModelCaller *caller, const struct stat *sb,
               unsigned int want)
{
    size_t i;

    if (caller->uid == 0)
        return true;
    if (sb->st_uid == caller->uid)
        return ((sb->st_mode >> 6) & want) != 0;
    for (i = 0; i < caller->ngids; i++) {
        if (caller->gids[i] == sb->st_gid)
            return ((sb->st_mode >> 3) & want) != 0;
    }
    return (sb->st_mode & want) != 0;
}

bool
virBridgeACLModelReadDisk(void *opaque, const char *path,
                          char **data, size_t *len)
{
    const virBridgeACLModelCaller *caller = opaque;
    g_autofree char *dir = g_path_get_dirname(path);
    g_autoptr(GError) err = NULL;
    struct stat sb;
    gsize glen;

    /* relative paths depend on QEMU's directory: the importer refuses
     * them, so any answer would do; the model says "cannot open" */
    if (!g_path_is_absolute(path))
        return false;
    for (;;) {
        char *parent;

        if (stat(dir, &sb) < 0 || !modelMayAccess(caller, &sb, 1))
            return false;
        if (strcmp(dir, "/") == 0)
            break;
        parent = g_path_get_dirname(dir);
        g_free(dir);
        dir = parent;
    }
    if (stat(path, &sb) < 0 || !modelMayAccess(caller, &sb, 4))
        return false;
    if (!g_file_get_contents(path, data, &glen, &err))
        return false;
    *len = glen;
    return true;
}

/**
 * modelSkeleton:
 * @text with every string literal emptied, every run of digits (with a
 * leading '-') made "0", and a trailing ',' dropped from each line; a
 * literal that is not well-formed JSON of printable ASCII, or a byte
 * outside literals that is neither printable ASCII nor '\n', makes it
 * fail: returns NULL and sets @why.
 */
static char *
modelSkeleton(const char *text, char **why)
{
    g_autoptr(GString) out = g_string_new(NULL);
    const char *p = text;

    while (*p) {
        unsigned char c = (unsigned char)*p;

        if (c == '"') {
            for (p++; *p != '"'; p++) {
                unsigned char d = (unsigned char)*p;

                if (d < 0x20 || d > 0x7e) {
                    *why = g_strdup_printf("byte 0x%02x inside a string literal at offset %zu",
                                           d, (size_t)(p - text));
                    return NULL;
                }
                if (d != '\\')
                    continue;
                p++;
                if (*p == 'u') {
                    if (!(g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2]) &&
                          g_ascii_isxdigit(p[3]) && g_ascii_isxdigit(p[4]))) {
                        *why = g_strdup_printf("bad \\u escape at offset %zu", (size_t)(p - text));
                        return NULL;
                    }
                    p += 4;
                } else if (!*p || !strchr("\"\\/bfnrt", *p)) {
                    *why = g_strdup_printf("bad escape at offset %zu", (size_t)(p - text));
                    return NULL;
                }
            }
            g_string_append(out, "\"\"");
            p++;
            continue;
        }
        if (c != '\n' && (c < 0x20 || c > 0x7e)) {
            *why = g_strdup_printf("byte 0x%02x outside string literals at offset %zu",
                                   c, (size_t)(p - text));
            return NULL;
        }
        if (g_ascii_isdigit(c) || (c == '-' && g_ascii_isdigit(p[1]))) {
            for (p++; g_ascii_isdigit(*p); p++)
                ;
            g_string_append_c(out, '0');
            continue;
        }
        if (c == '\n' && out->len > 0 && out->str[out->len - 1] == ',')
            g_string_truncate(out, out->len - 1);
        g_string_append_c(out, (char)c);
        p++;
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

char *
virBridgeACLModelCheckRules(const char *rules, const char *reference)
{
    g_autofree char *why = NULL;
    g_autofree char *skel = modelSkeleton(rules, &why);
    g_autofree char *refSkel = NULL;
    g_autoptr(GHashTable) known = g_hash_table_new(g_str_hash, g_str_equal);
    g_auto(GStrv) refLines = NULL;
    g_auto(GStrv) lines = NULL;
    size_t i;

    if (!skel)
        return g_steal_pointer(&why);
    if (!(refSkel = modelSkeleton(reference, &why)))
        return g_strdup_printf("the reference itself: %s", why);
    refLines = g_strsplit(refSkel, "\n", -1);
    for (i = 0; refLines[i]; i++)
        g_hash_table_add(known, refLines[i]);
    lines = g_strsplit(skel, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (!g_hash_table_contains(known, lines[i]))
            return g_strdup_printf("line %zu is not generator text: '%s'", i + 1, lines[i]);
    }
    return NULL;
}
