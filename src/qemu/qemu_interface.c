/*
 * qemu_interface.c: connecting a domain's NICs to the host before QEMU runs
 *
 * See qemu_interface.h.  The driver itself never needs CAP_NET_ADMIN: a
 * port comes from libvirt-networkd (which checks polkit for the calling
 * user) or QEMU runs the bridge helper the admin configured.  There is never a silent fallback to the setuid bridge
 * helper: when networkd cannot be reached the error says so and names the
 * explicit <backend type='bridge-helper'/> opt-in.
 */
#include "qemu_interface.h"

#include "virerror.h"
#include "virnetdevmacvtap.h"
#include "virnetdevtap.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* Every queue count a domain may ask for is one networkd hands out. */
G_STATIC_ASSERT(VIR_DOMAIN_NET_QUEUES_MAX <= VIR_NETWORKD_QUEUES_MAX);

/**
 * qemuInterfaceConnListCloseFds:
 * @list: connections, may be NULL
 *
 * Closes every tap and vhost-net fd still held (after they were handed to
 * QEMU, or on failure).  The ports themselves are untouched.
 */
void
qemuInterfaceConnListCloseFds(qemuInterfaceConnList *list)
{
    size_t i;

    if (!list)
        return;
    for (i = 0; i < list->nconns; i++) {
        qemuInterfaceConn *conn = &list->conns[i];

        if (conn->tapfds)
            virNetworkdPortCloseFds(conn->tapfds, conn->ntapfds);
        conn->tapfds = NULL;
        conn->ntapfds = 0;
        if (conn->vhostfds)
            virNetworkdPortCloseFds(conn->vhostfds, conn->nvhostfds);
        conn->vhostfds = NULL;
        conn->nvhostfds = 0;
    }
}

/**
 * qemuInterfaceConnListFree:
 * @list: connections to free, may be NULL
 *
 * Closes the fds still held and frees the list.  Ports are not deleted
 * here (a started guest keeps them): use qemuInterfaceReleasePorts() on a
 * failure path first.
 */
void
qemuInterfaceConnListFree(qemuInterfaceConnList *list)
{
    size_t i;

    if (!list)
        return;
    qemuInterfaceConnListCloseFds(list);
    for (i = 0; i < list->nconns; i++)
        virNetworkdPortInfoFree(list->conns[i].port);
    g_free(list->conns);
    g_free(list);
}

/**
 * qemuInterfaceDeletePort:
 * @uuid: a networkd port UUID, may be NULL
 *
 * Deletes the port if it still exists.  Used when a guest is gone or its
 * start failed: the port usually vanished already with its last fd, so
 * "no such port" is the expected answer and not an error, and a daemon
 * that is gone meanwhile cannot hold a port either.  Any other failure is
 * printed as a warning; the caller's own error (if any) is preserved.
 */
void
qemuInterfaceDeletePort(const char *uuid)
{
    virError *saved = NULL;

    if (!uuid)
        return;
    virErrorPreserveLast(&saved);
    if (virNetworkdPortDelete(uuid) < 0) {
        virErrorNumber code = virGetLastErrorCode();

        if (code != VIR_ERR_NO_NETWORK_PORT && code != VIR_ERR_DAEMON_UNREACHABLE)
            g_warning(_("cannot release networkd port %1$s: %2$s"),
                      uuid, virGetLastErrorMessage());
    }
    virErrorRestore(&saved);
}

/**
 * qemuInterfaceReleasePorts:
 * @list: connections, may be NULL
 *
 * Closes every fd and deletes every networkd port of @list: the rollback
 * of a start that failed after some NICs were connected.
 */
void
qemuInterfaceReleasePorts(qemuInterfaceConnList *list)
{
    size_t i;

    if (!list)
        return;
    qemuInterfaceConnListCloseFds(list);
    for (i = 0; i < list->nconns; i++) {
        if (list->conns[i].port)
            qemuInterfaceDeletePort(list->conns[i].port->uuid);
    }
}

