// SPDX-License-Identifier: Apache-2.0
// pace cmd --shim: the spec grammar, and a shim set that puts its directory
// first on PATH and takes it away.
#include <gtest/gtest.h>

#include <cstdlib>     // std::getenv, setenv
#include <filesystem>  // the shim directory exists, then not
#include <string>      // std::string

#include "cmd/shims.hpp"

namespace pace::cmd {
namespace {

TEST(ShimSpec, NameAloneIsAnInstantSuccessfulSilentProgram) {
    auto s = parse_shim_spec("uv");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->name, "uv");
    EXPECT_EQ(s->behaviour.delay_ns, 0);
    EXPECT_EQ(s->behaviour.exit_code, 0);
    EXPECT_EQ(s->behaviour.stdout_text, "");
}

TEST(ShimSpec, DelayTakesEveryUnit) {
    EXPECT_EQ(parse_shim_spec("uv=10ms")->behaviour.delay_ns, 10'000'000);
    EXPECT_EQ(parse_shim_spec("uv=1.5s")->behaviour.delay_ns, 1'500'000'000);
    EXPECT_EQ(parse_shim_spec("uv=250us")->behaviour.delay_ns, 250'000);
    EXPECT_EQ(parse_shim_spec("uv=250µs")->behaviour.delay_ns, 250'000);
    EXPECT_EQ(parse_shim_spec("uv=7ns")->behaviour.delay_ns, 7);
    EXPECT_EQ(parse_shim_spec("uv:delay=3ms")->behaviour.delay_ns, 3'000'000);
}

TEST(ShimSpec, StdoutComesLastAndKeepsItsColonsAndEscapes) {
    auto s = parse_shim_spec("git=2ms:exit=1:stdout=fatal: not a repo\\n\\tsee: git help\\\\x");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->name, "git");
    EXPECT_EQ(s->behaviour.delay_ns, 2'000'000);
    EXPECT_EQ(s->behaviour.exit_code, 1);
    EXPECT_EQ(s->behaviour.stdout_text, "fatal: not a repo\n\tsee: git help\\x");
}

TEST(ShimSpec, RejectsWhatItCannotMeanWithTheArgumentQuoted) {
    for (const char* bad : {"", "=10ms", "uv=10", "uv=fast", "uv=-1ms", "uv=2h", "a/b", "..", "uv:exit=256",
                            "uv:exit=", "uv:exit=1x", "uv:colour=red", "uv:foo", "uv:delay=1"}) {
        auto s = parse_shim_spec(bad);
        ASSERT_FALSE(s) << bad;
        EXPECT_EQ(s.error().file, "--shim");
        EXPECT_NE(s.error().message.find(std::string("\"") + bad + "\""), std::string::npos) << s.error().message;
        EXPECT_FALSE(s.error().hint.empty());
    }
}

TEST(ShimSet, PutsItsDirectoryFirstOnPathAndRemovesIt) {
    const std::string before = std::getenv("PATH") ? std::getenv("PATH") : "";
    std::string dir;
    {
        ShimSet set;
        ASSERT_FALSE(set.install({*parse_shim_spec("uv=1ms"), *parse_shim_spec("git:exit=1")}));
        dir = set.directory();
        ASSERT_FALSE(dir.empty());
        EXPECT_TRUE(std::filesystem::is_symlink(dir + "/uv"));
        EXPECT_TRUE(std::filesystem::is_symlink(dir + "/git"));
        EXPECT_EQ(std::string(std::getenv("PATH")).rfind(dir + ":", 0), 0u);
    }
    EXPECT_FALSE(std::filesystem::exists(dir));
    EXPECT_EQ(std::string(std::getenv("PATH") ? std::getenv("PATH") : ""), before);
}

TEST(ShimSet, ANameTwiceIsAnErrorAndLeavesNothing) {
    ShimSet set;
    auto e = set.install({*parse_shim_spec("uv=1ms"), *parse_shim_spec("uv:exit=2")});
    ASSERT_TRUE(e);
    EXPECT_NE(e->message.find("\"uv\" is shimmed twice"), std::string::npos);
    EXPECT_TRUE(set.directory().empty());
}

}  // namespace
}  // namespace pace::cmd
