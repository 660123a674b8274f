/*
 * virovnnb.c: logical switch ports in OVN's northbound database, with an
 * owner
 *
 * See virovnnb.h for the ownership markers.  Binding reads the row, decides
 * (refuse, create, claim), then writes in one transaction that first
 * asserts the row is still what was read: the decision cannot be
 * overtaken by another host's daemon or an admin in between.
 */
#include "virovnnb.h"

#include <string.h>

#include "virerror.h"
#include "virnetdevopenvswitch.h"
#include "virovsdb.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

#define LSP "Logical_Switch_Port"
#define LS "Logical_Switch"

/* What unbinding undoes (libvirt-networkd-binding). */
#define BINDING_CREATED "created"
#define BINDING_CLAIMED "claimed"
#define BINDING_BOUND "bound"

/**
 * virOvnNbPortInfoFree:
 * Frees @info.  Accepts NULL.
 */
void
virOvnNbPortInfoFree(virOvnNbPortInfo *info)
{
    if (!info)
        return;
    g_free(info->name);
    g_free(info->owner);
    g_free(info->binding);
    g_free(info);
}

/**
 * virOvnNbBindingValidate:
 * Every string of @b through the OVSDB value gate (names: iface-id rules;
 * mac, owner, host: their own).  Returns 0, or -1 with an error reported.
 */
int
virOvnNbBindingValidate(const virOvnNbBinding *b)
{
    if (virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, b->name) < 0 ||
        (b->lswitch &&
         virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, b->lswitch) < 0) ||
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_MAC, b->mac) < 0 ||
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_UUID, b->owner) < 0 ||
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, b->host) < 0 ||
        (b->addresses &&
         virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES,
                                        b->addresses) < 0) ||
        (b->dhcpv4Options &&
         virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_UUID, b->dhcpv4Options) < 0))
        return -1;
    return 0;
}

/**
 * virOvnNbOpen:
 * See virovnnb.h.
 */
int
virOvnNbOpen(virOvsdbConn *conn, const virOvnNbDb *db)
{
    if (!db->socketPath) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       _("no OVN northbound database is configured"));
        return -1;
    }
    if (virOvsdbConnOpen(conn, db->socketPath, db->timeoutMs) < 0) {
        g_autofree char *msg = g_strdup(virGetLastErrorMessage());

        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("OVN northbound database unreachable: %1$s"), msg);
        return -1;
    }
    return 0;
}

/**
 * virOvnNbSelectOne:
 * See virovnnb.h.
 */
int
virOvnNbSelectOne(virOvsdbConn *conn, JsonNode *select, JsonObject **row)
{
    g_autoptr(JsonNode) req = virOvsdbTransactParams(VIR_OVN_NB_DB_NAME, select,
                                                     VIR_OVSDB_END_NODES);
    g_autoptr(JsonNode) result = NULL;
    JsonArray *rows;
    gssize failedOp;

    *row = NULL;
    if (!(result = virOvsdbTransact(conn, req, &failedOp, NULL)))
        return -1;
    if (!(rows = virOvsdbRows(result, 0))) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("malformed reply from the OVN northbound database"));
        return -1;
    }
    if (json_array_get_length(rows) == 0)
        return 0;
    if (!(*row = virOvsdbRowGet(rows, 0)) ||
        !virOvsdbUUIDAtom(json_object_get_member(*row, "_uuid"))) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("malformed reply from the OVN northbound database"));
        *row = NULL;
        return -1;
    }
    json_object_ref(*row);
    return 1;
}

/**
 * virOvnNbSelectPort:
 * Reads the Logical_Switch_Port named @name (_uuid, type, external_ids).
 * Returns 1 with *@row (a new reference) set, 0 when there is none, -1
 * with an error reported.
 */
static int
virOvnNbSelectPort(virOvsdbConn *conn, const char *name, JsonObject **row)
{
    return virOvnNbSelectOne(conn, virOvsdbSelectOp(LSP, virOvsdbNamed(name), "_uuid", "type",
                                                    "external_ids", VIR_OVSDB_END_NAMES),
                             row);
}

/**
 * virOvnNbMutateOp:
 * A "mutate" of the @table rows matching the one condition @cond:
 * @column @mutator ("insert", "delete") @value.
 */