/**
 * qemuInterfaceBindPorts:
 * @list: the connections of a domain whose QEMU now runs
 * @pidfd: a pidfd of that QEMU process
 *
 * Ties every macvtap port (plug "direct") to QEMU: until now it lived
 * with this process, which hands its fds to QEMU and then goes away; the
 * daemon deletes a macvtap when the process it lives with exits.
 * Returns 0, or -1 with an error reported.
 */
int
qemuInterfaceBindPorts(qemuInterfaceConnList *list, int pidfd)
{
    size_t i;

    for (i = 0; i < list->nconns; i++) {
        const virNetworkdPortInfo *port = list->conns[i].port;

        if (!port || g_strcmp0(port->plug, "direct") != 0)
            continue;
        if (pidfd < 0) {
            virReportError(VIR_ERR_NO_SUPPORT, "%s",
                           _("a macvtap port needs a pidfd of QEMU (Linux 5.3 or newer)"));
            return -1;
        }
        if (virNetworkdPortBindProcess(port->uuid, pidfd) < 0)
            return -1;
    }
    return 0;
}

/**
 * qemuInterfaceRequestRate:
 * Copies one direction of <bandwidth> (NULL: absent) into a request.
 */
static void
qemuInterfaceRequestRate(const virNetDevBandwidthRate *rate, virNetworkdPortRequestRate *out)
{
    if (!rate)
        return;
    out->average = rate->average;
    out->peak = rate->peak;
    out->burst = rate->burst;
    out->floor = rate->floor;
}

/**
 * qemuInterfaceRequestFilter:
 * The NIC's <filterref>: its filter, and its IP parameters as the
 * addresses the guest may send from (into @buf).  A MAC parameter must
 * be the NIC's own (the daemon filters on the port's MAC); other
 * parameters are not acted on and refused.  Returns 0, or -1 with an
 * error naming the NIC.
 */
static int
qemuInterfaceRequestFilter(const virDomainNetDef *net, virNetworkdPortRequest *req,
                           qemuInterfaceRequestBuf *buf)
{
    const virDomainNetFilterRef *ref = net->filterref;
    size_t nips = 0;
    size_t i;

    if (!ref)
        return 0;
    for (i = 0; i < ref->nparams; i++) {
        const virNWFilterParam *param = &ref->params[i];
        virMacAddr mac;

        if (g_ascii_strcasecmp(param->name, "IP") == 0) {
            if (nips == VIR_NETWORKD_FILTER_IPS_MAX) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("interface '%1$s': <filterref> has more than %2$d IP parameters"),
                               net->alias, VIR_NETWORKD_FILTER_IPS_MAX);
                return -1;
            }
            buf->ips[nips++] = param->value;
        } else if (g_ascii_strcasecmp(param->name, "MAC") == 0) {
            if (virMacAddrParse(param->value, &mac) < 0 || !virMacAddrEqual(&mac, &net->mac)) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("interface '%1$s': the MAC parameter of <filterref> must be the interface's own"),
                               net->alias);
                return -1;
            }
        } else {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': parameter '%2$s' of <filterref> is not acted on (only IP and MAC are)"),
                           net->alias, param->name);
            return -1;
        }
    }
    buf->ips[nips] = NULL;
    req->filter = ref->filter;
    req->filterIPs = nips ? buf->ips : NULL;
    return 0;
}

/**
 * qemuInterfaceBuildRequest:
 * @def: the domain (owner name and uuid)
 * @net: the NIC
 * @req: filled with the CreatePort request; strings are borrowed from
 *       @net and @buf, so both must outlive @req
 * @buf: storage for the formatted MAC and UUID
 *
 * Translates a NIC definition into a libvirt-networkd request: the plug
 * kind and its source, the guest MAC, the MTU, the number of queues, a
 * vnet header for virtio (the offloads virtio-net uses need it; the other
 * models do not read one), the domain as the owner, its <bandwidth> and
 * its <filterref>.  Touches no host state.
 * Returns 0, or -1 with an error when the NIC is not a networkd NIC.
 */
