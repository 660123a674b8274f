#!/bin/bash
# networkd-harness.sh: integration tests of libvirt-networkd, as root.
#
#   tests/networkd-harness.sh GROUP      (GROUP: see the case at the end)
#
# Each run builds a private world with scripts/lib/sandbox.sh and tears it
# down again, even on failure:
#   * a network namespace with bridges br0 (198.18.0.1/24) and br1
#     (198.18.1.1/24), a veth pair and a persistent tap (both must be
#     refused as bridges); IPv6 off so the bridges stay silent;
#   * test users nd<pid>a, nd<pid>b (both in group nd<pid>vm, the
#     "vmusers" of the rules) and nd<pid>c, removed afterwards;
#   * the project's polkit action file and the test rules below, installed
#     under unique names and removed afterwards;
#   * a private D-Bus *system* bus including the project's bus policy
#     (examples/dbus/org.libvirt.Networkd1.conf) and polkit's, a real
#     polkitd on it, and libvirt-networkd from the build directory inside
#     the namespace.
# The calls are made by tests/networkdtestclient (built on
# src/network/networkd_client.c) as the test users, through setpriv.
#
# The test rules (the expectations in networkd-harness-tests.sh follow them):
#   port.create:     user B on any bridge; group VM (A and B) on br0 only;
#                    C (in no group) nowhere; on networks (plug "network",
#                    also a network's bridge): B on any, A on network
#                    $NET1 only, C on none
#   network.manage:  nobody (root only)
#   network.leases-any: C only
#   port.list-any,
#   port.delete-any: C only
# Every other subject is NOT_HANDLED, so concurrent runs do not interfere.
# The authz group's answer cache checks swap in, for a while, rules that
# say "yes" once and "no" afterwards (rules_swap), and run some clients in
# a child cgroup of the harness's own (AS_CGROUP), removed afterwards.
#
# Prints "ok N - what" / "not ok N - what"; exits 0, 1 (a failure) or 77
# (not root, or a binary missing).
set -u

GROUP=${1:-}
top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${abs_top_builddir:-$top_srcdir/build}

. "$top_srcdir/scripts/lib/sandbox.sh"

DAEMON=${NETWORKD_DAEMON:-$top_builddir/src/network/libvirt-networkd}
CLIENT_BUILT=$top_builddir/tests/networkdtestclient
BUS_POLICY=$top_srcdir/examples/dbus/org.libvirt.Networkd1.conf
ACTIONS=${NETWORKD_POLKIT_ACTIONS:-$top_srcdir/examples/polkit/org.libvirt.networkd.policy}
# shellcheck disable=SC2034 # used by networkd-harness-tests.sh
VALGRIND_SUPP=$top_srcdir/tests/valgrind.supp

sandbox_require_root
sandbox_require_cmd ip dbus-daemon dbus-send gdbus setpriv useradd groupadd "$SANDBOX_POLKITD"
# (bench/ scripts that source this file have entered already)
sandbox_enter "$@"
[ -x "$DAEMON" ] || { echo "SKIP: libvirt-networkd is not built ($DAEMON)"; exit 77; }
[ -x "$CLIENT_BUILT" ] || { echo "SKIP: networkdtestclient is not built"; exit 77; }
[ -f "$BUS_POLICY" ] || { echo "FAIL: $BUS_POLICY is missing"; exit 1; }
[ -f "$ACTIONS" ] || { echo "FAIL: $ACTIONS is missing"; exit 1; }

# ------------------------------------------------------------------- setup
NS=ndtest-$$
UA=nd$$a
UB=nd$$b
UC=nd$$c
VMGROUP=nd$$vm
# shellcheck disable=SC2034 # used by networkd-harness-tests.sh
NET1=ndnat$$
# shellcheck disable=SC2034 # used by networkd-harness-tests.sh
NET2=ndiso$$
ADDR=
declare -a HOLDER_PIDS=()

