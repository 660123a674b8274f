/*
 * security_apparmor.c: per-domain AppArmor rules from a domain definition
 *
 * See the theory of operation in security_apparmor.h.
 */
#include "security_apparmor.h"
#include "virerror.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_SECURITY

/* Characters AppArmor gives a meaning inside a path rule: globs (* ? [ ]),
 * alternations and variables ({ } @{), negation (^ !), comments (#), the
 * end of a rule (,) and quoting (" \).  None may come from the XML. */
static const char virSecurityAppArmorSpecial[] = "\"\\{}[]*?^!#,";

/* Host directories a domain's files must never live under.  Reading or
 * writing them would let an XML author reach the host's configuration or
 * binaries through QEMU. */
static const char * const virSecurityAppArmorRestricted[] = {
    "/bin/", "/etc/", "/lib/", "/lib32/", "/lib64/", "/libx32/", "/sbin/",
    "/usr/bin/", "/usr/sbin/", "/usr/lib/", "/usr/libexec/", "/usr/local/bin/",
    "/usr/local/sbin/", "/usr/local/lib/", "/usr/local/etc/", "/root/",
    "/var/lib/polkit-1/", "/var/lib/dbus/", "/run/dbus/", "/boot/efi/",
};

/* Where a block-device disk may live under /dev. */
static const char * const virSecurityAppArmorBlockDirs[] = {
    "/dev/disk/", "/dev/mapper/", "/dev/sd", "/dev/vd", "/dev/hd", "/dev/xvd",
    "/dev/nvme", "/dev/loop", "/dev/md", "/dev/dm-", "/dev/sr", "/dev/nbd",
};

static bool
virSecurityAppArmorHasPrefix(const char *path, const char * const *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (g_str_has_prefix(path, list[i]))
            return true;
    }
    return false;
}

/**
 * virSecurityAppArmorCheckSyntax:
 * The checks that do not depend on what the path is for.
 * Returns 0, or -1 with an error naming @path.
 */
static int
virSecurityAppArmorCheckSyntax(const char *path)
{
    const char *p;

    if (!path || !*path) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s", _("empty path in domain definition"));
        return -1;
    }
    if (strlen(path) >= PATH_MAX) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("path of %1$zu bytes is longer than the limit of %2$d"),
                       strlen(path), PATH_MAX - 1);
        return -1;
    }
    if (!g_utf8_validate(path, -1, NULL)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s", _("path is not valid UTF-8"));
        return -1;
    }
    if (path[0] != '/') {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("path '%1$s' is not absolute"), path);
        return -1;
    }
    for (p = path; *p; p++) {
        unsigned char c = (unsigned char)*p;

        if (c < 0x20 || c == 0x7f) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' contains a control character"), path);
            return -1;
        }
        if (strchr(virSecurityAppArmorSpecial, c)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' contains '%2$c', which AppArmor would interpret"),
                           path, c);
            return -1;
        }
    }
    if (strstr(path, "//") || strstr(path, "/./") || strstr(path, "/../") ||
        g_str_has_suffix(path, "/.") || g_str_has_suffix(path, "/..") ||
        g_str_has_suffix(path, "/")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("path '%1$s' is not in canonical form"), path);
        return -1;
    }
    return 0;
}

/**
 * virSecurityAppArmorCheckPlace:
 * Whether @path, already syntactically valid, is in an allowed place for
 * @kind.  Returns 0, or -1 with an error naming @path.
 */
