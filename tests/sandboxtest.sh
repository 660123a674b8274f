#!/bin/sh
# Self-test of scripts/lib/sandbox.sh: bring up a namespace with bridges and
# a tap, two test users, a private system bus with an extra policy, polkitd
# with a temporary action and rule, and background processes; check that
# each works (polkit answers by group membership and reloads a rule written
# while it runs, the bus applies the included policy, the address guard
# refuses outside 198.18.0.0/15); that the machine never sees any of it (the
# users, rules and actions exist only in the private mount namespace, seen
# from the namespace the run started in); then tear it all down and check
# that nothing is left: no namespace, process, installed file, user, group,
# mount or state directory.  Root only (skip 77).
set -u

top=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
. "$top/scripts/lib/sandbox.sh"

sandbox_require_root
sandbox_require_cmd ip dbus-daemon dbus-send setpriv useradd groupadd pkcheck \
    "$SANDBOX_POLKITD"
sandbox_enter "$@"

# fails CMD...: succeed if CMD fails.
fails() {
    ! "$@"
}

links_before=$(ip -o link show 2>/dev/null | awk -F': ' '{ print $2 }' | sort)

# outer CMD...: run CMD as the machine sees it (the namespace the run
# started from)
outer() {
    sandbox_outer "$@"
}
# outer_lacks CMD...: 0 if CMD, run as the machine sees it, fails (finds
# nothing); 1 if it succeeds or the machine's view cannot be reached
outer_lacks() {
    outer true && ! outer "$@"
}
# machine_lacks_ours: 0 unless the machine's polkit directories hold a
# file this run wrote: one with its name, or one naming its action or a
# user of it (both unique to the run).  Other runs and packages may change
# these directories meanwhile, so this does not compare whole listings.
machine_lacks_ours() {
    outer_lacks sh -c 'for d in /etc/polkit-1/rules.d /usr/share/polkit-1/rules.d \
                          /usr/share/polkit-1/actions; do
                     [ -d "$d" ] || continue
                     ls -A "$d" | grep -qE "^\.?(10-lvnd-sandbox-[0-9]+-test|20-userb)\." && exit 0
                     grep -rqsE "$1" "$d" && exit 0
                 done
                 exit 1' sh "$action|$usera|$userb"
}

sandbox_init
ns=lvnd-sbx-$$
usera=lvsa$$
userb=lvsb$$
group=lvsg$$
action=org.libvirt.sandboxtest$$.use

sandbox_check "/etc is a private copy on a tmpfs" sh -c "findmnt -n -o FSTYPE /etc | grep -qx tmpfs"
if outer test -d /usr/local/etc; then
    sandbox_check "/usr/local/etc is a private copy on a tmpfs" \
        sh -c "findmnt -n -o FSTYPE /usr/local/etc | grep -qx tmpfs"
    sandbox_check "a file written under /usr/local/etc" \
        sh -c "mkdir -p /usr/local/etc/lvsandbox$$ && touch /usr/local/etc/lvsandbox$$/f"
    sandbox_check "... is not on the machine" outer_lacks test -e /usr/local/etc/lvsandbox$$
fi
for d in /etc/polkit-1/rules.d /usr/share/polkit-1/rules.d /usr/share/polkit-1/actions /run/netns; do
    [ -d "$d" ] || [ "$d" != /usr/share/polkit-1/rules.d ] || continue
    sandbox_check "$d is a private, empty tmpfs" \
        sh -c "findmnt -n -o FSTYPE '$d' | grep -qx tmpfs && [ -z \"\$(ls -A '$d')\" ]"
done

# --- network
sandbox_check "netns with br0 198.18.0.1/24" sandbox_netns_add "$ns" br0 198.18.0.1/24
sandbox_check "br0 has its address" sh -c "ip -n $ns -o addr show dev br0 | grep -q 'inet 198.18.0.1/24'"
sandbox_check "second bridge without address" sandbox_bridge_add "$ns" br1
sandbox_check "address outside 198.18.0.0/15 refused" fails sandbox_bridge_add "$ns" br2 10.0.0.1/24 2>/dev/null
sandbox_check "refused bridge not created" fails ip -n "$ns" link show br2 2>/dev/null

