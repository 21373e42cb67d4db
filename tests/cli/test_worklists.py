"""Worklists through `ophamp remind` (issue 13, point 1): every reminder says its case (UUID),
victim, supervisor, kind of work and per-case item number; filters by kind, by the cases the
named user holds a role in, by victims off work; and horizons from the overdue only to a date.

Each filter is checked against the unfiltered list: the filtered rows are exactly those of the
whole list that have the property, in the same order.
"""

import os
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    INVESTIGATOR, MANAGER, REF_RE, STATEMENT_TAKER, SUPERVISOR, UUID_RE, VICTIM,
    OphampTestCase)

USAGE = 2
KINDS = {"step", "welfare", "victim-update", "evidence", "riddor", "duty"}


class WorklistCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.mine, self.other, self.off = self.cached_db(self.make_db)

    def make_db(self):
        self.add_staff()
        self.add_person("Olga Offwork", "1002", "--rank", "PC")
        # The user is the supervisor of the first case (Bob Sergeant, 2001).
        self.name_user(SUPERVISOR)
        mine = self.new_case(occurred="2026-04-06 09:00", location="Station yard")
        other = self.new_case("--reported", "2026-04-06 12:00", supervisor=MANAGER,
                              occurred="2026-04-06 11:00")
        off = self.new_case("--off-work", "yes", "--days-off", "10", "--injury", "minor",
                            victim="1002", supervisor=MANAGER, occurred="2026-04-05 20:00")
        self.ok("evidence", "add", mine, "--kind", "cctv")
        self.ok("case", "decision", other, "arrest", "--at", "2026-04-07 18:00")
        return mine, other, off

    def rows(self, *flags):
        rc, rows = self.reminders("--within", "1000", *flags)
        return rows

    @staticmethod
    def key(r):
        return (r["reference"], r["item"], r["due_at"])


class TestWhatEachReminderSays(WorklistCase):

    def test_json_names_the_case_its_people_kind_code_and_number(self):
        rows = self.rows()
        self.assertGreater(len(rows), 10)
        cases = {ref: self.show(ref) for ref in (self.mine, self.other, self.off)}
        for r in rows:
            with self.subTest(item=r["item"], ref=r["reference"]):
                case = cases[r["reference"]]
                self.assertEqual(r["case_uuid"], case["uuid"])
                self.assertRegex(r["case_uuid"], UUID_RE)
                self.assertEqual(r["victim_name"], case["victim"]["name"])
                self.assertEqual(r["victim_number"], case["victim"]["number"])
                self.assertEqual(r["supervisor_number"],
                                 MANAGER if r["reference"] != self.mine else SUPERVISOR)
                self.assertEqual(r["supervisor_name"],
                                 "Erin Manager" if r["reference"] != self.mine
                                 else "Bob Sergeant")
                self.assertIn(r["kind"], KINDS)
                self.assertEqual(r["off_work"], r["reference"] == self.off)
                if r["item"].startswith("step "):
                    self.assertIsNone(r["number"])
                    self.assertEqual(r["code"], r["item"][5:])
                elif r["item"].startswith("follow-up "):
                    fu = [f for f in case["followups"] if f["number"] == r["number"]]
                    self.assertEqual(len(fu), 1, case["followups"])
                    self.assertEqual(r["code"], fu[0]["rule"])
                    self.assertEqual(r["item"], "follow-up %s #%d" % (r["code"], r["number"]))
                else:
                    ev = [e for e in case["evidence"] if e["number"] == r["number"]]
                    self.assertEqual(len(ev), 1, case["evidence"])
                    self.assertEqual(r["code"], "evidence-" + ev[0]["kind"])

    def test_kinds_of_work(self):
        kinds = {}
        for r in self.rows():
            kinds.setdefault(r["kind"], set()).add(r["code"])
        self.assertEqual(kinds["welfare"] >= {"welfare", "welfare-72h"}, True, kinds)
        self.assertIn("iod", kinds["duty"])
        self.assertIn("evidence-cctv", kinds["evidence"])
        self.assertTrue(kinds["riddor"] <= {"riddor-over-7-days", "riddor-specified"}, kinds)
        self.assertIn("riddor-over-7-days", kinds["riddor"])
        self.assertTrue({"crime", "slt"} <= kinds["step"], kinds)
        self.assertTrue(any(c.startswith("victim-") for c in kinds["victim-update"]), kinds)
        self.assertFalse(kinds["step"] & {"welfare", "iod", "evidence"}, kinds)

    def test_text_says_the_victim_and_supervisor(self):
        out = self.ok("remind", "--within", "1000", now="2026-04-06 12:00")
        line = [ln for ln in out.splitlines() if self.off in ln and "step iod" in ln]
        self.assertEqual(len(line), 1, out)
        self.assertIn("Olga Offwork", line[0])
        self.assertIn("sup. Erin Manager", line[0])
        self.assertFalse(any(ln != ln.rstrip() for ln in out.splitlines()), out)

    def test_text_says_each_item_whole(self):
        """Every item as the JSON names it, number and all, is in the text (the line managers'
        duties have long names: "follow-up welfare-officer #7")."""
        out = self.ok("remind", "--within", "1000", now="2026-04-06 12:00")
        rc, rows = self.reminders("--within", "1000", now="2026-04-06 12:00")
        self.assertTrue(any(len(r["item"]) > 26 for r in rows), rows)
        for r in rows:
            self.assertIn("  %s  " % r["item"], out)


