#!/usr/bin/env bash
# No unit test may depend on the machine's speed: every Check test case gets its generous time
# limit from tcase_new (tests/unit/check_support.h), never Check's 4-second default.
#   scripts/unit-timeouts.sh TESTS_UNIT_DIR
set -euo pipefail
dir=$1
if grep -n 'tcase_create' "$dir"/test_*.c; then
    echo "a suite creates a test case itself: use tcase_new (check_support.h) for its limit" >&2
    exit 1
fi
grep -q 'tcase_set_timeout(t, TEST_TIMEOUT_SECONDS)' "$dir"/check_support.h
