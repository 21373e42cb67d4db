"""export --format csv: the case list as a spreadsheet-safe RFC 4180 file, read back with
Python's csv module (an independent parser) and checked against what was done through the
command line."""

import csv
import io
import os
import sqlite3
import stat
import unittest
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from ophamp_test import (INVESTIGATOR, MANAGER, STATEMENT_TAKER, STEP_CODES, SUPERVISOR,
                         VICTIM, OphampTestCase)

LONDON = ZoneInfo("Europe/London")

# The columns every reader of the file relies on (`import FILE.csv` among them), in order: the
# protective marking first, on every row.
HEADER = [
    "marking", "audit_head", "reference", "uuid", "status", "victim_name", "victim_number",
    "victim_role", "victim_rank",
    "victim_team", "supervisor_number", "second_line_number", "investigator_number",
    "statement_taker_number", "welfare_officer_number", "occurred_at", "reported_at",
    "location", "location_kind", "offence", "summary", "mechanism", "injury", "body_part",
    "treatment", "specified_injury", "days_off", "off_work", "offender_known", "arrested_at",
    "thor", "crime_reference", "referral", "enhanced_rights", "vps_offered", "outcome",
    "outcome_at", "closed_at", "support_score",
] + ["%s_%s" % (code.replace("-", "_"), part) for code in STEP_CODES
     for part in ("status", "due_at", "done_at", "on_time")]

FREE_TEXT = ["location", "offence", "summary", "body_part", "thor", "crime_reference",
             "victim_team"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HOSTILE = [
    "<script>alert('x')</script>",
    '=HYPERLINK("http://evil.example","click")',
    "+1",
    "-2",
    "@SUM(A1)",
    'Quote "this", and that',
    "comma, separated, text",
    "line one\nline two",
    "tab\there",
    "emoji \U0001F46E\u200d\u2640\ufe0f \U0001F692",
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",  # Hebrew and Arabic
]


def london(iso_z):
    """An ISO UTC time from case show as the CSV writes it: London, YYYY-MM-DD HH:MM."""
    if iso_z is None:
        return ""
    t = datetime.strptime(iso_z, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return t.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def unneutralise(cell):
    """What an importer does: an apostrophe before a formula character, or before another
    apostrophe (a text that starts with one), comes off."""
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in FORMULA_STARTS + ("'",):
        return cell[1:]
    return cell


class ExportCsvCase(OphampTestCase):

    def export_bytes(self, *args, **kw):
        r = self.run_ophamp("export", *args, "--format", "csv", **kw)
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(r.err, "", r.describe())
        return r.out_b

    def parse(self, data):
        """(header, rows as dicts) of a file, checking its framing: BOM, CRLF, RFC 4180."""
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"), data[:20])
        self.assertTrue(data.endswith(b"\r\n"), data[-20:])
        text = data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        self.assertEqual(rows[0], HEADER)
        for row in rows[1:]:
            self.assertEqual(len(row), len(HEADER), row)
        return rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]

    def export_rows(self, *args, **kw):
        return self.parse(self.export_bytes(*args, **kw))[1]


class TestFraming(ExportCsvCase):

    def setUp(self):
        super().setUp()
        self.cached_db(self.add_staff)

    def test_header_bom_and_crlf_with_no_cases(self):
        data = self.export_bytes("--all")
        self.assertEqual(data, b"\xef\xbb\xbf" + ",".join(HEADER).encode() + b"\r\n")
        header, rows = self.parse(data)
        self.assertEqual(rows, [])

    def test_one_row_per_case_crlf_and_date_order(self):
        later = self.new_case(occurred="2026-04-07 22:15")
        earlier = self.new_case(occurred="2026-04-01 08:00", location="Market Square")
        data = self.export_bytes("--all")
        # Nothing here holds a line break: every line ends CRLF, three lines in all.
        self.assertEqual(data.count(b"\n"), 3)
        self.assertEqual(data.count(b"\r\n"), 3)
        rows = self.export_rows("--all")
        self.assertEqual([r["reference"] for r in rows], [earlier, later])
        self.assertEqual(rows[0]["location"], "Market Square")

    def test_output_file_is_the_same_bytes_mode_0600(self):
        self.new_case()
        path = os.path.join(self.tmp, "cases.csv")
        self.assertEqual(self.ok("export", "--all", "--format", "csv", "-o", path), "")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), self.export_bytes("--all"))


