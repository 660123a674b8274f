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
 * Returns 0 or -1 with an error. */
int virDomainDeviceAliasParseXML(xmlNode *node, char **alias);

/* <address type='pci' domain= bus= slot= function= multifunction=/>.
 * Returns 0 or -1 with an error. */
int virPCIDeviceAddressParseXML(xmlNode *node, virPCIDeviceAddress *addr);

/* Write <address type='pci' .../> when @addr is set. */
void virPCIDeviceAddressFormat(virXMLBuf *buf, const virPCIDeviceAddress *addr);

/* Parse one <interface> element (syntax only).  Returns a new NIC or NULL
 * with an error reported. */
virDomainNetDef *virDomainNetDefParseXML(xmlNode *node, unsigned int flags);

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