static JsonNode *
virOvnNbMutateOp(const char *table, JsonNode *cond, const char *column,
                 const char *mutator, JsonNode *value)
{
    return virOvsdbObj("op", virOvsdbStr("mutate"),
                       "table", virOvsdbStr(table),
                       "where", virOvsdbArr(cond, VIR_OVSDB_END_NODES),
                       "mutations", virOvsdbArr(
                           virOvsdbArr(virOvsdbStr(column), virOvsdbStr(mutator), value,
                                       VIR_OVSDB_END_NODES),
                           VIR_OVSDB_END_NODES),
                       VIR_OVSDB_END_NAMES);
}

/**
 * virOvnNbCreateRequest:
 * The transaction that creates @b's port on @b->lswitch with its owner:
 * no port of that name, the switch exists, insert, link.  Its addresses
 * are @b->addresses (the MAC when NULL), its port security the MAC.
 */
static JsonNode *
virOvnNbCreateRequest(const virOvnNbBinding *b, const char *uid)
{
    const char *ids[] = {
        VIR_OVN_NB_KEY_BINDING, BINDING_CREATED,
        VIR_OVN_NB_KEY_HOST, b->host,
        VIR_OVN_NB_KEY_OWNER_UID, uid,
        VIR_OVN_NB_KEY_PORT, b->owner,
        NULL };
    g_autofree char *comment = g_strdup_printf("libvirt-networkd: create logical port %s for uid %s",
                                               b->name, uid);
    JsonNode *row = virOvsdbObj("name", virOvsdbStr(b->name),
                                "addresses", virOvsdbStr(b->addresses ? b->addresses : b->mac),
                                "port_security", virOvsdbStr(b->mac),
                                "external_ids", virOvsdbMap(ids),
                                VIR_OVSDB_END_NAMES);

    /* OVN's DHCP answers the port from this row (an OVN network's) */
    if (b->dhcpv4Options)
        json_object_set_member(json_node_get_object(row), "dhcpv4_options",
                               virOvsdbUUID(b->dhcpv4Options, false));
    return virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvsdbAbsentOp(LSP, b->name),
        virOvsdbWaitOp(LS, virOvsdbNamed(b->lswitch), "name", "==",
                       virOvsdbOneRow("name", virOvsdbStr(b->lswitch)), 0),
        virOvsdbObj("op", virOvsdbStr("insert"),
                    "table", virOvsdbStr(LSP),
                    "row", row,
                    "uuid-name", virOvsdbStr("lsp"),
                    VIR_OVSDB_END_NAMES),
        virOvnNbMutateOp(LS, virOvsdbCond("name", "==", virOvsdbStr(b->lswitch)),
                         "ports", "insert", virOvsdbUUID("lsp", true)),
        virOvsdbCommentOp(comment),
        VIR_OVSDB_END_NODES);
}

/**
 * virOvnNbClaimRequest:
 * The transaction that marks the existing port @uuid (whose external_ids
 * must still be @ids, as read) bound by @b.
 */
static JsonNode *
virOvnNbClaimRequest(const virOvnNbBinding *b, const char *uuid, JsonNode *ids,
                     const char *binding, const char *uid)
{
    const char *marks[] = {
        VIR_OVN_NB_KEY_BINDING, binding,
        VIR_OVN_NB_KEY_HOST, b->host,
        VIR_OVN_NB_KEY_OWNER_UID, uid,
        VIR_OVN_NB_KEY_PORT, b->owner,
        NULL };
    g_autofree char *comment = g_strdup_printf("libvirt-networkd: bind logical port %s for uid %s",
                                               b->name, uid);
    JsonNode *where = virOvsdbArr(virOvsdbCond("_uuid", "==", virOvsdbUUID(uuid, false)),
                                  VIR_OVSDB_END_NODES);

    return virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvsdbWaitOp(LSP, where, "external_ids", "==",
                       virOvsdbOneRow("external_ids", json_node_copy(ids)), 0),
        virOvnNbMutateOp(LSP, virOvsdbCond("_uuid", "==", virOvsdbUUID(uuid, false)),
                         "external_ids", "insert", virOvsdbMap(marks)),
        virOvsdbCommentOp(comment),
        VIR_OVSDB_END_NODES);
}

