/*
 * domain_conf.h: the domain XML model
 *
 * The model is filled by virDomainDefParse*() in four separate steps:
 * parse (domain_conf.c, XML -> structs, syntax only), post-parse
 * (domain_postparse.c: generated uuid, MACs, aliases), validate
 * (domain_validate.c: combinations, ranges, names) and format
 * (domain_conf.c, structs -> XML).  Nothing here touches host state.
 *
 * XML the tree does not act on (features, cpu, clock, graphics, ...) is
 * kept verbatim in "unmodelled" nodes and written back on format, so
 * define -> dumpxml never drops what virt-install or virt-manager wrote.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "netdev_bandwidth_conf.h"
#include "virenum.h"
#include "virmac.h"
#include "viruuid.h"
#include "domain_name.h"

/* A piece of XML the tree keeps but does not act on. */
typedef struct _virDomainUnmodelled virDomainUnmodelled;
struct _virDomainUnmodelled {
    char *name;  /* element name, for the "not acted on" warning */
    char *xml;   /* the element, serialized verbatim */
    int after;   /* where it goes back on format: the kind of modelled
                  * sibling it followed in the document (an anchor of
                  * domain_conf.c, those of <devices> in
                  * domain_conf_priv.h; 0 = before every modelled
                  * sibling) */
    long line;   /* its line in the document it was parsed from, for the
                  * rules that read it back (0 = unknown: a piece of a
                  * modelled element) */
};

/* Upper bound on the size of a domain document we are willing to parse. */
#define VIR_DOMAIN_XML_MAX_SIZE (10 * 1024 * 1024)
/* Linux IFNAMSIZ minus the terminating NUL. */
#define VIR_IFNAME_MAX_LEN 15
#define VIR_DOMAIN_NET_QUEUES_MAX 16

typedef enum {
    VIR_DOMAIN_VIRT_QEMU,
    VIR_DOMAIN_VIRT_KVM,
    VIR_DOMAIN_VIRT_HVF,   /* macOS's Hypervisor.framework: kept, refused at start */

    VIR_DOMAIN_VIRT_LAST
} virDomainVirtType;
VIR_ENUM_DECL(virDomainVirt);

typedef enum {
    VIR_DOMAIN_BOOT_HD,
    VIR_DOMAIN_BOOT_CDROM,
    VIR_DOMAIN_BOOT_NETWORK,
    VIR_DOMAIN_BOOT_FD,

    VIR_DOMAIN_BOOT_LAST
} virDomainBootDev;
VIR_ENUM_DECL(virDomainBootDev);

typedef struct _virDomainOSDef virDomainOSDef;
struct _virDomainOSDef {
    char *type;          /* "hvm" */
    char *arch;          /* "x86_64", NULL if absent */
    char *machine;       /* "pc", "q35", ... NULL if absent */
    char *kernel;
    char *initrd;
    char *cmdline;
    virDomainBootDev *bootDevs;
    size_t nbootDevs;
    char *firmware;      /* <os firmware=> ("efi", "bios"), kept, not acted on */
    /* Children of <os> we keep verbatim (loader, nvram, bootmenu, smbios,
     * ...); any other unknown child of <os> is an error. */
    virDomainUnmodelled *unmodelled;
    size_t nunmodelled;
};

typedef enum {
    VIR_TRISTATE_BOOL_ABSENT,
    VIR_TRISTATE_BOOL_YES,
    VIR_TRISTATE_BOOL_NO,

    VIR_TRISTATE_BOOL_LAST
} virTristateBool;
VIR_ENUM_DECL(virTristateBool);

typedef struct _virPCIDeviceAddress virPCIDeviceAddress;
struct _virPCIDeviceAddress {
    bool set;
    unsigned int domain;
    unsigned int bus;
    unsigned int slot;
    unsigned int function;
    virTristateBool multifunction;
};

/* the displays (<graphics>, <video>, <redirdev>), sound (<sound>,
 * <audio>), <watchdog> and <panic>, after the address types they use */
#include "domain_graphics_conf.h"
#include "domain_sound_conf.h"
#include "domain_watchdog_conf.h"

/* <address type='drive' controller= bus= target= unit=/> of a disk on an
 * IDE, SATA or SCSI controller. */
typedef struct _virDomainDriveAddress virDomainDriveAddress;
struct _virDomainDriveAddress {
    bool set;
    unsigned int controller;
    unsigned int bus;
    unsigned int target;
    unsigned int unit;
};

typedef enum {
    VIR_DOMAIN_DISK_TYPE_FILE,
    VIR_DOMAIN_DISK_TYPE_BLOCK,

    VIR_DOMAIN_DISK_TYPE_LAST
} virDomainDiskType;
VIR_ENUM_DECL(virDomainDiskType);

typedef enum {
    VIR_DOMAIN_DISK_DEVICE_DISK,
    VIR_DOMAIN_DISK_DEVICE_CDROM,

    VIR_DOMAIN_DISK_DEVICE_LAST
} virDomainDiskDevice;
VIR_ENUM_DECL(virDomainDiskDevice);

typedef enum {
    VIR_DOMAIN_DISK_BUS_VIRTIO,
    VIR_DOMAIN_DISK_BUS_IDE,
    VIR_DOMAIN_DISK_BUS_SATA,
    VIR_DOMAIN_DISK_BUS_SCSI,

    VIR_DOMAIN_DISK_BUS_LAST
} virDomainDiskBus;
VIR_ENUM_DECL(virDomainDiskBus);

