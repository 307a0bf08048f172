// SPDX-License-Identifier: Apache-2.0
#include "report/junit.hpp"

#include <gtest/gtest.h>

namespace pace::report {
namespace {

TEST(Junit, CountsAndCasesInOrder) {
    std::vector<JunitCase> cases = {{"sort", "sort[n=1]", 0.5, std::nullopt, std::nullopt},
                                    {"sort", "sort[n=2]", 0.25, std::string("mean <= 1.00 ns missed"), std::nullopt},
                                    {"io", "io/read", 0, std::nullopt, std::string("no disk")}};
    std::string xml = render_junit("suite", cases);
    EXPECT_NE(xml.find("<testsuites tests=\"3\" failures=\"1\" skipped=\"1\" time=\"0.750000\">"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<testcase classname=\"sort\" name=\"sort[n=1]\" time=\"0.500000\"/>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<failure message=\"mean &lt;= 1.00 ns missed\"/>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<skipped message=\"no disk\"/>"), std::string::npos) << xml;
    EXPECT_LT(xml.find("sort[n=1]"), xml.find("sort[n=2]"));
    EXPECT_LT(xml.find("sort[n=2]"), xml.find("io/read"));
}

TEST(Junit, NamesAreEscapedNeverMarkup) {
    std::vector<JunitCase> cases = {{"a\"b", "</testcase><x y='1'>&amp;\n\x01", 0, std::string("<\"'&>"), std::nullopt}};
    std::string xml = render_junit("s<uite>", cases);
    EXPECT_NE(xml.find("name=\"s&lt;uite&gt;\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("classname=\"a&quot;b\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("name=\"&lt;/testcase&gt;&lt;x y=&apos;1&apos;&gt;&amp;amp;&#10;\xEF\xBF\xBD\""), std::string::npos)
        << xml;
    EXPECT_NE(xml.find("message=\"&lt;&quot;&apos;&amp;&gt;\""), std::string::npos) << xml;
}

TEST(Junit, CasesOfARun) {
    pace::Run run;
    Result ok;
    ok.name = "sort";
    ok.id = "sort[n=1]";
    ok.time = TimeStats{};
    ok.time->total = 0.002;  // seconds per call, summed over the rounds
    ok.time->iterations = 100;
    Result failed;
    failed.name = "parse";
    failed.group = "io";
    failed.id = "parse";
    failed.status = Status::failed;
    failed.message = "exception: bad file";
    run.results = {ok, failed};
    auto cases = junit_cases(run);
    ASSERT_EQ(cases.size(), 2u);
    EXPECT_EQ(cases[0].classname, "sort");
    EXPECT_DOUBLE_EQ(cases[0].seconds, 0.2);
    EXPECT_FALSE(cases[0].failure);
    EXPECT_EQ(cases[1].classname, "io");  // the group when there is one
    EXPECT_EQ(cases[1].failure, "exception: bad file");
}

TEST(Junit, EachTargetIsACase) {
    pace::Run run;
    Result r;
    r.name = r.id = "copy";
    r.targets.push_back({"median <= 1 ms", true, "median was 312 µs"});
    r.targets.push_back({"allocations <= 1", false, "5 allocations"});
    r.targets.push_back({"peak <= 1024 B", false, "not checked: --no-memory skips the memory pass", false});
    run.results = {r};
    auto cases = junit_cases(run);
    ASSERT_EQ(cases.size(), 4u);
    EXPECT_EQ(cases[1].classname, "copy");
    EXPECT_EQ(cases[1].name, "target median <= 1 ms");
    EXPECT_FALSE(cases[1].failure);
    EXPECT_FALSE(cases[1].skipped);
    EXPECT_EQ(cases[2].failure, "missed: 5 allocations");
    EXPECT_EQ(cases[3].skipped, "not checked: --no-memory skips the memory pass");
    EXPECT_FALSE(cases[3].failure);
}

}  // namespace
}  // namespace pace::report
