/* A refusal worded for the command line: the core says what failed as data (err->field,
 * err->rule), and the command line names the option or the command that gives it. */
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

void cli_word_error(const struct oph_error *err, char *out, size_t outsz)
{
    const char *hint = cli_field_hint(err);
    const char *msg = err->msg[0] ? err->msg : "failed";
    int n = hint ? snprintf(out, outsz, "%s (%s)", msg, hint) : snprintf(out, outsz, "%s", msg);
    if (n < 0 && outsz > 0)
        out[0] = '\0';
}
