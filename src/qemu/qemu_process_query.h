/*
 * qemu_process_query.h: what a running domain tells when asked: memory
 * statistics (QMP and /proc) and guest agent commands
 * (qemu_process_query.c)
 */
#pragma once

#include "qemu_driver.h"

/* One line of dommemstat: upstream's tag and its value (KiB, a count or
 * seconds, as upstream). */
typedef struct _qemuDomainMemoryStat qemuDomainMemoryStat;
struct _qemuDomainMemoryStat {
    const char *tag;              /* static */
    unsigned long long value;
};

/* The memory statistics of running domain @obj in upstream's order: the
 * balloon's guest statistics when the guest reported some, the balloon
 * size ("actual"), and the RSS of QEMU ("rss").  @period > 0 first sets
 * the balloon's statistics polling interval (seconds), 0 leaves it.
 * Returns the number of entries in *@stats (caller frees), or -1 with an
 * error. */
int qemuProcessMemoryStats(virQEMUDriver *driver, virQEMUDomainObj *obj,
                           int period, qemuDomainMemoryStat **stats);

/* Sends @cmd to the guest agent of running domain @obj through its
 * org.qemu.guest_agent.0 channel, within @timeoutMs.  Returns the reply
 * (compact JSON; caller frees), or NULL with an error (no such channel,
 * the agent not responding). */
char *qemuProcessAgentCommand(virQEMUDriver *driver, virQEMUDomainObj *obj,
                              const char *cmd, int timeoutMs);
