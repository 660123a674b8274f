#!/bin/bash
# lifecycletest.sh: the guest lifecycle end to end, as unprivileged users.
#
# A private world from scripts/lib/guestenv.sh: a network namespace with
# br0 (198.18.0.1/24) and br1, a private system bus, a real polkitd whose
# rule lets the test group create ports on br0 only, libvirt-networkd from
# the build dir, and two test users.  They define and start real guests
# (the busybox test image, TCG) with virsh -c qemu:///session:
#   networkd     GUEST-PING-OK; the tap is on br0 while the guest runs;
#                QEMU holds no capabilities and got "-netdev tap" with an
#                fd; destroy: tap and port record gone within 1 s
#   q35          the same guest on q35: define gives its NIC a
#                pcie-root-port, QEMU gets both, GUEST-PING-OK
#   kill -9      of QEMU: tap and record gone within 1 s, list shows it
#                shut off, status file gone
#   refused      br1 (policy says no): start fails saying so; no QEMU, no
#                port, no status file; three NICs of which one on br1: the
#                other two ports released
#   unreachable  networkd not reachable: the error names the daemon and
#                <backend type='bridge-helper'/>
#   qemu-fails   QEMU exits during start: its stderr in the error, the
#                port released
#   helper       bridge-helper backend with a setuid private copy of
#                Debian's qemu-bridge-helper and "allow br0" in a private
#                /etc/qemu/bridge.conf (an overlay over /etc in a private
#                mount namespace, and a 0666 /dev/net/tun there if the
#                host's is not; the host's files are never touched):
#                GUEST-PING-OK, "-netdev bridge" with helper=; a bridge the
#                ACL refuses: the helper's words in the error
#   lvhelper     the same with the non-setuid tools/libvirt-bridge-helper
#                (ports from networkd)
#   two-users    guests of two users on br0 ping each other
# Root only (77 otherwise).  Prints "ok N - ..." lines.
set -u

top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${abs_top_builddir:-$top_srcdir/build}
. "$top_srcdir/scripts/lib/sandbox.sh"
. "$top_srcdir/scripts/lib/guestenv.sh"

SETUID_HELPER=/usr/lib/qemu/qemu-bridge-helper

sandbox_require_root
sandbox_require_cmd qemu-system-x86_64 ip dbus-daemon setpriv useradd unshare \
    "$SANDBOX_POLKITD"
sandbox_enter "$@"
guestenv_test_start "$top_srcdir" "$top_builddir" src/network/libvirt-networkd tools/virsh

check() { sandbox_check "$@"; }
note() { echo "# $*"; }

UA=lc$$a
UB=lc$$b
GROUP=lc$$vm
guestenv_users_add "$GROUP" "$UA" "$UB" || { echo "FAIL: test users"; exit 1; }
guestenv_world_start "$GROUP" || { echo "FAIL: sandbox world"; exit 1; }
NS=$GUESTENV_NS

# ------------------------------------------------------------------ helpers

OUT=
# run_ok DESC USER VIRSH-ARGS...: virsh must succeed
run_ok() {
    local desc=$1 u=$2
    shift 2
    OUT=$(guestenv_virsh "$u" "$@" 2>&1)
    local rc=$?
    check "$desc" test $rc -eq 0 || printf '%s\n' "$OUT" | sed 's/^/#   /'
    return $rc
}

# run_fails DESC PATTERN USER VIRSH-ARGS...: virsh must fail, saying PATTERN
run_fails() {
    local desc=$1 pat=$2 u=$3
    shift 3
    OUT=$(guestenv_virsh "$u" "$@" 2>&1)
    local rc=$?
    if ! check "$desc" sh -c '[ "$1" -ne 0 ] && printf "%s\n" "$2" | grep -qF -- "$3"' \
        _ "$rc" "$OUT" "$pat"; then
        echo "#   exit $rc, wanted an error with: $pat"
        printf '%s\n' "$OUT" | sed 's/^/#   /'
    fi
}

# ifname USER DOMAIN: the host interface of the domain's first NIC
ifname() {
    guestenv_virsh "$1" domiflist "$2" 2>/dev/null | awk 'NR > 2 && NF { print $1; exit }'
}

