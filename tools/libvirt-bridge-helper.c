/*
 * libvirt-bridge-helper: a drop-in, non-setuid qemu-bridge-helper that gets
 * its tap device from libvirt-networkd
 *
 * QEMU (-netdev bridge,helper=) and libvirt (bridge_helper in qemu.conf)
 * exec a helper with "--use-vnet --br=BRIDGE --fd=N" (in any order), where
 * N is one end of a UNIX socketpair, and expect the tap fd back over it in
 * an SCM_RIGHTS message with a one-byte payload.  This helper speaks that
 * protocol but holds no privilege: it asks libvirt-networkd, which checks
 * polkit, creates the tap on the bridge, and returns the fd.
 *
 * Theory of operation: the helper runs with the caller's identity only.
 * It refuses to run setuid or with file capabilities (AT_SECURE), never
 * opens /dev/net/tun, validates its arguments before calling the daemon,
 * holds the tap fd only between receiving and forwarding it, and deletes
 * the port when forwarding fails so no port outlives a failed start.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "networkd_client_sdbus.h"
#include "virerror.h"
#include "virgettext.h"
#include "virfile.h"
#include "virnetdevname.h"
#include "virsocket.h"
#include "viruuid.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/* How long an error exit waits for the reader of a piped stderr, and how
 * long it lingers once the pipe is empty: the reader has the bytes then,
 * but libvirt's I/O thread may not yet have stored them where the thread
 * that reports the failure looks. */
#define VIR_BRIDGE_HELPER_DRAIN_MS 3000
#define VIR_BRIDGE_HELPER_LINGER_MS 100

typedef struct {
    bool useVnet;
    const char *bridge;
    int fd;
} virBridgeHelperArgs;

static void
virBridgeHelperUsage(FILE *out)
{
    fprintf(out,
            _("Usage: %1$s [--use-vnet] --br=BRIDGE --fd=FD\n"
              "\n"
              "Asks libvirt-networkd for a tap device on BRIDGE and sends its file\n"
              "descriptor over the UNIX socket FD, as qemu-bridge-helper does.\n"
              "Needs no setuid bit: libvirt-networkd decides, by polkit policy\n"
              "(action org.libvirt.networkd.port.create), who may use which bridge.\n"
              "\n"
              "  --use-vnet   ask for a tap with a virtio-net header\n"
              "  --br=BRIDGE  the bridge to attach the tap to\n"
              "  --fd=FD      the inherited socket to send the tap fd on\n"
              "  --help       show this help\n"),
            g_get_prgname());
}

/**
 * virBridgeHelperParseArgs:
 * Accepts exactly what QEMU and libvirt pass, in any order.
 * Returns 0, 1 when --help was given, or -1 with an error reported.
 */
static int
virBridgeHelperParseArgs(int argc, char **argv, virBridgeHelperArgs *args)
{
    int i;

    args->useVnet = false;
    args->bridge = NULL;
    args->fd = -1;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (strcmp(arg, "--help") == 0) {
            return 1;
        } else if (strcmp(arg, "--use-vnet") == 0) {
            args->useVnet = true;
        } else if (g_str_has_prefix(arg, "--br=")) {
            args->bridge = arg + strlen("--br=");
        } else if (g_str_has_prefix(arg, "--fd=")) {
            const char *num = arg + strlen("--fd=");
            guint64 val;

            if (!g_ascii_string_to_unsigned(num, 10, 0, G_MAXINT, &val, NULL)) {
                virReportError(VIR_ERR_INVALID_ARG, _("invalid file descriptor '%1$s'"), num);
                return -1;
            }
            args->fd = (int)val;
        } else {
            virReportError(VIR_ERR_INVALID_ARG, _("unknown argument '%1$s'"), arg);
            return -1;
        }
    }

    if (!args->bridge || args->fd < 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", _("--br=BRIDGE and --fd=FD are required"));
        return -1;
    }
    return 0;
}

/**
 * virBridgeHelperCheckBridge:
 * A clear local error for names the daemon would refuse anyway; in
 * particular no overlong name is ever truncated (CVE-2019-13164's class).
 */
