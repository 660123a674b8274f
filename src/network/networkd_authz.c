/*
 * networkd_authz.c: who may do what — the daemon's privileged calls and
 * their checks, in one table
 *
 * Theory of operation: the bus tells the daemon who calls (uid and pid,
 * GetConnectionCredentials); nothing in a request says who the caller is.
 * Every call is checked in this order, and the first step that says no
 * answers it:
 *
 *   1. admission: at most max_pending_requests calls in flight per bus
 *      connection (QuotaExceeded), so one connection queueing a thousand
 *      requests cannot starve the others;                (AuthzAdmit)
 *   2. the arguments are valid (networkd_request.c, before anything else);
 *   2b. once the bus has said who calls: at most max_pending_per_user
 *      calls of one user in the daemon, over all of its connections
 *      (QuotaExceeded, before polkit is asked)       (networkd_queue.c)
 *   3. a port call needs the port (NotFound);           (AuthzDecide ...)
 *   4. uid 0 needs no one's permission (it could create the device
 *      itself), nor does a port's owner for its own port; a call whose
 *      row names no action (reading networks) is anyone's;
 *   5. everyone else asks polkit, with the rule's action and details
 *      (a few checks at a time, users taking turns: networkd_queue.c);
 *      a refusal is AccessDenied; a refused GetPort or Delete() of
 *      someone else's port is NotFound, in the very words of a port that
 *      does not exist (so "not yours" does not tell "exists"); a refused
 *      ListPorts lists the caller's own ports;
 *   6. a new port takes one of the caller's per-user slots (QuotaExceeded
 *      when none is left; uid 0 is counted, never limited)  (... Decide)
 *
 * and only then does the daemon touch the host.  Adding a privileged call
 * is one row of virNetworkdAuthzRules and one virNetworkdCallKind.
 */
#include "networkd_authz.h"

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

VIR_ENUM_IMPL(virNetworkdCallKind, VIR_NETWORKD_CALL_LAST,
              "CreatePort", "ListPorts", "GetPort", "Delete", "Get", "GetAll",
              "DefineNetwork", "CreateNetwork", "ListNetworks", "LookupNetwork",
              "Start", "Destroy", "Undefine", "SetAutostart", "GetXMLDesc",
              "GetDHCPLeases", "Get", "GetAll", "BindProcess");

VIR_ENUM_IMPL(virNetworkdAuthzDetail, VIR_NETWORKD_AUTHZ_DETAIL_LAST,
              "", "plug", "bridge", "uid", "port-uid", "network", "device", "mode", "ifname",
              "virtualport", "interfaceid", "ovn-switch", "ovn-port");

VIR_ENUM_IMPL(virNetworkdAuthzRefusal, VIR_NETWORKD_AUTHZ_REFUSE_LAST,
              "denied", "not-found", "own-only");

VIR_ENUM_IMPL(virNetworkdAuthzPolkit, VIR_NETWORKD_AUTHZ_POLKIT_LAST,
              "not-asked", "yes", "no");

VIR_ENUM_IMPL(virNetworkdAuthzVerdict, VIR_NETWORKD_AUTHZ_LAST,
              "allow", "allow-own", "ask-polkit", "no-port", "deny",
              "deny-not-found", "over-quota");

#define PLUG VIR_NETWORKD_AUTHZ_DETAIL_PLUG
#define BRIDGE VIR_NETWORKD_AUTHZ_DETAIL_BRIDGE
#define UID VIR_NETWORKD_AUTHZ_DETAIL_UID
#define PORT_UID VIR_NETWORKD_AUTHZ_DETAIL_PORT_UID
#define NETWORK VIR_NETWORKD_AUTHZ_DETAIL_NETWORK
#define DEVICE VIR_NETWORKD_AUTHZ_DETAIL_DEVICE
#define MODE VIR_NETWORKD_AUTHZ_DETAIL_MODE
#define IFNAME VIR_NETWORKD_AUTHZ_DETAIL_IFNAME
#define VIRTUALPORT VIR_NETWORKD_AUTHZ_DETAIL_VIRTUALPORT
#define INTERFACEID VIR_NETWORKD_AUTHZ_DETAIL_INTERFACEID
#define OVN_SWITCH VIR_NETWORKD_AUTHZ_DETAIL_OVN_SWITCH
#define OVN_PORT VIR_NETWORKD_AUTHZ_DETAIL_OVN_PORT
#define DENIED VIR_NETWORKD_AUTHZ_REFUSE_DENIED
#define NOT_FOUND VIR_NETWORKD_AUTHZ_REFUSE_NOT_FOUND
#define OWN_ONLY VIR_NETWORKD_AUTHZ_REFUSE_OWN_ONLY

