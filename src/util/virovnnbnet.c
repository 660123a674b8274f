/*
 * virovnnbnet.c: an OVN network's logical switch, IPAM subnet and
 * DHCP_Options row in OVN's northbound database
 *
 * See virovnnbnet.h for what is shared between hosts and how it is
 * marked.  Each change reads, decides, then writes in one transaction
 * that first asserts the rows are still what was read; a transaction
 * that lost such a race is tried again (a few times) from the read.
 */
#include "virovnnbnet.h"

#include <string.h>

#include "virerror.h"
#include "virovsvalue.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

#define LS "Logical_Switch"
#define DHCP "DHCP_Options"

/* How often a change that lost a race is tried again. */
#define VIR_OVN_NB_NET_TRIES 3

/**
 * virOvnNbNetworkValidate:
 * Every string of @net through the OVSDB value gate.  Returns 0, or -1
 * with an error reported.
 */
int
virOvnNbNetworkValidate(const virOvnNbNetwork *net)
{
    const struct {
        virNetDevOpenvswitchValue kind;
        const char *value;
        bool required;
    } values[] = {
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, net->lswitch, true },
        { VIR_NETDEV_OPENVSWITCH_VALUE_UUID, net->network, true },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, net->host, true },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR, net->cidr, false },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4, net->router, net->cidr != NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4, net->serverId, net->cidr != NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_MAC, net->serverMac, net->cidr != NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER, net->leaseTime, net->cidr != NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER, net->mtu, false },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR, net->subnet, false },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES, net->excludeIps, false },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(values); i++) {
        if ((values[i].value || values[i].required) &&
            virNetDevOpenvswitchValueCheck(values[i].kind, values[i].value) < 0)
            return -1;
    }
    return 0;
}

/**
 * virOvnNbNetworkSubnetKey:
 * The external_ids key of the switch that says @net's host uses its
 * subnet (caller frees).
 */
static char *
virOvnNbNetworkSubnetKey(const virOvnNbNetwork *net)
{
    return g_strdup_printf(VIR_OVN_NB_KEY_SUBNET_PREFIX "%s-%s", net->host, net->network);
}

/**
 * virOvnNbMalformed:
 * Reports a reply of an unexpected shape.  Returns -1.
 */
static int
virOvnNbMalformed(void)
{
    virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                   _("malformed reply from the OVN northbound database"));
    return -1;
}

/**
 * virOvnNbNetworkSelectSwitch:
 * Reads the logical switch of @net (_uuid, other_config, external_ids).
 * Returns 1 with *@row (a new reference), 0 when there is none, -1 with
 * an error reported.
 */
static int
virOvnNbNetworkSelectSwitch(virOvsdbConn *conn, const virOvnNbNetwork *net,
                            JsonObject **row)
{
    return virOvnNbSelectOne(conn, virOvsdbSelectOp(LS, virOvsdbNamed(net->lswitch), "_uuid",
                                                    "other_config", "external_ids",
                                                    VIR_OVSDB_END_NAMES),
                             row);
}

/**
 * virOvnNbNetworkWaitColumn:
 * An assertion that the switch @uuid's @column is still @value (copied).
 */
static JsonNode *
virOvnNbNetworkWaitColumn(const char *uuid, const char *column, JsonNode *value)
{
    return virOvsdbWaitOp(LS, virOvsdbArr(virOvsdbCond("_uuid", "==", virOvsdbUUID(uuid, false)),
                                          VIR_OVSDB_END_NODES),
                          column, "==", virOvsdbOneRow(column, json_node_copy(value)), 0);
}

/**
 * virOvnNbNetworkMutate:
 * A "mutate" of the switch @uuid: @column @mutator @value.
 */
static JsonNode *
virOvnNbNetworkMutate(const char *uuid, const char *column, const char *mutator,
                      JsonNode *value)
{
    return virOvsdbObj("op", virOvsdbStr("mutate"),
                       "table", virOvsdbStr(LS),
                       "where", virOvsdbArr(virOvsdbCond("_uuid", "==",
                                                         virOvsdbUUID(uuid, false)),
                                            VIR_OVSDB_END_NODES),
                       "mutations", virOvsdbArr(
                           virOvsdbArr(virOvsdbStr(column), virOvsdbStr(mutator), value,
                                       VIR_OVSDB_END_NODES),
                           VIR_OVSDB_END_NODES),
                       VIR_OVSDB_END_NAMES);
}

