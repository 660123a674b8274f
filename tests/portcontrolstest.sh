#!/bin/bash
# shellcheck disable=SC2154 # NAME_UUID and NAME_IF are set by hold_start
# portcontrolstest.sh: per-port controls through the real daemon, as root.
#
#   tests/portcontrolstest.sh GROUP
#
# The world is scripts/lib/guestenv.sh's (a network namespace with br0 and
# br1, a private system bus, a real polkitd, libvirt-networkd from the
# build dir, two test users in a group that polkit lets create ports on br0
# and macvtaps on dv0), plus a veth pair: dv0 in that namespace, dv1 in a
# peer namespace with 198.18.2.1/24.
#
# Groups:
#   direct   a guest (TCG) with <interface type='direct'> on dv0, started by
#            an unprivileged user, pings the peer namespace; its macvtap
#            carries the guest's MAC over dv0, lives with QEMU (HolderPID)
#            and is gone within 1 s of kill -9 of QEMU; the same across a
#            kill -9 of the daemon (QEMU alive: kept; QEMU killed while the
#            daemon is down: gone within 1 s of the restart); a port whose
#            creator exits without BindProcess goes with it; refusals:
#            polkit (dv2), a missing device, loopback, a bridge, a bridge
#            port; BindProcess: not a pidfd, another user's port
#   bandwidth  with [bridge br0] and [user B] groups in the daemon's
#            configuration: rates measured through ports (frames read off
#            and written into the tap fd; the bridge's own counters) are
#            within 15 % of the limits in force; a request looser than a
#            ceiling gets the ceiling (its burst too, also where the request
#            has none), a tighter one is kept, an empty one gets the
#            default; the port's info says what is in force.  What a guest
#            sends under a plain average (a burst of 0 or of at least a
#            second's worth) is policed: a limit object police_IF in the
#            filter table with the exact rate and burst, the port's element
#            of the map limits, no ifb, no spare taken; a smaller burst or a
#            peak is shaped on an ifb instead.  A restart after kill -9
#            restores a removed ifb and a removed policer, and drops a
#            policer of no port; a policer goes within 1 s of Delete() and
#            of the last fd's close; a port that went while the daemon was
#            frozen, then killed, keeps its ifb or policer and its record
#            until the next start removes them; a port's record never goes
#            before its ifb is released; spare ifbs: made ahead once a port
#            took one (up, root qdisc, no class), a shaped port takes one
#            and its limit holds, a port that goes gives its ifb back; after
#            kill -9 and restart the old spares are gone; after the daemon's
#            stop no ifb is left
#   filter   with a mandatory clean-traffic on br0: a port that asked for
#            none gets it; the guest's own ARP reaches the bridge, a
#            spoofed source MAC or sender IP does not (and does from an
#            unfiltered port on br1); a macvtap under a mandatory filter is
#            refused; a removed table is restored after kill -9 and
#            restart; the chain goes with the port
#   learn    on an isolated network "lab" with the real dnsmasq, ports with
#            clean-traffic and no filter-ips: before any lease only DHCP
#            passes; a lease for the port's MAC (a DHCP client on a veth
#            with that MAC) lets IPv4 and ARP from the leased address
#            through within 3 s, not from another, and the port's
#            LearnedIPs property and net-port-dumpxml show it; a lease for another MAC
#            opens nothing; the learned address is back after kill -9 and
#            restart (its set flushed meanwhile); a port whose MAC has a
#            <dhcp><host> reservation sends from it at once
#   floor    on a network with <inbound average='2000' peak='2000'>: the
#            bridge's class tree (network class, default class); a port
#            with floor 1500 gets its class and the default gives it up;
#            with a port without floor competing, frames into the bridge
#            towards both: the floor's port receives at least 85 % of its
#            floor, the two together the network's rate ±15 %; a floor that
#            would overcommit, and one on a network without inbound
#            bandwidth, are refused; the tree is rebuilt after kill -9 and
#            restart (its qdisc deleted meanwhile); the class goes with the
#            port and the default gets it back
# Prints "ok N - ..." lines; exits 0, 1 or 77 (not root, something missing).
set -u

GROUP=${1:-}
top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${abs_top_builddir:-$top_srcdir/build}
. "$top_srcdir/scripts/lib/sandbox.sh"
. "$top_srcdir/scripts/lib/guestenv.sh"

case $GROUP in
direct|bandwidth|filter|learn|floor) ;;
*) echo "usage: $0 direct|bandwidth|filter|learn|floor" >&2; exit 2 ;;
esac

sandbox_require_root
sandbox_require_cmd qemu-system-x86_64 ip dbus-daemon setpriv useradd "$SANDBOX_POLKITD"
[ "$GROUP" != learn ] || sandbox_require_cmd dnsmasq nft python3
[ "$GROUP" != floor ] || sandbox_require_cmd tc python3
[ "$GROUP" != bandwidth ] || sandbox_require_cmd tc nft python3
sandbox_enter "$@"
for f in src/network/libvirt-networkd tools/virsh tests/networkdtestclient; do
    [ -x "$top_builddir/$f" ] || { echo "SKIP: $f is not built"; exit 77; }
done

imagedir=${GUEST_IMAGE_DIR:-$top_builddir/guest-image}
if ! "$top_srcdir/scripts/make-guest-image" "$imagedir" >/dev/null; then
    echo "FAIL: cannot build the guest image (see the message above)"
    exit 1
fi

check() { sandbox_check "$@"; }
E=org.libvirt.Networkd1.Error

teardown() {
    local rc=$?
    trap - EXIT
    guestenv_cleanup
    if [ "${SANDBOX_FAILURES:-0}" -gt 0 ] && [ -n "${SANDBOX_DIR:-}" ]; then
        local log
        for log in "$SANDBOX_DIR"/logs/networkd*.log; do
            [ -f "$log" ] || continue
            echo "# ---- $(basename "$log") (tail)"
            tail -n 25 "$log" | sed 's/^/#   /'
        done
    fi
    sandbox_cleanup
    exit $rc
}

sandbox_init || exit 1
trap teardown EXIT
UA=pc$$a
UB=pc$$b
VMGROUP=pc$$vm
PEER=lvnd-peer-$$
guestenv_init "$top_srcdir" "$top_builddir" "$imagedir" || { echo "FAIL: setup"; exit 1; }
guestenv_users_add "$VMGROUP" "$UA" "$UB" || { echo "FAIL: test users"; exit 1; }
guestenv_world_start "$VMGROUP" dv0 || { echo "FAIL: sandbox world"; exit 1; }
NS=$GUESTENV_NS
CLIENT=$SANDBOX_DIR/bin/networkdtestclient
install -m 0755 "$top_builddir/tests/networkdtestclient" "$CLIENT"

{ sandbox_netns_add "$PEER" &&
    ip -n "$NS" link add dv0 type veth peer name dv1 netns "$PEER" &&
    ip -n "$PEER" addr add 198.18.2.1/24 dev dv1 &&
    ip -n "$PEER" link set dv1 up && ip -n "$NS" link set dv0 up &&
    ip -n "$NS" link add dv2 type veth peer name dv3 &&
    ip -n "$NS" link add dv4 type veth peer name dv5 &&
    ip -n "$NS" link set dv4 master br1; } || { echo "FAIL: veth pairs"; exit 1; }

# ----------------------------------------------------------------- helpers
ns() { ip netns exec "$NS" "$@"; }

# client USER ARGS...: the test client as USER (or root) on the private bus
client() {
    local u=$1
    shift
    if [ "$u" = root ]; then
        ns env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" "$CLIENT" "$@"
    else
        guestenv_as "$u" "$CLIENT" "$@"
    fi
}

