/*
 * virgettext.c: set up translations for a program of this tree
 */
#include "virgettext.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

/**
 * virGettextInitialize:
 * Every program of the tree (virsh, the daemon, the helpers) calls this
 * once, before printing anything.
 */
void
virGettextInitialize(void)
{
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
}
