/*
 * domain_kept_validate.h: upstream's define-time rules for elements the
 * domain model keeps verbatim without modelling them
 *
 * <cpu> beyond the model, <cputune>, <numatune>, <memoryBacking>,
 * <maxMemory>, memory devices, pseries and SMM features, <hostdev>,
 * <iommu>, <filesystem> and expander buses are kept as they were written
 * (and start refuses them); define still refuses what upstream refuses
 * about them at parse and validate time.  Each kept element is read back
 * from its verbatim text just far enough to check those rules; nothing
 * here changes the definition.  Not for use outside src/conf.
 */
#pragma once

#include "domain_conf_priv.h"
#include "domain_kept_rules.h"

/* @s, or "" when it is NULL (for messages). */
#define VIR_DOMAIN_KEPT_STR(s) ((s) ? (s) : "")

/* What the tuning rules learn that the device rules need too. */
typedef struct _virDomainKeptFacts virDomainKeptFacts;
struct _virDomainKeptFacts {
    size_t ncells;   /* <cpu><numa><cell>s; 0 = no guest NUMA */
};

/* One kept element read back from its verbatim text. */
typedef struct _virDomainKeptNode virDomainKeptNode;
struct _virDomainKeptNode {
    xmlDoc *doc;
    xmlNode *root;   /* the element; NULL when there is none */
};

/* Read back the first element called @name of @list (n items) at or after
 * *@from (updated to the one after it; NULL: from the start) into @out.
 * Returns 1 when found, 0 when there is none, -1 with an error. */
int virDomainKeptNodeFind(const virDomainUnmodelled *list, size_t n,
                          const char *name, size_t *from,
                          virDomainKeptNode *out);

/* Free what virDomainKeptNodeFind() read back. */
void virDomainKeptNodeClear(virDomainKeptNode *node);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(virDomainKeptNode, virDomainKeptNodeClear);

/* The nodes of the node set @nodeset ("0-3,^2") with the same syntax as a
 * cpuset, or NULL with an error naming @what when it is invalid or
 * empty. */
GArray *virDomainKeptNodeset(const char *nodeset, const char *what);

/* The <target><node>N</node> of kept device @device (@what names it in
 * the error) into *@node, -1 when it has none.  Returns 0 or -1 with an
 * error. */
int virDomainKeptTargetNode(const xmlNode *device, const char *what, long long *node);

/* Upstream's rules for the kept devices: <hostdev>, <iommu>,
 * <filesystem> and PCI expander buses (domain_kept_validate_devices.c).
 * Returns 0 or -1 with an error. */
int virDomainKeptValidateDevices(const virDomainDef *def,
                                 const virDomainKeptFacts *facts);

/* Upstream's rules for all kept elements: the tuning ones here
 * (domain_kept_validate_tuning.c), then the devices'.  Called once from
 * virDomainDefValidate().  Returns 0 or -1 with an error. */
int virDomainKeptValidate(const virDomainDef *def);

/* No SCSI <hostdev> has the drive address of another one or of a disk on
 * the SCSI bus (addresses derived from target names included, so it runs
 * again once those are assigned).  Returns 0 or -1 with an error. */
int virDomainKeptValidateHostdevDrives(const virDomainDef *def);
