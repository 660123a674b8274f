#!/bin/bash
# networktest.sh: virtual networks end to end, for unprivileged users.
#
# A private world from scripts/lib/guestenv.sh (network namespace, private
# system bus, real polkitd, libvirt-networkd from the build dir), plus an
# "outside" namespace joined to it by a veth pair (198.19.0.1 on the host
# side, 198.19.0.2 outside, where a small HTTP server answers each client
# with the address it sees).  Then:
#   admin        root defines and starts a NAT network "lab" (198.18.100.0/24,
#                a <dns><host> name, a DHCP range) with this tree's virsh
#                over the daemon: net-list, net-info, net-dumpxml show it,
#                its bridge exists and dnsmasq runs
#   nat          user A, allowed "lab" by a polkit rule on the network's
#                name, starts a guest with <interface type='network'>: the
#                guest gets a DHCP lease in the range (GUEST-DHCP-OK),
#                resolves the <dns><host> name through the lease's DNS
#                (GUEST-RESOLVE-OK), pings the gateway, and fetches a page
#                from the outside, which saw the masqueraded address
#                198.19.0.1 (GUEST-FETCH-OK); the outside cannot open a
#                connection to the guest; the live XML names the bridge;
#                A sees the lease in net-dhcp-leases, B does not, root does
#   peers        user A and user C (both allowed) each start a guest on
#                "lab"; the network's <dhcp><host> reservations give them
#                fixed addresses, and each pings the other's
#   restart      kill -9 of libvirt-networkd with "lab" active and a guest
#                running, then a new daemon: the guest still answers over
#                the bridge, one dnsmasq serves "lab", its nftables chains
#                and rules are all there, the port is still A's and goes
#                away when the guest is destroyed
#   refused      user B (not in the rule's group) cannot start a guest on
#                "lab": the error names the network, no port is left
#   route        a routed network: the outside (with a route back) reaches
#                a guest's HTTP server directly
#   isolated     a network without <forward>: the guest gets its lease but
#                cannot reach the outside
#   stop         net-destroy: no bridge, no dnsmasq of the network, none of
#                its nftables chains; net-undefine: gone from net-list
# Root only (77 otherwise).  Prints "ok N - ..." lines.  Guests run under
# TCG with generous time-outs, two at a time where the cases allow (the
# restart case's guest boots beside the nat case's; the peers; the route
# and isolated cases' guests).
set -u

top_srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${abs_top_builddir:-$top_srcdir/build}
. "$top_srcdir/scripts/lib/sandbox.sh"
. "$top_srcdir/scripts/lib/guestenv.sh"

sandbox_require_root
sandbox_require_cmd qemu-system-x86_64 ip dbus-daemon setpriv useradd unshare dnsmasq \
    nft python3 curl "$SANDBOX_POLKITD"
sandbox_enter "$@"
guestenv_test_start "$top_srcdir" "$top_builddir" src/network/libvirt-networkd tools/virsh

check() { sandbox_check "$@"; }

UA=nt$$a
UB=nt$$b
UC=nt$$c
GROUP=nt$$vm
OTHER=nt$$no
guestenv_users_add "$GROUP" "$UA" || { echo "FAIL: test users"; exit 1; }
guestenv_users_add "$OTHER" "$UB" || { echo "FAIL: test users"; exit 1; }
guestenv_users_add "$GROUP" "$UC" || { echo "FAIL: test users"; exit 1; }
guestenv_world_start "$GROUP" || { echo "FAIL: sandbox world"; exit 1; }
NS=$GUESTENV_NS

# Members of $GROUP may put guests on the network "lab" and on the
# networks "routed" and "closed" of the later cases, nothing else.  Read
# before guestenv's rule (which says no to anything but br0): polkitd
# reads the files in name order.
cat >/etc/polkit-1/rules.d/05-networktest.rules <<EOF
polkit.addRule(function(action, subject) {
    if (action.id == "org.libvirt.networkd.port.create" &&
        action.lookup("plug") == "network" &&
        ["lab", "routed", "closed"].indexOf(action.lookup("network")) >= 0 &&
        subject.isInGroup("$GROUP")) {
        return polkit.Result.YES;
    }
    return polkit.Result.NOT_HANDLED;
});
EOF
chmod 0644 /etc/polkit-1/rules.d/05-networktest.rules

