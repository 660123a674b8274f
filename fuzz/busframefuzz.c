/*
 * busframefuzz.c: libFuzzer target for the bus relay's framing reader
 *
 * The input is the start of a D-Bus message as the bus would send it to
 * the daemon.  Properties checked (anything else aborts so libFuzzer keeps
 * the input):
 *  - an accepted fixed part gives a header size that is a multiple of 8,
 *    at least 16 bytes, and a total within the protocol's ceiling;
 *  - the header fields are read only from within the bytes given: they
 *    are parsed from an exact-size copy, so a read past it is caught by
 *    the sanitizers, and a sender read is a NUL-free string.
 */
#include "fuzz.h"
#include "networkd_busframe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virNetworkdBusFrame frame;
    virNetworkdBusFields fields;
    g_autofree guint8 *header = NULL;

    if (virNetworkdBusFrameParse(data, size, &frame) < 0)
        return 0;
    if (frame.headerBytes % 8 != 0 || frame.headerBytes < VIR_NETWORKD_BUS_FIXED_BYTES ||
        frame.totalBytes > VIR_NETWORKD_BUS_MAX_MESSAGE || frame.totalBytes < frame.headerBytes) {
        fprintf(stderr, "busframefuzz: inconsistent frame\n");
        abort();
    }
    if (size < frame.headerBytes)
        return 0;
    header = g_memdup2(data, frame.headerBytes);
    if (virNetworkdBusFieldsParse(&frame, header, frame.headerBytes, &fields) < 0)
        return 0;
    if (fields.sender && strlen(fields.sender) >= frame.headerBytes) {
        fprintf(stderr, "busframefuzz: a sender longer than the header\n");
        abort();
    }
    virNetworkdBusFieldsClear(&fields);
    return 0;
}
