"""Bad input on every command: the right exit status, exactly one clean line on stderr that
starts with "ophamp", nothing on stdout, and the database (audit log included) unchanged."""

import os
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ophamp_test import (  # noqa: E402
    COMMANDS, INVESTIGATOR, STATEMENT_TAKER, SUPERVISOR, VICTIM, OphampTestCase)

USAGE, REFUSED = 2, 1
UNKNOWN_REF = "OPH-2026-09999"


class BadInputCase(OphampTestCase):
    """Staff, one open case REF with an evidence item #1 and follow-ups #1..#3."""

    def setUp(self):
        super().setUp()
        self.ref = self.cached_db(self.make_db)

    def make_db(self):
        self.add_staff()
        ref = self.new_case("--location-kind", "street")
        self.ok("evidence", "add", ref, "--kind", "cctv")
        return ref

    def case_new(self, *extra, occurred="2026-04-08 09:00"):
        return ["case", "new", "--victim", VICTIM, "--supervisor", SUPERVISOR, "--occurred",
                occurred, "--location", "High Street", *extra]

    def time_commands(self, value):
        """Every place a time is typed, with `value` as that time: (argv, option name)."""
        ref = self.ref
        return [
            (["case", "new", "--victim", VICTIM, "--supervisor", SUPERVISOR, "--occurred",
              value, "--location", "X"], "--occurred"),
            (self.case_new("--reported", value), "--reported"),
            (["case", "edit", ref, "--occurred", value], "--occurred"),
            (["case", "edit", ref, "--reported", value], "--reported"),
            (["case", "edit", ref, "--arrested", value], "--arrested"),
            (["step", "done", ref, "slt", "--note", "Told", "--at", value], "--at"),
            (["welfare", "add", ref, "--method", "phone", "--note", "Hi", "--at", value], "--at"),
            (["victim", "update", ref, "--note", "Told", "--at", value], "--at"),
            (["case", "decision", ref, "arrest", "--at", value], "--at"),
            (["case", "close", ref, "--outcome", "charged", "--at", value], "--at"),
            (["followup", "done", ref, "1", "--at", value], "--at"),
        ]

    def closed_case(self):
        ref = self.new_case()
        self.ok("evidence", "add", ref, "--kind", "photos", "--status", "not-available",
                "--reason", "No visible injury")
        self.complete_all_steps_na(ref)
        self.ok("case", "close", ref, "--outcome", "nfa-evidential")
        return ref


class TestDates(BadInputCase):

    # Impossible dates and times, refused wherever a time is typed: one test a group of
    # values (each value in eleven places), so that the file's shards can share them out.
    def refuse_times(self, values):
        for value in values:
            for argv, option in self.time_commands(value):
                with self.subTest(value=value, argv=argv):
                    self.refused(USAGE, *argv, contains=option)

    def test_impossible_calendar_dates(self):
        self.refuse_times(("2026-02-30 09:00", "2026-13-01 09:00", "2026-04-31 09:00"))

    def test_impossible_times_of_day(self):
        self.refuse_times(("2026-04-08 25:61", "2026-04-08 24:00",
                           "2026-03-29 01:30"))  # clocks go forward: never shown in London

    def test_dates_in_another_form(self):
        self.refuse_times(("2026-4-8 09:00", "2026-04-08 09:00 +0100", "08/04/26 09:00",
                           "31/04/2026 09:00"))

    def test_words_and_blank_for_a_time(self):
        self.refuse_times(("yesterday", "", "tomorrow 09:00", "-2y"))

    def test_impossible_holiday_dates(self):
        for value in ("2026-02-30", "2026-4-8", "2026-04-08 10:00", "2025-02-29", "", "today"):
            for verb in ("add", "cancel", "reset"):
                with self.subTest(value=value, verb=verb):
                    self.refused(USAGE, "holiday", verb, value)

    def test_impossible_clock(self):
        for value in ("2026-02-30 10:00", "2026-04-08 25:00", "soon"):
            with self.subTest(OPHAMP_NOW=value):
                self.refused(USAGE, "case", "list", now=value, contains="OPHAMP_NOW")

    def test_times_in_the_future(self):
        # the clock is 2026-04-08 10:00 London
        for value in ("2026-04-08 10:30", "2026-04-09 09:00", "2027-01-01 00:00"):
            for argv, option in self.time_commands(value):
                if argv[:2] == ["case", "close"]:
                    continue  # refused earlier: steps are pending (below, on a closable case)
                with self.subTest(value=value, argv=argv):
                    self.refused(REFUSED, *argv, contains="future")
        closable = self.new_case()
        self.complete_all_steps_na(closable)
        self.refused(REFUSED, "case", "close", closable, "--outcome", "charged", "--at",
                     "2026-04-08 11:00", contains="future")

    def test_reported_before_occurred(self):
        self.refused(REFUSED, *self.case_new("--reported", "2026-04-08 08:59"),
                     contains="before")
        self.refused(REFUSED, "case", "edit", self.ref, "--reported", "2026-04-08 08:00",
                     contains="before")
        self.refused(REFUSED, "case", "edit", self.ref, "--occurred", "2026-04-08 09:30",
                     "--reported", "2026-04-08 09:10", contains="before")
        self.refused(REFUSED, *self.case_new("--arrested", "2026-04-08 08:00"),
                     contains="before")

    def test_events_before_the_assault(self):
        early = "2026-04-08 08:30"  # the assault was at 09:00
        for argv, option in self.time_commands(early):
            if argv[:2] == ["case", "new"] or argv[:2] == ["case", "edit"] \
                    or argv[:2] == ["case", "close"]:
                continue
            with self.subTest(argv=argv):
                self.refused(REFUSED, *argv, contains="before")
        self.refused(REFUSED, "case", "edit", self.ref, "--arrested", early, contains="before")
        closable = self.new_case()
        self.complete_all_steps_na(closable)
        self.refused(REFUSED, "case", "close", closable, "--outcome", "charged", "--at",
                     early, contains="before")

    def test_before_1990(self):
        self.refused(REFUSED, *self.case_new("--reported", "1989-12-31 23:00",
                                             occurred="1989-12-31 22:00"), contains="1990")


