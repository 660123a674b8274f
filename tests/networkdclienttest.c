/*
 * networkdclienttest.c: unit tests of the libvirt-networkd client
 *
 * Table tests of what the client does without a daemon: D-Bus errors to
 * the tree's errors (code, message, detail), request dictionaries, and the
 * port description virsh prints (golden files in networkdclientdata/).
 * The client against a real daemon is tested by networkd-harness.sh.
 */
#include "testutils.h"
#include "networkd_client.h"
#include "virerror.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    virNetworkdClientOp op;
    const char *subject;
    const char *name;       /* remote D-Bus error name; NULL: local GIO error */
    int localCode;          /* G_IO_ERROR code when name is NULL */
    const char *reason;
    virErrorNumber code;
    const char *message;
    const char *detail;
} testErrorCase;

/**
 * testErrorOne:
 * One D-Bus error through the client's reporting: code, message, detail.
 */
static int
testErrorOne(const void *opaque)
{
    const testErrorCase *c = opaque;
    g_autoptr(GError) gerr = NULL;
    const virError *err;

    if (c->name)
        gerr = g_dbus_error_new_for_dbus_error(c->name, c->reason);
    else
        gerr = g_error_new_literal(G_IO_ERROR, c->localCode, c->reason);

    virResetLastError();
    virNetworkdClientReportGError(c->op, c->subject, gerr);
    if (!(err = virGetLastError())) {
        fprintf(stderr, "no error reported\n");
        return -1;
    }
    if (err->code != c->code) {
        fprintf(stderr, "code %d, expected %d\n", err->code, c->code);
        return -1;
    }
    if (err->domain != VIR_FROM_NETWORKD) {
        fprintf(stderr, "domain %d\n", err->domain);
        return -1;
    }
    if (virTestCompareStrings(c->message, err->message) < 0)
        return -1;
    if (g_strcmp0(c->detail, err->detail) != 0) {
        fprintf(stderr, "detail '%s', expected '%s'\n",
                err->detail ? err->detail : "(null)", c->detail ? c->detail : "(null)");
        return -1;
    }
    return 0;
}

#define NWD "org.libvirt.Networkd1.Error."
#define FDO "org.freedesktop.DBus.Error."
#define UUID1 "0c5e4b7a-9d3f-4f6e-8a51-2b7c9e1d4f60"

