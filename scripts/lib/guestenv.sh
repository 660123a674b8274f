# shellcheck shell=sh disable=SC3043
# A private world in which unprivileged users run guests whose NICs come
# from libvirt-networkd; shared by scripts/demo, tests/lifecycletest.sh and
# bench/start.  Built on scripts/lib/sandbox.sh (source that first, and
# call sandbox_init).
#
#   guestenv_init SRCDIR BUILDDIR IMAGEDIR
#                                     paths, copies of the user-facing binaries
#   guestenv_users_add GROUP USER...  test users in GROUP, each with a home
#   guestenv_world_start GROUP [DEV]  netns (br0 198.18.0.1/24, br1
#                                     198.18.1.1/24), private system bus,
#                                     polkitd ("GROUP may create ports on br0,
#                                     and macvtaps on DEV if given, nowhere
#                                     else", after the rules in
#                                     $GUESTENV_EXTRA_RULES), libvirt-networkd
#   guestenv_virsh USER ARGS...       virsh -c qemu:///session as USER, in the
#                                     namespace, on the private bus
#   guestenv_domain_xml ...           a domain XML for the test guest
#   guestenv_test_start SRC BUILD FILE...
#                                     a test's start: skip unless built, guest
#                                     image, sandbox_init, teardown trap, init
#
# Everything is undone by sandbox_cleanup (users, namespace, bus, polkit
# files, daemon); guests still running are destroyed by guestenv_cleanup,
# which the caller runs first.
#
# The users' programs are copies under $SANDBOX_DIR, so this works even
# when the build tree is in a directory other users cannot enter (/root).

# guestenv_init SRCDIR BUILDDIR IMAGEDIR: set the GUESTENV_* paths and copy
# virsh, the non-setuid bridge helper and the guest image (IMAGEDIR, made
# by scripts/make-guest-image) where the test users can read them.
guestenv_init() {
    GUESTENV_SRCDIR=$1
    GUESTENV_BUILDDIR=$2
    GUESTENV_IMAGEDIR=$3
    GUESTENV_DAEMON=${NETWORKD_DAEMON:-$GUESTENV_BUILDDIR/src/network/libvirt-networkd}
    GUESTENV_NS=lvnd-guests-$$
    GUESTENV_BIN=$SANDBOX_DIR/bin
    GUESTENV_IMAGE=$SANDBOX_DIR/image
    GUESTENV_USERS=
    mkdir -p "$GUESTENV_BIN" "$GUESTENV_IMAGE" "$SANDBOX_DIR/home" || return 1
    chmod 0755 "$GUESTENV_BIN" "$GUESTENV_IMAGE" "$SANDBOX_DIR/home"
    install -m 0755 "$GUESTENV_BUILDDIR/tools/virsh" "$GUESTENV_BIN/virsh" || return 1
    if [ -x "$GUESTENV_BUILDDIR/tools/libvirt-bridge-helper" ]; then
        install -m 0755 "$GUESTENV_BUILDDIR/tools/libvirt-bridge-helper" \
            "$GUESTENV_BIN/libvirt-bridge-helper" || return 1
    fi
    install -m 0644 "$GUESTENV_IMAGEDIR/vmlinuz" "$GUESTENV_IMAGEDIR/initrd.img" \
        "$GUESTENV_IMAGE/" || return 1
}

# guestenv_users_add GROUP USER...: create each USER (member of GROUP) with
# a home under $SANDBOX_DIR/home holding its XDG directories.
guestenv_users_add() {
    local _g _u _h
    _g=$1
    shift
    for _u in "$@"; do
        sandbox_user_add "$_u" "$_g" || return 1
        _h=$SANDBOX_DIR/home/$_u
        mkdir -p "$_h/.config/libvirt" "$_h/.cache" "$_h/run" || return 1
        chown -R "$_u:$_u" "$_h" && chmod 0700 "$_h" || return 1
        GUESTENV_USERS="$GUESTENV_USERS $_u"
    done
}

# guestenv_home USER: print USER's home.
guestenv_home() {
    echo "$SANDBOX_DIR/home/$1"
}

