/*
 * qemu_process.c: starting, stopping and watching QEMU processes
 *
 * See qemu_process.h for the files and the rules.  Every operation that
 * changes a status file runs under the driver's exclusive lock; reading
 * one (list, lookup) runs under the shared lock, and the cleanup of a
 * stale status file it may do is idempotent, so two readers cleaning the
 * same file cannot harm each other.
 */
#include "qemu_process.h"
#include "domain_addr.h"
#include "qemu_console.h"
#include "qemu_process_chr.h"
#include "qemu_process_graphics.h"
#include "qemu_process_log.h"
#include "qemu_process_prepare.h"
#include "qemu_security.h"

#include "qemu_capabilities.h"
#include "qemu_command.h"
#include "qemu_conf.h"
#include "qemu_interface.h"
#include "qemu_monitor.h"
#include "qemu_passt.h"
#include "domain_status.h"
#include "vircommand.h"
#include "virerror.h"
#include "virfile.h"
#include "virprocess.h"
#include "virsocket.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* Time-outs, in milliseconds. */
#define QEMU_PROCESS_MONITOR_TIMEOUT 30000  /* QEMU up to the QMP greeting */
#define QEMU_PROCESS_QUIT_TIMEOUT 3000      /* "quit" until the process is gone */
#define QEMU_PROCESS_TERM_TIMEOUT 5000      /* SIGTERM until gone */
#define QEMU_PROCESS_KILL_TIMEOUT 5000      /* SIGKILL until gone */
#define QEMU_PROCESS_EXIT_GRACE 1000        /* a failed start: is QEMU exiting? */

#define QEMU_PROCESS_NEXTID_FILE ".nextid"

/* Variables QEMU gets from the caller's environment; everything else is
 * dropped (upstream also gives QEMU a clean environment).  The system bus
 * address is kept for a bridge helper that talks to libvirt-networkd
 * (tools/libvirt-bridge-helper), which QEMU execs with its environment. */
static const char * const qemuProcessEnvKeep[] = {
    "PATH", "HOME", "USER", "LOGNAME", "TMPDIR",
    "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
    "DBUS_SYSTEM_BUS_ADDRESS",
    NULL,
};

/* ---- stale state -------------------------------------------------------- */

/**
 * qemuProcessReleaseLive:
 * @driver: the connection
 * @name: the domain
 * @def: its running definition (port UUIDs), may be NULL
 * @monitorPath: its QMP socket, may be NULL
 *
 * Everything a running domain held outside QEMU, once QEMU is gone: the
 * networkd ports that still exist (usually none: the kernel removed the
 * taps with QEMU's last fd and the daemon forgot them), the QMP socket
 * and the status file.  Errors are not reported: there is nothing left
 * to roll back to.
 */
static void
qemuProcessReleaseLive(virQEMUDriver *driver, const char *name,
                       const virDomainDef *def, const char *monitorPath)
{
    g_autofree char *statusPath = virQEMUDriverStatusFilePath(driver, name);
    virError *saved = NULL;
    size_t i;

    virErrorPreserveLast(&saved);
    for (i = 0; def && i < def->nnets; i++)
        qemuInterfaceDeletePort(def->nets[i]->portUUID);
    qemuPasstStop(driver, def);
    if (def)
        qemuConsoleRemoveLocks(driver, def);
    qemuSecurityRestore(virQEMUDriverGetConfig(driver), def);
    qemuSecurityRestoreFiles(virQEMUDriverGetConfig(driver), def);
    if (monitorPath && unlink(monitorPath) < 0 && errno != ENOENT)
        g_warning(_("cannot remove '%1$s': %2$s"), monitorPath, g_strerror(errno));
    if (unlink(statusPath) < 0 && errno != ENOENT)
        g_warning(_("cannot remove '%1$s': %2$s"), statusPath, g_strerror(errno));
    virErrorRestore(&saved);
}

/**
 * qemuProcessReadStatus:
 * @driver: the connection
 * @name: the domain
 * @status: set to the status, or NULL when there is no status file
 *
 * A status file that cannot be parsed is removed with a warning: nothing
 * could ever act on it, and it would make the domain unstartable.
 * Returns 0, or -1 with an error reported.
 */
static int
qemuProcessReadStatus(virQEMUDriver *driver, const char *name,
                      virDomainStatus **status)
{
    g_autofree char *path = virQEMUDriverStatusFilePath(driver, name);
    g_autofree char *xml = NULL;

    *status = NULL;
    if (access(path, F_OK) < 0) {
        if (errno == ENOENT)
            return 0;
        virReportSystemError(errno, _("cannot access '%1$s'"), path);
        return -1;
    }
    if (virFileReadAll(path, VIR_DOMAIN_STATUS_MAX_SIZE, &xml) < 0)
        return -1;
    if (!(*status = virDomainStatusParse(xml, path)) ||
        g_strcmp0((*status)->def->name, name) != 0) {
        g_warning(_("removing the unusable status file '%1$s': %2$s"), path,
                  *status ? _("it names another domain") : virGetLastErrorMessage());
        virResetLastError();
        g_clear_pointer(status, virDomainStatusFree);
        if (unlink(path) < 0 && errno != ENOENT) {
            virReportSystemError(errno, _("cannot remove '%1$s'"), path);
            return -1;
        }
    }
    return 0;
}