static const testErrorCase errorCases[] = {
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br1", NWD "AccessDenied", 0,
      "uid 1001 may not create ports on br1",
      VIR_ERR_OPERATION_DENIED,
      "access denied: not authorized to create a port on bridge 'br1': uid 1001 may not create ports on br1",
      NWD "AccessDenied" },
    /* the daemon's polkit refusal already says what the client would */
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br1", NWD "AccessDenied", 0,
      "access denied: not authorized to create a port on bridge 'br1' "
      "(polkit action org.libvirt.networkd.port.create)",
      VIR_ERR_OPERATION_DENIED,
      "access denied: not authorized to create a port on bridge 'br1' "
      "(polkit action org.libvirt.networkd.port.create)",
      NWD "AccessDenied" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", NWD "AccessDenied", 0,
      "polkit is unreachable",
      VIR_ERR_OPERATION_DENIED,
      "access denied: not authorized to create a port on bridge 'br0': polkit is unreachable",
      NWD "AccessDenied" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, NULL, NWD "NotSupported", 0,
      "plug 'network' is not supported yet",
      VIR_ERR_NO_SUPPORT,
      "this function is not supported: cannot create a port: plug 'network' is not supported yet",
      NWD "NotSupported" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", FDO "ServiceUnknown", 0,
      "The name org.libvirt.Networkd1 was not provided by any .service files",
      VIR_ERR_DAEMON_UNREACHABLE,
      "libvirt-networkd is not running: The name org.libvirt.Networkd1 was not provided by any .service files",
      FDO "ServiceUnknown" },
    { VIR_NETWORKD_CLIENT_OP_LIST, NULL, FDO "NameHasNoOwner", 0,
      "no owner",
      VIR_ERR_DAEMON_UNREACHABLE, "libvirt-networkd is not running: no owner",
      FDO "NameHasNoOwner" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", FDO "Spawn.ChildExited", 0,
      "exited with status 1",
      VIR_ERR_DAEMON_UNREACHABLE, "libvirt-networkd is not running: exited with status 1",
      FDO "Spawn.ChildExited" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", FDO "NoReply", 0,
      "Remote peer disconnected",
      VIR_ERR_DAEMON_UNREACHABLE, "libvirt-networkd is not running: Remote peer disconnected",
      FDO "NoReply" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", NWD "QuotaExceeded", 0,
      "uid 1000 has 64 ports (limit 64)",
      VIR_ERR_QUOTA_EXCEEDED,
      "quota exceeded: cannot create a port on bridge 'br0': uid 1000 has 64 ports (limit 64)",
      NWD "QuotaExceeded" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", NWD "InvalidArgument", 0,
      "'mtu' must be of type u",
      VIR_ERR_INVALID_ARG,
      "invalid argument: cannot create a port on bridge 'br0': 'mtu' must be of type u",
      NWD "InvalidArgument" },
    /* a missing bridge is a failure of the creation, not a missing port */
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br9", NWD "NotFound", 0,
      "bridge 'br9' does not exist",
      VIR_ERR_OPERATION_FAILED,
      "operation failed: cannot create a port on bridge 'br9': bridge 'br9' does not exist",
      NWD "NotFound" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", NWD "Failed", 0,
      "cannot enslave vnet3 to br0: Device or resource busy",
      VIR_ERR_OPERATION_FAILED,
      "operation failed: cannot create a port on bridge 'br0': cannot enslave vnet3 to br0: Device or resource busy",
      NWD "Failed" },
    { VIR_NETWORKD_CLIENT_OP_GET, UUID1, NWD "NotFound", 0,
      "no port " UUID1,
      VIR_ERR_NO_NETWORK_PORT,
      "network port not found: cannot look up port '" UUID1 "': no port " UUID1,
      NWD "NotFound" },
    { VIR_NETWORKD_CLIENT_OP_DELETE, UUID1, FDO "UnknownObject", 0,
      "no such object",
      VIR_ERR_NO_NETWORK_PORT,
      "network port not found: cannot delete port '" UUID1 "': no such object",
      FDO "UnknownObject" },
    { VIR_NETWORKD_CLIENT_OP_DELETE, UUID1, NWD "AccessDenied", 0,
      "not the owner",
      VIR_ERR_OPERATION_DENIED,
      "access denied: not authorized to delete port '" UUID1 "': not the owner",
      NWD "AccessDenied" },
    { VIR_NETWORKD_CLIENT_OP_LIST, NULL, FDO "AccessDenied", 0,
      "Rejected send message",
      VIR_ERR_OPERATION_DENIED, "access denied: not authorized to list ports: Rejected send message",
      FDO "AccessDenied" },
    { VIR_NETWORKD_CLIENT_OP_LIST, NULL, FDO "Timeout", 0,
      "timed out",
      VIR_ERR_OPERATION_TIMEOUT, "Timed out during operation: cannot list ports: timed out",
      FDO "Timeout" },
    { VIR_NETWORKD_CLIENT_OP_GET, UUID1, "com.example.Unheard.Of", 0,
      "something odd",
      VIR_ERR_OPERATION_FAILED,
      "operation failed: cannot look up port '" UUID1 "': something odd",
      "com.example.Unheard.Of" },
    /* the daemon words its messages with the same classes: no repeats */
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", NWD "AccessDenied", 0,
      "access denied: not authorized to create a port on bridge 'br0': polkit is unreachable",
      VIR_ERR_OPERATION_DENIED,
      "access denied: not authorized to create a port on bridge 'br0': polkit is unreachable",
      NWD "AccessDenied" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, NULL, NWD "InvalidArgument", 0,
      "invalid argument: unknown key 'colour'",
      VIR_ERR_INVALID_ARG,
      "invalid argument: cannot create a port: unknown key 'colour'",
      NWD "InvalidArgument" },
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", NWD "QuotaExceeded", 0,
      "invalid argument: a different class is kept",
      VIR_ERR_QUOTA_EXCEEDED,
      "quota exceeded: cannot create a port on bridge 'br0': invalid argument: a different class is kept",
      NWD "QuotaExceeded" },
    /* errors raised by GDBus itself carry no D-Bus name */
    { VIR_NETWORKD_CLIENT_OP_CREATE, "br0", NULL, G_IO_ERROR_TIMED_OUT,
      "Timeout was reached",
      VIR_ERR_OPERATION_TIMEOUT,
      "Timed out during operation: cannot create a port on bridge 'br0': Timeout was reached",
      NULL },
    { VIR_NETWORKD_CLIENT_OP_LIST, NULL, NULL, G_IO_ERROR_CLOSED,
      "The connection is closed",
      VIR_ERR_DAEMON_UNREACHABLE, "libvirt-networkd is not running: The connection is closed",
      NULL },
    /* a port on a network: NotFound names the network */
    { VIR_NETWORKD_CLIENT_OP_CREATE_ON_NETWORK, "default", NWD "NotFound", 0,
      "no network with matching name 'default'",
      VIR_ERR_NO_NETWORK,
      "Network not found: cannot create a port on network 'default': no network with matching name 'default'",
      NWD "NotFound" },
    { VIR_NETWORKD_CLIENT_OP_CREATE_ON_NETWORK, "default", NWD "AccessDenied", 0,
      "access denied: not authorized to create a port on network 'default' "
      "(polkit action org.libvirt.networkd.port.create)",
      VIR_ERR_OPERATION_DENIED,
      "access denied: not authorized to create a port on network 'default' "
      "(polkit action org.libvirt.networkd.port.create)",
      NWD "AccessDenied" },
    { VIR_NETWORKD_CLIENT_OP_CREATE_ON_NETWORK, "default", NWD "InvalidArgument", 0,
      "network 'default' is not active",
      VIR_ERR_INVALID_ARG,
      "invalid argument: cannot create a port on network 'default': network 'default' is not active",
      NWD "InvalidArgument" },
    /* the network calls */
    { VIR_NETWORKD_CLIENT_OP_NET_LOOKUP, "nosuch", NWD "NotFound", 0,
      "no network with matching name 'nosuch'",
      VIR_ERR_NO_NETWORK,
      "Network not found: cannot look up network 'nosuch': no network with matching name 'nosuch'",
      NWD "NotFound" },
    { VIR_NETWORKD_CLIENT_OP_NET_START, "default", NWD "AccessDenied", 0,
      "uid 1000 may not manage networks",
      VIR_ERR_OPERATION_DENIED,
      "access denied: not authorized to start network 'default': uid 1000 may not manage networks",
      NWD "AccessDenied" },
    /* a Network object that vanished between look-up and use */
    { VIR_NETWORKD_CLIENT_OP_NET_DESTROY, "default", FDO "UnknownObject", 0,
      "no such object",
      VIR_ERR_NO_NETWORK,
      "Network not found: cannot destroy network 'default': no such object",
      FDO "UnknownObject" },
    { VIR_NETWORKD_CLIENT_OP_NET_DEFINE, NULL, NWD "InvalidArgument", 0,
      "DHCP range 10.0.0.2 - 10.0.0.9 is outside subnet 192.168.122.0/24",
      VIR_ERR_INVALID_ARG,
      "invalid argument: cannot define a network: DHCP range 10.0.0.2 - 10.0.0.9 is outside subnet 192.168.122.0/24",
      NWD "InvalidArgument" },
    { VIR_NETWORKD_CLIENT_OP_NET_CREATE, NULL, NWD "AccessDenied", 0,
      "not an administrator",
      VIR_ERR_OPERATION_DENIED,
      "access denied: not authorized to create a network: not an administrator",
      NWD "AccessDenied" },
    { VIR_NETWORKD_CLIENT_OP_NET_UNDEFINE, "default", NWD "Failed", 0,
      "cannot remove /etc/libvirt-networkd/networks/default.xml: Read-only file system",
      VIR_ERR_OPERATION_FAILED,
      "operation failed: cannot undefine network 'default': cannot remove "
      "/etc/libvirt-networkd/networks/default.xml: Read-only file system",
      NWD "Failed" },
    { VIR_NETWORKD_CLIENT_OP_NET_AUTOSTART, "t1", NWD "InvalidArgument", 0,
      "network 't1' is transient",
      VIR_ERR_INVALID_ARG,
      "invalid argument: cannot change the autostart flag of network 't1': network 't1' is transient",
      NWD "InvalidArgument" },
    { VIR_NETWORKD_CLIENT_OP_NET_LEASES, "default", NWD "NotFound", 0,
      "no network with matching name 'default'",
      VIR_ERR_NO_NETWORK,
      "Network not found: cannot read the DHCP leases of network 'default': "
      "no network with matching name 'default'",
      NWD "NotFound" },
    { VIR_NETWORKD_CLIENT_OP_NET_GET_XML, "default", FDO "ServiceUnknown", 0,
      "The name is not activatable",
      VIR_ERR_DAEMON_UNREACHABLE, "libvirt-networkd is not running: The name is not activatable",
      FDO "ServiceUnknown" },
    { VIR_NETWORKD_CLIENT_OP_NET_LIST, NULL, FDO "UnknownMethod", 0,
      "No such method 'ListNetworks'",
      VIR_ERR_NO_SUPPORT,
      "this function is not supported: cannot list networks: No such method 'ListNetworks'",
      FDO "UnknownMethod" },
};

