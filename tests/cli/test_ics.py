"""remind --format ics and export --format ics: the due items as an iCalendar file, read back
with python3-icalendar (an independent parser) and checked byte by byte against RFC 5545's
framing: CRLF, lines folded at 75 octets without splitting a character, TEXT escaping."""

import os
import sqlite3
import stat
import unittest
from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from ophamp_test import VICTIM, OphampTestCase

HOSTILE_NAME = 'Smith, "Jo"; back\\slash <script>x</script> =HYPERLINK("a","b")'
HOSTILE_PLACE = ("Caf\u00e9 \U0001F46E\u200d\u2640\ufe0f \u05e9\u05dc\u05d5\u05dd "
                 "\u0645\u0631\u062d\u0628\u0627; corner of A, B & C " + "\u00e9" * 60)


def utc(iso_z):
    return datetime.strptime(iso_z, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


class IcsCase(OphampTestCase):

    def check_framing(self, data):
        """Every physical line ends CRLF, holds at most 75 octets and whole UTF-8 characters;
        returns the calendar as parsed."""
        self.assertTrue(data.endswith(b"END:VCALENDAR\r\n"), data[-40:])
        lines = data.split(b"\r\n")
        self.assertEqual(lines[-1], b"")
        for line in lines[:-1]:
            self.assertLessEqual(len(line), 75, line)
            self.assertNotIn(b"\n", line)
            self.assertNotIn(b"\r", line)
            line.decode("utf-8")  # a fold never splits a character
            for byte in line:
                self.assertFalse(byte < 0x20 and byte != 0x09, line)
        cal = Calendar.from_ical(data)
        self.assertEqual(str(cal["VERSION"]), "2.0")
        self.assertTrue(str(cal["PRODID"]))
        self.assertEqual(str(cal["CALSCALE"]), "GREGORIAN")
        self.assertEqual(str(cal["METHOD"]), "PUBLISH")
        return cal

    def events(self, data):
        cal = self.check_framing(data)
        events = [c for c in cal.walk() if c.name == "VEVENT"]
        uids = [str(e["UID"]) for e in events]
        self.assertEqual(len(uids), len(set(uids)), "UIDs are unique")
        for e in events:
            self.assertTrue(str(e["SUMMARY"]))
            self.assertTrue(str(e["DESCRIPTION"]))
            self.assertEqual(e["DURATION"].dt, timedelta(minutes=15))
            self.assertGreaterEqual(int(e["SEQUENCE"]), 0)
            alarms = [a for a in e.walk() if a.name == "VALARM"]
            if str(e["STATUS"]) == "CANCELLED":
                # a finished item, there to be dropped: no alarm
                self.assertEqual(alarms, [], str(e["SUMMARY"]))
                continue
            self.assertEqual(str(e["STATUS"]), "CONFIRMED")
            self.assertEqual(len(alarms), 1)
            self.assertEqual(str(alarms[0]["ACTION"]), "DISPLAY")
            self.assertTrue(str(alarms[0]["DESCRIPTION"]))
            if e["DTSTART"].dt < e["DTSTAMP"].dt:
                # overdue: said in the title, and an alarm at the time of the export
                self.assertTrue(str(e["SUMMARY"]).startswith("OVERDUE: "), str(e["SUMMARY"]))
                self.assertEqual(alarms[0]["TRIGGER"].dt, e["DTSTAMP"].dt)
            else:
                self.assertFalse(str(e["SUMMARY"]).startswith("OVERDUE"))
                self.assertEqual(alarms[0]["TRIGGER"].dt, timedelta(hours=-1))
        return {str(e["UID"]): e for e in events}

    def due_events(self, data):
        """The entries of items still due (not the cancelled ones of finished items)."""
        return {u: e for u, e in self.events(data).items() if str(e["STATUS"]) != "CANCELLED"}

    def export_ics(self, *args, **kw):
        r = self.run_ophamp("export", *args, "--format", "ics", **kw)
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(r.err, "", r.describe())
        return r.out_b

    def expected_items(self, ref):
        """{uid: due time} of every pending item of a case, from case show."""
        c = self.show(ref)
        uuid = c["uuid"]
        want = {}
        for s in c["steps"]:
            if s["status"] == "pending":
                want["%s-step-%s@ophamp" % (uuid, s["code"])] = utc(s["due_at"])
        for f in c["followups"]:
            if f["status"] == "pending":
                want["%s-followup-%d@ophamp" % (uuid, f["id"])] = utc(f["due_at"])
        for e in c["evidence"]:
            if e["status"] == "requested":
                want["%s-evidence-%d@ophamp" % (uuid, e["id"])] = utc(e["due_at"])
        return want


class TestExportIcs(IcsCase):

    def setUp(self):
        super().setUp()
        self.a, self.b, self.closed = self.cached_db(self.make_db)

    def make_db(self):
        self.add_staff()
        self.add_person(HOSTILE_NAME, "H1")
        a = self.new_case(occurred="2026-04-07 09:00", location=HOSTILE_PLACE, victim="H1")
        self.ok("evidence", "add", a, "--kind", "cctv")
        self.ok("evidence", "add", a, "--kind", "photos")
        self.ok("step", "done", a, "crime", "--crime-ref", "CR/1", "--note", "Plan")
        b = self.new_case(occurred="2026-04-08 08:00")
        closed = self.new_case(occurred="2026-04-06 08:00")
        self.complete_all_steps_na(closed)
        self.ok("case", "close", closed, "--outcome", "not-identified")
        return a, b, closed

    def test_every_pending_item_once_with_its_due_time(self):
        data = self.export_ics("--all")
        got = self.due_events(data)
        want = {}
        for ref in (self.a, self.b, self.closed):
            want.update(self.expected_items(ref))
        self.assertEqual(set(got), set(want))
        for uid, due in want.items():
            self.assertEqual(got[uid]["DTSTART"].dt, due, uid)
            self.assertEqual(got[uid]["DTSTAMP"].dt, utc("2026-04-08T09:00:00Z"))
        # DTSTART is written in UTC form.
        self.assertRegex(data.decode(), r"DTSTART:\d{8}T\d{6}Z\r\n")
        uuid = self.show(self.a)["uuid"]
        self.assertNotIn("%s-step-crime@ophamp" % uuid, got)  # done: only as cancelled
        self.assertEqual(str(self.events(data)["%s-step-crime@ophamp" % uuid]["STATUS"]),
                         "CANCELLED")
        step = got["%s-step-welfare@ophamp" % uuid]
        self.assertEqual(str(step["SUMMARY"]),
                         "%s: First welfare contact by the supervisor" % self.a)

    def test_uids_are_stable_across_exports(self):
        first = self.events(self.export_ics("--all"))
        second = self.events(self.export_ics("--all", now="2026-04-08 11:30"))
        self.assertEqual(set(first), set(second))
        one = self.due_events(self.export_ics(self.a))
        self.assertEqual(set(one), set(self.expected_items(self.a)))
        self.assertTrue(set(one) <= set(first))

    def test_open_leaves_out_closed_cases(self):
        got = self.due_events(self.export_ics("--open"))
        want = {}
        for ref in (self.a, self.b):
            want.update(self.expected_items(ref))
        self.assertEqual(set(got), set(want))

    def test_hostile_text_round_trips_escaped_and_folded(self):
        data = self.export_ics(self.a)
        got = self.events(data)
        text = data.decode("utf-8")
        # The TEXT escapes are in the file; the parser gives the text back whole.
        self.assertIn("\\;", text)
        self.assertIn("\\,", text)
        self.assertIn("\\\\", text)
        self.assertIn("\\n", text)
        for e in got.values():
            description = str(e["DESCRIPTION"])
            self.assertIn("Victim: %s (H1)" % HOSTILE_NAME, description)
            self.assertIn("Location: %s" % HOSTILE_PLACE, description)
            self.assertIn("Case %s" % self.a, description)
            self.assertIn("\n", description)

    def test_control_characters_from_the_database_are_neutralised(self):
        conn = sqlite3.connect(self.db)
        conn.create_function("oph_actor", 0, lambda: "test")
        conn.create_function("oph_action", 0, lambda: 1)  # the log's action number
        conn.create_function("oph_sha256", -1, lambda *a: "0" * 64)
        conn.execute("UPDATE people SET name = ? WHERE number = ?",
                     ("Mal\x1b[31mlory\x07 \u202e\x85end", VICTIM))
        conn.execute("UPDATE cases SET location = ?", ("Loc\r\nnext\x00?",))
        conn.commit()
        conn.close()
        data = self.export_ics(self.b)
        for bad in (b"\x1b", b"\x07", "\u202e".encode(), "\x85".encode()):
            self.assertNotIn(bad, data)
        got = self.events(data)
        self.assertTrue(got)
        for e in got.values():
            self.assertIn("Victim: Mal\ufffd[31mlory\ufffd \ufffd\ufffdend", str(e["DESCRIPTION"]))
            self.assertIn("Location: Loc\nnext", str(e["DESCRIPTION"]))

    def test_redacted_has_no_name_number_or_place(self):
        data = self.export_ics("--all", "--redact")
        for secret in ("Smith", "Alice", "Victim:  ", "H1)", VICTIM, "corner", "Caf",
                       "High Street", "script"):
            self.assertNotIn(secret.encode(), data, secret)
        got = self.events(data)
        self.assertEqual(set(got), set(self.events(self.export_ics("--all"))))
        pseudonyms = set()
        for e in got.values():
            description = str(e["DESCRIPTION"])
            self.assertRegex(description, r"Victim: P-[0-9A-F]{8}(\n|$)")
            self.assertNotIn("Location", description)
            pseudonyms.add(description.split("Victim: ")[1][:10])
        self.assertEqual(len(pseudonyms), 2)  # Alice and the hostile name
        again = self.events(self.export_ics("--all", "--redact"))
        self.assertEqual({u: str(e["DESCRIPTION"]) for u, e in got.items()},
                         {u: str(e["DESCRIPTION"]) for u, e in again.items()})

    def test_unknown_reference_is_refused(self):
        self.refused(1, "export", self.a, "OPH-2026-04444", "--format", "ics",
                     contains="no case OPH-2026-04444")


class TestRemindIcs(IcsCase):

    def setUp(self):
        super().setUp()
        self.ref = self.cached_db(self.staff_and_a_case)  # occurred 2026-04-08 09:00

    def remind(self, *args, **kw):
        r = self.run_ophamp("remind", "--format", "ics", *args, **kw)
        self.assertEqual(r.err, "", r.describe())
        return r

    def test_the_same_reminders_as_json_and_the_same_exit_status(self):
        for now, status in (("2026-04-08 10:00", 0), ("2026-04-09 12:00", 1)):
            with self.subTest(now=now):
                rc, rows = self.reminders(now=now)
                r = self.remind(now=now)
                self.assertEqual(r.rc, status, r.describe())
                self.assertEqual(rc, status)
                got = self.due_events(r.out_b)
                self.assertEqual(len(got), len(rows))
                self.assertEqual(sorted(e["DTSTART"].dt for e in got.values()),
                                 sorted(utc(row["due_at"]) for row in rows))
                summaries = {str(e["SUMMARY"]) for e in got.values()}
                self.assertIn("%s%s: Crime recorded, reference entered, investigation plan "
                              "noted" % ("OVERDUE: " if status else "", self.ref), summaries)

    def test_written_to_a_file_whole_and_private(self):
        path = os.path.join(self.tmp, "due.ics")
        r = self.remind("-o", path, now="2026-04-09 12:00")
        self.assertEqual((r.rc, r.out), (1, ""), r.describe())  # overdue: still exit 1
        with open(path, "rb") as f:
            data = f.read()
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(data, self.remind(now="2026-04-09 12:00").out_b)
        # an existing file is kept unless --force; a file error is exit status 3 (1 would read
        # as "something is overdue")
        r = self.run_ophamp("remind", "--format", "ics", "-o", path, now="2026-04-09 12:00")
        self.assertEqual(r.rc, 3, r.describe())
        self.assertIn("--force", r.err)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), data)
        self.assertEqual(self.remind("-o", path, "--force", now="2026-04-09 12:00").rc, 1)

    def test_uids_match_the_export_and_carry_no_names(self):
        r = self.remind(now="2026-04-20 12:00")
        self.assertEqual(r.rc, 1)
        got = self.events(r.out_b)
        exported = self.events(self.export_ics(self.ref))
        self.assertTrue(got)
        self.assertTrue(set(got) <= set(exported))
        self.assertNotIn(b"Alice", r.out_b)
        self.assertNotIn(b"High Street", r.out_b)

    def test_nothing_due_is_an_empty_calendar(self):
        self.complete_all_steps_na(self.ref)
        self.ok("case", "close", self.ref, "--outcome", "not-identified")
        for f in self.show(self.ref)["followups"]:
            if f["status"] == "pending":
                self.ok("followup", "na", self.ref, str(f["number"]), "--reason", "closed")
        r = self.remind()
        self.assertEqual(r.rc, 0, r.describe())
        self.assertEqual(self.due_events(r.out_b), {})
        self.assertNotIn(b"Nothing due", r.out_b)

    def test_unknown_format_is_a_usage_error(self):
        self.fails(2, "remind", "--format", "ical", contains="--format")


if __name__ == "__main__":
    unittest.main()
