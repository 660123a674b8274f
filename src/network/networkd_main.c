/*
 * networkd_main.c: libvirt-networkd start-up, configuration, main loop
 *
 * Theory of operation: the daemon runs as root, started by D-Bus
 * activation through systemd (examples/systemd/libvirt-networkd.service).
 * Once it has read its configuration, and before it makes any thread,
 * it drops every capability except CAP_NET_ADMIN, which it needs for all
 * of its real work, and the few that starting a network's dnsmasq needs
 * (see virNetworkdDropCapabilities): capabilities and no_new_privs are
 * each thread's own, so a thread made earlier would keep them all.
 * Start-up (the state and config directories, taking over running
 * networks and starting autostarted ones) runs with that set too, as
 * root's uid; only then does the daemon serve callers.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <glib-unix.h>
#include <cap-ng.h>

#include "networkd_dbus.h"
#include "networkd_filter.h"
#include "networkd_floor.h"
#include "networkd_learn.h"
#include "networkd_ovs.h"
#include "networkd_queue.h"
#include "networkd_relay.h"
#include "virdnsmasq.h"
#include "virerror.h"
#include "virgettext.h"
#include "virovsdb.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

#define VIR_NETWORKD_CONFIG_GROUP "networkd"
#define VIR_NETWORKD_DEFAULT_CONFIG SYSCONFDIR "/libvirt/networkd.conf"
#define VIR_NETWORKD_DEFAULT_STATE_DIR "/run/libvirt/networkd"
#define VIR_NETWORKD_DEFAULT_CONFIG_DIR SYSCONFDIR "/libvirt/networkd"
#define VIR_NETWORKD_DEFAULT_DNSMASQ_USER "dnsmasq"
#define VIR_NETWORKD_DEFAULT_QUOTA 64
#define VIR_NETWORKD_DEFAULT_MAX_PENDING 32
/* seconds a polkit "yes" is remembered per uid, cgroup and question */
#define VIR_NETWORKD_DEFAULT_AUTH_CACHE 5
/* polkit checks in flight, in all and per user: well below the bus's cap
 * of pending replies on one connection (128 by default), and few enough
 * that a check never queues deep inside polkitd */
#define VIR_NETWORKD_DEFAULT_MAX_POLKIT_CHECKS 4
#define VIR_NETWORKD_DEFAULT_MAX_POLKIT_CHECKS_PER_USER 1
/* calls of one user in the daemon, over all of its connections: a user's
 * backlog waits (out of everyone's way) up to this, and is refused fast
 * beyond it; 8 connections' worth of max_pending_requests */
#define VIR_NETWORKD_DEFAULT_MAX_PENDING_PER_USER 256
/* the largest method call read; requests are a few hundred bytes */
#define VIR_NETWORKD_DEFAULT_MAX_MESSAGE_BYTES 65536

typedef struct {
    unsigned int portQuota;
    unsigned int maxPending;
    unsigned int authCacheSeconds;
    virNetworkdQueueLimits queue;
    unsigned int maxMessageBytes;
    char *stateDir;
    char *configDir;             /* networks/ holds the network definitions */
    char *dnsmasqUser;           /* the user networks' dnsmasq drops to */
    GLogLevelFlags logLevel;     /* messages up to this level are printed */
    virNetworkdOvs *ovs;         /* the Open vSwitch plug and OVN settings */
    virNetworkdControlsPolicy *controls;  /* [bridge|device|user NAME] groups */
} virNetworkdConfig;

/**
 * virNetworkdConfigClear:
 * Frees what the configuration holds but its OVS plug (freed with the
 * daemon's objects).
 */
static void
virNetworkdConfigClear(virNetworkdConfig *cfg)
{
    g_clear_pointer(&cfg->stateDir, g_free);
    g_clear_pointer(&cfg->configDir, g_free);
    g_clear_pointer(&cfg->dnsmasqUser, g_free);
    g_clear_pointer(&cfg->controls, virNetworkdControlsPolicyFree);
}

/* The daemon: the port manager and the policy are its own; the D-Bus
 * side borrows them. */
