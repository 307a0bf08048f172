// SPDX-License-Identifier: Apache-2.0
// The index of a machine directory: kept up to date by saves, rebuilt when
// missing, torn or stale (files added, changed or removed by hand), corrupt
// and foreign files kept as skipped entries with their message, and whole
// after concurrent saves. Every test works in its own mkdtemp directory.
#include <sys/wait.h>  // waitpid
#include <unistd.h>    // fork, pipe, _exit

#include <atomic>      // std::atomic: the reader thread's stop flag
#include <cstdlib>     // mkdtemp
#include <filesystem>  // std::filesystem
#include <fstream>     // std::ofstream
#include <string>      // std::string
#include <thread>      // std::thread
#include <vector>      // std::vector

#include <gtest/gtest.h>

#include "store/run_index.hpp"
#include "store/storage.hpp"  // save_run, list_runs

namespace pace::store {
namespace {

namespace fs = std::filesystem;

/// A run of one machine at commit `commit` with `results` results carrying time
/// figures, memory figures and an instruction counter.
pace::Run make_run(int commit, int results = 3, const std::string& prefix = "bench") {
    pace::Run run;
    run.datetime = "2026-11-23T15:01:02Z";
    run.machine.system = "Linux";
    run.machine.machine = "x86_64";
    run.machine.cpu_model = "Index CPU";
    run.commit.id = std::string(39, '0') + std::to_string(commit % 10);
    run.commit.time = "2026-01-0" + std::to_string(commit % 10) + "T12:00:00Z";
    run.commit.raw["parent"] = "p" + std::to_string(commit);
    run.commit.raw["subject"] = "commit\t" + std::to_string(commit) + " \"quoted\"\nsecond line";
    for (int i = 0; i < results; ++i) {
        Result r;
        r.name = r.id = prefix + "/" + std::to_string(i) + "[mode=a\\b]";
        TimeStats t;
        t.samples.assign(100, 1.5e-6);
        t.min = 1e-6;
        t.max = 2e-6;
        t.mean = 0.1 + 0.2;  // not a short decimal: the index must keep it exactly
        t.median = 1.5e-6 * (commit + 1);
        t.stddev = 3e-8;
        t.median_ci_low = 1.4e-6;
        t.median_ci_high = 1.6e-6;
        t.rounds = 100;
        t.process_samples = {50, 50};
        r.time = t;
        r.memory = MemoryStats{1024, 4096, 3, 0, std::nullopt};
        r.counters["instructions"] = 1000.0 + commit;
        run.results.push_back(r);
    }
    return run;
}

class RunIndex : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "pace-index-test-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        storage_ = (fs::path(root_) / ".pace").string();
        dir_ = (fs::path(storage_) / make_run(0).machine.id()).string();
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }
    std::string save(const pace::Run& run) {
        Outcome<std::string> path = save_run(storage_, run, "");
        EXPECT_TRUE(path.ok()) << (path ? "" : path.error().describe());
        return path ? *path : "";
    }
    IndexScan refresh() {
        Outcome<IndexScan> scan = refresh_index(dir_);
        EXPECT_TRUE(scan.ok()) << (scan ? "" : scan.error().describe());
        return scan ? *scan : IndexScan{};
    }
    std::string index_path() const { return (fs::path(dir_) / index_file_name).string(); }
    std::string root_, storage_, dir_;
};

