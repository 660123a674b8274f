/*
 * qemu_command_net.c: -netdev and -device for each <interface>
 *
 * Which host side a NIC gets is decided in conf
 * (virDomainNetResolveHost(), src/conf/domain_net_backend.c); here each
 * host side becomes its -netdev, checking only what the binary supports:
 *   networkd, tap  an fd QEMU inherits (a networkd port, or an existing
 *                  tap of an ethernet NIC) -- "-netdev tap,fd=N"
 *   bridge-helper  QEMU execs qemu.conf's bridge_helper -- "-netdev bridge"
 *   user           QEMU's own user-mode stack -- "-netdev user"
 *   passt          passt, through a UNIX socket QEMU connects to --
 *                  "-netdev stream,server=off"
 * The helper path comes from qemu.conf only: whoever writes the domain XML
 * must not choose which setuid binary QEMU runs.
 */
#include "qemu_command_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* Reports that the binary lacks @what for interface @alias. */
static void
qemuBuildNetMissingCap(qemuBuildContext *ctx, const char *alias, const char *what)
{
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("interface '%1$s' needs %2$s, which '%3$s' does not support"),
                   alias, what, ctx->caps->binary);
}

/**
 * qemuBuildNetFds:
 * @ctx: build context
 * @idx: index of the interface in def->nets
 * @alias: its alias
 * @queues: number of queues (fds) wanted
 * @vhost: the vhost-net fds, not the tap fds
 *
 * Returns the value for "fd"/"fds" or "vhostfd"/"vhostfds" (caller
 * frees): the caller's fds, or ${NETi_FDq} / ${NETi_VHOSTFDq}
 * placeholders when it gave none; NULL with an error when the caller
 * gave the wrong number.
 */
static char *
qemuBuildNetFds(qemuBuildContext *ctx, size_t idx, const char *alias,
                unsigned int queues, bool vhost)
{
    const qemuCommandParams *params = ctx->params;
    g_autoptr(GString) buf = g_string_new(NULL);
    unsigned int q;

    if (params->nets) {
        const qemuCommandNetHost *host = idx < params->nnets ? &params->nets[idx] : NULL;
        const int *fds = host ? (vhost ? host->vhostfds : host->tapfds) : NULL;
        size_t nfds = host ? (vhost ? host->nvhostfds : host->ntapfds) : 0;

        if (nfds != queues) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("interface '%1$s' needs %2$u %3$s fds, %4$zu given"),
                           alias, queues, vhost ? "vhost-net" : "tap", nfds);
            return NULL;
        }
        for (q = 0; q < queues; q++)
            g_string_append_printf(buf, "%s%d", q ? ":" : "", fds[q]);
    } else {
        for (q = 0; q < queues; q++)
            g_string_append_printf(buf, "%s${NET%zu_%s%u}", q ? ":" : "", idx,
                                   vhost ? "VHOSTFD" : "FD", q);
    }
    return g_string_free(g_steal_pointer(&buf), FALSE);
}

/**
 * qemuBuildNetdevVhostProps:
 * @ctx: build context
 * @props: the -netdev tap properties
 * @idx: index of the interface in def->nets
 * @alias: its alias
 * @host: its host side
 *
 * vhost=on with the vhost-net fds start opened (vhostfd=/vhostfds=, or
 * ${NETi_VHOSTFDq} placeholders: what start passes where the device
 * opens) for a NIC that uses vhost-net; nothing when start opened none
 * for a NIC that uses it only where available.  Returns 0 or -1 with an
 * error.
 */
static int
qemuBuildNetdevVhostProps(qemuBuildContext *ctx, JsonObject *props, size_t idx,
                          const char *alias, const virDomainNetHost *host)
{
    const qemuCommandParams *params = ctx->params;
    g_autofree char *fds = NULL;

    if (!host->vhost && !host->vhostIfAvailable)
        return 0;
    if (params->nets && !host->vhost &&
        (idx >= params->nnets || params->nets[idx].nvhostfds == 0))
        return 0;
    if (!(fds = qemuBuildNetFds(ctx, idx, alias, host->queues, true)))
        return -1;
    json_object_set_boolean_member(props, "vhost", TRUE);
    json_object_set_string_member(props, host->queues > 1 ? "vhostfds" : "vhostfd", fds);
    return 0;
}

/**
 * qemuBuildNetdevUserAddrProps:
 * @props: the -netdev user properties
 * @net: the interface
 *
 * The guest network of QEMU's user-mode stack from the NIC's <ip>
 * elements, as upstream: net=ADDRESS/PREFIX for IPv4, ipv6-prefix= and
 * ipv6-prefixlen= for IPv6.
 */
