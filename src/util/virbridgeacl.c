/*
 * virbridgeacl.c: qemu-bridge-helper's ACL files, read exactly as the
 * helper reads them, so they can be turned into polkit rules
 */
#include "virbridgeacl.h"
#include "virerror.h"
#include "virfile.h"
#include "virnetdevname.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#define VIR_FROM_THIS VIR_FROM_CONF

/* The helper reads lines with fgets() into a 4096-byte buffer. */
#define VIR_BRIDGE_ACL_LINE_MAX 4095
#define VIR_BRIDGE_ACL_FILE_MAX (1024 * 1024)
#define VIR_BRIDGE_ACL_DEPTH_MAX 32

/* GDestroyNotify for acl->files. */
static void
virBridgeACLFileFree(void *opaque)
{
    virBridgeACLFile *file = opaque;

    g_free(file->path);
    g_free(file);
}

/* GDestroyNotify for acl->rules. */
static void
virBridgeACLRuleFree(void *opaque)
{
    virBridgeACLRule *rule = opaque;

    g_free(rule->bridge);
    g_free(rule);
}

/**
 * virBridgeACLFree:
 * Frees @acl and everything it owns; accepts NULL.
 */
void
virBridgeACLFree(virBridgeACL *acl)
{
    if (!acl)
        return;
    g_ptr_array_unref(acl->files);
    g_ptr_array_unref(acl->rules);
    g_ptr_array_unref(acl->notes);
    g_ptr_array_unref(acl->problems);
    g_free(acl);
}

/* An empty ACL (caller frees). */
static virBridgeACL *
virBridgeACLNew(void)
{
    virBridgeACL *acl = g_new0(virBridgeACL, 1);

    acl->files = g_ptr_array_new_with_free_func(virBridgeACLFileFree);
    acl->rules = g_ptr_array_new_with_free_func(virBridgeACLRuleFree);
    acl->notes = g_ptr_array_new_with_free_func(g_free);
    acl->problems = g_ptr_array_new_with_free_func(g_free);
    return acl;
}

/**
 * virBridgeACLCheckDirs:
 * The helper must also be able to search every directory above @path.
 * Directories that everyone may search change nothing; anything stricter
 * would need a per-directory condition we do not generate, so say so.
 */
static void
virBridgeACLCheckDirs(virBridgeACL *acl, const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);

    while (strcmp(dir, "/") != 0 && strcmp(dir, ".") != 0) {
        struct stat sb;
        char *parent;

        if (stat(dir, &sb) == 0 && !(sb.st_mode & S_IXOTH)) {
            g_ptr_array_add(acl->problems,
                            g_strdup_printf(_("directory '%1$s' is not searchable by everyone (mode %2$04o): access to '%3$s' depends on it"),
                                            dir, (unsigned int)(sb.st_mode & 07777), path));
        }
        parent = g_path_get_dirname(dir);
        g_free(dir);
        dir = parent;
    }
}

static int virBridgeACLLoadFile(virBridgeACL *acl, const char *path,
                                int parent, GPtrArray *stack);

/**
 * virBridgeACLIsBlank:
 * The only blanks a line can still hold after virBridgeACLCheckBytes:
 * space and tab, which the helper's isspace() and ours agree on.
 */
static bool
virBridgeACLIsBlank(char c)
{
    return c == ' ' || c == '\t';
}

/**
 * virBridgeACLCheckBytes:
 * Refuses line @lineno of @path (@len bytes at @line, without its '\n')
 * when the helper could read it differently from us or from JavaScript:
 *  - longer than 4095 bytes: the helper's fgets() buffer would split it,
 *    and the rest would be read as a line of its own;
 *  - NUL: the helper's C strings end there and the rest is ignored;
 *  - CR: a line end for JavaScript, and blank or part of a name for the
 *    helper depending on where it stands;
 *  - other control characters and DEL: \v is a blank for isspace() but
 *    not for g_ascii_isspace(), and which one a helper uses depends on its
 *    version; the rest are never wanted;
 *  - bytes above 0x7e outside a comment: they can be neither a bridge
 *    name libvirt-networkd accepts nor a path we print safely.
 * A comment line (first non-blank byte '#') may hold any other byte.
 * Returns 0, or -1 with an error reported.
 */