typedef struct {
    GMainLoop *loop;
    virNetworkdPortManager *mgr;
    virNetworkdNetworkManager *nets;
    virNetworkdLearn *learn;
    virNetworkdFloor *floor;
    virNetworkdPolicy *policy;
    virNetworkdQueue *queue;
    virNetworkdFilter *filter;
    virNetworkdRelay *relay;
    virNetworkdDBus *dbus;
    int exitStatus;
    bool acquired;
} virNetworkdDaemon;

static GLogLevelFlags virNetworkdLogLevel = G_LOG_LEVEL_MESSAGE;

/**
 * virNetworkdLogPriority:
 * Returns the syslog priority (for journald's "<N>" prefix) and a word
 * for a GLib log level.
 */
static int
virNetworkdLogPriority(GLogLevelFlags level, const char **word)
{
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) {
        *word = "error";
        return 3;
    }
    if (level & G_LOG_LEVEL_WARNING) {
        *word = "warning";
        return 4;
    }
    if (level & G_LOG_LEVEL_MESSAGE) {
        *word = "notice";
        return 5;
    }
    if (level & G_LOG_LEVEL_INFO) {
        *word = "info";
        return 6;
    }
    *word = "debug";
    return 7;
}

/**
 * virNetworkdLogWriter:
 * Writes one line per message to stderr: "<N>message" when stderr is the
 * journal (JOURNAL_STREAM set), "libvirt-networkd: level: message"
 * otherwise.  Messages above the configured level are dropped.
 */
static GLogWriterOutput
virNetworkdLogWriter(GLogLevelFlags level, const GLogField *fields, gsize nfields,
                     gpointer opaque G_GNUC_UNUSED)
{
    static bool journal = false;
    static bool checked = false;
    const char *message = NULL;
    const char *word;
    const char *maxWord;
    int prio = virNetworkdLogPriority(level, &word);
    gsize i;

    if (prio > virNetworkdLogPriority(virNetworkdLogLevel, &maxWord) &&
        !(level & G_LOG_FLAG_FATAL))
        return G_LOG_WRITER_HANDLED;

    for (i = 0; i < nfields; i++) {
        if (strcmp(fields[i].key, "MESSAGE") == 0) {
            message = fields[i].value;
            break;
        }
    }
    if (!checked) {
        journal = g_getenv("JOURNAL_STREAM") != NULL;
        checked = true;
    }
    if (journal)
        fprintf(stderr, "<%d>%s\n", prio, message ? message : "");
    else
        fprintf(stderr, "libvirt-networkd: %s: %s\n", word, message ? message : "");
    return G_LOG_WRITER_HANDLED;
}

/**
 * virNetworkdLogLevelParse:
 * Maps "error", "warning", "notice", "info", "debug" to a GLib level.
 * Returns 0, or -1 for an unknown name.
 */
static int
virNetworkdLogLevelParse(const char *name, GLogLevelFlags *level)
{
    static const struct {
        const char *name;
        GLogLevelFlags level;
    } levels[] = {
        { "error", G_LOG_LEVEL_CRITICAL },
        { "warning", G_LOG_LEVEL_WARNING },
        { "notice", G_LOG_LEVEL_MESSAGE },
        { "info", G_LOG_LEVEL_INFO },
        { "debug", G_LOG_LEVEL_DEBUG },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(levels); i++) {
        if (strcmp(name, levels[i].name) == 0) {
            *level = levels[i].level;
            return 0;
        }
    }
    return -1;
}

/**
 * virNetworkdConfigGetUInt:
 * Reads an optional unsigned key in 1..@max.  Returns 0 (with *@value
 * unchanged when the key is absent), or -1 with an error reported.
 */
static int
virNetworkdConfigGetUInt(GKeyFile *kf, const char *path, const char *key,
                         guint64 min, guint64 max, unsigned int *value)
{
    g_autofree char *str = g_key_file_get_value(kf, VIR_NETWORKD_CONFIG_GROUP, key, NULL);
    guint64 v;

    if (!str)
        return 0;
    if (!g_ascii_string_to_unsigned(g_strstrip(str), 10, min, max, &v, NULL)) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s: key '%2$s' must be a number in %3$llu..%4$llu"),
                       path, key, (unsigned long long)min, (unsigned long long)max);
        return -1;
    }
    *value = v;
    return 0;
}

