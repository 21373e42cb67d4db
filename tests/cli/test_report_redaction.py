"""ophamp report --redact: what a reader of the redacted report can work out.

Every table of the redacted report (read in its JSON form) over generated databases of
several sizes, periods and thresholds is turned into a linear programme: each published
figure is fixed, each hidden one is a variable bounded by what its mark says (<N: 1..N-1; a
count of people hidden as [c]: N or more, since every count from 1 to N-1 is shown <N; a
figure of work hidden as [c]: 0 or more), tied by every sum a reader knows (the injuries,
the outcomes and the months add up to the cases, the steps' rows to their totals, the
months' steps to the steps table, the arrests inside and outside custody to the arrests ...)
and by every published percent and mean (to their rounding). Each hidden figure is then
minimised and maximised (scipy's HiGHS): the test fails when one has a single possible value,
or when a count of 1..N-1 that is published nowhere (the cases without an arrest, say)
follows exactly. The checker itself is tested on figures that give a count away.

Also here: the marks (<N only on a small count, [c] on anything else hidden, never a dash
for a hidden percent) and the rule for figures of work (shown whatever their size when N or
more cases stand behind them), each with the faults the issue found."""

import csv
import io
import json
import math
import os
import shutil
import sys
import tempfile
import unittest

from scipy.optimize import linprog

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import OphampTestCase  # noqa: E402

NOW = "2026-11-23 09:00"
STEPS = 7
CMP = ["on_time", "late", "overdue", "pending", "not_applicable"]
INJURIES = ["none", "minor", "serious"]

# (cases, seed): the demo spreads them over at least two years, so a month holds from none to
# a few dozen.
DATABASES = [(30, 3), (200, 5), (2000, 8)]
# Periods: twelve months, one whole month, the month still running, everything.
PERIODS = [("2025-12-01", "2026-11-23"), ("2026-06-01", "2026-06-30"),
           ("2026-11-01", "2026-11-23"), ("2000-01-01", "2026-11-23")]
THRESHOLDS = [5, 3, 10]


# ---- the reader's linear programme ---------------------------------------------------------

class Model:
    """Variables with bounds, linear equalities and inequalities, over the published figures."""

    def __init__(self, below):
        self.below = below
        self.names, self.bounds = [], []
        self.eq, self.le = [], []  # ({var: coef}, rhs): sum == rhs, sum <= rhs
        self.kind = {}  # name -> 'small' | 'hidden' | 'implied' | 'shown'

    def var(self, name, value, hidden, small, people):
        """A published figure: fixed when shown, bounded by its mark when hidden."""
        self.names.append(name)
        if not hidden:
            self.bounds.append((value, value))
            self.kind[name] = "shown"
        elif small:
            self.bounds.append((1, self.below - 1))
            self.kind[name] = "small"
        else:
            self.bounds.append((self.below if people else 0, None))
            self.kind[name] = "hidden"
        return name

    def implied(self, name):
        """A count that is published nowhere but may follow from others."""
        self.names.append(name)
        self.bounds.append((0, None))
        self.kind[name] = "implied"
        return name

    def total(self, whole, parts):
        """whole == sum(parts)"""
        self.eq.append(({**{p: 1 for p in parts}, whole: -1}, 0))

    def at_most(self, x, k, y):
        """x <= k * y"""
        self.le.append(({x: 1, y: -k}, 0))

    def ratio(self, num, den, tenths):
        """A percent shown to one decimal: 1000 num / den within half a tenth of it."""
        self.le.append(({num: 1000, den: -(tenths + 0.5)}, 0))
        self.le.append(({num: -1000, den: tenths - 0.5}, 0))

    def _matrix(self, rows):
        index = {n: i for i, n in enumerate(self.names)}
        a, b = [], []
        for coefs, rhs in rows:
            row = [0.0] * len(self.names)
            for n, c in coefs.items():
                row[index[n]] += c
            a.append(row)
            b.append(rhs)
        return (a or None), (b or None)

    def range_of(self, name):
        """The smallest and largest value of a variable (None: unbounded above)."""
        i = self.names.index(name)
        a_eq, b_eq = self._matrix(self.eq)
        a_ub, b_ub = self._matrix(self.le)
        out = []
        for sign in (1, -1):
            c = [0.0] * len(self.names)
            c[i] = sign
            res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=self.bounds,
                          method="highs")
            if res.status == 3:  # unbounded
                out.append(None)
                continue
            if res.status != 0:
                raise AssertionError("the published figures admit no values: %s (%s)"
                                     % (res.message, name))
            out.append(sign * res.fun)
        return out[0], out[1]

    def given_away(self, truth):
        """The hidden figures with one possible value, and the small implied counts that
        follow exactly: [(name, value)]."""
        found = []
        for name, kind in self.kind.items():
            if kind == "shown":
                continue
            if kind == "implied" and not 0 < truth.get(name, 0) < self.below:
                continue
            lo, hi = self.range_of(name)
            if hi is not None and math.ceil(lo - 1e-6) >= math.floor(hi + 1e-6):
                found.append((name, round(lo)))
        return found


