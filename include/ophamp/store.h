/* The SQLite store: the only module that speaks SQL. Opens and migrates the database, reads
 * and writes the case record through prepared statements. Functions return 0 on success,
 * -1 on failure with err set; finders return 1 found, 0 not found, -1 error. */
#ifndef OPHAMP_STORE_H
#define OPHAMP_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "ophamp/calendar.h"
#include "ophamp/error.h"
#include "ophamp/plan.h"
#include "ophamp/record.h"

struct store;

#define STORE_SCHEMA_VERSION 4
extern const char oph_schema_sql[];

/* Where the database lives when neither --db nor OPHAMP_DB says: $XDG_DATA_HOME/ophamp/
 * ophamp.db, else ~/.local/share/ophamp/ophamp.db. Returns -1 if no home is known. */
int store_default_path(char *buf, size_t bufsz, struct oph_error *err);

/* Opens (creating if missing, with its folder 0700 and the file 0600) and migrates. A file
 * from a newer schema is refused without being written to. */
struct store *store_open(const char *path, struct oph_error *err);
void store_close(struct store *st);
/* Opens an existing database only to read it (check, backup): never creates, migrates or
 * writes to it, even when it could; any schema this program knows, older ones too (sets
 * *version, may be NULL). A missing, empty, newer or foreign file is refused. In a folder
 * that cannot be written, a file in write-ahead-log mode is read as immutable (store_open
 * does the same for files it cannot write). */
struct store *store_open_readonly(const char *path, int *version, struct oph_error *err);
/* A second, read-only connection to the database st has open, for work in another thread
 * (each connection is used by one thread only); opened the way st's was, as immutable in a
 * folder nobody may write to. Closed with store_close. */
struct store *store_open_reader(struct store *st, struct oph_error *err);
/* The path the database was opened by. */
const char *store_path(const struct store *st);
/* The operating-system user, kept beside the named person in every action of the log. */
const char *store_actor(void);

/* ---- the log of signed actions (log.c) ---------------------------------------------- */

#define LOG_HASH_HEX 64

/* An action of the log by number and hash: what a report or an export publishes. */
struct log_head {
    int64_t id;
    char hash[LOG_HASH_HEX + 1];
};

struct log_action {
    int64_t id;
    char at[32];      /* when it was saved: real time, UTC, ISO 8601 to the millisecond */
    int64_t actor_id; /* the person; 0 for the program itself (creating, upgrading the file) */
    char actor[LOG_ACTOR_MAX]; /* as shown: "Sgt Alex Morgan (2210)" */
    char os_user[64];
    char what[LOG_WHAT_MAX]; /* "step done crime" */
    int64_t case_id;         /* 0: none or several */
    char case_ref[REF_LEN + 1];
    int64_t first_change, last_change; /* its rows of log_changes (empty: last < first) */
    char prev_hash[LOG_HASH_HEX + 1], hash[LOG_HASH_HEX + 1];
};

/* One row change of an action: table, key, operation, old and new values as JSON. */
struct log_change {
    int64_t id;
    const char *tbl, *row_key, *op, *old_values, *new_values; /* NULL when none */
};

/* The person this database's user named as themselves: 1 (out filled), 0 nobody, -1. */
int store_user(struct store *st, struct person *out, struct oph_error *err);
/* Names the user (inside an action). */
int store_set_user(struct store *st, int64_t person_id, struct oph_error *err);

/* Every write is one action: begin (a transaction, or a savepoint inside one; an action begun
 * inside another is part of it), the changes, commit (which appends the action, signed and
 * chained, to the log) or rollback. Refused while nobody is named, or when the file's schema
 * is not the program's own. The program signs its own actions (creating or upgrading the
 * file) with store_action_begin_program. */
int store_action_begin(struct store *st, const char *what, struct oph_error *err);
int store_action_begin_program(struct store *st, const char *what, struct oph_error *err);
/* An action signed by someone about to be named (whoami adds and names them in one action;
 * demo data names one of its own people when nobody is named); store_action_signer gives
 * the signer's id once they are in the people table. */
int store_action_begin_as(struct store *st, const char *what, const struct person *p,
                          struct oph_error *err);
void store_action_signer(struct store *st, const struct person *p);
/* The case the open action is about (the first one named counts), or several cases. */
void store_action_case(struct store *st, int64_t case_id);
void store_action_multi_case(struct store *st);
/* An action that changes no row is not logged, unless this says it is worth a line. */
void store_action_always(struct store *st);
/* The open action's signature ("Sgt Alex Morgan (2210)"), "" outside an action. */
const char *store_action_actor(const struct store *st);
int store_action_commit(struct store *st, struct oph_error *err);
void store_action_rollback(struct store *st);

