/* People, due-time rules and bank-holiday changes in the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

void store_person_from_row(sqlite3_stmt *s, struct person *p)
{
    p->id = sqlite3_column_int64(s, 0);
    col_text(s, 1, p->name, sizeof p->name);
    col_text(s, 2, p->number, sizeof p->number);
    int role = col_vocab(s, 3, &VOCAB_PERSON_ROLE);
    p->role = role < 0 ? ROLE_OFFICER : (enum person_role)role;
    col_text(s, 4, p->rank, sizeof p->rank);
    col_text(s, 5, p->team, sizeof p->team);
}

int store_person_insert(struct store *st, struct person *p, oph_time now, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_PERSON_INSERT,
                                 "INSERT INTO people(name, number, role, rank, team, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?)",
                                 err);
    if (!s)
        return -1;
    bind_text(s, 1, p->name);
    bind_text(s, 2, p->number);
    bind_vocab(s, 3, &VOCAB_PERSON_ROLE, (int)p->role);
    bind_text(s, 4, p->rank);
    bind_text(s, 5, p->team);
    sqlite3_bind_int64(s, 6, now);
    if (store_exec_stmt(st, s, err, "adding a person"))
        return -1;
    p->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_person_update(struct store *st, const struct person *p, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_PERSON_UPDATE,
                                 "UPDATE people SET name = ?, number = ?, role = ?, rank = ?, "
                                 "team = ? WHERE id = ?",
                                 err);
    if (!s)
        return -1;
    bind_text(s, 1, p->name);
    bind_text(s, 2, p->number);
    bind_vocab(s, 3, &VOCAB_PERSON_ROLE, (int)p->role);
    bind_text(s, 4, p->rank);
    bind_text(s, 5, p->team);
    sqlite3_bind_int64(s, 6, p->id);
    return store_exec_stmt(st, s, err, "changing a person");
}

#define PERSON_COLS "id, name, number, role, rank, team"

int store_person_by_number(struct store *st, const char *number, struct person *out,
                           struct oph_error *err)
{
    /* Staff numbers are the same whatever the case of their letters: the number as typed
     * first (the unique index: a file holding two from before that rule finds the one
     * typed), then without case (the index people_number_nocase). */
    sqlite3_stmt *s =
        store_stmt(st, Q_PERSON_BY_NUMBER,
                   "SELECT " PERSON_COLS " FROM people WHERE number = ?1 "
                   "UNION ALL SELECT * FROM (SELECT " PERSON_COLS " FROM people "
                   "WHERE number = ?1 COLLATE NOCASE ORDER BY id LIMIT 1) LIMIT 1",
                   err);
    if (!s)
        return -1;
    bind_text(s, 1, number);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        store_person_from_row(s, out);
        sqlite3_reset(s);
        return 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "finding a person");
}

int store_person_list(struct store *st, const char *search, int limit, person_cb cb, void *ctx,
                      struct oph_error *err)
{
    sqlite3_stmt *s;
    if (search && *search) {
        s = store_stmt(st, Q_PERSON_SEARCH,
                       "SELECT " PERSON_COLS " FROM people "
                       "WHERE instr(lower(name), lower(?1)) OR instr(lower(number), lower(?1)) "
                       "OR instr(lower(team), lower(?1)) ORDER BY name COLLATE NOCASE, number "
                       "LIMIT ?2",
                       err);
        if (s)
            bind_text(s, 1, search);
    } else {
        s = store_stmt(st, Q_PERSON_LIST,
                       "SELECT " PERSON_COLS " FROM people ORDER BY name COLLATE NOCASE, number "
                       "LIMIT ?2",
                       err);
    }
    if (!s)
        return -1;
    sqlite3_bind_int(s, 2, limit > 0 ? limit : -1);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct person p;
        store_person_from_row(s, &p);
        if (cb(ctx, &p))
            break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "listing people");
}

/* ---- rules --------------------------------------------------------------------------- */

int store_rules_load(struct store *st, struct rule_set *out, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_RULES_LOAD,
        "SELECT key, description, amount, unit, base, starts, removed_at FROM rules ORDER BY rowid",
        err);
    if (!s)
        return -1;
    out->n = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && out->n < RULES_MAX) {
        struct rule *r = &out->rules[out->n];
        col_text(s, 0, r->key, sizeof r->key);
        col_text(s, 1, r->description, sizeof r->description);
        r->amount = sqlite3_column_int(s, 2);
        int unit = col_vocab(s, 3, &VOCAB_UNIT), base = col_vocab(s, 4, &VOCAB_BASE);
        if (unit < 0 || base < 0)
            continue; /* the CHECK constraints make this unreachable */
        r->unit = (enum rule_unit)unit;
        r->base = (enum rule_base)base;
        r->starts = col_vocab(s, 5, &VOCAB_RULE_START);
        r->removed_at = col_time(s, 6);
        out->n++;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, rc, err, "reading rules");
}

int store_rule_update(struct store *st, const struct rule *r, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_RULE_UPDATE, "UPDATE rules SET amount = ?, unit = ?, base = ? WHERE key = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_int(s, 1, r->amount);
    bind_vocab(s, 2, &VOCAB_UNIT, (int)r->unit);
    bind_vocab(s, 3, &VOCAB_BASE, (int)r->base);
    bind_text(s, 4, r->key);
    return store_exec_stmt(st, s, err, "changing a rule");
}

