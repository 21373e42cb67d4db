"""Shared helpers for the command-line tests of ophamp.

Each test gets a fresh temporary folder and database, a fixed clock (OPHAMP_NOW, London time)
and an environment that cannot reach the real home folder.  Only the Python standard library
is used.  The binary is $OPHAMP_BIN (default build/ophamp in this repository).

Every run fails its test if the program leaves a sanitizer report on stderr (the ASan/UBSan
build; with OPHAMP_ASAN_BIN, a share of the runs goes to it: see use_asan).  With
OPHAMP_VALGRIND set (make test-valgrind) the program runs under valgrind, and
any report (an invalid read or write, a use of uninitialised memory, a definite leak) fails
the test: OPHAMP_VALGRIND=all runs every run so; any other value samples, in each test file,
the first run of each command (with its first OPHAMP_VALGRIND_SHAPES sets of option names,
default 1), which reaches every command at a small part of the cost; runs on a database of more than 4 MB, and demos of more than 100 cases,
are left out of the sample (too_large_for_valgrind).
"""

import atexit
import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("OPHAMP_BIN") or os.path.join(REPO, "build", "ophamp")

VALGRIND_MODE = os.environ.get("OPHAMP_VALGRIND", "")
VALGRIND_EXIT = 99
VALGRIND = ["valgrind", "--quiet", "--error-exitcode=%d" % VALGRIND_EXIT, "--leak-check=full",
            "--show-leak-kinds=definite", "--errors-for-leak-kinds=definite", "--track-fds=no",
            "--num-callers=30"]
VALGRIND_SLOWER = 10  # how much longer a run may take under valgrind
# A run's time limit, only there to stop one that hangs: no test depends on the machine's
# speed, and a demo of a few thousand cases under the sanitizers on a loaded machine took
# more than the 30 seconds this once was.
RUN_TIMEOUT = 600
# Sets of option names tried under valgrind per command and test file: one, because the
# sanitizers see the rest (use_asan); valgrind is there for what they cannot see (memory read
# before it was written).
VALGRIND_SHAPES = int(os.environ.get("OPHAMP_VALGRIND_SHAPES") or 1)
# With OPHAMP_VALGRIND_SEEN (make test), the sample is taken across the whole suite rather
# than in each file: the first run of each command anywhere (see _first_in_suite).
VALGRIND_SEEN = os.environ.get("OPHAMP_VALGRIND_SEEN", "")
_valgrind_seen = {}   # command words -> the sets of option names run under valgrind

# What a sanitizer (or valgrind) prints when something went wrong.
REPORT_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                "SUMMARY: AddressSanitizer", "SUMMARY: UndefinedBehaviorSanitizer",
                "AddressSanitizer:DEADLYSIGNAL")
VALGRIND_LINE = re.compile(r"^==\d+== ", re.M)


def command_shape(args):
    """The command words and the set of option names of an argument list, without values."""
    words = tuple(a for a in args[:2] if isinstance(a, str) and not a.startswith("-"))
    opts = frozenset((a.split(b"=" if isinstance(a, bytes) else "=", 1)[0])
                     for a in args if (a[:1] in ("-", b"-")))
    return words, opts


# Runs too large for the sample: they read or write thousands of cases, and valgrind runs them
# thirty times slower (a 5,000-case demo alone took minutes) without reaching any code a small
# run does not. Still run with OPHAMP_VALGRIND=all.
VALGRIND_MAX_DB = 4 << 20      # bytes of database
VALGRIND_MAX_DEMO = 100        # demo cases


def too_large_for_valgrind(args, db):
    a = [x for x in args if isinstance(x, str)]
    if a[:1] == ["demo"] and "--cases" in a:
        i = a.index("--cases")
        if i + 1 < len(a) and a[i + 1].isdigit() and int(a[i + 1]) > VALGRIND_MAX_DEMO:
            return True
    if a[:1] == ["demo"] and "--cases" not in a:
        return True  # the default is 200
    try:
        return db is not None and os.path.getsize(db) > VALGRIND_MAX_DB
    except OSError:
        return False


