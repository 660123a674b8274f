#!/bin/sh
# virt-aa-helper end to end: -c / -r / -R against a temporary profiles
# directory create, replace and remove exactly the two files of a domain,
# and every generated profile (and every example profile) compiles with
# apparmor_parser -QK; refused domains (the golden bad-* files and disks
# that resolve to refused places on this host) write nothing.  No kernel
# AppArmor support is needed.
#
# usage: virtaahelper-files.sh VIRT_AA_HELPER
set -eu

helper=$1
src=${abs_top_srcdir:?}
data=$src/tests/virtaahelperdata

if ! command -v apparmor_parser >/dev/null 2>&1; then
    echo "SKIP: apparmor_parser not installed (Debian package apparmor)"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/apparmor.d/libvirt" "$tmp/apparmor.d/abstractions"
cp "$src/examples/apparmor/libvirt-qemu" "$tmp/apparmor.d/abstractions/libvirt-qemu"
cp "$src/examples/apparmor/TEMPLATE.qemu" "$tmp/apparmor.d/libvirt/TEMPLATE.qemu"
dir=$tmp/apparmor.d/libvirt
printf 'bridge_helper = "/usr/lib/qemu/qemu-bridge-helper"\n' > "$tmp/qemu.conf"

fail=0
check() { # message, command...
    msg=$1; shift
    if "$@"; then echo "ok   $msg"; else echo "FAIL $msg"; fail=1; fi
}
compile() {
    apparmor_parser -QK -I "$tmp/apparmor.d" -I /etc/apparmor.d "$1" \
        >"$tmp/parser.out" 2>&1 || { cat "$tmp/parser.out"; return 1; }
}
aa() {
    "$helper" --dir "$dir" --qemu-conf "$tmp/qemu.conf" --no-load "$@"
}

# Every example profile compiles.
for p in usr.sbin.libvirt-networkd usr.lib.libvirt.virt-aa-helper; do
    check "example $p compiles" compile "$src/examples/apparmor/$p"
done

# A block disk must be an existing block device.  The golden files name
# one of virtaahelpertest's fake host; here it becomes a real one when the
# host has one that fits.
blk=
for b in /dev/loop0 /dev/vda /dev/sda /dev/nvme0n1 /dev/xvda; do
    if [ -b "$b" ]; then blk=$b; break; fi
done

