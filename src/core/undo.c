/* Undo's rules and words: which actions may be taken back by what they are, the name an undo
 * takes in the log, and a row change as a person reads it. */
#include "ophamp/undo.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/calendar.h"
#include "ophamp/flatjson.h"
#include "ophamp/text.h"

#define UNDO_PREFIX "undo "

const char *undo_refusal(int64_t actor_id, const char *what, int64_t n_changes)
{
    if (actor_id == 0)
        return "it is the program's own (creating or upgrading the file), not a person's";
    if (undo_target(what) > 0)
        return "it is itself an undo: what it took back stays taken back (do it again if it "
               "was right after all)";
    if (strcmp(what, "whoami") == 0)
        return "naming who you are is not taken back: name yourself again with whoami";
    if (strncmp(what, "demo ", 5) == 0)
        return "demo data is not taken back one action at a time: it lives in a database of "
               "its own, which can be deleted whole";
    if (n_changes <= 0)
        return "it changed no row of the cases, people, rules or settings";
    return NULL;
}

const char *undo_change_refusal(const char *tbl, const char *op)
{
    if (strcmp(tbl, "cases") == 0 && strcmp(op, "insert") == 0)
        return "a case is never deleted (the log keeps every case): mark its steps not "
               "applicable and close it, saying in the closing note that it was logged in "
               "error";
    if (strcmp(tbl, "cases") == 0 && strcmp(op, "delete") == 0)
        return "cases are never deleted, so none is put back";
    return NULL;
}

bool undo_passes_over(const char *what)
{
    return undo_target(what) > 0 || strcmp(what, "whoami") == 0;
}

void undo_what(int64_t action_id, const char *what, char *out, size_t n)
{
    snprintf(out, n, UNDO_PREFIX "%" PRId64 " (%s)", action_id, what);
}

int64_t undo_target(const char *what)
{
    if (strncmp(what, UNDO_PREFIX, strlen(UNDO_PREFIX)) != 0)
        return 0;
    const char *p = what + strlen(UNDO_PREFIX);
    if (*p < '1' || *p > '9')
        return 0;
    char *end;
    long long id = strtoll(p, &end, 10);
    return (*end == '\0' || *end == ' ') && id > 0 ? (int64_t)id : 0;
}

/* ---- a row change in words ----------------------------------------------------------- */

/* The member `key` of json as text ("" when there is none or it is null). */
static void member_text(const char *json, const char *key, char *out, size_t n)
{
    struct fj_member m;
    out[0] = '\0';
    if (json && fj_find(json, strlen(json), key, &m) && !fj_is_null(&m))
        fj_text(&m, out, n);
}

/* A time column ("done_at", "at"): its value is seconds since 1970. */
static bool is_time(const char *key, size_t len)
{
    return (len == 2 && memcmp(key, "at", 2) == 0) ||
           (len > 3 && memcmp(key + len - 3, "_at", 3) == 0);
}

/* A value as a person reads it: "—" for none, a time in London time, text cut to 40
 * characters. */
static void value_words(const char *key, size_t key_len, const struct fj_member *m, char *out,
                        size_t n)
{
    if (!m || fj_is_null(m)) {
        snprintf(out, n, "\u2014");
        return;
    }
    char raw[512];
    fj_text(m, raw, sizeof raw);
    char *end;
    long long v = strtoll(raw, &end, 10);
    if (is_time(key, key_len) && *raw && *end == '\0') {
        char when[OPH_LOCAL_LEN];
        time_format_local((oph_time)v, when);
        snprintf(out, n, "%s", when);
        return;
    }
    if (utf8_length(raw) > 40) {
        text_copy_chars(out, n > 4 ? n - 3 : n, raw, 40);
        size_t len = strlen(out);
        while (len > 0 && out[len - 1] == ' ')
            out[--len] = '\0';
        strncat(out, "\u2026", n - len - 1);
        return;
    }
    text_copy(out, n, raw);
}