# guestenv_world_start GROUP [DEV]: the namespace, bus, polkitd and
# daemon; with DEV, GROUP may also create macvtap ports on host interface
# DEV (which the caller creates in the namespace).
guestenv_world_start() {
    local _g _dev
    _g=$1 _dev=${2:-}
    sandbox_netns_add "$GUESTENV_NS" br0 198.18.0.1/24 || return 1
    # no IPv6: the bridges stay silent, and guests ping over IPv4 only
    ip netns exec "$GUESTENV_NS" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null
    sandbox_bridge_add "$GUESTENV_NS" br1 198.18.1.1/24 || return 1

    GUESTENV_BUS=$(sandbox_dbus_start "$GUESTENV_SRCDIR/examples/dbus/org.libvirt.Networkd1.conf") ||
        return 1

    cat >"$SANDBOX_DIR/libvirt-networkd-guests.rules" <<EOF
// Members of $_g may create libvirt-networkd ports on br0 (and macvtaps
// on "$_dev" when that is not empty) and nowhere else (written by
// scripts/lib/guestenv.sh).  No logind here: the rule decides on the
// group alone.  Rules of the caller's (GUESTENV_EXTRA_RULES) come first.
${GUESTENV_EXTRA_RULES:-}
polkit.addRule(function(action, subject) {
    if (action.id == "org.libvirt.networkd.port.create" &&
        subject.isInGroup("$_g")) {
        if (action.lookup("plug") == "bridge" && action.lookup("bridge") == "br0")
            return polkit.Result.YES;
        if ("$_dev" != "" && action.lookup("plug") == "direct" &&
            action.lookup("device") == "$_dev")
            return polkit.Result.YES;
        return polkit.Result.NO;
    }
    return polkit.Result.NOT_HANDLED;
});
EOF
    sandbox_polkit_start "$GUESTENV_SRCDIR/examples/polkit/org.libvirt.networkd.policy" \
        "$SANDBOX_DIR/libvirt-networkd-guests.rules" || return 1

    mkdir -p "$SANDBOX_DIR/networkd-state" || return 1
    cat >"$SANDBOX_DIR/networkd.conf" <<EOF
[networkd]
state_dir = $SANDBOX_DIR/networkd-state
config_dir = $SANDBOX_DIR/networkd-config
log_level = info
EOF
    sandbox_start networkd env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" \
        ip netns exec "$GUESTENV_NS" "$GUESTENV_DAEMON" \
        --config "$SANDBOX_DIR/networkd.conf" || return 1
    if ! sandbox_dbus_wait_name org.libvirt.Networkd1 15; then
        sandbox_msg "libvirt-networkd did not appear on the bus:"
        cat "$SANDBOX_DIR/logs/networkd.log" >&2
        return 1
    fi
}

# guestenv_as USER CMD...: run CMD as USER inside the namespace, with the
# user's XDG directories and the private system bus, and a clean
# environment.  The capability bounding set is left as it is, like a login
# session's, so the checks that QEMU holds no capabilities mean something.
guestenv_as() {
    local _u _h
    _u=$1
    shift
    _h=$SANDBOX_DIR/home/$_u
    ip netns exec "$GUESTENV_NS" env -i \
        HOME="$_h" USER="$_u" LOGNAME="$_u" PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C \
        XDG_CONFIG_HOME="$_h/.config" XDG_CACHE_HOME="$_h/.cache" XDG_RUNTIME_DIR="$_h/run" \
        DBUS_SYSTEM_BUS_ADDRESS="${GUESTENV_BUS_OVERRIDE:-$GUESTENV_BUS}" \
        setpriv --reuid="$_u" --regid="$_u" --init-groups --inh-caps=-all -- "$@"
}

# guestenv_virsh USER ARGS...: virsh -c qemu:///session ARGS as USER.
guestenv_virsh() {
    local _u
    _u=$1
    shift
    guestenv_as "$_u" "$GUESTENV_BIN/virsh" -c qemu:///session "$@"
}

