/*
 * virnwfiltertest.c: the anti-spoofing rules and policers of ports as
 * golden files
 * (virnwfilterdata/NAME.nft, regenerate with VIR_TEST_REGENERATE_OUTPUT=1),
 * and values that try to get past the gate into rule text.  The kernel
 * side is virnwfilternettest.
 */
#include "testutils.h"
#include "virerror.h"
#include "virnwfilter.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;           /* golden file, or NULL when refused */
    const char *ifname;
    const char *mac;
    const char *ips[4];
    const char *filter;         /* "clean-traffic", a block, or NULL: .blocks */
    unsigned int blocks;
    int family;                 /* != 0: the first address's family forced to this */
    size_t nips;                /* != 0: forced count */
    const char *error;          /* for refusals: part of the message */
    guint64 rate;               /* the policer: bytes/s, 0 for none */
    guint32 burst;
} testFilterCase;

/**
 * testFilterBuild:
 * Fills @port and @ips from @c.
 */
static void
testFilterBuild(const testFilterCase *c, virNWFilterPort *port, virSocketAddr *ips)
{
    size_t i;

    memset(port, 0, sizeof(*port));
    port->ifname = c->ifname;
    g_assert(virMacAddrParse(c->mac, &port->mac) == 0);
    port->ips = ips;
    for (i = 0; i < G_N_ELEMENTS(c->ips) && c->ips[i]; i++) {
        g_assert(virSocketAddrParse(c->ips[i], AF_UNSPEC, &ips[i]) == 0);
        port->nips++;
    }
    if (c->family)
        ips[0].family = c->family;
    if (c->nips)
        port->nips = c->nips;
    port->blocks = c->blocks;
    port->police.rate = c->rate;
    port->police.burst = c->burst;
    if (c->filter)
        g_assert(virNWFilterBlocksFromName(c->filter, &port->blocks) == 0);
}

/**
 * testFilterLinesOurs:
 * Every line of @text names our own bridge table: nothing else is
 * ever touched.
 */
static int
testFilterLinesOurs(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    size_t i;

    for (i = 0; lines[i] && *lines[i]; i++) {
        if (!strstr(lines[i], " bridge " VIR_NWFILTER_TABLE)) {
            fprintf(stderr, "line outside our table: %s\n", lines[i]);
            return -1;
        }
    }
    return 0;
}

static int
testFilterOne(const void *opaque)
{
    const testFilterCase *c = opaque;
    virSocketAddr ips[G_N_ELEMENTS(c->ips)] = { 0 };
    virNWFilterPort port;
    g_autofree char *text = NULL;
    g_autofree char *path = NULL;

    testFilterBuild(c, &port, ips);
    virResetLastError();
    text = virNWFilterPortFormat(&port, NULL,
                                 VIR_NWFILTER_FORMAT_TABLE | VIR_NWFILTER_FORMAT_CHAIN);
    if (!c->name) {
        if (text) {
            fprintf(stderr, "accepted:\n%s", text);
            return -1;
        }
        if (virGetLastErrorCode() != VIR_ERR_INVALID_ARG ||
            !strstr(virGetLastErrorMessage(), c->error)) {
            fprintf(stderr, "refused with '%s'\n", virGetLastErrorMessage());
            return -1;
        }
        virResetLastError();
        return 0;
    }
    if (!text) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return -1;
    }
    if (testFilterLinesOurs(text) < 0)
        return -1;
    path = g_strdup_printf("%s/virnwfilterdata/%s.nft", virTestSrcDir(), c->name);
    return virTestCompareToFile(text, path);
}

/**
 * testFilterHeld:
 * The elements a clean-traffic port vnet0 (52:54:00:12:34:56, @ip)
 * holds once it is filtered; caller frees.
 */
static virNWFilterElements *
testFilterHeld(const char *ip)
{
    virSocketAddr addr;
    virNWFilterPort port = { .ifname = "vnet0", .ips = &addr, .nips = 1,
                             .blocks = VIR_NWFILTER_CLEAN_TRAFFIC };

    g_assert(virMacAddrParse("52:54:00:12:34:56", &port.mac) == 0);
    g_assert(virSocketAddrParse(ip, AF_UNSPEC, &addr) == 0);
    return virNWFilterPortElements(&port);
}

