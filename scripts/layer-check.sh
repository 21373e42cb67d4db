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
#   cli    -> app core export    the front ends: never the store, never each other
#   tui    -> app core export    (main.c hands the terminal front end to the command line)
set -euo pipefail
src=$1
obj=$2
declare -A may=([core]="" [store]="core" [export]="core" [app]="core store export"
                [cli]="app core export" [tui]="app core export")
layers=(core store export app cli tui)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for l in "${layers[@]}"; do
    nm -g --defined-only "$obj/ophamp_$l.dir/src/$l"/*.o | awk '$2 ~ /^[TDRBC]$/ {print $3}' | sort -u >"$tmp/def.$l"
    nm -u "$obj/ophamp_$l.dir/src/$l"/*.o | awk '{print $2}' | sort -u >"$tmp/und.$l"
done
bad=0
for l in "${layers[@]}"; do
    for m in "${layers[@]}"; do
        [ "$l" = "$m" ] && continue
        case " ${may[$l]} " in *" $m "*) continue ;; esac
        crossing=$(comm -12 "$tmp/und.$l" "$tmp/def.$m")
        if [ -n "$crossing" ]; then
            echo "layer $l calls layer $m: $(echo $crossing)" >&2
            bad=1
        fi
    done
done
# ncurses only in the terminal front end; SQLite only in the store.
for l in core store export app cli; do
    if grep -l 'ncurses\|curses\.h' "$src/src/$l"/*.c "$src/src/$l"/*.h 2>/dev/null; then
        echo "layer $l includes ncurses" >&2
        bad=1
    fi
done
for l in core export app cli tui; do
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
exit $bad
