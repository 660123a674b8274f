/*
 * networkd_filter.h: giving memory back after bursts of calls
 */
#pragma once

#include <gio/gio.h>

typedef struct _virNetworkdFilter virNetworkdFilter;

virNetworkdFilter *virNetworkdFilterNew(void);
void virNetworkdFilterAttach(virNetworkdFilter *filter, GDBusConnection *conn);
void virNetworkdFilterFree(virNetworkdFilter *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetworkdFilter, virNetworkdFilterFree);
