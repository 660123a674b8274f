/*
 * nwfilterheldfuzz.c: libFuzzer target for the filter table's listing
 *
 * A restarted daemon learns what its filter table holds from the
 * kernel's JSON listing (virNWFilterElementsParse), and deletes those
 * elements by value with text built from what it parsed: whatever the
 * listing holds, that text must stay inside its own element.
 *
 * Properties checked (anything else aborts so libFuzzer keeps the input):
 *  - every port name read passes the rule text gate
 *    (virNftablesIfnameCheck);
 *  - every port read holds something, and its addresses are IPv4 or
 *    IPv6;
 *  - its removal script is one "delete element" line per element kind,
 *    each in the daemon's table, on one of its five sets and maps, with
 *    balanced quotes and braces, and at most a "delete limit" of its
 *    policer's object, "police_" and a name that passes the gate;
 *  - chains, sets and maps of an earlier layout (deleted by name) are of
 *    those kinds, their names a letter and [A-Za-z0-9_.-].
 */
#include "fuzz.h"
#include "virerror.h"
#include "virnftables.h"
#include "virnwfilter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts with @what. */
static void G_GNUC_NORETURN
fuzzDie(const char *what)
{
    fprintf(stderr, "nwfilterheldfuzz: %s\n", what);
    abort();
}

/**
 * fuzzRemovalCheck:
 * Aborts unless every line of @script is one well-formed deletion.
 */
static void
fuzzRemovalCheck(const char *script)
{
    static const char *const prefixes[] = {
        "delete element bridge " VIR_NWFILTER_TABLE " ports { \"",
        "delete element bridge " VIR_NWFILTER_TABLE " macs { \"",
        "delete element bridge " VIR_NWFILTER_TABLE " v4 { \"",
        "delete element bridge " VIR_NWFILTER_TABLE " v6 { \"",
        "delete element bridge " VIR_NWFILTER_TABLE " limits { \"",
    };
    static const char *const policer = "delete limit bridge " VIR_NWFILTER_TABLE " "
                                       VIR_NWFILTER_POLICE_PREFIX;
    g_auto(GStrv) lines = g_strsplit(script, "\n", -1);
    size_t i, j;

    for (i = 0; lines[i] && *lines[i]; i++) {
        size_t quotes = 0, open = 0, close = 0;
        bool known = false;

        /* the policer's object: one word, a name that passed the gate */
        if (g_str_has_prefix(lines[i], policer)) {
            if (virNftablesIfnameCheck("port name", lines[i] + strlen(policer)) < 0)
                fuzzDie("a policer's removal of another form");
            continue;
        }
        for (j = 0; j < G_N_ELEMENTS(prefixes); j++)
            known |= g_str_has_prefix(lines[i], prefixes[j]);
        if (!known || !g_str_has_suffix(lines[i], " }"))
            fuzzDie("a removal line of another form");
        for (j = 0; lines[i][j]; j++) {
            quotes += lines[i][j] == '"';
            open += lines[i][j] == '{';
            close += lines[i][j] == '}';
            if (lines[i][j] == ';' || lines[i][j] == '#')
                fuzzDie("a command separator or comment in a removal line");
        }
        if (quotes % 2 != 0 || open != 1 || close != 1)
            fuzzDie("unbalanced quotes or braces in a removal line");
    }
}

/**
 * LLVMFuzzerTestOneInput:
 * @data, @size: one listing, not NUL-terminated, may hold NUL bytes.
 *
 * Returns 0 (libFuzzer's only accepted value).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *json = g_strndup((const char *)data, size);
    g_autoptr(GHashTable) held = NULL;
    g_autoptr(GArray) stale = g_array_new(FALSE, FALSE, sizeof(virNWFilterStale));
    GHashTableIter iter;
    gpointer name, value;
    guint k;

    if (!(held = virNWFilterElementsParse(json, stale))) {
        virResetLastError();
        return 0;
    }
    for (k = 0; k < stale->len; k++) {
        const virNWFilterStale *s = &g_array_index(stale, virNWFilterStale, k);

        if (strcmp(s->kind, "chain") != 0 && strcmp(s->kind, "set") != 0 &&
            strcmp(s->kind, "map") != 0)
            fuzzDie("a stale object of another kind");
        if (!g_ascii_isalpha(s->name[0]) || strspn(s->name, "abcdefghijklmnopqrstuvwxyz"
                                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") !=
                                            strlen(s->name))
            fuzzDie("a stale object's name outside the gate");
    }
    g_hash_table_iter_init(&iter, held);
    while (g_hash_table_iter_next(&iter, &name, &value)) {
        const virNWFilterElements *elems = value;
        g_autofree char *script = NULL;
        guint i;

        if (virNftablesIfnameCheck("port name", name) < 0)
            fuzzDie("a port name that does not pass the gate");
        if (virNWFilterElementsIsEmpty(elems))
            fuzzDie("a port that holds nothing");
        for (i = 0; i < elems->ips->len; i++) {
            int family = g_array_index(elems->ips, virSocketAddr, i).family;

            if (family != AF_INET && family != AF_INET6)
                fuzzDie("an address that is neither IPv4 nor IPv6");
        }
        if (!(script = virNWFilterPortRemoveFormat(name, elems)))
            fuzzDie("no removal script for a parsed port");
        fuzzRemovalCheck(script);
    }
    virResetLastError();
    return 0;
}
