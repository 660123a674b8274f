/*
 * networkd_relay.c: the daemon's bus traffic passes a relay that refuses
 * oversized messages and descriptors before GDBus decodes anything
 *
 * Theory of operation: anyone on the system bus may send the daemon's
 * connection a message of up to the bus's max_message_size (32 MiB on
 * Debian): a method call to our name, or a unicast signal to our unique
 * name, which the bus's default policy lets through to every connection.
 * GDBus reads such a message whole and decodes every value of it into a
 * tree of GVariants on its worker thread before any code of ours runs —
 * 24 MB of a{sv} with 10^6 keys costs seconds of that thread and hundreds
 * of MB, and meanwhile no other caller is served.  The bus cannot help:
 * max_message_size is one limit for the whole bus, and policy rules have
 * no size attribute.
 *
 * So GDBus does not talk to the bus directly.  At start-up (after the
 * capability drop, before any connection) the daemon points
 * DBUS_SYSTEM_BUS_ADDRESS at a socket of this relay; GDBus's system-bus
 * connection — the one that owns org.libvirt.Networkd1 and asks polkit —
 * connects there, and one thread copies bytes between it and the real
 * bus.  The SASL exchange passes through untouched (the bus sees this
 * process's credentials, so nothing changes for it); from GDBus's BEGIN
 * on, the thread follows the message framing of both directions
 * (networkd_busframe.c: 16 bytes and the header fields, never a body):
 *
 *   * toward GDBus, a message larger than max_message_bytes is never
 *     buffered: its header is read, its body skipped as it arrives, and a
 *     method call that expects a reply is answered QuotaExceeded by the
 *     relay itself; a message that carries more than one file descriptor
 *     is refused the same way and its descriptors are closed (the API
 *     takes at most one: Port.BindProcess's pidfd, which the bus policy
 *     allows on that method alone).  Descriptors are matched to messages
 *     by the UNIX_FDS field, as the bus sends them: each message's with
 *     its first bytes;
 *   * toward the bus, GDBus's messages go out whole, each with exactly
 *     the descriptors its UNIX_FDS field declares (tap fds in CreatePort
 *     replies), so an injected reply never lands inside another message.
 *
 * The relay's own replies use serials from 2^31 up: a reply is matched by
 * its REPLY_SERIAL only, and GDBus counts its own from 1.
 *
 * The listening socket is an abstract one with a random name, accepts
 * one connection, and only from this very process (SO_PEERCRED); it is
 * closed as soon as GDBus is connected.  When either side closes or
 * breaks the framing, the relay closes both: GDBus then sees its bus go
 * away, and the daemon stops as it would without a relay.
 */
#include "networkd_relay.h"
#include "networkd_busframe.h"
#include "networkd_protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <gio/gio.h>

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_DBUS

/* bytes read per recvmsg */
#define VIR_NETWORKD_RELAY_CHUNK 65536
/* descriptors accepted with one recvmsg (the kernel's SCM_MAX_FD) */
#define VIR_NETWORKD_RELAY_MAX_FDS 253
/* header bytes read of a refused message to find its sender */
#define VIR_NETWORKD_RELAY_MAX_HEADER 65536
/* an authentication line longer than this is not SASL */
#define VIR_NETWORKD_RELAY_MAX_AUTH_LINE 16384
/* descriptors one message may bring the daemon (Port.BindProcess) */
#define VIR_NETWORKD_RELAY_MAX_IN_FDS 1
/* milliseconds a peer may keep a write waiting */
#define VIR_NETWORKD_RELAY_WRITE_TIMEOUT 30000

struct _virNetworkdRelay {
    unsigned int maxMessageBytes;
    char *address;
    GIOStream *busStream;   /* owns busFd */
    int busFd;
    int listenFd;
    int clientFd;
    int wakeFds[2];         /* virNetworkdRelayFree wakes the thread */
    GThread *thread;
    gint refused;           /* atomic */

    /* toward the bus */
    bool framed;            /* GDBus's BEGIN has gone through */
    bool sawFirstByte;      /* the credentials byte that opens SASL */
    GString *authLine;
    GByteArray *outBuf;     /* the start of GDBus's next message */
    GArray *outFds;         /* descriptors received, not yet sent */
    guint32 nextSerial;

