#!/usr/bin/env bash
# tests/mpi_test.sh LUMPSUM DATA — under mpirun with 2 and 3 ranks, risk, sweep and
# plan --batch on the bundled examples write exactly what one process writes.
# Run by ctest when the build has MPI; prints a summary line like the cmocka suites.
set -u
bin=$1
data=$2
work=$(mktemp -d /tmp/lumpsum-mpi-XXXXXX)
trap 'rm -rf "$work"' EXIT
# OpenMPI keeps some memory to the end: not our leak (the sanitizer build runs this too)
export ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0
mpi() { mpirun --allow-run-as-root --oversubscribe -np "$1" "${@:2}"; }
pass=0
fail=0
check() { # name, then the files to compare pairwise
    local name=$1 a=$2 b=$3
    if cmp -s "$a" "$b"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAILED: $name: $a and $b differ"
        diff "$a" "$b" | head -5
    fi
}

# risk: the samples, summary and histogram of 300 runs, for 1 process and for 2 and 3 ranks
# (2 threads each)
"$bin" risk "$data/zaltbommel" --runs 300 --seed 11 --dispersion 0.05 --threads 2 \
    --out "$work/risk1" >/dev/null || { echo "FAILED: risk, one process"; exit 1; }
for np in 2 3; do
    mpi $np "$bin" risk "$data/zaltbommel" --runs 300 --seed 11 --dispersion 0.05 --threads 2 \
        --out "$work/risk$np" >/dev/null 2>&1 || { fail=$((fail + 1)); echo "FAILED: risk -np $np"; }
    for f in summary samples histogram; do
        check "risk -np $np $f.csv" "$work/risk1/$f.csv" "$work/risk$np/$f.csv"
    done
done

# sweep: a status break-even (closed form and Brent) and an unmet break-even
sweeps=(
    "brunssum --param wage_index --from 0 --to 0.1 --steps 11"
    "drechtsteden --param budget --from 15000000 --to 20000000 --steps 9"
    "dalfsen --param demand --from 0.8 --to 1.6 --steps 9"
    "zaltbommel --param cao:ghz --from 0.9 --to 1.3 --steps 7"
)
k=0
for s in "${sweeps[@]}"; do
    k=$((k + 1))
    set -- $s
    model=$1
    shift
    "$bin" sweep "$data/$model" "$@" --out "$work/sweep$k-1.csv" >"$work/sweep$k-1.txt" ||
        { echo "FAILED: sweep $s, one process"; exit 1; }
    for np in 2 3; do
        mpi $np "$bin" sweep "$data/$model" "$@" --out "$work/sweep$k-$np.csv" \
            >"$work/sweep$k-$np.txt" 2>/dev/null || { fail=$((fail + 1)); echo "FAILED: sweep $s -np $np"; }
        check "sweep $s -np $np (csv)" "$work/sweep$k-1.csv" "$work/sweep$k-$np.csv"
        sed -i "s|sweep$k-$np.csv|sweep$k-1.csv|" "$work/sweep$k-$np.txt"
        check "sweep $s -np $np (table)" "$work/sweep$k-1.txt" "$work/sweep$k-$np.txt"
    done
done

# sweep on 2 ranks of 2 threads each: 13 steps in the blocks [0, 3) [3, 6) | [6, 9) [9, 13);
# the break-even (5.65 %) lies above step 5, so rank 0's second thread keeps its start
sw=(sweep "$data/brunssum" --param wage_index --from 0 --to 0.12 --steps 13)
"$bin" "${sw[@]}" --out "$work/sweep13-1.csv" >"$work/sweep13-1.txt" ||
    { echo "FAILED: sweep 13 steps, one process"; exit 1; }
mpi 2 "$bin" "${sw[@]}" --threads 2 --out "$work/sweep13-2t.csv" >"$work/sweep13-2t.txt" \
    2>/dev/null || { fail=$((fail + 1)); echo "FAILED: sweep -np 2 --threads 2"; }
check "sweep -np 2 --threads 2 (csv)" "$work/sweep13-1.csv" "$work/sweep13-2t.csv"
sed -i "s|sweep13-2t.csv|sweep13-1.csv|" "$work/sweep13-2t.txt"
check "sweep -np 2 --threads 2 (table)" "$work/sweep13-1.txt" "$work/sweep13-2t.txt"

# plan --batch: the five examples and a broken copy; the broken one is reported by name, the
# others planned, exit code 1 (bad input), the same rows for any number of ranks
mkdir -p "$work/batch"
for m in dalfsen zaltbommel brunssum drechtsteden ijmond; do cp -r "$data/$m" "$work/batch/"; done
cp -r "$data/dalfsen" "$work/batch/zz_broken"
sed -i '3s/,[0-9.]*$/,abc/' "$work/batch/zz_broken/segments.csv"
"$bin" plan --batch "$work/batch" --out "$work/batch1.csv" >"$work/batch1.txt"
rc=$?
if [ $rc -eq 1 ] && grep -q "zz_broken.*segments.csv:3:10" "$work/batch1.txt" &&
    [ "$(grep -c ',0,' "$work/batch1.csv")" -eq 5 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAILED: plan --batch, one process: exit $rc"
    cat "$work/batch1.txt"
fi
for np in 2 3; do
    mpi $np "$bin" plan --batch "$work/batch" --threads 1 --out "$work/batch$np.csv" \
        >"$work/batch$np.txt" 2>/dev/null
    check "plan --batch -np $np" "$work/batch1.csv" "$work/batch$np.csv"
done
# the rows' strings (the names, the broken model's message) reach rank 0 whole: the JSON too
"$bin" plan --batch "$work/batch" --json >"$work/batch1.json"
for np in 2 3; do
    mpi $np "$bin" plan --batch "$work/batch" --threads 1 --json >"$work/batch$np.json" 2>/dev/null
    check "plan --batch --json -np $np" "$work/batch1.json" "$work/batch$np.json"
done

# each model's warnings (IJmond's contracts above their max_tariff at a wage index of 0.2)
# travel with its row to rank 0, which prints them as one process does
"$bin" plan --batch "$work/batch" --set wage_index=0.2 2>&1 >/dev/null |
    grep ': warning: ' >"$work/warn1.txt"
for np in 2 3; do
    mpi $np "$bin" plan --batch "$work/batch" --threads 1 --set wage_index=0.2 2>&1 >/dev/null |
        grep ': warning: ' >"$work/warn$np.txt"
    check "plan --batch warnings -np $np" "$work/warn1.txt" "$work/warn$np.txt"
done
[ -s "$work/warn1.txt" ] || { echo "FAILED: no warnings to compare"; fail=$((fail + 1)); }

echo "[==========] mpi: $((pass + fail)) comparisons run."
echo "[  PASSED  ] $pass comparisons."
[ $fail -eq 0 ] || { echo "[  FAILED  ] $fail comparisons."; exit 1; }
