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
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_SECURITY

/* Characters AppArmor gives a meaning inside a path rule: globs (* ? [ ]),
 * alternations and variables ({ } @{), negation (^ !), comments (#), the
 * end of a rule (,) and quoting (" \).  None may come from the XML. */
static const char virSecurityAppArmorSpecial[] = "\"\\{}[]*?^!#,";

/* The kernel's limit on symlinks followed while resolving one path. */
#define VIR_SECURITY_APPARMOR_MAX_LINKS 40

/* What a denied directory still lets the XML name. */
typedef enum {
    VIR_SECURITY_APPARMOR_DENY_ANY,     /* nothing at all */
    VIR_SECURITY_APPARMOR_DENY_DATA,    /* programs: the emulator may live here,
                                         * no disk, kernel or console file */
    VIR_SECURITY_APPARMOR_DENY_WRITE,   /* boot files: kernel, initrd and
                                         * read-only disks only */

    VIR_SECURITY_APPARMOR_DENY_LAST
} virSecurityAppArmorDeny;

typedef struct {
    const char *dir;
    virSecurityAppArmorDeny deny;
} virSecurityAppArmorDenied;

/* Host directories a domain's files must never live under (the directory
 * itself and everything below it).  The first group is what upstream
 * libvirt's virt-aa-helper restricts; the rest are places whose files
 * another program trusts: a unit in /run/systemd, a rule in
 * /usr/share/polkit-1, a crontab in /var/spool, debconf's passwords in
 * /var/cache, another domain's state in /var/lib/libvirt. */
