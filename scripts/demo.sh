#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# From a fresh checkout: installs what pace needs, builds it optimized, runs the
# bundled example suite (its table), saves the run, and compares it with the
# previous saved run when there is one. Run it twice to see a comparison.
# Extra arguments go to the suite, e.g. scripts/demo.sh --filter sort.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target example_suite pace
echo

suite=build/release/examples/example_suite
pace=build/release/src/cli/pace
storage=build/release/.pace
compare=()
if "$pace" list --storage "$storage" >/dev/null 2>&1; then
  compare=(--compare)  # the latest saved run of this machine
fi
"$suite" --storage "$storage" --autosave --json build/release/example-run.json "${compare[@]}" "$@"
echo
echo "Saved runs ($pace list --storage $storage):"
"$pace" list --storage "$storage"
echo
if [ ${#compare[@]} -eq 0 ]; then
  echo "Run scripts/demo.sh again to compare the next run with this one."
fi
echo "Two builds of one benchmark binary, paired in fresh process pairs (here the example suite against a copy"
echo "of itself, so the verdict should be 'no change'):"
cp "$suite" build/release/example_suite_copy
"$pace" ab "$suite" build/release/example_suite_copy --max-time 30s -- --filter 'hash|sort/std.n=1000.'
echo
echo "Compare any two result files, and fail on a regression past 20%:"
echo "  $pace compare BASE.json build/release/example-run.json --fail-on mean:20%"