/**
 * virNetworkdConfigGetPath:
 * Reads an optional key naming an absolute path into *@value (replaced).
 * Returns 0, or -1 with an error reported.
 */
static int
virNetworkdConfigGetPath(GKeyFile *kf, const char *path, const char *key, char **value)
{
    if (!g_key_file_has_key(kf, VIR_NETWORKD_CONFIG_GROUP, key, NULL))
        return 0;
    g_free(*value);
    *value = g_key_file_get_string(kf, VIR_NETWORKD_CONFIG_GROUP, key, NULL);
    if (!*value || !g_path_is_absolute(*value)) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: %2$s must be an absolute path"),
                       path, key);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdConfigLoad:
 * @cfg: filled with defaults, then with the file's values
 * @path: the config file
 * @explicit: the path came from --config (then it must exist)
 *
 * Returns 0, or -1 with an error reported (unknown keys are errors, so a
 * typo never silently leaves a limit at its default).
 */
static int
virNetworkdConfigLoad(virNetworkdConfig *cfg, const char *path, bool explicit)
{
    static const char *const known[] = {
        "port_quota", "max_pending_requests", "auth_cache_seconds", "state_dir",
        "log_level", "max_polkit_checks", "max_polkit_checks_per_user",
        "max_pending_per_user", "max_message_bytes", "config_dir", "dnsmasq_user",
        "ovs_db_address", "ovn_nb_address", "ovn_host_id", "ovsdb_timeout_ms", NULL,
    };
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(GError) gerr = NULL;
    g_auto(GStrv) groups = NULL;
    g_auto(GStrv) keys = NULL;
    g_autofree char *level = NULL;
    size_t i;

    cfg->portQuota = VIR_NETWORKD_DEFAULT_QUOTA;
    cfg->maxPending = VIR_NETWORKD_DEFAULT_MAX_PENDING;
    cfg->authCacheSeconds = VIR_NETWORKD_DEFAULT_AUTH_CACHE;
    cfg->queue.maxRunning = VIR_NETWORKD_DEFAULT_MAX_POLKIT_CHECKS;
    cfg->queue.maxRunningPerUser = VIR_NETWORKD_DEFAULT_MAX_POLKIT_CHECKS_PER_USER;
    cfg->queue.maxPendingPerUser = VIR_NETWORKD_DEFAULT_MAX_PENDING_PER_USER;
    cfg->maxMessageBytes = VIR_NETWORKD_DEFAULT_MAX_MESSAGE_BYTES;
    cfg->stateDir = g_strdup(VIR_NETWORKD_DEFAULT_STATE_DIR);
    cfg->configDir = g_strdup(VIR_NETWORKD_DEFAULT_CONFIG_DIR);
    cfg->dnsmasqUser = g_strdup(VIR_NETWORKD_DEFAULT_DNSMASQ_USER);
    cfg->controls = virNetworkdControlsPolicyNew();

    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
        if (!explicit && g_error_matches(gerr, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
            cfg->ovs = virNetworkdOvsNewFromConfig(kf, VIR_NETWORKD_CONFIG_GROUP, path);
            return cfg->ovs ? 0 : -1;
        }
        virReportError(VIR_ERR_CONF_SYNTAX, _("cannot load '%1$s': %2$s"), path, gerr->message);
        return -1;
    }
    groups = g_key_file_get_groups(kf, NULL);
    for (i = 0; groups[i]; i++) {
        if (strcmp(groups[i], VIR_NETWORKD_CONFIG_GROUP) != 0 &&
            !virNetworkdControlsPolicyIsGroup(groups[i])) {
            virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: unknown group [%2$s]"),
                           path, groups[i]);
            return -1;
        }
    }
    keys = g_key_file_get_keys(kf, VIR_NETWORKD_CONFIG_GROUP, NULL, NULL);
    for (i = 0; keys && keys[i]; i++) {
        if (!g_strv_contains(known, keys[i])) {
            virReportError(VIR_ERR_CONF_SYNTAX, _("%1$s: unknown key '%2$s'"), path, keys[i]);
            return -1;
        }
    }

    if (virNetworkdConfigGetUInt(kf, path, "port_quota", 1, 1000000, &cfg->portQuota) < 0 ||
        virNetworkdConfigGetUInt(kf, path, "max_pending_requests", 1, 100000, &cfg->maxPending) < 0 ||
        virNetworkdConfigGetUInt(kf, path, "auth_cache_seconds", 0, 60, &cfg->authCacheSeconds) < 0 ||
        /* at most 100 of the bus's 128 pending replies go to polkit */
        virNetworkdConfigGetUInt(kf, path, "max_polkit_checks", 1, 100,
                                 &cfg->queue.maxRunning) < 0 ||
        virNetworkdConfigGetUInt(kf, path, "max_polkit_checks_per_user", 1, 100,
                                 &cfg->queue.maxRunningPerUser) < 0 ||
        virNetworkdConfigGetUInt(kf, path, "max_pending_per_user", 1, 100000,
                                 &cfg->queue.maxPendingPerUser) < 0 ||
        virNetworkdConfigGetUInt(kf, path, "max_message_bytes", 4096, 128 * 1024 * 1024,
                                 &cfg->maxMessageBytes) < 0 ||
        virNetworkdControlsPolicyLoad(cfg->controls, kf, path) < 0)
        return -1;

    if (virNetworkdConfigGetPath(kf, path, "state_dir", &cfg->stateDir) < 0 ||
        virNetworkdConfigGetPath(kf, path, "config_dir", &cfg->configDir) < 0)
        return -1;
    if (g_key_file_has_key(kf, VIR_NETWORKD_CONFIG_GROUP, "dnsmasq_user", NULL)) {
        g_free(cfg->dnsmasqUser);
        cfg->dnsmasqUser = g_key_file_get_string(kf, VIR_NETWORKD_CONFIG_GROUP, "dnsmasq_user",
                                                 NULL);
        if (!cfg->dnsmasqUser ||
            virDnsmasqConfValueCheck(VIR_DNSMASQ_VALUE_USER, "dnsmasq_user", cfg->dnsmasqUser) < 0)
            return -1;
    }

    if (!(cfg->ovs = virNetworkdOvsNewFromConfig(kf, VIR_NETWORKD_CONFIG_GROUP, path)))
        return -1;

    if ((level = g_key_file_get_string(kf, VIR_NETWORKD_CONFIG_GROUP, "log_level", NULL)) &&
        virNetworkdLogLevelParse(g_strstrip(level), &cfg->logLevel) < 0) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s: log_level must be error, warning, notice, info or debug"),
                       path);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdDropCapabilities:
 * Keeps only what the daemon needs from now on, in the permitted,
 * effective and bounding sets:
 *   CAP_NET_ADMIN — create taps (TUNSETIFF), set their MAC and MTU, enslave
 *   them to a bridge, bring them up, delete them (rtnetlink); networks'
 *   bridges, addresses and nftables chains.
 * and, for the one program it runs, a network's dnsmasq (started as root
 * with no_new_privs, so it can hold no more than these; it keeps only the
 * first three once it has switched to its user):
 *   CAP_NET_BIND_SERVICE — ports 53 and 67;
 *   CAP_NET_RAW — dnsmasq's ping before offering an address;
 *   CAP_SETUID, CAP_SETGID — dnsmasq switching to dnsmasq_user;
 *   CAP_KILL — stopping that dnsmasq, which runs as another uid;
 *   CAP_SYS_PTRACE — reading /proc/PID/exe of that dnsmasq (not dumpable
 *   after its switch) to tell it from a reused pid (virDnsmasqFind).
 * Nothing else: /dev/net/tun is world-accessible, the state and config
 * directories belong to root (our uid, so no CAP_DAC_OVERRIDE), D-Bus and
 * polkit need no privilege.  PR_SET_NO_NEW_PRIVS too.
 *
 * Returns 0, or -1 with an error reported.  Without privileges to drop
 * (a test run as an ordinary user) there is nothing to do.
 */
