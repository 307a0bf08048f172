// SPDX-License-Identifier: Apache-2.0
#include "stats/inference.hpp"

#include <algorithm>  // std::nth_element (the percentiles of the ratios), std::min, std::min_element
#include <array>      // the median ranks each thread keeps
#include <cmath>      // std::sqrt, std::abs, std::floor, std::log, std::exp
#include <memory>     // std::unique_ptr
#include <optional>   // the polar method's spare normal
#include <utility>    // std::exchange
#include <vector>     // std::vector

#include "stats/descriptive.hpp"  // median_of_sorted
#include "stats/pair_count.hpp"   // count_pairs_above: U without sorting

#include <boost/math/distributions/normal.hpp>  // the normal CDF for the large-sample p
#include <boost/sort/pdqsort/pdqsort.hpp>       // pdqsort_branchless

namespace pace::stats {

namespace {

// Number of arrangements of m a-values and n b-values giving each U, for
// U = 0 .. m·n: the recurrence f(m, n, u) = f(m-1, n, u-n) + f(m, n-1, u)
// (Mann & Whitney 1947), built up one a-value at a time. Counts reach
// C(40, 20) ≈ 1.4e11 at the limit, exact in a double.
std::vector<double> u_distribution(std::size_t m, std::size_t n) {
    // rows[j][u]: arrangements of i a-values and j b-values with U = u.
    std::vector<std::vector<double>> rows(n + 1);
    for (std::size_t j = 0; j <= n; ++j) rows[j] = {1.0};  // i = 0: U is 0
    for (std::size_t i = 1; i <= m; ++i) {
        std::vector<std::vector<double>> next(n + 1);
        next[0] = {1.0};  // j = 0: U is 0
        for (std::size_t j = 1; j <= n; ++j) {
            std::vector<double> f(i * j + 1, 0.0);
            // the largest value is an a-value: it beats all j b-values
            for (std::size_t u = 0; u < rows[j].size(); ++u) f[u + j] += rows[j][u];
            // the largest value is a b-value: it adds nothing to U
            for (std::size_t u = 0; u < next[j - 1].size(); ++u) f[u] += next[j - 1][u];
            next[j] = std::move(f);
        }
        rows = std::move(next);
    }
    return rows[n];
}

double binomial(std::size_t n, std::size_t k) {
    double r = 1;
    for (std::size_t i = 1; i <= k; ++i) r = r * static_cast<double>(n - k + i) / static_cast<double>(i);
    return r;
}

// splitmix64: tiny, fast, and its output is fixed by its definition, unlike
// std::uniform_int_distribution whose mapping differs between libraries.
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
};

}  // namespace

// The standard library's distributions are implementation-defined, so these
// are written out: the same seed gives the same interval everywhere.
struct ResampledMedian::Generator {
    SplitMix64 bits;
    std::optional<double> spare_normal;

    /// Uniform on (0, 1), never 0 or 1, so its logarithm is finite.
    double uniform() { return (static_cast<double>(bits.next() >> 11) + 0.5) * 0x1p-53; }

    /// Standard normal, by Marsaglia's polar method (two per accepted pair).
    double normal() {
        if (spare_normal) return *std::exchange(spare_normal, std::nullopt);
        double x, y, r;
        do {
            x = 2 * uniform() - 1;
            y = 2 * uniform() - 1;
            r = x * x + y * y;
        } while (r >= 1);
        const double scale = std::sqrt(-2 * std::log(r) / r);
        spare_normal = y * scale;
        return x * scale;
    }

    /// Gamma(shape, 1) for shape >= 1, by Marsaglia and Tsang (2000).
    double gamma(double shape) {
        const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
        for (;;) {
            const double x = normal(), t = 1 + c * x;
            if (t <= 0) continue;
            const double v = t * t * t, u = uniform();
            if (u < 1 - 0.0331 * x * x * x * x || std::log(u) < x * x / 2 + d * (1 - v + std::log(v))) return d * v;
        }
    }

    /// Beta(a, b) for a, b >= 1, as a ratio of gammas.
    double beta(double a, double b) {
        const double x = gamma(a);
        return x / (x + gamma(b));
    }
};

ResampledMedian::ResampledMedian(std::size_t n, std::uint64_t seed)
    : n_(n), generator_(std::make_unique<Generator>(Generator{SplitMix64{seed}, std::nullopt})) {}

ResampledMedian::~ResampledMedian() = default;

