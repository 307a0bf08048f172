// SPDX-License-Identifier: Apache-2.0
// What `pace ab` found: per benchmark, the change of a candidate build against
// a base build measured in paired process pairs. Produced by src/ab/, read by
// the reports. Relative figures: 0.02 is +2%.
#pragma once

#include <cstddef>   // std::size_t
#include <cstdint>   // std::uint64_t
#include <optional>  // std::optional
#include <string>    // std::string
#include <string_view>  // std::string_view
#include <vector>    // std::vector

namespace pace {

/// What the interval says of one benchmark.
enum class PairedVerdict {
    slower,     ///< the whole interval is above 0
    faster,     ///< the whole interval is below 0
    no_change,  ///< the interval holds 0
    too_few,    ///< too few process pairs for an interval
    failed,     ///< a side failed (see PairedResult::failure)
};

constexpr std::string_view to_string(PairedVerdict verdict) {
    switch (verdict) {
        case PairedVerdict::slower: return "slower";
        case PairedVerdict::faster: return "faster";
        case PairedVerdict::no_change: return "no change";
        case PairedVerdict::too_few: return "too few pairs";
        case PairedVerdict::failed: return "failed";
    }
    return "?";
}

struct PairedResult {
    std::string id;
    PairedVerdict verdict = PairedVerdict::too_few;
    std::optional<double> base_median_s, cand_median_s;  ///< seconds per call, over all samples
    std::optional<double> change, low, high;              ///< relative change and its interval
    double within_pair = 0;    ///< relative spread of one sample pair's ratio inside a process pair
    double between_pairs = 0;  ///< relative spread that fresh process pairs add
    std::size_t pairs = 0;     ///< process pairs that measured it
    std::size_t samples = 0;   ///< sample pairs over all of them
    bool decided = false;      ///< stopped because the interval was precise enough, before the budget
    bool regression = false;   ///< the gate failed it: the interval lies past the threshold
    std::string failure;       ///< for `failed`: which side and its message
    std::vector<double> base_samples_s, cand_samples_s;  ///< seconds per call, every sample pair, in order
    /// How many of those sample pairs each process pair made, in order (TimeStats::process_samples).
    std::vector<std::int64_t> pair_samples;
};

struct PairedComparison {
    std::string base_label, cand_label;  ///< the two binaries as given
    std::string metric = "time";         ///< "time" (paired samples) or "instructions" (exact counts)
    std::optional<double> threshold;     ///< relative gate threshold (0.02 for median:2%), if any
    std::string threshold_text;          ///< the spec as written
    double confidence = 0.95;
    std::vector<PairedResult> results;
    std::vector<std::string> only_base, only_cand;  ///< ids one build has and the other lacks
    std::size_t process_pairs = 0;
    double elapsed_s = 0;
    std::string schedule;  ///< "turns" or "duet"
    std::uint64_t seed = 0;

    bool passed() const {
        for (const PairedResult& r : results)
            if (r.regression) return false;
        return true;
    }
};

}  // namespace pace
