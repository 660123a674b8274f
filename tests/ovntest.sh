#!/bin/bash
# ovntest.sh: unprivileged users' guests on an OVN logical switch across
# two hosts, through Open vSwitch, with per-user ownership of logical
# ports.  Root only (77 otherwise, or when OVS/OVN/QEMU are missing).
#
# The cluster, all inside network namespaces of this run (addresses from
# 198.18.0.0/15 only), every daemon started by hand:
#
#   central  (ovc-PID)  NB and SB ovsdb-servers, ovn-northd; the underlay
#                       bridge "ul" 198.18.10.1/24
#   host a   (ova-PID)  ovsdb-server, ovs-vswitchd (userspace datapath),
#   host b   (ovb-PID)  br-phy (netdev) holding the underlay veth, with the
#                       encap IP 198.18.10.1{1,2} on br-phy itself; br-int
#                       (netdev, fail-mode secure); ovn-controller (Geneve);
#                       a private system bus, polkitd and libvirt-networkd
#                       of its own (its own config and state)
#
# The databases are reached through unix sockets under the run's directory
# (one mount namespace); only Geneve crosses the underlay.  Veth ends have
# tx checksum offload off (the userspace datapath does not complete
# partial checksums), IPv6 is off in every namespace.
#
# Logical switch tenant1 holds alice-a (reserved for alice by the admin:
# owner uid set) and alice-b (unowned).  polkit: the test group may create
# ports on br-int with virtualport openvswitch, on logical switch tenant1
# only.  Checked:
#   guests  alice's guest on host a (alice-a) and on host b (alice-b)
#           ping each other across OVN (static addresses, TCG); bob's guest
#           naming alice-a is refused, nothing changes in NB or OVS;
#           destroy and kill -9 of QEMU leave no OVS interface, no tap, no
#           binding (alice-b: no owner again)
#   daemon  CreatePort with ovn-switch creates the logical port (owner
#           recorded); bob cannot bind it; closing the fd deletes it;
#           kill -9 of the daemon, then the fd closed: the restarted
#           daemon removes the OVS interface and the logical port; an
#           ovn-switch polkit refuses; NB unreachable: a clear error and
#           nothing left
#   network the OVN network tenant1 (logical switch ls-tenant1, created by
#           the first host's start; OVN's DHCP on 198.18.21.0/24, a range
#           and a reservation) defined and started on both hosts, kept
#           over a kill -9 of a daemon; alice's guests with
#           <interface type='network'> get OVN DHCP addresses (one
#           dynamic, one reserved) and ping each other across hosts; bob,
#           not allowed the network by polkit, is refused, naming it;
#           destroy and kill -9 of QEMU leave no logical port and no OVS
#           interface; net-destroy removes each host's DHCP_Options row
#           and, with the last host, the switch's subnet; net-dhcp-leases
#           lists the logical ports' addresses (expiry "-"): root all of
#           them, alice her port on the host, bob none
#   northbound the OVN network tenant2 names a second northbound database
#           (northbound='unix:...nb2.sock', no ovn-northd): its switch and
#           alice's logical port are made there and not in the daemon's;
#           closing the port deletes it there; with that database stopped,
#           CreatePort fails naming it and leaves no tap, OVS interface or
#           record; a network naming a socket nobody serves does not start
# Prints "ok N - ..." lines.
set -u

top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${abs_top_builddir:-$top_srcdir/build}
. "$top_srcdir/scripts/lib/sandbox.sh"
. "$top_srcdir/scripts/lib/guestenv.sh"

sandbox_require_root
sandbox_require_cmd qemu-system-x86_64 ip ethtool dbus-daemon setpriv useradd unshare \
    ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovn-northd ovn-controller ovn-nbctl ovn-sbctl \
    "$SANDBOX_POLKITD"
for f in /usr/share/openvswitch/vswitch.ovsschema /usr/share/ovn/ovn-nb.ovsschema \
    /usr/share/ovn/ovn-sb.ovsschema; do
    [ -r "$f" ] || { echo "SKIP: $f is missing (openvswitch-common, ovn-common)"; exit 77; }
done
sandbox_enter "$@"
guestenv_test_start "$top_srcdir" "$top_builddir" \
    src/network/libvirt-networkd tools/virsh tests/networkdtestclient

check() { sandbox_check "$@"; }
note() { echo "# $*"; }

CNS=ovc-$$
UA=ov$$a
UB=ov$$b
GROUP=ov$$vm
CENTRAL=
declare -A HNS HDIR HBUS HENCAP

guestenv_users_add "$GROUP" "$UA" "$UB" || { echo "FAIL: test users"; exit 1; }
install -m 0755 "$top_builddir/tests/networkdtestclient" "$GUESTENV_BIN/networkdtestclient"

# ------------------------------------------------------------------ helpers
# nb ARGS...: ovn-nbctl on the central NB database
nb() { ovn-nbctl --db="unix:$CENTRAL/nb.sock" --timeout=10 "$@"; }
# vsctl HOST ARGS...: ovs-vsctl on HOST's database
vsctl() { local h=$1; shift; ovs-vsctl --db="unix:${HDIR[$h]}/db.sock" --timeout=10 "$@"; }
# in_host HOST CMD...: CMD in HOST's namespace with HOST's OVS directories
in_host() {
    local h=$1; shift
    ip netns exec "${HNS[$h]}" env OVS_RUNDIR="${HDIR[$h]}" OVS_DBDIR="${HDIR[$h]}" \
        OVS_LOGDIR="${HDIR[$h]}" OVS_SYSCONFDIR="${HDIR[$h]}" OVN_RUNDIR="${HDIR[$h]}" \
        OVN_LOGDIR="${HDIR[$h]}" "$@"
}
# lsp_ids NAME: the logical port's external_ids ("(none)" when absent)
lsp_ids() { { nb --if-exists get Logical_Switch_Port "$1" external_ids 2>/dev/null || echo "(none)"; } | tr -d '"'; }
lsp_exists() { [ -n "$(nb --if-exists get Logical_Switch_Port "$1" name 2>/dev/null)" ]; }
# ovs_ifaces HOST: the names of HOST's OVS interfaces carrying our marker
ovs_ifaces() {
    vsctl "$1" --format=csv --data=bare --no-headings --columns=name,external_ids \
        list Interface 2>/dev/null | grep libvirt-networkd-port | cut -d, -f1 | sort
}
no_ovs_ifaces() { [ -z "$(ovs_ifaces "$1")" ]; }
taps() { ip -n "${HNS[$1]}" -o link show type tun 2>/dev/null | awk -F': ' '{ print $2 }' | grep '^vnet'; }
no_taps() { [ -z "$(taps "$1")" ]; }
within() { # within SECONDS CMD...: CMD succeeds within SECONDS
    local n=$(($1 * 10)) _
    shift
    for _ in $(seq 1 "$n"); do "$@" && return 0; sleep 0.1; done
    "$@"
}

