#!/usr/bin/env bash
# bench/local_targets.sh OLD NEW [MODEL] [ROUNDS] — plan with local-share targets out of reach,
# the overall one and each domain's, two binaries interleaved; prints the median seconds of
# each. MODEL: a model folder (default: the Amsterdam preset, generated into a temporary
# folder). The old binary runs only the cases it knows (no domain targets before 2026-12-02).
set -eu
old=$1 new=$2 model=${3:-} rounds=${4:-3}
work=$(mktemp -d /tmp/lumpsum-targets-XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -z "$model" ]; then
    "$new" generate --preset amsterdam --seed 1 "$work/ams" >/dev/null
    model=$work/ams
fi
cases=("none|" "overall 0.6|--set local_share_min=0.6" "jeugd 0.5|--set local_share_min.jeugd=0.5"
       "wmo 0.5|--set local_share_min.wmo=0.5"
       "both 0.5|--set local_share_min.wmo=0.5 --set local_share_min.jeugd=0.5"
       "0.6 w+10%|--set local_share_min=0.6 --set wage_index=0.1"
       "0.7 w+10%|--set local_share_min=0.7 --set wage_index=0.1")
for r in $(seq "$rounds"); do
    for c in "${cases[@]}"; do
        name=${c%%|*} args=${c#*|}
        for side in old new; do
            bin=$old
            [ "$side" = new ] && bin=$new
            if [ "$side" = old ] && [[ "$args" == *local_share_min.* ]]; then continue; fi
            s=$(date +%s.%N)
            # shellcheck disable=SC2086
            "$bin" plan "$model" $args >/dev/null 2>&1 || true
            e=$(date +%s.%N)
            echo "$name|$side|$(echo "$e - $s" | bc)"
        done
    done
done | sort -t'|' -k1,1 -k2,2 -k3,3n | awk -F'|' -v n="$rounds" '
    { k = $1 "|" $2; t[k, ++c[k]] = $3 }
    END { for (k in c) { split(k, p, "|"); m = t[k, int((c[k] + 1) / 2)];
          printf "%-12s %-4s %.2f s\n", p[1], p[2], m } }' | sort
