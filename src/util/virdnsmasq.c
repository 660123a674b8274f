/*
 * virdnsmasq.c: dnsmasq, the DHCP and DNS server of virtual networks
 *
 * Theory of operation
 *
 * Trust boundary: the daemon runs as root and turns admin-written network
 * XML (and, through <dhcp><host> and <dns><host>, names that end up in
 * front of guests) into a dnsmasq config.  dnsmasq reads that config as
 * root before it drops privileges, so one smuggled line ("dhcp-script=",
 * "conf-dir=", "user=root") would run code as root.  Every string that
 * reaches the config therefore passes through virDnsmasqConfValueCheck(),
 * the one gate: it refuses (never escapes) control characters, spaces and
 * everything dnsmasq's option syntax gives a meaning to ('#' comments,
 * ',' and '=' separators, '/' and '[' ']' groupings, quotes, backslashes,
 * '*' and '@'), then applies a per-kind character set.  Numbers, MACs and
 * addresses are formatted here from typed values (inet_ntop) and pass the
 * same gate.
 *
 * Privileges: dnsmasq is started as root (it must bind port 67 and 53 and
 * open its lease and pid files) with "user=" in the config, so it switches
 * to that unprivileged user as soon as its sockets are open.  It keeps
 * only CAP_NET_ADMIN (to set ARP entries for DHCP replies) and
 * CAP_NET_RAW, as dnsmasq itself documents.  It daemonizes: the process
 * the daemon spawns exits once the server is ready (or with the startup
 * error), so a restart of the daemon, even kill -9, leaves DHCP and DNS
 * running; virDnsmasqFind() finds the server again from its pid file and
 * checks, through /proc, that the pid is a dnsmasq on this config before
 * anything is signalled.
 *
 * The lease file is written by that unprivileged dnsmasq, and host names
 * in it come from guests: virDnsmasqLeasesParse() trusts nothing in it.
 */
#include "virdnsmasq.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/pidfd.h>

#include "virerror.h"
#include "virfile.h"
#include "virnetdevname.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

VIR_ENUM_IMPL(virDnsmasqValueKind, VIR_DNSMASQ_VALUE_LAST,
              "name", "path", "user", "ifname", "token");

#define VIR_DNSMASQ_DEFAULT_BINARY "/usr/sbin/dnsmasq"

/* Longest value of each kind. */
#define VIR_DNSMASQ_NAME_MAX 253
#define VIR_DNSMASQ_LABEL_MAX 63
#define VIR_DNSMASQ_PATH_MAX 1024
#define VIR_DNSMASQ_USER_MAX 32
#define VIR_DNSMASQ_TOKEN_MAX 64

/* Characters dnsmasq's option syntax gives a meaning to, refused in every
 * kind but where noted (a path needs '/'). */
#define VIR_DNSMASQ_SYNTAX_CHARS "#,=/[]\"'\\*@$;"

/* Lease files: largest file and line read. */
#define VIR_DNSMASQ_LEASES_MAX (16 * 1024 * 1024)
#define VIR_DNSMASQ_LEASE_LINE_MAX 1024

/* How long a stopped dnsmasq may take to exit before SIGKILL. */
#define VIR_DNSMASQ_STOP_TIMEOUT_MS 5000

/**
 * virDnsmasqNameIsValid:
 * True when @s is a DNS name of LDH labels (letters, digits, inner
 * hyphens, 1..63 bytes each) joined by single dots, at most 253 bytes,
 * without a trailing dot.
 */
