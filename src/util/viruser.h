/*
 * viruser.h: users and groups from the user database (NSS)
 *
 * One host facility: turning qemu.conf's "user" and "group" (a name, or
 * "+N" for a number, upstream's syntax) into the ids and supplementary
 * groups a child process is switched to.  Looked up in the parent:
 * between fork() and exec() NSS cannot be used.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

typedef struct _virUserIdentity virUserIdentity;
struct _virUserIdentity {
    uid_t uid;
    gid_t gid;
    gid_t *groups;     /* supplementary groups: @gid and the user's groups */
    size_t ngroups;
};

void virUserIdentityClear(virUserIdentity *id);

/**
 * virUserIdentityLookup:
 * @user: a user name or "+UID"
 * @group: a group name or "+GID"
 * @id: filled (clear with virUserIdentityClear())
 *
 * The supplementary groups are those the user database gives @user
 * (getgrouplist), plus @group; a "+UID" without a database entry gets
 * @group only.
 * Returns 0, or -1 with an error naming what does not exist.
 */
int virUserIdentityLookup(const char *user, const char *group, virUserIdentity *id);
