/*
 * virovsvalue.c: the one gate for values written to OVSDB databases
 *
 * Theory of operation: the daemon runs as root and ovsdb-server's sockets
 * accept anything a root process sends.  Requests are JSON trees (never
 * text), so no value can change a request's structure; on top of that,
 * every value passes this gate, which refuses rather than escapes: the
 * characters ovs-vsctl, ovn-nbctl and admins' shell scripts would read as
 * syntax never reach a row, so the rows stay safe to handle by hand.
 * Each kind then has a grammar of its own, strict enough that what is
 * stored is exactly what was checked (canonical MACs, UUIDs and
 * addresses).
 */
#include "virovsvalue.h"
#include "virerror.h"
#include "virnetdevname.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_NETDEV

#define OVS_UUID_LEN 36
#define OVS_MAC_LEN 17

/**
 * virNetDevOpenvswitchValueKindName:
 * A translated noun for @kind, for messages.
 */
static const char *
virNetDevOpenvswitchValueKindName(virNetDevOpenvswitchValue kind)
{
    switch (kind) {
    case VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE:
        return _("OVS bridge name");
    case VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME:
        return _("OVS interface name");
    case VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID:
        return _("OVS iface-id");
    case VIR_NETDEV_OPENVSWITCH_VALUE_MAC:
        return _("OVS attached-mac");
    case VIR_NETDEV_OPENVSWITCH_VALUE_UUID:
        return _("OVS UUID");
    case VIR_NETDEV_OPENVSWITCH_VALUE_IPV4:
        return _("OVSDB IPv4 address");
    case VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR:
        return _("OVSDB IPv4 subnet");
    case VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES:
        return _("OVSDB IPv4 address list");
    case VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES:
        return _("OVN logical port addresses");
    case VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER:
        return _("OVSDB number");
    case VIR_NETDEV_OPENVSWITCH_VALUE_LAST:
        break;
    }
    return "?";
}

/**
 * virNetDevOpenvswitchIsHex:
 * True for a lower-case hex digit (the canonical forms only).
 */
static bool
virNetDevOpenvswitchIsHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/**
 * virNetDevOpenvswitchMacReason:
 * NULL when @value is a canonical unicast non-zero MAC, else why not.
 */
static const char *
virNetDevOpenvswitchMacReason(const char *value)
{
    size_t i;

    if (strlen(value) != OVS_MAC_LEN)
        return _("not of the form xx:xx:xx:xx:xx:xx");
    for (i = 0; i < OVS_MAC_LEN; i++) {
        bool colon = i % 3 == 2;

        if (colon ? value[i] != ':' : !virNetDevOpenvswitchIsHex(value[i]))
            return _("not of the form xx:xx:xx:xx:xx:xx (lower case)");
    }
    if (g_ascii_xdigit_value(value[1]) & 1)
        return _("a multicast address");
    if (strcmp(value, "00:00:00:00:00:00") == 0)
        return _("the zero address");
    return NULL;
}

/**
 * virNetDevOpenvswitchUUIDReason:
 * NULL when @value is a canonical lower-case 8-4-4-4-12 UUID, else why not.
 */
static const char *
virNetDevOpenvswitchUUIDReason(const char *value)
{
    size_t i;

    if (strlen(value) != OVS_UUID_LEN)
        return _("not a UUID of 36 characters");
    for (i = 0; i < OVS_UUID_LEN; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;

        if (dash ? value[i] != '-' : !virNetDevOpenvswitchIsHex(value[i]))
            return _("not a lower-case 8-4-4-4-12 UUID");
    }
    return NULL;
}

/**
 * virNetDevOpenvswitchIfaceIdReason:
 * NULL when @value is a valid iface-id, else why not.
 */
static const char *
virNetDevOpenvswitchIfaceIdReason(const char *value)
{
    const char *p;

    if (strlen(value) > VIR_NETDEV_OPENVSWITCH_IFACE_ID_MAX_LEN)
        return _("longer than 128 bytes");
    for (p = value; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '_' && *p != '.' && *p != '-')
            return _("only letters, digits, '_', '.' and '-' are allowed");
    }
    return NULL;
}

/**
 * virNetDevOpenvswitchValueIsList:
 * True for the kinds whose values are words one space apart.
 */
static bool
virNetDevOpenvswitchValueIsList(virNetDevOpenvswitchValue kind)
{
    return kind == VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES ||
           kind == VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES;
}

/**
 * virNetDevOpenvswitchIPv4Reason:
 * NULL when the @len bytes at @value are an IPv4 address in canonical
 * dotted form (what inet_ntop writes), else why not.
 */
