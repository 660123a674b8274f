/*
 * virmactest.c: MAC address parsing, formatting and classification
 */
#include "testutils.h"
#include "virmac.h"

#include <string.h>

typedef struct {
    const char *input;
    const char *expect;   /* canonical form, or NULL when parsing must fail */
    bool multicast;
    bool zero;
} testMacCase;

static int
testMacParseOne(const void *opaque)
{
    const testMacCase *c = opaque;
    virMacAddr mac;
    char buf[VIR_MAC_STRING_BUFLEN];
    int rc = virMacAddrParse(c->input, &mac);

    if (!c->expect)
        return rc == 0 ? -1 : 0;
    if (rc < 0)
        return -1;
    if (virTestCompareStrings(c->expect, virMacAddrFormat(&mac, buf)) < 0)
        return -1;
    if (virMacAddrIsMulticast(&mac) != c->multicast ||
        virMacAddrIsUnicast(&mac) == c->multicast ||
        virMacAddrIsZero(&mac) != c->zero)
        return -1;
    return 0;
}

static int
testMacGenerate(const void *opaque G_GNUC_UNUSED)
{
    size_t i;

    for (i = 0; i < 1000; i++) {
        virMacAddr mac, host;

        virMacAddrGenerate(virMacPrefixLibvirt, &mac);
        if (mac.addr[0] != 0x52 || mac.addr[1] != 0x54 || mac.addr[2] != 0x00)
            return -1;
        if (!virMacAddrIsUnicast(&mac))
            return -1;
        virMacAddrHostSide(&mac, &host);
        if (host.addr[0] != 0xFE || memcmp(host.addr + 1, mac.addr + 1, 5) != 0)
            return -1;
    }
    return 0;
}

static int
mymain(void)
{
    static const testMacCase cases[] = {
        { "52:54:00:6b:3c:58", "52:54:00:6b:3c:58", false, false },
        { "52:54:00:6B:3C:58", "52:54:00:6b:3c:58", false, false },
        { "2:4:0:b:c:8", "02:04:00:0b:0c:08", false, false },
        { "01:00:5e:00:00:01", "01:00:5e:00:00:01", true, false },
        { "ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff", true, false },
        { "00:00:00:00:00:00", "00:00:00:00:00:00", false, true },
        { "52:54:00:6b:3c", NULL, false, false },
        { "52:54:00:6b:3c:58:11", NULL, false, false },
        { "52-54-00-6b-3c-58", NULL, false, false },
        { "52:54:00:6b:3c:5g", NULL, false, false },
        { "525:54:00:6b:3c:58", NULL, false, false },
        { "", NULL, false, false },
        { " 52:54:00:6b:3c:58", NULL, false, false },
        { "52:54:00:6b:3c:58 ", NULL, false, false },
    };
    size_t i;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *title = g_strdup_printf("parse '%s'", cases[i].input);

        if (virTestRun(title, testMacParseOne, &cases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("generate 52:54:00 unicast, host side 0xFE", testMacGenerate, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