# on_host HOST FUNC ARGS...: a guestenv function against HOST's namespace
# and bus
on_host() {
    local h=$1; shift
    GUESTENV_NS=${HNS[$h]} GUESTENV_BUS=${HBUS[$h]} "$@"
}

# client HOST USER ARGS...: the test client on HOST as USER (or root)
client() {
    local h=$1 u=$2; shift 2
    if [ "$u" = root ]; then
        ip netns exec "${HNS[$h]}" env DBUS_SYSTEM_BUS_ADDRESS="${HBUS[$h]}" \
            "$GUESTENV_BIN/networkdtestclient" "$@"
    else
        ip netns exec "${HNS[$h]}" env DBUS_SYSTEM_BUS_ADDRESS="${HBUS[$h]}" \
            setpriv --reuid="$u" --regid="$u" --init-groups --inh-caps=-all -- \
            "$GUESTENV_BIN/networkdtestclient" "$@"
    fi
}

# ------------------------------------------------------------------ central
start_central() {
    CENTRAL=$SANDBOX_DIR/central
    mkdir -p "$CENTRAL" || return 1
    sandbox_netns_add "$CNS" ul 198.18.10.1/24 || return 1
    ip netns exec "$CNS" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null
    ovsdb-tool create "$CENTRAL/nb.db" /usr/share/ovn/ovn-nb.ovsschema &&
        ovsdb-tool create "$CENTRAL/sb.db" /usr/share/ovn/ovn-sb.ovsschema || return 1
    local db
    for db in nb sb; do
        sandbox_start "ovsdb-$db" ip netns exec "$CNS" ovsdb-server "$CENTRAL/$db.db" \
            --remote="punix:$CENTRAL/$db.sock" --pidfile="$CENTRAL/$db.pid" \
            --log-file="$CENTRAL/$db.log" --unixctl="$CENTRAL/$db.ctl" -vconsole:off || return 1
    done
    sandbox_wait_for 10 test -S "$CENTRAL/nb.sock" &&
        sandbox_wait_for 10 test -S "$CENTRAL/sb.sock" || return 1
    sandbox_start northd ip netns exec "$CNS" env OVN_RUNDIR="$CENTRAL" ovn-northd \
        --ovnnb-db="unix:$CENTRAL/nb.sock" --ovnsb-db="unix:$CENTRAL/sb.sock" \
        --pidfile="$CENTRAL/northd.pid" --log-file="$CENTRAL/northd.log" \
        --unixctl="$CENTRAL/northd.ctl" -vconsole:off || return 1
    nb ls-add tenant1 &&
        nb lsp-add tenant1 alice-a -- lsp-set-addresses alice-a "52:54:00:18:10:0a 198.18.20.11" \
            -- set Logical_Switch_Port alice-a "external_ids:libvirt-networkd-owner-uid=$(id -u "$UA")" &&
        nb lsp-add tenant1 alice-b -- lsp-set-addresses alice-b "52:54:00:18:10:0b 198.18.20.12"
}

# ------------------------------------------------------------------ hosts
# start_host HOST N: namespace, underlay, OVS, OVN controller
start_host() {
    local h=$1 n=$2 d
    HNS[$h]=ov$h-$$
    d=$SANDBOX_DIR/host-$h
    HDIR[$h]=$d
    HENCAP[$h]=198.18.10.1$n
    mkdir -p "$d" || return 1
    sandbox_netns_add "${HNS[$h]}" || return 1
    ip netns exec "${HNS[$h]}" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null
    ip -n "$CNS" link add "ul-$h" type veth peer name eth0 netns "${HNS[$h]}" || return 1
    ip -n "$CNS" link set "ul-$h" master ul up &&
        ip -n "${HNS[$h]}" link set eth0 up || return 1
    ip netns exec "$CNS" ethtool -K "ul-$h" tx off >/dev/null &&
        ip netns exec "${HNS[$h]}" ethtool -K eth0 tx off >/dev/null || return 1

    ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema || return 1
    sandbox_start "ovsdb-$h" in_host "$h" ovsdb-server "$d/conf.db" \
        --remote="punix:$d/db.sock" --pidfile="$d/ovsdb-server.pid" \
        --log-file="$d/ovsdb-server.log" --unixctl="$d/ovsdb-server.ctl" -vconsole:off || return 1
    sandbox_wait_for 10 test -S "$d/db.sock" && vsctl "$h" --no-wait init || return 1
    sandbox_start "vswitchd-$h" in_host "$h" ovs-vswitchd "unix:$d/db.sock" \
        --pidfile="$d/ovs-vswitchd.pid" --log-file="$d/ovs-vswitchd.log" \
        --unixctl="$d/ovs-vswitchd.ctl" -vconsole:off || return 1
    vsctl "$h" add-br br-phy -- set Bridge br-phy datapath_type=netdev \
        -- add-port br-phy eth0 \
        -- add-br br-int -- set Bridge br-int datapath_type=netdev fail-mode=secure \
           other-config:disable-in-band=true \
        -- set Open_vSwitch . external_ids:system-id="host-$h" \
           external_ids:ovn-remote="unix:$CENTRAL/sb.sock" \
           external_ids:ovn-encap-type=geneve external_ids:ovn-encap-ip="${HENCAP[$h]}" \
           external_ids:ovn-bridge=br-int external_ids:ovn-bridge-datapath-type=netdev ||
        return 1
    ip -n "${HNS[$h]}" addr add "${HENCAP[$h]}/24" dev br-phy &&
        ip -n "${HNS[$h]}" link set br-phy up || return 1
    sandbox_start "controller-$h" in_host "$h" ovn-controller "unix:$d/db.sock" \
        --pidfile="$d/ovn-controller.pid" --log-file="$d/ovn-controller.log" -vconsole:off
}

