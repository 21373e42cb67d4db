/* Unit tests of the one out-of-memory policy (xalloc.h): memory asked for is always there, a
 * size that cannot be had ends the program with status 3 and one line on stderr, after the
 * hook the front end sets (which gives the terminal back). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_support.h"
#include "ophamp/record.h"
#include "ophamp/xalloc.h"

START_TEST(test_memory_is_always_there)
{
    char *p = xcalloc(0, 0); /* nothing asked for is still a pointer to free */
    ck_assert_ptr_nonnull(p);
    free(p);
    int *v = xreallocarray(NULL, 4, sizeof *v);
    v[3] = 7;
    v = xreallocarray(v, 1000, sizeof *v);
    ck_assert_int_eq(v[3], 7);
    free(v);
    char *s = xstrdup("welfare-72h");
    ck_assert_str_eq(s, "welfare-72h");
    free(s);
    s = xstrdup(NULL);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

static void hook(void)
{
    /* The exit test's status says the hook ran before the message and the exit. */
    fputs("hook ran\n", stderr);
    _exit(4);
}

/* A count of items whose bytes overflow size_t is out of memory, not a small allocation. */
START_TEST(test_an_impossible_size_exits_with_status_3)
{
    xreallocarray(NULL, SIZE_MAX / 2 + 2, 2); /* wraps to 2 bytes unchecked */
    ck_abort_msg("xreallocarray returned");
}
END_TEST

START_TEST(test_the_hook_runs_first)
{
    xalloc_on_failure(hook);
    xreallocarray(NULL, SIZE_MAX / 4 + 1, 8);
    ck_abort_msg("xreallocarray returned");
}
END_TEST

/* The case record lives on the heap, empty: nothing recorded, no items; freeing it frees the
 * items it grew (valgrind and the sanitizers see a leak otherwise). */
START_TEST(test_a_case_record_on_the_heap)
{
    struct case_detail *c = case_detail_new();
    ck_assert_int_eq(c->outcome, -1);
    ck_assert_int_eq(c->no_arrest_reason, -1);
    ck_assert_int_eq(c->review_result, -1);
    ck_assert(c->review_until == OPH_NO_TIME);
    ck_assert_int_eq(c->n_followups + c->n_evidence + c->n_timeline + c->n_actions, 0);
    ck_assert_str_eq(c->reference, "");
    c->followups =
        record_grow(c->followups, c->n_followups, &c->cap_followups, sizeof *c->followups);
    c->n_followups = 1;
    case_detail_free(c);
    case_detail_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xalloc");
    TCase *t = tcase_new(s, "policy");
    tcase_add_test(t, test_memory_is_always_there);
    tcase_add_test(t, test_a_case_record_on_the_heap);
    tcase_add_exit_test(t, test_an_impossible_size_exits_with_status_3, 3);
    tcase_add_exit_test(t, test_the_hook_runs_first, 4);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
