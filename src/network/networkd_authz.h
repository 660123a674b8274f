/*
 * networkd_authz.h: who may do what — the daemon's privileged calls and
 * their checks, in one table
 *
 * Every method a caller can invoke is one virNetworkdCallKind and one row
 * of the table in networkd_authz.c: the polkit action and its details,
 * who needs no polkit (uid 0, the port's owner), what a refusal looks
 * like, whether it takes a per-user port slot and whether it counts
 * against the per-connection limit of calls in flight.  The decision is a
 * pure function of the row and of what is known about the call, polkit's
 * answer included, so tests/networkdauthztest.c covers the whole matrix
 * without root or polkitd.  The asking itself is networkd_policy.c's.
 *
 * Pure accounting of the per-user quota lives here too.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "virenum.h"

typedef enum {
    VIR_NETWORKD_CALL_CREATE_PORT = 0,   /* Manager.CreatePort */
    VIR_NETWORKD_CALL_LIST_PORTS,        /* Manager.ListPorts */
    VIR_NETWORKD_CALL_GET_PORT,          /* Manager.GetPort */
    VIR_NETWORKD_CALL_PORT_DELETE,       /* Port.Delete */
    VIR_NETWORKD_CALL_PORT_GET,          /* Properties.Get on a port */
    VIR_NETWORKD_CALL_PORT_GET_ALL,      /* Properties.GetAll on a port */
    VIR_NETWORKD_CALL_DEFINE_NETWORK,    /* Manager.DefineNetwork */
    VIR_NETWORKD_CALL_CREATE_NETWORK,    /* Manager.CreateNetwork */
    VIR_NETWORKD_CALL_LIST_NETWORKS,     /* Manager.ListNetworks */
    VIR_NETWORKD_CALL_LOOKUP_NETWORK,    /* Manager.LookupNetwork */
    VIR_NETWORKD_CALL_NETWORK_START,     /* Network.Start */
    VIR_NETWORKD_CALL_NETWORK_DESTROY,   /* Network.Destroy */
    VIR_NETWORKD_CALL_NETWORK_UNDEFINE,  /* Network.Undefine */
    VIR_NETWORKD_CALL_NETWORK_AUTOSTART, /* Network.SetAutostart */
    VIR_NETWORKD_CALL_NETWORK_XML,       /* Network.GetXMLDesc */
    VIR_NETWORKD_CALL_NETWORK_LEASES,    /* Network.GetDHCPLeases */
    VIR_NETWORKD_CALL_NETWORK_GET,       /* Properties.Get on a network */
    VIR_NETWORKD_CALL_NETWORK_GET_ALL,   /* Properties.GetAll on a network */
    VIR_NETWORKD_CALL_PORT_BIND_PROCESS, /* Port.BindProcess */

    VIR_NETWORKD_CALL_LAST
} virNetworkdCallKind;

VIR_ENUM_DECL(virNetworkdCallKind);

#define VIR_NETWORKD_ACTION_PORT_CREATE "org.libvirt.networkd.port.create"
#define VIR_NETWORKD_ACTION_PORT_DELETE_ANY "org.libvirt.networkd.port.delete-any"
#define VIR_NETWORKD_ACTION_PORT_LIST_ANY "org.libvirt.networkd.port.list-any"
#define VIR_NETWORKD_ACTION_NETWORK_MANAGE "org.libvirt.networkd.network.manage"
#define VIR_NETWORKD_ACTION_NETWORK_LEASES_ANY "org.libvirt.networkd.network.leases-any"

/* The polkit details a rule can send (names in networkd_authz.c). */
typedef enum {
    VIR_NETWORKD_AUTHZ_DETAIL_NONE = 0,  /* ends a rule's list */
    VIR_NETWORKD_AUTHZ_DETAIL_PLUG,      /* the plug type asked for */
    VIR_NETWORKD_AUTHZ_DETAIL_BRIDGE,    /* the bridge asked for, or the port's */
    VIR_NETWORKD_AUTHZ_DETAIL_UID,       /* the caller's uid */
    VIR_NETWORKD_AUTHZ_DETAIL_PORT_UID,  /* the port's owner */
    VIR_NETWORKD_AUTHZ_DETAIL_NETWORK,   /* the network asked for, or acted on */
    VIR_NETWORKD_AUTHZ_DETAIL_DEVICE,    /* plug direct: the host interface asked for */
    VIR_NETWORKD_AUTHZ_DETAIL_MODE,      /* plug direct: the macvtap mode asked for */
    VIR_NETWORKD_AUTHZ_DETAIL_IFNAME,    /* the tap name asked for ("": the daemon's) */
    VIR_NETWORKD_AUTHZ_DETAIL_VIRTUALPORT, /* CreatePort: "openvswitch" or "" */
    VIR_NETWORKD_AUTHZ_DETAIL_INTERFACEID, /* CreatePort: the iface-id (OVN logical port) */
    VIR_NETWORKD_AUTHZ_DETAIL_OVN_SWITCH,  /* CreatePort: the logical switch to create it on
                                            * (an OVN network's: its switch) */
    VIR_NETWORKD_AUTHZ_DETAIL_OVN_PORT,    /* CreatePort: the logical switch port bound
                                            * ("": one the daemon creates and names) */

    VIR_NETWORKD_AUTHZ_DETAIL_LAST
} virNetworkdAuthzDetail;

VIR_ENUM_DECL(virNetworkdAuthzDetail);

#define VIR_NETWORKD_AUTHZ_DETAILS_MAX 11