class TestUnknowns(BadInputCase):

    def test_unknown_people(self):
        for argv in (self.case_new()[:2] + ["--victim", "9999", "--supervisor", SUPERVISOR,
                                            "--occurred", "2026-04-08 09:00", "--location",
                                            "X"],
                     ["case", "new", "--victim", VICTIM, "--supervisor", "9999", "--occurred",
                      "2026-04-08 09:00", "--location", "X"],
                     ["case", "assign", self.ref, "investigator", "9999"],
                     ["case", "assign", self.ref, "welfare-officer", "9999"],
                     ["case", "edit", self.ref, "--victim", "9999"],
                     ["case", "edit", self.ref, "--supervisor", "9999"]):
            with self.subTest(argv=argv):
                self.refused(REFUSED, *argv, contains="9999")

    def test_unknown_case_references(self):
        u = UNKNOWN_REF
        for argv in (["case", "show", u], ["case", "show", u, "--format", "json"],
                     ["case", "edit", u, "--location", "X"],
                     ["case", "assign", u, "investigator", INVESTIGATOR],
                     ["case", "decision", u, "arrest"],
                     ["case", "close", u, "--outcome", "charged"],
                     ["step", "done", u, "slt", "--note", "x"],
                     ["step", "na", u, "slt", "--reason", "x"],
                     ["welfare", "add", u, "--method", "phone", "--note", "x"],
                     ["victim", "update", u, "--note", "x"],
                     ["evidence", "add", u, "--kind", "bwv"],
                     ["evidence", "update", u, "1", "--status", "secured"],
                     ["followup", "done", u, "1"],
                     ["followup", "na", u, "1", "--reason", "x"],
                     ["note", "add", u, "text"]):
            with self.subTest(argv=argv):
                self.refused(REFUSED, *argv, contains=u)
        for ref in ("OPH-2026-1", "nonsense", "00000000-0000-4000-8000-000000000000"):
            with self.subTest(ref=ref):
                self.refused(REFUSED, "case", "show", ref)

    def test_unknown_items(self):
        self.refused(REFUSED, "followup", "done", self.ref, "999", contains="999")
        self.refused(REFUSED, "followup", "na", self.ref, "999", "--reason", "x", contains="999")
        self.refused(REFUSED, "evidence", "update", self.ref, "999", "--status", "secured",
                     contains="999")
        other = self.new_case()
        # evidence item 1 is the first case's: numbers are per case
        self.refused(REFUSED, "evidence", "update", other, "1", "--status", "secured")
        self.refused(REFUSED, "rule", "set", "no-such-rule", "--amount", "1",
                     contains="no-such-rule")
        self.refused(REFUSED, "holiday", "reset", "2026-06-03")

    def test_cancel_a_day_that_is_not_a_bank_holiday(self):
        """holiday cancel records that a regular bank holiday is not held: on an ordinary
        working day (Wednesday 3 June 2026) there is nothing to cancel."""
        self.refused(REFUSED, "holiday", "cancel", "2026-06-03", contains="2026-06-03")

    def test_duplicate_staff_number(self):
        self.refused(REFUSED, "person", "add", "--name", "Another Person", "--number", VICTIM,
                     contains=VICTIM)


