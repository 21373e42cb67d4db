"""End-to-end tests of the terminal front end: the real binary in tmux (fixed size, TERM,
locale and clock), driven by keys and checked on the screen, then through the command line's
JSON for what reached the database."""

import json
import os
import re
import shlex
import sqlite3
import sys
import time
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tui_harness import (  # noqa: E402
    BIN, COLS, REF_RE, ROWS, STEP_CODES, TESTER, TuiTestCase, base_env, colour_codes)

# The save key of forms (F2 is the other one; test (c) uses it).
SAVE = "C-s"

# Two days before NOW (2026-04-08 10:00): every 24-hour step is overdue by then.
TWO_DAYS_AGO = "2026-04-06 10:00"
REPORTED_TWO_DAYS_AGO = "2026-04-06 10:30"


def db_dump(path):
    """Every row of every table (the audit log included), read-only."""
    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def flat(text):
    """Screen text with runs of white space (line breaks included) made one space."""
    return " ".join(text.split())


class TuiFlows(TuiTestCase):
    """Helpers that know the key flow of the views and forms."""

    def staff(self):
        self.add_person("Alice Victim", "1001", "--role", "officer", "--rank", "PC")
        self.add_person("Bob Sergeant", "2001", "--rank", "Sergeant")
        self.add_person("Carol Investigator", "3001", "--rank", "DC")

    def overdue_case(self, victim="1001", supervisor="2001", occurred=TWO_DAYS_AGO,
                     reported=REPORTED_TWO_DAYS_AGO, location="High Street"):
        return self.new_case(victim, supervisor, occurred, location, "--reported", reported)

    def settle(self, t=None):
        """Waits until two captures 100 ms apart are the same; returns the screen."""
        t = t or self.tui
        last = t.screen()
        for _ in range(40):
            time.sleep(0.1)
            now = t.screen()
            if now == last:
                return now
            last = now
        return last

    def quit_anywhere(self, t=None):
        """Backs out with Esc (answering y when a form with typed input asks) until the
        program ends; checks exit status 0 and a clean stderr.  (Not Ctrl-Q: see
        test_ctrl_q_quits_and_ctrl_s_reaches_the_program.)"""
        t = t or self.tui
        for _ in range(20):
            if t.dead() is not None:
                break
            before = t.screen()
            if "(y/N)" in t.status():
                t.type("y")
            else:
                t.keys("Escape")
            deadline = time.monotonic() + 2
            while (time.monotonic() < deadline and t.dead() is None
                   and t.screen() == before):
                time.sleep(0.05)
        rc = t.wait_exit()
        self.assertEqual(rc, 0, t.describe("quitting"))
        self.assert_clean_stderr(t)

    def open_case_from_list(self, ref):
        """On the case list, moves the cursor to ref and opens it; waits for the case view."""
        t = self.tui
        t.wait_for(ref)
        self.move_cursor_to(ref)
        t.keys("Enter")
        t.wait_until(lambda s: ref in t.title() or self.is_case_view(s, ref)
                     or "case" in t.title(), "the case view of %s" % ref)

    # The cursor row: reverse video (no colour) or the cursor colour pair's cyan background,
    # as tmux writes them (it merges attributes: "\x1b[0;7m", "\x1b[30m\x1b[46m").
    CURSOR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:7|46)(?:;[0-9;]*)?m")

    def cursor_row_has(self, text):
        """True when a row drawn with the cursor attribute (between the title and the status
        line) has text."""
        t = self.tui
        rows = t.screen(ansi=True).split("\n")[1:t.rows - 2]
        return any(text in line and self.CURSOR_SGR.search(line) for line in rows)

    def cursor_ref(self):
        """The case reference on the cursor row, or None."""
        t = self.tui
        for line in t.screen(ansi=True).split("\n")[1:t.rows - 2]:
            m = REF_RE.search(line)
            if m and self.CURSOR_SGR.search(line):
                return m.group(0)
        return None

    def is_case_view(self, screen, ref):
        """The case view of ref: its title, and the reference and victim at the top."""
        head = "\n".join(screen.split("\n")[1:4])
        return (ref in head and "Victim" in head
                and self.tui.title().split("\u2014", 1)[-1].strip().lower().startswith("case"))

    def move_cursor_to(self, text, limit=40):
        """Moves the cursor (Down) until the cursor row contains text (from where the keys
        sent before leave it: the screen settles first)."""
        self.settle()
        for _ in range(limit):
            if self.cursor_row_has(text):
                return
            self.tui.keys("Down")
            self.settle()
        self.fail(self.tui.describe("the cursor never reached a row with %r" % text))


    # ---- the forms' key flow (src/tui/form.c, forms.c, forms_case.c) ---------------------

    def wait_form(self, title=None):
        t = self.tui
        t.wait_until(lambda s: self.form_is_open() and (title is None or title in s),
                     "the form %r" % (title or ""))

    def form_is_open(self):
        """Forms have their own footer: Tab next-field … Ctrl-S save."""
        footer = self.tui.footer()
        return "Ctrl-S save" in footer and "next field" in footer

    def field_row(self, label):
        """The screen row of a form field, found by its label (the first such row)."""
        for line in self.tui.lines()[1:-2]:
            if line[2:2 + len(label)] == label:
                return line
        self.fail(self.tui.describe("no field %r on screen" % label))

    def fill_new_case_form(self, victim_no, victim_name, supervisor_no, supervisor_name,
                           occurred, location, victim_rank="", supervisor_rank=""):
        """The new-case form: victim staff no., its name and rank if new, supervisor staff
        no., its name and rank if new, occurred, reported (empty: now), location, location
        kind (a letter jumps: s = street), then the optional facts."""
        t = self.tui
        self.wait_form("Log a new assault")
        for text in (victim_no, victim_name, victim_rank, supervisor_no, supervisor_name,
                     supervisor_rank, occurred, "", location):
            t.type(text)
            t.keys("Tab")
        t.type("s")
        t.wait_until(lambda s: "street" in self.field_row("Location kind"),
                     "location kind street")

    def fill_step_done_form(self, note):
        """The step-done form on the slt step: the step (chosen by the cursor, fixed), then
        who, when, how, where the form starts."""
        t = self.tui
        self.wait_form("Complete a step")
        t.wait_until(lambda s: "slt" in self.field_row("Step"), "the slt step chosen")
        t.wait_until(lambda s: self.field_row("Who, when, how").startswith(">"),
                     "the form starting on the first field to fill in")
        t.type(note)
        t.wait_for(note[:30])

    def fill_assign_form(self, role, number):
        """The assign form: role (the first unassigned, investigator on a new case), then the
        staff number."""
        t = self.tui
        self.wait_form("Assign a role")
        t.wait_until(lambda s: role in self.field_row("Role"), "role %s" % role)
        t.keys("Tab")
        t.type(number)
        t.wait_until(lambda s: number in self.field_row("Staff number"), "the number typed")

    def shell(self):
        """A plain bash in tmux with a known prompt; returns the Tui."""
        t = self.new_tui()
        env = base_env(self.tmp, {"PS1": "$ ", "HISTFILE": "/dev/null"})
        t.start(["/bin/bash", "--norc", "--noprofile", "-i"], env, cwd=self.tmp,
                time_limit=None)
        t.wait_for("$")
        self.tui = t
        return t

