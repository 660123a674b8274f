/*
 * virsocket.c: passing one file descriptor over a UNIX socket
 */
#include "virsocket.h"
#include "virerror.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
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
