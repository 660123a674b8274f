/*
 * virnetdevopenvswitch.c: taps on Open vSwitch bridges, through OVSDB
 *
 * Theory of operation
 *
 * The daemon runs as root and ovsdb-server's socket accepts anything a
 * root process sends; an unprivileged caller must not be able to make it
 * write a row it did not ask for.  So:
 *
 *  - Every string a request carries passes virNetDevOpenvswitchValueCheck()
 *    first, and requests are built as JSON trees (json-glib), never as
 *    text: there is no command line or OVSDB syntax to escape, and the
 *    gate still refuses the characters ovs-vsctl, ovn-nbctl and admins'
 *    scripts would read as syntax, so the rows stay safe to handle by
 *    hand.
 *  - A change is one OVSDB transaction, whose first operations are
 *    "wait" operations with timeout 0: assertions on the current rows.
 *    Adding asserts that the bridge exists and that no Port or Interface
 *    has the tap's name; removing asserts that the Interface still
 *    carries our owner marker and that the Port still holds just it.  If
 *    an assertion fails, ovsdb-server applies nothing.
 *  - Port and Interface are non-root tables: taking the Port out of the
 *    bridge's "ports" deletes both rows (RFC 7047, garbage collection).
 *
 * The protocol client is virovsdb.c: one connection per operation here,
 * one deadline for the whole operation (connect, send, every read).
 */
#include "virnetdevopenvswitch.h"
#include "virerror.h"
#include "virnetdevname.h"
#include "virovsdb.h"

#include <net/if.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETDEV

#define OVS_DB_NAME "Open_vSwitch"

/* The operations of the add transaction whose failure has a meaning. */
enum {
    OVS_ADD_OP_NO_IFACE = 0,
    OVS_ADD_OP_NO_PORT,
    OVS_ADD_OP_BRIDGE,
};

int
virNetDevOpenvswitchPortValidate(const virNetDevOpenvswitchPort *port)
{
    if (virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, port->bridge) < 0 ||
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME, port->ifname) < 0 ||
        (port->ifaceId &&
         virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, port->ifaceId) < 0) ||
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_MAC, port->mac) < 0 ||
        (port->vmId &&
         virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_UUID, port->vmId) < 0) ||
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_UUID, port->owner) < 0)
        return -1;
    return 0;
}

/* ---- requests ---------------------------------------------------------- */

/**
 * virNetDevOpenvswitchCommentOp:
 * A comment naming the daemon, @what and @ifname (ovsdb-server keeps it
 * in its log and database file, so an admin sees who made a change).
 */
static JsonNode *
virNetDevOpenvswitchCommentOp(const char *what, const char *ifname)
{
    g_autofree char *text = g_strdup_printf("libvirt-networkd: %s %s", what, ifname);

    return virOvsdbCommentOp(text);
}

/**
 * virNetDevOpenvswitchConnOpen:
 * Connects @conn to @db (the default socket when it names none).
 * Returns 0 or -1 (error reported).
 */
static int
virNetDevOpenvswitchConnOpen(virOvsdbConn *conn, const virNetDevOpenvswitchDb *db)
{
    const char *path = db->socketPath ? db->socketPath : VIR_NETDEV_OPENVSWITCH_DB_SOCKET;

    return virOvsdbConnOpen(conn, path, db->timeoutMs);
}

/**
 * virNetDevOpenvswitchPortsOp:
 * A "mutate" of the Bridge rows matching @where: @mutator ("insert" or
 * "delete") the Port @port in their "ports".
 */
static JsonNode *
virNetDevOpenvswitchPortsOp(JsonNode *where, const char *mutator, JsonNode *port)
{
    return virOvsdbObj("op", virOvsdbStr("mutate"),
                       "table", virOvsdbStr("Bridge"),
                       "where", where,
                       "mutations", virOvsdbArr(virOvsdbCond("ports", mutator, port),
                                                VIR_OVSDB_END_NODES),
                       VIR_OVSDB_END_NAMES);
}

