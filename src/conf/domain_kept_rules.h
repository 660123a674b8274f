/*
 * domain_kept_rules.h: upstream's define-time rules on elements the model
 * keeps verbatim
 *
 * Elements such as <os><loader>, <sysinfo>, <seclabel>, <tpm>, <hub> or a
 * network disk are written back as they were given and refused at start.
 * Upstream refuses some of their forms already at define; these checks
 * read just enough of each such element (a few attributes into a small
 * struct) to apply the same rule at define, on the document as written,
 * so that they hold for the kept and the modelled forms alike.
 * Not for use outside src/conf.
 */
#pragma once

#include "domain_conf_priv.h"

/* Apply every rule below to the domain document @root that @def was parsed
 * from.  Returns 0, or -1 with one error reported. */
int virDomainKeptRulesValidate(const virDomainDef *def, const xmlNode *root);

/* <os> (loader, nvram, firmware features, boot menu, BIOS), <sysinfo> and
 * <seclabel> (domain_kept_os_rules.c).  Returns 0 or -1 with an error. */
int virDomainKeptOSRulesValidate(const virDomainDef *def, const xmlNode *root);

/* One <disk> element @disk (domain_kept_disk_rules.c).  Returns 0 or -1. */
int virDomainKeptDiskRulesValidate(const xmlNode *disk);

/* USB addresses, hubs and their ports among the children of <devices>
 * @devices (domain_kept_usb_rules.c).  Returns 0 or -1 with an error. */
int virDomainKeptUSBRulesValidate(const virDomainDef *def, const xmlNode *devices);

/* The ports of USB bus 0's controller (bit N for port N) that devices
 * kept verbatim (hubs, USB disks, ...) hold with their <address>, for the
 * address assignment to leave alone. */
guint32 virDomainKeptUSBPortsUsed(const virDomainDef *def);

/* The first child element of @node named @name, or NULL. */
xmlNode *virDomainKeptChild(const xmlNode *node, const char *name);

/* True when attribute @name of @node equals @value (false when absent). */
bool virDomainKeptAttrIs(const xmlNode *node, const char *name, const char *value);

/* True when @def's guest is x86 (arch x86_64 or i686, or no arch given). */
bool virDomainKeptIsX86(const virDomainDef *def);
