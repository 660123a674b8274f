/*
 * virerror.c: error reporting for the whole tree
 */
#include "virerror.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

VIR_ENUM_IMPL(virErrorDomain, VIR_FROM_LAST,
              "", "xml", "domain", "qemu", "networkd", "security",
              "conf", "file", "netdev", "polkit", "dbus", "virsh",
              "network");

static GPrivate lastErrorKey = G_PRIVATE_INIT((GDestroyNotify)virErrorFree);

/**
 * virErrorCodePrefix:
 * Returns the translated prefix that libvirt puts in front of messages of
 * this class, or NULL for classes whose message stands alone.
 */
static const char *
virErrorCodePrefix(virErrorNumber code)
{
    switch (code) {
    case VIR_ERR_INTERNAL_ERROR:
        return _("internal error");
    case VIR_ERR_XML_ERROR:
        return _("XML error");
    case VIR_ERR_XML_INVALID_SCHEMA:
        return _("XML document failed to validate against schema");
    case VIR_ERR_CONFIG_UNSUPPORTED:
        return _("unsupported configuration");
    case VIR_ERR_CONF_SYNTAX:
        return _("configuration file syntax error");
    case VIR_ERR_INVALID_ARG:
        return _("invalid argument");
    case VIR_ERR_OPERATION_INVALID:
        return _("Requested operation is not valid");
    case VIR_ERR_OPERATION_FAILED:
        return _("operation failed");
    case VIR_ERR_OPERATION_DENIED:
        return _("access denied");
    case VIR_ERR_OPERATION_TIMEOUT:
        return _("Timed out during operation");
    case VIR_ERR_NO_SUPPORT:
        return _("this function is not supported");
    case VIR_ERR_NO_DOMAIN:
        return _("Domain not found");
    case VIR_ERR_DOM_EXIST:
        return _("operation failed");
    case VIR_ERR_NO_NETWORK_PORT:
        return _("network port not found");
    case VIR_ERR_QUOTA_EXCEEDED:
        return _("quota exceeded");
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
        return _("argument unsupported");
    case VIR_ERR_NO_NETWORK:
        return _("Network not found");
    case VIR_ERR_NETWORK_ACTIVE:
        return _("network is already active");
    case VIR_ERR_NETWORK_INACTIVE:
        return _("network is not active");
    case VIR_ERR_NETWORK_CONFLICT:
        return _("network conflicts with another");
    case VIR_ERR_OK:
    case VIR_ERR_SYSTEM_ERROR:
    case VIR_ERR_XML_DETAIL:
    case VIR_ERR_DAEMON_UNREACHABLE:
    case VIR_ERR_LAST:
        break;
    }
    return NULL;
}

/**
 * virErrorFree:
 * Frees @err and everything it owns.  Accepts NULL.
 */
void
virErrorFree(virError *err)
{
    if (!err)
        return;
    g_free(err->message);
    g_free(err->detail);
    g_free(err);
}

static void
virErrorStore(virError *err)
{
    /* g_private_replace frees the previous error of this thread */
    g_private_replace(&lastErrorKey, err);
}

static void
virReportErrorV(virErrorDomain domain,
                virErrorNumber code,
                int errnum,
                const char *fmt,
                va_list ap)
{
    g_autofree char *msg = NULL;
    virError *err = g_new0(virError, 1);
    const char *prefix = virErrorCodePrefix(code);

    /* glibc's vasprintf understands positional arguments (%1$s), which
     * translations need to reorder words. */
    msg = g_strdup_vprintf(fmt, ap);

    err->code = code;
    err->domain = domain;
    err->errnum = errnum;
    if (errnum != 0)
        err->message = g_strdup_printf("%s: %s", msg, g_strerror(errnum));
    else if (prefix)
        err->message = g_strdup_printf("%s: %s", prefix, msg);
    else
        err->message = g_steal_pointer(&msg);

    g_debug("%s: %s", virErrorDomainTypeToString(domain), err->message);
    virErrorStore(err);
}

/**
 * virReportErrorFull:
 * Sets this thread's last error.  Use through virReportError().
 */