class TestText(BadInputCase):

    def test_text_over_the_limits(self):
        ref = self.ref
        long = lambda n: "x" * n  # noqa: E731
        cases = [
            (["person", "add", "--name", long(101), "--number", "77"], "name"),
            (["person", "add", "--name", "é" * 101, "--number", "77"], "name"),
            (["person", "add", "--name", "Ok Name", "--number", "1" * 21], "number"),
            (["person", "add", "--name", "Ok Name", "--number", "77", "--rank", long(101)],
             "rank"),
            (["person", "add", "--name", "Ok Name", "--number", "77", "--team", long(101)],
             "team"),
            (self.case_new("--summary", long(4001)), "summary"),
            (self.case_new("--summary", "é" * 4001), "summary"),
            (self.case_new("--offence", long(201)), "offence"),
            (self.case_new("--body-part", long(101)), "body"),
            (self.case_new("--thor", long(4001)), "thor"),
            (self.case_new("--crime-ref", long(41)), "crime"),
            (["case", "new", "--victim", VICTIM, "--supervisor", SUPERVISOR, "--occurred",
              "2026-04-08 09:00", "--location", long(201)], "location"),
            (["case", "edit", ref, "--summary", long(4001)], "summary"),
            (["note", "add", ref, long(4001)], "note"),
            (["welfare", "add", ref, "--method", "phone", "--note", long(4001)], "note"),
            (["victim", "update", ref, "--note", long(4001)], "note"),
            (["step", "done", ref, "slt", "--note", long(4001)], "note"),
            (["step", "na", ref, "slt", "--reason", long(4001)], "reason"),
            (["followup", "na", ref, "1", "--reason", long(4001)], "reason"),
            (["followup", "done", ref, "1", "--note", long(4001)], "note"),
            (["case", "close", ref, "--outcome", "charged", "--note", long(4001)], "note"),
            (["evidence", "add", ref, "--kind", "bwv", "--ref", long(101)], "reference"),
            (["holiday", "add", "2026-06-03", "--note", long(201)], "note"),
            (["case", "list", "--search", long(201)], "search"),
        ]
        for argv, field in cases:
            with self.subTest(argv=[a[:30] for a in argv]):
                self.refused(USAGE, *argv, contains=field)

    def test_limits_are_inclusive(self):
        ref = self.new_case("--summary", "s" * 4000, "--offence", "o" * 200, "--crime-ref",
                            "c" * 40, location="l" * 200)
        c = self.show(ref)
        self.assertEqual((len(c["summary"]), len(c["offence"]), len(c["location"]),
                          len(c["crime_reference"])), (4000, 200, 200, 40))
        self.ok("note", "add", ref, "n" * 4000)

    def test_required_text_that_is_blank(self):
        for argv in (["person", "add", "--name", "", "--number", "77"],
                     ["person", "add", "--name", "   ", "--number", "77"],
                     ["person", "add", "--name", "Ok", "--number", ""],
                     ["person", "add", "--name", "Ok", "--number", "77 88"],
                     ["case", "new", "--victim", VICTIM, "--supervisor", SUPERVISOR,
                      "--occurred", "2026-04-08 09:00", "--location", "  "],
                     ["case", "edit", self.ref, "--location", ""],
                     ["case", "edit", self.ref, "--crime-ref", ""],
                     ["note", "add", self.ref, ""],
                     ["note", "add", self.ref, " \n\t "],
                     ["welfare", "add", self.ref, "--method", "phone", "--note", ""],
                     ["victim", "update", self.ref, "--note", "   "]):
            with self.subTest(argv=argv):
                self.refused(USAGE, *argv)

    def test_invalid_utf8(self):
        bad = b"Eve\xff\xfe"
        ref = self.ref
        cases = [
            ["person", "add", "--name", bad, "--number", "77"],
            ["person", "add", "--name", "Ok", "--number", b"\xff77"],
            ["person", "add", "--name", "Ok", "--number", "77", "--team", bad],
            ["person", "add", "--name", "Ok", "--number", "77", "--rank", b"\xc0\xaf"],
            self.case_new("--summary", bad),
            self.case_new("--offence", b"\xed\xa0\x80"),  # a UTF-16 surrogate
            ["case", "new", "--victim", VICTIM, "--supervisor", SUPERVISOR, "--occurred",
             "2026-04-08 09:00", "--location", b"\xff\xfe"],
            ["case", "new", "--victim", b"\xff", "--supervisor", SUPERVISOR, "--occurred",
             "2026-04-08 09:00", "--location", "X"],
            ["case", "edit", ref, "--thor", bad],
            ["case", "show", b"OPH-2026-\xff0001"],
            ["case", "assign", ref, "investigator", b"30\xff01"],
            ["note", "add", ref, bad],
            ["welfare", "add", ref, "--method", "phone", "--note", bad],
            ["victim", "update", ref, "--note", bad],
            ["step", "done", ref, "slt", "--note", bad],
            ["step", "na", ref, "slt", "--reason", bad],
            ["followup", "na", ref, "1", "--reason", bad],
            ["evidence", "add", ref, "--kind", "bwv", "--ref", bad],
            ["case", "close", ref, "--outcome", "charged", "--note", bad],
            ["case", "list", "--search", bad],
            ["holiday", "add", "2026-06-03", "--note", bad],
        ]
        for argv in cases:
            with self.subTest(argv=argv):
                self.refused(USAGE, *argv)

    def test_invalid_utf8_in_a_person_search(self):
        self.refused(USAGE, "person", "list", "--search", b"\xff\xfe")

    def test_invalid_utf8_in_a_role_name(self):
        self.refused(USAGE, "person", "add", "--name", "Ok", "--number", "77", "--role",
                     b"\xff\xfe")

    def test_invalid_utf8_in_a_rule_key(self):
        self.refused((REFUSED, USAGE), "rule", "set", b"crime\xff", "--amount", "1")

    def test_control_characters(self):
        ref = self.ref
        for evil in ("Eve\x1b[31mRed", "Eve\x07", "Eve\u202eevil", "Eve\u009b31m", "Eve\x7f",
                     "Eve\x08"):
            with self.subTest(evil=evil):
                self.refused(USAGE, "person", "add", "--name", evil, "--number", "77",
                             contains="control")
        single_line = ("Line one\nLine two", "Tab\there")
        for value in single_line:
            with self.subTest(value=value):
                self.refused(USAGE, "person", "add", "--name", value, "--number", "77")
                self.refused(USAGE, *self.case_new("--offence", value))
        for evil in ("note \x1b[31mred", "bell \x07", "title \x1b]0;pwned\x07", "\x1b[2J"):
            for argv in (["note", "add", ref, evil],
                         ["welfare", "add", ref, "--method", "phone", "--note", evil],
                         ["victim", "update", ref, "--note", evil],
                         ["step", "done", ref, "slt", "--note", evil],
                         ["step", "na", ref, "slt", "--reason", evil],
                         ["followup", "na", ref, "1", "--reason", evil],
                         ["case", "close", ref, "--outcome", "charged", "--note", evil],
                         self.case_new("--summary", evil),
                         ["case", "new", "--victim", VICTIM, "--supervisor", SUPERVISOR,
                          "--occurred", "2026-04-08 09:00", "--location", evil],
                         ["case", "edit", ref, "--location", evil],
                         ["case", "list", "--search", evil]):
                with self.subTest(evil=evil, argv=argv[:3]):
                    self.refused(USAGE, *argv, contains="control")

    def test_control_characters_in_a_role_name(self):
        self.refused(USAGE, "person", "add", "--name", "Ok", "--number", "77", "--role",
                     "officer\n\x1b[31mforged second line")

    def test_control_characters_in_a_rule_key(self):
        self.refused((REFUSED, USAGE), "rule", "set", "crime\n\x1b[31mforged", "--amount", "1")

    def test_control_characters_echoed_from_other_arguments(self):
        """Whatever the user typed and the message quotes is neutralised."""
        evil = "x\x1b[31m\ny"
        for argv in (["case", "show", evil], ["case", "assign", self.ref, evil, INVESTIGATOR],
                     ["step", "done", self.ref, evil], ["case", "list", "--format", evil],
                     ["case", "new", "--" + evil], [evil], ["case", evil],
                     ["evidence", "update", self.ref, evil, "--status", "secured"],
                     self.case_new("--location-kind", evil),
                     ["holiday", "add", evil], ["case", "edit", self.ref, "--days-off", evil]):
            with self.subTest(argv=argv):
                self.refused((REFUSED, USAGE), *argv)