static int
virNetworkdDropCapabilities(void)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        virReportSystemError(errno, "%s", _("cannot set no_new_privs"));
        return -1;
    }
    if (geteuid() != 0 && capng_have_capabilities(CAPNG_SELECT_CAPS) == CAPNG_NONE)
        return 0;

    capng_clear(CAPNG_SELECT_BOTH);
    if (capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET,
                      CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, CAP_NET_RAW, CAP_SETUID,
                      CAP_SETGID, CAP_KILL, CAP_SYS_PTRACE, -1) < 0 ||
        capng_apply(CAPNG_SELECT_BOTH) < 0) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("cannot drop capabilities (libcap-ng)"));
        return -1;
    }
    return 0;
}

/**
 * virNetworkdNotifyReady:
 * Tells the service manager we are ready (sd_notify "READY=1") when
 * NOTIFY_SOCKET is set: one datagram on a unix socket, path or abstract.
 * Failure is logged, not fatal.
 */
static void
virNetworkdNotifyReady(void)
{
    const char *path = g_getenv("NOTIFY_SOCKET");
    static const char msg[] = "READY=1\nSTATUS=Serving org.libvirt.Networkd1";
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    socklen_t len;
    int fd;

    if (!path || !*path)
        return;
    if ((path[0] != '/' && path[0] != '@') || strlen(path) >= sizeof(addr.sun_path)) {
        g_warning("NOTIFY_SOCKET '%s' is not a usable socket address", path);
        return;
    }
    memcpy(addr.sun_path, path, strlen(path));
    if (path[0] == '@')
        addr.sun_path[0] = '\0';   /* abstract namespace */
    len = offsetof(struct sockaddr_un, sun_path) + strlen(path);

    if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0) {
        g_warning("cannot notify readiness: %s", g_strerror(errno));
        return;
    }
    if (sendto(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL, (struct sockaddr *)&addr, len) < 0)
        g_warning("cannot notify readiness: %s", g_strerror(errno));
    close(fd);
}

