#!/usr/bin/env bash
# bench/targets.sh — every speed target as a ratio, measured side by side in one run on one
# machine (bench/README.md, "The targets"): in each of BENCH_REPEAT rounds (default 3) the
# lumpsum command and what it is held against run back to back, so that a slow minute of the
# VM hits both; the median of each is reported, with the machine's load average.
#
#   bench/targets.sh            amsterdam and country presets, seed 1
#   RISK_RUNS=N (default 100), SWEEP_STEPS=N (default 200), CLP_LOOP=N (default 5)
#   STUDY_RUNS=N (default 1000): risk once more at the size of a controller's study, where
#   each worker's cold solve of the base model weighs less than at 100 runs, and beside it the
#   same runs split between two separate one-thread processes at once (N/2 each, seeds 1 and
#   2): the same work as two threads, each worker with its own setup, in processes that share
#   nothing but the machine; 0 leaves both out
#   The sweep is timed on one thread and on two (--threads 2: two blocks of steps at once).
#   PAUSE=S (default 2): seconds of rest before each timed command, so that each starts as a
#   user's first run does, on memory freed more than a second before: on a virtual machine,
#   faulting such memory in costs more than memory freed a moment ago (bench/README.md, the
#   seventeenth round). PAUSE=0 runs them back to back.
#
# Needs the build in build/, clp (./setup.sh --bench) and a C compiler for bench/csv_floor.c.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/lumpsum
work=$(mktemp -d /tmp/lumpsum-targets-XXXXXX)
trap 'rm -rf "$work"' EXIT
command -v clp >/dev/null || { echo "bench/targets.sh: needs clp (./setup.sh --bench)" >&2; exit 1; }
rounds=${BENCH_REPEAT:-3} runs=${RISK_RUNS:-100} steps=${SWEEP_STEPS:-200} loop=${CLP_LOOP:-5}
pause=${PAUSE:-2}
study=${STUDY_RUNS:-1000}
for p in amsterdam country; do
    $bin generate --preset $p --seed 1 "$work/$p" >/dev/null
    $bin export "$work/$p" --format mps -o "$work/$p.mps" >/dev/null
done
cc -O2 -o "$work/csv_floor" bench/csv_floor.c -lcsv
cf=("$work"/country/segments.csv "$work"/country/providers.csv "$work"/country/contracts.csv
    "$work"/country/indicators.csv)

# wall seconds of a command (to the microsecond); its peak KB into $work/peak
secs() {
    local t0 t1
    sleep "$pause"
    t0=$(date +%s%N)
    /usr/bin/time -o "$work/peak" -f "%M" "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.6f", (b - a) / 1e9}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
declare -A t
add() { t[$1]+="$2 "; }
peak_country=0
for _ in $(seq "$rounds"); do
    add plan_a "$(secs $bin plan "$work/amsterdam")"
    add clp_a "$(secs clp "$work/amsterdam.mps" -dualsimplex)"
    add plan_c "$(secs $bin plan "$work/country")"
    k=$(tail -1 "$work/peak"); [ "$k" -le "$peak_country" ] || peak_country=$k
    add clp_c "$(secs clp "$work/country.mps" -dualsimplex)"
    add risk0 "$(secs $bin risk "$work/amsterdam" --runs 1 --seed 1 --threads 1)"
    add risk1 "$(secs $bin risk "$work/amsterdam" --runs "$runs" --seed 1 --threads 1)"
    add risk2 "$(secs $bin risk "$work/amsterdam" --runs "$runs" --seed 1 --threads 2)"
    if [ "$study" -gt 0 ]; then
        add study1 "$(secs $bin risk "$work/amsterdam" --runs "$study" --seed 1 --threads 1)"
        add study2 "$(secs $bin risk "$work/amsterdam" --runs "$study" --seed 1 --threads 2)"
        # the same runs as two one-thread processes at once, half each (seeds 1 and 2): what
        # T=2 would take if its threads shared nothing, each setup and half the draws
        half=$((study / 2))
        add pair "$(secs bash -c "$bin risk '$work/amsterdam' --runs $half --seed 1 --threads 1 & $bin risk '$work/amsterdam' --runs $((study - half)) --seed 2 --threads 1; wait")"
    fi
    add clp_loop "$(secs bash -c "for i in \$(seq $loop); do clp '$work/amsterdam.mps' -dualsimplex >/dev/null 2>&1; done")"
    add sweep "$(secs $bin sweep "$work/amsterdam" --param wage_index --from 0 --to 0.1 --steps "$steps")"
    add sweep2 "$(secs $bin sweep "$work/amsterdam" --param wage_index --from 0 --to 0.1 --steps "$steps" --threads 2)"
    add check "$(secs $bin check "$work/country" --threads "$(nproc)")"
    add floor "$(secs "$work/csv_floor" "${cf[@]}")"
done
m() { median ${t[$1]}; }
r() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a / b}'; }
pa=$(m plan_a) ca=$(m clp_a) pc=$(m plan_c) cc_=$(m clp_c) r1=$(m risk1) r2=$(m risk2)
cl=$(m clp_loop) sw=$(m sweep) sw2=$(m sweep2) ck=$(m check) fl=$(m floor)
# runs per second; a Clp solve of the Amsterdam LP in the loop, per run; a sweep step
rps1=$(awk -v n="$runs" -v s="$r1" 'BEGIN{print n / s}')
rps2=$(awk -v n="$runs" -v s="$r2" 'BEGIN{print n / s}')
clps=$(awk -v n="$loop" -v s="$cl" 'BEGIN{print n / s}')
step=$(awk -v n="$steps" -v s="$sw" 'BEGIN{print s / n}')
step2=$(awk -v n="$steps" -v s="$sw2" 'BEGIN{print s / n}')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "Processor: ${cpu:-unknown}."
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $rounds rounds, medians;" \
     "risk $runs runs, sweep $steps steps, a loop of $loop Clp solves; $pause s of rest before each."
