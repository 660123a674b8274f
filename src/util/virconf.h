/*
 * virconf.h: libvirt's "key = value" configuration file format
 *
 * The format of qemu.conf and friends:
 *
 *   # a comment, to the end of the line
 *   name = "a string"        # \" \\ \n \t escapes; or 'single quoted'
 *   number = 42              # signed decimal integer; booleans are 0 / 1
 *   names = [ "a", "b", ]    # a list of strings or integers, may span lines
 *
 * Names are [A-Za-z_][A-Za-z0-9_.]*; one setting per line (an optional ';'
 * may end it).  Every syntax error names the file and the line.  The
 * parser reads files an unprivileged user may have written, so it has a
 * size limit, no recursion and is fuzzed (fuzz/qemuconffuzz.c).
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "virenum.h"

/* Refuse configuration files larger than this. */
#define VIR_CONF_MAX_SIZE (1024 * 1024)

typedef enum {
    VIR_CONF_INT,
    VIR_CONF_STRING,
    VIR_CONF_LIST,

    VIR_CONF_LAST
} virConfType;
VIR_ENUM_DECL(virConf);

typedef struct _virConfValue virConfValue;
struct _virConfValue {
    virConfType type;
    long long l;            /* VIR_CONF_INT */
    char *str;              /* VIR_CONF_STRING */
    virConfValue *list;     /* VIR_CONF_LIST: never nested lists */
    size_t nlist;
};

typedef struct _virConfEntry virConfEntry;
struct _virConfEntry {
    char *name;
    virConfValue value;
    unsigned int line;      /* 1-based line of the name */
};

typedef struct _virConf virConf;
struct _virConf {
    char *filename;         /* for messages; "(string)" when parsed from memory */
    virConfEntry *entries;  /* in file order, names unique */
    size_t nentries;
};

void virConfFree(virConf *conf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virConf, virConfFree);

virConf *virConfParseString(const char *content, size_t len, const char *filename);
virConf *virConfReadFile(const char *path, bool allowMissing);

const virConfEntry *virConfLookup(const virConf *conf, const char *name);

int virConfGetValueString(const virConf *conf, const char *name, char **value);
int virConfGetValueStringList(const virConf *conf, const char *name,
                              bool allowString, char ***values);
int virConfGetValueBool(const virConf *conf, const char *name, bool *value);
int virConfGetValueUInt(const virConf *conf, const char *name, unsigned int *value);
