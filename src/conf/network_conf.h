/*
 * network_conf.h: the network XML model (upstream libvirt's <network>)
 *
 * Filled by virNetworkDefParse*() in four separate steps, like the domain
 * XML: parse (network_conf.c, XML -> structs, syntax only), post-parse
 * (network_postparse.c: generated uuid and bridge MAC, effective prefix),
 * validate (network_validate.c: combinations, subnets, names) and format
 * (network_conf.c, structs -> XML in upstream's element order).  Nothing
 * here touches host state; checks that need it (subnets and bridges of
 * other networks, links of the host) take the other definitions and
 * callbacks as parameters: virNetworkDefCheckConflicts().
 *
 * Trust: every string the daemon may write into a dnsmasq configuration
 * (host names, the domain, forwarder domains) has passed
 * virNetworkDNSNameValidate(), which admits only DNS labels: no newline,
 * '#', ',', '=', space or control character can reach such a file.
 * Upstream XML this tree does not act on (title, metadata, portgroup,
 * route, dns txt/srv, tftp, bootp, ...) is kept verbatim and written back:
 * virNetworkDefUnmodelledSummary() names it, so the daemon can refuse to
 * start a network whose kept XML would change its behaviour.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "netdev_bandwidth_conf.h"
#include "virenum.h"
#include "virmac.h"
#include "virsocketaddr.h"
#include "viruuid.h"

/* Longest network name we accept (bytes). */
#define VIR_NETWORK_NAME_MAX_LEN 64
/* Upper bound on the size of a network document (they are small). */
#define VIR_NETWORK_XML_MAX_SIZE (1024 * 1024)
/* A DNS name (RFC 1035): 253 bytes in text form, labels of 63. */
#define VIR_NETWORK_DNS_NAME_MAX_LEN 253
#define VIR_NETWORK_DNS_LABEL_MAX_LEN 63

/* A piece of upstream XML kept verbatim, not acted on. */
typedef struct _virNetworkKept virNetworkKept;
struct _virNetworkKept {
    char *name;   /* "portgroup", "dns/txt", "ip@localPtr": for the summary */
    char *xml;    /* an element serialized verbatim, or " attr='value'" */
    int place;    /* where format writes it back (network_conf_priv.h) */
};

typedef struct _virNetworkKeptList virNetworkKeptList;
struct _virNetworkKeptList {
    virNetworkKept *items;
    size_t n;
};

typedef enum {
    VIR_NETWORK_FORWARD_NONE,    /* isolated: no <forward> */
    VIR_NETWORK_FORWARD_NAT,
    VIR_NETWORK_FORWARD_ROUTE,
    VIR_NETWORK_FORWARD_OPEN,
    VIR_NETWORK_FORWARD_BRIDGE,  /* an existing host bridge */

    VIR_NETWORK_FORWARD_LAST
} virNetworkForwardType;
VIR_ENUM_DECL(virNetworkForward);

/* <virtualport type=> of a network (forward mode 'bridge' only). */
typedef enum {
    VIR_NETWORK_VIRTUALPORT_NONE,        /* a Linux bridge */
    VIR_NETWORK_VIRTUALPORT_OPENVSWITCH, /* an Open vSwitch bridge */

    VIR_NETWORK_VIRTUALPORT_LAST
} virNetworkVirtualport;
VIR_ENUM_DECL(virNetworkVirtualport);

/* The XML namespace of this tree's OVN extension (<ovn:switch>). */
#define VIR_NETWORK_OVN_NAMESPACE "http://libvirt.org/schemas/networkd/ovn/1.0"
#define VIR_NETWORK_OVN_PREFIX "ovn"

typedef enum {
    VIR_NETWORK_TRISTATE_ABSENT,
    VIR_NETWORK_TRISTATE_YES,
    VIR_NETWORK_TRISTATE_NO,

    VIR_NETWORK_TRISTATE_LAST
} virNetworkTristate;
VIR_ENUM_DECL(virNetworkTristate);

typedef enum {
    VIR_NETWORK_IP_FAMILY_ABSENT,   /* family= not written: from the address */
    VIR_NETWORK_IP_FAMILY_IPV4,
    VIR_NETWORK_IP_FAMILY_IPV6,

    VIR_NETWORK_IP_FAMILY_LAST
} virNetworkIPFamily;
VIR_ENUM_DECL(virNetworkIPFamily);

