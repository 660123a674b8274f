/*
 * networkd_filter.h: what the daemon refuses before a call is dispatched
 * (oversized messages), and giving memory back after bursts
 */
#pragma once

#include <gio/gio.h>

typedef struct _virNetworkdFilter virNetworkdFilter;

virNetworkdFilter *virNetworkdFilterNew(unsigned int maxMessageBytes);
void virNetworkdFilterAttach(virNetworkdFilter *filter, GDBusConnection *conn);
void virNetworkdFilterFree(virNetworkdFilter *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdFilter, virNetworkdFilterFree);
