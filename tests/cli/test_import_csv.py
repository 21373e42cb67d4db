"""ophamp import FILE.csv: a spreadsheet's case list. Each kind of bad row is reported as
'line N, column C: reason' (N the physical line where the record starts), the database is
left exactly as it was, and a good file imports exactly what it says."""

import csv
import io
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    INVESTIGATOR, STATEMENT_TAKER, SUPERVISOR, UUID_RE, VICTIM, OphampTestCase, db_dump)

STEPS = ["crime", "victim_code", "investigator", "welfare", "slt", "iod", "evidence"]
BASE = ("reference,uuid,status,victim_name,victim_number,victim_role,victim_rank,victim_team,"
        "supervisor_number,second_line_number,investigator_number,statement_taker_number,"
        "welfare_officer_number,occurred_at,reported_at,location,location_kind,offence,summary,"
        "mechanism,injury,body_part,treatment,specified_injury,days_off,off_work,"
        "offender_known,arrested_at,thor,crime_reference,referral,enhanced_rights,vps_offered,"
        "outcome,outcome_at,closed_at,support_score").split(",")
COLUMNS = BASE + ["%s_%s" % (s, k) for s in STEPS
                  for k in ("status", "due_at", "done_at", "on_time")]
SUMMARY_LINE = "ophamp import: %s: %d problem%s in %d of %d rows; nothing was imported"
UUID1 = "0f8fad5b-d9cb-469f-a165-70867728950e"
UUID2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


def row(**kw):
    """A good open case, changed by kw."""
    r = dict(victim_number=VICTIM, supervisor_number=SUPERVISOR,
             occurred_at="2026-04-01 09:00", location="High Street")
    r.update(kw)
    return r


def csv_text(rows, columns=COLUMNS, eol="\n"):
    out = io.StringIO()
    w = csv.writer(out, lineterminator=eol)
    w.writerow(columns)
    for r in rows:
        w.writerow([r.get(c, "") for c in columns])
    return out.getvalue()


class ImportCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.cached_db(self.add_staff)

    def write(self, text, name="cases.csv", bom=False):
        path = os.path.join(self.tmp, name)
        data = text.encode("utf-8") if isinstance(text, str) else text
        with open(path, "wb") as f:
            f.write((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    def refused_rows(self, path, expected, *extra):
        """Import refused with exit 1: exactly these problem lines (without the prefix), then
        the summary line; nothing on stdout; the database unchanged."""
        before = db_dump(self.db)
        r = self.run_ophamp("import", path, *extra)
        self.assertEqual(r.rc, 1, r.describe())
        self.assertEqual(r.out, "", r.describe())
        lines = r.err.splitlines()
        self.assertEqual([l[len("ophamp import: "):] for l in lines[:-1]], expected,
                         r.describe())
        self.assertTrue(lines[-1].startswith("ophamp import: "), r.describe())
        self.assertTrue(lines[-1].endswith("nothing was imported"), r.describe())
        self.assertEqual(before, db_dump(self.db), "the database changed\n" + r.describe())
        return r

    def bad_one(self, expected, **kw):
        """One good row, then a bad one (line 3)."""
        path = self.write(csv_text([row(), row(**kw)]))
        r = self.refused_rows(path, ["line 3, " + expected])
        self.assertEqual(r.err.splitlines()[-1],
                         SUMMARY_LINE % (path, 1, "", 1, 2))

    def case_list(self):
        return self.list_cases("--all")


class TestBadRows(ImportCase):

    def test_missing_required_column(self):
        cols = [c for c in COLUMNS if c not in ("location", "occurred_at")]
        path = self.write(csv_text([row()], columns=cols))
        r = self.refused_rows(path, ["line 1, column occurred_at: required column missing",
                                     "line 1, column location: required column missing"])
        self.assertEqual(r.err.splitlines()[-1],
                         "ophamp import: %s: 2 problems; nothing was imported" % path)

    def test_unknown_column(self):
        path = self.write(csv_text([row()], columns=COLUMNS + ["Colour"]))
        self.refused_rows(path, [
            "line 1, column Colour: unknown column (map it onto one with --map "
            "'Colour=COLUMN', or ignore it with --map 'Colour=-')"])

    def test_duplicate_column(self):
        path = self.write(csv_text([row()], columns=COLUMNS + ["Location"]))
        self.refused_rows(path, ["line 1, column Location: the same column as column location "
                                 "(both are location)"])

    def test_impossible_date(self):
        self.bad_one("column occurred_at: no such date (got '2026-02-30 09:00')",
                     occurred_at="2026-02-30 09:00")
        self.bad_one("column reported_at: no such date (got '31/13/2026 09:00')",
                     reported_at="31/13/2026 09:00")
        self.bad_one("column reported_at: expected DD/MM/YYYY HH:MM or YYYY-MM-DD HH:MM "
                     "(got '01/04/26 09:00')", reported_at="01/04/26 09:00")
        self.bad_one("column occurred_at: expected YYYY-MM-DD HH:MM (got 'yesterday')",
                     occurred_at="yesterday")

    def test_time_that_never_was_in_london(self):
        self.bad_one("column occurred_at: that time does not exist in London: clocks go "
                     "forward (got '2026-03-29 01:30')", occurred_at="2026-03-29 01:30")

    def test_future_time(self):
        self.bad_one("column occurred_at: occurred time 2026-04-09 09:00 is in the future",
                     occurred_at="2026-04-09 09:00")
        self.bad_one("column crime_done_at: done time 2026-05-01 09:00 is in the future",
                     crime_status="done", crime_done_at="2026-05-01 09:00",
                     crime_reference="CR/1")

    def test_times_out_of_order(self):
        self.bad_one("column reported_at: reported time is before the occurred time",
                     reported_at="2026-04-01 08:00")
        self.bad_one("column slt_done_at: done time is before the assault happened",
                     slt_status="done", slt_done_at="2026-03-31 09:00")

    def test_text_over_the_limit(self):
        self.bad_one("column location: text is too long (at most 200 characters)",
                     location="x" * 201)
        self.bad_one("column victim_name: text is too long (at most 100 characters)",
                     victim_number="5001", victim_name="é" * 101)

    def test_required_cell_empty(self):
        self.bad_one("column location: required, but empty", location="")

    def test_invalid_utf8(self):
        good = csv_text([row()]).encode()
        bad = csv_text([row(summary="SUMMARY")]).encode().splitlines()[-1]
        bad = bad.replace(b"SUMMARY", b"caf\xe9 au lait")
        path = self.write(good + bad + b"\n")
        self.refused_rows(path, ["line 3, column summary: text is not valid UTF-8"])

    def test_control_characters(self):
        self.bad_one("column location: text contains a control character",
                     location="High\x1b[31mStreet")
        # a line break is allowed in free text, not in a one-line field
        self.bad_one("column location: text contains a control character",
                     location="High\nStreet")

    def test_unknown_vocabulary_word(self):
        self.bad_one("column injury: unknown injury 'severe' (one of none, minor, "
                     "serious)", injury="severe")
        self.bad_one("column crime_status: unknown status 'finished' (one of pending, done, "
                     "not-applicable)", crime_status="finished")
        self.bad_one("column off_work: expected yes or no (got 'maybe')", off_work="maybe")
        self.bad_one("column days_off: expected a whole number from 0 to 3660 (got '-3')",
                     days_off="'-3")

    def test_victim_as_investigator(self):
        self.bad_one("column investigator_number: %s is the victim and can never investigate "
                     "their own assault (point c)" % VICTIM, investigator_number=VICTIM)
        self.bad_one("column supervisor_number: the supervisor must be someone other than the "
                     "victim", supervisor_number=VICTIM)

    def test_unknown_person_without_a_name(self):
        self.bad_one("column victim_number: no person with staff number 9999 in the database "
                     "or named as a victim in the file (give victim_name to add them)",
                     victim_number="9999")
        self.bad_one("column investigator_number: no person with staff number 9998 in the "
                     "database or named as a victim in the file", investigator_number="9998")

    def test_staff_numbers_with_invisible_or_look_alike_characters(self):
        rule = "a staff number is ASCII letters, digits, - and / only"
        self.bad_one("column victim_number: staff number contains U+00A0 (a space of another "
                     "kind): " + rule, victim_number=VICTIM[:2] + "\u00a0" + VICTIM[2:])
        self.bad_one("column supervisor_number: staff number contains U+200B (an invisible "
                     "character): " + rule, supervisor_number=SUPERVISOR + "\u200b")
        self.bad_one("column investigator_number: staff number contains U+0410 (a Cyrillic "
                     "letter): " + rule, investigator_number="\u0410" + INVESTIGATOR)
        self.bad_one("column victim_number: staff number contains U+FEFF (an invisible "
                     "character): " + rule, victim_number="\ufeffNEW1", victim_name="New One")

    def test_staff_numbers_in_another_case_are_one_person(self):
        # in the database, and named as a victim elsewhere in the file
        path = self.write(csv_text([
            row(victim_number=VICTIM, supervisor_number=SUPERVISOR),
            row(victim_number="ab-7", victim_name="Ann Bee"),
            row(victim_number="AB-7", supervisor_number=SUPERVISOR, investigator_number="Ab-7"),
            row(victim_number="cd-8", investigator_number="CD-8", victim_name="Cee Dee")]))
        self.refused_rows(path, [
            "line 4, column investigator_number: Ab-7 is the victim and can never investigate "
            "their own assault (point c)",
            "line 5, column investigator_number: CD-8 is the victim and can never investigate "
            "their own assault (point c)"])
        path = self.write(csv_text([row(victim_number="ab-7", victim_name="Ann Bee"),
                                    row(victim_number="AB-7")]))
        self.assertEqual(self.ok("import", path), "imported 2 cases and 1 new person\n")

    def test_name_mismatch(self):
        self.bad_one("column victim_name: staff number %s is Alice Victim in the database, "
                     "not 'Alicia Victim'" % VICTIM, victim_name="Alicia Victim")
        # two rows of the file disagree about a new person
        path = self.write(csv_text([row(victim_number="5001", victim_name="Sam Lee"), row(),
                                    row(victim_number="5001", victim_name="Samuel Lee")]))
        self.refused_rows(path, ["line 4, column victim_name: staff number 5001 is Sam Lee on "
                                 "line 2, not 'Samuel Lee'"])

    def test_duplicate_uuid_in_the_file(self):
        path = self.write(csv_text([row(uuid=UUID1), row(), row(uuid=UUID1.upper())]))
        self.refused_rows(path, ["line 4, column uuid: the same UUID as line 2"])

    def test_duplicate_uuid_in_the_database(self):
        ref = self.new_case()
        uuid = self.show(ref)["uuid"]
        self.bad_one("column uuid: case %s in the database already has this UUID: it is not "
                     "overwritten" % ref, uuid=uuid)
        self.bad_one("column reference: %s is already the reference of another case" % ref,
                     reference=ref)
        self.bad_one("column uuid: expected a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e "
                     "(got 'abc')", uuid="abc")

    def test_unterminated_quote(self):
        text = csv_text([row()]) + csv_text([row(summary="SUMMARY")]).splitlines()[-1]
        text = text.replace("SUMMARY", '"never closed,,,') + "\n"
        path = self.write(text)
        r = self.refused_rows(path, ["line 3, column summary: a quoted cell is never closed (a "
                                     "quote is missing)"])
        # the rows after it were never read: no count of rows (it was "1 of 0 rows")
        self.assertEqual(r.err.splitlines()[-1],
                         "ophamp import: %s: 1 problem, and the file cannot be read past line "
                         "3; nothing was imported" % path)

    def test_stray_quote(self):
        text = csv_text([row(), row(location="LOC")]).replace("LOC", 'High "Street"')
        path = self.write(text + csv_text([row()]).splitlines()[-1] + "\n")
        r = self.refused_rows(path, ["line 3, column location: a quote inside a cell that does "
                                     "not start with one, or text after a closing quote (quote "
                                     "the whole cell and double the quotes inside it)"])
        self.assertEqual(r.err.splitlines()[-1],
                         "ophamp import: %s: 1 problem, and the file cannot be read past line "
                         "3; nothing was imported" % path)

    def test_too_many_and_too_few_fields(self):
        good = csv_text([row()])
        line = csv_text([row()]).splitlines()[-1]
        path = self.write(good + line + ",extra\n" + line.rsplit(",", 2)[0] + "\n")
        n = len(COLUMNS)
        r = self.refused_rows(path, ["line 3: %d fields where the header has %d" % (n + 1, n),
                                     "line 4: %d fields where the header has %d" % (n - 2, n)])
        self.assertEqual(r.err.splitlines()[-1], SUMMARY_LINE % (path, 2, "s", 2, 3))

    def test_closed_case_must_satisfy_the_closing_rule(self):
        self.bad_one("column status: case on line 3 cannot close: steps still pending: crime, "
                     "victim-code, investigator, welfare, slt, iod, evidence (each must be done "
                     "or not applicable with a reason)",
                     status="closed", outcome="charged", closed_at="2026-04-05 10:00")
        self.bad_one("column outcome: a closed case needs its outcome", status="closed",
                     closed_at="2026-04-05 10:00")
        self.bad_one("column outcome: an open case has no outcome (give its status: closed)",
                     status="open", outcome="charged")

    def test_step_rules_of_step_done(self):
        self.bad_one("column crime_status: step crime needs the crime reference (column "
                     "crime_reference)", crime_status="done", crime_done_at="2026-04-02 09:00")
        self.bad_one("column investigator_status: step investigator needs an investigator and a "
                     "statement taker assigned (columns investigator_number and "
                     "statement_taker_number)", investigator_status="done",
                     investigator_done_at="2026-04-02 09:00", investigator_number=INVESTIGATOR)
        self.bad_one("column slt_done_at: a done step needs its done time", slt_status="done")

    def test_every_bad_row_is_reported_with_physical_lines(self):
        # Line 2's record spans lines 2-4 (two quoted line breaks): later records start on
        # the lines a text editor shows.
        rows = [row(summary="one\ntwo\nthree"),                      # lines 2-4
                row(occurred_at="2026-02-30 09:00"),                  # line 5
                row(),                                                # line 6
                row(injury="severe", location="x" * 201),            # line 7
                row(victim_number="9999", summary="a\r\nb")]          # lines 8-9
        path = self.write(csv_text(rows + [row(supervisor_number="9997")]))
        r = self.refused_rows(path, [
            "line 5, column occurred_at: no such date (got '2026-02-30 09:00')",
            "line 7, column location: text is too long (at most 200 characters)",
            "line 7, column injury: unknown injury 'severe' (one of none, minor, "
            "serious)",
            "line 8, column victim_number: no person with staff number 9999 in the database or "
            "named as a victim in the file (give victim_name to add them)",
            "line 10, column supervisor_number: no person with staff number 9997 in the "
            "database or named as a victim in the file"])
        self.assertEqual(r.err.splitlines()[-1], SUMMARY_LINE % (path, 5, "s", 4, 6))
        self.assertEqual(self.case_list(), [])

    def test_many_problems_are_capped(self):
        path = self.write(csv_text([row(injury="severe")] * 150))
        r = self.run_ophamp("import", path)
        self.assertEqual(r.rc, 1, r.describe())
        lines = r.err.splitlines()
        self.assertEqual(len(lines), 102, r.describe())
        self.assertEqual(lines[-2], "ophamp import: … and 50 more problems")
        self.assertEqual(lines[-1], SUMMARY_LINE % (path, 150, "s", 150, 150))


class TestFiles(ImportCase):

    def test_a_bundle_dry_run_creates_no_database(self):
        bundle = self.write('{"format": "ophamp-cases", "version": 1, "exported_at": '
                            '"2026-01-01T00:00:00Z", "redacted": false, "cases": []}',
                            name="empty.json")
        missing = os.path.join(self.tmp, "new", "fresh.db")
        os.mkdir(os.path.dirname(missing))
        self.ok("import", bundle, "--dry-run", db=missing)
        self.assertEqual(os.listdir(os.path.dirname(missing)), [])
        self.ok("import", bundle, db=missing)
        self.assertTrue(os.path.exists(missing))

    def test_not_a_csv_file(self):
        for name, contains in (("cases.txt", "neither a CSV file nor a case bundle"),
                               ("cases.json", "is not JSON")):
            path = self.write(csv_text([row()]), name=name)
            self.refused(2, "import", path, contains=contains)
        path = self.write('{"cases": []}')
        self.refused(2, "import", path, contains="not a CSV file (it looks like JSON)")
        # a spreadsheet's options do not apply to a bundle, nor the bundle's to a spreadsheet
        self.refused(2, "import", self.write("{}", name="b.json"), "--map", "a=b",
                     contains="--map")
        self.refused(2, "import", self.write(csv_text([row()])), "--replace",
                     contains="--replace")
        path = self.write("\r\n\r\n")
        self.refused(2, "import", path, contains="the file is empty")

    def test_unreadable_file(self):
        self.refused(3, "import", os.path.join(self.tmp, "missing.csv"),
                     contains="cannot read")

    def test_bad_map_is_a_usage_error(self):
        path = self.write(csv_text([row()]))
        for value, contains in (("Name", "expected SOURCE=COLUMN"),
                                ("Name=nonsense", "unknown column 'nonsense'"),
                                ("A=location,a=location", "mapped twice"),
                                ('"A=location', "quote a pair whole")):
            with self.subTest(map=value):
                self.refused(2, "import", path, "--map", value, contains=contains)

    def test_missing_database_is_created_but_not_left_behind_when_refused(self):
        fresh = os.path.join(self.tmp, "new", "fresh.db")
        path = self.write(csv_text([row(victim_name="Alice Victim", supervisor_number="")]))
        r = self.run_ophamp("import", path, db=fresh)
        self.assertEqual(r.rc, 1, r.describe())
        r = self.run_ophamp("import", path, "--dry-run", db=fresh)
        self.assertEqual(r.rc, 1, r.describe())
        self.assertFalse(os.path.exists(fresh))
        good = self.write(csv_text([row(victim_name="Alice Victim", supervisor_number="2001"),
                                    row(victim_number="2001", victim_name="Bob Sergeant",
                                        supervisor_number=VICTIM)]))
        out = self.ok("import", good, "--dry-run", db=fresh)
        self.assertEqual(out, "would import 2 cases and 2 new people (dry run: nothing was "
                              "written)\n")
        self.assertFalse(os.path.exists(fresh), "a dry run leaves no database behind")
        self.refused(1, "import", good, db=fresh, db_path=fresh,
                     contains="nobody is named as this database's user")
        self.name_user("9999", "Imp Orter", db=fresh)
        out = self.ok("import", good, db=fresh)
        self.assertEqual(out, "imported 2 cases and 2 new people\n")
        self.assertEqual(os.stat(fresh).st_mode & 0o777, 0o600)


class TestGoodFiles(ImportCase):

    def full_rows(self):
        return [
            row(uuid=UUID1, reference="OPH-2026-00042", victim_name="Alice Victim",
                summary='Said "stop", then: a, b\nand c 🚓 — שלום עליכם', offence="'=HYPERLINK()",
                location="Custody suite, Central", location_kind="Custody",
                occurred_at="01/03/2026 9:05", reported_at="2026-03-01T10:00:00Z",
                injury="minor", mechanism="punch", body_part="face", treatment="first-aid",
                specified_injury="no", days_off="9", off_work="yes", offender_known="yes",
                arrested_at="2026-03-01 09:30:00", thor="'-risk low", crime_reference="CR/1",
                referral="accepted", enhanced_rights="no", vps_offered="yes",
                investigator_number=INVESTIGATOR, statement_taker_number=STATEMENT_TAKER,
                second_line_number="4001", welfare_officer_number="5001",
                crime_status="done", crime_done_at="2026-03-02 09:00",
                victim_code_status="done", victim_code_done_at="2026-03-03 09:00",
                investigator_status="done", investigator_done_at="2026-03-02 10:00",
                welfare_status="done", welfare_done_at="2026-03-02 11:00",
                slt_status="done", slt_done_at="2026-03-02 12:00",
                iod_status="done", iod_done_at="2026-03-04 09:00",
                evidence_status="not-applicable", evidence_done_at="2026-03-05 09:00",
                crime_due_at="ignored", crime_on_time="yes",
                status="closed", outcome="charged", closed_at="2026-03-20 16:00",
                support_score="4"),
            # a new person, named as a victim here and a welfare officer above
            row(victim_number="5001", victim_name="Zoë Ωmega", victim_role="pcso",
                victim_team="Neighbourhood", occurred_at="2026-04-02 23:15",
                location="Bus station"),
        ]

    def check_imported(self):
        rows = self.case_list()
        self.assertEqual(sorted(r["reference"] for r in rows),
                         ["OPH-2026-00001", "OPH-2026-00042"])
        c = self.show("OPH-2026-00042")
        self.assertEqual(c["uuid"], UUID1)
        self.assertEqual(c["status"], "closed")
        self.assertEqual(c["summary"], 'Said "stop", then: a, b\nand c 🚓 — שלום עליכם')
        self.assertEqual(c["offence"], "=HYPERLINK()")
        self.assertEqual(c["thor"], "-risk low")
        self.assertEqual(c["location"], "Custody suite, Central")
        self.assertEqual(c["location_kind"], "custody")
        self.assertEqual(c["occurred_at"], "2026-03-01T09:05:00Z")  # GMT in March
        self.assertEqual(c["reported_at"], "2026-03-01T10:00:00Z")
        self.assertEqual(c["arrested_at"], "2026-03-01T09:30:00Z")
        for key, want in (("injury", "minor"), ("mechanism", "punch"), ("body_part", "face"),
                          ("treatment", "first-aid"), ("specified_injury", False),
                          ("days_off", 9), ("off_work", True), ("offender_known", True),
                          ("crime_reference", "CR/1"), ("referral", "accepted"),
                          ("enhanced_rights", False), ("vps_offered", True),
                          ("support_score", 4)):
            self.assertEqual(c[key], want, key)
        self.assertEqual(c["victim"]["name"], "Alice Victim")
        self.assertEqual(c["roles"]["investigator"], INVESTIGATOR)
        self.assertEqual(c["roles"]["statement_taker"], STATEMENT_TAKER)
        self.assertEqual(c["roles"]["second_line"], "4001")
        self.assertEqual(c["roles"]["welfare_officer"], "5001")
        for code in ("crime", "victim-code", "investigator", "welfare", "slt", "iod"):
            self.assertEqual(self.step(c, code)["status"], "done", code)
        self.assertEqual(self.step(c, "crime")["done_at"], "2026-03-02T09:00:00Z")
        ev = self.step(c, "evidence")
        self.assertEqual((ev["status"], ev["reason"], ev["done_at"]),
                         ("not-applicable", "imported as not applicable", "2026-03-05T09:00:00Z"))
        self.assertEqual(c["outcome"], "charged")
        self.assertEqual(c["closed_at"], "2026-03-20T16:00:00Z")
        self.assertEqual(self.followups(c, status="pending"), [],
                         "a case closed before the import owes nothing")
        d = self.show("OPH-2026-00001")
        self.assertRegex(d["uuid"], UUID_RE)
        self.assertEqual(d["status"], "open")
        self.assertEqual(d["victim"], {"name": "Zoë Ωmega", "number": "5001", "role": "pcso",
                                       "rank": None, "team": "Neighbourhood"})
        self.assertEqual(d["reported_at"], d["occurred_at"], "reported defaults to occurred")
        self.assertEqual(d["occurred_at"], "2026-04-02T22:15:00Z")  # BST
        self.assertTrue(all(s["status"] == "pending" for s in d["steps"]))

    def test_good_file_imports_exactly(self):
        path = self.write(csv_text(self.full_rows()))
        before = db_dump(self.db)
        out = self.ok("import", path, "--dry-run")
        self.assertEqual(out, "would import 2 cases and 1 new person (dry run: nothing was "
                              "written)\n")
        self.assertEqual(before, db_dump(self.db), "--dry-run writes nothing")
        out = self.ok("import", path)
        self.assertEqual(out, "imported 2 cases and 1 new person\n")
        self.check_imported()
        # importing it again: the UUID and reference are taken, nothing changes
        self.refused_rows(path, [
            "line 2, column uuid: case OPH-2026-00042 in the database already has this UUID: "
            "it is not overwritten"])

    def test_bom_crlf_and_lf_variants(self):
        for bom in (False, True):
            for eol in ("\n", "\r\n", "\r"):
                with self.subTest(bom=bom, eol=repr(eol)):
                    self.db = os.path.join(self.tmp, "v%d%d.db" % (bom, len(eol) + ord(eol[0])))
                    self.add_staff()
                    text = csv_text(self.full_rows(), eol=eol)
                    path = self.write(text, name="v.csv", bom=bom)
                    self.assertEqual(self.ok("import", path),
                                     "imported 2 cases and 1 new person\n")
                    self.check_imported()

    def test_map_renames_and_ignores_columns(self):
        cols = ["Surname, first", "Collar no", "Sgt", "When", "Where", "Notes"]
        text = csv_text([{"Surname, first": "Victim, Alice", "Collar no": VICTIM,
                          "Sgt": SUPERVISOR, "When": "01/04/2026 09:00",
                          "Where": "High Street", "Notes": "ignore me"}], columns=cols)
        path = self.write(text)
        self.refused_rows(path, [
            "line 1, column %s: unknown column (map it onto one with --map '%s=COLUMN', or "
            "ignore it with --map '%s=-')" % (c, c, c) for c in cols] + [
            "line 1, column %s: required column missing" % c
            for c in ("victim_number", "supervisor_number", "occurred_at", "location")])
        out = self.ok("import", path, "--map",
                      '"surname, first=-",Collar no=victim_number,Sgt=supervisor_number,'
                      'When=occurred_at, Where = location ,Notes=-')
        self.assertEqual(out, "imported 1 case and 0 new people\n")
        c = self.show("OPH-2026-00001")
        self.assertEqual((c["victim"]["number"], c["occurred_at"], c["location"]),
                         (VICTIM, "2026-04-01T08:00:00Z", "High Street"))
        # a mapped name the file does not have is a problem of the header
        self.refused_rows(path, [
            "line 1, column Surname, first: unknown column (map it onto one with --map "
            "'Surname, first=COLUMN', or ignore it with --map 'Surname, first=-')",
            "line 1: --map names a column 'nowhere' that the header does not have"],
            "--map", "Collar no=victim_number,Sgt=supervisor_number,When=occurred_at,"
                     "Where=location,Notes=-,Nowhere=offence")

    def test_supervisor_named_as_a_victim_later_in_the_file(self):
        path = self.write(csv_text([row(supervisor_number="6001"),
                                    row(victim_number="6001", victim_name="Pat Later",
                                        victim_rank="PS")]))
        self.assertEqual(self.ok("import", path), "imported 2 cases and 1 new person\n")
        self.assertEqual(self.show("OPH-2026-00001")["roles"]["supervisor"], "6001")

    def test_new_references_take_the_lowest_free_numbers(self):
        # the numbers a row of the file gives are never given to another row, even one
        # before it; the year's last number taken leaves the others free
        path = self.write(csv_text([row(), row(reference="OPH-2026-00002"), row(),
                                    row(reference="OPH-2026-99999")]))
        self.assertEqual(self.ok("import", path), "imported 4 cases and 0 new people\n")
        self.assertEqual(sorted(r["reference"] for r in self.case_list()),
                         ["OPH-2026-00001", "OPH-2026-00002", "OPH-2026-00003",
                          "OPH-2026-99999"])
        self.assertEqual(self.new_case(), "OPH-2026-00004")

    def test_the_years_last_reference_does_not_stop_new_cases(self):
        # One imported OPH-2026-99999 made every later case new of 2026 fail ("no references
        # left"): a new case takes the lowest free number.
        path = self.write(csv_text([row(reference="OPH-2026-99999")]))
        self.assertEqual(self.ok("import", path), "imported 1 case and 0 new people\n")
        self.assertEqual(self.new_case(), "OPH-2026-00001")
        self.assertEqual(self.new_case(), "OPH-2026-00002")

    def test_references_that_do_not_fit_are_replaced_with_a_warning(self):
        # Kept only when it is a reference of the year the case was reported (London time:
        # 00:30 on 1 January 2026 is 2026); otherwise the case gets the year's lowest free
        # number (never one another row gives) and a warning names both. The dry run says
        # the same.
        path = self.write(csv_text([
            row(reference="OPH-2025-00007"), row(reference="2026/42"),
            row(reference="OPH-2026-00000"), row(reference="oph-2026-00001"),
            row(occurred_at="2025-12-31 23:30", reported_at="2026-01-01 00:30",
                reference="OPH-2025-00003")]))
        warnings = [
            "warning: line 2, column reference: OPH-2025-00007 is not a reference of 2026, the "
            "year the case was reported: the case is given OPH-2026-00002",
            "warning: line 3, column reference: '2026/42' is not a reference (OPH-YYYY-NNNNN, "
            "numbered from 00001): the case is given OPH-2026-00003",
            "warning: line 4, column reference: 'OPH-2026-00000' is not a reference "
            "(OPH-YYYY-NNNNN, numbered from 00001): the case is given OPH-2026-00004",
            "warning: line 6, column reference: OPH-2025-00003 is not a reference of 2026, the "
            "year the case was reported: the case is given OPH-2026-00005"]
        before = db_dump(self.db)
        for flags, out in ((["--dry-run"], "would import 5 cases and 0 new people (dry run: "
                                           "nothing was written)\n"),
                           ([], "imported 5 cases and 0 new people\n")):
            r = self.run_ophamp("import", path, *flags)
            self.assertEqual((r.rc, r.out), (0, out), r.describe())
            self.assertEqual(r.err.splitlines(), ["ophamp import: " + w for w in warnings])
            if flags:
                self.assertEqual(db_dump(self.db), before, "the dry run wrote")
        self.assertEqual(sorted(r["reference"] for r in self.case_list()),
                         ["OPH-2026-%05d" % n for n in range(1, 6)])

    def test_text_survives_export_and_import(self):
        # The export puts an apostrophe before a text a spreadsheet would read as a formula
        # and before one that starts with an apostrophe; the import takes off exactly that
        # one, so every text comes back as it was typed.
        texts = ["'=already", "'quoted'", "'", "''", "''=x", "=SUM(1)", "-risk", "'-risk",
                 "@x", "+44", "plain 'a'", "a'"]
        uuids = {}
        for i, text in enumerate(texts):
            ref = self.new_case("--offence=" + text, "--summary=" + text, "--body-part=" + text,
                                occurred="2026-04-0%d 09:00" % (1 + i % 7))
            uuids[self.show(ref)["uuid"]] = text
        path = os.path.join(self.tmp, "round.csv")
        self.ok("export", "--all", "--format", "csv", "-o", path)
        target = os.path.join(self.tmp, "target.db")
        self.add_staff(db=target)
        self.assertEqual(self.ok("import", path, db=target),
                         "imported %d cases and 0 new people\n" % len(texts))
        for uuid, text in uuids.items():
            with self.subTest(text=text):
                c = self.show(uuid, db=target)
                self.assertEqual((c["offence"], c["summary"], c["body_part"]),
                                 (text, text, text))

    def test_header_only_imports_nothing(self):
        path = self.write(csv_text([]))
        self.assertEqual(self.ok("import", path), "imported 0 cases and 0 new people\n")

    def test_import_is_audited(self):
        path = self.write(csv_text([row()]))
        self.ok("import", path)
        import sqlite3
        conn = sqlite3.connect(self.db)
        try:
            tables = {t for (t,) in conn.execute(
                "SELECT DISTINCT tbl FROM log_changes WHERE tbl <> 'people'")}
        finally:
            conn.close()
        self.assertTrue({"cases", "steps", "followups"} <= tables, tables)


if __name__ == "__main__":
    unittest.main()
