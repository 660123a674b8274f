/*
 * qemunetstarttest.c: start the real QEMU with generated -netdev/-device
 *
 * For the bridge-helper, tap-fd (single and multi-queue) and user cases,
 * the command line built by qemuBuildCommandLine() from a domain XML is
 * run with the real QEMU binary, paused (-S), spawned the way the driver
 * spawns it (virCommandSpawnDaemon(): the tap fds become 3, 4, ...,
 * watched through a pidfd), and asked over QMP
 * ("info network") whether the netdev exists with the expected type and
 * the NIC with the expected MAC.  The bridge-helper case also checks that
 * the helper's tap really joined the bridge.
 *
 * Isolation: everything happens in a child process that lives in a private
 * network namespace (ip netns, removed by the parent afterwards) holding
 * the bridge and the taps, and in a private mount namespace in which /etc
 * is an overlay whose upper layer is a tmpfs, so the helper reads our own
 * /etc/qemu/bridge.conf and no host file changes.  The helper runs from
 * QEMU as root, so it needs no setuid bit.  QEMU runs TCG, paused, and is
 * killed by pid if "quit" does not end it.
 *
 * Needs root, QEMU and the Debian bridge helper; skips (77) with the
 * reason otherwise.
 */
#include "testutils.h"
#include "domain_conf.h"
#include "qemu_capabilities.h"
#include "qemu_command.h"
#include "qemu_conf.h"
#include "qemu_monitor.h"
#include "vircommand.h"
#include "virerror.h"
#include "virfile.h"
#include "virnetdevtap.h"
#include "virprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define QEMU_BINARY "/usr/bin/qemu-system-x86_64"
#define BRIDGE "qbr0"

static char *tmpDir;
static virQEMUCaps *caps;
static char *helper;

typedef struct {
    const char *name;
    const char *iface;       /* the <interface> element */
    const char *mac;
    const char *netdevType;  /* "type=..." expected in "info network" */
    const char *tap;         /* existing tap to open, NULL for none */
    unsigned int queues;     /* fds to open on @tap */
} testStartCase;

/* Runs a shell command; 0 when it exits 0. */
static int
testRun(const char *cmd)
{
    int rc = system(cmd);

    if (rc != 0) {
        printf("command failed (%d): %s\n", rc, cmd);
        return -1;
    }
    return 0;
}

/**
 * testSpawnQEMU:
 * @argv: NULL-terminated command line
 * @fds: fds QEMU gets as 3, 4, ...
 * @nfds: how many
 * @log: file for QEMU's stdout and stderr
 * @pidfd: set to a pidfd of QEMU, or -1 without pidfds
 *
 * Returns the pid, or -1.
 */