MedianRanks ResampledMedian::next() {
    if (n_ < 2) return {0, 0};
    // A resample draws n indices uniformly from 0..n-1, as floor(n·U) of n
    // uniforms U; floor is monotone, so the k-th smallest index comes from
    // the k-th smallest uniform, which is Beta(k, n + 1 - k) distributed.
    // One Beta draw thus replaces n draws and a count of them.
    const std::size_t k = (n_ + 1) / 2;  // 1-based rank of the (lower) middle draw
    const double n = static_cast<double>(n_);
    auto rank_of = [this, n](double u) { return std::min(n_ - 1, static_cast<std::size_t>(n * u)); };
    const double lower = generator_->beta(static_cast<double>(k), static_cast<double>(n_ + 1 - k));
    if (n_ % 2 == 1) return {rank_of(lower), rank_of(lower)};
    // Even n: the next draw up is the smallest of the n - k uniforms above
    // `lower`; the smallest of m uniforms on (0, 1) is 1 - W^(1/m).
    const double above = 1 - std::exp(std::log(generator_->uniform()) / static_cast<double>(n_ - k));
    return {rank_of(lower), rank_of(lower + (1 - lower) * above)};
}

namespace {

// The ranks `resamples` draws of ResampledMedian(n, seed) give. They depend
// on nothing else, so each thread keeps the last few sequences: a gate over
// many ids of one sample size draws them once, not once per id, with the
// same intervals. Ids of other sizes cost one sequence each, as before. The
// least recently used sequence makes way, so the two sides of one interval
// never push each other's out.
const std::vector<MedianRanks>& median_ranks(std::size_t n, std::uint64_t seed, int resamples) {
    struct Drawn {
        std::size_t n = 0;
        std::uint64_t seed = 0;
        std::uint64_t used = 0;          // when last asked for
        std::vector<MedianRanks> ranks;  // empty: not drawn yet
    };
    thread_local std::array<Drawn, 4> kept;
    thread_local std::uint64_t clock = 0;
    const auto count = static_cast<std::size_t>(resamples);
    ++clock;
    for (Drawn& d : kept) {
        if (d.n == n && d.seed == seed && d.ranks.size() == count) {
            d.used = clock;
            return d.ranks;
        }
    }
    Drawn& slot =
        *std::min_element(kept.begin(), kept.end(), [](const Drawn& a, const Drawn& b) { return a.used < b.used; });
    slot.n = n;
    slot.seed = seed;
    slot.used = clock;
    slot.ranks.clear();
    slot.ranks.reserve(count);
    ResampledMedian draw(n, seed);
    for (std::size_t r = 0; r < count; ++r) slot.ranks.push_back(draw.next());
    return slot.ranks;
}

// U of the first sorted sample (its values above a value of the second) when
// no value occurs twice in the pool, the rule for timings; empty when one
// does. Each a-value adds the b-values merged before it: a merge whose steps
// take no branch on the data, several times faster than ranking the pool.
std::optional<double> u_without_ties(const std::vector<double>& sa, const std::vector<double>& sb) {
    for (std::size_t i = 1; i < sa.size(); ++i)
        if (sa[i] == sa[i - 1]) return std::nullopt;
    for (std::size_t j = 1; j < sb.size(); ++j)
        if (sb[j] == sb[j - 1]) return std::nullopt;
    const std::size_t n1 = sa.size(), n2 = sb.size();
    std::size_t i = 0, j = 0;
    std::uint64_t pairs = 0;
    bool tie = false;
    while (i < n1 && j < n2) {
        tie |= sa[i] == sb[j];
        const bool take_a = sa[i] < sb[j];
        pairs += take_a ? j : 0;
        i += take_a;
        j += !take_a;
    }
    if (tie) return std::nullopt;
    pairs += (n1 - i) * n2;  // the a-values above every b-value
    return static_cast<double>(pairs);
}

// U of `a` from the sorted samples, and Σ (t³ − t) over the groups of t
// tied values in the pool.
struct RankedU {
    double u_a = 0;
    double tie_term = 0;
};

RankedU u_by_sorting(std::span<const double> a, std::span<const double> b) {
    // Sorting is most of this work; on doubles in random order a branch-free
    // sort is 1.6x faster than std::sort (bench/compare/rank_test_sort.cpp).
    // The sorted copies live in buffers each thread keeps: a comparison of
    // ten thousand ids would otherwise allocate and free twenty thousand.
    thread_local std::vector<double> sa, sb;
    sa.assign(a.begin(), a.end());
    sb.assign(b.begin(), b.end());
    boost::sort::pdqsort_branchless(sa.begin(), sa.end());
    boost::sort::pdqsort_branchless(sb.begin(), sb.end());
    if (std::optional<double> u = u_without_ties(sa, sb)) return {*u, 0};
    // Rank the pooled values, ties taking the mean of the ranks they span,
    // by merging the sorted sides.
    const std::size_t n1 = sa.size(), n2 = sb.size();
    RankedU out;
    double rank_sum_a = 0;
    std::size_t i = 0, j = 0;
    while (i < n1 || j < n2) {
        const double v = j == n2 || (i < n1 && sa[i] <= sb[j]) ? sa[i] : sb[j];
        const std::size_t start = i + j;
        std::size_t ta = 0;
        while (i < n1 && sa[i] == v) ++i, ++ta;
        while (j < n2 && sb[j] == v) ++j;
        const double t = static_cast<double>(i + j - start);
        const double mean_rank = static_cast<double>(start) + (t + 1) / 2;
        rank_sum_a += static_cast<double>(ta) * mean_rank;
        out.tie_term += t * t * t - t;
    }
    const double d1 = static_cast<double>(n1);
    out.u_a = rank_sum_a - d1 * (d1 + 1) / 2;
    return out;
}

}  // namespace