OUT=
# expect_err DESC ERROR-NAME PATTERN USER CLIENT-ARGS...
expect_err() {
    local desc=$1 name=$2 pat=$3
    shift 3
    OUT=$(client "$@" 2>&1)
    if printf '%s\n' "$OUT" | grep -q "^ERR $name .*$pat"; then
        sandbox_ok "$desc"
        return 0
    fi
    sandbox_fail "$desc (wanted $name ... $pat)"
    printf '%s\n' "$OUT" | sed 's/^/#   /'
    return 1
}

macvtaps() { ns sh -c 'for d in /sys/class/net/macvtap*; do [ -e "$d" ] && echo "${d##*/}"; done' | wc -l; }
link_gone() { ! ns test -e "/sys/class/net/$1"; }
# within_1s CMD...: CMD succeeds within 1 s
within_1s() {
    local _
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        "$@" && return 0
        sleep 0.1
    done
    "$@"
}
port_listed() { client root list --all | grep -q " $1 "; }
# daemon_pid: the running daemon's pid
daemon_pid() {
    local name=networkd
    [ $DAEMON_RUN -gt 1 ] && name=networkd$DAEMON_RUN
    sandbox_pid "$name"
}
# ifb_released IFB: the ifb is gone, or a spare: no class (no limits),
# named by no record
ifb_released() {
    link_gone "$1" && return 0
    [ -z "$(ns tc class show dev "$1")" ] &&
        ! grep -qx "ifb=$1" "$SANDBOX_DIR"/networkd-state/*.port 2>/dev/null
}
# record_after_ifb UUID IFB: for 2 s, the port's record exists whenever
# its ifb still has the port's limits; true once the record is gone and
# the ifb released (gone, or a spare)
record_after_ifb() {
    local rec=$SANDBOX_DIR/networkd-state/$1.port
    for _ in $(seq 1 200); do
        if [ ! -e "$rec" ]; then
            if ! ifb_released "$2"; then
                echo "#   the record went before $2 was released"
                return 1
            fi
            return 0
        fi
        sleep 0.01
    done
    echo "#   still there after 2 s"
    return 1
}
# spares: the daemon's ifbs that no record names, one "NAME IFINDEX" a line
spares() {
    local l
    for l in $(ns sh -c 'ls /sys/class/net' | grep '^lvifb'); do
        grep -qx "ifb=$l" "$SANDBOX_DIR"/networkd-state/*.port 2>/dev/null && continue
        echo "$l $(ns cat "/sys/class/net/$l/ifindex" 2>/dev/null)"
    done
}
# is_spare NAME: up, an htb root qdisc, no class, nothing of a port
is_spare() {
    ns ip -o link show "$1" | grep -q ',UP' &&
        ns tc qdisc show dev "$1" | grep -q '^qdisc htb 1: root' &&
        [ -z "$(ns tc class show dev "$1")" ]
}
# spares_between MIN MAX: how many spares there are, and each is one
spares_between() {
    local n=0 name _
    while read -r name _; do
        [ -n "$name" ] || continue
        is_spare "$name" || { echo "#   $name is not a spare"; return 1; }
        n=$((n + 1))
    done <<<"$(spares)"
    [ "$n" -ge "$1" ] && [ "$n" -le "$2" ] || { echo "#   $n spares"; return 1; }
}
# ifindexes_gone IFINDEX...: no link has any of them
ifindexes_gone() {
    local i
    for i in "$@"; do
        ns ip -o link show | grep -q "^$i: " && return 1
    done
    return 0
}
records() { find "$SANDBOX_DIR/networkd-state" -name '*.port' | wc -l; }
# no_records: no port record is left (evaluated on each try of within_1s)
no_records() { [ "$(records)" = 0 ]; }
record_has() { grep -qx "$1" "$SANDBOX_DIR"/networkd-state/*.port 2>/dev/null; }

DAEMON_RUN=1
daemon_kill() { # kill -9 the daemon and forget it
    local name=networkd
    [ $DAEMON_RUN -gt 1 ] && name=networkd$DAEMON_RUN
    kill -KILL "$(sandbox_pid "$name")"
    sandbox_stop "$name"
}
daemon_stop() { # SIGTERM: the daemon's own stop
    local name=networkd
    [ $DAEMON_RUN -gt 1 ] && name=networkd$DAEMON_RUN
    sandbox_stop "$name"
}
daemon_start() {
    DAEMON_RUN=$((DAEMON_RUN + 1))
    sandbox_start "networkd$DAEMON_RUN" env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" \
        ip netns exec "$NS" "$GUESTENV_DAEMON" --config "$SANDBOX_DIR/networkd.conf" &&
        sandbox_dbus_wait_name org.libvirt.Networkd1 15
}

# define_direct NAME MAC ADDR MODE: as $UA, a guest on a macvtap over dv0
# that pings the peer namespace and then stays up
define_direct() {
    guestenv_define "$UA" "$1" "$2" "$3" 198.18.2.1 "direct:dv0:$4" default 600
}

ifname_of() { guestenv_virsh "$UA" domiflist "$1" 2>/dev/null | awk 'NR > 2 && NF { print $1; exit }'; }
qemu_pid() { guestenv_qemu_pid "$UA" "$1"; }

# start_d1 WHAT: start guest d1 again; its link in $tap, QEMU in $pid
start_d1() {
    local out
    out=$(guestenv_virsh "$UA" start d1 2>&1)
    check "$1: the guest starts" test $? -eq 0 || printf '%s\n' "$out" | sed 's/^/#   /'
    tap=$(ifname_of d1)
    pid=$(qemu_pid d1)
}

# ------------------------------------------------------------------ direct
test_direct() {
    local tap pid mac out uuid

    define_direct d1 52:54:00:18:02:10 198.18.2.10/24 vepa ||
        { sandbox_fail "define the direct guest"; return; }
    start_d1 "start: on a macvtap over dv0"
    check "start: the daemon named the link ($tap)" sh -c 'case $1 in macvtap[0-9]*) exit 0;; esac; exit 1' _ "$tap"
    check "start: it is a macvtap over dv0 in vepa mode" \
        sh -c "ip -n $NS -d link show dev '$tap' | grep -q 'macvtap mode vepa' &&
               ip -n $NS link show dev '$tap' | grep -q '@dv0'"
    mac=$(ns cat "/sys/class/net/$tap/address" 2>/dev/null)
    check "start: the link carries the guest's MAC ($mac)" test "$mac" = 52:54:00:18:02:10
    check "start: the guest reaches the peer namespace through it" \
        sandbox_wait_grep 120 '^GUEST-PING-OK' "$(guestenv_serial "$UA" d1)"
    check "start: the peer learnt the guest's MAC" \
        sh -c "ip -n $PEER neigh show 198.18.2.10 | grep -q 52:54:00:18:02:10"
    check "start: the port lives with QEMU (holder-pid=$pid)" record_has "holder-pid=$pid"
    out=$(client root list --all)
    check "start: the port is $UA's" grep -q "^PORT .* $tap " <<<"$out"
    uuid=$(awk -v t="$tap" '$1 == "PORT" && $4 == t { print $2 }' <<<"$out")
    out=$(guestenv_virsh "$UA" domiflist d1 2>&1)
    check "domiflist: $tap, direct on dv0, virtio, the guest's MAC, networkd" \
        grep -Eq "^ *$tap +direct +dv0 +virtio +52:54:00:18:02:10 +networkd" <<<"$out" ||
        printf '%s\n' "$out" | sed 's/^/#   /'
    out=$(guestenv_virsh "$UA" net-port-dumpxml "$uuid" 2>&1)
    check "net-port-dumpxml: the macvtap, its device and mode" \
        grep -q "<plug type='direct' dev='$tap' device='dv0' mode='vepa'/>" <<<"$out" ||
        printf '%s\n' "$out" | sed 's/^/#   /'

    kill -KILL "$pid"
    check "kill -9 QEMU: the macvtap is gone within 1 s" within_1s link_gone "$tap"
    check "kill -9 QEMU: its record is gone" within_1s no_records
    guestenv_virsh "$UA" destroy d1 >/dev/null 2>&1

    # the daemon dies; QEMU lives on: the port is kept across the restart
    start_d1 restart
    daemon_kill
    check "restart: kill -9 of the daemon leaves the macvtap" ns test -e "/sys/class/net/$tap"
    check "restart: the daemon comes back" daemon_start
    check "restart: a live QEMU keeps its macvtap" ns test -e "/sys/class/net/$tap"
    check "restart: and its port" port_listed "$tap"
    kill -KILL "$pid"
    check "restart: kill -9 QEMU after the restart: gone within 1 s" within_1s link_gone "$tap"
    guestenv_virsh "$UA" destroy d1 >/dev/null 2>&1

    # QEMU dies while the daemon is down
    start_d1 away
    daemon_kill
    kill -KILL "$pid"
    sleep 0.3
    check "away: the macvtap outlives QEMU while no daemon runs" ns test -e "/sys/class/net/$tap"
    daemon_start
    check "away: gone within 1 s of the daemon's return" within_1s link_gone "$tap"
    check "away: no record left" test "$(records)" = 0
    guestenv_virsh "$UA" destroy d1 >/dev/null 2>&1

    # a creator that exits without handing the port on takes it along
    out=$(client "$UA" create --plug direct --device dv0 --mode bridge)
    uuid=$(awk '$1 == "OK" { print $2 }' <<<"$out")
    tap=$(awk '$1 == "OK" { print $3 }' <<<"$out")
    check "creator: $UA gets a macvtap on dv0 (${tap:-none})" test -n "$tap"
    check "creator: gone within 1 s of its creator's exit" within_1s link_gone "${tap:-none}"
    out=$(client root wait-gone "${uuid:-x}" 1000)
    check "creator: and its port" grep -q '^GONE' <<<"$out"

    # BindProcess: by the owner to a process of its own; a non-pidfd and
    # another user are refused
    local hold
    # (every step of guestenv_as execs the next: $! is the sleep)
    guestenv_as "$UA" sleep 600 &
    hold=$!
    mkfifo "$SANDBOX_DIR/bind.in"
    guestenv_as "$UA" "$CLIENT" create --plug direct --device dv0 --hold \
        <"$SANDBOX_DIR/bind.in" >"$SANDBOX_DIR/bind.out" 2>&1 &
    exec {bindfd}>"$SANDBOX_DIR/bind.in"
    sandbox_wait_grep 20 '^READY' "$SANDBOX_DIR/bind.out"
    uuid=$(awk '$1 == "OK" { print $2 }' "$SANDBOX_DIR/bind.out")
    tap=$(awk '$1 == "OK" { print $3 }' "$SANDBOX_DIR/bind.out")
    expect_err "bind: a fd that is no pidfd is refused" "$E.InvalidArgument" "not a pidfd" \
        "$UA" bind "$uuid" null
    expect_err "bind: another user's port is not found" "$E.NotFound" "" "$UB" bind "$uuid" "$hold"
    out=$(client "$UA" bind "$uuid" "$hold" 2>&1)
    check "bind: the owner ties it to its process" grep -q "^BOUND $uuid" <<<"$out" ||
        printf '%s\n' "$out" | sed 's/^/#   /'
    exec {bindfd}>&-
    sleep 0.5
    check "bind: the creator's exit no longer ends it" ns test -e "/sys/class/net/$tap"
    kill -KILL "$hold" 2>/dev/null
    check "bind: the bound process's exit does, within 1 s" within_1s link_gone "$tap"

    # refusals
    expect_err "refused: polkit says no to dv2" "$E.AccessDenied" "host interface 'dv2'" \
        "$UA" create --plug direct --device dv2
    expect_err "refused: a missing device" "$E.NotFound" "'nosuch0' does not exist" \
        root create --plug direct --device nosuch0
    expect_err "refused: loopback is not Ethernet" "$E.InvalidArgument" "not an Ethernet device" \
        root create --plug direct --device lo
    expect_err "refused: a bridge" "$E.InvalidArgument" "is a bridge device" \
        root create --plug direct --device br0
    expect_err "refused: a bridge port" "$E.InvalidArgument" "is a port of 'br1'" \
        root create --plug direct --device dv4
    expect_err "refused: an unknown mode" "$E.InvalidArgument" "unknown mode 'macvlan'" \
        root create --plug direct --device dv0 --mode macvlan
    check "refused: no macvtap left behind" test "$(macvtaps)" = 0
    check "no record left" test "$(records)" = 0
}

# --------------------------------------------------------- holding clients
# hold_start NAME USER CREATE-ARGS...: a test client that keeps its ports,
# driven through fifos; its OK line's uuid and ifname in ${NAME}_UUID/_IF
declare -A HOLD_IN HOLD_OUT
hold_start() {
    local name=$1 u=$2 fin fout line fdi fdo
    shift 2
    fin=$SANDBOX_DIR/$name.in fout=$SANDBOX_DIR/$name.out
    mkfifo "$fin" "$fout"
    # without the other holders' fifo ends, so closing a holder's stdin
    # is its end of file
    (
        for fdi in "${HOLD_IN[@]}" "${HOLD_OUT[@]}"; do eval "exec $fdi>&-"; done
        if [ "$u" = root ]; then
            exec ip netns exec "$NS" env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" "$CLIENT" \
                create --hold "$@"
        fi
        guestenv_as "$u" "$CLIENT" create --hold "$@"
    ) <"$fin" >"$fout" 2>&1 &
    exec {fdi}>"$fin"
    exec {fdo}<"$fout"
    HOLD_IN[$name]=$fdi
    HOLD_OUT[$name]=$fdo
    while read -r -t 30 -u "$fdo" line; do
        case $line in
        OK*) read -r _ "${name}_UUID" "${name}_IF" _ <<<"$line" ;;
        READY) return 0 ;;
        *) echo "#   $line" ;;
        esac
    done
    return 1
}
hold_send() { echo "$2" >&"${HOLD_IN[$1]}"; }
# hold_wait NAME: the reply lines up to DONE, in $OUT
hold_wait() {
    local line
    OUT=
    while read -r -t 60 -u "${HOLD_OUT[$1]}" line; do
        [ "$line" = DONE ] && return 0
        OUT="$OUT$line"$'\n'
    done
    return 1
}
hold_stop() { # it quits, and its fds close with it
    local fdi=${HOLD_IN[$1]} fdo=${HOLD_OUT[$1]}
    hold_send "$1" quit
    exec {fdi}>&- {fdo}<&-
}

# within15 MEASURED SETTING: MEASURED is within 15 % of SETTING
within15() { awk -v m="$1" -v s="$2" 'BEGIN { exit !(m >= 0.85 * s && m <= 1.15 * s) }'; }
pct() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.1f %%", 100 * m / s }'; }

# to_guest NAME KBPS: frames for the port's guest MAC sent into br0 as
# fast as possible while the holder drains its fd; checks the rate
to_guest() {
    local name=$1 kbps=$2 uuid mac gen bytes rate
    uuid=${name}_UUID
    uuid=${!uuid}
    mac=$(client root get "$uuid" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^mac=/) print substr($i, 5) }')
    # three times the limit, paced: enough to fill the shaper without
    # taking the CPUs the shaper and the reader need
    ns python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("br0", 0))
f = bytes.fromhex(sys.argv[1].replace(":", "")) + bytes.fromhex("020000000001") + b"\x88\xb5" + bytes(1500)
pps = 3 * float(sys.argv[3]) / len(f)
start = time.time()
end = start + float(sys.argv[2])
sent = 0
while time.time() < end:
    for _ in range(10):
        try:
            s.send(f)
        except OSError:
            pass
    sent += 10
    ahead = start + sent / pps - time.time()
    if ahead > 0:
        time.sleep(ahead)
' "$mac" 8 $((kbps * 1000)) &
    gen=$!
    # (python takes a while to start on a busy machine)
    sleep 2
    hold_send "$name" "drain $uuid 1 3"
    hold_wait "$name"
    wait "$gen"
    bytes=$(awk '$1 == "DRAIN" { print $3 }' <<<"$OUT")
    rate=$((${bytes:-0} / 3))
    check "$name: to the guest: $rate B/s for $kbps kB/s ($(pct "$rate" $((kbps * 1000))))" \
        within15 "$rate" $((kbps * 1000))
}

# from_guest NAME KBPS: the holder writes frames into its fd as fast as it
# can; what reaches the bridge (br0's receive counter) is the rate
from_guest() {
    local name=$1 kbps=$2 uuid c1 c2 rate
    uuid=${name}_UUID
    uuid=${!uuid}
    hold_send "$name" "blast $uuid 5"
    sleep 1
    c1=$(ns cat /sys/class/net/br0/statistics/rx_bytes)
    sleep 3
    c2=$(ns cat /sys/class/net/br0/statistics/rx_bytes)
    hold_wait "$name"
    rate=$(((c2 - c1) / 3))
    check "$name: from the guest: $rate B/s for $kbps kB/s ($(pct "$rate" $((kbps * 1000))))" \
        within15 "$rate" $((kbps * 1000))
}

# limited_port NAME USER REQUEST-BANDWIDTH IN-FORCE WHAT: a held port on
# br0 whose request has the given bandwidth keys; its info must show
# IN-FORCE ("inbound=[...] outbound=[...]")
limited_port() {
    local uuid line
    hold_start "$1" "$2" --raw "{'bridge': <'br0'>, $3}" ||
        { sandbox_fail "$1: a port with limits"; return 1; }
    uuid=${1}_UUID
    line=$(client root get "${!uuid}")
    check "$1: in force: $5" grep -qF "$4" <<<"$line" || echo "#   $line"
}
# ifb_of UUID: the port's ifb, as its record names it
ifb_of() { sed -n 's/^ifb=//p' "$SANDBOX_DIR/networkd-state/$1.port"; }
no_ifb() { ! ns sh -c 'ls /sys/class/net | grep -q ^lvifb'; }
# still_spares NAME...: each is still a spare that no record names
still_spares() {
    local n
    for n in "$@"; do
        if ! is_spare "$n" || record_has "ifb=$n"; then
            echo "#   $n was taken"
            return 1
        fi
    done
}
# not_shaped UUID IF: nothing shapes what the port's guest sends: its
# record names no ifb, its tap has no ingress qdisc (no redirect)
not_shaped() {
    local rec=$SANDBOX_DIR/networkd-state/$1.port
    [ -e "$rec" ] && ! grep -q '^ifb=' "$rec" && ns test -e "/sys/class/net/$2" &&
        ! ns tc qdisc show dev "$2" | grep -q '^qdisc ingress'
}
# policer IF: the port's policer as the filter table lists it, sorted:
# its limit object "police_IF over RATE/second burst BURST" (in bytes;
# nft lists kbytes or mbytes where they divide) and its element of the
# map limits "IF : OBJECT"; IF "": every limit object and element.
# Fails when the table cannot be listed.
policer() {
    ns nft -j list table bridge libvirt_networkd_filter 2>/dev/null | python3 -c '
import json, sys
unit = {"bytes": 1, "kbytes": 1024, "mbytes": 1024 * 1024}
def bytes_of(n, u):
    return str(n * unit[u]) if u in unit else "%s %s" % (n, u)
port, lines = sys.argv[1], []
for item in json.load(sys.stdin)["nftables"]:
    lim, m = item.get("limit"), item.get("map")
    if lim and (not port or lim["name"] == "police_" + port):
        lines.append("%s %s %s/%s burst %s" % (
            lim["name"], "over" if lim.get("inv") else "until",
            bytes_of(lim["rate"], lim.get("rate_unit", "packets")), lim["per"],
            bytes_of(lim.get("burst", 0), lim.get("burst_unit", "bytes"))))
    if m and m["name"] == "limits":
        lines += ["%s : %s" % (k, v) for k, v in m.get("elem", []) if not port or k == port]
print("\n".join(sorted(lines)))
' "$1"
}
# police_is IF RATE BURST: IF's policer is RATE bytes/s with BURST bytes
# beyond a second's worth, and the map limits sends IF to it
police_is() {
    [ "$(policer "$1")" = "$(printf '%s\n' "$1 : police_$1" "police_$1 over $2/second burst $3" | LC_ALL=C sort)" ]
}
# check_police DESC IF RATE BURST: check police_is; show the table's
# policer of IF when it fails
check_police() {
    check "$1" police_is "$2" "$3" "$4" || policer "$2" | sed 's/^/#   /'
}
no_policer() { local out; out=$(policer "$1") && [ -z "$out" ]; }
has_policer() { local out; out=$(policer "$1") && [ -n "$out" ]; }
record_gone() { [ ! -e "$SANDBOX_DIR/networkd-state/$1.port" ]; }

# --------------------------------------------------------------- bandwidth
test_bandwidth() {
    local ifb_k ifb_s ifb_u out

    daemon_kill
    cat >>"$SANDBOX_DIR/networkd.conf" <<CONF
[bridge br0]
bandwidth_inbound_ceiling = average=1000
bandwidth_outbound_default = average=2000
[user $UB]
bandwidth_outbound_ceiling = average=1000,burst=1500
CONF
    check "the daemon takes the scope groups" daemon_start || return

    # policed (a plain average, a bucket of at least a second's worth):
    # a limit object in the filter table, no ifb.  A request looser than
    # the bridge's ceiling; no outbound: the default
    limited_port pa "$UA" "'bandwidth-inbound': <{'average': uint32 4000, 'peak': uint32 8000}>" \
        "inbound=[average=1000,peak=1000] outbound=[average=2000]" \
        "inbound lowered to the ceiling, outbound the default" || return
    out=$(guestenv_virsh "$UA" net-port-dumpxml "$pa_UUID" 2>&1)
    check "pa: net-port-dumpxml shows the limits in force" \
        grep -q "<inbound average='1000' peak='1000'/>" <<<"$out" ||
        printf '%s\n' "$out" | sed 's/^/#   /'
    check "pa: outbound not shaped: no ifb in its record, no ingress qdisc on its tap" \
        not_shaped "$pa_UUID" "$pa_IF"
    check_police "pa: police_$pa_IF over 2000000 B/s, burst 48000 (2000 KiB less a second), in limits" \
        "$pa_IF" 2000000 48000
    to_guest pa 1000
    from_guest pa 2000

    # a user's ceiling beats a looser request and the bridge's default,
    # and a request without a burst takes the ceiling's
    limited_port pb "$UB" "'bandwidth-outbound': <{'average': uint32 4000}>" \
        "inbound=[average=1000] outbound=[average=1000,burst=1500]" \
        "outbound at $UB's ceiling, with its burst" || return
    check "pb: outbound not shaped" not_shaped "$pb_UUID" "$pb_IF"
    check_police "pb: police_$pb_IF at the ceiling: over 1000000 B/s, burst 536000 (1500 KiB less a second)" \
        "$pb_IF" 1000000 536000
    from_guest pb 1000
    # a burst looser than the ceiling's is lowered to it
    limited_port pg "$UB" "'bandwidth-outbound': <{'average': uint32 800, 'burst': uint32 4000}>" \
        "inbound=[average=1000] outbound=[average=800,burst=1500]" \
        "its tighter average kept, its burst lowered to $UB's ceiling" || return
    check_police "pg: police_$pg_IF over 800000 B/s, burst 736000 (1500 KiB less a second)" \
        "$pg_IF" 800000 736000
    from_guest pg 800

    # tighter than the ceiling: kept
    limited_port pc "$UA" "'bandwidth-inbound': <{'average': uint32 500}>" \
        "inbound=[average=500] outbound=[average=2000]" "the tighter request" || return
    check_police "pc: police_$pc_IF is the default's, as pa's" "$pc_IF" 2000000 48000
    to_guest pc 500
    check "policed ports took no ifb: none was made" no_ifb || ns ip -br link | sed 's/^/#   /'
    expect_err "floor is refused" "$E.NotSupported" "'floor' needs a virtual network" \
        "$UA" create --raw "{'bridge': <'br0'>, 'bandwidth-inbound': <{'average': uint32 4, 'floor': uint32 1}>}"

    # shaped: a burst under a second's worth, or a peak (a ceiling that
    # lowers it to the average leaves a peak): an ifb, no policer
    limited_port ps "$UA" "'bandwidth-outbound': <{'average': uint32 1000, 'burst': uint32 500}>" \
        "inbound=[average=1000] outbound=[average=1000,burst=500]" "a burst under a second's worth" || return
    ifb_s=$(ifb_of "$ps_UUID")
    check "ps: shaped: its ifb (${ifb_s:-none}) exists, named by its record" \
        ns test -e "/sys/class/net/${ifb_s:-none}"
    check "ps: no policer" no_policer "$ps_IF"
    from_guest ps 1000
    # once a port took an ifb, spares are made ahead (off the main loop)
    check "spares are made ahead: 1..8, each up with its root qdisc and no class" \
        within_1s spares_between 1 8 || spares | sed 's/^/#   /'
    limited_port pk "$UA" "'bandwidth-outbound': <{'average': uint32 2000, 'peak': uint32 2000}>" \
        "inbound=[average=1000] outbound=[average=2000,peak=2000]" "a peak" || return
    ifb_k=$(ifb_of "$pk_UUID")
    check "pk: shaped: its ifb (${ifb_k:-none}) exists, named by its record" \
        ns test -e "/sys/class/net/${ifb_k:-none}"
    check "pk: its ifb has the port's class" \
        sh -c "ip netns exec '$NS' tc class show dev '$ifb_k' | grep -q 'htb 1:1'"
    check "pk: no policer" no_policer "$pk_IF"
    from_guest pk 2000
    limited_port pu "$UB" "'bandwidth-outbound': <{'average': uint32 4000, 'peak': uint32 8000}>" \
        "inbound=[average=1000] outbound=[average=1000,peak=1000,burst=1500]" \
        "average and peak at $UB's ceiling" || return
    ifb_u=$(ifb_of "$pu_UUID")
    check "pu: shaped: its ifb (${ifb_u:-none}) exists" ns test -e "/sys/class/net/${ifb_u:-none}"
    check "pu: no policer" no_policer "$pu_IF"
    from_guest pu 1000

    # kill -9 of the daemon; what was removed meanwhile is there again
    # after: an ifb, a policer (object and element, in one transaction);
    # a policer of no port, added meanwhile, goes
    daemon_kill
    ns ip link del "$ifb_k"
    ns nft -f - <<NFT
delete element bridge libvirt_networkd_filter limits { "$pa_IF" }
delete limit bridge libvirt_networkd_filter police_$pa_IF
add limit bridge libvirt_networkd_filter police_vnet998 { rate over 1000 bytes/second }
add element bridge libvirt_networkd_filter limits { "vnet998" : "police_vnet998" }
NFT
    check "kill -9: pa's policer deleted" no_policer "$pa_IF"
    check "kill -9: a policer of no port added" has_policer vnet998
    check "restart: the daemon comes back" daemon_start
    check "restart: pk's ifb is restored" ns test -e "/sys/class/net/$ifb_k"
    check_police "restart: pa's policer is restored, the same" "$pa_IF" 2000000 48000
    check "restart: the policer of no port goes within 1 s" within_1s no_policer vnet998
    from_guest pk 2000
    from_guest pa 2000

    # gone with the ports: Delete(), and the last fd closing
    client "$UA" delete "$pa_UUID" >/dev/null
    check "delete: pa's policer goes within 1 s" within_1s no_policer "$pa_IF"
    hold_stop pa
    client "$UA" delete "$pk_UUID" >/dev/null
    check "delete: pk's ifb is released (gone or a spare)" within_1s ifb_released "$ifb_k"
    hold_stop pk
    hold_stop pc
    check "close: pc's policer goes within 1 s of its last fd" within_1s no_policer "$pc_IF"
    # pu and pb go while the daemon is frozen, which is then killed:
    # pu's ifb, pb's policer and their records are still there, and the
    # next start removes them
    kill -STOP "$(daemon_pid)"
    hold_stop pu
    hold_stop pb
    check "frozen: pu's tap went with its fd" within_1s link_gone "$pu_IF"
    check "frozen: pb's tap went with its fd" within_1s link_gone "$pb_IF"
    daemon_kill
    check "kill -9 with pu's teardown undone: its ifb is still there" \
        ns test -e "/sys/class/net/$ifb_u"
    check "... and its record" test -e "$SANDBOX_DIR/networkd-state/$pu_UUID.port"
    check_police "kill -9 with pb's teardown undone: its policer is still there" \
        "$pb_IF" 1000000 536000
    check "... and its record" test -e "$SANDBOX_DIR/networkd-state/$pb_UUID.port"
    check "restart: the daemon comes back" daemon_start
    check "restart: pu's ifb is gone within 1 s" within_1s link_gone "$ifb_u"
    check "restart: pu's record is gone" within_1s record_gone "$pu_UUID"
    check "restart: pb's policer is gone within 1 s" within_1s no_policer "$pb_IF"
    check "restart: pb's record is gone" within_1s record_gone "$pb_UUID"
    # the teardown worker removes the record only after the ifb
    hold_stop ps
    check "close: ps's record never goes before its ifb is released" \
        record_after_ifb "$ps_UUID" "$ifb_s"
    hold_stop pg
    check "close: pg's policer goes within 1 s" within_1s no_policer "$pg_IF"
    check "no record is left" within_1s no_records
    check "no policer is left" no_policer "" || policer "" | sed 's/^/#   /'
    check "no ifb is left but spares" within_1s spares_between 0 8 ||
        ns ip -br link | sed 's/^/#   /'

    # spares: a port takes one (its limits hold), a policed port none, a
    # port that goes gives its ifb back; none outlives the daemon, killed
    # or stopped
    local before ifb_f old
    limited_port pd "$UA" "'bandwidth-outbound': <{'average': uint32 1000, 'peak': uint32 1000}>" \
        "outbound=[average=1000,peak=1000]" "the first port of the run" || return
    check "spares are made ahead again" within_1s spares_between 1 8
    before=$(spares | awk '{ print $1 }')
    limited_port ph "$UA" "'bandwidth-outbound': <{'average': uint32 1024}>" \
        "outbound=[average=1024]" "a policed port after the spares" || return
    check "ph: no ifb in its record, no ingress qdisc on its tap" not_shaped "$ph_UUID" "$ph_IF"
    # shellcheck disable=SC2086 # one name a word
    check "ph: the spares made ahead are all still spares" still_spares $before
    # (nft lists these two in kbytes)
    check_police "ph: police_$ph_IF over 1024000 B/s, burst 24576" "$ph_IF" 1024000 24576
    hold_stop ph
    limited_port pf "$UB" "'bandwidth-outbound': <{'average': uint32 1000, 'peak': uint32 2000}>" \
        "outbound=[average=1000,peak=1000,burst=1500]" "a shaped port after the spares" || return
    ifb_f=$(ifb_of "$pf_UUID")
    check "pf: its ifb ($ifb_f) is one of the spares made ahead" grep -qx "$ifb_f" <<<"$before" ||
        echo "#   spares were: $before"
    from_guest pf 1000
    hold_stop pf
    check "close: pf's ifb is a spare again" within_1s is_spare "$ifb_f"
    check "... named by no record" within_1s ifb_released "$ifb_f"
    from_guest pd 1000
    check "spares are there" within_1s spares_between 1 8
    old=$(spares | awk '{ print $2 }')
    daemon_kill
    check "kill -9: the spares are still there" spares_between 1 8
    check "restart: the daemon comes back" daemon_start
    # shellcheck disable=SC2086 # one ifindex a word
    check "restart: the previous run's spares are gone within 1 s" within_1s ifindexes_gone $old
    check "restart: pd's ifb is kept" ns test -e "/sys/class/net/$(ifb_of "$pd_UUID")"
    from_guest pd 1000
    hold_stop pd
    check "close: no record is left" within_1s no_records
    # a port of this run makes the pool wanted again
    limited_port pe "$UB" "'bandwidth-outbound': <{'average': uint32 1000, 'peak': uint32 2000}>" \
        "outbound=[average=1000,peak=1000,burst=1500]" "a port of the new run" || return
    check "spares are made again" within_1s spares_between 1 8
    hold_stop pe
    check "close: no record is left" within_1s no_records
    check "stop: the daemon stops" daemon_stop
    check "stop: no spare outlives it" no_ifb || ns ip -br link | sed 's/^/#   /'
    check "start again: the daemon comes back" daemon_start
}

# ------------------------------------------------------------------ filter
# arps_reach NAME BRIDGE MAC IP: 20 ARP requests written into the port's
# fd from MAC (or "own") and IP; prints how many reached BRIDGE's host side
arps_reach() {
    local uuid c1 c2
    uuid=${1}_UUID
    c1=$(ns cat "/sys/class/net/$2/statistics/rx_packets")
    hold_send "$1" "arp ${!uuid} $3 $4 20"
    hold_wait "$1"
    sleep 0.3
    c2=$(ns cat "/sys/class/net/$2/statistics/rx_packets")
    echo $((c2 - c1))
}

# chain_of IF: the port's filter is in force (its element in the map
# that sends its frames to its building blocks' chain)
chain_of() { ns nft list map bridge libvirt_networkd_filter ports 2>/dev/null | grep -q "\"$1\" : jump blocks_"; }
no_chain() { ! chain_of "$1"; }
# no_port_elements: the filter table holds no element of any port
no_port_elements() { ! ns nft list table bridge libvirt_networkd_filter 2>/dev/null | grep -q '"'; }

test_filter() {
    local n out

    daemon_kill
    cat >>"$SANDBOX_DIR/networkd.conf" <<CONF
[bridge br0]
mandatory_filter = clean-traffic
[device dv0]
mandatory_filter = no-mac-spoofing
CONF
    check "the daemon takes the mandatory filters" daemon_start || return

    # a port that asked for no filter gets the bridge's
    hold_start fa "$UA" --raw "{'bridge': <'br0'>, 'mac': <'52:54:00:18:00:50'>, 'filter-ips': <['198.18.0.50']>}" ||
        { sandbox_fail "fa: a port on br0"; return; }
    out=$(client root get "$fa_UUID")
    check "fa: the mandatory clean-traffic is in force" \
        grep -q ' filter=clean-traffic ips=198.18.0.50$' <<<"$out" ||
        echo "#   $out"
    check "fa: its chain exists" chain_of "$fa_IF"
    out=$(guestenv_virsh "$UA" net-port-dumpxml "$fa_UUID" 2>&1)
    check "fa: net-port-dumpxml shows the filter in force" \
        grep -q "<filterref filter='clean-traffic'>" <<<"$out" ||
        printf '%s\n' "$out" | sed 's/^/#   /'
    n=$(arps_reach fa br0 own 198.18.0.50)
    check "fa: the guest's own ARP reaches the bridge ($n of 20)" test "$n" -ge 20
    n=$(arps_reach fa br0 52:54:00:66:66:66 198.18.0.50)
    check "fa: a spoofed source MAC does not ($n of 20)" test "$n" -eq 0
    n=$(arps_reach fa br0 own 198.18.0.99)
    check "fa: a spoofed sender IP does not ($n of 20)" test "$n" -eq 0

    # the same frames from a port on a bridge without a mandatory filter
    n=0
    if hold_start fc root --bridge br1; then
        n=$(arps_reach fc br1 52:54:00:66:66:66 198.18.1.50)
        hold_stop fc
    fi
    check "br1, no filter: the spoofed frames pass there ($n of 20)" test "$n" -ge 20

    # macvtaps pass no bridge: a mandatory filter on their device refuses them
    expect_err "direct: a mandatory filter refuses a macvtap" "$E.NotSupported" \
        "a filter applies to ports on a bridge" "$UA" create --plug direct --device dv0

    # restart: the chain removed while the daemon was away is restored
    daemon_kill
    ns nft delete table bridge libvirt_networkd_filter
    check "restart: the daemon comes back" daemon_start
    check "restart: fa's chain is restored" chain_of "$fa_IF"
    n=$(arps_reach fa br0 52:54:00:66:66:66 198.18.0.50)
    check "restart: a spoofed source MAC is dropped again ($n of 20)" test "$n" -eq 0

    # restart: the elements of a port that did not survive go, and a
    # combination's chain emptied while the daemon was away is rewritten
    daemon_kill
    ns nft add element bridge libvirt_networkd_filter macs '{ "vnet999" . 52:54:00:66:66:66 }'
    ns nft add element bridge libvirt_networkd_filter ports '{ "vnet999" : jump blocks_1f }'
    ns nft flush chain bridge libvirt_networkd_filter blocks_1f
    check "restart again: the daemon comes back" daemon_start
    check "restart: the stale port's elements are gone" \
        sh -c "! ip netns exec $NS nft list table bridge libvirt_networkd_filter | grep -q vnet999"
    n=$(arps_reach fa br0 52:54:00:66:66:66 198.18.0.50)
    check "restart: the emptied chain is rewritten, a spoofed MAC is dropped ($n of 20)" test "$n" -eq 0

    client "$UA" delete "$fa_UUID" >/dev/null
    check "delete: fa's chain is gone" within_1s no_chain "$fa_IF"
    hold_stop fa
    check "no port's element is left" no_port_elements
    check "no record is left" within_1s no_records
}

# ------------------------------------------------------------------- learn
# udp_reach NAME BRIDGE IP: IPv4 UDP broadcasts from IP written into the
# port's fd for 0.1 s; prints "REACHED WRITTEN"
udp_reach() {
    local uuid c1 c2 sent
    uuid=${1}_UUID
    c1=$(ns cat "/sys/class/net/$2/statistics/rx_packets")
    hold_send "$1" "blast ${!uuid} 0.1 $3"
    hold_wait "$1"
    sent=$(awk '$1 == "BLAST" { print $3 }' <<<"$OUT")
    sleep 0.3
    c2=$(ns cat "/sys/class/net/$2/statistics/rx_packets")
    echo "$((c2 - c1)) ${sent:-0}"
}
# passes REACHED WRITTEN: at least 90 % of at least 100 frames arrived
passes() { awk -v r="$1" -v w="$2" 'BEGIN { exit !(w >= 100 && r >= 0.9 * w) }'; }
# dropped REACHED WRITTEN: frames were written, none arrived
dropped() { [ "$1" -eq 0 ] && [ "$2" -gt 0 ]; }
# set_of IF: the IPv4 addresses the port may send from, one per line
# (its elements of the set v4)
set_of() {
    ns nft list set bridge libvirt_networkd_filter v4 2>/dev/null |
        grep -o "\"$1\" \. [0-9.]*" | awk '{ print $3 }'
}
set_has() { set_of "$1" | grep -qx "$2"; }
set_is() { [ "$(set_of "$1")" = "$2" ]; }
set_empty() { chain_of "$1" && [ -z "$(set_of "$1")" ]; }
no_sets() { no_port_elements; }
within_3s() { sandbox_wait_for 3 "$@"; }
lab_virsh() { ns env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" "$GUESTENV_BIN/virsh" "$@" 2>&1; }

# learned_ips NAME: the LearnedIPs property of a held port, as gdbus
# prints it
learned_ips() {
    local uuid=${1}_UUID
    ns env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" gdbus call --system \
        --dest org.libvirt.Networkd1 --object-path "/org/libvirt/Networkd1/port/${!uuid//-/}" \
        --method org.freedesktop.DBus.Properties.Get org.libvirt.Networkd1.Port LearnedIPs 2>&1
}

# dhcp_lease MAC: a DHCP client with MAC on a veth on $LAB_BR, from a
# namespace of its own; prints the address dnsmasq leased
LEASE_NS=lvnd-lease-$$
dhcp_lease() {
    ip -n "$NS" link add lvc0 type veth peer name lvc1 netns "$LEASE_NS" &&
        ip -n "$NS" link set lvc0 master "$LAB_BR" up &&
        ip -n "$LEASE_NS" link set lvc1 address "$1" up || return 1
    sandbox_wait_for 5 sh -c "ip -n $NS link show lvc0 | grep -q 'state UP'"
    ip netns exec "$LEASE_NS" python3 "$top_srcdir/tests/virnettestpeer.py" dhcp lvc1 "lv$$"
    ip -n "$NS" link del lvc0
}

test_learn() {
    local n r w lease other out

    cat >"$SANDBOX_DIR/lab.xml" <<XML
<network>
  <name>lab</name>
  <bridge stp='off'/>
  <ip address='198.18.100.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='198.18.100.10' end='198.18.100.99'/>
      <host mac='52:54:00:18:00:77' ip='198.18.100.7'/>
    </dhcp>
  </ip>
</network>
XML
    out=$(lab_virsh net-create "$SANDBOX_DIR/lab.xml")
    check "net-create lab" grep -q "Network lab created" <<<"$out" ||
        { printf '%s\n' "$out" | sed 's/^/#   /'; return; }
    LAB_BR=$(lab_virsh net-info lab | awk '$1 == "Bridge:" { print $2 }')
    sandbox_netns_add "$LEASE_NS" || { sandbox_fail "lease client namespace"; return; }

    hold_start ll root --raw "{'plug': <'network'>, 'network': <'lab'>, 'mac': <'52:54:00:18:00:70'>, 'filter': <'clean-traffic'>}" ||
        { sandbox_fail "ll: a port on lab"; return; }
    check "ll: its set exists, empty" set_empty "$ll_IF" || set_of "$ll_IF" | sed 's/^/#   /'
    read -r r w <<<"$(udp_reach ll "$LAB_BR" 198.18.100.50)"
    check "ll, no lease yet: IPv4 from 198.18.100.50 is dropped ($r of $w)" dropped "$r" "$w"

    lease=$(dhcp_lease 52:54:00:18:00:70)
    check "ll: dnsmasq leased its MAC an address ($lease)" \
        grep -qE '^198\.18\.100\.[1-9][0-9]$' <<<"$lease" || return
    check "ll: the lease is in its set within 3 s" within_3s set_has "$ll_IF" "$lease" ||
        set_of "$ll_IF" | sed 's/^/#   /'
    read -r r w <<<"$(udp_reach ll "$LAB_BR" "$lease")"
    check "ll: IPv4 from the leased $lease reaches the bridge ($r of $w)" passes "$r" "$w"
    out=$(learned_ips ll)
    check "ll: its LearnedIPs property is the lease" test "$out" = "(<['$lease']>,)" ||
        echo "#   $out"
    out=$(lab_virsh net-port-dumpxml "$ll_UUID")
    check "ll: net-port-dumpxml shows the learned $lease" \
        grep -q "<learned>\$" <<<"$out" ||
        printf '%s\n' "$out" | sed 's/^/#   /'
    check "ll: ... as <ip address='$lease'/>" grep -q "^    <ip address='$lease'/>\$" <<<"$out"
    if [ "${lease##*.}" = 98 ]; then other=198.18.100.97; else other=198.18.100.98; fi
    read -r r w <<<"$(udp_reach ll "$LAB_BR" "$other")"
    check "ll: IPv4 from $other is dropped ($r of $w)" dropped "$r" "$w"
    n=$(arps_reach ll "$LAB_BR" own "$lease")
    check "ll: ARP as $lease reaches the bridge ($n of 20)" test "$n" -ge 20
    n=$(arps_reach ll "$LAB_BR" own "$other")
    check "ll: ARP as $other does not ($n of 20)" test "$n" -eq 0

    # another MAC's lease opens nothing on this port
    other=$(dhcp_lease 52:54:00:18:00:71)
    check "a lease for another MAC ($other)" grep -qE '^198\.18\.100\.' <<<"$other"
    sleep 1
    check "ll: its set still holds only $lease" set_is "$ll_IF" "$lease" ||
        set_of "$ll_IF" | sed 's/^/#   /'
    read -r r w <<<"$(udp_reach ll "$LAB_BR" "$other")"
    check "ll: IPv4 from the other MAC's $other is dropped ($r of $w)" dropped "$r" "$w"

    # kill -9 and restart: learned again (the element removed while away)
    daemon_kill
    ns nft delete element bridge libvirt_networkd_filter v4 "{ \"$ll_IF\" . $lease }"
    check "restart: the daemon comes back" daemon_start
    check "restart: ll's lease is in its set again within 3 s" within_3s set_has "$ll_IF" "$lease"
    read -r r w <<<"$(udp_reach ll "$LAB_BR" "$lease")"
    check "restart: IPv4 from $lease passes again ($r of $w)" passes "$r" "$w"

    # a reservation: in force from the port's creation
    hold_start lr root --raw "{'plug': <'network'>, 'network': <'lab'>, 'mac': <'52:54:00:18:00:77'>, 'filter': <'clean-traffic'>}" ||
        { sandbox_fail "lr: a port on lab"; return; }
    check "lr: its reservation 198.18.100.7 is in its set at once" set_is "$lr_IF" 198.18.100.7
    out=$(learned_ips lr)
    check "lr: its LearnedIPs property is the reservation" test "$out" = "(<['198.18.100.7']>,)" ||
        echo "#   $out"
    read -r r w <<<"$(udp_reach lr "$LAB_BR" 198.18.100.7)"
    check "lr: IPv4 from the reserved 198.18.100.7 reaches the bridge ($r of $w)" passes "$r" "$w"
    read -r r w <<<"$(udp_reach lr "$LAB_BR" 198.18.100.8)"
    check "lr: IPv4 from 198.18.100.8 is dropped ($r of $w)" dropped "$r" "$w"

    hold_stop ll
    hold_stop lr
    check "the ports' sets go with them" within_1s no_sets
    lab_virsh net-destroy lab >/dev/null
    check "no record is left" within_1s no_records
}

# ------------------------------------------------------------------- floor
# mac_of NAME: the guest MAC of a held port
mac_of() {
    local uuid=${1}_UUID
    client root get "${!uuid}" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^mac=/) print substr($i, 5) }'
}
classes_of() { ns tc class show dev "$1"; }
# class_rate BRIDGE MINOR: the rate of class 1:MINOR as tc prints it
class_rate() { classes_of "$1" | awk -v c="1:$2" '$3 == c { for (i = 1; i <= NF; i++) if ($i == "rate") print $(i + 1) }'; }
no_class() { [ -z "$(class_rate "$1" "$2")" ]; }
default_is() { [ "$(class_rate "$1" 2)" = "$2" ]; }

# both_to_guests BRIDGE SECS KBPS MAC...: frames to each MAC sent into
# BRIDGE (through its qdisc) at KBPS kilobytes/s each, in turns; one
# socket per MAC that never waits (a frame its full send buffer refuses
# is dropped), so a class that drains slowly cannot hold the other back
both_to_guests() {
    ns python3 -c '
import socket, sys, time
socks = []
for m in sys.argv[4:]:
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((sys.argv[1], 0))
    socks.append((s, bytes.fromhex(m.replace(":", "")) + bytes.fromhex("020000000001") + b"\x88\xb5" + bytes(1500)))
pps = float(sys.argv[3]) * 1000 / len(socks[0][1])
start = time.time()
end = start + float(sys.argv[2])
sent = 0
while time.time() < end:
    for _ in range(5):
        for s, f in socks:
            try:
                s.send(f, socket.MSG_DONTWAIT)
            except OSError:
                pass
    sent += 5
    ahead = start + sent / pps - time.time()
    if ahead > 0:
        time.sleep(ahead)
' "$@"
}

test_floor() {
    local out br ra rb sum

    cat >"$SANDBOX_DIR/qos.xml" <<XML
<network>
  <name>qos</name>
  <bridge stp='off'/>
  <bandwidth>
    <inbound average='2000' peak='2000'/>
  </bandwidth>
  <ip address='198.18.101.1' netmask='255.255.255.0'/>
</network>
XML
    cat >"$SANDBOX_DIR/plain.xml" <<XML
<network>
  <name>plain</name>
  <bridge stp='off'/>
  <ip address='198.18.102.1' netmask='255.255.255.0'/>
</network>
XML
    out=$(lab_virsh net-create "$SANDBOX_DIR/qos.xml")
    check "net-create qos (inbound average 2000 kB/s)" grep -q "Network qos created" <<<"$out" ||
        { printf '%s\n' "$out" | sed 's/^/#   /'; return; }
    out=$(lab_virsh net-create "$SANDBOX_DIR/plain.xml")
    check "net-create plain (no bandwidth)" grep -q "Network plain created" <<<"$out"
    br=$(lab_virsh net-info qos | awk '$1 == "Bridge:" { print $2 }')
    check "qos: its bridge $br has the network's class 1:1 at 16Mbit" \
        test "$(class_rate "$br" 1)" = 16Mbit || classes_of "$br" | sed 's/^/#   /'
    check "qos: the default class 1:2 has all of it" default_is "$br" 16Mbit

    hold_start qa root --raw "{'plug': <'network'>, 'network': <'qos'>, 'mac': <'52:54:00:18:00:80'>, 'bandwidth-inbound': <{'floor': uint32 1500}>}" ||
        { sandbox_fail "qa: a port with a floor on qos"; return; }
    out=$(client root get "$qa_UUID")
    check "qa: its info shows the floor" grep -q "floor=1500" <<<"$out" || echo "#   $out"
    check "qa: its class 1:3 guarantees 12Mbit" test "$(class_rate "$br" 3)" = 12Mbit ||
        classes_of "$br" | sed 's/^/#   /'
    check "qa: the default class keeps 4Mbit" default_is "$br" 4Mbit
    hold_start qb root --raw "{'plug': <'network'>, 'network': <'qos'>, 'mac': <'52:54:00:18:00:81'>}" ||
        { sandbox_fail "qb: a port without a floor on qos"; return; }

    expect_err "overcommit: a floor of 600 more is refused" "$E.InvalidArgument" \
        "because it would overcommit 'floor' on network 'qos'" root create \
        --raw "{'plug': <'network'>, 'network': <'qos'>, 'bandwidth-inbound': <{'floor': uint32 600}>}"
    expect_err "a network without inbound bandwidth refuses a floor" "$E.NotSupported" \
        "network 'plain' has no inbound QoS set" root create \
        --raw "{'plug': <'network'>, 'network': <'plain'>, 'bandwidth-inbound': <{'floor': uint32 10}>}"
    check "nothing was left of the refused ports" test "$(classes_of "$br" | grep -c '^class htb 1:')" = 3

    # both guests receive as much as the network lets through: qa at least its floor
    hold_send qa probe; hold_wait qa
    hold_send qb probe; hold_wait qb
    both_to_guests "$br" 8 3000 52:54:00:18:00:80 52:54:00:18:00:81 &
    local gen=$!
    sleep 2
    hold_send qa "drain $qa_UUID 1 4"
    hold_send qb "drain $qb_UUID 1 4"
    hold_wait qa
    ra=$(($(awk '$1 == "DRAIN" { print $3 }' <<<"$OUT") / 4))
    hold_wait qb
    rb=$(($(awk '$1 == "DRAIN" { print $3 }' <<<"$OUT") / 4))
    wait "$gen"
    sum=$((ra + rb))
    check "qa (floor 1500 kB/s) receives $ra B/s beside qb's $rb ($(pct "$ra" 1500000) of its floor)" \
        awk -v r="$ra" 'BEGIN { exit !(r >= 0.85 * 1500000) }' ||
        { ns bridge fdb show br "$br" | grep -i 52:54:00:18 | sed 's/^/#   fdb /'
          ns tc -s class show dev "$br" | sed 's/^/#   /'; }
    check "together $sum B/s, within 15 % of the network's 2000 kB/s" within15 "$sum" 2000000

    # restart: a tree removed while the daemon was away is rebuilt
    daemon_kill
    ns tc qdisc del dev "$br" root
    check "restart: the daemon comes back" daemon_start
    check "restart: qa's class guarantees 12Mbit again" \
        sh -c "ip netns exec $NS tc class show dev $br | grep -q 'rate 12Mbit'"
    check "restart: the default class has 4Mbit" default_is "$br" 4Mbit

    hold_stop qa
    check "qa gone: its class goes within 1 s" within_1s sh -c "! ip netns exec $NS tc class show dev $br | grep -q 'rate 12Mbit'"
    check "qa gone: the default class has all of it again" within_1s default_is "$br" 16Mbit
    hold_stop qb
    lab_virsh net-destroy qos >/dev/null
    lab_virsh net-destroy plain >/dev/null
    check "no record is left" within_1s no_records
}

"test_$GROUP"
sandbox_checks_finish
