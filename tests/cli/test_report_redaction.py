"""ophamp report --redact: what a reader of the redacted report can work out.

Every table of the redacted report (read in its JSON form) over generated databases of
several sizes, periods and thresholds is turned into a linear programme: each published
figure is fixed, each hidden one is a variable bounded by what its mark says (<N: 1..N-1; a
count of people hidden as [c]: 1 or more, since it may be a small count marked [c] so that a
small total beside small parts gives nothing away; a figure of work hidden as [c]: 0 or more), tied by every sum a reader knows (the injuries,
the outcomes and the months add up to the cases, the steps' rows to their totals, the
months' steps to the steps table, the arrests inside and outside custody to the arrests ...)
and by every published percent and mean (to their rounding). Each hidden figure is then
minimised and maximised (scipy's HiGHS; one that solutions already found put two whole
numbers apart needs neither): the test fails when one has a single possible value,
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
import random
import shutil
import sys
import tempfile
import unittest

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import OphampTestCase  # noqa: E402

NOW = "2026-11-23 09:00"
STEPS = 7
CMP = ["on_time", "late", "overdue", "pending", "not_applicable"]
EVIDENCE = ["secured_in_time", "secured_late", "overdue", "requested", "not_available"]
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
        self.people = {}  # name -> a count of people (not of work)
        self.value = {}  # name -> its value, when shown
        self.totals = []  # (whole, parts)

    def var(self, name, value, hidden, small, people):
        """A published figure: fixed when shown, bounded by its mark when hidden."""
        self.names.append(name)
        self.people[name] = people
        if not hidden:
            self.bounds.append((value, value))
            self.kind[name] = "shown"
            self.value[name] = value
        elif small:
            self.bounds.append((1, self.below - 1))
            self.kind[name] = "small"
        else:
            self.bounds.append((1 if people else 0, None))
            self.kind[name] = "hidden"
        return name

    def implied(self, name):
        """A count that is published nowhere but may follow from others."""
        self.names.append(name)
        self.bounds.append((0, None))
        self.kind[name] = "implied"
        self.people[name] = True
        return name

    def total(self, whole, parts):
        """whole == sum(parts)"""
        self.eq.append(({**{p: 1 for p in parts}, whole: -1}, 0))
        self.totals.append((whole, parts))

    def published_zeros(self):
        """Hidden figures of work in a sum whose shown total is 0: that total publishes them
        (every one is 0 for all to see), so they are not given away by the suppression."""
        return {p for whole, parts in self.totals
                if self.kind.get(whole) == "shown" and self.value.get(whole) == 0
                for p in parts if self.kind.get(p) == "hidden" and not self.people.get(p)}

    def at_most(self, x, k, y):
        """x <= k * y"""
        self.le.append(({x: 1, y: -k}, 0))

    def ratio(self, num, den, tenths):
        """A percent shown to one decimal: 1000 num / den within half a tenth of it."""
        self.le.append(({num: 1000, den: -(tenths + 0.5)}, 0))
        self.le.append(({num: -1000, den: tenths - 0.5}, 0))

    def _matrix(self, rows):
        """The rows as a sparse matrix (a period of many months has thousands of figures,
        each row names a few of them) and their right-hand sides."""
        if not rows:
            return None, None
        index = {n: i for i, n in enumerate(self.names)}
        data, row_of, col_of, b = [], [], [], []
        for r, (coefs, rhs) in enumerate(rows):
            for n, c in coefs.items():
                data.append(c)
                row_of.append(r)
                col_of.append(index[n])
            b.append(rhs)
        a = csr_matrix((data, (row_of, col_of)), shape=(len(rows), len(self.names)))
        return a, b

    def _solve(self, c, bounds=None):
        """The optimum of objective c (within other bounds, if given: there the figures
        may admit no values, status 2): (status, values)."""
        key = (len(self.names), len(self.eq), len(self.le))
        if getattr(self, "_cache", (None,))[0] != key:
            self._cache = (key, self._matrix(self.eq), self._matrix(self.le))
        (a_eq, b_eq), (a_ub, b_ub) = self._cache[1], self._cache[2]
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                      bounds=self.bounds if bounds is None else bounds,
                      method="highs")
        if res.status not in (0, 3) and bounds is None:
            raise AssertionError("the published figures admit no values: %s" % res.message)
        return res.status, res.x

    def range_of(self, name, seen=None):
        """The smallest and largest value of a variable (None: unbounded above). Each
        solution found is a point the figures allow: `seen` (a Seen) keeps it."""
        i = self.names.index(name)
        out = []
        for sign in (1, -1):
            c = [0.0] * len(self.names)
            c[i] = sign
            status, x = self._solve(c)
            if status == 0 and seen is not None:
                seen.add(x)
            out.append(None if status == 3 else x[i])
        return out[0], out[1]

    def given_away(self, truth):
        """The hidden figures with one possible value, and the small implied counts that
        follow exactly: [(name, value)].

        Every solution of the programme is a set of values the published figures allow, so a
        figure that two solutions (whatever objective found them) put two whole numbers apart
        can take two whole values: it is not given away and needs no programme of its own.
        The figures not yet seen to move are pushed up together and down together (each
        with a random weight), which moves most of them at once, and again while that moves
        any; only those left are minimised and maximised one by one, each with its exact
        range as before."""
        found = []
        zeros = self.published_zeros()
        asked = [name for name, kind in self.kind.items()
                 if kind != "shown" and name not in zeros
                 and (kind != "implied" or 0 < truth.get(name, 0) < self.below)]
        index = {n: i for i, n in enumerate(self.names)}
        seen, rng = Seen(len(self.names)), random.Random(7)
        still, before = asked, None
        while still and len(still) != before:
            self.push(still, index, seen, rng)
            before, still = len(still), [n for n in still if not seen.moves(index[n])]
        for name in still:
            if seen.moves(index[name]):
                continue
            lo, hi = self.range_of(name, seen)
            if hi is not None and math.ceil(lo - 1e-6) >= math.floor(hi + 1e-6):
                found.append((name, round(lo)))
        return found

    def push(self, names, index, seen, rng):
        """Two solutions: the figures named maximised together, then minimised together,
        each with a random weight; every figure capped, so that none of them is unbounded
        (a solution under a cap is a solution without it; a cap that leaves no solution
        only costs the programme)."""
        cap = 10 * max([b[0] for b in self.bounds] + [b[1] or 0 for b in self.bounds]
                       + [self.below, 1])
        bounds = [(lo, cap if hi is None else hi) for lo, hi in self.bounds]
        for sign in (1, -1):
            c = [0.0] * len(self.names)
            for n in names:
                c[index[n]] = sign * rng.uniform(0.5, 1.5)
            status, x = self._solve(c, bounds)
            if status == 0:
                seen.add(x)


class Seen:
    """The smallest and largest value each variable has taken in the solutions found."""

    def __init__(self, n):
        self.lo = np.full(n, np.inf)
        self.hi = np.full(n, -np.inf)

    def add(self, x):
        np.minimum(self.lo, x, out=self.lo)
        np.maximum(self.hi, x, out=self.hi)

    def moves(self, i):
        """Two whole values lie between the smallest and the largest value seen."""
        if not self.lo[i] <= self.hi[i]:
            return False  # no value seen yet
        return math.floor(self.hi[i] + 1e-6) - math.ceil(self.lo[i] - 1e-6) >= 1


def model_of(report, below):
    """The reader's programme for one period of a redacted report's JSON (the report itself,
    or its "previous" object: the two periods share no case and no sum)."""
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

    def work_total(name, value, shown):
        """A sum of figures of work the report shows (a step's due, say): fixed when they
        are shown, otherwise implied."""
        return m.var(name, value, False, False, False) if shown else m.implied(name)

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

    # Outcomes, as shares of the closed cases; the custody assaults' as a second row.
    oc, ko = report["outcomes"], report["custody_outcomes"]
    outcome_keys = [k for k in oc if k not in ("suppressed", "small", "open")]
    O = {k: count("outcome_" + k, oc, k, True) for k in outcome_keys}
    OPEN = count("open", oc, "open", True)
    m.total(C, list(O.values()) + [OPEN])
    closed = m.implied("closed")
    m.total(C, [closed, OPEN])
    m.total(closed, list(O.values()))
    shares = report["outcome_shares_of_closed_percent"]
    for k in outcome_keys:
        percent(shares, k, O[k], closed)
    KO = {k: count("custody_outcome_" + k, ko, k, True) for k in outcome_keys}
    KOPEN = count("custody_open", ko, "open", True)
    m.total(K, list(KO.values()) + [KOPEN])
    kclosed = m.implied("custody_closed")
    m.total(K, [kclosed, KOPEN])
    m.total(kclosed, list(KO.values()))
    for k in outcome_keys:
        percent(ko["shares_of_closed_percent"], k, KO[k], kclosed)
    others = []
    for k in outcome_keys + ["open"]:
        rest = m.implied("other_outcome_" + k)
        m.total(OPEN if k == "open" else O[k], [KOPEN if k == "open" else KO[k], rest])
        others.append(rest)
    m.total(NK, others)

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

    def compliance(prefix, obj, keys, percent_key):
        cells = [count("%s_%s" % (prefix, k), obj, k, False) for k in keys]
        m.total(count(prefix + "_total", obj, "total", False), cells)
        if obj.get(percent_key) is not None:
            due = m.implied(prefix + "_due")
            m.total(due, cells[:3])
            m.ratio(cells[0], due, round(obj[percent_key] * 10))
        return cells

    due_parts, on_time_parts, step_due, step_on = [], [], {}, {}
    for st in report["steps"]:
        code = st["code"]
        cells = compliance(code, st, CMP, "on_time_percent")
        m.total(C, [code + "_total"])  # every case has its seven steps
        due_parts += cells[:3]
        on_time_parts.append(cells[0])
        shown = all(st[k] is not None for k in CMP[:3])
        step_due[code] = work_total("step_due_" + code,
                                    sum(st[k] for k in CMP[:3]) if shown else None, shown)
        m.total(step_due[code], cells[:3])
        step_on[code] = work_total("step_on_time_" + code, st["on_time"], st["on_time"]
                                   is not None)
        m.total(step_on[code], [cells[0]])
    for g, f in report["followups"].items():
        compliance("followup_" + g, f, CMP, "on_time_percent")
    compliance("riddor", report["riddor"], CMP, "on_time_percent")
    for kind, e in report["evidence"].items():
        compliance("evidence_" + kind, e, EVIDENCE, "secured_in_time_percent")

    # Known offender, by arrest; the reasons of those not arrested.
    kn = report["known_offender"]
    KN1 = count("known", kn, "known", True)
    KNA = count("known_not_arrested", kn, "not_arrested", True)
    KA1, UK, AO, NAO = (m.implied(n) for n in ("known_arrested", "not_known",
                                               "not_known_arrested", "not_known_not_arrested"))
    m.total(C, [KN1, UK])
    m.total(KN1, [KA1, KNA])
    m.total(A, [KA1, AO])
    m.total(NA, [KNA, NAO])
    m.total(UK, [AO, NAO])
    percent(kn, "known_percent", KN1, C)
    percent(kn, "not_arrested_percent", KNA, KN1)
    if "reasons" in kn:
        rs = kn["reasons"]
        m.total(KNA, [count("reason_" + k, rs, k, True) for k in rs
                      if k not in ("suppressed", "small")])
    if "no_arrest" in report:
        # Of the known offenders not arrested, the closed cases, by the reason given.
        na = report["no_arrest"]
        NOA = count("no_arrest", na, "cases", True)
        m.total(KNA, [NOA, m.implied("known_not_arrested_open")])
        m.total(NOA, [count("no_arrest_" + k, na, k, True) for k in na
                      if k not in ("suppressed", "small", "cases")])

    # The breakdowns, each adding up to the cases; custody is the location kind's.
    for section in ("mechanisms", "locations", "victim_roles"):
        obj = report[section]
        m.total(C, [count("%s_%s" % (section, k), obj, k, True) for k in obj
                    if k not in ("suppressed", "small")])
    m.total(K, ["locations_custody"])
    m.total(C, [count("team_%d" % i, t, "cases", True) for i, t in enumerate(report["teams"])])
    m.total(OPEN, [count("age_" + k, report["open_ageing"], k, True)
                   for k in report["open_ageing"] if k not in ("suppressed", "small")])

    # The months: cases, arrests, custody assaults; steps due and on time, in all and step by
    # step.
    months, m_arr, m_cus, m_narr, m_ncus, m_due, m_on = [], [], [], [], [], [], []
    per_step_due = {code: [] for code in step_due}
    per_step_on = {code: [] for code in step_due}
    for mo in report.get("months", []):
        name = mo["month"]
        M = count("cases_" + name, mo, "cases", True)
        Ma = count("arrested_" + name, mo, "arrested", True)
        Mk = count("custody_" + name, mo, "custody", True)
        Mna, Mnk = m.implied("not_arrested_" + name), m.implied("not_custody_" + name)
        m.total(M, [Ma, Mna])
        m.total(M, [Mk, Mnk])
        due = count("due_" + name, mo, "steps_due", False)
        on = count("on_time_" + name, mo, "steps_on_time", False)
        m.at_most(due, STEPS, M)
        m.at_most(on, 1, due)
        percent(mo, "on_time_percent", on, due)
        sds, sos = [], []
        for st in mo["steps"]:
            code = st["code"]
            sd = count("due_%s_%s" % (name, code), st, "due", False)
            so = count("on_time_%s_%s" % (name, code), st, "on_time", False)
            m.at_most(sd, 1, M)
            m.at_most(so, 1, sd)
            percent(st, "on_time_percent", so, sd)
            sds.append(sd)
            sos.append(so)
            per_step_due[code].append(sd)
            per_step_on[code].append(so)
        m.total(due, sds)
        m.total(on, sos)
        months.append(M)
        m_arr.append(Ma)
        m_cus.append(Mk)
        m_narr.append(Mna)
        m_ncus.append(Mnk)
        m_due.append(due)
        m_on.append(on)
    if "months" in report:
        m.total(C, months)
        m.total(A, m_arr)
        m.total(K, m_cus)
        m.total(NA, m_narr)
        m.total(NK, m_ncus)
        all_due = m.implied("period_due")
        m.total(all_due, due_parts)
        m.total(all_due, m_due)
        all_on = m.implied("period_on_time")
        m.total(all_on, on_time_parts)
        m.total(all_on, m_on)
        for code in step_due:
            m.total(step_due[code], per_step_due[code])
            m.total(step_on[code], per_step_on[code])
    return m


def truth_of(report):
    """The implied counts' true values, from the unredacted report (one period)."""
    c, a = report["cases"], report["arrests"]["arrested"]
    k, ka = report["custody"]["cases"], report["custody"]["arrested"]
    kn, kna = report["known_offender"]["known"], report["known_offender"]["not_arrested"]
    oc, ko = report["outcomes"], report["custody_outcomes"]
    truth = {"not_custody": c - k, "not_arrested": c - a, "custody_not_arrested": k - ka,
             "other_arrested": a - ka, "other_not_arrested": c - k - a + ka,
             "no_days_off": c - report["days_off"]["cases"],
             "no_answer": c - report["survey"]["answers"],
             "closed": c - oc["open"], "custody_closed": k - ko["open"],
             "known_arrested": kn - kna, "not_known": c - kn,
             "not_known_arrested": a - (kn - kna), "not_known_not_arrested": c - a - kna}
    if "no_arrest" in report:
        truth["known_not_arrested_open"] = kna - report["no_arrest"]["cases"]
    for key in oc:
        if key not in ("suppressed", "small"):
            truth["other_outcome_" + key] = oc[key] - ko[key]
    for mo in report.get("months", []):
        truth["not_arrested_" + mo["month"]] = mo["cases"] - mo["arrested"]
        truth["not_custody_" + mo["month"]] = mo["cases"] - mo["custody"]
    return truth


def periods(report):
    """The report's own period and the one beside it: [(label, figures)]."""
    out = [("this period", report)]
    if "previous" in report:
        out.append(("previous period", report["previous"]))
    return out


def people_counts(report):
    """(where, object, key) of every count of people in one period of a report."""
    def keys(obj):
        return [k for k in obj if k not in ("suppressed", "small")]

    out = [("", report, "cases"), ("arrests", report["arrests"], "arrested"),
           ("custody", report["custody"], "cases"), ("custody", report["custody"], "arrested"),
           ("days_off", report["days_off"], "cases"), ("survey", report["survey"], "answers"),
           ("known", report["known_offender"], "known"),
           ("known", report["known_offender"], "not_arrested")]
    if "no_arrest" in report:
        na = report["no_arrest"]
        out += [("no_arrest", na, k) for k in keys(na)]
    out += [("injuries", report["injuries"], k) for k in INJURIES]
    for section in ("outcomes", "mechanisms", "locations", "victim_roles", "open_ageing"):
        out += [(section, report[section], k) for k in keys(report[section])]
    co = report["custody_outcomes"]
    out += [("custody_outcomes", co, k) for k in keys(co) if k != "shares_of_closed_percent"]
    out += [("team %s" % t["team"], t, "cases") for t in report["teams"]]
    out += [("scores", report["survey"]["scores"], k) for k in "12345"]
    for m in report.get("months", []):
        out += [(m["month"], m, k) for k in ("cases", "arrested", "custody")]
    return out


def pairs(plain, red, path=()):
    """Walks two reports side by side: (path, plain value, redacted value, redacted object)
    for every value that is not an object or an array."""
    items = (plain.items() if isinstance(plain, dict) else enumerate(plain))
    for k, v in items:
        if k in ("suppressed", "small", "overdue_items"):  # the list: never redacted
            continue
        if isinstance(v, (dict, list)):
            yield from pairs(v, red[k], path + (k,))
        else:
            yield path + (k,), v, red[k], red


# ---- the checker on figures that give a count away -----------------------------------------

def tiny_report(injuries, cases, below=5, hide=(), small=()):
    """A report of `cases` cases, all open and unknown, with nothing else, some injuries
    hidden."""
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
        "outcome_shares_of_closed_percent": {"charged": None},
        "custody_outcomes": {"charged": 0, "open": 0,
                             "shares_of_closed_percent": {"charged": None}},
        "steps": [dict(zero, code="s%d" % i, total=cases, not_applicable=cases,
                       on_time_percent=None)
                  for i in range(STEPS)],
        "followups": {"welfare": dict(zero, total=0, on_time_percent=None)},
        "riddor": dict(zero, total=0, on_time_percent=None),
        "evidence": {"bwv": dict({k: 0 for k in EVIDENCE}, total=0,
                                 secured_in_time_percent=None)},
        "known_offender": {"known": 0, "known_percent": 0.0, "not_arrested": 0,
                           "not_arrested_percent": None},
        "mechanisms": {"not_recorded": cases}, "locations": {"street": cases, "custody": 0},
        "victim_roles": {"officer": cases}, "teams": [{"team": None, "cases": cases}],
        "open_ageing": {"up_to_30_days": cases},
        "survey": {"answers": 0, "mean": None, "scores": {k: 0 for k in "12345"}},
        "months": [{"month": "2026-01", "cases": cases, "arrested": 0, "custody": 0,
                    "steps_due": 0, "steps_on_time": 0, "on_time_percent": None,
                    "steps": [{"code": "s%d" % i, "due": 0, "on_time": 0,
                               "on_time_percent": None} for i in range(STEPS)]}],
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
        # 1 (<5) and 5 ([c]) of 6: a count of people hidden as [c] may be small (a small total
        # beside small parts is marked [c]), so a reader knows only that it is 1 or more.
        r = tiny_report({"none": 5, "minor": 1, "serious": 0}, 6, hide=("none", "minor"),
                        small=("minor",))
        self.assertEqual(model_of(r, 5).given_away(truth_of(r)), [])
        # Marked <3 beside a total of 2, two small counts are each 1: the fault of a small total
        # shown beside all of its small parts.
        r = tiny_report({"none": 0, "minor": 1, "serious": 1}, 2, hide=("minor", "serious"),
                        small=("minor", "serious"))
        found = dict(model_of(r, 3).given_away(truth_of(r)))
        self.assertEqual((found.get("injury_minor"), found.get("injury_serious")), (1, 1))

    def test_safe_figures_pass(self):
        r = tiny_report({"none": 90, "minor": 3, "serious": 4}, 97, hide=("none", "minor",
                        "serious"), small=("minor", "serious"))
        self.assertEqual(model_of(r, 5).given_away(truth_of(r)), [])

    def test_a_small_count_implied_by_two_shown(self):
        r = tiny_report({"none": 97, "minor": 0, "serious": 0}, 97)
        r["arrests"] = {"arrested": 95, "rate_percent": 97.9}
        r["months"][0]["arrested"] = 95
        found = dict(model_of(r, 5).given_away(truth_of(r)))
        # The same two, seen as the month's and as those whose offender is not known.
        self.assertEqual(found, {"not_arrested": 2, "other_not_arrested": 2,
                                 "not_known_not_arrested": 2, "not_arrested_2026-01": 2})

    def test_a_percent_gives_a_hidden_count_away(self):
        # late (<5) and not applicable ([c]) add up to 12, which alone leaves late 1..4; the
        # percent on time, 95 of 97, says late is 2.
        r = tiny_report({"none": 107, "minor": 0, "serious": 0}, 107)
        r["steps"][0].update(on_time=95, late=None, overdue=0, pending=0, not_applicable=None,
                             total=107, on_time_percent=97.9,
                             suppressed=["late", "not_applicable"], small=["late"])
        r["months"][0].update(steps_due=None, steps_on_time=None,
                              suppressed=["steps_due", "steps_on_time"])
        r["months"][0]["steps"][0].update(due=None, on_time=None, suppressed=["due", "on_time"])
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
            for (which, p), (_, r) in zip(periods(plain), periods(red)):
                with self.subTest(label, period=which):
                    found = model_of(r, below).given_away(truth_of(p))
                    self.assertEqual(found, [], (label, which))
                    checked += 1
        self.assertEqual(checked, 2 * len(DATABASES) * len(PERIODS) * len(THRESHOLDS))

    def test_marks_say_what_is_hidden(self):
        for label, _, _, below, plain, red in self.each():
            with self.subTest(label):
                self.assertEqual(red["redaction"], {"redacted": True, "suppress_below": below})
                # Every shown figure is the true one.
                for path, p, r, obj in pairs(plain, red):
                    if r is not None and path[0] != "redaction":
                        self.assertEqual(r, p, (label, path))
                # A small count is one from 1 to N-1, and every such count of people is one.
                self.assertNotIn("overdue_items", red)  # the list names cases
                for (_, pp), (_, rp) in zip(periods(plain), periods(red)):
                    truths = people_counts(pp)
                    for i, (where, obj, key) in enumerate(people_counts(rp)):
                        self.assertEqual(truths[i][:1] + truths[i][2:], (where, key))
                        true = truths[i][1][key]
                        # (or [c]: a small total beside small parts, each 1 or more).
                        if 0 < true < below and obj[key] is not None:
                            self.fail((label, where, key, true))
                        if true >= below or true == 0:
                            self.assertNotIn(key, obj.get("small", []),
                                             (label, where, key, true))
                        if obj[key] is None:
                            self.assertGreaterEqual(true, 1, (label, where, key))
                        if key in obj.get("small", []):
                            self.assertIn(true, range(1, below), (label, where, key))
                # Only counts are small: never a percent, median or mean.
                for path, p, r, obj in pairs(plain, red):
                    if str(path[-1]).endswith(("percent", "minutes_to_done", "mean", "days_lost")):
                        self.assertNotIn(path[-1], obj.get("small", []), (label, path))

    def test_work_is_shown_when_enough_cases_stand_behind_it(self):
        for label, _, _, below, plain, red in self.each():
            for (which, pp), (_, rp) in zip(periods(plain), periods(red)):
                with self.subTest(label, period=which):
                    self.check_work(label, below, pp, rp)

    def check_work(self, label, below, plain, red):
        # No case at all (the period before a report of all time): the work is all zeros,
        # shown, since nobody stands behind it.
        enough = red["cases"] is not None and (red["cases"] >= below or red["cases"] == 0)
        groups = red["steps"] + list(red["followups"].values()) + [red["riddor"]]
        for group in groups:
            for key in CMP + ["total"]:
                self.assertEqual(group[key] is not None, enough,
                                 (label, group.get("code"), key))
            # The fault: 1-4 steps still due later took the on-time percent away.
            due = sum(group[k] or 0 for k in CMP[:3])
            if enough and due:
                self.assertIsNotNone(group["on_time_percent"], label)
        for kind, e in red["evidence"].items():
            for key in EVIDENCE + ["total"]:
                self.assertEqual(e[key] is not None, enough, (label, kind, key))
            self.assertEqual(e, plain["evidence"][kind] if enough else e, label)
        for m, pm in zip(red.get("months", []), plain.get("months", [])):
            # The fault: a month with cases <5 beside steps due 14 (2 cases of 7 steps).
            if m["cases"] is None:
                for key in ("steps_due", "steps_on_time", "on_time_percent"):
                    self.assertIsNone(m[key], (label, m["month"], key))
                    self.assertIn(key, m["suppressed"])
                    self.assertNotIn(key, m.get("small", []))
                for st in m["steps"]:
                    self.assertEqual((st["due"], st["on_time"], st["on_time_percent"]),
                                     (None, None, None), (label, m["month"]))
            elif m["cases"] > 0:
                self.assertEqual(m["steps_due"], pm["steps_due"], label)
                self.assertEqual(m["on_time_percent"], pm["on_time_percent"], label)
                self.assertEqual(m["steps"], pm["steps"], label)

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
        # Every whole month of the demo has 5 cases or more: the period ends early in its last
        # month, which has fewer.
        text = self.report(db, (period[0], "2026-11-04"), "--redact", fmt="text")
        self.assertIn("[c]: not shown, so that a count under 5 cannot be worked out", text)
        small_months = 0
        for line in text.splitlines():
            cells = [c for c in line.split() if c != "(partial)"]
            if line[:3] in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                            "Nov", "Dec") and len(cells) > 2 and cells[2] == "<5":
                # Month by month: cases <5, then arrests and custody, steps due and % hidden.
                self.assertEqual(cells[-3:], ["[c]", "[c]", "(suppressed)"], line)
                self.assertNotIn("\u2014", line)
                small_months += 1
        self.assertGreater(small_months, 0)

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
