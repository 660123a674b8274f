/*
 * networkdfakenetworks.c: a stand-in libvirt-networkd for the clients'
 * network tests
 *
 *   networkdfakenetworks      owns org.libvirt.Networkd1 on the bus of
 *                             $DBUS_SYSTEM_BUS_ADDRESS, prints READY and
 *                             serves until it is killed
 *
 * Keeps networks in memory and answers the network calls of the API
 * (DefineNetwork, CreateNetwork, ListNetworks, LookupNetwork; Start,
 * Destroy, Undefine, SetAutostart, GetXMLDesc, GetDHCPLeases and the
 * properties) with the real network XML parser, so the client library and
 * virsh's net-* commands are tested without root, a bridge or polkit.
 * Scripted answers a real daemon gives in other situations:
 *
 *   a network whose name starts with "denied"   AccessDenied on every
 *                                               managing call
 *   a network called "badprops"                 its Active property is
 *                                               sent as a string
 *   an active network                           two fixed DHCP leases
 *
 * The real daemon is tested by the root tests (tests/networktest.sh).
 */
#include "network_conf.h"
#include "networkd_protocol.h"
#include "virerror.h"
#include "viruuid.h"

#include <gio/gio.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETWORK

#define FAKE_ERROR(name) VIR_NETWORKD_ERROR_PREFIX name

/* The network part of the API, as docs/networkd.rst documents it; its own
 * copy, so that the clients are tested against the documented calls. */
#define FAKE_INTROSPECTION(activeType) \
    "<node>" \
    "<interface name='" VIR_NETWORKD_MANAGER_INTERFACE "'>" \
    "<method name='DefineNetwork'><arg name='xml' type='s' direction='in'/>" \
    "<arg name='network' type='o' direction='out'/></method>" \
    "<method name='CreateNetwork'><arg name='xml' type='s' direction='in'/>" \
    "<arg name='network' type='o' direction='out'/></method>" \
    "<method name='ListNetworks'><arg name='networks' type='ao' direction='out'/></method>" \
    "<method name='LookupNetwork'><arg name='name' type='s' direction='in'/>" \
    "<arg name='network' type='o' direction='out'/></method>" \
    "</interface>" \
    "<interface name='" VIR_NETWORKD_NETWORK_INTERFACE "'>" \
    "<method name='Start'/><method name='Destroy'/><method name='Undefine'/>" \
    "<method name='SetAutostart'><arg name='autostart' type='b' direction='in'/></method>" \
    "<method name='GetXMLDesc'><arg name='flags' type='u' direction='in'/>" \
    "<arg name='xml' type='s' direction='out'/></method>" \
    "<method name='GetDHCPLeases'><arg name='mac' type='s' direction='in'/>" \
    "<arg name='leases' type='aa{sv}' direction='out'/></method>" \
    "<property name='Name' type='s' access='read'/>" \
    "<property name='UUID' type='s' access='read'/>" \
    "<property name='Active' type='" activeType "' access='read'/>" \
    "<property name='Persistent' type='b' access='read'/>" \
    "<property name='Autostart' type='b' access='read'/>" \
    "<property name='Bridge' type='s' access='read'/>" \
    "</interface>" \
    "</node>"

typedef struct {
    virNetworkDef *def;         /* the stored (or, transient, the started) definition */
    char *path;
    char *bridge;               /* while active */
    bool active;
    bool persistent;
    bool autostart;
    guint regid;
} fakeNetwork;

static GDBusConnection *fakeConn;
static GDBusNodeInfo *fakeNode;
static GDBusNodeInfo *fakeBadNode;
static GPtrArray *fakeNetworks;     /* of fakeNetwork */
static unsigned int fakeNextBridge;

static void
fakeNetworkFree(fakeNetwork *net)
{
    if (net->regid)
        g_dbus_connection_unregister_object(fakeConn, net->regid);
    virNetworkDefFree(net->def);
    g_free(net->path);
    g_free(net->bridge);
    g_free(net);
}

/** fakeLookup: the network called or with UUID @str, or NULL. */
static fakeNetwork *
fakeLookup(const char *str)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    bool byUUID = virUUIDParse(str, uuid) == 0;
    size_t i;

    for (i = 0; i < fakeNetworks->len; i++) {
        fakeNetwork *net = g_ptr_array_index(fakeNetworks, i);

        if (byUUID ? memcmp(net->def->uuid, uuid, VIR_UUID_BUFLEN) == 0
                   : strcmp(net->def->name, str) == 0)
            return net;
    }
    return NULL;
}