# start_world HOST: the host's own bus, polkitd and libvirt-networkd
RULES=$SANDBOX_DIR/ovn-test.rules
write_rules() {
    cat >"$RULES" <<EOF
// tests/ovntest.sh: members of $GROUP may create ports on br-int through
// Open vSwitch, binding logical ports of tenant1 only; of them, only $UA
// may put ports on the OVN network tenant1 (logical switch ls-tenant1).
polkit.addRule(function(action, subject) {
    if (action.id != "org.libvirt.networkd.port.create" || !subject.isInGroup("$GROUP"))
        return polkit.Result.NOT_HANDLED;
    if (action.lookup("plug") == "network")
        return ((action.lookup("network") == "tenant1" && action.lookup("ovn-switch") == "ls-tenant1") ||
                (action.lookup("network") == "tenant2" && action.lookup("ovn-switch") == "ls-tenant2")) &&
               subject.user == "$UA" && action.lookup("ovn-port") == "" ?
            polkit.Result.YES : polkit.Result.NO;
    if (action.lookup("bridge") == "br-int" && action.lookup("virtualport") == "openvswitch" &&
        (action.lookup("ovn-switch") == "" || action.lookup("ovn-switch") == "tenant1"))
        return polkit.Result.YES;
    return polkit.Result.NO;
});
EOF
}

# bus_start HOST: a private system bus of the host's own (the sandbox's
# bus helper has one per run; the second host's is made the same way)
bus_start() {
    local h=$1
    local conf=$SANDBOX_DIR/bus-$h.conf sock=$SANDBOX_DIR/bus-$h.sock
    sed -e "s|unix:path=[^<]*|unix:path=$sock|" "$SANDBOX_DIR/dbus/system.conf" >"$conf" &&
        sandbox_start "dbus-$h" dbus-daemon --config-file="$conf" --nofork --nopidfile --nosyslog &&
        sandbox_wait_for 10 test -S "$sock" && chmod 0666 "$sock" || return 1
    HBUS[$h]=unix:path=$sock
}

wait_name() { # wait_name HOST NAME
    sandbox_wait_for 15 sh -c 'DBUS_SYSTEM_BUS_ADDRESS=$0 dbus-send --system --print-reply \
        --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
        string:$1 2>/dev/null | grep -q "boolean true"' "${HBUS[$1]}" "$2"
}

DAEMON_RUN=0
daemon_start() { # daemon_start HOST [NB-ADDRESS]
    local h=$1 nbaddr=${2:-unix:$CENTRAL/nb.sock}
    local conf=$SANDBOX_DIR/networkd-$h.conf
    mkdir -p "$SANDBOX_DIR/state-$h"
    cat >"$conf" <<EOF
[networkd]
state_dir = $SANDBOX_DIR/state-$h
config_dir = $SANDBOX_DIR/config-$h
log_level = info
ovs_db_address = unix:${HDIR[$h]}/db.sock
ovn_nb_address = $nbaddr
ovn_host_id = host-$h
ovsdb_timeout_ms = 3000
EOF
    DAEMON_RUN=$((DAEMON_RUN + 1))
    sandbox_start "networkd-$h$DAEMON_RUN" env DBUS_SYSTEM_BUS_ADDRESS="${HBUS[$h]}" \
        ip netns exec "${HNS[$h]}" "$GUESTENV_DAEMON" --config "$conf" || return 1
    DAEMON_NAME[$h]=networkd-$h$DAEMON_RUN
    wait_name "$h" org.libvirt.Networkd1
}
declare -A DAEMON_NAME
daemon_stop() { # daemon_stop HOST [KILL]
    local h=$1
    [ "${2:-}" = KILL ] && kill -KILL "$(sandbox_pid "${DAEMON_NAME[$h]}")" 2>/dev/null
    sandbox_stop "${DAEMON_NAME[$h]}" 5
}

start_world() {
    local h=$1
    bus_start "$h" || return 1
    sandbox_start "polkitd-$h" env DBUS_SYSTEM_BUS_ADDRESS="${HBUS[$h]}" "$SANDBOX_POLKITD" &&
        wait_name "$h" org.freedesktop.PolicyKit1 || return 1
    daemon_start "$h"
}

t0=$(date +%s.%N)
start_central || { echo "FAIL: central namespace"; exit 1; }
start_host a 1 && start_host b 2 || { echo "FAIL: host namespaces"; exit 1; }
# the first host's bus is the sandbox's own (its config is the template)
write_rules
sandbox_dbus_start "$top_srcdir/examples/dbus/org.libvirt.Networkd1.conf" >/dev/null &&
    sandbox_polkit_start "$top_srcdir/examples/polkit/org.libvirt.networkd.policy" "$RULES" ||
    { echo "FAIL: polkit"; exit 1; }
start_world a && start_world b || { echo "FAIL: buses, polkitd, libvirt-networkd"; exit 1; }
# both chassis in the southbound database, tunnels up
chassis_ok() { [ "$(ovn-sbctl --db="unix:$CENTRAL/sb.sock" --columns=name --data=bare \
    --no-headings list Chassis 2>/dev/null | grep -c .)" = 2 ]; }
check "setup: both chassis registered" within 30 chassis_ok
note "cluster up in $(echo "$(date +%s.%N) - $t0" | bc 2>/dev/null || echo '?') s"

# ------------------------------------------------------------------ guests
# guest_define HOST USER NAME MAC ADDR PEER IFACEID
guest_define() {
    local h=$1 u=$2 name=$3 mac=$4 addr=$5 peer=$6 id=$7 f
    f=$(guestenv_home "$u")/$name.xml
    GUESTENV_OWNER=$u guestenv_domain_xml "$name" "$mac" "$addr" "$peer" br-int default 120 |
        sed "s|<source bridge='br-int'/>|<source bridge='br-int'/><virtualport type='openvswitch'><parameters interfaceid='$id'/></virtualport><mtu size='1400'/>|" \
        >"$f" && chown "$u:$u" "$f" && on_host "$h" guestenv_virsh "$u" define "$f" >/dev/null
}
OUT=
run_ok() { # run_ok DESC HOST USER VIRSH-ARGS...
    local desc=$1 h=$2 u=$3; shift 3
    OUT=$(on_host "$h" guestenv_virsh "$u" "$@" 2>&1)
    local rc=$?
    check "$desc" test $rc -eq 0 || printf '%s\n' "$OUT" | sed 's/^/#   /'
}
ping_ok() { sandbox_wait_grep "${3:-150}" '^GUEST-PING-OK' "$(guestenv_serial "$1" "$2")"; }
show_serial() { tail -n 8 "$(guestenv_serial "$1" "$2")" 2>/dev/null | sed 's/^/#     /'; }

