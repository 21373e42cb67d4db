"""End-to-end tests of the front end's manners toward the terminal: a footer of words that
keeps q and ? at 80x24 and says truthfully what q does, a terminal that cannot draw a screen
refused with a message, nothing left on the shell's lines after exit without an alternate
screen, ASCII where the locale is not UTF-8, the case view opening at its top, and
messages that name keys and can be read in full."""

import os
import re
import shlex
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tui  # noqa: E402  (its TuiFlows; imported as a module so its tests run once)
from tui_harness import BIN, REF_RE, base_env  # noqa: E402


class TestFooter(test_tui.TuiFlows):

    def test_the_footer_names_actions_and_keeps_help_and_a_true_q_at_80x24(self):
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui(cols=80, rows=24)
        t.wait_for(ref)
        footer = t.footer()
        for shown in ("Enter open", "A new case", "q quit", "? help"):
            self.assertIn(shown, footer, t.describe("the case list's footer"))
        self.open_case_from_list(ref)
        t.wait_until(lambda s: "q back" in t.footer(), "the case view's footer")
        footer = t.footer()
        for shown in ("D done", "X n/a", "W welfare", "q back", "? help"):
            self.assertIn(shown, footer, t.describe("the case view's footer"))
        self.assertNotIn("change:", footer)
        self.assertNotRegex(footer, r"\b[A-Z]{5,}\b", "no bare run of letters")
        t.type("q")
        t.wait_until(lambda s: "q quit" in t.footer(), "back on the list, q quits")
        t.type("r")
        t.wait_until(lambda s: "Reminders" in t.title(), "the reminders")
        self.assertIn("q back", t.footer(), t.describe("q goes back from the reminders"))
        t.type("q")
        t.wait_until(lambda s: "Cases" in t.title() and "q quit" in t.footer(), "the list")
        t.type("q")
        self.assertEqual(t.wait_exit(), 0, t.describe("q quits where the footer says so"))

    def test_a_form_footer_says_how_to_leave(self):
        t = self.start_tui(cols=80, rows=24)
        t.wait_for("Operation Hampshire")
        t.type("A")
        self.wait_form("Log a new assault")
        footer = t.footer()
        for shown in ("Tab next field", "Ctrl-S save", "Esc cancel"):
            self.assertIn(shown, footer, t.describe())
        self.quit_anywhere()


class TestTerminals(test_tui.TuiFlows):

    def test_a_terminal_that_cannot_move_its_cursor_is_refused_with_a_message(self):
        for term in ("dumb", ""):
            with self.subTest(term=term):
                t = self.new_tui()
                env = base_env(self.tmp, {"TERM": term or None})
                t.start([BIN, "--db", self.db], env,
                        stderr_path=os.path.join(t.workdir, "stderr"), cwd=self.tmp)
                self.assertEqual(t.wait_exit(), 2, t.describe())
                err = t.stderr()
                self.assertIn("cannot start", err)
                self.assertIn("TERM", err)
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertFalse(os.path.exists(self.db), "no database made for nothing")

    def run_in_shell_with(self, term, stop_keys):
        """Runs the front end from an interactive bash with TERM=term for the program alone
        (tmux stays screen-256color); returns the screen after the shell's next prompt."""
        t = self.shell()
        done = os.path.join(self.tmp, "done")
        t.type("TERM=%s %s --db %s; echo ended > %s" % (
            term, shlex.quote(BIN), shlex.quote(self.db), shlex.quote(done)))
        t.keys("Enter")
        t.wait_for("new case")
        t.keys(*stop_keys)
        t.wait_file(done)
        t.wait_until(lambda s: s.rstrip().endswith("$"), "the prompt again")
        return t

    def test_nothing_is_left_on_the_shells_lines_without_an_alternate_screen(self):
        t = self.run_in_shell_with("vt100", ("q",))
        screen = t.screen()
        for drawn in ("? help", "new case", "overdue", "Operation Hampshire"):
            self.assertNotIn(drawn, screen, t.describe("left behind after exit"))

    def test_an_ascii_locale_gets_ascii(self):
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui(env={"LANG": "C", "LC_ALL": "C"})
        t.wait_for(ref)
        title = t.title()
        self.assertRegex(title, r"ophamp - Cases - open \| newest first")
        self.assertRegex(title, r"\d+ overdue \| \d+ due today")
        self.open_case_from_list(ref)
        s = t.wait_for("Injury")
        self.assertIn("none | mechanism - | body part -", s, t.describe())
        self.assertNotIn("?", "".join(t.lines()[:-2]).replace("(y/N)", ""),
                         t.describe("no mark drawn as '?'"))
        self.quit_anywhere()