static int
virBridgeACLCheckBytes(const char *path, unsigned int lineno,
                       const char *line, size_t len)
{
    bool comment = false;
    size_t i;

    if (len > VIR_BRIDGE_ACL_LINE_MAX) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s:%2$u: line longer than %3$d bytes (qemu-bridge-helper would read the rest as another line)"),
                       path, lineno, VIR_BRIDGE_ACL_LINE_MAX);
        return -1;
    }
    for (i = 0; i < len && virBridgeACLIsBlank(line[i]); i++)
        ;
    comment = i < len && line[i] == '#';

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];

        if (c == '\0') {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("%1$s:%2$u: NUL byte at column %3$zu (qemu-bridge-helper would ignore the rest of the line)"),
                           path, lineno, i + 1);
            return -1;
        }
        if (c == '\r') {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("%1$s:%2$u: carriage return at column %3$zu (not a line end for qemu-bridge-helper; convert the file to Unix line ends)"),
                           path, lineno, i + 1);
            return -1;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("%1$s:%2$u: control character 0x%3$02x at column %4$zu"),
                           path, lineno, c, i + 1);
            return -1;
        }
        if (c > 0x7f && !comment) {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("%1$s:%2$u: byte 0x%3$02x at column %4$zu outside a comment (only ASCII is accepted there)"),
                           path, lineno, c, i + 1);
            return -1;
        }
    }
    return 0;
}

/**
 * virBridgeACLTrim:
 * Strips blanks from both ends of @str in place; returns @str.
 */
static char *
virBridgeACLTrim(char *str)
{
    char *end;

    while (virBridgeACLIsBlank(*str))
        str++;
    end = str + strlen(str);
    while (end > str && virBridgeACLIsBlank(end[-1]))
        end--;
    *end = '\0';
    return str;
}

/**
 * virBridgeACLParseLine:
 * Handles one line of @file (index @fileIdx), already checked by
 * virBridgeACLCheckBytes, the way the helper does: leading blanks
 * skipped; '#' starts a comment only as the first non-blank byte; the
 * command ends at the first space or, when the line has no space, at the
 * first tab; the argument is trimmed.  Returns 0, or -1 with an error
 * reported.
 */
static int
virBridgeACLParseLine(virBridgeACL *acl,
                      const char *path,
                      int fileIdx,
                      unsigned int lineno,
                      char *line,
                      GPtrArray *stack)
{
    char *cmd;
    char *sep;
    char *arg;

    while (virBridgeACLIsBlank(*line))
        line++;
    if (*line == '#' || *line == '\0')
        return 0;

    cmd = line;
    /* Not strcspn(" \t"): with "allow\tbr0 x" the helper splits at the
     * space and sees the command "allow\tbr0". */
    if (!(sep = strchr(cmd, ' ')))
        sep = strchr(cmd, '\t');
    if (!sep) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s:%2$u: expected 'allow', 'deny' or 'include' and an argument, got '%3$s'"),
                       path, lineno, cmd);
        return -1;
    }
    *sep = '\0';
    arg = virBridgeACLTrim(sep + 1);

    if (strcmp(cmd, "include") == 0) {
        if (!g_path_is_absolute(arg)) {
            g_ptr_array_add(acl->problems,
                            g_strdup_printf(_("%1$s:%2$u: include of relative path '%3$s' depends on the directory QEMU runs in"),
                                            path, lineno, arg));
            return 0;
        }
        return virBridgeACLLoadFile(acl, arg, fileIdx, stack);
    }

    if (strcmp(cmd, "allow") == 0 || strcmp(cmd, "deny") == 0) {
        virBridgeACLRule *rule;
        const char *why;

        if (strlen(arg) > VIR_NETDEV_NAME_MAX_LEN) {
            /* The helper once truncated such names (CVE-2019-13164's class);
             * a truncated name may name another bridge.  Refuse. */
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("%1$s:%2$u: bridge name '%3$s' is longer than %4$d bytes"),
                           path, lineno, arg, VIR_NETDEV_NAME_MAX_LEN);
            return -1;
        }
        if (strcmp(arg, "all") != 0 && (why = virNetDevNameInvalidReason(arg))) {
            g_ptr_array_add(acl->notes,
                            g_strdup_printf(_("%1$s:%2$u: '%3$s %4$s' can never match a bridge (%5$s); skipped"),
                                            path, lineno, cmd, arg, why));
            return 0;
        }

        rule = g_new0(virBridgeACLRule, 1);
        rule->allow = cmd[0] == 'a';
        rule->bridge = strcmp(arg, "all") == 0 ? NULL : g_strdup(arg);
        rule->file = fileIdx;
        rule->line = lineno;
        g_ptr_array_add(acl->rules, rule);
        return 0;
    }

    virReportError(VIR_ERR_CONF_SYNTAX,
                   _("%1$s:%2$u: unknown command '%3$s' (expected 'allow', 'deny' or 'include')"),
                   path, lineno, cmd);
    return -1;
}

