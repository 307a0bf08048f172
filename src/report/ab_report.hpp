// SPDX-License-Identifier: Apache-2.0
// `pace ab`'s findings as a console or Markdown table and as JUnit cases.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include "model/paired_comparison.hpp"
#include "report/junit.hpp"

namespace pace::report {

/// The table, then the ids one build lacks, the failures and the gate's
/// summary. Markdown escapes every cell for a pull-request comment.
std::string render_paired(const PairedComparison& comparison, bool markdown);

/// One case per benchmark; gate regressions and failed benchmarks are failures.
std::vector<JunitCase> paired_junit_cases(const PairedComparison& comparison);

}  // namespace pace::report