note "alice's guests on host a and host b"
guest_define a "$UA" ga 52:54:00:18:10:0a 198.18.20.11/24 198.18.20.12 alice-a
guest_define b "$UA" gb 52:54:00:18:10:0b 198.18.20.12/24 198.18.20.11 alice-b
guest_define a "$UB" gx 52:54:00:18:10:0c 198.18.20.13/24 198.18.20.11 alice-a
# the same ports for guests that stay up (no peer: they answer pings only)
guest_define a "$UA" gw 52:54:00:18:10:0a 198.18.20.11/24 "" alice-a
guest_define b "$UA" gk 52:54:00:18:10:0b 198.18.20.12/24 "" alice-b
t_start=$(date +%s.%N)
run_ok "guests: alice starts ga on host a" a "$UA" start ga
run_ok "guests: alice starts gb on host b" b "$UA" start gb
tap_a=$(taps a)
check "guests: ga's tap ($tap_a) is on br-int with iface-id alice-a" \
    sh -c '[ "$(ovs-vsctl --db=unix:$0/db.sock get Interface "$1" external_ids:iface-id | tr -d \")" = alice-a ]' \
    "${HDIR[a]}" "$tap_a"
check "guests: domiflist shows the binding" sh -c 'printf "%s\n" "$1" | grep -q "br-int \[openvswitch: alice-a\]"' \
    _ "$(on_host a guestenv_virsh "$UA" domiflist ga 2>&1)"
check "guests: alice-a bound on host a, still alice's" \
    sh -c 'printf "%s" "$1" | grep -q "libvirt-networkd-binding=bound" &&
           printf "%s" "$1" | grep -q "libvirt-networkd-host=host-a"' _ "$(lsp_ids alice-a)"
check "guests: alice-b (unowned) claimed by alice's port on host b" \
    sh -c 'printf "%s" "$1" | grep -q "libvirt-networkd-binding=claimed" &&
           printf "%s" "$1" | grep -q "libvirt-networkd-owner-uid=$2"' _ "$(lsp_ids alice-b)" "$(id -u "$UA")"
ping_ok "$UA" ga || show_serial "$UA" ga
note "from 'virsh start ga' to ga's first reply across hosts (TCG boot included): $(awk -v s="$t_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
ping_ok "$UA" gb || show_serial "$UA" gb
check "guests: ga (host a) reaches gb (host b) across OVN" grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UA" ga)"
check "guests: gb (host b) reaches ga (host a) across OVN" grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UA" gb)"
# pinged and done, the test guests power off: their ports go
shut_off() { [ "$(on_host "$1" guestenv_virsh "$UA" domstate "$2" 2>&1)" = "shut off" ]; }
both_off() { shut_off a ga && shut_off b gb; }
check "guests: ga and gb power off once pinged" within 120 both_off
check "guests: ... leaving no OVS interface and no binding" \
    sh -c '[ -z "$1$2" ] && ! printf "%s" "$3$4" | grep -q libvirt-networkd-port' _ \
    "$(ovs_ifaces a)" "$(ovs_ifaces b)" "$(lsp_ids alice-a)" "$(lsp_ids alice-b)"
run_ok "guests: alice starts gw on host a (alice-a again)" a "$UA" start gw
run_ok "guests: alice starts gk on host b (alice-b again)" b "$UA" start gk

note "bob names alice's logical port"
ids_before=$(lsp_ids alice-a)
ifaces_before=$(ovs_ifaces a)
OUT=$(on_host a guestenv_virsh "$UB" start gx 2>&1)
check "takeover: bob's start fails, naming the owner" \
    sh -c 'printf "%s\n" "$1" | grep -q "logical switch port .alice-a. belongs to uid $2, not to uid $3"' \
    _ "$OUT" "$(id -u "$UA")" "$(id -u "$UB")" || printf '%s\n' "$OUT" | sed 's/^/#   /'
check "takeover: alice-a unchanged in NB" test "$ids_before" = "$(lsp_ids alice-a)"
check "takeover: no new OVS interface, no new tap" \
    sh -c '[ "$1" = "$2" ] && [ "$(printf "%s\n" "$3" | grep -c .)" = 1 ]' _ "$ifaces_before" "$(ovs_ifaces a)" "$(taps a)"

note "destroy and kill -9"
run_ok "destroy: alice destroys gw" a "$UA" destroy gw
check "destroy: no OVS interface on host a" within 3 no_ovs_ifaces a
check "destroy: no tap on host a" within 3 no_taps a
check "destroy: alice-a unbound (markers gone, still reserved for alice)" \
    sh -c '! printf "%s" "$1" | grep -q "libvirt-networkd-port" &&
           printf "%s" "$1" | grep -q "libvirt-networkd-owner-uid"' _ "$(lsp_ids alice-a)"
pid=$(guestenv_qemu_pid "$UA" gk)
kill -KILL "$pid"
check "kill -9: no OVS interface on host b" within 3 no_ovs_ifaces b
check "kill -9: no tap on host b" within 3 no_taps b
check "kill -9: alice-b given back (no owner, no markers)" \
    sh -c '! printf "%s" "$1" | grep -q "libvirt-networkd"' _ "$(lsp_ids alice-b)"
check "guests: no logical port was created or deleted" \
    sh -c '[ "$(ovn-nbctl --db=unix:$0/nb.sock lsp-list tenant1 | wc -l)" = 2 ]' "$CENTRAL"

# ------------------------------------------------------------------ daemon
note "logical ports the daemon creates"
REQ="{'bridge': <'br-int'>, 'virtualport': <'openvswitch'>, 'interfaceid': <'alice-c'>, 'ovn-switch': <'tenant1'>, 'mac': <'52:54:00:18:10:0d'>}"
hold_in=$SANDBOX_DIR/hold.in
mkfifo "$hold_in"
client a "$UA" create --raw "$REQ" --hold <"$hold_in" >"$SANDBOX_DIR/hold.out" 2>&1 &
holder=$!
exec {hold_fd}>"$hold_in"
check "create: alice's port with ovn-switch" within 15 grep -q READY "$SANDBOX_DIR/hold.out" ||
    sed 's/^/#   /' "$SANDBOX_DIR/hold.out"