/**
 * virBridgeACLParseData:
 * Parses the @len bytes at @data, the content of file index @fileIdx
 * (@path), line by line; @stack holds the canonical paths of the files
 * being read.  Lines end at '\n' only.  Returns 0, or -1 with an error
 * reported.
 */
static int
virBridgeACLParseData(virBridgeACL *acl, const char *path, int fileIdx,
                      const char *data, size_t len, GPtrArray *stack)
{
    unsigned int lineno = 0;
    size_t pos = 0;

    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t linelen = nl ? (size_t)(nl - (data + pos)) : len - pos;
        g_autofree char *line = NULL;

        lineno++;
        if (virBridgeACLCheckBytes(path, lineno, data + pos, linelen) < 0)
            return -1;
        line = g_strndup(data + pos, linelen);
        if (virBridgeACLParseLine(acl, path, fileIdx, lineno, line, stack) < 0)
            return -1;
        pos += linelen + 1;
    }
    return 0;
}

/**
 * virBridgeACLAddFile:
 * Records a file of the ACL and returns its index.
 */
static int
virBridgeACLAddFile(virBridgeACL *acl, const char *path, int parent,
                    uid_t owner, gid_t group, mode_t mode)
{
    virBridgeACLFile *file = g_new0(virBridgeACLFile, 1);

    file->path = g_strdup(path);
    file->owner = owner;
    file->group = group;
    file->mode = mode & 07777;
    file->parent = parent;
    g_ptr_array_add(acl->files, file);
    return (int)acl->files->len - 1;
}

/**
 * virBridgeACLLoadFile:
 * Reads @path, included from file index @parent (-1: top file), with
 * @stack holding the canonical paths of the files being read (for loop
 * detection).  Returns 0, or -1 with an error reported.
 */
