// SPDX-License-Identifier: Apache-2.0
#include "cli/console.hpp"

#include <sys/ioctl.h>  // ioctl, TIOCGWINSZ: the terminal's width
#include <unistd.h>     // isatty, write, _exit

#include <cstdio>     // fileno
#include <cstdlib>    // std::getenv, std::abort
#include <exception>  // std::set_terminate, std::current_exception
#include <future>     // std::async: one thread per run read
#include <new>        // std::bad_alloc
#include <vector>     // std::vector

#include "app/source.hpp"         // load_for_compare
#include "importers/load.hpp"       // file_being_read, out_of_memory_message
#include "importers/pace_fast.hpp"  // read_pace_json_fast

#include "model/edit_distance.hpp"  // closest_option
#include "report/messages.hpp"
#include "store/atomic_file.hpp"

#include <fmt/format.h>  // fmt::format

namespace pace::cli {

void print_error(const InputError& error) { report::print_error(error); }

namespace {

std::terminate_handler previous_terminate = nullptr;

// Straight to the file descriptor: memory has just run out, and std::string
// or stdio could need some.
void write_to_stderr(std::string_view text) noexcept {
    while (!text.empty()) {
        const ssize_t written = ::write(STDERR_FILENO, text.data(), text.size());
        if (written <= 0) return;
        text.remove_prefix(static_cast<std::size_t>(written));
    }
}

[[noreturn]] void on_terminate() noexcept {
    bool out_of_memory = false;
    if (std::exception_ptr failure = std::current_exception()) {
        try {
            std::rethrow_exception(failure);
        } catch (const std::bad_alloc&) {
            out_of_memory = true;
        } catch (...) {
        }
    }
    if (out_of_memory) {
        if (const std::string* file = file_being_read()) {
            for (std::string_view part : {std::string_view("pace: error: "), std::string_view(*file),
                                          std::string_view(": "), std::string_view(out_of_memory_message),
                                          std::string_view("\nhint: "), std::string_view(out_of_memory_hint)})
                write_to_stderr(part);
        } else {
            write_to_stderr("pace: error: out of memory\nhint: ");
            write_to_stderr(too_little_memory_hint);
        }
        write_to_stderr("\n");
        _exit(exit_usage);
    }
    if (previous_terminate) previous_terminate();
    std::abort();
}

}  // namespace

void exit_cleanly_when_out_of_memory() { previous_terminate = std::set_terminate(on_terminate); }

void print_warning(const std::string& message) { report::print_warning(message); }

std::string parse_error_hint(const std::string& message, const CLI::App& app) {
    const CLI::App* command = &app;
    for (const CLI::App* sub : app.get_subcommands()) command = sub;
    std::string help = command == &app ? "run 'pace --help' for the commands"
                                       : "run 'pace " + command->get_name() + " --help' for its options";
    // CLI11 names the unexpected arguments after the last colon.
    auto colon = message.rfind(": ");
    if (colon == std::string::npos) return help;
    std::string unknown = message.substr(colon + 2);
    if (unknown.rfind("--", 0) != 0) return help;
    unknown = unknown.substr(0, unknown.find_first_of(" =,"));
    std::vector<std::string> names;
    for (const CLI::Option* option : command->get_options())
        for (const std::string& name : option->get_lnames()) names.push_back(name);
    std::string best = closest_option(unknown, names);
    return best.empty() ? help : "did you mean " + best + "? " + help;
}

bool stdout_wants_color() {
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return isatty(fileno(stdout)) == 1;
}

std::size_t stdout_terminal_width() {
    if (isatty(fileno(stdout)) != 1) return 0;
    winsize size{};
    if (ioctl(fileno(stdout), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

std::optional<InputError> write_file_atomically(const std::string& path, const std::string& content,
                                                const std::string& flag) {
    auto error = store::write_file_atomic(path, content);
    if (error) error->file = flag + ": " + error->file;
    return error;
}

Outcome<std::vector<Run>> load_runs(const std::vector<std::string>& references, const std::string& store) {
    std::vector<std::future<Outcome<Run>>> loading;
    loading.reserve(references.size());
    // The first run is read on this thread when its result is asked for, the
    // others meanwhile on threads of their own.
    for (std::size_t i = 0; i < references.size(); ++i)
        loading.push_back(std::async(i == 0 ? std::launch::deferred : std::launch::async,
                                     [&reference = references[i], &store] {
                                         return load_for_compare(reference, store, "", read_pace_json_fast, true);
                                     }));
    std::vector<Run> runs;
    runs.reserve(references.size());
    std::optional<InputError> first_error;
    for (std::future<Outcome<Run>>& pending : loading) {
        Outcome<Run> run = pending.get();  // every thread is joined, even after an error
        if (!run && !first_error) first_error = run.error();
        if (run) runs.push_back(std::move(*run));
    }
    if (first_error) return *first_error;
    return runs;
}

}  // namespace pace::cli