class TestContent(ExportCsvCase):

    def setUp(self):
        super().setUp()
        self.cached_db(self.add_staff)

    def test_facts_people_and_vocabulary_words(self):
        self.add_person("Fay Welfare", "5001")
        ref = self.new_case(
            "--reported", "2026-04-08 09:30", "--location-kind", "custody", "--injury", "minor",
            "--mechanism", "bite", "--treatment", "first-aid", "--body-part", "left forearm",
            "--days-off", "9", "--off-work", "yes", "--offender-known", "yes",
            "--arrested", "2026-04-08 09:20", "--offence", "Assault by beating",
            "--summary", "Bitten during search", "--thor", "Known to police",
            occurred="2026-04-08 09:05", location="Custody suite, cell 4")
        self.ok("case", "assign", ref, "investigator", INVESTIGATOR)
        self.ok("case", "assign", ref, "statement-taker", STATEMENT_TAKER)
        self.ok("case", "assign", ref, "second-line", MANAGER)
        self.ok("case", "assign", ref, "welfare-officer", "5001")
        self.ok("case", "edit", ref, "--support-score", "4", "--crime-ref", "CR/1/26",
                "--referral", "declined", "--enhanced", "no")
        c = self.show(ref)
        [row] = self.export_rows(ref)
        want = {
            "reference": ref, "uuid": c["uuid"], "status": "open",
            "victim_name": "Alice Victim", "victim_number": VICTIM, "victim_role": "officer",
            "victim_rank": "PC", "victim_team": "Response A",
            "supervisor_number": SUPERVISOR, "second_line_number": MANAGER,
            "investigator_number": INVESTIGATOR, "statement_taker_number": STATEMENT_TAKER,
            "welfare_officer_number": "5001",
            "occurred_at": "2026-04-08 09:05", "reported_at": "2026-04-08 09:30",
            "location": "Custody suite, cell 4", "location_kind": "custody",
            "offence": "Assault by beating", "summary": "Bitten during search",
            "mechanism": "bite", "injury": "minor", "body_part": "left forearm",
            "treatment": "first-aid", "specified_injury": "no", "days_off": "9",
            "off_work": "yes", "offender_known": "yes", "arrested_at": "2026-04-08 09:20",
            "thor": "Known to police", "crime_reference": "CR/1/26", "referral": "declined",
            "enhanced_rights": "no", "vps_offered": "", "outcome": "", "outcome_at": "",
            "closed_at": "", "support_score": "4",
        }
        for key, value in want.items():
            self.assertEqual(row[key], value, key)

    def test_nothing_recorded_is_empty(self):
        ref = self.new_case()
        [row] = self.export_rows(ref)
        for key in ("second_line_number", "investigator_number", "statement_taker_number",
                    "welfare_officer_number", "offence", "summary", "mechanism", "body_part",
                    "treatment", "offender_known", "arrested_at", "thor", "crime_reference",
                    "referral", "enhanced_rights", "vps_offered", "outcome", "outcome_at",
                    "closed_at", "support_score"):
            self.assertEqual(row[key], "", key)
        self.assertEqual(row["injury"], "none")
        self.assertEqual(row["days_off"], "0")

    def test_each_steps_columns_follow_what_was_done(self):
        # Reported 2026-04-08 10:00 (BST); the 24-hour steps fall due 2026-04-09 10:00.
        ref = self.new_case(occurred="2026-04-08 09:00")
        # crime: done well before it is due
        self.ok("step", "done", ref, "crime", "--crime-ref", "CR/9/26", "--note", "Plan",
                "--at", "2026-04-08 09:45")
        # slt: done a day after its due time (the clock moved on to do it)
        self.ok("step", "done", ref, "slt", "--note", "Told the duty superintendent",
                "--at", "2026-04-10 08:00", now="2026-04-10 09:00")
        # iod: not applicable
        self.ok("step", "na", ref, "iod", "--reason", "No injury")
        # welfare and the rest: pending
        c = self.show(ref)
        steps = {s["code"]: s for s in c["steps"]}

        def cols(row, code):
            k = code.replace("-", "_")
            return [row[k + "_status"], row[k + "_due_at"], row[k + "_done_at"],
                    row[k + "_on_time"]]

        for now, overdue in (("2026-04-08 12:00", False), ("2026-04-20 12:00", True)):
            with self.subTest(now=now):
                [row] = self.export_rows(ref, now=now)
                crime = steps["crime"]
                self.assertEqual(cols(row, "crime"), ["done", london(crime["due_at"]),
                                                      "2026-04-08 09:45", "yes"])
                slt = steps["slt"]
                self.assertEqual(cols(row, "slt"), ["done", london(slt["due_at"]),
                                                    "2026-04-10 08:00", "no"])
                self.assertEqual(london(slt["due_at"]), "2026-04-09 10:00")
                # Not applicable: when it was so marked; never on time or late.
                self.assertEqual(cols(row, "iod"), ["not-applicable",
                                                    london(steps["iod"]["due_at"]),
                                                    "2026-04-08 10:00", ""])
                welfare = steps["welfare"]
                self.assertEqual(cols(row, "welfare"),
                                 ["pending", london(welfare["due_at"]), "",
                                  "no" if overdue else ""])
                for code in STEP_CODES:
                    self.assertEqual(row[code.replace("-", "_") + "_due_at"],
                                     london(steps[code]["due_at"]), code)

    def test_done_exactly_at_the_due_time_is_on_time(self):
        ref = self.new_case(occurred="2026-04-08 09:00")
        self.ok("step", "done", ref, "slt", "--note", "Told", "--at", "2026-04-09 10:00",
                now="2026-04-09 11:00")
        [row] = self.export_rows(ref, now="2026-04-09 11:00")
        self.assertEqual(row["slt_due_at"], "2026-04-09 10:00")
        self.assertEqual(row["slt_on_time"], "yes")

    def test_winter_times_are_london_time(self):
        ref = self.new_case(occurred="2026-01-15 18:30", now="2026-01-16 09:00")
        [row] = self.export_rows(ref, now="2026-01-16 09:00")
        self.assertEqual(row["occurred_at"], "2026-01-15 18:30")
        self.assertEqual(row["reported_at"], "2026-01-16 09:00")
        self.assertEqual(row["crime_due_at"], "2026-01-17 09:00")


