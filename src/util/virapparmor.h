/*
 * virapparmor.h: the kernel's AppArmor state
 */
#pragma once

#include <stdbool.h>

/* True when the running kernel enforces AppArmor (the apparmor module's
 * "enabled" parameter is Y). */
bool virAppArmorKernelEnabled(void);
