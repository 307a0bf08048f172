// SPDX-License-Identifier: Apache-2.0
// JUnit XML, the test report CI systems (GitLab, Jenkins, GitHub test
// reporters) show per test: benchmarks as test cases, failures as failures.
#pragma once

#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "model/run.hpp"

namespace pace::report {

/// One test case of a JUnit report.
struct JunitCase {
    std::string classname;  ///< the group or benchmark name: how CI systems fold cases
    std::string name;       ///< the benchmark id
    double seconds = 0;     ///< time spent on it
    std::optional<std::string> failure;  ///< set when it failed: the message
    std::optional<std::string> skipped;  ///< set when it was skipped: why
};

/// A `<testsuites>` document with one `<testsuite name="suite">` holding the
/// cases in order. Names and messages are escaped; the output is UTF-8.
std::string render_junit(std::string_view suite, const std::vector<JunitCase>& cases);

/// The cases of a benchmark run: one per result, failed results as failures
/// (their message), skipped ones as skipped; the time is what the timed calls took.
/// Each target follows its result as a case named `target <description>`
/// (classname: the result's id): a failure when missed, skipped when the run
/// could not check it.
std::vector<JunitCase> junit_cases(const Run& run);

}  // namespace pace::report