/**
 * virOvnNbBindExisting:
 * Decides about the existing row @row for @b: refuses a row owned by
 * another uid, one bound already, one of a special type; else claims it.
 * Returns 0, or -1 with an error reported.
 */
static int
virOvnNbBindExisting(virOvsdbConn *conn, const virOvnNbBinding *b,
                     JsonObject *row, const char *uid)
{
    JsonNode *ids = json_object_get_member(row, "external_ids");
    const char *type = virOvsdbString(json_object_get_member(row, "type"));
    const char *owner = virOvsdbMapGet(ids, VIR_OVN_NB_KEY_OWNER_UID);
    const char *bound = virOvsdbMapGet(ids, VIR_OVN_NB_KEY_PORT);
    g_autoptr(JsonNode) req = NULL;
    g_autoptr(JsonNode) result = NULL;
    g_autofree char *opError = NULL;
    gssize failedOp;

    if (owner && strcmp(owner, uid) != 0) {
        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("logical switch port '%1$s' belongs to uid %2$s, not to uid %3$s"),
                       b->name, owner, uid);
        return -1;
    }
    if (bound) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("logical switch port '%1$s' is bound already (port %2$s)"),
                       b->name, bound);
        return -1;
    }
    if (type && *type) {
        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("logical switch port '%1$s' is of type '%2$s', not a VM port"),
                       b->name, type);
        return -1;
    }
    req = virOvnNbClaimRequest(b, virOvsdbUUIDAtom(json_object_get_member(row, "_uuid")),
                               json_object_get_member(row, "external_ids"),
                               owner ? BINDING_BOUND : BINDING_CLAIMED, uid);
    if (!(result = virOvsdbTransact(conn, req, &failedOp, &opError))) {
        if (failedOp == 0)
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("logical switch port '%1$s' changed while it was bound; try again"),
                           b->name);
        else if (failedOp > 0)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("cannot bind logical switch port '%1$s': %2$s"), b->name, opError);
        return -1;
    }
    return 0;
}

/**
 * virOvnNbCreate:
 * Creates @b's port on @b->lswitch for @uid (the create transaction).
 * Returns 1 when created, 0 when a port of that name exists (nothing
 * written), -1 with an error reported (no such switch, or OVSDB failed).
 */
static int
virOvnNbCreate(virOvsdbConn *conn, const virOvnNbBinding *b, const char *uid)
{
    g_autoptr(JsonNode) req = virOvnNbCreateRequest(b, uid);
    g_autoptr(JsonNode) result = NULL;
    g_autofree char *opError = NULL;
    gssize failedOp;

    if ((result = virOvsdbTransact(conn, req, &failedOp, &opError)))
        return 1;
    if (failedOp == 0)
        return 0;
    if (failedOp == 1)
        virReportError(VIR_ERR_INVALID_ARG,
                       _("no logical switch '%1$s' in the OVN northbound database"),
                       b->lswitch);
    else if (failedOp > 1)
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot create logical switch port '%1$s': %2$s"), b->name, opError);
    return -1;
}

/**
 * virOvnNbPortBind:
 * @db: the northbound database
 * @b: the binding (validated here)
 * @created: set to whether the row was created for it
 *
 * Makes @b->name the caller's bound logical switch port: refused when
 * another uid owns it (VIR_ERR_OPERATION_DENIED), when a port is bound to
 * it already, or when it is a router/localnet/... port; created on
 * @b->lswitch with the MAC as address and port security when it does
 * not exist (without @b->lswitch: VIR_ERR_NO_NETWORK_PORT).  Nothing is
 * written when it fails.
 *
 * Returns 0, or -1 with an error reported.
 */
