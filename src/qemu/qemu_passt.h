/*
 * qemu_passt.h: passt, the user-mode network backend of a running guest
 *
 * A NIC with <backend type='passt'/> is connected through a UNIX socket
 * in the driver's runtime dir.  The driver listens on it before QEMU
 * starts; QEMU connects to it (-netdev stream, server off), and
 * libvirt-passt-supervisor, given the listening socket, accepts QEMU's
 * connection and runs passt on it (passt --fd).  The supervisor stops
 * passt when QEMU exits.
 *
 * Why QEMU is the client: QEMU 7.2 leaves the connection of a stream
 * netdev *server* in blocking mode.  Under bulk traffic towards the guest
 * passt then blocks finishing a frame while QEMU's main loop blocks
 * writing the guest's frames to passt, and the whole guest stops.  A
 * client's connection is non-blocking.
 *
 * When passt dies while the guest runs: a QEMU whose stream netdev has
 * "reconnect" (QEMU 8.0 and later) connects again a second later and the
 * supervisor runs a new passt on the new connection; an older QEMU cannot
 * connect again, so the supervisor logs that the interface stays down
 * until the guest restarts.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "domain_conf.h"
#include "qemu_driver.h"

/* passt's options for @net (without the program and without --fd),
 * NULL-terminated, caller frees with g_strfreev.  Pure. */
char **qemuPasstBuildArgs(const virDomainNetDef *net);

/* The socket of one NIC: its path and, until a supervisor has it, the
 * driver's listening socket on it. */
typedef struct {
    char *path;         /* NULL: not a passt NIC */
    int listenFd;       /* -1 when none */
} qemuPasstSocket;

/* The socket of each passt NIC of @def, parallel to def->nets: the passt
 * directory is made, stale sockets removed, and each socket listening
 * before QEMU starts.  Returns 0 with *@sockets set (free with
 * qemuPasstSocketsFree()), or -1 with an error and no socket left. */
int qemuPasstPrepare(virQEMUDriver *driver, const virDomainDef *def, qemuPasstSocket **sockets);

/* Closes the listening sockets still held and frees @sockets (@n
 * entries); NULL is fine.  The files stay (qemuPasstStop removes them). */
void qemuPasstSocketsFree(qemuPasstSocket *sockets, size_t n);

/* After QEMU greeted (its stream netdevs have connected): starts a
 * supervisor per passt NIC with the NIC's listening socket, which it
 * takes over (@sockets' fds are closed).  @qemuPidfd is a pidfd of QEMU;
 * @reconnect says QEMU connects again after passt died (so a new passt
 * is worth starting).  Returns 0, or -1 with an error (the caller stops
 * what started with qemuPasstStop()). */
int qemuPasstStart(virQEMUDriver *driver, const virDomainDef *def, int qemuPidfd,
                   bool reconnect, qemuPasstSocket *sockets);

/* Stops the supervisors (and so passt) of @def, waiting for them, and
 * removes their sockets and pid files.  Reports nothing. */
void qemuPasstStop(virQEMUDriver *driver, const virDomainDef *def);
