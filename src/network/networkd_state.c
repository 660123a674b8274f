/*
 * networkd_state.c: port records, their files, and reconciliation
 *
 * The state directory is root's (0700); its files are written only by the
 * daemon.  The daemon does not take that on faith: at start it refuses a
 * state directory that is not a real directory owned by its own uid or
 * that group or others may write (virNetworkdStateDirCheck), and it reads
 * only records that are regular files of its own uid with one link,
 * opened without following a symbolic link and without blocking (a FIFO
 * named *.port must not hang start-up).  A file that fails is reported
 * by name and a reason, never by its contents.  Records are still parsed
 * strictly and every value is re-validated with the same rules as a
 * request (a record is turned back into a request dictionary and run
 * through virNetworkdRequestParse), so a damaged file can never make the
 * daemon act on a bad name.
 */
#include "networkd_state.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "virerror.h"
#include "virfile.h"
#include "virnetdevname.h"
#include "virovsvalue.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

#define VIR_NETWORKD_STATE_GROUP "port"

VIR_ENUM_IMPL(virNetworkdReconcileAction, VIR_NETWORKD_RECONCILE_LAST,
              "keep", "drop-gone", "drop-renamed", "drop-kind",
              "delete-persistent", "delete-owner-changed", "delete-carrier-off",
              "reset-mac");

/**
 * virNetworkdPortRecordFree:
 * Frees @rec and its strings.  Accepts NULL.
 */
void
virNetworkdPortRecordFree(virNetworkdPortRecord *rec)
{
    if (!rec)
        return;
    g_free(rec->ifname);
    g_free(rec->bridge);
    g_free(rec->network);
    g_free(rec->device);
    g_free(rec->ownerName);
    g_free(rec->interfaceId);
    g_free(rec->ovnSwitch);
    g_free(rec->ifb);
    g_free(rec->ovnNorthbound);
    g_free(rec);
}

/**
 * virNetworkdPortRecordDeviceMac:
 * Sets @mac to the MAC the daemon gives @rec's device: a tap's is the
 * guest's with first byte 0xFE (a host-side address on the bridge); a
 * macvtap's is the guest's own (its frames leave with it).
 */
void
virNetworkdPortRecordDeviceMac(const virNetworkdPortRecord *rec, virMacAddr *mac)
{
    switch (rec->plug) {
    case VIR_NETWORKD_PLUG_DIRECT:
        *mac = rec->mac;
        return;
    case VIR_NETWORKD_PLUG_BRIDGE:
    case VIR_NETWORKD_PLUG_NETWORK:
    case VIR_NETWORKD_PLUG_NONE:
    case VIR_NETWORKD_PLUG_LAST:
        break;
    }
    virMacAddrHostSide(&rec->mac, mac);
}

/**
 * virNetworkdPortRecordFormatField:
 * Writes @field of @rec into @kf, under the contract's key; a field a
 * record does not have, or an optional one that is unset, writes nothing.
 */
