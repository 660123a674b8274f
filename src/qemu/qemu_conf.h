/*
 * qemu_conf.h: the QEMU driver's settings from qemu.conf
 *
 * qemu:///session reads $XDG_CONFIG_HOME/libvirt/qemu.conf, qemu:///system
 * /etc/libvirt/qemu.conf (the driver's configBaseDir + "/qemu.conf"); a
 * missing file means defaults.  The format is libvirt's "key = value"
 * (virconf.h).  Settings upstream knows but this driver does not act on
 * (vnc_*, spice_*, ...) are ignored with a warning the caller prints, so
 * an upstream qemu.conf keeps working.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "virconf.h"

/* Upstream's default name; searched in $PATH and QEMU_BRIDGE_HELPER_DIRS. */
#define QEMU_BRIDGE_HELPER_NAME "qemu-bridge-helper"
/* qemu:///system's default user and group for QEMU (Debian's). */
#define QEMU_CONF_DEFAULT_USER "libvirt-qemu"
#define QEMU_CONF_DEFAULT_GROUP "kvm"

/* Where distributions install the helper (Debian: /usr/lib/qemu). */
#define QEMU_BRIDGE_HELPER_DIRS "/usr/libexec", "/usr/lib/qemu", "/usr/lib"

typedef struct _virQEMUConf virQEMUConf;
struct _virQEMUConf {
    bool privileged;        /* qemu:///system */
    char *path;             /* the file that was read (may not exist) */

    /* bridge_helper: an absolute path, or a name searched in $PATH and
     * QEMU_BRIDGE_HELPER_DIRS.  Never taken from the domain XML. */
    char *bridgeHelper;
    /* security_driver: NULL = the default (apparmor when usable). */
    char **securityDrivers;
    bool securityDefaultConfined;  /* security_default_confined, default 1 */
    bool securityRequireConfined;  /* security_require_confined, default 0 */
    /* user / group QEMU runs as (system mode only): a name, or "+N" for
     * a numeric id.  Default: Debian's "libvirt-qemu" / "kvm".  QEMU gets
     * the user's supplementary groups too. */
    char *user;
    char *group;
    /* dynamic_ownership (default 1): in system mode, the files QEMU opens
     * are given to user:group at start and given back at stop.
     * remember_owner (default 1): the owner to give back is remembered in
     * an extended attribute of each file (see security_dac.h); without
     * it, files go back to root:root like upstream. */
    bool dynamicOwnership;
    bool rememberOwner;
    /* seccomp_sandbox: -1 = when QEMU supports it (default), 0 = never,
     * 1 = always when supported. */
    int seccompSandbox;

    /* Translated warnings about ignored settings, for the caller to print. */
    GPtrArray *warnings;
};

virQEMUConf *virQEMUConfNew(bool privileged);
void virQEMUConfFree(virQEMUConf *conf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUConf, virQEMUConfFree);

int virQEMUConfLoadConf(virQEMUConf *cfg, const virConf *conf);
int virQEMUConfLoadFile(virQEMUConf *cfg, const char *path);
virQEMUConf *virQEMUConfLoad(bool privileged, const char *configBaseDir);

char *virQEMUConfFindProgram(const char *name,
                             const char *pathEnv,
                             const char * const *extraDirs);
char *virQEMUConfGetBridgeHelper(const virQEMUConf *cfg);
