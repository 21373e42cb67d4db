"""Happy paths of every ophamp command: output, exit status and the database state as seen
through `case show --format json`, `case list --format json` and `remind --format json`."""

import csv
import io
import json
import os
import sqlite3
import stat
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    COMMANDS, INVESTIGATOR, ISO_Z, MANAGER, NOW_UTC, REF_RE, STATEMENT_TAKER, STEP_CODES,
    SUPERVISOR, UUID_RE, VICTIM, OphampTestCase)


def all_times(obj, path=""):
    """(path, value) of every key that names a time (…_at) anywhere in obj."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            p = path + "." + k
            if k.endswith("_at") and not isinstance(v, (dict, list)):
                yield p, v
            else:
                yield from all_times(v, p)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from all_times(v, "%s[%d]" % (path, i))


class TestProgram(OphampTestCase):
    """--version, --help, usage, and every command's own --help."""

    def test_version(self):
        out = self.ok("--version")
        self.assertRegex(out, r"^ophamp \d+\.\d+\.\d+\n$")
        self.assertFalse(os.path.exists(self.db), "--version must not create a database")

    def test_help_lists_every_command(self):
        for flag in ("--help", "-h"):
            out = self.ok(flag)
            self.assertTrue(out.startswith("usage: ophamp"), out)
            for cmd in COMMANDS:
                self.assertIn("ophamp " + cmd, out)
            self.assertIn("--version", out)
        self.assertFalse(os.path.exists(self.db), "--help must not create a database")

    def test_no_command_without_a_terminal_points_to_the_commands(self):
        # With no command ophamp opens the terminal front end; without a terminal (a pipe,
        # cron, CI) it says so in one line instead of drawing into the pipe.
        r = self.run_ophamp()  # only --db
        self.assertEqual(r.rc, 2, r.describe())
        self.assertEqual(r.out, "", r.describe())
        self.assertEqual(len(r.err.splitlines()), 1, r.describe())
        self.assertIn("needs a terminal", r.err)
        self.assertIn("--help", r.err)
        r = self.run_ophamp("--help")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertTrue(r.out.startswith("usage: ophamp"), r.describe())

    def test_every_command_has_help(self):
        for cmd in COMMANDS:
            with self.subTest(cmd=cmd):
                out = self.ok(*cmd.split(), "--help")
                self.assertTrue(out.startswith("usage: ophamp %s" % cmd), out)
                # a paragraph of help after the usage line
                self.assertGreater(len(out.strip().splitlines()), 2, out)
                self.assertFalse(os.path.exists(self.db), "--help must not touch the database")

    def test_help_wins_over_other_options(self):
        out = self.ok("case", "new", "--victim", "1001", "--help")
        self.assertTrue(out.startswith("usage: ophamp case new"), out)
        out = self.ok("step", "done", "OPH-2026-00001", "crime", "-h")
        self.assertTrue(out.startswith("usage: ophamp step done"), out)
        self.assertFalse(os.path.exists(self.db))


class TestDatabaseLocation(OphampTestCase):
    """--db, OPHAMP_DB, XDG_DATA_HOME and HOME, and the modes of what is created."""

    def private(self, path, mode):
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), mode, path)

    def test_db_option_creates_missing_folders_private(self):
        db = os.path.join(self.tmp, "a", "b", "c", "cases.db")
        # even with a permissive umask the new folders are 0700 and the file 0600
        self.add_person("A Person", "1", db=db, preexec_fn=lambda: os.umask(0))
        self.assertTrue(os.path.isfile(db))
        self.private(db, 0o600)
        for sub in ("a", "a/b", "a/b/c"):
            self.private(os.path.join(self.tmp, sub), 0o700)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "xdg")))

    def test_ophamp_db_environment_variable(self):
        envdb = os.path.join(self.tmp, "env", "from-env.db")
        self.add_person("Env Person", "77", db=None, env={"OPHAMP_DB": envdb})
        self.assertTrue(os.path.isfile(envdb))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "xdg")))
        out = self.ok("person", "list", "--format", "json", db=None, env={"OPHAMP_DB": envdb})
        self.assertEqual([p["number"] for p in json.loads(out)], ["77"])

    def test_db_option_wins_over_environment(self):
        envdb = os.path.join(self.tmp, "env.db")
        self.add_person("Opt Person", "5", env={"OPHAMP_DB": envdb})
        self.assertTrue(os.path.isfile(self.db))
        self.assertFalse(os.path.exists(envdb))

    def test_xdg_data_home_default(self):
        xdg = os.path.join(self.tmp, "xdg")
        self.add_person("Xdg Person", "9", db=None, preexec_fn=lambda: os.umask(0))
        db = os.path.join(xdg, "ophamp", "ophamp.db")
        self.assertTrue(os.path.isfile(db))
        self.private(db, 0o600)
        self.private(os.path.join(xdg, "ophamp"), 0o700)
        out = self.ok("person", "list", "--format", "json", db=None)
        self.assertEqual([p["name"] for p in json.loads(out)], ["Xdg Person"])

    def test_home_when_no_xdg_data_home(self):
        home = os.path.join(self.tmp, "home")
        os.mkdir(home)
        for xdg in (None, "relative/not/absolute"):
            with self.subTest(XDG_DATA_HOME=xdg):
                r = self.run_ophamp("whoami", "H" + str(xdg is None), "--name", "Home Person",
                                    db=None, env={"XDG_DATA_HOME": xdg})
                self.assertEqual(r.rc, 0, r.describe())
                self.assertTrue(os.path.isfile(
                    os.path.join(home, ".local", "share", "ophamp", "ophamp.db")))
                self.assertFalse(os.path.exists(os.path.join(self.tmp, "relative")))

    def test_nowhere_to_keep_the_database(self):
        self.fails(3, "person", "list", db=None, env={"HOME": None, "XDG_DATA_HOME": None})


