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
        s = t.wait_for("late")
        self.assertIn("23 h late", s, t.describe("rounded to the nearest hour"))
        self.assertNotIn("22 h late", s, t.describe())
        self.quit_anywhere()


if __name__ == "__main__":
    unittest.main(verbosity=2)
