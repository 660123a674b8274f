/*
 * qemuschema.c: check -netdev / -blockdev / -device values against what a
 * recorded QEMU says it accepts
 *
 * The QAPI introspection format (query-qmp-schema) is a list of types by
 * (opaque) name: objects with members (optional ones carry "default"), a
 * tag and variants; enums with values; arrays; alternates; builtins with a
 * JSON type.  The checker walks a value against a type the way QEMU's
 * input visitor would: unknown members, missing required members and
 * wrong JSON types are errors.
 */
#include "qemuschema.h"
#include "virerror.h"
#include "virfile.h"

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NONE

struct _qemuSchema {
    JsonNode *schemaRoot;        /* the query-qmp-schema reply array */
    GHashTable *types;           /* name -> JsonObject (borrowed from root) */
    JsonNode *devRoot;           /* device-properties JSON */
    JsonObject *devices;         /* driver -> { prop: type } */
};

void
qemuSchemaFree(qemuSchema *schema)
{
    if (!schema)
        return;
    if (schema->types)
        g_hash_table_unref(schema->types);
    if (schema->schemaRoot)
        json_node_unref(schema->schemaRoot);
    if (schema->devRoot)
        json_node_unref(schema->devRoot);
    g_free(schema);
}

/* Parses one message of a .replies file. */
static JsonNode *
qemuSchemaParseJSON(const char *text, const char *what)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) err = NULL;

    if (!json_parser_load_from_data(parser, text, -1, &err)) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s: %s", what, err->message);
        return NULL;
    }
    return json_node_ref(json_parser_get_root(parser));
}

/* Returns the "return" of the reply to @command in @path (new ref). */
static JsonNode *
qemuSchemaFindReply(const char *path, const char *command)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GString) msg = g_string_new(NULL);
    bool sent = false;
    bool wanted = false;
    size_t i;

    if (virFileReadAll(path, 64 * 1024 * 1024, &text) < 0)
        return NULL;
    lines = g_strsplit(text, "\n", -1);
    for (i = 0; ; i++) {
        const char *line = lines[i];

        if (line && line[0] == '#')
            continue;
        if (!line || strcmp(line, ">>>") == 0 || strcmp(line, "<<<") == 0) {
            if (msg->len) {
                g_autoptr(JsonNode) node = qemuSchemaParseJSON(msg->str, path);
                JsonObject *obj;

                if (!node || !JSON_NODE_HOLDS_OBJECT(node))
                    return NULL;
                obj = json_node_get_object(node);
                if (sent) {
                    wanted = json_object_has_member(obj, "execute") &&
                             g_strcmp0(json_object_get_string_member(obj, "execute"), command) == 0;
                } else if (wanted && json_object_has_member(obj, "return")) {
                    return json_node_copy(json_object_get_member(obj, "return"));
                }
            }
            g_string_truncate(msg, 0);
            if (!line)
                break;
            sent = strcmp(line, ">>>") == 0;
            continue;
        }
        g_string_append_printf(msg, "%s\n", line);
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, "%s: no reply to %s", path, command);
    return NULL;
}

qemuSchema *
qemuSchemaLoad(const char *repliesPath, const char *devpropsPath)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *devText = NULL;
    qemuSchema *schema = g_new0(qemuSchema, 1);
    JsonArray *arr;
    guint i;

    schema->types = g_hash_table_new(g_str_hash, g_str_equal);
    if (!(schema->schemaRoot = qemuSchemaFindReply(repliesPath, "query-qmp-schema")) ||
        !JSON_NODE_HOLDS_ARRAY(schema->schemaRoot))
        goto error;
    arr = json_node_get_array(schema->schemaRoot);
    for (i = 0; i < json_array_get_length(arr); i++) {
        JsonObject *t = json_array_get_object_element(arr, i);

        g_hash_table_insert(schema->types, (char *)json_object_get_string_member(t, "name"), t);
    }

    if (virFileReadAll(devpropsPath, 16 * 1024 * 1024, &devText) < 0 ||
        !(schema->devRoot = qemuSchemaParseJSON(devText, devpropsPath)))
        goto error;
    schema->devices = json_object_get_object_member(json_node_get_object(schema->devRoot),
                                                    "devices");
    return schema;

 error:
    qemuSchemaFree(schema);
    return NULL;
}

