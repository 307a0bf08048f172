// SPDX-License-Identifier: Apache-2.0
#include "report/messages.hpp"

#include <cstdio>  // std::fputs

namespace pace::report {

void print_error(const InputError& error) {
    std::string text = "pace: error: " + error.describe() + "\n";
    if (!error.hint.empty()) text += "hint: " + error.hint + "\n";
    std::fputs(text.c_str(), stderr);
}

void print_warning(const std::string& message, const std::string& hint) {
    std::string text = "pace: warning: " + message + "\n";
    if (!hint.empty()) text += "hint: " + hint + "\n";
    std::fputs(text.c_str(), stderr);
}

}  // namespace pace::report
