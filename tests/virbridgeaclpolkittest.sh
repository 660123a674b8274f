#!/bin/bash
# virbridgeaclpolkittest.sh: rules made by libvirt-networkd-import-acl,
# loaded into the real polkitd on a private D-Bus system bus, answer as
# qemu-bridge-helper would, and input never becomes code.
#
#   virbridgeaclpolkittest.sh IMPORT_ACL PROPTEST HARNESS
#
# As root, with scripts/lib/sandbox.sh (private bus, polkitd, test users
# UA in group GA, UB in group GB, UC in neither; one sleeping process per
# user is the subject that pkcheck asks about):
#   1. a per-group ACL (0640 includes) gives the expected user x bridge
#      matrix, asked with pkcheck --detail plug bridge --detail bridge BR;
#   2. an include path made of JavaScript ('"});polkit.addRule(...)') is
#      accepted as a path and stays one: no yes for other bridges, nor for
#      other actions;
#   3. the reported attacks are refused with file and line and print no
#      rules: an include path with a CR, and "allow br0\n\0\ndeny br0";
#   4. the property test (PROPTEST --users UA,UB,UC --emit DIR): 400 seeded
#      trees checked in-process against the model of the helper, and the
#      rules of up to 12 accepted trees with mixed answers loaded into
#      polkitd one after the other, every answer equal to the model's;
#   5. the model itself against Debian's setuid qemu-bridge-helper (when
#      installed): each of those trees as /etc/qemu/bridge.conf (an overlay
#      in a private mount namespace, in a private network namespace),
#      HARNESS running the helper as each user for each bridge; its
#      answers must be the model's.
# Each rules file under test is installed byte for byte after a fixed
# prologue that hands polkit.addRule() a wrapper scoping it to this test's
# users (the sandbox's rules directory may be shared with other tests'
# polkitd); the prologue is restored at the end of the file.
# Prints "ok N - ..." / "not ok N - ..."; exits 0, 1 or 77 (skip).
set -u

IMPORT_ACL=$1
PROPTEST=$2
HARNESS_BUILT=$3
STOCK_HELPER=/usr/lib/qemu/qemu-bridge-helper
top=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
. "$top/scripts/lib/sandbox.sh"

ACTIONS=$top/examples/polkit/org.libvirt.networkd.policy

sandbox_require_root
sandbox_require_cmd dbus-daemon pkcheck setpriv useradd groupadd sleep "$SANDBOX_POLKITD"
sandbox_enter "$@"

UA=ba$$a
UB=ba$$b
UC=ba$$c
GA=ba$$ga
GB=ba$$gb

teardown() {
    local rc=$?
    trap - EXIT
    if [ $SANDBOX_FAILURES -gt 0 ] && [ -f "$SANDBOX_DIR/logs/polkitd.log" ]; then
        echo "---- polkitd.log (last 15 lines) ----"
        tail -n 15 "$SANDBOX_DIR/logs/polkitd.log"
    fi
    sandbox_cleanup
    exit $rc
}
sandbox_init || exit 1
trap teardown EXIT

{ sandbox_user_add "$UA" "$GA" && sandbox_user_add "$UB" "$GB" && sandbox_user_add "$UC"; } ||
    { echo "FAIL: test users"; exit 1; }
ADDR=$(sandbox_dbus_start) || { echo "FAIL: private bus"; exit 1; }
for u in "$UA" "$UB" "$UC"; do
    sandbox_start "subject-$u" setpriv --reuid="$u" --regid="$u" --init-groups \
        --inh-caps=-all --bounding-set=-all -- sleep 3600 || exit 1
done

# load RULES: polkitd restarted with RULES (scoped, see the top comment)
load() {
    local scoped=$SANDBOX_DIR/scoped.rules
    {
        echo '(function() {'
        echo '    var add = polkit.addRule;'
        echo '    polkit._lvndAdd = add;'
        echo "    var users = [\"$UA\", \"$UB\", \"$UC\"];"
        echo '    polkit.addRule = function(f) {'
        echo '        add.call(polkit, function(action, subject) {'
        echo '            if (users.indexOf(subject.user) < 0)'
        echo '                return polkit.Result.NOT_HANDLED;'
        echo '            return f(action, subject);'
        echo '        });'
        echo '    };'
        echo '})();'
        cat "$1"
        echo
        echo 'polkit.addRule = polkit._lvndAdd;'
    } >"$scoped"
    sandbox_polkit_stop
    sandbox_polkit_start "$ACTIONS" "$scoped"
}

