/*
 * virsocket.h: passing one file descriptor over a UNIX socket
 *
 * The qemu-bridge-helper protocol: one SCM_RIGHTS message carrying one fd
 * and a one-byte payload (QEMU's net/tap.c reads exactly that).
 */
#pragma once

/* Sends @fd over @sock.  Returns 0, or -1 with an error reported. */
int virSocketSendFD(int sock, int fd);

/* Receives one fd (close-on-exec) from @sock.  Returns it, or -1 with an
 * error reported (EOF, a message without exactly one fd, ...). */
int virSocketRecvFD(int sock);
