"""Follow-ups re-raised from what answered them, the reminder window's edges and steps that
follow the facts (issue 12: faults 1 to 4 and point 11), through the command line with the
issue's own commands and times.

Every due time asserted here is worked out by hand from the default rules: days keep the
London clock time across a clock change (BST 30 March to 26 October 2025, 29 March to
25 October 2026); working days skip weekends and the England and Wales bank holidays
(2026: Good Friday 3 April, Easter Monday 6 April). Times given on the command line are
London time; JSON shows UTC.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    INVESTIGATOR, STATEMENT_TAKER, SUPERVISOR, VICTIM, OphampTestCase)

CLOCK = "2025-08-01 12:00"  # the issue's clock (BST)


class FollowupCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.env["OPHAMP_NOW"] = CLOCK
        self.cached_db(self.add_staff)

    def issue_case(self, *extra):
        """The issue's case: assaulted 1 May 2025 10:00, reported 11:00 (BST)."""
        return self.new_case("--reported", "2025-05-01 11:00", *extra,
                             occurred="2025-05-01 10:00")

    def pending(self, ref, rule):
        rows = self.followups(self.show(ref), rule=rule, status="pending")
        self.assertEqual(len(rows), 1, rows)
        return rows[0]


class TestFault1VictimUpdateDone(FollowupCase):

    def test_followup_done_raises_the_next_update(self):
        ref = self.issue_case()
        first = self.pending(ref, "victim-update")
        # 1 May 11:00 BST + 28 days = 29 May 11:00 BST.
        self.assertEqual(first["due_at"], "2025-05-29T10:00:00Z")
        out = self.ok("followup", "done", ref, str(first["id"]), "--at", "2025-05-10 09:00")
        self.assertEqual(out, "%s: follow-up #%d done\n" % (ref, first["id"]))
        case = self.show(ref)
        self.assertEqual(self.followups(case, rule="victim-update", status="done")[0]["id"],
                         first["id"])
        nxt = self.pending(ref, "victim-update")
        # Sat 10 May 09:00 BST + 28 days = Sat 7 June 09:00 BST.
        self.assertEqual(nxt["event_at"], "2025-05-10T08:00:00Z")
        self.assertEqual(nxt["due_at"], "2025-06-07T08:00:00Z")

        # The same as `victim update --at` raises.
        other = self.issue_case()
        self.ok("victim", "update", other, "--note", "Enquiries continue", "--at",
                "2025-05-10 09:00")
        self.assertEqual(self.pending(other, "victim-update")["due_at"], nxt["due_at"])

    def test_over_the_clock_change_and_a_working_day_rule(self):
        ref = self.new_case("--reported", "2026-03-01 10:00", occurred="2026-03-01 09:00",
                            now="2026-04-08 10:00")
        first = self.pending(ref, "victim-update")
        self.ok("followup", "done", ref, str(first["id"]), "--at", "2026-03-10 09:00",
                now="2026-04-08 10:00")
        # Tue 10 March 09:00 GMT + 28 days = Tue 7 April 09:00 BST, 08:00Z.
        self.assertEqual(self.pending(ref, "victim-update")["due_at"], "2026-04-07T08:00:00Z")
        # Counted in 5 working days from Thu 2 April 10:00 BST: Good Friday and Easter Monday
        # do not count: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April 10:00 BST.
        self.ok("rule", "set", "victim-update", "--amount", "5", "--unit", "working-days")
        nxt = self.pending(ref, "victim-update")
        self.ok("followup", "done", ref, str(nxt["id"]), "--at", "2026-04-02 10:00",
                now="2026-04-08 10:00")
        self.assertEqual(self.pending(ref, "victim-update")["due_at"], "2026-04-13T09:00:00Z")