/* Rows shared by several network calls. */
#define NETWORK_MANAGE_RULE { \
        .action = VIR_NETWORKD_ACTION_NETWORK_MANAGE, .details = { NETWORK, UID }, \
        .rootBypass = true, .interactive = true, \
        .refusal = DENIED, .pending = true }
#define NETWORK_READ_RULE { .action = NULL, .refusal = DENIED, .pending = true }

/* Every privileged call: action, details, onPort, rootBypass, ownerBypass,
 * interactive, refusal, quota, pending. */
static const virNetworkdAuthzRule virNetworkdAuthzRules[] = {
    [VIR_NETWORKD_CALL_CREATE_PORT] = {
        .action = VIR_NETWORKD_ACTION_PORT_CREATE,
        .details = { PLUG, BRIDGE, NETWORK, UID, DEVICE, MODE, IFNAME,
                     VIRTUALPORT, INTERFACEID, OVN_SWITCH, OVN_PORT },
        .rootBypass = true, .interactive = true,
        .refusal = DENIED, .quota = true, .pending = true },
    [VIR_NETWORKD_CALL_LIST_PORTS] = {
        .action = VIR_NETWORKD_ACTION_PORT_LIST_ANY, .details = { UID },
        .rootBypass = true,
        .refusal = OWN_ONLY, .pending = true },
    [VIR_NETWORKD_CALL_GET_PORT] = {
        .action = VIR_NETWORKD_ACTION_PORT_LIST_ANY, .details = { UID, PORT_UID, BRIDGE },
        .onPort = true, .rootBypass = true, .ownerBypass = true, .interactive = true,
        .refusal = NOT_FOUND, .pending = true },
    [VIR_NETWORKD_CALL_PORT_DELETE] = {
        .action = VIR_NETWORKD_ACTION_PORT_DELETE_ANY, .details = { UID, PORT_UID, BRIDGE },
        .onPort = true, .rootBypass = true, .ownerBypass = true, .interactive = true,
        .refusal = NOT_FOUND, .pending = true },
    [VIR_NETWORKD_CALL_PORT_GET] = {
        .action = VIR_NETWORKD_ACTION_PORT_LIST_ANY, .details = { UID, PORT_UID, BRIDGE },
        .onPort = true, .rootBypass = true, .ownerBypass = true, .interactive = true,
        .refusal = DENIED, .pending = true },
    [VIR_NETWORKD_CALL_PORT_GET_ALL] = {
        .action = VIR_NETWORKD_ACTION_PORT_LIST_ANY, .details = { UID, PORT_UID, BRIDGE },
        .onPort = true, .rootBypass = true, .ownerBypass = true, .interactive = true,
        .refusal = DENIED, .pending = true },
    /* networks: managing them is an admin's; reading them anyone's */
    [VIR_NETWORKD_CALL_DEFINE_NETWORK] = NETWORK_MANAGE_RULE,
    [VIR_NETWORKD_CALL_CREATE_NETWORK] = NETWORK_MANAGE_RULE,
    [VIR_NETWORKD_CALL_LIST_NETWORKS] = NETWORK_READ_RULE,
    [VIR_NETWORKD_CALL_LOOKUP_NETWORK] = NETWORK_READ_RULE,
    [VIR_NETWORKD_CALL_NETWORK_START] = NETWORK_MANAGE_RULE,
    [VIR_NETWORKD_CALL_NETWORK_DESTROY] = NETWORK_MANAGE_RULE,
    [VIR_NETWORKD_CALL_NETWORK_UNDEFINE] = NETWORK_MANAGE_RULE,
    [VIR_NETWORKD_CALL_NETWORK_AUTOSTART] = NETWORK_MANAGE_RULE,
    [VIR_NETWORKD_CALL_NETWORK_XML] = NETWORK_READ_RULE,
    [VIR_NETWORKD_CALL_NETWORK_LEASES] = {
        .action = VIR_NETWORKD_ACTION_NETWORK_LEASES_ANY, .details = { NETWORK, UID },
        .rootBypass = true,
        .refusal = OWN_ONLY, .pending = true },
    [VIR_NETWORKD_CALL_NETWORK_GET] = NETWORK_READ_RULE,
    [VIR_NETWORKD_CALL_NETWORK_GET_ALL] = NETWORK_READ_RULE,
    /* who may decide how long another user's macvtap lives may delete it */
    [VIR_NETWORKD_CALL_PORT_BIND_PROCESS] = {
        .action = VIR_NETWORKD_ACTION_PORT_DELETE_ANY, .details = { UID, PORT_UID, BRIDGE },
        .onPort = true, .rootBypass = true, .ownerBypass = true, .interactive = true,
        .refusal = NOT_FOUND, .pending = true },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virNetworkdAuthzRules) == VIR_NETWORKD_CALL_LAST);

