/*
 * testbus.h: a private D-Bus bus and a stand-in service on it, for the
 * client tests that need no root (networkdclientbustest,
 * networkdclientnetworktest)
 */
#pragma once

#include <gio/gio.h>
#include <stdbool.h>

/* Starts dbus-daemon with the session configuration (anyone may own any
 * name) and points DBUS_SYSTEM_BUS_ADDRESS at it, so the clients under
 * test take it for the system bus.  Returns the daemon (force_exit and
 * unref it), or NULL after printing why; *@missing is set when
 * dbus-daemon is not installed (the test skips). */
GSubprocess *virTestBusStart(bool *missing);

/* Runs @argv (a service that prints READY once it owns its name), its
 * stdin a pipe and its stdout read up to READY.  Returns it, or NULL
 * after printing why. */
GSubprocess *virTestBusServe(const char * const *argv);
