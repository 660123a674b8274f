/*
 * domain_net_backend.c: a NIC's backend and host side, decided once
 *
 * One table says which <backend type=...> fits which <interface type=...>
 * and which host side the pair gets; the first row of each interface type
 * is what an absent backend means for it.  What each host side allows
 * (multiqueue, vhost: only a tap of ours has queues and a vhost-net
 * device) is one switch.  Validation (domain_validate.c) refuses a
 * backend that fits no row; the QEMU driver switches on the resolved host
 * side to connect the NIC (qemu_interface.c) and to build -netdev
 * (qemu_command_net.c), and checks there only what the QEMU binary
 * supports.
 *
 * Adding a backend kind: a virDomainNetBackendType value (and its
 * string), rows here for the interface types it serves, a
 * virDomainNetHostType value if it needs a new host side (the switches
 * over it then fail to build until every consumer handles it), and its
 * validation message in virDomainValidateNetBackend().
 */
#include "domain_conf.h"

#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainNetHost, VIR_DOMAIN_NET_HOST_LAST,
              "networkd", "tap", "bridge-helper", "user", "passt");

typedef struct {
    virDomainNetType type;
    virDomainNetBackendType backend;  /* DEFAULT: no daemon or helper involved */
    virDomainNetHostType host;
} virDomainNetHostRule;

/* The first row of a type is its default (an absent backend): never the
 * setuid helper, which the XML must ask for explicitly. */
static const virDomainNetHostRule virDomainNetHostRules[] = {
    { VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_NETWORKD, VIR_DOMAIN_NET_HOST_NETWORKD },
    { VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER,
      VIR_DOMAIN_NET_HOST_BRIDGE_HELPER },
    { VIR_DOMAIN_NET_TYPE_NETWORK, VIR_DOMAIN_NET_BACKEND_NETWORKD, VIR_DOMAIN_NET_HOST_NETWORKD },
    { VIR_DOMAIN_NET_TYPE_DIRECT, VIR_DOMAIN_NET_BACKEND_NETWORKD, VIR_DOMAIN_NET_HOST_NETWORKD },
    /* Creating a tap needs CAP_NET_ADMIN, which the driver never has: a
     * managed ethernet NIC (upstream's default) is a networkd port on no
     * bridge; with <target managed='no'/> it names an existing tap
     * (virDomainNetHostRuleOf picks that row). */
    { VIR_DOMAIN_NET_TYPE_ETHERNET, VIR_DOMAIN_NET_BACKEND_NETWORKD, VIR_DOMAIN_NET_HOST_NETWORKD },
    { VIR_DOMAIN_NET_TYPE_ETHERNET, VIR_DOMAIN_NET_BACKEND_DEFAULT, VIR_DOMAIN_NET_HOST_TAP },
    { VIR_DOMAIN_NET_TYPE_USER, VIR_DOMAIN_NET_BACKEND_DEFAULT, VIR_DOMAIN_NET_HOST_USER },
    { VIR_DOMAIN_NET_TYPE_USER, VIR_DOMAIN_NET_BACKEND_PASST, VIR_DOMAIN_NET_HOST_PASST },
};

/**
 * virDomainNetHostRuleFind:
 * @type: interface type
 * @backend: backend, DEFAULT for the type's default row
 *
 * Returns the rule for the pair (for DEFAULT: the type's first rule), or
 * NULL when the pair fits no rule.
 */
static const virDomainNetHostRule *
virDomainNetHostRuleFind(virDomainNetType type, virDomainNetBackendType backend)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virDomainNetHostRules); i++) {
        const virDomainNetHostRule *rule = &virDomainNetHostRules[i];

        if (rule->type == type &&
            (backend == VIR_DOMAIN_NET_BACKEND_DEFAULT || rule->backend == backend))
            return rule;
    }
    return NULL;
}

/**
 * virDomainNetHostRuleOf:
 * @net: the NIC
 *
 * Returns the rule of @net, or NULL when its backend fits no rule.  An
 * ethernet NIC with <target managed='no'/> and no backend gets the row of
 * an existing tap (no daemon); every other NIC the rule of its type and
 * backend.
 */
