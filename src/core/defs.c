/* The definition tables (defs.h), made from its lists, indexed by their enums. */
#include "ophamp/plan.h"

#define STEP_DEF(id, code, letter, title, label, needs, note)                                      \
    [id] = {code, #letter, "(" #letter ") " title, "(" #letter ") " label, code, needs, note},
const struct step_def STEP_DEFS[STEP_COUNT] = {OPH_STEPS(STEP_DEF)};

#define NEED_DEF(id, field, what) [id##_AT] = {id, field, what},
const struct need_def NEED_DEFS[NEED_COUNT] = {OPH_NEEDS(NEED_DEF)};

#define FOLLOWUP_DEF(id, name, what) [id] = {name, what},
const struct followup_def FOLLOWUP_DEFS[FU_COUNT] = {OPH_FOLLOWUPS(FOLLOWUP_DEF)};

#define EVIDENCE_DEF(id, name, rule) [id] = {name, rule},
const struct evidence_def EVIDENCE_DEFS[EV_KIND_COUNT] = {OPH_EVIDENCE_KINDS(EVIDENCE_DEF)};

#define OUTCOME_DEF(id, name, not_prosecuted) [id] = {name, not_prosecuted},
const struct outcome_def OUTCOME_DEFS[OUT_COUNT] = {OPH_OUTCOMES(OUTCOME_DEF)};
