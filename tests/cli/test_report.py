"""ophamp report: the scrutiny panel's figures checked against a small database built here, where
every count and percent is worked out by hand (below), in every format, read back with
independent parsers (json, csv, html.parser, markdown); redaction's small-count suppression;
the period's London boundaries; bad options."""

import csv
import html.parser
import io
import json
import os
import re
import stat
import sys
import unittest

import markdown

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    INVESTIGATOR, STATEMENT_TAKER, STEP_CODES, SUPERVISOR, VICTIM, OphampTestCase)

NOW = "2026-04-08 10:00"  # London, BST (09:00Z)

# The fixture, by hand (London times; the period is 2026-03-01 to 2026-04-08):
#   C0 reported 2026-02-27 10:00, before the period: serious, 7 days off, open. Never counted.
#   C1 reported 2026-03-02 10:00 GMT: custody, minor, 3 days off, arrested; every step done:
#      crime, victim-code, investigator, welfare, evidence at 12:00 (on time, 120 min),
#      slt next day 12:00 (due 10:00: late, 1560 min), iod 2026-03-05 10:00 (on time,
#      4320 min); closed charged; survey 4.
#   C2 reported 2026-03-10 10:00: street, no injury; every step not applicable; closed
#      nfa-evidential; survey 2.
#   C3 reported 2026-03-31 23:30 BST (22:30Z): custody, serious, 10 days off, open; nothing
#      done: six steps overdue, evidence (31 days) not yet due.
#   C4 reported 2026-04-07 11:00 BST: street, minor, open; crime done 2026-04-08 09:00 (on
#      time, 1320 min); the rest pending, not yet due.
#   C5 reported 2026-04-01 00:30 BST (2026-03-31 23:30Z: April in London, March in UTC):
#      street, none, arrested; crime done 2026-04-02 10:00 (due 04-02 00:30: late, 2010 min);
#      the rest not applicable; closed cautioned; survey 5.
# Steps (on time, late, overdue, not yet due, n/a; median minutes, lower median):
STEPS = {
    "crime": (2, 1, 1, 0, 1, 1320),          # done 120, 1320, 2010
    "victim-code": (1, 0, 1, 1, 2, 120),
    "investigator": (1, 0, 1, 1, 2, 120),
    "welfare": (1, 0, 1, 1, 2, 120),
    "slt": (0, 1, 1, 1, 2, 1560),
    "iod": (1, 0, 1, 1, 2, 4320),
    "evidence": (1, 0, 0, 2, 2, 120),
}
# on time / (on time + late + overdue), to one decimal
STEP_PERCENT = {"crime": 50.0, "victim-code": 50.0, "investigator": 50.0, "welfare": 50.0,
                "slt": 0.0, "iod": 50.0, "evidence": 100.0}
# Mar 2026: C1 (7 due, 6 on time), C2 (all n/a), C3 (6 overdue) -> 3 cases, 13 due, 6 on time
# Apr 2026: C4 (crime on time), C5 (crime late)                  -> 2 cases, 2 due, 1 on time
MONTHS = [("2026-03", 3, 13, 6, 46.2), ("2026-04", 2, 2, 1, 50.0)]
CMP_KEYS = ["on_time", "late", "overdue", "pending", "not_applicable"]


