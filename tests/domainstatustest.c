/*
 * domainstatustest.c: the <domstatus> document (src/conf/domain_status.c)
 *
 *   status-*.xml     parse + format is a fixed point (golden round trip)
 *   err-status-*.xml ... or the parse fails with the error in .err
 * plus: every state the enum has survives a format/parse round trip.
 * VIR_TEST_REGENERATE_OUTPUT=1 rewrites the expected files.
 */
#include "testutils.h"
#include "domain_status.h"
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <string.h>

static char *dataDir;

/* status-NAME.xml: parse, format, compare with the input itself. */
static int
testStatusRoundTrip(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *path = g_strdup_printf("%s/%s.xml", dataDir, name);
    g_autofree char *xml = NULL;
    g_autofree char *actual = NULL;
    g_autoptr(virDomainStatus) status = NULL;

    if (virFileReadAll(path, 1024 * 1024, &xml) < 0 ||
        !(status = virDomainStatusParse(xml, path)) ||
        !(actual = virDomainStatusFormat(status)))
        return -1;
    return virTestCompareToFile(actual, path);
}

/* err-status-NAME.xml: the parse must fail with the message in .err. */
static int
testStatusError(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *path = g_strdup_printf("%s/%s.xml", dataDir, name);
    g_autofree char *errPath = g_strdup_printf("%s/%s.err", dataDir, name);
    g_autofree char *xml = NULL;
    g_autofree char *actual = NULL;
    g_autoptr(virDomainStatus) status = NULL;

    virTestMarkUsed(path);
    if (virFileReadAll(path, 1024 * 1024, &xml) < 0)
        return -1;
    if ((status = virDomainStatusParse(xml, name))) {
        printf("%s: parsed, but should have failed\n", path);
        return -1;
    }
    actual = g_strdup_printf("%s\n", virGetLastErrorMessage());
    virResetLastError();
    return virTestCompareToFile(actual, errPath);
}

/**
 * testStatusStates:
 * Each state, with the definition of a golden case, is formatted, parsed
 * back and compared field by field; a state outside the enum is refused
 * by the formatter.
 */
static int
testStatusStates(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = g_strdup_printf("%s/status-running-networkd.xml", dataDir);
    g_autofree char *xml = NULL;
    g_autoptr(virDomainStatus) base = NULL;
    g_autofree char *bad = NULL;
    int state;

    if (virFileReadAll(path, 1024 * 1024, &xml) < 0 ||
        !(base = virDomainStatusParse(xml, path)))
        return -1;
    for (state = 0; state < VIR_DOMAIN_STATUS_STATE_LAST; state++) {
        g_autofree char *out = NULL;
        g_autoptr(virDomainStatus) back = NULL;

        base->state = state;
        if (!(out = virDomainStatusFormat(base)) ||
            !(back = virDomainStatusParse(out, "state")))
            return -1;
        if (back->state != base->state || back->id != base->id ||
            back->pid != base->pid || back->startTime != base->startTime ||
            g_strcmp0(back->monitorPath, base->monitorPath) != 0 ||
            g_strcmp0(back->def->name, base->def->name) != 0) {
            printf("state '%s' does not survive a round trip:\n%s",
                   virDomainStatusStateTypeToString(state), out);
            return -1;
        }
    }
    base->state = VIR_DOMAIN_STATUS_STATE_LAST;
    if ((bad = virDomainStatusFormat(base))) {
        printf("an invalid state was formatted:\n%s", bad);
        return -1;
    }
    virResetLastError();
    return 0;
}

static const char * const statusCases[] = {
    "status-running-networkd",
    "status-paused-helper",
    "status-transient-user",
};

static const char * const statusErrors[] = {
    "err-status-bad-state",
    "err-status-no-pid",
    "err-status-pid-zero",
    "err-status-no-monitor",
    "err-status-relative-monitor",
    "err-status-extra-element",
    "err-status-not-domstatus",
    "err-status-bad-domain",
};

static int
mymain(void)
{
    static const char * const suffixes[] = { ".xml", ".err", NULL };
    int ret = 0;
    size_t i;

    dataDir = g_build_filename(virTestSrcDir(), "domainstatusdata", NULL);

    for (i = 0; i < G_N_ELEMENTS(statusCases); i++) {
        if (virTestRun(statusCases[i], testStatusRoundTrip, statusCases[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(statusErrors); i++) {
        if (virTestRun(statusErrors[i], testStatusError, statusErrors[i]) < 0)
            ret = -1;
    }
    if (virTestRun("every state round-trips", testStatusStates, NULL) < 0)
        ret = -1;
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