class TestPeople(OphampTestCase):
    def test_table_columns_line_up_with_wide_and_accented_names(self):
        import unicodedata

        def width(text):
            return sum(0 if unicodedata.combining(ch) else
                       2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

        for number, name in (("1", "Plain Name"), ("2", "Zo\u00eb \U0001F693 \u00dcnal"),
                             ("3", "\u540d\u524d \u5c71\u7530"), ("4", "x" * 40)):
            self.add_person(name, number)
        rows = self.ok("person", "list").splitlines()
        self.assertEqual(len(rows), 4)
        # the role column starts at the same display column on every row, after a gap
        starts = {width(row[:row.index("officer")]) for row in rows}
        self.assertEqual(len(starts), 1, rows)
        for row in rows:
            self.assertEqual(row[row.index("officer") - 1], " ", row)


    def test_person_add_and_list_json(self):
        self.add_staff()
        out = self.ok("person", "list", "--format", "json")
        people = json.loads(out)
        self.assertEqual([p["name"] for p in people],
                         ["Alice Victim", "Bob Sergeant", "Carol Investigator", "Dan Statement",
                          "Erin Manager"])
        alice = people[0]
        self.assertEqual(alice, {"number": VICTIM, "name": "Alice Victim", "role": "officer",
                                 "rank": "PC", "team": "Response A"})
        dan = people[3]
        self.assertEqual(dan["role"], "pcso")
        self.assertIsNone(dan["rank"])

    def test_spaces_around_names_and_numbers_are_dropped(self):
        self.ok("whoami", " A1 ", "--name", "  Ann  Lee ", "--team", " Cells ")
        ann = json.loads(self.ok("person", "list", "--format", "json"))[0]
        self.assertEqual((ann["name"], ann["number"], ann["team"]), ("Ann  Lee", "A1", "Cells"))
        self.fails(1, "person", "add", "--name", "Other", "--number", "A1 ",
                   contains="already used")

    def test_every_role(self):
        for i, role in enumerate(["officer", "special", "pcso", "staff", "volunteer"]):
            self.add_person("Role %s" % role, "R%d" % i, "--role", role)
        people = json.loads(self.ok("person", "list", "--format", "json"))
        self.assertEqual(sorted(p["role"] for p in people),
                         sorted(["officer", "special", "pcso", "staff", "volunteer"]))

    def test_default_role_is_officer(self):
        self.add_person("No Role", "NR1")
        people = json.loads(self.ok("person", "list", "--format", "json"))
        self.assertEqual(people[0]["role"], "officer")

    def test_unicode_names_and_limits(self):
        name = "Siân O’Brien-Łukasiewicz 田中"
        self.add_person(name, "U1")
        long_name = "é" * 100  # 100 characters (200 bytes) is within the limit
        self.add_person(long_name, "U2")
        people = {p["number"]: p for p in json.loads(self.ok("person", "list", "--format",
                                                             "json"))}
        self.assertEqual(people["U1"]["name"], name)
        self.assertEqual(people["U2"]["name"], long_name)
        self.add_person("N" * 100, "N" * 20)  # both exactly at their limits

    def test_person_list_table_csv_search_limit(self):
        self.add_staff()
        table = self.ok("person", "list")
        self.assertEqual(len(table.splitlines()), 5)
        self.assertIn("Carol Investigator", table)
        rows = list(csv.reader(io.StringIO(self.ok("person", "list", "--format", "csv"),
                                           newline="")))
        self.assertEqual(rows[0], ["number", "name", "role", "rank", "team"])
        self.assertEqual(len(rows), 6)
        self.assertIn([INVESTIGATOR, "Carol Investigator", "officer", "DC", "CID"], rows)
        found = json.loads(self.ok("person", "list", "--search", "cid", "--format", "json"))
        self.assertEqual([p["number"] for p in found], [INVESTIGATOR])
        found = json.loads(self.ok("person", "list", "--search", "300", "--format", "json"))
        self.assertEqual(sorted(p["number"] for p in found), [INVESTIGATOR, STATEMENT_TAKER])
        found = json.loads(self.ok("person", "list", "--limit", "1", "--format", "json"))
        self.assertEqual([p["name"] for p in found], ["Alice Victim"])
        r = self.run_ophamp("person", "list", "--search", "nobody-like-this")
        self.assertEqual(r.rc, 1, r.describe())
        self.assertEqual(r.err, "")


class TestCaseNewAndShow(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.cached_db(self.add_staff)

    def test_references_count_up(self):
        self.assertEqual(self.new_case(), "OPH-2026-00001")
        self.assertEqual(self.new_case(), "OPH-2026-00002")

    def test_reference_year_is_the_year_reported(self):
        self.assertEqual(self.new_case("--reported", "2025-12-31 23:30",
                                       occurred="2025-12-31 23:00"), "OPH-2025-00001")
        self.assertEqual(self.new_case(), "OPH-2026-00001")
        self.assertEqual(self.new_case("--reported", "2026-01-01 00:10",
                                       occurred="2025-12-31 23:50"), "OPH-2026-00002")

    def test_json_contract_of_a_new_case(self):
        ref = self.new_case()
        c = self.show(ref)
        for key in ("uuid", "reference", "status", "victim", "occurred_at", "reported_at",
                    "location", "location_kind", "roles", "steps", "followups", "evidence",
                    "outcome"):
            self.assertIn(key, c)
        self.assertEqual(c["reference"], ref)
        self.assertRegex(c["uuid"], UUID_RE)
        self.assertEqual(c["status"], "open")
        self.assertEqual(c["victim"]["name"], "Alice Victim")
        self.assertEqual(c["victim"]["number"], VICTIM)
        self.assertEqual(c["victim"]["role"], "officer")
        # 09:00 London in April is 08:00 UTC; reported defaults to the program's clock
        self.assertEqual(c["occurred_at"], "2026-04-08T08:00:00Z")
        self.assertEqual(c["reported_at"], NOW_UTC)
        self.assertEqual(c["location"], "High Street")
        self.assertEqual(c["location_kind"], "other")
        self.assertEqual(c["roles"], {"investigator": None, "statement_taker": None,
                                      "welfare_officer": None, "supervisor": SUPERVISOR,
                                      "second_line": None})
        self.assertEqual([s["code"] for s in c["steps"]], STEP_CODES)
        for s in c["steps"]:
            self.assertEqual(s["status"], "pending")
            self.assertIsNone(s["done_at"])
            self.assertIsNone(s["reason"])
        due = {s["code"]: s["due_at"] for s in c["steps"]}
        self.assertEqual(due, {
            "crime": "2026-04-09T09:00:00Z",         # 24 hours after reported
            "victim-code": "2026-04-10T09:00:00Z",   # 2 working days (Wed -> Fri)
            "investigator": "2026-04-09T09:00:00Z",
            "welfare": "2026-04-09T09:00:00Z",
            "slt": "2026-04-09T09:00:00Z",
            "iod": "2026-04-15T09:00:00Z",           # 7 days
            "evidence": "2026-05-09T08:00:00Z",      # 31 days after occurred
        })
        fu = {f["rule"]: f for f in c["followups"]}
        self.assertEqual(fu["welfare-72h"]["due_at"], "2026-04-11T09:00:00Z")
        self.assertEqual(fu["welfare-28d"]["due_at"], "2026-05-06T09:00:00Z")
        self.assertEqual(fu["victim-update"]["due_at"], "2026-05-06T09:00:00Z")
        for f in c["followups"]:
            self.assertIn(f["kind"], ("welfare", "victim-update", "outcome-notice", "riddor",
                                      "duty", "force"))
            self.assertEqual(f["status"], "pending")
        self.assertEqual(c["evidence"], [])
        self.assertIsNone(c["outcome"])
        for path, value in all_times(c):
            if value is not None:
                self.assertRegex(value, ISO_Z, path)

    def test_all_facts(self):
        summary = "Kicked while making an arrest.\nSecond line\twith a tab."
        ref = self.new_case("--reported", "2026-04-08 09:40", "--location-kind", "custody",
                            "--injury", "minor", "--offence", "Assault on an emergency worker",
                            "--summary", summary, "--mechanism", "kick", "--treatment",
                            "first-aid", "--body-part", "left shin", "--offender-known", "yes",
                            "--thor", "Low risk", "--crime-ref", "CR/1234/26",
                            location="Custody suite, cell 4")
        c = self.show(ref)
        self.assertEqual(c["reported_at"], "2026-04-08T08:40:00Z")
        self.assertEqual(c["location"], "Custody suite, cell 4")
        self.assertEqual(c["location_kind"], "custody")
        self.assertEqual(c["injury"], "minor")
        self.assertEqual(c["offence"], "Assault on an emergency worker")
        self.assertEqual(c["summary"], summary)
        self.assertEqual(c["mechanism"], "kick")
        self.assertEqual(c["treatment"], "first-aid")
        self.assertEqual(c["body_part"], "left shin")
        self.assertIs(c["offender_known"], True)
        self.assertEqual(c["thor"], "Low risk")
        self.assertEqual(c["crime_reference"], "CR/1234/26")

    def test_every_location_kind_and_injury(self):
        for kind in ("street", "dwelling", "vehicle", "custody", "station", "hospital", "other"):
            ref = self.new_case("--location-kind", kind)
            self.assertEqual(self.show(ref)["location_kind"], kind)
        for injury in ("none", "minor", "serious"):
            ref = self.new_case("--injury", injury)
            self.assertEqual(self.show(ref)["injury"], injury)

    def test_greenwich_time_and_clock_change(self):
        # January is GMT: London time is UTC
        ref = self.new_case("--reported", "2026-01-15 09:30", occurred="2026-01-15 09:00")
        c = self.show(ref)
        self.assertEqual(c["occurred_at"], "2026-01-15T09:00:00Z")
        self.assertEqual(c["reported_at"], "2026-01-15T09:30:00Z")
        self.assertEqual(self.step(c, "crime")["due_at"], "2026-01-16T09:30:00Z")
        # Reported Saturday 28 March 2026 12:00 GMT; clocks go forward on the 29th.
        ref = self.new_case("--reported", "2026-03-28 12:00", occurred="2026-03-28 12:00")
        c = self.show(ref)
        self.assertEqual(self.step(c, "crime")["due_at"], "2026-03-29T12:00:00Z")  # 24 h
        # working days keep the London clock time: Mon 30, Tue 31 at 12:00 BST
        self.assertEqual(self.step(c, "victim-code")["due_at"], "2026-03-31T11:00:00Z")
        self.assertEqual(self.step(c, "iod")["due_at"], "2026-04-04T11:00:00Z")  # 7 days

    def test_host_time_zone_does_not_matter(self):
        ref = self.new_case()
        base = self.show(ref)
        for tz in ("America/New_York", "Australia/Sydney", "Europe/London"):
            with self.subTest(TZ=tz):
                self.assertEqual(self.show(ref, env={"TZ": tz}), base)

    def test_show_by_uuid_and_lower_case_reference(self):
        ref = self.new_case()
        c = self.show(ref)
        self.assertEqual(self.show(c["uuid"])["reference"], ref)
        self.assertEqual(self.show(ref.lower())["reference"], ref)

    def test_show_text(self):
        ref = self.new_case("--location-kind", "street")
        out = self.ok("case", "show", ref)
        self.assertIn(ref, out)
        self.assertIn("Alice Victim", out)
        self.assertIn("2026-04-08 09:00", out)  # shown in London time
        for code in STEP_CODES:
            self.assertIn(code, out)
        self.assertEqual(self.ok("case", "show", ref, "--format", "text"), out)


class TestCaseList(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.c1, self.c2, self.c3, self.c4 = self.cached_db(self.make_db)

    def make_db(self):
        self.add_staff()
        self.add_person("=1+2 Formula", "5001")
        c1 = self.new_case("--reported", "2026-04-01 09:30", "--location-kind", "street",
                           occurred="2026-04-01 09:00", location="Market Square")
        c2 = self.new_case("--location-kind", "custody", victim="5001",
                           occurred="2026-04-07 22:00", location="Custody suite")
        c3 = self.new_case(occurred="2026-04-06 12:00", location="Closed Road")
        self.complete_all_steps_na(c3)
        self.ok("case", "close", c3, "--outcome", "not-identified")
        c4 = self.new_case(victim=INVESTIGATOR, supervisor=SUPERVISOR,
                           occurred="2026-04-08 09:00", location="Station yard")
        return c1, c2, c3, c4

    def refs(self, *flags, **kw):
        return [r["reference"] for r in self.list_cases(*flags, **kw)]

    def test_json_contract(self):
        rows = self.list_cases("--all")
        for row in rows:
            for key in ("reference", "uuid", "status", "victim_name", "occurred_at",
                        "next_due_at", "overdue"):
                self.assertIn(key, row)
            self.assertRegex(row["reference"], REF_RE)
            self.assertRegex(row["uuid"], UUID_RE)
            self.assertRegex(row["occurred_at"], ISO_Z)
            self.assertIsInstance(row["overdue"], bool)
        first = {r["reference"]: r for r in rows}[self.c1]
        self.assertEqual(first["status"], "open")
        self.assertEqual(first["victim_name"], "Alice Victim")
        self.assertEqual(first["occurred_at"], "2026-04-01T08:00:00Z")
        # The supervisor tells the inspector within 12 hours of the report (09:30 BST).
        self.assertEqual(first["next_due_at"], "2026-04-01T20:30:00Z")
        self.assertIs(first["overdue"], True)
        closed = {r["reference"]: r for r in rows}[self.c3]
        self.assertEqual(closed["status"], "closed")

    def test_default_is_open_cases_newest_first(self):
        self.assertEqual(self.refs(), [self.c4, self.c2, self.c1])
        self.assertEqual(self.refs("--open"), [self.c4, self.c2, self.c1])

    def test_filters(self):
        self.assertEqual(self.refs("--closed"), [self.c3])
        self.assertEqual(self.refs("--all"), [self.c4, self.c2, self.c3, self.c1])
        self.assertEqual(self.refs("--overdue"), [self.c1])
        self.assertEqual(self.refs("--custody"), [self.c2])
        self.assertEqual(self.refs("--limit", "1"), [self.c4])
        self.assertEqual(self.refs("--limit", "1", "--offset", "1"), [self.c2])
        self.assertEqual(self.refs("--sort", "due"), [self.c1, self.c2, self.c4])
        self.assertEqual(self.refs("--sort", "date"), [self.c4, self.c2, self.c1])

    def test_search(self):
        self.assertEqual(self.refs("--search", "alice"), [self.c1])  # c3 is closed
        self.assertEqual(self.refs("--all", "--search", "Alice Victim"), [self.c3, self.c1])
        self.assertEqual(self.refs("--search", "market"), [self.c1])
        self.assertEqual(self.refs("--search", "Formula"), [self.c2])
        self.assertEqual(self.refs("--search", self.c4), [self.c4])
        self.assertEqual(self.refs("--search", "%"), [])  # LIKE wildcards are plain text
        self.assertEqual(self.refs("--search", "_"), [])
        r = self.run_ophamp("case", "list", "--search", "Nobody Atall")
        self.assertEqual((r.rc, r.out, r.err), (1, "", ""), r.describe())

    def test_overdue_moves_with_the_clock(self):
        self.assertEqual(self.refs("--overdue", now="2026-04-01 10:00"), [])
        later = self.refs("--overdue", now="2026-04-10 10:00")
        self.assertEqual(set(later) - {self.c3}, {self.c1, self.c2, self.c4})

    def test_table(self):
        out = self.ok("case", "list")
        lines = out.splitlines()
        self.assertEqual(len(lines), 3)
        self.assertTrue(lines[0].startswith(self.c4))
        self.assertIn("OVERDUE", lines[2])
        self.assertTrue(lines[2].startswith(self.c1))
        self.assertIn("Alice Victim", lines[2])

    def test_csv_is_rfc4180_and_spreadsheet_safe(self):
        r = self.run_ophamp("case", "list", "--all", "--format", "csv")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertIn("\r\n", r.out)
        rows = list(csv.reader(io.StringIO(r.out, newline="")))
        header = rows[0]
        for key in ("reference", "uuid", "status", "victim_name", "occurred_at",
                    "next_due_at", "overdue"):
            self.assertIn(key, header)
        body = [dict(zip(header, row)) for row in rows[1:]]
        self.assertEqual([b["reference"] for b in body], [self.c4, self.c2, self.c3, self.c1])
        formula = {b["reference"]: b for b in body}[self.c2]["victim_name"]
        self.assertTrue(formula.startswith("'"), formula)
        self.assertIn("=1+2 Formula", formula)
        for row in body:
            for value in row.values():
                self.assertFalse(value[:1] in ("=", "+", "-", "@"), value)


class TestCsvAndStoredText(OphampTestCase):

    def test_csv_quoting_and_formula_prefixes(self):
        names = ['Smith, "Jo"', "=cmd|' /C calc'!A0", "+44 Plus", "-2 Minus", "@SUM(A1)",
                 "Plain Name"]
        for i, name in enumerate(names):
            self.add_person(name, "C%d" % i, "--team", "-Team" if i == 0 else "Team")
        rows = list(csv.reader(io.StringIO(self.ok("person", "list", "--format", "csv"),
                                           newline="")))
        self.assertEqual(rows[0], ["number", "name", "role", "rank", "team"])
        got = {r[0]: r for r in rows[1:]}
        self.assertEqual(got["C0"][1], 'Smith, "Jo"')
        self.assertEqual(got["C0"][4], "'-Team")
        self.assertEqual(got["C5"][1], "Plain Name")
        for i in range(1, 5):
            self.assertEqual(got["C%d" % i][1], "'" + names[i])
        for row in rows:
            for value in row:
                self.assertNotIn(value[:1], ("=", "+", "-", "@"), row)

    def test_text_from_the_database_is_shown_as_text(self):
        """Control characters that reached the file by another route never reach the
        terminal from a table or a text view; JSON carries them escaped."""
        self.add_staff()
        ref = self.new_case()
        evil = 'Mal\x1b[31mlory\x07 "q" \\ \u202e'
        conn = sqlite3.connect(self.db)
        conn.create_function("oph_actor", 0, lambda: "test")
        conn.create_function("oph_action", 0, lambda: 1)  # the log's action number
        conn.create_function("oph_sha256", -1, lambda *a: "0" * 64)
        conn.execute("UPDATE people SET name = ? WHERE number = ?", (evil, VICTIM))
        conn.execute("UPDATE cases SET location = ?, summary = ?",
                     ("Loc\x1b]0;title\x07", "Sum\x1b[2J"))
        conn.commit()
        conn.close()
        for argv in (["person", "list"], ["case", "list"], ["case", "show", ref], ["remind"]):
            with self.subTest(argv=argv):
                r = self.run_ophamp(*argv)
                self.assertEqual(r.rc, 0, r.describe())
                for bad in (b"\x1b", b"\x07", "\u202e".encode()):
                    self.assertNotIn(bad, r.out_b, r.describe())
        c = self.show(ref)
        self.assertEqual(c["victim"]["name"], evil)
        self.assertEqual(c["location"], "Loc\x1b]0;title\x07")
        raw = self.run_ophamp("case", "list", "--format", "json").out_b
        self.assertNotIn(b"\x1b", raw)
        self.assertEqual(json.loads(raw)[0]["victim_name"], evil)

    def test_csv_and_reminders_from_a_crafted_file_are_shown_as_text(self):
        """A file written by another program (its checks off) can put control characters in
        any column: the CSV lists and the reminders print them as U+FFFD, never raw."""
        self.add_staff()
        self.new_case()
        conn = sqlite3.connect(self.db)
        conn.create_function("oph_actor", 0, lambda: "test")
        conn.create_function("oph_action", 0, lambda: 1)  # the log's action number
        conn.create_function("oph_sha256", -1, lambda *a: "0" * 64)
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE people SET name = ?, team = ? WHERE number = ?",
                     ("Mal\x1b[31mlory\u202e\x9b", "\tTeam\r", VICTIM))
        conn.execute("UPDATE cases SET reference = ?", ("OPH-2026-\x1b[2J",))
        conn.execute("UPDATE steps SET code = ? WHERE code = 'crime'", ("cri\x9bme",))
        conn.commit()
        conn.close()
        for argv in (["person", "list", "--format", "csv"], ["case", "list", "--format", "csv"],
                     ["remind", "--within", "48"]):
            with self.subTest(argv=argv):
                r = self.run_ophamp(*argv)
                self.assertEqual(r.err, "", r.describe())
                self.assertIn("\ufffd", r.out, r.describe())
                # A CSV cell may hold a tab or a line break (quoted, RFC 4180); what could
                # drive or disguise a terminal may not be anywhere.
                layout = (b"\t", b"\r") if argv[0] == "remind" else ()
                for bad in (b"\x1b", b"\x9b", "\x9b".encode(), "\u202e".encode()) + layout:
                    self.assertNotIn(bad, r.out_b.replace(b"\r\n", b"\n"), r.describe())
        # JSON escapes them: the same strings to a reader, nothing raw on a terminal
        uuid = json.loads(self.run_ophamp("case", "list", "--format", "json").out)[0]["uuid"]
        for argv in (["person", "list", "--format", "json"], ["case", "list", "--format", "json"],
                     ["case", "show", uuid, "--format", "json"], ["remind", "--format", "json"]):
            with self.subTest(argv=argv):
                r = self.run_ophamp(*argv)
                self.assertEqual(r.err, "", r.describe())
                for bad in (b"\x1b", "\x9b".encode(), "\u202e".encode(), b"\t", b"\r"):
                    self.assertNotIn(bad, r.out_b, r.describe())
                json.loads(r.out)
        people = json.loads(self.run_ophamp("person", "list", "--format", "json").out)
        self.assertIn("Mal\x1b[31mlory\u202e\x9b", [p["name"] for p in people])


class TestFullWalk(OphampTestCase):
    """A case from the assault to its close, through every one of the seven points."""

    def test_walk_every_step_then_close(self):
        self.add_staff()
        ref = self.new_case("--location-kind", "street", "--injury", "minor")
        self.assertEqual(ref, "OPH-2026-00001")

        # (a) crime recorded: reference and plan
        out = self.ok("step", "done", ref, "crime", "--crime-ref", "CR/55/26", "--note",
                      "Plan: CCTV, witnesses, suspect interview")
        self.assertIn("crime", out)
        c = self.show(ref)
        crime = self.step(c, "crime")
        self.assertEqual(crime["status"], "done")
        self.assertEqual(crime["done_at"], NOW_UTC)
        self.assertEqual(crime["note"], "Plan: CCTV, witnesses, suspect interview")
        self.assertEqual(c["crime_reference"], "CR/55/26")

        # (b) Victim Code
        self.ok("step", "done", ref, "victim-code", "--referral", "accepted", "--enhanced",
                "no", "--vps-offered", "yes")
        c = self.show(ref)
        self.assertEqual(self.step(c, "victim-code")["status"], "done")
        self.assertEqual(c["referral"], "accepted")
        self.assertIs(c["enhanced_rights"], False)
        self.assertIs(c["vps_offered"], True)

        # (c) investigator and statement taker: done when both are named
        out = self.ok("case", "assign", ref, "investigator", INVESTIGATOR)
        self.assertIn(INVESTIGATOR, out)
        c = self.show(ref)
        self.assertEqual(c["roles"]["investigator"], INVESTIGATOR)
        self.assertEqual(self.step(c, "investigator")["status"], "pending")
        self.ok("case", "assign", ref, "statement-taker", STATEMENT_TAKER)
        c = self.show(ref)
        self.assertEqual(c["roles"]["statement_taker"], STATEMENT_TAKER)
        self.assertEqual(self.step(c, "investigator")["status"], "done")

        # (d) welfare: the first welfare contact completes the step
        self.ok("welfare", "add", ref, "--method", "phone", "--note", "Spoke to Alice; OK")
        c = self.show(ref)
        self.assertEqual(self.step(c, "welfare")["status"], "done")
        self.assertTrue(any(t["kind"] == "welfare-contact" and t["label"] == "phone"
                            for t in c["timeline"]), c["timeline"])

        # (e) senior leadership informed
        self.ok("step", "done", ref, "slt", "--note", "Supt Khan told by phone at 09:40")
        self.assertEqual(self.step(self.show(ref), "slt")["status"], "done")

        # (f) injury on duty: two sign-offs
        out = self.ok("step", "done", ref, "iod", "--by", "victim")
        self.assertIn("awaiting", out)
        iod = self.step(self.show(ref), "iod")
        self.assertEqual(iod["status"], "pending")
        self.assertEqual(iod["victim_signed_at"], NOW_UTC)
        self.assertIsNone(iod["supervisor_signed_at"])
        self.ok("step", "done", ref, "iod", "--by", "supervisor")
        iod = self.step(self.show(ref), "iod")
        self.assertEqual(iod["status"], "done")
        self.assertEqual(iod["supervisor_signed_at"], NOW_UTC)

        # (g) best evidence: every item secured
        out = self.ok("evidence", "add", ref, "--kind", "bwv", "--ref", "BWV-0042")
        self.assertEqual(out, "1\n")
        ev = self.show(ref)["evidence"]
        self.assertEqual([(e["kind"], e["status"]) for e in ev], [("bwv", "requested")])
        self.assertEqual(ev[0]["due_at"], "2026-05-09T08:00:00Z")  # 31 days after occurred
        r = self.run_ophamp("step", "done", ref, "evidence")
        self.assertEqual(r.rc, 1, r.describe())  # an item is still only requested
        # The last item secured completes the step by itself, and says so.
        out = self.ok("evidence", "update", ref, "1", "--status", "secured")
        self.assertEqual(out, "%s: evidence #1 secured\n%s: step evidence is done: every "
                         "evidence item is secured, submitted or not available\n" % (ref, ref))
        self.assertEqual(self.show(ref)["evidence"][0]["status"], "secured")

        c = self.show(ref)
        self.assertEqual([s["status"] for s in c["steps"]], ["done"] * 7)
        self.assertEqual([s["code"] for s in c["steps"] if s["on_time"] is not True], [])

        out = self.ok("case", "close", ref, "--outcome", "charged", "--note", "Charged s.39")
        self.assertIn("closed", out)
        c = self.show(ref)
        self.assertEqual(c["status"], "closed")
        self.assertEqual(c["outcome"], "charged")
        self.assertEqual(c["closed_at"], NOW_UTC)
        self.assertEqual(c["closing_note"], "Charged s.39")
        # the victim is to be told the outcome within 5 working days (Wed -> next Wed)
        notice = self.followups(c, kind="outcome-notice")
        self.assertEqual([(f["status"], f["due_at"]) for f in notice],
                         [("pending", "2026-04-15T09:00:00Z")])
        # regular victim updates end with the case
        self.assertEqual(self.followups(c, rule="victim-update", status="pending"), [])

        self.assertEqual([r["reference"] for r in self.list_cases("--closed")], [ref])
        self.assertEqual(self.list_cases(), [])
        self.assertEqual([r["status"] for r in self.list_cases("--all")], ["closed"])


class TestCaseActions(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.cached_db(self.staff_and_a_case)

    def test_case_edit(self):
        out = self.ok("case", "edit", self.ref, "--location", "Back Lane", "--location-kind",
                      "dwelling", "--injury", "serious", "--mechanism", "weapon",
                      "--treatment", "hospital", "--support-score", "4", "--summary", "Edited")
        self.assertEqual(out, "%s: facts saved\n" % self.ref)
        c = self.show(self.ref)
        self.assertEqual((c["location"], c["location_kind"], c["injury"], c["mechanism"],
                          c["treatment"], c["support_score"], c["summary"]),
                         ("Back Lane", "dwelling", "serious", "weapon", "hospital", 4, "Edited"))
        # facts not given are kept
        self.assertEqual(c["occurred_at"], "2026-04-08T08:00:00Z")
        self.assertEqual(c["victim"]["number"], VICTIM)

    def test_edit_occurred_moves_due_times(self):
        self.ok("case", "edit", self.ref, "--occurred", "2026-04-07 09:00")
        c = self.show(self.ref)
        self.assertEqual(c["occurred_at"], "2026-04-07T08:00:00Z")
        self.assertEqual(self.step(c, "evidence")["due_at"], "2026-05-08T08:00:00Z")

    def test_days_off_raises_riddor_over_7_days(self):
        self.ok("case", "edit", self.ref, "--days-off", "8")
        c = self.show(self.ref)
        self.assertEqual(c["days_off"], 8)
        riddor = self.followups(c, kind="riddor")
        self.assertEqual(len(riddor), 1, c["followups"])
        self.assertEqual(riddor[0]["rule"], "riddor-over-7-days")
        self.assertEqual(riddor[0]["status"], "pending")
        # 15 days after the assault (2026-04-08 09:00 London)
        self.assertEqual(riddor[0]["due_at"], "2026-04-23T08:00:00Z")

    def test_seven_days_off_is_not_reportable(self):
        self.ok("case", "edit", self.ref, "--days-off", "7")
        self.assertEqual(self.followups(self.show(self.ref), kind="riddor"), [])

    def test_specified_injury_riddor_in_10_days(self):
        self.ok("case", "edit", self.ref, "--specified-injury", "yes")
        riddor = self.followups(self.show(self.ref), kind="riddor", status="pending")
        self.assertEqual([(f["rule"], f["due_at"]) for f in riddor],
                         [("riddor-specified", "2026-04-18T08:00:00Z")])

    def test_riddor_withdrawn_then_due_again(self):
        """Days off corrected down then up again: the RIDDOR report is owed again."""
        self.ok("case", "edit", self.ref, "--days-off", "8")
        self.ok("case", "edit", self.ref, "--days-off", "2")
        c = self.show(self.ref)
        self.assertEqual(self.followups(c, kind="riddor", status="pending"), [])
        self.ok("case", "edit", self.ref, "--days-off", "10")
        pending = self.followups(self.show(self.ref), kind="riddor", status="pending")
        self.assertEqual([(f["rule"], f["due_at"]) for f in pending],
                         [("riddor-over-7-days", "2026-04-23T08:00:00Z")],
                         "a pending RIDDOR follow-up must be raised again")

    def test_riddor_moves_between_its_two_rules(self):
        self.ok("case", "edit", self.ref, "--days-off", "9")
        first = self.followups(self.show(self.ref), kind="riddor", status="pending")
        self.assertEqual([f["rule"] for f in first], ["riddor-over-7-days"])
        self.ok("case", "edit", self.ref, "--specified-injury", "yes")
        moved = self.followups(self.show(self.ref), kind="riddor", status="pending")
        self.assertEqual([(f["id"], f["rule"], f["due_at"]) for f in moved],
                         [(first[0]["id"], "riddor-specified", "2026-04-18T08:00:00Z")])

    def test_riddor_report_recorded_with_followup_done(self):
        self.ok("case", "edit", self.ref, "--days-off", "8")
        fid = self.followups(self.show(self.ref), kind="riddor")[0]["number"]
        self.ok("followup", "done", self.ref, str(fid), "--note", "Reported to the HSE",
                "--route", "online", "--hse-ref", "HSE-0001")
        self.ok("case", "edit", self.ref, "--days-off", "12")
        riddor = self.followups(self.show(self.ref), kind="riddor")
        self.assertEqual([(f["status"], f["note"]) for f in riddor],
                         [("done", "Reported to the HSE")], "reported once is enough")

    def test_a_refused_followup_field_names_the_followup_by_its_number(self):
        """A refusal about one of a follow-up's own fields starts with the follow-up, by the
        number the user typed (not the database's row id), and ends with the option."""
        self.ok("case", "edit", self.ref, "--days-off", "8")
        f = self.followups(self.show(self.ref), kind="riddor")[0]
        r = self.refused(1, "followup", "done", self.ref, str(f["number"]), "--note", "Sent")
        self.assertIn("follow-up #%d: a RIDDOR report done needs how it was made to the HSE"
                      % f["number"], r.err)
        self.assertTrue(r.err.rstrip().endswith("(--route)"), r.describe())

    def test_welfare_while_off_work(self):
        self.ok("case", "edit", self.ref, "--off-work", "yes", "--days-off", "3")
        c = self.show(self.ref)
        for f in self.followups(c, kind="welfare", status="pending"):
            self.ok("followup", "na", self.ref, str(f["number"]), "--reason", "Seen at the scene")
        off = self.followups(self.show(self.ref), rule="welfare-off-work", status="pending")
        # 28 days after the change that left no welfare follow-up pending
        self.assertEqual([f["due_at"] for f in off], ["2026-05-06T09:00:00Z"])
        self.ok("case", "edit", self.ref, "--off-work", "no")
        c = self.show(self.ref)
        self.assertEqual(self.followups(c, rule="welfare-off-work", status="pending"), [])
        self.assertEqual([f["status"] for f in self.followups(c, rule="welfare-off-work")],
                         ["not-applicable"])

    def test_a_closed_case_still_takes_welfare_updates_notes_followups(self):
        self.complete_all_steps_na(self.ref)
        self.ok("case", "close", self.ref, "--outcome", "nfa-evidential")
        self.ok("welfare", "add", self.ref, "--method", "phone", "--note", "After closing")
        self.ok("victim", "update", self.ref, "--note", "Told of the outcome and the review")
        self.ok("note", "add", self.ref, "Closed; file archived")
        c = self.show(self.ref)
        self.assertEqual(c["status"], "closed")
        self.assertEqual([f["status"] for f in self.followups(c, kind="outcome-notice")],
                         ["done"])
        self.assertEqual(self.followups(c, rule="victim-update", status="pending"), [],
                         "no new regular update once the case is closed")
        fid = self.followups(c, kind="welfare", status="pending")[0]["number"]
        self.ok("followup", "done", self.ref, str(fid))

    def test_case_new_with_days_off(self):
        ref = self.new_case("--days-off", "9", "--off-work", "yes")
        c = self.show(ref)
        self.assertIs(c["off_work"], True)
        self.assertEqual([f["rule"] for f in self.followups(c, kind="riddor")],
                         ["riddor-over-7-days"])

    def test_assign_other_roles(self):
        self.ok("case", "assign", self.ref, "welfare-officer", STATEMENT_TAKER)
        self.ok("case", "assign", self.ref, "second-line", MANAGER)
        self.ok("case", "assign", self.ref, "supervisor", INVESTIGATOR)
        roles = self.show(self.ref)["roles"]
        self.assertEqual(roles, {"investigator": None, "statement_taker": None,
                                 "welfare_officer": STATEMENT_TAKER, "supervisor": INVESTIGATOR,
                                 "second_line": MANAGER})
        self.assertEqual(self.step(self.show(self.ref), "investigator")["status"], "pending")

    def test_decision_arrest(self):
        out = self.ok("case", "decision", self.ref, "arrest", "--at", "2026-04-08 09:30")
        self.assertIn("arrest", out)
        c = self.show(self.ref)
        self.assertEqual(c["arrested_at"], "2026-04-08T08:30:00Z")
        told = self.followups(c, rule="victim-decision")
        # 5 working days: Wednesday -> next Wednesday
        self.assertEqual([(f["status"], f["due_at"]) for f in told],
                         [("pending", "2026-04-15T08:30:00Z")])
        self.assertTrue(any(t["kind"] == "decision" and t["label"] == "arrest"
                            for t in c["timeline"]))

    def test_decision_enhanced_rights_one_working_day(self):
        self.ok("case", "edit", self.ref, "--enhanced", "yes")
        self.ok("case", "decision", self.ref, "charge")
        told = self.followups(self.show(self.ref), rule="victim-decision-enhanced")
        self.assertEqual([(f["status"], f["due_at"]) for f in told],
                         [("pending", "2026-04-09T09:00:00Z")])

    def test_every_decision_kind(self):
        for kind in ("arrest", "charge", "release", "bail", "caution"):
            self.ok("case", "decision", self.ref, kind)
        labels = [t["label"] for t in self.show(self.ref)["timeline"] if t["kind"] == "decision"]
        self.assertEqual(sorted(labels), sorted(["arrest", "charge", "release", "bail",
                                                 "caution"]))

    def test_step_na(self):
        out = self.ok("step", "na", self.ref, "slt", "--reason", "Member of SLT was present")
        self.assertIn("not applicable", out)
        slt = self.step(self.show(self.ref), "slt")
        self.assertEqual(slt["status"], "not-applicable")
        self.assertEqual(slt["reason"], "Member of SLT was present")

    def test_step_done_at_an_earlier_time(self):
        self.ok("step", "done", self.ref, "slt", "--note", "Told the duty Supt",
                "--at", "2026-04-08 09:30")
        slt = self.step(self.show(self.ref), "slt")
        self.assertEqual(slt["done_at"], "2026-04-08T08:30:00Z")
        self.assertIs(slt["on_time"], True)

    def test_welfare_contacts(self):
        self.ok("welfare", "add", self.ref, "--method", "in-person", "--note", "First contact",
                "--at", "2026-04-08 09:45")
        c = self.show(self.ref)
        welfare = self.step(c, "welfare")
        self.assertEqual((welfare["status"], welfare["done_at"]), ("done", "2026-04-08T08:45:00Z"))
        # a later contact answers the earliest welfare follow-up
        self.ok("welfare", "add", self.ref, "--method", "video", "--note", "Check-in")
        c = self.show(self.ref)
        self.assertEqual(self.followups(c, rule="welfare-72h")[0]["status"], "done")
        self.assertEqual(self.followups(c, rule="welfare-28d")[0]["status"], "pending")
        texts = [t["text"] for t in c["timeline"] if t["kind"] == "welfare-contact"]
        self.assertEqual(sorted(texts), ["Check-in", "First contact"])

    def test_welfare_step_records_who_completed_it(self):
        """Every completed step records who completed it (SPEC §2), welfare included."""
        self.ok("welfare", "add", self.ref, "--method", "phone", "--note", "Called")
        welfare = self.step(self.show(self.ref), "welfare")
        self.assertEqual(welfare["status"], "done")
        self.assertTrue(welfare["done_by"], "step welfare done_by is empty: %r" % welfare)

    def test_victim_update(self):
        self.ok("victim", "update", self.ref, "--note", "Told of the investigation plan")
        c = self.show(self.ref)
        updates = self.followups(c, rule="victim-update")
        self.assertEqual(sorted(f["status"] for f in updates), ["done", "pending"])
        pending = [f for f in updates if f["status"] == "pending"][0]
        self.assertEqual(pending["due_at"], "2026-05-06T09:00:00Z")  # 28 days after the update
        self.assertTrue(any(t["kind"] == "victim-update" for t in c["timeline"]))

    def test_evidence_kinds_and_due_times(self):
        expected = {"bwv": "2026-05-09T08:00:00Z", "cctv": "2026-04-15T08:00:00Z",
                    "photos": "2026-04-10T08:00:00Z", "medical": "2026-05-06T08:00:00Z",
                    "witness": "2026-04-15T08:00:00Z", "recording": "2026-05-06T08:00:00Z",
                    "other": "2026-04-22T08:00:00Z"}
        for i, kind in enumerate(expected, 1):
            self.assertEqual(self.ok("evidence", "add", self.ref, "--kind", kind), "%d\n" % i)
        ev = self.show(self.ref)["evidence"]
        self.assertEqual({e["kind"]: e["due_at"] for e in ev}, expected)
        self.assertEqual({e["status"] for e in ev}, {"requested"})

    def test_evidence_statuses(self):
        self.ok("evidence", "add", self.ref, "--kind", "cctv", "--status", "not-available",
                "--reason", "Camera broken")
        self.ok("evidence", "add", self.ref, "--kind", "photos", "--status", "secured")
        self.ok("evidence", "add", self.ref, "--kind", "medical")
        # The first two came settled: the step was done by itself, and the third reopened it.
        self.assertEqual(self.step(self.show(self.ref), "evidence")["status"], "pending")
        out = self.ok("evidence", "update", self.ref, "3", "--status", "submitted")
        self.assertEqual(out, "%s: evidence #3 submitted\n%s: step evidence is done: every "
                         "evidence item is secured, submitted or not available\n"
                         % (self.ref, self.ref))
        ev = {e["number"]: e for e in self.show(self.ref)["evidence"]}
        self.assertEqual((ev[1]["status"], ev[1]["reason"]), ("not-available", "Camera broken"))
        self.assertEqual(ev[2]["status"], "secured")
        self.assertEqual(ev[3]["status"], "submitted")
        out = self.ok("evidence", "update", self.ref, "3", "--status", "not-available",
                      "--reason", "Lost by the hospital")
        self.assertEqual(out, "%s: evidence #3 not-available\n" % self.ref)  # nothing new
        self.assertEqual(self.show(self.ref)["evidence"][2]["reason"], "Lost by the hospital")
        self.assertEqual(self.step(self.show(self.ref), "evidence")["status"], "done")

    def test_followup_done_and_na(self):
        c = self.show(self.ref)
        ids = {f["rule"]: f["number"] for f in c["followups"]}
        out = self.ok("followup", "done", self.ref, str(ids["welfare-72h"]), "--note",
                      "TRiM check done", "--at", "2026-04-08 09:50")
        self.assertEqual(out, "%s: follow-up #%d done\n" % (self.ref, ids["welfare-72h"]))
        self.ok("followup", "na", self.ref, str(ids["welfare-28d"]), "--reason",
                "Left the force")
        fu = {f["rule"]: f for f in self.show(self.ref)["followups"]}
        self.assertEqual((fu["welfare-72h"]["status"], fu["welfare-72h"]["done_at"],
                          fu["welfare-72h"]["note"]),
                         ("done", "2026-04-08T08:50:00Z", "TRiM check done"))
        self.assertEqual((fu["welfare-28d"]["status"], fu["welfare-28d"]["reason"]),
                         ("not-applicable", "Left the force"))

    def test_items_are_numbered_per_case(self):
        """A case's first follow-up and first evidence item are #1 wherever they are shown or
        typed, however many items other cases hold; JSON keeps the database's id beside."""
        self.ok("evidence", "add", self.ref, "--kind", "cctv")
        self.ok("evidence", "add", self.ref, "--kind", "bwv")
        other = self.new_case(occurred="2026-04-07 09:00")
        self.assertEqual(self.ok("evidence", "add", other, "--kind", "photos"), "1\n")
        c = self.show(other)
        self.assertEqual([e["number"] for e in c["evidence"]], [1])
        self.assertGreater(c["evidence"][0]["id"], 1, "the database's id is not the number")
        numbers = {f["rule"]: f["number"] for f in c["followups"]}
        self.assertEqual({k: numbers[k] for k in ("welfare-72h", "welfare-28d", "victim-update")},
                         {"welfare-72h": 1, "welfare-28d": 2, "victim-update": 3})
        self.assertEqual(sorted(numbers.values()), list(range(1, len(numbers) + 1)))
        self.assertEqual(self.ok("followup", "done", other, "1"),
                         "%s: follow-up #1 done\n" % other)
        fu = {f["rule"]: f for f in self.show(other)["followups"]}
        self.assertEqual(fu["welfare-72h"]["status"], "done")
        self.assertEqual(self.show(self.ref)["followups"][0]["status"], "pending",
                         "the other case's #1 is untouched")
        self.assertEqual(self.ok("evidence", "update", other, "1", "--status", "secured")
                         .splitlines()[0], "%s: evidence #1 secured" % other)
        self.refused(1, "evidence", "update", other, "2", "--status", "secured",
                     contains="no evidence item #2")
        text = self.ok("case", "show", other)
        self.assertRegex(text, r"(?m)^  #1 +photos ")
        self.assertRegex(text, r"(?m)^  #2 +welfare ")
        md = self.ok("case", "show", other, "--format", "md")
        self.assertRegex(md, r"(?m)^\| 1 \| photos ")
        items = [r["item"] for r in self.reminders(now="2026-05-20 10:00")[1]
                 if r["reference"] == other]
        self.assertIn("follow-up welfare-28d #2", items)
        self.assertIn("follow-up victim-update #3", items)

    def test_note_add(self):
        out = self.ok("note", "add", self.ref, "Suspect identified from BWV.\nSecond line.")
        self.assertEqual(out, "%s: note added\n" % self.ref)
        notes = [t for t in self.show(self.ref)["timeline"] if t["kind"] == "note"]
        self.assertEqual([(n["text"], n["at"]) for n in notes],
                         [("Suspect identified from BWV.\nSecond line.", NOW_UTC)])

    def test_note_starting_with_a_dash(self):
        self.ok("note", "add", self.ref, "--", "--not an option")
        self.ok("note", "add", self.ref, "-5 degrees outside")
        texts = [t["text"] for t in self.show(self.ref)["timeline"] if t["kind"] == "note"]
        self.assertEqual(sorted(texts), ["--not an option", "-5 degrees outside"])

    def test_close_with_every_outcome(self):
        for outcome in ("charged", "summonsed", "cautioned", "community-resolution",
                        "nfa-evidential", "nfa-public-interest", "nfa-victim", "not-identified"):
            with self.subTest(outcome=outcome):
                ref = self.new_case()
                self.complete_all_steps_na(ref)
                self.ok("case", "close", ref, "--outcome", outcome)
                c = self.show(ref)
                self.assertEqual((c["status"], c["outcome"]), ("closed", outcome))


class TestReminders(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.cached_db(self.staff_and_a_case)

    def test_nothing_overdue_exit_0(self):
        rc, rows = self.reminders()
        self.assertEqual(rc, 0)
        # Reported at 10:00 BST: the inspector is told by 22:00 today (12 hours), the senior
        # leader informed with the 24-hour steps (follow-ups #4 and #6).
        self.assertEqual([(r["item"], r["state"]) for r in rows],
                         [("follow-up inspector-told #4", "due-today"),
                          ("follow-up senior-leader #6", "due-soon"),
                          ("step crime", "due-soon"), ("step investigator", "due-soon"),
                          ("step slt", "due-soon"), ("step welfare", "due-soon")])
        for r in rows:
            self.assertLessEqual({"reference", "item", "due_at", "state"}, set(r))
            self.assertEqual(r["reference"], self.ref)
            self.assertEqual(r["due_at"], "2026-04-08T21:00:00Z" if r is rows[0]
                             else "2026-04-09T09:00:00Z")
        out = self.ok("remind")
        self.assertIn("0 overdue", out)

    def test_overdue_exit_1_most_overdue_first(self):
        later = "2026-04-10 10:00"
        rc, rows = self.reminders(now=later)
        self.assertEqual(rc, 1)
        # The welfare officer is appointed within 48 hours: 10:00 today, due now, not overdue.
        self.assertEqual([(r["item"], r["state"]) for r in rows], [
            ("follow-up inspector-told #4", "overdue"), ("follow-up senior-leader #6", "overdue"),
            ("step crime", "overdue"), ("step investigator", "overdue"),
            ("step slt", "overdue"), ("step welfare", "overdue"),
            ("follow-up welfare-officer #5", "due-today"), ("step victim-code", "due-today"),
            ("follow-up welfare-72h #%d" % self.followups(self.show(self.ref),
                                                          rule="welfare-72h")[0]["number"],
             "due-soon")])
        dues = [r["due_at"] for r in rows]
        self.assertEqual(dues, sorted(dues))
        r = self.run_ophamp("remind", now=later)
        self.assertEqual(r.rc, 1, r.describe())
        self.assertEqual(r.err, "")
        self.assertIn("6 overdue", r.out)
        self.assertIn("2 due today", r.out)
        self.assertIn("1 due soon", r.out)
        self.assertTrue(r.out.splitlines()[0].startswith("overdue"), r.out)

    def test_states_across_cases(self):
        older = self.new_case("--reported", "2026-04-01 09:30", occurred="2026-04-01 09:00")
        rc, rows = self.reminders(now="2026-04-09 11:00")
        self.assertEqual(rc, 1)
        order = {"overdue": 0, "due-today": 1, "due-soon": 2}
        ranks = [order[r["state"]] for r in rows]
        self.assertEqual(ranks, sorted(ranks))
        self.assertEqual(rows[0]["reference"], older)
        self.assertEqual(rows[0]["state"], "overdue")
        for r in rows:
            self.assertRegex(r["due_at"], ISO_Z)
            if r["state"] == "overdue":
                self.assertLess(r["due_at"], "2026-04-09T10:00:00Z")

    def test_done_items_leave_the_reminders(self):
        self.ok("step", "na", self.ref, "slt", "--reason", "Inspector was present")
        rc, rows = self.reminders()
        self.assertNotIn("step slt", [r["item"] for r in rows])

    def test_within(self):
        rc, rows = self.reminders("--within", "0")
        self.assertEqual((rc, [r["item"] for r in rows]), (0, ["follow-up inspector-told #4"]))
        self.ok("followup", "done", self.ref, "4")  # the inspector is told: nothing due today
        rc, rows = self.reminders("--within", "0")
        self.assertEqual((rc, rows), (0, []))
        self.assertEqual(self.ok("remind", "--within", "0"), "Nothing due within 0 hours.\n")
        rc, rows = self.reminders("--within", "72")
        items = [r["item"] for r in rows]
        self.assertIn("step victim-code", items)
        self.assertEqual(rc, 0)

    def test_empty_database(self):
        os.remove(self.db)
        self._named.clear()
        self.add_person("Only Person", "9")
        rc, rows = self.reminders()
        self.assertEqual((rc, rows), (0, []))

    def test_a_missing_database_is_an_error_not_an_all_clear(self):
        # A typo in --db must not read as "nothing overdue" in a cron job (exit 3, a database
        # error, as for every command), and reading creates nothing.
        os.remove(self.db)
        missing = os.path.join(self.tmp, "typo", "ophamp.db")
        for db in (self.db, missing):
            r = self.run_ophamp("remind", db=db)
            self.assertEqual(r.rc, 3, r.describe())
            self.assertIn("no database at", r.err)
            r = self.run_ophamp("case", "list", db=db)
            self.assertEqual(r.rc, 3, r.describe())
            self.assertIn("no database at", r.err)
            self.assertFalse(os.path.exists(db))
        self.assertFalse(os.path.exists(os.path.dirname(missing)))


class TestEvidenceAndWelfareRules(OphampTestCase):
    """Best evidence means every item; a welfare follow-up is a later contact."""

    def setUp(self):
        super().setUp()
        self.ref = self.cached_db(self.staff_and_a_case)

    def test_step_evidence_with_no_item_needs_a_reason_in_the_note(self):
        self.refused(1, "step", "done", self.ref, "evidence", contains="no evidence item")
        self.ok("step", "done", self.ref, "evidence", "--note", "nothing recorded the assault")
        self.assertEqual(self.step(self.show(self.ref), "evidence")["status"], "done")

    def test_a_new_item_reopens_the_step_and_blocks_closing_until_secured(self):
        self.ok("step", "done", self.ref, "evidence", "--note", "none known at first")
        item = self.ok("evidence", "add", self.ref, "--kind", "cctv").strip()
        self.assertEqual(self.step(self.show(self.ref), "evidence")["status"], "pending")
        for code in STEP_CODES:
            if code != "evidence":
                self.ok("step", "na", self.ref, code, "--reason", "test")
        self.ok("step", "na", self.ref, "evidence", "--reason", "test")
        self.refused(1, "case", "close", self.ref, "--outcome", "charged",
                     contains="still requested")
        self.ok("evidence", "update", self.ref, item, "--status", "secured")
        self.ok("case", "close", self.ref, "--outcome", "charged")
        self.assertEqual(self.show(self.ref)["status"], "closed")

    def test_a_contact_before_the_first_does_not_answer_the_72_hour_check(self):
        self.ok("welfare", "add", self.ref, "--method", "phone", "--note", "first")
        self.ok("welfare", "add", self.ref, "--method", "phone", "--note", "same minute")
        self.ok("welfare", "add", self.ref, "--method", "phone", "--note", "earlier",
                "--at", "2026-04-08 09:30")
        check = self.followups(self.show(self.ref), rule="welfare-72h")[0]
        self.assertEqual(check["status"], "pending")
        self.ok("welfare", "add", self.ref, "--method", "in-person", "--note", "trauma check",
                now="2026-04-11 10:00")
        check = self.followups(self.show(self.ref, now="2026-04-11 10:00"),
                               rule="welfare-72h")[0]
        self.assertEqual(check["status"], "done")


class TestRules(OphampTestCase):

    def test_rule_list(self):
        self.add_staff()
        rules = json.loads(self.ok("rule", "list", "--format", "json"))
        by_key = {r["key"]: r for r in rules}
        for code in STEP_CODES:
            self.assertIn(code, by_key)
        self.assertEqual({k: by_key["crime"][k] for k in ("amount", "unit", "base")},
                         {"amount": 24, "unit": "hours", "base": "reported"})
        self.assertEqual((by_key["victim-code"]["amount"], by_key["victim-code"]["unit"]),
                         (2, "working-days"))
        self.assertEqual((by_key["iod"]["amount"], by_key["iod"]["unit"]), (7, "days"))
        self.assertEqual((by_key["riddor-over-7-days"]["amount"],
                          by_key["riddor-over-7-days"]["base"]), (15, "occurred"))
        table = self.ok("rule", "list")
        self.assertEqual(len(table.splitlines()), len(rules))
        self.assertIn("crime", table)

    def test_rule_set_moves_due_times_of_open_cases(self):
        self.add_staff()
        ref = self.new_case()
        closed = self.new_case()
        self.complete_all_steps_na(closed)
        self.ok("case", "close", closed, "--outcome", "nfa-victim")
        before_closed = self.show(closed)
        out = self.ok("rule", "set", "crime", "--amount", "12", "--unit", "hours")
        self.assertIn("crime: 12 hours", out)
        self.assertEqual(self.step(self.show(ref), "crime")["due_at"], "2026-04-08T21:00:00Z")
        self.assertEqual(self.show(closed), before_closed)
        rules = {r["key"]: r for r in json.loads(self.ok("rule", "list", "--format", "json"))}
        self.assertEqual((rules["crime"]["amount"], rules["crime"]["unit"]), (12, "hours"))
        # base occurred: 12 hours after 08:00Z
        self.ok("rule", "set", "crime", "--base", "occurred")
        self.assertEqual(self.step(self.show(ref), "crime")["due_at"], "2026-04-08T20:00:00Z")
        # a new case follows the new rule too
        ref2 = self.new_case()
        self.assertEqual(self.step(self.show(ref2), "crime")["due_at"], "2026-04-08T20:00:00Z")

    def test_rule_set_working_days(self):
        self.add_staff()
        ref = self.new_case()
        self.ok("rule", "set", "victim-code", "--amount", "3")
        self.assertEqual(self.step(self.show(ref), "victim-code")["due_at"],
                         "2026-04-13T09:00:00Z")  # Wed + 3 working days = Mon

    def test_rule_set_done_steps_keep_their_due_time(self):
        self.add_staff()
        ref = self.new_case()
        self.ok("step", "na", ref, "slt", "--reason", "Present at the scene")
        self.ok("rule", "set", "slt", "--amount", "1")
        self.assertEqual(self.step(self.show(ref), "slt")["due_at"], "2026-04-09T09:00:00Z")


class TestHolidays(OphampTestCase):

    def test_list_shows_the_built_in_changes(self):
        self.add_staff()
        out = self.ok("holiday", "list")
        self.assertIn("2022-09-19", out)
        self.assertIn("2023-05-08", out)

    def test_add_and_reset_move_working_day_due_times(self):
        self.add_staff()
        ref = self.new_case()
        self.assertEqual(self.step(self.show(ref), "victim-code")["due_at"],
                         "2026-04-10T09:00:00Z")
        out = self.ok("holiday", "add", "2026-04-09", "--note", "Extra holiday")
        self.assertIn("2026-04-09", out)
        self.assertEqual(self.step(self.show(ref), "victim-code")["due_at"],
                         "2026-04-13T09:00:00Z")
        listed = [l for l in self.ok("holiday", "list").splitlines() if "2026-04-09" in l]
        self.assertEqual(len(listed), 1)
        self.assertIn("added", listed[0])
        self.assertIn("Extra holiday", listed[0])
        self.ok("holiday", "reset", "2026-04-09")
        self.assertEqual(self.step(self.show(ref), "victim-code")["due_at"],
                         "2026-04-10T09:00:00Z")
        self.assertNotIn("2026-04-09", self.ok("holiday", "list"))

    def test_cancel_a_regular_bank_holiday(self):
        self.add_staff()
        # Thursday 2 April 2026: Good Friday (3rd) and Easter Monday (6th) are not working days
        ref = self.new_case("--reported", "2026-04-02 09:30", occurred="2026-04-02 09:00")
        self.assertEqual(self.step(self.show(ref), "victim-code")["due_at"],
                         "2026-04-08T08:30:00Z")
        self.ok("holiday", "cancel", "2026-04-06", "--note", "Moved")
        self.assertEqual(self.step(self.show(ref), "victim-code")["due_at"],
                         "2026-04-07T08:30:00Z")
        listed = [l for l in self.ok("holiday", "list").splitlines() if "2026-04-06" in l]
        self.assertEqual(len(listed), 1)
        self.assertIn("moved", listed[0])
        self.ok("holiday", "reset", "2026-04-06")
        self.assertEqual(self.step(self.show(ref), "victim-code")["due_at"],
                         "2026-04-08T08:30:00Z")


class TestDemo(OphampTestCase):

    def rows(self, db):
        return self.list_cases("--all", db=db)

    def test_demo_50_cases_seed_1(self):
        out = self.ok("demo", "--cases", "50", "--seed", "1")
        self.assertEqual(out, "50 demo cases added\n")
        rows = self.rows(self.db)
        self.assertEqual(len(rows), 50)
        self.assertEqual(len({r["reference"] for r in rows}), 50)
        self.assertEqual(len({r["uuid"] for r in rows}), 50)
        statuses = {r["status"] for r in rows}
        self.assertLessEqual(statuses, {"open", "closed"})
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            n_people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
        finally:
            conn.close()
        self.assertGreater(n_people, 1)
        for row in rows:
            c = self.show(row["reference"])
            self.check_case(c)
        rc, rem = self.reminders()
        self.assertEqual(rc, 1 if any(r["state"] == "overdue" for r in rem) else 0)

    def check_case(self, c):
        ref = c["reference"]
        self.assertRegex(ref, REF_RE)
        for path, value in all_times(c):
            if value is not None:
                self.assertRegex(value, ISO_Z, "%s %s" % (ref, path))
        self.assertLessEqual(c["occurred_at"], c["reported_at"], ref)
        self.assertLessEqual(c["reported_at"], NOW_UTC, ref)
        self.assertNotIn(c["victim"]["number"],
                         (c["roles"]["investigator"], c["roles"]["statement_taker"]), ref)
        self.assertEqual([s["code"] for s in c["steps"]], STEP_CODES, ref)
        for s in c["steps"]:
            if s["status"] == "not-applicable":
                self.assertTrue(s["reason"], ref)
        if c["status"] == "closed":
            self.assertIsNotNone(c["outcome"], ref)
            self.assertEqual([s["code"] for s in c["steps"] if s["status"] == "pending"], [],
                             ref)

    def test_demo_is_repeatable_with_a_seed(self):
        other = os.path.join(self.tmp, "other.db")
        self.ok("demo", "--cases", "50", "--seed", "1")
        self.ok("demo", "--cases", "50", "--seed", "1", db=other)
        keep = ("reference", "status", "victim_name", "occurred_at", "next_due_at")
        a = [{k: r[k] for k in keep} for r in self.rows(self.db)]
        b = [{k: r[k] for k in keep} for r in self.rows(other)]
        self.assertEqual(a, b)

    def demo_setting(self):
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'demo_cases'").fetchone()
        finally:
            conn.close()
        return row and row[0]

    def test_demo_refuses_a_database_with_real_cases_unless_told(self):
        self.add_staff()
        ref = self.new_case()
        self.refused(1, "demo", "--cases", "5", "--seed", "7",
                     contains=("1 real case", "--into-real-database"))
        self.assertEqual([r["reference"] for r in self.rows(self.db)], [ref])
        self.ok("demo", "--cases", "5", "--seed", "7", "--into-real-database")
        refs = [r["reference"] for r in self.rows(self.db)]
        self.assertEqual(len(refs), 6)
        self.assertIn(ref, refs)
        self.assertEqual(self.show(ref)["victim"]["name"], "Alice Victim")
        self.assertEqual(self.demo_setting(), "5", "the demo counts the cases it made")
        # Still one real case among them: refused again without the option.
        self.refused(1, "demo", "--cases", "2", contains="1 real case")

    def test_demo_adds_to_a_demo_database(self):
        self.ok("demo", "--cases", "5", "--seed", "7")
        self.assertEqual(self.demo_setting(), "5")
        self.ok("demo", "--cases", "3", "--seed", "8")
        self.assertEqual(len(self.rows(self.db)), 8)
        self.assertEqual(self.demo_setting(), "8")
        # A real case logged into it afterwards makes it a database with real cases.
        self.add_staff()
        self.new_case()
        self.refused(1, "demo", "--cases", "1", contains="1 real case")


if __name__ == "__main__":
    unittest.main()
