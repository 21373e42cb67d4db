/* A refusal worded for the command line: the core says what failed as data (err->field,
 * err->rule, err->item), and the command line names the option or the command that gives it,
 * and the follow-up or evidence item whose field it is. */
#include <stdio.h>
#include <string.h>

#include "cli_internal.h"

/* What the command line gives a fact a request needs with: an option, or a command. */
static const char *const needed_hint[OPH_FIELD_COUNT] = {
    [OPH_FIELD_CRIME_REFERENCE] = "--crime-ref",
    [OPH_FIELD_NOTE] = "--note",
    [OPH_FIELD_REFERRAL] = "--referral accepted|declined",
    [OPH_FIELD_ENHANCED_RIGHTS] = "--enhanced yes|no",
    [OPH_FIELD_VPS_OFFERED] = "--vps-offered yes",
    [OPH_FIELD_ROLES] = "case assign",
    [OPH_FIELD_WELFARE_CONTACT] = "welfare add",
    [OPH_FIELD_EVIDENCE_ITEMS] = "evidence add, or --note",
    [OPH_FIELD_OUTCOME] = "--outcome",
    [OPH_FIELD_NO_ARREST_REASON] = "--no-arrest-reason",
    [OPH_FIELD_NO_ARREST_NOTE] = "--no-arrest-note",
    [OPH_FIELD_ROUTE] = "--route",
    [OPH_FIELD_HSE_REFERENCE] = "--hse-ref",
    [OPH_FIELD_NAME] = "--name",
};

const char *cli_field_hint(const struct oph_error *err)
{
    if (err->rule != OPH_RULE_NEEDED || (unsigned)err->field >= OPH_FIELD_COUNT)
        return NULL;
    return needed_hint[err->field];
}

/* The fields of a follow-up or an evidence item: a refusal of one of them does not name its
 * item (error.h), so the command line does. */
static const bool item_field[OPH_FIELD_COUNT] = {
    [OPH_FIELD_NONE] = true,          [OPH_FIELD_AT] = true,
    [OPH_FIELD_NOTE] = true,          [OPH_FIELD_REASON] = true,
    [OPH_FIELD_DONE_BY] = true,       [OPH_FIELD_ROUTE] = true,
    [OPH_FIELD_HSE_REFERENCE] = true, [OPH_FIELD_EVIDENCE_REFERENCE] = true,
};

bool cli_item_name(const struct oph_error *err, char *out, size_t outsz)
{
    if ((unsigned)err->field >= OPH_FIELD_COUNT || !item_field[err->field])
        return 0;
    if (err->item == OPH_ITEM_FOLLOWUP)
        return snprintf(out, outsz, "follow-up #%d", err->item_number) > 0;
    if (err->item == OPH_ITEM_EVIDENCE)
        return snprintf(out, outsz, "evidence item #%d", err->item_number) > 0;
    return 0;
}

void cli_word_error(const struct oph_error *err, char *out, size_t outsz)
{
    const char *hint = cli_field_hint(err);
    const char *msg = err->msg[0] ? err->msg : "failed";
    char item[48];
    bool named = cli_item_name(err, item, sizeof item);
    int n = snprintf(out, outsz, "%s%s%s%s%s%s", named ? item : "", named ? ": " : "", msg,
                     hint ? " (" : "", hint ? hint : "", hint ? ")" : "");
    if (n < 0 && outsz > 0)
        out[0] = '\0';
}
