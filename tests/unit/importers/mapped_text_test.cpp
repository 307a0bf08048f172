// SPDX-License-Identifier: Apache-2.0
// A mapped file reads as its bytes and zero padding; a file truncated while
// mapped reads as zeros where its pages vanished, and says so, instead of
// killing the process with SIGBUS; any other SIGBUS still does.
#include <fcntl.h>     // open
#include <sys/mman.h>  // mmap for the SIGBUS that is not ours
#include <sys/wait.h>  // waitpid
#include <unistd.h>    // fork, truncate, _exit

#include <csignal>     // SIGBUS
#include <cstdlib>     // mkstemp
#include <filesystem>  // temp_directory_path
#include <fstream>     // writing the files
#include <string>      // std::string

#include <gtest/gtest.h>

#include "importers/load.hpp"
#include "importers/mapped_text.hpp"

namespace {

std::string write_file(const std::string& name, const std::string& content) {
    const std::string path = (std::filesystem::temp_directory_path() / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

TEST(MappedText, ReadsTheFileThenZeros) {
    const std::string content(10000, 'x');
    const std::string path = write_file("pace_mapped_text_plain", content);
    auto mapped = pace::MappedText::map(path, content.size(), 64);
    ASSERT_TRUE(mapped);
    EXPECT_EQ(mapped->text(), content);
    for (std::size_t i = 0; i < 64; ++i) EXPECT_EQ(mapped->text().data()[content.size() + i], '\0');
    EXPECT_FALSE(mapped->file_changed());
    std::filesystem::remove(path);
}

// Pages given back behind a reader read as the file again if touched:
// what an error message's line and column do after a streamed parse.
TEST(MappedText, ReleasedPagesReadAsTheFileAgain) {
    std::string content;
    for (int i = 0; i < 5 * 4096; ++i) content += static_cast<char>('a' + i % 26);
    const std::string path = write_file("pace_mapped_text_released", content);
    auto mapped = pace::MappedText::map(path, content.size(), 64);
    ASSERT_TRUE(mapped);
    mapped->release_before(mapped->text().data() + 3 * 4096 + 100);
    mapped->release_before(mapped->text().data() + content.size());
    mapped->release_before(nullptr);  // outside the text: nothing
    EXPECT_EQ(mapped->text(), content);
    EXPECT_FALSE(mapped->file_changed());
    std::filesystem::remove(path);
}

TEST(MappedText, EmptyFileIsPaddingOnly) {
    const std::string path = write_file("pace_mapped_text_empty", "");
    auto mapped = pace::MappedText::map(path, 0, 64);
    ASSERT_TRUE(mapped);
    EXPECT_TRUE(mapped->text().empty());
    EXPECT_EQ(mapped->text().data()[0], '\0');
    std::filesystem::remove(path);
}

TEST(MappedText, TruncatedWhileMappedReadsZerosAndSaysSo) {
    const std::string content(5 * 4096, 'y');
    const std::string path = write_file("pace_mapped_text_truncated", content);
    auto mapped = pace::MappedText::map(path, content.size(), 64);
    ASSERT_TRUE(mapped);
    ASSERT_EQ(truncate(path.c_str(), 100), 0);
    // The page past the new end has vanished: without the handler, SIGBUS.
    volatile const char* text = mapped->text().data();
    EXPECT_EQ(text[3 * 4096 + 7], '\0');
    EXPECT_TRUE(mapped->file_changed());
    std::filesystem::remove(path);
}

TEST(MappedText, LoadRunGivesTheSameRunMappedOrRead) {
    // A file of exactly one page: the padding is all in the next page.
    std::string content = R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, 2]}}]})";
    content += std::string(4096 - content.size(), ' ');
    const std::string path = write_file("pace_mapped_text_load", content);
    auto mapped = pace::load_run(path, nullptr, true);
    auto read = pace::load_run(path, nullptr, false);
    ASSERT_TRUE(mapped.ok() && read.ok());
    ASSERT_EQ(mapped->results.size(), 1u);
    EXPECT_EQ(mapped->results[0].time->samples, read->results[0].time->samples);
    std::filesystem::remove(path);
}

TEST(MappedText, OtherBusErrorsStillKill) {
    const std::string path = write_file("pace_mapped_text_other", std::string(4096, 'z'));
    auto mapped = pace::MappedText::map(path, 4096, 64);  // the handler is installed
    ASSERT_TRUE(mapped);
    const std::string other = write_file("pace_mapped_text_other2", std::string(2 * 4096, 'w'));
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        int fd = open(other.c_str(), O_RDONLY);
        void* p = mmap(nullptr, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED || truncate(other.c_str(), 0) != 0) _exit(3);
        volatile const char* bytes = static_cast<const char*>(p);
        (void)bytes[4096];  // not a page pace mapped: SIGBUS must kill
        _exit(0);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    // Killed by SIGBUS; under a sanitizer, its report and a failing exit.
    EXPECT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    if (WIFSIGNALED(status)) {
        EXPECT_EQ(WTERMSIG(status), SIGBUS);
    }
    std::filesystem::remove(path);
    std::filesystem::remove(other);
}

}  // namespace
