// SPDX-License-Identifier: Apache-2.0
// The keys of the pace format (docs/file-format.md), said once: for each
// object of the file, its keys in the order they are written, the member of
// the model each one holds, and how it is read. The writer (to_json), the
// general reader (run_from_json) and the pace command's fast reader
// (src/importers/pace_fast.cpp) all walk these tables, so a new key of an
// existing kind is one line here; tests/fuzz/pace_fast_fuzz.cpp checks that
// the two readers still agree.
//
// What a Field's C++ type means, the same in the writer and both readers:
//   std::optional<double>, double  a finite number, >= 0 unless `signed_`;
//                                  written when finite (a double: unless
//                                  `always`); a double absent keeps its default
//   std::int64_t, int,             a count: a number >= 0 unless `signed_`,
//   std::optional<std::int64_t>    cut to a whole number; always written
//                                  (the optional one when present)
//   std::string                    a string, "" when absent; always written
//   bool                           true or false; always written
//   std::vector<double>            a list of times: finite numbers >= 0
//   std::vector<std::int64_t>      a list of sample counts: whole numbers >= 1
//   std::vector<std::string>       a list of strings
//   std::optional<T>, T a Record   an object read by T's fields, written when present
//   std::vector<T>, T a Record     a list of such objects
// A null value is read as an absent one. `written` narrows when a field is
// written. A Custom key is one the writer and each reader handle with code of
// their own (a result's id and dims, values joining several members); the
// table still says where it is written and which keys the fast reader knows.
// A new member type is a branch in write_value and in both read_value.
#pragma once

#include <array>        // std::array: the keys, as the fast reader matches them
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t
#include <string_view>  // std::string_view
#include <tuple>        // std::tuple: one object's fields, each of its own type
#include <utility>      // std::index_sequence
#include <vector>       // std::vector

#include "model/run.hpp"