class TestScopes(ExportCsvCase):

    def setUp(self):
        super().setUp()
        self.open1, self.closed, self.open2 = self.cached_db(self.make_db)

    def make_db(self):
        self.add_staff()
        open1 = self.new_case(occurred="2026-04-01 10:00")
        closed = self.new_case(occurred="2026-04-02 10:00")
        open2 = self.new_case(occurred="2026-04-03 10:00")
        self.complete_all_steps_na(closed)
        self.ok("case", "close", closed, "--outcome", "not-identified")
        return open1, closed, open2

    def test_open_leaves_out_closed_cases_all_has_them(self):
        self.assertEqual([r["reference"] for r in self.export_rows("--open")],
                         [self.open1, self.open2])
        rows = self.export_rows("--all")
        self.assertEqual([r["reference"] for r in rows], [self.open1, self.closed, self.open2])
        closed = rows[1]
        self.assertEqual(closed["status"], "closed")
        self.assertEqual(closed["outcome"], "not-identified")
        self.assertEqual(closed["closed_at"], "2026-04-08 10:00")
        self.assertEqual(closed["outcome_at"], "2026-04-08 10:00")

    def test_references_and_uuids_in_the_order_given_each_once(self):
        uuid = self.show(self.open1)["uuid"]
        rows = self.export_rows(self.open2, uuid.upper(), self.closed, self.open2)
        self.assertEqual([r["reference"] for r in rows], [self.open2, self.open1, self.closed])

    def test_an_unknown_reference_is_refused_before_anything_is_written(self):
        r = self.refused(1, "export", self.open1, "OPH-2026-09999", "--format", "csv",
                         contains="no case OPH-2026-09999")
        self.assertEqual(r.out_b, b"")
        path = os.path.join(self.tmp, "out.csv")
        self.refused(1, "export", "OPH-2026-09999", "--format", "csv", "-o", path,
                     contains="no case")
        self.assertFalse(os.path.exists(path))
        self.assertEqual(os.listdir(self.tmp).count("out.csv"), 0)


