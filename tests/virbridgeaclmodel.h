/*
 * virbridgeaclmodel.h: an independent reference model of
 * qemu-bridge-helper's ACL decision, and a checker for generated polkit
 * rules, shared by the ACL unit and property tests and the ACL fuzz target
 *
 * The model shares no code with src/util/virbridgeacl.c on purpose: it
 * reads a file the way the helper's parse_acl_file() does (fgets() into
 * a 4096-byte buffer, C strings that end at a NUL, isspace() blanks, the
 * command split at the first space or else the first tab, includes
 * followed with their errors ignored, rules of an included file kept up
 * to its first error, an error in the top file refusing everything) and
 * decides like the helper's main(): deny wins, no allow means deny.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

/* Returns true and the @len bytes of @path in @data (caller frees) when
 * the caller the model stands for could open and read @path; false when
 * fopen() would fail. */
typedef bool (*virBridgeACLModelReadFunc)(void *opaque, const char *path,
                                          char **data, size_t *len);

/* The helper's answer for @bridge with the ACL at @top, files read
 * through @readFunc. */
bool virBridgeACLModelDecide(virBridgeACLModelReadFunc readFunc, void *opaque,
                             const char *top, const char *bridge);

/* A caller for virBridgeACLModelReadDisk. */
typedef struct {
    uid_t uid;
    const gid_t *gids;      /* primary group included */
    size_t ngids;
} virBridgeACLModelCaller;

/* A virBridgeACLModelReadFunc over the real file system for the
 * virBridgeACLModelCaller in @opaque: the kernel's permission check from
 * stat() (search on every directory above, read on the file; uid 0
 * passes), then the file's bytes. */
bool virBridgeACLModelReadDisk(void *opaque, const char *path,
                               char **data, size_t *len);

/* Checks that @rules (a generated rules file) holds input only inside
 * well-formed JSON string literals of printable ASCII: with every literal
 * emptied and every number made 0, each line must be one of the lines
 * of @reference treated the same way (a rules file generated from
 * fixed input).  Returns NULL when it holds, else why not (caller
 * frees). */
char *virBridgeACLModelCheckRules(const char *rules, const char *reference);
