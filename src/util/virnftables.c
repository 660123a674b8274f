/*
 * virnftables.c: firewall rules of virtual networks (libnftables)
 *
 * Theory of operation
 *
 * The daemon owns one table, "inet libvirt_networkd", and never names any
 * other: a host firewall (firewalld, a hand-written nftables.conf,
 * Docker's or upstream libvirt's tables) is neither read nor changed.  In
 * that table each network has up to four base chains of its own, named
 * after its bridge: in_BR and out_BR (DHCP and DNS to and from the
 * host), fwd_BR (what may be forwarded to and from the bridge) and, for
 * NAT, nat_BR (masquerading).  Base chains on one hook all run, so a
 * network's chains only ever match packets that enter or leave its own
 * bridge or come from its own subnets; adding, replacing or removing one
 * network is one atomic nftables transaction on its chains alone.
 *
 * An accept in our chains cannot override a drop in another table (the
 * kernel drops a packet any base chain drops); a host firewall that drops
 * forwarded traffic must allow the network itself, as with upstream
 * libvirt.
 *
 * Rule text is built only from values checked here: interface names
 * restricted to [A-Za-z0-9_.-] (always quoted), addresses formatted with
 * inet_ntop() from parsed virSocketAddr values, numbers printed as
 * numbers.  Every rule carries a comment derived from its text, so
 * virNftablesNetworkVerify() can tell after a daemon restart whether the
 * kernel still holds exactly the rules this code would write.
 */
#include "virnftables.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <nftables/libnftables.h>

#include "virerror.h"
#include "virnetdevname.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

VIR_ENUM_IMPL(virNftablesMode, VIR_NFTABLES_MODE_LAST,
              "isolated", "nat", "route", "open");

/* The chains a network may have, in the order they are written. */
typedef enum {
    VIR_NFTABLES_CHAIN_IN,
    VIR_NFTABLES_CHAIN_OUT,
    VIR_NFTABLES_CHAIN_FWD,
    VIR_NFTABLES_CHAIN_NAT,

    VIR_NFTABLES_CHAIN_LAST
} virNftablesChainKind;

typedef struct {
    const char *prefix;
    const char *spec;
    const char *hook;           /* as "nft list" shows it */
} virNftablesChainType;

static const virNftablesChainType virNftablesChainTypes[] = {
    [VIR_NFTABLES_CHAIN_IN] = { "in", "type filter hook input priority filter", "hook input" },
    [VIR_NFTABLES_CHAIN_OUT] = { "out", "type filter hook output priority filter", "hook output" },
    [VIR_NFTABLES_CHAIN_FWD] = { "fwd", "type filter hook forward priority filter", "hook forward" },
    [VIR_NFTABLES_CHAIN_NAT] = { "nat", "type nat hook postrouting priority srcnat", "hook postrouting" },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virNftablesChainTypes) == VIR_NFTABLES_CHAIN_LAST);

/* Default source port range of masqueraded TCP and UDP, as upstream. */
#define VIR_NFTABLES_NAT_PORT_START 1024
#define VIR_NFTABLES_NAT_PORT_END 65535

/* A network's rules: rule bodies per chain, before they become text. */
typedef struct {
    GPtrArray *rules[VIR_NFTABLES_CHAIN_LAST];
} virNftablesPlan;

/**
 * virNftablesPlanClear:
 * Frees what @plan holds.
 */
