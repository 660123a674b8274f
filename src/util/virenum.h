/*
 * virenum.h: enum <-> string tables with a compile-time size check
 *
 * VIR_ENUM_IMPL(virFoo, VIR_FOO_LAST, "a", "b") defines
 * virFooTypeToString() and virFooTypeFromString(); adding an enum value
 * without its string (or the other way round) fails the build.
 */
#pragma once

#include <glib.h>

const char *virEnumToString(const char * const *types,
                            unsigned int ntypes,
                            int type);
int virEnumFromString(const char * const *types,
                      unsigned int ntypes,
                      const char *type);

#define VIR_ENUM_IMPL(name, lastVal, ...) \
    static const char *const name ## TypeList[] = { __VA_ARGS__ }; \
    G_STATIC_ASSERT(G_N_ELEMENTS(name ## TypeList) == (lastVal)); \
    const char *name ## TypeToString(int type) { \
        return virEnumToString(name ## TypeList, \
                               G_N_ELEMENTS(name ## TypeList), \
                               type); \
    } \
    int name ## TypeFromString(const char *type) { \
        return virEnumFromString(name ## TypeList, \
                                 G_N_ELEMENTS(name ## TypeList), \
                                 type); \
    }

#define VIR_ENUM_DECL(name) \
    const char *name ## TypeToString(int type); \
    int name ## TypeFromString(const char *type)
