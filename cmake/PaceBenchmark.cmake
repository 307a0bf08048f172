# SPDX-License-Identifier: Apache-2.0
# pace_add_benchmark(<target> SOURCES <file>... [LIBRARIES <lib>...] [TEST_ARGS <arg>...] [NO_TEST]
#                    [SHARED | STATIC])
#
# Builds a benchmark binary linked to pace::pace (with its main()) and, unless
# NO_TEST, registers it with CTest in --test mode: one call per benchmark, no
# timing, so `ctest` checks every benchmark's correctness quickly.
# SHARED links the shared libpace (pace::main_shared), STATIC the static one;
# without either, PACE_BENCHMARK_SHARED (a variable, OFF unless set) chooses.
function(pace_add_benchmark target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_TEST;SHARED;STATIC" "" "SOURCES;LIBRARIES;TEST_ARGS")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "pace_add_benchmark(${target}): SOURCES is required")
  endif()
  if(ARG_SHARED AND ARG_STATIC)
    message(FATAL_ERROR "pace_add_benchmark(${target}): SHARED or STATIC, not both")
  endif()
  set(shared ${ARG_SHARED})
  if(NOT ARG_SHARED AND NOT ARG_STATIC AND PACE_BENCHMARK_SHARED)
    set(shared ON)
  endif()
  if(shared AND NOT TARGET pace::main_shared)
    message(FATAL_ERROR "pace_add_benchmark(${target}): this pace was built without its shared library "
                        "(PACE_SHARED=OFF)")
  endif()
  add_executable(${target} ${ARG_SOURCES})
  # pace::main brings main() and the whole of pace::pace, allocation hooks
  # included; pace::main_shared, main() and the shared libpace.
  if(shared)
    target_link_libraries(${target} PRIVATE pace::main_shared ${ARG_LIBRARIES})
  else()
    target_link_libraries(${target} PRIVATE pace::main ${ARG_LIBRARIES})
  endif()
  if(NOT ARG_NO_TEST)
    add_test(NAME ${target} COMMAND ${target} --test ${ARG_TEST_ARGS})
  endif()
endfunction()

# pace_gtest_benchmarks(<target>)
#
# Makes each TEST/TEST_F/TEST_P of the GoogleTest binary <target> a pace
# benchmark, without editing the tests: `<target> --pace [pace options]` times
# each test body (SetUp/TearDown outside the timing), measures its memory and,
# with --mode instructions, its instructions. The binary stays the same test
# binary: a run without --pace is GoogleTest's, so ctest runs it as before.
function(pace_gtest_benchmarks target)
  if(NOT TARGET pace::gtest)
    message(FATAL_ERROR "pace_gtest_benchmarks(${target}): pace::gtest was not built (GoogleTest was not found)")
  endif()
  get_target_property(parts ${target} PACE_LINKS_PARTS)
  if(parts)
    # pace's own tests link pace's parts as objects: they take the runner's
    # objects and the rest of libpace as a plain archive, never a second copy.
    target_link_libraries(${target} PRIVATE pace_gtest_runner)
  else()
    target_link_libraries(${target} PRIVATE pace::gtest)
  endif()
endfunction()
