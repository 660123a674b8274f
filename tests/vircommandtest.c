/*
 * vircommandtest.c: virCommandSpawnDaemon (src/util/vircommand.c)
 *
 * The daemon spawner's fd hygiene: exactly 0-2 and the passed fds, as 3,
 * 4, ... without close-on-exec in the child only; not the caller's child;
 * execve errors reported with their errno; too many fds refused; as
 * root, the identity switch: uid, gid and exactly the given groups, no
 * capability in any set, and no_new_privs.
 */
#include "testutils.h"
#include "vircommand.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
    g_autofree char *dir = g_dir_make_tmp("vircommandtest-XXXXXX", NULL);
    g_autofree char *outPath = g_build_filename(dir, "out", NULL);
    g_autofree char *aPath = g_build_filename(dir, "a", NULL);
    g_autofree char *bPath = g_build_filename(dir, "b", NULL);
    g_autofree char *donePath = g_build_filename(dir, "done", NULL);
    g_autofree char *script = NULL;
    g_autofree char *out = NULL;
    g_autofree char *expect = NULL;
    const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
    const char *envp[] = { "PATH=/usr/bin:/bin", NULL };
    virCommandSpawnParams params = { 0 };
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
    if ((pid = virCommandSpawnDaemon(&params)) < 0)
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
    virCommandSpawnParams params = { .argv = argv, .envp = envp, .outfd = 2 };

    if (virCommandSpawnDaemon(&params) >= 0) {
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

/* More fds than the child's plan holds: refused before any fork. */
static int
testSpawnTooMany(const void *opaque G_GNUC_UNUSED)
{
    const char *argv[] = { "/bin/true", NULL };
    const char *envp[] = { NULL };
    int fds[VIR_COMMAND_MAX_PASSFDS + 1];
    virCommandSpawnParams params = { .argv = argv, .envp = envp, .outfd = 2,
                                     .passfds = fds,
                                     .npassfds = VIR_COMMAND_MAX_PASSFDS + 1 };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(fds); i++)
        fds[i] = 2;
    if (virCommandSpawnDaemon(&params) >= 0) {
        printf("passing %zu fds succeeded\n", G_N_ELEMENTS(fds));
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), "cannot pass 65 fds to '/bin/true'")) {
        printf("unexpected error: %s\n", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    return 0;
}

/**
 * testSpawnCompare:
 * Spawns @params (argv, envp, ids, affinity set by the caller) with its
 * output in a file of a fresh 0700 directory, waits for a line "END" and
 * compares the whole output with @expect.  Returns 0 or -1.
 */
static int
testSpawnCompare(virCommandSpawnParams *params, const char *expect)
{
    g_autofree char *dir = g_dir_make_tmp("vircommandtest-XXXXXX", NULL);
    g_autofree char *outPath = g_build_filename(dir, "out", NULL);
    g_autofree char *out = NULL;
    VIR_AUTOCLOSE outfd = -1;
    int i;
    int ret = -1;

    if ((outfd = open(outPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) < 0)
        goto cleanup;
    params->outfd = outfd;
    if (virCommandSpawnDaemon(params) < 0)
        goto cleanup;
    for (i = 0; i < 100; i++) {
        g_clear_pointer(&out, g_free);
        if (virFileReadAll(outPath, 4096, &out) < 0)
            goto cleanup;
        if (g_str_has_suffix(out, "END\n"))
            break;
        g_usleep(50000);
    }
    ret = virTestCompareStrings(expect, out);

 cleanup:
    unlink(outPath);
    rmdir(dir);
    return ret;
}

/**
 * testSpawnIdentity:
 * As root: a shell spawned with switchIds, clearCaps and noNewPrivs
 * reports (from its own /proc status) the given uid, gid and groups, all
 * capability sets empty and NoNewPrivs 1.  Its output goes through the
 * passed stdout only: it cannot write into our 0700 directory.
 */
static int
testSpawnIdentity(const void *opaque G_GNUC_UNUSED)
{
    const char *argv[] = { "/bin/sh", "-c",
        "grep -E '^(Uid|Gid|Groups|Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs):' /proc/$$/status; "
        "echo END", NULL };
    const char *envp[] = { "PATH=/usr/bin:/bin", NULL };
    static const gid_t groups[] = { 65532, 65533 };
    static const char expect[] =
        "Uid:\t65534\t65534\t65534\t65534\n"
        "Gid:\t65533\t65533\t65533\t65533\n"
        "Groups:\t65532 65533 \n"
        "CapInh:\t0000000000000000\n"
        "CapPrm:\t0000000000000000\n"
        "CapEff:\t0000000000000000\n"
        "CapBnd:\t0000000000000000\n"
        "CapAmb:\t0000000000000000\n"
        "NoNewPrivs:\t1\n"
        "END\n";
    virCommandSpawnParams params = { 0 };

    params.argv = argv;
    params.envp = envp;
    params.clearCaps = true;
    params.noNewPrivs = true;
    params.switchIds = true;
    params.uid = 65534;
    params.gid = 65533;
    params.groups = groups;
    params.ngroups = G_N_ELEMENTS(groups);
    return testSpawnCompare(&params, expect);
}

/**
 * testSpawnAffinity:
 * A shell spawned with an affinity of CPU 0 reports (from its own /proc
 * status) that it may run on CPU 0 only.
 */
static int
testSpawnAffinity(const void *opaque G_GNUC_UNUSED)
{
    const char *argv[] = { "/bin/sh", "-c",
        "grep '^Cpus_allowed_list:' /proc/$$/status; echo END", NULL };
    const char *envp[] = { "PATH=/usr/bin:/bin", NULL };
    virCommandSpawnParams params = { 0 };
    size_t size = CPU_ALLOC_SIZE(64);
    cpu_set_t *set = CPU_ALLOC(64);
    int ret;

    CPU_ZERO_S(size, set);
    CPU_SET_S(0, size, set);
    params.argv = argv;
    params.envp = envp;
    params.affinity = set;
    params.affinitySize = size;
    ret = testSpawnCompare(&params, "Cpus_allowed_list:\t0\nEND\n");
    CPU_FREE(set);
    return ret;
}

static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("spawn: exactly the passed fds", testSpawnFds, NULL) < 0)
        ret = -1;
    if (virTestRun("spawn: execve error", testSpawnExecError, NULL) < 0)
        ret = -1;
    if (virTestRun("spawn: too many fds", testSpawnTooMany, NULL) < 0)
        ret = -1;
    if (virTestRun("spawn: CPU affinity", testSpawnAffinity, NULL) < 0)
        ret = -1;
    if (geteuid() != 0)
        printf("SKIP spawn: uid, gid, groups (needs root)\n");
    else if (virTestRun("spawn: uid, gid, groups, no capability, no_new_privs",
                        testSpawnIdentity, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