typedef struct _virDomainDiskDef virDomainDiskDef;
struct _virDomainDiskDef {
    virDomainDiskType type;
    virDomainDiskDevice device;
    char *driverName;    /* "qemu" */
    char *driverType;    /* "raw", "qcow2" */
    char *src;           /* file= or dev= */
    char *dst;           /* target dev, "vda" */
    virDomainDiskBus bus;
    bool readonly;
    unsigned int bootIndex;       /* <boot order=>, 0 = absent */
    char *alias;
    virPCIDeviceAddress pci;      /* virtio disks */
    virDomainDriveAddress drive;  /* ide, sata, scsi disks */
    /* Upstream elements and <driver> attributes kept verbatim, not acted
     * on (iotune, serial, <driver cache=>, ...); see domain_conf.c. */
    virDomainUnmodelled *kept;
    size_t nkept;
};

typedef enum {
    VIR_DOMAIN_CHR_TYPE_PTY,
    VIR_DOMAIN_CHR_TYPE_FILE,
    VIR_DOMAIN_CHR_TYPE_NULL,
    VIR_DOMAIN_CHR_TYPE_UNIX,   /* a UNIX socket (domain_chr_conf.c) */
    VIR_DOMAIN_CHR_TYPE_TCP,    /* a TCP socket, raw or telnet */

    VIR_DOMAIN_CHR_TYPE_LAST
} virDomainChrType;
VIR_ENUM_DECL(virDomainChr);

/* <source mode=> of a unix or tcp character device. */
typedef enum {
    VIR_DOMAIN_CHR_SOURCE_MODE_CONNECT,  /* the default */
    VIR_DOMAIN_CHR_SOURCE_MODE_BIND,     /* QEMU listens */

    VIR_DOMAIN_CHR_SOURCE_MODE_LAST
} virDomainChrSourceMode;
VIR_ENUM_DECL(virDomainChrSourceMode);

/* <protocol type=> of a tcp character device. */
typedef enum {
    VIR_DOMAIN_CHR_PROTOCOL_RAW,         /* the default */
    VIR_DOMAIN_CHR_PROTOCOL_TELNET,

    VIR_DOMAIN_CHR_PROTOCOL_LAST
} virDomainChrProtocol;
VIR_ENUM_DECL(virDomainChrProtocol);

typedef enum {
    VIR_DOMAIN_CHR_DEVICE_SERIAL,
    VIR_DOMAIN_CHR_DEVICE_CONSOLE,

    VIR_DOMAIN_CHR_DEVICE_LAST
} virDomainChrDeviceType;

typedef struct _virDomainChrDef virDomainChrDef;
struct _virDomainChrDef {
    virDomainChrDeviceType deviceType;
    virDomainChrType type;
    char *path;          /* file, unix: source path */
    virDomainChrSourceMode mode;   /* unix, tcp */
    char *host;          /* tcp: <source host=>, NULL if absent */
    char *service;       /* tcp: <source service=> (a port) */
    virDomainChrProtocol protocol; /* tcp */
    int targetPort;      /* -1 when absent */
    char *targetType;    /* console: "serial"/"virtio"; serial: "isa-serial";
                          * NULL if absent */
    char *targetModel;   /* serial <target><model name=>, NULL if absent */
    char *alias;
    /* Upstream elements kept verbatim, not acted on (<log>). */
    virDomainUnmodelled *kept;
    size_t nkept;
};

typedef enum {
    VIR_DOMAIN_NET_TYPE_BRIDGE,
    VIR_DOMAIN_NET_TYPE_NETWORK,
    VIR_DOMAIN_NET_TYPE_DIRECT,
    VIR_DOMAIN_NET_TYPE_ETHERNET,
    VIR_DOMAIN_NET_TYPE_USER,

    VIR_DOMAIN_NET_TYPE_LAST
} virDomainNetType;
VIR_ENUM_DECL(virDomainNet);

/* <backend type='...'>: who provides the host side of the NIC. */
typedef enum {
    VIR_DOMAIN_NET_BACKEND_DEFAULT,        /* absent or 'default' */
    VIR_DOMAIN_NET_BACKEND_NETWORKD,       /* ask libvirt-networkd for the fd */
    VIR_DOMAIN_NET_BACKEND_BRIDGE_HELPER,  /* QEMU execs qemu.conf bridge_helper */
    VIR_DOMAIN_NET_BACKEND_PASST,          /* user mode through passt */

    VIR_DOMAIN_NET_BACKEND_LAST
} virDomainNetBackendType;
VIR_ENUM_DECL(virDomainNetBackend);

typedef enum {
    VIR_DOMAIN_NET_MODEL_DEFAULT,  /* absent */
    VIR_DOMAIN_NET_MODEL_VIRTIO,
    VIR_DOMAIN_NET_MODEL_E1000,
    VIR_DOMAIN_NET_MODEL_E1000E,
    VIR_DOMAIN_NET_MODEL_RTL8139,

    VIR_DOMAIN_NET_MODEL_LAST
} virDomainNetModelType;
VIR_ENUM_DECL(virDomainNetModel);

