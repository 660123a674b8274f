/*
 * virnettestframe.h: raw Ethernet frames for the per-port control tests
 *
 * Sockets are made inside a test namespace by the test process itself
 * (setns there and back), so one program writes frames into a tap or
 * macvtap fd and counts what arrives at a peer, without helpers.  Every
 * frame carries a marker the counting side looks for.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "virnettestns.h"

#define VIR_TEST_FRAME_MAX 1600

/* socket(@domain, @type, @protocol) in @ns (NULL: the test's own),
 * close-on-exec; -1 with the reason printed. */
int virTestNetnsSocket(const virTestNetns *ns, int domain, int type, int protocol);

/* An AF_PACKET socket of every protocol bound to @ifname in @ns,
 * non-blocking, seeing received frames only.  -1 with the reason printed. */
int virTestPacketSocket(const virTestNetns *ns, const char *ifname);

/* The MAC of @ifname in @ns into @mac; 0 or -1 (printed). */
int virTestIfMac(const virTestNetns *ns, const char *ifname, guint8 mac[6]);

/* An Ethernet frame into @buf (VIR_TEST_FRAME_MAX): header, then
 * @payload.  Returns its length (at least 60 bytes, zero padded). */
size_t virTestFrameRaw(guint8 *buf, const guint8 dst[6], const guint8 src[6],
                       guint16 ethertype, const void *payload, size_t len);

/* @ethertype 0x8100 in front of an IPv4 UDP frame when @vlan > 0. */
size_t virTestFrameUdp4(guint8 *buf, const guint8 dst[6], const guint8 src[6],
                        unsigned int vlan, const char *saddr, const char *daddr,
                        guint16 sport, guint16 dport, const char *marker);

/* An Ethernet/IPv4 ARP frame (@op 1 request, 2 reply) from Ethernet
 * source @src with @marker in the trailer. */
size_t virTestFrameArp(guint8 *buf, const guint8 dst[6], const guint8 src[6],
                       guint16 op, const guint8 sha[6], const char *spa,
                       const guint8 tha[6], const char *tpa, const char *marker);

/* Reads frames from the non-blocking @fds (packet sockets, tap or
 * macvtap queues; at most 16) for @ms and returns how many contained
 * @marker. */
int virTestFramesSeen(const int *fds, size_t nfds, const char *marker, int ms);
