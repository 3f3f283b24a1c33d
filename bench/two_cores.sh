#!/usr/bin/env bash
# bench/two_cores.sh — what this machine's two cores give two streams of work that share
# nothing but the machine (bench/README.md, the thirty-ninth round), and how much memory a risk
# draw on the Amsterdam preset touches.
#
# 1. bench/two_cores.c alone and two at once (two processes), ROUNDS rounds (default 3), 1 s
#    of rest before each: a chain of arithmetic that stays in the registers, and passes over
#    arrays of 16, 32 and 64 MB. Each line gives the median time alone, the median of the
#    slower of the two, and their ratio: how much a stream slows beside another.
# 2. The pages a risk draw touches: a one-thread study of 400 runs (its heap in 4 kB pages,
#    as below 500 runs a thread), after its setup the process's referenced bits cleared
#    (/proc/PID/clear_refs) and read again 5 ms later (/proc/PID/smaps, "Referenced"), three
#    times. A draw takes some 5 ms, so that is about one draw's memory, the model included
#    (rather more than less: the window also holds the start of sleep and the reading of smaps).
#
# Needs the build in build/ and a C compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/lumpsum
rounds=${ROUNDS:-3}
work=$(mktemp -d /tmp/lumpsum-two-cores-XXXXXX)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/two_cores" bench/two_cores.c

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# one kind of work: alone, then two at once, each round
pair() {
    local label=$1
    shift
    local alone=() both=()
    for ((r = 0; r < rounds; r++)); do
        sleep 1
        alone+=("$("$work/two_cores" "$@")")
        sleep 1
        "$work/two_cores" "$@" >"$work/a" &
        "$work/two_cores" "$@" >"$work/b"
        wait
        both+=("$(sort -n "$work/a" "$work/b" | tail -1)")
    done
    local a b
    a=$(printf '%s\n' "${alone[@]}" | median)
    b=$(printf '%s\n' "${both[@]}" | median)
    printf '| %s | %s ms | %s ms | %s × |\n' "$label" "$a" "$b" "$(echo "$b $a" | awk '{printf "%.3f", $1 / $2}')"
}

echo "$(uptime)"
echo
echo "| work | alone | the slower of two at once | ratio |"
echo "| --- | ---: | ---: | ---: |"
pair "arithmetic in the registers" alu 600000000
pair "passes over 16 MB" read 16 256
pair "passes over 32 MB" read 32 128
pair "passes over 64 MB" read 64 64

echo
$bin generate --preset amsterdam --seed 1 "$work/amsterdam" >/dev/null
for ((r = 0; r < 3; r++)); do
    sleep 1
    $bin risk "$work/amsterdam" --runs 400 --seed 1 --threads 1 >/dev/null &
    pid=$!
    sleep 1 # the reading and the base model's solve take some 0.1 s; 400 draws some 2 s
    # (a study that ended already, on a fast machine, gives no line)
    if echo 1 2>/dev/null >"/proc/$pid/clear_refs"; then
        sleep 0.005
        awk '/^Referenced:/ {s += $2} END {printf "a risk draw (5 ms of a study): %.1f MB of pages touched\n", s / 1024}' \
            "/proc/$pid/smaps" 2>/dev/null || true
    fi
    wait "$pid"
done