# With OPHAMP_ASAN_BIN (make test: the sanitizer build's program), a share of the runs goes to
# that program instead, so the command-line tests run once and still reach the sanitizers: the
# first run of each command with each set of option names in every test file (with
# OPHAMP_ASAN_SEEN, a file the test files share: in the whole suite, see _first_in_suite),
# and every OPHAMP_ASAN_EVERY-th run besides (default 4: every value, bad or good, has its
# turn in some file).
ASAN_BIN = os.environ.get("OPHAMP_ASAN_BIN", "")
ASAN_EVERY = int(os.environ.get("OPHAMP_ASAN_EVERY") or 4)
ASAN_SEEN = os.environ.get("OPHAMP_ASAN_SEEN", "")
_asan_seen = set()  # (command words, option names) run under the sanitizers
_asan_runs = [0]


def use_asan(args, db=None):
    """Whether this run goes to the sanitizer build's program (see above). Runs over large
    databases and big demos stay on the release build, as for valgrind: they take minutes
    under the sanitizers and reach no code a small run does not (make test-asan runs them)."""
    if not ASAN_BIN or too_large_for_valgrind(list(args), db):
        return False
    _asan_runs[0] += 1
    shape = command_shape(list(args))
    if ASAN_SEEN:
        if _first_in_suite(*shape, ASAN_SEEN):
            return True
    elif shape not in _asan_seen:
        _asan_seen.add(shape)
        return True
    return _asan_runs[0] % ASAN_EVERY == 0


def use_valgrind(args, wanted, db=None):
    """Whether this run goes under valgrind (see the module's docstring)."""
    if not VALGRIND_MODE or wanted is False:
        return False
    if VALGRIND_MODE == "all" or wanted:
        return True
    if too_large_for_valgrind(list(args), db):
        return False
    words, opts = command_shape(list(args))
    if VALGRIND_SEEN:
        return _first_in_suite(words, opts, VALGRIND_SEEN, VALGRIND_SHAPES)
    seen = _valgrind_seen.setdefault(words, set())
    if opts in seen or len(seen) >= VALGRIND_SHAPES:
        return False
    seen.add(opts)
    return True


def _first_in_suite(words, opts, seen, shapes=None):
    """The sample across every test file of the suite (seen: OPHAMP_VALGRIND_SEEN or
    OPHAMP_ASAN_SEEN, a file the files share): whether this command, with this set of option
    names, is new in the whole suite and among the command's first `shapes` sets (None: any
    number). Two files may both take one at the same moment: a run more, no harm."""
    groups = {c.split()[0] for c in COMMANDS if " " in c} | {"setting"}
    words = words[:2] if words[:1] and words[0] in groups else words[:1]  # not its arguments
    key = "%s\t%s\n" % (" ".join(words), " ".join(sorted(str(o) for o in opts)))
    try:
        with open(seen, encoding="utf-8") as f:
            lines = f.readlines()
    except FileNotFoundError:
        lines = []
    same = [ln for ln in lines if ln.split("\t", 1)[0] == key.split("\t", 1)[0]]
    if key in lines or (shapes is not None and len(same) >= shapes):
        return False
    with open(seen, "a", encoding="utf-8") as f:
        f.write(key)
    return True
# With OPHAMP_RUNLOG (a file name), every run adds one line to it: the test, the program
# (release, asan or valgrind), the command words, and the run's wall and CPU seconds; for
# measuring where the suite's time goes (docs/PERFORMANCE.md), never read by a test.
RUNLOG = os.environ.get("OPHAMP_RUNLOG", "")


def _log_run(test_id, kind, args, wall, cpu):
    words = " ".join(w for w in command_shape(list(args))[0])
    with open(RUNLOG, "a", encoding="utf-8") as f:
        f.write("%s\t%s\t%s\t%.3f\t%.3f\n" % (test_id, kind, words, wall, cpu))


def _children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