class ReportFixture(OphampTestCase):
    """Builds the fixture above through the command line."""

    def setUp(self):
        super().setUp()
        self.env["OPHAMP_NOW"] = NOW
        self.refs = dict(self.cached_db(self.make_db))

    def make_db(self):
        self.add_person("Alice Victim", VICTIM)
        self.add_person("Bob Sergeant", SUPERVISOR)
        self.add_person("Carol Investigator", INVESTIGATOR)
        self.add_person("Dan Statement", STATEMENT_TAKER)
        self.refs = {}
        self.refs["C0"] = self.new_case(
            "--reported", "2026-02-27 10:00", "--injury", "serious", "--days-off", "7",
            occurred="2026-02-27 09:00")
        c1 = self.refs["C1"] = self.new_case(
            "--reported", "2026-03-02 10:00", "--location-kind", "custody", "--injury", "minor",
            "--days-off", "3", "--arrested", "2026-03-02 09:30", occurred="2026-03-02 09:00")
        at = "2026-03-02 12:00"
        self.ok("step", "done", c1, "crime", "--at", at, "--crime-ref", "CR-1", "--note", "plan")
        self.ok("step", "done", c1, "victim-code", "--at", at, "--referral", "accepted",
                "--enhanced", "no", "--vps-offered", "yes")
        # Naming both completes step investigator, at the program's clock.
        self.ok("case", "assign", c1, "investigator", INVESTIGATOR, now=at)
        self.ok("case", "assign", c1, "statement-taker", STATEMENT_TAKER, now=at)
        self.ok("welfare", "add", c1, "--method", "phone", "--note", "called", "--at", at)
        self.ok("step", "done", c1, "slt", "--at", "2026-03-03 12:00", "--note", "Insp by phone")
        self.ok("step", "done", c1, "iod", "--by", "victim", "--at", "2026-03-04 10:00")
        self.ok("step", "done", c1, "iod", "--by", "supervisor", "--at", "2026-03-05 10:00")
        self.ok("step", "done", c1, "evidence", "--at", at, "--note", "no evidence to keep")
        self.ok("case", "close", c1, "--outcome", "charged")
        self.ok("case", "edit", c1, "--support-score", "4")

        c2 = self.refs["C2"] = self.new_case("--reported", "2026-03-10 10:00",
                                             occurred="2026-03-10 09:00")
        for code in STEP_CODES:
            self.ok("step", "na", c2, code, "--reason", "not needed")
        self.ok("case", "close", c2, "--outcome", "nfa-evidential")
        self.ok("case", "edit", c2, "--support-score", "2")

        self.refs["C3"] = self.new_case(
            "--reported", "2026-03-31 23:30", "--location-kind", "custody", "--injury", "serious",
            "--days-off", "10", occurred="2026-03-31 23:00")
        c4 = self.refs["C4"] = self.new_case("--reported", "2026-04-07 11:00", "--injury",
                                             "minor", occurred="2026-04-07 10:00")
        self.ok("step", "done", c4, "crime", "--at", "2026-04-08 09:00", "--crime-ref", "CR-4",
                "--note", "plan")
        c5 = self.refs["C5"] = self.new_case("--reported", "2026-04-01 00:30", "--arrested",
                                             "2026-04-01 00:20", occurred="2026-04-01 00:10")
        self.ok("step", "done", c5, "crime", "--at", "2026-04-02 10:00", "--crime-ref", "CR-5",
                "--note", "plan")
        for code in STEP_CODES[1:]:
            self.ok("step", "na", c5, code, "--reason", "not needed")
        self.ok("case", "close", c5, "--outcome", "cautioned")
        self.ok("case", "edit", c5, "--support-score", "5")
        return self.refs

    def report(self, *args):
        return self.ok("report", *args)

    def report_json(self, *args):
        data = json.loads(self.report("--format", "json", *args))
        self.assertIsInstance(data, dict)
        return data

    def expected_followups(self, names):
        """Follow-up compliance of the named cases, worked out from `case show --format json`
        (another reader of the same records): victim updates and outcome notices, welfare."""
        want = {"victim_code": [0] * 5, "welfare": [0] * 5}
        for name in names:
            for f in self.show(self.refs[name])["followups"]:
                group = {"welfare": "welfare", "victim-update": "victim_code",
                         "outcome-notice": "victim_code"}.get(f["kind"])
                if group is None:
                    continue
                if f["status"] == "done":
                    k = 0 if f["done_at"] <= f["due_at"] else 1
                elif f["status"] == "not-applicable":
                    k = 4
                else:
                    k = 2 if f["due_at"] < "2026-04-08T09:00:00Z" else 3
                want[group][k] += 1
        return want


