/*
 * qemu_driver.h: the QEMU driver's connection and domain storage
 *
 * There is no session daemon: virsh opens the driver in-process for one
 * URI and every invocation works directly on the files the URI maps to.
 *
 *   qemu:///session  (any user; the caller's XDG directories)
 *     config   $XDG_CONFIG_HOME/libvirt/qemu            NAME.xml per domain
 *     state    $XDG_RUNTIME_DIR/libvirt/qemu/run        (falls back to
 *              $XDG_CACHE_HOME/libvirt/qemu/run when XDG_RUNTIME_DIR is unset)
 *     cache    $XDG_CACHE_HOME/libvirt/qemu
 *     log      $XDG_CACHE_HOME/libvirt/qemu/log
 *   qemu:///system   (root only)
 *     /etc/libvirt/qemu, /run/libvirt/qemu, /var/cache/libvirt/qemu,
 *     /var/log/libvirt/qemu
 *
 * Concurrency: persistent definitions are replaced atomically
 * (virFileRewriteStr), and every read-modify-write (define, undefine, and
 * later start/destroy with their status files) runs under one driver lock
 * file, so concurrent virsh invocations never corrupt or lose a definition.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "domain_conf.h"

#define VIR_QEMU_URI_SESSION "qemu:///session"
#define VIR_QEMU_URI_SYSTEM "qemu:///system"

/* Where a connection keeps its files.  Pure data, see
 * virQEMUDriverConfigNew(). */
typedef struct _virQEMUDriverConfig virQEMUDriverConfig;
struct _virQEMUDriverConfig {
    char *uri;            /* canonical: qemu:///session or qemu:///system */
    bool privileged;      /* qemu:///system */
    char *configBaseDir;  /* ~/.config/libvirt or /etc/libvirt (qemu.conf) */
    char *configDir;      /* persistent domain definitions, NAME.xml */
    char *stateDir;       /* runtime state: status files, sockets, lock */
    char *cacheDir;       /* capabilities cache */
    char *logDir;         /* per-domain QEMU logs */
};

void virQEMUDriverConfigFree(virQEMUDriverConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUDriverConfig, virQEMUDriverConfigFree);

const char *virQEMUDriverDefaultURI(uid_t uid, const char * const *envp);

virQEMUDriverConfig *virQEMUDriverConfigNew(const char *uri,
                                            uid_t uid,
                                            const char * const *envp);

/* The state of a domain, as virsh shows it. */
typedef enum {
    VIR_QEMU_DOMAIN_STATE_NOSTATE,
    VIR_QEMU_DOMAIN_STATE_RUNNING,
    VIR_QEMU_DOMAIN_STATE_PAUSED,
    VIR_QEMU_DOMAIN_STATE_SHUTDOWN,  /* shutting down */
    VIR_QEMU_DOMAIN_STATE_SHUTOFF,
    VIR_QEMU_DOMAIN_STATE_CRASHED,

    VIR_QEMU_DOMAIN_STATE_LAST
} virQEMUDomainState;

/* One domain as loaded from disk: the persistent definition and, once the
 * guest lifecycle lands, the live state from its status file. */
typedef struct _virQEMUDomainObj virQEMUDomainObj;
struct _virQEMUDomainObj {
    virDomainDef *def;       /* persistent definition; NULL when transient */
    virDomainDef *liveDef;   /* running definition; NULL when shut off */
    int id;                  /* -1 when shut off */
    virQEMUDomainState state;
};

void virQEMUDomainObjFree(virQEMUDomainObj *obj);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUDomainObj, virQEMUDomainObjFree);

bool virQEMUDomainObjIsActive(const virQEMUDomainObj *obj);
bool virQEMUDomainObjIsPersistent(const virQEMUDomainObj *obj);
const virDomainDef *virQEMUDomainObjGetDef(const virQEMUDomainObj *obj,
                                           bool inactive);
const char *virQEMUDomainObjGetName(const virQEMUDomainObj *obj);

/* An open connection. */
typedef struct _virQEMUDriver virQEMUDriver;

virQEMUDriver *virQEMUDriverOpen(const char *uri);
void virQEMUDriverClose(virQEMUDriver *driver);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUDriver, virQEMUDriverClose);

const virQEMUDriverConfig *virQEMUDriverGetConfig(const virQEMUDriver *driver);
const char *virQEMUDriverGetURI(const virQEMUDriver *driver);

int virQEMUDriverLock(virQEMUDriver *driver, bool exclusive);

char *virQEMUDriverConfigFilePath(const virQEMUDriver *driver,
                                  const char *name);
char *virQEMUDriverStatusFilePath(const virQEMUDriver *driver,
                                  const char *name);

virQEMUDomainObj *virQEMUDriverDomainDefineXML(virQEMUDriver *driver,
                                               const char *xml,
                                               const char *filename,
                                               unsigned int parseFlags);
int virQEMUDriverDomainUndefine(virQEMUDriver *driver, const char *name);

virQEMUDomainObj *virQEMUDriverDomainLookupByName(virQEMUDriver *driver,
                                                  const char *name);
virQEMUDomainObj *virQEMUDriverDomainLookupByUUID(virQEMUDriver *driver,
                                                  const unsigned char *uuid);
virQEMUDomainObj *virQEMUDriverDomainLookupByID(virQEMUDriver *driver,
                                                int id);

typedef enum {
    VIR_QEMU_DRIVER_LIST_ACTIVE = 1 << 0,    /* running (or paused, ...) */
    VIR_QEMU_DRIVER_LIST_INACTIVE = 1 << 1,  /* shut off */
} virQEMUDriverListFlags;

ssize_t virQEMUDriverDomainList(virQEMUDriver *driver,
                                unsigned int flags,
                                virQEMUDomainObj ***objs);
void virQEMUDomainObjListFree(virQEMUDomainObj **objs, size_t nobjs);

char *virQEMUDriverDomainGetXMLDesc(const virQEMUDomainObj *obj,
                                    unsigned int formatFlags);
