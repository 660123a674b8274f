/*
 * networkd_busframe.h: the D-Bus wire framing the daemon's bus relay reads
 *
 * Pure (no I/O): networkd_relay.c feeds it bytes from the bus socket,
 * tests/networkdbusframetest.c and fuzz/busframefuzz.c feed it anything.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* the fixed part every message starts with */
#define VIR_NETWORKD_BUS_FIXED_BYTES 16
/* the protocol's own ceiling on a whole message (2^27) */
#define VIR_NETWORKD_BUS_MAX_MESSAGE (128u * 1024 * 1024)

typedef enum {
    VIR_NETWORKD_BUS_METHOD_CALL = 1,
    VIR_NETWORKD_BUS_METHOD_RETURN = 2,
    VIR_NETWORKD_BUS_ERROR = 3,
    VIR_NETWORKD_BUS_SIGNAL = 4,
} virNetworkdBusMessageType;

#define VIR_NETWORKD_BUS_FLAG_NO_REPLY_EXPECTED 0x1

typedef struct {
    bool bigEndian;
    guint8 type;           /* virNetworkdBusMessageType, or another value */
    guint8 flags;
    guint32 serial;
    gsize headerBytes;     /* fixed part + header fields + padding to 8 */
    guint64 totalBytes;    /* headerBytes + body */
} virNetworkdBusFrame;

typedef struct {
    char *sender;          /* NULL when absent */
    guint32 unixFds;       /* 0 when absent */
} virNetworkdBusFields;

int virNetworkdBusFrameParse(const guint8 *data, gsize len, virNetworkdBusFrame *frame);
int virNetworkdBusFieldsParse(const virNetworkdBusFrame *frame,
                              const guint8 *header, gsize len,
                              virNetworkdBusFields *fields);
void virNetworkdBusFieldsClear(virNetworkdBusFields *fields);
