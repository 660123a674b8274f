/*
 * networkdnetworktest.c: the pure parts of the daemon's virtual networks
 *
 * What a definition becomes on the host, without the host: the dnsmasq
 * config and the nftables script of each networkdnetworkdata/NAME.xml
 * (golden NAME.conf / NAME.nft, "none" when the mode needs neither), the
 * bridge name the daemon chooses, the refusal of XML it does not act on,
 * the live record's round trip, and which leases a caller is shown.
 */
#include "testutils.h"
#include "networkd_nethost.h"
#include "networkd_network.h"
#include "virerror.h"

#include <stdio.h>
#include <string.h>

/**
 * testLoad:
 * Returns the definition in networkdnetworkdata/@name.xml, or NULL.
 */
static virNetworkDef *
testLoad(const char *name)
{
    g_autofree char *path = g_strdup_printf("%s/networkdnetworkdata/%s.xml",
                                            virTestSrcDir(), name);
    g_autofree char *xml = NULL;
    virNetworkDef *def;

    virTestMarkUsed(path);
    if (!g_file_get_contents(path, &xml, NULL, NULL) || !(def = virNetworkdNetworkParse(xml))) {
        fprintf(stderr, "%s: %s\n", path, virGetLastErrorMessage());
        return NULL;
    }
    return def;
}

/**
 * testCompare:
 * Compares @actual (NULL: "none") with networkdnetworkdata/@name.@suffix.
 */
static int
testCompare(const char *name, const char *suffix, const char *actual)
{
    g_autofree char *path = g_strdup_printf("%s/networkdnetworkdata/%s.%s",
                                            virTestSrcDir(), name, suffix);

    virTestMarkUsed(path);
    return virTestCompareToFile(actual ? actual : "none\n", path);
}

/**
 * testHostOne:
 * One definition: its dnsmasq config and its nftables script.
 */
static int
testHostOne(const void *opaque)
{
    const char *name = opaque;
    g_autoptr(virNetworkDef) def = testLoad(name);
    virNetworkdNetHostPaths paths = { 0 };
    g_autofree char *conf = NULL;
    g_autofree char *nft = NULL;
    int ret = -1;

    if (!def)
        return -1;
    virNetworkdNetHostPathsInit(&paths, "/run/libvirt/networkd/networks",
                                "5b0d4a2c31e84f7a9c1d8e2f3a4b5c6d");
    if (virNetworkdNetHostNeedsDnsmasq(def) &&
        !(conf = virNetworkdNetHostDnsmasqFormat(def, &paths, "dnsmasq"))) {
        fprintf(stderr, "dnsmasq config: %s\n", virGetLastErrorMessage());
        goto cleanup;
    }
    if (virNetworkdNetHostNeedsNftables(def)) {
        g_autofree virNftablesSubnet *subnets = g_new0(virNftablesSubnet, def->nips + 1);
        virNftablesNetwork net;

        virNetworkdNetHostNftables(def, subnets, &net);
        if (!(nft = virNftablesNetworkFormat(&net))) {
            fprintf(stderr, "nftables: %s\n", virGetLastErrorMessage());
            goto cleanup;
        }
    }
    if (testCompare(name, "conf", conf) < 0 || testCompare(name, "nft", nft) < 0)
        goto cleanup;
    ret = 0;
 cleanup:
    virNetworkdNetHostPathsClear(&paths);
    return ret;
}

/* --- bridge names --------------------------------------------------------- */

typedef struct {
    const char *what;
    const char *const *taken;   /* other networks' bridges */
    const char *const *links;   /* links of the host */
    const char *expect;         /* NULL: no name left */
} testBridgeCase;

/**
 * testLinkExists:
 * A host whose links are the NULL-terminated @opaque, plus every virbrN
 * with N >= 5 when the list starts with "all".
 */
static int
testLinkExists(const char *ifname, void *opaque)
{
    const char *const *links = opaque;

    if (links && links[0] && strcmp(links[0], "all") == 0)
        return 1;
    return links && g_strv_contains(links, ifname);
}

/**
 * testBridgeOne:
 * The name the daemon picks for a network that names no bridge.
 */
static int
testBridgeOne(const void *opaque)
{
    const testBridgeCase *c = opaque;
    g_autofree char *name = virNetworkdNetHostBridgeChoose(c->taken, testLinkExists,
                                                           (void *)c->links);

    if (!c->expect) {
        if (name) {
            fprintf(stderr, "got %s, expected a failure\n", name);
            return -1;
        }
        return virTestCompareStrings("operation failed: no free bridge name virbr0..virbr1023",
                                     virGetLastErrorMessage());
    }
    return virTestCompareStrings(c->expect, name ? name : "(none)");
}

/* --- kept XML and records ------------------------------------------------- */

/**
 * testRefuseKept:
 * A definition with XML the daemon keeps but does not act on is refused,
 * naming what, as InvalidArgument.
 */
static int
testRefuseKept(const void *opaque G_GNUC_UNUSED)
{
    const char *xml =
        "<network><name>k</name><bridge name='virbr5'/>"
        "<portgroup name='pg'/><ip address='198.18.7.1' prefix='24'/></network>";
    g_autoptr(virNetworkDef) def = NULL;

    virResetLastError();
    if ((def = virNetworkdNetworkParse(xml))) {
        fprintf(stderr, "accepted a <portgroup>\n");
        return -1;
    }
    if (virNetworkdErrorFromVirError(virGetLastError()) != VIR_NETWORKD_ERROR_INVALID_ARGUMENT)
        return -1;
    return virTestCompareStrings("unsupported configuration: network 'k': this daemon does "
                                 "not act on portgroup; remove it from the definition",
                                 virGetLastErrorMessage());
}

