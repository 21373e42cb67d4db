"""Case summaries and the protective marking, read by independent readers: HTML by html5lib
(Debian's python3-html5lib), Markdown by cmark-gfm (GitHub's renderer, with its autolinks,
tables and strike-through) and Python-Markdown, calendars by python3-icalendar, CSV and JSON by
the standard library.

- HTML wraps where a printed page needs it, never inside a word ("pendin|g");
- Markdown escapes its own syntax, not HTML's (H&S stays H&S), and stored addresses never
  become links;
- `export --format text` is the summary `case show` prints, its columns aligned;
- "not recorded" (nobody said) and "not known" (offender not identified) are worded apart;
- every export and report format carries the protective marking, set per database
  (`setting marking`) or per run (`--marking`)."""

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import unittest

import html5lib
import icalendar
import markdown

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import OphampTestCase  # noqa: E402

NOW = "2026-04-08 10:00"
NS = "{http://www.w3.org/1999/xhtml}"
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"

# Text a Markdown renderer would otherwise read as markup, one item a stored text.
MD_HOSTILE = [
    "H&S advised", "a*b*c and *bold*", "_em_ and snake_case", "# not a heading",
    "pipe | in the cell", "[a](http://evil.example) ![i](x.png)", "<b>bold</b> <!-- c -->",
    "`code` and ``two``", "see www.example.com today", "https://example.org/a_b?c=1&d=2",
    "mail x.y@example.org now", "&amp; &#65; &copy;", "~~struck~~ and ~one~", "a < b > c",
    "\\backslash\\", "1. not a list", "> not a quote",
]


def text_of(element):
    """The text of an html5lib element and everything inside it."""
    return "".join(element.itertext())


def breakable(element):
    """The text of an element with a space where a <wbr> lets a line break."""
    out = element.text or ""
    for child in element:
        out += " " if child.tag == NS + "wbr" else breakable(child)
        out += child.tail or ""
    return out


def tags(doc):
    return {e.tag.replace(NS, "") for e in doc.iter() if isinstance(e.tag, str)}


def gfm(md):
    """cmark-gfm's HTML, with GitHub's extensions."""
    return subprocess.run(["cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink", "-e",
                           "strikethrough", "-e", "tagfilter"], input=md.encode(),
                          stdout=subprocess.PIPE, check=True).stdout.decode()


class SummaryCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.env["OPHAMP_NOW"] = NOW
        self.cached_db(self.make_db)

    def make_db(self):
        self.add_person("Alice Victim", "1001")
        self.add_person("Bob Sergeant", "1002")

    def case(self, *extra, **kw):
        return self.new_case(*extra, victim="1001", supervisor="1002", **kw)


class TestHtmlWrapping(SummaryCase):
    LONG = "REF/" + "0123456789ABCDEF" * 12  # 196 characters without a space

    def test_long_text_wraps_and_words_stay_whole(self):
        ref = self.case("--summary", "pending " + self.LONG + " overdue", "--thor", self.LONG)
        out = self.ok("export", ref, "--format", "html")
        doc = html5lib.parse(out)
        style = text_of(doc.find(".//%sstyle" % NS))
        self.assertNotIn("anywhere", style)
        self.assertNotIn("break-all", style)
        # Every run of text a browser may not break is at most 20 characters long: between two
        # spaces or <wbr> elements.
        for td in doc.iter(NS + "td"):
            for word in breakable(td).split():
                self.assertLessEqual(len(word), 20, word)
        # The text reads back whole, and the program's words are never cut.
        cells = [text_of(td) for td in doc.iter(NS + "td")]
        self.assertIn("pending " + self.LONG + " overdue", cells)
        self.assertIn(self.LONG, cells)
        self.assertNotRegex(out, r"p<wbr>?e<wbr>|pendin<wbr>")
        self.assertIn(">pending<", out.replace("<td>", ">").replace("</td>", "<"))


