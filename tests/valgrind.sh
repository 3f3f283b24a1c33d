#!/usr/bin/env bash
# tests/valgrind.sh BUILD — valgrind memcheck on every bundled example (plan, plan --out,
# sweep, risk, check) and on the unit suites that do not start other programs; fails on any
# error or any definitely lost block. The runs go as many at once as the machine has cores
# (LS_VALGRIND_JOBS to set it). Ends with ctest-style summary lines.
set -u
build=$1
here=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "valgrind not installed (apt-get install valgrind)"; exit 1; }
work=$(mktemp -d /tmp/lumpsum-vg-XXXXXX)
trap 'rm -rf "$work"' EXIT
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite)
jobs=${LS_VALGRIND_JOBS:-$(nproc)}
n=0
# run NAME COMMAND...: in the background, no more than $jobs at once; its name, its stderr
# and whether it passed kept under $work/N for the count at the end
run() {
    local name=$1
    shift
    n=$((n + 1))
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n
    done
    printf '%s\n' "$name" >"$work/$n.name"
    (
        "${vg[@]}" "$@" >"$work/$n.out" 2>"$work/$n.err"
        if [ $? -ne 99 ] && ! grep -q "definitely lost" "$work/$n.err"; then
            touch "$work/$n.pass"
        fi
    ) &
}
bin=$build/lumpsum
for m in dalfsen zaltbommel brunssum drechtsteden ijmond; do
    d=$here/data/$m
    run "check $m" "$bin" check "$d"
    run "plan $m" "$bin" plan "$d" --out "$work/$m" --xlsx "$work/$m.xlsx"
    run "plan --json $m" "$bin" plan "$d" --json
    run "sweep $m" "$bin" sweep "$d" --param wage_index --from 0 --to 0.1 --steps 5
    run "risk $m" "$bin" risk "$d" --runs 20 --threads 2
done
run "plan brunssum.xlsx" "$bin" plan "$here/data/brunssum.xlsx" --json
run "check brunssum.xlsx" "$bin" check "$here/data/brunssum.xlsx"
run "plan --years zaltbommel" "$bin" plan "$here/data/zaltbommel" --years 5
# a contracts.csv large enough for the parallel reader
"$bin" generate --preset amsterdam --seed 1 "$work/amsterdam" >/dev/null
run "check amsterdam --threads 2" "$bin" check "$work/amsterdam" --threads 2
# (test_priorities's Amsterdam plans and risk runs, test_least_shortfall_*, are nearly all of
# its time natively, many minutes under valgrind; ctest and the sanitizers' run make them)
export LS_TEST_SKIP='test_least_shortfall_*'
for t in priorities csv read read_threads read_errors plan money whatif pgb_years sweep dualnet basis pricing; do
    run "test_$t" "$build/tests/test_$t"
done
wait
pass=0
fail=0
for k in $(seq "$n"); do
    if [ -e "$work/$k.pass" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAILED: $(cat "$work/$k.name")"
        head -40 "$work/$k.err"
    fi
done
echo "[==========] valgrind: $((pass + fail)) runs."
echo "[  PASSED  ] $pass runs."
[ $fail -eq 0 ] || { echo "[  FAILED  ] $fail runs."; exit 1; }