/* What the row is, from its values. */
static void row_words(const char *tbl, const char *json, char *out, size_t n)
{
    char a[256], b[256];
    if (strcmp(tbl, "steps") == 0) {
        member_text(json, "code", a, sizeof a);
        snprintf(out, n, "step %s", a);
    } else if (strcmp(tbl, "followups") == 0) {
        member_text(json, "rule", a, sizeof a);
        snprintf(out, n, "follow-up %s", a);
    } else if (strcmp(tbl, "evidence_items") == 0) {
        member_text(json, "kind", a, sizeof a);
        snprintf(out, n, "evidence item %s", a);
    } else if (strcmp(tbl, "welfare_contacts") == 0 || strcmp(tbl, "victim_updates") == 0 ||
               strcmp(tbl, "notes") == 0 || strcmp(tbl, "decisions") == 0) {
        struct fj_member m;
        bool has_at = json && fj_find(json, strlen(json), "at", &m);
        value_words("at", 2, has_at ? &m : NULL, b, sizeof b);
        member_text(json, "kind", a, sizeof a);
        snprintf(out, n, "%s%s%s of %s",
                 tbl[0] == 'w'   ? "welfare contact"
                 : tbl[0] == 'v' ? "victim update"
                 : tbl[0] == 'n' ? "note"
                                 : "decision",
                 a[0] ? " " : "", a, b);
    } else if (strcmp(tbl, "cases") == 0) {
        member_text(json, "reference", a, sizeof a);
        snprintf(out, n, "case %s", a);
    } else if (strcmp(tbl, "people") == 0) {
        member_text(json, "name", a, sizeof a);
        member_text(json, "number", b, sizeof b);
        snprintf(out, n, "person %s (%s)", a, b);
    } else if (strcmp(tbl, "rules") == 0 || strcmp(tbl, "settings") == 0) {
        member_text(json, "key", a, sizeof a);
        snprintf(out, n, "%s %s", tbl[0] == 'r' ? "rule" : "setting", a);
    } else if (strcmp(tbl, "bank_holiday_changes") == 0) {
        member_text(json, "date", a, sizeof a);
        snprintf(out, n, "bank holiday change %s", a);
    } else {
        snprintf(out, n, "%s row", tbl);
    }
}

void undo_describe(const char *tbl, const char *op, const char *old_json, const char *new_json,
                   char *what, size_t wn, char *how, size_t hn)
{
    row_words(tbl, new_json ? new_json : old_json, what, wn);
    how[0] = '\0';
    if (strcmp(op, "delete") == 0) {
        snprintf(how, hn, "removed");
        return;
    }
    if (strcmp(op, "insert") == 0 || !old_json || !new_json) {
        snprintf(how, hn, "put back");
        return;
    }
    size_t o = 0;
    struct fj_iter it;
    struct fj_member now;
    fj_init(&it, new_json, strlen(new_json));
    while (fj_next(&it, &now) && o + 1 < hn) {
        char key[64];
        if (now.key_len >= sizeof key)
            continue;
        memcpy(key, now.key, now.key_len);
        key[now.key_len] = '\0';
        if (strcmp(key, "id") == 0 || strcmp(key, "case_id") == 0)
            continue;
        struct fj_member was;
        bool had = fj_find(old_json, strlen(old_json), key, &was);
        if (had && was.value_len == now.value_len &&
            memcmp(was.value, now.value, now.value_len) == 0)
            continue;
        char from[256], to[256];
        value_words(key, now.key_len, had ? &was : NULL, from, sizeof from);
        value_words(key, now.key_len, &now, to, sizeof to);
        for (char *p = key; *p; p++)
            if (*p == '_')
                *p = ' ';
        o += (size_t)snprintf(how + o, hn - o, "%s%s %s \u2192 %s", o ? " \u00b7 " : "", key, from,
                              to);
    }
    if (o >= hn && hn > 4) { /* cut: say so, at a character's start */
        size_t at = hn - 4;
        while (at > 0 && ((unsigned char)how[at] & 0xC0) == 0x80)
            at--;
        snprintf(how + at, hn - at, "\u2026");
    }
    if (!how[0])
        snprintf(how, hn, "unchanged");
}