static void
virNetworkdPortRecordFormatField(GKeyFile *kf,
                                 const virNetworkdPortRecord *rec,
                                 virNetworkdField field)
{
    const char *g = VIR_NETWORKD_STATE_GROUP;
    const char *key = virNetworkdFieldKey(field);
    char buf[VIR_UUID_STRING_BUFLEN + VIR_MAC_STRING_BUFLEN];

    switch (field) {
    case VIR_NETWORKD_FIELD_UUID:
        g_key_file_set_string(kf, g, key, virUUIDFormat(rec->uuid, buf));
        return;
    case VIR_NETWORKD_FIELD_UID:
        g_key_file_set_uint64(kf, g, key, rec->uid);
        return;
    case VIR_NETWORKD_FIELD_IFNAME:
        g_key_file_set_string(kf, g, key, rec->ifname);
        return;
    case VIR_NETWORKD_FIELD_IFINDEX:
        g_key_file_set_integer(kf, g, key, rec->ifindex);
        return;
    case VIR_NETWORKD_FIELD_PLUG:
        g_key_file_set_string(kf, g, key, virNetworkdPlugTypeToString(rec->plug));
        return;
    case VIR_NETWORKD_FIELD_BRIDGE:
        if (rec->bridge)
            g_key_file_set_string(kf, g, key, rec->bridge);
        return;
    case VIR_NETWORKD_FIELD_NETWORK:
        if (rec->network)
            g_key_file_set_string(kf, g, key, rec->network);
        return;
    case VIR_NETWORKD_FIELD_MAC:
        g_key_file_set_string(kf, g, key, virMacAddrFormat(&rec->mac, buf));
        return;
    case VIR_NETWORKD_FIELD_MTU:
        g_key_file_set_uint64(kf, g, key, rec->mtu);
        return;
    case VIR_NETWORKD_FIELD_QUEUES:
        g_key_file_set_uint64(kf, g, key, rec->queues);
        return;
    case VIR_NETWORKD_FIELD_VNET_HDR:
        g_key_file_set_boolean(kf, g, key, rec->vnetHdr);
        return;
    case VIR_NETWORKD_FIELD_OWNER_NAME:
        if (rec->ownerName)
            g_key_file_set_string(kf, g, key, rec->ownerName);
        return;
    case VIR_NETWORKD_FIELD_OWNER_UUID:
        if (rec->hasOwnerUUID)
            g_key_file_set_string(kf, g, key, virUUIDFormat(rec->ownerUUID, buf));
        return;
    case VIR_NETWORKD_FIELD_CREATED:
        g_key_file_set_int64(kf, g, key, rec->created);
        return;
    case VIR_NETWORKD_FIELD_VIRTUALPORT:
        if (rec->virtualport != VIR_NETWORKD_VIRTUALPORT_NONE)
            g_key_file_set_string(kf, g, key, virNetworkdVirtualportTypeToString(rec->virtualport));
        return;
    case VIR_NETWORKD_FIELD_INTERFACEID:
        if (rec->interfaceId)
            g_key_file_set_string(kf, g, key, rec->interfaceId);
        return;
    case VIR_NETWORKD_FIELD_OVN_SWITCH:
        if (rec->ovnSwitch)
            g_key_file_set_string(kf, g, key, rec->ovnSwitch);
        return;
    case VIR_NETWORKD_FIELD_OVN_NORTHBOUND:
        if (rec->ovnNorthbound)
            g_key_file_set_string(kf, g, key, rec->ovnNorthbound);
        return;
    case VIR_NETWORKD_FIELD_IFB:
        if (rec->ifb)
            g_key_file_set_string(kf, g, key, rec->ifb);
        return;
    case VIR_NETWORKD_FIELD_DEVICE:
        if (rec->device)
            g_key_file_set_string(kf, g, key, rec->device);
        return;
    case VIR_NETWORKD_FIELD_MODE:
        if (rec->plug == VIR_NETWORKD_PLUG_DIRECT)
            g_key_file_set_string(kf, g, key, virNetworkdDirectModeTypeToString(rec->mode));
        return;
    case VIR_NETWORKD_FIELD_HOLDER_PID:
        if (rec->holderPid > 0)
            g_key_file_set_uint64(kf, g, key, rec->holderPid);
        return;
    case VIR_NETWORKD_FIELD_HOLDER_START:
        if (rec->holderPid > 0)
            g_key_file_set_uint64(kf, g, key, rec->holderStart);
        return;
    case VIR_NETWORKD_FIELD_LOWER_MAC:
        if (rec->hasLowerMac)
            g_key_file_set_string(kf, g, key, virMacAddrFormat(&rec->lowerMac, buf));
        return;
    case VIR_NETWORKD_FIELD_BANDWIDTH_INBOUND:
    case VIR_NETWORKD_FIELD_BANDWIDTH_OUTBOUND: {
        const virNetDevBandwidthRate *rate = field == VIR_NETWORKD_FIELD_BANDWIDTH_INBOUND ?
            &rec->bandwidth.inbound : &rec->bandwidth.outbound;
        g_autofree char *text = NULL;

        if (rate->average)
            g_key_file_set_string(kf, g, key, (text = virNetworkdBandwidthRateFormat(rate)));
        return;
    }
    case VIR_NETWORKD_FIELD_FILTER: {
        g_autofree char *text = NULL;

        if (rec->filterBlocks)
            g_key_file_set_string(kf, g, key, (text = virNWFilterBlocksFormat(rec->filterBlocks)));
        return;
    }
    case VIR_NETWORKD_FIELD_FILTER_IPS: {
        g_autofree char *text = NULL;

        if (rec->nfilterIPs)
            g_key_file_set_string(kf, g, key,
                                  (text = virNetworkdFilterIPsFormat(rec->filterIPs, rec->nfilterIPs)));
        return;
    }
    /* not kept in a record */
    case VIR_NETWORKD_FIELD_HOST_MAC:
    case VIR_NETWORKD_FIELD_LEARNED_IPS:
    case VIR_NETWORKD_FIELD_LAST:
        return;
    }
}

/**
 * virNetworkdBandwidthRateFormat:
 * Returns @rate as a record writes it, "average=N,peak=N,burst=N" with
 * the keys that are not 0 (caller frees).
 */
char *
virNetworkdBandwidthRateFormat(const virNetDevBandwidthRate *rate)
{
    g_autoptr(GVariant) dict = g_variant_ref_sink(virNetworkdBandwidthRateToVariant(rate));

    return virNetworkdBandwidthFormat(dict);
}

/**
 * virNetworkdFilterIPsFormat:
 * Returns @ips as a record writes them, comma separated (caller frees).
 */
