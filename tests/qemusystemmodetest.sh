#!/bin/bash
# qemusystemmodetest.sh: a qemu:///system QEMU runs as qemu.conf's user,
# without privileges, and is lent only the files it needs (SECURITY.md,
# "System mode").  As root, in the sandbox's private mount namespace (its
# private /etc, plus a /var overlay and a /run tmpfs: the users,
# qemu.conf, status files and logs are private; the host's are never
# touched) and a private network namespace
# from scripts/lib/guestenv.sh (br0 198.18.0.1/24, private bus, polkitd,
# libvirt-networkd).  Debian's defaults, libvirt-qemu and kvm, are created
# in the private /etc, libvirt-qemu with the polkit group as a
# supplementary group (the non-setuid bridge helper asks networkd as it).
#   networkd    QEMU's /proc status: uid/gid libvirt-qemu/kvm, its
#               supplementary groups, CapEff/CapPrm/CapBnd/CapAmb 0,
#               NoNewPrivs 1, Seccomp 2; the guest boots and pings;
#               through QMP (a python client on the monitor socket)
#               blockdev-add of a root-only 0600 file fails and of a
#               0644 file works; the kernel, initrd, a 0600 disk and the
#               serial file belong to libvirt-qemu while it runs (the
#               owner remembered in trusted.libvirt.security.dac), and go
#               back to their owners (4242:4343, root) at destroy
#   lvhelper    the same privileges for a domain using the non-setuid
#               tools/libvirt-bridge-helper (-sandbox without spawn=deny);
#               it pings, QMP cannot read the root-only file either; both
#               domains share the kernel: the first destroy
#               keeps it lent, the second gives it back (reference count)
#   setuid      a setuid copy of Debian's qemu-bridge-helper: QEMU keeps
#               the bounding set, no no_new_privs, no seccomp, still as
#               libvirt-qemu, and the domain log names the helper and why
#   errors      a user that does not exist: the start fails naming it,
#               nothing lent; dynamic_ownership = 0: the 0600 disk stays
#               root's and QEMU cannot open it
# Root only (77 otherwise).
#
#   qemusystemmodetest.sh VIRSH
set -u

VIRSH_BUILT=${1:-}
top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${abs_top_builddir:-$top_srcdir/build}
. "$top_srcdir/scripts/lib/sandbox.sh"
. "$top_srcdir/scripts/lib/guestenv.sh"

SETUID_HELPER=/usr/lib/qemu/qemu-bridge-helper

sandbox_require_root
sandbox_require_cmd qemu-system-x86_64 ip dbus-daemon unshare useradd python3 \
    "$SANDBOX_POLKITD"
[ -x "$VIRSH_BUILT" ] || VIRSH_BUILT=$top_builddir/tools/virsh
for f in src/network/libvirt-networkd tools/virsh; do
    [ -x "$top_builddir/$f" ] || { echo "SKIP: $f is not built"; exit 77; }
done

sandbox_enter "$@"
imagedir=${GUEST_IMAGE_DIR:-$top_builddir/guest-image}
"$top_srcdir/scripts/make-guest-image" "$imagedir" >/dev/null ||
    { echo "FAIL: cannot build the guest image"; exit 1; }

# Private /var (status files, logs) and /run before the sandbox's own
# mounts (its private /etc copy and /run/netns) go on top.
overlay=/tmp/lvnd-systemmode-$$
mkdir -p "$overlay/var-upper" "$overlay/var-work"
mount -t overlay overlay \
    -o "lowerdir=/var,upperdir=$overlay/var-upper,workdir=$overlay/var-work" /var ||
    { echo "FAIL: overlay on /var"; exit 1; }
mount -t tmpfs -o mode=0755 lvnd-systemmode /run || { echo "FAIL: tmpfs on /run"; exit 1; }

note() { echo "# $*"; }

sandbox_init || exit 1
teardown() {
    local rc=$? d
    trap - EXIT
    for d in $(virsh list --name 2>/dev/null); do
        virsh destroy "$d" >/dev/null 2>&1
    done
    sandbox_cleanup
    umount /var 2>/dev/null
    rm -rf "$overlay"
    exit $rc
}
trap teardown EXIT

mkdir -p /etc/libvirt /etc/qemu

# retry CMD...: the shadow tools refuse while a lock file is held; try
# for 10 s
retry() {
    for _ in $(seq 20); do
        "$@" 2>/dev/null && return 0
        sleep 0.5
    done
    "$@"
}
GROUP=sm$$vm
QUSER=libvirt-qemu
QGROUP=kvm
getent group "$QGROUP" >/dev/null || retry groupadd --system "$QGROUP" || exit 1
getent passwd "$QUSER" >/dev/null && retry userdel "$QUSER"
retry groupadd --system "$GROUP" || exit 1
retry useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    --gid "$QGROUP" --groups "$GROUP" "$QUSER" || { echo "FAIL: useradd"; exit 1; }
QUID=$(id -u "$QUSER")
QGID=$(getent group "$QGROUP" | cut -d: -f3)
GGID=$(getent group "$GROUP" | cut -d: -f3)