static int
virBridgeACLLoadFile(virBridgeACL *acl, const char *path,
                     int parent, GPtrArray *stack)
{
    g_autofree char *canon = NULL;
    g_autofree char *data = NULL;
    struct stat sb;
    ssize_t len;
    int fileIdx;
    size_t i;

    if (!(canon = realpath(path, NULL)) || stat(canon, &sb) < 0) {
        if (parent < 0) {
            virReportSystemError(errno, _("cannot read ACL file '%1$s'"), path);
            return -1;
        }
        /* The helper ignores includes it cannot open. */
        g_ptr_array_add(acl->notes,
                        g_strdup_printf(_("included file '%1$s' cannot be opened (%2$s); the helper skips it, so it is skipped here"),
                                        path, g_strerror(errno)));
        return 0;
    }

    for (i = 0; i < stack->len; i++) {
        if (strcmp(g_ptr_array_index(stack, i), canon) == 0) {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("include loop: '%1$s' includes itself through '%2$s'"),
                           canon, (const char *)g_ptr_array_index(stack, stack->len - 1));
            return -1;
        }
    }
    if (stack->len >= VIR_BRIDGE_ACL_DEPTH_MAX) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("includes nested deeper than %1$d levels at '%2$s'"),
                       VIR_BRIDGE_ACL_DEPTH_MAX, path);
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        virReportError(VIR_ERR_CONF_SYNTAX, _("'%1$s' is not a regular file"), path);
        return -1;
    }
    if (getxattr(canon, "system.posix_acl_access", NULL, 0) > 0) {
        g_ptr_array_add(acl->problems,
                        g_strdup_printf(_("'%1$s' has a POSIX ACL; who can read it is not expressed by owner, group and mode"),
                                        path));
    }
    /* The helper walks the path as written (through any symlinked
     * directory) and then the target's directories. */
    virBridgeACLCheckDirs(acl, path);
    if (strcmp(path, canon) != 0)
        virBridgeACLCheckDirs(acl, canon);

    if ((len = virFileReadAll(canon, VIR_BRIDGE_ACL_FILE_MAX, &data)) < 0)
        return -1;

    fileIdx = virBridgeACLAddFile(acl, path, parent, sb.st_uid, sb.st_gid, sb.st_mode);
    g_ptr_array_add(stack, g_strdup(canon));
    if (virBridgeACLParseData(acl, path, fileIdx, data, (size_t)len, stack) < 0)
        return -1;
    g_ptr_array_remove_index(stack, stack->len - 1);
    return 0;
}

/**
 * virBridgeACLLoad:
 * Returns the ACL rooted at @path (caller frees), or NULL with an error.
 */
virBridgeACL *
virBridgeACLLoad(const char *path)
{
    g_autoptr(virBridgeACL) acl = virBridgeACLNew();
    g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func(g_free);

    if (virBridgeACLLoadFile(acl, path, -1, stack) < 0)
        return NULL;
    return g_steal_pointer(&acl);
}

/**
 * virBridgeACLParse:
 * Returns the ACL whose top file @path holds the @len bytes at @data and
 * has @owner, @group and @mode (caller frees), or NULL with an error.
 */
virBridgeACL *
virBridgeACLParse(const char *path, const char *data, size_t len,
                  uid_t owner, gid_t group, mode_t mode)
{
    g_autoptr(virBridgeACL) acl = virBridgeACLNew();
    g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *canon = realpath(path, NULL);
    int fileIdx = virBridgeACLAddFile(acl, path, -1, owner, group, mode);

    /* An include of the top file itself is a loop, if it exists on disk */
    g_ptr_array_add(stack, g_strdup(canon ? canon : path));
    if (virBridgeACLParseData(acl, path, fileIdx, data, len, stack) < 0)
        return NULL;
    return g_steal_pointer(&acl);
}

/* Whether @gid is one of the @ngids groups in @gids. */
static bool
virBridgeACLInGroups(gid_t gid, const gid_t *gids, size_t ngids)
{
    size_t i;

    for (i = 0; i < ngids; i++) {
        if (gids[i] == gid)
            return true;
    }
    return false;
}

/**
 * virBridgeACLFileReadable:
 * Whether the caller can open file @idx and every file that included it,
 * with the kernel's rule: owner bits for the owner, else group bits for
 * members, else the other bits.  uid 0 reads everything.
 */
static bool
virBridgeACLFileReadable(const virBridgeACL *acl, int idx,
                         uid_t uid, const gid_t *gids, size_t ngids)
{
    while (idx >= 0) {
        const virBridgeACLFile *file = g_ptr_array_index(acl->files, idx);
        mode_t bit;

        if (uid == 0)
            bit = S_IRUSR;   /* root reads regardless; any set bit is fine */
        else if (uid == file->owner)
            bit = S_IRUSR;
        else if (virBridgeACLInGroups(file->group, gids, ngids))
            bit = S_IRGRP;
        else
            bit = S_IROTH;

        if (uid != 0 && !(file->mode & bit))
            return false;
        idx = file->parent;
    }
    return true;
}

/**
 * virBridgeACLCheck:
 * The helper's answer (see virbridgeacl.h): deny wins, no allow denies,
 * a rule counts only when its file chain is readable by the caller.
 */
