/*
 * networkd_controls.c: what an administrator imposes on ports, and the
 * limits in force
 *
 * Theory of operation: the daemon's configuration file may hold, besides
 * [networkd], one group per scope an administrator wants to constrain:
 *
 *   [bridge br0]        ports on bridge br0
 *   [device eth0]       macvtap ports over host interface eth0
 *   [user alice]        ports of a user (name, or a uid number)
 *
 * each with bandwidth_{inbound,outbound}_{ceiling,default} =
 * "average=N,peak=N,burst=N" (the request's units: kilobytes/s, KiB) and
 * mandatory_filter = "clean-traffic" (or building blocks, comma
 * separated): a filter every port in the scope gets, whatever its
 * request says — the request may add blocks, never remove one.
 * A port's limits in force are computed once, when it is made, from its
 * request and the scopes it is in (virNetworkdControlsBandwidth): a
 * direction the request leaves unlimited takes the first scope's default
 * (the bridge's or device's before the user's), then every scope's
 * ceiling lowers what is too loose — so a guest owner may ask for less,
 * never more, and asking for nothing gets the default or the ceiling.  A
 * request above a ceiling is not refused: it gets the ceiling, and the
 * port's info and properties say what is in force.  The record keeps the
 * result, so a restart restores exactly what was applied (a changed
 * configuration applies to new ports).
 *
 * A virtual network's <bandwidth> is one more scope: its code passes the
 * network's limits (as ceiling and default) in front of the others.
 */
#include "networkd_controls.h"

#include <pwd.h>
#include <string.h>

#include "networkd_request.h"
#include "networkd_state.h"
#include "virerror.h"
#include "virnetdevname.h"
#include "virnwfilter.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

static const char *const virNetworkdControlsScopeNames[] = {
    [VIR_NETWORKD_CONTROLS_SCOPE_BRIDGE] = "bridge",
    [VIR_NETWORKD_CONTROLS_SCOPE_DEVICE] = "device",
    [VIR_NETWORKD_CONTROLS_SCOPE_USER] = "user",
};
G_STATIC_ASSERT(G_N_ELEMENTS(virNetworkdControlsScopeNames) == VIR_NETWORKD_CONTROLS_SCOPE_LAST);

struct _virNetworkdControlsPolicy {
    /* per scope: name (bridge, device) or uid as decimal -> limits, owned */
    GHashTable *scopes[VIR_NETWORKD_CONTROLS_SCOPE_LAST];
};

/**
 * virNetworkdControlsPolicyNew:
 * Returns an empty policy (no scope constrained); free with
 * virNetworkdControlsPolicyFree.
 */
virNetworkdControlsPolicy *
virNetworkdControlsPolicyNew(void)
{
    virNetworkdControlsPolicy *policy = g_new0(virNetworkdControlsPolicy, 1);
    size_t i;

    for (i = 0; i < VIR_NETWORKD_CONTROLS_SCOPE_LAST; i++)
        policy->scopes[i] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return policy;
}

/**
 * virNetworkdControlsPolicyFree:
 * Frees @policy.  Accepts NULL.
 */
void
virNetworkdControlsPolicyFree(virNetworkdControlsPolicy *policy)
{
    size_t i;

    if (!policy)
        return;
    for (i = 0; i < VIR_NETWORKD_CONTROLS_SCOPE_LAST; i++)
        g_hash_table_unref(policy->scopes[i]);
    g_free(policy);
}

/**
 * virNetworkdControlsGroupScope:
 * Splits a group name "SCOPE NAME".  Returns the scope with @name
 * pointing into @group, or -1 when @group is no scope's.
 */
static int
virNetworkdControlsGroupScope(const char *group, const char **name)
{
    size_t i;

    for (i = 0; i < VIR_NETWORKD_CONTROLS_SCOPE_LAST; i++) {
        size_t len = strlen(virNetworkdControlsScopeNames[i]);

        if (strncmp(group, virNetworkdControlsScopeNames[i], len) == 0 && group[len] == ' ') {
            *name = group + len + 1;
            return i;
        }
    }
    return -1;
}

/**
 * virNetworkdControlsPolicyIsGroup:
 * Returns whether @group is a scope's group ("bridge br0", "user 1000"),
 * which the configuration loader leaves to virNetworkdControlsPolicyLoad.
 */
bool
virNetworkdControlsPolicyIsGroup(const char *group)
{
    const char *name;

    return virNetworkdControlsGroupScope(group, &name) >= 0;
}

/**
 * virNetworkdControlsScopeKey:
 * Returns the table key of a scope's @name (caller frees): the interface
 * name, checked; for a user the uid in decimal, from a number or a name
 * the user database knows.  NULL with an error reported otherwise.
 */
