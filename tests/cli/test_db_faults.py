"""The database file itself as bad input: locked, read-only, corrupt, truncated, newer, not
ophamp's, or not a file at all.  Each answers with exit status 3, one clean line on stderr,
and leaves the file as it was."""

import os
import random
import resource
import signal
import sqlite3
import stat
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    BIN, VICTIM, OphampTestCase, db_dump, file_bytes)

DB_ERROR = 3
NOBODY = 65534

# Commands that read, and commands that write, tried on every faulty file.
READS = [["case", "list", "--all"], ["case", "show", "OPH-2026-00001"], ["remind"],
         ["person", "list"]]
WRITES = [["person", "add", "--name", "New Person", "--number", "9090"],
          ["note", "add", "OPH-2026-00001", "A note"]]


def others_can_run(path):
    """Whether an unprivileged user could run the binary at path (every folder searchable)."""
    path = os.path.abspath(path)
    if not os.stat(path).st_mode & stat.S_IXOTH:
        return False
    d = os.path.dirname(path)
    while True:
        if not os.stat(d).st_mode & stat.S_IXOTH:
            return False
        if d == "/":
            return True
        d = os.path.dirname(d)


class FaultCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.add_staff()
        self.ref = self.new_case()
        self.ok("note", "add", self.ref, "First note")
        self.assertFalse(os.path.exists(self.db + "-wal") and os.path.getsize(self.db + "-wal"),
                         "ophamp leaves its write-ahead log checkpointed on exit")

    def assert_untouched(self, path, commands, contains=(), code=DB_ERROR):
        before = file_bytes(path)
        for argv in commands:
            with self.subTest(argv=argv):
                # remind has its own exit statuses (SPEC §3): 2 for any error
                want = 2 if argv[0] == "remind" and code == DB_ERROR else code
                r = self.fails(want, *argv, db=path, contains=contains)
                self.assertEqual(r.out, "", r.describe())
                self.assertEqual(file_bytes(path), before, "the file changed\n" + r.describe())


class TestLocked(FaultCase):

    def test_locked_database(self):
        before = db_dump(self.db)
        holder = sqlite3.connect(self.db, isolation_level=None, timeout=0)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            start = time.monotonic()
            r = self.fails(DB_ERROR, *WRITES[0], contains="locked")
            waited = time.monotonic() - start
            self.assertEqual(r.out, "")
            # the program waits its busy timeout (about 2 s) before giving up, not forever
            self.assertGreater(waited, 1.0, "gave up without waiting for the lock")
            self.assertLess(waited, 15.0)
            # in WAL mode readers are not blocked by a writer
            c = self.show(self.ref)
            self.assertEqual(c["reference"], self.ref)
        finally:
            holder.rollback()
            holder.close()
        self.assertEqual(db_dump(self.db), before, "the database changed")
        # once the lock is gone the same request succeeds
        self.ok(*WRITES[0])


class TestReadOnly(FaultCase):

    def test_read_only_database_file(self):
        preexec = None
        if os.geteuid() == 0:
            # File modes do not stop root: run the program as an unprivileged user instead.
            if not hasattr(os, "setuid") or not others_can_run(BIN):
                self.skipTest("running as root and the binary is not reachable by nobody")
            os.chmod(self.tmp, 0o777)
            os.chown(self.db, NOBODY, NOBODY)

            def preexec():
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
        os.chmod(self.db, 0o400)
        before = db_dump(self.db)
        for argv in WRITES + [["case", "close", self.ref, "--outcome", "charged"],
                              ["rule", "set", "crime", "--amount", "12"]]:
            with self.subTest(argv=argv):
                r = self.run_ophamp(*argv, preexec_fn=preexec)
                self.assertIn(r.rc, (1, DB_ERROR), r.describe())
                if argv[:2] != ["case", "close"]:  # that one is refused by the plan first
                    self.assert_error_line(r, DB_ERROR, contains="read-only")
                self.assertEqual(db_dump(self.db), before, "the database changed\n"
                                 + r.describe())
        # reading a read-only file still works
        r = self.run_ophamp("case", "show", self.ref, "--format", "json", preexec_fn=preexec)
        self.assertEqual((r.rc, r.err), (0, ""), r.describe())
        r = self.run_ophamp("case", "list", preexec_fn=preexec)
        self.assertEqual((r.rc, r.err), (0, ""), r.describe())