static void
virNftablesPlanClear(virNftablesPlan *plan)
{
    size_t i;

    for (i = 0; i < VIR_NFTABLES_CHAIN_LAST; i++)
        g_clear_pointer(&plan->rules[i], g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(virNftablesPlan, virNftablesPlanClear);

/**
 * virNftablesRule:
 * Appends one rule body to @chain of @plan.  Every %s of @fmt is a value
 * this file checked or formatted itself.
 */
static void G_GNUC_PRINTF(3, 4)
virNftablesRule(virNftablesPlan *plan, virNftablesChainKind chain, const char *fmt, ...)
{
    va_list ap;

    if (!plan->rules[chain])
        plan->rules[chain] = g_ptr_array_new_with_free_func(g_free);
    va_start(ap, fmt);
    g_ptr_array_add(plan->rules[chain], g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/**
 * virNftablesIfnameCheck:
 * Refuses an interface name that is not [A-Za-z0-9_.-], 1..15 bytes:
 * stricter than the kernel, so a name is always a plain word inside
 * nftables quotes and inside chain names.  Returns 0, or -1 with an
 * error reported.
 */
int
virNftablesIfnameCheck(const char *what, const char *name)
{
    size_t i;

    if (name && virNetDevNameIsValid(name)) {
        for (i = 0; name[i]; i++) {
            if (!g_ascii_isalnum(name[i]) && !strchr("_.-", name[i]))
                break;
        }
        if (!name[i])
            return 0;
    }
    {
        g_autofree char *shown = g_strescape(name ? name : "", NULL);

        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid %1$s '%2$s' for firewall rules"), what, shown);
    }
    return -1;
}

/* A subnet as rule text: "ip" or "ip6", and "NET/PREFIX". */
typedef struct {
    const char *proto;
    char net[VIR_SOCKET_ADDR_STRING_BUFLEN + 4];
} virNftablesSubnetText;

/**
 * virNftablesSubnetFormat:
 * Fills @text from @subnet (the address reduced to its network).
 * Returns 0, or -1 with an error reported.
 */
static int
virNftablesSubnetFormat(const virNftablesSubnet *subnet, virNftablesSubnetText *text)
{
    char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];
    virSocketAddr net;

    if (!virSocketAddrPrefixIsValid(&subnet->addr, subnet->prefix) || subnet->prefix == 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid subnet '%1$s/%2$u' for firewall rules"),
                       virSocketAddrFormat(&subnet->addr, buf), subnet->prefix);
        return -1;
    }
    virSocketAddrNetwork(&subnet->addr, subnet->prefix, &net);
    text->proto = net.family == AF_INET ? "ip" : "ip6";
    g_snprintf(text->net, sizeof(text->net), "%s/%u",
               virSocketAddrFormat(&net, buf), subnet->prefix);
    return 0;
}

/**
 * virNftablesNatTarget:
 * The NAT verdict for @net: "masquerade" or "snat ip to A[-B]", with
 * ":P1-P2" when @ports.  Returns a new string, or NULL with an error.
 */
static char *
virNftablesNatTarget(const virNftablesNetwork *net, bool ports)
{
    char a[VIR_SOCKET_ADDR_STRING_BUFLEN];
    char b[VIR_SOCKET_ADDR_STRING_BUFLEN];
    unsigned int p1 = net->natPortStart;
    unsigned int p2 = net->natPortEnd;
    g_autofree char *portText = NULL;

    if (p1 == 0 && p2 == 0) {
        p1 = VIR_NFTABLES_NAT_PORT_START;
        p2 = VIR_NFTABLES_NAT_PORT_END;
    }
    if (p1 == 0 || p2 > 65535 || p1 > p2) {
        virReportError(VIR_ERR_INVALID_ARG, _("invalid NAT port range %1$u-%2$u"),
                       net->natPortStart, net->natPortEnd);
        return NULL;
    }
    if (ports)
        portText = g_strdup_printf(":%u-%u", p1, p2);

    if (net->natStart.family == 0)
        return g_strdup_printf("masquerade%s%s", ports ? " to " : "",
                               ports ? portText : "");
    if (net->natStart.family != AF_INET ||
        (net->natEnd.family != 0 &&
         (net->natEnd.family != AF_INET ||
          virSocketAddrCompare(&net->natStart, &net->natEnd) > 0))) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("the NAT address range must be IPv4, start to end"));
        return NULL;
    }
    virSocketAddrFormat(&net->natStart, a);
    if (net->natEnd.family != 0)
        virSocketAddrFormat(&net->natEnd, b);
    return g_strdup_printf("snat ip to %s%s%s%s", a,
                           net->natEnd.family ? "-" : "", net->natEnd.family ? b : "",
                           ports ? portText : "");
}

/**
 * virNftablesPlanNat:
 * The masquerading of one IPv4 subnet, as upstream libvirt writes it:
 * multicast and broadcast stay unNATed, TCP and UDP get source ports
 * from the NAT range, everything else leaving the subnet is NATed.
 */