class TestFigures(ReportFixture):

    def test_every_figure_of_the_fixture(self):
        d = self.report_json("--from", "2026-03-01", "--to", "2026-04-08")
        self.assertEqual(d["period"], {"from": "2026-03-01", "to": "2026-04-08"})
        self.assertEqual(d["as_of"], "2026-04-08T09:00:00Z")
        self.assertEqual(d["redaction"], {"redacted": False, "suppress_below": None})
        self.assertEqual(d["cases"], 5)
        self.assertEqual(d["arrests"], {"arrested": 2, "rate_percent": 40.0})
        self.assertEqual(d["custody"], {"cases": 2, "share_percent": 40.0, "arrested": 1,
                                        "arrest_rate_percent": 50.0})
        self.assertEqual(d["injuries"], {"none": 2, "minor": 2, "serious": 1})
        self.assertEqual(d["days_off"], {"cases": 2, "days_lost": 13})
        self.assertEqual(d["outcomes"], {
            "charged": 1, "summonsed": 0, "cautioned": 1, "community-resolution": 0,
            "nfa-evidential": 1, "nfa-public-interest": 0, "nfa-victim": 0,
            "not-identified": 0, "open": 2})
        self.assertEqual(d["survey"], {"answers": 3, "mean": 3.67,
                                       "scores": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}})
        self.assertEqual([s["code"] for s in d["steps"]], STEP_CODES)
        for s in d["steps"]:
            on, late, over, pend, na, median = STEPS[s["code"]]
            self.assertEqual(
                {k: s[k] for k in ["total"] + CMP_KEYS + ["on_time_percent",
                                                          "median_minutes_to_done"]},
                {"total": 5, "on_time": on, "late": late, "overdue": over, "pending": pend,
                 "not_applicable": na, "on_time_percent": STEP_PERCENT[s["code"]],
                 "median_minutes_to_done": median}, s["code"])
            self.assertNotIn("suppressed", s)
        self.assertEqual([(m["month"], m["cases"], m["steps_due"], m["steps_on_time"],
                           m["on_time_percent"]) for m in d["months"]], MONTHS)
        want = self.expected_followups(["C1", "C2", "C3", "C4", "C5"])
        for group in ("victim_code", "welfare"):
            got = d["followups"][group]
            self.assertEqual([got[k] for k in CMP_KEYS], want[group], group)
            self.assertEqual(got["total"], sum(want[group]))
        # C1's welfare-72h follow-up (due 2026-03-05 10:00) was never done: overdue.
        self.assertGreaterEqual(d["followups"]["welfare"]["overdue"], 1)
        # Nothing is hidden without --redact.
        self.assertNotIn("suppressed", json.dumps(d))

    def test_no_names_or_numbers_in_any_format(self):
        for fmt in ("text", "md", "html", "json", "csv"):
            for extra in ((), ("--redact",)):
                out = self.report("--from", "2026-03-01", "--to", "2026-04-08",
                                  "--format", fmt, *extra)
                for secret in ("Alice", "Bob", "Sergeant", "Carol", VICTIM, SUPERVISOR,
                               INVESTIGATOR, "CR-1", "called", "Insp by phone"):
                    self.assertNotIn(secret, out, (fmt, extra))

    def test_period_boundaries_are_london_dates(self):
        # C3 at 23:30 on the --to date (London) is in; C5 at 00:30 the next day (23:30 UTC on
        # the --to date) is out.
        d = self.report_json("--from", "2026-03-01", "--to", "2026-03-31")
        self.assertEqual(d["cases"], 3)
        self.assertEqual(d["injuries"], {"none": 1, "minor": 1, "serious": 1})
        self.assertEqual(d["custody"]["cases"], 2)
        self.assertEqual([m["month"] for m in d["months"]], ["2026-03"])
        # From the first of April: C4 and C5 only; from 2026-02-27: C0 too.
        self.assertEqual(self.report_json("--from", "2026-04-01", "--to", "2026-04-08")["cases"],
                         2)
        d = self.report_json("--from", "2026-02-27", "--to", "2026-04-08")
        self.assertEqual(d["cases"], 6)
        self.assertEqual([m["month"] for m in d["months"]], ["2026-02", "2026-03", "2026-04"])
        self.assertEqual(d["months"][0]["cases"], 1)
        # --from after the last case: an empty report, not an error.
        d = self.report_json("--from", "2026-04-08", "--to", "2026-04-08")
        self.assertEqual(d["cases"], 0)
        self.assertIsNone(d["arrests"]["rate_percent"])
        self.assertIsNone(d["steps"][0]["median_minutes_to_done"])

    def test_default_period_is_twelve_months_to_today(self):
        d = self.report_json()
        self.assertEqual(d["period"], {"from": "2025-05-01", "to": "2026-04-08"})
        self.assertEqual(len(d["months"]), 12)
        self.assertEqual(d["cases"], 6)  # C0 too
        d = self.report_json("--to", "2026-03-31")
        self.assertEqual(d["period"], {"from": "2025-04-01", "to": "2026-03-31"})