TEST_F(RunIndex, SavesAppendSoAReadOpensNoRunFile) {
    for (int c = 1; c <= 3; ++c) save(make_run(c));
    ASSERT_TRUE(fs::exists(index_path()));
    const IndexScan scan = refresh();
    EXPECT_EQ(scan.files_read, 0u);
    EXPECT_FALSE(scan.rewritten);
    ASSERT_EQ(scan.runs.size(), 3u);
    const IndexedRun& second = scan.runs[1];
    EXPECT_EQ(second.file.substr(0, 5), "0002_");
    ASSERT_TRUE(second.run.has_value());
    const pace::Run& run = *second.run;
    EXPECT_EQ(run.commit.id, make_run(2).commit.id);
    EXPECT_EQ(run.commit.time, "2026-01-02T12:00:00Z");
    EXPECT_EQ(run.commit.raw.value("parent", ""), "p2");
    EXPECT_EQ(run.commit.raw.value("subject", ""), "commit\t2 \"quoted\"\nsecond line");
    EXPECT_EQ(run.source, (fs::path(dir_) / second.file).string());
    ASSERT_EQ(run.results.size(), 3u);
    const Result& r = run.results[2];
    EXPECT_EQ(r.id, "bench/2[mode=a\\b]");
    ASSERT_TRUE(r.time.has_value());
    EXPECT_EQ(*r.time->mean, 0.1 + 0.2);
    EXPECT_EQ(*r.time->median, 1.5e-6 * 3);
    EXPECT_EQ(*r.time->median_ci_high, 1.6e-6);
    EXPECT_FALSE(r.time->q1.has_value());
    EXPECT_EQ(r.time->rounds, 100);
    EXPECT_EQ(r.time->processes(), 2u);
    EXPECT_TRUE(r.time->samples.empty());  // summaries only: the samples stay in the file
    ASSERT_TRUE(r.memory.has_value());
    EXPECT_EQ(r.memory->allocated, 4096);
    EXPECT_EQ(r.counters.at("instructions"), 1002.0);
    EXPECT_EQ(pace::metric(r, "ops"), std::nullopt);
}

TEST_F(RunIndex, AMissingIndexIsRebuiltOnce) {
    for (int c = 1; c <= 3; ++c) save(make_run(c));
    fs::remove(index_path());
    IndexScan scan = refresh();
    EXPECT_EQ(scan.files_read, 3u);
    EXPECT_TRUE(scan.rewritten);
    EXPECT_EQ(scan.runs.size(), 3u);
    scan = refresh();
    EXPECT_EQ(scan.files_read, 0u);
    EXPECT_FALSE(scan.rewritten);
    EXPECT_EQ(scan.runs.size(), 3u);
}

TEST_F(RunIndex, FilesAddedChangedOrRemovedByHandAreNoticed) {
    std::vector<std::string> paths;
    for (int c = 1; c <= 3; ++c) paths.push_back(save(make_run(c)));
    // Added: a copy under a new number, as a user copying runs between storages makes.
    fs::copy_file(paths[0], fs::path(dir_) / "0009_nocommit_20261123T150102Z_copied.json");
    fs::remove(paths[1]);  // removed
    IndexScan scan = refresh();
    EXPECT_EQ(scan.files_read, 1u);
    EXPECT_TRUE(scan.rewritten);
    ASSERT_EQ(scan.runs.size(), 3u);
    EXPECT_EQ(scan.runs[1].file.substr(0, 5), "0003_");
    EXPECT_EQ(scan.runs[2].file, "0009_nocommit_20261123T150102Z_copied.json");
    // Changed in place: another run's content under the same name.
    fs::copy_file(paths[2], paths[0], fs::copy_options::overwrite_existing);
    scan = refresh();
    EXPECT_EQ(scan.files_read, 1u);
    ASSERT_TRUE(scan.runs[0].run.has_value());
    EXPECT_EQ(scan.runs[0].run->results[0].counters.at("instructions"), 1003.0);
}

