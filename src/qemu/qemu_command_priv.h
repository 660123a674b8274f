/*
 * qemu_command_priv.h: what the parts of the command line builder share
 *
 * qemu_command.c builds the machine, disks and character devices;
 * qemu_command_net.c the interfaces.  Not for use outside src/qemu.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "qemu_command.h"

typedef struct _qemuBuildContext qemuBuildContext;
struct _qemuBuildContext {
    const virDomainDef *def;
    const virQEMUCaps *caps;
    const qemuCommandParams *params;
    qemuCommand *cmd;
    const char *machine;     /* resolved machine type */
    bool q35;                /* PCIe root bus "pcie.0", AHCI instead of IDE */
    bool needSCSI;           /* a virtio-scsi controller is wanted */
    bool usesBridgeHelper;   /* QEMU must be able to exec the helper */
    bool haveUSB;            /* a USB controller "usb" was built */
    bool haveVirtioSerial;   /* <controller type='virtio-serial'> was built */
    bool haveSCSI;           /* <controller type='scsi'> built scsi0 */
};

void qemuCommandAddArg(qemuBuildContext *ctx, const char *arg);
void qemuCommandAddArgPair(qemuBuildContext *ctx, const char *opt, const char *val);
void qemuCommandEscapeComma(GString *buf, const char *str);
int qemuCommandAddProps(qemuBuildContext *ctx, const char *opt, JsonObject *props,
                        const char *typeKey, bool json);
/* "bus" (pci.0, pcie.0 or the id of the controller with that index),
 * "addr" and "multifunction" of a device's PCI address, when it has one
 * (qemu_command_controllers.c).  Returns 0 or -1 with an error naming
 * @alias (a bus no buildable controller provides). */
int qemuBuildPCIAddressProps(qemuBuildContext *ctx, JsonObject *props,
                             const virPCIDeviceAddress *pci, const char *alias);

int qemuBuildNetArgs(qemuBuildContext *ctx);

/* Refuses, naming the element and the device, the first element or
 * attribute a disk, interface, serial or console keeps but the builder
 * does not act on (qemu_command_kept.c).  Returns 0 or -1 with an error. */
int qemuBuildRefuseKeptDevices(const virDomainDef *def);
/* Whether @disk keeps an empty <backingStore/> (upstream's live XML of a
 * disk without a backing chain), which the builder acts on. */
bool qemuBuildDiskNoBacking(const virDomainDiskDef *disk);

/* ---- machine-wide settings (qemu_command_machine.c) ---- */

/* Appends the -machine properties of <features> and of the HPET timer
 * (",acpi=off,vmport=off,hpet=off") to @buf. */
void qemuBuildMachineFeatureProps(const qemuBuildContext *ctx, GString *buf);

/* The -smp value: vCPUs at start, maxcpus= for <vcpu current=>, and the
 * <cpu><topology>.  Caller frees. */
char *qemuBuildSmpArg(const virDomainDef *def);

/* <cpu> (-cpu), <clock> (-rtc, PIT policy), <pm> (-global ...disable_s3/s4) and the
 * lifecycle actions (-no-reboot).  Returns 0 or -1 with an error naming
 * what cannot be done. */
int qemuBuildMachineWideArgs(qemuBuildContext *ctx);

/* ---- small devices (qemu_command_devices.c) ---- */

/* <channel>, <memballoon> and <rng>: -device (and -chardev, -object).
 * Returns 0 or -1 with an error. */
int qemuBuildSmallDeviceArgs(qemuBuildContext *ctx);

/* ---- controllers and input (qemu_command_controllers.c) ---- */

/* -device for each <controller> the machine does not have built in;
 * before every device that names a controller's bus.  Returns 0 or -1
 * with an error. */
int qemuBuildControllerArgs(qemuBuildContext *ctx);

/* -device for each <input> (none for PS/2).  Returns 0 or -1 with an
 * error. */
int qemuBuildInputArgs(qemuBuildContext *ctx);

/* Adds the virtio-serial controller "virtio-serial0" unless one exists
 * (as upstream adds it for a virtio console or channel).  Returns 0 or
 * -1 with an error. */
int qemuBuildVirtioSerialEnsure(qemuBuildContext *ctx);

/* ---- displays and SPICE channels (qemu_command_graphics.c) ---- */

/* -vnc and -spice for each <graphics>, then the <video> devices.
 * Returns 0 or -1 with an error (the binary lacks the server or the
 * device, a second display of a kind, ...). */
int qemuBuildGraphicsArgs(qemuBuildContext *ctx);

/* -chardev spicevmc,id=@id,name=@name for the device @what ("<channel>",
 * "<redirdev>"): needs a SPICE display and the chardev in the binary.
 * Returns 0 or -1 with an error. */
int qemuBuildSpicevmcChardev(qemuBuildContext *ctx, const char *what, const char *id,
                             const char *name);

/* A spicevmc chardev and usb-redir for each <redirdev>.  Returns 0 or
 * -1 with an error. */
int qemuBuildRedirdevArgs(qemuBuildContext *ctx);

/* ---- sound (qemu_command_sound.c) ---- */

/* -audiodev for each <audio> (or the default one sound cards need) and
 * -device for each <sound> with its codecs.  Returns 0 or -1 with an
 * error. */
int qemuBuildSoundArgs(qemuBuildContext *ctx);

/* ---- watchdogs and panic devices (qemu_command_watchdog.c) ---- */

/* -device for each <watchdog> with the machine's -action watchdog=, and
 * -device pvpanic for <panic>.  Returns 0 or -1 with an error. */
int qemuBuildWatchdogArgs(qemuBuildContext *ctx);
