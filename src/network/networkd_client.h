/*
 * networkd_client.h: a small synchronous client of libvirt-networkd
 *
 * Used by the QEMU driver, virsh and the test programs.  Every call talks
 * to org.libvirt.Networkd1 on the system bus; the bus address comes from
 * the environment (DBUS_SYSTEM_BUS_ADDRESS) like any GDBus program, so
 * tests point it at a private bus.
 *
 * Errors are reported through virerror.h (VIR_FROM_NETWORKD) with a code
 * derived from the D-Bus error, and the D-Bus error name is kept as the
 * error's detail (virGetLastError()->detail), e.g.
 * "org.libvirt.Networkd1.Error.AccessDenied".
 */
#pragma once

#include <glib.h>
#include <gio/gio.h>
#include <stdbool.h>

#include "networkd_client_common.h"


/*
 * A port as the daemon describes it (the Port object's properties).
 * Every string is owned by the struct; free with virNetworkdPortInfoFree().
 */
typedef struct _virNetworkdPortInfo virNetworkdPortInfo;
struct _virNetworkdPortInfo {
    char *path;              /* D-Bus object path of the Port object */
    char *uuid;
    guint32 uid;             /* the owner's uid, as the bus told the daemon */
    char *ifname;            /* host-side tap name chosen by the daemon */
    char *plug;
    char *bridge;
    char *device;            /* plug direct: the host interface */
    char *mode;              /* plug direct: the macvtap mode */
    char *mac;               /* guest MAC */
    char *hostMac;           /* the tap's own MAC; only CreatePort reports it */
    guint32 mtu;
    guint32 queues;
    char *ownerName;
    char *ownerUUID;
    guint64 created;         /* as the daemon reports it (see docs/networkd.rst) */
    guint32 holderPid;       /* plug direct: the process it lives with */
    char *bandwidthInbound;  /* limits in force, "average=N,peak=N,burst=N"; "" none */
    char *bandwidthOutbound;
    char *filter;            /* the filter in force; "" none */
    char *filterIPs;         /* its addresses, comma separated */
    char *learnedIPs;        /* the IPv4 addresses it learned, comma separated */
    char *virtualport;       /* "openvswitch", or "" */
    char *interfaceId;       /* the OVS iface-id / OVN logical port, or "" */
    char *ovnSwitch;         /* the logical switch it was created on, or "" */
};

void virNetworkdPortInfoFree(virNetworkdPortInfo *port);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdPortInfo, virNetworkdPortInfoFree);

/* Flags of virNetworkdPortList() */
typedef enum {
    /* every port the daemon shows the caller (admins: everyone's);
     * without it, only ports whose UID is the caller's effective uid */
    VIR_NETWORKD_PORT_LIST_ALL = 1 << 0,
} virNetworkdPortListFlags;

int virNetworkdPortCreate(const virNetworkdPortRequest *req,
                          virNetworkdPortInfo **port,
                          int **fds,
                          size_t *nfds);

int virNetworkdPortCreateVariant(GVariant *request,
                                 const char *bridge,
                                 virNetworkdPortInfo **port,
                                 int **fds,
                                 size_t *nfds);

GPtrArray *virNetworkdPortList(unsigned int flags);

virNetworkdPortInfo *virNetworkdPortGet(const char *uuid);

int virNetworkdPortDelete(const char *uuid);

int virNetworkdPortBindProcess(const char *uuid, int pidfd);

void virNetworkdPortCloseFds(int *fds, size_t nfds);

char *virNetworkdPortFormatXML(const virNetworkdPortInfo *port);
char *virNetworkdPortFormatCreated(guint64 created);

/* The system-bus connection every call uses (caller unrefs), or NULL with
 * an error reported; for the client's own files. */
GDBusConnection *virNetworkdClientConnect(void);

/* Exposed for the unit test of the error mapping. */
void virNetworkdClientReportGError(virNetworkdClientOp op,
                                   const char *subject,
                                   const GError *gerr);
