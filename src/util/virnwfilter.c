/*
 * virnwfilter.c: anti-spoofing filters and policers of ports (nftables
 * bridge family, libnftables)
 *
 * Theory of operation
 *
 * A guest owns one port of a bridge.  What it writes into its tap enters
 * the bridge through that port, so every frame it sends passes the
 * bridge family's prerouting hook with the port as input interface,
 * whether it is then forwarded to another port or delivered to the host.
 * The daemon's table "bridge libvirt_networkd_filter" has one base chain
 * there, "prerouting", holding a single rule: "iifname vmap @ports".
 * Frames of unfiltered ports cost that one map lookup.
 *
 * The rules are not a port's own: there is one chain per combination of
 * building blocks ("blocks_1f" for clean-traffic; "blocks_1f_ip6" for a
 * guest with IPv6 addresses, where that changes the rules).  What makes
 * them a port's is a handful of elements keyed by the port's name:
 *
 *   map ports  ifname : verdict          the chain of its combination
 *   set macs   ifname . ether_addr       the guest's MAC
 *   set v4     ifname . ipv4_addr        the IPv4 addresses it may send from
 *   set v6     ifname . ipv6_addr        its IPv6 addresses
 *
 * and a rule reads "iifname . ether saddr != @macs drop".  Filtering a
 * port, changing its addresses (the daemon learns them from DHCP leases:
 * virNWFilterPortSetAddrs) and removing it are each one transaction of a
 * few elements.  Writing a chain and a set per port, as this file did
 * first, cost five times as much and grew with the number of ports
 * (libnftables reads every chain and set of the table before each
 * transaction).  Other tables (a host firewall, the daemon's inet table
 * of networks) are never read or changed.
 *
 * The same table polices what guests send, for the ports whose
 * <outbound> bandwidth is a plain average (virNetDevBandwidthPolice):
 * a limit object per port, "police_IFNAME", with "rate over RATE
 * bytes/second burst BURST bytes", and its element in
 *
 *   map limits ifname : limit            the port's limit object
 *
 * read by the base chain's first rule, "limit name iifname map @limits
 * drop": a frame that finds the port's bucket empty is dropped before
 * the filter sees it, as upstream's ingress policer drops it before the
 * bridge.  A port not in the map does not match (the lookup fails).
 * A policer is a port's elements like its filter's, changed and removed
 * in the same transactions; a port may have either or both.
 *
 * Elements are removed by value, so the file keeps what the table holds
 * per port (virNWFilterKernel.held): read from the kernel, as a JSON
 * listing, at the first use in a network namespace — after a restart,
 * what the previous run left — and kept up to date by every transaction.
 * A transaction is the difference between what a port holds and what it
 * should hold, in one step: nothing when they agree, and never a moment
 * without the port's filter when they differ.  The first transaction of
 * a run also rewrites the base chain, and the first of each combination
 * its chain (a flush and its rules, in the same step), so rules someone
 * changed behind the daemon's back are repaired by the next start; a
 * transaction that fails (the table was deleted meanwhile) is tried
 * once more after the kernel is read again.
 *
 * Port names are not reused while elements of the name may remain: the
 * daemon names taps after a counter that only grows during a run, and
 * virNWFilterPortsPrune removes, after a restart, the elements of ports
 * that did not survive it, and then the chains and sets of an earlier
 * layout of the table (a chain and a set per port) once no port's map
 * element jumps to one of them.
 *
 * A combination's chain drops what its building blocks forbid and
 * otherwise returns (the frame goes on).  In this order:
 *
 *   no-mac-spoofing      source MAC is not the guest's
 *   (any of the next     802.1Q/802.1ad tagged frames: the IP and ARP
 *    three)              matches below read untagged frames only, so a
 *                        tag would carry anything past them
 *   allow-dhcp           DHCP server traffic (UDP from port 67, DHCPv6
 *                        from 547): a rogue server on the bridge
 *   no-ip-spoofing,      DHCP client requests from 0.0.0.0 accepted
 *   allow-dhcp
 *   no-ip-spoofing       IPv4 from any address but the port's in "v4"
 *                        (none when it has none); IPv4 that got this far returns
 *                        (no later rule drops it); IPv6 from any but the guest's,
 *                        "::" (DAD) and fe80::/10, or all IPv6 when the
 *                        guest has none
 *   no-arp-spoofing      ARP whose sender MAC is not the guest's, whose
 *                        sender IP is neither the port's nor 0.0.0.0
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
 * Rule text is constants and the combination's bits; element text is
 * built only from values of virNWFilterPortCheck() or parsed into typed
 * values (virnwfilterheld.c): an interface name of [A-Za-z0-9_.-]
 * (quoted), a MAC formatted by virMacAddrFormat(), addresses formatted
 * by inet_ntop() from virSocketAddr.
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
    if ((port->blocks == 0 && port->police.rate == 0) ||
        (port->blocks & ~VIR_NWFILTER_CLEAN_TRAFFIC) != 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("filter of '%1$s': invalid building blocks 0x%2$x"),
                       port->ifname, port->blocks);
        return -1;
    }
    if (port->police.rate > 0 && !virNWFilterPoliceIsValid(&port->police)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("policer of '%1$s': rate %2$llu and burst %3$u bytes out of range"),
                       port->ifname, (unsigned long long)port->police.rate,
                       port->police.burst);
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

/* The value of a bit of @b (a virNWFilterBlock) in @blocks. */
#define VIR_NWFILTER_HAS(blocks, b) (((blocks) & VIR_NWFILTER_BIT(b)) != 0)