static bool
virDnsmasqNameIsValid(const char *s)
{
    size_t label = 0;
    size_t len = strlen(s);
    size_t i;

    if (len == 0 || len > VIR_DNSMASQ_NAME_MAX)
        return false;
    for (i = 0; i < len; i++) {
        char c = s[i];

        if (c == '.') {
            if (label == 0 || s[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        if (!g_ascii_isalnum(c) && !(c == '-' && label > 0))
            return false;
        if (++label > VIR_DNSMASQ_LABEL_MAX)
            return false;
    }
    return label > 0 && s[len - 1] != '-';
}

/**
 * virDnsmasqNameIsWord:
 * True when dnsmasq would read the name @s as something else in a
 * "dhcp-host=" field: a keyword ("ignore" drops the host), a lease time
 * ("7200", "1h") or an IPv4 address (any name whose last label is all
 * digits, which RFC 3696 rules out for a top-level label anyway).
 */
static bool
virDnsmasqNameIsWord(const char *s)
{
    static const char *const keywords[] = { "ignore", "infinite", "deprecated", NULL };
    const char *last = strrchr(s, '.');
    size_t digits;

    last = last ? last + 1 : s;
    if (strspn(last, "0123456789") == strlen(last))
        return true;
    digits = strspn(s, "0123456789");
    if (digits > 0 && strlen(s) == digits + 1 && strchr("smhdwSMHDW", s[digits]))
        return true;
    return g_strv_contains(keywords, s);
}

/**
 * virDnsmasqPathIsValid:
 * True for an absolute path of [A-Za-z0-9_.+-] components, none of them
 * "." or "..", of at most VIR_DNSMASQ_PATH_MAX bytes.
 */
static bool
virDnsmasqPathIsValid(const char *s)
{
    g_auto(GStrv) parts = NULL;
    size_t i;

    if (s[0] != '/' || strlen(s) > VIR_DNSMASQ_PATH_MAX)
        return false;
    for (i = 0; s[i]; i++) {
        if (!g_ascii_isalnum(s[i]) && !strchr("_.+-/", s[i]))
            return false;
    }
    parts = g_strsplit(s, "/", -1);
    for (i = 0; parts[i]; i++) {
        if (strcmp(parts[i], ".") == 0 || strcmp(parts[i], "..") == 0)
            return false;
    }
    return true;
}

/**
 * virDnsmasqUserIsValid:
 * True for a portable user or group name: [a-z_][a-z0-9_-]*, at most 32.
 */
static bool
virDnsmasqUserIsValid(const char *s)
{
    size_t i;

    if (!(g_ascii_islower(s[0]) || s[0] == '_') || strlen(s) > VIR_DNSMASQ_USER_MAX)
        return false;
    for (i = 1; s[i]; i++) {
        if (!g_ascii_islower(s[i]) && !g_ascii_isdigit(s[i]) && s[i] != '_' && s[i] != '-')
            return false;
    }
    return true;
}

/**
 * virDnsmasqKindIsValid:
 * Applies @kind's own character set and shape to @s (which already passed
 * the common checks).
 */
static bool
virDnsmasqKindIsValid(virDnsmasqValueKind kind, const char *s)
{
    size_t i;

    switch (kind) {
    case VIR_DNSMASQ_VALUE_NAME:
        return virDnsmasqNameIsValid(s) && !virDnsmasqNameIsWord(s);
    case VIR_DNSMASQ_VALUE_PATH:
        return virDnsmasqPathIsValid(s);
    case VIR_DNSMASQ_VALUE_USER:
        return virDnsmasqUserIsValid(s);
    case VIR_DNSMASQ_VALUE_IFNAME:
        if (!virNetDevNameIsValid(s))
            return false;
        for (i = 0; s[i]; i++) {
            if (!g_ascii_isalnum(s[i]) && !strchr("_.-", s[i]))
                return false;
        }
        return true;
    case VIR_DNSMASQ_VALUE_TOKEN:
        if (strlen(s) > VIR_DNSMASQ_TOKEN_MAX)
            return false;
        for (i = 0; s[i]; i++) {
            if (!g_ascii_isalnum(s[i]) && s[i] != ':' && s[i] != '.')
                return false;
        }
        return true;
    case VIR_DNSMASQ_VALUE_LAST:
        break;
    }
    return false;
}

/**
 * virDnsmasqConfValueCheck:
 * @kind: what the value is
 * @field: what it is called, for the message ("DHCP host name")
 * @value: the string
 *
 * The one gate between a caller's strings and dnsmasq's config: refuses
 * an empty value, any byte outside printable ASCII (so newline, CR, NUL
 * cannot be present, tabs and spaces neither), every character of
 * dnsmasq's option syntax (except '/' in a path), then anything outside
 * @kind's character set.  Returns 0 when @value can be written as it is,
 * or -1 with VIR_ERR_INVALID_ARG reported, the value shown escaped.
 */
int
virDnsmasqConfValueCheck(virDnsmasqValueKind kind, const char *field,
                         const char *value)
{
    const char *p;
    bool ok = value && *value;

    for (p = value; ok && *p; p++) {
        unsigned char c = (unsigned char)*p;

        if (c <= 0x20 || c >= 0x7f)
            ok = false;
        else if (strchr(VIR_DNSMASQ_SYNTAX_CHARS, c) &&
                 !(c == '/' && kind == VIR_DNSMASQ_VALUE_PATH))
            ok = false;
    }
    if (ok && virDnsmasqKindIsValid(kind, value))
        return 0;

    {
        g_autofree char *shown = g_strescape(value ? value : "", NULL);

        if (strlen(shown) > 80)
            strcpy(shown + 77, "...");
        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid %1$s '%2$s': not a valid %3$s for dnsmasq"),
                       field, shown, virDnsmasqValueKindTypeToString(kind));
    }
    return -1;
}

/* One value of an option line: checked by kind, written between @pre and
 * @post (literal decoration of this file, e.g. "[" "]" around IPv6). */
typedef struct {
    virDnsmasqValueKind kind;
    const char *field;
    const char *value;
    const char *pre;
    const char *post;
} virDnsmasqConfPart;

/**
 * virDnsmasqConfOption:
 * Appends "@option=PART,PART...\n" to @out, each part through
 * virDnsmasqConfValueCheck(); parts with a NULL value are left out.
 * Returns 0, or -1 with an error reported (@out then holds a partial
 * line, and the caller throws it away).
 */
static int
virDnsmasqConfOption(GString *out, const char *option,
                     const virDnsmasqConfPart *parts, size_t nparts)
{
    bool first = true;
    size_t i;

    g_string_append_printf(out, "%s=", option);
    for (i = 0; i < nparts; i++) {
        if (!parts[i].value)
            continue;
        if (virDnsmasqConfValueCheck(parts[i].kind, parts[i].field, parts[i].value) < 0)
            return -1;
        g_string_append_printf(out, "%s%s%s%s", first ? "" : ",",
                               parts[i].pre ? parts[i].pre : "", parts[i].value,
                               parts[i].post ? parts[i].post : "");
        first = false;
    }
    g_string_append_c(out, '\n');
    return 0;
}

/**
 * virDnsmasqConfOne:
 * Appends "@option=VALUE\n" for one value of @kind.
 */
static int
virDnsmasqConfOne(GString *out, const char *option, virDnsmasqValueKind kind,
                  const char *field, const char *value)
{
    virDnsmasqConfPart part = { kind, field, value, NULL, NULL };

    return virDnsmasqConfOption(out, option, &part, 1);
}

/**
 * virDnsmasqAddr:
 * Formats @addr into @buf, or refuses an unset address for @field.
 * Returns @buf, or NULL with an error reported.
 */
static const char *
virDnsmasqAddr(const virSocketAddr *addr, const char *field, char *buf)
{
    if (addr->family != AF_INET && addr->family != AF_INET6) {
        virReportError(VIR_ERR_INVALID_ARG, _("missing address for %1$s"), field);
        return NULL;
    }
    return virSocketAddrFormat(addr, buf);
}

/**
 * virDnsmasqLeaseText:
 * Writes a lease time (seconds, or "infinite") into @buf of 16 bytes;
 * NULL for 0 (dnsmasq's default).
 */
static const char *
virDnsmasqLeaseText(unsigned int lease, char *buf)
{
    if (lease == 0)
        return NULL;
    if (lease == VIR_DNSMASQ_LEASE_INFINITE)
        return "infinite";
    g_snprintf(buf, 16, "%u", lease);
    return buf;
}

/**
 * virDnsmasqFormatRange:
 * "dhcp-range=START,END,NETMASK|PREFIX[,LEASE]" (IPv6 ranges also turn
 * router advertisements on, which SLAAC-less guests need for a route).
 */
static int
virDnsmasqFormatRange(GString *out, const virDnsmasqDhcpRange *r)
{
    char start[VIR_SOCKET_ADDR_STRING_BUFLEN];
    char end[VIR_SOCKET_ADDR_STRING_BUFLEN];
    char mask[VIR_SOCKET_ADDR_STRING_BUFLEN];
    char lease[16];
    virDnsmasqConfPart parts[4] = {
        { VIR_DNSMASQ_VALUE_TOKEN, "DHCP range start", NULL, NULL, NULL },
        { VIR_DNSMASQ_VALUE_TOKEN, "DHCP range end", NULL, NULL, NULL },
        { VIR_DNSMASQ_VALUE_TOKEN, "DHCP range netmask", mask, NULL, NULL },
        { VIR_DNSMASQ_VALUE_TOKEN, "DHCP lease time", NULL, NULL, NULL },
    };

    if (!(parts[0].value = virDnsmasqAddr(&r->start, "DHCP range start", start)) ||
        !(parts[1].value = virDnsmasqAddr(&r->end, "DHCP range end", end)))
        return -1;
    if (r->start.family != r->end.family ||
        !virSocketAddrPrefixIsValid(&r->start, r->prefix) ||
        !virSocketAddrInSubnet(&r->end, &r->start, r->prefix) ||
        virSocketAddrCompare(&r->start, &r->end) > 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid DHCP range '%1$s' to '%2$s' with prefix %3$u"),
                       start, end, r->prefix);
        return -1;
    }
    if (r->start.family == AF_INET) {
        virSocketAddr m = { .family = AF_INET };

        m.in.v4.s_addr = r->prefix ? htonl(0xffffffffu << (32 - r->prefix)) : 0;
        virSocketAddrFormat(&m, mask);
    } else {
        g_snprintf(mask, sizeof(mask), "%u", r->prefix);
    }
    parts[3].value = virDnsmasqLeaseText(r->lease, lease);
    return virDnsmasqConfOption(out, "dhcp-range", parts, G_N_ELEMENTS(parts));
}

/**
 * virDnsmasqFormatHost:
 * "dhcp-host=[MAC][,IP|[IPv6]][,NAME][,LEASE]".
 */
static int
virDnsmasqFormatHost(GString *out, const virDnsmasqDhcpHost *h)
{
    char mac[VIR_MAC_STRING_BUFLEN];
    char ip[VIR_SOCKET_ADDR_STRING_BUFLEN];
    char lease[16];
    virDnsmasqConfPart parts[4] = {
        { VIR_DNSMASQ_VALUE_TOKEN, "DHCP host MAC", NULL, NULL, NULL },
        { VIR_DNSMASQ_VALUE_TOKEN, "DHCP host address", NULL, NULL, NULL },
        { VIR_DNSMASQ_VALUE_NAME, "DHCP host name", h->name, NULL, NULL },
        { VIR_DNSMASQ_VALUE_TOKEN, "DHCP host lease time", NULL, NULL, NULL },
    };

    if (h->mac)
        parts[0].value = virMacAddrFormat(h->mac, mac);
    if (h->ip.family == AF_INET || h->ip.family == AF_INET6) {
        parts[1].value = virSocketAddrFormat(&h->ip, ip);
        if (h->ip.family == AF_INET6) {
            parts[1].pre = "[";
            parts[1].post = "]";
        }
    }
    if (!h->mac && !h->name) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("a DHCP host needs a MAC address or a name"));
        return -1;
    }
    if (!parts[1].value && !h->name) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("a DHCP host needs an address or a name"));
        return -1;
    }
    parts[3].value = virDnsmasqLeaseText(h->lease, lease);
    return virDnsmasqConfOption(out, "dhcp-host", parts, G_N_ELEMENTS(parts));
}

