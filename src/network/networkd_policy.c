/*
 * networkd_policy.c: asking polkit (asynchronously, answers remembered briefly)
 *
 * Theory of operation: the D-Bus daemon tells us the caller's unique bus
 * name and (through GetConnectionCredentials) its uid and pid; nothing the
 * caller writes in a request says who it is.  Whether polkit is asked at
 * all, and with which action and details, is networkd_authz.c's decision;
 * this file asks.  polkitd checks a "system-bus-name" subject: polkitd resolves the name to
 * the process itself, so the check cannot be raced by the caller exec'ing
 * something else or reusing a pid (the unix-process subject can).
 *
 * A "yes" is remembered for a few seconds for the very same question from
 * the same uid in the same cgroup (networkd_authcache.h says why polkit
 * cannot tell such callers apart): a guest with several NICs, a client
 * making many ports, or a bridge helper started per NIC pays for one
 * polkit round trip.  A "no", and any failure, is never remembered; a
 * caller whose cgroup cannot be read is always asked about.
 *
 * Checks are asynchronous: a slow polkitd (or an authentication dialog)
 * delays only the request that waits for it.  Each check in flight is a
 * pending reply on the daemon's one bus connection, which the bus caps
 * (128 by default, then it refuses our calls): checks start only when
 * networkd_queue.c gives them a slot, a few at a time and fairly over
 * users, so one user's backlog delays nobody else's check by more than
 * one slot per other user.  A waiting check whose caller disconnects is
 * dropped (virNetworkdPolicyCancel) without asking polkit.  Any failure to get an answer
 * — polkitd not running, the bus refusing, the caller gone — is a denial
 * whose message says polkit is unreachable; it is never treated as "yes".
 */
#include "networkd_policy.h"
#include "networkd_authcache.h"
#include "networkd_queue.h"

#include <polkit/polkit.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_POLKIT

struct _virNetworkdPolicy {
    PolkitAuthority *authority;    /* NULL until first needed */
    virNetworkdAuthCache *cache;   /* NULL when answers are not remembered */
    virNetworkdQueue *queue;       /* borrowed from main */
};

typedef struct {
    virNetworkdPolicy *policy;
    char *sender;
    uid_t uid;
    PolkitSubject *subject;        /* set once the check is queued */
    PolkitDetails *details;
    PolkitCheckAuthorizationFlags flags;
    char *action;
    char *denied;
    char *cacheKey;                /* the question, for remembering a "yes" */
    virNetworkdAuthCache *cache;   /* a reference: the policy may go first */
    virNetworkdPolicyCallback cb;
    void *opaque;
    gint64 asked;                  /* g_get_monotonic_time() when polkit was
                                    * asked, for the debug log (bench/ovn) */
} virNetworkdPolicyCheckData;

/**
 * virNetworkdPolicyNew:
 * @authCacheSeconds: how long a "yes" is remembered
 * @queue: hands out the slots for checks in flight (borrowed: it must
 *         outlive the policy)
 *
 * Returns a policy object; polkit is contacted on the first check.  With
 * @authCacheSeconds 0 there is no answer cache at all, so a check reads
 * no cgroup and builds no key.
 */
virNetworkdPolicy *
virNetworkdPolicyNew(unsigned int authCacheSeconds, virNetworkdQueue *queue)
{
    virNetworkdPolicy *policy = g_new0(virNetworkdPolicy, 1);

    policy->queue = queue;
    if (authCacheSeconds > 0)
        policy->cache = virNetworkdAuthCacheNew(authCacheSeconds);
    return policy;
}

/**
 * virNetworkdPolicyFree:
 * Frees @policy.  Accepts NULL.  Only at exit, once the main loop has
 * stopped: checks in flight or waiting are not answered any more.
 */
void
virNetworkdPolicyFree(virNetworkdPolicy *policy)
{
    if (!policy)
        return;
    g_clear_object(&policy->authority);
    virNetworkdAuthCacheUnref(policy->cache);
    g_free(policy);
}

/**
 * virNetworkdPolicyCheckDataFree:
 * Frees the state of one check.
 */
static void
virNetworkdPolicyCheckDataFree(virNetworkdPolicyCheckData *data)
{
    g_free(data->sender);
    g_clear_object(&data->subject);
    g_clear_object(&data->details);
    g_free(data->action);
    g_free(data->denied);
    g_free(data->cacheKey);
    virNetworkdAuthCacheUnref(data->cache);
    g_free(data);
}

/**
 * virNetworkdPolicyFinish:
 * Calls the check's callback with NULL (allowed) or the last error.
 */
static void
virNetworkdPolicyFinish(virNetworkdPolicyCheckData *data, bool allowed)
{
    g_autoptr(virError) err = NULL;

    if (!allowed)
        err = virErrorSteal();
    data->cb(err, data->opaque);
    virNetworkdPolicyCheckDataFree(data);
}

