/* Stable pseudonyms and the dropping of free text (see redact.h). */
#include "ophamp/redact.h"

#include <nettle/hmac.h>
#include <stdio.h>
#include <string.h>

static int hex_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

int redactor_init(struct redactor *r, const char *hex, int suppress_below)
{
    memset(r, 0, sizeof *r);
    if (hex == NULL || strlen(hex) != 2 * REDACT_KEY_LEN)
        return -1;
    for (int i = 0; i < REDACT_KEY_LEN; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        r->key[i] = (unsigned char)(hi << 4 | lo);
    }
    r->on = true;
    r->suppress_below = suppress_below;
    return 0;
}

void redact_pseudonym(const struct redactor *r, const char *number, char out[PSEUDONYM_SIZE])
{
    if (number == NULL || number[0] == '\0') {
        out[0] = '\0';
        return;
    }
    struct hmac_sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    hmac_sha256_set_key(&ctx, REDACT_KEY_LEN, r->key);
    hmac_sha256_update(&ctx, strlen(number), (const uint8_t *)number);
    hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    snprintf(out, PSEUDONYM_SIZE, "P-%02X%02X%02X%02X", digest[0], digest[1], digest[2], digest[3]);
}

/* A name and a number both become the number's pseudonym. */
static void pseudonymise(const struct redactor *r, char *name, size_t namesz, char *number,
                         size_t numbersz)
{
    char p[PSEUDONYM_SIZE];
    redact_pseudonym(r, number, p);
    if (name != NULL)
        snprintf(name, namesz, "%s", p);
    snprintf(number, numbersz, "%s", p);
}

void redact_case(const struct redactor *r, struct case_detail *c)
{
    if (r == NULL || !r->on)
        return;
    pseudonymise(r, c->victim.name, sizeof c->victim.name, c->victim.number,
                 sizeof c->victim.number);
    c->victim.team[0] = '\0';
    struct case_facts *f = &c->facts;
    pseudonymise(r, NULL, 0, f->victim_number, sizeof f->victim_number);
    pseudonymise(r, NULL, 0, f->supervisor_number, sizeof f->supervisor_number);
    for (int i = 0; i < CROLE_COUNT; i++)
        if (c->roles[i].set)
            pseudonymise(r, c->roles[i].name, sizeof c->roles[i].name, c->roles[i].number,
                         sizeof c->roles[i].number);
    /* Free text: what happened, where, and anything that could name or place someone. */
    f->location[0] = f->offence[0] = f->summary[0] = f->body_part[0] = '\0';
    f->thor[0] = f->crime_reference[0] = '\0';
    c->closing_note[0] = '\0';
    for (int i = 0; i < STEP_COUNT; i++) {
        struct step *s = &c->steps[i];
        s->done_by[0] = s->reason[0] = s->note[0] = '\0';
    }
    c->no_arrest_note[0] = c->review_note[0] = '\0';
    for (int i = 0; i < c->n_followups; i++) {
        struct followup *fu = &c->followups[i];
        fu->reason[0] = fu->note[0] = fu->done_by[0] = fu->reference[0] = '\0';
    }
    for (int i = 0; i < c->n_evidence; i++)
        c->evidence[i].ref[0] = c->evidence[i].reason[0] = '\0';
    for (int i = 0; i < c->n_timeline; i++)
        c->timeline[i].text[0] = '\0';
    /* Who did what: the signer as the pseudonym of their number; of what they did, the
     * command's words only ("case assign investigator", not the staff number after). */
    for (int i = 0; i < c->n_actions; i++) {
        struct case_action *a = &c->actions[i];
        if (a->actor_number[0])
            pseudonymise(r, a->actor, sizeof a->actor, a->actor_number, sizeof a->actor_number);
        int words = 0;
        for (char *p = a->what; *p; p++)
            if (*p == ' ' && ++words == 3) {
                *p = '\0';
                break;
            }
    }
}

bool redact_suppressed(const struct redactor *r, long n)
{
    return r != NULL && r->on && n > 0 && n < r->suppress_below;
}
