/* The plan's definitions as data: one table a vocabulary, the only place its words live.
 * Every other file reads them (the store's decoding and joins, the exports' column names,
 * the report's labels, the welcome screen, the man page's lists); tests/unit/test_definitions.c
 * walks every entry through every consumer. docs/ARCHITECTURE.md has the recipe for adding a
 * step or a format. Pure C: no I/O, no SQL. */
#ifndef OPHAMP_DEFS_H
#define OPHAMP_DEFS_H

#include <stdbool.h>

/* The seven steps, in plan order: X(enum id, code, letter, title, short label, needs).
 * The code is the word stored and typed (and its due-time rule's key); the title says what
 * the point of the plan means, the short label names it in a report's row or a column. The
 * enum step_code (plan.h), VOCAB_STEP and STEP_DEFS are all made from this list. */
#define OPH_STEPS(X)                                                                               \
    X(STEP_CRIME, "crime", a, "same care as any victim: crime recorded", "crime recorded",         \
      NEED_CRIME_REF | NEED_NOTE)                                                                  \
    X(STEP_VICTIM_CODE, "victim-code", b, "the Victim Code applies", "Victim Code",                \
      NEED_REFERRAL | NEED_ENHANCED | NEED_VPS)                                                    \
    X(STEP_INVESTIGATOR, "investigator", c, "never investigate your own assault", "investigator",  \
      NEED_INVESTIGATOR)                                                                           \
    X(STEP_WELFARE, "welfare", d, "welfare and supervision", "welfare", NEED_WELFARE_CONTACT)      \
    X(STEP_SLT, "slt", e, "senior leadership informed", "SLT informed", NEED_NOTE)                 \
    X(STEP_IOD, "iod", f, "injury-on-duty report", "injury on duty", NEED_SIGN_OFFS)               \
    X(STEP_EVIDENCE, "evidence", g, "best evidence", "best evidence", NEED_EVIDENCE_SETTLED)

/* The facts a step needs before it can be marked done (the core's wf_step_ready checks them;
 * the forms ask for them). */
enum step_need {
    NEED_CRIME_REF = 1u << 0,        /* the crime reference */
    NEED_NOTE = 1u << 1,             /* a completing note (the investigation plan, who was told) */
    NEED_REFERRAL = 1u << 2,         /* the answer to the support referral */
    NEED_ENHANCED = 1u << 3,         /* the enhanced-rights decision */
    NEED_VPS = 1u << 4,              /* the Victim Personal Statement offered */
    NEED_INVESTIGATOR = 1u << 5,     /* an investigator and a statement taker assigned */
    NEED_WELFARE_CONTACT = 1u << 6,  /* a welfare contact recorded */
    NEED_SIGN_OFFS = 1u << 7,        /* the two injury-on-duty sign-offs */
    NEED_EVIDENCE_SETTLED = 1u << 8, /* no evidence item still requested (or a note: none) */
};

struct step_def {
    const char *code;   /* "slt": stored, typed, the key of its due-time rule */
    const char *letter; /* "e": the point of the plan */
    const char *title;  /* "(e) senior leadership informed" */
    const char *label;  /* "(e) SLT informed" */
    const char *rule;   /* the due-time rule's key (its code) */
    unsigned needs;     /* enum step_need bits */
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
extern const struct followup_def FOLLOWUP_DEFS[];
extern const struct evidence_def EVIDENCE_DEFS[];
extern const struct outcome_def OUTCOME_DEFS[];

#endif
