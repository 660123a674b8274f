/*
 * virnetdevopenvswitchtest.c: the OVS plug's value gate, its OVSDB
 * requests, reading back the daemon's rows, and a database that does not
 * answer
 *
 * Requests are golden files (virnetdevopenvswitchdata/NAME.json,
 * regenerate with VIR_TEST_REGENERATE_OUTPUT=1).  List replies are
 * recorded OVSDB answers (NAME.reply) rendered as one line per row
 * (NAME.txt).  The break-out cases put hostile strings into every field
 * and expect a refusal naming the kind of value.  No OVS is needed: the
 * real ovsdb-server runs in tests/virnetdevopenvswitchnettest.c.
 */
#include "testutils.h"
#include "virerror.h"
#include "virnetdevopenvswitch.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#define TEST_OWNER "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
#define TEST_VM "c7a5fdbd-cdaf-9455-926a-d65c16db1809"

typedef struct {
    virNetDevOpenvswitchValue kind;
    const char *value;
    const char *error;      /* substring of the refusal, NULL: accepted */
} testValueCase;

/**
 * testValueOne:
 * One value through the gate: accepted, or refused with a message that
 * names the kind of value.
 */
static int
testValueOne(const void *opaque)
{
    const testValueCase *tc = opaque;
    int rc;

    virResetLastError();
    rc = virNetDevOpenvswitchValueCheck(tc->kind, tc->value);
    if (!tc->error) {
        if (rc < 0)
            fprintf(stderr, "refused: %s\n", virGetLastErrorMessage());
        return rc;
    }
    if (rc == 0) {
        fprintf(stderr, "accepted a bad value\n");
        return -1;
    }
    if (virGetLastErrorCode() != VIR_ERR_INVALID_ARG ||
        !strstr(virGetLastErrorMessage(), tc->error)) {
        fprintf(stderr, "unexpected error '%s'\n", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

typedef struct {
    const char *address;
    const char *error;      /* substring of the reason, NULL: accepted */
} testAddressCase;

/**
 * testAddressOne:
 * One OVSDB address through virOvsdbAddressInvalidReason(): accepted
 * (and its socket path is what follows "unix:"), or refused for the
 * reason expected.
 */
static int
testAddressOne(const void *opaque)
{
    const testAddressCase *tc = opaque;
    const char *why = virOvsdbAddressInvalidReason(tc->address);

    if (!tc->error) {
        if (why) {
            fprintf(stderr, "refused: %s\n", why);
            return -1;
        }
        if (strcmp(virOvsdbAddressSocketPath(tc->address), tc->address + 5) != 0) {
            fprintf(stderr, "socket path '%s'\n", virOvsdbAddressSocketPath(tc->address));
            return -1;
        }
        return 0;
    }
    if (!why || !strstr(why, tc->error)) {
        fprintf(stderr, "reason '%s', expected '%s'\n", why ? why : "(accepted)", tc->error);
        return -1;
    }
    return 0;
}

/* The port of the golden "add-ovn" request. */
static const virNetDevOpenvswitchPort testPortOvn = {
    .bridge = "br-int", .ifname = "vnet7", .ifaceId = "tenant1_vm1-eth0",
    .mac = "52:54:00:6b:3c:58", .vmId = TEST_VM, .owner = TEST_OWNER,
};

/**
 * testPortField:
 * @port with field @field (0..5: bridge, ifname, ifaceId, mac, vmId,
 * owner) replaced by @value.
 */
static virNetDevOpenvswitchPort
testPortField(const virNetDevOpenvswitchPort *port, int field, const char *value)
{
    virNetDevOpenvswitchPort p = *port;
    const char **fields[] = { &p.bridge, &p.ifname, &p.ifaceId, &p.mac, &p.vmId, &p.owner };

    *fields[field] = value;
    return p;
}

/**
 * testBreakOut:
 * Every field of a port, in turn, gets each hostile value; the port must
 * be refused by virNetDevOpenvswitchPortValidate() and by
 * virNetDevOpenvswitchPortAdd() before any connection is tried (the
 * socket path does not exist, so getting that far would be a different
 * error).
 */
static int
testBreakOut(const void *opaque G_GNUC_UNUSED)
{
    static const char *const hostile[] = {
        "a\"b", "a'b", "a,b", "a=b", "--may-exist", "-x", "a\nb", "a\rb", "a b",
        "a\tb", "a:b", "a{b}", "a[0]", "a\\b", "a;b", "a$(id)", "a`id`", "a|b",
        "iface-id=evil",
        "x\",\"external_ids\":{", "a\x01", "caf\xc3\xa9", "",
    };
    virNetDevOpenvswitchDb db = { .socketPath = "/nonexistent/db.sock", .timeoutMs = 100 };
    int field;
    size_t i;

    for (field = 0; field < 6; field++) {
        for (i = 0; i < G_N_ELEMENTS(hostile); i++) {
            virNetDevOpenvswitchPort p = testPortField(&testPortOvn, field, hostile[i]);

            virResetLastError();
            if (virNetDevOpenvswitchPortValidate(&p) == 0 ||
                virGetLastErrorCode() != VIR_ERR_INVALID_ARG) {
                fprintf(stderr, "field %d: '%s' not refused\n", field, hostile[i]);
                return -1;
            }
            virResetLastError();
            if (virNetDevOpenvswitchPortAdd(&db, &p, NULL) == 0 ||
                virGetLastErrorCode() != VIR_ERR_INVALID_ARG) {
                fprintf(stderr, "field %d: '%s' reached the connection: %s\n",
                        field, hostile[i], virGetLastErrorMessage());
                return -1;
            }
        }
    }
    /* removal checks its two values the same way */
    virResetLastError();
    if (virNetDevOpenvswitchPortRemove(&db, "vnet0\"", TEST_OWNER) == 0 ||
        virGetLastErrorCode() != VIR_ERR_INVALID_ARG ||
        virNetDevOpenvswitchPortRemove(&db, "vnet0", "1b4e28ba,2fa1") == 0 ||
        virGetLastErrorCode() != VIR_ERR_INVALID_ARG) {
        fprintf(stderr, "removal did not check its values\n");
        return -1;
    }
    return 0;
}

typedef struct {
    const char *name;
    virNetDevOpenvswitchPort port;  /* bridge NULL: a remove request */
} testRequestCase;

/**
 * testRequestOne:
 * A request against its golden file.
 */
static int
testRequestOne(const void *opaque)
{
    const testRequestCase *tc = opaque;
    g_autoptr(JsonNode) req = NULL;
    g_autofree char *text = NULL;
    g_autofree char *path = g_strdup_printf("%s/virnetdevopenvswitchdata/%s.json",
                                            virTestSrcDir(), tc->name);

    if (tc->port.bridge) {
        if (virNetDevOpenvswitchPortValidate(&tc->port) < 0) {
            fprintf(stderr, "%s\n", virGetLastErrorMessage());
            return -1;
        }
        req = virNetDevOpenvswitchPortAddRequest(&tc->port);
    } else {
        req = virNetDevOpenvswitchPortRemoveRequest(tc->port.ifname, tc->port.owner,
                                                    "2f9a8b0e-4c1d-4e5f-9a6b-7c8d9e0f1a2b",
                                                    "6d1c7e0a-3b2f-4a5e-8d9c-0b1a2c3d4e5f");
    }
    text = json_to_string(req, TRUE);
    text = g_realloc(text, strlen(text) + 2);
    strcat(text, "\n");
    return virTestCompareToFile(text, path);
}

/**
 * testListOne:
 * A recorded reply to the list transaction, parsed and rendered one line
 * per row, against NAME.txt.
 */
static int
testListOne(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *replyPath = g_strdup_printf("%s/virnetdevopenvswitchdata/%s.reply",
                                                 virTestSrcDir(), name);
    g_autofree char *txtPath = g_strdup_printf("%s/virnetdevopenvswitchdata/%s.txt",
                                               virTestSrcDir(), name);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) ports = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    guint i;

    virTestMarkUsed(replyPath);
    if (!json_parser_load_from_file(parser, replyPath, &err)) {
        fprintf(stderr, "%s: %s\n", replyPath, err->message);
        return -1;
    }
    if (virNetDevOpenvswitchPortListParse(json_parser_get_root(parser), &ports) < 0) {
        g_string_append_printf(out, "error: %s\n", virGetLastErrorMessage());
        return virTestCompareToFile(out->str, txtPath);
    }
    for (i = 0; i < ports->len; i++) {
        const virNetDevOpenvswitchPortInfo *p = g_ptr_array_index(ports, i);

        g_string_append_printf(out, "%s bridge=%s owner=%s iface-id=%s mac=%s vm-id=%s "
                               "ofport=%" G_GINT64_FORMAT " error=%s\n",
                               p->ifname, p->bridge ?: "-", p->owner, p->ifaceId ?: "-",
                               p->mac ?: "-", p->vmId ?: "-", (gint64)p->ofport,
                               p->error ?: "-");
    }
    return virTestCompareToFile(out->str, txtPath);
}

/**
 * testNoServer:
 * No ovsdb-server at the socket: a clear error at once.
 */
static int
testNoServer(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("ovsdbtest.XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "db.sock", NULL);
    virNetDevOpenvswitchDb db = { .socketPath = path, .timeoutMs = 5000 };
    g_autoptr(GPtrArray) ports = NULL;
    gint64 start = g_get_monotonic_time();
    int ret = -1;

    virResetLastError();
    if (virNetDevOpenvswitchPortList(&db, &ports) == 0) {
        fprintf(stderr, "listed without a server\n");
        goto cleanup;
    }
    if (!strstr(virGetLastErrorMessage(), "cannot connect to OVSDB") ||
        !strstr(virGetLastErrorMessage(), path) ||
        g_get_monotonic_time() - start > G_USEC_PER_SEC) {
        fprintf(stderr, "unexpected: %s\n", virGetLastErrorMessage());
        goto cleanup;
    }
    ret = 0;
 cleanup:
    rmdir(dir);
    return ret;
}

/**
 * testSilentServer:
 * A socket that accepts connections (the kernel's backlog) but never
 * answers, as a stopped ovsdb-server: every operation gives up with a
 * timeout error after its deadline, not much later.
 */
static int
testSilentServer(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("ovsdbtest.XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "db.sock", NULL);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    virNetDevOpenvswitchDb db = { .socketPath = path, .timeoutMs = 300 };
    virNetDevOpenvswitchPort port = testPortOvn;
    g_autoptr(GPtrArray) ports = NULL;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int ret = -1;
    int op;

    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 8) < 0) {
        fprintf(stderr, "cannot listen: %s\n", g_strerror(errno));
        goto cleanup;
    }
    for (op = 0; op < 3; op++) {
        gint64 start = g_get_monotonic_time();
        gint64 took;
        int rc;

        virResetLastError();
        if (op == 0)
            rc = virNetDevOpenvswitchPortAdd(&db, &port, NULL);
        else if (op == 1)
            rc = virNetDevOpenvswitchPortRemove(&db, "vnet7", TEST_OWNER);
        else
            rc = virNetDevOpenvswitchPortList(&db, &ports);
        took = (g_get_monotonic_time() - start) / 1000;
        if (rc >= 0 || virGetLastErrorCode() != VIR_ERR_OPERATION_TIMEOUT ||
            !strstr(virGetLastErrorMessage(), "within 300 ms") ||
            took < 290 || took > 1000) {
            fprintf(stderr, "op %d: rc %d after %" G_GINT64_FORMAT " ms: %s\n",
                    op, rc, took, virGetLastErrorMessage());
            goto cleanup;
        }
    }
    ret = 0;
 cleanup:
    if (fd >= 0)
        close(fd);
    unlink(path);
    rmdir(dir);
    return ret;
}

static int
mymain(void)
{
    static const testValueCase values[] = {
        { VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, "br-int", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, "br.ex_1", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, "br-int-too-long0", "OVS bridge name" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, "--may-exist", "begins with '-'" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, "br..x", "OVS bridge name" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, "br/x", "OVS bridge name" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE, NULL, "empty" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME, "vnet0", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME, "vnet0 -- del-br", "whitespace" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME, "vnet0\n", "whitespace" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME, "a%s", "OVS interface name" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "tenant1_vm1-eth0", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "8d3a2b1c-0f4e-4a5b-9c6d-7e8f9a0b1c2d", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp.x", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID,
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID,
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "128 bytes" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp\",\"vm-id", "quote" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp,vm-id=x", "quote" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp=x", "quote" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp}", "brace" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "--if-exists", "begins with '-'" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp\nx", "whitespace" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp x", "whitespace" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp/x", "letters, digits" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp$x", "shell" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "lsp+x", "letters, digits" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID, "l\xc3\xa4", "non-ASCII" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_MAC, "52:54:00:6b:3c:58", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_MAC, "52:54:00:6B:3C:58", "lower case" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_MAC, "52:54:00:6b:3c:5", "xx:xx" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_MAC, "52-54-00-6b-3c-58", "xx:xx" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_MAC, "01:00:5e:00:00:01", "multicast" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_MAC, "00:00:00:00:00:00", "zero" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_MAC, "52:54:00:6b:3c:58,", "quote" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_UUID, TEST_OWNER, NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_UUID, "1B4E28BA-2FA1-11D2-883F-0016D3CCA427", "lower-case" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_UUID, "1b4e28ba2fa111d2883f0016d3cca427", "36 characters" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_UUID, "1b4e28ba-2fa1-11d2-883f-0016d3cca42g", "lower-case" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_UUID, "1b4e28ba-2fa1-11d2-883f-0016d3cca4=7", "quote" },
        /* what an OVN network writes to the northbound database */
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4, "198.18.20.1", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4, "198.18.20.01", "dotted form" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4, "198.18.20", "dotted form" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4, "198.18.20.256", "dotted form" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4, "fd00::1", "quote" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4, "198.18.20.1 ", "whitespace" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR, "198.18.20.0/24", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR, "198.18.20.0/33", "IPV4/PREFIX" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR, "198.18.20.0/0", "IPV4/PREFIX" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR, "198.18.20.0/024", "IPV4/PREFIX" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR, "198.18.20.0", "IPV4/PREFIX" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR, "x/24", "IPV4/PREFIX" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES, "198.18.20.1", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES,
          "198.18.20.1..198.18.20.99 198.18.20.150 198.18.20.200..198.18.20.254", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES, "198.18.20.1  198.18.20.2", "double space" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES, " 198.18.20.1", "leading" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES, "198.18.20.1 ", "trailing" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES, "198.18.20.1...198.18.20.2", "A..B" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES, "198.18.20.1	198.18.20.2", "whitespace" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES, "198.18.20.1,198.18.20.2", "quote" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES, "52:54:00:6b:3c:58 dynamic", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES, "52:54:00:6b:3c:58 198.18.20.12", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES, "52:54:00:6b:3c:58", "MAC dynamic" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES, "52:54:00:6b:3c:58 router", "MAC dynamic" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES,
          "52:54:00:6b:3c:58 198.18.20.12 198.18.20.13", "MAC dynamic" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES, "unknown", "MAC dynamic" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES, "01:00:5e:00:00:01 dynamic", "MAC dynamic" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER, "3600", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER, "0", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER, "4294967295", NULL },
        { VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER, "4294967296", "32 bits" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER, "0600", "32 bits" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER, "-1", "begins with '-'" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER, "1e3", "32 bits" },
        { VIR_NETDEV_OPENVSWITCH_VALUE_LAST, "x", "unknown kind" },
    };
    static const testRequestCase requests[] = {
        { "add-ovn", { .bridge = "br-int", .ifname = "vnet7", .ifaceId = "tenant1_vm1-eth0",
                       .mac = "52:54:00:6b:3c:58", .vmId = TEST_VM, .owner = TEST_OWNER } },
        { "add-plain", { .bridge = "ovsbr0", .ifname = "vnet8",
                         .mac = "52:54:00:00:00:08", .owner = TEST_OWNER } },
        { "remove", { .ifname = "vnet7", .owner = TEST_OWNER } },
    };
    static const char *const lists[] = { "list-mixed", "list-empty", "list-malformed" };
    static const testAddressCase addresses[] = {
        { "unix:/run/ovn/ovnnb_db.sock", NULL },
        { "unix:/var/run/openvswitch/db.sock", NULL },
        { "unix:/run/ovn/relay-tenant_2@central+1.sock", NULL },
        { "unix:/" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL },
        { "unix:/" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
          "longer than" },
        { NULL, "empty" },
        { "", "empty" },
        { "tcp:198.18.0.1:6641", "only unix sockets" },
        { "ssl:198.18.0.1:6641", "only unix sockets" },
        { "ptcp:6641", "unix:/ABSOLUTE/PATH" },
        { "punix:/run/ovn/nb.sock", "unix:/ABSOLUTE/PATH" },
        { "/run/ovn/ovnnb_db.sock", "unix:/ABSOLUTE/PATH" },
        { "unix:", "unix:/ABSOLUTE/PATH" },
        { "unix:/", "unix:/ABSOLUTE/PATH" },
        { "unix:run/ovn/nb.sock", "unix:/ABSOLUTE/PATH" },
        { "UNIX:/run/ovn/nb.sock", "unix:/ABSOLUTE/PATH" },
        { "unix:/run/ovn/../../etc/shadow", "canonical" },
        { "unix:/run/ovn/./nb.sock", "canonical" },
        { "unix:/run//ovn/nb.sock", "canonical" },
        { "unix:/run/ovn/", "canonical" },
        { "unix:/run/ovn/..", "canonical" },
        { "unix:/run/ovn/nb.sock,tcp:198.18.0.1:6641", "character" },
        { "unix:/run/ovn/nb sock", "character" },
        { "unix:/run/ovn/nb.sock\n", "character" },
        { "unix:/run/ovn/nb.sock;reboot", "character" },
        { "unix:/run/ovn/$(id).sock", "character" },
        { "unix:/run/ovn/nb'.sock", "character" },
        { "unix:/run/ovn/nb:1.sock", "character" },
        { "unix:/run/ovn/\xc3\xa9.sock", "character" },
        { "unix:/run/ovn/%s.sock", "character" },
    };
    static const char *const suffixes[] = { ".json", ".reply", ".txt", NULL };
    g_autofree char *datadir = g_build_filename(virTestSrcDir(), "virnetdevopenvswitchdata", NULL);
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(values); i++) {
        g_autofree char *shown = values[i].value ? g_strescape(values[i].value, NULL) : NULL;

        if (shown && strlen(shown) > 40)
            strcpy(shown + 37, "...");
        g_autofree char *title = g_strdup_printf("value %d '%s' %s", values[i].kind,
                                                 shown ? shown : "(null)",
                                                 values[i].error ? "refused" : "accepted");

        if (virTestRun(title, testValueOne, &values[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(addresses); i++) {
        g_autofree char *shown = addresses[i].address ? g_strescape(addresses[i].address, NULL) : NULL;

        if (shown && strlen(shown) > 40)
            strcpy(shown + 37, "...");
        g_autofree char *title = g_strdup_printf("address '%s' %s", shown ? shown : "(null)",
                                                 addresses[i].error ? "refused" : "accepted");

        if (virTestRun(title, testAddressOne, &addresses[i]) < 0)
            ret = -1;
    }
    if (virTestRun("hostile values in every field", testBreakOut, NULL) < 0)
        ret = -1;
    for (i = 0; i < G_N_ELEMENTS(requests); i++) {
        g_autofree char *title = g_strdup_printf("request %s", requests[i].name);

        if (virTestRun(title, testRequestOne, &requests[i]) < 0)
            ret = -1;
    }
    for (i = 0; i < G_N_ELEMENTS(lists); i++) {
        g_autofree char *title = g_strdup_printf("list reply %s", lists[i]);

        if (virTestRun(title, testListOne, lists[i]) < 0)
            ret = -1;
    }
    if (virTestRun("no server: connection refused at once", testNoServer, NULL) < 0)
        ret = -1;
    if (virTestRun("silent server: timeout", testSilentServer, NULL) < 0)
        ret = -1;
    if (virTestCheckUnused(datadir, suffixes) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