/* The log's head: its last action (id 0 when there is none). */
int store_log_head(struct store *st, struct log_head *out, struct oph_error *err);
/* Actions, newest first: every one, or a case's (case_ref); at most limit (0: all). cb's
 * non-zero return stops. */
typedef int (*log_action_cb)(void *ctx, const struct log_action *a);
int store_log_list(struct store *st, const char *case_ref, long limit, log_action_cb cb, void *ctx,
                   struct oph_error *err);
/* A loaded case's own actions (c->actions, oldest first), and who recorded each timeline
 * entry, changed each evidence item and completed each follow-up (their by_action). */
int store_case_load_log(struct store *st, struct case_detail *c, struct oph_error *err);
/* The row changes of one action, in order. */
typedef int (*log_change_cb)(void *ctx, const struct log_change *c);
int store_log_changes(struct store *st, const struct log_action *a, log_change_cb cb, void *ctx,
                      struct oph_error *err);

/* ---- undo (undo.c) ------------------------------------------------------------------- */

/* One action of the log by its number: 1 (out filled), 0 none, -1. */
int store_log_action(struct store *st, int64_t id, struct log_action *out, struct oph_error *err);
/* A person's actions, newest first, at most limit (0: all); cb's non-zero return stops. */
int store_log_list_actor(struct store *st, int64_t actor_id, long limit, log_action_cb cb,
                         void *ctx, struct oph_error *err);
/* The undo that took action a back (its signer's later action "undo N …"): *undo_id, or 0. */
int store_undone_by(struct store *st, const struct log_action *a, int64_t *undo_id,
                    struct oph_error *err);
/* The first later action (by anyone) that changed a row action a changed, leaving out actions
 * taken back since and their undos' changes of the rows they had changed: 1 with that action
 * in *by and the row (table, key), 0 when none, -1. */
int store_undo_touched_later(struct store *st, const struct log_action *a, struct log_action *by,
                             char *tbl, size_t tbl_n, char *key, size_t key_n,
                             struct oph_error *err);
/* Writes one row change of the log back the other way, inside the caller's action: a row
 * inserted is deleted, one updated gets its old values, one deleted is inserted again; each
 * only while the row is as the change left it (refused otherwise). The tables' constraints
 * and triggers apply as to any write. */
int store_undo_change(struct store *st, const char *tbl, const char *op, const char *old_json,
                      const char *new_json, struct oph_error *err);

/* The open action's number (0 when none), and the row changes it has made so far, in order
 * (read back from the log: triggers' and the engine's too). */
int64_t store_action_id(const struct store *st);
int store_action_changes(struct store *st, log_change_cb cb, void *ctx, struct oph_error *err);

/* Bulk writing (demo data): store_large_cache, and no fsync per commit, since the data can
 * be made again; a crash still leaves a consistent database (WAL). Off restores FULL. */
int store_bulk(struct store *st, bool on, struct oph_error *err);

/* A 64 MB page cache and statement journals in memory (on), or the usual 2 MB and temporary
 * files (off), for large transactions such as an import: their pages and each insert's
 * journal stay in memory instead of going to files. Durability is unchanged. SQLite reads
 * the journal setting when a transaction begins, so it is refused inside one. */
int store_large_cache(struct store *st, bool on, struct oph_error *err);

/* A setting of this database (the settings table). Returns 1 and copies the value when the
 * key is set, 0 when it is not, -1 on error. */
int store_setting(struct store *st, const char *key, char *buf, size_t bufsz,
                  struct oph_error *err);
/* Sets a setting of this database (added or replaced, inside an action; the log records it,
 * and nothing when the value is already so). Returns 0 or -1. */
int store_setting_set(struct store *st, const char *key, const char *value, struct oph_error *err);

/* The largest case id so far (0 when there are none). */
int store_case_max_id(struct store *st, int64_t *out, struct oph_error *err);
/* How many cases there are. */
int store_case_count(struct store *st, int64_t *out, struct oph_error *err);

/* Every save is one transaction: begin, the writes, commit (or rollback on any failure). */
int store_begin(struct store *st, struct oph_error *err);
int store_commit(struct store *st, struct oph_error *err);
void store_rollback(struct store *st);

/* People. */
int store_person_insert(struct store *st, struct person *p, oph_time now, struct oph_error *err);
int store_person_update(struct store *st, const struct person *p, struct oph_error *err);
int store_person_by_number(struct store *st, const char *number, struct person *out,
                           struct oph_error *err);
