/*
 * virgettext.h: set up translations for a program of this tree
 */
#pragma once

/* Locale from the environment, the tree's message catalog from LOCALEDIR,
 * UTF-8 output.  Call first thing in main(). */
void virGettextInitialize(void);

/* The same for only one locale category (e.g. LC_MESSAGES): for a
 * program exec'd per request that prints nothing but messages, where
 * loading every category of the locale is a measurable part of its run. */
void virGettextInitializeCategory(int category);
