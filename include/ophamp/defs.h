/* The plan's definitions as data: one table a vocabulary, the only place its words live.
 * Every other file reads them (the store's decoding and joins, the exports' column names,
 * the report's labels, the welcome screen, the man page's lists); tests/unit/test_definitions.c
 * walks every entry through every consumer. docs/ARCHITECTURE.md has the recipe for adding a
 * step or a format. Pure C: no I/O, no SQL. */
#ifndef OPHAMP_DEFS_H
#define OPHAMP_DEFS_H

#include <stdbool.h>
#include <stddef.h>

#include "ophamp/error.h"

/* The seven steps, in plan order: X(enum id, code, letter, title, short label, needs, note).
 * The code is the word stored and typed (and its due-time rule's key); the title says what
 * the point of the plan means, the short label names it in a report's row or a column; the
 * note is what its completing note must say when it needs one (NEED_NOTE). The enum
 * step_code (plan.h), VOCAB_STEP and STEP_DEFS are all made from this list. */
#define OPH_STEPS(X)                                                                               \
    X(STEP_CRIME, "crime", a, "same care as any victim: crime recorded", "crime recorded",         \
      NEED_CRIME_REF | NEED_NOTE, "the investigation plan noted")                                  \
    X(STEP_VICTIM_CODE, "victim-code", b, "the Victim Code applies", "Victim Code",                \
      NEED_REFERRAL | NEED_ENHANCED | NEED_VPS, NULL)                                              \
    X(STEP_INVESTIGATOR, "investigator", c, "never investigate your own assault", "investigator",  \
      NEED_INVESTIGATOR, NULL)                                                                     \
    X(STEP_WELFARE, "welfare", d, "welfare and supervision", "welfare", NEED_WELFARE_CONTACT,      \
      NULL)                                                                                        \
    X(STEP_SLT, "slt", e, "senior leadership informed", "SLT informed", NEED_NOTE,                 \
      "who was informed, when and how")                                                            \
    X(STEP_IOD, "iod", f, "injury-on-duty report", "injury on duty", NEED_SIGN_OFFS, NULL)         \
    X(STEP_EVIDENCE, "evidence", g, "best evidence", "best evidence", NEED_EVIDENCE_SETTLED, NULL)

/* The facts a step needs before it can be marked done, in the order they are checked:
 * X(enum id, the field a refusal names, what the step needs). The core's wf_step_ready checks
 * a step's needs in this order and refuses with "step <code> needs <what>"; a fact with no
 * words here is worded elsewhere: the note by its step (step_def.note), the sign-offs by
 * their caller (one at a time), the evidence by its rule (items still requested, or none and
 * no note saying why). */
#define OPH_NEEDS(X)                                                                               \
    X(NEED_CRIME_REF, OPH_FIELD_CRIME_REFERENCE, "the crime reference")                            \
    X(NEED_NOTE, OPH_FIELD_NOTE, NULL)                                                             \
    X(NEED_REFERRAL, OPH_FIELD_REFERRAL, "the answer to the support referral")                     \
    X(NEED_ENHANCED, OPH_FIELD_ENHANCED_RIGHTS, "the enhanced-rights decision")                    \
    X(NEED_VPS, OPH_FIELD_VPS_OFFERED, "the Victim Personal Statement offered")                    \
    X(NEED_INVESTIGATOR, OPH_FIELD_ROLES, "an investigator and a statement taker assigned")        \
    X(NEED_WELFARE_CONTACT, OPH_FIELD_WELFARE_CONTACT, "a welfare contact recorded")               \
    X(NEED_SIGN_OFFS, OPH_FIELD_SIGNOFF, NULL)                                                     \
    X(NEED_EVIDENCE_SETTLED, OPH_FIELD_EVIDENCE_ITEMS, NULL)