typedef enum {
    VIR_NETWORK_DHCP_LEASE_SECONDS,
    VIR_NETWORK_DHCP_LEASE_MINUTES,
    VIR_NETWORK_DHCP_LEASE_HOURS,

    VIR_NETWORK_DHCP_LEASE_LAST
} virNetworkDHCPLeaseUnit;
VIR_ENUM_DECL(virNetworkDHCPLeaseUnit);

typedef struct _virNetworkForwardDef virNetworkForwardDef;
struct _virNetworkForwardDef {
    virNetworkForwardType type;
    char *dev;                    /* <forward dev=> / <interface dev=> */
    /* <nat><address start= end=/>: the source addresses of masquerade
     * (family 0 when absent) */
    virSocketAddr natStart;
    virSocketAddr natEnd;
    /* <nat><port start= end=/>: 0 when absent */
    unsigned int natPortStart;
    unsigned int natPortEnd;
};

/* <lease expiry= unit=/> of a DHCP range. */
typedef struct _virNetworkDHCPLease virNetworkDHCPLease;
struct _virNetworkDHCPLease {
    bool set;
    unsigned long long expiry;    /* 0 = infinite */
    virNetworkDHCPLeaseUnit unit;
};

typedef struct _virNetworkDHCPRangeDef virNetworkDHCPRangeDef;
struct _virNetworkDHCPRangeDef {
    virSocketAddr start;
    virSocketAddr end;
    virNetworkDHCPLease lease;
};

typedef struct _virNetworkDHCPHostDef virNetworkDHCPHostDef;
struct _virNetworkDHCPHostDef {
    bool hasMac;
    virMacAddr mac;               /* IPv4 only */
    char *id;                     /* IPv6 DUID (hex and ':'), or NULL */
    char *name;                   /* a DNS name, or NULL */
    virSocketAddr ip;
    virNetworkKeptList kept;      /* <lease> */
};

typedef struct _virNetworkIPDef virNetworkIPDef;
struct _virNetworkIPDef {
    virNetworkIPFamily family;    /* as written */
    virSocketAddr address;
    virSocketAddr netmask;        /* IPv4 netmask=, family 0 when absent */
    bool prefixSet;               /* prefix= written */
    unsigned int prefix;          /* effective prefix (post-parse fills it
                                   * from netmask or the default) */
    virNetworkDHCPRangeDef *ranges;
    size_t nranges;
    virNetworkDHCPHostDef *hosts;
    size_t nhosts;
    virNetworkKeptList kept;      /* localPtr=, <tftp>, <bootp> */
};

typedef struct _virNetworkDNSHostDef virNetworkDNSHostDef;
struct _virNetworkDNSHostDef {
    virSocketAddr ip;
    char **names;                 /* <hostname> texts, DNS names */
    size_t nnames;
};

typedef struct _virNetworkDNSForwarderDef virNetworkDNSForwarderDef;
struct _virNetworkDNSForwarderDef {
    char *domain;                 /* DNS name or NULL: all names */
    virSocketAddr addr;           /* family 0: resolve @domain locally */
};

typedef struct _virNetworkDNSDef virNetworkDNSDef;
struct _virNetworkDNSDef {
    virNetworkTristate enable;
    virNetworkDNSForwarderDef *forwarders;
    size_t nforwarders;
    virNetworkDNSHostDef *hosts;
    size_t nhosts;
};

typedef struct _virNetworkDef virNetworkDef;
struct _virNetworkDef {
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    virNetworkForwardDef forward;

    char *bridge;                 /* NULL: the daemon picks virbrN */
    bool stp;                     /* default on, like upstream */
    unsigned long delay;          /* forward delay in seconds */
    unsigned int mtu;             /* 0 = absent */
    bool hasMac;                  /* post-parse generates one for modes
                                   * that create a bridge */
    virMacAddr mac;
    char *domain;                 /* <domain name=>, a DNS name */
    virNetworkTristate domainLocalOnly;
    virNetworkDNSDef dns;
    virNetDevBandwidthDef *bandwidth;/* per-port default and ceiling */
    virNetworkIPDef *ips;
    size_t nips;
    virNetworkVirtualport virtualport;
    /* <ovn:switch name= create=/>: the OVN logical switch the network is
     * (NULL: not an OVN network); its ports are logical switch ports */
    char *ovnSwitch;
    virNetworkTristate ovnSwitchCreate;
    /* <ovn:switch northbound=/>: the switch's northbound database
     * ("unix:/PATH"); NULL: the daemon's ovn_nb_address */
    char *ovnNorthbound;

