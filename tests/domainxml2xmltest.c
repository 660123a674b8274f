/*
 * domainxml2xmltest.c: domain XML round trips and invalid input
 *
 * Data in tests/domainxml2xmldata/:
 *  NAME.xml + (NAME.out.xml or nothing): parse, post-parse, validate and
 *      format; the result must equal NAME.out.xml when that file exists,
 *      else NAME.xml itself.  Every element the model does not cover must
 *      come out with the same content (compared independently of the
 *      golden file).  Formatting the result's parse again must give
 *      the same text (format is a fixed point), and the input and the
 *      output must both validate against src/conf/schemas/domain.rng.
 *  NAME.xml + NAME.err: parsing must fail; NAME.err holds the error text
 *      and, on a second line, what the RelaxNG schema says about the input
 *      (a schema change that starts accepting invalid input fails; one that
 *      starts rejecting it passes with a note until regenerated).
 *
 * The harness is tests/testxml2xml.c (shared with the network XML): it
 * seeds GLib's generator per case (g_random_set_seed), so generated
 * defaults are reproducible.  VIR_TEST_REGENERATE_OUTPUT=1 rewrites the
 * expected files.
 */
#include "testutils.h"
#include "testxml2xml.h"
#include "domain_conf.h"
#include "virerror.h"
#include "virfile.h"
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
    unsigned int parseFlags;
    unsigned int formatFlags;
} testInfo;

static char *dataDir;
static char *schemaPath;

/* Modelled children of the elements the model covers; every other child
 * (and every attribute of <driver> but name/type/queues) is kept verbatim
 * and must come out unchanged. */
static const struct {
    const char *element;
    const char * const *modelled;
} testModelled[] = {
    { "domain", (const char * const[]) {
        "name", "uuid", "title", "description", "memory", "currentMemory",
        "vcpu", "os", "features", "cpu", "clock", "on_poweroff", "on_reboot",
        "on_crash", "pm", "devices", NULL } },
    { "features", (const char * const[]) {
        "acpi", "apic", "pae", "vmport", "smm", NULL } },
    { "os", (const char * const[]) {
        "type", "kernel", "initrd", "cmdline", "boot", NULL } },
    { "devices", (const char * const[]) {
        "emulator", "disk", "controller", "interface", "serial", "console",
        "channel", "input", "graphics", "sound", "audio", "video", "redirdev", "watchdog", "memballoon", "rng",
        "panic", NULL } },
    { "disk", (const char * const[]) {
        "driver", "source", "target", "readonly", "alias", "address", "boot",
        NULL } },
    { "interface", (const char * const[]) {
        "mac", "source", "target", "model", "backend", "driver", "mtu",
        "link", "bandwidth", "vlan", "filterref", "alias", "address", "boot",
        NULL } },
    { "serial", (const char * const[]) { "source", "protocol", "target", "alias", NULL } },
    { "console", (const char * const[]) { "source", "protocol", "target", "alias", NULL } },
    { "driver", (const char * const[]) { NULL } },
};

/**
 * testCollectUnmodelled:
 * Appends to @out the normalized text of every child of @parent that its
 * entry in testModelled does not list, and recurses into the listed ones
 * that have an entry themselves.  For <driver>, its unmodelled attributes
 * are collected too.
 */
static void
testCollectUnmodelled(const xmlNode *parent, GPtrArray *out)
{
    const char * const *modelled = NULL;
    xmlNode *cur;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(testModelled); i++) {
        if (virXMLNodeNameEqual(parent, testModelled[i].element))
            modelled = testModelled[i].modelled;
    }
    if (!modelled)
        return;
    if (virXMLNodeNameEqual(parent, "driver")) {
        static const char * const driverAttrs[] = { "name", "type", "queues", NULL };
        const xmlAttr *attr;

        for (attr = parent->properties; attr; attr = attr->next) {
            g_autofree char *value = NULL;

            if (g_strv_contains(driverAttrs, (const char *)attr->name))
                continue;
            value = virXMLPropString(parent, (const char *)attr->name);
            g_ptr_array_add(out, g_strdup_printf("%s/driver@%s=%s",
                                                 (const char *)parent->parent->name,
                                                 (const char *)attr->name, value));
        }
    }

    for (cur = virXMLChildElement(parent); cur; cur = virXMLNextElement(cur)) {
        if (cur->ns || !g_strv_contains(modelled, (const char *)cur->name))
            g_ptr_array_add(out, virXMLNodeToString(cur, 0));
        else
            testCollectUnmodelled(cur, out);
    }
}

