/*
 * virfileowner.h: lending a file to another uid, and giving it back
 *
 * One host facility: file ownership and the privilege bits of a program.
 * A system-mode QEMU runs as an unprivileged user, so the files it must
 * open (disks, kernel, serial files) are chown()ed to that user while it
 * runs.  The owner they had is remembered in the file itself, in
 * extended attributes of the "trusted" namespace (only a process with
 * CAP_SYS_ADMIN can read or write them, so the borrowing user cannot
 * forge what it will be given back), with a reference count so that a
 * file lent to two domains at once goes back only when both are done:
 *
 *   trusted.libvirt.security.dac            "+UID:+GID", the owner to restore
 *   trusted.libvirt.security.ref_dac        "N", how many lenders hold it
 *   trusted.libvirt.security.timestamp_dac  the boot id of the host that
 *                                           wrote them; a record from an
 *                                           earlier boot (a host crash
 *                                           while a domain ran) is stale
 *
 * The attribute names and the "+UID:+GID" format are upstream libvirt's
 * (its timestamp is the boot time, ours the boot id).  On a filesystem
 * without trusted attributes nothing is remembered, and the file goes
 * back to root:root, as upstream does; where records can be kept, a file
 * without one is never given "back" (upstream gives it to root).
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#define VIR_FILE_OWNER_XATTR "trusted.libvirt.security.dac"
#define VIR_FILE_OWNER_XATTR_REF "trusted.libvirt.security.ref_dac"
#define VIR_FILE_OWNER_XATTR_TIMESTAMP "trusted.libvirt.security.timestamp_dac"

/**
 * virFileOwnerLend:
 * @path: an existing file (symlinks are followed)
 * @uid, @gid: the new owner
 * @remember: remember the current owner (or count one more lender when
 *            it is remembered already)
 *
 * Returns 0, or -1 with an error reported (nothing changed).
 */
int virFileOwnerLend(const char *path, uid_t uid, gid_t gid, bool remember);

/**
 * virFileOwnerGiveBack:
 * @path: a file lent with virFileOwnerLend()
 * @remember: as given to virFileOwnerLend()
 *
 * With @remember: one lender fewer; the last one restores the remembered
 * owner and removes the record.  A file without a record is left alone
 * (with a warning) where the filesystem keeps records: it is not one we
 * lent.  Where it cannot (or without @remember) the file goes to
 * root:root, as upstream.
 * Returns 0, or -1 with an error reported.
 */
int virFileOwnerGiveBack(const char *path, bool remember);

/**
 * virFileProgramPrivilege:
 * @path: an executable
 * @why: set to what makes it privileged (caller frees), or NULL
 *
 * Whether exec'ing @path can raise privileges: a setuid or setgid bit,
 * or file capabilities (the security.capability attribute).
 * Returns 1 (privileged, @why set), 0 (not), or -1 with an error.
 */
int virFileProgramPrivilege(const char *path, char **why);