/**
 * virOvnNbNetworkRun:
 * Runs the transaction @req (taken).  Returns 1 when it was applied, 0
 * when its first operation (the assertion) failed: the rows changed
 * since they were read; -1 with an error reported (@what names the
 * change in it).
 */
static int
virOvnNbNetworkRun(virOvsdbConn *conn, JsonNode *req, const char *what)
{
    g_autoptr(JsonNode) owned = req;
    g_autoptr(JsonNode) result = NULL;
    g_autofree char *opError = NULL;
    gssize failedOp;

    if ((result = virOvsdbTransact(conn, owned, &failedOp, &opError)))
        return 1;
    if (failedOp == 0)
        return 0;
    if (failedOp > 0)
        virReportError(VIR_ERR_OPERATION_FAILED, _("cannot %1$s: %2$s"), what, opError);
    return -1;
}

/**
 * virOvnNbNetworkCreateSwitch:
 * Creates @net's switch (absent when read), with its IPAM subnet.
 * Returns 1, 0 (someone created it meanwhile) or -1.
 */
static int
virOvnNbNetworkCreateSwitch(virOvsdbConn *conn, const virOvnNbNetwork *net)
{
    g_autofree char *key = virOvnNbNetworkSubnetKey(net);
    g_autofree char *comment = g_strdup_printf("libvirt-networkd: create logical switch %s for network %s",
                                               net->lswitch, net->network);
    g_autofree char *what = g_strdup_printf(_("create logical switch '%s'"), net->lswitch);
    const char *ids[] = { VIR_OVN_NB_KEY_CREATED, net->host,
                          key, net->subnet, NULL };
    const char *config[] = { "subnet", net->subnet, "exclude_ips", net->excludeIps, NULL };

    return virOvnNbNetworkRun(conn, virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvsdbAbsentOp(LS, net->lswitch),
        virOvsdbObj("op", virOvsdbStr("insert"),
                    "table", virOvsdbStr(LS),
                    "row", virOvsdbObj("name", virOvsdbStr(net->lswitch),
                                       "external_ids", virOvsdbMap(ids),
                                       "other_config", virOvsdbMap(net->subnet ? config : &config[4]),
                                       VIR_OVSDB_END_NAMES),
                    VIR_OVSDB_END_NAMES),
        virOvsdbCommentOp(comment),
        VIR_OVSDB_END_NODES), what);
}

/**
 * virOvnNbNetworkCheckConfig:
 * Refuses a switch whose other_config @key holds a value other than
 * @value (the administrator's, or another network's).  Returns 0 or -1.
 */
static int
virOvnNbNetworkCheckConfig(const virOvnNbNetwork *net, JsonNode *config,
                           const char *key, const char *value)
{
    const char *has = virOvsdbMapGet(config, key);

    if (!has || g_strcmp0(has, value) == 0)
        return 0;
    virReportError(VIR_ERR_OPERATION_INVALID,
                   _("logical switch '%1$s' has other_config:%2$s '%3$s', the network's is '%4$s'"),
                   net->lswitch, key, has, value ? value : "");
    return -1;
}

/**
 * virOvnNbNetworkUseSwitch:
 * Sets @net's IPAM subnet on its existing switch @row (refusing other
 * values) and records that @net's host uses it.  Returns 1, 0 (the row
 * changed since it was read) or -1.
 */
static int
virOvnNbNetworkUseSwitch(virOvsdbConn *conn, const virOvnNbNetwork *net, JsonObject *row)
{
    const char *uuid = virOvsdbUUIDAtom(json_object_get_member(row, "_uuid"));
    JsonNode *config = json_object_get_member(row, "other_config");
    JsonNode *ids = json_object_get_member(row, "external_ids");
    g_autofree char *key = virOvnNbNetworkSubnetKey(net);
    g_autofree char *what = g_strdup_printf(_("set the subnet of logical switch '%s'"),
                                            net->lswitch);
    const char *mine[] = { key, net->subnet, NULL };
    const char *values[] = { "subnet", net->subnet, "exclude_ips", net->excludeIps, NULL };

    if (!net->subnet)
        return 1;
    if (virOvnNbNetworkCheckConfig(net, config, "subnet", net->subnet) < 0 ||
        virOvnNbNetworkCheckConfig(net, config, "exclude_ips", net->excludeIps) < 0)
        return -1;
    return virOvnNbNetworkRun(conn, virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvnNbNetworkWaitColumn(uuid, "other_config", config),
        virOvnNbNetworkWaitColumn(uuid, "external_ids", ids),
        virOvnNbNetworkMutate(uuid, "other_config", "insert", virOvsdbMap(values)),
        virOvnNbNetworkMutate(uuid, "external_ids", "insert", virOvsdbMap(mine)),
        VIR_OVSDB_END_NODES), what);
}

