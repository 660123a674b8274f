/*
 * domain_status.h: the status document of a running domain (<domstatus>)
 *
 * A model like the domain XML: parse and format only, no host state.
 * What the driver does with it (where the file lives, when it is written,
 * how a stale one is recognised) is src/qemu/qemu_process.h.
 *
 *   <domstatus state='running' id='1' pid='1234' starttime='56789'>
 *     <monitor path='/run/user/1000/libvirt/qemu/run/demo.monitor'/>
 *     <domain type='qemu'> ... live definition ... </domain>
 *   </domstatus>
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "domain_conf.h"
#include "virenum.h"

/* Largest status document read: a domain definition plus the wrapper. */
#define VIR_DOMAIN_STATUS_MAX_SIZE (VIR_DOMAIN_XML_MAX_SIZE + 4096)

/* The states a status document can record, in the words upstream uses
 * (a domain that is shut off has no status document). */
typedef enum {
    VIR_DOMAIN_STATUS_STATE_RUNNING,
    VIR_DOMAIN_STATUS_STATE_PAUSED,
    VIR_DOMAIN_STATUS_STATE_SHUTDOWN,

    VIR_DOMAIN_STATUS_STATE_LAST
} virDomainStatusState;
VIR_ENUM_DECL(virDomainStatusState);

typedef struct _virDomainStatus virDomainStatus;
struct _virDomainStatus {
    virDomainStatusState state;
    int id;                        /* 1 .. G_MAXINT */
    pid_t pid;                     /* the emulator process */
    unsigned long long startTime;  /* its /proc/PID/stat field 22, clock ticks */
    char *monitorPath;             /* absolute path of the QMP socket */
    virDomainDef *def;             /* running definition, with live data */
};

/**
 * virDomainStatusFree:
 * @status: status to free, may be NULL (frees its definition too)
 */
void virDomainStatusFree(virDomainStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainStatus, virDomainStatusFree);

/**
 * virDomainStatusFormat:
 * @status: a running domain's status
 *
 * Returns the <domstatus> document (caller frees), or NULL with an error.
 */
char *virDomainStatusFormat(const virDomainStatus *status);

/**
 * virDomainStatusParse:
 * @xml: a document written by virDomainStatusFormat()
 * @filename: its name, for error messages
 *
 * The definition inside is parsed (and validated) as live data
 * (VIR_DOMAIN_DEF_PARSE_STATUS).
 * Returns the status (caller frees), or NULL with an error reported.
 */
virDomainStatus *virDomainStatusParse(const char *xml, const char *filename);
