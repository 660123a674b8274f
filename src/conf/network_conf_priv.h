/*
 * network_conf_priv.h: pieces shared by the files of the network XML
 * layer (network_conf.c, network_postparse.c, network_validate.c).  Not
 * for use outside src/conf.
 */
#pragma once

#include "network_conf.h"
#include "virxml.h"

/* Where a kept piece goes back.  The first group are anchors of the
 * children of <network>, in upstream's output order. */
typedef enum {
    VIR_NETWORK_KEPT_START,
    VIR_NETWORK_KEPT_AFTER_NAME,
    VIR_NETWORK_KEPT_AFTER_UUID,
    VIR_NETWORK_KEPT_AFTER_FORWARD,
    VIR_NETWORK_KEPT_AFTER_BRIDGE,
    VIR_NETWORK_KEPT_AFTER_MTU,
    VIR_NETWORK_KEPT_AFTER_MAC,
    VIR_NETWORK_KEPT_AFTER_DOMAIN,
    VIR_NETWORK_KEPT_AFTER_DNS,
    VIR_NETWORK_KEPT_AFTER_BANDWIDTH,
    VIR_NETWORK_KEPT_AFTER_IP,
    VIR_NETWORK_KEPT_AFTER_VIRTUALPORT,
    VIR_NETWORK_KEPT_AFTER_OVN_SWITCH,    /* <ovn:switch>, in its namespace */

    VIR_NETWORK_KEPT_NETWORK_ATTR,
    VIR_NETWORK_KEPT_NAT_ATTR,
    VIR_NETWORK_KEPT_BRIDGE_ATTR,
    VIR_NETWORK_KEPT_DOMAIN_ATTR,
    VIR_NETWORK_KEPT_DNS_ATTR,
    VIR_NETWORK_KEPT_DNS_CHILD,
    VIR_NETWORK_KEPT_IP_ATTR,
    VIR_NETWORK_KEPT_IP_CHILD,
    VIR_NETWORK_KEPT_DHCP_CHILD,
    VIR_NETWORK_KEPT_HOST_CHILD,
} virNetworkKeptPlace;

/* Post-parse: generated uuid, bridge MAC, effective prefixes.
 * Returns 0 or -1 with an error reported. */
int virNetworkDefPostParse(virNetworkDef *def);

/* Validate combinations, ranges, subnets and names of one definition.
 * Returns 0 or -1 with one error reported. */
int virNetworkDefValidate(const virNetworkDef *def);

/* ---- helpers of network_conf.c shared by network_addr_conf.c ---------- */

/* Frees the items of @list and empties it. */
void virNetworkKeptListClear(virNetworkKeptList *list);

/* Keeps child @node of element @owner when it is one of the
 * NULL-terminated @allowed names (upstream defines it, we do not act on
 * it); any other element is an error.  Returns 0 or -1 with an error. */
int virNetworkKeptChildParse(virNetworkKeptList *list, const char *owner,
                             const xmlNode *node, const char * const *allowed,
                             virNetworkKeptPlace place);

/* The attributes of @node must be in @modelled (read by the caller) or
 * @kept (both NULL-terminated, either NULL); the kept ones are added to
 * @list at @place.  Returns 0 or -1 with an error. */
int virNetworkCheckAttrs(const xmlNode *node, const char * const *modelled,
                         const char * const *kept, virNetworkKeptList *list,
                         virNetworkKeptPlace place);

/* Writes the pieces of @list kept at @place, in document order. */
void virNetworkKeptFormat(virXMLBuf *buf, const virNetworkKeptList *list,
                          virNetworkKeptPlace place);

/* Refuses child elements of @node.  Returns 0 or -1 with an error. */
int virNetworkCheckEmpty(const xmlNode *node);

/* Reports @node repeating an element allowed once when *@seen, else sets
 * it.  Returns 0 or -1 with an error. */
int virNetworkCheckOnce(const xmlNode *node, bool *seen);

/* Attribute @name of @node as an IP address of @family (AF_UNSPEC: any).
 * Returns 1 when set, 0 when absent (and not @required), -1 with an
 * error. */
int virNetworkParseAddr(const xmlNode *node, const char *name, int family,
                        bool required, virSocketAddr *addr);

/* Attribute @name of @node, 'yes' or 'no', into @out (untouched when
 * absent).  Returns 0 or -1 with an error. */
int virNetworkParseTristate(const xmlNode *node, const char *name,
                            virNetworkTristate *out);

/* Text content of @node (no attributes, no child elements) into *@out.
 * Returns 0 or -1 with an error. */
int virNetworkParseText(const xmlNode *node, char **out);

/* ---- network_addr_conf.c -------------------------------------------- */

/* <dns> into @def.  Returns 0 or -1 with an error. */
int virNetworkDNSParse(virNetworkDef *def, xmlNode *node);

/* Writes <dns> when it holds anything. */
void virNetworkDNSFormat(virXMLBuf *buf, const virNetworkDef *def);

/* Appends one <ip> to @def.  Returns 0 or -1 with an error. */
int virNetworkIPParse(virNetworkDef *def, xmlNode *node);

/* Writes one <ip>. */
void virNetworkIPFormat(virXMLBuf *buf, const virNetworkIPDef *ip);

/* ---- network_ovn_conf.c ---------------------------------------------- */

/* True when @node is <switch> in the OVN namespace. */
bool virNetworkOvnSwitchNodeIs(const xmlNode *node);

/* <virtualport type='openvswitch'/> into @def.  Returns 0 or -1. */
int virNetworkVirtualportParse(virNetworkDef *def, xmlNode *node);

/* <ovn:switch name= create=/> into @def.  Returns 0 or -1. */
int virNetworkOvnSwitchParse(virNetworkDef *def, xmlNode *node);

/* Writes <virtualport> and <ovn:switch> when set, each followed by the
 * kept XML anchored after it. */
void virNetworkVirtualportFormat(virXMLBuf *buf, const virNetworkDef *def);
void virNetworkOvnSwitchFormat(virXMLBuf *buf, const virNetworkDef *def);

/* The rules of Open vSwitch and OVN networks.  Returns 0 or -1. */
int virNetworkDefValidateOvn(const virNetworkDef *def);
