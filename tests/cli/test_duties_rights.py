"""The line managers' duties, arrest preferred, the victim's right to review, RIDDOR in full
and a force's own follow-ups (issue 12, points 6 to 10), through the command line.

Every due time asserted here is worked out by hand from the default rules. Hours are clock
hours; days and months keep the London clock time across a change of the clocks (BST from
01:00 GMT on Sunday 29 March 2026 to 01:00 GMT on Sunday 25 October 2026); working days skip
weekends and the England and Wales bank holidays (2026: Good Friday 3 April, Easter Monday 6
April). Times given on the command line are London time; JSON shows UTC.
"""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    INVESTIGATOR, MANAGER, STATEMENT_TAKER, SUPERVISOR, VICTIM, OphampTestCase)

NOW = "2026-04-08 10:00"  # Wednesday, BST
SOUND = "database sound: "


class PlanCase(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.env["OPHAMP_NOW"] = NOW
        self.signer = self.cached_db(self.make_db)

    def make_db(self):
        self.add_staff()
        return self.ok("whoami").strip()

    def one(self, ref, rule, status=None):
        rows = self.followups(self.show(ref), rule=rule, status=status)
        self.assertEqual(len(rows), 1, rows)
        return rows[0]

    def sound(self):
        """ophamp check proves the data from its log after the action just taken."""
        r = self.run_ophamp("check")
        self.assertEqual(r.rc, 0, r.describe())
        self.assertTrue(r.out.startswith(SOUND), r.describe())

    def close_all_steps(self, ref):
        self.complete_all_steps_na(ref)


class TestLineManagersDuties(PlanCase):

    def test_the_duties_of_a_new_case_across_the_clock_change(self):
        # Reported Saturday 28 March 2026 20:00 GMT; the clocks go forward at 01:00 GMT on the
        # Sunday. Clock hours: 12 hours is 08:00Z Sunday (09:00 BST), 24 hours 20:00Z Sunday,
        # 48 hours 20:00Z Monday, 72 hours 20:00Z Tuesday. Seven days keep the London clock:
        # Saturday 4 April 20:00 BST, 19:00Z.
        ref = self.new_case("--reported", "2026-03-28 20:00", "--injury", "minor",
                            occurred="2026-03-28 19:30")
        case = self.show(ref)
        duties = {f["rule"]: f for f in self.followups(case, kind="duty")}
        self.assertEqual({r: f["due_at"] for r, f in duties.items()}, {
            "inspector-told": "2026-03-29T08:00:00Z",
            "senior-leader": "2026-03-29T20:00:00Z",
            "welfare-officer": "2026-03-30T20:00:00Z",
            "injury-confirmed": "2026-03-31T20:00:00Z",
            "management-meeting": "2026-04-04T19:00:00Z",
        })
        self.assertEqual({f["status"] for f in duties.values()}, {"pending"})
        # No injury: nothing to confirm; the other four all the same.
        plain = self.new_case(occurred="2026-04-08 08:00")
        self.assertEqual(sorted(f["rule"] for f in self.followups(self.show(plain), kind="duty")),
                         ["inspector-told", "management-meeting", "senior-leader",
                          "welfare-officer"])

    def test_a_duty_in_working_days_across_easter(self):
        self.ok("rule", "set", "senior-leader", "--amount", "2", "--unit", "working-days")
        ref = self.new_case("--reported", "2026-04-02 10:00", occurred="2026-04-02 09:00")
        # Thursday 2 April 10:00 BST and 2 working days: Good Friday and Easter Monday do not
        # count; Tuesday 7 is the first, Wednesday 8 April 10:00 BST the second.
        self.assertEqual(self.one(ref, "senior-leader")["due_at"], "2026-04-08T09:00:00Z")

    def test_done_with_who_and_when_and_gone_from_the_reminders(self):
        ref = self.new_case(occurred="2026-04-08 08:00")
        told = self.one(ref, "inspector-told")
        items = [r["item"] for r in self.reminders()[1]]
        self.assertIn("follow-up inspector-told #%d" % told["number"], items)
        self.ok("followup", "done", ref, str(told["number"]), "--at", "2026-04-08 09:30",
                "--note", "Told Insp Grey by phone")
        self.sound()
        told = self.one(ref, "inspector-told")
        self.assertEqual((told["status"], told["done_at"], told["done_by"], told["on_time"]),
                         ("done", "2026-04-08T08:30:00Z", self.signer, True))
        items = [r["item"] for r in self.reminders()[1]]
        self.assertNotIn("follow-up inspector-told #%d" % told["number"], items)
        text = self.ok("case", "show", ref)
        self.assertIn("by: %s" % self.signer, text)
        for fmt in ("md", "html"):
            self.assertIn("Told Insp Grey by phone", self.ok("case", "show", ref, "--format", fmt))

    def test_naming_a_welfare_officer_does_the_duty(self):
        ref = self.new_case(occurred="2026-04-08 08:00")
        self.ok("case", "assign", ref, "welfare-officer", STATEMENT_TAKER)
        self.sound()
        duty = self.one(ref, "welfare-officer")
        self.assertEqual((duty["status"], duty["done_at"], duty["done_by"]),
                         ("done", "2026-04-08T09:00:00Z", self.signer))
        self.assertEqual(duty["note"], "welfare officer appointed: Dan Statement (3002)")

    def test_the_injury_assessment_follows_the_facts(self):
        ref = self.new_case("--reported", "2026-04-06 10:00", occurred="2026-04-06 09:00")
        self.assertEqual(self.followups(self.show(ref), rule="injury-confirmed"), [])
        out = self.ok("case", "edit", ref, "--injury", "minor")
        self.assertIn("facts saved", out)
        # Counted from the report, Monday 6 April 10:00 BST: 72 hours, Thursday 10:00 BST.
        self.assertEqual(self.one(ref, "injury-confirmed", "pending")["due_at"],
                         "2026-04-09T09:00:00Z")
        self.ok("case", "edit", ref, "--injury", "none")
        withdrawn = self.one(ref, "injury-confirmed")
        self.assertEqual(withdrawn["status"], "not-applicable")
        self.assertIn("no injury to assess", withdrawn["reason"])
        self.sound()

    def test_the_report_counts_the_duties(self):
        ref = self.new_case(occurred="2026-04-08 08:00")
        self.ok("followup", "done", ref, str(self.one(ref, "inspector-told")["number"]))
        late = self.new_case("--reported", "2026-04-01 10:00", occurred="2026-04-01 09:00")
        self.ok("followup", "done", late, str(self.one(late, "senior-leader")["number"]))
        self.ok("followup", "na", late, str(self.one(late, "welfare-officer")["number"]),
                "--reason", "No welfare officer needed")
        d = json.loads(self.ok("report", "--format", "json"))
        got = d["followups"]["line_managers"]
        # Done on time: the first case's inspector told. Late: the old case's senior leader
        # (due 2 April). Not applicable: its welfare officer. Overdue: the old case's inspector
        # told and management meeting (due 1 and 8 April 10:00, before now? 8 April 10:00 is
        # now: not overdue). Pending: the rest.
        self.assertEqual((got["on_time"], got["late"], got["not_applicable"]), (1, 1, 1))
        self.assertEqual(got["overdue"], 1)
        self.assertEqual(got["on_time"] + got["late"] + got["overdue"] + got["pending"]
                         + got["not_applicable"], 8)
        self.assertIn("Line managers' duties", self.ok("report"))


class TestArrestPreferred(PlanCase):

    def known_not_arrested(self):
        ref = self.new_case("--offender-known", "yes", occurred="2026-04-07 22:00")
        self.close_all_steps(ref)
        return ref

    def test_closing_needs_the_reason(self):
        ref = self.known_not_arrested()
        self.refused(1, "case", "close", ref, "--outcome", "summonsed",
                     contains=("not arrested", "--no-arrest-reason", "voluntary-interview"))
        self.refused(1, "case", "close", ref, "--outcome", "summonsed", "--no-arrest-reason",
                     "other", contains=("--no-arrest-note",))
        self.refused(2, "case", "close", ref, "--outcome", "summonsed", "--no-arrest-reason",
                     "asleep", contains=("unknown reason for no arrest 'asleep'",))
        self.ok("case", "close", ref, "--outcome", "summonsed", "--no-arrest-reason",
                "voluntary-interview", "--no-arrest-note", "Interviewed under caution on 9 April")
        self.sound()
        c = self.show(ref)
        self.assertEqual((c["no_arrest_reason"], c["no_arrest_note"]),
                         ("voluntary-interview", "Interviewed under caution on 9 April"))
        self.assertIn("voluntary attendance and interview instead",
                      self.ok("case", "show", ref))

    def test_no_reason_for_an_arrest_or_an_offender_not_known(self):
        arrested = self.new_case("--offender-known", "yes", "--arrested", "2026-04-07 22:10",
                                 occurred="2026-04-07 22:00")
        unknown = self.new_case(occurred="2026-04-07 23:00")
        for ref in (arrested, unknown):
            self.close_all_steps(ref)
            self.refused(2, "case", "close", ref, "--outcome", "charged", "--no-arrest-reason",
                         "unfit", contains=("a reason for no arrest is for a known offender",))
            self.ok("case", "close", ref, "--outcome", "charged")

    def test_the_report_counts_the_reasons_and_hides_small_counts(self):
        reasons = ["unfit"] * 5 + ["not-located"] * 2
        for reason in reasons:
            ref = self.known_not_arrested()
            self.ok("case", "close", ref, "--outcome", "nfa-evidential", "--no-arrest-reason",
                    reason)
        d = json.loads(self.ok("report", "--format", "json"))
        self.assertEqual(d["no_arrest"]["cases"], 7)
        self.assertEqual((d["no_arrest"]["unfit"], d["no_arrest"]["not-located"],
                          d["no_arrest"]["other"], d["no_arrest"]["not_recorded"]), (5, 2, 0, 0))
        red = json.loads(self.ok("report", "--format", "json", "--redact"))["no_arrest"]
        # 2 is a small count (<5); 5 would give it away from the 7: one more is hidden.
        self.assertIsNone(red["not-located"])
        self.assertIn("not-located", red["small"])
        self.assertTrue(red["unfit"] is None or red["cases"] is None, red)
        csv_out = self.ok("report", "--format", "csv")
        self.assertRegex(csv_out, r"\nno_arrest,unfit,cases,[0-9/-]+,5\r?\n")
        self.assertIn("Known offender not arrested", self.ok("report"))


class TestRightToReview(PlanCase):

    def nfa_case(self, closed="2026-01-31 10:00"):
        ref = self.new_case("--reported", "2025-11-20 10:00", occurred="2025-11-20 09:00")
        self.close_all_steps(ref)
        self.ok("case", "close", ref, "--outcome", "nfa-public-interest", "--at", closed)
        return ref

    def test_a_decision_not_to_prosecute_opens_the_window(self):
        ref = self.nfa_case()
        self.sound()
        c = self.show(ref)
        # Saturday 31 January 10:00 GMT and 3 months: April has no 31st, so its last day,
        # Thursday 30 April, at 10:00 London time, now BST: 09:00Z.
        self.assertEqual(c["review"]["until"], "2026-04-30T09:00:00Z")
        notice = self.one(ref, "outcome-notice-review")
        # Five working days from Saturday 31 January 10:00: Monday 2 to Friday 6 February.
        self.assertEqual((notice["kind"], notice["due_at"]),
                         ("outcome-notice", "2026-02-06T10:00:00Z"))
        self.assertIn("right to ask for a review until 2026-04-30 10:00 BST", notice["note"])
        self.assertEqual(self.followups(c, rule="outcome-notice"), [])
        self.assertIn("Review until  2026-04-30 10:00 BST", self.ok("case", "show", ref))

    def test_a_review_asked_for_and_its_result(self):
        ref = self.nfa_case()
        out = self.ok("case", "review", ref, "--asked", "2026-03-02 12:00", "--note",
                      "Asked by email")
        self.assertEqual(out, "%s: the victim's request for a review recorded\n" % ref)
        self.sound()
        self.refused(1, "case", "review", ref, "--asked", "2026-03-03 12:00",
                     contains=("already recorded",))
        self.refused(1, "case", "review", ref, "--result", "upheld", "--at", "2026-03-01 12:00",
                     contains=("after the request",))
        out = self.ok("case", "review", ref, "--result", "upheld", "--at", "2026-03-20 15:00")
        self.assertEqual(out, "%s: review upheld\n" % ref)
        self.sound()
        r = self.show(ref)["review"]
        self.assertEqual(r, {"until": "2026-04-30T09:00:00Z", "asked_at": "2026-03-02T12:00:00Z",
                             "result": "upheld", "decided_at": "2026-03-20T15:00:00Z",
                             "note": "Asked by email"})
        self.refused(1, "case", "review", ref, "--result", "overturned",
                     contains=("already recorded",))

    def test_late_and_overturned_are_recorded_with_a_line(self):
        ref = self.nfa_case(closed="2025-12-01 10:00")  # the window ended 1 March 10:00
        out = self.ok("case", "review", ref, "--asked", "2026-03-05 10:00", "--result",
                      "overturned", "--at", "2026-04-01 10:00")
        self.assertIn("%s: the request came after the victim's window to ask closed "
                      "(2026-03-01 10:00 GMT)" % ref, out)
        self.assertIn("%s: the decision not to prosecute was overturned" % ref, out)

    def test_refused_for_another_outcome_before_the_decision_and_without_a_request(self):
        ref = self.nfa_case()
        self.refused(1, "case", "review", ref, "--asked", "2026-01-25 10:00",
                     contains=("after the decision", "2026-01-31 10:00 GMT"))
        self.refused(1, "case", "review", ref, "--result", "upheld",
                     contains=("no request for a review",))
        self.refused(2, "case", "review", ref, contains=("--asked",))
        self.refused(2, "case", "review", ref, "--result", "maybe",
                     contains=("unknown review result",))
        charged = self.new_case(occurred="2026-04-07 22:00")
        self.close_all_steps(charged)
        self.ok("case", "close", charged, "--outcome", "charged")
        self.refused(1, "case", "review", charged, "--asked", "2026-04-08 09:00",
                     contains=("outcome is charged",))
        self.assertEqual(self.one(charged, "outcome-notice")["rule"], "outcome-notice")
        self.assertIsNone(self.show(charged)["review"]["until"])


class TestRiddor(PlanCase):

    def test_over_three_days_is_recorded_not_reported(self):
        ref = self.new_case("--days-off", "5", occurred="2026-04-07 22:00")
        c = self.show(ref)
        self.assertEqual(c["riddor"]["class"], "over-3-days")
        self.assertIn("recorded (accident book), not reported", c["riddor"]["text"])
        self.assertEqual(self.followups(c, kind="riddor"), [])
        self.assertIn("RIDDOR        over-3-day incapacity (5 days off)",
                      self.ok("case", "show", ref))
        self.ok("case", "edit", ref, "--days-off", "2")
        self.assertEqual(self.show(ref)["riddor"]["class"], "none")

    def test_a_specified_injury_across_the_clock_change(self):
        # Assaulted Wednesday 25 March 10:00 GMT: 10 days keep the clock, Saturday 4 April
        # 10:00 BST, 09:00Z.
        ref = self.new_case("--specified-injury", "yes", occurred="2026-03-25 10:00")
        self.assertEqual(self.one(ref, "riddor-specified")["due_at"], "2026-04-04T09:00:00Z")

    def test_a_death_is_reported_at_once(self):
        ref = self.new_case("--days-off", "9", occurred="2026-03-25 10:00")
        self.assertEqual(self.one(ref, "riddor-over-7-days")["status"], "pending")
        self.ok("case", "edit", ref, "--died", "2026-04-07 18:30")
        self.sound()
        c = self.show(ref)
        # The pending report of the injury is the report of the death now, due at the death.
        death = self.one(ref, "riddor-death")
        self.assertEqual((death["event_at"], death["due_at"], death["overdue"]),
                         ("2026-04-07T17:30:00Z", "2026-04-07T17:30:00Z", True))
        self.assertEqual(self.followups(c, rule="riddor-over-7-days"), [])
        self.assertEqual((c["died_at"], c["riddor"]["class"]), ("2026-04-07T17:30:00Z", "death"))
        rc, rows = self.reminders()
        self.assertEqual(rc, 1)
        self.assertIn(("follow-up riddor-death #%d" % death["number"], "overdue"),
                      [(r["item"], r["state"]) for r in rows])
        self.refused(1, "case", "edit", ref, "--died", "2026-03-24 10:00",
                     contains=("died time is before the occurred time",))

    def test_a_death_after_the_injury_was_reported_is_reported_too(self):
        ref = self.new_case("--days-off", "9", occurred="2026-03-25 10:00")
        fid = self.one(ref, "riddor-over-7-days")["number"]
        self.ok("followup", "done", ref, str(fid), "--route", "online", "--hse-ref",
                "HSE-1001", "--at", "2026-04-01 09:00")
        self.ok("case", "edit", ref, "--died", "2026-04-07 18:30")
        c = self.show(ref)
        self.assertEqual(sorted((f["rule"], f["status"])
                                for f in self.followups(c, kind="riddor")),
                         [("riddor-death", "pending"), ("riddor-over-7-days", "done")])

    def test_the_report_needs_its_route_and_reference(self):
        ref = self.new_case("--days-off", "9", occurred="2026-03-25 10:00")
        fid = str(self.one(ref, "riddor-over-7-days")["number"])
        self.refused(1, "followup", "done", ref, fid, contains=("online or telephone",
                                                                 "--route"))
        self.refused(1, "followup", "done", ref, fid, "--route", "online",
                     contains=("reference the HSE gave", "--hse-ref"))
        self.refused(1, "followup", "done", ref, fid, "--route", "telephone", "--hse-ref", "X1",
                     contains=("online only",))
        self.refused(2, "followup", "done", ref, fid, "--route", "post", "--hse-ref", "X1",
                     contains=("unknown route 'post'",))
        self.refused(2, "followup", "done", ref, fid, "--route", "online", "--hse-ref", "X" * 41,
                     contains=("HSE reference",))
        duty = str(self.one(ref, "inspector-told")["number"])
        self.refused(2, "followup", "done", ref, duty, "--route", "online", "--hse-ref", "X1",
                     contains=("not a RIDDOR report",))
        self.ok("followup", "done", ref, fid, "--route", "online", "--hse-ref", "RIDDOR/2026/77",
                "--at", "2026-04-02 11:00")
        self.sound()
        f = self.one(ref, "riddor-over-7-days")
        self.assertEqual((f["route"], f["reference"], f["done_by"], f["on_time"]),
                         ("online", "RIDDOR/2026/77", self.signer, True))
        self.assertIn("reported to the HSE online, reference RIDDOR/2026/77",
                      self.ok("case", "show", ref))
        md = self.ok("case", "show", ref, "--format", "md")
        self.assertIn("reported to the HSE online", md)
        # A death or a specified injury may go by telephone.
        spec = self.new_case("--specified-injury", "yes", occurred="2026-04-07 10:00")
        sid = str(self.one(spec, "riddor-specified")["number"])
        self.ok("followup", "done", spec, sid, "--route", "telephone", "--hse-ref", "T-9")
        self.assertIn("reported to the HSE by telephone, reference T-9",
                      self.ok("case", "show", spec))
        # Redacted, the reference and who are left out, the route kept.
        j = json.loads(self.ok("export", spec, "--format", "json", "--redact"))
        red = [f for f in j["cases"][0]["followups"] if f["kind"] == "riddor"][0]
        self.assertEqual((red["route"], red["reference"], red["done_by"]),
                         ("telephone", None, None))


class TestForceRules(PlanCase):

    def test_every_case_counted_in_working_days_across_easter(self):
        out = self.ok("rule", "add", "staff-association", "--starts", "case", "--amount", "1",
                      "--unit", "working-days", "--description", "Notify the staff association")
        self.assertEqual(out, "staff-association: 1 working-days after reported, raised by every "
                              "new case; from now on\n")
        self.sound()
        ref = self.new_case("--reported", "2026-04-02 10:00", occurred="2026-04-02 09:00")
        f = self.one(ref, "staff-association")
        # Thursday 2 April 10:00 BST and one working day: Good Friday, the weekend and Easter
        # Monday do not count: Tuesday 7 April 10:00 BST.
        self.assertEqual((f["kind"], f["status"], f["due_at"]),
                         ("force", "pending", "2026-04-07T09:00:00Z"))
        rc, rows = self.reminders()
        self.assertIn("follow-up staff-association #%d" % f["number"], [r["item"] for r in rows])
        r = self.run_ophamp("remind", "--format", "ics")
        self.assertIn(r.rc, (0, 1), r.describe())
        self.assertIn("staff-association", r.out)

    def test_hospital_off_work_and_outcome(self):
        self.ok("rule", "add", "chief-officer", "--starts", "hospital", "--amount", "2",
                "--unit", "hours", "--description", "Tell the on-call chief officer")
        self.ok("rule", "add", "occ-health", "--starts", "off-work", "--amount", "3", "--unit",
                "days", "--description", "Refer to occupational health")
        self.ok("rule", "add", "result-letter", "--starts", "outcome", "--amount", "2", "--unit",
                "working-days", "--description", "Chief officer's letter to the victim")
        # Logged with hospital treatment, reported 00:30 GMT on Sunday 29 March: two clock
        # hours are 02:30Z, 03:30 BST (the clocks went forward at 01:00 GMT).
        ref = self.new_case("--treatment", "hospital", "--reported", "2026-03-29 00:30",
                            occurred="2026-03-29 00:10")
        self.assertEqual(self.one(ref, "chief-officer")["due_at"], "2026-03-29T02:30:00Z")
        # Off work recorded now, Wednesday 8 April 10:00 BST: 3 days, Saturday 11 April.
        self.ok("case", "edit", ref, "--off-work", "yes")
        occ = self.one(ref, "occ-health")
        self.assertEqual((occ["event_at"], occ["due_at"]),
                         ("2026-04-08T09:00:00Z", "2026-04-11T09:00:00Z"))
        # Once a case: admitted later, or off work again, raises nothing more.
        self.ok("case", "edit", ref, "--treatment", "admitted", "--off-work", "no")
        self.ok("case", "edit", ref, "--off-work", "yes")
        self.assertEqual(len(self.followups(self.show(ref), kind="force")), 2)
        # An outcome on Thursday 2 April (before Easter): 2 working days, Tuesday 7 and
        # Wednesday 8 April, 10:00 BST.
        self.close_all_steps(ref)
        self.ok("case", "close", ref, "--outcome", "charged", "--at", "2026-04-02 10:00")
        self.assertEqual(self.one(ref, "result-letter")["due_at"], "2026-04-08T09:00:00Z")
        self.sound()
        d = json.loads(self.ok("report", "--format", "json"))
        self.assertEqual(sum(d["followups"]["force"][k] for k in
                             ("on_time", "late", "overdue", "pending", "not_applicable")), 3)

    def test_removed_raises_nothing_more_and_keeps_what_it_raised(self):
        self.ok("rule", "add", "staff-association", "--starts", "case", "--amount", "1",
                "--unit", "days", "--description", "Notify the staff association")
        before = self.new_case(occurred="2026-04-08 08:00")
        out = self.ok("rule", "remove", "staff-association")
        self.assertEqual(out, "staff-association: removed; it raises no more follow-ups, and "
                              "those it raised stay\n")
        self.sound()
        after = self.new_case(occurred="2026-04-08 08:30")
        self.assertEqual(self.followups(self.show(after), kind="force"), [])
        kept = self.one(before, "staff-association")
        self.assertEqual(kept["status"], "pending")
        rules = {r["key"]: r for r in json.loads(self.ok("rule", "list", "--format", "json"))}
        self.assertEqual((rules["staff-association"]["starts"],
                          rules["staff-association"]["removed_at"]),
                         ("case", "2026-04-08T09:00:00Z"))
        self.assertIsNone(rules["crime"]["starts"])
        self.assertIn("[force, case, removed] Notify", self.ok("rule", "list"))
        # Its due time still follows the rule.
        self.ok("rule", "set", "staff-association", "--amount", "2")
        self.assertEqual(self.one(before, "staff-association")["due_at"],
                         "2026-04-10T09:00:00Z")
        self.refused(1, "rule", "remove", "staff-association", contains=("already removed",))
        # Added again, it is back with its new settings, for new cases.
        self.ok("rule", "add", "staff-association", "--starts", "case", "--amount", "4",
                "--unit", "hours", "--description", "Notify the Federation")
        again = self.new_case(occurred="2026-04-08 09:00")
        self.assertEqual(self.one(again, "staff-association")["due_at"], "2026-04-08T13:00:00Z")
        self.sound()

    def test_bad_rules_are_refused(self):
        self.refused(1, "rule", "remove", "crime", contains=("program's own",))
        self.refused(1, "rule", "remove", "nothing-here", contains=("no rule nothing-here",))
        add = ["--starts", "case", "--amount", "1", "--unit", "days", "--description", "X"]
        self.refused(1, "rule", "add", "crime", *add, contains=("program's own",))
        self.refused(2, "rule", "add", "bad_name", *add, contains=("lower-case",))
        self.refused(2, "rule", "add", "Bad-name", *add, contains=("starts with a letter",))
        self.refused(2, "rule", "add", "9lives", *add, contains=("starts with a letter",))
        self.refused(2, "rule", "add", "x" * 40, *add, contains=("2 to 31 characters",))
        self.refused(2, "rule", "add", "ok-name", "--starts", "hospital", "--amount", "1",
                     "--unit", "days", "--description", "X", "--base", "occurred",
                     contains=("--base",))
        self.refused(2, "rule", "add", "ok-name", "--starts", "teatime", "--amount", "1",
                     "--unit", "days", "--description", "X", contains=("unknown start",))
        self.refused(2, "rule", "add", "ok-name", "--starts", "case", "--amount", "1",
                     "--unit", "days", contains=("--description is required",))
        self.refused(2, "rule", "add", "ok-name", "--starts", "case", "--amount", "1",
                     "--unit", "days", "--description", "", contains=("description",))
        self.ok("rule", "add", "ok-name", *add)
        self.refused(1, "rule", "add", "ok-name", *add, contains=("already exists",))


class TestCheckAfterEveryNewAction(PlanCase):
    """ophamp check stays sound after each new kind of action, one after the other on one
    database (the log replays to exactly the tables)."""

    def test_every_new_action(self):
        self.ok("rule", "add", "chief-officer", "--starts", "hospital", "--amount", "2",
                "--unit", "hours", "--description", "Tell the on-call chief officer")
        self.sound()
        ref = self.new_case("--offender-known", "yes", "--days-off", "9",
                            occurred="2026-04-01 09:00")
        self.sound()
        self.ok("followup", "done", ref, str(self.one(ref, "inspector-told")["number"]))
        self.sound()
        self.ok("case", "assign", ref, "welfare-officer", MANAGER)
        self.sound()
        self.ok("case", "edit", ref, "--treatment", "hospital", "--died", "2026-04-07 18:30")
        self.sound()
        self.ok("followup", "done", ref, str(self.one(ref, "riddor-death")["number"]), "--route",
                "telephone", "--hse-ref", "HSE-42")
        self.sound()
        self.close_all_steps(ref)
        self.ok("case", "close", ref, "--outcome", "nfa-victim", "--no-arrest-reason", "unfit",
                "--at", "2026-04-08 09:00")
        self.sound()
        self.ok("case", "review", ref, "--asked", "2026-04-08 09:30")
        self.sound()
        self.ok("case", "review", ref, "--result", "upheld")
        self.sound()
        self.ok("rule", "remove", "chief-officer")
        self.sound()
        # A bundle carries all of it to another database, and back the same.
        bundle = os.path.join(self.tmp, "bundle.json")
        self.ok("export", ref, "--format", "json", "-o", bundle)
        other = os.path.join(self.tmp, "other.db")
        self.name_user("7001", "Other User", db=other)
        self.ok("rule", "add", "chief-officer", "--starts", "hospital", "--amount", "2",
                "--unit", "hours", "--description", "Tell the on-call chief officer", db=other)
        self.ok("import", bundle, db=other)
        here, there = self.show(ref), self.show(ref, db=other)
        # The ids, and the actions that made each item (every database has its own log).
        for c in (here, there):
            c.pop("actions", None)
            for key in ("followups", "evidence", "timeline"):
                for item in c[key]:
                    item.pop("id")
                    item.pop("by", None)
        self.assertEqual(here, there)
        self.assertEqual(there["review"]["result"], "upheld")
        self.assertEqual(there["no_arrest_reason"], "unfit")
        log = json.loads(self.ok("log", "--format", "json"))
        whats = [a["what"] for a in log]
        for what in ("rule add chief-officer", "rule remove chief-officer",
                     "case review asked", "case review upheld", "case close nfa-victim"):
            self.assertIn(what, whats)


if __name__ == "__main__":
    unittest.main()
