#!/usr/bin/env bash
# tests/valgrind.sh BUILD — valgrind memcheck on every bundled example (plan, plan --out,
# sweep, risk, check) and on the unit suites that do not start other programs; fails on any
# error or any definitely lost block. Ends with ctest-style summary lines.
set -u
build=$1
here=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "valgrind not installed (apt-get install valgrind)"; exit 1; }
work=$(mktemp -d /tmp/lumpsum-vg-XXXXXX)
trap 'rm -rf "$work"' EXIT
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite)
pass=0
fail=0
run() {
    local name=$1
    shift
    if "${vg[@]}" "$@" >"$work/out" 2>"$work/err"; [ $? -ne 99 ] && ! grep -q "definitely lost" "$work/err"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAILED: $name"
        head -40 "$work/err"
    fi
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
for t in csv read read_threads read_errors plan money priorities whatif pgb_years sweep dualnet basis pricing; do
    run "test_$t" "$build/tests/test_$t"
done
echo "[==========] valgrind: $((pass + fail)) runs."
echo "[  PASSED  ] $pass runs."
[ $fail -eq 0 ] || { echo "[  FAILED  ] $fail runs."; exit 1; }