static int
virBridgeHelperCheckBridge(const char *bridge)
{
    const char *why = virNetDevNameInvalidReason(bridge);

    if (why) {
        virReportError(VIR_ERR_INVALID_ARG, _("invalid bridge name '%1$s': %2$s"), bridge, why);
        return -1;
    }
    return 0;
}

/**
 * virBridgeHelperCheckSocket:
 * FD must be an open UNIX socket, checked before any port exists.
 */
static int
virBridgeHelperCheckSocket(int fd)
{
    struct stat sb;
    int domain = 0;
    socklen_t len = sizeof(domain);

    if (fstat(fd, &sb) < 0) {
        virReportSystemError(errno, _("file descriptor %1$d is not open"), fd);
        return -1;
    }
    if (!S_ISSOCK(sb.st_mode) ||
        getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0 ||
        domain != AF_UNIX) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("file descriptor %1$d is not a UNIX socket"), fd);
        return -1;
    }
    return 0;
}

/**
 * virBridgeHelperReadOwner:
 * The guest's name and UUID from the parent QEMU's command line
 * (-name guest=NAME,... and -uuid UUID), when it can be read; they only
 * label the port, the daemon trusts nothing in them.
 */
static void
virBridgeHelperReadOwner(char **name, char **uuid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)getppid());
    g_autofree char *data = NULL;
    gsize len = 0;
    gsize off = 0;
    const char *prev = NULL;

    *name = NULL;
    *uuid = NULL;
    if (!g_file_get_contents(path, &data, &len, NULL))
        return;

    while (off < len) {
        const char *arg = data + off;

        if (prev && strcmp(prev, "-name") == 0 && !*name) {
            const char *start = g_str_has_prefix(arg, "guest=") ? arg + 6 : arg;
            size_t n = strcspn(start, ",");

            if (n > 0 && n <= 200 && g_utf8_validate(start, n, NULL))
                *name = g_strndup(start, n);
        } else if (prev && strcmp(prev, "-uuid") == 0 && !*uuid) {
            unsigned char raw[VIR_UUID_BUFLEN];

            if (virUUIDParse(arg, raw) == 0)
                *uuid = g_strdup(arg);
        }
        prev = arg;
        off += strlen(arg) + 1;
    }
}

static int
virBridgeHelperRun(const virBridgeHelperArgs *args)
{
    g_autoptr(virNetworkdSdBus) bus = NULL;
    g_autofree char *ownerName = NULL;
    g_autofree char *ownerUUID = NULL;
    g_autofree char *path = NULL;
    g_autofree int *fds = NULL;
    size_t nfds = 0;
    size_t i;
    virNetworkdPortRequest req = { 0 };
    int rc;

    if (virBridgeHelperCheckBridge(args->bridge) < 0 ||
        virBridgeHelperCheckSocket(args->fd) < 0)
        return -1;

    virBridgeHelperReadOwner(&ownerName, &ownerUUID);
    req.plug = virNetworkdPlugTypeToString(VIR_NETWORKD_PLUG_BRIDGE);
    req.bridge = args->bridge;
    req.vnetHdr = args->useVnet ? VIR_NETWORKD_VNET_HDR_ON : VIR_NETWORKD_VNET_HDR_OFF;
    req.queues = 1;
    req.ownerName = ownerName;
    req.ownerUUID = ownerUUID;

    if (!(bus = virNetworkdSdBusOpen()) ||
        virNetworkdSdBusPortCreate(bus, &req, &path, &fds, &nfds) < 0)
        return -1;

    if (nfds != 1) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("libvirt-networkd returned %1$zu file descriptors, expected 1"), nfds);
        rc = -1;
    } else {
        rc = virSocketSendFD(args->fd, fds[0]);
    }
    /* Our copy of the tap fd goes now: from here QEMU holds the only one,
     * so the tap disappears when QEMU exits. */
    for (i = 0; i < nfds; i++)
        close(fds[i]);

    if (rc < 0) {
        g_autoptr(virError) saved = NULL;

        /* Never leave a port behind; keep the send error for the user. */
        virErrorPreserveLast(&saved);
        virNetworkdSdBusPortDelete(bus, path);
        virErrorRestore(&saved);
        return -1;
    }
    return 0;
}