/**
 * virDnsmasqFormatDnsHost:
 * "host-record=NAME[,NAME...],IP".
 */
static int
virDnsmasqFormatDnsHost(GString *out, const virDnsmasqDnsHost *h)
{
    char ip[VIR_SOCKET_ADDR_STRING_BUFLEN];
    g_autofree virDnsmasqConfPart *parts = NULL;
    size_t n = 0;
    size_t i;

    if (!virDnsmasqAddr(&h->ip, "DNS host address", ip))
        return -1;
    if (!h->names || !h->names[0]) {
        virReportError(VIR_ERR_INVALID_ARG, _("DNS host '%1$s' has no name"), ip);
        return -1;
    }
    while (h->names[n])
        n++;
    parts = g_new0(virDnsmasqConfPart, n + 1);
    for (i = 0; i < n; i++)
        parts[i] = (virDnsmasqConfPart){ VIR_DNSMASQ_VALUE_NAME, "DNS host name",
                                         h->names[i], NULL, NULL };
    parts[n] = (virDnsmasqConfPart){ VIR_DNSMASQ_VALUE_TOKEN, "DNS host address",
                                     ip, NULL, NULL };
    return virDnsmasqConfOption(out, "host-record", parts, n + 1);
}

/**
 * virDnsmasqFormatForwarder:
 * "server=IP", "server=/DOMAIN/IP" or "server=/DOMAIN/" (resolved here).
 * The slashes are this file's decoration; the domain passes the gate.
 */