typedef enum {
    VIR_DOMAIN_NET_MACVTAP_MODE_VEPA,
    VIR_DOMAIN_NET_MACVTAP_MODE_PRIVATE,
    VIR_DOMAIN_NET_MACVTAP_MODE_BRIDGE,
    VIR_DOMAIN_NET_MACVTAP_MODE_PASSTHROUGH,

    VIR_DOMAIN_NET_MACVTAP_MODE_LAST
} virDomainNetMacvtapMode;
VIR_ENUM_DECL(virDomainNetMacvtapMode);

typedef enum {
    VIR_DOMAIN_NET_LINK_STATE_DEFAULT,  /* absent */
    VIR_DOMAIN_NET_LINK_STATE_UP,
    VIR_DOMAIN_NET_LINK_STATE_DOWN,

    VIR_DOMAIN_NET_LINK_STATE_LAST
} virDomainNetLinkState;
VIR_ENUM_DECL(virDomainNetLinkState);

typedef enum {
    VIR_NATIVE_VLAN_MODE_DEFAULT,
    VIR_NATIVE_VLAN_MODE_TAGGED,
    VIR_NATIVE_VLAN_MODE_UNTAGGED,

    VIR_NATIVE_VLAN_MODE_LAST
} virNativeVlanMode;
VIR_ENUM_DECL(virNativeVlanMode);

typedef struct _virNetDevVlan virNetDevVlan;
struct _virNetDevVlan {
    bool trunk;
    unsigned int *tags;          /* 0..4095 */
    size_t ntags;
    virNativeVlanMode nativeMode;
    unsigned int nativeTag;
};

typedef struct _virNWFilterParam virNWFilterParam;
struct _virNWFilterParam {
    char *name;
    char *value;
};

typedef struct _virDomainNetFilterRef virDomainNetFilterRef;
struct _virDomainNetFilterRef {
    char *filter;
    virNWFilterParam *params;
    size_t nparams;
};

/* <portForward proto=>: which passt option forwards the ports. */
typedef enum {
    VIR_DOMAIN_NET_PROTO_TCP,
    VIR_DOMAIN_NET_PROTO_UDP,

    VIR_DOMAIN_NET_PROTO_LAST
} virDomainNetProto;
VIR_ENUM_DECL(virDomainNetProto);

/* <range start= end= to= exclude=/> of a <portForward>. */
typedef struct _virDomainNetPortForwardRange virDomainNetPortForwardRange;
struct _virDomainNetPortForwardRange {
    unsigned int start;          /* 1..65535 */
    unsigned int end;            /* 0 = start alone */
    unsigned int to;             /* guest port of @start, 0 = the same */
    bool exclude;                /* exclude='yes': not forwarded */
};

/* <portForward proto= address= dev=> of a passt NIC: host ports passt
 * listens on and forwards to the guest. */
typedef struct _virDomainNetPortForward virDomainNetPortForward;
struct _virDomainNetPortForward {
    virDomainNetProto proto;
    char *address;               /* host address to listen on, NULL = all */
    char *dev;                   /* host interface to listen on, NULL = all */
    virDomainNetPortForwardRange *ranges;
    size_t nranges;
};

/* <ip address= prefix= family=/> of a user-mode NIC: the guest's address
 * (passt hands it out by DHCP/NDP). */
typedef struct _virDomainNetIP virDomainNetIP;
struct _virDomainNetIP {
    char *address;
    unsigned int prefix;         /* 0 = absent */
    bool ipv6;
};

/* The options of a virtio NIC's <driver> the QEMU driver acts on
 * (domain_net_driver_conf.c): attributes of <driver>, then of its <host>
 * and <guest> children. */
typedef enum {
    VIR_DOMAIN_NET_DRIVER_OPT_TXMODE,
    VIR_DOMAIN_NET_DRIVER_OPT_IOEVENTFD,
    VIR_DOMAIN_NET_DRIVER_OPT_EVENT_IDX,
    VIR_DOMAIN_NET_DRIVER_OPT_RX_QUEUE_SIZE,
    VIR_DOMAIN_NET_DRIVER_OPT_TX_QUEUE_SIZE,
    VIR_DOMAIN_NET_DRIVER_OPT_RSS,
    VIR_DOMAIN_NET_DRIVER_OPT_RSS_HASH_REPORT,
    VIR_DOMAIN_NET_DRIVER_OPT_IOMMU,
    VIR_DOMAIN_NET_DRIVER_OPT_ATS,
    VIR_DOMAIN_NET_DRIVER_OPT_PACKED,
    VIR_DOMAIN_NET_DRIVER_OPT_PAGE_PER_VQ,
    VIR_DOMAIN_NET_DRIVER_OPT_HOST_CSUM,
    VIR_DOMAIN_NET_DRIVER_OPT_HOST_GSO,
    VIR_DOMAIN_NET_DRIVER_OPT_HOST_TSO4,
    VIR_DOMAIN_NET_DRIVER_OPT_HOST_TSO6,
    VIR_DOMAIN_NET_DRIVER_OPT_HOST_ECN,
    VIR_DOMAIN_NET_DRIVER_OPT_HOST_UFO,
    VIR_DOMAIN_NET_DRIVER_OPT_HOST_MRG_RXBUF,
    VIR_DOMAIN_NET_DRIVER_OPT_GUEST_CSUM,
    VIR_DOMAIN_NET_DRIVER_OPT_GUEST_TSO4,
    VIR_DOMAIN_NET_DRIVER_OPT_GUEST_TSO6,
    VIR_DOMAIN_NET_DRIVER_OPT_GUEST_ECN,
    VIR_DOMAIN_NET_DRIVER_OPT_GUEST_UFO,

    VIR_DOMAIN_NET_DRIVER_OPT_LAST
} virDomainNetDriverOpt;