static int
virNftablesPlanNat(virNftablesPlan *plan, const virNftablesNetwork *net,
                   const virNftablesSubnetText *s, const char *oif)
{
    g_autofree char *withPorts = virNftablesNatTarget(net, true);
    g_autofree char *plain = virNftablesNatTarget(net, false);
    const char *l4[] = { "tcp", "udp" };
    size_t i;

    if (!withPorts || !plain)
        return -1;
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_NAT, "ip saddr %s ip daddr 224.0.0.0/24 return", s->net);
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_NAT, "ip saddr %s ip daddr 255.255.255.255 return", s->net);
    for (i = 0; i < G_N_ELEMENTS(l4); i++)
        virNftablesRule(plan, VIR_NFTABLES_CHAIN_NAT,
                        "meta l4proto %s ip saddr %s ip daddr != %s%s %s",
                        l4[i], s->net, s->net, oif, withPorts);
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_NAT, "ip saddr %s ip daddr != %s%s %s",
                    s->net, s->net, oif, plain);
    return 0;
}

/**
 * virNftablesPlanBuild:
 * Fills @plan with @net's rules.  Returns 0, or -1 with an error.
 */
static int
virNftablesPlanBuild(const virNftablesNetwork *net, virNftablesPlan *plan)
{
    g_autofree char *oif = NULL;    /* " oifname \"DEV\"" or "" */
    g_autofree char *iif = NULL;
    const char *br = net->bridge;
    bool ipv6 = false;
    size_t i;

    memset(plan, 0, sizeof(*plan));
    if (virNftablesIfnameCheck(_("bridge name"), br) < 0 ||
        (net->forwardDev && virNftablesIfnameCheck(_("forward device"), net->forwardDev) < 0))
        return -1;
    oif = net->forwardDev ? g_strdup_printf(" oifname \"%s\"", net->forwardDev) : g_strdup("");
    iif = net->forwardDev ? g_strdup_printf(" iifname \"%s\"", net->forwardDev) : g_strdup("");

    if ((unsigned int)net->mode >= VIR_NFTABLES_MODE_LAST) {
        virReportError(VIR_ERR_INVALID_ARG, _("invalid network mode %1$d"), (int)net->mode);
        return -1;
    }
    switch (net->mode) {
    case VIR_NFTABLES_MODE_OPEN:
        return 0;
    case VIR_NFTABLES_MODE_NAT:
    case VIR_NFTABLES_MODE_ROUTE:
    case VIR_NFTABLES_MODE_ISOLATED:
    case VIR_NFTABLES_MODE_LAST:
        break;
    }

    for (i = 0; i < net->nsubnets; i++) {
        virNftablesSubnetText s;
        bool nat = net->mode == VIR_NFTABLES_MODE_NAT;

        if (virNftablesSubnetFormat(&net->subnets[i], &s) < 0)
            return -1;
        if (net->subnets[i].addr.family == AF_INET6) {
            ipv6 = true;
            nat = false;    /* IPv6 of a NAT network is routed, as upstream */
        }
        if (net->mode == VIR_NFTABLES_MODE_ISOLATED)
            continue;
        /* replies only towards a NATed subnet; anything towards a routed one */
        virNftablesRule(plan, VIR_NFTABLES_CHAIN_FWD, "oifname \"%s\"%s %s daddr %s%s accept",
                        br, iif, s.proto, s.net, nat ? " ct state related,established" : "");
        virNftablesRule(plan, VIR_NFTABLES_CHAIN_FWD, "iifname \"%s\"%s %s saddr %s accept",
                        br, oif, s.proto, s.net);
        if (nat && virNftablesPlanNat(plan, net, &s, oif) < 0)
            return -1;
    }
    /* guests on the bridge talk to each other; nothing else passes */
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_FWD, "iifname \"%s\" oifname \"%s\" accept", br, br);
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_FWD, "iifname \"%s\" reject", br);
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_FWD, "oifname \"%s\" reject", br);

    /* DHCP and DNS from guests to the host's dnsmasq, and back */
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_IN, "iifname \"%s\" udp dport 67 accept", br);
    if (ipv6)
        virNftablesRule(plan, VIR_NFTABLES_CHAIN_IN, "iifname \"%s\" udp dport 547 accept", br);
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_IN, "iifname \"%s\" udp dport 53 accept", br);
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_IN, "iifname \"%s\" tcp dport 53 accept", br);
    virNftablesRule(plan, VIR_NFTABLES_CHAIN_OUT, "oifname \"%s\" udp dport 68 accept", br);
    if (ipv6)
        virNftablesRule(plan, VIR_NFTABLES_CHAIN_OUT, "oifname \"%s\" udp dport 546 accept", br);
    return 0;
}