check "create: alice-c created on tenant1, owned by alice" \
    sh -c 'printf "%s" "$1" | grep -q "libvirt-networkd-binding=created" &&
           printf "%s" "$1" | grep -q "libvirt-networkd-owner-uid=$2"' _ "$(lsp_ids alice-c)" "$(id -u "$UA")"
check "create: addresses and port security are the MAC" \
    sh -c '[ "$(ovn-nbctl --db=unix:$0/nb.sock lsp-get-port-security alice-c)" = 52:54:00:18:10:0d ]' "$CENTRAL"
check "create: the OVS interface has iface-id, attached-mac" \
    sh -c '[ "$(ovs-vsctl --db=unix:$0/db.sock --data=bare --no-headings --columns=external_ids find Interface external_ids:iface-id=alice-c | grep -c "attached-mac=52:54:00:18:10:0d")" = 1 ]' "${HDIR[a]}"
ids_before=$(lsp_ids alice-c)
OUT=$(client b "$UB" create --raw "${REQ//0d\'/0e\'}" 2>&1)
check "create: bob cannot bind alice-c from host b (AccessDenied, named)" \
    sh -c 'printf "%s\n" "$1" | grep -q "^ERR org.libvirt.Networkd1.Error.AccessDenied .*belongs to uid"' _ "$OUT" ||
    printf '%s\n' "$OUT" | sed 's/^/#   /'
check "create: ... nothing changed in NB, no OVS interface, no tap on host b" \
    sh -c '[ "$1" = "$2" ] && [ -z "$3" ] && [ -z "$4" ]' _ "$ids_before" "$(lsp_ids alice-c)" \
    "$(ovs_ifaces b)" "$(taps b)"
OUT=$(client a "$UA" create --raw "${REQ//tenant1/tenant2}" 2>&1)
check "create: polkit refuses logical switch tenant2" \
    sh -c 'printf "%s\n" "$1" | grep -q "^ERR org.libvirt.Networkd1.Error.AccessDenied "' _ "$OUT" ||
    printf '%s\n' "$OUT" | sed 's/^/#   /'
exec {hold_fd}>&-
wait "$holder"
check "close: the OVS interface goes with the tap" within 3 no_ovs_ifaces a
check "close: the logical port it created is deleted" within 3 sh -c '! ovn-nbctl --db=unix:$0/nb.sock --if-exists get Logical_Switch_Port alice-c name | grep -q .' "$CENTRAL"

note "kill -9 of the daemon"
client a "$UA" create --raw "$REQ" --hold <"$hold_in" >"$SANDBOX_DIR/hold.out" 2>&1 &
holder=$!
exec {hold_fd}>"$hold_in"
within 15 grep -q READY "$SANDBOX_DIR/hold.out"
check "restart: the port exists" lsp_exists alice-c
daemon_stop a KILL
exec {hold_fd}>&-
wait "$holder"
check "restart: with the daemon gone, the OVS row and logical port stay behind" \
    sh -c '[ -n "$1" ]' _ "$(ovs_ifaces a)" && check "restart: ... the logical port too" lsp_exists alice-c
daemon_start a || check "restart: libvirt-networkd starts again" false
check "restart: reconciliation removed the OVS interface" within 5 no_ovs_ifaces a
check "restart: ... and the logical port" within 5 sh -c '! ovn-nbctl --db=unix:$0/nb.sock --if-exists get Logical_Switch_Port alice-c name | grep -q .' "$CENTRAL"
check "restart: ... and no tap is left" no_taps a

note "NB unreachable"
daemon_stop a
daemon_start a "unix:$SANDBOX_DIR/no-such-nb.sock" || check "unreachable: daemon starts" false
# nb_refused DESC REQUEST PATTERN: alice's CreatePort REQUEST on host a
# fails with an error matching PATTERN, leaving no tap, no OVS interface
# and no record
nb_refused() {
    OUT=$(client a "$UA" create --raw "$2" 2>&1)
    check "$1: the request fails saying so" \
        sh -c 'printf "%s\n" "$1" | grep -q "$2"' _ "$OUT" "$3" ||
        printf '%s\n' "$OUT" | sed 's/^/#   /'
    check "$1: no tap, no OVS interface, no record" \
        sh -c '[ -z "$1" ] && [ -z "$2" ] && [ -z "$(find "$3" -maxdepth 1 -name "*.port")" ]' _ \
        "$(taps a)" "$(ovs_ifaces a)" "$SANDBOX_DIR/state-a"
}
nb_refused unreachable "$REQ" "^ERR .*OVN northbound database unreachable"
check "unreachable: no logical port" sh -c '! ovn-nbctl --db=unix:$0/nb.sock --if-exists get Logical_Switch_Port alice-c name | grep -q .' "$CENTRAL"

# ------------------------------------------------------------------ network
note "the OVN network tenant1"
daemon_stop a
daemon_start a || check "network: libvirt-networkd of host a starts with NB" false
# net_admin HOST VIRSH-ARGS...: the admin's virsh against HOST's daemon
net_admin() {
    local h=$1; shift
    OUT=$(ip netns exec "${HNS[$h]}" env DBUS_SYSTEM_BUS_ADDRESS="${HBUS[$h]}" \
          "$GUESTENV_BIN/virsh" "$@" 2>&1)
}
net_ok() { # net_ok DESC HOST VIRSH-ARGS...
    local desc=$1 rc; shift
    net_admin "$@"
    rc=$?
    check "$desc" test $rc -eq 0 || printf '%s\n' "$OUT" | sed 's/^/#   /'
}
cat >"$SANDBOX_DIR/tenant1.xml" <<'XML'
<network xmlns:ovn='http://libvirt.org/schemas/networkd/ovn/1.0'>
  <name>tenant1</name>
  <uuid>5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a21</uuid>
  <forward mode='bridge'/>
  <bridge name='br-int'/>
  <mac address='52:54:00:18:21:01'/>
  <ip address='198.18.21.1' prefix='24'>
    <dhcp>
      <range start='198.18.21.100' end='198.18.21.149'>
        <lease expiry='2' unit='hours'/>
      </range>
      <host mac='52:54:00:18:21:0b' ip='198.18.21.12'/>
    </dhcp>
  </ip>
  <virtualport type='openvswitch'/>
  <ovn:switch name='ls-tenant1' create='yes'/>