typedef struct {
    const char *title;
    virNetworkdPortRequest req;
    const char *expect;
} testRequestCase;

static const testRequestCase requestCases[] = {
    { "defaults", { .bridge = "br0" },
      "{'plug': <'bridge'>, 'bridge': <'br0'>}" },
    { "everything",
      { .plug = "bridge", .bridge = "br1", .mac = "52:54:00:12:34:56", .mtu = 1400,
        .vnetHdr = VIR_NETWORKD_VNET_HDR_ON, .queues = 4, .ownerName = "demo",
        .ownerUUID = UUID1 },
      "{'plug': <'bridge'>, 'bridge': <'br1'>, 'mac': <'52:54:00:12:34:56'>, "
      "'mtu': <uint32 1400>, 'vnet-hdr': <true>, 'queues': <uint32 4>, "
      "'owner-name': <'demo'>, 'owner-uuid': <'" UUID1 "'>}" },
    { "vnet-hdr off is sent", { .bridge = "br0", .vnetHdr = VIR_NETWORKD_VNET_HDR_OFF },
      "{'plug': <'bridge'>, 'bridge': <'br0'>, 'vnet-hdr': <false>}" },
    { "plug network", { .plug = "network", .network = "default", .mac = "52:54:00:12:34:56" },
      "{'plug': <'network'>, 'network': <'default'>, 'mac': <'52:54:00:12:34:56'>}" },
};