class TestFormats(ReportFixture):
    PERIOD = ("--from", "2026-03-01", "--to", "2026-04-08")

    def test_csv_is_tidy_and_matches_the_json(self):
        out = self.run_ophamp("report", *self.PERIOD, "--format", "csv").out_b
        self.assertIn(b"\r\n", out)
        rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
        self.assertEqual(rows[0], ["section", "item", "measure", "period", "value"])
        self.assertTrue(all(len(r) == 5 for r in rows), rows)
        table = {(r[0], r[1], r[2], r[3]): r[4] for r in rows[1:]}
        self.assertEqual(len(table), len(rows) - 1, "one row per figure")
        whole = "2026-03-01/2026-04-08"
        self.assertEqual(table[("cases", "all", "cases", whole)], "5")
        self.assertEqual(table[("arrests", "all", "rate_percent", whole)], "40.0")
        self.assertEqual(table[("custody", "custody", "arrested", whole)], "1")
        self.assertEqual(table[("days_off", "all", "days_lost", whole)], "13")
        self.assertEqual(table[("outcomes", "open", "cases", whole)], "2")
        self.assertEqual(table[("survey", "all", "mean", whole)], "3.67")
        for code, (on, late, over, pend, na, median) in STEPS.items():
            for k, v in zip(CMP_KEYS, (on, late, over, pend, na)):
                self.assertEqual(table[("steps", code, k, whole)], str(v), (code, k))
            self.assertEqual(table[("steps", code, "median_minutes_to_done", whole)],
                             str(median))
        for month, cases, due, on, pct in MONTHS:
            self.assertEqual(table[("months", "all", "cases", month)], str(cases))
            self.assertEqual(table[("months", "all", "on_time_percent", month)], "%.1f" % pct)

    def test_html_is_one_printable_file_with_a_bar_per_month(self):
        out = self.report(*self.PERIOD, "--format", "html")

        class Walk(html.parser.HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.tags, self.stack, self.text = [], [], []
                self.svgs, self.rects, self.rect_titles = 0, [], []

            def handle_starttag(self, tag, attrs):
                self.tags.append((tag, dict(attrs)))
                self.stack.append(tag)
                if tag == "svg":
                    self.svgs += 1
                    self.rects.append([])
                if tag == "rect":
                    self.rects[-1].append(dict(attrs))

            def handle_endtag(self, tag):
                while self.stack and self.stack.pop() != tag:
                    pass

            def handle_data(self, data):
                self.text.append(data)
                if self.stack[-2:] == ["rect", "title"]:
                    self.rect_titles.append(data)

        w = Walk()
        w.feed(out)
        w.close()
        names = [t for t, _ in w.tags]
        self.assertNotIn("script", names)
        self.assertNotIn("link", names)
        self.assertNotIn("img", names)
        self.assertIn("style", names)
        for _, attrs in w.tags:
            for k, v in attrs.items():
                self.assertFalse(k.startswith("on"), k)
                self.assertNotIn("http:", (v or "").replace("http://www.w3.org/2000/svg", ""))
        # The months, each step's share on time month by month (7), the outcomes, the victims'
        # roles, mechanisms, locations, teams, injuries, open cases by age, the known
        # offenders not arrested by reason and the survey.
        self.assertEqual(w.svgs, 17)
        month_rects = w.rects[0]
        self.assertEqual(len(month_rects), 2, "one bar per month")
        self.assertTrue(any(t.startswith("Mar 2026: 3") for t in w.rect_titles), w.rect_titles)
        # April is not over on 8 April: marked partial.
        self.assertTrue(any(t.startswith("Apr 2026 (partial): 2") for t in w.rect_titles),
                        w.rect_titles)
        # The longer month has the longer bar.
        self.assertGreater(int(month_rects[0]["width"]), int(month_rects[1]["width"]))
        # A count of one is "1 case", never "1 cases".
        self.assertFalse([t for t in w.rect_titles if re.search(r": 1 cases\b", t)],
                         w.rect_titles)
        self.assertTrue([t for t in w.rect_titles if re.search(r": 1 case\b", t)],
                        w.rect_titles)
        text = "".join(w.text)
        self.assertIn("Cases logged from 1 Mar 2026 to 8 Apr 2026", text)
        self.assertIn("\u201cHow well were you supported?\u201d", text)

    def test_html_escapes_the_suppressed_mark(self):
        out = self.report(*self.PERIOD, "--format", "html", "--redact")
        self.assertNotIn("<5<", out)
        self.assertIn("&lt;5", out)

    def test_markdown_parses_to_tables(self):
        out = self.report(*self.PERIOD, "--format", "md", "--redact")
        page = markdown.markdown(out, extensions=["tables"])
        self.assertIn("<h1>Operation Hampshire scrutiny report</h1>", page)
        # Summary, steps, follow-ups, RIDDOR, evidence, months, each step by month (7),
        # outcomes, known offender, roles, mechanisms, locations, teams, injuries, ageing,
        # not arrested by reason, survey.
        self.assertEqual(page.count("<table>"), 23)
        self.assertIn("<td style=\"text-align: right;\">&lt;5</td>", page)
        self.assertIn("<th>Step</th>", page)
        self.assertIn("(a) crime recorded", page)

    def test_text_aligns_and_draws_bars(self):
        out = self.report(*self.PERIOD)
        lines = out.splitlines()
        # The table of the months, then the same months under each of the seven steps.
        month_rows = [ln for ln in lines if ln.startswith(("Mar 2026", "Apr 2026"))]
        self.assertEqual(len(month_rows), 2 + 2 * 7)
        month_rows = month_rows[:2]
        mar, apr = month_rows
        self.assertEqual(mar.index("\u2588"), apr.index("\u2588"), "bars start in one column")
        self.assertGreater(mar.count("\u2588"), apr.count("\u2588"))
        self.assertEqual(mar.count("\u2588"), 30)  # the largest bar is the full width
        step_rows = [ln for ln in lines if ln[:1] == "(" and ln[2:4] == ") "]
        self.assertEqual(len(step_rows), 7)
        self.assertEqual(len({len(r) for r in step_rows}), 1, step_rows)

    def test_o_writes_a_private_file_and_refuses_to_overwrite(self):
        path = os.path.join(self.tmp, "report.html")
        self.assertEqual(self.report(*self.PERIOD, "--format", "html", "-o", path), "")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path) as f:
            first = f.read()
        self.assertTrue(first.startswith("<!DOCTYPE html>"))
        self.refused(1, "report", "--format", "json", "-o", path, contains=(path,))
        with open(path) as f:
            self.assertEqual(f.read(), first)
        self.report(*self.PERIOD, "--format", "json", "-o", path, "--force")
        with open(path) as f:
            self.assertEqual(json.load(f)["cases"], 5)