/* The arg-type object of @command. */
static JsonObject *
qemuSchemaCommandArgs(qemuSchema *schema, const char *command)
{
    JsonObject *cmd = g_hash_table_lookup(schema->types, command);

    if (!cmd)
        return NULL;
    return g_hash_table_lookup(schema->types, json_object_get_string_member(cmd, "arg-type"));
}

static char *qemuSchemaCheckType(qemuSchema *schema, JsonNode *val, const char *type,
                                 const char *path, bool keyval);

/* True when @members (a schema "members" array) has @name. */
static JsonObject *
qemuSchemaFindMember(JsonArray *members, const char *name)
{
    guint i;

    for (i = 0; members && i < json_array_get_length(members); i++) {
        JsonObject *m = json_array_get_object_element(members, i);

        if (strcmp(json_object_get_string_member(m, "name"), name) == 0)
            return m;
    }
    return NULL;
}

/**
 * qemuSchemaCheckObject:
 * Checks @obj against the object type @t: its members and those of the
 * variant its tag selects.
 */
static char *
qemuSchemaCheckObject(qemuSchema *schema, JsonObject *obj, JsonObject *t,
                      const char *path, bool keyval)
{
    JsonArray *members = json_object_get_array_member(t, "members");
    JsonArray *variantMembers = NULL;
    g_autoptr(GList) names = NULL;
    GList *l;
    guint i;

    if (json_object_has_member(t, "tag")) {
        const char *tag = json_object_get_string_member(t, "tag");
        JsonArray *variants = json_object_get_array_member(t, "variants");
        const char *tagval = json_object_has_member(obj, tag) &&
                             JSON_NODE_HOLDS_VALUE(json_object_get_member(obj, tag)) &&
                             json_node_get_value_type(json_object_get_member(obj, tag)) == G_TYPE_STRING ?
                             json_object_get_string_member(obj, tag) : NULL;

        for (i = 0; tagval && i < json_array_get_length(variants); i++) {
            JsonObject *v = json_array_get_object_element(variants, i);

            if (strcmp(json_object_get_string_member(v, "case"), tagval) == 0) {
                JsonObject *vt = g_hash_table_lookup(schema->types,
                                                     json_object_get_string_member(v, "type"));

                if (vt)
                    variantMembers = json_object_get_array_member(vt, "members");
            }
        }
    }

    /* every member given must be known, with the right type */
    names = json_object_get_members(obj);
    for (l = names; l; l = l->next) {
        const char *name = l->data;
        JsonObject *m = qemuSchemaFindMember(members, name);
        g_autofree char *sub = g_strdup_printf("%s%s%s", path, *path ? "." : "", name);
        char *err;

        if (!m)
            m = qemuSchemaFindMember(variantMembers, name);
        if (!m)
            return g_strdup_printf("unknown member '%s'", sub);
        if ((err = qemuSchemaCheckType(schema, json_object_get_member(obj, name),
                                       json_object_get_string_member(m, "type"), sub, keyval)))
            return err;
    }
    /* and every required member present */
    for (i = 0; i < 2; i++) {
        JsonArray *list = i == 0 ? members : variantMembers;
        guint j;

        for (j = 0; list && j < json_array_get_length(list); j++) {
            JsonObject *m = json_array_get_object_element(list, j);
            const char *name = json_object_get_string_member(m, "name");

            if (!json_object_has_member(m, "default") && !json_object_has_member(obj, name))
                return g_strdup_printf("required member '%s%s%s' is missing",
                                       path, *path ? "." : "", name);
        }
    }
    return NULL;
}

/* Checks a scalar against a builtin's JSON type. */
static char *
qemuSchemaCheckBuiltin(JsonNode *val, const char *jsonType, const char *path, bool keyval)
{
    GType vt = JSON_NODE_HOLDS_VALUE(val) ? json_node_get_value_type(val) : G_TYPE_INVALID;

    if (strcmp(jsonType, "value") == 0)
        return NULL;
    if (keyval && vt == G_TYPE_STRING &&
        (strcmp(jsonType, "string") == 0 || strcmp(jsonType, "int") == 0 ||
         strcmp(jsonType, "number") == 0 || strcmp(jsonType, "boolean") == 0))
        return NULL;
    if ((strcmp(jsonType, "string") == 0 && vt == G_TYPE_STRING) ||
        (strcmp(jsonType, "int") == 0 && vt == G_TYPE_INT64) ||
        (strcmp(jsonType, "number") == 0 && (vt == G_TYPE_INT64 || vt == G_TYPE_DOUBLE)) ||
        (strcmp(jsonType, "boolean") == 0 && vt == G_TYPE_BOOLEAN) ||
        (strcmp(jsonType, "null") == 0 && JSON_NODE_HOLDS_NULL(val)))
        return NULL;
    return g_strdup_printf("'%s' must be of JSON type %s", path, jsonType);
}