# answer USER BRIDGE [ACTION]: yes, no, or error: polkit's answer for
# USER's process on BRIDGE
answer() {
    local rc
    env DBUS_SYSTEM_BUS_ADDRESS="$ADDR" pkcheck \
        --action-id "${3:-org.libvirt.networkd.port.create}" \
        --process "$(sandbox_pid "subject-$1")" \
        --detail plug bridge --detail bridge "$2" >/dev/null 2>&1
    rc=$?
    case $rc in
    0) echo yes ;;
    1) echo no ;;
    2) echo challenge ;;   # the action's default: an admin's password
    *) echo "error($rc)" ;;
    esac
}

# expect_answers FILE: every "USER BRIDGE yes|no" line of FILE holds in
# polkitd; prints the differences
expect_answers() {
    local user br want got bad=0
    while read -r user br want; do
        got=$(answer "$user" "$br")
        if [ "$got" != "$want" ]; then
            echo "#   $user on $br: polkitd $got, qemu-bridge-helper $want"
            bad=1
        fi
    done <"$1"
    return $bad
}

# import FILE: the importer's stdout to FILE.rules, stderr to FILE.err
import() {
    "$IMPORT_ACL" "$1" >"$1.rules" 2>"$1.err"
}

# ---------------------------------------------------------------- matrix
D=$SANDBOX_DIR/acl
mkdir -p "$D" && chmod 0755 "$D"
printf 'allow br0\ninclude %s/ga.conf\ninclude %s/gb.conf\n' "$D" "$D" >"$D/bridge.conf"
printf 'allow br1\n' >"$D/ga.conf"
printf 'deny br0\n' >"$D/gb.conf"
chmod 0644 "$D/bridge.conf"
chgrp "$GA" "$D/ga.conf" && chgrp "$GB" "$D/gb.conf" && chmod 0640 "$D/ga.conf" "$D/gb.conf"
sandbox_check "the importer translates a per-group ACL" import "$D/bridge.conf"
sandbox_check "polkitd loads the generated rules" load "$D/bridge.conf.rules"
printf '%s br0 yes\n%s br1 yes\n%s br0 no\n%s br1 no\n%s br0 yes\n%s br1 no\n%s br2 no\n' \
    "$UA" "$UA" "$UB" "$UB" "$UC" "$UC" "$UA" >"$D/matrix.expect"
sandbox_check "polkitd answers the helper's matrix (GA: br0 br1, GB: none, others: br0)" \
    expect_answers "$D/matrix.expect"

# ---------------------------------------------------------------- injection
# A path that is JavaScript: printable, so a valid include; it must stay data.
Q=$D/q'"});polkit.addRule(function(a, s) { return polkit.Result.YES; });'
mkdir -p "$Q"
printf 'allow br2\n' >"$Q/x.conf"
chmod 0644 "$Q/x.conf"
printf 'allow br0\ninclude %s/x.conf\n' "$Q" >"$D/quote.conf"
sandbox_check "an include path made of JavaScript is imported as a path" import "$D/quote.conf"
sandbox_check "polkitd loads those rules" load "$D/quote.conf.rules"
printf '%s br0 yes\n%s br2 yes\n%s br1 no\n%s br1 no\n' "$UC" "$UC" "$UC" "$UA" >"$D/quote.expect"
sandbox_check "... which answer as the ACL says (br1: no for everyone)" expect_answers "$D/quote.expect"
sandbox_check "... and leave another action to its default (no yes)" \
    [ "$(answer "$UC" br1 org.libvirt.networkd.port.delete-any)" = challenge ]

