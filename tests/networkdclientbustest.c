/*
 * networkdclientbustest.c: the networkd client against a scripted daemon
 *
 * Runs without root: a private dbus-daemon (the session configuration,
 * which lets anyone own any name) stands in for the system bus, and a fake
 * org.libvirt.Networkd1 (this program again, run with --fake-daemon, so
 * the client's process holds only the client's fds) answers each call as
 * the request's owner-name says, including answers a correct daemon never
 * gives (a handle pointing past the fd list, an fd nobody names).  The
 * cases check what the client returns and that it leaks no fd on any path.
 * The real daemon is tested by networkd-harness.sh.
 */
#include "testutils.h"
#include "testbus.h"
#include "networkd_client.h"
#include "virerror.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gio/gunixfdlist.h>

#define PORT_UUID "0c5e4b7a-9d3f-4f6e-8a51-2b7c9e1d4f60"
#define PORT_PATH VIR_NETWORKD_OBJECT_PATH "/port/0c5e4b7a9d3f4f6e8a512b7c9e1d4f60"

typedef enum {
    FAKE_OK = 0,          /* a well-formed answer with the asked queues */
    FAKE_EXTRA_FD,        /* one more fd in the list than the handles name */
    FAKE_BAD_HANDLE,      /* a handle past the end of the fd list */
    FAKE_NO_FDS,          /* an empty "ah" */
    FAKE_ERROR,           /* answer with the D-Bus error named */
} fakeMode;

/* The scenario rides in the request's owner-name: "ok", "extra-fd",
 * "bad-handle", "no-fds" or a D-Bus error name to answer with. */
static const char *const fakeModeNames[] = {
    "ok", "extra-fd", "bad-handle", "no-fds",
};

#define FAKE_MISSING_UUID "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"

static GDBusNodeInfo *fakeNode;

/* This program, run again as the fake daemon (argv[0], not
 * /proc/self/exe, which is valgrind itself under valgrind). */
static const char *testProgram;

/* The test closed our stdin: time to go. */
static gboolean
fakeDaemonStdin(GIOChannel *in, GIOCondition cond, gpointer opaque)
{
    g_main_loop_quit(opaque);
    return G_SOURCE_REMOVE;
}


/**
 * fakePortProperties:
 * Returns the fake port's properties as a new floating a{sv}.
 */
static GVariant *
fakePortProperties(void)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "UUID", g_variant_new_string(PORT_UUID));
    g_variant_builder_add(&b, "{sv}", "UID", g_variant_new_uint32(geteuid()));
    g_variant_builder_add(&b, "{sv}", "IfName", g_variant_new_string("vnet7"));
    g_variant_builder_add(&b, "{sv}", "Plug", g_variant_new_string("bridge"));
    g_variant_builder_add(&b, "{sv}", "Bridge", g_variant_new_string("br0"));
    g_variant_builder_add(&b, "{sv}", "Mac", g_variant_new_string("52:54:00:6b:3c:58"));
    g_variant_builder_add(&b, "{sv}", "Mtu", g_variant_new_uint32(1500));
    g_variant_builder_add(&b, "{sv}", "Queues", g_variant_new_uint32(2));
    g_variant_builder_add(&b, "{sv}", "OwnerName", g_variant_new_string("demo"));
    g_variant_builder_add(&b, "{sv}", "OwnerUUID", g_variant_new_string(""));
    g_variant_builder_add(&b, "{sv}", "Created", g_variant_new_uint64(1795800000123456));
    return g_variant_builder_end(&b);
}

/**
 * fakeCreatePort:
 * Answers CreatePort as the request's owner-name scenario says.
 */
