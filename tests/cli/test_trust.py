"""A record a scrutiny panel can trust: every action signed by the person the user named,
the log of actions (ophamp log), and a check that proves the data from its log.

Each attack is made the way an independent reviewer would make it, with a plain sqlite3
connection on a copy of a real database, and check must exit 1 naming the change."""

import csv
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    INVESTIGATOR, MANAGER, REPO, STAFF, STATEMENT_TAKER, SUPERVISOR, VICTIM, OphampTestCase,
    db_dump, file_bytes)

SOUND = "database sound: "
SIGNER = "Sergeant Bob Sergeant (%s)" % SUPERVISOR
FIXTURES = os.path.join(REPO, "tests", "fixtures")


def log_hash(*fields):
    """The log's hash as docs/ARCHITECTURE.md describes it: SHA-256 over every field, each
    written as its length in UTF-8 bytes, ':' and its bytes; NULL as 'N;'."""
    h = hashlib.sha256()
    for f in fields:
        if f is None:
            h.update(b"N;")
        else:
            b = str(f).encode("utf-8")
            h.update(b"%d:" % len(b) + b)
    return h


def action_hash(conn, a):
    """An action's hash, from its row of log_actions (a dict) and its changes."""
    h = log_hash(a["prev_hash"], a["id"], a["at"], a["actor_id"], a["actor"], a["os_user"],
                 a["what"], a["case_id"], a["first_change"], a["last_change"])
    for row in conn.execute("SELECT id, action_id, tbl, row_key, op, old_values, new_values "
                            "FROM log_changes WHERE id BETWEEN ? AND ? ORDER BY id",
                            (a["first_change"], a["last_change"])):
        for f in row:
            if f is None:
                h.update(b"N;")
            else:
                b = str(f).encode("utf-8")
                h.update(b"%d:" % len(b) + b)
    return h.hexdigest()


def actions(conn):
    cols = ["id", "at", "actor_id", "actor", "os_user", "what", "case_id", "first_change",
            "last_change", "prev_hash", "hash"]
    return [dict(zip(cols, r)) for r in conn.execute(
        "SELECT %s FROM log_actions ORDER BY id" % ", ".join(cols))]


def trigger_sql(conn, name):
    row = conn.execute("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?",
                       (name,)).fetchone()
    return row[0] if row else None


class TrustCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.cached_db(self.make_db)

    def make_db(self):
        self.name_user(SUPERVISOR, "Bob Sergeant", "--rank", "Sergeant", "--team", "Response A")
        for name, number, extra in STAFF:
            if number != SUPERVISOR:
                self.add_person(name, number, *extra)

    def check(self, *flags, db=None, want=0):
        """Runs check; returns its output lines (the sound line, or the problems)."""
        r = self.run_ophamp("check", *flags, db=db or self.db)
        if want == 0:
            self.assertEqual((r.rc, r.err), (0, ""), r.describe())
            self.assertEqual(len(r.out.splitlines()), 1, r.describe())
            self.assertTrue(r.out.startswith(SOUND), r.describe())
        else:
            self.assert_error_line(r, want, "not sound")
        return r.out.splitlines()

    def head(self, db=None):
        """The log's head, as check prints it: (action number, hash)."""
        line = self.check(db=db)[0]
        m = re.search(r"audit head (\d+):([0-9a-f]{64})", line)
        self.assertIsNotNone(m, line)
        return int(m.group(1)), m.group(2)

    def sql(self, *statements, db=None, params=()):
        """Statements run from outside the program (the sqlite3 module), foreign keys off."""
        conn = sqlite3.connect(db or self.db, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = OFF")
            out = None
            for s in statements:
                out = conn.execute(s, params if s is statements[-1] else ()).fetchall()
            return out
        finally:
            conn.close()

    def every_kind_of_action(self):
        """A case taken through every command that writes; returns its reference."""
        ref = self.new_case("--injury", "minor", "--days-off", "9", "--off-work", "yes")
        self.ok("case", "edit", ref, "--location", "Market Square", "--mechanism", "spit")
        self.ok("case", "assign", ref, "investigator", INVESTIGATOR)
        self.ok("case", "assign", ref, "statement-taker", STATEMENT_TAKER)
        self.ok("case", "assign", ref, "second-line", MANAGER)
        self.ok("step", "done", ref, "crime", "--crime-ref", "CR/1/26", "--note", "recorded")
        self.ok("step", "na", ref, "slt", "--reason", "told the duty inspector instead")
        self.ok("welfare", "add", ref, "--method", "phone", "--note", "Spoke to Alice")
        self.ok("victim", "update", ref, "--note", "Told of the investigation")
        self.ok("case", "decision", ref, "arrest")
        self.ok("note", "add", ref, "Statement booked")
        self.ok("evidence", "add", ref, "--kind", "bwv")
        ev = self.show(ref)["evidence"][0]["id"]
        self.ok("evidence", "update", ref, str(ev), "--status", "secured")
        fu = [f for f in self.show(ref)["followups"] if f["status"] == "pending"][0]["id"]
        self.ok("followup", "na", ref, str(fu), "--reason", "covered by the phone call")
        self.ok("rule", "set", "welfare-72h", "--amount", "48")
        self.ok("holiday", "add", "2026-12-29", "--note", "One-off")
        self.ok("person", "add", "--name", "Fay Added", "--number", "5001")
        return ref


class TestWhoami(TrustCase):

    def setUp(self):
        OphampTestCase.setUp(self)  # a new database: nobody named

    def test_writes_are_refused_until_someone_is_named_and_reads_still_work(self):
        # A database where nobody is named: one written by an earlier version.
        shutil.copy(os.path.join(FIXTURES, "schema-3.db"), self.db)
        self.run_ophamp("remind")  # opening it upgrades it: the program's own action
        for argv in (["person", "add", "--name", "Bob Sergeant", "--number", SUPERVISOR],
                     ["holiday", "add", "2026-12-29"],
                     ["rule", "set", "crime", "--amount", "12"]):
            with self.subTest(argv=argv):
                r = self.refused(1, *argv, contains=("nobody is named", "ophamp whoami"))
                self.assertEqual(r.out, "")
        for argv, rc in ((["person", "list"], 0), (["case", "list"], 0), (["remind"], 1),
                         (["rule", "list"], 0), (["log"], 0), (["check"], 0)):
            with self.subTest(argv=argv):
                r = self.run_ophamp(*argv)
                self.assertEqual((r.rc, r.err), (rc, ""), r.describe())
        self.fails(1, "whoami", contains="nobody is named")

    def test_whoami_names_an_existing_person_or_adds_one(self):
        self.refused(1, "whoami", SUPERVISOR, contains=("no person with staff number", "--name"))
        self.assertEqual(self.ok("whoami", SUPERVISOR, "--name", "Bob Sergeant", "--rank",
                                 "Sergeant"), SIGNER + "\n")
        self.assertEqual(self.ok("whoami"), SIGNER + "\n")
        self.refused(1, "whoami", SUPERVISOR, "--name", "Someone Else",
                     contains="is Bob Sergeant, not Someone Else")
        self.ok("person", "add", "--name", "Erin Manager", "--number", MANAGER)
        before = db_dump(self.db)
        self.assertEqual(self.ok("whoami", SUPERVISOR), SIGNER + "\n")
        self.assertEqual(db_dump(self.db), before, "naming who is already named writes nothing")
        self.assertEqual(self.ok("whoami", MANAGER), "Erin Manager (%s)\n" % MANAGER)
        self.ok("note", "add", self.new_case(victim=SUPERVISOR, supervisor=MANAGER), "Hello")
        log = json.loads(self.ok("log", "--format", "json"))
        self.assertEqual([(a["what"], a["actor"]) for a in log], [
            ("note add", "Erin Manager (%s)" % MANAGER),
            ("case new", "Erin Manager (%s)" % MANAGER),
            ("whoami", "Erin Manager (%s)" % MANAGER),
            ("person add %s" % MANAGER, SIGNER),
            ("whoami", SIGNER),
            ("create the database (schema 4)", "ophamp 0.1.0")])
        self.assertTrue(all(a["os_user"] for a in log))

    def test_demo_names_its_own_sergeant_in_a_new_database(self):
        self.ok("demo", "--cases", "5", "--seed", "3")
        who = self.ok("whoami").strip()
        self.assertRegex(who, r"^PS .+ \(\w+\)$")
        log = json.loads(self.ok("log", "--format", "json"))
        self.assertEqual({a["actor"] for a in log[:-1]}, {who})
        self.check_sound()

    def check_sound(self):
        r = self.run_ophamp("check")
        self.assertEqual(r.rc, 0, r.describe())


class TestSigned(TrustCase):

    def test_every_action_is_signed_and_shown_as_such(self):
        ref = self.every_kind_of_action()
        case = self.show(ref)
        self.assertEqual(self.step(case, "crime")["done_by"], SIGNER)
        self.assertEqual(self.step(case, "slt")["done_by"], SIGNER)
        log = json.loads(self.ok("log", ref, "--format", "json"))
        self.assertEqual({a["actor"] for a in log}, {SIGNER})
        self.assertEqual({a["case"] for a in log}, {ref})
        self.assertEqual(log[-1]["what"], "case new")
        self.assertIn("step done crime", [a["what"] for a in log])
        # Newest first, numbered as the log is.
        self.assertEqual([a["id"] for a in log], sorted((a["id"] for a in log), reverse=True))

    def test_log_text_and_changes(self):
        ref = self.new_case()
        self.ok("case", "edit", ref, "--location", "Market Square")
        out = self.ok("log", ref, "--changes", "--limit", "1")
        lines = out.splitlines()
        self.assertRegex(lines[0], r"^\d+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  %s  %s  case edit$"
                         % (re.escape(SIGNER), ref))
        self.assertIn("    update cases 1: location 'High Street' → 'Market Square'", lines)
        data = json.loads(self.ok("log", ref, "--changes", "--limit", "1", "--format",
                                  "json"))
        change = [c for c in data[0]["changes"] if c["table"] == "cases"][0]
        self.assertEqual((change["op"], change["old"]["location"], change["new"]["location"]),
                         ("update", "High Street", "Market Square"))
        self.assertEqual(len(data[0]["hash"]), 64)
        self.refused(1, "log", "OPH-2026-09999", contains="no case OPH-2026-09999")
        self.refused(2, "log", "--limit", "0", contains="--limit")


class TestCheckProvesTheData(TrustCase):
    """Each attack on a copy of a real database (every kind of action on it)."""

    def setUp(self):
        super().setUp()
        self.ref = self.every_kind_of_action()
        self.check()

    def test_the_hash_is_the_documented_one(self):
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            prev = ""
            for a in actions(conn):
                self.assertEqual(a["prev_hash"], prev, a)
                self.assertEqual(action_hash(conn, a), a["hash"], a)
                prev = a["hash"]
        finally:
            conn.close()

    def test_a_dropped_trigger_is_found_and_nothing_is_saved_past_it(self):
        self.sql("DROP TRIGGER cases_audit_update")
        self.refused(3, "case", "edit", self.ref, "--location", "Elsewhere",
                     contains=("trigger cases_audit_update is missing", "nothing was saved"))
        self.assertEqual(self.check(want=1), [
            "schema: trigger cases_audit_update is missing (the program creates it)"])

    def test_a_muted_log_is_found(self):
        self.sql("CREATE TRIGGER zz BEFORE INSERT ON log_changes "
                 "BEGIN SELECT RAISE(IGNORE); END")
        self.refused(3, "note", "add", self.ref, "Unlogged?", contains="trigger zz was added")
        self.assertEqual(self.check(want=1), [
            "schema: trigger zz was added (the program does not create it)"])

    def test_an_edit_made_with_the_trigger_away_is_named_by_table_key_and_column(self):
        conn = sqlite3.connect(self.db, isolation_level=None)
        saved = trigger_sql(conn, "cases_audit_update")
        conn.execute("DROP TRIGGER cases_audit_update")
        conn.execute("UPDATE cases SET location = 'Nowhere', injury = 'none' WHERE id = 1")
        conn.execute(saved)
        conn.close()
        self.assertEqual(self.check(want=1), [
            "data: cases 1 differs from the log (last logged by change %d), column location: "
            "the log says 'Market Square', the table holds 'Nowhere'" % self.last_change("cases"),
            "data: cases 1 differs from the log (last logged by change %d), column injury: "
            "the log says 'minor', the table holds 'none'" % self.last_change("cases")])
        # And an edit through the program afterwards shows where the log lost the thread.
        self.ok("note", "add", self.ref, "Later")
        self.ok("case", "edit", self.ref, "--summary", "Later still")
        lines = self.check(want=1)
        self.assertEqual(len(lines), 2, lines)
        self.assertTrue(all(re.match(r"^data: cases 1 was changed outside ophamp before change "
                                     r"\d+ .*column (location|injury): logged '(Market Square|"
                                     r"minor)', then found '(Nowhere|none)'$", line)
                            for line in lines), lines)

    def last_change(self, table, key="1"):
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return conn.execute("SELECT max(id) FROM log_changes WHERE tbl = ? AND row_key = ?",
                                (table, key)).fetchone()[0]
        finally:
            conn.close()

    def cut_last_action(self, keep_data):
        """Removes the last action and its changes from the log, the way the log's own
        triggers allow: dropped, rows deleted, made again from their own SQL. With keep_data
        false its changes to the tables are undone too (a clean cut)."""
        conn = sqlite3.connect(self.db, isolation_level=None)
        try:
            a = actions(conn)[-1]
            changes = conn.execute("SELECT tbl, row_key, op, old_values FROM log_changes "
                                   "WHERE id BETWEEN ? AND ?",
                                   (a["first_change"], a["last_change"])).fetchall()
            saved = [trigger_sql(conn, n) for n in ("log_actions_no_delete",
                                                    "log_changes_no_delete")]
            conn.execute("DROP TRIGGER log_actions_no_delete")
            conn.execute("DROP TRIGGER log_changes_no_delete")
            conn.execute("DELETE FROM log_actions WHERE id = ?", (a["id"],))
            conn.execute("DELETE FROM log_changes WHERE id >= ?", (a["first_change"],))
            for s in saved:
                conn.execute(s)
            if not keep_data:
                for tbl, key, op, old in changes:
                    audit = [trigger_sql(conn, "%s_audit_%s" % (tbl, o))
                             for o in ("insert", "update", "delete")]
                    for o in ("insert", "update", "delete"):
                        conn.execute("DROP TRIGGER %s_audit_%s" % (tbl, o))
                    self.assertEqual(op, "insert", "the cut action only inserted rows")
                    conn.execute("DELETE FROM %s WHERE id = ?" % tbl, (int(key),))
                    for s in audit:
                        conn.execute(s)
            return a
        finally:
            conn.close()

    def test_a_log_cut_back_is_found(self):
        self.ok("note", "add", self.ref, "The last word")
        a = self.cut_last_action(keep_data=True)
        lines = self.check(want=1)
        self.assertIn("data: notes 2 is not in the log (added outside ophamp)", lines)
        self.assertIn("head %d:%s… (kept outside the database): the log has no action %d (it "
                      "ends at %d): it was cut back or rewritten since"
                      % (a["id"], a["hash"][:16], a["id"], a["id"] - 1), lines)

    def test_a_clean_cut_is_found_by_the_head_kept_outside_and_not_wiped_by_a_write(self):
        self.ok("note", "add", self.ref, "The last word")
        a = self.cut_last_action(keep_data=False)
        want = ("head %d:%s… (kept outside the database): the log has no action %d (it ends at "
                "%d): it was cut back or rewritten since" % (a["id"], a["hash"][:16], a["id"],
                                                             a["id"] - 1))
        self.assertEqual(self.check(want=1), [want])
        # Writing through the program afterwards does not wipe the trace.
        self.ok("note", "add", self.ref, "Business as usual")
        lines = self.check(want=1)
        self.assertEqual(len(lines), 1, lines)
        self.assertRegex(lines[0], r"^head %d:%s… was in the log until \d{4}-.*Z and is no "
                                   r"longer: the log was cut back or rewritten"
                         % (a["id"], a["hash"][:16]))

    def test_a_case_deleted_with_everything_it_holds_is_found(self):
        ref2 = self.new_case(location="Second case")
        first = self.first_change_of(ref2)
        conn = sqlite3.connect(self.db, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = OFF")
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND (name LIKE '%audit%' "
            "OR name = 'cases_no_delete')")]
        saved = [trigger_sql(conn, n) for n in names]
        for n in names:
            conn.execute("DROP TRIGGER " + n)
        case_id = conn.execute("SELECT id FROM cases WHERE reference = ?", (ref2,)).fetchone()[0]
        for t in ("steps", "followups", "evidence_items", "welfare_contacts", "victim_updates",
                  "decisions", "notes", "report_done"):
            conn.execute("DELETE FROM %s WHERE case_id = ?" % t, (case_id,))
        conn.execute("DELETE FROM case_search WHERE rowid = (SELECT occurred_at * 67108864 + id "
                     "FROM cases WHERE id = ?)", (case_id,))
        conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
        for s in saved:
            conn.execute(s)
        conn.close()
        lines = self.check(want=1)
        self.assertIn("data: cases %d is missing from the table (the log has it, last from "
                      "change %d): deleted outside ophamp"
                      % (case_id, first), lines)
        self.assertEqual(sum("steps" in line and "missing from the table" in line
                             for line in lines), 7, lines)

    def first_change_of(self, ref):
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return conn.execute("SELECT min(c.id) FROM log_changes c JOIN log_actions a "
                                "ON c.action_id = a.id JOIN cases k ON k.id = a.case_id WHERE "
                                "k.reference = ? AND c.tbl = 'cases'", (ref,)).fetchone()[0]
        except sqlite3.Error:
            return None
        finally:
            conn.close()

    def figures(self):
        """The report's figures (its JSON without the log's head, which any action moves)."""
        r = json.loads(self.ok("report", "--from", "2026-01-01", "--format", "json"))
        r.pop("audit_head")
        return r

    def test_the_report_summary_edited_is_found_and_repaired_as_a_logged_action(self):
        before = self.figures()
        self.sql("UPDATE report_done SET slt = 2 * 1775638800")
        self.assertNotEqual(self.figures(), before, "the edit changes the report")
        self.assertEqual(self.check(want=1), [
            "derived: report_done for case %s, column slt: holds %d, but its steps and "
            "follow-ups give -1" % (self.ref, 2 * 1775638800)])
        out = self.ok("check", "--repair")
        self.assertTrue(out.startswith("derived tables rebuilt"), out)
        self.assertIn(SOUND, out)
        self.assertEqual(self.figures(), before)
        last = json.loads(self.ok("log", "--limit", "1", "--format", "json"))[0]
        self.assertEqual((last["what"], last["actor"]), ("check --repair", SIGNER))

    def test_a_case_taken_out_of_the_search_index_is_found_and_put_back(self):
        self.assertEqual(len(self.list_cases("--search", "Market")), 1)
        self.sql("DELETE FROM case_search")
        self.assertEqual(self.list_cases("--search", "Market"), [])
        self.assertEqual(self.check(want=1), [
            "derived: case %s is missing from the search index (no search finds it)" % self.ref,
            "derived: the search index holds 0 rows for 1 cases"])
        self.ok("check", "--repair")
        self.assertEqual(len(self.list_cases("--search", "Market")), 1)
        self.check()

    def test_a_history_rewritten_in_full_is_caught_by_a_published_head(self):
        """Someone holding every file rewrites a note, the log's record of it and every hash
        after it, and removes the head file: the file alone then checks sound, but a head
        published before (in a report handed over) no longer matches."""
        published = self.head()
        conn = sqlite3.connect(self.db, isolation_level=None)
        try:
            note = conn.execute("SELECT id FROM log_changes WHERE tbl = 'notes'").fetchone()[0]
            names = ("log_changes_no_update", "log_actions_no_update", "notes_audit_update")
            saved = [trigger_sql(conn, t) for t in names]
            for t in names:
                conn.execute("DROP TRIGGER " + t)
            conn.execute("UPDATE log_changes SET new_values = json_set(new_values, '$.text', "
                         "'Rewritten') WHERE id = ?", (note,))
            conn.execute("UPDATE notes SET text = 'Rewritten'")
            prev = ""
            for a in actions(conn):
                a["prev_hash"] = prev
                a["hash"] = action_hash(conn, a)
                conn.execute("UPDATE log_actions SET prev_hash = ?, hash = ? WHERE id = ?",
                             (a["prev_hash"], a["hash"], a["id"]))
                prev = a["hash"]
            for text in saved:
                conn.execute(text)
        finally:
            conn.close()
        shutil.rmtree(os.path.join(self.tmp, "home", ".local", "state"))
        self.check()  # the file alone: sound
        lines = self.check("--head", "%d:%s" % published, want=1)
        self.assertEqual(lines, ["head %d:%s… (given): action %d now has another hash: the log "
                                 "was rewritten since" % (published[0], published[1][:16],
                                                          published[0])])
        # 16 hex digits are enough to name a head; fewer are refused.
        self.check("--head", "%d:%s" % (published[0], published[1][:16].upper()), want=1)
        for bad in ("12", "x:%s" % published[1], "%d:%s" % (published[0], published[1][:15]),
                    "%d:%sg" % published):
            self.refused(2, "check", "--head", bad, contains="--head")

    def test_every_report_and_export_ends_with_the_head_check_then_finds(self):
        head = "%d:%s" % self.head()
        for argv in (["report", "--format", "text"], ["report", "--format", "md"],
                     ["report", "--format", "html"], ["export", self.ref, "--format", "text"],
                     ["export", self.ref, "--format", "md"], ["export", "--all", "--format",
                                                              "html"],
                     ["case", "show", self.ref, "--format", "md"]):
            with self.subTest(argv=argv):
                tail = self.ok(*argv).splitlines()[-6:]
                self.assertTrue(any("audit head " + head in line for line in tail), tail)
        self.assertEqual(json.loads(self.ok("report", "--format", "json"))["audit_head"], head)
        self.assertEqual(json.loads(self.ok("export", "--all", "--format", "json"))["audit_head"],
                         head)
        last = self.ok("report", "--format", "csv").splitlines()[-1]
        self.assertTrue(last.startswith("document,all,audit_head,") and last.endswith(head), last)
        rows = list(csv.DictReader(io.StringIO(self.ok("export", "--all", "--format", "csv")
                                               .lstrip("\ufeff"))))
        self.assertEqual({r["audit_head"] for r in rows}, {head})
        ics = self.ok("export", "--open", "--format", "ics")
        self.assertIn("X-OPHAMP-AUDIT-HEAD:" + head, ics.replace("\r\n ", ""))
        # Whoever kept the report can check the log still holds it.
        self.assertIn("the head given is in the log", self.check("--head", head)[0])

    def test_case_show_says_who_did_each_thing_and_redaction_hides_it(self):
        case = self.show(self.ref)
        self.assertEqual({t["by"] for t in case["timeline"]}, {SIGNER})
        self.assertEqual(case["evidence"][0]["by"], SIGNER)
        self.assertEqual([a["what"] for a in case["actions"]][:2], ["case new", "case edit"])
        self.assertEqual({a["by"] for a in case["actions"]}, {SIGNER})
        text = self.ok("case", "show", self.ref)
        self.assertIn("by " + SIGNER, text)
        self.assertRegex(text, r"\nActions\n  #\d+ +\d{4}-\d\d-\d\d \d\d:\d\d \w+  %s  case new"
                         % re.escape(SIGNER))
        redacted = self.ok("export", self.ref, "--format", "md", "--redact")
        self.assertNotIn("Bob Sergeant", redacted)
        self.assertNotIn(SUPERVISOR, redacted)
        self.assertIn("case assign investigator", redacted)
        self.assertNotIn("investigator " + INVESTIGATOR, redacted)
        # A bundle carries the cases, not this database's log.
        bundle = json.loads(self.ok("export", self.ref, "--format", "json"))
        self.assertNotIn("actions", bundle["cases"][0])

    def test_a_head_given_is_found(self):
        h = self.head()
        out = self.check("--head", "%d:%s" % h)
        self.assertIn("the head given is in the log", out[0])


class TestOldFiles(TrustCase):
    """Files of schemas 2 and 3 (tests/fixtures): upgraded, their old log kept and checked."""

    def setUp(self):
        OphampTestCase.setUp(self)

    def test_an_old_file_upgrades_with_its_log_kept_and_verifiable(self):
        for name in ("schema-2.db", "schema-3.db", "schema-2-upgraded-to-3.db"):
            with self.subTest(file=name):
                path = os.path.join(self.tmp, name)
                shutil.copy(os.path.join(FIXTURES, name), path)
                r = self.run_ophamp("check", db=path)
                self.assertEqual(r.rc, 1, r.describe())
                self.assertIn("any ophamp command that writes upgrades it", r.out)
                self.assertEqual(self.ok("whoami", SUPERVISOR, db=path), SIGNER + "\n")
                lines = self.check(db=path)
                self.assertRegex(lines[0], r"and 10[34] rows of the log of schemas 1-3\)")
                # A row of the old log changed: found.
                conn = sqlite3.connect(path, isolation_level=None)
                saved = trigger_sql(conn, "audit_log_no_update")
                conn.execute("DROP TRIGGER audit_log_no_update")
                conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 5")
                conn.execute(saved)
                conn.close()
                self.assertEqual(self.check(db=path, want=1), [
                    "log of schemas 1-3, row 5: hash does not match its content"])


if __name__ == "__main__":
    unittest.main()