/**
 * qemuProcessStateFromStatus:
 * Returns the domain state a status document's state stands for.
 */
static virQEMUDomainState
qemuProcessStateFromStatus(virDomainStatusState state)
{
    switch (state) {
    case VIR_DOMAIN_STATUS_STATE_RUNNING:
        return VIR_QEMU_DOMAIN_STATE_RUNNING;
    case VIR_DOMAIN_STATUS_STATE_PAUSED:
        return VIR_QEMU_DOMAIN_STATE_PAUSED;
    case VIR_DOMAIN_STATUS_STATE_SHUTDOWN:
        return VIR_QEMU_DOMAIN_STATE_SHUTDOWN;
    case VIR_DOMAIN_STATUS_STATE_LAST:
        break;
    }
    return VIR_QEMU_DOMAIN_STATE_NOSTATE;
}

/**
 * qemuProcessSetShutoff:
 * Marks @obj as shut off and drops its running definition.
 */
static void
qemuProcessSetShutoff(virQEMUDomainObj *obj)
{
    obj->id = -1;
    obj->state = VIR_QEMU_DOMAIN_STATE_SHUTOFF;
    g_clear_pointer(&obj->liveDef, virDomainDefFree);
}

/**
 * qemuProcessLoadStatus:
 * @driver: the connection (lock held)
 * @name: the domain
 * @status: set to the status of a live QEMU, else NULL
 *
 * Reads the status file and checks that its process is still the one
 * that was started (pid and start time).  A stale file is cleaned up:
 * ports released, socket and file removed, a line in the log.
 * Returns 0, or -1 with an error reported.
 */
static int
qemuProcessLoadStatus(virQEMUDriver *driver, const char *name,
                      virDomainStatus **status)
{
    g_autoptr(virDomainStatus) st = NULL;

    *status = NULL;
    if (qemuProcessReadStatus(driver, name, &st) < 0)
        return -1;
    if (!st)
        return 0;

    if (!virProcessIsAlive(st->pid, st->startTime)) {
        qemuProcessReleaseLive(driver, name, st->def, st->monitorPath);
        qemuProcessLogAppend(driver, name, "QEMU (pid %lld) is gone; cleaned up",
                             (long long)st->pid);
        return 0;
    }
    *status = g_steal_pointer(&st);
    return 0;
}

/**
 * qemuProcessLoadLive:
 * @driver: the connection (driver lock held)
 * @name: the domain's name
 * @obj: the domain, with its persistent definition if it has one (a
 *       running transient domain has none)
 *
 * Fills @obj's id, state and running definition from its status file;
 * a domain without a live QEMU is shut off (and a stale status file is
 * cleaned up on the way).  This is the driver's hook for live state.
 * Returns 0, or -1 with an error reported.
 */
int
qemuProcessLoadLive(virQEMUDriver *driver, const char *name, virQEMUDomainObj *obj)
{
    g_autoptr(virDomainStatus) status = NULL;

    qemuProcessSetShutoff(obj);
    if (qemuProcessLoadStatus(driver, name, &status) < 0)
        return -1;
    if (!status)
        return 0;

    obj->id = status->id;
    obj->state = qemuProcessStateFromStatus(status->state);
    obj->liveDef = g_steal_pointer(&status->def);
    return 0;
}

/* ---- start -------------------------------------------------------------- */

/**
 * qemuProcessAllocID:
 * @driver: the connection (exclusive lock held)
 *
 * Returns the next domain id (1, 2, ...; kept in the state dir, which is
 * emptied at boot like upstream's ids restart), or -1 with an error.
 */
static int
qemuProcessAllocID(virQEMUDriver *driver)
{
    g_autofree char *path = g_build_filename(virQEMUDriverGetConfig(driver)->stateDir,
                                             QEMU_PROCESS_NEXTID_FILE, NULL);
    g_autofree char *buf = NULL;
    g_autofree char *next = NULL;
    guint64 id = 1;

    if (g_file_get_contents(path, &buf, NULL, NULL) &&
        !g_ascii_string_to_unsigned(g_strstrip(buf), 10, 1, G_MAXINT - 1, &id, NULL))
        id = 1;
    next = g_strdup_printf("%" G_GUINT64_FORMAT "\n", id + 1);
    /* Without the fsync()s of virFileRewriteStr: a counter lost in a
     * power cut only restarts the ids at 1, which the running domains'
     * status files do not depend on (and the state dir is emptied at
     * boot anyway). */
    if (virFileRewriteStrNoSync(path, 0600, next) < 0)
        return -1;
    return id;
}

/**
 * qemuProcessCopyDef:
 * Returns a deep copy of @def (through its XML, so the copy is exactly
 * what a reader of the status file will get), or NULL with an error.
 */
