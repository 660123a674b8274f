/*
 * qemuconffuzz.c: libFuzzer target for the qemu.conf parser
 *
 * Any input may be rejected; an accepted one must give entries whose names
 * follow the grammar, whose line numbers grow and stay within the input,
 * and it must load into the driver settings in both modes without
 * crashing (a type or value error there is fine, it is reported).
 * Anything else aborts so libFuzzer keeps the input.
 */
#include "fuzz.h"
#include "qemu_conf.h"
#include "virerror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts with @what about @entry. */
static void G_GNUC_NORETURN
fuzzDie(const char *what, const virConfEntry *entry)
{
    fprintf(stderr, "qemuconffuzz: %s (entry '%s', line %u)\n",
            what, entry ? entry->name : "-", entry ? entry->line : 0);
    abort();
}

/**
 * LLVMFuzzerTestOneInput:
 * @data, @size: one input, not NUL-terminated, may hold NUL bytes.
 *
 * Returns 0 (libFuzzer's only accepted value).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(virConf) conf = virConfParseString((const char *)data, size, "fuzz.conf");
    unsigned int lines = 1;
    unsigned int prev = 0;
    size_t i;
    int privileged;

    if (!conf) {
        virResetLastError();
        return 0;
    }
    for (i = 0; i < size; i++) {
        if (data[i] == '\n')
            lines++;
    }
    for (i = 0; i < conf->nentries; i++) {
        const virConfEntry *e = &conf->entries[i];
        const char *p;

        if (!(g_ascii_isalpha(e->name[0]) || e->name[0] == '_'))
            fuzzDie("bad first character of a name", e);
        for (p = e->name; *p; p++) {
            if (!(g_ascii_isalnum(*p) || *p == '_' || *p == '.'))
                fuzzDie("bad character in a name", e);
        }
        if (e->line <= prev || e->line > lines)
            fuzzDie("line numbers out of order or range", e);
        if (e->value.type == VIR_CONF_STRING && strlen(e->value.str) > size)
            fuzzDie("string longer than the input", e);
        prev = e->line;
    }
    for (privileged = 0; privileged <= 1; privileged++) {
        g_autoptr(virQEMUConf) cfg = virQEMUConfNew(privileged);

        if (virQEMUConfLoadConf(cfg, conf) < 0)
            virResetLastError();
    }
    return 0;
}
