/*
 * networkxml2xmltest.c: network XML round trips, invalid input, the DNS
 * name rule and the cross-network conflict check
 *
 * Data in tests/networkxml2xmldata/:
 *  NAME.xml + (NAME.out.xml or nothing): parse, post-parse, validate and
 *      format; the result must equal NAME.out.xml when that file exists,
 *      else NAME.xml itself.  Every piece the model keeps without acting
 *      on it must come out with the same content (compared independently
 *      of the golden file), format must be a fixed point, and the input
 *      and the output must both validate against
 *      src/conf/schemas/network.rng.
 *  NAME.xml + NAME.err: parsing must fail; NAME.err holds the error text
 *      and, on a second line, what the RelaxNG schema says about the input.
 *
 * The harness is tests/testxml2xml.c (shared with the domain XML): it
 * seeds GLib's generator per case, so generated uuids and MACs are
 * reproducible.  VIR_TEST_REGENERATE_OUTPUT=1 rewrites the expected files.
 */
#include "testutils.h"
#include "testxml2xml.h"
#include "network_conf.h"
#include "virerror.h"
#include "virxml.h"

#include <stdio.h>
#include <string.h>

typedef enum {
    TEST_ROUNDTRIP,
    TEST_ERROR,
} testKind;

typedef struct {
    const char *name;
    testKind kind;
} testInfo;

static char *dataDir;

/* Modelled children of the elements that have kept children; every
 * other child of those is kept verbatim.  Elements not listed here are
 * modelled whole. */
static const struct {
    const char *element;
    const char * const *modelled;
} testModelled[] = {
    { "network", (const char * const[]) {
        "name", "uuid", "forward", "bridge", "mtu", "mac", "domain", "dns",
        "bandwidth", "ip", "virtualport", NULL } },
    { "forward", (const char * const[]) { "nat", "interface", NULL } },
    { "dns", (const char * const[]) { "forwarder", "host", NULL } },
    { "host", (const char * const[]) { "hostname", NULL } },
    { "ip", (const char * const[]) { "dhcp", NULL } },
    { "dhcp", (const char * const[]) { "range", "host", NULL } },
};

/* Attributes kept verbatim, as "element@attr". */
static const char * const testKeptAttrs[] = {
    "network@ipv6", "network@trustGuestRxFilters", "bridge@zone",
    "bridge@macTableManager", "domain@register", "dns@forwardPlainNames",
    "nat@ipv6", "ip@localPtr", NULL
};

/**
 * testCollectKept:
 * Appends to @out the normalized text of every kept child and attribute
 * under @parent.
 */
static void
testCollectKept(const xmlNode *parent, GPtrArray *out)
{
    const char * const *modelled = NULL;
    const xmlAttr *attr;
    xmlNode *cur;
    size_t i;

    for (attr = parent->properties; attr; attr = attr->next) {
        g_autofree char *key = g_strdup_printf("%s@%s", (const char *)parent->name,
                                               (const char *)attr->name);
        g_autofree char *value = NULL;

        if (!g_strv_contains(testKeptAttrs, key))
            continue;
        value = virXMLPropString(parent, (const char *)attr->name);
        g_ptr_array_add(out, g_strdup_printf("%s=%s", key, value));
    }
    for (i = 0; i < G_N_ELEMENTS(testModelled); i++) {
        if (virXMLNodeNameEqual(parent, testModelled[i].element))
            modelled = testModelled[i].modelled;
    }
    if (!modelled)
        return;
    for (cur = virXMLChildElement(parent); cur; cur = virXMLNextElement(cur)) {
        /* <ovn:switch> is the one modelled namespaced element */
        if (cur->ns && virXMLNodeNameEqual(parent, "network") &&
            g_strcmp0((const char *)cur->ns->href, VIR_NETWORK_OVN_NAMESPACE) == 0 &&
            strcmp((const char *)cur->name, "switch") == 0)
            continue;
        if (cur->ns || !g_strv_contains(modelled, (const char *)cur->name))
            g_ptr_array_add(out, virXMLNodeToString(cur, 0));
        else
            testCollectKept(cur, out);
    }
}

/**
 * testParse:
 * virTestXMLKind.parse for the network XML.
 */
static void *
testParse(const char *path, const char *xml, const void *opaque G_GNUC_UNUSED)
{
    return path ? virNetworkDefParseFile(path, 0)
                : virNetworkDefParseString(xml, "(output)", 0);
}

/**
 * testFormat:
 * virTestXMLKind.format for the network XML.
 */
static char *
testFormat(const void *def, const void *opaque G_GNUC_UNUSED)
{
    return virNetworkDefFormat(def);
}