typedef int (*person_cb)(void *ctx, const struct person *p);
int store_person_list(struct store *st, const char *search, int limit, person_cb cb, void *ctx,
                      struct oph_error *err);

/* Rules and the bank-holiday changes. */
int store_rules_load(struct store *st, struct rule_set *out, struct oph_error *err);
int store_rule_update(struct store *st, const struct rule *r, struct oph_error *err);
/* A force's own follow-up rule (r->starts set): added, or, when one of that key was removed,
 * put back with these settings. */
int store_rule_insert(struct store *st, const struct rule *r, struct oph_error *err);
/* A force's rule removed at `at`: kept (its follow-ups refer to it), raising nothing more. */
int store_rule_remove(struct store *st, const char *key, oph_time at, struct oph_error *err);
/* Loads the one-off changes into a malloc'ed array (*out, *n); caller frees. */
int store_holidays_load(struct store *st, struct holiday_override **out, size_t *n,
                        struct oph_error *err);
int store_holiday_set(struct store *st, struct oph_date d, enum holiday_change c, const char *note,
                      struct oph_error *err);
int store_holiday_delete(struct store *st, struct oph_date d, struct oph_error *err);
typedef int (*holiday_cb)(void *ctx, struct oph_date d, enum holiday_change c, const char *note);
int store_holiday_list(struct store *st, holiday_cb cb, void *ctx, struct oph_error *err);

/* Cases. */
/* A new case's reference: the lowest number of the year that no case has (references given
 * by imports may leave gaps, or take the year's last number). Refused when all 99,999 are
 * taken. Counts the year's part of the index of references; inside one transaction later
 * calls start where the last one ended, a probe or two each. */
int store_case_next_reference(struct store *st, int year, char out[REF_LEN + 1],
                              struct oph_error *err);
/* The same, the lowest free number at or above `from` (an import skips the numbers its own
 * rows give). */
int store_case_free_reference(struct store *st, int year, int from, char out[REF_LEN + 1],
                              struct oph_error *err);
/* Inserts the case row of c as it stands (status, outcome, closing), with the ids of its
 * victim, supervisor and other role holders (role_ids indexed by enum case_role, 0 for none;
 * NULL for none at all); sets c->id. One insert, so one audit row, for a whole record. */
int store_case_insert(struct store *st, struct case_detail *c, int64_t victim_id,
                      int64_t supervisor_id, const int64_t *role_ids, struct oph_error *err);
int store_case_update(struct store *st, const struct case_detail *c, int64_t victim_id,
                      int64_t supervisor_id, struct oph_error *err);
int store_case_set_role(struct store *st, int64_t case_id, enum case_role role, int64_t person_id,
                        struct oph_error *err);
int store_case_set_outcome(struct store *st, int64_t case_id, int outcome, oph_time at,
                           struct oph_error *err);
/* Closes case c->id at `at` with its closing note, and what is known at closing: the reason
 * for no arrest and the end of the victim's window to ask for a review. */
int store_case_close(struct store *st, const struct case_detail *c, oph_time at, const char *note,
                     struct oph_error *err);
/* The victim's request for a review and its result, as c holds them. */
int store_case_set_review(struct store *st, const struct case_detail *c, struct oph_error *err);
/* Whether a case has this UUID or reference: 1 (its reference copied to ref_out), 0, -1. */
int store_case_find(struct store *st, const char *key, char ref_out[REF_LEN + 1],
                    struct oph_error *err);
/* Finds a case by reference or UUID and loads everything about it. */
int store_case_load(struct store *st, const char *ref, struct case_detail *out,
                    struct oph_error *err);
/* Whether a case has this reference or UUID, without loading it. */
int store_case_exists(struct store *st, const char *ref, struct oph_error *err);

/* Items of a case. */
int store_step_insert(struct store *st, int64_t case_id, const struct step *s,
                      struct oph_error *err);
int store_step_update(struct store *st, int64_t case_id, const struct step *s,
                      struct oph_error *err);
int store_followup_insert(struct store *st, int64_t case_id, struct followup *f,
                          struct oph_error *err);
int store_followup_update(struct store *st, const struct followup *f, struct oph_error *err);
/* A new case's items in few statements: its seven steps in one, its follow-ups in one for up to
 * sixteen (their ids set). The rows, their log entries and everything their triggers do are the
 * same as one at a time. */
int store_steps_insert(struct store *st, int64_t case_id, const struct step steps[STEP_COUNT],
                       struct oph_error *err);