static virDomainDef *
qemuProcessCopyDef(const virDomainDef *def)
{
    g_autofree char *xml = NULL;

    if (!(xml = virDomainDefFormat(def, VIR_DOMAIN_DEF_FORMAT_STATUS)))
        return NULL;
    return virDomainDefParseString(xml, def->name, VIR_DOMAIN_DEF_PARSE_STATUS);
}

/**
 * qemuProcessBuildEnv:
 * Returns QEMU's environment: LC_ALL=C and the kept variables of ours
 * (NULL-terminated, caller frees with g_strfreev).
 */
static char **
qemuProcessBuildEnv(void)
{
    g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    g_ptr_array_add(env, g_strdup("LC_ALL=C"));
    for (i = 0; qemuProcessEnvKeep[i]; i++) {
        const char *val = g_getenv(qemuProcessEnvKeep[i]);

        if (val)
            g_ptr_array_add(env, g_strdup_printf("%s=%s", qemuProcessEnvKeep[i], val));
    }
    g_ptr_array_add(env, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&env), FALSE);
}

/* What one start holds until it succeeds or is rolled back. */
typedef struct {
    virQEMUDriver *driver;
    const char *name;
    virDomainDef *def;                 /* the running definition */
    qemuInterfaceConnList *conns;
    qemuPasstSocket *passtSockets;     /* per NIC (path NULL but for passt) */
    size_t npasstSockets;
    char *monitorPath;
    char *logPath;
    off_t logOffset;
    pid_t pid;
    int pidfd;
    unsigned long long startTime;
    virQEMUMonitor *mon;
    qemuSecurityLabel label;           /* AppArmor profile, identity, lent files */
    qemuProcessPrep prep;              /* emulator, caps, qemu.conf, helper */
    int monitorListenFd;               /* system mode: QMP socket for QEMU */
} qemuProcessStartCtx;

/**
 * qemuProcessStartCtxClear:
 * Frees what @ctx holds; does not stop QEMU or delete ports (see
 * qemuProcessStartRollback()).
 */
static void
qemuProcessStartCtxClear(qemuProcessStartCtx *ctx)
{
    virQEMUMonitorFree(ctx->mon);
    qemuInterfaceConnListFree(ctx->conns);
    qemuPasstSocketsFree(ctx->passtSockets, ctx->npasstSockets);
    virDomainDefFree(ctx->def);
    g_free(ctx->monitorPath);
    g_free(ctx->logPath);
    virFileForceClose(&ctx->pidfd);
    virFileForceClose(&ctx->monitorListenFd);
    qemuSecurityLabelClear(&ctx->label);
    qemuProcessPrepClear(&ctx->prep);
}

/**
 * qemuProcessReportExited:
 * @ctx: the start
 *
 * Reports that QEMU exited while starting, quoting the end of its output
 * (which holds the reason, e.g. a failing bridge helper).
 */
static void
qemuProcessReportExited(qemuProcessStartCtx *ctx)
{
    g_autofree char *tail = qemuProcessLogTail(ctx->logPath, ctx->logOffset);

    if (tail)
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("QEMU exited while starting domain '%1$s': %2$s"),
                       ctx->name, tail);
    else
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("QEMU exited while starting domain '%1$s' without saying why (see '%2$s')"),
                       ctx->name, ctx->logPath);
}

/**
 * qemuProcessStopPid:
 * @pidfd: pidfd of the process, or -1
 * @pid: the process
 * @startTime: its start time (to tell it from a reused pid without a pidfd)
 * @graceful: wait this long for it to go by itself first (ms)
 *
 * SIGTERM, then SIGKILL, each with its time-out, until @pid is gone.
 * Returns 0 once it is gone, or -1 with an error reported.
 */
static int
qemuProcessStopPid(int pidfd, pid_t pid, unsigned long long startTime, int graceful)
{
    static const struct { int sig; int timeout; } steps[] = {
        { 0, 0 },
        { SIGTERM, QEMU_PROCESS_TERM_TIMEOUT },
        { SIGKILL, QEMU_PROCESS_KILL_TIMEOUT },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(steps); i++) {
        int timeout = steps[i].sig ? steps[i].timeout : graceful;
        int rc;

        if (steps[i].sig && virProcessPidfdKill(pidfd, pid, steps[i].sig) < 0)
            return -1;
        if (pidfd >= 0) {
            if ((rc = virProcessPidfdWait(pidfd, timeout)) < 0)
                return -1;
            if (rc > 0)
                return 0;
        } else {
            gint64 deadline = g_get_monotonic_time() + (gint64)timeout * 1000;

            do {
                if (!virProcessIsAlive(pid, startTime))
                    return 0;
                g_usleep(10000);
            } while (g_get_monotonic_time() < deadline);
        }
    }
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("QEMU (pid %1$lld) is still running after SIGKILL"), (long long)pid);
    return -1;
}

/**
 * qemuProcessStartRollback:
 * @ctx: a failed start
 *
 * Undoes it, keeping the first error: QEMU stopped (if it still runs),
 * every port deleted and fd closed, socket removed.  If QEMU had exited
 * by itself, its own words replace the error that noticed it.
 */
