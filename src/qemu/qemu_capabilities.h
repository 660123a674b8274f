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

typedef struct _virQEMUMonitor virQEMUMonitor;

typedef enum {
    QEMU_CAPS_NETDEV_BRIDGE,     /* netdev_add arg-type has a 'bridge' variant */
    QEMU_CAPS_NETDEV_TAP,        /* ... 'tap' */
    QEMU_CAPS_NETDEV_USER,       /* ... 'user' (slirp compiled in) */
    QEMU_CAPS_NETDEV_STREAM,     /* ... 'stream' (passt) */
    QEMU_CAPS_NETDEV_STREAM_RECONNECT, /* ... whose client reconnects (8.0) */
    QEMU_CAPS_NETDEV_JSON,       /* -netdev accepts JSON */
    QEMU_CAPS_DEVICE_JSON,       /* -device accepts JSON */
    QEMU_CAPS_DEVICE_VIRTIO_NET, /* virtio-net-pci */
    QEMU_CAPS_DEVICE_E1000,
    QEMU_CAPS_DEVICE_E1000E,
    QEMU_CAPS_DEVICE_RTL8139,
    QEMU_CAPS_KVM,               /* query-kvm: present (compiled in) */
    QEMU_CAPS_KVM_ENABLED,       /* KVM usable on this host now: set by
                                  * virQEMUCapsCacheLookup from /dev/kvm
                                  * access, never probed (the probe runs on
                                  * TCG) and never cached */
    QEMU_CAPS_SANDBOX,           /* -sandbox with spawn= */
    QEMU_CAPS_ACCEL_TCG,
    QEMU_CAPS_VIRTIO_NET_HOST_MTU, /* virtio-net-pci host_mtu property */
    QEMU_CAPS_VNC,               /* query-vnc: built with VNC */
    QEMU_CAPS_SPICE,             /* query-spice: built with SPICE */
    QEMU_CAPS_CHARDEV_SPICEVMC,  /* chardev-add backend 'spicevmc' */
    QEMU_CAPS_DEVICE_USB_REDIR,  /* usb-redir */
    QEMU_CAPS_DEVICE_QXL,        /* qxl-vga and qxl (a module) */
    QEMU_CAPS_DEVICE_VIRTIO_VGA, /* virtio-vga */
    QEMU_CAPS_DEVICE_VIRTIO_GPU, /* virtio-gpu-pci */
    QEMU_CAPS_DEVICE_VGA,        /* VGA */
    QEMU_CAPS_DEVICE_BOCHS_DISPLAY, /* bochs-display */
    QEMU_CAPS_DEVICE_CIRRUS_VGA, /* cirrus-vga */
    QEMU_CAPS_DEVICE_ICH9_HDA,   /* ich9-intel-hda */
    QEMU_CAPS_DEVICE_INTEL_HDA,  /* intel-hda */
    QEMU_CAPS_DEVICE_AC97,       /* AC97 */
    QEMU_CAPS_DEVICE_I6300ESB,   /* i6300esb */
    QEMU_CAPS_DEVICE_PVPANIC,    /* pvpanic (the ISA one) */
    QEMU_CAPS_MACHINE_ACPI,      /* query-machines says which machines have
                                  * ACPI (QEMU 8.0+): -machine acpi=on|off
                                  * replaces -no-acpi (deprecated in 8.0) */

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
    /* Cache key: the binary's identity when it was probed (times in
     * nanoseconds since the epoch, so a touch within the same second
     * still counts), and the version of this tree that probed it (NULL
     * when not from / for the cache). */
    unsigned long long binarySize;
    long long binaryMtime;
    long long binaryCtime;
    char *selfVersion;
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

void virQEMUCapsAddMachine(virQEMUCaps *caps, const char *name, const char *alias,
                           bool isDefault, unsigned int maxCpus);
/* The default machine type's name, or NULL (borrowed). */
const char *virQEMUCapsGetDefaultMachine(const virQEMUCaps *caps);
/* The machine type @name or the alias @name stands for, or NULL. */
const char *virQEMUCapsResolveMachine(const virQEMUCaps *caps, const char *name);
/* KVM compiled in and /dev/kvm usable by this process right now. */
bool virQEMUCapsHostKVMUsable(const virQEMUCaps *caps);

/* ---- probing (qemu_capabilities.c) ----
 * The probe conversation runs over a virQEMUMonitor; starting and stopping
 * whatever is on the other end is swappable, so tests replay recorded
 * conversations through exactly the same code. */
typedef struct _virQEMUCapsProbeOps virQEMUCapsProbeOps;
struct _virQEMUCapsProbeOps {
    /* Start @binary; return a connected monitor (before the handshake)
     * and set *@handle, or NULL with an error reported. */
    virQEMUMonitor *(*start)(const char *binary, void *opaque, void **handle);
    /* Called once after start() succeeded, when the monitor is closed;
     * @failed when the conversation did not complete. */
    void (*stop)(void *handle, bool failed, void *opaque);
};
/* The default: start the real binary (virQEMUCapsProcessStart/Stop). */
extern const virQEMUCapsProbeOps virQEMUCapsProbeOpsProcess;

/* Probe @binary through @ops (NULL: a real process).  The result has no
 * cache key.  NULL with an error. */
virQEMUCaps *virQEMUCapsProbe(const char *binary, const virQEMUCapsProbeOps *ops,
                              void *opaque);
/* The conversation alone: handshake, queries, quit. */
virQEMUCaps *virQEMUCapsProbeMonitor(virQEMUMonitor *mon, const char *binary);

/* A probe process: @binary -S -machine none -accel tcg, its QMP monitor on
 * an inherited socketpair.  Stop waits for the exit after "quit" (kills
 * when @failed or on time-out), reaps, and frees. */
typedef struct _virQEMUCapsProcess virQEMUCapsProcess;
virQEMUMonitor *virQEMUCapsProcessStart(const char *binary, virQEMUCapsProcess **proc);
void virQEMUCapsProcessStop(virQEMUCapsProcess *proc, bool failed);

/* ---- the cache (qemu_capabilities_cache.c) ----
 * Probes are counted and can be redirected (tests): @ops NULL restores
 * the real process. */
void virQEMUCapsCacheSetProbeOps(const virQEMUCapsProbeOps *ops, void *opaque);
/* The cache file that virQEMUCapsCacheLookup uses for @binary. */
char *virQEMUCapsCachePath(const char *cacheDir, const char *binary);
/* How many probes virQEMUCapsCacheLookup started in this process. */
unsigned int virQEMUCapsCacheProbeCount(void);