/**
 * virOvnNbNetworkSwitchStart:
 * Makes sure @net's switch exists (created when asked) with its subnet.
 * Returns 0, or -1 with an error reported.
 */
static int
virOvnNbNetworkSwitchStart(virOvsdbConn *conn, const virOvnNbNetwork *net)
{
    size_t try;
    int rc;

    for (try = 0; try < VIR_OVN_NB_NET_TRIES; try++) {
        g_autoptr(JsonObject) row = NULL;

        if ((rc = virOvnNbNetworkSelectSwitch(conn, net, &row)) < 0)
            return -1;
        if (rc == 0 && !net->create) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("no logical switch '%1$s' in the OVN northbound database (<ovn:switch create='yes'/> creates it)"),
                           net->lswitch);
            return -1;
        }
        rc = rc == 0 ? virOvnNbNetworkCreateSwitch(conn, net)
                     : virOvnNbNetworkUseSwitch(conn, net, row);
        if (rc != 0)
            return rc < 0 ? -1 : 0;
    }
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("logical switch '%1$s' kept changing; try again"), net->lswitch);
    return -1;
}

/**
 * virOvnNbNetworkMarkers:
 * The "where" of @net's host's DHCP_Options rows.
 */
static JsonNode *
virOvnNbNetworkMarkers(const virOvnNbNetwork *net)
{
    const char *marks[] = { VIR_OVN_NB_KEY_NETWORK, net->network,
                            VIR_OVN_NB_KEY_HOST, net->host, NULL };

    return virOvsdbArr(virOvsdbCond("external_ids", "includes", virOvsdbMap(marks)),
                       VIR_OVSDB_END_NODES);
}

/**
 * virOvnNbNetworkDhcpRow:
 * The columns of @net's DHCP_Options row.
 */
static JsonNode *
virOvnNbNetworkDhcpRow(const virOvnNbNetwork *net, bool withIds)
{
    const char *options[] = { "lease_time", net->leaseTime, "mtu", net->mtu,
                              "router", net->router, "server_id", net->serverId,
                              "server_mac", net->serverMac, NULL };
    const char *marks[] = { VIR_OVN_NB_KEY_HOST, net->host,
                            VIR_OVN_NB_KEY_NETWORK, net->network, NULL };
    JsonNode *row = virOvsdbObj("cidr", virOvsdbStr(net->cidr),
                                "options", virOvsdbMap(options),
                                VIR_OVSDB_END_NAMES);

    if (withIds)
        json_object_set_member(json_node_get_object(row), "external_ids", virOvsdbMap(marks));
    return row;
}

/**
 * virOvnNbNetworkDhcpStart:
 * Writes @net's host's DHCP_Options row: the one it has (a restart),
 * updated, else a new one; extra rows of its own are deleted.  Returns 0
 * with *@uuid (caller frees), or -1 with an error reported.
 */
