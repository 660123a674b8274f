/*
 * viruser.c: users and groups from the user database (NSS)
 */
#include "viruser.h"

#include "virerror.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_CONF

/* Upper bound for one user's supplementary groups (the kernel's NGROUPS_MAX). */
#define VIR_USER_MAX_GROUPS 65536

/**
 * virUserIdentityClear:
 * Frees what @id holds and zeroes it.
 */
void
virUserIdentityClear(virUserIdentity *id)
{
    g_clear_pointer(&id->groups, g_free);
    id->ngroups = 0;
}

/**
 * virUserParseNumeric:
 * Returns TRUE with *@val set when @name is "+N".
 */
static gboolean
virUserParseNumeric(const char *name, guint64 *val)
{
    return name[0] == '+' &&
           g_ascii_string_to_unsigned(name + 1, 10, 0, G_MAXUINT32 - 1, val, NULL);
}

/**
 * virUserIdentityLookup:
 * See viruser.h.
 */
int
virUserIdentityLookup(const char *user, const char *group, virUserIdentity *id)
{
    g_autofree char *pwbuf = NULL;
    g_autofree char *grbuf = NULL;
    struct passwd pwd;
    struct passwd *pw = NULL;
    struct group grp;
    struct group *gr = NULL;
    long bufsize = sysconf(_SC_GETPW_R_SIZE_MAX);
    guint64 num;
    int ngroups;
    int rc;

    memset(id, 0, sizeof(*id));
    if (bufsize < 16384)
        bufsize = 16384;
    pwbuf = g_malloc(bufsize);
    grbuf = g_malloc(bufsize);

    if (virUserParseNumeric(user, &num)) {
        id->uid = num;
        getpwuid_r(id->uid, &pwd, pwbuf, bufsize, &pw);
    } else {
        if ((rc = getpwnam_r(user, &pwd, pwbuf, bufsize, &pw)) != 0 || !pw) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the user '%1$s' that QEMU should run as does not exist (qemu.conf 'user')%2$s%3$s"),
                           user, rc ? ": " : "", rc ? g_strerror(rc) : "");
            return -1;
        }
        id->uid = pw->pw_uid;
    }

    if (virUserParseNumeric(group, &num)) {
        id->gid = num;
    } else {
        if ((rc = getgrnam_r(group, &grp, grbuf, bufsize, &gr)) != 0 || !gr) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the group '%1$s' that QEMU should run as does not exist (qemu.conf 'group')%2$s%3$s"),
                           group, rc ? ": " : "", rc ? g_strerror(rc) : "");
            return -1;
        }
        id->gid = gr->gr_gid;
    }

    if (!pw) {
        id->groups = g_new0(gid_t, 1);
        id->groups[0] = id->gid;
        id->ngroups = 1;
        return 0;
    }
    ngroups = 16;
    for (;;) {
        int n = ngroups;

        id->groups = g_renew(gid_t, id->groups, ngroups);
        if (getgrouplist(pw->pw_name, id->gid, id->groups, &n) >= 0) {
            id->ngroups = n;
            return 0;
        }
        if (n <= ngroups || n > VIR_USER_MAX_GROUPS) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("cannot list the groups of user '%1$s'"), pw->pw_name);
            virUserIdentityClear(id);
            return -1;
        }
        ngroups = n;
    }
}
