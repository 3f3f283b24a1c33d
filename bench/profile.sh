#!/usr/bin/env bash
# bench/profile.sh — where the wall-clock time of a risk run or a sweep goes: perf samples the
# CPU clock (no hardware counters needed: a VM has none) while lumpsum runs on the Amsterdam
# preset, and the functions and source lines with the most samples are printed. Callgrind
# counts instructions; on this machine a pass over the contracts is bound by memory as much as
# by instructions, and this says which (bench/README.md, the fourteenth round).
#
#   bench/profile.sh [risk|sweep] [PRESET]   (default: risk amsterdam; 300 runs, 100 steps)
#
# Needs the build in build/ and perf (./setup.sh --bench).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/lumpsum
what=${1:-risk} preset=${2:-amsterdam}
command -v perf >/dev/null || { echo "bench/profile.sh: needs perf (./setup.sh --bench)" >&2; exit 1; }
work=$(mktemp -d /tmp/lumpsum-profile-XXXXXX)
trap 'rm -rf "$work"' EXIT
$bin generate --preset "$preset" --seed 1 "$work/m" >/dev/null
case $what in
risk) args=(risk "$work/m" --runs 300 --seed 1 --threads 1 -o "$work/out") ;;
sweep) args=(sweep "$work/m" --param wage_index --from 0 --to 0.1 --steps 100 -o "$work/out") ;;
*) echo "bench/profile.sh: risk or sweep, not '$what'" >&2; exit 2 ;;
esac
perf record -q -e cpu-clock -F 4000 -o "$work/perf.data" "$bin" "${args[@]}" >/dev/null 2>&1
perf report -i "$work/perf.data" --no-children --sort sym --stdio >"$work/sym" 2>/dev/null
perf report -i "$work/perf.data" --no-children --sort srcline --stdio >"$work/line" 2>/dev/null
echo "## $what on the $preset preset: the functions with the most samples"
grep -v '^#' "$work/sym" | grep '%' | head -20 || true
echo
echo "## the source lines with the most samples (??: a library without line tables, GLPK's)"
grep -v '^#' "$work/line" | grep '%' | grep -v '^ *|\|--' | head -25 || true
