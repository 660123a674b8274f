#!/bin/sh
# Boot the test guest (scripts/make-guest-image) under QEMU/TCG on a bridge
# inside a private network namespace and check that it really talks:
#   host        the guest pings the bridge address 198.18.0.1: GUEST-PING-OK,
#               the host has learnt the guest's MAC, and QEMU ends by itself
#               when the guest powers off
#   unreachable a peer that does not exist: GUEST-PING-FAIL (the marker is
#               not printed unconditionally)
#   mutual      two guests on the bridge ping each other: both GUEST-PING-OK
#   waiter      one guest only answers (guest.wait=), the other pings it:
#               GUEST-PING-OK and GUEST-PINGED
#   dhcp        guest.addr=dhcp against a dnsmasq on the bridge: the lease
#               (GUEST-DHCP-OK with the reserved address, in dnsmasq's
#               lease file), the route to the bridge, guest.resolve= of a
#               host-record name through the DNS the lease named; a guest
#               dnsmasq ignores: GUEST-DHCP-FAIL
# Prints the time from QEMU start to each marker.  Root only; skips (77)
# without qemu-system-x86_64.  The image goes to $GUEST_IMAGE_DIR, default
# <builddir>/guest-image (built once, then cached).  KVM hangs guests on
# these machines, so always TCG, and every QEMU runs under timeout(1).
set -u

top=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
. "$top/scripts/lib/sandbox.sh"

sandbox_require_root
sandbox_require_cmd qemu-system-x86_64 ip timeout dnsmasq
sandbox_enter "$@"

imagedir=${GUEST_IMAGE_DIR:-${abs_top_builddir:-$top/build}/guest-image}
if ! "$top/scripts/make-guest-image" "$imagedir" >/dev/null; then
    echo "FAIL: cannot build the guest image (see the message above)"
    exit 1
fi


sandbox_init
ns=lvnd-guest-$$
sandbox_netns_add "$ns" br0 198.18.0.1/24 || exit 1

# now_ms: milliseconds since the epoch.
now_ms() {
    echo $(( $(date +%s%N) / 1000000 ))
}

# guest_start NAME TAP MAC PARAMS...: create TAP on br0 and boot a guest
# with the given guest.* kernel parameters; its serial console is
# $SANDBOX_DIR/logs/NAME.log.  Records the start time in $SANDBOX_DIR/NAME.t0.
guest_start() {
    name=$1 tap=$2 mac=$3
    shift 3
    sandbox_tap_add "$ns" "$tap" br0 || return 1
    now_ms >"$SANDBOX_DIR/$name.t0"
    sandbox_start "$name" ip netns exec "$ns" \
        timeout 120 qemu-system-x86_64 -accel tcg -m 256 -nographic -nodefaults \
        -no-reboot -serial stdio \
        -kernel "$imagedir/vmlinuz" -initrd "$imagedir/initrd.img" \
        -append "console=ttyS0 panic=-1 $*" \
        -netdev "tap,id=net0,ifname=$tap,script=no,downscript=no" \
        -device "virtio-net-pci,netdev=net0,mac=$mac"
}

# guest_expect NAME MARKER SECONDS: wait for a console line starting with
# MARKER (the serial console ends lines with CR LF); print the time since the guest started.  On failure show the
# console tail.
guest_expect() {
    if sandbox_wait_grep "$3" "^$2([[:space:]]|\$)" "$SANDBOX_DIR/logs/$1.log"; then
        echo "# $1: $2 after $(( $(now_ms) - $(cat "$SANDBOX_DIR/$1.t0") )) ms"
        return 0
    fi
    echo "# $1: no $2 within $3 s; console tail:"
    tail -n 20 "$SANDBOX_DIR/logs/$1.log" | sed 's/^/#   /'
    return 1
}

# guest_exited NAME: 0 if the guest's QEMU is no longer running.
guest_exited() {
    ! sandbox_running "$1"
}

# guest_ends NAME: 0 once QEMU has exited by itself (guest power-off),
# within 20 s.
guest_ends() {
    sandbox_wait_for 20 guest_exited "$1"
}

# --- host: the guest pings the bridge
guest_start host tap0 52:54:00:18:00:10 \
    guest.addr=198.18.0.10/24 guest.peer=198.18.0.1
