#!/bin/bash
# passttest.sh: a guest with <backend type='passt'/>, end to end, as an
# unprivileged user (qemu:///session).
#
# A private network namespace: a veth pair with 198.18.5.1/24 and a
# default route (passt takes its template interface from it), an HTTP
# listener on 198.18.5.1:8080 (python3), and ping sockets allowed for
# every group (passt forwards the guest's pings with them).  The test
# guest (scripts/make-guest-image, TCG) gets 198.18.5.10/24 from <ip>,
# serves a page on port 80 and fetches the host's page:
#   start     QEMU got "-netdev stream" connecting to RUNDIR/passt/
#             NAME-net0.socket; the supervisor and passt run as the user
#   bulk      3 s of iperf3 from the host to the guest (iperf3 -R)
#             through passt: a result, and the guest goes on (QEMU must
#             never block writing to passt, see src/qemu/qemu_passt.h)
#   outbound  the guest pings 198.18.5.1 and fetches the host's page
#             through passt
#   forward   <portForward proto='tcp'><range start='18080' to='80'/>:
#             the host namespace reaches the guest's page on port 18080
#   restart   passt killed (SIGKILL).  A QEMU that reconnects a stream
#             netdev (8.0 and later): a new passt within 5 s, the domain
#             log says so, the forwarded port works again.  An older one:
#             the domain log says the interface stays down, QEMU runs on
#   destroy   no QEMU, supervisor or passt of the user, no socket, no
#             pid file
# and ethernet NICs naming existing devices (<target dev managed='no'/>):
#   tap       a tap owned by the user (ip tuntap ... user U) with
#             198.18.6.1/24 on the host side: GUEST-PING-OK; the tap stays
#             after destroy; a tap owned by root (a tap with no owner is
#             anyone's, the kernel's rule) and a missing one: start fails
#             naming the device, no QEMU left; managed='yes' without
#             libvirt-networkd fails saying so; vhost-net where the user
#             can open it, none (silently) where not, a start error where
#             <driver name='vhost'/> asks for it
#   macvtap   on a veth whose peer has 198.18.7.1/24: /dev/tapN root's
#             0600: start fails naming the node; given to the user:
#             GUEST-PING-OK
# Root only (77 otherwise).  Prints "ok N - ..." lines.
set -u

top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${abs_top_builddir:-$top_srcdir/build}
. "$top_srcdir/scripts/lib/sandbox.sh"
. "$top_srcdir/scripts/lib/guestenv.sh"

sandbox_require_root
sandbox_require_cmd qemu-system-x86_64 ip passt python3 setpriv useradd pgrep unshare mknod iperf3
sandbox_enter "$@"
guestenv_test_start "$top_srcdir" "$top_builddir" tools/virsh src/qemu/libvirt-passt-supervisor

note() { echo "# $*"; }

U=pt$$a
GROUP=pt$$vm
# next to virsh, where the driver looks for it outside the build dir
install -m 0755 "$top_builddir/src/qemu/libvirt-passt-supervisor" "$GUESTENV_BIN/" ||
    { echo "FAIL: setup"; exit 1; }
guestenv_users_add "$GROUP" "$U" || { echo "FAIL: test user"; exit 1; }
# no networkd and no bus here: passt needs neither
GUESTENV_BUS_OVERRIDE=unix:path=/nonexistent
NS=lvnd-passt-$$
GUESTENV_NS=$NS
sandbox_netns_add "$NS" || { echo "FAIL: netns"; exit 1; }
ip -n "$NS" link add h0 type veth peer name h1 &&
    ip -n "$NS" addr add 198.18.5.1/24 dev h0 &&
    ip -n "$NS" link set h0 up && ip -n "$NS" link set h1 up &&
    ip -n "$NS" route add default via 198.18.5.254 dev h0 &&
    ip netns exec "$NS" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 'net.ipv4.ping_group_range=0 2147483647' ||
    { echo "FAIL: netns setup"; exit 1; }
