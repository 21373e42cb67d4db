"""`ophamp undo` (issue 13, point 4): the named user's last action taken back as a new action of
the log, after showing what changes and asking (on a terminal) or --yes (in a script);
refused, with the reason, when it cannot be; --list says what can be.

The central test does every kind of action there is, one at a time, takes it back, and checks
that every table of cases, people, rules and settings (and the report's summary, kept by
triggers) is exactly as it was before the action, that the log only grew, and that
`ophamp check` proves the file sound.
"""

import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    BIN, INVESTIGATOR, MANAGER, STATEMENT_TAKER, SUPERVISOR, VICTIM, OphampTestCase)

USAGE, REFUSED = 2, 1
DATA_TABLES = ["people", "cases", "steps", "rules", "followups", "evidence_items",
               "welfare_contacts", "victim_updates", "decisions", "notes",
               "bank_holiday_changes", "settings", "report_done"]


def tables(path):
    """Every row of the data tables, read-only."""
    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return {t: conn.execute("SELECT * FROM %s ORDER BY 1" % t).fetchall()
                for t in DATA_TABLES}
    finally:
        conn.close()


def log_rows(path):
    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return (conn.execute("SELECT * FROM log_actions ORDER BY id").fetchall(),
                conn.execute("SELECT * FROM log_changes ORDER BY id").fetchall())
    finally:
        conn.close()


class UndoCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.cached_db(self.make_db)

    def make_db(self):
        self.add_staff()
        self.name_user(SUPERVISOR)
        return self.new_case(occurred="2026-04-08 08:00")

    def undo(self, *args, **kw):
        return self.run_ophamp("undo", *args, **kw)

    def sound(self):
        out = self.ok("check")
        self.assertTrue(out.startswith("database sound"), out)


class TestEveryActionGoesBack(UndoCase):

    def test_each_kind_of_action_is_taken_back_exactly(self):
        ref = self.ref
        other = self.new_case("--off-work", "yes", "--days-off", "3", occurred="2026-04-07 10:00")
        closing = self.new_case(occurred="2026-04-06 10:00")
        for code in ("crime", "victim-code", "investigator", "welfare", "slt", "iod",
                     "evidence"):
            self.ok("step", "na", closing, code, "--reason", "logged to close")
        ev = "1"
        self.ok("evidence", "add", other, "--kind", "cctv")
        actions = [
            ["person", "add", "--name", "Fay New", "--number", "5001"],
            ["case", "edit", ref, "--summary", "Spat at", "--days-off", "10", "--off-work",
             "yes"],
            ["case", "assign", ref, "investigator", INVESTIGATOR],
            ["case", "assign", ref, "statement-taker", STATEMENT_TAKER],
            ["case", "decision", ref, "arrest", "--at", "2026-04-08 09:30"],
            ["step", "done", ref, "crime", "--crime-ref", "CR/1", "--note", "plan: CCTV"],
            ["step", "na", ref, "slt", "--reason", "Inspector present"],
            ["welfare", "add", ref, "--method", "phone", "--note", "spoke to them"],
            ["victim", "update", ref, "--note", "told of the arrest"],
            ["evidence", "add", ref, "--kind", "photos"],
            ["evidence", "update", other, ev, "--status", "secured"],
            ["followup", "na", other, "1", "--reason", "seen in person"],
            ["note", "add", ref, "a note"],
            ["case", "close", closing, "--outcome", "nfa-victim"],
            ["rule", "set", "slt", "--amount", "48"],
            ["holiday", "add", "2026-04-13", "--note", "one-off"],
            ["holiday", "cancel", "2026-05-04", "--note", "moved"],
            ["setting", "marking", "OFFICIAL"],
        ]
        for argv in actions:
            with self.subTest(argv=argv):
                before = tables(self.db)
                log_before = log_rows(self.db)
                self.ok(*argv)
                self.assertNotEqual(tables(self.db), before, "the action changed something")
                r = self.undo("--yes")
                self.assertEqual(r.rc, 0, r.describe())
                self.assertIn("Taken back by action", r.out, r.describe())
                self.assertEqual(tables(self.db), before, "exactly as before\n" + r.out)
                actions_after, changes_after = log_rows(self.db)
                self.assertEqual(actions_after[:len(log_before[0])], log_before[0],
                                 "the log only grows")
                self.assertEqual(changes_after[:len(log_before[1])], log_before[1])
                self.assertEqual(len(actions_after), len(log_before[0]) + 2)
                self.assertRegex(actions_after[-1][5], r"^undo \d+ \(")
                self.sound()

    def test_what_follows_from_it_is_taken_back_with_it(self):
        # The RIDDOR and off-work welfare follow-ups the engine raised go with the edit.
        self.ok("case", "edit", self.ref, "--days-off", "10", "--off-work", "yes")
        rules = [f["rule"] for f in self.show(self.ref)["followups"]]
        self.assertIn("riddor-over-7-days", rules)
        r = self.undo("--yes")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertIn("follow-up riddor-over-7-days: removed", r.out)
        rules = [f["rule"] for f in self.show(self.ref)["followups"]]
        self.assertNotIn("riddor-over-7-days", rules)