static pid_t
testSpawnQEMU(const char * const *argv, const int *fds, size_t nfds,
              const char *log, int *pidfd)
{
    const char *envp[] = { "LC_ALL=C", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
    virCommandSpawnParams params = { 0 };
    VIR_AUTOCLOSE out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    pid_t pid;

    if (out < 0)
        return -1;
    params.argv = argv;
    params.envp = envp;
    params.passfds = fds;
    params.npassfds = nfds;
    params.outfd = out;
    if ((pid = virCommandSpawnDaemon(&params)) < 0) {
        printf("cannot spawn QEMU: %s\n", virGetLastErrorMessage());
        return -1;
    }
    *pidfd = virProcessPidfdOpen(pid);
    return pid;
}

/* Kills @pid unless it exits within a few seconds (it is not our child:
 * the spawner made it a daemon, so there is nothing to reap). */
static void
testReap(int pidfd, pid_t pid)
{
    if (pidfd >= 0 && virProcessPidfdWait(pidfd, 5000) == 1)
        return;
    if (virProcessPidfdKill(pidfd, pid, SIGKILL) < 0 ||
        (pidfd >= 0 && virProcessPidfdWait(pidfd, 5000) != 1))
        printf("QEMU (pid %lld) did not go away\n", (long long)pid);
    virResetLastError();
}

/* Prints QEMU's log, for a failing case. */
static void
testPrintLog(const char *log)
{
    g_autofree char *text = NULL;

    if (g_file_get_contents(log, &text, NULL, NULL))
        printf("--- QEMU log ---\n%s--- end ---\n", text);
}

static int
testStartOne(const void *opaque)
{
    const testStartCase *c = opaque;
    g_autofree char *xml = g_strdup_printf(
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
        "<devices><emulator>" QEMU_BINARY "</emulator>%s</devices></domain>",
        c->name, c->iface);
    g_autofree char *monitor = g_strdup_printf("%s/%s.qmp", tmpDir, c->name);
    g_autofree char *log = g_strdup_printf("%s/%s.log", tmpDir, c->name);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(qemuCommand) cmd = NULL;
    g_autoptr(virQEMUMonitor) mon = NULL;
    g_autofree char *info = NULL;
    g_autofree char *expectNic = NULL;
    g_autofree char *expectNetdev = NULL;
    g_autofree char *before = NULL;
    int fds[VIR_DOMAIN_NET_QUEUES_MAX];
    int fdnums[VIR_DOMAIN_NET_QUEUES_MAX];
    qemuCommandNetHost host = { fdnums, 0, NULL };
    /* Debian's helper changes its ids even when not setuid, which QEMU's
     * sandbox forbids: built as for a privileged helper (no -sandbox) */
    qemuCommandParams params = { monitor, helper, -1, &host, 1, 0, true };
    VIR_AUTOCLOSE pidfd = -1;
    pid_t pid;
    size_t i;
    int ret = -1;

    /* attach to the existing tap (one fd per queue), as the driver will */
    if (c->queues) {
        if (virNetDevTapCreate(c->tap, c->queues, VIR_NETDEV_TAP_CREATE_VNET_HDR, fds) != 0) {
            printf("cannot attach to tap %s: %s\n", c->tap, virGetLastErrorMessage());
            return -1;
        }
        host.ntapfds = c->queues;
    }
    for (i = 0; i < host.ntapfds; i++)
        fdnums[i] = 3 + i;
    if (!(def = virDomainDefParseString(xml, c->name, 0)) ||
        !(cmd = qemuBuildCommandLine(def, caps, &params)))
        goto cleanup;
    g_spawn_command_line_sync("ip -o link show master " BRIDGE, &before, NULL, NULL, NULL);

    if ((pid = testSpawnQEMU((const char * const *)cmd->args->pdata, fds, host.ntapfds,
                             log, &pidfd)) < 0)
        goto cleanup;
    if (!(mon = virQEMUMonitorConnectUnix(monitor, 10000)) ||
        virQEMUMonitorHandshake(mon) < 0 ||
        virQEMUMonitorHumanCommand(mon, "info network", &info) < 0) {
        printf("QMP failed: %s\n", virGetLastErrorMessage());
        testPrintLog(log);
        virProcessPidfdKill(pidfd, pid, SIGKILL);
        testReap(pidfd, pid);
        goto cleanup;
    }

    /* "net0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:..."
     * " \ hostnet0: index=0,type=bridge,helper=...,br=qbr0" */
    expectNic = g_strdup_printf("net0: index=0,type=nic,model=virtio-net-pci,macaddr=%s", c->mac);
    expectNetdev = g_strdup_printf("hostnet0: index=0,%s", c->netdevType);
    if (!strstr(info, expectNic) || !strstr(info, expectNetdev)) {
        printf("'info network' lacks '%s' or '%s':\n%s\n", expectNic, expectNetdev, info);
        testPrintLog(log);
    } else {
        ret = 0;
    }

    /* The helper made a tap and put it on the bridge. */
    if (ret == 0 && strstr(c->iface, "bridge-helper")) {
        g_autofree char *after = NULL;

        g_spawn_command_line_sync("ip -o link show master " BRIDGE, &after, NULL, NULL, NULL);
        if (!after || g_strcmp0(before, after) == 0) {
            printf("no new port on %s after the helper ran:\n%s\n", BRIDGE, after ? after : "");
            ret = -1;
        }
    }

    if (virQEMUMonitorCommand(mon, "quit", NULL, NULL) < 0)
        virResetLastError();
    testReap(pidfd, pid);

 cleanup:
    for (i = 0; i < host.ntapfds; i++)
        close(fds[i]);
    return ret;
}

static const testStartCase cases[] = {
    { "helper", "<interface type='bridge'><source bridge='" BRIDGE "'/>"
      "<mac address='52:54:00:c6:00:01'/><model type='virtio'/>"
      "<backend type='bridge-helper'/></interface>",
      /* -netdev bridge is a tap netdev whose fd came from the helper */
      "52:54:00:c6:00:01", "type=tap,helper=/usr/lib/qemu/qemu-bridge-helper,br=" BRIDGE,
      NULL, 0 },
    { "tapfd", "<interface type='ethernet'><target dev='qtap0' managed='no'/>"
      "<mac address='52:54:00:c6:00:02'/><model type='virtio'/></interface>",
      "52:54:00:c6:00:02", "type=tap,fd=", "qtap0", 1 },
    { "tapfdmq", "<interface type='ethernet'><target dev='qtap1' managed='no'/>"
      "<mac address='52:54:00:c6:00:03'/><model type='virtio'/>"
      "<driver name='qemu' queues='2'/></interface>",
      "52:54:00:c6:00:03", "type=tap,fd=", "qtap1", 2 },
    { "user", "<interface type='user'><mac address='52:54:00:c6:00:04'/>"
      "<model type='virtio'/></interface>",
      "52:54:00:c6:00:04", "type=user,", NULL, 0 },
};

/**
 * testEnterNamespaces:
 * @netns: name of the network namespace (created by the parent)
 *
 * Joins @netns, makes a private mount namespace with an overlay on /etc
 * and writes /etc/qemu/bridge.conf there.  Returns 0 or -1.
 */
static int
testEnterNamespaces(const char *netns)
{
    g_autofree char *nsPath = g_strdup_printf("/run/netns/%s", netns);
    g_autofree char *ovl = g_build_filename(tmpDir, "etc-overlay", NULL);
    g_autofree char *upper = g_build_filename(ovl, "upper", NULL);
    g_autofree char *work = g_build_filename(ovl, "work", NULL);
    g_autofree char *opts = g_strdup_printf("lowerdir=/etc,upperdir=%s,workdir=%s", upper, work);
    VIR_AUTOCLOSE fd = open(nsPath, O_RDONLY | O_CLOEXEC);

    if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
        printf("cannot join %s: %s\n", nsPath, g_strerror(errno));
        return -1;
    }
    if (unshare(CLONE_NEWNS) < 0 ||
        mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
        printf("cannot make a private mount namespace: %s\n", g_strerror(errno));
        return -1;
    }
    if (g_mkdir_with_parents(ovl, 0700) < 0 ||
        mount("tmpfs", ovl, "tmpfs", 0, "mode=0700") < 0 ||
        g_mkdir_with_parents(upper, 0755) < 0 || g_mkdir_with_parents(work, 0700) < 0 ||
        mount("overlay", "/etc", "overlay", 0, opts) < 0) {
        printf("cannot put an overlay on /etc: %s\n", g_strerror(errno));
        return -1;
    }
    if (g_mkdir_with_parents("/etc/qemu", 0755) < 0 ||
        !g_file_set_contents("/etc/qemu/bridge.conf", "allow " BRIDGE "\n", -1, NULL)) {
        printf("cannot write the private /etc/qemu/bridge.conf\n");
        return -1;
    }
    return testRun("ip link set lo up && "
                   "ip link add " BRIDGE " type bridge && "
                   "ip addr add 198.18.0.1/24 dev " BRIDGE " && "
                   "ip link set " BRIDGE " up && "
                   "ip tuntap add dev qtap0 mode tap vnet_hdr && "
                   "ip tuntap add dev qtap1 mode tap vnet_hdr multi_queue && "
                   "ip link set qtap0 master " BRIDGE " up && "
                   "ip link set qtap1 master " BRIDGE " up");
}