/**
 * virNetworkdBusAcquired:
 * Connected to the system bus: export the objects (before the name).
 */
static void
virNetworkdBusAcquired(GDBusConnection *conn, const char *name G_GNUC_UNUSED, gpointer opaque)
{
    virNetworkdDaemon *daemon = opaque;

    /* The filter first, so that no call escapes it. */
    virNetworkdFilterAttach(daemon->filter, conn);
    /* Objects must be there before the name is, so that no caller finds
     * the name without its API. */
    if (virNetworkdDBusRegister(daemon->dbus, conn) < 0) {
        g_critical("%s", virGetLastErrorMessage());
        daemon->exitStatus = EXIT_FAILURE;
        g_main_loop_quit(daemon->loop);
    }
}

/**
 * virNetworkdNameAcquired:
 * We own org.libvirt.Networkd1: tell the service manager we are ready.
 */
static void
virNetworkdNameAcquired(GDBusConnection *conn G_GNUC_UNUSED, const char *name,
                        gpointer opaque)
{
    virNetworkdDaemon *daemon = opaque;

    daemon->acquired = true;
    g_message("serving %s", name);
    virNetworkdNotifyReady();
}

/**
 * virNetworkdNameLost:
 * No bus, the name is taken, or it was lost: stop with status 1.
 */
static void
virNetworkdNameLost(GDBusConnection *conn, const char *name, gpointer opaque)
{
    virNetworkdDaemon *daemon = opaque;

    if (!conn)
        g_critical("cannot connect to the system bus");
    else if (daemon->acquired)
        g_critical("lost the bus name %s", name);
    else
        g_critical("cannot own the bus name %s (another instance, or the bus policy)", name);
    daemon->exitStatus = EXIT_FAILURE;
    g_main_loop_quit(daemon->loop);
}

/**
 * virNetworkdTerminate:
 * SIGTERM/SIGINT: leave the main loop; records stay for the next start.
 */
static gboolean
virNetworkdTerminate(gpointer opaque)
{
    virNetworkdDaemon *daemon = opaque;

    g_message("terminating on signal");
    g_main_loop_quit(daemon->loop);
    return G_SOURCE_CONTINUE;
}

