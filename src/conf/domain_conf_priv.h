/*
 * domain_conf_priv.h: pieces shared by the files of the domain XML layer
 * (domain_conf.c, domain_net_conf.c, domain_postparse.c,
 * domain_validate.c).  Not for use outside src/conf.
 */
#pragma once

#include "domain_conf.h"
#include "virxml.h"

/* Append @elem to the array @ptr of @count elements (both updated). */
#define VIR_APPEND_ELEMENT(ptr, count, elem) \
    do { \
        (ptr) = g_renew(__typeof__(*(ptr)), (ptr), (count) + 1); \
        (ptr)[(count)++] = (elem); \
    } while (0)

/* <alias name='...'/> into *@alias (syntax checked in validation).
 * Without VIR_DOMAIN_DEF_PARSE_STATUS in @flags an alias that does not
 * start with "ua-" is dropped, as upstream's define drops the aliases of
 * a running guest; post-parse then generates one.
 * Returns 0 or -1 with an error. */
int virDomainDeviceAliasParseXML(xmlNode *node, unsigned int flags,
                                 char **alias);

/* <boot order='N'/> of a device into *@order (1..G_MAXINT).
 * Returns 0 or -1 with an error. */
int virDomainDeviceBootParseXML(xmlNode *node, unsigned int *order);

/* Anchors inside <devices>: the kind of modelled sibling a kept device
 * follows (virDomainUnmodelled.after), in the order format writes them,
 * each kind's modelled devices before the kept ones anchored to it. */
typedef enum {
    VIR_DOMAIN_DEVICES_ANCHOR_START,
    VIR_DOMAIN_DEVICES_ANCHOR_EMULATOR,
    VIR_DOMAIN_DEVICES_ANCHOR_DISK,
    VIR_DOMAIN_DEVICES_ANCHOR_CONTROLLER,
    VIR_DOMAIN_DEVICES_ANCHOR_INTERFACE,
    VIR_DOMAIN_DEVICES_ANCHOR_SERIAL,
    VIR_DOMAIN_DEVICES_ANCHOR_CONSOLE,
    VIR_DOMAIN_DEVICES_ANCHOR_CHANNEL,
    VIR_DOMAIN_DEVICES_ANCHOR_INPUT,
    VIR_DOMAIN_DEVICES_ANCHOR_GRAPHICS,
    VIR_DOMAIN_DEVICES_ANCHOR_SOUND,
    VIR_DOMAIN_DEVICES_ANCHOR_AUDIO,
    VIR_DOMAIN_DEVICES_ANCHOR_VIDEO,
    VIR_DOMAIN_DEVICES_ANCHOR_REDIRDEV,
    VIR_DOMAIN_DEVICES_ANCHOR_WATCHDOG,
    VIR_DOMAIN_DEVICES_ANCHOR_MEMBALLOON,
    VIR_DOMAIN_DEVICES_ANCHOR_RNG,
    VIR_DOMAIN_DEVICES_ANCHOR_PANIC,
} virDomainDevicesAnchor;

/* Where a kept (verbatim, not acted on) piece of a device goes back. */
typedef enum {
    VIR_DOMAIN_KEPT_CHILD,         /* a child element of the device */
    VIR_DOMAIN_KEPT_DRIVER_ATTR,   /* an attribute of its <driver> */
    VIR_DOMAIN_KEPT_DRIVER_CHILD,  /* a child element of its <driver> */
} virDomainKeptPlace;

/* Keep child @node of device element @owner verbatim when its name is in
 * the NULL-terminated list @allowed (upstream defines it, we do not act
 * on it); any other element is an error.  @level is @node's depth.
 * Returns 0 or -1 with an error. */
int virDomainKeptChildParse(virDomainUnmodelled **list, size_t *n,
                            const char *owner, xmlNode *node, int level,
                            const char * const *allowed);

/* Check the <driver> element @node of device @owner: attributes must be
 * in @modelled (parsed by the caller) or @keptAttrs, children in
 * @keptChildren; the kept ones are added to @list.  @level is @node's
 * depth.  Returns 0 or -1 with an error. */
int virDomainKeptDriverParse(virDomainUnmodelled **list, size_t *n,
                             const char *owner, xmlNode *node, int level,
                             const char * const *modelled,
                             const char * const *keptAttrs,
                             const char * const *keptChildren);

/* Write the kept pieces of @list that belong at @place: elements one per
 * line, attributes appended to the attribute buffer @buf. */
void virDomainKeptFormat(virXMLBuf *buf, const virDomainUnmodelled *list,
                         size_t n, virDomainKeptPlace place);

