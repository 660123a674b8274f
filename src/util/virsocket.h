/*
 * virsocket.h: UNIX sockets: listening on a path, passing one file
 * descriptor
 *
 * The qemu-bridge-helper protocol: one SCM_RIGHTS message carrying one fd
 * and a one-byte payload (QEMU's net/tap.c reads exactly that).
 */
#pragma once

#include <sys/types.h>

/* Sends @fd over @sock.  Returns 0, or -1 with an error reported. */
int virSocketSendFD(int sock, int fd);

/* Receives one fd (close-on-exec) from @sock.  Returns it, or -1 with an
 * error reported (EOF, a message without exactly one fd, ...). */
int virSocketRecvFD(int sock);

/* Creates a listening UNIX stream socket (close-on-exec) bound to @path,
 * which must not exist, with the file's mode set to @mode and a backlog
 * of @backlog.  Returns it, or -1 with an error reported and no file
 * left. */
int virSocketListenUnix(const char *path, mode_t mode, int backlog);
