/*
 * networkd_ovs.c: the daemon's Open vSwitch plug and OVN logical port
 * ownership
 *
 * Theory of operation (see networkd_ovs.h and docs/ovn.rst):
 *
 *  plug    1. with a northbound database and an iface-id: bind the logical
 *             switch port (virOvnNbPortBind: refused when another uid owns
 *             it or a port is bound to it; created on the named logical
 *             switch when absent) -- before anything touches OVS, so a
 *             refusal leaves nothing behind;
 *          2. add the tap to the OVS bridge with iface-id, attached-mac,
 *             vm-id and the owner marker (virNetDevOpenvswitchPortAdd);
 *          on failure, undo both by the port's marker (a transaction
 *          whose server went away before answering may have been
 *          applied; a refused one left nothing).
 *  unplug  remove the OVS rows carrying the port's marker, then undo the
 *          binding (delete the logical port it created).
 *  restart every OVS row and every binding of this host whose port the
 *          daemon no longer has is undone (the markers name the port).
 *
 * Every OVSDB operation is bounded by the configured time-out; the daemon
 * waits for it on its main loop (a few milliseconds on a local socket).
 */
#include "networkd_ovs.h"

#include <string.h>
#include <unistd.h>

#include "virerror.h"
#include "virnetdevopenvswitch.h"
#include "virovnnb.h"
#include "virovsvalue.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

struct _virNetworkdOvs {
    char *ovsDbSocket;
    char *ovnNbSocket;      /* NULL: no OVN northbound database */
    char *hostId;
    unsigned int timeoutMs;
    /* set by virNetworkdOvsReconcile(): which ports the daemon has, for
     * the northbound databases networks name later */
    virNetworkdOvsKeepFunc keep;
    void *keepOpaque;
    GHashTable *reconciledNb; /* socket paths whose bindings were reconciled */
};

/**
 * virNetworkdOvsNew:
 * @ovsDbSocket: the local ovsdb-server's socket (NULL: Debian's default)
 * @ovnNbSocket: the OVN northbound database's socket, or NULL
 * @hostId: this daemon's name in the northbound markers
 * @timeoutMs: the limit of one OVSDB operation
 *
 * Returns the plug's configuration (free with virNetworkdOvsFree).
 */
virNetworkdOvs *
virNetworkdOvsNew(const char *ovsDbSocket,
                  const char *ovnNbSocket,
                  const char *hostId,
                  unsigned int timeoutMs)
{
    virNetworkdOvs *ovs = g_new0(virNetworkdOvs, 1);

    ovs->ovsDbSocket = g_strdup(ovsDbSocket ? ovsDbSocket : VIR_NETDEV_OPENVSWITCH_DB_SOCKET);
    ovs->ovnNbSocket = g_strdup(ovnNbSocket);
    ovs->hostId = g_strdup(hostId);
    ovs->timeoutMs = timeoutMs;
    ovs->reconciledNb = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return ovs;
}

/**
 * virNetworkdOvsFree:
 * Frees @ovs.  Accepts NULL.
 */
void
virNetworkdOvsFree(virNetworkdOvs *ovs)
{
    if (!ovs)
        return;
    g_free(ovs->ovsDbSocket);
    g_free(ovs->ovnNbSocket);
    g_free(ovs->hostId);
    g_hash_table_unref(ovs->reconciledNb);
    g_free(ovs);
}

/**
 * virNetworkdOvsParseAddress:
 * @key: the config key, for messages
 * @address: an OVSDB address as OVS spells it ("unix:PATH")
 * @socketPath: set to the socket path (caller frees)
 *
 * Only unix sockets are supported (virOvsdbAddressInvalidReason): reach
 * a remote northbound database through a local relay or a forwarded
 * socket.  Returns 0, or -1 with an error reported.
 */
int
virNetworkdOvsParseAddress(const char *key, const char *address, char **socketPath)
{
    const char *why = virOvsdbAddressInvalidReason(address);

    if (why) {
        g_autofree char *shown = g_strescape(address, NULL);

        virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: invalid address '%2$s': %3$s"),
                       key, shown, why);
        return -1;
    }
    *socketPath = g_strdup(virOvsdbAddressSocketPath(address));
    return 0;
}

