/*
 * domain_addr.h: device addresses of a domain (PCI, drive, USB)
 *
 * The PCI topology is the tree of <controller type='pci'> elements: the
 * root (index 0: pci-root on i440fx, pcie-root on q35) and the
 * controllers that add a bus each (pcie-root-port, pci-bridge,
 * dmi-to-pci-bridge); a device's <address type='pci' bus=N> names the
 * controller with index N.  virDomainDefAssignAddresses() gives every
 * device without an address one, as upstream libvirt does at define
 * time, so that a guest keeps its slots across restarts and edits.
 */
#pragma once

#include "domain_conf.h"

/* <controller type='pci' model=> the tree acts on. */
typedef enum {
    VIR_DOMAIN_PCI_MODEL_PCI_ROOT,
    VIR_DOMAIN_PCI_MODEL_PCIE_ROOT,
    VIR_DOMAIN_PCI_MODEL_PCI_BRIDGE,
    VIR_DOMAIN_PCI_MODEL_DMI_TO_PCI_BRIDGE,
    VIR_DOMAIN_PCI_MODEL_PCIE_ROOT_PORT,

    VIR_DOMAIN_PCI_MODEL_LAST
} virDomainPCIModel;
VIR_ENUM_DECL(virDomainPCIModel);

/* Which PCI layout a domain's machine has. */
typedef enum {
    VIR_DOMAIN_PCI_FAMILY_NONE,   /* not known: nothing is assigned */
    VIR_DOMAIN_PCI_FAMILY_PC,     /* i440fx: pci-root "pci.0" */
    VIR_DOMAIN_PCI_FAMILY_Q35,    /* q35: pcie-root "pcie.0" */
} virDomainPCIFamily;

/* The model of PCI controller @ctrl, or -1 when @ctrl is not a PCI
 * controller or its model is absent or one the tree does not act on. */
int virDomainControllerPCIModel(const virDomainControllerDef *ctrl);

/* The PCI controller with index @index, or NULL. */
const virDomainControllerDef *virDomainDefFindPCIController(const virDomainDef *def,
                                                            unsigned int index);

/* The PCI layout of @def: the model of its PCI root when it has one,
 * else its machine type (absent: QEMU's x86 default, i440fx). */
virDomainPCIFamily virDomainDefPCIFamily(const virDomainDef *def);

/* The 0-based index of a disk target's letters after the two-letter
 * prefix ("vda" 0, "sdb" 1, "hdaa" 26), or -1. */
int virDomainDiskIndexFromName(const char *dst);

/* Gives every device of @def without an address one: PCI slots (adding
 * the PCI root, pcie-root-ports, a dmi-to-pci-bridge and pci-bridges as
 * needed, and the virtio-serial and SCSI controllers that channels and
 * SCSI disks need), drive addresses of IDE/SATA/SCSI disks and USB
 * ports of USB input devices.  Addresses already given never change.
 * Returns 0 or -1 with an error (no free slot). */
int virDomainDefAssignAddresses(virDomainDef *def);
