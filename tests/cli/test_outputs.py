"""Where the program's output goes: never over its own database (by any name, with --force or
not), and an output that cannot be written is one error line and exit status 3."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import BIN, RUN_TIMEOUT, OphampTestCase, file_bytes  # noqa: E402

DB_ERROR = 3

# Every command that writes a file of its own (-o FILE, or backup's FILE).
WRITERS = [["export", "--all", "--format", "md", "-o"],
           ["export", "--all", "--format", "csv", "-o"],
           ["report", "-o"],
           ["remind", "--format", "ics", "-o"],
           ["backup"]]


class TestNeverOverTheDatabase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.add_staff()
        self.ref = self.new_case()

    def folder(self):
        return sorted(os.listdir(self.tmp))

    def assert_refused(self, target, what, cwd=None):
        """Every writer, with --force and without, refuses target: exit 3, one line naming
        what it is, nothing written anywhere."""
        before, names = file_bytes(self.db), self.folder()
        for argv in WRITERS:
            for force in ([], ["--force"]):
                with self.subTest(argv=argv, target=target, force=force):
                    r = self.fails(DB_ERROR, *argv, target, *force, cwd=cwd,
                                   contains=(what, "never writes over its database"))
                    self.assertEqual(r.out, "", r.describe())
                    self.assertEqual(file_bytes(self.db), before, "the database changed")
                    self.assertEqual(self.folder(), names, "a file was left behind")

    def test_the_database_by_any_name(self):
        self.assert_refused(self.db, "the database itself")
        self.assert_refused("ophamp.db", "the database itself", cwd=self.tmp)
        sub = os.path.join(self.tmp, "sub")
        os.mkdir(sub)
        self.assert_refused("../ophamp.db", "the database itself", cwd=sub)
        link = os.path.join(self.tmp, "cases.md")
        os.symlink("ophamp.db", link)
        self.assert_refused(link, "the database itself")
        second = os.path.join(self.tmp, "second.csv")
        os.link(self.db, second)
        self.assert_refused(second, "the database itself")

    def test_the_files_beside_it_there_or_not(self):
        sides = (("-wal", "write-ahead log"), ("-shm", "shared-memory index"),
                 ("-journal", "rollback journal"))
        for suffix, what in sides:
            side = self.db + suffix
            self.assertFalse(os.path.exists(side))
            self.assert_refused(side, what)  # not there: by its name
            self.assert_refused(os.path.basename(side), what, cwd=self.tmp)
            # there, by what it is, whatever the name: the log's files exist while ophamp has
            # the database open, and a journal left behind is a file
            if suffix == "-journal":
                with open(side, "wb"):
                    pass
            link = os.path.join(self.tmp, "link" + suffix)
            os.symlink(side, link)
            self.assert_refused(link, what)
            os.unlink(link)
        os.unlink(self.db + "-journal")
        self.assertEqual(self.show(self.ref)["reference"], self.ref)

    def test_standard_output_appended_to_the_database(self):
        before = file_bytes(self.db)
        for argv in (["case", "list"], ["case", "show", self.ref], ["remind"],
                     ["export", self.ref, "--format", "md"]):
            with self.subTest(argv=argv):
                with open(self.db, "ab") as out:
                    proc = subprocess.run([BIN, "--db", self.db] + argv, stdout=out,
                                          stderr=subprocess.PIPE, env=self.env, timeout=RUN_TIMEOUT)
                self.assertEqual(proc.returncode, DB_ERROR, proc.stderr)
                self.assertEqual(proc.stderr.decode().splitlines(), [
                    "ophamp: standard output is the database itself: ophamp never writes over "
                    "its database"])
                self.assertEqual(file_bytes(self.db), before)

    def test_other_files_are_written(self):
        # a name that only starts like the database's, and --force over an ordinary file
        out = os.path.join(self.tmp, "ophamp.db-wal.md")
        self.ok("export", "--all", "--format", "md", "-o", out)
        self.ok("export", "--all", "--format", "md", "-o", out, "--force")
        with open(out, encoding="utf-8") as f:
            self.assertIn(self.ref, f.read())


class TestOutputThatCannotBeWritten(OphampTestCase):
    """A full disk under standard output: exactly one error line, exit status 3."""

    def test_one_line_on_a_full_device(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full here")
        self.add_staff()
        ref = self.new_case()
        for argv in (["case", "list"], ["case", "list", "--format", "json"],
                     ["case", "show", ref], ["case", "show", ref, "--format", "html"],
                     ["remind"], ["remind", "--format", "ics"], ["person", "list"],
                     ["export", "--all", "--format", "md"], ["export", "--all", "--format", "csv"],
                     ["report"], ["rule", "list"], ["check"], ["--help"], ["--version"],
                     ["case", "new", "--help"]):
            with self.subTest(argv=argv):
                with open("/dev/full", "wb") as full:
                    proc = subprocess.run([BIN, "--db", self.db] + argv, stdout=full,
                                          stderr=subprocess.PIPE, env=self.env, timeout=RUN_TIMEOUT)
                lines = proc.stderr.decode().splitlines()
                self.assertEqual(proc.returncode, DB_ERROR, lines)
                self.assertEqual(len(lines), 1, lines)
                self.assertRegex(lines[0], r"^ophamp: cannot write the (output|export): "
                                           r"No space left on device$")


if __name__ == "__main__":
    unittest.main()