/* The child: all cases inside the namespaces. */
static int
testChild(const char *netns)
{
    g_autofree char *cacheDir = g_build_filename(tmpDir, "cache", NULL);
    g_autoptr(virQEMUConf) cfg = virQEMUConfNew(true);
    size_t i;
    int ret = 0;

    if (testEnterNamespaces(netns) < 0)
        return EXIT_FAILURE;
    if (!(caps = virQEMUCapsCacheLookup(cacheDir, QEMU_BINARY))) {
        printf("cannot probe %s: %s\n", QEMU_BINARY, virGetLastErrorMessage());
        return EXIT_FAILURE;
    }
    if (!(helper = virQEMUConfGetBridgeHelper(cfg))) {
        printf("%s\n", virGetLastErrorMessage());
        return EXIT_FAILURE;
    }
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *title = g_strdup_printf("QEMU starts with %s", cases[i].name);

        ret |= virTestRun(title, testStartOne, &cases[i]);
    }
    virQEMUCapsFree(caps);
    g_free(helper);
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int
mymain(void)
{
    g_autofree char *netns = g_strdup_printf("qemucmdtest-%d", (int)getpid());
    g_autofree char *add = g_strdup_printf("ip netns add %s", netns);
    g_autofree char *del = g_strdup_printf("ip netns del %s", netns);
    int status = 0;
    pid_t pid;

    if (geteuid() != 0) {
        printf("SKIP: needs root (network namespace, taps, private mounts)\n");
        return EXIT_AM_SKIP;
    }
    if (access(QEMU_BINARY, X_OK) < 0 || access("/usr/lib/qemu/qemu-bridge-helper", X_OK) < 0) {
        printf("SKIP: needs %s and /usr/lib/qemu/qemu-bridge-helper (qemu-system-x86)\n",
               QEMU_BINARY);
        return EXIT_AM_SKIP;
    }
    if (system("ip -V >/dev/null 2>&1") != 0) {
        printf("SKIP: needs ip (iproute2)\n");
        return EXIT_AM_SKIP;
    }
    if (!(tmpDir = g_dir_make_tmp("qemunetstarttest-XXXXXX", NULL)))
        return -1;
    if (testRun(add) < 0)
        return -1;

    fflush(stdout);
    if ((pid = fork()) == 0)
        _exit(testChild(netns));
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        status = 1;

    /* the netns holds the bridge and the taps: removing it removes them */
    testRun(del);
    virTestRemoveTree(tmpDir);
    g_free(tmpDir);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