static void
qemuProcessStartRollback(qemuProcessStartCtx *ctx)
{
    virError *saved = NULL;

    if (ctx->pid > 0) {
        /* QEMU closes the monitor a moment before it is gone: give it a
         * little time, so that an exit is recognised as one */
        bool exited = ctx->pidfd >= 0 ? virProcessPidfdWait(ctx->pidfd, QEMU_PROCESS_EXIT_GRACE) > 0
                                      : !virProcessIsAlive(ctx->pid, ctx->startTime);

        if (exited) {
            virResetLastError();
            qemuProcessReportExited(ctx);
        }
    }
    virErrorPreserveLast(&saved);

    g_clear_pointer(&ctx->mon, virQEMUMonitorFree);
    if (ctx->pid > 0)
        qemuProcessStopPid(ctx->pidfd, ctx->pid, ctx->startTime, 0);
    qemuInterfaceReleasePorts(ctx->conns);
    if (ctx->def)
        qemuPasstStop(ctx->driver, ctx->def);
    if (ctx->label.created)
        qemuSecurityRestore(virQEMUDriverGetConfig(ctx->driver), ctx->def);
    if (ctx->label.filesLent)
        qemuSecurityRestoreFiles(virQEMUDriverGetConfig(ctx->driver), ctx->def);
    if (ctx->monitorPath)
        unlink(ctx->monitorPath);
    if (ctx->logPath) {
        virErrorRestore(&saved);
        qemuProcessLogAppend(ctx->driver, ctx->name, "start failed: %s",
                             virGetLastErrorMessage());
        virErrorPreserveLast(&saved);
    }
    virErrorRestore(&saved);
}

/**
 * qemuProcessMonitorListen:
 * @path: the domain's QMP socket path
 *
 * Creates the listening QMP socket a system-mode QEMU gets as an fd:
 * mode 0600, owned by root, so only the driver connects to it.
 * Returns the socket, or -1 with an error reported (and no file left).
 */
static int
qemuProcessMonitorListen(const char *path)
{
    return virSocketListenUnix(path, 0600, 1);
}

/**
 * qemuProcessConnectMonitor:
 * @ctx: a start whose QEMU was spawned
 *
 * Waits for QEMU's QMP socket and greeting, noticing at once when QEMU
 * exits instead.  Returns 0 with ctx->mon ready for commands, or -1 with
 * an error reported.
 */
static int
qemuProcessConnectMonitor(qemuProcessStartCtx *ctx)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    gint64 deadline = g_get_monotonic_time() + QEMU_PROCESS_MONITOR_TIMEOUT * 1000LL;

    memcpy(addr.sun_path, ctx->monitorPath, strlen(ctx->monitorPath) + 1);
    for (;;) {
        VIR_AUTOCLOSE fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int exited;

        if (fd < 0) {
            virReportSystemError(errno, "%s", _("cannot create a UNIX socket"));
            return -1;
        }
        if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0) {
            int mfd = fd;

            fd = -1;
            if (!(ctx->mon = virQEMUMonitorNew(mfd)))
                return -1;
            break;
        }
        if (errno != ENOENT && errno != ECONNREFUSED) {
            virReportSystemError(errno, _("cannot connect to QEMU monitor '%1$s'"),
                                 ctx->monitorPath);
            return -1;
        }
        /* wait a little for the socket, but return as soon as QEMU dies */
        exited = ctx->pidfd >= 0 ? virProcessPidfdWait(ctx->pidfd, 5)
                                 : !virProcessIsAlive(ctx->pid, ctx->startTime);
        if (exited < 0)
            return -1;
        if (exited) {
            qemuProcessReportExited(ctx);
            return -1;
        }
        if (ctx->pidfd < 0)
            g_usleep(5000);
        if (g_get_monotonic_time() > deadline) {
            virReportError(VIR_ERR_OPERATION_TIMEOUT,
                           _("QEMU did not open its monitor '%1$s' within %2$d s"),
                           ctx->monitorPath, QEMU_PROCESS_MONITOR_TIMEOUT / 1000);
            return -1;
        }
    }

    virQEMUMonitorSetTimeout(ctx->mon, QEMU_PROCESS_MONITOR_TIMEOUT);
    return virQEMUMonitorHandshake(ctx->mon);
}

/**
 * qemuProcessSetLinksDown:
 * Sets the NICs the command builder lists as down before the guest runs.
 * Returns 0, or -1 with an error reported.
 */
static int
qemuProcessSetLinksDown(qemuProcessStartCtx *ctx, GPtrArray *aliases)
{
    size_t i;

    for (i = 0; aliases && i < aliases->len; i++) {
        g_autoptr(JsonObject) args = json_object_new();

        json_object_set_string_member(args, "name", g_ptr_array_index(aliases, i));
        json_object_set_boolean_member(args, "up", FALSE);
        if (virQEMUMonitorCommand(ctx->mon, "set_link", args, NULL) < 0)
            return -1;
    }
    return 0;
}

/* A CPU set from CPU_ALLOC(). */
typedef cpu_set_t qemuProcessCpuSet;

