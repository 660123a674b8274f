#!/bin/sh
# bridgehelperdepstest.sh: libvirt-bridge-helper is exec'd once per NIC, so
# the libraries it loads are part of every guest start (docs/benchmarks.rst:
# GIO alone costs more than the setuid helper's whole start-up).  Fails if
# the helper links GIO or GObject again, or stops using sd-bus.
#
#   bridgehelperdepstest.sh HELPER
set -u
helper=$1
command -v readelf >/dev/null || { echo "SKIP: readelf is missing (binutils)"; exit 77; }
needed=$(readelf -d "$helper" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p') ||
    { echo "FAIL: cannot read $helper"; exit 1; }
rc=0
for lib in libgio-2.0 libgobject-2.0 libgmodule-2.0; do
    if printf '%s\n' "$needed" | grep -q "^$lib\."; then
        echo "FAIL: $helper needs $lib"
        rc=1
    fi
done
printf '%s\n' "$needed" | grep -q '^libsystemd\.' ||
    { echo "FAIL: $helper does not use sd-bus (libsystemd)"; rc=1; }
[ $rc = 0 ] && echo "ok: $helper needs only: $(printf '%s ' $needed)"
exit $rc