static char *
virNetworkdControlsScopeKey(virNetworkdControlsScope scope, const char *name, const char *path)
{
    guint64 uid;
    const char *reason;

    switch (scope) {
    case VIR_NETWORKD_CONTROLS_SCOPE_BRIDGE:
    case VIR_NETWORKD_CONTROLS_SCOPE_DEVICE:
        if ((reason = virNetDevNameInvalidReason(name))) {
            virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: group [%2$s %3$s]: %4$s"), path,
                           virNetworkdControlsScopeNames[scope], name, reason);
            return NULL;
        }
        return g_strdup(name);
    case VIR_NETWORKD_CONTROLS_SCOPE_USER:
        if (g_ascii_string_to_unsigned(name, 10, 0, G_MAXUINT32 - 1, &uid, NULL))
            return g_strdup_printf("%llu", (unsigned long long)uid);
        {
            struct passwd pwd;
            struct passwd *found = NULL;
            char buf[4096];

            if (getpwnam_r(name, &pwd, buf, sizeof(buf), &found) == 0 && found)
                return g_strdup_printf("%u", (unsigned int)found->pw_uid);
        }
        virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: group [user %2$s]: no such user"),
                       path, name);
        return NULL;
    case VIR_NETWORKD_CONTROLS_SCOPE_LAST:
        break;
    }
    return NULL;
}

/**
 * virNetworkdControlsLoadRate:
 * Reads key "bandwidth_DIR_WHAT" of @group into @rate when present: the
 * record's "average=N,peak=N,burst=N", checked as a request's value.
 * Returns 0, or -1 with an error reported.
 */
static int
virNetworkdControlsLoadRate(GKeyFile *kf, const char *path, const char *group,
                            const char *key, virNetDevBandwidthRate *rate)
{
    g_autofree char *str = g_key_file_get_value(kf, group, key, NULL);
    g_autoptr(GVariant) dict = NULL;
    const char *what = g_str_has_prefix(key, "bandwidth_outbound") ?
        "bandwidth-outbound" : "bandwidth-inbound";

    if (!str)
        return 0;
    if ((dict = virNetworkdBandwidthRateParse(g_strstrip(str))))
        g_variant_ref_sink(dict);
    if (!dict || virNetworkdRequestParseBandwidth(what, dict, rate) < 0) {
        g_autoptr(virError) err = virErrorSteal();

        virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: [%2$s] %3$s: %4$s"), path, group, key,
                       err && err->message ? err->message : "");
        return -1;
    }
    /* a share of a network's tree, which no scope of this file has */
    if (rate->floor) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s: [%2$s] %3$s: 'floor' needs a virtual network's class tree"),
                       path, group, key);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdControlsLoadFilter:
 * Reads key @key of @group into @blocks when present: names as the
 * request's "filter" takes them.  Returns 0, or -1 with an error.
 */
static int
virNetworkdControlsLoadFilter(GKeyFile *kf, const char *path, const char *group,
                              const char *key, unsigned int *blocks)
{
    g_autofree char *str = g_key_file_get_value(kf, group, key, NULL);

    if (!str)
        return 0;
    if (virNWFilterBlocksFromList(g_strstrip(str), blocks) < 0) {
        g_autoptr(virError) err = virErrorSteal();

        virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: [%2$s] %3$s: %4$s"), path, group, key,
                       err && err->message ? err->message : "");
        return -1;
    }
    return 0;
}

/**
 * virNetworkdControlsPolicyLoad:
 * @policy: filled
 * @kf: the daemon's configuration file
 * @path: its name, for messages
 *
 * Reads every scope group of @kf (see the top of this file).  Unknown
 * keys are errors, as in [networkd], so a typo never leaves a port
 * unconstrained.  Returns 0, or -1 with an error reported.
 */
int
virNetworkdControlsPolicyLoad(virNetworkdControlsPolicy *policy, GKeyFile *kf,
                              const char *path)
{
    static const char *const known[] = {
        "bandwidth_inbound_ceiling", "bandwidth_outbound_ceiling",
        "bandwidth_inbound_default", "bandwidth_outbound_default", "mandatory_filter", NULL,
    };
    g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
    size_t i, j;

    for (i = 0; groups[i]; i++) {
        g_autofree virNetworkdControlsLimits *limits = g_new0(virNetworkdControlsLimits, 1);
        g_auto(GStrv) keys = g_key_file_get_keys(kf, groups[i], NULL, NULL);
        g_autofree char *key = NULL;
        const char *name;
        int scope = virNetworkdControlsGroupScope(groups[i], &name);

        if (scope < 0)
            continue;
        for (j = 0; keys && keys[j]; j++) {
            if (!g_strv_contains(known, keys[j])) {
                virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: [%2$s]: unknown key '%3$s'"),
                               path, groups[i], keys[j]);
                return -1;
            }
        }
        if (!(key = virNetworkdControlsScopeKey(scope, name, path)) ||
            virNetworkdControlsLoadRate(kf, path, groups[i], known[0], &limits->ceiling.inbound) < 0 ||
            virNetworkdControlsLoadRate(kf, path, groups[i], known[1], &limits->ceiling.outbound) < 0 ||
            virNetworkdControlsLoadRate(kf, path, groups[i], known[2], &limits->deflt.inbound) < 0 ||
            virNetworkdControlsLoadRate(kf, path, groups[i], known[3], &limits->deflt.outbound) < 0 ||
            virNetworkdControlsLoadFilter(kf, path, groups[i], known[4], &limits->filter) < 0)
            return -1;
        g_hash_table_replace(policy->scopes[scope], g_steal_pointer(&key),
                             g_steal_pointer(&limits));
    }
    return 0;
}

