/*
 * networkd_client_sdbus.h: CreatePort and Delete for short-lived helpers
 *
 * libvirt-bridge-helper is exec'd once per NIC, so what it pays before
 * main() and for its one bus connection is paid on every guest start.
 * GDBus costs a GType system, two threads and about 1.3 ms to connect
 * here; sd-bus, single-threaded and synchronous, connects and calls in
 * about 0.5 ms (docs/benchmarks.rst).  This file is that one call over
 * sd-bus; everything else (names, request, error wording) is shared with
 * the GDBus client through networkd_client_common.h.
 */
#pragma once

#include <stddef.h>

#include "networkd_client_common.h"

/* Borrowed by the helper for the lifetime of one run: one connection. */
typedef struct _virNetworkdSdBus virNetworkdSdBus;

virNetworkdSdBus *virNetworkdSdBusOpen(void);
void virNetworkdSdBusClose(virNetworkdSdBus *bus);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdSdBus, virNetworkdSdBusClose);

int virNetworkdSdBusPortCreate(virNetworkdSdBus *bus,
                               const virNetworkdPortRequest *req,
                               char **path,
                               int **fds,
                               size_t *nfds);

int virNetworkdSdBusPortDelete(virNetworkdSdBus *bus,
                               const char *path);
