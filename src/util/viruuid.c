/*
 * viruuid.c: UUIDs
 */
#include "viruuid.h"

#include <string.h>

static int
virUUIDHexDigit(char c)
{
    return g_ascii_xdigit_value(c);
}

/**
 * virUUIDParse:
 * Parses @str into @uuid (16 bytes).  Dashes are allowed only at the
 * canonical positions or not at all.  Returns 0, or -1 on a syntax error.
 */
int
virUUIDParse(const char *str, unsigned char *uuid)
{
    unsigned char tmp[VIR_UUID_BUFLEN];
    size_t len;
    bool dashed;
    size_t i;

    if (!str)
        return -1;
    len = strlen(str);
    if (len == 36)
        dashed = true;
    else if (len == 32)
        dashed = false;
    else
        return -1;

    for (i = 0; i < VIR_UUID_BUFLEN; i++) {
        int hi, lo;

        if (dashed && (i == 4 || i == 6 || i == 8 || i == 10)) {
            if (*str != '-')
                return -1;
            str++;
        }
        if ((hi = virUUIDHexDigit(str[0])) < 0 ||
            (lo = virUUIDHexDigit(str[1])) < 0)
            return -1;
        tmp[i] = (unsigned char)(hi * 16 + lo);
        str += 2;
    }
    if (*str != '\0')
        return -1;

    memcpy(uuid, tmp, VIR_UUID_BUFLEN);
    return 0;
}

const char *
virUUIDFormat(const unsigned char *uuid, char *buf)
{
    g_snprintf(buf, VIR_UUID_STRING_BUFLEN,
               "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
               uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5],
               uuid[6], uuid[7], uuid[8], uuid[9], uuid[10], uuid[11],
               uuid[12], uuid[13], uuid[14], uuid[15]);
    return buf;
}

void
virUUIDGenerate(unsigned char *uuid)
{
    size_t i;

    for (i = 0; i < VIR_UUID_BUFLEN; i += 4) {
        guint32 r = g_random_int();
        memcpy(uuid + i, &r, 4);
    }
    uuid[6] = (uuid[6] & 0x0F) | 0x40;  /* version 4 */
    uuid[8] = (uuid[8] & 0x3F) | 0x80;  /* RFC 4122 variant */
}

bool
virUUIDIsZero(const unsigned char *uuid)
{
    size_t i;

    for (i = 0; i < VIR_UUID_BUFLEN; i++) {
        if (uuid[i])
            return false;
    }
    return true;
}
