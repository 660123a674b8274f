/*
 * networkd_protocol.c: the D-Bus contract of libvirt-networkd
 *
 * See networkd_protocol.h.  Adding a port field is one row of
 * virNetworkdFields (and its value wherever a switch over virNetworkdField
 * now fails to build); adding an error is one row of virNetworkdErrors.
 */
#include "networkd_protocol.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETWORKD

VIR_ENUM_IMPL(virNetworkdPlug, VIR_NETWORKD_PLUG_LAST,
              "bridge", "network", "direct", "none");

VIR_ENUM_IMPL(virNetworkdDirectMode, VIR_NETWORKD_DIRECT_MODE_LAST,
              "bridge", "vepa", "private", "passthrough");

VIR_ENUM_IMPL(virNetworkdBandwidthKey, VIR_NETWORKD_BANDWIDTH_LAST,
              "average", "peak", "burst", "floor");

VIR_ENUM_IMPL(virNetworkdVirtualport, VIR_NETWORKD_VIRTUALPORT_LAST,
              "", "openvswitch");

#define REQ VIR_NETWORKD_FIELD_IN_REQUEST
#define INFO VIR_NETWORKD_FIELD_IN_INFO
#define STATE VIR_NETWORKD_FIELD_IN_STATE

/* In virNetworkdField order, which is also the order of the Port
 * properties in the introspection XML and of the keys in a record file. */
static const virNetworkdFieldInfo virNetworkdFields[] = {
    [VIR_NETWORKD_FIELD_UUID] = { "uuid", "s", "UUID", INFO | STATE },
    [VIR_NETWORKD_FIELD_UID] = { "uid", "u", "UID", INFO | STATE },
    [VIR_NETWORKD_FIELD_IFNAME] = { "ifname", "s", "IfName", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_IFINDEX] = { "ifindex", "i", NULL, STATE },
    [VIR_NETWORKD_FIELD_PLUG] = { "plug", "s", "Plug", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_BRIDGE] = { "bridge", "s", "Bridge", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_NETWORK] = { "network", "s", "Network", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_DEVICE] = { "device", "s", "Device", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_MODE] = { "mode", "s", "Mode", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_MAC] = { "mac", "s", "Mac", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_HOST_MAC] = { "host-mac", "s", NULL, INFO },
    [VIR_NETWORKD_FIELD_MTU] = { "mtu", "u", "Mtu", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_QUEUES] = { "queues", "u", "Queues", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_VNET_HDR] = { "vnet-hdr", "b", NULL, REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_OWNER_NAME] = { "owner-name", "s", "OwnerName", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_OWNER_UUID] = { "owner-uuid", "s", "OwnerUUID", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_CREATED] = { "created", "t", "Created", INFO | STATE },
    /* plug "direct": the process the macvtap lives with (pid and start
     * time, to find it again after a restart) */
    [VIR_NETWORKD_FIELD_HOLDER_PID] = { "holder-pid", "u", "HolderPID", STATE },
    [VIR_NETWORKD_FIELD_HOLDER_START] = { "holder-start", "t", NULL, STATE },
    /* plug "direct", mode passthrough: the device's own MAC, put back */
    [VIR_NETWORKD_FIELD_LOWER_MAC] = { "lower-mac", "s", NULL, STATE },
    /* bandwidth limits as the domain XML means them (inbound: to the
     * guest), keys "average", "peak" (kilobytes/s), "burst" (KiB),
     * "floor"; in the info and properties: the limits in force */
    [VIR_NETWORKD_FIELD_BANDWIDTH_INBOUND] = {
        "bandwidth-inbound", "a{su}", "BandwidthInbound", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_BANDWIDTH_OUTBOUND] = {
        "bandwidth-outbound", "a{su}", "BandwidthOutbound", REQ | INFO | STATE },
    /* anti-spoofing: "clean-traffic" or building blocks, comma separated,
     * and the addresses the guest may send from; in the info and
     * properties: the filter in force (the administrator's mandatory
     * filter included) */
    [VIR_NETWORKD_FIELD_FILTER] = { "filter", "s", "Filter", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_FILTER_IPS] = { "filter-ips", "as", "FilterIPs", REQ | INFO | STATE },
    /* the IPv4 addresses the filter lets the guest send from, learned
     * from the network's reservation or lease (networkd_learn.c); never
     * requested, never recorded: learned again after a restart */
    [VIR_NETWORKD_FIELD_LEARNED_IPS] = { "learned-ips", "as", "LearnedIPs", INFO },
    [VIR_NETWORKD_FIELD_VIRTUALPORT] = { "virtualport", "s", "VirtualPort", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_INTERFACEID] = { "interfaceid", "s", "InterfaceID", REQ | INFO | STATE },
    [VIR_NETWORKD_FIELD_OVN_SWITCH] = { "ovn-switch", "s", "OvnSwitch", REQ | INFO | STATE },
    /* the northbound database of the port's logical switch when it is
     * not the daemon's (an OVN network's northbound=): never a request
     * key, a caller must not choose which database decides ownership */
    [VIR_NETWORKD_FIELD_OVN_NORTHBOUND] = { "ovn-northbound", "s", NULL, STATE },
    /* the ifb device that shapes what the port's device receives
     * (networkd_portctl.c): the daemon's choice, never requested */
    [VIR_NETWORKD_FIELD_IFB] = { "ifb", "s", NULL, STATE },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virNetworkdFields) == VIR_NETWORKD_FIELD_LAST);