/* What an option's value is. */
typedef enum {
    VIR_DOMAIN_NET_DRIVER_OPT_KIND_SWITCH,      /* "on" or "off" */
    VIR_DOMAIN_NET_DRIVER_OPT_KIND_QUEUE_SIZE,  /* a power of two */
    VIR_DOMAIN_NET_DRIVER_OPT_KIND_TXMODE,      /* "iothread" or "timer" */
} virDomainNetDriverOptKind;

/* The kind of value of @opt. */
virDomainNetDriverOptKind virDomainNetDriverOptKindOf(virDomainNetDriverOpt opt);

/* The XML attribute of @opt ("rx_queue_size", "tso4"), static. */
const char *virDomainNetDriverOptName(virDomainNetDriverOpt opt);

typedef struct _virDomainNetDef virDomainNetDef;
struct _virDomainNetDef {
    virDomainNetType type;
    virMacAddr mac;
    bool macGenerated;           /* filled by post-parse */

    /* <source>: which member is used depends on @type */
    char *sourceBridge;          /* bridge; network: the bridge its port
                                  * landed on (live and status XML only) */
    char *sourceNetwork;         /* network */
    char *sourcePortgroup;       /* network */
    char *sourceDev;             /* direct; user: the host interface passt binds to */
    virDomainNetMacvtapMode sourceMode; /* direct */

    char *ifname;                /* <target dev=>; for networkd set live only */
    virTristateBool managedTap;  /* <target managed=> */

    virDomainNetModelType model;

    virDomainNetBackendType backend;
    char *backendTap;            /* <backend tap=>  (upstream) */
    char *backendVhost;          /* <backend vhost=> (upstream) */
    char *backendLogFile;        /* <backend logFile=> of passt (upstream) */

    char *driverName;            /* <driver name=> "vhost"/"qemu" */
    /* the virtio options of <driver> as written (checked), NULL when
     * absent; the attributes and <host>/<guest> also stay kept verbatim
     * in @kept, which formats them */
    char *driverOpts[VIR_DOMAIN_NET_DRIVER_OPT_LAST];
    unsigned int queues;         /* <driver queues=>, 0 = absent */
    unsigned int mtu;            /* <mtu size=>, 0 = absent */
    virDomainNetLinkState linkState;

    virNetDevBandwidthDef *bandwidth;   /* NULL when absent */
    virNetDevVlan *vlan;             /* NULL when absent */
    virDomainNetFilterRef *filterref;/* NULL when absent */
    /* <virtualport type=><parameters interfaceid=/>, read (the element
     * itself is kept verbatim): type 'openvswitch' on a bridge NIC makes
     * the networkd port an Open vSwitch one */
    char *virtualportType;           /* NULL when absent */
    char *virtualportInterfaceID;    /* NULL when absent */

    char *alias;                 /* "net0", or user alias "ua-..." */
    virPCIDeviceAddress pci;
    unsigned int bootIndex;      /* <boot order=>, 0 = absent */
    /* Upstream elements and <driver> attributes kept verbatim, not acted
     * on (rom, coalesce, tune, <driver txmode=>, ...). */
    virDomainUnmodelled *kept;
    size_t nkept;

    /* user NICs: <portForward> and <ip>, read for passt.  The elements
     * are also kept verbatim (in @kept) so that formatting writes them
     * back where and as the document had them. */
    virDomainNetPortForward *portForwards;
    size_t nportForwards;
    virDomainNetIP *ips;
    size_t nips;

    /* Live state (status XML only, never in the persistent config). */
    char *portUUID;              /* networkd port that backs this NIC */
};

/* <vcpu placement=>. */
typedef enum {
    VIR_DOMAIN_CPU_PLACEMENT_DEFAULT,  /* absent */
    VIR_DOMAIN_CPU_PLACEMENT_STATIC,
    VIR_DOMAIN_CPU_PLACEMENT_AUTO,     /* numad decides: not done at start */

    VIR_DOMAIN_CPU_PLACEMENT_LAST
} virDomainCpuPlacement;
VIR_ENUM_DECL(virDomainCpuPlacement);

/* The events of <on_poweroff>, <on_reboot> and <on_crash>. */
typedef enum {
    VIR_DOMAIN_LIFECYCLE_POWEROFF,
    VIR_DOMAIN_LIFECYCLE_REBOOT,
    VIR_DOMAIN_LIFECYCLE_CRASH,

    VIR_DOMAIN_LIFECYCLE_LAST
} virDomainLifecycle;

/* What happens on a lifecycle event (upstream's values). */
typedef enum {
    VIR_DOMAIN_LIFECYCLE_ACTION_DEFAULT,  /* element absent */
    VIR_DOMAIN_LIFECYCLE_ACTION_DESTROY,
    VIR_DOMAIN_LIFECYCLE_ACTION_RESTART,
    VIR_DOMAIN_LIFECYCLE_ACTION_RESTART_RENAME,
    VIR_DOMAIN_LIFECYCLE_ACTION_PRESERVE,
    VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY,  /* on_crash only */
    VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_RESTART,  /* on_crash only */

    VIR_DOMAIN_LIFECYCLE_ACTION_LAST
} virDomainLifecycleAction;
VIR_ENUM_DECL(virDomainLifecycleAction);

