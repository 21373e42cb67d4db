"""The database file itself as bad input: locked, read-only, corrupt, truncated, newer, not
ophamp's, or not a file at all; and faults while writing: killed, disk full.  Each answers
with exit status 3, one clean line on stderr, and leaves the file as it was; `ophamp check`
afterwards says the database is sound wherever it can open it."""

import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
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


def as_nobody():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


class FaultCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.cached_db(self.make_db)
        self.assertFalse(os.path.exists(self.db + "-wal") and os.path.getsize(self.db + "-wal"),
                         "ophamp leaves its write-ahead log checkpointed on exit")

    def make_db(self):
        ref = self.staff_and_a_case()
        self.ok("note", "add", ref, "First note")
        return ref

    def assert_sound(self, path=None, preexec_fn=None):
        """ophamp check: exit 0 and the one line "database sound: ..."."""
        r = self.run_ophamp("check", db=path or self.db, preexec_fn=preexec_fn)
        self.assertEqual((r.rc, r.err), (0, ""), r.describe())
        self.assertTrue(r.out.startswith("database sound: "), r.describe())
        self.assertEqual(len(r.out.splitlines()), 1, r.describe())

    def assert_check_refuses(self, path, code=DB_ERROR, contains=()):
        """ophamp check on a file it cannot vouch for: the exit status, and the file as it was."""
        before = file_bytes(path)
        r = self.fails(code, "check", db=path, contains=contains)
        self.assertEqual(file_bytes(path), before, "check changed the file\n" + r.describe())
        return r

    def assert_untouched(self, path, commands, contains=(), code=DB_ERROR):
        before = file_bytes(path)
        for argv in commands:
            with self.subTest(argv=argv):
                r = self.fails(code, *argv, db=path, contains=contains)
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
            self.assert_sound()
            self.ok("backup", os.path.join(self.tmp, "while-locked.db"))
        finally:
            holder.rollback()
            holder.close()
        self.assertEqual(db_dump(self.db), before, "the database changed")
        self.assert_sound()
        self.assert_sound(os.path.join(self.tmp, "while-locked.db"))
        # once the lock is gone the same request succeeds
        self.ok(*WRITES[0])
        self.assert_sound()


    def test_a_read_that_meets_a_lock_says_busy(self):
        # Another program holds the file whole (an exclusive lock on a database it keeps in
        # rollback-journal mode): a command that only reads saved nothing, and must not say
        # it did; a write says nothing was saved.
        # (The file is read before and after only: closing any descriptor of it would drop
        # the holder's locks.)
        before = db_dump(self.db)
        holder = sqlite3.connect(self.db, isolation_level=None, timeout=0)
        try:
            self.assertEqual(holder.execute("PRAGMA journal_mode = DELETE").fetchall(),
                             [("delete",)])
            holder.execute("BEGIN EXCLUSIVE")
            for argv in READS + [["check"]]:
                with self.subTest(argv=argv):
                    r = self.fails(DB_ERROR, *argv, contains=("busy", "try again later"))
                    self.assertNotIn("saved", r.err, r.describe())
                    self.assertEqual(r.out, "", r.describe())
            r = self.fails(DB_ERROR, *WRITES[0], contains="busy")
        finally:
            holder.rollback()
            holder.close()
        self.assertEqual(db_dump(self.db), before)
        self.assert_sound()


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
        # and so do check and backup, which only read
        self.assert_sound(preexec_fn=preexec)
        out = os.path.join(self.tmp, "copy.db")
        r = self.run_ophamp("backup", out, preexec_fn=preexec)
        self.assertEqual((r.rc, r.err), (0, ""), r.describe())
        self.assertEqual(db_dump(out), before)
        self.assertEqual(db_dump(self.db), before)
        self.assert_sound(out)