/* Write <boot order=> when @order is not 0. */
void virDomainDeviceBootFormat(virXMLBuf *buf, unsigned int order);

/* Text content of @node into *@out (replacing it), refusing attributes
 * other than @attrs (NULL: none) and child elements.  Returns 0 or -1
 * with an error. */
int virDomainParseText(xmlNode *node, const char * const *attrs, char **out);

/* The attributes of @node: 1 when all are in @modelled, 0 when some are
 * only in @upstream (attributes upstream defines that the model lacks: the
 * caller keeps the device verbatim, whole), -1 with an error for one in
 * neither list.  Both lists are NULL-terminated. */
int virDomainAttrsForm(xmlNode *node, const char * const *modelled,
                       const char * const *upstream);

/* True when @node has no attribute outside @attrs (NULL: none). */
bool virDomainAttrsOnly(const xmlNode *node, const char * const *attrs);

/* True when @node has no child element and no attribute outside @attrs
 * (NULL: none). */
bool virDomainHasOnly(const xmlNode *node, const char * const *attrs);

/* Keep @node verbatim (serialized at depth @level) in @list, to be
 * written back after the modelled sibling kind @anchor. */
void virDomainUnmodelledAdd(virDomainUnmodelled **list, size_t *n,
                            const xmlNode *node, int level, int anchor);

/* Write the elements of @list anchored at @anchor, in their order. */
void virDomainUnmodelledFormat(virXMLBuf *buf, const virDomainUnmodelled *list,
                               size_t n, int anchor);

/* Free an array of @n kept/unmodelled elements. */
void virDomainUnmodelledListFree(virDomainUnmodelled *list, size_t n);

/* <address type='pci' domain= bus= slot= function= multifunction=/>.
 * Returns 0 or -1 with an error. */
int virPCIDeviceAddressParseXML(xmlNode *node, virPCIDeviceAddress *addr);

/* Write <address type='pci' .../> when @addr is set. */
void virPCIDeviceAddressFormat(virXMLBuf *buf, const virPCIDeviceAddress *addr);

/* Parse one <interface> element (syntax only) into *@out.  Returns 1
 * with a new NIC in *@out, 0 when the model cannot express the interface
 * (the caller keeps it verbatim, whole; start refuses it), or -1 with an
 * error reported. */
int virDomainNetDefParseXML(xmlNode *node, unsigned int flags, virDomainNetDef **out);

/* ---- a virtio NIC's <driver> options (domain_net_driver_conf.c) ------- */

/* The options of <driver> element @driver (whose attributes and children
 * its parser has already checked) into net->driverOpts.  Returns 0 or -1
 * with an error. */
int virDomainNetDriverOptsParseXML(virDomainNetDef *net, xmlNode *driver);

/* True when the kept piece named @keptName ("interface/driver@rss",
 * "interface/driver/host") holds options the driver acts on. */
bool virDomainNetDriverOptsKept(const char *keptName);

/* The options need model virtio.  Returns 0 or -1 with an error. */
int virDomainNetDriverOptsValidate(const virDomainNetDef *net);

/* Append <interface> for @net to @buf. */
void virDomainNetDefFormat(virXMLBuf *buf, const virDomainNetDef *net,
                           unsigned int flags);

/* Post-parse: fill generated defaults (uuid, MACs, aliases, vcpus).
 * Returns 0 or -1 with an error reported. */
int virDomainDefPostParse(virDomainDef *def);

/* Validate combinations, ranges and names.  Returns 0 or -1 with one
 * error reported. */
int virDomainDefValidate(const virDomainDef *def, unsigned int parseFlags);

/* True when @name is a valid device alias ([A-Za-z0-9_-], 1..64 bytes). */
bool virDomainDeviceAliasIsValid(const char *name);

/* ---- the machine: <vcpu>, lifecycle actions (domain_machine_conf.c) ---- */

/* Largest number of vCPUs (CPU numbers in a cpuset: domain_conf.h). */
#define VIR_DOMAIN_VCPUS_MAX 4096

/* True when @cpuset is a valid CPU list ("0-3,^2,8") that names at
 * least one CPU once the exclusions are applied ("0,^0" names none). */
bool virDomainCpusetCheck(const char *cpuset);

/* <vcpu placement= cpuset= current=>N</vcpu> into @def.
 * Returns 0 or -1 with an error. */
int virDomainVcpuParseXML(xmlNode *node, virDomainDef *def);

/* Write <vcpu> of @def (attributes only when they were given). */
void virDomainVcpuFormat(virXMLBuf *buf, const virDomainDef *def);