# Every accepted golden domain: create, compile, replace, remove.
n=0
for xml in "$data"/*.xml; do
    name=$(basename "$xml" .xml)
    case $name in bad-*|bridge-helper-own) continue ;; esac
    if grep -q "<disk type='block'" "$xml"; then
        if [ -z "$blk" ]; then
            echo "note $name: no block device on this host; its block disk is covered by virtaahelpertest"
            continue
        fi
        sed "s:<source dev='[^']*':<source dev='$blk':" "$xml" > "$tmp/$name.xml"
        xml=$tmp/$name.xml
    fi
    uuid=$(sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p' "$xml")
    prof=$dir/libvirt-$uuid

    check "$name: -c creates the profile" aa -c -u "$uuid" < "$xml"
    check "$name: profile compiles" compile "$prof"
    # the written rules carry the helper transition exactly when a NIC asks
    # for the helper, so the compile above covers the child profile too
    if grep -q "type='bridge-helper'" "$xml"; then
        check "$name: rules have the helper transition" grep -q 'Cx -> qemu_bridge_helper' "$prof.files"
    else
        check "$name: rules have no helper transition" sh -c "! grep -q 'Cx ->' '$prof.files'"
    fi
    # exact names only: domain "a" must not reach the files of "a.b"
    check "$name: file rules have no glob" sh -c "! grep -q '^ *\"[^\"]*[*?[{]' '$prof.files'"
    dname=$(sed -n 's:.*<name>\(.*\)</name>.*:\1:p' "$xml")
    if printf '%s' "$dname" | LC_ALL=C grep -qxE '[A-Za-z0-9][A-Za-z0-9._+-]{0,63}'; then
        check "$name: rules name the monitor socket exactly" \
            grep -qxF "  \"/run/libvirt/qemu/$dname.monitor\" rw," "$prof.files"
    else
        # any other name reaches the rules only as its file stem
        # (virDomainNameFileStem), and its text only as a comment
        check "$name: rules name the monitor socket by the name's stem" \
            grep -qxE '  "/run/libvirt/qemu/_[A-Za-z0-9._+-]{0,20}-[0-9a-f]{16}\.monitor" rw,' "$prof.files"
        # and changes nothing else: the same domain named "plain" has
        # the same rules, the stem aside
        sed "s:<name>.*</name>:<name>plain</name>:" "$xml" > "$tmp/plain.xml"
        aa -p -u "$uuid" < "$tmp/plain.xml" | sed '1,/^# --- .*\.files ---$/d' |
            grep -v '^ *#' > "$tmp/plain.rules"
        grep -v '^ *#' "$prof.files" |
            sed 's:/_[A-Za-z0-9._+-]*-[0-9a-f]\{16\}\([.-]\):/plain\1:g' > "$tmp/stem.rules"
        check "$name: the name changes no rule but the stem" grep -qF '/plain.monitor' "$tmp/plain.rules"
        check "$name: ... and the rest is the same" cmp -s "$tmp/plain.rules" "$tmp/stem.rules"
    fi
    if [ -n "$blk" ] && grep -q "<disk type='block'" "$xml"; then
        check "$name: rules grant the real block device $blk" grep -q "\"$blk\" rwk," "$prof.files"
    fi
    check "$name: exactly two files" test "$(ls "$dir" | grep -c "^libvirt-$uuid")" -eq 2
    check "$name: -c again refuses" sh -c "! aa_out=\$('$helper' --dir '$dir' --qemu-conf '$tmp/qemu.conf' --no-load -c -u '$uuid' < '$xml' 2>&1)"
    before=$(cat "$prof.files")
    # replace with a second disk: the rules file changes, the profile is still valid
    sed "s:</devices>:<disk type='file' device='disk'><source file='/srv/extra-$n.img'/><target dev='vdz' bus='virtio'/></disk></devices>:" \
        "$xml" > "$tmp/replaced.xml"
    check "$name: -r replaces" aa -r -u "$uuid" < "$tmp/replaced.xml"
    check "$name: replaced rules differ" test "$before" != "$(cat "$prof.files")"
    check "$name: replaced rules name the new disk" grep -q "/srv/extra-$n.img" "$prof.files"
    check "$name: replaced profile compiles" compile "$prof"
    check "$name: -R removes" aa -R -u "$uuid"
    check "$name: nothing left" test -z "$(ls "$dir" | grep "^libvirt-$uuid" || true)"
    n=$((n + 1))
done


# Refused domains write nothing.  A bad-* file naming /srv/vm/ is refused
# for what the unit test's fake host has there (a regular file where a
# socket must be); the real file system has its own case below.
for xml in "$data"/bad-*.xml; do
    name=$(basename "$xml" .xml)
    if grep -q "/srv/vm/" "$xml"; then
        continue
    fi
    uuid=$(sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p' "$xml")
    check "$name: refused" sh -c "! '$helper' --dir '$dir' --qemu-conf '$tmp/qemu.conf' --no-load -c -u '$uuid' < '$xml' 2>/dev/null"
    check "$name: no files written" test -z "$(ls "$dir" | grep "^libvirt-$uuid" || true)"
done

# What resolves to a refused place, on the real file system, writes nothing.
mkdir "$tmp/srv"
ln -s /usr/local/libexec/x "$tmp/srv/escape.img"
ln -s /var/spool/cron/crontabs/root "$tmp/srv/cron.img"
mkfifo "$tmp/srv/fifo"
for disk in escape.img cron.img fifo; do
    sed "s:/var/lib/libvirt/images/guest.qcow2:$tmp/srv/$disk:" "$data/no-nic.xml" > "$tmp/hostile.xml"
    check "disk $disk refused" sh -c "! '$helper' --dir '$dir' --qemu-conf '$tmp/qemu.conf' --no-load -c -u c7a5fdbd-edaf-9455-926a-d65c16db000c < '$tmp/hostile.xml' 2>'$tmp/err'"
    check "disk $disk: the error names it" grep -q "$tmp/srv/$disk" "$tmp/err"
    check "disk $disk: no files written" test -z "$(ls "$dir" | grep "^libvirt-c7a5fdbd-edaf-9455-926a-d65c16db000c" || true)"
done

# A display socket path naming a regular file writes nothing either.
: > "$tmp/srv/notasocket"
sed "s:</devices>:<graphics type='vnc'><listen type='socket' socket='$tmp/srv/notasocket'/></graphics></devices>:" \
    "$data/no-nic.xml" > "$tmp/hostile.xml"
check "display socket on a regular file refused" sh -c "! '$helper' --dir '$dir' --qemu-conf '$tmp/qemu.conf' --no-load -c -u c7a5fdbd-edaf-9455-926a-d65c16db000c < '$tmp/hostile.xml' 2>'$tmp/err'"
check "display socket: the error says why" grep -q "not a socket" "$tmp/err"

# -u must match the XML's uuid; -r of a missing profile fails.
check "uuid mismatch refused" sh -c "! '$helper' --dir '$dir' --no-load -c -u 00000000-0000-0000-0000-000000000001 < '$data/no-nic.xml' 2>/dev/null"
check "replace of missing profile refused" sh -c "! '$helper' --dir '$dir' --no-load -r -u c7a5fdbd-edaf-9455-926a-d65c16db000c < '$data/no-nic.xml' 2>/dev/null"
check "only the template is left" test "$(ls "$dir")" = "TEMPLATE.qemu"

echo "$n domains created, compiled, replaced and removed"
exit $fail
