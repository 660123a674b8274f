/*
 * virsocketaddrtest.c: IPv4/IPv6 addresses as typed values
 */
#include "testutils.h"
#include "virerror.h"
#include "virsocketaddr.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *input;
    int family;                 /* asked for */
    const char *expect;         /* canonical text, NULL when refused */
} testParseCase;

static int
testParseOne(const void *opaque)
{
    const testParseCase *c = opaque;
    char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];
    virSocketAddr addr;
    int rc;

    virResetLastError();
    rc = virSocketAddrParse(c->input, c->family, &addr);
    if (!c->expect) {
        if (rc == 0 || addr.family != 0 || virGetLastErrorCode() != VIR_ERR_INVALID_ARG)
            return -1;
        virResetLastError();
        return 0;
    }
    if (rc < 0)
        return -1;
    return virTestCompareStrings(c->expect, virSocketAddrFormat(&addr, buf));
}

typedef struct {
    const char *addr;
    unsigned int prefix;
    const char *network;        /* NULL: the prefix is invalid */
    const char *inside;
    const char *outside;
} testSubnetCase;

static int
testSubnetOne(const void *opaque)
{
    const testSubnetCase *c = opaque;
    char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];
    virSocketAddr addr, net, in, out;

    if (virSocketAddrParse(c->addr, AF_UNSPEC, &addr) < 0)
        return -1;
    if (!c->network)
        return virSocketAddrPrefixIsValid(&addr, c->prefix) ? -1 : 0;
    if (!virSocketAddrPrefixIsValid(&addr, c->prefix))
        return -1;
    virSocketAddrNetwork(&addr, c->prefix, &net);
    if (virTestCompareStrings(c->network, virSocketAddrFormat(&net, buf)) < 0)
        return -1;
    if (virSocketAddrParse(c->inside, AF_UNSPEC, &in) < 0 ||
        virSocketAddrParse(c->outside, AF_UNSPEC, &out) < 0)
        return -1;
    if (!virSocketAddrInSubnet(&in, &addr, c->prefix) ||
        virSocketAddrInSubnet(&out, &addr, c->prefix))
        return -1;
    return 0;
}

/**
 * testCompare:
 * Numeric order within a family; families never equal.
 */
static int
testCompare(const void *opaque G_GNUC_UNUSED)
{
    virSocketAddr a, b, c6, unset = { 0 };

    if (virSocketAddrParse("198.18.5.9", AF_INET, &a) < 0 ||
        virSocketAddrParse("198.18.5.10", AF_INET, &b) < 0 ||
        virSocketAddrParse("::c612:50a", AF_INET6, &c6) < 0)
        return -1;
    if (virSocketAddrCompare(&a, &b) >= 0 || virSocketAddrCompare(&b, &a) <= 0 ||
        virSocketAddrCompare(&a, &a) != 0 || !virSocketAddrEqual(&a, &a) ||
        virSocketAddrEqual(&b, &c6) || virSocketAddrEqual(&unset, &unset) ||
        virSocketAddrInSubnet(&c6, &b, 24) || virSocketAddrMaxPrefix(&unset) != 0)
        return -1;
    return 0;
}

static int
mymain(void)
{
    static const testParseCase parses[] = {
        { "198.18.5.1", AF_UNSPEC, "198.18.5.1" },
        { "198.18.5.1", AF_INET, "198.18.5.1" },
        { "198.18.5.1", AF_INET6, NULL },
        { "FD00:0:0::1", AF_UNSPEC, "fd00::1" },
        { "fd00::1", AF_INET, NULL },
        { "::ffff:198.18.5.1", AF_INET6, "::ffff:198.18.5.1" },
        { "198.18.5", AF_UNSPEC, NULL },
        { "198.18.5.1/24", AF_UNSPEC, NULL },
        { "198.18.5.1 ", AF_UNSPEC, NULL },
        { "0x7f.1", AF_UNSPEC, NULL },
        { "fe80::1%eth0", AF_UNSPEC, NULL },
        { "localhost", AF_UNSPEC, NULL },
        { "", AF_UNSPEC, NULL },
    };
    static const testSubnetCase subnets[] = {
        { "198.18.5.77", 24, "198.18.5.0", "198.18.5.255", "198.18.6.0" },
        { "198.19.200.1", 15, "198.18.0.0", "198.18.0.1", "198.20.0.0" },
        { "198.18.5.77", 32, "198.18.5.77", "198.18.5.77", "198.18.5.78" },
        { "198.18.5.77", 0, "0.0.0.0", "198.51.100.1", "fd00::1" },
        { "fd00:198:18:5::77", 64, "fd00:198:18:5::", "fd00:198:18:5:ffff::1", "fd00:198:18:6::" },
        { "fd00:198:18:5::77", 61, "fd00:198:18::", "fd00:198:18:7::1", "fd00:198:18:8::" },
        { "198.18.5.77", 33, NULL, NULL, NULL },
        { "fd00::1", 129, NULL, NULL, NULL },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(parses); i++) {
        g_autofree char *title = g_strdup_printf("parse '%s' (family %d)",
                                                 parses[i].input, parses[i].family);

        if (virTestRun(title, testParseOne, &parses[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(subnets); i++) {
        g_autofree char *title = g_strdup_printf("subnet %s/%u", subnets[i].addr, subnets[i].prefix);

        if (virTestRun(title, testSubnetOne, &subnets[i]) < 0)
            ret = -1;
    }
    if (virTestRun("compare and equal", testCompare, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