/**
 * testFree:
 * virTestXMLKind.free for the network XML.
 */
static void
testFree(void *def)
{
    virNetworkDefFree(def);
}

static virTestXMLKind networkKind = {
    .maxSize = VIR_NETWORK_XML_MAX_SIZE,
    .parse = testParse,
    .format = testFormat,
    .free = testFree,
    .collectKept = testCollectKept,
};

/**
 * testOne:
 * virTestRun body.
 */
static int
testOne(const void *opaque)
{
    const testInfo *info = opaque;

    switch (info->kind) {
    case TEST_ROUNDTRIP:
        return virTestXMLRoundTrip(&networkKind, info->name, NULL);
    case TEST_ERROR:
        return virTestXMLError(&networkKind, info->name, NULL);
    }
    return -1;
}

/**
 * testOversize:
 * A document one byte over the limit fails before libxml2 sees it.
 */
static int
testOversize(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GString) xml = g_string_new("<network><name>big</name><metadata>");
    g_autoptr(virNetworkDef) def = NULL;
    const char *expect = "XML error: document '(string)' is larger than the limit of 1048576 bytes";

    while (xml->len <= VIR_NETWORK_XML_MAX_SIZE)
        g_string_append(xml, "0123456789abcdef");
    g_string_append(xml, "</metadata></network>");
    if ((def = virNetworkDefParseString(xml->str, NULL, 0))) {
        printf("an oversize document was accepted\n");
        return -1;
    }
    return virTestCompareStrings(expect, virGetLastErrorMessage());
}

/**
 * testDNSNameOne:
 * virNetworkDNSNameValidate(@name) must accept (@valid) or refuse it.
 * Returns 0 or -1.
 */
static int
testDNSNameOne(const char *name, bool valid)
{
    int rc = virNetworkDNSNameValidate(name, "host name");

    virResetLastError();
    if ((rc == 0) != valid) {
        g_autofree char *shown = g_strescape(name, NULL);

        printf("'%s' should be %s\n", shown, valid ? "accepted" : "refused");
        return -1;
    }
    return 0;
}

/**
 * testDNSNames:
 * The one gate for names that reach dnsmasq.
 */
static int
testDNSNames(const void *opaque G_GNUC_UNUSED)
{
    static const struct {
        const char *name;
        bool valid;
    } cases[] = {
        { "a", true }, { "web-1", true }, { "guest.example.org", true },
        { "0abc", true }, { "xn--bcher-kva.example", true },
        { "", false }, { ".", false }, { "a.", false }, { ".a", false },
        { "a..b", false }, { "-a", false }, { "a-", false }, { "a-.b", false },
        { "a b", false }, { "a\nb", false }, { "a\rb", false }, { "a\tb", false },
        { "a#b", false }, { "a,b", false }, { "a=b", false }, { "a/b", false },
        { "a_b", false }, { "a\x01", false }, { "caf\xc3\xa9", false },
        { "host\naddress=/evil/198.18.0.66", false },
        { "server=198.18.0.66", false }, { "a,198.18.0.9", false },
    };
    g_autofree char *label63 = g_strnfill(63, 'a');
    g_autofree char *label64 = g_strnfill(64, 'a');
    g_autofree char *name253 = g_strdup_printf("%s.%s.%s.%s", label63, label63,
                                               label63, label63 + 2);
    g_autofree char *name254 = g_strdup_printf("%s.%s.%s.%s", label63, label63,
                                               label63, label63 + 1);
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (testDNSNameOne(cases[i].name, cases[i].valid) < 0)
            ret = -1;
    }
    if (testDNSNameOne(label63, true) < 0 || testDNSNameOne(label64, false) < 0 ||
        testDNSNameOne(name253, true) < 0 || testDNSNameOne(name254, false) < 0)
        ret = -1;
    return ret;
}

/* The host seen by testConflicts: one link and one subnet in use. */
typedef struct {
    const char *link;       /* a host link that is no network's bridge */
    virSocketAddr net;      /* a subnet the host uses ... */
    unsigned int prefix;
    int calls;
} testHost;

/**
 * testLinkInUse:
 * virNetworkHostCallbacks.linkInUse over a testHost.
 */
static int
testLinkInUse(const char *ifname, void *opaque)
{
    testHost *host = opaque;

    host->calls++;
    return strcmp(ifname, host->link) == 0;
}

/**
 * testSubnetInUse:
 * virNetworkHostCallbacks.subnetInUse over a testHost.
 */