static const virDomainNetHostRule *
virDomainNetHostRuleOf(const virDomainNetDef *net)
{
    size_t i;

    if (net->type == VIR_DOMAIN_NET_TYPE_ETHERNET &&
        net->managedTap == VIR_TRISTATE_BOOL_NO &&
        net->backend == VIR_DOMAIN_NET_BACKEND_DEFAULT) {
        for (i = 0; i < G_N_ELEMENTS(virDomainNetHostRules); i++) {
            if (virDomainNetHostRules[i].type == net->type &&
                virDomainNetHostRules[i].host == VIR_DOMAIN_NET_HOST_TAP)
                return &virDomainNetHostRules[i];
        }
    }
    return virDomainNetHostRuleFind(net->type, net->backend);
}

/**
 * virDomainNetResolveBackend:
 * See domain_conf.h.  An explicit backend is returned as is (validation
 * has checked it fits the type); an absent one is the backend of the
 * type's default rule.
 */
virDomainNetBackendType
virDomainNetResolveBackend(const virDomainNetDef *net)
{
    const virDomainNetHostRule *rule;

    if (net->backend != VIR_DOMAIN_NET_BACKEND_DEFAULT)
        return net->backend;
    rule = virDomainNetHostRuleOf(net);
    return rule ? rule->backend : VIR_DOMAIN_NET_BACKEND_DEFAULT;
}

/**
 * virDomainNetBackendFitsType:
 * See domain_conf.h.
 */
bool
virDomainNetBackendFitsType(virDomainNetType type, virDomainNetBackendType backend)
{
    return backend == VIR_DOMAIN_NET_BACKEND_DEFAULT ||
           virDomainNetHostRuleFind(type, backend) != NULL;
}

/**
 * virDomainNetHostCheckEthernet:
 * @net: an ethernet NIC
 *
 * Upstream's <ip> and <route> on an ethernet NIC put addresses and routes
 * on the host side of its tap.  This tree does not (an unprivileged user
 * would need the daemon to address host interfaces): a NIC with them is
 * refused, naming the element, rather than started without them.
 * Returns 0, or -1 with an error.
 */
static int
virDomainNetHostCheckEthernet(const virDomainNetDef *net)
{
    size_t i;

    /* kept children are named "interface/NAME" */
    for (i = 0; i < net->nkept; i++) {
        const char *name = net->kept[i].name;

        if (!g_str_has_prefix(name, "interface/"))
            continue;
        name += strlen("interface/");
        if (g_str_equal(name, "ip") || g_str_equal(name, "route")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': <%2$s> of an ethernet interface (an address or route on the host side of its tap) is not acted on: the domain cannot start with it; the host administrator addresses the tap instead"),
                           net->alias, name);
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainNetHostCheck:
 * @net: the NIC
 * @host: its host side, with type, queues and vhost filled
 *
 * What the host side allows: an existing tap must be named; multiqueue
 * and vhost need a tap fd of ours; an ethernet NIC has no <ip> or
 * <route> (virDomainNetHostCheckEthernet).  Sets @host->tapFds.
 * Returns 0, or -1 with an error.
 */
static int
virDomainNetHostCheck(const virDomainNetDef *net, virDomainNetHost *host)
{
    if (net->type == VIR_DOMAIN_NET_TYPE_ETHERNET &&
        virDomainNetHostCheckEthernet(net) < 0)
        return -1;

    switch (host->type) {
    case VIR_DOMAIN_NET_HOST_TAP:
        if (!net->ifname) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': <target managed='no'/> needs the existing tap or macvtap device's name: <target dev='NAME' managed='no'/>"),
                           net->alias);
            return -1;
        }
        host->tapFds = true;
        return 0;
    case VIR_DOMAIN_NET_HOST_NETWORKD:
        if (net->type == VIR_DOMAIN_NET_TYPE_ETHERNET &&
            net->managedTap == VIR_TRISTATE_BOOL_NO) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': <backend type='networkd'/> creates the tap, which contradicts <target managed='no'/>"),
                           net->alias);
            return -1;
        }
        if (net->backendTap || net->backendVhost) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': attribute '%2$s' of <backend> cannot be used when libvirt-networkd makes the tap: it supplies the file descriptors"),
                           net->alias, net->backendTap ? "tap" : "vhost");
            return -1;
        }
        host->tapFds = true;
        return 0;
    case VIR_DOMAIN_NET_HOST_BRIDGE_HELPER:
        if (host->queues > 1) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': multiqueue (queues='%2$u') is not possible with the bridge-helper backend, the helper creates a single-queue tap"),
                           net->alias, host->queues);
            return -1;
        }
        if (host->vhost) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': <driver name='vhost'/> is not possible with the bridge-helper backend"),
                           net->alias);
            return -1;
        }
        return 0;
    case VIR_DOMAIN_NET_HOST_USER:
    case VIR_DOMAIN_NET_HOST_PASST:
        if (host->queues > 1 || host->vhost) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': multiqueue and vhost need a tap; user-mode networking has neither"),
                           net->alias);
            return -1;
        }
        /* passt logs to the domain's log; another file is not set up */
        if (net->backendLogFile) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': <backend logFile='%2$s'/> is kept in the definition but not acted on yet: the domain cannot start with it"),
                           net->alias, net->backendLogFile);
            return -1;
        }
        return 0;
    case VIR_DOMAIN_NET_HOST_LAST:
        break;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, _("interface '%1$s': unknown host side %2$d"),
                   net->alias, (int)host->type);
    return -1;
}

