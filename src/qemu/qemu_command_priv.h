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
};

void qemuCommandAddArg(qemuBuildContext *ctx, const char *arg);
void qemuCommandAddArgPair(qemuBuildContext *ctx, const char *opt, const char *val);
void qemuCommandEscapeComma(GString *buf, const char *str);
int qemuCommandAddProps(qemuBuildContext *ctx, const char *opt, JsonObject *props,
                        const char *typeKey, bool json);
int qemuBuildPCIAddressProps(qemuBuildContext *ctx, JsonObject *props,
                             const virPCIDeviceAddress *pci, const char *alias);

int qemuBuildNetArgs(qemuBuildContext *ctx);
