// SPDX-License-Identifier: Apache-2.0
// Instruction mode inside the process that runs under callgrind.
//
// Callgrind keeps its counts to itself: no client request returns them. What a
// client can do is ask for a dump (CALLGRIND_DUMP_STATS_AT), which callgrind
// writes synchronously, before the request returns, to `<out-file>.<n>`. So
// each measured section is bracketed by ZERO_STATS + START_INSTRUMENTATION and
// STOP_INSTRUMENTATION + DUMP_STATS_AT, and the process reads the `totals:` of
// the dump it just asked for, then deletes it. Reading in the child (rather
// than having the parent parse dumps after the run) keeps the counts in the
// same Result the child prints and writes, and makes a hand-run valgrind
// (a CI system wrapping the binary) give the same numbers with no parent.
#include "counters/instruction_counter.hpp"

#include <fcntl.h>   // open: reading dumps without allocating
#include <unistd.h>  // getpid, read, unlink

#include <algorithm>   // std::clamp
#include <cerrno>      // EINTR
#include <cstdio>      // std::snprintf
#include <cstdlib>     // std::getenv
#include <filesystem>  // std::filesystem: finding and deleting dumps
#include <fstream>     // std::ifstream
#include <iterator>    // std::istreambuf_iterator
#include <sstream>     // splitting VALGRIND_OPTS

#include "counters/callgrind_dump.hpp"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>  // RUNNING_ON_VALGRIND and the CALLGRIND_* client requests
#define PACE_HAVE_CALLGRIND 1
#else
#define PACE_HAVE_CALLGRIND 0
#endif

