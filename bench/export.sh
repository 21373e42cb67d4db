#!/usr/bin/env bash
# Benchmarks the exports on a large database made by `ophamp demo`: the whole case list as CSV
# against the sqlite3 shell writing an equivalent CSV (the same join: each case with its
# victim, role holders and seven steps, times in London time, yes/no flags, on-time) of the
# same file, then the open cases, the calendar and remind --format ics. Prints median wall
# time, peak memory and output size of each.
#
#   bench/export.sh [BUILD_DIR]       BENCH_CASES (default 1000000), BENCH_DB, BENCH_RUNS (3)
set -euo pipefail
build=${1:-build}
cases=${BENCH_CASES:-1000000}
db=${BENCH_DB:-${TMPDIR:-/tmp}/ophamp-bench-$cases.db}
runs=${BENCH_RUNS:-3}
bin=$build/ophamp
export OPHAMP_NOW=${OPHAMP_NOW:-'2026-11-23 09:00'}

[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench needs the sqlite3 shell" >&2; exit 2; }
[ -f "$db" ] || { echo "no database $db: make it with bench/run.sh or ophamp demo" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/out

# median wall time (s) and largest peak resident memory (MB) over $runs runs, each writing
# $out; the page cache is warmed by one run first
measure() {
    local label=$1; shift
    local times=() peak=0 t0 t1 kb
    rm -f "$out"; "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$runs"); do
        rm -f "$out"
        t0=$EPOCHREALTIME
        /usr/bin/time -o "$work/time" -f '%M' "$@" || true
        t1=$EPOCHREALTIME
        times+=("$(echo "$t1 - $t0" | bc)")
        kb=$(tail -n 1 "$work/time")
        (( kb > peak )) && peak=$kb
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-52s median %7.2f s   peak %6.1f MB   %6d MB written\n' "$label" "$median" \
        "$(echo "scale=1; $peak / 1024" | bc)" "$(( $(stat -c %s "$out") / 1048576 ))"
    last_median=$median
}

now_epoch=$(date -d "TZ=\"Europe/London\" $OPHAMP_NOW" +%s)
t() { echo "strftime('%Y-%m-%d %H:%M', $1, 'unixepoch', 'localtime')"; }
yn() { echo "CASE $1 WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"; }
steps_cols='' steps_join='' i=0
for code in crime victim-code investigator welfare slt iod evidence; do
    s=s$i
    steps_cols+=", $s.status, $(t $s.due_at), $(t $s.done_at), CASE WHEN $s.status = 'done' THEN
      CASE WHEN $s.done_at <= $s.due_at THEN 'yes' ELSE 'no' END
      WHEN $s.status = 'pending' AND $s.due_at < $now_epoch THEN 'no' END"
    steps_join+=" LEFT JOIN steps $s ON $s.case_id = c.id AND $s.code = '$code'"
    i=$((i + 1))
done
equivalent_sql="SELECT c.reference, c.uuid, c.status, v.name, v.number, v.role, v.rank, v.team,
 sp.number, sl.number, iv.number, stk.number, wo.number, $(t c.occurred_at), $(t c.reported_at),
 c.location, c.location_kind, c.offence, c.summary, c.mechanism, c.injury, c.body_part,
 c.treatment, $(yn c.specified_injury), c.days_off, $(yn c.off_work), $(yn c.offender_known),
 $(t c.arrested_at), c.thor, c.crime_reference, c.referral, $(yn c.enhanced_rights),
 $(yn c.vps_offered), c.outcome, $(t c.outcome_at), $(t c.closed_at), c.support_score
 $steps_cols
 FROM cases c INDEXED BY cases_occurred CROSS JOIN people v ON v.id = c.victim_id
 LEFT JOIN people sp ON sp.id = c.supervisor_id LEFT JOIN people sl ON sl.id = c.second_line_id
 LEFT JOIN people iv ON iv.id = c.investigator_id
 LEFT JOIN people stk ON stk.id = c.statement_taker_id
 LEFT JOIN people wo ON wo.id = c.welfare_officer_id $steps_join
 ORDER BY c.occurred_at, c.id;"
# The same join with the stored values as they are (UTC seconds, 0/1): the least the shell
# can do for this file.
raw_sql="SELECT c.*, v.name, v.number, v.role, v.rank, v.team, sp.number, sl.number,
 iv.number, stk.number, wo.number$(for i in 0 1 2 3 4 5 6; do printf ', s%s.status, s%s.due_at, s%s.done_at' $i $i $i; done)
 FROM cases c INDEXED BY cases_occurred CROSS JOIN people v ON v.id = c.victim_id
 LEFT JOIN people sp ON sp.id = c.supervisor_id LEFT JOIN people sl ON sl.id = c.second_line_id
 LEFT JOIN people iv ON iv.id = c.investigator_id
 LEFT JOIN people stk ON stk.id = c.statement_taker_id
 LEFT JOIN people wo ON wo.id = c.welfare_officer_id $steps_join
 ORDER BY c.occurred_at, c.id;"

echo "database: $db ($(( $(stat -c %s "$db") / 1048576 )) MB), runs: $runs, clock: $OPHAMP_NOW"
measure "ophamp export --all --format csv -o FILE" \
    "$bin" --db "$db" export --all --format csv -o "$out"
ours=$last_median
measure "sqlite3 -csv, the equivalent query > FILE" \
    sh -c 'TZ=Europe/London exec sqlite3 -readonly -csv -header "$1" "$2" > "$3"' sh \
    "$db" "$equivalent_sql" "$out"
theirs=$last_median
measure "sqlite3 -csv, the same join, stored values > FILE" \
    sh -c 'exec sqlite3 -readonly -csv -header "$1" "$2" > "$3"' sh "$db" "$raw_sql" "$out"
printf 'export --all --format csv takes %.2f x the time of the equivalent sqlite3 query\n' \
    "$(echo "scale=3; $ours / $theirs" | bc)"
measure "ophamp export --all --format csv --redact -o FILE" \
    "$bin" --db "$db" export --all --format csv --redact -o "$out"
measure "ophamp export --open --format csv -o FILE" \
    "$bin" --db "$db" export --open --format csv -o "$out"
measure "ophamp export --all --format ics -o FILE" \
    "$bin" --db "$db" export --all --format ics -o "$out"
measure "ophamp remind --format ics > FILE" \
    sh -c '"$1" --db "$2" remind --format ics > "$3"' sh "$bin" "$db" "$out"
