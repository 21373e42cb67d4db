"""End-to-end tests of the statistics view: the real binary in tmux, opened from the case list
with `a`, showing the scrutiny report's figures with bar charts, scrolling, cycling the period
with `f` and going back with q or Esc; colours only without NO_COLOR."""

import os
import re
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tui_harness import TuiTestCase, colour_codes  # noqa: E402

BLOCK = "\u2588"


class TestStatisticsView(TuiTestCase):

    def setUp(self):
        super().setUp()
        self.add_person("Alice Victim", "1001")
        self.add_person("Bob Sergeant", "2001")
        # NOW is 2026-04-08 10:00. Two cases this year (one in custody, arrested), one in
        # May 2025 (inside the last 12 months, not this year) and one in 2024 (all time only).
        self.new_case("1001", "2001", "2026-04-01 09:00", "Custody suite", "--location-kind",
                      "custody", "--arrested", "2026-04-01 09:30", "--reported",
                      "2026-04-01 10:00")
        self.new_case("1001", "2001", "2026-03-10 09:00", "High Street", "--reported",
                      "2026-03-10 10:00")
        self.new_case("1001", "2001", "2025-05-20 09:00", "Station", "--reported",
                      "2025-05-20 10:00")
        self.new_case("1001", "2001", "2024-02-01 09:00", "Station", "--reported",
                      "2024-02-01 10:00")

    @staticmethod
    def row_with(text, label):
        for line in text.splitlines():
            if line.strip().startswith(label):
                return line
        return None

    @staticmethod
    def scroll_to(t, text):
        """Scrolls the report down (a page, then a line at a time) until `text` is on one of
        the first rows under the period; returns the screen."""
        for _ in range(300):
            before = t.screen()
            rows = before.splitlines()
            at = next((i for i, line in enumerate(rows[:-1]) if text in line), None)
            if at is not None and at <= 4:
                return before
            t.keys("j" if at is not None else "NPage")
            t.wait_until(lambda s, b=before: s != b, "the report to scroll")
        raise AssertionError(t.describe("%r not reached" % text))

    def open_stats(self, **kw):
        t = self.start_tui(**kw)
        t.wait_for("Cases \u2014")
        t.keys("a")
        t.wait_for("Statistics \u2014 last 12 months")
        return t

    def test_a_opens_the_report_with_its_figures_and_q_goes_back(self):
        t = self.open_stats()
        screen = t.wait_for("Cases logged")
        self.assertIn("Cases logged from 1 May 2025 to 8 Apr 2026", screen)
        # beside the period before: none
        self.assertRegex(self.row_with(screen, "Cases logged  ") or "",
                         r"Cases logged\s+3\s+0\s*$")
        self.assertRegex(self.row_with(screen, "Custody assaults  ") or "",
                         r"Custody assaults\s+1\s+33\.3%")
        self.assertRegex(self.row_with(screen, "Offender arrested") or "",
                         r"Offender arrested\s+1\s+33\.3%")
        self.assertIn("f period", t.footer())
        t.keys("q")
        t.wait_for("Cases \u2014")
        self.assertNotIn("Statistics", t.title())
        t.keys("a")
        t.wait_for("Statistics \u2014")
        t.keys("Escape")
        t.wait_for("Cases \u2014")
        self.quit_tui()

    def test_scrolls_to_the_monthly_bars(self):
        t = self.open_stats()
        first = t.wait_for("Summary")
        self.assertNotIn("Month by month", first)  # taller than 30 rows
        screen = self.scroll_to(t, "Month by month")
        self.assertNotIn(" Summary", screen)
        months = {m: self.row_with(screen, m) for m in ("May 2025", "Mar 2026", "Apr 2026",
                                                        "Jun 2025")}
        for m, line in months.items():
            self.assertIsNotNone(line, "%s missing\n%s" % (m, t.describe()))
        # One case in each of May 2025, Mar and Apr 2026: bars of the same length, none
        # in June.
        lengths = {m: line.count(BLOCK) for m, line in months.items()}
        self.assertGreater(lengths["Mar 2026"], 0, t.describe())
        self.assertEqual(lengths["May 2025"], lengths["Mar 2026"])
        self.assertEqual(lengths["Apr 2026"], lengths["Mar 2026"])
        self.assertEqual(lengths["Jun 2025"], 0)
        t.keys("g")
        t.wait_for(" Summary")
        t.keys("NPage")
        screen = t.wait_gone(" Summary")
        # The period stays on the first line while the report scrolls under it.
        self.assertIn("Cases logged from 1 May 2025 to 8 Apr 2026", t.row(1))
        self.quit_tui(keys=("q", "q"))

    def test_f_cycles_the_period(self):
        t = self.open_stats()
        t.keys("f")
        screen = t.wait_for("Statistics \u2014 this year")
        self.assertIn("Cases logged from 1 Jan 2026 to 8 Apr 2026", screen)
        # beside the period before: none
        self.assertRegex(self.row_with(screen, "Cases logged  ") or "",
                         r"Cases logged\s+2\s+0\s*$")
        t.keys("f")
        screen = t.wait_for("Statistics \u2014 all time")
        self.assertIn("Cases logged from 1 Feb 2024 to 8 Apr 2026", screen)
        # beside the period before: none
        self.assertRegex(self.row_with(screen, "Cases logged  ") or "",
                         r"Cases logged\s+4\s+0\s*$")
        t.keys("f")
        t.wait_for("Statistics \u2014 last 12 months")
        self.quit_tui(keys=("q", "q"))

    def test_colours_only_without_no_color(self):
        t = self.open_stats()
        self.scroll_to(t, "Month by month")
        self.assertNotEqual(colour_codes(t.screen(ansi=True)), [])
        self.quit_tui(keys=("q", "q"))
        mono = self.open_stats(env={"NO_COLOR": "1"})
        self.scroll_to(mono, "Month by month")
        self.assertEqual(colour_codes(mono.screen(ansi=True)), [], mono.describe())
        self.assertIn(BLOCK, mono.screen())
        self.quit_tui(mono, keys=("q", "q"))

    def test_help_lists_the_statistics_keys(self):
        t = self.open_stats()
        t.keys("?")
        t.wait_for("Help: every key")
        t.type("G")  # the views' own keys come after those that work everywhere
        screen = t.wait_for("Cycle the period")
        flat = " ".join(screen.split())
        self.assertIn("Statistics", flat)
        self.assertTrue(re.search(r"\bf\s+Cycle the period", screen), t.describe())
        self.quit_tui(keys=("q", "q", "q"))


if __name__ == "__main__":
    unittest.main()
