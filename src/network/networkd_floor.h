/*
 * networkd_floor.h: the class tree of a virtual network's bridge — its
 * inbound <bandwidth> and the floors of its ports
 */
#pragma once

#include <glib.h>

#include "networkd_network.h"
#include "networkd_port.h"

typedef struct _virNetworkdFloor virNetworkdFloor;

virNetworkdFloor *virNetworkdFloorNew(virNetworkdPortManager *ports,
                                      virNetworkdNetworkManager *nets);
void virNetworkdFloorFree(virNetworkdFloor *floor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdFloor, virNetworkdFloorFree);

int virNetworkdFloorStart(virNetworkdFloor *floor);
void virNetworkdFloorNetworkEvent(virNetworkdFloor *floor, const virNetworkdNetwork *net,
                                  virNetworkdNetworkEvent event);
int virNetworkdFloorPortAdded(virNetworkdFloor *floor, const virNetworkdPort *port);
void virNetworkdFloorPortRemoved(virNetworkdFloor *floor, const virNetworkdPort *port);
