/* A form's fields: building a form and reading it back, editing one field's value (UTF-8
 * text, choices, yes/no) and the checks a form makes before it asks the app. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ophamp/text.h"
#include "ophamp/when.h"
#include "ophamp/workflow.h"
#include "ophamp/xalloc.h"
#include "tui_internal.h"

static const char *const yesno_names[] = {"no", "yes"};

/* ---- building and reading a form --------------------------------------------------- */

struct form_spec *form_new(const char *title, form_submit_fn submit, void *ctx,
                           void (*free_ctx)(void *))
{
    struct form_spec *s = xcalloc(1, sizeof *s);
    text_copy(s->title, sizeof s->title, title);
    s->submit = submit;
    s->ctx = ctx;
    s->free_ctx = free_ctx;
    s->error_field = -1;
    return s;
}

void form_free(struct form_spec *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n_fields; i++)
        free(s->fields[i].value);
    if (s->free_ctx)
        s->free_ctx(s->ctx);
    free(s);
}

static bool is_text_kind(enum field_kind k)
{
    return k != FK_CHOICE && k != FK_YESNO;
}

struct form_field *form_add(struct form_spec *s, enum field_kind kind, const char *key,
                            const char *label, unsigned flags, size_t max_chars)
{
    if (s->n_fields >= FORM_FIELDS_MAX) {
        endwin();
        fprintf(stderr, "ophamp: form %s has too many fields\n", s->title);
        exit(3);
    }
    struct form_field *f = &s->fields[s->n_fields++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->key = key;
    f->label = label;
    f->flags = flags;
    f->choice = -1;
    if (!max_chars) {
        static const size_t usual[] = {
            [FK_TEXT] = MAX_SHORT, [FK_MULTILINE] = MAX_TEXT, [FK_TIME] = 25, [FK_CHOICE] = 0,
            [FK_YESNO] = 0,        [FK_PERSON] = MAX_NUMBER,  [FK_NUMBER] = 6};
        max_chars = usual[kind];
    }
    f->max_chars = max_chars;
    if (is_text_kind(kind)) {
        f->cap = max_chars * 4 + 1;
        f->value = xcalloc(1, f->cap);
    }
    return f;
}

static int find_index(const struct form_spec *s, const char *key)
{
    for (int i = 0; key && i < s->n_fields; i++)
        if (strcmp(s->fields[i].key, key) == 0)
            return i;
    return -1;
}

struct form_field *form_find(struct form_spec *s, const char *key)
{
    int i = find_index(s, key);
    return i < 0 ? NULL : &s->fields[i];
}

void form_set_text(struct form_field *f, const char *text)
{
    if (f->value)
        text_copy(f->value, f->cap, text ? text : "");
}

void form_set_time(struct form_field *f, oph_time t)
{
    char buf[OPH_LOCAL_LEN] = "";
    if (t != OPH_NO_TIME)
        time_format_local(t, buf);
    form_set_text(f, buf);
}

void form_set_number(struct form_field *f, int n)
{
    char buf[24] = "";
    if (n >= 0)
        snprintf(buf, sizeof buf, "%d", n);
    form_set_text(f, buf);
}

bool form_shown(struct form_spec *s, const struct form_field *f)
{
    if (!f->show_key)
        return true;
    const struct form_field *g = form_find(s, f->show_key);
    if (!g)
        return true;
    return g->choice >= 0 && g->choice < 32 && (f->show_mask & (1u << g->choice));
}

static struct form_field *shown_field(struct form_spec *s, const char *key)
{
    struct form_field *f = form_find(s, key);
    return f && form_shown(s, f) ? f : NULL;
}

const char *form_text(struct form_spec *s, const char *key)
{
    struct form_field *f = shown_field(s, key);
    return f ? f->value : NULL;
}

int form_choice(struct form_spec *s, const char *key)
{
    struct form_field *f = shown_field(s, key);
    return f ? f->choice : -1;
}

oph_time form_time(struct form_spec *s, const char *key, oph_time now)
{
    struct form_field *f = shown_field(s, key);
    oph_time at;
    const char *why;
    if (!f || !f->value || !f->value[0] || when_parse(f->value, now, &at, &why))
        return OPH_NO_TIME;
    return at;
}

int form_number(struct form_spec *s, const char *key)
{
    struct form_field *f = shown_field(s, key);
    if (!f || !f->value || !f->value[0])
        return -1;
    long n = strtol(f->value, NULL, 10);
    return n > INT_MAX ? INT_MAX : (int)n;
}

struct form_field *form_id(struct form_field *f, enum oph_field id, enum oph_field id2)
{
    f->id = id;
    f->id2 = id2;
    return f;
}

int form_field_of(struct form_spec *s, const struct oph_error *err)
{
    int item = -1;
    for (int i = 0; i < s->n_fields; i++) {
        const struct form_field *f = &s->fields[i];
        if (!form_shown(s, f))
            continue;
        if (err->field != OPH_FIELD_NONE && (f->id == err->field || f->id2 == err->field))
            return i;
        if (f->id == OPH_FIELD_ITEM && item < 0)
            item = i;
    }
    /* A refusal about the item as a whole (a step that needs a welfare contact first). */
    return err->item != OPH_ITEM_NONE ? item : -1;
}

int form_fail(struct form_spec *s, const char *key)
{
    s->error_field = find_index(s, key);
    return -1;
}

/* ---- text measures ------------------------------------------------------------------ */

/* Decodes one character; returns its bytes (1 for an invalid byte) and its columns. */
static size_t char_at(const char *p, size_t left, int *cols)
{
    wchar_t wc;
    mbstate_t ms;
    memset(&ms, 0, sizeof ms);
    size_t k = mbrtowc(&wc, p, left, &ms);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        *cols = 1;
        return 1;
    }
    int w = wcwidth(wc);
    *cols = w < 0 ? 1 : w;
    return k;
}

