/*
 * domainxmlfuzz.c: libFuzzer target for the domain XML parser
 *
 * Parse -> format -> parse -> format.  Any input may fail to parse (that
 * is the parser doing its job), but a document that parsed must format to
 * XML that parses again, and formatting that second definition must give
 * exactly the same text: format is a fixed point.  Then the addresses a
 * define would assign: when assignment succeeds, its output must parse
 * again and assigning once more must change nothing (a defined document
 * defines unchanged).  Anything else is a bug and aborts so libFuzzer
 * keeps the input.  Memory errors and leaks are
 * AddressSanitizer's part.
 */
#include "fuzz.h"
#include "domain_addr.h"
#include "domain_conf.h"
#include "virerror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * fuzzDie:
 * Prints @what with both documents and aborts.
 */
static void G_GNUC_NORETURN
fuzzDie(const char *what, const char *first, const char *second)
{
    fprintf(stderr, "domainxmlfuzz: %s\n--- first ---\n%s\n--- second ---\n%s\n",
            what, first ? first : "(none)", second ? second : "(none)");
    if (virGetLastErrorMessage())
        fprintf(stderr, "last error: %s\n", virGetLastErrorMessage());
    abort();
}

/**
 * fuzzAssign:
 * Assigns the addresses of @def (parsed from @xml) as define does; a
 * refusal (no free slot, a bus that does not take a device) is fine, a
 * result that does not define again unchanged is not.
 */
static void
fuzzAssign(virDomainDef *def, const char *xml)
{
    g_autoptr(virDomainDef) again = NULL;
    g_autofree char *assigned = NULL;
    g_autofree char *reassigned = NULL;

    if (virDomainDefAssignAddresses(def) < 0) {
        virResetLastError();
        return;
    }
    if (!(assigned = virDomainDefFormat(def, 0)))
        fuzzDie("format after assigning addresses failed", xml, NULL);
    if (!(again = virDomainDefParseString(assigned, "fuzz-assigned", 0)))
        fuzzDie("the document with addresses does not parse", xml, assigned);
    if (virDomainDefAssignAddresses(again) < 0 ||
        !(reassigned = virDomainDefFormat(again, 0)))
        fuzzDie("assigning addresses again failed", assigned, NULL);
    if (strcmp(assigned, reassigned) != 0)
        fuzzDie("address assignment is not a fixed point", assigned, reassigned);
}

/**
 * LLVMFuzzerTestOneInput:
 * @data, @size: one input (not NUL-terminated; may hold NUL bytes, which
 * end the document like they would for any C string caller).
 *
 * Returns 0 (libFuzzer's only accepted value).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *xml = g_strndup((const char *)data, size);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virDomainDef) def2 = NULL;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;

    if (!(def = virDomainDefParseString(xml, "fuzz", 0))) {
        virResetLastError();
        return 0;
    }
    if (!(first = virDomainDefFormat(def, 0)))
        fuzzDie("format failed", xml, NULL);
    if (!(def2 = virDomainDefParseString(first, "fuzz-output", 0)))
        fuzzDie("the formatted document does not parse", xml, first);
    if (!(second = virDomainDefFormat(def2, 0)))
        fuzzDie("format of the re-parsed document failed", first, NULL);
    if (strcmp(first, second) != 0)
        fuzzDie("format is not a fixed point", first, second);
    fuzzAssign(def2, second);
    return 0;
}