class TestFault2OffWorkFromTheContact(FollowupCase):

    def test_the_next_check_counts_from_the_contact(self):
        ref = self.issue_case("--off-work", "yes")
        for rule in ("welfare-72h", "welfare-28d"):
            fid = self.pending(ref, rule)["id"]
            self.ok("followup", "done", ref, str(fid), "--at", "2025-05-28 09:00")
        f = self.pending(ref, "welfare-off-work")
        # Wed 28 May 09:00 BST + 28 days = Wed 25 June 09:00 BST, not 28 days after the
        # clock's 1 August 12:00 (29 August 11:00Z).
        self.assertEqual(f["event_at"], "2025-05-28T08:00:00Z")
        self.assertEqual(f["due_at"], "2025-06-25T08:00:00Z")

    def test_over_the_clock_change(self):
        ref = self.new_case("--reported", "2026-03-01 10:00", "--off-work", "yes",
                            occurred="2026-03-01 09:00", now="2026-04-08 10:00")
        for rule in ("welfare-72h", "welfare-28d"):
            fid = self.pending(ref, rule)["id"]
            self.ok("followup", "done", ref, str(fid), "--at", "2026-03-20 10:00",
                    now="2026-04-08 10:00")
        # Fri 20 March 10:00 GMT + 28 days = Fri 17 April 10:00 BST, 09:00Z.
        self.assertEqual(self.pending(ref, "welfare-off-work")["due_at"], "2026-04-17T09:00:00Z")


class TestFault3ReportCorrected(FollowupCase):

    def test_the_first_victim_update_moves_with_the_report(self):
        ref = self.issue_case()
        self.assertEqual(self.ok("case", "edit", ref, "--reported", "2025-05-01 13:00"),
                         "%s: facts saved\n" % ref)
        # 1 May 13:00 BST + 28 days = 29 May 13:00 BST, like welfare-28d.
        self.assertEqual(self.pending(ref, "welfare-28d")["due_at"], "2025-05-29T12:00:00Z")
        self.assertEqual(self.pending(ref, "victim-update")["due_at"], "2025-05-29T12:00:00Z")

    def test_over_the_clock_change(self):
        ref = self.new_case("--reported", "2026-03-20 10:00", occurred="2026-03-20 09:00",
                            now="2026-04-08 10:00")
        self.ok("case", "edit", ref, "--reported", "2026-03-21 10:00", now="2026-04-08 10:00")
        # Sat 21 March 10:00 GMT + 28 days = Sat 18 April 10:00 BST, 09:00Z.
        self.assertEqual(self.pending(ref, "victim-update")["due_at"], "2026-04-18T09:00:00Z")