class TestCaseView(test_tui.TuiFlows):

    def test_the_case_view_opens_at_its_top_at_80x24(self):
        """Facts long enough to push the steps below the screen: the view still opens at its
        top (it used to scroll to the cursor on the first step, a line down)."""
        self.staff()
        ref = self.new_case("1001", "2001", "2026-04-06 10:00", "Custody suite, Central",
                            "--reported", "2026-04-06 10:30", "--offence",
                            "Assault on an emergency worker", "--summary",
                            "Punched twice in the face while restraining a detained person "
                            "in the custody suite.", "--thor", "Risk medium.")
        t = self.start_tui(cols=80, rows=24)
        self.open_case_from_list(ref)
        t.wait_until(lambda s: t.row(2).startswith("Victim"), "the facts from their start")
        self.assertTrue(t.row(1).startswith(ref), t.describe())
        self.assertNotRegex(t.screen(), r"(?m)^  crime ", t.describe("the first step is below"))
        # The first move brings the cursor (on the first step) into sight.
        t.keys("Down")
        t.wait_until(lambda s: self.cursor_row_has("crime"), "the cursor on crime")
        self.quit_anywhere()


class TestMessages(test_tui.TuiFlows):

    def test_messages_name_keys_and_long_ones_can_be_read_in_full(self):
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui(cols=80, rows=24)
        self.open_case_from_list(ref)
        self.move_cursor_to("welfare")
        t.type("D")
        self.wait_form("Complete a step")
        t.keys("C-s")
        t.wait_until(lambda s: "Not saved" in t.status(), "the refusal")
        s = self.settle()
        self.assertIn("(press W)", " ".join(s.split()), t.describe("the key, not a command"))
        self.assertNotIn("welfare add", s)
        t.keys("Escape")
        t.wait_until(lambda s: "q back" in t.footer(), "the case view")
        # A message wider than the screen: cut, with the way to read it.
        t.type("C")
        t.wait_until(lambda s: "m: read it all" in t.status(), "a cut message")
        head = t.status().split("\u2026")[0]
        t.type("m")
        t.wait_until(lambda s: "Messages" in t.title(), "the messages view")
        whole = " ".join(" ".join(line[8:].strip() for line in t.lines()[2:-2]).split())
        self.assertIn(" ".join(head.split()), whole, t.describe())
        self.assertIn("not applicable", whole, t.describe("the end of it too"))
        self.quit_anywhere()


class TestDrawing(test_tui.TuiFlows):

    @staticmethod
    def keys_read(timing):
        try:
            with open(timing) as f:
                return sum(1 for line in f if line.startswith("key "))
        except OSError:
            return 0

    def test_a_key_that_changes_nothing_draws_nothing_and_keeps_the_message(self):
        """The loop draws when a handler asks, as htop does: an unbound key is read (a line in
        OPHAMP_TIMING) but leaves the screen, and the message on it, as they were."""
        self.staff()
        ref = self.overdue_case()
        timing = os.path.join(self.tmp, "timing")
        t = self.start_tui(env={"OPHAMP_TIMING": timing})
        t.wait_for(ref)
        t.type("n")  # no search yet: a message that says how to search
        t.wait_until(lambda s: "Nothing searched for yet" in t.status(), "the message")
        t.type("Z")  # no action has Z
        t.wait_until(lambda s: self.keys_read(timing) == 2, "Z read")
        self.assertIn("Nothing searched for yet", t.status(), t.describe("Z changed nothing"))
        t.type("j")
        t.wait_until(lambda s: "Nothing searched for yet" not in t.status(),
                     "j draws again, and the message is gone")
        self.quit_anywhere(t)
        with open(timing) as f:
            keys = [line.split()[2] for line in f if line.startswith("key ")]
        self.assertEqual(keys[:3], ["drawn", "kept", "drawn"], keys)


if __name__ == "__main__":
    unittest.main(verbosity=2)