/**
 * virNWFilterBlocksUseIP6:
 * Whether the guest having IPv6 addresses or not changes the rules of
 * @blocks (no-ip-spoofing, no-other-l2-traffic).
 */
static bool
virNWFilterBlocksUseIP6(unsigned int blocks)
{
    return VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_IP_SPOOFING) ||
           VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_OTHER_L2_TRAFFIC);
}

/**
 * virNWFilterBlocksUseV4:
 * Whether the rules of @blocks look the port's IPv4 addresses up.
 */
static bool
virNWFilterBlocksUseV4(unsigned int blocks)
{
    return VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_IP_SPOOFING) ||
           VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_ARP_SPOOFING);
}

/**
 * virNWFilterChainName:
 * Writes the name of the chain of @blocks for a guest with (@ip6) or
 * without IPv6 addresses into @buf: "blocks_XX", with "_ip6" where that
 * changes the rules.
 */
static void
virNWFilterChainName(unsigned int blocks, bool ip6, char buf[VIR_NWFILTER_CHAIN_BUFLEN])
{
    g_snprintf(buf, VIR_NWFILTER_CHAIN_BUFLEN, "blocks_%02x%s", blocks,
               ip6 && virNWFilterBlocksUseIP6(blocks) ? "_ip6" : "");
}

/**
 * virNWFilterPortHasIP6:
 * Whether @port's guest has IPv6 addresses.
 */
static bool
virNWFilterPortHasIP6(const virNWFilterPort *port)
{
    size_t i;

    for (i = 0; i < port->nips; i++) {
        if (port->ips[i].family == AF_INET6)
            return true;
    }
    return false;
}

/**
 * virNWFilterRules:
 * Appends the rule bodies of the chain of @blocks for a guest with
 * (@ip6) or without IPv6 addresses to @rules.
 */