namespace pace::counters {

namespace {

namespace fs = std::filesystem;

// Callgrind resolves a relative --callgrind-out-file against the directory
// valgrind started in; a benchmark may change directory later, so remember
// it before any benchmark runs.
std::string directory_at_startup() {
    std::error_code ec;
    return fs::current_path(ec).string();
}
const std::string startup_directory = directory_at_startup();

// A section is counted only while count_instructions_per_call runs it: the
// warm-up call and any section outside instruction mode stay uninstrumented.
struct Session {
    bool counting = false;
    bool resolved = false;
    fs::path out_file;           // callgrind's dump base name, expanded
    std::string problem;         // why no count can be had; sticky
    std::int64_t last_dump = 0;  // highest dump number consumed
    std::optional<std::int64_t> section_instructions;
    std::int64_t sections = 0;
    // --trace-children: the children's final dumps are `<prefix><pid>`.
    bool trace_children = false;
    std::string child_prefix;
    std::optional<double> child_per_call;
};

Session& session() {
    static Session s;
    return s;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::optional<std::string> environment(const std::string& name) {
    if (const char* value = std::getenv(name.c_str())) return std::string(value);
    return std::nullopt;
}

// Valgrind's options as it was started: from the command line (which the
// kernel still shows for the main thread's task entry; /proc/self/cmdline is
// rewritten by valgrind to show the program's), after VALGRIND_OPTS so the
// command line wins as it does for valgrind.
std::vector<std::string> valgrind_arguments() {
    std::vector<std::string> options;
    if (auto opts = environment("VALGRIND_OPTS")) {
        std::istringstream words(*opts);
        for (std::string w; words >> w;) options.push_back(w);
    }
    long pid = static_cast<long>(::getpid());
    std::string cmdline = read_file("/proc/self/task/" + std::to_string(pid) + "/cmdline");
    for (std::string& o : valgrind_options(cmdline)) options.push_back(std::move(o));
    return options;
}

// Where this process's dumps go: PACE_CALLGRIND_OUT_FILE (set by
// run_under_valgrind, or by a user whose wrapper hides valgrind's command line),
// else valgrind's own --callgrind-out-file, else callgrind's default.
void resolve(Session& s) {
    s.resolved = true;
    std::vector<std::string> options = valgrind_arguments();
    std::string tool = "memcheck";
    for (const std::string& o : options)
        if (o.rfind("--tool=", 0) == 0) tool = o.substr(7);
    std::optional<std::string> pattern = environment("PACE_CALLGRIND_OUT_FILE");
    if (!pattern) {
        // Only trust the command line's tool when PACE did not start valgrind:
        // the variable says the parent passed --tool=callgrind itself.
        if (tool != "callgrind" && !options.empty()) {
            s.problem = "instruction mode needs valgrind's callgrind tool, but this valgrind runs " + tool +
                        "; run under `valgrind --tool=callgrind`, or run without valgrind and let pace start it";
            return;
        }
        pattern = out_file_option(options);
    }
    if (!pattern || pattern->empty()) pattern = "callgrind.out.%p";
    fs::path path = expand_out_file(*pattern, static_cast<long>(::getpid()), environment);
    if (path.is_relative()) path = fs::path(startup_directory) / path;
    s.out_file = path;
    // run_under_valgrind says it traces children, and names dumps by pid:
    // every other process's dump is a child's, written when it exits.
    if (environment("PACE_TRACE_CHILDREN") == "1" && pattern->size() > 2 &&
        pattern->compare(pattern->size() - 2, 2, "%p") == 0) {
        s.trace_children = true;
        fs::path prefix = pattern->substr(0, pattern->size() - 2);
        if (prefix.is_relative()) prefix = fs::path(startup_directory) / prefix;
        s.child_prefix = prefix.string();
    }
}

// Sums and deletes the dumps the children wrote since the last call: files
// `<prefix><pid>` of pids other than this process's. A child writes its dump
// as it exits, so a child that was reaped has written it.
std::int64_t take_child_dumps(Session& s) {
    std::int64_t total = 0;
    const fs::path prefix(s.child_prefix);
    const std::string base = prefix.filename().string();
    const std::string own = std::to_string(::getpid());
    std::error_code ec;
    std::vector<fs::path> taken;
    for (fs::directory_iterator it(prefix.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= base.size() || name.compare(0, base.size(), base) != 0) continue;
        const std::string pid = name.substr(base.size());
        if (pid == own || pid.find_first_not_of("0123456789") != std::string::npos) continue;
        if (auto ir = dump_instructions(read_file(it->path()))) total += *ir;
        taken.push_back(it->path());
    }
    for (const fs::path& p : taken) fs::remove(p, ec);
    return total;
}

// The heap state the measured calls meet must not depend on anything that
// varies between runs. A dump's size varies (its header holds the pid), and so
// would the sizes of strings and buffers made to find and read it; those
// leftovers in malloc's free lists move a memcpy-heavy call by a few hundred
// instructions in ten million. So the usual dump is found by its predicted
// name and read into static storage, with no allocation at all.
char dump_path[4096];
char dump_text[1 << 20];

// Reads `path` into dump_text without allocating; false when it is missing
// or larger than the buffer.
bool read_static(const char* path, std::string_view& text) {
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::size_t used = 0;
    for (;;) {
        ssize_t got = ::read(fd, dump_text + used, sizeof dump_text - used);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        used += static_cast<std::size_t>(got);
        if (used == sizeof dump_text) break;
    }
    ::close(fd);
    if (used == sizeof dump_text) return false;
    text = std::string_view(dump_text, used);
    return true;
}

// The usual case: dump number last + 1, one file (no --separate-threads).
std::optional<std::int64_t> take_predicted_dump(Session& s) {
    std::int64_t number = s.last_dump + 1;
    int n = std::snprintf(dump_path, sizeof dump_path, "%s.%lld", s.out_file.c_str(), static_cast<long long>(number));
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof dump_path) return std::nullopt;
    std::string_view text;
    if (!read_static(dump_path, text)) return std::nullopt;
    auto ir = dump_instructions(text);
    if (!ir) return std::nullopt;
    ::unlink(dump_path);
    s.last_dump = number;
    return ir;
}

// Reads and deletes the dump (or, with --separate-threads=yes, the per-thread
// dumps) that the last DUMP_STATS_AT wrote: the files of the highest number
// above the last one consumed. Scanning rather than predicting the number
// keeps this right when other dumps (--dump-every-bb, --dump-before) interleave.
std::optional<std::int64_t> take_dump(Session& s) {
    if (auto ir = take_predicted_dump(s)) return ir;
    std::error_code ec;
    fs::path dir = s.out_file.parent_path();
    std::string base = s.out_file.filename().string();
    std::int64_t newest = 0;
    std::vector<std::pair<std::int64_t, fs::path>> found;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        auto number = dump_number(it->path().filename().string(), base);
        if (!number || *number <= s.last_dump) continue;
        newest = std::max(newest, *number);
        found.emplace_back(*number, it->path());
    }
    if (newest == 0) {
        s.problem = "callgrind wrote no dump to " + s.out_file.string() +
                    ".N; is this valgrind's callgrind tool (--tool=callgrind)? If the dumps go elsewhere, set "
                    "PACE_CALLGRIND_OUT_FILE to the --callgrind-out-file given to valgrind";
        return std::nullopt;
    }
    std::int64_t instructions = 0;
    for (const auto& [number, path] : found) {
        if (number != newest) continue;
        auto ir = dump_instructions(read_file(path));
        if (!ir) {
            s.problem = "cannot read the instruction count (events: Ir, totals:) in callgrind's dump " + path.string();
            return std::nullopt;
        }
        instructions += *ir;
    }
    // The dumps are per-section fragments, of no use once read; a suite would
    // otherwise leave thousands of them.
    for (const auto& entry : found)
        if (entry.first <= newest) fs::remove(entry.second, ec);
    s.last_dump = newest;
    return instructions;
}

// One round of `iterations` calls with its section counted; `children`
// gets the instructions of the processes the round started, when traced.
std::optional<std::int64_t> counted_round(Session& s, const std::function<std::int64_t(std::int64_t)>& round,
                                          std::int64_t iterations, std::int64_t* children = nullptr) {
    if (s.trace_children) take_child_dumps(s);  // earlier children's are not this round's
    s.section_instructions.reset();
    s.counting = true;
    round(iterations);
    s.counting = false;
    if (s.trace_children && children) *children = take_child_dumps(s);
    return s.section_instructions;
}

// A fraction of a second of callgrind's time for the longest round: enough
// calls to average amortized work (a rehash, a buffer growth) over many, few
// enough that a suite stays quick under callgrind's ~50x slowdown. The count
// is exact at any number of calls; only work that differs from call to call
// needs more than one.
constexpr std::int64_t instruction_budget = 5'000'000;
constexpr std::int64_t max_calls = 1'000;

}  // namespace