TEST_F(RunIndex, CorruptAndForeignFilesAreSkippedWithTheirMessageWithoutRereading) {
    save(make_run(1));
    const std::string corrupt = (fs::path(dir_) / "0002_nocommit_20261123T150102Z.json").string();
    const std::string foreign = (fs::path(dir_) / "0003_nocommit_20261123T150102Z.json").string();
    std::ofstream(corrupt) << "{\"benchm";
    std::ofstream(foreign) << "{\"context\": {}, \"rows\": [1, 2]}";
    save(make_run(4));
    for (int pass = 0; pass < 2; ++pass) {
        const IndexScan scan = refresh();
        EXPECT_EQ(scan.files_read, pass == 0 ? 2u : 0u);  // recorded as bad: not read again
        ASSERT_EQ(scan.runs.size(), 4u);
        EXPECT_TRUE(scan.runs[0].run && scan.runs[3].run);
        EXPECT_FALSE(scan.runs[1].run.has_value());
        EXPECT_FALSE(scan.runs[2].run.has_value());
        EXPECT_EQ(scan.runs[1].error, corrupt + ": not JSON") << scan.runs[1].error;
        EXPECT_EQ(scan.runs[2].error.rfind(foreign + ": ", 0), 0u) << scan.runs[2].error;
        for (const IndexedRun& entry : scan.runs) EXPECT_EQ(entry.error.find('\n'), std::string::npos);
    }
    // pace list flags them and keeps the others' counts, from the index.
    Outcome<std::vector<SavedRun>> listed = list_runs(storage_);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 4u);
    EXPECT_EQ((*listed)[0].benchmarks, 3u);
    EXPECT_FALSE((*listed)[1].benchmarks.has_value());
    EXPECT_EQ((*listed)[3].benchmarks, 3u);
}

TEST_F(RunIndex, ATornOrCorruptIndexIsReadAsFarAsItIsWholeAndRepaired) {
    for (int c = 1; c <= 3; ++c) save(make_run(c));
    const auto size = fs::file_size(index_path());
    fs::resize_file(index_path(), size - 20);  // the last entry's end cut off, as by a killed saver
    IndexScan scan = refresh();
    EXPECT_EQ(scan.files_read, 1u);
    EXPECT_TRUE(scan.rewritten);
    ASSERT_EQ(scan.runs.size(), 3u);
    EXPECT_EQ(scan.runs[2].run->results.size(), 3u);
    // A save after a torn append still indexes its own run.
    fs::resize_file(index_path(), fs::file_size(index_path()) - 20);
    save(make_run(4));
    scan = refresh();
    EXPECT_EQ(scan.files_read, 1u);  // only the torn entry's file
    EXPECT_EQ(scan.runs.size(), 4u);
    // Garbage of another format: every file is read, nothing is fatal.
    std::ofstream(index_path(), std::ios::trunc) << "SQLite format 3\nwhatever\n";
    scan = refresh();
    EXPECT_EQ(scan.files_read, 4u);
    EXPECT_EQ(refresh().files_read, 0u);
}

TEST_F(RunIndex, ConcurrentSavesAndReadersLeaveEveryRunIndexed) {
    constexpr int savers = 8;
    save(make_run(0));  // the machine directory exists for the reader
    int gate[2];
    ASSERT_EQ(pipe(gate), 0);
    std::vector<pid_t> children;
    for (int i = 0; i < savers; ++i) {
        pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            ::close(gate[1]);
            char byte;
            while (::read(gate[0], &byte, 1) > 0) {
            }  // end of file: the parent let everyone go at once
            bool ok = true;
            for (int k = 0; k < 3; ++k) ok = save_run(storage_, make_run(i, 20, "p" + std::to_string(i)), "").ok() && ok;
            _exit(ok ? 0 : 1);
        }
        children.push_back(child);
    }
    // A reader refreshing (and rewriting) the index all along, as history show does.
    std::atomic<bool> done{false};
    std::thread reader([&] {
        while (!done) {
            fs::remove(index_path());
            (void)refresh_index(dir_);
        }
    });
    ::close(gate[0]);
    ::close(gate[1]);
    for (pid_t child : children) {
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    done = true;
    reader.join();
    IndexScan scan = refresh();
    ASSERT_EQ(scan.runs.size(), static_cast<std::size_t>(1 + 3 * savers));
    for (const IndexedRun& entry : scan.runs) {
        ASSERT_TRUE(entry.run.has_value()) << entry.file << ": " << entry.error;
        EXPECT_EQ(entry.run->results.size(), entry.file.substr(0, 5) == "0001_" ? 3u : 20u);
    }
    // Saves without a concurrent reader append: nothing is left to read.
    fs::remove(index_path());
    (void)refresh();
    for (int k = 0; k < 4; ++k) save(make_run(k));
    EXPECT_EQ(refresh().files_read, 0u);
}

}  // namespace
}  // namespace pace::store