#undef PLUG
#undef BRIDGE
#undef UID
#undef PORT_UID
#undef NETWORK
#undef NETWORK_MANAGE_RULE
#undef NETWORK_READ_RULE
#undef DEVICE
#undef MODE
#undef IFNAME
#undef VIRTUALPORT
#undef INTERFACEID
#undef OVN_SWITCH
#undef OVN_PORT
#undef DENIED
#undef NOT_FOUND
#undef OWN_ONLY

/**
 * virNetworkdAuthzRuleGet:
 * Returns the rule of @call (static).
 */
const virNetworkdAuthzRule *
virNetworkdAuthzRuleGet(virNetworkdCallKind call)
{
    g_return_val_if_fail(call < VIR_NETWORKD_CALL_LAST, &virNetworkdAuthzRules[0]);
    return &virNetworkdAuthzRules[call];
}

/**
 * virNetworkdAuthzAdmit:
 * @call: the call that arrives
 * @pending: calls of its connection already in flight
 * @maxPending: the limit (max_pending_requests)
 *
 * Returns whether @call may start (step 1); pure.
 */
bool
virNetworkdAuthzAdmit(virNetworkdCallKind call,
                      unsigned int pending,
                      unsigned int maxPending)
{
    return !virNetworkdAuthzRuleGet(call)->pending || pending < maxPending;
}

/**
 * virNetworkdAuthzDecide:
 * @in: the call, its caller, its object and polkit's answer so far
 *
 * Steps 3 to 6.  Called first with polkit NOT_ASKED; when the verdict is
 * ASK_POLKIT, the caller asks (virNetworkdPolicyCheck with
 * virNetworkdAuthzDetails) and calls again with the answer.  Pure.
 */
virNetworkdAuthzVerdict
virNetworkdAuthzDecide(const virNetworkdAuthzInput *in)
{
    const virNetworkdAuthzRule *rule = virNetworkdAuthzRuleGet(in->call);
    bool bypass;

    if (rule->onPort && !in->hasPort)
        return VIR_NETWORKD_AUTHZ_NO_PORT;

    bypass = !rule->action ||
             (rule->rootBypass && in->uid == 0) ||
             (rule->ownerBypass && in->hasPort && in->portUid == in->uid);
    if (!bypass) {
        switch (in->polkit) {
        case VIR_NETWORKD_AUTHZ_POLKIT_NOT_ASKED:
            return VIR_NETWORKD_AUTHZ_ASK_POLKIT;
        case VIR_NETWORKD_AUTHZ_POLKIT_NO:
            switch (rule->refusal) {
            case VIR_NETWORKD_AUTHZ_REFUSE_DENIED:
                return VIR_NETWORKD_AUTHZ_DENY;
            case VIR_NETWORKD_AUTHZ_REFUSE_NOT_FOUND:
                return VIR_NETWORKD_AUTHZ_DENY_NOT_FOUND;
            case VIR_NETWORKD_AUTHZ_REFUSE_OWN_ONLY:
                return VIR_NETWORKD_AUTHZ_ALLOW_OWN;
            case VIR_NETWORKD_AUTHZ_REFUSE_LAST:
                break;
            }
            return VIR_NETWORKD_AUTHZ_DENY;
        case VIR_NETWORKD_AUTHZ_POLKIT_LAST:
            return VIR_NETWORKD_AUTHZ_DENY;
        case VIR_NETWORKD_AUTHZ_POLKIT_YES:
            break;
        }
    }

    if (rule->quota && in->uid != 0 && in->quotaUsed >= in->quotaLimit)
        return VIR_NETWORKD_AUTHZ_OVER_QUOTA;
    return VIR_NETWORKD_AUTHZ_ALLOW;
}

