/*
 * netdev_bandwidth_conf.h: the <bandwidth> element
 *
 * Shared by the domain XML (<interface><bandwidth>) and the network XML
 * (<network><bandwidth>, the per-port default and ceiling).  Parsing
 * checks syntax and ranges only; which attributes a document needs is its
 * validator's business.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "virnetdevbandwidth.h"
#include "virxml.h"

/* One direction of <bandwidth> is the host code's virNetDevBandwidthRate
 * (values in kB/s and KiB, 0 for "not set"); the definition keeps each
 * direction only when its element is present. */
typedef struct _virNetDevBandwidthDef virNetDevBandwidthDef;
struct _virNetDevBandwidthDef {
    virNetDevBandwidthRate *in;   /* NULL when <inbound> is absent */
    virNetDevBandwidthRate *out;  /* NULL when <outbound> is absent */
};

/* Frees @bw; NULL is fine. */
void virNetDevBandwidthDefFree(virNetDevBandwidthDef *bw);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetDevBandwidthDef, virNetDevBandwidthDefFree);

/* <bandwidth><inbound average= peak= burst= floor=/><outbound .../>
 * </bandwidth>, each direction at most once.  Returns a new definition or
 * NULL with an error reported. */
virNetDevBandwidthDef *virNetDevBandwidthDefParseXML(xmlNode *node);

/* Writes <bandwidth> when @bw is not NULL. */
void virNetDevBandwidthDefFormat(virXMLBuf *buf, const virNetDevBandwidthDef *bw);

/* The rules every <bandwidth> obeys: <inbound> needs an average or a
 * floor, <outbound> an average.  @owner names what the element belongs
 * to in the message ("interface 'net0'", "network 'default'").
 * Returns 0 or -1 with an error reported. */
int virNetDevBandwidthDefValidate(const virNetDevBandwidthDef *bw, const char *owner);
