/*
 * domain_name.c: what a domain name may be, and the name its files get.
 *
 * Theory of operation.  A domain name is chosen by whoever writes the
 * XML (in system mode, anyone allowed to define domains) and reaches:
 * the driver's own definition and status files (CONFIGDIR/NAME.xml,
 * STATEDIR/NAME.xml: one path component, opened by the driver only,
 * upstream's names), the files and sockets QEMU and its helpers use
 * (monitor, log, display and channel sockets, passt's pid file, console
 * locks), the AppArmor profile, QEMU's command line (-name guest=,
 * escaped there), the networkd daemon (owner-name, which the daemon
 * checks again) and virsh's output.
 *
 * The name itself is checked once here (virDomainNameValidate):
 * 1..VIR_DOMAIN_NAME_MAX_LEN bytes of valid UTF-8 without '/' and
 * without control characters.  Upstream refuses only '/' (and, in its
 * QEMU driver, '\n'); the rest is stricter on purpose: control
 * characters (C0, DEL, C1) would reach logs, terminals and the daemon,
 * which refuses them in owner names; invalid UTF-8 cannot travel over
 * D-Bus; the length keeps NAME.xml within NAME_MAX.
 *
 * Everything else the driver derives from the name is named after its
 * file stem (virDomainNameFileStem): a "plain" name (1..64 bytes of
 * [A-Za-z0-9._+-] starting with a letter or a digit, all that this tree
 * accepted before) is its own stem, so existing files keep their names;
 * any other name gets "_" + up to 20 of its plain characters + "-" + 16
 * hex digits of its SHA-256.  The leading '_' keeps derived stems apart
 * from plain names (which never start with '_'), the digest keeps
 * different names apart, and the stem is at most 64 bytes of
 * [A-Za-z0-9._+-], never "." or "..", never starting with '-'.
 */
#include "domain_name.h"
#include "virerror.h"

#include <glib.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* Plain characters a derived stem keeps from the name. */
#define VIR_DOMAIN_NAME_STEM_PREFIX_LEN 20
/* Hex digits of the name's SHA-256 in a derived stem (64 bits). */
#define VIR_DOMAIN_NAME_STEM_DIGEST_LEN 16

G_STATIC_ASSERT(1 + VIR_DOMAIN_NAME_STEM_PREFIX_LEN + 1 + VIR_DOMAIN_NAME_STEM_DIGEST_LEN <=
                VIR_DOMAIN_NAME_PLAIN_MAX_LEN);
G_STATIC_ASSERT(VIR_DOMAIN_NAME_PLAIN_MAX_LEN <= VIR_DOMAIN_NAME_MAX_LEN);

/**
 * virDomainNameIsPlainChar:
 * Whether @c may appear in a plain name (and so in a file stem).
 */
static bool
virDomainNameIsPlainChar(char c)
{
    return g_ascii_isalnum(c) || (c && strchr("._+-", c));
}

/**
 * virDomainNameValidate:
 * @name: a domain's <name>
 *
 * Checks @name against the rule in the comment at the top of this file.
 * Returns 0, or -1 with an error quoting @name escaped (so a refused name
 * cannot put a line break into a message).
 */
int
virDomainNameValidate(const char *name)
{
    g_autofree char *esc = NULL;
    const char *p;
    size_t len = strlen(name);

    if (len == 0 || len > VIR_DOMAIN_NAME_MAX_LEN) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("invalid domain name in <name>: must be 1 to %1$d bytes long, not %2$zu"),
                       VIR_DOMAIN_NAME_MAX_LEN, len);
        return -1;
    }
    if (!g_utf8_validate(name, -1, NULL)) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("invalid domain name in <name>: not valid UTF-8"));
        return -1;
    }
    esc = g_strescape(name, NULL);
    if (strchr(name, '/')) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("invalid domain name '%1$s' in <name>: must not contain '/'"),
                       esc);
        return -1;
    }
    for (p = name; *p; p = g_utf8_next_char(p)) {
        if (g_unichar_type(g_utf8_get_char(p)) == G_UNICODE_CONTROL) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("invalid domain name '%1$s' in <name>: must not contain control characters"),
                           esc);
            return -1;
        }
    }
    return 0;
}

/**
 * virDomainNameIsPlain:
 * @name: a domain name
 *
 * Whether @name is its own file stem: 1..VIR_DOMAIN_NAME_PLAIN_MAX_LEN
 * bytes of [A-Za-z0-9._+-], starting with a letter or a digit.
 */
bool
virDomainNameIsPlain(const char *name)
{
    size_t len = strlen(name);
    const char *p;

    if (len == 0 || len > VIR_DOMAIN_NAME_PLAIN_MAX_LEN || !g_ascii_isalnum(name[0]))
        return false;
    for (p = name; *p; p++) {
        if (!virDomainNameIsPlainChar(*p))
            return false;
    }
    return true;
}

/**
 * virDomainNameFileStem:
 * @name: a domain name
 *
 * Returns the stem of every file, socket and profile rule the driver
 * names after the domain (caller frees): @name itself when it is plain,
 * else "_PREFIX-DIGEST" as described at the top of this file.
 */
char *
virDomainNameFileStem(const char *name)
{
    g_autoptr(GString) stem = NULL;
    g_autofree char *digest = NULL;
    const char *p;

    if (virDomainNameIsPlain(name))
        return g_strdup(name);

    stem = g_string_new("_");
    for (p = name; *p && stem->len < 1 + VIR_DOMAIN_NAME_STEM_PREFIX_LEN; p++) {
        if (virDomainNameIsPlainChar(*p))
            g_string_append_c(stem, *p);
    }
    digest = g_compute_checksum_for_string(G_CHECKSUM_SHA256, name, -1);
    g_string_append_c(stem, '-');
    g_string_append_len(stem, digest, VIR_DOMAIN_NAME_STEM_DIGEST_LEN);
    return g_string_free(g_steal_pointer(&stem), FALSE);
}
