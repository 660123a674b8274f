/*
 * qemu_process_query.c: what a running domain tells when asked
 *
 * Memory statistics come from the balloon over QMP (query-balloon, and
 * the guest-stats property the guest's balloon driver fills when polling
 * is on) and from /proc (QEMU's RSS); guest agent commands go to the
 * agent through its channel's socket (qemu_agent.c).
 */
#include "qemu_process_query.h"
#include "qemu_agent.h"
#include "qemu_command.h"
#include "qemu_process.h"
#include "virerror.h"
#include "virfile.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* QEMU's guest-stats members, upstream's tags, whether the value is in
 * bytes (shown in KiB) and whether it comes after "actual", in
 * upstream's order of output. */
static const struct {
    const char *qemu;
    const char *tag;
    bool bytes;
    bool afterActual;
} qemuProcessBalloonStats[] = {
    { "stat-swap-in", "swap_in", true, false },
    { "stat-swap-out", "swap_out", true, false },
    { "stat-major-faults", "major_fault", false, false },
    { "stat-minor-faults", "minor_fault", false, false },
    { "stat-free-memory", "unused", true, false },
    { "stat-total-memory", "available", true, false },
    { "stat-available-memory", "usable", true, true },
    { "stat-disk-caches", "disk_caches", true, true },
    { "stat-htlb-pgalloc", "hugetlb_pgalloc", false, true },
    { "stat-htlb-pgfail", "hugetlb_pgfail", false, true },
};

/**
 * qemuProcessStatAdd:
 * Appends @tag = @value to @stats.
 */
static void
qemuProcessStatAdd(GArray *stats, const char *tag, unsigned long long value)
{
    qemuDomainMemoryStat stat = { .tag = tag, .value = value };

    g_array_append_val(stats, stat);
}

/**
 * qemuProcessStatsFromGuest:
 * Appends the guest statistics found in @guest (a "stats" object, or
 * NULL; -1 means "not reported") that come before "actual" or, with
 * @afterActual, after it.
 */
static void
qemuProcessStatsFromGuest(GArray *stats, JsonObject *guest, bool afterActual)
{
    size_t i;

    for (i = 0; guest && i < G_N_ELEMENTS(qemuProcessBalloonStats); i++) {
        long long v;

        if (qemuProcessBalloonStats[i].afterActual != afterActual ||
            virQEMUJSONGetNumber(guest, qemuProcessBalloonStats[i].qemu, &v) < 0 || v < 0)
            continue;
        qemuProcessStatAdd(stats, qemuProcessBalloonStats[i].tag,
                           qemuProcessBalloonStats[i].bytes ? (unsigned long long)v / 1024
                                                            : (unsigned long long)v);
    }
}

/**
 * qemuProcessRSS:
 * The VmRSS of @pid in KiB, or 0 when /proc does not say.
 */
static unsigned long long
qemuProcessRSS(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)pid);
    g_autofree char *text = NULL;
    const char *p;

    if (virFileReadAll(path, 64 * 1024, &text) < 0) {
        virResetLastError();
        return 0;
    }
    if (!(p = strstr(text, "\nVmRSS:")))
        return 0;
    return g_ascii_strtoull(p + strlen("\nVmRSS:"), NULL, 10);
}

/**
 * qemuProcessMemoryStats:
 * See qemu_process_query.h.
 */
