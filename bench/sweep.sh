#!/usr/bin/env bash
# bench/sweep.sh — time per sweep step, warm (one `lumpsum sweep` of N steps over
# wage_index) against a cold `lumpsum plan` of the same model and glpsol --primal on its
# exported stage-1 LP, in one run on one machine. Prints a Markdown table.
#   bench/sweep.sh [PRESET:STEPS...]   default: village:200 dalfsen:200 zaltbommel:200 midsize:50 amsterdam:5
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/lumpsum
work=$(mktemp -d /tmp/lumpsum-sweep-XXXXXX)
trap 'rm -rf "$work"' EXIT
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(village:200 dalfsen:200 zaltbommel:200 midsize:50 amsterdam:5)
secs() { /usr/bin/time -o "$work/t" -f "%e" "$@" >/dev/null 2>&1; tail -1 "$work/t"; }
echo "| preset | steps | warm s / step | cold plan s | glpsol --primal s | cold / warm | glpsol / warm |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for spec in "${specs[@]}"; do
    p=${spec%%:*} n=${spec##*:}
    $bin generate --preset "$p" --seed 1 "$work/$p" >/dev/null
    $bin export "$work/$p" --format mps -o "$work/$p.mps" >/dev/null
    tw=$(secs $bin sweep "$work/$p" --param wage_index --from 0 --to 0.1 --steps "$n")
    tc=$(secs $bin plan "$work/$p")
    tg=$(secs glpsol --freemps "$work/$p.mps" --primal)
    awk -v p="$p" -v n="$n" -v tw="$tw" -v tc="$tc" -v tg="$tg" 'BEGIN{
        w = tw / n; printf "| %s | %d | %.4f | %.2f | %.2f | %.1f | %.1f |\n", p, n, w, tc, tg,
        (w > 0 ? tc / w : 0), (w > 0 ? tg / w : 0) }'
done