mkdir -p "$SANDBOX_DIR/www" && echo "HOST-HTTP-OK" >"$SANDBOX_DIR/www/index.html"
sandbox_start hostweb ip netns exec "$NS" python3 -m http.server --bind 198.18.5.1 \
    --directory "$SANDBOX_DIR/www" 8080 || { echo "FAIL: host listener"; exit 1; }
sandbox_start iperf3 ip netns exec "$NS" iperf3 -s -B 198.18.5.1 ||
    { echo "FAIL: iperf3 server"; exit 1; }

H=$(guestenv_home "$U")
RUNDIR=$H/run/libvirt/qemu/run
SOCK=$RUNDIR/passt/g1-net0.socket
PIDFILE=$RUNDIR/passt/g1-net0.pid
LOG=$H/.cache/libvirt/qemu/log/g1.log
SERIAL=$H/g1.serial

GUESTENV_CMDLINE="guest.httpd=80 guest.fetch=198.18.5.1:8080 guest.iperf=198.18.5.1:3:recv" \
    GUESTENV_OWNER=$U guestenv_domain_xml g1 52:54:00:18:05:0a 198.18.5.10/24 198.18.5.1 \
    "<interface type='user'><ip family='ipv4' address='198.18.5.10' prefix='24'/><portForward proto='tcp'><range start='18080' to='80'/></portForward></interface>" \
    passt 600 >"$H/g1.xml"
chown "$U:$U" "$H/g1.xml"

OUT=
# run_ok DESC ARGS...: virsh as $U must succeed ($VIRSH runs it)
user_virsh() { guestenv_virsh "$U" "$@"; }
VIRSH=user_virsh
run_ok() {
    local desc=$1
    shift
    OUT=$("$VIRSH" "$@" 2>&1)
    local rc=$?
    sandbox_check "$desc" test $rc -eq 0 || printf '%s\n' "$OUT" | sed 's/^/#   /'
    return $rc
}
cmdline_has() { tr '\0' '\n' <"/proc/$1/cmdline" | grep -qE -- "$2"; }
# passt_pid: the user's passt process (empty when none)
# (Debian's /usr/bin/passt execs passt.avx2 where the CPU has AVX2)
passt_pid() { pgrep -u "$U" '^passt' | head -n 1; }
supervisor_pid() { pgrep -u "$U" -f '^[^ ]*libvirt-passt-supervisor ' | head -n 1; }
# forwarded: the host namespace gets the guest's page through port 18080
forwarded() {
    ip netns exec "$NS" python3 - <<'PY'
import sys, urllib.request
try:
    page = urllib.request.urlopen("http://198.18.5.1:18080/", timeout=5).read().decode()
except Exception as e:
    sys.exit(1)
sys.exit(0 if "GUEST-HTTPD-OK" in page else 1)
PY
}
forwarded_within() {
    local n=0
    while [ "$n" -lt "$1" ]; do
        forwarded && return 0
        sleep 1
        n=$((n + 1))
    done
    return 1
}
show_log() {
    echo "#   domain log (tail):"
    tail -n 15 "$LOG" 2>/dev/null | sed 's/^/#     /'
    echo "#   serial (tail):"
    tail -n 8 "$SERIAL" 2>/dev/null | sed 's/^/#     /'
    echo "#   host listener (tail):"
    tail -n 5 "$SANDBOX_DIR/logs/hostweb.log" 2>/dev/null | sed 's/^/#     /'
}

# ------------------------------------------------------------------ start
note "start"
run_ok "define" define "$H/g1.xml"
run_ok "start" start g1 || show_log
pid=$(guestenv_qemu_pid "$U" g1)
sandbox_check "QEMU runs" test -n "$pid"
sandbox_check "QEMU connects to the passt socket: -netdev stream, client, unix, RUNDIR/passt/g1-net0.socket" \
    cmdline_has "${pid:-0}" "^\\{\"type\":\"stream\",\"addr\":\\{\"type\":\"unix\",\"path\":\"$SOCK\"\\},\"server\":false,(\"reconnect\":1,)?\"id\":\"hostnet0\"\\}\$"