static const char *
virNetDevOpenvswitchIPv4Reason(const char *value, size_t len)
{
    g_autofree char *copy = g_strndup(value, len);
    char again[INET_ADDRSTRLEN];
    struct in_addr addr;

    if (inet_pton(AF_INET, copy, &addr) != 1 ||
        !inet_ntop(AF_INET, &addr, again, sizeof(again)) || strcmp(again, copy) != 0)
        return _("not an IPv4 address in dotted form");
    return NULL;
}

/**
 * virNetDevOpenvswitchCidrReason:
 * NULL when @value is ADDRESS/PREFIX (prefix 1..32), else why not.
 */
static const char *
virNetDevOpenvswitchCidrReason(const char *value)
{
    const char *slash = strchr(value, '/');
    guint64 prefix;

    if (!slash || virNetDevOpenvswitchIPv4Reason(value, slash - value) ||
        !g_ascii_string_to_unsigned(slash + 1, 10, 1, 32, &prefix, NULL) ||
        slash[1] == '0')
        return _("not of the form IPV4/PREFIX (prefix 1..32)");
    return NULL;
}

/**
 * virNetDevOpenvswitchRangesReason:
 * NULL when @value is a space-separated list of IPv4 addresses and
 * A..B ranges (OVN's exclude_ips), else why not.
 */
static const char *
virNetDevOpenvswitchRangesReason(const char *value)
{
    g_auto(GStrv) words = g_strsplit(value, " ", -1);
    size_t i;

    for (i = 0; words[i]; i++) {
        const char *dots = strstr(words[i], "..");

        bool bad = dots ? virNetDevOpenvswitchIPv4Reason(words[i], dots - words[i]) ||
                          virNetDevOpenvswitchIPv4Reason(dots + 2, strlen(dots + 2))
                        : virNetDevOpenvswitchIPv4Reason(words[i], strlen(words[i])) != NULL;

        if (bad)
            return _("not a list of IPv4 addresses and A..B ranges");
    }
    return NULL;
}

/**
 * virNetDevOpenvswitchLspAddressesReason:
 * NULL when @value is "MAC dynamic" or "MAC IPV4", else why not.
 */
static const char *
virNetDevOpenvswitchLspAddressesReason(const char *value)
{
    const char *space = strchr(value, ' ');
    g_autofree char *mac = space ? g_strndup(value, space - value) : NULL;

    if (!space || virNetDevOpenvswitchMacReason(mac) ||
        (strcmp(space + 1, "dynamic") != 0 &&
         virNetDevOpenvswitchIPv4Reason(space + 1, strlen(space + 1))))
        return _("not of the form 'MAC dynamic' or 'MAC IPV4'");
    return NULL;
}

/**
 * virNetDevOpenvswitchNumberReason:
 * NULL when @value is a decimal number of 32 bits without a leading
 * zero, else why not.
 */
static const char *
virNetDevOpenvswitchNumberReason(const char *value)
{
    guint64 n;

    if ((value[0] == '0' && value[1]) ||
        !g_ascii_string_to_unsigned(value, 10, 0, G_MAXUINT32, &n, NULL))
        return _("not a decimal number of 32 bits");
    return NULL;
}

/**
 * virNetDevOpenvswitchValueReason:
 * NULL when @value passes the gate for @kind, else a translated reason.
 */
