/* Unit tests for json.c, case_json.c and case_text.c: escaping, layout, the JSON contract of
 * `case show` (checked by Python's json module) and neutralised text for a terminal. */
#include <check.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_support.h"
#include "ophamp/export.h"
#include "ophamp/json.h"
#include "ophamp/outfile.h"
#include "ophamp/record.h"
#include "ophamp/redact.h"

#define PYTHON "/usr/bin/python3"

static oph_time utc(int y, int mo, int d, int h, int mi)
{
    struct oph_date date = {y, mo, d};
    return cal_days_from_civil(date) * 86400 + h * 3600 + mi * 60;
}

/* A case with something in every part; the caller frees it with case_detail_done. */
static void make_case(struct case_detail *c)
{
    memset(c, 0, sizeof *c);
    c->id = 1;
    strcpy(c->uuid, "0f8fad5b-d9cb-469f-a165-70867728950e");
    strcpy(c->reference, "OPH-2026-00001");
    case_facts_init(&c->facts);
    strcpy(c->victim.name, "Jane Smith");
    strcpy(c->victim.number, "1234");
    c->victim.role = ROLE_OFFICER;
    strcpy(c->victim.rank, "PC");
    strcpy(c->facts.victim_number, "1234");
    c->facts.occurred_at = utc(2026, 4, 8, 8, 0);  /* 09:00 BST */
    c->facts.reported_at = utc(2026, 4, 8, 9, 30); /* 10:30 BST */
    strcpy(c->facts.location, "High Street");
    c->facts.location_kind = LOC_STREET;
    strcpy(c->facts.offence, "Assault on an emergency worker");
    /* a control character, a quote, a newline, an emoji and U+2028 */
    strcpy(c->facts.summary, "Spat at \"twice\"\x01\nthen \xF0\x9F\x98\x80 \xE2\x80\xA8.");
    c->facts.mechanism = MECH_SPIT;
    c->facts.injury = INJURY_MINOR;
    c->facts.days_off = 3;
    c->facts.off_work = true;
    c->facts.offender_known = TRI_YES;
    strcpy(c->facts.crime_reference, "CR/123/26");

    c->roles[CROLE_INVESTIGATOR].set = true;
    strcpy(c->roles[CROLE_INVESTIGATOR].number, "5678");
    strcpy(c->roles[CROLE_INVESTIGATOR].name, "DC Bob Jones");
    c->roles[CROLE_SUPERVISOR].set = true;
    strcpy(c->roles[CROLE_SUPERVISOR].number, "9999");
    strcpy(c->roles[CROLE_SUPERVISOR].name, "Sgt Ann Lee");

    for (int i = 0; i < STEP_COUNT; i++) {
        struct step *s = &c->steps[i];
        s->code = (enum step_code)i;
        s->status = STATUS_PENDING;
        s->due_at = utc(2026, 4, 9, 9, 30);
        s->done_at = s->victim_signed_at = s->supervisor_signed_at = OPH_NO_TIME;
    }
    c->steps[STEP_CRIME].status = STATUS_DONE;
    c->steps[STEP_CRIME].done_at = utc(2026, 4, 8, 10, 0);
    strcpy(c->steps[STEP_CRIME].done_by, "9999");
    c->steps[STEP_VICTIM_CODE].status = STATUS_DONE;
    c->steps[STEP_VICTIM_CODE].done_at = utc(2026, 4, 10, 10, 0); /* late */
    c->steps[STEP_SLT].status = STATUS_NA;
    strcpy(c->steps[STEP_SLT].reason, "no SLT on duty");
    c->steps[STEP_WELFARE].due_at = utc(2026, 5, 1, 9, 0); /* not yet due */

    c->n_followups = 1;
    c->followups = calloc(1, sizeof *c->followups);
    ck_assert_ptr_nonnull(c->followups);
    c->followups[0] = (struct followup){.id = 7,
                                        .kind = FU_WELFARE,
                                        .rule = "welfare-off-work",
                                        .event_at = OPH_NO_TIME,
                                        .due_at = utc(2026, 4, 9, 9, 30),
                                        .status = STATUS_PENDING,
                                        .done_at = OPH_NO_TIME,
                                        .route = -1};

    c->n_evidence = 1;
    c->evidence = calloc(1, sizeof *c->evidence);
    ck_assert_ptr_nonnull(c->evidence);
    c->evidence[0] = (struct evidence_item){.id = 3,
                                            .kind = EV_BWV,
                                            .status = EVS_REQUESTED,
                                            .ref = "BWV-0042",
                                            .due_at = utc(2026, 4, 9, 9, 30),
                                            .created_at = utc(2026, 4, 8, 9, 30),
                                            .updated_at = utc(2026, 4, 8, 9, 30)};

    c->n_timeline = 1;
    c->timeline = calloc(1, sizeof *c->timeline);
    ck_assert_ptr_nonnull(c->timeline);
    c->timeline[0] = (struct timeline_entry){.id = 1,
                                             .kind = TL_WELFARE,
                                             .at = utc(2026, 4, 8, 12, 0),
                                             .label = "phone",
                                             .text = "Called.\nFeeling better."};

    c->outcome = -1;
    c->outcome_at = c->closed_at = OPH_NO_TIME;
    c->created_at = utc(2026, 4, 8, 9, 0);
    case_detail_init_extra(c);
}

