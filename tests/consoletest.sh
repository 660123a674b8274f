#!/bin/bash
# consoletest.sh: "virsh console" on a real guest's pty serial console, as
# a person at a terminal uses it.  Root only (77 otherwise).
#
# In the private world of scripts/lib/guestenv.sh an unprivileged user
# starts the test guest (TCG) with <serial type='pty'> and <console
# type='pty'> (virt-install's default) plus a file serial, in
# qemu:///session; then, on a pseudo-terminal (tests/consolepty.py):
#   live XML     dumpxml shows the pty in <source path=> and tty=, and the
#                aliases serial0/serial1
#   session      upstream's banner, the guest's own output (GUEST-PING-OK),
#                a line typed reaches the guest and comes back (its tty
#                echoes it), ^] ends it with status 0, the terminal's
#                settings as they were
#   one only     a second session is refused ("Active console session
#                exists for this domain"); --force takes the console over:
#                it talks to the guest, and the first session ends with
#                status 1 saying it was taken over, its terminal restored
#   errors       no such device, a file serial ("is not using a PTY"), a
#                guest that is not running, stdin not a terminal (upstream
#                refuses: "Cannot run interactive console without a
#                controlling TTY")
#   signals      SIGTERM ends a session (status 1), terminal restored
#   hang-up      the guest destroyed under a session: it ends, status 0
#   system       the same guest as root in qemu:///system (QEMU as
#                libvirt-qemu): banner, guest output, echo, ^]
set -u

top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${abs_top_builddir:-$top_srcdir/build}
. "$top_srcdir/scripts/lib/sandbox.sh"
. "$top_srcdir/scripts/lib/guestenv.sh"

sandbox_require_root
sandbox_require_cmd qemu-system-x86_64 ip dbus-daemon setpriv useradd unshare python3 \
    "$SANDBOX_POLKITD"
sandbox_enter "$@"
for f in src/network/libvirt-networkd tools/virsh; do
    [ -x "$top_builddir/$f" ] || { echo "SKIP: $f is not built"; exit 77; }
done

imagedir=${GUEST_IMAGE_DIR:-$top_builddir/guest-image}
if ! "$top_srcdir/scripts/make-guest-image" "$imagedir" >/dev/null; then
    echo "FAIL: cannot build the guest image (see the message above)"
    exit 1
fi

# Private /var (the system-mode status files and logs) and /run before the
# sandbox's own mounts go on top, as qemusystemmodetest.sh does.
overlay=/tmp/lvnd-console-$$
mkdir -p "$overlay/var-upper" "$overlay/var-work"
mount -t overlay overlay \
    -o "lowerdir=/var,upperdir=$overlay/var-upper,workdir=$overlay/var-work" /var ||
    { echo "FAIL: overlay on /var"; exit 1; }
mount -t tmpfs -o mode=0755 lvnd-console /run || { echo "FAIL: tmpfs on /run"; exit 1; }

check() { sandbox_check "$@"; }
note() { echo "# $*"; }

sysvirsh() {
    ip netns exec "$GUESTENV_NS" env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" \
        "$GUESTENV_BIN/virsh" -c qemu:///system "$@"
}

teardown() {
    local rc=$? d
    trap - EXIT
    guestenv_cleanup
    for d in $(sysvirsh list --name 2>/dev/null); do
        sysvirsh destroy "$d" >/dev/null 2>&1
    done
    sandbox_cleanup
    umount /var 2>/dev/null
    rm -rf "$overlay"
    exit $rc
}

sandbox_init || exit 1
trap teardown EXIT
UA=cn$$a
GROUP=cn$$vm
guestenv_init "$top_srcdir" "$top_builddir" "$imagedir" || { echo "FAIL: setup"; exit 1; }
guestenv_users_add "$GROUP" "$UA" || { echo "FAIL: test users"; exit 1; }
guestenv_world_start "$GROUP" || { echo "FAIL: sandbox world"; exit 1; }
install -m 0755 "$top_srcdir/tests/consolepty.py" "$GUESTENV_BIN/consolepty.py" ||
    { echo "FAIL: setup"; exit 1; }