int
qemuProcessMemoryStats(virQEMUDriver *driver, virQEMUDomainObj *obj,
                       int period, qemuDomainMemoryStat **stats)
{
    g_autoptr(virDomainStatus) status = NULL;
    g_autoptr(virQEMUMonitor) mon = NULL;
    g_autoptr(GArray) out = g_array_new(FALSE, FALSE, sizeof(qemuDomainMemoryStat));
    g_autoptr(JsonNode) balloon = NULL;
    g_autoptr(JsonNode) guest = NULL;
    g_autoptr(JsonObject) args = NULL;
    g_autofree char *qomPath = NULL;
    JsonObject *guestStats = NULL;
    long long actual = -1;
    long long lastUpdate = 0;
    const virDomainMemballoonDef *mb;
    size_t i;

    if (!(mon = qemuProcessMonitorConnect(driver, obj, 5000, &status)))
        return -1;
    mb = status->def->memballoon;
    if (mb && mb->model == VIR_DOMAIN_MEMBALLOON_MODEL_VIRTIO) {
        qomPath = g_strdup_printf("/machine/peripheral/%s", mb->alias ? mb->alias : "balloon0");
        if (period > 0) {
            args = json_object_new();
            json_object_set_string_member(args, "path", qomPath);
            json_object_set_string_member(args, "property", "guest-stats-polling-interval");
            json_object_set_int_member(args, "value", period);
            if (virQEMUMonitorCommand(mon, "qom-set", args, NULL) < 0)
                return -1;
        }
        if (virQEMUMonitorCommand(mon, "query-balloon", NULL, &balloon) < 0)
            return -1;
        if (JSON_NODE_HOLDS_OBJECT(balloon))
            virQEMUJSONGetNumber(json_node_get_object(balloon), "actual", &actual);
        g_clear_pointer(&args, json_object_unref);
        args = json_object_new();
        json_object_set_string_member(args, "path", qomPath);
        json_object_set_string_member(args, "property", "guest-stats");
        if (virQEMUMonitorCommand(mon, "qom-get", args, &guest) < 0)
            return -1;
        if (JSON_NODE_HOLDS_OBJECT(guest)) {
            JsonObject *g = json_node_get_object(guest);
            JsonNode *st = json_object_get_member(g, "stats");

            virQEMUJSONGetNumber(g, "last-update", &lastUpdate);
            /* never updated: the guest reported nothing yet */
            if (lastUpdate > 0 && st && JSON_NODE_HOLDS_OBJECT(st))
                guestStats = json_node_get_object(st);
        }
    }

    qemuProcessStatsFromGuest(out, guestStats, false);
    if (actual >= 0)
        qemuProcessStatAdd(out, "actual", (unsigned long long)actual / 1024);
    qemuProcessStatsFromGuest(out, guestStats, true);
    if (guestStats)
        qemuProcessStatAdd(out, "last_update", (unsigned long long)lastUpdate);
    qemuProcessStatAdd(out, "rss", qemuProcessRSS(status->pid));
    i = out->len;
    *stats = (qemuDomainMemoryStat *)g_array_free(g_steal_pointer(&out), FALSE);
    return (int)i;
}

/**
 * qemuProcessAgentCommand:
 * See qemu_process_query.h.
 */
char *
qemuProcessAgentCommand(virQEMUDriver *driver, virQEMUDomainObj *obj,
                        const char *cmd, int timeoutMs)
{
    g_autoptr(virDomainStatus) status = NULL;
    g_autoptr(virQEMUMonitor) mon = NULL;
    g_autofree char *path = NULL;
    size_t i;

    /* the status names the live channels; the monitor proves QEMU runs */
    if (!(mon = qemuProcessMonitorConnect(driver, obj, 5000, &status)))
        return NULL;
    for (i = 0; i < status->def->nchannels; i++) {
        const virDomainChannelDef *chan = status->def->channels[i];

        if (chan->type != VIR_DOMAIN_CHANNEL_TYPE_UNIX ||
            g_strcmp0(chan->targetName, QEMU_AGENT_CHANNEL_NAME) != 0)
            continue;
        path = chan->path ? g_strdup(chan->path)
                          : qemuBuildChannelDefaultPath(status->monitorPath, status->def->name,
                                                        chan->targetName);
        break;
    }
    if (!path) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("domain '%1$s' has no guest agent channel (<channel type='unix'> with <target type='virtio' name='%2$s'/>)"),
                       status->def->name, QEMU_AGENT_CHANNEL_NAME);
        return NULL;
    }
    return qemuAgentCommand(path, cmd, timeoutMs);
}
