/*
 * virsocket.c: UNIX sockets: listening on a path, passing one file
 * descriptor
 */
#include "virsocket.h"
#include "virerror.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_FILE

/* Control buffer for one fd, aligned as cmsg needs. */
typedef union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
} virSocketFDControl;

/**
 * virSocketSendFD:
 * @sock: a connected UNIX socket
 * @fd: the fd to pass (still owned by the caller)
 *
 * Returns 0, or -1 with an error reported.
 */
int
virSocketSendFD(int sock, int fd)
{
    char payload = 0;
    struct iovec iov = { .iov_base = &payload, .iov_len = 1 };
    virSocketFDControl control;
    struct msghdr msg = { 0 };
    struct cmsghdr *cmsg;

    memset(&control, 0, sizeof(control));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof(control.buf);
    cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));

    while (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0) {
        if (errno == EINTR)
            continue;
        virReportSystemError(errno, _("cannot send a file descriptor over socket %1$d"), sock);
        return -1;
    }
    return 0;
}

/**
 * virSocketRecvFD:
 * @sock: a connected UNIX socket
 *
 * Returns the received fd (caller closes), or -1 with an error reported.
 * Any extra fds a misbehaving peer sent along are closed.
 */
int
virSocketRecvFD(int sock)
{
    char payload;
    struct iovec iov = { .iov_base = &payload, .iov_len = 1 };
    union {
        char buf[CMSG_SPACE(sizeof(int) * 4)];
        struct cmsghdr align;
    } control;
    struct msghdr msg = { 0 };
    struct cmsghdr *cmsg;
    ssize_t got;
    int fd = -1;

    memset(&control, 0, sizeof(control));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof(control.buf);
    do {
        got = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        virReportSystemError(errno, _("cannot receive a file descriptor on socket %1$d"), sock);
        return -1;
    }

    for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        size_t n, i;

        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
            continue;
        n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (i = 0; i < n; i++) {
            int cur;

            memcpy(&cur, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
            if (fd < 0)
                fd = cur;
            else
                close(cur);
        }
    }
    if (got == 0 || fd < 0 || (msg.msg_flags & MSG_CTRUNC)) {
        if (fd >= 0)
            close(fd);
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("no file descriptor arrived on socket %1$d"), sock);
        return -1;
    }
    return fd;
}

/**
 * virSocketListenUnix:
 * See virsocket.h.
 */
int
virSocketListenUnix(const char *path, mode_t mode, int backlog)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot listen on '%1$s': the path is too long for a UNIX socket"),
                       path);
        return -1;
    }
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
        virReportSystemError(errno, "%s", _("cannot create a UNIX socket"));
        return -1;
    }
    memcpy(addr.sun_path, path, strlen(path) + 1);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        virReportSystemError(errno, _("cannot listen on UNIX socket '%1$s'"), path);
        close(fd);
        return -1;
    }
    if (chmod(path, mode) < 0 || listen(fd, backlog) < 0) {
        virReportSystemError(errno, _("cannot listen on UNIX socket '%1$s'"), path);
        unlink(path);
        close(fd);
        return -1;
    }
    return fd;
}
