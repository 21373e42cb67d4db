/* Unit tests for the CSV writer (csv.c) and the iCalendar writer (ics.c): quoting, the
 * formula neutralisation, TEXT escaping, folding at 75 octets without splitting a UTF-8
 * character, and neutralised control characters. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_support.h"
#include "ophamp/csv.h"
#include "ophamp/ics.h"
#include "ophamp/text.h"

/* One CSV row of the given fields, as written. */
static char *csv_row(const char *const *fields, int n)
{
    struct capture c;
    FILE *f = capture_open(&c);
    for (int i = 0; i < n; i++)
        csv_field(f, fields[i], i == n - 1);
    capture_close(&c);
    return c.buf;
}

START_TEST(csv_plain_fields_are_bare_and_rows_end_crlf)
{
    const char *fields[] = {"OPH-2026-00001", "", NULL, "2026-04-08 10:00", "caf\xC3\xA9"};
    char *row = csv_row(fields, 5);
    ck_assert_str_eq(row, "OPH-2026-00001,,,2026-04-08 10:00,caf\xC3\xA9\r\n");
    free(row);
}
END_TEST

START_TEST(csv_quotes_commas_quotes_and_line_breaks)
{
    const char *fields[] = {"a,b", "say \"hi\"", "one\ntwo", "cr\rhere", "\"", "tab\tinside"};
    char *row = csv_row(fields, 6);
    ck_assert_str_eq(row, "\"a,b\",\"say \"\"hi\"\"\",\"one\ntwo\",\"cr\rhere\",\"\"\"\","
                          "tab\tinside\r\n");
    free(row);
}
END_TEST

START_TEST(csv_neutralises_formula_starts)
{
    const char *fields[] = {"=1+2", "+44", "-2", "@SUM(A1)", "\tx", "\rx", "a=b", "5-3"};
    char *row = csv_row(fields, 8);
    ck_assert_str_eq(row, "'=1+2,'+44,'-2,'@SUM(A1),'\tx,\"'\rx\",a=b,5-3\r\n");
    free(row);
    /* A text that itself starts with an apostrophe gets one more, so that the one import
     * takes off is never its own: '=x stays '=x, 'quoted' stays 'quoted'. */
    const char *apostrophes[] = {"'=x", "'quoted'", "''", "'", "a'b"};
    row = csv_row(apostrophes, 5);
    ck_assert_str_eq(row, "''=x,''quoted',''','',a'b\r\n");
    free(row);
    const char *quoted[] = {"=HYPERLINK(\"http://x\",\"y\")"};
    row = csv_row(quoted, 1);
    ck_assert_str_eq(row, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
    free(row);
    ck_assert(csv_needs_neutralising("-", 1));
    ck_assert(!csv_needs_neutralising("", 0));
    ck_assert(!csv_needs_neutralising(NULL, 0));
}
END_TEST

START_TEST(csv_field_n_keeps_its_length)
{
    struct capture c;
    FILE *f = capture_open(&c);
    csv_field_n(f, "abcdef", 3, true);
    capture_close(&c);
    ck_assert_str_eq(c.buf, "abc\r\n");
    free(c.buf);
}
END_TEST

/* Undoes RFC 5545 folding: CRLF followed by a space goes. */
static char *unfold(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (const char *p = s; *p;) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p += 3;
            continue;
        }
        *o++ = *p++;
    }
    *o = '\0';
    return out;
}

/* Every physical line ends CRLF, is at most 75 octets, and is valid UTF-8 by itself. */
static void check_lines(const char *s)
{
    const char *p = s;
    while (*p) {
        const char *end = strstr(p, "\r\n");
        ck_assert_msg(end != NULL, "a line without CRLF: %s", p);
        size_t len = (size_t)(end - p);
        ck_assert_msg(len <= ICS_LINE_MAX, "line of %zu octets: %.*s", len, (int)len, p);
        ck_assert_msg(utf8_valid(p, len), "a fold split a character: %.*s", (int)len, p);
        ck_assert_msg(memchr(p, '\n', len) == NULL && memchr(p, '\r', len) == NULL,
                      "a bare line break");
        p = end + 2;
    }
}

static char *ics_text_line(const char *name, const char *text)
{
    struct capture c;
    struct ics_writer w = {.out = capture_open(&c)};
    ics_text(&w, name, text);
    capture_close(&c);
    return c.buf;
}

START_TEST(ics_escapes_text)
{
    char *line = ics_text_line("SUMMARY", "a\\b;c,d\ne\r\nf\rg\th");
    ck_assert_str_eq(line, "SUMMARY:a\\\\b\\;c\\,d\\ne\\nf\\ng\th\r\n");
    free(line);
}
END_TEST