NOW = "2026-04-08 10:00"  # London (BST): 2026-04-08T09:00:00Z
NOW_UTC = "2026-04-08T09:00:00Z"

ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
REF_RE = re.compile(r"^OPH-\d{4}-\d{5}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

STEP_CODES = ["crime", "victim-code", "investigator", "welfare", "slt", "iod", "evidence"]

# Every command of the command table, as typed.
COMMANDS = [
    "person add", "person list",
    "case new", "case edit", "case list", "case show", "case assign", "case decision",
    "case close",
    "step done", "step na",
    "welfare add", "victim update",
    "evidence add", "evidence update",
    "followup done", "followup na",
    "note add", "remind",
    "rule list", "rule set",
    "holiday list", "holiday add", "holiday cancel", "holiday reset",
    "demo",
    "backup", "check",
    "import", "undo",
]

# The staff every case-level test starts from.
VICTIM = "1001"
SUPERVISOR = "2001"
INVESTIGATOR = "3001"
STATEMENT_TAKER = "3002"
MANAGER = "4001"
STAFF = [
    ("Alice Victim", VICTIM, ["--role", "officer", "--rank", "PC", "--team", "Response A"]),
    ("Bob Sergeant", SUPERVISOR, ["--rank", "Sergeant", "--team", "Response A"]),
    ("Carol Investigator", INVESTIGATOR, ["--rank", "DC", "--team", "CID"]),
    ("Dan Statement", STATEMENT_TAKER, ["--role", "pcso", "--team", "Neighbourhood"]),
    ("Erin Manager", MANAGER, ["--rank", "Inspector"]),
]


class Result:
    def __init__(self, argv, proc):
        self.argv = argv
        self.rc = proc.returncode
        self.out_b = proc.stdout
        self.err_b = proc.stderr
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")

    def describe(self):
        shown = [a.decode("utf-8", "backslashreplace") if isinstance(a, bytes) else a
                 for a in self.argv[1:]]
        return "ophamp %r -> exit %d\nstdout: %r\nstderr: %r" % (
            shown, self.rc, self.out[:2000], self.err[:2000])


def base_env(tmp):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("OPHAMP_") and k not in ("XDG_DATA_HOME", "XDG_STATE_HOME",
                                                       "NO_COLOR", "LC_ALL", "LC_CTYPE", "TZ")}
    env["LANG"] = "C.UTF-8"
    env["TZ"] = "UTC"
    env["OPHAMP_NOW"] = NOW
    env["HOME"] = os.path.join(tmp, "home")
    env["XDG_DATA_HOME"] = os.path.join(tmp, "xdg")
    return env


def db_dump(path):
    """Every row of every table (the audit log included) and the schema version, read through
    a read-only connection; None when the file does not exist."""
    if not os.path.exists(path):
        return None
    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        # The rows as SQLite gives them (not iterdump's text, which took a third of the bad
        # input tests' time): what compares equal is the same schema and the same rows.
        schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema "
                              "ORDER BY type, name").fetchall()
        dump = [("schema", schema)]
        for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table' "
                                    "ORDER BY name").fetchall():
            quoted = '"%s"' % name.replace('"', '""')
            dump.append((name, conn.execute("SELECT * FROM %s" % quoted).fetchall()))
        dump.append(("user_version", conn.execute("PRAGMA user_version").fetchone()[0]))
        return dump
    finally:
        conn.close()


def without_log(case):
    """A case as shown (case show --format json) without what only its own database's log
    says: its actions, and who recorded each item ("by"). A bundle carries the case, not the
    log, and the database that imports it logs the import as its own actions."""
    c = dict(case)
    c.pop("actions", None)
    for key in ("followups", "evidence", "timeline"):
        if key in c:
            c[key] = [{k: v for k, v in item.items() if k != "by"} for item in c[key]]
    return c


def file_bytes(path):
    with open(path, "rb") as f:
        return f.read()


# Databases made by a set-up that every test of a class repeats (OphampTestCase.cached_db):
# key -> (a copy of the file, what the set-up returned, whether it named the user).
_cached_dbs = {}
_cache_dir = []


def _cache_folder():
    if not _cache_dir:
        _cache_dir.append(tempfile.mkdtemp(prefix="ophamp-cli-cache-"))
        atexit.register(shutil.rmtree, _cache_dir[0], ignore_errors=True)
    return _cache_dir[0]


