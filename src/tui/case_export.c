/* x in the case view: the open case written to a file. The user is offered a name in their
 * documents folder ($XDG_DOCUMENTS_DIR when it is set and exists, else their home), the
 * format follows the file's extension, an existing file is replaced only after a yes, and
 * the status line says where the file went. The writing is `ophamp export REF`'s own. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ophamp/exports.h"
#include "ophamp/outfile.h"
#include "ophamp/text.h"
#include "tui_internal.h"

/* One export at a time: the prompt and the question that follow x. */
static struct {
    char ref[REF_LEN + 1];
    char path[1024];
} pending;

static bool is_dir(const char *path)
{
    struct stat st;
    return path && *path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The format a file name asks for, or -1. */
static int format_for(const char *path)
{
    static const struct {
        const char *ext;
        enum doc_format fmt;
    } types[] = {{".html", DOC_HTML}, {".md", DOC_MD}, {".json", DOC_JSON}, {".txt", DOC_TEXT}};
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return -1;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcasecmp(dot, types[i].ext) == 0)
            return (int)types[i].fmt;
    return -1;
}

static void write_export(struct tui *t, bool replace)
{
    enum doc_format fmt = (enum doc_format)format_for(pending.path);
    const char *refs[1] = {pending.ref};
    struct export_request rq = {.refs = refs, .n_refs = 1, .scope = SCOPE_ALL, .redact = NULL};
    struct oph_error err = {0};
    struct out_file of;
    if (out_open(&of, pending.path, replace, app_path(&t->app), &err)) {
        tui_say(t, true, "%s", err.msg);
        return;
    }
    if (export_cases(&t->app, &rq, fmt, of.fp, &err)) {
        out_abort(&of);
        tui_say(t, true, "%s", err.msg);
        return;
    }
    if (out_commit(&of, &err)) {
        tui_say(t, true, "%s", err.msg);
        return;
    }
    char full[PATH_MAX];
    tui_say(t, false, "%s written to %s", pending.ref,
            realpath(pending.path, full) ? full : pending.path);
}

static void replace_answer(struct tui *t, void *ctx, bool yes)
{
    (void)ctx;
    if (yes)
        write_export(t, true);
    else
        tui_say(t, false, "Not exported: %s is left as it was", pending.path);
}

static void name_given(struct tui *t, void *ctx, const char *text)
{
    (void)ctx;
    if (!text)
        return; /* Esc: nothing to say */
    while (*text == ' ')
        text++;
    char name[sizeof pending.path];
    text_copy(name, sizeof name, text);
    for (size_t n = strlen(name); n > 0 && name[n - 1] == ' '; n--)
        name[n - 1] = '\0';
    if (!*name) {
        tui_say(t, true, "Not exported: no file name given");
        return;
    }
    const char *home = getenv("HOME");
    if (name[0] == '~' && name[1] == '/' && home && *home)
        (void)!snprintf(pending.path, sizeof pending.path, "%s%s", home, name + 1);
    else
        text_copy(pending.path, sizeof pending.path, name);
    if (format_for(pending.path) < 0) {
        tui_say(t, true, "Not exported: the file name must end in .html, .md, .json or .txt");
        return;
    }
    struct oph_error err = {0};
    if (out_refuse_database(pending.path, app_path(&t->app), &err)) {
        tui_say(t, true, "Not exported: %s", err.msg); /* before asking to replace it */
        return;
    }
    struct stat st;
    if (lstat(pending.path, &st) == 0) {
        const char *base = strrchr(pending.path, '/');
        char question[sizeof t->prompt.label];
        snprintf(question, sizeof question, "%.90s exists. Replace it?",
                 base && base[1] ? base + 1 : pending.path);
        tui_ask(t, question, replace_answer, NULL);
        return;
    }
    write_export(t, false);
}

void tui_case_export(struct tui *t, const char *ref)
{
    const char *docs = getenv("XDG_DOCUMENTS_DIR"), *home = getenv("HOME");
    const char *dir = is_dir(docs) ? docs : is_dir(home) ? home : ".";
    char initial[sizeof t->prompt.text];
    text_copy(pending.ref, sizeof pending.ref, ref);
    (void)!snprintf(initial, sizeof initial, "%s%s%s.html", dir,
                    dir[strlen(dir) - 1] == '/' ? "" : "/", ref);
    tui_prompt(t, "Export to (.html .md .json .txt):", initial, name_given, NULL);
}