static int
virSecurityAppArmorCheckPlace(const char *path, virSecurityAppArmorPathKind kind)
{
    if (g_str_has_prefix(path, "/proc/") || g_str_has_prefix(path, "/sys/") ||
        strcmp(path, "/proc") == 0 || strcmp(path, "/sys") == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("path '%1$s' is under /proc or /sys"), path);
        return -1;
    }

    switch (kind) {
    case VIR_SECURITY_APPARMOR_PATH_BLOCK:
        if (g_str_has_prefix(path, "/dev/")) {
            if (!virSecurityAppArmorHasPrefix(path, virSecurityAppArmorBlockDirs,
                                              G_N_ELEMENTS(virSecurityAppArmorBlockDirs))) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("path '%1$s' is not a block device node this tree allows (see docs/apparmor.rst)"),
                               path);
                return -1;
            }
            return 0;
        }
        G_GNUC_FALLTHROUGH;
    case VIR_SECURITY_APPARMOR_PATH_READ:
    case VIR_SECURITY_APPARMOR_PATH_WRITE:
        if (g_str_has_prefix(path, "/dev/") || strcmp(path, "/dev") == 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' is under /dev"), path);
            return -1;
        }
        if (virSecurityAppArmorHasPrefix(path, virSecurityAppArmorRestricted,
                                         G_N_ELEMENTS(virSecurityAppArmorRestricted))) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' is in a host system directory"), path);
            return -1;
        }
        if (kind != VIR_SECURITY_APPARMOR_PATH_READ && g_str_has_prefix(path, "/boot/")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' under /boot may only be read"), path);
            return -1;
        }
        return 0;
    case VIR_SECURITY_APPARMOR_PATH_EXEC:
        if (g_str_has_prefix(path, "/dev/")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' is under /dev"), path);
            return -1;
        }
        return 0;
    case VIR_SECURITY_APPARMOR_PATH_LAST:
        break;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, _("unknown path kind %1$d"), kind);
    return -1;
}

/**
 * virSecurityAppArmorCheckPath:
 * Validates @path for a rule of @kind.  When the path exists, the place
 * check is applied to its canonical form too, because AppArmor mediates
 * the resolved path: a symlink from a harmless name to /etc/shadow must
 * not pass.  Returns 0, or -1 with an error naming the path.
 */
int
virSecurityAppArmorCheckPath(const char *path, virSecurityAppArmorPathKind kind)
{
    g_autofree char *canon = NULL;

    if (virSecurityAppArmorCheckSyntax(path) < 0 ||
        virSecurityAppArmorCheckPlace(path, kind) < 0)
        return -1;

    if ((canon = realpath(path, NULL)) && strcmp(canon, path) != 0) {
        if (virSecurityAppArmorCheckSyntax(canon) < 0 ||
            virSecurityAppArmorCheckPlace(canon, kind) < 0) {
            g_autoptr(virError) inner = virErrorSteal();

            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' resolves to a refused location: %2$s"),
                           path, inner ? inner->message : "");
            return -1;
        }
    }
    return 0;
}

/**
 * virSecurityAppArmorAddPath:
 * Checks @path and appends the rule '"PATH" PERMS,' to @buf, using the
 * canonical path when the file exists (that is what AppArmor sees).
 */
static int
virSecurityAppArmorAddPath(GString *buf, const char *path,
                           virSecurityAppArmorPathKind kind, const char *perms)
{
    g_autofree char *canon = NULL;

    if (virSecurityAppArmorCheckPath(path, kind) < 0)
        return -1;
    canon = realpath(path, NULL);
    g_string_append_printf(buf, "  \"%s\" %s,\n", canon ? canon : path, perms);
    if (canon && strcmp(canon, path) != 0)
        g_string_append_printf(buf, "  \"%s\" %s,\n", path, perms);
    return 0;
}

