// SPDX-License-Identifier: Apache-2.0
// Reading callgrind's dump files, and finding where callgrind writes them:
// pure text functions, apart from the process so they can be unit-tested.
#pragma once

#include <cstdint>      // std::int64_t
#include <functional>   // std::function
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

namespace pace::counters {

/// The instructions (event `Ir`) of one callgrind dump, from its `totals:` line
/// (or `summary:` when a dump has no totals). Empty when the text is not a
/// callgrind dump or does not count `Ir`.
///     auto ir = dump_instructions("events: Ir\n...\ntotals: 6004\n");  // 6004
std::optional<std::int64_t> dump_instructions(std::string_view text);

/// Expands valgrind's file-name template as valgrind does: `%p` is `pid`,
/// `%q{VAR}` the environment variable VAR (via `getenv`), `%%` a percent sign.
std::string expand_out_file(std::string_view pattern, long pid,
                            const std::function<std::optional<std::string>(const std::string&)>& getenv);

/// The value of the last `--callgrind-out-file=` among `args` (valgrind's own
/// arguments, before the program's name), or empty.
std::optional<std::string> out_file_option(const std::vector<std::string>& args);

/// Valgrind's own arguments from its command line as /proc gives it
/// (NUL-separated: `valgrind.bin`, its options, then the program and its
/// arguments): the options only, which are the arguments up to the first that
/// does not start with '-'.
std::vector<std::string> valgrind_options(std::string_view nul_separated_cmdline);

/// A dump file of `base` in its directory: `base.N` or, with
/// --separate-threads=yes, `base.N-T`. Returns N, or empty for other names.
std::optional<std::int64_t> dump_number(std::string_view file_name, std::string_view base_name);

}  // namespace pace::counters
