// SPDX-License-Identifier: Apache-2.0
// Benchmarks whose names, dims and extra info hold SQL metacharacters and
// markup: the PostgreSQL store must keep them exactly (tests/store/postgres.sh).
#include <pace/pace.hpp>

#include <numeric>  // std::iota
#include <vector>   // std::vector

namespace {

std::vector<int> numbers(int n) {
    std::vector<int> v(static_cast<std::size_t>(n));
    std::iota(v.begin(), v.end(), 0);
    return v;
}

}  // namespace

PACE_BENCH("sql/'; DROP TABLE pace.runs; --", pace::dim("n", {10, 100})) {
    auto v = numbers(bench.dim<int>("n"));
    auto sum = bench.measure([&] { return std::accumulate(v.begin(), v.end(), 0L); });
    PACE_CHECK(sum >= 0);
    bench.info("quote", "it's \"quoted\" \\ $1 %s _%");
}

PACE_BENCH("markup/<script>alert('x')</script>&amp;", pace::dim("kind", {"a'b", "c\"d", "{e,f}"})) {
    auto v = numbers(50);
    auto sum = bench.measure([&] { return std::accumulate(v.begin(), v.end(), 0L); });
    PACE_CHECK(sum == 1225);
    bench.info("html", "<b>bold</b> & <i>'</i>");
}