char *
virNetworkdFilterIPsFormat(const virSocketAddr *ips, size_t nips)
{
    GString *out = g_string_new(NULL);
    char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];
    size_t i;

    for (i = 0; i < nips; i++)
        g_string_append_printf(out, "%s%s", i ? "," : "", virSocketAddrFormat(&ips[i], buf));
    return g_string_free(out, FALSE);
}

/**
 * virNetworkdBandwidthRateParse:
 * @str: "key=N,key=N..." as virNetworkdBandwidthRateFormat writes it
 *
 * Returns the a{su} the same limits are on the bus (floating; its keys
 * and values are then checked as a request's), or NULL with an error
 * when @str is not a list of key=number.
 */
GVariant *
virNetworkdBandwidthRateParse(const char *str)
{
    g_auto(GStrv) items = g_strsplit(str, ",", 0);
    GVariantBuilder b;
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{su}"));
    for (i = 0; items[i]; i++) {
        const char *eq = strchr(items[i], '=');
        g_autofree char *name = eq ? g_strstrip(g_strndup(items[i], eq - items[i])) : NULL;
        guint64 value;

        if (!name || !g_ascii_string_to_unsigned(eq + 1, 10, 0, G_MAXUINT32, &value, NULL)) {
            g_variant_builder_clear(&b);
            virReportError(VIR_ERR_CONF_SYNTAX, "%s",
                           _("bandwidth limits must read 'average=N,peak=N,burst=N'"));
            return NULL;
        }
        g_variant_builder_add(&b, "{su}", name, (guint32)value);
    }
    return g_variant_builder_end(&b);
}

/**
 * virNetworkdPortRecordFormat:
 * @rec: a record
 *
 * Returns the record as GKeyFile text (caller frees): every field the
 * contract keeps in a record, in the contract's order.
 */
char *
virNetworkdPortRecordFormat(const virNetworkdPortRecord *rec)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    size_t i;

    for (i = 0; i < VIR_NETWORKD_FIELD_LAST; i++) {
        if (virNetworkdFieldGet(i)->where & VIR_NETWORKD_FIELD_IN_STATE)
            virNetworkdPortRecordFormatField(kf, rec, i);
    }
    return g_key_file_to_data(kf, NULL, NULL);
}

/**
 * virNetworkdStateGetUInt:
 * Reads @field of the record as an unsigned decimal number no larger
 * than @max.  Returns 0, or -1 with an error reported.
 */
static int
virNetworkdStateGetUInt(GKeyFile *kf, virNetworkdField field, guint64 max, guint64 *value)
{
    const char *key = virNetworkdFieldKey(field);
    g_autofree char *str = g_key_file_get_value(kf, VIR_NETWORKD_STATE_GROUP, key, NULL);
    g_autoptr(GError) gerr = NULL;

    if (!str) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("port record: key '%1$s' is missing"), key);
        return -1;
    }
    if (!g_ascii_string_to_unsigned(str, 10, 0, max, value, &gerr)) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("port record: key '%1$s': %2$s"), key, gerr->message);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdStateGetString:
 * Returns @field of the record (caller frees), or NULL: with an error
 * reported when @required, silently otherwise.
 */
static char *
virNetworkdStateGetString(GKeyFile *kf, virNetworkdField field, bool required)
{
    const char *key = virNetworkdFieldKey(field);
    char *str = g_key_file_get_string(kf, VIR_NETWORKD_STATE_GROUP, key, NULL);

    if (!str && required)
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("port record: key '%1$s' is missing"), key);
    return str;
}

/**
 * virNetworkdStateCheckKeys:
 * Fails for a record with other groups or unknown keys.  0 or -1.
 */
static int
virNetworkdStateCheckKeys(GKeyFile *kf)
{
    g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
    g_auto(GStrv) keys = NULL;
    size_t i;

    if (!groups[0] || groups[1] || strcmp(groups[0], VIR_NETWORKD_STATE_GROUP) != 0) {
        virReportError(VIR_ERR_CONF_SYNTAX, "%s",
                       _("port record: expected exactly one group [port]"));
        return -1;
    }
    keys = g_key_file_get_keys(kf, VIR_NETWORKD_STATE_GROUP, NULL, NULL);
    for (i = 0; keys && keys[i]; i++) {
        if (virNetworkdFieldFromKey(keys[i], VIR_NETWORKD_FIELD_IN_STATE) < 0) {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("port record: unknown key '%1$s'"), keys[i]);
            return -1;
        }
    }
    return 0;
}

/**
 * virNetworkdStateAddRequestKey:
 * Adds @value (floating) to a request dictionary under @field's key.
 */
static void
virNetworkdStateAddRequestKey(GVariantBuilder *b, virNetworkdField field, GVariant *value)
{
    g_variant_builder_add(b, "{sv}", virNetworkdFieldKey(field), value);
}

