// SPDX-License-Identifier: Apache-2.0
#include "model/counters.hpp"

#include <functional>  // std::less
#include <mutex>       // std::mutex
#include <set>         // std::set

namespace pace {

std::string_view intern_counter_name(std::string_view name) {
    // A node-based set: a name, once in, never moves.
    static std::mutex lock;
    static std::set<std::string, std::less<>> names;
    const std::scoped_lock held(lock);
    auto found = names.find(name);
    if (found == names.end()) found = names.emplace(name).first;
    return *found;
}

}  // namespace pace
