#!/usr/bin/env bash
# Times `ophamp import` of a generated spreadsheet into a fresh database: wall time, CPU time
# and peak memory.
#
#   bench/import.sh [BUILD_DIR] [ROWS]          (default build, 100000)
set -euo pipefail
build=${1:-build}
rows=${2:-100000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export OPHAMP_NOW=${OPHAMP_NOW:-'2026-11-23 09:00'}
[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
python3 "$(dirname "$0")/import_csv.py" "$dir/cases.csv" "$rows"
printf '%s rows, %s MB of CSV\n' "$rows" "$(( $(stat -c %s "$dir/cases.csv") / 1048576 ))"
# Every action is signed: someone is named as the database's user first.
"$build/ophamp" --db "$dir/import.db" whoami 9999 --name "Bench User" >/dev/null
/usr/bin/time -f '%e s wall, %U s user, %S s system, peak %M KB' \
    "$build/ophamp" --db "$dir/import.db" import "$dir/cases.csv"
