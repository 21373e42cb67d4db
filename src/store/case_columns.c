/* The case list's columns (see store_export.h): name, what the store reads, its field. */
#include <stddef.h>

#include "ophamp/store_export.h"

#define F(field) offsetof(struct case_list_row, field)
#define ROLE(r) (F(role_number) + (size_t)(r) * sizeof(const char *))
#define COL(name, sql, kind, field)                                                                \
    {                                                                                              \
        name, sql, kind, F(field), 0                                                               \
    }

const struct case_column CASE_COLUMNS[CASE_FACT_COLUMNS] = {
    COL("reference", "c.reference", CCK_TEXT, reference),
    COL("uuid", "c.uuid", CCK_TEXT, uuid),
    COL("status", "c.status", CCK_TEXT, status),
    {"victim_name", "v.name", CCK_PERSON, F(victim_name), F(victim_number)},
    {"victim_number", "v.number", CCK_PERSON, F(victim_number), F(victim_number)},
    COL("victim_role", "v.role", CCK_TEXT, victim_role),
    COL("victim_rank", "v.rank", CCK_TEXT, victim_rank),
    COL("victim_team", "v.team", CCK_FREE, victim_team),
    {"supervisor_number", "sp.number", CCK_PERSON, ROLE(CROLE_SUPERVISOR), ROLE(CROLE_SUPERVISOR)},
    {"second_line_number", "sl.number", CCK_PERSON, ROLE(CROLE_SECOND_LINE),
     ROLE(CROLE_SECOND_LINE)},
    {"investigator_number", "iv.number", CCK_PERSON, ROLE(CROLE_INVESTIGATOR),
     ROLE(CROLE_INVESTIGATOR)},
    {"statement_taker_number", "stk.number", CCK_PERSON, ROLE(CROLE_STATEMENT_TAKER),
     ROLE(CROLE_STATEMENT_TAKER)},
    {"welfare_officer_number", "wo.number", CCK_PERSON, ROLE(CROLE_WELFARE_OFFICER),
     ROLE(CROLE_WELFARE_OFFICER)},
    COL("occurred_at", "c.occurred_at", CCK_TIME, occurred_at),
    COL("reported_at", "c.reported_at", CCK_TIME, reported_at),
    COL("location", "c.location", CCK_FREE, location),
    COL("location_kind", "c.location_kind", CCK_TEXT, location_kind),
    COL("offence", "c.offence", CCK_FREE, offence),
    COL("summary", "c.summary", CCK_FREE, summary),
    COL("mechanism", "c.mechanism", CCK_TEXT, mechanism),
    COL("injury", "c.injury", CCK_TEXT, injury),
    COL("body_part", "c.body_part", CCK_FREE, body_part),
    COL("treatment", "c.treatment", CCK_TEXT, treatment),
    COL("specified_injury", "c.specified_injury", CCK_FLAG, specified_injury),
    COL("days_off", "c.days_off", CCK_NUMBER, days_off),
    COL("off_work", "c.off_work", CCK_FLAG, off_work),
    COL("offender_known", "c.offender_known", CCK_TRI, offender_known),
    COL("arrested_at", "c.arrested_at", CCK_TIME, arrested_at),
    COL("thor", "c.thor", CCK_FREE, thor),
    COL("crime_reference", "c.crime_reference", CCK_FREE, crime_reference),
    COL("referral", "c.referral", CCK_TEXT, referral),
    COL("enhanced_rights", "c.enhanced_rights", CCK_TRI, enhanced_rights),
    COL("vps_offered", "c.vps_offered", CCK_TRI, vps_offered),
    COL("outcome", "c.outcome", CCK_TEXT, outcome),
    COL("outcome_at", "c.outcome_at", CCK_TIME, outcome_at),
    COL("closed_at", "c.closed_at", CCK_TIME, closed_at),
    COL("support_score", "c.support_score", CCK_SCORE, support_score),
};
