#!/usr/bin/env bash
# Rewrites the key list of the man page from the program's key table, so the two never drift.
#   scripts/man-keys.sh BINARY MANPAGE [--check]
set -euo pipefail
bin=$1 page=$2 mode=${3:-}
new=$(mktemp)
trap 'rm -f "$new"' EXIT
awk -v keys="$("$bin" --keys-roff)" '
    /^\.\\" BEGIN KEYS/ { print; print keys; skip = 1; next }
    /^\.\\" END KEYS/ { skip = 0 }
    !skip { print }' "$page" > "$new"
if [ "$mode" = --check ]; then
    if ! diff -u "$page" "$new"; then
        echo "the key list in $page differs from the key table: run make docs" >&2
        exit 1
    fi
else
    cat "$new" > "$page"
fi
