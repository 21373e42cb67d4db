#!/usr/bin/env bash
# The layers of docs/ARCHITECTURE.md, checked on the built objects and on the includes: a call
# or an include that crosses a layer the wrong way fails (a CTest test, layers_check).
#   scripts/layer-check.sh SOURCE_DIR OBJECT_DIR   (OBJECT_DIR: the build's CMakeFiles, where
#   each layer's library ophamp_LAYER keeps its objects)
#
#   core   -> nothing            the plan's rules: no SQLite, no ncurses, no I/O of its own
#   store  -> core               the only SQL
#   export -> core               renderers: structs in, text out
#   app    -> core store export  the actions
#   import -> core store export  the importers (spreadsheets, case bundles); of app only the
#             + app's helpers    helpers they build a case with (app_internal.h: `only` below)
#   cli    -> app core export    the front ends: never the store, never each other; only the
#             import             command line runs the importers
#   tui    -> app core export    (main.c hands the terminal front end to the command line)
set -euo pipefail
src=$1
obj=$2
declare -A may=([core]="" [store]="core" [export]="core" [app]="core store export"
                [import]="core store export app" [cli]="app core export import"
                [tui]="app core export")
# Where a layer may call another only in part: the symbols it may call there.
declare -A only=([import:app]="app_case_plan_start app_case_save_new app_sign app_timeline_push
                                check_event_time plan_of")
layers=(core store export app import cli tui)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for l in "${layers[@]}"; do
    # The objects of the layer's sources now (a file moved away leaves its old object behind).
    objs=()
    for c in "$src/src/$l"/*.c; do
        objs+=("$obj/ophamp_$l.dir/src/$l/$(basename "$c").o")
    done
    nm -g --defined-only "${objs[@]}" | awk '$2 ~ /^[TDRBC]$/ {print $3}' | sort -u >"$tmp/def.$l"
    nm -u "${objs[@]}" | awk '{print $2}' | sort -u >"$tmp/und.$l"
done
bad=0
for l in "${layers[@]}"; do
    for m in "${layers[@]}"; do
        [ "$l" = "$m" ] && continue
        crossing=$(comm -12 "$tmp/und.$l" "$tmp/def.$m")
        case " ${may[$l]} " in
        *" $m "*)
            [ -n "${only[$l:$m]:-}" ] || continue
            crossing=$(echo "$crossing" | grep -vxF -f <(printf '%s\n' ${only[$l:$m]}) || true)
            if [ -n "$crossing" ]; then
                echo "layer $l calls layer $m beyond $(echo ${only[$l:$m]}): $(echo $crossing)" >&2
                bad=1
            fi
            continue
            ;;
        esac
        if [ -n "$crossing" ]; then
            echo "layer $l calls layer $m: $(echo $crossing)" >&2
            bad=1
        fi
    done
done
# ncurses only in the terminal front end; SQLite only in the store.
for l in core store export app import cli; do
    if grep -l 'ncurses\|curses\.h' "$src/src/$l"/*.c "$src/src/$l"/*.h 2>/dev/null; then
        echo "layer $l includes ncurses" >&2
        bad=1
    fi
done
for l in core export app import cli tui; do
    if grep -l '#include <sqlite3.h>' "$src/src/$l"/*.c "$src/src/$l"/*.h 2>/dev/null; then
        echo "layer $l includes SQLite" >&2
        bad=1
    fi
done
# A front end includes no header of the store's but app.h's (which hides it) and the export
# headers its layer may use.
for l in cli tui; do
    if grep -ln '#include "ophamp/store\(_export\)\?\.h"\|#include "../store/' \
        "$src/src/$l"/*.c "$src/src/$l"/*.h 2>/dev/null; then
        echo "layer $l includes the store's headers" >&2
        bad=1
    fi
done
# The importers' headers are the command line's alone; of the actions' private headers the
# importers include app_internal.h only.
for l in core store export app tui; do
    if grep -ln '#include "ophamp/\(import\|bundle\)\.h"' "$src/src/$l"/*.c "$src/src/$l"/*.h \
        2>/dev/null; then
        echo "layer $l includes the importers' headers" >&2
        bad=1
    fi
done
if grep -n '#include "\.\./app/' "$src/src/import"/*.c "$src/src/import"/*.h 2>/dev/null |
    grep -v '"\.\./app/app_internal\.h"'; then
    echo "layer import includes a private header of app's other than app_internal.h" >&2
    bad=1
fi
exit $bad