guestenv_init "$top_srcdir" "$top_builddir" "$imagedir" || { echo "FAIL: setup"; exit 1; }
guestenv_world_start "$GROUP" || { echo "FAIL: sandbox world"; exit 1; }
NS=$GUESTENV_NS
mkdir -p "$SANDBOX_DIR/home/root"
chmod 0755 "$SANDBOX_DIR/home/root"

# The guest's files, each with its own owner to be given back.
img=$SANDBOX_DIR/image
chown 4242:4343 "$img/vmlinuz" && chmod 0600 "$img/vmlinuz"
chmod 0600 "$img/initrd.img"
disk=$SANDBOX_DIR/disk.raw
truncate -s 1M "$disk" && chown 4242:4343 "$disk" && chmod 0600 "$disk"
secret=$SANDBOX_DIR/root-only
echo secret >"$secret" && chmod 0600 "$secret"
public=$SANDBOX_DIR/public
echo public >"$public" && chmod 0644 "$public"

virsh() {
    ip netns exec "$NS" env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" \
        "$VIRSH_BUILT" -c qemu:///system "$@"
}

# domain NAME MAC ADDR BACKEND [DISK]: a system-mode test guest pinging br0
domain() {
    GUESTENV_OWNER=root guestenv_domain_xml "$1" "$2" "$3" 198.18.0.1 br0 "$4" 120 |
        if [ -n "${5:-}" ]; then
            sed "s|  <devices>|  <devices>\n    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='$5'/><target dev='vda' bus='virtio'/></disk>|"
        else
            cat
        fi >"$SANDBOX_DIR/$1.xml"
    virsh define "$SANDBOX_DIR/$1.xml" >/dev/null
}

statusfile() { echo "/run/libvirt/qemu/$1.xml"; }
qemu_pid() { sed -n "s/^<domstatus .* pid='\([0-9]*\)'.*/\1/p" "$(statusfile "$1")" 2>/dev/null; }
field() { awk -v k="$2:" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' "/proc/$1/status"; }
owner() { stat -c %u:%g "$1"; }
# xattr FILE NAME: print the value of attribute NAME of FILE (fails if none)
xattr() { python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], sys.argv[2]).decode())' "$1" "$2" 2>/dev/null; }
# no_record FILE: FILE has no trusted.libvirt.* attribute
no_record() {
    python3 -c 'import os, sys; sys.exit(any(a.startswith("trusted.libvirt.") for a in os.listxattr(sys.argv[1])))' "$1"
}
# sorted WORDS: the words, sorted numerically, on one line
sorted() { printf '%s\n' $1 | sort -n | xargs; }
serial() { echo "$SANDBOX_DIR/home/root/$1.serial"; }
ping_ok() { sandbox_wait_grep 120 '^GUEST-PING-OK' "$(serial "$1")"; }
show_log() { tail -n 8 "/var/log/libvirt/qemu/$1.log" 2>/dev/null | sed 's/^/#   /'; }

# start LABEL NAME: virsh start NAME, checked; sets pid to its QEMU's
start() {
    local out
    out=$(virsh start "$2" 2>&1)
    sandbox_check "$1: virsh start ($out)" test $? -eq 0 || show_log "$2"
    pid=$(qemu_pid "$2")
}

# unprivileged NAME PID: the checks every confined QEMU must pass
unprivileged() {
    local name=$1 pid=$2 f
    sandbox_check "$name: QEMU runs as $QUSER ($QUID)" \
        sh -c '[ "$1" = "$2 $2 $2 $2" ]' _ "$(field "$pid" Uid)" "$QUID"
    sandbox_check "$name: ... with group $QGROUP ($QGID)" \
        sh -c '[ "$1" = "$2 $2 $2 $2" ]' _ "$(field "$pid" Gid)" "$QGID"
    sandbox_check "$name: ... and $QUSER's supplementary groups ($QGID $GGID)" \
        test "$(sorted "$(field "$pid" Groups)")" = "$(sorted "$QGID $GGID")"
    for f in CapEff CapPrm CapBnd CapAmb CapInh; do
        sandbox_check "$name: $f is 0" sh -c '[ -n "$1" ] && [ -z "$(echo "$1" | tr -d 0)" ]' _ \
            "$(field "$pid" $f)"
    done
    sandbox_check "$name: NoNewPrivs 1" test "$(field "$pid" NoNewPrivs)" = 1
    sandbox_check "$name: Seccomp 2 (QEMU's -sandbox)" test "$(field "$pid" Seccomp)" = 2
}