static const virSecurityAppArmorDenied virSecurityAppArmorDenyList[] = {
    { "/bin", VIR_SECURITY_APPARMOR_DENY_DATA },
    { "/sbin", VIR_SECURITY_APPARMOR_DENY_DATA },
    { "/lib", VIR_SECURITY_APPARMOR_DENY_DATA },
    { "/lib32", VIR_SECURITY_APPARMOR_DENY_DATA },
    { "/lib64", VIR_SECURITY_APPARMOR_DENY_DATA },
    { "/libx32", VIR_SECURITY_APPARMOR_DENY_DATA },
    { "/usr", VIR_SECURITY_APPARMOR_DENY_DATA },    /* /usr/local included */
    { "/etc", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/root", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/selinux", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/lost+found", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/boot", VIR_SECURITY_APPARMOR_DENY_WRITE },
    { "/vmlinuz", VIR_SECURITY_APPARMOR_DENY_WRITE },
    { "/vmlinuz.old", VIR_SECURITY_APPARMOR_DENY_WRITE },
    { "/initrd.img", VIR_SECURITY_APPARMOR_DENY_WRITE },
    { "/initrd.img.old", VIR_SECURITY_APPARMOR_DENY_WRITE },

    { "/usr/share/polkit-1", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/usr/lib/polkit-1", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/usr/lib/systemd", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/usr/share/dbus-1", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/run", VIR_SECURITY_APPARMOR_DENY_ANY },      /* sockets, units, pid files */
    { "/var/run", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/spool", VIR_SECURITY_APPARMOR_DENY_ANY },    /* cron, at, mail */
    { "/var/mail", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/cache", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/backups", VIR_SECURITY_APPARMOR_DENY_ANY },  /* copies of shadow */
    { "/var/lib/dbus", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/lib/polkit-1", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/lib/systemd", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/lib/dpkg", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/lib/apt", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/lib/sudo", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/lib/extrausers", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/lib/AccountsService", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/lib/apparmor", VIR_SECURITY_APPARMOR_DENY_ANY },
    { "/var/lib/libvirt", VIR_SECURITY_APPARMOR_DENY_ANY },
};

/* Exceptions inside denied directories: libvirt's default directories
 * for images and install media, and where desktops mount removable media. */
static const char * const virSecurityAppArmorAllowList[] = {
    "/var/lib/libvirt/images", "/var/lib/libvirt/boot", "/run/media",
};

/* The block-device nodes a block disk may name under /dev, literally or
 * once resolved.  Control nodes that share a prefix with them
 * (/dev/loop-control, /dev/mapper/control, /dev/nvme0) do not match. */
static const char * const virSecurityAppArmorBlockNodes[] = {
    "^/dev/(sd|vd|hd|xvd)[a-z]+[0-9]*$",
    "^/dev/nvme[0-9]+n[0-9]+(p[0-9]+)?$",
    "^/dev/(loop|nbd)[0-9]+(p[0-9]+)?$",
    "^/dev/(md|dm-|sr)[0-9]+$",
    "^/dev/mapper/[^/]+$",
    "^/dev/disk/by-[a-z0-9-]+/[^/]+$",
};

/**
 * virSecurityAppArmorIsUnder:
 * True when @path is @dir or below it (component-wise: /usr/localx is not
 * under /usr/local).
 */
static bool
virSecurityAppArmorIsUnder(const char *path, const char *dir)
{
    size_t len = strlen(dir);

    return strncmp(path, dir, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/**
 * virSecurityAppArmorDenies:
 * Whether a directory denied with @deny refuses a path of @kind.
 */
static bool
virSecurityAppArmorDenies(virSecurityAppArmorDeny deny, virSecurityAppArmorPathKind kind)
{
    switch (deny) {
    case VIR_SECURITY_APPARMOR_DENY_ANY:
        return true;
    case VIR_SECURITY_APPARMOR_DENY_DATA:
        return kind != VIR_SECURITY_APPARMOR_PATH_EXEC;
    case VIR_SECURITY_APPARMOR_DENY_WRITE:
        return kind != VIR_SECURITY_APPARMOR_PATH_READ;
    case VIR_SECURITY_APPARMOR_DENY_LAST:
        break;
    }
    return true;
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
 * virSecurityAppArmorCheckDev:
 * @path under /dev is allowed only as a block disk named like a block
 * device node.  Returns 0, or -1 with an error naming @path.
 */
static int
virSecurityAppArmorCheckDev(const char *path, virSecurityAppArmorPathKind kind)
{
    size_t i;

    if (kind != VIR_SECURITY_APPARMOR_PATH_BLOCK) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("path '%1$s' is under /dev"), path);
        return -1;
    }
    if (strcmp(path, "/dev/mapper/control") != 0) {
        for (i = 0; i < G_N_ELEMENTS(virSecurityAppArmorBlockNodes); i++) {
            if (g_regex_match_simple(virSecurityAppArmorBlockNodes[i], path, 0, 0))
                return 0;
        }
    }
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("path '%1$s' is not a block device node this tree allows (see docs/apparmor.rst)"),
                   path);
    return -1;
}

/**
 * virSecurityAppArmorIsDomainLog:
 * True when @path is LOGDIR/X.log: the driver's log of some domain X.
 */
static bool
virSecurityAppArmorIsDomainLog(const char *path, const char *logDir)
{
    size_t len = strlen(logDir);

    return strncmp(path, logDir, len) == 0 && path[len] == '/' &&
           !strchr(path + len + 1, '/') && g_str_has_suffix(path + len + 1, ".log");
}

/**
 * virSecurityAppArmorCheckPlace:
 * Whether @path, already syntactically valid, is in an allowed place for
 * @kind; @cfg (may be NULL) adds the driver's own directories.
 * Returns 0, or -1 with an error naming @path.
 */
static int
virSecurityAppArmorCheckPlace(const virSecurityAppArmorConfig *cfg,
                              const char *path, virSecurityAppArmorPathKind kind)
{
    size_t i;

    if (virSecurityAppArmorIsUnder(path, "/proc") || virSecurityAppArmorIsUnder(path, "/sys")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("path '%1$s' is under /proc or /sys"), path);
        return -1;
    }
    if (virSecurityAppArmorIsUnder(path, "/dev"))
        return virSecurityAppArmorCheckDev(path, kind);
    if (cfg && cfg->runDir && virSecurityAppArmorIsUnder(path, cfg->runDir)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("path '%1$s' is in the driver's runtime directory"), path);
        return -1;
    }
    if (cfg && cfg->logDir && virSecurityAppArmorIsDomainLog(path, cfg->logDir)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("path '%1$s' is the driver's log file of a domain"), path);
        return -1;
    }
    for (i = 0; i < G_N_ELEMENTS(virSecurityAppArmorAllowList); i++) {
        if (virSecurityAppArmorIsUnder(path, virSecurityAppArmorAllowList[i]))
            return 0;
    }
    for (i = 0; i < G_N_ELEMENTS(virSecurityAppArmorDenyList); i++) {
        const virSecurityAppArmorDenied *d = &virSecurityAppArmorDenyList[i];

        if (!virSecurityAppArmorIsUnder(path, d->dir) ||
            !virSecurityAppArmorDenies(d->deny, kind))
            continue;
        if (d->deny == VIR_SECURITY_APPARMOR_DENY_WRITE) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' under %2$s may only be read"), path, d->dir);
        } else {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' is in a host system directory"), path);
        }
        return -1;
    }
    return 0;
}

