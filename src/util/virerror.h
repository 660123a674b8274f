/*
 * virerror.h: error reporting for the whole tree
 *
 * An error is reported once, where it happens, with a code, the module it
 * comes from, and a translatable message whose arguments are positional
 * (_("cannot attach '%1$s' to bridge '%2$s'")).  Callers pass -1 up without
 * reporting again; only main()-level code prints, through virErrorPrint().
 *
 * The last error is per thread.  Rollback paths that may fail themselves use
 * virErrorPreserveLast()/virErrorRestore() so the first, meaningful error is
 * the one the user sees.
 */
#pragma once

#include <glib.h>
#include <glib/gi18n-lib.h>

#include "virenum.h"

typedef enum {
    VIR_FROM_NONE = 0,
    VIR_FROM_XML,
    VIR_FROM_DOMAIN,
    VIR_FROM_QEMU,
    VIR_FROM_NETWORKD,
    VIR_FROM_SECURITY,
    VIR_FROM_CONF,
    VIR_FROM_FILE,
    VIR_FROM_NETDEV,
    VIR_FROM_POLKIT,
    VIR_FROM_DBUS,
    VIR_FROM_VIRSH,
    VIR_FROM_NETWORK,   /* the network XML model */

    VIR_FROM_LAST
} virErrorDomain;

typedef enum {
    VIR_ERR_OK = 0,
    VIR_ERR_INTERNAL_ERROR,      /* a bug or an impossible state */
    VIR_ERR_SYSTEM_ERROR,        /* a system call failed (errno attached) */
    VIR_ERR_XML_ERROR,           /* malformed XML or a bad value in it */
    VIR_ERR_XML_DETAIL,          /* libxml2's own parse error, with position */
    VIR_ERR_XML_INVALID_SCHEMA,  /* document does not match the RelaxNG schema */
    VIR_ERR_CONFIG_UNSUPPORTED,  /* valid XML, combination not supported */
    VIR_ERR_CONF_SYNTAX,         /* syntax error in a config file */
    VIR_ERR_INVALID_ARG,         /* bad argument from a caller */
    VIR_ERR_OPERATION_INVALID,   /* operation not valid in this state */
    VIR_ERR_OPERATION_FAILED,    /* operation tried and failed */
    VIR_ERR_OPERATION_DENIED,    /* not authorized */
    VIR_ERR_OPERATION_TIMEOUT,   /* gave up waiting */
    VIR_ERR_NO_SUPPORT,          /* not supported by this build or host */
    VIR_ERR_NO_DOMAIN,           /* no such domain */
    VIR_ERR_DOM_EXIST,           /* domain already exists */
    VIR_ERR_NO_NETWORK_PORT,     /* no such networkd port */
    VIR_ERR_QUOTA_EXCEEDED,      /* a per-user limit was reached */
    VIR_ERR_DAEMON_UNREACHABLE,  /* libvirt-networkd (or polkit) not reachable */
    VIR_ERR_ARGUMENT_UNSUPPORTED,/* an argument this command does not take */
    VIR_ERR_NO_NETWORK,          /* no such virtual network */
    VIR_ERR_NETWORK_ACTIVE,      /* the network is running (and must not be) */
    VIR_ERR_NETWORK_INACTIVE,    /* the network is not running (and must be) */
    VIR_ERR_NETWORK_CONFLICT,    /* a name, uuid, bridge or subnet already in use */

    VIR_ERR_LAST
} virErrorNumber;

VIR_ENUM_DECL(virErrorDomain);

typedef struct _virError virError;
struct _virError {
    virErrorNumber code;
    virErrorDomain domain;
    char *message;      /* full, translated text, ready for the user */
    char *detail;       /* optional extra machine-readable tag, e.g. a D-Bus error name */
    int errnum;         /* errno for VIR_ERR_SYSTEM_ERROR, else 0 */
};

void virErrorFree(virError *err);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virError, virErrorFree);

void virReportErrorFull(virErrorDomain domain,
                        virErrorNumber code,
                        const char *file,
                        const char *func,
                        size_t line,
                        const char *fmt, ...)
    G_GNUC_PRINTF(6, 7);

void virReportSystemErrorFull(virErrorDomain domain,
                              int errnum,
                              const char *file,
                              const char *func,
                              size_t line,
                              const char *fmt, ...)
    G_GNUC_PRINTF(6, 7);

/* Each .c file that reports errors defines VIR_FROM_THIS before using these. */
#define virReportError(code, ...) \
    virReportErrorFull(VIR_FROM_THIS, code, __FILE__, __func__, __LINE__, __VA_ARGS__)

#define virReportSystemError(errnum, ...) \
    virReportSystemErrorFull(VIR_FROM_THIS, errnum, __FILE__, __func__, __LINE__, __VA_ARGS__)

/* Set the detail tag (e.g. a D-Bus error name) of the current last error. */
void virErrorSetDetail(const char *detail);

/* The last error of this thread, or NULL.  Owned by the thread; do not free. */
const virError *virGetLastError(void);
const char *virGetLastErrorMessage(void);
virErrorNumber virGetLastErrorCode(void);
void virResetLastError(void);

/* Take the last error out (the thread's slot is left empty).  Caller frees. */
virError *virErrorSteal(void);

/* Rollback helpers: keep the first error across cleanup that may report. */
void virErrorPreserveLast(virError **saved);
void virErrorRestore(virError **saved);

/* Copy an error so it can be reported again (e.g. from another thread). */
virError *virErrorCopy(const virError *err);
void virErrorSetLast(const virError *err);

/* The one place tools print errors: "error: MESSAGE" on stderr. */
void virErrorPrint(const char *prefix);

/* Report a GError as this thread's last error and free nothing. */
void virReportGErrorFull(virErrorDomain domain, virErrorNumber code,
                         const char *file, const char *func, size_t line,
                         const GError *gerr, const char *what);
#define virReportGError(code, gerr, what) \
    virReportGErrorFull(VIR_FROM_THIS, code, __FILE__, __func__, __LINE__, gerr, what)
