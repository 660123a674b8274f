/*
 * virnftablestest.c: the nftables rules of virtual networks as golden
 * files (virnftablesdata/NAME.nft, regenerate with
 * VIR_TEST_REGENERATE_OUTPUT=1), and refusals of values that must never
 * reach rule text.  The kernel side is virnftablesnettest.
 */
#include "testutils.h"
#include "virerror.h"
#include "virnftables.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;           /* golden file, or NULL when refused */
    const char *bridge;
    virNftablesMode mode;
    const char *forwardDev;
    const char *subnets[3];     /* "ADDR/PREFIX" */
    const char *natStart;
    const char *natEnd;
    unsigned int portStart;
    unsigned int portEnd;
    const char *error;          /* for refusals: part of the message */
} testRulesCase;

/**
 * testRulesBuild:
 * Fills @net and @subnets from @c.
 */
static void
testRulesBuild(const testRulesCase *c, virNftablesNetwork *net, virNftablesSubnet *subnets)
{
    size_t i;

    memset(net, 0, sizeof(*net));
    net->bridge = c->bridge;
    net->mode = c->mode;
    net->forwardDev = c->forwardDev;
    net->subnets = subnets;
    for (i = 0; i < G_N_ELEMENTS(c->subnets) && c->subnets[i]; i++) {
        g_auto(GStrv) parts = g_strsplit(c->subnets[i], "/", 2);

        g_assert(virSocketAddrParse(parts[0], AF_UNSPEC, &subnets[i].addr) == 0);
        subnets[i].prefix = atoi(parts[1]);
        net->nsubnets++;
    }
    if (c->natStart)
        g_assert(virSocketAddrParse(c->natStart, AF_UNSPEC, &net->natStart) == 0);
    if (c->natEnd)
        g_assert(virSocketAddrParse(c->natEnd, AF_UNSPEC, &net->natEnd) == 0);
    net->natPortStart = c->portStart;
    net->natPortEnd = c->portEnd;
}

static int
testRulesOne(const void *opaque)
{
    const testRulesCase *c = opaque;
    virNftablesSubnet subnets[3];
    virNftablesNetwork net;
    g_autofree char *text = NULL;
    g_autofree char *path = NULL;

    testRulesBuild(c, &net, subnets);
    virResetLastError();
    text = virNftablesNetworkFormat(&net);
    if (!c->name) {
        if (text) {
            fprintf(stderr, "accepted:\n%s", text);
            return -1;
        }
        if (virGetLastErrorCode() != VIR_ERR_INVALID_ARG ||
            !strstr(virGetLastErrorMessage(), c->error)) {
            fprintf(stderr, "refused with '%s'\n", virGetLastErrorMessage());
            return -1;
        }
        virResetLastError();
        return 0;
    }
    if (!text) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    /* nothing outside our own table, ever */
    {
        g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
        size_t i;

        for (i = 0; lines[i] && *lines[i]; i++) {
            if (!strstr(lines[i], " inet " VIR_NFTABLES_TABLE)) {
                fprintf(stderr, "line outside our table: %s\n", lines[i]);
                return -1;
            }
        }
    }
    path = g_strdup_printf("%s/virnftablesdata/%s.nft", virTestSrcDir(), c->name);
    return virTestCompareToFile(text, path);
}

static int
mymain(void)
{
    static const testRulesCase cases[] = {
        { "nat", "virbr0", VIR_NFTABLES_MODE_NAT, NULL, { "198.18.5.1/24" } },
        { "nat-range", "virbr1", VIR_NFTABLES_MODE_NAT, "eth0", { "198.18.6.1/24" },
          "198.19.0.10", "198.19.0.20", 2000, 3000 },
        { "nat-one-address", "virbr1", VIR_NFTABLES_MODE_NAT, NULL, { "198.18.6.1/24" },
          "198.19.0.10", NULL, 0, 0 },
        { "nat-ipv6", "virbr2", VIR_NFTABLES_MODE_NAT, NULL,
          { "198.18.7.1/24", "fd00:198:18:7::1/64" } },
        { "route", "br-route.1", VIR_NFTABLES_MODE_ROUTE, NULL,
          { "198.18.8.1/24", "fd00:198:18:8::1/64" } },
        { "isolated", "virbr3", VIR_NFTABLES_MODE_ISOLATED, NULL, { "198.18.9.1/24" } },
        { "open", "virbr4", VIR_NFTABLES_MODE_OPEN, NULL, { "198.18.10.1/24" } },
        /* refusals */
        { NULL, "virbr0\"; flush", VIR_NFTABLES_MODE_NAT, NULL, { "198.18.5.1/24" },
          .error = "invalid bridge name" },
        { NULL, "vir br0", VIR_NFTABLES_MODE_NAT, NULL, { "198.18.5.1/24" },
          .error = "invalid bridge name" },
        { NULL, "virbr0", VIR_NFTABLES_MODE_NAT, "eth0}", { "198.18.5.1/24" },
          .error = "invalid forward device" },
        { NULL, "virbr0", VIR_NFTABLES_MODE_NAT, NULL, { "198.18.5.1/33" },
          .error = "invalid subnet" },
        { NULL, "virbr0", VIR_NFTABLES_MODE_NAT, NULL, { "198.18.5.1/0" },
          .error = "invalid subnet" },
        { NULL, "virbr0", VIR_NFTABLES_MODE_NAT, NULL, { "198.18.5.1/24" },
          NULL, NULL, 3000, 2000, "invalid NAT port range" },
        { NULL, "virbr0", VIR_NFTABLES_MODE_NAT, NULL, { "198.18.5.1/24" },
          "198.19.0.20", "198.19.0.10", 0, 0, "NAT address range" },
        { NULL, "virbr0", VIR_NFTABLES_MODE_NAT, NULL, { "198.18.5.1/24" },
          "fd00::1", NULL, 0, 0, "NAT address range" },
        { NULL, "virbr0", VIR_NFTABLES_MODE_LAST, NULL, { "198.18.5.1/24" },
          .error = "invalid network mode" },
    };
    static const char *const suffixes[] = { ".nft", NULL };
    g_autofree char *datadir = g_build_filename(virTestSrcDir(), "virnftablesdata", NULL);
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *title = NULL;

        if (cases[i].name)
            title = g_strdup_printf("rules: %s", cases[i].name);
        else
            title = g_strdup_printf("refused: %s", cases[i].error);
        if (virTestRun(title, testRulesOne, &cases[i]) < 0)
            ret = -1;
    }
    if (virTestCheckUnused(datadir, suffixes) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