JsonNode *
virNetDevOpenvswitchPortAddRequest(const virNetDevOpenvswitchPort *port)
{
    const char *ifaceIds[] = {
        "attached-mac", port->mac,
        "iface-id", port->ifaceId,
        "iface-status", "active",
        VIR_NETDEV_OPENVSWITCH_OWNER_KEY, port->owner,
        "vm-id", port->vmId,
        NULL,
    };
    const char *portIds[] = { VIR_NETDEV_OPENVSWITCH_OWNER_KEY, port->owner, NULL };

    return virOvsdbTransactParams(OVS_DB_NAME,
        /* OVS_ADD_OP_NO_IFACE, OVS_ADD_OP_NO_PORT */
        virOvsdbAbsentOp("Interface", port->ifname),
        virOvsdbAbsentOp("Port", port->ifname),
        /* OVS_ADD_OP_BRIDGE: the bridge exists */
        virOvsdbWaitOp("Bridge", virOvsdbNamed(port->bridge), "name", "==",
                       virOvsdbOneRow("name", virOvsdbStr(port->bridge)),
                       0),
        /* the Interface: type "" (a system device, opened by name) */
        virOvsdbObj("op", virOvsdbStr("insert"),
                    "table", virOvsdbStr("Interface"),
                    "uuid-name", virOvsdbStr("iface"),
                    "row", virOvsdbObj("name", virOvsdbStr(port->ifname),
                                       "external_ids", virOvsdbMap(ifaceIds), VIR_OVSDB_END_NAMES),
                    VIR_OVSDB_END_NAMES),
        /* the Port holding it */
        virOvsdbObj("op", virOvsdbStr("insert"),
                    "table", virOvsdbStr("Port"),
                    "uuid-name", virOvsdbStr("port"),
                    "row", virOvsdbObj("name", virOvsdbStr(port->ifname),
                                       "interfaces", virOvsdbUUID("iface", true),
                                       "external_ids", virOvsdbMap(portIds), VIR_OVSDB_END_NAMES),
                    VIR_OVSDB_END_NAMES),
        /* linked into the bridge: only now are both rows kept */
        virNetDevOpenvswitchPortsOp(virOvsdbNamed(port->bridge), "insert",
                                    virOvsdbUUID("port", true)),
        virNetDevOpenvswitchCommentOp("add port", port->ifname),
        VIR_OVSDB_END_NODES);
}

JsonNode *
virNetDevOpenvswitchPortRemoveRequest(const char *ifname,
                                      const char *owner,
                                      const char *portUUID,
                                      const char *ifaceUUID)
{
    const char *marker[] = { VIR_NETDEV_OPENVSWITCH_OWNER_KEY, owner, NULL };
    JsonNode *ours = virOvsdbArr(
        virOvsdbCond("_uuid", "==", virOvsdbUUID(ifaceUUID, false)),
        virOvsdbCond("name", "==", virOvsdbStr(ifname)),
        virOvsdbCond("external_ids", "includes", virOvsdbMap(marker)),
        VIR_OVSDB_END_NODES);
    JsonNode *port = virOvsdbArr(
        virOvsdbCond("_uuid", "==", virOvsdbUUID(portUUID, false)), VIR_OVSDB_END_NODES);
    JsonNode *bridge = virOvsdbArr(
        virOvsdbCond("ports", "includes", virOvsdbUUID(portUUID, false)),
        VIR_OVSDB_END_NODES);

    return virOvsdbTransactParams(OVS_DB_NAME,
        /* the Interface is still ours */
        virOvsdbWaitOp("Interface", ours, "name", "==",
                       virOvsdbOneRow("name", virOvsdbStr(ifname)),
                       0),
        /* the Port still holds exactly that Interface */
        virOvsdbWaitOp("Port", port, "interfaces", "==",
                       virOvsdbOneRow("interfaces", virOvsdbUUID(ifaceUUID, false)), 0),
        /* out of its bridge: Port and Interface go with it */
        virNetDevOpenvswitchPortsOp(bridge, "delete", virOvsdbUUID(portUUID, false)),
        virNetDevOpenvswitchCommentOp("remove port", ifname),
        VIR_OVSDB_END_NODES);
}

