/*
 * networkd_port.h: the port manager — create, record, release ports
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "networkd_authz.h"
#include "networkd_controls.h"
#include "networkd_protocol.h"
#include "networkd_request.h"
#include "networkd_state.h"

/* The object path element of a port: its UUID as 32 lower-case hex digits. */
const char *virNetworkdPortNodeFormat(const unsigned char *uuid, char *node);

/* The daemon's port: its record and its names on the bus.  (A client's
 * copy of what the daemon says about a port is virNetworkdPortInfo,
 * networkd_client.h.) */
typedef struct _virNetworkdPortManager virNetworkdPortManager;

typedef struct _virNetworkdPort virNetworkdPort;
struct _virNetworkdPort {
    virNetworkdPortRecord *rec;
    char uuidstr[VIR_UUID_STRING_BUFLEN];   /* dashed */
    char node[VIR_NETWORKD_PORT_NODE_BUFLEN]; /* path element: 32 hex digits */
    char *path;                              /* full object path */
    /* plug direct: the pidfd of the process the macvtap lives with, -1 */
    int holderFd;
    guint holderSource;                      /* watches holderFd */
    virNetworkdPortManager *mgr;             /* for the watch */
    /* the IPv4 addresses its filter's set holds by learning
     * (networkd_learn.c), owned; not recorded */
    virSocketAddr *learnedIPs;
    size_t nlearnedIPs;
};

/* Called when a port goes away (deleted, device gone, rolled back after
 * it was announced); the port is freed right after the call. */
typedef void (*virNetworkdPortRemovedFunc)(virNetworkdPort *port, void *opaque);

/* Called when a port was made, before its fds reach the caller: 0, or
 * -1 with an error reported (the port is deleted again). */
typedef int (*virNetworkdPortAddedFunc)(virNetworkdPort *port, void *opaque);

virNetworkdPortManager *virNetworkdPortManagerNew(const char *stateDir,
                                                  unsigned int quota,
                                                  virNetworkdPortRemovedFunc removed,
                                                  void *opaque);
void virNetworkdPortManagerFree(virNetworkdPortManager *mgr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdPortManager, virNetworkdPortManagerFree);

void virNetworkdPortManagerSetControls(virNetworkdPortManager *mgr,
                                       const virNetworkdControlsPolicy *controls);

void virNetworkdPortManagerSetAdded(virNetworkdPortManager *mgr,
                                    virNetworkdPortAddedFunc added, void *opaque);

int virNetworkdPortManagerStart(virNetworkdPortManager *mgr);

typedef struct _virNetworkdOvs virNetworkdOvs;
void virNetworkdPortManagerSetOvs(virNetworkdPortManager *mgr, virNetworkdOvs *ovs);

virNetworkdPort *virNetworkdPortManagerCreate(virNetworkdPortManager *mgr,
                                              const virNetworkdRequest *req,
                                              uid_t uid,
                                              pid_t pid,
                                              int *fds);

int virNetworkdPortManagerDelete(virNetworkdPortManager *mgr, virNetworkdPort *port);

int virNetworkdPortManagerBindProcess(virNetworkdPortManager *mgr, virNetworkdPort *port,
                                      int pidfd);

void virNetworkdPortSetLearned(virNetworkdPort *port, const virSocketAddr *ips, size_t nips);
virNetworkdPort *virNetworkdPortManagerLookupNode(virNetworkdPortManager *mgr,
                                                  const char *node);
virNetworkdPort *virNetworkdPortManagerLookupUUID(virNetworkdPortManager *mgr,
                                                  const unsigned char *uuid);
GPtrArray *virNetworkdPortManagerList(virNetworkdPortManager *mgr);
unsigned int virNetworkdPortManagerCount(virNetworkdPortManager *mgr);
const virNetworkdQuota *virNetworkdPortManagerGetQuota(virNetworkdPortManager *mgr);

GVariant *virNetworkdPortFieldValue(const virNetworkdPort *port, virNetworkdField field);
