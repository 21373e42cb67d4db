"""End-to-end tests of issue 12's points 6 to 10 in the terminal front end: each new action
reaches the same action as the command line. The clock is Wednesday 8 April 2026 10:00 BST."""

import json
import os
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tui  # noqa: E402  (a module name: its test classes are not run again here)
from test_tui import SAVE, TuiFlows, flat  # noqa: E402


class TestPlanInTheTui(TuiFlows):
    wait_form = test_tui.TestWorkflows.wait_form
    form_is_open = test_tui.TestWorkflows.form_is_open
    field_row = test_tui.TestWorkflows.field_row

    def goto_field(self, label, limit=40):
        """Tabs through the form until the field of label is the current one."""
        t = self.tui
        for _ in range(limit):
            if self.field_row(label).startswith(">"):
                return
            t.keys("Tab")
            self.settle()
        self.fail(t.describe("never reached the field %r" % label))

    def closed_steps(self, ref):
        for code in ("crime", "victim-code", "investigator", "welfare", "slt", "iod",
                     "evidence"):
            self.cli("step", "na", ref, code, "--reason", "test: not needed")

    def followup(self, ref, rule):
        rows = [f for f in self.show(ref)["followups"] if f["rule"] == rule]
        self.assertEqual(len(rows), 1, rows)
        return rows[0]

    def test_the_review_form_records_the_request_and_the_result(self):
        """R: the victim's right to review a decision not to prosecute."""
        self.staff()
        ref = self.overdue_case()
        self.closed_steps(ref)
        self.ok("case", "close", ref, "--outcome", "nfa-evidential", "--at", "2026-04-07 10:00")
        t = self.start_tui()
        t.wait_for("Cases")
        t.keys("f", "f", "f")  # open, overdue, closed, all: the closed case is listed
        self.open_case_from_list(ref)
        # The case says until when the victim may ask (three months from the decision).
        t.wait_until(lambda s: "the victim may ask until 2026-07-07 10:00" in flat(s),
                     "the review line")
        t.type("O")
        self.wait_form("The victim's right to review")
        self.assertIn("may ask until 2026-07-07 10:00", flat(t.screen()))
        self.goto_field("Asked for it at")
        t.type("2026-04-08 09:15")
        t.keys(SAVE)
        t.wait_until(lambda s: "request for a review recorded" in t.status(), "the save")
        t.type("O")
        self.wait_form("The victim's right to review")
        self.goto_field("Result")
        t.type("u")
        t.wait_until(lambda s: "upheld" in self.field_row("Result"), "upheld chosen")
        t.keys(SAVE)
        t.wait_until(lambda s: "decision upheld" in t.status(), "the result saved")
        self.quit_anywhere()
        review = self.show(ref)["review"]
        self.assertEqual((review["asked_at"], review["result"], review["decided_at"]),
                         ("2026-04-08T08:15:00Z", "upheld", "2026-04-08T09:00:00Z"))

    def test_the_review_key_on_another_outcome_says_why_not(self):
        self.staff()
        ref = self.overdue_case()
        self.closed_steps(ref)
        self.ok("case", "close", ref, "--outcome", "charged")
        t = self.start_tui()
        t.wait_for("Cases")
        t.keys("f", "f", "f")
        self.open_case_from_list(ref)
        t.type("O")
        t.wait_until(lambda s: "only a decision not to prosecute" in t.status(), "the refusal")
        self.assertFalse(self.form_is_open())
        self.quit_anywhere()

    def test_the_close_form_asks_why_a_known_offender_was_not_arrested(self):
        """C: arrest preferred; the reason is asked, and refused when missing."""
        self.staff()
        ref = self.overdue_case()
        self.ok("case", "edit", ref, "--offender-known", "yes")
        self.closed_steps(ref)
        t = self.start_tui()
        self.open_case_from_list(ref)
        t.type("C")
        self.wait_form("Close the case")
        t.type("s")  # the outcome: summonsed
        t.wait_until(lambda s: "summonsed" in self.field_row("Outcome"), "summonsed")
        t.keys(SAVE)
        t.wait_until(lambda s: "Why no arrest: choose one" in flat(s), "the reason is needed")
        self.assertTrue(self.form_is_open())
        self.goto_field("Why no arrest")
        t.type("v")
        t.wait_until(lambda s: "voluntary-interview" in self.field_row("Why no arrest"),
                     "the reason chosen")
        t.keys(SAVE)
        t.wait_until(lambda s: "(y/N)" in t.status(), "the question")
        t.type("y")
        t.wait_until(lambda s: "closed: summonsed" in t.status(), "closed")
        self.quit_anywhere()
        c = self.show(ref)
        self.assertEqual((c["status"], c["no_arrest_reason"]), ("closed", "voluntary-interview"))

    def test_the_followup_form_takes_the_riddor_route_and_reference(self):
        """P on a RIDDOR report: how it went to the HSE and the reference it gave."""
        self.staff()
        ref = self.overdue_case()
        self.ok("case", "edit", ref, "--days-off", "9")
        report = self.followup(ref, "riddor-over-7-days")
        t = self.start_tui()
        self.open_case_from_list(ref)
        t.type("P")
        self.wait_form("Complete a follow-up")
        for _ in range(12):
            if "riddor" in self.field_row("Follow-up"):
                break
            t.keys("Right")
            self.settle()
        self.assertIn("#%d riddor-over-7-days" % report["id"], self.field_row("Follow-up"))
        t.keys(SAVE)
        t.wait_until(lambda s: "Reported: choose one" in flat(s), "the route is needed")
        self.goto_field("Reported")
        t.type("o")
        t.wait_until(lambda s: "online" in self.field_row("Reported"), "online")
        self.goto_field("HSE reference")
        t.type("RIDDOR/2026/55")
        t.keys(SAVE)
        t.wait_until(lambda s: "follow-up #%d done" % report["id"] in t.status(), "the save")
        self.move_cursor_to("riddor-over-7-days")
        t.keys("Down")  # to the timeline below: the follow-up's wrapped lines come into view
        t.wait_until(lambda s: "reported to the HSE online, reference RIDDOR/2026/55" in flat(s),
                     "the case view shows it")
        self.quit_anywhere()
        f = self.followup(ref, "riddor-over-7-days")
        self.assertEqual((f["status"], f["route"], f["reference"]),
                         ("done", "online", "RIDDOR/2026/55"))

    def test_the_facts_form_records_a_death(self):
        """F: a death, reported to the HSE at once (the case view says so)."""
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui()
        self.open_case_from_list(ref)
        t.type("F")
        self.wait_form("Edit the facts")
        self.goto_field("Died of it at")
        t.type("2026-04-07 18:30")
        t.keys(SAVE)
        t.wait_until(lambda s: "Facts of %s saved" % ref in t.status(), "the save")
        t.wait_until(lambda s: "death: reportable to the HSE at once" in flat(s), "RIDDOR line")
        self.quit_anywhere()
        f = self.followup(ref, "riddor-death")
        self.assertEqual((f["status"], f["due_at"]), ("pending", "2026-04-07T17:30:00Z"))

    def test_the_rules_view_adds_and_removes_a_forces_rule(self):
        """d, then N to add a rule of the force's own, X to remove it (asking first)."""
        self.staff()
        self.overdue_case()  # the case list, not the welcome screen
        t = self.start_tui()
        t.wait_for("Cases")
        t.type("d")
        t.wait_until(lambda s: "Due-time rules" in t.title(), "the rules view")
        t.type("N")
        self.wait_form("Add a follow-up of the force's own")
        t.type("chief-officer")
        t.keys("Tab")
        t.type("Tell the on-call chief officer")
        self.goto_field("Raised by")
        t.type("h")
        t.wait_until(lambda s: "hospital" in self.field_row("Raised by"), "hospital")
        self.goto_field("Amount")
        t.type("2")
        t.keys(SAVE)
        t.wait_until(lambda s: "Rule chief-officer added" in t.status(), "the save")
        t.keys("G")  # the force's rules come last
        t.wait_until(lambda s: "[force, hospital] Tell the on-call" in flat(s), "listed")
        self.move_cursor_to("chief-officer")
        t.type("X")
        t.wait_until(lambda s: "(y/N)" in t.status(), "the question")
        t.type("y")
        t.wait_until(lambda s: "Rule chief-officer removed" in t.status(), "removed")
        t.wait_until(lambda s: "[force, hospital, removed]" in flat(s), "shown removed")
        # The program's own are not removed.
        t.keys("g")
        self.move_cursor_to("crime")
        t.type("X")
        t.wait_until(lambda s: "program's own" in t.status(), "refused")
        self.quit_anywhere()
        rules = {r["key"]: r for r in json.loads(self.ok("rule", "list", "--format", "json"))}
        r = rules["chief-officer"]
        self.assertEqual((r["starts"], r["amount"], r["unit"], r["removed_at"]),
                         ("hospital", 2, "hours", "2026-04-08T09:00:00Z"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