class TestWhatItSaysAndAsks(UndoCase):

    def test_shows_what_changes(self):
        self.ok("step", "done", self.ref, "crime", "--crime-ref", "CR/1", "--note", "plan")
        r = self.undo("--yes")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(r.err, "")
        lines = r.out.splitlines()
        self.assertRegex(lines[0], r"^Action \d+, \d{4}-\d\d-\d\d \d\d:\d\d UTC, "
                         r"Sergeant Bob Sergeant \(2001\): step done crime \(%s\)$" % self.ref)
        self.assertEqual(lines[1], "Taking it back writes, as a new action of the log:")
        self.assertIn("  step crime: status done \u2192 pending", r.out)
        self.assertIn("  case %s: crime reference CR/1 \u2192 \u2014" % self.ref, r.out)
        self.assertRegex(lines[-1], r"^Taken back by action \d+\.$")
        self.assertEqual(self.step(self.show(self.ref), "crime")["status"], "pending")

    def test_a_script_must_say_yes(self):
        self.ok("note", "add", self.ref, "a note")
        self.refused(USAGE, "undo", contains="--yes")
        self.assertEqual(len(self.show(self.ref)["timeline"]), 1)

    def test_asks_on_a_terminal(self):
        self.ok("note", "add", self.ref, "a note")
        out, rc = self.on_terminal(["undo"], "n\n")
        self.assertEqual(rc, REFUSED, out)
        self.assertIn("Take it back? [y/N]", out)
        self.assertIn("Kept: nothing was changed.", out)
        self.assertEqual(len(self.show(self.ref)["timeline"]), 1)
        out, rc = self.on_terminal(["undo"], "y\n")
        self.assertEqual(rc, 0, out)
        self.assertIn("Taken back by action", out)
        self.assertEqual(self.show(self.ref)["timeline"], [])

    def on_terminal(self, args, answer):
        """Runs ophamp with a terminal for standard input and output; types answer once it
        asks. Returns (everything it wrote, exit status)."""
        pid, fd = pty.fork()
        if pid == 0:
            env = dict(self.env)
            os.execve(BIN, [BIN, "--db", self.db] + args, env)
        out = b""
        typed = False
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            if not typed and b"[y/N]" in out:
                os.write(fd, answer.encode())
                typed = True
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        return out.decode("utf-8", "replace"), os.waitstatus_to_exitcode(status)


