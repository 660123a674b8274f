/*
 * qemu_process_graphics.c: what a display needs from the host before
 * QEMU starts
 *
 * An autoport VNC or SPICE display gets the first free TCP port from
 * 5900 up on its listen address, and a <listen type='socket'> without a
 * path gets the socket next to the QMP monitor (session mode).  Both are
 * written into the live definition, so the status file, dumpxml of the
 * running domain and "virsh domdisplay" show where the display is.
 */
#include "qemu_process_graphics.h"
#include "qemu_command.h"
#include "virportallocator.h"
#include "virsocketaddr.h"

/* Where autoport displays look for a port: upstream's
 * remote_display_port_min and _max defaults. */
#define QEMU_GRAPHICS_PORT_MAX 65535

/**
 * qemuProcessGraphicsPrepare:
 * See qemu_process_graphics.h.
 */
int
qemuProcessGraphicsPrepare(virDomainDef *def, const char *monitorPath, bool systemMode)
{
    g_autofree unsigned int *used = g_new0(unsigned int, def->ngraphics + 1);
    size_t nused = 0;
    size_t i;

    /* ports given in the XML are not candidates for the others */
    for (i = 0; i < def->ngraphics; i++) {
        if (def->graphics[i]->port > 0)
            used[nused++] = def->graphics[i]->port;
    }
    for (i = 0; i < def->ngraphics; i++) {
        virDomainGraphicsDef *graphics = def->graphics[i];
        virSocketAddr addr;
        unsigned int port;

        switch (graphics->listen) {
        case VIR_DOMAIN_GRAPHICS_LISTEN_SOCKET:
            /* system mode: the command builder refuses it, naming why */
            if (!graphics->socket && !systemMode)
                graphics->socket = qemuBuildGraphicsSocketPath(monitorPath, def, i);
            break;
        case VIR_DOMAIN_GRAPHICS_LISTEN_DEFAULT:
        case VIR_DOMAIN_GRAPHICS_LISTEN_ADDRESS:
            /* a listen address that is not numeric: the command builder
             * refuses it, saying why */
            if (!graphics->autoport || graphics->port > 0 ||
                (graphics->address &&
                 !virSocketAddrTryParse(graphics->address, AF_UNSPEC, &addr)))
                break;
            if (virPortAllocatorFindFree(graphics->address ? graphics->address : "127.0.0.1",
                                         QEMU_GRAPHICS_PORT_MIN, QEMU_GRAPHICS_PORT_MAX,
                                         used, nused, &port) < 0)
                return -1;
            graphics->port = (int)port;
            used[nused++] = port;
            break;
        case VIR_DOMAIN_GRAPHICS_LISTEN_NONE:
        case VIR_DOMAIN_GRAPHICS_LISTEN_LAST:
            break;
        }
    }
    return 0;
}