# ---------------------------------------------------------------- refusals
# refused FILE PATTERN: exit 1, PATTERN on stderr, nothing on stdout
refused() {
    "$IMPORT_ACL" "$1" >"$1.rules" 2>"$1.err"
    [ $? -eq 1 ] && [ ! -s "$1.rules" ] && grep -qF -- "$2" "$1.err" ||
        { sed 's/^/#   /' "$1.err"; return 1; }
}
printf 'allow br0\ninclude /x\r});polkit.addRule(function(a, s) { return polkit.Result.YES; });//\n' >"$D/cr.conf"
sandbox_check "an include path with a CR is refused with its line" \
    refused "$D/cr.conf" "cr.conf:2: carriage return at column"
printf 'allow br0\n\0\ndeny br0\n' >"$D/nul.conf"
sandbox_check "a NUL line before a deny is refused with its line" \
    refused "$D/nul.conf" "nul.conf:2: NUL byte at column 1"

# ---------------------------------------------------------------- property
P=$SANDBOX_DIR/prop
mkdir -p "$P"
sandbox_check "400 generated trees: refused or equal to the helper's model (in-process)" \
    "$PROPTEST" --users "$UA,$UB,$UC" --emit "$P" --emit-max 12
n=0
for rules in "$P"/*.rules; do
    [ -f "$rules" ] || continue
    n=$((n + 1))
    case=$(basename "$rules" .rules)
    if load "$rules"; then
        sandbox_check "tree $case in polkitd: every user x bridge as the helper's model" \
            expect_answers "$P/$case.expect"
    else
        sandbox_check "tree $case: polkitd loads its rules" false
    fi
done
sandbox_check "trees with mixed answers were checked in polkitd ($n)" [ "$n" -ge 8 ]

# ---------------------------------------------------------------- the model
# helper_agrees CASE: with the tree's top file as /etc/qemu/bridge.conf
# (owner and mode kept; an overlay in a private mount namespace, in a
# private network namespace), the setuid helper run as each USER of each
# "USER BRIDGE ANSWER" line of CASE.expect decides ANSWER.  "access denied
# by acl file" (or an unreadable bridge.conf) is a no; past the ACL the
# helper makes a tap in the private namespace and fails on the missing
# bridge: that is a yes.
helper_agrees() {
    local ov=$SANDBOX_DIR/overlay
    rm -rf "$ov" && mkdir -p "$ov/upper/qemu" "$ov/work" &&
        cp -a "$(cat "$P/$1.top")" "$ov/upper/qemu/bridge.conf" || return 1
    # shellcheck disable=SC2016 # expanded by the inner shell
    unshare -m -n sh -c '
        mount -t overlay overlay -o "lowerdir=/etc,upperdir=$0/upper,workdir=$0/work" /etc || exit 2
        bad=0
        while read -r user br want; do
            out=$(setpriv --reuid="$user" --regid="$user" --init-groups -- \
                  "$1/harness" qemu "$1/qemu-bridge-helper" "$br" 2>&1)
            if printf "%s\n" "$out" | grep -qE "access denied by acl file|failed to parse default acl file"; then
                got=no
            elif printf "%s\n" "$out" | grep -q "^exit="; then
                got=yes
            else
                got="error: $out"
            fi
            if [ "$got" != "$want" ]; then
                echo "#   $user on $br: qemu-bridge-helper $got, model $want"
                bad=1
            fi
        done
        exit $bad' "$ov" "$SANDBOX_DIR" <"$P/$1.expect"
}
if [ -x "$STOCK_HELPER" ] && [ -x "$HARNESS_BUILT" ] && command -v unshare >/dev/null; then
    install -m 4755 "$STOCK_HELPER" "$SANDBOX_DIR/qemu-bridge-helper"
    install -m 0755 "$HARNESS_BUILT" "$SANDBOX_DIR/harness"
    for expect in "$P"/*.expect; do
        [ -f "$expect" ] || continue
        case=$(basename "$expect" .expect)
        sandbox_check "tree $case: Debian's setuid qemu-bridge-helper answers as the model" \
            helper_agrees "$case"
    done
    rm -f "$SANDBOX_DIR/qemu-bridge-helper"
else
    echo "# skipped the model against the real helper: $STOCK_HELPER or the harness is missing"
fi

sandbox_checks_finish
