// SPDX-License-Identifier: Apache-2.0
// Saved runs: layout, numbering, references, listing, and what a killed or
// concurrent saver leaves behind. Every test works in its own mkdtemp directory.
#include <fcntl.h>     // open: holding a temporary as a live writer does
#include <signal.h>    // kill, SIGKILL
#include <sys/file.h>  // flock
#include <sys/wait.h>  // waitpid
#include <unistd.h>    // fork, pipe, _exit

#include <chrono>      // std::chrono::steady_clock
#include <cstdlib>     // mkdtemp
#include <filesystem>  // std::filesystem
#include <fstream>     // std::ifstream, std::ofstream
#include <set>         // std::set
#include <sstream>     // std::ostringstream
#include <string>      // std::string
#include <thread>      // std::thread
#include <vector>      // std::vector

#include <gtest/gtest.h>

#include "model/json_format.hpp"  // run_from_json, to read saved files back
#include "store/atomic_file.hpp"  // remove_dead_temporaries
#include "store/storage.hpp"

namespace pace::store {
namespace {

namespace fs = std::filesystem;

/// A run made on a fixed machine, with `results` results of `samples` samples each.
pace::Run make_run(const std::string& cpu = "Test CPU", int results = 1, std::size_t samples = 3,
             const std::string& prefix = "bench") {
    pace::Run run;
    run.datetime = "2026-11-23T15:01:02.123456+00:00";
    run.machine.system = "Linux";
    run.machine.machine = "x86_64";
    run.machine.cpu_model = cpu;
    run.commit.id = "0123456789abcdef0123456789abcdef01234567";
    for (int i = 0; i < results; ++i) {
        Result r;
        r.name = r.id = prefix + "/" + std::to_string(i);
        TimeStats t;
        t.samples.assign(samples, 1.5e-6);
        t.min = t.max = t.mean = t.median = 1.5e-6;
        t.rounds = static_cast<std::int64_t>(samples);
        r.time = t;
        run.results.push_back(r);
    }
    return run;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The Run in a saved file, failing the test when it is not a complete pace file.
pace::Run read_back(const std::string& path) {
    Json document = Json::parse(read_text(path), nullptr, false);
    EXPECT_FALSE(document.is_discarded()) << path << " is not complete JSON";
    if (document.is_discarded()) return {};
    Outcome<pace::Run> run = run_from_json(document, path);
    EXPECT_TRUE(run.ok()) << (run ? "" : run.error().describe());
    return run ? *run : pace::Run{};
}

class Storage : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "pace-store-test-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        storage_ = (fs::path(root_) / ".pace").string();
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }

    std::string save(const pace::Run& run, const std::string& name = "") {
        Outcome<std::string> path = save_run(storage_, run, name);
        EXPECT_TRUE(path.ok()) << (path ? "" : path.error().describe());
        return path ? *path : "";
    }

    std::string machine_dir() const { return (fs::path(storage_) / machine_).string(); }