/**
 * virNetworkdStateCheckPlugKeys:
 * The keys of a record that its request check does not see: the bridge
 * of a port on a network (which the request named by the network), and
 * the network of a port on a network's bridge.  Returns 0, or -1 with
 * an error reported.
 */
static int
virNetworkdStateCheckPlugKeys(const virNetworkdPortRecord *rec, const char *plug)
{
    const char *reason;

    if (!rec->network)
        return 0;
    if (virNetworkdRequestCheckNetwork(rec->network) < 0) {
        g_autofree char *msg = g_strdup(virGetLastErrorMessage());

        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: %1$s"), msg);
        return -1;
    }
    if (strcmp(plug, virNetworkdPlugTypeToString(VIR_NETWORKD_PLUG_NETWORK)) != 0)
        return 0;
    if (!rec->bridge) {
        virReportError(VIR_ERR_CONF_SYNTAX, "%s",
                       _("port record: key 'bridge' is missing"));
        return -1;
    }
    if ((reason = virNetDevNameInvalidReason(rec->bridge))) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: key 'bridge': %1$s"), reason);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdStateAddFilter:
 * Adds the record's filter and its addresses, if it has them, to a
 * request dictionary ("filter-ips" split at commas into an "as").
 */
static void
virNetworkdStateAddFilter(GKeyFile *kf, GVariantBuilder *b)
{
    g_autofree char *filter = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_FILTER, false);
    g_autofree char *ips = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_FILTER_IPS, false);

    if (filter)
        virNetworkdStateAddRequestKey(b, VIR_NETWORKD_FIELD_FILTER, g_variant_new_string(filter));
    if (ips) {
        g_auto(GStrv) list = g_strsplit(ips, ",", 0);

        virNetworkdStateAddRequestKey(b, VIR_NETWORKD_FIELD_FILTER_IPS,
                                      g_variant_new_strv((const char * const *)list, -1));
    }
}

/**
 * virNetworkdStateAddBandwidth:
 * Adds @field of the record, if it has one, to a request dictionary as
 * its a{su}.  Returns 0, or -1 with an error reported.
 */
static int
virNetworkdStateAddBandwidth(GKeyFile *kf, GVariantBuilder *b, virNetworkdField field)
{
    g_autofree char *str = virNetworkdStateGetString(kf, field, false);
    GVariant *dict;

    if (!str)
        return 0;
    if (!(dict = virNetworkdBandwidthRateParse(str))) {
        g_autoptr(virError) err = virErrorSteal();

        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: key '%1$s': %2$s"),
                       virNetworkdFieldKey(field), err && err->message ? err->message : "");
        return -1;
    }
    virNetworkdStateAddRequestKey(b, field, dict);
    return 0;
}

/**
 * virNetworkdPortRecordParseHolder:
 * Reads what only a record of plug "direct" has: its holder process (pid
 * and start time, both or neither) and the lower device's own MAC.
 * Returns 0, or -1 with an error reported.
 */
static int
virNetworkdPortRecordParseHolder(GKeyFile *kf, virNetworkdPortRecord *rec)
{
    const char *g = VIR_NETWORKD_STATE_GROUP;
    g_autofree char *lowerMac = NULL;
    guint64 pid, start;
    bool hasPid = g_key_file_has_key(kf, g, virNetworkdFieldKey(VIR_NETWORKD_FIELD_HOLDER_PID), NULL);
    bool hasStart = g_key_file_has_key(kf, g, virNetworkdFieldKey(VIR_NETWORKD_FIELD_HOLDER_START), NULL);

    if (hasPid != hasStart) {
        virReportError(VIR_ERR_CONF_SYNTAX, "%s",
                       _("port record: 'holder-pid' and 'holder-start' go together"));
        return -1;
    }
    if (hasPid) {
        if (virNetworkdStateGetUInt(kf, VIR_NETWORKD_FIELD_HOLDER_PID, G_MAXINT32, &pid) < 0 ||
            virNetworkdStateGetUInt(kf, VIR_NETWORKD_FIELD_HOLDER_START, G_MAXUINT64, &start) < 0)
            return -1;
        if (pid == 0) {
            virReportError(VIR_ERR_CONF_SYNTAX, "%s",
                           _("port record: key 'holder-pid' must not be 0"));
            return -1;
        }
        rec->holderPid = pid;
        rec->holderStart = start;
    }
    if ((lowerMac = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_LOWER_MAC, false))) {
        if (virMacAddrParse(lowerMac, &rec->lowerMac) < 0) {
            virReportError(VIR_ERR_CONF_SYNTAX, "%s",
                           _("port record: key 'lower-mac' is not a MAC address"));
            return -1;
        }
        rec->hasLowerMac = true;
    }
    if ((hasPid || rec->hasLowerMac) && rec->plug != VIR_NETWORKD_PLUG_DIRECT) {
        virReportError(VIR_ERR_CONF_SYNTAX, "%s",
                       _("port record: holder and lower MAC belong to plug 'direct'"));
        return -1;
    }
    return 0;
}

