/*
 * virovnnbaddr.c: the addresses OVN's DHCP hands out on a logical switch
 *
 * One read-only transaction: the switch's "ports" and every logical
 * port's name, addresses, dynamic_addresses and dhcpv4_options.  The
 * database is the admin's (and ovn-northd's): what it holds is parsed,
 * never trusted to be well formed, and what does not parse is left out.
 */
#include "virovnnbaddr.h"

#include <string.h>

#include "virerror.h"
#include "virovsvalue.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

/**
 * virOvnNbAddressFree:
 * Frees @addr.  Accepts NULL.
 */
void
virOvnNbAddressFree(virOvnNbAddress *addr)
{
    if (!addr)
        return;
    g_free(addr->port);
    g_free(addr);
}

/**
 * virOvnNbAddressesAppend:
 * Appends to @out the IPv4 addresses of one "MAC IP..." entry @entry of
 * logical port @port (IPv6 addresses and other words are skipped).
 */
static void
virOvnNbAddressesAppend(GPtrArray *out, const char *port, const char *entry, bool dynamic)
{
    g_auto(GStrv) words = g_strsplit(entry, " ", -1);
    virMacAddr mac;
    size_t i;

    if (!words[0] || virMacAddrParse(words[0], &mac) < 0) {
        virResetLastError();
        return;
    }
    for (i = 1; words[i]; i++) {
        virOvnNbAddress *addr;

        if (!strchr(words[i], '.'))
            continue;
        addr = g_new0(virOvnNbAddress, 1);
        if (virSocketAddrParse(words[i], AF_INET, &addr->ip) < 0) {
            virResetLastError();
            virOvnNbAddressFree(addr);
            continue;
        }
        addr->port = g_strdup(port);
        addr->mac = mac;
        addr->dynamic = dynamic;
        g_ptr_array_add(out, addr);
    }
}

/**
 * virOvnNbPortAddresses:
 * Appends to @out the addresses of the logical port @row (a select
 * reply row), when OVN's DHCP serves it (dhcpv4_options set).
 */
static void
virOvnNbPortAddresses(JsonObject *row, GPtrArray *out)
{
    const char *name = virOvsdbString(json_object_get_member(row, "name"));
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GPtrArray) dynamic = NULL;
    guint i;

    if (!name || virOvsdbSetSize(json_object_get_member(row, "dhcpv4_options")) == 0)
        return;
    entries = virOvsdbSetStrings(json_object_get_member(row, "addresses"));
    dynamic = virOvsdbSetStrings(json_object_get_member(row, "dynamic_addresses"));
    for (i = 0; i < entries->len; i++) {
        const char *entry = g_ptr_array_index(entries, i);

        /* "MAC dynamic" (or "dynamic"): what ovn-northd chose, if it has */
        if (g_str_has_suffix(entry, "dynamic")) {
            if (dynamic->len > 0)
                virOvnNbAddressesAppend(out, name, g_ptr_array_index(dynamic, 0), true);
            continue;
        }
        virOvnNbAddressesAppend(out, name, entry, false);
    }
}

/**
 * virOvnNbSwitchAddresses:
 * @db: the northbound database
 * @lswitch: the logical switch (a name that passed the OVSDB value gate)
 * @out: set to a new array of virOvnNbAddress (free with
 *       g_ptr_array_unref), in the order of the database's rows
 *
 * Reads the IPv4 addresses of the logical ports of @lswitch that OVN's
 * DHCP serves.  A missing switch has none.  Returns 0, or -1 with an
 * error reported.
 */
int
virOvnNbSwitchAddresses(const virOvnNbDb *db, const char *lswitch, GPtrArray **out)
{
    virOvsdbConn conn = { .fd = -1 };
    g_autoptr(GPtrArray) addrs = g_ptr_array_new_with_free_func((GDestroyNotify)virOvnNbAddressFree);
    g_autoptr(JsonNode) req = NULL;
    g_autoptr(JsonNode) result = NULL;
    JsonArray *switches;
    JsonArray *ports;
    JsonObject *sw;
    JsonNode *members;
    gssize failedOp;
    guint i;

    *out = NULL;
    if (virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, lswitch) < 0 ||
        virOvnNbOpen(&conn, db) < 0)
        return -1;
    req = virOvsdbTransactParams(VIR_OVN_NB_DB_NAME,
        virOvsdbSelectOp("Logical_Switch", virOvsdbNamed(lswitch), "ports", VIR_OVSDB_END_NAMES),
        virOvsdbSelectOp("Logical_Switch_Port", virOvsdbArrEmpty(), "_uuid", "name", "addresses",
                         "dynamic_addresses", "dhcpv4_options", VIR_OVSDB_END_NAMES),
        VIR_OVSDB_END_NODES);
    result = virOvsdbTransact(&conn, req, &failedOp, NULL);
    virOvsdbConnClose(&conn);
    if (!result)
        return -1;
    if (!(switches = virOvsdbRows(result, 0)) || !(ports = virOvsdbRows(result, 1))) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("malformed reply from the OVN northbound database"));
        return -1;
    }
    if (json_array_get_length(switches) > 0 && (sw = virOvsdbRowGet(switches, 0)) &&
        (members = json_object_get_member(sw, "ports"))) {
        for (i = 0; i < json_array_get_length(ports); i++) {
            JsonObject *row = virOvsdbRowGet(ports, i);
            const char *uuid = row ? virOvsdbUUIDAtom(json_object_get_member(row, "_uuid")) : NULL;

            if (uuid && virOvsdbSetContains(members, uuid))
                virOvnNbPortAddresses(row, addrs);
        }
    }
    *out = g_steal_pointer(&addrs);
    return 0;
}
