/*
 * domain_watchdog_conf.h: what happens when the guest hangs or
 * panics: <watchdog model='i6300esb|itco' action=> and <panic
 * model='isa'>.  Parsed and formatted by domain_watchdog_conf.c;
 * included by domain_conf.h.
 */
#pragma once

#include "virenum.h"

typedef enum {
    VIR_DOMAIN_WATCHDOG_MODEL_I6300ESB,  /* a PCI card */
    VIR_DOMAIN_WATCHDOG_MODEL_ITCO,      /* built into q35's ICH9 LPC bridge */

    VIR_DOMAIN_WATCHDOG_MODEL_LAST
} virDomainWatchdogModel;
VIR_ENUM_DECL(virDomainWatchdogModel);

/* <watchdog action=> (upstream's values). */
typedef enum {
    VIR_DOMAIN_WATCHDOG_ACTION_RESET,     /* the default */
    VIR_DOMAIN_WATCHDOG_ACTION_SHUTDOWN,
    VIR_DOMAIN_WATCHDOG_ACTION_POWEROFF,
    VIR_DOMAIN_WATCHDOG_ACTION_PAUSE,
    VIR_DOMAIN_WATCHDOG_ACTION_DUMP,
    VIR_DOMAIN_WATCHDOG_ACTION_NONE,
    VIR_DOMAIN_WATCHDOG_ACTION_INJECT_NMI,

    VIR_DOMAIN_WATCHDOG_ACTION_LAST
} virDomainWatchdogAction;
VIR_ENUM_DECL(virDomainWatchdogAction);

/* <watchdog model= action=> with <alias> and a PCI <address>; other
 * models (ib700, diag288) stay unmodelled. */
typedef struct _virDomainWatchdogDef virDomainWatchdogDef;
struct _virDomainWatchdogDef {
    virDomainWatchdogModel model;
    virDomainWatchdogAction action;
    bool actionGiven;           /* action= was written */
    char *alias;
    virPCIDeviceAddress pci;
};

/* <panic model='isa'> (or no model) with <alias> and <address
 * type='isa' iobase=>; other models stay unmodelled. */
typedef struct _virDomainPanicDef virDomainPanicDef;
struct _virDomainPanicDef {
    bool modelGiven;            /* model='isa' was written */
    unsigned int iobase;        /* 0 when absent */
    char *alias;
};