static int
virSecurityAppArmorFormatDisks(GString *buf, const virDomainDef *def)
{
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainDiskDef *disk = def->disks[i];
        virSecurityAppArmorPathKind kind = VIR_SECURITY_APPARMOR_PATH_WRITE;

        if (!disk->src)
            continue;   /* empty cdrom */
        switch (disk->type) {
        case VIR_DOMAIN_DISK_TYPE_BLOCK:
            kind = VIR_SECURITY_APPARMOR_PATH_BLOCK;
            break;
        case VIR_DOMAIN_DISK_TYPE_FILE:
            kind = disk->readonly ? VIR_SECURITY_APPARMOR_PATH_READ
                                  : VIR_SECURITY_APPARMOR_PATH_WRITE;
            break;
        case VIR_DOMAIN_DISK_TYPE_LAST:
            break;
        }
        /* k: QEMU locks its images (byte-range locks) */
        if (virSecurityAppArmorAddPath(buf, disk->src, kind,
                                       disk->readonly ? "rk" : "rwk") < 0)
            return -1;
    }
    return 0;
}

static int
virSecurityAppArmorFormatChrs(GString *buf, virDomainChrDef * const *chrs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        switch (chrs[i]->type) {
        case VIR_DOMAIN_CHR_TYPE_FILE:
            if (virSecurityAppArmorAddPath(buf, chrs[i]->path,
                                           VIR_SECURITY_APPARMOR_PATH_WRITE, "rw") < 0)
                return -1;
            break;
        case VIR_DOMAIN_CHR_TYPE_PTY:
        case VIR_DOMAIN_CHR_TYPE_NULL:
            /* ptys are in the abstraction; null needs nothing */
            break;
        case VIR_DOMAIN_CHR_TYPE_LAST:
            break;
        }
    }
    return 0;
}

/**
 * virSecurityAppArmorFormatNets:
 * The network rules.  Only the bridge helper backend adds anything that
 * widens the profile: the exec transition into the helper's child
 * profile, once per domain however many NICs use it.
 */
static int
virSecurityAppArmorFormatNets(GString *buf, const virDomainDef *def,
                              const virSecurityAppArmorConfig *cfg)
{
    bool helper = false;
    bool userNet = false;
    size_t i;

    for (i = 0; i < def->nnets; i++) {
        switch (virDomainNetResolveBackend(def->nets[i])) {
        case VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER:
            helper = true;
            break;
        case VIR_DOMAIN_NET_BACKEND_PASST:
            /* QEMU connects to passt's socket, which the driver creates in
             * the domain's runtime directory (covered below) */
            break;
        case VIR_DOMAIN_NET_BACKEND_DEFAULT:
            if (def->nets[i]->type == VIR_DOMAIN_NET_TYPE_USER)
                userNet = true;
            break;
        case VIR_DOMAIN_NET_BACKEND_NETWORKD:
            /* the port arrives as an open tap fd: nothing to allow */
            break;
        case VIR_DOMAIN_NET_BACKEND_LAST:
            break;
        }
    }

    if (userNet) {
        g_string_append(buf,
                        "  # user-mode networking: QEMU's own TCP/IP stack uses host sockets\n"
                        "  network inet stream,\n"
                        "  network inet6 stream,\n"
                        "  network inet dgram,\n"
                        "  network inet6 dgram,\n");
    }

    if (helper) {
        const char *child = "qemu_bridge_helper";

        if (!cfg->bridgeHelper) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("an interface uses <backend type='bridge-helper'/> but no bridge helper is configured"));
            return -1;
        }
        if (virSecurityAppArmorCheckPath(cfg->bridgeHelper, VIR_SECURITY_APPARMOR_PATH_EXEC) < 0)
            return -1;
        if (cfg->ownBridgeHelper && strcmp(cfg->bridgeHelper, cfg->ownBridgeHelper) == 0)
            child = "libvirt_bridge_helper";
        g_string_append_printf(buf,
                               "  # <backend type='bridge-helper'/>: QEMU execs the helper\n"
                               "  \"%s\" Cx -> %s,\n"
                               "  # ... and receives the tap fd from it over a socketpair\n"
                               "  unix (send, receive) type=stream peer=(label=@{profile_name}//%s),\n",
                               cfg->bridgeHelper, child, child);
    }
    return 0;
}

