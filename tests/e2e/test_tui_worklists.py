"""End-to-end tests of issue 13's worklists, keys and undo in the terminal front end: the
reminders view as a worklist (victim, supervisor, item numbers; kind, my cases, off work,
horizon), the case list's orders and my cases, the mouse, a key for every command (decision,
log, bank holidays, marking, who I am) and undo's confirmation screen."""

import json
import os
import re
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tui  # noqa: E402  (its TuiFlows)
from tui_harness import REF_RE  # noqa: E402

SAVE = "C-s"


class WorklistFlows(test_tui.TuiFlows):

    def setUp(self):
        super().setUp()
        self.mine, self.other, self.off = self.cached_db(self.make_db)

    def make_db(self):
        self.staff()
        self.add_person("Olga Offwork", "1002", "--rank", "PC")
        self.add_person("Erin Manager", "4001", "--rank", "Inspector")
        self.name_user("Bob Sergeant", "2001")
        # Mine (Bob supervises), overdue; another's; an off-work victim's with RIDDOR due.
        mine = self.overdue_case(location="Station yard")
        other = self.overdue_case(supervisor="4001", location="Market Square")
        off = self.new_case("1002", "4001", "2026-04-05 20:00", "Custody suite",
                            "--off-work", "yes", "--days-off", "10", "--injury", "minor")
        return mine, other, off

    def position(self):
        m = re.search(r"(\S+) of (\S+)\s*$", self.tui.status())
        return (m.group(1), m.group(2)) if m else None

    def remind_rows(self):
        """The worklist's rows on screen (not the line at the foot)."""
        return [line for line in self.tui.lines()[3:-3] if REF_RE.search(line)]

    def cli_reminders(self, *flags):
        r = self.cli("remind", "--format", "json", *flags)
        self.assertIn(r.rc, (0, 1), r.describe())
        return json.loads(r.out)