class TestCorrupt(FaultCase):

    def test_random_bytes(self):
        path = os.path.join(self.tmp, "random.db")
        with open(path, "wb") as f:
            f.write(random.Random(20260408).randbytes(16384))
        self.assert_untouched(path, READS + WRITES)

    def test_truncated_to_half(self):
        for i in range(3):
            self.new_case("--summary", "Padding the file " * 200)
        size = os.path.getsize(self.db)
        self.assertGreater(size, 8 * 4096)
        with open(self.db, "r+b") as f:
            f.truncate(size // 2)
        self.assert_untouched(self.db, [["case", "list", "--all"], WRITES[0],
                                        ["case", "new", "--victim", VICTIM, "--supervisor",
                                         "2001", "--occurred", "2026-04-08 09:00",
                                         "--location", "X"]])

    def test_an_sqlite_file_that_is_not_ophamps(self):
        path = os.path.join(self.tmp, "other.db")
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE shopping (item TEXT)")
        conn.execute("INSERT INTO shopping VALUES ('milk')")
        conn.commit()
        conn.close()
        self.assert_untouched(path, READS + WRITES)

    def test_newer_database_is_refused_and_left_untouched(self):
        conn = sqlite3.connect(self.db)
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
        self.assert_untouched(self.db, READS + WRITES + [["rule", "list"]], contains="newer")
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            self.assertEqual(conn.execute("PRAGMA user_version").fetchone()[0], 99)
        finally:
            conn.close()


class TestWriteFailure(FaultCase):
    """Writes that fail because a file cannot grow (the file-size limit standing in for a
    full disk) save nothing and say so."""

    @staticmethod
    def limit_files(size):
        def preexec():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        return preexec

    def test_full_when_opening(self):
        before = db_dump(self.db)
        # not even room for the shared-memory index of the write-ahead log
        r = self.run_ophamp("person", "add", "--name", "A", "--number", "77",
                            preexec_fn=self.limit_files(4096))
        self.assert_error_line(r, DB_ERROR)
        self.assertEqual(r.out, "", r.describe())
        self.assertEqual(db_dump(self.db), before, "the database changed\n" + r.describe())

    def test_full_while_saving(self):
        before = db_dump(self.db)
        # room for the index (32 KiB) but not for a whole new case in the log
        r = self.run_ophamp("case", "new", "--victim", VICTIM, "--supervisor", "2001",
                            "--occurred", "2026-04-08 09:00", "--location", "X", "--summary",
                            "é" * 4000, "--thor", "é" * 4000,
                            preexec_fn=self.limit_files(32768 + 4096))
        self.assert_error_line(r, DB_ERROR)
        self.assertEqual(r.out, "", r.describe())
        self.assertEqual(db_dump(self.db), before, "the database changed\n" + r.describe())
        # nothing was half-written: the next save works, and the refused case is absent
        ref = self.new_case()
        self.assertEqual(ref, "OPH-2026-00002")
        self.assertEqual(len(self.list_cases("--all")), 2)
        notes = [t["text"] for t in self.show(self.ref)["timeline"] if t["kind"] == "note"]
        self.assertEqual(notes, ["First note"])


class TestPaths(FaultCase):

    def test_db_is_a_folder(self):
        folder = os.path.join(self.tmp, "folder.db")
        os.mkdir(folder)
        self.fails(DB_ERROR, "case", "list", db=folder)
        self.assertEqual(os.listdir(folder), [])

    def test_parent_is_a_file(self):
        blocker = os.path.join(self.tmp, "plain-file")
        with open(blocker, "w") as f:
            f.write("not a folder\n")
        self.fails(DB_ERROR, "person", "add", "--name", "A", "--number", "1",
                   db=os.path.join(blocker, "sub", "ophamp.db"))
        with open(blocker) as f:
            self.assertEqual(f.read(), "not a folder\n")

    def test_new_database_in_new_folders_is_private(self):
        path = os.path.join(self.tmp, "new", "deeper", "ophamp.db")
        self.ok("person", "add", "--name", "A", "--number", "1", db=path,
                preexec_fn=lambda: os.umask(0o022))
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode), 0o700)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(self.tmp, "new")).st_mode), 0o700)

    def test_path_with_control_characters_in_messages(self):
        """A path is quoted in the message: it must not break the one line or drive the
        terminal."""
        folder = os.path.join(self.tmp, "evil\n\x1b[31mname")
        os.mkdir(folder)
        self.fails(DB_ERROR, "case", "list", db=folder)
        newer = os.path.join(self.tmp, "evil\x1b[2J\nnewer.db")
        conn = sqlite3.connect(newer)
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
        self.fails(DB_ERROR, "case", "list", db=newer, contains="newer")

    def test_fault_messages_name_the_file(self):
        """SPEC §5: errors are one clear line naming the field or file."""
        random_path = os.path.join(self.tmp, "random-bytes.db")
        with open(random_path, "wb") as f:
            f.write(random.Random(7).randbytes(8192))
        other = os.path.join(self.tmp, "not-ophamp.db")
        conn = sqlite3.connect(other)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
        newer = os.path.join(self.tmp, "newer-version.db")
        with open(self.db, "rb") as src, open(newer, "wb") as dst:
            dst.write(src.read())
        conn = sqlite3.connect(newer)
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
        for path in (random_path, other, newer):
            with self.subTest(path=os.path.basename(path)):
                self.fails(DB_ERROR, "case", "list", db=path,
                           contains=os.path.basename(path))
        holder = sqlite3.connect(self.db, isolation_level=None, timeout=0)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            with self.subTest(path="locked"):
                self.fails(DB_ERROR, *WRITES[0], contains=os.path.basename(self.db))
        finally:
            holder.rollback()
            holder.close()


if __name__ == "__main__":
    unittest.main()
