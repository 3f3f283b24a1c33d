#!/usr/bin/env bash
# bench/risk.sh — risk runs per second against the thread count, and against a loop that
# solves each run's exported stage-1 LP with COIN-OR Clp and with glpsol, in one run on one
# machine. Prints a Markdown table.   bench/risk.sh [MODEL_OR_PRESET] [RUNS]
# BENCH_REPEAT=N: rounds of the thread counts, the median reported (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/lumpsum
work=$(mktemp -d /tmp/lumpsum-risk-XXXXXX)
trap 'rm -rf "$work"' EXIT
what=${1:-data/zaltbommel} runs=${2:-400}
if [ -d "$what" ]; then m=$what; else m=$work/m; $bin generate --preset "$what" --seed 1 "$m" >/dev/null; fi
secs() { /usr/bin/time -o "$work/t" -f "%e" "$@" >/dev/null 2>&1; tail -1 "$work/t"; }
# BENCH_REPEAT rounds of T=1 then T=2 side by side, the median of each (the VM's speed drifts
# by some 20 % from minute to minute)
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
t1s=() t2s=()
for _ in $(seq "${BENCH_REPEAT:-3}"); do
    t1s+=("$(secs $bin risk "$m" --runs "$runs" --seed 1 --threads 1)")
    t2s+=("$(secs $bin risk "$m" --runs "$runs" --seed 1 --threads 2)")
done
t1=$(median "${t1s[@]}") t2=$(median "${t2s[@]}")
# the loop a user without lumpsum would write: one exported LP per run, solved cold
$bin export "$m" --format mps -o "$work/lp.mps" >/dev/null 2>&1
k=20
tc=$(secs bash -c "for i in \$(seq $k); do clp '$work/lp.mps' -dualsimplex >/dev/null 2>&1; done")
tg=$(secs bash -c "for i in \$(seq $k); do glpsol --freemps '$work/lp.mps' --primal >/dev/null 2>&1; done")
awk -v m="$what" -v n="$runs" -v t1="$t1" -v t2="$t2" -v tc="$tc" -v tg="$tg" -v k="$k" 'BEGIN{
  r1 = n / t1; r2 = n / t2; rc = k / tc; rg = k / tg
  print "| model | runs | runs/s T=1 | runs/s T=2 | speed-up | Clp loop runs/s | glpsol loop runs/s | T=2 / Clp |"
  print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf "| %s | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f |\n", m, n, r1, r2, r2 / r1, rc, rg, r2 / rc }'