on_bridge() { ip -n "$NS" -o link show dev "$1" 2>/dev/null | grep -q "master $2 "; }
link_gone() { ! ip -n "$NS" link show dev "$1" >/dev/null 2>&1; }
# ports USER: number of the user's networkd ports
ports() { guestenv_virsh "$1" net-port-list 2>/dev/null | awk 'NR > 2 && NF' | wc -l; }
no_ports() { [ "$(ports "$1")" -eq 0 ]; }
# show_ports USER: the user's port list, as diagnostics
show_ports() { guestenv_virsh "$1" net-port-list 2>&1 | sed 's/^/#   /'; }
# gone_within_1s CMD...: CMD succeeds within 1 s
gone_within_1s() {
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        "$@" && return 0
        sleep 0.1
    done
    "$@"
}
no_status() { [ ! -e "$(guestenv_status_file "$1" "$2")" ]; }
no_qemu() { ! pgrep -u "$1" -f -- "guest=$2," >/dev/null; }
ping_ok() { sandbox_wait_grep "${3:-90}" '^GUEST-PING-OK' "$(guestenv_serial "$1" "$2")"; }
show_serial() {
    echo "#   serial console of $2 (tail):"
    tail -n 8 "$(guestenv_serial "$1" "$2")" 2>/dev/null | sed 's/^/#     /'
}
cap_zero() {
    local pid=$1
    grep -q '^CapEff:[[:space:]]*0*$' "/proc/$pid/status" &&
        grep -q '^CapPrm:[[:space:]]*0*$' "/proc/$pid/status"
}
cmdline_has() { tr '\0' '\n' <"/proc/$1/cmdline" | grep -qE -- "$2"; }

# ------------------------------------------------------------------ networkd
note "networkd backend, user $UA"
guestenv_define "$UA" g1 52:54:00:18:01:01 198.18.0.11/24 198.18.0.1 br0 networkd 60
run_ok "networkd: virsh start" "$UA" start g1
pid=$(guestenv_qemu_pid "$UA" g1)
tap=$(ifname "$UA" g1)
check "networkd: domstate says running" sh -c '[ "$1" = running ]' _ \
    "$(guestenv_virsh "$UA" domstate g1 2>&1)"
check "networkd: list shows it running" sh -c 'printf "%s\n" "$1" | grep -qE "^ *[0-9]+ +g1 +running"' _ \
    "$(guestenv_virsh "$UA" list 2>&1)"
check "networkd: domiflist shows the daemon's tap ($tap)" sh -c 'case $1 in vnet*) exit 0;; esac; exit 1' _ "$tap"
check "networkd: the tap is on br0 while the guest runs" on_bridge "$tap" br0
check "networkd: net-port-list shows the port" sh -c '[ "$1" -eq 1 ]' _ "$(ports "$UA")"
check "networkd: QEMU holds no capabilities (CapEff, CapPrm)" cap_zero "$pid"
check "networkd: QEMU runs as the user" sh -c '[ "$(stat -c %U /proc/$1)" = "$2" ]' _ "$pid" "$UA"
check "networkd: QEMU got -netdev tap with an fd" \
    cmdline_has "$pid" '^(tap,.*fd=[0-9]+|\{"type":"tap","fd":"[0-9]+")'
check "networkd: QEMU got no bridge helper" sh -c '! tr "\0" "\n" <"/proc/$1/cmdline" | grep -q helper' _ "$pid"
check "networkd: QEMU holds only the fds it needs (0-2, tap, own)" \
    sh -c 'ls -l /proc/$1/fd | grep -q "/dev/net/tun"' _ "$pid"
ping_ok "$UA" g1 || show_serial "$UA" g1
check "networkd: GUEST-PING-OK" grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UA" g1)"
run_ok "networkd: virsh destroy" "$UA" destroy g1
check "networkd: destroy: tap gone within 1 s" gone_within_1s link_gone "$tap"
check "networkd: destroy: port record gone within 1 s" gone_within_1s no_ports "$UA"
check "networkd: destroy: QEMU gone" no_qemu "$UA" g1
check "networkd: destroy: status file gone" no_status "$UA" g1
check "networkd: domstate says shut off" sh -c '[ "$1" = "shut off" ]' _ \
    "$(guestenv_virsh "$UA" domstate g1 2>&1)"
run_fails "networkd: destroying it again is an error" "is not running" "$UA" destroy g1

# ------------------------------------------------------------------ q35
note "q35: the NIC on the pcie-root-port define added; <vcpu cpuset='0'>"
GUESTENV_MACHINE=q35 GUESTENV_CPUSET=0 guestenv_define "$UA" q1 52:54:00:18:01:21 198.18.0.15/24 198.18.0.1 br0 networkd 60
check "q35: define gave the NIC a pcie-root-port (bus 1) of its own" sh -c \
    'printf "%s\n" "$1" | grep -q "<controller type=.pci. index=.1. model=.pcie-root-port.>" &&
     printf "%s\n" "$1" | grep -q "<address type=.pci. domain=.0x0000. bus=.0x01. slot=.0x00. function=.0x0./>"' _ \
    "$(guestenv_virsh "$UA" dumpxml q1 2>&1)"