/**
 * virNetworkdHangup:
 * SIGHUP: ignored, said in the log.  The configuration is read once at
 * start (the state directory and the limits shape the port manager and
 * the D-Bus side); a restart applies a changed file and keeps every
 * running guest's port (the records are reconciled).  Without a handler,
 * SIGHUP's default action would end the daemon.
 */
static gboolean
virNetworkdHangup(gpointer opaque G_GNUC_UNUSED)
{
    g_message("SIGHUP ignored: restart libvirt-networkd to apply a changed configuration "
              "(ports survive a restart)");
    return G_SOURCE_CONTINUE;
}

/**
 * virNetworkdPortRemoved:
 * Port manager callback: a port went away; the bus hears of it.
 */
static void
virNetworkdPortRemoved(virNetworkdPort *port, void *opaque)
{
    virNetworkdDaemon *daemon = opaque;

    virNetworkdFloorPortRemoved(daemon->floor, port);
    virNetworkdLearnPortRemoved(daemon->learn, port);
    virNetworkdDBusPortRemoved(daemon->dbus, port);
}

/**
 * virNetworkdPortAdded:
 * Port manager callback: a port was made, its fds not handed out yet.
 * Its class in its network's tree (a failure fails the creation), then
 * the addresses its filter lets it send from.
 */
static int
virNetworkdPortAdded(virNetworkdPort *port, void *opaque)
{
    virNetworkdDaemon *daemon = opaque;

    if (virNetworkdFloorPortAdded(daemon->floor, port) < 0)
        return -1;
    virNetworkdLearnPortAdded(daemon->learn, port);
    return 0;
}

/**
 * virNetworkdNetworkChanged:
 * Network manager callback: the bus hears of it.
 */
static void
virNetworkdNetworkChanged(const virNetworkdNetwork *net, virNetworkdNetworkEvent event,
                          void *opaque)
{
    virNetworkdDaemon *daemon = opaque;

    virNetworkdFloorNetworkEvent(daemon->floor, net, event);
    virNetworkdLearnNetworkEvent(daemon->learn, net, event);
    virNetworkdDBusNetworkEvent(daemon->dbus, net, event);
}

/**
 * virNetworkdSliceUseMalloc:
 * GLib before 2.76 keeps what is freed through its slice allocator —
 * every GVariant, so every message GDBus decodes — in caches of its own
 * for good: one 24 MB request left the daemon at 540 MB RSS, out of
 * malloc_trim's reach.  G_SLICE=always-malloc makes the slice allocator
 * plain malloc, but GLib reads it once, before main() runs: set it and
 * start again (the only exec the daemon ever does, before it serves
 * anyone).  Does nothing with a newer GLib or when G_SLICE is set (by
 * the admin, or by this very function); returns if the exec fails, in
 * which case only the memory after bursts of large messages is at stake.
 */
static void
virNetworkdSliceUseMalloc(char **argv)
{
    if (!glib_check_version(2, 76, 0) || g_getenv("G_SLICE"))
        return;
    g_setenv("G_SLICE", "always-malloc", TRUE);
    execv("/proc/self/exe", argv);
}

/**
 * virNetworkdMallocFixThresholds:
 * glibc raises its mmap threshold to the size of the largest mmap'd
 * block freed so far (up to 32 MiB) and its trim threshold to twice
 * that.  After one oversized message, a buffer of that size is then
 * taken from a thread's heap instead of mmap, and up to twice its size
 * stays at the top of each thread's heap, where neither free() nor
 * malloc_trim (which trims only the main heap's top) gives it back: the
 * daemon kept 75 MB after two 11 MB requests.  Fixed thresholds switch
 * that adjustment off: blocks above 512 KiB are always mmap'd, and any
 * heap's free top above 1 MiB is returned as soon as it forms.
 *
 * The mmap threshold is not glibc's 128 KiB: every nftables
 * transaction (a filtered port's creation and removal) allocates and
 * frees libnftnl's batch buffer of 2 MiB and 8 KiB and a few blocks of
 * 132 KiB, and each munmap of one costs a TLB shootdown on every CPU,
 * which on a virtual machine took more time than the transaction.  Above
 * the batch, they come from the heap; the trim threshold keeps them from
 * being given back and taken again from the heap's top at every
 * transaction.  Only the pages a transaction writes become resident (a
 * few KiB of the batch), in each of the two threads that run them (the
 * main loop and the teardown worker).
 */