# qmp NAME CMD-JSON...: run QMP commands on the domain's monitor (after
# qmp_capabilities), print each answer on a line
qmp() {
    python3 - "/run/libvirt/qemu/$1.monitor" "${@:2}" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(sys.argv[1])
f = s.makefile("rw")
def recv():
    while True:
        msg = json.loads(f.readline())
        if "event" not in msg:
            return msg
recv()  # greeting
for cmd in ['{"execute":"qmp_capabilities"}'] + sys.argv[2:]:
    f.write(cmd + "\n")
    f.flush()
    print(json.dumps(recv()))
EOF
}

# qmp_blockdev LABEL NAME: through the domain's QMP socket, blockdev-add
# of the root-only file must fail and of the 0644 file work
qmp_blockdev() {
    local answers
    answers=$(qmp "$2" \
        "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"file\",\"filename\":\"$secret\",\"node-name\":\"stolen\",\"read-only\":true}}" \
        "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"file\",\"filename\":\"$public\",\"node-name\":\"public\",\"read-only\":true}}" 2>&1)
    sandbox_check "$1: QMP blockdev-add of a root-only 0600 file fails" \
        sh -c 'printf "%s\n" "$1" | sed -n 2p | grep -q "Permission denied"' _ "$answers" ||
        printf '%s\n' "$answers" | sed 's/^/#   /'
    sandbox_check "$1: ... while one of a 0644 file works (the client is sound)" \
        sh -c 'printf "%s\n" "$1" | sed -n 3p | grep -q "\"return\""' _ "$answers"
}

# ------------------------------------------------------------------ networkd
note "networkd domain in qemu:///system"
domain sn1 52:54:00:18:05:01 198.18.0.51/24 networkd "$disk"
start networkd sn1
if [ -n "$pid" ]; then
    unprivileged networkd "$pid"
    sandbox_check "networkd: the disk is lent to $QUSER:$QGROUP" test "$(owner "$disk")" = "$QUID:$QGID"
    sandbox_check "networkd: ... its owner remembered in trusted.libvirt.security.dac" \
        test "$(xattr "$disk" trusted.libvirt.security.dac)" = "+4242:+4343"
    sandbox_check "networkd: the kernel and initrd are lent" \
        sh -c '[ "$(stat -c %u:%g "$1" "$2" | sort -u)" = "$3" ]' _ "$img/vmlinuz" "$img/initrd.img" "$QUID:$QGID"
    sandbox_check "networkd: the serial file is lent" test "$(owner "$(serial sn1)")" = "$QUID:$QGID"
    sandbox_check "networkd: the monitor socket is root's, 0600" \
        test "$(stat -c %U:%a /run/libvirt/qemu/sn1.monitor)" = root:600
    sandbox_check "networkd: QEMU got the QMP socket as an fd" \
        sh -c 'tr "\0" "\n" <"/proc/$1/cmdline" | grep -q "^socket,id=charmonitor,fd=3,"' _ "$pid"
    ping_ok sn1
    sandbox_check "networkd: GUEST-PING-OK" grep -q '^GUEST-PING-OK' "$(serial sn1)" ||
        tail -n 5 "$(serial sn1)" | sed 's/^/#   /'
    qmp_blockdev networkd sn1
else
    sandbox_check "networkd: QEMU is running" false
fi

# ------------------------------------------------------------------ lvhelper
note "bridge-helper domain with the non-setuid libvirt-bridge-helper"
echo "bridge_helper = \"$GUESTENV_BIN/libvirt-bridge-helper\"" >/etc/libvirt/qemu.conf
domain sh1 52:54:00:18:05:02 198.18.0.52/24 bridge-helper
start lvhelper sh1
if [ -n "$pid" ]; then
    unprivileged lvhelper "$pid"
    sandbox_check "lvhelper: -sandbox allows QEMU to spawn the helper" \
        sh -c 'tr "\0" "\n" <"/proc/$1/cmdline" | grep -qx "on,obsolete=deny,elevateprivileges=deny,resourcecontrol=deny"' _ "$pid"
    ping_ok sh1
    sandbox_check "lvhelper: GUEST-PING-OK" grep -q '^GUEST-PING-OK' "$(serial sh1)" ||
        { tail -n 5 "$(serial sh1)" | sed 's/^/#   /'; show_log sh1; }
    qmp_blockdev lvhelper sh1
    sandbox_check "lvhelper: the shared kernel has two lenders" \
        test "$(xattr "$img/vmlinuz" trusted.libvirt.security.ref_dac)" = 2
else
    sandbox_check "lvhelper: QEMU is running" false
fi

