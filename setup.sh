#!/usr/bin/env bash
# setup.sh — install what lumpsum needs on Debian 12 (as root), then configure and build.
#
#   ./setup.sh            install missing packages, build into build/
#   ./setup.sh --test     the same, then run the whole test suite (ctest)
#   ./setup.sh --deps     only install missing packages
#   ./setup.sh --bench    also the packages bench/ compares with: COIN-OR Clp (coinor-clp),
#                         GNU time, gnuplot and perf (linux-perf); then build
#
# Only packages that are missing are installed, so a second run is quick and offline.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
    build-essential cmake pkg-config
    libglpk-dev glpk-utils      # LP solver; glpsol re-solves exported LPs in the tests
    libgsl-dev                  # sampling, statistics, root finding
    libcmocka-dev               # unit tests
    libcsv-dev                  # CSV reader
    libjansson-dev              # JSON output
    libxlsxwriter-dev           # Excel workbooks with charts (--xlsx)
    libzip-dev libexpat1-dev    # reading a model from a workbook (MODEL.xlsx)
    gettext                     # msgfmt: the Dutch message catalogue (po/nl.po)
    unzip                       # the tests read the workbooks back
    libopenmpi-dev openmpi-bin  # risk, sweep and plan --batch over several processes
    clang libclang-rt-dev       # the second compiler; CI builds with its sanitizers and libFuzzer
    valgrind                    # CI runs the examples and unit suites under memcheck
)

# bench/ only: the solver lumpsum is measured against, /usr/bin/time for peak memory, the plot,
# the wall-clock profile (bench/profile.sh)
[ "${1:-}" = "--bench" ] && packages+=(coinor-clp time gnuplot-nox linux-perf)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup.sh: missing Debian packages: ${missing[*]}" >&2
        echo "setup.sh: run as root, or: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ "${1:-}" = "--deps" ] && exit 0

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"

if [ "${1:-}" = "--test" ]; then
    cd build && ctest --output-on-failure -j "$(nproc)"
fi