/**
 * virNetworkdAuthzDetails:
 * Returns the polkit details of @in's rule as a NULL-terminated list
 * "key", "value", ... in the rule's order (caller frees: g_strfreev).
 */
char **
virNetworkdAuthzDetails(const virNetworkdAuthzInput *in)
{
    const virNetworkdAuthzRule *rule = virNetworkdAuthzRuleGet(in->call);
    char **details = g_new0(char *, 2 * VIR_NETWORKD_AUTHZ_DETAILS_MAX + 1);
    size_t n = 0;
    size_t i;

    for (i = 0; i < VIR_NETWORKD_AUTHZ_DETAILS_MAX && rule->details[i]; i++) {
        virNetworkdAuthzDetail detail = rule->details[i];
        char *value = NULL;

        switch (detail) {
        case VIR_NETWORKD_AUTHZ_DETAIL_PLUG:
            value = g_strdup(in->plug ? in->plug : "");
            break;
        case VIR_NETWORKD_AUTHZ_DETAIL_BRIDGE:
            value = g_strdup(in->bridge ? in->bridge : "");
            break;
        case VIR_NETWORKD_AUTHZ_DETAIL_UID:
            value = g_strdup_printf("%u", (unsigned int)in->uid);
            break;
        case VIR_NETWORKD_AUTHZ_DETAIL_PORT_UID:
            value = g_strdup_printf("%u", (unsigned int)in->portUid);
            break;
        case VIR_NETWORKD_AUTHZ_DETAIL_NETWORK:
            value = g_strdup(in->network ? in->network : "");
            break;
        /* only asked for by plug "direct": absent, not "", otherwise */
        case VIR_NETWORKD_AUTHZ_DETAIL_DEVICE:
            if (!in->device)
                continue;
            value = g_strdup(in->device);
            break;
        case VIR_NETWORKD_AUTHZ_DETAIL_MODE:
            if (!in->mode)
                continue;
            value = g_strdup(in->mode);
            break;
        /* only asked for by plug "none": absent, not "", otherwise */
        case VIR_NETWORKD_AUTHZ_DETAIL_IFNAME:
            if (!in->ifname && g_strcmp0(in->plug, "none") != 0)
                continue;
            value = g_strdup(in->ifname ? in->ifname : "");
            break;
        /* only asked for with a virtual port: absent, not "", otherwise */
        case VIR_NETWORKD_AUTHZ_DETAIL_VIRTUALPORT:
            if (!in->virtualport)
                continue;
            value = g_strdup(in->virtualport);
            break;
        case VIR_NETWORKD_AUTHZ_DETAIL_INTERFACEID:
            if (!in->virtualport)
                continue;
            value = g_strdup(in->interfaceId ? in->interfaceId : "");
            break;
        case VIR_NETWORKD_AUTHZ_DETAIL_OVN_SWITCH:
            if (!in->virtualport)
                continue;
            value = g_strdup(in->ovnSwitch ? in->ovnSwitch : "");
            break;
        /* the logical port itself: the iface-id asked for, or "" for one
         * the daemon names on an OVN network (rules can allow a user a
         * switch's new ports, and exact names of existing ones) */
        case VIR_NETWORKD_AUTHZ_DETAIL_OVN_PORT:
            if (!in->virtualport)
                continue;
            value = g_strdup(in->interfaceId ? in->interfaceId : "");
            break;
        case VIR_NETWORKD_AUTHZ_DETAIL_NONE:
        case VIR_NETWORKD_AUTHZ_DETAIL_LAST:
            continue;
        }
        details[n++] = g_strdup(virNetworkdAuthzDetailTypeToString(detail));
        details[n++] = value;
    }
    return details;
}

/**
 * virNetworkdAuthzDeniedMessage:
 * Returns what a caller refused by polkit is told (polkit's reason
 * follows), e.g. "not authorized to create a port on bridge 'br1'"
 * (caller frees).
 */
