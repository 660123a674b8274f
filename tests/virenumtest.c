/*
 * virenumtest.c: enum <-> string tables
 */
#include "testutils.h"
#include "virenum.h"

typedef enum {
    TEST_COLOR_RED,
    TEST_COLOR_GREEN,
    TEST_COLOR_BLUE,

    TEST_COLOR_LAST
} testColor;

VIR_ENUM_DECL(testColor);
VIR_ENUM_IMPL(testColor, TEST_COLOR_LAST, "red", "green", "blue");

static int
testEnumRoundTrip(const void *opaque G_GNUC_UNUSED)
{
    int i;

    for (i = 0; i < TEST_COLOR_LAST; i++) {
        if (testColorTypeFromString(testColorTypeToString(i)) != i)
            return -1;
    }
    if (testColorTypeToString(-1) || testColorTypeToString(TEST_COLOR_LAST))
        return -1;
    if (testColorTypeFromString("purple") != -1 ||
        testColorTypeFromString(NULL) != -1 ||
        testColorTypeFromString("Red") != -1)
        return -1;
    return 0;
}

static int
mymain(void)
{
    return virTestRun("round trip and out-of-range values", testEnumRoundTrip, NULL);
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
