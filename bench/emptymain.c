/*
 * emptymain.c: a program that does nothing, linked like a helper
 *
 * bench/bridge-helper execs it to show what loading libraries costs a
 * program that runs once per NIC: built once with GLib only and once
 * with GLib and libsystemd (sd-bus), as libvirt-bridge-helper is.  The
 * call that can never run keeps the linker from dropping the library.
 */
#include <glib.h>
#ifdef WITH_SDBUS
# include <systemd/sd-bus.h>
#endif

int
main(int argc, char **argv G_GNUC_UNUSED)
{
    if (argc > 1000) {
        g_print("unreachable\n");
#ifdef WITH_SDBUS
        sd_bus_default(NULL);
#endif
    }
    return 0;
}