static int
virOvnNbNetworkDhcpStart(virOvsdbConn *conn, const virOvnNbNetwork *net, char **uuid)
{
    g_autoptr(JsonNode) sel = virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvsdbSelectOp(DHCP, virOvnNbNetworkMarkers(net), "_uuid", VIR_OVSDB_END_NAMES),
        VIR_OVSDB_END_NODES);
    g_autoptr(JsonNode) result = NULL;
    g_autoptr(JsonNode) req = NULL;
    g_autofree char *comment = g_strdup_printf("libvirt-networkd: DHCP of network %s on %s",
                                               net->network, net->host);
    g_autofree char *first = NULL;
    JsonArray *rows;
    JsonArray *ops;
    JsonObject *reply;
    gssize failedOp;
    guint i;

    if (!(result = virOvsdbTransact(conn, sel, &failedOp, NULL)))
        return -1;
    if (!(rows = virOvsdbRows(result, 0)))
        return virOvnNbMalformed();
    req = virOvsdbTransactParams(VIR_OVN_NB_DB_NAME, virOvsdbCommentOp(comment),
                                 VIR_OVSDB_END_NODES);
    ops = json_node_get_array(req);
    for (i = 0; i < json_array_get_length(rows); i++) {
        JsonObject *row = virOvsdbRowGet(rows, i);
        const char *id = row ? virOvsdbUUIDAtom(json_object_get_member(row, "_uuid")) : NULL;
        JsonNode *where;

        if (!id)
            return virOvnNbMalformed();
        where = virOvsdbArr(virOvsdbCond("_uuid", "==", virOvsdbUUID(id, false)),
                            VIR_OVSDB_END_NODES);
        if (!first) {
            first = g_strdup(id);
            json_array_add_element(ops, virOvsdbObj("op", virOvsdbStr("update"),
                                                    "table", virOvsdbStr(DHCP),
                                                    "where", where,
                                                    "row", virOvnNbNetworkDhcpRow(net, false),
                                                    VIR_OVSDB_END_NAMES));
        } else {
            json_array_add_element(ops, virOvsdbObj("op", virOvsdbStr("delete"),
                                                    "table", virOvsdbStr(DHCP),
                                                    "where", where, VIR_OVSDB_END_NAMES));
        }
    }
    if (!first)
        json_array_add_element(ops, virOvsdbObj("op", virOvsdbStr("insert"),
                                                "table", virOvsdbStr(DHCP),
                                                "row", virOvnNbNetworkDhcpRow(net, true),
                                                VIR_OVSDB_END_NAMES));
    g_clear_pointer(&result, json_node_unref);
    if (!(result = virOvsdbTransact(conn, req, &failedOp, NULL)))
        return -1;
    if (first) {
        *uuid = g_steal_pointer(&first);
        return 0;
    }
    /* [comment, insert]: the insert's result is {"uuid": ["uuid", ...]} */
    reply = json_node_get_array(result) && json_array_get_length(json_node_get_array(result)) > 1 &&
            JSON_NODE_HOLDS_OBJECT(json_array_get_element(json_node_get_array(result), 1)) ?
            json_array_get_object_element(json_node_get_array(result), 1) : NULL;
    if (!reply || !virOvsdbUUIDAtom(json_object_get_member(reply, "uuid")))
        return virOvnNbMalformed();
    *uuid = g_strdup(virOvsdbUUIDAtom(json_object_get_member(reply, "uuid")));
    return 0;
}

/**
 * virOvnNbNetworkStart:
 * @db: the northbound database
 * @net: the network (validated here)
 * @dhcpOptions: set to the UUID of its DHCP_Options row (caller frees),
 *               NULL when @net has no DHCP
 *
 * Makes @net's switch ready for its ports: the switch exists (created
 * when absent and asked to), its IPAM subnet is set, this host's
 * DHCP_Options row holds @net's options.  Idempotent: a daemon that
 * restarts calls it again.  Returns 0, or -1 with an error reported (the
 * subnet marker it may have added stays until virOvnNbNetworkStop).
 */
int
virOvnNbNetworkStart(const virOvnNbDb *db, const virOvnNbNetwork *net, char **dhcpOptions)
{
    virOvsdbConn conn = { .fd = -1 };
    int ret = -1;

    *dhcpOptions = NULL;
    if (virOvnNbNetworkValidate(net) < 0 || virOvnNbOpen(&conn, db) < 0)
        return -1;
    if (virOvnNbNetworkSwitchStart(&conn, net) < 0 ||
        (net->cidr && virOvnNbNetworkDhcpStart(&conn, net, dhcpOptions) < 0))
        goto cleanup;
    ret = 0;
 cleanup:
    virOvsdbConnClose(&conn);
    return ret;
}

/**
 * virOvnNbNetworkOthersUseSubnet:
 * Whether the switch's external_ids @ids hold a subnet key other than
 * @key (another host or network uses the subnet).
 */
static bool
virOvnNbNetworkOthersUseSubnet(JsonNode *ids, const char *key)
{
    g_autoptr(GPtrArray) keys = virOvsdbMapKeys(ids);
    guint i;

    for (i = 0; i < keys->len; i++) {
        const char *k = g_ptr_array_index(keys, i);

        if (g_str_has_prefix(k, VIR_OVN_NB_KEY_SUBNET_PREFIX) && strcmp(k, key) != 0)
            return true;
    }
    return false;
}