/**
 * virNetworkdPortRecordParse:
 * @data: GKeyFile text of a record
 * @len: its length
 *
 * Parses and validates a record.  Returns it (caller frees), or NULL with
 * an error reported.
 */
virNetworkdPortRecord *
virNetworkdPortRecordParse(const char *data, size_t len)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(GError) gerr = NULL;
    g_autoptr(virNetworkdPortRecord) rec = g_new0(virNetworkdPortRecord, 1);
    g_autoptr(virNetworkdRequest) req = NULL;
    g_autoptr(GVariant) dict = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *plug = NULL;
    g_autofree char *mac = NULL;
    g_autofree char *ownerUUID = NULL;
    g_autofree char *created = NULL;
    g_autofree char *virtualport = NULL;
    g_autofree char *mode = NULL;
    GVariantBuilder b;
    guint64 uid, ifindex, mtu, queues;
    gint64 createdVal;
    gboolean vnetHdr;
    const char *reason;
    const char *why;

    if (!g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE, &gerr)) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: %1$s"), gerr->message);
        return NULL;
    }
    if (virNetworkdStateCheckKeys(kf) < 0)
        return NULL;

    if (!(uuid = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_UUID, true)))
        return NULL;
    if (virUUIDParse(uuid, rec->uuid) < 0) {
        virReportError(VIR_ERR_CONF_SYNTAX, "%s", _("port record: key 'uuid' is not a UUID"));
        return NULL;
    }
    /* uid_t is 32 bits; (uid_t)-1 means "no user" and is never a caller. */
    if (virNetworkdStateGetUInt(kf, VIR_NETWORKD_FIELD_UID, G_MAXUINT32 - 1, &uid) < 0 ||
        virNetworkdStateGetUInt(kf, VIR_NETWORKD_FIELD_IFINDEX, G_MAXINT32, &ifindex) < 0 ||
        virNetworkdStateGetUInt(kf, VIR_NETWORKD_FIELD_MTU, G_MAXUINT32, &mtu) < 0 ||
        virNetworkdStateGetUInt(kf, VIR_NETWORKD_FIELD_QUEUES, G_MAXUINT32, &queues) < 0)
        return NULL;
    if (ifindex == 0) {
        virReportError(VIR_ERR_CONF_SYNTAX, "%s", _("port record: key 'ifindex' must not be 0"));
        return NULL;
    }
    rec->uid = uid;
    rec->ifindex = ifindex;

    if (!(rec->ifname = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_IFNAME, true)))
        return NULL;
    if ((reason = virNetDevNameInvalidReason(rec->ifname))) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: key 'ifname': %1$s"), reason);
        return NULL;
    }

    vnetHdr = g_key_file_get_boolean(kf, VIR_NETWORKD_STATE_GROUP,
                                     virNetworkdFieldKey(VIR_NETWORKD_FIELD_VNET_HDR), &gerr);
    if (gerr) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: key 'vnet-hdr': %1$s"),
                       gerr->message);
        return NULL;
    }
    if (!(created = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_CREATED, true)))
        return NULL;
    if (!g_ascii_string_to_signed(created, 10, 0, G_MAXINT64, &createdVal, &gerr)) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: key 'created': %1$s"),
                       gerr->message);
        return NULL;
    }
    rec->created = createdVal;

    /* The rest means what it meant in the request: validate it the same way. */
    if (!(plug = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_PLUG, true)) ||
        !(mac = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_MAC, true)))
        return NULL;
    rec->bridge = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_BRIDGE, false);
    rec->network = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_NETWORK, false);
    rec->device = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_DEVICE, false);
    mode = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_MODE, false);
    rec->ownerName = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_OWNER_NAME, false);
    ownerUUID = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_OWNER_UUID, false);
    virtualport = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_VIRTUALPORT, false);
    rec->interfaceId = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_INTERFACEID, false);
    rec->ovnSwitch = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_OVN_SWITCH, false);
    rec->ovnNorthbound = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_OVN_NORTHBOUND, false);
    rec->ifb = virNetworkdStateGetString(kf, VIR_NETWORKD_FIELD_IFB, false);

    if (virNetworkdStateCheckPlugKeys(rec, plug) < 0)
        return NULL;
    /* the daemon connects to it as root: the rule the network's was
     * accepted under */
    if (rec->ovnNorthbound && (why = virOvsdbAddressInvalidReason(rec->ovnNorthbound))) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: key '%1$s': %2$s"),
                       virNetworkdFieldKey(VIR_NETWORKD_FIELD_OVN_NORTHBOUND), why);
        return NULL;
    }
    if (rec->ovnSwitch &&
        (why = virNetDevOpenvswitchValueInvalidReason(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID,
                                                      rec->ovnSwitch))) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: key '%1$s': %2$s"),
                       virNetworkdFieldKey(VIR_NETWORKD_FIELD_OVN_SWITCH), why);
        return NULL;
    }

    /* a link the daemon deletes with the port: one of its own names */
    if (rec->ifb && (!virNetDevNameIsValid(rec->ifb) ||
                     !g_str_has_prefix(rec->ifb, VIR_NETWORKD_IFB_PREFIX))) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: key '%1$s': not an ifb name of the daemon"),
                       virNetworkdFieldKey(VIR_NETWORKD_FIELD_IFB));
        return NULL;
    }

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{sv}"));
    virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_PLUG, g_variant_new_string(plug));
    /* a request names the network or the bridge; a record keeps both */
    if (rec->network && strcmp(plug, virNetworkdPlugTypeToString(VIR_NETWORKD_PLUG_NETWORK)) == 0)
        virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_NETWORK,
                                      g_variant_new_string(rec->network));
    else if (rec->bridge)
        virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_BRIDGE,
                                      g_variant_new_string(rec->bridge));
    if (rec->device)
        virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_DEVICE,
                                      g_variant_new_string(rec->device));
    if (mode)
        virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_MODE, g_variant_new_string(mode));
    virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_MAC, g_variant_new_string(mac));
    virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_MTU,
                                  g_variant_new_uint32(MIN(mtu, G_MAXUINT32)));
    virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_QUEUES,
                                  g_variant_new_uint32(MIN(queues, G_MAXUINT32)));
    virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_VNET_HDR, g_variant_new_boolean(vnetHdr));
    if (rec->ownerName)
        virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_OWNER_NAME,
                                      g_variant_new_string(rec->ownerName));
    if (ownerUUID)
        virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_OWNER_UUID,
                                      g_variant_new_string(ownerUUID));
    virNetworkdStateAddFilter(kf, &b);
    if (virNetworkdStateAddBandwidth(kf, &b, VIR_NETWORKD_FIELD_BANDWIDTH_INBOUND) < 0 ||
        virNetworkdStateAddBandwidth(kf, &b, VIR_NETWORKD_FIELD_BANDWIDTH_OUTBOUND) < 0) {
        g_variant_builder_clear(&b);
        return NULL;
    }
    if (virtualport)
        virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_VIRTUALPORT,
                                      g_variant_new_string(virtualport));
    if (rec->interfaceId)
        virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_INTERFACEID,
                                      g_variant_new_string(rec->interfaceId));
    /* plug "network": the switch is the network's, recorded but never
     * asked for (a request naming it is refused); it was checked as a
     * name above */
    if (rec->ovnSwitch && strcmp(plug, virNetworkdPlugTypeToString(VIR_NETWORKD_PLUG_NETWORK)) != 0)
        virNetworkdStateAddRequestKey(&b, VIR_NETWORKD_FIELD_OVN_SWITCH,
                                      g_variant_new_string(rec->ovnSwitch));
    dict = g_variant_ref_sink(g_variant_builder_end(&b));

    if (!(req = virNetworkdRequestParse(dict))) {
        g_autofree char *msg = g_strdup(virGetLastErrorMessage());

        virReportError(VIR_ERR_CONF_SYNTAX, _("port record: %1$s"), msg);
        return NULL;
    }
    rec->plug = req->plug;
    rec->mode = req->mode;
    rec->mac = req->mac;
    rec->mtu = req->mtu;
    rec->queues = req->queues;
    rec->vnetHdr = req->vnetHdr;
    rec->hasOwnerUUID = req->hasOwnerUUID;
    memcpy(rec->ownerUUID, req->ownerUUID, VIR_UUID_BUFLEN);
    rec->virtualport = req->virtualport;
    rec->bandwidth = req->bandwidth;
    rec->filterBlocks = req->filterBlocks;
    memcpy(rec->filterIPs, req->filterIPs, sizeof(rec->filterIPs));
    rec->nfilterIPs = req->nfilterIPs;
    if (virNetworkdPortRecordParseHolder(kf, rec) < 0)
        return NULL;

    return g_steal_pointer(&rec);
}