static const char *
virNetDevOpenvswitchValueReason(virNetDevOpenvswitchValue kind,
                                const char *value)
{
    const char *p;

    if (!value || !*value)
        return _("empty");
    for (p = value; *p; p++) {
        unsigned char c = (unsigned char)*p;

        if (c == ' ' && virNetDevOpenvswitchValueIsList(kind)) {
            if (p == value || p[1] == '\0' || p[1] == ' ')
                return _("a leading, trailing or double space");
            continue;
        }
        if (c <= 0x20 || c >= 0x7f)
            return _("whitespace, a control character or a non-ASCII byte");
        /* OVSDB/ovs-vsctl syntax, then what a shell would read */
        if (strchr("\"'\\,=:{}[]", c) &&
            !(c == ':' && (kind == VIR_NETDEV_OPENVSWITCH_VALUE_MAC ||
                           kind == VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES)))
            return _("a quote, backslash, ',', '=', ':', brace or bracket");
        if (strchr(";$`|&<>()*?!#~%^", c))
            return _("a character a shell would read as syntax");
    }
    if (value[0] == '-')
        return _("begins with '-'");

    switch (kind) {
    case VIR_NETDEV_OPENVSWITCH_VALUE_BRIDGE:
    case VIR_NETDEV_OPENVSWITCH_VALUE_IFNAME:
        return virNetDevNameInvalidReason(value);
    case VIR_NETDEV_OPENVSWITCH_VALUE_IFACE_ID:
        return virNetDevOpenvswitchIfaceIdReason(value);
    case VIR_NETDEV_OPENVSWITCH_VALUE_MAC:
        return virNetDevOpenvswitchMacReason(value);
    case VIR_NETDEV_OPENVSWITCH_VALUE_UUID:
        return virNetDevOpenvswitchUUIDReason(value);
    case VIR_NETDEV_OPENVSWITCH_VALUE_IPV4:
        return virNetDevOpenvswitchIPv4Reason(value, strlen(value));
    case VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_CIDR:
        return virNetDevOpenvswitchCidrReason(value);
    case VIR_NETDEV_OPENVSWITCH_VALUE_IPV4_RANGES:
        return virNetDevOpenvswitchRangesReason(value);
    case VIR_NETDEV_OPENVSWITCH_VALUE_LSP_ADDRESSES:
        return virNetDevOpenvswitchLspAddressesReason(value);
    case VIR_NETDEV_OPENVSWITCH_VALUE_NUMBER:
        return virNetDevOpenvswitchNumberReason(value);
    case VIR_NETDEV_OPENVSWITCH_VALUE_LAST:
        break;
    }
    return _("unknown kind of value");
}

/**
 * virNetDevOpenvswitchValueInvalidReason:
 * See virovsvalue.h.
 */
const char *
virNetDevOpenvswitchValueInvalidReason(virNetDevOpenvswitchValue kind,
                                       const char *value)
{
    return virNetDevOpenvswitchValueReason(kind, value);
}

/**
 * virNetDevOpenvswitchValueCheck:
 * See virovsvalue.h.
 */
int
virNetDevOpenvswitchValueCheck(virNetDevOpenvswitchValue kind,
                               const char *value)
{
    const char *reason = virNetDevOpenvswitchValueReason(kind, value);
    g_autofree char *shown = NULL;

    if (!reason)
        return 0;
    /* the value is the caller's: show it escaped and cut */
    shown = value ? g_strescape(value, NULL) : g_strdup("");
    if (strlen(shown) > 64)
        strcpy(shown + 61, "...");
    virReportError(VIR_ERR_INVALID_ARG, _("invalid %1$s '%2$s': %3$s"),
                   virNetDevOpenvswitchValueKindName(kind), shown, reason);
    return -1;
}

#define VIR_OVSDB_UNIX_PREFIX "unix:"

/**
 * virOvsdbAddressInvalidReason:
 * See virovsvalue.h.  Plain tcp: would let whoever sits on the path
 * forge the northbound database's answers, which decide who owns a
 * logical port; ssl: needs a private key and certificates the daemon
 * does not have.  An ovsdb-server relay (or stunnel) on a local socket
 * reaches either with the admin's own credentials.
 */
const char *
virOvsdbAddressInvalidReason(const char *address)
{
    const char *path;
    const char *p;

    if (!address || !*address)
        return _("empty");
    if (g_str_has_prefix(address, "tcp:") || g_str_has_prefix(address, "ssl:"))
        return _("only unix sockets are supported: reach a tcp: or ssl: database through a local relay (unix:/PATH)");
    if (!g_str_has_prefix(address, VIR_OVSDB_UNIX_PREFIX))
        return _("not of the form unix:/ABSOLUTE/PATH");
    path = address + strlen(VIR_OVSDB_UNIX_PREFIX);
    if (path[0] != '/' || path[1] == '\0')
        return _("not of the form unix:/ABSOLUTE/PATH");
    if (strlen(path) > VIR_OVSDB_SOCKET_PATH_MAX)
        return _("the socket path is longer than a unix socket address allows");
    for (p = path; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("_.+@/-", *p))
            return _("the socket path holds a character other than [A-Za-z0-9_.+@/-]");
    }
    if (strstr(path, "//") || strstr(path, "/./") || strstr(path, "/../") ||
        g_str_has_suffix(path, "/.") || g_str_has_suffix(path, "/..") ||
        g_str_has_suffix(path, "/"))
        return _("the socket path is not in canonical form (no '.', '..', empty component or trailing '/')");
    return NULL;
}

/**
 * virOvsdbAddressSocketPath:
 * See virovsvalue.h.
 */
const char *
virOvsdbAddressSocketPath(const char *address)
{
    return address + strlen(VIR_OVSDB_UNIX_PREFIX);
}