class TestTerminal(TuiFlows):
    """What the main loop alone does: first screen, colours, size, terminal restore."""

    def test_empty_database_opens_on_welcome_screen_naming_the_purpose(self):
        t = self.start_tui()
        s = t.wait_for("Operation Hampshire")
        self.assertIn("0 overdue \u00b7 0 due today", t.title())
        self.assertIn("assault", s.lower())
        footer = t.footer()
        for shown in ("A new case", "L demo", "q quit", "? help"):
            self.assertIn(shown, footer, t.describe())
        self.quit_tui(keys=("q",))
        self.assertEqual(self.cases(), [])

    def test_no_color_shows_the_same_text_without_colour_codes(self):
        self.staff()
        ref = self.overdue_case()
        coloured = self.start_tui()
        coloured.wait_for(ref)
        plain_colour = self.settle(coloured)
        ansi_colour = coloured.screen(ansi=True)
        title_ansi = ansi_colour.split("\n")[0]
        self.assertNotEqual(colour_codes(title_ansi), [],
                            "without NO_COLOR the title line has colours: %r" % title_ansi)
        self.quit_tui(coloured, keys=("q",))

        mono = self.start_tui(env={"NO_COLOR": "1"})
        mono.wait_for(ref)
        plain_mono = self.settle(mono)
        ansi_mono = mono.screen(ansi=True)
        self.assertEqual(colour_codes(ansi_mono), [],
                         "NO_COLOR: no colour escape sequences\n%r" % ansi_mono)
        self.assertRegex(ansi_mono, r"\x1b\[[0-9;]*[17]m",
                         "NO_COLOR keeps bold/reverse to mark things")
        self.assertEqual(plain_mono, plain_colour, "the same text with and without colour")
        # four 24-hour steps, and the inspector told (12 hours), a senior leader informed (24)
        self.assertIn("6 overdue", mono.title())
        self.quit_tui(mono, keys=("q",))
        rows = self.cases()
        self.assertEqual([r["reference"] for r in rows], [ref])

    def test_too_small_terminal_shows_the_minimum_size_and_q_quits(self):
        t = self.start_tui(cols=60, rows=20)
        t.wait_for("press q to quit")
        s = flat(t.screen())
        self.assertIn("at least 80\u00d724", s)
        self.assertIn("this one is 60\u00d720", s)
        # Keys other than q do nothing harmful here.
        t.type("A")
        t.type("L")
        t.wait_for("press q to quit")
        self.quit_tui(keys=("q",))
        self.assertEqual(self.cases(), [], "L was ignored: no demo cases")

    def test_growing_a_too_small_terminal_shows_the_program(self):
        t = self.start_tui(cols=60, rows=20)
        t.wait_for("press q to quit")
        t.resize(COLS, ROWS)
        t.wait_for("0 overdue \u00b7 0 due today")
        t.wait_gone("press q to quit")
        t.resize(79, 24)
        t.wait_for("press q to quit")
        t.resize(80, 24)
        t.wait_for("0 overdue \u00b7 0 due today")
        self.quit_tui()

    def run_in_shell(self, t, stop_keys):
        files = {n: os.path.join(self.tmp, n) for n in ("before", "after", "rc", "err")}
        line = ("stty -g > {before}; {bin} --db {db} 2>{err}; echo $? > {rc}; "
                "stty -g > {after}; echo finished").format(
                    bin=shlex.quote(BIN), db=shlex.quote(self.db),
                    **{k: shlex.quote(v) for k, v in files.items()})
        t.type(line)
        t.keys("Enter")
        t.wait_for("0 overdue")   # the front end is up (welcome screen)
        t.wait_for("new case")
        t.keys(*stop_keys)
        rc = int(t.wait_file(files["rc"]).strip())
        after = t.wait_file(files["after"])
        with open(files["before"]) as f:
            before = f.read()
        with open(files["err"]) as f:
            err = f.read()
        t.wait_for("finished")
        return rc, before, after, err

    def test_quitting_restores_the_terminal_settings(self):
        t = self.shell()
        rc, before, after, err = self.run_in_shell(t, ("q",))
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, "")
        self.assertEqual(before, after, "stty -g before and after the program")
        # The shell's screen is back (the program left the alternate screen).
        s = t.screen()
        self.assertIn("stty -g >", s)
        self.assertNotIn("new case", s)
        self.assertEqual(self.cases(), [])

    def test_ctrl_c_restores_the_terminal_and_exits(self):
        t = self.shell()
        rc, before, after, err = self.run_in_shell(t, ("C-c",))
        self.assertEqual(rc, 130, "128 + SIGINT; stderr: %r" % err)
        self.assertIn("signal", err)
        self.assertEqual([line for line in err.splitlines() if line], [err.strip()],
                         "one line on stderr")
        self.assertEqual(before, after, "stty -g before and after Ctrl-C")
        s = t.screen()
        self.assertIn("stty -g >", s)
        self.assertNotIn("new case", s)
        self.assertEqual(self.cases(), [])

    def test_ctrl_q_quits_and_ctrl_s_reaches_the_program(self):
        """Ctrl-Q (quit) and Ctrl-S (save) are keys of the program, so the terminal's XON/XOFF
        flow control must be off while it runs (else the tty driver eats them and Ctrl-S
        freezes the screen).  In a form with typed input, Ctrl-Q asks first."""
        t = self.start_tui()
        t.wait_for("new case")
        stty = t.stty()
        self.assertFalse("ixon" in stty.split(), "XON/XOFF flow control (ixon) is still on "
                         "while the front end runs, so Ctrl-S/Ctrl-Q never reach it:\n" + stty)
        t.type("A")
        t.wait_for("Log a new assault")
        t.type("1001")
        t.keys("C-q")
        t.wait_until(lambda s: "(y/N)" in t.status(), "Ctrl-Q asks first")
        t.type("n")
        t.wait_until(lambda s: "(y/N)" not in t.status(), "the question answered")
        self.assertIn("1001", t.screen(), t.describe("n keeps the form as it was"))
        t.keys("C-q")
        t.wait_until(lambda s: "(y/N)" in t.status(), "Ctrl-Q asks again")
        self.quit_tui(keys=("y",))
        self.assertEqual(self.cases(), [])

    def test_help_lists_every_key_and_scrolls_to_the_forms(self):
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui()
        t.wait_for(ref)
        t.type("?")
        # Wait for each: a slow (sanitizer) build may be caught half-way through drawing.
        for text in ("Show every key", "Move down one row", "Log a new assault", "Ctrl-Q"):
            t.wait_for(text)
        t.type("G")
        t.wait_for("Save the form")
        self.assertIn("Ctrl-S, F2", t.screen())
        self.quit_anywhere()
        self.assertEqual(len(self.cases()), 1)

    def test_text_from_the_database_is_neutralised_and_utf8_is_shown(self):
        """A name changed behind the program's back (another tool, a hostile file) with
        escape sequences in it: shown as text, never obeyed; UTF-8 shown as it is."""
        self.staff()
        ref = self.overdue_case()
        utf8 = " Zo\u00eb \u0141ukasiewicz \u540d\u524d"
        hostile = "Mallory\x1b]2;pwned\x07\x1b[31mRed\x1b[0m" + utf8
        conn = sqlite3.connect(self.db)
        try:
            # The audit triggers call the program's SQL functions; stand-ins will do here.
            conn.create_function("oph_actor", 0, lambda: "e2e-test")
            conn.create_function("oph_sha256", -1, lambda *a: "0" * 64)
            conn.create_function("oph_action", 0, lambda: 1)  # a write from outside the program
            conn.execute("UPDATE people SET name = ? WHERE number = '1001'", (hostile,))
            conn.commit()
        finally:
            conn.close()
        t = self.start_tui(env={"NO_COLOR": "1"})
        title_before = t.tmux("display-message", "-p", "-t", t.target, "#{pane_title}")
        self.open_case_from_list(ref)
        s = t.wait_for("Mallory")
        shown = "Mallory\ufffd]2;pwned\ufffd\ufffd[31mRed\ufffd[0m" + utf8
        self.assertIn(shown + " (1001)", s, t.describe("the name, neutralised"))
        self.assertNotIn("pwned", t.tmux("display-message", "-p", "-t", t.target,
                                         "#{pane_title}"))
        self.assertEqual(t.tmux("display-message", "-p", "-t", t.target, "#{pane_title}"),
                         title_before, "the terminal's title was not changed")
        self.assertEqual(colour_codes(t.screen(ansi=True)), [],
                         "no colour reached the terminal from the name (NO_COLOR is set)")
        self.quit_anywhere()
        self.assertEqual(self.show(ref)["victim"]["name"], hostile)


