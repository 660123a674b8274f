# shellcheck shell=sh disable=SC3043
# Sandbox helpers shared by the demo and the root-only integration tests:
# a private mount namespace with a private /etc and private polkit
# directories, network namespaces with a bridge, a private D-Bus system
# bus, polkitd with temporary actions and rules, test users, and
# wait-for helpers.
#
#   . "$top/scripts/lib/sandbox.sh"
#   sandbox_require_root
#   sandbox_enter "$@"                        # re-runs the script, see below
#   sandbox_init                              # state dir, private mounts
#   sandbox_netns_add lvnd-test-$$ br0 198.18.0.1/24
#   DBUS_SYSTEM_BUS_ADDRESS=$(sandbox_dbus_start my-bus-policy.conf)
#   export DBUS_SYSTEM_BUS_ADDRESS
#   sandbox_polkit_start my.policy my.rules
#   sandbox_user_add lvndu$$
#   ...
#   sandbox_cleanup                           # also run by the exit trap
#
# Theory of operation.  A run must not touch the machine it runs on: not
# its polkit policy, not its user database, not its network.  So
# sandbox_enter runs the calling script again, from its first line, in a
# private mount namespace (unshare --mount, propagation private), and
# sandbox_init then mounts, inside that namespace only:
#   * over /etc, a copy of it on a tmpfs in the state dir: useradd and
#     groupadd write the test users into the copy's /etc/passwd and
#     /etc/group, which every consumer started from the script (setpriv,
#     dbus-daemon, polkitd, the daemon, QEMU) reads, and which is gone
#     with the namespace.  A copy rather than an overlay: the machine's
#     own /etc may change during the run (a useradd there takes its lock
#     files), and an overlay would show that;
#   * the same over /usr/local/etc, where it exists: the configuration
#     directory of a build with meson's default prefix, which a program
#     started with its compiled-in defaults would write to;
#   * empty tmpfs over /etc/polkit-1/rules.d, /usr/share/polkit-1/rules.d
#     and /usr/share/polkit-1/actions: polkitd sees only the files this
#     run installs (and watches them with inotify as usual), never the
#     machine's own rules, and nothing is written to the real directories;
#   * an empty tmpfs over /run/netns, so namespace names are private too;
#   * an empty tmpfs over /run/nscd, if there is one, so that name lookups
#     read the private files rather than the machine's nscd cache.
# Test users get uids and gids of their own, 1000000000 + 32 * pid + n,
# so two runs side by side never share a uid (which would mix up their
# per-user limits, process lists and tap owners).
#
# Everything a function creates is recorded in the state directory
# $SANDBOX_DIR (pid files with the process start time, namespace names,
# mounts, installed files), and the matching stop or remove function undoes
# exactly that: processes are signalled by their recorded pid only, and
# only while its start time still matches (so a reused pid is never hit);
# mounts are unmounted by their recorded path.  sandbox_cleanup undoes
# everything still recorded, newest first, and is safe to call more than
# once; whatever it misses (the script is killed) goes with the mount
# namespace anyway.  Network objects exist only inside the namespaces
# created here, with addresses from 198.18.0.0/15.
#
# Works in dash, bash and busybox ash (POSIX sh plus "local"); functions
# return non-zero with a message on stderr rather than exiting, except the
# sandbox_require_* skip helpers and sandbox_enter.  A start function may
# be called inside $(...): the started process gets its own stdout/stderr
# (a log in the state dir), so the substitution does not wait for it, and
# the pid is kept in a file, not a variable.

SANDBOX_SKIP=77

# sandbox_msg TEXT...: print a diagnostic on stderr.
sandbox_msg() {
    echo "sandbox: $*" >&2
}

# sandbox_require_root: exit 77 (skip) with a reason unless running as root.
sandbox_require_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "SKIP: needs root (network namespaces, polkitd, test users)"
        exit $SANDBOX_SKIP
    fi
}

# sandbox_require_cmd CMD...: exit 77 (skip) naming the first missing command.
sandbox_require_cmd() {
    local _c
    for _c in "$@"; do
        if ! command -v "$_c" >/dev/null 2>&1 && [ ! -x "$_c" ]; then
            echo "SKIP: '$_c' is not installed"
            exit $SANDBOX_SKIP
        fi
    done
}

