/*
 * networkd_portctl.h: a port's controls on the host — its bandwidth
 * limits in force (and what goes with them) applied, restored, removed
 */
#pragma once

#include "networkd_ifbpool.h"
#include "networkd_state.h"
#include "networkd_teardown.h"
#include "virnetlink.h"

int virNetworkdPortControlsLimitNew(virNetlinkSocket *sk, virNetworkdTeardown *td,
                                    virNetworkdPortRecord *rec);
int virNetworkdPortControlsRestore(virNetlinkSocket *sk, virNetworkdPortRecord *rec);

typedef struct _virNetworkdFilterJob virNetworkdFilterJob;
GThreadPool *virNetworkdPortControlsFilterPoolNew(void);
virNetworkdFilterJob *virNetworkdPortControlsFilterStart(GThreadPool *pool,
                                                         const virNetworkdPortRecord *rec);
int virNetworkdPortControlsFilterFinish(virNetworkdFilterJob *job);

const char *virNetworkdPortControlsIfb(const virNetworkdPortRecord *rec, char *buf);
bool virNetworkdPortControlsHasLeftovers(const virNetworkdPortRecord *rec);
bool virNetworkdPortControlsHasRules(const virNetworkdPortRecord *rec);
void virNetworkdPortControlsRemove(virNetlinkSocket *sk, const virNetworkdPortRecord *rec,
                                   virNetworkdIfbSpare *spare);
