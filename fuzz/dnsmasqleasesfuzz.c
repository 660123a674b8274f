/*
 * dnsmasqleasesfuzz.c: libFuzzer target for dnsmasq lease files
 *
 * The lease file is written by an unprivileged dnsmasq and holds names
 * chosen by guests: the daemon must read anything without crashing.
 *
 * Properties checked (anything else aborts so libFuzzer keeps the input):
 *  - every lease has an IPv4 or IPv6 address, a MAC only with IPv4, an
 *    expiry >= 0;
 *  - a host name passes the config writer's gate (a name read back can
 *    be written into a config), a client id is hex and ':' only;
 *  - no more leases than lines, and leases + skipped lines <= lines;
 *  - writing the leases back as lease lines and parsing them again gives
 *    the same leases and no skipped line (a fixed point).
 */
#include "fuzz.h"
#include "virdnsmasq.h"
#include "virerror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts with @what. */
static void G_GNUC_NORETURN
fuzzDie(const char *what)
{
    fprintf(stderr, "dnsmasqleasesfuzz: %s\n", what);
    abort();
}

/**
 * fuzzLeasesFormat:
 * The leases as dnsmasq writes them.  Caller frees.
 */
static char *
fuzzLeasesFormat(const virDnsmasqLease *leases, size_t n)
{
    GString *out = g_string_new(NULL);
    size_t i;

    for (i = 0; i < n; i++) {
        char mac[VIR_MAC_STRING_BUFLEN];
        char ip[VIR_SOCKET_ADDR_STRING_BUFLEN];
        g_autofree char *hw = NULL;

        if (leases[i].ip.family == AF_INET6)
            hw = g_strdup_printf("%u", leases[i].iaid);
        else
            hw = g_strdup(leases[i].hasMac ? virMacAddrFormat(&leases[i].mac, mac) : "01-00");
        g_string_append_printf(out, "%" G_GINT64_FORMAT " %s %s %s %s\n", leases[i].expiry,
                               hw, virSocketAddrFormat(&leases[i].ip, ip),
                               leases[i].hostname ? leases[i].hostname : "*",
                               leases[i].clientid ? leases[i].clientid : "*");
    }
    return g_string_free(out, FALSE);
}

/**
 * fuzzLeaseCheck:
 * Aborts unless @l is within every documented range.
 */
static void
fuzzLeaseCheck(const virDnsmasqLease *l)
{
    const char *p;

    if (l->ip.family != AF_INET && l->ip.family != AF_INET6)
        fuzzDie("a lease without an address");
    if (l->hasMac && l->ip.family != AF_INET)
        fuzzDie("a MAC on an IPv6 lease");
    if (l->expiry < 0)
        fuzzDie("a negative expiry");
    if (l->hostname &&
        virDnsmasqConfValueCheck(VIR_DNSMASQ_VALUE_NAME, "host name", l->hostname) < 0)
        fuzzDie("a host name the config writer refuses");
    for (p = l->clientid; p && *p; p++) {
        if (!g_ascii_isxdigit(*p) && *p != ':')
            fuzzDie("a client id that is not hex");
    }
}

/**
 * fuzzLeasesSame:
 * True when both lists hold the same leases.
 */
static bool
fuzzLeasesSame(const virDnsmasqLease *a, const virDnsmasqLease *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (a[i].expiry != b[i].expiry || a[i].hasMac != b[i].hasMac ||
            (a[i].hasMac && !virMacAddrEqual(&a[i].mac, &b[i].mac)) ||
            !virSocketAddrEqual(&a[i].ip, &b[i].ip) ||
            (a[i].ip.family == AF_INET6 && a[i].iaid != b[i].iaid) ||
            g_strcmp0(a[i].hostname, b[i].hostname) != 0 ||
            g_strcmp0(a[i].clientid, b[i].clientid) != 0)
            return false;
    }
    return true;
}

/**
 * LLVMFuzzerTestOneInput:
 * @data, @size: one lease file, not NUL-terminated, may hold NUL bytes.
 *
 * Returns 0 (libFuzzer's only accepted value).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virDnsmasqLease *leases = NULL;
    virDnsmasqLease *again = NULL;
    g_autofree char *text = NULL;
    size_t n = 0, n2 = 0, bad = 0, bad2 = 0, lines = 0;
    size_t i;

    for (i = 0; i < size; i++)
        lines += data[i] == '\n';
    if (size > 0 && data[size - 1] != '\n')
        lines++;

    virDnsmasqLeasesParse((const char *)data, size, &leases, &n, &bad);
    if (n + bad > lines)
        fuzzDie("more leases and bad lines than lines");
    for (i = 0; i < n; i++)
        fuzzLeaseCheck(&leases[i]);

    text = fuzzLeasesFormat(leases, n);
    virDnsmasqLeasesParse(text, strlen(text), &again, &n2, &bad2);
    if (n2 != n || bad2 != 0 || !fuzzLeasesSame(leases, again, n))
        fuzzDie("parsing is not a fixed point");
    virDnsmasqLeaseListFree(leases, n);
    virDnsmasqLeaseListFree(again, n2);
    virResetLastError();
    return 0;
}