/**
 * virNetworkdStatePath:
 * Returns "@dir/<uuid>.port" (caller frees).
 */
char *
virNetworkdStatePath(const char *dir, const unsigned char *uuid)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    return g_strdup_printf("%s/%s%s", dir, virUUIDFormat(uuid, uuidstr),
                           VIR_NETWORKD_PORT_FILE_SUFFIX);
}

/**
 * virNetworkdStateSave:
 * @dir: the state directory
 * @rec: the record
 *
 * Writes @rec to its file atomically (temporary file, rename), without
 * fsync: a record only has to survive a restart of the daemon (the page
 * cache does), never a reboot — its tap dies with the kernel, and the
 * state directory is a tmpfs (/run) in production.  On a disk-backed
 * directory the two fsyncs (file and directory) would cost every port
 * about half a millisecond for nothing; a record lost or emptied by a
 * power cut is dropped at start like any unreadable one.
 * Returns 0, or -1 with an error reported.
 */
int
virNetworkdStateSave(const char *dir, const virNetworkdPortRecord *rec)
{
    g_autofree char *path = virNetworkdStatePath(dir, rec->uuid);
    g_autofree char *data = virNetworkdPortRecordFormat(rec);

    return virFileRewriteStrNoSync(path, 0600, data);
}

/**
 * virNetworkdStateRemove:
 * Removes the record file of @uuid; a missing file is fine.  0 or -1.
 */