class TestWorkflows(TuiFlows):
    """The supervisor's work, from keys to the database."""

    # (a)
    def test_logging_an_assault_from_an_empty_database_makes_a_case_with_seven_steps(self):
        """First use: nobody is named yet, so the first key that would change anything asks
        who the user is, then goes on to what it was pressed for; everything is signed."""
        t = self.start_tui(name_user=False)
        t.wait_for("Operation Hampshire")
        self.assertIn("nobody named", t.title())
        t.type("A")
        self.wait_form("Who are you?")
        for text in ("2001", "Bob Sergeant", "Sgt"):
            t.type(text)
            t.keys("Tab")
        t.keys(SAVE)
        t.wait_until(lambda s: "Sgt Bob Sergeant (2001)" in t.title(), "the user in the title")
        self.fill_new_case_form(victim_no="1001", victim_name="Alice Newcomer",
                                supervisor_no="2001", supervisor_name="",
                                occurred="2026-04-08 08:30", location="Market Square")
        t.keys(SAVE)
        s = t.wait_until(lambda s: REF_RE.search(s) and "Market Square" in s, "the new case")
        ref = REF_RE.search(s).group(0)
        self.assertTrue(self.is_case_view(s, ref), t.describe("the new case opens"))
        self.assertIn("Logged " + ref, t.status())
        lines = t.lines()
        steps_at = [i for i, line in enumerate(lines) if line.split()[:2] == ["Steps", "status"]]
        self.assertTrue(steps_at, t.describe("the steps table on screen"))
        step_rows = [line.split()[0] for line in lines[steps_at[0] + 1:]
                     if line[:2] == "  " and line[2:3].strip() and line.split()[0] in STEP_CODES]
        self.assertEqual(step_rows, STEP_CODES, t.describe("the seven steps on screen"))
        # Back: the case list (in the welcome screen's place) has the case.
        t.keys("Escape")
        t.wait_until(lambda s: "Cases" in t.title() and ref in s, "the case in the case list")
        self.quit_tui(keys=("q",))

        rows = self.cases()
        self.assertEqual([r["reference"] for r in rows], [ref])
        self.assertEqual(rows[0]["victim_name"], "Alice Newcomer")
        case = self.show(ref)
        self.assertEqual([s["code"] for s in case["steps"]], STEP_CODES)
        self.assertEqual(len(case["steps"]), 7)
        self.assertTrue(all(s["status"] == "pending" for s in case["steps"]))
        self.assertEqual(case["victim"]["name"], "Alice Newcomer")
        self.assertEqual(case["victim"]["number"], "1001")
        self.assertEqual(case["roles"]["supervisor"], "2001")
        self.assertEqual(case["location"], "Market Square")
        self.assertEqual(case["occurred_at"], "2026-04-08T07:30:00Z")
        people = {p["number"]: p["name"]
                  for p in json.loads(self.ok("person", "list", "--format", "json"))}
        self.assertEqual(people, {"1001": "Alice Newcomer", "2001": "Bob Sergeant"},
                         "the user named from the form, the victim added inline")
        log = json.loads(self.ok("log", "--format", "json"))
        self.assertEqual([(a["actor"], a["what"]) for a in log[:3]],
                         [("Sgt Bob Sergeant (2001)", "case new"),
                          ("Sgt Bob Sergeant (2001)", "person add 1001"),
                          ("Sgt Bob Sergeant (2001)", "whoami")])

    def test_welcome_screen_opens_demo_cases_in_a_database_of_their_own(self):
        """L tries the program on demo cases in a separate database beside the real one, named
        with DEMO in the title; the real database stays empty, and opening the front end
        again on it shows the welcome screen again, while L then reopens the same demo."""
        t = self.start_tui()
        t.wait_for("Operation Hampshire")
        t.type("L")
        t.wait_until(lambda s: "Cases" in t.title() and REF_RE.search(s), "the case list",
                     timeout=30)
        self.assertIn("demo", t.status().lower())
        demo_db = os.path.join(self.tmp, "ophamp-demo.db")
        self.assertIn("DEMO", t.title(), t.describe("the title marks the demo database"))
        self.assertIn("ophamp-demo.db", t.title(), t.describe("and says where it is"))
        first = REF_RE.search("\n".join(t.lines()[2:-2])).group(0)
        self.quit_tui(keys=("q",))
        self.assertEqual(self.cases(), [], "the real database holds no demo case")
        real_db, self.db = self.db, demo_db
        rows = self.cases()
        self.assertEqual(len(rows), 200)
        self.assertEqual(first, self.cases("--open")[0]["reference"],
                         "the list opens on the open cases, newest first, as the CLI lists them")
        # Opened on the demo database, the title says DEMO too.
        t = self.start_tui()
        t.wait_for(first)
        self.assertIn("DEMO", t.title(), t.describe())
        self.quit_tui(keys=("q",))
        # The real one: the welcome screen, no DEMO; L opens the same demo again, unchanged.
        self.db = real_db
        t = self.start_tui()
        t.wait_for("Operation Hampshire")
        self.assertNotIn("DEMO", t.title(), t.describe())
        t.type("L")
        t.wait_until(lambda s: "DEMO" in t.title() and first in s, "the same demo", timeout=30)
        self.quit_tui(keys=("q",))
        self.assertEqual(self.cases(), [])
        self.db = demo_db
        self.assertEqual(len(self.cases()), 200, "opened again, not loaded twice")

    def test_a_refused_new_case_keeps_everything_typed_and_adds_nobody(self):
        t = self.start_tui()
        t.wait_for("Operation Hampshire")
        t.type("A")
        self.fill_new_case_form(victim_no="1001", victim_name="Alice Newcomer",
                                supervisor_no="2001", supervisor_name="Bob Sergeant",
                                occurred="2026-04-09 08:30", location="Market Square")
        t.keys(SAVE)
        t.wait_until(lambda s: "future" in t.status(), "the refusal on the status line")
        self.assertTrue(self.form_is_open(), t.describe("the form stays open"))
        for label, typed in (("Victim staff no.", "1001"), ("  name if new", "Alice Newcomer"),
                             ("Supervisor staff no.", "2001"), ("Occurred", "2026-04-09 08:30"),
                             ("Location *", "Market Square"), ("Location kind", "street")):
            self.assertIn(typed, self.field_row(label), t.describe("%s kept" % label))
        self.assertIn("future", t.screen().split("Occurred", 1)[1].split("Reported", 1)[0],
                      t.describe("the message is under the Occurred field"))
        self.assertEqual(self.cases(), [])
        people = self.cli("person", "list", "--format", "json")
        self.assertEqual([p["name"] for p in json.loads(people.out)], [TESTER[0]],
                         "a refused case adds nobody to the people")
        # The focus is on the field refused: correct it and save.
        self.assertTrue(self.field_row("Occurred").startswith(">"), t.describe("focus"))
        t.keys("C-u")
        t.type("2026-04-08 08:30")
        t.keys(SAVE)
        t.wait_until(lambda s: self.is_case_view(s, "OPH-"), "the new case")
        self.quit_anywhere()
        rows = self.cases()
        self.assertEqual(len(rows), 1)
        self.assertEqual(self.show(rows[0]["reference"])["occurred_at"], "2026-04-08T07:30:00Z")

    # (b)
    def test_completing_a_step_lowers_the_overdue_count(self):
        self.staff()
        ref = self.overdue_case()
        _, before_rows = 0, self.reminders()
        overdue_before = sum(1 for r in before_rows if r["state"] == "overdue")
        self.assertEqual(overdue_before, 6)  # 4 steps, the inspector and the senior leader
        t = self.start_tui()
        t.wait_for("%d overdue" % overdue_before)
        self.assertEqual(t.summary()[0], overdue_before)
        self.open_case_from_list(ref)
        self.move_cursor_to("slt")
        t.type("D")
        self.fill_step_done_form(note="Told Superintendent Grey by phone")
        t.keys(SAVE)
        t.wait_row(0, "%d overdue" % (overdue_before - 1))
        self.assertEqual(t.summary()[0], overdue_before - 1)
        self.quit_anywhere()

        case = self.show(ref)
        slt = self.step(case, "slt")
        self.assertEqual(slt["status"], "done")
        self.assertIn("Superintendent Grey", slt["note"] or "")
        for code in ("crime", "investigator", "welfare"):
            self.assertEqual(self.step(case, code)["status"], "pending")
        self.assertEqual(sum(1 for r in self.reminders() if r["state"] == "overdue"),
                         overdue_before - 1)

    # (c)
    def test_making_the_victim_the_investigator_is_refused_and_keeps_the_input(self):
        self.staff()
        ref = self.overdue_case()
        before = db_dump(self.db)
        t = self.start_tui()
        self.open_case_from_list(ref)
        t.type("A")
        self.fill_assign_form(role="investigator", number="1001")
        t.keys("F2")
        s = t.wait_until(lambda s: "victim" in t.status().lower()
                         or "never investigate" in s, "the refusal")
        self.assertRegex(flat(s).lower(), r"victim|own assault")
        # Nothing typed is lost: the number is still in the field, the form still open.
        self.assertTrue(self.form_is_open(), t.describe("the form stays open"))
        self.assertIn("1001", self.field_row("Staff number"), t.describe())
        self.assertIn("investigator", self.field_row("Role"), t.describe())
        self.quit_anywhere()
        case = self.show(ref)
        self.assertIsNone(case["roles"]["investigator"])
        self.assertEqual(self.step(case, "investigator")["status"], "pending")
        self.assertEqual(db_dump(self.db), before, "the database is unchanged")

    def save_unknown_number_then_name(self, label, number, name, saved):
        """An unknown staff number typed in the field `label`, the focus on it: the form
        says it is new; saved without a name it is refused on that field and nothing
        changes; with the name typed on the line under it, the save goes through."""
        t = self.tui
        t.wait_until(lambda s: "name below adds" in self.field_row(label),
                     "the unknown number is shown as new")
        before = db_dump(self.db)
        t.keys(SAVE)
        t.wait_until(lambda s: "type their name" in t.status(), "the refusal")
        self.assertTrue(self.form_is_open(), t.describe("the form stays open"))
        self.assertIn(number, self.field_row(label), t.describe("the number kept"))
        self.assertEqual(db_dump(self.db), before, "nothing saved")
        t.keys("Tab")
        t.type(name)
        t.keys(SAVE)
        t.wait_until(lambda s: saved in t.status(), "the save")
        self.quit_anywhere()
        people = {p["number"]: p["name"]
                  for p in json.loads(self.ok("person", "list", "--format", "json"))}
        self.assertEqual(people.get(number), name)

    def test_a_staff_number_with_a_look_alike_letter_is_refused(self):
        # A Cyrillic A in the number: said beside the field as it is typed, refused on saving
        # (even with a name to add them), and nothing changes.
        self.staff()
        ref = self.overdue_case()
        before = db_dump(self.db)
        t = self.start_tui()
        self.open_case_from_list(ref)
        t.type("A")
        self.fill_assign_form(role="investigator", number="4\u0410321")
        t.wait_until(lambda s: "U+0410" in self.field_row("Staff number"),
                     "the character named beside the field")
        t.keys("Tab")
        t.type("Ivy Newfield")
        t.keys(SAVE)
        t.wait_until(lambda s: "U+0410" in t.status(), "the refusal")
        self.assertIn("Cyrillic", t.status())
        self.assertTrue(self.form_is_open(), t.describe("the form stays open"))
        self.quit_anywhere()
        self.assertEqual(db_dump(self.db), before, "the database is unchanged")

    def test_assigning_someone_new_adds_them_from_the_name_typed(self):
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui()
        self.open_case_from_list(ref)
        t.type("A")
        self.fill_assign_form(role="investigator", number="4321")
        self.save_unknown_number_then_name("Staff number", "4321", "Ivy Newfield",
                                           "added to the people")
        self.assertEqual(self.show(ref)["roles"]["investigator"], "4321")

    def test_editing_the_facts_can_name_a_new_supervisor(self):
        self.staff()
        ref = self.overdue_case()
        t = self.start_tui()
        self.open_case_from_list(ref)
        t.type("F")
        self.wait_form("Edit the facts")
        t.keys("Tab", "Tab", "Tab")  # past the victim and the name and rank lines under it
        t.wait_until(lambda s: self.field_row("Supervisor staff no.").startswith(">"),
                     "the supervisor's number")
        t.keys("C-u")
        t.type("8001")
        self.save_unknown_number_then_name("Supervisor staff no.", "8001", "Nell Newsup",
                                           "added Nell Newsup")
        self.assertEqual(self.show(ref)["roles"]["supervisor"], "8001")

    # (d)
    def test_reminders_enter_opens_the_most_overdue_case(self):
        self.staff()
        self.add_person("Dora Second", "1002")
        newer = self.overdue_case()
        older = self.new_case("1002", "2001", "2026-04-03 09:00", "Bus Station",
                              "--reported", "2026-04-03 09:30")
        rows = self.reminders()
        first = rows[0]["reference"]
        self.assertEqual(first, older, rows[:3])
        t = self.start_tui()
        t.wait_for(newer)
        t.type("r")
        t.wait_until(lambda s: older in s and "reminders" in t.title().lower(), "reminders")
        lines = [line for line in t.lines()[1:-2] if REF_RE.search(line)]
        self.assertIn(older, lines[0], t.describe("most overdue first"))
        t.keys("Enter")
        t.wait_until(lambda s: self.is_case_view(s, older), "the case view of " + older)
        self.assertNotIn(newer, t.screen())
        self.quit_anywhere()
        self.assertEqual(self.show(older)["reference"], older)

    # (e)
    def test_search_narrows_the_case_list_to_the_matching_case(self):
        self.staff()
        self.add_person("Priya Okonkwo-Marsh", "1002")
        self.add_person("Tom Lindqvist", "1003")
        refs = [self.overdue_case(victim=v) for v in ("1001", "1002", "1003")]
        t = self.start_tui()
        for ref in refs:
            t.wait_for(ref)
        t.type("/")
        t.type("Lindqvist")
        t.wait_for("Lindqvist")
        t.keys("Enter")
        t.wait_until(lambda s: refs[0] not in s and refs[1] not in s and refs[2] in s,
                     "only %s in the list" % refs[2])
        self.quit_anywhere()
        found = [r["reference"] for r in self.cases("--all", "--search", "Lindqvist")]
        self.assertEqual(found, [refs[2]])

    # (f)
    def test_resizing_inside_a_form_keeps_the_typed_input(self):
        t = self.start_tui()
        t.wait_for("Operation Hampshire")
        t.type("A")
        self.wait_form()
        t.type("4321")
        t.wait_for("4321")
        t.resize(90, 28)
        t.wait_until(lambda s: t.row(27).strip() != "" and "4321" in s, "a redraw at 90x28")
        self.assertTrue(self.form_is_open(), t.describe())
        t.resize(COLS, ROWS)
        t.wait_until(lambda s: t.row(29).strip() != "" and "4321" in s, "a redraw at 100x30")
        self.assertTrue(self.form_is_open(), t.describe())
        # Shrinking below the minimum and back does not lose it either.
        t.resize(70, 20)
        t.wait_for("at least")
        t.resize(COLS, ROWS)
        t.wait_for("4321")
        self.quit_anywhere()
        self.assertEqual(self.cases(), [], "nothing was saved")

    def test_shrinking_the_terminal_keeps_the_list_cursor_on_the_same_case(self):
        self.ok("demo", "--cases", "60", "--seed", "7")
        t = self.start_tui()
        t.wait_for(REF_RE)
        for _ in range(3):  # open -> overdue -> closed -> all
            t.type("f")
        t.wait_until(lambda s: "all" in t.title(), "the filter 'all'")
        t.type("G")
        t.type("g")
        for _ in range(25):  # the last row of the first page at 30 rows
            t.keys("Down")
        refs = [r["reference"] for r in self.cases("--all")]
        t.wait_until(lambda s: self.cursor_ref() == refs[25], "the cursor on " + refs[25])
        t.resize(80, 24)
        t.wait_until(lambda s: t.row(23).strip() != "", "a redraw at 80x24")
        self.settle()
        self.assertEqual(self.cursor_ref(), refs[25],
                         t.describe("the cursor stays on the case it was on"))
        t.keys("Enter")
        t.type("g")  # the top of the case (see test_case_view_opens_with_its_reference_shown)
        t.wait_until(lambda s: self.is_case_view(s, refs[25]), "the case view of " + refs[25])
        self.quit_anywhere()
        self.assertEqual(len(self.cases("--all")), 60)

    def test_case_view_opens_with_its_reference_shown_at_80x24(self):
        """Opening a case must show which case it is, even when its facts are long and the
        terminal is the smallest allowed (the title line only says "case")."""
        self.staff()
        summary = ("Punched twice in the face while restraining a detained person in the "
                   "custody suite; the detained person then spat at the officer and kicked "
                   "out at the custody sergeant who came to help; body-worn video was running "
                   "throughout and the custody CCTV covers the booking-in desk.")
        ref = self.new_case("1001", "2001", TWO_DAYS_AGO, "Custody suite, Central",
                            "--reported", REPORTED_TWO_DAYS_AGO, "--location-kind", "custody",
                            "--offence", "Assault on an emergency worker", "--summary", summary)
        t = self.start_tui(cols=80, rows=24)
        self.open_case_from_list(ref)
        t.wait_until(lambda s: "case" in t.title(), "the case view")
        self.settle()
        self.assertIn(ref, t.screen(), t.describe("which case is open is on screen"))
        self.assertIn("Alice Victim", t.screen(), t.describe("whose case it is is on screen"))
        self.quit_anywhere()
        self.assertEqual(self.show(ref)["summary"], summary)

    def test_text_cut_to_its_column_ends_in_an_ellipsis(self):
        """A name or team wider than its column is cut with "…", so a cut is never read as
        the whole text."""
        self.staff()
        self.overdue_case()
        self.add_person("Bartholomew Featherstonehaugh-Cholmondeley", "7001", "--team",
                        "Neighbourhood Policing Team, Riverside and Eastcliffe")
        t = self.start_tui(cols=80, rows=24)
        t.type("p")
        t.wait_until(lambda s: "7001" in s, "the people view")
        row = next(line for line in t.screen().splitlines() if "7001" in line)
        self.assertIn("Bartholomew", row)
        self.assertNotIn("Cholmondeley", row, t.describe("the name is cut"))
        self.assertEqual(row.count("\u2026"), 2, t.describe("both cuts are marked"))
        self.quit_anywhere()


if __name__ == "__main__":
    unittest.main(verbosity=2)