/* An on/off switch of the XML (state='on|off'), or absent. */
typedef enum {
    VIR_TRISTATE_SWITCH_ABSENT,
    VIR_TRISTATE_SWITCH_ON,
    VIR_TRISTATE_SWITCH_OFF,

    VIR_TRISTATE_SWITCH_LAST
} virTristateSwitch;
VIR_ENUM_DECL(virTristateSwitch);

/* The children of <features> the tree acts on (in upstream's order). */
typedef enum {
    VIR_DOMAIN_FEATURE_ACPI,    /* <acpi/> */
    VIR_DOMAIN_FEATURE_APIC,    /* <apic/> */
    VIR_DOMAIN_FEATURE_PAE,     /* <pae/> */
    VIR_DOMAIN_FEATURE_VMPORT,  /* <vmport state=/> */
    VIR_DOMAIN_FEATURE_SMM,     /* <smm state=/> */

    VIR_DOMAIN_FEATURE_LAST
} virDomainFeature;
VIR_ENUM_DECL(virDomainFeature);

/* <clock offset=>. */
typedef enum {
    VIR_DOMAIN_CLOCK_OFFSET_UTC,
    VIR_DOMAIN_CLOCK_OFFSET_LOCALTIME,

    VIR_DOMAIN_CLOCK_OFFSET_LAST
} virDomainClockOffset;
VIR_ENUM_DECL(virDomainClockOffset);

/* <timer name=> (upstream's names). */
typedef enum {
    VIR_DOMAIN_TIMER_NAME_PLATFORM,
    VIR_DOMAIN_TIMER_NAME_PIT,
    VIR_DOMAIN_TIMER_NAME_RTC,
    VIR_DOMAIN_TIMER_NAME_HPET,
    VIR_DOMAIN_TIMER_NAME_TSC,
    VIR_DOMAIN_TIMER_NAME_KVMCLOCK,
    VIR_DOMAIN_TIMER_NAME_HYPERVCLOCK,
    VIR_DOMAIN_TIMER_NAME_ARMVTIMER,

    VIR_DOMAIN_TIMER_NAME_LAST
} virDomainTimerName;
VIR_ENUM_DECL(virDomainTimerName);

/* <timer tickpolicy=>. */
typedef enum {
    VIR_DOMAIN_TIMER_TICKPOLICY_DEFAULT,  /* absent */
    VIR_DOMAIN_TIMER_TICKPOLICY_DELAY,
    VIR_DOMAIN_TIMER_TICKPOLICY_CATCHUP,
    VIR_DOMAIN_TIMER_TICKPOLICY_MERGE,
    VIR_DOMAIN_TIMER_TICKPOLICY_DISCARD,

    VIR_DOMAIN_TIMER_TICKPOLICY_LAST
} virDomainTimerTickpolicy;
VIR_ENUM_DECL(virDomainTimerTickpolicy);

/* <timer name= present= tickpolicy=/> */
typedef struct _virDomainTimerDef virDomainTimerDef;
struct _virDomainTimerDef {
    virDomainTimerName name;
    virTristateBool present;
    virDomainTimerTickpolicy tickpolicy;
};

/* <cpu mode=>. */
typedef enum {
    VIR_DOMAIN_CPU_MODE_CUSTOM,
    VIR_DOMAIN_CPU_MODE_HOST_MODEL,
    VIR_DOMAIN_CPU_MODE_HOST_PASSTHROUGH,
    VIR_DOMAIN_CPU_MODE_MAXIMUM,

    VIR_DOMAIN_CPU_MODE_LAST
} virDomainCpuMode;
VIR_ENUM_DECL(virDomainCpuMode);

/* <cpu match=>. */
typedef enum {
    VIR_DOMAIN_CPU_MATCH_DEFAULT,  /* absent */
    VIR_DOMAIN_CPU_MATCH_MINIMUM,
    VIR_DOMAIN_CPU_MATCH_EXACT,
    VIR_DOMAIN_CPU_MATCH_STRICT,

    VIR_DOMAIN_CPU_MATCH_LAST
} virDomainCpuMatch;
VIR_ENUM_DECL(virDomainCpuMatch);

/* <cpu check=>. */
typedef enum {
    VIR_DOMAIN_CPU_CHECK_DEFAULT,  /* absent */
    VIR_DOMAIN_CPU_CHECK_NONE,
    VIR_DOMAIN_CPU_CHECK_PARTIAL,
    VIR_DOMAIN_CPU_CHECK_FULL,

    VIR_DOMAIN_CPU_CHECK_LAST
} virDomainCpuCheck;
VIR_ENUM_DECL(virDomainCpuCheck);

/* <model fallback=>. */
typedef enum {
    VIR_DOMAIN_CPU_FALLBACK_DEFAULT,  /* absent */
    VIR_DOMAIN_CPU_FALLBACK_ALLOW,
    VIR_DOMAIN_CPU_FALLBACK_FORBID,

    VIR_DOMAIN_CPU_FALLBACK_LAST
} virDomainCpuFallback;
VIR_ENUM_DECL(virDomainCpuFallback);