START_TEST(ics_neutralises_control_characters_and_bad_utf8)
{
    /* ESC, BEL, DEL, a C1 (U+0085), a right-to-left override, a stray continuation byte. */
    char *line = ics_text_line("X", "a\x1b[1m\x07\x7f\xC2\x85\xE2\x80\xAE\x80z");
    ck_assert_str_eq(line, "X:a\xEF\xBF\xBD[1m\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                           "\xEF\xBF\xBDz\r\n");
    free(line);
}
END_TEST

START_TEST(ics_folds_at_75_octets_between_characters)
{
    /* Long runs of 1-, 2-, 3- and 4-byte characters at every alignment. */
    static const char *const units[] = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x91\xAE", ","};
    for (int u = 0; u < 5; u++)
        for (int shift = 0; shift < 4; shift++) {
            char text[1200] = "";
            for (int i = 0; i < shift; i++)
                strcat(text, "x");
            for (int i = 0; i < 200; i++)
                strcat(text, units[u]);
            char *line = ics_text_line("DESCRIPTION", text);
            check_lines(line);
            char *flat = unfold(line);
            char want[1300];
            /* a comma is escaped: with its backslash it still never splits */
            if (u == 4) {
                char *o = want + sprintf(want, "DESCRIPTION:");
                for (int i = 0; i < shift; i++)
                    *o++ = 'x';
                for (int i = 0; i < 200; i++)
                    o += sprintf(o, "\\,");
                strcpy(o, "\r\n");
            } else {
                snprintf(want, sizeof want, "DESCRIPTION:%s\r\n", text);
            }
            ck_assert_str_eq(flat, want);
            if (u == 4) {
                /* no line ends between a backslash and what it escapes */
                for (const char *p = strstr(line, "\\\r\n"); p; p = strstr(p + 1, "\\\r\n"))
                    ck_abort_msg("a fold inside an escape");
            }
            free(flat);
            free(line);
        }
}
END_TEST

START_TEST(ics_exactly_75_octets_is_not_folded)
{
    char text[80];
    memset(text, 'a', 73);
    text[73] = '\0';
    char *line = ics_text_line("X", text); /* "X:" + 73 = 75 */
    ck_assert_uint_eq(strlen(line), 77);
    free(line);
    text[73] = 'a';
    text[74] = '\0';
    line = ics_text_line("X", text);
    ck_assert_str_eq(line + 75, "\r\n a\r\n");
    free(line);
}
END_TEST

START_TEST(ics_time_is_utc_basic_form)
{
    char out[17];
    ics_format_time(T("2026-04-08 10:00"), out); /* BST */
    ck_assert_str_eq(out, "20260408T090000Z");
    ics_format_time(T("2026-01-15 18:30"), out);
    ck_assert_str_eq(out, "20260115T183000Z");
}
END_TEST

START_TEST(ics_event_has_stable_uid_and_every_part)
{
    struct capture c;
    struct ics_writer w;
    ics_begin(&w, capture_open(&c), T("2026-04-08 10:00"));
    struct ics_due d = {.reference = "OPH-2026-00012",
                        .uuid = "0b5c3f3e-8d0c-4c5e-9a51-2f1f1d7c9e01",
                        .kind = DUE_FOLLOWUP,
                        .item_id = 42,
                        .key = "welfare-72h",
                        .label = "follow-up welfare-72h #42",
                        .rule_description = "Welfare follow-up: trauma risk check",
                        .due_at = T("2026-04-11 10:00"),
                        .victim = "Jo Bloggs (1001)",
                        .location = "High Street, Leeds"};
    ics_due_event(&w, &d);
    d.kind = DUE_STEP;
    d.key = "victim-code";
    d.location = NULL;
    d.victim = NULL;
    ics_due_event(&w, &d);
    ics_end(&w);
    capture_close(&c);
    check_lines(c.buf);
    char *flat = unfold(c.buf);
    static const char *const want[] = {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ophamp//ophamp ",
        "\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
        "BEGIN:VEVENT\r\nUID:0b5c3f3e-8d0c-4c5e-9a51-2f1f1d7c9e01-followup-42@ophamp\r\n"
        "DTSTAMP:20260408T090000Z\r\nDTSTART:20260411T090000Z\r\nDURATION:PT15M\r\n"
        "SUMMARY:OPH-2026-00012: Welfare follow-up: trauma risk check\r\n",
        "\\nVictim: Jo Bloggs (1001)\\nLocation: High Street\\, Leeds\r\n",
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:OPH-2026-00012: Welfare follow-up: "
        "trauma risk check\r\nTRIGGER:-PT1H\r\nEND:VALARM\r\nEND:VEVENT\r\n",
        "UID:0b5c3f3e-8d0c-4c5e-9a51-2f1f1d7c9e01-step-victim-code@ophamp\r\n",
        "END:VEVENT\r\nEND:VCALENDAR\r\n"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(strstr(flat, want[i]) != NULL, "missing %s in\n%s", want[i], flat);
    const char *second = strstr(flat, "step-victim-code");
    ck_assert_ptr_null(strstr(second, "Victim:"));
    ck_assert_ptr_null(strstr(second, "Location:"));
    free(flat);
    free(c.buf);
}
END_TEST

static Suite *csv_ics_suite(void)
{
    Suite *s = suite_create("csv_ics");
    TCase *tc = tcase_new(s, "csv");
    tcase_add_test(tc, csv_plain_fields_are_bare_and_rows_end_crlf);
    tcase_add_test(tc, csv_quotes_commas_quotes_and_line_breaks);
    tcase_add_test(tc, csv_neutralises_formula_starts);
    tcase_add_test(tc, csv_field_n_keeps_its_length);
    tc = tcase_new(s, "ics");
    tcase_add_test(tc, ics_escapes_text);
    tcase_add_test(tc, ics_neutralises_control_characters_and_bad_utf8);
    tcase_add_test(tc, ics_folds_at_75_octets_between_characters);
    tcase_add_test(tc, ics_exactly_75_octets_is_not_folded);
    tcase_add_test(tc, ics_time_is_utc_basic_form);
    tcase_add_test(tc, ics_event_has_stable_uid_and_every_part);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(csv_ics_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
