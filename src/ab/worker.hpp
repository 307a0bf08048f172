// SPDX-License-Identifier: Apache-2.0
// One benchmark binary running as a `pace ab` worker: started with its two
// pipes, spoken to one line at a time with a deadline, and never left behind
// (killed with its driver, and on any error).
#pragma once

#include <sys/types.h>  // pid_t

#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "model/outcome.hpp"

namespace pace::ab {

class Worker {
public:
    /// `side` names it in errors ("base", "candidate").
    Worker(std::string side, std::string binary) : side_(std::move(side)), binary_(std::move(binary)) {}
    ~Worker() { kill_now(); }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    /// Starts the binary with `args`, pinned to `cpu` when it is >= 0. Its
    /// stdout and stderr go to a temporary file, shown in errors.
    std::optional<InputError> start(const std::vector<std::string>& args, int cpu);
    std::optional<InputError> send(const std::string& line);
    /// The next line it writes, or an error when it exits, writes nothing for `timeout_s`, or closes the pipe.
    Outcome<std::string> read_line(double timeout_s);
    Outcome<std::string> request(const std::string& line, double timeout_s);
    /// Asks it to quit, waits up to a second, then kills it.
    void stop();
    /// An error naming this side, the binary and the last lines it printed.
    InputError error(const std::string& message) const;
    const std::string& side() const { return side_; }

private:
    void kill_now();
    std::string side_, binary_;
    pid_t pid_ = -1;
    int to_worker_ = -1, from_worker_ = -1;
    int output_fd_ = -1;  ///< the worker's stdout and stderr, an unlinked temporary file
    std::string buffer_;
    std::string exit_description_;  ///< how it ended, once reaped
};

}  // namespace pace::ab
