/*
 * qemuprocesstest.c: the pieces of the guest lifecycle that need no guest
 *
 *   status-*.xml     status documents: parse + format is a fixed point
 *   err-status-*.xml ... or the parse fails with the error in .err
 *   req-*.xml        a domain: the libvirt-networkd request of each NIC,
 *                    rendered one per line in req-*.req
 * plus: process start times from /proc (live, zombie, missing), and the
 * daemon spawner's fd hygiene (exactly 0-2 and the passed fds, as 3, 4,
 * ... without close-on-exec in the child only; not the caller's child;
 * execve errors reported).
 * VIR_TEST_REGENERATE_OUTPUT=1 rewrites the expected files.
 */
#include "testutils.h"
#include "qemu_interface.h"
#include "qemu_process.h"
#include "qemu_process_spawn.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *dataDir;

/* status-NAME.xml: parse, format, compare with the input itself. */
static int
testStatusRoundTrip(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *path = g_strdup_printf("%s/%s.xml", dataDir, name);
    g_autofree char *xml = NULL;
    g_autofree char *actual = NULL;
    g_autoptr(qemuProcessStatus) status = NULL;

    if (virFileReadAll(path, 1024 * 1024, &xml) < 0 ||
        !(status = qemuProcessStatusParse(xml, path)) ||
        !(actual = qemuProcessStatusFormat(status)))
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
    g_autoptr(qemuProcessStatus) status = NULL;

    virTestMarkUsed(path);
    if (virFileReadAll(path, 1024 * 1024, &xml) < 0)
        return -1;
    if ((status = qemuProcessStatusParse(xml, name))) {
        printf("%s: parsed, but should have failed\n", path);
        return -1;
    }
    actual = g_strdup_printf("%s\n", virGetLastErrorMessage());
    virResetLastError();
    return virTestCompareToFile(actual, errPath);
}

