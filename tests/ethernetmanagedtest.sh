#!/bin/bash
# ethernetmanagedtest.sh: <interface type='ethernet'> with a managed tap,
# end to end, as unprivileged users (qemu:///session): the driver asks
# libvirt-networkd for a port with plug "none" (a tap on no bridge).
#
# The world of scripts/lib/guestenv.sh (private namespace, bus, the real
# polkitd and libvirt-networkd), with one more polkit rule: user A may
# create routed taps (plug "none") named "lvnd-*" or by the daemon; user B,
# in the same group, may not.
#   routed    A's guest with <target dev='lvnd-a0' managed='yes'/>: the
#             tap lvnd-a0 exists, on no bridge, up, with the host-side MAC
#             and the MTU of <mtu>; the test gives its host side
#             198.18.9.1/24 and an iperf3 server; the guest (198.18.9.10/24)
#             runs guest.iperf= both ways (a result each) and pings it:
#             GUEST-PING-OK, and the host side has the guest's MAC as its
#             neighbour; destroy: the
#             tap and the port are gone
#   named     without <target>: a tap of the daemon's naming (vnetN), on no
#             bridge
#   refused   B's start is refused by polkit (no QEMU, no tap); a name the
#             rule does not grant ("other0") is refused for A too; a name
#             a link has (a veth) fails the start naming it; <ip> on the
#             interface fails the start naming <ip>
# Root only (77 otherwise).  Prints "ok N - ..." lines.
set -u

top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${abs_top_builddir:-$top_srcdir/build}
. "$top_srcdir/scripts/lib/sandbox.sh"
. "$top_srcdir/scripts/lib/guestenv.sh"

sandbox_require_root
sandbox_require_cmd qemu-system-x86_64 ip dbus-daemon "$SANDBOX_POLKITD" setpriv useradd pgrep python3 iperf3
sandbox_enter "$@"
guestenv_test_start "$top_srcdir" "$top_builddir" tools/virsh src/network/libvirt-networkd

note() { echo "# $*"; }

