#!/usr/bin/env bash
# bench/sweep.sh — time per sweep step, warm (one `lumpsum sweep` of N steps over
# wage_index) against a cold `lumpsum plan` of the same model, and glpsol --primal and COIN-OR
# Clp's dual simplex on its exported stage-1 LP, in one run on one machine. Prints a Markdown
# table.
#   bench/sweep.sh [PRESET:STEPS | data/MODEL:STEPS ...]
#   default: the five bundled examples (200 steps), village dalfsen zaltbommel (200),
#   midsize (50), amsterdam (1000)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/lumpsum
work=$(mktemp -d /tmp/lumpsum-sweep-XXXXXX)
trap 'rm -rf "$work"' EXIT
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(data/dalfsen:200 data/zaltbommel:200 data/brunssum:200
    data/drechtsteden:200 data/ijmond:200 village:200 dalfsen:200 zaltbommel:200 midsize:50
    amsterdam:1000)
# wall seconds of a command, to the microsecond (a small model's whole sweep takes a few ms)
secs() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.6f", (b - a) / 1e9}'
}
echo "| preset | steps | warm ms / step | cold plan ms | glpsol --primal ms | clp -dualsimplex ms | cold / warm | glpsol / warm | clp / warm |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for spec in "${specs[@]}"; do
    p=${spec%%:*} n=${spec##*:}
    if [ -d "$p" ]; then m=$p; else m=$work/$p; $bin generate --preset "$p" --seed 1 "$m" >/dev/null; fi
    $bin export "$m" --format mps -o "$work/lp.mps" >/dev/null 2>&1
    tw=$(secs $bin sweep "$m" --param wage_index --from 0 --to 0.1 --steps "$n")
    # cold: 20 runs each (the process start is in every one of them)
    tc=$(secs bash -c "for i in \$(seq 20); do $bin plan '$m' >/dev/null 2>&1; done")
    tg=$(secs bash -c "for i in \$(seq 20); do glpsol --freemps '$work/lp.mps' --primal >/dev/null 2>&1; done")
    tl=$(secs bash -c "for i in \$(seq 20); do clp '$work/lp.mps' -dualsimplex >/dev/null 2>&1; done")
    tc=$(awk -v t="$tc" 'BEGIN{print t / 20}')
    tg=$(awk -v t="$tg" 'BEGIN{print t / 20}')
    tl=$(awk -v t="$tl" 'BEGIN{print t / 20}')
    awk -v p="$p" -v n="$n" -v tw="$tw" -v tc="$tc" -v tg="$tg" -v tl="$tl" 'BEGIN{
        w = tw / n; printf "| %s | %d | %.3f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n", p, n, 1e3 * w, 1e3 * tc, 1e3 * tg, 1e3 * tl,
        (w > 0 ? tc / w : 0), (w > 0 ? tg / w : 0), (w > 0 ? tl / w : 0) }'
done
