/*
 * qemu_capabilities_cache.c: probed capabilities, stored as XML
 *
 * One file per binary under the caller's cache directory, named by the
 * SHA-256 of the binary's path.  An entry is used only when the binary's
 * path, size, mtime and ctime (nanoseconds) and this tree's version all
 * match; otherwise the binary is probed again and the file replaced
 * atomically.  The file is input like any other: a file that does not
 * parse or validate is discarded with a warning and replaced, never
 * trusted in part.
 *
 * The format (also the expected output of tests/qemucapabilitiestest):
 *
 *   <qemuCaps>
 *     <selfVersion>0.1.0</selfVersion>
 *     <binary path='/usr/bin/qemu-system-x86_64' size='…' mtime='…' ctime='…'/>
 *     <version>7002022</version>             major*1000000+minor*1000+micro
 *     <package>Debian 1:7.2+dfsg-7</package>
 *     <arch>x86_64</arch>
 *     <flag name='netdev-bridge'/>           one per set flag
 *     <machine name='pc-i440fx-7.2' alias='pc' default='yes' maxCpus='255'/>
 *   </qemuCaps>
 */
#include "qemu_capabilities.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* A cache file is small (a few KiB); anything bigger is not ours. */
#define VIR_QEMU_CAPS_CACHE_MAX (1024 * 1024)

static const virQEMUCapsProbeOps *probeOps;
static void *probeOpaque;
static unsigned int probeCount;

/**
 * virQEMUCapsCacheSetProbeOps:
 * Makes virQEMUCapsCacheLookup probe through @ops (NULL: a real process).
 * For tests; not thread-safe.
 */
void
virQEMUCapsCacheSetProbeOps(const virQEMUCapsProbeOps *ops, void *opaque)
{
    probeOps = ops;
    probeOpaque = opaque;
}

/**
 * virQEMUCapsCacheProbeCount:
 * Returns how many probes virQEMUCapsCacheLookup started so far.
 */
unsigned int
virQEMUCapsCacheProbeCount(void)
{
    return probeCount;
}

/**
 * virQEMUCapsCachePath:
 * Returns the cache file for @binary under @cacheDir (caller frees).
 */
char *
virQEMUCapsCachePath(const char *cacheDir, const char *binary)
{
    g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, binary, -1);
    g_autofree char *name = g_strdup_printf("%s.xml", sum);

    return g_build_filename(cacheDir, name, NULL);
}

/**
 * virQEMUCapsFormatCache:
 * Returns @caps as cache XML (caller frees).  QEMU_CAPS_KVM_ENABLED is
 * host state and never written.
 */
char *
virQEMUCapsFormatCache(const virQEMUCaps *caps)
{
    g_autoptr(GString) buf = g_string_new("<qemuCaps>\n");
    g_autofree char *binary = NULL;
    g_autofree char *package = NULL;
    g_autofree char *arch = NULL;
    size_t i;

    binary = g_markup_escape_text(caps->binary ? caps->binary : "", -1);
    package = g_markup_escape_text(caps->package ? caps->package : "", -1);
    arch = g_markup_escape_text(caps->arch ? caps->arch : "", -1);

    if (caps->selfVersion) {
        g_autofree char *self = g_markup_escape_text(caps->selfVersion, -1);

        g_string_append_printf(buf, "  <selfVersion>%s</selfVersion>\n", self);
    }
    g_string_append_printf(buf,
                           "  <binary path='%s' size='%llu' mtime='%lld' ctime='%lld'/>\n",
                           binary, caps->binarySize, caps->binaryMtime, caps->binaryCtime);
    g_string_append_printf(buf, "  <version>%u</version>\n", caps->version);
    if (caps->package)
        g_string_append_printf(buf, "  <package>%s</package>\n", package);
    g_string_append_printf(buf, "  <arch>%s</arch>\n", arch);

    for (i = 0; i < QEMU_CAPS_LAST; i++) {
        if (i == QEMU_CAPS_KVM_ENABLED || !virQEMUCapsGet(caps, i))
            continue;
        g_string_append_printf(buf, "  <flag name='%s'/>\n", virQEMUCapsTypeToString(i));
    }

    for (i = 0; i < caps->nmachines; i++) {
        const virQEMUCapsMachine *m = &caps->machines[i];
        g_autofree char *name = g_markup_escape_text(m->name, -1);

        g_string_append_printf(buf, "  <machine name='%s'", name);
        if (m->alias) {
            g_autofree char *alias = g_markup_escape_text(m->alias, -1);

            g_string_append_printf(buf, " alias='%s'", alias);
        }
        if (m->isDefault)
            g_string_append(buf, " default='yes'");
        g_string_append_printf(buf, " maxCpus='%u'/>\n", m->maxCpus);
    }
    g_string_append(buf, "</qemuCaps>\n");
    return g_string_free(g_steal_pointer(&buf), FALSE);
}

