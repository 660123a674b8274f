#!/bin/bash
# qemuapparmortest.sh: the QEMU driver confines system-mode guests with
# their own AppArmor profile (issue 6, part 3), as root:
#   * security_driver = "apparmor": virsh start runs virt-aa-helper before
#     QEMU exists; libvirt-UUID and libvirt-UUID.files are there while the
#     guest runs (its kernel and initrd, no bridge-helper transition, the
#     note in the domain log that this kernel cannot enforce), and gone
#     after virsh destroy;
#   * the rules name the domain's runtime files exactly (its monitor
#     socket, which exists while it runs, and its log), no glob;
#   * a domain whose XML names a host file (/etc/shadow as a disk) or a
#     control node as a block disk (/dev/loop-control) does not start: the
#     error names the path, and no QEMU, status file or profile is left;
#   * security_require_confined = 1 on a kernel without AppArmor refuses
#     to start, leaving nothing;
#   * security_driver = "none": no profile at all;
#   * the system-mode QEMU holds no capability (it runs as libvirt-qemu,
#     created in the private /etc; tests/qemusystemmodetest.sh has the
#     rest of the system-mode identity).
# Everything runs in a private mount namespace: /etc and /var are overlays
# and /run a tmpfs, so the host's /etc/apparmor.d, /etc/libvirt, /run and
# /var are never touched.
#
#   qemuapparmortest.sh VIRSH
set -u

VIRSH_BUILT=$1
top=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${abs_top_builddir:-$top/build}
. "$top/scripts/lib/sandbox.sh"

sandbox_require_root
sandbox_require_cmd unshare qemu-system-x86_64

if [ -z "${QEMUAPPARMORTEST_INNER:-}" ]; then
    work=$(mktemp -d /tmp/qemuapparmortest.XXXXXX)
    chmod 0755 "$work"
    trap 'rm -rf "$work"' EXIT
    imagedir=$builddir/guest-image
    "$top/scripts/make-guest-image" "$imagedir" >/dev/null || { echo "FAIL: guest image"; exit 1; }
    cp "$imagedir/vmlinuz" "$imagedir/initrd.img" "$work/"
    QEMUAPPARMORTEST_INNER=$work unshare -m --propagation private "$0" "$@"
    exit $?
fi

work=$QEMUAPPARMORTEST_INNER

for d in etc var; do
    mkdir -p "$work/$d-upper" "$work/$d-work"
    mount -t overlay overlay -o "lowerdir=/$d,upperdir=$work/$d-upper,workdir=$work/$d-work" "/$d" ||
        { echo "FAIL: overlay on /$d"; exit 1; }
done
mount -t tmpfs -o mode=0755 lvnd-apparmortest /run || { echo "FAIL: tmpfs on /run"; exit 1; }
# qemu.conf's default user and group, in the private /etc only
getent group kvm >/dev/null || groupadd --system kvm || exit 1
getent passwd libvirt-qemu >/dev/null ||
    useradd --system --no-create-home --gid kvm libvirt-qemu || exit 1