    /* toward GDBus */
    GByteArray *inBuf;      /* the current message, or its header */
    GArray *inFds;          /* descriptors received, not yet passed on */
    bool inHaveFrame;
    virNetworkdBusFrame inFrame;
    guint64 inSkip;         /* body bytes of a refused message still to skip */
};

/**
 * virNetworkdRelayWrite:
 * Writes all of @data to @fd, @fds (if any) with the first byte.  Waits
 * for a full socket up to VIR_NETWORKD_RELAY_WRITE_TIMEOUT.
 * Returns 0, or -1 with errno set.
 */
static int
virNetworkdRelayWrite(int fd, const guint8 *data, gsize len, const int *fds, guint nfds)
{
    gsize done = 0;

    while (done < len) {
        struct iovec iov = { .iov_base = (void *)(data + done), .iov_len = len - done };
        struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
        union {
            char buf[CMSG_SPACE(sizeof(int) * VIR_NETWORKD_RELAY_MAX_FDS)];
            struct cmsghdr align;
        } control;
        ssize_t n;

        if (done == 0 && nfds > 0) {
            struct cmsghdr *cmsg;

            memset(&control, 0, sizeof(control));
            msg.msg_control = control.buf;
            msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
            cmsg = CMSG_FIRSTHDR(&msg);
            cmsg->cmsg_level = SOL_SOCKET;
            cmsg->cmsg_type = SCM_RIGHTS;
            cmsg->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
            memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * nfds);
        }
        n = sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (n < 0) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            int rc;

            if (errno == EINTR)
                continue;
            if (errno != EAGAIN)
                return -1;
            while ((rc = poll(&pfd, 1, VIR_NETWORKD_RELAY_WRITE_TIMEOUT)) < 0 && errno == EINTR)
                ;
            if (rc == 0)
                errno = ETIMEDOUT;
            if (rc <= 0)
                return -1;
            continue;
        }
        done += n;
    }
    return 0;
}

/**
 * virNetworkdRelayRefuse:
 * Answers a refused method call (@frame, with its header in @header) with
 * QuotaExceeded and @why, unless it expects no reply or its sender cannot
 * be read.  Returns 0, or -1 when the bus cannot be written.
 */
static int
virNetworkdRelayRefuse(virNetworkdRelay *relay, const virNetworkdBusFrame *frame,
                       const guint8 *header, gsize len, const char *why)
{
    virNetworkdBusFields fields;
    g_autoptr(GDBusMessage) reply = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autofree guchar *blob = NULL;
    gsize size;
    int ret;

    g_atomic_int_inc(&relay->refused);
    if (frame->type != VIR_NETWORKD_BUS_METHOD_CALL ||
        (frame->flags & VIR_NETWORKD_BUS_FLAG_NO_REPLY_EXPECTED) ||
        virNetworkdBusFieldsParse(frame, header, len, &fields) < 0)
        return 0;
    if (!fields.sender) {
        virNetworkdBusFieldsClear(&fields);
        return 0;
    }
    g_debug("refused a message of %" G_GUINT64_FORMAT " bytes from %s: %s",
            frame->totalBytes, fields.sender, why);

    reply = g_dbus_message_new();
    g_dbus_message_set_message_type(reply, G_DBUS_MESSAGE_TYPE_ERROR);
    g_dbus_message_set_flags(reply, G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED);
    g_dbus_message_set_reply_serial(reply, frame->serial);
    g_dbus_message_set_destination(reply, fields.sender);
    g_dbus_message_set_error_name(reply, virNetworkdErrorName(VIR_NETWORKD_ERROR_QUOTA_EXCEEDED));
    g_dbus_message_set_body(reply, g_variant_new("(s)", why));
    g_dbus_message_set_serial(reply, relay->nextSerial);
    relay->nextSerial = relay->nextSerial == G_MAXUINT32 ? 0x80000000u : relay->nextSerial + 1;
    virNetworkdBusFieldsClear(&fields);

    if (!(blob = g_dbus_message_to_blob(reply, &size, G_DBUS_CAPABILITY_FLAGS_NONE, &gerr))) {
        g_warning("bus relay: cannot format a reply: %s", gerr->message);
        return 0;
    }
    ret = virNetworkdRelayWrite(relay->busFd, blob, size, NULL, 0);
    return ret;
}

/**
 * virNetworkdRelayDropFds:
 * Closes and forgets the first @n (at most all) descriptors of @fds.
 */
