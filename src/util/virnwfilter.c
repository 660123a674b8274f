/*
 * virnwfilter.c: anti-spoofing filters of ports (nftables bridge family,
 * libnftables)
 *
 * Theory of operation
 *
 * A guest owns one port of a bridge.  What it writes into its tap enters
 * the bridge through that port, so every frame it sends passes the
 * bridge family's prerouting hook with the port as input interface,
 * whether it is then forwarded to another port or delivered to the host.
 * The daemon's table "bridge libvirt_networkd_filter" has one base chain
 * there, "prerouting", holding a single rule: "iifname vmap @ports".
 * The map sends each filtered port's frames to that port's own chain,
 * "port_IFNAME"; frames of unfiltered ports cost one map lookup.  Adding,
 * replacing or removing a port's filter is one transaction on its chain,
 * its set and its map element alone; other tables (a host firewall, the
 * daemon's inet table of networks) are never read or changed.
 *
 * The IPv4 addresses a port may send from are the elements of a named
 * set, "port_IFNAME_v4", which the IP and ARP rules look up.  So the
 * address of a guest can change — the daemon learns it from a DHCP
 * lease — by replacing the set's elements in one transaction
 * (virNWFilterPortSetAddrs) while the chain stays as it is.
 *
 * A port's chain drops what its building blocks forbid and otherwise
 * returns (the frame goes on).  In this order:
 *
 *   no-mac-spoofing      source MAC is not the guest's
 *   (any of the next     802.1Q/802.1ad tagged frames: the IP and ARP
 *    three)              matches below read untagged frames only, so a
 *                        tag would carry anything past them
 *   allow-dhcp           DHCP server traffic (UDP from port 67, DHCPv6
 *                        from 547): a rogue server on the bridge
 *   no-ip-spoofing,      DHCP client requests from 0.0.0.0 accepted
 *   allow-dhcp
 *   no-ip-spoofing       IPv4 from any address but the set's (none when
 *                        it is empty); IPv4 that got this far returns
 *                        (no later rule drops it); IPv6 from any but the guest's,
 *                        "::" (DAD) and fe80::/10, or all IPv6 when the
 *                        guest has none
 *   no-arp-spoofing      ARP whose sender MAC is not the guest's, whose
 *                        sender IP is neither in the set nor 0.0.0.0
 *                        (probes), that is not a request or reply, or
 *                        whose address lengths are not Ethernet/IPv4
 *   no-other-l2-traffic  anything but IPv4, ARP, and IPv6 when the guest
 *                        has IPv6 addresses
 *
 * These are upstream nwfilter's meanings for what the guest sends
 * (upstream's clean-traffic does not include allow-dhcp; here it does,
 * so a guest on a clean-traffic port cannot answer DHCP).  Frames
 * towards the guest are not filtered.
 *
 * Rule text is built only from values of virNWFilterPortCheck(): an
 * interface name of [A-Za-z0-9_.-] (quoted, and part of the chain name),
 * a unicast MAC formatted by virMacAddrFormat(), addresses formatted by
 * inet_ntop() from virSocketAddr, and constants.
 */
#include "virnwfilter.h"

#include <string.h>

#include "virerror.h"
#include "virnftables.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

#define VIR_NWFILTER_BIT(b) (1u << (b))
#define VIR_NWFILTER_CMD_PREFIX " bridge " VIR_NWFILTER_TABLE " "

/**
 * virNWFilterPortCheck:
 * @port: a port's filter
 *
 * The one gate of every value that becomes rule text: the interface
 * name (virNftablesIfnameCheck), a unicast non-zero MAC, at most
 * VIR_NWFILTER_IPS_MAX addresses, each a set IPv4 or IPv6 address that
 * is not unspecified, multicast or broadcast, known building blocks
 * only, at least one.  Returns 0, or -1 with an error reported
 * (VIR_ERR_INVALID_ARG).
 */
int
virNWFilterPortCheck(const virNWFilterPort *port)
{
    char mac[VIR_MAC_STRING_BUFLEN];
    size_t i;

    if (virNftablesIfnameCheck(_("port name"), port->ifname) < 0)
        return -1;
    if (!virMacAddrIsUnicast(&port->mac) || virMacAddrIsZero(&port->mac)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("filter of '%1$s': MAC '%2$s' is not a unicast address"),
                       port->ifname, virMacAddrFormat(&port->mac, mac));
        return -1;
    }
    if (port->blocks == 0 || (port->blocks & ~VIR_NWFILTER_CLEAN_TRAFFIC) != 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("filter of '%1$s': invalid building blocks 0x%2$x"),
                       port->ifname, port->blocks);
        return -1;
    }
    if (port->nips > VIR_NWFILTER_IPS_MAX || (port->nips > 0 && !port->ips)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("filter of '%1$s': at most %2$u addresses"),
                       port->ifname, VIR_NWFILTER_IPS_MAX);
        return -1;
    }
    for (i = 0; i < port->nips; i++) {
        if (!virNWFilterAddrIsUnicast(&port->ips[i])) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("filter of '%1$s': address %2$zu is not a unicast IPv4 or IPv6 address"),
                           port->ifname, i);
            return -1;
        }
    }
    return 0;
}