static const oph_time NOW_T = 1776243600; /* 2026-04-15T09:00:00Z */

/* --- the writer --- */

START_TEST(test_compact_layout)
{
    struct capture cap;
    struct json_writer w;
    jw_init(&w, capture_open(&cap), false);
    jw_begin_object(&w);
    jw_key(&w, "a");
    jw_int(&w, -12);
    jw_key(&w, "b");
    jw_begin_array(&w);
    jw_bool(&w, true);
    jw_null(&w);
    jw_string(&w, "x");
    jw_string(&w, NULL);
    jw_string_or_null(&w, "");
    jw_end_array(&w);
    jw_key(&w, "c");
    jw_begin_object(&w);
    jw_end_object(&w);
    jw_key(&w, "d");
    jw_begin_array(&w);
    jw_end_array(&w);
    jw_end_object(&w);
    jw_finish(&w);
    ck_assert_str_eq(capture_close(&cap),
                     "{\"a\":-12,\"b\":[true,null,\"x\",null,null],\"c\":{},\"d\":[]}\n");
    free(cap.buf);
}
END_TEST

START_TEST(test_pretty_layout)
{
    struct capture cap;
    struct json_writer w;
    jw_init(&w, capture_open(&cap), true);
    jw_begin_object(&w);
    jw_key(&w, "a");
    jw_begin_array(&w);
    jw_int(&w, 1);
    jw_begin_object(&w);
    jw_key(&w, "k");
    jw_bool(&w, false);
    jw_end_object(&w);
    jw_end_array(&w);
    jw_key(&w, "e");
    jw_begin_array(&w);
    jw_end_array(&w);
    jw_end_object(&w);
    jw_finish(&w);
    ck_assert_str_eq(capture_close(&cap), "{\n"
                                          "  \"a\": [\n"
                                          "    1,\n"
                                          "    {\n"
                                          "      \"k\": false\n"
                                          "    }\n"
                                          "  ],\n"
                                          "  \"e\": []\n"
                                          "}\n");
    free(cap.buf);
}
END_TEST

START_TEST(test_escaping)
{
    struct capture cap;
    struct json_writer w;
    jw_init(&w, capture_open(&cap), false);
    jw_begin_array(&w);
    jw_string(&w, "q\"b\\n\nt\tr\rb\bf\f\x01\x1f\x7f");
    /* C1 (U+009B, CSI) and a bidi override (U+202E) escaped too: nothing to drive a terminal */
    jw_string(&w, "\xF0\x9F\x98\x80|\xE2\x80\xA8|\xE2\x80\xA9|\xC3\xA9|\xC2\x9B|\xE2\x80\xAE");
    jw_string(&w, "bad\xFF|\xC3|\xED\xA0\x80|\xC0\xAF"); /* invalid, truncated, surrogate */
    jw_end_array(&w);
    jw_finish(&w);
    ck_assert_str_eq(capture_close(&cap),
                     "[\"q\\\"b\\\\n\\nt\\tr\\rb\\bf\\f\\u0001\\u001f\\u007f\","
                     "\"\xF0\x9F\x98\x80|\\u2028|\\u2029|\xC3\xA9|\\u009b|\\u202e\","
                     "\"bad\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|"
                     "\xEF\xBF\xBD\xEF\xBF\xBD\"]\n");
    free(cap.buf);
}
END_TEST

START_TEST(test_escaped_key)
{
    struct capture cap;
    struct json_writer w;
    jw_init(&w, capture_open(&cap), false);
    jw_begin_object(&w);
    jw_key(&w, "a\"\n");
    jw_int(&w, 1);
    jw_end_object(&w);
    jw_finish(&w);
    ck_assert_str_eq(capture_close(&cap), "{\"a\\\"\\n\":1}\n");
    free(cap.buf);
}
END_TEST