int
virOvnNbPortBind(const virOvnNbDb *db, const virOvnNbBinding *b, bool *created)
{
    virOvsdbConn conn = { .fd = -1 };
    g_autoptr(JsonObject) row = NULL;
    g_autofree char *uid = g_strdup_printf("%u", (unsigned int)b->uid);
    int ret = -1;
    int rc;

    *created = false;
    if (virOvnNbBindingValidate(b) < 0 || virOvnNbOpen(&conn, db) < 0)
        return -1;
    /* with a switch to create it on, the create comes first (its first
     * operation asserts that no port has the name): a new port costs one
     * round trip, an existing one the select after it */
    if (b->lswitch && (rc = virOvnNbCreate(&conn, b, uid)) != 0) {
        *created = rc > 0;
        ret = rc > 0 ? 0 : -1;
        goto cleanup;
    }
    if ((rc = virOvnNbSelectPort(&conn, b->name, &row)) < 0)
        goto cleanup;
    if (rc > 0) {
        ret = virOvnNbBindExisting(&conn, b, row, uid);
        goto cleanup;
    }
    if (!b->lswitch)
        virReportError(VIR_ERR_NO_NETWORK_PORT,
                       _("logical switch port '%1$s' does not exist (name a logical switch to create it on)"),
                       b->name);
    else
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("logical switch port '%1$s' changed while it was bound; try again"),
                       b->name);

 cleanup:
    virOvsdbConnClose(&conn);
    return ret;
}

/**
 * virOvnNbUnbindOnConn:
 * virOvnNbPortUnbind() on an open connection.
 */
static int
virOvnNbUnbindOnConn(virOvsdbConn *conn, const char *name, const char *owner)
{
    const char *marker[] = { VIR_OVN_NB_KEY_PORT, owner, NULL };
    g_autoptr(JsonObject) row = NULL;
    g_autoptr(JsonNode) req = NULL;
    g_autoptr(JsonNode) result = NULL;
    g_autofree char *opError = NULL;
    g_autofree char *comment = NULL;
    JsonNode *ids;
    JsonNode *drop;
    JsonNode *ours;
    const char *binding;
    const char *uuid;
    gssize failedOp;
    int rc;

    if ((rc = virOvnNbSelectPort(conn, name, &row)) <= 0)
        return rc;
    ids = json_object_get_member(row, "external_ids");
    if (g_strcmp0(virOvsdbMapGet(ids, VIR_OVN_NB_KEY_PORT), owner) != 0)
        return 0;   /* not bound by that port: not ours to touch */
    binding = virOvsdbMapGet(ids, VIR_OVN_NB_KEY_BINDING);
    uuid = virOvsdbUUIDAtom(json_object_get_member(row, "_uuid"));
    ours = virOvsdbArr(virOvsdbCond("_uuid", "==", virOvsdbUUID(uuid, false)),
                       virOvsdbCond("external_ids", "includes", virOvsdbMap(marker)),
                       VIR_OVSDB_END_NODES);
    comment = g_strdup_printf("libvirt-networkd: unbind logical port %s", name);

    if (g_strcmp0(binding, BINDING_CREATED) == 0) {
        /* out of its switch: a non-root row goes with it */
        drop = virOvnNbMutateOp(LS, virOvsdbCond("ports", "includes", virOvsdbUUID(uuid, false)),
                                "ports", "delete", virOvsdbUUID(uuid, false));
    } else {
        JsonNode *keys = virOvsdbArr(virOvsdbStr(VIR_OVN_NB_KEY_BINDING),
                                     virOvsdbStr(VIR_OVN_NB_KEY_HOST),
                                     virOvsdbStr(VIR_OVN_NB_KEY_PORT), VIR_OVSDB_END_NODES);

        if (g_strcmp0(binding, BINDING_CLAIMED) == 0)
            json_array_add_string_element(json_node_get_array(keys), VIR_OVN_NB_KEY_OWNER_UID);
        drop = virOvnNbMutateOp(LSP, virOvsdbCond("_uuid", "==", virOvsdbUUID(uuid, false)),
                                "external_ids", "delete",
                                virOvsdbArr(virOvsdbStr("set"), keys, VIR_OVSDB_END_NODES));
    }
    req = virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvsdbWaitOp(LSP, ours, "name", "==", virOvsdbOneRow("name", virOvsdbStr(name)), 0),
        drop,
        virOvsdbCommentOp(comment),
        VIR_OVSDB_END_NODES);
    if (!(result = virOvsdbTransact(conn, req, &failedOp, &opError))) {
        if (failedOp == 0)
            return 0;   /* changed since it was read: no longer ours */
        if (failedOp > 0)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("cannot unbind logical switch port '%1$s': %2$s"), name, opError);
        return -1;
    }
    return 1;
}