class TestCorrupt(FaultCase):

    def test_random_bytes(self):
        path = os.path.join(self.tmp, "random.db")
        with open(path, "wb") as f:
            f.write(random.Random(20260408).randbytes(16384))
        self.assert_untouched(path, READS + WRITES)
        self.assert_check_refuses(path, contains="random.db")

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
        # the schema itself is cut off: check cannot read it at all
        self.assert_check_refuses(self.db, contains="damaged")

    def test_an_sqlite_file_that_is_not_ophamps(self):
        path = os.path.join(self.tmp, "other.db")
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE shopping (item TEXT)")
        conn.execute("INSERT INTO shopping VALUES ('milk')")
        conn.commit()
        conn.close()
        self.assert_untouched(path, READS + WRITES)
        self.assert_check_refuses(path, contains="not an ophamp")

    def test_newer_database_is_refused_and_left_untouched(self):
        conn = sqlite3.connect(self.db)
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
        self.assert_untouched(self.db, READS + WRITES + [["rule", "list"]], contains="newer")
        self.assert_check_refuses(self.db, contains="newer")
        self.fails(DB_ERROR, "backup", os.path.join(self.tmp, "copy.db"), contains="newer")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "copy.db")))
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
        self.assert_sound()

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
        self.assert_sound()


class TestPaths(FaultCase):

    def test_db_is_a_folder(self):
        folder = os.path.join(self.tmp, "folder.db")
        os.mkdir(folder)
        self.fails(DB_ERROR, "case", "list", db=folder)
        self.fails(DB_ERROR, "check", db=folder)
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
        self.add_person("A", "1", db=path, preexec_fn=lambda: os.umask(0o022))
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

    def test_db_that_is_a_symbolic_link(self):
        # The database is opened without following links; a path that holds one says so,
        # and names the file it leads to. Nothing is created or changed.
        link = os.path.join(self.tmp, "link.db")
        os.symlink(self.db, link)
        os.symlink(self.tmp, os.path.join(self.tmp, "folder-link"))
        through = os.path.join(self.tmp, "folder-link", "ophamp.db")
        dangling = os.path.join(self.tmp, "dangling.db")
        os.symlink(os.path.join(self.tmp, "nothing.db"), dangling)
        before, names = file_bytes(self.db), sorted(os.listdir(self.tmp))
        cases = ((link, "link.db is a symbolic link", self.db),
                 (through, "a folder in %s is a symbolic link" % through, self.db),
                 (dangling, "dangling.db is a symbolic link (to nothing)", None))
        for path, says, real in cases:
            for argv in READS + WRITES + [["check"], ["backup", os.path.join(self.tmp, "b.db")]]:
                with self.subTest(path=path, argv=argv):
                    want = [says, "ophamp does not follow links to its database"]
                    if real:
                        want.append("(give the file's own path, %s)" % real
                                    if path != through else "(give the real path, %s)" % real)
                    r = self.fails(DB_ERROR, *argv, db=path, contains=want)
                    self.assertEqual(r.out, "", r.describe())
        self.assertEqual(file_bytes(self.db), before)
        self.assertEqual(sorted(os.listdir(self.tmp)), names)

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


class TestMissingFolder(FaultCase):

    def test_reading_commands_need_the_database_and_create_nothing(self):
        path = os.path.join(self.tmp, "gone", "deeper", "ophamp.db")
        copy = os.path.join(self.tmp, "copy.db")
        for argv in READS + [["check"], ["backup", copy]]:
            with self.subTest(argv=argv):
                r = self.fails(DB_ERROR, *argv, db=path, contains=("no database at", path))
                self.assertEqual(r.out, "", r.describe())
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "gone")))
        self.assertFalse(os.path.exists(copy))