/* req-NAME.xml: one rendered request per NIC (or the error) in .req. */
static int
testRequest(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *path = g_strdup_printf("%s/%s.xml", dataDir, name);
    g_autofree char *reqPath = g_strdup_printf("%s/%s.req", dataDir, name);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i;

    virTestMarkUsed(path);
    if (!(def = virDomainDefParseFile(path, 0)))
        return -1;
    for (i = 0; i < def->nnets; i++) {
        virNetworkdPortRequest req;
        qemuInterfaceRequestBuf buf;
        static const char * const hdr[] = { "default", "on", "off" };

        if (qemuInterfaceBuildRequest(def, def->nets[i], &req, &buf) < 0) {
            g_string_append_printf(out, "%s: error: %s\n", def->nets[i]->alias,
                                   virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        g_string_append_printf(out,
                               "%s: plug=%s bridge=%s mac=%s mtu=%u queues=%u vnet-hdr=%s owner=%s/%s\n",
                               def->nets[i]->alias, req.plug,
                               req.bridge ? req.bridge : "-", req.mac, req.mtu,
                               req.queues, hdr[req.vnetHdr], req.ownerName, req.ownerUUID);
    }
    return virTestCompareToFile(out->str, reqPath);
}

/* Start times: ours is live, a missing pid and a zombie are not. */
static int
testStartTime(const void *opaque G_GNUC_UNUSED)
{
    unsigned long long st = 0;
    pid_t child;
    int status;
    int rc;

    if (qemuProcessGetStartTime(getpid(), &st) != 1 || st == 0) {
        printf("own process: not found live\n");
        return -1;
    }
    if (qemuProcessGetStartTime(G_MAXINT32 - 1, &st) != 0) {
        printf("a pid that cannot exist counts as live\n");
        return -1;
    }
    if ((child = fork()) == 0)
        _exit(0);
    /* until reaped, the child is a zombie: it holds no fds, it is gone */
    g_usleep(100000);
    rc = qemuProcessGetStartTime(child, &st);
    waitpid(child, &status, 0);
    if (rc != 0) {
        printf("a zombie counts as live\n");
        return -1;
    }
    return 0;
}

/**
 * testSpawnFds:
 * Spawns a shell that lists its own fds (through ls, a child, so that
 * the listing itself does not show up) with two passed fds: the shell
 * must see exactly 0, 1, 2, 3, 4; fds 3 and 4 must be the passed files;
 * the caller's fds keep close-on-exec; the shell is not our child.
 */
static int
testSpawnFds(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("qemuprocesstest-XXXXXX", NULL);
    g_autofree char *outPath = g_build_filename(dir, "out", NULL);
    g_autofree char *aPath = g_build_filename(dir, "a", NULL);
    g_autofree char *bPath = g_build_filename(dir, "b", NULL);
    g_autofree char *donePath = g_build_filename(dir, "done", NULL);
    g_autofree char *script = NULL;
    g_autofree char *out = NULL;
    g_autofree char *expect = NULL;
    const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
    const char *envp[] = { "PATH=/usr/bin:/bin", NULL };
    qemuProcessSpawnParams params = { 0 };
    VIR_AUTOCLOSE outfd = -1;
    VIR_AUTOCLOSE a = -1;
    VIR_AUTOCLOSE b = -1;
    VIR_AUTOCLOSE stray = -1;
    int passfds[2] = { -1, -1 };  /* the cleanup closes them on every path */
    pid_t pid;
    int status;
    int i;
    int ret = -1;

    if (!dir)
        return -1;
    /* no pipes in the shell: it would hold their fds while ls runs */
    script = g_strdup_printf("ls -1 /proc/$$/fd; readlink /proc/$$/fd/3 /proc/$$/fd/4; "
                             "touch '%s'", donePath);
    argv[2] = script;
    if ((outfd = open(outPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) < 0 ||
        (a = open(aPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) < 0 ||
        (b = open(bPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) < 0)
        goto cleanup;
    /* an fd without close-on-exec that the child must not inherit */
    stray = open("/dev/null", O_RDONLY);
    /* pass them in the "wrong" order, and high: the child must place them */
    passfds[0] = fcntl(b, F_DUPFD_CLOEXEC, 40);
    passfds[1] = fcntl(a, F_DUPFD_CLOEXEC, 30);

    params.argv = argv;
    params.envp = envp;
    params.passfds = passfds;
    params.npassfds = 2;
    params.outfd = outfd;
    if ((pid = qemuProcessSpawnDaemon(&params)) < 0)
        goto cleanup;

    if (waitpid(pid, &status, WNOHANG) != -1 || errno != ECHILD) {
        printf("the spawned process is the caller's child\n");
        goto cleanup;
    }
    for (i = 0; i < 100 && !g_file_test(donePath, G_FILE_TEST_EXISTS); i++)
        g_usleep(50000);
    if (virFileReadAll(outPath, 4096, &out) < 0)
        goto cleanup;
    expect = g_strdup_printf("0\n1\n2\n3\n4\n%s\n%s\n", bPath, aPath);
    if (virTestCompareStrings(expect, out) < 0)
        goto cleanup;
    if (!(fcntl(passfds[0], F_GETFD) & FD_CLOEXEC) ||
        !(fcntl(passfds[1], F_GETFD) & FD_CLOEXEC)) {
        printf("the caller's fds lost close-on-exec\n");
        goto cleanup;
    }
    ret = 0;

 cleanup:
    if (passfds[0] >= 0)
        close(passfds[0]);
    if (passfds[1] >= 0)
        close(passfds[1]);
    unlink(outPath);
    unlink(aPath);
    unlink(bPath);
    unlink(donePath);
    rmdir(dir);
    return ret;
}

/* A program that cannot be executed: errno from the child, no pid. */
static int
testSpawnExecError(const void *opaque G_GNUC_UNUSED)
{
    const char *argv[] = { "/nonexistent/qemu", NULL };
    const char *envp[] = { NULL };
    qemuProcessSpawnParams params = { .argv = argv, .envp = envp, .outfd = 2 };

    if (qemuProcessSpawnDaemon(&params) >= 0) {
        printf("spawning a missing program succeeded\n");
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), "cannot execute '/nonexistent/qemu'") ||
        virGetLastError()->errnum != ENOENT) {
        printf("unexpected error: %s\n", virGetLastErrorMessage());
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

static const char * const requestCases[] = {
    "req-bridge",
    "req-models-mtu-queues",
    "req-network-direct",
    "req-not-networkd",
};

static int
mymain(void)
{
    static const char * const suffixes[] = { ".xml", ".err", ".req", NULL };
    int ret = 0;
    size_t i;

    dataDir = g_build_filename(virTestSrcDir(), "qemuprocessdata", NULL);

    for (i = 0; i < G_N_ELEMENTS(statusCases); i++) {
        if (virTestRun(statusCases[i], testStatusRoundTrip, statusCases[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(statusErrors); i++) {
        if (virTestRun(statusErrors[i], testStatusError, statusErrors[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(requestCases); i++) {
        if (virTestRun(requestCases[i], testRequest, requestCases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("process start times", testStartTime, NULL) < 0)
        ret = -1;
    if (virTestRun("spawn: exactly the passed fds", testSpawnFds, NULL) < 0)
        ret = -1;
    if (virTestRun("spawn: execve error", testSpawnExecError, NULL) < 0)
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