static void
virNetworkdRelayDropFds(GArray *fds, guint n)
{
    guint i;

    n = MIN(n, fds->len);
    for (i = 0; i < n; i++)
        close(g_array_index(fds, int, i));
    g_array_remove_range(fds, 0, n);
}

/**
 * virNetworkdRelayTooLarge:
 * The reply text for a message of @bytes.  Free with g_free.
 */
static char *
virNetworkdRelayTooLarge(virNetworkdRelay *relay, guint64 bytes)
{
    return g_strdup_printf(_("a message of %1$" G_GUINT64_FORMAT " bytes is larger than the daemon reads (max_message_bytes %2$u)"),
                           bytes, relay->maxMessageBytes);
}

/**
 * virNetworkdRelayInComplete:
 * The current incoming message is in relay->inBuf whole (@keep) or up to
 * its header (refused for size): hand it to GDBus or refuse it.
 * Returns 0, or -1 when a side cannot be written.
 */
static int
virNetworkdRelayInComplete(virNetworkdRelay *relay, bool keep)
{
    const virNetworkdBusFrame *frame = &relay->inFrame;
    virNetworkdBusFields fields;
    bool known = virNetworkdBusFieldsParse(frame, relay->inBuf->data, relay->inBuf->len,
                                           &fields) == 0;
    guint32 unixFds = known ? fields.unixFds : 0;
    int ret = 0;

    if (known)
        virNetworkdBusFieldsClear(&fields);

    if (!keep) {
        g_autofree char *why = virNetworkdRelayTooLarge(relay, frame->totalBytes);

        /* its descriptors came with its first bytes: all are in by now,
         * and none of a later message yet */
        virNetworkdRelayDropFds(relay->inFds, known ? unixFds : relay->inFds->len);
        ret = virNetworkdRelayRefuse(relay, frame, relay->inBuf->data, relay->inBuf->len, why);
        relay->inSkip = frame->totalBytes - relay->inBuf->len;
    } else if (!known && relay->inFds->len > 0) {
        virNetworkdRelayDropFds(relay->inFds, relay->inFds->len);
        ret = virNetworkdRelayRefuse(relay, frame, relay->inBuf->data, relay->inBuf->len,
                                     _("the daemon cannot tell which descriptors belong to this message"));
    } else if (unixFds > VIR_NETWORKD_RELAY_MAX_IN_FDS || unixFds > relay->inFds->len) {
        virNetworkdRelayDropFds(relay->inFds, unixFds);
        ret = virNetworkdRelayRefuse(relay, frame, relay->inBuf->data, relay->inBuf->len,
                                     _("a call brings the daemon at most one file descriptor"));
    } else {
        ret = virNetworkdRelayWrite(relay->clientFd, relay->inBuf->data, relay->inBuf->len,
                                    (const int *)(void *)relay->inFds->data, unixFds);
        virNetworkdRelayDropFds(relay->inFds, unixFds);
    }
    g_byte_array_set_size(relay->inBuf, 0);
    relay->inHaveFrame = false;
    return ret;
}

/**
 * virNetworkdRelayIn:
 * Bytes from the bus: before BEGIN, SASL replies, passed on; after it,
 * messages, each passed on whole or refused.  Returns 0, or -1 to stop
 * (framing broken or a side gone).
 */
static int
virNetworkdRelayIn(virNetworkdRelay *relay, const guint8 *data, gsize len)
{
    if (!relay->framed)
        return virNetworkdRelayWrite(relay->clientFd, data, len, NULL, 0);

    while (len > 0) {
        gsize want, n;
        bool keep;

        if (relay->inSkip > 0) {
            n = MIN(len, relay->inSkip);
            relay->inSkip -= n;
            data += n;
            len -= n;
            continue;
        }
        if (!relay->inHaveFrame) {
            n = MIN(len, VIR_NETWORKD_BUS_FIXED_BYTES - relay->inBuf->len);
            g_byte_array_append(relay->inBuf, data, n);
            data += n;
            len -= n;
            if (relay->inBuf->len < VIR_NETWORKD_BUS_FIXED_BYTES)
                continue;
            if (virNetworkdBusFrameParse(relay->inBuf->data, relay->inBuf->len,
                                         &relay->inFrame) < 0) {
                g_warning("bus relay: the bus sent something that is not a D-Bus message");
                return -1;
            }
            relay->inHaveFrame = true;
        }
        keep = relay->inFrame.totalBytes <= relay->maxMessageBytes;
        want = keep ? relay->inFrame.totalBytes
                    : MIN(relay->inFrame.headerBytes, VIR_NETWORKD_RELAY_MAX_HEADER);
        n = MIN(len, want - relay->inBuf->len);
        g_byte_array_append(relay->inBuf, data, n);
        data += n;
        len -= n;
        if (relay->inBuf->len == want && virNetworkdRelayInComplete(relay, keep) < 0)
            return -1;
    }
    return 0;
}

