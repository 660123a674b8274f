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

#include "virxml.h"

/* One direction of <bandwidth>; values in kB/s (average, peak, floor) and
 * kB (burst), like upstream.  0 means "not set". */
typedef struct _virNetDevBandwidthRate virNetDevBandwidthRate;
struct _virNetDevBandwidthRate {
    unsigned long long average;
    unsigned long long peak;
    unsigned long long floor;   /* inbound only */
    unsigned long long burst;
};

typedef struct _virNetDevBandwidth virNetDevBandwidth;
struct _virNetDevBandwidth {
    virNetDevBandwidthRate *in;   /* NULL when <inbound> is absent */
    virNetDevBandwidthRate *out;  /* NULL when <outbound> is absent */
};

/* Frees @bw; NULL is fine. */
void virNetDevBandwidthFree(virNetDevBandwidth *bw);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetDevBandwidth, virNetDevBandwidthFree);

/* <bandwidth><inbound average= peak= burst= floor=/><outbound .../>
 * </bandwidth>, each direction at most once.  Returns a new definition or
 * NULL with an error reported. */
virNetDevBandwidth *virNetDevBandwidthParseXML(xmlNode *node);

/* Writes <bandwidth> when @bw is not NULL. */
void virNetDevBandwidthFormat(virXMLBuf *buf, const virNetDevBandwidth *bw);

/* The rules every <bandwidth> obeys: <inbound> needs an average or a
 * floor, <outbound> an average.  @owner names what the element belongs
 * to in the message ("interface 'net0'", "network 'default'").
 * Returns 0 or -1 with an error reported. */
int virNetDevBandwidthValidate(const virNetDevBandwidth *bw, const char *owner);