class TestRemindersWorklist(WorklistFlows):

    def test_rows_say_victim_supervisor_and_number(self):
        # Wide enough for the foot line's longest item (a line manager's duty).
        t = self.start_tui(cols=120)
        t.type("r")
        t.wait_until(lambda s: "Reminders" in t.title() and self.off in s, "the worklist")
        s = self.settle()
        self.assertIn("Supervisor", t.row(2), t.describe("a supervisor column"))
        rows = self.remind_rows()
        mine = [r for r in rows if self.mine in r]
        self.assertTrue(mine and all("Alice Victim" in r and "Bob Sergeant" in r for r in mine),
                        t.describe())
        # The line at the foot says the row under the cursor in full.
        foot = t.row(t.rows - 3)
        first = self.cli_reminders()[0]
        self.assertIn(first["reference"], foot, t.describe())
        self.assertIn("supervisor %s (%s)" % (first["supervisor_name"],
                                               first["supervisor_number"]), foot)
        self.assertIn("%s (%s)" % (first["victim_name"], first["victim_number"]), foot)
        # Follow-ups carry their number in the case (the first is due in 48 hours).
        t.type("h")
        t.wait_until(lambda s: re.search(r"follow-up welfare-72h #\d", s), "a follow-up")
        self.quit_anywhere()

    def test_kind_mine_off_work_and_horizon(self):
        t = self.start_tui()
        t.type("r")
        t.wait_until(lambda s: "Reminders" in t.title() and self.off in s, "the worklist")
        # f: the next kind of work (step), then welfare.
        t.type("f")
        t.wait_until(lambda s: "\u00b7 step" in t.title(), "kind step")
        t.type("f")
        t.wait_until(lambda s: "\u00b7 welfare" in t.title(), "kind welfare")
        want = [r for r in self.cli_reminders("--kind", "welfare")]
        t.wait_until(lambda s: self.position() == ("1", str(len(want))), "the welfare rows")
        for line in self.remind_rows():
            self.assertRegex(line, r"welfare", t.describe())
        # o: only my cases (Bob's).
        t.type("o")
        t.wait_until(lambda s: "my cases" in t.title(), "my cases")
        rows = self.remind_rows()
        self.assertTrue(rows and all(self.mine in r for r in rows), t.describe())
        want = self.cli_reminders("--kind", "welfare", "--mine")
        t.wait_until(lambda s: self.position() == ("1", str(len(want))), "my welfare rows")
        # w with o: nothing (the off-work victim's case is Erin's); without o: only it.
        t.type("w")
        t.wait_until(lambda s: "off work" in t.title() and "Nothing" in s, "nothing left")
        t.type("o")
        t.wait_until(lambda s: "my cases" not in t.title() and self.off in s, "off work only")
        rows = self.remind_rows()
        self.assertTrue(rows and all(self.off in r for r in rows), t.describe())
        # h: how far ahead, round to a date asked for.
        t.type("w")
        t.type("f")  # victim-update
        t.wait_until(lambda s: "victim-update" in t.title(), "kind victim-update")
        for _ in range(4):  # evidence, riddor, duty, every kind
            t.type("f")
        t.wait_until(lambda s: "due within a day \u00b7 Sergeant" in t.title(), "every kind")
        t.type("h")
        t.wait_until(lambda s: "due within 48 h" in t.title(), "48 h")
        t.type("h")
        t.wait_until(lambda s: "due within 7 days" in t.title(), "7 days")
        want = self.cli_reminders("--within", "168")
        t.wait_until(lambda s: self.position() == ("1", str(len(want))), "the week's rows")
        t.type("h")
        t.wait_until(lambda s: "Due by which day" in t.status(), "the date asked for")
        t.type("2026-05-10")
        t.keys("Enter")
        t.wait_until(lambda s: "due by Sun 10 May 2026" in t.title(), "a date")
        want = self.cli_reminders("--until", "2026-05-10")
        t.wait_until(lambda s: self.position() == ("1", str(len(want))), "the rows to then")
        t.type("h")
        t.wait_until(lambda s: "Reminders \u2014 overdue" in t.title(), "overdue only")
        want = self.cli_reminders("--overdue")
        t.wait_until(lambda s: self.position() == ("1", str(len(want))), "the overdue rows")
        self.assertNotIn("due soon", "\n".join(self.remind_rows()))
        t.type("h")
        t.wait_until(lambda s: "due today" in t.title(), "today")
        self.quit_anywhere()


class TestCaseListOrders(WorklistFlows):

    def refs_on_screen(self):
        return [REF_RE.search(line).group(0) for line in self.tui.lines()[2:-2]
                if REF_RE.search(line)]

    def test_every_column_sorts_either_way_as_the_command_line_does(self):
        self.ok("demo", "--cases", "40", "--seed", "5", "--into-real-database")
        t = self.start_tui()
        t.wait_for(REF_RE)
        for _ in range(3):  # open -> overdue -> closed -> all
            t.type("f")
        t.wait_until(lambda s: "Cases \u2014 all" in t.title(), "all cases")
        orders = [("due", "next due first", "Next due\u2191"),
                  ("reference", "by reference", "Reference\u2191"),
                  ("victim", "by victim, A to Z", "Victim\u2191"),
                  ("where", "by where, A to Z", "Where\u2191"),
                  ("status", "overdue first", "Status\u2191"),
                  ("date", "newest first", "Occurred\u2193")]
        for name, words, heading in orders:
            t.type("s")  # (the title, cut by the demo database's path, says `words`)
            t.wait_until(lambda s, h=heading: h in t.row(1), heading)
            want = [c["reference"] for c in self.cases("--all", "--sort", name)]
            shown = self.refs_on_screen()
            self.assertEqual(shown, want[:len(shown)], t.describe(name))
            t.type("v")
            t.wait_until(lambda s: "\u2191" in t.row(1) if heading.endswith("\u2193")
                         else "\u2193" in t.row(1), "reversed")
            want = [c["reference"] for c in self.cases("--all", "--sort", name, "--reverse")]
            shown = self.refs_on_screen()
            self.assertEqual(shown, want[:len(shown)], t.describe(name + " reversed"))
            t.type("G")
            t.wait_until(lambda s: self.position() and self.position()[0]
                         == self.position()[1].rstrip("+"), "the end")
            shown = self.refs_on_screen()
            self.assertEqual(shown, want[-len(shown):], t.describe(name + " at the end"))
            t.type("g")
            t.type("v")  # back the usual way round before the next column
            t.wait_until(lambda s, h=heading: h in t.row(1), heading)
        self.quit_anywhere()

    def test_my_cases(self):
        t = self.start_tui()
        t.wait_for(self.other)
        t.type("o")
        t.wait_until(lambda s: "my open" in t.title(), "my cases")
        self.assertEqual(self.refs_on_screen(), [self.mine], t.describe())
        self.assertEqual(self.position(), ("1", "1"))
        t.type("o")
        t.wait_until(lambda s: "my open" not in t.title() and self.other in s, "everyone's")
        self.quit_anywhere()


