"""backup, check and the retention review (case list --review).

backup must give a copy that is whole as of one moment even while another process writes,
private (0600) and never half-written; check only reads, and says what it finds in one
order (what check proves from the log is tested in test_trust.py); --review lists the
closed cases past the review age, oldest closing first."""

import os
import random
import sqlite3
import stat
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    STEP_CODES, SUPERVISOR, VICTIM, OphampTestCase, db_dump, file_bytes)

DB_ERROR = 3
SOUND = "database sound: "


def write_unlogged(path, table, sql, params=()):
    """Runs sql from outside the program with the table's logging triggers taken away and put
    back exactly as they were, foreign keys off: a change the log never saw."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        saved = [r[0] for r in conn.execute(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? "
            "AND name LIKE '%\\_audit\\_%' ESCAPE '\\'", (table,))]
        for name in ("insert", "update", "delete"):
            conn.execute("DROP TRIGGER IF EXISTS %s_audit_%s" % (table, name))
        cur = conn.execute(sql, params)
        for text in saved:
            conn.execute(text)
        return cur.lastrowid
    finally:
        conn.close()


class MaintCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.cached_db(self.add_staff)

    def check(self, path=None, want=0):
        """Runs check; returns its output lines."""
        r = self.run_ophamp("check", db=path or self.db)
        if want == 0:
            self.assertEqual((r.rc, r.err), (0, ""), r.describe())
            self.assertEqual(len(r.out.splitlines()), 1, r.describe())
            self.assertTrue(r.out.startswith(SOUND), r.describe())
        else:
            self.assert_error_line(r, want)
        return r.out.splitlines()

    def cases_in(self, path):
        """{reference: number of steps} of every case in a database, read directly."""
        conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        try:
            return dict(conn.execute(
                "SELECT c.reference, (SELECT count(*) FROM steps s WHERE s.case_id = c.id) "
                "FROM cases c ORDER BY c.id").fetchall())
        finally:
            conn.close()


class TestBackup(MaintCase):

    def test_backup_is_a_whole_private_copy_that_passes_check(self):
        refs = [self.new_case("--summary", "Case %d" % i) for i in range(3)]
        self.ok("note", "add", refs[1], "A note")
        out = os.path.join(self.tmp, "copies", "backup.db")
        os.mkdir(os.path.dirname(out))
        before = db_dump(self.db)
        self.assertEqual(self.ok("backup", out, preexec_fn=lambda: os.umask(0o022)), "")
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        self.assertEqual(db_dump(out), before, "the copy holds every row, audit log included")
        self.assertEqual(db_dump(self.db), before, "backup only reads")
        # nothing but the copy is left in its folder (no temporary file, no journal)
        self.assertEqual(os.listdir(os.path.dirname(out)), ["backup.db"])
        self.check(out)
        # it opens as an ophamp database: the case reads back whole
        self.assertEqual(self.show(refs[1], db=out), self.show(refs[1]))

    def test_an_existing_file_is_replaced_only_with_force(self):
        self.new_case()
        out = os.path.join(self.tmp, "backup.db")
        with open(out, "w") as f:
            f.write("precious\n")
        self.fails(1, "backup", out, contains=("already exists", "--force"))
        self.assertEqual(file_bytes(out), b"precious\n")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["backup.db", "home", "ophamp.db"])
        self.ok("backup", out, "--force")
        self.assertEqual(db_dump(out), db_dump(self.db))
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)

    def test_backup_onto_the_database_itself_is_refused(self):
        self.new_case()
        before = file_bytes(self.db)
        self.fails(3, "backup", self.db, "--force", contains="database itself")
        self.assertEqual(file_bytes(self.db), before)

    def test_backup_needs_a_database_and_creates_none(self):
        missing = os.path.join(self.tmp, "nowhere", "ophamp.db")
        out = os.path.join(self.tmp, "backup.db")
        self.fails(DB_ERROR, "backup", out, db=missing, contains="no database at")
        self.assertFalse(os.path.exists(os.path.dirname(missing)))
        self.assertFalse(os.path.exists(out))
        self.fails(2, "backup", "-", contains="not standard output")
        self.fails(2, "backup")

    def test_backups_taken_while_another_process_writes_hold_whole_cases(self):
        """A writer adds cases one transaction at a time while backups are taken: each copy
        passes check and holds a prefix of the cases, each with its seven steps."""
        self.new_case()
        stop = threading.Event()
        errors = []

        def writer():
            while not stop.is_set():
                r = self.run_ophamp("case", "new", "--victim", VICTIM, "--supervisor",
                                    SUPERVISOR, "--occurred", "2026-04-08 09:00",
                                    "--location", "Writer Street")
                if r.rc != 0:
                    errors.append(r.describe())
                    return

        t = threading.Thread(target=writer)
        t.start()
        counts = []
        try:
            for i in range(6):
                out = os.path.join(self.tmp, "b%d.db" % i)
                self.ok("backup", out)
                counts.append(len(self.cases_in(out)))
                time.sleep(0.15)
        finally:
            stop.set()
            t.join()
        self.assertEqual(errors, [], "the writer was never refused by a backup")
        final = self.cases_in(self.db)
        self.assertGreater(len(final), counts[0], "the writer wrote during the backups")
        for i, n in enumerate(counts):
            with self.subTest(backup=i):
                out = os.path.join(self.tmp, "b%d.db" % i)
                self.check(out)
                got = self.cases_in(out)
                # a prefix of the cases, in order, each with its seven steps
                self.assertEqual(list(got), list(final)[:len(got)])
                self.assertEqual(set(got.values()), {7})
        self.assertEqual(counts, sorted(counts))
        self.assertGreater(len(set(counts)), 1, "backups taken at different moments differ")


class TestCheck(MaintCase):

    def setUp(self):
        super().setUp()
        self.ref = self.new_case()
        self.ok("note", "add", self.ref, "First note")
        self.ok("note", "add", self.ref, "Second note")

    def test_a_sound_database(self):
        before = file_bytes(self.db)
        lines = self.check()
        self.assertEqual(file_bytes(self.db), before, "check only reads")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["home", "ophamp.db"],
                         "and leaves no files (the head file is in the home folder)")
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        actions, changes = conn.execute(
            "SELECT (SELECT count(*) FROM log_actions), (SELECT count(*) FROM log_changes)"
        ).fetchone()
        head = conn.execute("SELECT id, hash FROM log_actions ORDER BY id DESC").fetchone()
        conn.close()
        self.assertIn("1 case;", lines[0])
        self.assertIn("the log holds %d actions (%d changes)" % (actions, changes), lines[0])
        self.assertIn("audit head %d:%s" % head, lines[0])

    def test_a_broken_foreign_key_is_found(self):
        rowid = write_unlogged(self.db, "notes", "INSERT INTO notes(case_id, at, text) "
                               "VALUES (4242, 1775638800, 'Orphan')")
        lines = self.check(want=1)
        # Written outside the program, the row is not in the log either.
        self.assertEqual(lines, [
            "data: notes %d is not in the log (added outside ophamp)" % rowid,
            "foreign key: notes row %d refers to a missing row of cases" % rowid])

    def test_problems_of_every_kind_come_in_one_order(self):
        """The log and the tables are read on one connection, SQLite's checks and the derived
        tables on a second, side by side; what they find is still said in one order: the
        schema, the log, the data, then foreign keys and the derived tables."""
        orphan = write_unlogged(self.db, "notes", "INSERT INTO notes(case_id, at, text) "
                                "VALUES (4242, 1775638800, 'Orphan')")
        conn = sqlite3.connect(self.db, isolation_level=None)
        conn.execute("DROP TRIGGER log_changes_no_update")
        conn.execute("UPDATE report_done SET crime = 1")
        conn.close()
        for _ in range(3):  # the same every time, whichever connection finishes first
            self.assertEqual(self.check(want=1), [
                "schema: trigger log_changes_no_update is missing (the program creates it)",
                "data: notes %d is not in the log (added outside ophamp)" % orphan,
                "foreign key: notes row %d refers to a missing row of cases" % orphan,
                "derived: report_done for case %s, column crime: holds 1, but its steps and "
                "follow-ups give nothing" % self.ref])

    def test_damage_sqlite_finds(self):
        """A changed key in an index page: SQLite's integrity check says so."""
        for i in range(40):
            self.new_case("--summary", "Padding %d" % i)
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.close()
        data = bytearray(file_bytes(self.db))
        key = b"OPH-2026-00020"
        at = [i for i in range(len(data)) if data.startswith(key, i)
              and data[(i // page_size) * page_size] == 10]  # in an index leaf page
        self.assertTrue(at, "the reference is in an index page")
        data[at[0]:at[0] + len(key)] = b"OPH-2026-0002X"
        with open(self.db, "wb") as f:
            f.write(data)
        lines = self.check(want=1)
        self.assertTrue(any(line.startswith("integrity: ") for line in lines), lines)

    def test_what_is_not_a_sound_ophamp_database(self):
        empty = os.path.join(self.tmp, "empty.db")
        open(empty, "wb").close()
        junk = os.path.join(self.tmp, "junk.db")
        with open(junk, "wb") as f:
            f.write(random.Random(5).randbytes(8192))
        for path, says in ((empty, "empty"), (junk, "junk.db"),
                           (os.path.join(self.tmp, "missing.db"), "no database at")):
            with self.subTest(path=os.path.basename(path)):
                before = file_bytes(path) if os.path.exists(path) else None
                r = self.fails(DB_ERROR, "check", db=path, contains=says)
                self.assertEqual(r.out, "")
                self.assertEqual(file_bytes(path) if os.path.exists(path) else None, before)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "missing.db")))


