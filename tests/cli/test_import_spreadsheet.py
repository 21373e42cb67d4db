"""ophamp import FILE.csv after a spreadsheet had the file: a staff number that lost (or
gained) its leading zeros, a crime reference turned into a date, a number in scientific
notation or a number without its zeros each give a warning line, and the import goes on; a
case reference turned into a date or a number is refused with the reason."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import SUPERVISOR  # noqa: E402
from test_import_csv import ImportCase, csv_text, row  # noqa: E402

WARN = "ophamp import: warning: "
HINT = "(open the CSV with this column as text)"


class TestSpreadsheetWarnings(ImportCase):

    def setUp(self):
        super().setUp()
        self.add_person("Zero Lead", "007123", "--rank", "PC")

    def imported(self, rows, *extra):
        """Imports rows (exit 0); returns the warning lines without their prefix."""
        r = self.run_ophamp("import", self.write(csv_text(rows)), *extra)
        self.assertEqual(r.rc, 0, r.describe())
        lines = r.err.splitlines()
        for line in lines:
            self.assertTrue(line.startswith(WARN), r.describe())
        self.assertRegex(r.out, r"^(would import|imported) %d case" % len(rows))
        return [line[len(WARN):] for line in lines]

    def test_a_staff_number_that_lost_its_zeros(self):
        warnings = self.imported([row(victim_number="7123", victim_name="Zero Lead")])
        self.assertEqual(warnings, [
            "line 2, column victim_number: staff number 7123 is not known, but 007123 is: a "
            "spreadsheet may have dropped its leading zeros " + HINT])
        # The import went on: the number as the file gives it (a new person: check them).
        [case] = self.list_cases("--all")
        self.assertEqual(case["victim_number"], "7123")

    def test_a_staff_number_that_gained_zeros(self):
        # 2001 is known; the file says 02001 of someone named in it as a victim.
        warnings = self.imported([row(victim_number="02001", victim_name="Bob Sergeant")])
        self.assertEqual(warnings, [
            "line 2, column victim_number: staff number 02001 is not known, but 2001 is: a "
            "spreadsheet may have given it leading zeros"])

    def test_an_exact_number_or_another_kind_of_number_says_nothing(self):
        self.assertEqual(self.imported([row(victim_number="007123"),
                                        row(victim_number="D7123", victim_name="Dee")]), [])

    def test_a_number_known_only_from_the_file_itself(self):
        warnings = self.imported([row(victim_number="004455", victim_name="Four Five"),
                                  row(victim_number="4455", victim_name="Four Five")])
        # Either may be the one a spreadsheet changed: both rows are named.
        self.assertEqual(len(warnings), 2, warnings)
        self.assertTrue(warnings[0].startswith("line 2, column victim_number: staff number "
                                               "004455 is not known, but 4455 is"), warnings)
        self.assertTrue(warnings[1].startswith("line 3, column victim_number: staff number "
                                               "4455 is not known, but 004455 is"), warnings)

    def test_crime_references_a_spreadsheet_converted(self):
        converted = [("01/02/2026", "a date"), ("1/2/2026", "a date"),
                     ("2026-02-01", "a date"), ("2026-02-01 00:00:00", "a date"),
                     ("3E+05", "a number in scientific notation"),
                     ("3.00E+05", "a number in scientific notation")]
        as_typed = ["1/2/26", "3E5", "CR/012345/26", "46/1234/26", "13/13/2026"]
        rows = [row(crime_reference=v) for v, _ in converted]
        rows += [row(crime_reference=v) for v in as_typed]
        warnings = self.imported(rows, "--dry-run")
        self.assertEqual(warnings, [
            "line %d, column crime_reference: '%s' looks like %s a spreadsheet made of a crime "
            "reference: check it %s" % (i + 2, v, what, HINT)
            for i, (v, what) in enumerate(converted)])

    def test_a_crime_reference_that_lost_its_zeros(self):
        warnings = self.imported([row(crime_reference="000123"), row(crime_reference="123"),
                                  row(crime_reference="456789")])
        self.assertEqual(warnings, [
            "line 3, column crime_reference: '123' looks like a number that lost its leading "
            "zeros (the file also has '000123'): check it " + HINT])

    def test_a_case_reference_turned_into_a_date_gets_a_new_one_and_the_reason(self):
        # A reference that is not one is replaced (the lowest free one of the year), and the
        # warning says what a spreadsheet seems to have made of it.
        self.assertEqual(self.imported([row(reference="01/02/2026"), row(reference="2026")]), [
            "line 2, column reference: '01/02/2026' is not a reference (it looks like a date a "
            "spreadsheet made of one: open the CSV with this column as text): the case is "
            "given OPH-2026-00001",
            "line 3, column reference: '2026' is not a reference (it looks like a number a "
            "spreadsheet made of one: open the CSV with this column as text): the case is given "
            "OPH-2026-00002"])

    def test_the_warnings_do_not_hide_problems(self):
        path = self.write(csv_text([row(crime_reference="01/02/2026"),
                                    row(supervisor_number="9997")]))
        r = self.run_ophamp("import", path)
        self.assertEqual(r.rc, 1, r.describe())
        lines = r.err.splitlines()
        self.assertTrue(lines[0].startswith(WARN + "line 2, column crime_reference"), lines)
        self.assertTrue(lines[1].startswith("ophamp import: line 3, column supervisor_number"),
                        lines)
        self.assertEqual(self.list_cases("--all"), [])
        self.assertEqual(SUPERVISOR, "2001")


if __name__ == "__main__":
    unittest.main()