int store_followups_insert(struct store *st, int64_t case_id, struct followup *f, int n,
                           struct oph_error *err);
int store_evidence_insert_all(struct store *st, int64_t case_id, struct evidence_item *e, int n,
                              struct oph_error *err);
/* Timeline entries, one statement per kind for up to sixteen (ids set). */
int store_timeline_insert_all(struct store *st, int64_t case_id, struct timeline_entry *t, int n,
                              struct oph_error *err);
int store_evidence_insert(struct store *st, int64_t case_id, struct evidence_item *e,
                          struct oph_error *err);
int store_evidence_update(struct store *st, const struct evidence_item *e, struct oph_error *err);
int store_timeline_insert(struct store *st, int64_t case_id, struct timeline_entry *t,
                          struct oph_error *err);

/* Open cases with a pending item of a rule: for recomputing due times after a rule
 * changes. Calls cb with each case's reference. */
typedef int (*case_ref_cb)(void *ctx, const char *reference);
int store_open_cases_with_rule(struct store *st, const char *rule_key, case_ref_cb cb, void *ctx,
                               struct oph_error *err);

/* Every case, or every open one, in the order the assaults happened: calls cb with each
 * reference, reading one row at a time (memory does not grow with the number of cases). cb
 * may load the case; a non-zero return stops. */
int store_case_each(struct store *st, bool open_only, case_ref_cb cb, void *ctx,
                    struct oph_error *err);

/* The case list. */
/* FILTER_REVIEW: the retention review, closed cases whose closing time is before
 * closed_before, oldest closing first (whatever the sort), through the cases_closed index. */
enum case_filter_kind { FILTER_OPEN, FILTER_CLOSED, FILTER_OVERDUE, FILTER_ALL, FILTER_REVIEW };
/* The orders of the list, each by a column: the date (newest first), the next due item
 * (soonest first, nothing due last), the reference, the victim's name (then who they are),
 * where (the kind of place, then newest first), the status (overdue, open, closed, then newest
 * first). Reversed by `descending`. */
enum case_sort {
    SORT_DATE,
    SORT_NEXT_DUE,
    SORT_REFERENCE,
    SORT_VICTIM,
    SORT_WHERE,
    SORT_STATUS,
    SORT_COUNT
};
enum case_page { PAGE_FORWARD, PAGE_BACKWARD };
struct case_filter {
    enum case_filter_kind kind;
    bool custody_only;
    /* NULL or words to find (as word prefixes, all of them) in the victim's name and number,
     * the reference and the free text; or a case's UUID. */
    const char *search;
    enum case_sort sort;
    bool descending;   /* the sort the other way round */
    int64_t person_id; /* only the cases where this person holds a role (0: anyone's): supervisor,
                          second-line manager, investigator, statement taker, welfare officer */
    int limit;         /* 0: no limit */
    int offset;
    oph_time now;           /* for "overdue" */
    oph_time closed_before; /* for "review" */
    /* Keyset paging: only the rows after `anchor` (PAGE_FORWARD) or before it (PAGE_BACKWARD)
     * in the sort order; a row of an earlier answer. Backward rows come nearest the anchor
     * first, i.e. in reverse order, so backward without an anchor starts at the end of the
     * list. By date a page costs the same anywhere in the list (through the index), unlike
     * an offset, which reads every row it skips. */
    const struct case_row *anchor; /* NULL: from the start (or the end, backward) */
    enum case_page direction;
};
typedef int (*case_row_cb)(void *ctx, const struct case_row *r);
int store_case_list(struct store *st, const struct case_filter *f, case_row_cb cb, void *ctx,
                    struct oph_error *err);
/* How many cases the filter lists (its kind, custody and search; not its sort, limit or
 * anchor), counting no further than cap: *out is at most cap, and cap means "cap or more". */
int store_case_list_count(struct store *st, const struct case_filter *f, long cap, long *out,
                          struct oph_error *err);

/* ---- maintenance (maint.c) ---- */

/* A consistent copy of the whole database, as of one moment, into dest: an existing empty
 * file. Others may go on writing meanwhile (write-ahead log). */
int store_backup(struct store *st, const char *dest, struct oph_error *err);

/* The soundness check (check.c), only reading: the schema is exactly the program's own; the
 * log is whole (every action's hash recomputed over its content and the one before, the log
 * of schemas 1 to 3 row by row); replaying the log gives exactly the rows of every table it
 * covers; the derived tables (report_done, the search index) match their sources; the heads
 * given and the one kept outside the file are still in the log; SQLite's integrity and
 * foreign-key checks. Each problem goes to cb as one line (out->problems counts them).
 * Returns 0 when sound, 1 when not, -1 with err set when the file cannot be read at all. */
