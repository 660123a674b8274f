/*
 * domain_kept_disk_rules.c: upstream's define-time rules on the parts of a
 * <disk> the model keeps verbatim (network sources and their <auth>,
 * <encryption>, lun and floppy devices, USB disks)
 *
 * The rules read the <disk> element as written, so they hold both for a
 * disk kept whole and for a modelled disk with kept children.
 */
#include "domain_kept_rules.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/**
 * virDomainKeptDiskLunValidate:
 * device='lun' passes SCSI commands through: it needs a block device or
 * an iSCSI LUN.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptDiskLunValidate(const xmlNode *disk, const xmlNode *source,
                             const char *target)
{
    g_autofree char *type = virXMLPropString(disk, "type");

    if (!virDomainKeptAttrIs(disk, "device", "lun"))
        return 0;
    if (g_strcmp0(type, "block") == 0 ||
        (g_strcmp0(type, "network") == 0 && source &&
         virDomainKeptAttrIs(source, "protocol", "iscsi")))
        return 0;
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("<disk device='lun'> '%1$s' needs type='block' or an iSCSI network source, not type='%2$s'"),
                   target, type ? type : "file");
    return -1;
}

/**
 * virDomainKeptDiskChildOnce:
 * The child @name of @disk or of its <source> (@source, may be NULL) into
 * *@found (NULL when neither has it): upstream takes it from one place
 * only.  Returns 0, or -1 with an error when both have one.
 */
static int
virDomainKeptDiskChildOnce(const xmlNode *disk, const xmlNode *source,
                           const char *name, const char *target,
                           const xmlNode **found)
{
    const xmlNode *own = virDomainKeptChild(disk, name);
    const xmlNode *src = source ? virDomainKeptChild(source, name) : NULL;

    if (own && src) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("disk '%1$s' has <%2$s> both in <disk> and in its <source>: give one"),
                       target, name);
        return -1;
    }
    *found = own ? own : src;
    return 0;
}

/**
 * virDomainKeptDiskEncryptionValidate:
 * One <encryption>, in <disk> or in its <source>; LUKS needs a raw or
 * qcow2 image and takes its cipher from the image, not the XML.
 * Returns 0 or -1 with an error.
 */
static int
virDomainKeptDiskEncryptionValidate(const xmlNode *disk, const xmlNode *source,
                                    const char *target)
{
    const xmlNode *driver = virDomainKeptChild(disk, "driver");
    const xmlNode *enc;
    g_autofree char *format = NULL;

    if (virDomainKeptDiskChildOnce(disk, source, "encryption", target, &enc) < 0)
        return -1;
    if (!enc || !virDomainKeptAttrIs(enc, "format", "luks"))
        return 0;
    if (driver && (format = virXMLPropString(driver, "type")) &&
        strcmp(format, "raw") != 0 && strcmp(format, "qcow2") != 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<encryption format='luks'> of disk '%1$s' needs a raw or qcow2 image, not '%2$s'"),
                       target, format);
        return -1;
    }
    if (virDomainKeptChild(enc, "cipher") || virDomainKeptChild(enc, "ivgen")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<encryption format='luks'> of disk '%1$s' takes no <cipher> or <ivgen>: the image holds them"),
                       target);
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptDiskAuthValidate:
 * One <auth>, in <disk> or in its <source>, whose <secret type=> is the
 * one the protocol uses (iscsi for iSCSI, ceph for RBD).  Returns 0 or -1.
 */
static int
virDomainKeptDiskAuthValidate(const xmlNode *disk, const xmlNode *source,
                              const char *target)
{
    const xmlNode *auth;
    const xmlNode *secret;
    g_autofree char *protocol = NULL;
    g_autofree char *type = NULL;
    const char *want = NULL;

    if (virDomainKeptDiskChildOnce(disk, source, "auth", target, &auth) < 0)
        return -1;
    if (!auth || !(secret = virDomainKeptChild(auth, "secret")))
        return 0;
    if (!(type = virXMLPropString(secret, "type"))) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<auth><secret> of disk '%1$s' needs type= ('iscsi' or 'ceph')"),
                       target);
        return -1;
    }
    if (source)
        protocol = virXMLPropString(source, "protocol");
    if (g_strcmp0(protocol, "iscsi") == 0)
        want = "iscsi";
    else if (g_strcmp0(protocol, "rbd") == 0)
        want = "ceph";
    if (want && strcmp(type, want) != 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<auth><secret type='%1$s'> of disk '%2$s' does not fit protocol '%3$s': it takes type '%4$s'"),
                       type, target, protocol, want);
        return -1;
    }
    return 0;
}

/**
 * virDomainKeptDiskAddressValidate:
 * The <address> type a disk's bus takes: drive addresses on the IDE,
 * SATA, SCSI and floppy controllers, USB addresses on USB.  Returns 0 or
 * -1 with an error.
 */
static int
virDomainKeptDiskAddressValidate(const xmlNode *disk, const char *target)
{
    static const char * const driveBuses[] = { "ide", "sata", "scsi", "fdc", NULL };
    const xmlNode *tgt = virDomainKeptChild(disk, "target");
    const xmlNode *addr = virDomainKeptChild(disk, "address");
    g_autofree char *bus = NULL;
    g_autofree char *type = NULL;
    const char *want;

    if (!tgt || !addr || !(bus = virXMLPropString(tgt, "bus")) ||
        !(type = virXMLPropString(addr, "type")))
        return 0;
    if (g_strv_contains(driveBuses, bus))
        want = "drive";
    else if (strcmp(bus, "usb") == 0)
        want = "usb";
    else
        return 0;
    if (strcmp(type, want) == 0)
        return 0;
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("disk '%1$s' on bus '%2$s' cannot have an <address type='%3$s'>: only type '%4$s'"),
                   target, bus, type, want);
    return -1;
}

/**
 * virDomainKeptDiskRulesValidate:
 * See domain_kept_rules.h.
 */
int
virDomainKeptDiskRulesValidate(const xmlNode *disk)
{
    const xmlNode *source = virDomainKeptChild(disk, "source");
    const xmlNode *tgt = virDomainKeptChild(disk, "target");
    g_autofree char *target = tgt ? virXMLPropString(tgt, "dev") : NULL;
    const char *name = target ? target : "";

    if (virDomainKeptDiskLunValidate(disk, source, name) < 0 ||
        virDomainKeptDiskEncryptionValidate(disk, source, name) < 0 ||
        virDomainKeptDiskAuthValidate(disk, source, name) < 0 ||
        virDomainKeptDiskAddressValidate(disk, name) < 0)
        return -1;
    return 0;
}