START_TEST(test_times)
{
    struct capture cap;
    struct json_writer w;
    jw_init(&w, capture_open(&cap), false);
    jw_begin_array(&w);
    jw_time(&w, utc(2026, 4, 8, 9, 0));
    jw_time(&w, OPH_NO_TIME);
    jw_time(&w, 0);
    jw_end_array(&w);
    jw_finish(&w);
    ck_assert_str_eq(capture_close(&cap),
                     "[\"2026-04-08T09:00:00Z\",null,\"1970-01-01T00:00:00Z\"]\n");
    free(cap.buf);
}
END_TEST

/* --- the case as JSON --- */

static char *case_json(const struct case_detail *c)
{
    struct capture cap;
    export_case_json(capture_open(&cap), c, NOW_T);
    capture_close(&cap);
    return cap.buf;
}

START_TEST(test_case_json_fields)
{
    struct case_detail c;
    make_case(&c);
    char *json = case_json(&c);
    ck_assert_ptr_nonnull(strstr(json, "\"reference\": \"OPH-2026-00001\""));
    ck_assert_ptr_nonnull(strstr(json, "\"status\": \"open\""));
    ck_assert_ptr_nonnull(
        strstr(json, "\"summary\": \"Spat at \\\"twice\\\"\\u0001\\nthen \xF0\x9F\x98\x80 "
                     "\\u2028.\""));
    ck_assert_ptr_nonnull(strstr(json, "\"occurred_at\": \"2026-04-08T08:00:00Z\""));
    ck_assert_ptr_nonnull(strstr(json, "\"arrested_at\": null"));
    ck_assert_ptr_nonnull(strstr(json, "\"treatment\": null"));
    ck_assert_ptr_nonnull(strstr(json, "\"support_score\": null"));
    ck_assert_ptr_nonnull(strstr(json, "\"investigator\": \"5678\""));
    ck_assert_ptr_nonnull(strstr(json, "\"statement_taker\": null"));
    ck_assert_ptr_nonnull(strstr(json, "\"victim_signed_at\": null"));
    ck_assert_ptr_null(strchr(json, '\x01'));
    ck_assert_int_eq(json[strlen(json) - 1], '\n');
    free(json);
    case_detail_done(&c);
}
END_TEST

