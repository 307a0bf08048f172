#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# From a fresh checkout: installs what pace needs, builds it optimized, runs the
# bundled example suite (its table), saves the run, and compares it with the
# previous saved run when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target example_suite pace
echo
build/release/examples/example_suite --json build/release/example-run.json "$@"
if build/release/pace --help >/dev/null 2>&1; then
  echo
  echo "Saved the run to build/release/example-run.json. Compare two runs with:"
  echo "  build/release/pace compare BASE.json build/release/example-run.json --fail-on mean:20%"
fi