class TestReadOnlyFolder(FaultCase):
    """A database in a folder nobody may write to. In write-ahead-log mode SQLite needs the
    log's index (-shm) even to read, and cannot make it there: ophamp then reads the file as
    immutable, as long as the log holds nothing the file does not."""

    def setUp(self):
        super().setUp()
        self.preexec = None
        if os.geteuid() == 0:
            # Root writes anywhere: run the program as an unprivileged user instead.
            if not others_can_run(BIN):
                self.skipTest("running as root and the binary is not reachable by nobody")
            self.preexec = as_nobody
        os.chmod(self.tmp, 0o755)
        self.folder = os.path.join(self.tmp, "ro")
        os.mkdir(self.folder)
        self.rodb = os.path.join(self.folder, "ophamp.db")
        shutil.copyfile(self.db, self.rodb)
        self.out = os.path.join(self.tmp, "out")
        os.mkdir(self.out)
        os.chmod(self.out, 0o777)

    def lock_folder(self):
        os.chmod(self.rodb, 0o444)
        os.chmod(self.folder, 0o555)
        self.addCleanup(os.chmod, self.folder, 0o755)

    def run_ro(self, *argv):
        return self.run_ophamp(*argv, db=self.rodb, preexec_fn=self.preexec)

    def test_reading_commands_work_and_leave_nothing_behind(self):
        self.lock_folder()
        before = file_bytes(self.rodb)
        copy = os.path.join(self.out, "copy.db")
        for argv in (["case", "list", "--all"], ["case", "show", self.ref, "--format", "json"],
                     ["remind"], ["check"], ["backup", copy], ["person", "list"]):
            with self.subTest(argv=argv):
                r = self.run_ro(*argv)
                self.assertIn(r.rc, (0, 1) if argv[0] == "remind" else (0,), r.describe())
                self.assertEqual(r.err, "", r.describe())
                if argv[0] == "case" and argv[1] == "show":
                    self.assertEqual(json.loads(r.out)["reference"], self.ref)
                if argv[0] == "check":
                    self.assertTrue(r.out.startswith("database sound: "), r.describe())
        self.assertEqual(os.listdir(self.folder), ["ophamp.db"], "no -shm or -wal was made")
        self.assertEqual(file_bytes(self.rodb), before)
        self.assertEqual(db_dump(copy), db_dump(self.db))
        self.assert_sound(copy)

    def test_a_long_report_reads_in_two_threads_there_too(self):
        """A report over more than 2,000 cases counts half of them on a second connection,
        which must open the file the way the first did (as immutable here)."""
        big = os.path.join(self.tmp, "big.db")
        self.ok("demo", "--cases", "2400", "--seed", "3", db=big)
        shutil.copyfile(big, self.rodb)  # a clean close leaves the whole database in the file
        self.lock_folder()
        argv = ["report", "--from", "2000-01-01", "--format", "json"]
        r = self.run_ro(*argv)
        self.assertEqual((r.rc, r.err), (0, ""), r.describe())
        self.assertEqual(json.loads(r.out), json.loads(self.ok(*argv, db=big)))
        self.assertEqual(os.listdir(self.folder), ["ophamp.db"], "no -shm or -wal was made")

    def test_writing_is_refused_as_read_only(self):
        self.lock_folder()
        before = file_bytes(self.rodb)
        for argv in WRITES:
            with self.subTest(argv=argv):
                r = self.run_ro(*argv)
                self.assert_error_line(r, DB_ERROR, contains="read-only")
        self.assertEqual(os.listdir(self.folder), ["ophamp.db"])
        self.assertEqual(file_bytes(self.rodb), before)

    def test_a_log_holding_changes_is_not_read_past(self):
        """Committed changes still in the -wal file: reading the file alone would show an old
        state, so ophamp says it cannot read it rather than show stale cases."""
        os.chmod(self.folder, 0o777)
        os.chmod(self.rodb, 0o666)
        # A reader holding a snapshot keeps the log from being folded back into the file.
        holder = sqlite3.connect("file:%s?mode=ro" % self.rodb, uri=True,
                                 isolation_level=None)
        try:
            holder.execute("BEGIN")
            holder.execute("SELECT count(*) FROM cases").fetchone()
            self.ok("note", "add", self.ref, "Only in the log", db=self.rodb)
            moved = os.path.join(self.tmp, "ro2")
            os.mkdir(moved)
            for name in ("ophamp.db", "ophamp.db-wal"):
                shutil.copyfile(os.path.join(self.folder, name), os.path.join(moved, name))
        finally:
            holder.close()
        self.assertGreater(os.path.getsize(os.path.join(moved, "ophamp.db-wal")), 0)
        self.folder, self.rodb = moved, os.path.join(moved, "ophamp.db")
        self.lock_folder()
        r = self.run_ro("case", "show", self.ref)
        self.assert_error_line(r, DB_ERROR, contains=("write-ahead log", "ophamp.db"))
        self.assertEqual(r.out, "")


