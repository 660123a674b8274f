/*
 * viruuidtest.c: UUID parsing, formatting and generation
 */
#include "testutils.h"
#include "viruuid.h"

#include <string.h>

typedef struct {
    const char *input;
    const char *expect;  /* NULL: must be rejected */
} testUUIDCase;

static int
testUUIDParseOne(const void *opaque)
{
    const testUUIDCase *c = opaque;
    unsigned char uuid[VIR_UUID_BUFLEN];
    char buf[VIR_UUID_STRING_BUFLEN];
    int rc = virUUIDParse(c->input, uuid);

    if (!c->expect)
        return rc == 0 ? -1 : 0;
    if (rc < 0)
        return -1;
    return virTestCompareStrings(c->expect, virUUIDFormat(uuid, buf));
}

static int
testUUIDGenerate(const void *opaque G_GNUC_UNUSED)
{
    unsigned char a[VIR_UUID_BUFLEN], b[VIR_UUID_BUFLEN], c[VIR_UUID_BUFLEN];
    char buf[VIR_UUID_STRING_BUFLEN];

    virUUIDGenerate(a);
    virUUIDGenerate(b);
    if (memcmp(a, b, sizeof(a)) == 0 || virUUIDIsZero(a))
        return -1;
    if ((a[6] & 0xF0) != 0x40 || (a[8] & 0xC0) != 0x80)
        return -1;
    if (virUUIDParse(virUUIDFormat(a, buf), c) < 0 || memcmp(a, c, sizeof(a)) != 0)
        return -1;
    return 0;
}

static int
mymain(void)
{
    static const testUUIDCase cases[] = {
        { "c7a5fdbd-edaf-9455-926a-d65c16db1809", "c7a5fdbd-edaf-9455-926a-d65c16db1809" },
        { "C7A5FDBD-EDAF-9455-926A-D65C16DB1809", "c7a5fdbd-edaf-9455-926a-d65c16db1809" },
        { "c7a5fdbdedaf9455926ad65c16db1809", "c7a5fdbd-edaf-9455-926a-d65c16db1809" },
        { "c7a5fdbd-edaf-9455-926a-d65c16db180", NULL },
        { "c7a5fdbd-edaf-9455-926a-d65c16db18090", NULL },
        { "c7a5fdbdedaf-9455-926a-d65c16db1809-", NULL },
        { "c7a5fdbd-edaf-9455-926a-d65c16db180x", NULL },
        { "", NULL },
    };
    size_t i;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *title = g_strdup_printf("parse '%s'", cases[i].input);

        if (virTestRun(title, testUUIDParseOne, &cases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("generate v4 and round trip", testUUIDGenerate, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
