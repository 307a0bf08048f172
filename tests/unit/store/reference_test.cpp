// SPDX-License-Identifier: Apache-2.0
// The reference grammar both stores share (store/reference.hpp), and what of a
// PostgreSQL URL may be shown (store/postgres_store.hpp). No server needed:
// tests/store/postgres.sh tests the store against one.
#include <string>  // std::string
#include <vector>  // std::vector

#include <gtest/gtest.h>

#include "store/postgres_store.hpp"
#include "store/reference.hpp"

namespace pace::store {
namespace {

SavedRun saved(const std::string& machine, int number, const std::string& name, const std::string& commit) {
    SavedRun run;
    run.machine_id = machine;
    run.number = number;
    run.name = name;
    run.commit = commit;
    run.path = machine + "/" + std::to_string(number);
    return run;
}

const std::vector<SavedRun> runs{saved("m", 1, "base", "0123456789ab"), saved("m", 2, "", "fedcba987654"),
                                 saved("m", 3, "base", "fedcba987654"), saved("m", 4, "deadbeef1", "")};

TEST(RunReference, LatestNumberAndName) {
    EXPECT_EQ(pick_saved_run(runs, "latest", "m", ".pace")->number, 4);
    EXPECT_EQ(pick_saved_run(runs, "0002", "m", ".pace")->number, 2);
    EXPECT_EQ(pick_saved_run(runs, "2", "m", ".pace")->number, 2);
    EXPECT_EQ(pick_saved_run(runs, "base", "m", ".pace")->number, 3);  // the highest-numbered of the name
}

TEST(RunReference, CommitPrefixesFindTheHighestNumberedRunOfTheCommit) {
    EXPECT_EQ(pick_saved_run(runs, "0123456789a", "m", ".pace")->number, 1);
    // Digits only read as a number, as they always have.
    EXPECT_FALSE(pick_saved_run(runs, "0123456", "m", ".pace"));
    EXPECT_EQ(pick_saved_run(runs, "FEDCBA98", "m", ".pace")->number, 3);
    // A full commit id is longer than the 12 characters a listing keeps.
    EXPECT_EQ(pick_saved_run(runs, "0123456789abcdef0123456789abcdef01234567", "m", ".pace")->number, 1);
    // Six digits are too few to be a commit, and a differing digit is another commit.
    EXPECT_FALSE(pick_saved_run(runs, "012345a", "m", ".pace"));
    EXPECT_FALSE(pick_saved_run(runs, "abcdef", "m", ".pace"));
}

TEST(RunReference, ANameWinsOverACommit) {
    std::vector<SavedRun> named = runs;
    named.push_back(saved("m", 5, "", "deadbeef1234"));
    EXPECT_EQ(pick_saved_run(named, "deadbeef1", "m", ".pace")->number, 4);
}

TEST(RunReference, NoMatchAndAmbiguityAreErrorsWithAHint) {
    auto missing = pick_saved_run(runs, "nightly", "m", "postgresql://u:***@h/db");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message,
              "no such file, and no saved run named \"nightly\" in postgresql://u:***@h/db for this machine (m)");
    EXPECT_FALSE(missing.error().hint.empty());
    std::vector<SavedRun> two = {saved("a", 1, "x", ""), saved("b", 7, "x", "")};
    auto ambiguous = pick_saved_run(two, "x", "", ".pace");
    ASSERT_FALSE(ambiguous);
    EXPECT_EQ(ambiguous.error().message, "matches saved runs of 2 machines: a/1, b/7");
}

TEST(DatabaseUrl, TellsAUrlFromADirectory) {
    EXPECT_TRUE(is_database_url("postgresql://h/db"));
    EXPECT_TRUE(is_database_url("postgres://h/db"));
    EXPECT_FALSE(is_database_url(".pace"));
    EXPECT_FALSE(is_database_url("postgresql:/h/db"));
    EXPECT_FALSE(is_database_url("mysql://h/db"));
}

TEST(DatabaseUrl, MaskPasswordHidesThePasswordWhereverItIs) {
    EXPECT_EQ(mask_password("postgresql://ci:s3cret@db.example.org:5432/pace"),
              "postgresql://ci:***@db.example.org:5432/pace");
    EXPECT_EQ(mask_password("postgres://ci:p@ss:w0rd@db/pace?sslmode=require"),
              "postgres://ci:***@db/pace?sslmode=require");
    EXPECT_EQ(mask_password("postgresql://ci@db/pace?sslmode=require&password=s3cret&x=1"),
              "postgresql://ci@db/pace?sslmode=require&password=***&x=1");
    EXPECT_EQ(mask_password("host=db password=s3cret dbname=pace"), "host=db password=*** dbname=pace");
    EXPECT_EQ(mask_password("postgresql://ci@db/pace"), "postgresql://ci@db/pace");
    EXPECT_EQ(mask_password("postgresql://db/pace#m/0003_a@b"), "postgresql://db/pace#m/0003_a@b");
}

TEST(DatabaseUrl, LocatorsAreRecognised) {
    EXPECT_TRUE(is_database_locator("postgresql://ci:***@db/pace#Linux-x86_64-X/0003_base"));
    EXPECT_TRUE(is_database_locator("postgresql://db/pace#m/12"));
    EXPECT_FALSE(is_database_locator("postgresql://db/pace"));
    EXPECT_FALSE(is_database_locator("postgresql://db/pace#m/"));
    EXPECT_FALSE(is_database_locator(".pace/m/0003_x.json"));
}

}  // namespace
}  // namespace pace::store
