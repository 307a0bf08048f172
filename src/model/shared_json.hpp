// SPDX-License-Identifier: Apache-2.0
// A JSON object shared between results until one of them changes it. A run's
// results mostly carry equal `options` ("threads": 1, "time_unit": "ns", ...)
// and empty `extra_info`: held once, 100,000 results do not hold 100,000
// copies of the same few keys.
#pragma once

#include <memory>       // std::shared_ptr
#include <string_view>  // std::string_view
#include <utility>      // std::move

#include <nlohmann/json.hpp>

namespace pace {

/// A JSON value, copy-on-write. Reads see the value (`*j`, `j->items()`,
/// `j.contains(key)`, `j.at(key)`); writes (`j[key] = v`, `j = value`,
/// `j.edit()`) first make the value this holder's own, so a holder sharing it
/// never sees the change. Empty by default: `{}`, held once for all.
class SharedJson {
public:
    using Json = nlohmann::ordered_json;

    SharedJson() : value_(empty_object()) {}
    explicit SharedJson(Json value) : value_(std::make_shared<Json>(std::move(value))) {}
    SharedJson& operator=(Json value) {
        value_ = std::make_shared<Json>(std::move(value));
        return *this;
    }

    const Json& operator*() const { return *value_; }
    const Json* operator->() const { return value_.get(); }

    /// The value, made this holder's own first when another holder shares it.
    Json& edit() {
        if (value_.use_count() > 1) value_ = std::make_shared<Json>(*value_);
        return *value_;
    }
    Json& operator[](std::string_view key) { return edit()[key]; }
    /// As a const Json's: `key` must be there.
    const Json& operator[](std::string_view key) const { return (*value_)[key]; }
    const Json& at(std::string_view key) const { return value_->at(key); }
    bool contains(std::string_view key) const { return value_->contains(key); }
    template <class T>
    T value(std::string_view key, const T& fallback) const {
        return value_->value(key, fallback);
    }
    std::string value(std::string_view key, const char* fallback) const { return value_->value(key, fallback); }
    std::size_t erase(std::string_view key) { return contains(key) ? edit().erase(std::string(key)) : 0; }
    bool empty() const { return value_->empty(); }
    bool is_object() const { return value_->is_object(); }

    /// Shares `other`'s value when it is equal to this one, dropping this copy.
    void share_if_equal(const SharedJson& other) {
        if (value_ != other.value_ && *value_ == *other.value_) value_ = other.value_;
    }

    friend bool operator==(const SharedJson& a, const SharedJson& b) {
        return a.value_ == b.value_ || *a.value_ == *b.value_;
    }

private:
    /// Never changed: every holder of it has a count above one, so edit() copies it.
    static const std::shared_ptr<Json>& empty_object() {
        static const std::shared_ptr<Json> object = std::make_shared<Json>(Json::object());
        return object;
    }
    std::shared_ptr<Json> value_;
};

}  // namespace pace
