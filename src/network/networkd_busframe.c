/*
 * networkd_busframe.c: the D-Bus wire framing the daemon's bus relay reads
 *
 * Theory of operation: the relay (networkd_relay.c) must know where each
 * message ends, how large it is, and — for one it refuses — who sent it
 * and under which serial, without decoding its body.  All of that is in
 * the message's first bytes: a 16-byte fixed part (byte order, type,
 * flags, version, body length, serial, length of the header field array)
 * and the header field array, a(yv) in the D-Bus marshalling, padded to 8.
 * Only the fields the relay uses are read (SENDER, UNIX_FDS); any other
 * field is stepped over when its type is one header fields use (s, o, g,
 * u, y), and anything else makes the fields unreadable, which the relay
 * treats as "no sender known".  The bytes come from the bus daemon, which
 * validated them, but are read here as untrusted all the same: every
 * offset is checked against the length given.
 */
#include "networkd_busframe.h"

#include <string.h>

#define VIR_NETWORKD_BUS_FIELD_SENDER 7
#define VIR_NETWORKD_BUS_FIELD_UNIX_FDS 9

/**
 * virNetworkdBusAlign:
 * Returns @pos rounded up to a multiple of @to (a power of two).
 */
static gsize
virNetworkdBusAlign(gsize pos, gsize to)
{
    return (pos + to - 1) & ~(to - 1);
}

/**
 * virNetworkdBusReadU32:
 * The uint32 at @data in the message's byte order.
 */
static guint32
virNetworkdBusReadU32(const guint8 *data, bool bigEndian)
{
    guint32 v;

    memcpy(&v, data, sizeof(v));
    return bigEndian ? GUINT32_FROM_BE(v) : GUINT32_FROM_LE(v);
}

/**
 * virNetworkdBusFrameParse:
 * @data: the start of a message
 * @len: bytes available (at least VIR_NETWORKD_BUS_FIXED_BYTES)
 * @frame: filled in
 *
 * Reads the fixed part of a message.  Returns 0, or -1 when @data is not
 * the start of a D-Bus message (byte order mark, version 1, a total size
 * within the protocol's ceiling).
 */
int
virNetworkdBusFrameParse(const guint8 *data, gsize len, virNetworkdBusFrame *frame)
{
    guint32 bodyLen, fieldsLen;

    memset(frame, 0, sizeof(*frame));
    if (len < VIR_NETWORKD_BUS_FIXED_BYTES)
        return -1;
    if (data[0] == 'l')
        frame->bigEndian = false;
    else if (data[0] == 'B')
        frame->bigEndian = true;
    else
        return -1;
    if (data[3] != 1)
        return -1;
    frame->type = data[1];
    frame->flags = data[2];
    bodyLen = virNetworkdBusReadU32(data + 4, frame->bigEndian);
    frame->serial = virNetworkdBusReadU32(data + 8, frame->bigEndian);
    fieldsLen = virNetworkdBusReadU32(data + 12, frame->bigEndian);
    if (fieldsLen > VIR_NETWORKD_BUS_MAX_MESSAGE || bodyLen > VIR_NETWORKD_BUS_MAX_MESSAGE)
        return -1;
    frame->headerBytes = virNetworkdBusAlign(VIR_NETWORKD_BUS_FIXED_BYTES + (gsize)fieldsLen, 8);
    frame->totalBytes = (guint64)frame->headerBytes + bodyLen;
    if (frame->totalBytes > VIR_NETWORKD_BUS_MAX_MESSAGE)
        return -1;
    return 0;
}

/**
 * virNetworkdBusReadValue:
 * Steps over one header field value of basic type @sig at *@pos, reading
 * it into @str (s, o, g: a copy, when @str is not NULL) or @u32 (u).
 * Returns 0, or -1 on a type header fields do not use or a value that
 * runs past @end.
 */
static int
virNetworkdBusReadValue(const guint8 *header, gsize end, gsize *pos, char sig,
                        bool bigEndian, char **str, guint32 *u32)
{
    gsize p = *pos;
    guint32 n;

    switch (sig) {
    case 's':
    case 'o':
        p = virNetworkdBusAlign(p, 4);
        if (p + 4 > end)
            return -1;
        n = virNetworkdBusReadU32(header + p, bigEndian);
        p += 4;
        if (n >= end - p || header[p + n] != '\0')
            return -1;
        if (str)
            *str = g_strndup((const char *)header + p, n);
        p += n + 1;
        break;
    case 'g':
        if (p + 1 > end)
            return -1;
        n = header[p++];
        if (n >= end - p || header[p + n] != '\0')
            return -1;
        p += n + 1;
        break;
    case 'u':
        p = virNetworkdBusAlign(p, 4);
        if (p + 4 > end)
            return -1;
        if (u32)
            *u32 = virNetworkdBusReadU32(header + p, bigEndian);
        p += 4;
        break;
    case 'y':
        if (p + 1 > end)
            return -1;
        p++;
        break;
    default:
        return -1;
    }
    *pos = p;
    return 0;
}

/**
 * virNetworkdBusFieldsParse:
 * @frame: from virNetworkdBusFrameParse on the same bytes
 * @header: the message's first bytes
 * @len: how many (at least @frame->headerBytes are needed)
 * @fields: filled in; clear with virNetworkdBusFieldsClear
 *
 * Reads the header fields SENDER and UNIX_FDS.  Returns 0, or -1 when the
 * header is short or not readable (@fields is then empty).
 */
int
virNetworkdBusFieldsParse(const virNetworkdBusFrame *frame,
                          const guint8 *header, gsize len,
                          virNetworkdBusFields *fields)
{
    gsize pos = VIR_NETWORKD_BUS_FIXED_BYTES;
    gsize end;

    memset(fields, 0, sizeof(*fields));
    if (len < frame->headerBytes || frame->headerBytes < VIR_NETWORKD_BUS_FIXED_BYTES)
        return -1;
    end = VIR_NETWORKD_BUS_FIXED_BYTES + virNetworkdBusReadU32(header + 12, frame->bigEndian);
    if (end > len)
        return -1;

    while (pos < end) {
        guint8 code;
        gsize sigLen;
        char sig;

        pos = virNetworkdBusAlign(pos, 8);
        if (pos + 2 > end)
            goto error;
        code = header[pos++];
        sigLen = header[pos++];
        /* one basic type: a signature of length 1 and its NUL */
        if (sigLen != 1 || pos + 2 > end || header[pos + 1] != '\0')
            goto error;
        sig = (char)header[pos];
        pos += 2;
        if (code == VIR_NETWORKD_BUS_FIELD_SENDER && sig == 's') {
            g_clear_pointer(&fields->sender, g_free);
            if (virNetworkdBusReadValue(header, end, &pos, sig, frame->bigEndian,
                                        &fields->sender, NULL) < 0)
                goto error;
        } else if (code == VIR_NETWORKD_BUS_FIELD_UNIX_FDS && sig == 'u') {
            if (virNetworkdBusReadValue(header, end, &pos, sig, frame->bigEndian,
                                        NULL, &fields->unixFds) < 0)
                goto error;
        } else if (virNetworkdBusReadValue(header, end, &pos, sig, frame->bigEndian,
                                           NULL, NULL) < 0) {
            goto error;
        }
    }
    return 0;

 error:
    virNetworkdBusFieldsClear(fields);
    return -1;
}

/**
 * virNetworkdBusFieldsClear:
 * Frees what @fields holds and empties it.
 */
void
virNetworkdBusFieldsClear(virNetworkdBusFields *fields)
{
    g_clear_pointer(&fields->sender, g_free);
    fields->unixFds = 0;
}