/**
 * virNetDevOpenvswitchListRequest:
 * "transact" parameters reading every Interface (with its ids, ofport and
 * error), Port (its interfaces) and Bridge (its ports).
 */
static JsonNode *
virNetDevOpenvswitchListRequest(void)
{
    return virOvsdbTransactParams(OVS_DB_NAME,
        virOvsdbSelectOp("Interface", virOvsdbArrEmpty(),
                         "_uuid", "name", "external_ids", "ofport", "error", VIR_OVSDB_END_NAMES),
        virOvsdbSelectOp("Port", virOvsdbArrEmpty(),
                         "_uuid", "interfaces", VIR_OVSDB_END_NAMES),
        virOvsdbSelectOp("Bridge", virOvsdbArrEmpty(),
                         "name", "ports", VIR_OVSDB_END_NAMES),
        VIR_OVSDB_END_NODES);
}

/**
 * virNetDevOpenvswitchSelectNamedRequest:
 * "transact" parameters selecting the Interface named @ifname (_uuid,
 * external_ids) and the Port named @ifname (_uuid, interfaces).
 */
static JsonNode *
virNetDevOpenvswitchSelectNamedRequest(const char *ifname)
{
    return virOvsdbTransactParams(OVS_DB_NAME,
        virOvsdbSelectOp("Interface", virOvsdbNamed(ifname),
                         "_uuid", "external_ids", VIR_OVSDB_END_NAMES),
        virOvsdbSelectOp("Port", virOvsdbNamed(ifname),
                         "_uuid", "interfaces", VIR_OVSDB_END_NAMES),
        VIR_OVSDB_END_NODES);
}

/**
 * virNetDevOpenvswitchOfportRequest:
 * "transact" parameters that wait (server side, up to @timeoutMs) until
 * vswitchd has set the ofport of Interface @ifname, then read it and the
 * error column.
 */
static JsonNode *
virNetDevOpenvswitchOfportRequest(const char *ifname, unsigned int timeoutMs)
{
    JsonNode *unset = virOvsdbArr(virOvsdbStr("set"), virOvsdbArrEmpty(), VIR_OVSDB_END_NODES);

    return virOvsdbTransactParams(OVS_DB_NAME,
        virOvsdbWaitOp("Interface", virOvsdbNamed(ifname), "ofport", "!=",
                       virOvsdbOneRow("ofport", unset),
                       timeoutMs),
        virOvsdbSelectOp("Interface", virOvsdbNamed(ifname),
                         "ofport", "error", VIR_OVSDB_END_NAMES),
        VIR_OVSDB_END_NODES);
}

/* ---- the operations ---------------------------------------------------- */

void
virNetDevOpenvswitchPortInfoFree(virNetDevOpenvswitchPortInfo *info)
{
    if (!info)
        return;
    g_free(info->ifname);
    g_free(info->bridge);
    g_free(info->owner);
    g_free(info->ifaceId);
    g_free(info->mac);
    g_free(info->vmId);
    g_free(info->error);
    g_free(info);
}

/**
 * virNetDevOpenvswitchRemoveOnConn:
 * virNetDevOpenvswitchPortRemove() on an open connection: reads the
 * Interface and Port named @ifname, then removes the Port in a
 * transaction that first asserts both are unchanged.
 * Returns 1 (removed), 0 (no row of ours), -1 (error reported).
 */
