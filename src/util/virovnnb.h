/*
 * virovnnb.h: logical switch ports in OVN's northbound database, with an
 * owner
 *
 * One host facility: the Logical_Switch_Port rows a port binds (its name
 * is what the tap's external_ids:iface-id says), in the OVN_Northbound
 * database, over the OVSDB protocol (virovsdb.h).  It takes plain C
 * strings and knows nothing about the daemon's records; every string
 * passes virNetDevOpenvswitchValueCheck() first.
 *
 * Ownership lives in the row itself, in external_ids:
 *
 *   libvirt-networkd-owner-uid  the uid whose port it is; a row owned by
 *                               another uid is never bound, changed or
 *                               deleted
 *   libvirt-networkd-port       the daemon port (its UUID) bound to it now
 *   libvirt-networkd-host       which daemon (host) that port lives on
 *   libvirt-networkd-binding    what unbinding undoes: "created" (the row
 *                               was made for the port: delete it),
 *                               "claimed" (an unowned row: drop the owner
 *                               and the markers), "bound" (the owner was
 *                               already the caller: drop the markers)
 *
 * Every check is an assertion ("wait", timeout 0) inside the transaction
 * that writes, so two hosts racing for one name cannot both win.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "virovsdb.h"

#define VIR_OVN_NB_DB_NAME "OVN_Northbound"
#define VIR_OVN_NB_KEY_OWNER_UID "libvirt-networkd-owner-uid"
#define VIR_OVN_NB_KEY_PORT "libvirt-networkd-port"
#define VIR_OVN_NB_KEY_HOST "libvirt-networkd-host"
#define VIR_OVN_NB_KEY_BINDING "libvirt-networkd-binding"

/* Where the northbound ovsdb-server listens, and how long one operation
 * may take. */
typedef struct _virOvnNbDb virOvnNbDb;
struct _virOvnNbDb {
    const char *socketPath;     /* unix socket path */
    unsigned int timeoutMs;     /* whole operation, connect to last reply */
};

/* A port that binds a logical switch port. */
typedef struct _virOvnNbBinding virOvnNbBinding;
struct _virOvnNbBinding {
    const char *name;       /* the Logical_Switch_Port (= iface-id) */
    const char *lswitch;    /* create it on this Logical_Switch when absent;
                             * NULL: it must exist */
    const char *mac;        /* canonical lower-case; addresses and
                             * port_security of a created row */
    uid_t uid;              /* the caller */
    const char *owner;      /* the daemon's port UUID (the marker) */
    const char *host;       /* the daemon's host id */
    const char *addresses;  /* addresses of a created row ("MAC dynamic",
                             * "MAC IPV4"); NULL: the MAC alone */
    const char *dhcpv4Options; /* DHCP_Options UUID of a created row, or NULL */
};

/* One of the daemon's bindings, as read back. */
typedef struct _virOvnNbPortInfo virOvnNbPortInfo;
struct _virOvnNbPortInfo {
    char *name;
    char *owner;        /* libvirt-networkd-port */
    char *binding;      /* libvirt-networkd-binding */
};

void virOvnNbPortInfoFree(virOvnNbPortInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virOvnNbPortInfo, virOvnNbPortInfoFree);

int virOvnNbBindingValidate(const virOvnNbBinding *b);

/* Runs the one "select" @select (taken) that asks for "_uuid" among its
 * columns.  Returns 1 with *@row (the first row, a new reference), 0
 * when no row matched, -1 with an error reported. */
int virOvnNbSelectOne(virOvsdbConn *conn, JsonNode *select, JsonObject **row);

/* Connects @conn to @db.  Returns 0, or -1 with an error naming the
 * northbound database ("OVN northbound database unreachable: ..."). */
int virOvnNbOpen(virOvsdbConn *conn, const virOvnNbDb *db);

int virOvnNbPortBind(const virOvnNbDb *db, const virOvnNbBinding *b, bool *created);
int virOvnNbPortUnbind(const virOvnNbDb *db, const char *name, const char *owner);

/* Keep (true) or unbind (false) one of the host's bindings at reconcile. */
typedef bool (*virOvnNbKeepFunc)(const virOvnNbPortInfo *info, void *opaque);

int virOvnNbReconcile(const virOvnNbDb *db, const char *host,
                      virOvnNbKeepFunc keep, void *opaque,
                      unsigned int *nremoved);