/**
 * virOvnNbPortUnbind:
 * @db: the northbound database
 * @name: the logical switch port
 * @owner: the daemon's port UUID that bound it
 *
 * Undoes the binding of @owner, if @name still carries it: deletes the
 * row it created, or drops the markers (and the owner it claimed) from
 * a row it did not create.  A row bound by anyone else is left alone.
 *
 * Returns 1 when undone, 0 when there was no binding of @owner, -1 with
 * an error reported.
 */
int
virOvnNbPortUnbind(const virOvnNbDb *db, const char *name, const char *owner)
{
    virOvsdbConn conn = { .fd = -1 };
    int ret;

    if (virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, name) < 0 ||
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_UUID, owner) < 0 ||
        virOvnNbOpen(&conn, db) < 0)
        return -1;
    ret = virOvnNbUnbindOnConn(&conn, name, owner);
    virOvsdbConnClose(&conn);
    return ret;
}

/**
 * virOvnNbReconcile:
 * @db: the northbound database
 * @host: the daemon's host id
 * @keep: decides for each binding of @host
 * @opaque: passed to @keep
 * @nremoved: set to the number of bindings undone, or NULL
 *
 * After a restart: undoes every binding of @host that @keep refuses
 * (through the same checked transaction as virOvnNbPortUnbind).  Goes on
 * after a failure and reports the first.  Returns 0, or -1.
 */
int
virOvnNbReconcile(const virOvnNbDb *db, const char *host,
                  virOvnNbKeepFunc keep, void *opaque,
                  unsigned int *nremoved)
{
    const char *mine[] = { VIR_OVN_NB_KEY_HOST, host, NULL };
    virOvsdbConn conn = { .fd = -1 };
    g_autoptr(JsonNode) req = NULL;
    g_autoptr(JsonNode) result = NULL;
    g_autoptr(virError) first = NULL;
    unsigned int removed = 0;
    JsonArray *rows;
    gssize failedOp;
    guint i;
    int ret = -1;

    if (nremoved)
        *nremoved = 0;
    if (virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, host) < 0 ||
        virOvnNbOpen(&conn, db) < 0)
        return -1;
    req = virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvsdbSelectOp(LSP, virOvsdbArr(virOvsdbCond("external_ids", "includes",
                                                       virOvsdbMap(mine)),
                                          VIR_OVSDB_END_NODES),
                         "name", "external_ids", VIR_OVSDB_END_NAMES),
        VIR_OVSDB_END_NODES);
    if (!(result = virOvsdbTransact(&conn, req, &failedOp, NULL)))
        goto cleanup;
    if (!(rows = virOvsdbRows(result, 0))) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("malformed reply from the OVN northbound database"));
        goto cleanup;
    }
    for (i = 0; i < json_array_get_length(rows); i++) {
        JsonObject *row = virOvsdbRowGet(rows, i);
        g_autoptr(virOvnNbPortInfo) info = g_new0(virOvnNbPortInfo, 1);
        JsonNode *ids;
        int rc;

        if (!row)
            continue;
        ids = json_object_get_member(row, "external_ids");
        info->name = g_strdup(virOvsdbString(json_object_get_member(row, "name")));
        info->owner = g_strdup(virOvsdbMapGet(ids, VIR_OVN_NB_KEY_PORT));
        info->binding = g_strdup(virOvsdbMapGet(ids, VIR_OVN_NB_KEY_BINDING));
        /* rows whose values would not pass the gate are not ours */
        if (!info->name || !info->owner ||
            virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, info->name) < 0 ||
            virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_UUID, info->owner) < 0) {
            virResetLastError();
            continue;
        }
        if (keep(info, opaque))
            continue;
        if ((rc = virOvnNbUnbindOnConn(&conn, info->name, info->owner)) < 0) {
            if (!first)
                first = virErrorSteal();
            continue;
        }
        removed += rc;
    }
    if (nremoved)
        *nremoved = removed;
    if (first) {
        virErrorSetLast(first);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    virOvsdbConnClose(&conn);
    return ret;
}