class TestRules(BadInputCase):
    """The plan's rules, refused whatever the interface."""

    def test_same_decision_twice_is_refused(self):
        self.ok("case", "decision", self.ref, "arrest", "--at", "2026-04-08 09:30")
        # a repeated command would start a second round of victim updates
        self.refused(REFUSED, "case", "decision", self.ref, "arrest", "--at", "2026-04-08 09:30",
                     contains=["arrest", "already recorded"])
        # another decision, or the same one at another time, is news
        self.ok("case", "decision", self.ref, "charge", "--at", "2026-04-08 09:30")
        self.ok("case", "decision", self.ref, "arrest", "--at", "2026-04-08 09:50")

    def test_a_rule_keeps_what_it_counts_from(self):
        self.refused(USAGE, "rule", "set", "crime", "--base", "event",
                     contains=["crime", "reported or occurred"])
        self.refused(USAGE, "rule", "set", "victim-update", "--base", "reported",
                     contains=["victim-update", "event"])
        self.ok("rule", "set", "crime", "--base", "occurred")

    def test_victim_is_never_investigator_or_statement_taker(self):
        self.refused(REFUSED, "case", "assign", self.ref, "investigator", VICTIM,
                     contains="victim")
        self.refused(REFUSED, "case", "assign", self.ref, "statement-taker", VICTIM,
                     contains="victim")
        # nor any other role in their own case (ophamp(1), "Rules every command obeys")
        for role in ("welfare-officer", "second-line", "supervisor"):
            with self.subTest(role=role):
                self.refused(REFUSED, "case", "assign", self.ref, role, VICTIM,
                             contains="victim")
        self.ok("case", "assign", self.ref, "investigator", INVESTIGATOR)
        self.ok("case", "assign", self.ref, "statement-taker", STATEMENT_TAKER)
        # nor by changing who the victim is
        self.refused(REFUSED, "case", "edit", self.ref, "--victim", INVESTIGATOR,
                     contains="victim")
        self.refused(REFUSED, "case", "edit", self.ref, "--victim", STATEMENT_TAKER,
                     contains="victim")

    def test_victim_is_not_their_own_supervisor(self):
        self.refused(REFUSED, "case", "new", "--victim", VICTIM, "--supervisor", VICTIM,
                     "--occurred", "2026-04-08 09:00", "--location", "X")
        self.refused(REFUSED, "case", "edit", self.ref, "--supervisor", VICTIM)

    def test_database_refuses_the_victim_as_investigator(self):
        conn = sqlite3.connect(self.db)
        conn.create_function("oph_actor", 0, lambda: "test")
        conn.create_function("oph_action", 0, lambda: 1)  # the log's action number
        conn.create_function("oph_sha256", -1, lambda *a: "0" * 64)
        try:
            for column in ("investigator_id", "statement_taker_id"):
                with self.subTest(column=column):
                    with self.assertRaises(sqlite3.IntegrityError):
                        conn.execute("UPDATE cases SET %s = victim_id" % column)
                    conn.rollback()
        finally:
            conn.close()

    def test_closing_too_early(self):
        self.refused(REFUSED, "case", "close", self.ref, "--outcome", "charged",
                     contains="pending")
        closable = self.new_case()
        self.complete_all_steps_na(closable)
        # a case closes only with an outcome: a rule of the plan (SPEC §2), exit status 1
        self.refused(REFUSED, "case", "close", closable, contains="outcome")
        self.refused(REFUSED, "case", "close", closable, "--note", "no outcome",
                     contains="outcome")
        self.refused(USAGE, "case", "close", closable, "--outcome", "acquitted")
        self.ok("case", "close", closable, "--outcome", "charged")

    def test_a_closed_case(self):
        closed = self.closed_case()
        item = str(self.show(closed)["evidence"][0]["number"])
        for argv in (["case", "close", closed, "--outcome", "charged"],
                     ["step", "done", closed, "slt", "--note", "x"],
                     ["step", "na", closed, "slt", "--reason", "x"],
                     ["case", "assign", closed, "investigator", INVESTIGATOR],
                     ["evidence", "add", closed, "--kind", "bwv"],
                     ["evidence", "update", closed, item, "--status", "secured"]):
            with self.subTest(argv=argv):
                self.refused(REFUSED, *argv, contains="closed")

    def test_steps_are_done_only_once_and_with_what_they_need(self):
        ref = self.ref
        for argv, contains in (
                (["step", "done", ref, "crime", "--note", "plan"], "crime-ref"),
                (["step", "done", ref, "crime", "--crime-ref", "CR/1"], "note"),
                (["step", "done", ref, "victim-code", "--referral", "accepted"], "enhanced"),
                (["step", "done", ref, "victim-code", "--referral", "accepted", "--enhanced",
                  "no", "--vps-offered", "no"], "vps"),
                (["step", "done", ref, "investigator"], "assign"),
                (["step", "done", ref, "welfare"], "welfare"),
                (["step", "done", ref, "slt"], "note"),
                (["step", "done", ref, "evidence"], "evidence")):
            with self.subTest(argv=argv):
                self.refused(REFUSED, *argv, contains=contains)
        self.refused(USAGE, "step", "done", ref, "iod", contains="--by")
        self.refused(USAGE, "step", "done", ref, "slt", "--note", "x", "--by", "victim")
        self.ok("step", "done", ref, "iod", "--by", "victim")
        self.refused(REFUSED, "step", "done", ref, "iod", "--by", "victim", contains="already")
        self.ok("step", "done", ref, "slt", "--note", "Told")
        self.refused(REFUSED, "step", "done", ref, "slt", "--note", "again", contains="already")
        self.refused(REFUSED, "step", "na", ref, "slt", "--reason", "x", contains="already")
        fid = str(self.followups(self.show(ref), rule="welfare-72h")[0]["number"])
        self.ok("followup", "done", ref, fid)
        self.refused(REFUSED, "followup", "done", ref, fid, contains="already")
        self.refused(REFUSED, "followup", "na", ref, fid, "--reason", "x", contains="already")

    def test_not_applicable_needs_a_reason(self):
        ref = self.ref
        for argv in (["step", "na", ref, "slt"],
                     ["step", "na", ref, "slt", "--reason", ""],
                     ["step", "na", ref, "slt", "--reason", "   "],
                     ["step", "na", ref, "slt", "--reason", " \n\t"],
                     ["followup", "na", ref, "1"],
                     ["followup", "na", ref, "1", "--reason", ""],
                     ["evidence", "add", ref, "--kind", "bwv", "--status", "not-available"],
                     ["evidence", "add", ref, "--kind", "bwv", "--status", "not-available",
                      "--reason", " "],
                     ["evidence", "update", ref, "1", "--status", "not-available"]):
            with self.subTest(argv=argv):
                self.refused(USAGE, *argv, contains="reason")