/* Python's json module parses the output and checks the contract, key by key. */
static const char *const PY_CHECK =
    "import json, sys\n"
    "d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "def eq(a, b):\n"
    "    if a != b: sys.exit('%r != %r' % (a, b))\n"
    "eq(d['uuid'], '0f8fad5b-d9cb-469f-a165-70867728950e')\n"
    "eq(d['reference'], 'OPH-2026-00001')\n"
    "eq(d['status'], 'open')\n"
    "eq(d['victim'], {'name': 'Jane Smith', 'number': '1234', 'role': 'officer',\n"
    "                 'rank': 'PC', 'team': None})\n"
    "eq(d['occurred_at'], '2026-04-08T08:00:00Z')\n"
    "eq(d['reported_at'], '2026-04-08T09:30:00Z')\n"
    "eq(d['location'], 'High Street')\n"
    "eq(d['location_kind'], 'street')\n"
    "eq(d['summary'], 'Spat at \"twice\"\\x01\\nthen \\U0001F600 \\u2028.')\n"
    "eq(d['mechanism'], 'spit')\n"
    "eq(d['injury'], 'minor')\n"
    "eq(d['body_part'], None)\n"
    "eq(d['treatment'], None)\n"
    "eq(d['specified_injury'], False)\n"
    "eq(d['days_off'], 3)\n"
    "eq(d['off_work'], True)\n"
    "eq(d['offender_known'], True)\n"
    "eq(d['arrested_at'], None)\n"
    "eq(d['thor'], None)\n"
    "eq(d['crime_reference'], 'CR/123/26')\n"
    "eq(d['referral'], None)\n"
    "eq(d['enhanced_rights'], None)\n"
    "eq(d['vps_offered'], None)\n"
    "eq(d['support_score'], None)\n"
    "eq(d['roles'], {'investigator': '5678', 'statement_taker': None,\n"
    "                'welfare_officer': None, 'supervisor': '9999', 'second_line': None})\n"
    "s = d['steps']\n"
    "eq([x['code'] for x in s], ['crime', 'victim-code', 'investigator', 'welfare',\n"
    "                            'slt', 'iod', 'evidence'])\n"
    "eq(s[0]['status'], 'done')\n"
    "eq(s[0]['title'].startswith('(a)'), True)\n"
    "eq(s[0]['done_at'], '2026-04-08T10:00:00Z')\n"
    "eq(s[0]['done_by'], '9999')\n"
    "eq(s[0]['on_time'], True)\n"
    "eq(s[0]['overdue'], False)\n"
    "eq(s[1]['on_time'], False)\n"
    "eq(s[2]['on_time'], None)\n"
    "eq(s[2]['overdue'], True)\n"
    "eq(s[2]['done_at'], None)\n"
    "eq(s[3]['overdue'], False)\n"
    "eq(s[4]['status'], 'not-applicable')\n"
    "eq(s[4]['reason'], 'no SLT on duty')\n"
    "eq(s[4]['overdue'], False)\n"
    "eq(s[5]['victim_signed_at'], None)\n"
    "eq(s[5]['supervisor_signed_at'], None)\n"
    "eq('victim_signed_at' in s[0], False)\n"
    "f = d['followups']\n"
    "eq(len(f), 1)\n"
    "eq((f[0]['id'], f[0]['kind'], f[0]['rule'], f[0]['status']),\n"
    "   (7, 'welfare', 'welfare-off-work', 'pending'))\n"
    "eq((f[0]['due_at'], f[0]['done_at'], f[0]['overdue']),\n"
    "   ('2026-04-09T09:30:00Z', None, True))\n"
    "eq((f[0]['reason'], f[0]['note']), (None, None))\n"
    "e = d['evidence']\n"
    "eq(len(e), 1)\n"
    "eq((e[0]['id'], e[0]['kind'], e[0]['status'], e[0]['ref'], e[0]['reason']),\n"
    "   (3, 'bwv', 'requested', 'BWV-0042', None))\n"
    "eq((e[0]['due_at'], e[0]['overdue']), ('2026-04-09T09:30:00Z', True))\n"
    "t = d['timeline']\n"
    "eq([(x['kind'], x['at'], x['label'], x['text']) for x in t],\n"
    "   [('welfare-contact', '2026-04-08T12:00:00Z', 'phone', 'Called.\\nFeeling better.')])\n"
    "eq(d['outcome'], None)\n"
    "eq(d['outcome_at'], None)\n"
    "eq(d['closed_at'], None)\n"
    "eq(d['closing_note'], None)\n"
    "eq(d['created_at'], '2026-04-08T09:00:00Z')\n";