static int
virNetDevOpenvswitchRemoveOnConn(virOvsdbConn *conn,
                                 const char *ifname,
                                 const char *owner)
{
    g_autoptr(JsonNode) selectReq = virNetDevOpenvswitchSelectNamedRequest(ifname);
    g_autoptr(JsonNode) selected = NULL;
    g_autoptr(JsonNode) removeReq = NULL;
    g_autoptr(JsonNode) removed = NULL;
    g_autofree char *opError = NULL;
    JsonArray *ifaces;
    JsonArray *ports;
    JsonObject *iface;
    JsonObject *port;
    const char *ifaceUUID;
    const char *portUUID;
    gssize failedOp;

    if (!(selected = virOvsdbTransact(conn, selectReq, &failedOp, NULL)))
        return -1;
    ifaces = virOvsdbRows(selected, 0);
    ports = virOvsdbRows(selected, 1);
    if (!ifaces || !ports || json_array_get_length(ifaces) != 1 ||
        json_array_get_length(ports) != 1)
        return 0;
    iface = virOvsdbRowGet(ifaces, 0);
    port = virOvsdbRowGet(ports, 0);
    if (!iface || !port ||
        g_strcmp0(virOvsdbMapGet(json_object_get_member(iface, "external_ids"),
                                 VIR_NETDEV_OPENVSWITCH_OWNER_KEY), owner) != 0)
        return 0;
    ifaceUUID = virOvsdbUUIDAtom(json_object_get_member(iface, "_uuid"));
    portUUID = virOvsdbUUIDAtom(json_object_get_member(port, "_uuid"));
    if (!ifaceUUID || !portUUID ||
        virOvsdbSetSize(json_object_get_member(port, "interfaces")) != 1 ||
        !virOvsdbSetContains(json_object_get_member(port, "interfaces"), ifaceUUID)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("OVS port '%1$s' holds other interfaces than its own; not removed"),
                       ifname);
        return -1;
    }

    removeReq = virNetDevOpenvswitchPortRemoveRequest(ifname, owner, portUUID, ifaceUUID);
    if (!(removed = virOvsdbTransact(conn, removeReq, &failedOp, &opError))) {
        if (failedOp == 0)
            return 0;   /* no longer ours since we read it: leave it */
        if (failedOp > 0)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("cannot remove OVS port '%1$s': %2$s"), ifname, opError);
        return -1;
    }
    return 1;
}

int
virNetDevOpenvswitchPortRemove(const virNetDevOpenvswitchDb *db,
                               const char *ifname,
                               const char *owner)
{
    virOvsdbConn conn = { .fd = -1 };
    int ret;

    if (virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME, ifname) < 0 ||
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_UUID, owner) < 0)
        return -1;
    if (virNetDevOpenvswitchConnOpen(&conn, db) < 0)
        return -1;
    ret = virNetDevOpenvswitchRemoveOnConn(&conn, ifname, owner);
    virOvsdbConnClose(&conn);
    return ret;
}

/**
 * virNetDevOpenvswitchAddFailed:
 * Reports why the add transaction failed at operation @failedOp.
 */
static void
virNetDevOpenvswitchAddFailed(const virNetDevOpenvswitchPort *port,
                              gssize failedOp,
                              const char *opError)
{
    switch (failedOp) {
    case OVS_ADD_OP_NO_IFACE:
    case OVS_ADD_OP_NO_PORT:
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("an OVS port or interface named '%1$s' exists already"),
                       port->ifname);
        return;
    case OVS_ADD_OP_BRIDGE:
        virReportError(VIR_ERR_OPERATION_INVALID, _("no OVS bridge '%1$s'"), port->bridge);
        return;
    default:
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot add '%1$s' to OVS bridge '%2$s': %3$s"),
                       port->ifname, port->bridge, opError);
        return;
    }
}

/**
 * virNetDevOpenvswitchAddWait:
 * After the rows are in: waits until vswitchd has opened the tap.
 * Returns the ofport (> 0), or -1 with an error reported.
 */