class TestUsage(BadInputCase):

    def test_unknown_enum_values(self):
        ref = self.ref
        cases = [
            (self.case_new("--location-kind", "moon"), "--location-kind"),
            (self.case_new("--injury", "fatal"), "--injury"),
            (self.case_new("--mechanism", "headbutt"), "--mechanism"),
            (self.case_new("--treatment", "surgery"), "--treatment"),
            (self.case_new("--offender-known", "maybe"), "--offender-known"),
            (self.case_new("--specified-injury", "true"), "--specified-injury"),
            (self.case_new("--off-work", "1"), "--off-work"),
            (["case", "edit", ref, "--referral", "maybe"], "--referral"),
            (["case", "edit", ref, "--enhanced", "perhaps"], "--enhanced"),
            (["case", "edit", ref, "--vps-offered", "Y"], "--vps-offered"),
            (["case", "edit", ref, "--location-kind", "Street"], "--location-kind"),
            (["person", "add", "--name", "Ok", "--number", "77", "--role", "wizard"], "wizard"),
            (["case", "assign", ref, "detective", INVESTIGATOR], "detective"),
            (["step", "done", ref, "nosuch"], "nosuch"),
            (["step", "na", ref, "nosuch", "--reason", "x"], "nosuch"),
            (["step", "done", ref, "iod", "--by", "judge"], "--by"),
            (["step", "done", ref, "victim-code", "--referral", "maybe"], "--referral"),
            (["case", "decision", ref, "acquittal"], "acquittal"),
            (["case", "close", ref, "--outcome", "moon"], "--outcome"),
            (["welfare", "add", ref, "--method", "pigeon", "--note", "x"], "--method"),
            (["evidence", "add", ref, "--kind", "dna"], "--kind"),
            (["evidence", "add", ref, "--kind", "bwv", "--status", "lost"], "--status"),
            (["evidence", "update", ref, "1", "--status", "lost"], "--status"),
            (["rule", "set", "crime", "--unit", "fortnights"], "--unit"),
            (["rule", "set", "crime", "--base", "whenever"], "--base"),
            (["case", "list", "--format", "xml"], "--format"),
            (["case", "list", "--sort", "name"], "--sort"),
            (["case", "show", ref, "--format", "pdf"], "--format"),
            (["person", "list", "--format", "xml"], "--format"),
            (["remind", "--format", "xml"], "--format"),
            (["rule", "list", "--format", "csv"], "--format"),
        ]
        for argv, contains in cases:
            with self.subTest(argv=argv):
                self.refused(USAGE, *argv, contains=contains)

    def test_bad_numbers(self):
        ref = self.ref
        cases = []
        for v in ("-1", "3661", "abc", "+5", " 5", "5x", "1.5", ""):
            cases.append(["case", "edit", ref, "--days-off", v])
        for v in ("0", "6", "x"):
            cases.append(["case", "edit", ref, "--support-score", v])
        for v in ("0", "-1", "x", "99999999999999999999"):
            cases.append(["case", "list", "--limit", v])
            cases.append(["person", "list", "--limit", v])
        cases += [["case", "list", "--offset", "-1"], ["remind", "--within", "-1"],
                  ["remind", "--within", "abc"], ["remind", "--within", "9000"],
                  ["demo", "--cases", "0"], ["demo", "--cases", "-5"], ["demo", "--cases", "x"],
                  ["demo", "--seed", "-1"], ["rule", "set", "crime", "--amount", "-1"],
                  ["rule", "set", "crime", "--amount", "3661"],
                  ["rule", "set", "crime", "--amount", "twelve"]]
        for v in ("0", "-1", "1.5", "abc", "#1", "99999999999"):
            cases.append(["evidence", "update", ref, v, "--status", "secured"])
            cases.append(["followup", "done", ref, v])
            cases.append(["followup", "na", ref, v, "--reason", "x"])
        for argv in cases:
            with self.subTest(argv=argv):
                self.refused(USAGE, *argv)

    # An unknown option on every command: one test a form of option (each on every
    # command), so that the file's shards can share them out.
    def refuse_option(self, bad):
        for cmd in COMMANDS:
            with self.subTest(cmd=cmd, option=bad):
                self.refused(USAGE, *cmd.split(), bad, contains=bad.split("=")[0])

    def test_unknown_long_option_on_every_command(self):
        self.refuse_option("--bogus")

    def test_unknown_option_with_a_value_on_every_command(self):
        self.refuse_option("--bogus=1")

    def test_unknown_short_option_on_every_command(self):
        self.refuse_option("-x")

    def test_option_misuse(self):
        ref = self.ref
        for argv in (["case", "show", ref, "--format"],           # no value
                     self.case_new("--location-kind"),
                     ["case", "show", ref, "--format", "json", "--format", "text"],  # twice
                     self.case_new("--injury", "minor", "--injury", "none"),
                     ["case", "list", "--custody=yes"],            # a flag takes no value
                     ["case", "list", "--open", "--closed"],       # one filter only
                     ["case", "list", "--all", "--overdue"],
                     ["rule", "set", "crime"],                     # nothing to change
                     ["--db"],
                     ["--db", "", "case", "list"]):
            with self.subTest(argv=argv):
                self.refused(USAGE, *argv, db=None if argv[0] == "--db" else True)

    def test_missing_required_options(self):
        ref = self.ref
        full = dict(victim=VICTIM, supervisor=SUPERVISOR, occurred="2026-04-08 09:00",
                    location="X")
        for leave_out in full:
            argv = ["case", "new"]
            for k, v in full.items():
                if k != leave_out:
                    argv += ["--" + k, v]
            with self.subTest(missing=leave_out):
                self.refused(USAGE, *argv, contains="--" + leave_out)
        for argv, contains in (
                (["person", "add", "--name", "Ok"], "--number"),
                (["person", "add", "--number", "77"], "--name"),
                (["welfare", "add", ref, "--note", "x"], "--method"),
                (["welfare", "add", ref, "--method", "phone"], "--note"),
                (["victim", "update", ref], "--note"),
                (["evidence", "add", ref], "--kind"),
                (["evidence", "update", ref, "1"], "--status"),
                (["step", "na", ref, "slt"], "--reason"),
                (["followup", "na", ref, "1"], "--reason")):
            with self.subTest(argv=argv):
                self.refused(USAGE, *argv, contains=contains)

    def test_missing_and_extra_arguments(self):
        ref = self.ref
        for argv in (["case", "show"], ["case", "edit"], ["case", "assign", ref, "investigator"],
                     ["case", "decision", ref], ["case", "close"], ["step", "done", ref],
                     ["step", "na", ref, "--reason", "x"], ["welfare", "add"],
                     ["victim", "update"], ["evidence", "add", "--kind", "bwv"],
                     ["evidence", "update", ref, "--status", "secured"],
                     ["followup", "done", ref], ["followup", "na", ref, "--reason", "x"],
                     ["note", "add", ref], ["rule", "set"], ["holiday", "add"],
                     ["holiday", "cancel"], ["holiday", "reset"],
                     # extra
                     ["case", "show", ref, "extra"], ["case", "list", "extra"],
                     ["remind", "extra"], ["holiday", "list", "extra"],
                     ["person", "list", "extra"], ["note", "add", ref, "one", "two"],
                     ["rule", "list", "crime"], ["demo", "5"]):
            with self.subTest(argv=argv):
                self.refused(USAGE, *argv)

    def test_unknown_commands(self):
        for argv in (["frob"], ["case", "frob"], ["case"], ["Case", "new"], [""],
                     ["person", "delete"], ["cases", "list"], ["-x"], ["--bogus"]):
            with self.subTest(argv=argv):
                self.refused(USAGE, *argv)