char *
virNetworkdAuthzDeniedMessage(const virNetworkdAuthzInput *in)
{
    const char *uuid = in->portUUID ? in->portUUID : "";

    switch (in->call) {
    case VIR_NETWORKD_CALL_CREATE_PORT:
        if (in->network && *in->network)
            return g_strdup_printf(_("not authorized to create a port on network '%1$s'"),
                                   in->network);
        if (in->device)
            return g_strdup_printf(_("not authorized to create a port on host interface '%1$s'"),
                                   in->device);
        if (!in->bridge)
            return g_strdup_printf(_("not authorized to create a port with plug '%1$s'"),
                                   in->plug ? in->plug : "");
        return g_strdup_printf(_("not authorized to create a port on bridge '%1$s'"),
                               in->bridge);
    case VIR_NETWORKD_CALL_LIST_PORTS:
        return g_strdup(_("not authorized to list other users' ports"));
    case VIR_NETWORKD_CALL_PORT_DELETE:
    case VIR_NETWORKD_CALL_PORT_BIND_PROCESS:
        return g_strdup_printf(_("not authorized to delete port '%1$s' of uid %2$u"),
                               uuid, (unsigned int)in->portUid);
    case VIR_NETWORKD_CALL_GET_PORT:
    case VIR_NETWORKD_CALL_PORT_GET:
    case VIR_NETWORKD_CALL_PORT_GET_ALL:
        return g_strdup_printf(_("not authorized to read port '%1$s' of uid %2$u"),
                               uuid, (unsigned int)in->portUid);
    case VIR_NETWORKD_CALL_DEFINE_NETWORK:
    case VIR_NETWORKD_CALL_CREATE_NETWORK:
    case VIR_NETWORKD_CALL_NETWORK_START:
    case VIR_NETWORKD_CALL_NETWORK_DESTROY:
    case VIR_NETWORKD_CALL_NETWORK_UNDEFINE:
    case VIR_NETWORKD_CALL_NETWORK_AUTOSTART:
        return g_strdup_printf(_("not authorized to manage network '%1$s'"),
                               in->network ? in->network : "");
    case VIR_NETWORKD_CALL_NETWORK_LEASES:
        return g_strdup_printf(_("not authorized to read other users' leases on network '%1$s'"),
                               in->network ? in->network : "");
    case VIR_NETWORKD_CALL_LIST_NETWORKS:
    case VIR_NETWORKD_CALL_LOOKUP_NETWORK:
    case VIR_NETWORKD_CALL_NETWORK_XML:
    case VIR_NETWORKD_CALL_NETWORK_GET:
    case VIR_NETWORKD_CALL_NETWORK_GET_ALL:
    case VIR_NETWORKD_CALL_LAST:
        break;
    }
    return g_strdup(_("not authorized"));
}

/**
 * virNetworkdQuotaReportFull:
 * Reports that @uid already holds @used ports, the limit.
 */
static void
virNetworkdQuotaReportFull(uid_t uid, unsigned int used)
{
    virReportError(VIR_ERR_QUOTA_EXCEEDED,
                   _("user %1$u already holds %2$u ports (the limit)"),
                   (unsigned int)uid, used);
}

/**
 * virNetworkdAuthzReport:
 * @in: what the decision was made on
 * @verdict: a refusal other than DENY (whose reason is polkit's)
 * @node: the port's object path element, for messages
 *
 * Reports the error the caller gets for @verdict.
 */
void
virNetworkdAuthzReport(const virNetworkdAuthzInput *in,
                       virNetworkdAuthzVerdict verdict,
                       const char *node)
{
    switch (verdict) {
    case VIR_NETWORKD_AUTHZ_NO_PORT:
    case VIR_NETWORKD_AUTHZ_DENY_NOT_FOUND:
        /* One message for both: a refusal must read like an absence. */
        virReportError(VIR_ERR_NO_NETWORK_PORT, _("no port at '%1$s'"), node ? node : "");
        return;
    case VIR_NETWORKD_AUTHZ_OVER_QUOTA:
        virNetworkdQuotaReportFull(in->uid, in->quotaUsed);
        return;
    case VIR_NETWORKD_AUTHZ_DENY: {
        g_autofree char *denied = virNetworkdAuthzDeniedMessage(in);

        virReportError(VIR_ERR_OPERATION_DENIED, "%s", denied);
        return;
    }
    case VIR_NETWORKD_AUTHZ_ALLOW:
    case VIR_NETWORKD_AUTHZ_ALLOW_OWN:
    case VIR_NETWORKD_AUTHZ_ASK_POLKIT:
    case VIR_NETWORKD_AUTHZ_LAST:
        break;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, _("verdict '%1$s' is not a refusal"),
                   virNetworkdAuthzVerdictTypeToString(verdict));
}

/**
 * virNetworkdAuthzReportBusy:
 * Reports the refusal of step 1.
 */
