"""import FILE.json: case bundles (export --format json) read back.

A round trip export -> import into an empty database must reproduce every case exactly
(case show and case list), a second import must change nothing, a changed case is a conflict
left as it is unless --replace, and every kind of invalid bundle is refused whole, one line
per problem, with the database untouched."""

import copy
import json
import os
import re
import sqlite3
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (INVESTIGATOR, STATEMENT_TAKER, STEP_CODES, SUPERVISOR,  # noqa: E402
                         VICTIM, OphampTestCase, db_dump, without_log)

# Hostile text: quotes, markup, a formula, emoji, right-to-left script, newlines and tabs.
LINE = ('"quoted" \'single\' <b>x</b> =SUM(A1) \U0001F600 \u0645\u0631\u062D\u0628\u0627 '
        '\u05E9\u05DC\u05D5\u05DD back\\slash')
MULTI = LINE + '\nsecond line\twith a tab\n\n# not a heading\n\u0627\u0644\u0639\u0631\u0628\u064A\u0629 end'

USAGE = 2
REFUSED = 1


HEAD_LINE = re.compile(rb'\n  "audit_head": "\d+:[0-9a-f]{64}"\n')


def without_head(bundle):
    """A bundle without its last line, the log's head of the database it came from (each
    database has its own log): the rest is the same byte for byte."""
    assert len(HEAD_LINE.findall(bundle)) == 1, bundle[-200:]
    return HEAD_LINE.sub(b"\n", bundle)


class BundleTestCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.target = os.path.join(self.tmp, "target.db")
        self.bundle = os.path.join(self.tmp, "bundle.json")

    # ---- building varied cases in the source database -------------------------------------

    def build_cases(self):
        """Cases that between them use every part of the record; returns their references."""
        self.add_staff()
        self.add_person("Zo\u00eb " + LINE, "ZX-1", "--role", "staff", "--rank", "Custody "
                        "officer", "--team", "Cells \U0001F46E")
        self.add_person("Second Line", "SL-9", "--rank", "Inspector")

        # A: open, rich, with hostile text everywhere free text goes.
        a = self.new_case(
            "--reported", "2026-04-01 10:30", "--location-kind", "custody", "--injury",
            "serious", "--offence", LINE, "--summary", MULTI, "--mechanism", "kick",
            "--treatment", "hospital", "--body-part", "knee " + LINE[:20], "--days-off", "9",
            "--specified-injury", "yes", "--off-work", "yes", "--offender-known", "yes",
            "--arrested", "2026-04-01 11:00", "--thor", MULTI, victim="ZX-1",
            supervisor=SUPERVISOR, occurred="2026-04-01 10:00", location="Cell 4 " + LINE,
            now="2026-04-01 12:00")
        self.ok("case", "assign", a, "investigator", INVESTIGATOR, now="2026-04-01 12:10")
        self.ok("case", "assign", a, "statement-taker", STATEMENT_TAKER, now="2026-04-01 12:20")
        self.ok("case", "assign", a, "welfare-officer", VICTIM, now="2026-04-01 12:30")
        self.ok("case", "assign", a, "second-line", "SL-9", now="2026-04-01 12:40")
        self.ok("step", "done", a, "crime", "--crime-ref", "CR/55/26 \u00e9", "--note", MULTI,
                "--at", "2026-04-03 12:00", now="2026-04-03 13:00")  # late
        self.ok("step", "done", a, "victim-code", "--referral", "accepted", "--enhanced", "yes",
                "--vps-offered", "yes", "--at", "2026-04-02 09:00", now="2026-04-02 10:00")
        self.ok("step", "done", a, "iod", "--by", "victim", "--at", "2026-04-02 09:00",
                now="2026-04-02 10:00")
        self.ok("step", "done", a, "iod", "--by", "supervisor", "--at", "2026-04-02 11:00",
                now="2026-04-02 12:00")
        self.ok("step", "na", a, "slt", "--reason", "Reason " + MULTI, now="2026-04-02 12:30")
        self.ok("welfare", "add", a, "--method", "phone", "--note", "Rang " + MULTI, "--at",
                "2026-04-01 15:00", now="2026-04-01 16:00")
        self.ok("welfare", "add", a, "--method", "in-person", "--note", "Visited", "--at",
                "2026-04-04 15:00", now="2026-04-04 16:00")
        self.ok("victim", "update", a, "--note", "Told of the charge " + LINE, "--at",
                "2026-04-05 09:00", now="2026-04-05 10:00")
        self.ok("case", "decision", a, "charge", "--at", "2026-04-05 08:00",
                now="2026-04-05 10:00")
        self.ok("note", "add", a, "Note " + MULTI, now="2026-04-05 11:00")
        for kind, extra in (("bwv", ["--ref", "BWV-1 " + LINE[:30]]),
                            ("cctv", ["--status", "secured", "--ref", "CCTV/2"]),
                            ("photos", ["--status", "submitted"]),
                            ("medical", ["--status", "not-available", "--reason",
                                         "Declined " + MULTI]),
                            ("witness", [])):
            self.ok("evidence", "add", a, "--kind", kind, *extra, now="2026-04-02 08:00")
        case = self.show(a)
        fus = self.followups(case, status="pending")
        self.ok("followup", "done", a, str(fus[0]["number"]), "--at", "2026-04-06 09:00", "--note",
                "Done " + LINE, now="2026-04-06 10:00")
        self.ok("followup", "na", a, str(fus[1]["number"]), "--reason", "Not needed " + LINE,
                now="2026-04-06 10:30")
        ev = [e for e in self.show(a)["evidence"] if e["kind"] == "bwv"][0]
        self.ok("evidence", "update", a, str(ev["number"]), "--status", "secured",
                now="2026-04-06 11:00")

        # B: closed with an outcome, a closing note and a support score.
        b = self.new_case("--summary", "Spat at", "--mechanism", "spit", victim=VICTIM,
                          supervisor=SUPERVISOR, occurred="2026-03-02 22:00",
                          location="High Street", now="2026-03-03 08:00")
        self.ok("case", "assign", b, "investigator", INVESTIGATOR, now="2026-03-03 09:00")
        self.ok("case", "assign", b, "statement-taker", "ZX-1", now="2026-03-03 09:00")
        self.ok("step", "done", b, "crime", "--crime-ref", "CR/1", "--note", "plan",
                "--at", "2026-03-03 10:00", now="2026-03-03 11:00")
        for code in ("victim-code", "welfare", "slt", "iod", "evidence"):
            self.ok("step", "na", b, code, "--reason", "test: " + code, now="2026-03-04 09:00")
        self.ok("evidence", "add", b, "--kind", "cctv", "--status", "secured",
                now="2026-03-04 09:00")
        self.ok("case", "edit", b, "--support-score", "2", now="2026-03-05 09:00")
        self.ok("case", "close", b, "--outcome", "charged", "--note", "Closed " + MULTI,
                "--at", "2026-03-20 09:00", now="2026-03-20 10:00")

        # C: just logged.
        c = self.new_case(victim=STATEMENT_TAKER, supervisor="4001",
                          occurred="2026-04-07 23:30", location="Station yard")
        return [a, b, c]

    def export_bundle(self, path=None, db=True, *refs):
        args = list(refs) or ["--all"]
        self.ok("export", *args, "--format", "json", "-o", path or self.bundle, "--force", db=db)
        with open(path or self.bundle, encoding="utf-8") as f:
            return json.load(f)

    def write_bundle(self, bundle, path=None):
        with open(path or self.bundle, "w", encoding="utf-8") as f:
            json.dump(bundle, f, ensure_ascii=False)

    def import_into(self, *flags, db=None, path=None):
        """Imports the bundle; a new target database first names its user (the sergeant of
        the cases, as the source has them), since nothing is saved before someone is."""
        target = db or self.target
        if target not in self._named:
            self.name_user(SUPERVISOR, "Bob Sergeant", "--rank", "Sergeant", "--team",
                           "Response A", db=target)
        return self.run_ophamp("import", path or self.bundle, *flags, db=target)

    def shows(self, db):
        rows = self.list_cases("--all", db=db)
        return {r["uuid"]: without_log(self.show(r["uuid"], db=db)) for r in rows}

    def uuid_of(self, ref, bundle=None):
        return [c for c in (bundle or self.original)["cases"] if c["reference"] == ref][0]["uuid"]

    @staticmethod
    def without_ids(case):
        """A case with its item numbers taken out (they follow the database)."""
        c = copy.deepcopy(without_log(case))
        for key in ("followups", "evidence", "timeline"):
            for item in c[key]:
                item.pop("id")
        # Follow-ups due at the same time (welfare at 72 hours and the injury assessment
        # confirmed) come in the order of their numbers: by content instead.
        c["followups"].sort(key=lambda f: json.dumps(f, sort_keys=True))
        return c

    def summary(self, r):
        lines = r.out.strip().split("\n")
        return lines[-1]

    def assert_invalid(self, bundle, contains, lines=1, db=None):
        """The bundle is refused whole: exit 2, one line per problem on stderr (each naming
        case N (REF) and the field), nothing on stdout, the database exactly as it was."""
        db = db or self.target
        if isinstance(bundle, (bytes, str)):
            with open(self.bundle, "wb") as f:
                f.write(bundle.encode() if isinstance(bundle, str) else bundle)
        else:
            self.write_bundle(bundle)
        before = db_dump(db)
        r = self.import_into(db=db)
        self.assertEqual(r.rc, USAGE, r.describe())
        self.assertEqual(r.out, "", r.describe())
        err = r.err.split("\n")
        self.assertEqual(err[-1], "", r.describe())
        self.assertEqual(len(err) - 1, lines, r.describe())
        for line in err[:-1]:
            self.assertTrue(line.startswith("ophamp: "), r.describe())
            self.assertFalse(any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or
                                 0x202A <= ord(ch) <= 0x202E for ch in line), r.describe())
        for want in ([contains] if isinstance(contains, str) else contains):
            self.assertIn(want, r.err, r.describe())
        self.assertEqual(db_dump(db), before, "the database changed\n" + r.describe())
        return r