static int
virDnsmasqFormatForwarder(GString *out, const virDnsmasqForwarder *f)
{
    char ip[VIR_SOCKET_ADDR_STRING_BUFLEN];
    bool hasAddr = f->addr.family == AF_INET || f->addr.family == AF_INET6;

    if (!hasAddr && !f->domain) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("a DNS forwarder needs an address or a domain"));
        return -1;
    }
    if (hasAddr)
        virSocketAddrFormat(&f->addr, ip);
    if ((f->domain &&
         virDnsmasqConfValueCheck(VIR_DNSMASQ_VALUE_NAME, "forwarder domain", f->domain) < 0) ||
        (hasAddr && virDnsmasqConfValueCheck(VIR_DNSMASQ_VALUE_TOKEN,
                                             "forwarder address", ip) < 0))
        return -1;
    g_string_append_printf(out, "server=%s%s%s%s\n",
                           f->domain ? "/" : "", f->domain ? f->domain : "",
                           f->domain ? "/" : "", hasAddr ? ip : "");
    return 0;
}

/**
 * virDnsmasqFormatDns:
 * The DNS half: domain, local=, no-resolv, forwarders, host records (or
 * port=0 when DNS is off).
 */
static int
virDnsmasqFormatDns(GString *out, const virDnsmasqConfig *cfg)
{
    size_t i;

    if (cfg->dnsDisabled) {
        g_string_append(out, "port=0\n");
        return 0;
    }
    if (cfg->domain) {
        virDnsmasqConfPart local = { VIR_DNSMASQ_VALUE_NAME, "domain",
                                     cfg->domain, "/", "/" };

        if (virDnsmasqConfOne(out, "domain", VIR_DNSMASQ_VALUE_NAME, "domain", cfg->domain) < 0)
            return -1;
        if (cfg->domainLocal && virDnsmasqConfOption(out, "local", &local, 1) < 0)
            return -1;
    }
    if (cfg->noResolv)
        g_string_append(out, "no-resolv\n");
    for (i = 0; i < cfg->nforwarders; i++) {
        if (virDnsmasqFormatForwarder(out, &cfg->forwarders[i]) < 0)
            return -1;
    }
    for (i = 0; i < cfg->ndnsHosts; i++) {
        if (virDnsmasqFormatDnsHost(out, &cfg->dnsHosts[i]) < 0)
            return -1;
    }
    return 0;
}

