#!/usr/bin/env bash
# Installs the Debian packages ophamp needs to build and test, if any are missing.
set -euo pipefail

# The tests read exports with independent readers: python3-html5lib (HTML), cmark-gfm and
# python3-markdown (Markdown), python3-icalendar (calendars), python3-openpyxl (spreadsheets);
# python3-scipy solves a redacted report's sums. libxlsxwriter-dev writes the xlsx exports.
# clang with libclang-rt-14-dev (libFuzzer and clang's sanitizer runtimes, which clang only
# recommends) builds the fuzz targets: make fuzz; clang-format keeps the code's layout
# (make format; make test fails on drift); ninja-build runs the builds.
packages=(build-essential cmake ninja-build pkg-config libncurses-dev libsqlite3-dev sqlite3 nettle-dev
          check tmux python3 valgrind python3-markdown python3-icalendar libcsv-dev
          libxlsxwriter-dev python3-openpyxl
          python3-scipy python3-html5lib cmark-gfm
          clang libclang-rt-14-dev clang-format)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ophamp: installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "ophamp: missing packages (${missing[*]}); install them as root: apt-get install ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