class TestRoundTrip(BundleTestCase):

    def setUp(self):
        super().setUp()
        self.refs = self.cached_db(self.build_cases)
        self.original = self.export_bundle()
        self.assertEqual(len(self.original["cases"]), 3)

    def test_import_into_an_empty_database_reproduces_every_case(self):
        self.assertFalse(os.path.exists(self.target))
        r = self.import_into()
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(r.err, "", r.describe())
        self.assertRegex(self.summary(r),
                         r"^imported 3 cases \(\d+ new people\), 0 identical skipped, "
                         r"0 conflicts$")
        self.assertEqual(self.shows(self.target), self.shows(self.db))
        self.assertEqual(self.list_cases("--all", db=self.target),
                         self.list_cases("--all", db=self.db))
        self.assertEqual(self.list_cases("--overdue", db=self.target),
                         self.list_cases("--overdue", db=self.db))
        # Exported again, the bundle is the same byte for byte.
        again = os.path.join(self.tmp, "again.json")
        self.export_bundle(again, self.target)
        with open(self.bundle, "rb") as f1, open(again, "rb") as f2:
            self.assertEqual(without_head(f1.read()), without_head(f2.read()))
        # The victim came with role, rank and team; the hostile texts are intact.
        a = self.show(self.refs[0], db=self.target)
        self.assertEqual(a["victim"], {"name": "Zo\u00eb " + LINE, "number": "ZX-1",
                                       "role": "staff", "rank": "Custody officer",
                                       "team": "Cells \U0001F46E"})
        self.assertEqual(a["summary"], MULTI)
        self.assertEqual(self.show(self.refs[1], db=self.target)["closing_note"],
                         "Closed " + MULTI)
        self.assertEqual([s["status"] for s in a["steps"]],
                         ["done", "done", "done", "done", "not-applicable", "done", "pending"])
        # Every insert went through the audit log.
        conn = sqlite3.connect(self.target)
        try:
            n = conn.execute("SELECT count(*) FROM log_changes WHERE tbl = 'cases' "
                             "AND op = 'insert'").fetchone()[0]
        finally:
            conn.close()
        self.assertEqual(n, 3)

    def test_second_import_skips_identical_cases_and_changes_nothing(self):
        self.assertEqual(self.import_into().rc, 0)
        before = db_dump(self.target)
        r = self.import_into()
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(self.summary(r),
                         "imported 0 cases (0 new people), 3 identical skipped, 0 conflicts")
        self.assertEqual(db_dump(self.target), before)
        # Into the very database it came from: identical too.
        before = db_dump(self.db)
        r = self.import_into(db=self.db)
        self.assertEqual(self.summary(r),
                         "imported 0 cases (0 new people), 3 identical skipped, 0 conflicts")
        self.assertEqual(db_dump(self.db), before)

    def test_changed_case_is_a_conflict_and_left_as_it_is(self):
        self.assertEqual(self.import_into().rc, 0)
        a = self.refs[0]
        self.ok("case", "edit", a, "--location", "Changed here", db=self.target)
        self.ok("note", "add", a, "Added here", db=self.target)
        before = db_dump(self.target)
        r = self.import_into()
        self.assertEqual(r.rc, REFUSED, r.describe())
        self.assertEqual(r.err, "ophamp: conflict: %s (%s): differs in facts, timeline\n"
                         % (a, self.uuid_of(a)))
        self.assertEqual(self.summary(r),
                         "imported 0 cases (0 new people), 2 identical skipped, 1 conflict")
        self.assertEqual(db_dump(self.target), before)

    def test_replace_makes_the_case_equal_to_the_bundle_in_both_directions(self):
        self.assertEqual(self.import_into().rc, 0)
        a, b, c = self.refs
        # Here: A closed, B's closing untouched but a note added, C with a new evidence item.
        for code in STEP_CODES:
            self.run_ophamp("step", "na", a, code, "--reason", "closing here", db=self.target)
        for e in self.show(a, db=self.target)["evidence"]:
            if e["status"] == "requested":
                self.ok("evidence", "update", a, str(e["id"]), "--status", "not-available",
                        "--reason", "gone", db=self.target)
        self.ok("case", "close", a, "--outcome", "cautioned", db=self.target)
        self.ok("note", "add", b, "Added here", db=self.target)
        self.ok("evidence", "add", c, "--kind", "photos", db=self.target)
        self.assertEqual(self.show(a, db=self.target)["status"], "closed")

        r = self.import_into("--replace")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(r.err, "", r.describe())
        self.assertIn("replaced: %s (%s): differed in status and outcome, steps, follow-ups, "
                      "evidence\n" % (a, self.uuid_of(a)), r.out)
        self.assertIn("replaced: %s (%s): differed in timeline\n" % (b, self.uuid_of(b)), r.out)
        self.assertIn("replaced: %s (%s): differed in evidence\n" % (c, self.uuid_of(c)), r.out)
        self.assertEqual(self.summary(r), "imported 0 cases (0 new people), 3 replaced, "
                                          "0 identical skipped, 0 conflicts")
        self.assertEqual(self.shows(self.target), self.shows(self.db))
        # The other way round: closed in the bundle, open here.
        for code in ("victim-code", "welfare", "evidence", "investigator"):
            self.run_ophamp("step", "na", c, code, "--reason", "closing there")
        for code in ("crime", "slt", "iod"):
            self.ok("step", "na", c, code, "--reason", "closing there")
        self.ok("case", "close", c, "--outcome", "not-identified", "--note", "There")
        self.export_bundle(None, True, c)
        r = self.import_into("--replace")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(without_log(self.show(c, db=self.target)), without_log(self.show(c)))
        # Each replacement is in the audit log: the case's row and its items.
        conn = sqlite3.connect(self.target)
        try:
            ops = {row for row in conn.execute("SELECT tbl, op FROM log_changes")}
        finally:
            conn.close()
        for want in (("cases", "update"), ("steps", "update"), ("notes", "delete"),
                     ("evidence_items", "delete"), ("followups", "insert")):
            self.assertIn(want, ops)

    def test_dry_run_reports_the_same_and_writes_nothing(self):
        self.add_person("Only Person", "X1", db=self.target)
        before = db_dump(self.target)
        r = self.import_into("--dry-run")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertRegex(self.summary(r), r"^dry run, nothing written: imported 3 cases "
                                          r"\(\d+ new people\), 0 identical skipped, 0 conflicts$")
        self.assertEqual(db_dump(self.target), before)
        real = self.import_into()
        self.assertEqual(self.summary(r).replace("dry run, nothing written: ", ""),
                         self.summary(real))
        # A dry run of a conflict reports it, exit 1, and writes nothing either.
        self.ok("case", "edit", self.refs[2], "--location", "Elsewhere", db=self.target)
        before = db_dump(self.target)
        r = self.import_into("--dry-run", "--replace")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertIn("replaced: %s" % self.refs[2], r.out)
        self.assertEqual(db_dump(self.target), before)

    def test_reference_taken_here_gets_the_next_free_one(self):
        self.add_staff(db=self.target)
        taken = self.new_case(db=self.target, occurred="2026-04-02 09:00")
        self.assertEqual(taken, "OPH-2026-00001")
        bundle_refs = [c["reference"] for c in self.original["cases"]]
        self.assertIn("OPH-2026-00001", bundle_refs)
        r = self.import_into()
        self.assertEqual(r.rc, 0, r.describe())
        moved = [line for line in r.out.split("\n") if " imported as " in line]
        self.assertIn("OPH-2026-00001 imported as OPH-2026-", r.out)
        new_ref = [line.split(" imported as ")[1] for line in moved
                   if line.startswith("OPH-2026-00001 ")][0]
        self.assertNotEqual(new_ref, "OPH-2026-00001")
        case = [c for c in self.original["cases"] if c["reference"] == "OPH-2026-00001"][0]
        here = self.show(case["uuid"], db=self.target)
        self.assertEqual(here["reference"], new_ref)
        self.assertEqual(self.without_ids(dict(here, reference=case["reference"])),
                         self.without_ids(self.show(case["uuid"])))
        # The case that was here keeps its reference and content.
        self.assertEqual(self.show("OPH-2026-00001", db=self.target)["location"], "High Street")

    def test_a_reference_that_does_not_fit_gets_a_new_one_and_a_warning(self):
        # Kept only when it is a reference (OPH-YYYY-NNNNN, from 00001) of the year the case
        # was reported; otherwise the case gets that year's lowest free number, and a warning
        # names both. The dry run says the same.
        b = copy.deepcopy(self.original)
        given = ["OPH-2019-00001", "2026/42", "OPH-2026-00000"]
        for c, ref in zip(b["cases"], given):
            c["reference"] = ref
        self.write_bundle(b)
        why = ["OPH-2019-00001 is not a reference of 2026, the year the case was reported",
               "'2026/42' is not a reference (OPH-YYYY-NNNNN, numbered from 00001)",
               "'OPH-2026-00000' is not a reference (OPH-YYYY-NNNNN, numbered from 00001)"]
        warnings = ["ophamp: case %d (%s): warning: %s: the case is given OPH-2026-%05d"
                    % (i + 1, given[i], why[i], i + 1) for i in range(3)]
        for flags in (["--dry-run"], []):
            r = self.import_into(*flags)
            self.assertEqual(r.rc, 0, r.describe())
            self.assertEqual(r.err.splitlines(), warnings, r.describe())
        for i, c in enumerate(b["cases"]):
            here = self.show(c["uuid"], db=self.target)
            self.assertEqual(here["reference"], "OPH-2026-%05d" % (i + 1))
            source = self.show(c["uuid"])  # the case as it is where the bundle came from
            self.assertEqual(self.without_ids(dict(here, reference=source["reference"])),
                             self.without_ids(source))
        # Imported again: the same cases, matched by UUID; nothing to say.
        r = self.import_into()
        self.assertEqual((r.rc, r.err), (0, ""), r.describe())
        self.assertIn("3 identical skipped", r.out)

    def test_staff_number_with_another_name_here_is_a_conflict(self):
        self.add_person("Robert Somebody Else", SUPERVISOR, db=self.target)
        r = self.import_into()
        self.assertEqual(r.rc, REFUSED, r.describe())
        conflicts = r.err.strip().split("\n")
        self.assertEqual(len(conflicts), 2, r.describe())  # A and B name 2001 as supervisor
        for line in conflicts:
            self.assertRegex(line, r"^ophamp: conflict: OPH-\d{4}-\d{5} \([0-9a-f-]{36}\): "
                                   r"staff number 2001 is Robert Somebody Else here but "
                                   r"Bob Sergeant in the bundle$")
        self.assertEqual(self.summary(r), "imported 1 case (2 new people), 0 identical skipped, "
                                          "2 conflicts")
        self.assertEqual(len(self.list_cases("--all", db=self.target)), 1)


