/*
 * networkd_relay.h: the daemon's bus traffic passes a relay that refuses
 * oversized messages and descriptors before GDBus decodes anything
 */
#pragma once

#include <glib.h>

typedef struct _virNetworkdRelay virNetworkdRelay;

virNetworkdRelay *virNetworkdRelayNew(const char *busAddress,
                                      unsigned int maxMessageBytes);
void virNetworkdRelayStart(virNetworkdRelay *relay);
const char *virNetworkdRelayGetAddress(const virNetworkdRelay *relay);
guint virNetworkdRelayGetRefused(virNetworkdRelay *relay);
void virNetworkdRelayFree(virNetworkdRelay *relay);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdRelay, virNetworkdRelayFree);
