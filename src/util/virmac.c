/*
 * virmac.c: MAC addresses
 */
#include "virmac.h"

#include <string.h>

const unsigned char virMacPrefixLibvirt[VIR_MAC_PREFIX_BUFLEN] = { 0x52, 0x54, 0x00 };

static int
virMacHexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/**
 * virMacAddrParse:
 * Parses "xx:xx:xx:xx:xx:xx" (1 or 2 hex digits per byte, ':' only).
 * Returns 0 on success, -1 on any syntax error; @mac is then unchanged.
 */
int
virMacAddrParse(const char *str, virMacAddr *mac)
{
    virMacAddr tmp;
    size_t i;

    if (!str)
        return -1;

    for (i = 0; i < VIR_MAC_BUFLEN; i++) {
        int hi = virMacHexDigit(*str);
        int lo;

        if (hi < 0)
            return -1;
        str++;
        if ((lo = virMacHexDigit(*str)) >= 0) {
            tmp.addr[i] = (unsigned char)(hi * 16 + lo);
            str++;
        } else {
            tmp.addr[i] = (unsigned char)hi;
        }

        if (i < VIR_MAC_BUFLEN - 1) {
            if (*str != ':')
                return -1;
            str++;
        }
    }
    if (*str != '\0')
        return -1;

    *mac = tmp;
    return 0;
}

const char *
virMacAddrFormat(const virMacAddr *mac, char *buf)
{
    g_snprintf(buf, VIR_MAC_STRING_BUFLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
               mac->addr[0], mac->addr[1], mac->addr[2],
               mac->addr[3], mac->addr[4], mac->addr[5]);
    return buf;
}

void
virMacAddrGenerate(const unsigned char prefix[VIR_MAC_PREFIX_BUFLEN], virMacAddr *mac)
{
    size_t i;

    memcpy(mac->addr, prefix, VIR_MAC_PREFIX_BUFLEN);
    for (i = VIR_MAC_PREFIX_BUFLEN; i < VIR_MAC_BUFLEN; i++)
        mac->addr[i] = (unsigned char)g_random_int_range(0, 256);
}

bool
virMacAddrIsMulticast(const virMacAddr *mac)
{
    return (mac->addr[0] & 0x01) != 0;
}

bool
virMacAddrIsUnicast(const virMacAddr *mac)
{
    return !virMacAddrIsMulticast(mac);
}

bool
virMacAddrIsZero(const virMacAddr *mac)
{
    static const virMacAddr zero;

    return memcmp(mac->addr, zero.addr, VIR_MAC_BUFLEN) == 0;
}

bool
virMacAddrEqual(const virMacAddr *a, const virMacAddr *b)
{
    return memcmp(a->addr, b->addr, VIR_MAC_BUFLEN) == 0;
}

void
virMacAddrHostSide(const virMacAddr *guest, virMacAddr *host)
{
    *host = *guest;
    host->addr[0] = 0xFE;
}