/**
 * virNetworkdPolicyCheckAnswer:
 * polkit's answer: authorized, refused (with or without a challenge), or
 * no answer at all (@result NULL, @gerr says why) — which is a refusal
 * too.  Calls the check's callback and frees @data.
 */
static void
virNetworkdPolicyCheckAnswer(virNetworkdPolicyCheckData *data,
                             PolkitAuthorizationResult *result,
                             GError *gerr)
{
    if (!result) {
        g_autofree char *owner = polkit_authority_get_owner(data->policy->authority);

        /* polkitd answered with an error (e.g. the caller's name is gone
         * already), or nobody answered at all. */
        if (owner)
            virReportError(VIR_ERR_OPERATION_DENIED,
                           _("%1$s: the polkit check failed: %2$s"),
                           data->denied, gerr->message);
        else
            virReportError(VIR_ERR_OPERATION_DENIED,
                           _("%1$s: polkit is unreachable: %2$s"),
                           data->denied, gerr->message);
        virNetworkdPolicyFinish(data, false);
        return;
    }
    g_debug("polkit: %s for uid %u answered in %lld us", data->action,
            (unsigned int)data->uid, (long long)(g_get_monotonic_time() - data->asked));
    if (polkit_authorization_result_get_is_authorized(result)) {
        if (data->cache)
            virNetworkdAuthCacheAdd(data->cache, data->cacheKey, g_get_monotonic_time());
        virNetworkdPolicyFinish(data, true);
        return;
    }
    if (polkit_authorization_result_get_is_challenge(result))
        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("%1$s (polkit action %2$s requires authentication)"),
                       data->denied, data->action);
    else
        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("%1$s (polkit action %2$s)"),
                       data->denied, data->action);
    virNetworkdPolicyFinish(data, false);
}

static void virNetworkdPolicyStartWaiting(virNetworkdPolicy *policy);

/**
 * virNetworkdPolicyCheckDone:
 * A check in flight is answered: its slot is free for the next one.
 */
static void
virNetworkdPolicyCheckDone(GObject *source, GAsyncResult *res, gpointer opaque)
{
    virNetworkdPolicyCheckData *data = opaque;
    virNetworkdPolicy *policy = data->policy;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(PolkitAuthorizationResult) result = NULL;

    result = polkit_authority_check_authorization_finish(POLKIT_AUTHORITY(source),
                                                         res, &gerr);
    virNetworkdQueueRelease(policy->queue, data->uid);
    virNetworkdPolicyCheckAnswer(data, result, gerr);
    virNetworkdPolicyStartWaiting(policy);
}

/**
 * virNetworkdPolicyCheckStart:
 * Sends the check of @data, which holds a slot, to polkitd.
 */
static void
virNetworkdPolicyCheckStart(virNetworkdPolicyCheckData *data)
{
    polkit_authority_check_authorization(data->policy->authority, data->subject,
                                         data->action, data->details, data->flags,
                                         NULL, virNetworkdPolicyCheckDone, data);
}

/**
 * virNetworkdPolicyStartWaiting:
 * Starts waiting checks while slots are free, users taking turns.
 */
static void
virNetworkdPolicyStartWaiting(virNetworkdPolicy *policy)
{
    virNetworkdPolicyCheckData *next;

    while ((next = virNetworkdQueueNext(policy->queue)))
        virNetworkdPolicyCheckStart(next);
}

/**
 * virNetworkdPolicyCheckFromSender:
 * Whether the waiting check @item was asked by the bus name @opaque.
 */
static bool
virNetworkdPolicyCheckFromSender(void *item, void *opaque)
{
    const virNetworkdPolicyCheckData *data = item;

    return strcmp(data->sender, opaque) == 0;
}

/**
 * virNetworkdPolicyCancel:
 * @policy: the policy object
 * @sender: a caller's unique bus name, gone from the bus
 * @uid: its uid
 *
 * Answers the checks of @sender that still wait for a slot with a
 * refusal (their callbacks run now), without asking polkit: the caller
 * left, and polkit could not resolve its name anyway.  Checks already
 * in flight end on their own.
 */
void
virNetworkdPolicyCancel(virNetworkdPolicy *policy, const char *sender, uid_t uid)
{
    g_autoptr(GPtrArray) taken = virNetworkdQueueCancel(policy->queue, uid,
                                                        virNetworkdPolicyCheckFromSender,
                                                        (void *)sender);
    size_t i;

    for (i = 0; i < taken->len; i++) {
        virNetworkdPolicyCheckData *data = taken->pdata[i];

        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("%1$s: the caller disconnected before polkit was asked"),
                       data->denied);
        virNetworkdPolicyFinish(data, false);
    }
}

/**
 * virNetworkdPolicyReadCgroup:
 * Returns the cgroup v2 path of @pid (the text after "0::" in
 * /proc/PID/cgroup, e.g. "/user.slice/user-1000.slice/session-3.scope"),
 * or NULL when it cannot be known: no such process, no unified hierarchy,
 * a path that is not one, or more than one "0::" line (the kernel refuses
 * '\n' in cgroup names, so only an old kernel could show that; NULL costs
 * only a polkit call).  Caller frees.
 */