/**
 * qemuProcessCpuSetFree:
 * CPU_FREE() of @set (a macro: no function pointer of its own).
 */
static void
qemuProcessCpuSetFree(qemuProcessCpuSet *set)
{
    CPU_FREE(set);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuProcessCpuSet, qemuProcessCpuSetFree);

/**
 * qemuProcessSpawn:
 * @ctx: the start, with its interfaces connected
 * @cmd: the command line
 *
 * Writes the log header and spawns QEMU with the tap fds as 3, 4, ...
 * (the numbers the command line was built with).
 * Returns 0 with ctx->pid/pidfd/startTime set, or -1 with an error.
 */
static int
qemuProcessSpawn(qemuProcessStartCtx *ctx, const qemuCommand *cmd,
                 const int *passfds, size_t npassfds)
{
    g_auto(GStrv) envp = qemuProcessBuildEnv();
    g_autofree char *cmdline = qemuCommandFormat(cmd, QEMU_COMMAND_FORMAT_ONE_LINE);
    virCommandSpawnParams params = { 0 };
    g_autoptr(qemuProcessCpuSet) affinity = NULL;
    VIR_AUTOCLOSE logfd = -1;
    int alive;

    if ((logfd = qemuProcessLogOpen(ctx->driver, ctx->name, cmdline,
                                    (const char * const *)envp, &ctx->logOffset)) < 0)
        return -1;

    params.argv = (const char * const *)cmd->args->pdata;
    params.envp = (const char * const *)envp;
    params.passfds = passfds;
    params.npassfds = npassfds;
    params.outfd = logfd;
    params.apparmorExec = ctx->label.apparmorExec;
    params.switchIds = ctx->label.switchIds;
    params.uid = ctx->label.identity.uid;
    params.gid = ctx->label.identity.gid;
    params.groups = ctx->label.identity.groups;
    params.ngroups = ctx->label.identity.ngroups;
    /* No capability and no way to gain one, as upstream's
     * clear_emulator_capabilities (and more: no_new_privs).  Not for a
     * domain whose bridge helper is setuid or has file capabilities: its
     * exec must raise privileges (qemu_security.h). */
    params.clearCaps = params.noNewPrivs = virQEMUDriverGetConfig(ctx->driver)->privileged &&
                                           !ctx->prep.bridgeHelperPrivilege;
    /* <vcpu cpuset=>: QEMU and every thread it makes run on those CPUs,
     * as upstream's default emulator and vCPU pinning */
    if (ctx->def->vcpuCpuset) {
        g_autoptr(GArray) cpus = virDomainCpusetCPUs(ctx->def->vcpuCpuset);
        size_t i;

        affinity = CPU_ALLOC(VIR_DOMAIN_CPUSET_MAX);
        params.affinitySize = CPU_ALLOC_SIZE(VIR_DOMAIN_CPUSET_MAX);
        CPU_ZERO_S(params.affinitySize, affinity);
        for (i = 0; cpus && i < cpus->len; i++)
            CPU_SET_S(g_array_index(cpus, guint, i), params.affinitySize, affinity);
        params.affinity = affinity;
    }
    if ((ctx->pid = virCommandSpawnDaemon(&params)) < 0) {
        ctx->pid = 0;
        return -1;
    }

    if ((ctx->pidfd = virProcessPidfdOpen(ctx->pid)) < 0 && errno != ENOSYS) {
        /* ESRCH: it already exited (and was reaped) */
        qemuProcessReportExited(ctx);
        return -1;
    }
    if ((alive = virProcessGetStartTime(ctx->pid, &ctx->startTime)) <= 0) {
        if (alive == 0)
            qemuProcessReportExited(ctx);
        return -1;
    }
    return 0;
}

/**
 * qemuProcessFindHelperTaps:
 * @ctx: a start whose QEMU has initialised its NICs (after the greeting)
 *
 * The bridge helper creates its taps inside QEMU, so the driver never
 * learns their names; the kernel shows them in /proc/PID/fdinfo ("iff:"
 * of a tun fd).  QEMU runs the helper once per -netdev bridge, in
 * command-line order, and each received fd takes the lowest free number
 * after the ones before it, so the taps in fd order are the helper NICs
 * in definition order.  The fds of networkd NICs (3, 4, ...) come first
 * and are skipped by name.  Best effort: names only for domiflist, so a
 * failure leaves them unknown rather than failing the start.
 */
static void
qemuProcessFindHelperTaps(qemuProcessStartCtx *ctx)
{
    g_auto(GStrv) names = NULL;
    size_t i;
    size_t next = 0;

    if (!virDomainDefUsesBridgeHelper(ctx->def) ||
        !(names = virProcessListTunIfnames(ctx->pid)))
        return;

    for (i = 0; names[i]; i++) {
        size_t j;
        bool known = false;

        for (j = 0; j < ctx->def->nnets; j++)
            known |= g_strcmp0(ctx->def->nets[j]->ifname, names[i]) == 0;
        if (known)
            continue;
        /* the next helper NIC still without a name */
        for (; next < ctx->def->nnets; next++) {
            virDomainNetDef *net = ctx->def->nets[next];

            if (virDomainNetResolveBackend(net) == VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER &&
                !net->ifname) {
                net->ifname = g_strdup(names[i]);
                next++;
                break;
            }
        }
    }
}