static int
testSubnetInUse(const virSocketAddr *addr, unsigned int prefix, char **where,
                void *opaque)
{
    testHost *host = opaque;

    host->calls++;
    if (!virSocketAddrSubnetsOverlap(addr, prefix, &host->net, host->prefix))
        return 0;
    *where = g_strdup("eth0");
    return 1;
}

/**
 * testConflictOne:
 * virNetworkDefCheckConflicts(@xml vs the others) must give @expect (NULL:
 * success, else the error message).  Returns 0 or -1.
 */
static int
testConflictOne(const char *xml, const virNetworkDef * const *others,
                size_t nothers, const virNetworkHostCallbacks *cb,
                const char *expect)
{
    g_autoptr(virNetworkDef) def = virNetworkDefParseString(xml, NULL, 0);
    int rc;

    if (!def)
        return -1;
    rc = virNetworkDefCheckConflicts(def, others, nothers, cb);
    if (!expect) {
        if (rc < 0)
            printf("unexpected conflict: %s\n", virGetLastErrorMessage());
        return rc;
    }
    if (rc == 0) {
        printf("expected a conflict: %s\n", expect);
        return -1;
    }
    rc = virTestCompareStrings(expect, virGetLastErrorMessage());
    virResetLastError();
    return rc;
}

#define NET(name, extra) \
    "<network><name>" name "</name>" extra "</network>"

/**
 * testConflicts:
 * The pure cross-network check with an injected host.
 */
static int
testConflicts(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virNetworkDef) a = virNetworkDefParseString(
        NET("a", "<uuid>11111111-2222-3333-4444-555555555555</uuid>"
                 "<bridge name='virbr7'/>"
                 "<ip address='198.18.1.1' prefix='24'/>"), NULL, 0);
    g_autoptr(virNetworkDef) b = virNetworkDefParseString(
        NET("b", "<forward mode='bridge'/><bridge name='br0'/>"), NULL, 0);
    const virNetworkDef *others[2];
    testHost host = { .link = "eth9", .prefix = 16 };
    virNetworkHostCallbacks cb = {
        .linkInUse = testLinkInUse, .subnetInUse = testSubnetInUse, .opaque = &host,
    };
    int ret = 0;

    if (!a || !b)
        return -1;
    others[0] = a;
    others[1] = b;
    if (virSocketAddrParse("198.19.0.0", AF_INET, &host.net) < 0)
        return -1;

    /* no conflict: another subnet, another bridge */
    if (testConflictOne(NET("c", "<bridge name='virbr8'/><ip address='198.18.2.1' prefix='24'/>"),
                        others, 2, &cb, NULL) < 0 ||
        /* redefining "a" itself is no conflict */
        testConflictOne(NET("a", "<bridge name='virbr7'/><ip address='198.18.1.1' prefix='24'/>"),
                        others, 2, &cb, NULL) < 0 ||
        testConflictOne(NET("c", "<ip address='198.18.1.129' prefix='25'/>"), others, 2, NULL,
                        "Requested operation is not valid: network 'c': subnet 198.18.1.129/25 overlaps 198.18.1.1/24 of network 'a'") < 0 ||
        testConflictOne(NET("c", "<ip address='198.18.0.1' prefix='16'/>"), others, 2, NULL,
                        "Requested operation is not valid: network 'c': subnet 198.18.0.1/16 overlaps 198.18.1.1/24 of network 'a'") < 0 ||
        testConflictOne(NET("c", "<bridge name='virbr7'/>"), others, 2, NULL,
                        "Requested operation is not valid: network 'c': bridge name 'virbr7' is already used by network 'a'") < 0 ||
        testConflictOne(NET("c", "<bridge name='br0'/>"), others, 2, NULL,
                        "Requested operation is not valid: network 'c': bridge name 'br0' is already used by network 'b'") < 0 ||
        testConflictOne(NET("c", "<uuid>11111111-2222-3333-4444-555555555555</uuid>"),
                        others, 2, NULL,
                        "Requested operation is not valid: network 'c': uuid 11111111-2222-3333-4444-555555555555 is already used by network 'a'") < 0 ||
        testConflictOne(NET("c", "<bridge name='eth9'/>"), others, 2, &cb,
                        "Requested operation is not valid: network 'c': bridge name 'eth9' is taken by a host interface that is not a network's bridge") < 0 ||
        /* a host bridge is meant to exist: no link check */
        testConflictOne(NET("c", "<forward mode='bridge'/><bridge name='eth9'/>"), others, 2, &cb,
                        NULL) < 0 ||
        testConflictOne(NET("c", "<ip address='198.19.4.1' prefix='24'/>"), others, 2, &cb,
                        "Requested operation is not valid: network 'c': subnet 198.19.4.1/24 is already in use on the host (eth0)") < 0)
        ret = -1;
    if (host.calls == 0) {
        printf("the host callbacks were never called\n");
        ret = -1;
    }
    return ret;
}