class TestInvalidBundles(BundleTestCase):
    """Each kind of invalid bundle: exit 2, one line per problem, nothing imported."""

    def setUp(self):
        super().setUp()
        self.refs = self.cached_db(self.build_cases)
        self.good = self.export_bundle()
        self.add_person("Already Here", "Z9", db=self.target)

    def bad(self, which, change):
        """The good bundle with one case (A, B or C of build_cases) changed."""
        b = copy.deepcopy(self.good)
        change(b["cases"][self.index(which)])
        return b

    def index(self, which):
        ref = self.refs["ABC".index(which)]
        return [c["reference"] for c in self.good["cases"]].index(ref)

    def prefix(self, which):
        return "case %d (%s): " % (self.index(which) + 1, self.refs["ABC".index(which)])

    def test_not_json_wrong_format_unknown_version_and_redacted(self):
        for text, words in (("not json at all", "is not JSON"),
                            ('{"format": "ophamp-cases", "version": 1,', "is not JSON"),
                            ("", "is not JSON"),
                            ("[1, 2]", "is not a case bundle"),
                            ('{"format": "other", "version": 1, "redacted": false, '
                             '"cases": []}', 'its "format" is "other"'),
                            ('{"version": 1, "redacted": false, "cases": []}',
                             "is not a case bundle"),
                            ('{"format": "ophamp-cases", "version": 2, "redacted": false, '
                             '"cases": []}', "version 2; this ophamp reads version 1"),
                            ('{"format": "ophamp-cases", "version": "1", "redacted": false, '
                             '"cases": []}', "no bundle version"),
                            ('{"format": "ophamp-cases", "version": 1, "cases": []}',
                             '"redacted"'),
                            ('{"format": "ophamp-cases", "version": 1, "redacted": false}',
                             '"cases"')):
            r = self.assert_invalid(text, words)
            self.assertTrue(r.err.startswith("ophamp: %s " % self.bundle), r.describe())
        with open(self.bundle, "wb") as f:
            f.write(b'{"format": "ophamp-cases", "version": 1, "redacted": false, "cases": '
                    b'[]}\x00')
        self.assertEqual(self.import_into().rc, USAGE)
        # A redacted export must never become records.
        self.ok("export", "--all", "--format", "json", "--redact", "-o", self.bundle,
                "--force")
        self.assert_invalid(open(self.bundle, encoding="utf-8").read(),
                            "is a redacted export")

    def test_staff_numbers_with_invisible_or_look_alike_characters(self):
        rule = "a staff number is ASCII letters, digits, - and / only"
        def hidden(c):
            c["role_holders"]["supervisor"]["number"] += "\u200b"
            c["roles"]["supervisor"] += "\u200b"
        self.assert_invalid(self.bad("A", hidden), self.prefix("A") + "role_holders.supervisor: "
                            "staff number contains U+200B (an invisible character): " + rule)
        def cyrillic(c):
            c["victim"]["number"] = "\u0410" + c["victim"]["number"]
        self.assert_invalid(self.bad("B", cyrillic), self.prefix("B") + "victim: staff number "
                            "contains U+0410 (a Cyrillic letter): " + rule)

    def test_missing_field(self):
        self.assert_invalid(self.bad("A", lambda c: c.pop("location")),
                            self.prefix("A") + "location: is missing")
        self.assert_invalid(self.bad("B", lambda c: c["victim"].pop("name")),
                            self.prefix("B") + "victim.name: is missing")
        self.assert_invalid(self.bad("C", lambda c: c.update(created_at=None)),
                            self.prefix("C") + "created_at: is required")
        self.assert_invalid(self.bad("A", lambda c: c["steps"].pop(3)),
                            self.prefix("A") + "steps: step welfare is missing")

    def test_bad_vocabulary_and_types(self):
        self.assert_invalid(self.bad("A", lambda c: c.update(injury="broken")),
                            self.prefix("A") + "injury: unknown")
        self.assert_invalid(self.bad("B", lambda c: c["steps"][0].update(status="finished")),
                            self.prefix("B") + "steps[0].status: unknown")
        self.assert_invalid(self.bad("A", lambda c: c["evidence"][0].update(kind="dna")),
                            self.prefix("A") + "evidence[0].kind: unknown")
        self.assert_invalid(self.bad("A", lambda c: c.update(days_off="9")),
                            self.prefix("A") + "days_off: expected a whole number")
        self.assert_invalid(self.bad("A", lambda c: c["followups"][0].update(rule="no-such")),
                            self.prefix("A") + "followups[0]: no due-time rule 'no-such'")

    def test_bad_time(self):
        for value in ("2026-04-06 09:00", "2026-04-06T09:00:00", "2026-04-06T09:00:00+01:00",
                      "2026-02-30T09:00:00Z", 1775000000):
            self.assert_invalid(self.bad("A", lambda c: c.update(occurred_at=value)),
                                self.prefix("A") + "occurred_at: expected")
        self.assert_invalid(self.bad("A", lambda c: c.update(occurred_at="2027-01-01T00:00:00Z")),
                            self.prefix("A") + "facts: occurred time")

    def test_victim_as_investigator(self):
        def change(c):
            c["roles"]["investigator"] = c["victim"]["number"]
            c["role_holders"]["investigator"] = {"number": c["victim"]["number"],
                                                 "name": c["victim"]["name"]}
        r = self.assert_invalid(self.bad("B", change),
                                self.prefix("B") + "role_holders.investigator: ")
        self.assertIn("never investigate their own assault", r.err)

    def test_closed_with_a_pending_step_or_without_outcome(self):
        def pending(c):
            s = c["steps"][4]
            s.update(status="pending", done_at=None, reason=None)
        r = self.assert_invalid(self.bad("B", pending), self.prefix("B") + "status: ")
        self.assertIn("still pending: slt", r.err)
        self.assert_invalid(self.bad("B", lambda c: c.update(outcome=None, outcome_at=None)),
                            self.prefix("B") + "status: ")
        self.assert_invalid(self.bad("A", lambda c: c["steps"][4].update(reason=None)),
                            self.prefix("A") + "steps.slt: not applicable needs a reason")
        self.assert_invalid(self.bad("A", lambda c: c["steps"][0].update(done_at=None)),
                            self.prefix("A") + "steps.crime: done needs the time")

    def test_text_too_long_and_control_characters(self):
        self.assert_invalid(self.bad("A", lambda c: c.update(summary="x" * 4001)),
                            self.prefix("A") + "summary: is too long (at most 4000 characters)")
        self.assert_invalid(self.bad("A", lambda c: c.update(location="\U0001F600" * 201)),
                            self.prefix("A") + "location: is too long (at most 200 characters)")
        for value in ("Cell \x1b[31m4", "Cell\n4", "Cell \x00 4", "Cell \x9b 4"):
            r = self.assert_invalid(self.bad("A", lambda c: c.update(location=value)),
                                    self.prefix("A"))
            self.assertTrue("location: contains a control character" in r.err or
                            "a text holds a NUL character" in r.err, r.describe())
        self.assert_invalid(self.bad("C", lambda c: c["victim"].update(name="A\tB")),
                            self.prefix("C") + "victim.name: ")

    def test_every_problem_has_its_line_and_nothing_is_imported(self):
        def two(c):
            c["injury"] = "broken"
            c["victim"]["number"] = ""
        b = self.bad("A", two)
        b["cases"][self.index("C")]["uuid"] = "not-a-uuid"
        b["cases"][self.index("B")]["closing_note"] = "x" * 5000
        r = self.assert_invalid(b, [self.prefix("A") + "victim.number: is required",
                                    self.prefix("A") + "injury: unknown",
                                    self.prefix("B") + "closing_note: is too long",
                                    self.prefix("C") + "uuid: expected a UUID"], lines=4)
        lines = r.err.strip().split("\n")
        self.assertEqual(lines, sorted(lines, key=lambda l: int(l.split()[2])),
                         "problems come in the bundle's order")
        self.assertFalse(os.path.exists(self.target + "-journal"))
        # Same staff number, two names in one bundle.
        def rename(c):
            c["role_holders"]["supervisor"]["name"] = "Someone Else"
        self.assert_invalid(self.bad("A", rename),
                            self.prefix("A") + "role_holders.supervisor: staff number 2001 is "
                            "'Bob Sergeant' in case %d and 'Someone Else' here"
                            % (self.index("B") + 1))
        # A hostile reference is neutralised in the message.
        b = self.bad("A", lambda c: c.update(reference="\x1b]0;x\x07OPH"))
        r = self.assert_invalid(b, "reference: ")
        self.assertNotIn("\x1b", r.err)


class TestDemoRoundTrip(BundleTestCase):

    def test_demo_cases_round_trip_exactly(self):
        self.ok("demo", "--cases", "150", "--seed", "11")
        self.export_bundle()
        r = self.import_into()
        self.assertEqual(r.rc, 0, r.describe())
        self.assertRegex(self.summary(r), r"^imported 150 cases ")
        again = os.path.join(self.tmp, "again.json")
        self.export_bundle(again, self.target)
        with open(self.bundle, "rb") as f1, open(again, "rb") as f2:
            self.assertEqual(without_head(f1.read()), without_head(f2.read()))
        self.assertEqual(self.list_cases("--all", db=self.target),
                         self.list_cases("--all", db=self.db))
        self.assertEqual(self.reminders("--within", "720", db=self.target),
                         self.reminders("--within", "720", db=self.db))


if __name__ == "__main__":
    unittest.main()
