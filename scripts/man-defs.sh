#!/usr/bin/env bash
# Rewrites the man page's lists of steps, kinds and formats from the definition tables
# (tools/man_defs.c prints them), so the two never drift: each block between
# `.\" BEGIN DEFS name` and `.\" END DEFS name`.
#   scripts/man-defs.sh MAN_DEFS_BINARY MANPAGE [--check]
set -euo pipefail
bin=$1 page=$2 mode=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" >"$tmp/defs"
awk -v dir="$tmp" '/^@@ / { f = dir "/block." $2; next } { print > f }' "$tmp/defs"
awk -v dir="$tmp" '
    /^\.\\" BEGIN DEFS / {
        print
        f = dir "/block." $4
        if ((getline line < f) <= 0) { print "no list named " $4 > "/dev/stderr"; bad = 1 }
        else { print line; while ((getline line < f) > 0) print line }
        skip = 1; next
    }
    /^\.\\" END DEFS / { skip = 0 }
    !skip { print }
    END { exit bad }' "$page" >"$tmp/page"
for name in $(sed -n 's/^@@ //p' "$tmp/defs"); do
    if ! grep -qE "^\.\\\\\" BEGIN DEFS $name( |\$)" "$page"; then
        echo "the man page has no list $name (.\\\" BEGIN DEFS $name)" >&2
        exit 1
    fi
done
if [ "$mode" = --check ]; then
    if ! diff -u "$page" "$tmp/page"; then
        echo "the lists in $page differ from the definition tables: run make docs" >&2
        exit 1
    fi
else
    cat "$tmp/page" >"$page"
fi