int
qemuInterfaceBuildRequest(const virDomainDef *def,
                          const virDomainNetDef *net,
                          virNetworkdPortRequest *req,
                          qemuInterfaceRequestBuf *buf)
{
    memset(req, 0, sizeof(*req));

    switch (net->type) {
    case VIR_DOMAIN_NET_TYPE_BRIDGE:
        req->plug = "bridge";
        req->bridge = net->sourceBridge;
        /* upstream's <virtualport type='openvswitch'>: an OVS bridge, and
         * the logical port the daemon checks the user may bind */
        if (g_strcmp0(net->virtualportType, "openvswitch") == 0) {
            req->virtualport = "openvswitch";
            req->interfaceId = net->virtualportInterfaceID;
        }
        break;
    case VIR_DOMAIN_NET_TYPE_NETWORK:
        /* upstream's port groups select per-port settings; the networks
         * of libvirt-networkd have none, so a guest asking for one would
         * silently get the network's defaults instead */
        if (net->sourcePortgroup) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': portgroup '%2$s' of network '%3$s': libvirt-networkd networks have no port groups"),
                           net->alias ? net->alias : "?", net->sourcePortgroup,
                           net->sourceNetwork);
            return -1;
        }
        req->plug = "network";
        req->network = net->sourceNetwork;
        /* on an OVN network: the logical port to bind, by name */
        if (g_strcmp0(net->virtualportType, "openvswitch") == 0) {
            req->virtualport = "openvswitch";
            req->interfaceId = net->virtualportInterfaceID;
        }
        break;
    case VIR_DOMAIN_NET_TYPE_DIRECT:
        req->plug = "direct";
        req->device = net->sourceDev;
        /* the domain's mode names are the API's */
        req->mode = virDomainNetMacvtapModeTypeToString(net->sourceMode);
        break;
    case VIR_DOMAIN_NET_TYPE_ETHERNET:
        /* a managed tap on no bridge; <target dev=> names it (a generated
         * vnet* name was dropped when the definition was parsed) */
        if (net->managedTap != VIR_TRISTATE_BOOL_NO) {
            req->plug = "none";
            req->ifname = net->ifname;
            break;
        }
        G_GNUC_FALLTHROUGH;
    case VIR_DOMAIN_NET_TYPE_USER:
    case VIR_DOMAIN_NET_TYPE_LAST:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("interface '%1$s' of type '%2$s' does not get a networkd port"),
                       net->alias ? net->alias : "?",
                       virDomainNetTypeToString(net->type));
        return -1;
    }

    req->mac = virMacAddrFormat(&net->mac, buf->mac);
    req->mtu = net->mtu;
    req->queues = net->queues > 1 ? net->queues : 0;
    req->vnetHdr = net->model == VIR_DOMAIN_NET_MODEL_VIRTIO ||
                   net->model == VIR_DOMAIN_NET_MODEL_DEFAULT
                   ? VIR_NETWORKD_VNET_HDR_ON : VIR_NETWORKD_VNET_HDR_OFF;
    /* the daemon takes any domain name as owner-name (checked again
     * there: UTF-8 without control characters, as domain_name.c) */
    G_STATIC_ASSERT(VIR_DOMAIN_NAME_MAX_LEN <= VIR_NETWORKD_OWNER_NAME_MAX);
    req->ownerName = def->name;
    req->ownerUUID = virUUIDFormat(def->uuid, buf->uuid);
    /* the domain's meaning (inbound: to the guest); the daemon turns it
     * round for the device it makes */
    if (net->bandwidth) {
        qemuInterfaceRequestRate(net->bandwidth->in, &req->inbound);
        qemuInterfaceRequestRate(net->bandwidth->out, &req->outbound);
    }
    return qemuInterfaceRequestFilter(net, req, buf);
}

/**
 * qemuInterfaceReportUnreachable:
 * @net: the NIC whose port could not be made
 *
 * Rewrites the client's "libvirt-networkd is not running" error so that
 * it also says what to do: start the daemon, or opt in to the setuid
 * bridge helper explicitly (only a bridge NIC can use it).  The D-Bus
 * error name stays the error's detail.
 */
