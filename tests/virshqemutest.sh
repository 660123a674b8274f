#!/bin/sh
# virsh domxml-to-native, domcapabilities and capabilities, end to end
# through the real virsh binary and the real QEMU (its capabilities are
# probed once into a private cache).  The connection is qemu:///session
# with XDG directories in a temporary folder, so no host file is read or
# written (qemu.conf included).  Skips (77) without qemu-system-x86_64.
#   virshqemutest.sh VIRSH
# ${NETi_FDq} in the checks are the placeholders virsh prints, not shell
# variables.
# shellcheck disable=SC2016
set -u

virsh=$1
top=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
qemu=/usr/bin/qemu-system-x86_64
if [ ! -x "$qemu" ]; then
    echo "SKIP: needs $qemu (qemu-system-x86)"
    exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/virshqemutest-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_CONFIG_HOME/libvirt" "$XDG_RUNTIME_DIR"
# Private copies of a helper: one plain, one setuid (to its owner: any
# setuid bit makes it privileged), whatever the host's copy is.
helper=$tmp/qemu-bridge-helper
suidhelper=$tmp/qemu-bridge-helper-suid
cp /bin/true "$helper" && chmod 0755 "$helper"
cp /bin/true "$suidhelper" && chmod 4755 "$suidhelper"
printf 'bridge_helper = "%s"\n' "$helper" > "$XDG_CONFIG_HOME/libvirt/qemu.conf"

v() { "$virsh" -c qemu:///session "$@"; }

failures=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $1"; }
# has DESC FILE STRING: FILE contains STRING (fixed string)
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else fail "$1: no '$3' in:"; cat "$2"; fi; }
# step DESC OUT ARGS...: virsh ARGS > OUT must succeed
step() {
    desc=$1 out=$2
    shift 2
    if v "$@" > "$out" 2> "$tmp/err"; then ok "$desc"; else fail "$desc"; cat "$tmp/err"; fi
}
hasnt() { if grep -qF -- "$3" "$2"; then fail "$1: unexpected '$3' in:"; cat "$2"; else ok "$1"; fi; }

x=$top/examples/xml

# --- domxml-to-native ------------------------------------------------------
step "domxml-to-native bridge-helper.xml" "$tmp/helper.argv" domxml-to-native qemu-argv "$x/bridge-helper.xml"
has "helper netdev names the qemu.conf helper" "$tmp/helper.argv" \
    "-netdev '{\"type\":\"bridge\",\"br\":\"virbr0\",\"helper\":\"$helper\",\"id\":\"hostnet0\"}'"
has "helper NIC" "$tmp/helper.argv" '"driver":"virtio-net-pci","netdev":"hostnet0","id":"net0","mac":"52:54:00:3a:11:07"'
has "a helper without privileges: -sandbox that lets QEMU spawn it" "$tmp/helper.argv" \
    "-sandbox on,obsolete=deny,elevateprivileges=deny,resourcecontrol=deny -msg"
printf 'bridge_helper = "%s"\n' "$suidhelper" > "$XDG_CONFIG_HOME/libvirt/qemu.conf"
step "domxml-to-native bridge-helper.xml, setuid helper" "$tmp/suidhelper.argv" \
    domxml-to-native qemu-argv "$x/bridge-helper.xml"
hasnt "a setuid helper: no -sandbox (no_new_privs would disarm it)" "$tmp/suidhelper.argv" "-sandbox"
printf 'bridge_helper = "%s"\n' "$helper" > "$XDG_CONFIG_HOME/libvirt/qemu.conf"

step "domxml-to-native bridge-networkd.xml" "$tmp/networkd.argv" domxml-to-native qemu-argv "$x/bridge-networkd.xml"
has "networkd: tap fd and vhost-net placeholders (a virtio NIC)" "$tmp/networkd.argv" \
    '"type":"tap","fd":"${NET0_FD0}","vhost":true,"vhostfd":"${NET0_VHOSTFD0}","id":"hostnet0"'
has "networkd: sandbox with spawn=deny" "$tmp/networkd.argv" "-sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"

