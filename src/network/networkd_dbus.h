/*
 * networkd_dbus.h: the D-Bus face of libvirt-networkd (GDBus adapter)
 */
#pragma once

#include <gio/gio.h>

#include "networkd_policy.h"
#include "networkd_port.h"

#define VIR_NETWORKD_BUS_NAME "org.libvirt.Networkd1"
#define VIR_NETWORKD_MANAGER_INTERFACE "org.libvirt.Networkd1.Manager"
#define VIR_NETWORKD_PORT_INTERFACE "org.libvirt.Networkd1.Port"

typedef struct _virNetworkdDBus virNetworkdDBus;

virNetworkdDBus *virNetworkdDBusNew(unsigned int quota,
                                    unsigned int maxPending,
                                    unsigned int authCacheSeconds,
                                    const char *stateDir);
void virNetworkdDBusFree(virNetworkdDBus *dbus);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdDBus, virNetworkdDBusFree);

int virNetworkdDBusStart(virNetworkdDBus *dbus);
int virNetworkdDBusRegister(virNetworkdDBus *dbus, GDBusConnection *conn);
void virNetworkdDBusUnregister(virNetworkdDBus *dbus);

const char *virNetworkdDBusErrorName(virErrorNumber code);