HOME_A=$(guestenv_home "$UA")
# the user's transcripts and marks
W=$HOME_A/console
mkdir -p "$W" && chown "$UA:$UA" "$W"
DOM=con$$
BANNER="Connected to domain '$DOM'\r?\nEscape character is \\^\\] \\(Ctrl \\+ \\]\\)"

# domain_xml OWNER NAME ADDR: the test guest (up for 600 s, no ping) with
# a pty serial and console, and a file serial on port 1
domain_xml() {
    GUESTENV_OWNER=$1 guestenv_domain_xml "$2" 52:54:00:c0:50:01 "$3" 198.18.0.1 br0 \
        networkd 600 |
        awk -v file="$SANDBOX_DIR/home/$1/$2.serial1" '
            /<serial type=.file.>/ { skip = 1
                print "    <serial type=\"pty\"><target port=\"0\"/></serial>"
                print "    <serial type=\"file\"><source path=\"" file "\"/><target port=\"1\"/></serial>"
                print "    <console type=\"pty\"><target type=\"serial\" port=\"0\"/></console>"
                next }
            skip && /<\/serial>/ { skip = 0; next }
            !skip'
}

# pty_as USER LOG STEP... -- CMD...: run CMD as USER on a new pty through
# consolepty.py (see there for the steps), its transcript in LOG
pty_as() {
    local u=$1 log=$2
    shift 2
    guestenv_as "$u" python3 "$GUESTENV_BIN/consolepty.py" --timeout 120 --log "$log" "$@"
}

# -------------------------------------------------------------- session mode

domain_xml "$UA" "$DOM" 198.18.0.50/24 >"$HOME_A/$DOM.xml"
chown "$UA:$UA" "$HOME_A/$DOM.xml"
check "define the pty guest" guestenv_virsh "$UA" define "$HOME_A/$DOM.xml"

OUT=$(guestenv_virsh "$UA" console "$DOM" 2>&1)
check "console of a guest that is not running: upstream's words" \
    grep -qF "error: The domain is not running" <<<"$OUT"

check "start it" guestenv_virsh "$UA" start "$DOM"

# The first session right after start, while the guest boots: its output
# reaches the terminal; what is typed reaches the guest's tty, which
# echoes it; ^] leaves.
note "session"
check "banner, the guest's output, a typed line echoed, ^] ends it (0), terminal restored" \
    pty_as "$UA" "$W/session1.log" \
    "expect=$BANNER" 'expect=GUEST-PING-(OK|FAIL)' \
    "send=hello-console-$$\\r" "expect=hello-console-$$\\r?\\n" \
    'send=\x1d' exit=0 -- "$GUESTENV_BIN/virsh" -c qemu:///session console "$DOM"

XML=$(guestenv_virsh "$UA" dumpxml "$DOM")
PTY=$(sed -n "s|.*<console type='pty' tty='\(/dev/pts/[0-9]*\)'>.*|\1|p" <<<"$XML")
check "live XML: the console's tty= names the pty ($PTY)" test -n "$PTY"
check "live XML: the serial's <source path=> is that pty" \
    grep -qF "<source path='$PTY'/>" <<<"$XML"
check "live XML: alias serial0" grep -qF "<alias name='serial0'/>" <<<"$XML"
check "live XML: alias serial1" grep -qF "<alias name='serial1'/>" <<<"$XML"
XML=$(guestenv_virsh "$UA" dumpxml --inactive "$DOM")
check "inactive XML: no pty path" sh -c '! grep -q /dev/pts' <<<"$XML"

OUT=$(guestenv_virsh "$UA" console "$DOM" </dev/null 2>&1)
check "stdin not a terminal: refused as upstream does" \
    grep -qF "error: Cannot run interactive console without a controlling TTY" <<<"$OUT"

note "errors"
check "--devname of no device: upstream's error, status 1" \
    pty_as "$UA" "$W/nodev.log" \
    "expect=error: internal error: cannot find character device nosuch" exit=1 \
    -- "$GUESTENV_BIN/virsh" -c qemu:///session console "$DOM" --devname nosuch
