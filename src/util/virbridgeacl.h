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
 *
 * Trust boundary.  The files are text that the helper's parser reads
 * with fgets() and C string functions; the output is JavaScript that
 * polkitd runs with the authority to answer for every action.  So the
 * reader takes each file as bytes with its true length and refuses, with
 * the file and line, every byte on which the helper and this parser (or
 * JavaScript) could disagree: NUL (the helper's string ends there, ours
 * would not), CR and the other control characters, bytes above 0x7e
 * outside comments, lines the helper's 4096-byte buffer would split.
 * The generator puts input into the rules only as JSON string literals
 * made by one escaping function, and builds no comment from input.
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

/* Reads @path and everything it includes.  Syntax errors, refused bytes,
 * overlong bridge names and include loops are errors (reported; NULL
 * returned).  Things that are valid but inexpressible go to
 * acl->problems. */
virBridgeACL *virBridgeACLLoad(const char *path);

/* As virBridgeACLLoad, for a top file whose @len bytes of content are in
 * @data (any bytes, NUL included) and whose owner, group and mode are
 * given; included files are read from disk.  @path names the file in
 * messages and in the rules. */
virBridgeACL *virBridgeACLParse(const char *path, const char *data, size_t len,
                                uid_t owner, gid_t group, mode_t mode);

/* The helper's own answer for a caller with @uid and groups @gids
 * (primary included): true when @bridge would be allowed. */
bool virBridgeACLCheck(const virBridgeACL *acl,
                       uid_t uid, const gid_t *gids, size_t ngids,
                       const char *bridge);

/* Appends @str to @buf as a JSON string literal (which is also a
 * JavaScript one): quotes, backslash, every control character, U+2028,
 * U+2029 and everything outside ASCII escaped.  The only way input
 * reaches generated rules.  Returns 0, or -1 with an error reported when
 * @str is not valid UTF-8 (@buf is then left unchanged). */
int virBridgeACLAppendJSONString(GString *buf, const char *str);

/* An equivalent polkit rules file (JavaScript) for
 * org.libvirt.networkd.port.create.  Returns NULL with an error when
 * acl->problems is not empty or a uid/gid has no name.  Caller frees. */
char *virBridgeACLFormatPolkit(const virBridgeACL *acl);