/**
 * testParse:
 * virTestXMLKind.parse for the domain XML; @opaque is the testInfo.
 */
static void *
testParse(const char *path, const char *xml, const void *opaque)
{
    const testInfo *info = opaque;

    return path ? virDomainDefParseFile(path, info->parseFlags)
                : virDomainDefParseString(xml, "(output)", info->parseFlags);
}

/**
 * testFormat:
 * virTestXMLKind.format for the domain XML.
 */
static char *
testFormat(const void *def, const void *opaque)
{
    const testInfo *info = opaque;

    return virDomainDefFormat(def, info->formatFlags);
}

/**
 * testFree:
 * virTestXMLKind.free for the domain XML.
 */
static void
testFree(void *def)
{
    virDomainDefFree(def);
}

static virTestXMLKind domainKind = {
    .maxSize = VIR_DOMAIN_XML_MAX_SIZE,
    .parse = testParse,
    .format = testFormat,
    .free = testFree,
    .collectKept = testCollectUnmodelled,
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
        return virTestXMLRoundTrip(&domainKind, info->name, info);
    case TEST_ERROR:
        return virTestXMLError(&domainKind, info->name, info);
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
    g_autoptr(GString) xml = g_string_new("<domain type='qemu'><description>");
    g_autoptr(virDomainDef) def = NULL;
    const char *expect = "XML error: document '(string)' is larger than the limit of 10485760 bytes";

    while (xml->len <= VIR_DOMAIN_XML_MAX_SIZE)
        g_string_append(xml, "0123456789abcdef");
    g_string_append(xml, "</description></domain>");

    if ((def = virDomainDefParseString(xml->str, NULL, 0))) {
        printf("an oversize document was accepted\n");
        return -1;
    }
    return virTestCompareStrings(expect, virGetLastErrorMessage());
}

/**
 * testUnmodelledSummaryAdd:
 * Appends the names of @list to @names, skipping ones already there.
 */
static void
testUnmodelledSummaryAdd(GPtrArray *names, const virDomainUnmodelled *list,
                         size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!g_ptr_array_find_with_equal_func(names, list[i].name, g_str_equal, NULL))
            g_ptr_array_add(names, list[i].name);
    }
}

/**
 * testUnmodelledSummary:
 * Names of what @def keeps verbatim (unmodelled elements, and the pieces
 * kept inside modelled devices that nothing acts on), comma separated,
 * each once; NULL when there are none.  Caller frees.
 */
static char *
testUnmodelledSummary(const virDomainDef *def)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    testUnmodelledSummaryAdd(names, def->unmodelled, def->nunmodelled);
    for (i = 0; i < def->nfeaturesKept; i++) {
        char *name = g_strdup_printf("features/%s", def->featuresKept[i].name);

        g_ptr_array_add(owned, name);
        if (!g_ptr_array_find_with_equal_func(names, name, g_str_equal, NULL))
            g_ptr_array_add(names, name);
    }
    testUnmodelledSummaryAdd(names, def->os.unmodelled, def->os.nunmodelled);
    testUnmodelledSummaryAdd(names, def->unmodelledDevices,
                             def->nunmodelledDevices);
    for (i = 0; i < def->ndisks; i++)
        testUnmodelledSummaryAdd(names, def->disks[i]->kept, def->disks[i]->nkept);
    for (i = 0; i < def->nnets; i++) {
        const virDomainNetDef *net = def->nets[i];
        size_t j;

        for (j = 0; j < net->nkept; j++) {
            if (virDomainNetKeptActedOn(net, net->kept[j].name))
                continue;
            testUnmodelledSummaryAdd(names, &net->kept[j], 1);
        }
    }
    for (i = 0; i < def->nserials; i++)
        testUnmodelledSummaryAdd(names, def->serials[i]->kept,
                                 def->serials[i]->nkept);
    for (i = 0; i < def->nconsoles; i++)
        testUnmodelledSummaryAdd(names, def->consoles[i]->kept,
                                 def->consoles[i]->nkept);
    if (names->len == 0)
        return NULL;
    g_ptr_array_add(names, NULL);
    return g_strjoinv(", ", (char **)names->pdata);
}

