"""Times as a person types them on every time flag of the command line: now, HH:MM (today, or
yesterday when later than now), yesterday HH:MM, -2h, -30m and D/M/YYYY HH:MM, read against the
program's clock (OPHAMP_NOW) in London time; the exact YYYY-MM-DD HH:MM still works, and a word
the program does not know is refused naming the flag and the forms it takes."""

import os
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import OphampTestCase  # noqa: E402

# NOW is 2026-04-08 10:00 London (BST), 09:00 UTC.
WORDS = [
    ("now", "2026-04-08T09:00:00Z"),
    ("09:15", "2026-04-08T08:15:00Z"),
    ("14:10", "2026-04-07T13:10:00Z"),  # later than now today: yesterday's
    ("yesterday 14:10", "2026-04-07T13:10:00Z"),
    ("-2h", "2026-04-08T07:00:00Z"),
    ("-30m", "2026-04-08T08:30:00Z"),
    ("8/4/2026 09:05", "2026-04-08T08:05:00Z"),
    ("2026-04-08 09:05", "2026-04-08T08:05:00Z"),
]


class TestTimeWords(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.cached_db(self.add_staff)

    def case_on(self, occurred="2026-04-06 09:00"):
        return self.new_case("--reported", occurred, occurred=occurred)

    def test_case_new_occurred_reported_arrested(self):
        for word, utc in WORDS:
            with self.subTest(word=word):
                ref = self.new_case("--reported", word, "--arrested", word,
                                    "--offender-known", "yes", occurred=word)
                c = self.show(ref)
                self.assertEqual((c["occurred_at"], c["reported_at"], c["arrested_at"]),
                                 (utc, utc, utc))

    def test_case_edit_occurred_reported_arrested(self):
        ref = self.case_on()
        for flag, key in (("--reported", "reported_at"), ("--occurred", "occurred_at"),
                          ("--arrested", "arrested_at")):
            with self.subTest(flag=flag):
                self.ok("case", "edit", ref, flag, "-30m")
                self.assertEqual(self.show(ref)[key], "2026-04-08T08:30:00Z")

    def test_every_at_flag(self):
        ref = self.case_on()
        fu = {f["rule"]: f for f in self.show(ref)["followups"]}
        runs = [
            (["step", "done", ref, "slt", "--note", "Told the superintendent", "--at", "-2h"],
             lambda c: self.step(c, "slt")["done_at"], "2026-04-08T07:00:00Z"),
            (["welfare", "add", ref, "--method", "phone", "--note", "Spoke", "--at",
              "yesterday 14:10"],
             lambda c: [t for t in c["timeline"] if t["kind"] == "welfare-contact"][0]["at"],
             "2026-04-07T13:10:00Z"),
            (["victim", "update", ref, "--note", "Told of the plan", "--at", "09:15"],
             lambda c: [t for t in c["timeline"] if t["kind"] == "victim-update"][0]["at"],
             "2026-04-08T08:15:00Z"),
            (["followup", "done", ref, str(fu["welfare-72h"]["number"]), "--at", "-30m"],
             lambda c: [f for f in c["followups"] if f["rule"] == "welfare-72h"][0]["done_at"],
             "2026-04-08T08:30:00Z"),
            (["case", "decision", ref, "arrest", "--at", "7/4/2026 22:00"],
             lambda c: [t for t in c["timeline"] if t["kind"] == "decision"][0]["at"],
             "2026-04-07T21:00:00Z"),
        ]
        for args, read, want in runs:
            with self.subTest(command=" ".join(args[:2])):
                self.ok(*args)
                self.assertEqual(read(self.show(ref)), want)
        for code in ("crime", "victim-code", "investigator", "welfare", "iod", "evidence"):
            if self.step(self.show(ref), code)["status"] == "pending":
                self.ok("step", "na", ref, code, "--reason", "not needed here")
        self.ok("case", "close", ref, "--outcome", "charged", "--at", "now")
        self.assertEqual(self.show(ref)["closed_at"], "2026-04-08T09:00:00Z")

    def test_now_follows_the_programs_clock(self):
        ref = self.new_case(occurred="-1h", now="2026-01-15 18:30")
        self.assertEqual(self.show(ref)["occurred_at"], "2026-01-15T17:30:00Z")  # GMT

    def test_across_midnight_and_a_clock_change(self):
        # Just after midnight, 23:50 is last night's.
        ref = self.new_case(occurred="23:50", now="2026-04-08 00:10")
        self.assertEqual(self.show(ref)["occurred_at"], "2026-04-07T22:50:00Z")
        # Two hours before 03:30 BST on the morning clocks went forward is 00:30 GMT.
        ref = self.new_case(occurred="-2h", now="2026-03-29 03:30")
        self.assertEqual(self.show(ref)["occurred_at"], "2026-03-29T00:30:00Z")
        # The hour the clocks skipped is refused, not moved.
        self.refused(2, "case", "new", "--victim", "1001", "--supervisor", "2001",
                     "--occurred", "01:30", "--location", "X", now="2026-03-29 03:30",
                     contains=("--occurred", "clocks go forward"))

    def test_unknown_words_are_refused_naming_the_flag_and_the_forms(self):
        ref = self.case_on()
        for word in ("later", "tomorrow 10:00", "-2x", "14", "31/2/2026 10:00"):
            with self.subTest(word=word):
                r = self.refused(2, "welfare", "add", ref, "--method", "phone", "--note", "x",
                                 "--at", word, contains=("--at", word))
                if word != "31/2/2026 10:00":
                    self.assertIn("yesterday HH:MM", r.err)
                else:
                    self.assertIn("no such date", r.err)

    def test_a_time_word_in_the_future_is_refused_as_before(self):
        ref = self.case_on()
        self.refused(1, "welfare", "add", ref, "--method", "phone", "--note", "x", "--at",
                     "today 14:10", contains=("future",))


if __name__ == "__main__":
    unittest.main(verbosity=2)