/**
 * testFilterRemove:
 * The removal script deletes exactly what the port holds, by value;
 * nothing for a port that holds nothing; a hostile name is refused.
 */
static int
testFilterRemove(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virNWFilterElements) held = testFilterHeld("198.18.0.10");
    g_autofree char *text = virNWFilterPortRemoveFormat("vnet0", held);
    g_autofree char *none = virNWFilterPortRemoveFormat("vnet0", NULL);
    g_autofree char *path = g_strdup_printf("%s/virnwfilterdata/remove.nft", virTestSrcDir());
    g_autofree char *bad = NULL;

    if (!text || testFilterLinesOurs(text) < 0 || virTestCompareToFile(text, path) < 0)
        return -1;
    if (g_strcmp0(none, "") != 0) {
        fprintf(stderr, "a port holding nothing: %s\n", none);
        return -1;
    }
    if ((bad = virNWFilterPortRemoveFormat("vnet0 }; flush ruleset; #", held)) ||
        virGetLastErrorCode() != VIR_ERR_INVALID_ARG)
        return -1;
    virResetLastError();
    return 0;
}

/**
 * testFilterReplace:
 * Replacing a port's filter changes only the elements that differ, in
 * one script: the same filter is no change at all; another address
 * swaps that element alone; another combination swaps the map element.
 */
static int
testFilterReplace(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virNWFilterElements) held = testFilterHeld("198.18.0.10");
    virSocketAddr addr;
    virNWFilterPort port = { .ifname = "vnet0", .ips = &addr, .nips = 1,
                             .blocks = VIR_NWFILTER_CLEAN_TRAFFIC };
    g_autofree char *same = NULL;
    g_autofree char *otherBlocks = NULL;
    g_autofree char *otherAddr = NULL;
    g_autofree char *path = g_strdup_printf("%s/virnwfilterdata/replace.nft", virTestSrcDir());

    g_assert(virMacAddrParse("52:54:00:12:34:56", &port.mac) == 0);
    g_assert(virSocketAddrParse("198.18.0.10", AF_INET, &addr) == 0);
    same = virNWFilterPortFormat(&port, held, 0);
    if (g_strcmp0(same, "") != 0) {
        fprintf(stderr, "the same filter: %s\n", same);
        return -1;
    }
    g_assert(virSocketAddrParse("198.18.0.11", AF_INET, &addr) == 0);
    port.blocks = 1u << VIR_NWFILTER_NO_IP_SPOOFING;
    otherBlocks = virNWFilterPortFormat(&port, held, 0);
    port.blocks = VIR_NWFILTER_CLEAN_TRAFFIC;
    otherAddr = virNWFilterPortFormat(&port, held, 0);
    if (g_strcmp0(otherAddr, "delete element bridge libvirt_networkd_filter v4 { \"vnet0\" . 198.18.0.10 }\n"
                          "add element bridge libvirt_networkd_filter v4 { \"vnet0\" . 198.18.0.11 }\n") != 0) {
        fprintf(stderr, "another address: %s\n", otherAddr);
        return -1;
    }
    return virTestCompareToFile(otherBlocks, path);
}

/**
 * testFilterSameRemoval:
 * The removal script of vnet0 as parsed into @held is that of @written.
 */
static int
testFilterSameRemoval(GHashTable *held, const virNWFilterElements *written)
{
    g_autofree char *removal = virNWFilterPortRemoveFormat("vnet0",
                                                           g_hash_table_lookup(held, "vnet0"));
    g_autofree char *expected = virNWFilterPortRemoveFormat("vnet0", written);

    if (g_strcmp0(removal, expected) != 0) {
        fprintf(stderr, "parsed: %s\nwritten: %s\n", removal, expected);
        return -1;
    }
    return 0;
}

/**
 * testFilterParse:
 * The kernel's listing becomes typed elements per port; elements of
 * another table or family, of an unexpected shape, or whose values do
 * not pass the gates (a name that would break out of quotes, a MAC or
 * an address that does not parse) are left out.  A parsed port's
 * removal script is the one of the port that was written.
 */
