/*
 * networkd_dbus.h: the D-Bus face of libvirt-networkd (GDBus adapter)
 */
#pragma once

#include <gio/gio.h>

#include "networkd_authz.h"
#include "networkd_network.h"
#include "networkd_policy.h"
#include "networkd_port.h"
#include "networkd_protocol.h"

typedef struct _virNetworkdDBus virNetworkdDBus;

virNetworkdDBus *virNetworkdDBusNew(virNetworkdPortManager *mgr,
                                    virNetworkdPolicy *policy,
                                    virNetworkdQueue *queue,
                                    unsigned int maxPending);
void virNetworkdDBusFree(virNetworkdDBus *dbus);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdDBus, virNetworkdDBusFree);

int virNetworkdDBusStart(virNetworkdDBus *dbus);
int virNetworkdDBusRegister(virNetworkdDBus *dbus, GDBusConnection *conn);
void virNetworkdDBusUnregister(virNetworkdDBus *dbus);
void virNetworkdDBusPortRemoved(virNetworkdDBus *dbus, const virNetworkdPort *port);
void virNetworkdDBusSetNetworks(virNetworkdDBus *dbus, virNetworkdNetworkManager *nets);
void virNetworkdDBusNetworkEvent(virNetworkdDBus *dbus, const virNetworkdNetwork *net,
                                 virNetworkdNetworkEvent event);
