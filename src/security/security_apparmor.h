/*
 * security_apparmor.h: per-domain AppArmor rules from a domain definition
 *
 * Theory of operation
 * -------------------
 * A domain's XML is written by whoever may define domains; in system mode
 * that may be less trusted than the host administrator who wrote the
 * AppArmor policy.  The rules generated here are the only way the XML
 * widens what its QEMU process may touch, so every path from the XML is
 * checked before it becomes a rule:
 *
 *  1. syntax: absolute, canonical, no character that AppArmor would read
 *     as a glob, a variable, a quote, a comment or the end of a rule;
 *  2. resolution: every symlink is followed and ".." removed, like
 *     realpath(3) except that a tail that does not exist yet is kept as
 *     written (QEMU creates serial files).  AppArmor mediates the resolved
 *     path, so that is what the checks below look at;
 *  3. place: the literal and the resolved path are both outside a deny
 *     list (the host's binaries, libraries, configuration, boot files,
 *     /proc, /sys, /dev except block-device nodes, /run, spools, caches,
 *     and the state of D-Bus, polkit, systemd, the package manager and
 *     the libvirt daemons, the runtime directory of other domains);
 *  4. type: what the resolved path names must fit its use: a block disk is
 *     an existing block device, anything else a regular file (or does not
 *     exist yet); a writable file with a second hard link is refused,
 *     because the other name may be in a denied directory.
 *
 * The only rules that do not come from an XML path are the domain's own
 * runtime files, each named exactly (never a glob: domain "a" must not
 * match "a.b"'s monitor socket).  A hostile XML must not be able to grant
 * itself anything beyond its own disk, kernel and console files.
 *
 * Networking: a NIC whose port comes from libvirt-networkd needs nothing
 * (QEMU receives an open tap fd).  Only a NIC with
 * <backend type='bridge-helper'/> adds the transition into the helper's
 * child profile, for the helper path from qemu.conf (never from the XML).
 */
#pragma once

#include <glib.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "domain_conf.h"

/* Where AppArmor reads policy from, whatever this tree's install prefix:
 * the per-domain profiles and their template. */
#define VIR_SECURITY_APPARMOR_PROFILES_DIR "/etc/apparmor.d/libvirt"

typedef enum {
    VIR_SECURITY_APPARMOR_PATH_READ,       /* kernel, initrd, read-only disk */
    VIR_SECURITY_APPARMOR_PATH_WRITE,      /* disk, serial/console file */
    VIR_SECURITY_APPARMOR_PATH_BLOCK,      /* block-device disk (/dev allowed) */
    VIR_SECURITY_APPARMOR_PATH_EXEC,       /* emulator, bridge helper */
    VIR_SECURITY_APPARMOR_PATH_SOCKET,     /* a UNIX socket QEMU listens on */

    VIR_SECURITY_APPARMOR_PATH_LAST
} virSecurityAppArmorPathKind;

/* How the checks look at the host's file system.  The real lstat(2) and
 * readlink(2) unless a test describes a fake host, so that golden files
 * with block devices and control nodes do not depend on the machine. */
typedef struct _virSecurityAppArmorHostOps virSecurityAppArmorHostOps;
struct _virSecurityAppArmorHostOps {
    int (*lstatFunc)(const char *path, struct stat *st);
    ssize_t (*readlinkFunc)(const char *path, char *buf, size_t size);
};

typedef struct _virSecurityAppArmorConfig virSecurityAppArmorConfig;
struct _virSecurityAppArmorConfig {
    const char *bridgeHelper;   /* qemu.conf bridge_helper, absolute */
    const char *ownBridgeHelper;/* path of this tree's libvirt-bridge-helper */
    const char *runDir;         /* the driver's runtime dir (/run/libvirt/qemu) */
    const char *logDir;         /* the driver's log dir (/var/log/libvirt/qemu) */
    const virSecurityAppArmorHostOps *host; /* NULL: the real file system */
};

/* Returns 0 when @path may appear in a rule of @kind, else -1 with an
 * error naming the path and the reason.  @cfg may be NULL (the real file
 * system, no driver directories to protect). */
int virSecurityAppArmorCheckPath(const virSecurityAppArmorConfig *cfg,
                                 const char *path,
                                 virSecurityAppArmorPathKind kind);

/* The libvirt-UUID.files content for @def.  NULL with an error when any
 * path from the XML or the config is refused.  Caller frees. */
char *virSecurityAppArmorFormatRules(const virDomainDef *def,
                                     const virSecurityAppArmorConfig *cfg);

/* The libvirt-UUID profile: @templ (TEMPLATE.qemu) with LIBVIRT_TEMPLATE
 * replaced by @profileName and the include of the .files added.  NULL with
 * an error when the template is malformed.  Caller frees. */
char *virSecurityAppArmorFormatProfile(const char *templ, const char *profileName);

/* True when a rule in @rules execs the bridge helper (for tests). */
gboolean virSecurityAppArmorRulesHaveHelper(const char *rules);
