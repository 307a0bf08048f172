// SPDX-License-Identifier: Apache-2.0
// Expanding registered benchmarks into instances, and what registration refuses.
#include <gtest/gtest.h>

#include "measure/runner.hpp"

namespace pace::measure {
namespace {

detail::BenchmarkSpec spec_with_tags(std::vector<std::string> tags) {
    detail::BenchmarkSpec spec;
    spec.name = "copy";
    spec.file = "bench.cpp";
    spec.line = 12;
    spec.tags = std::move(tags);
    return spec;
}

TEST(Expand, TagsThatNoSelectionReachesAreRefused) {
    EXPECT_TRUE(expand({spec_with_tags({"cpu", "io/net"})}));
    for (std::string bad : {"and", "not", "two words", ""}) {
        auto e = expand({spec_with_tags({"cpu", bad})});
        ASSERT_FALSE(e) << bad;
        EXPECT_EQ(e.error().file, "bench.cpp");
        EXPECT_EQ(e.error().where, "line 12");
        EXPECT_NE(e.error().message.find("benchmark \"copy\": "), std::string::npos) << e.error().message;
        EXPECT_FALSE(e.error().hint.empty());
    }
}

}  // namespace
}  // namespace pace::measure
