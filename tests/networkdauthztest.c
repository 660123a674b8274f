/*
 * networkdauthztest.c: the authorization table and its decisions
 *
 * Without root or polkitd: polkit's answer is an input of the decision.
 * The tables below are the whole matrix — every call kind as uid 0, as
 * the port's owner and as someone else, before polkit is asked and with
 * each answer, with and without the port, at and below the quota — and
 * each rule of networkd_authz.c spelled out, so that changing a row fails
 * here until the expectation is changed too.
 */
#include "testutils.h"
#include "networkd_authz.h"
#include "networkd_protocol.h"
#include "virerror.h"

#include <stdio.h>
#include <string.h>

#define ROOT 0
#define OWNER 1000
#define OTHER 1001

/* --- the rules, spelled out ------------------------------------------- */

/* managing a network: admins; reading one: anyone, polkit never asked */
#define NETWORK_MANAGE \
    "action=org.libvirt.networkd.network.manage details=network,uid onPort=0 " \
    "rootBypass=1 ownerBypass=0 interactive=1 refusal=denied quota=0 pending=1"
#define NETWORK_READ \
    "action=none details= onPort=0 rootBypass=0 ownerBypass=0 interactive=0 " \
    "refusal=denied quota=0 pending=1"

static const char *const ruleExpect[VIR_NETWORKD_CALL_LAST] = {
    [VIR_NETWORKD_CALL_CREATE_PORT] =
        "action=org.libvirt.networkd.port.create "
        "details=plug,bridge,network,uid,device,mode,ifname,virtualport,interfaceid,ovn-switch,"
        "ovn-port "
        "onPort=0 "
        "rootBypass=1 ownerBypass=0 interactive=1 refusal=denied quota=1 pending=1",
    [VIR_NETWORKD_CALL_LIST_PORTS] =
        "action=org.libvirt.networkd.port.list-any details=uid onPort=0 "
        "rootBypass=1 ownerBypass=0 interactive=0 refusal=own-only quota=0 pending=1",
    [VIR_NETWORKD_CALL_GET_PORT] =
        "action=org.libvirt.networkd.port.list-any details=uid,port-uid,bridge onPort=1 "
        "rootBypass=1 ownerBypass=1 interactive=1 refusal=not-found quota=0 pending=1",
    [VIR_NETWORKD_CALL_PORT_DELETE] =
        "action=org.libvirt.networkd.port.delete-any details=uid,port-uid,bridge onPort=1 "
        "rootBypass=1 ownerBypass=1 interactive=1 refusal=not-found quota=0 pending=1",
    [VIR_NETWORKD_CALL_PORT_GET] =
        "action=org.libvirt.networkd.port.list-any details=uid,port-uid,bridge onPort=1 "
        "rootBypass=1 ownerBypass=1 interactive=1 refusal=denied quota=0 pending=1",
    [VIR_NETWORKD_CALL_PORT_GET_ALL] =
        "action=org.libvirt.networkd.port.list-any details=uid,port-uid,bridge onPort=1 "
        "rootBypass=1 ownerBypass=1 interactive=1 refusal=denied quota=0 pending=1",
    [VIR_NETWORKD_CALL_DEFINE_NETWORK] = NETWORK_MANAGE,
    [VIR_NETWORKD_CALL_CREATE_NETWORK] = NETWORK_MANAGE,
    [VIR_NETWORKD_CALL_LIST_NETWORKS] = NETWORK_READ,
    [VIR_NETWORKD_CALL_LOOKUP_NETWORK] = NETWORK_READ,
    [VIR_NETWORKD_CALL_NETWORK_START] = NETWORK_MANAGE,
    [VIR_NETWORKD_CALL_NETWORK_DESTROY] = NETWORK_MANAGE,
    [VIR_NETWORKD_CALL_NETWORK_UNDEFINE] = NETWORK_MANAGE,
    [VIR_NETWORKD_CALL_NETWORK_AUTOSTART] = NETWORK_MANAGE,
    [VIR_NETWORKD_CALL_NETWORK_XML] = NETWORK_READ,
    [VIR_NETWORKD_CALL_NETWORK_LEASES] =
        "action=org.libvirt.networkd.network.leases-any details=network,uid onPort=0 "
        "rootBypass=1 ownerBypass=0 interactive=0 refusal=own-only quota=0 pending=1",
    [VIR_NETWORKD_CALL_NETWORK_GET] = NETWORK_READ,
    [VIR_NETWORKD_CALL_NETWORK_GET_ALL] = NETWORK_READ,
    [VIR_NETWORKD_CALL_PORT_BIND_PROCESS] =
        "action=org.libvirt.networkd.port.delete-any details=uid,port-uid,bridge onPort=1 "
        "rootBypass=1 ownerBypass=1 interactive=1 refusal=not-found quota=0 pending=1",
};

