// SPDX-License-Identifier: Apache-2.0
// The compact holders inside a Result behave as the standard types they
// replace: Counters as std::map<std::string, double>, OptionalDouble as
// std::optional<double>, SharedJson as a JSON value of its own.
#include "model/counters.hpp"
#include "model/optional_double.hpp"
#include "model/shared_json.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pace {
namespace {

void expect_same(const Counters& counters, const std::map<std::string, double>& map) {
    ASSERT_EQ(counters.size(), map.size());
    auto it = map.begin();
    for (const auto& [name, value] : counters) {
        EXPECT_EQ(name, it->first);
        EXPECT_EQ(value, it->second);
        ++it;
    }
}

TEST(Counters, AgreesWithAMapOverRandomOperations) {
    std::mt19937 random(7);
    std::uniform_int_distribution<int> name_of(0, 11), operation(0, 5);
    Counters counters;
    std::map<std::string, double> map;
    for (int step = 0; step < 5000; ++step) {
        const std::string name = "c" + std::to_string(name_of(random));
        const double value = step * 0.5;
        switch (operation(random)) {
            case 0: counters[name] = value; map[name] = value; break;
            case 1: EXPECT_EQ(counters.emplace(name, value).second, map.emplace(name, value).second); break;
            case 2: EXPECT_EQ(counters.erase(name), map.erase(name)); break;
            case 3: EXPECT_EQ(counters.count(name), map.count(name)); break;
            case 4: {
                const auto found = counters.find(name);
                ASSERT_EQ(found != counters.end(), map.count(name) == 1) << name;
                if (found != counters.end()) {
                    EXPECT_EQ(found->second, map.at(name));
                }
                break;
            }
            default: counters[name] += 1; map[name] += 1; break;
        }
        expect_same(counters, map);
    }
}

TEST(Counters, AtThrowsForAnAbsentNameAndCompareByContent) {
    Counters a{{"b", 2}, {"a", 1}};
    EXPECT_EQ(a.begin()->first, "a");  // kept in name order whatever the insertion order
    EXPECT_EQ(a.at("b"), 2);
    EXPECT_THROW((void)a.at("c"), std::out_of_range);
    Counters b;
    b["a"] = 1;
    EXPECT_NE(a, b);
    b["b"] = 2;
    EXPECT_EQ(a, b);
}

TEST(OptionalDouble, BehavesAsStdOptional) {
    OptionalDouble empty;
    EXPECT_FALSE(empty.has_value());
    EXPECT_FALSE(empty);
    EXPECT_EQ(empty.value_or(3), 3);
    EXPECT_THROW((void)empty.value(), std::bad_optional_access);
    EXPECT_EQ(std::optional<double>(empty), std::nullopt);

    OptionalDouble x = 2.5;
    EXPECT_TRUE(x);
    EXPECT_EQ(*x, 2.5);
    *x += 1;
    EXPECT_EQ(x.value(), 3.5);
    EXPECT_EQ(std::optional<double>(x), 3.5);
    x = std::nullopt;
    EXPECT_FALSE(x);
    x = std::optional<double>(0.0);
    EXPECT_TRUE(x);  // zero is a value
    x.reset();
    EXPECT_EQ(x, std::nullopt);

    // Ordering as std::optional: nothing is below every value.
    EXPECT_FALSE(OptionalDouble() > 0);
    EXPECT_TRUE(OptionalDouble() < -1e300);
    EXPECT_TRUE(OptionalDouble(1) > 0);
    EXPECT_EQ(OptionalDouble(1), OptionalDouble(1));
    EXPECT_NE(OptionalDouble(1), OptionalDouble());
    static_assert(sizeof(OptionalDouble) == sizeof(double));
}

TEST(OptionalDouble, EveryDoubleIsAValueNaNAndInfinityIncluded) {
    for (double v : {0.0, -0.0, 1e-308, std::numeric_limits<double>::denorm_min(),
                     std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::signaling_NaN(), 0.0 / std::numeric_limits<double>::infinity()}) {
        const OptionalDouble held = v;
        EXPECT_TRUE(held.has_value()) << v;
        EXPECT_EQ(std::isnan(*held), std::isnan(v));
    }
    // Arithmetic on a NaN value gives a NaN, never nothing.
    OptionalDouble nan = std::numeric_limits<double>::quiet_NaN();
    *nan = *nan * 2 + 1;
    EXPECT_TRUE(nan.has_value());
}

TEST(SharedJson, IsEmptyByDefaultAndCopiesOnWrite) {
    SharedJson a;
    EXPECT_TRUE(a->is_object());
    EXPECT_TRUE(a.empty());
    SharedJson b = a;
    b["threads"] = 2;  // b's own now
    EXPECT_TRUE(a.empty());
    EXPECT_EQ(b.at("threads"), 2);

    SharedJson c = b;
    EXPECT_EQ(&*c, &*b);  // shared until written
    c["threads"] = 4;
    EXPECT_EQ(b.at("threads"), 2);
    EXPECT_EQ(c.at("threads"), 4);
    EXPECT_NE(b, c);

    c.erase("threads");
    EXPECT_FALSE(c.contains("threads"));
    EXPECT_EQ(c.value("threads", 0), 0);
    c = SharedJson::Json{{"threads", 2}};
    EXPECT_EQ(b, c);
}

TEST(SharedJson, SharesEqualValuesAndStillCopiesOnWrite) {
    SharedJson a(SharedJson::Json{{"time_unit", "ns"}, {"threads", 1}});
    SharedJson b(SharedJson::Json{{"time_unit", "ns"}, {"threads", 1}});
    SharedJson different(SharedJson::Json{{"time_unit", "us"}});
    EXPECT_NE(&*a, &*b);
    b.share_if_equal(a);
    EXPECT_EQ(&*a, &*b);
    different.share_if_equal(a);
    EXPECT_NE(&*different, &*a);
    EXPECT_EQ(different.at("time_unit"), "us");
    b["threads"] = 8;
    EXPECT_EQ(a.at("threads"), 1);
}

}  // namespace
}  // namespace pace