sandbox_check "host: GUEST-PING-OK" guest_expect host GUEST-PING-OK 60
sandbox_check "host: the bridge learnt the guest's MAC" \
    sh -c "ip -n $ns neigh show 198.18.0.10 dev br0 | grep -q 52:54:00:18:00:10"
sandbox_check "host: QEMU ends when the guest powers off" guest_ends host
sandbox_stop host

# --- unreachable: nobody answers at 198.18.0.99
guest_start unreachable tap1 52:54:00:18:00:11 \
    guest.addr=198.18.0.11/24 guest.peer=198.18.0.99 guest.tries=2
sandbox_check "unreachable: GUEST-PING-FAIL" guest_expect unreachable GUEST-PING-FAIL 60
sandbox_check "unreachable: no GUEST-PING-OK" \
    sh -c "! grep -q '^GUEST-PING-OK' '$SANDBOX_DIR/logs/unreachable.log'"
sandbox_stop unreachable

# --- mutual: two guests ping each other
guest_start mutual_a tap2 52:54:00:18:00:20 \
    guest.addr=198.18.0.20/24 guest.peer=198.18.0.21 guest.tries=60 guest.wait=60
guest_start mutual_b tap3 52:54:00:18:00:21 \
    guest.addr=198.18.0.21/24 guest.peer=198.18.0.20 guest.tries=60 guest.wait=60
sandbox_check "mutual: guest A reaches guest B" guest_expect mutual_a GUEST-PING-OK 90
sandbox_check "mutual: guest B reaches guest A" guest_expect mutual_b GUEST-PING-OK 90
sandbox_stop mutual_a
sandbox_stop mutual_b

# --- waiter: one guest only answers, the other pings it
guest_start waiter tap4 52:54:00:18:00:30 \
    guest.addr=198.18.0.30/24 guest.wait=90
sandbox_check "waiter: GUEST-READY" guest_expect waiter GUEST-READY 60
guest_start pinger tap5 52:54:00:18:00:31 \
    guest.addr=198.18.0.31/24 guest.peer=198.18.0.30 guest.tries=30
sandbox_check "pinger: GUEST-PING-OK" guest_expect pinger GUEST-PING-OK 60
sandbox_check "waiter: GUEST-PINGED" guest_expect waiter GUEST-PINGED 30
sandbox_stop pinger
sandbox_stop waiter

# --- dhcp: a lease, a route and a name from dnsmasq on the bridge
sandbox_start dnsmasq ip netns exec "$ns" dnsmasq --keep-in-foreground --conf-file=/dev/null \
    --user=root --bind-interfaces --interface=br0 --except-interface=lo --no-resolv --no-hosts \
    --dhcp-range=198.18.0.100,198.18.0.150,255.255.255.0,5m \
    --dhcp-host=52:54:00:18:00:40,198.18.0.140 --dhcp-host=52:54:00:18:00:41,ignore \
    --dhcp-leasefile="$SANDBOX_DIR/leases" --host-record=files.lab.test,198.18.0.5 \
    --domain=lab.test --log-facility=- || exit 1
guest_start dhcp tap6 52:54:00:18:00:40 \
    guest.addr=dhcp guest.resolve=files.lab.test guest.peer=198.18.0.1
guest_start nodhcp tap7 52:54:00:18:00:41 guest.addr=dhcp guest.peer=198.18.0.1
sandbox_check "dhcp: GUEST-DHCP-OK with the reserved address" guest_expect dhcp "GUEST-DHCP-OK 198.18.0.140" 90
sandbox_check "dhcp: the lease is in dnsmasq's lease file" \
    grep -q ' 52:54:00:18:00:40 198.18.0.140 ' "$SANDBOX_DIR/leases"
sandbox_check "dhcp: GUEST-RESOLVE-OK of the host record" guest_expect dhcp "GUEST-RESOLVE-OK 198.18.0.5" 60
sandbox_check "dhcp: GUEST-PING-OK of the bridge" guest_expect dhcp GUEST-PING-OK 60
sandbox_check "dhcp: an ignored client prints GUEST-DHCP-FAIL" guest_expect nodhcp GUEST-DHCP-FAIL 90
sandbox_check "dhcp: and no address" \
    sh -c "! grep -q '^GUEST-DHCP-OK' '$SANDBOX_DIR/logs/nodhcp.log'"
sandbox_stop dhcp
sandbox_stop nodhcp
sandbox_stop dnsmasq

sandbox_checks_finish