/**
 * testRecordRoundTrip:
 * The live record (a definition with the chosen bridge and MAC) parses
 * back to the same document.
 */
static int
testRecordRoundTrip(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virNetworkDef) def = testLoad("nat");
    g_autoptr(virNetworkDef) again = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *xml2 = NULL;

    if (!def)
        return -1;
    xml = virNetworkDefFormat(def);
    if (!(again = virNetworkdNetworkParse(xml)))
        return -1;
    xml2 = virNetworkDefFormat(again);
    return virTestCompareStrings(xml, xml2);
}

/* --- leases shown to a caller ---------------------------------------------- */

/**
 * testLeasesOne:
 * Three leases on "nat"; @opaque says which filter: 0 none, 1 the MAC
 * set of a caller owning 52:54:00:4e:44:01, 2 one MAC asked for.
 */
static int
testLeasesOne(const void *opaque)
{
    int mode = GPOINTER_TO_INT(opaque);
    static const char leaseFile[] =
        "1795800000 52:54:00:4e:44:01 198.18.4.10 guest1 01:52:54:00:4e:44:01\n"
        "1795800001 52:54:00:4e:44:02 198.18.4.150 * *\n"
        "1795800002 52:54:00:4e:44:03 198.18.4.151 other *\n";
    static const char *const expect[] = {
        "52:54:00:4e:44:01 198.18.4.10/24 guest1 virbr0,"
        "52:54:00:4e:44:02 198.18.4.150/24  virbr0,"
        "52:54:00:4e:44:03 198.18.4.151/24 other virbr0,",
        "52:54:00:4e:44:01 198.18.4.10/24 guest1 virbr0,",
        "52:54:00:4e:44:03 198.18.4.151/24 other virbr0,",
    };
    virNetworkdNetwork net = { 0 };
    g_autoptr(GHashTable) macs = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GVariant) v = NULL;
    g_autoptr(GString) got = g_string_new(NULL);
    virDnsmasqLease *leases = NULL;
    size_t nleases = 0;
    size_t nbad = 0;
    virMacAddr mac;
    GVariantIter iter;
    GVariant *e;

    if (!(net.live = testLoad("nat")) ||
        virDnsmasqLeasesParse(leaseFile, sizeof(leaseFile) - 1, &leases, &nleases, &nbad) < 0)
        return -1;
    g_hash_table_add(macs, (char *)"52:54:00:4e:44:01");
    virMacAddrParse("52:54:00:4e:44:03", &mac);
    v = g_variant_ref_sink(virNetworkdNetworkLeasesVariant(&net, leases, nleases,
                                                           mode == 1 ? macs : NULL,
                                                           mode == 2 ? &mac : NULL));
    g_variant_iter_init(&iter, v);
    while ((e = g_variant_iter_next_value(&iter))) {
        const char *m, *ip, *host, *iface;
        guint32 prefix, type;

        if (!g_variant_lookup(e, "mac", "&s", &m) || !g_variant_lookup(e, "ip-address", "&s", &ip) ||
            !g_variant_lookup(e, "prefix", "u", &prefix) ||
            !g_variant_lookup(e, "hostname", "&s", &host) ||
            !g_variant_lookup(e, "iface", "&s", &iface) ||
            !g_variant_lookup(e, "type", "u", &type) || type != 0)
            g_string_append(got, "(missing keys)");
        else
            g_string_append_printf(got, "%s %s/%u %s %s,", m, ip, prefix, host, iface);
        g_variant_unref(e);
    }
    virDnsmasqLeaseListFree(leases, nleases);
    virNetworkDefFree(net.live);
    return virTestCompareStrings(expect[mode], got->str);
}

/**
 * mymain:
 * Host translation, bridge names, refusals, records, leases.
 */
static int
mymain(void)
{
    static const char *const defs[] = { "nat", "isolated-nodhcp", "route-dns-only", "bridge-mode" };
    static const char *const none[] = { NULL };
    static const char *const t0[] = { "virbr0", NULL };
    static const char *const t2[] = { "virbr2", NULL };
    static const char *const l01[] = { "virbr0", "virbr1", NULL };
    static const char *const all[] = { "all", NULL };
    static const testBridgeCase bridges[] = {
        { "nothing in use", none, none, "virbr0" },
        { "virbr0 is another network's", t0, none, "virbr1" },
        { "virbr0 and virbr1 are host links, virbr2 a network's", t2, l01, "virbr3" },
        { "a host link is never taken, even a gap", none, l01, "virbr2" },
        { "every name in use", none, all, NULL },
    };
    static const char *const suffixes[] = { ".xml", ".conf", ".nft", NULL };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(defs); i++) {
        g_autofree char *title = g_strdup_printf("host side of %s", defs[i]);

        if (virTestRun(title, testHostOne, defs[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(bridges); i++) {
        g_autofree char *title = g_strdup_printf("bridge name: %s", bridges[i].what);

        if (virTestRun(title, testBridgeOne, &bridges[i]) < 0)
            ret = -1;
    }
    if (virTestRun("kept XML is refused, named", testRefuseKept, NULL) < 0 ||
        virTestRun("the live record round-trips", testRecordRoundTrip, NULL) < 0 ||
        virTestRun("leases: all (uid 0, leases-any)", testLeasesOne, GINT_TO_POINTER(0)) < 0 ||
        virTestRun("leases: the caller's ports' MACs only", testLeasesOne, GINT_TO_POINTER(1)) < 0 ||
        virTestRun("leases: one MAC asked for", testLeasesOne, GINT_TO_POINTER(2)) < 0)
        ret = -1;
    {
        g_autofree char *dir = g_build_filename(virTestSrcDir(), "networkdnetworkdata", NULL);

        if (virTestCheckUnused(dir, suffixes) < 0)
            ret = -1;
    }
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