/**
 * testSummary:
 * What a definition keeps verbatim: unmodelled elements once each,
 * including the ones kept inside modelled devices, but not the kept
 * pieces of an interface that are acted on (virDomainNetKeptActedOn).
 */
static int
testSummary(const void *opaque G_GNUC_UNUSED)
{
    static const struct {
        const char *file;
        const char *expect;
    } cases[] = {
        { "virtinst-desktop", "metadata" },
        /* a virtio NIC's <driver> options are acted on */
        { "upstream-tuned",
          "interface/tune, interface/coalesce, interface/rom" },
        /* so is a user NIC's <ip> */
        { "net-user-passt-forward", NULL },
        { "upstream-live-running",
          "disk/backingStore" },
        /* <virtualport type='openvswitch'> on a bridge NIC is acted on */
        { "net-bridge-openvswitch", NULL },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *in = g_strdup_printf("%s/%s.xml", dataDir, cases[i].file);
        g_autoptr(virDomainDef) def = NULL;
        g_autofree char *summary = NULL;

        if (!(def = virDomainDefParseFile(in, 0)))
            return -1;
        summary = testUnmodelledSummary(def);
        if (virTestCompareStrings(cases[i].expect, summary) < 0)
            return -1;
    }
    return 0;
}

#define DO_TEST_FULL(n, k, pf, ff) \
    do { \
        static const testInfo info = { n, k, pf, ff }; \
        if (virTestRun(n, testOne, &info) < 0) \
            ret = -1; \
    } while (0)
#define DO_TEST(n) DO_TEST_FULL(n, TEST_ROUNDTRIP, 0, 0)
#define DO_TEST_ERR(n) DO_TEST_FULL(n, TEST_ERROR, 0, 0)

/**
 * mymain:
 * The case table.
 */
