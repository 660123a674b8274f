/*
 * domainnetbackendtest.c: a NIC's backend and host side, decided once
 * (src/conf/domain_net_backend.c)
 *
 *   the fit matrix   which <backend type=> fits which <interface type=>,
 *                    every pair, compared with the table below: changing
 *                    a rule fails here until the table is updated
 *   resolution       one row per case: the interface, what it resolves
 *                    to (host side, backend, queues, vhost, tap fds) or
 *                    the error it gets
 *   bridge helper    a domain uses it when one NIC resolves to it
 */
#include "testutils.h"
#include "domain_conf.h"
#include "virerror.h"

#include <stdio.h>
#include <string.h>

/* One line per interface type: the backends that fit it, in enum order. */
static const char fitExpected[] =
    "bridge: default networkd bridge-helper\n"
    "network: default networkd\n"
    "direct: default networkd\n"
    "ethernet: default networkd\n"
    "user: default passt\n";

/* Every (type, backend) pair through virDomainNetBackendFitsType(). */
static int
testFitMatrix(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GString) out = g_string_new(NULL);
    int type;
    int backend;

    for (type = 0; type < VIR_DOMAIN_NET_TYPE_LAST; type++) {
        g_string_append_printf(out, "%s:", virDomainNetTypeToString(type));
        for (backend = 0; backend < VIR_DOMAIN_NET_BACKEND_LAST; backend++) {
            if (virDomainNetBackendFitsType(type, backend))
                g_string_append_printf(out, " %s", virDomainNetBackendTypeToString(backend));
        }
        g_string_append_c(out, '\n');
    }
    return virTestCompareStrings(fitExpected, out->str);
}

typedef struct {
    const char *name;
    virDomainNetType type;
    virDomainNetBackendType backend;
    unsigned int queues;          /* <driver queues=> */
    const char *driverName;       /* <driver name=> */
    const char *ifname;           /* <target dev=> */
    virTristateBool managedTap;   /* <target managed=> */
    /* "host backend queues vhost tapfds", or the error; vhost is
     * "vhost" (forced), "vhost-if-available" (upstream's default) or
     * "novhost" */
    const char *expect;
    const char *kept;             /* a kept child element (<ip>, <route>) */
    virDomainNetModelType model;  /* <model type=> */
} testResolveCase;

