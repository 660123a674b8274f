/*
 * virnetdevopenvswitch.h: taps on Open vSwitch bridges, through OVSDB
 *
 * One host facility: the Port and Interface rows of a tap in the local
 * Open_vSwitch database, written over the OVSDB protocol (RFC 7047,
 * JSON-RPC on ovsdb-server's unix socket).  It takes plain C strings and
 * knows nothing about XML or the daemon's records; every string passes
 * virNetDevOpenvswitchValueCheck() before it reaches a request.
 *
 * Every Interface row written here carries the daemon's owner marker,
 * external_ids:libvirt-networkd-port=<port UUID>.  Removal and reconcile
 * act only on rows carrying it, checked inside the same transaction that
 * deletes, so a row written by anyone else (an admin, ovn-kubernetes,
 * another libvirt) is never touched.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "virovsvalue.h"

/* Debian's ovsdb-server socket (openvswitch-switch). */
#define VIR_NETDEV_OPENVSWITCH_DB_SOCKET "/run/openvswitch/db.sock"
/* The external_ids key that marks the daemon's own rows. */
#define VIR_NETDEV_OPENVSWITCH_OWNER_KEY "libvirt-networkd-port"

/* Where ovsdb-server listens, and how long one operation may take. */
typedef struct _virNetDevOpenvswitchDb virNetDevOpenvswitchDb;
struct _virNetDevOpenvswitchDb {
    const char *socketPath;     /* unix socket path; NULL: the default above */
    unsigned int timeoutMs;     /* whole operation, connect to last reply */
};

/* What the daemon knows about a port it plugs into OVS. */
typedef struct _virNetDevOpenvswitchPort virNetDevOpenvswitchPort;
struct _virNetDevOpenvswitchPort {
    const char *bridge;     /* the OVS bridge, e.g. "br-int" */
    const char *ifname;     /* the tap, already created; Port and Interface name */
    const char *ifaceId;    /* OVN logical switch port, or NULL (plain bridge) */
    const char *mac;        /* the guest's MAC (attached-mac) */
    const char *vmId;       /* the domain's UUID (vm-id), or NULL */
    const char *owner;      /* the daemon's port UUID: the owner marker */
};

/* One of the daemon's rows, as read back from OVSDB. */
typedef struct _virNetDevOpenvswitchPortInfo virNetDevOpenvswitchPortInfo;
struct _virNetDevOpenvswitchPortInfo {
    char *ifname;
    char *bridge;       /* NULL when no bridge holds the port */
    char *owner;        /* the marker's value */
    char *ifaceId;      /* NULL when absent */
    char *mac;          /* NULL when absent */
    char *vmId;         /* NULL when absent */
    int64_t ofport;     /* 0: not assigned yet, -1: vswitchd failed */
    char *error;        /* vswitchd's error column, or NULL */
};

void virNetDevOpenvswitchPortInfoFree(virNetDevOpenvswitchPortInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetDevOpenvswitchPortInfo, virNetDevOpenvswitchPortInfoFree);

/**
 * virNetDevOpenvswitchPortValidate:
 * Every field of @port through virNetDevOpenvswitchValueCheck().
 * Returns 0 or -1 (error reported).
 */
int virNetDevOpenvswitchPortValidate(const virNetDevOpenvswitchPort *port);

/**
 * virNetDevOpenvswitchPortAddRequest:
 * The "transact" parameters that add @port (validated by the caller): one
 * transaction that requires the bridge to exist and no Port or Interface
 * of that name, inserts both rows and links the Port into the bridge.
 * Returns a new JSON array (caller unrefs).
 */
JsonNode *virNetDevOpenvswitchPortAddRequest(const virNetDevOpenvswitchPort *port);

/**
 * virNetDevOpenvswitchPortRemoveRequest:
 * The "transact" parameters that remove Port @portUUID (holding Interface
 * @ifname) from its bridge, provided the Interface still carries the
 * owner marker @owner and the Port still holds exactly that Interface.
 * Returns a new JSON array (caller unrefs).
 */
