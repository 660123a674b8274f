/*
 * networkd_teardown.h: a removed port's slow kernel teardown, and spare
 * ifb devices, off the main loop
 */
#pragma once

#include <glib.h>

#include "networkd_ifbpool.h"
#include "networkd_state.h"

typedef struct _virNetworkdTeardown virNetworkdTeardown;

virNetworkdTeardown *virNetworkdTeardownNew(const char *stateDir);
void virNetworkdTeardownFree(virNetworkdTeardown *td);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdTeardown, virNetworkdTeardownFree);

void virNetworkdTeardownPush(virNetworkdTeardown *td, virNetworkdPortRecord *rec);
void virNetworkdTeardownIfbTake(virNetworkdTeardown *td, virNetworkdIfbSpare *spare);
void virNetworkdTeardownIfbSweep(virNetworkdTeardown *td, GArray *links,
                                 bool (*keep)(const char *name, void *opaque), void *opaque);