START_TEST(test_case_json_parses)
{
    if (access(PYTHON, X_OK) != 0) {
        fprintf(stderr, "test_case_json_parses: %s not found, skipped\n", PYTHON);
        return;
    }
    struct case_detail c;
    make_case(&c);
    char *json = case_json(&c);
    char data_path[] = "/tmp/test_export_XXXXXX";
    int fd = mkstemp(data_path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs(json, f);
    ck_assert_int_eq(fclose(f), 0);

    char cmd[128];
    snprintf(cmd, sizeof cmd, PYTHON " - %s", data_path);
    FILE *py = popen(cmd, "w");
    ck_assert_ptr_nonnull(py);
    fputs(PY_CHECK, py);
    int rc = pclose(py);
    unlink(data_path);
    free(json);
    case_detail_done(&c);
    ck_assert_msg(rc == 0, "python rejected the JSON (status %d)", rc);
}
END_TEST

START_TEST(test_case_json_closed)
{
    struct case_detail c;
    make_case(&c);
    c.closed = true;
    c.outcome = OUT_CHARGED;
    c.outcome_at = utc(2026, 5, 1, 9, 0);
    c.closed_at = utc(2026, 5, 2, 9, 0);
    strcpy(c.closing_note, "Charged; victim told.");
    c.facts.support_score = 4;
    c.facts.enhanced_rights = TRI_NO;
    char *json = case_json(&c);
    ck_assert_ptr_nonnull(strstr(json, "\"status\": \"closed\""));
    ck_assert_ptr_nonnull(strstr(json, "\"outcome\": \"charged\""));
    ck_assert_ptr_nonnull(strstr(json, "\"closed_at\": \"2026-05-02T09:00:00Z\""));
    ck_assert_ptr_nonnull(strstr(json, "\"closing_note\": \"Charged; victim told.\""));
    ck_assert_ptr_nonnull(strstr(json, "\"support_score\": 4"));
    ck_assert_ptr_nonnull(strstr(json, "\"enhanced_rights\": false"));
    free(json);
    case_detail_done(&c);
}
END_TEST

/* --- the case as text --- */

static char *case_text(const struct case_detail *c)
{
    struct capture cap;
    export_case_text(capture_open(&cap), c, NOW_T);
    capture_close(&cap);
    return cap.buf;
}

/* Whether the line that starts with start contains what. */
static bool line_has(const char *text, const char *start, const char *what)
{
    const char *line = strstr(text, start);
    if (!line)
        return false;
    const char *end = strchr(line, '\n');
    const char *hit = strstr(line, what);
    return hit && (!end || hit < end);
}

START_TEST(test_case_text_summary)
{
    struct case_detail c;
    make_case(&c);
    char *text = case_text(&c);
    ck_assert_ptr_nonnull(strstr(text, "OPH-2026-00001  open\n"));
    ck_assert_ptr_nonnull(strstr(text, "Jane Smith (1234, officer)"));
    ck_assert_ptr_nonnull(strstr(text, "2026-04-08 09:00")); /* occurred, London time */
    ck_assert_ptr_nonnull(strstr(text, "2026-04-08 10:30")); /* reported */
    ck_assert_ptr_nonnull(strstr(text, "High Street (street)"));
    ck_assert_ptr_nonnull(strstr(text, "5678"));
    ck_assert_ptr_nonnull(strstr(text, "DC Bob Jones"));
    ck_assert(line_has(text, "  investigator  pending", "OVERDUE"));
    ck_assert(line_has(text, "  victim-code   done", "late"));
    ck_assert(!line_has(text, "  crime         done", "late"));
    ck_assert(!line_has(text, "  welfare       pending", "OVERDUE"));
    ck_assert_ptr_nonnull(strstr(text, "welfare-off-work"));
    ck_assert_ptr_nonnull(strstr(text, "BWV-0042"));
    ck_assert_ptr_nonnull(strstr(text, "welfare-contact"));
    /* the continuation line of a multi-line text is indented */
    ck_assert_ptr_nonnull(strstr(text, "Called.\n   "));
    ck_assert_ptr_nonnull(strstr(text, "Feeling better."));
    /* the control character in the summary is replaced */
    ck_assert_ptr_null(strchr(text, '\x01'));
    free(text);
    case_detail_done(&c);
}
END_TEST

START_TEST(test_case_text_neutralises)
{
    struct case_detail c;
    make_case(&c);
    strcpy(c.victim.name, "\x1b[31mJane\x1b]0;pwned\x07 Smith");
    strcpy(c.roles[CROLE_INVESTIGATOR].name, "Bob\x1b[2J");
    strcpy(c.facts.location, "Street\r\x9b");
    strcpy(c.timeline[0].label, "\x1b[1m");
    strcpy(c.followups[0].rule, "rule\x1b");
    char *text = case_text(&c);
    ck_assert_ptr_null(strchr(text, '\x1b'));
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        ck_assert_msg(*p >= 0x20 || *p == '\n', "control byte 0x%02x in output", *p);
    ck_assert_ptr_nonnull(strstr(text, "[31mJane"));
    free(text);
    case_detail_done(&c);
}
END_TEST

/* A direction override or isolate that reached the database some other way (input refuses
 * them) turns the words around it in any document; every summary neutralises it, as the
 * terminal does. */
START_TEST(test_case_summaries_neutralise_direction_overrides)
{
    static const char *const bidi[] = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                       "\u2066", "\u2067", "\u2068", "\u2069"};
    struct case_detail c;
    make_case(&c);
    strcpy(c.victim.name, "Mal\u202elory");
    strcpy(c.facts.location, "Cell \u2067 4 \u2069 yard");
    strcpy(c.facts.summary, "\u202dHe said \u202b\u05e9\u05dc\u05d5\u05dd\u202c\nsecond line");
    strcpy(c.roles[CROLE_INVESTIGATOR].name, "\u202aInvestigator\u2066\u2068");
    void (*const writers[])(FILE *, const struct case_detail *,
                            oph_time) = {export_case_md, export_case_html_body, export_case_text};
    for (size_t w = 0; w < sizeof writers / sizeof *writers; w++) {
        struct capture cap;
        writers[w](capture_open(&cap), &c, NOW_T);
        const char *out = capture_close(&cap);
        for (size_t i = 0; i < sizeof bidi / sizeof *bidi; i++)
            ck_assert_msg(!strstr(out, bidi[i]), "writer %zu: U+%04X in the output", w,
                          0x202a + (unsigned)i);
        ck_assert_msg(strstr(out, "Mal\ufffdlory"), "writer %zu: no U+FFFD in its place", w);
        ck_assert_msg(strstr(out, "\u05e9\u05dc\u05d5\u05dd"), "writer %zu: the Hebrew is kept", w);
        free(cap.buf);
    }
    case_detail_done(&c);
}
END_TEST

