"""export and report --format xlsx: spreadsheets read back with openpyxl (an independent reader,
Debian's python3-openpyxl): sheets, cell types and values (identifiers as text, times as date
cells in London time, counts as numbers), the frozen header, the filter, the protective
marking on every sheet, and the same cells, redacted the same way, as the CSV export."""

import csv
import io
import json
import os
import stat
import unittest
import zipfile
from datetime import datetime

import openpyxl

from ophamp_test import (INVESTIGATOR, STATEMENT_TAKER, STEP_CODES, SUPERVISOR, VICTIM,
                         OphampTestCase)

CSV_HEADER_AFTER_MARKING = 2  # the CSV begins with the marking and the audit head
ITEM_HEADER = ["reference", "item", "what", "id", "status", "due_at", "done_at", "on_time",
               "done_by", "evidence_ref", "reason", "note"]
TIME_FORMAT = "yyyy-mm-dd hh:mm"


def as_csv_text(value):
    """A cell as the CSV writes it: a date cell as London YYYY-MM-DD HH:MM, a number as digits,
    nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (int, float)):
        return "%d" % value
    return value


class XlsxCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.cached_db(self.add_staff)

    def export_xlsx(self, *args, name="cases.xlsx", **kw):
        path = os.path.join(self.tmp, name)
        if os.path.exists(path):
            os.unlink(path)
        self.assertEqual(self.ok("export", *args, "--format", "xlsx", "-o", path, **kw), "")
        return path

    def export_csv(self, *args):
        out = self.run_ophamp("export", *args, "--format", "csv")
        self.assertEqual(out.rc, 0, out.describe())
        rows = list(csv.reader(io.StringIO(out.out_b.decode("utf-8-sig"), newline="")))
        return rows

    def load(self, path):
        self.assertTrue(zipfile.is_zipfile(path))
        return openpyxl.load_workbook(path)

    def assert_sheet_frame(self, ws, header_row, ncols, marking="OFFICIAL-SENSITIVE"):
        """The header row frozen, the filter over the header and every row, the marking in
        the printed header and footer."""
        self.assertEqual(ws.freeze_panes, "A%d" % (header_row + 1), ws.title)
        last = openpyxl.utils.get_column_letter(ncols)
        self.assertEqual(ws.auto_filter.ref, "A%d:%s%d" % (header_row, last,
                                                           max(ws.max_row, header_row)),
                         ws.title)
        self.assertEqual(ws.oddHeader.center.text, marking, ws.title)
        self.assertEqual(ws.oddFooter.center.text, marking, ws.title)
        for col in range(1, ncols + 1):
            letter = openpyxl.utils.get_column_letter(col)
            width = ws.column_dimensions[letter].width
            self.assertGreaterEqual(width, len(str(ws.cell(header_row, col).value)) + 2,
                                    (ws.title, letter))


class TestCaseList(XlsxCase):

    def setUp(self):
        super().setUp()
        # A staff number a spreadsheet would make 7123, and crime references it would turn
        # into a date and a number.
        self.add_person("Zero Lead", "007123", "--rank", "PC", "--team", "Roads")
        self.ref = self.new_case("--reported", "2026-04-08 09:30", "--days-off", "3",
                                 "--summary", "=HYPERLINK(\"http://x.example\",\"x\")",
                                 victim="007123", occurred="2026-04-08 09:05",
                                 location="Custody suite")
        self.ok("case", "assign", self.ref, "investigator", INVESTIGATOR)
        self.ok("case", "assign", self.ref, "statement-taker", STATEMENT_TAKER)
        self.ok("step", "done", self.ref, "crime", "--crime-ref", "1/2/26",
                "--note", "Plan: arrest", "--at", "2026-04-08 09:40")
        self.ok("evidence", "add", self.ref, "--kind", "cctv", "--ref", "00042")
        # A winter case: GMT, not BST.
        self.other = self.new_case("--crime-ref", "3E5", occurred="2026-01-15 21:30")

    def test_sheets_types_values_frame_and_marking(self):
        wb = self.load(self.export_xlsx("--all"))
        self.assertEqual(wb.sheetnames, ["Cases", "Items"])
        cases, items = wb["Cases"], wb["Items"]
        csv_rows = self.export_csv("--all")
        header = [c.value for c in cases[1]]
        self.assertEqual(header, csv_rows[0][CSV_HEADER_AFTER_MARKING:])
        self.assert_sheet_frame(cases, 1, len(header))
        self.assertEqual([c.value for c in items[1]], ITEM_HEADER)
        self.assert_sheet_frame(items, 1, len(ITEM_HEADER))

        rows = [dict(zip(header, (c for c in r))) for r in cases.iter_rows(min_row=2)]
        self.assertEqual([r["reference"].value for r in rows], [self.other, self.ref])
        mine = rows[1]
        # Identifiers are text, never numbers, whatever they look like.
        for key, want in (("victim_number", "007123"), ("crime_reference", "1/2/26"),
                          ("reference", self.ref)):
            self.assertEqual(mine[key].value, want, key)
            self.assertEqual(mine[key].data_type, "s", key)
            self.assertEqual(mine[key].number_format, "@", key)
        self.assertEqual(rows[0]["crime_reference"].value, "3E5")
        self.assertEqual(rows[0]["crime_reference"].data_type, "s")
        # A formula's text is a string cell, never a formula.
        self.assertEqual(mine["summary"].data_type, "s")
        self.assertEqual(mine["summary"].value, "=HYPERLINK(\"http://x.example\",\"x\")")
        # Times are date cells in London time: BST in April, GMT in January.
        self.assertEqual(mine["occurred_at"].value, datetime(2026, 4, 8, 9, 5))
        self.assertTrue(mine["occurred_at"].is_date)
        self.assertEqual(mine["occurred_at"].number_format, TIME_FORMAT)
        self.assertEqual(mine["crime_done_at"].value, datetime(2026, 4, 8, 9, 40))
        self.assertEqual(rows[0]["occurred_at"].value, datetime(2026, 1, 15, 21, 30))
        # Counts are numbers; nothing recorded is an empty cell.
        self.assertEqual(mine["days_off"].value, 3)
        self.assertEqual(mine["days_off"].data_type, "n")
        self.assertIsNone(mine["outcome"].value)
        self.assertIsNone(mine["arrested_at"].value)

        # One item row each: seven steps, the follow-ups and the evidence of each case.
        item_rows = [dict(zip(ITEM_HEADER, (c.value for c in r)))
                     for r in items.iter_rows(min_row=2)]
        for ref in (self.ref, self.other):
            c = self.show(ref)
            got = [r for r in item_rows if r["reference"] == ref]
            self.assertEqual([r["what"] for r in got if r["item"] == "step"], STEP_CODES)
            self.assertEqual(len([r for r in got if r["item"] == "follow-up"]),
                             len(c["followups"]))
            self.assertEqual(len([r for r in got if r["item"] == "evidence"]),
                             len(c["evidence"]))
        crime = [r for r in item_rows if r["reference"] == self.ref and r["what"] == "crime"][0]
        self.assertEqual((crime["status"], crime["done_at"], crime["on_time"]),
                         ("done", datetime(2026, 4, 8, 9, 40), "yes"))
        cctv = [r for r in item_rows if r["reference"] == self.ref and r["what"] == "cctv"][0]
        self.assertEqual(cctv["evidence_ref"], "00042")
        self.assertEqual((cctv["item"], cctv["status"]), ("evidence", "requested"))
        self.assertIsInstance(cctv["id"], str)
        # The file's properties carry the marking too.
        self.assertEqual(wb.properties.keywords, "OFFICIAL-SENSITIVE")

    def test_every_cell_is_the_csvs_and_redaction_is_the_same(self):
        for extra in ([], ["--redact"]):
            wb = self.load(self.export_xlsx("--all", *extra))
            csv_rows = self.export_csv("--all", *extra)
            got = [[as_csv_text(c.value) for c in r] for r in wb["Cases"].iter_rows()]
            want = [r[CSV_HEADER_AFTER_MARKING:] for r in csv_rows]
            # The CSV keeps a formula's text inert with an apostrophe; the sheet needs none.
            want = [[c[1:] if c.startswith("'=") else c for c in r] for r in want]
            self.assertEqual(got, want, extra)
        path = self.export_xlsx("--all", "--redact")
        with zipfile.ZipFile(path) as z:
            data = b"".join(z.read(n) for n in z.namelist())
        for secret in ("Alice", "Zero Lead", "007123", "Custody suite", "1/2/26", "00042",
                       "HYPERLINK", "Roads", "Plan: arrest"):
            self.assertNotIn(secret.encode(), data, secret)
        values = [c.value for ws in self.load(path) for r in ws.iter_rows() for c in r]
        for secret in (VICTIM, SUPERVISOR, INVESTIGATOR, STATEMENT_TAKER):
            self.assertNotIn(secret, values, secret)

    def test_marking_override_on_every_sheet(self):
        wb = self.load(self.export_xlsx("--open", "--marking", "OFFICIAL"))
        for ws in wb:
            self.assertEqual(ws.oddHeader.center.text, "OFFICIAL")
            self.assertEqual(ws.oddFooter.center.text, "OFFICIAL")

    def test_references_and_an_empty_list(self):
        wb = self.load(self.export_xlsx(self.ref))
        self.assertEqual([r[0].value for r in wb["Cases"].iter_rows(min_row=2)], [self.ref])
        self.ok("case", "edit", self.other, "--reported", "2026-01-15 22:00")
        self.ok("evidence", "update", self.ref, "1", "--status", "secured")
        self.complete_all_steps_na(self.ref)
        self.complete_all_steps_na(self.other)
        for ref in (self.ref, self.other):
            self.ok("case", "close", ref, "--outcome", "charged")
        wb = self.load(self.export_xlsx("--open"))
        self.assertEqual(wb["Cases"].max_row, 1)
        self.assertEqual(wb["Items"].max_row, 1)
        self.assertEqual(wb["Cases"].auto_filter.ref[:3], "A1:")

    def test_needs_a_file_and_writes_it_whole_and_private(self):
        for o in ([], ["-o", "-"]):
            r = self.refused(2, "export", "--all", "--format", "xlsx", *o,
                             contains=("xlsx", "-o FILE"))
            self.assertEqual(r.out_b, b"")
        path = self.export_xlsx("--all")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.refused(1, "export", "--all", "--format", "xlsx", "-o", path,
                     contains="already exists")
        self.refused(1, "export", "NO-SUCH", "--format", "xlsx", "-o",
                     os.path.join(self.tmp, "none.xlsx"), contains="no case NO-SUCH")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "none.xlsx")))
        self.assertEqual([f for f in os.listdir(self.tmp) if f.startswith(".")], [])


class TestReport(XlsxCase):

    def setUp(self):
        super().setUp()
        for occurred in ("2026-03-02 10:00", "2026-03-10 10:00", "2026-04-01 10:00"):
            self.new_case(occurred=occurred)

    def report_xlsx(self, *args):
        path = os.path.join(self.tmp, "report.xlsx")
        if os.path.exists(path):
            os.unlink(path)
        self.assertEqual(self.ok("report", "--from", "2026-03-01", "--to", "2026-04-08",
                                 "--format", "xlsx", "-o", path, *args), "")
        return self.load(path)

    def cells(self, ws):
        return [[c for c in r] for r in ws.iter_rows()]

    def test_a_sheet_a_table_numbers_as_numbers(self):
        wb = self.report_xlsx()
        report = json.loads(self.ok("report", "--from", "2026-03-01", "--to", "2026-04-08",
                                    "--format", "json"))
        self.assertEqual(wb.sheetnames[0], "Report")
        first = [r[0] for r in self.cells(wb["Report"])]
        self.assertEqual(first[0].value, "Operation Hampshire scrutiny report")
        self.assertIn("OFFICIAL-SENSITIVE", [c.value for c in first])
        self.assertGreater(len(wb.sheetnames), 3)
        found = {}
        for ws in wb.worksheets[1:]:
            self.assertEqual(ws["A1"].value, ws.title)  # the table's title first
            header_row = int(ws.freeze_panes[1:]) - 1
            ncols = len([c for c in ws[header_row] if c.value is not None])
            self.assert_sheet_frame(ws, header_row, ncols)
            for row in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row):
                if row[0].value is None:
                    break  # the notes under the table
                self.assertEqual(row[0].data_type, "s")
                found[(ws.title, row[0].value)] = row
                for c in row[1:]:
                    if c.data_type == "n" and c.value is not None:
                        self.assertIn(c.number_format, ("0", "0.00", "0.0%"), (ws.title, c))
                        if c.number_format == "0.0%":
                            self.assertTrue(0 <= c.value <= 1, (ws.title, c.value))
        cases = [row for (sheet, label), row in found.items() if label == "Cases logged"][0]
        self.assertEqual(cases[1].value, report["cases"])
        self.assertEqual(cases[1].data_type, "n")

    def test_redacted_marks_stay_text(self):
        wb = self.report_xlsx("--redact")
        marks = [c.value for ws in wb.worksheets[1:] for r in ws.iter_rows() for c in r
                 if isinstance(c.value, str) and c.value in ("<5", "[c]")]
        self.assertIn("<5", marks)  # three cases in all: every count of them is small
        texts = [c.value for r in wb["Report"].iter_rows() for c in r]
        self.assertTrue(any(t and t.startswith("Redacted") for t in texts), texts)

    def test_needs_a_file(self):
        self.refused(2, "report", "--format", "xlsx", contains="-o FILE")



class TestClock(XlsxCase):
    """A workbook says it was made at the program's clock (OPHAMP_NOW), not at the real time:
    the same data at the same clock is the same file, byte for byte."""

    def setUp(self):
        super().setUp()
        self.new_case(occurred="2026-03-02 10:00")

    def core_and_bytes(self, *args):
        path = os.path.join(self.tmp, "clock.xlsx")
        if os.path.exists(path):
            os.unlink(path)
        self.assertEqual(self.ok(*args, "--format", "xlsx", "-o", path, now="2026-04-08 11:30"),
                         "")
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8")
        with open(path, "rb") as f:
            return core, f.read()

    def test_the_workbook_carries_the_programs_clock(self):
        for args in (("export", "--all"), ("report", "--from", "2026-03-01", "--to", "2026-04-08")):
            core, first = self.core_and_bytes(*args)
            for stamp in ("created", "modified"):  # 11:30 in London in April is 10:30 UTC
                self.assertIn('<dcterms:%s xsi:type="dcterms:W3CDTF">2026-04-08T10:30:00Z'
                              '</dcterms:%s>' % (stamp, stamp), core, args)
            self.assertEqual(self.core_and_bytes(*args)[1], first, args)

if __name__ == "__main__":
    unittest.main()
