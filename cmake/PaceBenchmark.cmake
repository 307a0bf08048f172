# SPDX-License-Identifier: Apache-2.0
# pace_add_benchmark(<target> SOURCES <file>... [LIBRARIES <lib>...] [TEST_ARGS <arg>...] [NO_TEST])
#
# Builds a benchmark binary linked to pace::pace (with its main()) and, unless
# NO_TEST, registers it with CTest in --test mode: one call per benchmark, no
# timing, so `ctest` checks every benchmark's correctness quickly.
function(pace_add_benchmark target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_TEST" "" "SOURCES;LIBRARIES;TEST_ARGS")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "pace_add_benchmark(${target}): SOURCES is required")
  endif()
  add_executable(${target} ${ARG_SOURCES})
  # pace::main brings main() and the whole of pace::pace, allocation hooks included.
  target_link_libraries(${target} PRIVATE pace::main ${ARG_LIBRARIES})
  if(NOT ARG_NO_TEST)
    add_test(NAME ${target} COMMAND ${target} --test ${ARG_TEST_ARGS})
  endif()
endfunction()