/**
 * testRuleOne:
 * One rule, every column, against its spelled-out expectation.
 */
static int
testRuleOne(const void *opaque)
{
    virNetworkdCallKind call = GPOINTER_TO_INT(opaque);
    const virNetworkdAuthzRule *rule = virNetworkdAuthzRuleGet(call);
    g_autoptr(GString) details = g_string_new(NULL);
    g_autofree char *text = NULL;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(rule->details) && rule->details[i]; i++)
        g_string_append_printf(details, "%s%s", i ? "," : "",
                               virNetworkdAuthzDetailTypeToString(rule->details[i]));
    text = g_strdup_printf("action=%s details=%s onPort=%d rootBypass=%d ownerBypass=%d "
                           "interactive=%d refusal=%s quota=%d pending=%d",
                           rule->action ? rule->action : "none", details->str,
                           rule->onPort, rule->rootBypass,
                           rule->ownerBypass, rule->interactive,
                           virNetworkdAuthzRefusalTypeToString(rule->refusal),
                           rule->quota, rule->pending);
    return virTestCompareStrings(ruleExpect[call], text);
}

/* --- the decision matrix ---------------------------------------------- */

typedef struct {
    virNetworkdCallKind call;
    uid_t uid;
    int portUid;                 /* -1: no such port */
    virNetworkdAuthzPolkit polkit;
    unsigned int used;           /* the caller's ports ... */
    unsigned int limit;          /* ... and the per-user limit */
    virNetworkdAuthzVerdict expect;
} testDecideCase;

#define CREATE VIR_NETWORKD_CALL_CREATE_PORT
#define LIST VIR_NETWORKD_CALL_LIST_PORTS
#define GETPORT VIR_NETWORKD_CALL_GET_PORT
#define DELETE VIR_NETWORKD_CALL_PORT_DELETE
#define GET VIR_NETWORKD_CALL_PORT_GET
#define GETALL VIR_NETWORKD_CALL_PORT_GET_ALL
#define NDEFINE VIR_NETWORKD_CALL_DEFINE_NETWORK
#define NLIST VIR_NETWORKD_CALL_LIST_NETWORKS
#define NSTART VIR_NETWORKD_CALL_NETWORK_START
#define NXML VIR_NETWORKD_CALL_NETWORK_XML
#define NLEASES VIR_NETWORKD_CALL_NETWORK_LEASES
#define NGET VIR_NETWORKD_CALL_NETWORK_GET
#define BIND VIR_NETWORKD_CALL_PORT_BIND_PROCESS
#define NOT_ASKED VIR_NETWORKD_AUTHZ_POLKIT_NOT_ASKED
#define YES VIR_NETWORKD_AUTHZ_POLKIT_YES
#define NO VIR_NETWORKD_AUTHZ_POLKIT_NO
#define ALLOW VIR_NETWORKD_AUTHZ_ALLOW
#define ALLOW_OWN VIR_NETWORKD_AUTHZ_ALLOW_OWN
#define ASK VIR_NETWORKD_AUTHZ_ASK_POLKIT
#define NO_PORT VIR_NETWORKD_AUTHZ_NO_PORT
#define DENY VIR_NETWORKD_AUTHZ_DENY
#define DENY_NOT_FOUND VIR_NETWORKD_AUTHZ_DENY_NOT_FOUND
#define OVER_QUOTA VIR_NETWORKD_AUTHZ_OVER_QUOTA

