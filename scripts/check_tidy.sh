#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs clang-tidy with the checks .clang-tidy chooses over pace's sources
# under src/ (and the headers they include from src/ and include/), using the
# compile commands of a configured build; any finding fails (exit 1).
#
#   scripts/check_tidy.sh [BUILD_DIR]     default: build/release
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
jobs=$(nproc)

runner=$(command -v run-clang-tidy-14 || command -v run-clang-tidy || true)
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if [ -z "$runner" ] || [ -z "$tidy" ]; then
  echo "check_tidy: clang-tidy is not installed (scripts/install-deps.sh installs it)" >&2
  exit 2
fi
if [ ! -f "$build/compile_commands.json" ]; then
  echo "check_tidy: $build/compile_commands.json not found: configure first (cmake --preset release)" >&2
  exit 2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The compile commands are GCC's: clang does not know some of its warning
# options (-Wno-restrict), which is no finding.
if ! "$runner" -clang-tidy-binary "$tidy" -p "$build" -quiet -j "$jobs" -extra-arg=-Wno-unknown-warning-option \
  "$PWD/src/" >"$log" 2>&1; then
  grep -E "(warning|error):" "$log" | grep -v "warnings generated" | sort -u | head -60 >&2
  echo "check_tidy: clang-tidy found the above (.clang-tidy lists the checks)" >&2
  exit 1
fi
echo "check_tidy: $(grep -c "\"file\": \"$PWD/src/" "$build/compile_commands.json") files of src/ checked, no finding"