/* <on_poweroff|on_reboot|on_crash>ACTION</...> (@event) into @def.
 * Returns 0 or -1 with an error. */
int virDomainLifecycleParseXML(xmlNode *node, virDomainLifecycle event,
                               virDomainDef *def);

/* Write the element of @event when it was given. */
void virDomainLifecycleFormat(virXMLBuf *buf, const virDomainDef *def,
                              virDomainLifecycle event);

/* ---- <features>, <clock>, <pm> (domain_features_conf.c) ----------------
 * Each parse returns 1 when the element went into the model, 0 when it
 * says something the model cannot express (the caller then keeps it
 * verbatim, and start refuses it), or -1 with an error. */
int virDomainFeaturesParseXML(xmlNode *node, virDomainDef *def);
int virDomainClockParseXML(xmlNode *node, virDomainDef *def);
int virDomainPMParseXML(xmlNode *node, virDomainDef *def);

/* Write <features>, <clock>, <pm> when they were given. */
void virDomainFeaturesFormat(virXMLBuf *buf, const virDomainDef *def);
void virDomainClockFormat(virXMLBuf *buf, const virDomainDef *def);
void virDomainPMFormat(virXMLBuf *buf, const virDomainDef *def);

/* ---- <cpu> (domain_cpu_conf.c) ----------------------------------------- */

void virDomainCpuDefFree(virDomainCpuDef *cpu);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainCpuDef, virDomainCpuDefFree);

/* <cpu> into def->cpu: 1 when the model can express it, 0 when it must
 * be kept verbatim, -1 with an error. */
int virDomainCpuParseXML(xmlNode *node, virDomainDef *def);

/* Write <cpu> when def->cpu is set. */
void virDomainCpuFormat(virXMLBuf *buf, const virDomainDef *def);

/* ---- <memballoon>, <rng> (domain_device_conf.c) ------------------------
 * Parse returns 1 when the device went into @def, 0 when it must be kept
 * verbatim, -1 with an error. */
void virDomainMemballoonDefFree(virDomainMemballoonDef *balloon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainMemballoonDef, virDomainMemballoonDefFree);
void virDomainRNGDefFree(virDomainRNGDef *rng);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainRNGDef, virDomainRNGDefFree);
int virDomainMemballoonParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
int virDomainRNGParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
void virDomainMemballoonFormat(virXMLBuf *buf, const virDomainDef *def);
void virDomainRNGFormat(virXMLBuf *buf, const virDomainRNGDef *rng);

/* <memory unit='MiB'>512</memory> (unit defaults to KiB) into KiB,
 * rounded up (domain_machine_conf.c).  Returns 0 or -1 with an error. */
int virDomainMemoryParse(xmlNode *node, unsigned long long *kib);

/* <memory unit= dumpCore=> into def->memory and def->memoryDumpCore.
 * Returns 0 or -1 with an error. */
int virDomainMaxMemoryParseXML(xmlNode *node, virDomainDef *def);

/* <alias> or a PCI <address> of a device: parsed into @alias / @pci.
 * Returns 1 when @node was one of them, 0 when it is something else (or
 * an address the model does not cover), -1 with an error. */
int virDomainDeviceCommonChild(xmlNode *node, unsigned int flags, char **alias,
                               virPCIDeviceAddress *pci);

/* ---- <controller>, <input> (domain_controller_conf.c) ------------------
 * Parse returns 1 when the device went into @def, 0 when it must be kept
 * verbatim, -1 with an error. */
void virDomainControllerDefFree(virDomainControllerDef *ctrl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainControllerDef, virDomainControllerDefFree);
void virDomainInputDefFree(virDomainInputDef *input);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainInputDef, virDomainInputDefFree);
int virDomainControllerParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
int virDomainInputParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
void virDomainControllerFormat(virXMLBuf *buf, const virDomainControllerDef *ctrl);
void virDomainInputFormat(virXMLBuf *buf, const virDomainInputDef *input);

/* <channel type='unix'> (domain_device_conf.c): 1 modelled, 0 keep
 * verbatim, -1 error. */
void virDomainChannelDefFree(virDomainChannelDef *chan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainChannelDef, virDomainChannelDefFree);
int virDomainChannelParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
void virDomainChannelFormat(virXMLBuf *buf, const virDomainChannelDef *chan);

/* <address type='usb' bus='0' port='N[.M]'/> into *@usbPort (which must
 * be NULL).  Returns false when the model cannot express it
 * (domain_controller_conf.c). */
bool virDomainDeviceUSBAddressParse(const xmlNode *node, char **usbPort);