/* ---- redaction ---------------------------------------------------------------------- */

static const char KEY_A[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static const char KEY_B[] = "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

START_TEST(test_redactor_key)
{
    struct redactor r;
    ck_assert_int_eq(redactor_init(&r, KEY_A, 5), 0);
    ck_assert(r.on);
    ck_assert_int_eq(r.key[31], 0x1f);
    ck_assert_int_eq(redactor_init(&r, "00", 5), -1);
    ck_assert(!r.on);
    ck_assert_int_eq(redactor_init(&r, NULL, 5), -1);
    char bad[sizeof KEY_A];
    strcpy(bad, KEY_A);
    bad[10] = 'g';
    ck_assert_int_eq(redactor_init(&r, bad, 5), -1);
}
END_TEST

START_TEST(test_pseudonyms_stable_and_keyed)
{
    struct redactor a, b;
    ck_assert_int_eq(redactor_init(&a, KEY_A, 5), 0);
    ck_assert_int_eq(redactor_init(&b, KEY_B, 5), 0);
    char p1[PSEUDONYM_SIZE], p2[PSEUDONYM_SIZE], p3[PSEUDONYM_SIZE], q[PSEUDONYM_SIZE];
    redact_pseudonym(&a, "1234", p1);
    redact_pseudonym(&a, "1234", p2);
    redact_pseudonym(&a, "1235", p3);
    redact_pseudonym(&b, "1234", q);
    ck_assert_str_eq(p1, p2); /* the same person reads the same every time */
    ck_assert_str_ne(p1, p3); /* different people differ */
    ck_assert_str_ne(p1, q);  /* another database's key gives another pseudonym */
    ck_assert_uint_eq(strlen(p1), 10);
    ck_assert(strncmp(p1, "P-", 2) == 0);
    ck_assert_uint_eq(strspn(p1 + 2, "0123456789ABCDEF"), 8);
    redact_pseudonym(&a, "", q);
    ck_assert_str_eq(q, "");
}
END_TEST

START_TEST(test_redact_case_drops_names_and_text)
{
    struct case_detail c;
    make_case(&c);
    struct redactor r;
    ck_assert_int_eq(redactor_init(&r, KEY_A, 5), 0);
    char victim[PSEUDONYM_SIZE], investigator[PSEUDONYM_SIZE];
    redact_pseudonym(&r, "1234", victim);
    redact_pseudonym(&r, "5678", investigator);
    redact_case(&r, &c);
    ck_assert_str_eq(c.victim.name, victim);
    ck_assert_str_eq(c.victim.number, victim);
    ck_assert_str_eq(c.facts.victim_number, victim);
    ck_assert_str_eq(c.roles[CROLE_INVESTIGATOR].name, investigator);
    ck_assert_str_eq(c.roles[CROLE_INVESTIGATOR].number, investigator);
    ck_assert(!c.roles[CROLE_WELFARE_OFFICER].set);
    ck_assert_str_eq(c.roles[CROLE_WELFARE_OFFICER].number, "");
    ck_assert_str_eq(c.facts.summary, "");
    ck_assert_str_eq(c.facts.location, "");
    ck_assert_str_eq(c.facts.crime_reference, "");
    ck_assert_str_eq(c.steps[STEP_SLT].reason, "");
    ck_assert_str_eq(c.steps[STEP_CRIME].done_by, "");
    ck_assert_str_eq(c.evidence[0].ref, "");
    ck_assert_str_eq(c.timeline[0].text, "");
    /* Structure stays: kinds, statuses, times, the reference. */
    ck_assert_str_eq(c.reference, "OPH-2026-00001");
    ck_assert_int_eq(c.facts.location_kind, LOC_STREET);
    ck_assert_int_eq(c.steps[STEP_SLT].status, STATUS_NA);
    ck_assert_str_eq(c.timeline[0].label, "phone");
    case_detail_done(&c);

    /* Off (or no redactor) leaves the case alone. */
    make_case(&c);
    struct redactor off = {.on = false};
    redact_case(&off, &c);
    redact_case(NULL, &c);
    ck_assert_str_eq(c.victim.name, "Jane Smith");
    case_detail_done(&c);
}
END_TEST

START_TEST(test_small_counts_suppressed)
{
    struct redactor r;
    ck_assert_int_eq(redactor_init(&r, KEY_A, 5), 0);
    ck_assert(!redact_suppressed(&r, 0));
    ck_assert(redact_suppressed(&r, 1));
    ck_assert(redact_suppressed(&r, 4));
    ck_assert(!redact_suppressed(&r, 5));
    r.suppress_below = 10;
    ck_assert(redact_suppressed(&r, 9));
    r.on = false;
    ck_assert(!redact_suppressed(&r, 1));
    ck_assert(!redact_suppressed(NULL, 1));
}
END_TEST

/* ---- output files ------------------------------------------------------------------- */

static char out_dir[64];

static void out_setup(void)
{
    strcpy(out_dir, "/tmp/ophamp-out-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(out_dir));
}

static void out_teardown(void)
{
    rm_tree(out_dir);
}

static int entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
    closedir(d);
    return n;
}

static void slurp(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t got = fread(buf, 1, n - 1, f);
    buf[got] = '\0';
    fclose(f);
}

START_TEST(test_outfile_written_whole_and_private)
{
    char path[128], buf[64];
    snprintf(path, sizeof path, "%s/report.csv", out_dir);
    struct out_file o;
    EXPECT_OK(out_open(&o, path, false, NULL, &err));
    fputs("a,b\n", o.fp);
    /* Nothing at the name until the export is complete. */
    ck_assert_int_eq(access(path, F_OK), -1);
    EXPECT_OK(out_commit(&o, &err));
    slurp(path, buf, sizeof buf);
    ck_assert_str_eq(buf, "a,b\n");
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_uint_eq(sb.st_mode & 0777, 0600);
    ck_assert_int_eq(entries(out_dir), 1); /* no temporary file left */
}
END_TEST

START_TEST(test_outfile_refuses_overwrite_without_force)
{
    char path[128], buf[64];
    snprintf(path, sizeof path, "%s/x.html", out_dir);
    FILE *f = fopen(path, "w");
    fputs("keep", f);
    fclose(f);
    struct out_file o;
    EXPECT_FAIL(out_open(&o, path, false, NULL, &err), OPH_REFUSED, "--force");
    slurp(path, buf, sizeof buf);
    ck_assert_str_eq(buf, "keep");
    EXPECT_OK(out_open(&o, path, true, NULL, &err));
    fputs("new", o.fp);
    EXPECT_OK(out_commit(&o, &err));
    slurp(path, buf, sizeof buf);
    ck_assert_str_eq(buf, "new");
    ck_assert_int_eq(entries(out_dir), 1);

    /* A file made at the name while the export ran is not clobbered either. */
    char late[128];
    snprintf(late, sizeof late, "%s/late.csv", out_dir);
    EXPECT_OK(out_open(&o, late, false, NULL, &err));
    fputs("export", o.fp);
    f = fopen(late, "w");
    fputs("someone else", f);
    fclose(f);
    EXPECT_FAIL(out_commit(&o, &err), OPH_REFUSED, "already exists");
    slurp(late, buf, sizeof buf);
    ck_assert_str_eq(buf, "someone else");
    ck_assert_int_eq(entries(out_dir), 2);
}
END_TEST

START_TEST(test_outfile_bad_places)
{
    struct out_file o;
    EXPECT_FAIL(out_open(&o, out_dir, true, NULL, &err), OPH_INVALID, "folder");
    char path[160];
    snprintf(path, sizeof path, "%s/no/such/folder/x.csv", out_dir);
    EXPECT_FAIL(out_open(&o, path, false, NULL, &err), OPH_DB, "no/such/folder/x.csv");
    EXPECT_FAIL(out_open(&o, "", false, NULL, &err), OPH_INVALID, "empty");
    /* An abandoned export leaves nothing behind. */
    snprintf(path, sizeof path, "%s/gone.csv", out_dir);
    EXPECT_OK(out_open(&o, path, false, NULL, &err));
    fputs("half", o.fp);
    out_abort(&o);
    ck_assert_int_eq(entries(out_dir), 0);
    /* stdout: "-" and NULL */
    EXPECT_OK(out_open(&o, "-", false, NULL, &err));
    ck_assert(o.to_stdout && o.fp == stdout);
    EXPECT_OK(out_commit(&o, &err));
}
END_TEST

/* An output is never the database or a file SQLite keeps beside it, whatever name it is given,
 * and --force does not change that. */
START_TEST(test_outfile_never_the_database)
{
    char db[128], path[256], cwd[4096];
    snprintf(db, sizeof db, "%s/ophamp.db", out_dir);
    FILE *f = fopen(db, "w");
    ck_assert_ptr_nonnull(f);
    fputs("the database", f);
    fclose(f);
    struct out_file o;
    /* the file itself, by its name, another relative path, a symbolic link, a hard link */
    EXPECT_FAIL(out_open(&o, db, true, db, &err), OPH_DB, "the database itself");
    snprintf(path, sizeof path, "%s/../%s/ophamp.db", out_dir, strrchr(out_dir, '/') + 1);
    EXPECT_FAIL(out_open(&o, path, true, db, &err), OPH_DB, "the database itself");
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(out_dir), 0);
    EXPECT_FAIL(out_open(&o, "./ophamp.db", true, db, &err), OPH_DB, "the database itself");
    EXPECT_FAIL(out_open(&o, "ophamp.db-wal", true, db, &err), OPH_DB, "write-ahead log");
    ck_assert_int_eq(chdir(cwd), 0);
    snprintf(path, sizeof path, "%s/link.md", out_dir);
    ck_assert_int_eq(symlink("ophamp.db", path), 0);
    EXPECT_FAIL(out_open(&o, path, true, db, &err), OPH_DB, "the database itself");
    snprintf(path, sizeof path, "%s/second.md", out_dir);
    ck_assert_int_eq(link(db, path), 0);
    EXPECT_FAIL(out_open(&o, path, false, db, &err), OPH_DB, "the database itself");
    /* its companions, there (by what they are) or not yet (by name, in its folder) */
    static const char *const sides[][2] = {{"-wal", "write-ahead log"},
                                           {"-shm", "shared-memory index"},
                                           {"-journal", "rollback journal"}};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", db, sides[i][0]);
        EXPECT_FAIL(out_open(&o, path, true, db, &err), OPH_DB, sides[i][1]);
        f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fclose(f);
        EXPECT_FAIL(out_open(&o, path, true, db, &err), OPH_DB, sides[i][1]);
        char other[300];
        snprintf(other, sizeof other, "%s/link%s", out_dir, sides[i][0]);
        ck_assert_int_eq(symlink(path, other), 0);
        EXPECT_FAIL(out_open(&o, other, true, db, &err), OPH_DB, sides[i][1]);
    }
    /* nothing was written, no temporary file left: the database, its 3 companions, 5 links */
    char buf[64];
    slurp(db, buf, sizeof buf);
    ck_assert_str_eq(buf, "the database");
    ck_assert_int_eq(entries(out_dir), 9);
    /* a name that only starts like the database's is another file */
    snprintf(path, sizeof path, "%s/ophamp.db-wal.md", out_dir);
    EXPECT_OK(out_open(&o, path, false, db, &err));
    EXPECT_OK(out_commit(&o, &err));
    /* standard output sent to the database ("ophamp case list >> ophamp.db") */
    int saved = dup(STDOUT_FILENO), fd = open(db, O_WRONLY | O_APPEND);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
    int rc = out_open(&o, "-", false, db, &err);
    dup2(saved, STDOUT_FILENO);
    close(fd);
    close(saved);
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strstr(err.msg, "standard output is the database itself"), "%s", err.msg);
    EXPECT_OK(out_refuse_database("-", db, &err)); /* stdout is not a file here */
}
END_TEST

