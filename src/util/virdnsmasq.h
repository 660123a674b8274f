/*
 * virdnsmasq.h: dnsmasq, the DHCP and DNS server of virtual networks
 *
 * Three jobs, all on plain structs (this file knows nothing about XML):
 *  - write dnsmasq's config from a virDnsmasqConfig, every string passing
 *    through one validation function (virDnsmasqConfValueCheck) that
 *    refuses whatever could start a new line or option;
 *  - start the real dnsmasq on that config (it drops to an unprivileged
 *    user itself), find it again from its pid file, stop it;
 *  - read its lease file back into virDnsmasqLease records, trusting
 *    nothing in it.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "virenum.h"
#include "virmac.h"
#include "virsocketaddr.h"

/* What a string in the config is; each kind has its own character set. */
typedef enum {
    VIR_DNSMASQ_VALUE_NAME,     /* a DNS name: LDH labels joined by dots */
    VIR_DNSMASQ_VALUE_PATH,     /* an absolute path of safe characters */
    VIR_DNSMASQ_VALUE_USER,     /* a user or group name */
    VIR_DNSMASQ_VALUE_IFNAME,   /* an interface name */
    VIR_DNSMASQ_VALUE_TOKEN,    /* generated text: addresses, MACs, numbers */

    VIR_DNSMASQ_VALUE_LAST
} virDnsmasqValueKind;

VIR_ENUM_DECL(virDnsmasqValueKind);

/* The one gate of the config writer, see virdnsmasq.c. */
int virDnsmasqConfValueCheck(virDnsmasqValueKind kind, const char *field,
                             const char *value);

/* dnsmasq's "infinite" lease. */
#define VIR_DNSMASQ_LEASE_INFINITE G_MAXUINT

typedef struct _virDnsmasqDhcpRange virDnsmasqDhcpRange;
struct _virDnsmasqDhcpRange {
    virSocketAddr start;
    virSocketAddr end;
    unsigned int prefix;        /* the subnet's prefix length */
    unsigned int lease;         /* seconds; 0: dnsmasq's default (1 h) */
};

typedef struct _virDnsmasqDhcpHost virDnsmasqDhcpHost;
struct _virDnsmasqDhcpHost {
    const virMacAddr *mac;      /* NULL: match by @name (IPv6) */
    virSocketAddr ip;           /* unset: a name for the MAC only */
    const char *name;           /* NULL or a DNS name */
    unsigned int lease;         /* seconds; 0: the range's */
};

typedef struct _virDnsmasqDnsHost virDnsmasqDnsHost;
struct _virDnsmasqDnsHost {
    virSocketAddr ip;
    const char * const *names;  /* NULL-terminated, at least one */
};

typedef struct _virDnsmasqForwarder virDnsmasqForwarder;
struct _virDnsmasqForwarder {
    const char *domain;         /* NULL: every name; else only this domain */
    virSocketAddr addr;         /* unset with @domain: resolve it locally */
};

typedef struct _virDnsmasqConfig virDnsmasqConfig;
struct _virDnsmasqConfig {
    const char *interface;      /* the network's bridge */
    const virSocketAddr *listen;    /* the bridge's addresses */
    size_t nlisten;
    const virDnsmasqDhcpRange *ranges;
    size_t nranges;
    const virDnsmasqDhcpHost *hosts;
    size_t nhosts;
    const virDnsmasqDnsHost *dnsHosts;
    size_t ndnsHosts;
    const virDnsmasqForwarder *forwarders;
    size_t nforwarders;
    const char *domain;         /* NULL or the network's DNS domain */
    bool domainLocal;           /* answer the domain here only (local=/d/) */
    bool noResolv;              /* ignore /etc/resolv.conf */
    bool dnsDisabled;           /* DHCP only (port=0) */
    const char *leaseFile;      /* required when there are DHCP ranges */
    const char *pidFile;        /* required */
    const char *user;           /* required: dnsmasq drops to this user */
    const char *group;          /* NULL: dnsmasq's default group */
};

/* Returns the config text (caller frees), or NULL with an error. */
char *virDnsmasqConfigFormat(const virDnsmasqConfig *cfg);

/* The dnsmasq binary: $VIR_DNSMASQ_BINARY for tests, else Debian's. */
const char *virDnsmasqBinary(void);

int virDnsmasqStart(const char *configPath, const char *pidPath, pid_t *pid);
int virDnsmasqFind(const char *configPath, const char *pidPath, pid_t *pid);
int virDnsmasqStop(const char *configPath, const char *pidPath);

typedef struct _virDnsmasqLease virDnsmasqLease;
struct _virDnsmasqLease {
    gint64 expiry;              /* seconds since the epoch; 0: never */
    bool hasMac;                /* IPv4 leases of Ethernet clients */
    virMacAddr mac;
    unsigned int iaid;          /* IPv6 leases */
    virSocketAddr ip;
    char *hostname;             /* NULL or a valid DNS name */
    char *clientid;             /* NULL or hex bytes joined by ':' */
};

void virDnsmasqLeaseListFree(virDnsmasqLease *leases, size_t nleases);

int virDnsmasqLeasesParse(const char *data, size_t len,
                          virDnsmasqLease **leases, size_t *nleases,
                          size_t *nbad);
int virDnsmasqLeasesRead(const char *path, virDnsmasqLease **leases,
                         size_t *nleases);
