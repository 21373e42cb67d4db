/* The case record as plain structs: what the store reads and writes, what the core checks
 * and what renderers print. Text lives in fixed buffers sized for the longest accepted value
 * (four bytes a character), so records need no freeing except their item arrays. */
#ifndef OPHAMP_RECORD_H
#define OPHAMP_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "ophamp/calendar.h"
#include "ophamp/plan.h"

#define TXT(n) ((n)*4 + 1)
#define REF_LEN 15 /* OPH-YYYY-NNNNN */
#define UUID_LEN 36
#define LOG_HEAD_TEXT 96  /* the log's head as published: "N:HASH" */
#define LOG_ACTOR_MAX 512 /* an action's signer: "Sgt Alex Morgan (2210)" */
#define LOG_WHAT_MAX 256  /* what an action was: "step done crime" */

struct person {
    int64_t id;
    char name[TXT(MAX_NAME)];
    char number[TXT(MAX_NUMBER)];
    enum person_role role;
    char rank[TXT(MAX_SHORT)];
    char team[TXT(MAX_SHORT)];
};

/* Tri-state facts: unknown, no, yes. */
enum tri { TRI_UNKNOWN = -1, TRI_NO = 0, TRI_YES = 1 };

/* The facts of a case that a user types or edits. Enums use -1 for "not recorded". */
struct case_facts {
    char victim_number[TXT(MAX_NUMBER)];
    char supervisor_number[TXT(MAX_NUMBER)];
    oph_time occurred_at;
    oph_time reported_at;
    char location[TXT(MAX_LOCATION)];
    int location_kind; /* enum location_kind */
    char offence[TXT(MAX_OFFENCE)];
    char summary[TXT(MAX_TEXT)];
    int mechanism; /* enum mechanism or -1 */
    int injury;    /* enum injury_level */
    char body_part[TXT(MAX_SHORT)];
    int treatment; /* enum treatment or -1 */
    bool specified_injury;
    int days_off;
    bool off_work;
    int offender_known;   /* enum tri */
    oph_time arrested_at; /* OPH_NO_TIME when no arrest */
    char thor[TXT(MAX_TEXT)];
    char crime_reference[TXT(MAX_CRIME_REF)];
    int referral;        /* enum referral or -1 */
    int enhanced_rights; /* enum tri */
    int vps_offered;     /* enum tri */
    int support_score;   /* 1..5, 0 when not asked */
    oph_time died_at;    /* the victim died of the assault (RIDDOR); OPH_NO_TIME: did not */
};

/* Sets every field to its "nothing recorded" value. */
void case_facts_init(struct case_facts *f);

struct step {
    enum step_code code;
    enum item_status status;
    oph_time due_at;
    oph_time done_at; /* OPH_NO_TIME while pending */
    char done_by[TXT(MAX_SHORT)];
    char reason[TXT(MAX_TEXT)];
    char note[TXT(MAX_TEXT)];
    oph_time victim_signed_at, supervisor_signed_at; /* iod only */
    bool dirty;                                      /* changed in memory, to be saved */
};

/* Follow-ups and evidence items are numbered per case, from 1 in the order they were made
 * (the order of their ids): the number people see and type; the id is the database's. */
#define MAX_HSE_REF 40
struct followup {
    int64_t id;
    int number;
    enum followup_kind kind;
    char rule[RULE_KEY_MAX];
    oph_time event_at;
    oph_time due_at;
    enum item_status status;
    oph_time done_at;
    char reason[TXT(MAX_TEXT)];
    char note[TXT(MAX_TEXT)];
    char done_by[TXT(MAX_SHORT)];     /* who did it or marked it: the action's signer; "" unknown */
    int route;                        /* a RIDDOR report: enum riddor_route, or -1 */
    char reference[TXT(MAX_HSE_REF)]; /* a RIDDOR report: the HSE's reference */
    bool dirty;
    int64_t by_action; /* who did it: the id of one of the case's actions, 0 when not known */
};

struct evidence_item {
    int64_t id;
    int number; /* per case, as a follow-up's */
    enum evidence_kind kind;
    enum evidence_status status;
    char ref[TXT(MAX_SHORT)];
    char reason[TXT(MAX_TEXT)];
    oph_time due_at;
    oph_time created_at, updated_at;
    bool dirty;
    int64_t by_action; /* who last changed it: one of the case's actions, or 0 */
};

/* One entry of a case's timeline: welfare contact, victim update, decision, note. */
enum timeline_kind { TL_WELFARE, TL_VICTIM_UPDATE, TL_DECISION, TL_NOTE, TL_COUNT };
struct timeline_entry {
    int64_t id;
    enum timeline_kind kind;
    oph_time at;
    char label[32]; /* method of contact, kind of decision */
    char text[TXT(MAX_TEXT)];
    int64_t by_action; /* who recorded it: one of the case's actions, or 0 */
};

struct role_holder {
    bool set;
    char number[TXT(MAX_NUMBER)];
    char name[TXT(MAX_NAME)];
};

/* One action of the log on a case: who did what, when (the case's own log, oldest first). */
struct case_action {
    int64_t id;
    char at[32]; /* real time, UTC, ISO 8601 */
    char actor[LOG_ACTOR_MAX];
    char actor_number[TXT(MAX_NUMBER)]; /* the signer's staff number, "" for the program */
    char what[LOG_WHAT_MAX];
};