    /* Everything kept verbatim outside the arrays: attributes of
     * <network>, <bridge>, <domain>, <dns>, <nat>; children of <network>,
     * <forward>, <dns> (see network_conf.c for the places). */
    virNetworkKeptList kept;
};

typedef enum {
    /* Also check the document against src/conf/schemas/network.rng. */
    VIR_NETWORK_DEF_PARSE_VALIDATE_SCHEMA = 1 << 0,
} virNetworkDefParseFlags;

virNetworkDef *virNetworkDefNew(void);
void virNetworkDefFree(virNetworkDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkDef, virNetworkDefFree);

/* Parse, post-parse and validate.  @filename is used in error messages
 * (NULL: "(string)").  Returns a new definition, or NULL with one error
 * reported. */
virNetworkDef *virNetworkDefParseString(const char *xml, const char *filename,
                                        unsigned int flags);
virNetworkDef *virNetworkDefParseFile(const char *path, unsigned int flags);

/* Returns the XML document (caller frees).  Cannot fail. */
char *virNetworkDefFormat(const virNetworkDef *def);

/* Names of the kept (not acted on) pieces, comma separated, once each;
 * NULL when there are none.  Caller frees. */
char *virNetworkDefUnmodelledSummary(const virNetworkDef *def);

/* True when the network's mode makes the daemon create and address its
 * own bridge (isolated, nat, route, open); false for an existing host
 * bridge (forward mode='bridge'). */
bool virNetworkDefCreatesBridge(const virNetworkDef *def);

/* True when the network is an OVN logical switch (<ovn:switch>). */
bool virNetworkDefIsOvn(const virNetworkDef *def);

/* @lease in seconds: 0 when not set, G_MAXUINT32 for expiry='0'
 * (infinite), at most G_MAXUINT32 - 1 otherwise. */
unsigned int virNetworkDHCPLeaseSeconds(const virNetworkDHCPLease *lease);

/* The DHCP lease of @ip's ranges in seconds: 0 when none is given (the
 * server's default), G_MAXUINT32 for expiry='0' (infinite). */
unsigned int virNetworkIPDefLeaseSeconds(const virNetworkIPDef *ip);

/* The first <ip> of @family (AF_INET or AF_INET6), or NULL. */
const virNetworkIPDef *virNetworkDefGetIP(const virNetworkDef *def, int family);

/* The address family of @ip (AF_INET or AF_INET6). */
int virNetworkIPDefFamily(const virNetworkIPDef *ip);

/* ---- validation helpers (network_validate.c) ----------------------------- */

/* Checks the DNS name @name (a host name, a domain): 1..253 bytes of
 * labels of 1..63 letters, digits and '-' (not first or last in a
 * label), separated by single dots, no leading or trailing dot.  @what
 * describes the name for the message ("host name", "domain name").
 * This is the one gate for every name that may reach dnsmasq.
 * Returns 0, or -1 with an error naming @what and the name (escaped). */
int virNetworkDNSNameValidate(const char *name, const char *what);

/* Checks a network name: 1..64 bytes, no '/', no leading '.', no
 * control character.  Returns 0 or -1 with an error. */
int virNetworkNameValidate(const char *name);

/* Host state the cross-network check needs, provided by the daemon.
 * Either callback may be NULL (that check is then skipped). */
typedef struct _virNetworkHostCallbacks virNetworkHostCallbacks;
struct _virNetworkHostCallbacks {
    /* 1 when a link named @ifname exists on the host and is not the
     * bridge of a network, 0 when not, -1 with an error reported. */
    int (*linkInUse)(const char *ifname, void *opaque);
    /* 1 when the host already has an address or route that overlaps
     * @addr/@prefix (*@where, caller frees, names it: "eth0"), 0 when
     * not, -1 with an error reported. */
    int (*subnetInUse)(const virSocketAddr *addr, unsigned int prefix,
                       char **where, void *opaque);
    void *opaque;
};

/* Checks @def against the other definitions @others (a definition with
 * the same name as @def is the one being replaced and is skipped) and
 * against the host through @host (may be NULL): a uuid used by another
 * name, a bridge name used by another network or by a link of the host,
 * a subnet overlapping another network's or the host's.
 * Returns 0, or -1 with one error reported. */
int virNetworkDefCheckConflicts(const virNetworkDef *def,
                                const virNetworkDef * const *others,
                                size_t nothers,
                                const virNetworkHostCallbacks *host);