# stop_pid PID: end a helper process this script started (holders,
# monitors); SIGKILL after 5 s
stop_pid() {
    local pid=$1 _
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

teardown() {
    local rc=$? pid log
    trap - EXIT
    for pid in "${HOLDER_PIDS[@]}"; do stop_pid "$pid"; done
    # a network test that failed half-way: its dnsmasq processes, known
    # by their config in this run's own directory
    for pid in /proc/[0-9]*; do
        grep -qsF -- "--conf-file=${SANDBOX_DIR:-/nonexistent}/" "$pid/cmdline" &&
            kill -KILL "${pid#/proc/}"
    done
    [ -n "$CGROUP_CHILD" ] && rmdir "$CGROUP_CHILD"
    if [ $SANDBOX_FAILURES -gt 0 ] && [ -n "${SANDBOX_DIR:-}" ]; then
        for log in "$SANDBOX_DIR"/logs/networkd*.log; do
            [ -f "$log" ] || continue
            echo "---- $(basename "$log") (last 30 lines) ----"
            tail -n 30 "$log"
        done
    fi
    [ -n "$STATE_MOUNTED" ] && umount "$SANDBOX_DIR/state"
    sandbox_cleanup
    exit $rc
}

write_setup_files() {
    cat > "$SANDBOX_DIR/libvirt-networkd-test.rules" <<EOF
// libvirt-networkd integration test rules (tests/networkd-harness.sh);
// per user and group only, as there is no logind.
polkit.addRule(function(action, subject) {
    var mine = ["$UA", "$UB", "$UC"];
    if (action.id.indexOf("org.libvirt.networkd.") != 0 ||
        mine.indexOf(subject.user) < 0)
        return polkit.Result.NOT_HANDLED;
    if (action.id == "org.libvirt.networkd.port.create" &&
        action.lookup("plug") == "network") {
        if (subject.user == "$UB" ||
            (subject.user == "$UA" && action.lookup("network") == "$NET1"))
            return polkit.Result.YES;
        return polkit.Result.NO;
    }
    if (action.id == "org.libvirt.networkd.network.leases-any")
        return subject.user == "$UC" ? polkit.Result.YES : polkit.Result.NO;
    if (action.id == "org.libvirt.networkd.port.create") {
        if (subject.user == "$UB")
            return polkit.Result.YES;
        if (subject.isInGroup("$VMGROUP") && action.lookup("bridge") == "br0")
            return polkit.Result.YES;
        return polkit.Result.NO;
    }
    if (action.id == "org.libvirt.networkd.port.list-any" ||
        action.id == "org.libvirt.networkd.port.delete-any")
        return subject.user == "$UC" ? polkit.Result.YES : polkit.Result.NO;
    return polkit.Result.NO;
});
EOF
    # 1000 calls queued on one connection must reach the daemon, whose own
    # per-connection limit is under test (the stock bus allows 128 pending
    # replies); root may monitor the bus for the signal checks
    cat > "$SANDBOX_DIR/test-bus.conf" <<'EOF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <limit name="max_replies_per_connection">4096</limit>
  <policy user="root">
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Monitoring"/>
  </policy>
</busconfig>
EOF
}

ns() { ip netns exec "$NS" "$@"; }
bus_env() { env DBUS_SYSTEM_BUS_ADDRESS="$ADDR" "$@"; }

setup_netns() {
    sandbox_netns_add "$NS" br0 198.18.0.1/24 || return 1
    ns sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 >/dev/null
    sandbox_bridge_add "$NS" br1 198.18.1.1/24 || return 1
    ip -n "$NS" link add nd-veth0 type veth peer name nd-veth1 || return 1
    ip -n "$NS" tuntap add dev nd-tap0 mode tap
}

stop_polkitd() { sandbox_stop polkitd; }
start_polkitd() {
    sandbox_start polkitd env DBUS_SYSTEM_BUS_ADDRESS="$ADDR" "$SANDBOX_POLKITD" &&
        sandbox_dbus_wait_name org.freedesktop.PolicyKit1 15
}

QUOTA=64
LOG_LEVEL=debug   # bench/ measures the default, notice
DAEMON_VERBOSE=--verbose   # empty: log at LOG_LEVEL only
AUTH_CACHE_SECONDS=    # empty: the daemon's default
STATE_MOUNTED=
write_daemon_config() {
    if [ -z "$STATE_MOUNTED" ]; then
        # the state dir is /run/libvirt/networkd, a tmpfs, in production;
        # keep the same cost model here even where /tmp is a disk
        mkdir -p "$SANDBOX_DIR/state"
        mount -t tmpfs -o size=16m,mode=0755 libvirt-networkd-test "$SANDBOX_DIR/state" &&
            STATE_MOUNTED=1
    fi
    cat > "$SANDBOX_DIR/networkd.conf" <<EOF
# written by tests/networkd-harness.sh
[networkd]
state_dir = $SANDBOX_DIR/state
config_dir = $SANDBOX_DIR/config
log_level = $LOG_LEVEL
port_quota = $QUOTA
max_pending_requests = 32
EOF
    if [ -n "$AUTH_CACHE_SECONDS" ]; then
        echo "auth_cache_seconds = $AUTH_CACHE_SECONDS" >>"$SANDBOX_DIR/networkd.conf"
    fi
}

DAEMON_WRAPPER=
DAEMON_RUN=0
DAEMON_PID=
# shellcheck disable=SC2120 # the valgrind group passes SECONDS
start_daemon() { # start_daemon [SECONDS]: (re)start it, wait for its name
    write_daemon_config
    DAEMON_RUN=$((DAEMON_RUN + 1))
    # shellcheck disable=SC2086 # the wrapper is a command line
    sandbox_start "networkd$DAEMON_RUN" env DBUS_SYSTEM_BUS_ADDRESS="$ADDR" \
        ip netns exec "$NS" $DAEMON_WRAPPER "$DAEMON" \
        --config "$SANDBOX_DIR/networkd.conf" $DAEMON_VERBOSE || { sandbox_fail "libvirt-networkd starts"; exit 1; }
    DAEMON_PID=$(sandbox_pid "networkd$DAEMON_RUN")
    sandbox_dbus_wait_name org.libvirt.Networkd1 "${1:-10}" ||
        { sandbox_fail "libvirt-networkd owns its name"; exit 1; }
}

stop_daemon() { # stop_daemon [KILL]
    [ "${1:-}" = KILL ] && kill -KILL "$DAEMON_PID" 2>/dev/null
    sandbox_stop "networkd$DAEMON_RUN" "${STOP_SECONDS:-5}"
    DAEMON_PID=
}

setup() {
    sandbox_init || exit 1
    trap teardown EXIT
    # the test users must be able to run the client: keep a copy they reach
    CLIENT=$SANDBOX_DIR/networkdtestclient
    install -m 0755 "$CLIENT_BUILT" "$CLIENT"
    write_setup_files
    { sandbox_user_add "$UA" "$VMGROUP" && sandbox_user_add "$UB" "$VMGROUP" &&
        sandbox_user_add "$UC"; } || { echo "FAIL: test users"; exit 1; }
    setup_netns || { echo "FAIL: network namespace"; exit 1; }
    ADDR=$(sandbox_dbus_start "$BUS_POLICY" "$SANDBOX_DIR/test-bus.conf") ||
        { echo "FAIL: private bus"; exit 1; }
    sandbox_polkit_start "$ACTIONS" "$SANDBOX_DIR/libvirt-networkd-test.rules" ||
        { echo "FAIL: polkitd"; exit 1; }
    start_daemon
}

# ----------------------------------------------------------------- helpers
# as_argv USER CLIENT-ARGS...: set CMDV to the command line that runs the
# test client as USER (or root) inside the namespace on the private bus;
# every step execs the next, so a background CMDV's $! is the client.
# With AS_CGROUP set (a cgroup v2 directory), the first step moves itself
# there, so the client runs in that cgroup.
AS_CGROUP=
as_argv() {
    local user=$1; shift
    CMDV=()
    if [ -n "$AS_CGROUP" ]; then
        # shellcheck disable=SC2016 # for the inner sh
        CMDV=(sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$AS_CGROUP")
    fi
    CMDV+=(env DBUS_SYSTEM_BUS_ADDRESS="$ADDR" ip netns exec "$NS")
    if [ "$user" != root ]; then
        # sandbox_run_as's drop, after entering the namespace
        CMDV+=(setpriv --reuid="$user" --regid="$user" --init-groups
               --inh-caps=-all --bounding-set=-all --)
    fi
    CMDV+=("$CLIENT" "$@")
}

# virsh_as USER VIRSH-ARGS...: run the build's virsh the same way
virsh_as() {
    local CMDV user=$1; shift
    as_argv "$user"
    CMDV[${#CMDV[@]} - 1]=$top_builddir/tools/virsh
    "${CMDV[@]}" "$@"
}

# as USER CLIENT-ARGS...: run the test client as USER (or root)
as() {
    local CMDV
    as_argv "$@"
    "${CMDV[@]}"
}

OUT=
# expect_ok DESC USER ARGS...: the call succeeds; its output is in $OUT
expect_ok() {
    local desc=$1; shift
    OUT=$(as "$@" 2>&1)
    local rc=$?
    if [ $rc -eq 0 ]; then
        sandbox_ok "$desc"
    else
        sandbox_fail "$desc (exit $rc)"
        printf '%s\n' "$OUT" | sed 's/^/#   /'
    fi
    return $rc
}

# expect_err DESC ERROR-NAME USER ARGS...: the call fails with ERROR-NAME
expect_err() {
    local desc=$1 name=$2; shift 2
    OUT=$(as "$@" 2>&1)
    local rc=$?
    if [ $rc -eq 1 ] && printf '%s\n' "$OUT" | grep -q "^ERR $name "; then
        sandbox_ok "$desc"
        return 0
    fi
    sandbox_fail "$desc (exit $rc, wanted $name)"
    printf '%s\n' "$OUT" | sed 's/^/#   /'
    return 1
}

# taps in the namespace, except the persistent one the setup made
tap_count() {
    ns sh -c 'n=0; for d in /sys/class/net/*; do
        [ -e "$d/tun_flags" ] && [ "${d##*/}" != nd-tap0 ] && n=$((n + 1)); done; echo $n'
}

# files in the daemon's state directory (one record per live port)
record_count() { find "$SANDBOX_DIR/state" -type f | wc -l; }

port_uuids() { printf '%s\n' "$1" | awk '$1 == "OK" { print $2 }'; }
port_count() { as root list --all | awk '$1 == "COUNT" { print $2 }'; }

# holder_start NAME USER ARGS...: a client that keeps its ports, driven
# through two fifos; its "OK" lines are in ${NAME}_OUT
declare -A HOLDER_IN HOLDER_OUTFD HOLDER_PID
holder_start() {
    local name=$1 user=$2; shift 2
    local line out=
    local fifo_in=$SANDBOX_DIR/$name.in fifo_out=$SANDBOX_DIR/$name.out CMDV
    mkfifo "$fifo_in" "$fifo_out"
    as_argv "$user" create --hold "$@"
    "${CMDV[@]}" <"$fifo_in" >"$fifo_out" 2>&1 &
    HOLDER_PID[$name]=$!
    HOLDER_PIDS+=("$!")
    exec {fd_in}>"$fifo_in"
    exec {fd_out}<"$fifo_out"
    HOLDER_IN[$name]=$fd_in
    HOLDER_OUTFD[$name]=$fd_out
    while read -r -t 60 -u "$fd_out" line; do
        [ "$line" = READY ] && break
        out="$out$line"$'\n'
        case $line in ERR*|CHECK-FAIL*) break ;; esac
    done
    printf -v "${name}_OUT" '%s' "$out"
    [ "$line" = READY ]
}

# holder_cmd NAME COMMAND: send a command, the reply lines end up in $OUT
holder_cmd() {
    local name=$1 line
    OUT=
    echo "$2" >&"${HOLDER_IN[$name]}"
    while read -r -t 30 -u "${HOLDER_OUTFD[$name]}" line; do
        [ "$line" = DONE ] && return 0
        OUT="$OUT$line"$'\n'
    done
    return 1
}

holder_stop() { # close its ports by ending it
    local name=$1 fdi=${HOLDER_IN[$1]} fdo=${HOLDER_OUTFD[$1]}
    exec {fdi}>&- {fdo}<&-
    stop_pid "${HOLDER_PID[$name]}"
}

# cgroup2_dir: the directory of this shell's cgroup in the unified (v2)
# hierarchy, or nothing (no cgroup2 mount, or not its root mounted)
cgroup2_dir() {
    local mnt path
    mnt=$(awk '{ for (i = 7; i <= NF && $i != "-"; i++) ;
                 if ($(i + 1) == "cgroup2" && $4 == "/") { print $5; exit } }' /proc/self/mountinfo)
    path=$(sed -n 's/^0:://p' /proc/self/cgroup)
    [ -n "$mnt" ] && [ -n "$path" ] && [ -d "$mnt$path" ] && echo "${mnt%/}${path%/}"
}
CGROUP_CHILD=    # a cgroup the harness made, removed by teardown

# rules_swap FILE: atomically replace the installed test rules with FILE,
# then wait until polkitd has reloaded them (its log says so; JavaScript
# state such as a counter starts afresh) and settled (one rename may
# cause two reloads)
rules_swap() {
    local dst tmp n0 n=0 _ log=$SANDBOX_DIR/logs/polkitd.log
    dst=$(grep -- '-libvirt-networkd-test\.rules$' "$SANDBOX_DIR/polkit.files" | head -n 1)
    [ -n "$dst" ] || return 1
    tmp=$(dirname "$dst")/.$(basename "$dst").tmp
    n0=$(grep -c 'Finished loading' "$log")
    { cp "$1" "$tmp" && chmod 0644 "$tmp" && mv -f "$tmp" "$dst"; } || return 1
    for _ in $(seq 1 100); do
        n=$(grep -c 'Finished loading' "$log")
        [ "$n" -gt "$n0" ] && break
        sleep 0.05
    done
    [ "$n" -gt "$n0" ] || return 1
    while sleep 0.3; do
        n0=$n
        n=$(grep -c 'Finished loading' "$log")
        [ "$n" = "$n0" ] && return 0
    done
}

daemon_fds() { ls "/proc/$DAEMON_PID/fd" | wc -l; }
daemon_rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$DAEMON_PID/status"; }

wait_no_ports() { # wait_no_ports SECONDS: until the daemon lists nothing
    local _
    for _ in $(seq 1 $(($1 * 20))); do
        [ "$(port_count)" = 0 ] && return 0
        sleep 0.05
    done
    return 1
}

. "$top_srcdir/tests/networkd-harness-tests.sh"

# bench/networkd sources this file for its setup and helpers
[ "${NETWORKD_HARNESS_LIB:-}" = 1 ] && return 0

case $GROUP in
authz|port|virsh|lifetime|quota|restart|badinput|flood|leak|valgrind|concurrent|holder|statedir|network) ;;
*) echo "usage: $0 authz|port|virsh|lifetime|quota|restart|badinput|flood|leak|valgrind|concurrent|holder|statedir|network" >&2; exit 2 ;;
esac

setup
"test_$GROUP"
echo "# $GROUP: $((SANDBOX_CHECKS - SANDBOX_FAILURES)) of $SANDBOX_CHECKS passed"
[ $SANDBOX_FAILURES -eq 0 ]
