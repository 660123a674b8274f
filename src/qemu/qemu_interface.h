/*
 * qemu_interface.h: connecting a domain's NICs to the host before QEMU runs
 *
 * For every <interface> the backend decides who makes the host side:
 *   networkd (and the default for bridge/network/direct): libvirt-networkd
 *       creates the port and hands back one tap fd per queue; the fds are
 *       passed to QEMU (-netdev tap,fd=N) and the port dies with them (a
 *       macvtap, which outlives its fds, is tied to QEMU's process once it
 *       runs: qemuInterfaceBindPorts);
 *   bridge-helper: nothing here, QEMU execs the configured helper itself;
 *   ethernet: the existing tap or macvtap the XML names, opened with the
 *       user's own rights;
 *   passt: nothing before QEMU runs (qemu_passt.h);
 *   user: nothing, QEMU's own user-mode stack.
 * All NICs are connected before QEMU starts, and a failure on any NIC
 * releases what the others already got, so a failed start leaves no port.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "domain_conf.h"
#include "networkd_client.h"

/* The host side of one NIC, as connected. */
typedef struct _qemuInterfaceConn qemuInterfaceConn;
struct _qemuInterfaceConn {
    int *tapfds;             /* one per queue, O_CLOEXEC; NULL when none */
    size_t ntapfds;
    int *vhostfds;           /* vhost-net, one per queue; NULL when none */
    size_t nvhostfds;
    virNetworkdPortInfo *port;   /* the networkd port, NULL for other backends */
};

/* The host side of every NIC of a domain, parallel to def->nets. */
typedef struct _qemuInterfaceConnList qemuInterfaceConnList;
struct _qemuInterfaceConnList {
    qemuInterfaceConn *conns;
    size_t nconns;
};

void qemuInterfaceConnListFree(qemuInterfaceConnList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuInterfaceConnList, qemuInterfaceConnListFree);

/* Buffers a request borrows its strings from (see
 * qemuInterfaceBuildRequest()). */
typedef struct _qemuInterfaceRequestBuf qemuInterfaceRequestBuf;
struct _qemuInterfaceRequestBuf {
    char mac[VIR_MAC_STRING_BUFLEN];
    char uuid[VIR_UUID_STRING_BUFLEN];
    const char *ips[VIR_NETWORKD_FILTER_IPS_MAX + 1];  /* <filterref> IP parameters */
};

int qemuInterfaceBuildRequest(const virDomainDef *def,
                              const virDomainNetDef *net,
                              virNetworkdPortRequest *req,
                              qemuInterfaceRequestBuf *buf);

qemuInterfaceConnList *qemuInterfaceConnectAll(const virDomainDef *def);

void qemuInterfaceConnListCloseFds(qemuInterfaceConnList *list);

int qemuInterfaceBindPorts(qemuInterfaceConnList *list, int pidfd);

void qemuInterfaceReleasePorts(qemuInterfaceConnList *list);

void qemuInterfaceDeletePort(const char *uuid);