MannWhitney mann_whitney_u(std::span<const double> a, std::span<const double> b, int exact_limit) {
    MannWhitney out;
    const std::size_t n1 = a.size(), n2 = b.size();
    if (n1 == 0 || n2 == 0) return out;
    const double d1 = static_cast<double>(n1), d2 = static_cast<double>(n2);
    // A hundred timings a side, no two alike (so no tie term): counting the
    // pairs on the CPU's vector units is about twice as fast as sorting.
    RankedU ranked;
    if (std::optional<std::uint64_t> pairs = count_pairs_above(a, b))
        ranked.u_a = static_cast<double>(*pairs);
    else
        ranked = u_by_sorting(a, b);
    const double tie_term = ranked.tie_term;
    out.u_a = ranked.u_a;
    out.u_b = d1 * d2 - out.u_a;
    const double n = d1 + d2;

    if (tie_term == 0 && static_cast<int>(std::max(n1, n2)) <= exact_limit) {
        // Exact: P(U <= min(U_a, U_b)) doubled, since the null distribution is symmetric.
        std::vector<double> counts = u_distribution(n1, n2);
        const double total = binomial(n1 + n2, n1);
        const auto u_min = static_cast<std::size_t>(std::min(out.u_a, out.u_b));
        double tail = 0;
        for (std::size_t u = 0; u <= u_min && u < counts.size(); ++u) tail += counts[u];
        out.p_value = std::min(1.0, 2 * tail / total);
        out.exact = true;
        return out;
    }

    const double mu = d1 * d2 / 2;
    const double variance = d1 * d2 / 12 * ((n + 1) - tie_term / (n * (n - 1)));
    if (variance <= 0) return out;  // every value tied: no evidence of a change
    const double distance = std::max(0.0, std::abs(out.u_a - mu) - 0.5);
    out.z = distance / std::sqrt(variance);
    const boost::math::normal_distribution<double> standard;
    out.p_value = std::min(1.0, 2 * boost::math::cdf(boost::math::complement(standard, out.z)));
    return out;
}

double mann_whitney_min_p(std::size_t n_a, std::size_t n_b) {
    if (n_a == 0 || n_b == 0) return 1;
    // Asked once per id compared, nearly always for the same sizes: the last
    // answer is kept rather than a hundred-step product made again.
    thread_local std::size_t last_a = 0, last_b = 0;
    thread_local double last = 1;
    if (n_a != last_a || n_b != last_b) {
        last = std::min(1.0, 2 / binomial(n_a + n_b, std::min(n_a, n_b)));
        last_a = n_a;
        last_b = n_b;
    }
    return last;
}

std::optional<RatioInterval> bootstrap_median_ratio(std::span<const double> a, std::span<const double> b, double alpha,
                                                    int resamples, std::uint64_t seed) {
    if (a.empty() || b.empty() || resamples < 1) return std::nullopt;
    std::vector<double> sa(a.begin(), a.end()), sb(b.begin(), b.end());
    boost::sort::pdqsort_branchless(sa.begin(), sa.end());
    boost::sort::pdqsort_branchless(sb.begin(), sb.end());
    const double median_a = median_of_sorted(sa), median_b = median_of_sorted(sb);
    if (median_a == 0) return std::nullopt;

    // Each side has its own stream, so an interval does not depend on the
    // order the two sides are drawn in.
    const std::vector<MedianRanks>& ranks_a = median_ranks(sa.size(), seed, resamples);
    const std::vector<MedianRanks>& ranks_b = median_ranks(sb.size(), seed ^ 0x5bd1e9955bd1e995ULL, resamples);
    std::vector<double> ratios;
    ratios.reserve(static_cast<std::size_t>(resamples));
    for (std::size_t r = 0; r < ranks_a.size(); ++r) {
        const double ma = (sa[ranks_a[r].lower] + sa[ranks_a[r].upper]) / 2;
        const double mb = (sb[ranks_b[r].lower] + sb[ranks_b[r].upper]) / 2;
        if (ma == 0) continue;
        ratios.push_back(mb / ma);
    }
    if (ratios.empty()) return std::nullopt;
    // Percentiles by the nearest rank, so the interval ends are resampled
    // ratios; each is selected in linear time, the rest left unsorted.
    auto at = [&](double q) {
        const auto pos = static_cast<std::ptrdiff_t>(std::floor(q * static_cast<double>(ratios.size() - 1) + 0.5));
        std::nth_element(ratios.begin(), ratios.begin() + pos, ratios.end());
        return ratios[static_cast<std::size_t>(pos)];
    };
    return RatioInterval{median_b / median_a, at(alpha / 2), at(1 - alpha / 2)};
}

}  // namespace pace::stats
