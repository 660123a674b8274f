/*
 * qemu_passt.c: passt, the user-mode network backend of a running guest
 *
 * See qemu_passt.h.  Files, per passt NIC, in RUNDIR/passt (0700), STEM
 * being the domain name's virDomainNameFileStem:
 *   STEM-ALIAS.socket  the socket QEMU connects to (the driver listens on
 *                      it, then the NIC's supervisor)
 *   STEM-ALIAS.pid     "PID STARTTIME" of the NIC's supervisor
 * The supervisor (libvirt-passt-supervisor) runs as the driver's user
 * with QEMU's pidfd; its output and passt's go to the domain log.
 * passt itself drops root to "nobody" when the driver runs as root.
 */
#include "qemu_passt.h"
#include "qemu_process_log.h"

#include "vircommand.h"
#include "virerror.h"
#include "virfile.h"
#include "virprocess.h"
#include "virsocket.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/un.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

#define QEMU_PASST_DIR "passt"
#define QEMU_PASST_STOP_TIMEOUT 3000  /* ms from SIGTERM to SIGKILL */

/**
 * qemuPasstPidPath:
 * Returns RUNDIR/passt/STEM-ALIAS.pid, STEM being the domain @name's
 * file stem (caller frees).
 */
static char *
qemuPasstPidPath(const char *runDir, const char *name, const char *alias)
{
    g_autofree char *stem = virDomainNameFileStem(name);

    return g_strdup_printf("%s/" QEMU_PASST_DIR "/%s-%s.pid", runDir, stem, alias);
}

/**
 * qemuPasstNetAlias:
 * Returns the alias of def->nets[@idx] as the command line names it
 * (caller frees).
 */
static char *
qemuPasstNetAlias(const virDomainDef *def, size_t idx)
{
    const char *alias = def->nets[idx]->alias;

    return alias ? g_strdup(alias) : g_strdup_printf("net%zu", idx);
}

/**
 * qemuPasstIsPasst:
 * True when def->nets[@idx] uses passt.
 */
static bool
qemuPasstIsPasst(const virDomainDef *def, size_t idx)
{
    return virDomainNetResolveBackend(def->nets[idx]) == VIR_DOMAIN_NET_BACKEND_PASST;
}

/**
 * qemuPasstFormatPortForward:
 * @fwd: one <portForward>
 *
 * passt's port specification: [ADDRESS][%DEV]/ before the ranges when
 * either is given; ranges comma-separated, each START[-END][:TO[-TOEND]],
 * an excluded one prefixed by "~".
 * Returns the string (caller frees).
 */
static char *
qemuPasstFormatPortForward(const virDomainNetPortForward *fwd)
{
    g_autoptr(GString) spec = g_string_new(NULL);
    size_t i;

    if (fwd->address)
        g_string_append(spec, fwd->address);
    if (fwd->dev)
        g_string_append_printf(spec, "%%%s", fwd->dev);
    if (fwd->address || fwd->dev)
        g_string_append_c(spec, '/');
    for (i = 0; i < fwd->nranges; i++) {
        const virDomainNetPortForwardRange *r = &fwd->ranges[i];

        g_string_append_printf(spec, "%s%s%u", i ? "," : "", r->exclude ? "~" : "", r->start);
        if (r->end)
            g_string_append_printf(spec, "-%u", r->end);
        if (r->to) {
            g_string_append_printf(spec, ":%u", r->to);
            if (r->end)
                g_string_append_printf(spec, "-%u", r->to + (r->end - r->start));
        }
    }
    return g_string_free(g_steal_pointer(&spec), FALSE);
}

/**
 * qemuPasstBuildArgs:
 * See qemu_passt.h.  In the foreground (the supervisor waits for it),
 * logging to stderr (the domain log).
 */
char **
qemuPasstBuildArgs(const virDomainNetDef *net)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    g_ptr_array_add(args, g_strdup("--foreground"));
    g_ptr_array_add(args, g_strdup("--stderr"));
    if (net->mtu) {
        g_ptr_array_add(args, g_strdup("--mtu"));
        g_ptr_array_add(args, g_strdup_printf("%u", net->mtu));
    }
    for (i = 0; i < net->nips; i++) {
        g_ptr_array_add(args, g_strdup("--address"));
        g_ptr_array_add(args, g_strdup(net->ips[i].address));
        if (!net->ips[i].ipv6 && net->ips[i].prefix) {
            g_ptr_array_add(args, g_strdup("--netmask"));
            g_ptr_array_add(args, g_strdup_printf("%u", net->ips[i].prefix));
        }
    }
    if (net->sourceDev) {
        g_ptr_array_add(args, g_strdup("--interface"));
        g_ptr_array_add(args, g_strdup(net->sourceDev));
    }
    for (i = 0; i < net->nportForwards; i++) {
        const virDomainNetPortForward *fwd = &net->portForwards[i];

        switch (fwd->proto) {
        case VIR_DOMAIN_NET_PROTO_TCP:
            g_ptr_array_add(args, g_strdup("--tcp-ports"));
            break;
        case VIR_DOMAIN_NET_PROTO_UDP:
        case VIR_DOMAIN_NET_PROTO_LAST:
            g_ptr_array_add(args, g_strdup("--udp-ports"));
            break;
        }
        g_ptr_array_add(args, qemuPasstFormatPortForward(fwd));
    }
    g_ptr_array_add(args, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&args), FALSE);
}

