"""End-to-end test of x in the case view: the open case exported to a file named at a prompt
(its format from the extension), an existing file replaced only after a yes, and the status
line saying where the file went."""

import json
import os
import stat
import sys
import unittest
from html.parser import HTMLParser

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_tui  # noqa: E402  (its flows: opening a case from the list)


class Tags(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.parts = []
        self.feed(text)
        self.text = "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


class TestExportKey(test_tui.TuiFlows):

    def start_on_case(self, env=None):
        self.staff()
        self.ref = self.overdue_case(location="<script>alert(1)</script> Lane")
        t = self.start_tui(env=env)
        self.open_case_from_list(self.ref)
        return t

    def prompt_for(self, t):
        t.type("x")
        return t.wait_row(t.rows - 2, "Export to")

    def test_x_writes_html_to_home_asks_before_replacing_and_says_where(self):
        home = os.path.join(self.tmp, "home")
        t = self.start_on_case()
        path = os.path.join(home, self.ref + ".html")
        self.assertIn(path, self.prompt_for(t))  # the offered name
        t.keys("Enter")
        t.wait_row(t.rows - 2, "written to")
        self.assertIn(path, t.status())
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path, encoding="utf-8") as f:
            page = f.read()
        doc = Tags(page)
        self.assertNotIn("script", doc.tags)
        self.assertIn("<script>alert(1)</script> Lane", doc.text)
        self.assertIn("Case " + self.ref, doc.text)

        # Again: the file exists, so it asks; n leaves it as it was.
        os.utime(path, (0, 0))
        self.prompt_for(t)
        t.keys("Enter")
        t.wait_row(t.rows - 2, "(y/N)")
        self.assertIn("Replace", t.status())
        t.type("n")
        t.wait_row(t.rows - 2, "left as it was")
        self.assertEqual(os.stat(path).st_mtime, 0)
        # y replaces it.
        self.prompt_for(t)
        t.keys("Enter")
        t.wait_row(t.rows - 2, "(y/N)")
        t.type("y")
        t.wait_row(t.rows - 2, "written to")
        self.assertNotEqual(os.stat(path).st_mtime, 0)
        self.quit_anywhere()

    def test_format_follows_the_extension_and_documents_folder_is_offered(self):
        docs = os.path.join(self.tmp, "Documents")
        os.makedirs(docs)
        t = self.start_on_case(env={"XDG_DOCUMENTS_DIR": docs})
        self.assertIn(os.path.join(docs, self.ref + ".html"), self.prompt_for(t))
        # An unknown extension is refused with a message, and nothing is written.
        t.keys("C-u")
        t.type(os.path.join(docs, "case.pdf"))
        t.keys("Enter")
        t.wait_row(t.rows - 2, ".txt, .md, .html or .json")
        self.assertEqual(os.listdir(docs), [])
        # .json: the bundle export writes; .md: Markdown.
        for name in ("case.json", "case.md"):
            self.prompt_for(t)
            t.keys("C-u")
            t.type(os.path.join(docs, name))
            t.keys("Enter")
            t.wait_row(t.rows - 2, "written to")
        with open(os.path.join(docs, "case.json"), encoding="utf-8") as f:
            bundle = json.load(f)
        self.assertEqual(bundle["format"], "ophamp-cases")
        self.assertEqual([c["reference"] for c in bundle["cases"]], [self.ref])
        with open(os.path.join(docs, "case.md"), encoding="utf-8") as f:
            self.assertIn("# Case " + self.ref, f.read())
        # Esc at the prompt writes nothing.
        self.prompt_for(t)
        t.keys("Escape")
        t.wait_gone("Export to")
        self.assertEqual(sorted(os.listdir(docs)), ["case.json", "case.md"])
        self.quit_anywhere()

    def test_never_over_the_database(self):
        # A name that is the database (here a link to it) is refused before any question,
        # and the database is as it was.
        t = self.start_on_case()
        link = os.path.join(self.tmp, "case.html")
        os.symlink(self.db, link)
        with open(self.db, "rb") as f:
            before = f.read()
        self.prompt_for(t)
        t.keys("C-u")
        t.type(link)
        t.keys("Enter")
        t.wait_row(t.rows - 2, "it is the database")
        self.assertIn("Not exported", t.status())
        self.assertNotIn("Replace", t.status())
        with open(self.db, "rb") as f:
            self.assertEqual(f.read(), before)
        self.quit_anywhere()


if __name__ == "__main__":
    unittest.main(verbosity=2)