echo
echo "| target | lumpsum | against | ratio | asked |"
echo "| --- | ---: | ---: | ---: | ---: |"
f3() { printf %.3f "$1"; }
echo "| plan amsterdam vs clp -dualsimplex | $(f3 "$pa") s | $(f3 "$ca") s | $(r "$ca" "$pa") × | ≥ 4 × |"
echo "| plan country vs clp -dualsimplex | $(f3 "$pc") s | $(f3 "$cc_") s | $(r "$cc_" "$pc") × | ≥ 2.5 × |"
echo "| plan country peak memory | $((peak_country / 1024)) MB | | | < 400 MB |"
echo "| risk amsterdam T=1 vs a loop of cold Clp solves | $(printf %.1f "$rps1") runs/s | $(printf %.2f "$clps") runs/s | $(r "$rps1" "$clps") × | ≥ 100 × |"
echo "| risk amsterdam T=2 vs T=1 | $(printf %.1f "$rps2") runs/s | $(printf %.1f "$rps1") runs/s | $(r "$rps2" "$rps1") × | ≥ 1.9 × |"
# what two cores could give at most: each worker reads nothing but makes its own cold solve
# of the base model (the time of --runs 1 less a draw, s), so T=2 takes at least s + the
# draws / 2 (Amdahl), with d = (T=1 − s1) / (runs − 1) a draw and s1 = the --runs 1 time
if [ "$runs" -gt 1 ]; then
    r0=$(m risk0)
    d1=$(awk -v a="$r1" -v b="$r0" -v n="$runs" 'BEGIN{print (a - b) / (n - 1)}')
    s0=$(awk -v b="$r0" -v d="$d1" 'BEGIN{print b - d}')
    bound=$(awk -v s="$s0" -v d="$d1" -v n="$runs" 'BEGIN{printf "%.2f", (s + n * d) / (s + n * d / 2)}')
    ms() { awk -v s="$1" -v k="$2" 'BEGIN{printf "%.*f", k, 1e3 * s}'; }
    echo "| (risk T=2 vs T=1 at most, a setup of $(ms "$s0" 0) ms and a draw of $(ms "$d1" 1) ms) | | | $bound × | |"
fi
if [ "$study" -gt 0 ]; then
    s1=$(awk -v n="$study" -v s="$(m study1)" 'BEGIN{print n / s}')
    s2=$(awk -v n="$study" -v s="$(m study2)" 'BEGIN{print n / s}')
    echo "| risk amsterdam T=1 vs a loop of cold Clp solves, $study runs | $(printf %.1f "$s1") runs/s | $(printf %.2f "$clps") runs/s | $(r "$s1" "$clps") × | ≥ 100 × |"
    echo "| risk amsterdam T=2 vs T=1, $study runs | $(printf %.1f "$s2") runs/s | $(printf %.1f "$s1") runs/s | $(r "$s2" "$s1") × | ≥ 1.9 × |"
    sp=$(awk -v n="$study" -v s="$(m pair)" 'BEGIN{print n / s}')
    echo "| (the same $study runs as two T=1 processes at once, half each, vs T=1) | $(printf %.1f "$sp") runs/s | $(printf %.1f "$s1") runs/s | $(r "$sp" "$s1") × | |"
    if [ "$runs" -gt 1 ]; then
        # the bound as above, with the draw measured at this size
        ds=$(awk -v a="$(m study1)" -v b="$r0" -v n="$study" 'BEGIN{print (a - b) / (n - 1)}')
        ss=$(awk -v b="$r0" -v d="$ds" 'BEGIN{print b - d}')
        bs=$(awk -v s="$ss" -v d="$ds" -v n="$study" 'BEGIN{printf "%.2f", (s + n * d) / (s + n * d / 2)}')
        echo "| (risk T=2 vs T=1 at most, $study runs, a setup of $(ms "$ss" 0) ms and a draw of $(ms "$ds" 1) ms) | | | $bs × | |"
    fi
fi
echo "| sweep amsterdam, a step vs a cold Clp solve | $(awk -v s="$step" 'BEGIN{printf "%.1f", 1e3 * s}') ms | $(awk -v s="$ca" 'BEGIN{printf "%.0f", 1e3 * s}') ms | $(r "$ca" "$step") × | ≥ 100 × |"
echo "| the same on 2 threads (--threads 2) | $(awk -v s="$step2" 'BEGIN{printf "%.1f", 1e3 * s}') ms | $(awk -v s="$ca" 'BEGIN{printf "%.0f", 1e3 * s}') ms | $(r "$ca" "$step2") × | ≥ 100 × |"
echo "| check country ($(nproc) threads) vs libcsv's bare parse | $(awk -v s="$ck" 'BEGIN{printf "%.0f", 1e3 * s}') ms | $(awk -v s="$fl" 'BEGIN{printf "%.0f", 1e3 * s}') ms | $(r "$ck" "$fl") × | ≤ 1.2 × |"