# QEMU 8.0 and later connect again after passt died
RECONNECT=no
cmdline_has "${pid:-0}" '"reconnect":1' && RECONNECT=yes
sandbox_check "the socket exists" test -S "$SOCK"
sandbox_check "the socket dir is the user's, 0700" \
    sh -c '[ "$(stat -c %U:%a "$1")" = "$2:700" ]' _ "$RUNDIR/passt" "$U"
sandbox_wait_for 10 sh -c '[ -n "$(pgrep -u "$1" "^passt")" ]' _ "$U"
ppid1=$(passt_pid)
sandbox_check "passt runs as the user" test -n "$ppid1"
sandbox_check "its supervisor runs as the user" test -n "$(supervisor_pid)"
sandbox_check "passt got the connected socket, <ip> and <portForward>" \
    sh -c 'tr "\0" " " <"/proc/$1/cmdline" | grep -q -- "--address 198.18.5.10 --netmask 24 --tcp-ports 18080:80 --fd 5"' _ "${ppid1:-0}"
sandbox_check "the pid file names the supervisor" \
    sh -c '[ "$(cut -d" " -f1 "$1")" = "$2" ]' _ "$PIDFILE" "$(supervisor_pid)"

# ------------------------------------------------------------------ traffic
note "host -> guest, bulk, through passt"
sandbox_wait_grep 150 '^GUEST-IPERF-END recv' "$SERIAL" || note "no GUEST-IPERF-END after 150 s"
sandbox_check "3 s of iperf3 -R reached the guest through passt" \
    grep -Eq '^GUEST-IPERF-RESULT dir=recv .*bytes=[1-9]' "$SERIAL" || show_log
note "guest -> host through passt"
sandbox_wait_grep 150 '^GUEST-FETCH-' "$SERIAL" || note "no GUEST-FETCH- line after 150 s"
sandbox_check "the guest pinged 198.18.5.1 through passt" grep -q '^GUEST-PING-OK' "$SERIAL" || show_log
sandbox_check "the guest fetched the host's page through passt" \
    grep -q '^GUEST-FETCH-OK HOST-HTTP-OK' "$SERIAL" || show_log
note "host -> guest through <portForward>"
sandbox_check "port 18080 of the host namespace reaches the guest's port 80" forwarded_within 60 || show_log

# ------------------------------------------------------------------ restart
note "passt killed (QEMU reconnects: $RECONNECT)"
[ -n "$ppid1" ] && kill -KILL "$ppid1"
if [ "$RECONNECT" = yes ]; then
    sandbox_check "a new passt within 5 s" sandbox_wait_for 5 \
        sh -c 'p=$(pgrep -u "$1" "^passt" | head -n 1); [ -n "$p" ] && [ "$p" != "$2" ]' _ "$U" "$ppid1"
    sandbox_check "the domain log says it was killed and a new one waits for QEMU" \
        sh -c 'grep -q "passt (pid $2) was killed by signal 9" "$1" &&
               grep -q "waiting for QEMU to connect again" "$1"' _ "$LOG" "$ppid1"
    sandbox_check "the forwarded port works again" forwarded_within 30 || show_log
else
    sandbox_check "the supervisor exits" sandbox_wait_for 5 \
        sh -c '! pgrep -u "$1" -f libvirt-passt-supervisor >/dev/null' _ "$U"
    sandbox_check "the domain log says it was killed and that the interface stays down" \
        sh -c 'grep -q "passt (pid $2) was killed by signal 9" "$1" &&
               grep -q "the interface stays down until the guest is restarted" "$1"' _ "$LOG" "$ppid1"
    sandbox_check "QEMU runs on" sh -c 'kill -0 "$1"' _ "${pid:-0}"
fi
sandbox_check "the supervisor's and passt's output is in the domain log" grep -q "started passt (pid" "$LOG"