/**
 * virQEMUCapsParseBad:
 * Reports that @filename is not a valid capabilities cache, because @why.
 */
static void
virQEMUCapsParseBad(const char *filename, const char *why)
{
    virReportError(VIR_ERR_XML_ERROR,
                   _("invalid QEMU capabilities cache '%1$s': %2$s"),
                   filename, why);
}

/**
 * virQEMUCapsParseNumber:
 * Parses attribute or content @str as a signed (or unsigned) decimal into
 * *@val within [@min, @max].  Returns 0 or -1 (nothing reported).
 */
static int
virQEMUCapsParseNumber(const char *str, gint64 min, gint64 max, gint64 *val)
{
    if (!str || !g_ascii_string_to_signed(str, 10, min, max, val, NULL))
        return -1;
    return 0;
}

/**
 * virQEMUCapsParseNode:
 * Fills @caps from one child element @node of <qemuCaps>.  Returns 0, or
 * -1 with an error reported.
 */
static int
virQEMUCapsParseNode(virQEMUCaps *caps, xmlNodePtr node, const char *filename)
{
    const char *name = (const char *)node->name;
    g_autofree char *text = (char *)xmlNodeGetContent(node);
    gint64 v;

    if (strcmp(name, "selfVersion") == 0) {
        g_free(caps->selfVersion);
        caps->selfVersion = g_strdup(text);
    } else if (strcmp(name, "binary") == 0) {
        g_autofree char *path = (char *)xmlGetProp(node, BAD_CAST "path");
        g_autofree char *size = (char *)xmlGetProp(node, BAD_CAST "size");
        g_autofree char *mtime = (char *)xmlGetProp(node, BAD_CAST "mtime");
        g_autofree char *ctime = (char *)xmlGetProp(node, BAD_CAST "ctime");
        gint64 m, c;

        if (!path || !*path ||
            virQEMUCapsParseNumber(size, 0, G_MAXINT64, &v) < 0 ||
            virQEMUCapsParseNumber(mtime, G_MININT64, G_MAXINT64, &m) < 0 ||
            virQEMUCapsParseNumber(ctime, G_MININT64, G_MAXINT64, &c) < 0) {
            virQEMUCapsParseBad(filename, _("bad <binary> element"));
            return -1;
        }
        g_free(caps->binary);
        caps->binary = g_steal_pointer(&path);
        caps->binarySize = v;
        caps->binaryMtime = m;
        caps->binaryCtime = c;
    } else if (strcmp(name, "version") == 0) {
        if (virQEMUCapsParseNumber(text, 1, 999999999, &v) < 0) {
            virQEMUCapsParseBad(filename, _("bad <version>"));
            return -1;
        }
        caps->version = v;
    } else if (strcmp(name, "package") == 0) {
        g_free(caps->package);
        caps->package = g_strdup(text);
    } else if (strcmp(name, "arch") == 0) {
        g_free(caps->arch);
        caps->arch = g_strdup(text);
    } else if (strcmp(name, "flag") == 0) {
        g_autofree char *flag = (char *)xmlGetProp(node, BAD_CAST "name");
        int f = flag ? virQEMUCapsTypeFromString(flag) : -1;

        if (f < 0 || f == QEMU_CAPS_KVM_ENABLED) {
            virQEMUCapsParseBad(filename, _("unknown <flag>"));
            return -1;
        }
        virQEMUCapsSet(caps, f);
    } else if (strcmp(name, "machine") == 0) {
        g_autofree char *mname = (char *)xmlGetProp(node, BAD_CAST "name");
        g_autofree char *alias = (char *)xmlGetProp(node, BAD_CAST "alias");
        g_autofree char *def = (char *)xmlGetProp(node, BAD_CAST "default");
        g_autofree char *maxCpus = (char *)xmlGetProp(node, BAD_CAST "maxCpus");

        if (!mname || !*mname ||
            (def && strcmp(def, "yes") != 0) ||
            virQEMUCapsParseNumber(maxCpus, 0, G_MAXUINT, &v) < 0) {
            virQEMUCapsParseBad(filename, _("bad <machine> element"));
            return -1;
        }
        virQEMUCapsAddMachine(caps, mname, alias, def != NULL, v);
    } else {
        virQEMUCapsParseBad(filename, _("unknown element"));
        return -1;
    }
    return 0;
}

/**
 * virQEMUCapsParseCache:
 * @xml: the cache document
 * @filename: its name, for messages
 *
 * Returns the capabilities @xml describes, or NULL with an error when it is
 * not a complete, valid cache document.
 */
