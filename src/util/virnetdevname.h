/*
 * virnetdevname.h: validation of network interface names
 *
 * Shared by the XML layer (bridge and device names in <source>/<target>)
 * and by libvirt-networkd (every name a caller sends).  The kernel accepts
 * more than this; we accept only what cannot be truncated, cannot walk a
 * sysfs path and cannot act as a format template.
 */
#pragma once

#include <stdbool.h>

/* Linux IFNAMSIZ (16) minus the terminating NUL. */
#define VIR_NETDEV_NAME_MAX_LEN 15

/* True when @name is 1..15 bytes of printable ASCII with no '/', no
 * whitespace, no '%', no ':' and is not "." or ".." and contains no "..". */
bool virNetDevNameIsValid(const char *name);

/* When @name is invalid, a static English-independent reason key for the
 * first rule it breaks (translated by the caller), else NULL. */
const char *virNetDevNameInvalidReason(const char *name);
