/*
 * virnettestns.h: network namespaces for the root network tests
 *
 * A namespace is held by a "sleep" child of the test (unshare -n) that
 * the kernel kills when the test dies (PR_SET_PDEATHSIG), so no namespace
 * outlives a crashed test.  Commands run in it through nsenter.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct _virTestNetns virTestNetns;

/* Moves the test into a network namespace of its own (the kernel removes
 * it with every device in it when the test exits).  Returns 0, or
 * EXIT_AM_SKIP with the reason printed (not root: @needs says why root is
 * needed; no namespaces). */
int virTestNetnsEnterPrivate(const char *needs);

/* A new namespace with lo up, or NULL (reason printed). */
virTestNetns *virTestNetnsNew(void);
/* Kills its holder (and so the namespace with all its links). */
void virTestNetnsFree(virTestNetns *ns);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virTestNetns, virTestNetnsFree);

/* The pid holding @ns, for "ip link set X netns PID". */
int virTestNetnsPid(const virTestNetns *ns);

/* Runs "sh -c CMD" in @ns (NULL: the test's own namespace), CMD from
 * @fmt.  Returns its exit status (-1 when it could not run), and its
 * stdout in *@out when @out is not NULL (caller frees). */
int virTestNetnsRun(const virTestNetns *ns, char **out, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Starts "sh -c CMD" in @ns in the background with its stdout on a pipe
 * (*@outfd); returns its pid, or 0. */
GPid virTestNetnsSpawn(const virTestNetns *ns, int *outfd, const char *cmd);

/* Reads one line (without "\n") from @fd within @ms, or NULL. */
char *virTestReadLine(int fd, int ms);

/* The python3 to run tests/virnettestpeer.py with, and the script. */
const char *virTestPython(void);
const char *virTestPeerScript(void);

/* Applies every @dir/ *.nft golden script (@dir under tests/) to the
 * kernel with "nft -f"; the object each script is about is the rest of
 * the line after @marker in it, and @remove(object) must remove it:
 * afterwards "nft list table @table" holds no @before OBJECT @after.
 * Returns the number of scripts (at least 1), or -1 (reason printed). */
int virTestNftGoldenApply(const char *dir, const char *marker, const char *table,
                          int (*remove)(const char *object),
                          const char *before, const char *after);
