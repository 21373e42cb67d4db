#!/usr/bin/env bash
# No front end reads a refusal's words: the terminal front end, the command line and the
# importers word a refusal from what it carries as data (err->field, err->rule, err->item),
# never by searching or comparing its message. A CTest test (unit_error_words).
#   scripts/error-words-check.sh SOURCE_DIR
set -euo pipefail
src=$1
# A string function whose first argument is a message: err->msg, e.msg, or a msg of its own.
pattern='\b(strstr|strcasestr|strncmp|strcmp|strcasecmp|strncasecmp|memcmp|strchr|strrchr|strspn|strcspn|sscanf|regexec)\s*\([^;]*\bmsg\b'
files=()
for d in src/tui src/cli src/import; do
    [ -d "$src/$d" ] && files+=("$src/$d"/*.c)
done
bad=0
while IFS= read -r hit; do
    [ -z "$hit" ] && continue
    echo "a front end reads a refusal's words: ${hit#"$src"/}" >&2
    bad=1
done < <(grep -nE "$pattern" "${files[@]}" 2>/dev/null || true)
exit $bad