int form_span_width(const char *s, size_t n)
{
    int used = 0, w;
    for (size_t i = 0; i < n; used += w)
        i += char_at(s + i, n - i, &w);
    return used;
}

size_t text_fit(const char *s, int width)
{
    size_t len = strlen(s), i = 0, space = 0;
    int used = 0, w;
    while (i < len) {
        size_t k = char_at(s + i, len - i, &w);
        if (used + w > width)
            return space ? space : (i ? i : k);
        used += w;
        i += k;
        if (s[i - 1] == ' ')
            space = i;
    }
    return len;
}

static size_t prev_char(const char *s, size_t pos)
{
    while (pos > 0 && ((unsigned char)s[--pos] & 0xC0) == 0x80)
        ;
    return pos;
}

size_t form_next_char(const char *s, size_t pos)
{
    if (!s[pos])
        return pos;
    while (s[++pos] && ((unsigned char)s[pos] & 0xC0) == 0x80)
        ;
    return pos;
}

const char *form_field_choice_name(const struct form_field *f)
{
    if (f->choice < 0)
        return "\u2014";
    if (f->kind == FK_YESNO)
        return yesno_names[f->choice ? 1 : 0];
    return (size_t)f->choice < f->vocab->count ? f->vocab->names[f->choice] : "?";
}

static int choice_count(const struct form_field *f)
{
    return f->kind == FK_YESNO ? 2 : (int)f->vocab->count;
}

static void trim(char *s)
{
    size_t n = strlen(s), a = 0;
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
    while (s[a] == ' ')
        a++;
    memmove(s, s + a, n - a + 1);
}

/* What the form itself can say before asking the app: missing and malformed values. */
bool form_field_check(struct form_field *f, oph_time now)
{
    struct oph_error err = {0};
    const char *why;
    oph_time at;
    if (!form_field_is_text(f)) {
        if (f->choice < 0 && !(f->flags & FF_OPTIONAL))
            snprintf(f->error, sizeof f->error, "%s: choose one (\u2190/\u2192)", f->label);
        return !f->error[0];
    }
    if (f->kind != FK_MULTILINE)
        trim(f->value);
    if (!f->value[0]) {
        if (f->flags & FF_REQUIRED)
            snprintf(f->error, sizeof f->error, "%s is required", f->label);
    } else if (f->kind == FK_TIME && when_parse(f->value, now, &at, &why)) {
        snprintf(f->error, sizeof f->error, "%s: %s", f->label, why);
    } else if (check_text(f->label, f->value, f->max_chars,
                          f->kind == FK_MULTILINE ? TEXT_MULTILINE : 0, &err)) {
        text_copy(f->error, sizeof f->error, err.msg);
    }
    return !f->error[0];
}

