#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks that the C++ files of the parts listed below are as clang-format
# (.clang-format at the top) writes them; prints the first differences and
# exits 1 when one is not. A part joins the list once it has been formatted
# in a commit of its own (clang-format -i on its files), so the check grows
# with the tree instead of stopping every change at once.
#
#   scripts/check_format.sh          check
#   scripts/check_format.sh --fix    rewrite the listed parts' files in place
set -euo pipefail
cd "$(dirname "$0")/.."

FORMATTED=(src/stats src/ab src/gbench include/pace/gbench)

# Versions of clang-format differ in their output: Debian 12's (14) is the reference.
tool=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$tool" ]; then
  echo "check_format: clang-format is not installed (scripts/install-deps.sh installs it)" >&2
  exit 2
fi

mapfile -t files < <(git ls-files -- "${FORMATTED[@]}" | grep -E '\.(cpp|hpp|h)$')
if [ "${1:-}" = "--fix" ]; then
  "$tool" -i "${files[@]}"
  exit 0
fi
if ! "$tool" --dry-run --Werror "${files[@]}" 2>/tmp/check_format.$$; then
  head -40 /tmp/check_format.$$ >&2
  rm -f /tmp/check_format.$$
  echo "check_format: run scripts/check_format.sh --fix and commit the result" >&2
  exit 1
fi
rm -f /tmp/check_format.$$
echo "check_format: ${#files[@]} files formatted as .clang-format says"