step "domxml-to-native multiqueue.xml" "$tmp/mq.argv" domxml-to-native qemu-argv "$x/multiqueue.xml"
has "multiqueue: one fd per queue" "$tmp/mq.argv" '"fds":"${NET0_FD0}:${NET0_FD1}:${NET0_FD2}:${NET0_FD3}"'
has "multiqueue: mq and vectors" "$tmp/mq.argv" '"mq":true,"vectors":10'

# the same through a defined domain
v define "$x/bridge-helper.xml" > /dev/null 2> "$tmp/err" || { fail "define"; cat "$tmp/err"; }
# (the file has no <uuid>: each parse generates one)
nouuid() { sed 's/ -uuid [^ ]* / /' "$1"; }
if v domxml-to-native qemu-argv --domain legacy-helper > "$tmp/helper-dom.argv" 2> "$tmp/err" &&
   [ "$(nouuid "$tmp/helper.argv")" = "$(nouuid "$tmp/helper-dom.argv")" ]; then
    ok "--domain gives the same command line as the file"
else
    fail "--domain differs from the file"
    cat "$tmp/err"
    diff "$tmp/helper.argv" "$tmp/helper-dom.argv"
fi

# errors
if v domxml-to-native xen-xm "$x/bridge-helper.xml" > /dev/null 2> "$tmp/err"; then
    fail "unknown format must fail"
else
    has "unknown format is named" "$tmp/err" "unsupported config type xen-xm"
fi
if v domxml-to-native qemu-argv "$x/bridge-helper.xml" --domain legacy-helper > /dev/null 2> "$tmp/err"; then
    fail "file and --domain together must fail"
else
    ok "file and --domain together fail"
fi
printf 'bridge_helper = "relative/helper"\n' > "$XDG_CONFIG_HOME/libvirt/qemu.conf"
if v domxml-to-native qemu-argv "$x/bridge-helper.xml" > /dev/null 2> "$tmp/err"; then
    fail "a bad qemu.conf must fail"
else
    has "qemu.conf error names file and line" "$tmp/err" "qemu.conf:1: 'bridge_helper' must be an absolute path"
fi

# --- domcapabilities --------------------------------------------------------
printf 'bridge_helper = "%s/no-such-helper"\nvnc_listen = "0.0.0.0"\n' "$tmp" > "$XDG_CONFIG_HOME/libvirt/qemu.conf"
step "domcapabilities" "$tmp/domcaps.xml" domcapabilities
has "domcapabilities: emulator" "$tmp/domcaps.xml" "<path>$qemu</path>"
has "domcapabilities: version" "$tmp/domcaps.xml" "<version>7."
has "domcapabilities: default machine" "$tmp/domcaps.xml" "<machine>pc-i440fx-"
has "domcapabilities: tcg" "$tmp/domcaps.xml" "<accelerator name='tcg' usable='yes'/>"
has "domcapabilities: helper that does not exist is not usable" "$tmp/domcaps.xml" \
    "<backend type='bridge-helper' usable='no' helper='$tmp/no-such-helper' reason='&apos;$tmp/no-such-helper&apos; is not an executable file'/>"
has "domcapabilities: networkd state is reported" "$tmp/domcaps.xml" "<backend type='networkd' usable="
has "ignored qemu.conf settings are warned about" "$tmp/err" "setting 'vnc_listen' is not supported by this driver and is ignored"
v domcapabilities --machine q35 --virttype qemu > "$tmp/domcaps-q35.xml" 2>/dev/null
has "domcapabilities --machine q35 resolves the alias" "$tmp/domcaps-q35.xml" "<machine>pc-q35-"
if v domcapabilities --machine no-such-machine > /dev/null 2> "$tmp/err"; then
    fail "unknown machine must fail"
else
    has "unknown machine is named" "$tmp/err" "machine type 'no-such-machine' is not supported"
fi

# --- capabilities -------------------------------------------------------------
step "capabilities" "$tmp/caps.xml" capabilities
has "capabilities: the emulator" "$tmp/caps.xml" "<emulator>$qemu</emulator>"
has "capabilities: pc alias" "$tmp/caps.xml" ">pc</machine>"

echo "1..$n"
[ "$failures" -eq 0 ]
