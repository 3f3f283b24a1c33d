#!/usr/bin/env bash
# bench/run.sh — one run, one machine: `lumpsum plan` end to end against glpsol and COIN-OR
# Clp solving the exported stage-1 LP of the same generated model, with peak memory; and the
# country preset's load time against cat, wc -l, awk and libcsv on the same files (bench/read.sh).
#
#   bench/run.sh [PRESET...]      default: village dalfsen zaltbommel midsize amsterdam
#   BENCH_TIMEOUT=600 bench/run.sh country
#   BENCH_REPEAT=N: rounds per preset, the median reported (default 3)
#   BENCH_GLPSOL=0: leave glpsol out (32 s a round on the country; "–" in its column)
#   BENCH_CLP=0: leave Clp out too (the country10 preset: bench/README.md, scaling)
#
# Prints a Markdown table (paste it into bench/README.md). Needs the build in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in clp:coinor-clp /usr/bin/time:time glpsol:glpk-utils; do
    command -v "${tool%%:*}" >/dev/null || apt-get install -y -q "${tool##*:}" >/dev/null
done
bin=build/lumpsum
timeout=${BENCH_TIMEOUT:-300}
work=$(mktemp -d /tmp/lumpsum-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(village dalfsen zaltbommel midsize amsterdam)

# wall seconds (to the millisecond) and peak KB of a command, "timeout" when it does not
# finish
measure() {
    local t0 t1
    t0=$(date +%s%N)
    if /usr/bin/time -o "$work/time" -f "%M" timeout "$timeout" "$@" >/dev/null 2>&1; then
        t1=$(date +%s%N)
        echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b - a) / 1e9}') $(tail -1 "$work/time")"
    else
        echo "timeout -"
    fi
}

repeat=${BENCH_REPEAT:-3}
# the median of its arguments ("timeout" counts as the largest)
median() { printf '%s\n' "$@" | sed 's/timeout/999999/' | sort -g | awk '{v[NR]=$1} END{m=v[int((NR+1)/2)]; print (m == 999999 ? "timeout" : m)}'; }

echo "| preset | segments | contracts | LP rows × cols | lumpsum plan s | glpsol --primal s | clp -dualsimplex s | plan peak MB | glpsol / plan | clp / plan |"
echo "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for p in "${presets[@]}"; do
    m=$work/$p
    $bin generate --preset "$p" --seed 1 "$m" >/dev/null
    if [ "${BENCH_GLPSOL:-1}" != 0 ] || [ "${BENCH_CLP:-1}" != 0 ]; then
        $bin export "$m" --format mps -o "$work/$p.mps" >/dev/null
    fi
    segs=$(($(grep -vc '^#' "$m/segments.csv") - 1))
    cons=$(($(wc -l <"$m/contracts.csv") - 1))
    shape=–
    [ ! -f "$work/$p.mps" ] || shape=$(awk '/^\* Rows:/{r=$3} /^\* Columns:/{c=$3} END{print r " × " c}' "$work/$p.mps")
    # BENCH_REPEAT rounds, the three side by side in each; the median of each (the VM's
    # speed drifts by some 20 % from minute to minute)
    tps=() tgs=() tcs=() mp=0
    for _ in $(seq "$repeat"); do
        read -r t k <<<"$(measure $bin plan "$m")"
        tps+=("$t")
        [ "$k" = - ] || [ "$k" -le "$mp" ] || mp=$k
        t=–
        [ "${BENCH_GLPSOL:-1}" = 0 ] || read -r t _ <<<"$(measure glpsol --freemps "$work/$p.mps" --primal)"
        tgs+=("$t")
        t=–
        [ "${BENCH_CLP:-1}" = 0 ] || read -r t _ <<<"$(measure clp "$work/$p.mps" -dualsimplex)"
        tcs+=("$t")
    done
    tp=$(median "${tps[@]}") tg=$(median "${tgs[@]}") tc=$(median "${tcs[@]}")
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf "%.2f", a/b; else print "–" }'; }
    echo "| $p | $segs | $cons | $shape | $tp | $tg | $tc | $(awk -v k="$mp" 'BEGIN{printf "%.0f", k/1024}') | $(ratio "$tg" "$tp") | $(ratio "$tc" "$tp") |"
done

if [ "${BENCH_READ:-1}" = 1 ]; then
    echo
    bench/read.sh country
fi
