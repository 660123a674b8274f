/*
 * virportallocator.c: find a free TCP port to listen on
 */
#include "virportallocator.h"
#include "virerror.h"
#include "virfile.h"
#include "virsocketaddr.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_NONE

/**
 * virPortAllocatorTryBind:
 * Binds a TCP socket of @addr's family to @addr:@port and closes it.
 * Returns 1 when the bind worked, 0 when the port is in use, -1 with an
 * error otherwise.
 */
static int
virPortAllocatorTryBind(const virSocketAddr *addr, unsigned int port)
{
    struct sockaddr_storage ss = { 0 };
    socklen_t len;
    VIR_AUTOCLOSE fd = -1;
    int one = 1;

    if (addr->family == AF_INET6) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

        sin6->sin6_family = AF_INET6;
        sin6->sin6_addr = addr->in.v6;
        sin6->sin6_port = htons(port);
        len = sizeof(*sin6);
    } else {
        struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

        sin->sin_family = AF_INET;
        sin->sin_addr = addr->in.v4;
        sin->sin_port = htons(port);
        len = sizeof(*sin);
    }
    if ((fd = socket(addr->family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
        virReportSystemError(errno, "%s", _("cannot create a TCP socket"));
        return -1;
    }
    /* QEMU binds with SO_REUSEADDR: a port in TIME_WAIT is free for it */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0) {
        virReportSystemError(errno, "%s", _("cannot set SO_REUSEADDR"));
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&ss, len) == 0)
        return 1;
    if (errno == EADDRINUSE || errno == EACCES)
        return 0;
    virReportSystemError(errno, _("cannot bind a TCP socket to port %1$u"), port);
    return -1;
}

/**
 * virPortAllocatorFindFree:
 * See virportallocator.h.
 */
int
virPortAllocatorFindFree(const char *address, unsigned int min, unsigned int max,
                         const unsigned int *skip, size_t nskip, unsigned int *port)
{
    virSocketAddr addr;
    unsigned int p;

    if (virSocketAddrParse(address, AF_UNSPEC, &addr) < 0)
        return -1;
    for (p = min; p <= max && p <= 65535; p++) {
        size_t i;
        int rc;

        for (i = 0; i < nskip && skip[i] != p; i++)
            ;
        if (i < nskip)
            continue;
        if ((rc = virPortAllocatorTryBind(&addr, p)) < 0)
            return -1;
        if (rc == 1) {
            *port = p;
            return 0;
        }
    }
    virReportError(VIR_ERR_OPERATION_FAILED,
                   _("no free TCP port between %1$u and %2$u on '%3$s'"),
                   min, max, address);
    return -1;
}