/** fakeByPath: the network at object path @path, or NULL. */
static fakeNetwork *
fakeByPath(const char *path)
{
    size_t i;

    for (i = 0; i < fakeNetworks->len; i++) {
        fakeNetwork *net = g_ptr_array_index(fakeNetworks, i);

        if (strcmp(net->path, path) == 0)
            return net;
    }
    return NULL;
}

static void
fakeRemove(fakeNetwork *net)
{
    g_ptr_array_remove(fakeNetworks, net);
}

/** fakeError: answers the API error @name with a formatted message. */
static void G_GNUC_PRINTF(3, 4)
fakeError(GDBusMethodInvocation *inv, const char *name, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_dbus_method_invocation_return_dbus_error(inv, name, msg);
}

/** fakeDenied: answers AccessDenied for the "denied*" networks. */
static bool
fakeDenied(GDBusMethodInvocation *inv, const char *what, const char *name)
{
    if (!g_str_has_prefix(name, "denied"))
        return false;
    fakeError(inv, FAKE_ERROR("AccessDenied"),
              "access denied: not authorized to %s network '%s' "
              "(polkit action org.libvirt.networkd.network.manage)", what, name);
    return true;
}

static const GDBusInterfaceVTable fakeNetworkVTable;

/**
 * fakeDefine:
 * DefineNetwork and CreateNetwork: parse, check name and UUID against
 * the others, keep.
 */
static void
fakeDefine(GDBusMethodInvocation *inv, const char *xml, bool create)
{
    g_autoptr(virNetworkDef) def = NULL;
    fakeNetwork *net;
    fakeNetwork *same;
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    g_autoptr(GError) gerr = NULL;
    GDBusNodeInfo *node;
    size_t i;

    if (!(def = virNetworkDefParseString(xml, NULL, 0))) {
        g_dbus_method_invocation_return_dbus_error(inv, FAKE_ERROR("InvalidArgument"),
                                                   virGetLastErrorMessage());
        virResetLastError();
        return;
    }
    if (fakeDenied(inv, create ? "create" : "define", def->name))
        return;
    virUUIDFormat(def->uuid, uuidstr);
    for (i = 0; i < fakeNetworks->len; i++) {
        same = g_ptr_array_index(fakeNetworks, i);
        if ((strcmp(same->def->name, def->name) == 0) !=
            (memcmp(same->def->uuid, def->uuid, VIR_UUID_BUFLEN) == 0)) {
            fakeError(inv, FAKE_ERROR("InvalidArgument"),
              "network '%s' already exists with another name or uuid",
              same->def->name);
            return;
        }
    }
    if ((same = fakeLookup(def->name))) {
        if (create) {
            fakeError(inv, FAKE_ERROR("InvalidArgument"),
              "network '%s' already exists", def->name);
            return;
        }
        virNetworkDefFree(same->def);
        same->def = g_steal_pointer(&def);
        same->persistent = true;
        g_dbus_method_invocation_return_value(inv, g_variant_new("(o)", same->path));
        return;
    }

    net = g_new0(fakeNetwork, 1);
    net->path = g_strdup_printf("%s/%.8s%.4s%.4s%.4s%.12s", VIR_NETWORKD_NETWORK_PATH_BASE,
                                uuidstr, uuidstr + 9, uuidstr + 14, uuidstr + 19, uuidstr + 24);
    net->persistent = !create;
    if (create) {
        net->active = true;
        net->bridge = g_strdup(def->bridge ? def->bridge : "virbr0");
    }
    node = strcmp(def->name, "badprops") == 0 ? fakeBadNode : fakeNode;
    net->def = g_steal_pointer(&def);
    net->regid = g_dbus_connection_register_object(fakeConn, net->path,
                                                   g_dbus_node_info_lookup_interface(node, VIR_NETWORKD_NETWORK_INTERFACE),
                                                   &fakeNetworkVTable, NULL, NULL, &gerr);
    g_assert(net->regid);
    g_ptr_array_add(fakeNetworks, net);
    g_dbus_method_invocation_return_value(inv, g_variant_new("(o)", net->path));
}

