/*
 * networkd_authcache.h: remembering polkit's "yes" for a short time
 *
 * One polkit check costs about as much as everything else the daemon does
 * for a port (see docs/benchmarks.rst), and a guest with several NICs, or
 * a client creating many ports, asks the same question over and over on
 * the same bus connection.  A positive answer is therefore remembered for
 * the exact question — the caller's unique bus name (one connection of
 * one process, which never changes hands), the action and every detail
 * (plug, bridge, uid, ...) — for a few seconds (networkd.conf
 * auth_cache_seconds, default 5, 0 turns it off).  Refusals are never
 * remembered; an entry goes when it expires or when the connection
 * closes.  So a policy change reaches a connection that already has an
 * answer within auth_cache_seconds, and every other caller at once.
 *
 * Pure bookkeeping (time is passed in), so it is unit-tested directly.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct _virNetworkdAuthCache virNetworkdAuthCache;

/* @ttlSeconds: how long an answer lives; 0 makes a cache that never hits. */
virNetworkdAuthCache *virNetworkdAuthCacheNew(unsigned int ttlSeconds);
virNetworkdAuthCache *virNetworkdAuthCacheRef(virNetworkdAuthCache *cache);
void virNetworkdAuthCacheUnref(virNetworkdAuthCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdAuthCache, virNetworkdAuthCacheUnref);

/* The key of one question (caller frees): sender, action and the
 * NULL-terminated key/value @details, each escaped. */
char *virNetworkdAuthCacheKey(const char *sender, const char *action,
                              const char * const *details);

/* True when @key was answered "yes" and has not expired at @now
 * (g_get_monotonic_time() microseconds). */
bool virNetworkdAuthCacheLookup(virNetworkdAuthCache *cache, const char *key, gint64 now);

/* Remembers a "yes" for @key from @now on. */
void virNetworkdAuthCacheAdd(virNetworkdAuthCache *cache, const char *key, gint64 now);

/* Forgets every answer given to @sender (its connection closed). */
void virNetworkdAuthCacheForget(virNetworkdAuthCache *cache, const char *sender);

/* Number of entries (expired ones included until pruned), for tests. */
unsigned int virNetworkdAuthCacheSize(virNetworkdAuthCache *cache);