static int64_t
virNetDevOpenvswitchAddWait(virOvsdbConn *conn,
                            const virNetDevOpenvswitchPort *port)
{
    gint64 leftMs = (conn->deadline - g_get_monotonic_time()) / 1000;
    /* leave time for the reply to come back before our own deadline */
    unsigned int serverMs = leftMs > 400 ? leftMs - 200 : (leftMs > 0 ? leftMs / 2 : 0);
    g_autoptr(JsonNode) req = virNetDevOpenvswitchOfportRequest(port->ifname, serverMs);
    g_autoptr(JsonNode) result = NULL;
    g_autofree char *opError = NULL;
    JsonArray *rows;
    JsonObject *row;
    JsonNode *ofport;
    gssize failedOp;

    if (!(result = virOvsdbTransact(conn, req, &failedOp, &opError))) {
        if (failedOp == 0)
            virReportError(VIR_ERR_OPERATION_TIMEOUT,
                           _("ovs-vswitchd did not take '%1$s' into bridge '%2$s' within %3$u ms (is ovs-vswitchd running?)"),
                           port->ifname, port->bridge, conn->timeoutMs);
        else if (failedOp > 0)
            virReportError(VIR_ERR_OPERATION_FAILED, _("cannot read OVS interface '%1$s': %2$s"),
                           port->ifname, opError);
        return -1;
    }
    rows = virOvsdbRows(result, 1);
    if (!rows || json_array_get_length(rows) != 1 || !(row = virOvsdbRowGet(rows, 0))) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("OVS interface '%1$s' went away while it was added"), port->ifname);
        return -1;
    }
    ofport = json_object_get_member(row, "ofport");
    if (ofport && JSON_NODE_TYPE(ofport) == JSON_NODE_VALUE &&
        json_node_get_value_type(ofport) == G_TYPE_INT64 && json_node_get_int(ofport) > 0)
        return json_node_get_int(ofport);
    virReportError(VIR_ERR_OPERATION_FAILED, _("ovs-vswitchd cannot use '%1$s': %2$s"),
                   port->ifname,
                   virOvsdbString(json_object_get_member(row, "error")) ?: _("no OpenFlow port"));
    return -1;
}

int
virNetDevOpenvswitchPortAdd(const virNetDevOpenvswitchDb *db,
                            const virNetDevOpenvswitchPort *port,
                            int64_t *ofport)
{
    virOvsdbConn conn = { .fd = -1 };
    g_autoptr(JsonNode) req = NULL;
    g_autoptr(JsonNode) result = NULL;
    g_autofree char *opError = NULL;
    gssize failedOp;
    int64_t assigned;
    int ret = -1;

    if (virNetDevOpenvswitchPortValidate(port) < 0)
        return -1;
    if (virNetDevOpenvswitchConnOpen(&conn, db) < 0)
        return -1;
    req = virNetDevOpenvswitchPortAddRequest(port);
    if (!(result = virOvsdbTransact(&conn, req, &failedOp, &opError))) {
        if (failedOp >= 0)
            virNetDevOpenvswitchAddFailed(port, failedOp, opError);
        goto cleanup;
    }
    if ((assigned = virNetDevOpenvswitchAddWait(&conn, port)) < 0) {
        g_autoptr(virError) saved = NULL;

        /* take our rows out again; the rollback gets a deadline of its own */
        virErrorPreserveLast(&saved);
        conn.deadline = g_get_monotonic_time() + (gint64)conn.timeoutMs * 1000;
        if (conn.fd >= 0)
            virNetDevOpenvswitchRemoveOnConn(&conn, port->ifname, port->owner);
        virErrorRestore(&saved);
        goto cleanup;
    }
    if (ofport)
        *ofport = assigned;
    ret = 0;

 cleanup:
    virOvsdbConnClose(&conn);
    return ret;
}

/**
 * virNetDevOpenvswitchValueOK:
 * True when @value is NULL or passes the gate for @kind (nothing reported).
 */
static bool
virNetDevOpenvswitchValueOK(virNetDevOpenvswitchValue kind, const char *value)
{
    return !value || !virNetDevOpenvswitchValueInvalidReason(kind, value);
}

