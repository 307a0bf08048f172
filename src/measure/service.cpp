// SPDX-License-Identifier: Apache-2.0
// pace::Service: a local server as a fixture.
#include "pace/service.hpp"

#include <cstdlib>    // setenv, unsetenv
#include <stdexcept>  // std::runtime_error: a start that fails
#include <thread>     // std::this_thread::sleep_for

#include <fmt/format.h>  // messages

#include "measure/fixtures.hpp"  // interrupt_signal: Ctrl-C while waiting for the server
#include "platform/child_process.hpp"

namespace pace {

namespace {

std::string substitute(std::string text, const Endpoint& e) {
    auto replace = [&text](const std::string& key, const std::string& value) {
        for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
            text.replace(at, key.size(), value);
    };
    replace("{port}", std::to_string(e.port));
    replace("{host}", e.host);
    replace("{url}", e.url);
    return text;
}

std::string indented(const std::string& lines) {
    if (lines.empty()) return "  (it printed nothing)";
    std::string out = "  ";
    for (char c : lines) {
        out += c;
        if (c == '\n') out += "  ";
    }
    return out;
}

}  // namespace

Service::Service(std::string name, Lifetime lifetime, ServiceOptions options)
    : FixtureBase(std::move(name), lifetime), options_(std::move(options)) {}

Service::~Service() {
    // Static destruction after a run that somehow skipped its teardown.
    if (endpoint_.pid > 0) stop();
}

void* Service::start() {
    auto port = platform::pick_free_port();
    if (!port) throw std::runtime_error(port.error().message);
    endpoint_.host = "127.0.0.1";
    endpoint_.port = *port;
    endpoint_.url = fmt::format("{}://127.0.0.1:{}", options_.scheme, *port);
    std::vector<std::string> argv;
    for (const std::string& a : options_.command) argv.push_back(substitute(a, endpoint_));
    auto child = platform::start_child(argv);
    if (!child) throw std::runtime_error(child.error().message);
    platform::Child c = *child;
    const std::string program = argv.front();
    // Polled every 10 ms: a connect to a closed loopback port fails at once,
    // and servers take tens of milliseconds to start.
    const auto deadline = std::chrono::steady_clock::now() + options_.startup_timeout;
    while (!platform::accepts_connections(endpoint_.port)) {
        if (auto status = platform::exited(c)) {
            std::string lines = platform::last_lines(c, 10);
            platform::stop_child(c, options_.stop_grace);
            throw std::runtime_error(fmt::format("\"{}\" exited with status {} before accepting connections on "
                                                 "127.0.0.1:{}; its last output:\n{}",
                                                 program, *status, endpoint_.port, indented(lines)));
        }
        if (measure::interrupt_signal()) {
            platform::stop_child(c, options_.stop_grace);
            throw std::runtime_error("interrupted while waiting for \"" + program + "\" to accept connections");
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            std::string lines = platform::last_lines(c, 10);
            platform::stop_child(c, options_.stop_grace);
            throw std::runtime_error(fmt::format("\"{}\" did not accept connections on 127.0.0.1:{} within {} ms; "
                                                 "its last output:\n{}",
                                                 program, endpoint_.port, options_.startup_timeout.count(),
                                                 indented(lines)));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    endpoint_.pid = c.pid;
    output_fd_ = c.output_fd;

    auto set = [this](const std::string& name, const std::string& value) {
        const char* old = std::getenv(name.c_str());
        saved_environment_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
        ::setenv(name.c_str(), value.c_str(), 1);
    };
    for (const auto& [name, value] : options_.environment) set(name, substitute(value, endpoint_));
    // The code under test must not send its requests to a proxy.
    for (const char* name : {"no_proxy", "NO_PROXY"}) {
        const char* old = std::getenv(name);
        std::string value = old && *old ? std::string(old) + ",127.0.0.1,localhost" : "127.0.0.1,localhost";
        set(name, value);
    }
    return &endpoint_;
}

void Service::stop() {
    // Restored in reverse, so a variable set twice gets its first value back.
    for (auto it = saved_environment_.rbegin(); it != saved_environment_.rend(); ++it) {
        if (it->second)
            ::setenv(it->first.c_str(), it->second->c_str(), 1);
        else
            ::unsetenv(it->first.c_str());
    }
    saved_environment_.clear();
    platform::Child c{endpoint_.pid, output_fd_};
    platform::stop_child(c, options_.stop_grace);
    endpoint_.pid = 0;
    output_fd_ = -1;
}

}  // namespace pace