</network>
XML
for h in a b; do
    net_ok "network: net-define tenant1 on host $h" "$h" net-define "$SANDBOX_DIR/tenant1.xml"
    net_ok "network: net-start tenant1 on host $h" "$h" net-start tenant1
done
dhcp_rows() { nb --bare --columns=_uuid find DHCP_Options \
    external_ids:libvirt-networkd-network=5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a21 | grep -c .; }
ls_get() { nb --if-exists get Logical_Switch ls-tenant1 "$1" 2>/dev/null | tr -d '"'; }
check "network: ls-tenant1 created, IPAM subnet and exclude_ips set" \
    sh -c '[ "$1" = 198.18.21.0/24 ] &&
           [ "$2" = "198.18.21.1..198.18.21.99 198.18.21.150..198.18.21.254" ]' _ \
    "$(ls_get other_config:subnet)" "$(ls_get other_config:exclude_ips)"
check "network: one DHCP_Options row per host" test "$(dhcp_rows)" = 2
row_a=$(nb --bare --columns=_uuid find DHCP_Options external_ids:libvirt-networkd-host=host-a)
check "network: host a's DHCP options (router, server, lease from the XML)" \
    sh -c '[ "$(ovn-nbctl --db=unix:$0/nb.sock dhcp-options-get-options "$1" | sort | tr "\n" " ")" = \
             "lease_time=7200 router=198.18.21.1 server_id=198.18.21.1 server_mac=52:54:00:18:21:01 " ]' \
    "$CENTRAL" "$row_a"
daemon_stop a KILL
daemon_start a || check "network: libvirt-networkd of host a starts again" false
net_admin a net-list --all
check "network: tenant1 still active on host a after kill -9 of its daemon" \
    sh -c 'printf "%s\n" "$1" | grep -q "^ tenant1 *active"' _ "$OUT"
check "network: ... the same DHCP_Options row, none added" \
    sh -c '[ "$1" = 2 ] && [ "$(ovn-nbctl --db=unix:$0/nb.sock get DHCP_Options "$2" cidr)" = "\"198.18.21.0/24\"" ]' \
    "$CENTRAL" "$(dhcp_rows)" "$row_a"

# ovn_guest_define HOST USER NAME MAC PEER: a guest taking its address by
# DHCP on tenant1, pinging PEER
ovn_guest_define() {
    local h=$1 u=$2 name=$3 mac=$4 peer=$5 f
    f=$(guestenv_home "$u")/$name.xml
    GUESTENV_OWNER=$u guestenv_domain_xml "$name" "$mac" dhcp "$peer" network=tenant1 default 150 |
        sed "s|<source network='tenant1'/>|<source network='tenant1'/><mtu size='1400'/>|" \
        >"$f" && chown "$u:$u" "$f" && on_host "$h" guestenv_virsh "$u" define "$f" >/dev/null
}
# lsps: the logical ports the daemons named
lsps() { nb --bare --columns=name find Logical_Switch_Port 2>/dev/null | grep '^networkd-' | sort; }
lsp_of_mac() { # lsp_of_mac MAC: the daemon's logical port created for MAC
    local n
    for n in $(lsps); do
        nb get Logical_Switch_Port "$n" addresses | grep -q "$1" && { echo "$n"; return; }
    done
}
dyn_addr() { # dyn_addr LSP: the address northd assigned it
    nb get Logical_Switch_Port "$1" dynamic_addresses 2>/dev/null | tr -d '"' | awk '{ print $2 }'
}
ovn_guest_define a "$UA" gd 52:54:00:18:21:0a 198.18.21.12
run_ok "network: alice starts gd (type='network', tenant1) on host a" a "$UA" start gd
lsp_d=$(lsp_of_mac 52:54:00:18:21:0a)
check "network: gd's logical port created on ls-tenant1, owned by alice, with OVN's DHCP" \
    sh -c 'printf "%s" "$1" | grep -q "libvirt-networkd-binding=created" &&
           printf "%s" "$1" | grep -q "libvirt-networkd-owner-uid=$2" &&
           [ "$(ovn-nbctl --db=unix:$0/nb.sock get Logical_Switch_Port "$3" dhcpv4_options)" = "$4" ] &&
           ovn-nbctl --db=unix:$0/nb.sock lsp-list ls-tenant1 | grep -q "$3"' \
    "$CENTRAL" "$(lsp_ids "${lsp_d:-none}")" "$(id -u "$UA")" "${lsp_d:-none}" "$row_a"
check "network: gd's tap is on br-int with iface-id ${lsp_d:-?}" \
    sh -c '[ "$(ovs-vsctl --db=unix:$0/db.sock get Interface "$1" external_ids:iface-id | tr -d \")" = "$2" ]' \
    "${HDIR[a]}" "$(taps a)" "${lsp_d:-none}"
addr_d=
dyn_ok() { addr_d=$(dyn_addr "${lsp_d:-none}"); [ -n "$addr_d" ]; }
within 10 dyn_ok
check "network: northd gives gd a dynamic address of the range (${addr_d:-none})" \
    sh -c 'case $1 in 198.18.21.1[0-4][0-9]) ;; *) exit 1 ;; esac' _ "${addr_d:-none}"
ovn_guest_define b "$UA" ge 52:54:00:18:21:0b "${addr_d:-198.18.21.100}"
run_ok "network: alice starts ge (the reserved MAC) on host b" b "$UA" start ge
lsp_e=$(lsp_of_mac 52:54:00:18:21:0b)
check "network: ge's logical port holds the reserved address" \
    sh -c '[ "$(ovn-nbctl --db=unix:$0/nb.sock get Logical_Switch_Port "$1" addresses)" = "[\"52:54:00:18:21:0b 198.18.21.12\"]" ]' \
    "$CENTRAL" "${lsp_e:-none}"