class TestRedaction(ReportFixture):
    PERIOD = ("--from", "2026-03-01", "--to", "2026-04-08")

    def test_three_is_hidden_five_is_not(self):
        # 2026-03-01..31 holds 3 cases, 2026-03-01..04-08 holds 5.
        d = self.report_json("--from", "2026-03-01", "--to", "2026-03-31", "--redact")
        self.assertEqual(d["redaction"], {"redacted": True, "suppress_below": 5})
        self.assertIsNone(d["cases"])
        self.assertIn("cases", d["suppressed"])
        d = self.report_json(*self.PERIOD, "--redact")
        self.assertEqual(d["cases"], 5)
        self.assertNotIn("cases", d.get("suppressed", []))
        # Every other count of people in the fixture is 1 or 2: hidden as a small count, and
        # every percent made from them hidden too; zeros stay.
        self.assertEqual(d["arrests"], {"arrested": None, "rate_percent": None,
                                        "suppressed": ["arrested", "rate_percent"],
                                        "small": ["arrested"]})
        self.assertEqual(d["injuries"], {"none": None, "minor": None, "serious": None,
                                         "suppressed": ["none", "minor", "serious"],
                                         "small": ["none", "minor", "serious"]})
        self.assertIsNone(d["days_off"]["days_lost"])
        self.assertIn("days_lost", d["days_off"]["suppressed"])
        self.assertIsNone(d["survey"]["mean"])
        self.assertEqual(d["survey"]["scores"]["1"], 0)
        # The steps are work, with five cases behind them: shown, small or not. A median of
        # three times is one of them: hidden.
        crime = d["steps"][0]
        self.assertEqual(crime["total"], 5)
        self.assertEqual([crime[k] for k in CMP_KEYS], list(STEPS["crime"][:5]))
        self.assertEqual(crime["on_time_percent"], 50.0)
        self.assertIsNone(crime["median_minutes_to_done"])
        self.assertEqual(crime["suppressed"], ["median_minutes_to_done"])
        # The months hold 3 and 2 cases: their steps are hidden with them.
        self.assertEqual([(m["cases"], m["steps_due"], m["steps_on_time"], m["on_time_percent"])
                          for m in d["months"]], [(None, None, None, None)] * 2)
        # The suppressed values never appear, in any format.
        text = self.report(*self.PERIOD, "--redact")
        self.assertIn("<5", text)
        self.assertNotIn("40.0%", text)  # the arrest rate, 2 of 5
        self.assertNotIn("3.67", text)

    def test_suppress_below_changes_the_threshold(self):
        d = self.report_json(*self.PERIOD, "--redact", "--suppress-below", "10")
        self.assertIsNone(d["cases"])
        self.assertEqual(d["redaction"]["suppress_below"], 10)
        self.assertIn("<10", self.report(*self.PERIOD, "--redact", "--suppress-below", "10"))
        d = self.report_json(*self.PERIOD, "--redact", "--suppress-below", "3")
        self.assertEqual(d["cases"], 5)
        # April's 2 cases are small; March's 3 are not, but 5 - 3 would give April's away:
        # March is hidden as [c] (in JSON: suppressed, not small), and both months' steps.
        # Their arrests (1 and 1) are small; April had no custody assault. March's custody
        # assaults (2) are the period's, a small total beside parts that are all small (its
        # outcomes, each 1 or more): shown as <3 they would say 1 + 1, so they are [c].
        self.assertEqual(
            [(m["month"], m["partial"], m["cases"], m["arrested"], m["custody"], m["steps_due"],
              m["steps_on_time"], m["on_time_percent"], m["suppressed"], m.get("small"))
             for m in d["months"]],
            [("2026-03", False, None, None, None, None, None, None,
              ["cases", "arrested", "custody", "steps_due", "steps_on_time", "on_time_percent"],
              ["arrested"]),
             ("2026-04", True, None, None, 0, None, None, None,
              ["cases", "arrested", "steps_due", "steps_on_time", "on_time_percent"],
              ["cases", "arrested"])])
        self.assertIn("cases", d["custody"]["suppressed"])
        self.assertNotIn("cases", d["custody"].get("small", []))
        for m in d["months"]:
            self.assertEqual({(st["due"], st["on_time"], st["on_time_percent"])
                              for st in m["steps"]}, {(None, None, None)})
        text = self.report(*self.PERIOD, "--redact", "--suppress-below", "3")
        self.assertRegex(text, r"Mar 2026 +\[c\] +<3 +\[c\] +\[c\] +\[c\]  \(suppressed\)")
        self.assertRegex(text, r"Apr 2026 \(partial\) +<3 +<3 +0 +\[c\] +\[c\]  \(suppressed\)")
        self.assertIn("[c]: not shown, so that a count under 3 cannot be worked out", text)

    def test_a_hidden_month_has_no_bar_of_its_true_length(self):
        out = self.report(*self.PERIOD, "--redact", "--format", "html")
        self.assertIn("Mar 2026: &lt;5 cases (suppressed)", out)
        text = self.report(*self.PERIOD, "--redact")
        for ln in text.splitlines():
            if ln.startswith(("Mar 2026", "Apr 2026")):
                self.assertNotIn("\u2588", ln)
                self.assertIn("(suppressed)", ln)
        rows = list(csv.reader(io.StringIO(self.report(*self.PERIOD, "--redact", "--format",
                                                       "csv"))))
        months = [r for r in rows if r[0] == "months" and r[2] == "cases"]
        self.assertEqual([r[4] for r in months], ["<5", "<5"])