/** fakeManagerCall: the Manager's network methods. */
static void
fakeManagerCall(GDBusConnection *conn, const char *sender, const char *path,
                const char *iface, const char *method, GVariant *params,
                GDBusMethodInvocation *inv, gpointer opaque)
{
    if (strcmp(method, "DefineNetwork") == 0 || strcmp(method, "CreateNetwork") == 0) {
        const char *xml;

        g_variant_get(params, "(&s)", &xml);
        fakeDefine(inv, xml, method[0] == 'C');
    } else if (strcmp(method, "ListNetworks") == 0) {
        GVariantBuilder b;
        size_t i;

        g_variant_builder_init(&b, G_VARIANT_TYPE("ao"));
        for (i = 0; i < fakeNetworks->len; i++)
            g_variant_builder_add(&b, "o", ((fakeNetwork *)g_ptr_array_index(fakeNetworks, i))->path);
        g_dbus_method_invocation_return_value(inv, g_variant_new("(ao)", &b));
    } else if (strcmp(method, "LookupNetwork") == 0) {
        const char *name;
        fakeNetwork *net;

        g_variant_get(params, "(&s)", &name);
        if (!(net = fakeLookup(name))) {
            fakeError(inv, FAKE_ERROR("NotFound"),
              "no network with matching name '%s'", name);
            return;
        }
        g_dbus_method_invocation_return_value(inv, g_variant_new("(o)", net->path));
    }
}

/** fakeLeases: the two fixed leases of an active network, or @mac's. */
static GVariant *
fakeLeases(const fakeNetwork *net, const char *mac)
{
    static const struct {
        guint64 expiry;
        const char *mac;
        const char *ip;
        const char *hostname;
        const char *clientId;
    } leases[] = {
        { 1795800600, "52:54:00:aa:00:02", "198.18.100.12", "guest2", "01:52:54:00:aa:00:02" },
        { 1795800000, "52:54:00:aa:00:01", "198.18.100.11", "", "" },
    };
    GVariantBuilder b;
    size_t i;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (i = 0; net->active && i < G_N_ELEMENTS(leases); i++) {
        GVariantBuilder l;

        if (*mac && g_ascii_strcasecmp(mac, leases[i].mac) != 0)
            continue;
        g_variant_builder_init(&l, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&l, "{sv}", "expiry-time", g_variant_new_uint64(leases[i].expiry));
        g_variant_builder_add(&l, "{sv}", "mac", g_variant_new_string(leases[i].mac));
        g_variant_builder_add(&l, "{sv}", "ip-address", g_variant_new_string(leases[i].ip));
        g_variant_builder_add(&l, "{sv}", "prefix", g_variant_new_uint32(24));
        g_variant_builder_add(&l, "{sv}", "hostname", g_variant_new_string(leases[i].hostname));
        g_variant_builder_add(&l, "{sv}", "client-id", g_variant_new_string(leases[i].clientId));
        g_variant_builder_add(&l, "{sv}", "type", g_variant_new_uint32(0));
        g_variant_builder_add(&l, "{sv}", "iface", g_variant_new_string(net->bridge));
        g_variant_builder_add_value(&b, g_variant_builder_end(&l));
    }
    return g_variant_new("(aa{sv})", &b);
}

/** fakeXML: the stored definition, or the live one with the bridge. */
static char *
fakeXML(fakeNetwork *net, guint32 flags)
{
    g_autofree char *saved = net->def->bridge;
    char *xml;

    if ((flags & 1) || !net->active)
        return virNetworkDefFormat(net->def);
    net->def->bridge = g_strdup(net->bridge);
    xml = virNetworkDefFormat(net->def);
    g_free(net->def->bridge);
    net->def->bridge = g_steal_pointer(&saved);
    return xml;
}

/** fakeVerb: how a refusal words the managing @method. */
static const char *
fakeVerb(const char *method)
{
    if (strcmp(method, "SetAutostart") == 0)
        return "change the autostart flag of";
    if (strcmp(method, "Start") == 0)
        return "start";
    if (strcmp(method, "Destroy") == 0)
        return "destroy";
    return "undefine";
}