sandbox_check "networkd: virsh destroy" virsh destroy sn1
sandbox_check "networkd: destroy gives the disk back to 4242:4343" test "$(owner "$disk")" = 4242:4343
sandbox_check "networkd: ... and forgets the record" no_record "$disk"
sandbox_check "networkd: the serial file goes back to root" test "$(owner "$(serial sn1)")" = 0:0
sandbox_check "networkd: the kernel stays lent while sh1 runs" test "$(owner "$img/vmlinuz")" = "$QUID:$QGID"
sandbox_check "networkd: the monitor socket is gone" test ! -e /run/libvirt/qemu/sn1.monitor
sandbox_check "lvhelper: virsh destroy" virsh destroy sh1
sandbox_check "lvhelper: the last destroy gives the kernel back to 4242:4343" \
    test "$(owner "$img/vmlinuz")" = 4242:4343
sandbox_check "lvhelper: ... and the initrd to root" test "$(owner "$img/initrd.img")" = 0:0
sandbox_check "lvhelper: no record is left on the kernel" no_record "$img/vmlinuz"

# ------------------------------------------------------------------ setuid
note "bridge-helper domain with a setuid copy of Debian's qemu-bridge-helper"
if [ -x "$SETUID_HELPER" ]; then
    install -o root -g root -m 4755 "$SETUID_HELPER" "$SANDBOX_DIR/qemu-bridge-helper"
    echo "allow br0" >/etc/qemu/bridge.conf
    # It opens /dev/net/tun after dropping to QEMU's uid: a 0666 node
    # here when the host's is not (lifecycletest.sh does the same)
    if [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
        mknod -m 0666 "$SANDBOX_DIR/tun" c 10 200 && mount --bind "$SANDBOX_DIR/tun" /dev/net/tun
    fi
    echo "bridge_helper = \"$SANDBOX_DIR/qemu-bridge-helper\"" >/etc/libvirt/qemu.conf
    domain ss1 52:54:00:18:05:03 198.18.0.53/24 bridge-helper
    start setuid ss1
    if [ -n "$pid" ]; then
        sandbox_check "setuid: QEMU still runs as $QUSER" \
            sh -c '[ "$1" = "$2 $2 $2 $2" ]' _ "$(field "$pid" Uid)" "$QUID"
        sandbox_check "setuid: ... keeps the bounding set (ours: $(field $$ CapBnd))" \
            test "$(field "$pid" CapBnd)" = "$(field $$ CapBnd)"
        sandbox_check "setuid: ... has no no_new_privs and no seccomp" \
            sh -c '[ "$1" = 0 ] && [ "$2" = 0 ]' _ "$(field "$pid" NoNewPrivs)" "$(field "$pid" Seccomp)"
        sandbox_check "setuid: ... but no effective or permitted capability" \
            sh -c '[ -z "$(echo "$1$2" | tr -d 0)" ]' _ "$(field "$pid" CapEff)" "$(field "$pid" CapPrm)"
        sandbox_check "setuid: the domain log names the helper and why" \
            grep -qF "because bridge helper '$SANDBOX_DIR/qemu-bridge-helper' is setuid" \
            /var/log/libvirt/qemu/ss1.log
        sandbox_check "setuid: the helper's tap is on br0" \
            sh -c '[ -n "$(ip -n "$1" -o link show master br0)" ]' _ "$NS"
        sandbox_check "setuid: virsh destroy" virsh destroy ss1
    else
        sandbox_check "setuid: QEMU is running" false
    fi
else
    note "SKIP setuid: $SETUID_HELPER is not installed"
fi
rm -f /etc/libvirt/qemu.conf

# ------------------------------------------------------------------ errors
note "errors"
echo 'user = "no-such-qemu-user"' >/etc/libvirt/qemu.conf
out=$(virsh start sn1 2>&1)
sandbox_check "errors: a user that does not exist fails the start, naming it" \
    sh -c '[ "$1" -ne 0 ] && printf "%s\n" "$2" | grep -q "user .no-such-qemu-user. that QEMU should run as does not exist"' \
    _ $? "$out" || echo "#   $out"
sandbox_check "errors: ... nothing was lent, no QEMU, no status" \
    sh -c '[ "$(stat -c %u:%g "$1")" = 4242:4343 ] && [ ! -e "$2" ]' _ "$disk" "$(statusfile sn1)"

echo 'dynamic_ownership = 0' >/etc/libvirt/qemu.conf
out=$(virsh start sn1 2>&1)
sandbox_check "errors: dynamic_ownership = 0: QEMU cannot open the 0600 disk it was not lent" \
    sh -c '[ "$1" -ne 0 ] && printf "%s\n" "$2" | grep -q "Permission denied"' _ $? "$out" ||
    echo "#   $out"
sandbox_check "errors: ... which stays 4242:4343, without a record" \
    sh -c '[ "$(stat -c %u:%g "$1")" = 4242:4343 ]' _ "$disk" && no_record "$disk"
rm -f /etc/libvirt/qemu.conf

sandbox_checks_finish
