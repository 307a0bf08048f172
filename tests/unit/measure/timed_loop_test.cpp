// SPDX-License-Identifier: Apache-2.0
// Which callables the timed loop copies into its own frame: only those a copy
// cannot tell apart from the original.
#include <pace/bench.hpp>

#include <array>   // std::array
#include <memory>  // std::unique_ptr
#include <string>  // std::string

#include <gtest/gtest.h>

namespace pace {
namespace {

TEST(TimedLoop, CopiesOnlyCallablesWithoutStateOfTheirOwn) {
    int counter = 0;
    std::string text = "abc";
    auto by_reference = [&text, &counter] { return text.size() + static_cast<std::size_t>(counter); };
    auto by_value = [n = 3] { return n * 2; };
    auto stateful = [n = 0]() mutable { return ++n; };  // its calls change it: a copy would lose them
    auto owning = [p = std::make_unique<int>(1)] { return *p; };  // not trivially copyable
    auto big = [a = std::array<char, 128>{}] { return a[0]; };  // copying would cost more than it saves
    EXPECT_TRUE(detail::copy_into_loop<decltype(by_reference)>);
    EXPECT_TRUE(detail::copy_into_loop<decltype(by_value)>);
    EXPECT_FALSE(detail::copy_into_loop<decltype(stateful)>);
    EXPECT_FALSE(detail::copy_into_loop<decltype(owning)>);
    EXPECT_FALSE(detail::copy_into_loop<decltype(big)>);
}

}  // namespace
}  // namespace pace