static void
fakeCreatePort(GVariant *params, GDBusMethodInvocation *inv)
{
    g_autoptr(GVariant) req = g_variant_get_child_value(params, 0);
    g_autoptr(GUnixFDList) fds = g_unix_fd_list_new();
    g_autofree char *scenario = NULL;
    fakeMode fakeScenario = FAKE_ERROR;
    GVariantBuilder handles, info;
    guint32 queues = 1;
    guint32 i, nfds;

    g_variant_lookup(req, "owner-name", "s", &scenario);
    for (i = 0; i < G_N_ELEMENTS(fakeModeNames); i++) {
        if (g_strcmp0(scenario, fakeModeNames[i]) == 0)
            fakeScenario = i;
    }
    if (fakeScenario == FAKE_ERROR) {
        g_dbus_method_invocation_return_dbus_error(inv, scenario ? scenario : "org.example.NoScenario",
                                                   "scripted failure");
        return;
    }
    g_variant_lookup(req, "queues", "u", &queues);
    nfds = queues + (fakeScenario == FAKE_EXTRA_FD ? 1 : 0);
    for (i = 0; i < nfds; i++) {
        int p[2];

        /* any fd will do: the client only passes them on */
        if (pipe2(p, O_CLOEXEC) < 0)
            abort();
        g_unix_fd_list_append(fds, p[0], NULL);
        close(p[0]);
        close(p[1]);
    }
    g_variant_builder_init(&handles, G_VARIANT_TYPE("ah"));
    if (fakeScenario != FAKE_NO_FDS) {
        for (i = 0; i < queues; i++)
            g_variant_builder_add(&handles, "h",
                                  fakeScenario == FAKE_BAD_HANDLE && i == queues - 1 ? 99 : (gint32)i);
    }
    g_variant_builder_init(&info, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&info, "{sv}", "uuid", g_variant_new_string(PORT_UUID));
    g_variant_builder_add(&info, "{sv}", "ifname", g_variant_new_string("vnet7"));
    g_variant_builder_add(&info, "{sv}", "bridge", g_variant_new_string("br0"));
    g_variant_builder_add(&info, "{sv}", "mac", g_variant_new_string("52:54:00:6b:3c:58"));
    g_variant_builder_add(&info, "{sv}", "host-mac", g_variant_new_string("fe:54:00:6b:3c:58"));
    g_variant_builder_add(&info, "{sv}", "mtu", g_variant_new_uint32(1500));
    g_variant_builder_add(&info, "{sv}", "queues", g_variant_new_uint32(queues));
    g_dbus_method_invocation_return_value_with_unix_fd_list(inv,
        g_variant_new("(oaha{sv})", PORT_PATH, &handles, &info), fds);
}

/**
 * fakeManagerCall:
 * Manager methods: CreatePort, ListPorts, GetPort (one missing UUID).
 */
static void
fakeManagerCall(GDBusConnection *conn, const char *sender, const char *path,
                const char *iface, const char *method, GVariant *params,
                GDBusMethodInvocation *inv, gpointer opaque)
{
    if (strcmp(method, "CreatePort") == 0) {
        fakeCreatePort(params, inv);
    } else if (strcmp(method, "ListPorts") == 0) {
        GVariantBuilder b;

        g_variant_builder_init(&b, G_VARIANT_TYPE("a(oa{sv})"));
        g_variant_builder_add(&b, "(o@a{sv})", PORT_PATH, fakePortProperties());
        g_dbus_method_invocation_return_value(inv, g_variant_new("(a(oa{sv}))", &b));
    } else if (strcmp(method, "GetPort") == 0) {
        const char *uuid;

        g_variant_get(params, "(&s)", &uuid);
        if (strcmp(uuid, FAKE_MISSING_UUID) == 0)
            g_dbus_method_invocation_return_dbus_error(inv, "org.libvirt.Networkd1.Error.NotFound",
                                                       "no such port");
        else
            g_dbus_method_invocation_return_value(inv, g_variant_new("(o)", PORT_PATH));
    }
}

/**
 * fakePortCall:
 * Port.Delete() always succeeds.
 */
static void
fakePortCall(GDBusConnection *conn, const char *sender, const char *path,
             const char *iface, const char *method, GVariant *params,
             GDBusMethodInvocation *inv, gpointer opaque)
{
    g_dbus_method_invocation_return_value(inv, NULL);
}

/**
 * fakePortGet:
 * Port properties, from fakePortProperties().
 */
static GVariant *
fakePortGet(GDBusConnection *conn, const char *sender, const char *path,
            const char *iface, const char *property, GError **error, gpointer opaque)
{
    g_autoptr(GVariant) all = fakePortProperties();

    return g_variant_lookup_value(all, property, NULL);
}

static const GDBusInterfaceVTable fakeManagerVTable = { .method_call = fakeManagerCall };
static const GDBusInterfaceVTable fakePortVTable = { .method_call = fakePortCall,
                                                     .get_property = fakePortGet };

/**
 * fakeDaemonMain:
 * The fake daemon: owns the name on $DBUS_SYSTEM_BUS_ADDRESS, prints
 * READY, serves until its stdin closes.  Returns the exit status.
 */