class TestMarkdown(SummaryCase):

    def hostile(self):
        ref = self.case("--summary", "\n".join(MD_HOSTILE), "--offence", MD_HOSTILE[0],
                        "--thor", " ".join(MD_HOSTILE))
        return ref, self.ok("export", ref, "--format", "md")

    def test_own_syntax_escaped_not_html(self):
        _, out = self.hostile()
        self.assertIn("H&S advised", out)
        self.assertNotIn("H&amp;S", out)
        self.assertNotIn("&lt;", out)
        self.assertIn(r"a\*b\*c", out)
        self.assertIn(r"snake\_case", out)

    def test_renders_as_the_literal_text_in_gfm_and_python_markdown(self):
        ref, out = self.hostile()
        for name, page in (("cmark-gfm", gfm(out)),
                           ("python-markdown", markdown.markdown(out, extensions=["tables"]))):
            doc = html5lib.parse(page)
            found = tags(doc)
            for bad in ("a", "em", "img", "del", "s", "b", "h3", "ol", "ul", "blockquote"):
                self.assertNotIn(bad, found, (name, bad))
            # The cells read back as what was stored (a line break is a <br>).
            cells = {}
            for tr in doc.iter(NS + "tr"):
                tds = list(tr)
                if len(tds) == 2:
                    cells[text_of(tds[0])] = tds[1]
            summary = cells["Summary"]
            lines, line = [], summary.text or ""
            for child in summary:
                if child.tag == NS + "br":
                    lines.append(line)
                    line = child.tail or ""
                else:
                    line += text_of(child) + (child.tail or "")
            lines.append(line)
            self.assertEqual(lines, MD_HOSTILE, name)
            self.assertEqual(text_of(cells["THOR"]), " ".join(MD_HOSTILE), name)
            self.assertEqual(text_of(cells["Offence"]), MD_HOSTILE[0], name)

    def test_addresses_are_not_links_in_gfm(self):
        ref = self.case("--summary", "www.example.com http://x.org/a b@c.org")
        page = gfm(self.ok("export", ref, "--format", "md"))
        self.assertNotIn("<a ", page)
        self.assertIn("www.example.com", page)


class TestText(SummaryCase):

    def test_export_text_is_the_summary(self):
        ref = self.case()
        out = self.ok("export", ref, "--format", "text")
        self.assertEqual(out, self.ok("case", "show", ref, "--format", "text"))
        self.assertIn(ref + "  open", out)
        self.ok("export", "--all", "--format", "text")

    def test_columns_are_aligned(self):
        self.ok("demo", "--cases", "200", "--seed", "5")
        refs = [r["reference"] for r in self.list_cases("--all", "--limit", "40")]
        seen = 0
        for ref in refs:
            out = self.ok("case", "show", ref, "--format", "text")
            for section in ("Follow-ups", "Evidence"):
                body = out.split("\n" + section + "\n", 1)[1].split("\n\n", 1)[0]
                rows = [ln for ln in body.splitlines() if ln.startswith("  #")]
                if not rows:
                    continue
                seen += 1
                # Every column is apart from the next by two spaces at least ...
                for ln in rows:
                    self.assertRegex(ln, r"^  #\d+  +[a-z]", ln)
                # ... and the due times start in one column.
                self.assertEqual(len({ln.index(" due ") for ln in rows}), 1, rows)
        self.assertGreater(seen, 10)


class TestNotRecordedNotKnown(SummaryCase):

    def test_worded_apart_in_every_format(self):
        unknown = self.case()
        not_known = self.case("--offender-known", "no")
        known = self.case("--offender-known", "yes")
        for fmt in ("text", "md", "html"):
            outs = {ref: self.ok("case", "show", ref, "--format", fmt)
                    for ref in (unknown, not_known, known)}
            line = {ref: [ln for ln in re.sub(r"<[^>]+>", " ", out).splitlines()
                          if "Offender" in ln][0] for ref, out in outs.items()}
            self.assertIn("not recorded", line[unknown], fmt)
            self.assertNotIn("not known", line[unknown], fmt)
            self.assertIn("not known", line[not_known], fmt)
            self.assertNotIn("not recorded", line[not_known], fmt)
            self.assertNotIn("unknown", outs[unknown], fmt)
        self.assertIsNone(self.show(unknown)["offender_known"])
        self.assertIs(self.show(not_known)["offender_known"], False)