/**
 * virNftablesRuleTag:
 * The comment of a rule: "lvn-" and 16 hex digits of the SHA-256 of its
 * chain and body.  Caller frees.
 */
static char *
virNftablesRuleTag(virNftablesChainKind chain, const char *body)
{
    g_autofree char *input = g_strdup_printf("%s:%s", virNftablesChainTypes[chain].prefix, body);
    g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, input, -1);

    sum[16] = '\0';
    return g_strdup_printf("lvn-%s", sum);
}

/**
 * virNftablesRemoveFormat:
 * Appends the commands that delete every chain of @bridge's network,
 * whether it exists or not ("add" first makes a missing chain exist so
 * the delete cannot fail).
 */
static void
virNftablesRemoveFormat(GString *out, const char *bridge)
{
    size_t i;

    g_string_append(out, "add table inet " VIR_NFTABLES_TABLE "\n");
    for (i = 0; i < VIR_NFTABLES_CHAIN_LAST; i++) {
        const char *p = virNftablesChainTypes[i].prefix;

        g_string_append_printf(out, "add chain inet %s %s_%s\n", VIR_NFTABLES_TABLE, p, bridge);
        g_string_append_printf(out, "delete chain inet %s %s_%s\n", VIR_NFTABLES_TABLE, p, bridge);
    }
}

/**
 * virNftablesPlanFormat:
 * Appends the commands that create @plan's chains and rules for @bridge.
 */
static void
virNftablesPlanFormat(GString *out, const char *bridge, const virNftablesPlan *plan)
{
    size_t i, j;

    for (i = 0; i < VIR_NFTABLES_CHAIN_LAST; i++) {
        const char *p = virNftablesChainTypes[i].prefix;

        if (!plan->rules[i])
            continue;
        g_string_append_printf(out, "add chain inet %s %s_%s { %s; policy accept; }\n",
                               VIR_NFTABLES_TABLE, p, bridge, virNftablesChainTypes[i].spec);
        for (j = 0; j < plan->rules[i]->len; j++) {
            const char *body = g_ptr_array_index(plan->rules[i], j);
            g_autofree char *tag = virNftablesRuleTag(i, body);

            g_string_append_printf(out, "add rule inet %s %s_%s %s comment \"%s\"\n",
                                   VIR_NFTABLES_TABLE, p, bridge, body, tag);
        }
    }
}

/**
 * virNftablesNetworkFormat:
 * @net: the network
 *
 * Returns the nftables script that replaces @net's chains with the ones
 * its mode needs (caller frees), or NULL with an error reported.  It
 * first deletes whatever chains the network had, so applying it is also
 * how rules are restored.
 */
