// SPDX-License-Identifier: Apache-2.0
// Compiled as C++17 with -Wall -Wextra -Wpedantic -Werror: pace's public
// headers must be clean for users who build that way.
#include <pace/pace.hpp>

#include <string>  // std::string

PACE_BENCH("consumer/concat", pace::dim("parts", {2, 8}), pace::tags("cpu")) {
    auto parts = bench.dim<int>("parts");
    auto text = bench.measure([&] {
        std::string s;
        for (int i = 0; i < parts; ++i) s += "part";
        return s;
    });
    PACE_CHECK(text.size() == static_cast<std::size_t>(4 * parts));
}

PACE_BENCH("consumer/no_dims") {
    bench.measure([] { return 1 + 1; });
}