    std::string root_, storage_;
    const std::string machine_ = make_run().machine.id();
};

TEST_F(Storage, FileNameCarriesNumberCommitTimestampAndName) {
    ASSERT_EQ(machine_, "Linux-x86_64-Test_CPU");
    std::string path = save(make_run(), "nightly build #3");
    EXPECT_EQ(path, machine_dir() + "/0001_0123456789ab_20261123T150102Z_nightly-build-3.json");
    EXPECT_TRUE(fs::is_regular_file(path));
}

TEST_F(Storage, RunWithoutCommitOrNameIsNamedNocommit) {
    pace::Run run = make_run();
    run.commit = {};
    EXPECT_EQ(fs::path(save(run)).filename(), "0001_nocommit_20261123T150102Z.json");
}

TEST_F(Storage, TimestampIsUtcWhateverTheOffset) {
    pace::Run run = make_run();
    run.datetime = "2026-11-23T16:01:02+01:00";
    EXPECT_EQ(fs::path(save(run)).filename(), "0001_0123456789ab_20261123T150102Z.json");
    run.datetime = "2026-11-23T15:01:02Z";
    EXPECT_EQ(fs::path(save(run)).filename(), "0002_0123456789ab_20261123T150102Z.json");
}

TEST_F(Storage, RunWithoutDatetimeIsStampedNow) {
    pace::Run run = make_run();
    run.datetime.clear();
    std::string file = fs::path(save(run)).filename().string();
    ASSERT_EQ(file.size(), std::string("0001_0123456789ab_20261123T150102Z.json").size()) << file;
    EXPECT_EQ(file.substr(26, 1), "T");
    EXPECT_EQ(file.substr(33, 1), "Z");
}

TEST_F(Storage, NumbersCountUpPerMachineDirectory) {
    save(make_run(), "a");
    save(make_run(), "b");
    save(make_run("Other CPU"), "c");
    std::string third = save(make_run(), "d");
    EXPECT_EQ(fs::path(third).filename().string().substr(0, 5), "0003_");
    Outcome<std::vector<SavedRun>> other = list_runs(storage_, "Linux-x86_64-Other_CPU");
    ASSERT_TRUE(other.ok());
    ASSERT_EQ(other->size(), 1u);
    EXPECT_EQ((*other)[0].number, 1);
}

TEST_F(Storage, NumberingContinuesAfterTheHighestNotTheCount) {
    save(make_run());
    fs::rename(save(make_run()), machine_dir() + "/0041_nocommit_20261123T150102Z_moved.json");
    EXPECT_EQ(fs::path(save(make_run())).filename().string().substr(0, 5), "0042_");
}

TEST_F(Storage, SavedFileReadsBackAsTheRun) {
    pace::Run run = make_run("Test CPU", 3, 5);
    pace::Run back = read_back(save(run, "baseline"));
    ASSERT_EQ(back.results.size(), 3u);
    EXPECT_EQ(back.results[2].id, "bench/2");
    EXPECT_EQ(back.commit.id, run.commit.id);
    EXPECT_EQ(back.machine.id(), machine_);
}

TEST(StorageNames, SanitizeKeepsSafeCharactersAndCollapsesTheRest) {
    EXPECT_EQ(*sanitize_run_name("baseline"), "baseline");
    EXPECT_EQ(*sanitize_run_name("nightly build #3"), "nightly-build-3");
    EXPECT_EQ(*sanitize_run_name("../../etc/passwd"), "etc-passwd");
    EXPECT_EQ(*sanitize_run_name(".hidden_"), "hidden");
    EXPECT_EQ(*sanitize_run_name("v1.2_rc-1"), "v1.2_rc-1");
    EXPECT_EQ(*sanitize_run_name("caf\xc3\xa9 au lait"), "caf-au-lait");
    EXPECT_EQ(sanitize_run_name(std::string(100, 'x'))->size(), 64u);
}

TEST(StorageNames, RejectsNamesThatReadAsOtherReferences) {
    for (const char* name : {"", "!!!", "  ", "latest", "0003", "42"}) {
        Outcome<std::string> out = sanitize_run_name(name);
        EXPECT_FALSE(out.ok()) << name;
        if (!out) {
            EXPECT_FALSE(out.error().hint.empty()) << name;
        }
    }
}

TEST_F(Storage, SaveRejectsABadNameAndWritesNothing) {
    Outcome<std::string> path = save_run(storage_, make_run(), "latest");
    ASSERT_FALSE(path.ok());
    EXPECT_EQ(path.error().file, "--save");
    Outcome<std::vector<SavedRun>> runs = list_runs(storage_);
    EXPECT_TRUE(!runs.ok() || runs->empty());
}

TEST_F(Storage, ListOrdersByMachineThenNumberAndFillsEveryField) {
    for (int i = 0; i < 11; ++i) save(make_run("Test CPU", i % 3 + 1), i == 4 ? "five" : "");
    save(make_run("Another CPU"), "elsewhere");
    Outcome<std::vector<SavedRun>> runs = list_runs(storage_);
    ASSERT_TRUE(runs.ok()) << runs.error().describe();
    ASSERT_EQ(runs->size(), 12u);
    EXPECT_EQ((*runs)[0].machine_id, "Linux-x86_64-Another_CPU");
    EXPECT_EQ((*runs)[0].name, "elsewhere");
    for (int i = 0; i < 11; ++i) {
        const SavedRun& run = (*runs)[static_cast<std::size_t>(i) + 1];
        EXPECT_EQ(run.number, i + 1);  // 0010 and 0011 after 0009, by number
        EXPECT_EQ(run.machine_id, machine_);
        EXPECT_EQ(run.commit, "0123456789ab");
        EXPECT_EQ(run.datetime, "2026-11-23T15:01:02Z");
        EXPECT_EQ(run.benchmarks, static_cast<std::size_t>(i % 3 + 1));
        EXPECT_EQ(run.name, i == 4 ? "five" : "");
        EXPECT_TRUE(fs::is_regular_file(run.path));
    }
    Outcome<std::vector<SavedRun>> mine = list_runs(storage_, machine_);
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(mine->size(), 11u);
}

TEST_F(Storage, ListSkipsTemporariesAndStrayFilesAndFlagsUnreadableOnes) {
    save(make_run());
    std::ofstream(machine_dir() + "/.0002_nocommit_20261123T150102Z.json.Ab12Cd") << "{\"benchm";
    std::ofstream(machine_dir() + "/notes.txt") << "hello";
    std::ofstream(machine_dir() + "/12_x.json") << "{}";
    std::ofstream(machine_dir() + "/0007_nocommit_20261123T150102Z_broken.json") << "{\"benchm";
    fs::create_directories(fs::path(storage_) / ".cache");
    std::ofstream(fs::path(storage_) / ".cache" / "0001_nocommit_20261123T150102Z.json") << "{}";
    Outcome<std::vector<SavedRun>> runs = list_runs(storage_);
    ASSERT_TRUE(runs.ok());
    ASSERT_EQ(runs->size(), 2u);
    EXPECT_EQ((*runs)[0].benchmarks, 1u);
    EXPECT_EQ((*runs)[1].number, 7);
    EXPECT_EQ((*runs)[1].name, "broken");
    EXPECT_FALSE((*runs)[1].benchmarks.has_value());
}

TEST_F(Storage, ListWithoutStorageIsAnInputErrorWithAHint) {
    Outcome<std::vector<SavedRun>> runs = list_runs(storage_);
    ASSERT_FALSE(runs.ok());
    EXPECT_EQ(runs.error().file, storage_);
    EXPECT_FALSE(runs.error().hint.empty());
    save(make_run());
    EXPECT_FALSE(list_runs(storage_, "../etc").ok());
    Outcome<std::vector<SavedRun>> none = list_runs(storage_, "Some-other-machine");
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
}

TEST_F(Storage, ReferenceToAnExistingFileIsThatFile) {
    std::string file = (fs::path(root_) / "base.json").string();
    std::ofstream(file) << "{}";
    EXPECT_EQ(*resolve_reference(storage_, file, machine_), file);  // no storage needed
}

TEST_F(Storage, ReferencesByLatestNumberAndName) {
    std::string first = save(make_run(), "baseline");
    std::string second = save(make_run());
    std::string third = save(make_run(), "baseline");
    std::string fourth = save(make_run(), "pr");
    save(make_run("Other CPU"), "baseline");  // another machine's runs do not count
    save(make_run("Other CPU"));
    save(make_run("Other CPU"));
    save(make_run("Other CPU"));
    save(make_run("Other CPU"));
    EXPECT_EQ(*resolve_reference(storage_, "latest", machine_), fourth);
    EXPECT_EQ(*resolve_reference(storage_, "2", machine_), second);
    EXPECT_EQ(*resolve_reference(storage_, "0002", machine_), second);
    EXPECT_EQ(*resolve_reference(storage_, "00001", machine_), first);
    EXPECT_EQ(*resolve_reference(storage_, "baseline", machine_), third);  // the latest with that name
    EXPECT_EQ(*resolve_reference(storage_, "pr", machine_), fourth);
}

TEST_F(Storage, UnknownReferencesSayWhatWasLookedFor) {
    save(make_run(), "baseline");
    for (const char* reference : {"0005", "nightly", "baseline.json", "runs/baseline", ""}) {
        Outcome<std::string> path = resolve_reference(storage_, reference, machine_);
        ASSERT_FALSE(path.ok()) << reference;
        EXPECT_EQ(path.error().file, reference);
        EXPECT_FALSE(path.error().hint.empty()) << reference;
    }
    EXPECT_NE(resolve_reference(storage_, "0005", machine_).error().message.find("number 0005"), std::string::npos);
    EXPECT_NE(resolve_reference(storage_, "nightly", machine_).error().message.find("named \"nightly\""),
              std::string::npos);
    EXPECT_EQ(resolve_reference(storage_, "baseline.json", machine_).error().message, "no such file");
}

TEST_F(Storage, LatestWithNoRunsForThisMachineSaysSo) {
    save(make_run("Other CPU"));
    Outcome<std::string> path = resolve_reference(storage_, "latest", machine_);
    ASSERT_FALSE(path.ok());
    EXPECT_NE(path.error().message.find("no saved runs for this machine (" + machine_ + ")"), std::string::npos)
        << path.error().message;
    EXPECT_NE(path.error().message.find("Linux-x86_64-Other_CPU"), std::string::npos);
    EXPECT_NE(path.error().hint.find("0001_"), std::string::npos) << path.error().hint;
}

TEST_F(Storage, ReferenceWithoutStorageIsAnInputError) {
    Outcome<std::string> path = resolve_reference(storage_, "latest", machine_);
    ASSERT_FALSE(path.ok());
    EXPECT_NE(path.error().message.find("no storage directory"), std::string::npos);
    EXPECT_NE(path.error().hint.find("--save"), std::string::npos);
}

TEST_F(Storage, ReferenceAcrossMachinesIsAmbiguousWhenItMatchesTwice) {
    std::string mine = save(make_run(), "baseline");
    std::string theirs = save(make_run("Other CPU"), "baseline");
    std::string only_there = save(make_run("Other CPU"), "only-there");
    Outcome<std::string> path = resolve_reference(storage_, "baseline", "");
    ASSERT_FALSE(path.ok());
    EXPECT_NE(path.error().message.find(mine), std::string::npos);
    EXPECT_NE(path.error().message.find(theirs), std::string::npos);
    EXPECT_FALSE(resolve_reference(storage_, "latest", "").ok());
    EXPECT_EQ(*resolve_reference(storage_, "only-there", ""), only_there);  // one match: no ambiguity
}

TEST_F(Storage, DuplicateNumbersAreReportedNotGuessed) {
    std::string first = save(make_run());
    fs::copy_file(first, machine_dir() + "/0001_nocommit_20261123T150102Z_copy.json");
    Outcome<std::string> path = resolve_reference(storage_, "1", machine_);
    ASSERT_FALSE(path.ok());
    EXPECT_NE(path.error().message.find("two saved files carry number 0001"), std::string::npos);
}

// A saver killed at any moment leaves the storage as it was, or with the whole
// new file: never a partial `.json` under a saved run's name. The run is large
// (megabytes) so the kill, sent as soon as the temporary appears,
// lands while it is being written.
TEST_F(Storage, KilledSaverLeavesOldStateOrCompleteFile) {
    std::string old = save(make_run(), "old");
    pace::Run big = make_run("Test CPU", 4, 100'000);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        Outcome<std::string> path = save_run(storage_, big, "big");
        _exit(path.ok() ? 0 : 1);
    }
    bool temporary_seen = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!temporary_seen && std::chrono::steady_clock::now() < deadline) {
        std::error_code ec;
        for (const fs::directory_entry& entry : fs::directory_iterator(machine_dir(), ec)) {
            std::string file = entry.path().filename().string();
            if (file.front() == '.' && file != ".lock" && file != ".index") temporary_seen = true;
        }
        if (waitpid(child, nullptr, WNOHANG) == child) {
            child = 0;  // finished before the temporary was seen: the invariant still holds
            break;
        }
    }
    if (child > 0) {
        kill(child, SIGKILL);
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        EXPECT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    RecordProperty("killed_while_writing", temporary_seen ? "yes" : "no");

    Outcome<std::vector<SavedRun>> runs = list_runs(storage_, machine_);
    ASSERT_TRUE(runs.ok());
    ASSERT_GE(runs->size(), 1u);
    ASSERT_LE(runs->size(), 2u);
    EXPECT_EQ((*runs)[0].path, old);
    for (const SavedRun& run : *runs) {
        ASSERT_TRUE(run.benchmarks.has_value()) << run.path << " is partial";
        EXPECT_EQ(read_back(run.path).results.size(), run.number == 1 ? 1u : 4u);
    }
    if (temporary_seen && runs->size() == 1) {
        // Killed before the rename: the partial temporary is there, and list did not show it.
        bool leftover = false;
        for (const fs::directory_entry& entry : fs::directory_iterator(machine_dir()))
            leftover = leftover || (entry.path().filename().string().front() == '.' &&
                                    entry.path().filename() != ".lock" && entry.path().filename() != ".index");
        EXPECT_TRUE(leftover);
    }
    // Storage stays usable: the next save takes the next free number, and
    // removes the dead saver's temporary.
    std::string next = save(make_run(), "after");
    EXPECT_EQ(fs::path(next).filename().string().substr(0, 4), runs->size() == 1 ? "0002" : "0003");
    for (const fs::directory_entry& entry : fs::directory_iterator(machine_dir()))
        EXPECT_TRUE(entry.path().filename() == ".lock" || entry.path().filename() == ".index" ||
                    entry.path().filename().string().front() != '.')
            << entry.path() << " was left behind";
}

// The next save removes the temporaries of savers that died, and never one a
// live writer holds; other hidden files are not its business.
TEST_F(Storage, NextSaveRemovesDeadTemporariesOnly) {
    save(make_run());
    const std::string dead = machine_dir() + "/.0002_nocommit_20261123T150102Z.json.Ab12Cd";
    const std::string live = machine_dir() + "/.0002_nocommit_20261123T150102Z_x.json.Zz9Yy8";
    const std::string other = machine_dir() + "/.notes";
    std::ofstream(dead) << "{\"benchm";
    std::ofstream(live) << "{\"bench";
    std::ofstream(other) << "mine";
    int held = ::open(live.c_str(), O_RDONLY);
    ASSERT_GE(held, 0);
    ASSERT_EQ(::flock(held, LOCK_EX), 0);  // as write_file_atomic holds its temporary

    save(make_run(), "next");
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(live));
    EXPECT_TRUE(fs::exists(other));