static int
fakeDaemonMain(void)
{
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GVariant) owned = NULL;
    g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
    g_autofree char *xmlpath = g_build_filename(g_getenv("abs_top_srcdir") ? g_getenv("abs_top_srcdir") : SRCDIR,
                                                "src/network/org.libvirt.Networkd1.xml", NULL);
    g_autofree char *xml = NULL;
    g_autoptr(GIOChannel) in = g_io_channel_unix_new(STDIN_FILENO);

    if (!g_file_get_contents(xmlpath, &xml, NULL, &gerr) ||
        !(fakeNode = g_dbus_node_info_new_for_xml(xml, &gerr)) ||
        !(conn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &gerr)) ||
        !g_dbus_connection_register_object(conn, VIR_NETWORKD_OBJECT_PATH,
                                           g_dbus_node_info_lookup_interface(fakeNode, VIR_NETWORKD_MANAGER_INTERFACE),
                                           &fakeManagerVTable, NULL, NULL, &gerr) ||
        !g_dbus_connection_register_object(conn, PORT_PATH,
                                           g_dbus_node_info_lookup_interface(fakeNode, VIR_NETWORKD_PORT_INTERFACE),
                                           &fakePortVTable, NULL, NULL, &gerr) ||
        !(owned = g_dbus_connection_call_sync(conn, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                              "org.freedesktop.DBus", "RequestName",
                                              g_variant_new("(su)", VIR_NETWORKD_BUS_NAME, 4),
                                              G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NONE,
                                              -1, NULL, &gerr))) {
        fprintf(stderr, "fake daemon: %s\n", gerr ? gerr->message : "?");
        return 1;
    }
    g_io_add_watch(in, G_IO_IN | G_IO_HUP | G_IO_ERR, fakeDaemonStdin, loop);
    printf("READY\n");
    fflush(stdout);
    g_main_loop_run(loop);
    g_dbus_node_info_unref(fakeNode);
    return 0;
}

/* Number of pipe fds this process has open.  The fake daemon hands out
 * pipes as taps; counting only pipes keeps out the eventfds and sockets
 * GLib opens lazily in its own threads. */
static int
testCountFds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;

    if (!d)
        return -1;
    while ((e = readdir(d))) {
        g_autofree char *path = g_strdup_printf("/proc/self/fd/%s", e->d_name);
        g_autofree char *target = g_file_read_link(path, NULL);

        n += target && g_str_has_prefix(target, "pipe:");
    }
    closedir(d);
    return n;
}

typedef struct {
    const char *title;
    const char *scenario;   /* see fakeModeNames, or a D-Bus error name */
    unsigned int queues;
    virErrorNumber code;    /* VIR_ERR_OK: success expected */
} testCreateCase;

/**
 * testCreateOne:
 * One CreatePort case: the result, the fds and no leaked fd.
 */
static int
testCreateOne(const void *opaque)
{
    const testCreateCase *c = opaque;
    virNetworkdPortRequest req = { .bridge = "br0", .queues = c->queues, .ownerName = c->scenario };
    g_autoptr(virNetworkdPortInfo) port = NULL;
    int *fds = NULL;
    size_t nfds = 0, i;
    int before = testCountFds();
    int rc;

    virResetLastError();
    rc = virNetworkdPortCreate(&req, &port, &fds, &nfds);

    if (c->code == VIR_ERR_OK) {
        if (rc < 0) {
            fprintf(stderr, "failed: %s\n", virGetLastErrorMessage());
            return -1;
        }
        if (nfds != (c->queues ? c->queues : 1) || !port ||
            g_strcmp0(port->uuid, PORT_UUID) != 0 || g_strcmp0(port->ifname, "vnet7") != 0 ||
            g_strcmp0(port->hostMac, "fe:54:00:6b:3c:58") != 0 ||
            g_strcmp0(port->ownerName, c->scenario) != 0 || port->uid != geteuid()) {
            fprintf(stderr, "unexpected port or %zu fds\n", nfds);
            return -1;
        }
        for (i = 0; i < nfds; i++) {
            if (!(fcntl(fds[i], F_GETFD) & FD_CLOEXEC)) {
                fprintf(stderr, "fd %zu is not close-on-exec\n", i);
                return -1;
            }
        }
        if (testCountFds() != before + (int)nfds) {
            fprintf(stderr, "%d fds open, expected %d\n", testCountFds(), before + (int)nfds);
            return -1;
        }
        virNetworkdPortCloseFds(fds, nfds);
    } else {
        if (rc == 0 || fds || virGetLastErrorCode() != c->code) {
            fprintf(stderr, "rc %d, code %d, expected %d\n", rc, virGetLastErrorCode(), c->code);
            return -1;
        }
        if (strchr(c->scenario, '.') && g_strcmp0(virGetLastError()->detail, c->scenario) != 0) {
            fprintf(stderr, "detail '%s'\n", virGetLastError()->detail);
            return -1;
        }
    }
    if (testCountFds() != before) {
        fprintf(stderr, "leaked %d fds\n", testCountFds() - before);
        return -1;
    }
    return 0;
}

static const testCreateCase createCases[] = {
    { "create: one queue", "ok", 0, VIR_ERR_OK },
    { "create: four queues", "ok", 4, VIR_ERR_OK },
    { "create: an fd no handle names is closed", "extra-fd", 2, VIR_ERR_OK },
    { "create: a handle past the list fails, nothing leaks", "bad-handle", 3,
      VIR_ERR_INTERNAL_ERROR },
    { "create: no fds at all fails", "no-fds", 1, VIR_ERR_INTERNAL_ERROR },
    { "create: AccessDenied", "org.libvirt.Networkd1.Error.AccessDenied", 1,
      VIR_ERR_OPERATION_DENIED },
    { "create: QuotaExceeded", "org.libvirt.Networkd1.Error.QuotaExceeded", 1,
      VIR_ERR_QUOTA_EXCEEDED },
};