static int
testFilterParse(const void *opaque G_GNUC_UNUSED)
{
    static const char *json =
        "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},"
        " {\"table\": {\"family\": \"bridge\", \"name\": \"libvirt_networkd_filter\"}},"
        " {\"map\": {\"family\": \"bridge\", \"name\": \"ports\", \"table\": \"libvirt_networkd_filter\","
        "   \"type\": \"ifname\", \"map\": \"verdict\", \"elem\": ["
        "     [\"vnet0\", {\"jump\": {\"target\": \"blocks_1f\"}}],"
        "     [\"vnet1\\\" } ; flush ruleset\", {\"jump\": {\"target\": \"blocks_1f\"}}],"
        "     [\"vnet2\", {\"accept\": null}], [\"vnet3\"], 7]}},"
        " {\"set\": {\"family\": \"bridge\", \"name\": \"macs\", \"table\": \"libvirt_networkd_filter\","
        "   \"elem\": [{\"concat\": [\"vnet0\", \"52:54:00:12:34:56\"]},"
        "              {\"concat\": [\"vnet4\", \"52:54:00:12:34:zz\"]},"
        "              {\"concat\": [\"vnet5\"]}]}},"
        " {\"set\": {\"family\": \"bridge\", \"name\": \"v4\", \"table\": \"libvirt_networkd_filter\","
        "   \"elem\": [{\"concat\": [\"vnet0\", \"198.18.0.10\"]},"
        "              {\"concat\": [\"vnet6\", \"198.18.0.10/24\"]},"
        "              {\"concat\": [\"vnet7\", \"fd00::1\"]}]}},"
        " {\"set\": {\"family\": \"inet\", \"name\": \"v4\", \"table\": \"libvirt_networkd_filter\","
        "   \"elem\": [{\"concat\": [\"vnet8\", \"198.18.0.10\"]}]}},"
        " {\"set\": {\"family\": \"bridge\", \"name\": \"v4\", \"table\": \"bystander\","
        "   \"elem\": [{\"concat\": [\"vnet9\", \"198.18.0.10\"]}]}}]}";
    g_autoptr(GHashTable) held = virNWFilterElementsParse(json, NULL);
    g_autoptr(virNWFilterElements) written = testFilterHeld("198.18.0.10");
    g_autoptr(GHashTable) bad = NULL;

    if (!held || g_hash_table_size(held) != 1 || !g_hash_table_contains(held, "vnet0")) {
        fprintf(stderr, "parsed %u ports\n", held ? g_hash_table_size(held) : 0);
        return -1;
    }
    if (testFilterSameRemoval(held, written) < 0)
        return -1;
    if ((bad = virNWFilterElementsParse("[1, 2]", NULL)) || virGetLastErrorCode() != VIR_ERR_INTERNAL_ERROR)
        return -1;
    virResetLastError();
    return 0;
}

/**
 * testFilterPoliced:
 * The elements a port vnet0 policed at @rate bytes/s (burst @burst)
 * holds, with (@filtered) or without a clean-traffic filter.
 */
static virNWFilterElements *
testFilterPoliced(guint64 rate, guint32 burst, bool filtered)
{
    virNWFilterPort port = { .ifname = "vnet0", .police = { .rate = rate, .burst = burst },
                             .blocks = filtered ? VIR_NWFILTER_CLEAN_TRAFFIC : 0 };

    g_assert(virMacAddrParse("52:54:00:12:34:56", &port.mac) == 0);
    return virNWFilterPortElements(&port);
}

/**
 * testFilterPoliceChange:
 * A policer's changes: the same one is no change; another rate swaps
 * the object (its element first, in one script); its removal leaves the
 * filter; a map element naming another object is replaced alone.
 */