int
virNetworkdStateRemove(const char *dir, const unsigned char *uuid)
{
    g_autofree char *path = virNetworkdStatePath(dir, uuid);

    return virFileRemove(path);
}

/**
 * virNetworkdStateDirCheck:
 * @dir: the state directory (it exists)
 *
 * Refuses a state directory anyone but the daemon could have filled: it
 * must be a directory (not a symbolic link to one), owned by the daemon's
 * uid (root), and not writable by group or others.  Such a directory
 * left by someone else is never "fixed" silently: its records may be
 * forged.  Returns 0, or -1 with an error reported.
 */
int
virNetworkdStateDirCheck(const char *dir)
{
    struct stat st;

    if (lstat(dir, &st) < 0) {
        virReportSystemError(errno, _("cannot examine state directory '%1$s'"), dir);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("state directory '%1$s' is not a directory (a symbolic link is refused)"),
                       dir);
        return -1;
    }
    if (st.st_uid != geteuid()) {
        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("state directory '%1$s' is owned by uid %2$u, not by the daemon's uid %3$u"),
                       dir, (unsigned int)st.st_uid, (unsigned int)geteuid());
        return -1;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("state directory '%1$s' is writable by group or others (mode %2$04o)"),
                       dir, (unsigned int)(st.st_mode & 07777));
        return -1;
    }
    return 0;
}

/**
 * virNetworkdStateReadFile:
 * @path: a file of the daemon's own (a *.port record, a network's record
 *        or definition)
 * @maxlen: the largest size read
 * @data: receives its text (caller frees)
 *
 * Opens @path without following a symbolic link and without blocking,
 * and reads it only if it is a regular file of the daemon's uid with a
 * single link (a hard link to someone else's file is not a record).
 * Returns its length, or -1 with *@reason set to why not (static, never
 * anything of the file's contents); no error is reported.
 */
ssize_t
virNetworkdStateReadFile(const char *path, size_t maxlen, char **data, const char **reason)
{
    VIR_AUTOCLOSE fd = -1;
    struct stat st;
    ssize_t len;

    if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) < 0) {
        *reason = errno == ELOOP ? _("a symbolic link") : _("cannot be opened");
        return -1;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        *reason = _("not a regular file");
        return -1;
    }
    if (st.st_uid != geteuid() || st.st_nlink != 1) {
        *reason = _("not the daemon's own file (owner or link count)");
        return -1;
    }
    if ((len = virFileReadAllFd(fd, path, maxlen, data)) < 0) {
        virResetLastError();
        *reason = _("cannot be read, or too large");
        return -1;
    }
    return len;
}

/**
 * virNetworkdStateLoad:
 * @dir: the state directory
 * @badFiles: array that receives "path: reason" strings for files that
 *            cannot be used (the caller logs and removes them); the
 *            reason never quotes the file's contents
 *
 * Reads every *.port file of @dir (see virNetworkdStateReadFile for
 * which files are read at all).  A record must parse and its file must
 * be named after its UUID.  Leftover temporary files of an interrupted
 * atomic write are not *.port files and are ignored here.
 *
 * Returns the records (an array owning them), or NULL with an error
 * reported when @dir cannot be read.
 */
