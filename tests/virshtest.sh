#!/bin/sh
# virshtest.sh: virsh end to end, in a throw-away XDG home.
#
#   virshtest.sh VIRSH [FAKE-NETWORKD]
#
# Each "run NAME ARGS..." case runs "virsh ARGS" in tests/virshdata and
# compares stdout, stderr and the exit status with virshdata/NAME.txt
# (temporary paths show as @TMP@, the source tree as @SRCDIR@).
# VIR_TEST_REGENERATE_OUTPUT=1 rewrites the .txt files for review
# instead.  A data file that no case uses fails the test.  Cases run in order and share one session: each sees what the
# previous ones defined.
#
# "edit" and "net-edit" run with $EDITOR / $VISUAL set to small scripts
# that rewrite the temporary file (or break it, or fix it on a second
# call), and answer the "Try again?" prompt from standard input.
#
# Beyond the golden cases: dumpxml -> define round trips, generated uuid
# and MACs that stay stable, a failing define that leaves the stored file
# byte for byte untouched, concurrent defines (20 pairs of different
# domains must all survive; 20 pairs racing for one uuid must give exactly
# one winner), and qemu:///system refused for an unprivileged user (run as
# nobody through setpriv when the suite runs as root).
#
# With FAKE-NETWORKD (tests/networkdfakenetworks.c), the net-* commands
# run against it on a private bus (dbus-daemon's session configuration,
# as DBUS_SYSTEM_BUS_ADDRESS): a network's whole life, listings and
# filters, leases, refusals and help.
set -u

