/*
 * networkd_ovsnet.c: virtual networks on Open vSwitch bridges and OVN
 * logical switches
 *
 * Theory of operation (docs/ovn.rst, "OVN networks"):
 *
 *  start      the OVS bridge must exist in the local Open_vSwitch
 *             database (nothing is created on the host); for an OVN
 *             network, the logical switch is made ready in the northbound
 *             database: created when absent and <ovn:switch create='yes'/>,
 *             its other_config:subnet and exclude_ips set from the <ip>'s
 *             DHCP ranges (OVN's IPAM hands out the addresses of the
 *             ranges only), and this host's DHCP_Options row written
 *             (router and server_id: the <ip> address; server_mac: the
 *             network's <mac>; lease_time: the ranges' lease, 3600 s by
 *             default; mtu: the network's <mtu>).
 *  a port     a logical switch port on the switch, owned by the caller
 *             (virOvnNbPortBind through networkd_ovs.c), named
 *             "networkd-<port UUID>", addressed "MAC IP" for a <host>
 *             reservation of its MAC, else "MAC dynamic" when there are
 *             ranges, with the DHCP_Options row as its dhcpv4_options.
 *  stop       this host's DHCP_Options row is deleted and its use of the
 *             subnet released (the last host's release removes it); the
 *             switch stays: other hosts' networks may use it.
 *  restart    start again: every step is idempotent, so a daemon killed
 *             with a running network finds its own rows and updates them.
 *
 * Every value sent to either database passes the OVSDB value gate
 * (virovsvalue.h) in the util functions; the strings built here are
 * formatted from parsed, validated addresses.
 */
#include "networkd_ovsnet.h"

#include <arpa/inet.h>
#include <string.h>

#include "virerror.h"
#include "virnetdevopenvswitch.h"
#include "virovnnbaddr.h"
#include "virovsvalue.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/* OVN's DHCP needs a lease time: upstream's (dnsmasq's) default. */
#define VIR_NETWORKD_OVN_LEASE_DEFAULT 3600

/**
 * virNetworkdOvsNetStringsClear:
 * Frees what @strings owns.
 */
void
virNetworkdOvsNetStringsClear(virNetworkdOvsNetStrings *strings)
{
    g_clear_pointer(&strings->cidr, g_free);
    g_clear_pointer(&strings->router, g_free);
    g_clear_pointer(&strings->serverMac, g_free);
    g_clear_pointer(&strings->leaseTime, g_free);
    g_clear_pointer(&strings->mtu, g_free);
    g_clear_pointer(&strings->excludeIps, g_free);
}

/**
 * virNetworkdOvsNetHost:
 * @addr (IPv4) as a number in host order.
 */
static guint32
virNetworkdOvsNetHost(const virSocketAddr *addr)
{
    return ntohl(addr->in.v4.s_addr);
}

/**
 * virNetworkdOvsNetAppend:
 * Appends the addresses @first..@last (host order) to @out as OVN's
 * exclude_ips writes them ("A" or "A..B"), a space before unless @out is
 * empty.
 */
static void
virNetworkdOvsNetAppend(GString *out, guint32 first, guint32 last)
{
    char a[INET_ADDRSTRLEN];
    char b[INET_ADDRSTRLEN];
    struct in_addr in;

    in.s_addr = htonl(first);
    inet_ntop(AF_INET, &in, a, sizeof(a));
    in.s_addr = htonl(last);
    inet_ntop(AF_INET, &in, b, sizeof(b));
    if (out->len)
        g_string_append_c(out, ' ');
    if (first == last)
        g_string_append(out, a);
    else
        g_string_append_printf(out, "%s..%s", a, b);
}

/**
 * virNetworkdOvsNetInRanges:
 * Whether @n (host order) lies in one of @ip's DHCP ranges.
 */
static bool
virNetworkdOvsNetInRanges(const virNetworkIPDef *ip, guint32 n)
{
    size_t i;

    for (i = 0; i < ip->nranges; i++) {
        if (n >= virNetworkdOvsNetHost(&ip->ranges[i].start) &&
            n <= virNetworkdOvsNetHost(&ip->ranges[i].end))
            return true;
    }
    return false;
}