/**
 * testSummary:
 * The "not acted on" summary names kept pieces once each.
 */
static int
testSummary(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *in = g_strdup_printf("%s/kept-upstream.xml", dataDir);
    g_autoptr(virNetworkDef) def = virNetworkDefParseFile(in, 0);
    g_autofree char *summary = NULL;
    g_autoptr(virNetworkDef) plain = virNetworkDefParseString(NET("p", ""), NULL, 0);

    g_autofree char *nsPath = g_strdup_printf("%s/kept-namespace.xml", dataDir);
    g_autoptr(virNetworkDef) ns = virNetworkDefParseFile(nsPath, 0);
    g_autofree char *nsSummary = NULL;

    if (!def || !plain || !ns)
        return -1;
    nsSummary = virNetworkDefUnmodelledSummary(ns);
    if (virTestCompareStrings("dnsmasq:options", nsSummary) < 0)
        return -1;
    if (virNetworkDefUnmodelledSummary(plain)) {
        printf("a plain network has kept XML\n");
        return -1;
    }
    summary = virNetworkDefUnmodelledSummary(def);
    return virTestCompareStrings(
        "network@ipv6, network@trustGuestRxFilters, title, description, metadata, "
        "bridge@zone, domain@register, dns@forwardPlainNames, dns/txt, dns/srv, vlan, "
        "port, route, portgroup, ip@localPtr, ip/tftp, dhcp/bootp, dhcp/host/lease",
        summary);
}

#define DO_TEST_FULL(n, k) \
    do { \
        static const testInfo info = { n, k }; \
        if (virTestRun(n, testOne, &info) < 0) \
            ret = -1; \
    } while (0)
#define DO_TEST(n) DO_TEST_FULL(n, TEST_ROUNDTRIP)
#define DO_TEST_ERR(n) DO_TEST_FULL(n, TEST_ERROR)

/**
 * mymain:
 * The case table.
 */
