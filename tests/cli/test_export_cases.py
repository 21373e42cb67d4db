"""Case summaries: `case show --format text|md|html|json` and `export REF... | --all | --open
--format md|html|json`, each parsed by an independent parser (Python's html.parser, Debian's
python3-markdown, json), with hostile stored text that must come out intact and inert,
redaction, -o FILE and the completeness of the JSON bundle."""

import hashlib
import json
import os
import re
import sqlite3
import stat
import sys
import unittest
from html.parser import HTMLParser

import markdown

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import STEP_CODES, OphampTestCase, file_bytes, without_log  # noqa: E402

# Hostile text, one line (names, locations) and many lines (summaries, notes).
LINE = ('<script>alert(1)</script> =HYPERLINK("http://x","y") "quoted", \'single\', a,b '
        '\U0001F600 \u0645\u0631\u062D\u0628\u0627 *bold* _em_ [a](http://evil) ![i](x.png) '
        '| pipe # hash `code` &amp; ~~s~~')
MULTI = (LINE + '\n# not a heading\n- not a list\tafter a tab\n'
         '<img src=x onerror=alert(1)> <a href="http://evil">link</a>\n1. not numbered')
RLO = 'before \u202Eevil\u202C after \u0627\u0644\u0639\u0631\u0628\u064A\u0629'

# The elements each renderer may write itself; nothing else may appear.
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "p", "article", "h1",
             "h2", "table", "thead", "tbody", "tr", "th", "td", "bdi", "span", "footer", "wbr"}
# code: a word Markdown would take for a link, HTML or a character reference is a code span.
MD_TAGS = {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "br", "strong", "hr",
           "code"}


