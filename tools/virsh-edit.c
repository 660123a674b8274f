/*
 * virsh-edit.c: the editor round trip of upstream's edit commands
 *
 * "edit DOMAIN" and "net-edit NETWORK" share it: the object's stored
 * (inactive) XML goes into a temporary file, $VISUAL, else $EDITOR, else
 * vi runs on it with the terminal, and the object is defined again from
 * the file when the text changed.  When that define fails, or the stored
 * XML changed while the user was editing, the user is asked, as upstream
 * asks, "Failed. Try again? [y,n,i,f,?]:":
 *
 *   y  edit the same file again (the user's changes are kept)
 *   n  give up; the object stays as it was and the command fails
 *   i  define again with validation off (only where the command
 *      validates, which "edit" does unless --skip-validate)
 *   f  define the file again as it is (after "changed by another user":
 *      replace the other change with this one)
 *   ?  print this list
 *
 * On a terminal the answer is one key, read in raw mode.  Unlike
 * upstream, which gives up at once when standard input is not a
 * terminal, a line is read from it then (its first character is the
 * answer; end of input is "n"), so scripts and tests can answer.
 *
 * The temporary file is made with mode 0600 in $TMPDIR (or /tmp) and
 * removed in every case.
 */
#include "virsh.h"

#include "virerror.h"
#include "virfile.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_VIRSH

/* Characters an editor command may hold and still be run without a
 * shell; anything else (spaces for options, quotes, $) goes through
 * /bin/sh, as $EDITOR is meant to be read. */
#define VIRSH_EDIT_PLAIN_CHARS \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+:@/"

/**
 * virshEditEditor:
 * Returns the editor command the user chose: $VISUAL, else $EDITOR,
 * else "vi" (borrowed).
 */
static const char *
virshEditEditor(void)
{
    const char *editor = g_getenv("VISUAL");

    if (!editor || !*editor)
        editor = g_getenv("EDITOR");
    if (!editor || !*editor)
        editor = "vi";
    return editor;
}

/**
 * virshEditWriteTempFile:
 * @doc: the text to edit
 *
 * Writes @doc into a new file "virshXXXXXX.xml" (mode 0600) in $TMPDIR
 * or /tmp.  Returns its path (caller frees and removes), or NULL with an
 * error reported.
 */
char *
virshEditWriteTempFile(const char *doc)
{
    g_autoptr(GError) gerr = NULL;
    g_autofree char *path = NULL;
    VIR_AUTOCLOSE fd = -1;

    if ((fd = g_file_open_tmp("virshXXXXXX.xml", &path, &gerr)) < 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot create a temporary file: %1$s"), gerr->message);
        return NULL;
    }
    if (virFileRewriteStrNoSync(path, 0600, doc) < 0) {
        unlink(path);
        return NULL;
    }
    return g_steal_pointer(&path);
}

/**
 * virshEditFile:
 * @path: the file to edit
 *
 * Runs the user's editor (see virshEditEditor) on @path with virsh's
 * standard input, output and error, and waits for it.  A plain command
 * runs as "EDITOR PATH"; one with spaces or shell syntax through
 * "/bin/sh -c 'EDITOR \"$1\"' sh PATH", so the file name is never parsed
 * by the shell.  Returns 0 when the editor exited 0, or -1 with an error
 * reported.
 */
int
virshEditFile(const char *path)
{
    const char *editor = virshEditEditor();
    g_autofree char *script = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *argv[6];
    int status = 0;

    if (strspn(editor, VIRSH_EDIT_PLAIN_CHARS) == strlen(editor)) {
        argv[0] = editor;
        argv[1] = path;
        argv[2] = NULL;
    } else {
        script = g_strdup_printf("%s \"$1\"", editor);
        argv[0] = "/bin/sh";
        argv[1] = "-c";
        argv[2] = script;
        argv[3] = "sh";
        argv[4] = path;
        argv[5] = NULL;
    }

    fflush(stdout);
    fflush(stderr);
    if (!g_spawn_sync(NULL, (char **)argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN,
                      NULL, NULL, NULL, NULL, &status, &gerr) ||
        !g_spawn_check_wait_status(status, &gerr)) {
        virReportError(VIR_ERR_OPERATION_FAILED, _("editor '%1$s' failed: %2$s"),
                       editor, gerr->message);
        return -1;
    }
    return 0;
}

/**
 * virshEditReadBack:
 * Returns the text of the edited file @path (caller frees), or NULL with
 * an error reported.
 */
static char *
virshEditReadBack(const char *path)
{
    char *doc = NULL;

    if (virFileReadAll(path, VIR_DOMAIN_XML_MAX_SIZE, &doc) < 0)
        return NULL;
    return doc;
}

/**
 * virshEditPrintChoices:
 * The answer list that "?" prints (@tty: the prompt's line is still open).
 */
