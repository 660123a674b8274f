/*
 * networkd_authcache.c: remembering polkit's "yes" for a short time
 *
 * See networkd_authcache.h for why and within which limits.
 */
#include "networkd_authcache.h"

/* Above this many entries, an insertion first drops the expired ones, so
 * the table stays bounded by the callers active in one TTL. */
#define VIR_NETWORKD_AUTH_CACHE_PRUNE 1024

struct _virNetworkdAuthCache {
    gint refs;
    gint64 ttl;            /* microseconds */
    GHashTable *expiry;    /* key -> expiry time, as a heap gint64 */
};

/**
 * virNetworkdAuthCacheNew:
 * Returns a new cache with one reference.
 */
virNetworkdAuthCache *
virNetworkdAuthCacheNew(unsigned int ttlSeconds)
{
    virNetworkdAuthCache *cache = g_new0(virNetworkdAuthCache, 1);

    cache->refs = 1;
    cache->ttl = (gint64)ttlSeconds * G_USEC_PER_SEC;
    cache->expiry = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return cache;
}

/**
 * virNetworkdAuthCacheRef:
 * Checks in flight hold a reference, so a cache outlives the daemon's
 * teardown until their answers arrive.  Returns @cache.
 */
virNetworkdAuthCache *
virNetworkdAuthCacheRef(virNetworkdAuthCache *cache)
{
    g_atomic_int_inc(&cache->refs);
    return cache;
}

void
virNetworkdAuthCacheUnref(virNetworkdAuthCache *cache)
{
    if (!cache || !g_atomic_int_dec_and_test(&cache->refs))
        return;
    g_hash_table_unref(cache->expiry);
    g_free(cache);
}

/**
 * virNetworkdAuthCacheKey:
 * One line per part: the uid, the cgroup, the action, then "key=value"
 * per detail.  g_strescape() turns every '\n' (and '\\') of a part into
 * an escape, so no caller-chosen value (a bridge name, a cgroup path) can
 * end its line early and forge the next part.  Detail keys are the
 * daemon's own constants without '=', so a line's first '=' ends its key.
 */
char *
virNetworkdAuthCacheKey(uid_t uid, const char *cgroup, const char *action,
                        const char * const *details)
{
    g_autoptr(GString) key = g_string_new(NULL);
    g_autofree char *c = g_strescape(cgroup, NULL);
    g_autofree char *a = g_strescape(action, NULL);
    size_t i;

    g_string_append_printf(key, "%u\n%s\n%s", (unsigned int)uid, c, a);
    for (i = 0; details && details[i] && details[i + 1]; i += 2) {
        g_autofree char *k = g_strescape(details[i], NULL);
        g_autofree char *v = g_strescape(details[i + 1], NULL);

        g_string_append_printf(key, "\n%s=%s", k, v);
    }
    return g_string_free(g_steal_pointer(&key), FALSE);
}

bool
virNetworkdAuthCacheLookup(virNetworkdAuthCache *cache, const char *key, gint64 now)
{
    const gint64 *expiry;

    if (cache->ttl == 0 || !(expiry = g_hash_table_lookup(cache->expiry, key)))
        return false;
    if (now >= *expiry) {
        g_hash_table_remove(cache->expiry, key);
        return false;
    }
    return true;
}

static gboolean
virNetworkdAuthCacheExpired(gpointer key G_GNUC_UNUSED, gpointer value, gpointer opaque)
{
    return *(const gint64 *)value <= *(const gint64 *)opaque;
}

void
virNetworkdAuthCacheAdd(virNetworkdAuthCache *cache, const char *key, gint64 now)
{
    if (cache->ttl == 0)
        return;
    if (g_hash_table_size(cache->expiry) >= VIR_NETWORKD_AUTH_CACHE_PRUNE)
        g_hash_table_foreach_remove(cache->expiry, virNetworkdAuthCacheExpired, &now);
    g_hash_table_replace(cache->expiry, g_strdup(key), g_memdup2(&(gint64){ now + cache->ttl },
                                                                 sizeof(gint64)));
}

unsigned int
virNetworkdAuthCacheSize(virNetworkdAuthCache *cache)
{
    return g_hash_table_size(cache->expiry);
}