bool
virBridgeACLCheck(const virBridgeACL *acl,
                  uid_t uid, const gid_t *gids, size_t ngids,
                  const char *bridge)
{
    bool allowed = false;
    bool denied = false;
    size_t i;

    for (i = 0; i < acl->rules->len; i++) {
        const virBridgeACLRule *rule = g_ptr_array_index(acl->rules, i);

        if (rule->bridge && strcmp(rule->bridge, bridge) != 0)
            continue;
        if (!virBridgeACLFileReadable(acl, rule->file, uid, gids, ngids))
            continue;
        if (rule->allow)
            allowed = true;
        else
            denied = true;
    }
    return allowed && !denied;
}

/**
 * virBridgeACLAppendJSONString:
 * Appends @str as a JSON string literal: '"', '\\', every code point
 * below U+0020, DEL, U+2028 and U+2029 (line ends for JavaScript before
 * ES2019) and everything above U+007E as \uXXXX (surrogate pairs above
 * U+FFFF), so the output is plain printable ASCII whatever @str holds.
 * Returns 0, or -1 with an error when @str is not valid UTF-8.
 */
int
virBridgeACLAppendJSONString(GString *buf, const char *str)
{
    const char *p;

    if (!g_utf8_validate(str, -1, NULL)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("'%1$s' is not valid UTF-8 and cannot be written into polkit rules"),
                       str);
        return -1;
    }

    g_string_append_c(buf, '"');
    for (p = str; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (c == '"' || c == '\\') {
            g_string_append_c(buf, '\\');
            g_string_append_c(buf, (char)c);
        } else if (c >= 0x20 && c < 0x7f) {
            g_string_append_c(buf, (char)c);
        } else if (c <= 0xffff) {
            g_string_append_printf(buf, "\\u%04x", (unsigned int)c);
        } else {
            c -= 0x10000;
            g_string_append_printf(buf, "\\u%04x\\u%04x",
                                   (unsigned int)(0xd800 + (c >> 10)),
                                   (unsigned int)(0xdc00 + (c & 0x3ff)));
        }
    }
    g_string_append_c(buf, '"');
    return 0;
}

/**
 * virBridgeACLFormatFiles:
 * Appends the "files" array: per file its path, the index of the file
 * that includes it, owner and group names and mode.  Returns 0, or -1
 * with an error (an owner or group without a name, a path that is not
 * UTF-8).
 */
static int
virBridgeACLFormatFiles(GString *buf, const virBridgeACL *acl)
{
    size_t i;

    g_string_append(buf, "    var files = [\n");
    for (i = 0; i < acl->files->len; i++) {
        const virBridgeACLFile *file = g_ptr_array_index(acl->files, i);
        struct passwd *pw = getpwuid(file->owner);
        g_autofree char *owner = pw ? g_strdup(pw->pw_name) : NULL;
        struct group *gr = getgrgid(file->group);

        if (!owner || !gr) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("owner %1$u or group %2$u of '%3$s' has no name; polkit rules need names"),
                           (unsigned int)file->owner, (unsigned int)file->group, file->path);
            return -1;
        }
        g_string_append(buf, i == 0 ? "        { \"path\": " : ",\n        { \"path\": ");
        if (virBridgeACLAppendJSONString(buf, file->path) < 0)
            return -1;
        g_string_append_printf(buf, ", \"parent\": %d, \"owner\": ", file->parent);
        if (virBridgeACLAppendJSONString(buf, owner) < 0)
            return -1;
        g_string_append(buf, ", \"group\": ");
        if (virBridgeACLAppendJSONString(buf, gr->gr_name) < 0)
            return -1;
        g_string_append_printf(buf, ", \"mode\": %u }", (unsigned int)file->mode);
    }
    g_string_append(buf, acl->files->len ? "\n    ];\n" : "    ];\n");
    return 0;
}

/**
 * virBridgeACLFormatRules:
 * Appends the "rules" array, in the helper's order: file index, line,
 * allow or deny, and the bridge (null for "all").  Returns 0, or -1 with
 * an error.
 */
