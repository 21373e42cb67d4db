#!/usr/bin/env python3
"""Writes a spreadsheet case list for benchmarking `ophamp import`: ROWS rows (default
100,000) in the columns `export --format csv` writes, UTF-8 with a byte-order mark and CRLF
line ends, as a force's old spreadsheet might hold them: about one victim in twenty named
for the first time, two thirds of the cases closed with every step settled, the rest open
with some steps done; quoted commas, line breaks and accented names along the way.
Deterministic for a given seed.

    bench/import_csv.py OUT.csv [ROWS] [SEED]

The clock of the import must be after the last row (the rows span 2016-01-01 to
2026-09-30, closings up to November): run it with OPHAMP_NOW='2026-11-23 09:00'.
"""
import csv
import datetime
import random
import sys

STEPS = ["crime", "victim_code", "investigator", "welfare", "slt", "iod", "evidence"]
BASE = ("reference,uuid,status,victim_name,victim_number,victim_role,victim_rank,victim_team,"
        "supervisor_number,second_line_number,investigator_number,statement_taker_number,"
        "welfare_officer_number,occurred_at,reported_at,location,location_kind,offence,summary,"
        "mechanism,injury,body_part,treatment,specified_injury,days_off,off_work,"
        "offender_known,arrested_at,thor,crime_reference,referral,enhanced_rights,vps_offered,"
        "outcome,outcome_at,closed_at,support_score").split(",")
COLUMNS = BASE + ["%s_%s" % (s, k) for s in STEPS for k in ("status", "due_at", "done_at",
                                                             "on_time")]
FIRST = ["Aisha", "Ben", "Chloé", "Dariusz", "Eilidh", "Femi", "Grace", "Hamza", "Isla", "Jack",
         "Keira", "Liam", "Maëlle", "Niamh", "Owen", "Priya", "Rhys", "Siobhán", "Tom", "Zofia"]
LAST = ["Adebayo", "Brown", "Chen", "Davies", "Evans", "Fraser", "García", "Hughes", "Iqbal",
        "Jones", "Khan", "Lewis", "Morgan", "Nowak", "O'Brien", "Patel", "Roberts", "Smith",
        "Taylor", "Williams"]
PLACES = ["High Street", "Custody suite, Central", "Station Road", "A&E, Royal Infirmary",
          "Market Square", "Bus station", "Flat 4, Mill Lane", "Ring road, near junction 3"]
KINDS = ["street", "custody", "street", "hospital", "street", "station", "dwelling", "vehicle"]
OUTCOMES = ["charged", "summonsed", "cautioned", "community-resolution", "nfa-evidential",
            "nfa-public-interest", "nfa-victim", "not-identified"]


def adj(t):
    """No time between 01:00 and 02:00: on the last Sunday of March it does not exist in
    London, and the import (rightly) refuses it. Moves forward only, so order is kept."""
    return t + datetime.timedelta(hours=1) if t.hour == 1 else t


def fmt(t):
    return t.strftime("%Y-%m-%d %H:%M")


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    n_people = max(60, rows // 20)
    people = ["%s %s" % (rnd.choice(FIRST), rnd.choice(LAST)) for _ in range(n_people)]
    numbers = ["%c%05d" % ("ABCD"[i % 4], i + 1) for i in range(n_people)]
    supervisors = list(range(n_people // 10))  # named as victims on some row, or known
    start = datetime.datetime(2016, 1, 1)
    span = (datetime.datetime(2026, 9, 30) - start).total_seconds()
    with open(out, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for i in range(rows):
            v = rnd.randrange(n_people)
            s = rnd.choice(supervisors)
            if s == v:
                s = (s + 1) % len(supervisors)
            occurred = start + datetime.timedelta(seconds=int(span * (i + rnd.random()) / rows))
            occurred = adj(occurred.replace(second=0))
            r = dict.fromkeys(COLUMNS, "")
            kind = rnd.randrange(len(PLACES))
            r.update(victim_name=people[v], victim_number=numbers[v],
                     victim_role="officer", victim_rank=rnd.choice(["PC", "PS", ""]),
                     victim_team="Response %s" % "ABCD"[v % 4], supervisor_number=numbers[s],
                     occurred_at=fmt(occurred),
                     reported_at=fmt(adj(occurred + datetime.timedelta(
                         minutes=rnd.randrange(5, 300)))),
                     location=PLACES[kind], location_kind=KINDS[kind],
                     offence="Assault on an emergency worker",
                     summary="Punched while detaining a suspect, \"no warning\";\nbody-worn "
                             "video running." if i % 3 else "Spat at during arrest.",
                     mechanism=rnd.choice(["punch", "kick", "spit", "bite"]),
                     injury=rnd.choice(["none", "minor", "minor", "serious"]),
                     days_off=str(rnd.choice([0, 0, 0, 2, 10])),
                     offender_known="yes", crime_reference="CR/%06d" % i)
            closed = i % 3 != 0
            t = adj(occurred + datetime.timedelta(hours=2))
            for code in STEPS:
                if closed or rnd.random() < 0.5:
                    if code == "victim_code" and closed:
                        r.update(referral="accepted", enhanced_rights="no", vps_offered="yes")
                    elif code in ("victim_code", "investigator"):
                        r[code + "_status"] = "not-applicable"
                        continue
                    if code == "investigator":
                        r.update(investigator_number=numbers[(v + 7) % n_people],
                                 statement_taker_number=numbers[(v + 11) % n_people])
                        if r["investigator_number"] == r["victim_number"]:
                            r[code + "_status"] = "not-applicable"
                            r.update(investigator_number="", statement_taker_number="")
                            continue
                    r[code + "_status"] = "done"
                    r[code + "_done_at"] = fmt(t)
                    t = adj(t + datetime.timedelta(hours=rnd.randrange(1, 30)))
            if closed:
                r.update(status="closed", outcome=rnd.choice(OUTCOMES),
                         closed_at=fmt(adj(t + datetime.timedelta(days=rnd.randrange(1, 40)))))
            else:
                r["status"] = "open"
            w.writerow([r[c] for c in COLUMNS])


if __name__ == "__main__":
    main()