class TestKilled(FaultCase):

    def test_sigkill_in_the_middle_of_a_large_import(self):
        """An import is one transaction: killed while it writes, the database is exactly as
        before (no case of the file in it) and passes check."""
        before = db_dump(self.db)
        csv_path = os.path.join(self.tmp, "big.csv")
        generator = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                 "bench", "import_csv.py")
        subprocess.run(["/usr/bin/python3", generator, csv_path, "20000"], check=True,
                       stdout=subprocess.DEVNULL)
        proc = subprocess.Popen([BIN, "--db", self.db, "import", csv_path], env=self.env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, cwd=self.tmp)
        try:
            # wait until it is writing: its write-ahead log grows past a few pages
            wal = self.db + "-wal"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                if os.path.exists(wal) and os.path.getsize(wal) > 1 << 20:
                    break
                time.sleep(0.05)
            self.assertIsNone(proc.poll(), "import finished before it could be killed")
        finally:
            proc.kill()
            proc.wait()
            proc.stderr.close()
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        self.assertEqual(db_dump(self.db), before, "nothing of a killed import remains")
        self.assert_sound(self.db)

    def test_sigkill_in_the_middle_of_a_large_demo(self):
        """demo writes in transactions of 5,000 cases (BATCH in src/app/demo.c): killed
        part-way, the database holds whole batches only, every case with its seven steps,
        and passes check."""
        path = os.path.join(self.tmp, "demo.db")
        proc = subprocess.Popen([BIN, "--db", path, "demo", "--cases", "20000"], env=self.env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, cwd=self.tmp)
        seen = 0
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=1)
                    try:
                        seen = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
                    finally:
                        conn.close()
                except sqlite3.Error:
                    seen = 0  # not created yet
                if seen >= 5000:
                    break
                time.sleep(0.1)
            self.assertIsNone(proc.poll(), "demo finished before it could be killed")
        finally:
            proc.kill()
            proc.wait()
            proc.stderr.close()
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        self.assertGreaterEqual(seen, 5000, "a batch was written before the kill")
        self.assert_sound(path)
        conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        try:
            n = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
            partial = conn.execute(
                "SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM steps s "
                "WHERE s.case_id = c.id) <> 7").fetchone()[0]
            orphans = conn.execute(
                "SELECT count(*) FROM steps WHERE case_id NOT IN (SELECT id FROM cases)"
            ).fetchone()[0]
        finally:
            conn.close()
        self.assertGreaterEqual(n, 5000)
        self.assertLess(n, 20000)
        self.assertEqual(n % 5000, 0, "only whole batches")
        self.assertEqual((partial, orphans), (0, 0), "no case without its seven steps")
        # the program goes on from there, even with the same (default) seed: the cut-short
        # run's UUIDs are not made again
        self.ok("demo", "--cases", "3", db=path)
        self.assert_sound(path)