/* <feature policy=>. */
typedef enum {
    VIR_DOMAIN_CPU_FEATURE_FORCE,
    VIR_DOMAIN_CPU_FEATURE_REQUIRE,
    VIR_DOMAIN_CPU_FEATURE_OPTIONAL,
    VIR_DOMAIN_CPU_FEATURE_DISABLE,
    VIR_DOMAIN_CPU_FEATURE_FORBID,

    VIR_DOMAIN_CPU_FEATURE_LAST
} virDomainCpuFeaturePolicy;
VIR_ENUM_DECL(virDomainCpuFeaturePolicy);

typedef struct _virDomainCpuFeatureDef virDomainCpuFeatureDef;
struct _virDomainCpuFeatureDef {
    virDomainCpuFeaturePolicy policy;
    char *name;
};

/* <cpu> in the form the model can express (domain_cpu_conf.c); any
 * other <cpu> stays unmodelled, kept verbatim. */
typedef struct _virDomainCpuDef virDomainCpuDef;
struct _virDomainCpuDef {
    virDomainCpuMode mode;
    bool modeGiven;               /* mode= was written (custom is the default) */
    virDomainCpuMatch match;
    virDomainCpuCheck check;
    virTristateSwitch migratable;
    char *model;                  /* <model>, NULL if absent */
    virDomainCpuFallback fallback;
    /* <topology>: all 0 when absent */
    unsigned int sockets;
    unsigned int dies;            /* 0 = absent inside <topology> */
    unsigned int cores;
    unsigned int threads;
    virDomainCpuFeatureDef *features;
    size_t nfeatures;
};

/* <memballoon model=>. */
typedef enum {
    VIR_DOMAIN_MEMBALLOON_MODEL_VIRTIO,
    VIR_DOMAIN_MEMBALLOON_MODEL_NONE,

    VIR_DOMAIN_MEMBALLOON_MODEL_LAST
} virDomainMemballoonModel;
VIR_ENUM_DECL(virDomainMemballoonModel);

/* <memballoon model= autodeflate= freePageReporting=> with <alias> and a
 * PCI <address> (domain_device_conf.c); any other form stays unmodelled. */
typedef struct _virDomainMemballoonDef virDomainMemballoonDef;
struct _virDomainMemballoonDef {
    virDomainMemballoonModel model;
    virTristateSwitch autodeflate;
    virTristateSwitch freePageReporting;
    char *alias;
    virPCIDeviceAddress pci;
};

/* <rng model='virtio'><backend model='random'>PATH</backend> with
 * <alias> and a PCI <address>; any other form stays unmodelled. */
typedef struct _virDomainRNGDef virDomainRNGDef;
struct _virDomainRNGDef {
    char *path;          /* the random backend's device, "/dev/urandom" */
    char *alias;
    virPCIDeviceAddress pci;
};

/* <controller type=> the model covers. */
typedef enum {
    VIR_DOMAIN_CONTROLLER_TYPE_USB,
    VIR_DOMAIN_CONTROLLER_TYPE_PCI,
    VIR_DOMAIN_CONTROLLER_TYPE_SATA,
    VIR_DOMAIN_CONTROLLER_TYPE_IDE,
    VIR_DOMAIN_CONTROLLER_TYPE_VIRTIO_SERIAL,
    VIR_DOMAIN_CONTROLLER_TYPE_SCSI,

    VIR_DOMAIN_CONTROLLER_TYPE_LAST
} virDomainControllerType;
VIR_ENUM_DECL(virDomainControllerType);

/* <controller type= index= model=> with <master startport=> (USB
 * companions), <alias> and a PCI <address> (domain_controller_conf.c);
 * any other form stays unmodelled. */
typedef struct _virDomainControllerDef virDomainControllerDef;
struct _virDomainControllerDef {
    virDomainControllerType type;
    unsigned int index;
    bool indexAbsent;             /* no index=: post-parse chose @index */
    char *model;                  /* as written, NULL if absent */
    int startport;                /* <master startport=>, -1 if absent */
    int ports;                    /* type='usb' ports= (1-15), -1 if absent */
    char *alias;
    virPCIDeviceAddress pci;
    /* type='pci' only (domain_addr.h): <model name=> and <target chassisNr=
     * chassis= port= hotplug=>; -1 / NULL / ABSENT when not given */
    char *modelName;
    int chassisNr;
    int chassis;
    int port;
    virTristateSwitch hotplug;
};

typedef enum {
    VIR_DOMAIN_INPUT_TYPE_MOUSE,
    VIR_DOMAIN_INPUT_TYPE_TABLET,
    VIR_DOMAIN_INPUT_TYPE_KEYBOARD,

    VIR_DOMAIN_INPUT_TYPE_LAST
} virDomainInputType;
VIR_ENUM_DECL(virDomainInputType);

typedef enum {
    VIR_DOMAIN_INPUT_BUS_PS2,
    VIR_DOMAIN_INPUT_BUS_USB,
    VIR_DOMAIN_INPUT_BUS_VIRTIO,

    VIR_DOMAIN_INPUT_BUS_LAST
} virDomainInputBus;
VIR_ENUM_DECL(virDomainInputBus);

/* <input type= bus=> with <alias> and a PCI (virtio) or USB (usb:
 * bus 0, port) <address>. */
typedef struct _virDomainInputDef virDomainInputDef;
struct _virDomainInputDef {
    virDomainInputType type;
    virDomainInputBus bus;
    char *alias;
    virPCIDeviceAddress pci;
    char *usbPort;                /* <address type='usb' bus='0' port=>, NULL if absent */
};

