#!/usr/bin/env bash
# Runs every libFuzzer target (fuzz/fuzz_NAME.c, built by `make fuzz-build` into BUILD/fuzz/)
# for SECONDS each, starting from its seed corpus fuzz/corpus/NAME/ (and fuzz/NAME.dict if
# there is one). New inputs go to BUILD/fuzz-corpus/NAME/ so the committed seeds stay as they
# are; a crash, leak, timeout or failed invariant is kept in BUILD/fuzz-crashes/NAME/ and makes
# the run fail.  Usage: scripts/fuzz.sh BUILD SECONDS
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: scripts/fuzz.sh BUILD SECONDS" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
seconds=$2
failed=()

shopt -s nullglob
for src in "$root"/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    short=${name#fuzz_}
    bin=$build/fuzz/$name
    seeds=$root/fuzz/corpus/$short
    if [ ! -x "$bin" ]; then
        echo "fuzz $short: no $bin (run make fuzz-build)" >&2
        failed+=("$short")
        continue
    fi
    if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds")" ]; then
        echo "fuzz $short: no seed corpus in fuzz/corpus/$short/" >&2
        failed+=("$short")
        continue
    fi
    work=$build/fuzz-corpus/$short
    crashes=$build/fuzz-crashes/$short
    log=$build/fuzz-$short.log
    mkdir -p "$work" "$crashes"
    opts=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=4096
          -close_fd_mask=1 -print_final_stats=1 -artifact_prefix="$crashes/")
    [ -f "$root/fuzz/$short.dict" ] && opts+=(-dict="$root/fuzz/$short.dict")
    # Paths are absolute: a target may work in a folder of its own.
    if ASAN_OPTIONS=detect_leaks=1:abort_on_error=0${ASAN_OPTIONS:+:$ASAN_OPTIONS} \
       UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS} \
       "$bin" "${opts[@]}" "$work" "$seeds" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
        echo "fuzz $short: ${seconds}s, ${runs:-?} runs, $cov, no crash"
    else
        echo "fuzz $short: FAILED (log $log, inputs in $crashes/):" >&2
        grep -E 'ERROR|SUMMARY|invariant failed|runtime error|Test unit written' "$log" | head -20 >&2 || true
        failed+=("$short")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]}" >&2
    exit 1
fi
