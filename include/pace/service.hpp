// SPDX-License-Identifier: Apache-2.0
// A local service as a fixture: a real server started on a free loopback
// port, waited for, handed to the benchmarks, and stopped at the end.
#pragma once

#include <chrono>    // std::chrono::milliseconds
#include <map>       // std::map
#include <optional>  // std::optional
#include <string>    // std::string
#include <utility>   // std::pair
#include <vector>    // std::vector

#include "pace/fixture.hpp"

namespace pace {

/// How to start a service. In `command` and in `environment` values,
/// `{port}` becomes the port pace picked, `{host}` 127.0.0.1 and `{url}`
/// `scheme://127.0.0.1:port`.
struct ServiceOptions {
    /// The program (looked up on PATH) and its arguments, e.g.
    /// {"python3", "-m", "http.server", "{port}", "--bind", "127.0.0.1"}.
    std::vector<std::string> command;
    /// Set in the benchmark process while the service runs (the code under
    /// test and the processes it starts read them), then restored. `no_proxy`
    /// and `NO_PROXY` always get 127.0.0.1 and localhost added.
    std::map<std::string, std::string> environment;
    /// How long the service may take to accept a TCP connection on its port.
    std::chrono::milliseconds startup_timeout{10'000};
    /// Between SIGTERM and SIGKILL when it is stopped.
    std::chrono::milliseconds stop_grace{2'000};
    /// The scheme of `url`.
    std::string scheme = "http";
};

/// Where a started service listens.
struct Endpoint {
    std::string host;  ///< "127.0.0.1"
    int port = 0;      ///< picked by pace, free when the service started
    std::string url;   ///< "http://127.0.0.1:40123"
    int pid = 0;       ///< the service's process (also its process group)
};

/// A fixture that runs a local server: it starts `options.command` on a free
/// port of 127.0.0.1, waits until the port accepts connections (failing the
/// benchmarks that use it, with the server's last output lines, when it does
/// not within the timeout), sets the environment, and at the end sends SIGTERM
/// to the server's process group, then SIGKILL after the grace period. The
/// server is killed with pace even when pace is killed. Not thread-safe.
///     pace::Service index("index", pace::Lifetime::run,
///                         {.command = {"python3", "-m", "http.server", "{port}", "--bind", "{host}"},
///                          .environment = {{"INDEX_URL", "{url}/simple"}}});
///     PACE_BENCH("resolve") { const pace::Endpoint& e = bench.use(index); ... }
class Service final : public detail::FixtureBase {
public:
    using value_type = const Endpoint;

    Service(std::string name, Lifetime lifetime, ServiceOptions options);
    ~Service() override;

    void* start() override;
    void stop() override;

private:
    ServiceOptions options_;
    Endpoint endpoint_;
    int output_fd_ = -1;
    /// Environment variables as they were before start(): empty means unset.
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_environment_;
};

}  // namespace pace
