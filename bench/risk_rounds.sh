#!/usr/bin/env bash
# bench/risk_rounds.sh [ROUNDS] — the risk targets round by round, where bench/targets.sh gives
# medians of three: in each round, with PAUSE s of rest (default 2) before each command, one
# Clp solve of the Amsterdam preset's stage-1 LP (two in a row, halved), then `lumpsum risk`
# on it at 100 and 1,000 runs, on one thread and on two. Prints each round's seconds and
# ratios, then the median, least and most of each ratio over the rounds (default 9), and the
# ratios of the median times. A virtual machine's speed swings from minute to minute: a ratio
# near its target passes in some rounds and not in others, and the spread says how far.
#
# Needs the build in build/ and clp (./setup.sh --bench).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/lumpsum rounds=${1:-9} pause=${PAUSE:-2}
command -v clp >/dev/null || { echo "bench/risk_rounds.sh: needs clp (./setup.sh --bench)" >&2; exit 1; }
work=$(mktemp -d /tmp/lumpsum-rounds-XXXXXX)
trap 'rm -rf "$work"' EXIT
$bin generate --preset amsterdam --seed 1 "$work/ams" >/dev/null
$bin export "$work/ams" --format mps -o "$work/ams.mps" >/dev/null

# wall milliseconds of a command
ms() {
    local s e
    sleep "$pause"
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    echo $(((e - s) / 1000000))
}
echo "Processor: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $(nproc) cores."
echo
echo "| round | clp, a solve | T=1, 100 runs | T=2, 100 | T=1, 1,000 | T=2, 1,000 | T=1 100 vs clp | T=2/T=1 100 | T=1 1,000 vs clp | T=2/T=1 1,000 |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in $(seq "$rounds"); do
    c=$(ms bash -c "clp '$work/ams.mps' -dualsimplex; clp '$work/ams.mps' -dualsimplex")
    a=$(ms $bin risk "$work/ams" --runs 100 --seed 1 --threads 1)
    b=$(ms $bin risk "$work/ams" --runs 100 --seed 1 --threads 2)
    x=$(ms $bin risk "$work/ams" --runs 1000 --seed 1 --threads 1)
    y=$(ms $bin risk "$work/ams" --runs 1000 --seed 1 --threads 2)
    # runs a second against Clp's solves a second: runs · (a Clp solve) / (the study's time)
    awk -v r="$r" -v c="$c" -v a="$a" -v b="$b" -v x="$x" -v y="$y" 'BEGIN {
        printf "| %d | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s | %.1f × | %.2f × | %.1f × | %.2f × |\n",
            r, c / 2000, a / 1e3, b / 1e3, x / 1e3, y / 1e3, 100 * c / 2 / a, a / b,
            1000 * c / 2 / x, x / y }'
    echo "$c $a $b $x $y" >>"$work/times"
done
echo
awk '
    function med(v, n,   i, j, t) { # v[1..n] sorted in place; the median
        for (i = 2; i <= n; i++)
            for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
        return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    { n++; c[n] = $1; a[n] = $2; b[n] = $3; x[n] = $4; y[n] = $5
      q1[n] = 100 * $1 / 2 / $2; q2[n] = $2 / $3; q3[n] = 1000 * $1 / 2 / $4; q4[n] = $4 / $5 }
    END {
        split("T=1 vs a cold Clp solve, 100 runs|T=2 vs T=1, 100 runs|T=1 vs a cold Clp solve, 1,000 runs|T=2 vs T=1, 1,000 runs", name, "|")
        print "| ratio over the rounds | median | least | most | of the median times |"
        print "| --- | ---: | ---: | ---: | ---: |"
        for (k = 1; k <= 4; k++) {
            for (i = 1; i <= n; i++)
                v[i] = k == 1 ? q1[i] : k == 2 ? q2[i] : k == 3 ? q3[i] : q4[i]
            lo = hi = v[1]
            for (i = 2; i <= n; i++) { lo = v[i] < lo ? v[i] : lo; hi = v[i] > hi ? v[i] : hi }
            m[k] = med(v, n); l[k] = lo; h[k] = hi
        }
        mc = med(c, n); ma = med(a, n); mb = med(b, n); mx = med(x, n); my = med(y, n)
        t[1] = 100 * mc / 2 / ma; t[2] = ma / mb; t[3] = 1000 * mc / 2 / mx; t[4] = mx / my
        for (k = 1; k <= 4; k++)
            printf "| %s | %.2f × | %.2f × | %.2f × | %.2f × |\n", name[k], m[k], l[k], h[k], t[k]
    }' "$work/times"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
