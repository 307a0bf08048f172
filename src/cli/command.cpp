// SPDX-License-Identifier: Apache-2.0
#include "cli/command.hpp"

#include <algorithm>  // std::sort

namespace pace::cli {

namespace {

// Made on first use: the commands register from other files' static
// initialisers, whose order relative to this file's is unspecified.
std::vector<Command>& table() {
    static std::vector<Command> commands;
    return commands;
}

}  // namespace

RegisterCommand::RegisterCommand(Command command) { table().push_back(std::move(command)); }

std::vector<Command> registered_commands() {
    std::vector<Command> out = table();
    std::sort(out.begin(), out.end(),
              [](const Command& a, const Command& b) { return a.order != b.order ? a.order < b.order : a.name < b.name; });
    return out;
}

}  // namespace pace::cli