static bool insert_char(struct tui *t, struct form_field *f, size_t *pos, wint_t ch)
{
    if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0))
        return false;
    if ((f->kind == FK_NUMBER && (ch < '0' || ch > '9')) || (f->kind == FK_PERSON && ch == ' '))
        return false;
    char mb[MB_LEN_MAX];
    mbstate_t ms;
    memset(&ms, 0, sizeof ms);
    size_t n = wcrtomb(mb, (wchar_t)ch, &ms);
    size_t len = strlen(f->value);
    if (n == (size_t)-1)
        return false;
    if (utf8_length(f->value) >= f->max_chars || len + n >= f->cap) {
        tui_say(t, true, "%s takes at most %zu characters", f->label, f->max_chars);
        return false;
    }
    memmove(f->value + *pos + n, f->value + *pos, len - *pos + 1);
    memcpy(f->value + *pos, mb, n);
    *pos += n;
    return true;
}

/* Editing keys of a text field; returns whether the value changed. */
static bool edit_text(struct tui *t, struct form_field *f, size_t *pos, wint_t ch, bool is_key)
{
    size_t len = strlen(f->value);
    if (*pos > len)
        *pos = len;
    if (is_key) {
        switch (ch) {
        case KEY_LEFT:
            *pos = prev_char(f->value, *pos);
            return false;
        case KEY_RIGHT:
            *pos = form_next_char(f->value, *pos);
            return false;
        case KEY_HOME:
            *pos = 0;
            return false;
        case KEY_END:
            *pos = len;
            return false;
        case KEY_BACKSPACE:
            break;
        case KEY_DC: {
            size_t e = form_next_char(f->value, *pos);
            memmove(f->value + *pos, f->value + e, len - e + 1);
            return e != *pos;
        }
        default:
            return false;
        }
    }
    if ((is_key && ch == KEY_BACKSPACE) || ch == 127 || ch == 8) {
        size_t b = prev_char(f->value, *pos);
        memmove(f->value + b, f->value + *pos, len - *pos + 1);
        bool changed = b != *pos;
        *pos = b;
        return changed;
    }
    if (ch == 21) { /* Ctrl-U clears the field */
        f->value[0] = '\0';
        *pos = 0;
        return len > 0;
    }
    if (ch == 1 || ch == 5) { /* Ctrl-A, Ctrl-E as in a shell */
        *pos = ch == 1 ? 0 : len;
        return false;
    }
    return insert_char(t, f, pos, ch);
}

/* Keys of a choice or yes/no: cycle, jump to a letter, clear when optional. */
static bool edit_choice(struct form_field *f, wint_t ch, bool is_key)
{
    int n = choice_count(f), lo = (f->flags & FF_OPTIONAL) ? -1 : 0, old = f->choice;
    if (n <= 0)
        return false;
    if ((is_key && ch == KEY_RIGHT) || (!is_key && ch == ' ')) {
        f->choice = f->choice + 1 >= n ? lo : f->choice + 1;
    } else if (is_key && ch == KEY_LEFT) {
        f->choice = f->choice - 1 < lo ? n - 1 : f->choice - 1;
    } else if ((is_key && (ch == KEY_BACKSPACE || ch == KEY_DC)) || ch == 127 || ch == 8 ||
               ch == 21) {
        f->choice = lo;
    } else if (!is_key && ch < 0x80 && ch > ' ') {
        for (int k = 1; k <= n; k++) { /* the next name starting with the letter, wrapping */
            int c = ((f->choice < 0 ? -1 : f->choice) + k) % n;
            const char *name = f->kind == FK_YESNO ? yesno_names[c] : f->vocab->names[c];
            if (tolower((unsigned char)name[0]) == tolower((int)ch)) {
                f->choice = c;
                break;
            }
        }
    }
    return f->choice != old;
}

bool form_field_is_text(const struct form_field *f)
{
    return is_text_kind(f->kind);
}

bool form_field_key(struct tui *t, struct form_field *f, size_t *pos, wint_t ch, bool is_key)
{
    return form_field_is_text(f) ? edit_text(t, f, pos, ch, is_key) : edit_choice(f, ch, is_key);
}
