/*
 * virnetdevname.c: validation of network interface names
 */
#include "virnetdevname.h"
#include "virerror.h"

#include <string.h>

/**
 * virNetDevNameInvalidReason:
 * Returns NULL when @name is a valid interface name, else a translated
 * reason naming the first rule it breaks.  The string is static.
 */
const char *
virNetDevNameInvalidReason(const char *name)
{
    size_t len;
    const char *p;

    if (!name || !*name)
        return _("name is empty");
    len = strlen(name);
    if (len > VIR_NETDEV_NAME_MAX_LEN)
        return _("name is longer than 15 bytes");
    if (strcmp(name, ".") == 0 || strstr(name, ".."))
        return _("name must not be '.' or contain '..'");
    for (p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;

        if (c <= 0x20 || c >= 0x7f)
            return _("name contains whitespace or a non-printable byte");
        if (c == '/' || c == '%' || c == ':')
            return _("name contains '/', '%' or ':'");
    }
    return NULL;
}

bool
virNetDevNameIsValid(const char *name)
{
    return virNetDevNameInvalidReason(name) == NULL;
}