static int
testFilterPoliceChange(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virNWFilterElements) held = testFilterPoliced(1000000, 24000, true);
    g_autoptr(virNWFilterElements) foreign = testFilterPoliced(1000000, 24000, false);
    virNWFilterPort port = { .ifname = "vnet0", .police = { .rate = 1000000, .burst = 24000 },
                             .blocks = VIR_NWFILTER_CLEAN_TRAFFIC };
    g_autofree char *same = NULL;
    g_autofree char *other = NULL;
    g_autofree char *unpoliced = NULL;
    g_autofree char *remapped = NULL;
    g_autofree char *removal = NULL;

    g_assert(virMacAddrParse("52:54:00:12:34:56", &port.mac) == 0);
    same = virNWFilterPortFormat(&port, held, 0);
    port.police.rate = 2000000;
    other = virNWFilterPortFormat(&port, held, 0);
    port.police.rate = 0;
    unpoliced = virNWFilterPortFormat(&port, held, 0);
    port.police.rate = 1000000;
    port.blocks = 0;
    foreign->policeMap = VIR_NWFILTER_POLICE_MAP_FOREIGN;
    remapped = virNWFilterPortFormat(&port, foreign, 0);
    removal = virNWFilterPortRemoveFormat("vnet0", foreign);
    if (g_strcmp0(same, "") != 0 ||
        g_strcmp0(other,
                  "delete element bridge libvirt_networkd_filter limits { \"vnet0\" }\n"
                  "delete limit bridge libvirt_networkd_filter police_vnet0\n"
                  "add limit bridge libvirt_networkd_filter police_vnet0 "
                  "{ rate over 2000000 bytes/second burst 24000 bytes }\n"
                  "add element bridge libvirt_networkd_filter limits { \"vnet0\" : \"police_vnet0\" }\n") != 0 ||
        g_strcmp0(unpoliced,
                  "delete element bridge libvirt_networkd_filter limits { \"vnet0\" }\n"
                  "delete limit bridge libvirt_networkd_filter police_vnet0\n") != 0 ||
        g_strcmp0(remapped,
                  "delete element bridge libvirt_networkd_filter limits { \"vnet0\" }\n"
                  "add element bridge libvirt_networkd_filter limits { \"vnet0\" : \"police_vnet0\" }\n") != 0 ||
        g_strcmp0(removal, unpoliced) != 0) {
        fprintf(stderr, "same: %s\nother: %s\nunpoliced: %s\nremapped: %s\nremoval: %s\n",
                same, other, unpoliced, remapped, removal);
        return -1;
    }
    return 0;
}

/**
 * testFilterPoliceParse:
 * Limit objects and "limits" elements of the kernel's listing: a
 * policer of this tree's kind parses to its values (nft's kbytes are
 * 1024 bytes), so a parsed port's removal is the written one's; one of
 * another kind (per minute, packets, not "over") is held with rate 0,
 * to be replaced; an element naming another object is marked; names
 * that fail the gate, other objects and other tables are left out.
 */
static int
testFilterPoliceParse(const void *opaque G_GNUC_UNUSED)
{
    static const char *json =
        "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},"
        " {\"limit\": {\"family\": \"bridge\", \"name\": \"police_vnet0\", \"table\": \"libvirt_networkd_filter\","
        "   \"rate\": 1000000, \"per\": \"second\", \"inv\": true, \"rate_unit\": \"bytes\","
        "   \"burst\": 24000, \"burst_unit\": \"bytes\"}},"
        " {\"limit\": {\"family\": \"bridge\", \"name\": \"police_vnet1\", \"table\": \"libvirt_networkd_filter\","
        "   \"rate\": 2000, \"per\": \"second\", \"inv\": true, \"rate_unit\": \"kbytes\"}},"
        " {\"limit\": {\"family\": \"bridge\", \"name\": \"police_vnet2\", \"table\": \"libvirt_networkd_filter\","
        "   \"rate\": 2000, \"per\": \"minute\", \"inv\": true, \"rate_unit\": \"kbytes\"}},"
        " {\"limit\": {\"family\": \"bridge\", \"name\": \"police_vnet3\", \"table\": \"libvirt_networkd_filter\","
        "   \"rate\": 10, \"per\": \"second\", \"inv\": true}},"
        " {\"limit\": {\"family\": \"bridge\", \"name\": \"police_vnet4\", \"table\": \"libvirt_networkd_filter\","
        "   \"rate\": 10, \"per\": \"second\", \"rate_unit\": \"mbytes\"}},"
        " {\"limit\": {\"family\": \"bridge\", \"name\": \"police_vnet5\", \"table\": \"libvirt_networkd_filter\","
        "   \"rate\": 18446744073709551615, \"per\": \"second\", \"inv\": true, \"rate_unit\": \"mbytes\"}},"
        " {\"limit\": {\"family\": \"bridge\", \"name\": \"police_v\\\" } ; flush ruleset\","
        "   \"table\": \"libvirt_networkd_filter\", \"rate\": 1, \"per\": \"second\", \"inv\": true,"
        "   \"rate_unit\": \"bytes\"}},"
        " {\"limit\": {\"family\": \"bridge\", \"name\": \"someone_else\", \"table\": \"libvirt_networkd_filter\","
        "   \"rate\": 1, \"per\": \"second\", \"inv\": true, \"rate_unit\": \"bytes\"}},"
        " {\"limit\": {\"family\": \"inet\", \"name\": \"police_vnet6\", \"table\": \"libvirt_networkd_filter\","
        "   \"rate\": 1, \"per\": \"second\", \"inv\": true, \"rate_unit\": \"bytes\"}},"
        " {\"map\": {\"family\": \"bridge\", \"name\": \"limits\", \"table\": \"libvirt_networkd_filter\","
        "   \"type\": \"ifname\", \"map\": \"limit\", \"elem\": ["
        "     [\"vnet0\", \"police_vnet0\"], [\"vnet1\", \"police_vnet0\"],"
        "     [\"vnet7\\\" } ; flush ruleset\", \"police_vnet7\"], [\"vnet8\"], [\"vnet9\", 3]]}}]}";
    g_autoptr(GHashTable) held = virNWFilterElementsParse(json, NULL);
    g_autoptr(virNWFilterElements) written = testFilterPoliced(1000000, 24000, false);
    virNWFilterElements *e;
    size_t i;

    if (!held || g_hash_table_size(held) != 6) {
        fprintf(stderr, "parsed %u ports\n", held ? g_hash_table_size(held) : 0);
        return -1;
    }
    if (testFilterSameRemoval(held, written) < 0)
        return -1;
    e = g_hash_table_lookup(held, "vnet1");
    if (!e->hasPolice || e->police.rate != 2048000 || e->police.burst != 0 ||
        e->policeMap != VIR_NWFILTER_POLICE_MAP_FOREIGN) {
        fprintf(stderr, "vnet1: rate %llu, map %d\n",
                (unsigned long long)e->police.rate, e->policeMap);
        return -1;
    }
    /* not a policer of this tree's kind: replaced */
    for (i = 2; i <= 5; i++) {
        g_autofree char *name = g_strdup_printf("vnet%zu", i);

        e = g_hash_table_lookup(held, name);
        if (!e || !e->hasPolice || e->police.rate != 0 ||
            e->policeMap != VIR_NWFILTER_POLICE_MAP_NONE) {
            fprintf(stderr, "%s: not held as foreign\n", name);
            return -1;
        }
    }
    return 0;
}