/* What a refusal by polkit looks like to the caller. */
typedef enum {
    VIR_NETWORKD_AUTHZ_REFUSE_DENIED = 0,  /* AccessDenied, with polkit's reason */
    VIR_NETWORKD_AUTHZ_REFUSE_NOT_FOUND,   /* NotFound: "not yours" reads as "none" */
    VIR_NETWORKD_AUTHZ_REFUSE_OWN_ONLY,    /* no error: the caller's own ports only */

    VIR_NETWORKD_AUTHZ_REFUSE_LAST
} virNetworkdAuthzRefusal;

VIR_ENUM_DECL(virNetworkdAuthzRefusal);

typedef struct {
    const char *action;          /* polkit action; NULL: anyone may call */
    virNetworkdAuthzDetail details[VIR_NETWORKD_AUTHZ_DETAILS_MAX + 1];
    bool onPort;                 /* about one existing port (NotFound when none) */
    bool rootBypass;             /* uid 0 needs no polkit */
    bool ownerBypass;            /* the port's owner needs no polkit */
    bool interactive;            /* polkit may ask for a password if the caller allows */
    virNetworkdAuthzRefusal refusal;
    bool quota;                  /* takes one of the caller's per-user port slots */
    bool pending;                /* counts against the per-connection and per-user limits */
} virNetworkdAuthzRule;

const virNetworkdAuthzRule *virNetworkdAuthzRuleGet(virNetworkdCallKind call);

/* polkit's answer, as far as it is known. */
typedef enum {
    VIR_NETWORKD_AUTHZ_POLKIT_NOT_ASKED = 0,
    VIR_NETWORKD_AUTHZ_POLKIT_YES,
    VIR_NETWORKD_AUTHZ_POLKIT_NO,        /* refused, or no answer at all */

    VIR_NETWORKD_AUTHZ_POLKIT_LAST
} virNetworkdAuthzPolkit;

VIR_ENUM_DECL(virNetworkdAuthzPolkit);

/* Everything a decision depends on. */
typedef struct {
    virNetworkdCallKind call;
    uid_t uid;                   /* the caller's, from the bus */
    virNetworkdAuthzPolkit polkit;
    bool hasPort;                /* onPort calls: the port exists */
    uid_t portUid;               /* ... and its owner */
    const char *portUUID;        /* ... and its UUID (for messages) */
    const char *plug;            /* CreatePort: the plug asked for */
    const char *bridge;          /* CreatePort: the bridge asked for; else the port's */
    const char *network;         /* CreatePort: the network asked for (or whose
                                  * bridge was); network calls: the network */
    const char *device;          /* CreatePort: the host interface asked for (direct) */
    const char *mode;            /* CreatePort: the macvtap mode asked for (direct) */
    const char *ifname;          /* CreatePort: the tap name asked for, or NULL */
    const char *virtualport;     /* CreatePort: the virtual port type, or NULL */
    const char *interfaceId;     /* CreatePort: the iface-id asked for, or NULL */
    const char *ovnSwitch;       /* CreatePort: the logical switch asked for, or NULL */
    unsigned int quotaUsed;      /* ports the caller holds */
    unsigned int quotaLimit;     /* ports one (non-root) user may hold */
} virNetworkdAuthzInput;

typedef enum {
    VIR_NETWORKD_AUTHZ_ALLOW = 0,        /* act */
    VIR_NETWORKD_AUTHZ_ALLOW_OWN,        /* act on the caller's own ports only */
    VIR_NETWORKD_AUTHZ_ASK_POLKIT,       /* ask, then decide again with the answer */
    VIR_NETWORKD_AUTHZ_NO_PORT,          /* NotFound: there is no such port */
    VIR_NETWORKD_AUTHZ_DENY,             /* AccessDenied: polkit's refusal */
    VIR_NETWORKD_AUTHZ_DENY_NOT_FOUND,   /* NotFound: a refused read */
    VIR_NETWORKD_AUTHZ_OVER_QUOTA,       /* QuotaExceeded: the per-user limit */

    VIR_NETWORKD_AUTHZ_LAST
} virNetworkdAuthzVerdict;

VIR_ENUM_DECL(virNetworkdAuthzVerdict);

bool virNetworkdAuthzAdmit(virNetworkdCallKind call,
                           unsigned int pending,
                           unsigned int maxPending);
virNetworkdAuthzVerdict virNetworkdAuthzDecide(const virNetworkdAuthzInput *in);
char **virNetworkdAuthzDetails(const virNetworkdAuthzInput *in);
char *virNetworkdAuthzDeniedMessage(const virNetworkdAuthzInput *in);
void virNetworkdAuthzReport(const virNetworkdAuthzInput *in,
                            virNetworkdAuthzVerdict verdict,
                            const char *node);
void virNetworkdAuthzReportBusy(unsigned int maxPending);

/* Per-user port quota (pure accounting, no host access). */
typedef struct _virNetworkdQuota virNetworkdQuota;

virNetworkdQuota *virNetworkdQuotaNew(unsigned int perUser);
void virNetworkdQuotaFree(virNetworkdQuota *quota);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdQuota, virNetworkdQuotaFree);
int virNetworkdQuotaAcquire(virNetworkdQuota *quota, uid_t uid);
void virNetworkdQuotaAdd(virNetworkdQuota *quota, uid_t uid);
void virNetworkdQuotaRelease(virNetworkdQuota *quota, uid_t uid);
unsigned int virNetworkdQuotaUsed(const virNetworkdQuota *quota, uid_t uid);
unsigned int virNetworkdQuotaUsers(const virNetworkdQuota *quota);
unsigned int virNetworkdQuotaLimit(const virNetworkdQuota *quota);