/**
 * virSecurityAppArmorLstat:
 * lstat(2) through the host operations of @cfg (may be NULL).
 */
static int
virSecurityAppArmorLstat(const virSecurityAppArmorConfig *cfg, const char *path,
                         struct stat *st)
{
    if (cfg && cfg->host)
        return cfg->host->lstatFunc(path, st);
    return lstat(path, st);
}

/**
 * virSecurityAppArmorReadlink:
 * The target of the symlink @path, or NULL with errno set.  Caller frees.
 */
static char *
virSecurityAppArmorReadlink(const virSecurityAppArmorConfig *cfg, const char *path)
{
    g_autofree char *buf = g_new0(char, PATH_MAX);
    ssize_t len;

    if (cfg && cfg->host)
        len = cfg->host->readlinkFunc(path, buf, PATH_MAX);
    else
        len = readlink(path, buf, PATH_MAX);
    if (len < 0)
        return NULL;
    if (len == 0 || len >= PATH_MAX) {
        errno = len ? ENAMETOOLONG : ENOENT;
        return NULL;
    }
    buf[len] = '\0';
    return g_steal_pointer(&buf);
}

/**
 * virSecurityAppArmorDropLast:
 * Removes the last component of the absolute path in @buf ("" is "/",
 * and stays "/": the parent of the root is the root).
 */
static void
virSecurityAppArmorDropLast(GString *buf)
{
    const char *slash = strrchr(buf->str, '/');

    g_string_truncate(buf, slash ? slash - buf->str : 0);
}

/**
 * virSecurityAppArmorResolve:
 * @path: an absolute path
 * @canon: set to the canonical path (caller frees)
 * @st: set to lstat of what @canon names, st_mode 0 when it does not exist
 *
 * Like realpath(3): every symlink is followed and "." and ".." removed,
 * but the tail of @path that does not exist yet is kept as written
 * (a serial file QEMU will create, a disk the admin will copy in).  A
 * dangling symlink resolves to its target, so the checks see where a
 * file created through it would land.
 * Returns 0, or -1 with an error naming @path.
 */
static int
virSecurityAppArmorResolve(const virSecurityAppArmorConfig *cfg, const char *path,
                           char **canon, struct stat *st)
{
    g_autoptr(GString) done = g_string_new(NULL);   /* "" stands for "/" */
    g_autofree char *todo = g_strdup(path);
    const char *rest = todo;
    unsigned int links = 0;
    bool missing = false;

    memset(st, 0, sizeof(*st));
    st->st_mode = S_IFDIR;
    while (*rest) {
        g_autofree char *comp = NULL;
        const char *end;

        while (*rest == '/')
            rest++;
        if (!*rest)
            break;
        end = strchrnul(rest, '/');
        comp = g_strndup(rest, end - rest);
        rest = end;

        if (!missing && !S_ISDIR(st->st_mode)) {
            virReportSystemError(ENOTDIR, _("cannot resolve path '%1$s' at '%2$s'"),
                                 path, done->str);
            return -1;
        }
        if (strcmp(comp, ".") == 0)
            continue;
        if (strcmp(comp, "..") == 0) {
            if (missing) {
                /* the kernel could not walk through a missing directory */
                virReportSystemError(ENOENT, _("cannot resolve path '%1$s' at '%2$s'"),
                                     path, done->str);
                return -1;
            }
            virSecurityAppArmorDropLast(done);
            st->st_mode = S_IFDIR;
            continue;
        }

        g_string_append_printf(done, "/%s", comp);
        if (done->len >= PATH_MAX) {
            virReportSystemError(ENAMETOOLONG, _("cannot resolve path '%1$s'"), path);
            return -1;
        }
        if (missing)
            continue;
        if (virSecurityAppArmorLstat(cfg, done->str, st) < 0) {
            if (errno != ENOENT) {
                virReportSystemError(errno, _("cannot resolve path '%1$s' at '%2$s'"),
                                     path, done->str);
                return -1;
            }
            memset(st, 0, sizeof(*st));
            missing = true;
            continue;
        }
        if (S_ISLNK(st->st_mode)) {
            g_autofree char *target = NULL;
            char *newTodo;

            if (++links > VIR_SECURITY_APPARMOR_MAX_LINKS) {
                virReportSystemError(ELOOP, _("cannot resolve path '%1$s'"), path);
                return -1;
            }
            if (!(target = virSecurityAppArmorReadlink(cfg, done->str))) {
                virReportSystemError(errno, _("cannot resolve path '%1$s': cannot read symlink '%2$s'"),
                                     path, done->str);
                return -1;
            }
            /* the link's directory is where a relative target starts */
            if (target[0] == '/')
                g_string_truncate(done, 0);
            else
                virSecurityAppArmorDropLast(done);
            st->st_mode = S_IFDIR;
            newTodo = g_strdup_printf("%s/%s", target, rest);
            g_free(todo);
            todo = newTodo;
            rest = todo;
        }
    }
    *canon = done->len ? g_strdup(done->str) : g_strdup("/");
    return 0;
}