# guestenv_domain_xml NAME MAC ADDR PEER BRIDGE BACKEND [WAIT [NICS]]: print
# a domain for the test guest: it takes ADDR (/24, or "dhcp"), pings PEER
# (up to GUESTENV_TRIES tries, default 60), prints GUEST-PING-OK or GUEST-PING-FAIL on its serial
# console (the file NAME.serial in the owner's home) and then stays up to
# WAIT seconds (default 60) or until pinged.  BACKEND is networkd,
# bridge-helper or default.  NICS (default 1) interfaces on BRIDGE; a
# "+BR" suffix on BRIDGE adds one more interface on BR (e.g. br0+br1);
# BRIDGE "direct:DEV:MODE" makes the NICs macvtaps on DEV instead,
# "network=NAME" makes them <interface type='network'> on the virtual
# network NAME, and an element "<interface type='T'>CHILDREN</interface>"
# makes them of type T with those children (a passt user NIC's <ip> and
# <portForward>, an ethernet NIC's <target>), the MAC, model and backend
# added as for the others.  GUESTENV_CMDLINE, if set, is appended to the guest's
# kernel command line (guest.resolve=, guest.fetch=, ...).
# The owner is the user whose home is GUESTENV_OWNER; the machine type is
# GUESTENV_MACHINE (default pc); GUESTENV_CPUSET, if set, is the <vcpu
# cpuset=> (the CPUs QEMU may run on).  <features><acpi/> as virt-install
# writes it: without it the guest has no ACPI (as upstream) and its
# poweroff would halt the CPU without ending QEMU.  The kernel gets
# no_timer_check: under
# TCG on a loaded host its IO-APIC timer check can fail and panic the
# guest before /init ("IO-APIC + timer doesn't work").
guestenv_domain_xml() {
    local _name _mac _addr _peer _br _extra _be _wait _nics _i _backend _dev _body
    _name=$1 _mac=$2 _addr=$3 _peer=$4 _br=${5%%+*} _be=$6 _wait=${7:-60} _nics=${8:-1}
    _extra=
    case $5 in
    '<'*) _br=$5 ;;
    *+*) _extra=${5#*+} ;;
    esac
    _backend=
    [ "$_be" = default ] || _backend="<backend type='$_be'/>"
    cat <<EOF
<domain type='qemu'>
  <name>$_name</name>
  <memory unit='MiB'>256</memory>
  <vcpu${GUESTENV_CPUSET:+ cpuset='$GUESTENV_CPUSET'}>1</vcpu>
  <os>
    <type arch='x86_64' machine='${GUESTENV_MACHINE:-pc}'>hvm</type>
    <kernel>$GUESTENV_IMAGE/vmlinuz</kernel>
    <initrd>$GUESTENV_IMAGE/initrd.img</initrd>
    <cmdline>console=ttyS0 panic=-1 no_timer_check guest.addr=$_addr guest.peer=$_peer guest.tries=${GUESTENV_TRIES:-60} guest.wait=$_wait${GUESTENV_CMDLINE:+ $GUESTENV_CMDLINE}</cmdline>
  </os>
  <features>
    <acpi/>
  </features>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
EOF
    _i=0
    while [ $_i -lt "$_nics" ]; do
        # the first NIC gets the given MAC, the others derived ones
        case $_br in
        direct:*)
            _dev=${_br#direct:}
            echo "    <interface type='direct'>"
            echo "      <source dev='${_dev%%:*}' mode='${_dev#*:}'/>"
            ;;
        network=*)
            echo "    <interface type='network'>"
            echo "      <source network='${_br#network=}'/>"
            ;;
        '<'*)
            _body=${_br#*>}
            _body=${_body%</interface>}
            echo "    ${_br%%>*}>"
            [ -z "$_body" ] || echo "      $_body"
            ;;
        *)
            echo "    <interface type='bridge'>"
            echo "      <source bridge='$_br'/>"
            ;;
        esac
        [ $_i -eq 0 ] && echo "      <mac address='$_mac'/>" ||
            echo "      <mac address='${_mac%:*}:f$_i'/>"
        echo "      <model type='virtio'/>"
        [ -z "$_backend" ] || echo "      $_backend"
        echo "    </interface>"
        _i=$((_i + 1))
    done
    if [ -n "$_extra" ]; then
        echo "    <interface type='bridge'>"
        echo "      <source bridge='$_extra'/>"
        echo "      <model type='virtio'/>"
        [ -z "$_backend" ] || echo "      $_backend"
        echo "    </interface>"
    fi
    cat <<EOF
    <serial type='file'>
      <source path='$SANDBOX_DIR/home/$GUESTENV_OWNER/$_name.serial'/>
    </serial>
  </devices>
