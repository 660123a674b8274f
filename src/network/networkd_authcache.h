/*
 * networkd_authcache.h: remembering polkit's "yes" for a short time
 *
 * One polkit check costs about as much as everything else the daemon does
 * for a port (see docs/benchmarks.rst), and the same question comes again
 * and again: a guest with several NICs, a client creating many ports, and
 * libvirt-bridge-helper, which QEMU starts once per NIC — a new process on
 * a new bus connection every time.  A positive answer is therefore
 * remembered for a few seconds (networkd.conf auth_cache_seconds, default
 * 5, 0 turns it off) for every caller that polkit could not tell apart:
 *
 *   key = (caller's uid, caller's cgroup, action, every detail)
 *
 * Why that is enough: polkit's inputs for a subject are its uid (groups
 * come from the user database entry of that uid, not from the process),
 * the logind session (seat, local, active) found from the process's
 * cgroup, on newer polkit its systemd unit (the cgroup again), its pid,
 * and the action's details.  The cgroup path (the "0::" line of
 * /proc/PID/cgroup) is finer than session and unit: processes in one
 * cgroup are in the same session scope or unit.  An unprivileged process
 * cannot move itself into another user's or another session's scope (they
 * are root's); inside its own delegated subtree (user@UID.service) it can
 * only move among cgroups that are all "no session" to polkit anyway.
 * polkit's own temporary authorizations (auth_self_keep) are kept per
 * session too, not per process.
 *
 * What the key does not capture: rules that look at subject.pid, or call
 * polkit.spawn() with changing results, and changes of group membership.
 * Those, like any policy change, take effect within auth_cache_seconds;
 * sites that need them exact set it to 0.
 *
 * The pid comes from the bus for the caller's connection.  Should the
 * caller exit and its pid be reused before its cgroup is read, polkitd
 * fails to resolve the caller's (gone) bus name and refuses, so nothing is
 * remembered; if polkit answered for the live process first, the worst
 * case is an entry for the same uid in a cgroup that user's process could
 * be in.  Nothing crosses users.  A cgroup that cannot be read means the
 * cache is not used for that call (polkit is asked).
 *
 * Refusals and failures are never remembered.  Entries expire; above 1024
 * of them an insertion first drops the expired ones.
 *
 * Pure bookkeeping (time is passed in), so it is unit-tested directly.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct _virNetworkdAuthCache virNetworkdAuthCache;

/* @ttlSeconds: how long an answer lives; 0 makes a cache that never hits. */
virNetworkdAuthCache *virNetworkdAuthCacheNew(unsigned int ttlSeconds);
virNetworkdAuthCache *virNetworkdAuthCacheRef(virNetworkdAuthCache *cache);
void virNetworkdAuthCacheUnref(virNetworkdAuthCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdAuthCache, virNetworkdAuthCacheUnref);

/* The key of one question (caller frees): the caller's @uid and @cgroup
 * (its "0::" path), the action and the NULL-terminated key/value
 * @details, each escaped so that no value can forge a boundary. */
char *virNetworkdAuthCacheKey(uid_t uid, const char *cgroup, const char *action,
                              const char * const *details);

/* True when @key was answered "yes" and has not expired at @now
 * (g_get_monotonic_time() microseconds). */
bool virNetworkdAuthCacheLookup(virNetworkdAuthCache *cache, const char *key, gint64 now);

/* Remembers a "yes" for @key from @now on. */
void virNetworkdAuthCacheAdd(virNetworkdAuthCache *cache, const char *key, gint64 now);

/* Number of entries (expired ones included until pruned), for tests. */
unsigned int virNetworkdAuthCacheSize(virNetworkdAuthCache *cache);
