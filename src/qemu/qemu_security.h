/*
 * qemu_security.h: who a system-mode QEMU runs as, the files it is lent,
 * and its per-domain AppArmor confinement
 *
 * Theory of operation (system mode; session mode QEMU runs as the user
 * who started it and none of this applies but AppArmor's "never").
 * QEMU parses guest-controlled data and must not hold root's rights:
 *   * it runs as qemu.conf's user and group (Debian's libvirt-qemu/kvm
 *     by default) with that user's supplementary groups; a user or group
 *     that does not exist fails the start, naming it;
 *   * with no capability (empty bounding, ambient, permitted and
 *     effective sets), no_new_privs and QEMU's -sandbox -- unless the
 *     domain uses a bridge helper that is setuid or has file capabilities
 *     (qemu-bridge-helper as distributions install it): exec'ing it must
 *     then raise privileges, so QEMU keeps the bounding set, gets no
 *     no_new_privs and no -sandbox, and the domain log says so and why.
 *     A helper without privileges (libvirt-bridge-helper) changes nothing;
 *   * the files QEMU opens by path (disk images and block devices, kernel,
 *     initrd, file serials and consoles) are lent to that user at start
 *     and given back at stop (dynamic_ownership, remember_owner; see
 *     virfileowner.h for the record in each file).  What QEMU is handed
 *     as an fd needs nothing: the tap fds, its log (stdout/stderr) and
 *     the QMP socket, which the driver creates in the root-only state
 *     directory (QEMU could otherwise not create it there, nor should it
 *     be able to write in that directory, which holds the status files).
 *
 * With security_driver = "apparmor" in qemu.conf (or unset, on a kernel
 * with AppArmor enabled), the driver runs virt-aa-helper before spawning a
 * domain's QEMU, so the domain gets its own profile (its files only, and
 * the bridge helper transition only when its XML asks for the helper),
 * and removes the profile when the domain stops.  Session mode does not
 * confine: an unprivileged user cannot load profiles.
 */
#pragma once

#include <glib.h>

#include "domain_conf.h"
#include "qemu_conf.h"
#include "qemu_driver.h"
#include "viruser.h"

typedef struct _qemuSecurityLabel qemuSecurityLabel;
struct _qemuSecurityLabel {
    /* "exec libvirt-UUID" for the spawned QEMU, or NULL when the kernel
     * cannot enforce (the profile is written but QEMU runs unconfined;
     * the note says so for the domain's log). */
    char *apparmorExec;
    char *note;
    bool created;       /* a profile exists that qemuSecurityRestore removes */

    /* system mode: who QEMU runs as */
    bool switchIds;
    virUserIdentity identity;
    bool filesLent;     /* qemuSecurityRestoreFiles has files to give back */
};

void qemuSecurityLabelClear(qemuSecurityLabel *label);

/* Generates and loads the domain's profile when the configuration asks
 * for confinement.  Returns 0 (label filled; nothing done when
 * confinement is off), or -1 with an error and nothing left behind. */
int qemuSecuritySetup(const virQEMUDriverConfig *cfg,
                      const virQEMUConf *conf,
                      const virDomainDef *def,
                      qemuSecurityLabel *label);

/* Removes the domain's profile, if it has one.  Errors are logged, not
 * reported: the domain is already gone. */
void qemuSecurityRestore(const virQEMUDriverConfig *cfg, const virDomainDef *def);

/**
 * qemuSecuritySetupProcess:
 * @cfg: the connection
 * @conf: qemu.conf
 * @def: the domain about to start
 * @label: filled: the identity QEMU runs as, and filesLent
 *
 * System mode only (nothing to do in session mode): looks up qemu.conf's
 * user and group, and with dynamic_ownership lends the domain's files to
 * them.  Returns 0, or -1 with an error and nothing lent.
 */
int qemuSecuritySetupProcess(const virQEMUDriverConfig *cfg,
                             const virQEMUConf *conf,
                             const virDomainDef *def,
                             qemuSecurityLabel *label);

/**
 * qemuSecurityRestoreFiles:
 * @cfg: the connection
 * @def: a domain whose QEMU is gone, or NULL
 *
 * Gives the domain's files back (system mode, when qemu.conf's
 * dynamic_ownership is on: as upstream, the setting at stop decides).
 * Errors are logged, not reported: the domain is already gone.
 */
void qemuSecurityRestoreFiles(const virQEMUDriverConfig *cfg, const virDomainDef *def);

/* The virt-aa-helper to run: the build tree's when this program runs from
 * the build tree, else the installed one.  Caller frees. */
char *qemuSecurityHelperPath(void);