class TestFault4ReminderWindow(FollowupCase):
    """The clock: Wed 8 April 2026 10:00 BST. Step crime is due 24 clock hours after the
    report, so a report at 00:00 today makes it due at 00:00 tomorrow."""

    NOW = "2026-04-08 10:00"

    def setUp(self):
        super().setUp()
        self.env["OPHAMP_NOW"] = self.NOW
        self.midnight = self.new_case("--reported", "2026-04-08 00:00",
                                      occurred="2026-04-08 00:00")  # due 9 April 00:00
        self.late = self.new_case("--reported", "2026-04-07 23:59",
                                  occurred="2026-04-07 23:00")  # due 8 April 23:59
        self.day = self.new_case("--reported", "2026-04-08 10:00",
                                 occurred="2026-04-08 09:00")  # due 9 April 10:00

    def crime(self, ref, *flags):
        rc, rows = self.reminders(*flags)
        states = [r["state"] for r in rows if r["reference"] == ref and r["item"] == "step crime"]
        return states[0] if states else None

    def test_within_0_is_today_only(self):
        self.assertIsNone(self.crime(self.midnight, "--within", "0"))
        self.assertEqual(self.crime(self.late, "--within", "0"), "due-today")
        rc, rows = self.reminders("--within", "0")
        self.assertEqual({r["state"] for r in rows}, {"due-today"})
        for r in rows:
            self.assertLess(r["due_at"], "2026-04-08T23:00:00Z")  # 9 April 00:00 BST
        out = self.ok("remind", "--within", "0")
        self.assertNotIn(self.midnight + "  step crime", out)
        self.assertIn("0 due soon", out)

    def test_the_window_includes_its_end(self):
        # 13 hours reach 23:00 today; 14 hours reach 00:00 tomorrow exactly.
        self.assertIsNone(self.crime(self.midnight, "--within", "13"))
        self.assertEqual(self.crime(self.midnight, "--within", "14"), "due-soon")
        # 24 hours reach 10:00 tomorrow exactly; 23 hours do not.
        self.assertIsNone(self.crime(self.day, "--within", "23"))
        self.assertEqual(self.crime(self.day, "--within", "24"), "due-soon")
        self.assertEqual(self.crime(self.day), "due-soon")  # the default is 24
        self.assertEqual(self.crime(self.day, "--within", "8784"), "due-soon")

    def test_over_the_clock_changes(self):
        # Sat 28 March 2026 12:00 GMT: today ends at 29 March 00:00 GMT.
        spring = self.new_case("--reported", "2026-03-28 00:00", occurred="2026-03-27 23:00",
                               now="2026-03-28 12:00")
        rc, rows = self.reminders("--within", "0", now="2026-03-28 12:00")
        self.assertNotIn(spring, [r["reference"] for r in rows if r["item"] == "step crime"])
        rc, rows = self.reminders("--within", "12", now="2026-03-28 12:00")
        self.assertIn((spring, "due-soon"),
                      [(r["reference"], r["state"]) for r in rows if r["item"] == "step crime"])
        # Sat 24 October 2026 12:00 BST: today ends at 25 October 00:00 BST, 24 October 23:00Z.
        autumn = self.new_case("--reported", "2026-10-24 00:00", occurred="2026-10-23 23:00",
                               now="2026-10-24 12:00")
        rc, rows = self.reminders("--within", "0", now="2026-10-24 12:00")
        self.assertNotIn(autumn, [r["reference"] for r in rows if r["item"] == "step crime"])


