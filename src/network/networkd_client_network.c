/*
 * networkd_client_network.c: the virtual networks of libvirt-networkd,
 * client side
 *
 * See networkd_client_network.h.  Each call takes the shared system-bus
 * connection (virNetworkdClientConnect), makes its method call and reads
 * the Network object's properties where the caller gets a
 * virNetworkdNetworkInfo.  What the daemon sends is checked for type:
 * a reply of the wrong shape is an internal error, never a crash.
 */
#include "networkd_client_network.h"
#include "virerror.h"
#include "virxml.h"

#include <stddef.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/**
 * virNetworkdNetworkInfoFree:
 * @net: network description (may be NULL)
 */
void
virNetworkdNetworkInfoFree(virNetworkdNetworkInfo *net)
{
    if (!net)
        return;
    g_free(net->path);
    g_free(net->name);
    g_free(net->uuid);
    g_free(net->bridge);
    g_free(net);
}


/**
 * virNetworkdLeaseFree:
 * @lease: lease (may be NULL)
 */
void
virNetworkdLeaseFree(virNetworkdLease *lease)
{
    if (!lease)
        return;
    g_free(lease->mac);
    g_free(lease->ipAddress);
    g_free(lease->hostname);
    g_free(lease->clientId);
    g_free(lease->iface);
    g_free(lease);
}


/* A member of a struct filled from an a{sv}: the key, its D-Bus type
 * ("s", "b", "u" or "t") and where it goes. */
typedef struct {
    const char *key;
    const char *type;
    size_t offset;
} virNetworkdClientMember;

static const virNetworkdClientMember virNetworkdNetworkProperties[] = {
    { "Name", "s", offsetof(virNetworkdNetworkInfo, name) },
    { "UUID", "s", offsetof(virNetworkdNetworkInfo, uuid) },
    { "Active", "b", offsetof(virNetworkdNetworkInfo, active) },
    { "Persistent", "b", offsetof(virNetworkdNetworkInfo, persistent) },
    { "Autostart", "b", offsetof(virNetworkdNetworkInfo, autostart) },
    { "Bridge", "s", offsetof(virNetworkdNetworkInfo, bridge) },
};

static const virNetworkdClientMember virNetworkdLeaseKeys[] = {
    { "expiry-time", "t", offsetof(virNetworkdLease, expiryTime) },
    { "mac", "s", offsetof(virNetworkdLease, mac) },
    { "ip-address", "s", offsetof(virNetworkdLease, ipAddress) },
    { "prefix", "u", offsetof(virNetworkdLease, prefix) },
    { "hostname", "s", offsetof(virNetworkdLease, hostname) },
    { "client-id", "s", offsetof(virNetworkdLease, clientId) },
    { "type", "u", offsetof(virNetworkdLease, type) },
    { "iface", "s", offsetof(virNetworkdLease, iface) },
};


/**
 * virNetworkdClientFillMembers:
 * @obj: the struct to fill
 * @members: its members, @nmembers of them
 * @dict: the daemon's a{sv}
 * @what: what @dict is, for the error message
 *
 * Copies each member from @dict; a missing string becomes "", a missing
 * number or flag stays 0.  Unknown keys are ignored (a newer daemon may
 * send more).  Returns 0, or -1 with an error reported when a value has
 * another type than the API says.
 */
static int
virNetworkdClientFillMembers(void *obj,
                             const virNetworkdClientMember *members,
                             size_t nmembers,
                             GVariant *dict,
                             const char *what)
{
    size_t i;

    for (i = 0; i < nmembers; i++) {
        char *member = (char *)obj + members[i].offset;
        g_autoptr(GVariant) value = g_variant_lookup_value(dict, members[i].key, NULL);

        if (value && !g_variant_is_of_type(value, G_VARIANT_TYPE(members[i].type))) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("libvirt-networkd sent %1$s '%2$s' as %3$s, expected %4$s"),
                           what, members[i].key, g_variant_get_type_string(value),
                           members[i].type);
            return -1;
        }
        switch (members[i].type[0]) {
        case 's':
            g_free(*(char **)member);
            *(char **)member = g_strdup(value ? g_variant_get_string(value, NULL) : "");
            break;
        case 'b':
            *(bool *)member = value && g_variant_get_boolean(value);
            break;
        case 'u':
            *(guint32 *)member = value ? g_variant_get_uint32(value) : 0;
            break;
        case 't':
            *(guint64 *)member = value ? g_variant_get_uint64(value) : 0;
            break;
        }
    }
    return 0;
}


