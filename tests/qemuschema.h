/*
 * qemuschema.h: check -netdev / -blockdev / -device values against what a
 * recorded QEMU says it accepts
 *
 * -netdev and -blockdev follow the QAPI types of netdev_add and
 * blockdev-add from the query-qmp-schema reply in a .replies recording;
 * -device follows the device's properties (device-list-properties) from a
 * JSON file recorded by tests/qemudevpropsrecord.py.  Values in QEMU's
 * key=value syntax are checked for names only: every value is a string
 * there and QEMU converts it.
 */
#pragma once

#include <glib.h>

typedef struct _qemuSchema qemuSchema;

qemuSchema *qemuSchemaLoad(const char *repliesPath, const char *devpropsPath);
void qemuSchemaFree(qemuSchema *schema);

/* Each returns NULL when @arg is valid, else a description of the first
 * problem (caller frees). */
char *qemuSchemaCheckNetdev(qemuSchema *schema, const char *arg);
char *qemuSchemaCheckBlockdev(qemuSchema *schema, const char *arg);
char *qemuSchemaCheckDevice(qemuSchema *schema, const char *arg);