def model_of(report, below):
    """The reader's programme for a redacted report's JSON; also the names of its counts."""
    m = Model(below)

    def hidden(obj, key):
        return key in obj.get("suppressed", [])

    def small(obj, key):
        return key in obj.get("small", [])

    def count(name, obj, key, people):
        return m.var(name, obj[key], hidden(obj, key), small(obj, key), people)

    def percent(obj, key, num, den):
        if obj.get(key) is not None:
            m.ratio(num, den, round(obj[key] * 10))

    C = count("cases", report, "cases", True)
    ar, cu = report["arrests"], report["custody"]
    A = count("arrested", ar, "arrested", True)
    K = count("custody", cu, "cases", True)
    KA = count("custody_arrested", cu, "arrested", True)
    NK, NA, KN, OA, ON = (m.implied(n) for n in ("not_custody", "not_arrested",
                                                  "custody_not_arrested", "other_arrested",
                                                  "other_not_arrested"))
    m.total(C, [K, NK])
    m.total(C, [A, NA])
    m.total(K, [KA, KN])
    m.total(NK, [OA, ON])
    m.total(A, [KA, OA])
    m.total(NA, [KN, ON])
    percent(ar, "rate_percent", A, C)
    percent(cu, "share_percent", K, C)
    percent(cu, "arrest_rate_percent", KA, K)

    do = report["days_off"]
    D = count("days_off", do, "cases", True)
    m.total(C, [D, m.implied("no_days_off")])
    lost = m.var("days_lost", do["days_lost"], hidden(do, "days_lost"), False, False)
    m.at_most(D, 1, lost)  # every case with days off lost one at least

    m.total(C, [count("injury_" + k, report["injuries"], k, True) for k in INJURIES])
    oc = report["outcomes"]
    m.total(C, [count("outcome_" + k, oc, k, True) for k in oc if k != "suppressed"
                and k != "small"])

    sv = report["survey"]
    S = count("answers", sv, "answers", True)
    m.total(C, [S, m.implied("no_answer")])
    scores = [count("score_" + k, sv["scores"], k, True) for k in "12345"]
    m.total(S, scores)
    if sv.get("mean") is not None:
        h = round(sv["mean"] * 100)
        weighted = {s: 100 * (i + 1) for i, s in enumerate(scores)}
        m.le.append(({**weighted, S: -(h + 0.5)}, 0))
        m.le.append(({**{s: -c for s, c in weighted.items()}, S: h - 0.5}, 0))

    due_parts, on_time_parts = [], []
    for st in report["steps"]:
        code = st["code"]
        cells = [count("%s_%s" % (code, k), st, k, False) for k in CMP]
        total = count(code + "_total", st, "total", False)
        m.total(total, cells)
        m.total(C, [total])  # every case has its seven steps
        due_parts += cells[:3]
        on_time_parts.append(cells[0])
        if st.get("on_time_percent") is not None:
            due = m.implied(code + "_due")
            m.total(due, cells[:3])
            m.ratio(cells[0], due, round(st["on_time_percent"] * 10))
    for g, f in report["followups"].items():
        g = "followup_" + g  # the follow-ups "welfare" are not the step "welfare"
        cells = [count("%s_%s" % (g, k), f, k, False) for k in CMP]
        m.total(count(g + "_total", f, "total", False), cells)
        if f.get("on_time_percent") is not None:
            due = m.implied(g + "_due")
            m.total(due, cells[:3])
            m.ratio(cells[0], due, round(f["on_time_percent"] * 10))

    months, m_due, m_on = [], [], []
    for mo in report["months"]:
        name = mo["month"]
        M = count("cases_" + name, mo, "cases", True)
        due = count("due_" + name, mo, "steps_due", False)
        on = count("on_time_" + name, mo, "steps_on_time", False)
        m.at_most(due, STEPS, M)
        m.at_most(on, 1, due)
        percent(mo, "on_time_percent", on, due)
        months.append(M)
        m_due.append(due)
        m_on.append(on)
    m.total(C, months)
    all_due = m.implied("period_due")
    m.total(all_due, due_parts)
    m.total(all_due, m_due)
    all_on = m.implied("period_on_time")
    m.total(all_on, on_time_parts)
    m.total(all_on, m_on)
    return m