/**
 * testFilterStaleParse:
 * The chains, sets and maps of an earlier layout in the listing (a
 * chain and a set per port) are reported to be deleted; those of the
 * layout, those of other tables, and names this tree could not have
 * written (they would break out of the command) are not.
 */
static int
testFilterStaleParse(const void *opaque G_GNUC_UNUSED)
{
    static const char *json =
        "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},"
        " {\"chain\": {\"family\": \"bridge\", \"table\": \"libvirt_networkd_filter\", \"name\": \"prerouting\"}},"
        " {\"chain\": {\"family\": \"bridge\", \"table\": \"libvirt_networkd_filter\", \"name\": \"blocks_1f\"}},"
        " {\"chain\": {\"family\": \"bridge\", \"table\": \"libvirt_networkd_filter\", \"name\": \"port_vnet0\"}},"
        " {\"chain\": {\"family\": \"bridge\", \"table\": \"libvirt_networkd_filter\","
        "   \"name\": \"x ; flush ruleset\"}},"
        " {\"chain\": {\"family\": \"bridge\", \"table\": \"libvirt_networkd_filter\", \"name\": \"9lives\"}},"
        " {\"chain\": {\"family\": \"bridge\", \"table\": \"bystander\", \"name\": \"port_vnet1\"}},"
        " {\"set\": {\"family\": \"bridge\", \"table\": \"libvirt_networkd_filter\", \"name\": \"port_vnet0_v4\"}},"
        " {\"set\": {\"family\": \"bridge\", \"table\": \"libvirt_networkd_filter\", \"name\": \"macs\"}},"
        " {\"map\": {\"family\": \"bridge\", \"table\": \"libvirt_networkd_filter\", \"name\": \"ports\"}},"
        " {\"map\": {\"family\": \"bridge\", \"table\": \"libvirt_networkd_filter\", \"name\": \"oldmap\"}}]}";
    static const char *const expected[] = { "chain port_vnet0", "set port_vnet0_v4", "map oldmap" };
    g_autoptr(GArray) stale = g_array_new(FALSE, FALSE, sizeof(virNWFilterStale));
    g_autoptr(GHashTable) held = virNWFilterElementsParse(json, stale);
    size_t i;

    if (!held || stale->len != G_N_ELEMENTS(expected)) {
        fprintf(stderr, "%u stale\n", stale->len);
        return -1;
    }
    for (i = 0; i < stale->len; i++) {
        const virNWFilterStale *st = &g_array_index(stale, virNWFilterStale, i);
        g_autofree char *got = g_strdup_printf("%s %s", st->kind, st->name);

        if (strcmp(got, expected[i]) != 0) {
            fprintf(stderr, "stale %zu: %s\n", i, got);
            return -1;
        }
    }
    return 0;
}