/**
 * virDnsmasqFormatDhcp:
 * The DHCP half: ranges, reservations, lease file.
 */
static int
virDnsmasqFormatDhcp(GString *out, const virDnsmasqConfig *cfg)
{
    bool ipv6 = false;
    size_t i;

    if (cfg->nranges == 0 && cfg->nhosts == 0)
        return 0;
    for (i = 0; i < cfg->nranges; i++) {
        if (virDnsmasqFormatRange(out, &cfg->ranges[i]) < 0)
            return -1;
        ipv6 |= cfg->ranges[i].start.family == AF_INET6;
    }
    if (ipv6)
        g_string_append(out, "enable-ra\n");
    /* a reservation wins over a guest asking for another address */
    g_string_append(out, "dhcp-no-override\n");
    g_string_append(out, "dhcp-authoritative\n");
    for (i = 0; i < cfg->nhosts; i++) {
        if (virDnsmasqFormatHost(out, &cfg->hosts[i]) < 0)
            return -1;
    }
    if (!cfg->leaseFile) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("DHCP needs a lease file"));
        return -1;
    }
    return virDnsmasqConfOne(out, "dhcp-leasefile", VIR_DNSMASQ_VALUE_PATH,
                             "lease file", cfg->leaseFile);
}

/**
 * virDnsmasqConfigFormat:
 * @cfg: the network's DHCP and DNS settings
 *
 * Writes the whole config; every string in it passed
 * virDnsmasqConfValueCheck().  dnsmasq serves only @cfg->interface
 * (bind-interfaces, never the loopback), starts as root, drops to
 * @cfg->user, and reads no other config file.
 * Returns the text (caller frees), or NULL with an error reported.
 */
char *
virDnsmasqConfigFormat(const virDnsmasqConfig *cfg)
{
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i;

    g_string_append(out, "# generated by libvirt-networkd: changes are overwritten\n");
    g_string_append(out, "strict-order\n");
    if (!cfg->user || !cfg->pidFile || !cfg->interface) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("dnsmasq needs a user, a pid file and an interface"));
        return NULL;
    }
    if (virDnsmasqConfOne(out, "user", VIR_DNSMASQ_VALUE_USER, "user", cfg->user) < 0 ||
        (cfg->group &&
         virDnsmasqConfOne(out, "group", VIR_DNSMASQ_VALUE_USER, "group", cfg->group) < 0) ||
        virDnsmasqConfOne(out, "pid-file", VIR_DNSMASQ_VALUE_PATH, "pid file", cfg->pidFile) < 0)
        return NULL;
    g_string_append(out, "except-interface=lo\n");
    g_string_append(out, "bind-interfaces\n");
    if (virDnsmasqConfOne(out, "interface", VIR_DNSMASQ_VALUE_IFNAME, "interface",
                          cfg->interface) < 0)
        return NULL;
    for (i = 0; i < cfg->nlisten; i++) {
        char ip[VIR_SOCKET_ADDR_STRING_BUFLEN];

        if (!virDnsmasqAddr(&cfg->listen[i], "listen address", ip) ||
            virDnsmasqConfOne(out, "listen-address", VIR_DNSMASQ_VALUE_TOKEN,
                              "listen address", ip) < 0)
            return NULL;
    }
    if (virDnsmasqFormatDns(out, cfg) < 0 || virDnsmasqFormatDhcp(out, cfg) < 0)
        return NULL;
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * virDnsmasqBinary:
 * Returns the dnsmasq to run: $VIR_DNSMASQ_BINARY when set (tests),
 * else Debian's /usr/sbin/dnsmasq (package dnsmasq-base).  Static.
 */
