#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages pace needs to build, test and run. Idempotent:
# packages already installed are left alone. Runs apt-get as root (sudo when needed).
set -euo pipefail

packages=(
  g++ clang libclang-rt-14-dev cmake ninja-build pkg-config git   # toolchain (clang + libFuzzer for the fuzz targets)
  libcli11-dev libfmt-dev nlohmann-json3-dev           # command lines, formatting, JSON
  libsimdjson-dev                                      # fast reading of result files in the pace command
  libtomlplusplus-dev libboost-math-dev                # pace.toml, distributions
  libgtest-dev libbenchmark-dev                        # pace's tests; the Google Benchmark peer in bench/, tests/cli/data/gb/ and tests/gbench_compat/
  hyperfine                                            # the peer of pace cmd; tests/cli/data/hyperfine/
  valgrind                                             # instruction mode
  clang-format clang-tidy                              # scripts/check_format.sh, scripts/check_tidy.sh
  libjs-chart.js chromium                              # plots, and the browser that tests them
  python3 python3-pytest-benchmark                     # interoperability with pytest-benchmark
  libpq-dev postgresql                                 # the PostgreSQL store: libpq's header; a server for tests/store/
)

# Node.js drives the browser tests. Some machines carry a Node.js build whose
# package bundles npm and conflicts with Debian's npm: install Debian's only
# when the commands are missing.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