static void
qemuBuildNetdevUserAddrProps(JsonObject *props, const virDomainNetDef *net)
{
    size_t i;

    for (i = 0; i < net->nips; i++) {
        const virDomainNetIP *ip = &net->ips[i];

        if (!ip->ipv6) {
            g_autofree char *value = ip->prefix ?
                g_strdup_printf("%s/%u", ip->address, ip->prefix) : g_strdup(ip->address);

            json_object_set_string_member(props, "net", value);
        } else {
            json_object_set_string_member(props, "ipv6-prefix", ip->address);
            if (ip->prefix)
                json_object_set_int_member(props, "ipv6-prefixlen", ip->prefix);
        }
    }
}

/**
 * qemuBuildNetdevProps:
 * @ctx: build context
 * @net: the interface
 * @idx: its index in def->nets
 * @alias: its alias ("net0")
 * @hostAlias: the netdev id ("hostnet0")
 * @host: its host side, resolved by conf
 *
 * Returns the -netdev properties (caller frees), or NULL with an error.
 */
static JsonObject *
qemuBuildNetdevProps(qemuBuildContext *ctx, const virDomainNetDef *net, size_t idx,
                     const char *alias, const char *hostAlias,
                     const virDomainNetHost *host)
{
    g_autoptr(JsonObject) props = json_object_new();
    g_autofree char *fds = NULL;

    switch (host->type) {
    case VIR_DOMAIN_NET_HOST_NETWORKD:
    case VIR_DOMAIN_NET_HOST_TAP:
        if (!virQEMUCapsGet(ctx->caps, QEMU_CAPS_NETDEV_TAP)) {
            qemuBuildNetMissingCap(ctx, alias, "-netdev tap");
            return NULL;
        }
        if (!(fds = qemuBuildNetFds(ctx, idx, alias, host->queues, false)))
            return NULL;
        json_object_set_string_member(props, "type", "tap");
        json_object_set_string_member(props, host->queues > 1 ? "fds" : "fd", fds);
        if (qemuBuildNetdevVhostProps(ctx, props, idx, alias, host) < 0)
            return NULL;
        break;

    case VIR_DOMAIN_NET_HOST_BRIDGE_HELPER:
        if (!virQEMUCapsGet(ctx->caps, QEMU_CAPS_NETDEV_BRIDGE)) {
            qemuBuildNetMissingCap(ctx, alias, "-netdev bridge (the bridge-helper backend)");
            return NULL;
        }
        if (!ctx->params->bridgeHelper) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s' uses the bridge-helper backend, but no bridge helper is configured"),
                           alias);
            return NULL;
        }
        json_object_set_string_member(props, "type", "bridge");
        json_object_set_string_member(props, "br", net->sourceBridge);
        json_object_set_string_member(props, "helper", ctx->params->bridgeHelper);
        break;

    case VIR_DOMAIN_NET_HOST_USER:
        if (!virQEMUCapsGet(ctx->caps, QEMU_CAPS_NETDEV_USER)) {
            qemuBuildNetMissingCap(ctx, alias, "-netdev user");
            return NULL;
        }
        json_object_set_string_member(props, "type", "user");
        qemuBuildNetdevUserAddrProps(props, net);
        break;

    case VIR_DOMAIN_NET_HOST_PASST: {
        const qemuCommandNetHost *given = ctx->params->nets && idx < ctx->params->nnets ?
                                          &ctx->params->nets[idx] : NULL;
        g_autoptr(JsonObject) addr = json_object_new();
        g_autofree char *placeholder = g_strdup_printf("${NET%zu_PASST_SOCKET}", idx);

        if (!virQEMUCapsGet(ctx->caps, QEMU_CAPS_NETDEV_STREAM)) {
            qemuBuildNetMissingCap(ctx, alias, "-netdev stream (the passt backend)");
            return NULL;
        }
        json_object_set_string_member(addr, "type", "unix");
        json_object_set_string_member(addr, "path", given && given->passtSocket ?
                                      given->passtSocket : placeholder);
        json_object_set_string_member(props, "type", "stream");
        json_object_set_object_member(props, "addr", g_steal_pointer(&addr));
        /* QEMU connects to the supervisor's socket (qemu_passt.h says
         * why), and again a second after passt died where it can */
        json_object_set_boolean_member(props, "server", FALSE);
        if (virQEMUCapsGet(ctx->caps, QEMU_CAPS_NETDEV_STREAM_RECONNECT))
            json_object_set_int_member(props, "reconnect", 1);
        break;
    }

    case VIR_DOMAIN_NET_HOST_LAST:
        break;
    }
    json_object_set_string_member(props, "id", hostAlias);
    return g_steal_pointer(&props);
}

