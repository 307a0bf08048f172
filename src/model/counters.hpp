// SPDX-License-Identifier: Apache-2.0
// A result's counters by name, kept as one sorted vector of (name, value)
// whose names are held once per process: a result carries a handful of
// counters, and a run of 100,000 results held them in as many tree nodes
// each, every node with its own copy of a name all the results share.
#pragma once

#include <algorithm>         // std::lower_bound
#include <cstddef>           // std::size_t
#include <initializer_list>  // std::initializer_list
#include <stdexcept>         // std::out_of_range
#include <string>            // std::string
#include <string_view>       // std::string_view
#include <utility>           // std::pair
#include <vector>            // std::vector

namespace pace {

/// The process's one copy of `name`, never freed: counter names are few
/// (the producers' and the user's), the results carrying them many.
/// Thread-safe.
std::string_view intern_counter_name(std::string_view name);

/// Counters by name in name order, with the part of std::map's interface the
/// code uses: `c["instructions"] = 1e6`, `c.find(name)`, `c.at(name)`,
/// `for (const auto& [name, value] : c)`, where `name` is a std::string_view
/// valid for the life of the process. A name is never changed through an
/// iterator (the order would break).
class Counters {
public:
    using value_type = std::pair<std::string_view, double>;
    using iterator = std::vector<value_type>::iterator;
    using const_iterator = std::vector<value_type>::const_iterator;

    Counters() = default;
    Counters(std::initializer_list<std::pair<std::string_view, double>> entries) {
        for (const auto& [name, value] : entries) (*this)[name] = value;
    }

    /// The counter named `name`, made 0 when absent.
    double& operator[](std::string_view name) {
        auto at = lower(name);
        if (at == entries_.end() || at->first != name) at = entries_.emplace(at, intern_counter_name(name), 0.0);
        return at->second;
    }
    double& at(std::string_view name) { return const_cast<double&>(std::as_const(*this).at(name)); }
    const double& at(std::string_view name) const {
        const auto found = find(name);
        if (found == end()) throw std::out_of_range("no counter " + std::string(name));
        return found->second;
    }
    iterator find(std::string_view name) {
        const auto at = lower(name);
        return at != entries_.end() && at->first == name ? at : entries_.end();
    }
    const_iterator find(std::string_view name) const { return const_cast<Counters&>(*this).find(name); }
    std::size_t count(std::string_view name) const { return find(name) != end() ? 1 : 0; }
    bool contains(std::string_view name) const { return find(name) != end(); }
    /// Adds `name` = `value` unless `name` is there; true when added.
    std::pair<iterator, bool> emplace(std::string_view name, double value) {
        auto at = lower(name);
        if (at != entries_.end() && at->first == name) return {at, false};
        return {entries_.emplace(at, intern_counter_name(name), value), true};
    }
    std::pair<iterator, bool> insert(const value_type& entry) { return emplace(entry.first, entry.second); }
    std::size_t erase(std::string_view name) {
        const auto found = find(name);
        if (found == entries_.end()) return 0;
        entries_.erase(found);
        return 1;
    }
    void clear() { entries_.clear(); }
    /// Room for `count` counters, so a reader that knows how many holds no more.
    void reserve(std::size_t count) { entries_.reserve(count); }

    iterator begin() { return entries_.begin(); }
    iterator end() { return entries_.end(); }
    const_iterator begin() const { return entries_.begin(); }
    const_iterator end() const { return entries_.end(); }
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }

    friend bool operator==(const Counters& a, const Counters& b) = default;

private:
    iterator lower(std::string_view name) {
        return std::lower_bound(entries_.begin(), entries_.end(), name,
                                [](const value_type& entry, std::string_view key) { return entry.first < key; });
    }
    std::vector<value_type> entries_;
};

}  // namespace pace