/**
 * virNetworkdOvsNetRangeCompare:
 * Orders ranges (pairs of host-order numbers) by their start.
 */
static int
virNetworkdOvsNetRangeCompare(const void *a, const void *b)
{
    const guint32 *x = a;
    const guint32 *y = b;

    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/**
 * virNetworkdOvsNetExcludeIps:
 * What OVN's IPAM must not hand out on @ip's subnet (exclude_ips): every
 * address outside the DHCP ranges, and inside them the <ip> address
 * (the DHCP server's) and the <host> reservations (a reserved address
 * must stay free for its MAC).  Returns the list (caller frees), or NULL
 * when nothing is excluded.
 */
static char *
virNetworkdOvsNetExcludeIps(const virNetworkIPDef *ip)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree guint32 *ranges = g_new0(guint32, 2 * ip->nranges + 2);
    virSocketAddr net;
    virSocketAddr bcast;
    guint32 cur;
    guint32 hi;
    size_t i;

    virSocketAddrNetwork(&ip->address, ip->prefix, &net);
    virSocketAddrBroadcast(&ip->address, ip->prefix, &bcast);
    cur = virNetworkdOvsNetHost(&net) + 1;
    hi = virNetworkdOvsNetHost(&bcast) - 1;
    for (i = 0; i < ip->nranges; i++) {
        ranges[2 * i] = virNetworkdOvsNetHost(&ip->ranges[i].start);
        ranges[2 * i + 1] = virNetworkdOvsNetHost(&ip->ranges[i].end);
    }
    /* validation made them disjoint and inside the subnet */
    qsort(ranges, ip->nranges, 2 * sizeof(guint32), virNetworkdOvsNetRangeCompare);
    for (i = 0; i < ip->nranges && cur <= hi; i++) {
        if (ranges[2 * i] > cur)
            virNetworkdOvsNetAppend(out, cur, ranges[2 * i] - 1);
        cur = ranges[2 * i + 1] + 1;
    }
    if (cur <= hi)
        virNetworkdOvsNetAppend(out, cur, hi);
    if (virNetworkdOvsNetInRanges(ip, virNetworkdOvsNetHost(&ip->address)))
        virNetworkdOvsNetAppend(out, virNetworkdOvsNetHost(&ip->address),
                                virNetworkdOvsNetHost(&ip->address));
    for (i = 0; i < ip->nhosts; i++) {
        guint32 n = virNetworkdOvsNetHost(&ip->hosts[i].ip);

        if (virNetworkdOvsNetInRanges(ip, n))
            virNetworkdOvsNetAppend(out, n, n);
    }
    if (out->len == 0)
        return NULL;
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * virNetworkdOvsNetDescribe:
 * @def: an OVN network (virNetworkDefIsOvn)
 * @host: the daemon's host id
 * @strings: receives the strings @out points to (clear with
 *           virNetworkdOvsNetStringsClear)
 * @out: filled for virOvnNbNetworkStart/Stop
 *
 * The northbound picture of @def: its switch and, for an <ip> with
 * <dhcp>, the DHCP options and (with ranges) the IPAM subnet.  Pure.
 */
void
virNetworkdOvsNetDescribe(const virNetworkDef *def, const char *host,
                          virNetworkdOvsNetStrings *strings, virOvnNbNetwork *out)
{
    const virNetworkIPDef *ip = virNetworkDefGetIP(def, AF_INET);
    char addr[VIR_SOCKET_ADDR_STRING_BUFLEN];
    char mac[VIR_MAC_STRING_BUFLEN];
    virSocketAddr net;
    unsigned int lease;

    memset(out, 0, sizeof(*out));
    virUUIDFormat(def->uuid, strings->uuid);
    out->lswitch = def->ovnSwitch;
    out->create = def->ovnSwitchCreate == VIR_NETWORK_TRISTATE_YES;
    out->network = strings->uuid;
    out->host = host;
    if (!ip || (ip->nranges == 0 && ip->nhosts == 0))
        return;

    virSocketAddrNetwork(&ip->address, ip->prefix, &net);
    strings->cidr = g_strdup_printf("%s/%u", virSocketAddrFormat(&net, addr), ip->prefix);
    strings->router = g_strdup(virSocketAddrFormat(&ip->address, addr));
    strings->serverMac = g_strdup(virMacAddrFormat(&def->mac, mac));
    lease = virNetworkIPDefLeaseSeconds(ip);
    strings->leaseTime = g_strdup_printf("%u", lease ? lease : VIR_NETWORKD_OVN_LEASE_DEFAULT);
    if (def->mtu)
        strings->mtu = g_strdup_printf("%u", def->mtu);
    out->cidr = strings->cidr;
    out->router = strings->router;
    out->serverId = strings->router;
    out->serverMac = strings->serverMac;
    out->leaseTime = strings->leaseTime;
    out->mtu = strings->mtu;
    if (ip->nranges == 0)
        return;
    strings->excludeIps = virNetworkdOvsNetExcludeIps(ip);
    out->subnet = strings->cidr;
    out->excludeIps = strings->excludeIps;
}

/**
 * virNetworkdOvsNetPortAddresses:
 * The addresses of a logical port the daemon creates on @def for @mac:
 * "MAC IP" when a <host> reserves an address for @mac, "MAC dynamic"
 * when the network has DHCP ranges (OVN's IPAM picks one), else NULL
 * (the MAC alone, no DHCP).  Caller frees.  Pure.
 */
char *
virNetworkdOvsNetPortAddresses(const virNetworkDef *def, const virMacAddr *mac)
{
    const virNetworkIPDef *ip = virNetworkDefIsOvn(def) ? virNetworkDefGetIP(def, AF_INET) : NULL;
    char macstr[VIR_MAC_STRING_BUFLEN];
    char addr[VIR_SOCKET_ADDR_STRING_BUFLEN];
    size_t i;

    if (!ip)
        return NULL;
    virMacAddrFormat(mac, macstr);
    for (i = 0; i < ip->nhosts; i++) {
        if (ip->hosts[i].hasMac && virMacAddrEqual(&ip->hosts[i].mac, mac))
            return g_strdup_printf("%s %s", macstr, virSocketAddrFormat(&ip->hosts[i].ip, addr));
    }
    if (ip->nranges > 0)
        return g_strdup_printf("%s dynamic", macstr);
    return NULL;
}

/**
 * virNetworkdOvsNetBridge:
 * Checks that @def's OVS bridge exists.  Returns 1, 0 (it does not: an
 * error is reported), or -1 with an error reported.
 */
static int
virNetworkdOvsNetBridge(virNetworkdOvs *ovs, const virNetworkDef *def)
{
    virNetDevOpenvswitchDb db;
    int rc;

    virNetworkdOvsGetDb(ovs, &db);
    if ((rc = virNetDevOpenvswitchBridgeExists(&db, def->bridge)) == 0)
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("network '%1$s': Open vSwitch bridge '%2$s' does not exist"),
                       def->name, def->bridge);
    return rc;
}

