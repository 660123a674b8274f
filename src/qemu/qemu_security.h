/*
 * qemu_security.h: per-domain AppArmor confinement of QEMU (system mode)
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

typedef struct _qemuSecurityLabel qemuSecurityLabel;
struct _qemuSecurityLabel {
    /* "exec libvirt-UUID" for the spawned QEMU, or NULL when the kernel
     * cannot enforce (the profile is written but QEMU runs unconfined;
     * the note says so for the domain's log). */
    char *apparmorExec;
    char *note;
    bool created;       /* a profile exists that qemuSecurityRestore removes */
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

/* The virt-aa-helper to run: the build tree's when this program runs from
 * the build tree, else the installed one.  Caller frees. */
char *qemuSecurityHelperPath(void);
