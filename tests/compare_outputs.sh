#!/usr/bin/env bash
# tests/compare_outputs.sh OLD NEW — runs two lumpsum binaries side by side on every bundled
# model and on generated presets (plan with --out and --json, plan --years, sweeps of each
# kind of what-if, risk, each with --json and --xlsx, check, export, generate, plan --batch)
# and compares every output byte for byte (a workbook's parts but for the time it was
# written): what a refactoring must leave as it was. Exits 1 on the first difference, with
# the diff.
# LS_COMPARE_LARGE=1 adds the Amsterdam and country presets; LS_COMPARE_ALL=1 goes on past a
# difference and counts them (a deliberate change: to see that it moved only what it meant).
#
#   git worktree add /tmp/old HEAD~1 && cmake -S /tmp/old -B /tmp/old/build && \
#   cmake --build /tmp/old/build --target lumpsum translations && \
#   tests/compare_outputs.sh /tmp/old/build/lumpsum build/lumpsum
set -u
old=$1
new=$2
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/lumpsum-compare-XXXXXX)
trap 'rm -rf "$work"' EXIT
checked=0
failed=0

# run NAME ARGS...: both binaries, stdout, stderr, exit code and any files they write under
# $work/<side>/out; the model paths are the same for both, so the outputs may name them.
run() {
    local name=$1
    shift
    for side in old new; do
        local bin=$old
        [ "$side" = new ] && bin=$new
        rm -rf "$work/out"
        mkdir -p "$work/out"
        local args=()
        for a in "$@"; do args+=("${a//@OUT@/$work/out}"); done
        "$bin" "${args[@]}" >"$work/$side.stdout" 2>"$work/$side.stderr"
        echo "exit $?" >>"$work/$side.stdout"
        # a workbook compares as its unzipped parts, but for the time it was written
        for x in "$work"/out/*.xlsx; do
            [ -f "$x" ] || continue
            unzip -q -o "$x" -d "$x.d" && rm -f "$x" "$x.d/docProps/core.xml"
        done
        rm -rf "$work/$side.files"
        cp -r "$work/out" "$work/$side.files"
        # a deliberate change (new columns, say) is taken out of the new side by a filter
        # of yours before comparing: LS_COMPARE_FILTER=script, run as script SIDE FILES STDOUT
        if [ -n "${LS_COMPARE_FILTER:-}" ]; then
            "$LS_COMPARE_FILTER" "$side" "$work/$side.files" "$work/$side.stdout"
        fi
    done
    if ! diff -r "$work/old.files" "$work/new.files" >"$work/diff" ||
        ! diff "$work/old.stdout" "$work/new.stdout" >>"$work/diff" ||
        ! diff "$work/old.stderr" "$work/new.stderr" >>"$work/diff"; then
        echo "DIFFERENT: $name"
        head -40 "$work/diff"
        [ "${LS_COMPARE_ALL:-0}" = 1 ] || exit 1
        failed=$((failed + 1))
        return
    fi
    checked=$((checked + 1))
}

models=()
for m in "$here"/data/*/; do
    [ -f "$m/segments.csv" ] && models+=("${m%/}")
done
for p in village dalfsen zaltbommel midsize; do
    "$old" generate --preset "$p" --seed 3 "$work/gen-$p" >/dev/null
    run "generate $p" generate --preset "$p" --seed 3 "@OUT@/m"
    models+=("$work/gen-$p")
done
for m in "${models[@]}"; do
    n=$(basename "$m")
    run "check $n" check "$m"
    run "plan $n" plan "$m" --out "@OUT@/plan"
    run "plan --json $n" plan "$m" --json
    run "plan --years $n" plan "$m" --years 3 --out "@OUT@/years"
    run "sweep $n" sweep "$m" --param wage_index --from 0 --to 0.15 --steps 4 --out "@OUT@/s.csv"
    run "sweep demand $n" sweep "$m" --param demand --from 0.8 --to 1.6 --steps 5
    run "sweep wage --json $n" sweep "$m" --param wage_index --from -0.2 --to 0.4 --steps 13 --json
    run "sweep wage --threads 3 $n" sweep "$m" --param wage_index --from -0.2 --to 0.4 --steps 13 \
        --threads 3
    run "sweep --json $n" sweep "$m" --param budget --from 1e6 --to 3e6 --steps 3 --json
    # the other kinds of what-if, and a wage sweep with the local rows in the LP (a target) and
    # over contract years: steps that move only costs, only stage 2, or the side rows
    run "sweep local $n" sweep "$m" --param local_share_min --from 0 --to 0.9 --steps 10 --json
    run "sweep quality $n" sweep "$m" --param quality_value --from 0 --to 1 --steps 5 --json
    run "sweep reserve $n" sweep "$m" --param reserve --from 0 --to 0.1 --steps 5 --json
    run "sweep wage local $n" sweep "$m" --param wage_index --from 0 --to 0.2 --steps 21 \
        --set local_share_min=0.4 --out "@OUT@/s.csv"
    run "sweep wage --years $n" sweep "$m" --param wage_index --from 0 --to 0.1 --steps 6 --years 2
    run "risk $n" risk "$m" --runs 30 --seed 5 --dispersion 0.2 --threads 2 --out "@OUT@/risk"
    run "risk --json $n" risk "$m" --runs 20 --seed 2 --wage-sd 0.5 --json
    run "plan --xlsx $n" plan "$m" --xlsx "@OUT@/plan.xlsx"
    run "plan --years --xlsx $n" plan "$m" --years 2 --lang nl --xlsx "@OUT@/years.xlsx"
    run "sweep --xlsx $n" sweep "$m" --param wage_index --from 0 --to 0.1 --steps 3 --xlsx "@OUT@/s.xlsx"
    run "risk --xlsx $n" risk "$m" --runs 10 --seed 4 --xlsx "@OUT@/r.xlsx"
    run "export $n" export "$m" --format lp -o "@OUT@/s1.lp"
    run "export stage 2 $n" export "$m" --format mps --stage 2 -o "@OUT@/s2.mps"
done
# plan --batch over every model above and a broken copy: the table, batch.csv and the JSON
mkdir -p "$work/batch"
for m in "${models[@]}"; do cp -r "$m" "$work/batch/"; done
cp -r "$here/data/dalfsen" "$work/batch/zz_broken"
sed -i '3s/,[0-9.]*$/,abc/' "$work/batch/zz_broken/segments.csv"
run "plan --batch" plan --batch "$work/batch" --threads 2 --out "@OUT@/batch.csv"
run "plan --batch --json" plan --batch "$work/batch" --json
# LS_COMPARE_LARGE=1: the Amsterdam and country presets too (some minutes): plan, sweeps of
# demand, the wage index and one CAO, and risk, each with --json, the plan's files besides,
# and check
if [ "${LS_COMPARE_LARGE:-0}" = 1 ]; then
    for p in amsterdam country; do
        "$old" generate --preset "$p" --seed 1 "$work/big-$p" >/dev/null
        m=$work/big-$p
        run "check $p" check "$m"
        run "check --json $p" check "$m" --json
        run "plan $p" plan "$m" --out "@OUT@/plan"
        run "plan --json $p" plan "$m" --json
        run "sweep demand --json $p" sweep "$m" --param demand --from 0.95 --to 1.05 --steps 4 --json
        run "sweep wage --json $p" sweep "$m" --param wage_index --from 0 --to 0.1 --steps 6 --json
        run "sweep wage flip --json $p" sweep "$m" --param wage_index --from -0.15 --to 0.05 \
            --steps 9 --threads 2 --json
        run "sweep cao --json $p" sweep "$m" --param cao:jeugdzorg --from 1 --to 1.1 --steps 3 --json
        run "sweep wage local --json $p" sweep "$m" --param wage_index --from 0 --to 0.05 \
            --steps 6 --set local_share_min=0.5 --json
        run "risk --json $p" risk "$m" --runs 8 --seed 3 --threads 2 --json
    done
fi
echo "$checked passed, $failed failed"
[ "$failed" = 0 ]
