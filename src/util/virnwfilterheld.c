/*
 * virnwfilterheld.c: what the filter table holds per port, as values
 *
 * A port's filter is a handful of elements keyed by its name
 * (virnwfilter.c): its chain in the map "ports", its MAC in "macs", its
 * addresses in "v4" and "v6"; its policer is a limit object
 * "police_NAME" and its element in the map "limits".  Elements are
 * removed by value, so the daemon must know them; this file holds them
 * as typed values (virNWFilterElements) and reads them from the
 * kernel's JSON listing of the table, which is how a restarted daemon
 * learns what the previous run left (and which chains and sets of an
 * earlier layout it left: virNWFilterStale).
 *
 * The listing is the kernel's view of a table only root can change, but
 * it is read with the same distrust as any input: a name that does not
 * pass virNftablesIfnameCheck, a MAC or an address that does not parse,
 * an element of an unexpected shape, is skipped, and nothing of the
 * listing becomes rule text but through those typed values.
 */
#include "virnwfilter.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "virerror.h"
#include "virnetdevname.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/**
 * virNWFilterElementsNew:
 * Returns a port's elements, none yet (free with virNWFilterElementsFree).
 */
virNWFilterElements *
virNWFilterElementsNew(void)
{
    virNWFilterElements *elems = g_new0(virNWFilterElements, 1);

    elems->ips = g_array_new(FALSE, TRUE, sizeof(virSocketAddr));
    return elems;
}

/**
 * virNWFilterElementsCopy:
 * Returns a copy of @elems (free with virNWFilterElementsFree).
 */
virNWFilterElements *
virNWFilterElementsCopy(const virNWFilterElements *elems)
{
    virNWFilterElements *copy = g_new0(virNWFilterElements, 1);

    *copy = *elems;
    copy->ips = g_array_copy(elems->ips);
    return copy;
}

/**
 * virNWFilterElementsFree:
 * Frees @elems.  Accepts NULL.
 */
void
virNWFilterElementsFree(virNWFilterElements *elems)
{
    if (!elems)
        return;
    g_array_unref(elems->ips);
    g_free(elems);
}

/**
 * virNWFilterElementsIsEmpty:
 * Whether @elems (or NULL) holds no element at all.
 */
bool
virNWFilterElementsIsEmpty(const virNWFilterElements *elems)
{
    return !elems || (!elems->chain[0] && !elems->hasMac && elems->ips->len == 0 &&
                      !elems->hasPolice && elems->policeMap == VIR_NWFILTER_POLICE_MAP_NONE);
}

/**
 * virNWFilterElementsHasIP:
 * Whether @elems (or NULL) holds @ip.
 */
bool
virNWFilterElementsHasIP(const virNWFilterElements *elems, const virSocketAddr *ip)
{
    size_t i;

    for (i = 0; elems && i < elems->ips->len; i++) {
        if (virSocketAddrEqual(&g_array_index(elems->ips, virSocketAddr, i), ip))
            return true;
    }
    return false;
}

/**
 * virNWFilterHeldNameIsValid:
 * Whether @name may be a port's name in the table (the gate of rule
 * text), without reporting an error.
 */
static bool
virNWFilterHeldNameIsValid(const char *name)
{
    size_t i;

    if (!name || !virNetDevNameIsValid(name))
        return false;
    for (i = 0; name[i]; i++) {
        if (!g_ascii_isalnum(name[i]) && !strchr("_.-", name[i]))
            return false;
    }
    return true;
}

/**
 * virNWFilterHeldPort:
 * The elements of @name in @held, made when it has none yet; NULL when
 * @name is not a valid port name.
 */
static virNWFilterElements *
virNWFilterHeldPort(GHashTable *held, const char *name)
{
    virNWFilterElements *elems;

    if (!virNWFilterHeldNameIsValid(name))
        return NULL;
    if (!(elems = g_hash_table_lookup(held, name))) {
        elems = virNWFilterElementsNew();
        g_hash_table_insert(held, g_strdup(name), elems);
    }
    return elems;
}

/**
 * virNWFilterHeldString:
 * The string at @index of @array, or NULL.
 */