static int
mymain(void)
{
    static const char * const suffixes[] = { ".xml", ".err", NULL };
    int ret = 0;

    dataDir = g_strdup_printf("%s/domainxml2xmldata", virTestSrcDir());
    schemaPath = g_strdup_printf("%s/../src/conf/schemas/domain.rng", virTestSrcDir());
    domainKind.dataDir = dataDir;
    domainKind.schemaPath = schemaPath;

    /* Round trips: the domain, every interface type x backend, every
     * interface sub-element, generated defaults, unmodelled XML. */
    DO_TEST("boot-order");
    DO_TEST("chardevs");
    DO_TEST("disk-bus-inferred");
    DO_TEST("disks");
    DO_TEST("disk-kept-upstream11");
    DO_TEST("escape");
    DO_TEST("kernel-boot");
    DO_TEST("minimal");
    DO_TEST("memory-units");
    DO_TEST("memory-max");
    /* upstream's names: anything but '/' and control characters */
    DO_TEST("name-dot");
    DO_TEST("name-dotdot");
    DO_TEST("name-escape");
    DO_TEST("name-long");
    DO_TEST("name-option");
    DO_TEST("name-quotes");
    DO_TEST("name-utf8");
    DO_TEST("net-alias-user");
    DO_TEST("net-all");
    DO_TEST("net-bandwidth");
    DO_TEST("net-bandwidth-floor");
    DO_TEST("net-bandwidth-floor-only");
    DO_TEST("net-bridge");
    DO_TEST("net-bridge-backend-default");
    DO_TEST("net-bridge-helper");
    DO_TEST("net-bridge-helper-tap-vhost");
    DO_TEST("net-bridge-networkd");
    DO_TEST("net-bridge-openvswitch");
    DO_TEST("net-direct");
    DO_TEST("net-direct-modes");
    DO_TEST("net-direct-networkd");
    DO_TEST("net-driver-qemu");
    DO_TEST("net-driver-queues");
    DO_TEST("net-driver-queues-max");
    DO_TEST("net-ethernet");
    DO_TEST("net-ethernet-managed");
    DO_TEST("net-ethernet-backend-networkd");
    DO_TEST("net-ethernet-tap-vhost");
    DO_TEST("net-filterref");
    DO_TEST("net-filterref-noparam");
    DO_TEST("net-link");
    DO_TEST("net-mac-generated");
    DO_TEST("net-mac-generated-many");
    DO_TEST("net-mac-uppercase");
    DO_TEST("net-models");
    DO_TEST("net-mtu");
    DO_TEST("net-network");
    DO_TEST("net-network-networkd");
    DO_TEST("net-pci-address");
    DO_TEST("net-pci-multifunction");
    DO_TEST("net-unordered");
    DO_TEST("net-user");
    DO_TEST("net-user-passt");
    DO_TEST("net-user-passt-logfile");
    DO_TEST("net-driver-opts");
    DO_TEST_ERR("err-net-driver-queue-size");
    DO_TEST_ERR("err-net-driver-not-virtio");
    DO_TEST_ERR("err-net-driver-host-attr");
    DO_TEST("memory-dumpcore");
    DO_TEST("domain-type-hvf");
    DO_TEST_ERR("err-backend-logfile-bridge");
    DO_TEST("net-user-passt-forward");
    DO_TEST("net-user-tap");
    DO_TEST("net-vlan");
    DO_TEST("net-vlan-trunk");
    DO_TEST("title-description");
    DO_TEST("lifecycle");
    DO_TEST("machine-features");
    DO_TEST("features-kept");
    DO_TEST("features-empty");
    DO_TEST("balloon-rng");
    DO_TEST("controllers-input");
    DO_TEST("channel-unix");
    DO_TEST("controllers-kept");
    DO_TEST("controllers-pci");
    DO_TEST("balloon-rng-kept");
    DO_TEST("graphics");
    DO_TEST("graphics-kept");
    DO_TEST("watchdog-panic");
    DO_TEST("chardevs-sockets");
    DO_TEST("vcpu-current");
    DO_TEST("vcpu-cpuset");
    DO_TEST("vcpu-placement-auto");
    DO_TEST("unmodelled-devices");
    DO_TEST("unmodelled-domain");
    DO_TEST("unmodelled-os");
    DO_TEST("unmodelled-order");
    DO_TEST("unmodelled-text");
    DO_TEST("whitespace");
    /* Live-only data of a running guest's XML, dropped outside status XML. */
    DO_TEST("live-dropped");
    DO_TEST_FULL("status-portid", TEST_ROUNDTRIP, VIR_DOMAIN_DEF_PARSE_STATUS,
                 VIR_DOMAIN_DEF_FORMAT_STATUS);
    /* the ports and sockets the driver chose for the displays */
    DO_TEST_FULL("status-graphics", TEST_ROUNDTRIP, VIR_DOMAIN_DEF_PARSE_STATUS,
                 VIR_DOMAIN_DEF_FORMAT_STATUS);
    DO_TEST("graphics-live-dropped");

    /* Documents written by virt-install (see domainxml2xmldata/README). */
    DO_TEST("virtinst-bridge");
    DO_TEST("virtinst-network");
    DO_TEST("virtinst-server");
    DO_TEST("virtinst-desktop");
    DO_TEST("virtinst-twonics");

    /* Documents written by upstream libvirt 9.0's "virsh dumpxml" (see
     * domainxml2xmldata/README). */
    DO_TEST("upstream-bridge");
    DO_TEST("upstream-direct");
    DO_TEST("upstream-live-running");
    DO_TEST("upstream-network");
    DO_TEST("upstream-tuned");
    DO_TEST("upstream-twonics");

    /* Invalid input: each fails with the error in NAME.err. */
    DO_TEST_ERR("err-rng-path");
    DO_TEST_ERR("err-alias-duplicate-devices");
    DO_TEST_ERR("err-channel-name");
    DO_TEST_ERR("err-graphics-image-compression");
    DO_TEST_ERR("err-graphics-port");
    DO_TEST_ERR("err-graphics-autoport");
    DO_TEST_ERR("err-video-heads");
    DO_TEST_ERR("err-video-primary");
    DO_TEST_ERR("err-video-two-primaries");
    DO_TEST_ERR("err-audio-id");
    DO_TEST_ERR("err-audio-no-id");
    DO_TEST_ERR("err-sound-audio-id");
    DO_TEST_ERR("err-sound-codec");
    DO_TEST_ERR("err-watchdog-action");
    DO_TEST_ERR("err-panic-iobase");
    DO_TEST_ERR("err-serial-unix-no-path");
    DO_TEST_ERR("err-serial-tcp-no-host");
    DO_TEST_ERR("err-serial-tcp-service");
    DO_TEST_ERR("err-serial-tcp-protocol");
    DO_TEST_ERR("err-serial-unix-mode");
    DO_TEST_ERR("err-controller-duplicate");
    DO_TEST_ERR("err-cpu-topology-mismatch");
    DO_TEST_ERR("err-cpu-migratable-custom");
    DO_TEST_ERR("err-features-duplicate");
    DO_TEST_ERR("err-vcpu-current-over-max");
    DO_TEST_ERR("err-vcpu-current-zero");
    DO_TEST_ERR("err-vcpu-cpuset-syntax");
    DO_TEST_ERR("err-vcpu-cpuset-reversed");
    DO_TEST_ERR("err-vcpu-placement");
    DO_TEST_ERR("err-on-reboot-coredump");
    DO_TEST_ERR("err-on-poweroff-value");
    DO_TEST_ERR("err-alias-charset");
    DO_TEST_ERR("err-alias-duplicate");
    DO_TEST("backend-default-vhost");
    DO_TEST_ERR("err-backend-helper-direct");
    DO_TEST_ERR("err-backend-helper-network");
    DO_TEST_ERR("err-backend-helper-user");
    DO_TEST("backend-networkd-tap");
    DO_TEST_ERR("err-backend-networkd-user");
    DO_TEST_ERR("err-backend-passt-bridge");
    DO_TEST_ERR("err-backend-passt-network");
    DO_TEST_ERR("err-backend-unknown");
    DO_TEST_ERR("err-bandwidth-floor-bridge");
    DO_TEST_ERR("err-bandwidth-no-average");
    DO_TEST_ERR("err-bandwidth-outbound-floor");
    DO_TEST_ERR("err-billion-laughs");
    DO_TEST_ERR("err-boot-order-duplicate");
    DO_TEST_ERR("err-boot-order-with-os-boot");
    DO_TEST_ERR("err-bridge-dotdot");
    DO_TEST_ERR("err-virtualport-interfaceid");
    DO_TEST_ERR("err-bridge-nonprintable");
    DO_TEST_ERR("err-bridge-percent");
    DO_TEST_ERR("err-bridge-slash");
    DO_TEST_ERR("err-bridge-space");
    DO_TEST_ERR("err-bridge-too-long");
    DO_TEST_ERR("err-current-memory");
    DO_TEST_ERR("err-direct-dev-too-long");
    DO_TEST_ERR("err-disk-address-drive-duplicate");
    DO_TEST_ERR("err-disk-address-drive-virtio");
    DO_TEST("kept-disk-address-ccw");
    DO_TEST("kept-whole-devices");
    DO_TEST("usb-ich9-companions");
    DO_TEST_ERR("err-usb-companion-no-master");
    DO_TEST_ERR("err-usb-none-tablet");
    DO_TEST("disk-type-default");
    DO_TEST_ERR("err-disk-unknown-attr");
    DO_TEST_ERR("err-disk-target-partition");
    DO_TEST_ERR("err-disk-format-cow");
    DO_TEST_ERR("err-disk-vendor-virtio");
    DO_TEST_ERR("err-disk-product-virtio");
    DO_TEST_ERR("err-disk-product-scsi-length");
    DO_TEST_ERR("err-disk-product-control");
    DO_TEST_ERR("err-disk-vendor-length");
    DO_TEST_ERR("err-memory-too-large");
    DO_TEST_ERR("err-disk-shareable-qcow2");
    DO_TEST_ERR("err-serial-source-unknown-attr");
    DO_TEST_ERR("err-disk-driver-unknown-attr");
    DO_TEST_ERR("err-disk-no-target");
    DO_TEST_ERR("err-disk-path-newline");
    DO_TEST_ERR("err-disk-unknown-element");
    DO_TEST_ERR("err-domain-type");
    DO_TEST_ERR("err-duplicate-name");
    DO_TEST_ERR("err-ethernet-target-slash");
    DO_TEST_ERR("err-external-dtd");
    DO_TEST_ERR("err-external-entity");
    DO_TEST_ERR("err-filterref-value");
    DO_TEST_ERR("err-iface-driver-unknown-child");
    DO_TEST_ERR("err-iface-duplicate-mac-element");
    DO_TEST_ERR("err-iface-no-source");
    DO_TEST("kept-iface-script");
    DO_TEST_ERR("err-iface-source-user");
    DO_TEST_ERR("err-portforward-slirp");
    DO_TEST_ERR("err-portforward-no-range");
    DO_TEST_ERR("err-portforward-exclude-to");
    DO_TEST_ERR("err-ip-user-bad");
    DO_TEST("kept-iface-vhostuser");
    DO_TEST_ERR("err-iface-unknown-attr");
    DO_TEST_ERR("err-iface-unknown-element");
    DO_TEST_ERR("err-link-state");
    DO_TEST("mac-duplicate");
    DO_TEST_ERR("err-mac-multicast");
    DO_TEST_ERR("err-mac-syntax");
    DO_TEST_ERR("err-mac-zero");
    DO_TEST_ERR("err-malformed");
    DO_TEST_ERR("err-memory-unit");
    DO_TEST("kept-iface-model-ne2k");
    DO_TEST_ERR("err-mtu-range");
    DO_TEST_ERR("err-name-c1");
    DO_TEST_ERR("err-name-empty");
    DO_TEST_ERR("err-name-missing");
    DO_TEST_ERR("err-name-newline");
    DO_TEST_ERR("err-name-slash");
    DO_TEST_ERR("err-name-tab");
    DO_TEST_ERR("err-name-too-long");
    DO_TEST_ERR("err-network-name-slash");
    DO_TEST_ERR("err-not-domain");
    DO_TEST_ERR("err-not-utf8");
    DO_TEST_ERR("err-os-type");
    DO_TEST_ERR("err-os-unknown-child");
    DO_TEST_ERR("err-pci-address-disk-nic");
    DO_TEST_ERR("err-pci-address-duplicate");
    DO_TEST_ERR("err-pci-slot");
    DO_TEST_ERR("err-controller-pci-chassisnr");
    DO_TEST_ERR("err-controller-pci-port-slot");
    DO_TEST_ERR("err-controller-pci-bridge-on-root");
    DO_TEST_ERR("err-queues-not-virtio");
    DO_TEST_ERR("err-queues-too-many");
    DO_TEST_ERR("err-queues-zero");
    DO_TEST_ERR("err-serial-file-no-path");
    DO_TEST("kept-serial-pci-serial");
    DO_TEST_ERR("err-serial-target-unknown-child");
    DO_TEST_ERR("err-target-managed-bridge");
    DO_TEST_ERR("err-target-networkd");
    DO_TEST_ERR("err-undefined-entity");
    DO_TEST_ERR("err-uuid");
    DO_TEST_ERR("err-vlan-no-trunk");
    DO_TEST_ERR("err-vlan-duplicate-tag");
    DO_TEST_ERR("err-vlan-tag-range");

    /* upstream's define-time rules on kept elements (domain_kept_validate*.c) */
    DO_TEST("kept-rules-fw-auto");
    DO_TEST("kept-rules-fw-manual");
    DO_TEST_ERR("err-kept-bios-reboot-timeout");
    DO_TEST_ERR("err-kept-bootmenu-timeout");
    DO_TEST_ERR("err-kept-disk-auth-both");
    DO_TEST_ERR("err-kept-disk-auth-no-secret-type");
    DO_TEST_ERR("err-kept-disk-auth-secret-type");
    DO_TEST_ERR("err-kept-disk-encryption-both");
    DO_TEST_ERR("err-kept-disk-fdc-address");
    DO_TEST_ERR("err-kept-disk-luks-cipher");
    DO_TEST_ERR("err-kept-disk-luks-vmdk");
    DO_TEST_ERR("err-kept-disk-lun-file");
    DO_TEST_ERR("err-kept-disk-usb-address");
    DO_TEST_ERR("err-kept-fw-auto-efi-no-acpi");
    DO_TEST_ERR("err-kept-fw-bios-not-stateless");
    DO_TEST_ERR("err-kept-fw-bios-nvram");
    DO_TEST_ERR("err-kept-fw-enrolled-keys-no-secboot");
    DO_TEST_ERR("err-kept-fw-manual-features");
    DO_TEST_ERR("err-kept-fw-pflash-no-path");
    DO_TEST_ERR("err-kept-fw-rom-not-stateless");
    DO_TEST_ERR("err-kept-fw-stateless-nvram-template");
    DO_TEST_ERR("err-kept-fw-stateless-nvram");
    DO_TEST_ERR("err-kept-fw-uefi-no-acpi");
    DO_TEST_ERR("err-kept-graphics-egl-sdl");
    DO_TEST_ERR("err-kept-graphics-two-gl");
    DO_TEST_ERR("err-kept-input-transitional");
    DO_TEST_ERR("err-kept-reconnect-bind");
    DO_TEST_ERR("err-kept-reconnect-no-timeout");
    DO_TEST_ERR("err-kept-reconnect-timeout");
    DO_TEST_ERR("err-kept-rng-egd-no-path");
    DO_TEST_ERR("err-kept-seclabel-duplicate");
    DO_TEST_ERR("err-kept-seclabel-no-model");
    DO_TEST_ERR("err-kept-serial-pl011");
    DO_TEST_ERR("err-kept-serial-system-serial");
    DO_TEST_ERR("err-kept-shmem-msi-no-server");
    DO_TEST_ERR("err-kept-sysinfo-date-year");
    DO_TEST_ERR("err-kept-sysinfo-date");
    DO_TEST_ERR("err-kept-sysinfo-uuid");
    /* without <uuid>, the domain takes the SMBIOS system uuid (upstream) */
    DO_TEST("sysinfo-uuid-adopted");
    DO_TEST_ERR("err-kept-tpm-no-backend");
    DO_TEST_ERR("err-kept-usb-duplicate");
    DO_TEST_ERR("err-kept-usb-hub-none");
    DO_TEST_ERR("err-kept-usb-hub-port-range");
    DO_TEST_ERR("err-kept-usb-no-hub");
    DO_TEST_ERR("err-kept-usb-path-depth");
    /* a modelled device's malformed port: kept, refused with its line */
    DO_TEST_ERR("err-kept-usb-input-path-depth");
    DO_TEST_ERR("err-kept-usb-path-empty");
    DO_TEST_ERR("err-kept-usb-path-syntax");
    DO_TEST_ERR("err-kept-video-ramfb-address");
    /* Elements kept verbatim (start refuses them) that define still
     * checks as upstream does (domain_kept_validate_*.c). */
    DO_TEST_ERR("err-kept-cpu-cache-emulate-level");
    DO_TEST_ERR("err-kept-cpu-cache-passthrough-level");
    DO_TEST_ERR("err-kept-cpu-cache-passthrough-mode");
    DO_TEST_ERR("err-kept-cpu-maxphysaddr-passthrough");
    DO_TEST_ERR("err-kept-cpu-numa-cell-id");
    /* the line of a kept element's child is the document's */
    DO_TEST_ERR("err-kept-cpu-numa-cell-id-syntax");
    DO_TEST_ERR("err-kept-cpu-numa-memaccess");
    DO_TEST_ERR("err-kept-cputune-iothreadids-missing");
    DO_TEST_ERR("err-kept-cputune-iothreadsched-missing");
    DO_TEST_ERR("err-kept-cputune-vcpusched-overlap");
    DO_TEST_ERR("err-kept-features-hpt");
    DO_TEST_ERR("err-kept-hostdev-drive-disk");
    DO_TEST_ERR("err-kept-hostdev-drive-duplicate");
    DO_TEST_ERR("err-kept-hostdev-mdev-address");
    DO_TEST_ERR("err-kept-hostdev-mdev-display");
    DO_TEST_ERR("err-kept-hostdev-mdev-display-model");
    DO_TEST_ERR("err-kept-hostdev-mdev-duplicate");
    DO_TEST_ERR("err-kept-hostdev-mdev-no-uuid");
    DO_TEST_ERR("err-kept-hostdev-mdev-ramfb");
    DO_TEST_ERR("err-kept-hostdev-pci-duplicate");
    DO_TEST_ERR("err-kept-hostdev-usb-duplicate");
    DO_TEST_ERR("err-kept-hostdev-vhost-boot");
    DO_TEST_ERR("err-kept-hostdev-zpci");
    DO_TEST_ERR("err-kept-hugepages-node");
    DO_TEST_ERR("err-kept-hugepages-two-sizes");
    DO_TEST_ERR("err-kept-iommu-intel-pc");
    DO_TEST_ERR("err-kept-iommu-smmuv3-x86");
    DO_TEST_ERR("err-kept-iommu-two");
    DO_TEST_ERR("err-kept-iommu-virtio-acpi");
    DO_TEST_ERR("err-kept-iommu-virtio-address-type");
    DO_TEST_ERR("err-kept-iommu-virtio-bus");
    DO_TEST_ERR("err-kept-iommu-virtio-pc");
    DO_TEST_ERR("err-kept-maxmemory-no-numa");
    DO_TEST_ERR("err-kept-memory-target-node");
    DO_TEST_ERR("err-kept-numatune-memnode-auto");
    DO_TEST_ERR("err-kept-numatune-memnode-cellid");
    DO_TEST_ERR("err-kept-numatune-memnode-no-nodeset");
    DO_TEST_ERR("err-kept-numatune-memnode-no-numa");
    DO_TEST_ERR("err-kept-numatune-memnode-restrictive");
    DO_TEST_ERR("err-kept-numatune-memnode-twice");
    DO_TEST_ERR("err-kept-numatune-nodeset");
    DO_TEST_ERR("err-kept-numatune-static-no-nodeset");
    DO_TEST_ERR("err-kept-pxb-bus");
    DO_TEST_ERR("err-kept-pxb-machine");
    DO_TEST_ERR("err-kept-pxb-node");
    DO_TEST_ERR("err-kept-pxb-pcie-machine");
    DO_TEST_ERR("err-kept-smm-tseg-pc");
    DO_TEST_ERR("err-kept-smm-tseg-size");
    DO_TEST("kept-tuning-devices");
    /* what upstream 11.x accepts that 9.0 refused */
    DO_TEST("kept-upstream11-accepts");

    if (virTestRun("oversize document", testOversize, NULL) < 0)
        ret = -1;
    if (virTestRun("unmodelled summary", testSummary, NULL) < 0)
        ret = -1;
    if (virTestCheckUnused(dataDir, suffixes) < 0)
        ret = -1;

    g_free(dataDir);
    g_free(schemaPath);
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