bool under_valgrind() {
#if PACE_HAVE_CALLGRIND
    return RUNNING_ON_VALGRIND != 0;
#else
    return false;
#endif
}

void section_begin() {
#if PACE_HAVE_CALLGRIND
    Session& s = session();
    if (!s.counting) return;
    // Zeroing first makes the count right even when valgrind was started with
    // instrumentation on (no --instr-atstart=no): whatever ran before is dropped.
    CALLGRIND_ZERO_STATS;
    CALLGRIND_START_INSTRUMENTATION;
#endif
}

void section_end() {
#if PACE_HAVE_CALLGRIND
    Session& s = session();
    if (!s.counting) return;
    CALLGRIND_STOP_INSTRUMENTATION;
    char label[32];
    std::snprintf(label, sizeof label, "pace:%lld", static_cast<long long>(++s.sections));
    CALLGRIND_DUMP_STATS_AT(label);
    s.section_instructions = take_dump(s);
#endif
}

namespace {

// What both counts begin with: a round of no calls (the section's fixed cost)
// and a round of one, both counted.
struct FirstRounds {
    std::int64_t fixed = 0;  // instructions of the round of no calls
    std::int64_t one = 0;    // of the round of one call
};

// The set-up both counts share: the session resolved, one uncounted call,
// then the rounds of no calls and of one, and the children's instructions of
// the one call when they are traced. With `need_fixed_cost`, a round of no
// calls that counted nothing is a problem (collection switched off) and the
// round of one is not run. Empty when no count can be had (the problem says why).
std::optional<FirstRounds> count_first_rounds(const std::function<std::int64_t(std::int64_t)>& round,
                                              bool need_fixed_cost) {
    if (!under_valgrind()) return std::nullopt;
    Session& s = session();
    if (!s.resolved) resolve(s);
    s.child_per_call.reset();
    if (!s.problem.empty()) return std::nullopt;
    // One uncounted call first: lazy symbol binding, first-touch allocations
    // and one-time initialisation belong to no call in steady state.
    round(1);
    // The section's fixed cost (clock reads, loop entry, returning from the
    // client request) is counted in a round of zero calls and subtracted.
    std::int64_t fixed_children = 0, one_children = 0;
    auto fixed = counted_round(s, round, 0, &fixed_children);
    if (!fixed) return std::nullopt;
    if (need_fixed_cost && *fixed == 0) {
        s.problem = "callgrind collected no instructions inside the measured section; do not pass "
                    "--collect-atstart=no or --toggle-collect to valgrind";
        return std::nullopt;
    }
    auto one = counted_round(s, round, 1, &one_children);
    if (!one) return std::nullopt;
    // Each traced child is a whole program under callgrind (a second or so):
    // one call is the count, as exact as its children are repeatable.
    if (s.trace_children) s.child_per_call = static_cast<double>(one_children - fixed_children);
    return FirstRounds{*fixed, *one};
}

}  // namespace

std::optional<double> count_instructions_per_call(const std::function<std::int64_t(std::int64_t)>& round) {
    auto first = count_first_rounds(round, true);
    if (!first) return std::nullopt;
    // With traced children, one call is the count (see count_first_rounds).
    if (session().trace_children) return static_cast<double>(first->one - first->fixed);
    std::int64_t per_call = std::max<std::int64_t>(first->one - first->fixed, 1);
    std::int64_t calls = std::clamp<std::int64_t>(instruction_budget / per_call, 1, max_calls);
    if (calls == 1) return static_cast<double>(first->one - first->fixed);
    // A round of n calls costs fixed + c + n * call, where c is what entering
    // the loop at all adds (a few instructions). Against the one-call round,
    // c cancels and a call that does the same work each time comes out as an
    // exact integer; with one call only, c stays in, a few instructions in
    // over five million.
    auto many = counted_round(session(), round, calls + 1);
    if (!many) return std::nullopt;
    return static_cast<double>(*many - first->one) / static_cast<double>(calls);
}

std::optional<double> count_instructions_of_one_call(const std::function<std::int64_t(std::int64_t)>& round) {
    auto first = count_first_rounds(round, false);
    if (!first) return std::nullopt;
    return static_cast<double>(std::max<std::int64_t>(first->one - first->fixed, 0));
}

std::optional<double> child_instructions_per_call() { return session().child_per_call; }

const std::string& instruction_count_problem() { return session().problem; }

}  // namespace pace::counters