def truth_of(report):
    """The implied counts' true values, from the unredacted report."""
    c, a = report["cases"], report["arrests"]["arrested"]
    k, ka = report["custody"]["cases"], report["custody"]["arrested"]
    return {"not_custody": c - k, "not_arrested": c - a, "custody_not_arrested": k - ka,
            "other_arrested": a - ka, "other_not_arrested": c - k - a + ka,
            "no_days_off": c - report["days_off"]["cases"],
            "no_answer": c - report["survey"]["answers"]}


def people_counts(report):
    """(where, object, key) of every count of people in a report."""
    out = [("", report, "cases"), ("arrests", report["arrests"], "arrested"),
           ("custody", report["custody"], "cases"), ("custody", report["custody"], "arrested"),
           ("days_off", report["days_off"], "cases"), ("survey", report["survey"], "answers")]
    out += [("injuries", report["injuries"], k) for k in INJURIES]
    out += [("outcomes", report["outcomes"], k) for k in report["outcomes"]
            if k not in ("suppressed", "small")]
    out += [("scores", report["survey"]["scores"], k) for k in "12345"]
    out += [(m["month"], m, "cases") for m in report["months"]]
    return out


def pairs(plain, red, path=()):
    """Walks two reports side by side: (path, plain value, redacted value, redacted object)
    for every value that is not an object or an array."""
    items = (plain.items() if isinstance(plain, dict) else enumerate(plain))
    for k, v in items:
        if k in ("suppressed", "small"):
            continue
        if isinstance(v, (dict, list)):
            yield from pairs(v, red[k], path + (k,))
        else:
            yield path + (k,), v, red[k], red


# ---- the checker on figures that give a count away -----------------------------------------

def tiny_report(injuries, cases, below=5, hide=(), small=()):
    """A report of `cases` cases with nothing else, some injuries hidden."""
    zero = {k: 0 for k in CMP}
    inj = dict(injuries)
    for k in hide:
        inj[k] = None
    inj["suppressed"] = list(hide)
    inj["small"] = list(small)
    return {
        "cases": cases, "arrests": {"arrested": 0, "rate_percent": 0.0},
        "custody": {"cases": 0, "share_percent": 0.0, "arrested": 0,
                    "arrest_rate_percent": None},
        "injuries": inj, "days_off": {"cases": 0, "days_lost": 0},
        "outcomes": {"charged": 0, "open": cases},
        "steps": [dict(zero, code="s%d" % i, total=cases, not_applicable=cases,
                       on_time_percent=None)
                  for i in range(STEPS)],
        "followups": {"welfare": dict(zero, total=0, on_time_percent=None)},
        "survey": {"answers": 0, "mean": None, "scores": {k: 0 for k in "12345"}},
        "months": [{"month": "2026-01", "cases": cases, "steps_due": 0, "steps_on_time": 0,
                    "on_time_percent": None}],
    }


