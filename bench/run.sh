#!/usr/bin/env bash
# Benchmarks the commands a supervisor runs most on a large database made by `ophamp demo`:
# remind, the first screenful of the open case list and case show, against the sqlite3 shell
# running the same reminder query, and the scrutiny report over every case and over the
# default twelve months. Prints median wall time and peak memory of each.
#
#   bench/run.sh [BUILD_DIR]          BENCH_CASES (default 1000000), BENCH_DB, BENCH_RUNS
set -euo pipefail
build=${1:-build}
cases=${BENCH_CASES:-1000000}
db=${BENCH_DB:-${TMPDIR:-/tmp}/ophamp-bench-$cases.db}
runs=${BENCH_RUNS:-15}
bin=$build/ophamp
export OPHAMP_NOW=${OPHAMP_NOW:-'2026-11-23 09:00'}

[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

if [ ! -f "$db" ]; then
    echo "Making $cases demo cases in $db ..."
    start=$(date +%s.%N)
    "$bin" --db "$db" whoami BENCH1 --name "Bench Runner" --rank PC >/dev/null # who writes
    "$bin" --db "$db" demo --cases "$cases" --seed 7 >/dev/null
    end=$(date +%s.%N)
    printf 'demo --cases %s: %.1f s, %s MB on disk\n' "$cases" "$(echo "$end - $start" | bc)" \
        "$(( $(stat -c %s "$db") / 1048576 ))"
fi

# median wall time (ms, from bash's microsecond clock) and the largest peak resident memory
# (MB, from /usr/bin/time) over $runs runs
report=$(mktemp)
trap 'rm -f "$report"' EXIT
measure() {
    local label=$1; shift
    local times=() peak=0 t0 t1 kb
    "$@" >/dev/null 2>&1 || true # warm the page cache once
    for _ in $(seq "$runs"); do
        t0=$EPOCHREALTIME
        /usr/bin/time -o "$report" -f '%M' "$@" >/dev/null 2>&1 || true
        t1=$EPOCHREALTIME
        times+=("$(echo "($t1 - $t0) * 1000" | bc)")
        kb=$(tail -n 1 "$report")
        (( kb > peak )) && peak=$kb
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-46s median %7.1f ms   peak %5.1f MB\n' "$label" "$median" \
        "$(echo "scale=1; $peak / 1024" | bc)"
}

now_epoch=$(date -d "TZ=\"Europe/London\" $OPHAMP_NOW" +%s)
until_epoch=$((now_epoch + 86400))
# what remind prints: the item, its case, the victim and supervisor (worklists), off work
remind_sql="SELECT c.reference, x.label, x.due_at, v.name, v.number, s.name, s.number, c.off_work FROM (
 SELECT case_id, 'step ' || code AS label, due_at FROM steps WHERE status = 'pending' AND due_at <= $until_epoch UNION ALL
 SELECT case_id, 'follow-up ' || rule || ' #' || (SELECT count(*) FROM followups n WHERE n.case_id = f.case_id AND n.id <= f.id), due_at FROM followups f WHERE status = 'pending' AND due_at <= $until_epoch UNION ALL
 SELECT case_id, 'evidence ' || kind || ' #' || (SELECT count(*) FROM evidence_items n WHERE n.case_id = e.case_id AND n.id <= e.id), due_at FROM evidence_items e WHERE status = 'requested' AND due_at <= $until_epoch) AS x
 JOIN cases c ON c.id = x.case_id JOIN people v ON v.id = c.victim_id
 JOIN people s ON s.id = c.supervisor_id ORDER BY x.due_at, c.reference, x.label;"

ref=$("$bin" --db "$db" case list --open --limit 1 --format json |
      grep -o '"reference": *"[^"]*"' | head -n 1 | sed 's/.*"\(OPH-[^"]*\)"/\1/')
n_remind=$("$bin" --db "$db" remind --format json | grep -o '"reference"' | wc -l || true)
echo "database: $db ($(( $(stat -c %s "$db") / 1048576 )) MB), reminders: $n_remind, case: $ref"
measure "ophamp remind" "$bin" --db "$db" remind
measure "ophamp remind --format json" "$bin" --db "$db" remind --format json
measure "sqlite3 shell, the same reminder query" sqlite3 -readonly "$db" "$remind_sql"
measure "ophamp case list --open --limit 40" "$bin" --db "$db" case list --open --limit 40
measure "ophamp case list --overdue --limit 40" "$bin" --db "$db" case list --overdue --limit 40
measure "ophamp case show $ref" "$bin" --db "$db" case show "$ref"
measure "ophamp case show $ref --format json" "$bin" --db "$db" case show "$ref" --format json
measure "ophamp report (2006-01-01 to 2026-11-23) json" "$bin" --db "$db" report \
    --from 2006-01-01 --to 2026-11-23 --format json
measure "ophamp report (the last 12 months)" "$bin" --db "$db" report