static int
virBridgeACLFormatRules(GString *buf, const virBridgeACL *acl)
{
    size_t i;

    g_string_append(buf, "    var rules = [\n");
    for (i = 0; i < acl->rules->len; i++) {
        const virBridgeACLRule *rule = g_ptr_array_index(acl->rules, i);

        g_string_append_printf(buf, "%s        { \"file\": %d, \"line\": %u, \"allow\": %s, \"bridge\": ",
                               i == 0 ? "" : ",\n", rule->file, rule->line, rule->allow ? "true" : "false");
        if (!rule->bridge)
            g_string_append(buf, "null");
        else if (virBridgeACLAppendJSONString(buf, rule->bridge) < 0)
            return -1;
        g_string_append(buf, " }");
    }
    g_string_append(buf, acl->rules->len ? "\n    ];\n" : "    ];\n");
    return 0;
}

/**
 * virBridgeACLFormatPolkit:
 * Returns the rules file (caller frees), or NULL with an error.  The
 * text is fixed except for the two data arrays, whose strings all pass
 * through virBridgeACLAppendJSONString; no comment carries input.
 */
char *
virBridgeACLFormatPolkit(const virBridgeACL *acl)
{
    g_autoptr(GString) buf = g_string_new(NULL);

    if (acl->problems->len > 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the ACL cannot be expressed exactly as polkit rules: %1$s"),
                       (const char *)g_ptr_array_index(acl->problems, 0));
        return NULL;
    }

    g_string_append(buf,
        "// polkit rules equivalent to a qemu-bridge-helper ACL, generated by\n"
        "// libvirt-networkd-import-acl.  Deny wins over allow; without a\n"
        "// matching allow the answer is no, as with the helper.  A file's\n"
        "// rules count only for users who could read it (and every file that\n"
        "// includes it), because the helper reads them as the user.\n"
        "polkit.addRule(function(action, subject) {\n"
        "    // The ACL's files; \"parent\" is the index of the including file.\n");
    if (virBridgeACLFormatFiles(buf, acl) < 0)
        return NULL;
    g_string_append(buf,
        "    // The rules in the helper's order; bridge null stands for \"all\".\n");
    if (virBridgeACLFormatRules(buf, acl) < 0)
        return NULL;
    g_string_append(buf,
        "\n"
        "    if (action.id != \"org.libvirt.networkd.port.create\" ||\n"
        "        action.lookup(\"plug\") != \"bridge\")\n"
        "        return polkit.Result.NOT_HANDLED;\n"
        "\n"
        "    // The kernel's read check: owner bits, else group bits, else\n"
        "    // others; and the same for every file above.\n"
        "    function canRead(i) {\n"
        "        for (; i >= 0; i = files[i].parent) {\n"
        "            var f = files[i];\n"
        "            var bit;\n"
        "            if (subject.user == f.owner)\n"
        "                bit = 256;   // 0400\n"
        "            else if (subject.isInGroup(f.group))\n"
        "                bit = 32;    // 0040\n"
        "            else\n"
        "                bit = 4;     // 0004\n"
        "            if ((f.mode & bit) == 0)\n"
        "                return false;\n"
        "        }\n"
        "        return true;\n"
        "    }\n"
        "\n"
        "    var bridge = action.lookup(\"bridge\");\n"
        "    var allowed = false;\n"
        "    var denied = false;\n"
        "    for (var r = 0; r < rules.length; r++) {\n"
        "        if (rules[r].bridge !== null && rules[r].bridge !== bridge)\n"
        "            continue;\n"
        "        if (!canRead(rules[r].file))\n"
        "            continue;\n"
        "        if (rules[r].allow)\n"
        "            allowed = true;\n"
        "        else\n"
        "            denied = true;\n"
        "    }\n"
        "    if (allowed && !denied)\n"
        "        return polkit.Result.YES;\n"
        "    return polkit.Result.NO;\n"
        "});\n");
    return g_string_free(g_steal_pointer(&buf), FALSE);
}