dhcp_ok() { sandbox_wait_grep 150 '^GUEST-DHCP-' "$(guestenv_serial "$1" "$2")"; }
dhcp_ok "$UA" gd || show_serial "$UA" gd
# (the serial console ends its lines with CR LF)
check "network: gd got $addr_d from OVN's DHCP" \
    grep -Eq "^GUEST-DHCP-OK ${addr_d:-none}[[:space:]]*\$" "$(guestenv_serial "$UA" gd)" ||
    show_serial "$UA" gd
dhcp_ok "$UA" ge || show_serial "$UA" ge
check "network: ge got its reservation 198.18.21.12 from OVN's DHCP" \
    grep -Eq '^GUEST-DHCP-OK 198[.]18[.]21[.]12[[:space:]]*$' "$(guestenv_serial "$UA" ge)" ||
    show_serial "$UA" ge
ping_ok "$UA" gd || show_serial "$UA" gd
ping_ok "$UA" ge || show_serial "$UA" ge
check "network: gd (host a) reaches ge (host b) across OVN" grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UA" gd)"
check "network: ge (host b) reaches gd (host a) across OVN" grep -q '^GUEST-PING-OK' "$(guestenv_serial "$UA" ge)"

note "bob on tenant1"
ovn_guest_define a "$UB" gy 52:54:00:18:21:0c 198.18.21.12
lsps_before=$(lsps)
ifaces_before=$(ovs_ifaces a)
OUT=$(on_host a guestenv_virsh "$UB" start gy 2>&1)
check "network: bob's start is refused, naming the network" \
    sh -c 'printf "%s\n" "$1" | grep -q "not authorized to create a port on network .tenant1."' _ "$OUT" ||
    printf '%s\n' "$OUT" | sed 's/^/#   /'
check "network: ... no logical port, no OVS interface made for him" \
    sh -c '[ "$1" = "$2" ] && [ "$3" = "$4" ]' _ "$lsps_before" "$(lsps)" "$ifaces_before" "$(ovs_ifaces a)"

note "destroy and kill -9 on tenant1"
gone_lsp() { ! lsp_exists "$1"; }
# gd powers off by itself once ge has pinged it: on a loaded machine it
# may be gone already, and its own power-off must clean up the same way
OUT=$(on_host a guestenv_virsh "$UA" destroy gd 2>&1)
rc=$?
check "network: alice destroys gd (or it powered off once pinged)" \
    sh -c '[ "$1" -eq 0 ] || printf "%s\n" "$2" | grep -q "domain .gd. is not running"' _ "$rc" "$OUT" ||
    printf '%s\n' "$OUT" | sed 's/^/#   /'
check "network: destroy leaves no OVS interface on host a" within 5 no_ovs_ifaces a
check "network: ... no tap" within 5 no_taps a
check "network: ... and gd's logical port is deleted" within 5 gone_lsp "${lsp_d:-none}"
kill -KILL "$(guestenv_qemu_pid "$UA" ge)"
check "network: kill -9 of ge's QEMU leaves no OVS interface on host b" within 5 no_ovs_ifaces b
check "network: ... no tap" within 5 no_taps b
check "network: ... and ge's logical port is deleted" within 5 gone_lsp "${lsp_e:-none}"

note "net-dhcp-leases on tenant1 (the logical ports' addresses; OVN keeps no expiry)"
# alice holds a port on host a (the reserved MAC) and one on host b (a
# dynamic address)
mkfifo "$SANDBOX_DIR/hold-b.in"
client a "$UA" create --raw "{'plug': <'network'>, 'network': <'tenant1'>, 'mac': <'52:54:00:18:21:0b'>}" \
    --hold <"$hold_in" >"$SANDBOX_DIR/hold.out" 2>&1 &
holder=$!
exec {hold_fd}>"$hold_in"
client b "$UA" create --raw "{'plug': <'network'>, 'network': <'tenant1'>, 'mac': <'52:54:00:18:21:0d'>}" \
    --hold <"$SANDBOX_DIR/hold-b.in" >"$SANDBOX_DIR/hold-b.out" 2>&1 &
holder_b=$!
exec {hold_b_fd}>"$SANDBOX_DIR/hold-b.in"
check "leases: alice's ports on host a and host b" within 15 \
    sh -c 'grep -q READY "$0" && grep -q READY "$1"' "$SANDBOX_DIR/hold.out" "$SANDBOX_DIR/hold-b.out" ||
    sed 's/^/#   /' "$SANDBOX_DIR/hold.out" "$SANDBOX_DIR/hold-b.out"
addr_b=
dyn_b_ok() { addr_b=$(dyn_addr "$(lsp_of_mac 52:54:00:18:21:0d)"); [ -n "$addr_b" ]; }
within 10 dyn_b_ok
has_lease() { printf '%s\n' "$1" | grep -Eq "^ *- +$2 +ipv4 +$3/24 +- +- *\$"; }
net_ok "leases: root's net-dhcp-leases tenant1 on host a" a net-dhcp-leases tenant1
check "leases: root on host a sees the reservation (host a) and the dynamic address ${addr_b:-none} (host b), expiry '-'" \
    sh -c "$(declare -f has_lease); has_lease \"\$1\" 52:54:00:18:21:0b 198.18.21.12 &&
           has_lease \"\$1\" 52:54:00:18:21:0d '${addr_b:-none}'" _ "$OUT" ||
    printf '%s\n' "$OUT" | sed 's/^/#   /'
run_ok "leases: alice's net-dhcp-leases tenant1 on host a" a "$UA" net-dhcp-leases tenant1
check "leases: alice on host a sees her port there, not the one on host b" \
    sh -c "$(declare -f has_lease); has_lease \"\$1\" 52:54:00:18:21:0b 198.18.21.12 &&
           ! printf '%s\n' \"\$1\" | grep -q 52:54:00:18:21:0d" _ "$OUT" ||
    printf '%s\n' "$OUT" | sed 's/^/#   /'
run_ok "leases: bob's net-dhcp-leases tenant1 on host a" a "$UB" net-dhcp-leases tenant1
check "leases: bob sees none of alice's" \
    sh -c '! printf "%s\n" "$1" | grep -q 52:54:00:18:21:0' _ "$OUT" ||
    printf '%s\n' "$OUT" | sed 's/^/#   /'