# --- users
sandbox_check "user A in group G" sandbox_user_add "$usera" "$group"
sandbox_check "user B" sandbox_user_add "$userb"
sandbox_check "user A is in G" sh -c "id -nG $usera | grep -qw $group"
sandbox_check "user A has a uid of this run" \
    [ "$(id -u "$usera")" -ge $((1000000000 + 32 * $$)) ] && [ "$(id -u "$usera")" -lt $((1000000000 + 32 * $$ + 32)) ]
sandbox_check "the machine has no user A, B or group G" \
    outer_lacks sh -c "getent passwd $usera || getent passwd $userb || getent group $group"
sandbox_check "the machine's passwd and group files do not name them" \
    outer_lacks grep -qE "^($usera|$userb|$group):" /etc/passwd /etc/group /etc/shadow /etc/gshadow
sandbox_check "a private mount namespace" [ "$(readlink /proc/self/ns/mnt)" != "$SANDBOX_OUTER_MNTNS" ]
sandbox_check "the namespace the run started from is reachable" outer true
sandbox_check "tap owned by user A on br0" sandbox_tap_add "$ns" tap0 br0 "$usera"
sandbox_check "tap0 is a port of br0" sh -c "ip -n $ns -o link show master br0 | grep -q tap0"
sandbox_check "no capabilities in sandbox_run_as" \
    sandbox_run_as "$usera" sh -c 'grep -q "^CapEff:[[:space:]]*0000000000000000$" /proc/self/status'

# --- private bus with an included policy that denies introspecting the bus
policy=$SANDBOX_DIR/test-bus.conf
cat >"$policy" <<'EOF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <policy context="default">
    <deny send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
  </policy>
</busconfig>
EOF
chmod 0644 "$policy"
address=$(sandbox_dbus_start "$policy")
sandbox_check "dbus-daemon started" [ -n "$address" ]
sandbox_check "bus socket inside the state dir" [ "$address" = "unix:path=$SANDBOX_DIR/dbus/system_bus_socket" ]
sandbox_check "dbus pid recorded and running" sandbox_running dbus
bus_call() {
    DBUS_SYSTEM_BUS_ADDRESS=$address sandbox_run_as "$usera" \
        dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus "$@" \
        >/dev/null 2>&1
}
sandbox_check "user A can call ListNames" bus_call org.freedesktop.DBus.ListNames
sandbox_check "included policy applies (Introspect denied)" fails bus_call org.freedesktop.DBus.Introspectable.Introspect

# --- polkitd with a temporary action and a group rule
cat >"$SANDBOX_DIR/test.policy" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE policyconfig PUBLIC "-//freedesktop//DTD PolicyKit Policy Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/PolicyKit/1/policyconfig.dtd">
<policyconfig>
  <action id="$action">
    <description>sandbox self-test</description>
    <message>sandbox self-test</message>
    <defaults>
      <allow_any>no</allow_any>
      <allow_inactive>no</allow_inactive>
      <allow_active>no</allow_active>
    </defaults>
  </action>
</policyconfig>
EOF
cat >"$SANDBOX_DIR/test.rules" <<EOF
polkit.addRule(function(action, subject) {
    if (action.id == "$action" && subject.isInGroup("$group"))
        return polkit.Result.YES;
});
EOF
sandbox_check "polkitd started" sandbox_polkit_start "$SANDBOX_DIR/test.policy" "$SANDBOX_DIR/test.rules"
installed=$(cat "$SANDBOX_DIR/polkit.files" 2>/dev/null)
sandbox_check "two files installed" [ "$(echo "$installed" | grep -c .)" -eq 2 ]
for f in $installed; do
    sandbox_check "installed $f with mode 0644" [ "$(stat -c %a "$f")" = 644 ]
done
sandbox_check "no temporary file left in the polkit dirs" \
    fails sh -c "ls -a $SANDBOX_POLKIT_ACTIONS $SANDBOX_POLKIT_RULES | grep -q '^\.10-lvnd-sandbox-'"
polkit_files() {
    find "$SANDBOX_POLKIT_ACTIONS" "$SANDBOX_POLKIT_RULES" /usr/share/polkit-1/rules.d \
        -type f 2>/dev/null | sort
}
sandbox_check "polkitd sees only this run's rules and actions" \
    [ "$(polkit_files)" = "$(echo "$installed" | sort)" ]