class TestAgainstTheRawTables(OphampTestCase):
    """The report over a demo database (with 2,500 cases, counted in two threads) agrees with a
    count made here from the raw tables, and the summary the triggers keep (report_done)
    agrees with one made from scratch."""

    def test_demo_database(self):
        import sqlite3
        from datetime import datetime, timezone
        from zoneinfo import ZoneInfo
        now = "2026-11-23 09:00"
        self.ok("demo", "--cases", "2500", "--seed", "11", now=now)
        d = json.loads(self.ok("report", "--from", "2000-01-01", "--to", "2026-11-23",
                               "--format", "json", now=now))
        now_utc = int(datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc).timestamp())
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        self.addCleanup(conn.close)
        cases = conn.execute("SELECT id, reported_at, location_kind, injury, days_off, "
                             "arrested_at IS NOT NULL, status, outcome, support_score "
                             "FROM cases").fetchall()
        reported = {c[0]: c[1] for c in cases}
        self.assertEqual(d["cases"], len(cases))
        self.assertEqual(d["arrests"]["arrested"], sum(c[5] for c in cases))
        self.assertEqual(d["custody"]["cases"], sum(c[2] == "custody" for c in cases))
        self.assertEqual(d["custody"]["arrested"],
                         sum(c[2] == "custody" and c[5] for c in cases))
        self.assertEqual(d["days_off"]["days_lost"], sum(c[4] for c in cases))
        for level in ("none", "minor", "serious"):
            self.assertEqual(d["injuries"][level], sum(c[3] == level for c in cases))
        self.assertEqual(d["outcomes"]["open"], sum(c[6] == "open" for c in cases))
        self.assertEqual(d["outcomes"]["charged"],
                         sum(c[6] == "closed" and c[7] == "charged" for c in cases))
        scores = [c[8] for c in cases if c[8]]
        self.assertEqual(d["survey"]["answers"], len(scores))
        self.assertEqual(d["survey"]["scores"]["3"], scores.count(3))

        def classify(status, due, done):
            if status == "done":
                return "on_time" if done <= due else "late"
            if status == "not-applicable":
                return "not_applicable"
            return "overdue" if due < now_utc else "pending"

        london = ZoneInfo("Europe/London")
        months = {}
        for s in d["steps"]:
            rows = conn.execute("SELECT case_id, status, due_at, done_at FROM steps "
                                "WHERE code = ?", (s["code"],)).fetchall()
            want = {k: 0 for k in CMP_KEYS}
            minutes = []
            for case_id, status, due, done in rows:
                k = classify(status, due, done)
                want[k] += 1
                if status == "done":
                    minutes.append(max(0, (done - reported[case_id]) // 60))
                month = datetime.fromtimestamp(reported[case_id], london).strftime("%Y-%m")
                m = months.setdefault(month, [0, 0])
                if k in ("on_time", "late", "overdue"):
                    m[0] += 1
                    m[1] += k == "on_time"
            self.assertEqual({k: s[k] for k in CMP_KEYS}, want, s["code"])
            minutes.sort()
            self.assertEqual(s["median_minutes_to_done"], minutes[(len(minutes) - 1) // 2],
                             s["code"])
        for group, kinds in (("welfare", ("welfare",)),
                             ("victim_code", ("victim-update", "outcome-notice")),
                             ("line_managers", ("duty",)), ("riddor", ("riddor",)),
                             ("force", ("force",))):
            want = {k: 0 for k in CMP_KEYS}
            for status, due, done in conn.execute(
                    "SELECT status, due_at, done_at FROM followups WHERE kind IN (%s)"
                    % ",".join("?" * len(kinds)), kinds):
                want[classify(status, due, done)] += 1
            self.assertEqual({k: d["followups"][group][k] for k in CMP_KEYS}, want, group)
        got = {m["month"]: [m["steps_due"], m["steps_on_time"]] for m in d["months"]
               if m["steps_due"]}
        self.assertEqual(got, months)
        self.assertEqual(sum(m["cases"] for m in d["months"]), len(cases))

    def test_the_summary_follows_every_change(self):
        # report_done is kept by triggers as steps and follow-ups change; after a day of work
        # through the command line it must equal one made from scratch.
        import sqlite3
        now = "2026-11-23 09:00"
        self.ok("demo", "--cases", "40", "--seed", "4", now=now)
        open_refs = [r["reference"] for r in self.list_cases("--open", now=now)]
        self.assertTrue(open_refs)
        for ref in open_refs[:5]:
            self.run_ophamp("step", "na", ref, "evidence", "--reason", "none kept", now=now)
            self.run_ophamp("step", "done", ref, "slt", "--note", "Insp by phone", now=now)
            self.run_ophamp("welfare", "add", ref, "--method", "phone", "--note", "ok", now=now)
            self.run_ophamp("case", "edit", ref, "--days-off", "9", "--off-work", "yes", now=now)
        self.ok("rule", "set", "welfare-72h", "--amount", "48", now=now)
        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        self.addCleanup(conn.close)
        codes = ["crime", "victim-code", "investigator", "welfare", "slt", "iod", "evidence"]
        want = {}
        for case_id, code, status, due, done in conn.execute(
                "SELECT case_id, code, status, due_at, done_at FROM steps"):
            row = want.setdefault(case_id, [None] * 7 + [0] * 3)
            if status == "done":
                row[codes.index(code)] = done * 2 + (done > due)
            elif status == "not-applicable":
                row[codes.index(code)] = -1
        for case_id, kind, status, due, done in conn.execute(
                "SELECT case_id, kind, status, due_at, done_at FROM followups"):
            row = want.setdefault(case_id, [None] * 7 + [0] * 3)
            # Done on time, late, not applicable: each counted by group in a field of 12 bits
            # (welfare, victim updates and notices, duties, RIDDOR, the force's own).
            group = {"welfare": 0, "victim-update": 1, "outcome-notice": 1, "duty": 2,
                     "riddor": 3, "force": 4}.get(kind)
            if group is None or status == "pending":
                continue
            k = 2 if status == "not-applicable" else (1 if done > due else 0)
            row[7 + k] += 1 << (12 * group)
        got = {r[0]: list(r[1:]) for r in conn.execute("SELECT * FROM report_done")}
        self.assertEqual(got, want)


class TestBadOptions(ReportFixture):

    def test_bad_options_are_one_line_and_exit_2(self):
        cases = [
            (("--from", "2026-02-30"), "--from"),
            (("--to", "yesterday"), "--to"),
            (("--from", "2026-04-08 10:00"), "--from"),
            (("--from", "2026-04-02", "--to", "2026-04-01"), "--from"),
            (("--format", "pdf"), "--format"),
            (("--redact", "--suppress-below", "0"), "--suppress-below"),
            (("--redact", "--suppress-below", "2"), "--suppress-below"),
            (("--redact", "--suppress-below", "ten"), "--suppress-below"),
            (("--suppress-below", "5"), "--suppress-below"),
            (("--from",), "--from"),
            (("--period", "x"), "--period"),
        ]
        for args, name in cases:
            self.refused(2, "report", *args, contains=(name,))

    def test_missing_database(self):
        self.refused(3, "report", db=os.path.join(self.tmp, "none.db"),
                     db_path=os.path.join(self.tmp, "none.db"), contains=("none.db",))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "none.db")))


if __name__ == "__main__":
    unittest.main()