/**
 * qemuProcessStartLocked:
 * @driver: the connection (exclusive lock held)
 * @obj: the domain, known to be shut off
 * @ctx: the start's state (rolled back by the caller on failure)
 * @flags: qemuProcessStartFlags
 *
 * Returns 0, or -1 with an error reported.
 */
static int
qemuProcessStartLocked(virQEMUDriver *driver, virQEMUDomainObj *obj,
                       qemuProcessStartCtx *ctx, unsigned int flags)
{
    const virQEMUDriverConfig *cfg = virQEMUDriverGetConfig(driver);
    g_autoptr(virDomainStatus) status = g_new0(virDomainStatus, 1);
    g_autoptr(qemuCommand) cmd = NULL;
    g_autofree char *statusPath = NULL;
    g_autofree char *statusXML = NULL;
    g_autofree qemuCommandNetHost *hosts = NULL;
    g_autofree int *passfds = NULL;
    g_autofree int *fdnums = NULL;
    size_t npassfds = 0;
    size_t i;
    int id;

    /* a definition stored before addresses were assigned at define gets
     * them for this run */
    if (!(ctx->def = qemuProcessCopyDef(obj->def)) ||
        virDomainDefAssignAddresses(ctx->def) < 0)
        return -1;
    ctx->monitorPath = qemuProcessMonitorPath(driver, ctx->name);
    ctx->logPath = qemuProcessLogPath(driver, ctx->name);
    if (strlen(ctx->monitorPath) >= sizeof(((struct sockaddr_un *)NULL)->sun_path)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the monitor socket path '%1$s' is too long for a UNIX socket; use a shorter domain name or runtime directory"),
                       ctx->monitorPath);
        return -1;
    }

    /* the same preparation as qemuProcessBuildCommandLine() */
    if (qemuProcessPrepare(driver, ctx->def, &ctx->prep) < 0)
        return -1;
    /* display ports and sockets, written into the live definition */
    if (qemuProcessGraphicsPrepare(ctx->def, ctx->monitorPath, ctx->prep.monitorFd != 0) < 0)
        return -1;

    /* Every NIC first: all fds in hand before QEMU exists. */
    if (!(ctx->conns = qemuInterfaceConnectAll(ctx->def)))
        return -1;
    /* the sockets QEMU's passt NICs connect to, listening before QEMU
     * exists (qemu_passt.h says why QEMU is the client) */
    if (qemuPasstPrepare(driver, ctx->def, &ctx->passtSockets) < 0)
        return -1;
    ctx->npasstSockets = ctx->def->nnets;

    if (unlink(ctx->monitorPath) < 0 && errno != ENOENT) {
        virReportSystemError(errno, _("cannot remove stale monitor socket '%1$s'"),
                             ctx->monitorPath);
        return -1;
    }
    /* In system mode the QMP socket becomes fd 3 (QEMU_PROCESS_MONITOR_FD),
     * created by the driver where QEMU has no right to write */
    if (ctx->prep.monitorFd &&
        (ctx->monitorListenFd = qemuProcessMonitorListen(ctx->monitorPath)) < 0)
        return -1;

    /* The tap fds, then its vhost-net fds, of each NIC in order become 3,
     * 4, ... (after the QMP socket) in QEMU. */
    hosts = g_new0(qemuCommandNetHost, ctx->def->nnets);
    for (i = 0; i < ctx->conns->nconns; i++)
        npassfds += ctx->conns->conns[i].ntapfds + ctx->conns->conns[i].nvhostfds;
    passfds = g_new0(int, npassfds + 2);
    fdnums = g_new0(int, npassfds + 2);
    npassfds = 0;
    if (ctx->prep.monitorFd)
        passfds[npassfds++] = ctx->monitorListenFd;
    for (i = 0; i < ctx->conns->nconns; i++) {
        qemuInterfaceConn *conn = &ctx->conns->conns[i];
        virDomainNetDef *net = ctx->def->nets[i];
        size_t j;

        hosts[i].tapfds = &fdnums[npassfds];
        hosts[i].ntapfds = conn->ntapfds;
        hosts[i].passtSocket = ctx->passtSockets[i].path;
        for (j = 0; j < conn->ntapfds; j++) {
            fdnums[npassfds] = 3 + npassfds;  /* its index in passfds */
            passfds[npassfds] = conn->tapfds[j];
            npassfds++;
        }
        hosts[i].vhostfds = &fdnums[npassfds];
        hosts[i].nvhostfds = conn->nvhostfds;
        for (j = 0; j < conn->nvhostfds; j++) {
            fdnums[npassfds] = 3 + npassfds;
            passfds[npassfds] = conn->vhostfds[j];
            npassfds++;
        }
        if (conn->port) {
            g_free(net->ifname);
            net->ifname = g_strdup(conn->port->ifname);
            g_free(net->portUUID);
            net->portUUID = g_strdup(conn->port->uuid);
            /* the live XML names the bridge a network port landed on */
            if (net->type == VIR_DOMAIN_NET_TYPE_NETWORK && conn->port->bridge &&
                *conn->port->bridge) {
                g_free(net->sourceBridge);
                net->sourceBridge = g_strdup(conn->port->bridge);
            }
        }
    }
    if (!(cmd = qemuProcessPrepBuildCommand(&ctx->prep, ctx->def, hosts)))
        return -1;

    /* The domain's own AppArmor profile, who QEMU runs as and the files
     * it is lent, before QEMU exists */
    if (qemuSecuritySetup(cfg, ctx->prep.conf, ctx->def, &ctx->label) < 0 ||
        qemuSecuritySetupProcess(cfg, ctx->prep.conf, ctx->def, &ctx->label) < 0)
        return -1;
    if (qemuProcessSpawn(ctx, cmd, passfds, npassfds) < 0 ||
        qemuInterfaceBindPorts(ctx->conns, ctx->pidfd) < 0)
        return -1;
    if (ctx->label.note)
        qemuProcessLogAppend(driver, ctx->name, "%s", ctx->label.note);
    if (cfg->privileged && ctx->prep.bridgeHelperPrivilege)
        qemuProcessLogAppend(driver, ctx->name,
                             "QEMU keeps its capability bounding set, without no_new_privs or -sandbox, because bridge helper '%s' is %s",
                             ctx->prep.bridgeHelper, ctx->prep.bridgeHelperPrivilege);
    /* QEMU has its copies; ours would keep the taps alive after it exits,
     * and the QMP socket listening after it died */
    qemuInterfaceConnListCloseFds(ctx->conns);
    virFileForceClose(&ctx->monitorListenFd);

    if (qemuProcessConnectMonitor(ctx) < 0 ||
        qemuProcessChrPrepareLive(ctx->mon, ctx->def) < 0 ||
        qemuPasstStart(driver, ctx->def, ctx->pidfd,
                       virQEMUCapsGet(ctx->prep.caps, QEMU_CAPS_NETDEV_STREAM_RECONNECT),
                       ctx->passtSockets) < 0 ||
        qemuProcessSetLinksDown(ctx, cmd->linkDown) < 0)
        return -1;
    qemuProcessFindHelperTaps(ctx);
    if (!(flags & QEMU_PROCESS_START_PAUSED) &&
        virQEMUMonitorCommand(ctx->mon, "cont", NULL, NULL) < 0)
        return -1;

    if ((id = qemuProcessAllocID(driver)) < 0)
        return -1;
    status->state = (flags & QEMU_PROCESS_START_PAUSED) ? VIR_DOMAIN_STATUS_STATE_PAUSED
                                                        : VIR_DOMAIN_STATUS_STATE_RUNNING;
    status->id = id;
    status->pid = ctx->pid;
    status->startTime = ctx->startTime;
    status->monitorPath = g_strdup(ctx->monitorPath);
    status->def = ctx->def;
    statusXML = virDomainStatusFormat(status);
    status->def = NULL;
    if (!statusXML)
        return -1;
    statusPath = virQEMUDriverStatusFilePath(driver, ctx->name);
    if (virFileRewriteStr(statusPath, 0600, statusXML) < 0)
        return -1;

    obj->id = id;
    obj->state = qemuProcessStateFromStatus(status->state);
    virDomainDefFree(obj->liveDef);
    obj->liveDef = g_steal_pointer(&ctx->def);
    return 0;
}

