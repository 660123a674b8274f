/*
 * virfileowner.c: lending a file to another uid, and giving it back
 *
 * See virfileowner.h for the record kept in the file.  Callers serialise
 * lend and give-back (the QEMU driver holds its exclusive lock), so the
 * read-modify-write of the reference count needs no lock of its own.
 */
#include "virfileowner.h"

#include "virerror.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_FILE

#define VIR_FILE_OWNER_BOOT_ID "/proc/sys/kernel/random/boot_id"
/* Longest attribute value we read ("+4294967295:+4294967295", a boot id). */
#define VIR_FILE_OWNER_XATTR_MAX 64

/**
 * virFileOwnerBootID:
 * Returns this boot's id (caller frees), or "" when it cannot be read.
 */
static char *
virFileOwnerBootID(void)
{
    g_autofree char *id = NULL;

    if (!g_file_get_contents(VIR_FILE_OWNER_BOOT_ID, &id, NULL, NULL))
        return g_strdup("");
    return g_strdup(g_strstrip(id));
}

/**
 * virFileOwnerGetAttr:
 * @path: the file
 * @name: attribute
 * @value: set to its value (caller frees), NULL when absent
 *
 * Returns 0 (read, or absent), 1 when the filesystem has no such
 * attributes (ENOTSUP), or -1 with an error reported.
 */
static int
virFileOwnerGetAttr(const char *path, const char *name, char **value)
{
    char buf[VIR_FILE_OWNER_XATTR_MAX + 1];
    ssize_t len;

    *value = NULL;
    if ((len = getxattr(path, name, buf, VIR_FILE_OWNER_XATTR_MAX)) < 0) {
        if (errno == ENODATA)
            return 0;
        if (errno == ENOTSUP)
            return 1;
        virReportSystemError(errno, _("cannot read attribute '%1$s' of '%2$s'"), name, path);
        return -1;
    }
    buf[len] = '\0';
    *value = g_strdup(buf);
    return 0;
}

/**
 * virFileOwnerSetAttr:
 * Sets attribute @name of @path to @value.  Returns 0, or -1 with an error.
 */
static int
virFileOwnerSetAttr(const char *path, const char *name, const char *value)
{
    if (setxattr(path, name, value, strlen(value), 0) < 0) {
        virReportSystemError(errno, _("cannot set attribute '%1$s' of '%2$s'"), name, path);
        return -1;
    }
    return 0;
}

/**
 * virFileOwnerForget:
 * Removes the whole record from @path (missing attributes are fine).
 * Returns 0, or -1 with an error reported.
 */
static int
virFileOwnerForget(const char *path)
{
    static const char * const names[] = {
        VIR_FILE_OWNER_XATTR_REF, VIR_FILE_OWNER_XATTR, VIR_FILE_OWNER_XATTR_TIMESTAMP,
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        if (removexattr(path, names[i]) < 0 && errno != ENODATA && errno != ENOTSUP) {
            virReportSystemError(errno, _("cannot remove attribute '%1$s' of '%2$s'"),
                                 names[i], path);
            return -1;
        }
    }
    return 0;
}

/**
 * virFileOwnerReadRecord:
 * @path: the file
 * @refs: set to the number of lenders, 0 when there is no (valid) record
 * @uid, @gid: set to the remembered owner when @refs > 0
 *
 * A record of an earlier boot, or one that cannot be parsed, is removed
 * (with a warning) and counts as none.
 * Returns 0, 1 when the filesystem has no trusted attributes, or -1
 * with an error reported.
 */
static int
virFileOwnerReadRecord(const char *path, unsigned int *refs, uid_t *uid, gid_t *gid)
{
    g_autofree char *ref = NULL;
    g_autofree char *owner = NULL;
    g_autofree char *stamp = NULL;
    g_autofree char *boot = virFileOwnerBootID();
    guint64 n = 0;
    unsigned int u = 0;
    unsigned int g = 0;
    char end;
    int rc;

    *refs = 0;
    if ((rc = virFileOwnerGetAttr(path, VIR_FILE_OWNER_XATTR_REF, &ref)) != 0)
        return rc;
    if (!ref)
        return 0;
    if (virFileOwnerGetAttr(path, VIR_FILE_OWNER_XATTR, &owner) < 0 ||
        virFileOwnerGetAttr(path, VIR_FILE_OWNER_XATTR_TIMESTAMP, &stamp) < 0)
        return -1;
    if (!owner || !stamp || strcmp(stamp, boot) != 0 ||
        !g_ascii_string_to_unsigned(ref, 10, 1, G_MAXUINT, &n, NULL) ||
        sscanf(owner, "+%u:+%u%c", &u, &g, &end) != 2) {
        g_warning(_("ignoring the stale owner record of '%1$s' (from an earlier boot, or unreadable)"),
                  path);
        return virFileOwnerForget(path);
    }
    *refs = n;
    *uid = u;
    *gid = g;
    return 0;
}