JsonNode *virNetDevOpenvswitchPortRemoveRequest(const char *ifname,
                                                const char *owner,
                                                const char *portUUID,
                                                const char *ifaceUUID);

/**
 * virNetDevOpenvswitchPortAdd:
 * @db: the database
 * @port: the tap and its external ids
 * @ofport: set to the OpenFlow port number vswitchd assigned, or NULL
 *
 * Validates @port, adds it to its bridge in one transaction, then waits
 * (server side, within @db's timeout) until ovs-vswitchd has opened the
 * tap.  When vswitchd cannot (ofport -1), the rows are removed again and
 * its error column becomes the message.  An existing Port or Interface of
 * that name is refused and left alone (no --may-exist: a leftover of ours
 * is the reconcile's business, anyone else's is not ours to take).
 *
 * Returns 0, or -1 with an error reported.
 */
int virNetDevOpenvswitchPortAdd(const virNetDevOpenvswitchDb *db,
                                const virNetDevOpenvswitchPort *port,
                                int64_t *ofport);

/**
 * virNetDevOpenvswitchPortRemove:
 * @db: the database
 * @ifname: the tap's Interface name
 * @owner: the daemon's port UUID it was added with
 *
 * Removes the Port holding Interface @ifname if, and only if, that
 * Interface carries the owner marker @owner; the check and the delete are
 * one transaction.
 *
 * Returns 1 when removed, 0 when there is no such row of ours (absent, or
 * someone else's: left untouched), -1 with an error reported.
 */
int virNetDevOpenvswitchPortRemove(const virNetDevOpenvswitchDb *db,
                                   const char *ifname,
                                   const char *owner);

/**
 * virNetDevOpenvswitchPortList:
 * @db: the database
 * @ports: set to a new array of virNetDevOpenvswitchPortInfo (caller
 *         unrefs), the Interface rows carrying the owner marker, by name
 *
 * Returns 0, or -1 with an error reported.
 */
int virNetDevOpenvswitchPortList(const virNetDevOpenvswitchDb *db,
                                 GPtrArray **ports);

/**
 * virNetDevOpenvswitchPortListParse:
 * The reply of the list transaction (@result: its "result" array) into
 * @ports as virNetDevOpenvswitchPortList() returns them.  Rows whose
 * marker, name or ids would not pass the value gate are skipped: they
 * are not ours to act on.  Returns 0, or -1 with an error reported when
 * the reply is malformed.
 */
int virNetDevOpenvswitchPortListParse(JsonNode *result, GPtrArray **ports);

/**
 * virNetDevOpenvswitchBridgeExists:
 * Whether @db has a Bridge named @name.  Returns 1 or 0, or -1 with an
 * error reported.
 */
int virNetDevOpenvswitchBridgeExists(const virNetDevOpenvswitchDb *db, const char *name);

/* Keep (true) or remove (false) one of the daemon's rows at reconcile. */
typedef bool (*virNetDevOpenvswitchKeepFunc)(const virNetDevOpenvswitchPortInfo *info,
                                             void *opaque);

/**
 * virNetDevOpenvswitchTapExists:
 * A virNetDevOpenvswitchKeepFunc: keeps rows whose tap exists in the
 * caller's network namespace (@opaque unused).
 */
bool virNetDevOpenvswitchTapExists(const virNetDevOpenvswitchPortInfo *info,
                                   void *opaque);

/**
 * virNetDevOpenvswitchReconcile:
 * @db: the database
 * @keep: decides for each of the daemon's rows
 * @opaque: passed to @keep
 * @nremoved: set to the number of rows removed, or NULL
 *
 * After a restart: lists the daemon's rows and removes each one @keep
 * refuses (through virNetDevOpenvswitchPortRemove(), so the marker is
 * checked again at delete time).  Goes on after a failed removal and
 * reports the first failure.
 *
 * Returns 0, or -1 with an error reported.
 */
int virNetDevOpenvswitchReconcile(const virNetDevOpenvswitchDb *db,
                                  virNetDevOpenvswitchKeepFunc keep,
                                  void *opaque,
                                  unsigned int *nremoved);