/* The virtio-net-pci property of each <driver> option (upstream's
 * names), indexed by virDomainNetDriverOpt. */
static const char * const qemuBuildNicDriverProps[] = {
    [VIR_DOMAIN_NET_DRIVER_OPT_TXMODE] = "tx",
    [VIR_DOMAIN_NET_DRIVER_OPT_IOEVENTFD] = "ioeventfd",
    [VIR_DOMAIN_NET_DRIVER_OPT_EVENT_IDX] = "event_idx",
    [VIR_DOMAIN_NET_DRIVER_OPT_RX_QUEUE_SIZE] = "rx_queue_size",
    [VIR_DOMAIN_NET_DRIVER_OPT_TX_QUEUE_SIZE] = "tx_queue_size",
    [VIR_DOMAIN_NET_DRIVER_OPT_RSS] = "rss",
    [VIR_DOMAIN_NET_DRIVER_OPT_RSS_HASH_REPORT] = "hash",
    [VIR_DOMAIN_NET_DRIVER_OPT_IOMMU] = "iommu_platform",
    [VIR_DOMAIN_NET_DRIVER_OPT_ATS] = "ats",
    [VIR_DOMAIN_NET_DRIVER_OPT_PACKED] = "packed",
    [VIR_DOMAIN_NET_DRIVER_OPT_PAGE_PER_VQ] = "page-per-vq",
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_CSUM] = "csum",
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_GSO] = "gso",
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_TSO4] = "host_tso4",
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_TSO6] = "host_tso6",
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_ECN] = "host_ecn",
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_UFO] = "host_ufo",
    [VIR_DOMAIN_NET_DRIVER_OPT_HOST_MRG_RXBUF] = "mrg_rxbuf",
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_CSUM] = "guest_csum",
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_TSO4] = "guest_tso4",
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_TSO6] = "guest_tso6",
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_ECN] = "guest_ecn",
    [VIR_DOMAIN_NET_DRIVER_OPT_GUEST_UFO] = "guest_ufo",
};
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildNicDriverProps) == VIR_DOMAIN_NET_DRIVER_OPT_LAST);

/**
 * qemuBuildNicDriverOptProps:
 * @props: the -device properties of a virtio NIC
 * @net: the interface
 *
 * Its <driver> options as virtio-net-pci properties (validation allows
 * them on model virtio only): txmode 'iothread' is tx=bh, 'timer'
 * tx=timer.
 */
static void
qemuBuildNicDriverOptProps(JsonObject *props, const virDomainNetDef *net)
{
    size_t i;

    for (i = 0; i < VIR_DOMAIN_NET_DRIVER_OPT_LAST; i++) {
        const char *value = net->driverOpts[i];
        const char *prop = qemuBuildNicDriverProps[i];

        if (!value)
            continue;
        switch (virDomainNetDriverOptKindOf(i)) {
        case VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH:
            json_object_set_boolean_member(props, prop, strcmp(value, "on") == 0);
            break;
        case VIR_DOMAIN_NET_DRIVER_OPT_KIND_QUEUE_SIZE:
            json_object_set_int_member(props, prop, g_ascii_strtoll(value, NULL, 10));
            break;
        case VIR_DOMAIN_NET_DRIVER_OPT_KIND_TXMODE:
            json_object_set_string_member(props, prop,
                                          strcmp(value, "iothread") == 0 ? "bh" : "timer");
            break;
        }
    }
}

/**
 * qemuBuildNicProps:
 * @ctx: build context
 * @net: the interface
 * @alias: its alias ("net0"), the device id
 * @hostAlias: the netdev it connects to
 * @host: its host side, resolved by conf (queues)
 *
 * Multiqueue needs model virtio: validation refuses anything else
 * (domain_validate.c), so the queues are only turned into properties here.
 * Returns the -device properties (caller frees), or NULL with an error.
 */