class TestReview(MaintCase):
    """Closed cases past the review age, by the program's clock (OPHAMP_NOW)."""

    NOW = "2026-04-08 10:00"  # six years before: 2020-04-08 10:00 London

    def setUp(self):
        super().setUp()
        self.refs = {}
        for closed in ("2020-04-08 09:59", "2019-01-01 12:00", "2020-04-08 10:01",
                       "2024-06-30 12:00"):
            occurred = "%d-01-01 09:00" % (int(closed[:4]) - 1)
            ref = self.new_case(occurred=occurred, now=closed)
            for code in STEP_CODES:
                self.ok("step", "na", ref, code, "--reason", "test", now=closed)
            self.ok("case", "close", ref, "--outcome", "nfa-victim", "--at", closed, now=closed)
            self.refs[closed] = ref
        # an old case never closed is not due for review
        self.open_ref = self.new_case(occurred="2015-05-05 09:00", now="2015-05-05 10:00")

    def review(self, *flags, now=NOW):
        return [(r["reference"], r["closed_at"])
                for r in self.list_cases("--review", *flags, now=now)]

    def test_closed_more_than_six_years_ago_oldest_first(self):
        got = self.review()
        self.assertEqual(got, [(self.refs["2019-01-01 12:00"], "2019-01-01T12:00:00Z"),
                               (self.refs["2020-04-08 09:59"], "2020-04-08T08:59:00Z")])

    def test_years_and_the_clock(self):
        self.assertEqual([r for r, _ in self.review("--years", "2")],
                         [self.refs[k] for k in ("2019-01-01 12:00", "2020-04-08 09:59",
                                                 "2020-04-08 10:01")])
        # two minutes later the third case is six years closed too
        self.assertEqual(len(self.review(now="2026-04-08 10:02")), 3)
        self.assertEqual(self.review("--years", "10"), [])
        r = self.run_ophamp("case", "list", "--review", "--years", "10")
        self.assertEqual((r.rc, r.out, r.err), (1, "", ""), r.describe())

    def test_paging_search_and_table(self):
        self.assertEqual([r for r, _ in self.review("--years", "1", "--limit", "2",
                                                    "--offset", "1")],
                         [self.refs["2020-04-08 09:59"], self.refs["2020-04-08 10:01"]])
        self.assertEqual([r for r, _ in self.review("--search", self.refs["2019-01-01 12:00"])],
                         [self.refs["2019-01-01 12:00"]])
        out = self.ok("case", "list", "--review")
        self.assertEqual(len(out.splitlines()), 2, out)
        self.assertIn("closed 2019-01-01 12:00", out)

    def test_review_options_are_checked(self):
        for argv, says in ((["--review", "--closed"], "choose one"),
                           (["--years", "3"], "--review"),
                           (["--review", "--years", "0"], "--years"),
                           (["--review", "--years", "six"], "--years"),
                           (["--review", "--sort", "due"], "--sort")):
            with self.subTest(argv=argv):
                self.refused(2, "case", "list", *argv, contains=says)


if __name__ == "__main__":
    unittest.main()
