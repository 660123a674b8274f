/*
 * domainaddrtest.c: device addresses assigned at define time
 *
 * - tests/domainaddrdata/NAME.xml is parsed, given its addresses
 *   (virDomainDefAssignAddresses, what "virsh define" stores) and
 *   formatted: compared with NAME.out.xml (VIR_TEST_REGENERATE_OUTPUT=1
 *   rewrites it), which must define again unchanged.
 * - Upstream's yardstick: the documents upstream libvirt 9.0 wrote
 *   (tests/domainxml2xmldata/upstream-*.out.xml) with every PCI, drive
 *   and USB address taken out get back exactly the addresses upstream
 *   gave them.
 * - Stability: a device added to a defined domain gets a new address and
 *   no other device moves; a device removed frees its slot only.
 */
#include "testutils.h"
#include "domain_addr.h"
#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <string.h>

static char *dataDir;

/**
 * testDefine:
 * Parses @xml and assigns addresses, as define does.  Returns the
 * definition formatted (caller frees), or NULL after printing the error.
 */
static char *
testDefine(const char *xml, const char *what)
{
    g_autoptr(virDomainDef) def = virDomainDefParseString(xml, what, 0);

    if (!def || virDomainDefAssignAddresses(def) < 0) {
        printf("cannot define %s: %s\n", what, virGetLastErrorMessage());
        return NULL;
    }
    return virDomainDefFormat(def, VIR_DOMAIN_DEF_FORMAT_INACTIVE);
}

/* NAME.xml -> NAME.out.xml, which is a fixed point of define. */
static int
testAssign(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *in = g_strdup_printf("%s/%s.xml", dataDir, name);
    g_autofree char *out = g_strdup_printf("%s/%s.out.xml", dataDir, name);
    g_autofree char *xml = NULL;
    g_autofree char *actual = NULL;
    g_autofree char *again = NULL;

    virTestMarkUsed(in);
    if (virFileReadAll(in, 1024 * 1024, &xml) < 0 ||
        !(actual = testDefine(xml, in)) ||
        virTestCompareToFile(actual, out) < 0 ||
        !(again = testDefine(actual, out)))
        return -1;
    return virTestCompareStrings(actual, again);
}

/**
 * testStripAddresses:
 * @xml with every <address type='pci|drive|usb' .../> line removed.
 * Caller frees.
 */
static char *
testStripAddresses(const char *xml)
{
    g_autoptr(GRegex) re = g_regex_new("^ *<address type='(pci|drive|usb)'[^>]*/>\n",
                                       G_REGEX_MULTILINE, 0, NULL);

    return g_regex_replace_literal(re, xml, -1, 0, "", 0, NULL);
}

/* Upstream's own output without addresses gets upstream's addresses back. */
static int
testUpstream(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *path = g_strdup_printf("%s/../domainxml2xmldata/%s.out.xml",
                                            dataDir, name);
    g_autofree char *xml = NULL;
    g_autofree char *stripped = NULL;
    g_autofree char *expect = NULL;
    g_autofree char *actual = NULL;
    g_autoptr(virDomainDef) def = NULL;

    if (virFileReadAll(path, 1024 * 1024, &xml) < 0 ||
        !(def = virDomainDefParseString(xml, path, 0)) ||
        !(expect = virDomainDefFormat(def, VIR_DOMAIN_DEF_FORMAT_INACTIVE))) {
        printf("%s: %s\n", path, virGetLastErrorMessage());
        return -1;
    }
    stripped = testStripAddresses(xml);
    if (strcmp(stripped, xml) == 0) {
        printf("%s has no address to take out\n", path);
        return -1;
    }
    if (!(actual = testDefine(stripped, path)))
        return -1;
    return virTestCompareStrings(expect, actual);
}

/**
 * testAddressLines:
 * The <address .../> lines of @xml (with their device's first line for
 * context), in order.  Caller frees.
 */
static GPtrArray *
testAddressLines(const char *xml)
{
    g_auto(GStrv) lines = g_strsplit(xml, "\n", -1);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    for (i = 0; lines[i]; i++) {
        if (strstr(lines[i], "<address "))
            g_ptr_array_add(out, g_strdup(g_strstrip(lines[i])));
    }
    return out;
}

/* Every address of @before is still in @after.  Returns 0 or -1. */
static int
testAllKept(const char *before, const char *after)
{
    g_autoptr(GPtrArray) a = testAddressLines(before);
    g_autoptr(GPtrArray) b = testAddressLines(after);
    guint i, j;

    for (i = 0; i < a->len; i++) {
        for (j = 0; j < b->len; j++) {
            if (strcmp(a->pdata[i], b->pdata[j]) == 0)
                break;
        }
        if (j == b->len) {
            printf("address moved or lost: %s\n", (char *)a->pdata[i]);
            return -1;
        }
    }
    return 0;
}

/**
 * testAddDevice:
 * @xml with @device inserted before </devices>.  Caller frees.
 */
static char *
testAddDevice(const char *xml, const char *device)
{
    const char *end = strstr(xml, "  </devices>");

    g_assert(end);
    return g_strdup_printf("%.*s%s%s", (int)(end - xml), xml, device, end);
}

/* Define, add a NIC, a disk and an e1000, define again: nothing moves,
 * the new devices get addresses (on q35: new root ports and a bridge). */
