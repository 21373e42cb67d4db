/* ophamp import FILE.json: a case bundle (export --format json) read back. Problems and
 * conflicts go to standard error, one line each; renumbered and replaced cases and the summary
 * to standard output. Exit 2 when the bundle is invalid (nothing imported), 1 when a changed
 * case was left as it is here, 0 otherwise. */
#include <string.h>

#include "cli_internal.h"
#include "ophamp/bundle.h"
#include "ophamp/text.h"

/* Lines quote the bundle's text (references, names, values): neutralised for the terminal. */
static void print_note(void *ctx, enum bundle_note kind, const char *line)
{
    (void)ctx;
    char safe[3 * 1024];
    text_neutralise(line, safe, sizeof safe, false);
    if (kind == BUNDLE_PROBLEM || kind == BUNDLE_CONFLICT || kind == BUNDLE_WARNING)
        fprintf(stderr, "ophamp: %s\n", safe);
    else
        printf("%s\n", safe);
}

int cli_import_bundle(struct cli *cli, struct parsed *p, const char *path)
{
    struct app *app;
    int rc = cli_app(cli, &app);
    if (rc)
        return rc;
    struct bundle_options o = {.dry_run = has(p, "dry-run"), .replace = has(p, "replace")};
    struct bundle_result res;
    struct oph_error err = {0};
    if (app_import_bundle(app, path, &o, print_note, NULL, &res, &err)) {
        if (res.problems > 0)
            return EXIT_USAGE; /* each problem has its line */
        return cli_report(&err);
    }
    printf("%simported %ld case%s (%ld new %s), ", o.dry_run ? "dry run, nothing written: " : "",
           res.imported, res.imported == 1 ? "" : "s", res.new_people,
           res.new_people == 1 ? "person" : "people");
    if (o.replace)
        printf("%ld replaced, ", res.replaced);
    printf("%ld identical skipped, %ld conflict%s\n", res.identical, res.conflicts,
           res.conflicts == 1 ? "" : "s");
    return res.conflicts > 0 ? EXIT_REFUSED : EXIT_OK;
}
