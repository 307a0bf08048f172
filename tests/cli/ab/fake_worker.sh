#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A stand-in for a pace benchmark binary in pace ab's worker mode
# (src/measure/ab_worker.hpp has the conversation), with fixed sample times,
# so a test knows the exact answer, and ways to misbehave.
#   fake_worker.sh IDS NS [BEHAVIOUR]
# IDS: comma-separated benchmark ids; NS: nanoseconds every sample takes;
# BEHAVIOUR: normal, fail=<id> (that benchmark's check fails), die (exits
# during a benchmark), hang (stops answering), garbage (not the protocol).
ids=$1 ns=$2 behaviour=${3:-normal}
[ "${PACE_AB_WORKER:-}" = "3,4" ] || { echo "not started by pace ab" >&2; exit 2; }
case $behaviour in
  garbage) echo "Running ./bench" >&4; exec sleep 30 ;;
esac
IFS=, read -ra list <<<"$ids"
echo "pace-ab 1 ${#list[@]}" >&4
for id in "${list[@]}"; do echo "id $id" >&4; done
echo ready >&4
while read -r -u 3 command argument; do
  case $command in
    run)
      case $behaviour in
        die) echo "fake worker: dying on purpose during $argument" >&2; exit 9 ;;
        hang) exec sleep 1000 ;;
        "fail=$argument") echo "done failed check failed at bench.cpp:12: sorted" >&4; continue ;;
      esac
      echo measuring >&4 ;;
    calibrate) echo "iterations 10" >&4 ;;
    sample) echo "ns $ns" >&4 ;;
    end) echo "done ok" >&4 ;;
    quit) exit 0 ;;
    *) echo "error unknown request" >&4 ;;
  esac
done