static const testResolveCase resolveCases[] = {
    { "bridge, default", VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT, "networkd networkd 1 novhost tapfds" },
    { "bridge, networkd, 4 queues, vhost", VIR_DOMAIN_NET_TYPE_BRIDGE,
      VIR_DOMAIN_NET_BACKEND_NETWORKD, 4, "vhost", NULL, VIR_TRISTATE_BOOL_ABSENT,
      "networkd networkd 4 vhost tapfds" },
    { "bridge, helper", VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER,
      0, "qemu", NULL, VIR_TRISTATE_BOOL_ABSENT,
      "bridge-helper bridge-helper 1 novhost notapfds" },
    { "network, default", VIR_DOMAIN_NET_TYPE_NETWORK, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT, "networkd networkd 1 novhost tapfds" },
    { "direct, default, 2 queues", VIR_DOMAIN_NET_TYPE_DIRECT, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      2, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT, "networkd networkd 2 novhost tapfds" },
    { "ethernet, existing tap", VIR_DOMAIN_NET_TYPE_ETHERNET, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      2, "vhost", "tap7", VIR_TRISTATE_BOOL_NO, "tap default 2 vhost tapfds" },
    /* managed (upstream's default): a networkd port on no bridge */
    { "ethernet, no target", VIR_DOMAIN_NET_TYPE_ETHERNET, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT, "networkd networkd 1 novhost tapfds" },
    { "ethernet, managed named tap, 2 queues", VIR_DOMAIN_NET_TYPE_ETHERNET,
      VIR_DOMAIN_NET_BACKEND_DEFAULT, 2, "vhost", "tap7", VIR_TRISTATE_BOOL_YES,
      "networkd networkd 2 vhost tapfds" },
    { "ethernet, networkd backend", VIR_DOMAIN_NET_TYPE_ETHERNET,
      VIR_DOMAIN_NET_BACKEND_NETWORKD, 0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT,
      "networkd networkd 1 novhost tapfds" },
    { "user, default", VIR_DOMAIN_NET_TYPE_USER, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT, "user default 1 novhost notapfds" },
    { "user, passt", VIR_DOMAIN_NET_TYPE_USER, VIR_DOMAIN_NET_BACKEND_PASST,
      1, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT, "passt passt 1 novhost notapfds" },
    /* virtio on a tap: vhost-net where it opens, unless <driver name='qemu'/> */
    { "bridge, virtio", VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      2, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT,
      "networkd networkd 2 vhost-if-available tapfds", NULL, VIR_DOMAIN_NET_MODEL_VIRTIO },
    { "ethernet, existing tap, virtio", VIR_DOMAIN_NET_TYPE_ETHERNET,
      VIR_DOMAIN_NET_BACKEND_DEFAULT, 0, NULL, "tap7", VIR_TRISTATE_BOOL_NO,
      "tap default 1 vhost-if-available tapfds", NULL, VIR_DOMAIN_NET_MODEL_VIRTIO },
    { "bridge, virtio, driver qemu", VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      0, "qemu", NULL, VIR_TRISTATE_BOOL_ABSENT,
      "networkd networkd 1 novhost tapfds", NULL, VIR_DOMAIN_NET_MODEL_VIRTIO },
    { "bridge, e1000", VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT,
      "networkd networkd 1 novhost tapfds", NULL, VIR_DOMAIN_NET_MODEL_E1000 },
    { "helper, virtio", VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER,
      0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT,
      "bridge-helper bridge-helper 1 novhost notapfds", NULL, VIR_DOMAIN_NET_MODEL_VIRTIO },
    { "user, virtio", VIR_DOMAIN_NET_TYPE_USER, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT,
      "user default 1 novhost notapfds", NULL, VIR_DOMAIN_NET_MODEL_VIRTIO },
    /* errors */
    { "ethernet, managed='no' without a name", VIR_DOMAIN_NET_TYPE_ETHERNET,
      VIR_DOMAIN_NET_BACKEND_DEFAULT, 0, NULL, NULL, VIR_TRISTATE_BOOL_NO,
      "unsupported configuration: interface 'net0': <target managed='no'/> needs the existing tap or macvtap device's name: <target dev='NAME' managed='no'/>" },
    { "ethernet, networkd backend and managed='no'", VIR_DOMAIN_NET_TYPE_ETHERNET,
      VIR_DOMAIN_NET_BACKEND_NETWORKD, 0, NULL, "tap7", VIR_TRISTATE_BOOL_NO,
      "unsupported configuration: interface 'net0': <backend type='networkd'/> creates the tap, which contradicts <target managed='no'/>" },
    { "ethernet, managed, <ip>", VIR_DOMAIN_NET_TYPE_ETHERNET, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT,
      "unsupported configuration: interface 'net0': <ip> of an ethernet interface (an address or route on the host side of its tap) is not acted on: the domain cannot start with it; the host administrator addresses the tap instead",
      "interface/ip" },
    { "ethernet, existing tap, <route>", VIR_DOMAIN_NET_TYPE_ETHERNET,
      VIR_DOMAIN_NET_BACKEND_DEFAULT, 0, NULL, "tap7", VIR_TRISTATE_BOOL_NO,
      "unsupported configuration: interface 'net0': <route> of an ethernet interface (an address or route on the host side of its tap) is not acted on: the domain cannot start with it; the host administrator addresses the tap instead",
      "interface/route" },
    { "helper, 2 queues", VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER,
      2, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT,
      "unsupported configuration: interface 'net0': multiqueue (queues='2') is not possible with the bridge-helper backend, the helper creates a single-queue tap" },
    { "helper, vhost", VIR_DOMAIN_NET_TYPE_BRIDGE, VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER,
      0, "vhost", NULL, VIR_TRISTATE_BOOL_ABSENT,
      "unsupported configuration: interface 'net0': <driver name='vhost'/> is not possible with the bridge-helper backend" },
    { "user, 2 queues", VIR_DOMAIN_NET_TYPE_USER, VIR_DOMAIN_NET_BACKEND_DEFAULT,
      2, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT,
      "unsupported configuration: interface 'net0': multiqueue and vhost need a tap; user-mode networking has neither" },
    { "passt, vhost", VIR_DOMAIN_NET_TYPE_USER, VIR_DOMAIN_NET_BACKEND_PASST,
      0, "vhost", NULL, VIR_TRISTATE_BOOL_ABSENT,
      "unsupported configuration: interface 'net0': multiqueue and vhost need a tap; user-mode networking has neither" },
    { "user, networkd (no rule)", VIR_DOMAIN_NET_TYPE_USER, VIR_DOMAIN_NET_BACKEND_NETWORKD,
      0, NULL, NULL, VIR_TRISTATE_BOOL_ABSENT,
      "unsupported configuration: interface 'net0': backend 'networkd' cannot be used with interface type 'user'" },
};