static Suite *export_suite(void)
{
    Suite *s = suite_create("export");
    TCase *tc = tcase_new(s, "json writer");
    tcase_add_test(tc, test_compact_layout);
    tcase_add_test(tc, test_pretty_layout);
    tcase_add_test(tc, test_escaping);
    tcase_add_test(tc, test_escaped_key);
    tcase_add_test(tc, test_times);
    tc = tcase_new(s, "case json");
    tcase_add_test(tc, test_case_json_fields);
    tcase_add_test(tc, test_case_json_parses);
    tcase_add_test(tc, test_case_json_closed);
    tc = tcase_new(s, "case text");
    tcase_add_test(tc, test_case_text_summary);
    tcase_add_test(tc, test_case_text_neutralises);
    tcase_add_test(tc, test_case_summaries_neutralise_direction_overrides);
    tc = tcase_new(s, "redaction");
    tcase_add_test(tc, test_redactor_key);
    tcase_add_test(tc, test_pseudonyms_stable_and_keyed);
    tcase_add_test(tc, test_redact_case_drops_names_and_text);
    tcase_add_test(tc, test_small_counts_suppressed);
    tc = tcase_new(s, "output files");
    tcase_add_checked_fixture(tc, out_setup, out_teardown);
    tcase_add_test(tc, test_outfile_written_whole_and_private);
    tcase_add_test(tc, test_outfile_refuses_overwrite_without_force);
    tcase_add_test(tc, test_outfile_bad_places);
    tcase_add_test(tc, test_outfile_never_the_database);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(export_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