/**
 * virNetworkdClientNetworkCall:
 * @conn: bus connection
 * @path: object path (the Manager's or a Network's)
 * @iface: its interface
 * @method: the method
 * @params: its arguments (a floating reference is consumed; NULL for none)
 * @replyType: the reply's type
 * @op, @subject: for the error message
 *
 * Returns the reply (caller unrefs) or NULL with an error reported.
 */
static GVariant *
virNetworkdClientNetworkCall(GDBusConnection *conn,
                             const char *path,
                             const char *iface,
                             const char *method,
                             GVariant *params,
                             const GVariantType *replyType,
                             virNetworkdClientOp op,
                             const char *subject)
{
    g_autoptr(GError) gerr = NULL;
    GVariant *reply;

    reply = g_dbus_connection_call_sync(conn, VIR_NETWORKD_BUS_NAME, path, iface, method,
                                        params, replyType, G_DBUS_CALL_FLAGS_NONE, -1,
                                        NULL, &gerr);
    if (!reply)
        virNetworkdClientReportGError(op, subject, gerr);
    return reply;
}


/**
 * virNetworkdNetworkFetch:
 * @conn: bus connection
 * @path: a Network object path
 * @op, @subject: for error messages
 *
 * Reads every property of the Network object at @path.  Returns a new
 * description (caller frees) or NULL with an error reported.
 */
static virNetworkdNetworkInfo *
virNetworkdNetworkFetch(GDBusConnection *conn,
                        const char *path,
                        virNetworkdClientOp op,
                        const char *subject)
{
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariant) props = NULL;
    g_autoptr(virNetworkdNetworkInfo) net = g_new0(virNetworkdNetworkInfo, 1);

    if (!(reply = virNetworkdClientNetworkCall(conn, path, VIR_NETWORKD_PROPERTIES_INTERFACE,
                                               "GetAll",
                                               g_variant_new("(s)", VIR_NETWORKD_NETWORK_INTERFACE),
                                               G_VARIANT_TYPE("(a{sv})"), op, subject)))
        return NULL;
    props = g_variant_get_child_value(reply, 0);

    net->path = g_strdup(path);
    if (virNetworkdClientFillMembers(net, virNetworkdNetworkProperties,
                                     G_N_ELEMENTS(virNetworkdNetworkProperties),
                                     props, _("network property")) < 0)
        return NULL;
    return g_steal_pointer(&net);
}


/**
 * virNetworkdNetworkManagerCall:
 * @method: a Manager method returning one object path
 * @arg: its one string argument
 * @op, @subject: for error messages
 *
 * Calls @method(@arg) and reads the properties of the network it returns.
 * Returns a new description (caller frees) or NULL with an error reported.
 */
static virNetworkdNetworkInfo *
virNetworkdNetworkManagerCall(const char *method,
                              const char *arg,
                              virNetworkdClientOp op,
                              const char *subject)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GVariant) reply = NULL;
    const char *path;

    if (!(conn = virNetworkdClientConnect()))
        return NULL;
    if (!(reply = virNetworkdClientNetworkCall(conn, VIR_NETWORKD_OBJECT_PATH,
                                               VIR_NETWORKD_MANAGER_INTERFACE, method,
                                               g_variant_new("(s)", arg),
                                               G_VARIANT_TYPE("(o)"), op, subject)))
        return NULL;
    g_variant_get(reply, "(&o)", &path);
    return virNetworkdNetworkFetch(conn, path, op, subject);
}


/**
 * virNetworkdNetworkXMLName:
 * @xml: network XML
 *
 * Returns the network's <name> for error messages (caller frees), or NULL
 * when @xml does not say; the daemon reports what is wrong with it.
 */
static char *
virNetworkdNetworkXMLName(const char *xml)
{
    xmlDoc *doc;
    xmlNode *root;
    xmlNode *child;
    char *name = NULL;

    if (!(doc = virXMLParseString(xml, NULL, strlen(xml) + 1))) {
        virResetLastError();
        return NULL;
    }
    root = xmlDocGetRootElement(doc);
    for (child = virXMLChildElement(root); child && !name; child = virXMLNextElement(child)) {
        if (virXMLNodeNameEqual(child, "name"))
            name = virXMLNodeContentString(child);
    }
    xmlFreeDoc(doc);
    return name;
}


/**
 * virNetworkdNetworkDefine:
 * @xml: network XML (upstream's format)
 *
 * Defines a persistent network, or changes the stored definition of the
 * one with the same name and UUID (a running network keeps running as it
 * was until its next start).  Returns its description (caller frees) or
 * NULL with an error reported.
 */
