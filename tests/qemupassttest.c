/*
 * qemupassttest.c: passt's options for a NIC (qemuPasstBuildArgs) and
 * the socket path (virDomainNetPasstSocketPath), one case per line.
 */
#include "testutils.h"
#include "qemu_passt.h"
#include "virerror.h"

#include <stdio.h>

typedef struct {
    const char *name;
    const char *iface;    /* the <interface> element */
    const char *expect;   /* passt's options, space-separated */
} testPasstCase;

#define TEST_DOMAIN_HEAD \
    "<domain type='qemu'><name>p</name><memory>219136</memory>" \
    "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
#define TEST_DOMAIN_TAIL "</devices></domain>"

static const testPasstCase testPasstCases[] = {
    { "bare",
      "<interface type='user'><backend type='passt'/></interface>",
      "--foreground --stderr" },
    { "mtu, ip and source dev",
      "<interface type='user'><backend type='passt'/><mtu size='9000'/>"
      "<source dev='eth0'/>"
      "<ip family='ipv4' address='198.18.5.10' prefix='24'/>"
      "<ip family='ipv6' address='2001:db8::10' prefix='64'/></interface>",
      "--foreground --stderr --mtu 9000 --address 198.18.5.10 --netmask 24 "
      "--address 2001:db8::10 --interface eth0" },
    { "port forwards",
      "<interface type='user'><backend type='passt'/>"
      "<portForward proto='tcp'><range start='2022' to='22'/></portForward>"
      "<portForward proto='udp' address='198.18.5.1' dev='eth0'>"
      "<range start='5000' end='5010' to='6000'/><range start='5005' exclude='yes'/>"
      "<range start='7000' end='7002'/></portForward>"
      "<portForward proto='tcp' dev='eth1'><range start='80'/></portForward></interface>",
      "--foreground --stderr --tcp-ports 2022:22 "
      "--udp-ports 198.18.5.1%eth0/5000-5010:6000-6010,~5005,7000-7002 "
      "--tcp-ports %eth1/80" },
};

/**
 * testPasstArgs:
 * One case: parse the domain, build passt's options, compare.
 */
static int
testPasstArgs(const void *data)
{
    const testPasstCase *tc = data;
    g_autofree char *xml = g_strconcat(TEST_DOMAIN_HEAD, tc->iface, TEST_DOMAIN_TAIL, NULL);
    g_autoptr(virDomainDef) def = virDomainDefParseString(xml, NULL, 0);
    g_auto(GStrv) args = NULL;
    g_autofree char *joined = NULL;

    if (!def) {
        fprintf(stderr, "%s: %s\n", tc->name, virGetLastErrorMessage());
        return -1;
    }
    args = qemuPasstBuildArgs(def->nets[0]);
    joined = g_strjoinv(" ", args);
    return virTestCompareStrings(tc->expect, joined);
}

/**
 * testPasstSocketPath:
 * The socket lives in the driver's runtime dir, under passt/, named
 * after the domain and the NIC's alias (netIDX without one).
 */
static int
testPasstSocketPath(const void *data)
{
    g_autofree char *xml = g_strconcat(TEST_DOMAIN_HEAD,
                                       "<interface type='user'><backend type='passt'/></interface>"
                                       "<interface type='user'><backend type='passt'/>"
                                       "<alias name='ua-x'/></interface>",
                                       TEST_DOMAIN_TAIL, NULL);
    g_autoptr(virDomainDef) def = virDomainDefParseString(xml, NULL, 0);
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;

    if (!def)
        return -1;
    first = virDomainNetPasstSocketPath("/run/user/1000/libvirt/qemu/run", def, 0);
    second = virDomainNetPasstSocketPath("/run/user/1000/libvirt/qemu/run", def, 1);
    if (virTestCompareStrings("/run/user/1000/libvirt/qemu/run/passt/p-net0.socket", first) < 0 ||
        virTestCompareStrings("/run/user/1000/libvirt/qemu/run/passt/p-ua-x.socket", second) < 0)
        return -1;
    return 0;
}

/**
 * mymain:
 * Runs every case.
 */
static int
mymain(void)
{
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(testPasstCases); i++) {
        if (virTestRun(testPasstCases[i].name, testPasstArgs, &testPasstCases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("socket path", testPasstSocketPath, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