class TestFilters(WorklistCase):

    def assert_subset(self, flags, keep):
        whole = self.rows()
        got = self.rows(*flags)
        want = [r for r in whole if keep(r)]
        self.assertGreater(len(want), 0, "the filter must keep something here")
        self.assertLess(len(want), len(whole), "the filter must leave something out here")
        self.assertEqual([self.key(r) for r in got], [self.key(r) for r in want])

    def test_by_kind(self):
        for kind in sorted(KINDS):
            with self.subTest(kind=kind):
                self.assert_subset(["--kind", kind], lambda r, k=kind: r["kind"] == k)
        self.assert_subset(["--kind", "welfare,duty"],
                           lambda r: r["kind"] in ("welfare", "duty"))

    def test_mine_is_where_the_user_holds_a_role(self):
        self.assert_subset(["--mine"], lambda r: r["reference"] == self.mine)
        # Any of the five roles makes a case the user's.
        self.ok("case", "assign", self.off, "welfare-officer", SUPERVISOR)
        self.assert_subset(["--mine"], lambda r: r["reference"] in (self.mine, self.off))
        # A role held by someone else does not.
        self.name_user(INVESTIGATOR)
        self.ok("case", "assign", self.other, "statement-taker", STATEMENT_TAKER)
        got = self.rows("--mine")
        self.assertEqual(got, [])
        self.ok("case", "assign", self.other, "investigator", INVESTIGATOR)
        self.assert_subset(["--mine"], lambda r: r["reference"] == self.other)

    def test_off_work(self):
        self.assert_subset(["--off-work"], lambda r: r["reference"] == self.off)
        self.assert_subset(["--off-work", "--kind", "welfare"],
                           lambda r: r["reference"] == self.off and r["kind"] == "welfare")

    def test_nothing_found_says_what_was_asked(self):
        out = self.ok("remind", "--mine", "--kind", "riddor", "--overdue")
        self.assertEqual(out, "Nothing overdue (riddor; your cases).\n")
        out = self.ok("remind", "--until", "2026-04-08", "--kind", "riddor", "--off-work",
                      now="2026-04-05 21:00")
        self.assertEqual(out, "Nothing due by Wed 8 Apr 2026 (riddor; off work).\n")


class TestHorizons(WorklistCase):

    def test_each_horizon_is_a_prefix_of_the_next(self):
        overdue = self.rows_of("--overdue")
        today = self.rows_of("--today")
        h48 = self.rows_of("--within", "48")
        week = self.rows_of("--within", "168")
        until = self.rows_of("--until", "2026-05-10")
        self.assertTrue(overdue and today and h48 and week and until)
        self.assertEqual({r["state"] for r in overdue}, {"overdue"})
        self.assertEqual({r["state"] for r in today} - {"overdue"}, {"due-today"})
        for shorter, longer in ((overdue, today), (today, h48), (h48, week), (week, until)):
            self.assertEqual(longer[:len(shorter)], shorter)
        self.assertLess(len(overdue), len(today))
        for r in until:
            self.assertLess(r["due_at"], "2026-05-10T23:00:00Z")  # 11 May 00:00 BST
        self.assertGreater(len(until), len(week))
        for r in week:
            self.assertLessEqual(r["due_at"], "2026-04-15T09:00:00Z")

    def rows_of(self, *flags):
        rc, rows = self.reminders(*flags)
        self.assertEqual(rc, 1 if any(r["state"] == "overdue" for r in rows) else 0)
        return rows

    def test_until_takes_dates_as_people_write_them(self):
        want = self.rows_of("--until", "2026-04-15")
        self.assertEqual(self.rows_of("--until", "15/4/2026"), want)
        self.assertEqual(self.rows_of("--until", "today"), self.rows_of("--today"))
        tomorrow = self.rows_of("--until", "tomorrow")
        self.assertEqual(tomorrow, self.rows_of("--until", "2026-04-09"))

    def test_bad_horizons_are_refused(self):
        for argv, words in ((["--overdue", "--today"], "choose one"),
                            (["--within", "48", "--until", "2026-05-01"], "choose one"),
                            (["--until", "2026-04-07"], "before today"),
                            (["--until", "next week"], "--until"),
                            (["--until", "2026-02-30"], "--until"),
                            (["--kind", "welfar"], "welfare, victim-update"),
                            (["--kind", ""], "--kind"),
                            (["--mine=yes"], "takes no value")):
            with self.subTest(argv=argv):
                self.refused(USAGE, "remind", *argv, contains=words)

    def test_mine_needs_someone_named(self):
        # A database whose user is not named (the setting removed behind the program's back).
        conn = sqlite3.connect(self.db)
        conn.create_function("oph_action", 0, lambda: 1)
        conn.execute("DELETE FROM settings WHERE key = 'user'")
        conn.commit()
        conn.close()
        self.refused(USAGE, "remind", "--mine", contains="whoami")
        self.assertGreater(len(self.rows()), 0)


class TestFiltersStayInTheCalendar(WorklistCase):

    def test_ics_of_a_filtered_worklist(self):
        r = self.run_ophamp("remind", "--format", "ics", "--within", "1000", "--kind", "welfare")
        self.assertIn(r.rc, (0, 1), r.describe())
        events = r.out.count("BEGIN:VEVENT")
        welfare = len(self.rows("--kind", "welfare"))
        self.assertGreaterEqual(events, welfare)
        self.assertNotIn("step crime", r.out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