const char *
virDnsmasqBinary(void)
{
    const char *env = g_getenv("VIR_DNSMASQ_BINARY");

    return env && *env ? env : VIR_DNSMASQ_DEFAULT_BINARY;
}

/**
 * virDnsmasqReadPid:
 * Reads @pidPath.  Returns 1 with *@pid set, 0 when there is no usable
 * pid in it (missing, empty, garbage), -1 with an error reported.
 */
static int
virDnsmasqReadPid(const char *pidPath, pid_t *pid)
{
    g_autofree char *buf = NULL;
    gint64 val;

    if (access(pidPath, F_OK) < 0 && errno == ENOENT)
        return 0;
    if (virFileReadAll(pidPath, 64, &buf) < 0)
        return -1;
    g_strstrip(buf);
    if (!g_ascii_string_to_signed(buf, 10, 2, G_MAXINT32, &val, NULL))
        return 0;
    *pid = (pid_t)val;
    return 1;
}

/**
 * virDnsmasqProcessMatches:
 * True when @pid runs the dnsmasq binary with exactly our --conf-file
 * argument (a reused pid, or another network's dnsmasq, is not ours).
 */
static bool
virDnsmasqProcessMatches(pid_t pid, const char *configPath)
{
    g_autofree char *exePath = g_strdup_printf("/proc/%d/exe", (int)pid);
    g_autofree char *cmdPath = g_strdup_printf("/proc/%d/cmdline", (int)pid);
    g_autofree char *exe = g_file_read_link(exePath, NULL);
    g_autofree char *want = realpath(virDnsmasqBinary(), NULL);
    g_autofree char *arg = g_strconcat("--conf-file=", configPath, NULL);
    g_autofree char *cmdline = NULL;
    gsize len = 0;
    gsize i;

    if (!exe || !want || !g_file_get_contents(cmdPath, &cmdline, &len, NULL))
        return false;
    /* an upgraded binary shows as "PATH (deleted)" */
    if (g_str_has_suffix(exe, " (deleted)"))
        exe[strlen(exe) - strlen(" (deleted)")] = '\0';
    if (strcmp(exe, want) != 0)
        return false;
    for (i = 0; i < len; i += strlen(cmdline + i) + 1) {
        if (strcmp(cmdline + i, arg) == 0)
            return true;
    }
    return false;
}

/**
 * virDnsmasqFind:
 * @configPath: the config the dnsmasq was started on
 * @pidPath: the pid file named in that config
 * @pid: set to the running server's pid
 *
 * For a restarted daemon: is this network's dnsmasq still running?  Only
 * a process that is the dnsmasq binary with our config counts; a stale
 * pid file is not an error.  Returns 1 (running, *@pid set), 0 (not
 * running), or -1 with an error reported.
 */
int
virDnsmasqFind(const char *configPath, const char *pidPath, pid_t *pid)
{
    pid_t found;
    int rc;

    if ((rc = virDnsmasqReadPid(pidPath, &found)) <= 0)
        return rc;
    if (!virDnsmasqProcessMatches(found, configPath))
        return 0;
    *pid = found;
    return 1;
}

/**
 * virDnsmasqStart:
 * @configPath: a config written from virDnsmasqConfigFormat()
 * @pidPath: the pid file that config names
 * @pid: set to the server's pid
 *
 * Runs dnsmasq on @configPath, with an empty environment and no fds but
 * stdio.  dnsmasq forks its server and exits once the server has bound
 * its sockets, written its pid file and dropped privileges, or with the
 * startup error (shown to the caller).  Refuses to start a second server
 * on one config.  Returns 0, or -1 with an error reported.
 */