virsh=${1:?usage: virshtest.sh VIRSH [FAKE-NETWORKD]}
fakenetworkd=${2:-}
case $virsh in /*) ;; *) virsh=$(pwd)/$virsh ;; esac
srcdir=${abs_srcdir:-$(cd "$(dirname "$0")" && pwd)}
data=$srcdir/virshdata
top_srcdir=${abs_top_srcdir:-$(cd "$srcdir/.." && pwd)}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/virshtest.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"

export HOME="$tmp/home"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_RUNTIME_DIR="$tmp/run"
export XDG_CACHE_HOME="$tmp/cache"
export LIBVIRT_DEFAULT_URI=qemu:///session
export LC_ALL=C.UTF-8
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
configdir=$XDG_CONFIG_HOME/libvirt/qemu

regenerate=${VIR_TEST_REGENERATE_OUTPUT:-0}
[ "$regenerate" = 0 ] && regenerate=
used=" "
runner=         # a command prefix for capture(), e.g. as_user
failures=0
count=0

# report OK|FAIL TITLE
report() {
    count=$((count + 1))
    printf '%3d) %-70s %s\n' "$count" "$2" "$1"
    [ "$1" = OK ] || failures=$((failures + 1))
}

# check TITLE COMMAND...: a case that passes when COMMAND succeeds.
check() {
    title=$1
    shift
    if "$@"; then report OK "$title"; else report FAIL "$title"; fi
}

mark_used() {
    case "$used" in *" $1 "*) ;; *) used="$used$1 " ;; esac
}

# normalise FILE: temporary and source paths differ between runs.
normalise() {
    sed -e "s|$tmp|@TMP@|g" -e "s|$top_srcdir/|@SRCDIR@/|g" "$1"
}

# capture NAME ARGS...: run virsh ARGS in the data folder; write the
# normalised transcript to $tmp/NAME.out.
capture() {
    name=$1
    shift
    for arg in "$@"; do
        [ -f "$data/$arg" ] && mark_used "$arg"
    done
    (cd "$data" && $runner "$virsh" "$@") >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    {
        printf '$ virsh %s\n' "$*"
        normalise "$tmp/stdout"
        printf -- '--- stderr\n'
        normalise "$tmp/stderr"
        printf -- '--- exit %d\n' "$rc"
    } >"$tmp/$name.out"
}

# compare NAME: $tmp/NAME.out against virshdata/NAME.txt.
compare() {
    mark_used "$1.txt"
    if [ -n "$regenerate" ]; then
        cp "$tmp/$1.out" "$data/$1.txt"
        report OK "$1 (regenerated)"
    elif diff -u "$data/$1.txt" "$tmp/$1.out"; then
        report OK "$1"
    else
        report FAIL "$1"
    fi
}

# run NAME ARGS...: a golden case.
run() {
    capture "$@"
    compare "$1"
}

# editor NAME SCRIPT: an executable editor script $tmp/NAME whose body is
# SCRIPT ("$1" is the file to edit)
editor() {
    printf '#!/bin/sh\n%s\n' "$2" >"$tmp/$1"
    chmod +x "$tmp/$1"
}
edit_visual=
edit_editor=
# edit_as ARGS...: the runner of edit_case
edit_as() {
    env TMPDIR="$tmp/edittmp" VISUAL="$edit_visual" EDITOR="$edit_editor" "$@" <"$tmp/answers"
}
# edit_case NAME VISUAL EDITOR ANSWERS ARGS...: a golden case run with
# $VISUAL and $EDITOR set so (empty: unset for virsh's purpose) and
# ANSWERS (a string, one answer a line) on standard input
edit_case() {
    name=$1 edit_visual=$2 edit_editor=$3
    printf '%s' "$4" >"$tmp/answers"
    shift 4
    runner=edit_as
    run "$name" "$@"
    runner=
}
# no_edit_leftovers: every temporary file of the edits is gone
no_edit_leftovers() {
    [ -z "$(ls -A "$tmp/edittmp")" ] || { ls -l "$tmp/edittmp"; return 1; }
}
mkdir -p "$tmp/edittmp"

# ---- define, look, undefine ---------------------------------------------

run list-empty list --all
run define-demo define demo.xml
run list-all list --all
run list-running list
run list-inactive list --inactive
run list-name list --all --name
run list-uuid-name list --all --uuid --name
run dumpxml-demo dumpxml demo
run dumpxml-inactive dumpxml --inactive --domain demo
run dumpxml-by-uuid dumpxml 3e3fce45-4f53-4fa7-bb32-11f34168b82b
run dominfo-demo dominfo demo
run domiflist-demo domiflist demo
run define-redefine define demo.xml
run define-unmodelled define unmodelled.xml
run domiflist-unmodelled domiflist --inactive unmodelled
run list-two list --all
run undefine-unmodelled undefine unmodelled
run quiet-define -q define --file=unmodelled.xml
run quiet-undefine -q undefine 0f6cf1ba-2c32-4c36-9b33-6b1d1a5e9d10
# an Open vSwitch NIC: the source shows the bridge and the logical port
run define-openvswitch define openvswitch.xml
run domiflist-openvswitch domiflist --inactive openvswitch
run undefine-openvswitch undefine openvswitch

# one unreadable stored file does not hide the others
printf '<domain>\n' >"$configdir/broken.xml"
run list-broken-config list --all
rm -f "$configdir/broken.xml"

# dumpxml is stable and can be defined again unchanged
round_trip() {
    "$virsh" dumpxml demo >"$tmp/rt1.xml" &&
        "$virsh" define "$tmp/rt1.xml" >/dev/null &&
        "$virsh" dumpxml demo >"$tmp/rt2.xml" &&
        cmp -s "$tmp/rt1.xml" "$tmp/rt2.xml"
}
check "dumpxml -> define -> dumpxml is unchanged" round_trip

# generated uuid and MACs are stored, not regenerated on each load
generated_stable() {
    mark_used generated.xml
    (cd "$data" && "$virsh" -q define generated.xml) >/dev/null &&
        "$virsh" dumpxml generated >"$tmp/gen1.xml" &&
        "$virsh" dumpxml generated >"$tmp/gen2.xml" &&
        cmp -s "$tmp/gen1.xml" "$tmp/gen2.xml" &&
        grep -q '<uuid>' "$tmp/gen1.xml" &&
        grep -q "<mac address='52:54:00:" "$tmp/gen1.xml" &&
        "$virsh" -q undefine generated >/dev/null
}
check "generated uuid and MAC are stored and stable" generated_stable

# PCI addresses are assigned at define and stored: a NIC added to the
# dumped XML and defined again gets a new slot, no other device moves
# (q35: the new NIC gets a pcie-root-port of its own)
addresses_stable() {
    mark_used q35-addresses.xml
    (cd "$data" && "$virsh" -q define q35-addresses.xml) >/dev/null &&
        "$virsh" dumpxml q35-addresses >"$tmp/addr1.xml" &&
        grep -q "model='pcie-root-port'" "$tmp/addr1.xml" || return 1
    sed -e "s|^  </devices>|    <interface type='user'><mac address='52:54:00:aa:bb:cc'/><model type='virtio'/></interface>\n  </devices>|" \
        "$tmp/addr1.xml" >"$tmp/addr1-nic.xml" &&
        "$virsh" -q define "$tmp/addr1-nic.xml" >/dev/null &&
        "$virsh" dumpxml q35-addresses >"$tmp/addr2.xml" || return 1
    grep "<address " "$tmp/addr1.xml" >"$tmp/addr1.lines"
    grep "<address " "$tmp/addr2.xml" >"$tmp/addr2.lines"
    # every old address is still there, and two more: the NIC, its port
    [ "$(grep -c . "$tmp/addr2.lines")" -eq "$(($(grep -c . "$tmp/addr1.lines") + 2))" ] &&
        ! grep -q -v -x -F -f "$tmp/addr2.lines" "$tmp/addr1.lines" &&
        "$virsh" -q undefine q35-addresses >/dev/null
}
check "define, add a NIC, define again: no address moves" addresses_stable

# the demo guest of the README defines as the issue shows
example_demo() {
    example=$top_srcdir/examples/xml/bridge-networkd.xml
    [ -f "$example" ] || { echo "missing $example"; return 1; }
    # the example is also called "demo": set this session's demo aside
    "$virsh" -q undefine demo >/dev/null || return 1
    (cd "$top_srcdir" &&
        "$virsh" -c qemu:///session define examples/xml/bridge-networkd.xml) >"$tmp/ex" 2>&1 &&
        grep -qx "Domain 'demo' defined from examples/xml/bridge-networkd.xml" "$tmp/ex" || return 1
    "$virsh" domiflist demo >"$tmp/ex" &&
        grep -q '^ -   *bridge   *br0   *virtio   *52:54:00:[0-9a-f:]*   *networkd$' "$tmp/ex" &&
        "$virsh" -q undefine demo >/dev/null &&
        (cd "$data" && "$virsh" -q define demo.xml >/dev/null)
}
check "examples/xml/bridge-networkd.xml defines, domiflist shows networkd" example_demo

# ---- failures leave the stored definition untouched ----------------------

# untouched NAME ARGS...: a golden case that must fail and leave
# demo.xml in the config dir byte for byte as it was.
untouched() {
    cp "$configdir/demo.xml" "$tmp/before.xml"
    run "$@"
    leftovers=$(find "$configdir" -name '.demo.xml.*')
    if cmp -s "$configdir/demo.xml" "$tmp/before.xml" && [ -z "$leftovers" ]; then
        report OK "$1: stored definition untouched"
    else
        report FAIL "$1: stored definition untouched"
    fi
}

untouched define-invalid define demo-invalid.xml
untouched define-malformed define malformed.xml
untouched define-same-name-other-uuid define demo-other-uuid.xml
untouched define-same-uuid-other-name define other-same-uuid.xml
untouched define-missing-file define nosuch.xml
untouched define-validate-invalid define --validate schema-invalid.xml

run define-validate define --validate demo.xml
run validate-ok validate demo.xml
run validate-invalid validate schema-invalid.xml
run validate-malformed validate malformed.xml

# ---- edit ------------------------------------------------------------------

editor ed-vcpu3 'sed -i "s|<vcpu>2</vcpu>|<vcpu>3</vcpu>|" "$1"'
editor ed-break 'sed -i "s|<name>demo</name>|<nme>demo</name>|" "$1"'
editor ed-vcpu5 'sed -i "s|<vcpu>[0-9]*</vcpu>|<vcpu>5</vcpu>|" "$1"'
editor ed-rxfilter 'sed -i "s|<interface type=.user.>|<interface type=\x27user\x27 bogus=\x27yes\x27>|" "$1"'
# breaks the file on its first run, repairs it (and sets 4 vCPUs) on the
# second: the second run must see the first run's text
editor ed-twice "if [ -e $tmp/ed-twice.ran ]; then
    grep -q '<nme>demo</name>' \"\$1\" || exit 1
    sed -i 's|<nme>demo</name>|<name>demo</name>|; s|<vcpu>[0-9]*</vcpu>|<vcpu>4</vcpu>|' \"\$1\"
else
    touch $tmp/ed-twice.ran
    sed -i 's|<name>demo</name>|<nme>demo</name>|' \"\$1\"
fi"
vcpus_are() { "$virsh" dumpxml --inactive demo | grep -q "<vcpu>$1</vcpu>"; }

edit_case edit-unchanged "" true "" edit demo
edit_case edit-changed "" "$tmp/ed-vcpu3" "" edit demo
check "edit: the stored definition has the edit" vcpus_are 3
cp "$configdir/demo.xml" "$tmp/before.xml"
# $VISUAL comes before $EDITOR (which would fail); an editor command with
# a space runs through the shell
edit_case edit-visual "sh $tmp/ed-break" false "n
" edit demo
edit_case edit-malformed-no "" "$tmp/ed-break" "n
" edit demo
check "edit-malformed-no: stored definition untouched" cmp -s "$configdir/demo.xml" "$tmp/before.xml"
edit_case edit-malformed-help "" "$tmp/ed-break" "?
x
n
" edit demo
edit_case edit-malformed-eof "" "$tmp/ed-break" "" edit 3e3fce45-4f53-4fa7-bb32-11f34168b82b
check "edit: nothing stored by the refused edits" cmp -s "$configdir/demo.xml" "$tmp/before.xml"
edit_case edit-retry-yes "" "$tmp/ed-twice" "y
" edit demo
check "edit: y edits the same file again, then defines it" vcpus_are 4
# "i": defined again without the schema, so the parser's own error shows
# next, and "i" is no longer offered
edit_case edit-invalid-ignore "" "$tmp/ed-rxfilter" "i
" edit demo
check "edit: nothing stored by the refused edit" \
    sh -c '! "$1" dumpxml --inactive demo | grep -q bogus=' _ "$virsh"
edit_case edit-skip-validate "" "$tmp/ed-vcpu5" "" edit --skip-validate demo
check "edit --skip-validate: the edit is defined" vcpus_are 5
# someone else defines the domain (6 vCPUs) while the user edits (7):
# the user is asked, and "f" puts the user's edit over the other one
editor ed-race "\"$virsh\" dumpxml --inactive demo | sed 's|<vcpu>[0-9]*</vcpu>|<vcpu>6</vcpu>|' >$tmp/race.xml &&
    \"$virsh\" -q define $tmp/race.xml >/dev/null &&
    sed -i 's|<vcpu>[0-9]*</vcpu>|<vcpu>7</vcpu>|' \"\$1\""
edit_case edit-changed-meanwhile "" "$tmp/ed-race" "f
" edit demo
check "edit: f after a change by another user stores the user's edit" vcpus_are 7
check "edit: no temporary file is left" no_edit_leftovers
# on a terminal (script(1) gives virsh one): single keys, no Enter (the
# keys are typed ahead: a virsh that waited for a line would hang until
# the time-out); "x" is no answer, "?" lists the answers, "n" gives up
edit_on_tty() {
    cp "$configdir/demo.xml" "$tmp/before.xml"
    (printf 'x?n'; sleep 3) |
        env TMPDIR="$tmp/edittmp" VISUAL= EDITOR="$tmp/ed-break" \
            timeout 30 script -qec "$virsh edit demo" /dev/null >"$tmp/tty.out" 2>&1
    rc=$?
    tr -d '\r' <"$tmp/tty.out" >"$tmp/tty.txt"
    [ $rc = 1 ] &&
        [ "$(grep -o 'Failed. Try again? \[y,n,i,f,?\]: ' "$tmp/tty.txt" | wc -l)" = 3 ] &&
        grep -q '^y - yes, start editor again$' "$tmp/tty.txt" &&
        cmp -s "$configdir/demo.xml" "$tmp/before.xml" ||
        { echo "exit $rc:"; cat "$tmp/tty.txt"; return 1; }
}
if command -v script >/dev/null && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    check "edit on a terminal: one key per answer" edit_on_tty
else
    echo "skipping the terminal case of edit: script(1) cannot open a terminal here"
fi
edit_case edit-editor-fails "" false "" edit demo
edit_case edit-unknown "" true "" edit nosuch
run edit-help edit --help
(cd "$data" && "$virsh" -q define demo.xml >/dev/null)

# ---- errors and exit codes -----------------------------------------------

run dominfo-unknown dominfo nosuch
run dumpxml-unknown dumpxml nosuch
run undefine-unknown undefine nosuch
run domiflist-unknown-uuid domiflist 00000000-0000-0000-0000-000000000000
run unknown-command frobnicate
run bad-option list --bogus
run bool-with-value list --all=yes
run missing-argument dumpxml
run missing-value define --file
run extra-argument dominfo demo extra
run repeated-option list --all --all
run bad-uri -c test:///default list
run remote-uri --connect=qemu+ssh://host/system list
run bad-global-option --bogus list
run no-command

# ---- help ----------------------------------------------------------------

run help-command help list
run help-group help monitor
run command-help dumpxml --help
run help-unknown help nosuch
run version --version
run uri uri
# The full command list grows with every group; check its shape only.
full_help() {
    "$virsh" help >"$tmp/help" &&
        head -n 1 "$tmp/help" | grep -qx 'Grouping of commands:' &&
        grep -q "^ Domain Management (help keyword 'domain'):" "$tmp/help" &&
        grep -q '^    define  ' "$tmp/help" &&
        "$virsh" --help >"$tmp/usage" &&
        grep -q '^    -c | --connect=URI ' "$tmp/usage"
}
check "help and --help list the command groups" full_help

# ---- concurrency ---------------------------------------------------------

conc_template() {  # conc_template NAME UUID FILE
    sed -e "s|<name>demo</name>|<name>$1</name>|" \
        -e "s|<uuid>[^<]*</uuid>|<uuid>$2</uuid>|" "$data/demo.xml" >"$3"
}

concurrent_different() {
    i=0
    ok=0
    while [ $i -lt 20 ]; do
        n=$(printf '%02d' $i)
        conc_template "para$n" "aaaaaaaa-0000-4000-8000-0000000000$n" "$tmp/a.xml"
        conc_template "parb$n" "bbbbbbbb-0000-4000-8000-0000000000$n" "$tmp/b.xml"
        "$virsh" -q define "$tmp/a.xml" >/dev/null & pa=$!
        "$virsh" -q define "$tmp/b.xml" >/dev/null & pb=$!
        wait $pa || ok=1
        wait $pb || ok=1
        i=$((i + 1))
    done
    [ $ok = 0 ] || return 1
    "$virsh" list --all --name | grep -c '^par[ab][0-9][0-9]$' >"$tmp/count"
    [ "$(cat "$tmp/count")" = 40 ] || { echo "found $(cat "$tmp/count") of 40"; return 1; }
    for name in $("$virsh" list --all --name | grep '^par'); do
        "$virsh" -q undefine "$name" >/dev/null || return 1
    done
}
check "20 pairs of concurrent defines of different domains all survive" concurrent_different

concurrent_same_uuid() {
    i=0
    while [ $i -lt 20 ]; do
        n=$(printf '%02d' $i)
        conc_template "racea$n" "cccccccc-0000-4000-8000-0000000000$n" "$tmp/a.xml"
        conc_template "raceb$n" "cccccccc-0000-4000-8000-0000000000$n" "$tmp/b.xml"
        "$virsh" -q define "$tmp/a.xml" >/dev/null 2>&1 & pa=$!
        "$virsh" -q define "$tmp/b.xml" >/dev/null 2>&1 & pb=$!
        wait $pa; ra=$?
        wait $pb; rb=$?
        if [ $((ra + rb)) != 1 ]; then
            echo "pair $n: exit codes $ra and $rb, expected one success"
            return 1
        fi
        i=$((i + 1))
    done
    [ "$("$virsh" list --all --name | grep -c '^race')" = 20 ] || return 1
    for name in $("$virsh" list --all --name | grep '^race'); do
        "$virsh" -q undefine "$name" >/dev/null || return 1
    done
}
check "20 pairs racing for one uuid: exactly one of each pair wins" concurrent_same_uuid

# ---- qemu:///system is for root only -------------------------------------

if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
        mkdir -p "$tmp/nobody"
        chown nobody "$tmp/nobody"
        as_user() {
            env HOME="$tmp/nobody" XDG_CONFIG_HOME= XDG_RUNTIME_DIR= XDG_CACHE_HOME= \
                setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups -- "$@"
        }
    else
        echo "skipping the unprivileged cases: setpriv or user nobody missing"
    fi
else
    mkdir -p "$tmp/user"
    as_user() {
        env HOME="$tmp/user" XDG_CONFIG_HOME= XDG_RUNTIME_DIR= XDG_CACHE_HOME= "$@"
    }
fi

if command -v as_user >/dev/null 2>&1; then
    runner=as_user
    run system-refused -c qemu:///system list
    runner=

    default_uri_user() {
        [ "$(as_user env -u LIBVIRT_DEFAULT_URI "$virsh" uri)" = qemu:///session ]
    }
    check "an unprivileged user's default URI is qemu:///session" default_uri_user
else
    mark_used system-refused.txt
fi

# ---- networks (against a stand-in libvirt-networkd) ----------------------

if [ -n "$fakenetworkd" ] && command -v dbus-daemon >/dev/null; then
    dbus-daemon --session --fork --nopidfile --nosyslog --print-address=1 \
        --print-pid=3 >"$tmp/bus.address" 3>"$tmp/bus.pid"
    DBUS_SYSTEM_BUS_ADDRESS=$(cat "$tmp/bus.address")
    export DBUS_SYSTEM_BUS_ADDRESS
    # the leases' expiry times print in local time
    export TZ=UTC
    "$fakenetworkd" >"$tmp/fake.out" 2>&1 </dev/null &
    fakepid=$!
    trap 'kill "$fakepid" "$(cat "$tmp/bus.pid")" 2>/dev/null; rm -rf "$tmp"' EXIT
    i=0
    until grep -q READY "$tmp/fake.out" || [ $i -ge 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done

    run net-list-empty net-list --all
    run net-define net-define net-lab.xml
    run net-list-active-none net-list
    run net-list-inactive net-list --inactive
    run net-info-inactive net-info lab
    run net-start net-start lab
    run net-start-again net-start lab
    run net-list-all net-list --all
    run net-info net-info 8a2b5c9d-1e4f-4a6b-9c8d-7e6f5a4b3c2d
    run net-autostart net-autostart --network lab
    run net-list-autostart net-list --all --autostart --name
    run net-list-no-autostart net-list --all --no-autostart
    run net-autostart-disable net-autostart lab --disable
    run net-dumpxml net-dumpxml lab
    run net-dumpxml-inactive net-dumpxml --inactive lab
    run net-uuid net-uuid lab
    run net-name net-name 8a2b5c9d-1e4f-4a6b-9c8d-7e6f5a4b3c2d
    run net-name-not-uuid net-name lab
    run net-dhcp-leases net-dhcp-leases lab
    run net-dhcp-leases-mac net-dhcp-leases lab --mac 52:54:00:AA:00:01
    run net-create net-create net-tmp.xml
    run net-list-transient net-list --transient --uuid --name
    run net-list-persistent net-list --all --persistent --uuid
    run net-autostart-transient net-autostart tmp
    run net-destroy-transient net-destroy tmp
    run net-define-denied net-define net-denied.xml
    run net-define-invalid net-define net-invalid.xml
    run net-define-missing-file net-define nosuch.xml
    run net-info-unknown net-info nosuch
    # net-edit: the stored XML through the editor, defined again
    editor ed-net90 'sed -i "s|198.18.100.99|198.18.100.90|" "$1"'
    editor ed-netbad 'sed -i "s|198.18.100.99|198.18.101.99|; s|198.18.100.90|198.18.101.90|" "$1"'
    editor ed-nettwice "if [ -e $tmp/ed-nettwice.ran ]; then
    grep -q 198.18.101.90 \"\$1\" || exit 1
    sed -i 's|198.18.101.90|198.18.100.80|' \"\$1\"
else
    touch $tmp/ed-nettwice.ran
    sed -i 's|198.18.100.90|198.18.101.90|' \"\$1\"
fi"
    range_end_is() { "$virsh" net-dumpxml --inactive lab | grep -q "end='198.18.100.$1'"; }
    edit_case net-edit-unchanged "" true "" net-edit lab
    edit_case net-edit-changed "" "$tmp/ed-net90" "" net-edit lab
    check "net-edit: the stored definition has the edit" range_end_is 90
    edit_case net-edit-invalid-no "" "$tmp/ed-netbad" "?
n
" net-edit 8a2b5c9d-1e4f-4a6b-9c8d-7e6f5a4b3c2d
    check "net-edit: nothing stored by the refused edit" range_end_is 90
    edit_case net-edit-retry-yes "" "$tmp/ed-nettwice" "y
" net-edit lab
    check "net-edit: y edits the same file again, then defines it" range_end_is 80
    edit_case net-edit-unknown "" true "" net-edit nosuch
    run net-edit-help net-edit --help
    check "net-edit: no temporary file is left" no_edit_leftovers
    run net-undefine-active net-undefine lab
    run net-list-after-undefine net-list --all
    run net-destroy -q net-destroy lab
    run net-destroy-unknown net-destroy lab
    run net-list-end net-list --all --name
    run net-help-list net-list --help
    run net-help-leases net-dhcp-leases --help
    run net-help-group help network

    kill "$fakepid" "$(cat "$tmp/bus.pid")" 2>/dev/null
    trap 'rm -rf "$tmp"' EXIT
else
    echo "skipping the net-* cases: no stand-in daemon or no dbus-daemon"
    for f in "$data"/net-*; do
        mark_used "$(basename "$f")"
    done
fi

# ---- unused data ----------------------------------------------------------

for f in "$data"/*; do
    base=$(basename "$f")
    case "$used" in
    *" $base "*) ;;
    *) report FAIL "unused data file: virshdata/$base" ;;
    esac
done

echo "$failures of $count checks failed"
[ $failures = 0 ]