/**
 * virNWFilterAddrList:
 * The addresses of @family among @ips, comma separated; "" when there
 * are none.  Caller frees.
 */
static char *
virNWFilterAddrList(const virSocketAddr *ips, size_t nips, int family)
{
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i;

    for (i = 0; i < nips; i++) {
        char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];

        if (ips[i].family != family)
            continue;
        if (out->len > 0)
            g_string_append(out, ", ");
        g_string_append(out, virSocketAddrFormat(&ips[i], buf));
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * virNWFilterRules:
 * Appends the rule bodies of @port's chain to @rules (checked @port).
 */
static void
virNWFilterRules(const virNWFilterPort *port, GPtrArray *rules)
{
    unsigned int b = port->blocks;
    char mac[VIR_MAC_STRING_BUFLEN];
    g_autofree char *v6 = virNWFilterAddrList(port->ips, port->nips, AF_INET6);
    bool ipv6 = *v6 != '\0';

    virMacAddrFormat(&port->mac, mac);
    if (b & VIR_NWFILTER_BIT(VIR_NWFILTER_NO_MAC_SPOOFING))
        g_ptr_array_add(rules, g_strdup_printf("ether saddr != %s drop", mac));
    if (b & (VIR_NWFILTER_BIT(VIR_NWFILTER_NO_IP_SPOOFING) |
             VIR_NWFILTER_BIT(VIR_NWFILTER_NO_ARP_SPOOFING) |
             VIR_NWFILTER_BIT(VIR_NWFILTER_ALLOW_DHCP)))
        g_ptr_array_add(rules, g_strdup("ether type { 8021q, 8021ad } drop"));
    if (b & VIR_NWFILTER_BIT(VIR_NWFILTER_ALLOW_DHCP)) {
        g_ptr_array_add(rules, g_strdup("ether type ip udp sport 67 drop"));
        g_ptr_array_add(rules, g_strdup("ether type ip6 udp sport 547 drop"));
    }
    if (b & (VIR_NWFILTER_BIT(VIR_NWFILTER_NO_IP_SPOOFING) |
             VIR_NWFILTER_BIT(VIR_NWFILTER_ALLOW_DHCP)))
        g_ptr_array_add(rules, g_strdup("ip saddr 0.0.0.0 ip daddr 255.255.255.255 "
                                        "udp sport 68 udp dport 67 accept"));
    if (b & VIR_NWFILTER_BIT(VIR_NWFILTER_NO_IP_SPOOFING))
        g_ptr_array_add(rules, g_strdup_printf("ip saddr != @port_%s_v4 drop", port->ifname));
    /* no rule below drops IPv4: a guest's ordinary traffic leaves the
     * chain here instead of passing the IPv6, ARP and L2 rules too */
    if (b & (VIR_NWFILTER_BIT(VIR_NWFILTER_NO_IP_SPOOFING) |
             VIR_NWFILTER_BIT(VIR_NWFILTER_NO_ARP_SPOOFING) |
             VIR_NWFILTER_BIT(VIR_NWFILTER_NO_OTHER_L2_TRAFFIC)))
        g_ptr_array_add(rules, g_strdup("ether type ip return"));
    if (b & VIR_NWFILTER_BIT(VIR_NWFILTER_NO_IP_SPOOFING)) {
        if (ipv6)
            g_ptr_array_add(rules, g_strdup_printf("ip6 saddr != { ::, fe80::/10, %s } drop", v6));
        else
            g_ptr_array_add(rules, g_strdup("ether type ip6 drop"));
    }
    if (b & VIR_NWFILTER_BIT(VIR_NWFILTER_NO_ARP_SPOOFING)) {
        g_ptr_array_add(rules, g_strdup("arp hlen != 6 drop"));
        g_ptr_array_add(rules, g_strdup("arp plen != 4 drop"));
        g_ptr_array_add(rules, g_strdup("arp operation != { request, reply } drop"));
        g_ptr_array_add(rules, g_strdup_printf("arp saddr ether != %s drop", mac));
        /* probes (sender 0.0.0.0) pass: DAD before the guest has an address */
        g_ptr_array_add(rules, g_strdup_printf("arp saddr ip != 0.0.0.0 arp saddr ip != @port_%s_v4 drop",
                                               port->ifname));
    }
    if (b & VIR_NWFILTER_BIT(VIR_NWFILTER_NO_OTHER_L2_TRAFFIC))
        g_ptr_array_add(rules, g_strdup_printf("ether type != { ip, arp%s } drop",
                                               ipv6 ? ", ip6" : ""));
}

/**
 * virNWFilterPortHasSet:
 * Whether @blocks look the port's addresses up in its IPv4 set.
 */
static bool
virNWFilterPortHasSet(unsigned int blocks)
{
    return (blocks & (VIR_NWFILTER_BIT(VIR_NWFILTER_NO_IP_SPOOFING) |
                      VIR_NWFILTER_BIT(VIR_NWFILTER_NO_ARP_SPOOFING))) != 0;
}

/**
 * virNWFilterSetElementsFormat:
 * Appends the commands that make @ifname's IPv4 set hold exactly the
 * IPv4 addresses of @ips (checked values): a flush and an add, which
 * the one transaction they run in makes a single change.
 */
static void
virNWFilterSetElementsFormat(GString *out, const char *ifname,
                             const virSocketAddr *ips, size_t nips)
{
    g_autofree char *v4 = virNWFilterAddrList(ips, nips, AF_INET);

    g_string_append_printf(out, "flush set" VIR_NWFILTER_CMD_PREFIX "port_%s_v4\n", ifname);
    if (*v4)
        g_string_append_printf(out, "add element" VIR_NWFILTER_CMD_PREFIX "port_%s_v4 { %s }\n",
                               ifname, v4);
}

/**
 * virNWFilterTableFormat:
 * Appends the commands that make the table, the map and the base chain
 * exist with their one rule (replacing the rule, so a changed base
 * chain is repaired by any port's add).
 */
static void
virNWFilterTableFormat(GString *out)
{
    g_string_append(out,
                    "add table bridge " VIR_NWFILTER_TABLE "\n"
                    "add map" VIR_NWFILTER_CMD_PREFIX "ports { type ifname : verdict; }\n"
                    "add chain" VIR_NWFILTER_CMD_PREFIX "prerouting"
                    " { type filter hook prerouting priority filter; policy accept; }\n"
                    "flush chain" VIR_NWFILTER_CMD_PREFIX "prerouting\n"
                    "add rule" VIR_NWFILTER_CMD_PREFIX "prerouting iifname vmap @ports\n");
}

/**
 * virNWFilterPortFormat:
 * @port: a port's filter
 *
 * Returns the nftables script that gives @port its chain, replacing
 * whatever rules it had, and enters it in the map (caller frees); NULL
 * with an error reported when @port does not pass the gate.
 */
char *
virNWFilterPortFormat(const virNWFilterPort *port)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    if (virNWFilterPortCheck(port) < 0)
        return NULL;
    virNWFilterRules(port, rules);
    virNWFilterTableFormat(out);
    /* the set before the rules that name it */
    if (virNWFilterPortHasSet(port->blocks)) {
        g_string_append_printf(out, "add set" VIR_NWFILTER_CMD_PREFIX "port_%s_v4 { type ipv4_addr; }\n",
                               port->ifname);
        virNWFilterSetElementsFormat(out, port->ifname, port->ips, port->nips);
    }
    g_string_append_printf(out, "add chain" VIR_NWFILTER_CMD_PREFIX "port_%s\n", port->ifname);
    g_string_append_printf(out, "flush chain" VIR_NWFILTER_CMD_PREFIX "port_%s\n", port->ifname);
    for (i = 0; i < rules->len; i++)
        g_string_append_printf(out, "add rule" VIR_NWFILTER_CMD_PREFIX "port_%s %s\n",
                               port->ifname, (const char *)g_ptr_array_index(rules, i));
    g_string_append_printf(out, "add element" VIR_NWFILTER_CMD_PREFIX "ports { \"%s\" : jump port_%s }\n",
                           port->ifname, port->ifname);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * virNWFilterPortRemoveFormat:
 * @ifname: the port
 *
 * Returns the script that removes @ifname's map element, chain and set,
 * whether they exist or not (all are added first, so deleting them
 * cannot fail; the chain goes before the set its rules name); NULL with
 * an error for an invalid name.  Caller frees.
 */
char *
virNWFilterPortRemoveFormat(const char *ifname)
{
    if (virNftablesIfnameCheck(_("port name"), ifname) < 0)
        return NULL;
    return g_strdup_printf("add table bridge " VIR_NWFILTER_TABLE "\n"
                           "add map" VIR_NWFILTER_CMD_PREFIX "ports { type ifname : verdict; }\n"
                           "add set" VIR_NWFILTER_CMD_PREFIX "port_%s_v4 { type ipv4_addr; }\n"
                           "add chain" VIR_NWFILTER_CMD_PREFIX "port_%s\n"
                           "add element" VIR_NWFILTER_CMD_PREFIX "ports { \"%s\" : jump port_%s }\n"
                           "delete element" VIR_NWFILTER_CMD_PREFIX "ports { \"%s\" }\n"
                           "delete chain" VIR_NWFILTER_CMD_PREFIX "port_%s\n"
                           "delete set" VIR_NWFILTER_CMD_PREFIX "port_%s_v4\n",
                           ifname, ifname, ifname, ifname, ifname, ifname, ifname);
}

/**
 * virNWFilterPortAdd:
 * @port: a port's filter
 *
 * Applies (or replaces, or restores after a daemon restart) @port's
 * filter in one transaction.  Returns 0, or -1 with an error reported.
 */
int
virNWFilterPortAdd(const virNWFilterPort *port)
{
    g_autofree char *script = virNWFilterPortFormat(port);

    if (!script)
        return -1;
    return virNftablesRun(script, NULL, false);
}

/**
 * virNWFilterPortRemove:
 * @ifname: the port
 *
 * Removes the port's filter in one transaction; a port without one is
 * not an error.  Returns 0, or -1 with an error reported.
 */
int
virNWFilterPortRemove(const char *ifname)
{
    g_autofree char *script = virNWFilterPortRemoveFormat(ifname);

    if (!script)
        return -1;
    return virNftablesRun(script, NULL, false);
}

/**
 * virNWFilterAddrsCheck:
 * @ifname: a filtered port
 * @ips: the IPv4 addresses it may send from
 * @nips: their number
 *
 * The gate of a change of addresses: the interface name as
 * virNWFilterPortCheck takes it, at most VIR_NWFILTER_IPS_MAX
 * addresses, each a unicast IPv4 address.  Returns 0, or -1 with an
 * error reported (VIR_ERR_INVALID_ARG).
 */
int
virNWFilterAddrsCheck(const char *ifname, const virSocketAddr *ips, size_t nips)
{
    size_t i;

    if (virNftablesIfnameCheck(_("port name"), ifname) < 0)
        return -1;
    if (nips > VIR_NWFILTER_IPS_MAX || (nips > 0 && !ips)) {
        virReportError(VIR_ERR_INVALID_ARG, _("filter of '%1$s': at most %2$u addresses"),
                       ifname, VIR_NWFILTER_IPS_MAX);
        return -1;
    }
    for (i = 0; i < nips; i++) {
        if (ips[i].family != AF_INET || !virNWFilterAddrIsUnicast(&ips[i])) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("filter of '%1$s': address %2$zu is not a unicast IPv4 address"),
                           ifname, i);
            return -1;
        }
    }
    return 0;
}