/**
 * testFilterNames:
 * Filter names: clean-traffic is every block; unknown names refused.
 */
static int
testFilterNames(const void *opaque G_GNUC_UNUSED)
{
    const char *bad[] = { "", "clean-traffic ", "CLEAN-TRAFFIC", "no-mac-spoofing\n",
                          "allow-arp", "qemu-announce-self" };
    unsigned int blocks = 0;
    size_t i;

    if (virNWFilterBlocksFromName("clean-traffic", &blocks) < 0 ||
        blocks != VIR_NWFILTER_CLEAN_TRAFFIC ||
        virNWFilterBlocksFromName("allow-dhcp", &blocks) < 0 ||
        blocks != 1u << VIR_NWFILTER_ALLOW_DHCP)
        return -1;
    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        if (virNWFilterBlocksFromName(bad[i], &blocks) == 0) {
            fprintf(stderr, "'%s' accepted\n", bad[i]);
            return -1;
        }
    }
    if (virNWFilterBlocksFromName(NULL, &blocks) == 0)
        return -1;
    virResetLastError();
    return 0;
}

#define NOMAC (1u << VIR_NWFILTER_NO_MAC_SPOOFING)
#define NOIP (1u << VIR_NWFILTER_NO_IP_SPOOFING)
#define NOARP (1u << VIR_NWFILTER_NO_ARP_SPOOFING)

