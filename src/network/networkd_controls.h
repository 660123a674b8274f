/*
 * networkd_controls.h: what an administrator imposes on ports — bandwidth
 * ceilings and defaults, mandatory filters — and the limits in force
 *
 * Pure: the policy comes from the daemon's configuration file, the
 * decision is arithmetic on it and on the request, so tests drive it
 * without a kernel.  Applying the result is networkd_portctl.c's.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "virmac.h"
#include "virnetdevbandwidth.h"

/* What one scope (a bridge, a host interface, a user, a virtual network)
 * imposes on the ports in it. */
typedef struct _virNetworkdControlsLimits virNetworkdControlsLimits;
struct _virNetworkdControlsLimits {
    virNetDevBandwidth ceiling;   /* the most a port may have; 0: no ceiling */
    virNetDevBandwidth deflt;     /* for a direction a request leaves unlimited */
    unsigned int filter;          /* mandatory filter (virNWFilterBlock bits); 0: none */
};

/* The scopes of the configuration file ([bridge NAME], [device NAME],
 * [user NAME-OR-UID]). */
typedef enum {
    VIR_NETWORKD_CONTROLS_SCOPE_BRIDGE = 0,
    VIR_NETWORKD_CONTROLS_SCOPE_DEVICE,
    VIR_NETWORKD_CONTROLS_SCOPE_USER,

    VIR_NETWORKD_CONTROLS_SCOPE_LAST
} virNetworkdControlsScope;

typedef struct _virNetworkdControlsPolicy virNetworkdControlsPolicy;

virNetworkdControlsPolicy *virNetworkdControlsPolicyNew(void);
void virNetworkdControlsPolicyFree(virNetworkdControlsPolicy *policy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdControlsPolicy, virNetworkdControlsPolicyFree);

bool virNetworkdControlsPolicyIsGroup(const char *group);
int virNetworkdControlsPolicyLoad(virNetworkdControlsPolicy *policy, GKeyFile *kf,
                                  const char *path);
const virNetworkdControlsLimits *
virNetworkdControlsPolicyLookup(const virNetworkdControlsPolicy *policy,
                                virNetworkdControlsScope scope,
                                const char *name, uid_t uid);

unsigned int virNetworkdControlsFilter(unsigned int requested,
                                       const virNetworkdControlsLimits *const *limits,
                                       size_t nlimits);

int virNetworkdControlsFloorCheck(unsigned long long floor, const virMacAddr *mac,
                                  const char *network, const char *bridge,
                                  const virNetworkdControlsLimits *net,
                                  unsigned long long others);

void virNetworkdControlsBandwidth(const virNetDevBandwidth *requested,
                                  const virNetworkdControlsLimits *const *limits,
                                  size_t nlimits,
                                  virNetDevBandwidth *effective);