virQEMUCaps *
virQEMUCapsParseCache(const char *xml, const char *filename)
{
    g_autoptr(virQEMUCaps) caps = virQEMUCapsNew();
    xmlDocPtr doc;
    xmlNodePtr root;
    xmlNodePtr node;
    int ret = 0;

    /* No network, no entity substitution, no DTD loading: the file is
     * untrusted input.  Reset first: an empty document fails without
     * setting a new error. */
    xmlResetLastError();
    doc = xmlReadMemory(xml, strlen(xml), filename, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *err = xmlGetLastError();
        g_autofree char *msg = g_strdup(err && err->message ? err->message
                                                            : _("empty or not well-formed"));

        virQEMUCapsParseBad(filename, g_strchomp(msg));
        return NULL;
    }
    root = xmlDocGetRootElement(doc);
    if (!root || strcmp((const char *)root->name, "qemuCaps") != 0) {
        virQEMUCapsParseBad(filename, _("root element is not <qemuCaps>"));
        xmlFreeDoc(doc);
        return NULL;
    }
    for (node = root->children; node && ret == 0; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        ret = virQEMUCapsParseNode(caps, node, filename);
    }
    xmlFreeDoc(doc);
    if (ret < 0)
        return NULL;

    if (!caps->binary || !caps->version || !caps->arch || !*caps->arch) {
        virQEMUCapsParseBad(filename, _("<binary>, <version> or <arch> missing"));
        return NULL;
    }
    return g_steal_pointer(&caps);
}

/**
 * virQEMUCapsStatKey:
 * Copies the binary's identity from @sb into @caps.
 */
static void
virQEMUCapsStatKey(virQEMUCaps *caps, const struct stat *sb)
{
    caps->binarySize = sb->st_size;
    caps->binaryMtime = (long long)sb->st_mtim.tv_sec * 1000000000LL + sb->st_mtim.tv_nsec;
    caps->binaryCtime = (long long)sb->st_ctim.tv_sec * 1000000000LL + sb->st_ctim.tv_nsec;
}

/**
 * virQEMUCapsCacheLoad:
 * Returns the cached capabilities in @path when they are valid and match
 * @binary as it is now (@sb), else NULL.  Never reports: a missing or stale
 * file is normal, a corrupt one gets a warning.
 */
static virQEMUCaps *
virQEMUCapsCacheLoad(const char *path, const char *binary, const struct stat *sb)
{
    g_autofree char *xml = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCaps) want = virQEMUCapsNew();

    if (access(path, F_OK) < 0)
        return NULL;
    if (virFileReadAll(path, VIR_QEMU_CAPS_CACHE_MAX, &xml) < 0 ||
        !(caps = virQEMUCapsParseCache(xml, path))) {
        g_warning("discarding QEMU capabilities cache: %s", virGetLastErrorMessage());
        virResetLastError();
        return NULL;
    }

    virQEMUCapsStatKey(want, sb);
    if (g_strcmp0(caps->selfVersion, PACKAGE_VERSION) != 0 ||
        g_strcmp0(caps->binary, binary) != 0 ||
        caps->binarySize != want->binarySize ||
        caps->binaryMtime != want->binaryMtime ||
        caps->binaryCtime != want->binaryCtime)
        return NULL;
    return g_steal_pointer(&caps);
}

/**
 * virQEMUCapsCacheLookup:
 * @cacheDir: the driver's cache directory (created when needed)
 * @binary: the QEMU binary
 *
 * Returns the capabilities of @binary (caller frees): from the cache when
 * the binary is unchanged, else probed and cached.  A cache that cannot be
 * written only costs a warning.  QEMU_CAPS_KVM_ENABLED reflects this host
 * now.  NULL with an error when the binary is missing or the probe fails.
 */
virQEMUCaps *
virQEMUCapsCacheLookup(const char *cacheDir, const char *binary)
{
    g_autofree char *path = virQEMUCapsCachePath(cacheDir, binary);
    g_autoptr(virQEMUCaps) caps = NULL;
    struct stat sb;

    if (stat(binary, &sb) < 0) {
        virReportSystemError(errno, _("cannot find QEMU binary '%1$s'"), binary);
        return NULL;
    }

    if (!(caps = virQEMUCapsCacheLoad(path, binary, &sb))) {
        g_autofree char *xml = NULL;

        probeCount++;
        if (!(caps = virQEMUCapsProbe(binary, probeOps, probeOpaque)))
            return NULL;
        /* The identity from before the probe: if the binary changed while
         * it ran, the next lookup sees a mismatch and probes again. */
        virQEMUCapsStatKey(caps, &sb);
        caps->selfVersion = g_strdup(PACKAGE_VERSION);
        xml = virQEMUCapsFormatCache(caps);
        if (virFileMakePath(cacheDir, 0755) < 0 ||
            virFileRewriteStr(path, 0644, xml) < 0) {
            g_warning("cannot write QEMU capabilities cache: %s", virGetLastErrorMessage());
            virResetLastError();
        }
    }

    if (virQEMUCapsHostKVMUsable(caps))
        virQEMUCapsSet(caps, QEMU_CAPS_KVM_ENABLED);
    else
        virQEMUCapsClear(caps, QEMU_CAPS_KVM_ENABLED);
    return g_steal_pointer(&caps);
}