#undef REQ
#undef INFO
#undef STATE

/* The exit status of libvirt-bridge-helper is 1 for every failure
 * (docs/manpages/libvirt-bridge-helper.rst); the column lets a failure
 * get its own status with one edit. */
static const virNetworkdErrorInfo virNetworkdErrors[] = {
    [VIR_NETWORKD_ERROR_ACCESS_DENIED] = {
        VIR_NETWORKD_ERROR_PREFIX "AccessDenied", VIR_ERR_OPERATION_DENIED, 1 },
    [VIR_NETWORKD_ERROR_INVALID_ARGUMENT] = {
        VIR_NETWORKD_ERROR_PREFIX "InvalidArgument", VIR_ERR_INVALID_ARG, 1 },
    [VIR_NETWORKD_ERROR_QUOTA_EXCEEDED] = {
        VIR_NETWORKD_ERROR_PREFIX "QuotaExceeded", VIR_ERR_QUOTA_EXCEEDED, 1 },
    [VIR_NETWORKD_ERROR_NOT_FOUND] = {
        VIR_NETWORKD_ERROR_PREFIX "NotFound", VIR_ERR_NO_NETWORK_PORT, 1 },
    [VIR_NETWORKD_ERROR_NOT_SUPPORTED] = {
        VIR_NETWORKD_ERROR_PREFIX "NotSupported", VIR_ERR_NO_SUPPORT, 1 },
    [VIR_NETWORKD_ERROR_FAILED] = {
        VIR_NETWORKD_ERROR_PREFIX "Failed", VIR_ERR_OPERATION_FAILED, 1 },
    [VIR_NETWORKD_ERROR_NETWORK_ACTIVE] = {
        VIR_NETWORKD_ERROR_PREFIX "NetworkActive", VIR_ERR_NETWORK_ACTIVE, 1 },
    [VIR_NETWORKD_ERROR_NETWORK_INACTIVE] = {
        VIR_NETWORKD_ERROR_PREFIX "NetworkInactive", VIR_ERR_NETWORK_INACTIVE, 1 },
    [VIR_NETWORKD_ERROR_CONFLICT] = {
        VIR_NETWORKD_ERROR_PREFIX "Conflict", VIR_ERR_NETWORK_CONFLICT, 1 },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virNetworkdErrors) == VIR_NETWORKD_ERROR_LAST);

/**
 * virNetworkdFieldGet:
 * Returns the table row of @field (static).
 */
const virNetworkdFieldInfo *
virNetworkdFieldGet(virNetworkdField field)
{
    g_return_val_if_fail(field < VIR_NETWORKD_FIELD_LAST, &virNetworkdFields[0]);
    return &virNetworkdFields[field];
}

/**
 * virNetworkdFieldKey:
 * Returns the request/info/state-file key of @field (static).
 */
const char *
virNetworkdFieldKey(virNetworkdField field)
{
    return virNetworkdFieldGet(field)->key;
}

/**
 * virNetworkdFieldFromKey:
 * @key: a request, info or state-file key (untrusted)
 * @where: virNetworkdFieldPlace bits; the field must appear in one of them
 *
 * Returns the field, or -1 when no field of @where has @key.
 */
