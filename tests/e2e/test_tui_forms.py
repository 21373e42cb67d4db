"""End-to-end tests of the forms as a sergeant uses them within the hour: a form opened for an
item cannot be turned to another one, times typed as people say them (shown as read before
saving), Ctrl-C asks before losing what was typed, a refusal goes once the form changes, and
people added from a form take their rank."""

import json
import os
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tui  # noqa: E402  (its TuiFlows; imported as a module so its tests run once)
from tui_harness import BIN, base_env  # noqa: E402

SAVE = "C-s"


class TestForms(test_tui.TuiFlows):

    def open_case(self, ref):
        self.tui.wait_for(ref)
        self.open_case_from_list(ref)

    def test_a_form_opened_for_a_step_cannot_change_the_step(self):
        """D on crime starts on the crime reference, not on the step: a reference typed at
        once (starting with W, the first letter of welfare) goes into it, and the step stays
        crime."""
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui()
        self.open_case(ref)
        self.move_cursor_to("crime")
        t.type("D")
        self.wait_form("Complete a step")
        t.wait_until(lambda s: self.field_row("Crime reference").startswith(">"),
                     "the form starting on the crime reference")
        self.assertNotIn("\u25c2", self.field_row("Step"), t.describe("no chooser on the step"))
        t.type("W44/1234/26")
        t.keys("BTab", "BTab", "BTab")  # Shift-Tab never reaches the step
        t.type("x")
        t.wait_until(lambda s: "crime" in self.field_row("Step"), "the step still crime")
        self.assertIn("W44/1234/26x", self.field_row("Crime reference"), t.describe())
        t.keys("C-u")
        t.type("W44/1234/26")
        t.keys("Tab")
        t.type("Arrest the suspect")
        t.keys(SAVE)
        t.wait_until(lambda s: "crime done" in t.status(), "the save")
        self.quit_anywhere()
        case = self.show(ref)
        self.assertEqual(self.step(case, "crime")["status"], "done")
        self.assertEqual(case["crime_reference"], "W44/1234/26")
        self.assertEqual(self.step(case, "welfare")["status"], "pending")

    def test_time_words_are_shown_as_read_and_saved_so(self):
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui()
        self.open_case(ref)
        t.type("W")
        self.wait_form("Record a welfare contact")
        t.keys("Tab")
        t.type("Spoke by phone; coping")
        t.keys("Tab")
        t.type("yesterday 14:10")
        t.wait_until(lambda s: "Tue 7 Apr 2026 14:10 BST" in self.field_row("Contact at"),
                     "the time read beside the field")
        t.keys("C-u")
        t.type("-2h")
        t.wait_until(lambda s: "Wed 8 Apr 2026 08:00 BST" in self.field_row("Contact at"),
                     "-2h read as two hours before now")
        t.keys("C-u")
        t.type("14:10")  # later than now today: yesterday's
        t.wait_until(lambda s: "Tue 7 Apr 2026 14:10 BST" in self.field_row("Contact at"),
                     "14:10 read as yesterday's")
        t.keys("C-u")
        t.type("later")
        t.wait_until(lambda s: "expected now" in self.field_row("Contact at"),
                     "a word it does not know")
        t.keys("C-u")
        t.type("-30m")
        t.keys(SAVE)
        t.wait_until(lambda s: "welfare contact" in t.status(), "the save")
        self.quit_anywhere()
        contact = [e for e in self.show(ref)["timeline"] if e["kind"] == "welfare-contact"][0]
        self.assertEqual(contact["at"], "2026-04-08T08:30:00Z")

    def start_without_time_limit(self):
        """The front end alone in the pane, as a shell runs it: the harness's time limit
        (timeout) would take Ctrl-C for itself and stop the program when it asks first."""
        t = self.new_tui()
        t.start([BIN, "--db", self.db], base_env(self.tmp),
                stderr_path=os.path.join(t.workdir, "stderr"), cwd=self.tmp, time_limit=None)
        self.tui = t
        return t

    def test_ctrl_c_asks_before_losing_what_was_typed(self):
        self.staff()
        t = self.start_without_time_limit()
        t.wait_for("new case")
        t.type("A")
        self.wait_form("Log a new assault")
        t.keys("C-c")  # nothing typed yet: Ctrl-C stops at once, as ever
        self.assertEqual(t.wait_exit(), 130)
        t = self.start_without_time_limit()
        t.wait_for("new case")
        t.type("A")
        self.wait_form("Log a new assault")
        t.type("1001")
        t.wait_until(lambda s: "1001" in self.field_row("Victim staff no."), "typed")
        t.keys("C-c")
        t.wait_until(lambda s: "(y/N)" in t.status() and "Discard" in t.status(),
                     "Ctrl-C asks first")
        t.type("n")
        t.wait_until(lambda s: "(y/N)" not in t.status(), "the answer")
        self.assertIn("1001", self.field_row("Victim staff no."), t.describe("kept"))
        self.assertIsNone(t.dead(), t.describe("still running"))
        t.keys("C-c")
        t.wait_until(lambda s: "(y/N)" in t.status(), "asked again")
        t.type("y")
        self.assertEqual(t.wait_exit(), 130, t.describe("ends as Ctrl-C does"))
        self.assertIn("signal", t.stderr())
        self.assertEqual(self.cases(), [])

    def test_a_refusal_goes_once_the_form_changes(self):
        """The assign form refused the victim as investigator; choosing another role takes
        the refusal away (it was about that role), as typing in the field does."""
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui()
        self.open_case(ref)
        t.type("A")
        self.fill_assign_form(role="investigator", number="1001")
        t.keys(SAVE)
        t.wait_until(lambda s: "Not saved" in t.status(), "the refusal")
        refusal = t.lines()[t.lines().index(self.field_row("Staff number")) + 1].strip()
        self.assertTrue(refusal, t.describe("the refusal under the field"))
        t.keys("BTab")
        t.wait_until(lambda s: self.field_row("Role").startswith(">"), "on the role")
        t.keys("Right")
        t.wait_until(lambda s: refusal[:20] not in s, "the refusal gone once the role changed")
        self.assertIn("statement-taker", self.field_row("Role"))
        self.quit_anywhere()

    def refusal_under(self, label):
        """The line under a form field: where a refusal of that field is shown."""
        lines = self.tui.lines()
        return lines[lines.index(self.field_row(label)) + 1].strip()

    def test_a_refusal_puts_the_cursor_on_the_field_it_names(self):
        """The core refuses step victim-code without the Victim Personal Statement offered:
        the form takes the cursor back from the note to that field, and the refusal is shown
        under it, with no command-line option in its words."""
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui()
        self.open_case(ref)
        self.move_cursor_to("victim-code")
        t.type("D")
        self.wait_form("Complete a step")
        t.wait_until(lambda s: self.field_row("Support referral").startswith(">"),
                     "the form starting on the referral")
        t.type("a")
        t.keys("Tab")
        t.type("n")
        t.keys("Tab")
        t.type("n")
        t.wait_until(lambda s: "no" in self.field_row("VPS offered"), "VPS offered: no")
        t.keys("Tab")
        t.wait_until(lambda s: self.field_row("Note").startswith(">"), "on the note")
        t.keys(SAVE)
        t.wait_until(lambda s: "Not saved" in t.status(), "the refusal")
        t.wait_until(lambda s: self.field_row("VPS offered").startswith(">"),
                     "the cursor on the field the refusal names")
        self.assertIn("Victim Personal Statement", self.refusal_under("VPS offered"),
                      t.describe("the refusal under its field"))
        self.assertNotIn("--", t.status(), t.describe("no command-line option"))
        self.quit_anywhere()
        self.assertEqual(self.step(self.show(ref), "victim-code")["status"], "pending")

    def test_a_refused_new_case_goes_to_the_supervisor(self):
        """The victim named as their own supervisor: the cursor goes from the last field
        filled to the supervisor's staff number, the refusal under it; nobody is added."""
        t = self.start_tui()
        t.wait_for("Operation Hampshire")
        t.type("A")
        self.fill_new_case_form(victim_no="1001", victim_name="Alice Newcomer",
                                supervisor_no="1001", supervisor_name="Alice Newcomer",
                                occurred="2026-04-08 08:30", location="Market Square")
        t.keys(SAVE)
        t.wait_until(lambda s: "Not saved" in t.status(), "the refusal")
        t.wait_until(lambda s: self.field_row("Supervisor staff no.").startswith(">"),
                     "the cursor on the supervisor")
        self.assertIn("other than the victim", self.refusal_under("Supervisor staff no."),
                      t.describe("the refusal under the supervisor"))
        self.quit_anywhere()
        self.assertEqual(self.cases(), [])

    def test_a_refused_step_names_the_key_not_the_command(self):
        """Step welfare needs a welfare contact: the terminal names its key (W), never the
        command line's welfare add; the refusal is shown under the step."""
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui()
        self.open_case(ref)
        self.move_cursor_to("welfare")
        t.type("D")
        self.wait_form("Complete a step")
        t.keys(SAVE)
        t.wait_until(lambda s: "Not saved" in t.status(), "the refusal")
        s = " ".join(self.settle().split())
        self.assertIn("welfare contact recorded (press W)", s, t.describe("the key"))
        self.assertNotIn("welfare add", s, t.describe("not the command"))
        self.assertIn("welfare contact", self.refusal_under("Step"), t.describe())
        self.quit_anywhere()

    def test_a_person_added_from_a_form_takes_a_rank(self):
        t = self.start_tui()
        t.wait_for("Operation Hampshire")
        t.type("A")
        self.fill_new_case_form(victim_no="1001", victim_name="Alice Newcomer",
                                victim_rank="PC", supervisor_no="2001",
                                supervisor_name="Bob Sergeant", supervisor_rank="PS",
                                occurred="2026-04-08 08:30", location="Market Square")
        t.keys(SAVE)
        t.wait_until(lambda s: "Logged" in t.status(), "the new case")
        self.quit_anywhere()
        people = {p["number"]: p for p in
                  json.loads(self.ok("person", "list", "--format", "json"))}
        self.assertEqual((people["1001"]["name"], people["1001"]["rank"]),
                         ("Alice Newcomer", "PC"))
        self.assertEqual(people["2001"]["rank"], "PS")