static const char *
virNWFilterHeldString(JsonArray *array, guint index)
{
    JsonNode *node;

    if (!array || index >= json_array_get_length(array))
        return NULL;
    node = json_array_get_element(array, index);
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

/**
 * virNWFilterHeldObject:
 * The object member @name of @obj, or NULL.
 */
static JsonObject *
virNWFilterHeldObject(JsonObject *obj, const char *name)
{
    JsonNode *node = obj ? json_object_get_member(obj, name) : NULL;

    return node && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

/**
 * virNWFilterHeldArray:
 * The array member @name of @obj, or NULL.
 */
static JsonArray *
virNWFilterHeldArray(JsonObject *obj, const char *name)
{
    JsonNode *node = obj ? json_object_get_member(obj, name) : NULL;

    return node && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}

/**
 * virNWFilterHeldMember:
 * The string member @name of @obj, or NULL.
 */
static const char *
virNWFilterHeldMember(JsonObject *obj, const char *name)
{
    JsonNode *node = obj ? json_object_get_member(obj, name) : NULL;

    if (!node || !JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

/**
 * virNWFilterHeldMapElement:
 * One element of the map "ports", ["NAME", {"jump": {"target": "CHAIN"}}],
 * into @held.  Returns whether it had that shape.
 */
static bool
virNWFilterHeldMapElement(GHashTable *held, JsonNode *node)
{
    JsonArray *pair = JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
    JsonObject *verdict;
    const char *target;
    virNWFilterElements *elems;

    if (!pair || json_array_get_length(pair) != 2)
        return false;
    node = json_array_get_element(pair, 1);
    verdict = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
    if (!(target = virNWFilterHeldMember(virNWFilterHeldObject(verdict, "jump"), "target")) ||
        !(elems = virNWFilterHeldPort(held, virNWFilterHeldString(pair, 0))))
        return false;
    /* any chain counts as "in the map"; an unknown one is never equal
     * to a chain this tree names, so the next change replaces it */
    if (g_strlcpy(elems->chain, target, sizeof(elems->chain)) >= sizeof(elems->chain))
        g_strlcpy(elems->chain, "?", sizeof(elems->chain));
    return true;
}

/**
 * virNWFilterHeldSetElement:
 * One element of the set @set ("macs", "v4", "v6"),
 * {"concat": ["NAME", "VALUE"]}, into @held.  Returns whether it had
 * that shape and a value of the set's type.
 */
static bool
virNWFilterHeldSetElement(GHashTable *held, const char *set, JsonNode *node)
{
    JsonObject *obj = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
    JsonArray *concat = virNWFilterHeldArray(obj, "concat");
    const char *value = virNWFilterHeldString(concat, 1);
    virNWFilterElements *elems;
    virMacAddr mac;
    virSocketAddr ip;

    if (!value || json_array_get_length(concat) != 2)
        return false;
    if (strcmp(set, "macs") == 0) {
        if (virMacAddrParse(value, &mac) < 0 ||
            !(elems = virNWFilterHeldPort(held, virNWFilterHeldString(concat, 0))))
            return false;
        elems->hasMac = true;
        elems->mac = mac;
        return true;
    }
    if (!virSocketAddrTryParse(value, strcmp(set, "v4") == 0 ? AF_INET : AF_INET6, &ip) ||
        !(elems = virNWFilterHeldPort(held, virNWFilterHeldString(concat, 0))))
        return false;
    if (!virNWFilterElementsHasIP(elems, &ip))
        g_array_append_val(elems->ips, ip);
    return true;
}

/**
 * virNWFilterHeldLimitsElement:
 * One element of the map "limits", ["NAME", "OBJECT"], into @held; an
 * OBJECT other than "police_NAME" is marked, to be replaced.  Returns
 * whether it had that shape.
 */
static bool
virNWFilterHeldLimitsElement(GHashTable *held, JsonNode *node)
{
    JsonArray *pair = JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
    const char *name = virNWFilterHeldString(pair, 0);
    const char *object = virNWFilterHeldString(pair, 1);
    virNWFilterElements *elems;

    if (!object || json_array_get_length(pair) != 2 || !(elems = virNWFilterHeldPort(held, name)))
        return false;
    elems->policeMap = g_str_has_prefix(object, VIR_NWFILTER_POLICE_PREFIX) &&
                       strcmp(object + strlen(VIR_NWFILTER_POLICE_PREFIX), name) == 0 ?
                       VIR_NWFILTER_POLICE_MAP_OURS : VIR_NWFILTER_POLICE_MAP_FOREIGN;
    return true;
}

/**
 * virNWFilterHeldBytes:
 * @obj's integer member @name times its unit, the string member
 * @unitName ("bytes", "kbytes" or "mbytes", as nft lists them), into
 * @bytes; 0 when @optional and @name is missing.  Returns whether that
 * worked without overflow.
 */
static bool
virNWFilterHeldBytes(JsonObject *obj, const char *name, const char *unitName,
                     bool optional, guint64 *bytes)
{
    JsonNode *node = json_object_get_member(obj, name);
    const char *unit = virNWFilterHeldMember(obj, unitName);
    guint64 mult;
    gint64 value;

    if (!node && optional) {
        *bytes = 0;
        return true;
    }
    if (!node || !JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_INT64 ||
        (value = json_node_get_int(node)) < 0 || !unit)
        return false;
    if (strcmp(unit, "bytes") == 0)
        mult = 1;
    else if (strcmp(unit, "kbytes") == 0)
        mult = 1024;
    else if (strcmp(unit, "mbytes") == 0)
        mult = 1024 * 1024;
    else
        return false;
    if ((guint64)value > G_MAXUINT64 / mult)
        return false;
    *bytes = (guint64)value * mult;
    return true;
}

/**
 * virNWFilterHeldLimit:
 * A limit object of the table (@obj), "police_NAME", into @held: its
 * values when they are a policer of this tree's kind ("over", bytes
 * per second, virNWFilterPoliceIsValid), else rate 0 so that it is
 * replaced.  Returns false for a name of that form whose port name does
 * not pass the gate (it is left alone).
 */
static bool
virNWFilterHeldLimit(GHashTable *held, JsonObject *obj)
{
    const char *object = virNWFilterHeldMember(obj, "name");
    JsonNode *inv = json_object_get_member(obj, "inv");
    virNWFilterElements *elems;
    guint64 rate, burst;

    /* other objects are not the daemon's concern */
    if (!object || !g_str_has_prefix(object, VIR_NWFILTER_POLICE_PREFIX))
        return true;
    if (!(elems = virNWFilterHeldPort(held, object + strlen(VIR_NWFILTER_POLICE_PREFIX))))
        return false;
    elems->hasPolice = true;
    elems->police.rate = 0;
    elems->police.burst = 0;
    if (g_strcmp0(virNWFilterHeldMember(obj, "per"), "second") == 0 &&
        inv && JSON_NODE_HOLDS_VALUE(inv) && json_node_get_value_type(inv) == G_TYPE_BOOLEAN &&
        json_node_get_boolean(inv) &&
        virNWFilterHeldBytes(obj, "rate", "rate_unit", false, &rate) &&
        virNWFilterHeldBytes(obj, "burst", "burst_unit", true, &burst) &&
        burst <= G_MAXUINT32) {
        virNWFilterPolice police = { .rate = rate, .burst = burst };

        if (virNWFilterPoliceIsValid(&police))
            elems->police = police;
    }
    return true;
}

/**
 * virNWFilterHeldIsOurs:
 * Whether @obj (a map, set or object of a listing) is of the table.
 */
static bool
virNWFilterHeldIsOurs(JsonObject *obj)
{
    return g_strcmp0(virNWFilterHeldMember(obj, "table"), VIR_NWFILTER_TABLE) == 0 &&
           g_strcmp0(virNWFilterHeldMember(obj, "family"), "bridge") == 0;
}

/**
 * virNWFilterHeldStale:
 * Appends @obj, a @kind ("chain", "set", "map") of the table named as
 * nothing of the layout (virnwfilter.c), to @stale (NULL: not wanted),
 * when its name is one this tree could have written: [A-Za-z0-9_.-],
 * a letter first, shorter than 64 bytes.
 */
static void
virNWFilterHeldStale(GArray *stale, const char *kind, JsonObject *obj)
{
    static const char *const layout[] = { "prerouting", "ports", "limits", "macs", "v4", "v6" };
    const char *name = virNWFilterHeldMember(obj, "name");
    virNWFilterStale entry = { .kind = kind };
    size_t i;

    if (!stale || !name || !virNWFilterHeldIsOurs(obj) || !g_ascii_isalpha(name[0]) ||
        strlen(name) >= sizeof(entry.name) ||
        (strcmp(kind, "chain") == 0 && g_str_has_prefix(name, "blocks_")))
        return;
    for (i = 0; i < G_N_ELEMENTS(layout); i++) {
        if (strcmp(name, layout[i]) == 0)
            return;
    }
    for (i = 0; name[i]; i++) {
        if (!g_ascii_isalnum(name[i]) && !strchr("_.-", name[i]))
            return;
    }
    g_strlcpy(entry.name, name, sizeof(entry.name));
    g_array_append_val(stale, entry);
}

/**
 * virNWFilterElementsParse:
 * @json: nft's JSON listing of the filter table ("list table")
 * @stale: receives the chains, sets and maps of an earlier layout
 *         (virNWFilterStale), or NULL
 *
 * Returns what the table holds per port: a table of port name ->
 * virNWFilterElements (caller unrefs); NULL with an error reported when
 * @json is not such a listing.  Elements of an unexpected shape or with
 * values that do not parse are skipped and counted in a warning.
 */
GHashTable *
virNWFilterElementsParse(const char *json, GArray *stale)
{
    g_autoptr(GHashTable) held = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify)virNWFilterElementsFree);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) err = NULL;
    JsonNode *root;
    JsonArray *items;
    size_t skipped = 0;
    guint i, j;

    if (!json_parser_load_from_data(parser, json, -1, &err) ||
        !(root = json_parser_get_root(parser)) || !JSON_NODE_HOLDS_OBJECT(root) ||
        !(items = virNWFilterHeldArray(json_node_get_object(root), "nftables"))) {
        virReportError(VIR_ERR_INTERNAL_ERROR, _("unexpected listing of table '%1$s': %2$s"),
                       VIR_NWFILTER_TABLE, err ? err->message : _("no \"nftables\" array"));
        return NULL;
    }
    for (i = 0; i < json_array_get_length(items); i++) {
        JsonNode *item = json_array_get_element(items, i);
        JsonObject *obj = JSON_NODE_HOLDS_OBJECT(item) ? json_node_get_object(item) : NULL;
        JsonObject *map = virNWFilterHeldObject(obj, "map");
        JsonObject *set = virNWFilterHeldObject(obj, "set");
        JsonObject *limit = virNWFilterHeldObject(obj, "limit");
        JsonObject *chain = virNWFilterHeldObject(obj, "chain");
        JsonObject *which = map ? map : set;
        const char *name = virNWFilterHeldMember(which, "name");
        JsonArray *elems = virNWFilterHeldArray(which, "elem");
        bool limits = map && g_strcmp0(name, "limits") == 0;

        if (limit) {
            if (virNWFilterHeldIsOurs(limit) && !virNWFilterHeldLimit(held, limit))
                skipped++;
            continue;
        }
        if (chain || which)
            virNWFilterHeldStale(stale, chain ? "chain" : map ? "map" : "set", chain ? chain : which);
        if (!name || !elems || !virNWFilterHeldIsOurs(which))
            continue;
        if (map ? strcmp(name, "ports") != 0 && !limits
                : (strcmp(name, "macs") != 0 && strcmp(name, "v4") != 0 && strcmp(name, "v6") != 0))
            continue;
        for (j = 0; j < json_array_get_length(elems); j++) {
            JsonNode *node = json_array_get_element(elems, j);

            if (!(limits ? virNWFilterHeldLimitsElement(held, node) :
                  map ? virNWFilterHeldMapElement(held, node)
                      : virNWFilterHeldSetElement(held, name, node)))
                skipped++;
        }
    }
    if (skipped > 0)
        g_warning("table %s: %zu elements of an unexpected form left alone",
                  VIR_NWFILTER_TABLE, skipped);
    return g_steal_pointer(&held);
}