/**
 * virSecurityAppArmorFileType:
 * A short translated name of the file type in @mode, for errors.
 */
static const char *
virSecurityAppArmorFileType(mode_t mode)
{
    if (S_ISREG(mode))
        return _("regular file");
    if (S_ISDIR(mode))
        return _("directory");
    if (S_ISCHR(mode))
        return _("character device");
    if (S_ISBLK(mode))
        return _("block device");
    if (S_ISFIFO(mode))
        return _("FIFO");
    if (S_ISSOCK(mode))
        return _("socket");
    return _("file of unknown type");
}

/**
 * virSecurityAppArmorCheckType:
 * Whether @st, what @path resolves to (st_mode 0: nothing yet), fits
 * @kind.  Returns 0, or -1 with an error naming @path.
 */
static int
virSecurityAppArmorCheckType(const char *path, const struct stat *st,
                             virSecurityAppArmorPathKind kind)
{
    bool exists = st->st_mode != 0;

    switch (kind) {
    case VIR_SECURITY_APPARMOR_PATH_BLOCK:
        /* a rule for a device name nobody holds yet would cover whatever
         * node appears there later */
        if (!exists) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("block device '%1$s' does not exist"), path);
            return -1;
        }
        if (!S_ISBLK(st->st_mode)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' is a %2$s, not a block device"),
                           path, virSecurityAppArmorFileType(st->st_mode));
            return -1;
        }
        return 0;
    case VIR_SECURITY_APPARMOR_PATH_READ:
    case VIR_SECURITY_APPARMOR_PATH_WRITE:
    case VIR_SECURITY_APPARMOR_PATH_EXEC:
        if (!exists)
            return 0;
        if (!S_ISREG(st->st_mode)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' is a %2$s, not a regular file"),
                           path, virSecurityAppArmorFileType(st->st_mode));
            return -1;
        }
        /* AppArmor mediates names: another link to the same inode may be
         * in a refused directory, and writing here would change it */
        if (kind == VIR_SECURITY_APPARMOR_PATH_WRITE && st->st_nlink > 1) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' has %2$ju hard links; a writable file must have exactly one"),
                           path, (uintmax_t)st->st_nlink);
            return -1;
        }
        return 0;
    case VIR_SECURITY_APPARMOR_PATH_SOCKET:
        /* QEMU replaces a socket left by an earlier run, nothing else */
        if (exists && !S_ISSOCK(st->st_mode)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("path '%1$s' is a %2$s, not a socket"),
                           path, virSecurityAppArmorFileType(st->st_mode));
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
 * virSecurityAppArmorCheckResolved:
 * Checks @path for @kind: its syntax and place, then the same for its
 * canonical form (AppArmor mediates the resolved path: a symlink from a
 * harmless name to /etc/shadow must not pass), then the type of what it
 * names.  On success sets @canonOut (may be NULL; caller frees).
 * Returns 0, or -1 with an error naming the path.
 */
static int
virSecurityAppArmorCheckResolved(const virSecurityAppArmorConfig *cfg, const char *path,
                                 virSecurityAppArmorPathKind kind, char **canonOut)
{
    g_autofree char *canon = NULL;
    struct stat st;

    if (virSecurityAppArmorCheckSyntax(path) < 0 ||
        virSecurityAppArmorCheckPlace(cfg, path, kind) < 0 ||
        virSecurityAppArmorResolve(cfg, path, &canon, &st) < 0)
        return -1;

    if (strcmp(canon, path) != 0 &&
        (virSecurityAppArmorCheckSyntax(canon) < 0 ||
         virSecurityAppArmorCheckPlace(cfg, canon, kind) < 0)) {
        g_autoptr(virError) inner = virErrorSteal();

        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("path '%1$s' resolves to a refused location: %2$s"),
                       path, inner ? inner->message : "");
        return -1;
    }
    if (virSecurityAppArmorCheckType(path, &st, kind) < 0)
        return -1;
    if (canonOut)
        *canonOut = g_steal_pointer(&canon);
    return 0;
}

