/*
 * virnwfilterconf.c: the values of port filters — building block names
 * and addresses — without libnftables
 *
 * Split from virnwfilter.c so that code which only validates a filter
 * (the daemon's request parser, its fuzz target) does not link
 * libnftables.
 */
#include "virnwfilter.h"

#include <string.h>

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

VIR_ENUM_IMPL(virNWFilterBlock, VIR_NWFILTER_LAST,
              "no-mac-spoofing", "no-ip-spoofing", "no-arp-spoofing",
              "allow-dhcp", "no-other-l2-traffic");

#define VIR_NWFILTER_BIT(b) (1u << (b))

/**
 * virNWFilterBlocksFromName:
 * @name: "clean-traffic" or one building block's name
 * @blocks: set to its bits
 *
 * Returns 0, or -1 with an error reported for any other name.
 */
int
virNWFilterBlocksFromName(const char *name, unsigned int *blocks)
{
    int b;

    if (name && strcmp(name, "clean-traffic") == 0) {
        *blocks = VIR_NWFILTER_CLEAN_TRAFFIC;
        return 0;
    }
    if (!name || (b = virNWFilterBlockTypeFromString(name)) < 0) {
        g_autofree char *shown = g_strescape(name ? name : "", NULL);

        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, _("unknown filter '%1$s'"), shown);
        return -1;
    }
    *blocks = VIR_NWFILTER_BIT(b);
    return 0;
}

/**
 * virNWFilterBlocksFromList:
 * @list: names as virNWFilterBlocksFromName takes them, comma separated
 * @blocks: set to the union of their bits
 *
 * Returns 0, or -1 with an error reported for an unknown or empty name.
 */
int
virNWFilterBlocksFromList(const char *list, unsigned int *blocks)
{
    g_auto(GStrv) names = g_strsplit(list ? list : "", ",", 0);
    size_t i;

    *blocks = 0;
    for (i = 0; names[i] || i == 0; i++) {
        unsigned int b;

        if (virNWFilterBlocksFromName(names[i], &b) < 0)
            return -1;
        *blocks |= b;
    }
    return 0;
}

/**
 * virNWFilterBlocksFormat:
 * Returns @blocks as virNWFilterBlocksFromList reads them: "clean-traffic"
 * for all of them, else the names in order, comma separated ("" for
 * none).  The caller frees the result.
 */
char *
virNWFilterBlocksFormat(unsigned int blocks)
{
    GString *out;
    size_t i;

    if (blocks == VIR_NWFILTER_CLEAN_TRAFFIC)
        return g_strdup("clean-traffic");
    out = g_string_new(NULL);
    for (i = 0; i < VIR_NWFILTER_LAST; i++) {
        if (blocks & VIR_NWFILTER_BIT(i))
            g_string_append_printf(out, "%s%s", out->len ? "," : "",
                                   virNWFilterBlockTypeToString(i));
    }
    return g_string_free(out, FALSE);
}

/**
 * virNWFilterAddrIsUnicast:
 * Returns whether @a is an address a port may send from: a set IPv4 or
 * IPv6 address that is not unspecified, multicast or (IPv4) broadcast.
 */
bool
virNWFilterAddrIsUnicast(const virSocketAddr *a)
{
    if (a->family == AF_INET)
        return a->in.v4.s_addr != htonl(INADDR_ANY) &&
               a->in.v4.s_addr != htonl(INADDR_BROADCAST) &&
               !IN_MULTICAST(ntohl(a->in.v4.s_addr));
    if (a->family == AF_INET6)
        return !IN6_IS_ADDR_UNSPECIFIED(&a->in.v6) && !IN6_IS_ADDR_MULTICAST(&a->in.v6);
    return false;
}

/**
 * virNWFilterPoliceIsValid:
 * Whether @police is a policer the kernel keeps as given: a rate, and
 * rate and burst together at most VIR_NWFILTER_POLICE_MAX.
 */
bool
virNWFilterPoliceIsValid(const virNWFilterPolice *police)
{
    return police->rate > 0 && police->rate <= VIR_NWFILTER_POLICE_MAX &&
           police->burst <= VIR_NWFILTER_POLICE_MAX - police->rate;
}
