/* Helpers shared by the Check suites that drive the app: a time from London wall-clock text,
 * and assertions that an action succeeded or was refused with a given kind and message. */
#ifndef OPHAMP_CHECK_SUPPORT_H
#define OPHAMP_CHECK_SUPPORT_H

#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ophamp/calendar.h"
#include "ophamp/error.h"

/* The error every helper and action of a suite fills in. */
static struct oph_error err;

/* A London wall-clock time, 'YYYY-MM-DD HH:MM'. */
static inline oph_time T(const char *s)
{
    oph_time t = 0;
    const char *why = "";
    ck_assert_msg(time_parse(s, &t, &why) == 0, "time_parse(%s): %s", s, why);
    return t;
}

static inline bool msg_has(const char *needle)
{
    return !needle || strstr(err.msg, needle) != NULL;
}

static inline const char *str_or_empty(const char *s)
{
    return s ? s : "";
}

#define EXPECT_OK(expr)                                                                            \
    do {                                                                                           \
        oph_error_clear(&err);                                                                     \
        int rc_ = (expr);                                                                          \
        ck_assert_msg(rc_ >= 0, "%s failed: %s", #expr, err.msg);                                  \
    } while (0)

#define EXPECT_FAIL(expr, want_kind, needle)                                                       \
    do {                                                                                           \
        oph_error_clear(&err);                                                                     \
        int rc_ = (expr);                                                                          \
        ck_assert_msg(rc_ < 0, "%s: expected a refusal, got %d", #expr, rc_);                      \
        ck_assert_msg(err.kind == (want_kind), "%s: error kind %d, want %d (%s)", #expr,           \
                      (int)err.kind, (int)(want_kind), err.msg);                                   \
        ck_assert_msg(msg_has(needle), "%s: message \"%s\" does not mention \"%s\"", #expr,        \
                      err.msg, str_or_empty(needle));                                              \
    } while (0)

/* What the last refusal was about, as data: its field and rule (each front end words them:
 * an option, a form field, a CSV column), and a message that names no front end's words. */
#define EXPECT_AT(want_field, want_rule)                                                           \
    do {                                                                                           \
        ck_assert_msg(err.field == (want_field), "\"%s\": field %d (%s), want %d (%s)", err.msg,   \
                      (int)err.field, oph_field_name(err.field), (int)(want_field),                \
                      oph_field_name(want_field));                                                 \
        ck_assert_msg(err.rule == (want_rule), "\"%s\": rule %d, want %d", err.msg, (int)err.rule, \
                      (int)(want_rule));                                                           \
        ck_assert_msg(!strstr(err.msg, "(--"), "\"%s\" names a command-line option", err.msg);     \
    } while (0)

/* A memory stream and the text written to it (the buffer is the caller's to free). */
struct capture {
    FILE *f;
    char *buf;
    size_t len;
};

static inline FILE *capture_open(struct capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    ck_assert_ptr_nonnull(c->f);
    return c->f;
}

static inline const char *capture_close(struct capture *c)
{
    ck_assert_int_eq(fclose(c->f), 0);
    return c->buf;
}

/* Removes a test's folder and everything in it. */
static inline void rm_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= (int)sizeof sub)
                continue;
            rm_tree(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Every test case's time limit. Check's default (4 seconds) is a guess at the machine's
 * speed: the same test on a loaded machine, under the sanitizers or valgrind, takes many times
 * longer and would fail for that alone. The limit is only there to stop a test that hangs, so
 * it is generous, and every case gets it through tcase_new (a test checks that no suite calls
 * tcase_create itself). */
#define TEST_TIMEOUT_SECONDS 300

/* A test case of suite s with the generous time limit. */
static inline TCase *tcase_new(Suite *s, const char *name)
{
    TCase *t = tcase_create(name);
    tcase_set_timeout(t, TEST_TIMEOUT_SECONDS);
    suite_add_tcase(s, t);
    return t;
}

/* Runs a suite with a fresh temporary folder at dir (its name from `name`), removed after;
 * returns the process's exit status. */
static inline int run_suite_in_temp_dir(Suite *suite, char *dir, size_t dirsz, const char *name)
{
    SRunner *sr = srunner_create(suite);
    snprintf(dir, dirsz, "/tmp/ophamp-test-%s-XXXXXX", name);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        srunner_free(sr);
        return EXIT_FAILURE;
    }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    rm_tree(dir);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