class Doc(HTMLParser):
    """Every start tag with its attributes, and the text (character references resolved,
    <br> as a newline)."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.parts = []
        self.doctype = None
        self.feed(text)
        self.close()
        self.text = "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.parts.append(data)

    def handle_decl(self, decl):
        self.doctype = decl

    def tag_names(self):
        return {t for t, _ in self.tags}


def md_to_html(text):
    return markdown.markdown(text, extensions=["tables"])


def fake_audit_functions(conn):
    """The audit triggers call the program's own SQL functions; a test that writes what the
    command line refuses (a stored U+202E, as an old or imported database may hold) needs
    stand-ins."""
    conn.create_function("oph_sha256", -1,
                         lambda *a: hashlib.sha256(repr(a).encode()).hexdigest())
    conn.create_function("oph_actor", 0, lambda: "test")
    conn.create_function("oph_action", 0, lambda: 1)  # the log's action number


class ExportTestCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        # Distinctive numbers and names, so redaction can be checked byte by byte.
        self.add_person("Zelda " + LINE[:60], "ZX-7781", "--rank", "PC", "--team", "Team Qwerty")
        self.add_person("Yorick Sergeant", "ZX-7782")
        self.add_person("Xanthe " + "\u0645\u0631\u064A\u0645 \U0001F46E", "ZX-7783")
        self.add_person("Walter Taker", "ZX-7784")

    def hostile_case(self):
        """A case whose every free text is hostile; returns its reference."""
        ref = self.new_case("--summary", MULTI, "--offence", LINE, "--injury", "minor",
                            "--body-part", "arm " + LINE[:40], "--thor", MULTI,
                            victim="ZX-7781", supervisor="ZX-7782",
                            occurred="2026-04-06 09:00", location="FREETEXT " + LINE)
        self.ok("case", "assign", ref, "investigator", "ZX-7783")
        self.ok("case", "assign", ref, "statement-taker", "ZX-7784")
        self.ok("step", "done", ref, "crime", "--crime-ref", "CR/1 <b>", "--note",
                "FREETEXT " + MULTI, "--at", "2026-04-07 09:00")
        self.ok("step", "na", ref, "slt", "--reason", "FREETEXT reason " + MULTI)
        self.ok("welfare", "add", ref, "--method", "phone", "--note", "FREETEXT " + MULTI,
                "--at", "2026-04-07 10:00")
        self.ok("note", "add", ref, "FREETEXT note " + MULTI)
        self.ok("evidence", "add", ref, "--kind", "bwv", "--ref", "FREETEXT " + LINE[:80])
        self.ok("evidence", "add", ref, "--kind", "cctv", "--status", "not-available",
                "--reason", "FREETEXT " + MULTI)
        return ref

    def store_rlo(self, ref):
        """Puts a right-to-left override into the stored summary, as the command line would
        refuse to."""
        conn = sqlite3.connect(self.db)
        try:
            fake_audit_functions(conn)
            conn.execute("UPDATE cases SET summary = ? WHERE reference = ?",
                         ("FREETEXT " + MULTI + "\n" + RLO, ref))
            conn.commit()
        finally:
            conn.close()

    def export(self, *args):
        return self.ok("export", *args)


class TestHostileRoundTrip(ExportTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.hostile_case()
        self.store_rlo(self.ref)
        self.case = self.show(self.ref)

    def stored_texts(self):
        """The stored texts as every document shows them: a direction override or isolate
        replaced by U+FFFD, as on a terminal (it would turn the words around it)."""
        c = self.case
        crime = self.step(c, "crime")
        texts = [c["victim"]["name"], c["location"], c["offence"], c["summary"], c["thor"],
                 c["body_part"], crime["note"], self.step(c, "slt")["reason"],
                 c["role_holders"]["investigator"]["name"]]
        texts += [t["text"] for t in c["timeline"]]
        texts += [e["ref"] or e["reason"] for e in c["evidence"]]
        self.assertIn(MULTI, c["thor"])  # the JSON itself holds the text exactly
        self.assertTrue(c["summary"].endswith(RLO))
        return [t.replace("\u202E", "\uFFFD").replace("\u202C", "\uFFFD") for t in texts]

    def test_html_escapes_everything_and_keeps_it_intact(self):
        for out in (self.ok("case", "show", self.ref, "--format", "html"),
                    self.export(self.ref, "--format", "html")):
            doc = Doc(out)
            self.assertEqual(doc.doctype.lower(), "doctype html")
            self.assertLessEqual(doc.tag_names(), HTML_TAGS, "an element from stored text")
            for tag, attrs in doc.tags:
                for name, _ in attrs:
                    self.assertIn(name, ("lang", "charset", "name", "content", "class"),
                                  "%s has %s" % (tag, name))
            self.assertIn(("html", [("lang", "en-GB")]), doc.tags)
            self.assertIn(("meta", [("charset", "utf-8")]), doc.tags)
            self.assertNotRegex(out, r"(?i)<script|<img|<a |javascript:|@import|url\(")
            for text in self.stored_texts():
                self.assertIn(text, doc.text)
            # The stored override is not there to obey, and what may carry a direction of its
            # own is isolated in <bdi>, so it cannot reorder the page.
            self.assertNotIn("\u202E", out)
            self.assertIn("before \uFFFDevil\uFFFD after", out)
            self.assertIn("<bdi>FREETEXT ", out)

    def test_markdown_renders_stored_text_as_text(self):
        for out in (self.ok("case", "show", self.ref, "--format", "md"),
                    self.export(self.ref, "--format", "md")):
            html = md_to_html(out)
            doc = Doc(html)
            self.assertLessEqual(doc.tag_names(), MD_TAGS, "markup from stored text")
            # One h1 (the case) and the section headings only: no heading from '# not a heading'.
            self.assertEqual([t for t, _ in doc.tags].count("h1"), 1)
            for text in self.stored_texts():
                self.assertIn(text, doc.text)
            for line in out.splitlines():
                self.assertFalse(line.startswith(("- ", "1. ", "<", "# not")), line)
            # The stored override is replaced, not passed on to whatever renders the page.
            self.assertNotIn("\u202E", out)
            self.assertIn("before \uFFFDevil\uFFFD after", out)

    def test_json_is_exact(self):
        bundle = json.loads(self.export(self.ref, "--format", "json"))
        self.assertEqual(bundle["cases"], [without_log(self.case)])
        self.assertEqual(self.case["victim"]["name"], "Zelda " + LINE[:60])
        self.assertEqual(self.case["location"], "FREETEXT " + LINE)
        self.assertEqual(self.step(self.case, "crime")["note"], "FREETEXT " + MULTI)

    def test_text_is_neutralised_but_readable(self):
        out = self.ok("case", "show", self.ref, "--format", "text")
        self.assertIn("Zelda " + LINE[:60], out)
        self.assertIn("FREETEXT " + LINE, out)
        self.assertIn("not a list after a tab", out)  # a tab shows as a space
        self.assertNotIn("\u202E", out)  # the override is replaced, not obeyed
        self.assertIn("before \uFFFDevil\uFFFD after", out)
        bad = [ch for ch in out if ord(ch) < 0x20 and ch != "\n"]
        self.assertEqual(bad, [])


class TestRedaction(ExportTestCase):

    def test_no_name_number_or_free_text_and_stable_pseudonyms(self):
        ref = self.hostile_case()
        self.store_rlo(ref)
        self.new_case(victim="ZX-7784", supervisor="ZX-7782", location="FREETEXT Quiet Lane")
        secrets = ["Zelda", "Yorick", "Xanthe", "Walter", "ZX-77", "FREETEXT", "Qwerty",
                   "<script", "HYPERLINK", "\u0645\u0631\u062D\u0628\u0627", "CR/1", "evil"]
        outs = {}
        for fmt in ("md", "html", "json"):
            out = self.run_ophamp("export", "--all", "--format", fmt, "--redact")
            self.assertEqual((out.rc, out.err), (0, ""), out.describe())
            for s in secrets:
                self.assertNotIn(s.encode(), out.out_b, "%s in the redacted %s" % (s, fmt))
            outs[fmt] = out.out
        bundle = json.loads(outs["json"])
        self.assertIs(bundle["redacted"], True)
        self.assertEqual(len(bundle["cases"]), 2)
        first = bundle["cases"][0]
        self.assertRegex(first["victim"]["number"], r"^P-[0-9A-F]{8}$")
        self.assertEqual(first["victim"]["name"], first["victim"]["number"])
        self.assertEqual(first["role_holders"]["investigator"]["number"],
                         first["roles"]["investigator"])
        self.assertIsNone(first["summary"])
        # The same people have the same pseudonyms in a second export of the database,
        # in every format.
        again = self.export("--all", "--format", "json", "--redact")
        self.assertEqual(json.loads(again)["cases"], bundle["cases"])
        pseudonyms = set(re.findall(r"P-[0-9A-F]{8}", outs["json"]))
        self.assertEqual(len(pseudonyms), 4)
        for fmt in ("md", "html"):
            self.assertEqual(set(re.findall(r"P-[0-9A-F]{8}", outs[fmt])), pseudonyms)
        self.assertIn("Redacted", Doc(outs["html"]).text)


class TestOutputFile(ExportTestCase):

    def setUp(self):
        super().setUp()
        self.ref1 = self.new_case(victim="ZX-7781", supervisor="ZX-7782")
        self.ref2 = self.new_case(victim="ZX-7784", supervisor="ZX-7782",
                                  location="Market Square")
        self.path = os.path.join(self.tmp, "out.html")

    def test_file_is_private_refused_when_present_and_replaced_with_force(self):
        self.assertEqual(self.export(self.ref1, "--format", "html", "-o", self.path), "")
        self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o600)
        before = file_bytes(self.path)
        self.assertIn(self.ref1.encode(), before)
        self.refused(1, "export", self.ref2, "--format", "html", "-o", self.path,
                     contains="exists")
        self.assertEqual(file_bytes(self.path), before)
        self.export(self.ref2, "--format", "md", "-o", self.path, "--force")
        after = file_bytes(self.path)
        self.assertIn(b"# Case " + self.ref2.encode(), after)
        self.assertNotIn(self.ref1.encode(), after)
        self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o600)

    def test_unknown_reference_writes_nothing(self):
        for fmt in ("md", "html", "json"):
            self.refused(1, "export", self.ref1, "OPH-2026-09999", "--format", fmt, "-o",
                         self.path, contains="no case OPH-2026-09999")
            self.assertFalse(os.path.exists(self.path))
            self.assertEqual(os.listdir(self.tmp).count("out.html"), 0)
            # To standard output, not a byte either (checked by refused()).
            self.refused(1, "export", "OPH-2026-09999", self.ref1, "--format", fmt,
                         contains="no case")
        self.assertEqual([f for f in os.listdir(self.tmp) if f.startswith("out")], [])

    def test_several_cases_in_one_html_each_on_a_new_page(self):
        out = self.export(self.ref1, self.ref2, "--format", "html")
        doc = Doc(out)
        articles = [a for t, a in doc.tags if t == "article"]
        self.assertEqual(articles, [[("class", "case")]] * 2)
        self.assertEqual([t for t, _ in doc.tags].count("html"), 1)
        self.assertLess(out.index(self.ref1), out.index(self.ref2))
        self.assertRegex(out, r"@page\s*\{\s*size:\s*A4;\s*margin:")
        self.assertRegex(out, r"\.case \+ \.case \{[^}]*break-before: page")
        self.assertIn("@media print", out)
        # Scope without references: every case, or the open ones.
        self.assertEqual(Doc(self.export("--all", "--format", "html")).text.count("Case OPH-"),
                         2)
        md = self.export("--open", "--format", "md")
        self.assertEqual(len(re.findall(r"^# Case OPH-", md, re.M)), 2)


class TestBundle(ExportTestCase):

    def test_every_field_entered_comes_back(self):
        ref = self.new_case(
            "--reported", "2026-04-06 10:30", "--location-kind", "custody", "--injury",
            "serious", "--offence", "Assault on an emergency worker", "--summary",
            "Kicked twice", "--mechanism", "kick", "--treatment", "hospital", "--body-part",
            "knee", "--days-off", "9", "--specified-injury", "yes", "--off-work", "yes",
            "--offender-known", "yes", "--arrested", "2026-04-06 11:00", "--thor",
            "Threat high", victim="ZX-7781", supervisor="ZX-7782",
            occurred="2026-04-06 10:00", location="Cell 4")
        self.ok("case", "assign", ref, "investigator", "ZX-7783")
        self.ok("case", "assign", ref, "welfare-officer", "ZX-7784")
        self.ok("step", "done", ref, "crime", "--crime-ref", "CR/55/26", "--note", "Plan A",
                "--at", "2026-04-06 12:00")
        self.ok("step", "done", ref, "victim-code", "--referral", "accepted", "--enhanced",
                "yes", "--vps-offered", "yes", "--at", "2026-04-10 12:00", now="2026-04-12 09:00")
        self.ok("step", "done", ref, "iod", "--by", "victim", "--at", "2026-04-07 09:00")
        self.ok("step", "done", ref, "iod", "--by", "supervisor", "--at", "2026-04-07 10:00")
        self.ok("welfare", "add", ref, "--method", "in-person", "--note", "Seen at home",
                "--at", "2026-04-06 15:00")
        self.ok("case", "decision", ref, "charge", "--at", "2026-04-07 16:00")
        ev = self.ok("evidence", "add", ref, "--kind", "medical", "--ref", "MED-9").strip()
        self.ok("evidence", "update", ref, ev, "--status", "not-available", "--reason", "Lost")
        self.ok("case", "edit", ref, "--support-score", "4")
        c = json.loads(self.export(ref, "--format", "json"))["cases"][0]

        self.assertEqual(c["victim"], {"name": "Zelda " + LINE[:60], "number": "ZX-7781",
                                       "role": "officer", "rank": "PC", "team": "Team Qwerty"})
        want = {"occurred_at": "2026-04-06T09:00:00Z", "reported_at": "2026-04-06T09:30:00Z",
                "location": "Cell 4", "location_kind": "custody", "injury": "serious",
                "offence": "Assault on an emergency worker", "summary": "Kicked twice",
                "mechanism": "kick", "treatment": "hospital", "body_part": "knee",
                "days_off": 9, "specified_injury": True, "off_work": True,
                "offender_known": True, "arrested_at": "2026-04-06T10:00:00Z",
                "thor": "Threat high", "crime_reference": "CR/55/26", "referral": "accepted",
                "enhanced_rights": True, "vps_offered": True, "support_score": 4,
                "status": "open", "outcome": None, "outcome_at": None, "closed_at": None,
                "closing_note": None, "created_at": "2026-04-08T09:00:00Z"}
        self.assertEqual({k: c[k] for k in want}, want)
        self.assertEqual(c["roles"], {"investigator": "ZX-7783", "statement_taker": None,
                                      "welfare_officer": "ZX-7784", "supervisor": "ZX-7782",
                                      "second_line": None})
        self.assertEqual(c["role_holders"]["investigator"],
                         {"number": "ZX-7783", "name": "Xanthe \u0645\u0631\u064A\u0645 "
                                                        "\U0001F46E"})
        self.assertEqual(c["role_holders"]["supervisor"],
                         {"number": "ZX-7782", "name": "Yorick Sergeant"})
        self.assertIsNone(c["role_holders"]["second_line"])

        crime = self.step(c, "crime")
        self.assertEqual((crime["status"], crime["done_at"], crime["note"], crime["on_time"]),
                         ("done", "2026-04-06T11:00:00Z", "Plan A", True))
        self.assertTrue(crime["done_by"])
        vc = self.step(c, "victim-code")
        self.assertIs(vc["on_time"], False)  # done after its due time
        iod = self.step(c, "iod")
        self.assertEqual((iod["victim_signed_at"], iod["supervisor_signed_at"]),
                         ("2026-04-07T08:00:00Z", "2026-04-07T09:00:00Z"))
        for code in STEP_CODES:
            s = self.step(c, code)
            for key in ("code", "title", "status", "due_at", "done_at", "done_by", "reason",
                        "note", "on_time", "overdue"):
                self.assertIn(key, s)
            if s["status"] != "done":
                self.assertIsNone(s["on_time"])

        self.assertTrue(c["followups"])
        for f in c["followups"]:
            self.assertEqual(set(f), {"id", "number", "kind", "rule", "status", "event_at",
                                      "due_at", "done_at", "reason", "note", "on_time",
                                      "overdue", "done_by", "route", "reference"})
        self.assertEqual(sorted(f["number"] for f in c["followups"]),
                         list(range(1, len(c["followups"]) + 1)), "numbered per case from 1")
        riddor = self.followups(c, kind="riddor")
        self.assertEqual(len(riddor), 1)
        ev_item = c["evidence"][0]
        self.assertEqual({k: ev_item[k] for k in ("number", "kind", "status", "ref", "reason")},
                         {"number": int(ev), "kind": "medical", "status": "not-available",
                          "ref": "MED-9", "reason": "Lost"})
        for key in ("due_at", "created_at", "updated_at"):
            self.assertRegex(ev_item[key], r"Z$")
        self.assertEqual([(t["kind"], t["at"], t["label"], t["text"]) for t in c["timeline"]],
                         [("decision", "2026-04-06T10:00:00Z", "arrest", None),
                          ("welfare-contact", "2026-04-06T14:00:00Z", "in-person",
                           "Seen at home"),
                          ("decision", "2026-04-07T15:00:00Z", "charge", None)])

        # The bundle's envelope, and the case object is case show's.
        bundle = json.loads(self.export("--all", "--format", "json"))
        self.assertEqual({k: bundle[k] for k in ("format", "version", "exported_at",
                                                 "redacted")},
                         {"format": "ophamp-cases", "version": 1,
                          "exported_at": "2026-04-08T09:00:00Z", "redacted": False})
        self.assertEqual(bundle["cases"], [without_log(self.show(ref))])

    def test_follow_up_on_time_and_closed_case(self):
        ref = self.new_case(victim="ZX-7781", supervisor="ZX-7782",
                            occurred="2026-04-01 09:00", now="2026-04-01 10:00")
        fu = self.followups(self.show(ref), rule="welfare-72h")[0]
        self.ok("followup", "done", ref, str(fu["number"]), "--at", "2026-04-02 09:00",
                "--note", "Rang")
        for code in STEP_CODES:
            self.ok("step", "na", ref, code, "--reason", "test " + code)
        self.ok("case", "close", ref, "--outcome", "nfa-victim", "--note", "Closed <ok>")
        c = json.loads(self.export(ref, "--format", "json"))["cases"][0]
        done = [f for f in c["followups"] if f["id"] == fu["id"]][0]
        self.assertEqual((done["status"], done["on_time"], done["note"]), ("done", True, "Rang"))
        self.assertEqual((c["status"], c["outcome"], c["closing_note"]),
                         ("closed", "nfa-victim", "Closed <ok>"))
        self.assertRegex(c["closed_at"], r"Z$")
        self.assertEqual([s["on_time"] for s in c["steps"]], [None] * 7)
        html = self.ok("case", "show", ref, "--format", "html")
        self.assertIn("Closed &lt;ok&gt;", html)
        self.assertIn("nfa-victim", Doc(html).text)


class TestShowFormats(ExportTestCase):

    def test_on_time_late_and_overdue_in_every_summary(self):
        ref = self.new_case(victim="ZX-7781", supervisor="ZX-7782",
                            occurred="2026-04-06 09:00", now="2026-04-06 10:00")
        self.ok("step", "done", ref, "crime", "--crime-ref", "CR/2", "--note", "Plan",
                "--at", "2026-04-06 12:00")  # due 2026-04-07 10:00: on time
        self.ok("step", "done", ref, "slt", "--note", "Told the Supt",
                "--at", "2026-04-08 09:00")  # due 2026-04-07 10:00: late
        c = self.show(ref)
        self.assertIs(self.step(c, "crime")["on_time"], True)
        self.assertIs(self.step(c, "slt")["on_time"], False)
        self.assertIs(self.step(c, "welfare")["overdue"], True)
        text = self.ok("case", "show", ref)
        self.assertRegex(text, r"crime +done +due 2026-04-07 10:00 BST +done "
                               r"2026-04-06 12:00 BST +on time")
        self.assertRegex(text, r"slt +done .* late\n")
        self.assertRegex(text, r"welfare +pending .*OVERDUE\n")
        rows = {}
        for tr in re.findall(r"<tr>(.*?)</tr>", self.ok("case", "show", ref, "--format",
                                                         "html")):
            cells = [Doc(td).text for td in re.findall(r"<td>(.*?)</td>", tr)]
            if cells:
                rows[cells[0]] = cells
        crime = [v for k, v in rows.items() if k.startswith("crime:")][0]
        self.assertEqual(crime[1:5], ["done", "2026-04-07 10:00 BST", "2026-04-06 12:00 BST",
                                      "on time"])
        self.assertEqual([v for k, v in rows.items() if k.startswith("slt:")][0][4], "late")
        self.assertEqual([v for k, v in rows.items() if k.startswith("welfare:")][0][4],
                         "overdue")
        md = self.ok("case", "show", ref, "--format", "md")
        self.assertRegex(md, r"\| slt: .*\| \*\*late\*\* \|")
        # GMT in winter.
        ref2 = self.new_case(victim="ZX-7781", supervisor="ZX-7782",
                             occurred="2026-01-06 09:00", now="2026-01-06 10:00")
        self.assertIn("2026-01-06 09:00 GMT", self.ok("case", "show", ref2, "--format", "md"))

    def test_json_show_is_one_case_and_unknown_format_refused(self):
        ref = self.new_case(victim="ZX-7781", supervisor="ZX-7782")
        c = self.show(ref)
        self.assertEqual(c["reference"], ref)
        self.assertNotIn("cases", c)
        self.refused(2, "case", "show", ref, "--format", "pdf", contains="--format")
        self.refused(1, "case", "show", "OPH-2026-09999", "--format", "html",
                     contains="no case")


if __name__ == "__main__":
    unittest.main()