class TestMouse(WorklistFlows):

    def test_click_selects_double_click_opens_wheel_scrolls(self):
        t = self.start_tui()
        t.wait_for(self.off)
        self.assertTrue(t.mouse_taken(), t.describe("the front end asks for the mouse"))
        refs = [REF_RE.search(line).group(0) for line in t.lines()[2:-2] if REF_RE.search(line)]
        self.assertEqual(len(refs), 3)
        t.click(4, 20)  # the third row (rows start under the heading, at row 2)
        t.wait_until(lambda s: self.position() == ("3", "3"), "the third row selected")
        self.assertEqual(self.cursor_ref(), refs[2])
        t.wheel(10, 20, down=False)
        t.wait_until(lambda s: self.position() == ("1", "3"), "the wheel moved up")
        # A click on a heading sorts by its column; again, the other way round.
        t.click(1, 3)
        t.wait_until(lambda s: "by reference" in t.title(), "sorted by reference")
        t.click(1, 3)
        t.wait_until(lambda s: "by reference, last first" in t.title(), "reversed")
        t.click(3, 20, times=2)  # the second row, by reference the other way round
        second = sorted(refs, reverse=True)[1]
        t.wait_until(lambda s: self.is_case_view(s, second), "the case opened")
        self.quit_anywhere()

    def test_off_leaves_the_mouse_to_the_terminal(self):
        t = self.start_tui(env={"OPHAMP_MOUSE": "off"})
        t.wait_for(self.off)
        self.assertFalse(t.mouse_taken(), t.describe("OPHAMP_MOUSE=off"))
        self.quit_anywhere()


