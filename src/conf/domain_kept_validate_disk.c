/*
 * domain_kept_validate_disk.c: upstream's define-time rules on the parts
 * of a <disk> the model keeps verbatim (network sources and their <auth>,
 * <encryption>, lun and floppy devices, USB disks, a SCSI <product>)
 *
 * See domain_kept_validate.h.  The same rules read a disk kept whole and
 * the kept children of a modelled disk, both read back from their stored
 * text.
 */
#include "domain_kept_validate.h"
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
 * virDomainKeptDiskEncryptionCheck:
 * The <encryption> @enc (may be NULL) of disk @target in image format
 * @format (NULL: not given): LUKS needs a raw or qcow2 image and takes
 * its cipher from the image, not the XML.  Returns 0 or -1 with an error.
 */
static int
virDomainKeptDiskEncryptionCheck(const xmlNode *enc, const char *format,
                                 const char *target)
{
    if (!enc || !virDomainKeptAttrIs(enc, "format", "luks"))
        return 0;
    if (format && strcmp(format, "raw") != 0 && strcmp(format, "qcow2") != 0) {
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
 * virDomainKeptDiskAuthCheck:
 * The <auth> @auth (may be NULL) of disk @target with source protocol
 * @protocol (NULL: none): its <secret type=> is the one the protocol uses
 * (iscsi for iSCSI, ceph for RBD).  Returns 0 or -1 with an error.
 */
static int
virDomainKeptDiskAuthCheck(const xmlNode *auth, const char *protocol,
                           const char *target)
{
    const xmlNode *secret;
    g_autofree char *type = NULL;
    const char *want = NULL;

    if (!auth || !(secret = virDomainKeptChild(auth, "secret")))
        return 0;
    if (!(type = virXMLPropString(secret, "type"))) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("<auth><secret> of disk '%1$s' needs type= ('iscsi' or 'ceph')"),
                       target);
        return -1;
    }
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
 * virDomainKeptValidateDisk:
 * See domain_kept_validate.h.
 */
int
virDomainKeptValidateDisk(const xmlNode *disk)
{
    const xmlNode *source = virDomainKeptChild(disk, "source");
    const xmlNode *tgt = virDomainKeptChild(disk, "target");
    const xmlNode *driver = virDomainKeptChild(disk, "driver");
    g_autofree char *target = tgt ? virXMLPropString(tgt, "dev") : NULL;
    g_autofree char *format = driver ? virXMLPropString(driver, "type") : NULL;
    g_autofree char *protocol = source ? virXMLPropString(source, "protocol") : NULL;
    const char *name = target ? target : "";
    const xmlNode *enc;
    const xmlNode *auth;

    /* one <encryption> and one <auth>, in <disk> or in its <source> */
    if (virDomainKeptDiskLunValidate(disk, source, name) < 0 ||
        virDomainKeptDiskChildOnce(disk, source, "encryption", name, &enc) < 0 ||
        virDomainKeptDiskEncryptionCheck(enc, format, name) < 0 ||
        virDomainKeptDiskChildOnce(disk, source, "auth", name, &auth) < 0 ||
        virDomainKeptDiskAuthCheck(auth, protocol, name) < 0 ||
        virDomainKeptDiskAddressValidate(disk, name) < 0)
        return -1;
    return 0;
}

/**
 * virDomainKeptValidateDiskChildren:
 * See domain_kept_validate.h.  A modelled disk is a file or a block
 * device: its <source> has no children and no protocol, and its <target>
 * and <address> are modelled.
 */
int
virDomainKeptValidateDiskChildren(const virDomainDiskDef *disk)
{
    g_auto(virDomainKeptNode) enc = { 0 };
    g_auto(virDomainKeptNode) auth = { 0 };

    if (virDomainKeptNodeFind(disk->kept, disk->nkept, "disk/encryption", NULL, &enc) < 0 ||
        virDomainKeptDiskEncryptionCheck(enc.root, disk->driverType, disk->dst) < 0 ||
        virDomainKeptNodeFind(disk->kept, disk->nkept, "disk/auth", NULL, &auth) < 0 ||
        virDomainKeptDiskAuthCheck(auth.root, NULL, disk->dst) < 0)
        return -1;
    return 0;
}

/**
 * virDomainKeptValidateDiskProduct:
 * See domain_kept_validate.h.
 */
int
virDomainKeptValidateDiskProduct(const virDomainDiskDef *disk)
{
    g_auto(virDomainKeptNode) product = { 0 };
    g_autofree char *text = NULL;
    int rc;

    if (disk->bus != VIR_DOMAIN_DISK_BUS_SCSI)
        return 0;
    if ((rc = virDomainKeptNodeFind(disk->kept, disk->nkept, "disk/product", NULL,
                                    &product)) <= 0)
        return rc;
    text = virXMLNodeContentString(product.root);
    if (text && strlen(text) > 16) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("disk '%1$s': a SCSI disk's <product> is at most 16 characters long"),
                       disk->dst);
        return -1;
    }
    return 0;
}
