/*
 * virgettext.h: set up translations for a program of this tree
 */
#pragma once

/* Locale from the environment, the tree's message catalog from LOCALEDIR,
 * UTF-8 output.  Call first thing in main(). */
void virGettextInitialize(void);