profiles=/etc/apparmor.d/libvirt
mkdir -p "$profiles" /etc/apparmor.d/abstractions /etc/libvirt
cp "$top/examples/apparmor/TEMPLATE.qemu" "$profiles/"
cp "$top/examples/apparmor/libvirt-qemu" /etc/apparmor.d/abstractions/
virsh() { "$VIRSH_BUILT" -c qemu:///system "$@"; }

domain() { # domain NAME UUID [DISK]
    cat <<EOF
<domain type='qemu'>
  <name>$1</name>
  <uuid>$2</uuid>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$work/vmlinuz</kernel>
    <initrd>$work/initrd.img</initrd>
    <cmdline>console=ttyS0</cmdline>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
EOF
    [ -n "${3:-}" ] && printf "    <disk type='file' device='disk'>\n      <source file='%s'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>\n" "$3"
    cat <<EOF
    <serial type='file'>
      <source path='$work/$1.serial'/>
    </serial>
  </devices>
</domain>
EOF
}
nothing_left() { # nothing_left UUID NAME: no profile, no status, no QEMU
    [ ! -e "$profiles/libvirt-$1" ] && [ ! -e "$profiles/libvirt-$1.files" ] &&
        [ -z "$(ls /run/libvirt/qemu/"$2".* 2>/dev/null)" ] &&
        [ -z "$(our_qemu "$2")" ]
}

# our_qemu NAME: prints the pid of domain NAME's QEMU in this sandbox
# (the same mount namespace: another run of this test on the machine has
# its own), or nothing
our_qemu() {
    local pid ns
    ns=$(readlink /proc/self/ns/mnt)
    for pid in $(pgrep -f "guest=$1,"); do
        if [ "$(readlink "/proc/$pid/ns/mnt" 2>/dev/null)" = "$ns" ]; then
            echo "$pid"
            return
        fi
    done
}

U1=c7a5fdbd-edaf-9455-926a-d65c16db6001
U2=c7a5fdbd-edaf-9455-926a-d65c16db6002
U3=c7a5fdbd-edaf-9455-926a-d65c16db6003
domain aa-guest $U1 > "$work/aa-guest.xml"
domain aa-hostile $U2 /etc/shadow > "$work/aa-hostile.xml"
domain aa-control $U3 /dev/loop-control |
    sed "s:<disk type='file':<disk type='block':; s:<source file=:<source dev=:" > "$work/aa-control.xml"

# ---- security_driver = "apparmor"
echo 'security_driver = "apparmor"' > /etc/libvirt/qemu.conf
sandbox_check "define a system-mode guest" virsh define "$work/aa-guest.xml"
out=$(virsh start --paused aa-guest 2>&1)
sandbox_check "start --paused with security_driver=apparmor ($out)" test $? -eq 0
sandbox_check "the profile exists while the guest runs" test -f "$profiles/libvirt-$U1"
# A system-mode QEMU runs with no capability at all
qpid=$(our_qemu aa-guest)
caps_zero() {
    [ -n "$1" ] && [ -r "/proc/$1/status" ] &&
        [ "$(grep -cE '^Cap(Prm|Eff|Bnd|Amb):[[:space:]]+0+$' "/proc/$1/status")" -eq 4 ]
}
sandbox_check "system-mode QEMU (pid ${qpid:-?}) holds no capability (permitted, effective, bounding, ambient)" caps_zero "$qpid"
sandbox_check "... and names the domain's profile and rules" \
    grep -q "profile libvirt-$U1 .*{" "$profiles/libvirt-$U1"
sandbox_check "the rules grant its kernel" grep -q "\"$work/vmlinuz\" r," "$profiles/libvirt-$U1.files"
sandbox_check "the rules name the monitor socket exactly" \
    grep -qxF '  "/run/libvirt/qemu/aa-guest.monitor" rw,' "$profiles/libvirt-$U1.files"
sandbox_check "... which is the socket the driver uses" test -S /run/libvirt/qemu/aa-guest.monitor
sandbox_check "the rules name the log exactly" \
    grep -qxF '  "/var/log/libvirt/qemu/aa-guest.log" w,' "$profiles/libvirt-$U1.files"
sandbox_check "no file rule has a glob (domain aa-guest must not reach aa-guest.b's files)" \
    sh -c "! grep -q '^ *\"[^\"]*[*?[{]' '$profiles/libvirt-$U1.files'"
sandbox_check "the rules have no bridge-helper transition" sh -c "! grep -q 'Cx ->' '$profiles/libvirt-$U1.files'"
sandbox_check "the domain log says this kernel cannot enforce" \
    grep -q "AppArmor is not enabled in this kernel" /var/log/libvirt/qemu/aa-guest.log
if command -v apparmor_parser >/dev/null; then
    sandbox_check "the generated profile compiles" \
        apparmor_parser -QK -I /etc/apparmor.d "$profiles/libvirt-$U1"
fi
sandbox_check "destroy" virsh destroy aa-guest
sandbox_check "destroy removed the profile and everything else" nothing_left $U1 aa-guest

# ---- hostile paths: refused before QEMU exists
refused_start() { # refused_start NAME UUID WHAT ERROR
    local out rc
    sandbox_check "define a guest with $3" virsh define "$work/$1.xml"
    out=$(virsh start "$1" 2>&1)
    rc=$?
    sandbox_check "it does not start" test $rc -ne 0
    sandbox_check "the error names the path ($out)" sh -c "printf '%s' \"\$1\" | grep -qF \"\$2\"" _ "$out" "$4"
    sandbox_check "nothing is left after the refused start" nothing_left "$2" "$1"
}
refused_start aa-hostile $U2 "/etc/shadow as its disk" \
    "path '/etc/shadow' is in a host system directory"
refused_start aa-control $U3 "/dev/loop-control as a block disk" \
    "path '/dev/loop-control' is not a block device node"

# ---- security_require_confined on a kernel without AppArmor
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ]; then
    printf 'security_driver = "apparmor"\nsecurity_require_confined = 1\n' > /etc/libvirt/qemu.conf
    out=$(virsh start aa-guest 2>&1)
    sandbox_check "require_confined without kernel AppArmor refuses ($out)" sh -c "[ $? -ne 0 ] && printf '%s' \"\$1\" | grep -q 'security_require_confined'" _ "$out"
    sandbox_check "... leaving nothing" nothing_left $U1 aa-guest
fi

# ---- security_driver = "none"
echo 'security_driver = "none"' > /etc/libvirt/qemu.conf
sandbox_check "start with security_driver=none" virsh start --paused aa-guest
sandbox_check "no profile is written" test ! -e "$profiles/libvirt-$U1"
virsh destroy aa-guest >/dev/null
virsh undefine aa-guest >/dev/null
virsh undefine aa-hostile >/dev/null
virsh undefine aa-control >/dev/null

echo "# $SANDBOX_CHECKS checks, $SANDBOX_FAILURES failed"
[ $SANDBOX_FAILURES -eq 0 ]
