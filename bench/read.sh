#!/usr/bin/env bash
# bench/read.sh — how long loading a model takes next to reading its bytes: `lumpsum check` of
# a generated country (on 1 thread and on all cores) against cat, wc -l, awk splitting every
# line at its commas, and libcsv parsing the files with callbacks that do nothing
# (bench/csv_floor.c), all on the same files from the page cache. Every command runs
# BENCH_REPEAT times (default 11), interleaved, so that a slow minute hits them all; the median
# wall time in milliseconds is reported.
#
#   bench/read.sh [PRESET]        default: country
#
# Needs the build in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-country}
bin=build/lumpsum
work=$(mktemp -d /tmp/lumpsum-read-XXXXXX)
trap 'rm -rf "$work"' EXIT
m=$work/$preset
$bin generate --preset "$preset" --seed 1 "$m" >/dev/null
cc -O2 -o "$work/csv_floor" bench/csv_floor.c -lcsv
files=("$m"/segments.csv "$m"/providers.csv "$m"/contracts.csv "$m"/indicators.csv)
cat "${files[@]}" >/dev/null # the page cache holds them all
cores=$(nproc)

names=("cat" "wc -l" "awk -F," "libcsv parse (csv_floor)" "lumpsum check --threads 1"
       "lumpsum check --threads $cores")
run() {
    case $1 in
    0) cat "${files[@]}" ;;
    1) wc -l "${files[@]}" ;;
    2) awk -F, '{n += NF} END {print n}' "${files[@]}" ;;
    3) "$work/csv_floor" "${files[@]}" ;;
    4) $bin check "$m" --threads 1 ;;
    5) $bin check "$m" --threads "$cores" ;;
    esac
}
repeat=${BENCH_REPEAT:-11}
declare -A ms
for ((r = 0; r < repeat; r++)); do
    for i in "${!names[@]}"; do
        t0=$(date +%s%N)
        run "$i" >/dev/null
        t1=$(date +%s%N)
        ms[$i]+="$(( (t1 - t0) / 1000 )) "
    done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END{printf "%.1f", v[int((NR+1)/2)]/1000}'; }
peak=$( { /usr/bin/time -f "%M" $bin check "$m" >/dev/null; } 2>&1 | tail -1)
echo "Loading the $preset preset ($(du -sh "$m" | cut -f1), $(($(wc -l <"$m/contracts.csv") - 1)) contracts;" \
     "median of $repeat interleaved runs, wall ms; check's peak memory $((peak / 1024)) MB):"
echo
echo "| command | ms | × cat | × libcsv parse |"
echo "| --- | ---: | ---: | ---: |"
tcat=$(median <<<"${ms[0]}")
tfloor=$(median <<<"${ms[3]}")
for i in "${!names[@]}"; do
    t=$(median <<<"${ms[$i]}")
    echo "| ${names[$i]} | $t | $(awk -v a="$t" -v b="$tcat" 'BEGIN{printf "%.1f", a/b}') |" \
         "$(awk -v a="$t" -v b="$tfloor" 'BEGIN{printf "%.2f", a/b}') |"
done
