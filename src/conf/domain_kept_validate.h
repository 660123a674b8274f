/*
 * domain_kept_validate.h: upstream's define-time rules for elements the
 * domain model keeps verbatim without modelling them
 *
 * <os> children (<loader>, <nvram>, <firmware>, ...), <sysinfo>,
 * <seclabel>, <cpu> beyond the model, <cputune>, <numatune>,
 * <memoryBacking>, <maxMemory>, memory devices, pseries and SMM
 * features, <hostdev>, <iommu>, <filesystem>, expander buses, <tpm>,
 * <hub>, network disks and the other devices the model cannot express
 * are kept as they were written (and start refuses them); define still
 * refuses what upstream refuses about them at parse and validate time.
 *
 * One mechanism applies all these rules: each kept element is read back
 * from its stored text (virDomainKeptNodeFind(), line numbers as in the
 * document it came from) just far enough to check them, next to what
 * the model holds; virDomainDefValidate() runs them, so they hold
 * wherever a definition is validated (define, and the load of stored
 * definitions and status files).  Nothing here changes the definition.
 * Not for use outside src/conf.
 */
#pragma once

#include "domain_conf_priv.h"

/* @s, or "" when it is NULL (for messages). */
#define VIR_DOMAIN_KEPT_STR(s) ((s) ? (s) : "")

/* What the tuning rules learn that the device rules need too. */
typedef struct _virDomainKeptFacts virDomainKeptFacts;
struct _virDomainKeptFacts {
    size_t ncells;   /* <cpu><numa><cell>s; 0 = no guest NUMA */
};

/* One kept element read back from its stored text. */
typedef struct _virDomainKeptNode virDomainKeptNode;
struct _virDomainKeptNode {
    xmlDoc *doc;
    xmlNode *root;   /* the element; NULL when there is none */
};

/* Read back the first element called @name (NULL: any) of @list (n
 * items) at or after *@from (updated to the one after it; NULL: from the
 * start) into @out, its nodes numbered with the lines of the document it
 * was parsed from.  Returns 1 when found, 0 when there is none, -1 with
 * an error. */
int virDomainKeptNodeFind(const virDomainUnmodelled *list, size_t n,
                          const char *name, size_t *from,
                          virDomainKeptNode *out);

/* Free what virDomainKeptNodeFind() read back. */
void virDomainKeptNodeClear(virDomainKeptNode *node);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(virDomainKeptNode, virDomainKeptNodeClear);

/* The first child element of @node named @name, or NULL. */
xmlNode *virDomainKeptChild(const xmlNode *node, const char *name);

/* True when attribute @name of @node equals @value (false when absent). */
bool virDomainKeptAttrIs(const xmlNode *node, const char *name, const char *value);

/* True when @def's guest is x86 (arch x86_64 or i686, or no arch given). */
bool virDomainKeptIsX86(const virDomainDef *def);

/* The nodes of the node set @nodeset ("0-3,^2") with the same syntax as a
 * cpuset, or NULL with an error naming @what when it is invalid or
 * empty. */
GArray *virDomainKeptNodeset(const char *nodeset, const char *what);

/* The <target><node>N</node> of kept device @device (@what names it in
 * the error) into *@node, -1 when it has none.  Returns 0 or -1 with an
 * error. */
int virDomainKeptTargetNode(const xmlNode *device, const char *what, long long *node);

/* The kept <cpu>, <cputune>, <numatune>, <memoryBacking>, <maxMemory>,
 * memory devices and <features> (domain_kept_validate_tuning.c), filling
 * @facts.  Returns 0 or -1 with an error. */
int virDomainKeptValidateTuning(const virDomainDef *def, virDomainKeptFacts *facts);

/* <hostdev>, <iommu>, <filesystem> and PCI expander buses
 * (domain_kept_validate_devices.c).  Returns 0 or -1 with an error. */
int virDomainKeptValidateDevices(const virDomainDef *def,
                                 const virDomainKeptFacts *facts);

/* The kept children of <os> (loader, nvram, firmware features, boot
 * menu, BIOS), <sysinfo> and <seclabel> (domain_kept_validate_os.c).
 * Returns 0 or -1 with an error. */
int virDomainKeptValidateOS(const virDomainDef *def);

/* The system UUID of the kept SMBIOS <sysinfo> into @uuid
 * (VIR_UUID_BUFLEN bytes), which upstream gives a domain without <uuid>
 * (domain_kept_validate_os.c).  Returns true when there is a valid one. */
bool virDomainKeptSysinfoUUID(const virDomainDef *def, unsigned char *uuid);

/* The small kept devices: <tpm>, <shmem>, <reconnect>s, <rng>, <input>,
 * <video>, <graphics>, <serial>, and the disks
 * (domain_kept_validate_small.c).  Returns 0 or -1 with an error. */
int virDomainKeptValidateSmall(const virDomainDef *def);

/* A kept <disk> element @disk (domain_kept_validate_disk.c).  Returns 0
 * or -1 with an error. */
int virDomainKeptValidateDisk(const xmlNode *disk);

/* The kept children (<encryption>, <auth>) of the modelled disk @disk.
 * Returns 0 or -1 with an error. */
int virDomainKeptValidateDiskChildren(const virDomainDiskDef *disk);

/* A SCSI disk's kept <product> is at most 16 characters long (called
 * among the model's disk rules, virDomainDefValidate()).  Returns 0 or -1
 * with an error. */
int virDomainKeptValidateDiskProduct(const virDomainDiskDef *disk);

/* USB addresses, hubs and their ports of the kept and the modelled
 * devices (domain_kept_validate_usb.c).  Returns 0 or -1 with an error. */
int virDomainKeptValidateUSB(const virDomainDef *def);

/* The ports of USB bus 0's controller (bit N for port N) that devices
 * kept verbatim (hubs, USB disks, ...) hold with their <address>, for the
 * address assignment to leave alone. */
guint32 virDomainKeptUSBPortsUsed(const virDomainDef *def);

/* All of upstream's rules for kept elements, in this order: tuning,
 * devices, <os>, small devices, USB.  Called once, last, from
 * virDomainDefValidate().  Returns 0 or -1 with an error. */
int virDomainKeptValidate(const virDomainDef *def);

/* No SCSI <hostdev> has the drive address of another one or of a disk on
 * the SCSI bus (addresses derived from target names included, so it runs
 * again once those are assigned).  Returns 0 or -1 with an error. */
int virDomainKeptValidateHostdevDrives(const virDomainDef *def);
