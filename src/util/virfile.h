/*
 * virfile.h: files: atomic replacement, bounded reads, advisory locks, fds
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

/* An fd closed automatically when it goes out of scope (-1 means none). */
void virFileCloseFd(int *fd);
#define VIR_AUTOCLOSE __attribute__((cleanup(virFileCloseFd))) int

/* close() that keeps errno and accepts -1; sets *fd to -1. */
void virFileForceClose(int *fd);

/* Read at most @maxlen bytes of @path into *@buf (NUL-terminated).
 * Returns the length, or -1 with an error reported (too big included). */
ssize_t virFileReadAll(const char *path, size_t maxlen, char **buf);
/* The same from an open @fd (@path names it in messages). */
ssize_t virFileReadAllFd(int fd, const char *path, size_t maxlen, char **buf);

/* Replace @path with @data atomically: write a temporary file in the same
 * directory, fsync it, rename it over @path, fsync the directory.
 * Returns 0, or -1 with an error reported (and @path untouched). */
int virFileRewriteStr(const char *path, mode_t mode, const char *data);

/* The same, atomic but without the fsyncs: for files that must survive a
 * crash of the writing process but never a reboot (e.g. state in /run). */
int virFileRewriteStrNoSync(const char *path, mode_t mode, const char *data);

/* Create @path and its parents with @mode; 0 or -1 with an error. */
int virFileMakePath(const char *path, mode_t mode);

/* Take an exclusive (or shared) advisory lock on @path, creating it, and
 * waiting for other holders.  Returns the fd that holds the lock (close it
 * to release), or -1 with an error reported. */
int virFileLockPath(const char *path, gboolean exclusive);

/* Remove @path; missing is not an error.  0 or -1 with an error. */
int virFileRemove(const char *path);