</domain>
EOF
}

# guestenv_define USER NAME MAC ADDR PEER BRIDGE BACKEND [WAIT [NICS]]:
# write the domain XML into USER's home and define it as USER.
guestenv_define() {
    local _u _f
    _u=$1
    shift
    _f=$SANDBOX_DIR/home/$_u/$1.xml
    GUESTENV_OWNER=$_u guestenv_domain_xml "$@" >"$_f" || return 1
    chown "$_u:$_u" "$_f"
    guestenv_virsh "$_u" define "$_f" >/dev/null
}

# guestenv_serial USER NAME: print the guest's serial console file.
guestenv_serial() {
    echo "$SANDBOX_DIR/home/$1/$2.serial"
}

# guestenv_status_file USER NAME: print the domain's status file path.
guestenv_status_file() {
    echo "$SANDBOX_DIR/home/$1/run/libvirt/qemu/run/$2.xml"
}

# guestenv_qemu_pid USER NAME: print the pid of the domain's QEMU (from its
# status file), or nothing when it has none.
guestenv_qemu_pid() {
    local _f
    _f=$(guestenv_status_file "$1" "$2")
    [ -f "$_f" ] || return 0
    sed -n "s/^<domstatus .* pid='\([0-9]*\)'.*/\1/p" "$_f"
}

# guestenv_cleanup: destroy every guest of the test users that still runs
# (through virsh, so their ports go too), then kill any QEMU left by them.
guestenv_cleanup() {
    local _u _d _pid
    for _u in $GUESTENV_USERS; do
        for _d in $(guestenv_virsh "$_u" list --name 2>/dev/null); do
            guestenv_virsh "$_u" destroy "$_d" >/dev/null 2>&1
        done
        for _pid in $(pgrep -u "$_u" 2>/dev/null); do
            kill -KILL "$_pid" 2>/dev/null
        done
    done
    return 0
}

# guestenv_test_start SRCDIR BUILDDIR FILE...: the start every guest test
# shares, run right after sandbox_enter: skip (77) unless each FILE
# (relative to BUILDDIR) is built; build the guest image (in
# $GUEST_IMAGE_DIR, by default BUILDDIR/guest-image); sandbox_init; on exit
# guestenv_test_teardown; guestenv_init.  Fails the test (exit 1) when a
# step fails.
guestenv_test_start() {
    local _src _build _f _image
    _src=$1 _build=$2
    shift 2
    for _f in "$@"; do
        [ -x "$_build/$_f" ] || { echo "SKIP: $_f is not built"; exit 77; }
    done
    _image=${GUEST_IMAGE_DIR:-$_build/guest-image}
    if ! "$_src/scripts/make-guest-image" "$_image" >/dev/null; then
        echo "FAIL: cannot build the guest image (see the message above)"
        exit 1
    fi
    sandbox_init || exit 1
    trap guestenv_test_teardown EXIT
    guestenv_init "$_src" "$_build" "$_image" || { echo "FAIL: setup"; exit 1; }
}

# guestenv_test_teardown: the EXIT trap of guestenv_test_start: destroys
# the users' guests, shows the end of every libvirt-networkd log when a
# check failed, undoes the sandbox and exits with the test's status.
guestenv_test_teardown() {
    local _rc=$? _log
    trap - EXIT
    guestenv_cleanup
    if [ "${SANDBOX_FAILURES:-0}" -gt 0 ] && [ -n "${SANDBOX_DIR:-}" ]; then
        for _log in "$SANDBOX_DIR"/logs/networkd*.log; do
            [ -f "$_log" ] || continue
            echo "# ---- $(basename "$_log") (tail)"
            tail -n 25 "$_log" | sed 's/^/#   /'
        done
    fi
    sandbox_cleanup
    exit $_rc
}
