// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "measure/tag_expression.hpp"

namespace pace::measure {
namespace {

bool matches(const char* expression, std::vector<std::string> tags) {
    auto e = parse_tag_expression(expression);
    EXPECT_TRUE(e.ok()) << expression;
    return e.ok() && e->matches(tags);
}

TEST(TagExpression, TagNamesThatCannotBeSelected) {
    EXPECT_FALSE(tag_name_problem("cpu"));
    EXPECT_FALSE(tag_name_problem("io/net-2.x:y_z"));
    EXPECT_TRUE(tag_name_problem(""));
    EXPECT_TRUE(tag_name_problem("and"));
    EXPECT_TRUE(tag_name_problem("not"));
    EXPECT_TRUE(tag_name_problem("or"));
    auto space = tag_name_problem("two words");
    ASSERT_TRUE(space);
    EXPECT_NE(space->find("\" \""), std::string::npos) << *space;  // names the character
    EXPECT_TRUE(tag_name_problem("a(b"));
}

TEST(TagExpression, SingleTag) {
    EXPECT_TRUE(matches("cpu", {"cpu", "slow"}));
    EXPECT_FALSE(matches("io", {"cpu"}));
}

TEST(TagExpression, Precedence) {
    // not > and > or: "a or b and not c" is "a or (b and (not c))".
    EXPECT_TRUE(matches("a or b and not c", {"a", "c"}));
    EXPECT_FALSE(matches("a or b and not c", {"b", "c"}));
    EXPECT_TRUE(matches("a or b and not c", {"b"}));
    EXPECT_FALSE(matches("(a or b) and not c", {"a", "c"}));
    EXPECT_TRUE(matches("not not cpu", {"cpu"}));
    EXPECT_TRUE(matches("not slow and not integration", {"cpu"}));
    EXPECT_FALSE(matches("not slow and not integration", {"cpu", "integration"}));
}

TEST(TagExpression, TagCharacters) {
    EXPECT_TRUE(matches("io:disk", {"io:disk"}));
    EXPECT_TRUE(matches("size-large", {"size-large"}));
}

TEST(TagExpression, Errors) {
    for (const char* bad : {"", "and", "cpu and", "(cpu", "cpu)", "cpu or or io", "cpu $ io", "not", "()"}) {
        auto e = parse_tag_expression(bad);
        ASSERT_FALSE(e.ok()) << bad;
        EXPECT_NE(e.error().message.find("bad tag expression"), std::string::npos);
        EXPECT_FALSE(e.error().hint.empty());
    }
    auto e = parse_tag_expression("cpu $ io");
    EXPECT_NE(e.error().message.find("column 5"), std::string::npos) << e.error().message;
}

TEST(TagExpression, DeepNestingIsAnErrorNotACrash) {
    std::string deep(100'000, '(');
    auto e = parse_tag_expression(deep);
    ASSERT_FALSE(e.ok());
    std::string nots;
    for (int i = 0; i < 50'000; ++i) nots += "not ";
    EXPECT_FALSE(parse_tag_expression(nots + "a").ok());
}

}  // namespace
}  // namespace pace::measure