int store_rule_insert(struct store *st, const struct rule *r, struct oph_error *err)
{
    /* A force's rule added again after its removal takes its place (its key is referenced by
     * the follow-ups it raised before). */
    sqlite3_stmt *s = store_stmt(st, Q_RULE_INSERT,
                                 "INSERT INTO rules(key, description, amount, unit, base, starts, "
                                 "removed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL) "
                                 "ON CONFLICT(key) DO UPDATE SET description = ?2, amount = ?3, "
                                 "unit = ?4, base = ?5, starts = ?6, removed_at = NULL "
                                 "WHERE rules.starts IS NOT NULL AND rules.removed_at IS NOT NULL",
                                 err);
    if (!s)
        return -1;
    bind_text(s, 1, r->key);
    bind_text(s, 2, r->description);
    sqlite3_bind_int(s, 3, r->amount);
    bind_vocab(s, 4, &VOCAB_UNIT, (int)r->unit);
    bind_vocab(s, 5, &VOCAB_BASE, (int)r->base);
    bind_vocab(s, 6, &VOCAB_RULE_START, r->starts);
    return store_exec_stmt(st, s, err, "adding a rule");
}

int store_rule_remove(struct store *st, const char *key, oph_time at, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(st, Q_RULE_REMOVE,
                                 "UPDATE rules SET removed_at = ? WHERE key = ? AND starts IS NOT "
                                 "NULL AND removed_at IS NULL",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, at);
    bind_text(s, 2, key);
    return store_exec_stmt(st, s, err, "removing a rule");
}

/* ---- bank-holiday changes ------------------------------------------------------------ */

int store_holiday_list(struct store *st, holiday_cb cb, void *ctx, struct oph_error *err)
{
    sqlite3_stmt *s = store_stmt(
        st, Q_HOLIDAYS_LOAD, "SELECT date, change, note FROM bank_holiday_changes ORDER BY date",
        err);
    if (!s)
        return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct oph_date d;
        const char *text = (const char *)sqlite3_column_text(s, 0);
        const char *note = (const char *)sqlite3_column_text(s, 2);
        if (!text || date_parse(text, &d, NULL) != 0)
            continue;
        enum holiday_change c = strcmp((const char *)sqlite3_column_text(s, 1), "add") == 0
                                    ? HOLIDAY_ADD
                                    : HOLIDAY_REMOVE;
        if (cb(ctx, d, c, note ? note : ""))
            break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
                                                 : store_fail(st, rc, err, "reading holidays");
}

struct holiday_vec {
    struct holiday_override *v;
    size_t n, cap;
};

static int collect_holiday(void *ctx, struct oph_date d, enum holiday_change c, const char *note)
{
    (void)note;
    struct holiday_vec *hv = ctx;
    if (hv->n == hv->cap) {
        size_t cap = hv->cap ? hv->cap * 2 : 16;
        struct holiday_override *grown = realloc(hv->v, cap * sizeof *grown);
        if (!grown)
            return 1;
        hv->v = grown;
        hv->cap = cap;
    }
    hv->v[hv->n++] = (struct holiday_override){d, c};
    return 0;
}

int store_holidays_load(struct store *st, struct holiday_override **out, size_t *n,
                        struct oph_error *err)
{
    struct holiday_vec hv = {0};
    if (store_holiday_list(st, collect_holiday, &hv, err)) {
        free(hv.v);
        return -1;
    }
    *out = hv.v;
    *n = hv.n;
    return 0;
}

static void format_date(struct oph_date d, char buf[16])
{
    snprintf(buf, 16, "%04d-%02d-%02d", d.year % 10000, d.month % 100, d.day % 100);
}

int store_holiday_set(struct store *st, struct oph_date d, enum holiday_change c,
                      const char *note, struct oph_error *err)
{
    char date[16];
    format_date(d, date);
    sqlite3_stmt *s = store_stmt(st, Q_HOLIDAY_SET,
                                 "INSERT INTO bank_holiday_changes(date, change, note) "
                                 "VALUES (?, ?, ?) ON CONFLICT(date) DO UPDATE "
                                 "SET change = excluded.change, note = excluded.note",
                                 err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, c == HOLIDAY_ADD ? "add" : "remove", -1, SQLITE_STATIC);
    bind_text(s, 3, note);
    return store_exec_stmt(st, s, err, "saving a bank holiday");
}

int store_holiday_delete(struct store *st, struct oph_date d, struct oph_error *err)
{
    char date[16];
    format_date(d, date);
    sqlite3_stmt *s =
        store_stmt(st, Q_HOLIDAY_DELETE, "DELETE FROM bank_holiday_changes WHERE date = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, date, -1, SQLITE_TRANSIENT);
    if (store_exec_stmt(st, s, err, "removing a bank holiday change"))
        return -1;
    return sqlite3_changes(st->db) > 0 ? 0 : oph_fail(err, OPH_REFUSED,
                                                      "no bank holiday change on %s", date);
}
