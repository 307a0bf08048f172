// SPDX-License-Identifier: Apache-2.0
// Every field of the pace format's schema (model/pace_schema.hpp), walked
// generically: given a value unlike its default, it is written, and both the
// general reader and the fast reader give it back. A field added to the
// schema is covered here without a new line.
#include <string>       // std::to_string: distinct texts
#include <type_traits>  // std::is_same_v: a value per member type

#include <gtest/gtest.h>

#include "importers/pace_fast.hpp"
#include "model/json_format.hpp"
#include "model/pace_schema.hpp"
#include "pace/version.hpp"  // PACE_VERSION

namespace pace {
namespace {

template <class T>
void fill_record(T& out, int k);

// A value of each member type unlike the type's default, different per field (k).
template <class V>
void fill(V& value, int k) {
    if constexpr (std::is_same_v<V, std::optional<double>> || std::is_same_v<V, OptionalDouble> || std::is_same_v<V, double>) {
        value = 0.25 + k;
    } else if constexpr (std::is_same_v<V, std::optional<std::int64_t>> || std::is_same_v<V, std::int64_t> ||
                         std::is_same_v<V, int>) {
        value = 7 + k;
    } else if constexpr (std::is_same_v<V, std::string>) {
        value = "text " + std::to_string(k);
    } else if constexpr (std::is_same_v<V, bool>) {
        value = !value;
    } else if constexpr (std::is_same_v<V, std::vector<double>>) {
        value = {1e-6, 2.5e-6, 0.125};
    } else if constexpr (std::is_same_v<V, std::vector<std::int64_t>>) {
        value = {1, 2};  // adds up to the three samples above
    } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
        value = {"a " + std::to_string(k), "b"};
    } else if constexpr (schema::is_optional_record<V>) {
        fill_record(value.emplace(), k);
    } else {
        value.resize(2);
        for (auto& record : value) fill_record(record, k);
    }
}

template <class Fields, class T>
void fill_fields(T& out, const Fields& fields, int k) {
    schema::for_each(fields, [&](const auto& field) {
        using F = std::decay_t<decltype(field)>;
        if constexpr (schema::is_read<F>) {
            fill(out.*F::member, ++k * 10);
            if constexpr (!schema::is_record_list<typename F::Type> && !schema::is_optional_record<typename F::Type>) {
                EXPECT_FALSE(out.*F::member == T{}.*F::member) << field.key << ": the test value is the default";
            }
        }
    });
}

template <class T>
void fill_record(T& out, int k) {
    fill_fields(out, schema::Record<T>::fields, k);
    if constexpr (std::is_same_v<T, ScalingFit>) out.model = "usl";  // one of the two a reader takes
}

// Field by field, as the schema lists them; `where` names the reader and the object.
template <class Fields, class T>
void expect_fields_equal(const T& written, const T& read, const Fields& fields, const std::string& where) {
    schema::for_each(fields, [&](const auto& field) {
        using F = std::decay_t<decltype(field)>;
        if constexpr (schema::is_read<F>) {
            using V = typename F::Type;
            if constexpr (schema::is_optional_record<V>) {
                ASSERT_EQ((written.*F::member).has_value(), (read.*F::member).has_value()) << where << "." << field.key;
                if (written.*F::member)
                    expect_fields_equal(*(written.*F::member), *(read.*F::member),
                                        schema::Record<typename V::value_type>::fields,
                                        where + "." + std::string(field.key));
            } else if constexpr (schema::is_record_list<V>) {
                ASSERT_EQ((written.*F::member).size(), (read.*F::member).size()) << where << "." << field.key;
                for (std::size_t i = 0; i < (written.*F::member).size(); ++i)
                    expect_fields_equal((written.*F::member)[i], (read.*F::member)[i],
                                        schema::Record<typename V::value_type>::fields,
                                        where + "." + std::string(field.key) + "[" + std::to_string(i) + "]");
            } else {
                EXPECT_TRUE(written.*F::member == read.*F::member) << where << "." << field.key;
            }
        }
    });
}

// A run whose every schema field holds a value unlike its default.
Run every_field_run() {
    Run run;
    run.producer_version = PACE_VERSION;  // what a reader takes for pace's own files
    Result result;
    result.name = result.id = "every/field";
    fill_fields(result, schema::result, 0);
    fill_fields(result, schema::throughput, 200);
    // "median_ci", a Custom key
    result.time->median_ci_low = 1.5;
    result.time->median_ci_high = 2.5;
    result.precision = 0.5;
    run.results.push_back(result);
    fill(run.complexity, 400);
    fill(run.scaling, 500);
    return run;
}

TEST(PaceSchema, EveryFieldRoundTripsThroughBothReaders) {
    const pace::Run run = every_field_run();
    const Result& result = run.results[0];
    const std::string text = to_json_text(run);
    auto general = run_from_json(Json::parse(text), "every.json");
    ASSERT_TRUE(general.ok()) << general.error().describe();
    auto fast = read_pace_json_fast(text);
    ASSERT_TRUE(fast.has_value()) << "the fast reader declined:\n" << text;
    for (const auto& [reader, read] : {std::pair<std::string, const pace::Run*>{"general", &*general}, {"fast", &*fast}}) {
        SCOPED_TRACE(reader);
        ASSERT_EQ(read->results.size(), 1u);
        const Result& r = read->results[0];
        expect_fields_equal(result, r, schema::result, reader + " result");
        expect_fields_equal(result, r, schema::throughput, reader + " throughput");
        ASSERT_EQ(read->complexity.size(), run.complexity.size());
        for (std::size_t i = 0; i < run.complexity.size(); ++i)
            expect_fields_equal(run.complexity[i], read->complexity[i], schema::Record<ComplexityFit>::fields,
                                reader + " complexity");
        ASSERT_EQ(read->scaling.size(), run.scaling.size());
        for (std::size_t i = 0; i < run.scaling.size(); ++i)
            expect_fields_equal(run.scaling[i], read->scaling[i], schema::Record<ScalingFit>::fields,
                                reader + " scaling");
        // And what was read writes the same bytes again.
        EXPECT_EQ(to_json_text(*read), text);
        EXPECT_EQ(r.time->median_ci_low, 1.5);
        EXPECT_EQ(r.precision, 0.5);
    }
}

// Every key of the schema is in the written file, under its object.
TEST(PaceSchema, WritesEveryKeyOfTheSchema) {
    const Json doc = to_json(every_field_run());
    const Json& b = doc["benchmarks"][0];
    auto expect_keys = [](const Json& object, const auto& fields, const std::string& where) {
        for (std::string_view key : schema::keys(fields))
            EXPECT_TRUE(object.contains(std::string(key))) << where << " lacks " << key;
    };
    expect_keys(b, schema::result, "result");
    expect_keys(b["stats"], schema::Record<TimeStats>::fields, "stats");
    expect_keys(b["memory"], schema::Record<MemoryStats>::fields, "memory");
    expect_keys(b["throughput"], schema::throughput, "throughput");
    expect_keys(b["targets"][0], schema::Record<TargetOutcome>::fields, "targets[0]");
    expect_keys(doc["pace"]["complexity"][0], schema::Record<ComplexityFit>::fields, "complexity[0]");
    expect_keys(doc["pace"]["scaling"][0], schema::Record<ScalingFit>::fields, "scaling[0]");
    expect_keys(doc["pace"]["scaling"][0]["points"][0], schema::Record<ScalingFit::Point>::fields, "points[0]");
}

}  // namespace
}  // namespace pace