run_ok "q35: virsh start" "$UA" start q1
pid=$(guestenv_qemu_pid "$UA" q1)
check "q35: QEMU and its threads run on CPU 0 only (<vcpu cpuset='0'>)" sh -c \
    'for t in /proc/$1/task/*; do
         grep -q "^Cpus_allowed_list:[[:space:]]*0$" "$t/status" || exit 1
     done' _ "$pid"
check "q35: QEMU got the root port and the NIC on it" sh -c \
    'tr "\0" "\n" <"/proc/$1/cmdline" | grep -q "\"driver\":\"pcie-root-port\".*\"id\":\"pci.1\"" &&
     tr "\0" "\n" <"/proc/$1/cmdline" | grep -q "\"driver\":\"virtio-net-pci\".*\"bus\":\"pci.1\",\"addr\":\"0x0\""' _ "$pid"
ping_ok "$UA" q1 || show_serial "$UA" q1
check "q35: GUEST-PING-OK through the NIC behind the root port" \
    grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UA" q1)"
run_ok "q35: virsh destroy" "$UA" destroy q1

# ------------------------------------------------------------------ kill -9
note "kill -9 of QEMU"
run_ok "kill: virsh start" "$UA" start g1
pid=$(guestenv_qemu_pid "$UA" g1)
tap=$(ifname "$UA" g1)
kill -KILL "$pid"
check "kill: tap gone within 1 s" gone_within_1s link_gone "$tap"
check "kill: port record gone within 1 s" gone_within_1s no_ports "$UA"
check "kill: list --all shows it shut off" sh -c 'printf "%s\n" "$1" | grep -qE "^ *- +g1 +shut off"' _ \
    "$(guestenv_virsh "$UA" list --all 2>&1)"
check "kill: the stale status file was cleaned up" no_status "$UA" g1
run_ok "kill: it starts again" "$UA" start g1
# the test guest has no ACPI daemon: shutdown is only asked, not obeyed
run_ok "shutdown: virsh shutdown asks the guest (system_powerdown)" "$UA" shutdown g1
check "shutdown: says so" sh -c 'printf "%s\n" "$1" | grep -q "is being shutdown"' _ "$OUT"
run_ok "kill: and is destroyed again" "$UA" destroy g1
run_fails "shutdown: of a shut off domain is an error" "is not running" "$UA" shutdown g1

# ------------------------------------------------------------------ refused
note "policy refuses br1"
guestenv_define "$UA" g2 52:54:00:18:01:02 198.18.1.12/24 198.18.1.1 br1 default
run_fails "refused: start on br1 fails with the reason" \
    "not authorized to create a port on bridge 'br1'" "$UA" start g2
check "refused: no QEMU" no_qemu "$UA" g2
check "refused: no port" no_ports "$UA"
check "refused: no status file" no_status "$UA" g2
check "refused: domstate says shut off" sh -c '[ "$1" = "shut off" ]' _ \
    "$(guestenv_virsh "$UA" domstate g2 2>&1)"

guestenv_define "$UA" g3 52:54:00:18:01:03 198.18.0.13/24 198.18.0.1 br0+br1 networkd 60 2
run_fails "refused: third NIC on br1 fails the start" \
    "not authorized to create a port on bridge 'br1'" "$UA" start g3
check "refused: the two ports on br0 were released" no_ports "$UA"
check "refused: no tap left on br0" \
    sh -c '[ -z "$(ip -n "$1" -o link show master br0)" ]' _ "$NS"
check "refused: no QEMU, no status file" sh -c 'no_qemu() { ! pgrep -u "$1" -f -- "guest=$2," >/dev/null; }; no_qemu "$1" g3 && [ ! -e "$2" ]' \
    _ "$UA" "$(guestenv_status_file "$UA" g3)"

# ------------------------------------------------------------------ unreachable
note "libvirt-networkd unreachable"
export GUESTENV_BUS_OVERRIDE=unix:path=$SANDBOX_DIR/no-such-bus
run_fails "unreachable: the error names libvirt-networkd" "libvirt-networkd is not running" \
    "$UA" start g1
