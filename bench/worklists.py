#!/usr/bin/env python3
"""Benchmarks the worklists of issue 13 on a large demo database: every key of the front end
(moves, pages, the list's filters and every order either way round, my cases, custody, the
reminders view's kinds, my cases, off work and horizons, the mouse) from reading the key to
the finished screen; and `ophamp remind` with filters against the sqlite3 shell running the
same query on the same file.

    bench/worklists.py [BUILD_DIR]      BENCH_DB (a database made by ophamp demo), BENCH_NOW,
                                        BENCH_RUNS (default 11)

The front end runs in tmux at 100x30 reading scripted keys (OPHAMP_KEYS_FILE) and writing the
time each key took (OPHAMP_TIMING). Figures are medians and 99th percentiles of the keys of a
kind, the slowest too; the command-line figures the median of BENCH_RUNS runs of the whole
process, page cache warm. The database's named user is "me" for my cases.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
BIN = os.path.realpath(os.path.join(BUILD, "ophamp"))
DB = os.environ.get("BENCH_DB") or os.path.join(tempfile.gettempdir(), "w.db")
NOW = os.environ.get("BENCH_NOW") or "2026-12-05 18:30"
RUNS = int(os.environ.get("BENCH_RUNS") or 11)

MOVES = {"j", "k", "<PgDn>", "<PgUp>", "G", "g", "<WheelDown:12,10>", "<WheelUp:12,10>",
         "<Click:6,10>"}
CHANGES = {"f", "s", "v", "o", "t", "w", "h"}


def keys():
    """(key, kind) pairs: kind 'move' or 'change' (a filter or an order), 'view' otherwise."""
    out = []

    def add(seq, kind):
        out.extend((k, kind) for k in seq)

    def walk():
        add(["j"] * 5 + ["<PgDn>"] * 4 + ["G", "<PgUp>", "<PgUp>", "g"], "move")

    add(["j"] * 20 + ["<PgDn>"] * 5 + ["<PgUp>"] * 3, "move")
    for _ in range(5):  # open -> overdue -> closed -> all -> due for review
        add(["f"], "change")
        walk()
    add(["f", "f", "f"], "change")  # back round to all: overdue, closed, all
    for mine in (False, True):
        if mine:
            add(["o"], "change")
        for _ in range(6):  # next due, reference, victim, where, status, date
            add(["s"], "change")
            walk()
            add(["v"], "change")
            walk()
            add(["v"], "change")
        if mine:
            add(["o"], "change")
    add(["t"], "change")  # custody
    for _ in range(6):
        add(["s"], "change")
        walk()
    add(["t", "f"], "change")  # every case, then due for review
    add(["<WheelDown:12,10>"] * 5 + ["<WheelUp:12,10>", "<Click:6,10>"], "move")
    add(["r"], "view")
    for _ in range(7):  # every kind of work in turn
        add(["f"], "change")
        add(["j"] * 3 + ["<PgDn>"], "move")
    for k in ("o", "w", "w", "o", "h", "h", "h"):  # mine, off work, 48 h, 7 days
        add([k], "change")
        add(["j"] * 3 + ["<PgDn>", "G", "g"], "move")
    return out


def run_tui(work, seq):
    keys_path = os.path.join(work, "keys")
    timing = os.path.join(work, "timing")
    with open(keys_path, "w") as f:
        f.write(" ".join(k for k, _ in seq) + "\n")
    done = os.path.join(work, "exit")
    if os.path.exists(done):
        os.unlink(done)
    cmd = ("env OPHAMP_NOW='%s' LANG=C.UTF-8 TERM=screen-256color OPHAMP_KEYS_FILE=%s "
           "OPHAMP_TIMING=%s %s --db %s; echo done > %s" % (NOW, keys_path, timing, BIN, DB,
                                                            done))
    subprocess.run(["tmux", "-L", "ophamp-bench-wl", "-f", "/dev/null", "new-session", "-d",
                    "-x", "100", "-y", "30", cmd], check=True)
    for _ in range(6000):
        if os.path.exists(done):
            break
        time.sleep(0.05)
    subprocess.run(["tmux", "-L", "ophamp-bench-wl", "kill-server"], stderr=subprocess.DEVNULL)
    with open(timing) as f:
        return [int(line.split()[1]) for line in f if line.startswith("key ")]


def summary(name, us):
    us = sorted(us)
    p99 = us[min(len(us) - 1, int(round(0.99 * (len(us) - 1))))]
    print("%-44s %5d keys  median %7.2f ms  p99 %7.2f ms  slowest %7.2f ms"
          % (name, len(us), statistics.median(us) / 1000, p99 / 1000, us[-1] / 1000))


def timed(argv):
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, OPHAMP_NOW=NOW))
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main():
    if not os.path.exists(DB):
        sys.exit("no database at %s: make one with ophamp --db %s demo --cases 200000 --seed 7"
                 % (DB, DB))
    seq = keys()
    work = tempfile.mkdtemp()
    try:
        run_tui(work, seq)  # warm the page cache
        got = run_tui(work, seq)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if len(got) < len(seq):
        sys.exit("the front end used %d of %d keys" % (len(got), len(seq)))
    by = {"move": [], "change": [], "view": []}
    for (key, kind), us in zip(seq, got):
        by[kind].append(us)
    print("The front end on %s (100x30, clock %s):" % (DB, NOW))
    summary("every key", got)
    summary("moves and pages (j, k, PgDn, PgUp, G, g, wheel)", by["move"])
    summary("a filter or an order changed (f s v o t w h)", by["change"])
    summary("a view opened (r)", by["view"])
    print()
    print("remind with filters against the sqlite3 shell's same query (median of %d runs):"
          % RUNS)
    user = subprocess.run(["sqlite3", "-readonly", DB,
                           "SELECT value FROM settings WHERE key = 'user'"],
                          stdout=subprocess.PIPE, text=True).stdout.strip() or "0"
    cases = [
        ("remind", [], None),
        ("remind --kind welfare --within 168", ["--kind", "welfare", "--within", "168"],
         dict(steps="',welfare,'", followups="',welfare,'", evidence=0, person=0, off=0,
              hours=168)),
        ("remind --mine --until +7 days", ["--mine", "--within", "168"],
         dict(steps="NULL", followups="NULL", evidence=1, person=user, off=0, hours=168)),
        ("remind --off-work --kind welfare,riddor --within 168",
         ["--off-work", "--kind", "welfare,riddor", "--within", "168"],
         dict(steps="',welfare,'", followups="',welfare,riddor,'", evidence=0, person=0, off=1,
              hours=168)),
    ]
    for name, flags, q in cases:
        ours = timed([BIN, "--db", DB, "remind", "--format", "json"] + flags)
        line = "%-52s ophamp %7.1f ms" % (name, ours)
        if q:
            sql = shell_query(q)
            theirs = timed(["sqlite3", "-readonly", DB, sql])
            line += "   sqlite3 %7.1f ms   ratio %.2f" % (theirs, ours / theirs)
        print(line)


def shell_query(q):
    """The statement src/store/reminders.c runs, with its parameters written in."""
    until = "strftime('%%s', '%s') + %d * 3600" % (NOW.replace(" ", "T") + ":00", q["hours"])
    number = ("CASE x.kind WHEN 1 THEN (SELECT count(*) FROM followups n WHERE n.case_id = "
              "x.case_id AND n.id <= x.id) WHEN 2 THEN (SELECT count(*) FROM evidence_items n "
              "WHERE n.case_id = x.case_id AND n.id <= x.id) ELSE 0 END")
    p = q["person"]
    return (
        "SELECT c.reference, x.due_at, c.uuid, x.kind, x.id, x.key, c.id, x.sub, %s, v.name, "
        "v.number, s.name, s.number, c.off_work FROM (SELECT case_id, due_at, 0 AS kind, "
        "0 AS id, code AS key, code AS sub FROM steps WHERE status = 'pending' AND due_at <= %s "
        "AND (%s IS NULL OR instr(%s, ',' || code || ',') > 0) UNION ALL SELECT case_id, "
        "due_at, 1, id, rule, kind FROM followups WHERE status = 'pending' AND due_at <= %s "
        "AND (%s IS NULL OR instr(%s, ',' || kind || ',') > 0) UNION ALL SELECT case_id, "
        "due_at, 2, id, 'evidence-' || kind, kind FROM evidence_items WHERE status = "
        "'requested' AND due_at <= %s AND %d) AS x JOIN cases c ON c.id = x.case_id "
        "JOIN people v ON v.id = c.victim_id JOIN people s ON s.id = c.supervisor_id "
        "WHERE (%d = 0 OR c.off_work = 1) AND (%s = 0 OR %s = c.supervisor_id OR "
        "%s = c.second_line_id OR %s = c.investigator_id OR %s = c.statement_taker_id OR "
        "%s = c.welfare_officer_id) ORDER BY x.due_at, c.reference, x.kind DESC, x.key, x.id"
        % (number, until, q["steps"], q["steps"], until, q["followups"], q["followups"], until,
           q["evidence"], q["off"], p, p, p, p, p, p))


if __name__ == "__main__":
    main()
