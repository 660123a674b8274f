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

typedef struct {
    const char *addr;
    unsigned int prefix;
    const char *last;        /* virSocketAddrBroadcast */
} testBroadcastCase;

/**
 * testBroadcastOne:
 * The subnet's last address, and that it lies in the subnet.
 */
static int
testBroadcastOne(const void *opaque)
{
    const testBroadcastCase *c = opaque;
    virSocketAddr a, last;
    char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];

    if (virSocketAddrParse(c->addr, AF_UNSPEC, &a) < 0)
        return -1;
    virSocketAddrBroadcast(&a, c->prefix, &last);
    if (strcmp(virSocketAddrFormat(&last, buf), c->last) != 0) {
        fprintf(stderr, "broadcast of %s/%u: got %s, want %s\n", c->addr, c->prefix, buf, c->last);
        return -1;
    }
    return virSocketAddrInSubnet(&last, &a, c->prefix) ? 0 : -1;
}

typedef struct {
    const char *mask;
    int prefix;              /* -1: not a netmask */
} testNetmaskCase;

/**
 * testNetmaskOne:
 * virSocketAddrNetmaskPrefix of one mask.
 */
static int
testNetmaskOne(const void *opaque)
{
    const testNetmaskCase *c = opaque;
    virSocketAddr m;
    int got;

    if (!virSocketAddrTryParse(c->mask, AF_UNSPEC, &m))
        return -1;
    if ((got = virSocketAddrNetmaskPrefix(&m)) != c->prefix) {
        fprintf(stderr, "netmask %s: got %d, want %d\n", c->mask, got, c->prefix);
        return -1;
    }
    return 0;
}

typedef struct {
    const char *a;
    unsigned int aprefix;
    const char *b;
    unsigned int bprefix;
    bool overlap;
} testOverlapCase;

/**
 * testOverlapOne:
 * virSocketAddrSubnetsOverlap, both ways round.
 */
static int
testOverlapOne(const void *opaque)
{
    const testOverlapCase *c = opaque;
    virSocketAddr a, b;

    if (virSocketAddrParse(c->a, AF_UNSPEC, &a) < 0 ||
        virSocketAddrParse(c->b, AF_UNSPEC, &b) < 0)
        return -1;
    if (virSocketAddrSubnetsOverlap(&a, c->aprefix, &b, c->bprefix) != c->overlap ||
        virSocketAddrSubnetsOverlap(&b, c->bprefix, &a, c->aprefix) != c->overlap) {
        fprintf(stderr, "%s/%u ~ %s/%u: want %d\n", c->a, c->aprefix, c->b, c->bprefix, c->overlap);
        return -1;
    }
    return 0;
}

/**
 * testTryParse:
 * TryParse reports nothing; IsSet tells set from unset.
 */
static int
testTryParse(const void *opaque G_GNUC_UNUSED)
{
    virSocketAddr a;

    virResetLastError();
    if (virSocketAddrTryParse("not-an-address", AF_UNSPEC, &a) || virSocketAddrIsSet(&a) ||
        virGetLastErrorCode() != VIR_ERR_OK)
        return -1;
    if (!virSocketAddrTryParse("fd00::1", AF_INET6, &a) || !virSocketAddrIsSet(&a))
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
    static const testBroadcastCase broadcasts[] = {
        { "198.18.5.77", 24, "198.18.5.255" },
        { "198.18.5.77", 15, "198.19.255.255" },
        { "198.18.5.77", 32, "198.18.5.77" },
        { "198.18.5.77", 0, "255.255.255.255" },
        { "fd00:198:18:5::77", 64, "fd00:198:18:5:ffff:ffff:ffff:ffff" },
        { "fd00:198:18:5::77", 61, "fd00:198:18:7:ffff:ffff:ffff:ffff" },
    };
    static const testNetmaskCase netmasks[] = {
        { "255.255.255.0", 24 },
        { "255.254.0.0", 15 },
        { "255.255.255.255", 32 },
        { "0.0.0.0", 0 },
        { "255.0.255.0", -1 },
        { "255.255.255.1", -1 },
        { "ffff::", -1 },
    };
    static const testOverlapCase overlaps[] = {
        { "198.18.5.1", 24, "198.18.5.200", 24, true },
        { "198.18.5.1", 24, "198.18.0.1", 16, true },
        { "198.18.5.1", 24, "198.18.6.1", 24, false },
        { "198.18.5.1", 25, "198.18.5.129", 25, false },
        { "fd00:1::1", 64, "fd00:1::2", 48, true },
        { "fd00:1::1", 64, "198.18.5.1", 24, false },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(broadcasts); i++) {
        g_autofree char *title = g_strdup_printf("broadcast %s/%u", broadcasts[i].addr,
                                                 broadcasts[i].prefix);

        if (virTestRun(title, testBroadcastOne, &broadcasts[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(netmasks); i++) {
        g_autofree char *title = g_strdup_printf("netmask %s", netmasks[i].mask);

        if (virTestRun(title, testNetmaskOne, &netmasks[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(overlaps); i++) {
        g_autofree char *title = g_strdup_printf("overlap %s/%u ~ %s/%u", overlaps[i].a,
                                                 overlaps[i].aprefix, overlaps[i].b,
                                                 overlaps[i].bprefix);

        if (virTestRun(title, testOverlapOne, &overlaps[i]) < 0)
            ret = -1;
    }
    if (virTestRun("try-parse reports nothing", testTryParse, NULL) < 0)
        ret = -1;
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