static JsonObject *
qemuBuildNicProps(qemuBuildContext *ctx, const virDomainNetDef *net,
                  const char *alias, const char *hostAlias,
                  const virDomainNetHost *host)
{
    g_autoptr(JsonObject) props = json_object_new();
    unsigned int queues = host->queues;
    char mac[VIR_MAC_STRING_BUFLEN];
    const char *driver = NULL;
    virQEMUCapsFlag flag = QEMU_CAPS_DEVICE_RTL8139;
    bool virtio = false;

    switch (net->model) {
    case VIR_DOMAIN_NET_MODEL_VIRTIO:
        driver = "virtio-net-pci";
        flag = QEMU_CAPS_DEVICE_VIRTIO_NET;
        virtio = true;
        break;
    case VIR_DOMAIN_NET_MODEL_E1000:
        driver = "e1000";
        flag = QEMU_CAPS_DEVICE_E1000;
        break;
    case VIR_DOMAIN_NET_MODEL_E1000E:
        driver = "e1000e";
        flag = QEMU_CAPS_DEVICE_E1000E;
        break;
    case VIR_DOMAIN_NET_MODEL_DEFAULT: /* like upstream: QEMU's own x86 default */
    case VIR_DOMAIN_NET_MODEL_RTL8139:
    case VIR_DOMAIN_NET_MODEL_LAST:
        driver = "rtl8139";
        flag = QEMU_CAPS_DEVICE_RTL8139;
        break;
    }
    if (!virQEMUCapsGet(ctx->caps, flag)) {
        qemuBuildNetMissingCap(ctx, alias, driver);
        return NULL;
    }
    if (net->mtu && !virtio) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': setting the MTU needs model 'virtio', not '%2$s'"),
                       alias, driver);
        return NULL;
    }
    if (net->mtu && !virQEMUCapsGet(ctx->caps, QEMU_CAPS_VIRTIO_NET_HOST_MTU)) {
        qemuBuildNetMissingCap(ctx, alias, "the virtio-net host_mtu property");
        return NULL;
    }
    if (net->mtu > 65535) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': MTU %2$u is larger than 65535"), alias, net->mtu);
        return NULL;
    }

    json_object_set_string_member(props, "driver", driver);
    if (virtio)
        qemuBuildNicDriverOptProps(props, net);
    json_object_set_string_member(props, "netdev", hostAlias);
    json_object_set_string_member(props, "id", alias);
    json_object_set_string_member(props, "mac", virMacAddrFormat(&net->mac, mac));
    if (queues > 1) {
        /* one vector per RX and per TX queue, one for config, one for control */
        json_object_set_boolean_member(props, "mq", TRUE);
        json_object_set_int_member(props, "vectors", 2 * queues + 2);
    }
    if (net->mtu)
        json_object_set_int_member(props, "host_mtu", net->mtu);
    /* <boot order='N'/>: PXE boot priority of this NIC */
    if (net->bootIndex)
        json_object_set_int_member(props, "bootindex", net->bootIndex);
    if (qemuBuildPCIAddressProps(ctx, props, &net->pci, alias) < 0)
        return NULL;
    return g_steal_pointer(&props);
}

/**
 * qemuBuildNetArgs:
 * @ctx: build context
 *
 * A -netdev and a -device per interface, in document order.
 * Returns 0 or -1 with an error.
 */
int
qemuBuildNetArgs(qemuBuildContext *ctx)
{
    const virDomainDef *def = ctx->def;
    bool netdevJSON = virQEMUCapsGet(ctx->caps, QEMU_CAPS_NETDEV_JSON);
    bool deviceJSON = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    size_t i;

    for (i = 0; i < def->nnets; i++) {
        const virDomainNetDef *net = def->nets[i];
        g_autofree char *alias = net->alias ? g_strdup(net->alias) : g_strdup_printf("net%zu", i);
        g_autofree char *hostAlias = g_strdup_printf("host%s", alias);
        virDomainNetHost host;
        JsonObject *netdev;
        JsonObject *nic;

        if (virDomainNetResolveHost(net, &host) < 0)
            return -1;
        if (!(netdev = qemuBuildNetdevProps(ctx, net, i, alias, hostAlias, &host)))
            return -1;
        if (qemuCommandAddProps(ctx, "-netdev", netdev, "type", netdevJSON) < 0)
            return -1;
        if (!(nic = qemuBuildNicProps(ctx, net, alias, hostAlias, &host)))
            return -1;
        if (qemuCommandAddProps(ctx, "-device", nic, "driver", deviceJSON) < 0)
            return -1;

        /* QEMU has no property for a NIC that starts with its link down;
         * the caller runs "set_link" before "cont". */
        if (net->linkState == VIR_DOMAIN_NET_LINK_STATE_DOWN)
            g_ptr_array_add(ctx->cmd->linkDown, g_steal_pointer(&alias));
    }
    return 0;
}