static char *
virNetworkdPolicyReadCgroup(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%lld/cgroup", (long long)pid);
    g_autofree char *data = NULL;
    g_autofree char *cgroup = NULL;
    const char *line = NULL;

    if (pid <= 0 || !g_file_get_contents(path, &data, NULL, NULL))
        return NULL;
    for (line = data; line && *line; ) {
        const char *end = strchrnul(line, '\n');

        if (g_str_has_prefix(line, "0::")) {
            if (cgroup)
                return NULL;
            cgroup = g_strndup(line + 3, end - (line + 3));
        }
        line = *end ? end + 1 : NULL;
    }
    if (cgroup && cgroup[0] != '/')
        return NULL;
    return g_steal_pointer(&cgroup);
}

/**
 * virNetworkdPolicyCheck:
 * @policy: the policy object
 * @sender: the caller's unique bus name (the polkit subject)
 * @uid: the caller's uid, as reported by the bus
 * @pid: the caller's pid, as reported by the bus (for its cgroup, which
 *       with @uid says whose remembered answers apply; never the subject)
 * @action: a polkit action id
 * @details: NULL-terminated key, value, key, value... list for polkit
 *           rules (e.g. "bridge", "br0"), or NULL
 * @interactive: allow polkit to start an authentication dialog (only when
 *               the caller set ALLOW_INTERACTIVE_AUTHORIZATION)
 * @denied: the message the caller gets when denied, e.g. "not authorized
 *          to create a port on bridge 'br1'"
 * @cb: called exactly once, possibly before this function returns (an
 *      answer remembered, or polkit unreachable), or from
 *      virNetworkdPolicyCancel() when the caller leaves while the check
 *      waits for a slot
 * @opaque: passed to @cb
 *
 * Asks polkit whether @sender may perform @action.  The callback gets NULL
 * when allowed, or a VIR_ERR_OPERATION_DENIED error whose message starts
 * with @denied (or says that polkit is unreachable).
 */
void
virNetworkdPolicyCheck(virNetworkdPolicy *policy,
                       const char *sender,
                       uid_t uid,
                       pid_t pid,
                       const char *action,
                       const char * const *details,
                       bool interactive,
                       const char *denied,
                       virNetworkdPolicyCallback cb,
                       void *opaque)
{
    virNetworkdPolicyCheckData *data = g_new0(virNetworkdPolicyCheckData, 1);
    g_autoptr(GError) gerr = NULL;
    g_autofree char *cgroup = NULL;
    size_t i;

    data->policy = policy;
    data->sender = g_strdup(sender);
    data->uid = uid;
    data->action = g_strdup(action);
    data->denied = g_strdup(denied);
    data->cb = cb;
    data->opaque = opaque;

    if (!policy->authority &&
        !(policy->authority = polkit_authority_get_sync(NULL, &gerr))) {
        virReportError(VIR_ERR_OPERATION_DENIED,
                       _("%1$s: polkit is unreachable: %2$s"),
                       denied, gerr->message);
        virNetworkdPolicyFinish(data, false);
        return;
    }

    /* The same question from the same uid and cgroup, answered "yes"
     * moments ago.  Without a cgroup the cache is not used at all. */
    if (policy->cache && (cgroup = virNetworkdPolicyReadCgroup(pid))) {
        data->cacheKey = virNetworkdAuthCacheKey(uid, cgroup, action, details);
        if (virNetworkdAuthCacheLookup(policy->cache, data->cacheKey, g_get_monotonic_time())) {
            g_debug("polkit: %s for uid %u answered from the cache", action, (unsigned int)uid);
            virNetworkdPolicyFinish(data, true);
            return;
        }
        data->cache = virNetworkdAuthCacheRef(policy->cache);
    } else if (policy->cache) {
        g_debug("%s (uid %u, pid %lld): cgroup unknown, not using the answer cache",
                sender, (unsigned int)uid, (long long)pid);
    }

    data->subject = polkit_system_bus_name_new(sender);
    data->details = polkit_details_new();
    for (i = 0; details && details[i] && details[i + 1]; i += 2)
        polkit_details_insert(data->details, details[i], details[i + 1]);
    data->flags = interactive ? POLKIT_CHECK_AUTHORIZATION_FLAGS_ALLOW_USER_INTERACTION :
                                POLKIT_CHECK_AUTHORIZATION_FLAGS_NONE;
    data->asked = g_get_monotonic_time();

    if (virNetworkdQueuePush(policy->queue, uid, data))
        virNetworkdPolicyCheckStart(data);
    else
        g_debug("%s (uid %u): polkit check of %s waits for a slot (%u in flight)",
                sender, (unsigned int)uid, action,
                virNetworkdQueueRunningAll(policy->queue));
}