sandbox_check "the machine's polkit directories hold no file of this run" machine_lacks_ours
pk() {
    DBUS_SYSTEM_BUS_ADDRESS=$address sandbox_run_as "$1" \
        sh -c "exec pkcheck --action-id $action --process \$\$" >/dev/null 2>&1
}
sandbox_check "polkit: user A (group G) authorized" pk "$usera"
sandbox_check "polkit: user B refused" fails pk "$userb"
# a rule written while polkitd runs is picked up (inotify on the private
# directory) without a restart
cat >"$SANDBOX_DIR/userb.rules" <<EOF
polkit.addRule(function(action, subject) {
    if (action.id == "$action" && subject.user == "$userb")
        return polkit.Result.YES;
});
EOF
chmod 0644 "$SANDBOX_DIR/userb.rules"
cp "$SANDBOX_DIR/userb.rules" "$SANDBOX_POLKIT_RULES/20-userb.rules"
sandbox_check "polkit: user B authorized by a rule added while it runs" sandbox_wait_for 10 pk "$userb"
sandbox_check "the machine's rules directory does not have that rule" machine_lacks_ours
rm -f "$SANDBOX_POLKIT_RULES/20-userb.rules"
sandbox_check "polkit: user B refused again once it is removed" sandbox_wait_for 10 fails pk "$userb"
polkitd_stop_keeps_files() {
    sandbox_polkitd_stop && ! sandbox_running polkitd && [ -s "$SANDBOX_DIR/polkit.files" ]
}
sandbox_check "polkitd stops, files stay" polkitd_stop_keeps_files
sandbox_check "polkitd restarts" sandbox_polkitd_start
sandbox_check "polkit: user A still authorized" pk "$usera"

# --- processes and waiting
sandbox_check "start a process" sandbox_start sleeper sleep 1000
sandbox_check "it runs" sandbox_running sleeper
sandbox_check "a second start under the same name is refused" fails sandbox_start sleeper sleep 1 2>/dev/null
sandbox_check "start a process that ignores SIGTERM" \
    sandbox_start stubborn sh -c 'trap "" TERM; echo ready; while :; do sleep 0.2; done'
sandbox_check "wait_grep finds its output" sandbox_wait_grep 5 '^ready$' "$SANDBOX_DIR/logs/stubborn.log"
sandbox_check "wait_grep times out" fails sandbox_wait_grep 1 '^never$' "$SANDBOX_DIR/logs/stubborn.log"
stubborn_pid=$(sandbox_pid stubborn)
sandbox_check "stop escalates to SIGKILL" sandbox_stop stubborn 1 2>/dev/null
sandbox_check "the stubborn process is gone" fails kill -0 "$stubborn_pid" 2>/dev/null
sandbox_check "stop of an unknown name is a no-op" sandbox_stop nosuch

# --- tear down and look for leftovers
# "pid:starttime" of each process, so that a zombie or a reused pid does
# not count as left over.
procs=$(for p in dbus polkitd sleeper; do tr ' ' : <"$SANDBOX_DIR/pids/$p"; done)
state=$SANDBOX_DIR
sandbox_check "cleanup succeeds" sandbox_cleanup
sandbox_check "cleanup twice is harmless" sandbox_cleanup
sandbox_check "state directory removed" [ ! -e "$state" ]
sandbox_check "namespace removed" fails sh -c "ip netns list | grep -q '^$ns\\b'"
for p in $procs; do
    sandbox_check "process ${p%:*} gone" _sandbox_gone "${p%:*}" "${p#*:}"
done
for f in $installed; do
    sandbox_check "removed $f" [ ! -e "$f" ]
done
# (the namespace began as a copy of the machine's: other runs' mounts may
# be there too)
run_mounts() {
    awk -v dir="$state" '{ for (i = 7; $i != "-"; i++) ;
                           if ($(i + 2) == "lvnd-sandbox" || index($5, dir) == 1) print $5 }' \
        /proc/self/mountinfo
}
sandbox_check "no mount of the run is left" [ -z "$(run_mounts)" ]
sandbox_check "user A removed" fails getent passwd "$usera"
sandbox_check "user B removed" fails getent passwd "$userb"
sandbox_check "group G removed" fails getent group "$group"
sandbox_check "group of user A removed" fails getent group "$usera"
links_after=$(ip -o link show 2>/dev/null | awk -F': ' '{ print $2 }' | sort)
sandbox_check "root namespace links unchanged" [ "$links_before" = "$links_after" ]
sandbox_check "the machine's polkit directories still hold no file of this run" machine_lacks_ours
sandbox_check "the machine still has no user A" outer_lacks getent passwd "$usera"

sandbox_checks_finish