static void
qemuInterfaceReportUnreachable(const virDomainNetDef *net)
{
    g_autoptr(virError) err = virErrorSteal();
    const char *reason = err && err->message ? err->message : "";

    if (net->type == VIR_DOMAIN_NET_TYPE_BRIDGE) {
        virReportError(VIR_ERR_DAEMON_UNREACHABLE,
                       _("cannot connect interface '%1$s' to bridge '%2$s': %3$s; start libvirt-networkd, or add <backend type='bridge-helper'/> to the interface to have QEMU run the setuid bridge helper instead"),
                       net->alias, net->sourceBridge, reason);
    } else {
        virReportError(VIR_ERR_DAEMON_UNREACHABLE,
                       _("cannot connect interface '%1$s': %2$s; start libvirt-networkd"),
                       net->alias, reason);
    }
    if (err)
        virErrorSetDetail(err->detail);
}

/**
 * qemuInterfaceConnectNetworkd:
 * @def: the domain
 * @net: a NIC whose backend resolved to networkd
 * @conn: filled with the port and its fds
 *
 * Returns 0, or -1 with an error reported and nothing held.
 */
static int
qemuInterfaceConnectNetworkd(const virDomainDef *def,
                             const virDomainNetDef *net,
                             qemuInterfaceConn *conn)
{
    virNetworkdPortRequest req;
    qemuInterfaceRequestBuf buf;

    if (qemuInterfaceBuildRequest(def, net, &req, &buf) < 0)
        return -1;

    if (virNetworkdPortCreate(&req, &conn->port, &conn->tapfds, &conn->ntapfds) < 0) {
        if (virGetLastErrorCode() == VIR_ERR_DAEMON_UNREACHABLE)
            qemuInterfaceReportUnreachable(net);
        return -1;
    }

    if (conn->ntapfds != (req.queues ? req.queues : 1)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("libvirt-networkd returned %1$zu fds for %2$u queues of interface '%3$s'"),
                       conn->ntapfds, req.queues ? req.queues : 1, net->alias);
        return -1;
    }
    return 0;
}

/**
 * qemuInterfaceConnectExisting:
 * @net: an ethernet NIC naming an existing device (<target dev= managed='no'/>)
 * @host: its resolved host side (queues)
 * @conn: filled with its fds
 *
 * Opens the macvtap link's /dev/tapN, or attaches to the tap, once per
 * queue, with the caller's own rights: the tap must belong to the user
 * (TUNSETOWNER), the device node must be the user's to open.  A vnet
 * header for virtio, as for networkd ports.
 * Returns 0, or -1 with an error naming the device and nothing held.
 */
static int
qemuInterfaceConnectExisting(const virDomainNetDef *net, const virDomainNetHost *host,
                             qemuInterfaceConn *conn)
{
    g_autofree int *fds = g_new0(int, host->queues);
    unsigned int flags = 0;
    int rc;

    if (net->model == VIR_DOMAIN_NET_MODEL_VIRTIO || net->model == VIR_DOMAIN_NET_MODEL_DEFAULT)
        flags |= VIR_NETDEV_TAP_CREATE_VNET_HDR;
    if ((rc = virNetDevMacvtapOpenExisting(net->ifname, host->queues, fds)) == 1)
        rc = virNetDevTapOpenExisting(net->ifname, host->queues, flags, fds);
    if (rc < 0) {
        g_autoptr(virError) err = virErrorSteal();

        virReportError(err ? err->code : VIR_ERR_OPERATION_FAILED,
                       _("interface '%1$s': %2$s"), net->alias,
                       err && err->message ? err->message : "");
        return -1;
    }
    conn->tapfds = g_steal_pointer(&fds);
    conn->ntapfds = host->queues;
    return 0;
}

/**
 * qemuInterfaceOpenVhost:
 * @net: a NIC whose tap fds are in @conn
 * @host: its resolved host side
 * @conn: gets one vhost-net fd per queue
 *
 * As upstream: a virtio NIC on a tap uses the kernel's vhost-net when its
 * device opens (@host->vhostIfAvailable) and silently goes without when
 * it does not (no module, no right to open it); <driver name='vhost'/>
 * (@host->vhost) makes that failure an error.
 * Returns 0, or -1 with an error and no vhost fd held.
 */