    ::close(held);  // the writer is gone now
    EXPECT_EQ(remove_dead_temporaries(machine_dir()), 1u);
    EXPECT_FALSE(fs::exists(live));
    EXPECT_TRUE(fs::exists(other));
}

// Eight processes released at once each save a run: eight distinct, complete
// files numbered 0001..0008, each holding the run its saver wrote.
TEST_F(Storage, EightConcurrentProcessesGetDistinctNumbers) {
    constexpr int savers = 8;
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
            std::string name = "p" + std::to_string(i);
            Outcome<std::string> path = save_run(storage_, make_run("Test CPU", 1, 5'000, name), name);
            _exit(path.ok() ? 0 : 1);
        }
        children.push_back(child);
    }
    ::close(gate[0]);
    ::close(gate[1]);
    for (pid_t child : children) {
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    Outcome<std::vector<SavedRun>> runs = list_runs(storage_, machine_);
    ASSERT_TRUE(runs.ok());
    ASSERT_EQ(runs->size(), static_cast<std::size_t>(savers));
    std::set<std::string> names;
    for (int i = 0; i < savers; ++i) {
        const SavedRun& run = (*runs)[static_cast<std::size_t>(i)];
        EXPECT_EQ(run.number, i + 1);
        names.insert(run.name);
        pace::Run back = read_back(run.path);
        ASSERT_EQ(back.results.size(), 1u);
        EXPECT_EQ(back.results[0].id, run.name + "/0");  // the file holds its own saver's run
        EXPECT_EQ(back.results[0].time->samples.size(), 5'000u);
    }
    EXPECT_EQ(names.size(), static_cast<std::size_t>(savers));
}

// flock locks belong to the open file, so threads of one process exclude each other too.
TEST_F(Storage, ConcurrentThreadsGetDistinctNumbers) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([this, i] { (void)save_run(storage_, make_run(), "t" + std::to_string(i)); });
    for (std::thread& t : threads) t.join();
    Outcome<std::vector<SavedRun>> runs = list_runs(storage_, machine_);
    ASSERT_TRUE(runs.ok());
    ASSERT_EQ(runs->size(), 8u);
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ((*runs)[i].number, static_cast<int>(i) + 1);
}

}  // namespace
}  // namespace pace::store
