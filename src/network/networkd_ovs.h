/*
 * networkd_ovs.h: the daemon's Open vSwitch plug and OVN logical port
 * ownership
 *
 * What the port manager calls for a port whose virtualport is
 * "openvswitch": bind the logical switch port (when an OVN northbound
 * database is configured and the port names an iface-id), add the tap to
 * the OVS bridge with its external ids, and undo both when the port goes
 * or, after a restart, when its record is gone.  The host facilities are
 * src/util's (virnetdevopenvswitch.c, virovnnb.c); this file decides what
 * the daemon's records mean to them.
 *
 * A network that maps to an OVN logical switch calls the same functions
 * with a target of its own (its integration bridge, logical switch and
 * northbound database) instead of virNetworkdOvsTargetFromRecord().
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "networkd_state.h"
#include "virnetdevopenvswitch.h"
#include "virovnnb.h"

typedef struct _virNetworkdOvs virNetworkdOvs;

/* The logical switch ports the daemon names itself, for ports on an OVN
 * network: this prefix and the port's UUID. */
#define VIR_NETWORKD_OVN_PORT_PREFIX "networkd-"

/* Where a port's tap goes and which logical port it binds. */
typedef struct _virNetworkdOvsTarget virNetworkdOvsTarget;
struct _virNetworkdOvsTarget {
    const char *bridge;     /* the OVS bridge */
    const char *addresses;  /* addresses of a logical port created for it
                             * (an OVN network's), NULL: the MAC */
    const char *dhcpv4Options; /* DHCP_Options of a logical port created
                                * for it, or NULL */
    const char *ifaceId;    /* external_ids:iface-id, or NULL */
    const char *lswitch;    /* create the logical port on it when absent, or NULL */
    const char *nbSocket;   /* the northbound database that decides who owns
                             * ifaceId; NULL: no ownership check (plain OVS) */
};

virNetworkdOvs *virNetworkdOvsNew(const char *ovsDbSocket,
                                  const char *ovnNbSocket,
                                  const char *hostId,
                                  unsigned int timeoutMs);
void virNetworkdOvsFree(virNetworkdOvs *ovs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdOvs, virNetworkdOvsFree);

/* How long one OVSDB operation may take, by default (ovsdb_timeout_ms). */
#define VIR_NETWORKD_OVSDB_TIMEOUT_MS 5000

virNetworkdOvs *virNetworkdOvsNewFromConfig(GKeyFile *kf, const char *group, const char *path);
int virNetworkdOvsParseAddress(const char *key, const char *address, char **socketPath);

void virNetworkdOvsGetDb(const virNetworkdOvs *ovs, virNetDevOpenvswitchDb *db);
void virNetworkdOvsGetNb(const virNetworkdOvs *ovs, virOvnNbDb *nb);
const char *virNetworkdOvsHostId(const virNetworkdOvs *ovs);

void virNetworkdOvsTargetFromRecord(const virNetworkdOvs *ovs,
                                    const virNetworkdPortRecord *rec,
                                    virNetworkdOvsTarget *target);

int virNetworkdOvsPortPlug(virNetworkdOvs *ovs,
                           const virNetworkdOvsTarget *target,
                           const virNetworkdPortRecord *rec);
int virNetworkdOvsPortUnplug(virNetworkdOvs *ovs,
                             const virNetworkdOvsTarget *target,
                             const virNetworkdPortRecord *rec);

/* Whether the daemon still has the port with UUID @owner (dashed). */
typedef bool (*virNetworkdOvsKeepFunc)(const char *owner, void *opaque);

int virNetworkdOvsReconcile(virNetworkdOvs *ovs, virNetworkdOvsKeepFunc keep, void *opaque);
void virNetworkdOvsReconcileNb(virNetworkdOvs *ovs, const char *socketPath);
