#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Writes base.json and cand.json with the system's hyperfine (Debian's
# hyperfine 1.15): two shell loops, the candidate's twice as long, so user
# time rises. The files are committed: the tests read them, they do not run this.
set -eu
cd "$(dirname "$0")"
loop() { echo "i=0; while [ \$i -lt $1 ]; do i=\$((i+1)); done"; }
hyperfine --style none --runs 5 --warmup 1 -n spin -n sleep "$(loop 20000)" 'sleep 0.01' --export-json base.json >/dev/null 2>&1
hyperfine --style none --runs 5 --warmup 1 -n spin -n sleep "$(loop 40000)" 'sleep 0.01' --export-json cand.json >/dev/null 2>&1
