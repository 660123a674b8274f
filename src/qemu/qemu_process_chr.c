/*
 * qemu_process_chr.c: the serial ports and consoles of a started QEMU
 *
 * A <serial type='pty'> gets its pty when QEMU starts, and only QEMU
 * knows which: "query-chardev" answers with each chardev's label and
 * "filename" ("pty:/dev/pts/3").  The path goes into the live
 * definition, so the status file, dumpxml of the running domain
 * (<source path=>, a console's tty=) and "virsh console" know it.  The
 * chardev of a device is "char" + its alias (qemuBuildChrAlias, the
 * command builder's own rule), and a console of target type serial is
 * the serial port it shares, pty included.
 */
#include "qemu_process_chr.h"
#include "qemu_command.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/**
 * qemuProcessChrFindPty:
 * @chardevs: the reply of query-chardev
 * @label: a chardev id
 *
 * Returns the pty path QEMU reports for @label (borrowed from
 * @chardevs), or NULL when it has none.
 */
static const char *
qemuProcessChrFindPty(JsonArray *chardevs, const char *label)
{
    guint i;

    for (i = 0; i < json_array_get_length(chardevs); i++) {
        JsonNode *node = json_array_get_element(chardevs, i);
        JsonObject *obj;
        const char *filename;

        if (!JSON_NODE_HOLDS_OBJECT(node))
            continue;
        obj = json_node_get_object(node);
        if (g_strcmp0(virQEMUJSONGetString(obj, "label"), label) != 0)
            continue;
        filename = virQEMUJSONGetString(obj, "filename");
        if (filename && g_str_has_prefix(filename, "pty:/dev/"))
            return filename + strlen("pty:");
        return NULL;
    }
    return NULL;
}

/**
 * qemuProcessChrFill:
 * @def: the live definition
 * @chr: one of its serials or consoles
 * @chardevs: the reply of query-chardev
 *
 * Sets @chr's alias when it has none, and its pty path.
 * Returns 0, or -1 with an error.
 */
static int
qemuProcessChrFill(const virDomainDef *def, virDomainChrDef *chr, JsonArray *chardevs)
{
    g_autofree char *alias = qemuBuildChrAlias(def, chr);
    g_autofree char *label = g_strdup_printf("char%s", alias);
    const char *pty;

    /* post-parse names every device; a console that is a serial port
     * keeps its own name (two devices cannot share one) and shares the
     * serial's pty, and with it the console lock (qemu_console.h) */
    if (!chr->alias)
        chr->alias = g_strdup(alias);
    if (chr->type != VIR_DOMAIN_CHR_TYPE_PTY)
        return 0;
    if (!(pty = qemuProcessChrFindPty(chardevs, label))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("QEMU reported no pty for character device '%1$s'"), alias);
        return -1;
    }
    g_free(chr->path);
    chr->path = g_strdup(pty);
    return 0;
}

/**
 * qemuProcessChrPrepareLive:
 * See qemu_process_chr.h.
 */
int
qemuProcessChrPrepareLive(virQEMUMonitor *mon, virDomainDef *def)
{
    g_autoptr(JsonNode) reply = NULL;
    JsonArray *chardevs;
    size_t i;

    if (def->nserials == 0 && def->nconsoles == 0)
        return 0;
    if (virQEMUMonitorCommand(mon, "query-chardev", NULL, &reply) < 0)
        return -1;
    if (!JSON_NODE_HOLDS_ARRAY(reply)) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("QEMU's reply to query-chardev is not a list"));
        return -1;
    }
    chardevs = json_node_get_array(reply);
    for (i = 0; i < def->nconsoles; i++) {
        if (qemuProcessChrFill(def, def->consoles[i], chardevs) < 0)
            return -1;
    }
    for (i = 0; i < def->nserials; i++) {
        if (qemuProcessChrFill(def, def->serials[i], chardevs) < 0)
            return -1;
    }
    return 0;
}