virNetworkdNetworkInfo *
virNetworkdNetworkDefine(const char *xml)
{
    g_autofree char *name = virNetworkdNetworkXMLName(xml);

    return virNetworkdNetworkManagerCall("DefineNetwork", xml,
                                         VIR_NETWORKD_CLIENT_OP_NET_DEFINE, name);
}


/**
 * virNetworkdNetworkCreate:
 * @xml: network XML
 *
 * Defines and starts a transient network, gone when it stops.  Returns
 * its description (caller frees) or NULL with an error reported.
 */
virNetworkdNetworkInfo *
virNetworkdNetworkCreate(const char *xml)
{
    g_autofree char *name = virNetworkdNetworkXMLName(xml);

    return virNetworkdNetworkManagerCall("CreateNetwork", xml,
                                         VIR_NETWORKD_CLIENT_OP_NET_CREATE, name);
}


/**
 * virNetworkdNetworkLookup:
 * @nameOrUUID: a network's name, or its UUID
 *
 * Returns the network's description (caller frees) or NULL with an error
 * reported (VIR_ERR_NO_NETWORK when there is none).
 */
virNetworkdNetworkInfo *
virNetworkdNetworkLookup(const char *nameOrUUID)
{
    return virNetworkdNetworkManagerCall("LookupNetwork", nameOrUUID,
                                         VIR_NETWORKD_CLIENT_OP_NET_LOOKUP, nameOrUUID);
}


/**
 * virNetworkdNetworkList:
 *
 * Lists every network the daemon keeps (anyone may).  A network that is
 * removed while it is being listed is left out.  Returns a new array of
 * virNetworkdNetworkInfo in the daemon's order (freeing the array frees
 * them), or NULL with an error reported.
 */
GPtrArray *
virNetworkdNetworkList(void)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariantIter) iter = NULL;
    g_autoptr(GPtrArray) nets = NULL;
    const char *path;

    if (!(conn = virNetworkdClientConnect()))
        return NULL;
    if (!(reply = virNetworkdClientNetworkCall(conn, VIR_NETWORKD_OBJECT_PATH,
                                               VIR_NETWORKD_MANAGER_INTERFACE, "ListNetworks",
                                               NULL, G_VARIANT_TYPE("(ao)"),
                                               VIR_NETWORKD_CLIENT_OP_NET_LIST, NULL)))
        return NULL;

    nets = g_ptr_array_new_with_free_func((GDestroyNotify)virNetworkdNetworkInfoFree);
    g_variant_get(reply, "(ao)", &iter);
    while (g_variant_iter_next(iter, "&o", &path)) {
        virNetworkdNetworkInfo *net;

        if (!(net = virNetworkdNetworkFetch(conn, path, VIR_NETWORKD_CLIENT_OP_NET_LIST, NULL))) {
            /* undefined between ListNetworks and GetAll: not an error */
            if (virGetLastErrorCode() == VIR_ERR_NO_NETWORK ||
                g_strcmp0(virGetLastError()->detail,
                          "org.freedesktop.DBus.Error.UnknownObject") == 0) {
                virResetLastError();
                continue;
            }
            return NULL;
        }
        g_ptr_array_add(nets, net);
    }
    return g_steal_pointer(&nets);
}


/**
 * virNetworkdNetworkObjectCall:
 * @net: the network
 * @method: a Network method returning nothing
 * @params: its arguments (floating, consumed; NULL for none)
 * @op: for the error message
 *
 * Returns 0, or -1 with an error reported.
 */
static int
virNetworkdNetworkObjectCall(const virNetworkdNetworkInfo *net,
                             const char *method,
                             GVariant *params,
                             virNetworkdClientOp op)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariant) args = params ? g_variant_ref_sink(params) : NULL;

    if (!(conn = virNetworkdClientConnect()))
        return -1;
    if (!(reply = virNetworkdClientNetworkCall(conn, net->path, VIR_NETWORKD_NETWORK_INTERFACE,
                                               method, args,
                                               G_VARIANT_TYPE_UNIT, op, net->name)))
        return -1;
    return 0;
}


/**
 * virNetworkdNetworkStart:
 * @net: a defined, inactive network
 * Returns 0, or -1 with an error reported.
 */
int
virNetworkdNetworkStart(const virNetworkdNetworkInfo *net)
{
    return virNetworkdNetworkObjectCall(net, "Start", NULL, VIR_NETWORKD_CLIENT_OP_NET_START);
}


