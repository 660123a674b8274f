/*
 * virenum.c: enum <-> string lookups
 */
#include "virenum.h"

#include <string.h>

/**
 * virEnumToString:
 * Returns the string for @type, or NULL when @type is out of range.
 * The string is static.
 */
const char *
virEnumToString(const char * const *types,
                unsigned int ntypes,
                int type)
{
    if (type < 0 || (unsigned int)type >= ntypes)
        return NULL;
    return types[type];
}

/**
 * virEnumFromString:
 * Returns the value whose string is @type, or -1 when @type is NULL or
 * names no value.
 */
int
virEnumFromString(const char * const *types,
                  unsigned int ntypes,
                  const char *type)
{
    unsigned int i;

    if (!type)
        return -1;
    for (i = 0; i < ntypes; i++) {
        if (types[i] && strcmp(types[i], type) == 0)
            return (int)i;
    }
    return -1;
}