/**
 * virNWFilterPortAddrsFormat:
 * @ifname: a port whose filter has an IPv4 set (no-ip-spoofing or
 *          no-arp-spoofing)
 * @ips, @nips: the IPv4 addresses it may send from from now on
 *
 * Returns the script that replaces the set's elements with @ips (caller
 * frees); NULL with an error when the values do not pass
 * virNWFilterAddrsCheck.
 */
char *
virNWFilterPortAddrsFormat(const char *ifname, const virSocketAddr *ips, size_t nips)
{
    g_autoptr(GString) out = g_string_new(NULL);

    if (virNWFilterAddrsCheck(ifname, ips, nips) < 0)
        return NULL;
    virNWFilterSetElementsFormat(out, ifname, ips, nips);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * virNWFilterPortSetAddrs:
 * Replaces the IPv4 addresses @ifname may send from, in one transaction
 * on its set alone (its chain is not touched).  A port without such a
 * set is an error, and so the set is never made here.  Returns 0, or -1
 * with an error reported.
 */
int
virNWFilterPortSetAddrs(const char *ifname, const virSocketAddr *ips, size_t nips)
{
    g_autofree char *script = virNWFilterPortAddrsFormat(ifname, ips, nips);

    if (!script)
        return -1;
    return virNftablesRun(script, NULL, false);
}
