/*
 * qemu_capabilities.h: what a QEMU binary can do, probed over QMP and cached
 *
 * Flags are derived from the binary's own QAPI schema (query-qmp-schema)
 * and a few queries; nothing is guessed from the version number.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "virenum.h"

typedef enum {
    QEMU_CAPS_NETDEV_BRIDGE,     /* netdev_add arg-type has a 'bridge' variant */
    QEMU_CAPS_NETDEV_TAP,        /* ... 'tap' */
    QEMU_CAPS_NETDEV_USER,       /* ... 'user' (slirp compiled in) */
    QEMU_CAPS_NETDEV_STREAM,     /* ... 'stream' (passt) */
    QEMU_CAPS_NETDEV_JSON,       /* -netdev accepts JSON */
    QEMU_CAPS_DEVICE_JSON,       /* -device accepts JSON */
    QEMU_CAPS_DEVICE_VIRTIO_NET, /* virtio-net-pci */
    QEMU_CAPS_DEVICE_E1000,
    QEMU_CAPS_DEVICE_E1000E,
    QEMU_CAPS_DEVICE_RTL8139,
    QEMU_CAPS_KVM,               /* query-kvm: present */
    QEMU_CAPS_KVM_ENABLED,       /* query-kvm: enabled (usable) */
    QEMU_CAPS_SANDBOX,           /* -sandbox with spawn= */
    QEMU_CAPS_ACCEL_TCG,
    QEMU_CAPS_VIRTIO_NET_HOST_MTU, /* virtio-net-pci host_mtu property */

    QEMU_CAPS_LAST
} virQEMUCapsFlag;
VIR_ENUM_DECL(virQEMUCaps);

typedef struct _virQEMUCapsMachine virQEMUCapsMachine;
struct _virQEMUCapsMachine {
    char *name;
    char *alias;     /* "pc" for the default pc-i440fx-7.2, NULL if none */
    bool isDefault;
    unsigned int maxCpus;
};

typedef struct _virQEMUCaps virQEMUCaps;
struct _virQEMUCaps {
    char *binary;
    unsigned int version;     /* major * 1000000 + minor * 1000 + micro */
    char *package;            /* the "package" string of query-version */
    char *arch;               /* "x86_64" */
    unsigned char flags[(QEMU_CAPS_LAST + 7) / 8];
    virQEMUCapsMachine *machines;
    size_t nmachines;
    /* Cache key: the binary's identity when it was probed. */
    unsigned long long binarySize;
    long long binaryMtime;
    long long binaryCtime;
};

virQEMUCaps *virQEMUCapsNew(void);
void virQEMUCapsFree(virQEMUCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUCaps, virQEMUCapsFree);

void virQEMUCapsSet(virQEMUCaps *caps, virQEMUCapsFlag flag);
void virQEMUCapsClear(virQEMUCaps *caps, virQEMUCapsFlag flag);
bool virQEMUCapsGet(const virQEMUCaps *caps, virQEMUCapsFlag flag);

/* The caps for @binary, from the cache under @cacheDir when the binary is
 * unchanged, else probed (and cached).  Returns NULL with an error. */
virQEMUCaps *virQEMUCapsCacheLookup(const char *cacheDir, const char *binary);

/* Serialize / parse the cache XML (also the expected output of
 * tests/qemucapabilitiestest). */
char *virQEMUCapsFormatCache(const virQEMUCaps *caps);
virQEMUCaps *virQEMUCapsParseCache(const char *xml, const char *filename);
