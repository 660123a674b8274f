/*
 * virgettext.c: set up translations for a program of this tree
 */
#include "virgettext.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

/**
 * virGettextInitializeCategory:
 * @category: LC_ALL, or the one category the program needs
 */
void
virGettextInitializeCategory(int category)
{
    setlocale(category, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
}


/**
 * virGettextInitialize:
 * Every program of the tree (virsh, the daemon, the helpers) calls this
 * (or virGettextInitializeCategory) once, before printing anything.
 */
void
virGettextInitialize(void)
{
    virGettextInitializeCategory(LC_ALL);
}