run_fails "unreachable: the error names the explicit bridge-helper backend" \
    "<backend type='bridge-helper'/>" "$UA" start g1
unset GUESTENV_BUS_OVERRIDE
check "unreachable: no silent fallback: no QEMU, no status file" \
    sh -c '! pgrep -u "$1" -f -- "guest=g1," >/dev/null && [ ! -e "$2" ]' _ "$UA" \
    "$(guestenv_status_file "$UA" g1)"

# ------------------------------------------------------------------ qemu fails
note "QEMU exits during start"
GUESTENV_OWNER=$UA guestenv_domain_xml g4 52:54:00:18:01:04 198.18.0.14/24 198.18.0.1 br0 networkd |
    sed "s|$GUESTENV_IMAGE/vmlinuz|$GUESTENV_IMAGE/no-such-kernel|" >"$(guestenv_home "$UA")/g4.xml"
guestenv_virsh "$UA" define "$(guestenv_home "$UA")/g4.xml" >/dev/null
run_fails "qemu-fails: QEMU's own words are in the error" "could not open kernel file" \
    "$UA" start g4
check "qemu-fails: the port was released" gone_within_1s no_ports "$UA"
check "qemu-fails: no status file" no_status "$UA" g4
check "qemu-fails: the log has the command line and QEMU's message" \
    sh -c 'grep -q -- "-netdev" "$1" && grep -q "could not open kernel file" "$1"' _ \
    "$(guestenv_home "$UA")/.cache/libvirt/qemu/log/g4.log"