class TestStepsFollowTheFacts(FollowupCase):

    def test_iod_is_pending_again_when_an_injury_is_recorded(self):
        ref = self.issue_case()  # no injury
        self.ok("step", "na", ref, "iod", "--reason", "No injury, no time off")
        out = self.ok("case", "edit", ref, "--injury", "minor")
        # 1 May 11:00 BST + 7 days = 8 May 11:00 BST.
        self.assertEqual(out, "%s: facts saved\n%s: step iod is pending again, due 2025-05-08 "
                         "11:00 BST: the injury is now minor (it had been marked not "
                         "applicable)\n" % (ref, ref))
        iod = self.step(self.show(ref), "iod")
        self.assertEqual((iod["status"], iod["due_at"], iod["done_at"]),
                         ("pending", "2025-05-08T10:00:00Z", None))
        self.assertIn("No injury, no time off", iod["note"])
        # A further change reopens nothing and says nothing more.
        self.assertEqual(self.ok("case", "edit", ref, "--injury", "serious"),
                         "%s: facts saved\n" % ref)

    def test_iod_over_the_clock_change(self):
        ref = self.new_case("--reported", "2026-03-27 10:00", occurred="2026-03-27 09:30",
                            now="2026-04-08 10:00")
        self.ok("step", "na", ref, "iod", "--reason", "Not injured", now="2026-04-08 10:00")
        self.ok("case", "edit", ref, "--mechanism", "spit", now="2026-04-08 10:00")
        # Fri 27 March 10:00 GMT + 7 days = Fri 3 April 10:00 BST, 09:00Z.
        iod = self.step(self.show(ref), "iod")
        self.assertEqual((iod["status"], iod["due_at"]), ("pending", "2026-04-03T09:00:00Z"))

    def test_the_users_judgement_stands(self):
        ref = self.issue_case("--injury", "minor")
        self.ok("step", "na", ref, "iod", "--reason", "Recorded on the force system")
        self.assertEqual(self.ok("case", "edit", ref, "--injury", "serious", "--days-off", "3"),
                         "%s: facts saved\n" % ref)
        self.assertEqual(self.step(self.show(ref), "iod")["status"], "not-applicable")

    def test_evidence_step_done_by_its_items_and_pending_again(self):
        ref = self.issue_case()
        bwv = self.ok("evidence", "add", ref, "--kind", "bwv").strip()
        self.assertEqual(bwv, "1")
        out = self.ok("evidence", "update", ref, bwv, "--status", "secured")
        self.assertEqual(out, "%s: evidence #1 secured\n%s: step evidence is done: every "
                         "evidence item is secured, submitted or not available\n" % (ref, ref))
        ev = self.step(self.show(ref), "evidence")
        self.assertEqual((ev["status"], ev["done_at"]), ("done", "2025-08-01T11:00:00Z"))
        # A new item prints only its number (scripts keep it); the step is pending again,
        # due 31 days after the assault: 1 May 10:00 BST + 31 days = 1 June 10:00 BST.
        self.assertEqual(self.ok("evidence", "add", ref, "--kind", "cctv"), "2\n")
        ev = self.step(self.show(ref), "evidence")
        self.assertEqual((ev["status"], ev["due_at"]), ("pending", "2025-06-01T09:00:00Z"))
        self.assertIn("a new evidence item (cctv) is requested", ev["note"])
        out = self.ok("evidence", "update", ref, "2", "--status", "not-available", "--reason",
                      "Overwritten")
        self.assertIn("step evidence is done", out)
        out = self.ok("evidence", "update", ref, "1", "--status", "requested")
        self.assertEqual(out, "%s: evidence #1 requested\n%s: step evidence is pending again, "
                         "due 2025-06-01 10:00 BST: evidence item #1 (bwv) is requested again\n"
                         % (ref, ref))


class TestAssignAt(FollowupCase):

    def test_appointed_before_the_case_was_entered(self):
        ref = self.issue_case()
        out = self.ok("case", "assign", ref, "investigator", INVESTIGATOR, "--at",
                      "2025-05-01 10:30")
        self.assertEqual(out, "%s: %s is investigator\n" % (ref, INVESTIGATOR))
        self.assertEqual(self.step(self.show(ref), "investigator")["status"], "pending")
        self.ok("case", "assign", ref, "statement-taker", STATEMENT_TAKER, "--at",
                "2025-05-01 10:45")
        st = self.step(self.show(ref), "investigator")
        # Done when the second was appointed, 10:45 BST; due 24 hours after the report.
        self.assertEqual((st["status"], st["done_at"], st["due_at"], st["on_time"]),
                         ("done", "2025-05-01T09:45:00Z", "2025-05-02T10:00:00Z", True))

    def test_refusals_change_nothing(self):
        ref = self.issue_case()
        self.refused(1, "case", "assign", ref, "investigator", INVESTIGATOR, "--at",
                     "2025-05-01 09:59", contains="before the assault")
        self.refused(1, "case", "assign", ref, "investigator", INVESTIGATOR, "--at",
                     "2025-08-01 13:30", contains="future")
        self.refused(2, "case", "assign", ref, "welfare-officer", INVESTIGATOR, "--at",
                     "2025-05-01 10:30", contains="appointment time is for the investigator")
        self.refused(2, "case", "assign", ref, "investigator", INVESTIGATOR, "--at",
                     "2025-02-30 10:30", contains="--at")
        self.refused(1, "case", "assign", ref, "investigator", VICTIM, "--at",
                     "2025-05-01 10:30", contains="victim")
        self.assertIsNone(self.show(ref)["roles"]["investigator"])
        self.assertEqual(self.show(ref)["roles"]["supervisor"], SUPERVISOR)


if __name__ == "__main__":
    unittest.main()