/* Port calls behave alike but for the refusal: one block per call. */
#define PORT_CASES(c, refused) \
    { c, ROOT, OWNER, NOT_ASKED, 0, 1, ALLOW }, \
    { c, OWNER, OWNER, NOT_ASKED, 9, 1, ALLOW }, \
    { c, OTHER, OWNER, NOT_ASKED, 0, 1, ASK }, \
    { c, OTHER, OWNER, YES, 9, 1, ALLOW }, \
    { c, OTHER, OWNER, NO, 0, 1, refused }, \
    { c, ROOT, -1, NOT_ASKED, 0, 1, NO_PORT }, \
    { c, OWNER, -1, NOT_ASKED, 0, 1, NO_PORT }, \
    { c, OTHER, -1, NOT_ASKED, 0, 1, NO_PORT }, \
    { c, OTHER, -1, YES, 0, 1, NO_PORT }, \
    { c, OTHER, -1, NO, 0, 1, NO_PORT }, \
    { c, OWNER, ROOT, NOT_ASKED, 0, 1, ASK }, \
    { c, OWNER, ROOT, YES, 0, 1, ALLOW }

static const testDecideCase decideCases[] = {
    /* CreatePort: uid 0 passes and is never limited; everyone else asks
     * polkit first, and the quota counts only after a "yes". */
    { CREATE, ROOT, -1, NOT_ASKED, 0, 2, ALLOW },
    { CREATE, ROOT, -1, NOT_ASKED, 5, 2, ALLOW },
    { CREATE, ROOT, -1, NOT_ASKED, 0, 0, ALLOW },
    { CREATE, OWNER, -1, NOT_ASKED, 0, 2, ASK },
    { CREATE, OWNER, -1, NOT_ASKED, 2, 2, ASK },
    { CREATE, OWNER, -1, YES, 0, 2, ALLOW },
    { CREATE, OWNER, -1, YES, 1, 2, ALLOW },
    { CREATE, OWNER, -1, YES, 2, 2, OVER_QUOTA },
    { CREATE, OWNER, -1, YES, 3, 2, OVER_QUOTA },
    { CREATE, OWNER, -1, YES, 0, 0, OVER_QUOTA },
    { CREATE, OWNER, -1, NO, 0, 2, DENY },
    { CREATE, OWNER, -1, NO, 2, 2, DENY },
    /* ListPorts: a refusal still lists the caller's own */
    { LIST, ROOT, -1, NOT_ASKED, 0, 0, ALLOW },
    { LIST, OWNER, -1, NOT_ASKED, 0, 0, ASK },
    { LIST, OWNER, -1, YES, 9, 0, ALLOW },
    { LIST, OWNER, -1, NO, 0, 0, ALLOW_OWN },
    /* GetPort and Delete(): another user's port, refused, reads as no port */
    PORT_CASES(GETPORT, DENY_NOT_FOUND),
    PORT_CASES(DELETE, DENY_NOT_FOUND),
    PORT_CASES(GET, DENY),
    PORT_CASES(GETALL, DENY),
    /* networks: managing asks polkit unless uid 0 */
    { NDEFINE, ROOT, -1, NOT_ASKED, 0, 0, ALLOW },
    { NDEFINE, OWNER, -1, NOT_ASKED, 0, 0, ASK },
    { NDEFINE, OWNER, -1, YES, 9, 0, ALLOW },
    { NDEFINE, OWNER, -1, NO, 0, 0, DENY },
    { NSTART, OWNER, -1, NOT_ASKED, 0, 0, ASK },
    { NSTART, OWNER, -1, NO, 0, 0, DENY },
    /* reading networks: anyone, never polkit, never a quota */
    { NLIST, OWNER, -1, NOT_ASKED, 9, 0, ALLOW },
    { NXML, OTHER, -1, NOT_ASKED, 0, 0, ALLOW },
    { NGET, OTHER, -1, NOT_ASKED, 0, 0, ALLOW },
    /* leases: every one for uid 0 or leases-any, else the caller's own */
    { NLEASES, ROOT, -1, NOT_ASKED, 0, 0, ALLOW },
    { NLEASES, OWNER, -1, NOT_ASKED, 0, 0, ASK },
    { NLEASES, OWNER, -1, YES, 0, 0, ALLOW },
    { NLEASES, OWNER, -1, NO, 0, 0, ALLOW_OWN },
    /* BindProcess decides how long a port lives: as Delete() */
    PORT_CASES(BIND, DENY_NOT_FOUND),
};

