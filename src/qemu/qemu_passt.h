/*
 * qemu_passt.h: passt, the user-mode network backend of a running guest
 *
 * A NIC with <backend type='passt'/> is connected through a UNIX socket
 * in the driver's runtime dir: QEMU listens on it (-netdev stream,
 * server=on) and libvirt-passt-supervisor connects to it and runs passt
 * on the connected socket (passt --fd).  The supervisor restarts passt
 * when it dies while the guest runs, and stops it when QEMU exits.
 *
 * Why QEMU listens: the recorded QEMU (7.2) has no "reconnect" for a
 * stream netdev client, and a netdev re-added over QMP is not attached to
 * the NIC again; a stream netdev server takes a new client as soon as the
 * previous one hung up, so a restarted passt reconnects the guest.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "domain_conf.h"
#include "qemu_driver.h"

/* passt's options for @net (without the program and without --fd),
 * NULL-terminated, caller frees with g_strfreev.  Pure. */
char **qemuPasstBuildArgs(const virDomainNetDef *net);

/* The socket of each passt NIC of @def (NULL for the others), parallel to
 * def->nets; the passt directory is made and stale sockets removed.
 * Returns 0 with *@sockets set (free with g_strfreev-like
 * qemuPasstSocketsFree()), or -1 with an error. */
int qemuPasstPrepare(virQEMUDriver *driver, const virDomainDef *def, char ***sockets);

void qemuPasstSocketsFree(char **sockets, size_t n);

/* After QEMU greeted (its stream netdevs listen): starts a supervisor
 * per passt NIC.  @qemuPidfd is a pidfd of QEMU.  Returns 0, or -1 with
 * an error (the caller stops what started with qemuPasstStop()). */
int qemuPasstStart(virQEMUDriver *driver, const virDomainDef *def, int qemuPidfd);

/* Stops the supervisors (and so passt) of @def, waiting for them, and
 * removes their sockets and pid files.  Reports nothing. */
void qemuPasstStop(virQEMUDriver *driver, const virDomainDef *def);