class OphampTestCase(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ophamp-cli-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.db = os.path.join(self.tmp, "ophamp.db")
        self.env = base_env(self.tmp)
        self._named = set()  # the databases (db= values) whose user was named

    def cached_db(self, build):
        """This test's database as build() makes it, and what build() returns (the references
        the tests need, say). build() runs the program only the first time in each test
        process (for each build function and OPHAMP_* setting of self.env); later tests get a
        copy of the file it made. For a set-up that every test of a class repeats: the same
        runs again and again reach no code the first did not, and cost most of some files'
        time. build() must make nothing but the database (no other file of self.tmp)."""
        key = (build.__module__, build.__qualname__,
               tuple(sorted((k, v) for k, v in self.env.items() if k.startswith("OPHAMP_"))))
        if key in _cached_dbs:
            path, value, named = _cached_dbs[key]
            shutil.copyfile(path, self.db)
            if named:
                self._named.add(self.db)
            return value
        value = build()
        if os.path.exists(self.db + "-wal") and os.path.getsize(self.db + "-wal"):
            return value  # not checkpointed: not a whole database in one file, not kept
        path = os.path.join(_cache_folder(), "%d.db" % len(_cached_dbs))
        shutil.copyfile(self.db, path)
        _cached_dbs[key] = (path, value, self.db in self._named)
        return value

    # ---- running the program ---------------------------------------------------------------

    def run_ophamp(self, *args, db=True, now=None, env=None, timeout=RUN_TIMEOUT, cwd=None,
                   preexec_fn=None, valgrind=None):
        """Runs ophamp. db: True for this test's database, a path, or None for no --db.
        env: extra variables (a value of None removes the variable). valgrind: under
        OPHAMP_VALGRIND, True to run this one under valgrind whatever was run before, False
        never to (a run too long for it)."""
        argv = [BIN]
        if db is True:
            argv += ["--db", self.db]
        elif db:
            argv += ["--db", db]
        argv += list(args)
        e = dict(self.env)
        if now is not None:
            e["OPHAMP_NOW"] = now
        for k, v in (env or {}).items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        checked = use_valgrind(args, valgrind, self.db if db is True else db or None)
        if not checked and use_asan(args, self.db if db is True else db or None):
            argv[0] = ASAN_BIN
        run = VALGRIND + argv if checked else argv
        if RUNLOG:
            started, cpu = time.monotonic(), _children_cpu()
        proc = subprocess.run(run, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=e,
                              timeout=timeout * (VALGRIND_SLOWER if checked else 1),
                              cwd=cwd or self.tmp, preexec_fn=preexec_fn)
        if RUNLOG:
            _log_run(self.id(), "valgrind" if checked else "asan" if argv[0] == ASAN_BIN
                     else "release", args, time.monotonic() - started, _children_cpu() - cpu)
        r = Result(argv, proc)
        marks = [line for line in r.err.splitlines() if any(m in line for m in REPORT_MARKS)]
        self.assertEqual(marks, [], "a sanitizer report\n" + r.describe())
        if checked and (r.rc == VALGRIND_EXIT or VALGRIND_LINE.search(r.err)):
            self.fail("valgrind reports an error (exit %d)\n%s" % (r.rc, r.err[:20000]))
        return r

    def ok(self, *args, **kw):
        """Runs a command that must succeed quietly; returns its standard output."""
        r = self.run_ophamp(*args, **kw)
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(r.err, "", r.describe())
        return r.out

    def assert_error_line(self, r, code, contains=()):
        """Exit status `code` (or one of a tuple) and exactly one clean line on stderr that
        starts with 'ophamp' and contains every string of `contains` (any case)."""
        codes = code if isinstance(code, tuple) else (code,)
        self.assertIn(r.rc, codes, r.describe())
        err = r.err_b
        self.assertTrue(err.endswith(b"\n"), "stderr must be one whole line\n" + r.describe())
        self.assertEqual(err.count(b"\n"), 1, "stderr must be exactly one line\n" + r.describe())
        self.assertTrue(err.startswith(b"ophamp"), r.describe())
        try:
            text = err.decode("utf-8")
        except UnicodeDecodeError:
            self.fail("stderr is not valid UTF-8\n" + r.describe())
        bad = [c for c in text[:-1] if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0
               or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]
        self.assertEqual(bad, [], "stderr carries control characters\n" + r.describe())
        if isinstance(contains, str):
            contains = (contains,)
        for want in contains:
            self.assertIn(want.lower(), text.lower(), r.describe())
        return text

    def fails(self, code, *args, contains=(), **kw):
        """Runs a command that must fail with `code` and one error line; returns the result."""
        r = self.run_ophamp(*args, **kw)
        self.assert_error_line(r, code, contains)
        return r

    def refused(self, code, *args, contains=(), db_path=None, **kw):
        """Like fails(), and also: nothing on stdout, and the database (every table, the
        audit log included) exactly as it was."""
        path = db_path or self.db
        before = db_dump(path)
        r = self.run_ophamp(*args, **kw)
        self.assert_error_line(r, code, contains)
        self.assertEqual(r.out, "", "nothing is printed on stdout when refused\n" + r.describe())
        after = db_dump(path)
        self.assertEqual(before, after, "the database changed\n" + r.describe())
        return r

    # ---- fixtures ----------------------------------------------------------------------------

    def name_user(self, number, name=None, *extra, **kw):
        """Names the database's user (ophamp whoami), adding them when a name is given; every
        write is signed by them and refused until someone is named."""
        args = ["whoami", number] + (["--name", name] if name else []) + list(extra)
        out = self.ok(*args, **kw)
        self.assertTrue(out.endswith("(%s)\n" % number), out)
        self._named.add(self._db_key(kw))
        return out.strip()

    def _db_key(self, kw):
        db = kw.get("db", True)
        return self.db if db is True else db

    def add_person(self, name, number, *extra, **kw):
        """Adds a person; the first one added to a database is also named as its user."""
        if self._db_key(kw) not in self._named:
            self.name_user(number, name, *extra, **kw)
            return number
        out = self.ok("person", "add", "--name", name, "--number", number, *extra, **kw)
        self.assertEqual(out, number + "\n")
        return number

    def add_staff(self, **kw):
        for name, number, extra in STAFF:
            self.add_person(name, number, *extra, **kw)

    def staff_and_a_case(self):
        """The staff (add_staff) and one new case (new_case); returns its reference. The
        set-up of many classes, for cached_db."""
        self.add_staff()
        return self.new_case()

    def new_case(self, *extra, victim=VICTIM, supervisor=SUPERVISOR,
                 occurred="2026-04-08 09:00", location="High Street", **kw):
        out = self.ok("case", "new", "--victim", victim, "--supervisor", supervisor,
                      "--occurred", occurred, "--location", location, *extra, **kw)
        ref = out.strip()
        self.assertRegex(ref, REF_RE)
        self.assertEqual(out, ref + "\n")
        return ref

    def show(self, ref, **kw):
        out = self.ok("case", "show", ref, "--format", "json", **kw)
        data = json.loads(out)
        self.assertIsInstance(data, dict)
        return data

    def list_cases(self, *flags, **kw):
        r = self.run_ophamp("case", "list", *flags, "--format", "json", **kw)
        self.assertIn(r.rc, (0, 1), r.describe())
        self.assertEqual(r.err, "", r.describe())
        rows = json.loads(r.out)
        self.assertIsInstance(rows, list)
        self.assertEqual(r.rc == 1, rows == [], "exit 1 exactly when nothing matches\n"
                         + r.describe())
        return rows

    def reminders(self, *flags, **kw):
        """(exit status, rows) of remind --format json."""
        r = self.run_ophamp("remind", *flags, "--format", "json", **kw)
        self.assertIn(r.rc, (0, 1), r.describe())
        self.assertEqual(r.err, "", r.describe())
        rows = json.loads(r.out)
        self.assertIsInstance(rows, list)
        return r.rc, rows

    @staticmethod
    def step(case, code):
        for s in case["steps"]:
            if s["code"] == code:
                return s
        raise AssertionError("no step %s" % code)

    @staticmethod
    def followups(case, rule=None, kind=None, status=None):
        return [f for f in case["followups"]
                if (rule is None or f.get("rule") == rule)
                and (kind is None or f["kind"] == kind)
                and (status is None or f["status"] == status)]

    def complete_all_steps_na(self, ref, **kw):
        """Marks every step still pending not applicable (step evidence may have been done by
        its items already)."""
        case = self.show(ref, **kw)
        for code in STEP_CODES:
            if self.step(case, code)["status"] == "pending":
                self.ok("step", "na", ref, code, "--reason", "test: not needed for " + code, **kw)