/**
 * virFileOwnerWriteRecord:
 * Writes a record of @refs lenders and owner @uid:@gid (the owner and
 * stamp only when it is new, @fresh).  Returns 0, or -1 with an error.
 */
static int
virFileOwnerWriteRecord(const char *path, unsigned int refs, bool fresh,
                        uid_t uid, gid_t gid)
{
    g_autofree char *ref = g_strdup_printf("%u", refs);

    if (fresh) {
        g_autofree char *owner = g_strdup_printf("+%u:+%u", (unsigned int)uid,
                                                 (unsigned int)gid);
        g_autofree char *boot = virFileOwnerBootID();

        if (virFileOwnerSetAttr(path, VIR_FILE_OWNER_XATTR, owner) < 0 ||
            virFileOwnerSetAttr(path, VIR_FILE_OWNER_XATTR_TIMESTAMP, boot) < 0)
            return -1;
    }
    /* the count last: a record without it is no record */
    return virFileOwnerSetAttr(path, VIR_FILE_OWNER_XATTR_REF, ref);
}

/**
 * virFileOwnerLend:
 * See virfileowner.h.
 */
int
virFileOwnerLend(const char *path, uid_t uid, gid_t gid, bool remember)
{
    struct stat sb;
    unsigned int refs = 0;
    uid_t oldUid = 0;
    gid_t oldGid = 0;
    bool recorded = false;

    if (stat(path, &sb) < 0) {
        virReportSystemError(errno, _("cannot access '%1$s'"), path);
        return -1;
    }
    if (remember) {
        int rc = virFileOwnerReadRecord(path, &refs, &oldUid, &oldGid);

        if (rc < 0)
            return -1;
        if (rc == 0) {
            if (refs == 0) {
                oldUid = sb.st_uid;
                oldGid = sb.st_gid;
            }
            if (virFileOwnerWriteRecord(path, refs + 1, refs == 0, oldUid, oldGid) < 0) {
                if (refs == 0)
                    virFileOwnerForget(path);
                return -1;
            }
            recorded = true;
        }
    }
    if (chown(path, uid, gid) < 0) {
        virReportSystemError(errno, _("cannot change the owner of '%1$s' to %2$u:%3$u"),
                             path, (unsigned int)uid, (unsigned int)gid);
        if (recorded) {
            if (refs == 0)
                virFileOwnerForget(path);
            else
                virFileOwnerWriteRecord(path, refs, false, oldUid, oldGid);
        }
        return -1;
    }
    return 0;
}

/**
 * virFileOwnerGiveBack:
 * See virfileowner.h.
 */
int
virFileOwnerGiveBack(const char *path, bool remember)
{
    unsigned int refs = 0;
    uid_t uid = 0;
    gid_t gid = 0;

    if (remember) {
        int rc = virFileOwnerReadRecord(path, &refs, &uid, &gid);

        if (rc < 0)
            return -1;
        /* No record where records can be kept: not a file we lent (the
         * path may have been replaced by a symlink to another file since,
         * by whoever can write its directory).  Left alone, where
         * upstream would give it to root. */
        if (rc == 0 && refs == 0) {
            g_warning(_("not changing the owner of '%1$s': it holds no record of being lent"),
                      path);
            return 0;
        }
        if (refs > 1)
            return virFileOwnerWriteRecord(path, refs - 1, false, uid, gid);
        if (refs == 1 && virFileOwnerForget(path) < 0)
            return -1;
    }
    if (chown(path, uid, gid) < 0) {
        virReportSystemError(errno, _("cannot change the owner of '%1$s' back to %2$u:%3$u"),
                             path, (unsigned int)uid, (unsigned int)gid);
        return -1;
    }
    return 0;
}

/**
 * virFileProgramPrivilege:
 * See virfileowner.h.
 */
int
virFileProgramPrivilege(const char *path, char **why)
{
    struct stat sb;
    ssize_t len;

    if (why)
        *why = NULL;
    if (stat(path, &sb) < 0) {
        virReportSystemError(errno, _("cannot access '%1$s'"), path);
        return -1;
    }
    if (sb.st_mode & (S_ISUID | S_ISGID)) {
        if (why)
            *why = g_strdup_printf((sb.st_mode & S_ISUID) ? _("setuid (owner uid %1$u)")
                                                          : _("setgid (group gid %1$u)"),
                                   (sb.st_mode & S_ISUID) ? (unsigned int)sb.st_uid
                                                          : (unsigned int)sb.st_gid);
        return 1;
    }
    /* any security.capability attribute: even an empty set with the
     * effective bit changes what exec does */
    if ((len = getxattr(path, "security.capability", NULL, 0)) >= 0) {
        if (why)
            *why = g_strdup(_("file capabilities (security.capability)"));
        return 1;
    }
    if (errno != ENODATA && errno != ENOTSUP) {
        virReportSystemError(errno, _("cannot read the file capabilities of '%1$s'"), path);
        return -1;
    }
    return 0;
}