static void
virNWFilterRules(unsigned int blocks, bool ip6, GPtrArray *rules)
{
    if (VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_MAC_SPOOFING))
        g_ptr_array_add(rules, g_strdup("iifname . ether saddr != @macs drop"));
    if (VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_IP_SPOOFING) ||
        VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_ARP_SPOOFING) ||
        VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_ALLOW_DHCP))
        g_ptr_array_add(rules, g_strdup("ether type { 8021q, 8021ad } drop"));
    if (VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_ALLOW_DHCP)) {
        g_ptr_array_add(rules, g_strdup("ether type ip udp sport 67 drop"));
        g_ptr_array_add(rules, g_strdup("ether type ip6 udp sport 547 drop"));
    }
    if (VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_IP_SPOOFING) ||
        VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_ALLOW_DHCP))
        g_ptr_array_add(rules, g_strdup("ip saddr 0.0.0.0 ip daddr 255.255.255.255 "
                                        "udp sport 68 udp dport 67 accept"));
    if (VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_IP_SPOOFING))
        g_ptr_array_add(rules, g_strdup("iifname . ip saddr != @v4 drop"));
    /* no rule below drops IPv4: a guest's ordinary traffic leaves the
     * chain here instead of passing the IPv6, ARP and L2 rules too */
    if (VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_IP_SPOOFING) ||
        VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_ARP_SPOOFING) ||
        VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_OTHER_L2_TRAFFIC))
        g_ptr_array_add(rules, g_strdup("ether type ip return"));
    if (VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_IP_SPOOFING)) {
        if (ip6)
            g_ptr_array_add(rules, g_strdup("ip6 saddr != { ::, fe80::/10 } "
                                            "iifname . ip6 saddr != @v6 drop"));
        else
            g_ptr_array_add(rules, g_strdup("ether type ip6 drop"));
    }
    if (VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_ARP_SPOOFING)) {
        g_ptr_array_add(rules, g_strdup("arp hlen != 6 drop"));
        g_ptr_array_add(rules, g_strdup("arp plen != 4 drop"));
        g_ptr_array_add(rules, g_strdup("arp operation != { request, reply } drop"));
        g_ptr_array_add(rules, g_strdup("iifname . arp saddr ether != @macs drop"));
        /* probes (sender 0.0.0.0) pass: DAD before the guest has an address */
        g_ptr_array_add(rules, g_strdup("arp saddr ip != 0.0.0.0 "
                                        "iifname . arp saddr ip != @v4 drop"));
    }
    if (VIR_NWFILTER_HAS(blocks, VIR_NWFILTER_NO_OTHER_L2_TRAFFIC))
        g_ptr_array_add(rules, g_strdup_printf("ether type != { ip, arp%s } drop",
                                               ip6 ? ", ip6" : ""));
}

/**
 * virNWFilterTableFormat:
 * Appends the commands that make the table, its map, its sets and its
 * base chain exist, the base chain with exactly its one rule.
 */
static void
virNWFilterTableFormat(GString *out)
{
    g_string_append(out,
                    "add table bridge " VIR_NWFILTER_TABLE "\n"
                    "add map" VIR_NWFILTER_CMD_PREFIX "ports { type ifname : verdict; }\n"
                    "add set" VIR_NWFILTER_CMD_PREFIX "macs { type ifname . ether_addr; }\n"
                    "add set" VIR_NWFILTER_CMD_PREFIX "v4 { type ifname . ipv4_addr; }\n"
                    "add set" VIR_NWFILTER_CMD_PREFIX "v6 { type ifname . ipv6_addr; }\n"
                    "add map" VIR_NWFILTER_CMD_PREFIX "limits { type ifname : limit; }\n"
                    "add chain" VIR_NWFILTER_CMD_PREFIX "prerouting"
                    " { type filter hook prerouting priority filter; policy accept; }\n"
                    "flush chain" VIR_NWFILTER_CMD_PREFIX "prerouting\n"
                    "add rule" VIR_NWFILTER_CMD_PREFIX "prerouting limit name iifname map @limits drop\n"
                    "add rule" VIR_NWFILTER_CMD_PREFIX "prerouting iifname vmap @ports\n");
}

/**
 * virNWFilterChainFormat:
 * Appends the commands that make the chain of @blocks (with or without
 * @ip6) exist with exactly its rules.
 */
static void
virNWFilterChainFormat(GString *out, unsigned int blocks, bool ip6)
{
    g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func(g_free);
    char chain[VIR_NWFILTER_CHAIN_BUFLEN];
    size_t i;

    virNWFilterChainName(blocks, ip6, chain);
    virNWFilterRules(blocks, ip6 && virNWFilterBlocksUseIP6(blocks), rules);
    g_string_append_printf(out, "add chain" VIR_NWFILTER_CMD_PREFIX "%s\n", chain);
    g_string_append_printf(out, "flush chain" VIR_NWFILTER_CMD_PREFIX "%s\n", chain);
    for (i = 0; i < rules->len; i++)
        g_string_append_printf(out, "add rule" VIR_NWFILTER_CMD_PREFIX "%s %s\n",
                               chain, (const char *)g_ptr_array_index(rules, i));
}

/**
 * virNWFilterAddrsDiffFormat:
 * Appends "VERB element ... SET { "IFNAME" . VALUE, ... }" for every
 * address of @from of @family that @other (or NULL) does not hold.
 */