/**
 * testDecideOne:
 * One input through virNetworkdAuthzDecide.
 */
static int
testDecideOne(const void *opaque)
{
    const testDecideCase *c = opaque;
    virNetworkdAuthzInput in = {
        .call = c->call,
        .uid = c->uid,
        .polkit = c->polkit,
        .hasPort = c->portUid >= 0,
        .portUid = c->portUid >= 0 ? c->portUid : 0,
        .bridge = "br0",
        .quotaUsed = c->used,
        .quotaLimit = c->limit,
    };

    return virTestCompareStrings(virNetworkdAuthzVerdictTypeToString(c->expect),
                                 virNetworkdAuthzVerdictTypeToString(virNetworkdAuthzDecide(&in)));
}

/* --- admission -------------------------------------------------------- */

typedef struct {
    virNetworkdCallKind call;
    unsigned int pending;
    unsigned int max;
    bool expect;
} testAdmitCase;

static const testAdmitCase admitCases[] = {
    { CREATE, 0, 1, true },
    { CREATE, 1, 1, false },
    { LIST, 31, 32, true },
    { LIST, 32, 32, false },
    { GETPORT, 40, 32, false },
    { DELETE, 0, 32, true },
    { GET, 32, 32, false },
    { GETALL, 31, 32, true },
    { BIND, 32, 32, false },
};

/**
 * testAdmitOne:
 * One call arriving with @pending calls already in flight.
 */
static int
testAdmitOne(const void *opaque)
{
    const testAdmitCase *c = opaque;

    if (virNetworkdAuthzAdmit(c->call, c->pending, c->max) != c->expect) {
        fprintf(stderr, "%s with %u of %u in flight: admitted %d\n",
                virNetworkdCallKindTypeToString(c->call), c->pending, c->max, !c->expect);
        return -1;
    }
    return 0;
}

/* --- what polkit is asked and what a refusal says ---------------------- */

typedef struct {
    virNetworkdCallKind call;
    uid_t uid;
    uid_t portUid;
    const char *details;
    const char *denied;
    const char *network;         /* the network asked for, or NULL */
    const char *device;          /* CreatePort of plug "direct": its device */
    const char *mode;            /* ... and mode */
    const char *ifname;          /* non-NULL: a plug "none" CreatePort naming its tap */
    const char *virtualport;     /* CreatePort of an Open vSwitch port: "openvswitch", */
    const char *interfaceId;     /* ... its iface-id, or NULL */
    const char *ovnSwitch;       /* ... its logical switch, or NULL */
} testAskCase;

#define UUID1 "0c5e4b7a-9d3f-4f6e-8a51-2b7c9e1d4f60"