namespace pace::schema {

/// How a field is read and written beyond its type.
enum Flag : unsigned {
    required = 1u,  ///< a file without it (or with null) is refused
    signed_ = 2u,   ///< a number may be negative
    always = 4u,    ///< a double written even when not finite (as null)
};

namespace detail {
template <class M>
struct MemberPointer;
template <class C, class T>
struct MemberPointer<T C::*> {
    using Owner = C;
    using Type = T;
};
}  // namespace detail

/// One key of an object and the data member `Member` that holds it.
template <auto Member>
struct Field {
    using Owner = typename detail::MemberPointer<decltype(Member)>::Owner;
    using Type = typename detail::MemberPointer<decltype(Member)>::Type;
    static constexpr auto member = Member;
    std::string_view key;
    unsigned flags = 0;
    bool (*written)(const Owner&) = nullptr;  ///< written only when this holds; always when null
};

/// A key the writer and each reader handle with code of their own, found by
/// the key: a result's id, name and dims (which pytest-benchmark spells
/// several ways), and values that join several members ("outliers", "median_ci").
/// A reader that does not read it passes over it as over any unknown key.
template <class T>
struct Custom {
    using Owner = T;
    std::string_view key;
};

/// The fields of an object held by a model type of its own (`fields`, a
/// tuple), for the types a field may nest (std::optional<T>, std::vector<T>).
template <class T>
struct Record;

/// True for std::vector<T> of a Record T: a list of objects.
template <class V>
inline constexpr bool is_record_list = requires { Record<typename V::value_type>::fields; } &&
                                       requires(V v) { v.push_back(v.front()); };
/// True for std::optional<T> of a Record T: an object, when there is one.
template <class V>
inline constexpr bool is_optional_record = requires { Record<typename V::value_type>::fields; } &&
                                           requires(V v) { v.has_value(); };

// ---- the tables ---------------------------------------------------------------

/// A result's "stats": pytest-benchmark's keys, then pace's. "outliers" is
/// pytest-benchmark's "stddev_outliers;iqr_outliers", written only.
template <>
struct Record<TimeStats> {
    static constexpr std::tuple fields{
        Field<&TimeStats::min>{"min"},
        Field<&TimeStats::max>{"max"},
        Field<&TimeStats::mean>{"mean", required},
        Field<&TimeStats::stddev>{"stddev"},
        Field<&TimeStats::rounds>{"rounds"},
        Field<&TimeStats::median>{"median"},
        Field<&TimeStats::iqr>{"iqr"},
        Field<&TimeStats::q1>{"q1"},
        Field<&TimeStats::q3>{"q3"},
        Field<&TimeStats::iqr_outliers>{"iqr_outliers"},
        Field<&TimeStats::stddev_outliers>{"stddev_outliers"},
        Custom<TimeStats>{"outliers"},
        Field<&TimeStats::ld15iqr>{"ld15iqr"},
        Field<&TimeStats::hd15iqr>{"hd15iqr"},
        Field<&TimeStats::ops>{"ops"},
        Field<&TimeStats::total>{"total"},
        Field<&TimeStats::p95>{"p95"},
        Field<&TimeStats::p99>{"p99"},
        Field<&TimeStats::samples>{"data"},
        Field<&TimeStats::process_samples>{"process_samples", 0,
                                           [](const TimeStats& t) { return !t.process_samples.empty(); }},
        Field<&TimeStats::iterations>{"iterations"},
    };
};

/// A result's "memory": the memory pass.
template <>
struct Record<MemoryStats> {
    static constexpr std::tuple fields{
        Field<&MemoryStats::peak>{"peak"},
        Field<&MemoryStats::allocated>{"allocated"},
        Field<&MemoryStats::allocations>{"allocations"},
        Field<&MemoryStats::leaked>{"leaked"},
        Field<&MemoryStats::rss>{"rss"},
    };
};

/// A result's "throughput", written when either figure is known.
inline constexpr std::tuple throughput{
    Field<&Result::items_per_call>{"items_per_call"},
    Field<&Result::bytes_per_call>{"bytes_per_call"},
};

/// An entry of a result's "targets".
template <>
struct Record<TargetOutcome> {
    static constexpr std::tuple fields{
        Field<&TargetOutcome::description>{"target", required},
        Field<&TargetOutcome::passed>{"passed", required},
        Field<&TargetOutcome::detail>{"detail"},
        Field<&TargetOutcome::checked>{"checked", 0, [](const TargetOutcome& t) { return !t.checked; }},
    };
};

/// A result, in "benchmarks" or "pace.unmeasured". The Custom keys: "name"
/// and "fullname" (the id; "name" required), "base_name" (the registered
/// name), "group" (null when none), "params"/"param" (the dims as
/// pytest-benchmark's parameters), "dims" (typed), "extra_info" (with
/// pytest-benchmem's figures in "benchmem"), "options", "status", "counters",
/// "throughput" (the fields below), "median_ci" (the median's interval and
/// the precision).
inline constexpr std::tuple result{
    Custom<Result>{"group"},
    Custom<Result>{"name"},
    Custom<Result>{"fullname"},
    Custom<Result>{"params"},
    Custom<Result>{"param"},
    Custom<Result>{"extra_info"},
    Custom<Result>{"options"},
    Field<&Result::time>{"stats"},
    Custom<Result>{"base_name"},
    Custom<Result>{"dims"},
    Field<&Result::tags>{"tags"},
    Custom<Result>{"status"},
    Field<&Result::message>{"message", 0, [](const Result& r) { return !r.message.empty(); }},
    Field<&Result::memory>{"memory"},
    Custom<Result>{"counters"},
    Custom<Result>{"throughput"},
    Custom<Result>{"median_ci"},
    Field<&Result::targets>{"targets"},
};

/// An entry of "pace.complexity".
template <>
struct Record<ComplexityFit> {
    static constexpr std::tuple fields{
        Field<&ComplexityFit::id>{"id", required},
        Field<&ComplexityFit::dim>{"dim", required},
        Field<&ComplexityFit::metric>{"metric"},
        Field<&ComplexityFit::model>{"model", required},
        Field<&ComplexityFit::coefficient>{"coefficient", signed_},
        Field<&ComplexityFit::intercept>{"intercept", signed_},
        Field<&ComplexityFit::r_squared>{"r2", signed_},
        Field<&ComplexityFit::runner_up>{"runner_up", 0, [](const ComplexityFit& f) { return !f.runner_up.empty(); }},
        Field<&ComplexityFit::runner_up_ratio>{"runner_up_ratio", 0,
                                               [](const ComplexityFit& f) { return !f.runner_up.empty(); }},
        Field<&ComplexityFit::points>{"points"},
    };
};

/// An entry of a scaling fit's "points".
template <>
struct Record<ScalingFit::Point> {
    static constexpr std::tuple fields{
        Field<&ScalingFit::Point::workers>{"workers", always},
        Field<&ScalingFit::Point::median>{"median"},
        Field<&ScalingFit::Point::speedup>{"speedup"},
        Field<&ScalingFit::Point::predicted>{"predicted"},
    };
};

/// An entry of "pace.scaling". "model" is "amdahl" or "usl" (the readers check).
template <>
struct Record<ScalingFit> {
    static constexpr std::tuple fields{
        Field<&ScalingFit::id>{"id", required},
        Field<&ScalingFit::dim>{"dim", required},
        Field<&ScalingFit::cores>{"cores"},
        Field<&ScalingFit::model>{"model"},
        Field<&ScalingFit::serial_fraction>{"serial_fraction", signed_},
        Field<&ScalingFit::amdahl_r_squared>{"amdahl_r2", signed_},
        Field<&ScalingFit::contention>{"contention", signed_},
        Field<&ScalingFit::coherency>{"coherency", signed_},
        Field<&ScalingFit::usl_r_squared>{"usl_r2", signed_},
        Field<&ScalingFit::accuracy>{"accuracy", signed_},
        Field<&ScalingFit::accuracy_workers>{"accuracy_workers"},
        Field<&ScalingFit::points>{"points", required},
    };
};

// ---- walking them -------------------------------------------------------------

/// Calls `on` with each field of `fields`, in order.
template <class Fields, class F>
constexpr void for_each(const Fields& fields, F&& on) {
    std::apply([&](const auto&... field) { (on(field), ...); }, fields);
}

/// Calls `on` with field number `index` of `fields`.
template <class Fields, class F>
constexpr void at(const Fields& fields, std::size_t index, F&& on) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (void)((index == I ? (on(std::get<I>(fields)), true) : false) || ...);
    }(std::make_index_sequence<std::tuple_size_v<Fields>>{});
}

/// The keys of `fields`, in order, as the fast reader matches them.
template <class Fields>
constexpr auto keys(const Fields& fields) {
    return std::apply([](const auto&... field) { return std::array<std::string_view, sizeof...(field)>{field.key...}; },
                      fields);
}

/// The place of `key` in `fields`; not a constant expression when absent,
/// so a misspelt key does not compile.
template <class Fields>
consteval std::size_t index_of(const Fields& fields, std::string_view key) {
    const auto names = keys(fields);
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == key) return i;
    throw "no such key in the schema";
}

/// True for a field the readers read generically (not a Custom one).
template <class F>
inline constexpr bool is_read = requires { F::member; };

}  // namespace pace::schema