static void
virNWFilterAddrsDiffFormat(GString *out, const char *verb, const char *ifname,
                           const virNWFilterElements *from, const virNWFilterElements *other,
                           int family)
{
    bool first = true;
    size_t i;

    for (i = 0; from && i < from->ips->len; i++) {
        const virSocketAddr *ip = &g_array_index(from->ips, virSocketAddr, i);
        char buf[VIR_SOCKET_ADDR_STRING_BUFLEN];

        if (ip->family != family || virNWFilterElementsHasIP(other, ip))
            continue;
        g_string_append_printf(out, first ? "%s element" VIR_NWFILTER_CMD_PREFIX "%s { " : ", ",
                               verb, family == AF_INET ? "v4" : "v6");
        g_string_append_printf(out, "\"%s\" . %s", ifname, virSocketAddrFormat(ip, buf));
        first = false;
    }
    if (!first)
        g_string_append(out, " }\n");
}

/**
 * virNWFilterPoliceSame:
 * Whether @held and @want (each may be NULL) have the same policer, or
 * both none; a held one of unknown values (rate 0) is never the same.
 */
static bool
virNWFilterPoliceSame(const virNWFilterElements *held, const virNWFilterElements *want)
{
    bool heldHas = held && held->hasPolice;
    bool wantHas = want && want->hasPolice;

    if (!heldHas || !wantHas)
        return heldHas == wantHas;
    return held->police.rate > 0 && held->police.rate == want->police.rate &&
           held->police.burst == want->police.burst;
}

/**
 * virNWFilterElementsDiffFormat:
 * Appends the commands that turn @ifname's elements from @held (or
 * NULL: none) into @want (or NULL: none), removals first, touching only
 * what differs; nothing when they agree.
 */
static void
virNWFilterElementsDiffFormat(GString *out, const char *ifname,
                              const virNWFilterElements *held, const virNWFilterElements *want)
{
    char mac[VIR_MAC_STRING_BUFLEN];
    bool sameChain = g_strcmp0(held ? held->chain : "", want ? want->chain : "") == 0;
    bool sameMac = (held && held->hasMac) == (want && want->hasMac) &&
                   (!held || !held->hasMac || virMacAddrEqual(&held->mac, &want->mac));
    bool samePolice = virNWFilterPoliceSame(held, want);

    /* the policer: its map element before its object, which the
     * element holds */
    virNWFilterPoliceMap heldMap = held ? held->policeMap : VIR_NWFILTER_POLICE_MAP_NONE;

    if (heldMap != VIR_NWFILTER_POLICE_MAP_NONE &&
        (!samePolice || heldMap == VIR_NWFILTER_POLICE_MAP_FOREIGN))
        g_string_append_printf(out, "delete element" VIR_NWFILTER_CMD_PREFIX "limits { \"%s\" }\n",
                               ifname);
    if (held && held->hasPolice && !samePolice)
        g_string_append_printf(out, "delete limit" VIR_NWFILTER_CMD_PREFIX
                               VIR_NWFILTER_POLICE_PREFIX "%s\n", ifname);
    if (held && held->chain[0] && !sameChain)
        g_string_append_printf(out, "delete element" VIR_NWFILTER_CMD_PREFIX "ports { \"%s\" }\n",
                               ifname);
    if (held && held->hasMac && !sameMac)
        g_string_append_printf(out, "delete element" VIR_NWFILTER_CMD_PREFIX "macs { \"%s\" . %s }\n",
                               ifname, virMacAddrFormat(&held->mac, mac));
    virNWFilterAddrsDiffFormat(out, "delete", ifname, held, want, AF_INET);
    virNWFilterAddrsDiffFormat(out, "delete", ifname, held, want, AF_INET6);
    /* the addresses and the MAC before the map element that puts the
     * rules reading them in force */
    virNWFilterAddrsDiffFormat(out, "add", ifname, want, held, AF_INET);
    virNWFilterAddrsDiffFormat(out, "add", ifname, want, held, AF_INET6);
    if (want && want->hasMac && !sameMac)
        g_string_append_printf(out, "add element" VIR_NWFILTER_CMD_PREFIX "macs { \"%s\" . %s }\n",
                               ifname, virMacAddrFormat(&want->mac, mac));
    if (want && want->chain[0] && !sameChain)
        g_string_append_printf(out, "add element" VIR_NWFILTER_CMD_PREFIX "ports { \"%s\" : jump %s }\n",
                               ifname, want->chain);
    if (want && want->hasPolice && !samePolice)
        g_string_append_printf(out, "add limit" VIR_NWFILTER_CMD_PREFIX VIR_NWFILTER_POLICE_PREFIX
                               "%s { rate over %llu bytes/second burst %u bytes }\n",
                               ifname, (unsigned long long)want->police.rate, want->police.burst);
    if (want && want->hasPolice && (!samePolice || heldMap != VIR_NWFILTER_POLICE_MAP_OURS))
        g_string_append_printf(out, "add element" VIR_NWFILTER_CMD_PREFIX "limits { \"%s\" : \""
                               VIR_NWFILTER_POLICE_PREFIX "%s\" }\n", ifname, ifname);
}