/**
 * testRequestOne:
 * One request struct to its a{sv}, compared as GVariant text.
 */
static int
testRequestOne(const void *opaque)
{
    const testRequestCase *c = opaque;
    g_autoptr(GVariant) v = g_variant_ref_sink(virNetworkdPortRequestToVariant(&c->req));
    g_autofree char *text = g_variant_print(v, TRUE);

    return virTestCompareStrings(c->expect, text);
}

typedef struct {
    const char *file;
    virNetworkdPortInfo port;
} testFormatCase;

static const testFormatCase formatCases[] = {
    { "port-full",
      { .path = (char *)"/org/libvirt/Networkd1/port/0c5e4b7a9d3f4f6e8a512b7c9e1d4f60",
        .uuid = (char *)UUID1, .uid = 1000, .ifname = (char *)"vnet7",
        .plug = (char *)"bridge", .bridge = (char *)"br0",
        .mac = (char *)"52:54:00:6b:3c:58", .mtu = 1500, .queues = 4,
        .ownerName = (char *)"demo <&'\"> guest",
        .ownerUUID = (char *)"c7a5fdbd-edaf-9455-926a-d65c16db1809",
        .created = G_GUINT64_CONSTANT(1795800000123456) } },
    { "port-controls",
      { .uuid = (char *)UUID1, .uid = 1000, .ifname = (char *)"macvtap3",
        .plug = (char *)"direct", .bridge = (char *)"", .device = (char *)"eth0",
        .mode = (char *)"vepa", .mac = (char *)"52:54:00:00:00:02", .mtu = 1500, .queues = 2,
        .bandwidthInbound = (char *)"average=1000,peak=2000,burst=64",
        .bandwidthOutbound = (char *)"average=500",
        .filter = (char *)"no-mac-spoofing,allow-dhcp",
        .filterIPs = (char *)"198.18.0.10,fd00::10",
        .created = G_GUINT64_CONSTANT(1795800000123456) } },
    { "port-filter-only",
      { .uuid = (char *)UUID1, .uid = 1000, .ifname = (char *)"vnet3",
        .plug = (char *)"bridge", .bridge = (char *)"br0", .mac = (char *)"52:54:00:00:00:03",
        .mtu = 1500, .queues = 1, .bandwidthInbound = (char *)"", .bandwidthOutbound = (char *)"",
        .filter = (char *)"clean-traffic", .filterIPs = (char *)"" } },
    /* the addresses a filter learned on a network, apart from its
     * parameters, escaped as any value */
    { "port-filter-learned",
      { .uuid = (char *)UUID1, .uid = 1000, .ifname = (char *)"vnet4",
        .plug = (char *)"network", .bridge = (char *)"virbr9", .mac = (char *)"52:54:00:00:00:04",
        .mtu = 1500, .queues = 1, .filter = (char *)"clean-traffic", .filterIPs = (char *)"",
        .learnedIPs = (char *)"198.18.100.7,198.18.100.9,<'&>" } },
    { "port-minimal",
      { .uuid = (char *)UUID1, .uid = 0, .ifname = (char *)"vnet0",
        .plug = (char *)"bridge", .bridge = (char *)"br1",
        .mac = (char *)"52:54:00:00:00:01", .mtu = 9000, .queues = 1,
        .ownerName = (char *)"", .ownerUUID = (char *)"" } },
};