class TestMarking(SummaryCase):

    def setUp(self):
        super().setUp()
        self.ref = self.case()

    def all_documents(self, *extra):
        """{name: output} of every export, report and summary format."""
        out = {}
        for fmt in ("text", "md", "html", "json", "csv", "ics"):
            out["export " + fmt] = self.ok("export", self.ref, "--format", fmt, *extra)
        for fmt in ("text", "md", "html", "json", "csv"):
            out["report " + fmt] = self.ok("report", "--format", fmt, *extra)
            out["report --redact " + fmt] = self.ok("report", "--format", fmt, "--redact",
                                                    *extra)
        for fmt in ("text", "md", "html"):
            out["case show " + fmt] = self.ok("case", "show", self.ref, "--format", fmt, *extra)
        out["remind ics"] = self.ok("remind", "--format", "ics", "--within", "2000", *extra)
        return out

    def assert_marked(self, docs, marking):
        for name, out in docs.items():
            with self.subTest(name):
                fmt = name.split()[-1]
                if fmt == "text":
                    lines = out.splitlines()
                    self.assertEqual(lines[0], marking)
                    self.assertEqual(lines[-1], marking)
                elif fmt == "md":
                    lines = out.splitlines()
                    self.assertEqual(lines[0], "**%s**" % marking)
                    self.assertEqual(lines[-1], "**%s**" % marking)
                    page = html5lib.parse(gfm(out))
                    strongs = [text_of(s) for s in page.iter(NS + "strong")]
                    self.assertEqual((strongs[0], strongs[-1]), (marking, marking))
                elif fmt == "html":
                    doc = html5lib.parse(out)
                    marks = [text_of(p) for p in doc.iter(NS + "p")
                             if p.get("class") == "marking"]
                    self.assertEqual(marks, [marking, marking])  # head and foot
                    body = doc.find(NS + "body")
                    self.assertEqual(text_of(body).split(), marking.split()
                                     + text_of(body).split()[len(marking.split()):])
                    style = text_of(doc.find(".//%sstyle" % NS))
                    self.assertIn("@page", style)
                    self.assertIn("@top-center", style)
                    self.assertNotIn("script", tags(doc))
                elif fmt == "json":
                    self.assertEqual(json.loads(out)["marking"], marking)
                elif fmt == "csv":
                    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
                    if name.startswith("report"):
                        self.assertEqual(rows[1][:3], ["document", "all", "marking"])
                        self.assertEqual(rows[1][4], marking)
                    else:
                        self.assertEqual(rows[0][0], "marking")
                        self.assertTrue(all(r[0] == marking for r in rows[1:]), rows)
                        self.assertGreater(len(rows), 1)
                elif fmt == "ics":
                    cal = icalendar.Calendar.from_ical(out)
                    self.assertEqual(str(cal["X-PROTECTIVE-MARKING"]), marking)
                    events = list(cal.walk("VEVENT"))
                    self.assertTrue(events)
                    for ev in events:
                        self.assertEqual(str(ev["DESCRIPTION"]).split("\n")[0], marking)
                        self.assertEqual(str(ev["CLASS"]), "CONFIDENTIAL")

    def test_default_on_every_format(self):
        self.assert_marked(self.all_documents(), DEFAULT_MARKING)

    def test_set_per_database_and_overridden_per_run(self):
        self.assertEqual(self.ok("setting", "marking"), DEFAULT_MARKING + "\n")
        self.assertEqual(self.ok("setting", "marking", "OFFICIAL"), "")
        self.assertEqual(self.ok("setting", "marking"), "OFFICIAL\n")
        self.assert_marked(self.all_documents(), "OFFICIAL")
        self.assert_marked(self.all_documents("--marking", "SECRET - UK EYES ONLY"),
                           "SECRET - UK EYES ONLY")
        # The change is one audited write.
        conn = sqlite3.connect(self.db)
        self.addCleanup(conn.close)
        rows = conn.execute("SELECT op FROM log_changes WHERE tbl = 'settings' "
                            "AND row_key = 'marking'").fetchall()
        self.assertEqual(rows, [("insert",)])

    def test_bad_markings_are_refused_and_change_nothing(self):
        self.ok("setting", "marking", "OFFICIAL")
        for bad, why in (("", "empty"), ("x" * 61, "61 characters"), ("a\tb", "printable"),
                         ("OFFICIAL\u00a0SENSITIVE", "printable"), (" OFFICIAL", "space"),
                         ("OFFICIAL ", "space")):
            self.refused(2, "setting", "marking", bad, contains=(why,))
            self.refused(2, "export", self.ref, "--format", "md", "--marking", bad,
                         contains=("--marking", why))
            self.refused(2, "report", "--marking", bad, contains=("--marking",))
        self.assertEqual(self.ok("setting", "marking"), "OFFICIAL\n")
        self.ok("setting", "marking", "x" * 60)

    def test_a_marking_cannot_break_out_of_html_or_css(self):
        evil = 'A"}</style><script>alert(1)</script>\\'
        docs = {"export html": self.ok("export", self.ref, "--format", "html", "--marking", evil),
                "report html": self.ok("report", "--format", "html", "--marking", evil)}
        self.assert_marked(docs, evil)
        for out in docs.values():
            self.assertNotIn("<script>", out)

    def test_the_marked_csv_still_imports(self):
        out = os.path.join(self.tmp, "cases.csv")
        self.ok("export", "--all", "--format", "csv", "-o", out)
        with open(out, encoding="utf-8-sig") as f:
            self.assertEqual(f.readline().split(",")[0], "marking")
        other = os.path.join(self.tmp, "other.db")
        for name, number in (("Alice Victim", "1001"), ("Bob Sergeant", "1002")):
            self.add_person(name, number, db=other)
        r = self.run_ophamp("import", out, db=other)
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(len(self.list_cases("--all", db=other)), 1)


if __name__ == "__main__":
    unittest.main()