class TestDiskFull(FaultCase):
    """A save on a disk that is really full: a small tmpfs where mount is allowed, else a
    loop-mounted ext4 image, else (no mount at all) the file-size limit stands in."""

    def small_disk(self, size):
        mnt = tempfile.mkdtemp(prefix="ophamp-full-")
        self.addCleanup(shutil.rmtree, mnt, ignore_errors=True)
        tries = [["mount", "-t", "tmpfs", "-o", "size=%d" % size, "tmpfs", mnt]]
        img = mnt + ".img"
        if shutil.which("mkfs.ext4"):
            tries.append(None)
        for argv in tries:
            try:
                if argv is None:
                    with open(img, "wb") as f:
                        f.truncate(max(size, 2 << 20))
                    self.addCleanup(os.unlink, img)
                    subprocess.run(["mkfs.ext4", "-q", "-F", img], check=True,
                                   capture_output=True)
                    argv = ["mount", "-o", "loop", img, mnt]
                subprocess.run(argv, check=True, capture_output=True)
            except (OSError, subprocess.CalledProcessError):
                continue
            self.addCleanup(subprocess.run, ["umount", "-l", mnt], capture_output=True)
            return mnt
        return None

    @staticmethod
    def fill(folder, leave):
        """Fills the file system up, then frees `leave` bytes."""
        filler = os.path.join(folder, "filler")
        with open(filler, "wb", buffering=0) as f:
            for chunk in (1 << 16, 4096, 512):
                while True:
                    try:
                        f.write(b"\0" * chunk)
                    except OSError:
                        break
            os.fsync(f.fileno())
        size = os.path.getsize(filler)
        os.truncate(filler, max(0, size - leave))
        return filler

    def test_reads_on_a_completely_full_disk(self):
        # Even a read needs room: the write-ahead log's index file. The message says the disk
        # is full (not "disk I/O error"); a read does not say nothing was saved.
        disk = self.small_disk(4 << 20)
        if disk is None:
            self.skipTest("no file system can be mounted here")
        path = os.path.join(disk, "ophamp.db")
        shutil.copyfile(self.db, path)
        filler = self.fill(disk, 0)
        for argv in READS + [["check"]] + WRITES:
            with self.subTest(argv=argv):
                r = self.fails(DB_ERROR, *argv, db=path,
                               contains=("the disk holding %s is full" % path, "free some space"))
                self.assertNotIn("I/O", r.err, r.describe())
                if argv not in WRITES:
                    self.assertNotIn("saved", r.err, r.describe())
        os.unlink(filler)
        self.assertEqual(self.show(self.ref, db=path)["reference"], self.ref)
        self.assert_sound(path)

    def test_disk_full_during_a_save(self):
        disk = self.small_disk(4 << 20)
        if disk is None:
            self.skipTest("no file system can be mounted here (test_full_while_saving covers "
                          "the file-size limit)")
        path = os.path.join(disk, "ophamp.db")
        shutil.copyfile(self.db, path)
        before = db_dump(path)
        for name in os.listdir(disk):  # db_dump's reader leaves the log's files
            if name != "ophamp.db" and name.startswith("ophamp.db"):
                os.unlink(os.path.join(disk, name))
        # room to open (the log's 32 KiB index) but not for a case this size
        filler = self.fill(disk, 40 << 10)
        r = self.run_ophamp("case", "new", "--victim", VICTIM, "--supervisor", "2001",
                            "--occurred", "2026-04-08 09:00", "--location", "X", "--summary",
                            "é" * 4000, "--thor", "é" * 4000, db=path)
        self.assert_error_line(r, DB_ERROR, contains=("full", "nothing was saved"))
        self.assertEqual(r.out, "", r.describe())
        # a backup onto the full disk fails whole: no copy, no temporary file
        r = self.run_ophamp("backup", os.path.join(disk, "copy.db"), db=self.db)
        self.assert_error_line(r, DB_ERROR, contains="full")
        self.assertFalse([n for n in os.listdir(disk) if "copy" in n], os.listdir(disk))
        self.assertEqual(db_dump(path), before, "nothing was half-written")
        self.assert_sound(path)
        os.unlink(filler)
        ref = self.new_case(db=path)
        self.assertEqual(ref, "OPH-2026-00002")
        self.assert_sound(path)


class TestDamagedIndex(FaultCase):
    """Damage to the index of case references must never read as "no case"."""

    def index_key(self):
        """Offset of this case's reference in the index's leaf page, and the page size."""
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        finally:
            conn.close()
        for name in os.listdir(self.tmp):
            if name.startswith("ophamp.db-"):
                os.unlink(os.path.join(self.tmp, name))
        data = file_bytes(self.db)
        key = self.ref.encode()
        at = data.find(key)
        while at >= 0 and data[(at // page_size) * page_size] != 10:  # an index leaf
            at = data.find(key, at + 1)
        self.assertGreaterEqual(at, 0, "the reference is in an index page")
        return at, page_size

    def test_a_key_changed_in_the_index(self):
        at, _ = self.index_key()
        with open(self.db, "r+b") as f:
            f.seek(at + len(self.ref) - 1)
            f.write(b"X")  # still a well-formed page: SQLite itself does not notice
        before = file_bytes(self.db)
        for argv in (["case", "show", self.ref], ["note", "add", self.ref, "More"],
                     ["case", "close", self.ref, "--outcome", "charged"]):
            with self.subTest(argv=argv):
                r = self.fails(DB_ERROR, *argv, contains=("damaged", self.ref))
                self.assertEqual(r.out, "")
        self.fails(1, "case", "show", "OPH-2026-00077", contains="no case")
        self.assertEqual(file_bytes(self.db), before)
        r = self.fails(1, "check")
        self.assertIn("integrity: ", r.out)

    def test_an_index_page_wiped(self):
        at, page_size = self.index_key()
        with open(self.db, "r+b") as f:
            f.seek((at // page_size) * page_size)
            f.write(b"\0" * page_size)
        before = file_bytes(self.db)
        for argv in (["case", "show", self.ref], ["note", "add", self.ref, "More"]):
            with self.subTest(argv=argv):
                r = self.fails(DB_ERROR, *argv, contains="damaged")
                self.assertEqual(r.out, "")
        self.assertEqual(file_bytes(self.db), before)
        r = self.fails(1, "check")
        self.assertIn("integrity: ", r.out)


if __name__ == "__main__":
    unittest.main()
