#!/bin/sh
# scripts/make-guest-image: a second run is a cache hit; a forced rebuild
# elsewhere gives the same bytes (reproducible); the archive holds what
# /init needs; without the archive or without apt's lists it fails with a
# clear message (or, for missing lists, falls back to a matching cached
# image).  Needs apt-get and the Debian archive (the real download);
# skips (77) on hosts without apt.  "Offline" is simulated with an apt
# configuration whose proxy is a closed local port: no traffic leaves.
set -u

top=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
. "$top/scripts/lib/sandbox.sh"
sandbox_require_cmd apt-get dpkg-deb cpio

mkimage=$top/scripts/make-guest-image
imagedir=${GUEST_IMAGE_DIR:-${abs_top_builddir:-$top/build}/guest-image}
if ! "$mkimage" "$imagedir" >/dev/null; then
    echo "FAIL: cannot build the guest image (see the message above)"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/guestimagetest.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# --- cache
stamp_mtime=$(stat -c %Y.%y "$imagedir/stamp")
sandbox_check "second run is a cache hit" \
    sh -c "'$mkimage' '$imagedir' 2>&1 | grep -q 'up to date'"
sandbox_check "cache hit leaves the stamp alone" \
    [ "$(stat -c %Y.%y "$imagedir/stamp")" = "$stamp_mtime" ]
sandbox_check "last line printed is OUTDIR" \
    [ "$("$mkimage" "$imagedir" 2>/dev/null | tail -n 1)" = "$(cd "$imagedir" && pwd)" ]

# --- reproducible
sandbox_check "forced rebuild elsewhere" sh -c "'$mkimage' --force '$tmp/again' >/dev/null 2>&1"
sandbox_check "initrd.img is byte-identical" cmp -s "$imagedir/initrd.img" "$tmp/again/initrd.img"
sandbox_check "vmlinuz is byte-identical" cmp -s "$imagedir/vmlinuz" "$tmp/again/vmlinuz"
sandbox_check "stamps are identical" cmp -s "$imagedir/stamp" "$tmp/again/stamp"

# --- contents
gzip -dc "$imagedir/initrd.img" >"$tmp/initrd.cpio"
(cd "$tmp" && cpio -t --quiet <initrd.cpio >list 2>/dev/null)
(cd "$tmp" && cpio -tv --quiet <initrd.cpio >listv 2>/dev/null)
for f in init bin/busybox dev/console lib/modules/order lib/modules/virtio_net.ko \
         lib/modules/virtio_pci.ko lib/modules/net_failover.ko; do
    sandbox_check "archive has $f" grep -qx "$f" "$tmp/list"
done
sandbox_check "dev/console is a character device" grep -q '^crw------- .* dev/console$' "$tmp/listv"
sandbox_check "every entry is owned by root" \
    sh -c "awk '{ if (\$3 != \"root\" || \$4 != \"root\") bad = 1 } END { exit bad }' '$tmp/listv'"
sandbox_check "modules are stored uncompressed" \
    sh -c "! grep -E '\\.ko\\.(xz|zst|gz)$' '$tmp/list'"
sandbox_check "the kernel is a bzImage" \
    sh -c "[ \"\$(dd if='$imagedir/vmlinuz' bs=1 skip=514 count=4 2>/dev/null)\" = HdrS ]"

# --- failures
cat >"$tmp/offline.conf" <<'EOF'
Acquire::http::Proxy "http://127.0.0.1:9";
Acquire::https::Proxy "http://127.0.0.1:9";
Acquire::Retries "0";
EOF
APT_CONFIG=$tmp/offline.conf "$mkimage" "$tmp/offline" >"$tmp/offline.out" 2>&1
rc=$?
sandbox_check "no archive: fails" [ $rc -ne 0 ]
sandbox_check "no archive: says why" grep -q 'cannot download .*no network access' "$tmp/offline.out"
sandbox_check "no archive: no image left behind" [ ! -e "$tmp/offline/stamp" ]

mkdir -p "$tmp/nolists/partial"
cat "$tmp/offline.conf" - >"$tmp/nolists.conf" <<EOF
Dir::State::Lists "$tmp/nolists";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
APT_CONFIG=$tmp/nolists.conf "$mkimage" "$tmp/nolists-out" >"$tmp/nolists.out" 2>&1
rc=$?
sandbox_check "no lists: fails" [ $rc -ne 0 ]
sandbox_check "no lists: says to run apt-get update" grep -q "run 'apt-get update'" "$tmp/nolists.out"
sandbox_check "no lists: a cached image of this script is used" \
    sh -c "APT_CONFIG='$tmp/nolists.conf' '$mkimage' '$imagedir' 2>&1 | grep -q 'using the cached image'"

sandbox_checks_finish
