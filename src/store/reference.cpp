// SPDX-License-Identifier: Apache-2.0
#include "store/reference.hpp"

#include <algorithm>    // std::all_of
#include <map>          // the best match per machine
#include <string_view>  // std::string_view

#include <fmt/format.h>  // fmt::format

namespace pace::store {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool all_digits(std::string_view text) { return !text.empty() && std::all_of(text.begin(), text.end(), is_digit); }

/// A commit reference: git's shortest unambiguous abbreviation is 7 digits.
bool looks_like_commit(std::string_view text) {
    return text.size() >= 7 && text.size() <= 40 && std::all_of(text.begin(), text.end(), is_hex);
}

/// True when the run's commit (12 or more characters) and the reference agree
/// on every digit both have.
bool commit_matches(const std::string& commit, std::string_view reference) {
    if (commit.size() < 7) return false;
    const std::size_t n = std::min(commit.size(), reference.size());
    for (std::size_t i = 0; i < n; ++i) {
        char a = commit[i], b = reference[i];
        if (b >= 'A' && b <= 'F') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

InputError ambiguous(const std::string& reference, const std::vector<const SavedRun*>& matches) {
    std::string paths;
    for (const SavedRun* run : matches) paths += (paths.empty() ? "" : ", ") + run->path;
    return InputError{reference, "", fmt::format("matches saved runs of {} machines: {}", matches.size(), paths),
                      "pass one of the paths, or use the reference on the machine that saved the run"};
}

}  // namespace

std::string reference_grammar_hint() {
    return "a run is a result file, `latest`, a number such as 0003, a name given to --save, or a commit; `pace "
           "list` shows the saved runs";
}

Outcome<SavedRun> pick_saved_run(const std::vector<SavedRun>& runs, const std::string& reference,
                                 const std::string& machine_id, const std::string& location) {
    // Per machine, the highest-numbered run the reference matches.
    std::map<std::string, const SavedRun*> best;
    std::vector<const SavedRun*> duplicates;
    auto consider = [&](const SavedRun& run) {
        const SavedRun*& slot = best[run.machine_id];
        if (slot && slot->number == run.number) duplicates.push_back(slot);
        if (!slot || slot->number <= run.number) slot = &run;
    };
    std::string what;
    if (reference == "latest") {
        for (const SavedRun& run : runs) consider(run);
        what = "latest";
    } else if (all_digits(reference)) {
        int number = reference.size() > 9 ? -1 : std::stoi(reference);
        for (const SavedRun& run : runs)
            if (run.number == number) consider(run);
        what = "number " + reference;
    } else {
        Outcome<std::string> as_saved = sanitize_run_name(reference);
        const std::string name = as_saved ? *as_saved : reference;
        for (const SavedRun& run : runs)
            if (run.name == name) consider(run);
        what = fmt::format("named \"{}\"", name);
        // A name wins over a commit: a run saved as `deadbeef1` stays reachable.
        if (best.empty() && looks_like_commit(reference)) {
            for (const SavedRun& run : runs)
                if (commit_matches(run.commit, reference)) consider(run);
            what = fmt::format("named \"{}\" or of commit {}", name, reference);
        }
    }
    if (best.empty()) {
        std::string scope = machine_id.empty() ? location : fmt::format("{} for this machine ({})", location, machine_id);
        return InputError{reference, "", fmt::format("no such file, and no saved run {} in {}", what, scope),
                          reference_grammar_hint()};
    }
    if (best.size() > 1) {
        std::vector<const SavedRun*> matches;
        for (const auto& [id, run] : best) matches.push_back(run);
        return ambiguous(reference, matches);
    }
    const SavedRun* chosen = best.begin()->second;
    for (const SavedRun* twin : duplicates) {
        if (twin->number != chosen->number) continue;
        return InputError{reference, "",
                          fmt::format("two saved files carry number {:04d}: {} and {}", chosen->number, twin->path,
                                      chosen->path),
                          "pass the path of the one you mean (and renumber one of them, since storage keeps "
                          "numbers unique)"};
    }
    return *chosen;
}

}  // namespace pace::store