A=em$$a
B=em$$b
GROUP=em$$vm
guestenv_users_add "$GROUP" "$A" "$B" || { echo "FAIL: test users"; exit 1; }
GUESTENV_NS=lvnd-eth-$$
NS=$GUESTENV_NS
# shellcheck disable=SC2034 # read by guestenv_world_start
GUESTENV_EXTRA_RULES="
// $A may create routed taps named by the daemon or lvnd-*
polkit.addRule(function(action, subject) {
    if (action.id == \"org.libvirt.networkd.port.create\" &&
        action.lookup(\"plug\") == \"none\" && subject.user == \"$A\" &&
        (action.lookup(\"ifname\") == \"\" ||
         action.lookup(\"ifname\").indexOf(\"lvnd-\") == 0))
        return polkit.Result.YES;
    return polkit.Result.NOT_HANDLED;
});"
guestenv_world_start "$GROUP" || { echo "FAIL: world"; exit 1; }

OUT=
# run_ok DESC USER ARGS...: virsh as USER must succeed
run_ok() {
    local desc=$1
    shift
    OUT=$(guestenv_virsh "$@" 2>&1)
    local rc=$?
    sandbox_check "$desc" test $rc -eq 0 || printf '%s\n' "$OUT" | sed 's/^/#   /'
    return $rc
}
# start_fails DESC PATTERN USER DOMAIN: start must fail saying PATTERN,
# and leave no QEMU
start_fails() {
    OUT=$(guestenv_virsh "$3" start "$4" 2>&1)
    local rc=$?
    if ! sandbox_check "$1" sh -c '[ "$1" -ne 0 ] && printf "%s\n" "$2" | grep -qF -- "$3"' \
            _ "$rc" "$OUT" "$2"; then
        printf '%s\n' "$OUT" | sed 's/^/#   /'
    fi
    sandbox_check "$1: no QEMU" sh -c '! pgrep -u "$1" -f "guest=$2," >/dev/null' _ "$3" "$4"
}
# eth_define USER NAME TARGET ADDR PEER [EXTRA [CMDLINE]]: an ethernet
# guest; TARGET is the <target> element ("" for none), EXTRA more children
# of <interface>, CMDLINE more kernel parameters
eth_define() {
    GUESTENV_TRIES=120 GUESTENV_CMDLINE=${7:-} guestenv_define "$1" "$2" 52:54:00:18:09:0a \
        "$4/24" "$5" "<interface type='ethernet'>$3<mtu size='1400'/>${6:-}</interface>" default 300
}
link_json() { ip -n "$NS" -d -j link show dev "$1" 2>/dev/null; }
# link_is IFNAME PYTHON-EXPR: the expression holds for the link's JSON (l)
link_is() {
    link_json "$1" | python3 -c 'import json, sys
l = json.load(sys.stdin)[0]
sys.exit(0 if eval(sys.argv[1]) else 1)' "$2"
}
tap_count() { ip -n "$NS" -o link show type tun | wc -l; }

# ------------------------------------------------------------------ routed
note "a managed tap named by the user, routed"
eth_define "$A" r1 "<target dev='lvnd-a0' managed='yes'/>" 198.18.9.10 198.18.9.1 "" \
    "guest.iperf=198.18.9.1:2:both"
run_ok "A: start with a managed ethernet tap" "$A" start r1
pid=$(guestenv_qemu_pid "$A" r1)
sandbox_check "QEMU runs" test -n "$pid"
sandbox_check "QEMU got -netdev tap with an fd" \
    sh -c 'tr "\0" "\n" <"/proc/$1/cmdline" | grep -qE "^\{\"type\":\"tap\",\"fd\":\"[0-9]+\""' _ "${pid:-0}"
sandbox_check "the tap lvnd-a0 exists" link_json lvnd-a0
sandbox_check "lvnd-a0 is a tap on no bridge, up, MTU 1400, host-side MAC fe:54:00:18:09:0a" \
    link_is lvnd-a0 '"master" not in l and "UP" in l["flags"] and l["mtu"] == 1400 and l["address"] == "fe:54:00:18:09:0a" and l["linkinfo"]["info_kind"] == "tun"'
sandbox_check "libvirt-networkd recorded the port with plug none" \
    grep -lq '^plug=none$' "$SANDBOX_DIR"/networkd-state/*
# the administrator addresses the routed tap's host side
ip -n "$NS" addr add 198.18.9.1/24 dev lvnd-a0 ||
    sandbox_fail "cannot address lvnd-a0"
# and the guest's image measures bulk TCP against it (guest.iperf=)
sandbox_start iperf3 ip netns exec "$NS" iperf3 -s -B 198.18.9.1 ||
    sandbox_fail "cannot start iperf3 -s"
sandbox_wait_grep 240 '^GUEST-PING-' "$(guestenv_serial "$A" r1)" ||
    note "no GUEST-PING- line after 240 s"
for d in send recv; do
    sandbox_check "guest.iperf: bulk TCP $d through the tap, a result with bytes > 0" \
        grep -qE "^GUEST-IPERF-RESULT dir=$d seconds=[0-9.]+ bytes=[1-9][0-9]* bits_per_second=[0-9.]+ idle_pct=[0-9.]+" \
        "$(guestenv_serial "$A" r1)"
done
sandbox_check "the guest pinged the tap's host side 198.18.9.1" \
    grep -q '^GUEST-PING-OK' "$(guestenv_serial "$A" r1)" ||
    tail -n 8 "$(guestenv_serial "$A" r1)" | sed 's/^/#   /'
sandbox_check "the host side learned the guest's MAC through the tap" \
    sh -c 'ip -n "$1" neigh show 198.18.9.10 dev lvnd-a0 | grep -q "52:54:00:18:09:0a"' _ "$NS"
run_ok "A: destroy" "$A" destroy r1
sandbox_check "the tap is gone after destroy" sandbox_wait_for 10 sh -c '! ip -n "$1" link show dev lvnd-a0 2>/dev/null' _ "$NS"
sandbox_check "the port record is gone" sandbox_wait_for 10 \
    sh -c '! grep -lq "^plug=none$" "$1"/networkd-state/* 2>/dev/null' _ "$SANDBOX_DIR"

# ------------------------------------------------------------------ named
note "a managed tap without <target>: the daemon names it"
eth_define "$A" r2 "" 198.18.9.11 198.18.9.1
run_ok "A: start without <target>" "$A" start r2
tap=$(ip -n "$NS" -o link show type tun | sed -n 's/^[0-9]*: \(vnet[0-9]*\):.*/\1/p' | head -n 1)
sandbox_check "a tap vnetN on no bridge" \
    sh -c '[ -n "$1" ] && ! ip -n "$2" -o link show dev "$1" | grep -q " master "' _ "$tap" "$NS"
run_ok "A: destroy" "$A" destroy r2

# ------------------------------------------------------------------ refused
note "refusals"
eth_define "$B" b1 "<target dev='lvnd-b0' managed='yes'/>" 198.18.9.12 198.18.9.1
start_fails "B: polkit refuses a routed tap" "not authorized to create a port" "$B" b1
sandbox_check "B: the error names the plug" grep -qF "plug 'none'" <<<"$OUT"
eth_define "$A" r3 "<target dev='other0' managed='yes'/>" 198.18.9.13 198.18.9.1
start_fails "A: a name the rule does not grant is refused" "not authorized to create a port" "$A" r3
# (a name the rule grants, so that the daemon, not polkit, answers)
ip -n "$NS" link add lvnd-taken type veth peer name lvnd-taken1 ||
    sandbox_fail "cannot add lvnd-taken"
eth_define "$A" r4 "<target dev='lvnd-taken' managed='yes'/>" 198.18.9.14 198.18.9.1
start_fails "A: a name a link has already fails the start" \
    "interface 'lvnd-taken' already exists" "$A" r4
sandbox_check "A: the existing link is untouched (still a veth)" link_is lvnd-taken \
    'l["linkinfo"]["info_kind"] == "veth"'
eth_define "$A" r5 "" 198.18.9.15 198.18.9.1 "<ip address='198.18.9.1' prefix='24'/>"
start_fails "A: <ip> on the interface fails the start naming it" \
    "<ip> of an ethernet interface" "$A" r5
sandbox_check "no tap is left" test "$(tap_count)" = 0

sandbox_checks_finish
