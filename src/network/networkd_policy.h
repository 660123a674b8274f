/*
 * networkd_policy.h: asking polkit (which calls ask, and what: networkd_authz.h)
 */
#pragma once

#include <glib.h>
#include <gio/gio.h>
#include <stdbool.h>
#include <sys/types.h>

#include "networkd_queue.h"
#include "virerror.h"

/* Asynchronous polkit checks. */
typedef struct _virNetworkdPolicy virNetworkdPolicy;

/* @authCacheSeconds: how long a "yes" is remembered for the same question
 * from the same uid and cgroup (see networkd_authcache.h); 0: never. */
virNetworkdPolicy *virNetworkdPolicyNew(unsigned int authCacheSeconds,
                                        virNetworkdQueue *queue);
void virNetworkdPolicyFree(virNetworkdPolicy *policy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdPolicy, virNetworkdPolicyFree);

/* @err is NULL when the caller is authorized, else the reason (owned by
 * the policy code; copy it to keep it). */
typedef void (*virNetworkdPolicyCallback)(const virError *err, void *opaque);

void virNetworkdPolicyCheck(virNetworkdPolicy *policy,
                            const char *sender,
                            uid_t uid,
                            pid_t pid,
                            const char *action,
                            const char * const *details,
                            bool interactive,
                            const char *denied,
                            virNetworkdPolicyCallback cb,
                            void *opaque);
void virNetworkdPolicyCancel(virNetworkdPolicy *policy, const char *sender, uid_t uid);