# ------------------------------------------------------------------ destroy
note "destroy"
run_ok "destroy" destroy g1
sandbox_check "no QEMU left" sh -c '! pgrep -u "$1" -f "guest=g1," >/dev/null' _ "$U"
sandbox_check "no passt left" sh -c '! pgrep -u "$1" "^passt" >/dev/null' _ "$U"
sandbox_check "no supervisor left" sh -c '! pgrep -u "$1" -f libvirt-passt-supervisor >/dev/null' _ "$U"
sandbox_check "no socket left" test ! -e "$SOCK"
sandbox_check "no pid file left" test ! -e "$PIDFILE"

# ------------------------------------------------------------------ ethernet
note "ethernet: existing taps and macvtaps"
ip -n "$NS" tuntap add dev et0 mode tap user "$U" &&
    ip -n "$NS" addr add 198.18.6.1/24 dev et0 && ip -n "$NS" link set et0 up &&
    ip -n "$NS" tuntap add dev et1 mode tap user root &&
    ip -n "$NS" link add v0 type veth peer name v1 &&
    ip -n "$NS" addr add 198.18.7.1/24 dev v1 &&
    ip -n "$NS" link set v0 up && ip -n "$NS" link set v1 up &&
    ip -n "$NS" link add link v0 name mvt0 address 52:54:00:18:07:0a type macvtap mode bridge &&
    ip -n "$NS" link set mvt0 up || { echo "FAIL: ethernet setup"; exit 1; }
