/*
 * virportallocator.h: find a free TCP port to listen on
 *
 * The QEMU driver picks the ports of autoport displays (VNC, SPICE) the
 * way upstream libvirt does: the first port of a range that can be bound
 * right now.  Nothing is reserved: a process that binds the port between
 * the check and QEMU's own bind makes QEMU fail to start, and the start
 * reports it.
 */
#pragma once

#include <glib.h>

/* The first port in [@min, @max] that is not in @skip (@nskip entries)
 * and that a listening TCP socket can bind on the numeric IPv4 or IPv6
 * @address now (SO_REUSEADDR, as QEMU binds).  Returns 0 with *@port set,
 * or -1 with an error (no free port, an address that is not local). */
int virPortAllocatorFindFree(const char *address, unsigned int min, unsigned int max,
                             const unsigned int *skip, size_t nskip, unsigned int *port);
