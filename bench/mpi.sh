#!/usr/bin/env bash
# bench/mpi.sh — runs per second of `lumpsum risk` and models per second of
# `plan --batch` with 1 and 2 MPI ranks (one thread each) against one process with 1 and 2
# threads, in one run on one machine. Prints a Markdown table.
#   bench/mpi.sh [MODEL] [RUNS]      default: data/zaltbommel 20000
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/lumpsum
model=${1:-data/zaltbommel}
runs=${2:-20000}
work=$(mktemp -d /tmp/lumpsum-bench-mpi-XXXXXX)
trap 'rm -rf "$work"' EXIT
secs() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN{printf "%.0f", n/t}'; }
# a batch of 400 municipalities: the five examples, 80 copies each
for m in dalfsen zaltbommel brunssum drechtsteden ijmond; do
    for k in $(seq 1 80); do cp -r "data/$m" "$work/$m-$k"; done
done
echo "| how | risk $runs runs s | runs/s | plan --batch 400 models s | models/s |"
echo "| --- | ---: | ---: | ---: | ---: |"
for how in "1 process, 1 thread" "1 process, 2 threads" "mpirun -np 1" "mpirun -np 2"; do
    case $how in
    "1 process, 1 thread") r=(); t=1 ;;
    "1 process, 2 threads") r=(); t=2 ;;
    "mpirun -np 1") r=(mpirun --allow-run-as-root --oversubscribe -np 1); t=1 ;;
    "mpirun -np 2") r=(mpirun --allow-run-as-root --oversubscribe -np 2); t=1 ;;
    esac
    tr=$(secs ${r[@]+"${r[@]}"} $bin risk "$model" --runs "$runs" --seed 1 --threads $t)
    tb=$(secs ${r[@]+"${r[@]}"} $bin plan --batch "$work" --threads $t)
    echo "| $how | $tr | $(rate "$runs" "$tr") | $tb | $(rate 400 "$tb") |"
done
