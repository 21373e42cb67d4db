"""End-to-end tests of the lists and the case view as a supervisor reads them: lateness rounded,
item numbers per case, the list's position, its search keys and empty results, and the keys
named in messages."""

import os
import re
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tui  # noqa: E402  (its TuiFlows; imported as a module so its tests run once)
from tui_harness import REF_RE  # noqa: E402


class TestReminders(test_tui.TuiFlows):

    def test_lateness_is_rounded_not_cut(self):
        """22 h 59 min late reads as 23 h late, as a person would say it."""
        self.staff()
        # Reported 2026-04-06 11:01: the 24-hour steps were due 2026-04-07 11:01, 22 h 59 min
        # before NOW (2026-04-08 10:00).
        ref = self.new_case("1001", "2001", "2026-04-06 11:00", "High Street",
                            "--reported", "2026-04-06 11:01")
        t = self.start_tui()
        t.wait_for(ref)
        t.type("r")
        t.wait_for("late")
        self.move_cursor_to("step crime")
        s = self.settle()
        self.assertIn("23 h late", s, t.describe("rounded to the nearest hour"))
        self.assertNotIn("22 h late", s, t.describe())
        self.quit_anywhere()


class TestCaseList(test_tui.TuiFlows):

    def position(self):
        m = re.search(r"(\S+) of (\S+)\s*$", self.tui.status())
        return (m.group(1), m.group(2)) if m else None

    def test_the_list_says_where_the_cursor_is_and_no_arrow_reads_as_a_sort(self):
        self.ok("demo", "--cases", "60", "--seed", "7")
        refs = [r["reference"] for r in self.cases("--all")]
        t = self.start_tui()
        t.wait_for(REF_RE)
        for _ in range(3):  # open -> overdue -> closed -> all
            t.type("f")
        t.wait_until(lambda s: "all" in t.title() and self.position() == ("1", "60"),
                     "1 of 60 on the status line")
        self.assertTrue(t.row(1).rstrip().endswith("Status"),
                        t.describe("nothing after the last heading"))
        t.keys("Down")
        t.wait_until(lambda s: self.position() == ("2", "60"), "2 of 60")
        t.keys("NPage")
        t.wait_until(lambda s: self.cursor_ref() and self.position()
                     and self.position()[0] == str(refs.index(self.cursor_ref()) + 1),
                     "the place after a page down")
        t.type("G")
        t.wait_until(lambda s: self.position() == ("60", "60") and self.cursor_ref() == refs[-1],
                     "60 of 60 at the end")
        t.keys("PPage")
        t.wait_until(lambda s: self.cursor_ref() and self.position()
                     and self.position()[0] == str(refs.index(self.cursor_ref()) + 1),
                     "the place after a page up from the end")
        t.type("g")
        t.wait_until(lambda s: self.position() == ("1", "60"), "1 of 60 again")
        self.quit_anywhere()

    def test_an_empty_search_reads_well(self):
        self.staff()
        self.overdue_case()
        t = self.start_tui()
        t.type("/")
        t.type("spit")
        t.keys("Enter")
        t.wait_for("No open case matches \u201cspit\u201d.")
        for _ in range(3):
            t.type("f")
        s = t.wait_for("\u201cspit\u201d")
        self.assertIn("No case matches \u201cspit\u201d.", s, t.describe())
        self.assertNotIn("No all case", s)
        self.quit_anywhere()

    def test_n_and_N_go_from_match_to_match_and_A_logs_a_case(self):
        self.staff()
        self.add_person("Dora Second", "1002")
        self.add_person("Eve Third", "1003")
        refs = [self.overdue_case(victim=v, location="High Street")
                for v in ("1001", "1002", "1003")]
        self.new_case("1001", "2001", "2026-04-05 09:00", "Bus Station",
                      "--reported", "2026-04-05 09:30")
        t = self.start_tui()
        t.wait_for(refs[0])
        t.type("n")
        t.wait_for("Nothing searched for yet")
        t.type("/")
        t.type("High Street")
        t.keys("Enter")
        t.wait_until(lambda s: self.position() == ("1", "3"), "three matches")
        first = self.cursor_ref()
        t.type("n")
        t.wait_until(lambda s: self.position() == ("2", "3"), "n: the next match")
        t.type("n")
        t.wait_until(lambda s: self.position() == ("3", "3"), "n: the last match")
        t.type("n")
        t.wait_until(lambda s: self.position() == ("1", "3") and "went round" in t.status(),
                     "n from the last goes round to the first, saying so")
        self.assertEqual(self.cursor_ref(), first)
        t.type("N")
        t.wait_until(lambda s: self.position() == ("3", "3"), "N from the first: the last")
        self.assertFalse(self.form_is_open(), t.describe("N no longer logs a case"))
        t.type("A")
        self.wait_form("Log a new assault")
        self.quit_anywhere()


if __name__ == "__main__":
    unittest.main(verbosity=2)