exec {hold_fd}>&- {hold_b_fd}>&-
wait "$holder" "$holder_b"
check "leases: with alice's ports closed, root sees no lease" within 5 \
    sh -c 'out=$(ip netns exec "$0" env DBUS_SYSTEM_BUS_ADDRESS="$1" "$2" net-dhcp-leases tenant1) &&
           printf "%s\n" "$out" | grep -q "Expiry Time" && ! printf "%s\n" "$out" | grep -q 52:54:00' \
    "${HNS[a]}" "${HBUS[a]}" "$GUESTENV_BIN/virsh"

note "net-destroy"
net_ok "network: net-destroy tenant1 on host a" a net-destroy tenant1
check "network: host a's DHCP_Options row is gone; host b's and the subnet stay" \
    sh -c '[ "$1" = 1 ] && [ "$2" = 198.18.21.0/24 ]' _ "$(dhcp_rows)" "$(ls_get other_config:subnet)"
net_ok "network: net-destroy tenant1 on host b" b net-destroy tenant1
check "network: no DHCP_Options row and no subnet left; the switch stays" \
    sh -c '[ "$1" = 0 ] && [ -z "$2" ] && [ "$3" = ls-tenant1 ]' _ "$(dhcp_rows)" \
    "$(ls_get other_config:subnet)" "$(ls_get name)"

# ------------------------------------------------------------------ northbound
note "an OVN network in a northbound database of its own"
NB2=$CENTRAL/nb2
ovsdb-tool create "$NB2.db" /usr/share/ovn/ovn-nb.ovsschema &&
    sandbox_start ovsdb-nb2 ip netns exec "$CNS" ovsdb-server "$NB2.db" \
        --remote="punix:$NB2.sock" --pidfile="$NB2.pid" --log-file="$NB2.log" \
        --unixctl="$NB2.ctl" -vconsole:off &&
    sandbox_wait_for 10 test -S "$NB2.sock" || check "northbound: second NB database starts" false
nb2() { ovn-nbctl --db="unix:$NB2.sock" --timeout=10 "$@"; }
sed -e "s|<ovn:switch name='ls-tenant1' create='yes'/>|<ovn:switch name='ls-tenant2' create='yes' northbound='unix:$NB2.sock'/>|" \
    -e 's/<name>tenant1/<name>tenant2/; s/5e1c7e2a-34b0-4c0e-9b8e-0b8d1d7f0a21/7c2d9a41-6b3e-4f08-a1d5-3e9b0c4f2a17/' \
    -e '/<mac /,/<\/ip>/d' "$SANDBOX_DIR/tenant1.xml" >"$SANDBOX_DIR/tenant2.xml"
net_ok "northbound: net-define tenant2 (northbound='unix:.../nb2.sock')" a net-define "$SANDBOX_DIR/tenant2.xml"
net_ok "northbound: net-start tenant2" a net-start tenant2
check "northbound: ls-tenant2 is made in the network's database, not in the daemon's" \
    sh -c '[ "$1" = ls-tenant2 ] && [ -z "$2" ]' _ \
    "$(nb2 --if-exists get Logical_Switch ls-tenant2 name 2>/dev/null | tr -d '"')" \
    "$(nb --if-exists get Logical_Switch ls-tenant2 name 2>/dev/null)"
NREQ="{'plug': <'network'>, 'network': <'tenant2'>, 'mac': <'52:54:00:18:22:0a'>}"
client a "$UA" create --raw "$NREQ" --hold <"$hold_in" >"$SANDBOX_DIR/hold.out" 2>&1 &
holder=$!
exec {hold_fd}>"$hold_in"
check "northbound: alice's port on tenant2" within 15 grep -q READY "$SANDBOX_DIR/hold.out" ||
    sed 's/^/#   /' "$SANDBOX_DIR/hold.out"
lsp2=$(nb2 --bare --columns=name find Logical_Switch_Port 2>/dev/null | grep '^networkd-')
check "northbound: its logical port ($lsp2) is in nb2, owned by alice, on ls-tenant2" \
    sh -c 'printf "%s" "$1" | grep -q "libvirt-networkd-owner-uid=$2" &&
           ovn-nbctl --db=unix:$0 lsp-list ls-tenant2 | grep -q "$3"' "$NB2.sock" \
    "$(nb2 --if-exists get Logical_Switch_Port "${lsp2:-none}" external_ids 2>/dev/null | tr -d '"')" \
    "$(id -u "$UA")" "${lsp2:-none}"
check "northbound: ... and not in the daemon's database" test -z "$(lsps)"
check "northbound: the tap is on br-int with that iface-id" \
    sh -c '[ "$(ovs-vsctl --db=unix:$0/db.sock get Interface "$1" external_ids:iface-id | tr -d \")" = "$2" ]' \
    "${HDIR[a]}" "$(taps a)" "${lsp2:-none}"
exec {hold_fd}>&-
wait "$holder"
check "northbound: closing it deletes the logical port in nb2" within 5 \
    sh -c '[ -z "$(ovn-nbctl --db=unix:$0 --bare --columns=name find Logical_Switch_Port)" ]' "$NB2.sock"
check "northbound: ... and the OVS interface" within 5 no_ovs_ifaces a

sandbox_stop ovsdb-nb2 5
nb_refused "northbound: nb2 stopped, a port on tenant2" "$NREQ" \
    "^ERR .*OVN northbound database unreachable.*nb2.sock"
sed -e 's/<name>tenant2/<name>tenant3/; s/7c2d9a41-6b3e-4f08-a1d5-3e9b0c4f2a17/0d3e8b52-7c4f-4a19-b2e6-4f0c1d5e3b28/' \
    -e "s|northbound='[^']*'|northbound='unix:$SANDBOX_DIR/no-such-nb.sock'|" \
    "$SANDBOX_DIR/tenant2.xml" >"$SANDBOX_DIR/tenant3.xml"
net_ok "northbound: net-define tenant3 (a socket nobody serves)" a net-define "$SANDBOX_DIR/tenant3.xml"
net_admin a net-start tenant3
check "northbound: net-start tenant3 fails naming its database" \
    sh -c 'printf "%s\n" "$1" | grep -q "no-such-nb.sock"' _ "$OUT" || printf '%s\n' "$OUT" | sed 's/^/#   /'
net_admin a net-list --all
check "northbound: ... and tenant3 stays inactive" \
    sh -c 'printf "%s\n" "$1" | grep -q "^ tenant3 *inactive"' _ "$OUT" || printf '%s\n' "$OUT" | sed 's/^/#   /'

sandbox_checks_finish
