/* x: something written to a file (the case view's case, the statistics view's report). The
 * user is offered a name in their documents folder ($XDG_DOCUMENTS_DIR when it is set and
 * exists, else their home), the format follows the file's extension, an existing file is
 * replaced only after a yes, and the status line says where the file went. The writing is
 * the command line's own (`ophamp export REF`, `ophamp report -o`). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ophamp/exports.h"
#include "ophamp/outfile.h"
#include "ophamp/text.h"
#include "tui_internal.h"

/* One file at a time: the prompt and the question that follow x. */
static struct {
    const struct tui_save *save;
    void *ctx;
    char path[1024];
} pending;

static bool is_dir(const char *path)
{
    struct stat st;
    return path && *path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char case_ref[REF_LEN + 1]; /* the case the case view's x writes */

static int write_case(struct tui *t, void *ctx, const char *path, bool replace,
                      struct oph_error *err)
{
    (void)ctx;
    enum out_format fmt = (enum out_format)format_for_path(path, WRITES_CASES);
    const char *refs[1] = {case_ref};
    struct export_request rq = {.refs = refs, .n_refs = 1, .scope = SCOPE_ALL, .redact = NULL};
    struct out_file of;
    if (out_open(&of, path, replace, app_path(&t->app), err))
        return -1;
    if (export_cases(&t->app, &rq, fmt, of.fp, err)) {
        out_abort(&of);
        return -1;
    }
    return out_commit(&of, err);
}

static void write_file(struct tui *t, bool replace)
{
    struct oph_error err = {0};
    if (pending.save->write(t, pending.ctx, pending.path, replace, &err)) {
        tui_say(t, true, "Not exported: %s", err.msg);
        return;
    }
    char full[PATH_MAX];
    tui_say(t, false, "%s written to %s", pending.save->what,
            realpath(pending.path, full) ? full : pending.path);
}

static void replace_answer(struct tui *t, void *ctx, bool yes)
{
    (void)ctx;
    if (yes)
        write_file(t, true);
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
    if (format_for_path(pending.path, pending.save->writes) < 0) {
        char endings[128];
        tui_say(t, true, "Not exported: the file name must end in %s",
                format_list(pending.save->writes, true, ", ", " or ", endings, sizeof endings));
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
    write_file(t, false);
}

void tui_save(struct tui *t, const struct tui_save *save, void *ctx, const char *name)
{
    const char *docs = getenv("XDG_DOCUMENTS_DIR"), *home = getenv("HOME");
    const char *dir = is_dir(docs) ? docs : is_dir(home) ? home : ".";
    char initial[sizeof t->prompt.text], endings[128], prompt[192];
    pending.save = save;
    pending.ctx = ctx;
    (void)!snprintf(initial, sizeof initial, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                    name);
    (void)!snprintf(prompt, sizeof prompt, "%s (%s):", save->prompt,
                    format_list(save->writes, true, " ", " ", endings, sizeof endings));
    tui_prompt(t, prompt, initial, name_given, NULL);
}

void tui_case_export(struct tui *t, const char *ref)
{
    static const struct tui_save case_save = {
        .prompt = "Export to",
        .writes = WRITES_CASES,
        .what = case_ref,
        .write = write_case,
    };
    char name[REF_LEN + 8];
    text_copy(case_ref, sizeof case_ref, ref);
    (void)!snprintf(name, sizeof name, "%s.html", ref);
    tui_save(t, &case_save, NULL, name);
}