/**
 * virNetworkdControlsPolicyLookup:
 * @policy: the policy, or NULL
 * @scope: which kind of scope
 * @name: the bridge or device (not for users)
 * @uid: the user (for users only)
 *
 * Returns the limits of that scope (owned by @policy), or NULL when the
 * configuration does not constrain it.
 */
const virNetworkdControlsLimits *
virNetworkdControlsPolicyLookup(const virNetworkdControlsPolicy *policy,
                                virNetworkdControlsScope scope,
                                const char *name, uid_t uid)
{
    char buf[32];

    if (!policy || scope >= VIR_NETWORKD_CONTROLS_SCOPE_LAST)
        return NULL;
    if (scope == VIR_NETWORKD_CONTROLS_SCOPE_USER) {
        g_snprintf(buf, sizeof(buf), "%u", (unsigned int)uid);
        name = buf;
    }
    return name ? g_hash_table_lookup(policy->scopes[scope], name) : NULL;
}

/**
 * virNetworkdControlsFilter:
 * @requested: the filter's blocks the request asked for (0: none)
 * @limits, @nlimits: the port's scopes (see virNetworkdControlsBandwidth)
 *
 * Returns the filter in force: what was asked for and every scope's
 * mandatory filter.  Pure.
 */
unsigned int
virNetworkdControlsFilter(unsigned int requested,
                          const virNetworkdControlsLimits *const *limits,
                          size_t nlimits)
{
    size_t i;

    for (i = 0; i < nlimits; i++) {
        if (limits[i])
            requested |= limits[i]->filter;
    }
    return requested;
}

/**
 * virNetworkdControlsBandwidth:
 * @requested: what the request asked for (0 in a direction: nothing)
 * @limits: the scopes the port is in, the most specific first (a
 *          network's, then the bridge's or device's, then the user's);
 *          NULL entries are skipped
 * @nlimits: their number
 * @effective: receives the limits in force
 *
 * A direction @requested leaves unlimited takes the first default in
 * @limits for it; then every ceiling lowers what exceeds it (see
 * virNetDevBandwidthClamp: no direction may end up looser than any
 * ceiling, an unlimited one gets the ceiling).  Pure.
 */
void
virNetworkdControlsBandwidth(const virNetDevBandwidth *requested,
                             const virNetworkdControlsLimits *const *limits,
                             size_t nlimits,
                             virNetDevBandwidth *effective)
{
    size_t i;

    *effective = *requested;
    for (i = 0; i < nlimits; i++) {
        if (!limits[i])
            continue;
        if (!effective->inbound.average && limits[i]->deflt.inbound.average) {
            /* the floor is the port's share of its network, not a limit */
            unsigned long long floor = effective->inbound.floor;

            effective->inbound = limits[i]->deflt.inbound;
            effective->inbound.floor = floor;
        }
        if (!effective->outbound.average && limits[i]->deflt.outbound.average)
            effective->outbound = limits[i]->deflt.outbound;
    }
    for (i = 0; i < nlimits; i++) {
        if (limits[i])
            virNetDevBandwidthClamp(effective, &limits[i]->ceiling);
    }
}

/**
 * virNetworkdControlsFloorCheck:
 * @floor: the inbound floor a port asks for (kilobytes/s; 0: none)
 * @mac: its guest MAC
 * @network: its virtual network, or NULL
 * @bridge: its bridge
 * @net: the network's limits (its <bandwidth>), or NULL when it has none
 * @others: the floors of the network's other ports, summed
 *
 * Upstream's rules: a floor only on a port of a virtual network whose
 * <bandwidth> has an inbound average, and the floors of a network's
 * ports may not add up to more than that average.  Returns 0, or -1
 * with an error reported (NotSupported, or InvalidArgument for an
 * overcommit).  Pure.
 */
int
virNetworkdControlsFloorCheck(unsigned long long floor, const virMacAddr *mac,
                              const char *network, const char *bridge,
                              const virNetworkdControlsLimits *net, unsigned long long others)
{
    char macstr[VIR_MAC_STRING_BUFLEN];

    if (floor == 0)
        return 0;
    virMacAddrFormat(mac, macstr);
    if (!network) {
        virReportError(VIR_ERR_NO_SUPPORT, "%s",
                       _("key 'bandwidth-inbound': 'floor' needs a virtual network's class tree (plug 'network')"));
        return -1;
    }
    if (!net || net->ceiling.inbound.average == 0) {
        virReportError(VIR_ERR_NO_SUPPORT,
                       _("Invalid use of 'floor' on interface with MAC address %1$s - network '%2$s' has no inbound QoS set"),
                       macstr, network);
        return -1;
    }
    if (floor > net->ceiling.inbound.average || others > net->ceiling.inbound.average - floor) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("Cannot plug '%1$s' interface into '%2$s' because it would overcommit 'floor' on network '%3$s'"),
                       macstr, bridge ? bridge : "", network);
        return -1;
    }
    return 0;
}
