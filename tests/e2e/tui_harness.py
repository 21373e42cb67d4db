"""Drives the real ophamp terminal front end inside tmux, for the end-to-end tests.

Every TuiTestCase gets a fresh temporary folder and database, its own tmux server (its own
socket, no user configuration) and a fixed terminal: size, TERM, locale and clock
(OPHAMP_NOW).  Keys go in with `tmux send-keys`; what the user would see comes back with
`tmux capture-pane`.  Waiting is always polling (every 50 ms) for text to appear, never a
fixed sleep; a wait that times out fails the test and shows the screen.

Only the Python standard library and the `tmux` command (3.1 or later, for resize-window)
are used; tmux runs detached, so no terminal is needed on standard input.  The binary is
$OPHAMP_BIN (default build/ophamp in this repository).
"""

import atexit
import json
import os
import re
import select
import shlex
import shutil
import subprocess
import tempfile
import time
import unittest
import uuid

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("OPHAMP_BIN") or os.path.join(REPO, "build", "ophamp")
TMUX = shutil.which("tmux") or "/usr/bin/tmux"
NOW = "2026-04-08 10:00"  # London (BST): 2026-04-08T09:00:00Z
TERM = "screen-256color"   # what a program inside tmux should be told
LOCALE = "C.UTF-8"
COLS, ROWS = 100, 30
POLL = 0.05
# How long a wait may last before the test fails: only a bound for a program that never gets
# there (a wait returns as soon as the screen is right), so it is generous: sanitizer builds
# on a shared, busy machine are slow. OPHAMP_E2E_TIMEOUT sets it.
TIMEOUT = float(os.environ.get("OPHAMP_E2E_TIMEOUT") or 30.0)

REF_RE = re.compile(r"OPH-\d{4}-\d{5}")
STEP_CODES = ["crime", "victim-code", "investigator", "welfare", "slt", "iod", "evidence"]
SUMMARY_RE = re.compile(r"(\d+) overdue \u00b7 (\d+) due today")

# What a sanitizer (or glibc) prints when something went wrong.
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "SUMMARY: AddressSanitizer", "SUMMARY: UndefinedBehaviorSanitizer",
                   "ERROR: UndefinedBehaviorSanitizer", "AddressSanitizer:DEADLYSIGNAL",
                   "*** stack smashing detected", "double free", "malloc(): ",
                   "Segmentation fault")


