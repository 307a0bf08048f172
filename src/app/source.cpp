// SPDX-License-Identifier: Apache-2.0
#include "app/source.hpp"

#include <cstdlib>     // std::getenv: PACE_STORE
#include <filesystem>  // std::filesystem::is_regular_file

#include "importers/load.hpp"
#include "measure/run_options.hpp"   // pace.toml: find_config, apply_config
#include "store/postgres_store.hpp"  // the PostgreSQL store
#include "store/storage.hpp"         // the file store: latest, 0003, a saved name

namespace pace {

std::string choose_store(const std::string& store_flag, bool storage_flag, const std::string& storage,
                         const std::string& config_url) {
    if (!store_flag.empty()) return store_flag;
    if (storage_flag) return storage;
    if (const char* env = std::getenv("PACE_STORE"); env && *env) return env;
    if (!config_url.empty()) return config_url;
    return storage;
}

Outcome<std::string> configured_store(const std::string& store_flag, const std::string& storage, bool storage_given) {
    measure::RunOptions config;
    std::error_code ec;
    if (store_flag.empty() && !storage_given) {
        const std::string path = measure::find_config(std::filesystem::current_path(ec).string());
        if (!path.empty())
            if (auto e = measure::apply_config(path, config)) return *e;
    }
    return choose_store(store_flag, storage_given, storage, config.store_config);
}

Outcome<std::string> resolve_run_reference(const std::string& reference, const std::string& store,
                                           const std::string& machine_id) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(reference, ec)) return reference;
    if (std::filesystem::exists(reference, ec))
        return InputError{reference, "", "not a regular file", "BASE and CAND are result files"};
    if (store::is_database_url(store)) {
        bool looks_like_path = !store::is_database_locator(reference) &&
                               (reference.find('/') != std::string::npos ||
                                (reference.size() > 5 && reference.substr(reference.size() - 5) == ".json"));
        if (reference.empty() || looks_like_path)
            return InputError{reference, "", "no such file", "BASE and CAND are result files or saved runs"};
        return store::resolve_database_reference(store, reference, machine_id);
    }
    Outcome<std::string> saved = store::resolve_reference(store, reference, machine_id);
    if (saved) return saved;
    InputError error = saved.error();
    if (error.message == "no such file")
        error.hint = "BASE and CAND are result files (pace --json, pytest-benchmark --benchmark-json, Google "
                     "Benchmark --benchmark_out, hyperfine --export-json) or saved runs (latest, 0003, a name)";
    return error;
}

Outcome<Run> load_for_compare(const std::string& reference, const std::string& store,
                              const std::string& machine_id, PaceJsonReader fast, bool map_file) {
    Outcome<std::string> path = resolve_run_reference(reference, store, machine_id);
    if (!path) return path.error();
    if (store::is_database_url(store) && store::is_database_locator(*path)) {
        Outcome<std::string> document = store::load_database_run(store, *path);
        if (!document) return document.error();
        return load_run_from_text(*document, *path, fast);
    }
    // The importers tell the format from the content: pace, pytest-benchmark,
    // Google Benchmark (JSON, CSV) and hyperfine files all compare alike.
    return load_run(*path, fast, map_file);
}

Outcome<std::string> save_to_store(const std::string& store, const Run& run, const std::string& name) {
    if (store::is_database_url(store)) return store::save_run_to_database(store, run, name);
    return store::save_run(store, run, name);
}

Outcome<std::vector<store::SavedRun>> list_stored_runs(
    const std::string& store, const std::string& machine_id,
    const std::function<Outcome<Run>(const std::string&)>& reader) {
    if (store::is_database_url(store)) return store::list_database_runs(store, machine_id);
    return store::list_runs(store, machine_id, reader);
}

Outcome<std::vector<Run>> load_stored_runs(const std::string& store, const std::vector<store::SavedRun>& saved,
                                           PaceJsonReader fast, std::vector<InputError>& skipped) {
    std::vector<Run> runs;
    runs.reserve(saved.size());
    if (store::is_database_url(store)) {
        std::vector<std::string> locators;
        for (const store::SavedRun& s : saved) locators.push_back(s.path);
        auto documents = store::load_database_runs(store, locators);
        if (!documents) return documents.error();
        for (std::size_t i = 0; i < saved.size(); ++i) {
            Outcome<Run> run = load_run_from_text((*documents)[i], saved[i].path, fast);
            if (run) runs.push_back(std::move(*run));
            else skipped.push_back(run.error());
        }
        return runs;
    }
    for (const store::SavedRun& s : saved) {
        Outcome<Run> run = load_run(s.path, fast);
        if (run) runs.push_back(std::move(*run));
        else skipped.push_back(run.error());
    }
    return runs;
}

}  // namespace pace