/**
 * qemuProcessStart:
 * @driver: the connection
 * @obj: the domain (from a lookup); updated with the live state
 * @flags: qemuProcessStartFlags
 *
 * Starts the domain's QEMU (see qemu_process.h).  On failure nothing is
 * left behind: no QEMU, no networkd port, no status file.
 * Returns 0, or -1 with an error reported (VIR_ERR_OPERATION_INVALID
 * when the domain is already running).
 */
int
qemuProcessStart(virQEMUDriver *driver, virQEMUDomainObj *obj, unsigned int flags)
{
    qemuProcessStartCtx ctx = { .driver = driver, .pidfd = -1, .monitorListenFd = -1 };
    VIR_AUTOCLOSE lockfd = -1;
    int ret;

    if (!obj->def) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       _("a transient domain cannot be started again"));
        return -1;
    }
    ctx.name = obj->def->name;

    if ((lockfd = virQEMUDriverLock(driver, true)) < 0)
        return -1;
    /* the state may have changed since the caller looked */
    if (qemuProcessLoadLive(driver, ctx.name, obj) < 0)
        return -1;
    if (virQEMUDomainObjIsActive(obj)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("domain '%1$s' is already running"), ctx.name);
        return -1;
    }

    if ((ret = qemuProcessStartLocked(driver, obj, &ctx, flags)) < 0)
        qemuProcessStartRollback(&ctx);
    qemuProcessStartCtxClear(&ctx);
    return ret;
}