/* One resolution case. */
static int
testResolve(const void *opaque)
{
    const testResolveCase *tc = opaque;
    virDomainNetDef net = { 0 };
    virDomainNetHost host = { 0 };
    virDomainUnmodelled kept = { .name = (char *)tc->kept };
    g_autofree char *actual = NULL;

    if (tc->kept) {
        net.kept = &kept;
        net.nkept = 1;
    }
    net.type = tc->type;
    net.backend = tc->backend;
    net.queues = tc->queues;
    net.driverName = (char *)tc->driverName;
    net.ifname = (char *)tc->ifname;
    net.managedTap = tc->managedTap;
    net.model = tc->model;
    net.alias = (char *)"net0";

    if (virDomainNetResolveHost(&net, &host) < 0) {
        actual = g_strdup(virGetLastErrorMessage());
        virResetLastError();
    } else {
        actual = g_strdup_printf("%s %s %u %s %s",
                                 virDomainNetHostTypeToString(host.type),
                                 virDomainNetBackendTypeToString(host.backend),
                                 host.queues,
                                 host.vhost ? "vhost" :
                                 host.vhostIfAvailable ? "vhost-if-available" : "novhost",
                                 host.tapFds ? "tapfds" : "notapfds");
        if (host.backend != virDomainNetResolveBackend(&net)) {
            printf("the host side's backend differs from virDomainNetResolveBackend()\n");
            return -1;
        }
    }
    return virTestCompareStrings(tc->expect, actual);
}

/* A domain uses the helper when, and only when, a NIC resolves to it. */
static int
testUsesBridgeHelper(const void *opaque G_GNUC_UNUSED)
{
    virDomainNetDef user = { .type = VIR_DOMAIN_NET_TYPE_USER };
    virDomainNetDef bridge = { .type = VIR_DOMAIN_NET_TYPE_BRIDGE };
    virDomainNetDef helper = { .type = VIR_DOMAIN_NET_TYPE_BRIDGE,
                               .backend = VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER };
    virDomainNetDef *without[] = { &user, &bridge };
    virDomainNetDef *with[] = { &user, &bridge, &helper };
    virDomainDef def = { 0 };

    if (virDomainDefUsesBridgeHelper(&def)) {
        printf("a domain without NICs uses the helper\n");
        return -1;
    }
    def.nets = without;
    def.nnets = G_N_ELEMENTS(without);
    if (virDomainDefUsesBridgeHelper(&def)) {
        printf("a default bridge NIC uses the helper\n");
        return -1;
    }
    def.nets = with;
    def.nnets = G_N_ELEMENTS(with);
    if (!virDomainDefUsesBridgeHelper(&def)) {
        printf("a bridge-helper NIC does not count\n");
        return -1;
    }
    return 0;
}

static int
mymain(void)
{
    int ret = 0;
    size_t i;

    if (virTestRun("backend fits type: the whole matrix", testFitMatrix, NULL) < 0)
        ret = -1;
    for (i = 0; i < G_N_ELEMENTS(resolveCases); i++) {
        if (virTestRun(resolveCases[i].name, testResolve, &resolveCases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("domain uses the bridge helper", testUsesBridgeHelper, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