char *
virNftablesNetworkFormat(const virNftablesNetwork *net)
{
    g_auto(virNftablesPlan) plan = { 0 };
    g_autoptr(GString) out = g_string_new(NULL);

    if (virNftablesPlanBuild(net, &plan) < 0)
        return NULL;
    virNftablesRemoveFormat(out, net->bridge);
    virNftablesPlanFormat(out, net->bridge, &plan);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* One libnftables context, kept between transactions: making one reads
 * the iproute2 tables and opens a netlink socket, and its cache of the
 * ruleset is checked against the kernel's generation before each use,
 * so another program's changes are seen.  Its socket belongs to the
 * network namespace the process was in when it was made, so a process
 * that moved gets a new one. */
static GMutex virNftablesCtxLock;
static struct nft_ctx *virNftablesCtx;
static dev_t virNftablesCtxNsDev;
static ino_t virNftablesCtxNsIno;

/**
 * virNftablesNetnsGet:
 * Sets @dev and @ino to the identity of the calling thread's network
 * namespace, which owns every table it changes.  Returns 0, or -1 with
 * an error reported.
 */
int
virNftablesNetnsGet(dev_t *dev, ino_t *ino)
{
    struct stat sb;

    if (stat("/proc/thread-self/ns/net", &sb) < 0) {
        virReportSystemError(errno, "%s", _("cannot read the network namespace"));
        return -1;
    }
    *dev = sb.st_dev;
    *ino = sb.st_ino;
    return 0;
}

/**
 * virNftablesCtxGet:
 * With virNftablesCtxLock held: returns the kept context, made (again)
 * when there is none or the process is in another network namespace
 * than the one it was made in.  NULL with an error reported.
 */
static struct nft_ctx *
virNftablesCtxGet(void)
{
    dev_t dev;
    ino_t ino;

    if (virNftablesNetnsGet(&dev, &ino) < 0)
        return NULL;
    if (virNftablesCtx && (dev != virNftablesCtxNsDev || ino != virNftablesCtxNsIno))
        g_clear_pointer(&virNftablesCtx, nft_ctx_free);
    if (virNftablesCtx)
        return virNftablesCtx;
    if (!(virNftablesCtx = nft_ctx_new(NFT_CTX_DEFAULT)) ||
        nft_ctx_buffer_output(virNftablesCtx) < 0 || nft_ctx_buffer_error(virNftablesCtx) < 0) {
        g_clear_pointer(&virNftablesCtx, nft_ctx_free);
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", _("cannot initialize libnftables"));
        return NULL;
    }
    virNftablesCtxNsDev = dev;
    virNftablesCtxNsIno = ino;
    return virNftablesCtx;
}

/**
 * virNftablesRunFlags:
 * Runs @script as one transaction with the output flags @flags
 * (NFT_CTX_OUTPUT_*), which hold for this call only.  With @output, sets
 * it to what nft printed (caller frees).  Returns 0, or -1 with an error
 * reported unless @quiet (then nothing is reported: "missing" is an
 * answer).
 */
static int
virNftablesRunFlags(const char *script, unsigned int flags, char **output, bool quiet)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&virNftablesCtxLock);
    struct nft_ctx *ctx = virNftablesCtxGet();
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    unsigned int before;
    int rc;

    if (!ctx)
        return -1;
    before = nft_ctx_output_get_flags(ctx);
    nft_ctx_output_set_flags(ctx, before | flags);
    rc = nft_run_cmd_from_buffer(ctx, script);
    nft_ctx_output_set_flags(ctx, before);
    /* reading a buffer empties it for the next transaction */
    out = g_strdup(nft_ctx_get_output_buffer(ctx));
    err = g_strdup(nft_ctx_get_error_buffer(ctx));
    if (rc != 0) {
        if (!quiet)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("cannot change firewall rules: %1$s"), g_strstrip(err));
        return -1;
    }
    if (output)
        *output = g_steal_pointer(&out);
    return 0;
}

/**
 * virNftablesRun:
 * Runs @script as one transaction.  With @output, sets it to what nft
 * printed (caller frees).  Returns 0, or -1 with an error reported
 * unless @quiet (then nothing is reported: "missing" is an answer).
 */
int
virNftablesRun(const char *script, char **output, bool quiet)
{
    return virNftablesRunFlags(script, 0, output, quiet);
}

/**
 * virNftablesRunJSON:
 * As virNftablesRun, with what nft prints (a listing) in its JSON form.
 */
int
virNftablesRunJSON(const char *script, char **output, bool quiet)
{
    return virNftablesRunFlags(script, NFT_CTX_OUTPUT_JSON, output, quiet);
}

/**
 * virNftablesNetworkAdd:
 * @net: the network
 *
 * Replaces @net's chains in the kernel with the ones it needs, in one
 * transaction: either all of them are in place or nothing changed.
 * Other networks' chains and other tables are not touched.  Returns 0,
 * or -1 with an error reported.
 */
int
virNftablesNetworkAdd(const virNftablesNetwork *net)
{
    g_autofree char *script = virNftablesNetworkFormat(net);

    if (!script)
        return -1;
    return virNftablesRun(script, NULL, false);
}