/* ---- stop --------------------------------------------------------------- */

/**
 * qemuProcessGetLive:
 * @driver: the connection (lock held)
 * @obj: the domain
 * @status: set to the live status
 *
 * Returns 0, or -1 with VIR_ERR_OPERATION_INVALID when the domain is not
 * running (its stale state cleaned up), or another error.
 */
static int
qemuProcessGetLive(virQEMUDriver *driver, virQEMUDomainObj *obj,
                   virDomainStatus **status)
{
    g_autofree char *name = g_strdup(virQEMUDomainObjGetName(obj));

    if (qemuProcessLoadStatus(driver, name, status) < 0)
        return -1;
    if (!*status) {
        qemuProcessSetShutoff(obj);
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("domain '%1$s' is not running"), name);
        return -1;
    }
    return 0;
}

/**
 * qemuProcessMonitorOpen:
 * Connects to a running QEMU's monitor.  Returns it, or NULL with an error.
 */
static virQEMUMonitor *
qemuProcessMonitorOpen(const virDomainStatus *status, int timeoutMs)
{
    g_autoptr(virQEMUMonitor) mon = NULL;

    if (!(mon = virQEMUMonitorConnectUnix(status->monitorPath, timeoutMs)))
        return NULL;
    virQEMUMonitorSetTimeout(mon, timeoutMs);
    if (virQEMUMonitorHandshake(mon) < 0)
        return NULL;
    return g_steal_pointer(&mon);
}

/**
 * qemuProcessMonitorConnect:
 * See qemu_process.h.
 */
virQEMUMonitor *
qemuProcessMonitorConnect(virQEMUDriver *driver, virQEMUDomainObj *obj,
                          int timeoutMs, virDomainStatus **status)
{
    VIR_AUTOCLOSE lockfd = -1;

    /* shared: the status is only read; start and destroy take it
     * exclusively */
    if ((lockfd = virQEMUDriverLock(driver, false)) < 0)
        return NULL;
    if (qemuProcessGetLive(driver, obj, status) < 0)
        return NULL;
    return qemuProcessMonitorOpen(*status, timeoutMs);
}

/**
 * qemuProcessDestroy:
 * @driver: the connection
 * @obj: a running domain; marked shut off on success
 *
 * Stops QEMU at once: QMP "quit", then SIGTERM, then SIGKILL, each with a
 * time-out; then releases its networkd ports and removes its status.
 * Returns 0, or -1 with an error reported.
 */
int
qemuProcessDestroy(virQEMUDriver *driver, virQEMUDomainObj *obj)
{
    g_autoptr(virDomainStatus) status = NULL;
    g_autoptr(virQEMUMonitor) mon = NULL;
    g_autofree char *name = g_strdup(virQEMUDomainObjGetName(obj));
    VIR_AUTOCLOSE lockfd = -1;
    VIR_AUTOCLOSE pidfd = -1;
    int graceful = 0;

    if ((lockfd = virQEMUDriverLock(driver, true)) < 0)
        return -1;
    if (qemuProcessGetLive(driver, obj, &status) < 0)
        return -1;

    /* The pidfd pins the process: check it is still ours after opening */
    pidfd = virProcessPidfdOpen(status->pid);
    if (!virProcessIsAlive(status->pid, status->startTime)) {
        graceful = 0;
    } else {
        if ((mon = qemuProcessMonitorOpen(status, 1000)) &&
            virQEMUMonitorCommand(mon, "quit", NULL, NULL) != -2) {
            graceful = QEMU_PROCESS_QUIT_TIMEOUT;
        }
        /* a monitor that does not answer is what SIGTERM is for */
        virResetLastError();
        if (qemuProcessStopPid(pidfd, status->pid, status->startTime, graceful) < 0)
            return -1;
    }
    g_clear_pointer(&mon, virQEMUMonitorFree);

    qemuProcessReleaseLive(driver, name, status->def, status->monitorPath);
    qemuProcessLogAppend(driver, name, "shutting down, reason=destroyed");
    qemuProcessSetShutoff(obj);
    return 0;
}

/**
 * qemuProcessShutdown:
 * @driver: the connection
 * @obj: a running domain
 *
 * Asks the guest to power off (ACPI power button, QMP system_powerdown)
 * and returns at once, like upstream; the status is cleaned up when
 * QEMU has exited.  Returns 0, or -1 with an error reported.
 */
int
qemuProcessShutdown(virQEMUDriver *driver, virQEMUDomainObj *obj)
{
    g_autoptr(virDomainStatus) status = NULL;
    g_autoptr(virQEMUMonitor) mon = NULL;
    VIR_AUTOCLOSE lockfd = -1;

    if ((lockfd = virQEMUDriverLock(driver, true)) < 0)
        return -1;
    if (qemuProcessGetLive(driver, obj, &status) < 0)
        return -1;
    if (!(mon = qemuProcessMonitorOpen(status, 5000)) ||
        virQEMUMonitorCommand(mon, "system_powerdown", NULL, NULL) < 0)
        return -1;
    return 0;
}