/* A whole case, as the case view and `case show` need it. */
struct case_detail {
    int64_t id;
    char uuid[UUID_LEN + 1];
    char reference[REF_LEN + 1];
    bool closed;
    struct case_facts facts;
    struct person victim;
    struct role_holder roles[CROLE_COUNT];
    int outcome; /* enum outcome or -1 */
    oph_time outcome_at, closed_at, created_at;
    char closing_note[TXT(MAX_TEXT)];
    /* A known offender not arrested: why (enum no_arrest_reason, or -1), given at closing. */
    int no_arrest_reason;
    char no_arrest_note[TXT(MAX_TEXT)];
    /* The victim's right to review a decision not to prosecute: until when they may ask (set
     * with the outcome), when they asked, the result (enum review_result or -1) and when. */
    oph_time review_until, review_asked_at, review_decided_at;
    int review_result;
    char review_note[TXT(MAX_TEXT)];
    struct step steps[STEP_COUNT];
    /* The item arrays grow through record_grow only (their room is in the cap_ fields). */
    struct followup *followups;
    int n_followups, cap_followups;
    struct evidence_item *evidence;
    int n_evidence, cap_evidence;
    struct timeline_entry *timeline;
    int n_timeline, cap_timeline;
    /* Its actions (app_case_load only; the actions themselves do not need them). */
    struct case_action *actions;
    int n_actions;
};

/* Sets the case-level fields that are not facts to "nothing recorded" (the facts: see
 * case_facts_init); the item arrays are left as they are. */
void case_detail_init_extra(struct case_detail *c);
void case_detail_done(struct case_detail *c);
/* A case record on the heap (it is some 300 KB of text buffers: too big for a stack frame),
 * empty: facts and case fields "nothing recorded", no items. Aborts when memory runs out
 * (xalloc.h); case_detail_free releases it and its items (NULL is ignored). */
struct case_detail *case_detail_new(void);
void case_detail_free(struct case_detail *c);
/* Room for one more item in an array of *n items of `size` bytes with room for *cap: the same
 * array, or a larger one (doubling, from 16) when full; aborts when memory runs out (a case's
 * items are a few hundred kilobytes at most). Each item holds large text buffers, so growing
 * one at a time copied every item again for each one added. */
void *record_grow(void *items, int n, int *cap, size_t size);

/* "Sgt Alex Morgan (2210)": rank, name and staff number, as the log signs actions. */
void person_label(const struct person *p, char *out, size_t outsz);

/* The action of the case with this id (by_action), or NULL. */
const struct case_action *case_action_by_id(const struct case_detail *c, int64_t id);

/* A version-4 UUID from 16 random bytes, lower case with hyphens. */
void uuid_format(const unsigned char bytes[16], char out[UUID_LEN + 1]);

/* One row of the case list. */
struct case_row {
    int64_t id;
    char reference[REF_LEN + 1];
    char uuid[UUID_LEN + 1];
    bool closed;
    char victim_name[TXT(MAX_NAME)];
    char victim_number[TXT(MAX_NUMBER)];
    oph_time occurred_at;
    enum location_kind location_kind;
    oph_time next_due_at; /* OPH_NO_TIME when nothing is pending */
    char next_item[64];   /* "step crime", "welfare follow-up" … */
    oph_time closed_at;   /* OPH_NO_TIME while open */
    int64_t victim_id;    /* the order by victim: their name, then who they are */
};

/* The three kinds of item that fall due. */
enum due_kind { DUE_STEP, DUE_FOLLOWUP, DUE_EVIDENCE };

/* What kind of work a due item is, for worklists: a step of the plan, a welfare contact, an
 * update or notice to the victim, evidence, a RIDDOR report, the injury-on-duty report. Which
 * item is which is decided in one place (worklist.h). */
enum work_kind { WK_STEP, WK_WELFARE, WK_VICTIM_UPDATE, WK_EVIDENCE, WK_RIDDOR, WK_DUTY, WK_COUNT };

/* One reminder: a pending step, follow-up or evidence item due within the window. */
enum remind_state { REMIND_OVERDUE, REMIND_DUE_TODAY, REMIND_DUE_SOON };
struct reminder {
    char reference[REF_LEN + 1];
    char item[64];
    oph_time due_at;
    enum remind_state state;
    /* Which item it is, for a calendar entry that stays the same from one run to the next. */
    char uuid[UUID_LEN + 1]; /* the case's */
    enum due_kind kind;
    int64_t item_id;        /* follow-up or evidence id; 0 for a step */
    char key[RULE_KEY_MAX]; /* its rule: step code, follow-up rule, evidence-<kind> */
    /* For worklists: the item's number in its case (a follow-up's or an evidence item's, 0
     * for a step), what it is (the step's code, the follow-up's or evidence item's kind, by
     * their enums) and its kind of work (set by the app); whose case it is. */
    int64_t case_id;
    int number;
    int sub;
    enum work_kind work;
    char victim_name[TXT(MAX_NAME)];
    char victim_number[TXT(MAX_NUMBER)];
    char supervisor_name[TXT(MAX_NAME)];
    char supervisor_number[TXT(MAX_NUMBER)];
    bool off_work; /* the victim is off work injured */
};

#endif