mvtnode=/dev/tap$(ip netns exec "$NS" cat /sys/class/net/mvt0/ifindex)
# The users' /dev/net/tun: Debian ships it 0666; where the host has it
# 0600, virsh runs in a private mount namespace with a 0666 node of its
# own (the host's stays as it is).
if [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
    mknod -m 0666 "$SANDBOX_DIR/tun" c 10 200
    note "host /dev/net/tun is $(stat -c %a /dev/net/tun); a 0666 node in a private mount namespace"
fi
export SANDBOX_DIR GUESTENV_NS GUESTENV_BUS_OVERRIDE GUESTENV_BIN
# tun_virsh ARGS...: virsh as $U with that /dev/net/tun
tun_virsh() {
    unshare -m --propagation private sh -c '
        if [ -e "$0/tun" ]; then mount --bind "$0/tun" /dev/net/tun || exit 1; fi
        . "$1/scripts/lib/sandbox.sh"; . "$1/scripts/lib/guestenv.sh"
        shift
        guestenv_virsh "$@"' "$SANDBOX_DIR" "$top_srcdir" "$U" "$@"
}
VIRSH=tun_virsh

# eth_define NAME DEV MANAGED ADDR PEER [MAC [XML]]: an ethernet guest on
# DEV, XML added to its <interface>
eth_define() {
    guestenv_define "$U" "$1" "${6:-52:54:00:18:06:0a}" "$4/24" "$5" \
        "<interface type='ethernet'><target dev='$2' managed='$3'/>${7:-}</interface>" default 120
}
# start_fails DESC PATTERN DOMAIN: start must fail saying PATTERN, no QEMU
start_fails() {
    OUT=$("$VIRSH" start "$3" 2>&1)
    local rc=$?
    if ! sandbox_check "$1" sh -c '[ "$1" -ne 0 ] && printf "%s\n" "$2" | grep -qF -- "$3"' _ "$rc" "$OUT" "$2"; then
        printf '%s\n' "$OUT" | sed 's/^/#   /'
    fi
    sandbox_check "$1: no QEMU" sh -c '! pgrep -u "$1" -f "guest=$2," >/dev/null' _ "$U" "$3"
}

eth_define e1 et0 no 198.18.6.10 198.18.6.1
run_ok "tap: start on the user's tap" start e1
sandbox_check "tap: QEMU got -netdev tap with an fd" cmdline_has "$(guestenv_qemu_pid "$U" e1)" \
    '^\{"type":"tap","fd":"[0-9]+"'
# a virtio NIC on a tap uses vhost-net where the user can open it, as
# upstream, and silently goes without where not
if setpriv --reuid="$U" --regid="$(id -g "$U")" --init-groups \
        sh -c 'exec 3<>/dev/vhost-net' 2>/dev/null; then
    sandbox_check "tap: /dev/vhost-net opens for the user: QEMU got vhost=on and a vhostfd" \
        cmdline_has "$(guestenv_qemu_pid "$U" e1)" '"vhost":true,"vhostfd":"[0-9]+"'
else
    sandbox_check "tap: /dev/vhost-net does not open for the user: QEMU got no vhost" \
        sh -c '[ -r "/proc/${1:-none}/cmdline" ] &&
            ! tr "\0" "\n" <"/proc/$1/cmdline" | grep -q vhost' _ "$(guestenv_qemu_pid "$U" e1)"
fi
sandbox_wait_grep 120 '^GUEST-PING-' "$H/e1.serial"
sandbox_check "tap: GUEST-PING-OK over the existing tap" grep -q '^GUEST-PING-OK' "$H/e1.serial" ||
    tail -n 5 "$H/e1.serial" | sed 's/^/#   /'
run_ok "tap: destroy" destroy e1

# a vhost device that cannot be opened (<backend vhost=> names it): the
# NIC goes without vhost-net, unless <driver name='vhost'/> asks for it
novhost="<backend vhost='$H/no-vhost-net'/>"
eth_define e5 et0 no 198.18.6.14 198.18.6.1 52:54:00:18:06:0a "$novhost"
run_ok "tap: start without the vhost device" start e5
sandbox_check "tap: QEMU got the tap fd and no vhost" sh -c '[ -r "/proc/${1:-none}/cmdline" ] &&
    tr "\0" "\n" <"/proc/$1/cmdline" | grep -qE "^\{\"type\":\"tap\",\"fd\":\"[0-9]+\",\"id\"" &&
    ! tr "\0" "\n" <"/proc/$1/cmdline" | grep -q vhost' _ "$(guestenv_qemu_pid "$U" e5)"
run_ok "tap: destroy without the vhost device" destroy e5
eth_define e6 et0 no 198.18.6.15 198.18.6.1 52:54:00:18:06:0a "<driver name='vhost'/>$novhost"
start_fails "tap: <driver name='vhost'/> without the vhost device is refused" \
    "<driver name='vhost'/> asks for vhost-net, but '$H/no-vhost-net' cannot be opened" e6
sandbox_check "tap: the tap stays after destroy (not ours)" ip -n "$NS" link show dev et0

eth_define e2 et1 no 198.18.6.11 198.18.6.1
start_fails "tap: someone else's tap is refused" \
    "cannot open tap device 'et1': it is not owned by this user" e2
eth_define e3 nosuch0 no 198.18.6.12 198.18.6.1
start_fails "tap: a missing tap is refused" "tap device 'nosuch0' does not exist" e3
eth_define e4 et0 yes 198.18.6.13 198.18.6.1
# managed='yes' asks libvirt-networkd (plug "none", ethernetmanagedtest.sh),
# which does not run here
start_fails "tap: managed='yes' needs libvirt-networkd" "start libvirt-networkd" e4

# a macvtap passes the frames of its own MAC: the admin gives it the guest's
eth_define m1 mvt0 no 198.18.7.10 198.18.7.1 52:54:00:18:07:0a
start_fails "macvtap: a /dev/tapN the user cannot open is refused" \
    "cannot open '$mvtnode' of macvtap device 'mvt0': this user may not read and write it" m1
chown "$U" "$mvtnode"
run_ok "macvtap: start once the user may open $mvtnode" start m1
sandbox_wait_grep 120 '^GUEST-PING-' "$H/m1.serial"
sandbox_check "macvtap: GUEST-PING-OK over the macvtap" grep -q '^GUEST-PING-OK' "$H/m1.serial" ||
    tail -n 5 "$H/m1.serial" | sed 's/^/#   /'
run_ok "macvtap: destroy" destroy m1

sandbox_checks_finish