check "--devname of a file serial: 'is not using a PTY'" \
    pty_as "$UA" "$W/notpty.log" \
    "expect=error: internal error: character device serial1 is not using a PTY" exit=1 \
    -- "$GUESTENV_BIN/virsh" -c qemu:///session console "$DOM" --devname serial1

# One session at a time: A holds the console; B without --force is
# refused; C with --force takes it over and A ends saying so.
note "one session at a time"
rm -f "$W/a-ready" "$W/a-done"
pty_as "$UA" "$W/sessionA.log" \
    "expect=$BANNER" "mark=$W/a-ready" \
    'expect=taken over by another session' "mark=$W/a-done" exit=1 \
    -- "$GUESTENV_BIN/virsh" -c qemu:///session console "$DOM" --devname serial0 \
    >"$SANDBOX_DIR/sessionA.out" 2>&1 &
apid=$!
# A's lock is taken right after its banner; give it a moment
sandbox_wait_for 60 test -e "$W/a-ready" && sleep 1
check "a second session is refused: 'Active console session exists for this domain'" \
    pty_as "$UA" "$W/sessionB.log" \
    "expect=error: operation failed: Active console session exists for this domain" exit=1 \
    -- "$GUESTENV_BIN/virsh" -c qemu:///session console "$DOM"
check "--force takes the console over and talks to the guest" \
    pty_as "$UA" "$W/sessionC.log" \
    "expect=$BANNER" "wait=$W/a-done" "send=forced-$$\\r" "expect=forced-$$\\r?\\n" \
    'send=\x1d' exit=0 \
    -- "$GUESTENV_BIN/virsh" -c qemu:///session console "$DOM" --force --safe
wait "$apid"
check "the first session ended with status 1 saying it was taken over, terminal restored" \
    test $? -eq 0 || sed 's/^/#   /' "$SANDBOX_DIR/sessionA.out"

check "SIGTERM ends a session with status 1, terminal restored" \
    pty_as "$UA" "$W/sigterm.log" "expect=$BANNER" sleep=2 kill=TERM \
    'expect=ended on signal' exit=1 \
    -- "$GUESTENV_BIN/virsh" -c qemu:///session console "$DOM"

note "hang-up"
rm -f "$W/d-ready"
pty_as "$UA" "$W/sessionD.log" "expect=$BANNER" "mark=$W/d-ready" exit=0 \
    -- "$GUESTENV_BIN/virsh" -c qemu:///session console "$DOM" \
    >"$SANDBOX_DIR/sessionD.out" 2>&1 &
dpid=$!
sandbox_wait_for 60 test -e "$W/d-ready" && sleep 1
check "destroy the guest under a session" guestenv_virsh "$UA" destroy "$DOM"
wait "$dpid"
check "the session ends with status 0 when the guest goes away" \
    test $? -eq 0 || sed 's/^/#   /' "$SANDBOX_DIR/sessionD.out"

# -------------------------------------------------------------- system mode

note "qemu:///system"
QUSER=libvirt-qemu
getent group kvm >/dev/null || groupadd --system kvm
getent passwd "$QUSER" >/dev/null ||
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
        --gid kvm "$QUSER"
mkdir -p "$SANDBOX_DIR/home/root" /etc/libvirt
chmod 0755 "$SANDBOX_DIR/home/root"
SDOM=sys$$
domain_xml root "$SDOM" 198.18.0.51/24 >"$SANDBOX_DIR/$SDOM.xml"
check "system: define" sysvirsh define "$SANDBOX_DIR/$SDOM.xml"
check "system: start" sysvirsh start "$SDOM"
check "system: banner, guest output, echo, ^] (0), terminal restored" \
    ip netns exec "$GUESTENV_NS" env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" \
    python3 "$GUESTENV_BIN/consolepty.py" --timeout 120 --log "$SANDBOX_DIR/system.log" \
    "expect=Connected to domain '$SDOM'" 'expect=GUEST-PING-(OK|FAIL)' \
    "send=system-$$\\r" "expect=system-$$\\r?\\n" 'send=\x1d' exit=0 \
    -- "$GUESTENV_BIN/virsh" -c qemu:///system console "$SDOM"
sysvirsh destroy "$SDOM" >/dev/null 2>&1

sandbox_checks_finish