class TestItems(test_tui.TuiFlows):

    def test_x_on_a_follow_up_marks_it_not_applicable(self):
        """X on a follow-up opens the follow-up's own form (fixed to it), not the step form;
        numbers are the case's own: a second case's first follow-up is #1."""
        self.staff()
        self.overdue_case()
        ref = self.new_case("1001", "2001", "2026-04-07 10:00", "Bus Station",
                            "--reported", "2026-04-07 10:30")
        t = self.start_tui()
        t.wait_for(ref)
        self.open_case_from_list(ref)
        self.move_cursor_to("welfare-72h")
        row = [line for line in t.screen().splitlines() if "welfare-72h" in line][:1]
        self.assertIn("#1", " ".join(row).split(), t.describe("the case's first follow-up is #1"))
        t.type("X")
        self.wait_form("Mark a follow-up not applicable")
        self.assertIn("#1 welfare-72h", self.field_row("Follow-up"), t.describe())
        t.wait_until(lambda s: self.field_row("Reason").startswith(">"), "on the reason")
        t.type("Seen at the scene by the welfare officer")
        t.keys(SAVE)
        t.wait_until(lambda s: "not applicable" in t.status(), "the save")
        self.assertIn("#1", t.status())
        self.quit_anywhere()
        fu = {f["rule"]: f for f in self.show(ref)["followups"]}
        self.assertEqual(fu["welfare-72h"]["status"], "not-applicable")
        self.assertEqual(fu["welfare-72h"]["reason"], "Seen at the scene by the welfare officer")
        self.assertEqual([s["status"] for s in self.show(ref)["steps"]], ["pending"] * 7,
                         "no step was touched")


if __name__ == "__main__":
    unittest.main(verbosity=2)
