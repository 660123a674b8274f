/*
 * virerrortest.c: error reporting, positional arguments, rollback
 */
#include "testutils.h"
#include "virerror.h"

#include <errno.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETDEV

static int
testErrorPositional(const void *opaque G_GNUC_UNUSED)
{
    virReportError(VIR_ERR_OPERATION_FAILED,
                   "'%2$s' before '%1$s'", "tap0", "br0");
    if (virGetLastErrorCode() != VIR_ERR_OPERATION_FAILED)
        return -1;
    if (virGetLastError()->domain != VIR_FROM_NETDEV)
        return -1;
    return virTestCompareStrings("operation failed: 'br0' before 'tap0'",
                                 virGetLastErrorMessage());
}

static int
testErrorSystem(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *expect = g_strdup_printf("cannot open 'x': %s", g_strerror(ENOENT));

    virReportSystemError(ENOENT, "cannot open '%1$s'", "x");
    if (virGetLastError()->errnum != ENOENT || errno != ENOENT)
        return -1;
    return virTestCompareStrings(expect, virGetLastErrorMessage());
}

static int
testErrorRollback(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virError) saved = NULL;

    virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "first");
    virErrorPreserveLast(&saved);
    if (virGetLastError())
        return -1;
    virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "cleanup failed");
    virErrorRestore(&saved);
    if (saved)
        return -1;
    return virTestCompareStrings("unsupported configuration: first",
                                 virGetLastErrorMessage());
}

static int
testErrorRestoreNothing(const void *opaque G_GNUC_UNUSED)
{
    virError *saved = NULL;

    virErrorPreserveLast(&saved);
    virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "only");
    virErrorRestore(&saved);
    return virTestCompareStrings("internal error: only", virGetLastErrorMessage());
}

static int
testErrorDetail(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virError) stolen = NULL;

    virReportError(VIR_ERR_OPERATION_DENIED, "%s", "no");
    virErrorSetDetail("org.libvirt.Networkd1.Error.AccessDenied");
    stolen = virErrorSteal();
    if (!stolen || virGetLastError())
        return -1;
    return virTestCompareStrings("org.libvirt.Networkd1.Error.AccessDenied", stolen->detail);
}

static int
mymain(void)
{
    int ret = 0;

    ret |= virTestRun("positional arguments", testErrorPositional, NULL);
    ret |= virTestRun("system error with errno text", testErrorSystem, NULL);
    ret |= virTestRun("first error kept across rollback", testErrorRollback, NULL);
    ret |= virTestRun("restore with nothing saved keeps current", testErrorRestoreNothing, NULL);
    ret |= virTestRun("detail tag and steal", testErrorDetail, NULL);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