int
virDnsmasqStart(const char *configPath, const char *pidPath, pid_t *pid)
{
    g_autofree char *arg = NULL;
    g_autofree char *errText = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *envp[] = { "LC_ALL=C", NULL };
    const char *argv[3];
    int status = 0;
    int rc;

    if (virDnsmasqConfValueCheck(VIR_DNSMASQ_VALUE_PATH, "config file", configPath) < 0 ||
        virDnsmasqConfValueCheck(VIR_DNSMASQ_VALUE_PATH, "pid file", pidPath) < 0)
        return -1;
    if ((rc = virDnsmasqFind(configPath, pidPath, pid)) != 0) {
        if (rc > 0)
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("dnsmasq for '%1$s' is running already (pid %2$d)"),
                           configPath, (int)*pid);
        return -1;
    }
    if (virFileRemove(pidPath) < 0)
        return -1;

    arg = g_strconcat("--conf-file=", configPath, NULL);
    argv[0] = virDnsmasqBinary();
    argv[1] = arg;
    argv[2] = NULL;
    if (!g_spawn_sync(NULL, (char **)argv, (char **)envp,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDIN_FROM_DEV_NULL,
                      NULL, NULL, NULL, &errText, &status, &gerr)) {
        virReportError(VIR_ERR_OPERATION_FAILED, _("cannot run '%1$s': %2$s"),
                       argv[0], gerr->message);
        return -1;
    }
    if (!g_spawn_check_wait_status(status, NULL)) {
        g_autofree char *shown = g_strescape(g_strstrip(errText), NULL);

        virReportError(VIR_ERR_OPERATION_FAILED, _("dnsmasq failed to start: %1$s"), shown);
        return -1;
    }
    if (virDnsmasqFind(configPath, pidPath, pid) != 1) {
        if (!virGetLastError())
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("dnsmasq started but its pid file '%1$s' names no running server"),
                           pidPath);
        return -1;
    }
    return 0;
}

/**
 * virDnsmasqWaitExit:
 * Waits up to @ms for the process of @pidfd to exit.  True when it did.
 */
static bool
virDnsmasqWaitExit(int pidfd, int ms)
{
    struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
    int rc;

    while ((rc = poll(&pfd, 1, ms)) < 0 && errno == EINTR)
        ;
    return rc > 0;
}

/**
 * virDnsmasqStop:
 * @configPath: the config the server was started on
 * @pidPath: its pid file
 *
 * Stops this network's dnsmasq: SIGTERM, then SIGKILL when it has not
 * exited after 5 s, and removes the pid file.  The process is pinned
 * with a pidfd and checked again through it, so a pid reused meanwhile
 * is never signalled.  Nothing running is not an error.
 * Returns 0, or -1 with an error reported.
 */
int
virDnsmasqStop(const char *configPath, const char *pidPath)
{
    VIR_AUTOCLOSE pidfd = -1;
    pid_t pid;
    pid_t again;
    int rc;

    if ((rc = virDnsmasqFind(configPath, pidPath, &pid)) < 0)
        return -1;
    if (rc == 1) {
        if ((pidfd = pidfd_open(pid, 0)) < 0) {
            if (errno != ESRCH) {
                virReportSystemError(errno, _("cannot open process %1$d"), (int)pid);
                return -1;
            }
        } else if (virDnsmasqFind(configPath, pidPath, &again) == 1 && again == pid) {
            if (pidfd_send_signal(pidfd, SIGTERM, NULL, 0) < 0 && errno != ESRCH) {
                virReportSystemError(errno, _("cannot stop dnsmasq (pid %1$d)"), (int)pid);
                return -1;
            }
            if (!virDnsmasqWaitExit(pidfd, VIR_DNSMASQ_STOP_TIMEOUT_MS)) {
                (void)pidfd_send_signal(pidfd, SIGKILL, NULL, 0);
                if (!virDnsmasqWaitExit(pidfd, VIR_DNSMASQ_STOP_TIMEOUT_MS)) {
                    virReportError(VIR_ERR_OPERATION_TIMEOUT,
                                   _("dnsmasq (pid %1$d) does not exit"), (int)pid);
                    return -1;
                }
            }
        }
    }
    return virFileRemove(pidPath);
}

/**
 * virDnsmasqLeaseListFree:
 * Frees an array from virDnsmasqLeasesParse().  Accepts NULL.
 */
void
virDnsmasqLeaseListFree(virDnsmasqLease *leases, size_t nleases)
{
    size_t i;

    if (!leases)
        return;
    for (i = 0; i < nleases; i++) {
        g_free(leases[i].hostname);
        g_free(leases[i].clientid);
    }
    g_free(leases);
}

/**
 * virDnsmasqClientIdIsValid:
 * True for hex bytes joined by ':' ("01:52:54:00:12:34:56").
 */
static bool
virDnsmasqClientIdIsValid(const char *s)
{
    size_t i;

    if (strlen(s) > VIR_DNSMASQ_LEASE_LINE_MAX / 2)
        return false;
    for (i = 0; s[i]; i++) {
        if (!g_ascii_isxdigit(s[i]) && s[i] != ':')
            return false;
    }
    return i > 0;
}

/**
 * virDnsmasqLeaseParseLine:
 * Parses one lease line, "EXPIRY HWADDR|IAID IP HOSTNAME|* CLIENTID|*".
 * Returns true with @lease filled (its strings owned by it), false for a
 * line that is not a lease.
 */
