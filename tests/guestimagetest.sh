#!/bin/sh
# scripts/make-guest-image: a second run is a cache hit; a forced rebuild
# elsewhere gives the same bytes (reproducible); the archive holds what
# /init needs; without the archive or without apt's lists it fails with a
# clear message (or, for missing lists, falls back to a matching cached
# image).  Needs apt-get and the Debian archive (the real download);
# skips (77) on hosts without apt.  "Offline" is a private network
# namespace with nothing but a loopback that is down, so no proxy or
# mirror of the machine's apt configuration is reachable; "no lists" adds
# a private mount namespace with empty tmpfs over apt's list and cache
# directories (wherever the machine's configuration puts them).  As root
# this needs unshare; otherwise unprivileged user namespaces (skip 77
# without).
set -u

top=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
. "$top/scripts/lib/sandbox.sh"
sandbox_require_cmd apt-get apt-config dpkg-deb cpio unshare

# offline CMD...: run CMD in a private network and mount namespace (as
# the mapped root of a user namespace when not root).
if [ "$(id -u)" -eq 0 ]; then
    offline() { unshare --net --mount --propagation private -- "$@"; }
elif unshare --map-root-user --net --mount true 2>/dev/null; then
    offline() { unshare --map-root-user --net --mount --propagation private -- "$@"; }
else
    echo "SKIP: not root, and no unprivileged user namespaces for the offline cases"
    exit 77
fi
# nolists CMD...: run CMD offline with apt's lists and caches empty: tmpfs
# over the directories apt uses, asked from apt itself so that the
# machine's configuration cannot point elsewhere.
# shellcheck disable=SC3043 # local: dash, bash and busybox have it
nolists() {
    local lists cache
    eval "$(apt-config shell lists Dir::State::lists/d cache Dir::Cache/d)"
    [ -d "$lists" ] && [ -d "$cache" ] || { echo "apt has no lists or cache directory" >&2; return 1; }
    # shellcheck disable=SC2016 # for the inner sh
    offline sh -c 'mount -t tmpfs -o mode=0755 lvnd-nolists "$1" && mkdir "$1/partial" &&
                   mount -t tmpfs -o mode=0755 lvnd-nolists "$2" && shift 2 && exec "$@"' \
        sh "$lists" "$cache" "$@"
}

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
for f in init bin/busybox dev/console etc/udhcpc.script lib/modules/order lib/modules/virtio_net.ko \
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
offline "$mkimage" "$tmp/offline" >"$tmp/offline.out" 2>&1
rc=$?
sandbox_check "no archive: fails" [ $rc -ne 0 ]
sandbox_check "no archive: says why" grep -q 'cannot download .*no network access' "$tmp/offline.out"
sandbox_check "no archive: no image left behind" [ ! -e "$tmp/offline/stamp" ]

nolists "$mkimage" "$tmp/nolists-out" >"$tmp/nolists.out" 2>&1
rc=$?
sandbox_check "no lists: fails" [ $rc -ne 0 ]
sandbox_check "no lists: says to run apt-get update" grep -q "run 'apt-get update'" "$tmp/nolists.out"
sandbox_check "no lists: no image left behind" [ ! -e "$tmp/nolists-out/stamp" ]
nolists "$mkimage" "$imagedir" >"$tmp/cached.out" 2>&1
rc=$?
sandbox_check "no lists: a cached image of this script is used" \
    sh -c "[ $rc -eq 0 ] && grep -q 'using the cached image' '$tmp/cached.out'"

sandbox_checks_finish
