/*
 * networkd_policy.h: who may do what — polkit checks and quotas
 */
#pragma once

#include <glib.h>
#include <gio/gio.h>
#include <stdbool.h>
#include <sys/types.h>

#include "virerror.h"

#define VIR_NETWORKD_ACTION_PORT_CREATE "org.libvirt.networkd.port.create"
#define VIR_NETWORKD_ACTION_PORT_DELETE_ANY "org.libvirt.networkd.port.delete-any"
#define VIR_NETWORKD_ACTION_PORT_LIST_ANY "org.libvirt.networkd.port.list-any"

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

/* Asynchronous polkit checks. */
typedef struct _virNetworkdPolicy virNetworkdPolicy;

/* @authCacheSeconds: how long a "yes" is remembered for the same question
 * from the same uid and cgroup (see networkd_authcache.h); 0: never. */
virNetworkdPolicy *virNetworkdPolicyNew(unsigned int authCacheSeconds);
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
