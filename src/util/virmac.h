/*
 * virmac.h: MAC addresses
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define VIR_MAC_BUFLEN 6
#define VIR_MAC_STRING_BUFLEN (VIR_MAC_BUFLEN * 3)
#define VIR_MAC_PREFIX_BUFLEN 3

typedef struct _virMacAddr virMacAddr;
struct _virMacAddr {
    unsigned char addr[VIR_MAC_BUFLEN];
};

/* "52:54:00:aa:bb:cc" (either case, one or two hex digits per byte).
 * Returns 0, or -1 (no error reported: the caller knows the context). */
int virMacAddrParse(const char *str, virMacAddr *mac);
/* Lower-case, colon separated, into @buf of VIR_MAC_STRING_BUFLEN. */
const char *virMacAddrFormat(const virMacAddr *mac, char *buf);
void virMacAddrGenerate(const unsigned char prefix[VIR_MAC_PREFIX_BUFLEN], virMacAddr *mac);
bool virMacAddrIsMulticast(const virMacAddr *mac);
bool virMacAddrIsUnicast(const virMacAddr *mac);
bool virMacAddrIsZero(const virMacAddr *mac);
bool virMacAddrEqual(const virMacAddr *a, const virMacAddr *b);
/* Host side of a tap: the guest MAC with the first byte set to 0xFE, so the
 * bridge never picks the tap's address as its own (it uses the lowest). */
void virMacAddrHostSide(const virMacAddr *guest, virMacAddr *host);

/* The prefix libvirt uses for generated guest MACs, 52:54:00. */
extern const unsigned char virMacPrefixLibvirt[VIR_MAC_PREFIX_BUFLEN];