/**
 * virBridgeHelperEscapeControl:
 * @msg: a message that may carry caller-supplied bytes (--br, --fd, an
 *       unknown argument)
 *
 * Returns a newly allocated copy of @msg in which every ASCII control
 * character (and DEL) is written as \xNN, so that nothing a caller put in
 * an argument can move the cursor, clear a terminal or forge a second line
 * in a log.  Bytes >= 0x80 (translated messages, UTF-8) are kept.
 */
static char *
virBridgeHelperEscapeControl(const char *msg)
{
    GString *out = g_string_sized_new(strlen(msg));
    const unsigned char *p;

    for (p = (const unsigned char *)msg; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf(out, "\\x%02x", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    return g_string_free(out, FALSE);
}

/**
 * virBridgeHelperDrainStderr:
 *
 * When stderr is a pipe, wait (at most VIR_BRIDGE_HELPER_DRAIN_MS) until
 * its reader has taken everything written so far.  libvirt reads a
 * helper's stderr in its event loop while another thread gives up on the
 * helper as soon as the socket closes, which happens when we exit: exiting
 * with the line still in the pipe lets it be lost under load.  The pipe's
 * fill level is the same for both ends, so FIONREAD on our end tells;
 * once it is empty we linger VIR_BRIDGE_HELPER_LINGER_MS for the reader
 * to store what it read.  A terminal or file needs no wait.
 */
static void
virBridgeHelperDrainStderr(void)
{
    struct stat sb;
    gint64 deadline;

    fflush(stderr);
    if (fstat(STDERR_FILENO, &sb) < 0 || !S_ISFIFO(sb.st_mode))
        return;

    deadline = g_get_monotonic_time() + VIR_BRIDGE_HELPER_DRAIN_MS * 1000;
    while (g_get_monotonic_time() < deadline) {
        int pending = 0;

        if (ioctl(STDERR_FILENO, FIONREAD, &pending) < 0)
            return;
        if (pending <= 0) {
            poll(NULL, 0, VIR_BRIDGE_HELPER_LINGER_MS);
            return;
        }
        poll(NULL, 0, 2);
    }
}

/**
 * virBridgeHelperFail:
 * @withUsage: also print the usage text
 *
 * The one error exit: prints "PROGRAM: MESSAGE" for the last reported
 * error with control characters escaped, waits for a piped stderr to be
 * read, and returns the contract's exit status for the error
 * (networkd_protocol.c).
 */
static int
virBridgeHelperFail(bool withUsage)
{
    g_autofree char *msg = virBridgeHelperEscapeControl(virGetLastErrorMessage());

    /* One line a person can act on: QEMU and libvirt show it. */
    fprintf(stderr, "%s: %s\n", g_get_prgname(), msg);
    if (withUsage)
        virBridgeHelperUsage(stderr);
    virBridgeHelperDrainStderr();
    return virNetworkdErrorHelperExit(virGetLastError());
}

int
main(int argc, char **argv)
{
    virBridgeHelperArgs args;
    int rc;

    /* Messages are all this program prints (in UTF-8, whatever LC_CTYPE
     * says), and loading the whole locale is a tenth of its run. */
    virGettextInitializeCategory(LC_MESSAGES);
    g_set_prgname("libvirt-bridge-helper");

    /* The whole point of this helper is to need no privilege: refuse to
     * run setuid, setgid or with file capabilities. */
    if (getauxval(AT_SECURE)) {
        fprintf(stderr, _("%1$s: refusing to run setuid, setgid or with file capabilities; install it mode 0755\n"),
                g_get_prgname());
        virBridgeHelperDrainStderr();
        return 1;
    }

    rc = virBridgeHelperParseArgs(argc, argv, &args);
    if (rc == 1) {
        virBridgeHelperUsage(stdout);
        return 0;
    }
    if (rc < 0)
        return virBridgeHelperFail(true);

    if (virBridgeHelperRun(&args) < 0)
        return virBridgeHelperFail(false);
    return 0;
}