static int
qemuInterfaceOpenVhost(const virDomainNetDef *net, const virDomainNetHost *host,
                       qemuInterfaceConn *conn)
{
    const char *path = virDomainNetVhostPath(net, host);
    g_autofree int *fds = NULL;
    size_t q;

    if (!host->vhost && !host->vhostIfAvailable)
        return 0;
    fds = g_new(int, host->queues);
    for (q = 0; q < host->queues; q++) {
        if ((fds[q] = open(path, O_RDWR | O_CLOEXEC)) >= 0)
            continue;
        if (host->vhost)
            virReportSystemError(errno,
                                 _("interface '%1$s': <driver name='vhost'/> asks for vhost-net, but '%2$s' cannot be opened"),
                                 net->alias, path);
        virNetworkdPortCloseFds(g_steal_pointer(&fds), q);
        return host->vhost ? -1 : 0;
    }
    conn->vhostfds = g_steal_pointer(&fds);
    conn->nvhostfds = host->queues;
    return 0;
}

/**
 * qemuInterfaceConnect:
 * @def: the domain
 * @net: one of its NICs
 * @conn: filled with the host side
 *
 * Returns 0, or -1 with an error reported and nothing held.
 */
static int
qemuInterfaceConnect(const virDomainDef *def,
                     const virDomainNetDef *net,
                     qemuInterfaceConn *conn)
{
    virDomainNetHost host;

    if (virDomainNetResolveHost(net, &host) < 0)
        return -1;
    if (host.type != VIR_DOMAIN_NET_HOST_NETWORKD && (net->bandwidth || net->filterref)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': <%2$s> is applied by libvirt-networkd, which backend '%3$s' does not use"),
                       net->alias, net->bandwidth ? "bandwidth" : "filterref",
                       virDomainNetBackendTypeToString(host.backend));
        return -1;
    }

    switch (host.type) {
    case VIR_DOMAIN_NET_HOST_NETWORKD:
        if (qemuInterfaceConnectNetworkd(def, net, conn) < 0)
            return -1;
        return qemuInterfaceOpenVhost(net, &host, conn);
    case VIR_DOMAIN_NET_HOST_BRIDGE_HELPER:
        /* QEMU execs the helper itself (-netdev bridge,helper=). */
        return 0;
    case VIR_DOMAIN_NET_HOST_USER:
        return 0;
    case VIR_DOMAIN_NET_HOST_PASST:
        /* passt connects to QEMU's socket once QEMU runs (qemu_passt.c) */
        return 0;
    case VIR_DOMAIN_NET_HOST_TAP:
        if (qemuInterfaceConnectExisting(net, &host, conn) < 0)
            return -1;
        return qemuInterfaceOpenVhost(net, &host, conn);
    case VIR_DOMAIN_NET_HOST_LAST:
        break;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("interface '%1$s': no way to connect type '%2$s' with backend '%3$s'"),
                   net->alias, virDomainNetTypeToString(net->type),
                   virDomainNetBackendTypeToString(host.backend));
    return -1;
}

/**
 * qemuInterfaceConnectAll:
 * @def: the domain about to start
 *
 * Connects every NIC, in order.  When one fails, the ports the others
 * already got are deleted and their fds closed before returning, so a
 * refused NIC leaves nothing behind.
 * Returns the connections, parallel to def->nets (caller frees; the fds
 * are O_CLOEXEC), or NULL with the failing NIC's error reported.
 */
qemuInterfaceConnList *
qemuInterfaceConnectAll(const virDomainDef *def)
{
    g_autoptr(qemuInterfaceConnList) list = g_new0(qemuInterfaceConnList, 1);
    size_t i;

    list->conns = g_new0(qemuInterfaceConn, def->nnets);
    list->nconns = def->nnets;

    for (i = 0; i < def->nnets; i++) {
        if (qemuInterfaceConnect(def, def->nets[i], &list->conns[i]) < 0) {
            qemuInterfaceReleasePorts(list);
            return NULL;
        }
    }
    return g_steal_pointer(&list);
}
