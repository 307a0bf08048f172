// SPDX-License-Identifier: Apache-2.0
// Benchmarking code that reaches outside its process: it asks a package index
// over HTTP and runs an external tool (`uv`). The index is a real local
// server (python3 -m http.server) started once for the run on a port pace
// picks; the tool is a shim with a fixed 2 ms delay, so its cost is known and
// the table's subprocess columns show how the time splits.
//
//     ./outside_world --tags all      (integration benchmarks are skipped by default)
#include <pace/pace.hpp>

#include <arpa/inet.h>   // htons
#include <netinet/in.h>  // sockaddr_in
#include <sys/socket.h>  // socket, connect
#include <unistd.h>      // read, write, close

#include <chrono>     // the shim's delay
#include <cstdio>     // popen: how the code under test runs its tool
#include <cstdlib>    // std::getenv
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string

using namespace std::chrono_literals;

namespace {

// ---- the code under test ----

// GET of an http://127.0.0.1:PORT/... URL; returns the status line.
std::string http_get_status(const std::string& url) {
    const std::string prefix = "http://127.0.0.1:";
    if (url.rfind(prefix, 0) != 0) throw std::runtime_error("not a local URL: " + url);
    const int port = std::stoi(url.substr(prefix.size()));
    const std::size_t slash = url.find('/', prefix.size());
    const std::string path = slash == std::string::npos ? "/" : url.substr(slash);
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    std::string reply;
    if (::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
        if (::write(s, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
            char buffer[4096];
            for (ssize_t got; (got = ::read(s, buffer, sizeof buffer)) > 0;)
                reply.append(buffer, static_cast<std::size_t>(got));
        }
    }
    ::close(s);
    return reply.substr(0, reply.find('\r'));
}

// Runs `uv pip compile` and reads how many packages it resolved.
int resolved_by_uv() {
    FILE* uv = ::popen("uv pip compile requirements.in 2>/dev/null", "r");
    if (!uv) throw std::runtime_error("cannot run uv");
    char line[256];
    int count = -1;
    while (std::fgets(line, sizeof line, uv)) std::sscanf(line, "Resolved %d packages", &count);
    if (::pclose(uv) != 0) throw std::runtime_error("uv failed");
    return count;
}

// What a resolver does: asks the index, then lets uv do the rest.
int resolve() {
    const char* index = std::getenv("PACKAGE_INDEX_URL");
    if (!index) throw std::runtime_error("PACKAGE_INDEX_URL is not set");
    if (http_get_status(index) != "HTTP/1.0 200 OK") throw std::runtime_error("the index did not answer 200");
    return resolved_by_uv();
}

// ---- the fixtures ----

// One server for the whole run: the benchmarks that use it share it, and it
// is stopped at the end of the run, even on Ctrl-C.
pace::Service package_index("package-index", pace::Lifetime::run,
                            {.command = {"python3", "-m", "http.server", "{port}", "--bind", "{host}"},
                             .environment = {{"PACKAGE_INDEX_URL", "{url}/"}}});

}  // namespace

PACE_BENCH("index/get", pace::tags("integration")) {
    const pace::Endpoint& index = bench.use(package_index);
    auto status = bench.measure([&] { return http_get_status(index.url + "/"); });
    PACE_CHECK(status == "HTTP/1.0 200 OK");
}

PACE_BENCH("resolve/uv_shim", pace::tags("integration")) {
    bench.use(package_index);  // sets PACKAGE_INDEX_URL for resolve()
    auto uv = pace::shim("uv", {.delay = 2ms, .stdout_text = "Resolved 3 packages in 2ms\n"});
    PACE_CHECK(bench.measure([] { return resolve(); }) == 3);
}

PACE_BENCH("resolve/parse_only") {
    // The same parsing without any process or server: the code's own share.
    auto count = bench.measure([] {
        int n = -1;
        std::sscanf("Resolved 3 packages in 2ms", "Resolved %d packages", &n);
        return n;
    });
    PACE_CHECK(count == 3);
}
