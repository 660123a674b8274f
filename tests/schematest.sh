#!/bin/sh
# schematest.sh: check that the RelaxNG schemas in src/conf/schemas compile
# and that the XML documents this tree ships validate against them:
#
#   * every examples/xml/*.xml;
#   * every tests/qemuxml2argvdata/*.xml: all are valid definitions (the
#     .err cases there fail when the command line is built, not at parse);
#   * every tests/domainxml2xmldata/*.xml that is a valid case.  A file
#     with a sibling .err (foo.xml + foo.err) is an invalid-input case: it
#     must be rejected by the schema or by the parser, and which one is the
#     parser test's business, so it is not checked here.
#
# The schema is chosen by the document's root element: <domain> is checked
# against domain.rng, <foo> against foo.rng when that exists.  A document
# whose root has no schema yet is listed, not failed.
#
# Needs xmllint (Debian: libxml2-utils); exits 77 (skip) without it.
set -u

srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
schemadir="$srcdir/src/conf/schemas"

if ! command -v xmllint >/dev/null 2>&1; then
    echo "SKIP: xmllint not found (install libxml2-utils)"
    exit 77
fi

fail=0
checked=0

# Every schema file must be well-formed and must compile.  xmllint needs a
# document to compile a schema against; an empty root element does, and
# the outcome of that validation is irrelevant, only "failed to compile"
# counts.
probe=$(mktemp)
trap 'rm -f "$probe"' EXIT
echo '<probe/>' > "$probe"
for rng in "$schemadir"/*.rng; do
    if ! xmllint --noout "$rng"; then
        echo "FAIL: $rng is not well-formed XML"
        fail=1
        continue
    fi
done
out=$(xmllint --noout --relaxng "$schemadir/domain.rng" "$probe" 2>&1)
case $out in
    *"failed to compile"*|*"parser error"*)
        echo "FAIL: domain.rng does not compile:"
        echo "$out"
        fail=1
        ;;
esac

# schemaFor FILE: print the schema path for FILE's root element, or nothing.
schemaFor() {
    root=$(xmllint --nonet --xpath 'local-name(/*)' "$1" 2>/dev/null)
    if [ -n "$root" ] && [ -f "$schemadir/$root.rng" ]; then
        echo "$schemadir/$root.rng"
    fi
}

# checkValid FILE: FILE must validate against the schema of its root.
checkValid() {
    rng=$(schemaFor "$1")
    if [ -z "$rng" ]; then
        echo "NOTE: no schema for the root element of $1, not checked"
        return
    fi
    checked=$((checked + 1))
    if ! out=$(xmllint --nonet --noout --relaxng "$rng" "$1" 2>&1); then
        echo "FAIL: $1 does not validate against $(basename "$rng"):"
        echo "$out"
        fail=1
    fi
}

for f in "$srcdir"/examples/xml/*.xml; do
    [ -e "$f" ] || continue
    checkValid "$f"
done

# (one xmllint for all of them: a process per file is slow on a busy host)
set -- "$srcdir"/tests/qemuxml2argvdata/*.xml
if [ -e "$1" ]; then
    checked=$((checked + $#))
    if ! out=$(xmllint --nonet --noout --relaxng "$schemadir/domain.rng" "$@" 2>&1); then
        echo "FAIL: in tests/qemuxml2argvdata, not valid against domain.rng:"
        echo "$out" | grep -v ' validates$'
        fail=1
    fi
fi

invalid=0
for f in "$srcdir"/tests/domainxml2xmldata/*.xml; do
    [ -e "$f" ] || continue
    if [ -e "${f%.xml}.err" ]; then
        invalid=$((invalid + 1))
        continue
    fi
    checkValid "$f"
done

echo "$checked documents validated, $invalid invalid-input cases left to the parser test"
if [ "$checked" -eq 0 ]; then
    echo "FAIL: no documents found to validate"
    fail=1
fi
exit $fail
