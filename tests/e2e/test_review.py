"""The retention review in the terminal front end: the case list's f key cycles on to the
cases due for review (closed more than six years ago), the same cases as
`case list --review`, oldest closing first, each showing when it was closed; and a database
the program cannot open is said in one line without touching the terminal."""

import os
import shlex
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tui_harness import BIN, REF_RE, STEP_CODES, TuiTestCase, base_env  # noqa: E402

NOW = "2026-04-08 10:00"


class TestReview(TuiTestCase):

    def closed_case(self, occurred, closed):
        ref = self.new_case("1001", "2001", occurred)
        for code in STEP_CODES:
            self.ok("step", "na", ref, code, "--reason", "test", now=closed)
        self.ok("case", "close", ref, "--outcome", "nfa-victim", "--at", closed, now=closed)
        return ref

    def test_f_reaches_the_cases_due_for_review(self):
        self.add_person("Alice Victim", "1001")
        self.add_person("Bob Sergeant", "2001")
        old = self.closed_case("2017-03-01 09:00", "2018-02-01 12:00")
        older = self.closed_case("2015-03-01 09:00", "2016-05-01 12:00")
        recent = self.closed_case("2024-03-01 09:00", "2024-05-01 12:00")
        still_open = self.new_case("1001", "2001", "2014-03-01 09:00")
        want = [r["reference"] for r in self.cases("--review")]
        self.assertEqual(want, [older, old])
        t = self.start_tui(now=NOW)
        t.wait_for(REF_RE)
        for _ in range(4):  # open -> overdue -> closed -> all -> due for review
            t.type("f")
        t.wait_until(lambda s: "due for review" in t.title(), "the review filter")
        t.wait_until(lambda s: older in s and old in s, "both old closed cases")
        screen = t.screen()
        self.assertNotIn(recent, screen, t.describe("closed two years ago: not yet due"))
        self.assertNotIn(still_open, screen, t.describe("an open case is never due"))
        self.assertLess(screen.index(older), screen.index(old), t.describe("oldest first"))
        self.assertIn("oldest closed first", t.title())
        self.assertIn("closed", t.row(screen.split("\n").index(
            next(line for line in screen.split("\n") if older in line))))
        t.type("f")  # and round again to open
        t.wait_until(lambda s: "due for review" not in t.title(), "the filter back to open")
        t.keys("q")
        self.assertEqual(t.wait_exit(), 0, t.describe())
        self.assert_clean_stderr(t)

    def test_a_database_it_cannot_open_is_said_and_the_terminal_kept(self):
        conn = sqlite3.connect(self.db)
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
        t = self.new_tui()
        t.start(["/bin/bash", "--norc", "--noprofile", "-i"],
                base_env(self.tmp, {"PS1": "$ ", "HISTFILE": "/dev/null"}), cwd=self.tmp,
                time_limit=None)
        t.wait_for("$")
        files = {n: os.path.join(self.tmp, n) for n in ("before", "after", "rc", "err")}
        t.type(("stty -g > {before}; {bin} --db {db} 2>{err}; echo $? > {rc}; "
                "stty -g > {after}; echo finished").format(
                    bin=shlex.quote(BIN), db=shlex.quote(self.db),
                    **{k: shlex.quote(v) for k, v in files.items()}))
        t.keys("Enter")
        self.assertEqual(t.wait_file(files["rc"]).strip(), "3")
        after = t.wait_file(files["after"])
        t.wait_for("finished")
        with open(files["before"]) as f:
            self.assertEqual(f.read(), after, "stty -g before and after")
        with open(files["err"]) as f:
            err = f.read()
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("newer", err)

if __name__ == "__main__":
    unittest.main()