/**
 * virNftablesNetworkRemove:
 * @bridge: the network's bridge
 *
 * Deletes the network's chains, with their rules, in one transaction.
 * Missing chains are not an error.  Returns 0, or -1 with an error.
 */
int
virNftablesNetworkRemove(const char *bridge)
{
    g_autoptr(GString) out = g_string_new(NULL);

    if (virNftablesIfnameCheck(_("bridge name"), bridge) < 0)
        return -1;
    virNftablesRemoveFormat(out, bridge);
    return virNftablesRun(out->str, NULL, false);
}

/**
 * virNftablesChainTags:
 * Returns one entry per rule of a "list chain" output, in order: the
 * rule's comment, or "" for a rule without one (someone else's).  The
 * chain's own lines ("chain X {", its "type ..." line, braces) are the
 * only lines of the listing that are not rules.
 */
static GPtrArray *
virNftablesChainTags(const char *listing)
{
    GPtrArray *tags = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) lines = g_strsplit(listing, "\n", -1);
    size_t i;

    for (i = 0; lines[i]; i++) {
        const char *line = g_strstrip(lines[i]);
        const char *p;
        const char *end;

        if (!*line || g_str_has_prefix(line, "table ") || g_str_has_prefix(line, "chain ") ||
            g_str_has_prefix(line, "type ") || strcmp(line, "}") == 0)
            continue;
        if ((p = strstr(line, "comment \"")) &&
            (end = strchr(p + strlen("comment \""), '"')))
            g_ptr_array_add(tags, g_strndup(p + strlen("comment \""),
                                            end - (p + strlen("comment \""))));
        else
            g_ptr_array_add(tags, g_strdup(""));
    }
    return tags;
}

/**
 * virNftablesChainMatches:
 * True when the kernel's chain @kind of @bridge is a base chain on the
 * right hook holding exactly the rules of @rules, in order.
 */
static bool
virNftablesChainMatches(const char *bridge, virNftablesChainKind kind, GPtrArray *rules)
{
    g_autofree char *cmd = g_strdup_printf("list chain inet %s %s_%s", VIR_NFTABLES_TABLE,
                                           virNftablesChainTypes[kind].prefix, bridge);
    g_autofree char *listing = NULL;
    g_autoptr(GPtrArray) tags = NULL;
    size_t i;

    if (virNftablesRun(cmd, &listing, true) < 0)
        return false;
    if (!strstr(listing, virNftablesChainTypes[kind].hook))
        return false;
    tags = virNftablesChainTags(listing);
    if (tags->len != rules->len)
        return false;
    for (i = 0; i < rules->len; i++) {
        g_autofree char *want = virNftablesRuleTag(kind, g_ptr_array_index(rules, i));

        if (strcmp(want, g_ptr_array_index(tags, i)) != 0)
            return false;
    }
    return true;
}

/**
 * virNftablesChainExists:
 * True when the kernel has chain @kind of @bridge (one the network's mode
 * does not use: left over from another mode).
 */
static bool
virNftablesChainExists(const char *bridge, virNftablesChainKind kind)
{
    g_autofree char *cmd = g_strdup_printf("list chain inet %s %s_%s", VIR_NFTABLES_TABLE,
                                           virNftablesChainTypes[kind].prefix, bridge);

    return virNftablesRun(cmd, NULL, true) == 0;
}

/**
 * virNftablesNetworkVerify:
 * @net: the network
 *
 * For a restarted daemon: does the kernel still hold exactly @net's
 * rules (each chain present on its hook, the same rules in the same
 * order, nothing added, no chain its mode does not use)?  When not, virNftablesNetworkAdd() restores
 * them.  Returns 1 (intact), 0 (missing or changed), -1 with an error
 * reported (an invalid @net).
 */
int
virNftablesNetworkVerify(const virNftablesNetwork *net)
{
    g_auto(virNftablesPlan) plan = { 0 };
    size_t i;

    if (virNftablesPlanBuild(net, &plan) < 0)
        return -1;
    for (i = 0; i < VIR_NFTABLES_CHAIN_LAST; i++) {
        if (plan.rules[i] ? !virNftablesChainMatches(net->bridge, i, plan.rules[i])
                          : virNftablesChainExists(net->bridge, i))
            return 0;
    }
    return 1;
}
