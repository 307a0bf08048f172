// SPDX-License-Identifier: Apache-2.0
// `--tags "cpu and not (slow or integration)"`: selecting benchmarks by tags.
#pragma once

#include <memory>       // std::shared_ptr
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "model/outcome.hpp"

namespace pace::measure {

/// A parsed tag expression: tag names combined with `and`, `or`, `not` and
/// parentheses; `not` binds tightest, then `and`, then `or`.
class TagExpression {
public:
    /// True when a benchmark with these tags is selected.
    bool matches(const std::vector<std::string>& tags) const;

    struct Node;

private:
    friend Outcome<TagExpression> parse_tag_expression(std::string_view text);
    std::shared_ptr<const Node> root_;
};

/// Parses `text`; errors name the position and what was expected there.
Outcome<TagExpression> parse_tag_expression(std::string_view text);

/// Tags a benchmark opts out of the default selection with: without --tags
/// (or pace.toml's `tags`), benchmarks carrying one of them do not run.
/// `--tags all` runs everything; any other expression replaces the default.
inline constexpr std::string_view opt_in_tags[] = {"slow", "integration"};

/// The --tags value that selects every benchmark, opt-in tags included.
inline constexpr std::string_view all_tags = "all";

/// True when `tags` holds one of opt_in_tags.
bool outside_default_selection(const std::vector<std::string>& tags);

/// Why `tag` could never be selected by a tag expression (empty, a word of the
/// grammar, a character outside a tag's), or empty when it can be.
std::optional<std::string> tag_name_problem(std::string_view tag);

}  // namespace pace::measure
