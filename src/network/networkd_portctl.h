/*
 * networkd_portctl.h: a port's controls on the host — its bandwidth
 * limits in force (and what goes with them) applied, restored, removed
 */
#pragma once

#include "networkd_state.h"
#include "virnetlink.h"

int virNetworkdPortControlsApply(virNetlinkSocket *sk, const virNetworkdPortRecord *rec,
                                 bool fresh);

bool virNetworkdPortControlsHasLeftovers(const virNetworkdPortRecord *rec);
void virNetworkdPortControlsRemove(virNetlinkSocket *sk, const virNetworkdPortRecord *rec);