static int
testStable(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *in = g_strdup_printf("%s/%s.xml", dataDir, name);
    g_autofree char *xml = NULL;
    g_autofree char *first = NULL;
    g_autofree char *grown = NULL;
    g_autofree char *second = NULL;
    g_autofree char *third = NULL;
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) after = NULL;
    static const char *nic =
        "    <interface type='bridge'>\n"
        "      <source bridge='br1'/>\n"
        "      <mac address='52:54:00:aa:bb:01'/>\n"
        "      <model type='virtio'/>\n"
        "    </interface>\n"
        "    <interface type='bridge'>\n"
        "      <source bridge='br1'/>\n"
        "      <mac address='52:54:00:aa:bb:02'/>\n"
        "      <model type='e1000'/>\n"
        "    </interface>\n"
        "    <disk type='file' device='disk'>\n"
        "      <source file='/var/lib/guests/data.img'/>\n"
        "      <target dev='vdz' bus='virtio'/>\n"
        "    </disk>\n";

    if (virFileReadAll(in, 1024 * 1024, &xml) < 0 ||
        !(first = testDefine(xml, in)))
        return -1;
    grown = testAddDevice(first, nic);
    if (!(second = testDefine(grown, "grown")) ||
        testAllKept(first, second) < 0)
        return -1;
    before = testAddressLines(first);
    after = testAddressLines(second);
    /* three new devices, and on q35 what they plug into */
    if (after->len < before->len + 3) {
        printf("expected at least 3 new addresses, got %u -> %u\n", before->len, after->len);
        return -1;
    }
    /* defining the grown document again changes nothing */
    if (!(third = testDefine(second, "again")))
        return -1;
    return virTestCompareStrings(second, third);
}

/* A NIC taken out of a defined domain frees its slot, nothing else moves. */
static int
testRemove(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *in = g_strdup_printf("%s/pc-devices.xml", dataDir);
    g_autofree char *xml = NULL;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    const char *start;
    const char *end;
    g_autofree char *removed = NULL;
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) after = NULL;

    if (virFileReadAll(in, 1024 * 1024, &xml) < 0 ||
        !(first = testDefine(xml, in)))
        return -1;
    start = strstr(first, "    <interface");
    end = start ? strstr(start, "</interface>\n") : NULL;
    g_assert(end);
    end += strlen("</interface>\n");
    removed = g_strdup_printf("%.*s%s", (int)(start - first), first, end);
    if (!(second = testDefine(removed, "removed")))
        return -1;
    if (testAllKept(second, first) < 0)
        return -1;
    before = testAddressLines(first);
    after = testAddressLines(second);
    if (after->len + 1 != before->len) {
        printf("expected one address less, got %u -> %u\n", before->len, after->len);
        return -1;
    }
    return 0;
}

/* NAME.xml is refused when its addresses are assigned, with NAME.err. */
static int
testAssignError(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *in = g_strdup_printf("%s/%s.xml", dataDir, name);
    g_autofree char *err = g_strdup_printf("%s/%s.err", dataDir, name);
    g_autofree char *xml = NULL;
    g_autofree char *actual = NULL;
    g_autoptr(virDomainDef) def = NULL;

    virTestMarkUsed(in);
    if (virFileReadAll(in, 1024 * 1024, &xml) < 0 ||
        !(def = virDomainDefParseString(xml, in, 0)))
        return -1;
    if (virDomainDefAssignAddresses(def) == 0) {
        printf("assigning the addresses of %s succeeded, an error was expected\n", name);
        return -1;
    }
    actual = g_strdup_printf("%s\n", virGetLastErrorMessage());
    virResetLastError();
    return virTestCompareToFile(actual, err);
}

static int
mymain(void)
{
    static const char * const suffixes[] = { ".xml", ".err", NULL };
    static const char * const golden[] = {
        "pc-devices", "q35-devices", "q35-conventional", "q35-virtinst-server",
        "pc-given", "pc-no-machine", "pc-full", "q35-full", "pc-desktop",
        "q35-desktop",
        /* a kept <hub> holds port 1: the tablet gets 2, the mouse none */
        "pc-usb-hub",
    };
    static const char * const upstream[] = {
        "upstream-bridge", "upstream-direct", "upstream-twonics",
        "upstream-network", "upstream-tuned",
    };
    int ret = 0;
    size_t i;

    dataDir = g_strdup_printf("%s/domainaddrdata", virTestSrcDir());
    for (i = 0; i < G_N_ELEMENTS(golden); i++) {
        if (virTestRun(golden[i], testAssign, golden[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(upstream); i++) {
        g_autofree char *title = g_strdup_printf("as upstream: %s", upstream[i]);

        if (virTestRun(title, testUpstream, upstream[i]) < 0)
            ret = -1;
    }
    /* sda's address from its name is the one sdb was given */
    if (virTestRun("refused: err-drive-from-name-taken", testAssignError,
                   "err-drive-from-name-taken") < 0)
        ret = -1;
    /* an IDE or virtio disk without an address whose name gives no index */
    if (virTestRun("refused: err-drive-target-no-index", testAssignError,
                   "err-drive-target-no-index") < 0 ||
        virTestRun("refused: err-drive-target-no-index-virtio", testAssignError,
                   "err-drive-target-no-index-virtio") < 0)
        ret = -1;
    /* isapc has no PCI bus for a USB controller */
    if (virTestRun("refused: err-isapc-usb", testAssignError, "err-isapc-usb") < 0)
        ret = -1;
    /* sdb's address from its name is a SCSI <hostdev>'s */
    if (virTestRun("refused: err-drive-from-name-hostdev", testAssignError,
                   "err-drive-from-name-hostdev") < 0)
        ret = -1;
    if (virTestRun("stable: pc, add devices", testStable, "pc-devices") < 0 ||
        virTestRun("stable: q35, add devices", testStable, "q35-devices") < 0 ||
        virTestRun("stable: q35 virt-install, add devices", testStable, "q35-virtinst-server") < 0 ||
        virTestRun("stable: remove a NIC", testRemove, NULL) < 0)
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