void
virReportErrorFull(virErrorDomain domain,
                   virErrorNumber code,
                   const char *file G_GNUC_UNUSED,
                   const char *func G_GNUC_UNUSED,
                   size_t line G_GNUC_UNUSED,
                   const char *fmt, ...)
{
    va_list ap;
    int saved = errno;

    va_start(ap, fmt);
    virReportErrorV(domain, code, 0, fmt, ap);
    va_end(ap);
    errno = saved;
}

/**
 * virReportSystemErrorFull:
 * Like virReportErrorFull() with errno @errnum's text appended.
 */
void
virReportSystemErrorFull(virErrorDomain domain,
                         int errnum,
                         const char *file G_GNUC_UNUSED,
                         const char *func G_GNUC_UNUSED,
                         size_t line G_GNUC_UNUSED,
                         const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    virReportErrorV(domain, VIR_ERR_SYSTEM_ERROR, errnum, fmt, ap);
    va_end(ap);
    errno = errnum;
}

/**
 * virReportGErrorFull:
 * Reports @gerr (from GLib/GIO) as @code, prefixed by @what when non-NULL.
 */
void
virReportGErrorFull(virErrorDomain domain, virErrorNumber code,
                    const char *file, const char *func, size_t line,
                    const GError *gerr, const char *what)
{
    const char *msg = gerr ? gerr->message : _("unknown error");

    if (what)
        virReportErrorFull(domain, code, file, func, line, "%s: %s", what, msg);
    else
        virReportErrorFull(domain, code, file, func, line, "%s", msg);
}

void
virErrorSetDetail(const char *detail)
{
    virError *err = g_private_get(&lastErrorKey);

    if (!err)
        return;
    g_free(err->detail);
    err->detail = g_strdup(detail);
}

const virError *
virGetLastError(void)
{
    return g_private_get(&lastErrorKey);
}

/**
 * virGetLastErrorMessage:
 * Returns the last error's message, or a generic text when there is none
 * (a caller that got -1 without an error is a bug, but must still say
 * something).  Static or thread-owned; do not free.
 */
const char *
virGetLastErrorMessage(void)
{
    const virError *err = virGetLastError();

    if (!err || !err->message)
        return _("unknown error");
    return err->message;
}

virErrorNumber
virGetLastErrorCode(void)
{
    const virError *err = virGetLastError();

    return err ? err->code : VIR_ERR_OK;
}

void
virResetLastError(void)
{
    virErrorStore(NULL);
}

virError *
virErrorCopy(const virError *err)
{
    virError *copy;

    if (!err)
        return NULL;
    copy = g_new0(virError, 1);
    copy->code = err->code;
    copy->domain = err->domain;
    copy->errnum = err->errnum;
    copy->message = g_strdup(err->message);
    copy->detail = g_strdup(err->detail);
    return copy;
}

virError *
virErrorSteal(void)
{
    virError *err = g_private_get(&lastErrorKey);

    if (!err)
        return NULL;
    g_private_set(&lastErrorKey, NULL);
    return err;
}

void
virErrorSetLast(const virError *err)
{
    virErrorStore(virErrorCopy(err));
}

/**
 * virErrorPreserveLast:
 * Moves the current error into *@saved (NULL if none) so that cleanup code
 * may report freely; virErrorRestore() puts the first error back.
 */
void
virErrorPreserveLast(virError **saved)
{
    *saved = virErrorSteal();
}

/**
 * virErrorRestore:
 * Puts *@saved back as the last error when it is set, dropping anything
 * reported since; leaves the current error alone otherwise.  Clears *@saved.
 */
void
virErrorRestore(virError **saved)
{
    if (!*saved)
        return;
    virErrorStore(g_steal_pointer(saved));
}

/**
 * virErrorPrint:
 * Prints "error: MESSAGE" (or "PREFIX: error: MESSAGE") for the last error
 * on stderr.  The single place tools print errors.
 */
void
virErrorPrint(const char *prefix)
{
    if (prefix)
        fprintf(stderr, "%s: ", prefix);
    fprintf(stderr, _("error: %1$s\n"), virGetLastErrorMessage());
}