/**
 * virOvnNbNetworkSwitchStop:
 * Drops @net's host's subnet key from the switch, and the subnet with
 * the last key (when it is still @net's).  Returns 1, 0 (changed since
 * read) or -1.
 */
static int
virOvnNbNetworkSwitchStopOnce(virOvsdbConn *conn, const virOvnNbNetwork *net)
{
    g_autoptr(JsonObject) row = NULL;
    g_autofree char *key = virOvnNbNetworkSubnetKey(net);
    g_autofree char *what = g_strdup_printf(_("release the subnet of logical switch '%s'"),
                                            net->lswitch);
    JsonNode *ids;
    JsonNode *config;
    JsonNode *req;
    const char *uuid;
    int rc;

    if ((rc = virOvnNbNetworkSelectSwitch(conn, net, &row)) <= 0)
        return rc < 0 ? -1 : 1;
    ids = json_object_get_member(row, "external_ids");
    config = json_object_get_member(row, "other_config");
    uuid = virOvsdbUUIDAtom(json_object_get_member(row, "_uuid"));
    if (!virOvsdbMapGet(ids, key))
        return 1;
    req = virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvnNbNetworkWaitColumn(uuid, "external_ids", ids),
        virOvnNbNetworkMutate(uuid, "external_ids", "delete",
                              virOvsdbArr(virOvsdbStr("set"),
                                          virOvsdbArr(virOvsdbStr(key), VIR_OVSDB_END_NODES),
                                          VIR_OVSDB_END_NODES)),
        VIR_OVSDB_END_NODES);
    /* the last user of the subnet takes it away, if it is still its own */
    if (!virOvnNbNetworkOthersUseSubnet(ids, key) &&
        g_strcmp0(virOvsdbMapGet(config, "subnet"), virOvsdbMapGet(ids, key)) == 0) {
        const char *drop[] = { "subnet", virOvsdbMapGet(config, "subnet"),
                               "exclude_ips", virOvsdbMapGet(config, "exclude_ips"), NULL };

        json_array_add_element(json_node_get_array(req),
                               virOvnNbNetworkWaitColumn(uuid, "other_config", config));
        /* a map "delete" with a map removes the pairs that match */
        json_array_add_element(json_node_get_array(req),
                               virOvnNbNetworkMutate(uuid, "other_config", "delete",
                                                     virOvsdbMap(drop)));
    }
    return virOvnNbNetworkRun(conn, req, what);
}

/**
 * virOvnNbNetworkStop:
 * @db: the northbound database
 * @net: the network (validated here)
 *
 * Undoes what virOvnNbNetworkStart() made for @net's host: deletes its
 * DHCP_Options rows, drops its subnet key from the switch and, with the
 * last key, the subnet.  The switch itself stays.  Goes on after a
 * failure; returns 0, or -1 with the first error reported.
 */
int
virOvnNbNetworkStop(const virOvnNbDb *db, const virOvnNbNetwork *net)
{
    virOvsdbConn conn = { .fd = -1 };
    g_autoptr(JsonNode) del = NULL;
    g_autoptr(JsonNode) result = NULL;
    g_autoptr(virError) first = NULL;
    gssize failedOp;
    size_t try;
    int rc = 0;

    if (virOvnNbNetworkValidate(net) < 0 || virOvnNbOpen(&conn, db) < 0)
        return -1;
    del = virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvsdbObj("op", virOvsdbStr("delete"),
                    "table", virOvsdbStr(DHCP),
                    "where", virOvnNbNetworkMarkers(net), VIR_OVSDB_END_NAMES),
        VIR_OVSDB_END_NODES);
    if (!(result = virOvsdbTransact(&conn, del, &failedOp, NULL)))
        first = virErrorSteal();
    for (try = 0; try < VIR_OVN_NB_NET_TRIES && rc == 0; try++)
        rc = virOvnNbNetworkSwitchStopOnce(&conn, net);
    if (rc == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("logical switch '%1$s' kept changing; try again"), net->lswitch);
        rc = -1;
    }
    if (rc < 0 && !first)
        first = virErrorSteal();
    virOvsdbConnClose(&conn);
    if (first) {
        virErrorSetLast(first);
        return -1;
    }
    return 0;
}