/**
 * virNetDevOpenvswitchPortInfoNew:
 * The info for Interface row @iface if it is one of ours, else NULL.
 * @ports and @bridges are the Port and Bridge rows, to find its bridge.
 */
static virNetDevOpenvswitchPortInfo *
virNetDevOpenvswitchPortInfoNew(JsonObject *iface, JsonArray *ports, JsonArray *bridges)
{
    JsonNode *ids = json_object_get_member(iface, "external_ids");
    const char *owner = virOvsdbMapGet(ids, VIR_NETDEV_OPENVSWITCH_OWNER_KEY);
    const char *name = virOvsdbString(json_object_get_member(iface, "name"));
    const char *uuid = virOvsdbUUIDAtom(json_object_get_member(iface, "_uuid"));
    const char *ifaceId = virOvsdbMapGet(ids, "iface-id");
    const char *mac = virOvsdbMapGet(ids, "attached-mac");
    const char *vmId = virOvsdbMapGet(ids, "vm-id");
    JsonNode *ofport = json_object_get_member(iface, "ofport");
    g_autoptr(virNetDevOpenvswitchPortInfo) info = NULL;
    const char *portUUID = NULL;
    guint i;

    if (!owner || !name || !uuid ||
        !virNetDevOpenvswitchValueOK(VIR_NETDEV_OPENVSWITCH_VALUE_UUID, owner) ||
        !virNetDevOpenvswitchValueOK(VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME, name) ||
        !virNetDevOpenvswitchValueOK(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, ifaceId) ||
        !virNetDevOpenvswitchValueOK(VIR_NETDEV_OPENVSWITCH_VALUE_MAC, mac) ||
        !virNetDevOpenvswitchValueOK(VIR_NETDEV_OPENVSWITCH_VALUE_UUID, vmId))
        return NULL;

    info = g_new0(virNetDevOpenvswitchPortInfo, 1);
    info->ifname = g_strdup(name);
    info->owner = g_strdup(owner);
    info->ifaceId = g_strdup(ifaceId);
    info->mac = g_strdup(mac);
    info->vmId = g_strdup(vmId);
    info->error = g_strdup(virOvsdbString(json_object_get_member(iface, "error")));
    if (ofport && JSON_NODE_TYPE(ofport) == JSON_NODE_VALUE &&
        json_node_get_value_type(ofport) == G_TYPE_INT64)
        info->ofport = json_node_get_int(ofport);

    for (i = 0; ports && i < json_array_get_length(ports) && !portUUID; i++) {
        JsonObject *row = virOvsdbRowGet(ports, i);

        if (row && virOvsdbSetContains(json_object_get_member(row, "interfaces"), uuid))
            portUUID = virOvsdbUUIDAtom(json_object_get_member(row, "_uuid"));
    }
    for (i = 0; portUUID && bridges && i < json_array_get_length(bridges); i++) {
        JsonObject *row = virOvsdbRowGet(bridges, i);
        const char *bridge = row ? virOvsdbString(json_object_get_member(row, "name")) : NULL;

        if (bridge && virOvsdbSetContains(json_object_get_member(row, "ports"), portUUID))
            info->bridge = g_strdup(bridge);
    }
    return g_steal_pointer(&info);
}

/**
 * virNetDevOpenvswitchPortInfoCompare:
 * Orders infos by interface name.
 */
static gint
virNetDevOpenvswitchPortInfoCompare(gconstpointer a, gconstpointer b)
{
    const virNetDevOpenvswitchPortInfo *x = *(virNetDevOpenvswitchPortInfo * const *)a;
    const virNetDevOpenvswitchPortInfo *y = *(virNetDevOpenvswitchPortInfo * const *)b;

    return strcmp(x->ifname, y->ifname);
}