/* True when @port is a USB port path upstream takes: 1 to 4 port numbers
 * separated by '.' (domain_kept_validate_usb.c). */
bool virDomainDeviceUSBPortValid(const char *port);

/* ---- <graphics>, <video>, <redirdev> (domain_graphics_conf.c) ----------
 * Parse returns 1 when the device went into @def, 0 when it must be kept
 * verbatim, -1 with an error. */
void virDomainGraphicsDefFree(virDomainGraphicsDef *graphics);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainGraphicsDef, virDomainGraphicsDefFree);
void virDomainRedirdevDefFree(virDomainRedirdevDef *redir);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainRedirdevDef, virDomainRedirdevDefFree);
int virDomainGraphicsParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
int virDomainRedirdevParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
void virDomainGraphicsFormat(virXMLBuf *buf, const virDomainGraphicsDef *graphics);
void virDomainRedirdevFormat(virXMLBuf *buf, const virDomainRedirdevDef *redir);
void virDomainVideoDefFree(virDomainVideoDef *video);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainVideoDef, virDomainVideoDefFree);
int virDomainVideoParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
void virDomainVideoFormat(virXMLBuf *buf, const virDomainVideoDef *video);

/* ---- <sound>, <audio> (domain_sound_conf.c) -----------------------------
 * Parse returns 1 when the element went into @def, 0 when it must be
 * kept verbatim, -1 with an error. */
void virDomainSoundDefFree(virDomainSoundDef *sound);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainSoundDef, virDomainSoundDefFree);
int virDomainSoundParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
int virDomainAudioParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
void virDomainSoundFormat(virXMLBuf *buf, const virDomainSoundDef *sound);
void virDomainAudioFormat(virXMLBuf *buf, const virDomainAudioDef *audio);

/* ---- <watchdog>, <panic> (domain_watchdog_conf.c) ----------------------
 * Parse returns 1 when the device went into @def, 0 when it must be kept
 * verbatim, -1 with an error. */
void virDomainWatchdogDefFree(virDomainWatchdogDef *watchdog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainWatchdogDef, virDomainWatchdogDefFree);
void virDomainPanicDefFree(virDomainPanicDef *panic);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainPanicDef, virDomainPanicDefFree);
int virDomainWatchdogParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
int virDomainPanicParseXML(xmlNode *node, unsigned int flags, virDomainDef *def);
void virDomainWatchdogFormat(virXMLBuf *buf, const virDomainWatchdogDef *watchdog);
void virDomainPanicFormat(virXMLBuf *buf, const virDomainPanicDef *panic);

/* ---- the source of <serial> and <console> (domain_chr_conf.c) ---------- */

/* <source path=/> (pty, file), <source mode= path=/> (unix) or <source
 * mode= host= service=/> (tcp) into @chr, whose type is set.  A pty's
 * path is live data: kept only with VIR_DOMAIN_DEF_PARSE_STATUS in
 * @flags.  Returns 1 when parsed, 0 when the model cannot express the
 * source (children such as <reconnect>, other attributes), -1 with an
 * error. */
int virDomainChrSourceParseXML(virDomainChrDef *chr, xmlNode *node, unsigned int flags);

/* <protocol type='raw|telnet'/> of a tcp device.  Returns 0 or -1 with
 * an error. */
int virDomainChrProtocolParseXML(virDomainChrDef *chr, xmlNode *node);

/* The attributes of <serial>/<console> into @attrs: type=, and tty= of a
 * pty console whose pty is known (live data). */
void virDomainChrAttrsFormat(virXMLBuf *attrs, const virDomainChrDef *chr);

/* Writes the <source> (and for tcp the <protocol>) of @chr. */
void virDomainChrSourceFormat(virXMLBuf *buf, const virDomainChrDef *chr);

/* ---- device addresses (domain_addr.c) ----------------------------------- */

/* Checks the PCI addresses of every device: no two the same, each on a
 * bus that takes it, in a slot the bus has.  Returns 0 or -1 with an
 * error. */
int virDomainDefValidatePCIAddresses(const virDomainDef *def);

/* Checks that no two disks of one bus have the same drive address (a
 * given one and one derived from a target name included).  Returns 0 or
 * -1 with an error. */
int virDomainDefValidateDriveAddresses(const virDomainDef *def);

/* Post-parse: gives controllers written without index= one (a USB
 * companion its EHCI's, others the lowest free of their type).  Returns
 * 0 or -1 with an error when a type has no free index. */
int virDomainDefControllerIndexes(virDomainDef *def);