/**
 * virDomainNetResolveHost:
 * See domain_conf.h.  A backend that fits no rule cannot reach here
 * through the parser (validation refuses it); it is still reported.
 */
int
virDomainNetResolveHost(const virDomainNetDef *net, virDomainNetHost *host)
{
    const virDomainNetHostRule *rule = virDomainNetHostRuleOf(net);

    if (!rule) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("interface '%1$s': backend '%2$s' cannot be used with interface type '%3$s'"),
                       net->alias, virDomainNetBackendTypeToString(net->backend),
                       virDomainNetTypeToString(net->type));
        return -1;
    }
    host->type = rule->host;
    host->backend = rule->backend;
    host->queues = net->queues ? net->queues : 1;
    host->vhost = g_strcmp0(net->driverName, "vhost") == 0;
    host->vhostIfAvailable = false;
    host->tapFds = false;
    if (virDomainNetHostCheck(net, host) < 0)
        return -1;
    host->vhostIfAvailable = host->tapFds && !host->vhost &&
                             net->model == VIR_DOMAIN_NET_MODEL_VIRTIO &&
                             g_strcmp0(net->driverName, "qemu") != 0;
    return 0;
}

/**
 * virDomainNetVhostPath:
 * See domain_conf.h.
 */
const char *
virDomainNetVhostPath(const virDomainNetDef *net, const virDomainNetHost *host)
{
    if (host->type == VIR_DOMAIN_NET_HOST_TAP && net->backendVhost)
        return net->backendVhost;
    return "/dev/vhost-net";
}

/**
 * virDomainNetResolveHostType:
 * See domain_conf.h.
 */
virDomainNetHostType
virDomainNetResolveHostType(const virDomainNetDef *net)
{
    const virDomainNetHostRule *rule = virDomainNetHostRuleFind(net->type, net->backend);

    return rule ? rule->host : VIR_DOMAIN_NET_HOST_LAST;
}

/**
 * virDomainNetPasstSocketPath:
 * See domain_conf.h.
 */
char *
virDomainNetPasstSocketPath(const char *runDir, const virDomainDef *def, size_t idx)
{
    const char *alias = def->nets[idx]->alias;
    g_autofree char *stem = virDomainNameFileStem(def->name);

    if (alias)
        return g_strdup_printf("%s/passt/%s-%s.socket", runDir, stem, alias);
    return g_strdup_printf("%s/passt/%s-net%zu.socket", runDir, stem, idx);
}

/**
 * virDomainDefUsesBridgeHelper:
 * See domain_conf.h.
 */
bool
virDomainDefUsesBridgeHelper(const virDomainDef *def)
{
    size_t i;

    for (i = 0; i < def->nnets; i++) {
        if (virDomainNetResolveBackend(def->nets[i]) == VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER)
            return true;
    }
    return false;
}