# sandbox_enter "$@": unless already done for this process, run the
# calling script ($0, which must be executable) again from its first line,
# with the same arguments, in a private mount namespace; call it right
# after sandbox_require_root, before anything that must not run twice.
# Exports SANDBOX_ENTERED (this pid: a child script enters its own
# namespace) and SANDBOX_OUTER_PID and SANDBOX_OUTER_MNTNS (the parent
# process, which stays in the namespace the run started from, and that
# namespace), for sandbox_outer.  Does not return on success.
sandbox_enter() {
    [ "${SANDBOX_ENTERED:-}" != "$$" ] || return 0
    sandbox_require_cmd unshare nsenter
    SANDBOX_ENTERED=$$
    SANDBOX_OUTER_PID=$PPID
    SANDBOX_OUTER_MNTNS=$(readlink "/proc/$$/ns/mnt")
    export SANDBOX_ENTERED SANDBOX_OUTER_PID SANDBOX_OUTER_MNTNS
    # unshare without --fork execs in place: the pid stays the same.
    exec unshare --mount --propagation private -- "$0" "$@"
}

# sandbox_outer CMD...: run CMD in the mount namespace the run started
# from (the machine's view of /etc and /usr), e.g. to check that nothing
# leaked there.  Returns 1 if that namespace cannot be reached any more.
sandbox_outer() {
    if [ -z "${SANDBOX_OUTER_PID:-}" ] ||
       [ "$(readlink "/proc/$SANDBOX_OUTER_PID/ns/mnt" 2>/dev/null)" != "$SANDBOX_OUTER_MNTNS" ]; then
        sandbox_msg "the namespace the run started from is gone"
        return 1
    fi
    nsenter --mount="/proc/$SANDBOX_OUTER_PID/ns/mnt" -- "$@"
}

# sandbox_init: create the state directory (exported as SANDBOX_DIR, mode
# 0755 so that test users reach the bus socket in it), mount the private
# /etc, polkit directories and /run/netns (see the theory of operation),
# and install an exit trap that runs sandbox_cleanup.  Callers with their
# own EXIT trap should call sandbox_cleanup from it.  Needs sandbox_enter
# first; returns non-zero if a step fails.
sandbox_init() {
    if [ "${SANDBOX_ENTERED:-}" != "$$" ] ||
       [ "$(readlink /proc/self/ns/mnt)" = "${SANDBOX_OUTER_MNTNS:-}" ]; then
        sandbox_msg "sandbox_init needs a private mount namespace: call sandbox_enter \"\$@\" first"
        return 1
    fi
    SANDBOX_DIR=$(mktemp -d "${TMPDIR:-/tmp}/lvnd-sandbox.XXXXXX") || return 1
    chmod 0755 "$SANDBOX_DIR"
    mkdir "$SANDBOX_DIR/pids" "$SANDBOX_DIR/logs"
    : >"$SANDBOX_DIR/undo"
    export SANDBOX_DIR
    trap 'sandbox_cleanup' EXIT
    trap 'exit 1' HUP INT TERM
    _sandbox_private_mounts
}

# _sandbox_tmpfs DIR MODE: mount an empty tmpfs (mode MODE) on DIR, which
# must exist, and record it.
_sandbox_tmpfs() {
    mount -t tmpfs -o "mode=$2" lvnd-sandbox "$1" || return 1
    _sandbox_undo_push "sandbox_umount $1"
}

# sandbox_umount DIR: unmount a mount made by this library (lazily if it
# is still busy) and forget it.
sandbox_umount() {
    if mountpoint -q "$1"; then
        umount "$1" 2>/dev/null || umount -l "$1" || return 1
    fi
    _sandbox_undo_drop "sandbox_umount $1"
}