/**
 * virNetworkdOvsNetGetNb:
 * Fills @nb with @def's northbound database: the one its <ovn:switch>
 * names, else the daemon's (socketPath NULL: none).
 */
static void
virNetworkdOvsNetGetNb(const virNetworkdOvs *ovs, const virNetworkDef *def, virOvnNbDb *nb)
{
    virNetworkdOvsGetNb(ovs, nb);
    if (def->ovnNorthbound)
        nb->socketPath = virOvsdbAddressSocketPath(def->ovnNorthbound);
}

/**
 * virNetworkdOvsNetStart:
 * @ovs: the daemon's OVS and OVN settings
 * @def: a live network definition with <virtualport type='openvswitch'/>
 * @dhcpOptions: set to its DHCP_Options row's UUID (caller frees), or NULL
 *
 * Starts @def (see the theory of operation); a daemon restarting with
 * @def running calls it again.  Returns 0, or -1 with an error reported.
 */
int
virNetworkdOvsNetStart(virNetworkdOvs *ovs, const virNetworkDef *def, char **dhcpOptions)
{
    virNetworkdOvsNetStrings strings = { 0 };
    virOvnNbNetwork net;
    virOvnNbDb nb;
    int ret;

    *dhcpOptions = NULL;
    if (!ovs) {
        virReportError(VIR_ERR_NO_SUPPORT, "%s",
                       _("Open vSwitch networks are not available in this daemon"));
        return -1;
    }
    if (virNetworkdOvsNetBridge(ovs, def) <= 0)
        return -1;
    if (!virNetworkDefIsOvn(def))
        return 0;
    virNetworkdOvsNetGetNb(ovs, def, &nb);
    if (!nb.socketPath) {
        virReportError(VIR_ERR_NO_SUPPORT,
                       _("network '%1$s': no OVN northbound database is configured (ovn_nb_address)"),
                       def->name);
        return -1;
    }
    virNetworkdOvsNetDescribe(def, virNetworkdOvsHostId(ovs), &strings, &net);
    ret = virOvnNbNetworkStart(&nb, &net, dhcpOptions);
    if (ret == 0)
        virNetworkdOvsReconcileNb(ovs, nb.socketPath);
    virNetworkdOvsNetStringsClear(&strings);
    return ret;
}