/* <channel type=>. */
typedef enum {
    VIR_DOMAIN_CHANNEL_TYPE_UNIX,      /* a UNIX socket (the guest agent) */
    VIR_DOMAIN_CHANNEL_TYPE_SPICEVMC,  /* the SPICE agent, through SPICE */

    VIR_DOMAIN_CHANNEL_TYPE_LAST
} virDomainChannelType;
VIR_ENUM_DECL(virDomainChannel);

/* <channel type='unix'><source mode='bind' path=/><target type='virtio'
 * name=/>, or <channel type='spicevmc'> with its virtio target, with
 * <alias> and a virtio-serial <address> (controller 0, bus 0, port=)
 * (domain_device_conf.c); any other form stays unmodelled. */
typedef struct _virDomainChannelDef virDomainChannelDef;
struct _virDomainChannelDef {
    virDomainChannelType type;
    char *path;          /* the socket, NULL: chosen by the driver */
    char *targetName;    /* "org.qemu.guest_agent.0" */
    char *alias;
    unsigned int port;   /* virtio-serial port, 0 = absent */
};

typedef struct _virDomainDef virDomainDef;
struct _virDomainDef {
    virDomainVirtType virtType;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    char *title;
    char *description;

    unsigned long long memory;         /* KiB */
    virTristateSwitch memoryDumpCore;  /* <memory dumpCore=> */
    unsigned long long currentMemory;  /* KiB, 0 = same as memory */
    unsigned int vcpus;                /* <vcpu>: the maximum */
    unsigned int vcpusCurrent;         /* <vcpu current=>, 0 = absent */
    virDomainCpuPlacement vcpuPlacement;
    char *vcpuCpuset;                  /* <vcpu cpuset=> as written, NULL if absent */
    /* <on_poweroff>, <on_reboot>, <on_crash>, indexed by virDomainLifecycle */
    virDomainLifecycleAction onActions[VIR_DOMAIN_LIFECYCLE_LAST];

    /* <features>: present at all, the modelled children, and the others
     * kept verbatim (start refuses those, naming them) */
    bool hasFeatures;
    virTristateSwitch features[VIR_DOMAIN_FEATURE_LAST];
    virDomainUnmodelled *featuresKept;
    size_t nfeaturesKept;

    virDomainCpuDef *cpu;              /* NULL when absent or unmodelled */

    /* <clock offset=> with its timers; a <clock> the model cannot express
     * (other offsets, adjustment, timer details) stays unmodelled */
    bool hasClock;
    virDomainClockOffset clockOffset;
    virDomainTimerDef *timers;
    size_t ntimers;

    /* <pm>: <suspend-to-mem enabled=>, <suspend-to-disk enabled=> */
    bool hasPM;
    virTristateBool pmSuspendToMem;
    virTristateBool pmSuspendToDisk;

    virDomainOSDef os;
    char *emulator;

    virDomainDiskDef **disks;
    size_t ndisks;
    virDomainNetDef **nets;
    size_t nnets;
    virDomainChrDef **serials;
    size_t nserials;
    virDomainChrDef **consoles;
    size_t nconsoles;
    virDomainControllerDef **controllers;
    size_t ncontrollers;
    virDomainChannelDef **channels;
    size_t nchannels;
    virDomainInputDef **inputs;
    size_t ninputs;
    virDomainMemballoonDef *memballoon;   /* NULL when absent */
    virDomainRNGDef **rngs;
    size_t nrngs;
    virDomainGraphicsDef **graphics;
    size_t ngraphics;
    virDomainVideoDef **videos;
    size_t nvideos;
    virDomainSoundDef **sounds;
    size_t nsounds;
    virDomainAudioDef **audios;
    size_t naudios;
    virDomainWatchdogDef **watchdogs;
    size_t nwatchdogs;
    virDomainPanicDef **panics;
    size_t npanics;
    virDomainRedirdevDef **redirdevs;
    size_t nredirdevs;

    /* Children of <domain> we keep verbatim, in document order. */
    virDomainUnmodelled *unmodelled;
    size_t nunmodelled;
    /* Children of <devices> we keep verbatim, in document order. */
    virDomainUnmodelled *unmodelledDevices;
    size_t nunmodelledDevices;
};

typedef enum {
    /* Also check the document against src/conf/schemas/domain.rng
     * (virsh define --validate; virsh validate does only this check). */
    VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA = 1 << 0,
    /* Accept live-only elements (status XML written by the driver).
     * Without it, the live-only data upstream writes in "virsh dumpxml" of
     * a running guest is dropped like upstream's define drops it: <domain
     * id=>, device aliases not starting with "ua-", generated tap names
     * (vnet*, macvtap*, macvlan*) in <interface><target dev=>, <source
     * portid= bridge=> of network interfaces, <disk><source index=>, pty
     * paths and the console's tty=. */
    VIR_DOMAIN_DEF_PARSE_STATUS = 1 << 1,
} virDomainDefParseFlags;

typedef enum {
    /* Leave out live-only data (actual ifname of networkd ports, ...). */
    VIR_DOMAIN_DEF_FORMAT_INACTIVE = 1 << 0,
    /* Include live-only data for the status file. */
    VIR_DOMAIN_DEF_FORMAT_STATUS = 1 << 1,
} virDomainDefFormatFlags;

virDomainDef *virDomainDefNew(void);
void virDomainDefFree(virDomainDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainDef, virDomainDefFree);
void virDomainNetDefFree(virDomainNetDef *net);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainNetDef, virDomainNetDefFree);

