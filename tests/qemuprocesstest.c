/*
 * qemuprocesstest.c: the pieces of the guest lifecycle that need no guest
 *
 *   req-*.xml        a domain: the libvirt-networkd request of each NIC,
 *                    rendered one per line in req-*.req
 * The status document is tested in domainstatustest.c, spawning in
 * vircommandtest.c, /proc and pidfds in virprocesstest.c.
 * VIR_TEST_REGENERATE_OUTPUT=1 rewrites the expected files.
 */
#include "testutils.h"
#include "qemu_interface.h"
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>

static char *dataDir;

/* req-NAME.xml: one rendered request per NIC (or the error) in .req. */
static int
testRequest(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *path = g_strdup_printf("%s/%s.xml", dataDir, name);
    g_autofree char *reqPath = g_strdup_printf("%s/%s.req", dataDir, name);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i;

    virTestMarkUsed(path);
    if (!(def = virDomainDefParseFile(path, 0)))
        return -1;
    for (i = 0; i < def->nnets; i++) {
        virNetworkdPortRequest req;
        qemuInterfaceRequestBuf buf;
        static const char * const hdr[] = { "default", "on", "off" };

        if (qemuInterfaceBuildRequest(def, def->nets[i], &req, &buf) < 0) {
            g_string_append_printf(out, "%s: error: %s\n", def->nets[i]->alias,
                                   virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        g_string_append_printf(out,
                               "%s: plug=%s bridge=%s network=%s device=%s mode=%s mac=%s mtu=%u "
                               "queues=%u vnet-hdr=%s owner=%s/%s",
                               def->nets[i]->alias, req.plug,
                               req.bridge ? req.bridge : "-", req.network ? req.network : "-",
                               req.device ? req.device : "-", req.mode ? req.mode : "-",
                               req.mac, req.mtu,
                               req.queues, hdr[req.vnetHdr], req.ownerName, req.ownerUUID);
        if (req.inbound.average || req.outbound.average || req.inbound.floor)
            g_string_append_printf(out, " in=%llu/%llu/%llu/%llu out=%llu/%llu/%llu",
                                   req.inbound.average, req.inbound.peak, req.inbound.burst,
                                   req.inbound.floor, req.outbound.average, req.outbound.peak,
                                   req.outbound.burst);
        if (req.filter) {
            g_autofree char *ips = req.filterIPs ? g_strjoinv(",", (char **)req.filterIPs) : NULL;

            g_string_append_printf(out, " filter=%s ips=%s", req.filter, ips ? ips : "-");
        }
        g_string_append_c(out, '\n');
    }
    return virTestCompareToFile(out->str, reqPath);
}

static const char * const requestCases[] = {
    "req-bridge",
    "req-controls",
    "req-models-mtu-queues",
    "req-network-direct",
    "req-network-portgroup",
    "req-not-networkd",
};

static int
mymain(void)
{
    static const char * const suffixes[] = { ".xml", ".req", NULL };
    int ret = 0;
    size_t i;

    dataDir = g_build_filename(virTestSrcDir(), "qemuprocessdata", NULL);

    for (i = 0; i < G_N_ELEMENTS(requestCases); i++) {
        if (virTestRun(requestCases[i], testRequest, requestCases[i]) < 0)
            ret = -1;
    }
    if (virTestCheckUnused(dataDir, suffixes) < 0)
        ret = -1;

    g_free(dataDir);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