class TestTheChecker(unittest.TestCase):
    """The reader's programme finds what a careless suppression gives away."""

    def test_two_small_counts_of_one_adding_up(self):
        # 1 + 1 hidden beside 95 of 97: both must be 1.
        r = tiny_report({"none": 95, "minor": 1, "serious": 1}, 97, hide=("minor", "serious"),
                        small=("minor", "serious"))
        found = dict(model_of(r, 5).given_away(truth_of(r)))
        self.assertEqual(found, {"injury_minor": 1, "injury_serious": 1})

    def test_a_small_count_beside_a_secondary_of_exactly_n(self):
        # 1 (<5) and 5 ([c], so at least 5) of 6: 6 - 5 = 1.
        r = tiny_report({"none": 5, "minor": 1, "serious": 0}, 6, hide=("none", "minor"),
                        small=("minor",))
        found = dict(model_of(r, 5).given_away(truth_of(r)))
        self.assertEqual(found, {"injury_minor": 1, "injury_none": 5})

    def test_safe_figures_pass(self):
        r = tiny_report({"none": 90, "minor": 3, "serious": 4}, 97, hide=("none", "minor",
                        "serious"), small=("minor", "serious"))
        self.assertEqual(model_of(r, 5).given_away(truth_of(r)), [])

    def test_a_small_count_implied_by_two_shown(self):
        r = tiny_report({"none": 97, "minor": 0, "serious": 0}, 97)
        r["arrests"] = {"arrested": 95, "rate_percent": 97.9}
        found = dict(model_of(r, 5).given_away(truth_of(r)))
        self.assertEqual(found, {"not_arrested": 2, "other_not_arrested": 2})

    def test_a_percent_gives_a_hidden_count_away(self):
        # late (<5) and not applicable ([c]) add up to 12, which alone leaves late 1..4; the
        # percent on time, 95 of 97, says late is 2.
        r = tiny_report({"none": 107, "minor": 0, "serious": 0}, 107)
        r["steps"][0].update(on_time=95, late=None, overdue=0, pending=0, not_applicable=None,
                             total=107, on_time_percent=97.9,
                             suppressed=["late", "not_applicable"], small=["late"])
        r["months"][0].update(steps_due=None, steps_on_time=None,
                              suppressed=["steps_due", "steps_on_time"])
        found = dict(model_of(r, 5).given_away(truth_of(r)))
        self.assertEqual(found.get("s0_late"), 2)
        del r["steps"][0]["on_time_percent"]
        found = dict(model_of(r, 5).given_away(truth_of(r)))
        self.assertNotIn("s0_late", found)


# ---- the redacted report of generated databases ------------------------------------------