/* Parse, post-parse and validate.  @filename is used in error messages
 * (NULL: "(string)").  Returns a new definition, or NULL with one error
 * reported. */
virDomainDef *virDomainDefParseString(const char *xml,
                                      const char *filename,
                                      unsigned int flags);
virDomainDef *virDomainDefParseFile(const char *path, unsigned int flags);

/* Returns the XML document (caller frees), or NULL with an error. */
char *virDomainDefFormat(const virDomainDef *def, unsigned int flags);

/* Whether the kept piece @keptName of @net ("interface/ip", ...) is acted
 * on after all (an Open vSwitch <virtualport>, a virtio NIC's <driver>
 * options, a user NIC's <ip>, passt's <portForward>, an ethernet NIC's
 * <ip>/<route>, which its host side refuses itself): the one list the
 * define-time summary and the start-time refusal share. */
bool virDomainNetKeptActedOn(const virDomainNetDef *net, const char *keptName);

/* CPU numbers in a cpuset stay below this (upstream's bound). */
#define VIR_DOMAIN_CPUSET_MAX 16384

/* The CPUs that cpuset @cpuset ("0-3,^2,8", checked at parse) names, in
 * ascending order (guint values; caller frees), e.g. for <vcpu cpuset=>.
 * NULL when @cpuset is not a valid cpuset or names no CPU. */
GArray *virDomainCpusetCPUs(const char *cpuset);

/* The element name of lifecycle @event ("on_reboot"). */
const char *virDomainLifecycleElementName(virDomainLifecycle event);

/* ---- a NIC's backend, decided once (domain_net_backend.c) ----------------
 * Which backend fits which interface type, what an absent backend means,
 * which host side the driver must provide and what that host side allows
 * (multiqueue, vhost).  Validation, the QEMU driver (interface connection,
 * command line, process start) and virsh all ask here. */

/* Effective backend of @net once defaults are resolved: networkd for
 * bridge/network/direct when absent, user-mode for user, none for
 * ethernet. */
virDomainNetBackendType virDomainNetResolveBackend(const virDomainNetDef *net);

/* True when <backend type=@backend> may be given on <interface
 * type=@type> (DEFAULT always may). */
bool virDomainNetBackendFitsType(virDomainNetType type,
                                 virDomainNetBackendType backend);

/* Who provides the host side of a NIC. */
typedef enum {
    VIR_DOMAIN_NET_HOST_NETWORKD,       /* tap fds from libvirt-networkd */
    VIR_DOMAIN_NET_HOST_TAP,            /* an existing tap, opened by the driver */
    VIR_DOMAIN_NET_HOST_BRIDGE_HELPER,  /* QEMU execs qemu.conf's bridge helper */
    VIR_DOMAIN_NET_HOST_USER,           /* QEMU's own user-mode stack */
    VIR_DOMAIN_NET_HOST_PASST,          /* passt, through its UNIX socket */

    VIR_DOMAIN_NET_HOST_LAST
} virDomainNetHostType;
VIR_ENUM_DECL(virDomainNetHost);

/* The resolved host side of one NIC. */
typedef struct _virDomainNetHost virDomainNetHost;
struct _virDomainNetHost {
    virDomainNetHostType type;
    virDomainNetBackendType backend;  /* resolved (virDomainNetResolveBackend) */
    unsigned int queues;              /* >= 1: one tap fd per queue */
    bool vhost;                       /* <driver name='vhost'/>: vhost-net or fail */
    /* upstream's default for a virtio NIC on a tap of ours without
     * <driver name='qemu'/>: vhost-net when the device opens, else
     * silently without (@vhost forces it) */
    bool vhostIfAvailable;
    bool tapFds;                      /* the caller passes tap fds (fd=/fds=) */
};

/* The vhost-net device a NIC with @host->vhost or @host->vhostIfAvailable
 * opens: <backend vhost=> on an existing tap, else /dev/vhost-net. */
const char *virDomainNetVhostPath(const virDomainNetDef *net, const virDomainNetHost *host);

/* Fills @host for @net.  Returns 0, or -1 with an error when the NIC
 * cannot be given a host side as written (an ethernet NIC without an
 * existing tap; multiqueue or vhost where the host side has no tap of
 * ours). */
int virDomainNetResolveHost(const virDomainNetDef *net, virDomainNetHost *host);

/* Who provides the host side of @net, without virDomainNetResolveHost's
 * checks: VIR_DOMAIN_NET_HOST_LAST when the backend fits no rule. */
virDomainNetHostType virDomainNetResolveHostType(const virDomainNetDef *net);

/* The UNIX socket of passt NIC def->nets[@idx]: RUNDIR/passt/STEM-ALIAS.socket
 * (STEM: the domain name's virDomainNameFileStem)
 * (ALIAS "netIDX" when the NIC has none), which QEMU listens on; shared
 * by the QEMU driver and the AppArmor profile.  Caller frees. */
char *virDomainNetPasstSocketPath(const char *runDir, const virDomainDef *def, size_t idx);

/* True when QEMU will exec the bridge helper for some NIC of @def. */
bool virDomainDefUsesBridgeHelper(const virDomainDef *def);

/* The "source" column of domiflist: bridge, network, dev, or "-". */
const char *virDomainNetGetSourceName(const virDomainNetDef *net);
