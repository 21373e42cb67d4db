"""Calendars that stay right when imported again: two exports compared with python3-icalendar
(an independent parser) after a due time moved, a step was done and a follow-up withdrawn
(UIDs stable, SEQUENCE grown, LAST-MODIFIED later, the finished items CANCELLED); overdue
items; the 30 days a finished item stays as cancelled; --alarm's lead times."""

import time
import unittest
from datetime import timedelta

from icalendar import Calendar

from ophamp_test import OphampTestCase
from test_ics import IcsCase, utc


def parse(data):
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk() if e.name == "VEVENT"}


def alarms(e):
    return [a for a in e.walk() if a.name == "VALARM"]


class TestSecondImport(IcsCase):

    def setUp(self):
        super().setUp()
        # Reported at the clock (2026-04-08 10:00 London), occurred 2026-04-08 09:00: the
        # 24-hour steps fall due 2026-04-09 10:00.
        self.ref = self.cached_db(self.staff_and_a_case)
        self.uuid = self.show(self.ref)["uuid"]

    def uid(self, what):
        return "%s-%s@ophamp" % (self.uuid, what)

    def wait_a_second(self):
        """The log keeps real times; LAST-MODIFIED has whole seconds."""
        time.sleep(1.1)

    def test_moved_done_and_withdrawn_items_update_a_calendar(self):
        first = self.events(self.export_ics("--open"))
        self.wait_a_second()
        # The report time moves half an hour earlier: every step due from it moves too.
        self.ok("case", "edit", self.ref, "--reported", "2026-04-08 09:30")
        self.ok("step", "done", self.ref, "crime", "--crime-ref", "CR/1/26", "--note", "Plan")
        # A RIDDOR follow-up raised by 8 days off and withdrawn when they come down to 2.
        self.ok("case", "edit", self.ref, "--days-off", "8")
        [riddor] = self.followups(self.show(self.ref), kind="riddor")
        self.ok("case", "edit", self.ref, "--days-off", "2")
        second = self.events(self.export_ics("--open"))

        self.assertTrue(set(first) <= set(second), "every entry keeps its UID")
        moved = self.uid("step-welfare")
        self.assertEqual(second[moved]["DTSTART"].dt, utc("2026-04-09T08:30:00Z"))
        self.assertEqual(first[moved]["DTSTART"].dt, utc("2026-04-09T09:00:00Z"))
        for uid, old in first.items():
            new = second[uid]
            changed = (new["DTSTART"].dt != old["DTSTART"].dt
                       or str(new["STATUS"]) != str(old["STATUS"]))
            if changed:
                self.assertGreater(int(new["SEQUENCE"]), int(old["SEQUENCE"]), uid)
                self.assertGreater(new["LAST-MODIFIED"].dt, old["LAST-MODIFIED"].dt, uid)
            else:
                self.assertEqual(int(new["SEQUENCE"]), int(old["SEQUENCE"]), uid)
                self.assertEqual(new["LAST-MODIFIED"].dt, old["LAST-MODIFIED"].dt, uid)
        crime = second[self.uid("step-crime")]
        self.assertEqual(str(first[self.uid("step-crime")]["STATUS"]), "CONFIRMED")
        self.assertEqual(str(crime["STATUS"]), "CANCELLED")
        self.assertEqual(alarms(crime), [])
        self.assertIn("(done)", str(crime["SUMMARY"]))
        withdrawn = second[self.uid("followup-%d" % riddor["id"])]
        self.assertEqual(str(withdrawn["STATUS"]), "CANCELLED")
        self.assertIn("(not-applicable)", str(withdrawn["SUMMARY"]))
        # The remind calendar says the same of the same items.
        r = self.run_ophamp("remind", "--format", "ics", "--within", "2000")
        reminded = self.events(r.out_b)
        for uid in (moved, self.uid("step-crime")):
            for key in ("SEQUENCE", "STATUS", "DTSTART"):
                self.assertEqual(str(reminded[uid][key].to_ical()),
                                 str(second[uid][key].to_ical()), (uid, key))

    def test_a_rule_change_moves_items_and_grows_every_sequence(self):
        first = self.events(self.export_ics(self.ref))
        self.wait_a_second()
        self.ok("rule", "set", "slt", "--amount", "48", "--unit", "hours")
        second = self.events(self.export_ics(self.ref))
        slt = self.uid("step-slt")
        self.assertEqual(second[slt]["DTSTART"].dt - first[slt]["DTSTART"].dt,
                         timedelta(hours=24))
        for uid in first:
            self.assertGreater(int(second[uid]["SEQUENCE"]), int(first[uid]["SEQUENCE"]), uid)
            self.assertGreater(second[uid]["LAST-MODIFIED"].dt, first[uid]["LAST-MODIFIED"].dt)

    def test_an_overdue_item_says_so_and_alarms_at_the_export(self):
        before = self.events(self.export_ics(self.ref))
        later = "2026-04-09 12:00"  # London BST: 11:00Z, past the 24-hour steps
        after = self.events(self.export_ics(self.ref, now=later))
        welfare = self.uid("step-welfare")
        e = after[welfare]
        self.assertTrue(str(e["SUMMARY"]).startswith("OVERDUE: %s: " % self.ref))
        self.assertIn("overdue", str(e["DESCRIPTION"]))
        self.assertEqual(e["DTSTART"].dt, before[welfare]["DTSTART"].dt)  # still when due
        [a] = alarms(e)
        self.assertEqual(a["TRIGGER"].dt, utc("2026-04-09T11:00:00Z"))
        self.assertEqual(a["TRIGGER"].params.get("VALUE"), "DATE-TIME")
        self.assertEqual(int(e["SEQUENCE"]), int(before[welfare]["SEQUENCE"]) + 1)
        self.assertGreaterEqual(e["LAST-MODIFIED"].dt, before[welfare]["LAST-MODIFIED"].dt)
        # Not yet due: as before, an alarm an hour ahead, the same sequence.
        iod = self.uid("step-iod")
        self.assertFalse(str(after[iod]["SUMMARY"]).startswith("OVERDUE"))
        self.assertEqual(int(after[iod]["SEQUENCE"]), int(before[iod]["SEQUENCE"]))
        self.assertEqual(alarms(after[iod])[0]["TRIGGER"].dt, timedelta(hours=-1))

    def test_a_finished_item_is_cancelled_for_30_days(self):
        self.ok("step", "done", self.ref, "crime", "--crime-ref", "CR/1/26", "--note", "Plan")
        crime = self.uid("step-crime")
        for now, present in (("2026-04-08 10:00", True), ("2026-05-08 09:59", True),
                             ("2026-05-08 10:01", False)):
            with self.subTest(now=now):
                got = parse(self.export_ics(self.ref, now=now))
                self.assertEqual(crime in got, present)
                if present:
                    self.assertEqual(str(got[crime]["STATUS"]), "CANCELLED")

    def test_remind_cancels_only_what_its_window_can_have_held(self):
        self.ok("step", "done", self.ref, "crime", "--crime-ref", "CR/1/26", "--note", "Plan")
        self.ok("step", "na", self.ref, "iod", "--reason", "no injury")  # due in 7 days
        r = self.run_ophamp("remind", "--format", "ics")
        got = parse(r.out_b)
        self.assertEqual(str(got[self.uid("step-crime")]["STATUS"]), "CANCELLED")
        self.assertNotIn(self.uid("step-iod"), got)  # never within 24 hours when finished
        r = self.run_ophamp("remind", "--format", "ics", "--within", "240")
        self.assertEqual(str(parse(r.out_b)[self.uid("step-iod")]["STATUS"]), "CANCELLED")
        exported = parse(self.export_ics(self.ref))
        self.assertEqual(str(exported[self.uid("step-iod")]["STATUS"]), "CANCELLED")