class TestGeneratedDatabases(OphampTestCase):
    """Each database is made once (the demo) and copied into each test's folder."""

    made = {}

    @classmethod
    def setUpClass(cls):
        cls.store = tempfile.mkdtemp(prefix="ophamp-redaction-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.store, ignore_errors=True)

    def database(self, cases, seed):
        key = (cases, seed)
        if key not in self.made:
            path = os.path.join(self.store, "demo-%d-%d.db" % key)
            self.ok("demo", "--cases", str(cases), "--seed", str(seed), db=path, now=NOW,
                    timeout=120)
            self.made[key] = path
        return self.made[key]

    def report(self, db, period, *extra, fmt="json"):
        out = self.ok("report", "--from", period[0], "--to", period[1], "--format", fmt,
                      *extra, db=db, now=NOW)
        return json.loads(out) if fmt == "json" else out

    def each(self):
        """(label, db, period, below, plain report, redacted report) for every combination."""
        for cases, seed in DATABASES:
            db = self.database(cases, seed)
            for period in PERIODS:
                plain = self.report(db, period)
                for below in THRESHOLDS:
                    red = self.report(db, period, "--redact", "--suppress-below", str(below))
                    yield ("%d cases, %s..%s, N=%d" % (cases, period[0], period[1], below), db,
                           period, below, plain, red)

    def test_no_hidden_figure_can_be_worked_out(self):
        checked = 0
        for label, _, _, below, plain, red in self.each():
            with self.subTest(label):
                found = model_of(red, below).given_away(truth_of(plain))
                self.assertEqual(found, [], label)
                checked += 1
        self.assertEqual(checked, len(DATABASES) * len(PERIODS) * len(THRESHOLDS))

    def test_marks_say_what_is_hidden(self):
        for label, _, _, below, plain, red in self.each():
            with self.subTest(label):
                self.assertEqual(red["redaction"], {"redacted": True, "suppress_below": below})
                # Every shown figure is the true one.
                for path, p, r, obj in pairs(plain, red):
                    if r is not None and path[0] != "redaction":
                        self.assertEqual(r, p, (label, path))
                # A small count is one from 1 to N-1, and every such count of people is one.
                for where, obj, key in people_counts(red):
                    true = [o for w, o, k in people_counts(plain) if w == where and k == key][0]
                    true = true[key]
                    if 0 < true < below:
                        self.assertIn(key, obj.get("small", []), (label, where, key, true))
                    elif obj[key] is None:
                        self.assertNotIn(key, obj.get("small", []), (label, where, key, true))
                        self.assertGreaterEqual(true, below, (label, where, key))
                # Only counts are small: never a percent, median or mean.
                for path, p, r, obj in pairs(plain, red):
                    if str(path[-1]).endswith(("percent", "minutes_to_done", "mean", "days_lost")):
                        self.assertNotIn(path[-1], obj.get("small", []), (label, path))

    def test_work_is_shown_when_enough_cases_stand_behind_it(self):
        for label, _, _, below, plain, red in self.each():
            with self.subTest(label):
                enough = red["cases"] is not None and red["cases"] >= below
                for group in red["steps"] + list(red["followups"].values()):
                    for key in CMP + ["total"]:
                        self.assertEqual(group[key] is not None, enough,
                                         (label, group.get("code"), key))
                    # The fault: 1-4 steps still due later took the on-time percent away.
                    due = sum(group[k] or 0 for k in CMP[:3])
                    if enough and due:
                        self.assertIsNotNone(group["on_time_percent"], label)
                for m, pm in zip(red["months"], plain["months"]):
                    # The fault: a month with cases <5 beside steps due 14 (2 cases of 7 steps).
                    if m["cases"] is None:
                        for key in ("steps_due", "steps_on_time", "on_time_percent"):
                            self.assertIsNone(m[key], (label, m["month"], key))
                            self.assertIn(key, m["suppressed"])
                            self.assertNotIn(key, m.get("small", []))
                    elif m["cases"] > 0:
                        self.assertEqual(m["steps_due"], pm["steps_due"], label)
                        self.assertEqual(m["on_time_percent"], pm["on_time_percent"], label)

    def test_csv_and_text_marks(self):
        # The faults: a count of 85 hidden beside a small one printed as <5; a month's 92.9 %
        # printed as <5 (read as "under 5 %"); a hidden percent printed as a dash.
        db = self.database(200, 5)
        period = PERIODS[0]
        plain = self.report(db, period, fmt="csv")
        red = self.report(db, period, "--redact", fmt="csv")
        truth = {tuple(r[:4]): r[4] for r in csv.reader(io.StringIO(plain))}
        rows = list(csv.reader(io.StringIO(red)))
        marks = set()
        for r in rows[1:]:
            key, value = tuple(r[:4]), r[4]
            true = truth[key]
            if value == "<5":
                self.assertTrue(r[2] not in ("on_time_percent", "rate_percent",
                                             "share_percent", "arrest_rate_percent",
                                             "median_minutes_to_done", "mean", "days_lost"), r)
                self.assertIn(int(true), range(1, 5), r)
            elif value == "[c]":
                self.assertNotEqual(true, "", r)  # something was there to hide
            else:
                self.assertEqual(value, true, r)
            marks.add(value if value in ("<5", "[c]") else "")
        self.assertEqual(marks, {"", "<5", "[c]"})
        text = self.report(db, period, "--redact", fmt="text")
        self.assertIn("[c]: not shown, so that a count under 5 cannot be worked out", text)
        for line in text.splitlines():
            if line[:3] in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                            "Nov", "Dec") and " <5 " in line:
                cells = line.split()
                self.assertEqual(cells[3:6], ["[c]", "[c]", "(suppressed)"], line)
                self.assertNotIn("\u2014", line)

    def test_a_table_with_a_hidden_figure_says_what_c_means(self):
        db = self.database(200, 5)
        for fmt in ("text", "md", "html"):
            out = self.report(db, PERIODS[0], "--redact", fmt=fmt)
            # The summary has [c] (the mean score, with a score hidden), the seven steps none.
            head, _, rest = out.partition("The seven steps")
            self.assertIn("not shown, so that a count under 5", head, fmt)
            steps = rest.partition("Follow-ups")[0]
            self.assertNotIn("[c]", steps, fmt)


class TestSmallReports(OphampTestCase):
    """Hand-made cases where the faults were seen."""

    def setUp(self):
        super().setUp()
        self.ok("demo", "--cases", "30", "--seed", "3", now=NOW)

    def test_a_month_of_few_cases_hides_its_steps(self):
        # 2 cases, 13 steps due: the steps due would say that there were two.
        d = json.loads(self.ok("report", "--from", "2026-11-01", "--to", "2026-11-23",
                               "--format", "json", "--redact", now=NOW))
        plain = json.loads(self.ok("report", "--from", "2026-11-01", "--to", "2026-11-23",
                                   "--format", "json", now=NOW))
        self.assertLess(plain["cases"], 5)
        self.assertGreater(plain["months"][0]["steps_due"], 0)
        self.assertIsNone(d["cases"])
        self.assertEqual(d["small"], ["cases"])
        m = d["months"][0]
        self.assertEqual((m["cases"], m["steps_due"], m["steps_on_time"], m["on_time_percent"]),
                         (None, None, None, None))
        for s in d["steps"]:
            self.assertIsNone(s["on_time"])
            self.assertNotIn("small", s)


if __name__ == "__main__":
    unittest.main()