/**
 * virNetworkdOvsNewFromConfig:
 * @kf: the daemon's configuration
 * @group: its group
 * @path: its file, for messages
 *
 * Reads ovs_db_address, ovn_nb_address, ovn_host_id (default: the host
 * name) and ovsdb_timeout_ms (default VIR_NETWORKD_OVSDB_TIMEOUT_MS) from
 * @kf.  Returns the plug's configuration, or NULL with an error reported.
 */
virNetworkdOvs *
virNetworkdOvsNewFromConfig(GKeyFile *kf, const char *group, const char *path)
{
    g_autofree char *ovsAddr = g_key_file_get_string(kf, group, "ovs_db_address", NULL);
    g_autofree char *nbAddr = g_key_file_get_string(kf, group, "ovn_nb_address", NULL);
    g_autofree char *hostId = g_key_file_get_string(kf, group, "ovn_host_id", NULL);
    g_autofree char *timeout = g_key_file_get_value(kf, group, "ovsdb_timeout_ms", NULL);
    g_autofree char *ovsSocket = NULL;
    g_autofree char *nbSocket = NULL;
    guint64 timeoutMs = VIR_NETWORKD_OVSDB_TIMEOUT_MS;

    if (ovsAddr && virNetworkdOvsParseAddress("ovs_db_address", g_strstrip(ovsAddr), &ovsSocket) < 0)
        return NULL;
    if (nbAddr && virNetworkdOvsParseAddress("ovn_nb_address", g_strstrip(nbAddr), &nbSocket) < 0)
        return NULL;
    if (timeout &&
        !g_ascii_string_to_unsigned(g_strstrip(timeout), 10, 100, 60000, &timeoutMs, NULL)) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s: ovsdb_timeout_ms must be a number of milliseconds in 100..60000"),
                       path);
        return NULL;
    }
    if (!hostId)
        hostId = g_strdup(g_get_host_name());
    g_strstrip(hostId);
    if (nbSocket &&
        virNetDevOpenvswitchValueCheck(VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, hostId) < 0) {
        g_autofree char *msg = g_strdup(virGetLastErrorMessage());

        virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: ovn_host_id: %2$s"), path, msg);
        return NULL;
    }
    return virNetworkdOvsNew(ovsSocket, nbSocket, hostId, timeoutMs);
}

/**
 * virNetworkdOvsGetDb:
 * Fills @db with the local Open_vSwitch database's socket and time-out.
 */
void
virNetworkdOvsGetDb(const virNetworkdOvs *ovs, virNetDevOpenvswitchDb *db)
{
    db->socketPath = ovs->ovsDbSocket;
    db->timeoutMs = ovs->timeoutMs;
}

/**
 * virNetworkdOvsGetNb:
 * Fills @nb with the northbound database's socket (NULL: none is
 * configured) and time-out.
 */
void
virNetworkdOvsGetNb(const virNetworkdOvs *ovs, virOvnNbDb *nb)
{
    nb->socketPath = ovs->ovnNbSocket;
    nb->timeoutMs = ovs->timeoutMs;
}

/**
 * virNetworkdOvsHostId:
 * Returns this daemon's name in the northbound markers (owned by @ovs).
 */
const char *
virNetworkdOvsHostId(const virNetworkdOvs *ovs)
{
    return ovs->hostId;
}

/**
 * virNetworkdOvsTargetFromRecord:
 * Fills @target for a plug-"bridge" port with virtualport "openvswitch":
 * its bridge, iface-id and logical switch, and its northbound database
 * (its network's, recorded, or the daemon's).
 */
void
virNetworkdOvsTargetFromRecord(const virNetworkdOvs *ovs,
                               const virNetworkdPortRecord *rec,
                               virNetworkdOvsTarget *target)
{
    memset(target, 0, sizeof(*target));
    target->bridge = rec->bridge;
    target->ifaceId = rec->interfaceId;
    target->lswitch = rec->ovnSwitch;
    if (rec->ovnNorthbound)
        target->nbSocket = virOvsdbAddressSocketPath(rec->ovnNorthbound);
    else
        target->nbSocket = rec->interfaceId ? ovs->ovnNbSocket : NULL;
}

/**
 * virNetworkdOvsPortUndo:
 * After a failed plug of @rec (port UUID @uuid): removes what carries
 * its marker, the OVS rows when @ovsToo, and the logical port binding.
 * A transaction whose server went away before answering may have been
 * applied, and a refused one left nothing: both undo by marker, so
 * nothing of the request stays.  The plug's error is kept; the undo's
 * own failures are logged (the next start's reconciliation removes what
 * is left).
 */