typedef void (*check_problem_cb)(void *ctx, const char *problem);
typedef void (*check_progress_cb)(void *ctx, const char *phase, int64_t done, int64_t total);
struct check_options {
    const struct log_head *heads; /* published heads to find (a prefix of the hash will do) */
    int n_heads;
    check_progress_cb progress; /* may be NULL */
    void *progress_ctx;
};
struct check_summary {
    long problems;
    int64_t cases, audit_rows, actions, changes;
    struct log_head head; /* the log's last action */
    int head_file;        /* the head kept outside: 1 read, 0 none, -1 damaged */
};
int store_check(struct store *st, const struct check_options *o, check_problem_cb cb, void *ctx,
                struct check_summary *out, struct oph_error *err);
/* Rebuilds the derived tables (report_done, the search index) from their sources, inside the
 * caller's action; the log and the tables it covers are not touched. */
int store_rebuild_derived(struct store *st, struct oph_error *err);

/* Pending items due before `until`, most overdue first. */
typedef int (*reminder_cb)(void *ctx, const struct reminder *r);
int store_reminders(struct store *st, oph_time until, reminder_cb cb, void *ctx,
                    struct oph_error *err);
/* The same for a worklist: only the step codes and follow-up kinds listed (",crime,slt,";
 * NULL: every one), evidence items or not, the cases where person_id holds a role (0:
 * anyone's), those whose victim is off work (off_work). */
struct remind_query {
    oph_time until;
    const char *steps, *followups;
    bool evidence;
    int64_t person_id;
    bool off_work;
};
int store_reminders_query(struct store *st, const struct remind_query *q, reminder_cb cb, void *ctx,
                          struct oph_error *err);

/* ---- case bundles ---------------------------------------------------------------------- */

/* JSON read through SQLite's JSON functions (json_valid, json_type, json_each), the whole
 * document bound as one parameter: at most SQLite's longest string (1,000,000,000 bytes). */
enum json_kind {
    JSON_NULL,
    JSON_TRUE,
    JSON_FALSE,
    JSON_INTEGER,
    JSON_REAL,
    JSON_TEXT,
    JSON_ARRAY,
    JSON_OBJECT
};
/* One member of an object (key set) or element of an array (key NULL, index set). */
struct json_member {
    char *key;
    long index;
    enum json_kind kind;
    int64_t integer; /* JSON_INTEGER */
    char *text;      /* JSON_TEXT: the text, unescaped; JSON_ARRAY/OBJECT: its JSON */
    size_t len;      /* bytes of text (it may hold an escaped NUL: compare with strlen) */
};
struct json_members {
    struct json_member *m;
    int n;
};
/* The kind of the document's top value; refused (OPH_INVALID, "not JSON") when the text is
 * not well-formed JSON. */
int store_json_kind(struct store *st, const char *json, size_t len, enum json_kind *out,
                    struct oph_error *err);
/* The members (or elements) of the object or array at `path` ("$", "$.cases") into *out,
 * malloc'ed; with nested false the text of arrays and objects is left out (NULL). */
int store_json_read(struct store *st, const char *json, size_t len, const char *path, bool nested,
                    struct json_members *out, struct oph_error *err);
void json_members_free(struct json_members *m);
/* Calls cb with each element of the array at `path`, one at a time (text valid during the
 * call only): a million elements never sit in memory together. cb may call
 * store_json_read and write; a non-zero return stops. */
typedef int (*json_element_cb)(void *ctx, long index, enum json_kind kind, const char *text,
                               size_t len);
int store_json_each(struct store *st, const char *json, size_t len, const char *path,
                    json_element_cb cb, void *ctx, struct oph_error *err);

/* While on, follow-up, evidence and timeline inserts keep the id the struct carries when no
 * row has it yet (an import into an empty database keeps every item number). */
void store_keep_ids(struct store *st, bool on);
/* Rewrites a case's row whole from c (facts, role holders: role_ids by enum case_role, 0 for
 * none; status, outcome, closing, created_at); the reference and UUID stay. */
int store_case_rewrite(struct store *st, const struct case_detail *c, int64_t victim_id,
                       const int64_t *role_ids, struct oph_error *err);
/* Deletes a case's follow-ups, evidence items and timeline entries (each delete audited), for
 * a case replaced by an import. Steps stay: they are updated in place. */
int store_case_clear_items(struct store *st, int64_t case_id, struct oph_error *err);

#endif