void
virNetworkdAuthzReportBusy(unsigned int maxPending)
{
    virReportError(VIR_ERR_QUOTA_EXCEEDED,
                   _("too many requests in flight on this connection (the limit is %1$u)"),
                   maxPending);
}


struct _virNetworkdQuota {
    unsigned int perUser;
    GHashTable *used;    /* uid -> count, both as GUINT_TO_POINTER */
};

/**
 * virNetworkdQuotaNew:
 * @perUser: how many ports one (non-root) user may hold at once
 *
 * Returns a new, empty quota table (free with virNetworkdQuotaFree).
 */
virNetworkdQuota *
virNetworkdQuotaNew(unsigned int perUser)
{
    virNetworkdQuota *quota = g_new0(virNetworkdQuota, 1);

    quota->perUser = perUser;
    quota->used = g_hash_table_new(g_direct_hash, g_direct_equal);
    return quota;
}

/**
 * virNetworkdQuotaFree:
 * Frees @quota.  Accepts NULL.
 */
void
virNetworkdQuotaFree(virNetworkdQuota *quota)
{
    if (!quota)
        return;
    g_hash_table_unref(quota->used);
    g_free(quota);
}

/**
 * virNetworkdQuotaUsed:
 * Returns how many slots @uid holds.
 */
unsigned int
virNetworkdQuotaUsed(const virNetworkdQuota *quota, uid_t uid)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(quota->used, GUINT_TO_POINTER(uid)));
}

/**
 * virNetworkdQuotaUsers:
 * Returns how many users hold at least one slot (entries are dropped when
 * they reach zero, so the table never grows with users who left).
 */
unsigned int
virNetworkdQuotaUsers(const virNetworkdQuota *quota)
{
    return g_hash_table_size(quota->used);
}

/**
 * virNetworkdQuotaLimit:
 * Returns how many ports one (non-root) user may hold.
 */
unsigned int
virNetworkdQuotaLimit(const virNetworkdQuota *quota)
{
    return quota->perUser;
}

/**
 * virNetworkdQuotaAcquire:
 * @quota: the table
 * @uid: the user taking a slot
 *
 * Takes one slot for @uid, checking the limit as virNetworkdAuthzDecide
 * does.  Slots are taken before any host work and given back with
 * virNetworkdQuotaRelease() when the port is gone (or its creation
 * failed), so concurrent requests of one user cannot overshoot.  uid 0 is
 * counted but never limited.
 *
 * Returns 0, or -1 with a VIR_ERR_QUOTA_EXCEEDED error.
 */
int
virNetworkdQuotaAcquire(virNetworkdQuota *quota, uid_t uid)
{
    virNetworkdAuthzInput in = {
        .call = VIR_NETWORKD_CALL_CREATE_PORT,
        .uid = uid,
        .polkit = VIR_NETWORKD_AUTHZ_POLKIT_YES,
        .quotaUsed = virNetworkdQuotaUsed(quota, uid),
        .quotaLimit = quota->perUser,
    };

    if (virNetworkdAuthzDecide(&in) == VIR_NETWORKD_AUTHZ_OVER_QUOTA) {
        virNetworkdQuotaReportFull(uid, in.quotaUsed);
        return -1;
    }
    virNetworkdQuotaAdd(quota, uid);
    return 0;
}

/**
 * virNetworkdQuotaAdd:
 * Counts one more slot for @uid without checking the limit: for ports
 * that already exist (kept across a restart, possibly under an older,
 * larger limit).  Their owner cannot create more until under the limit.
 */
void
virNetworkdQuotaAdd(virNetworkdQuota *quota, uid_t uid)
{
    unsigned int used = virNetworkdQuotaUsed(quota, uid);

    g_hash_table_insert(quota->used, GUINT_TO_POINTER(uid), GUINT_TO_POINTER(used + 1));
}

/**
 * virNetworkdQuotaRelease:
 * Gives back one slot of @uid.  Releasing a slot that is not held is a
 * programming error and is ignored.
 */
void
virNetworkdQuotaRelease(virNetworkdQuota *quota, uid_t uid)
{
    unsigned int used = virNetworkdQuotaUsed(quota, uid);

    g_return_if_fail(used > 0);
    if (used == 1)
        g_hash_table_remove(quota->used, GUINT_TO_POINTER(uid));
    else
        g_hash_table_insert(quota->used, GUINT_TO_POINTER(uid), GUINT_TO_POINTER(used - 1));
}