/**
 * virNWFilterPortElements:
 * @port: a port's filter that passed virNWFilterPortCheck
 *
 * Returns the elements @port's filter consists of (caller frees): the
 * chain of its combination, its MAC, the addresses its rules look up.
 */
virNWFilterElements *
virNWFilterPortElements(const virNWFilterPort *port)
{
    virNWFilterElements *elems = virNWFilterElementsNew();
    size_t i;

    if (port->police.rate > 0) {
        elems->hasPolice = true;
        elems->police = port->police;
        elems->policeMap = VIR_NWFILTER_POLICE_MAP_OURS;
    }
    if (port->blocks == 0)
        return elems;
    virNWFilterChainName(port->blocks, virNWFilterPortHasIP6(port), elems->chain);
    elems->hasMac = true;
    elems->mac = port->mac;
    for (i = 0; i < port->nips; i++) {
        const virSocketAddr *ip = &port->ips[i];

        if ((ip->family == AF_INET ? virNWFilterBlocksUseV4(port->blocks)
                                   : VIR_NWFILTER_HAS(port->blocks, VIR_NWFILTER_NO_IP_SPOOFING)) &&
            !virNWFilterElementsHasIP(elems, ip))
            g_array_append_val(elems->ips, *ip);
    }
    return elems;
}

/**
 * virNWFilterPortFormat:
 * @port: a port's filter
 * @held: what the table holds for the port now, or NULL for nothing
 * @flags: virNWFilterFormatFlags: what else to (re)write
 *
 * Returns the nftables script that gives @port its filter, replacing
 * what it held, in one transaction ("" when nothing changes; caller
 * frees); NULL with an error reported when @port does not pass the gate.
 */
char *
virNWFilterPortFormat(const virNWFilterPort *port, const virNWFilterElements *held,
                      unsigned int flags)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(virNWFilterElements) want = NULL;

    if (virNWFilterPortCheck(port) < 0)
        return NULL;
    want = virNWFilterPortElements(port);
    if (flags & VIR_NWFILTER_FORMAT_TABLE)
        virNWFilterTableFormat(out);
    if ((flags & VIR_NWFILTER_FORMAT_CHAIN) && port->blocks)
        virNWFilterChainFormat(out, port->blocks, virNWFilterPortHasIP6(port));
    virNWFilterElementsDiffFormat(out, port->ifname, held, want);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * virNWFilterPortRemoveFormat:
 * @ifname: the port
 * @held: what the table holds for it, or NULL for nothing
 *
 * Returns the script that removes @ifname's elements ("" when it holds
 * none; caller frees); NULL with an error for an invalid name.
 */
