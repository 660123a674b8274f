/*
 * qemu_process_chr.h: what a started QEMU tells about the serial ports
 * and consoles of its domain (qemu_process_chr.c)
 */
#pragma once

#include "domain_conf.h"
#include "qemu_monitor.h"

/* Fills the live definition @def (a copy, never the persistent one) once
 * QEMU answers on @mon: a serial or console without an alias gets the
 * one its device has in QEMU ("virsh console --devname" finds devices
 * by alias), and each pty one the path of its pty (/dev/pts/N) from
 * "query-chardev".  Returns 0,
 * or -1 with an error (QEMU did not answer, or reported no pty for a pty
 * device). */
int qemuProcessChrPrepareLive(virQEMUMonitor *mon, virDomainDef *def);