static int
mymain(void)
{
    static const char * const suffixes[] = { ".xml", ".err", NULL };
    g_autofree char *schemaPath = NULL;
    int ret = 0;

    dataDir = g_strdup_printf("%s/networkxml2xmldata", virTestSrcDir());
    networkKind.dataDir = dataDir;
    networkKind.schemaPath = schemaPath = g_strdup_printf("%s/../src/conf/schemas/network.rng",
                                                       virTestSrcDir());

    /* Documents others write (see networkxml2xmldata/README). */
    DO_TEST("debian-default");
    DO_TEST("virtmanager-nat");
    DO_TEST("upstream-dumpxml");

    /* Round trips: every mode and element. */
    DO_TEST("isolated");
    DO_TEST("nat-address-port");
    DO_TEST("nat-forward-dev");
    DO_TEST("route");
    DO_TEST("route-ipv6");
    DO_TEST("open");
    DO_TEST("host-bridge");
    DO_TEST("ipv6-dhcp");
    DO_TEST("dual-stack");
    DO_TEST("dhcp-hosts-leases");
    DO_TEST("dns-hosts-forwarders");
    DO_TEST("dns-disabled");
    DO_TEST("domain-local");
    DO_TEST("bandwidth");
    DO_TEST("mtu-mac-stp");
    DO_TEST("prefix-default");
    DO_TEST("kept-upstream");
    DO_TEST("kept-namespace");
    DO_TEST("kept-nat-ipv6");
    DO_TEST("live-connections");
    DO_TEST("ovs-bridge");
    DO_TEST("ovn-dhcp");
    DO_TEST("ovn-minimal");
    DO_TEST("ovn-no-ip");
    DO_TEST("ovn-northbound");

    /* Invalid input: each fails with the error in NAME.err. */
    DO_TEST_ERR("err-billion-laughs");
    DO_TEST_ERR("err-bridge-bad-char");
    DO_TEST_ERR("err-bridge-mode-ip");
    DO_TEST_ERR("err-bridge-mode-no-name");
    DO_TEST_ERR("err-bridge-mode-stp");
    DO_TEST_ERR("err-bridge-too-long");
    DO_TEST_ERR("err-dhcp-host-duplicate-ip");
    DO_TEST_ERR("err-dhcp-host-duplicate-mac");
    DO_TEST_ERR("err-dhcp-host-name-comma");
    DO_TEST_ERR("err-dhcp-host-name-newline");
    DO_TEST_ERR("err-dhcp-host-no-ip");
    DO_TEST_ERR("err-dhcp-host-outside");
    DO_TEST_ERR("err-dhcp-host-v6-mac");
    DO_TEST_ERR("err-dhcp-lease-short");
    DO_TEST_ERR("err-dhcp-range-broadcast");
    DO_TEST_ERR("err-dhcp-range-outside");
    DO_TEST_ERR("err-dhcp-range-overlap");
    DO_TEST_ERR("err-dhcp-range-reversed");
    DO_TEST_ERR("err-dhcp-two-ipv4");
    DO_TEST_ERR("err-dns-disabled-hosts");
    DO_TEST_ERR("err-dns-forwarder-empty");
    DO_TEST_ERR("err-dns-forwarder-domain-option");
    DO_TEST_ERR("err-dns-hostname-hash");
    DO_TEST_ERR("err-dns-hostname-newline");
    DO_TEST_ERR("err-dns-hostname-option");
    DO_TEST_ERR("err-dns-host-no-name");
    DO_TEST_ERR("err-domain-name-equals");
    DO_TEST_ERR("err-domain-name-space");
    DO_TEST_ERR("err-forward-mode-hostdev");
    DO_TEST_ERR("err-forward-mode-unknown");
    DO_TEST_ERR("err-ip-family-mismatch");
    DO_TEST_ERR("err-ip-netmask-and-prefix");
    DO_TEST_ERR("err-ip-netmask-holes");
    DO_TEST_ERR("err-ip-prefix-range");
    DO_TEST_ERR("err-ip-unknown-child");
    DO_TEST_ERR("err-mac-multicast");
    DO_TEST_ERR("err-malformed");
    DO_TEST_ERR("err-mtu-range");
    DO_TEST_ERR("err-name-dot");
    DO_TEST_ERR("err-name-missing");
    DO_TEST_ERR("err-name-slash");
    DO_TEST_ERR("err-name-too-long");
    DO_TEST_ERR("err-nat-ipv6-only");
    DO_TEST_ERR("err-nat-in-route");
    DO_TEST_ERR("err-nat-port-reversed");
    DO_TEST_ERR("err-not-network");
    DO_TEST_ERR("err-uuid");
    DO_TEST_ERR("err-bandwidth-floor-above-average");
    DO_TEST_ERR("err-bandwidth-no-average");
    DO_TEST_ERR("err-forward-interface-mismatch");
    DO_TEST_ERR("err-open-dev");
    DO_TEST_ERR("err-forward-dev-bad");
    DO_TEST_ERR("err-dhcp-host-duplicate-name");
    DO_TEST_ERR("err-dhcp-host-no-identity");
    DO_TEST_ERR("err-dhcp-range-family");
    DO_TEST_ERR("err-dhcp-two-ipv6");
    DO_TEST_ERR("err-ipv6-netmask");
    DO_TEST_ERR("err-name-newline");
    DO_TEST_ERR("err-dhcp-host-name-dnsmasq-tag");
    DO_TEST_ERR("err-duplicate-bridge");
    DO_TEST_ERR("err-kept-unknown-dns-child");
    DO_TEST_ERR("err-ovn-dns");
    DO_TEST_ERR("err-ovn-host-name");
    DO_TEST_ERR("err-ovn-ip-no-dhcp");
    DO_TEST_ERR("err-ovn-ipv6");
    DO_TEST_ERR("err-ovn-leases-differ");
    DO_TEST_ERR("err-ovn-northbound-dotdot");
    DO_TEST_ERR("err-ovn-northbound-list");
    DO_TEST_ERR("err-ovn-northbound-relative");
    DO_TEST_ERR("err-ovn-northbound-tcp");
    DO_TEST_ERR("err-ovn-switch-bad-name");
    DO_TEST_ERR("err-ovn-switch-create");
    DO_TEST_ERR("err-ovn-switch-no-virtualport");
    DO_TEST_ERR("err-ovs-bridge-ip");
    DO_TEST_ERR("err-virtualport-nat");
    DO_TEST_ERR("err-virtualport-parameters");
    DO_TEST_ERR("err-virtualport-type");

    if (virTestRun("oversize document", testOversize, NULL) < 0)
        ret = -1;
    if (virTestRun("DNS names", testDNSNames, NULL) < 0)
        ret = -1;
    if (virTestRun("conflicts across networks and the host", testConflicts, NULL) < 0)
        ret = -1;
    if (virTestRun("kept summary", testSummary, NULL) < 0)
        ret = -1;
    if (virTestCheckUnused(dataDir, suffixes) < 0)
        ret = -1;

    g_free(dataDir);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