class TestAlarms(OphampTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.cached_db(self.staff_and_a_case)  # occurred 2026-04-08 09:00

    def test_lead_times(self):
        for spec, want in (("1d,1h", [timedelta(days=-1), timedelta(hours=-1)]),
                           ("2w", [timedelta(weeks=-2)]),
                           ("90m,0m", [timedelta(minutes=-90), timedelta(0)]),
                           ("1h", [timedelta(hours=-1)])):
            with self.subTest(spec=spec):
                for cmd in (["export", self.ref], ["remind", "--within", "1000"]):
                    r = self.run_ophamp(*cmd, "--format", "ics", "--alarm", spec)
                    self.assertEqual(r.rc, 0, r.describe())
                    events = parse(r.out_b)
                    self.assertTrue(events)
                    for e in events.values():
                        if str(e["STATUS"]) == "CONFIRMED":
                            self.assertEqual([a["TRIGGER"].dt for a in alarms(e)], want)

    def test_bad_lead_times_are_refused(self):
        for spec, why in (("", "no lead time"), ("1", "unit"), ("1x", "unit"), ("h", "number"),
                          ("1d,1d", "twice"), ("91d", "90 days"), ("13w", "90 days"),
                          ("1d,", "commas"), ("1d;1h", "commas"), ("-1h", "number"),
                          ("1m,2m,3m,4m,5m,6m", "at most 5"),
                          ("99999999999999999999d", "90 days")):
            with self.subTest(spec=spec):
                self.refused(2, "export", self.ref, "--format", "ics", "--alarm", spec,
                             contains=("--alarm", why))
                self.refused(2, "remind", "--format", "ics", "--alarm", spec,
                             contains=("--alarm", why))
        self.refused(2, "export", self.ref, "--format", "csv", "--alarm", "1h",
                     contains="--alarm only applies to --format ics")
        self.refused(2, "remind", "--alarm", "1h", contains="--alarm only applies")


if __name__ == "__main__":
    unittest.main()
