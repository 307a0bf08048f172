#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs the workload built with and without the memory hooks alternately and
# prints the median of each side and their ratio.
#     bench/memory/compare_hooks.sh BUILD_DIR [pairs=12] [reps=31]
set -eu
dir=${1:?usage: compare_hooks.sh BUILD_DIR [pairs] [reps]}/bench/memory
pairs=${2:-12}
reps=${3:-31}
hooked=""
plain=""
ratios=""
i=0
while [ "$i" -lt "$pairs" ]; do
    # Alternate which goes first, so a slow spell hits both sides alike.
    if [ $((i % 2)) -eq 0 ]; then
        h=$("$dir/memory_workload_hooked" "$reps"); p=$("$dir/memory_workload_plain" "$reps")
    else
        p=$("$dir/memory_workload_plain" "$reps"); h=$("$dir/memory_workload_hooked" "$reps")
    fi
    echo "run $i: hooked ${h} ms  plain ${p} ms"
    hooked="$hooked $h"
    plain="$plain $p"
    ratios="$ratios $(awk "BEGIN { print $h / $p }")"
    i=$((i + 1))
done
median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mh=$(median "$hooked")
mp=$(median "$plain")
echo "median of $pairs runs: hooked ${mh} ms, plain ${mp} ms, ratio hooked/plain $(awk "BEGIN { printf \"%.4f\", $mh / $mp }")"
echo "median of the $pairs paired ratios hooked/plain: $(median "$ratios")"