static void
virshEditPrintChoices(vshControl *ctl, bool relaxAvail, bool tty)
{
    /* on a terminal the prompt's line is still open */
    vshPrint(ctl, "%s%s\n", tty ? "\n" : "", _("y - yes, start editor again"));
    vshPrint(ctl, "%s\n", _("n - no, throw away my changes"));
    if (relaxAvail)
        vshPrint(ctl, "%s\n", _("i - turn off validation and try to redefine again"));
    vshPrint(ctl, "%s\n", _("f - force, try to redefine again"));
    vshPrint(ctl, "%s\n", _("? - print this help"));
}

/**
 * virshEditReadKey:
 * @tty: standard input is a terminal
 *
 * Returns the next answer, lower-cased: one key, not echoed, on a
 * terminal (canonical mode and echo off for the one read; output
 * processing stays on, so "\n" still starts a new line; keys typed
 * ahead are kept, not flushed), else the first
 * character of the next line (a blank line gives '\n'); EOF at the end
 * of the input or on a read error.
 */
static int
virshEditReadKey(bool tty)
{
    struct termios saved, raw;
    int c;

    if (!tty) {
        g_autofree char *line = NULL;
        size_t len = 0;

        if (getline(&line, &len, stdin) < 0)
            return EOF;
        g_strchug(line);
        return g_ascii_tolower(line[0] ? line[0] : '\n');
    }

    if (tcgetattr(STDIN_FILENO, &saved) < 0)
        return EOF;
    raw = saved;
    raw.c_lflag &= ~(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) < 0)
        return EOF;
    c = getchar();
    tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
    return c == EOF ? EOF : g_ascii_tolower(c);
}

/**
 * virshEditAskReedit:
 * @ctl: the shell
 * @msg: what went wrong, e.g. "Failed."
 * @relaxAvail: whether "i" (define without validation) is offered
 *
 * Prints the pending error, then "@msg Try again? [y,n,i,f,?]: " until
 * the user gives a valid answer.  On a terminal the prompt is written
 * over itself after a key that is no answer; otherwise each prompt ends
 * its line.  Returns 'y', 'n', 'i' or 'f'; end of input is 'n'.
 */
int
virshEditAskReedit(vshControl *ctl, const char *msg, bool relaxAvail)
{
    bool tty = isatty(STDIN_FILENO) == 1;
    int c;

    vshReportError(ctl);
    while (true) {
        vshPrint(ctl, "%s%s %s %s: ", tty ? "\r" : "", msg, _("Try again?"),
                 relaxAvail ? "[y,n,i,f,?]" : "[y,n,f,?]");
        fflush(stdout);
        c = virshEditReadKey(tty);
        if (!tty)
            vshPrint(ctl, "\n");
        if (c == EOF) {
            c = 'n';
            break;
        }
        if (c == '?') {
            virshEditPrintChoices(ctl, relaxAvail, tty);
            continue;
        }
        if (c == 'y' || c == 'n' || c == 'f' || (relaxAvail && c == 'i'))
            break;
    }
    if (tty)
        vshPrint(ctl, "\n");
    return c;
}

/**
 * virshEditRun:
 * @ctl: the shell
 * @ops: how to get and define the object's XML
 * @opaque: passed to @ops
 * @changed: set to whether the object was defined again
 *
 * The edit loop described at the top of the file.  Returns true when the
 * object was defined from the edited text or the text did not change
 * (*@changed tells which), false when the user gave up or a step failed
 * (the error reported, or left for the caller's report).
 */
bool
virshEditRun(vshControl *ctl, const virshEditOps *ops, void *opaque, bool *changed)
{
    g_autofree char *doc = NULL;
    g_autofree char *tmp = NULL;
    bool relaxAvail = ops->relaxAvail;
    bool relax = false;
    bool ret = false;

    *changed = false;
    if (!(doc = ops->getXML(ctl, opaque)) || !(tmp = virshEditWriteTempFile(doc)))
        return false;

    while (true) {
        g_autofree char *edited = NULL;
        bool defining = true;

        if (virshEditFile(tmp) < 0 || !(edited = virshEditReadBack(tmp)))
            break;
        if (g_str_equal(doc, edited)) {
            ret = true;
            break;
        }
        /* define until it works, or the user edits again or gives up */
        while (defining) {
            g_autofree char *reread = NULL;
            const char *msg = NULL;

            /* the stored XML changed while the user edited (or the
             * object is gone): the user decides whether to overwrite */
            if (!(reread = ops->getXML(ctl, opaque)))
                goto cleanup;
            if (!g_str_equal(doc, reread)) {
                msg = _("The XML configuration was changed by another user.");
                g_free(doc);
                doc = g_steal_pointer(&reread);
            } else if (!ops->define(ctl, edited, relax, opaque)) {
                msg = _("Failed.");
            } else {
                *changed = true;
                ret = true;
                goto cleanup;
            }

            switch (virshEditAskReedit(ctl, msg, relaxAvail)) {
            case 'y':
                defining = false;
                break;
            case 'f':
                break;
            case 'i':
                relax = true;
                relaxAvail = false;
                break;
            case 'n':
            default:
                goto cleanup;
            }
        }
    }

 cleanup:
    if (tmp)
        unlink(tmp);
    return ret;
}