def tmux_version():
    out = subprocess.run([TMUX, "-V"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, check=False).stdout.decode()
    m = re.search(r"(\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def missing_requirement():
    """Why the suite cannot run here, or None."""
    if not os.path.exists(TMUX):
        return "tmux is not installed"
    if tmux_version() < (3, 1):
        return "tmux 3.1 or later is needed (resize-window)"
    if not os.access(BIN, os.X_OK):
        return "no ophamp binary at %s" % BIN
    return None


def sanitizer_text(text):
    """The sanitizer/crash lines of a stderr text (empty when clean)."""
    return [line for line in text.splitlines() if any(m in line for m in SANITIZER_MARKS)]


# SGR (Select Graphic Rendition) sequences, as tmux's capture-pane -e writes them.
SGR_RE = re.compile(r"\x1b\[([0-9;:]*)m")


def colour_codes(ansi_text):
    """Every SGR parameter in ansi_text that sets a colour (not bold, reverse, underline,
    dim, italics or a reset to the default colours 39/49)."""
    found = []
    for m in SGR_RE.finditer(ansi_text):
        params = [p for p in re.split(r"[;:]", m.group(1))] or ["0"]
        i = 0
        while i < len(params):
            p = params[i]
            n = int(p) if p.isdigit() else 0
            if n in (38, 48, 58):  # extended colour: 38;5;N or 38;2;R;G;B
                kind = params[i + 1] if i + 1 < len(params) else ""
                skip = 2 if kind == "5" else 4 if kind == "2" else 1
                found.append(";".join(params[i:i + 1 + skip]))
                i += 1 + skip
                continue
            if 30 <= n <= 37 or 40 <= n <= 47 or 90 <= n <= 97 or 100 <= n <= 107:
                found.append(p)
            i += 1
    return found


class Control:
    """A tmux control-mode client (tmux -C) of the test's server, attached to a session of its
    own ("ctl", which leaves the size of the test's window alone): each command is a line
    written to it and a %begin ... %end block read back, instead of a tmux process a command.
    A wait polls the screen every 50 ms, so this is most of the terminal tests' processor
    time: a tmux client costs about 5 ms a run."""

    def __init__(self, argv):
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        self.proc = subprocess.Popen(argv + ["-C", "new-session", "-s", "ctl",
                                             "exec sleep %d" % Tui.LIFETIME],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env)
        self.buf = b""
        # The client is attached once the block of the command that started it has ended.
        deadline = time.monotonic() + 20
        while True:
            line = self._line(deadline)
            if line is None or line.startswith(("%end ", "%error ")):
                break
        ok, _ = self.run(["refresh-client", "-f", "no-output"])
        if not ok:
            self.close()
            raise AssertionError("tmux control mode did not start")

    @staticmethod
    def takes(args):
        """Whether these arguments can go as one control-mode line: each single-quoted, so
        none may hold a quote or a control character (those go as a tmux process)."""
        return args[0] not in ("kill-server", "new-session") and all(
            "'" not in a and all(ord(ch) >= 32 and ch != "\x7f" for ch in a) for a in args)

    def _line(self, deadline):
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise AssertionError("tmux control mode did not answer in 20 s")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8", "replace")

    def run(self, args):
        """(True, output) or (False, message) as the command ended; (None, "") when the
        server has gone."""
        try:
            self.proc.stdin.write((" ".join("'%s'" % a for a in args) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            return None, ""
        deadline = time.monotonic() + 20
        out, block = [], None
        while True:
            line = self._line(deadline)
            if line is None:
                return None, ""
            words = line.split(" ")
            if block is None:
                # Our commands' blocks have flags 1; notifications and the block of the
                # command that started the client come outside them.
                if words[0] == "%begin" and words[3:] == ["1"]:
                    block = words[2]
                continue
            if words[0] in ("%end", "%error") and words[2:] == [block, "1"]:
                text = "".join(ln + "\n" for ln in out)
                return words[0] == "%end", text
            out.append(line)

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


class Tui:
    """One tmux server with one window running one command."""

    def __init__(self, workdir, cols=COLS, rows=ROWS):
        self.workdir = workdir
        self.sock = "ophamp-e2e-%d-%s" % (os.getpid(), uuid.uuid4().hex[:10])
        self.conf = os.path.join(workdir, "tmux.conf")
        with open(self.conf, "w") as f:
            # No status bar: the pane is the whole window.  (No `window-size manual` here:
            # tmux 3.3a's server dies on it at start-up; new-session -x/-y and resize-window
            # set the size anyway.)
            f.write("set -g status off\n"
                    "set -g default-terminal %s\n"
                    "set -s escape-time 0\n"
                    "set -g history-limit 1000\n" % TERM)
        self.cols, self.rows = cols, rows
        self.started = False
        self.stderr_path = None
        self.rc_path = None
        self.socket_path = None
        self.runs = 0
        self.target = "e2e:0.0"
        self.control = None

    # ---- tmux --------------------------------------------------------------------------

    def tmux(self, *args, check=True):
        if self.control and self.control.takes(args):
            ok, out = self.control.run(args)
            if ok is not None:
                if check and not ok:
                    raise AssertionError("tmux %s failed: %s" % (" ".join(args), out))
                return out
            self.control = None  # the server is gone: say so as a tmux command would
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        proc = subprocess.run([TMUX, "-L", self.sock, "-f", self.conf] + list(args),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, timeout=20)
        if check and proc.returncode != 0:
            raise AssertionError("tmux %s failed (%d): %s" % (
                " ".join(args), proc.returncode, proc.stderr.decode("utf-8", "replace")))
        return proc.stdout.decode("utf-8", "replace")

    # However a test ends (even killed), nothing it started outlives these many seconds.
    LIFETIME = 600

    def command(self, argv, env, stderr_path=None, cwd=None, time_limit=LIFETIME):
        """The shell command that runs argv with exactly the environment env (stopped after
        time_limit seconds), writes its exit status to a file (tmux 3.3a does not always fill
        in #{pane_dead_status} after resize-window and respawn-pane), then keeps the pane
        (and its last screen) until the test kills the server or LIFETIME runs out."""
        self.runs += 1
        self.rc_path = os.path.join(self.workdir, "status-%d" % self.runs)
        words = ["/usr/bin/env", "-i"] + ["%s=%s" % kv for kv in sorted(env.items())]
        if time_limit:
            words = ["timeout", "--foreground", "-k", "5", str(time_limit)] + words
        command = " ".join(shlex.quote(w) for w in words + list(argv))
        if stderr_path:
            command += " 2>" + shlex.quote(stderr_path)
        command += "; echo $? >%s; exec sleep %d" % (shlex.quote(self.rc_path), self.LIFETIME)
        if cwd:
            command = "cd %s && %s" % (shlex.quote(cwd), command)
        return command

    def start(self, argv, env, stderr_path=None, cwd=None, time_limit=LIFETIME):
        """Runs argv (a list) with exactly the environment env, in a fresh detached session
        of cols x rows.  Standard error goes to stderr_path when given."""
        self.stderr_path = stderr_path
        self.tmux("new-session", "-d", "-s", "e2e", "-x", str(self.cols), "-y", str(self.rows),
                  self.command(argv, env, stderr_path, cwd, time_limit))
        self.started = True
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()
        self.control = Control([TMUX, "-L", self.sock, "-f", self.conf])

    def respawn(self, argv, env, stderr_path=None, cwd=None, time_limit=LIFETIME):
        """Runs another command in the same pane (the last one must have ended)."""
        self.stderr_path = stderr_path
        self.tmux("respawn-pane", "-k", "-t", self.target,
                  self.command(argv, env, stderr_path, cwd, time_limit))

    def kill(self):
        if self.control:
            self.control.close()
            self.control = None
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False
            if self.socket_path and os.path.exists(self.socket_path):
                os.unlink(self.socket_path)

    # ---- input -------------------------------------------------------------------------

    def keys(self, *names):
        """Sends tmux key names: Enter, Escape, Tab, BTab, Down, Up, NPage, PPage, C-s …"""
        for name in names:
            self.tmux("send-keys", "-t", self.target, name)

    def type(self, text):
        """Types text literally."""
        if text:  # after --, text that starts with a dash ("-2h") is not an option
            self.tmux("send-keys", "-t", self.target, "-l", "--", text)

    # ---- the mouse, as a terminal reports it (X10 encoding, what ncurses asks for under
    # TERM=screen-256color): ESC [ M, then the button, column and row each plus 32 (from 1).

    def _mouse_bytes(self, button, y, x):
        return ["1b", "5b", "4d", "%02x" % (32 + button), "%02x" % (33 + x), "%02x" % (33 + y)]

    def click(self, y, x, times=1):
        """Clicks the left button at screen row y, column x (from 0), times in a row; all in
        one write, so that a double click is one whatever the machine's speed."""
        data = []
        for _ in range(times):
            data += self._mouse_bytes(0, y, x) + self._mouse_bytes(3, y, x)
        self.tmux("send-keys", "-t", self.target, "-H", *data)

    def wheel(self, y, x, down=True):
        self.tmux("send-keys", "-t", self.target, "-H", *self._mouse_bytes(65 if down else 64,
                                                                             y, x))

    def mouse_taken(self):
        """Whether the program running in the pane asked the terminal for mouse events."""
        return self.tmux("display-message", "-p", "-t", self.target,
                         "#{mouse_any_flag}").strip() == "1"

    def resize(self, cols, rows):
        self.tmux("resize-window", "-t", "e2e:0", "-x", str(cols), "-y", str(rows))
        self.cols, self.rows = cols, rows
        deadline = time.monotonic() + TIMEOUT
        while self.size() != (cols, rows):
            if time.monotonic() > deadline:
                raise AssertionError("the pane did not become %dx%d (it is %r)" % (
                    cols, rows, self.size()))
            time.sleep(POLL)

    # ---- output ------------------------------------------------------------------------

    def size(self):
        out = self.tmux("display-message", "-p", "-t", self.target,
                        "#{pane_width} #{pane_height}").split()
        return int(out[0]), int(out[1])

    def screen(self, ansi=False):
        """The visible screen as text (with SGR escape sequences when ansi)."""
        args = ["capture-pane", "-p", "-t", self.target]
        if ansi:
            args.append("-e")
        return self.tmux(*args)

    def lines(self):
        text = self.screen()
        rows = text.split("\n")
        if rows and rows[-1] == "":
            rows.pop()
        while len(rows) < self.rows:
            rows.append("")
        return rows

    def row(self, n):
        """Row n of the screen (negative counts from the bottom)."""
        return self.lines()[n]

    def title(self):
        return self.row(0)

    def status(self):
        return self.row(self.rows - 2)

    def footer(self):
        return self.row(self.rows - 1)

    def summary(self):
        """(overdue, due today) from the title line, or None."""
        m = SUMMARY_RE.search(self.title())
        return (int(m.group(1)), int(m.group(2))) if m else None

    def dead(self):
        """The exit status once the command has ended (128 + N when a signal N ended it),
        else None."""
        if self.rc_path and os.path.exists(self.rc_path):
            with open(self.rc_path) as f:
                text = f.read()
            if text.endswith("\n"):
                return int(text)
        return None

    def pane_tty(self):
        return self.tmux("display-message", "-p", "-t", self.target, "#{pane_tty}").strip()

    def stty(self):
        """`stty -a` of the pane's terminal, as the program has set it."""
        proc = subprocess.run(["stty", "-a", "-F", self.pane_tty()], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=10)
        return proc.stdout.decode("utf-8", "replace")

    def stderr(self):
        if not self.stderr_path or not os.path.exists(self.stderr_path):
            return ""
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def describe(self, why=""):
        try:
            rows = self.lines()
            size = "%dx%d" % self.size()
        except AssertionError as e:
            rows, size = ["(no screen: %s)" % e], "?"
        shown = "\n".join("%2d|%s" % (i, r) for i, r in enumerate(rows))
        text = "%s\n--- screen (%s) ---\n%s\n---" % (why, size, shown)
        err = self.stderr()
        if err:
            text += "\n--- stderr ---\n%s\n---" % err[-3000:]
        status = self.dead() if self.started else None
        if status is not None:
            text += "\n(the program has exited with status %d)" % status
        return text

    # ---- waiting -----------------------------------------------------------------------

    def wait_until(self, predicate, what, timeout=None):
        """Polls until predicate(screen text) is true; fails showing the screen."""
        deadline = time.monotonic() + (timeout or TIMEOUT)
        while True:
            text = self.screen()
            if predicate(text):
                # The program may be caught half-way through drawing (a slow sanitizer
                # build): only a screen that stays the same for a moment counts as drawn.
                time.sleep(POLL)
                again = self.screen()
                if again == text:
                    return text
                continue
            if time.monotonic() > deadline:
                raise AssertionError(self.describe("timed out waiting for %s" % what))
            if self.dead() is not None:
                # One last look: the screen of a dead pane no longer changes.
                text = self.screen()
                if predicate(text):
                    return text
                raise AssertionError(self.describe("the program ended while waiting for %s"
                                                   % what))
            time.sleep(POLL)

    def wait_for(self, text, timeout=None):
        """Waits until text (a string, or a compiled regular expression) is on screen."""
        if isinstance(text, re.Pattern):
            return self.wait_until(lambda s: text.search(s), "/%s/" % text.pattern, timeout)
        return self.wait_until(lambda s: text in s, repr(text), timeout)

    def wait_gone(self, text, timeout=None):
        return self.wait_until(lambda s: text not in s, "%r to go" % text, timeout)

    def wait_row(self, n, text, timeout=None):
        """Waits until row n contains text."""
        def ok(_):
            return text in self.row(n)
        self.wait_until(ok, "%r on row %d" % (text, n), timeout)
        return self.row(n)

    def wait_exit(self, timeout=None):
        """Waits for the command to end; returns its exit status."""
        deadline = time.monotonic() + (timeout or TIMEOUT)
        while True:
            status = self.dead()
            if status is not None:
                return status
            if time.monotonic() > deadline:
                raise AssertionError(self.describe("the program did not exit"))
            time.sleep(POLL)

    def wait_file(self, path, timeout=None):
        """Waits until path exists and ends with a newline; returns its text."""
        deadline = time.monotonic() + (timeout or TIMEOUT)
        while True:
            if os.path.exists(path):
                with open(path) as f:
                    text = f.read()
                if text.endswith("\n"):
                    return text
            if time.monotonic() > deadline:
                raise AssertionError(self.describe("timed out waiting for the file %s" % path))
            time.sleep(POLL)


def base_env(tmp, extra=None):
    """The whole environment of the program: nothing is inherited but PATH and the sanitizer
    options (so NO_COLOR, OPHAMP_* and the user's locale never leak in)."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": os.path.join(tmp, "home"),
        "XDG_DATA_HOME": os.path.join(tmp, "xdg"),
        "TERM": TERM,
        "LANG": LOCALE,
        "LC_ALL": LOCALE,
        "TZ": "UTC",
        "OPHAMP_NOW": NOW,
        "USER": "e2e",
        "LOGNAME": "e2e",
    }
    for k, v in os.environ.items():
        if k.endswith("SAN_OPTIONS") or k == "ASAN_SYMBOLIZER_PATH":
            env[k] = v
    for k, v in (extra or {}).items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


class CliResult:
    def __init__(self, argv, proc):
        self.argv = argv
        self.rc = proc.returncode
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")

    def describe(self):
        return "ophamp %r -> exit %d\nstdout: %r\nstderr: %r" % (
            self.argv[1:], self.rc, self.out[:2000], self.err[:2000])


# The user named in a new database before the front end opens (start_tui).
TESTER = ("Sam Tester", "9900", "--rank", "Sgt")


class TuiTestCase(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        # scripts/deps.sh installs tmux and `make test` builds the binary: a missing one is
        # an error, never a quiet skip.
        why = missing_requirement()
        if why:
            raise RuntimeError("the end-to-end tests cannot run: " + why)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ophamp-e2e-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        os.makedirs(os.path.join(self.tmp, "home"), exist_ok=True)
        self.db = os.path.join(self.tmp, "ophamp.db")
        self.tuis = []
        self.named = False  # whether the database's user is named (ophamp whoami)

    def tearDown(self):
        for t in self.tuis:
            t.kill()

    _cached_dbs = {}  # build function -> (a copy of the database it made, what it returned)

    def cached_db(self, build):
        """This test's database as build() makes it through the command line, and what
        build() returns: build() runs only the first time in each test process; later tests
        get a copy of the file (a set-up every test of a class repeats reaches no code the
        first did not). build() must make nothing but the database."""
        key = (build.__module__, build.__qualname__)
        if key in self._cached_dbs:
            path, value, named = self._cached_dbs[key]
            shutil.copyfile(path, self.db)
            self.named = named
            return value
        value = build()
        if not (os.path.exists(self.db + "-wal") and os.path.getsize(self.db + "-wal")):
            folder = tempfile.mkdtemp(prefix="ophamp-e2e-cache-")
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            path = os.path.join(folder, "ophamp.db")
            shutil.copyfile(self.db, path)
            self._cached_dbs[key] = (path, value, self.named)
        return value

    # ---- the terminal front end --------------------------------------------------------

    def new_tui(self, cols=COLS, rows=ROWS):
        work = tempfile.mkdtemp(prefix="tmux-", dir=self.tmp)
        t = Tui(work, cols, rows)
        self.tuis.append(t)
        return t

    def start_tui(self, cols=COLS, rows=ROWS, env=None, args=(), now=None, name_user=True):
        """Opens `ophamp --db DB` in a fresh cols x rows terminal; stderr goes to a file. Unless
        told not to, a database whose user is not named yet gets one first (TESTER), so that
        changes are not met by the "Who are you?" form (tested on its own)."""
        if name_user and not self.named:
            self.name_user(*TESTER)
        t = self.new_tui(cols, rows)
        e = base_env(self.tmp, env)
        if now:
            e["OPHAMP_NOW"] = now
        t.start([BIN, "--db", self.db] + list(args), e,
                stderr_path=os.path.join(t.workdir, "stderr"), cwd=self.tmp)
        # The title line is drawn first of all, whatever the view.
        t.wait_for("ophamp")
        self.tui = t
        return t

    def quit_tui(self, t=None, keys=("q",), status=0):
        """Quits (q on the home view by default), checks the exit status and that stderr
        is clean."""
        t = t or self.tui
        t.keys(*keys)
        rc = t.wait_exit()
        self.assertEqual(rc, status, t.describe("unexpected exit status"))
        self.assert_clean_stderr(t)
        return rc

    def assert_clean_stderr(self, t=None):
        t = t or self.tui
        bad = sanitizer_text(t.stderr())
        self.assertEqual(bad, [], t.describe("a sanitizer or crash report on stderr"))

    # ---- the command line, to check the database ---------------------------------------

    def cli(self, *args, now=None):
        argv = [BIN, "--db", self.db] + list(args)
        e = base_env(self.tmp)
        if now:
            e["OPHAMP_NOW"] = now
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=e, timeout=60, cwd=self.tmp)
        return CliResult(argv, proc)

    def ok(self, *args, **kw):
        r = self.cli(*args, **kw)
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(sanitizer_text(r.err), [], r.describe())
        return r.out

    def cases(self, *flags):
        """case list --all (or flags) --format json, as a list."""
        r = self.cli("case", "list", *(flags or ("--all",)), "--format", "json")
        self.assertIn(r.rc, (0, 1), r.describe())
        rows = json.loads(r.out) if r.out.strip() else []
        self.assertIsInstance(rows, list, r.describe())
        return rows

    def show(self, ref):
        return json.loads(self.ok("case", "show", ref, "--format", "json"))

    def reminders(self, now=None):
        r = self.cli("remind", "--format", "json", now=now)
        self.assertIn(r.rc, (0, 1), r.describe())
        return json.loads(r.out)

    @staticmethod
    def step(case, code):
        for s in case["steps"]:
            if s["code"] == code:
                return s
        raise AssertionError("no step %s in %r" % (code, [s["code"] for s in case["steps"]]))

    def name_user(self, name, number, *extra):
        """Names the database's user (ophamp whoami), adding them: nothing is saved before."""
        out = self.ok("whoami", number, "--name", name, *extra)
        self.assertTrue(out.endswith("(%s)\n" % number), out)
        self.named = True
        return number

    def add_person(self, name, number, *extra):
        """Adds a person; the first one added is also named as the database's user."""
        if not self.named:
            return self.name_user(name, number, *extra)
        self.ok("person", "add", "--name", name, "--number", number, *extra)
        return number

    def new_case(self, victim, supervisor, occurred, location="High Street", *extra):
        out = self.ok("case", "new", "--victim", victim, "--supervisor", supervisor,
                      "--occurred", occurred, "--location", location, *extra)
        ref = out.strip()
        self.assertRegex(ref, r"^OPH-\d{4}-\d{5}$")
        return ref
