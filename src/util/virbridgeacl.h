/*
 * virbridgeacl.h: qemu-bridge-helper's ACL files, read exactly as the
 * helper reads them, so they can be turned into polkit rules
 *
 * The helper reads /etc/qemu/bridge.conf after dropping to the calling
 * user's uid and groups, so a file's permissions decide for whom its rules
 * count: "include /etc/qemu/vmusers.conf" with mode 0640 and group vmusers
 * gives its rules to members of vmusers only.  Deny wins over allow; with
 * no matching allow the answer is deny.  An include that cannot be read is
 * skipped silently by the helper.
 *
 * We record, for every rule, the chain of files that had to be readable
 * for the helper to see it, and evaluate or print that chain exactly.
 * What cannot be expressed exactly (POSIX ACLs on a file, relative
 * include paths, owners without a name, ...) is reported, never guessed.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct _virBridgeACLFile virBridgeACLFile;
struct _virBridgeACLFile {
    char *path;
    uid_t owner;
    gid_t group;
    mode_t mode;
    int parent;        /* index of the including file, -1 for the top file */
};

typedef struct _virBridgeACLRule virBridgeACLRule;
struct _virBridgeACLRule {
    bool allow;        /* allow or deny */
    char *bridge;      /* NULL for "all" */
    int file;          /* index into files: the file holding the rule */
    unsigned int line;
};

typedef struct _virBridgeACL virBridgeACL;
struct _virBridgeACL {
    GPtrArray *files;     /* virBridgeACLFile * */
    GPtrArray *rules;     /* virBridgeACLRule *, in the helper's order */
    GPtrArray *notes;     /* char *: things the helper ignores silently */
    GPtrArray *problems;  /* char *: things no polkit rule can express */
};

void virBridgeACLFree(virBridgeACL *acl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virBridgeACL, virBridgeACLFree);

/* Reads @path and everything it includes.  Syntax errors, overlong bridge
 * names and include loops are errors (reported; NULL returned).  Things
 * that are valid but inexpressible go to acl->problems. */
virBridgeACL *virBridgeACLLoad(const char *path);

/* The helper's own answer for a caller with @uid and groups @gids
 * (primary included): true when @bridge would be allowed. */
bool virBridgeACLCheck(const virBridgeACL *acl,
                       uid_t uid, const gid_t *gids, size_t ngids,
                       const char *bridge);

/* An equivalent polkit rules file (JavaScript) for
 * org.libvirt.networkd.port.create.  Returns NULL with an error when
 * acl->problems is not empty or a uid/gid has no name.  Caller frees. */
char *virBridgeACLFormatPolkit(const virBridgeACL *acl);