/**
 * testFormatOne:
 * One port to XML, compared with its golden file.
 */
static int
testFormatOne(const void *opaque)
{
    const testFormatCase *c = opaque;
    g_autofree char *xml = virNetworkdPortFormatXML(&c->port);
    g_autofree char *rel = g_strdup_printf("networkdclientdata/%s.xml", c->file);
    g_autofree char *path = g_build_filename(virTestSrcDir(), rel, NULL);

    virTestMarkUsed(rel);
    return virTestCompareToFile(xml, path);
}

/**
 * mymain:
 * Runs the three tables and the unused-data check.
 */
static int
mymain(void)
{
    static const char * const suffixes[] = { ".xml", NULL };
    g_autofree char *datadir = g_build_filename(virTestSrcDir(), "networkdclientdata", NULL);
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(errorCases); i++) {
        g_autofree char *title = g_strdup_printf("error %s %s",
                                                 errorCases[i].name ? errorCases[i].name : "(local)",
                                                 errorCases[i].subject ? errorCases[i].subject : "");
        if (virTestRun(title, testErrorOne, &errorCases[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(requestCases); i++) {
        g_autofree char *title = g_strdup_printf("request %s", requestCases[i].title);

        if (virTestRun(title, testRequestOne, &requestCases[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(formatCases); i++) {
        g_autofree char *title = g_strdup_printf("format %s", formatCases[i].file);

        if (virTestRun(title, testFormatOne, &formatCases[i]) < 0)
            ret = -1;
    }
    if (virTestCheckUnused(datadir, suffixes) < 0)
        ret = -1;
    return ret;
}

/**
 * main:
 * Entry point.
 */
int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