static const testAskCase askCases[] = {
    { CREATE, OWNER, 0, "plug=bridge bridge=br1 network= uid=1000",
      "not authorized to create a port on bridge 'br1'", NULL },
    /* a network's port: rules see the network, and the refusal names it */
    { CREATE, OWNER, 0, "plug=bridge bridge=br1 network=nat1 uid=1000",
      "not authorized to create a port on network 'nat1'", "nat1" },
    /* a routed tap: no bridge, the name asked for ("" when none) */
    { CREATE, OWNER, 0, "plug=none bridge= network= uid=1000 ifname=tap-web",
      "not authorized to create a port with plug 'none'", .ifname = "tap-web" },
    { CREATE, OTHER, 0, "plug=none bridge= network= uid=1001 ifname=",
      "not authorized to create a port with plug 'none'", .ifname = "" },
    /* an Open vSwitch port: the three keys, "" for those not given */
    { CREATE, OWNER, 0,
      "plug=bridge bridge=br1 network= uid=1000 virtualport=openvswitch interfaceid=lsp-web "
      "ovn-switch=tenant1 ovn-port=lsp-web",
      "not authorized to create a port on bridge 'br1'",
      .virtualport = "openvswitch", .interfaceId = "lsp-web", .ovnSwitch = "tenant1" },
    { CREATE, OTHER, 0,
      "plug=bridge bridge=br1 network= uid=1001 virtualport=openvswitch interfaceid= ovn-switch= "
      "ovn-port=",
      "not authorized to create a port on bridge 'br1'", .virtualport = "openvswitch" },
    /* a port on an OVN network: its switch, and a logical port the
     * daemon names ("") or the one asked for; the refusal names the
     * network */
    { CREATE, OTHER, 0,
      "plug=bridge bridge=br1 network=tenant1 uid=1001 virtualport=openvswitch interfaceid= "
      "ovn-switch=tenant1 ovn-port=",
      "not authorized to create a port on network 'tenant1'", "tenant1",
      .virtualport = "openvswitch", .ovnSwitch = "tenant1" },
    { CREATE, OWNER, 0,
      "plug=bridge bridge=br1 network=tenant1 uid=1000 virtualport=openvswitch interfaceid=web-1 "
      "ovn-switch=tenant1 ovn-port=web-1",
      "not authorized to create a port on network 'tenant1'", "tenant1",
      .virtualport = "openvswitch", .interfaceId = "web-1", .ovnSwitch = "tenant1" },
    { LIST, OTHER, 0, "uid=1001",
      "not authorized to list other users' ports", NULL },
    { GETPORT, OTHER, OWNER, "uid=1001 port-uid=1000 bridge=br1",
      "not authorized to read port '" UUID1 "' of uid 1000", NULL },
    { DELETE, OTHER, OWNER, "uid=1001 port-uid=1000 bridge=br1",
      "not authorized to delete port '" UUID1 "' of uid 1000", NULL },
    { GET, OWNER, ROOT, "uid=1000 port-uid=0 bridge=br1",
      "not authorized to read port '" UUID1 "' of uid 0", NULL },
    { GETALL, OTHER, OWNER, "uid=1001 port-uid=1000 bridge=br1",
      "not authorized to read port '" UUID1 "' of uid 1000", NULL },
    { NDEFINE, OWNER, 0, "network=nat1 uid=1000",
      "not authorized to manage network 'nat1'", "nat1" },
    { NSTART, OTHER, 0, "network=nat1 uid=1001",
      "not authorized to manage network 'nat1'", "nat1" },
    { NLEASES, OTHER, 0, "network=nat1 uid=1001",
      "not authorized to read other users' leases on network 'nat1'", "nat1" },
    { CREATE, OWNER, 0, "plug=direct bridge= network= uid=1000 device=eth0 mode=passthrough",
      "not authorized to create a port on host interface 'eth0'", NULL, "eth0", "passthrough" },
    { BIND, OTHER, OWNER, "uid=1001 port-uid=1000 bridge=br1",
      "not authorized to delete port '" UUID1 "' of uid 1000", NULL },
};

/**
 * testAskOne:
 * The details polkit gets and the refusal's message, for one call.
 */
static int
testAskOne(const void *opaque)
{
    const testAskCase *c = opaque;
    virNetworkdAuthzInput in = {
        .call = c->call,
        .uid = c->uid,
        .hasPort = c->call != CREATE && c->call != LIST,
        .portUid = c->portUid,
        .portUUID = UUID1,
        .plug = c->ifname ? "none" : c->device ? "direct" : "bridge",
        .bridge = c->ifname || c->device ? NULL : "br1",
        .network = c->network,
        .device = c->device,
        .mode = c->mode,
        .ifname = c->ifname && *c->ifname ? c->ifname : NULL,
        .virtualport = c->virtualport,
        .interfaceId = c->interfaceId,
        .ovnSwitch = c->ovnSwitch,
    };
    g_auto(GStrv) details = virNetworkdAuthzDetails(&in);
    g_autoptr(GString) text = g_string_new(NULL);
    g_autofree char *denied = virNetworkdAuthzDeniedMessage(&in);
    size_t i;

    for (i = 0; details[i] && details[i + 1]; i += 2)
        g_string_append_printf(text, "%s%s=%s", i ? " " : "", details[i], details[i + 1]);
    if (virTestCompareStrings(c->details, text->str) < 0)
        return -1;
    return virTestCompareStrings(c->denied, denied);
}

