"""End-to-end tests of issue 12's follow-up faults and steps that follow the facts in the
terminal front end: its forms reach the same actions as the command line, and it shows what
an action changed by itself on the status line. Due times are worked out by hand: days keep
the London clock time; step crime is due 24 clock hours after the report."""

import os
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tui  # noqa: E402  (a module name: its test classes are not run again here)
from test_tui import SAVE, TuiFlows, flat  # noqa: E402


class TestFollowupsInTheTui(TuiFlows):
    # The forms' key flow, from test_tui's form tests.
    wait_form = test_tui.TestWorkflows.wait_form
    form_is_open = test_tui.TestWorkflows.form_is_open
    field_row = test_tui.TestWorkflows.field_row
    fill_assign_form = test_tui.TestWorkflows.fill_assign_form

    def followup(self, ref, rule, status="pending"):
        rows = [f for f in self.show(ref)["followups"]
                if f["rule"] == rule and f["status"] == status]
        self.assertEqual(len(rows), 1, rows)
        return rows[0]

    def test_the_followup_form_raises_the_next_victim_update(self):
        """Fault 1 through the follow-up form (P): the issue's case and time."""
        self.staff()
        ref = self.new_case("1001", "2001", "2025-05-01 10:00", "High Street",
                            "--reported", "2025-05-01 11:00")
        first = self.followup(ref, "victim-update")
        t = self.start_tui()
        self.open_case_from_list(ref)
        t.type("P")
        self.wait_form("Complete a follow-up")
        for _ in range(12):  # past the line managers' duties
            if "victim-update" in self.field_row("Follow-up"):
                break
            t.keys("Right")
            self.settle()
        self.assertIn("#%d victim-update" % first["id"], self.field_row("Follow-up"))
        t.keys("Tab", "Tab")
        t.type("2025-05-10 09:00")
        t.wait_until(lambda s: "2025-05-10 09:00" in self.field_row("Done at"), "the time")
        t.keys(SAVE)
        t.wait_until(lambda s: "follow-up #%d done" % first["id"] in t.status(), "the save")
        self.quit_anywhere()
        nxt = self.followup(ref, "victim-update")
        # Sat 10 May 2025 09:00 BST + 28 days = Sat 7 June 09:00 BST.
        self.assertEqual(nxt["due_at"], "2025-06-07T08:00:00Z")

    def test_the_assign_form_takes_the_appointment_time(self):
        """Point 11: the time field of the assign form (A) gives step investigator its done
        time; refused in the future, on that field, with the input kept."""
        self.staff()
        self.add_person("Dan Statement", "3002")
        ref = self.overdue_case()  # assaulted 6 April 10:00, reported 10:30
        t = self.start_tui()
        self.open_case_from_list(ref)
        for role, number, at in (("investigator", "3001", "2026-04-06 10:40"),
                                 ("statement-taker", "3002", "2026-04-06 10:50")):
            t.type("A")
            self.fill_assign_form(role=role, number=number)
            t.keys("Tab", "Tab", "Tab")  # past the name and rank lines
            t.wait_until(lambda s: self.field_row("Appointed at").startswith(">"),
                         "the appointment time field")
            if role == "investigator":
                t.type("2026-04-09 10:00")
                t.keys(SAVE)
                t.wait_until(lambda s: "future" in t.status(), "the refusal")
                self.assertTrue(self.form_is_open(), t.describe("the form stays open"))
                self.assertIn("2026-04-09 10:00", self.field_row("Appointed at"))
                t.keys("C-u")
            t.type(at)
            t.keys(SAVE)
            t.wait_until(lambda s: "is the %s" % role in t.status(), "the save")
        self.quit_anywhere()
        st = self.step(self.show(ref), "investigator")
        self.assertEqual((st["status"], st["done_at"]), ("done", "2026-04-06T09:50:00Z"))

    def test_editing_the_facts_says_which_step_is_pending_again(self):
        """Point 11: an injury recorded after iod was marked not applicable; the status line
        says so (the notice first: the line may be cut)."""
        self.staff()
        ref = self.overdue_case()  # no injury; reported Mon 6 April 2026 10:30 BST
        self.ok("step", "na", ref, "iod", "--reason", "No injury")
        t = self.start_tui()
        self.open_case_from_list(ref)
        t.type("F")
        self.wait_form("Edit the facts")
        for _ in range(40):
            if self.field_row("Injury").startswith(">"):
                break
            t.keys("Tab")
            self.settle()
        t.type("m")
        t.wait_until(lambda s: "minor" in self.field_row("Injury"), "injury minor")
        t.keys(SAVE)
        # 6 April 10:30 BST + 7 days = 13 April 10:30 BST.
        t.wait_until(lambda s: "step iod is pending again" in t.status(), "the notice")
        self.assertIn("due 2026-04-13 10:30 BST", flat(t.screen()), t.describe())
        self.quit_anywhere()
        iod = self.step(self.show(ref), "iod")
        self.assertEqual((iod["status"], iod["due_at"]), ("pending", "2026-04-13T09:30:00Z"))

    def test_the_reminders_view_window_ends_a_day_from_now(self):
        """Fault 4's edges in the reminders view (r), which counts a day ahead: the clock is
        Wed 8 April 2026 10:00 BST; a report at 00:00 makes step crime due at 00:00
        tomorrow (due soon, not today), one at 10:00 exactly a day from now (shown), one at
        10:01 a minute past the window (not shown)."""
        self.staff()
        # The line managers' duties due in 12 and 24 hours counted out of the window: the
        # edges are the 24-hour steps'.
        for rule in ("inspector-told", "senior-leader"):
            self.cli("rule", "set", rule, "--amount", "48")
        midnight = self.new_case("1001", "2001", "2026-04-08 00:00", "A Street",
                                 "--reported", "2026-04-08 00:00")
        edge = self.new_case("1001", "2001", "2026-04-08 09:00", "B Street",
                             "--reported", "2026-04-08 10:00")
        self.cli("case", "new", "--victim", "1001", "--supervisor", "2001", "--occurred",
                 "2026-04-08 09:00", "--reported", "2026-04-08 10:01", "--location", "C Street",
                 now="2026-04-08 10:01")
        beyond = [c["reference"] for c in self.cases() if c["reference"] not in
                  (midnight, edge)][0]
        t = self.start_tui()
        t.wait_for(edge)
        t.type("r")
        t.wait_until(lambda s: "reminders" in t.title().lower() and edge in s, "reminders")
        s = self.settle()
        rows = [line for line in s.splitlines() if (midnight in line or edge in line)
                and "supervisor" not in line]  # not the line at the foot: the cursor's row
        self.assertEqual(len(rows), 8, t.describe("four 24-hour steps of each"))
        for line in rows:
            self.assertIn("due soon", line, t.describe())
        self.assertIn("0 overdue \u00b7 0 due today \u00b7 8 due within a day", s)
        self.assertNotIn(beyond, s, t.describe("a minute past the window"))
        self.quit_anywhere()


if __name__ == "__main__":
    unittest.main(verbosity=2)
