/*
 * networkd_network.h: the network manager — virtual networks the daemon
 * keeps: definitions, life cycle, runtime records, reconciliation
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "network_conf.h"
#include "networkd_authz.h"
#include "networkd_ovs.h"
#include "networkd_protocol.h"
#include "networkd_request.h"
#include "virdnsmasq.h"
#include "virenum.h"

typedef enum {
    VIR_NETWORKD_NETWORK_EVENT_DEFINED = 0,
    VIR_NETWORKD_NETWORK_EVENT_UNDEFINED,
    VIR_NETWORKD_NETWORK_EVENT_STARTED,
    VIR_NETWORKD_NETWORK_EVENT_STOPPED,

    VIR_NETWORKD_NETWORK_EVENT_LAST
} virNetworkdNetworkEvent;

VIR_ENUM_DECL(virNetworkdNetworkEvent);

/* GetXMLDesc flags */
#define VIR_NETWORKD_NETWORK_XML_INACTIVE (1u << 0)

/* A network the daemon keeps.  At least one of @persistent and @live is
 * set; both name the same network (name and uuid). */
typedef struct _virNetworkdNetwork virNetworkdNetwork;
struct _virNetworkdNetwork {
    virNetworkDef *persistent;    /* the stored definition; NULL: transient */
    virNetworkDef *live;          /* the running definition; NULL: inactive */
    bool autostart;
    char uuidstr[VIR_UUID_STRING_BUFLEN];     /* dashed */
    char node[VIR_NETWORKD_PORT_NODE_BUFLEN]; /* path element: 32 hex digits */
    char *path;                               /* full object path */
    char *ovnDhcp;        /* an OVN network's DHCP_Options UUID, while it runs
                           * (NULL: none, or not known yet) */
};

const char *virNetworkdNetworkName(const virNetworkdNetwork *net);
const char *virNetworkdNetworkBridge(const virNetworkdNetwork *net);
char *virNetworkdNetworkGetXML(const virNetworkdNetwork *net, unsigned int flags);

typedef struct _virNetworkdNetworkManager virNetworkdNetworkManager;

/* Called after a network changed; @net may be freed right after the call
 * (undefined, or a transient network stopped). */
typedef void (*virNetworkdNetworkEventFunc)(const virNetworkdNetwork *net,
                                            virNetworkdNetworkEvent event,
                                            void *opaque);

virNetworkdNetworkManager *virNetworkdNetworkManagerNew(const char *configDir,
                                                        const char *stateDir,
                                                        const char *dnsmasqUser,
                                                        virNetworkdNetworkEventFunc event,
                                                        void *opaque);
void virNetworkdNetworkManagerFree(virNetworkdNetworkManager *mgr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdNetworkManager, virNetworkdNetworkManagerFree);

void virNetworkdNetworkManagerSetOvs(virNetworkdNetworkManager *mgr, virNetworkdOvs *ovs);
int virNetworkdNetworkManagerStart(virNetworkdNetworkManager *mgr);

virNetworkDef *virNetworkdNetworkParse(const char *xml);

virNetworkdNetwork *virNetworkdNetworkManagerDefine(virNetworkdNetworkManager *mgr,
                                                    virNetworkDef *def);
virNetworkdNetwork *virNetworkdNetworkManagerCreate(virNetworkdNetworkManager *mgr,
                                                    virNetworkDef *def);
int virNetworkdNetworkManagerStartOne(virNetworkdNetworkManager *mgr,
                                      virNetworkdNetwork *net);
int virNetworkdNetworkManagerDestroy(virNetworkdNetworkManager *mgr,
                                     virNetworkdNetwork *net);
int virNetworkdNetworkManagerUndefine(virNetworkdNetworkManager *mgr,
                                      virNetworkdNetwork *net);
int virNetworkdNetworkManagerSetAutostart(virNetworkdNetworkManager *mgr,
                                          virNetworkdNetwork *net, bool autostart);
char *virNetworkdNetworkManagerLeasesPath(virNetworkdNetworkManager *mgr,
                                          const virNetworkdNetwork *net);
int virNetworkdNetworkManagerLeases(virNetworkdNetworkManager *mgr,
                                    const virNetworkdNetwork *net,
                                    virDnsmasqLease **leases, size_t *nleases);

virNetworkdNetwork *virNetworkdNetworkManagerLookupNode(virNetworkdNetworkManager *mgr,
                                                        const char *node);
virNetworkdNetwork *virNetworkdNetworkManagerLookupName(virNetworkdNetworkManager *mgr,
                                                        const char *name);
virNetworkdNetwork *virNetworkdNetworkManagerLookup(virNetworkdNetworkManager *mgr,
                                                    const char *nameOrUUID);
virNetworkdNetwork *virNetworkdNetworkManagerLookupBridge(virNetworkdNetworkManager *mgr,
                                                          const char *bridge);
GPtrArray *virNetworkdNetworkManagerList(virNetworkdNetworkManager *mgr);

void virNetworkdNetworkReportNotFound(const char *name);

int virNetworkdNetworkManagerResolvePort(virNetworkdNetworkManager *mgr,
                                         virNetworkdRequest *req);
void virNetworkdNetworkManagerPortTarget(virNetworkdNetworkManager *mgr,
                                         const virNetworkdRequest *req,
                                         virNetworkdAuthzInput *in);
GVariant *virNetworkdNetworkProperties(const virNetworkdNetwork *net);
GVariant *virNetworkdNetworkLeasesVariant(const virNetworkdNetwork *net,
                                          const virDnsmasqLease *leases, size_t nleases,
                                          GHashTable *macs, const virMacAddr *mac);