int
virNetDevOpenvswitchPortListParse(JsonNode *result, GPtrArray **ports)
{
    g_autoptr(GPtrArray) list =
        g_ptr_array_new_with_free_func((GDestroyNotify)virNetDevOpenvswitchPortInfoFree);
    JsonArray *ifaces;
    guint i;

    if (!result || !JSON_NODE_HOLDS_ARRAY(result) ||
        !(ifaces = virOvsdbRows(result, 0))) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("OVSDB sent a malformed list of interfaces"));
        return -1;
    }
    for (i = 0; i < json_array_get_length(ifaces); i++) {
        JsonObject *row = virOvsdbRowGet(ifaces, i);
        virNetDevOpenvswitchPortInfo *info = NULL;

        if (row)
            info = virNetDevOpenvswitchPortInfoNew(row, virOvsdbRows(result, 1),
                                                   virOvsdbRows(result, 2));
        if (info)
            g_ptr_array_add(list, info);
    }
    g_ptr_array_sort(list, virNetDevOpenvswitchPortInfoCompare);
    *ports = g_steal_pointer(&list);
    return 0;
}

int
virNetDevOpenvswitchPortList(const virNetDevOpenvswitchDb *db, GPtrArray **ports)
{
    virOvsdbConn conn = { .fd = -1 };
    g_autoptr(JsonNode) req = virNetDevOpenvswitchListRequest();
    g_autoptr(JsonNode) result = NULL;
    gssize failedOp;
    int ret = -1;

    if (virNetDevOpenvswitchConnOpen(&conn, db) < 0)
        return -1;
    if ((result = virOvsdbTransact(&conn, req, &failedOp, NULL)))
        ret = virNetDevOpenvswitchPortListParse(result, ports);
    virOvsdbConnClose(&conn);
    return ret;
}

int
virNetDevOpenvswitchBridgeExists(const virNetDevOpenvswitchDb *db, const char *name)
{
    virOvsdbConn conn = { .fd = -1 };
    g_autoptr(JsonNode) req = NULL;
    g_autoptr(JsonNode) result = NULL;
    JsonArray *rows;
    gssize failedOp;
    int ret = -1;

    if (virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, name) < 0 ||
        virNetDevOpenvswitchConnOpen(&conn, db) < 0)
        return -1;
    req = virOvsdbTransactParams(OVS_DB_NAME,
        virOvsdbSelectOp("Bridge", virOvsdbNamed(name), "name", VIR_OVSDB_END_NAMES),
        VIR_OVSDB_END_NODES);
    if ((result = virOvsdbTransact(&conn, req, &failedOp, NULL))) {
        if ((rows = virOvsdbRows(result, 0)))
            ret = json_array_get_length(rows) > 0 ? 1 : 0;
        else
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("malformed reply from the Open vSwitch database"));
    }
    virOvsdbConnClose(&conn);
    return ret;
}

bool
virNetDevOpenvswitchTapExists(const virNetDevOpenvswitchPortInfo *info,
                              void *opaque G_GNUC_UNUSED)
{
    return if_nametoindex(info->ifname) != 0;
}

int
virNetDevOpenvswitchReconcile(const virNetDevOpenvswitchDb *db,
                              virNetDevOpenvswitchKeepFunc keep,
                              void *opaque,
                              unsigned int *nremoved)
{
    g_autoptr(GPtrArray) ports = NULL;
    g_autoptr(virError) first = NULL;
    unsigned int removed = 0;
    guint i;

    if (nremoved)
        *nremoved = 0;
    if (virNetDevOpenvswitchPortList(db, &ports) < 0)
        return -1;
    for (i = 0; i < ports->len; i++) {
        const virNetDevOpenvswitchPortInfo *info = g_ptr_array_index(ports, i);
        int rc;

        if (keep(info, opaque))
            continue;
        rc = virNetDevOpenvswitchPortRemove(db, info->ifname, info->owner);
        if (rc > 0)
            removed++;
        else if (rc < 0 && !first)
            first = virErrorSteal();
    }
    if (nremoved)
        *nremoved = removed;
    if (first) {
        virErrorSetLast(first);
        return -1;
    }
    return 0;
}