/**
 * virNetworkdRelayOutMessages:
 * Sends every complete message at the start of relay->outBuf to the bus
 * with its descriptors.  Returns 0, or -1 to stop.
 */
static int
virNetworkdRelayOutMessages(virNetworkdRelay *relay)
{
    while (relay->outBuf->len >= VIR_NETWORKD_BUS_FIXED_BYTES) {
        virNetworkdBusFrame frame;
        virNetworkdBusFields fields = { 0 };
        int rc;

        if (virNetworkdBusFrameParse(relay->outBuf->data, relay->outBuf->len, &frame) < 0) {
            g_warning("bus relay: GDBus sent something that is not a D-Bus message");
            return -1;
        }
        if (relay->outBuf->len < frame.totalBytes)
            return 0;
        if (relay->outFds->len > 0 &&
            virNetworkdBusFieldsParse(&frame, relay->outBuf->data, relay->outBuf->len,
                                      &fields) < 0) {
            g_warning("bus relay: unreadable header fields from GDBus");
            return -1;
        }
        if (fields.unixFds > relay->outFds->len) {
            g_warning("bus relay: a message declares %u descriptors, %u came with it",
                      fields.unixFds, relay->outFds->len);
            virNetworkdBusFieldsClear(&fields);
            return -1;
        }
        rc = virNetworkdRelayWrite(relay->busFd, relay->outBuf->data, frame.totalBytes,
                                   (const int *)(void *)relay->outFds->data, fields.unixFds);
        virNetworkdRelayDropFds(relay->outFds, fields.unixFds);
        g_byte_array_remove_range(relay->outBuf, 0, frame.totalBytes);
        virNetworkdBusFieldsClear(&fields);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/**
 * virNetworkdRelayOut:
 * Bytes from GDBus: SASL lines pass through until BEGIN; after it,
 * messages go out whole.  Returns 0, or -1 to stop.
 */
static int
virNetworkdRelayOut(virNetworkdRelay *relay, const guint8 *data, gsize len)
{
    gsize i;

    if (relay->framed) {
        g_byte_array_append(relay->outBuf, data, len);
        return virNetworkdRelayOutMessages(relay);
    }

    for (i = 0; i < len; i++) {
        if (!relay->sawFirstByte) {
            relay->sawFirstByte = true;
            if (data[i] == '\0')
                continue;
        }
        g_string_append_c(relay->authLine, (char)data[i]);
        if (relay->authLine->len > VIR_NETWORKD_RELAY_MAX_AUTH_LINE) {
            g_warning("bus relay: an authentication line too long");
            return -1;
        }
        if (!g_str_has_suffix(relay->authLine->str, "\r\n"))
            continue;
        if (g_str_equal(relay->authLine->str, "BEGIN\r\n")) {
            if (virNetworkdRelayWrite(relay->busFd, data, i + 1, NULL, 0) < 0)
                return -1;
            relay->framed = true;
            return virNetworkdRelayOut(relay, data + i + 1, len - i - 1);
        }
        g_string_truncate(relay->authLine, 0);
    }
    return virNetworkdRelayWrite(relay->busFd, data, len, NULL, 0);
}

/**
 * virNetworkdRelayRead:
 * One recvmsg from @fd into @buf; descriptors that come along are
 * appended to @fds, or closed when @fds is NULL.
 * Returns the byte count, 0 at end of stream, -1 on error (errno set;
 * EAGAIN: nothing yet).
 */
static ssize_t
virNetworkdRelayRead(int fd, guint8 *buf, gsize size, GArray *fds)
{
    struct iovec iov = { .iov_base = buf, .iov_len = size };
    union {
        char buf[CMSG_SPACE(sizeof(int) * VIR_NETWORKD_RELAY_MAX_FDS)];
        struct cmsghdr align;
    } control;
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = control.buf, .msg_controllen = sizeof(control.buf),
    };
    struct cmsghdr *cmsg;
    ssize_t n;

    while ((n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
        ;
    if (n < 0)
        return -1;
    for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        size_t count, j;
        int *received;

        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
            continue;
        count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        received = (int *)(void *)CMSG_DATA(cmsg);
        for (j = 0; j < count; j++) {
            int rfd;

            memcpy(&rfd, received + j, sizeof(rfd));
            if (fds)
                g_array_append_val(fds, rfd);
            else
                close(rfd);
        }
    }
    if (msg.msg_flags & MSG_CTRUNC) {
        errno = EPROTO;
        return -1;
    }
    return n;
}

/**
 * virNetworkdRelayAccept:
 * Waits for GDBus's connection: only one from this process counts.
 * Returns 0 with relay->clientFd set, or -1 when woken to stop.
 */
static int
virNetworkdRelayAccept(virNetworkdRelay *relay)
{
    for (;;) {
        struct pollfd pfds[2] = {
            { .fd = relay->listenFd, .events = POLLIN },
            { .fd = relay->wakeFds[0], .events = POLLIN },
        };
        struct ucred cred;
        socklen_t credLen = sizeof(cred);
        int fd;

        if (poll(pfds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (pfds[1].revents)
            return -1;
        if ((fd = accept4(relay->listenFd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) < 0)
            continue;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &credLen) < 0 ||
            cred.pid != getpid()) {
            g_warning("bus relay: refused a connection from pid %d", (int)cred.pid);
            close(fd);
            continue;
        }
        relay->clientFd = fd;
        close(relay->listenFd);
        relay->listenFd = -1;
        return 0;
    }
}

/**
 * virNetworkdRelayRun:
 * The relay thread: accept GDBus, then copy both ways until a side
 * closes, the framing breaks, or virNetworkdRelayFree wakes it.
 */
static gpointer
virNetworkdRelayRun(gpointer opaque)
{
    virNetworkdRelay *relay = opaque;
    g_autofree guint8 *buf = g_new(guint8, VIR_NETWORKD_RELAY_CHUNK);

    if (virNetworkdRelayAccept(relay) < 0)
        return NULL;

    for (;;) {
        struct pollfd pfds[3] = {
            { .fd = relay->clientFd, .events = POLLIN },
            { .fd = relay->busFd, .events = POLLIN },
            { .fd = relay->wakeFds[0], .events = POLLIN },
        };
        ssize_t n;

        if (poll(pfds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (pfds[2].revents)
            break;
        if (pfds[0].revents) {
            n = virNetworkdRelayRead(relay->clientFd, buf, VIR_NETWORKD_RELAY_CHUNK,
                                     relay->outFds);
            if (n == 0 || (n < 0 && errno != EAGAIN))
                break;
            if (n > 0 && virNetworkdRelayOut(relay, buf, n) < 0)
                break;
        }
        if (pfds[1].revents) {
            n = virNetworkdRelayRead(relay->busFd, buf, VIR_NETWORKD_RELAY_CHUNK,
                                     relay->inFds);
            if (n == 0 || (n < 0 && errno != EAGAIN))
                break;
            if (n > 0 && virNetworkdRelayIn(relay, buf, n) < 0)
                break;
        }
    }
    /* either side gone: so is the other */
    shutdown(relay->clientFd, SHUT_RDWR);
    shutdown(relay->busFd, SHUT_RDWR);
    return NULL;
}

/**
 * virNetworkdRelayListen:
 * An abstract listening socket with a random name; sets relay->address.
 * Returns 0, or -1 with an error reported.
 */
static int
virNetworkdRelayListen(virNetworkdRelay *relay)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    g_autofree char *name = g_strdup_printf("libvirt-networkd-relay-%d-%08x%08x",
                                            (int)getpid(), g_random_int(), g_random_int());
    socklen_t len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);

    memcpy(addr.sun_path + 1, name, strlen(name));
    if ((relay->listenFd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
        bind(relay->listenFd, (struct sockaddr *)&addr, len) < 0 ||
        listen(relay->listenFd, 4) < 0) {
        virReportSystemError(errno, "%s", _("cannot listen for the bus relay"));
        return -1;
    }
    relay->address = g_strdup_printf("unix:abstract=%s", name);
    return 0;
}

/**
 * virNetworkdRelayNew:
 * @busAddress: the real bus's D-Bus address
 * @maxMessageBytes: the largest message passed to GDBus
 *
 * Connects to the bus and listens at virNetworkdRelayGetAddress();
 * nothing is relayed before virNetworkdRelayStart.
 * Returns the relay, or NULL with an error reported.
 */
virNetworkdRelay *
virNetworkdRelayNew(const char *busAddress, unsigned int maxMessageBytes)
{
    g_autoptr(virNetworkdRelay) relay = g_new0(virNetworkdRelay, 1);
    g_autoptr(GError) gerr = NULL;
    GSocket *socket;

    relay->maxMessageBytes = maxMessageBytes;
    relay->listenFd = relay->clientFd = relay->busFd = -1;
    relay->wakeFds[0] = relay->wakeFds[1] = -1;
    relay->authLine = g_string_new(NULL);
    relay->outBuf = g_byte_array_new();
    relay->outFds = g_array_new(FALSE, FALSE, sizeof(int));
    relay->inBuf = g_byte_array_new();
    relay->inFds = g_array_new(FALSE, FALSE, sizeof(int));
    relay->nextSerial = 0x80000000u;

    if (!(relay->busStream = g_dbus_address_get_stream_sync(busAddress, NULL, NULL, &gerr))) {
        virReportError(VIR_ERR_SYSTEM_ERROR, _("cannot connect to the bus at '%1$s': %2$s"),
                       busAddress, gerr->message);
        return NULL;
    }
    if (!G_IS_SOCKET_CONNECTION(relay->busStream)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, _("the bus address '%1$s' is not a socket"),
                       busAddress);
        return NULL;
    }
    socket = g_socket_connection_get_socket(G_SOCKET_CONNECTION(relay->busStream));
    relay->busFd = g_socket_get_fd(socket);
    g_socket_set_blocking(socket, FALSE);

    if (pipe2(relay->wakeFds, O_CLOEXEC) < 0) {
        virReportSystemError(errno, "%s", _("cannot create a pipe"));
        return NULL;
    }
    if (virNetworkdRelayListen(relay) < 0)
        return NULL;
    return g_steal_pointer(&relay);
}

/**
 * virNetworkdRelayStart:
 * Starts the relay thread, which waits for one connection from this
 * process, then relays until either side closes.
 */
void
virNetworkdRelayStart(virNetworkdRelay *relay)
{
    relay->thread = g_thread_new("bus-relay", virNetworkdRelayRun, relay);
}

/**
 * virNetworkdRelayGetAddress:
 * The D-Bus address GDBus should connect to.
 */
const char *
virNetworkdRelayGetAddress(const virNetworkdRelay *relay)
{
    return relay->address;
}

/**
 * virNetworkdRelayGetRefused:
 * How many messages the relay has refused so far.
 */
guint
virNetworkdRelayGetRefused(virNetworkdRelay *relay)
{
    return (guint)g_atomic_int_get(&relay->refused);
}

/**
 * virNetworkdRelayFree:
 * Stops the thread, closes both sides.  Accepts NULL.
 */
void
virNetworkdRelayFree(virNetworkdRelay *relay)
{
    guint i;

    if (!relay)
        return;
    if (relay->thread) {
        char c = 0;

        if (write(relay->wakeFds[1], &c, 1) < 0)
            g_warning("bus relay: cannot wake the thread: %s", g_strerror(errno));
        g_thread_join(relay->thread);
    }
    if (relay->clientFd >= 0)
        close(relay->clientFd);
    if (relay->listenFd >= 0)
        close(relay->listenFd);
    for (i = 0; i < 2; i++) {
        if (relay->wakeFds[i] >= 0)
            close(relay->wakeFds[i]);
    }
    virNetworkdRelayDropFds(relay->outFds, relay->outFds->len);
    virNetworkdRelayDropFds(relay->inFds, relay->inFds->len);
    g_clear_object(&relay->busStream);
    g_string_free(relay->authLine, TRUE);
    g_byte_array_unref(relay->outBuf);
    g_array_unref(relay->outFds);
    g_byte_array_unref(relay->inBuf);
    g_array_unref(relay->inFds);
    g_free(relay->address);
    g_free(relay);
}