/**
 * virNetworkdNetworkDestroy:
 * @net: an active network
 *
 * Stops it (a transient network is gone after).
 * Returns 0, or -1 with an error reported.
 */
int
virNetworkdNetworkDestroy(const virNetworkdNetworkInfo *net)
{
    return virNetworkdNetworkObjectCall(net, "Destroy", NULL, VIR_NETWORKD_CLIENT_OP_NET_DESTROY);
}


/**
 * virNetworkdNetworkUndefine:
 * @net: a persistent network
 *
 * Removes the stored definition; an active network keeps running as a
 * transient one.  Returns 0, or -1 with an error reported.
 */
int
virNetworkdNetworkUndefine(const virNetworkdNetworkInfo *net)
{
    return virNetworkdNetworkObjectCall(net, "Undefine", NULL,
                                        VIR_NETWORKD_CLIENT_OP_NET_UNDEFINE);
}


/**
 * virNetworkdNetworkSetAutostart:
 * @net: a persistent network
 * @autostart: start it whenever the daemon starts
 * Returns 0, or -1 with an error reported.
 */
int
virNetworkdNetworkSetAutostart(const virNetworkdNetworkInfo *net, bool autostart)
{
    return virNetworkdNetworkObjectCall(net, "SetAutostart", g_variant_new("(b)", autostart),
                                        VIR_NETWORKD_CLIENT_OP_NET_AUTOSTART);
}


/**
 * virNetworkdNetworkGetXMLDesc:
 * @net: the network
 * @flags: virNetworkdNetworkXMLFlags
 *
 * Returns the live XML (with the bridge and MAC the daemon chose), or the
 * stored definition with VIR_NETWORKD_NETWORK_XML_INACTIVE; a new string
 * (caller frees), or NULL with an error reported.
 */
char *
virNetworkdNetworkGetXMLDesc(const virNetworkdNetworkInfo *net, unsigned int flags)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GVariant) reply = NULL;
    char *xml = NULL;

    if (!(conn = virNetworkdClientConnect()))
        return NULL;
    if (!(reply = virNetworkdClientNetworkCall(conn, net->path, VIR_NETWORKD_NETWORK_INTERFACE,
                                               "GetXMLDesc", g_variant_new("(u)", flags),
                                               G_VARIANT_TYPE("(s)"),
                                               VIR_NETWORKD_CLIENT_OP_NET_GET_XML, net->name)))
        return NULL;
    g_variant_get(reply, "(s)", &xml);
    return xml;
}


/**
 * virNetworkdNetworkGetDHCPLeases:
 * @net: the network
 * @mac: only the leases of this MAC, or NULL / "" for all
 *
 * The daemon returns the leases of the caller's own ports on @net, or all
 * of them to root and holders of org.libvirt.networkd.network.leases-any.
 * Returns a new array of virNetworkdLease in the daemon's order (freeing
 * the array frees them), or NULL with an error reported.
 */
GPtrArray *
virNetworkdNetworkGetDHCPLeases(const virNetworkdNetworkInfo *net, const char *mac)
{
    g_autoptr(GDBusConnection) conn = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariantIter) iter = NULL;
    g_autoptr(GPtrArray) leases = NULL;
    GVariant *dict;

    if (!(conn = virNetworkdClientConnect()))
        return NULL;
    if (!(reply = virNetworkdClientNetworkCall(conn, net->path, VIR_NETWORKD_NETWORK_INTERFACE,
                                               "GetDHCPLeases",
                                               g_variant_new("(s)", mac ? mac : ""),
                                               G_VARIANT_TYPE("(aa{sv})"),
                                               VIR_NETWORKD_CLIENT_OP_NET_LEASES, net->name)))
        return NULL;

    leases = g_ptr_array_new_with_free_func((GDestroyNotify)virNetworkdLeaseFree);
    g_variant_get(reply, "(aa{sv})", &iter);
    while ((dict = g_variant_iter_next_value(iter))) {
        g_autoptr(GVariant) owned = dict;
        g_autoptr(virNetworkdLease) lease = g_new0(virNetworkdLease, 1);

        if (virNetworkdClientFillMembers(lease, virNetworkdLeaseKeys,
                                         G_N_ELEMENTS(virNetworkdLeaseKeys),
                                         owned, _("lease field")) < 0)
            return NULL;
        g_ptr_array_add(leases, g_steal_pointer(&lease));
    }
    return g_steal_pointer(&leases);
}
