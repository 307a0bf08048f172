// SPDX-License-Identifier: Apache-2.0
#include "importers/reading.hpp"

#include <charconv>  // std::from_chars
#include <chrono>    // civil dates, to move a zone offset to UTC
#include <cstdio>    // std::snprintf
#include <cmath>     // std::isfinite

#include "importers/json_text.hpp"
#include "model/json_format.hpp"  // detail::describe_value

namespace pace::detail {

void fail_expected(const std::string& where, const std::string& expected, const Json& found) {
    throw ImportError(where, "expected " + expected + ", found " + describe_value(found));
}

const Json* find_member(const Json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::optional<double> optional_number(const Json& object, const std::string& path, std::string_view key,
                                      bool non_finite_is_missing) {
    const Json* v = find_member(object, key);
    if (!v) return std::nullopt;
    std::string where = path + "." + std::string(key);
    if (is_non_finite_token(*v)) {
        if (non_finite_is_missing) return std::nullopt;
        throw ImportError(where, "expected a finite number, found " + v->get<std::string>());
    }
    if (!v->is_number()) fail_expected(where, "a number", *v);
    double d = v->get<double>();
    // The parser rejects overflowing literals; this guards documents built in memory.
    if (!std::isfinite(d)) {
        if (non_finite_is_missing) return std::nullopt;
        throw ImportError(where, "expected a finite number, found " + v->dump());
    }
    return d;
}

std::optional<double> optional_non_negative(const Json& object, const std::string& path, std::string_view key,
                                            bool non_finite_is_missing) {
    std::optional<double> d = optional_number(object, path, key, non_finite_is_missing);
    if (d && *d < 0)
        throw ImportError(path + "." + std::string(key), "expected a number >= 0, found " + find_member(object, key)->dump());
    return d;
}

std::optional<std::string> optional_string(const Json& object, const std::string& path, std::string_view key) {
    const Json* v = find_member(object, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) fail_expected(path + "." + std::string(key), "a string", *v);
    return v->get<std::string>();
}

std::int64_t to_count(double value, const std::string& where) {
    // 2^63 is exactly representable; anything at or above it would overflow the cast.
    if (!(value >= 0 && value < 9223372036854775808.0))
        throw ImportError(where, "expected a count between 0 and 2^63, found " + Json(value).dump());
    return static_cast<std::int64_t>(value);
}

DimValue dim_from_text(const std::string& text) {
    const char* first = text.data();
    const char* last = first + text.size();
    if (text.empty()) return text;
    std::int64_t i = 0;
    if (auto [p, ec] = std::from_chars(first, last, i); ec == std::errc() && p == last) return i;
    double d = 0;
    if (auto [p, ec] = std::from_chars(first, last, d); ec == std::errc() && p == last && std::isfinite(d)) return d;
    return text;
}

std::string to_iso_utc(const std::string& date) {
    // YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|+HH:MM|+HHMM]
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    auto digits = [&](std::size_t pos, std::size_t n, int& out) {
        if (pos + n > date.size()) return false;
        out = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (date[i] < '0' || date[i] > '9') return false;
            out = out * 10 + (date[i] - '0');
        }
        return true;
    };
    bool layout = digits(0, 4, y) && date[4] == '-' && digits(5, 2, mo) && date[7] == '-' && digits(8, 2, d) &&
                  (date[10] == 'T' || date[10] == ' ') && digits(11, 2, h) && date[13] == ':' && digits(14, 2, mi) &&
                  date[16] == ':' && digits(17, 2, s);
    if (!layout || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return date;
    std::size_t pos = 19;
    if (pos < date.size() && date[pos] == '.')
        for (++pos; pos < date.size() && date[pos] >= '0' && date[pos] <= '9';) ++pos;
    int offset_minutes = 0;
    if (pos == date.size()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
        return buf;
    }
    if (date[pos] == 'Z' && pos + 1 == date.size()) {
        offset_minutes = 0;
    } else if (date[pos] == '+' || date[pos] == '-') {
        int oh = 0, om = 0;
        bool colon = pos + 3 < date.size() && date[pos + 3] == ':';
        if (!digits(pos + 1, 2, oh) || !digits(pos + (colon ? 4 : 3), 2, om) || pos + (colon ? 6 : 5) != date.size())
            return date;
        offset_minutes = (date[pos] == '+' ? 1 : -1) * (oh * 60 + om);
    } else {
        return date;
    }
    std::chrono::sys_days day = std::chrono::year{y} / std::chrono::month{static_cast<unsigned>(mo)} /
                                std::chrono::day{static_cast<unsigned>(d)};
    std::chrono::sys_seconds t = day + std::chrono::hours{h} + std::chrono::minutes{mi - offset_minutes} +
                                 std::chrono::seconds{s};
    std::chrono::sys_days utc_day = std::chrono::floor<std::chrono::days>(t);
    std::chrono::year_month_day ymd{utc_day};
    auto rest = std::chrono::hh_mm_ss{t - utc_day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(rest.hours().count()), static_cast<int>(rest.minutes().count()),
                  static_cast<int>(rest.seconds().count()));
    return buf;
}

}  // namespace pace::detail