# --- the outside: a veth pair, and an HTTP server that answers with the
# client address it sees
OUTNS=lvnd-outside-$$
sandbox_netns_add "$OUTNS" || exit 1
ip link add vout0 netns "$NS" type veth peer name vout1 netns "$OUTNS" || exit 1
ip -n "$NS" addr add 198.19.0.1/24 dev vout0 && ip -n "$NS" link set vout0 up || exit 1
ip -n "$OUTNS" addr add 198.19.0.2/24 dev vout1 && ip -n "$OUTNS" link set vout1 up || exit 1
cat >"$SANDBOX_DIR/outside.py" <<'EOF'
# Answers every GET with the client's address as the page's last line.
import http.server
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("seen from " + self.client_address[0] + "\n" +
                self.client_address[0] + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
http.server.HTTPServer(("198.19.0.2", 8080), Handler).serve_forever()
EOF
sandbox_start outside ip netns exec "$OUTNS" /usr/bin/python3 "$SANDBOX_DIR/outside.py" || exit 1

OUT=
# admin DESC VIRSH-ARGS...: virsh as root (uid 0: no polkit) over the
# private bus, must succeed
admin() {
    local desc=$1
    shift
    OUT=$(ip netns exec "$NS" env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" \
          "$GUESTENV_BIN/virsh" "$@" 2>&1)
    local rc=$?
    check "$desc" test $rc -eq 0 || printf '%s\n' "$OUT" | sed 's/^/#   /'
    return $rc
}
# as_user DESC USER VIRSH-ARGS...: virsh -c qemu:///session as USER, must succeed
as_user() {
    local desc=$1 u=$2
    shift 2
    OUT=$(guestenv_virsh "$u" "$@" 2>&1)
    local rc=$?
    check "$desc" test $rc -eq 0 || printf '%s\n' "$OUT" | sed 's/^/#   /'
    return $rc
}
# user_fails DESC PATTERN USER VIRSH-ARGS...: must fail, saying PATTERN
user_fails() {
    local desc=$1 pat=$2 u=$3
    shift 3
    OUT=$(guestenv_virsh "$u" "$@" 2>&1)
    local rc=$?
    if ! check "$desc" sh -c '[ "$1" -ne 0 ] && printf "%s\n" "$2" | grep -qF -- "$3"' \
        _ "$rc" "$OUT" "$pat"; then
        echo "#   exit $rc, wanted an error with: $pat"
        printf '%s\n' "$OUT" | sed 's/^/#   /'
    fi
}
# has OUT-PATTERN: the last command's output matches the extended regex
has() { printf '%s\n' "$OUT" | grep -qE -- "$1"; }
# serial_has USER DOMAIN PATTERN SECONDS: the guest's console shows PATTERN
serial_has() {
    # a guest that did not start has no console: do not wait for it
    if ! sandbox_wait_for 10 test -e "$(guestenv_serial "$1" "$2")"; then
        echo "#   $2 has no console (not started)"
        return 1
    fi
    if sandbox_wait_grep "$4" "$3" "$(guestenv_serial "$1" "$2")"; then
        return 0
    fi
    echo "#   no '$3' on $2's console within $4 s; its tail:"
    tail -n 15 "$(guestenv_serial "$1" "$2")" 2>/dev/null | sed 's/^/#   /'
    return 1
}
# network_xml NAME UUID FORWARD SUBNET-PREFIX [MAC=HOST...]: a network with
# a DHCP range .10-.99 of SUBNET.0/24, the host name files.lab.test at .5,
# and a DHCP reservation of SUBNET.HOST for each MAC=HOST; FORWARD is
# "nat", "route" or "" (isolated)
network_xml() {
    local hosts='' r
    local fwd=
    [ -z "$3" ] || fwd="<forward mode='$3'/>"
    for r in "${@:5}"; do
        hosts="$hosts<host mac='${r%%=*}' ip='$4.${r#*=}'/>"
    done
    cat <<EOF
<network>
  <name>$1</name>
  <uuid>$2</uuid>
  $fwd
  <domain name='lab.test'/>
  <dns>
    <host ip='$4.5'>
      <hostname>files.lab.test</hostname>
    </host>
  </dns>
  <ip address='$4.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='$4.10' end='$4.99'/>
      $hosts
    </dhcp>
  </ip>
</network>
EOF
}
# bridge_of NETWORK: the bridge net-info shows
bridge_of() {
    ip netns exec "$NS" env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" \
        "$GUESTENV_BIN/virsh" net-info "$1" 2>/dev/null | awk '$1 == "Bridge:" { print $2 }'
}
# dnsmasq_of BRIDGE: pids of the dnsmasq processes whose config file
# (--conf-file=) serves BRIDGE and is this test's (other runs on the host
# may have a bridge of the same name in their own namespace)
dnsmasq_of() {
    local pid conf
    for pid in $(pgrep -x dnsmasq); do
        conf=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | sed -n 's/^--conf-file=//p')
        case $conf in "$SANDBOX_DIR"/*) ;; *) continue ;; esac
        grep -qx "interface=$1" "$conf" 2>/dev/null && echo "$pid"
    done
}
# gone PID...: none of the processes runs any more
gone() {
    local p
    for p in "$@"; do
        ! kill -0 "$p" 2>/dev/null || return 1
    done
}
# nft_chains BRIDGE: our chains named after BRIDGE
nft_chains() {
    ip netns exec "$NS" nft list table inet libvirt_networkd 2>/dev/null | grep -c "chain [a-z]*_$1 "
}

# ================================================================ admin
network_xml lab 5d3e2f1a-4b6c-4d7e-8f90-a1b2c3d4e5f6 nat 198.18.100 \
    52:54:00:64:00:50=150 52:54:00:64:00:51=151 >"$SANDBOX_DIR/lab.xml"
chmod 0644 "$SANDBOX_DIR/lab.xml"
admin "admin: net-define lab" net-define "$SANDBOX_DIR/lab.xml" &&
    check "admin: net-define says so" has "^Network lab defined from "
admin "admin: net-start lab" net-start lab
admin "admin: net-autostart lab" net-autostart lab
admin "admin: net-list --all" net-list --all &&
    check "admin: lab is active, autostarted, persistent" has "^ lab +active +yes +yes$"
BR=$(bridge_of lab)
check "admin: net-info names a bridge" test -n "$BR"
check "admin: the bridge exists with the gateway address" \
    sh -c "ip -n $NS -4 addr show dev '$BR' | grep -q 'inet 198.18.100.1/24'"
LAB_DNSMASQ=$(dnsmasq_of "$BR")
check "admin: one dnsmasq serves it" test "$(echo "$LAB_DNSMASQ" | wc -w)" -eq 1
admin "admin: net-dumpxml lab" net-dumpxml lab &&
    check "admin: the live XML names the bridge" has "<bridge name='$BR'"
# a user may look, not manage
as_user "user: net-list works for anyone" "$UA" net-list
user_fails "user: net-destroy is refused" "not authorized" "$UA" net-destroy lab

# ================================================================ nat
GUESTENV_CMDLINE="guest.resolve=files.lab.test guest.fetch=198.19.0.2:8080 guest.httpd=8000" \
    guestenv_define "$UA" natguest 52:54:00:64:00:10 dhcp 198.18.100.1 network=lab default 120
check "nat: user A defined a guest on network lab" test $? -eq 0
as_user "nat: user A starts it" "$UA" start natguest
# the guest of the restart case below boots meanwhile (on the other CPU);
# nothing pings it, so it stays up until destroyed
GUESTENV_CMDLINE="guest.httpd=8000" \
    guestenv_define "$UA" keepguest 52:54:00:64:00:30 dhcp 198.18.100.1 network=lab default 600
as_user "restart: user A starts a guest on lab" "$UA" start keepguest
check "nat: GUEST-DHCP-OK with an address of the range" \
    serial_has "$UA" natguest "^GUEST-DHCP-OK 198\.18\.100\.([1-9][0-9])\b" 120
GUEST_IP=$(sed -n 's/^GUEST-DHCP-OK \([0-9.]*\).*/\1/p' "$(guestenv_serial "$UA" natguest)" | head -n 1)
check "nat: GUEST-RESOLVE-OK files.lab.test through the network's DNS" \
    serial_has "$UA" natguest "^GUEST-RESOLVE-OK 198\.18\.100\.5\b" 60
check "nat: the guest pings its gateway" serial_has "$UA" natguest "^GUEST-PING-OK" 90
check "nat: the outside saw the masqueraded address 198.19.0.1" \
    serial_has "$UA" natguest "^GUEST-FETCH-OK 198\.19\.0\.1\b" 90
check "nat: the outside server logged 198.19.0.1" \
    grep -q '^198\.19\.0\.1 ' "$SANDBOX_DIR/logs/outside.log"
check "nat: the host reaches the guest's server (it is up)" \
    sh -c "[ -n '$GUEST_IP' ] && ip netns exec $NS curl -s -m 10 --retry 5 --retry-all-errors http://$GUEST_IP:8000/ | grep -q GUEST-HTTPD-OK"
ip -n "$OUTNS" route add 198.18.100.0/24 via 198.19.0.1
check "nat: the outside cannot open a connection to the guest" \
    sh -c "[ -n '$GUEST_IP' ] && ! ip netns exec $OUTNS curl -s -m 5 http://$GUEST_IP:8000/ >/dev/null"
ip -n "$OUTNS" route del 198.18.100.0/24 via 198.19.0.1
as_user "nat: dumpxml of the running guest" "$UA" dumpxml natguest &&
    check "nat: the live XML shows <source network='lab' bridge='$BR'/>" \
        has "<source network='lab' bridge='$BR'/>"
as_user "nat: domiflist of the running guest" "$UA" domiflist natguest &&
    check "nat: domiflist shows a network interface on lab" has "^ vnet[0-9]+ +network +lab +virtio "
as_user "nat: net-dhcp-leases lab as user A" "$UA" net-dhcp-leases lab &&
    check "nat: A sees the guest's lease" has " 52:54:00:64:00:10 +ipv4 +$GUEST_IP/24 "
as_user "nat: net-dhcp-leases lab as user B" "$UB" net-dhcp-leases lab &&
    check "nat: B does not see A's lease" sh -c '! printf "%s\n" "$1" | grep -q 52:54:00:64:00:10' _ "$OUT"
admin "nat: net-dhcp-leases lab as root" net-dhcp-leases lab &&
    check "nat: root sees it" has " 52:54:00:64:00:10 "

# ================================================================ refused
guestenv_define "$UB" refusedguest 52:54:00:64:00:20 dhcp 198.18.100.1 network=lab default 30
user_fails "refused: user B cannot start a guest on lab" "network 'lab'" "$UB" start refusedguest
check "refused: the error is a polkit refusal" sh -c 'printf "%s\n" "$1" | grep -qi "not authorized\|access denied"' _ "$OUT"
check "refused: B has no port" sh -c "[ \$(guestenv_virsh $UB net-port-list 2>/dev/null | awk 'NR > 2 && NF' | wc -l) -eq 0 ]"

as_user "nat: destroy the guest" "$UA" destroy natguest

# ================================================================ peers
# Two users' guests on one NAT network, at the addresses lab reserves for
# their MACs (outside the range, so a lease from the range fails the
# address checks: the reservations must be acted on), each pinging the
# other: a network that kept ports of different users apart, or dropped
# bridged traffic between ports, fails the GUEST-PING-OK checks.
guestenv_define "$UA" peera 52:54:00:64:00:50 dhcp 198.18.100.151 network=lab default 120
check "peers: user A defined a guest on lab" test $? -eq 0
guestenv_define "$UC" peerc 52:54:00:64:00:51 dhcp 198.18.100.150 network=lab default 120
check "peers: user C defined a guest on lab" test $? -eq 0
as_user "peers: user A starts it" "$UA" start peera
as_user "peers: user C, also allowed lab, starts hers" "$UC" start peerc
check "peers: A's guest got its reserved address 198.18.100.150" \
    serial_has "$UA" peera "^GUEST-DHCP-OK 198\.18\.100\.150\b" 120
check "peers: C's guest got its reserved address 198.18.100.151" \
    serial_has "$UC" peerc "^GUEST-DHCP-OK 198\.18\.100\.151\b" 120
check "peers: A's guest pings C's" serial_has "$UA" peera "^GUEST-PING-OK" 120
check "peers: C's guest pings A's" serial_has "$UC" peerc "^GUEST-PING-OK" 120
guestenv_virsh "$UA" destroy peera >/dev/null 2>&1
guestenv_virsh "$UC" destroy peerc >/dev/null 2>&1

# ================================================================ restart
# kill -9 of the daemon while lab is active and a guest runs on it, then a
# new daemon.  Each check fails if the restart broke the feature: a new
# daemon that tore down or rebuilt the bridge (detaching the guest's tap)
# fails the host's fetch from the guest; one that started a second dnsmasq
# (or lost the first) fails the count; one that lost or doubled the
# nftables rules fails the listing comparison; one that forgot the port
# fails the port list checks.
check "restart: GUEST-DHCP-OK" serial_has "$UA" keepguest "^GUEST-DHCP-OK 198\.18\.100\." 120
KEEP_IP=$(sed -n 's/^GUEST-DHCP-OK \([0-9.]*\).*/\1/p' "$(guestenv_serial "$UA" keepguest)" | head -n 1)
# guest_page: the host fetches the guest's page over lab's bridge (not a
# ping: that would end the guest's guest.wait)
guest_page() {
    [ -n "$KEEP_IP" ] && ip netns exec "$NS" curl -s -m 10 --retry 5 --retry-all-errors \
        "http://$KEEP_IP:8000/" | grep -q GUEST-HTTPD-OK
}
check "restart: the host reaches the guest before" guest_page
# nft_rules: lab's table, sorted (line order within the table is not part
# of its meaning)
nft_rules() { ip netns exec "$NS" nft list table inet libvirt_networkd 2>/dev/null | sort; }
RULES_BEFORE=$(nft_rules)
CHAINS_BEFORE=$(nft_chains "$BR")
check "restart: lab has nftables chains" test "$CHAINS_BEFORE" -gt 0
DAEMON_PID=$(sandbox_pid networkd)
kill -KILL "$DAEMON_PID"
check "restart: kill -9 took the daemon down" sandbox_wait_for 10 gone "$DAEMON_PID"
sandbox_stop networkd
mv "$SANDBOX_DIR/logs/networkd.log" "$SANDBOX_DIR/logs/networkd-killed.log"
sandbox_start networkd env DBUS_SYSTEM_BUS_ADDRESS="$GUESTENV_BUS" \
    ip netns exec "$NS" "$GUESTENV_DAEMON" --config "$SANDBOX_DIR/networkd.conf"
check "restart: a new daemon is on the bus" sandbox_dbus_wait_name org.libvirt.Networkd1 30
admin "restart: net-list --all" net-list --all &&
    check "restart: lab is still active" has "^ lab +active +yes +yes$"
check "restart: net-info names the same bridge" test "$(bridge_of lab)" = "$BR"
check "restart: the running guest still answers over the bridge" guest_page
LAB_DNSMASQ=$(dnsmasq_of "$BR")
check "restart: exactly one dnsmasq serves lab" test "$(echo "$LAB_DNSMASQ" | wc -w)" -eq 1
check "restart: lab's nftables chains are intact" test "$(nft_chains "$BR")" -eq "$CHAINS_BEFORE"
if ! check "restart: the nftables table is as before" test "$(nft_rules)" = "$RULES_BEFORE"; then
    diff <(printf '%s\n' "$RULES_BEFORE") <(nft_rules) | sed 's/^/#   /'
fi
as_user "restart: net-port-list as user A" "$UA" net-port-list &&
    check "restart: A still has the guest's port" \
        test "$(printf '%s\n' "$OUT" | awk 'NR > 2 && NF' | wc -l)" -eq 1
as_user "restart: destroy the guest" "$UA" destroy keepguest
as_user "restart: net-port-list as user A after destroy" "$UA" net-port-list &&
    check "restart: its port is gone" \
        test "$(printf '%s\n' "$OUT" | awk 'NR > 2 && NF' | wc -l)" -eq 0

# ================================================================ route, isolated
# Each on a network of its own; both guests boot at once.
network_xml routed 6e4f3a2b-5c7d-4e8f-9a01-b2c3d4e5f6a7 route 198.18.110 >"$SANDBOX_DIR/routed.xml"
chmod 0644 "$SANDBOX_DIR/routed.xml"
admin "route: net-define and net-start routed" net-define "$SANDBOX_DIR/routed.xml" &&
    admin "route: net-start routed" net-start routed
network_xml closed 7f5a4b3c-6d8e-4f9a-8b12-c3d4e5f6a7b8 "" 198.18.120 >"$SANDBOX_DIR/closed.xml"
chmod 0644 "$SANDBOX_DIR/closed.xml"
admin "isolated: net-create closed (transient)" net-create "$SANDBOX_DIR/closed.xml"
GUESTENV_CMDLINE="guest.httpd=8000" \
    guestenv_define "$UA" routeguest 52:54:00:6e:00:10 dhcp 198.18.110.1 network=routed default 120
GUESTENV_CMDLINE="guest.fetch=198.19.0.2:8080" \
    guestenv_define "$UA" closedguest 52:54:00:78:00:10 dhcp 198.18.120.1 network=closed default 120
as_user "route: user A starts a guest on it" "$UA" start routeguest
as_user "isolated: user A starts a guest on it" "$UA" start closedguest

check "route: GUEST-DHCP-OK" serial_has "$UA" routeguest "^GUEST-DHCP-OK 198\.18\.110\." 120
ROUTE_IP=$(sed -n 's/^GUEST-DHCP-OK \([0-9.]*\).*/\1/p' "$(guestenv_serial "$UA" routeguest)" | head -n 1)
ip -n "$OUTNS" route add 198.18.110.0/24 via 198.19.0.1
check "route: the outside reaches the guest's server directly" \
    sh -c "ip netns exec $OUTNS curl -s -m 10 --retry 5 --retry-all-errors http://$ROUTE_IP:8000/ | grep -q GUEST-HTTPD-OK"
as_user "route: destroy the guest" "$UA" destroy routeguest

check "isolated: GUEST-DHCP-OK" serial_has "$UA" closedguest "^GUEST-DHCP-OK 198\.18\.120\." 120
check "isolated: the guest reaches its gateway" serial_has "$UA" closedguest "^GUEST-PING-OK" 90
check "isolated: but not the outside" serial_has "$UA" closedguest "^GUEST-FETCH-FAIL" 120
as_user "isolated: destroy the guest" "$UA" destroy closedguest
admin "isolated: net-destroy closed" net-destroy closed
admin "isolated: a transient network is gone after destroy" net-list --all --name &&
    check "isolated: closed is not listed" sh -c '! printf "%s\n" "$1" | grep -qx closed' _ "$OUT"

# ================================================================ stop
admin "stop: net-destroy lab" net-destroy lab
check "stop: lab's bridge is gone" sh -c "! ip -n $NS link show dev '$BR' >/dev/null 2>&1"
# shellcheck disable=SC2086 # one pid per word
check "stop: lab's dnsmasq is gone" sandbox_wait_for 5 gone $LAB_DNSMASQ
check "stop: no nftables chain of lab's bridge is left" test "$(nft_chains "$BR")" -eq 0
admin "stop: net-undefine lab" net-undefine lab
admin "stop: net-destroy routed; net-undefine routed" net-destroy routed &&
    admin "stop: net-undefine routed" net-undefine routed
admin "stop: net-list --all is empty" net-list --all --name &&
    check "stop: no network left" test -z "$(printf '%s' "$OUT" | tr -d '[:space:]')"

sandbox_checks_finish