int
virNetworkdFieldFromKey(const char *key, unsigned int where)
{
    size_t i;

    for (i = 0; key && i < VIR_NETWORKD_FIELD_LAST; i++) {
        if ((virNetworkdFields[i].where & where) && strcmp(virNetworkdFields[i].key, key) == 0)
            return i;
    }
    return -1;
}

/**
 * virNetworkdFieldFromProperty:
 * Returns the field whose Port property is @property, or -1.
 */
int
virNetworkdFieldFromProperty(const char *property)
{
    size_t i;

    for (i = 0; property && i < VIR_NETWORKD_FIELD_LAST; i++) {
        if (virNetworkdFields[i].property && strcmp(virNetworkdFields[i].property, property) == 0)
            return i;
    }
    return -1;
}

/**
 * virNetworkdBandwidthFormat:
 * @dict: one direction's limits as the bus carries them (a{su})
 *
 * Returns them as text, "key=N,key=N" in the dictionary's order ("" for
 * none): how records, the daemon's configuration and clients write them.
 * The caller frees the result.
 */
char *
virNetworkdBandwidthFormat(GVariant *dict)
{
    GString *out = g_string_new(NULL);
    GVariantIter iter;
    const char *name;
    guint32 value;

    g_variant_iter_init(&iter, dict);
    while (g_variant_iter_next(&iter, "{&su}", &name, &value))
        g_string_append_printf(out, "%s%s=%u", out->len ? "," : "", name, value);
    return g_string_free(out, FALSE);
}

/**
 * virNetworkdErrorGet:
 * Returns the table row of @error (static).
 */
const virNetworkdErrorInfo *
virNetworkdErrorGet(virNetworkdError error)
{
    g_return_val_if_fail(error < VIR_NETWORKD_ERROR_LAST,
                         &virNetworkdErrors[VIR_NETWORKD_ERROR_FAILED]);
    return &virNetworkdErrors[error];
}

/**
 * virNetworkdErrorName:
 * Returns the D-Bus error name of @error (static).
 */
const char *
virNetworkdErrorName(virNetworkdError error)
{
    return virNetworkdErrorGet(error)->name;
}

/**
 * virNetworkdErrorFromName:
 * Returns the API error named @name, or -1 for any other name (the bus's
 * own errors, or a newer daemon's).
 */
int
virNetworkdErrorFromName(const char *name)
{
    size_t i;

    for (i = 0; name && i < VIR_NETWORKD_ERROR_LAST; i++) {
        if (strcmp(virNetworkdErrors[i].name, name) == 0)
            return i;
    }
    return -1;
}

/**
 * virNetworkdErrorFromVirError:
 * @err: an error reported in the daemon, or NULL
 *
 * Returns the API error @err is answered with.  The name is chosen where
 * the error happens: by its code, or — where the code alone would name
 * the wrong error, e.g. a missing bridge, which is an invalid argument
 * to the user and NotFound on the bus — by the name that code set with
 * virNetworkdErrorSetLast().  An error of a host facility with any other
 * code is Failed: the host refused.
 */
virNetworkdError
virNetworkdErrorFromVirError(const virError *err)
{
    size_t i;
    int error;

    if (!err)
        return VIR_NETWORKD_ERROR_FAILED;
    if ((error = virNetworkdErrorFromName(err->detail)) >= 0)
        return error;
    for (i = 0; i < VIR_NETWORKD_ERROR_LAST; i++) {
        if (virNetworkdErrors[i].code == err->code)
            return i;
    }
    return VIR_NETWORKD_ERROR_FAILED;
}

/**
 * virNetworkdErrorSetLast:
 * Names the API error this thread's last error is answered with, when its
 * code would name another (see virNetworkdErrorFromVirError).
 */
void
virNetworkdErrorSetLast(virNetworkdError error)
{
    virErrorSetDetail(virNetworkdErrorName(error));
}

/**
 * virNetworkdErrorHelperExit:
 * @err: the error libvirt-bridge-helper stops on (its own or the daemon's)
 *
 * Returns the helper's exit status for @err.  An error that came over the
 * bus carries its D-Bus name as detail; one raised locally is named by its
 * code, as in the daemon.
 */
int
virNetworkdErrorHelperExit(const virError *err)
{
    return virNetworkdErrorGet(virNetworkdErrorFromVirError(err))->helperExit;
}