static void
virNetworkdMallocFixThresholds(void)
{
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
}

/**
 * virNetworkdRelaySetUp:
 * Puts the bus relay (networkd_relay.c) between GDBus and the system bus:
 * every system-bus connection of this process — the one that owns our
 * name and asks polkit — is made after this, to the relay's address.
 * Returns 0, or -1 with an error reported.
 */
static int
virNetworkdRelaySetUp(virNetworkdDaemon *daemon, unsigned int maxMessageBytes)
{
    g_autoptr(GError) gerr = NULL;
    g_autofree char *busAddress = g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SYSTEM,
                                                                  NULL, &gerr);

    if (!busAddress) {
        virReportError(VIR_ERR_SYSTEM_ERROR, _("cannot find the system bus: %1$s"),
                       gerr->message);
        return -1;
    }
    if (!(daemon->relay = virNetworkdRelayNew(busAddress, maxMessageBytes)))
        return -1;
    /* before the thread exists: setenv is not safe beside other threads */
    g_setenv("DBUS_SYSTEM_BUS_ADDRESS", virNetworkdRelayGetAddress(daemon->relay), TRUE);
    virNetworkdRelayStart(daemon->relay);
    return 0;
}

/**
 * main:
 * Options, configuration, start-up (state, netlink, reconciliation),
 * capability drop, then serve the bus until a signal.  Exit 0 or 1.
 */