char *
virNWFilterPortRemoveFormat(const char *ifname, const virNWFilterElements *held)
{
    g_autoptr(GString) out = g_string_new(NULL);

    if (virNftablesIfnameCheck(_("port name"), ifname) < 0)
        return NULL;
    virNWFilterElementsDiffFormat(out, ifname, held, NULL);
    return g_string_free(g_steal_pointer(&out), FALSE);
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
 * virNWFilterAddrsElements:
 * Returns @held (a filtered port's elements) with its IPv4 addresses
 * replaced by @ips (checked IPv4 addresses).  Caller frees.
 */
static virNWFilterElements *
virNWFilterAddrsElements(const virNWFilterElements *held, const virSocketAddr *ips, size_t nips)
{
    virNWFilterElements *want = virNWFilterElementsCopy(held);
    size_t i;

    for (i = want->ips->len; i-- > 0;) {
        if (g_array_index(want->ips, virSocketAddr, i).family == AF_INET)
            g_array_remove_index(want->ips, i);
    }
    for (i = 0; i < nips; i++) {
        if (!virNWFilterElementsHasIP(want, &ips[i]))
            g_array_append_val(want->ips, ips[i]);
    }
    return want;
}

/**
 * virNWFilterPortAddrsFormat:
 * @ifname: a port whose filter looks IPv4 addresses up (no-ip-spoofing
 *          or no-arp-spoofing)
 * @held: what the table holds for it
 * @ips, @nips: the IPv4 addresses it may send from from now on
 *
 * Returns the script that replaces its IPv4 elements with @ips ("" when
 * they are the same; caller frees); NULL with an error when the values
 * do not pass virNWFilterAddrsCheck.
 */
char *
virNWFilterPortAddrsFormat(const char *ifname, const virNWFilterElements *held,
                           const virSocketAddr *ips, size_t nips)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(virNWFilterElements) want = NULL;

    if (virNWFilterAddrsCheck(ifname, ips, nips) < 0)
        return NULL;
    want = virNWFilterAddrsElements(held, ips, nips);
    virNWFilterElementsDiffFormat(out, ifname, held, want);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* What the table of the process's network namespace holds, as far as
 * this file knows: everything below is under @lock. */
static struct {
    GMutex lock;
    bool loaded;                /* @held was read from the kernel */
    dev_t nsDev;                /* ... of this network namespace */
    ino_t nsIno;
    bool tableWritten;          /* the base chain was written since */
    GHashTable *chains;         /* names of the chains written since */
    GHashTable *held;           /* port name -> virNWFilterElements */
    GArray *stale;              /* virNWFilterStale: of an earlier layout */
} virNWFilterKernel;

/**
 * virNWFilterKernelLoad:
 * With the lock held: makes virNWFilterKernel describe the table of the
 * calling thread's network namespace, reading it from the kernel when it
 * was not read yet, was read in another namespace, or a transaction
 * failed since.  Returns 0, or -1 with an error reported.
 */
static int
virNWFilterKernelLoad(void)
{
    g_autofree char *json = NULL;
    g_autoptr(GArray) stale = g_array_new(FALSE, FALSE, sizeof(virNWFilterStale));
    GHashTable *held;
    dev_t dev;
    ino_t ino;

    if (virNftablesNetnsGet(&dev, &ino) < 0)
        return -1;
    if (virNWFilterKernel.loaded && dev == virNWFilterKernel.nsDev && ino == virNWFilterKernel.nsIno)
        return 0;
    /* no table yet: nothing held */
    if (virNftablesRunJSON("list table bridge " VIR_NWFILTER_TABLE "\n", &json, true) < 0) {
        held = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)virNWFilterElementsFree);
    } else if (!(held = virNWFilterElementsParse(json, stale))) {
        return -1;
    }
    g_clear_pointer(&virNWFilterKernel.stale, g_array_unref);
    virNWFilterKernel.stale = g_steal_pointer(&stale);
    g_clear_pointer(&virNWFilterKernel.held, g_hash_table_unref);
    virNWFilterKernel.held = held;
    if (!virNWFilterKernel.chains)
        virNWFilterKernel.chains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_remove_all(virNWFilterKernel.chains);
    virNWFilterKernel.tableWritten = false;
    virNWFilterKernel.nsDev = dev;
    virNWFilterKernel.nsIno = ino;
    virNWFilterKernel.loaded = true;
    return 0;
}

/* The change of one port's elements: sets @want to what the port is to
 * hold (NULL: nothing) and @flags to what else the script writes
 * (virNWFilterFormatFlags), and returns the script from @held to it, or
 * NULL with an error reported.  Called with the lock held. */
typedef char *(*virNWFilterPlanFunc)(const char *ifname, const virNWFilterElements *held,
                                     const void *data, virNWFilterElements **want,
                                     unsigned int *flags);

/**
 * virNWFilterPlanFilter:
 * virNWFilterPlanFunc of virNWFilterPortAdd: @data is the port's filter.
 * The first filter of a run also writes the table, the first of a
 * combination its chain.
 */
