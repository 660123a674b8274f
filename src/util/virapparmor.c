/*
 * virapparmor.c: the kernel's AppArmor state
 */
#include "virapparmor.h"

#include <glib.h>

/**
 * virAppArmorKernelEnabled:
 * Read by virt-aa-helper (load the profile or only write it) and by the
 * QEMU driver (exec QEMU into the profile or say it runs unconfined).
 */
bool
virAppArmorKernelEnabled(void)
{
    g_autofree char *val = NULL;

    if (!g_file_get_contents("/sys/module/apparmor/parameters/enabled", &val, NULL, NULL))
        return false;
    return val[0] == 'Y';
}
