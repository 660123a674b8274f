/*
 * qemu_process_graphics.h: ports and sockets of the displays, chosen at
 * start (qemu_process_graphics.c)
 */
#pragma once

#include <stdbool.h>

#include "domain_conf.h"

/* Fills the live definition @def (a copy, never the persistent one):
 * a free port for each autoport TCP display, and in session mode (not
 * @systemMode) the default socket of a <listen type='socket'> without
 * one, next to @monitorPath.  Returns 0, or -1 with an error (no free
 * port, a listen address that is not local). */
int qemuProcessGraphicsPrepare(virDomainDef *def, const char *monitorPath, bool systemMode);