class TestEveryCommandHasAKey(WorklistFlows):

    def test_a_decision(self):
        t = self.start_tui()
        self.open_case_from_list(self.mine)
        t.type("R")
        self.wait_form("Record a decision")
        t.type("c")  # a letter jumps: charge
        t.wait_until(lambda s: "charge" in self.field_row("Decision"), "charge")
        t.keys("Tab")
        t.type("09:00")
        t.keys(SAVE)
        t.wait_until(lambda s: "charge recorded" in t.status(), "saved")
        case = self.show(self.mine)
        self.assertEqual([(e["kind"], e.get("label")) for e in case["timeline"]
                          if e["kind"] == "decision"], [("decision", "charge")])
        self.quit_anywhere()

    def test_the_log_holidays_marking_and_who_i_am(self):
        t = self.start_tui()
        t.wait_for(self.off)
        t.type("l")
        t.wait_until(lambda s: t.title().split("\u2014")[1].strip().startswith("Log"), "log")
        self.assertIn("case new", t.row(3), t.describe("the newest first"))
        self.assertIn(self.off, t.row(3))
        t.keys("Enter")
        t.wait_until(lambda s: self.is_case_view(s, self.off), "its case")
        t.type("b")
        t.wait_until(lambda s: "Bank holidays" in t.title(), "the bank holidays")
        t.type("A")
        self.wait_form("Change the bank holidays")
        t.type("2026-04-13")
        t.keys("Tab", "Tab")
        t.type("a one-off")
        t.keys(SAVE)
        t.wait_until(lambda s: "2026-04-13" in s and "added" in s, "the holiday listed")
        self.assertIn("2026-04-13", self.ok("holiday", "list"))
        t.type("G")
        self.move_cursor_to("2026-04-13")
        t.type("X")
        t.wait_until(lambda s: "(y/N)" in t.status(), "asked first")
        t.type("y")
        t.wait_until(lambda s: "back to the regular rule" in t.status(), "removed")
        self.assertNotIn("2026-04-13", self.ok("holiday", "list"))
        t.type("d")
        t.wait_until(lambda s: "marked OFFICIAL-SENSITIVE" in s, "the marking said")
        t.type("K")
        self.wait_form("Change the protective marking")
        t.keys("C-u")
        t.type("OFFICIAL")
        t.keys(SAVE)
        t.wait_until(lambda s: "marked OFFICIAL (K" in s, "the marking changed")
        self.assertEqual(self.ok("setting", "marking").strip(), "OFFICIAL")
        t.type("I")
        self.wait_form("Who are you?")
        t.type("4001")
        t.keys(SAVE)
        t.wait_until(lambda s: "Erin Manager (4001)" in t.title(), "signed as Erin")
        self.assertIn("(4001)", self.ok("whoami"))
        self.quit_anywhere()


class TestUndo(WorklistFlows):

    def test_u_shows_what_changes_and_y_takes_it_back(self):
        self.ok("step", "na", self.mine, "slt", "--reason", "Inspector present")
        t = self.start_tui()
        t.wait_for(self.mine)
        t.type("u")
        t.wait_until(lambda s: "Take back your last action?" in s, "the undo screen")
        s = t.screen()
        self.assertIn("step na slt", s)
        self.assertIn("step slt: status not-applicable \u2192 pending", test_tui.flat(s))
        self.assertIn("y take it back", t.footer())
        t.type("n")
        t.wait_until(lambda s: "Kept: nothing was changed." in t.status(), "kept")
        self.assertEqual(self.step(self.show(self.mine), "slt")["status"], "not-applicable")
        t.type("u")
        t.wait_until(lambda s: "Take back your last action?" in s, "the undo screen again")
        t.type("y")
        t.wait_until(lambda s: "Taken back" in t.status(), "taken back")
        self.assertEqual(self.step(self.show(self.mine), "slt")["status"], "pending")
        self.assertEqual(self.cli("check").rc, 0)
        # The one before is a new case: said why, and no screen.
        t.type("u")
        t.wait_until(lambda s: "never deleted" in t.status(), "refused")
        self.assertNotIn("Take back", t.screen())
        self.quit_anywhere()

    def test_in_the_case_view_the_case_follows(self):
        t = self.start_tui()
        self.open_case_from_list(self.mine)
        t.type("W")
        self.wait_form("Record a welfare contact")
        t.keys("Tab")
        t.type("spoke to them")
        t.keys(SAVE)
        t.wait_until(lambda s: "welfare contact (in-person) recorded" in t.status(), "saved")
        t.wait_until(lambda s: re.search(r"  welfare +done ", s), "step welfare done")
        t.type("u")
        t.wait_until(lambda s: "Take back your last action?" in s, "the undo screen")
        self.assertIn("welfare add", t.screen())
        t.type("y")
        t.wait_until(lambda s: "Taken back" in t.status() and self.is_case_view(s, self.mine),
                     "back in the case")
        t.wait_until(lambda s: re.search(r"  welfare +OVERDUE ", s), "step welfare overdue")
        self.assertEqual(self.show(self.mine)["timeline"], [])
        self.quit_anywhere()


if __name__ == "__main__":
    unittest.main(verbosity=2)