/* --- refusals on the bus ----------------------------------------------- */

typedef struct {
    virNetworkdAuthzVerdict verdict;   /* VIR_NETWORKD_AUTHZ_LAST: busy */
    const char *name;                  /* the D-Bus error it is answered with */
    const char *message;
} testReportCase;

#define NWD "org.libvirt.Networkd1.Error."

static const testReportCase reportCases[] = {
    { NO_PORT, NWD "NotFound", "network port not found: no port at 'abc'" },
    { DENY_NOT_FOUND, NWD "NotFound", "network port not found: no port at 'abc'" },
    { OVER_QUOTA, NWD "QuotaExceeded", "quota exceeded: user 1000 already holds 4 ports (the limit)" },
    { DENY, NWD "AccessDenied", "access denied: not authorized to create a port on bridge 'br0'" },
    { VIR_NETWORKD_AUTHZ_LAST, NWD "QuotaExceeded",
      "quota exceeded: too many requests in flight on this connection (the limit is 32)" },
};

/**
 * testReportOne:
 * One refusal: its message, and the API error the daemon answers it with.
 */
static int
testReportOne(const void *opaque)
{
    const testReportCase *c = opaque;
    virNetworkdAuthzInput in = {
        .call = CREATE, .uid = OWNER, .bridge = "br0", .quotaUsed = 4, .quotaLimit = 4,
    };
    const char *name;

    virResetLastError();
    if (c->verdict == VIR_NETWORKD_AUTHZ_LAST)
        virNetworkdAuthzReportBusy(32);
    else
        virNetworkdAuthzReport(&in, c->verdict, "abc");
    name = virNetworkdErrorName(virNetworkdErrorFromVirError(virGetLastError()));
    if (virTestCompareStrings(c->name, name) < 0)
        return -1;
    return virTestCompareStrings(c->message, virGetLastErrorMessage());
}

/**
 * mymain:
 * Rules, decisions, admission, polkit's questions, refusals.
 */
static int
mymain(void)
{
    int ret = 0;
    size_t i;

    for (i = 0; i < VIR_NETWORKD_CALL_LAST; i++) {
        g_autofree char *title = g_strdup_printf("rule %s", virNetworkdCallKindTypeToString(i));

        if (virTestRun(title, testRuleOne, GINT_TO_POINTER(i)) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(decideCases); i++) {
        const testDecideCase *c = &decideCases[i];
        g_autofree char *title = NULL;

        title = g_strdup_printf("decide %s uid %u port %d polkit %s quota %u/%u",
                                virNetworkdCallKindTypeToString(c->call), (unsigned int)c->uid,
                                c->portUid, virNetworkdAuthzPolkitTypeToString(c->polkit),
                                c->used, c->limit);
        if (virTestRun(title, testDecideOne, c) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(admitCases); i++) {
        g_autofree char *title = g_strdup_printf("admit %s %u/%u",
                                                 virNetworkdCallKindTypeToString(admitCases[i].call),
                                                 admitCases[i].pending, admitCases[i].max);

        if (virTestRun(title, testAdmitOne, &admitCases[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(askCases); i++) {
        g_autofree char *title = g_strdup_printf("ask %s",
                                                 virNetworkdCallKindTypeToString(askCases[i].call));

        if (virTestRun(title, testAskOne, &askCases[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(reportCases); i++) {
        g_autofree char *title = g_strdup_printf("refusal %s", reportCases[i].message);

        if (virTestRun(title, testReportOne, &reportCases[i]) < 0)
            ret = -1;
    }
    return ret;
}

/**
 * main:
 * Entry point.
 */
int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
