#!/bin/bash
# bridgehelpertest.sh: libvirt-bridge-helper, the non-setuid drop-in for
# qemu-bridge-helper, end to end as root, and libvirt-networkd-import-acl
# checked against the real setuid helper.
#
#   bridgehelpertest.sh HELPER HARNESS IMPORT_ACL
#
# Builds a private world with scripts/lib/sandbox.sh (a network namespace
# with br0 and br1, a private D-Bus system bus, a real polkitd, test users,
# libvirt-networkd from the build dir) and tears it down on every exit.
#   1. protocol: tests/bridgehelperharness does what QEMU and libvirt do
#      (socketpair, exec with --fd/--br in their orders) and checks the fd
#      it receives is a tap on the bridge, up, with vnet_hdr as asked;
#   2. refusals (policy, missing bridge, bad arguments, fd not a socket,
#      the send failing, the daemon or the whole bus not running, a setuid
#      install): each exits non-zero with one line naming the reason, and
#      leaves no port;
#   3. the real QEMU 7.2 as an unprivileged user with -netdev
#      bridge,helper=HELPER: the guest pings across br0 (GUEST-PING-OK);
#   4. Debian's stock libvirt 9.0 session (libvirtd as the user) with
#      bridge_helper pointing at this helper starts a guest that pings, and
#      shows our refusal line in virsh's error for a refused bridge;
#   5. ACL import: an ACL with per-group includes, translated by
#      libvirt-networkd-import-acl and loaded into polkitd, answers every
#      user x bridge exactly as Debian's setuid qemu-bridge-helper does with
#      the same ACL (in a private mount namespace, on a private copy).
# Prints "ok N - ..." / "not ok N - ..."; exits 0, 1 or 77 (skip).
set -u

HELPER_BUILT=$1
HARNESS_BUILT=$2
IMPORT_ACL=$3
top=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${abs_top_builddir:-$top/build}
. "$top/scripts/lib/sandbox.sh"

DAEMON=$builddir/src/network/libvirt-networkd
BUS_POLICY=$top/examples/dbus/org.libvirt.Networkd1.conf
ACTIONS=$top/examples/polkit/org.libvirt.networkd.policy
STOCK_HELPER=/usr/lib/qemu/qemu-bridge-helper

sandbox_require_root
sandbox_require_cmd ip dbus-daemon setpriv useradd unshare "$SANDBOX_POLKITD"
sandbox_enter "$@"
[ -x "$DAEMON" ] || { echo "SKIP: libvirt-networkd is not built"; exit 77; }

NS=bhtest-$$
UA=bh$$a     # in group GA: may use br0 (phase 1)
UB=bh$$b     # in group GB
UC=bh$$c     # no group: may use nothing (phase 1)
GA=bh$$ga
GB=bh$$gb
ADDR=