static bool
virDnsmasqLeaseParseLine(const char *line, virDnsmasqLease *lease)
{
    g_auto(GStrv) f = g_strsplit(line, " ", -1);
    guint64 iaid;

    memset(lease, 0, sizeof(*lease));
    if (g_strv_length(f) != 5 ||
        !g_ascii_string_to_signed(f[0], 10, 0, G_MAXINT64, &lease->expiry, NULL))
        return false;
    if (inet_pton(AF_INET, f[2], &lease->ip.in.v4) == 1) {
        lease->ip.family = AF_INET;
        /* Ethernet clients; other hardware types are kept without a MAC */
        lease->hasMac = strlen(f[1]) == VIR_MAC_STRING_BUFLEN - 1 &&
                        virMacAddrParse(f[1], &lease->mac) == 0;
        if (!lease->hasMac && !virDnsmasqClientIdIsValid(f[1]) &&
            !(f[1][0] != '\0' && strspn(f[1], "0123456789abcdefABCDEF:-") == strlen(f[1])))
            return false;
    } else if (inet_pton(AF_INET6, f[2], &lease->ip.in.v6) == 1) {
        const char *p = f[1][0] == 'T' ? f[1] + 1 : f[1];

        lease->ip.family = AF_INET6;
        if (!g_ascii_string_to_unsigned(p, 10, 0, G_MAXUINT32, &iaid, NULL))
            return false;
        lease->iaid = (unsigned int)iaid;
    } else {
        return false;
    }
    /* names come from guests: keep only what the config writer would
     * accept as a name, so a name read back is always safe to write */
    if (strcmp(f[3], "*") != 0 && virDnsmasqKindIsValid(VIR_DNSMASQ_VALUE_NAME, f[3]))
        lease->hostname = g_strdup(f[3]);
    if (strcmp(f[4], "*") != 0 && virDnsmasqClientIdIsValid(f[4]))
        lease->clientid = g_strdup(f[4]);
    return true;
}

/**
 * virDnsmasqLeasesParse:
 * @data: the lease file's content (need not be NUL-terminated)
 * @len: its length
 * @leases: set to a new array (free with virDnsmasqLeaseListFree)
 * @nleases: set to its length
 * @nbad: if not NULL, set to the number of lines that were not leases
 *
 * Reads dnsmasq's lease file, IPv4 and IPv6 leases alike (the "duid"
 * line of the server is skipped).  A line that does not parse, or is
 * longer than 1024 bytes, or holds a NUL byte, is skipped and counted:
 * garbage never fails the whole file.  Returns 0.
 */
int
virDnsmasqLeasesParse(const char *data, size_t len,
                      virDnsmasqLease **leases, size_t *nleases, size_t *nbad)
{
    g_autoptr(GArray) list = g_array_new(FALSE, TRUE, sizeof(virDnsmasqLease));
    size_t bad = 0;
    size_t pos = 0;

    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t linelen = nl ? (size_t)(nl - (data + pos)) : len - pos;
        virDnsmasqLease lease;

        if (linelen == 0) {
            /* blank line */
        } else if (linelen > VIR_DNSMASQ_LEASE_LINE_MAX ||
                   memchr(data + pos, '\0', linelen)) {
            bad++;
        } else {
            g_autofree char *line = g_strndup(data + pos, linelen);

            if (g_str_has_prefix(line, "duid "))
                ;
            else if (virDnsmasqLeaseParseLine(line, &lease))
                g_array_append_val(list, lease);
            else
                bad++;
        }
        pos += linelen + 1;
    }
    if (nbad)
        *nbad = bad;
    *nleases = list->len;
    *leases = (virDnsmasqLease *)(void *)g_array_free(g_steal_pointer(&list), FALSE);
    return 0;
}

/**
 * virDnsmasqLeasesRead:
 * Parses the lease file at @path (see virDnsmasqLeasesParse); a file that
 * does not exist yet holds no leases.  Returns 0, or -1 with an error
 * reported (unreadable, or larger than 16 MiB).
 */
int
virDnsmasqLeasesRead(const char *path, virDnsmasqLease **leases, size_t *nleases)
{
    g_autofree char *data = NULL;
    ssize_t len;

    if (access(path, F_OK) < 0 && errno == ENOENT) {
        *leases = NULL;
        *nleases = 0;
        return 0;
    }
    if ((len = virFileReadAll(path, VIR_DNSMASQ_LEASES_MAX, &data)) < 0)
        return -1;
    return virDnsmasqLeasesParse(data, len, leases, nleases, NULL);
}
