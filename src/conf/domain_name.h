/*
 * domain_name.h: what a domain name may be, and the name its files get.
 *
 * Names follow upstream libvirt: anything but '/' (the QEMU driver
 * refuses '\n' too).  Every path the driver derives from a name uses
 * virDomainNameFileStem(), never the name itself, so that a name such
 * as "..", "-x", "a b" or "foo=1,bar=2" cannot walk out of a directory,
 * be taken for an option, overflow a unix socket path or need quoting
 * in an AppArmor rule.  See domain_name.c.
 */
#pragma once

#include <stdbool.h>

/* Longest domain name accepted (bytes, not characters): NAME.xml and
 * the driver's temporary ".NAME.xml.XXXXXX" must fit NAME_MAX (255). */
#define VIR_DOMAIN_NAME_MAX_LEN 240

/* Longest name that is its own file stem (the rule this tree had before
 * it took upstream's names, so that existing files keep their names). */
#define VIR_DOMAIN_NAME_PLAIN_MAX_LEN 64

int virDomainNameValidate(const char *name);
bool virDomainNameIsPlain(const char *name);
char *virDomainNameFileStem(const char *name);
