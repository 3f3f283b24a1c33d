#!/usr/bin/env bash
# bench/plot.sh TABLE.md [OUT.png] — the scaling plot from bench/run.sh's table:
# seconds and peak memory of `lumpsum plan` end to end against the number of contracts,
# log–log, with glpsol and Clp on the exported stage-1 LP beside it. Needs gnuplot.
set -euo pipefail
cd "$(dirname "$0")/.."
table=$1
out=${2:-bench/scaling.png}
command -v gnuplot >/dev/null || apt-get install -y -q gnuplot-nox >/dev/null
data=$(mktemp /tmp/lumpsum-plot-XXXXXX)
trap 'rm -f "$data"' EXIT
# preset contracts plan glpsol clp peakMB, from the Markdown rows (a timeout becomes "?")
awk -F'|' '/^\| [a-z]/ && $4 ~ /[0-9]/ {
    gsub(/ /, "", $2); gsub(/ /, "", $4); gsub(/ /, "", $6); gsub(/ /, "", $7);
    gsub(/ /, "", $8); gsub(/ /, "", $9);
    for (i = 6; i <= 8; i++) { v = $i; gsub(/ /, "", v); if (v == "timeout" || v + 0 <= 0) $i = "?"; }
    print $2, $4, $6, $7, $8, $9 }' "$table" | sort -k2 -n >"$data"
# the fitted exponents: least squares of log(seconds) and log(MB) on log(contracts), over the
# presets of at least 100,000 contracts (below that a plan is mostly the process's start)
fit() { awk -v c="$1" '$2 >= 100000 && $c + 0 > 0 { x = log($2); y = log($c); n++; sx += x; sy += y;
    sxx += x * x; sxy += x * y } END { if (n > 1) printf "%.2f", (n * sxy - sx * sy) / (n * sxx - sx * sx); else print "?" }' "$data"; }
et=$(fit 3) em=$(fit 6)
echo "fitted exponents (contracts ≥ 100,000): time ∝ contracts^$et, peak memory ∝ contracts^$em"
gnuplot <<GP
set terminal pngcairo size 1100,480 font "DejaVu Sans,10"
set output "$out"
set multiplot layout 1,2 title "lumpsum plan against the size of the model (bench/run.sh; log–log)"
set logscale xy
set grid
set key top left
set xlabel "contracts"
set ylabel "seconds, end to end"
set datafile missing "?"
set format x "10^{%L}"
plot "$data" using 2:(\$3 > 0 ? \$3 : 0.01) with linespoints lw 2 pt 7 title "lumpsum plan (read, both stages, report): ∝ n^{$et}", \
     "$data" using 2:(\$4 > 0 ? \$4 : 0.01) with linespoints lw 1 pt 5 dt 2 title "glpsol --primal, stage-1 LP only", \
     "$data" using 2:(\$5 > 0 ? \$5 : 0.01) with linespoints lw 1 pt 9 dt 3 title "clp -dualsimplex, stage-1 LP only", \
     "$data" using 2:(\$3 > 0 ? \$3 : 0.01):1 with labels offset 0,1 font ",8" notitle
set ylabel "peak memory of lumpsum plan, MB"
plot "$data" using 2:6 with linespoints lw 2 pt 7 title "lumpsum plan: ∝ n^{$em}", \
     "$data" using 2:6:1 with labels offset 0,1 font ",8" notitle
unset multiplot
GP
echo "wrote $out"
