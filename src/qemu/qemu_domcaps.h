/*
 * qemu_domcaps.h: what a domain can use here (virsh domcapabilities) and
 * which emulators the host has (virsh capabilities)
 *
 * The document follows upstream's <domainCapabilities> and <capabilities>
 * where they overlap and adds what this tree is about: for each interface
 * backend, whether it can work on this host and, when not, why.  Facts
 * about the host (helper binary, system bus, passt) are gathered by
 * virQEMUDomainCapsHostProbe() into a plain struct so that formatting is
 * pure and tested with golden files.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "domain_conf.h"
#include "qemu_capabilities.h"
#include "qemu_conf.h"

/* Host facts that decide whether a backend can work. */
typedef struct _virQEMUDomainCapsHost virQEMUDomainCapsHost;
struct _virQEMUDomainCapsHost {
    char *bridgeHelper;         /* resolved qemu.conf bridge_helper, NULL if not found */
    char *bridgeHelperProblem;  /* why it cannot work here, NULL when it can */
    bool networkdReachable;     /* org.libvirt.Networkd1 owned or activatable */
    char *networkdProblem;      /* why not, NULL when reachable */
    char *passt;                /* the passt binary, NULL if not found */
    bool kvmUsable;             /* /dev/kvm usable by this process */
};

void virQEMUDomainCapsHostFree(virQEMUDomainCapsHost *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUDomainCapsHost, virQEMUDomainCapsHostFree);

virQEMUDomainCapsHost *virQEMUDomainCapsHostProbe(const virQEMUConf *cfg,
                                                  const virQEMUCaps *caps,
                                                  int busTimeoutMs);

char *virQEMUDomainCapsFormat(const virQEMUCaps *caps,
                              const virQEMUDomainCapsHost *host,
                              const char *machine,
                              int virtType);

char *virQEMUCapabilitiesFormat(const char *hostArch,
                                virQEMUCaps * const *emulators,
                                size_t nemulators);

char **virQEMUCapabilitiesFindEmulators(const char *pathEnv);