# Characters that look like nothing or like a Latin letter: each would make a second person of
# one staff number. (character, its code point as the message names it)
LOOK_ALIKES = [("\u200b", "U+200B"), ("\u00a0", "U+00A0"), ("\ufeff", "U+FEFF"),
               ("\u0410", "U+0410"), ("\u202e", "U+202E")]


class TestStaffNumbers(BadInputCase):

    def test_invisible_and_look_alike_characters_are_refused_everywhere(self):
        ref = self.ref
        for ch, code in LOOK_ALIKES:
            number = "10" + ch + "01"
            for argv, field in (
                    (["person", "add", "--name", "New", "--number", number], "--number"),
                    (["person", "add", "--name", "New", "--number", ch + "77"], "--number"),
                    (["case", "new", "--victim", number, "--supervisor", SUPERVISOR,
                      "--occurred", "2026-04-08 09:00", "--location", "X"], "--victim"),
                    (["case", "new", "--victim", VICTIM, "--supervisor", number,
                      "--occurred", "2026-04-08 09:00", "--location", "X"], "--supervisor"),
                    (["case", "edit", ref, "--supervisor", number], "--supervisor"),
                    (["case", "assign", ref, "investigator", number], "investigator")):
                with self.subTest(argv=argv):
                    r = self.refused(USAGE, *argv, contains=(
                        field, "staff number contains " + code,
                        "a staff number is ASCII letters, digits, - and / only"))
        self.assertEqual([p["number"] for p in self.people()].count(VICTIM), 1)

    def test_a_number_in_another_case_is_the_same_person(self):
        self.add_person("Alex Morgan", "AB12")
        self.refused(REFUSED, "person", "add", "--name", "Someone Else", "--number", "ab12",
                     contains="staff number ab12 is already used by Alex Morgan (AB12)")
        ref = self.new_case(victim="ab12", supervisor=SUPERVISOR.lower())
        case = self.show(ref)
        self.assertEqual(case["victim"]["number"], "AB12")
        self.refused(REFUSED, "case", "assign", ref, "investigator", "Ab12",
                     contains="never investigate")
        self.refused(REFUSED, "case", "new", "--victim", "AB12", "--supervisor", "ab12",
                     "--occurred", "2026-04-08 09:00", "--location", "X",
                     contains="someone other than the victim")

    def people(self):
        import json
        return json.loads(self.ok("person", "list", "--format", "json"))


if __name__ == "__main__":
    unittest.main()