/**
 * qemuPasstSocketsFree:
 * See qemu_passt.h.
 */
void
qemuPasstSocketsFree(qemuPasstSocket *sockets, size_t n)
{
    size_t i;

    if (!sockets)
        return;
    for (i = 0; i < n; i++) {
        g_free(sockets[i].path);
        virFileForceClose(&sockets[i].listenFd);
    }
    g_free(sockets);
}

/**
 * qemuPasstPrepare:
 * See qemu_passt.h.
 */
int
qemuPasstPrepare(virQEMUDriver *driver, const virDomainDef *def, qemuPasstSocket **sockets)
{
    const char *runDir = virQEMUDriverGetConfig(driver)->stateDir;
    g_autofree char *dir = g_strdup_printf("%s/" QEMU_PASST_DIR, runDir);
    qemuPasstSocket *socks = g_new0(qemuPasstSocket, def->nnets + 1);
    size_t i;

    *sockets = NULL;
    for (i = 0; i < def->nnets; i++)
        socks[i].listenFd = -1;
    for (i = 0; i < def->nnets; i++) {
        if (!qemuPasstIsPasst(def, i))
            continue;
        socks[i].path = virDomainNetPasstSocketPath(runDir, def, i);
        if (strlen(socks[i].path) >= sizeof(((struct sockaddr_un *)NULL)->sun_path)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the passt socket path '%1$s' is too long for a UNIX socket; use a shorter domain name or runtime directory"),
                           socks[i].path);
            goto error;
        }
        if (virFileMakePath(dir, 0700) < 0)
            goto error;
        if (unlink(socks[i].path) < 0 && errno != ENOENT) {
            virReportSystemError(errno, _("cannot remove stale passt socket '%1$s'"), socks[i].path);
            goto error;
        }
        if ((socks[i].listenFd = virSocketListenUnix(socks[i].path, 0600, 1)) < 0)
            goto error;
    }
    *sockets = socks;
    return 0;

 error:
    for (i = 0; i < def->nnets; i++) {
        if (socks[i].listenFd >= 0)
            unlink(socks[i].path);
    }
    qemuPasstSocketsFree(socks, def->nnets);
    return -1;
}

/**
 * qemuPasstSupervisorPath:
 * Returns the supervisor's path (caller frees): the build dir's when the
 * running program is in the build dir (tests), else one next to the
 * running program if there is one (a copy of the tools in one
 * directory), else the installed one.
 */
static char *
qemuPasstSupervisorPath(void)
{
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *dir = NULL;
    g_autofree char *sibling = NULL;

    if (exe && g_str_has_prefix(exe, BUILDDIR "/"))
        return g_strdup(BUILDDIR "/src/qemu/libvirt-passt-supervisor");
    if (exe) {
        dir = g_path_get_dirname(exe);
        sibling = g_build_filename(dir, "libvirt-passt-supervisor", NULL);
        if (access(sibling, X_OK) == 0)
            return g_steal_pointer(&sibling);
    }
    return g_strdup(LIBEXECDIR "/libvirt-passt-supervisor");
}

/**
 * qemuPasstStartOne:
 * @driver: the connection
 * @def: the running domain
 * @idx: its passt NIC
 * @passt: the passt binary
 * @supervisor: the supervisor binary
 * @qemuPidfd: QEMU's pidfd (fd 3 of the supervisor)
 * @listenFd: the NIC's listening socket (fd 4 of the supervisor)
 * @reconnect: QEMU connects again after passt died
 * @logfd: the domain log (the supervisor's stdout and stderr)
 *
 * Returns 0 with the pid file written, or -1 with an error.
 */