static void
virNetworkdOvsPortUndo(const virNetDevOpenvswitchDb *db, const virOvnNbDb *nb,
                       const virNetworkdOvsTarget *target, const virNetworkdPortRecord *rec,
                       const char *uuid, bool ovsToo)
{
    g_autoptr(virError) err = virErrorSteal();

    if (ovsToo && virNetDevOpenvswitchPortRemove(db, rec->ifname, uuid) < 0) {
        g_info("port %s: undoing the OVS rows: %s", uuid, virGetLastErrorMessage());
        virResetLastError();
    }
    if (target->nbSocket && target->ifaceId &&
        virOvnNbPortUnbind(nb, target->ifaceId, uuid) < 0) {
        g_info("port %s: undoing the logical port binding: %s", uuid, virGetLastErrorMessage());
        virResetLastError();
    }
    virErrorSetLast(err);
}

/**
 * virNetworkdOvsPortPlug:
 * @ovs: the plug's configuration
 * @target: the bridge and logical port
 * @rec: the port (its tap exists; uuid, uid, ifname, mac, owner-uuid set)
 *
 * Binds the logical port (when @target has a northbound database), then
 * adds the tap to the bridge.  Returns 0, or -1 with an error reported
 * and nothing left in either database (virNetworkdOvsPortUndo).
 */
int
virNetworkdOvsPortPlug(virNetworkdOvs *ovs,
                       const virNetworkdOvsTarget *target,
                       const virNetworkdPortRecord *rec)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    char vmId[VIR_UUID_STRING_BUFLEN];
    char mac[VIR_MAC_STRING_BUFLEN];
    virNetDevOpenvswitchDb db = { ovs->ovsDbSocket, ovs->timeoutMs };
    virOvnNbDb nb = { target->nbSocket, ovs->timeoutMs };
    virNetDevOpenvswitchPort port = {
        .bridge = target->bridge,
        .ifname = rec->ifname,
        .ifaceId = target->ifaceId,
        .mac = virMacAddrFormat(&rec->mac, mac),
        .vmId = rec->hasOwnerUUID ? virUUIDFormat(rec->ownerUUID, vmId) : NULL,
        .owner = virUUIDFormat(rec->uuid, uuid),
    };
    virOvnNbBinding binding = {
        .name = target->ifaceId,
        .lswitch = target->lswitch,
        .mac = mac,
        .uid = rec->uid,
        .owner = uuid,
        .host = ovs->hostId,
        .addresses = target->addresses,
        .dhcpv4Options = target->dhcpv4Options,
    };
    bool created = false;
    gint64 t0 = g_get_monotonic_time();
    gint64 t1;

    if (target->lswitch && !target->nbSocket) {
        virReportError(VIR_ERR_NO_SUPPORT, "%s",
                       _("key 'ovn-switch': no OVN northbound database is configured (ovn_nb_address)"));
        return -1;
    }
    if (virNetDevOpenvswitchPortValidate(&port) < 0)
        return -1;
    if (target->nbSocket && target->ifaceId &&
        virOvnNbPortBind(&nb, &binding, &created) < 0) {
        virNetworkdOvsPortUndo(&db, &nb, target, rec, uuid, false);
        return -1;
    }
    t1 = g_get_monotonic_time();
    if (virNetDevOpenvswitchPortAdd(&db, &port, NULL) < 0) {
        virNetworkdOvsPortUndo(&db, &nb, target, rec, uuid, true);
        return -1;
    }
    g_debug("port %s: northbound %lld us, OVS %lld us", uuid, (long long)(t1 - t0),
            (long long)(g_get_monotonic_time() - t1));
    g_info("port %s: %s on OVS bridge %s%s%s%s", uuid, rec->ifname, target->bridge,
           target->ifaceId ? ", iface-id " : "", target->ifaceId ? target->ifaceId : "",
           created ? " (logical port created)" : "");
    return 0;
}

/**
 * virNetworkdOvsPortUnplug:
 * Removes @rec's rows from OVS and undoes its logical port binding (only
 * what carries its marker).  Goes on after a failure; returns 0, or -1
 * with the first error reported.
 */
