#!/usr/bin/env bash
# No front end reads a refusal's words: the terminal front end, the command line and the
# importers word a refusal from what it carries as data (err->field, err->rule, err->item),
# never by searching or comparing its message. A CTest test (unit_error_words).
#   scripts/error-words-check.sh SOURCE_DIR
set -euo pipefail
src=$1
# A string function whose first argument is a message: err->msg, e.msg, or a msg of its own.
pattern='\b(strstr|strcasestr|strncmp|strcmp|strcasecmp|strncasecmp|memcmp|strchr|strrchr|strspn|strcspn|sscanf|regexec)\s*\([^;]*\bmsg\b'
# Waiting to be wired (the importer names the CSV column from err->field): each entry must
# still be there, so that it is taken off this list once it is gone.
allowed=('src/app/import_csv.c:strstr(msg, " (--")')
files=()
for d in src/tui src/cli src/import; do
    [ -d "$src/$d" ] && files+=("$src/$d"/*.c)
done
files+=("$src"/src/app/import*.c)
bad=0
while IFS= read -r hit; do
    [ -z "$hit" ] && continue
    file=${hit%%:*}
    rel=${file#"$src"/}
    ok=0
    for a in "${allowed[@]}"; do
        [ "${a%%:*}" = "$rel" ] && [[ "$hit" == *"${a#*:}"* ]] && ok=1
    done
    if [ $ok = 0 ]; then
        echo "a front end reads a refusal's words: ${hit#"$src"/}" >&2
        bad=1
    fi
done < <(grep -nE "$pattern" "${files[@]}" 2>/dev/null || true)
for a in "${allowed[@]}"; do
    if ! grep -qF -- "${a#*:}" "$src/${a%%:*}" 2>/dev/null; then
        echo "scripts/error-words-check.sh allows ${a%%:*}, which no longer needs it: take it off" >&2
        bad=1
    fi
done
exit $bad
