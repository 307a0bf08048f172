// SPDX-License-Identifier: Apache-2.0
// Bad user input is normal, not exceptional: readers return an Outcome that is
// either a value or an InputError naming the file, the JSON path and a hint.
#pragma once

#include <string>   // std::string
#include <utility>  // std::move
#include <variant>  // std::variant

namespace pace {

/// What was wrong with a user's input (a file, a flag, a spec, a config).
struct InputError {
    std::string file;     ///< the file or flag the input came from ("" if none)
    std::string where;    ///< JSON path ("$.benchmarks[3].stats.mean"), line, or ""
    std::string message;  ///< what was expected and what was found
    std::string hint;     ///< how to fix it, or ""

    /// One line: `file: where: message`.
    std::string describe() const {
        std::string out;
        if (!file.empty()) out += file + ": ";
        if (!where.empty()) out += where + ": ";
        return out + message;
    }
};

/// A value or the InputError that prevented it.
template <class T>
class Outcome {
public:
    Outcome(T value) : state_(std::move(value)) {}           // NOLINT: implicit by design
    Outcome(InputError error) : state_(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const InputError& error() const { return std::get<1>(state_); }

private:
    std::variant<T, InputError> state_;
};

}  // namespace pace