static char *
virNWFilterPlanFilter(const char *ifname G_GNUC_UNUSED, const virNWFilterElements *held,
                      const void *data, virNWFilterElements **want, unsigned int *flags)
{
    const virNWFilterPort *port = data;

    *want = virNWFilterPortElements(port);
    *flags = 0;
    if (!virNWFilterKernel.tableWritten)
        *flags |= VIR_NWFILTER_FORMAT_TABLE;
    if ((*want)->chain[0] && !g_hash_table_contains(virNWFilterKernel.chains, (*want)->chain))
        *flags |= VIR_NWFILTER_FORMAT_CHAIN;
    return virNWFilterPortFormat(port, held, *flags);
}

/* virNWFilterPlanAddrs's data */
typedef struct {
    const virSocketAddr *ips;
    size_t nips;
} virNWFilterAddrs;

/**
 * virNWFilterPlanAddrs:
 * virNWFilterPlanFunc of virNWFilterPortSetAddrs: @data is a
 * virNWFilterAddrs.  A port without a filter is an error.
 */
static char *
virNWFilterPlanAddrs(const char *ifname, const virNWFilterElements *held,
                     const void *data, virNWFilterElements **want, unsigned int *flags)
{
    const virNWFilterAddrs *addrs = data;

    *flags = 0;
    if (!held || !held->chain[0]) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("port '%1$s' has no filter whose addresses could change"), ifname);
        return NULL;
    }
    *want = virNWFilterAddrsElements(held, addrs->ips, addrs->nips);
    return virNWFilterPortAddrsFormat(ifname, held, addrs->ips, addrs->nips);
}

/**
 * virNWFilterPlanRemove:
 * virNWFilterPlanFunc of virNWFilterPortRemove (no @data).
 */
static char *
virNWFilterPlanRemove(const char *ifname, const virNWFilterElements *held,
                      const void *data G_GNUC_UNUSED, virNWFilterElements **want,
                      unsigned int *flags)
{
    *want = NULL;
    *flags = 0;
    return virNWFilterPortRemoveFormat(ifname, held);
}

/**
 * virNWFilterKernelChange:
 * @ifname: the port
 * @plan: what to change
 * @data: passed to @plan
 *
 * Changes @ifname's elements in the kernel in one transaction and
 * records what it holds then; tries once more after reading the kernel
 * again when the transaction fails (the table changed behind the
 * daemon's back).  Returns 0, or -1 with an error reported.
 */
static int
virNWFilterKernelChange(const char *ifname, virNWFilterPlanFunc plan, const void *data)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&virNWFilterKernel.lock);
    size_t attempt;

    for (attempt = 0; attempt < 2; attempt++) {
        g_autofree char *script = NULL;
        g_autoptr(virNWFilterElements) want = NULL;
        unsigned int flags = 0;

        if (virNWFilterKernelLoad() < 0 ||
            !(script = plan(ifname, g_hash_table_lookup(virNWFilterKernel.held, ifname),
                            data, &want, &flags)))
            return -1;
        if (*script == '\0' || virNftablesRun(script, NULL, attempt == 0) == 0) {
            if (flags & VIR_NWFILTER_FORMAT_TABLE)
                virNWFilterKernel.tableWritten = true;
            if ((flags & VIR_NWFILTER_FORMAT_CHAIN) && want)
                g_hash_table_add(virNWFilterKernel.chains, g_strdup(want->chain));
            if (virNWFilterElementsIsEmpty(want))
                g_hash_table_remove(virNWFilterKernel.held, ifname);
            else
                g_hash_table_replace(virNWFilterKernel.held, g_strdup(ifname),
                                     g_steal_pointer(&want));
            return 0;
        }
        /* read the kernel again, and write the table and chains again */
        virNWFilterKernel.loaded = false;
    }
    return -1;
}

/**
 * virNWFilterKernelForget:
 * Forgets what the table holds: the next change reads it from the
 * kernel again, and writes the base chain and the combinations' chains
 * again.  For a caller that changed the table behind this file's back.
 */
void
virNWFilterKernelForget(void)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&virNWFilterKernel.lock);

    virNWFilterKernel.loaded = false;
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
    if (virNWFilterPortCheck(port) < 0)
        return -1;
    return virNWFilterKernelChange(port->ifname, virNWFilterPlanFilter, port);
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
    if (virNftablesIfnameCheck(_("port name"), ifname) < 0)
        return -1;
    return virNWFilterKernelChange(ifname, virNWFilterPlanRemove, NULL);
}

