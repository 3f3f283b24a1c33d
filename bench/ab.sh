#!/usr/bin/env bash
# bench/ab.sh OLD NEW [ROUNDS] — two lumpsum binaries side by side on the Amsterdam and
# country presets (seed 1): check, plan, risk (100 runs, 1 and 2 threads) and sweeps of 40
# steps, interleaved round by round (the VM's speed drifts; old then new in odd rounds, new
# then old in even ones), the median of each. Prints a Markdown table with new / old. For a
# change that must keep the speed of the code before it.
set -euo pipefail
old=$1 new=$2 rounds=${3:-5}
work=$(mktemp -d /tmp/lumpsum-ab-XXXXXX)
trap 'rm -rf "$work"' EXIT
for p in amsterdam country; do "$new" generate --preset $p --seed 1 "$work/$p" >/dev/null; done
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
med() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
run() {
    local name=$1 a=() b=()
    shift
    for i in $(seq "$rounds"); do
        if ((i % 2)); then
            a+=("$(t "$old" "$@")") b+=("$(t "$new" "$@")")
        else
            b+=("$(t "$new" "$@")") a+=("$(t "$old" "$@")")
        fi
    done
    local ma mb
    ma=$(med "${a[@]}") mb=$(med "${b[@]}")
    printf '| %s | %.3f | %.3f | %.2f |\n' "$name" "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)"
}
echo "| what | old s | new s | new / old |"
echo "| --- | ---: | ---: | ---: |"
run "check amsterdam" check "$work/amsterdam"
run "check country" check "$work/country"
run "plan amsterdam" plan "$work/amsterdam"
run "plan country" plan "$work/country"
run "risk amsterdam, 100 runs, T=1" risk "$work/amsterdam" --runs 100 --seed 1 --threads 1
run "risk amsterdam, 100 runs, T=2" risk "$work/amsterdam" --runs 100 --seed 1 --threads 2
run "sweep amsterdam wage_index 0–0.04, 40 steps" sweep "$work/amsterdam" --param wage_index --from 0 --to 0.04 --steps 40
run "sweep amsterdam demand 0.9–1.1, 40 steps" sweep "$work/amsterdam" --param demand --from 0.9 --to 1.1 --steps 40