static int
qemuPasstStartOne(virQEMUDriver *driver, const virDomainDef *def, size_t idx,
                  const char *passt, const char *supervisor, int qemuPidfd,
                  int listenFd, bool reconnect, int logfd)
{
    const char *runDir = virQEMUDriverGetConfig(driver)->stateDir;
    static const char * const envp[] = { "LC_ALL=C", NULL };
    g_autofree char *alias = qemuPasstNetAlias(def, idx);
    g_autofree char *pidPath = qemuPasstPidPath(runDir, def->name, alias);
    g_autofree char *pidText = NULL;
    g_auto(GStrv) passtArgs = qemuPasstBuildArgs(def->nets[idx]);
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    virCommandSpawnParams params = { 0 };
    unsigned long long startTime = 0;
    const int passfds[2] = { qemuPidfd, listenFd };
    size_t i;
    pid_t pid;

    g_ptr_array_add(argv, (char *)supervisor);
    if (reconnect)
        g_ptr_array_add(argv, (char *)"--reconnect");
    g_ptr_array_add(argv, (char *)passt);
    for (i = 0; passtArgs[i]; i++)
        g_ptr_array_add(argv, passtArgs[i]);
    g_ptr_array_add(argv, NULL);

    params.argv = (const char * const *)argv->pdata;
    params.envp = envp;
    params.passfds = passfds;
    params.npassfds = G_N_ELEMENTS(passfds);
    params.outfd = logfd;
    if ((pid = virCommandSpawnDaemon(&params)) < 0)
        return -1;
    if (virProcessGetStartTime(pid, &startTime) <= 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("interface '%1$s': the passt supervisor exited at once; see the domain log"),
                       alias);
        return -1;
    }
    pidText = g_strdup_printf("%lld %llu\n", (long long)pid, startTime);
    return virFileRewriteStrNoSync(pidPath, 0600, pidText);
}

/**
 * qemuPasstStart:
 * See qemu_passt.h.
 */
int
qemuPasstStart(virQEMUDriver *driver, const virDomainDef *def, int qemuPidfd,
               bool reconnect, qemuPasstSocket *sockets)
{
    g_autofree char *passt = NULL;
    g_autofree char *supervisor = NULL;
    g_autofree char *logPath = NULL;
    VIR_AUTOCLOSE logfd = -1;
    size_t i;

    for (i = 0; i < def->nnets; i++) {
        if (!qemuPasstIsPasst(def, i))
            continue;
        if (!passt) {
            if (!(passt = g_find_program_in_path("passt"))) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("interface '%1$s' uses the passt backend, but passt is not installed (not in $PATH)"),
                               def->nets[i]->alias);
                return -1;
            }
            if (qemuPidfd < 0) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                               _("the passt backend needs pidfds (Linux 5.3 or later)"));
                return -1;
            }
            supervisor = qemuPasstSupervisorPath();
            logPath = qemuProcessLogPath(driver, def->name);
            if ((logfd = open(logPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0) {
                virReportSystemError(errno, _("cannot open the domain log '%1$s'"), logPath);
                return -1;
            }
        }
        if (qemuPasstStartOne(driver, def, i, passt, supervisor, qemuPidfd,
                              sockets[i].listenFd, reconnect, logfd) < 0)
            return -1;
        /* the supervisor's now: ours would keep accepting for nobody */
        virFileForceClose(&sockets[i].listenFd);
    }
    return 0;
}

/**
 * qemuPasstStopOne:
 * @pidPath: the supervisor's pid file
 *
 * SIGTERM to the supervisor (it stops passt), SIGKILL after a time-out
 * (passt then gets its parent-death signal).  A pid file whose process
 * is gone, or that names another process now, is only removed.
 */
static void
qemuPasstStopOne(const char *pidPath)
{
    g_autofree char *text = NULL;
    long long pid = 0;
    unsigned long long startTime = 0;
    VIR_AUTOCLOSE pidfd = -1;

    if (virFileReadAll(pidPath, 64, &text) < 0) {
        virResetLastError();
        return;
    }
    if (sscanf(text, "%lld %llu", &pid, &startTime) == 2 && pid > 1 &&
        (pidfd = virProcessPidfdOpen(pid)) >= 0 &&
        virProcessIsAlive(pid, startTime)) {
        if (virProcessPidfdKill(pidfd, pid, SIGTERM) < 0 ||
            virProcessPidfdWait(pidfd, QEMU_PASST_STOP_TIMEOUT) == 0) {
            virProcessPidfdKill(pidfd, pid, SIGKILL);
            virProcessPidfdWait(pidfd, QEMU_PASST_STOP_TIMEOUT);
        }
        virResetLastError();
    }
    if (unlink(pidPath) < 0 && errno != ENOENT)
        g_warning(_("cannot remove '%1$s': %2$s"), pidPath, g_strerror(errno));
}

/**
 * qemuPasstStop:
 * See qemu_passt.h.
 */
void
qemuPasstStop(virQEMUDriver *driver, const virDomainDef *def)
{
    const char *runDir = virQEMUDriverGetConfig(driver)->stateDir;
    virError *saved = NULL;
    size_t i;

    if (!def)
        return;
    virErrorPreserveLast(&saved);
    for (i = 0; i < def->nnets; i++) {
        g_autofree char *alias = NULL;
        g_autofree char *pidPath = NULL;
        g_autofree char *socket = NULL;

        if (!qemuPasstIsPasst(def, i))
            continue;
        alias = qemuPasstNetAlias(def, i);
        pidPath = qemuPasstPidPath(runDir, def->name, alias);
        socket = virDomainNetPasstSocketPath(runDir, def, i);
        qemuPasstStopOne(pidPath);
        if (unlink(socket) < 0 && errno != ENOENT)
            g_warning(_("cannot remove '%1$s': %2$s"), socket, g_strerror(errno));
    }
    virErrorRestore(&saved);
}
