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
    /* Creating a tap needs CAP_NET_ADMIN, which the driver never has: an
     * ethernet NIC names an existing tap (checked when resolving). */
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
    rule = virDomainNetHostRuleFind(net->type, VIR_DOMAIN_NET_BACKEND_DEFAULT);
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
 * virDomainNetHostCheck:
 * @net: the NIC
 * @host: its host side, with type, queues and vhost filled
 *
 * What the host side allows: an existing tap must be named; multiqueue
 * and vhost need a tap fd of ours.  Sets @host->tapFds.
 * Returns 0, or -1 with an error.
 */
static int
virDomainNetHostCheck(const virDomainNetDef *net, virDomainNetHost *host)
{
    switch (host->type) {
    case VIR_DOMAIN_NET_HOST_TAP:
        if (!net->ifname || net->managedTap != VIR_TRISTATE_BOOL_NO) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("interface '%1$s': type 'ethernet' needs an existing tap or macvtap device: <target dev='NAME' managed='no'/>; creating one (managed='yes') is not supported, use type 'bridge' to have libvirt-networkd create the tap"),
                           net->alias);
            return -1;
        }
        host->tapFds = true;
        return 0;
    case VIR_DOMAIN_NET_HOST_NETWORKD:
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
    const virDomainNetHostRule *rule = virDomainNetHostRuleFind(net->type, net->backend);

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
    host->tapFds = false;
    return virDomainNetHostCheck(net, host);
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

    if (alias)
        return g_strdup_printf("%s/passt/%s-%s.socket", runDir, def->name, alias);
    return g_strdup_printf("%s/passt/%s-net%zu.socket", runDir, def->name, idx);
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