int
virSecurityAppArmorCheckPath(const virSecurityAppArmorConfig *cfg, const char *path,
                             virSecurityAppArmorPathKind kind)
{
    return virSecurityAppArmorCheckResolved(cfg, path, kind, NULL);
}

/**
 * virSecurityAppArmorAddPath:
 * Checks @path and appends the rule '"PATH" PERMS,' to @buf for its
 * canonical form (what AppArmor sees), and for @path itself when that
 * differs.  Returns 0, or -1 with an error.
 */
static int
virSecurityAppArmorAddPath(GString *buf, const virSecurityAppArmorConfig *cfg,
                           const char *path, virSecurityAppArmorPathKind kind,
                           const char *perms)
{
    g_autofree char *canon = NULL;

    if (virSecurityAppArmorCheckResolved(cfg, path, kind, &canon) < 0)
        return -1;
    g_string_append_printf(buf, "  \"%s\" %s,\n", canon, perms);
    if (strcmp(canon, path) != 0)
        g_string_append_printf(buf, "  \"%s\" %s,\n", path, perms);
    return 0;
}

/**
 * virSecurityAppArmorFormatDisks:
 * One rule per disk with a source: "rwk" (QEMU locks its images), "rk"
 * when read-only.  Returns 0, or -1 with an error naming the path.
 */
static int
virSecurityAppArmorFormatDisks(GString *buf, const virDomainDef *def,
                               const virSecurityAppArmorConfig *cfg)
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
        if (virSecurityAppArmorAddPath(buf, cfg, disk->src, kind,
                                       disk->readonly ? "rk" : "rwk") < 0)
            return -1;
    }
    return 0;
}

/**
 * virSecurityAppArmorFormatChrs:
 * "rw" for each of the @n serial or console devices @chrs that writes to
 * a file or a UNIX socket, TCP networking for a tcp one.  Returns 0, or
 * -1 with an error naming the path.
 */