teardown() {
    local rc=$?
    trap - EXIT
    if [ $SANDBOX_FAILURES -gt 0 ]; then
        for log in "$SANDBOX_DIR"/logs/*.log; do
            [ -f "$log" ] || continue
            echo "---- $(basename "$log") (last 15 lines) ----"
            tail -n 15 "$log"
        done
    fi
    sandbox_cleanup
    exit $rc
}
sandbox_init || exit 1
trap teardown EXIT

# The users must reach the programs: private copies, mode 0755, no setuid.
HELPER=$SANDBOX_DIR/libvirt-bridge-helper
HARNESS=$SANDBOX_DIR/bridgehelperharness
install -m 0755 "$HELPER_BUILT" "$HELPER"
install -m 0755 "$HARNESS_BUILT" "$HARNESS"

# Rules that only speak for this test's users, so tests running at the
# same time against their own polkitd are not affected.
printf '%s\n' \
    'polkit.addRule(function(action, subject) {' \
    "    if ([\"$UA\", \"$UB\", \"$UC\"].indexOf(subject.user) < 0 ||" \
    '        action.id != "org.libvirt.networkd.port.create")' \
    '        return polkit.Result.NOT_HANDLED;' \
    "    if (subject.isInGroup(\"$GA\") && action.lookup(\"bridge\") == \"br0\")" \
    '        return polkit.Result.YES;' \
    '    return polkit.Result.NO;' \
    '});' > "$SANDBOX_DIR/bh-test.rules"
printf '[networkd]\nstate_dir = %s/state\nconfig_dir = %s/config\nlog_level = debug\n' \
    "$SANDBOX_DIR" "$SANDBOX_DIR" > "$SANDBOX_DIR/networkd.conf"

{ sandbox_user_add "$UA" "$GA" && sandbox_user_add "$UB" "$GB" && sandbox_user_add "$UC"; } ||
    { echo "FAIL: test users"; exit 1; }
sandbox_netns_add "$NS" br0 198.18.0.1/24 || exit 1
ip netns exec "$NS" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 >/dev/null
sandbox_bridge_add "$NS" br1 198.18.1.1/24 || exit 1
ADDR=$(sandbox_dbus_start "$BUS_POLICY") || { echo "FAIL: private bus"; exit 1; }
sandbox_polkit_start "$ACTIONS" "$SANDBOX_DIR/bh-test.rules" || { echo "FAIL: polkitd"; exit 1; }

start_daemon() {
    sandbox_start "networkd$1" env DBUS_SYSTEM_BUS_ADDRESS="$ADDR" \
        ip netns exec "$NS" "$DAEMON" --config "$SANDBOX_DIR/networkd.conf" --verbose &&
        sandbox_dbus_wait_name org.libvirt.Networkd1 10
}
start_daemon 1 || { sandbox_fail "libvirt-networkd starts"; exit 1; }

# as USER CMD...: run CMD in the namespace on the private bus, as USER
as() {
    local user=$1; shift
    if [ "$user" = root ]; then
        env DBUS_SYSTEM_BUS_ADDRESS="$ADDR" ip netns exec "$NS" "$@"
    else
        env DBUS_SYSTEM_BUS_ADDRESS="$ADDR" ip netns exec "$NS" \
            setpriv --reuid="$user" --regid="$user" --init-groups \
            --inh-caps=-all --bounding-set=-all -- "$@"
    fi
}
taps() { ip -n "$NS" -o link show type tun | wc -l; }
no_new_taps() { [ "$(taps)" -eq 0 ]; }

OUT=
# helper_ok DESC USER MODE BRIDGE [novnet]
helper_ok() {
    local desc=$1 user=$2; shift 2
    OUT=$(as "$user" "$HARNESS" "$1" "$HELPER" "${@:2}" 2>&1)
    if [ $? -eq 0 ]; then sandbox_ok "$desc"; else sandbox_fail "$desc"; printf '#   %s\n' "$OUT"; fi
}
# helper_refused DESC PATTERN USER MODE BRIDGE [novnet]: non-zero, one
# stderr line matching PATTERN, and no tap left behind
helper_refused() {
    local desc=$1 pattern=$2 user=$3; shift 3
    OUT=$(as "$user" "$HARNESS" "$1" "$HELPER" "${@:2}" 2>&1)
    local rc=$?
    sleep 0.2
    if [ $rc -ne 0 ] && printf '%s\n' "$OUT" | grep -q "^exit=1" &&
       printf '%s\n' "$OUT" | grep -qE "^libvirt-bridge-helper: .*$pattern" && no_new_taps; then
        sandbox_ok "$desc"
    else
        sandbox_fail "$desc (wanted /$pattern/, $(taps) taps left)"
        printf '#   %s\n' "$OUT"
    fi
}
# has DESC PATTERN TEXT
has() { if printf '%s\n' "$3" | grep -qE "$2"; then sandbox_ok "$1"; else sandbox_fail "$1"; printf '#   %s\n' "$3"; fi; }

# ---------------------------------------------------------------- protocol
helper_ok "QEMU's argument order, --use-vnet: tap on br0, up, vnet_hdr" "$UA" qemu br0
helper_ok "libvirt's argument order, no --use-vnet: tap on br0, no vnet_hdr" "$UA" libvirt br0 novnet
helper_ok "root is allowed without polkit, on br1" root qemu br1
sleep 0.5
sandbox_check "closing the fd removed every tap" no_new_taps

# ---------------------------------------------------------------- refusals
helper_refused "policy refuses br1 for a vmusers member" "not authorized to create a port on bridge 'br1'" "$UA" qemu br1
helper_refused "policy refuses a user in no group" "not authorized to create a port on bridge 'br0'" "$UC" qemu br0
helper_refused "missing bridge" "br9" root qemu br9
helper_refused "overlong bridge name" "longer than 15 bytes" "$UA" qemu br0123456789abcdef
helper_refused "fd is not a socket" "not a UNIX socket" "$UA" notsock br0
helper_refused "QEMU's end closed: the send fails, the port is deleted" "cannot send a file descriptor" "$UA" closed br0
OUT=$(as "$UA" "$HELPER" --br=br0 2>&1)
has "missing --fd is a usage error" "required" "$OUT"
OUT=$(as "$UA" "$HELPER" --br=br0 --fd=3 --bogus 2>&1)
has "unknown argument is a usage error" "unknown argument '--bogus'" "$OUT"
OUT=$(as "$UA" "$HELPER" --help)
has "--help prints usage on stdout" "^Usage:" "$OUT"
# Control characters from the caller's arguments are escaped, never echoed.
OUT=$(as "$UA" "$HELPER" "--br=$(printf 'a\033[2Jb')" --fd=0 2>&1)
has "an escape sequence in --br is printed as \\x1b" 'a\\x1b\[2Jb' "$OUT"
if printf '%s' "$OUT" | LC_ALL=C grep -q "$(printf '\033')"; then
    fail "... and no raw ESC reaches stderr"
else
    ok "... and no raw ESC reaches stderr"
fi
OUT=$(as "$UA" "$HELPER" --br=br0 --fd=3 "$(printf -- '--x\rlibvirt-bridge-helper: forged')" 2>&1 | head -n 1)
has "a CR in an argument cannot forge a line" "unknown argument '--x\\\\x0dlibvirt" "$OUT"

# A piped stderr is read before the helper exits (and so before it closes
# the socket libvirt watches): with a reader that waits 0.7 s, the helper
# is still alive until the reader has taken the line.
drain_check() {
    python3 - "$HELPER" <<'PY'
import os, subprocess, sys, time
r, w = os.pipe()
p = subprocess.Popen([sys.argv[1], "--br=br0"], stderr=w, stdout=subprocess.DEVNULL)
os.close(w)
time.sleep(0.7)
alive = p.poll() is None
data = os.read(r, 65536)
t = time.monotonic()
p.wait(timeout=5)
exited = time.monotonic() - t
print(f"# alive after 0.7 s: {alive}; exited {exited:.3f} s after the read; read {data[:60]!r}")
sys.exit(0 if alive and exited < 1.0 and data.startswith(b"libvirt-bridge-helper: ") else 1)
PY
}
check "an error exit waits for the reader of a piped stderr" drain_check

# A setuid install is refused outright: the helper must hold no privilege.
install -m 4755 "$HELPER_BUILT" "$SANDBOX_DIR/setuid-helper"
OUT=$(as "$UA" "$HARNESS" qemu "$SANDBOX_DIR/setuid-helper" br0 2>&1)
has "a setuid copy refuses to run" "refusing to run setuid" "$OUT"
sandbox_check "... and made no port" no_new_taps
rm -f "$SANDBOX_DIR/setuid-helper"

# ---------------------------------------------------------------- real QEMU
imagedir=$builddir/guest-image
if command -v qemu-system-x86_64 >/dev/null &&
   "$top/scripts/make-guest-image" "$imagedir" >/dev/null 2>&1; then
    install -m 0644 "$imagedir/vmlinuz" "$imagedir/initrd.img" "$SANDBOX_DIR/"
    serial=$SANDBOX_DIR/serial.log
    : > "$serial"
    chown "$UA" "$serial"
    # QEMU itself stays in the root namespace: it only holds the fd.
    env DBUS_SYSTEM_BUS_ADDRESS="$ADDR" setpriv --reuid="$UA" --regid="$UA" --init-groups \
        --inh-caps=-all --bounding-set=-all -- \
        timeout 120 qemu-system-x86_64 -accel tcg -m 256 -nodefaults -nographic \
        -no-user-config -serial "file:$serial" \
        -kernel "$SANDBOX_DIR/vmlinuz" -initrd "$SANDBOX_DIR/initrd.img" \
        -append "console=ttyS0 quiet no_timer_check guest.addr=198.18.0.10/24 guest.peer=198.18.0.1" \
        -netdev "bridge,id=n0,br=br0,helper=$HELPER" \
        -device virtio-net-pci,netdev=n0,mac=52:54:00:18:00:0a \
        >"$SANDBOX_DIR/qemu.out" 2>&1 &
    qpid=$!
    if sandbox_wait_grep 110 'GUEST-PING-(OK|FAIL)' "$serial" && grep -q GUEST-PING-OK "$serial"; then
        sandbox_ok "real QEMU as $UA with -netdev bridge,helper=libvirt-bridge-helper: GUEST-PING-OK"
    else
        sandbox_fail "real QEMU with the helper: no GUEST-PING-OK"
        tail -n 5 "$serial" "$SANDBOX_DIR/qemu.out" | sed 's/^/#   /'
    fi
    # The guest powers off after its ping; do not wait for a stuck one.
    sandbox_wait_for 10 sh -c "! kill -0 $qpid 2>/dev/null" || kill "$qpid" 2>/dev/null
    wait "$qpid" 2>/dev/null
    sleep 0.5
    sandbox_check "the guest's tap is gone after QEMU exits" no_new_taps
else
    echo "# skipped the real QEMU case: qemu-system-x86_64 or the guest image is missing"
fi

# ---------------------------------------------------------------- stock libvirt
# Debian's libvirt 9.0 session daemon, unchanged, with bridge_helper in the
# user's qemu.conf pointing at libvirt-bridge-helper: stock libvirt execs
# it exactly as it would exec qemu-bridge-helper.  libvirtd runs as the
# user in a private mount namespace.  It is started with a clean
# environment, so the private bus is bind-mounted on /run/dbus, where the
# default system bus address points (libvirt 9.0 itself passes
# DBUS_SYSTEM_BUS_ADDRESS on to the helpers it runs).
if command -v libvirtd >/dev/null && [ -x /usr/bin/virsh ] && [ -f "$SANDBOX_DIR/vmlinuz" ]; then
    H=$SANDBOX_DIR/lvhome
    mkdir -p "$H/.config/libvirt" "$H/run" "$H/cache"
    chmod 0700 "$H/run"
    echo "bridge_helper = \"$HELPER\"" > "$H/.config/libvirt/qemu.conf"
    for br in br0 br1; do
        cat > "$H/$br.xml" <<XML
<domain type='qemu'>
  <name>bh-$br</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$SANDBOX_DIR/vmlinuz</kernel>
    <initrd>$SANDBOX_DIR/initrd.img</initrd>
    <cmdline>console=ttyS0 quiet no_timer_check guest.addr=198.18.0.11/24 guest.peer=198.18.0.1</cmdline>
  </os>
  <features>
    <acpi/>
  </features>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <interface type='bridge'>
      <source bridge='$br'/>
      <model type='virtio'/>
    </interface>
    <serial type='file'>
      <source path='$H/$br-serial.log'/>
    </serial>
  </devices>
</domain>
XML
    done
    chown -R "$UA" "$H"
    userenv() {
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$H" XDG_CONFIG_HOME="$H/.config" \
            XDG_RUNTIME_DIR="$H/run" XDG_CACHE_HOME="$H/cache" "$@"
    }
    sandbox_start libvirtd unshare -m sh -c 'mount --bind "$0" /run/dbus && exec "$@"' \
        "$SANDBOX_DIR/dbus" setpriv --reuid="$UA" --regid="$UA" --init-groups -- \
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$H" XDG_CONFIG_HOME="$H/.config" \
        XDG_RUNTIME_DIR="$H/run" XDG_CACHE_HOME="$H/cache" libvirtd --timeout=600
    lvsh() { userenv setpriv --reuid="$UA" --regid="$UA" --init-groups -- virsh -c qemu:///session "$@"; }
    if sandbox_wait_for 20 test -S "$H/run/libvirt/libvirt-sock"; then
        lvsh define "$H/br0.xml" >/dev/null && lvsh define "$H/br1.xml" >/dev/null
        OUT=$(lvsh start bh-br0 2>&1)
        if [ $? -eq 0 ] && sandbox_wait_grep 110 'GUEST-PING-(OK|FAIL)' "$H/br0-serial.log" &&
           grep -q GUEST-PING-OK "$H/br0-serial.log"; then
            sandbox_ok "stock libvirt 9.0 session with bridge_helper=libvirt-bridge-helper: GUEST-PING-OK"
        else
            sandbox_fail "stock libvirt session start through libvirt-bridge-helper"
            printf '#   %s\n' "$OUT"
            tail -n 3 "$H/br0-serial.log" 2>/dev/null | sed 's/^/#   /'
        fi
        lvsh destroy bh-br0 >/dev/null 2>&1
        OUT=$(lvsh start bh-br1 2>&1)
        if [ $? -ne 0 ] && printf '%s\n' "$OUT" |
           tr -d "\n" | grep -q "libvirt-bridge-helper: .*not authorized to create a port on bridge 'br1'"; then
            sandbox_ok "stock libvirt shows our refusal for br1 in virsh's error"
        else
            sandbox_fail "stock libvirt start on br1 was not refused with our line"
            printf '#   %s\n' "$OUT"
        fi
        lvsh destroy bh-br1 >/dev/null 2>&1
        # Under CPU load libvirt may give up on the helper (socket closed)
        # before its event loop has read the helper's stderr; the helper
        # waits for the pipe to drain and lingers 0.1 s, so every refusal
        # keeps its line.
        nload=$(( $(nproc) * 2 ))
        for i in $(seq "$nload"); do
            sandbox_start "load$i" sh -c 'while :; do :; done'
        done
        lost=0
        for i in $(seq 30); do
            OUT=$(lvsh start bh-br1 2>&1)
            if ! printf '%s\n' "$OUT" | tr -d "\n" |
               grep -q "libvirt-bridge-helper: .*not authorized to create a port on bridge 'br1'"; then
                lost=$((lost + 1))
                printf '#   start %d: %s\n' "$i" "$(printf '%s' "$OUT" | tr '\n' ' ')"
            fi
        done
        for i in $(seq "$nload"); do
            sandbox_stop "load$i"
        done
        check "30 refused starts under CPU load ($nload busy loops) all carry the helper's line ($lost lost)" \
            [ "$lost" -eq 0 ]
        sleep 0.5
        sandbox_check "no taps left after stock libvirt" no_new_taps
    else
        sandbox_fail "stock libvirtd did not start"
    fi
    sandbox_stop libvirtd
    # libvirtd started virtlogd for the guest's log; it is ours to stop
    vlpid=$(cat "$H/run/libvirt/virtlogd.pid" 2>/dev/null)
    [ -n "$vlpid" ] && kill "$vlpid" 2>/dev/null
    sandbox_wait_for 5 sh -c "! kill -0 ${vlpid:-0} 2>/dev/null"
else
    echo "# skipped stock libvirt: libvirtd, /usr/bin/virsh or the guest image is missing"
fi

# ---------------------------------------------------------------- ACL import
# ACL: everyone br0; group GA also br1 (0640 file); group GB denied br0.
acl=$SANDBOX_DIR/acl
# in_acl_ns CMD...: CMD in the test namespace, with /etc/qemu from the ACL
# below overlaid on a private view of /etc (the host's is untouched)
in_acl_ns() {
    ip netns exec "$NS" unshare -m sh -c '
        mount -t overlay overlay -o "lowerdir=/etc,upperdir=$0/upper,workdir=$0/work" /etc &&
        exec "$@"' "$acl" "$@"
}
if [ -x "$STOCK_HELPER" ]; then
    mkdir -p "$acl/upper/qemu" "$acl/work"
    printf 'allow br0\ninclude /etc/qemu/ga.conf\ninclude /etc/qemu/gb.conf\n' > "$acl/upper/qemu/bridge.conf"
    printf 'allow br1\n' > "$acl/upper/qemu/ga.conf"
    printf 'deny br0\n' > "$acl/upper/qemu/gb.conf"
    chmod 0644 "$acl/upper/qemu/bridge.conf"
    chgrp "$GA" "$acl/upper/qemu/ga.conf"
    chgrp "$GB" "$acl/upper/qemu/gb.conf"
    chmod 0640 "$acl/upper/qemu/ga.conf" "$acl/upper/qemu/gb.conf"
    install -m 4755 "$STOCK_HELPER" "$SANDBOX_DIR/qemu-bridge-helper"

    if in_acl_ns "$IMPORT_ACL" > "$SANDBOX_DIR/acl.rules" 2> "$SANDBOX_DIR/acl.err"; then
        sandbox_ok "libvirt-networkd-import-acl translated the ACL"
    else
        sandbox_fail "libvirt-networkd-import-acl failed: $(cat "$SANDBOX_DIR/acl.err")"
    fi
    # Confine the generated rules to this test's users (other tests may run
    # their own polkitd at the same time, reading the same rules dir).
    sed -i "s/^polkit.addRule(function(action, subject) {\$/&\n    if ([\"$UA\", \"$UB\", \"$UC\"].indexOf(subject.user) < 0) return polkit.Result.NOT_HANDLED;/" \
        "$SANDBOX_DIR/acl.rules"
    sandbox_polkit_stop
    sandbox_polkit_start "$ACTIONS" "$SANDBOX_DIR/acl.rules" || { sandbox_fail "polkitd with the generated rules"; exit 1; }

    matrix=
    for user in "$UA" "$UB" "$UC"; do
        for br in br0 br1; do
            # the oracle: Debian's setuid helper reading the same ACL
            in_acl_ns setpriv --reuid="$user" --regid="$user" --init-groups -- \
                "$HARNESS" qemu "$SANDBOX_DIR/qemu-bridge-helper" "$br" > "$SANDBOX_DIR/stock.out" 2>&1
            stock=$?
            as "$user" "$HARNESS" qemu "$HELPER" "$br" > "$SANDBOX_DIR/ours.out" 2>&1
            ours=$?
            # The helper's ACL decision: it says "access denied by acl file"
            # (or cannot read bridge.conf at all) when the ACL refuses; any
            # later failure, e.g. a /dev/net/tun that is not mode 0666 on
            # this host, comes after the ACL allowed the bridge.
            if [ $stock -eq 0 ] || ! grep -qE 'access denied by acl file|failed to parse default acl file' "$SANDBOX_DIR/stock.out"; then
                want=allowed
            else
                want=denied
            fi
            got=$([ $ours -eq 0 ] && echo allowed || echo denied)
            matrix="$matrix ${user#bh$$}:$br:$want"
            if [ "$want" = "$got" ]; then
                sandbox_ok "ACL: $user on $br is $got, as with qemu-bridge-helper"
            else
                sandbox_fail "ACL: $user on $br: qemu-bridge-helper $want, networkd $got"
                sed 's/^/#   stock: /' "$SANDBOX_DIR/stock.out"
                sed 's/^/#   ours:  /' "$SANDBOX_DIR/ours.out"
            fi
        done
    done
    # The oracle's own answers, so an oracle that always says "denied"
    # cannot pass: GA members get br0 and br1, GB members nothing, others br0.
    expected=" a:br0:allowed a:br1:allowed b:br0:denied b:br1:denied c:br0:allowed c:br1:denied"
    if [ "$matrix" = "$expected" ]; then
        sandbox_ok "the setuid helper answered the expected matrix"
    else
        sandbox_fail "the setuid helper answered$matrix"
    fi
    sleep 0.5
    sandbox_check "no taps left after the ACL matrix" no_new_taps
else
    echo "# skipped the ACL oracle: $STOCK_HELPER is missing"
fi

# ---------------------------------------------------------------- no daemon
sandbox_stop networkd1
helper_refused "daemon not running" "libvirt-networkd is not running" "$UA" qemu br0
# no bus at all: the helper says so before asking anything
BUS_ADDR=$ADDR
ADDR=unix:path=$SANDBOX_DIR/no-such-bus
helper_refused "no system bus" "libvirt-networkd is not running: cannot connect to the system bus" \
    "$UA" qemu br0
ADDR=$BUS_ADDR

echo "# $SANDBOX_CHECKS checks, $SANDBOX_FAILURES failed"
[ $SANDBOX_FAILURES -eq 0 ]