# _sandbox_private_mounts: the private /etc, polkit directories,
# /run/netns and /run/nscd (see the theory of operation).
_sandbox_private_mounts() {
    local _p _up
    _up=$SANDBOX_DIR/private
    mkdir "$_up" && _sandbox_tmpfs "$_up" 0755 || return 1
    mkdir "$_up/etc" && cp -a /etc/. "$_up/etc/" || {
        sandbox_msg "cannot copy /etc"
        return 1
    }
    # the lock files of a useradd running on the machine are not ours
    rm -f "$_up"/etc/*.lock "$_up/etc/.pwd.lock"
    mount --bind "$_up/etc" /etc || return 1
    _sandbox_undo_push "sandbox_umount /etc"
    # the configuration directory of a build with the default prefix
    # (/usr/local): a program started with its compiled-in defaults
    # writes into the copy, never into the machine's
    if [ -d /usr/local/etc ]; then
        mkdir "$_up/usr-local-etc" && cp -a /usr/local/etc/. "$_up/usr-local-etc/" &&
            mount --bind "$_up/usr-local-etc" /usr/local/etc || {
            sandbox_msg "cannot make /usr/local/etc private"
            return 1
        }
        _sandbox_undo_push "sandbox_umount /usr/local/etc"
    fi
    mkdir -p "$SANDBOX_POLKIT_RULES" || return 1
    for _p in "$SANDBOX_POLKIT_RULES" "$SANDBOX_POLKIT_ACTIONS" /usr/share/polkit-1/rules.d; do
        # a machine without polkit has nothing to hide here
        [ ! -d "$_p" ] || _sandbox_tmpfs "$_p" 0755 || return 1
    done
    # ip creates /run/netns itself when it is missing; so do we.
    mkdir -p /run/netns && _sandbox_tmpfs /run/netns 0755 || return 1
    [ ! -d /run/nscd ] || _sandbox_tmpfs /run/nscd 0755
}

# _sandbox_undo_push LINE: record an undo action (a command line of this
# library) to be run by sandbox_cleanup, newest first.
_sandbox_undo_push() {
    echo "$*" >>"$SANDBOX_DIR/undo"
}

# _sandbox_undo_drop LINE: forget a recorded undo action once done.
_sandbox_undo_drop() {
    [ -f "$SANDBOX_DIR/undo" ] || return 0
    grep -vxF -- "$*" "$SANDBOX_DIR/undo" >"$SANDBOX_DIR/undo.new" || true
    mv -f "$SANDBOX_DIR/undo.new" "$SANDBOX_DIR/undo"
}

# ---------------------------------------------------------------- checks

SANDBOX_CHECKS=0
SANDBOX_FAILURES=0

# sandbox_ok DESCRIPTION...: count a passed check, print "ok N - DESCRIPTION".
sandbox_ok() {
    SANDBOX_CHECKS=$((SANDBOX_CHECKS + 1))
    echo "ok $SANDBOX_CHECKS - $*"
}

# sandbox_fail DESCRIPTION...: count a failed check, print
# "not ok N - DESCRIPTION".
sandbox_fail() {
    SANDBOX_CHECKS=$((SANDBOX_CHECKS + 1))
    SANDBOX_FAILURES=$((SANDBOX_FAILURES + 1))
    echo "not ok $SANDBOX_CHECKS - $*"
}

# sandbox_check DESCRIPTION CMD...: run CMD and print "ok N - DESCRIPTION"
# or "not ok N - DESCRIPTION" (TAP style), counting failures.  Returns
# CMD's success.
sandbox_check() {
    local _desc
    _desc=$1
    shift
    if "$@"; then
        sandbox_ok "$_desc"
        return 0
    fi
    sandbox_fail "$_desc"
    return 1
}

# sandbox_checks_finish: print the plan line and a summary; returns 1 if
# any sandbox_check failed (use as the test's exit status).
sandbox_checks_finish() {
    echo "1..$SANDBOX_CHECKS"
    if [ $SANDBOX_FAILURES -ne 0 ]; then
        echo "$SANDBOX_FAILURES of $SANDBOX_CHECKS checks failed"
        return 1
    fi
    return 0
}

# ---------------------------------------------------------------- waiting

# sandbox_wait_for SECONDS CMD...: run CMD every 0.1 s until it succeeds.
# Returns 0 when it did, 1 after SECONDS (an integer) without success.
sandbox_wait_for() {
    local _deadline
    _deadline=$(( $(date +%s) + $1 ))
    shift
    while ! "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$_deadline" ] || return 1
        sleep 0.1
    done
    return 0
}

# sandbox_wait_grep SECONDS PATTERN FILE: wait until FILE has a line
# matching the extended regex PATTERN; 0 when found, 1 on time-out.
sandbox_wait_grep() {
    sandbox_wait_for "$1" grep -qE -- "$2" "$3"
}

# ---------------------------------------------------------------- processes

# _sandbox_starttime PID: print the start time (clock ticks since boot) of
# PID, or nothing if it is gone or a zombie.
_sandbox_starttime() {
    [ -r "/proc/$1/stat" ] || return 0
    # Fields after the ")" closing the command name: state is 1st, start 20th.
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '$1 != "Z" { print $20 }'
}

# sandbox_start NAME CMD...: start CMD in the background, stdin from
# /dev/null, output to $SANDBOX_DIR/logs/NAME.log, and record its pid in
# $SANDBOX_DIR/pids/NAME.  NAME must be unused.  Returns 1 if CMD died at
# once.  The pid is printed by sandbox_pid NAME.
sandbox_start() {
    local _name _pid _st
    _name=$1
    shift
    if [ -e "$SANDBOX_DIR/pids/$_name" ]; then
        sandbox_msg "process '$_name' is already running"
        return 1
    fi
    "$@" </dev/null >"$SANDBOX_DIR/logs/$_name.log" 2>&1 &
    _pid=$!
    _st=$(_sandbox_starttime "$_pid")
    if [ -z "$_st" ]; then
        sandbox_msg "'$*' exited at once:"
        cat "$SANDBOX_DIR/logs/$_name.log" >&2
        return 1
    fi
    echo "$_pid $_st" >"$SANDBOX_DIR/pids/$_name"
    _sandbox_undo_push "sandbox_stop $_name"
}

# sandbox_pid NAME: print the recorded pid of process NAME (empty if none).
sandbox_pid() {
    [ -f "$SANDBOX_DIR/pids/$1" ] || return 0
    cut -d' ' -f1 "$SANDBOX_DIR/pids/$1"
}

# sandbox_running NAME: 0 if the recorded process NAME is still alive.
sandbox_running() {
    local pid st
    [ -f "$SANDBOX_DIR/pids/$1" ] || return 1
    read -r pid st <"$SANDBOX_DIR/pids/$1"
    ! _sandbox_gone "$pid" "$st"
}

# _sandbox_gone PID STARTTIME: 0 if PID no longer names the process that
# started at STARTTIME (it exited, is a zombie, or the pid was reused).
_sandbox_gone() {
    [ "$(_sandbox_starttime "$1")" != "$2" ]
}

# sandbox_stop NAME [SECONDS]: SIGTERM the recorded process NAME, SIGKILL it
# if still alive after SECONDS (default 5), and forget it.  Signals only the
# recorded pid, and only while its start time matches.  0 if it is gone.
sandbox_stop() {
    local pid st
    [ -f "$SANDBOX_DIR/pids/$1" ] || return 0
    read -r pid st <"$SANDBOX_DIR/pids/$1"
    if ! _sandbox_gone "$pid" "$st"; then
        kill -TERM "$pid" 2>/dev/null || true
        if ! sandbox_wait_for "${2:-5}" _sandbox_gone "$pid" "$st"; then
            sandbox_msg "'$1' (pid $pid) ignored SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            if ! sandbox_wait_for 5 _sandbox_gone "$pid" "$st"; then
                sandbox_msg "'$1' (pid $pid) survived SIGKILL"
                return 1
            fi
        fi
    fi
    # Reap it if it is our child; harmless otherwise.
    wait "$pid" 2>/dev/null || true
    rm -f "$SANDBOX_DIR/pids/$1"
    _sandbox_undo_drop "sandbox_stop $1"
}

# ---------------------------------------------------------------- network

# _sandbox_check_addr ADDR[/PREFIX]: 0 if ADDR is inside 198.18.0.0/15.
_sandbox_check_addr() {
    case ${1%/*} in
    198.18.*.* | 198.19.*.*) return 0 ;;
    esac
    sandbox_msg "address '$1' is outside 198.18.0.0/15; refusing"
    return 1
}

# sandbox_netns_add NETNS [BRIDGE ADDR/PREFIX]: create network namespace
# NETNS with lo up and, if given, bridge BRIDGE up with ADDR (which must be
# in 198.18.0.0/15).  Recorded for sandbox_netns_del / cleanup.
sandbox_netns_add() {
    ip netns add "$1" || return 1
    _sandbox_undo_push "sandbox_netns_del $1"
    ip -n "$1" link set lo up || return 1
    [ $# -lt 2 ] || sandbox_bridge_add "$1" "$2" "${3:-}"
}

# sandbox_bridge_add NETNS BRIDGE [ADDR/PREFIX]: add bridge BRIDGE (up, STP
# off) inside NETNS, with ADDR if given (198.18.0.0/15 only).
sandbox_bridge_add() {
    [ -z "${3:-}" ] || _sandbox_check_addr "$3" || return 1
    ip -n "$1" link add "$2" type bridge stp_state 0 || return 1
    [ -z "${3:-}" ] || ip -n "$1" addr add "$3" dev "$2" || return 1
    ip -n "$1" link set "$2" up
}

# sandbox_tap_add NETNS TAP BRIDGE [USER]: add tap device TAP inside NETNS,
# owned by USER if given, enslaved to BRIDGE and up.
sandbox_tap_add() {
    if [ -n "${4:-}" ]; then
        ip -n "$1" tuntap add dev "$2" mode tap user "$4" || return 1
    else
        ip -n "$1" tuntap add dev "$2" mode tap || return 1
    fi
    ip -n "$1" link set "$2" master "$3" up
}

# sandbox_netns_del NETNS: delete a namespace made by sandbox_netns_add (its
# bridges and taps go with it).  Stop the processes in it first.
sandbox_netns_del() {
    if ip netns list | grep -q "^$1\( \|$\)"; then
        ip netns del "$1" || return 1
    fi
    _sandbox_undo_drop "sandbox_netns_del $1"
}

# ---------------------------------------------------------------- D-Bus

# sandbox_dbus_start [POLICY.conf...]: start a private system bus
# (dbus-daemon, running as root, no service activation) listening on
# $SANDBOX_DIR/dbus/system_bus_socket, with polkit's bus policy and each
# given policy file included.  Sets SANDBOX_DBUS_ADDRESS and prints the
# address, for DBUS_SYSTEM_BUS_ADDRESS.  Process name: "dbus".
sandbox_dbus_start() {
    local _conf _p
    mkdir -p "$SANDBOX_DIR/dbus" && chmod 0755 "$SANDBOX_DIR/dbus" || return 1
    _conf=$SANDBOX_DIR/dbus/system.conf
    {
        echo '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"'
        echo ' "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">'
        echo '<busconfig>'
        echo '  <type>system</type>'
        echo "  <listen>unix:path=$SANDBOX_DIR/dbus/system_bus_socket</listen>"
        echo '  <auth>EXTERNAL</auth>'
        # The stock system bus default: everyone may connect and talk to the
        # bus driver and receive replies; method calls and owning names
        # need an explicit allow from an included policy.
        echo '  <policy context="default">'
        echo '    <allow user="*"/>'
        echo '    <deny own="*"/>'
        echo '    <deny send_type="method_call"/>'
        echo '    <allow send_type="signal"/>'
        echo '    <allow send_requested_reply="true" send_type="method_return"/>'
        echo '    <allow send_requested_reply="true" send_type="error"/>'
        echo '    <allow receive_type="method_call"/>'
        echo '    <allow receive_type="method_return"/>'
        echo '    <allow receive_type="error"/>'
        echo '    <allow receive_type="signal"/>'
        echo '    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>'
        echo '    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>'
        echo '    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>'
        echo '    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Peer"/>'
        echo '  </policy>'
        if [ -f /usr/share/dbus-1/system.d/org.freedesktop.PolicyKit1.conf ]; then
            echo '  <include>/usr/share/dbus-1/system.d/org.freedesktop.PolicyKit1.conf</include>'
        fi
        for _p in "$@"; do
            case $_p in
            /*) ;;
            *) _p=$(pwd)/$_p ;;
            esac
            echo "  <include>$_p</include>"
        done
        echo '</busconfig>'
    } >"$_conf"
    for _p in "$@"; do
        [ -r "$_p" ] || { sandbox_msg "bus policy '$_p' is not readable"; return 1; }
    done
    sandbox_start dbus dbus-daemon --config-file="$_conf" --nofork --nopidfile \
        --nosyslog || return 1
    if ! sandbox_wait_for 10 test -S "$SANDBOX_DIR/dbus/system_bus_socket"; then
        sandbox_msg "dbus-daemon did not create its socket:"
        cat "$SANDBOX_DIR/logs/dbus.log" >&2
        return 1
    fi
    chmod 0666 "$SANDBOX_DIR/dbus/system_bus_socket"
    SANDBOX_DBUS_ADDRESS=unix:path=$SANDBOX_DIR/dbus/system_bus_socket
    echo "$SANDBOX_DBUS_ADDRESS"
}

# sandbox_dbus_stop: stop the private bus.
sandbox_dbus_stop() {
    sandbox_stop dbus
}

# sandbox_dbus_has_owner NAME: 0 if NAME is owned on the private bus.
sandbox_dbus_has_owner() {
    DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SANDBOX_DIR/dbus/system_bus_socket \
        dbus-send --system --print-reply --dest=org.freedesktop.DBus \
        /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null |
        grep -q 'boolean true'
}

# sandbox_dbus_wait_name NAME [SECONDS]: wait (default 10 s) until NAME is
# owned on the private bus; 1 on time-out.
sandbox_dbus_wait_name() {
    sandbox_wait_for "${2:-10}" sandbox_dbus_has_owner "$1"
}

# ---------------------------------------------------------------- polkit

SANDBOX_POLKITD=${SANDBOX_POLKITD:-/usr/lib/polkit-1/polkitd}
# where polkitd reads actions and rules: private tmpfs after sandbox_init
SANDBOX_POLKIT_ACTIONS=/usr/share/polkit-1/actions
SANDBOX_POLKIT_RULES=/etc/polkit-1/rules.d

# _sandbox_install_file SRC DIR NAME: copy SRC to DIR/NAME atomically (a
# hidden temporary name in DIR, then rename), mode 0644, and record it.
_sandbox_install_file() {
    local _tmp
    _tmp=$2/.$3.tmp
    if ! cp "$1" "$_tmp" || ! chmod 0644 "$_tmp"; then
        rm -f "$_tmp"
        return 1
    fi
    echo "$2/$3" >>"$SANDBOX_DIR/polkit.files"
    mv -f "$_tmp" "$2/$3"
}

# sandbox_polkit_start [FILE.policy|FILE.rules...]: install each .policy
# file into the (private) actions directory and each .rules file into the
# (private) rules directory as 10-lvnd-sandbox-N-BASENAME, N counting the
# arguments, then start polkitd (it drops to user polkitd itself) on the
# private bus (sandbox_dbus_start first) and wait until it owns
# org.freedesktop.PolicyKit1.  polkitd sees no other rules or actions:
# neither the machine's nor another run's.  There is no logind in the
# sandbox: rules must decide on subject.user / subject.isInGroup(), not on
# subject.local or subject.active.  Process name: "polkitd".
sandbox_polkit_start() {
    local _n _f _base
    [ -S "$SANDBOX_DIR/dbus/system_bus_socket" ] || {
        sandbox_msg "start the private bus (sandbox_dbus_start) before polkitd"
        return 1
    }
    : >>"$SANDBOX_DIR/polkit.files"
    _sandbox_undo_push "sandbox_polkit_remove_files"
    _n=0
    for _f in "$@"; do
        _n=$((_n + 1))
        _base=10-lvnd-sandbox-$_n-$(basename "$_f")
        case $_f in
        *.policy) _sandbox_install_file "$_f" "$SANDBOX_POLKIT_ACTIONS" "$_base" || return 1 ;;
        *.rules) _sandbox_install_file "$_f" "$SANDBOX_POLKIT_RULES" "$_base" || return 1 ;;
        *) sandbox_msg "'$_f' is neither a .policy nor a .rules file"; return 1 ;;
        esac
    done
    sandbox_polkitd_start
}

# sandbox_polkitd_start: start only the daemon (as sandbox_polkit_start
# does after installing the files), e.g. to restart it after
# sandbox_polkitd_stop; waits until it owns org.freedesktop.PolicyKit1.
sandbox_polkitd_start() {
    # Started as root, polkitd switches to its own user by itself.
    sandbox_start polkitd env \
        "DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SANDBOX_DIR/dbus/system_bus_socket" \
        "$SANDBOX_POLKITD" || return 1
    if ! sandbox_dbus_wait_name org.freedesktop.PolicyKit1 15; then
        sandbox_msg "polkitd did not appear on the bus:"
        cat "$SANDBOX_DIR/logs/polkitd.log" >&2
        return 1
    fi
}

# sandbox_polkitd_stop: stop only the daemon, keeping the installed files.
sandbox_polkitd_stop() {
    sandbox_stop polkitd
}

# sandbox_polkit_remove_files: remove exactly the files sandbox_polkit_start
# installed.
sandbox_polkit_remove_files() {
    local _f
    if [ -f "$SANDBOX_DIR/polkit.files" ]; then
        while read -r _f; do
            rm -f "$_f" "$(dirname "$_f")/.$(basename "$_f").tmp"
        done <"$SANDBOX_DIR/polkit.files"
        rm -f "$SANDBOX_DIR/polkit.files"
    fi
    _sandbox_undo_drop "sandbox_polkit_remove_files"
}

# sandbox_polkit_stop: stop polkitd and remove its temporary files.
sandbox_polkit_stop() {
    sandbox_polkitd_stop
    sandbox_polkit_remove_files
}

# ---------------------------------------------------------------- users

# _sandbox_next_id: print the next free uid/gid of this run (1000000000 +
# 32 * pid + n, n < 32: no other run on this machine has the same).
_sandbox_next_id() {
    local _n
    _n=$(cat "$SANDBOX_DIR/ids" 2>/dev/null || echo 0)
    if [ "$_n" -ge 32 ]; then
        sandbox_msg "no more than 32 test users and groups per run"
        return 1
    fi
    echo $((_n + 1)) >"$SANDBOX_DIR/ids"
    echo $((1000000000 + 32 * $$ + _n))
}

# sandbox_user_add NAME [GROUP...]: create user NAME (no home, no login
# shell, no lastlog entry) with its own group of the same id, plus
# membership of each GROUP (created if missing), in the private /etc of
# sandbox_init: they disappear with it.
sandbox_user_add() {
    local _u _g _id _groups
    _u=$1
    shift
    for _g in "$@"; do
        if ! getent group "$_g" >/dev/null; then
            _id=$(_sandbox_next_id) || return 1
            groupadd -K GID_MAX=2147483646 -g "$_id" "$_g" || return 1
        fi
    done
    _id=$(_sandbox_next_id) || return 1
    groupadd -K GID_MAX=2147483646 -g "$_id" "$_u" || return 1
    _groups=$(echo "$*" | tr ' ' ',')
    useradd -K UID_MAX=2147483646 -u "$_id" -g "$_u" ${_groups:+--groups "$_groups"} \
        --no-create-home --no-log-init --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$_u"
}

# sandbox_run_as USER CMD...: run CMD as USER (its groups, no capabilities,
# environment kept).
sandbox_run_as() {
    local _u
    _u=$1
    shift
    setpriv --reuid="$_u" --regid="$_u" --init-groups --inh-caps=-all \
        --bounding-set=-all -- "$@"
}

# ---------------------------------------------------------------- cleanup

# sandbox_cleanup: undo everything still recorded, newest first, then
# remove the state directory.  Keeps going past failures; returns 1 if any
# step failed.  Set SANDBOX_KEEP=1 to keep the state dir (logs) instead.
# _sandbox_kill_network_helpers: a network's dnsmasq outlives the daemon
# that started it (on purpose: a restarted daemon takes it over), so a
# test that ends before it stops its networks would leave it running.
# Those of this run are known by their configuration file, which lives
# in this run's directory; nothing else is touched.
_sandbox_kill_network_helpers() {
    local _p
    for _p in /proc/[0-9]*; do
        grep -qsF -- "--conf-file=$SANDBOX_DIR/" "$_p/cmdline" &&
            kill -KILL "${_p#/proc/}" 2>/dev/null
    done
    return 0
}

sandbox_cleanup() {
    local _rc _step
    [ -n "${SANDBOX_DIR:-}" ] && [ -d "$SANDBOX_DIR" ] || return 0
    _rc=0
    # Each undo step edits the list, so take a reversed copy first.
    sed -n '1!G;h;$p' "$SANDBOX_DIR/undo" >"$SANDBOX_DIR/undo.run"
    while read -r _step; do
        [ -n "$_step" ] || continue
        # The steps are this library's own function calls, recorded above.
        eval "$_step" || { sandbox_msg "cleanup step failed: $_step"; _rc=1; }
    done <"$SANDBOX_DIR/undo.run"
    _sandbox_kill_network_helpers
    if [ "${SANDBOX_KEEP:-0}" = 1 ]; then
        sandbox_msg "kept $SANDBOX_DIR"
    else
        rm -rf "$SANDBOX_DIR"
    fi
    return $_rc
}
