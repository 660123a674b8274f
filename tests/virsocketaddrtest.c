/*
 * virsocketaddrtest.c: IPv4/IPv6 parsing, formatting, netmasks and
 * subnet arithmetic
 */
#include "testutils.h"
#include "virsocketaddr.h"

#include <stdio.h>

/**
 * testParseOne:
 * @input parsed with @family must format as @expect (NULL: refused).
 * Returns 0 or -1.
 */
static int
testParseOne(const char *input, int family, const char *expect)
{
    virSocketAddr addr;
    char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];
    int rc = virSocketAddrParse(&addr, input, family);

    if (!expect) {
        if (rc == 0) {
            printf("'%s' should be refused\n", input);
            return -1;
        }
        return 0;
    }
    if (rc < 0) {
        printf("'%s' should be accepted\n", input);
        return -1;
    }
    return virTestCompareStrings(expect, virSocketAddrFormat(&addr, buf));
}

/**
 * testParse:
 * Strict syntax: dotted quads only, either family on request.
 */
static int
testParse(const void *opaque G_GNUC_UNUSED)
{
    static const struct {
        const char *input;
        int family;
        const char *expect;
    } cases[] = {
        { "198.18.0.1", AF_UNSPEC, "198.18.0.1" },
        { "198.18.0.1", AF_INET, "198.18.0.1" },
        { "198.18.0.1", AF_INET6, NULL },
        { "FD00::0001", AF_UNSPEC, "fd00::1" },
        { "fd00::1", AF_INET, NULL },
        { "::ffff:198.18.0.1", AF_INET6, "::ffff:198.18.0.1" },
        { "198.18.1", AF_UNSPEC, NULL },
        { "198.18.0.256", AF_UNSPEC, NULL },
        { "0x7f.0.0.1", AF_UNSPEC, NULL },
        { " 198.18.0.1", AF_UNSPEC, NULL },
        { "198.18.0.1\n", AF_UNSPEC, NULL },
        { "", AF_UNSPEC, NULL },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (testParseOne(cases[i].input, cases[i].family, cases[i].expect) < 0)
            ret = -1;
    }
    return ret;
}

/**
 * testNetmask:
 * Netmask -> prefix, holes refused, IPv6 has no netmask.
 */
static int
testNetmask(const void *opaque G_GNUC_UNUSED)
{
    static const struct {
        const char *mask;
        int prefix;
    } cases[] = {
        { "255.255.255.0", 24 }, { "255.255.255.255", 32 }, { "0.0.0.0", 0 },
        { "255.255.128.0", 17 }, { "255.0.255.0", -1 }, { "0.255.255.255", -1 },
        { "ffff:ffff::", -1 },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        virSocketAddr mask;
        int prefix;

        if (virSocketAddrParse(&mask, cases[i].mask, AF_UNSPEC) < 0)
            return -1;
        if ((prefix = virSocketAddrNetmaskPrefix(&mask)) != cases[i].prefix) {
            printf("%s: prefix %d, expected %d\n", cases[i].mask, prefix, cases[i].prefix);
            return -1;
        }
    }
    return 0;
}

/**
 * testSubnets:
 * Membership, overlap and host-bit masking in both families.
 */
static int
testSubnets(const void *opaque G_GNUC_UNUSED)
{
    virSocketAddr a, b, c, v6, v6b, first, last;
    char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];

    if (virSocketAddrParse(&a, "198.18.1.1", AF_UNSPEC) < 0 ||
        virSocketAddrParse(&b, "198.18.1.200", AF_UNSPEC) < 0 ||
        virSocketAddrParse(&c, "198.18.2.1", AF_UNSPEC) < 0 ||
        virSocketAddrParse(&v6, "fd00:198:18::1", AF_UNSPEC) < 0 ||
        virSocketAddrParse(&v6b, "fd00:198:18:0:ffff::1", AF_UNSPEC) < 0)
        return -1;
    if (!virSocketAddrInSubnet(&b, &a, 24) || virSocketAddrInSubnet(&c, &a, 24) ||
        !virSocketAddrInSubnet(&c, &a, 16) || virSocketAddrInSubnet(&v6, &a, 0) ||
        !virSocketAddrInSubnet(&v6b, &v6, 64) || virSocketAddrInSubnet(&v6b, &v6, 80))
        return -1;
    if (!virSocketAddrSubnetsOverlap(&a, 24, &c, 16) ||
        virSocketAddrSubnetsOverlap(&a, 24, &c, 24) ||
        virSocketAddrSubnetsOverlap(&a, 24, &v6, 64))
        return -1;
    if (virSocketAddrCompare(&a, &b) >= 0 || virSocketAddrCompare(&c, &b) <= 0 ||
        virSocketAddrCompare(&a, &a) != 0)
        return -1;
    virSocketAddrMaskHost(&b, 25, false, &first);
    virSocketAddrMaskHost(&a, 25, true, &last);
    if (virTestCompareStrings("198.18.1.128", virSocketAddrFormat(&first, buf)) < 0 ||
        virTestCompareStrings("198.18.1.127", virSocketAddrFormat(&last, buf)) < 0)
        return -1;
    virSocketAddrMaskHost(&v6b, 64, false, &first);
    return virTestCompareStrings("fd00:198:18::", virSocketAddrFormat(&first, buf));
}

/**
 * mymain:
 * The cases.
 */
static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("parse and format", testParse, NULL) < 0)
        ret = -1;
    if (virTestRun("netmask prefixes", testNetmask, NULL) < 0)
        ret = -1;
    if (virTestRun("subnets", testSubnets, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
