#!/usr/bin/env bash
# Benchmarks the terminal front end on a large demo database: time to the first full screen,
# each move and page in the case list, a search, and peak memory. The program runs in a real
# terminal (tmux, 100x30) reading scripted keys (OPHAMP_KEYS_FILE) and writing the time each
# key took, from reading it to the screen drawn (OPHAMP_TIMING).
#
#   bench/tui.sh [BUILD_DIR]     BENCH_DB (default: the one bench/run.sh makes), BENCH_SEARCH
set -euo pipefail
build=${1:-build}
db=${BENCH_DB:-${TMPDIR:-/tmp}/ophamp-bench-1000000.db}
search=${BENCH_SEARCH:-Okafor}
bin=$(realpath "$build/ophamp")
[ -f "$db" ] || { echo "no database at $db: run bench/run.sh first" >&2; exit 2; }
work=$(mktemp -d)
trap 'tmux -L ophamp-bench kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

# Moves and pages through the open list and then all cases, the last page, back to the
# first, then a search.
{
    for _ in $(seq 20); do printf 'j '; done
    for _ in $(seq 10); do printf '<PgDn> '; done
    for _ in $(seq 5); do printf '<PgUp> '; done
    printf 'f f f '              # open -> overdue -> closed -> all
    for _ in $(seq 10); do printf '<PgDn> '; done
    printf 'G g '
    printf '/ '; printf '%s ' $(echo "$search" | grep -o .); printf '<Enter> '
} > "$work/keys"

run() {
    tmux -L ophamp-bench -f /dev/null new-session -d -x 100 -y 30 \
        "env OPHAMP_NOW='2026-11-23 09:00' LANG=C.UTF-8 TERM=screen-256color \
         OPHAMP_KEYS_FILE=$work/keys OPHAMP_TIMING=$work/timing \
         /usr/bin/time -o $work/mem -f %M $bin --db $db; echo done > $work/exit"
    for _ in $(seq 600); do [ -f "$work/exit" ] && break; sleep 0.05; done
    rm -f "$work/exit"
}
run # warm the page cache
run
nmoves=$((20 + 10 + 5 + 3 + 10 + 2))
first=$(awk '/^first-screen/ { print $2 }' "$work/timing")
grep '^key' "$work/timing" | head -n "$nmoves" | awk '{ print $2 }' | sort -n > "$work/moves"
median=$(awk -v n="$nmoves" 'NR == int((n + 1) / 2) { print $1 }' "$work/moves")
slowest=$(tail -n 1 "$work/moves")
searched=$(grep '^key' "$work/timing" | tail -n 1 | awk '{ print $2 }')
printf 'first full screen                %8.1f ms\n' "$(echo "$first / 1000" | bc -l)"
printf 'move or page (%d keys), median   %8.2f ms\n' "$nmoves" "$(echo "$median / 1000" | bc -l)"
printf 'move or page, slowest            %8.2f ms\n' "$(echo "$slowest / 1000" | bc -l)"
printf 'search (/%s, Enter)          %8.1f ms\n' "$search" "$(echo "$searched / 1000" | bc -l)"
printf 'peak memory                      %8.1f MB\n' "$(echo "$(tail -n 1 "$work/mem") / 1024" | bc -l)"
