#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The whole test suite: installs what is needed, checks the layering of src/
# and the layout of the formatted parts, then builds and tests the release
# preset (warnings as errors; then clang-tidy's chosen checks) and the
# AddressSanitizer+UBSan preset, the package consumers, and a short fuzz run
# of every reader.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/install-deps.sh

echo "== layers: each part of src/ includes only the parts below it"
python3 scripts/check_layers.py

echo "== format: the formatted parts as .clang-format writes them"
scripts/check_format.sh

for preset in release asan-ubsan; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
  if [ "$preset" = release ]; then
    echo "== tidy: clang-tidy's chosen checks over src/"
    scripts/check_tidy.sh build/release
  fi
done

echo "== package: find_package(pace) after install, and add_subdirectory"
tests/package/run.sh

if [ -x tests/fuzz/run.sh ]; then
  echo "== fuzz: a short run of every reader"
  tests/fuzz/run.sh "${PACE_FUZZ_SECONDS:-20}"
fi
