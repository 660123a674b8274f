/*
 * networkxmlfuzz.c: libFuzzer target for the network XML parser
 *
 * Parse -> format -> parse -> format must be a fixed point, and every
 * name a parsed definition carries towards dnsmasq (domain, DNS and DHCP
 * host names, forwarder domains) must be free of the bytes that would
 * break a dnsmasq configuration line.  Any other outcome aborts so
 * libFuzzer keeps the input; memory errors are AddressSanitizer's part.
 */
#include "fuzz.h"
#include "network_conf.h"
#include "virerror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * fuzzNetworkDie:
 * Prints @what with both documents and aborts.
 */
static void G_GNUC_NORETURN
fuzzNetworkDie(const char *what, const char *first, const char *second)
{
    fprintf(stderr, "networkxmlfuzz: %s\n--- first ---\n%s\n--- second ---\n%s\n",
            what, first ? first : "(none)", second ? second : "(none)");
    if (virGetLastErrorMessage())
        fprintf(stderr, "last error: %s\n", virGetLastErrorMessage());
    abort();
}

/**
 * fuzzNetworkCheckName:
 * Aborts when @name (may be NULL) holds a byte dnsmasq treats specially.
 */
static void
fuzzNetworkCheckName(const char *name, const char *xml)
{
    if (name && name[strcspn(name, "\n\r#,= \t/")] != '\0')
        fuzzNetworkDie("a name with dnsmasq syntax passed validation", xml, name);
}

/**
 * fuzzNetworkCheckNames:
 * Runs fuzzNetworkCheckName over every name of @def.
 */
static void
fuzzNetworkCheckNames(const virNetworkDef *def, const char *xml)
{
    size_t i;
    size_t j;

    fuzzNetworkCheckName(def->domain, xml);
    for (i = 0; i < def->dns.nforwarders; i++)
        fuzzNetworkCheckName(def->dns.forwarders[i].domain, xml);
    for (i = 0; i < def->dns.nhosts; i++) {
        for (j = 0; j < def->dns.hosts[i].nnames; j++)
            fuzzNetworkCheckName(def->dns.hosts[i].names[j], xml);
    }
    for (i = 0; i < def->nips; i++) {
        for (j = 0; j < def->ips[i].nhosts; j++)
            fuzzNetworkCheckName(def->ips[i].hosts[j].name, xml);
    }
}

/**
 * LLVMFuzzerTestOneInput:
 * @data, @size: one input (not NUL-terminated).
 *
 * Returns 0 (libFuzzer's only accepted value).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *xml = g_strndup((const char *)data, size);
    g_autoptr(virNetworkDef) def = NULL;
    g_autoptr(virNetworkDef) def2 = NULL;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autofree char *summary = NULL;

    if (!(def = virNetworkDefParseString(xml, "fuzz", 0))) {
        virResetLastError();
        return 0;
    }
    fuzzNetworkCheckNames(def, xml);
    summary = virNetworkDefUnmodelledSummary(def);
    first = virNetworkDefFormat(def);
    if (!(def2 = virNetworkDefParseString(first, "fuzz-output", 0)))
        fuzzNetworkDie("the formatted document does not parse", xml, first);
    second = virNetworkDefFormat(def2);
    if (strcmp(first, second) != 0)
        fuzzNetworkDie("format is not a fixed point", first, second);
    return 0;
}