/* A need's place in OPH_NEEDS (NEED_DEFS' index) and its bit in step_def.needs. */
#define OPH_NEED_INDEX(id, ...) id##_AT,
enum step_need_at { OPH_NEEDS(OPH_NEED_INDEX) NEED_COUNT };
#define OPH_NEED_BIT(id, ...) id = 1u << id##_AT,
enum step_need { OPH_NEEDS(OPH_NEED_BIT) };

struct need_def {
    unsigned need;        /* its enum step_need bit */
    enum oph_field field; /* the field a refusal for it names */
    const char *what;     /* "the crime reference"; NULL: worded elsewhere (above) */
};

struct step_def {
    const char *code;   /* "slt": stored, typed, the key of its due-time rule */
    const char *letter; /* "e": the point of the plan */
    const char *title;  /* "(e) senior leadership informed" */
    const char *label;  /* "(e) SLT informed" */
    const char *rule;   /* the due-time rule's key (its code) */
    unsigned needs;     /* enum step_need bits */
    const char *note;   /* what its needed note says ("who was informed, when and how") */
};

/* Follow-up kinds: X(enum id, name, what it is). */
#define OPH_FOLLOWUPS(X)                                                                           \
    X(FU_WELFARE, "welfare", "a welfare check")                                                    \
    X(FU_VICTIM_UPDATE, "victim-update", "an update to the victim")                                \
    X(FU_OUTCOME_NOTICE, "outcome-notice", "a notice of a decision to the victim")                 \
    X(FU_RIDDOR, "riddor", "a RIDDOR report to the HSE")                                           \
    X(FU_DUTY, "duty", "a line manager's duty (OSSR rec. 21)")                                     \
    X(FU_FORCE, "force", "a follow-up of the force's own rules")

struct followup_def {
    const char *name;
    const char *what;
};

/* Evidence kinds: X(enum id, name, due-time rule key). */
#define OPH_EVIDENCE_KINDS(X)                                                                      \
    X(EV_BWV, "bwv", "evidence-bwv")                                                               \
    X(EV_CCTV, "cctv", "evidence-cctv")                                                            \
    X(EV_PHOTOS, "photos", "evidence-photos")                                                      \
    X(EV_MEDICAL, "medical", "evidence-medical")                                                   \
    X(EV_WITNESS, "witness", "evidence-witness")                                                   \
    X(EV_RECORDING, "recording", "evidence-recording")                                             \
    X(EV_OTHER, "other", "evidence-other")

struct evidence_def {
    const char *name;
    const char *rule; /* the key of its due-time rule */
};

/* Outcomes: X(enum id, name, whether it is a decision not to prosecute). */
#define OPH_OUTCOMES(X)                                                                            \
    X(OUT_CHARGED, "charged", false)                                                               \
    X(OUT_SUMMONSED, "summonsed", false)                                                           \
    X(OUT_CAUTIONED, "cautioned", false)                                                           \
    X(OUT_COMMUNITY, "community-resolution", false)                                                \
    X(OUT_NFA_EVIDENTIAL, "nfa-evidential", true)                                                  \
    X(OUT_NFA_PUBLIC_INTEREST, "nfa-public-interest", true)                                        \
    X(OUT_NFA_VICTIM, "nfa-victim", true)                                                          \
    X(OUT_NOT_IDENTIFIED, "not-identified", false)

struct outcome_def {
    const char *name;
    bool not_prosecuted; /* nfa-*: the victim may ask for a review */
};

/* An enum's members from a table: enum x { OPH_STEPS(OPH_DEFS_ENUM) STEP_COUNT }. */
#define OPH_DEFS_ENUM(id, ...) id,

/* The tables, indexed by their enums (plan.h): STEP_DEFS[STEP_SLT].label. */
extern const struct step_def STEP_DEFS[];
extern const struct need_def NEED_DEFS[];
extern const struct followup_def FOLLOWUP_DEFS[];
extern const struct evidence_def EVIDENCE_DEFS[];
extern const struct outcome_def OUTCOME_DEFS[];

#endif