/**
 * testList:
 * ListPorts: the properties come from the a(oa{sv}) entries.
 */
static int
testList(const void *opaque)
{
    g_autoptr(GPtrArray) ports = NULL;
    const virNetworkdPortInfo *p;

    if (!(ports = virNetworkdPortList(0)) || ports->len != 1) {
        fprintf(stderr, "list: %s\n", virGetLastErrorMessage());
        return -1;
    }
    p = g_ptr_array_index(ports, 0);
    if (g_strcmp0(p->uuid, PORT_UUID) != 0 || g_strcmp0(p->path, PORT_PATH) != 0 ||
        p->queues != 2 || p->created != 1795800000123456 || g_strcmp0(p->ownerName, "demo") != 0)
        return -1;
    return 0;
}

/**
 * testGetDelete:
 * GetPort and Delete(), a missing port and a malformed UUID.
 */
static int
testGetDelete(const void *opaque)
{
    g_autoptr(virNetworkdPortInfo) port = NULL;

    if (!(port = virNetworkdPortGet(PORT_UUID)) || g_strcmp0(port->bridge, "br0") != 0 ||
        port->mtu != 1500)
        return -1;
    if (virNetworkdPortDelete(PORT_UUID) < 0)
        return -1;
    if (virNetworkdPortGet(FAKE_MISSING_UUID) || virGetLastErrorCode() != VIR_ERR_NO_NETWORK_PORT ||
        virNetworkdPortDelete(FAKE_MISSING_UUID) == 0)
        return -1;
    /* a malformed UUID never reaches the bus */
    if (virNetworkdPortDelete("../../x") == 0 || virGetLastErrorCode() != VIR_ERR_INVALID_ARG)
        return -1;
    return 0;
}

/**
 * testNotRunning:
 * Nobody owns the name: DAEMON_UNREACHABLE with the bus's error name.
 */
static int
testNotRunning(const void *opaque)
{
    virNetworkdPortRequest req = { .bridge = "br0" };
    g_autoptr(virNetworkdPortInfo) port = NULL;
    int *fds = NULL;
    size_t nfds = 0;

    if (virNetworkdPortCreate(&req, &port, &fds, &nfds) == 0 ||
        virGetLastErrorCode() != VIR_ERR_DAEMON_UNREACHABLE ||
        !strstr(virGetLastErrorMessage(), "libvirt-networkd is not running") ||
        g_strcmp0(virGetLastError()->detail, "org.freedesktop.DBus.Error.ServiceUnknown") != 0) {
        fprintf(stderr, "got: %s\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

/**
 * mymain:
 * Starts the bus, checks the not-running case, starts the fake daemon
 * and runs the cases against it.
 */
static int
mymain(void)
{
    g_autoptr(GSubprocess) bus = NULL;
    g_autoptr(GSubprocess) fake = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GDBusConnection) keep = NULL;
    const char *fakeArgv[] = { testProgram, "--fake-daemon", NULL };
    bool missing;
    int ret = 0;
    size_t i;

    if (!(bus = virTestBusStart(&missing)))
        return missing ? EXIT_AM_SKIP : -1;
    /* one client connection for the whole run, so counting our fds counts
     * only what the calls leave behind */
    if (!(keep = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &gerr))) {
        fprintf(stderr, "%s\n", gerr->message);
        return -1;
    }

    if (virTestRun("not running: no owner of the name", testNotRunning, NULL) < 0)
        ret = -1;

    if (!(fake = virTestBusServe(fakeArgv)))
        return -1;
    /* a first call creates whatever GDBus keeps per process for good */
    g_ptr_array_unref(virNetworkdPortList(0));

    for (i = 0; i < G_N_ELEMENTS(createCases); i++) {
        if (virTestRun(createCases[i].title, testCreateOne, &createCases[i]) < 0)
            ret = -1;
    }
    if (virTestRun("list: properties from the a(oa{sv}) entries", testList, NULL) < 0)
        ret = -1;
    if (virTestRun("get and delete", testGetDelete, NULL) < 0)
        ret = -1;

    g_output_stream_close(g_subprocess_get_stdin_pipe(fake), NULL, NULL);
    g_subprocess_wait(fake, NULL, NULL);
    return ret;
}

/**
 * main:
 * The test program, or the fake daemon with --fake-daemon.
 */
int
main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--fake-daemon") == 0)
        return fakeDaemonMain();
    testProgram = argv[0];
    return virTestMain(argc, argv, mymain);
}