/**
 * virSecurityAppArmorCheckName:
 * The domain name becomes part of file rules; it must not carry anything
 * AppArmor would interpret.
 */
static int
virSecurityAppArmorCheckName(const char *name)
{
    const char *p;

    for (p = name; *p; p++) {
        if (strchr(virSecurityAppArmorSpecial, *p) || *p == '/' ||
            (unsigned char)*p < 0x20 || *p == 0x7f) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("domain name '%1$s' contains '%2$c', which cannot appear in a profile"),
                           name, *p);
            return -1;
        }
    }
    return 0;
}

char *
virSecurityAppArmorFormatRules(const virDomainDef *def,
                               const virSecurityAppArmorConfig *cfg)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (virSecurityAppArmorCheckName(def->name) < 0)
        return NULL;

    g_string_append_printf(buf,
                           "  # Generated by virt-aa-helper for domain '%s' (%s).\n"
                           "  # Do not edit: it is rewritten whenever the domain starts.\n",
                           def->name, virUUIDFormat(def->uuid, uuidstr));

    if (def->emulator &&
        virSecurityAppArmorAddPath(buf, def->emulator, VIR_SECURITY_APPARMOR_PATH_EXEC, "rmix") < 0)
        return NULL;
    if (def->os.kernel &&
        virSecurityAppArmorAddPath(buf, def->os.kernel, VIR_SECURITY_APPARMOR_PATH_READ, "r") < 0)
        return NULL;
    if (def->os.initrd &&
        virSecurityAppArmorAddPath(buf, def->os.initrd, VIR_SECURITY_APPARMOR_PATH_READ, "r") < 0)
        return NULL;
    if (virSecurityAppArmorFormatDisks(buf, def) < 0 ||
        virSecurityAppArmorFormatChrs(buf, def->serials, def->nserials) < 0 ||
        virSecurityAppArmorFormatChrs(buf, def->consoles, def->nconsoles) < 0)
        return NULL;

    if (cfg->runDir) {
        if (virSecurityAppArmorCheckSyntax(cfg->runDir) < 0)
            return NULL;
        g_string_append_printf(buf,
                               "  # the QMP monitor socket, pid file and other runtime files\n"
                               "  \"%s/%s.*\" rw,\n", cfg->runDir, def->name);
    }
    if (cfg->logDir) {
        if (virSecurityAppArmorCheckSyntax(cfg->logDir) < 0)
            return NULL;
        g_string_append_printf(buf, "  \"%s/%s.log\" w,\n", cfg->logDir, def->name);
    }

    if (virSecurityAppArmorFormatNets(buf, def, cfg) < 0)
        return NULL;

    return g_string_free(g_steal_pointer(&buf), FALSE);
}

char *
virSecurityAppArmorFormatProfile(const char *templ, const char *profileName)
{
    g_autoptr(GString) buf = g_string_new(templ);
    g_autofree char *include = NULL;
    const char *marker = "profile LIBVIRT_TEMPLATE";
    char *pos;
    char *close;

    if (!(pos = strstr(buf->str, marker)) || strstr(pos + 1, marker)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("profile template must contain 'profile LIBVIRT_TEMPLATE' exactly once"));
        return NULL;
    }
    /* keep "profile ", replace the placeholder name */
    pos += strlen("profile ");
    g_string_erase(buf, pos - buf->str, strlen("LIBVIRT_TEMPLATE"));
    g_string_insert(buf, pos - buf->str, profileName);

    if (!(close = strrchr(buf->str, '}'))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("profile template has no closing '}'"));
        return NULL;
    }
    include = g_strdup_printf("  #include <libvirt/%s.files>\n", profileName);
    g_string_insert(buf, close - buf->str, include);
    return g_string_free(g_steal_pointer(&buf), FALSE);
}

gboolean
virSecurityAppArmorRulesHaveHelper(const char *rules)
{
    return strstr(rules, " Cx -> ") != NULL;
}