int
virNetworkdOvsPortUnplug(virNetworkdOvs *ovs,
                         const virNetworkdOvsTarget *target,
                         const virNetworkdPortRecord *rec)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    virNetDevOpenvswitchDb db = { ovs->ovsDbSocket, ovs->timeoutMs };
    virOvnNbDb nb = { target->nbSocket, ovs->timeoutMs };
    g_autoptr(virError) first = NULL;

    virUUIDFormat(rec->uuid, uuid);
    if (virNetDevOpenvswitchPortRemove(&db, rec->ifname, uuid) < 0)
        first = virErrorSteal();
    if (target->nbSocket && target->ifaceId &&
        virOvnNbPortUnbind(&nb, target->ifaceId, uuid) < 0 && !first)
        first = virErrorSteal();
    if (first) {
        virErrorSetLast(first);
        return -1;
    }
    return 0;
}

typedef struct {
    virNetworkdOvsKeepFunc keep;
    void *opaque;
} virNetworkdOvsKeepData;

/**
 * virNetworkdOvsKeepRow:
 * virNetDevOpenvswitchKeepFunc: keeps the rows of ports the daemon has.
 */
static bool
virNetworkdOvsKeepRow(const virNetDevOpenvswitchPortInfo *info, void *opaque)
{
    virNetworkdOvsKeepData *data = opaque;

    return data->keep(info->owner, data->opaque);
}

/**
 * virNetworkdOvsKeepBinding:
 * virOvnNbKeepFunc: keeps the bindings of ports the daemon has.
 */
static bool
virNetworkdOvsKeepBinding(const virOvnNbPortInfo *info, void *opaque)
{
    virNetworkdOvsKeepData *data = opaque;

    return data->keep(info->owner, data->opaque);
}

/**
 * virNetworkdOvsReconcileNb:
 * After virNetworkdOvsReconcile(): undoes the bindings of this host in
 * the northbound database at @socketPath (an OVN network's) whose port
 * the daemon no longer has, once per database and daemon run.  Failures
 * are logged, and the next start of a network naming it tries again.
 */
void
virNetworkdOvsReconcileNb(virNetworkdOvs *ovs, const char *socketPath)
{
    virOvnNbDb nb = { socketPath, ovs->timeoutMs };
    virNetworkdOvsKeepData data = { ovs->keep, ovs->keepOpaque };
    unsigned int n = 0;

    if (!ovs->keep || g_hash_table_contains(ovs->reconciledNb, socketPath))
        return;
    if (virOvnNbReconcile(&nb, ovs->hostId, virNetworkdOvsKeepBinding, &data, &n) < 0) {
        g_warning("OVN reconciliation (%s): %s", socketPath, virGetLastErrorMessage());
        virResetLastError();
        return;
    }
    g_hash_table_add(ovs->reconciledNb, g_strdup(socketPath));
    if (n > 0)
        g_info("undid %u stale logical port binding(s) in %s", n, socketPath);
}

/**
 * virNetworkdOvsReconcile:
 * @ovs: the plug's configuration
 * @keep: whether the daemon still has a port
 * @opaque: passed to @keep
 *
 * After start: removes the OVS rows (when the local ovsdb-server's socket
 * exists) and the northbound bindings of this host (when one is
 * configured) whose port the daemon no longer has; the northbound
 * databases OVN networks name follow when they start
 * (virNetworkdOvsReconcileNb).  Failures are logged, not fatal: the daemon serves Linux bridges without OVS, and a
 * northbound database that is down at start must not keep it down.
 */
int
virNetworkdOvsReconcile(virNetworkdOvs *ovs, virNetworkdOvsKeepFunc keep, void *opaque)
{
    virNetDevOpenvswitchDb db = { ovs->ovsDbSocket, ovs->timeoutMs };
    virNetworkdOvsKeepData data = { keep, opaque };
    unsigned int n = 0;

    ovs->keep = keep;
    ovs->keepOpaque = opaque;

    if (access(ovs->ovsDbSocket, F_OK) == 0) {
        if (virNetDevOpenvswitchReconcile(&db, virNetworkdOvsKeepRow, &data, &n) < 0) {
            g_warning("OVS reconciliation: %s", virGetLastErrorMessage());
            virResetLastError();
        } else if (n > 0) {
            g_info("removed %u stale OVS port(s)", n);
        }
    }
    if (ovs->ovnNbSocket)
        virNetworkdOvsReconcileNb(ovs, ovs->ovnNbSocket);
    return 0;
}