static char *
qemuSchemaCheckType(qemuSchema *schema, JsonNode *val, const char *type,
                    const char *path, bool keyval)
{
    JsonObject *t = g_hash_table_lookup(schema->types, type);
    const char *meta;

    if (!t)
        return g_strdup_printf("schema has no type '%s' (for '%s')", type, path);
    meta = json_object_get_string_member(t, "meta-type");

    if (strcmp(meta, "builtin") == 0)
        return qemuSchemaCheckBuiltin(val, json_object_get_string_member(t, "json-type"),
                                      path, keyval);
    if (strcmp(meta, "enum") == 0) {
        JsonArray *values = json_object_get_array_member(t, "values");
        const char *s;
        guint i;

        if (!JSON_NODE_HOLDS_VALUE(val) || json_node_get_value_type(val) != G_TYPE_STRING)
            return g_strdup_printf("'%s' must be a string (an enum)", path);
        s = json_node_get_string(val);
        for (i = 0; i < json_array_get_length(values); i++) {
            if (strcmp(json_array_get_string_element(values, i), s) == 0)
                return NULL;
        }
        return g_strdup_printf("'%s' has no value '%s'", path, s);
    }
    if (strcmp(meta, "object") == 0) {
        if (!JSON_NODE_HOLDS_OBJECT(val))
            return g_strdup_printf("'%s' must be an object", path);
        return qemuSchemaCheckObject(schema, json_node_get_object(val), t, path, keyval);
    }
    if (strcmp(meta, "array") == 0) {
        JsonArray *arr;
        guint i;

        if (!JSON_NODE_HOLDS_ARRAY(val))
            return g_strdup_printf("'%s' must be an array", path);
        arr = json_node_get_array(val);
        for (i = 0; i < json_array_get_length(arr); i++) {
            char *err = qemuSchemaCheckType(schema, json_array_get_element(arr, i),
                                            json_object_get_string_member(t, "element-type"),
                                            path, keyval);
            if (err)
                return err;
        }
        return NULL;
    }
    if (strcmp(meta, "alternate") == 0) {
        JsonArray *members = json_object_get_array_member(t, "members");
        guint i;

        for (i = 0; i < json_array_get_length(members); i++) {
            JsonObject *m = json_array_get_object_element(members, i);
            g_autofree char *err = qemuSchemaCheckType(schema, val,
                                                       json_object_get_string_member(m, "type"),
                                                       path, keyval);
            if (!err)
                return NULL;
        }
        return g_strdup_printf("'%s' matches no branch of its alternate type", path);
    }
    return g_strdup_printf("'%s': unexpected meta-type '%s'", path, meta);
}

/**
 * qemuSchemaParseKeyval:
 * @arg: "bare,key=value,a.b=c" with ",," standing for a comma
 * @bareKey: the member the leading bare word sets ("type", "driver")
 *
 * Returns an object with string values, dotted keys nested (caller frees),
 * or NULL for malformed input.
 */
static JsonObject *
qemuSchemaParseKeyval(const char *arg, const char *bareKey)
{
    g_autoptr(JsonObject) obj = json_object_new();
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) cur = g_string_new(NULL);
    const char *p;
    guint i;

    for (p = arg; ; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
            continue;
        }
        if (*p == ',' || !*p) {
            g_ptr_array_add(items, g_strdup(cur->str));
            g_string_truncate(cur, 0);
            if (!*p)
                break;
            continue;
        }
        g_string_append_c(cur, *p);
    }
    for (i = 0; i < items->len; i++) {
        const char *item = items->pdata[i];
        const char *eq = strchr(item, '=');
        g_auto(GStrv) path = NULL;
        JsonObject *at = obj;
        guint j;

        if (!eq) {
            if (i != 0)
                return NULL;
            json_object_set_string_member(obj, bareKey, item);
            continue;
        }
        {
            g_autofree char *key = g_strndup(item, eq - item);

            path = g_strsplit(key, ".", -1);
        }
        for (j = 0; path[j + 1]; j++) {
            if (!json_object_has_member(at, path[j]))
                json_object_set_object_member(at, path[j], json_object_new());
            at = json_object_get_object_member(at, path[j]);
            if (!at)
                return NULL;
        }
        json_object_set_string_member(at, path[j], eq + 1);
    }
    return g_steal_pointer(&obj);
}