class TestHostileContent(ExportCsvCase):

    def test_hostile_text_comes_out_intact_and_inert(self):
        # Values that begin with "-" are given as --option=value.
        self.add_person(HOSTILE[1], "-1/2", '--team=@team, "quoted"', "--rank=-PC")
        self.add_person("Sup " + HOSTILE[0], "S1")
        refs = {}
        for i, text in enumerate(HOSTILE):
            # Only the free-text fields (summary, THOR) take line breaks and tabs.
            line = text.replace("\n", " ").replace("\t", " ")
            out = self.ok("case", "new", "--victim=-1/2", "--supervisor", "S1",
                          "--occurred", "2026-04-0%d 08:00" % (1 + i % 7),
                          "--location=" + line, "--offence=" + line, "--summary=" + text,
                          "--thor=\t" + text, "--body-part=+" + line)
            refs[text] = (out.strip(), line)
        data = self.export_bytes("--all")
        header, rows = self.parse(data)
        self.assertEqual(len(rows), len(HOSTILE))
        by_ref = {r["reference"]: r for r in rows}
        for text, (ref, line) in refs.items():
            with self.subTest(text=text):
                row = by_ref[ref]
                self.assertEqual(unneutralise(row["location"]), line)
                self.assertEqual(unneutralise(row["offence"]), line)
                self.assertEqual(unneutralise(row["summary"]), text)
                self.assertEqual(row["thor"], "'\t" + text)
                self.assertEqual(row["body_part"], "'+" + line)
                self.assertEqual(row["victim_name"], "'" + HOSTILE[1])
                self.assertEqual(row["victim_number"], "'-1/2")
                self.assertEqual(row["victim_team"], "'@team, \"quoted\"")
                self.assertEqual(row["victim_rank"], "'-PC")
        self.assertEqual(by_ref[refs["+1"][0]]["location"], "'+1")
        self.assertEqual(by_ref[refs["-2"][0]]["summary"], "'-2")
        self.assertEqual(by_ref[refs["@SUM(A1)"][0]]["offence"], "'@SUM(A1)")
        # Inert: no cell a spreadsheet would run, and markup is only ever text in a cell.
        for row in rows:
            for key, value in row.items():
                self.assertFalse(value.startswith(FORMULA_STARTS), (key, value))
        self.assertIn("<script>alert('x')</script>".encode(), data)
        # A cell with a line break is quoted: the record still ends CRLF.
        self.assertIn(b'"line one\nline two"', data)

    def test_text_put_in_the_file_by_another_route_is_one_inert_cell(self):
        """Characters the command line refuses (a right-to-left override, an escape, a
        carriage return) but that reached the database some other way are still one cell
        each; those that could drive a terminal or disguise text come out as U+FFFD."""
        self.add_staff()
        ref = self.new_case()
        evil_name = "Mal\u202elory \u0645\u0631\u062d\u0628\u0627\x1b[2J\r\nsecond line"
        conn = sqlite3.connect(self.db)
        conn.create_function("oph_actor", 0, lambda: "test")
        conn.create_function("oph_action", 0, lambda: 1)  # the log's action number
        conn.create_function("oph_sha256", -1, lambda *a: "0" * 64)
        conn.execute("UPDATE people SET name = ? WHERE number = ?", (evil_name, VICTIM))
        conn.execute("UPDATE cases SET location = ?", ("\rstarts with CR",))
        conn.commit()
        conn.close()
        [row] = self.export_rows(ref)
        self.assertEqual(row["victim_name"],
                         "Mal\ufffdlory \u0645\u0631\u062d\u0628\u0627\ufffd[2J\r\nsecond line")
        self.assertEqual(row["location"], "'\rstarts with CR")


class TestRedaction(ExportCsvCase):

    def setUp(self):
        super().setUp()
        self.refs = list(self.cached_db(self.make_db))

    def make_db(self):
        self.add_staff()
        refs = []
        for occurred in ("2026-04-01 10:00", "2026-04-02 10:00"):
            ref = self.new_case("--summary", "Punched by Zebedee Quux", "--offence",
                                "Assault by Zebedee", "--thor", "Risk: Zebedee Quux",
                                "--body-part", "Nose of Alice", occurred=occurred,
                                location="Flat 9 Secret Road")
            self.ok("case", "assign", ref, "investigator", INVESTIGATOR)
            self.ok("case", "assign", ref, "statement-taker", STATEMENT_TAKER)
            self.ok("case", "edit", ref, "--crime-ref", "CR/777/26")
            refs.append(ref)
        return tuple(refs)

    def test_no_name_number_or_free_text_in_the_bytes(self):
        data = self.export_bytes("--all", "--redact")
        for secret in ("Alice", "Victim", "Bob", "Sergeant", "Carol", "Dan", VICTIM, SUPERVISOR,
                       INVESTIGATOR, STATEMENT_TAKER, "Zebedee", "Quux", "Secret", "Flat 9",
                       "Nose", "CR/777", "Response A", "Risk"):
            self.assertNotIn(secret.encode(), data, secret)
        header, rows = self.parse(data)
        for row in rows:
            for key in FREE_TEXT:
                self.assertEqual(row[key], "", key)
            for key in ("victim_name", "victim_number", "supervisor_number",
                        "investigator_number", "statement_taker_number"):
                self.assertRegex(row[key], r"^P-[0-9A-F]{8}$", key)
            self.assertEqual(row["victim_name"], row["victim_number"])
            self.assertEqual(row["second_line_number"], "")
            # What is not personal stays: dates, kinds, statuses.
            self.assertEqual(row["location_kind"], "other")
            self.assertEqual(row["crime_status"], "pending")
        self.assertEqual(len({rows[0]["victim_number"], rows[0]["supervisor_number"],
                              rows[0]["investigator_number"],
                              rows[0]["statement_taker_number"]}), 4)

    def test_pseudonyms_are_the_same_in_every_export(self):
        first = self.export_rows("--all", "--redact")
        second = self.export_rows(self.refs[1], "--redact")
        self.assertEqual(first[0]["victim_number"], first[1]["victim_number"])
        self.assertEqual(first[1], second[0])
        plain = self.export_rows("--all")
        self.assertEqual(plain[0]["victim_name"], "Alice Victim")


if __name__ == "__main__":
    unittest.main()
