#!/bin/bash
# qemuxml2argvruntest.sh: the real QEMU accepts the golden command lines
# of the machine settings, controllers, PCI topologies and small devices.
#
# qemuxml2argvtest checks every -device against the recorded device
# properties; that cannot catch what QEMU refuses only when it builds the
# machine (a -machine property, a -global for a device the machine lacks,
# a USB device without a USB bus, a companion without its master, a PCI
# bus that does not exist, a slot that is taken or that the bus does not
# have, a device QEMU will not plug into a root port).  So each listed
# case (TCG ones: no /dev/kvm needed) runs here with -S for a moment, up
# to four at once (QEMUXML2ARGVRUN_JOBS), each with its own time-out:
# QEMU must still be running when it is stopped, and print no warning (an
# unused -global is only a warning).  The NICs' tap fds become user-mode
# netdevs with the same ids and every disk image an empty qcow2 image of
# its own, so that NICs and disks keep their bus= and addr=.  Sockets,
# ptys, images and logs live in a private directory.
#
# Displays are moved to ports of their own (below).
#
# Skips (77) without qemu-system-x86_64 or qemu-img.
set -u

srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
data="$srcdir/tests/qemuxml2argvdata"
qemu=$(command -v qemu-system-x86_64) || { echo "SKIP: no qemu-system-x86_64"; exit 77; }
qemuimg=$(command -v qemu-img) || { echo "SKIP: no qemu-img"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

cases="vcpu-current lifecycle-no-reboot features-no-acpi clock-localtime
cpu-maximum machine-features-pc machine-features-q35 controllers-input-pc
controllers-input-q35 controller-usb-default controller-usb-none
channel-unix-pc channel-unix-q35 balloon-rng-pc balloon-rng-q35
balloon-none virtinst-server upstream-bridge upstream-live-running
graphics-vnc-autoport graphics-vnc-listen graphics-vnc-ipv6 graphics-vnc-socket
graphics-vnc-socket-default name-escape name-option graphics-vnc-none graphics-spice-virtinst
graphics-spice-options graphics-spice-socket graphics-spice-none
graphics-vnc-spice video-qxl video-virtio video-vga video-bochs video-cirrus
video-none sound-ich9-default sound-spice-default sound-codecs-audio audio-none-only
watchdog-i6300esb watchdog-itco watchdog-default serial-unix-tcp
controller-usb-ports controller-pcie-root-port pci-addr-pc pci-addr-q35
pci-addr-q35-given pci-addr-pc-full pci-addr-q35-full virtinst-q35-server
upstream-network virtinst-q35-desktop"

# Each case's displays and TCP serial ports listen on ports of its own,
# away from the golden ones (a VNC display N is port 5900 + N), so that
# the cases running at once, runs in parallel and other users of the host
# do not collide: case K has VNC display $vncbase + 4K, SPICE on the port
# after the VNC one and TCP serial ports on the port after that.
vncbase=$((20000 + $$ % 10000))

# run_case C K: run case C (the K-th) with -S for a moment; its report
# goes to $tmp/C.report, its verdict (0 or 1) to $tmp/C.status
run_case() {
    local c=$1 k=$2 args vncdisplay spiceport n img rc
    args="$data/$c.x86_64-7.2.0.args"
    vncdisplay=$((vncbase + 4 * k))
    spiceport=$((vncdisplay + 5900 + 1))
    # the golden file without its emulator and sandbox, paths moved into
    # $tmp, tap fds replaced by user-mode netdevs
    sed -e 's/ \\$//' "$args" | tail -n +2 | grep -v -e '^-sandbox' |
        sed -e "s|/run/libvirt/qemu/|$tmp/|g" -e "s|/var/lib/guests/|$tmp/|g" \
            -e 's|/dev/hwrng|/dev/urandom|' \
            -e "/^-vnc/s/:[0-9]*\('*\)\$/:$vncdisplay\1/" \
            -e "/^-spice/s/port=[1-9][0-9]*/port=$spiceport/" \
            -e "/^-chardev socket/s/port=[1-9][0-9]*/port=$((spiceport + 1))/" \
            -e 's|"type":"tap",.*"id":|"type":"user","id":|' > "$tmp/$c.argv"
    # every image, wherever the XML has it, becomes $tmp/$c-N.qcow2
    n=0
    sed -n 's|.*"filename":"\([^"]*\)".*|\1|p' "$tmp/$c.argv" > "$tmp/$c.images"
    while read -r img; do
        n=$((n + 1))
        if ! "$qemuimg" create -q -f qcow2 "$tmp/$c-$n.qcow2" 8M > "$tmp/$c.log" 2>&1; then
            { echo "not ok - $c (qemu-img create failed):"; cat "$tmp/$c.log"; } > "$tmp/$c.report"
            echo 1 > "$tmp/$c.status"
            return
        fi
        sed -i "s|\"filename\":\"$img\"|\"filename\":\"$tmp/$c-$n.qcow2\"|" "$tmp/$c.argv"
    done < "$tmp/$c.images"
    # shellcheck disable=SC2046 # the golden file is already shell words
    eval "set -- $(tr '\n' ' ' < "$tmp/$c.argv")"
    timeout 3 "$qemu" "$@" > "$tmp/$c.log" 2>&1
    rc=$?
    if [ "$rc" -ne 124 ] || grep -q -i -e warning -e error "$tmp/$c.log"; then
        { echo "not ok - $c (exit $rc):"; cat "$tmp/$c.log"; } > "$tmp/$c.report"
        echo 1 > "$tmp/$c.status"
    else
        echo "ok - $c" > "$tmp/$c.report"
        echo 0 > "$tmp/$c.status"
    fi
}

# At most $jobs cases at once (each is mostly QEMU waiting out its 3 s
# with -S, so more than the CPUs); the reports come in the list's order.
jobs=${QEMUXML2ARGVRUN_JOBS:-4}
k=0
running=0
for c in $cases; do
    k=$((k + 1))
    run_case "$c" "$k" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

fail=0
for c in $cases; do
    if [ -f "$tmp/$c.report" ]; then
        cat "$tmp/$c.report"
    else
        echo "not ok - $c (no report)"
    fi
    [ "$(cat "$tmp/$c.status" 2>/dev/null)" = 0 ] || fail=1
done
exit $fail
