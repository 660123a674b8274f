/*
 * testbus.c: a private D-Bus bus and a stand-in service on it
 *
 * See testbus.h.
 */
#include "testbus.h"

#include <stdio.h>
#include <string.h>

/**
 * virTestBusStart:
 * @missing: set when dbus-daemon is not installed
 *
 * Returns the running private bus daemon, or NULL after printing why.
 */
GSubprocess *
virTestBusStart(bool *missing)
{
    g_autofree char *daemon = g_find_program_in_path("dbus-daemon");
    g_autoptr(GSubprocess) bus = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autofree char *address = NULL;

    *missing = !daemon;
    if (!daemon) {
        printf("SKIP: dbus-daemon is missing\n");
        return NULL;
    }
    if (!(bus = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                 &gerr, "dbus-daemon",
                                 "--session", "--nofork", "--nopidfile", "--nosyslog",
                                 "--print-address=1", NULL))) {
        fprintf(stderr, "%s\n", gerr->message);
        return NULL;
    }
    out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(bus));
    if (!(address = g_data_input_stream_read_line(out, NULL, NULL, &gerr))) {
        fprintf(stderr, "no bus address\n");
        g_subprocess_force_exit(bus);
        return NULL;
    }
    /* the clients read the "system" bus from the environment, as in use */
    g_setenv("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
    return g_steal_pointer(&bus);
}

/**
 * virTestBusServe:
 * @argv: the service's command line
 *
 * Returns the service once it printed READY, or NULL after printing why.
 */
GSubprocess *
virTestBusServe(const char * const *argv)
{
    g_autoptr(GSubprocess) service = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autofree char *ready = NULL;

    if (!(service = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                      G_SUBPROCESS_FLAGS_STDOUT_PIPE, &gerr))) {
        fprintf(stderr, "%s\n", gerr->message);
        return NULL;
    }
    out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(service));
    if (!(ready = g_data_input_stream_read_line(out, NULL, NULL, NULL)) ||
        strcmp(ready, "READY") != 0) {
        fprintf(stderr, "%s did not start\n", argv[0]);
        g_subprocess_force_exit(service);
        return NULL;
    }
    return g_steal_pointer(&service);
}
