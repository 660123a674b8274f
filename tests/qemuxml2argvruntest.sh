#!/bin/sh
# qemuxml2argvruntest.sh: the real QEMU accepts the golden command lines
# of the machine settings, controllers and small devices.
#
# qemuxml2argvtest checks every -device against the recorded device
# properties; that cannot catch what QEMU refuses only when it builds the
# machine (a -machine property, a -global for a device the machine lacks,
# a USB device without a USB bus, a companion without its master).  So
# each listed case (TCG ones: no /dev/kvm needed, no NIC or disk, which
# need fds and images) runs here with -S for a moment: QEMU must still be
# running when it is stopped, and print no warning (an unused -global is
# only a warning).  Sockets, ptys and logs live in a private directory.
#
# Displays are moved to ports of their own (below).
#
# Skips (77) without qemu-system-x86_64.
set -u

srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
data="$srcdir/tests/qemuxml2argvdata"
qemu=$(command -v qemu-system-x86_64) || { echo "SKIP: no qemu-system-x86_64"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

cases="vcpu-current lifecycle-no-reboot features-no-acpi clock-localtime
cpu-maximum machine-features-pc machine-features-q35 controllers-input-pc
controllers-input-q35 controller-usb-default controller-usb-none
channel-unix-pc channel-unix-q35 balloon-rng-pc balloon-rng-q35
balloon-none virtinst-server upstream-bridge upstream-live-running
graphics-vnc-autoport graphics-vnc-listen graphics-vnc-ipv6 graphics-vnc-socket
graphics-vnc-socket-default graphics-vnc-none graphics-spice-virtinst
graphics-spice-options graphics-spice-socket graphics-spice-none
graphics-vnc-spice video-qxl video-virtio video-vga video-bochs video-cirrus
video-none sound-ich9-default sound-spice-default sound-codecs-audio audio-none-only
watchdog-i6300esb watchdog-itco watchdog-default serial-unix-tcp"

# Displays and TCP serial ports listen on ports of their own, away from
# the golden ones (a VNC display N is port 5900 + N), so that runs in
# parallel and other users of the host do not collide.
vncdisplay=$((20000 + $$ % 10000))
spiceport=$((vncdisplay + 5900 + 1))

fail=0
for c in $cases; do
    args="$data/$c.x86_64-7.2.0.args"
    # the golden file without its emulator, NICs, disks (they need fds
    # and images) and sandbox, paths moved into $tmp
    sed -e 's/ \\$//' "$args" | tail -n +2 |
        grep -v -e '^-netdev' -e 'virtio-net-pci' -e '^-blockdev' -e '"drive":' -e '^-sandbox' |
        sed -e "s|/run/libvirt/qemu/|$tmp/|g" -e "s|/var/lib/guests/|$tmp/|g" \
            -e 's|/dev/hwrng|/dev/urandom|' \
            -e "/^-vnc/s/:[0-9]*\('*\)\$/:$vncdisplay\1/" \
            -e "/^-spice/s/port=[1-9][0-9]*/port=$spiceport/" \
            -e "/^-chardev socket/s/port=[1-9][0-9]*/port=$((spiceport + 1))/" > "$tmp/$c.argv"
    # shellcheck disable=SC2046 # the golden file is already shell words
    eval "set -- $(tr '\n' ' ' < "$tmp/$c.argv")"
    timeout 3 "$qemu" "$@" > "$tmp/$c.log" 2>&1
    rc=$?
    if [ "$rc" -ne 124 ] || grep -q -i -e warning -e error "$tmp/$c.log"; then
        echo "not ok - $c (exit $rc):"
        cat "$tmp/$c.log"
        fail=1
    else
        echo "ok - $c"
    fi
done
exit $fail
