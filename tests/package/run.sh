#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Uses pace as a dependency three ways — find_package after install,
# add_subdirectory, pkg-config — and runs the consumer's benchmarks (a pace one, a Google
# Benchmark source on pace::gbench_main) through CTest, each way against the
# static libpace and the shared one.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags="-Wall -Wextra -Wpedantic -Werror"

echo "-- install"
cmake -S "$root" -B "$work/pace" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPACE_BUILD_TESTS=OFF \
  -DPACE_BUILD_EXAMPLES=OFF -DPACE_BUILD_BENCH=OFF -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
cmake --build "$work/pace" >/dev/null
cmake --install "$work/pace" >/dev/null

echo "-- find_package(pace)"
cmake -S "$root/tests/package/consumer" -B "$work/found" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$work/found" >/dev/null
(cd "$work/found" && ctest --output-on-failure)
# Output captured first: grep -q stops reading at its match, and the writer
# would die of SIGPIPE, which pipefail turns into a failure.
out=$("$work/found/consumer_bench" --max-time 0.01 --min-rounds 3)
grep -q "consumer/concat\[parts=8\]" <<<"$out"
out=$("$work/found/consumer_gbench" --benchmark_min_time=0.01 --benchmark_format=json 2>/dev/null)
grep -q '"name": "BM_consumer_concat/8/threads:1"' <<<"$out"

echo "-- find_package(pace): the shared libpace"
# Linked to libpace.so, not carrying it; the memory pass's hooks interpose
# malloc from the shared library too: the concatenation's allocations are counted.
deps=$(ldd "$work/found/consumer_bench_shared")
grep -q "libpace\.so" <<<"$deps"
deps=$(ldd "$work/found/consumer_bench")
if grep -q "libpace\.so" <<<"$deps"; then
  echo "consumer_bench, linked statically, needs libpace.so" >&2
  exit 1
fi
"$work/found/consumer_bench_shared" --max-time 0.01 --min-rounds 3 --json "$work/shared.json" >/dev/null
python3 - "$work/shared.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
b = {b["fullname"]: b for b in run["benchmarks"]}["consumer/concat[parts=8]"]
assert b["memory"]["allocations"] > 0 and b["memory"]["allocated"] >= 32, b["memory"]
PY
echo "   static $(stat -c %s "$work/found/consumer_bench") bytes, shared $(stat -c %s "$work/found/consumer_bench_shared") bytes"

echo "-- add_subdirectory(pace)"
cmake -S "$root/tests/package/consumer" -B "$work/sub" -G Ninja -DPACE_SOURCE_DIR="$root" \
  -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$work/sub" --target consumer_bench consumer_bench_shared consumer_gbench >/dev/null
(cd "$work/sub" && ctest --output-on-failure -R 'consumer_bench|consumer_gbench')

echo "-- pkg-config"
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
g++ -std=c++17 $flags "$root/tests/package/consumer/consumer_bench.cpp" $(pkg-config --cflags --libs pace) \
  -o "$work/pkgconfig_bench"
out=$("$work/pkgconfig_bench" --test)
grep -q "3 passed, 0 failed" <<<"$out"
g++ -std=c++17 $flags "$root/tests/package/consumer/consumer_bench.cpp" $(pkg-config --cflags --libs pace-shared) \
  -o "$work/pkgconfig_bench_shared"
deps=$(ldd "$work/pkgconfig_bench_shared")
grep -q "libpace\.so" <<<"$deps"
out=$("$work/pkgconfig_bench_shared" --test)
grep -q "3 passed, 0 failed" <<<"$out"
g++ -std=c++17 $flags "$root/tests/package/consumer/consumer_gbench.cpp" -lpace_gbench_main \
  $(pkg-config --cflags --libs pace-gbench) -o "$work/pkgconfig_gbench"
out=$("$work/pkgconfig_gbench" --benchmark_list_tests)
grep -q "BM_consumer_concat/8/threads:1" <<<"$out"
echo "package: all three ways work"