/**
 * virNWFilterPortSetAddrs:
 * Replaces the IPv4 addresses @ifname may send from, in one transaction
 * on its address elements alone (its chain and MAC are not touched).  A
 * port without a filter is an error.  Returns 0, or -1 with an error
 * reported.
 */
int
virNWFilterPortSetAddrs(const char *ifname, const virSocketAddr *ips, size_t nips)
{
    virNWFilterAddrs addrs = { .ips = ips, .nips = nips };

    if (virNWFilterAddrsCheck(ifname, ips, nips) < 0)
        return -1;
    return virNWFilterKernelChange(ifname, virNWFilterPlanAddrs, &addrs);
}

/**
 * virNWFilterStaleFormat:
 * With the lock held: appends to @out the deletion of the chains, then
 * the sets and maps, of an earlier layout the table still has.  Returns
 * false (nothing appended) while a held port's map element still jumps
 * to one of those chains: a port that kept its old filter.
 */
static bool
virNWFilterStaleFormat(GString *out)
{
    GArray *stale = virNWFilterKernel.stale;
    GHashTableIter iter;
    gpointer elems;
    size_t pass, i;

    for (i = 0; stale && i < stale->len; i++) {
        const virNWFilterStale *s = &g_array_index(stale, virNWFilterStale, i);

        g_hash_table_iter_init(&iter, virNWFilterKernel.held);
        while (strcmp(s->kind, "chain") == 0 && g_hash_table_iter_next(&iter, NULL, &elems)) {
            const char *chain = ((virNWFilterElements *)elems)->chain;

            /* ("?": a chain whose name was too long to keep) */
            if (strcmp(chain, s->name) == 0 || strcmp(chain, "?") == 0)
                return false;
        }
    }
    /* chains first: their rules are what uses the sets */
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; stale && i < stale->len; i++) {
            const virNWFilterStale *s = &g_array_index(stale, virNWFilterStale, i);
            bool isChain = strcmp(s->kind, "chain") == 0;

            if (isChain != (pass == 0))
                continue;
            if (isChain)
                g_string_append_printf(out, "flush chain" VIR_NWFILTER_CMD_PREFIX "%s\n", s->name);
            g_string_append_printf(out, "delete %s" VIR_NWFILTER_CMD_PREFIX "%s\n",
                                   s->kind, s->name);
        }
    }
    return true;
}

/**
 * virNWFilterPortsPrune:
 * @keep: whether a port (by name) is still the daemon's
 * @opaque: passed to @keep
 *
 * Removes the elements of every port @keep refuses, in one transaction:
 * after a restart, what the ports that did not survive it left; then,
 * in another, the chains and sets of an earlier layout of the table
 * once no port's map element jumps to one of them.
 * Returns 0, or -1 with an error reported.
 */
int
virNWFilterPortsPrune(bool (*keep)(const char *ifname, void *opaque), void *opaque)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&virNWFilterKernel.lock);
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter iter;
    gpointer name, elems;
    size_t i;

    if (virNWFilterKernelLoad() < 0)
        return -1;
    g_hash_table_iter_init(&iter, virNWFilterKernel.held);
    while (g_hash_table_iter_next(&iter, &name, &elems)) {
        if (keep(name, opaque))
            continue;
        virNWFilterElementsDiffFormat(out, name, elems, NULL);
        g_ptr_array_add(gone, g_strdup(name));
    }
    if (gone->len > 0) {
        if (virNftablesRun(out->str, NULL, false) < 0) {
            virNWFilterKernel.loaded = false;
            return -1;
        }
        for (i = 0; i < gone->len; i++)
            g_hash_table_remove(virNWFilterKernel.held, g_ptr_array_index(gone, i));
    }
    /* then what an earlier layout left, once no port uses it (tried
     * once per reading of the kernel) */
    g_string_truncate(out, 0);
    if (virNWFilterStaleFormat(out) && out->len > 0) {
        g_array_set_size(virNWFilterKernel.stale, 0);
        if (virNftablesRun(out->str, NULL, false) < 0)
            return -1;
    }
    return 0;
}
