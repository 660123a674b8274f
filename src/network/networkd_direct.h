/*
 * networkd_direct.h: ports of plug "direct" — a macvtap link over a host
 * interface, and the process it lives with
 */
#pragma once

#include <sys/types.h>

#include "networkd_request.h"
#include "networkd_state.h"
#include "virnetlink.h"

int virNetworkdDirectCreate(virNetlinkSocket *sk,
                            const virNetworkdRequest *req,
                            unsigned int *nextIndex,
                            virNetworkdPortRecord *rec,
                            int *fds);

int virNetworkdDirectDelete(virNetlinkSocket *sk, const virNetworkdPortRecord *rec);

void virNetworkdDirectRestoreLower(virNetlinkSocket *sk, const virNetworkdPortRecord *rec);

int virNetworkdDirectHolderFromPid(pid_t pid, virNetworkdPortRecord *rec);

int virNetworkdDirectHolderFromPidfd(int pidfd, virNetworkdPortRecord *rec);

int virNetworkdDirectHolderOpen(const virNetworkdPortRecord *rec, int *pidfd);