static int
mymain(void)
{
    static const testFilterCase cases[] = {
        { "clean-traffic", "vnet0", "52:54:00:12:34:56", { "198.18.0.10" }, "clean-traffic" },
        { "clean-traffic-ipv6", "vnet1", "52:54:00:12:34:57",
          { "198.18.0.11", "fd00:198:18::11", "198.18.0.12" }, "clean-traffic" },
        { "clean-traffic-no-ip", "tap-guest.1", "52:54:00:12:34:58", { NULL }, "clean-traffic" },
        { "no-mac-spoofing", "vnet2", "52:54:00:12:34:59", { NULL }, "no-mac-spoofing" },
        { "no-ip-spoofing", "vnet3", "52:54:00:12:34:5a", { "198.18.0.13" }, "no-ip-spoofing" },
        { "no-arp-spoofing", "vnet4", "52:54:00:12:34:5b", { "198.18.0.14" }, "no-arp-spoofing" },
        { "allow-dhcp", "vnet5", "52:54:00:12:34:5c", { NULL }, "allow-dhcp" },
        { "no-other-l2-traffic", "vnet6", "52:54:00:12:34:5d", { NULL }, "no-other-l2-traffic" },
        { "mac-and-arp", "vnet7", "52:54:00:12:34:5e", { "198.18.0.15" }, NULL, NOMAC | NOARP },
        /* breaking out of the gate: names */
        { NULL, "vnet0\" drop; flush ruleset; #", "52:54:00:12:34:56", { NULL }, "clean-traffic",
          .error = "invalid port name" },
        { NULL, "vnet0 }", "52:54:00:12:34:56", { NULL }, "clean-traffic",
          .error = "invalid port name" },
        { NULL, "vnet0\n", "52:54:00:12:34:56", { NULL }, "clean-traffic",
          .error = "invalid port name" },
        { NULL, "vnet0;", "52:54:00:12:34:56", { NULL }, "clean-traffic",
          .error = "invalid port name" },
        { NULL, "v@{ports}", "52:54:00:12:34:56", { NULL }, "clean-traffic",
          .error = "invalid port name" },
        { NULL, "", "52:54:00:12:34:56", { NULL }, "clean-traffic", .error = "invalid port name" },
        { NULL, "a23456789012345x", "52:54:00:12:34:56", { NULL }, "clean-traffic",
          .error = "invalid port name" },
        { NULL, "..", "52:54:00:12:34:56", { NULL }, "clean-traffic", .error = "invalid port name" },
        /* MACs */
        { NULL, "vnet0", "00:00:00:00:00:00", { NULL }, "clean-traffic",
          .error = "not a unicast address" },
        { NULL, "vnet0", "ff:ff:ff:ff:ff:ff", { NULL }, "clean-traffic",
          .error = "not a unicast address" },
        { NULL, "vnet0", "01:00:5e:00:00:01", { NULL }, "clean-traffic",
          .error = "not a unicast address" },
        /* addresses */
        { NULL, "vnet0", "52:54:00:12:34:56", { "0.0.0.0" }, "clean-traffic",
          .error = "not a unicast IPv4" },
        { NULL, "vnet0", "52:54:00:12:34:56", { "255.255.255.255" }, "clean-traffic",
          .error = "not a unicast IPv4" },
        { NULL, "vnet0", "52:54:00:12:34:56", { "224.0.0.1" }, "clean-traffic",
          .error = "not a unicast IPv4" },
        { NULL, "vnet0", "52:54:00:12:34:56", { "::" }, "clean-traffic",
          .error = "not a unicast IPv4" },
        { NULL, "vnet0", "52:54:00:12:34:56", { "ff02::1" }, "clean-traffic",
          .error = "not a unicast IPv4" },
        { NULL, "vnet0", "52:54:00:12:34:56", { "198.18.0.10" }, "clean-traffic",
          .family = AF_UNIX, .error = "not a unicast IPv4" },
        { NULL, "vnet0", "52:54:00:12:34:56", { "198.18.0.10" }, "clean-traffic",
          .nips = VIR_NWFILTER_IPS_MAX + 1, .error = "at most" },
        /* policers */
        { "police", "vnet8", "52:54:00:12:34:5f", { NULL }, NULL, 0,
          .rate = 1000000, .burst = 24000 },
        { "clean-traffic-police", "vnet9", "52:54:00:12:34:60", { "198.18.0.16" }, "clean-traffic",
          .rate = 125000, .burst = 0 },
        { NULL, "vnet0", "52:54:00:12:34:56", { NULL }, NULL, 0,
          .rate = VIR_NWFILTER_POLICE_MAX, .burst = 1, .error = "out of range" },
        { NULL, "vnet0", "52:54:00:12:34:56", { NULL }, NULL, 0,
          .rate = VIR_NWFILTER_POLICE_MAX + 1, .error = "out of range" },
        { NULL, "vnet0 }; flush ruleset", "52:54:00:12:34:56", { NULL }, NULL, 0,
          .rate = 1000, .error = "invalid port name" },
        /* blocks */
        { NULL, "vnet0", "52:54:00:12:34:56", { NULL }, NULL, 0, .error = "building blocks" },
        { NULL, "vnet0", "52:54:00:12:34:56", { NULL }, NULL, 1u << VIR_NWFILTER_LAST,
          .error = "building blocks" },
        { NULL, "vnet0", "52:54:00:12:34:56", { NULL }, NULL, NOIP | 0x80000000u,
          .error = "building blocks" },
    };
    static const char *const suffixes[] = { ".nft", NULL };
    g_autofree char *datadir = g_build_filename(virTestSrcDir(), "virnwfilterdata", NULL);
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *title = NULL;

        if (cases[i].name)
            title = g_strdup_printf("filter: %s", cases[i].name);
        else
            title = g_strdup_printf("refused: %s (%zu)", cases[i].error, i);
        if (virTestRun(title, testFilterOne, &cases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("filter: removal script, hostile name", testFilterRemove, NULL) < 0 ||
        virTestRun("filter: replacement changes what differs", testFilterReplace, NULL) < 0 ||
        virTestRun("filter: the kernel's listing, hostile elements", testFilterParse, NULL) < 0 ||
        virTestRun("filter: names", testFilterNames, NULL) < 0 ||
        virTestRun("police: changes", testFilterPoliceChange, NULL) < 0 ||
        virTestRun("police: the kernel's listing", testFilterPoliceParse, NULL) < 0 ||
        virTestRun("an earlier layout's chains and sets", testFilterStaleParse, NULL) < 0)
        ret = -1;
    if (virTestCheckUnused(datadir, suffixes) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