GPtrArray *
virNetworkdStateLoad(const char *dir, GPtrArray *badFiles)
{
    g_autoptr(GPtrArray) records =
        g_ptr_array_new_with_free_func((GDestroyNotify)virNetworkdPortRecordFree);
    g_autoptr(GDir) d = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *name;

    if (!(d = g_dir_open(dir, 0, &gerr))) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       _("cannot read state directory '%1$s': %2$s"), dir, gerr->message);
        return NULL;
    }

    while ((name = g_dir_read_name(d))) {
        g_autofree char *path = NULL;
        g_autofree char *data = NULL;
        g_autofree char *expect = NULL;
        g_autoptr(virNetworkdPortRecord) rec = NULL;
        const char *reason = NULL;
        ssize_t len;

        if (!g_str_has_suffix(name, VIR_NETWORKD_PORT_FILE_SUFFIX))
            continue;
        path = g_build_filename(dir, name, NULL);
        if ((len = virNetworkdStateReadFile(path, VIR_NETWORKD_PORT_FILE_MAX, &data, &reason)) < 0) {
            g_ptr_array_add(badFiles, g_strdup_printf("%s: %s", path, reason));
            continue;
        }
        if (!(rec = virNetworkdPortRecordParse(data, len))) {
            /* The parser's message may quote the file: not for the log. */
            virResetLastError();
            g_ptr_array_add(badFiles, g_strdup_printf("%s: %s", path,
                                                      _("not a valid port record")));
            continue;
        }
        expect = virNetworkdStatePath(dir, rec->uuid);
        if (strcmp(expect, path) != 0) {
            g_ptr_array_add(badFiles, g_strdup_printf("%s: %s", path,
                                                      _("file name does not match the port's UUID")));
            continue;
        }
        g_ptr_array_add(records, g_steal_pointer(&rec));
    }
    return g_steal_pointer(&records);
}

/**
 * virNetworkdStateReconcileDecide:
 * @rec: a port's record
 * @link: what the kernel has now at the record's ifindex
 * @daemonUid: the owner the daemon gives its taps (its euid)
 *
 * Decides what becomes of a port, at start (reconciliation) and whenever
 * the kernel announces a change of its device:
 *
 * - the record survives only while the link with its ifindex exists,
 *   still has its name and is still a tap (a macvtap for plug "direct").  A name match alone is not
 *   enough (another tap may have been created with a freed name), nor is
 *   the ifindex alone (it is reused after wrapping).  Such a record is
 *   dropped without touching the device: it is not ours any more.
 * - a tap is never to outlive the fds the daemon handed out, and never to
 *   be attached to by name by anyone but the daemon.  Its fd holder can,
 *   without privilege, make it persistent (TUNSETPERSIST), give it an
 *   owner or a group (TUNSETOWNER, TUNSETGROUP: a way back in by name
 *   later) and turn its carrier off (TUNSETCARRIER).  Any of these ends
 *   the port: the device is deleted.  Older kernels announce none of the
 *   first three, but the kernel turns a persistent tap's carrier off when
 *   its last fd closes, and that is announced; a carrier turned off
 *   beforehand by the holder (so the close would change nothing) is
 *   itself announced and ends the port.  A tap that is down has no
 *   carrier either (an administrator's doing): only an up tap is judged
 *   by it.  A non-persistent tap with no fd left is on its way out: the
 *   kernel removes it, which the caller hears of.
 * - a MAC other than the one the daemon set (SIOCSIFHWADDR on the fd) is
 *   set back: a tap's address is a local address of the bridge (its
 *   forwarding database delivers frames for it to the host), so a holder
 *   must not choose it.
 *
 * Returns the action; pure.
 */
virNetworkdReconcileAction
virNetworkdStateReconcileDecide(const virNetworkdPortRecord *rec,
                                const virNetworkdKernelLink *link,
                                uid_t daemonUid)
{
    virMacAddr hostMac;

    if (!link->exists)
        return VIR_NETWORKD_RECONCILE_DROP_GONE;
    if (!link->ifname || strcmp(link->ifname, rec->ifname) != 0)
        return VIR_NETWORKD_RECONCILE_DROP_RENAMED;
    if (!link->kind ||
        strcmp(link->kind, rec->plug == VIR_NETWORKD_PLUG_DIRECT ? "macvtap" : "tun") != 0)
        return VIR_NETWORKD_RECONCILE_DROP_KIND;
    /* a macvtap is the daemon's link: its queue fds cannot make it
     * persistent or give it an owner; its MAC is the guest's */
    if (rec->plug != VIR_NETWORKD_PLUG_DIRECT) {
        if (link->persist)
            return VIR_NETWORKD_RECONCILE_DELETE_PERSIST;
        /* no owner: a tap of a daemon that did not set one yet */
        if ((link->hasOwner && link->owner != daemonUid) || link->hasGroup)
            return VIR_NETWORKD_RECONCILE_DELETE_OWNER;
        /* (not knowing whether a fd is left, deleting a tap that is going
         * away anyway does no harm) */
        if (link->up && !link->carrier && link->queues != 0)
            return VIR_NETWORKD_RECONCILE_DELETE_CARRIER;
    }
    virNetworkdPortRecordDeviceMac(rec, &hostMac);
    if (link->hasMac && !virMacAddrEqual(&link->mac, &hostMac))
        return VIR_NETWORKD_RECONCILE_RESET_MAC;
    return VIR_NETWORKD_RECONCILE_KEEP;
}