static int
virSecurityAppArmorFormatChrs(GString *buf, const virSecurityAppArmorConfig *cfg,
                              virDomainChrDef * const *chrs, size_t n)
{
    bool tcp = false;
    size_t i;

    for (i = 0; i < n; i++) {
        switch (chrs[i]->type) {
        case VIR_DOMAIN_CHR_TYPE_FILE:
            if (virSecurityAppArmorAddPath(buf, cfg, chrs[i]->path,
                                           VIR_SECURITY_APPARMOR_PATH_WRITE, "rw") < 0)
                return -1;
            break;
        case VIR_DOMAIN_CHR_TYPE_UNIX:
            if (virSecurityAppArmorAddPath(buf, cfg, chrs[i]->path,
                                           VIR_SECURITY_APPARMOR_PATH_SOCKET, "rw") < 0)
                return -1;
            break;
        case VIR_DOMAIN_CHR_TYPE_TCP:
            if (!tcp)
                g_string_append(buf,
                                "  # a TCP serial port or console\n"
                                "  network inet stream,\n"
                                "  network inet6 stream,\n");
            tcp = true;
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
        switch (virDomainNetResolveHostType(def->nets[i])) {
        case VIR_DOMAIN_NET_HOST_BRIDGE_HELPER:
            helper = true;
            break;
        case VIR_DOMAIN_NET_HOST_PASST:
            /* QEMU connects to the NIC's socket; passt itself runs
             * outside this profile.  Nothing else of the network. */
            if (cfg->runDir) {
                g_autofree char *sock = virDomainNetPasstSocketPath(cfg->runDir, def, i);

                if (virSecurityAppArmorCheckSyntax(sock) < 0)
                    return -1;
                g_string_append_printf(buf,
                                       "  # <backend type='passt'/>: the socket of the NIC's passt\n"
                                       "  \"%s\" rw,\n", sock);
            }
            break;
        case VIR_DOMAIN_NET_HOST_USER:
            userNet = true;
            break;
        case VIR_DOMAIN_NET_HOST_NETWORKD:
        case VIR_DOMAIN_NET_HOST_TAP:
            /* the port arrives as an open tap fd: nothing to allow */
            break;
        case VIR_DOMAIN_NET_HOST_LAST:
            /* fits no rule: validation refuses the domain */
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
        if (virSecurityAppArmorCheckPath(cfg, cfg->bridgeHelper, VIR_SECURITY_APPARMOR_PATH_EXEC) < 0)
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
 * virSecurityAppArmorFormatGraphics:
 * The display rules: TCP listening for a VNC or SPICE display on an
 * address (once per profile), and its UNIX socket for one that listens
 * on a socket (the path the live definition names).
 * Returns 0, or -1 with an error naming a path AppArmor cannot express.
 */
static int
virSecurityAppArmorFormatGraphics(GString *buf, const virDomainDef *def,
                                  const virSecurityAppArmorConfig *cfg)
{
    bool tcp = false;
    size_t i;

    for (i = 0; i < def->ngraphics; i++) {
        const virDomainGraphicsDef *graphics = def->graphics[i];

        switch (graphics->listen) {
        case VIR_DOMAIN_GRAPHICS_LISTEN_DEFAULT:
        case VIR_DOMAIN_GRAPHICS_LISTEN_ADDRESS:
            tcp = true;
            break;
        case VIR_DOMAIN_GRAPHICS_LISTEN_SOCKET:
            /* without a path the command builder refuses the domain */
            if (graphics->socket &&
                virSecurityAppArmorAddPath(buf, cfg, graphics->socket,
                                           VIR_SECURITY_APPARMOR_PATH_SOCKET, "rw") < 0)
                return -1;
            break;
        case VIR_DOMAIN_GRAPHICS_LISTEN_NONE:
        case VIR_DOMAIN_GRAPHICS_LISTEN_LAST:
            break;
        }
    }
    if (tcp)
        g_string_append(buf,
                        "  # <graphics>: the display server listens on TCP\n"
                        "  network inet stream,\n"
                        "  network inet6 stream,\n");
    return 0;
}

char *
virSecurityAppArmorFormatRules(const virDomainDef *def,
                               const virSecurityAppArmorConfig *cfg)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    /* The name itself appears only in this comment, C-escaped (one line
     * of ASCII whatever it holds); rules use its file stem, which is
     * [A-Za-z0-9._+-] only (virDomainNameFileStem). */
    g_autofree char *escName = g_strescape(def->name, NULL);
    g_autofree char *stem = virDomainNameFileStem(def->name);

    g_string_append_printf(buf,
                           "  # Generated by virt-aa-helper for domain '%s' (%s).\n"
                           "  # Do not edit: it is rewritten whenever the domain starts.\n",
                           escName, virUUIDFormat(def->uuid, uuidstr));

    if (def->emulator &&
        virSecurityAppArmorAddPath(buf, cfg, def->emulator, VIR_SECURITY_APPARMOR_PATH_EXEC, "rmix") < 0)
        return NULL;
    if (def->os.kernel &&
        virSecurityAppArmorAddPath(buf, cfg, def->os.kernel, VIR_SECURITY_APPARMOR_PATH_READ, "r") < 0)
        return NULL;
    if (def->os.initrd &&
        virSecurityAppArmorAddPath(buf, cfg, def->os.initrd, VIR_SECURITY_APPARMOR_PATH_READ, "r") < 0)
        return NULL;
    if (virSecurityAppArmorFormatDisks(buf, def, cfg) < 0 ||
        virSecurityAppArmorFormatChrs(buf, cfg, def->serials, def->nserials) < 0 ||
        virSecurityAppArmorFormatChrs(buf, cfg, def->consoles, def->nconsoles) < 0)
        return NULL;

    if (cfg->runDir) {
        if (virSecurityAppArmorCheckSyntax(cfg->runDir) < 0)
            return NULL;
        /* Exact names only: domain names may contain dots, so a glob such
         * as NAME.* would also match the files of domain NAME.x.  The
         * monitor socket is the one runtime file QEMU itself opens (it
         * creates and listens on it; qemuProcessMonitorPath names it); the
         * status file and the id counter are the driver's alone. */
        g_string_append_printf(buf,
                               "  # the QMP monitor socket\n"
                               "  \"%s/%s.monitor\" rw,\n", cfg->runDir, stem);
    }
    if (cfg->logDir) {
        if (virSecurityAppArmorCheckSyntax(cfg->logDir) < 0)
            return NULL;
        /* QEMU's stdout and stderr: an fd the driver opened, which
         * AppArmor revalidates when QEMU execs into the profile */
        g_string_append_printf(buf, "  \"%s/%s.log\" w,\n", cfg->logDir, stem);
    }

    if (virSecurityAppArmorFormatNets(buf, def, cfg) < 0 ||
        virSecurityAppArmorFormatGraphics(buf, def, cfg) < 0)
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
