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

static void
virBridgeACLFileFree(void *opaque)
{
    virBridgeACLFile *file = opaque;

    g_free(file->path);
    g_free(file);
}

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
 * virBridgeACLParseLine:
 * Handles one line of @file (index @fileIdx) the way the helper does:
 * leading blanks skipped, '#' starts a comment only at the start, the
 * command ends at the first space or tab, the argument is trimmed.
 * Returns 0, or -1 with an error reported.
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
    char *arg;

    while (g_ascii_isspace(*line))
        line++;
    if (*line == '#' || *line == '\0')
        return 0;

    cmd = line;
    arg = cmd + strcspn(cmd, " \t");
    if (*arg == '\0') {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s:%2$u: expected 'allow', 'deny' or 'include' and an argument, got '%3$s'"),
                       path, lineno, cmd);
        return -1;
    }
    *arg++ = '\0';
    g_strstrip(arg);

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
    g_auto(GStrv) lines = NULL;
    virBridgeACLFile *file;
    struct stat sb;
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
    virBridgeACLCheckDirs(acl, canon);

    if (virFileReadAll(canon, VIR_BRIDGE_ACL_FILE_MAX, &data) < 0)
        return -1;

    file = g_new0(virBridgeACLFile, 1);
    file->path = g_strdup(path);
    file->owner = sb.st_uid;
    file->group = sb.st_gid;
    file->mode = sb.st_mode & 07777;
    file->parent = parent;
    fileIdx = (int)acl->files->len;
    g_ptr_array_add(acl->files, file);

    g_ptr_array_add(stack, g_strdup(canon));
    lines = g_strsplit(data, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (strlen(lines[i]) > VIR_BRIDGE_ACL_LINE_MAX) {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("%1$s:%2$zu: line longer than %3$d bytes"),
                           path, i + 1, VIR_BRIDGE_ACL_LINE_MAX);
            return -1;
        }
        if (virBridgeACLParseLine(acl, path, fileIdx, (unsigned int)(i + 1),
                                  lines[i], stack) < 0)
            return -1;
    }
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

/* Bridge and user names reach the rules file as JavaScript strings; both
 * were validated to a conservative charset, so quoting cannot be broken,
 * but escape anyway so the generator is safe on its own. */
static void
virBridgeACLAppendJSString(GString *buf, const char *str)
{
    const char *p;

    g_string_append_c(buf, '"');
    for (p = str; *p; p++) {
        unsigned char c = (unsigned char)*p;

        if (c == '"' || c == '\\')
            g_string_append_printf(buf, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            g_string_append_printf(buf, "\\u%04x", c);
        else
            g_string_append_c(buf, c);
    }
    g_string_append_c(buf, '"');
}

char *
virBridgeACLFormatPolkit(const virBridgeACL *acl)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    const virBridgeACLFile *top = g_ptr_array_index(acl->files, 0);
    size_t i;

    if (acl->problems->len > 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the ACL cannot be expressed exactly as polkit rules: %1$s"),
                       (const char *)g_ptr_array_index(acl->problems, 0));
        return NULL;
    }

    g_string_append_printf(buf,
        "// polkit rules equivalent to the qemu-bridge-helper ACL %s,\n"
        "// generated by libvirt-networkd-import-acl.  Deny wins over allow;\n"
        "// without a matching allow the answer is no, as with the helper.\n"
        "// A file's rules count only for users who could read it (and every\n"
        "// file that includes it), because the helper reads them as the user.\n"
        "polkit.addRule(function(action, subject) {\n"
        "    if (action.id != \"org.libvirt.networkd.port.create\" ||\n"
        "        action.lookup(\"plug\") != \"bridge\")\n"
        "        return polkit.Result.NOT_HANDLED;\n"
        "\n"
        "    var bridge = action.lookup(\"bridge\");\n"
        "    // The kernel's read check: owner bits, else group bits, else others.\n"
        "    function canRead(owner, group, mode) {\n"
        "        if (subject.user == owner)\n"
        "            return (mode & 256) != 0;   // 0400\n"
        "        if (subject.isInGroup(group))\n"
        "            return (mode & 32) != 0;    // 0040\n"
        "        return (mode & 4) != 0;         // 0004\n"
        "    }\n",
        top->path);

    for (i = 0; i < acl->files->len; i++) {
        const virBridgeACLFile *file = g_ptr_array_index(acl->files, i);
        struct passwd *pw = getpwuid(file->owner);
        struct group *gr = getgrgid(file->group);

        if (!pw || !gr) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("owner %1$u or group %2$u of '%3$s' has no name; polkit rules need names"),
                           (unsigned int)file->owner, (unsigned int)file->group, file->path);
            return NULL;
        }
        g_string_append_printf(buf, "    // %s: owner %s, group %s, mode %04o\n",
                               file->path, pw->pw_name, gr->gr_name,
                               (unsigned int)file->mode);
        g_string_append_printf(buf, "    var f%zu = ", i);
        if (file->parent >= 0)
            g_string_append_printf(buf, "f%d && ", file->parent);
        g_string_append(buf, "canRead(");
        virBridgeACLAppendJSString(buf, pw->pw_name);
        g_string_append(buf, ", ");
        virBridgeACLAppendJSString(buf, gr->gr_name);
        g_string_append_printf(buf, ", %u);\n", (unsigned int)file->mode);
    }

    g_string_append(buf, "\n    var allowed = false;\n    var denied = false;\n");
    for (i = 0; i < acl->rules->len; i++) {
        const virBridgeACLRule *rule = g_ptr_array_index(acl->rules, i);
        const virBridgeACLFile *file = g_ptr_array_index(acl->files, rule->file);

        g_string_append_printf(buf, "    // %s:%u: %s %s\n", file->path, rule->line,
                               rule->allow ? "allow" : "deny",
                               rule->bridge ? rule->bridge : "all");
        g_string_append_printf(buf, "    if (f%d", rule->file);
        if (rule->bridge) {
            g_string_append(buf, " && bridge == ");
            virBridgeACLAppendJSString(buf, rule->bridge);
        }
        g_string_append_printf(buf, ")\n        %s = true;\n",
                               rule->allow ? "allowed" : "denied");
    }

    g_string_append(buf,
        "\n"
        "    if (allowed && !denied)\n"
        "        return polkit.Result.YES;\n"
        "    return polkit.Result.NO;\n"
        "});\n");
    return g_string_free(g_steal_pointer(&buf), FALSE);
}