class TestRefusals(UndoCase):

    def test_a_new_case_is_never_deleted(self):
        r = self.refused(REFUSED, "undo", "--yes", contains="never deleted")
        self.assertIn("case new", r.err)
        self.assertEqual(self.list_cases("--all")[0]["reference"], self.ref)

    def test_nobody_named(self):
        conn = sqlite3.connect(self.db)
        conn.create_function("oph_action", 0, lambda: 1)
        conn.execute("DELETE FROM settings WHERE key = 'user'")
        conn.commit()
        conn.close()
        self.refused(REFUSED, "undo", "--yes", contains="whoami")
        self.refused(REFUSED, "undo", "--list", contains="whoami")

    def test_a_later_action_by_anyone_on_the_same_rows(self):
        self.ok("step", "done", self.ref, "crime", "--crime-ref", "CR/1", "--note", "plan")
        self.name_user(MANAGER)
        self.ok("case", "edit", self.ref, "--crime-ref", "CR/2")
        self.name_user(SUPERVISOR)
        r = self.refused(REFUSED, "undo", "--yes", contains="a later action")
        self.assertIn("Erin Manager (4001)", r.err)
        self.assertIn("case edit", r.err)

    def test_another_persons_action_and_the_programs(self):
        self.ok("note", "add", self.ref, "mine")
        self.name_user(MANAGER)
        actions = json.loads(self.ok("log", "--format", "json"))
        mine = [a for a in actions if a["what"] == "note add"][0]["id"]
        self.refused(REFUSED, "undo", str(mine), "--yes", contains="not yours")
        self.refused(REFUSED, "undo", "1", "--yes", contains="not yours")
        self.refused(REFUSED, "undo", "99999", "--yes", contains="no action 99999")
        # Erin has done nothing yet but name herself: nothing of hers to take back.
        self.refused(REFUSED, "undo", "--yes", contains="no action left")

    def test_taken_back_already(self):
        self.ok("note", "add", self.ref, "a note")
        out = self.ok("undo", "--yes")
        self.assertIn("Taken back", out)
        entries = json.loads(self.ok("undo", "--list", "--format", "json"))
        noted = [e for e in entries if e["what"] == "note add"][0]
        self.refused(REFUSED, "undo", str(noted["id"]), "--yes", contains="already taken back")

    def test_bad_arguments(self):
        for argv, words in ((["0"], "action's number"), (["x"], "action's number"),
                            (["-1", "--yes"], "action's number"),
                            (["--list", "--yes"], "--list only lists"),
                            (["--list", "3"], "--list only lists"),
                            (["--limit", "3"], "go with --list"),
                            (["--list", "--limit", "0"], "--limit"),
                            (["--list", "--format", "xml"], "--format")):
            with self.subTest(argv=argv):
                self.refused(USAGE, "undo", *argv, contains=words)


class TestList(UndoCase):

    def test_the_recent_actions_and_whether_each_can_be_taken_back(self):
        self.ok("note", "add", self.ref, "first")
        self.ok("note", "add", self.ref, "second")
        self.ok("undo", "--yes")
        entries = json.loads(self.ok("undo", "--list", "--format", "json", "--limit", "4"))
        self.assertEqual([e["what"] for e in entries][:4],
                         [entries[0]["what"], "note add", "note add", "case new"])
        self.assertRegex(entries[0]["what"], r"^undo \d+ \(note add\)$")
        self.assertEqual(entries[0]["undo_of"], entries[1]["id"])
        self.assertEqual(entries[1]["undone_by"], entries[0]["id"])
        self.assertFalse(entries[1]["can_undo"])
        self.assertTrue(entries[2]["can_undo"])
        self.assertIsNone(entries[2]["why_not"])
        self.assertFalse(entries[3]["can_undo"])
        self.assertIn("never deleted", entries[3]["why_not"])
        text = self.ok("undo", "--list")
        lines = text.splitlines()
        self.assertIn("can be taken back", lines[2])
        self.assertIn("taken back by action %d" % entries[0]["id"], lines[1])
        self.assertIn("never deleted", lines[3])
        self.assertIn(self.ref, lines[3])


if __name__ == "__main__":
    unittest.main(verbosity=2)