int
main(int argc, char **argv)
{
    gboolean verbose = FALSE;
    gboolean version = FALSE;
    g_autofree char *configPath = NULL;
    GOptionEntry entries[] = {
        { "config", 'c', 0, G_OPTION_ARG_FILENAME, &configPath,
          N_("configuration file (default " VIR_NETWORKD_DEFAULT_CONFIG ")"), N_("FILE") },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
          N_("log debug messages"), NULL },
        { "version", 'V', 0, G_OPTION_ARG_NONE, &version,
          N_("print the version and exit"), NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = NULL;
    g_autoptr(GError) gerr = NULL;
    virNetworkdConfig cfg = { .logLevel = G_LOG_LEVEL_MESSAGE };
    virNetworkdDaemon daemon = { .exitStatus = EXIT_SUCCESS };
    guint owner;

    virNetworkdSliceUseMalloc(argv);
    virNetworkdMallocFixThresholds();
    virGettextInitialize();

    ctx = g_option_context_new(NULL);
    g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
    g_option_context_set_summary(ctx, _("The libvirt network port daemon: gives local users "
                                        "tap devices on bridges, as polkit allows, over D-Bus."));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, "libvirt-networkd: %s\n", gerr->message);
        return EXIT_FAILURE;
    }
    if (version) {
        printf("libvirt-networkd %s\n", PACKAGE_VERSION);
        return EXIT_SUCCESS;
    }
    if (argc > 1) {
        fprintf(stderr, _("libvirt-networkd: unexpected argument '%1$s'\n"), argv[1]);
        return EXIT_FAILURE;
    }

    g_log_set_writer_func(virNetworkdLogWriter, NULL, NULL);

    /* the capabilities go before any thread exists: they and
     * no_new_privs belong to each thread, and a thread made before the
     * drop (the port manager's workers, GLib's for signals and file
     * monitors) would keep them all */
    if (virNetworkdConfigLoad(&cfg, configPath ? configPath : VIR_NETWORKD_DEFAULT_CONFIG,
                              configPath != NULL) < 0 ||
        virNetworkdDropCapabilities() < 0) {
        virErrorPrint("libvirt-networkd");
        virNetworkdConfigClear(&cfg);
        return EXIT_FAILURE;
    }
    virNetworkdLogLevel = verbose ? G_LOG_LEVEL_DEBUG : cfg.logLevel;

    daemon.loop = g_main_loop_new(NULL, FALSE);
    daemon.queue = virNetworkdQueueNew(&cfg.queue);
    daemon.filter = virNetworkdFilterNew();
    daemon.policy = virNetworkdPolicyNew(cfg.authCacheSeconds, daemon.queue);
    daemon.mgr = virNetworkdPortManagerNew(cfg.stateDir, cfg.portQuota,
                                           virNetworkdPortRemoved, &daemon);
    virNetworkdPortManagerSetControls(daemon.mgr, cfg.controls);
    virNetworkdPortManagerSetOvs(daemon.mgr, cfg.ovs);
    /* one connection per OVSDB database, kept between requests */
    virOvsdbConnSetReuse(true);
    daemon.dbus = virNetworkdDBusNew(daemon.mgr, daemon.policy, daemon.queue, cfg.maxPending);
    daemon.nets = virNetworkdNetworkManagerNew(cfg.configDir, cfg.stateDir, cfg.dnsmasqUser,
                                               virNetworkdNetworkChanged, &daemon);
    virNetworkdNetworkManagerSetOvs(daemon.nets, cfg.ovs);
    virNetworkdDBusSetNetworks(daemon.dbus, daemon.nets);
    daemon.learn = virNetworkdLearnNew(daemon.mgr, daemon.nets);
    daemon.floor = virNetworkdFloorNew(daemon.mgr, daemon.nets);
    virNetworkdPortManagerSetAdded(daemon.mgr, virNetworkdPortAdded, &daemon);

    /* before the (possibly long) reconciliation, so a SIGHUP then is
     * ignored too rather than fatal */
    g_unix_signal_add(SIGHUP, virNetworkdHangup, NULL);

    /* the introspection data; state directory, netlink, reconciliation of
     * ports, then of networks (and autostart) */
    if (virNetworkdDBusStart(daemon.dbus) < 0 ||
        virNetworkdPortManagerStart(daemon.mgr) < 0 ||
        virNetworkdNetworkManagerStart(daemon.nets) < 0 ||
        virNetworkdFloorStart(daemon.floor) < 0 ||
        virNetworkdRelaySetUp(&daemon, cfg.maxMessageBytes) < 0) {
        virErrorPrint("libvirt-networkd");
        daemon.exitStatus = EXIT_FAILURE;
        goto cleanup;
    }
    /* what the filters of ports on networks let through, as it was
     * before the restart (networkd_learn.c) */
    virNetworkdLearnStart(daemon.learn);
    g_info("port quota %u per user, %u requests in flight per connection and %u per user, "
           "%u polkit checks in flight (%u per user), answers remembered %u s, "
           "messages up to %u bytes, state in %s",
           cfg.portQuota, cfg.maxPending, cfg.queue.maxPendingPerUser, cfg.queue.maxRunning,
           cfg.queue.maxRunningPerUser, cfg.authCacheSeconds, cfg.maxMessageBytes,
           cfg.stateDir);

    g_unix_signal_add(SIGTERM, virNetworkdTerminate, &daemon);
    g_unix_signal_add(SIGINT, virNetworkdTerminate, &daemon);

    owner = g_bus_own_name(G_BUS_TYPE_SYSTEM, VIR_NETWORKD_BUS_NAME,
                           G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                           virNetworkdBusAcquired, virNetworkdNameAcquired,
                           virNetworkdNameLost, &daemon, NULL);
    g_main_loop_run(daemon.loop);
    g_bus_unown_name(owner);

 cleanup:
    /* port records stay on disk: the next start keeps running guests' ports */
    virNetworkdDBusFree(g_steal_pointer(&daemon.dbus));
    virNetworkdLearnFree(daemon.learn);
    virNetworkdFloorFree(daemon.floor);
    /* running networks keep running: their records are kept too */
    virNetworkdNetworkManagerFree(daemon.nets);
    virNetworkdPortManagerFree(daemon.mgr);
    virNetworkdOvsFree(cfg.ovs);
    virNetworkdPolicyFree(daemon.policy);
    virNetworkdFilterFree(daemon.filter);
    virNetworkdRelayFree(daemon.relay);
    virNetworkdQueueFree(daemon.queue);
    g_main_loop_unref(daemon.loop);
    virNetworkdConfigClear(&cfg);
    return daemon.exitStatus;
}
