/* Who the user is: the form that names them, opened on the first key that would change data
 * while nobody is named (the key's action follows once they are), and the name the title bar
 * shows. Every action is signed with it. */
#include <stdio.h>
#include <string.h>

#include "ophamp/text.h"
#include "tui_internal.h"

void tui_user_refresh(struct tui *t)
{
    struct oph_error err = {0};
    t->has_user = app_user(&t->app, &t->user, &err) == 1;
    if (t->has_user)
        person_label(&t->user, t->user_label, sizeof t->user_label);
    else
        t->user_label[0] = '\0';
}

bool tui_request_changes_data(enum request req)
{
    /* The upper-case requests and undo, but loading the demo (which names its own user) and
     * naming who one is (this form). */
    return req >= REQ_NEW_CASE && req < REQ_FORM_NEXT && req != REQ_LOAD_DEMO && req != REQ_WHOAMI;
}

static int whoami_submit(struct tui *t, struct form_spec *s, struct oph_error *err)
{
    const char *number = form_text(s, "staff number");
    const char *name = form_text(s, "name");
    struct person_input add = {
        .name = name, .number = number, .rank = form_text(s, "rank"), .team = form_text(s, "team")};
    struct person p;
    if (app_whoami(&t->app, number ? number : "", &add, &p, err)) {
        if (!name || !*name)
            if (err->field == OPH_FIELD_NAME && err->rule == OPH_RULE_NEEDED) {
                snprintf(err->msg, sizeof err->msg,
                         "nobody has staff number %s yet: type your name below to add yourself",
                         number ? number : "");
                return form_fail(s, "staff number");
            }
        return -1;
    }
    tui_user_refresh(t);
    char label[sizeof t->user_label * 3];
    text_neutralise(t->user_label, label, sizeof label, false);
    tui_say(t, false, "You are %s: every change is signed with your name.", label);
    return 0;
}

int tui_whoami_open(struct tui *t, enum request then)
{
    struct form_spec *s = form_new("Who are you?", whoami_submit, NULL, NULL);
    snprintf(s->intro, sizeof s->intro,
             "Every change is signed by the person who makes it. Give your staff number "
             "once (and your name if you are new here)%s.",
             then != REQ_NONE ? "; what you asked for follows" : "");
    struct form_field *f =
        form_add(s, FK_PERSON, "staff number", "Your staff no.", FF_REQUIRED, MAX_NUMBER);
    f->name_key = "name";
    f->hint = "or collar number";
    form_id(f, OPH_FIELD_STAFF_NUMBER, OPH_FIELD_NONE);
    form_id(form_add(s, FK_TEXT, "name", "  name if new", 0, MAX_NAME), OPH_FIELD_NAME,
            OPH_FIELD_NONE)
        ->hint = "adds you to the people";
    form_id(form_add(s, FK_TEXT, "rank", "  rank", 0, MAX_RANK), OPH_FIELD_RANK, OPH_FIELD_NONE);
    form_id(form_add(s, FK_TEXT, "team", "  team or station", 0, MAX_SHORT), OPH_FIELD_TEAM,
            OPH_FIELD_NONE);
    t->after_whoami = then;
    return form_open(t, s);
}
