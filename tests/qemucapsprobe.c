/*
 * qemucapsprobe.c: record the QMP conversation of a capabilities probe
 *
 *   tests/qemucapsprobe /usr/bin/qemu-system-x86_64 > caps_7.2.0_x86_64.replies
 *
 * Runs the real probe (virQEMUCapsProbe with the process operations), with
 * a trace on the monitor, and writes every message in the replay format of
 * qemureplay.h, pretty-printed so that reviews and hand-made reduced files
 * read well.  Nothing is written when the probe fails.
 */
#include "qemu_capabilities.h"
#include "qemu_monitor.h"
#include "qemureplay.h"
#include "virerror.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    GString *out;
    virQEMUCapsProcess *proc;
} qemuCapsProbeRecord;

/**
 * qemuCapsProbeTrace:
 * Appends one message to the recording.
 */
static void
qemuCapsProbeTrace(virQEMUMonitorMsgDir dir, const char *json, void *opaque)
{
    qemuCapsProbeRecord *rec = opaque;

    virQEMUReplayAppendMessage(rec->out, dir == VIR_QEMU_MONITOR_MSG_SENT, json);
}

/**
 * qemuCapsProbeStart, qemuCapsProbeStop:
 * The process probe operations, with the recording trace on the monitor.
 */
static virQEMUMonitor *
qemuCapsProbeStart(const char *binary, void *opaque, void **handle)
{
    qemuCapsProbeRecord *rec = opaque;
    virQEMUMonitor *mon = virQEMUCapsProcessStart(binary, &rec->proc);

    if (!mon) {
        virQEMUCapsProcessStop(rec->proc, true);
        rec->proc = NULL;
        return NULL;
    }
    virQEMUMonitorSetTrace(mon, qemuCapsProbeTrace, rec);
    *handle = rec->proc;
    return mon;
}

static void
qemuCapsProbeStop(void *handle, bool failed, void *opaque)
{
    virQEMUCapsProcessStop(handle, failed);
}

static const virQEMUCapsProbeOps qemuCapsProbeRecordOps = {
    .start = qemuCapsProbeStart,
    .stop = qemuCapsProbeStop,
};

int
main(int argc, char **argv)
{
    qemuCapsProbeRecord rec = { .out = g_string_new(NULL) };
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autofree char *base = NULL;

    if (argc != 2) {
        fprintf(stderr, "usage: %s QEMU-BINARY > caps_VER_ARCH.replies\n", argv[0]);
        return EXIT_FAILURE;
    }

    if (!(caps = virQEMUCapsProbe(argv[1], &qemuCapsProbeRecordOps, &rec))) {
        virErrorPrint(NULL);
        g_string_free(rec.out, TRUE);
        return EXIT_FAILURE;
    }

    base = g_path_get_basename(argv[1]);
    printf("# QMP conversation of a capabilities probe, recorded by tests/qemucapsprobe\n"
           "# from %s: QEMU %u.%u.%u (%s), %s.\n"
           "# Format: see tests/qemureplay.h (\">>>\" we sent, \"<<<\" QEMU sent).\n",
           base, caps->version / 1000000, caps->version / 1000 % 1000,
           caps->version % 1000, caps->package ? caps->package : "", caps->arch);
    fputs(rec.out->str, stdout);
    g_string_free(rec.out, TRUE);
    return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