# ------------------------------------------------------------------ helper
note "bridge-helper backend: a setuid copy of Debian's helper"
if [ -x "$SETUID_HELPER" ]; then
    install -o root -g root -m 4755 "$SETUID_HELPER" "$SANDBOX_DIR/qemu-bridge-helper"
    mkdir -p "$SANDBOX_DIR/etc-upper/qemu" "$SANDBOX_DIR/etc-work"
    echo "allow br0" >"$SANDBOX_DIR/etc-upper/qemu/bridge.conf"
    # The helper drops to the caller's uid (keeping CAP_NET_ADMIN) before
    # it opens /dev/net/tun, so it needs the device to be 0666 as Debian
    # ships it; where the host has it 0600, the private namespace gets a
    # node of its own (the host's stays as it is).
    if [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
        mknod -m 0666 "$SANDBOX_DIR/tun" c 10 200
        note "host /dev/net/tun is $(stat -c %a /dev/net/tun); a 0666 node in the private mount namespace"
    fi
    echo "bridge_helper = \"$SANDBOX_DIR/qemu-bridge-helper\"" \
        >"$(guestenv_home "$UA")/.config/libvirt/qemu.conf"
    # helper_virsh ARGS...: virsh as $UA in a private mount namespace whose
    # /etc has the private bridge.conf (QEMU, started from there, keeps it)
    helper_virsh() {
        OUT=$(unshare -m --propagation private sh -c '
            mount -t overlay overlay -o "lowerdir=/etc,upperdir=$0/etc-upper,workdir=$0/etc-work" /etc || exit 1
            if [ -e "$0/tun" ]; then mount --bind "$0/tun" /dev/net/tun || exit 1; fi
            . "$1/scripts/lib/sandbox.sh"; . "$1/scripts/lib/guestenv.sh"
            shift
            guestenv_virsh "$@"' "$SANDBOX_DIR" "$top_srcdir" "$@" 2>&1)
    }
    export SANDBOX_DIR GUESTENV_NS GUESTENV_BUS GUESTENV_BIN
    guestenv_define "$UA" h1 52:54:00:18:02:01 198.18.0.21/24 198.18.0.1 br0 bridge-helper 60
    helper_virsh "$UA" start h1
    check "helper: virsh start" sh -c 'printf "%s\n" "$1" | grep -q "started"' _ "$OUT" ||
        printf '%s\n' "$OUT" | sed 's/^/#   /'
    pid=$(guestenv_qemu_pid "$UA" h1)
    if [ -n "$pid" ]; then
        check "helper: QEMU got -netdev bridge with helper=" \
            cmdline_has "$pid" '"type":"bridge".*"helper":"[^"]*qemu-bridge-helper"|^bridge,.*helper='
        check "helper: a tap is on br0" sh -c '[ -n "$(ip -n "$1" -o link show master br0)" ]' _ "$NS"
        tap=$(ifname "$UA" h1)
        check "helper: domiflist shows the helper's tap ($tap), on br0" on_bridge "$tap" br0
        ping_ok "$UA" h1 || show_serial "$UA" h1
        check "helper: GUEST-PING-OK" grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UA" h1)"
        check "helper: no networkd port was made" no_ports "$UA"
        run_ok "helper: virsh destroy" "$UA" destroy h1
        check "helper: tap gone within 1 s" gone_within_1s \
            sh -c '[ -z "$(ip -n "$1" -o link show master br0)" ]' _ "$NS"
    else
        check "helper: QEMU is running" false
    fi

    guestenv_define "$UA" h2 52:54:00:18:02:02 198.18.1.22/24 198.18.1.1 br1 bridge-helper
    helper_virsh "$UA" start h2
    check "helper: a bridge the ACL refuses: start fails with the helper's words" \
        sh -c 'printf "%s\n" "$1" | grep -q "QEMU exited while starting domain .h2.: .*\(acl\|ACL\|bridge helper\)"' _ "$OUT" ||
        printf '%s\n' "$OUT" | sed 's/^/#   /'
    check "helper: ... and leaves no QEMU, no status file" \
        sh -c '! pgrep -u "$1" -f -- "guest=h2," >/dev/null && [ ! -e "$2" ]' _ "$UA" \
        "$(guestenv_status_file "$UA" h2)"
    rm -f "$(guestenv_home "$UA")/.config/libvirt/qemu.conf"
else
    note "SKIP helper: $SETUID_HELPER is not installed"
fi

# ------------------------------------------------------------------ lvhelper
note "bridge-helper backend: the non-setuid libvirt-bridge-helper"
if [ -x "$GUESTENV_BIN/libvirt-bridge-helper" ]; then
    echo "bridge_helper = \"$GUESTENV_BIN/libvirt-bridge-helper\"" \
        >"$(guestenv_home "$UA")/.config/libvirt/qemu.conf"
    guestenv_define "$UA" h3 52:54:00:18:02:03 198.18.0.23/24 198.18.0.1 br0 bridge-helper 60
    run_ok "lvhelper: virsh start" "$UA" start h3
    pid=$(guestenv_qemu_pid "$UA" h3)
    check "lvhelper: QEMU got helper=...libvirt-bridge-helper" \
        cmdline_has "${pid:-0}" 'libvirt-bridge-helper'
    check "lvhelper: the port came from networkd" sh -c '[ "$1" -eq 1 ]' _ "$(ports "$UA")" ||
        show_ports "$UA"
    tap=$(ifname "$UA" h3)
    check "lvhelper: domiflist shows the port's tap ($tap), on br0" on_bridge "$tap" br0
    ping_ok "$UA" h3 || show_serial "$UA" h3
    check "lvhelper: GUEST-PING-OK" grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UA" h3)"
    run_ok "lvhelper: virsh destroy" "$UA" destroy h3
    check "lvhelper: port record gone within 1 s" gone_within_1s no_ports "$UA"
    rm -f "$(guestenv_home "$UA")/.config/libvirt/qemu.conf"
else
    note "SKIP lvhelper: tools/libvirt-bridge-helper is not built"
fi

# ------------------------------------------------------------------ two users
note "two users' guests on br0 ping each other"
guestenv_define "$UA" ga 52:54:00:18:03:0a 198.18.0.31/24 198.18.0.32 br0 default 90
guestenv_define "$UB" gb 52:54:00:18:03:0b 198.18.0.32/24 198.18.0.31 br0 default 90
run_ok "two-users: $UA starts ga" "$UA" start ga
run_ok "two-users: $UB starts gb" "$UB" start gb
ping_ok "$UA" ga 120 || show_serial "$UA" ga
ping_ok "$UB" gb 120 || show_serial "$UB" gb
check "two-users: ga reaches gb" grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UA" ga)"
check "two-users: gb reaches ga" grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UB" gb)"
check "two-users: each sees only their own port" \
    sh -c '[ "$1" -eq 1 ] && [ "$2" -eq 1 ]' _ "$(ports "$UA")" "$(ports "$UB")" ||
    { show_ports "$UA"; show_ports "$UB"; }
run_fails "two-users: $UB cannot destroy $UA's guest (not theirs)" "ga" "$UB" destroy ga
run_ok "two-users: destroy ga" "$UA" destroy ga
run_ok "two-users: destroy gb" "$UB" destroy gb
check "two-users: no port left" sh -c '[ "$1" -eq 0 ] && [ "$2" -eq 0 ]' _ "$(ports "$UA")" "$(ports "$UB")"

sandbox_checks_finish