/** fakeNetworkCall: the Network object's methods. */
static void
fakeNetworkCall(GDBusConnection *conn, const char *sender, const char *path,
                const char *iface, const char *method, GVariant *params,
                GDBusMethodInvocation *inv, gpointer opaque)
{
    fakeNetwork *net = fakeByPath(path);
    const char *name;

    /* an object unregistered during a call may still get the next one */
    if (!net) {
        g_dbus_method_invocation_return_dbus_error(inv, "org.freedesktop.DBus.Error.UnknownObject",
                                                   "no such object");
        return;
    }
    name = net->def->name;

    if (strcmp(method, "GetXMLDesc") == 0) {
        guint32 flags;
        g_autofree char *xml = NULL;

        g_variant_get(params, "(u)", &flags);
        xml = fakeXML(net, flags);
        g_dbus_method_invocation_return_value(inv, g_variant_new("(s)", xml));
        return;
    }
    if (strcmp(method, "GetDHCPLeases") == 0) {
        const char *mac;

        g_variant_get(params, "(&s)", &mac);
        g_dbus_method_invocation_return_value(inv, fakeLeases(net, mac));
        return;
    }

    if (fakeDenied(inv, fakeVerb(method), name))
        return;
    if (strcmp(method, "Start") == 0) {
        if (net->active) {
            fakeError(inv, FAKE_ERROR("InvalidArgument"),
              "network '%s' is already active", name);
            return;
        }
        net->active = true;
        net->bridge = net->def->bridge ? g_strdup(net->def->bridge)
                                       : g_strdup_printf("virbr%u", fakeNextBridge++);
    } else if (strcmp(method, "Destroy") == 0) {
        if (!net->active) {
            fakeError(inv, FAKE_ERROR("InvalidArgument"),
              "network '%s' is not active", name);
            return;
        }
        net->active = false;
        g_clear_pointer(&net->bridge, g_free);
        if (!net->persistent)
            fakeRemove(net);
    } else if (strcmp(method, "Undefine") == 0) {
        if (!net->persistent) {
            fakeError(inv, FAKE_ERROR("InvalidArgument"),
              "network '%s' is not persistent", name);
            return;
        }
        net->persistent = false;
        net->autostart = false;
        if (!net->active)
            fakeRemove(net);
    } else if (strcmp(method, "SetAutostart") == 0) {
        if (!net->persistent) {
            fakeError(inv, FAKE_ERROR("InvalidArgument"),
              "cannot set autostart for transient network '%s'", name);
            return;
        }
        g_variant_get(params, "(b)", &net->autostart);
    }
    g_dbus_method_invocation_return_value(inv, NULL);
}

/** fakeNetworkGet: the Network object's properties. */
static GVariant *
fakeNetworkGet(GDBusConnection *conn, const char *sender, const char *path,
               const char *iface, const char *property, GError **error, gpointer opaque)
{
    fakeNetwork *net = fakeByPath(path);
    char uuid[VIR_UUID_STRING_BUFLEN];

    if (!net) {
        g_set_error_literal(error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT, "no such object");
        return NULL;
    }
    if (strcmp(property, "Name") == 0)
        return g_variant_new_string(net->def->name);
    if (strcmp(property, "UUID") == 0)
        return g_variant_new_string(virUUIDFormat(net->def->uuid, uuid));
    if (strcmp(property, "Active") == 0) {
        if (strcmp(net->def->name, "badprops") == 0)
            return g_variant_new_string("yes");
        return g_variant_new_boolean(net->active);
    }
    if (strcmp(property, "Persistent") == 0)
        return g_variant_new_boolean(net->persistent);
    if (strcmp(property, "Autostart") == 0)
        return g_variant_new_boolean(net->autostart);
    return g_variant_new_string(net->bridge ? net->bridge : "");
}

static const GDBusInterfaceVTable fakeManagerVTable = { .method_call = fakeManagerCall };
static const GDBusInterfaceVTable fakeNetworkVTable = { .method_call = fakeNetworkCall,
                                                        .get_property = fakeNetworkGet };

int
main(void)
{
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GVariant) owned = NULL;
    g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);

    fakeNetworks = g_ptr_array_new_with_free_func((GDestroyNotify)fakeNetworkFree);
    if (!(fakeNode = g_dbus_node_info_new_for_xml(FAKE_INTROSPECTION("b"), &gerr)) ||
        !(fakeBadNode = g_dbus_node_info_new_for_xml(FAKE_INTROSPECTION("s"), &gerr)) ||
        !(fakeConn = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &gerr)) ||
        !g_dbus_connection_register_object(fakeConn, VIR_NETWORKD_OBJECT_PATH,
                                           g_dbus_node_info_lookup_interface(fakeNode, VIR_NETWORKD_MANAGER_INTERFACE),
                                           &fakeManagerVTable, NULL, NULL, &gerr) ||
        !(owned = g_dbus_connection_call_sync(fakeConn, "org.freedesktop.DBus",
                                              "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                              "RequestName",
                                              g_variant_new("(su)", VIR_NETWORKD_BUS_NAME, 4),
                                              G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NONE,
                                              -1, NULL, &gerr))) {
        fprintf(stderr, "networkdfakenetworks: %s\n", gerr ? gerr->message : "?");
        return 1;
    }
    printf("READY\n");
    fflush(stdout);
    g_main_loop_run(loop);
    return 0;
}