/**
 * virNetworkdOvsNetStop:
 * Stops @def: undoes what virNetworkdOvsNetStart() made in the
 * northbound database (nothing on the host).  Returns 0, or -1 with an
 * error reported.
 */
int
virNetworkdOvsNetStop(virNetworkdOvs *ovs, const virNetworkDef *def)
{
    virNetworkdOvsNetStrings strings = { 0 };
    virOvnNbNetwork net;
    virOvnNbDb nb;
    int ret;

    if (!ovs || !virNetworkDefIsOvn(def))
        return 0;
    virNetworkdOvsNetGetNb(ovs, def, &nb);
    if (!nb.socketPath)
        return 0;
    virNetworkdOvsNetDescribe(def, virNetworkdOvsHostId(ovs), &strings, &net);
    ret = virOvnNbNetworkStop(&nb, &net);
    virNetworkdOvsNetStringsClear(&strings);
    return ret;
}

/**
 * virNetworkdOvsNetLeases:
 * @ovs: the daemon's OVS and OVN settings
 * @def: a running OVN network
 * @leases: set to a new array (free with virDnsmasqLeaseListFree)
 * @nleases: set to its length
 *
 * The addresses OVN's DHCP hands out on @def's logical switch, across
 * every host, as leases: OVN keeps no lease, so an address is its
 * logical port's while the port exists, and the expiry is 0 (none).
 * Returns 0, or -1 with an error reported.
 */
int
virNetworkdOvsNetLeases(virNetworkdOvs *ovs, const virNetworkDef *def,
                        virDnsmasqLease **leases, size_t *nleases)
{
    g_autoptr(GPtrArray) addrs = NULL;
    virOvnNbDb nb;
    guint i;

    *leases = NULL;
    *nleases = 0;
    if (!ovs || !virNetworkDefIsOvn(def))
        return 0;
    virNetworkdOvsNetGetNb(ovs, def, &nb);
    if (virOvnNbSwitchAddresses(&nb, def->ovnSwitch, &addrs) < 0)
        return -1;
    *leases = g_new0(virDnsmasqLease, addrs->len);
    for (i = 0; i < addrs->len; i++) {
        const virOvnNbAddress *addr = g_ptr_array_index(addrs, i);

        (*leases)[i].hasMac = true;
        (*leases)[i].mac = addr->mac;
        (*leases)[i].ip = addr->ip;
    }
    *nleases = addrs->len;
    return 0;
}