/* Parses @arg as JSON (when it starts with '{') or key=value. */
static JsonObject *
qemuSchemaParseArg(const char *arg, const char *bareKey, bool *keyval)
{
    g_autoptr(JsonNode) node = NULL;

    *keyval = arg[0] != '{';
    if (*keyval)
        return qemuSchemaParseKeyval(arg, bareKey);
    if (!(node = qemuSchemaParseJSON(arg, "argument")) || !JSON_NODE_HOLDS_OBJECT(node))
        return NULL;
    return json_object_ref(json_node_get_object(node));
}

/* Checks @arg against the arg-type of @command. */
static char *
qemuSchemaCheckCommandArg(qemuSchema *schema, const char *command, const char *bareKey,
                          const char *arg)
{
    JsonObject *t = qemuSchemaCommandArgs(schema, command);
    g_autoptr(JsonObject) obj = NULL;
    bool keyval;

    if (!t)
        return g_strdup_printf("schema has no command '%s'", command);
    if (!(obj = qemuSchemaParseArg(arg, bareKey, &keyval)))
        return g_strdup("not a JSON object or a key=value list");
    return qemuSchemaCheckObject(schema, obj, t, "", keyval);
}

char *
qemuSchemaCheckNetdev(qemuSchema *schema, const char *arg)
{
    return qemuSchemaCheckCommandArg(schema, "netdev_add", "type", arg);
}

char *
qemuSchemaCheckBlockdev(qemuSchema *schema, const char *arg)
{
    return qemuSchemaCheckCommandArg(schema, "blockdev-add", "driver", arg);
}

/* True when a JSON scalar fits a qdev property type. */
static bool
qemuSchemaDevicePropFits(const char *prop, const char *type, JsonNode *val)
{
    GType vt;

    if (!JSON_NODE_HOLDS_VALUE(val))
        return false;
    vt = json_node_get_value_type(val);
    if (strcmp(type, "bool") == 0)
        return vt == G_TYPE_BOOLEAN;
    if (g_str_has_prefix(type, "int") || g_str_has_prefix(type, "uint") ||
        strcmp(type, "size") == 0) {
        /* a PCI address is an int32 property that also parses "slot.fn" */
        if (strcmp(prop, "addr") == 0 && vt == G_TYPE_STRING)
            return true;
        return vt == G_TYPE_INT64;
    }
    /* str, enums (OnOffAuto, ...), links: strings */
    return vt == G_TYPE_STRING;
}

char *
qemuSchemaCheckDevice(qemuSchema *schema, const char *arg)
{
    g_autoptr(JsonObject) obj = NULL;
    g_autoptr(GList) names = NULL;
    JsonObject *props;
    const char *driver;
    bool keyval;
    GList *l;

    if (!(obj = qemuSchemaParseArg(arg, "driver", &keyval)))
        return g_strdup("not a JSON object or a key=value list");
    if (!json_object_has_member(obj, "driver"))
        return g_strdup("no driver");
    driver = json_object_get_string_member(obj, "driver");
    if (!json_object_has_member(schema->devices, driver))
        return g_strdup_printf("unknown device '%s'", driver);
    props = json_object_get_object_member(schema->devices, driver);

    names = json_object_get_members(obj);
    for (l = names; l; l = l->next) {
        const char *name = l->data;
        const char *type;

        /* qdev's own options, not properties of the device */
        if (strcmp(name, "driver") == 0 || strcmp(name, "id") == 0 || strcmp(name, "bus") == 0)
            continue;
        if (!json_object_has_member(props, name))
            return g_strdup_printf("device '%s' has no property '%s'", driver, name);
        type = json_object_get_string_member(props, name);
        if (!keyval && !qemuSchemaDevicePropFits(name, type, json_object_get_member(obj, name)))
            return g_strdup_printf("property '%s' of '%s' is of type %s", name, driver, type);
    }
    return NULL;
}
